// XZeroTrustAccount (charts/zero-trust-account.ts), the composite the ZeroTrustAccount claim creates, over
// three test domains: what its XRD offers (the claim, a parameter section per domain, the bound account
// in status and the printer columns) and how its Composition wires each domain: the claim's section
// merged in, then the binding (never the claim) for the account, inputs from another domain's status
// or computed from the binding, values derived from the domain's own section, outputs republished
// under the domain's key. The real package's wiring is in the synth snapshot and in every example
// rendered through dist/ (test/renderer/).
import { App } from 'cdk8s';
import type { Construct } from 'constructs';
import { Role } from '../../imports/iam.aws.upbound.io';
import { ComposedResource, DomainChart, Params, Schema, Transforms } from '../../compositions';
import { ZeroTrustAccountChart } from '../../charts/zero-trust-account';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

type Json = Record<string, any>;

/** Publishes keyArn; one optional parameter, so its section defaults to {}. */
class KeysDomain extends DomainChart {
  public constructor(scope: Construct) {
    super(scope, 'keys', { kind: 'XTestKeys', domain: 'keys', description: 'test producer' });
    this.parameter('rotationDays', Schema.integer('Days between rotations.', { minimum: 90, maximum: 2560 }));
    const key = new ComposedResource(this, { name: 'keyRole', kind: Role, forProvider: { assumeRolePolicy: '{}' } });
    key.publish('keyArn', 'status.atProvider.arn', Schema.arn('ARN of the test key.'));
  }
}

/** Reads the producer's output, a value computed from the binding, a bound parameter and two derived values. */
class ConsumerDomain extends DomainChart {
  public constructor(scope: Construct, from = 'keys') {
    super(scope, 'consumer', { kind: 'XTestConsumer', domain: 'consumer', description: 'test consumer' });
    this.parameter('retention', Schema.integer('Retention in days.', { minimum: 1, maximum: 3653 }), { required: true });
    this.parameter('names', Schema.array('Names.', Schema.string('A name.', { maxLength: 20 }), { maxItems: 5 }));
    this.bound('organizationId', Schema.string('Organization.', { maxLength: 34 }), 'organization.id');
    this.input('keyArn', Schema.arn('ARN of the key (from the keys domain).'), { domain: from, statusField: 'keyArn' });
    this.input('boundaryArn', Schema.arn('ARN of the boundary (computed).'), {
      domain: from, statusField: 'boundaryArn', computed: `arn:aws:iam::${Params.accountId}:policy/zta-boundary-${Params.environmentSuffix}`,
    });
    this.derivedInput('namesJson', Schema.string('The names as JSON.', { maxLength: 200 }), { parameter: 'names', transforms: [Transforms.toJson()], optional: true });
    this.derivedInput('retentionText', Schema.string('The retention as text.', { maxLength: 4 }), { parameter: 'retention', transforms: [Transforms.convert('string')] });
  }
}

/** No parameters and no outputs. */
class EmptyDomain extends DomainChart {
  public constructor(scope: Construct) {
    super(scope, 'empty', { kind: 'XTestEmpty', domain: 'empty', description: 'test domain without parameters' });
  }
}

const app = new App();
const account = new ZeroTrustAccountChart(app, 'account', [new KeysDomain(app), new ConsumerDomain(app), new EmptyDomain(app)]);
const objects = account.toJson() as Json[];
const xrd = objects.find((o) => o.kind === 'CompositeResourceDefinition')!;
const composition = objects.find((o) => o.kind === 'Composition')!;
const version = xrd.spec.versions[0];
const parameters = version.schema.openAPIV3Schema.properties.spec.properties.parameters;
const status = version.schema.openAPIV3Schema.properties.status;
const pt = composition.spec.pipeline.find((s: Json) => s.functionRef.name === 'crossplane-contrib-function-patch-and-transform').input;
const template = (name: string): Json => pt.resources.find((r: Json) => r.name === name);
/** A patch as one line: type, from, to, policy (so a wrong order or a missing Required shows in the diff). */
const line = (p: Json): string => [
  p.type, p.patchSetName ?? p.fromFieldPath ?? `${p.combine?.string.fmt} <- ${p.combine?.variables.map((v: Json) => v.fromFieldPath).join(',')}`,
  p.toFieldPath, p.policy?.fromFieldPath ?? p.policy?.toFieldPath, p.transforms?.map((t: Json) => t.type).join(','),
].filter((x) => x !== undefined && x !== '').join(' ');

