// Accounts are platform data, not claim input. The platform team lists, in TypeScript, which
// namespace is bound to which AWS account (and which role the providers assume there); everything
// that decides where a claim lands is derived from this list: the Namespace, the tenant RBAC, the
// ProviderConfigs, the EnvironmentConfig the compositions read through function-environment-configs,
// the admission policies, and the GitOps tree. A claim cannot name an account, a ProviderConfig, a
// role or an OU: its namespace decides.
import { REGIONS, MAX_SUFFIX_LENGTH, type Region } from '../kernel/parameters';
import { MAX_ALLOWED_REGIONS, MAX_GUARDRAIL_TARGETS, protectBaselineScp, regionGuardrailScp, SCP_MAX_CHARACTERS } from '../policy/scp';

/** The break-glass role the identity domain creates in an account of this environment (charts/identity.ts BREAK_GLASS_ROLE_NAME). */
export const breakGlassRoleNameOf = (environment: string): string => `zta-break-glass-${environment}`;

/** A role a provider assumes in an account, on top of its own pod identity (assume-role chain). */
export interface ProviderIdentity {
  /** arn:aws:iam::<accountId>:role/<path/name> in the account the identity is for. */
  readonly roleArn: string;
  /** The sts:ExternalId the role's trust policy requires (2-1224 of [\w+=,.@:/-]). */
  readonly externalId: string;
}

/** One AWS account, bound to one tenant namespace. */
export interface OnboardedAccount {
  /** The tenant namespace its claims live in (an RFC 1123 label). One namespace per account. */
  readonly namespace: string;
  /** 12-digit AWS account id. */
  readonly accountId: string;
  /** Region the baseline's regional resources are created in. */
  readonly homeRegion: Region;
  /** Regions the account may use at all (guardrails); includes homeRegion. */
  readonly allowedRegions: readonly Region[];
  /** Environment suffix appended to every AWS name in the account: [a-z0-9], at most 12. */
  readonly environment: string;
  /** Role provider-upjet-aws and provider-terraform assume in the account. */
  readonly provider: ProviderIdentity;
  /** Kubernetes groups (from the cluster's authenticator) allowed to manage claims in the namespace. */
  readonly tenantGroups: readonly string[];
  /** Organizational unit the account sits in: ou-<root>-<suffix>. */
  readonly organizationalUnitId: string;
  /**
   * Where the organization's guardrails attach for this account: its OU (default; every account of
   * the OU shares them) or, where asked, the account itself (e.g. an account whose OU is shared with
   * workloads outside this platform).
   */
  readonly guardrailsAttachment?: 'organizationalUnit' | 'account';
}

/** A list GuardDuty's administrator applies to every member (threat-intel or trusted-IP set). */
export interface GuardDutyList {
  /** 3-50 of letters, digits, '.', '_', '-'; the organization's environment is appended. */
  readonly name: string;
  /** Key of the list object in the lists bucket the security account's baseline creates. */
  readonly objectKey: string;
  readonly format: 'TXT' | 'STIX' | 'OTX_CSV' | 'ALIEN_VAULT' | 'PROOF_POINT' | 'FIRE_EYE';
}

/** One of the organization's own accounts (management, security): where and how the providers act there. */
export interface OrganizationAccount {
  readonly accountId: string;
  readonly homeRegion: Region;
  readonly provider: ProviderIdentity;
}

/** The AWS organization the accounts belong to. */
export interface OrganizationOnboarding {
  /** o-[a-z0-9]{10,32}. */
  readonly organizationId: string;
  /** The organization's root, r-[0-9a-z]{4,32} (organization-wide configuration attaches there). @default - not known */
  readonly organizationRootId?: string;
  /** Suffix of the organization-wide AWS names (SCPs, RCPs, aggregators): [a-z0-9], at most 12. */
  readonly environment: string;
  /** The management account: service and resource control policies, delegated administrator registrations. */
  readonly managementAccount: OrganizationAccount;
  /**
   * The security (audit) account: delegated administrator of GuardDuty, Security Hub, AWS Config,
   * IAM Access Analyzer, Macie and Inspector for the whole organization.
   */
  readonly securityAccount: OrganizationAccount;
  /** Threat intelligence the GuardDuty administrator applies to every member. @default - none */
  readonly threatIntelligence?: { readonly threatIntelSets: readonly GuardDutyList[]; readonly trustedIpSets: readonly GuardDutyList[] };
  readonly accounts: readonly OnboardedAccount[];
}

