// The permissions boundary on every IAM role the baseline creates. Allow-all, then deny what would
// let a bounded role escalate beyond what it was given (new users and credentials, rewriting or
// rolling back the boundary, roles without it, passing or granting to roles outside the bounded
// prefix, attaching admin policies, editing trust) or blind the account (stopping, deleting or
// muting CloudTrail, GuardDuty, Config, Security Hub, IAM Access Analyzer, KMS keys, flow logs, the
// log groups, alarms and buckets the baseline keeps its evidence in).
// No lockout: the break-glass role is exempt from the tampering denies (it repairs), and the
// platform's provisioning role from every deny (it creates and destroys the baseline); both by
// aws:PrincipalArn, which the organization's SCPs keep anyone else from assuming or re-trusting.
// Action lists are explicit and checked against the IAM service reference by a test.
import { ConditionOperator, Effect, PolicyDocument, PolicyStatement } from '../../policy/iam';
import { Params } from '../../kernel/values';
import { declaredAccountWideDenies } from '../organization/kind-guardrails';

/** The AWS managed policy that denies everything: the only policy a bounded role may attach (containment). */
export const AWS_DENY_ALL_POLICY_ARN = 'arn:aws:iam::aws:policy/AWSDenyAll';

/** Creating identities or long-lived credentials, or federating a new identity provider. */
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
export const IAM_CREDENTIAL_CREATION_ACTIONS: readonly string[] = [
  'iam:AddClientIDToOpenIDConnectProvider',
  'iam:AddUserToGroup',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:CreateOpenIDConnectProvider',
  'iam:CreateSAMLProvider',
  'iam:CreateServiceSpecificCredential',
  'iam:CreateUser',
  'iam:UpdateLoginProfile',
  'iam:UpdateOpenIDConnectProviderThumbprint',
  'iam:UpdateSAMLProvider',
  'iam:UploadSSHPublicKey',
  'iam:UploadSigningCertificate',
];

/**
 * Removing or rewriting the boundary (and any managed policy a bounded role may carry): a new default
 * version, a rollback to an older one (SetDefaultPolicyVersion), dropping versions, deleting it.
 */
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
export const IAM_POLICY_REWRITE_ACTIONS: readonly string[] = [
  'iam:CreatePolicyVersion',
  'iam:DeletePolicy',
  'iam:DeletePolicyVersion',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteUserPermissionsBoundary',
  'iam:SetDefaultPolicyVersion',
];

/**
 * Granting permissions or trust: attaching managed policies (only AWSDenyAll passes, to quarantine a
 * compromised principal), writing inline policies, editing a trust policy (one's own included).
 */
export const IAM_GRANT_ACTIONS: readonly string[] = [
  'iam:AttachGroupPolicy',
  'iam:AttachRolePolicy',
  'iam:AttachUserPolicy',
  'iam:PutGroupPolicy',
  'iam:PutRolePolicy',
  'iam:PutUserPolicy',
  'iam:UpdateAssumeRolePolicy',
];

/** Creating a role or changing a boundary; allowed only with this boundary. */
export const IAM_BOUNDARY_SETTING_ACTIONS: readonly string[] = ['iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary'];

/**
 * What a bounded principal may do to roles only under the bounded-role prefix: create, pass,
 * attach (other than AWSDenyAll), write inline policy, re-trust. IAM has no condition key for the
 * boundary of the role being passed (iam:PassRole knows only iam:PassedToService and
 * iam:AssociatedResourceArn), so "pass only bounded roles" is enforced by name: a bounded principal
 * can create a role only with this boundary (DenyRolesWithoutThisBoundary), and only under the
 * prefix; the baseline's roles under it all carry the boundary (test/charts/permissions-boundary-coverage);
 * non-exempt principals without a boundary are kept off the prefix by the organization's SCPs.
 */
export const IAM_BOUNDED_PREFIX_ACTIONS: readonly string[] = [
  'iam:AttachRolePolicy',
  'iam:CreateRole',
  'iam:PassRole',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
];

/** Changing or removing the baseline's own roles (a bounded role must not edit itself or its peers). */
export const IAM_ROLE_TAMPERING_ACTIONS: readonly string[] = [
  'iam:AttachRolePolicy',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PassRole',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
];

