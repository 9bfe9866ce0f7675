import type { FunctionRequest, JsonObject, ResourceState } from '../../../renderer/types';
import { Ready } from '../../../renderer/types';
import { autoReady } from '../../../renderer/functions/function-auto-ready';

const XR: JsonObject = { apiVersion: 'example.org/v1', kind: 'XR' };
const bucket = (conditions?: JsonObject[]): JsonObject => ({
  apiVersion: 's3.aws.m.upbound.io/v1beta1',
  kind: 'Bucket',
  ...(conditions ? { status: { conditions } } : {}),
});
const readyTrue = [{ type: 'Ready', status: 'True' }];

function request(desired: Record<string, ResourceState>, observed: Record<string, ResourceState>): FunctionRequest {
  return { observed: { composite: { resource: XR }, resources: observed }, desired: { composite: { resource: XR }, resources: desired } };
}

describe('autoReady', () => {
  test('an observed resource with Ready=True becomes READY_TRUE', () => {
    const rsp = autoReady(request({ b: { resource: bucket() } }, { b: { resource: bucket(readyTrue) } }));
    expect(rsp.desired.resources.b).toEqual({ resource: bucket(), ready: Ready.True });
    expect(rsp.results).toEqual([]);
  });

  test('a resource that is not observed yet is never marked ready', () => {
    const rsp = autoReady(request({ b: { resource: bucket(readyTrue) } }, {}));
    expect(rsp.desired.resources.b).toEqual({ resource: bucket(readyTrue) });
  });

  test('an observed resource whose Ready condition is not True stays unspecified', () => {
    const rsp = autoReady(request({ b: { resource: bucket() } }, { b: { resource: bucket([{ type: 'Ready', status: 'False' }]) } }));
    expect(rsp.desired.resources.b!.ready).toBeUndefined();
  });

  test('readiness set by an earlier function is left alone', () => {
    const rsp = autoReady(
      request(
        { f: { resource: bucket(), ready: Ready.False }, u: { resource: bucket(), ready: Ready.Unspecified } },
        { f: { resource: bucket(readyTrue) }, u: { resource: bucket(readyTrue) } },
      ),
    );
    expect(rsp.desired.resources.f!.ready).toBe(Ready.False);
    expect(rsp.desired.resources.u!.ready).toBe(Ready.True);
  });

  test('ConfigMap, Secret and ServiceAccount are ready once they exist (built-in health checks)', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } };
    const rsp = autoReady(request({ cm: { resource: cm }, d: { resource: deployment } }, { cm: { resource: cm }, d: { resource: deployment } }));
    expect(rsp.desired.resources.cm!.ready).toBe(Ready.True);
    expect(rsp.desired.resources.d!.ready).toBeUndefined();
  });

  test('the desired composite and context pass through', () => {
    const req = request({}, {});
    req.context = { k: 'v' };
    const rsp = autoReady(req);
    expect(rsp.desired.composite).toBe(req.desired.composite);
    expect(rsp.context).toEqual({ k: 'v' });
  });
});
