// Service control policies of the guardrails domain, built with the typed policy model. Every
// statement is a deny that exempts exactly two principals by aws:PrincipalArn: the named
// break-glass role and the platform's own provisioning role. An SCP never grants anything; the
// organization's FullAWSAccess (or an allow list) still has to allow what IAM grants.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
import { ConditionOperator, denyUnlessPrincipal, Effect, KMS_DESTRUCTIVE_ACTIONS, PolicyDocument, PolicyStatement } from './iam';

/** Largest SCP document AWS Organizations accepts, in characters. */
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
export const SCP_MAX_CHARACTERS = 5120;
/** SCPs that can be attached directly to one root, OU or account (FullAWSAccess counts). */
export const SCP_MAX_PER_TARGET = 5;
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
  // The account cannot escape the guardrails.
  DenyLeaveOrganization: ['organizations:LeaveOrganization'],
};

/** SCP 1: the security services cannot be disabled and the account cannot leave the organization. */
export function protectSecurityServicesScp(e: GuardrailExemptions): PolicyDocument {
  return scp(
    Object.entries(SECURITY_SERVICE_TAMPERING_ACTIONS).map(([sid, actions]) =>
      denyUnlessPrincipal({ sid, actions, exemptPrincipalArns: exemptRoleArns(e) }),
    ),
  );
}

/** Tag every key of the encryption domain carries; the key guardrail protects exactly these keys. */
export const KEY_PURPOSE_TAG = 'zerotrust.io/key-purpose';

/**
 * SCP 2: the baseline's KMS keys cannot be scheduled for deletion, disabled or re-policied (KMS.3),
 * and the root user can do nothing (CIS 1.7 intent: root is for the few tasks only break-glass needs).
 */
export function protectKeysAndRootScp(e: GuardrailExemptions): PolicyDocument {
  const keys = denyUnlessPrincipal({
    sid: 'DenyBaselineKeyDestruction',
    actions: [...KMS_DESTRUCTIVE_ACTIONS, 'kms:DisableKeyRotation'],
    exemptPrincipalArns: exemptRoleArns(e),
  }).addCondition(ConditionOperator.NULL, `aws:ResourceTag/${KEY_PURPOSE_TAG}`, 'false');
  const root = denyUnlessPrincipal({ sid: 'DenyRootUser', actions: ['*'], exemptPrincipalArns: exemptRoleArns(e) })
    .addCondition(ConditionOperator.ARN_LIKE, 'aws:PrincipalArn', 'arn:aws:iam::*:root');
  return scp([keys, root]);
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

/** SCP 3: nothing outside `allowedRegions` except global services (data residency, smaller attack surface). */
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
  return scp([deny]);
}

function scp(statements: readonly PolicyStatement[]): PolicyDocument {
  const doc = new PolicyDocument({ statements: [...statements] });
  const problems = doc.validateForIdentityPolicy();
  if (problems.length) throw new Error(`scp: ${problems.join('; ')}`);
  return doc;
}
