// Tampering actions of the BYOK, private-API and backup domains, as typed deny specifications the
// organization layer turns into SCP statements (issue 14 item 4: no administrator can delete
// recovery points, disable the API policy or remove imported key material outside break-glass).
// Each entry says which actions, on which resources, under which extra condition; every one is
// written as a deny that exempts only the named roles (denyUnlessPrincipal), like the guardrails SCPs.
// Action names and resource types: AWS Service Authorization Reference,
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonapigatewaymanagement.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html
import { ConditionOperator, denyUnlessPrincipal, Effect, PolicyStatement } from '../../policy/iam';
import { declaredAccountWideDenies } from './kind-guardrails';

/** An extra condition narrowing a deny to our resources (e.g. a tag every baseline resource carries). */
export interface GuardrailCondition {
  /** A ConditionOperator, optionally with a ForAnyValue:/ForAllValues: prefix. */
  readonly operator: string;
  readonly key: string;
  readonly values: string | readonly string[];
}

/** One deny of tampering actions: what, on which resources, and why. */
export interface TamperingGuardrail {
  /** Statement id of the deny. */
  readonly sid: string;
  readonly actions: readonly string[];
  /**
   * ARN patterns the deny covers (any account and region: the SCP is organization-wide). A pattern
   * may contain {@link ENV}, replaced by the target's environment suffix when the SCP is built.
   */
  readonly resources: readonly string[];
  /** @default - none: every resource the patterns name */
  readonly conditions?: readonly GuardrailCondition[];
  /** Used instead of `resources` when set: everything except these (`resources` must then be `*`). @default - none */
  readonly notResources?: readonly string[];
  /** The control it keeps. */
  readonly why: string;
}

/** Tag every resource the baseline composes carries (compositions/kernel/composed-resource.ts baselineTags). */
export const MANAGED_BY_TAG = 'zerotrust.io/managed-by';
/** Tag on every key the platform creates (the encryption domain's and BYOK keys); DenyBaselineKeyDestruction protects exactly these keys. */
export const KEY_PURPOSE_TAG = 'zerotrust.io/key-purpose';
/** Tag on every BYOK key (the external-keys domain): EXTERNAL, the origin of its material. */
export const KEY_ORIGIN_TAG = 'zerotrust.io/key-origin';
/** Prefix of every backup vault the backup domain creates (`zta-backup-<suffix>`). */
export const BACKUP_VAULT_PREFIX = 'zta-backup';
/** zerotrust.io/key-purpose of every BYOK key (the baseline keys carry their purpose: logs, data, ...). */
export const BYOK_KEY_PURPOSE = 'byok';
/** Prefix of every BYOK alias (`alias/byok-<name>-<suffix>`). */
export const BYOK_ALIAS_PREFIX = 'byok';

/**
 * AWS Backup: recovery points, the vault, its lock, policy and notifications, the plan and selection
 * and the audit framework stay as the backup domain made them.
 */
