// apiextensions-apiserver compilation_test.go TestCostEstimation, translated as data in
// test/fixtures/cel-cost/compilation-cost-estimation.json: the MaxCost of one rule per schema.
import fixture from '../../fixtures/cel-cost/compilation-cost-estimation.json';
import { compileRules } from '../../../validator/cel-check/compile';
import { schemaDeclType } from '../../../validator/cel-check/decl-type';
import { kubernetesCelEnvironment } from '../../../validator/cel-check/environment';

interface Variant {
  schema: Record<string, unknown>;
  expectedMaxCost: string | null;
  expectedMaxCostAtLeast: string | null;
}
interface Case {
  name: string;
  calc: Variant;
  set: Variant;
}

const cases = (fixture as { cases: Case[] }).cases.flatMap((c) => [
  [`${c.name} / calc maxLength`, c.calc] as const,
  [`${c.name} / set maxLength`, c.set] as const,
]);

describe.each(['1.31', '1.32'])('TestCostEstimation at Kubernetes %s', (version) => {
  const env = kubernetesCelEnvironment(version);

  it.each(cases)('%s', (_name, v) => {
    const rules = (v.schema['x-kubernetes-validations'] as { rule: string }[]).map((r) => ({ rule: r.rule }));
    const declType = schemaDeclType(v.schema, false);
    expect(declType).toBeDefined();
    const [result] = compileRules(rules, declType!, env);
    expect(result.error).toBeUndefined();
    expect(result.compiled).toBe(true);
    if (v.expectedMaxCost !== null) expect(result.maxCost).toBe(BigInt(v.expectedMaxCost));
    if (v.expectedMaxCostAtLeast !== null) expect(result.maxCost >= BigInt(v.expectedMaxCostAtLeast)).toBe(true);
  });
});
