// Service control policies of the organization's guardrails (charts/organization-guardrails.ts),
// built with the typed policy model. Every statement that protects the baseline is a deny that
// exempts exactly two principals by aws:PrincipalArn: the named break-glass role and the
// platform's own provisioning role of the accounts under the target. Statements nobody needs an
// exemption from (leaving the organization, the root user) form one exemption-free SCP shared by
// every target. An SCP never grants anything; FullAWSAccess (attached by AWS to every root, OU and
// account) still has to allow what IAM grants.
//
// Layout (issue 13): the tamper denies of every baseline control (compositions/blocks/organization/guardrail-actions.ts)
// fit the two per-target documents that already existed, so no target spends a new slot: the
// exemption (two role ARNs, up to ~250 characters) is what fills an SCP, so denies with the same
// condition share one statement (mergedDenyStatement) instead of one per control. Account-wide
// services, keys, exempt roles and tag keys go to the baseline SCP; the denies scoped by name
// (zta-...-<env>) or platform tag go to the account guardrail. A shared, exemption-free or
// pattern-exempt policy cannot take them: each target exempts its own provisioning role, whose
// name the onboarding does not constrain. The shared zta-protect-organization takes only what
// nobody needs, the platform included (root, leaving, log channels the baseline never opens).
// Every key the platform creates carries zerotrust.io/key-purpose, so one key statement protects
// the encryption domain's and the BYOK keys; wildcards are reviewed families (a test pins each).
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
import {
  KEY_PURPOSE_TAG, BACKUP_TAMPERING_ACTIONS, BASELINE_RESOURCE_TAMPERING_ACTIONS, EXTERNAL_KEY_TAMPERING_ACTIONS, mergedDenyStatement, PRIVATE_API_TAMPERING_ACTIONS,
  PROTECTED_TAG_CHANGES, ROLE_CHANGE_ACTIONS, SECURITY_SERVICE_SHUTDOWN_ACTIONS, TAGGED_NETWORK_TAMPERING_ACTIONS, tamperingDenyStatements, UNUSED_LOG_CHANNELS, type TamperingGuardrail,
} from '../blocks/organization/guardrail-actions';
import { ConditionOperator, denyUnlessPrincipal, Effect, KMS_DESTRUCTIVE_ACTIONS, PolicyDocument, PolicyStatement } from './iam';