export const BACKUP_TAMPERING_ACTIONS: readonly TamperingGuardrail[] = [
  {
    sid: 'DenyRecoveryPointDeletion',
    why: 'A recovery point cannot be deleted, shortened or detached before its retention (ransomware deletes backups first)',
    actions: [
      'backup:DeleteRecoveryPoint', // deletes the backup itself
      'backup:UpdateRecoveryPointLifecycle', // shortens retention so the point expires now
      'backup:DisassociateRecoveryPoint', // detaches a continuous-backup point from the plan, then deletable as an orphan
      'backup:DisassociateRecoveryPointFromParent', // detaches a child point from its composite parent
    ],
    resources: ['arn:aws:backup:*:*:recovery-point:*'],
  },
  {
    sid: 'DenyBackupVaultTampering',
    why: 'The vault, its Vault Lock, its access policy (which refuses deletion) and its notifications stay',
    actions: [
      'backup:DeleteBackupVault', // removes the vault (once empty)
      'backup:DeleteBackupVaultLockConfiguration', // lifts a governance-mode lock (compliance mode refuses it by itself)
      'backup:PutBackupVaultLockConfiguration', // lowers minimum retention or restarts the grace period
      'backup:PutBackupVaultAccessPolicy', // replaces the policy that denies recovery-point deletion
      'backup:DeleteBackupVaultAccessPolicy', // removes that policy
      'backup:DeleteBackupVaultNotifications', // silences the alert path
      'backup:PutBackupVaultNotifications', // redirects or narrows the alert path
      'backup:PutBackupVaultSharingPolicy', // shares the vault with another account, which could restore from it
    ],
    resources: [`arn:aws:backup:*:*:backup-vault:${BACKUP_VAULT_PREFIX}-*`],
  },
  {
    sid: 'DenyBackupPlanTampering',
    why: 'The plan keeps backing up what the selection names, with the retention the claim set',
    actions: [
      'backup:DeleteBackupPlan', // stops every future backup
      'backup:UpdateBackupPlan', // shortens retention or removes rules
      'backup:DeleteBackupSelection', // empties what the plan backs up
    ],
    resources: ['arn:aws:backup:*:*:backup-plan:*'],
    // Only the baseline's plans (tagged by the platform); workload teams keep their own plans.
    conditions: [{ operator: ConditionOperator.STRING_EQUALS, key: `aws:ResourceTag/${MANAGED_BY_TAG}`, values: 'crossplane' }],
  },
  {
    sid: 'DenyBackupAuditTampering',
    why: 'Backup Audit Manager keeps evaluating the controls that prove the policy; the opt-in per resource type stays',
    actions: [
      'backup:DeleteFramework', // removes the compliance evidence
      'backup:UpdateFramework', // weakens its controls
      'backup:UpdateRegionSettings', // opts resource types out of AWS Backup
    ],
    resources: ['*'],
  },
];

/** API Gateway REST APIs of the private-API domain: their resource policy, stages and WAF stay. */
export const PRIVATE_API_TAMPERING_ACTIONS: readonly TamperingGuardrail[] = [
  {
    sid: 'DenyPrivateApiPolicyTampering',
    why: 'The resource policy admitting only the execute-api endpoint cannot be replaced or removed, nor the API turned public',
    actions: [
      'apigateway:UpdateRestApiPolicy', // the policy-specific permission API Gateway checks on PUT/PATCH of a REST API policy
      'apigateway:PATCH', // UpdateRestApi/UpdateStage: endpoint type PRIVATE to REGIONAL, policy, access logs, method settings
      'apigateway:PUT', // PutRestApi: overwrites the definition, policy included
      'apigateway:DELETE', // DeleteRestApi/DeleteStage/DeleteDeployment
    ],
    resources: ['arn:aws:apigateway:*::/restapis/*'],
    // Only the baseline's APIs (tagged by the platform); workload teams keep their own APIs.
    conditions: [{ operator: ConditionOperator.STRING_EQUALS, key: `aws:ResourceTag/${MANAGED_BY_TAG}`, values: 'crossplane' }],
  },
  {
    sid: 'DenyPrivateApiWafRemoval',
    why: 'The regional web ACL stays in front of the stage',
    actions: ['wafv2:DisassociateWebACL'], // removes the web ACL from the stage
    resources: ['arn:aws:apigateway:*::/restapis/*/stages/*'],
  },
];

/**
 * BYOK keys (the external-keys domain): imported material, state and policy stay. Their aliases too:
 * UpdateAlias and DeleteAlias authorize on the key as well as the alias, and the baseline SCP's key
 * statement (BASELINE_KEY_CHANGES) denies them on every key the platform tags.
 */
export const EXTERNAL_KEY_TAMPERING_ACTIONS: readonly TamperingGuardrail[] = [
  {
    sid: 'DenyExternalKeyTampering',
    why: 'Imported key material cannot be removed, nor the key disabled, scheduled for deletion or re-policied',
    actions: [
      'kms:DeleteImportedKeyMaterial', // makes the key unusable at once (no waiting period)
      'kms:ImportKeyMaterial', // re-importing the same material with a short ValidTo expires it within minutes
      'kms:DisableKey', // every encrypt and decrypt fails
      'kms:ScheduleKeyDeletion', // the key and every ciphertext under it are lost after the window
      'kms:PutKeyPolicy', // removes the granular usage statements or the import restriction
    ],
    resources: ['arn:aws:kms:*:*:key/*'],
    // The BYOK keys' purpose (they also carry key-origin EXTERNAL, which names no key of ours alone: AWS
    // imports none). The baseline SCP writes these actions into its key statement (any key-purpose).
    conditions: [{ operator: ConditionOperator.STRING_EQUALS, key: `aws:ResourceTag/${KEY_PURPOSE_TAG}`, values: BYOK_KEY_PURPOSE }],
  },
];