/** Stopping, deleting or muting the account's security services and the evidence they keep. */
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
export const SECURITY_SERVICE_TAMPERING_ACTIONS: readonly string[] = [
  'access-analyzer:ApplyArchiveRule',
  'access-analyzer:CreateArchiveRule',
  'access-analyzer:DeleteAnalyzer',
  'access-analyzer:UpdateArchiveRule',
  'cloudtrail:DeleteEventDataStore',
  'cloudtrail:DeleteTrail',
  'cloudtrail:PutEventSelectors',
  'cloudtrail:StopEventDataStoreIngestion',
  'cloudtrail:StopLogging',
  'cloudtrail:UpdateTrail',
  'cloudwatch:DeleteAlarms',
  'cloudwatch:DisableAlarmActions',
  'config:DeleteConfigRule',
  'config:DeleteConfigurationRecorder',
  'config:DeleteDeliveryChannel',
  'config:DeleteEvaluationResults',
  'config:PutConfigurationRecorder',
  'config:PutDeliveryChannel',
  'config:StopConfigurationRecorder',
  'ec2:DeleteFlowLogs',
  'ec2:DisableEbsEncryptionByDefault',
  'ec2:ModifyEbsDefaultKmsKeyId',
  'ec2:ResetEbsDefaultKmsKeyId',
  'events:DeleteRule',
  'events:DisableRule',
  'events:RemoveTargets',
  'guardduty:CreateFilter',
  'guardduty:CreateIPSet',
  'guardduty:DeleteDetector',
  'guardduty:DeleteMembers',
  'guardduty:DeletePublishingDestination',
  'guardduty:DisassociateFromAdministratorAccount',
  'guardduty:DisassociateMembers',
  'guardduty:StopMonitoringMembers',
  'guardduty:UpdateDetector',
  'guardduty:UpdateFilter',
  'guardduty:UpdateIPSet',
  'guardduty:UpdatePublishingDestination',
  'iam:DeleteAccountPasswordPolicy',
  'iam:UpdateAccountPasswordPolicy',
  'kms:DeleteImportedKeyMaterial',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'logs:DeleteLogGroup',
  'logs:DeleteLogStream',
  'logs:DeleteMetricFilter',
  'logs:DeleteRetentionPolicy',
  'logs:DeleteSubscriptionFilter',
  'logs:DisassociateKmsKey',
  'logs:PutRetentionPolicy',
  'organizations:LeaveOrganization',
  's3:PutAccountPublicAccessBlock',
  'securityhub:BatchDeleteAutomationRules',
  'securityhub:BatchDisableStandards',
  'securityhub:BatchUpdateAutomationRules',
  'securityhub:CreateAutomationRule',
  'securityhub:DeleteActionTarget',
  'securityhub:DeleteInsight',
  'securityhub:DeleteMembers',
  'securityhub:DisableImportFindingsForProduct',
  'securityhub:DisableSecurityHub',
  'securityhub:DisassociateFromAdministratorAccount',
  'securityhub:DisassociateMembers',
  'securityhub:UpdateSecurityHubConfiguration',
  'securityhub:UpdateStandardsControl',
  // Account-wide settings a kind declares (compositions/blocks/organization/kind-guardrails.ts).
  ...declaredAccountWideDenies(),
];

/** Weakening or emptying the baseline's buckets (`zta-*`): their policies, settings and objects. */
export const BASELINE_BUCKET_TAMPERING_ACTIONS: readonly string[] = [
  's3:BypassGovernanceRetention',
  's3:DeleteBucket',
  's3:DeleteBucketPolicy',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:PutBucketAcl',
  's3:PutBucketLogging',
  's3:PutBucketObjectLockConfiguration',
  's3:PutBucketOwnershipControls',
  's3:PutBucketPolicy',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketVersioning',
  's3:PutEncryptionConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutObjectLegalHold',
  's3:PutObjectRetention',
];

/** IAM's limit for a managed policy document, whitespace excluded. */
export const MANAGED_POLICY_MAX_CHARACTERS = 6144;

export interface PermissionsBoundaryProps {
  /** ARN of the boundary policy itself (tokens allowed): roles may only be created with it. */
  readonly boundaryArn: string;
  /**
   * ARN pattern of the bounded-role prefix, e.g. `arn:aws:iam::<account>:role/zta-*`: the baseline's
   * roles, and the only roles a bounded principal may create, pass or grant to.
   */
  readonly baselineRoleArns: string;
  /** ARN patterns of the baseline's buckets and their objects. */
  readonly baselineBucketArns: readonly string[];
  /**
   * ARN of the break-glass role. It carries the boundary (no new identities or credentials, no
   * boundary rewrite, no unbounded roles) but is exempt from the tampering denies, so it can repair
   * every control (put back a key policy, a bucket policy, the recorder, an alarm, a role's policy).
   */
  readonly breakGlassRoleArn: string;
  /**
   * ARN of the platform's provisioning role. Exempt from every deny: should it carry the boundary,
   * it still creates and destroys the whole baseline (the boundary policy and its versions included).
   */
  readonly provisioningRoleArn: string;
}

