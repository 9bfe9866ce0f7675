// Admission CEL: compilation in the admission environment (compile_test.go), evaluation with the
// runtime limits (filter_test.go TestFilter, TestRuntimeCELCostBudget) and composited variables
// (composition_test.go), all from upstream's cases in test/fixtures/admission.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AdmissionAttributes, JsonObject, UserInfo } from '../../../validator/admission/api';
import { AdmissionCompiler, type ReturnType } from '../../../validator/admission/cel-compile';
import { type AuthorizationAttributes, type AuthorizationDecision, authorizerFor } from '../../../validator/admission/cel-runtime';
import { admissionRequestObject, namespaceObject } from '../../../validator/admission/dispatcher';
import { CelFilter, type ExpressionAccessor, FilterError, type FilterInputs, RUNTIME_CEL_COST_BUDGET } from '../../../validator/admission/filter';

const fixture = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'admission', name), 'utf8')) as T;

describe('CompileCELExpression (compile_test.go)', () => {
  const { cases } = fixture<{ cases: { source: string; expressions: string[]; hasParams: boolean; hasAuthorizer: boolean; errorExpressions: Record<string, string> }[] }>('compile.json');
  const compiler = new AdmissionCompiler('1.31', {}, false);
  const compile = (text: string, c: { hasParams: boolean; hasAuthorizer: boolean }, types: ReturnType[]) => compiler.compile(text, { hasParams: c.hasParams, hasAuthorizer: c.hasAuthorizer }, types);
  const rows = cases.flatMap((c) => [
    ...c.expressions.map((e) => [`${c.source}: ${e}`, c, e, undefined] as const),
    ...Object.entries(c.errorExpressions).map(([e, err]) => [`${c.source}: ${e}`, c, e, err] as const),
  ]);
  test.each(rows)('%s', (_name, c, expression, expectErr) => {
    for (const [text, types] of [[expression, ['bool']], [`string(${expression})`, ['string', 'null_type']]] as const) {
      const r = compile(text, c, [...types]);
      if (expectErr === undefined) expect(r.error).toBeUndefined();
      else expect(r.error?.detail).toContain(expectErr);
    }
  });

  test('return types: a non-bool validation and the wording of 1.31 and of 1.32+', () => {
    expect(new AdmissionCompiler('1.31', {}, false).compile('6', { hasParams: false, hasAuthorizer: true }, ['bool']).error).toEqual({ type: 'Invalid', detail: 'must evaluate to bool' });
    expect(new AdmissionCompiler('1.32', {}, false).compile('6', { hasParams: false, hasAuthorizer: true }, ['bool']).error).toEqual({ type: 'Invalid', detail: 'must evaluate to bool but got int' });
    expect(new AdmissionCompiler('1.31', {}, false).compile('true', { hasParams: false, hasAuthorizer: true }, ['string', 'null_type']).error?.detail).toBe('must evaluate to one of [string null_type]');
    // a dyn result is not a bool: admission expressions on untyped objects need a comparison or has()
    expect(new AdmissionCompiler('1.31', {}, false).compile('object.spec.enabled', { hasParams: false, hasAuthorizer: true }, ['bool']).error?.detail).toBe('must evaluate to bool');
  });
});

interface AuthorizerFixture {
  match?: Record<string, unknown>;
  allow?: AuthorizationDecision;
  default: AuthorizationDecision;
  user?: UserInfo;
}

/** upstream's fakeAuthorizer: the configured decision when the whole attributes record matches */
function fakeAuthorizer(f: AuthorizerFixture): (a: AuthorizationAttributes) => AuthorizationDecision {
  return (a) => {
    if (!f.match) return f.default;
    const got = { resourceRequest: a.resourceRequest, verb: a.verb, apiGroup: a.apiGroup ?? '', apiVersion: a.apiVersion ?? '', resource: a.resource ?? '', subresource: a.subresource ?? '', namespace: a.namespace ?? '', name: a.name ?? '', path: a.path ?? '' };
    const user = { username: a.user.username ?? '', groups: [...(a.user.groups ?? [])] };
    const wantUser = { username: f.user?.username ?? '', groups: [...(f.user?.groups ?? [])] };
    return JSON.stringify(got) === JSON.stringify(f.match) && JSON.stringify(user) === JSON.stringify(wantUser) ? f.allow! : f.default;
  };
}