/** Every tampering guardrail of the three domains, keyed by domain. */
export const ISSUE_14_TAMPERING_GUARDRAILS = {
  backup: BACKUP_TAMPERING_ACTIONS,
  privateApi: PRIVATE_API_TAMPERING_ACTIONS,
  externalKeys: EXTERNAL_KEY_TAMPERING_ACTIONS,
} as const;

// ------------------------------------------------------------------ issue 13: the baseline's controls

/** Stands for the target's environment suffix in a resource pattern (every baseline name ends with it). */
export const ENV = '<env>';
const MANAGED = [{ operator: ConditionOperator.STRING_EQUALS, key: `aws:ResourceTag/${MANAGED_BY_TAG}`, values: 'crossplane' }] as const;

/**
 * The services that must stay on, account-wide: there is one recorder, hub, detector and
 * Block Public Access setting per account and region, so the deny needs no resource scope.
 * Repairs (StartLogging, EnableSecurityHub, CreateDetector, ...) are never denied.
 */
export const SECURITY_SERVICE_SHUTDOWN_ACTIONS: readonly TamperingGuardrail[] = [
  {
    sid: 'DenyCloudTrailTampering',
    why: 'CIS 3.1 / CloudTrail.1: the trail keeps logging every management event',
    actions: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors'],
    resources: ['*'],
  },
  {
    sid: 'DenyGuardDutyTampering',
    why: 'GuardDuty.1: detector on, no silent trusted-IP lists, suppression filters or findings export redirection (Pacu whitelist_guardduty)',
    actions: [
      'guardduty:DeleteDetector', 'guardduty:UpdateDetector', 'guardduty:DisassociateFrom*', // leaving the administrator (both API generations)
      'guardduty:CreateIPSet', 'guardduty:UpdateIPSet', 'guardduty:DeleteIPSet', 'guardduty:CreateTrustedEntitySet', 'guardduty:UpdateTrustedEntitySet',
      'guardduty:CreateFilter', 'guardduty:UpdateFilter', 'guardduty:DeleteThreatIntelSet', 'guardduty:UpdateThreatIntelSet',
      'guardduty:DeletePublishingDestination', 'guardduty:UpdatePublishingDestination', 'guardduty:UpdateMalwareScanSettings',
    ],
    resources: ['*'],
  },
  {
    sid: 'DenyConfigTampering',
    why: 'Config.1 / CIS 3.3: the recorder keeps recording every resource type into our channel; rules and conformance packs stay',
    actions: [
      'config:StopConfigurationRecorder', 'config:PutConfigurationRecorder', // a put narrows the recording group
      'config:DisassociateResourceTypes', 'config:PutDeliveryChannel', 'config:PutRetentionConfiguration', // a put redirects delivery or shortens retention
      'config:PutConfigRule', // a put over an existing rule rescopes it or changes its parameters
      'config:Delete*', // every Delete action of AWS Config removes something: recorder, channel, rule, evaluations, conformance pack, remediation, retention
    ],
    // Config rule ARNs carry the rule id, not its name, and Config rules take no aws:ResourceTag
    // condition: the deny covers every rule of the account (teams ask the platform for theirs).
    resources: ['*'],
  },
  {
    sid: 'DenySecurityHubTampering',
    why: 'Security Hub stays on with every standard and control; no automation rule suppresses findings; the account stays a member',
    actions: [
      'securityhub:DisableSecurityHub', 'securityhub:DisableSecurityHubV2', 'securityhub:BatchDisableStandards',
      'securityhub:UpdateStandardsControl', 'securityhub:BatchUpdateStandardsControlAssociations', 'securityhub:UpdateSecurityControl',
      'securityhub:UpdateSecurityHubConfiguration', 'securityhub:DisableImportFindingsForProduct',
      'securityhub:CreateAutomationRule', 'securityhub:BatchUpdateAutomationRules', 'securityhub:BatchDeleteAutomationRules',
      'securityhub:CreateAutomationRuleV2', 'securityhub:UpdateAutomationRuleV2', 'securityhub:DeleteAutomationRuleV2',
      'securityhub:DisassociateFrom*', // leaving the administrator (both API generations)
      'securityhub:DeleteActionTarget', 'securityhub:UpdateActionTarget',
      // A member would set its own findings' workflow to SUPPRESSED: triage is the security account's (delegated administrator).
      'securityhub:BatchUpdateFindings', 'securityhub:UpdateFindings',
    ],
    resources: ['*'],
  },
  {
    sid: 'DenyFindingServiceTampering',
    why: 'CIS 1.20: IAM Access Analyzer stays and archives nothing silently; Inspector and Macie stay enabled',
    actions: [
      'access-analyzer:Delete*', 'access-analyzer:CreateArchiveRule', // archiving findings by hand; excluding accounts or tags from analysis
      'access-analyzer:Update*', // UpdateAnalyzer, UpdateArchiveRule, UpdateFindings: a reviewed family (guardrail-actions.test.ts), written once to keep the baseline SCP under 5,120 characters
      'inspector2:Disable', 'inspector2:DisassociateMember',
      'macie2:DisableMacie', 'macie2:UpdateMacieSession', 'macie2:DisassociateFrom*',
    ],
    resources: ['*'],
  },
  {
    sid: 'DenyNetworkAndEbsTampering',
    why: 'EC2.6 / CIS 3.7: flow logs stay; EC2.7 / CIS 2.2.1: EBS default encryption stays on with our key',
    actions: ['ec2:DeleteFlowLogs', 'ec2:DisableEbsEncryptionByDefault', 'ec2:ResetEbsDefaultKmsKeyId', 'ec2:ModifyEbsDefaultKmsKeyId'],
    resources: ['*'],
  },
  {
    sid: 'DenyAccountSettingsChange',
    why: 'S3.1 / CIS 2.1.4: account Block Public Access (its Put also authorizes deletion); CIS 1.8, 1.9: the password policy',
    actions: ['s3:PutAccountPublicAccessBlock', 'iam:UpdateAccountPasswordPolicy', 'iam:DeleteAccountPasswordPolicy'],
    resources: ['*'],
  },
  {
    sid: 'DenyLongTermCredentials',
    why: 'CIS 1.11 / 1.13: no IAM user, access key or console password outside break glass and the platform',
    actions: ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateLoginProfile'],
    resources: ['*'],
  },
  {
    sid: 'DenyBackupAuditTampering',
    why: 'Backup Audit Manager keeps evaluating the controls that prove the policy; the opt-in per resource type stays',
    actions: ['backup:DeleteFramework', 'backup:UpdateFramework', 'backup:UpdateRegionSettings'],
    resources: ['*'],
  },
  ...declaredSettingDenies(),
];

