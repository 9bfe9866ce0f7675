// Defense in depth for tenancy: ValidatingAdmissionPolicies that keep every claim, composite and
// managed resource on the AWS account bound to its namespace, whatever a composition or a claim says.
// Generated from the onboarding list (compositions/package/onboarding.ts) and from the kinds the package
// defines and composes (admission-policy-kinds.ts). What they refuse, and why:
//
// - a claim of our kinds in a namespace the onboarding list does not bind. The namespace is
//   request.namespace, which the API server takes from the request path: unlike a label, a namespace
//   owner cannot fake it (kubernetes.io/metadata.name, which the API server also sets, would need a
//   namespaceSelector for the same fact);
// - a composite or managed resource whose crossplane.io/claim-namespace label (Crossplane copies it
//   from the claim's real namespace) names an unbound namespace, or is set or changed on update;
// - a managed resource whose spec.providerConfigRef.name is not the ProviderConfig bound to that
//   namespace: the account's for provider-upjet-aws kinds, the organization's management account's
//   for the guardrail SCP kinds (organizations.aws.upbound.io, charts/organization-guardrails.ts), the account's
//   provider-terraform one for Workspaces; a composite whose ProviderConfig parameters name another;
// - a ProviderConfig carrying the claim label, i.e. composed for a claim: credentials are onboarding
//   data. Kinds the package itself still composes are left out (see PackageKinds);
// - in the organization composite's tree (no claim label; crossplane.io/composite=zta-organization,
//   charts/organization.ts), a managed resource naming a ProviderConfig other than the
//   organization's (Organizations kinds: the management account's), or a composite whose
//   providerConfigName names another.
//
// Objects without the claim label are not matched. Tenants are granted claim kinds in their own
// namespace only (the onboarding RBAC), so composites, managed resources and ProviderConfigs are
// created by Crossplane (which labels what it creates for a claim) or by cluster administrators; an
// XR created without a claim has no namespace to bind, and refusing unlabelled objects would refuse
// the administrators' and the platform's own objects. The label may be removed on update: Crossplane
// removes it before deleting a composed resource it no longer composes.
//
// The bound values are literals in the policies, not params read from the EnvironmentConfigs: the
// check must not trust the data it defends (a tampered EnvironmentConfig would move the compositions
// and a params-based policy alike), EnvironmentConfig.data has no schema for the type checker, and
// comparisons with literals keep every expression's cost small and bounded (the API server stops an
// expression at 1,000,000 and a policy at 10,000,000 cost units; validator/admission/cost-limits.ts
// proves the worst case). A change of the onboarding list regenerates the policies with the rest.
import { ApiObject, App, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { type OrganizationOnboarding, OnboardingNames, organizationProviderConfigs } from '../compositions/package/onboarding';
import {
  ADMISSION_API_VERSION,
  type MatchCondition,
  type MatchResources,
  type NamedRuleWithOperations,
  type ScopeType,
  type ValidatingAdmissionPolicy,
  type ValidatingAdmissionPolicyBinding,
  type Validation,
  type Variable,
} from '../validator/admission/api';
import { toYaml } from '../compositions/package/package-writer';
import { SchemaBundle } from '../validator/schema-bundle';
import { AWS_GROUP_SUFFIX, packageKinds, type PackageKinds, type ProviderConfigParameter, type ResourceKind, TERRAFORM_GROUP } from './admission-policy-kinds';

/** Set by Crossplane on the composite and the composed resources of a claim: the claim's namespace. */
export const CLAIM_NAMESPACE_LABEL = 'crossplane.io/claim-namespace';

/** Managed kinds reconciled in the organization's management account (charts/organization-guardrails.ts). */
export const MANAGEMENT_ACCOUNT_GROUP = 'organizations.aws.upbound.io';

/** ProviderConfig kinds: they hold credentials. */
export const PROVIDER_CONFIG_KINDS: readonly ResourceKind[] = [
  { group: 'aws.upbound.io', plural: 'providerconfigs', kind: 'ProviderConfig' },
  { group: TERRAFORM_GROUP, plural: 'providerconfigs', kind: 'ProviderConfig' },
];

export const AdmissionPolicyNames = {
  claims: 'zta-claims-in-bound-namespaces',
  claimNamespace: 'zta-claim-namespace-bound',
  accountProviderConfig: 'zta-managed-resources-account-provider-config',
  managementProviderConfig: 'zta-guardrails-management-provider-config',
  terraformProviderConfig: 'zta-workspaces-terraform-provider-config',
  providerConfigParameter: 'zta-composites-provider-config-parameter',
  managementProviderConfigParameter: 'zta-composites-management-provider-config-parameter',
  providerConfigs: 'zta-provider-configs-not-composed',
  organizationProviderConfig: 'zta-organization-provider-configs',
  organizationProviderConfigParameter: 'zta-organization-composites-provider-config-parameter',
} as const;

/**
 * Set by Crossplane on every composite and composed resource of a tree: the top-level composite's
 * name. The organization's tree has no claim (hence no claim label): this label is how its
 * resources are recognized.
 */
export const ROOT_COMPOSITE_LABEL = 'crossplane.io/composite';

export interface AdmissionPolicySet {
  readonly policies: readonly ValidatingAdmissionPolicy[];
  readonly bindings: readonly ValidatingAdmissionPolicyBinding[];
}

// ---------------------------------------------------------------- CEL building blocks
//
// Messages read the object's fields rather than the string variables: the cost estimator knows the
// sizes the API server's metadata validation allows for fields (a label value has at most 63
// characters) but nothing of a variable's string, which it prices as a 3 MiB one (cost-limits.ts).

/** a CEL string literal */
export const celString = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const celList = (items: readonly string[]): string => `[${items.map(celString).join(', ')}]`;

const LABEL = celString(CLAIM_NAMESPACE_LABEL);
/** the label's value on `o`, '' when absent (it may be removed on update); `&&` binds before `?:` */
const labelOf = (o: string): string => `has(${o}.metadata.labels) && ${LABEL} in ${o}.metadata.labels ? ${o}.metadata.labels[${LABEL}] : ''`;
/** the new object's label, in messages of validations that only fail when it is set */
const NEW_LABEL = `object.metadata.labels[${LABEL}]`;
/** the old object's label; there is no old object on CREATE */
const OLD_LABEL = `(oldObject != null && ${labelOf('oldObject')})`;

/**
 * What the object is, for messages: "XNetwork acme-x7k2p". Not request.name: on a create with
 * generateName it is empty (the name is generated after the request's attributes are taken, before
 * validating admission sees the object).
 */
const OBJECT = "request.kind.kind + ' ' + object.metadata.name";

const CLAIM_NAMESPACE: Variable = { name: 'claimNamespace', expression: labelOf('object') };

/**
 * `name(ns)` as CEL over the namespace in `nsExpr`: the names are derived from the namespace
 * (OnboardingNames), so the message rebuilds the bound value the same way; checked for every account.
 */
function derivedName(name: (ns: string) => string, bound: readonly string[], nsExpr: string): string {
  const marker = '\u0000';
  const parts = name(marker).split(marker);
  for (const ns of bound) {
    if (parts.join(ns) !== name(ns)) throw new Error(`admission policies: the name bound to namespace ${ns} (${name(ns)}) is not derived from the namespace alone`);
  }
  return parts.map((p) => (p === '' ? '' : celString(p))).reduce((acc, p, i) => [acc, ...(i > 0 ? [nsExpr] : []), p].filter((x) => x !== '').join(' + '), '');
}

/**
 * `given` (a variable) must be the value bound to the claim's namespace. One comparison with literals
 * per bound value (with the namespaces bound to it), or-ed: flat and cheap however many accounts there
 * are (a ternary chain would nest as deep as the list is long).
 */
function boundValueValidation(opts: {
  readonly field: string;
  readonly given: string;
  /** the given value in messages (a field, sized for the estimator) */
  readonly givenInMessage: string;
  readonly expected: (ns: string) => string;
  readonly what: string;
  readonly allowEmpty: boolean;
  readonly bound: readonly string[];
}): Validation {
  const ns = 'variables.claimNamespace';
  const byValue = new Map<string, string[]>();
  for (const n of opts.bound) byValue.set(opts.expected(n), [...(byValue.get(opts.expected(n)) ?? []), n]);
  const matches = [...byValue].map(([value, nss]) => {
    const given = `${opts.given} == ${celString(value)}`;
    // one value for every bound namespace (the management account's): the namespace is already known bound
    if (nss.length === opts.bound.length) return given;
    return `(${nss.length === 1 ? `${ns} == ${celString(nss[0]!)}` : `${ns} in ${celList(nss)}`} && ${given})`;
  });
  const unbound = `!(${ns} in ${celList(opts.bound)})`;
  return {
    expression: [...(opts.allowEmpty ? [`${opts.given} == ''`] : []), unbound, ...matches].join(' || '),
    message: `${opts.field} must be ${opts.what}`,
    messageExpression: `${OBJECT} + ' (claim namespace ' + ${NEW_LABEL} + '): ${opts.field} must be "' + ${derivedName(opts.expected, opts.bound, NEW_LABEL)} + '", ${opts.what.replace(/'/g, "\\'")}, not "' + ${opts.givenInMessage} + '"'`,
    reason: 'Forbidden',
  };
}

// ---------------------------------------------------------------- the objects

function rulesFor(kinds: readonly ResourceKind[], scope: ScopeType): NamedRuleWithOperations[] {
  const byGroup = new Map<string, Set<string>>();
  for (const k of kinds) byGroup.set(k.group, (byGroup.get(k.group) ?? new Set()).add(k.plural));
  return [...byGroup]
    .sort(([a], [b]) => a.localeCompare(b))
    // every version: a new version of a kind must not bypass the policy
    .map(([group, resources]) => ({ apiGroups: [group], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: [...resources].sort(), scope }));
}

const LABELLED = { matchExpressions: [{ key: CLAIM_NAMESPACE_LABEL, operator: 'Exists' }] };

function matchResources(kinds: readonly ResourceKind[], scope: ScopeType, labelledOnly: boolean): MatchResources {
  return { matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: labelledOnly ? LABELLED : {}, resourceRules: rulesFor(kinds, scope) };
}

interface PolicySpec {
  readonly match: MatchResources;
  readonly matchConditions?: readonly MatchCondition[];
  readonly variables?: readonly Variable[];
  readonly validations: readonly Validation[];
}

function policy(name: string, spec: PolicySpec): ValidatingAdmissionPolicy {
  return {
    apiVersion: ADMISSION_API_VERSION,
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name },
    spec: {
      // An error or a timeout must not let an object through: this is a security control.
      failurePolicy: 'Fail',
      matchConstraints: spec.match,
      ...(spec.matchConditions ? { matchConditions: spec.matchConditions } : {}),
      ...(spec.variables ? { variables: spec.variables } : {}),
      validations: spec.validations,
    },
  };
}