interface FilterCase {
  source: string;
  validations: string[];
  attributes: AdmissionAttributes;
  results?: { value?: unknown; error?: string }[];
  hasParamKind: boolean;
  params: JsonObject | null;
  authorizer?: AuthorizerFixture;
  perCallLimit?: number;
  namespace?: JsonObject;
  budget?: number;
  exceedBudget?: boolean;
  expectRemainingBudget?: number;
}

function filterFor(c: FilterCase, compiler = new AdmissionCompiler('1.31', {}, false)) {
  const decls = { hasParams: c.hasParamKind, hasAuthorizer: c.authorizer !== undefined || c.budget !== undefined };
  const expressions = c.validations.map((e) => ({ accessor: { expression: e, returnTypes: ['bool'] } as ExpressionAccessor, compilation: compiler.compile(e, decls, ['bool']) }));
  return new CelFilter(expressions, c.perCallLimit !== undefined ? { perCallLimit: BigInt(c.perCallLimit) } : {});
}

function inputsFor(c: Pick<FilterCase, 'attributes' | 'params' | 'authorizer' | 'namespace'>): FilterInputs {
  const a = c.attributes;
  return {
    attributes: a,
    request: admissionRequestObject(a, a.resource, a.kind),
    params: c.params,
    namespace: c.namespace ? namespaceObject(c.namespace) : null,
    ...(c.authorizer ? { authorizer: authorizerFor(a.userInfo ?? {}, fakeAuthorizer(c.authorizer), { group: a.resource.group, resource: a.resource.resource, subresource: a.subresource ?? '', namespace: a.namespace, name: a.name }) } : {}),
  };
}

describe('filter.ForInput (filter_test.go)', () => {
  const { filter, budget } = fixture<{ filter: FilterCase[]; budget: FilterCase[] }>('filter.json');

  test.each(filter.map((c) => [c.source, c] as const))('%s', (_s, c) => {
    const { results } = filterFor(c).forInput(inputsFor(c), RUNTIME_CEL_COST_BUDGET);
    expect(results).toHaveLength(c.results!.length);
    c.results!.forEach((want, i) => {
      if (want.error !== undefined) expect(results[i]!.error).toContain(want.error);
      else expect([results[i]!.error, results[i]!.value]).toEqual([undefined, want.value]);
    });
  });

  test.each(budget.map((c) => [c.source, c] as const))('%s', (_s, c) => {
    const run = () => filterFor(c).forInput(inputsFor(c), BigInt(c.budget!));
    if (c.exceedBudget) {
      expect(run).toThrow(FilterError);
      expect(run).toThrow('validation failed due to running out of cost budget, no further validation rules will be run');
    } else {
      expect(run().remaining).toBe(BigInt(c.expectRemainingBudget!));
    }
  });
});

describe('composited variables (composition_test.go TestCompositedPolicies)', () => {
  const { attributes, cases } = fixture<{ attributes: AdmissionAttributes; cases: { source: string; variables: [string, string][]; expression: string; expectedResult?: unknown; expectedErrorMessage?: string; runtimeCostBudget?: number }[] }>('composition.json');
  test.each(cases.map((c) => [c.source, c] as const))('%s', (_s, c) => {
    const compiler = new AdmissionCompiler('1.31');
    const decls = { hasParams: false, hasAuthorizer: false };
    for (const [name, expression] of c.variables) compiler.compileVariable(name, expression, decls);
    const compilation = compiler.compile(c.expression, decls, ['bool']);
    const f = new CelFilter([{ accessor: { expression: c.expression, returnTypes: ['bool'] }, compilation }], { variables: compiler.variables, composited: true });
    let outcome: { value?: unknown; error?: string };
    try {
      outcome = f.forInput(inputsFor({ attributes, params: null }), c.runtimeCostBudget !== undefined ? BigInt(c.runtimeCostBudget) : RUNTIME_CEL_COST_BUDGET).results[0]!;
    } catch (e) {
      outcome = { error: (e as Error).message };
    }
    if (c.expectedErrorMessage !== undefined) expect(outcome.error).toContain(c.expectedErrorMessage);
    else expect(outcome).toEqual({ accessor: expect.anything(), value: c.expectedResult });
  });
});