/** The account-wide settings kinds declare in KIND_GUARDRAILS (accountWideDenies), as one more deny. */
function declaredSettingDenies(): TamperingGuardrail[] {
  const actions = declaredAccountWideDenies();
  return actions.length === 0 ? [] : [{ sid: 'DenyDeclaredSettingChange', why: 'account-wide settings declared by their kind (kind-guardrails.ts accountWideDenies)', actions, resources: ['*'] }];
}

/** IAM actions that change a role: its trust, permissions, boundary, tags, existence and session length. */
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
export const ROLE_CHANGE_ACTIONS: readonly string[] = [
  'iam:UpdateAssumeRolePolicy', // trust itself
  'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', // permissions
  'iam:PutRolePermissionsBoundary', 'iam:DeleteRolePermissionsBoundary', // boundary
  'iam:TagRole', 'iam:UntagRole', // tags conditions may rely on
  'iam:CreateRole', 'iam:DeleteRole', 'iam:UpdateRole', // re-create it with a trust of one's own; shorten or lengthen sessions
];

/**
 * What the security services depend on, scoped by the baseline's names (`zta-...-<env>`, log groups
 * under `/zta/`): the alert pipeline (log groups with the CIS metric filters, alarms, EventBridge
 * rules and targets, SNS topics and subscriptions, the SQS event queue), the log buckets (Object
 * Lock GOVERNANCE can be bypassed by whoever holds s3:BypassGovernanceRetention), the baseline's
 * roles and customer-managed policies. Creating a resource with such a name is denied too where the
 * create is an overwrite (PutMetricAlarm, PutRule, CreateRole, CreatePolicy).
 */