describe('the XRD', () => {
  test('offers the namespaced claim ZeroTrustAccount, with the bound account in status and as printer columns', () => {
    expect(xrd.spec.names.kind).toBe('XZeroTrustAccount');
    expect(xrd.spec.claimNames).toEqual({ kind: 'ZeroTrustAccount', plural: 'zerotrustaccounts' });
    expect(version.additionalPrinterColumns).toEqual([
      { name: 'ACCOUNT', type: 'string', jsonPath: '.status.account.id' },
      { name: 'REGION', type: 'string', jsonPath: '.status.account.region' },
      { name: 'ENVIRONMENT', type: 'string', jsonPath: '.status.account.environment' },
    ]);
    expect(Object.keys(status.properties.account.properties).sort()).toEqual(['environment', 'id', 'namespace', 'region']);
  });

  test('one parameter section per domain that has parameters: required when the domain requires one, else defaulted to {}', () => {
    const sections = Object.keys(parameters.properties).filter((k) => !['managementPolicies', 'deletionPolicy', 'tags'].includes(k));
    expect(sections.sort()).toEqual(['consumer', 'keys']);
    expect(parameters.required).toEqual(['consumer']);
    expect(parameters.properties.keys).toMatchObject({ type: 'object', default: {} });
    expect(parameters.properties.keys.required).toBeUndefined();
    expect(parameters.properties.consumer.required).toEqual(['retention']);
    expect(parameters.properties.consumer.default).toBeUndefined();
  });

  test('a section holds only what the claim may set: no bound, input or derived parameter, no account parameter', () => {
    expect(Object.keys(parameters.properties.consumer.properties).sort()).toEqual(['names', 'retention']);
    for (const p of ['accountId', 'region', 'environmentSuffix', 'providerConfigName']) expect(parameters.properties[p]).toBeUndefined();
  });

  test('each domain\'s outputs appear in status under the domain\'s key', () => {
    expect(status.properties.keys.properties.keyArn.type).toBe('string');
    expect(status.properties.consumer).toBeUndefined();
  });
});

describe('the Composition', () => {
  test('reads the binding first (function-environment-configs), then composes one nested composite per domain, in order', () => {
    expect(composition.spec.pipeline.map((s: Json) => s.step)).toEqual(['environment-configs', 'patch-and-transform', 'auto-ready']);
    expect(pt.resources.map((r: Json) => [r.name, r.base.kind, r.base.apiVersion])).toEqual([
      ['keys', 'XTestKeys', 'aws.zerotrust.io/v1alpha1'], ['consumer', 'XTestConsumer', 'aws.zerotrust.io/v1alpha1'], ['empty', 'XTestEmpty', 'aws.zerotrust.io/v1alpha1'],
    ]);
    expect(pt.patchSets.map((s: Json) => s.name)).toEqual(expect.arrayContaining(['lifecycle-parameters', 'bound-account']));
    const bound = pt.patchSets.find((s: Json) => s.name === 'bound-account').patches.map(line);
    expect(bound).toEqual([
      'FromEnvironmentFieldPath account.id spec.parameters.accountId Required',
      'FromEnvironmentFieldPath account.region spec.parameters.region Required',
      'FromEnvironmentFieldPath account.environment spec.parameters.environmentSuffix Required',
      'FromEnvironmentFieldPath providerConfigName spec.parameters.providerConfigName Required',
    ]);
  });

  test('a domain gets the lifecycle parameters, its claim section merged, then the binding over it, then its inputs and derived values', () => {
    expect(template('consumer').patches.map(line)).toEqual([
      'PatchSet lifecycle-parameters',
      'FromCompositeFieldPath spec.parameters.consumer spec.parameters MergeObjects',
      'PatchSet bound-account',
      'FromEnvironmentFieldPath organization.id spec.parameters.organizationId Required',
      'FromCompositeFieldPath status.keys.keyArn spec.parameters.keyArn Required',
      'CombineFromEnvironment arn:aws:iam::%v:policy/zta-boundary-%v <- account.id,account.environment spec.parameters.boundaryArn Required',
      'FromCompositeFieldPath spec.parameters.consumer.names spec.parameters.namesJson string',
      'FromCompositeFieldPath spec.parameters.consumer.retention spec.parameters.retentionText Required convert',
    ]);
  });

  test('a domain without parameters gets no section to merge; a domain\'s outputs are copied to status.<domain>', () => {
    expect(template('empty').patches.map(line)).toEqual(['PatchSet lifecycle-parameters', 'PatchSet bound-account']);
    expect(template('keys').patches.map(line)).toEqual([
      'PatchSet lifecycle-parameters',
      'FromCompositeFieldPath spec.parameters.keys spec.parameters MergeObjects',
      'PatchSet bound-account',
      'ToCompositeFieldPath status.keyArn status.keys.keyArn',
    ]);
  });

  test('refuses a domain input from a domain it does not compose, naming the domain, the input and the missing domain', () => {
    const a = new App();
    expect(() => new ZeroTrustAccountChart(a, 'account', [new ConsumerDomain(a, 'vault')])).toThrow("XTestConsumer: input 'keyArn' comes from unknown domain 'vault'");
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('zero-trust-account'), () => expect(synthChart('zero-trust-account')).toMatchSnapshot());
