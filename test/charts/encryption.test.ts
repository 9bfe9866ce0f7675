// Encryption domain: facts about the rendered dev claim and the effect of every key policy.
import { KMS_ADMIN_ACTIONS } from '../../compositions/policy/iam/actions';
import type { JsonObject } from '../../renderer/types';
import { simulate, withoutUnsupportedConditionKeys } from '../support/iam-simulator';
import { forProvider, renderExample, resourceNamed, resourcesOfKind } from '../support/render-example';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const PURPOSES = ['logs', 'audit', 'data', 'messaging'] as const;
const root = `arn:aws:iam::${ACCOUNT}:root`;
const admin = `arn:aws:iam::${ACCOUNT}:role/platform-admin`;
const adminIdentityPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] };

function keyPolicy(purpose: string): { Statement: JsonObject[] } & JsonObject {
  return JSON.parse(String(forProvider(resourceNamed(renderExample('dev-claim'), `${purpose}Key`)).policy));
}
function keyArn(purpose: string): string {
  return String(((resourceNamed(renderExample('dev-claim'), `${purpose}Key`).status as JsonObject).atProvider as JsonObject).arn);
}

describe('encryption domain (dev claim rendered)', () => {
  test('composes one key and one alias per purpose, and nothing else', () => {
    const out = renderExample('dev-claim');
    // The BYOK aliases of the external-keys domain are not the encryption domain's.
    const ofEncryption = (kind: string) => resourcesOfKind(out, kind).filter((r) => ((r.metadata as JsonObject).labels as JsonObject)['zerotrust.io/domain'] === 'encryption');
    expect(resourcesOfKind(out, 'Key.kms.aws.upbound.io')).toHaveLength(4);
    expect(ofEncryption('Alias.kms.aws.upbound.io')).toHaveLength(4);
    expect(resourcesOfKind(out, 'Alias.kms.aws.upbound.io')).toHaveLength(4 + 1);
  });

  test.each(PURPOSES)('%s key: rotation on (KMS.4), 7-day deletion window, symmetric, in the claim region', (purpose) => {
    expect(forProvider(resourceNamed(renderExample('dev-claim'), `${purpose}Key`))).toMatchObject({
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: 7,
      keyUsage: 'ENCRYPT_DECRYPT',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      bypassPolicyLockoutSafetyCheck: false,
      region: REGION,
    });
  });

  test.each(PURPOSES)('%s alias is alias/<purpose>-<suffix> and targets its own key', (purpose) => {
    const out = renderExample('dev-claim');
    const alias = resourceNamed(out, `${purpose}KeyAlias`);
    const key = resourceNamed(out, `${purpose}Key`);
    expect(((alias.metadata as JsonObject).annotations as JsonObject)['crossplane.io/external-name']).toBe(`alias/${purpose}-dev`);
    expect(forProvider(alias).targetKeyId).toBe(((key.metadata as JsonObject).annotations as JsonObject)['crossplane.io/external-name']);
  });

  test('key ARNs reach the claim status in AWS ARN format', () => {
    const status = (renderExample('dev-claim').claim!.status as JsonObject).encryption as JsonObject;
    for (const purpose of PURPOSES) {
      expect(status[`${purpose}KeyArn`]).toMatch(new RegExp(`^arn:aws:kms:${REGION}:${ACCOUNT}:key/[0-9a-f-]{36}$`));
      expect(status[`${purpose}KeyArn`]).toBe(keyArn(purpose));
    }
  });

  test.each(PURPOSES)('%s key policy: only the admin statement names the account root without conditions, and no statement grants kms:*', (purpose) => {
    const policy = keyPolicy(purpose);
    const actions = policy.Statement.flatMap((s) => [s.Action].flat());
    expect(actions).not.toContain('kms:*');
    expect(actions).not.toContain('*');
    const admin = policy.Statement.find((s) => s.Sid === 'KeyAdministrationByAccount')!;
    expect(admin).toEqual({ Sid: 'KeyAdministrationByAccount', Effect: 'Allow', Principal: { AWS: root }, Action: [...KMS_ADMIN_ACTIONS], Resource: '*' });
    // Every other statement is bound by conditions (EventBridge's by the SNS/SQS encryption context).
    for (const s of policy.Statement.filter((x) => x !== admin)) expect({ sid: s.Sid, conditioned: s.Condition !== undefined }).toEqual({ sid: s.Sid, conditioned: true });
    expect(KMS_ADMIN_ACTIONS.filter((a) => /Encrypt|Decrypt|GenerateDataKey|ReEncrypt/.test(a))).toEqual([]);
  });
});