export const BASELINE_RESOURCE_TAMPERING_ACTIONS: readonly TamperingGuardrail[] = [
  {
    sid: 'DenyLogGroupTampering',
    why: 'CIS 4.1-4.15 filters read the trail log group: it, its retention, its key, its filters and subscriptions stay',
    actions: [
      'logs:Delete*', // every Delete action of CloudWatch Logs removes something (log group, stream, filter, retention, policy, transformer)
      'logs:PutRetentionPolicy', 'logs:*KmsKey', // Associate, Disassociate: a reviewed family
      'logs:PutMetricFilter', 'logs:PutSubscriptionFilter', 'logs:PutTransformer', 'logs:PutDataProtectionPolicy', 'logs:PutLogGroupDeletionProtection',
    ],
    // WAF requires its log group's name to start with aws-waf-logs- (charts/web-firewall.ts): the /zta/ path cannot hold it.
    resources: ['arn:aws:logs:*:*:log-group:/zta/*', 'arn:aws:logs:*:*:log-group:aws-waf-logs-zta-*'],
  },
  {
    sid: 'DenyAlertPipelineTampering',
    why: 'Every CIS alarm, EventBridge rule, alert topic and event queue keeps alerting the subscriptions the claim set',
    actions: [
      // Wildcards are reviewed families (guardrail-actions.test.ts), written once to keep the account guardrail under 5,120
      // characters: Put*Alarm* = PutMetricAlarm, PutCompositeAlarm, PutLogAlarm, PutAlarmMuteRule (a put overwrites or mutes
      // the alarm); *Targets = PutTargets, RemoveTargets; Set*Attributes = the topic's and subscriptions' (and three
      // families of mobile-push and SMS resources the topic patterns never match).
      'cloudwatch:DeleteAlarms', 'cloudwatch:DisableAlarmActions', 'cloudwatch:Put*Alarm*', 'cloudwatch:SetAlarmState',
      'events:DeleteRule', 'events:DisableRule', 'events:PutRule', 'events:*Targets',
      'sns:DeleteTopic', 'sns:Set*Attributes', 'sns:RemovePermission', 'sns:Unsubscribe', 'sns:PutDataProtectionPolicy',
      'sqs:DeleteQueue', 'sqs:SetQueueAttributes', 'sqs:RemovePermission', 'sqs:PurgeQueue',
    ],
    resources: [`arn:aws:cloudwatch:*:*:alarm:zta-*-${ENV}`, `arn:aws:events:*:*:rule/zta-*-${ENV}`, `arn:aws:sns:*:*:zta-*-${ENV}`, `arn:aws:sqs:*:*:zta-*-${ENV}`],
  },
  {
    sid: 'DenyLogBucketTampering',
    why: 'CIS 3.x: the baseline buckets keep their policy, lock, versioning, encryption, lifecycle and logging; no GOVERNANCE bypass on trail logs',
    actions: [
      's3:BypassGovernanceRetention', 's3:DeleteBucket', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketObjectLockConfiguration',
      's3:PutLifecycleConfiguration', 's3:PutBucketVersioning', 's3:PutEncryptionConfiguration', 's3:PutBucketLogging', 's3:PutBucketPublicAccessBlock',
      's3:PutReplicationConfiguration', // replication would copy the logs to a bucket of the caller's choosing
    ],
    resources: [`arn:aws:s3:::zta-*-${ENV}`, `arn:aws:s3:::zta-trail-*-${ENV}/*`],
  },
  {
    sid: 'DenyWebAclTampering',
    why: 'The regional web ACL keeps its rules and its logging, and stays on every load balancer it protects',
    actions: [
      'wafv2:DeleteWebACL', 'wafv2:UpdateWebACL', 'wafv2:DeleteLoggingConfiguration', 'wafv2:PutLoggingConfiguration',
      // Authorized on the protected resource only (not the web ACL), and load balancer ARNs are the workload's:
      // no web ACL leaves an ALB of the account except by the exempt roles (deleting the ALB stays allowed).
      'wafv2:DisassociateWebACL',
    ],
    resources: [`arn:aws:wafv2:*:*:regional/webacl/zta-*-${ENV}/*`, 'arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*'],
  },
  {
    sid: 'DenyBaselineIamTampering',
    why: 'The baseline roles (recorder, log delivery, backup, forwarder, break glass) and policies (the permissions boundary) keep their trust and permissions; nobody else creates a role of such a name',
    actions: [...ROLE_CHANGE_ACTIONS, 'iam:CreatePolicy', 'iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicyVersion', 'iam:DeletePolicy'],
    resources: [`arn:aws:iam::*:role/zta-*-${ENV}`, `arn:aws:iam::*:policy/zta-*-${ENV}`],
  },
];