// Kept in a module of its own so that the render CLI reads them without loading the charts' library.
export { OnboardingLabels } from './onboarding-labels';

export const OnboardingNames = {
  /** provider-upjet-aws ProviderConfig (cluster-scoped) with the account's assume-role chain. */
  providerConfig: (namespace: string): string => `zta-${namespace}`,
  /** provider-terraform ProviderConfig (cluster-scoped) for the account. */
  terraformProviderConfig: (namespace: string): string => `zta-${namespace}-terraform`,
  /** The EnvironmentConfig that binds the namespace to the account. */
  environmentConfig: (namespace: string): string => `zta-account-${namespace}`,
  /** provider-upjet-aws ProviderConfig of the organization's management account. */
  managementProviderConfig: 'zta-organization-management',
  /** provider-upjet-aws ProviderConfig of the security (delegated administrator) account. */
  securityProviderConfig: 'zta-organization-security',
  /** provider-terraform ProviderConfig of the security account (resources no provider kind covers). */
  securityTerraformProviderConfig: 'zta-organization-security-terraform',
  /** provider-terraform ProviderConfig of the management account. */
  managementTerraformProviderConfig: 'zta-organization-management-terraform',
  /** The organization's composite (XZeroTrustOrganization), one per cluster, generated from the list. */
  organizationComposite: 'zta-organization',
} as const;

/** The ProviderConfigs the organization's composite may use, and nothing else (admission policies). */
export function organizationProviderConfigs(): { readonly aws: readonly string[]; readonly terraform: readonly string[] } {
  return {
    aws: [OnboardingNames.managementProviderConfig, OnboardingNames.securityProviderConfig],
    terraform: [OnboardingNames.managementTerraformProviderConfig, OnboardingNames.securityTerraformProviderConfig],
  };
}

/**
 * What the compositions read from the namespace's EnvironmentConfig (`data`), the only source of
 * the account, region and credentials a claim's resources use.
 */
export interface AccountBinding {
  readonly account: {
    readonly id: string;
    readonly namespace: string;
    readonly region: Region;
    readonly allowedRegions: readonly Region[];
    readonly environment: string;
    /** Path and name of the role the providers assume (`role/<this>` in its ARN): the guardrails exempt it. */
    readonly provisioningRoleName: string;
  };
  readonly providerConfigName: string;
  readonly terraform: { readonly providerConfigName: string; readonly roleArn: string };
  readonly organization: {
    readonly id: string;
    readonly organizationalUnitId: string;
    readonly managementProviderConfigName: string;
    /** The delegated administrator of the security services (GuardDuty, Security Hub, Config, ...). */
    readonly securityAccountId: string;
  };
}

export function accountBinding(org: OrganizationOnboarding, account: OnboardedAccount): AccountBinding {
  return {
    account: {
      id: account.accountId,
      namespace: account.namespace,
      region: account.homeRegion,
      allowedRegions: [...account.allowedRegions],
      environment: account.environment,
      provisioningRoleName: roleNameOf(account.provider.roleArn),
    },
    providerConfigName: OnboardingNames.providerConfig(account.namespace),
    terraform: { providerConfigName: OnboardingNames.terraformProviderConfig(account.namespace), roleArn: account.provider.roleArn },
    organization: {
      id: org.organizationId,
      organizationalUnitId: account.organizationalUnitId,
      managementProviderConfigName: OnboardingNames.managementProviderConfig,
      securityAccountId: org.securityAccount.accountId,
    },
  };
}

// ------------------------------------------------------------------------------ the organization

/** AWS Organizations target types (AttachPolicy TargetId: a root, an OU or an account). */
export type GuardrailTargetType = 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';

/**
 * Where the organization's guardrails attach. An OU target takes the protections of the accounts
 * attached at OU level; an account target takes the region guardrail (every account: its regions
 * are exact, so two accounts of one OU with different regions each get their own) and, when the
 * account asked for guardrailsAttachment 'account', the protections too.
 */
