// Static proof that a policy's CEL cannot hit the API server's run-time limits. Upstream prices
// admission CEL only while evaluating: each program stops at PerCallLimit, and a policy's
// validations (with the variables they read and then the message expressions) share
// RuntimeCELCostBudget, its match conditions RuntimeCELCostBudgetMatchConditions; past them the
// request fails (failurePolicy Fail) whatever the object. The plugin compiles `object` as dyn, which
// the estimator cannot bound, so here every expression is compiled with `object`/`oldObject` typed by
// the schema of each kind the policy matches (the sizes the API server's schemas allow, as for CRD
// rules) and its worst-case estimate is checked against those limits, per Kubernetes version.
// Metadata is sized by what the API server has already validated when validating admission runs
// (VALIDATED_SIZES): its schema says nothing about lengths, the object-meta validation does.
import type { NamedRuleWithOperations, ValidatingAdmissionPolicy } from './api';
import { gvkString } from './api';
import type { SizeLookup } from './cel-compile';
import { compilePolicy, type PolicyExpression } from './compile-policy';
import { PER_CALL_LIMIT, RUNTIME_CEL_COST_BUDGET, RUNTIME_CEL_COST_BUDGET_MATCH_CONDITIONS } from './filter';
import { objectDeclType, type SchemaEntry, type TypeResolver } from './typechecking';

export interface ExpressionCost {
  /** "spec.validations[0].expression" */
  readonly field: string;
  readonly kind: PolicyExpression['kind'];
  /** worst-case cost of one evaluation */
  readonly max: bigint;
}

export interface KindCostReport {
  /** "group/version, Kind=Kind" */
  readonly gvk: string;
  readonly expressions: readonly ExpressionCost[];
  /** validations + message expressions + every variable twice (each filter evaluates them anew) */
  readonly validationBudget: bigint;
  /** match conditions + every variable */
  readonly matchConditionBudget: bigint;
  /** compile errors (the type checker's warnings) and limits exceeded, with the field */
  readonly problems: readonly string[];
}

const size = (n: number) => ({ min: 0n, max: BigInt(n) });
const DNS1123_SUBDOMAIN = 253;
const DNS1123_LABEL = 63;
const LABEL_VALUE = 63;
// a qualified name: an optional DNS-subdomain prefix, '/', and a name of at most 63
const LABEL_KEY = DNS1123_SUBDOMAIN + 1 + 63;

/**
 * Lengths the API server has checked before validating admission sees a request: the registry
 * validates the object (rest.BeforeCreate / BeforeUpdate: ValidateObjectMetaAccessor, custom resource
 * names as DNS subdomains, label keys and values) before it calls the validating admission plugins,
 * and the stored old object passed the same checks. Namespaces are DNS labels; a custom resource's
 * kind is a DNS-1035 label once lowercased (CRD names validation).
 */
export const VALIDATED_SIZES: SizeLookup = (path) => {
  if (!path) return undefined;
  const [root, ...rest] = path;
  const at = rest.join('.');
  if (root === 'object' || root === 'oldObject') {
    if (at === 'metadata.name' || at === 'metadata.generateName') return size(DNS1123_SUBDOMAIN);
    if (at === 'metadata.namespace') return size(DNS1123_LABEL);
    if (at === 'metadata.labels.@values') return size(LABEL_VALUE);
    if (at === 'metadata.labels.@keys') return size(LABEL_KEY);
  }
  if (root === 'request') {
    if (at === 'namespace') return size(DNS1123_LABEL);
    if (at === 'name') return size(DNS1123_SUBDOMAIN);
    if (at === 'kind.kind' || at === 'requestKind.kind') return size(DNS1123_LABEL);
  }
  return undefined;
};

const ruleMatches = (rule: NamedRuleWithOperations, e: SchemaEntry): boolean => {
  const has = (list: readonly string[] | undefined, v: string): boolean => (list ?? []).some((x) => x === '*' || x === v);
  // subresource rules ("x/status") do not carry the object's schema
  return has(rule.apiGroups, e.group) && has(rule.apiVersions, e.version) && (rule.resources ?? []).some((r) => r === '*' || r === e.plural || r === `${e.plural}/*`);
};

/**
 * The served kinds a policy's resource rules match, wildcards included (unlike typesToCheck, which
 * skips wildcard rules: the policies of this project match every version of a kind).
 */
export function matchedEntries(policy: ValidatingAdmissionPolicy, entries: readonly SchemaEntry[]): SchemaEntry[] {
  const rules = policy.spec.matchConstraints?.resourceRules ?? [];
  const excluded = policy.spec.matchConstraints?.excludeResourceRules ?? [];
  return entries.filter((e) => rules.some((r) => ruleMatches(r, e)) && !excluded.some((r) => ruleMatches(r, e)));
}

const sum = (xs: readonly bigint[]): bigint => xs.reduce((a, b) => a + b, 0n);

/** The worst-case costs of a policy's expressions for every kind it matches. */
export function policyCostReports(policy: ValidatingAdmissionPolicy, entries: readonly SchemaEntry[], resolver: TypeResolver, kubernetesVersion: string, sizes: SizeLookup = VALIDATED_SIZES): KindCostReport[] {
  return matchedEntries(policy, entries).map((e) => {
    const gvk = { group: e.group, version: e.version, kind: e.kind };
    const schema = resolver.schemaFor(gvk);
    const object = schema ? objectDeclType(schema, gvk) : undefined;
    const problems: string[] = [];
    if (!object) problems.push('no schema to type object with');
    const compiled = compilePolicy(policy, kubernetesVersion, object ? { object } : {});
    const expressions: ExpressionCost[] = [];
    for (const x of compiled.expressions) {
      const c = x.compilation;
      if (c.error || !c.estimate) {
        problems.push(`${x.field}: ${c.error?.detail ?? 'no cost estimate'}`);
        continue;
      }
      const max = c.estimate(sizes).max;
      expressions.push({ field: x.field, kind: x.kind, max });
      if (max > PER_CALL_LIMIT) problems.push(`${x.field}: estimated cost ${max} exceeds the per-expression limit ${PER_CALL_LIMIT}`);
    }
    const of = (...kinds: PolicyExpression['kind'][]): bigint[] => expressions.filter((x) => kinds.includes(x.kind)).map((x) => x.max);
    const variables = sum(of('variable'));
    const validationBudget = sum(of('validation', 'messageExpression')) + 2n * variables;
    const matchConditionBudget = sum(of('matchCondition')) + variables;
    if (validationBudget > RUNTIME_CEL_COST_BUDGET) problems.push(`validations, messages and variables: estimated cost ${validationBudget} exceeds the policy budget ${RUNTIME_CEL_COST_BUDGET}`);
    if (matchConditionBudget > RUNTIME_CEL_COST_BUDGET_MATCH_CONDITIONS) problems.push(`match conditions: estimated cost ${matchConditionBudget} exceeds their budget ${RUNTIME_CEL_COST_BUDGET_MATCH_CONDITIONS}`);
    return { gvk: gvkString(gvk), expressions, validationBudget, matchConditionBudget, problems: problems.map((p) => `${gvkString(gvk)}: ${p}`) };
  });
}