/**
 * Baseline resources whose names the SCP cannot know (VPC, network ACL and security group ids), so
 * the deny keys on the platform's tag, which {@link PROTECTED_TAG_CHANGES} keeps out of reach.
 */
export const TAGGED_NETWORK_TAMPERING_ACTIONS: readonly TamperingGuardrail[] = [
  {
    sid: 'DenyPrivateNetworkTampering',
    why: 'The private VPC gets no internet gateway (CIS 5.x); its default network ACL and security groups keep their rules (CIS 5.1, 5.4; EC2.2, EC2.21)',
    actions: [
      'ec2:AttachInternetGateway', 'ec2:CreateEgressOnlyInternetGateway', // authorized on the VPC too: the VPC's tag decides
      'ec2:*NetworkAclEntry', // Create, Replace, Delete: a reviewed family
      'ec2:AuthorizeSecurityGroup*', 'ec2:ModifySecurityGroupRules', // Ingress, Egress (reviewed); a modify can widen an existing rule to 0.0.0.0/0
      'ec2:ModifyVpcEndpoint', 'ec2:DeleteVpcEndpoints', // the endpoint policies are the data perimeter
      'ec2:ModifyVpcAttribute', // DNS support off breaks the endpoints' private DNS: calls would leave through other paths or fail
      'ec2:ReplaceNetworkAclAssociation', // moves one of our subnets off the managed default ACL (authorized on the subnet too)
    ],
    resources: ['arn:aws:ec2:*:*:vpc/*', 'arn:aws:ec2:*:*:network-acl/*', 'arn:aws:ec2:*:*:security-group/*', 'arn:aws:ec2:*:*:vpc-endpoint/*', 'arn:aws:ec2:*:*:subnet/*'],
    conditions: MANAGED,
  },
];

/**
 * Channels into or out of the baseline's logs that the baseline never opens, so nobody needs them:
 * denied without exemption in the shared zta-protect-organization SCP (one document for every
 * target, whose exemptions it therefore cannot name). A break-glass repair never turns them on.
 */
export const UNUSED_LOG_CHANNELS: TamperingGuardrail = {
  sid: 'DenyLogChannelsTheBaselineNeverOpens',
  why: 'No bearer-token or syslog ingestion into the baseline log groups (injected events would feed the CIS metric filters); no inventory of the log buckets delivered elsewhere',
  actions: [
    'logs:PutBearerTokenAuthentication', // HTTP ingestion with a bearer token instead of SigV4
    'logs:PutSyslogConfiguration', // syslog ingestion
    's3:PutInventoryConfiguration', // lists every log object into a bucket of the caller's choosing
  ],
  resources: ['arn:aws:logs:*:*:log-group:/zta/*', 'arn:aws:logs:*:*:log-group:aws-waf-logs-zta-*', 'arn:aws:s3:::zta-*'],
};

/** The tag keys guardrail conditions rely on (the other zerotrust.io keys, e.g. backup-rule, decide nothing). */
export const PROTECTED_TAG_KEYS: readonly string[] = [KEY_PURPOSE_TAG, KEY_ORIGIN_TAG, MANAGED_BY_TAG];

/**
 * Tag-scoped denies hold only while the tags do: nobody but the exempt roles may add or remove a
 * tag key a guardrail keys on (aws:TagKeys lists the keys a tag or untag request names). Not on
 * recovery points, snapshots and images: AWS Backup copies a resource's tags onto its recovery
 * points under the backup role, which this deny would otherwise stop. The Resource Groups Tagging
 * API (tag:TagResources) needs the service's own tag permission as well, so it needs no entry.
 */
