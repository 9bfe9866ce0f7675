// Compliance domain: every resource of the account is continuously checked against policy. The AWS
// Config recorder (CIS 3.3 / Config.1: all supported types, global resources included) delivers to a
// secure bucket and an encrypted topic, and AWS managed rules evaluate the CIS / FSBP controls.
// AWS refuses a delivery channel without a recorder, starting a recorder without a delivery channel,
// and rules without a recorder, so each step is composed once what it needs is observed to exist
// (createdAfter): recorder -> delivery channel -> recorder status (enabled), and recorder -> rules.
import type { Construct } from 'constructs';
import {
  AwsConfigurationRecorderStatus,
  ConfigRuleV1Beta2,
  ConfigurationRecorderV1Beta2,
  DeliveryChannelV1Beta2,
} from '../imports/configservice.aws.upbound.io';
import { BucketV1Beta2 } from '../imports/s3.aws.upbound.io';
import {
  ClaimTreeResource,
  ComposedResource,
  ConditionOperator,
  DomainChart,
  KMS_ENCRYPT_DECRYPT_ACTIONS,
  Params,
  PolicyStatement,
  Principals,
  Schema,
  Transforms,
  allowServiceWithSourceConditions,
  combineFromComposite,
  configRuleName,
  managedRulePage,
  encryptedTopic,
  param,
  serviceRole,
  suffixed,
  createdAfter,
  type ManagedRule,
  type Patch,
  type RegionSlot,
} from '../compositions';
import { SecureBucket } from '../compositions/blocks/data/secure-bucket';
import { TRAIL_ACCESS_LOG_PURPOSE } from './audit-logging';
import { MaxLength } from '../compositions/kernel/aws-limits';

export const CONFIG_SERVICE = 'config.amazonaws.com';
/** AWS managed policy for the recorder role (read access to every recordable resource type). */
export const AWS_CONFIG_ROLE_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole';
const CONFIG_PREFIX = 'config';

/**
 * The recorder's role. `AWS_ConfigRole` (default, the request's requirement): our own role
 * `zta-config-recorder-<suffix>` with the AWS managed policy AWS_ConfigRole, under the permissions
 * boundary. `AWSServiceRoleForConfig`: AWS Config's service-linked role, which Security Hub Config.1
 * expects; an account singleton that AWS Config creates on first use (or `aws iam
 * create-service-linked-role --aws-service-name config.amazonaws.com`), so it is neither created
 * nor deleted here (deleting it would break every other recorder using it). See docs/config-recorder-role.md.
 */
export const CONFIG_RECORDER_ROLES = ['AWS_ConfigRole', 'AWSServiceRoleForConfig'] as const;
export type ConfigRecorderRole = (typeof CONFIG_RECORDER_ROLES)[number];
/** Path and name of the service-linked role under `role/` (IAM: service-linked roles live under aws-service-role/<service>/). */
export const CONFIG_SERVICE_LINKED_ROLE_PATH = 'aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig';
/**
 * Each choice as the text between `role/` and the suffix, then `#`-terminated where the suffix does
 * not belong: P&T has no conditional, so the recorder's role ARN is combined from account, this and
 * the suffix, and a regexp keeps what precedes `#` (compositions/kernel/transforms.ts).
 */
const RECORDER_ROLE_ARN_PARTS: Readonly<Record<ConfigRecorderRole, string>> = {
  AWS_ConfigRole: 'zta-config-recorder-',
  AWSServiceRoleForConfig: `${CONFIG_SERVICE_LINKED_ROLE_PATH}#`,
};

/**
 * The managed rules: each `identifier` from AWS_MANAGED_RULE_PAGES (compositions/blocks/detection/
 * managed-rule-pages.generated.ts, a misspelling fails tsc), and the Security Hub / CIS `controls` it
 * evaluates (../shared/research/controls.json), which the rule's description and the security report carry.
 */
