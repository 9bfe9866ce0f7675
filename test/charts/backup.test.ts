// XBackup rendered from a composite: the vault encrypted with the data key under Vault Lock (governance
// by default, compliance only with a grace period), a vault policy refusing early deletion to all but
// break-glass (IAM simulator), the plan's rules and retention, tag-based selection, notifications to
// the alert topic, the audit framework and the optional copy.
import { App } from 'cdk8s';
import { BackupChart } from '../../charts/backup';
import { VAULT_NOTIFICATION_EVENTS } from '../../compositions/blocks/data/backup-policy';
import type { RenderOutput } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';
import { Validator, formatProblem } from '../../validator/validate';
import { simulate } from '../support/iam-simulator';
import { composed, forProviderOf, renderCharts, renderedPolicy } from '../support/render-chart';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:zta-security-alarms-dev`;
const DATA_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`;
const BREAK_GLASS = `arn:aws:iam::${ACCOUNT}:role/zta-break-glass-dev`;
const PROVISIONING = `arn:aws:iam::${ACCOUNT}:role/zta-provisioning`;
const build = (app: App) => [new BackupChart(app, 'backup')];
function xr(extra: JsonObject = {}): JsonObject {
  return {
    apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XBackup', metadata: { name: 'b' },
    spec: { parameters: {
      accountId: ACCOUNT, region: REGION, environmentSuffix: 'dev', alertTopicArn: TOPIC, dataKeyArn: DATA_KEY, breakGlassRoleArn: BREAK_GLASS,
      provisioningRoleName: 'zta-provisioning', permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/zta-boundary-dev`, ...extra,
    } },
  };
}
const out = renderCharts(build, xr());

const status = out.composite.status as JsonObject;
const fp = (o: RenderOutput, name: string) => forProviderOf(composed(o, name));

describe('the backup vault', () => {
  test('renders to convergence with no problem and publishes vault, plan, role and framework', () => {
    expect(out.problems).toEqual([]);
    expect(out.converged).toBe(true);
    expect(status).toEqual(expect.objectContaining({
      vaultArn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:zta-backup-dev`, vaultName: 'zta-backup-dev',
      backupRoleArn: `arn:aws:iam::${ACCOUNT}:role/zta-backup-dev`, auditFrameworkArn: expect.stringMatching(/:framework:zta_backup_dev-/),
    }));
  });

  test('is encrypted with the data key and destroyable (forceDestroy)', () => {
    expect(fp(out, 'vault')).toEqual(expect.objectContaining({ kmsKeyArn: DATA_KEY, forceDestroy: true }));
  });

  test('Vault Lock is in governance mode by default: no grace period, so the lock can be lifted and the vault deleted', () => {
    expect(fp(out, 'vaultLock')).toEqual(expect.objectContaining({ backupVaultName: 'zta-backup-dev', minRetentionDays: 7, maxRetentionDays: 3650 }));
    expect(fp(out, 'vaultLock')).not.toHaveProperty('changeableForDays');
  });

  test('compliance mode only as an explicit parameter, with its grace period', () => {
    const compliance = renderCharts(build, xr({ vaultLock: { mode: 'COMPLIANCE', changeableForDays: 3, minRetentionDays: 7, maxRetentionDays: 3650 } }));
    expect(compliance.problems).toEqual([]);
    expect(fp(compliance, 'vaultLock')).toEqual(expect.objectContaining({ changeableForDays: 3 }));
  });

  test('notifies failures and changes to the alert topic', () => {
    expect(fp(out, 'vaultNotifications')).toEqual(expect.objectContaining({ snsTopicArn: TOPIC, backupVaultEvents: [...VAULT_NOTIFICATION_EVENTS] }));
    expect(VAULT_NOTIFICATION_EVENTS).toEqual(expect.arrayContaining(['BACKUP_JOB_FAILED', 'RECOVERY_POINT_MODIFIED', 'COPY_JOB_FAILED']));
  });
});

describe('the vault access policy, evaluated by the IAM policy simulator', () => {
  const policy = renderedPolicy(composed(out, 'vaultPolicy'));
  const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const admin = `arn:aws:iam::${ACCOUNT}:role/platform-admin`;
  const point = `arn:aws:backup:${REGION}:${ACCOUNT}:recovery-point:1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d`;
  const vault = String(status.vaultArn);
  const run = async (principal: string, action: string, resource: string) => (await simulate({
    principal, action, resource, resourceAccount: ACCOUNT, resourcePolicy: policy, identityPolicies: [ADMIN], context: { 'aws:PrincipalArn': principal },
  })).result;

  test.each([
    ['backup:DeleteRecoveryPoint', point], ['backup:UpdateRecoveryPointLifecycle', point],
    ['backup:PutBackupVaultAccessPolicy', vault], ['backup:DeleteBackupVaultAccessPolicy', vault],
  ])('%s: refused to an administrator, allowed to break-glass and to the platform (teardown)', async (action, resource) => {
    expect(await run(admin, action, resource)).toBe('ExplicitlyDenied');
    expect(await run(BREAK_GLASS, action, resource)).toBe('Allowed');
    expect(await run(PROVISIONING, action, resource)).toBe('Allowed');
  });
  test('a role named like break-glass with a suffix is refused', async () => {
    expect(await run(`${BREAK_GLASS}-copy`, 'backup:DeleteRecoveryPoint', point)).toBe('ExplicitlyDenied');
  });
  test('restores and reads stay possible', async () => {
    expect(await run(admin, 'backup:DescribeRecoveryPoint', point)).toBe('Allowed');
  });
});

