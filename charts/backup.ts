// Backup: every resource tagged for backup is backed up daily, weekly and monthly into a vault
// encrypted with the data key, whose recovery points nobody but break-glass can delete early (vault
// access policy + Vault Lock), with failures and changes notified to the alert topic, and Backup Audit
// Manager continuously proving that this policy is in force. Vault Lock is in governance mode unless
// the claim asks for compliance mode with a grace period, so an environment stays destroyable.
import type { Construct } from 'constructs';
import { FrameworkV1Beta2 as Framework, PlanV1Beta2 as Plan, Selection, Vault, VaultLockConfiguration, VaultNotifications, VaultPolicy } from '../imports/backup.aws.upbound.io';
import {
  ComposedResource,
  DomainChart,
  AwsArns,
  Params,
  PolicyStatement,
  Principals,
  Schema,
  Transforms,
  allowServiceToPublishEncrypted,
  fromComposite,
  param,
  siblingSelector,
  suffixed,
} from '../compositions';
import { MaxLength } from '../compositions/kernel/aws-limits';
import {
  AUDIT_CONTROLS,
  BACKUP_RULES,
  BACKUP_SERVICE_POLICIES,
  DEFAULT_RETENTION_DAYS,
  MAX_RETENTION_DAYS,
  MIN_CHANGEABLE_FOR_DAYS,
  VAULT_NOTIFICATION_EVENTS,
  vaultAccessPolicy,
  type BackupRuleKey,
} from '../compositions/blocks/data/backup-policy';
import { BACKUP_VAULT_PREFIX } from '../compositions/blocks/organization/guardrail-actions';
import { serviceRole } from '../compositions/blocks/identity/service-role';
import { BREAK_GLASS_ROLE_NAME } from './identity';

export const BACKUP_VAULT_NAME = suffixed(BACKUP_VAULT_PREFIX);
export const BACKUP_PLAN_NAME = suffixed('zta-backup-plan');
export const DEFAULT_SELECTION_TAG = { key: 'ToBackup', value: 'true' } as const;
const VAULT_ARN = '^arn:aws:backup:[a-z0-9-]+:[0-9]{12}:backup-vault:[A-Za-z0-9_.-]{2,50}$';
const RULE_KEYS = Object.keys(BACKUP_RULES) as BackupRuleKey[];

const retention = (what: string) => Schema.integer(`Days ${what} recovery points are kept (AWS Backup deletes them afterwards).`, {
  minimum: 1, maximum: MAX_RETENTION_DAYS, default: DEFAULT_RETENTION_DAYS,
});

