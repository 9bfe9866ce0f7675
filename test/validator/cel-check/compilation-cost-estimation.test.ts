// apiextensions-apiserver compilation_test.go TestCostEstimation, translated as data in
// test/fixtures/cel-cost/compilation-cost-estimation.json: the MaxCost of one rule per schema.
import fixture from '../../fixtures/cel-cost/compilation-cost-estimation.json';
import { compileRules } from '../../../validator/cel-check/compile';
import { schemaDeclType } from '../../../validator/cel-check/decl-type';
import { kubernetesCelEnvironment, SUPPORTED_KUBERNETES_VERSIONS } from '../../../validator/cel-check/environment';

interface Variant {
  schema: Record<string, unknown>;
  expectedMaxCost: string | null;
  expectedMaxCostAtLeast: string | null;
}
interface Case {
  name: string;
  /** the case exists upstream from this release on */
  sinceKubernetes?: string;
  calc: Variant;
  set: Variant;
}

const minor = (version: string): number => Number(version.split('.')[1]);
const casesAt = (version: string) =>
  (fixture as { cases: Case[] }).cases
    .filter((c) => c.sinceKubernetes === undefined || minor(version) >= minor(c.sinceKubernetes))
    .flatMap((c) => [[`${c.name} / calc maxLength`, c.calc] as const, [`${c.name} / set maxLength`, c.set] as const]);

describe.each(SUPPORTED_KUBERNETES_VERSIONS)('TestCostEstimation at Kubernetes %s', (version) => {
  const env = kubernetesCelEnvironment(version);

  it.each(casesAt(version))('%s', (_name, v) => {
    const rules = (v.schema['x-kubernetes-validations'] as { rule: string }[]).map((r) => ({ rule: r.rule }));
    const declType = schemaDeclType(v.schema, false, { intOrStringHonorsMaxLength: env.intOrStringHonorsMaxLength });
    expect(declType).toBeDefined();
    const [result] = compileRules(rules, declType!, env);
    expect(result.error).toBeUndefined();
    expect(result.compiled).toBe(true);
    if (v.expectedMaxCost !== null) expect(result.maxCost).toBe(BigInt(v.expectedMaxCost));
    if (v.expectedMaxCostAtLeast !== null) expect(result.maxCost >= BigInt(v.expectedMaxCostAtLeast)).toBe(true);
  });
});