describe('the plan and its selection', () => {
  test('daily, weekly and monthly rules into the vault, 30 days by default', () => {
    const rules = fp(out, 'plan').rule as JsonObject[];
    expect(rules.map((r) => [r.ruleName, r.schedule, (r.lifecycle as JsonObject).deleteAfter, r.targetVaultName])).toEqual([
      ['daily', 'cron(0 5 ? * * *)', 30, 'zta-backup-dev'], ['weekly', 'cron(0 5 ? * SUN *)', 30, 'zta-backup-dev'], ['monthly', 'cron(0 5 1 * ? *)', 30, 'zta-backup-dev'],
    ]);
    expect(rules.every((r) => r.copyAction === undefined)).toBe(true);
  });

  test('retention from parameters; an optional copy to another vault with its own retention', () => {
    const dest = `arn:aws:backup:eu-central-1:444455556666:backup-vault:central-copy`;
    const o = renderCharts(build, xr({ plan: { daily: { retentionDays: 14 }, weekly: { retentionDays: 60 }, monthly: { retentionDays: 365 } }, copy: { destinationVaultArn: dest, retentionDays: 90 } }));
    expect(o.problems).toEqual([]);
    const rules = fp(o, 'plan').rule as JsonObject[];
    expect(rules.map((r) => (r.lifecycle as JsonObject).deleteAfter)).toEqual([14, 60, 365]);
    expect(rules.map((r) => r.copyAction)).toEqual(Array(3).fill([{ destinationVaultArn: dest, lifecycle: { deleteAfter: 90 } }]));
  });

  test('selects by tag ToBackup=true by default, configurable, with the backup role', () => {
    expect(fp(out, 'selection')).toEqual(expect.objectContaining({
      selectionTag: [{ type: 'STRINGEQUALS', key: 'ToBackup', value: 'true' }], iamRoleArn: status.backupRoleArn, planId: status.planId,
    }));
    const custom = renderCharts(build, xr({ selectionTag: { key: 'backup-tier', value: 'gold' } }));
    expect(fp(custom, 'selection').selectionTag).toEqual([{ type: 'STRINGEQUALS', key: 'backup-tier', value: 'gold' }]);
  });

  test('the backup role is assumed only by AWS Backup (no condition key it does not send), with AWS\'s service policies and the boundary', () => {
    expect(JSON.parse(String(fp(out, 'backupRole').assumeRolePolicy)).Statement).toEqual([{
      Sid: 'AwsBackupRunsJobs', Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole',
    }]);
    expect(fp(out, 'backupRole').permissionsBoundary).toBe(`arn:aws:iam::${ACCOUNT}:policy/zta-boundary-dev`);
    expect(out.resources.filter((r) => r.kind === 'RolePolicyAttachment').map((r) => forProviderOf(r).policyArn)).toEqual(expect.arrayContaining([
      'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup', 'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
    ]));
  });
});

describe('the Backup Audit Manager framework proves the policy', () => {
  test('controls: protected by a plan, daily frequency and retention, encrypted, no manual deletion but break-glass, vault lock', () => {
    const controls = fp(out, 'auditFramework').control as JsonObject[];
    expect(controls).toEqual([
      { name: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN' },
      { name: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', inputParameter: [{ name: 'requiredFrequencyUnit', value: 'days' }, { name: 'requiredFrequencyValue', value: '1' }, { name: 'requiredRetentionDays', value: '30' }] },
      { name: 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', inputParameter: [{ name: 'requiredRetentionDays', value: '30' }] },
      { name: 'BACKUP_RECOVERY_POINT_ENCRYPTED' },
      { name: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED', inputParameter: [{ name: 'principalArnList', value: BREAK_GLASS }] },
      { name: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK', inputParameter: [{ name: 'minRetentionDays', value: '7' }] },
    ]);
  });
});

describe('bad input is refused with a message naming the field', () => {
  const validator = new Validator();
  for (const x of new BackupChart(new App(), 'x').toJson().filter((o: JsonObject) => o.kind === 'CompositeResourceDefinition')) validator.addXrd(x);
  const problems = (extra: JsonObject) => validator.validate(xr(extra)).map((p) => formatProblem(p));
  test('the defaults are valid', () => expect(problems({})).toEqual([]));
  test.each([
    ['COMPLIANCE without a grace period', { vaultLock: { mode: 'COMPLIANCE' } }, '.spec.parameters.vaultLock.changeableForDays', 'vaultLock.changeableForDays is required with mode COMPLIANCE'],
    ['a grace period in GOVERNANCE mode', { vaultLock: { changeableForDays: 3 } }, '.spec.parameters.vaultLock.changeableForDays', 'not allowed with GOVERNANCE'],
    ['a grace period under 3 days', { vaultLock: { mode: 'COMPLIANCE', changeableForDays: 1 } }, '.spec.parameters.vaultLock.changeableForDays', 'must be >= 3 (got 1)'],
    ['a retention below the lock minimum', { plan: { daily: { retentionDays: 3 } } }, '.spec.parameters.plan.daily.retentionDays', 'plan.daily.retentionDays must lie within vaultLock.minRetentionDays and vaultLock.maxRetentionDays'],
    ['a malformed copy destination', { copy: { destinationVaultArn: 'arn:aws:s3:::bucket' } }, '.spec.parameters.copy.destinationVaultArn', 'copy.destinationVaultArn must be a backup vault ARN'],
  ])('%s', (_what, extra, path, message) => {
    const found = problems(extra as JsonObject);
    expect(found.some((p) => p.includes(`${path}:`) && p.includes(message))).toBe(true);
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('backup'), () => expect(synthChart('backup')).toMatchSnapshot());
