// The function input CRDs written as facts (scripts/function-input-crds.ts) against the Go types the
// renderer decodes the same input with (renderer/functions/environment-configs-input.ts): two translations of
// one upstream API that must name the same fields, except where the upstream release itself drifts.
import { environmentConfigsInputCrd } from '../../scripts/function-input-crds';
import { Input, type GoType } from '../../renderer/functions/environment-configs-input';
import { Validator } from '../../validator/validate';

type Schema = { properties?: Record<string, Schema>; items?: Schema; additionalProperties?: Schema | boolean };

function schemaPaths(s: Schema, at: string, out: Set<string>): Set<string> {
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    const p = at ? `${at}.${k}` : k;
    out.add(p);
    if (p !== 'metadata') schemaPaths(v, p, out);
  }
  if (s.items) schemaPaths(s.items, `${at}[]`, out);
  return out;
}

function goPaths(t: GoType, at: string, out: Set<string>): Set<string> {
  if (t.kind === 'ptr') return goPaths(t.elem, at, out);
  if (t.kind === 'slice') return goPaths(t.elem, `${at}[]`, out);
  if (t.kind !== 'struct') return out;
  for (const [k, v] of Object.entries(t.fields())) {
    const p = at ? `${at}.${k}` : k;
    out.add(p);
    if (p !== 'metadata') goPaths(v, p, out);
  }
  return out;
}

describe('function-environment-configs v0.7.1 input CRD, written as facts', () => {
  const schema = environmentConfigsInputCrd.spec.versions[0]!.schema!.openAPIV3Schema as Schema;
  const fromSchema = schemaPaths(schema, '', new Set());
  const fromGo = goPaths(Input, '', new Set());

  test('names every field of the Go type, except toFieldPath, which the v0.7.1 CRD was released without', () => {
    expect([...fromGo].filter((p) => !fromSchema.has(p))).toEqual(['spec.environmentConfigs[].toFieldPath']);
    expect([...fromSchema].filter((p) => !fromGo.has(p))).toEqual([]);
    expect(fromSchema.size).toBe(22);
  });

  test('is in the validator\'s bundle: an input of the package\'s shape validates, a misspelt field is named', () => {
    const v = Validator.fromBundle();
    const input = {
      apiVersion: 'environmentconfigs.fn.crossplane.io/v1beta1', kind: 'Input',
      spec: { environmentConfigs: [{ type: 'Selector', selector: { mode: 'Single', matchLabels: [{ key: 'zerotrust.io/namespace', type: 'FromCompositeFieldPath', valueFromFieldPath: 'spec.claimRef.namespace' }] } }] },
    };
    expect(v.validate(input)).toEqual([]);
    const bad = { ...input, spec: { environmentConfigs: [{ type: 'Selector', selector: { mode: 'Singel' } }] } };
    expect(v.validate(bad).map((p) => `${p.path} ${p.message}`)).toEqual([expect.stringMatching(/^\.spec\.environmentConfigs\[0\]\.selector\.mode .*Single.*Multiple/)]);
  });
});
