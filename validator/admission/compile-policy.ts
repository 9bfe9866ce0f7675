// A ValidatingAdmissionPolicy compiled for evaluation (k8s.io/apiserver pkg/admission/plugin/policy/
// validating plugin.go compilePolicy): variables first (so every later expression sees them typed),
// then match conditions, validations and audit annotations with params and the authorizer declared,
// and message expressions without the authorizer.
import type { ValidatingAdmissionPolicy } from './api';
import { AdmissionCompiler, type CompilationResult, type TypedInputs, type VariableDeclarations } from './cel-compile';
import { CelFilter, type CompiledExpression, type ExpressionAccessor } from './filter';
import { type AuditAnnotationCondition, type MatchConditionAccessor, MatchConditionMatcher, type PolicyFilters, type ValidationCondition } from './validator';

/** Every expression of a policy with its compilation, by the field path that holds it. */
export interface PolicyExpression {
  /** "spec.validations[0].expression" */
  readonly field: string;
  readonly kind: 'variable' | 'matchCondition' | 'validation' | 'messageExpression' | 'auditAnnotation';
  readonly compilation: CompilationResult;
}

export interface CompiledPolicy {
  readonly filters: PolicyFilters;
  readonly expressions: readonly PolicyExpression[];
}

export function compilePolicy(policy: ValidatingAdmissionPolicy, kubernetesVersion?: string, typed: TypedInputs = {}): CompiledPolicy {
  const spec = policy.spec;
  const hasParams = spec.paramKind !== undefined;
  const withAuthorizer: VariableDeclarations = { hasParams, hasAuthorizer: true };
  const withoutAuthorizer: VariableDeclarations = { hasParams, hasAuthorizer: false };
  const compiler = new AdmissionCompiler(kubernetesVersion, typed);
  const expressions: PolicyExpression[] = [];
  const track = <A extends ExpressionAccessor>(field: string, kind: PolicyExpression['kind'], accessor: A, compilation: CompilationResult): CompiledExpression<A> => {
    expressions.push({ field, kind, compilation });
    return { accessor, compilation };
  };

  (spec.variables ?? []).forEach((v, i) => {
    expressions.push({ field: `spec.variables[${i}].expression`, kind: 'variable', compilation: compiler.compileVariable(v.name, v.expression, withAuthorizer) });
  });
  const variables = compiler.variables;
  const composited = (spec.variables ?? []).length > 0;

  const conditions = (spec.matchConditions ?? []).map((m, i) =>
    track<MatchConditionAccessor>(`spec.matchConditions[${i}].expression`, 'matchCondition', { name: m.name, expression: m.expression, returnTypes: ['bool'] }, compiler.compile(m.expression, withAuthorizer, ['bool'])),
  );
  const validations = (spec.validations ?? []).map((v, i) =>
    track<ValidationCondition>(
      `spec.validations[${i}].expression`,
      'validation',
      { expression: v.expression, returnTypes: ['bool'], ...(v.message !== undefined ? { message: v.message } : {}), ...(v.reason !== undefined ? { reason: v.reason } : {}) },
      compiler.compile(v.expression, withAuthorizer, ['bool']),
    ),
  );
  const messages = (spec.validations ?? []).map((v, i) =>
    v.messageExpression ? track<ExpressionAccessor>(`spec.validations[${i}].messageExpression`, 'messageExpression', { expression: v.messageExpression, returnTypes: ['string'] }, compiler.compile(v.messageExpression, withoutAuthorizer, ['string'])) : undefined,
  );
  const audits = (spec.auditAnnotations ?? []).map((a, i) =>
    track<AuditAnnotationCondition>(`spec.auditAnnotations[${i}].valueExpression`, 'auditAnnotation', { key: a.key, expression: a.valueExpression, returnTypes: ['string', 'null_type'] }, compiler.compile(a.valueExpression, withAuthorizer, ['string', 'null_type'])),
  );

  const filters: PolicyFilters = {
    validations: new CelFilter(validations, { variables, composited }),
    messages: new CelFilter(messages, { variables, composited }),
    auditAnnotations: new CelFilter(audits, { variables, composited }),
    ...(conditions.length > 0 ? { matcher: new MatchConditionMatcher(new CelFilter(conditions, { variables, composited }), spec.failurePolicy ?? 'Fail') } : {}),
    ...(spec.failurePolicy !== undefined ? { failurePolicy: spec.failurePolicy } : {}),
  };
  return { filters, expressions };
}
