// The permissions boundary on every IAM role the identity domain creates. Allow-all, then deny what
// would let a role escalate beyond what it was given (new users and credentials, policy changes,
// trust changes, unbounded roles, passing the baseline's roles) or blind the account (stopping,
// deleting or muting CloudTrail, GuardDuty, Config, Security Hub, IAM Access Analyzer, KMS keys,
// flow logs, the log groups, alarms and buckets the baseline keeps its evidence in).
// Changes to the baseline itself go through Crossplane (its provider role is not bounded).
// Action lists are explicit and checked against the IAM service reference by a test.
import { ConditionOperator, Effect, PolicyDocument, PolicyStatement } from './iam';
import { Params } from './values';

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

/** Writing policy content: inline policies, new versions of managed policies, and boundary removal. */
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
export const IAM_POLICY_EDIT_ACTIONS: readonly string[] = [
  'iam:CreatePolicyVersion',
  'iam:DeletePolicy',
  'iam:DeletePolicyVersion',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteUserPermissionsBoundary',
  'iam:PutGroupPolicy',
  'iam:PutRolePolicy',
  'iam:PutUserPolicy',
  'iam:SetDefaultPolicyVersion',
  'iam:UpdateAssumeRolePolicy',
];

/** Attaching a managed policy; allowed only for AWSDenyAll (quarantining a compromised principal). */
export const IAM_POLICY_ATTACH_ACTIONS: readonly string[] = ['iam:AttachGroupPolicy', 'iam:AttachRolePolicy', 'iam:AttachUserPolicy'];

/** Creating a role or changing a boundary; allowed only with this boundary. */
export const IAM_BOUNDARY_SETTING_ACTIONS: readonly string[] = ['iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary'];

/** Changing or removing the baseline's own roles (a bounded role must not edit itself or its peers). */
export const IAM_ROLE_TAMPERING_ACTIONS: readonly string[] = [
  'iam:AttachRolePolicy',
  'iam:DeleteRole',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PassRole',
  'iam:TagRole',
  'iam:UntagRole',
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
  'securityhub:BatchDisableStandards',
  'securityhub:DeleteActionTarget',
  'securityhub:DeleteInsight',
  'securityhub:DeleteMembers',
  'securityhub:DisableImportFindingsForProduct',
  'securityhub:DisableSecurityHub',
  'securityhub:DisassociateFromAdministratorAccount',
  'securityhub:DisassociateMembers',
  'securityhub:UpdateSecurityHubConfiguration',
  'securityhub:UpdateStandardsControl',
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
  /** ARN pattern of the roles the baseline creates, e.g. `arn:aws:iam::<account>:role/zta-*`. */
  readonly baselineRoleArns: string;
  /** ARN patterns of the baseline's buckets and their objects. */
  readonly baselineBucketArns: readonly string[];
}

/** The boundary document. Sids are alphanumeric: it is a managed (identity) policy. */
export function permissionsBoundary(props: PermissionsBoundaryProps): PolicyDocument {
  const deny = (sid: string, actions: readonly string[], resources: readonly string[], conditions?: Record<string, Record<string, string>>) =>
    new PolicyStatement({ sid, effect: Effect.DENY, actions, resources, ...(conditions ? { conditions } : {}) });
  const doc = new PolicyDocument({
    statements: [
      // The ceiling is everything: what a role may do comes from its own policies; this only subtracts.
      new PolicyStatement({ sid: 'AllowWithinBoundary', effect: Effect.ALLOW, actions: ['*'], resources: ['*'] }),
      deny('DenyNewIdentitiesAndCredentials', IAM_CREDENTIAL_CREATION_ACTIONS, ['*']),
      deny('DenyPolicyEditing', IAM_POLICY_EDIT_ACTIONS, ['*']),
      deny('DenyAttachingAnythingButDenyAll', IAM_POLICY_ATTACH_ACTIONS, ['*'], {
        [ConditionOperator.ARN_NOT_EQUALS]: { 'iam:PolicyARN': AWS_DENY_ALL_POLICY_ARN },
      }),
      deny('DenyRolesWithoutThisBoundary', IAM_BOUNDARY_SETTING_ACTIONS, ['*'], {
        [ConditionOperator.STRING_NOT_EQUALS]: { 'iam:PermissionsBoundary': props.boundaryArn },
      }),
      deny('DenyBaselineRoleTampering', IAM_ROLE_TAMPERING_ACTIONS, [props.baselineRoleArns]),
      deny('DenySecurityServiceTampering', SECURITY_SERVICE_TAMPERING_ACTIONS, ['*']),
      deny('DenyBaselineBucketTampering', BASELINE_BUCKET_TAMPERING_ACTIONS, props.baselineBucketArns),
    ],
  });
  const problems = doc.validateForIdentityPolicy();
  if (problems.length) throw new Error(`permissions boundary: ${problems.join('; ')}`);
  return doc;
}

/** The baseline's boundary, with this account's names. */
export function baselinePermissionsBoundary(boundaryArn: string): PolicyDocument {
  return permissionsBoundary({
    boundaryArn,
    baselineRoleArns: `arn:aws:iam::${Params.accountId}:role/zta-*`,
    baselineBucketArns: ['arn:aws:s3:::zta-*', 'arn:aws:s3:::zta-*/*'],
  });
}
