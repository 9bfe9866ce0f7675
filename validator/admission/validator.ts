// One policy evaluated for one (binding, param): match conditions, validations and their messages,
// audit annotations, and the failure policy applied to errors (k8s.io/apiserver pkg/admission/
// plugin/policy/validating validator.go, webhook/matchconditions/matcher.go).
import type { FailurePolicyType, ValidationReason } from './api';
import { type EvaluationResult, type ExpressionAccessor, type Filter, FilterError, type FilterInputs, MAX_EVALUATED_MESSAGE_EXPRESSION_SIZE_BYTES, RUNTIME_CEL_COST_BUDGET_MATCH_CONDITIONS } from './filter';

export interface ValidationCondition extends ExpressionAccessor {
  readonly message?: string;
  readonly reason?: ValidationReason;
}

export interface MatchConditionAccessor extends ExpressionAccessor {
  readonly name: string;
}

export interface AuditAnnotationCondition extends ExpressionAccessor {
  readonly key: string;
}

export type PolicyDecisionAction = 'admit' | 'deny';
export type PolicyDecisionEvaluation = 'admit' | 'error' | 'deny';

export interface PolicyDecision {
  readonly action: PolicyDecisionAction;
  readonly evaluation?: PolicyDecisionEvaluation;
  readonly message: string;
  readonly reason?: ValidationReason;
}

export type AuditAnnotationAction = 'publish' | 'error' | 'exclude';

export interface PolicyAuditAnnotation {
  readonly key: string;
  readonly value?: string;
  readonly action: AuditAnnotationAction;
  readonly error?: string;
}

export interface ValidateResult {
  readonly decisions: PolicyDecision[];
  readonly auditAnnotations: PolicyAuditAnnotation[];
}

export interface MatchResult {
  readonly matches: boolean;
  readonly error?: string;
  readonly failedConditionName?: string;
}

export interface ConditionMatcher {
  match(inputs: FilterInputs): MatchResult;
}

/** Go's utilerrors.NewAggregate(...).Error() */
function aggregateMessages(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

/**
 * matchconditions.matcher.Match: any condition false skips the policy; otherwise errors fail it
 * (failurePolicy Fail) or skip it (Ignore). Match conditions have their own budget and see no
 * namespace object.
 */
export class MatchConditionMatcher implements ConditionMatcher {
  constructor(
    private readonly filter: Filter<MatchConditionAccessor>,
    private readonly failurePolicy: FailurePolicyType = 'Fail',
  ) {}

  match(inputs: FilterInputs): MatchResult {
    let results: EvaluationResult<MatchConditionAccessor>[];
    try {
      results = this.filter.forInput({ ...inputs, namespace: null }, RUNTIME_CEL_COST_BUDGET_MATCH_CONDITIONS).results;
    } catch (e) {
      if (!(e instanceof FilterError)) throw e;
      return this.failurePolicy === 'Fail' ? { matches: false, error: e.message } : { matches: false };
    }
    const errors: string[] = [];
    for (const r of results) {
      if (r.error !== undefined) errors.push(r.error);
      if (r.value === false) return { matches: false, failedConditionName: r.accessor?.name ?? '' };
    }
    if (errors.length > 0) return this.failurePolicy === 'Fail' ? { matches: false, error: aggregateMessages(errors) } : { matches: false };
    return { matches: true };
  }
}

const actionForError = (f: FailurePolicyType): PolicyDecisionAction => (f === 'Ignore' ? 'admit' : 'deny');
const auditActionForError = (f: FailurePolicyType): AuditAnnotationAction => (f === 'Ignore' ? 'exclude' : 'error');

/** Go's strings.TrimSpace (Unicode white space). */
const trimSpace = (s: string): string => s.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '');

function celTypeName(v: unknown): string {
  if (v === null) return 'null_type';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'double';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'list';
  return 'map';
}