export const COMPLIANCE_RULES: readonly ManagedRule[] = [
  { identifier: 'ENCRYPTED_VOLUMES', resourceName: 'ruleEncryptedVolumes', controls: ['EC2.3'] },
  { identifier: 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK', resourceName: 'ruleRdsInstancePublicAccess', controls: ['RDS.2'] },
  { identifier: 'RDS_STORAGE_ENCRYPTED', resourceName: 'ruleRdsStorageEncrypted', controls: ['RDS.3', 'CIS 2.3.1'] },
  { identifier: 'MULTI_REGION_CLOUD_TRAIL_ENABLED', resourceName: 'ruleMultiRegionCloudTrail', controls: ['CloudTrail.1', 'CIS 3.1'] },
  { identifier: 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED', resourceName: 'ruleCloudTrailLogFileValidation', controls: ['CloudTrail.4', 'CIS 3.2'] },
  { identifier: 'CLOUD_TRAIL_ENCRYPTION_ENABLED', resourceName: 'ruleCloudTrailEncryption', controls: ['CloudTrail.2', 'CIS 3.5'] },
  { identifier: 'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED', resourceName: 'ruleCloudTrailCloudWatchLogs', controls: ['CloudTrail.5'] },
  { identifier: 'CMK_BACKING_KEY_ROTATION_ENABLED', resourceName: 'ruleKmsKeyRotation', controls: ['KMS.4', 'CIS 3.6'] },
  { identifier: 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION', resourceName: 'ruleKmsKeyNotScheduledForDeletion', controls: ['KMS.3'] },
  { identifier: 'VPC_FLOW_LOGS_ENABLED', resourceName: 'ruleVpcFlowLogs', controls: ['EC2.6', 'CIS 3.7'] },
  { identifier: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED', resourceName: 'ruleDefaultSecurityGroupClosed', controls: ['EC2.2', 'CIS 5.4'] },
  { identifier: 'INCOMING_SSH_DISABLED', resourceName: 'ruleRestrictedSsh', controls: ['EC2.13', 'CIS 5.2'] },
  // Detects what the network domain's default ACL prevents: an ACL entry opening SSH/RDP to anywhere.
  // docs.aws.amazon.com/config/latest/developerguide/nacl-no-unrestricted-ssh-rdp.html
  { identifier: 'NACL_NO_UNRESTRICTED_SSH_RDP', resourceName: 'ruleNaclNoUnrestrictedSshRdp', controls: ['EC2.21', 'CIS 5.1'] },
  // CIS 5.3: SSH and RDP from ::/0 (restricted-ssh checks SSH only, restricted-common-ports IPv4 only).
  // Stated, not left to the defaults (22,3389 / ALL / ALL), so a changed default cannot narrow it.
  // docs.aws.amazon.com/config/latest/developerguide/vpc-sg-port-restriction-check.html: restrictPorts
  // (CSV, default 22,3389), protocolType (TCP|UDP|ALL), ipType (IPv4|IPv6|ALL), excludeExternalSecurityGroups;
  // NON_COMPLIANT when a security group admits 0.0.0.0/0 or ::/0 on a restricted port (periodic).
  {
    identifier: 'VPC_SG_PORT_RESTRICTION_CHECK',
    resourceName: 'ruleAdminPortsFromAnywhere',
    controls: ['CIS 5.2', 'CIS 5.3'],
    inputParameters: { restrictPorts: '22,3389', protocolType: 'ALL', ipType: 'ALL' },
  },
  // Defaults block 20, 21, 3389 (RDP), 3306 and 4333 from 0.0.0.0/0.
  { identifier: 'RESTRICTED_INCOMING_TRAFFIC', resourceName: 'ruleRestrictedCommonPorts', controls: ['EC2.14', 'CIS 5.2'] },
  { identifier: 'S3_BUCKET_PUBLIC_READ_PROHIBITED', resourceName: 'ruleS3PublicReadProhibited', controls: ['S3.2'] },
  { identifier: 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED', resourceName: 'ruleS3PublicWriteProhibited', controls: ['S3.3'] },
  { identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY', resourceName: 'ruleS3SslRequestsOnly', controls: ['S3.5', 'CIS 2.1.1'] },
  { identifier: 'S3_BUCKET_LOGGING_ENABLED', resourceName: 'ruleS3BucketLogging', controls: ['S3.9'] },
  { identifier: 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC', resourceName: 'ruleS3AccountPublicAccessBlock', controls: ['S3.1', 'CIS 2.1.4'] },
  { identifier: 'EC2_EBS_ENCRYPTION_BY_DEFAULT', resourceName: 'ruleEbsEncryptionByDefault', controls: ['EC2.7', 'CIS 2.2.1'] },
  { identifier: 'EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK', resourceName: 'ruleEbsSnapshotNotPublic', controls: ['EC2.1'] },
  // EC2.8 / CIS 5.6: instances accept only IMDSv2 session tokens (HttpTokens required).
  // docs.aws.amazon.com/config/latest/developerguide/ec2-imdsv2-check.html: Identifier EC2_IMDSV2_CHECK,
  // AWS::EC2::Instance, configuration changes, no parameters; NON_COMPLIANT when HttpTokens is optional.
  { identifier: 'EC2_IMDSV2_CHECK', resourceName: 'ruleEc2Imdsv2', controls: ['EC2.8', 'CIS 5.6'] },
  // CIS 1.8/1.9: the rule's defaults are length 14, reuse prevention 24; stated so a changed default cannot weaken it.
  {
    identifier: 'IAM_PASSWORD_POLICY',
    resourceName: 'ruleIamPasswordPolicy',
    controls: ['IAM.7', 'CIS 1.8', 'CIS 1.9'],
    inputParameters: { MinimumPasswordLength: '14', PasswordReusePrevention: '24', RequireUppercaseCharacters: 'true', RequireLowercaseCharacters: 'true', RequireSymbols: 'true', RequireNumbers: 'true', MaxPasswordAge: '90' },
  },
  // Our permissions boundary allows '*' on '*' minus its denies (a boundary only limits): without
  // this flag the rule flags the boundary itself as an admin policy.
  // https://docs.aws.amazon.com/config/latest/developerguide/iam-policy-no-statements-with-admin-access.html
  {
    identifier: 'IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS',
    resourceName: 'ruleIamNoAdminPolicies',
    controls: ['IAM.1', 'CIS 1.16'],
    inputParameters: { excludePermissionBoundaryPolicy: 'true' },
  },
  { identifier: 'IAM_ROOT_ACCESS_KEY_CHECK', resourceName: 'ruleRootNoAccessKeys', controls: ['IAM.4', 'CIS 1.4'] },
  { identifier: 'ROOT_ACCOUNT_MFA_ENABLED', resourceName: 'ruleRootMfa', controls: ['IAM.9', 'CIS 1.5'] },
  { identifier: 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS', resourceName: 'ruleConsoleMfa', controls: ['IAM.5', 'CIS 1.10'] },
  { identifier: 'ACCESS_KEYS_ROTATED', resourceName: 'ruleAccessKeysRotated', controls: ['IAM.3', 'CIS 1.14'], inputParameters: { maxAccessKeyAge: '90' } },
  // Centralized: GuardDuty on, and its findings administered by the organization's security account.
  // https://docs.aws.amazon.com/config/latest/developerguide/guardduty-enabled-centralized.html
  {
    identifier: 'GUARDDUTY_ENABLED_CENTRALIZED',
    resourceName: 'ruleGuardDutyEnabled',
    controls: ['GuardDuty.1'],
    inputParameters: { CentralMonitoringAccount: param('securityAccountId') },
  },
  { identifier: 'SECURITYHUB_ENABLED', resourceName: 'ruleSecurityHubEnabled', controls: ['CIS 4.16'] },
  { identifier: 'SNS_ENCRYPTED_KMS', resourceName: 'ruleSnsEncrypted', controls: ['SNS.1'] },
  // CloudWatch.15: an ALARM action is required; our alarms deliberately have no INSUFFICIENT_DATA action.
  {
    identifier: 'CLOUDWATCH_ALARM_ACTION_CHECK',
    resourceName: 'ruleCloudWatchAlarmActions',
    controls: ['CloudWatch.15'],
    inputParameters: { alarmActionRequired: 'true', insufficientDataActionRequired: 'false', okActionRequired: 'false' },
  },
];

export class ComplianceChart extends DomainChart {
  /** Composed once by XZeroTrustAccount (charts/index.ts finds it by this). */
  public static readonly composedBy = 'account';

  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XCompliance',
      domain: 'compliance',
      readme: {
        title: 'Compliance',
        controls: 'AWS Config recorder (all supported and global resource types), delivery channel to a secure bucket and SNS, recorder enabled (CIS 3.3, Config.1) with a choice of role (`compliance.recorderRole`: the `AWS_ConfigRole` custom role by default, or the service-linked role `AWSServiceRoleForConfig` that Security Hub Config.1 expects; docs/config-recorder-role.md); managed rules from a checked list of AWS identifiers (ENCRYPTED_VOLUMES, RDS_INSTANCE_PUBLIC_ACCESS_CHECK and the CIS/FSBP-aligned set), each created after the recorder; in every other allowed region a recorder (global resource types only at home) delivering into the home bucket, and the GuardDuty (administered by the security account) and Security Hub coverage rules',
      },
      description: 'AWS Config recorder, delivery channel and the managed rules that continuously evaluate the CIS and FSBP controls.',
    });

    this.keyArnInput('data', 'S3 objects');
    this.keyArnInput('messaging', 'SNS topics');
    // Its IAM role carries the identity domain's permissions boundary (issue 5: every role we create).
    this.permissionsBoundaryInput();
    // The GuardDuty and Security Hub administrator the coverage checks expect (from onboarding).
    this.bound('securityAccountId', Schema.string('The organization\'s security account (from onboarding): delegated administrator of GuardDuty and Security Hub.', {
      maxLength: MaxLength.accountId, pattern: '^[0-9]{12}$',
    }), 'organization.securityAccountId');
    this.input('accessLogBucketName', Schema.string('Bucket receiving S3 server access logs (from the audit-logging domain).', { maxLength: MaxLength.s3BucketName }), {
      domain: 'auditLogging',
      statusField: 'trailAccessLogBucketName',
      computed: SecureBucket.nameFor(TRAIL_ACCESS_LOG_PURPOSE),
    });

    this.parameter('recorderRole', Schema.string(
      'The role the AWS Config recorder uses: AWS_ConfigRole (default) is a role of this package with the AWS managed policy AWS_ConfigRole; AWSServiceRoleForConfig is AWS Config\'s service-linked role, which Security Hub Config.1 expects (it must exist or be creatable in the account; it is never deleted). See docs/config-recorder-role.md.',
      { enum: [...CONFIG_RECORDER_ROLES], default: 'AWS_ConfigRole' },
    ));
    this.derivedInput('recorderRoleArnPart', Schema.string('The recorder role between `role/` and the suffix (set by XZeroTrustAccount from recorderRole).', { maxLength: 128 }), {
      parameter: 'recorderRole', transforms: [Transforms.map(RECORDER_ROLE_ARN_PARTS)],
    });
    const recorderRoleArn = recorderRoleArnPatch();

    const recorderName = suffixed('zta-recorder');
    const roleName = suffixed('zta-config-recorder');
    const serviceLinkedRoleArn = `arn:aws:iam::${Params.accountId}:role/${CONFIG_SERVICE_LINKED_ROLE_PATH}`;
    const roleArn = `arn:aws:iam::${Params.accountId}:role/${roleName}`;
    const bucketArn = `arn:aws:s3:::${SecureBucket.nameFor(CONFIG_PREFIX)}`;
    const objectsArn = `${bucketArn}/${CONFIG_PREFIX}/AWSLogs/${Params.accountId}/Config/*`;

    // Config delivers as the recorder role; the service principal statements cover deliveries AWS
    // Config makes with its own identity (documented bucket policy), for this account only.
    // https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
    const configBucket = new SecureBucket(this, {
      name: 'configBucket',
      purpose: CONFIG_PREFIX,
      kmsKeyArn: param('dataKeyArn'),
      accessLogs: { targetBucketName: param('accessLogBucketName'), prefix: 'config/' },
      additionalStatements: [
        allowServiceWithSourceConditions({
          sid: 'AllowConfigBucketChecks',
          services: [CONFIG_SERVICE],
          actions: ['s3:GetBucketAcl', 's3:ListBucket'],
          resources: [bucketArn],
          sourceAccount: Params.accountId,
        }),
        new PolicyStatement({
          sid: 'AllowConfigDelivery',
          principals: [Principals.service(CONFIG_SERVICE)],
          actions: ['s3:PutObject'],
          resources: [objectsArn],
          conditions: { [ConditionOperator.STRING_EQUALS]: { 'aws:SourceAccount': Params.accountId, 's3:x-amz-acl': 'bucket-owner-full-control' } },
        }),
      ],
    });
    // Config delivering with its service identity encrypts with the data key: this account's deliveries only.
    this.useKey('data', new PolicyStatement({
      sid: 'AllowConfigDeliveryEncryption',
      principals: [Principals.service(CONFIG_SERVICE)],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { [ConditionOperator.STRING_EQUALS]: { 'aws:SourceAccount': Params.accountId } },
    }));

    // Configuration change notifications (SNS.1): only the recorder's role publishes, whichever is chosen
    // (the service-linked role can be assumed by AWS Config alone).
    const { topic, topicArn } = encryptedTopic(this, {
      name: 'configTopic',
      topicName: suffixed('zta-config-notifications'),
      displayName: 'AWS Config notifications',
      kmsKeyArn: param('messagingKeyArn'),
      arnStatusField: 'configTopicArn',
      publishers: (topicArn) => [
        new PolicyStatement({ sid: 'AllowConfigRecorderRole', principals: [Principals.arn(roleArn), Principals.arn(serviceLinkedRoleArn)], actions: ['sns:Publish'], resources: [topicArn] }),
      ],
    });

    // The recorder role: AWS_ConfigRole to read resources, plus delivery into our bucket and topic.
    serviceRole(this, {
      name: 'configRecorderRole',
      roleName,
      description: 'AWS Config recorder of the account: reads resource configurations and delivers them.',
      trust: [
        new PolicyStatement({
          sid: 'AwsConfigOfThisAccount',
          principals: [Principals.service(CONFIG_SERVICE)],
          actions: ['sts:AssumeRole'],
          // AWS Config documents aws:SourceAccount in its role's trust policy (it sends the key).
          // https://docs.aws.amazon.com/config/latest/developerguide/iamrole-permissions.html#iam-trust-policy
          conditions: { [ConditionOperator.STRING_EQUALS]: { 'aws:SourceAccount': Params.accountId } },
        }),
      ],
      managedPolicyArns: [AWS_CONFIG_ROLE_POLICY_ARN],
      permissions: [
        new PolicyStatement({ sid: 'CheckBucket', actions: ['s3:GetBucketAcl', 's3:ListBucket'], resources: [bucketArn] }),
        new PolicyStatement({
          sid: 'DeliverSnapshots',
          actions: ['s3:PutObject'],
          resources: [objectsArn],
          conditions: { [ConditionOperator.STRING_EQUALS]: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
        }),
        new PolicyStatement({ sid: 'PublishNotifications', actions: ['sns:Publish'], resources: [`arn:aws:sns:${Params.region}:${Params.accountId}:${suffixed('zta-config-notifications')}`] }),
        new PolicyStatement({
          sid: 'EncryptThroughS3AndSns',
          actions: [...KMS_ENCRYPT_DECRYPT_ACTIONS],
          resources: [param('dataKeyArn'), param('messagingKeyArn')],
          conditions: { [ConditionOperator.STRING_EQUALS]: { 'kms:ViaService': [`s3.${Params.region}.amazonaws.com`, `sns.${Params.region}.amazonaws.com`] } },
        }),
      ],
    });

    // CIS 3.3 / Config.1: record every supported resource type, global ones (IAM) included.
    const recorder = new ComposedResource(this, {
      name: 'configRecorder',
      kind: ConfigurationRecorderV1Beta2,
      externalName: recorderName,
      forProvider: {
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
        recordingMode: { recordingFrequency: 'CONTINUOUS' },
      },
      // The chosen role's ARN (recorderRole); the custom role exists either way (it is cheap, and
      // switching back needs no re-creation).
      patches: [recorderRoleArn],
    }).publish('configRecorderName', 'status.atProvider.id', Schema.string('Name of the AWS Config recorder.', { maxLength: MaxLength.configName }));

    const channel = new ComposedResource(this, {
      name: 'configDeliveryChannel',
      kind: DeliveryChannelV1Beta2,
      externalName: suffixed('zta-delivery'),
      forProvider: {
        s3BucketName: configBucket.bucketName,
        s3KeyPrefix: CONFIG_PREFIX,
        s3KmsKeyArn: param('dataKeyArn'),
        snapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
        // The topic ARN is built from its name (the test proves it equals what the topic publishes):
        // read through the composite's status it cost two reconcile rounds on the longest chain.
        snsTopicArn: topicArn,
      },
    }).publish('configDeliveryChannelName', 'status.atProvider.id', Schema.string('Name of the AWS Config delivery channel.', { maxLength: MaxLength.configName }));
    // PutDeliveryChannel needs a recorder (NoAvailableConfigurationRecorderException) and an existing
    // topic (InvalidSNSTopicARNException): created once both are observed.
    createdAfter(channel, recorder, topic);

    // The status resource is named after the recorder it starts.
    const recorderStatus = new ComposedResource(this, {
      name: 'configRecorderStatus',
      kind: AwsConfigurationRecorderStatus,
      externalName: recorderName,
      forProvider: { isEnabled: true },
    }).publish('configRecorderStarted', 'status.atProvider.id', Schema.string('Name of the AWS Config recorder, set once it records.', { maxLength: MaxLength.configName }));
    createdAfter(recorderStatus, channel);

    // PutConfigRule needs a recorder to exist (NoAvailableConfigurationRecorderException), not one that records.
    for (const rule of COMPLIANCE_RULES) createdAfter(managedRule(this, rule), recorder);
    // Deletion order (ClusterUsages): the recorder stops before its delivery channel, which goes before its destinations.
    this.deletedBefore(recorderStatus, { uses: channel, reason: 'DeleteDeliveryChannel fails with LastDeliveryChannelDeleteFailedException while the configuration recorder is running' });
    this.deletedBefore(channel, { uses: 'configBucket', reason: 'AWS Config delivers configuration snapshots and history into this bucket until the delivery channel is deleted' });
    this.deletedBefore(channel, { uses: topic, reason: 'AWS Config publishes notifications into this topic until the delivery channel is deleted' });
    this.deletedBefore(recorder, { uses: 'configRecorderRole', reason: 'The recorder reads resource configurations through this role until it is deleted' });
    this.deletedBefore('configBucketLogging', {
      uses: new ClaimTreeResource('auditLogging', 'trailAccessLogBucket', BucketV1Beta2.GVK),
      reason: 'S3 delivers the Config bucket\'s server access logs into this bucket while the logging configuration exists',
    });
    this.encryptedWith('data', 'configBucket', channel);
    this.encryptedWith('messaging', topic);
    this.boundaryOutlives('configRecorderRole');

    // CIS 3.3 / Config.1 in every other allowed region: a recorder per region (AWS Config records the
    // region it runs in), delivering into the home region's bucket (AWS Config supports cross-Region
    // delivery channels outside China). Only the home recorder records global resources (IAM), so
    // they are not recorded once per region.
    // https://docs.aws.amazon.com/config/latest/APIReference/API_PutDeliveryChannel.html
    for (const slot of this.regionSlots()) this.regionalRecorder(slot, recorderName, configBucket.bucketName);
  }

  /**
   * One allowed region: recorder -> delivery channel -> recorder status -> coverage rules, in the
   * home recorder's order, with the home region's role and bucket (account-global names).
   */
  private regionalRecorder(slot: RegionSlot, recorderName: string, bucketName: string): void {
    const status = (field: string): string => `regionalConfig.${slot.suffix.charAt(0).toLowerCase()}${slot.suffix.slice(1)}.${field}`;
    const recorder = new ComposedResource(this, {
      name: slot.name('configRecorder'),
      kind: ConfigurationRecorderV1Beta2,
      region: slot.region,
      externalName: recorderName,
      forProvider: {
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: false },
        recordingMode: { recordingFrequency: 'CONTINUOUS' },
      },
      patches: [recorderRoleArnPatch()],
    }).publish(status('recorderName'), 'status.atProvider.id', Schema.string('Name of the AWS Config recorder of the region.', { maxLength: MaxLength.configName }));
    // No SNS topic: the notification topic and its key are the home region's; the configuration
    // history of the region still lands in the bucket, and the rules evaluate it.
    const channel = new ComposedResource(this, {
      name: slot.name('configDeliveryChannel'),
      kind: DeliveryChannelV1Beta2,
      region: slot.region,
      externalName: suffixed('zta-delivery'),
      forProvider: {
        s3BucketName: bucketName,
        s3KeyPrefix: CONFIG_PREFIX,
        s3KmsKeyArn: param('dataKeyArn'),
        snapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
      },
    }).publish(status('deliveryChannelName'), 'status.atProvider.id', Schema.string('Name of the AWS Config delivery channel of the region.', { maxLength: MaxLength.configName }));
    const recorderStatus = new ComposedResource(this, {
      name: slot.name('configRecorderStatus'),
      kind: AwsConfigurationRecorderStatus,
      region: slot.region,
      externalName: recorderName,
      forProvider: { isEnabled: true },
    }).publish(status('recorderStarted'), 'status.atProvider.id', Schema.string('Name of the AWS Config recorder of the region, set once it records.', { maxLength: MaxLength.configName }));
    // Coverage of the region: GuardDuty administered by the security account, Security Hub enabled
    // (both enabled there by their delegated administrator, never by the member).
    const rules = REGIONAL_COVERAGE_RULES.map((rule) => managedRule(this, { ...rule, resourceName: slot.name(rule.resourceName) }, slot.region));
    slot.conditional(recorder, channel, recorderStatus, ...rules);
    createdAfter(channel, recorder);
    createdAfter(recorderStatus, channel);
    for (const rule of rules) createdAfter(rule, recorder);
    this.deletedBefore(recorderStatus, { uses: channel, reason: 'DeleteDeliveryChannel fails with LastDeliveryChannelDeleteFailedException while the configuration recorder is running' });
    this.deletedBefore(channel, { uses: 'configBucket', reason: 'AWS Config delivers configuration snapshots and history into this bucket until the delivery channel is deleted' });
    this.deletedBefore(recorder, { uses: 'configRecorderRole', reason: 'The recorder reads resource configurations through this role until it is deleted' });
    this.encryptedWith('data', channel);
  }
}

/** The rules every other allowed region evaluates: the security services are on and administered centrally. */
export const REGIONAL_COVERAGE_RULES: readonly ManagedRule[] = COMPLIANCE_RULES.filter((r) => ['GUARDDUTY_ENABLED_CENTRALIZED', 'SECURITYHUB_ENABLED'].includes(r.identifier));

/** The recorder's roleArn: the chosen role (see RECORDER_ROLE_ARN_PARTS). */
function recorderRoleArnPatch(): Patch {
  return combineFromComposite(
    ['spec.parameters.accountId', 'spec.parameters.recorderRoleArnPart', 'spec.parameters.environmentSuffix'],
    'arn:aws:iam::%v:role/%v%v', 'spec.forProvider.roleArn', { required: true, transforms: [Transforms.regexp('^[^#]+')] },
  );
}

/** One AWS managed rule, composed in `scope`; the caller creates it after the recorder (PutConfigRule fails without one). */
function managedRule(scope: Construct, rule: ManagedRule, region?: string): ComposedResource {
  return new ComposedResource(scope, {
    name: rule.resourceName,
    kind: ConfigRuleV1Beta2,
    ...(region !== undefined ? { region } : {}),
    externalName: configRuleName(rule.identifier),
    forProvider: {
      description: `${managedRulePage(rule.identifier)} (${rule.controls.join(', ')})`,
      source: { owner: 'AWS', sourceIdentifier: rule.identifier },
      ...(rule.inputParameters ? { inputParameters: JSON.stringify(rule.inputParameters) } : {}),
    },
  });
}