describe('key policies under the IAM policy simulator', () => {
  test('the account administers every key (schedule deletion) but cannot decrypt with it directly', async () => {
    for (const purpose of PURPOSES) {
      const base = { principal: admin, resource: keyArn(purpose), identityPolicies: [adminIdentityPolicy], resourcePolicy: keyPolicy(purpose) };
      expect((await simulate({ ...base, action: 'kms:ScheduleKeyDeletion' })).result).toBe('Allowed');
      expect((await simulate({ ...base, action: 'kms:Decrypt', context: { 'kms:CallerAccount': ACCOUNT } })).result).toBe('ImplicitlyDenied');
    }
  });

  test('data key: usable through S3 of the region, not through another service or another region', async () => {
    const base = { principal: admin, resource: keyArn('data'), identityPolicies: [adminIdentityPolicy], resourcePolicy: keyPolicy('data'), action: 'kms:GenerateDataKey' };
    expect((await simulate({ ...base, context: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': `s3.${REGION}.amazonaws.com` } })).result).toBe('Allowed');
    expect((await simulate({ ...base, context: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': `lambda.${REGION}.amazonaws.com` } })).result).toBe('ImplicitlyDenied');
    expect((await simulate({ ...base, context: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': 's3.us-east-1.amazonaws.com' } })).result).toBe('ImplicitlyDenied');
  });

  test('audit key: CloudTrail encrypts for this account trail only (aws:SourceArn) and only trails of this account (encryption context)', async () => {
    const trail = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/zta-trail-dev`;
    const encrypt = keyPolicy('audit').Statement.find((s) => s.Sid === 'AllowCloudTrailEncryptForAccountTrail')!;
    expect(encrypt.Condition).toEqual({
      StringEquals: { 'aws:SourceArn': trail },
      StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` },
    });
    const base = { principal: 'cloudtrail.amazonaws.com', resource: keyArn('audit'), resourceAccount: ACCOUNT, action: 'kms:GenerateDataKey' };
    const policy = withoutUnsupportedConditionKeys(keyPolicy('audit'));
    expect((await simulate({ ...base, resourcePolicy: policy, context: { 'aws:SourceArn': trail } })).result).toBe('Allowed');
    expect((await simulate({ ...base, resourcePolicy: policy, context: { 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:999988887777:trail/x` } })).result).toBe('ImplicitlyDenied');
    // With the real policy the encryption-context condition cannot be met by a caller that lacks it.
    expect((await simulate({ ...base, resourcePolicy: keyPolicy('audit'), context: { 'aws:SourceArn': trail } })).result).toBe('ImplicitlyDenied');
  });

  test('logs key: CloudWatch Logs of the region only, bound to this account log groups by encryption context', async () => {
    const statement = keyPolicy('logs').Statement.find((s) => s.Sid === 'AllowCloudWatchLogsForAccountLogGroups')!;
    expect(statement.Principal).toEqual({ Service: `logs.${REGION}.amazonaws.com` });
    expect(statement.Condition).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*` } });
    const base = { resource: keyArn('logs'), resourceAccount: ACCOUNT, action: 'kms:GenerateDataKey' };
    const policy = withoutUnsupportedConditionKeys(keyPolicy('logs'));
    expect((await simulate({ ...base, principal: `logs.${REGION}.amazonaws.com`, resourcePolicy: policy })).result).toBe('Allowed');
    expect((await simulate({ ...base, principal: 'logs.us-east-1.amazonaws.com', resourcePolicy: policy })).result).toBe('ImplicitlyDenied');
    expect((await simulate({ ...base, principal: `logs.${REGION}.amazonaws.com`, resourcePolicy: keyPolicy('logs') })).result).toBe('ImplicitlyDenied');
  });

  test('messaging key: CloudWatch alarms of this account publish into encrypted topics, others cannot', async () => {
    const base = { principal: 'cloudwatch.amazonaws.com', resource: keyArn('messaging'), resourceAccount: ACCOUNT, resourcePolicy: keyPolicy('messaging'), action: 'kms:GenerateDataKey' };
    expect((await simulate({ ...base, context: { 'aws:SourceAccount': ACCOUNT } })).result).toBe('Allowed');
    expect((await simulate({ ...base, context: { 'aws:SourceAccount': '999988887777' } })).result).toBe('ImplicitlyDenied');
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('encryption'), () => expect(synthChart('encryption')).toMatchSnapshot());