export interface PolicyFilters {
  readonly validations: Filter<ValidationCondition>;
  /** aligned with validations: a placeholder where a validation has no messageExpression */
  readonly messages: Filter<ExpressionAccessor>;
  readonly auditAnnotations: Filter<AuditAnnotationCondition>;
  readonly matcher?: ConditionMatcher;
  readonly failurePolicy?: FailurePolicyType;
}

/** validator.Validate: `budget` is RuntimeCELCostBudget (smaller only in tests). */
export function validate(p: PolicyFilters, inputs: FilterInputs, budget: bigint): ValidateResult {
  const f = p.failurePolicy ?? 'Fail';
  if (p.matcher) {
    const m = p.matcher.match(inputs);
    if (m.error !== undefined) return { decisions: [{ action: actionForError(f), evaluation: 'error', message: m.error }], auditAnnotations: [] };
    if (!m.matches) return { decisions: [], auditAnnotations: [] };
  }
  let evalResults: EvaluationResult<ValidationCondition>[];
  let remaining: bigint;
  try {
    ({ results: evalResults, remaining } = p.validations.forInput(inputs, budget));
  } catch (e) {
    if (!(e instanceof FilterError)) throw e;
    return { decisions: [{ action: actionForError(f), evaluation: 'error', message: e.message }], auditAnnotations: [] };
  }
  // Message expressions see no authorizer and use what the validations left of the budget.
  const messageInputs: FilterInputs = { ...inputs, authorizer: undefined };
  let messageResults: EvaluationResult[] = [];
  let messageError: FilterError | undefined;
  try {
    messageResults = p.messages.forInput(messageInputs, remaining).results;
  } catch (e) {
    if (!(e instanceof FilterError)) throw e;
    messageError = e;
  }
  const decisions: PolicyDecision[] = evalResults.map((r, i) => {
    const validation = r.accessor!;
    const messageResult = messageResults[i];
    if (r.error !== undefined) return { action: actionForError(f), evaluation: 'error', message: r.error };
    if (messageError?.outOfBudget) return { action: actionForError(f), evaluation: 'error', message: `failed messageExpression: ${messageError.message}` };
    if (r.value !== true) {
      let message = '';
      if (messageResult && messageResult.error === undefined && typeof messageResult.value === 'string') {
        message = trimSpace(messageResult.value);
        // Too long or multi-line results are dropped for the static message.
        if (Buffer.byteLength(message, 'utf8') > MAX_EVALUATED_MESSAGE_EXPRESSION_SIZE_BYTES) message = '';
        if (message.includes('\n')) message = '';
      }
      if (message === '' && validation.message) message = trimSpace(validation.message);
      if (message === '') message = `failed expression: ${trimSpace(validation.expression)}`;
      return { action: 'deny', message, reason: validation.reason ?? 'Invalid' };
    }
    return { action: 'admit', evaluation: 'admit', message: '' };
  });

  let auditResults: EvaluationResult<AuditAnnotationCondition>[];
  try {
    // Audit annotations get a budget of their own.
    auditResults = p.auditAnnotations.forInput({ ...inputs, authorizer: undefined }, budget).results;
  } catch (e) {
    if (!(e instanceof FilterError)) throw e;
    return { decisions: [{ action: actionForError(f), evaluation: 'error', message: e.message }], auditAnnotations: [] };
  }
  const auditAnnotations: PolicyAuditAnnotation[] = auditResults.map((r) => {
    const key = r.accessor?.key ?? '';
    if (r.error !== undefined) return { key, action: auditActionForError(f), error: r.error };
    if (typeof r.value === 'string') {
      const value = trimSpace(r.value);
      return value === '' ? { key, action: 'exclude' } : { key, action: 'publish', value };
    }
    if (r.value === null) return { key, action: 'exclude' };
    return {
      key,
      action: 'error',
      error: `valueExpression '${r.accessor?.expression ?? ''}' resulted in unsupported return type: ${celTypeName(r.value)}. Return type must be either string or null.`,
    };
  });
  return { decisions, auditAnnotations };
}
