// P&T prepares (decodes, validates, resolves PatchSets of) each distinct input once per process:
// a cached input must give the same answer the second time and must not be changed by a run.
import type { FunctionRequest, JsonObject } from '../../../renderer/types';
import { patchAndTransform } from '../../../renderer/functions/function-patch-and-transform';

const XR: JsonObject = { apiVersion: 'example.org/v1', kind: 'XR', spec: { tags: { team: 'a' } } };
const CD: JsonObject = { apiVersion: 'example.org/v1', kind: 'CD', spec: { size: { base: 'b' } } };

// The same input object every call, as the pipeline hands it (crossplane.ts stepInput).
const inputs = new Map<JsonObject, JsonObject>();

function request(input: JsonObject): FunctionRequest {
  if (!inputs.has(input)) inputs.set(input, { apiVersion: 'pt.fn.crossplane.io/v1beta1', kind: 'Resources', ...input });
  return {
    input: inputs.get(input)!,
    observed: { composite: { resource: structuredClone(XR) }, resources: {} },
    desired: { composite: { resource: structuredClone(XR) }, resources: {} },
  };
}

describe('P&T input cache', () => {
  test('a second run of the same input renders the same resource, and the first run left the template alone', () => {
    const input: JsonObject = {
      patchSets: [{ name: 'tags', patches: [{ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.tags', toFieldPath: 'spec.tags' }] }],
      resources: [{ name: 'cd', base: CD, patches: [{ type: 'PatchSet', patchSetName: 'tags' }, { type: 'FromCompositeFieldPath', fromFieldPath: 'spec.tags.team', toFieldPath: 'spec.tags.owner' }] }],
    };
    const first = patchAndTransform(request(input));
    const resource = first.desired.resources.cd!.resource;
    expect(resource.spec).toEqual({ size: { base: 'b' }, tags: { team: 'a', owner: 'a' } });
    // Changing the first run's output must not reach the cached template.
    (resource.spec as { size: Record<string, string> }).size.base = 'changed';
    (resource.spec as { tags: Record<string, string> }).tags.team = 'changed';
    const second = patchAndTransform(request(input));
    expect(second.desired.resources.cd!.resource.spec).toEqual({ size: { base: 'b' }, tags: { team: 'a', owner: 'a' } });
  });

  test('a fatal input is fatal with the same message every time', () => {
    const bad: JsonObject = { resources: [{ name: 'cd', base: CD, patches: [{ type: 'PatchSet', patchSetName: 'missing' }] }] };
    const messages = [1, 2].map(() => patchAndTransform(request(bad)).results.map((r) => `${r.severity}: ${r.message}`));
    expect(messages[0]).toEqual(['Fatal: cannot resolve PatchSets: cannot find PatchSet by name missing']);
    expect(messages[1]).toEqual(messages[0]);
  });
});
