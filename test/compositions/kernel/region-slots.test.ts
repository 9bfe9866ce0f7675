// Region slots: one per position of the bound allowedRegions, each composed only while it holds a
// region other than the home region; the condition is what function-cel-filter evaluates.
import { App, Chart } from 'cdk8s';
import { AnalyzerV1Beta2 } from '../../../imports/accessanalyzer.aws.upbound.io';
import { Role } from '../../../imports/iam.aws.upbound.io';
import { ComposedResource, ParameterRef, REGIONS, Schema, regionSlots } from '../../../compositions';
import { MAX_ALLOWED_REGIONS } from '../../../compositions/policy/scp';
import { compileFilterExpression, filterActivation } from '../../../renderer/functions/cel-filter-expression';
import type { JsonObject } from '../../../renderer/types';
import { scratchChart } from '../../support/scratch-chart';

const owner = new Chart(new App(), 'slots');
const allowed = ParameterRef.declared(owner, 'allowedRegions', Schema.array('Allowed regions.', Schema.string('A region.', { enum: REGIONS }), { maxItems: MAX_ALLOWED_REGIONS }));
const home = ParameterRef.declared(owner, 'region', Schema.string('Home region.', { enum: REGIONS }));
const slots = regionSlots(allowed, home);

function holds(expression: string, parameters: JsonObject): boolean {
  const compiled = compileFilterExpression(expression);
  if (!compiled.ok) throw new Error(compiled.error);
  const composite = { resource: { apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XIdentity', spec: { parameters } } };
  const r = compiled.evaluate(filterActivation({ observed: { composite, resources: {} }, desired: { composite, resources: {} } }));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('regionSlots', () => {
  test(`one slot per position of allowedRegions (${MAX_ALLOWED_REGIONS}), named Region<i>, in the region at that position`, () => {
    expect(slots.map((s) => s.name('accessAnalyzer'))).toEqual([0, 1, 2, 3, 4, 5].map((i) => `accessAnalyzerRegion${i}`));
    expect(slots[3]!.region).toBe('${xr:spec.parameters.allowedRegions[3]}');
  });

  test('a slot holds while its position names a region other than home; never for home, a missing position or a missing list', () => {
    const params = { region: 'eu-central-1', allowedRegions: ['eu-west-1', 'eu-central-1'] };
    expect(slots.map((s) => holds(s.condition.expression, params))).toEqual([true, false, false, false, false, false]);
    expect(slots.map((s) => holds(s.condition.expression, { region: 'eu-west-1', allowedRegions: ['eu-west-1'] }))).toEqual([false, false, false, false, false, false]);
    expect(holds(slots[0]!.condition.expression, { region: 'eu-west-1' })).toBe(false);
  });

  test('throws if the allowed regions can hold another number of regions than the onboarding allows', () => {
    const seven = ParameterRef.declared(owner, 'allowedRegions', Schema.array('Allowed regions.', Schema.string('A region.', { enum: REGIONS }), { maxItems: 7 }));
    expect(() => regionSlots(seven, home)).toThrow('spec.parameters.allowedRegions: region slots need maxItems 6 (the onboarding\'s limit), got 7');
  });
});

describe('ComposedResource region', () => {
  test('a given region replaces the region patch set: a literal stays in the base, a token becomes a patch', () => {
    const fixed = new ComposedResource(scratchChart(), { name: 'fixed', kind: AnalyzerV1Beta2, region: 'us-east-1', forProvider: { type: 'ACCOUNT' } }).toTemplate('identity');
    expect(((fixed.base as JsonObject).spec as JsonObject).forProvider).toEqual(expect.objectContaining({ region: 'us-east-1' }));
    expect(fixed.patches).not.toContainEqual({ type: 'PatchSet', patchSetName: 'region' });
    const slot = new ComposedResource(scratchChart(), { name: 'slot', kind: AnalyzerV1Beta2, region: slots[2]!.region, forProvider: { type: 'ACCOUNT' } }).toTemplate('identity');
    expect(slot.patches).toContainEqual({ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.parameters.allowedRegions[2]', toFieldPath: 'spec.forProvider.region', policy: { fromFieldPath: 'Required' } });
    const home = new ComposedResource(scratchChart(), { name: 'home', kind: AnalyzerV1Beta2, forProvider: { type: 'ACCOUNT' } }).toTemplate('identity');
    expect(home.patches).toContainEqual({ type: 'PatchSet', patchSetName: 'region' });
  });

  test('throws if a region is given to a global kind', () => {
    expect(() => new ComposedResource(scratchChart(), { name: 'role', kind: Role, region: 'us-east-1', forProvider: {} })).toThrow(
      "composed resource 'role': 'region' is set to 'us-east-1', but Role has no spec.forProvider.region (a global kind)",
    );
  });
});