function binding(p: ValidatingAdmissionPolicy): ValidatingAdmissionPolicyBinding {
  return { apiVersion: ADMISSION_API_VERSION, kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: p.metadata.name }, spec: { policyName: p.metadata.name, validationActions: ['Deny'] } };
}

const PROVIDER_CONFIG_REF = "has(object.spec.providerConfigRef) ? object.spec.providerConfigRef.name : ''";
const ACCOUNT = 'the ProviderConfig of the AWS account bound to the namespace';
const MANAGEMENT = "the ProviderConfig of the organization's management account";
const TERRAFORM = 'the provider-terraform ProviderConfig of the AWS account bound to the namespace';

/** The names the onboarding objects get (OnboardingNames; replaceable to test the generator's checks). */
export type BoundNames = Pick<typeof OnboardingNames, 'providerConfig' | 'terraformProviderConfig' | 'managementProviderConfig'>;

/** The policies and their bindings for an onboarding list and the package's kinds. */
export function admissionPolicies(org: OrganizationOnboarding, kinds: PackageKinds, names: BoundNames = OnboardingNames): AdmissionPolicySet {
  const bound = org.accounts.map((a) => a.namespace);
  const policies: ValidatingAdmissionPolicy[] = [];
  const isAws = (k: ResourceKind): boolean => k.group.endsWith(AWS_GROUP_SUFFIX);

  const claims = kinds.composites.flatMap((c) => (c.claim ? [c.claim] : []));
  if (claims.length > 0) {
    policies.push(policy(AdmissionPolicyNames.claims, {
      match: matchResources(claims, 'Namespaced', false),
      // A claim being deleted may still be updated (its finalizer removed) after the namespace is unbound.
      matchConditions: [{ name: 'not-being-deleted', expression: '!has(object.metadata.deletionTimestamp)' }],
      validations: [{
        expression: `request.namespace in ${celList(bound)}`,
        message: 'the namespace is not bound to an AWS account; the platform team binds namespaces in the onboarding list',
        messageExpression: `${OBJECT} + ': namespace ' + request.namespace + ' is not bound to an AWS account; the platform team binds namespaces in the onboarding list'`,
        reason: 'Forbidden',
      }],
    }));
  }

  const labelled = [...kinds.composites, ...kinds.managed];
  if (labelled.length > 0) {
    policies.push(policy(AdmissionPolicyNames.claimNamespace, {
      match: matchResources(labelled, 'Cluster', true),
      variables: [CLAIM_NAMESPACE],
      validations: [
        {
          // Setting or changing it would move an object (and what it reconciles) to another namespace's
          // account; removing it is what Crossplane does before deleting a resource it no longer composes.
          expression: `request.operation != 'UPDATE' || variables.claimNamespace == '' || variables.claimNamespace == ${OLD_LABEL}`,
          message: `label ${CLAIM_NAMESPACE_LABEL} may be removed but not set or changed on update`,
          messageExpression: `${OBJECT} + ': label ${CLAIM_NAMESPACE_LABEL} may be removed but not set or changed on update (was "' + ${OLD_LABEL} + '", now "' + ${NEW_LABEL} + '")'`,
          reason: 'Forbidden',
        },
        {
          // Being deleted: finalizers must still come off after a namespace is unbound.
          expression: `variables.claimNamespace == '' || variables.claimNamespace in ${celList(bound)} || has(object.metadata.deletionTimestamp)`,
          message: `label ${CLAIM_NAMESPACE_LABEL} names a namespace that is not bound to an AWS account`,
          messageExpression: `${OBJECT} + ': label ${CLAIM_NAMESPACE_LABEL}="' + ${NEW_LABEL} + '" names a namespace that is not bound to an AWS account'`,
          reason: 'Forbidden',
        },
      ],
    }));
  }

  const providerConfigPolicy = (name: string, ofKinds: readonly ResourceKind[], expected: (ns: string) => string, what: string): void => {
    if (ofKinds.length === 0) return;
    policies.push(policy(name, {
      match: matchResources(ofKinds, 'Cluster', true),
      // providerConfigRef defaults to {name: default} in the provider CRDs; '' only if one did not.
      variables: [CLAIM_NAMESPACE, { name: 'providerConfig', expression: PROVIDER_CONFIG_REF }],
      validations: [boundValueValidation({ field: 'spec.providerConfigRef.name', given: 'variables.providerConfig', givenInMessage: `(${PROVIDER_CONFIG_REF})`, expected, what, allowEmpty: false, bound })],
    }));
  };
  providerConfigPolicy(AdmissionPolicyNames.accountProviderConfig, kinds.managed.filter((k) => isAws(k) && k.group !== MANAGEMENT_ACCOUNT_GROUP), names.providerConfig, ACCOUNT);
  providerConfigPolicy(AdmissionPolicyNames.managementProviderConfig, kinds.managed.filter((k) => k.group === MANAGEMENT_ACCOUNT_GROUP), () => names.managementProviderConfig, MANAGEMENT);
  providerConfigPolicy(AdmissionPolicyNames.terraformProviderConfig, kinds.managed.filter((k) => k.group === TERRAFORM_GROUP), names.terraformProviderConfig, TERRAFORM);

  const parameterPolicy = (name: string, parameter: ProviderConfigParameter, expected: (ns: string) => string, what: string): void => {
    const ofKinds = kinds.composites.filter((c) => c.providerConfigParameters.includes(parameter));
    if (ofKinds.length === 0) return;
    const field = `object.spec.parameters.${parameter}`;
    policies.push(policy(name, {
      match: matchResources(ofKinds, 'Cluster', true),
      // Absent, the parameter names nothing (the composed resources are checked themselves).
      variables: [CLAIM_NAMESPACE, { name: 'given', expression: `has(object.spec.parameters) && has(${field}) ? ${field} : ''` }],
      validations: [boundValueValidation({ field: `spec.parameters.${parameter}`, given: 'variables.given', givenInMessage: field, expected, what, allowEmpty: true, bound })],
    }));
  };
  parameterPolicy(AdmissionPolicyNames.providerConfigParameter, 'providerConfigName', names.providerConfig, ACCOUNT);
  parameterPolicy(AdmissionPolicyNames.managementProviderConfigParameter, 'managementProviderConfigName', () => names.managementProviderConfig, MANAGEMENT);

  const composed = new Set(kinds.composedProviderConfigs.map((k) => `${k.group}/${k.plural}`));
  const guardedConfigs = PROVIDER_CONFIG_KINDS.filter((k) => !composed.has(`${k.group}/${k.plural}`));
  if (guardedConfigs.length > 0) {
    policies.push(policy(AdmissionPolicyNames.providerConfigs, {
      match: matchResources(guardedConfigs, 'Cluster', true),
      variables: [CLAIM_NAMESPACE],
      validations: [{
        expression: "variables.claimNamespace == ''",
        message: "a ProviderConfig holds an account's credentials: onboarding creates it, never a composition",
        messageExpression: `${OBJECT} + ': a ProviderConfig holds an account\\'s credentials: onboarding creates it, never a composition (it carries ${CLAIM_NAMESPACE_LABEL}="' + ${NEW_LABEL} + '")'`,
        reason: 'Forbidden',
      }],
    }));
  }
  // The organization's composite (platform-only, no claim) acts only in the organization's own
  // accounts: its managed resources name one of its ProviderConfigs (Organizations kinds: the
  // management account's), and its composites' providerConfigName one of its AWS ones.
  const orgConfigs = organizationProviderConfigs();
  const orgAws = kinds.managed.filter((k) => isAws(k) && k.group !== MANAGEMENT_ACCOUNT_GROUP);
  const orgMatch = (ofKinds: readonly ResourceKind[]): MatchResources => ({
    ...matchResources(ofKinds, 'Cluster', false),
    objectSelector: { matchExpressions: [{ key: ROOT_COMPOSITE_LABEL, operator: 'In', values: [OnboardingNames.organizationComposite] }] },
  });
  const orgObject = `${OBJECT} + ' (organization composite ${OnboardingNames.organizationComposite})`;
  const oneOf = (given: string, allowed: readonly string[], field: string, what: string, givenInMessage: string): Validation => ({
    expression: allowed.length === 1 ? `${given} == ${celString(allowed[0]!)}` : `${given} in ${celList(allowed)}`,
    message: `${field} must be ${what}`,
    messageExpression: `${orgObject}: ${field} must be ${allowed.map((a) => `"${a}"`).join(' or ')}, ${what.replace(/'/g, "\\'")}, not "' + ${givenInMessage} + '"'`,
    reason: 'Forbidden',
  });
  const orgManaged = [...orgAws, ...kinds.managed.filter((k) => k.group === MANAGEMENT_ACCOUNT_GROUP || k.group === TERRAFORM_GROUP)];
  if (orgManaged.length > 0) {
    const group = 'request.resource.group';
    const given = 'variables.providerConfig';
    const inMessage = `(${PROVIDER_CONFIG_REF})`;
    const validations: Validation[] = [];
    const guard = (cond: string, v: Validation): Validation => ({ ...v, expression: `!(${cond}) || ${v.expression}` });
    if (orgAws.length > 0) {
      validations.push(guard(`${group} != ${celString(MANAGEMENT_ACCOUNT_GROUP)} && ${group} != ${celString(TERRAFORM_GROUP)}`,
        oneOf(given, orgConfigs.aws, 'spec.providerConfigRef.name', "a ProviderConfig of the organization's management or security account", inMessage)));
    }
    validations.push(guard(`${group} == ${celString(MANAGEMENT_ACCOUNT_GROUP)}`, oneOf(given, [names.managementProviderConfig], 'spec.providerConfigRef.name', MANAGEMENT, inMessage)));
    validations.push(guard(`${group} == ${celString(TERRAFORM_GROUP)}`,
      oneOf(given, orgConfigs.terraform, 'spec.providerConfigRef.name', "a provider-terraform ProviderConfig of the organization's management or security account", inMessage)));
    policies.push(policy(AdmissionPolicyNames.organizationProviderConfig, {
      match: orgMatch(orgManaged),
      variables: [{ name: 'providerConfig', expression: PROVIDER_CONFIG_REF }],
      validations,
    }));
  }
  const orgComposites = kinds.composites.filter((c) => c.providerConfigParameters.includes('providerConfigName'));
  if (orgComposites.length > 0) {
    const field = 'object.spec.parameters.providerConfigName';
    policies.push(policy(AdmissionPolicyNames.organizationProviderConfigParameter, {
      match: orgMatch(orgComposites),
      variables: [{ name: 'given', expression: `has(object.spec.parameters) && has(${field}) ? ${field} : ''` }],
      validations: [{
        ...oneOf('variables.given', orgConfigs.aws, 'spec.parameters.providerConfigName', "a ProviderConfig of the organization's management or security account", field),
        expression: `variables.given == '' || variables.given in ${celList(orgConfigs.aws)}`,
      }],
    }));
  }

  return { policies, bindings: policies.map(binding) };
}

/** The policies as a chart: synthesized to deploy/onboarding/admission-policies.yaml. */
export class AdmissionPolicyChart extends Chart {
  constructor(scope: Construct, id: string, set: AdmissionPolicySet) {
    super(scope, id, { disableResourceNameHashes: true });
    type Props = ConstructorParameters<typeof ApiObject>[2];
    for (const p of set.policies) new ApiObject(this, `policy-${p.metadata.name}`, p as unknown as Props);
    for (const b of set.bindings) new ApiObject(this, `binding-${b.metadata.name}`, b as unknown as Props);
  }
}

/** The YAML of deploy/onboarding/admission-policies.yaml for a synthesized package's objects. */
export function admissionPoliciesYaml(packageObjects: readonly Record<string, unknown>[], org: OrganizationOnboarding, bundle: SchemaBundle = SchemaBundle.load()): string {
  const chart = new AdmissionPolicyChart(new App(), 'admission-policies', admissionPolicies(org, packageKinds(packageObjects, bundle)));
  return toYaml(chart.toJson() as Record<string, unknown>[]);
}
