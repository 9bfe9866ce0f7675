// function-environment-configs beyond upstream's table: the errors its Go code produces for inputs
// and cluster states upstream does not test, and the function inside a pipeline, fed by the
// requirements loop, with function-patch-and-transform reading what it computed.
import { ENVIRONMENT_CONTEXT_KEY, environmentConfigs } from '../../../renderer/functions/function-environment-configs';
import { FunctionRunError, fetcherOver } from '../../../renderer/functions/required-resources';
import { runPipeline, defaultFunctions } from '../../../renderer/crossplane/crossplane';
import type { FunctionRequest, JsonObject } from '../../../renderer/types';

const EC = 'apiextensions.crossplane.io/v1beta1';
const INPUT = { apiVersion: 'environmentconfigs.fn.crossplane.io/v1beta1', kind: 'Input' };
const xr: JsonObject = { apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XThing', metadata: { name: 'x' }, spec: { claimRef: { namespace: 'team-a' } } };
const byNamespace = { type: 'Selector', selector: { mode: 'Single', matchLabels: [{ key: 'zerotrust.io/namespace', type: 'FromCompositeFieldPath', valueFromFieldPath: 'spec.claimRef.namespace' }] } };

function request(input: JsonObject, extra: Partial<FunctionRequest> = {}): FunctionRequest {
  return { observed: { composite: { resource: xr }, resources: {} }, desired: { composite: { resource: {} }, resources: {} }, input, ...extra };
}
const config = (name: string, ns: string, data: JsonObject): JsonObject => ({ apiVersion: EC, kind: 'EnvironmentConfig', metadata: { name, labels: { 'zerotrust.io/namespace': ns } }, data });

describe('function-environment-configs: errors of its own code', () => {
  test('a Single selector that matches nothing is Fatal with the function\'s message', () => {
    const rsp = environmentConfigs(request({ ...INPUT, spec: { environmentConfigs: [byNamespace] } }, { requiredResources: { 'environment-config-0': [] } }));
    expect(rsp.results).toEqual([{
      severity: 'Fatal',
      message: 'cannot get selected environment configs: cannot process environment config "environment-config-0" by selector: expected exactly one required resource, got 0',
    }]);
    expect(rsp.context).toBeUndefined();
  });

  test('a Single selector that matches two is Fatal too (no silent pick)', () => {
    const two = [config('a', 'team-a', {}), config('b', 'team-a', {})];
    const rsp = environmentConfigs(request({ ...INPUT, spec: { environmentConfigs: [byNamespace] } }, { requiredResources: { 'environment-config-0': two } }));
    expect(rsp.results[0]!.message).toMatch(/expected exactly one required resource, got 2$/);
  });

  test('a required label read from an XR field that is absent fails building the requirements', () => {
    const rsp = environmentConfigs({ ...request({ ...INPUT, spec: { environmentConfigs: [byNamespace] } }), observed: { composite: { resource: { metadata: { name: 'x' }, spec: {} } }, resources: {} } });
    expect(rsp.results).toEqual([{ severity: 'Fatal', message: 'cannot build requirements: cannot get value from field path "spec.claimRef.namespace": spec.claimRef: no such field' }]);
    expect(rsp.requirements).toBeUndefined();
  });

  test('the input is decoded strictly: an unknown or mis-cased key is Fatal before anything is requested', () => {
    const rsp = environmentConfigs(request({ ...INPUT, spec: { environmentConfigs: [{ type: 'Selector', selector: { mode: 'Single', matchlabels: [] } }] } }));
    expect(rsp.results).toEqual([{
      severity: 'Fatal',
      message: 'cannot get Function input from *v1.RunFunctionRequest: cannot get function input *v1beta1.Input from *v1.RunFunctionRequest: '
        + 'cannot unmarshal JSON from *structpb.Struct into *v1beta1.Input: json: cannot unmarshal Go value of type v1beta1.EnvironmentSourceSelector: unknown name "matchlabels"',
    }]);
  });

  test('maxMatch is a uint64: a negative value is refused as the decoder refuses it', () => {
    const rsp = environmentConfigs(request({ ...INPUT, spec: { environmentConfigs: [{ type: 'Selector', selector: { mode: 'Multiple', maxMatch: -1 } }] } }));
    expect(rsp.results[0]!.message).toMatch(/json: cannot unmarshal JSON number into Go value of type uint64: cannot parse "-1" as unsigned integer: invalid syntax$/);
  });

  test('an EnvironmentConfig without data cannot be merged', () => {
    const noData = { apiVersion: EC, kind: 'EnvironmentConfig', metadata: { name: 'empty' } };
    const rsp = environmentConfigs(request({ ...INPUT, spec: { environmentConfigs: [{ type: 'Reference', ref: { name: 'empty' } }] } }, { requiredResources: { 'environment-config-0': [noData] } }));
    expect(rsp.results[0]!.message).toBe('cannot merge environment data: cannot get data from environment config "empty": data: no such field');
  });

  test('inputs the Go code dereferences without a nil check crash the function: reported, not guessed around', () => {
    expect(() => environmentConfigs(request({ ...INPUT, spec: { environmentConfigs: [{ type: 'Reference' }] } }))).toThrow(FunctionRunError);
    expect(() => environmentConfigs(request({ ...INPUT, spec: { environmentConfigs: [{ type: 'Selector' }] } }))).toThrow('is a Selector without selector');
    expect(() => environmentConfigs(request({ ...INPUT, spec: { environmentConfigs: [{ type: 'Selector', selector: { matchLabels: [{ key: 'k', type: 'Value' }] } }] } })))
      .toThrow('is of type Value without value');
  });

  test('no environmentConfigs at all: nothing is requested and the context passes through', () => {
    const context = { [ENVIRONMENT_CONTEXT_KEY]: { a: 1 } };
    const rsp = environmentConfigs(request({ ...INPUT, spec: {} }, { context }));
    expect(rsp).toEqual({ desired: { composite: { resource: {} }, resources: {} }, results: [], context });
  });

  test('toFieldPaths whose data overlap merge in Go\'s random map order: the renderer refuses to pick one', () => {
    const input: JsonObject = { ...INPUT, spec: { environmentConfigs: [{ type: 'Reference', ref: { name: 'a' } }, { type: 'Reference', ref: { name: 'b' }, toFieldPath: 'x' }] } };
    const a = { apiVersion: EC, kind: 'EnvironmentConfig', metadata: { name: 'a' }, data: { x: 'scalar' } };
    const b = { apiVersion: EC, kind: 'EnvironmentConfig', metadata: { name: 'b' }, data: { y: 1 } };
    expect(() => environmentConfigs(request(input, { requiredResources: { 'environment-config-0': [a], 'environment-config-1': [b] } })))
      .toThrow('merges the toFieldPaths "", "x" in, which is Go\'s random map order');
  });

  test('an environment that names its own apiVersion and kind keeps them', () => {
    const data = { apiVersion: 'example.org/v1', kind: 'Mine', k: 'v' };
    const rsp = environmentConfigs(request({ ...INPUT, spec: { environmentConfigs: [{ type: 'Reference', ref: { name: 'a' } }] } }, {
      requiredResources: { 'environment-config-0': [{ apiVersion: EC, kind: 'EnvironmentConfig', metadata: { name: 'a' }, data }] },
    }));
    expect(rsp.context?.[ENVIRONMENT_CONTEXT_KEY]).toEqual(data);
  });
});

describe('function-environment-configs in a pipeline: Crossplane fetches, P&T reads the environment', () => {
  const composition: JsonObject = {
    apiVersion: 'apiextensions.crossplane.io/v1', kind: 'Composition', metadata: { name: 'c' },
    spec: {
      compositeTypeRef: { apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XThing' },
      mode: 'Pipeline',
      pipeline: [
        { step: 'environment-configs', functionRef: { name: 'crossplane-contrib-function-environment-configs' }, input: { ...INPUT, spec: { environmentConfigs: [byNamespace] } } },
        {
          step: 'patch-and-transform', functionRef: { name: 'crossplane-contrib-function-patch-and-transform' },
          input: {
            apiVersion: 'pt.fn.crossplane.io/v1beta1', kind: 'Resources',
            environment: { patches: [{ type: 'ToCompositeFieldPath', fromFieldPath: 'account.id', toFieldPath: 'status.account.id', policy: { fromFieldPath: 'Required' } }] },
            resources: [{
              name: 'bucket', base: { apiVersion: 's3.aws.upbound.io/v1beta1', kind: 'Bucket', spec: { forProvider: {} } },
              patches: [{ type: 'FromEnvironmentFieldPath', fromFieldPath: 'providerConfigName', toFieldPath: 'spec.providerConfigRef.name', policy: { fromFieldPath: 'Required' } }],
            }],
          },
        },
      ],
    },
  };
  const observed = { composite: { resource: xr }, resources: {} };
  const cluster = [config('zta-account-team-a', 'team-a', { account: { id: '111122223333' }, providerConfigName: 'zta-team-a' }), config('zta-account-team-b', 'team-b', { account: { id: '444455556666' }, providerConfigName: 'zta-team-b' })];

  test('the EnvironmentConfig labelled with the claim\'s namespace is the one composed resources read', () => {
    const out = runPipeline(composition, observed, defaultFunctions(), fetcherOver(() => cluster));
    expect(out.fatal).toBeUndefined();
    expect((out.desired.resources.bucket!.resource.spec as JsonObject).providerConfigRef).toEqual({ name: 'zta-team-a' });
    expect(out.desired.composite.resource.status).toEqual({ account: { id: '111122223333' } });
  });

  test('in a namespace no EnvironmentConfig binds, the first step is Fatal and nothing is composed', () => {
    const out = runPipeline(composition, observed, defaultFunctions(), fetcherOver(() => cluster.slice(1)));
    expect(out.fatal?.step).toBe('environment-configs');
    expect(out.fatal?.message).toBe('cannot get selected environment configs: cannot process environment config "environment-config-0" by selector: expected exactly one required resource, got 0');
    expect(out.desired.resources).toEqual({});
  });
});