export class BackupChart extends DomainChart {
  /** Composed once by XZeroTrustAccount (charts/index.ts finds it by this). */
  public static readonly composedBy = 'account';

  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XBackup',
      domain: 'backup',
      readme: {
        title: 'Backup',
        controls: 'AWS Backup vault encrypted with the data key (forceDestroy), Vault Lock in governance mode by default (compliance mode only with `vaultLock.mode: COMPLIANCE` and a grace period `changeableForDays`), a vault access policy denying `DeleteRecoveryPoint`, `UpdateRecoveryPointLifecycle` and policy changes to everyone but break-glass and the provisioning role, a plan with daily/weekly/monthly rules (retention from parameters, 30 days default; each must fit the lock), optional copy to another region\'s or account\'s vault, tag selection (`ToBackup=true` by default) with a role carrying AWS\'s backup and restore service policies and the permissions boundary, vault notifications (failures, recovery-point and plan changes) to the alert topic, and a Backup Audit Manager framework (protected by plan, daily frequency and retention, encrypted, no manual deletion except break-glass, vault lock)',
      },
      description: 'AWS Backup: a vault encrypted with the data key under Vault Lock and a policy refusing early deletion, daily/weekly/monthly backups of everything tagged for backup, notifications to the alert topic and a Backup Audit Manager framework.',
    });
    this.keyArnInput('data', 'the backup vault\'s recovery points');
    this.permissionsBoundaryInput();
    this.input('alertTopicArn', Schema.arn('ARN of the SNS topic security alarms notify (from the security-monitoring domain).'), { domain: 'securityMonitoring', statusField: 'alarmTopicArn', computed: AwsArns.securityAlarmTopic });
    this.input('breakGlassRoleArn', Schema.arn('ARN of the break-glass role (from the identity domain): the only principal, with the platform\'s provisioning role, that may delete recovery points.'), { domain: 'identity', statusField: 'breakGlassRoleArn', computed: `arn:aws:iam::${Params.accountId}:role/${suffixed(BREAK_GLASS_ROLE_NAME)}` });
    this.bound('provisioningRoleName', Schema.string('Name (optionally path/name) of the role the providers assume in the account: exempt from the vault policy so the platform can tear the environment down.', {
      maxLength: MaxLength.iamRolePathAndName, pattern: '^([A-Za-z0-9_+=,.@-]+/)*[A-Za-z0-9_+=,.@-]{1,64}$',
    }), 'account.provisioningRoleName');

    this.parameter('plan', Schema.object('Retention of the daily, weekly and monthly backup rules.', Object.fromEntries(RULE_KEYS.map((k) => [k, Schema.object(
      `The ${k} rule: runs ${BACKUP_RULES[k].description}.`, { retentionDays: retention(`${k}`) }, { default: {} },
    )])), { default: {} }));
    this.parameter('selectionTag', Schema.object('The tag that puts a resource under the plan (tag-based selection).', {
      key: Schema.string('Tag key.', { minLength: 1, maxLength: MaxLength.tagKey, default: DEFAULT_SELECTION_TAG.key }),
      value: Schema.string('Tag value.', { maxLength: MaxLength.tagValue, default: DEFAULT_SELECTION_TAG.value }),
    }, { default: {} }));
    this.parameter('vaultLock', Schema.object('AWS Backup Vault Lock. GOVERNANCE (default): retention is enforced but principals with the right IAM permissions (the platform, break-glass) can still remove the lock, so the environment stays destroyable. COMPLIANCE: after changeableForDays nobody, AWS included, can remove the lock or delete a recovery point before minRetentionDays, and the vault cannot be deleted while it holds points.', {
      mode: Schema.string('GOVERNANCE or COMPLIANCE.', { enum: ['GOVERNANCE', 'COMPLIANCE'], default: 'GOVERNANCE' }),
      changeableForDays: Schema.integer(`COMPLIANCE only: grace period in days (at least ${MIN_CHANGEABLE_FOR_DAYS}) during which the lock can still be removed.`, { minimum: MIN_CHANGEABLE_FOR_DAYS, maximum: MAX_RETENTION_DAYS }),
      minRetentionDays: Schema.integer('Shortest retention a recovery point in the vault may have.', { minimum: 1, maximum: MAX_RETENTION_DAYS, default: 7 }),
      maxRetentionDays: Schema.integer('Longest retention a recovery point in the vault may have.', { minimum: 1, maximum: MAX_RETENTION_DAYS, default: 3650 }),
    }, {
      default: { mode: 'GOVERNANCE', minRetentionDays: 7, maxRetentionDays: 3650 },
      rules: [
        { rule: "(has(self.mode) && self.mode == 'COMPLIANCE') == has(self.changeableForDays)", message: "vaultLock.changeableForDays is required with mode COMPLIANCE and not allowed with GOVERNANCE (a grace period makes the lock a compliance lock)", fieldPath: '.changeableForDays' },
        { rule: '!has(self.minRetentionDays) || !has(self.maxRetentionDays) || self.minRetentionDays <= self.maxRetentionDays', message: 'vaultLock.minRetentionDays must not exceed vaultLock.maxRetentionDays', fieldPath: '.minRetentionDays' },
      ],
    }));
    this.parameter('copy', Schema.object('Optional copy of every recovery point to another vault (another region or account). The destination vault\'s access policy must allow backup:CopyIntoBackupVault from this account.', {
      destinationVaultArn: Schema.string('ARN of the destination vault.', {
        maxLength: MaxLength.arn, pattern: VAULT_ARN,
        rules: [{ rule: `self.matches('${VAULT_ARN}')`, message: 'copy.destinationVaultArn must be a backup vault ARN (arn:aws:backup:<region>:<account>:backup-vault:<name>)' }],
      }),
      retentionDays: retention('copied'),
    }, { required: ['destinationVaultArn'] }));
    // Every rule's retention must fit the lock, or AWS Backup fails the job.
    for (const k of RULE_KEYS) {
      this.rule({
        rule: `!has(self.vaultLock) || !has(self.plan) || !has(self.plan.${k}) || !has(self.plan.${k}.retentionDays) || !has(self.vaultLock.minRetentionDays) || !has(self.vaultLock.maxRetentionDays) || (self.plan.${k}.retentionDays >= self.vaultLock.minRetentionDays && self.plan.${k}.retentionDays <= self.vaultLock.maxRetentionDays)`,
        message: `plan.${k}.retentionDays must lie within vaultLock.minRetentionDays and vaultLock.maxRetentionDays (the vault refuses recovery points outside them)`,
        fieldPath: `.plan.${k}.retentionDays`,
      });
    }
    // AWS Backup encrypts recovery points with the data key through grants (encryption domain: via backup).
    this.useKey('messaging', allowServiceToPublishEncrypted('AllowBackupNotificationsToPublish', 'backup.amazonaws.com'));

    // The vault, encrypted with the data key; forceDestroy so tearing the environment down deletes the points.
    new ComposedResource(this, {
      name: 'vault',
      kind: Vault,
      externalName: BACKUP_VAULT_NAME,
      forProvider: { kmsKeyArn: param('dataKeyArn'), forceDestroy: true },
    }).publish('vaultArn', 'status.atProvider.arn', Schema.arn('ARN of the backup vault.'))
      .publish('vaultName', 'metadata.annotations[crossplane.io/external-name]', Schema.string('Name of the backup vault.', { maxLength: 50 }));

    // Vault Lock: governance unless the claim sets COMPLIANCE with changeableForDays (patched only then).
    new ComposedResource(this, {
      name: 'vaultLock',
      kind: VaultLockConfiguration,
      forProvider: { backupVaultNameSelector: siblingSelector('vault') },
      patches: [
        fromComposite('spec.parameters.vaultLock.minRetentionDays', 'spec.forProvider.minRetentionDays', { required: true }),
        fromComposite('spec.parameters.vaultLock.maxRetentionDays', 'spec.forProvider.maxRetentionDays', { required: true }),
        fromComposite('spec.parameters.vaultLock.changeableForDays', 'spec.forProvider.changeableForDays'),
      ],
    });

    // Nobody but break-glass (and the platform, to tear down) deletes a recovery point or changes this policy.
    const exempt = [param('breakGlassRoleArn'), `arn:aws:iam::${Params.accountId}:role/${param('provisioningRoleName')}`];
    new ComposedResource(this, {
      name: 'vaultPolicy',
      kind: VaultPolicy,
      forProvider: { backupVaultNameSelector: siblingSelector('vault'), policy: vaultAccessPolicy(exempt).toString() },
    });

    // Failures and changes into the alert path.
    new ComposedResource(this, {
      name: 'vaultNotifications',
      kind: VaultNotifications,
      forProvider: { backupVaultNameSelector: siblingSelector('vault'), backupVaultEvents: [...VAULT_NOTIFICATION_EVENTS], snsTopicArn: param('alertTopicArn') },
    });

    // The role AWS Backup assumes, with AWS's service policies; it carries the permissions boundary.
    serviceRole(this, {
      name: 'backupRole',
      roleName: suffixed('zta-backup'),
      description: 'Assumed by AWS Backup to back up and restore the resources the plan selects',
      // No aws:SourceAccount condition: AWS Backup's confused-deputy page documents the keys for the
      // SNS topic (aws:SourceArn = the vault) and key policies (backup-storage), not for the service
      // role it assumes, whose documented trust names the principal alone; a key it does not send
      // would fail every backup job. The guardrails and the suffixed name protect the role.
      // https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-service-confused-deputy-prevention.html
      // https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html
      trust: [new PolicyStatement({
        sid: 'AwsBackupRunsJobs',
        principals: [Principals.service('backup.amazonaws.com')],
        actions: ['sts:AssumeRole'],
      })],
      managedPolicyArns: BACKUP_SERVICE_POLICIES,
      arnStatusField: 'backupRoleArn',
    });

    // The plan: daily, weekly, monthly into the vault; optional copy of each point to another vault.
    new ComposedResource(this, {
      name: 'plan',
      kind: Plan,
      forProvider: {
        name: BACKUP_PLAN_NAME,
        rule: RULE_KEYS.map((k) => ({
          ruleName: BACKUP_RULES[k].ruleName,
          schedule: BACKUP_RULES[k].schedule,
          startWindow: 60,
          completionWindow: 1440,
          targetVaultNameSelector: siblingSelector('vault'),
          lifecycle: { deleteAfter: DEFAULT_RETENTION_DAYS },
          recoveryPointTags: { 'zerotrust.io/backup-rule': k },
        })),
      },
      patches: RULE_KEYS.flatMap((k, i) => [
        fromComposite(`spec.parameters.plan.${k}.retentionDays`, `spec.forProvider.rule[${i}].lifecycle.deleteAfter`),
        fromComposite('spec.parameters.copy.destinationVaultArn', `spec.forProvider.rule[${i}].copyAction[0].destinationVaultArn`),
        fromComposite('spec.parameters.copy.retentionDays', `spec.forProvider.rule[${i}].copyAction[0].lifecycle.deleteAfter`),
      ]),
    }).publish('planId', 'status.atProvider.id', Schema.string('Id of the backup plan.', { maxLength: 64 }));

    // Tag-based selection: every resource carrying the selection tag (ToBackup=true by default).
    new ComposedResource(this, {
      name: 'selection',
      kind: Selection,
      forProvider: {
        name: suffixed('zta-tagged'),
        planIdSelector: siblingSelector('plan'),
        iamRoleArnSelector: siblingSelector('backupRole'),
        selectionTag: [{ type: 'STRINGEQUALS', key: DEFAULT_SELECTION_TAG.key, value: DEFAULT_SELECTION_TAG.value }],
      },
      patches: [
        fromComposite('spec.parameters.selectionTag.key', 'spec.forProvider.selectionTag[0].key'),
        fromComposite('spec.parameters.selectionTag.value', 'spec.forProvider.selectionTag[0].value'),
      ],
    });

    // Backup Audit Manager: the controls that prove the policy (needs the compliance domain's AWS Config recorder).
    const str = [Transforms.convert('string')];
    new ComposedResource(this, {
      name: 'auditFramework',
      kind: Framework,
      forProvider: {
        name: `zta_backup_${Params.environmentSuffix}`,
        description: 'Zero Trust backup policy: everything tagged is backed up daily with the retention set, encrypted, under Vault Lock, never deleted by hand',
        control: [
          // Unscoped: every supported resource of the account is evaluated, so one left untagged shows up.
          { name: AUDIT_CONTROLS.protectedByPlan },
          { name: AUDIT_CONTROLS.planFrequencyAndRetention, inputParameter: [{ name: 'requiredFrequencyUnit', value: 'days' }, { name: 'requiredFrequencyValue', value: '1' }, { name: 'requiredRetentionDays', value: String(DEFAULT_RETENTION_DAYS) }] },
          { name: AUDIT_CONTROLS.recoveryPointRetention, inputParameter: [{ name: 'requiredRetentionDays', value: String(DEFAULT_RETENTION_DAYS) }] },
          { name: AUDIT_CONTROLS.recoveryPointEncrypted },
          { name: AUDIT_CONTROLS.manualDeletionDisabled, inputParameter: [{ name: 'principalArnList' }] },
          { name: AUDIT_CONTROLS.protectedByVaultLock, inputParameter: [{ name: 'minRetentionDays' }] },
        ],
      },
      patches: [
        fromComposite('spec.parameters.plan.daily.retentionDays', 'spec.forProvider.control[1].inputParameter[2].value', { transforms: str }),
        fromComposite('spec.parameters.plan.daily.retentionDays', 'spec.forProvider.control[2].inputParameter[0].value', { transforms: str }),
        // Only break-glass may delete a recovery point by hand (the control flags any other principal allowed to).
        fromComposite('spec.parameters.breakGlassRoleArn', 'spec.forProvider.control[4].inputParameter[0].value', { required: true }),
        fromComposite('spec.parameters.vaultLock.minRetentionDays', 'spec.forProvider.control[5].inputParameter[0].value', { transforms: str, required: true }),
      ],
    }).publish('auditFrameworkArn', 'status.atProvider.arn', Schema.arn('ARN of the Backup Audit Manager framework.'));

    // Deletion order (ClusterUsages).
    // (The vault policy and notifications go with the vault: no order needed.)
    this.deletedBefore('vaultLock', { uses: 'vault', reason: 'While the Vault Lock exists, recovery points younger than its minimum retention cannot be deleted, so emptying and deleting the vault fail' });
    this.deletedBefore('plan', { uses: 'vault', reason: 'Backup jobs of the plan fail once their target vault is gone' });
    this.deletedBefore('selection', { uses: 'plan', reason: 'DeleteBackupPlan fails while the plan has a resource selection' });
    this.deletedBefore('selection', { uses: 'backupRole', reason: 'Backup jobs of the selection fail once AWS Backup cannot assume this role' });
    this.encryptedWith('data', 'vault');
    this.boundaryOutlives('backupRole');
  }
}
