// Whether a request matches one rule of a policy (k8s.io/apiserver pkg/admission/plugin/webhook/
// predicates/rules): scope, operation, group, version and resource/subresource, each with "*".
import type { AdmissionAttributes, GroupVersionResource, RuleWithOperations } from './api';

/** The request as a rule sees it: the resource may be an equivalent one (matchPolicy Equivalent). */
export interface RuleInput {
  readonly resource: GroupVersionResource;
  readonly subresource: string;
  readonly namespace: string;
  readonly operation: AdmissionAttributes['operation'];
}

function exactOrWildcard(items: readonly string[] | undefined, requested: string): boolean {
  return (items ?? []).some((i) => i === '*' || i === requested);
}

const isNamespaceResource = (r: GroupVersionResource): boolean => r.group === '' && r.version === 'v1' && r.resource === 'namespaces';

export function ruleScopeMatches(rule: RuleWithOperations, a: RuleInput): boolean {
  if (rule.scope === undefined || rule.scope === '*') return true;
  // The namespace of a request for a Namespace object is the namespace itself: it is still cluster-scoped.
  switch (rule.scope) {
    case 'Namespaced':
      return !isNamespaceResource(a.resource) && a.namespace !== '';
    case 'Cluster':
      return isNamespaceResource(a.resource) || a.namespace === '';
    default:
      return false;
  }
}

export function ruleOperationMatches(rule: RuleWithOperations, a: RuleInput): boolean {
  return (rule.operations ?? []).some((op) => op === '*' || op === a.operation);
}

export function ruleGroupMatches(rule: RuleWithOperations, a: RuleInput): boolean {
  return exactOrWildcard(rule.apiGroups, a.resource.group);
}

export function ruleVersionMatches(rule: RuleWithOperations, a: RuleInput): boolean {
  return exactOrWildcard(rule.apiVersions, a.resource.version);
}

function splitResource(resSub: string): [string, string] {
  const i = resSub.indexOf('/');
  return i < 0 ? [resSub, ''] : [resSub.slice(0, i), resSub.slice(i + 1)];
}

export function ruleResourceMatches(rule: RuleWithOperations, a: RuleInput): boolean {
  return (rule.resources ?? []).some((r) => {
    const [res, sub] = splitResource(r);
    return (res === '*' || res === a.resource.resource) && (sub === '*' || sub === a.subresource);
  });
}

/** rules.Matcher.Matches */
export function ruleMatches(rule: RuleWithOperations, a: RuleInput): boolean {
  return ruleScopeMatches(rule, a) && ruleOperationMatches(rule, a) && ruleGroupMatches(rule, a) && ruleVersionMatches(rule, a) && ruleResourceMatches(rule, a);
}

/**
 * Admission policies never apply to the objects that configure admission, so a bad policy cannot
 * lock itself in (IsExemptAdmissionConfigurationResource).
 */
export function isExemptAdmissionConfigurationResource(a: Pick<AdmissionAttributes, 'kind'>): boolean {
  return a.kind.group === 'admissionregistration.k8s.io' && ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'].includes(a.kind.kind);
}
