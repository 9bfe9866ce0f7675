// Service control policies of the organization's guardrails (charts/organization-guardrails.ts),
// built with the typed policy model. Every statement that protects the baseline is a deny that
// exempts exactly two principals by aws:PrincipalArn: the named break-glass role and the
// platform's own provisioning role of the accounts under the target. Statements nobody needs an
// exemption from (leaving the organization, the root user) form one exemption-free SCP shared by
// every target. An SCP never grants anything; FullAWSAccess (attached by AWS to every root, OU and
// account) still has to allow what IAM grants.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
import { ISSUE_14_TAMPERING_GUARDRAILS, tamperingDenyStatements } from './guardrail-actions';
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
  /** zta-account-guardrail-<account>-<env>: the account's own regions and its data domains' tampering denies. */
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

/** Actions that disable, delete or blind each protected security service, keyed by statement id. */
// Action names: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
export const SECURITY_SERVICE_TAMPERING_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  // CIS 3.1 / CloudTrail.1: the trail keeps logging.
  DenyCloudTrailTampering: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors'],
  // GuardDuty.1: detector on; no silent trusted-IP lists or suppression filters (Pacu whitelist_guardduty).
  DenyGuardDutyTampering: [
    'guardduty:DeleteDetector', 'guardduty:UpdateDetector', 'guardduty:DisassociateFromAdministratorAccount',
    'guardduty:CreateIPSet', 'guardduty:UpdateIPSet', 'guardduty:DeleteIPSet',
    'guardduty:CreateFilter', 'guardduty:UpdateFilter', 'guardduty:DeleteThreatIntelSet', 'guardduty:UpdateThreatIntelSet',
  ],
  // Config.1 / CIS 3.3: the recorder keeps recording.
  DenyConfigTampering: ['config:StopConfigurationRecorder', 'config:DeleteConfigurationRecorder', 'config:DeleteDeliveryChannel'],
  // Security Hub stays on with its standards.
  DenySecurityHubTampering: [
    'securityhub:DisableSecurityHub', 'securityhub:BatchDisableStandards', 'securityhub:DisassociateFromAdministratorAccount',
    'securityhub:UpdateStandardsControl',
  ],
  // CIS 1.20: IAM Access Analyzer stays.
  DenyAccessAnalyzerDeletion: ['access-analyzer:DeleteAnalyzer'],
  // EC2.6 / CIS 3.7: flow logs stay; EC2.7 / CIS 2.2.1: EBS default encryption stays on.
  DenyNetworkAndEbsTampering: ['ec2:DeleteFlowLogs', 'ec2:DisableEbsEncryptionByDefault', 'ec2:ResetEbsDefaultKmsKeyId'],
  // S3.1 / CIS 2.1.4: account-level Block Public Access (s3:PutAccountPublicAccessBlock also authorizes its deletion).
  DenyAccountPublicAccessChange: ['s3:PutAccountPublicAccessBlock'],
};

/** Tag every key of the encryption domain carries; the key guardrail protects exactly these keys. */
export const KEY_PURPOSE_TAG = 'zerotrust.io/key-purpose';

/**
 * The target's baseline protection: the security services cannot be disabled or blinded, and the
 * baseline's KMS keys cannot be scheduled for deletion, disabled or re-policied (KMS.3), except by
 * the target's break-glass and provisioning roles.
 */
export function protectBaselineScp(e: GuardrailExemptions): PolicyDocument {
  const services = Object.entries(SECURITY_SERVICE_TAMPERING_ACTIONS).map(([sid, actions]) =>
    denyUnlessPrincipal({ sid, actions, exemptPrincipalArns: exemptRoleArns(e) }));
  const keys = denyUnlessPrincipal({
    sid: 'DenyBaselineKeyDestruction',
    actions: [...KMS_DESTRUCTIVE_ACTIONS, 'kms:DisableKeyRotation'],
    exemptPrincipalArns: exemptRoleArns(e),
  }).addCondition(ConditionOperator.NULL, `aws:ResourceTag/${KEY_PURPOSE_TAG}`, 'false');
  // The exemptions hold only while nobody else can become an exempt role: no other principal may
  // change their trust, permissions, boundary or tags, delete or create them, or pass them to a
  // service (an instance with the break-glass role is the break-glass role). Issue 13's worst path.
  const exemptRoles = denyUnlessPrincipal({
    sid: 'DenyExemptRoleTampering',
    actions: EXEMPT_ROLE_TAMPERING_ACTIONS,
    resources: exemptRoleArns(e),
    exemptPrincipalArns: exemptRoleArns(e),
  });
  // CIS 1.11 / 1.13 (IAM.3, IAM.22 intent): no long-term credentials. People sign in through IAM
  // Identity Center, workloads use roles; only break glass and the platform may create a user or key.
  const longTerm = denyUnlessPrincipal({
    sid: 'DenyLongTermCredentials',
    actions: ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateLoginProfile'],
    exemptPrincipalArns: exemptRoleArns(e),
  });
  return scp([...services, keys, exemptRoles, longTerm]);
}

/** What would let a non-exempt principal take over an exempt role (IAM service authorization reference). */
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
export const EXEMPT_ROLE_TAMPERING_ACTIONS: readonly string[] = [
  'iam:UpdateAssumeRolePolicy', // trust itself
  'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', // permissions
  'iam:PutRolePermissionsBoundary', 'iam:DeleteRolePermissionsBoundary', // boundary
  'iam:TagRole', 'iam:UntagRole', // tags conditions may rely on
  'iam:CreateRole', 'iam:DeleteRole', 'iam:UpdateRole', // re-create it with a trust of one's own; shorten or lengthen sessions
  'iam:PassRole', // hand it to a service (EC2, Lambda) and act as it
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
  return scp([leave, root]);
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
 * except global services (data residency, smaller attack surface), and the data domains' tampering
 * denies (issue 14: recovery points, backup vaults and plans, private API policies and stages, BYOK
 * key material), which exempt the same two roles. They ride on the per-account SCP rather than a
 * new one so that no target needs another of its five SCP slots.
 */
export function regionGuardrailScp(e: GuardrailExemptions, allowedRegions: readonly string[]): PolicyDocument {
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
  const data = Object.values(ISSUE_14_TAMPERING_GUARDRAILS).flatMap((g) => tamperingDenyStatements(g, exemptRoleArns(e)));
  return scp([deny, ...data]);
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