/** Largest SCP document AWS Organizations accepts, in characters. */
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
export const SCP_MAX_CHARACTERS = 5120;
/** SCPs that can be attached directly to one root, OU or account (FullAWSAccess counts). */
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html ("Maximum
// number of SCPs attached to a root, OU or account: 5"; AttachPolicy then fails with
// ConstraintViolationException POLICY_NUMBER_LIMIT_EXCEEDED).
export const SCP_MAX_PER_TARGET = 5;

/**
 * How the five direct SCP slots of a target are spent. FullAWSAccess stays attached (detaching it
 * without an allow list denies everything); the organization-wide protections and the target's own
 * protections go to OU targets and to accounts that take their guardrails directly; the region
 * guardrail goes to every account (its regions are exact per account). At least one slot is left
 * for a customer SCP on every target.
 */
export const SCP_BUDGET_PER_TARGET = {
  /** AWS's FullAWSAccess, attached to every root, OU and account. */
  fullAwsAccess: 1,
  /** zta-protect-organization-<env>: shared, content identical for every target. */
  organizationProtection: 1,
  /** zta-protect-baseline-<target>-<env>: the target's exemptions. */
  baselineProtection: 1,
  /** zta-account-guardrail-<account>-<env>: the account's own regions and the denies scoped to the baseline's names and tags. */
  regionGuardrail: 1,
  /** Kept free for the organization's own SCPs. */
  reservedForCustomer: 1,
} as const;
/** Regions a region guardrail can allow: one content patch per count (P&T cannot loop over a list). */
export const MAX_ALLOWED_REGIONS = 6;

/** The two principals every guardrail exempts. */
export interface GuardrailExemptions {
  /** Role name (optionally with its path, `path/name`) of the break-glass role. */
  readonly breakGlassRoleName: string;
  /** Role name (optionally with its path) the platform provisions accounts with. */
  readonly provisioningRoleName: string;
}

/**
 * ARN patterns of the exempt roles in any account the SCP is attached to. The role name is matched
 * exactly (no wildcard in the name), so a role called `<name>-copy` is not exempt.
 */
export function exemptRoleArns(e: GuardrailExemptions): string[] {
  return [`arn:aws:iam::*:role/${e.breakGlassRoleName}`, `arn:aws:iam::*:role/${e.provisioningRoleName}`];
}

export { KEY_PURPOSE_TAG };

/** Who is exempt, and the environment suffix every baseline name of the target ends with. */
export interface GuardrailScope extends GuardrailExemptions {
  /**
   * Environment suffix of the accounts under the target (`zta-...-<environment>`).
   * @default - the suffix of the break-glass role name, `zta-break-glass-<environment>`
   */
  readonly environment?: string;
}

const BREAK_GLASS_PREFIX = 'zta-break-glass-';
/** The environment the name-scoped denies use: given, or the break-glass role's suffix (both come from the same onboarding entry). */
export function guardrailEnvironment(e: GuardrailScope): string {
  if (e.environment !== undefined) return e.environment;
  if (e.breakGlassRoleName.startsWith(BREAK_GLASS_PREFIX) && e.breakGlassRoleName.length > BREAK_GLASS_PREFIX.length) return e.breakGlassRoleName.slice(BREAK_GLASS_PREFIX.length);
  throw new Error(`guardrail scope: no environment given and the break-glass role name '${e.breakGlassRoleName}' is not ${BREAK_GLASS_PREFIX}<environment>; pass environment`);
}

/**
 * The target's baseline protection (`zta-protect-baseline-<target>-<env>`): the account-wide
 * security services cannot be switched off or blinded (one statement: the exemption is written once),
 * the baseline's KMS keys cannot be destroyed (KMS.3), the exempt roles cannot be taken over, and the
 * platform's tags, which the tag-scoped denies rely on, cannot be changed; all except by the target's
 * break-glass and provisioning roles.
 */
export function protectBaselineScp(e: GuardrailExemptions): PolicyDocument {
  const exempt = exemptRoleArns(e);
  // CloudTrail and Config keep statements of their own (the security report and SIEM name them);
  // every other account-wide service shares one.
  const own = SECURITY_SERVICE_SHUTDOWN_ACTIONS.filter((g) => OWN_STATEMENT.includes(g.sid));
  const services = [
    ...tamperingDenyStatements(own, exempt),
    mergedDenyStatement('DenySecurityServiceShutdown', SECURITY_SERVICE_SHUTDOWN_ACTIONS.filter((g) => !OWN_STATEMENT.includes(g.sid)), exempt),
  ];
  // Every key the platform creates carries zerotrust.io/key-purpose (the encryption domain's keys and
  // issue 14's BYOK keys, purpose `byok`), so one statement keeps them all: the BYOK denies ride on it
  // (written once, the exemption too). Aliases and grants authorize on the key as well as the alias:
  // a deny on the tagged key stops repointing, deleting or revoking them (IAM evaluates every resource).
  const keys = denyUnlessPrincipal({
    sid: 'DenyBaselineKeyDestruction',
    actions: [...new Set([...KMS_DESTRUCTIVE_ACTIONS, ...BASELINE_KEY_CHANGES, ...EXTERNAL_KEY_TAMPERING_ACTIONS.filter((g) => g.conditions).flatMap((g) => g.actions)])],
    exemptPrincipalArns: exempt,
  }).addCondition(ConditionOperator.NULL, `aws:ResourceTag/${KEY_PURPOSE_TAG}`, 'false');
  // The exemptions hold only while nobody else can become an exempt role: no other principal may
  // change their trust, permissions, boundary or tags, delete or create them, or pass them to a
  // service (an instance with the break-glass role is the break-glass role). Issue 13's worst path.
  // Who may assume them is their trust policy's business (kept unchangeable here): an SCP cannot
  // tell the Identity Center roles a claim trusts from the account's other administrators.
  const exemptRoles = denyUnlessPrincipal({
    sid: 'DenyExemptRoleTampering',
    actions: EXEMPT_ROLE_TAMPERING_ACTIONS,
    resources: exempt,
    exemptPrincipalArns: exempt,
  });
  const [tags] = tamperingDenyStatements([PROTECTED_TAG_CHANGES], exempt);
  return scp([...services, keys, exemptRoles, tags!]);
}

/** Besides destruction (KMS_DESTRUCTIVE_ACTIONS): what silently changes which key a consumer gets or breaks a service's use of it. */
export const BASELINE_KEY_CHANGES: readonly string[] = [
  'kms:DisableKeyRotation', // CIS 3.6
  'kms:UpdateAlias', 'kms:DeleteAlias', // consumers address keys by alias: a repointed alias re-keys them silently
  'kms:RevokeGrant', // a service's grant (EBS, Backup) revoked breaks its encryption; services retire their own grants (RetireGrant)
];

const OWN_STATEMENT = ['DenyCloudTrailTampering', 'DenyConfigTampering'];

/** What would let a non-exempt principal take over an exempt role (IAM service authorization reference). */
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
export const EXEMPT_ROLE_TAMPERING_ACTIONS: readonly string[] = [
  ...ROLE_CHANGE_ACTIONS,
  'iam:PassRole', // hand it to a service (EC2, Lambda) and act as it
];

/** Name-scoped denies of the account guardrail: the baseline's own resources by name, and issue 14's. */
export const BASELINE_RESOURCE_GUARDRAILS: readonly TamperingGuardrail[] = [
  ...BASELINE_RESOURCE_TAMPERING_ACTIONS,
  ...BACKUP_TAMPERING_ACTIONS.filter((g) => !g.conditions && !g.resources.includes('*')),
  ...PRIVATE_API_TAMPERING_ACTIONS.filter((g) => !g.conditions),
  ...EXTERNAL_KEY_TAMPERING_ACTIONS.filter((g) => !g.conditions),
];
/** Denies scoped by the platform's zerotrust.io/managed-by tag (names the SCP cannot know: ids). */
export const MANAGED_RESOURCE_GUARDRAILS: readonly TamperingGuardrail[] = [
  ...BACKUP_TAMPERING_ACTIONS.filter((g) => g.conditions),
  ...PRIVATE_API_TAMPERING_ACTIONS.filter((g) => g.conditions),
  ...TAGGED_NETWORK_TAMPERING_ACTIONS,
];

/**
 * The organization-wide protection, identical for every target (so one policy, attached to each):
 * no account leaves the organization (it would escape every guardrail; nobody, the platform
 * included, needs to), and the root user can do nothing (CIS 1.7 intent; a role exemption could not
 * apply to root anyway, whose principal ARN is the account's `:root`).
 */
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html
export function protectOrganizationScp(): PolicyDocument {
  const leave = new PolicyStatement({ sid: 'DenyLeaveOrganization', effect: Effect.DENY, actions: ['organizations:LeaveOrganization'], resources: ['*'] });
  const root = new PolicyStatement({
    sid: 'DenyRootUser', effect: Effect.DENY, actions: ['*'], resources: ['*'],
    conditions: { [ConditionOperator.ARN_LIKE]: { 'aws:PrincipalArn': ['arn:aws:iam::*:root'] } },
  });
  // Nobody needs these (the platform included), so the shared document can hold them without exemptions.
  const channels = new PolicyStatement({ sid: UNUSED_LOG_CHANNELS.sid, effect: Effect.DENY, actions: [...UNUSED_LOG_CHANNELS.actions], resources: [...UNUSED_LOG_CHANNELS.resources] });
  return scp([leave, root, channels]);
}

/**
 * Global services (single endpoint in us-east-1) exempt from the region guardrail, after the AWS
 * Organizations example "Deny access to AWS based on the requested AWS Region". KMS and ACM are
 * regional and stay restricted; add them only if CloudFront needs keys/certificates in us-east-1.
 */
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html
export const GLOBAL_SERVICE_ACTIONS: readonly string[] = [
  'account:*', 'aws-marketplace:*', 'aws-marketplace-management:*', 'aws-portal:*', 'budgets:*', 'ce:*', 'chime:*',
  'cloudfront:*', 'cur:*', 'directconnect:*', 'ec2:DescribeRegions', 'ec2:DescribeTransitGateways', 'ec2:DescribeVpnGateways',
  'fms:*', 'globalaccelerator:*', 'health:*', 'iam:*', 'importexport:*', 'networkmanager:*', 'organizations:*', 'pricing:*',
  'route53:*', 'route53domains:*', 'route53-recovery-cluster:*', 'route53-recovery-control-config:*', 'route53-recovery-readiness:*',
  's3:GetAccountPublic*', 's3:ListAllMyBuckets', 's3:ListMultiRegionAccessPoints', 's3:PutAccountPublic*',
  'shield:*', 'sts:*', 'support:*', 'trustedadvisor:*', 'waf:*', 'waf-regional:*', 'wafv2:*', 'wellarchitected:*',
];

/**
 * SCP 3, the account's own (zta-account-guardrail-<account>-<env>): nothing outside `allowedRegions`
 * except global services (data residency, smaller attack surface), and the denies scoped to the
 * baseline's resources (names ending in the environment suffix, or the platform's tags): the alert
 * pipeline, log buckets, baseline roles and policies, web ACL, network, and issue 14's backups,
 * private APIs and BYOK keys. Each group is one statement, so the exemption is written three times,
 * not once per control. They ride on the per-account SCP so that no target needs another of its
 * five SCP slots.
 */
export function regionGuardrailScp(e: GuardrailScope, allowedRegions: readonly string[]): PolicyDocument {
  if (allowedRegions.length === 0) throw new Error('regionGuardrailScp: allowedRegions is empty; list at least one region');
  // Same exemption as denyUnlessPrincipal, but over NotAction: everything except the global services.
  const deny = new PolicyStatement({
    sid: 'DenyOutsideAllowedRegions',
    effect: Effect.DENY,
    notActions: GLOBAL_SERVICE_ACTIONS,
    resources: ['*'],
    conditions: {
      [ConditionOperator.STRING_NOT_EQUALS]: { 'aws:RequestedRegion': [...allowedRegions] },
      [ConditionOperator.ARN_NOT_LIKE]: { 'aws:PrincipalArn': exemptRoleArns(e) },
    },
  });
  const exempt = exemptRoleArns(e);
  const environment = guardrailEnvironment(e);
  const named = mergedDenyStatement('DenyBaselineResourceTampering', BASELINE_RESOURCE_GUARDRAILS, exempt, environment);
  const managed = mergedDenyStatement('DenyManagedResourceTampering', MANAGED_RESOURCE_GUARDRAILS, exempt, environment);
  return scp([deny, named, managed]);
}

function scp(statements: readonly PolicyStatement[]): PolicyDocument {
  const doc = new PolicyDocument({ statements: [...statements] });
  const problems = doc.validateForIdentityPolicy();
  if (problems.length) throw new Error(`scp: ${problems.join('; ')}`);
  return doc;
}

/**
 * Guardrail targets (OUs and accounts) one organization composite serves: P&T cannot loop over a
 * list, so XOrganizationGuardrails has this many target slots (the onboarding list is checked
 * against it, and the XRD caps the list with a message naming the limit).
 */
export const MAX_GUARDRAIL_TARGETS = 10;
