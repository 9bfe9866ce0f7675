// Whether a policy's matchConstraints (or a binding's matchResources) select a request: namespace
// selector, object selector, exclude rules, resource rules with matchPolicy Equivalent
// (k8s.io/apiserver pkg/admission/plugin/policy/matching, webhook/predicates/namespace and object).
import type { AdmissionAttributes, GroupVersionKind, GroupVersionResource, JsonObject, MatchResources, NamedRuleWithOperations } from './api';
import type { EquivalentResourceRegistry } from './equivalent-resources';
import { labelSelectorAsSelector, SelectorError } from './label-selector';
import { ruleMatches, type RuleInput } from './rules';

/** An error the API server returns as a Status (apierrors.StatusError): its message and HTTP code. */
export class AdmissionStatusError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly reason: string,
  ) {
    super(message);
  }
}

/** apierrors.NewInternalError */
export function internalStatusError(cause: string): AdmissionStatusError {
  return new AdmissionStatusError(`Internal error occurred: ${cause}`, 500, 'InternalError');
}

/** apierrors.NewNotFound(corev1.Resource("namespaces"), name) */
export function namespaceNotFound(name: string): AdmissionStatusError {
  return new AdmissionStatusError(`namespaces "${name}" not found`, 404, 'NotFound');
}

/** The namespaces the API server knows (its informer cache and storage), by name. */
export type NamespaceLookup = (name: string) => JsonObject | undefined;

export interface MatchResult {
  readonly matches: boolean;
  readonly resource?: GroupVersionResource;
  readonly kind?: GroupVersionKind;
  /** selector or conversion problem; reported only when the rules select the request */
  readonly error?: AdmissionStatusError;
}

/** The labels an unstructured object's accessor returns: none when it has no metadata or labels. */
function labelsOf(o: JsonObject): Readonly<Record<string, string>> {
  const meta = o.metadata;
  const labels = typeof meta === 'object' && meta !== null ? (meta as JsonObject).labels : undefined;
  return typeof labels === 'object' && labels !== null ? (labels as Record<string, string>) : {};
}

function parse(selector: MatchResources['namespaceSelector']): ReturnType<typeof labelSelectorAsSelector> | AdmissionStatusError {
  try {
    return labelSelectorAsSelector(selector);
  } catch (e) {
    if (e instanceof SelectorError) return internalStatusError(e.message);
    throw e;
  }
}

/**
 * namespace.Matcher.GetNamespaceLabels: a Namespace being created or updated has its new labels (the
 * cache does not hold it yet); everything else (a Namespace being deleted included) the cached ones.
 */
export function namespaceLabels(a: AdmissionAttributes, namespaces: NamespaceLookup): Readonly<Record<string, string>> | AdmissionStatusError {
  if (a.resource.resource === 'namespaces' && !a.subresource && (a.operation === 'CREATE' || a.operation === 'UPDATE')) {
    return a.object ? labelsOf(a.object) : {};
  }
  const ns = namespaces(a.namespace);
  return ns ? labelsOf(ns) : namespaceNotFound(a.namespace);
}

/**
 * namespace.Matcher.MatchNamespaceSelector. Cluster-scoped requests other than for Namespaces are never
 * exempted; a Namespace being created or updated is matched on its own new labels.
 */
export function matchNamespaceSelector(criteria: MatchResources, a: AdmissionAttributes, namespaces: NamespaceLookup): { matches: boolean; error?: AdmissionStatusError } {
  if (a.namespace === '' && a.resource.resource !== 'namespaces') return { matches: true };
  const selector = parse(criteria.namespaceSelector);
  if (selector instanceof AdmissionStatusError) return { matches: false, error: selector };
  if (selector.empty) return { matches: true };
  const labels = namespaceLabels(a, namespaces);
  if (labels instanceof AdmissionStatusError) return { matches: false, error: labels };
  return { matches: selector.matches(labels) };
}

