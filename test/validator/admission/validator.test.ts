// Validate's decisions and the match-condition matcher, proven with upstream's cases driven by fake
// filters (validator_test.go TestValidate, matchconditions/matcher_test.go TestMatch).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FailurePolicyType, ValidationReason } from '../../../validator/admission/api';
import { type EvaluationResult, type ExpressionAccessor, type Filter, FilterError, type FilterInputs, OUT_OF_BUDGET, RUNTIME_CEL_COST_BUDGET } from '../../../validator/admission/filter';
import { type ConditionMatcher, MatchConditionMatcher, type MatchConditionAccessor, validate } from '../../../validator/admission/validator';

const f = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'admission', 'validator.json'), 'utf8')) as {
  validate: ValidateCase[];
  match: MatchCase[];
};

interface FakeResult {
  value?: unknown;
  error?: string;
  name?: string;
  accessor?: { expression?: string; message?: string; reason?: ValidationReason };
}

/** upstream's fakeCelFilter: costs 1 per call, fails on an exhausted budget, or throws "test error" */
function fakeFilter<A extends ExpressionAccessor>(results: FakeResult[], throwError: boolean): Filter<A> {
  return {
    forInput: (_inputs: FilterInputs, budget: bigint) => {
      if (budget <= 0n) throw new FilterError(OUT_OF_BUDGET, true);
      if (throwError) throw new FilterError('test error', false);
      const out: EvaluationResult<A>[] = results.map((r) => {
        const accessor = { expression: r.accessor?.expression ?? '', returnTypes: [], name: r.name ?? '', key: '', ...(r.accessor?.message !== undefined ? { message: r.accessor.message } : {}), ...(r.accessor?.reason ? { reason: r.accessor.reason } : {}) } as unknown as A;
        return { accessor, ...(r.error !== undefined ? { error: r.error } : {}), ...('value' in r ? { value: r.value } : {}) };
      });
      return { results: out, remaining: budget - 1n };
    },
  };
}

const inputs = { attributes: { kind: { group: '', version: '', kind: '' }, resource: { group: '', version: '', resource: '' }, namespace: 'default', name: 'foo', operation: 'CREATE', object: null, oldObject: null }, request: {}, params: null, namespace: null } as FilterInputs;

interface ValidateCase {
  source: string;
  failurePolicy?: FailurePolicyType;
  evaluations: FakeResult[];
  messageEvaluations: FakeResult[];
  auditEvaluations: FakeResult[];
  policyDecisions: { action: string; message?: string; reason?: string }[];
  auditAnnotations: { action: string; value?: string; error?: string }[];
  throwError: boolean;
  matcher?: { matches: boolean; error?: string };
  costBudget?: number;
}

describe('validator.Validate (validator_test.go TestValidate)', () => {
  test.each(f.validate.map((c) => [c.source, c] as const))('%s', (_s, c) => {
    const matcher: ConditionMatcher = { match: () => (c.matcher ? { matches: c.matcher.matches, ...(c.matcher.error ? { error: c.matcher.error } : {}) } : { matches: true }) };
    const result = validate(
      {
        validations: fakeFilter(c.evaluations, c.throwError),
        messages: fakeFilter(c.messageEvaluations, c.throwError),
        auditAnnotations: fakeFilter(c.auditEvaluations, c.throwError),
        matcher,
        ...(c.failurePolicy ? { failurePolicy: c.failurePolicy } : {}),
      },
      inputs,
      c.costBudget !== undefined ? BigInt(c.costBudget) : RUNTIME_CEL_COST_BUDGET,
    );
    expect(result.decisions).toHaveLength(c.policyDecisions.length);
    c.policyDecisions.forEach((want, i) => {
      const got = result.decisions[i]!;
      expect(got.action).toBe(want.action);
      expect(got.message).toContain(want.message ?? '');
      expect(got.reason ?? '').toBe(want.reason ?? '');
    });
    expect(result.auditAnnotations).toHaveLength(c.auditEvaluations.length);
    c.auditAnnotations.forEach((want, i) => {
      const got = result.auditAnnotations[i]!;
      expect([got.action, got.error ?? '', got.value ?? '']).toEqual([want.action, want.error ?? '', want.value ?? '']);
    });
  });
});

interface MatchCase {
  source: string;
  evaluations: FakeResult[];
  throwError: boolean;
  shouldMatch: boolean;
  returnedName?: string;
  failPolicy?: FailurePolicyType;
  expectError?: string;
}

describe('matchconditions.Matcher (matcher_test.go TestMatch)', () => {
  test.each(f.match.map((c) => [c.source, c] as const))('%s', (_s, c) => {
    const m = new MatchConditionMatcher(fakeFilter<MatchConditionAccessor>(c.evaluations, c.throwError), c.failPolicy ?? 'Fail');
    const r = m.match(inputs);
    if (r.error !== undefined) {
      expect(c.expectError).toBeDefined();
      expect(r.error).toContain(c.expectError);
      return;
    }
    expect(c.expectError).toBeUndefined();
    expect([r.matches, r.failedConditionName ?? '']).toEqual([c.shouldMatch, c.returnedName ?? '']);
  });
});