export interface GuardrailTarget {
  /** The OU id or account id (AttachPolicy TargetId); also the token that makes per-target policy names unique. */
  readonly id: string;
  readonly type: GuardrailTargetType;
  /** The environment suffix of the accounts under the target: their break-glass role `zta-break-glass-<environment>` is exempt. */
  readonly environment: string;
  /** Path and name of the provisioning role of the accounts under the target (exempt). */
  readonly provisioningRoleName: string;
  /** Whether the protections (organization and baseline SCPs, data perimeter RCP) attach here. */
  readonly protections: boolean;
  /** Present on account targets: the account's region guardrail allows exactly these. */
  readonly allowedRegions?: readonly Region[];
}

/** What the organization's composite (XZeroTrustOrganization) is given: `spec.parameters`, generated by synth. */
export interface OrganizationParameters {
  readonly organizationId: string;
  readonly organizationRootId?: string;
  readonly environment: string;
  readonly managementAccount: { readonly id: string; readonly region: Region };
  readonly securityAccount: { readonly id: string; readonly region: Region };
  /** Every region some account may use and the security account's home region (sorted): controls must exist wherever workloads may run. */
  readonly regions: readonly Region[];
  /** `regions` without the security account's home region (the regions an aggregator there links). */
  readonly linkedRegions: readonly Region[];
  readonly targets: readonly GuardrailTarget[];
  readonly threatIntelligence: { readonly threatIntelSets: readonly GuardDutyList[]; readonly trustedIpSets: readonly GuardDutyList[] };
}

/** The guardrail targets of the onboarding list: OUs first (in order of first use), then every account. */
export function guardrailTargets(org: OrganizationOnboarding): GuardrailTarget[] {
  const ous = new Map<string, OnboardedAccount>();
  for (const a of org.accounts) {
    if ((a.guardrailsAttachment ?? 'organizationalUnit') === 'organizationalUnit' && !ous.has(a.organizationalUnitId)) ous.set(a.organizationalUnitId, a);
  }
  const exempt = (a: OnboardedAccount) => ({ environment: a.environment, provisioningRoleName: roleNameOf(a.provider.roleArn) });
  return [
    ...[...ous].map(([id, first]) => ({ id, type: 'ORGANIZATIONAL_UNIT' as const, ...exempt(first), protections: true })),
    ...org.accounts.map((a) => ({
      id: a.accountId, type: 'ACCOUNT' as const, ...exempt(a), protections: a.guardrailsAttachment === 'account', allowedRegions: [...a.allowedRegions],
    })),
  ];
}

/**
 * The organization composite's parameters. Throws when the organization has more guardrail targets
 * than the composite has slots (one per OU with accounts attached at OU level, one per account).
 */
export function organizationParameters(org: OrganizationOnboarding): OrganizationParameters {
  const targets = guardrailTargets(org);
  if (targets.length > MAX_GUARDRAIL_TARGETS) {
    throw new OnboardingError(`onboarding: accounts: must make at most ${MAX_GUARDRAIL_TARGETS} guardrail targets (one per OU with accounts attached at OU level, one per account; XOrganizationGuardrails has ${MAX_GUARDRAIL_TARGETS} target slots) (got ${targets.length}: ${targets.map((t) => t.id).join(', ')})`);
  }
  const regions = [...new Set([...org.accounts.flatMap((a) => a.allowedRegions), org.securityAccount.homeRegion])].sort();
  return {
    organizationId: org.organizationId,
    ...(org.organizationRootId !== undefined ? { organizationRootId: org.organizationRootId } : {}),
    environment: org.environment,
    managementAccount: { id: org.managementAccount.accountId, region: org.managementAccount.homeRegion },
    securityAccount: { id: org.securityAccount.accountId, region: org.securityAccount.homeRegion },
    regions,
    linkedRegions: regions.filter((r) => r !== org.securityAccount.homeRegion),
    targets,
    threatIntelligence: {
      threatIntelSets: [...(org.threatIntelligence?.threatIntelSets ?? [])],
      trustedIpSets: [...(org.threatIntelligence?.trustedIpSets ?? [])],
    },
  };
}

/** `platform/zta-provisioning` of arn:aws:iam::444455556666:role/platform/zta-provisioning. */
function roleNameOf(roleArn: string): string {
  return roleArn.slice(roleArn.indexOf(':role/') + ':role/'.length);
}

