// AWS Config managed rules: the checked list of identifiers this package may use. A managed rule is
// addressed by its Identifier (SCREAMING_SNAKE), which is not always its kebab-case name
// (`restricted-ssh` is INCOMING_SSH_DISABLED): a wrong identifier is only rejected by AWS at create
// time, so every identifier below was read from its AWS Config Developer Guide page ("Identifier:"),
// awsdocs/aws-config-developer-guide doc_source/<name>.md at commit
// 1d71457536bb2f3a585690b88aa1cc8e6a72768a (access-keys-rotated.md: 1df7a4205b97ace1629e1c8b9a9beccfa944cb3e).
// The Security Hub control each rule backs comes from ../shared/research/controls.json.
import { suffixed } from '../../kernel/values';

export interface ManagedRuleFact {
  /** The rule name in the developer guide (page `doc_source/<name>.md`). */
  readonly name: string;
  /** Security Hub / CIS controls the rule evaluates. */
  readonly controls: readonly string[];
}

/** Identifier -> where it was read and what it checks. Add an entry only after reading the page. */
export const MANAGED_CONFIG_RULES = {
  ACCESS_KEYS_ROTATED: { name: 'access-keys-rotated', controls: ['IAM.3', 'CIS 1.14'] },
  CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED: { name: 'cloud-trail-cloud-watch-logs-enabled', controls: ['CloudTrail.5'] },
  CLOUD_TRAIL_ENCRYPTION_ENABLED: { name: 'cloud-trail-encryption-enabled', controls: ['CloudTrail.2', 'CIS 3.5'] },
  CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED: { name: 'cloud-trail-log-file-validation-enabled', controls: ['CloudTrail.4', 'CIS 3.2'] },
  CLOUDWATCH_ALARM_ACTION_CHECK: { name: 'cloudwatch-alarm-action-check', controls: ['CloudWatch.15'] },
  CMK_BACKING_KEY_ROTATION_ENABLED: { name: 'cmk-backing-key-rotation-enabled', controls: ['KMS.4', 'CIS 3.6'] },
  EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK: { name: 'ebs-snapshot-public-restorable-check', controls: ['EC2.1'] },
  // docs.aws.amazon.com/config/latest/developerguide/ec2-imdsv2-check.html: Identifier EC2_IMDSV2_CHECK,
  // AWS::EC2::Instance, configuration changes, no parameters; NON_COMPLIANT when HttpTokens is optional.
  EC2_IMDSV2_CHECK: { name: 'ec2-imdsv2-check', controls: ['EC2.8', 'CIS 5.6'] },
  EC2_EBS_ENCRYPTION_BY_DEFAULT: { name: 'ec2-ebs-encryption-by-default', controls: ['EC2.7', 'CIS 2.2.1'] },
  ENCRYPTED_VOLUMES: { name: 'encrypted-volumes', controls: ['EC2.3'] },
  GUARDDUTY_ENABLED_CENTRALIZED: { name: 'guardduty-enabled-centralized', controls: ['GuardDuty.1'] },
  IAM_PASSWORD_POLICY: { name: 'iam-password-policy', controls: ['IAM.7', 'CIS 1.8', 'CIS 1.9'] },
  IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS: { name: 'iam-policy-no-statements-with-admin-access', controls: ['IAM.1', 'CIS 1.16'] },
  IAM_ROOT_ACCESS_KEY_CHECK: { name: 'iam-root-access-key-check', controls: ['IAM.4', 'CIS 1.4'] },
  INCOMING_SSH_DISABLED: { name: 'restricted-ssh', controls: ['EC2.13', 'CIS 5.2'] },
  KMS_CMK_NOT_SCHEDULED_FOR_DELETION: { name: 'kms-cmk-not-scheduled-for-deletion', controls: ['KMS.3'] },
  MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS: { name: 'mfa-enabled-for-iam-console-access', controls: ['IAM.5', 'CIS 1.10'] },
  // docs.aws.amazon.com/config/latest/developerguide/nacl-no-unrestricted-ssh-rdp.html
  NACL_NO_UNRESTRICTED_SSH_RDP: { name: 'nacl-no-unrestricted-ssh-rdp', controls: ['EC2.21', 'CIS 5.1'] },
  MULTI_REGION_CLOUD_TRAIL_ENABLED: { name: 'multi-region-cloudtrail-enabled', controls: ['CloudTrail.1', 'CIS 3.1'] },
  RDS_INSTANCE_PUBLIC_ACCESS_CHECK: { name: 'rds-instance-public-access-check', controls: ['RDS.2'] },
  RDS_STORAGE_ENCRYPTED: { name: 'rds-storage-encrypted', controls: ['RDS.3', 'CIS 2.3.1'] },
  RESTRICTED_INCOMING_TRAFFIC: { name: 'restricted-common-ports', controls: ['EC2.14', 'CIS 5.2'] },
  ROOT_ACCOUNT_MFA_ENABLED: { name: 'root-account-mfa-enabled', controls: ['IAM.9', 'CIS 1.5'] },
  S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC: { name: 's3-account-level-public-access-blocks-periodic', controls: ['S3.1', 'CIS 2.1.4'] },
  S3_BUCKET_LOGGING_ENABLED: { name: 's3-bucket-logging-enabled', controls: ['S3.9'] },
  S3_BUCKET_PUBLIC_READ_PROHIBITED: { name: 's3-bucket-public-read-prohibited', controls: ['S3.2'] },
  S3_BUCKET_PUBLIC_WRITE_PROHIBITED: { name: 's3-bucket-public-write-prohibited', controls: ['S3.3'] },
  S3_BUCKET_SSL_REQUESTS_ONLY: { name: 's3-bucket-ssl-requests-only', controls: ['S3.5', 'CIS 2.1.1'] },
  SECURITYHUB_ENABLED: { name: 'securityhub-enabled', controls: ['CIS 4.16'] },
  SNS_ENCRYPTED_KMS: { name: 'sns-encrypted-kms', controls: ['SNS.1'] },
  VPC_DEFAULT_SECURITY_GROUP_CLOSED: { name: 'vpc-default-security-group-closed', controls: ['EC2.2', 'CIS 5.4'] },
  // docs.aws.amazon.com/config/latest/developerguide/vpc-sg-port-restriction-check.html: restrictPorts
  // (CSV, default 22,3389), protocolType (TCP|UDP|ALL), ipType (IPv4|IPv6|ALL), excludeExternalSecurityGroups;
  // NON_COMPLIANT when a security group admits 0.0.0.0/0 or ::/0 on a restricted port (periodic).
  VPC_SG_PORT_RESTRICTION_CHECK: { name: 'vpc-sg-port-restriction-check', controls: ['CIS 5.2', 'CIS 5.3'] },
  VPC_FLOW_LOGS_ENABLED: { name: 'vpc-flow-logs-enabled', controls: ['EC2.6', 'CIS 3.7'] },
} as const satisfies Record<string, ManagedRuleFact>;

export type ManagedRuleIdentifier = keyof typeof MANAGED_CONFIG_RULES;

/** A managed rule the compliance domain deploys. */
export interface ManagedRule {
  readonly identifier: ManagedRuleIdentifier;
  /** camelCase composition resource name (a contract). */
  readonly resourceName: string;
  /** Input parameters as the rule page names them (values are strings, as AWS Config takes them). */
  readonly inputParameters?: Readonly<Record<string, string>>;
}

/** Throws unless `identifier` is in the checked list (for identifiers that arrive as data). */
export function checkedRuleIdentifier(identifier: string): ManagedRuleIdentifier {
  if (!Object.hasOwn(MANAGED_CONFIG_RULES, identifier)) {
    throw new Error(`config rule identifier '${identifier}' is not in the checked list (compositions/blocks/detection/config-rules.ts); read its AWS Config Developer Guide page and add it there`);
  }
  return identifier as ManagedRuleIdentifier;
}

/** The config rule's AWS name: the guide's rule name with the environment suffix. */
export function configRuleName(identifier: ManagedRuleIdentifier): string {
  return suffixed(`zta-${MANAGED_CONFIG_RULES[identifier].name}`);
}
