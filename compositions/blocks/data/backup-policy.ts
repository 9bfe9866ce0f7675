// AWS Backup policy pieces of the backup domain: the vault access policy, the plan's schedules and
// the Backup Audit Manager controls that prove the policy is in force.
import { ConditionOperator, Effect, PolicyDocument, PolicyStatement, Principals } from '../../policy/iam';

/** Actions the vault policy refuses to everyone but the exempt roles (break-glass, provisioning). */
// https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html
export const VAULT_PROTECTED_ACTIONS: readonly string[] = [
  'backup:DeleteRecoveryPoint',
  'backup:UpdateRecoveryPointLifecycle',
  'backup:PutBackupVaultAccessPolicy',
  'backup:DeleteBackupVaultAccessPolicy',
];

/**
 * The vault access policy: recovery points cannot be deleted or have their retention shortened, and
 * this policy cannot be replaced or removed, by anyone but `exemptPrincipalArns`. The provisioning role
 * is exempt so the platform can still tear the environment down (forceDestroy deletes the points).
 */
export function vaultAccessPolicy(exemptPrincipalArns: readonly string[]): PolicyDocument {
  if (exemptPrincipalArns.length === 0) throw new Error('vaultAccessPolicy: exemptPrincipalArns is empty; name the break-glass role');
  const doc = new PolicyDocument({
    statements: [
      new PolicyStatement({
        sid: 'DenyRecoveryPointDeletionAndPolicyChanges',
        effect: Effect.DENY,
        principals: [Principals.anyone()],
        actions: VAULT_PROTECTED_ACTIONS,
        resources: ['*'],
        conditions: { [ConditionOperator.ARN_NOT_LIKE]: { 'aws:PrincipalArn': [...exemptPrincipalArns] } },
      }),
    ],
  });
  const problems = doc.validateForResourcePolicy();
  if (problems.length) throw new Error(`vault access policy: ${problems.join('; ')}`);
  return doc;
}

/** The plan's rules: when each runs (UTC, AWS Backup cron syntax). */
// https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html
export const BACKUP_RULES = {
  daily: { ruleName: 'daily', schedule: 'cron(0 5 ? * * *)', description: 'every day at 05:00 UTC' },
  weekly: { ruleName: 'weekly', schedule: 'cron(0 5 ? * SUN *)', description: 'every Sunday at 05:00 UTC' },
  monthly: { ruleName: 'monthly', schedule: 'cron(0 5 1 * ? *)', description: 'on the first of every month at 05:00 UTC' },
} as const;
export type BackupRuleKey = keyof typeof BACKUP_RULES;
export const DEFAULT_RETENTION_DAYS = 30;
/** Longest retention accepted (100 years). */
export const MAX_RETENTION_DAYS = 36500;
/** AWS Backup: a compliance-mode lock's grace period is at least 3 days. */
// https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
export const MIN_CHANGEABLE_FOR_DAYS = 3;

/** Vault events notified to the alert topic: failures, and changes to recovery points or the plan. */
// https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html
export const VAULT_NOTIFICATION_EVENTS: readonly string[] = [
  'BACKUP_JOB_FAILED',
  'BACKUP_JOB_EXPIRED',
  'COPY_JOB_FAILED',
  'RESTORE_JOB_FAILED',
  'S3_BACKUP_OBJECT_FAILED',
  'RECOVERY_POINT_MODIFIED',
  'BACKUP_PLAN_MODIFIED',
];

/** AWS managed policies of the role AWS Backup assumes to back up and restore. */
// https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html
export const BACKUP_SERVICE_POLICIES: readonly string[] = [
  'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
  'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
  'arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup',
  'arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore',
];

/** Backup Audit Manager controls of the framework (control names and input parameters as AWS documents them). */
// https://docs.aws.amazon.com/aws-backup/latest/devguide/controls-and-remediation.html
export const AUDIT_CONTROLS = {
  protectedByPlan: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN',
  planFrequencyAndRetention: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
  recoveryPointRetention: 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK',
  recoveryPointEncrypted: 'BACKUP_RECOVERY_POINT_ENCRYPTED',
  manualDeletionDisabled: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED',
  protectedByVaultLock: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK',
} as const;