// ------------------------------------------------------------------------------ validation

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ACCOUNT_ID = /^[0-9]{12}$/;
const ROLE_ARN = /^arn:aws:iam::([0-9]{12}):role\/[A-Za-z0-9_+=,.@/-]{1,576}$/;
const EXTERNAL_ID = /^[A-Za-z0-9_+=,.@:/-]{2,1224}$/;
const ENVIRONMENT = new RegExp(`^[a-z0-9]{1,${MAX_SUFFIX_LENGTH}}$`);
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const GUARDDUTY_LIST_NAME = /^[A-Za-z0-9._-]{3,50}$/;
const GUARDDUTY_LIST_FORMATS: readonly string[] = ['TXT', 'STIX', 'OTX_CSV', 'ALIEN_VAULT', 'PROOF_POINT', 'FIRE_EYE'];
// Kubernetes group names are free-form, but a wildcard or a system group would bind everyone.
const TENANT_GROUP = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,255}$/;
// "zta-<namespace>-terraform" and "zta-account-<namespace>" must stay valid object names.
const MAX_NAMESPACE_LENGTH = 63;

export class OnboardingError extends Error {}

function check(problems: string[], ok: boolean, where: string, what: string, got: unknown): void {
  if (!ok) problems.push(`${where}: ${what} (got ${JSON.stringify(got)})`);
}

function identityProblems(problems: string[], where: string, id: ProviderIdentity, accountId: string): void {
  const m = ROLE_ARN.exec(id?.roleArn ?? '');
  check(problems, m !== null, `${where}.roleArn`, 'must be an IAM role ARN arn:aws:iam::<12 digits>:role/<path/name>', id?.roleArn);
  if (m) check(problems, m[1] === accountId, `${where}.roleArn`, `must be a role in account ${accountId}, the account it is for`, id.roleArn);
  check(problems, EXTERNAL_ID.test(id?.externalId ?? ''), `${where}.externalId`, 'must be 2-1224 of letters, digits and _+=,.@:/-', id?.externalId);
}

/**
 * Validates the onboarding list and returns it unchanged; throws one OnboardingError naming every
 * problem (field, what is allowed, what was given). Bindings must be unambiguous: one namespace per
 * account and environment, every name derived from the list unique.
 */