/** The boundary document. Sids are alphanumeric: it is a managed (identity) policy. */
export function permissionsBoundary(props: PermissionsBoundaryProps): PolicyDocument {
  const unless = (...principals: string[]) => ({ [ConditionOperator.ARN_NOT_LIKE]: { 'aws:PrincipalArn': principals } });
  const platform = unless(props.provisioningRoleArn);
  const repairers = unless(props.breakGlassRoleArn, props.provisioningRoleArn);
  const notDenyAll = { [ConditionOperator.ARN_NOT_EQUALS]: { 'iam:PolicyARN': AWS_DENY_ALL_POLICY_ARN } };
  const deny = (sid: string, actions: readonly string[], resources: readonly string[], conditions: Record<string, Record<string, string | string[]>>, notResources = false) =>
    new PolicyStatement({ sid, effect: Effect.DENY, actions, ...(notResources ? { notResources: resources } : { resources }), conditions });
  const doc = new PolicyDocument({
    statements: [
      // The ceiling is everything: what a role may do comes from its own policies; this only subtracts.
      new PolicyStatement({ sid: 'AllowWithinBoundary', effect: Effect.ALLOW, actions: ['*'], resources: ['*'] }),
      // Escalation, for every bounded principal (break-glass included): no new identities or keys,
      // no rewriting or rolling back the boundary, no role without it.
      deny('DenyNewIdentitiesAndCredentials', IAM_CREDENTIAL_CREATION_ACTIONS, ['*'], platform),
      deny('DenyPolicyRewrite', IAM_POLICY_REWRITE_ACTIONS, ['*'], platform),
      deny('DenyRolesWithoutThisBoundary', IAM_BOUNDARY_SETTING_ACTIONS, ['*'], {
        [ConditionOperator.STRING_NOT_EQUALS]: { 'iam:PermissionsBoundary': props.boundaryArn },
        ...platform,
      }),
      // iam:PolicyARN is absent from CreateRole, PassRole, PutRolePolicy and UpdateAssumeRolePolicy
      // requests, and a negated operator on an absent key matches: those are denied outright.
      deny('DenyRolesOutsideBoundedPrefix', IAM_BOUNDED_PREFIX_ACTIONS, [props.baselineRoleArns], { ...notDenyAll, ...platform }, true),
      // A bounded principal other than break-glass grants nothing, to itself or anyone: no admin
      // policy on itself, no inline policy, no trust edit (its own included).
      deny('DenyGrantingAnythingButDenyAll', IAM_GRANT_ACTIONS, ['*'], { ...notDenyAll, ...repairers }),
      // Tampering, for every bounded principal but break-glass (the repairer) and the platform.
      // One statement for the baseline's roles and buckets (IAM actions never match an S3 ARN, nor S3
      // actions a role ARN): the size limit leaves no room for a second exemption condition.
      deny('DenyBaselineRoleAndBucketTampering', [...IAM_ROLE_TAMPERING_ACTIONS, ...BASELINE_BUCKET_TAMPERING_ACTIONS], [props.baselineRoleArns, ...props.baselineBucketArns], repairers),
      deny('DenySecurityServiceTampering', SECURITY_SERVICE_TAMPERING_ACTIONS, ['*'], repairers),
    ],
  });
  const problems = doc.validateForIdentityPolicy();
  if (problems.length) throw new Error(`permissions boundary: ${problems.join('; ')}`);
  return doc;
}

/** The baseline's boundary, with this account's names. */
export function baselinePermissionsBoundary(boundaryArn: string, exempt: { breakGlassRoleArn: string; provisioningRoleArn: string }): PolicyDocument {
  return permissionsBoundary({
    boundaryArn,
    baselineRoleArns: `arn:aws:iam::${Params.accountId}:role/zta-*`,
    baselineBucketArns: ['arn:aws:s3:::zta-*', 'arn:aws:s3:::zta-*/*'],
    ...exempt,
  });
}