export const PROTECTED_TAG_CHANGES: TamperingGuardrail = {
  sid: 'DenyProtectedTagChanges',
  why: 'Removing zerotrust.io/key-purpose (or key-origin, managed-by) would take a key, plan, API or VPC out of its guardrail',
  actions: ['kms:TagResource', 'kms:UntagResource', 'ec2:CreateTags', 'ec2:DeleteTags', 'backup:TagResource', 'backup:UntagResource'],
  resources: ['*'],
  // EC2 ARNs without an account are snapshots and images (a VPC, network ACL or security group ARN names its account).
  notResources: ['arn:aws:backup:*:*:recovery-point:*', 'arn:aws:ec2:*::*'],
  conditions: [{ operator: 'ForAnyValue:StringEquals', key: 'aws:TagKeys', values: PROTECTED_TAG_KEYS }],
};

/**
 * The deny statements for `guardrails`, each exempting exactly `exemptPrincipalArns` (the break-glass
 * role and the platform's provisioning role, as the guardrails SCPs exempt them). `environment`
 * replaces {@link ENV} in resource patterns; a pattern with ENV and no environment is an error.
 */
export function tamperingDenyStatements(guardrails: readonly TamperingGuardrail[], exemptPrincipalArns: readonly string[], environment?: string): PolicyStatement[] {
  return guardrails.map((g) => {
    const statement = g.notResources
      // denyUnlessPrincipal's exemption over NotResource.
      ? new PolicyStatement({
        sid: g.sid, effect: Effect.DENY, actions: g.actions, notResources: g.notResources,
        conditions: { [ConditionOperator.ARN_NOT_LIKE]: { 'aws:PrincipalArn': [...exemptPrincipalArns] } },
      })
      : denyUnlessPrincipal({ sid: g.sid, actions: g.actions, resources: resourcesOf(g, environment), exemptPrincipalArns });
    for (const c of g.conditions ?? []) statement.addCondition(c.operator, c.key, typeof c.values === 'string' ? c.values : [...c.values]);
    return statement;
  });
}

/**
 * One deny statement for several guardrails with the same conditions: their actions and resource
 * patterns, once each (the exemption is written once instead of per guardrail, which is what keeps
 * the SCPs under 5,120 characters). Sound because every pattern names only baseline resources: an
 * action matched against another guardrail's pattern still only touches the baseline. Guardrails
 * with resource `*` must not be merged with scoped ones (the scope would be lost).
 */
export function mergedDenyStatement(sid: string, guardrails: readonly TamperingGuardrail[], exemptPrincipalArns: readonly string[], environment?: string): PolicyStatement {
  if (guardrails.length === 0) throw new Error(`mergedDenyStatement ${sid}: no guardrails to merge`);
  const conditions = JSON.stringify(guardrails[0]!.conditions ?? []);
  const star = (g: TamperingGuardrail) => g.resources.includes('*');
  for (const g of guardrails) {
    if (JSON.stringify(g.conditions ?? []) !== conditions) throw new Error(`mergedDenyStatement ${sid}: ${g.sid} has other conditions than ${guardrails[0]!.sid}; merge only guardrails with the same conditions`);
    if (star(g) !== star(guardrails[0]!)) throw new Error(`mergedDenyStatement ${sid}: ${g.sid} mixes resource '*' with scoped resources; keep them in separate statements`);
  }
  const unique = (xs: string[]) => [...new Set(xs)];
  return tamperingDenyStatements([{
    sid, why: guardrails.map((g) => g.why).join('; '),
    actions: unique(guardrails.flatMap((g) => [...g.actions])),
    resources: unique(guardrails.flatMap((g) => [...g.resources])),
    ...(guardrails[0]!.conditions ? { conditions: guardrails[0]!.conditions } : {}),
  }], exemptPrincipalArns, environment)[0]!;
}

function resourcesOf(g: TamperingGuardrail, environment: string | undefined): string[] {
  return g.resources.map((r) => {
    if (!r.includes(ENV)) return r;
    if (environment === undefined) throw new Error(`tampering guardrail ${g.sid}: resource ${r} needs the environment suffix; pass the environment`);
    return r.split(ENV).join(environment);
  });
}
