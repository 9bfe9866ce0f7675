// apiextensions-apiserver compilation_test.go TestCelCompilation, translated as data in
// test/fixtures/cel-cost/compilation-cel-compilation.json: compile errors, output types, oldSelf use.
import fixture from '../../fixtures/cel-cost/compilation-cel-compilation.json';
import { compileRules, type ValidationRule } from '../../../validator/cel-check/compile';
import { schemaDeclType } from '../../../validator/cel-check/decl-type';
import { kubernetesCelEnvironment, SUPPORTED_KUBERNETES_VERSIONS } from '../../../validator/cel-check/environment';

interface Expectation {
  error?: null;
  errorContains?: string;
  messageExpressionErrorContains?: string;
  usesOldSelf?: boolean;
  compiled?: boolean;
}
interface Case {
  name: string;
  schema: Record<string, unknown>;
  expected: Expectation[];
  expectedAt1_32?: Expectation[];
}

const cases = (fixture as { cases: Case[] }).cases;

describe.each(SUPPORTED_KUBERNETES_VERSIONS)('TestCelCompilation at Kubernetes %s', (version) => {
  const env = kubernetesCelEnvironment(version);

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const rules = c.schema['x-kubernetes-validations'] as ValidationRule[];
    const results = compileRules(rules, schemaDeclType(c.schema, false)!, env);
    const expected = version !== '1.31' && c.expectedAt1_32 ? c.expectedAt1_32 : c.expected;
    expect(results).toHaveLength(expected.length);
    results.forEach((r, i) => {
      const want = expected[i];
      if (want.error === null) {
        expect(r.error).toBeUndefined();
        expect(r.messageExpressionError).toBeUndefined();
      }
      if (want.errorContains !== undefined) expect(r.error).toContain(want.errorContains);
      if (want.messageExpressionErrorContains !== undefined) expect(r.messageExpressionError).toContain(want.messageExpressionErrorContains);
      if (want.usesOldSelf !== undefined) expect(r.usesOldSelf).toBe(want.usesOldSelf);
      if (want.compiled !== undefined) expect(r.compiled).toBe(want.compiled);
    });
  });

  it('reports errors with cel-go positions and snippets', () => {
    const schema = { type: 'integer', 'x-kubernetes-validations': [{ rule: 'size(self) == 10' }] };
    const [r] = compileRules([{ rule: 'size(self) == 10' }], schemaDeclType(schema, false)!, env);
    expect(r.error).toBe("compilation failed: ERROR: <input>:1:5: found no matching overload for 'size' applied to '(int)'\n | size(self) == 10\n | ....^");
  });
});