/** object.Matcher.MatchObjectSelector: the new or the old object matches; a missing object never does. */
export function matchObjectSelector(criteria: MatchResources, a: AdmissionAttributes): { matches: boolean; error?: AdmissionStatusError } {
  const selector = parse(criteria.objectSelector);
  if (selector instanceof AdmissionStatusError) return { matches: false, error: selector };
  if (selector.empty) return { matches: true };
  // An object without metadata (CONNECT options such as NodeProxyOptions) has no meta accessor: no match.
  const matchObject = (o: JsonObject | null): boolean => o !== null && typeof o.metadata === 'object' && o.metadata !== null && selector.matches(labelsOf(o));
  return { matches: matchObject(a.object) || matchObject(a.oldObject) };
}

const isEmptyKind = (k: GroupVersionKind | undefined): boolean => !k || (k.group === '' && k.version === '' && k.kind === '');

function ruleInput(a: AdmissionAttributes, resource: GroupVersionResource): RuleInput {
  return { resource, subresource: a.subresource ?? '', namespace: a.namespace, operation: a.operation };
}

function nameMatches(rule: NamedRuleWithOperations, a: AdmissionAttributes): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(a.name);
}

/** matchesResourceRules: the request's own resource first, then (Equivalent) every equivalent resource. */
export function matchesResourceRules(
  rules: readonly NamedRuleWithOperations[] | undefined,
  matchPolicy: MatchResources['matchPolicy'],
  a: AdmissionAttributes,
  equivalents: EquivalentResourceRegistry,
): MatchResult {
  for (const rule of rules ?? []) {
    if (!ruleMatches(rule, ruleInput(a, a.resource))) continue;
    if (nameMatches(rule, a)) return { matches: true, resource: a.resource, kind: a.kind };
  }
  if (matchPolicy === undefined || matchPolicy === 'Exact') return { matches: false };
  const subresource = a.subresource ?? '';
  for (const rule of rules ?? []) {
    for (const equivalent of equivalents.equivalentResourcesFor(a.resource, subresource)) {
      if (equivalent.group === a.resource.group && equivalent.version === a.resource.version && equivalent.resource === a.resource.resource) continue;
      if (!ruleMatches(rule, ruleInput(a, equivalent))) continue;
      const kind = equivalents.kindFor(equivalent, subresource);
      if (isEmptyKind(kind)) {
        return { matches: false, error: new AdmissionStatusError(`unable to convert to ${equivalent.group}/${equivalent.version}, Resource=${equivalent.resource}: unknown kind`, 500, 'InternalError') };
      }
      if (nameMatches(rule, a)) return { matches: true, resource: equivalent, kind };
    }
  }
  return { matches: false };
}

/**
 * matching.Matcher.Matches: selectors first (their errors are held back), exclude rules, then the
 * resource rules (none = every resource); selector errors count only for requests the rules select.
 */
export function matches(criteria: MatchResources, a: AdmissionAttributes, namespaces: NamespaceLookup, equivalents: EquivalentResourceRegistry): MatchResult {
  const ns = matchNamespaceSelector(criteria, a, namespaces);
  if (!ns.matches && !ns.error) return { matches: false };
  const obj = matchObjectSelector(criteria, a);
  if (!obj.matches && !obj.error) return { matches: false };
  const excluded = matchesResourceRules(criteria.excludeResourceRules, criteria.matchPolicy, a, equivalents);
  if (excluded.matches || excluded.error) return { matches: false, ...(excluded.error ? { error: excluded.error } : {}) };
  const included = (criteria.resourceRules ?? []).length === 0 ? { matches: true, resource: a.resource, kind: a.kind } : matchesResourceRules(criteria.resourceRules, criteria.matchPolicy, a, equivalents);
  if (included.error) return { matches: false, error: included.error };
  if (!included.matches) return { matches: false };
  if (ns.error) return { matches: false, error: ns.error };
  if (obj.error) return { matches: false, error: obj.error };
  return included;
}
