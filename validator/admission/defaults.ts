// The API server's defaulting of admission policies and bindings (k8s.io/kubernetes pkg/apis/
// admissionregistration/v1 defaults.go): what is stored, and so what the plugin evaluates and what
// validation sees. An unset selector selects everything, not nothing.
import type { MatchResources, NamedRuleWithOperations, ParamRef, ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from './api';

function defaultRule(r: NamedRuleWithOperations): NamedRuleWithOperations {
  return r.scope === undefined ? { ...r, scope: '*' } : r;
}

/** SetDefaults_MatchResources (and SetDefaults_Rule on its rules) */
export function defaultMatchResources(m: MatchResources): MatchResources {
  return {
    ...m,
    matchPolicy: m.matchPolicy ?? 'Equivalent',
    namespaceSelector: m.namespaceSelector ?? {},
    objectSelector: m.objectSelector ?? {},
    ...(m.resourceRules ? { resourceRules: m.resourceRules.map(defaultRule) } : {}),
    ...(m.excludeResourceRules ? { excludeResourceRules: m.excludeResourceRules.map(defaultRule) } : {}),
  };
}

/** SetDefaults_ValidatingAdmissionPolicySpec: failurePolicy Fail */
export function defaultPolicy(p: ValidatingAdmissionPolicy): ValidatingAdmissionPolicy {
  const spec = p.spec ?? {};
  return {
    ...p,
    spec: {
      ...spec,
      failurePolicy: spec.failurePolicy ?? 'Fail',
      ...(spec.matchConstraints ? { matchConstraints: defaultMatchResources(spec.matchConstraints) } : {}),
    },
  };
}

/** SetDefaults_ParamRef: parameterNotFoundAction Deny */
function defaultParamRef(r: ParamRef): ParamRef {
  return { ...r, parameterNotFoundAction: r.parameterNotFoundAction ?? 'Deny' };
}

export function defaultBinding(b: ValidatingAdmissionPolicyBinding): ValidatingAdmissionPolicyBinding {
  const spec = b.spec ?? {};
  return {
    ...b,
    spec: {
      ...spec,
      ...(spec.matchResources ? { matchResources: defaultMatchResources(spec.matchResources) } : {}),
      ...(spec.paramRef ? { paramRef: defaultParamRef(spec.paramRef) } : {}),
    },
  };
}