export function defineOnboarding(org: OrganizationOnboarding): OrganizationOnboarding {
  const problems: string[] = [];
  check(problems, ORGANIZATION_ID.test(org.organizationId ?? ''), 'organizationId', 'must be o- followed by 10-32 lowercase letters or digits', org.organizationId);
  if (org.organizationRootId !== undefined) check(problems, /^r-[0-9a-z]{4,32}$/.test(org.organizationRootId), 'organizationRootId', 'must be r- followed by 4-32 lowercase letters or digits', org.organizationRootId);
  check(problems, ENVIRONMENT.test(org.environment ?? ''), 'environment', `must be 1-${MAX_SUFFIX_LENGTH} lowercase letters and digits (it suffixes every organization-wide AWS name)`, org.environment);
  const mgmt = org.managementAccount;
  const security = org.securityAccount;
  for (const [where, a] of [['managementAccount', mgmt], ['securityAccount', security]] as const) {
    check(problems, ACCOUNT_ID.test(a?.accountId ?? ''), `${where}.accountId`, 'must be 12 digits', a?.accountId);
    check(problems, (REGIONS as readonly string[]).includes(a?.homeRegion), `${where}.homeRegion`, `must be one of ${REGIONS.join(', ')}`, a?.homeRegion);
    identityProblems(problems, `${where}.provider`, a?.provider, a?.accountId);
  }
  check(problems, security?.accountId !== mgmt?.accountId, 'securityAccount.accountId', 'must not be the management account (AWS refuses the management account as delegated administrator)', security?.accountId);
  const lists = org.threatIntelligence;
  for (const [kind, entries] of [['threatIntelSets', lists?.threatIntelSets ?? []], ['trustedIpSets', lists?.trustedIpSets ?? []]] as const) {
    const names = new Set<string>();
    entries.forEach((l, j) => {
      const at = `threatIntelligence.${kind}[${j}]`;
      check(problems, GUARDDUTY_LIST_NAME.test(l.name ?? ''), `${at}.name`, "must be 3-50 letters, digits, '.', '_' or '-'", l.name);
      check(problems, !names.has(l.name), `${at}.name`, 'is used twice (GuardDuty names a list once per detector)', l.name);
      names.add(l.name);
      check(problems, typeof l.objectKey === 'string' && l.objectKey.length > 0 && l.objectKey.length <= 256 && !l.objectKey.startsWith('/'), `${at}.objectKey`, 'must be an S3 object key (1-256 characters, no leading /)', l.objectKey);
      check(problems, GUARDDUTY_LIST_FORMATS.includes(l.format), `${at}.format`, `must be one of ${GUARDDUTY_LIST_FORMATS.join(', ')}`, l.format);
    });
  }
  // GuardDuty quotas per detector (AWS: 6 threat-intel sets, 1 trusted-IP set).
  check(problems, (lists?.threatIntelSets ?? []).length <= 6, 'threatIntelligence.threatIntelSets', 'may hold at most 6 lists (GuardDuty quota per administrator detector)', (lists?.threatIntelSets ?? []).length);
  check(problems, (lists?.trustedIpSets ?? []).length <= 1, 'threatIntelligence.trustedIpSets', 'may hold at most 1 list (GuardDuty quota per administrator detector)', (lists?.trustedIpSets ?? []).length);
  check(problems, Array.isArray(org.accounts) && org.accounts.length > 0, 'accounts', 'must list at least one account', org.accounts);

  const namespaces = new Map<string, number>();
  const accountEnvironments = new Map<string, number>();
  (org.accounts ?? []).forEach((a, i) => {
    const at = `accounts[${i}]`;
    check(problems, DNS_LABEL.test(a.namespace ?? '') && a.namespace.length <= MAX_NAMESPACE_LENGTH, `${at}.namespace`, `must be a lowercase RFC 1123 label of at most ${MAX_NAMESPACE_LENGTH} characters`, a.namespace);
    check(problems, !['default', 'kube-system', 'kube-public', 'kube-node-lease', 'crossplane-system', 'argocd'].includes(a.namespace), `${at}.namespace`, 'must be a namespace of its own, not a system namespace', a.namespace);
    const seenNs = namespaces.get(a.namespace);
    check(problems, seenNs === undefined, `${at}.namespace`, `is already bound (accounts[${seenNs}]): one namespace per account`, a.namespace);
    if (seenNs === undefined) namespaces.set(a.namespace, i);
    check(problems, ACCOUNT_ID.test(a.accountId ?? ''), `${at}.accountId`, 'must be 12 digits', a.accountId);
    check(problems, a.accountId !== mgmt?.accountId, `${at}.accountId`, 'must not be the management account (it holds the guardrails, not a baseline)', a.accountId);
    check(problems, a.accountId !== security?.accountId, `${at}.accountId`, 'must not be the security account (the organization layer administers it)', a.accountId);
    check(problems, a.guardrailsAttachment === undefined || a.guardrailsAttachment === 'organizationalUnit' || a.guardrailsAttachment === 'account', `${at}.guardrailsAttachment`, 'must be organizationalUnit or account', a.guardrailsAttachment);
    const key = `${a.accountId}/${a.environment}`;
    const seenAccount = accountEnvironments.get(key);
    check(problems, seenAccount === undefined, `${at}`, `binds account ${a.accountId} with environment "${a.environment}" again (accounts[${seenAccount}]): their AWS names would collide`, a.namespace);
    if (seenAccount === undefined) accountEnvironments.set(key, i);
    check(problems, (REGIONS as readonly string[]).includes(a.homeRegion), `${at}.homeRegion`, `must be one of ${REGIONS.join(', ')}`, a.homeRegion);
    check(problems, Array.isArray(a.allowedRegions) && a.allowedRegions.length > 0 && a.allowedRegions.every((r) => (REGIONS as readonly string[]).includes(r)), `${at}.allowedRegions`, `must be a non-empty list of ${REGIONS.join(', ')}`, a.allowedRegions);
    // The region guardrail has one content patch per list length (charts/organization-guardrails.ts).
    check(problems, (a.allowedRegions ?? []).length <= MAX_ALLOWED_REGIONS, `${at}.allowedRegions`, `must list at most ${MAX_ALLOWED_REGIONS} regions (the region guardrail's limit)`, a.allowedRegions);
    check(problems, new Set(a.allowedRegions ?? []).size === (a.allowedRegions ?? []).length, `${at}.allowedRegions`, 'must not repeat a region', a.allowedRegions);
    check(problems, (a.allowedRegions ?? []).includes(a.homeRegion), `${at}.allowedRegions`, `must include homeRegion ${a.homeRegion}`, a.allowedRegions);
    check(problems, ENVIRONMENT.test(a.environment ?? ''), `${at}.environment`, `must be 1-${MAX_SUFFIX_LENGTH} lowercase letters and digits (it suffixes every AWS name)`, a.environment);
    identityProblems(problems, `${at}.provider`, a.provider, a.accountId);
    check(problems, Array.isArray(a.tenantGroups) && a.tenantGroups.length > 0, `${at}.tenantGroups`, 'must name at least one group', a.tenantGroups);
    for (const [j, g] of (a.tenantGroups ?? []).entries()) {
      check(problems, TENANT_GROUP.test(g) && !g.startsWith('system:'), `${at}.tenantGroups[${j}]`, 'must be a group name, not a system: group or a wildcard', g);
    }
    check(problems, OU_ID.test(a.organizationalUnitId ?? ''), `${at}.organizationalUnitId`, 'must look like ou-ab12-cd34ef56', a.organizationalUnitId);
    // The exemptions are written into every statement of the guardrail SCPs: a long role path
    // would push a document over AWS's 5,120 characters (POLICY_CONTENT_LIMIT_EXCEEDED).
    const role = ROLE_ARN.exec(a.provider?.roleArn ?? '') ? roleNameOf(a.provider.roleArn) : undefined;
    if (role !== undefined && ENVIRONMENT.test(a.environment ?? '')) {
      const exemptions = { breakGlassRoleName: breakGlassRoleNameOf(a.environment), provisioningRoleName: role };
      const regions = (a.allowedRegions ?? []).length > 0 ? a.allowedRegions : [a.homeRegion];
      const size = Math.max(protectBaselineScp(exemptions).toString().length, regionGuardrailScp(exemptions, regions).toString().length);
      check(problems, size <= SCP_MAX_CHARACTERS, `${at}.provider.roleArn`, `must have a shorter role path/name: the guardrail SCPs exempting it would have ${size} characters, more than AWS's ${SCP_MAX_CHARACTERS}`, a.provider?.roleArn);
    }
  });
  // Guardrails attached at an OU exempt one break-glass role (zta-break-glass-<environment>) and one
  // provisioning role: every account attached there must have the same, or a role of one account's
  // name would be exempt in the others (and could be created there to escape the guardrails).
  const atOu = new Map<string, number>();
  (org.accounts ?? []).forEach((a, i) => {
    if ((a.guardrailsAttachment ?? 'organizationalUnit') !== 'organizationalUnit') return;
    const j = atOu.get(a.organizationalUnitId);
    if (j === undefined) {
      atOu.set(a.organizationalUnitId, i);
      return;
    }
    const first = org.accounts[j]!;
    const fix = `the guardrails of OU ${a.organizationalUnitId} exempt one break-glass and one provisioning role; align them or set guardrailsAttachment: 'account'`;
    if (ROLE_ARN.test(a.provider?.roleArn ?? '') && ROLE_ARN.test(first.provider?.roleArn ?? '')) {
      check(problems, roleNameOf(a.provider.roleArn) === roleNameOf(first.provider.roleArn), `accounts[${i}].provider.roleArn`, `must have the provisioning role path/name of accounts[${j}] (${roleNameOf(first.provider.roleArn)}): ${fix}`, a.provider.roleArn);
    }
    if (ENVIRONMENT.test(a.environment ?? '') && ENVIRONMENT.test(first.environment ?? '')) check(problems, a.environment === first.environment, `accounts[${i}].environment`, `must be accounts[${j}]'s environment "${first.environment}" (its break-glass role zta-break-glass-<environment> is exempt): ${fix}`, a.environment);
  });
  if (problems.length > 0) throw new OnboardingError(`onboarding: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  return org;
}
