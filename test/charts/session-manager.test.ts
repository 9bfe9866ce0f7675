// Session-manager domain and the network domain's delivery roles: rendered facts and the effect
// of every policy they write, both ways, in the simulator.
import type { JsonObject } from '../../renderer/types';
import { simulate, withoutUnsupportedConditionKeys } from '../support/iam-simulator';
import { forProvider, renderExample, resourceNamed } from '../support/render-example';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const SUFFIX = 'dev';
const dev = () => renderExample('dev-claim');
const policyOf = (name: string, field = 'policy') => JSON.parse(String(forProvider(resourceNamed(dev(), name))[field])) as JsonObject;
const arnOf = (name: string) => String(((resourceNamed(dev(), name).status as JsonObject).atProvider as JsonObject).arn);
const ROLE = `arn:aws:iam::${ACCOUNT}:role/zta-ssm-instance-${SUFFIX}`;

describe('session preferences (SSM-SessionManagerRunShell)', () => {
  test('are adopted and kept: created or taken over by name, updated, never deleted (issue 13 item 3), whatever the claim\'s lifecycle', () => {
    const doc = resourceNamed(dev(), 'sessionPreferences');
    expect((doc.spec as JsonObject).managementPolicies).toEqual(['Observe', 'Create', 'Update', 'LateInitialize']);
    // Every other managed resource follows the claim's lifecycle (default: deleted with it).
    expect((resourceNamed(dev(), 'sessionLogGroup').spec as JsonObject).managementPolicies).toEqual(['*']);
  });

  const content = (example: 'dev-claim' | 'prod-claim') =>
    JSON.parse(String(forProvider(resourceNamed(renderExample(example), 'sessionPreferences')).content)) as { inputs: Record<string, unknown>; sessionType: string };

  test('is the Session document AWS reads, with KMS-encrypted sessions, encrypted S3 and CloudWatch logging and run-as off', () => {
    const doc = resourceNamed(dev(), 'sessionPreferences');
    expect(((doc.metadata as JsonObject).annotations as Record<string, string>)['crossplane.io/external-name']).toBe('SSM-SessionManagerRunShell');
    expect(forProvider(doc)).toMatchObject({ documentType: 'Session', documentFormat: 'JSON' });
    const { inputs, sessionType } = content('dev-claim');
    expect(sessionType).toBe('Standard_Stream');
    expect(inputs).toMatchObject({
      kmsKeyId: arnOf('dataKey'),
      s3BucketName: `zta-ssm-logs-${ACCOUNT}-${REGION}-${SUFFIX}`,
      s3EncryptionEnabled: true,
      cloudWatchLogGroupName: `/zta/ssm-sessions/zta-${SUFFIX}`,
      cloudWatchEncryptionEnabled: true,
      cloudWatchStreamingEnabled: true,
      runAsEnabled: false,
    });
  });

  test('idle timeout and maximum duration: defaults in dev, the claim values in prod', () => {
    expect(content('dev-claim').inputs).toMatchObject({ idleSessionTimeout: '20', maxSessionDuration: '60' });
    expect(content('prod-claim').inputs).toMatchObject({ idleSessionTimeout: '15', maxSessionDuration: '120' });
  });

  test('the session log group is encrypted with the logs key', () => {
    expect(forProvider(resourceNamed(dev(), 'sessionLogGroup')).kmsKeyId).toBe(arnOf('logsKey'));
  });
});

describe('managed-instance role', () => {
  const identity = () => [policyOf('instanceRolePolicy')];
  const bucket = `arn:aws:s3:::zta-ssm-logs-${ACCOUNT}-${REGION}-${SUFFIX}`;

  test('has AmazonSSMManagedInstanceCore and is assumable by EC2 only', async () => {
    expect(forProvider(resourceNamed(dev(), 'instanceRoleManaged0')).policyArn).toBe('arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore');
    const trust = policyOf('instanceRole', 'assumeRolePolicy');
    expect((await simulate({ principal: 'ec2.amazonaws.com', action: 'sts:AssumeRole', resource: ROLE, resourcePolicy: trust })).result).toBe('Allowed');
    expect((await simulate({ principal: 'lambda.amazonaws.com', action: 'sts:AssumeRole', resource: ROLE, resourcePolicy: trust })).result).toBe('ImplicitlyDenied');
  });

  test('uploads session logs only under sessions/ of the session bucket', async () => {
    const put = (resource: string) => simulate({ principal: ROLE, action: 's3:PutObject', resource, resourceAccount: ACCOUNT, identityPolicies: identity() });
    expect((await put(`${bucket}/sessions/i-0abc/s-1.log`)).result).toBe('Allowed');
    expect((await put(`${bucket}/other/x`)).result).toBe('ImplicitlyDenied');
    expect((await put(`arn:aws:s3:::zta-trail-${ACCOUNT}-${REGION}-${SUFFIX}/sessions/x`)).result).toBe('ImplicitlyDenied');
  });

  test('streams only into the session log group', async () => {
    const group = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/zta/ssm-sessions/zta-${SUFFIX}`;
    const put = (resource: string) => simulate({ principal: ROLE, action: 'logs:PutLogEvents', resource, identityPolicies: identity() });
    expect((await put(`${group}:log-stream:s-1`)).result).toBe('Allowed');
    expect((await put(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/zta/vpc-flow-logs/zta-vpc-${SUFFIX}:log-stream:x`)).result).toBe('ImplicitlyDenied');
  });

  test('decrypts session data keys with the data key only for a Session Manager session (identity and key policy)', async () => {
    // The simulator cannot evaluate kms:EncryptionContext:* keys: the session binding is pinned
    // statically, the rest (who, which key, which account) is simulated without it.
    const sessionBound = { Null: { 'kms:EncryptionContext:aws:ssm:SessionId': 'false', 'kms:EncryptionContext:aws:ssm:TargetId': 'false' } };
    expect((policyOf('dataKey').Statement as JsonObject[]).find((s) => s.Sid === 'AllowSessionManagerSessionEncryption')).toEqual(expect.objectContaining({ Condition: expect.objectContaining(sessionBound) }));
    expect((identity()[0]!.Statement as JsonObject[]).find((s) => s.Sid === 'DecryptSessionData')).toEqual(expect.objectContaining({ Condition: { Null: { 'kms:EncryptionContext:aws:ssm:SessionId': 'false' } } }));
    const keyPolicy = withoutUnsupportedConditionKeys(policyOf('dataKey'));
    const decrypt = (principal: string, resource: string, account: string) =>
      simulate({ principal, action: 'kms:Decrypt', resource, identityPolicies: [withoutUnsupportedConditionKeys(identity()[0]!)], resourcePolicy: keyPolicy, context: { 'kms:CallerAccount': account } });
    expect((await decrypt(ROLE, arnOf('dataKey'), ACCOUNT)).result).toBe('Allowed');
    expect((await decrypt(ROLE, arnOf('logsKey'), ACCOUNT)).result).toBe('ImplicitlyDenied');
    expect((await decrypt('arn:aws:iam::999999999999:role/intruder', arnOf('dataKey'), '999999999999')).result).toBe('ImplicitlyDenied');
  });
});

describe('network delivery roles and admissions', () => {
  test('the flow-log role is assumable by VPC Flow Logs for this account only', async () => {
    const trust = policyOf('flowLogRole', 'assumeRolePolicy');
    const role = `arn:aws:iam::${ACCOUNT}:role/zta-vpc-flow-logs-${SUFFIX}`;
    const assume = (account: string) => simulate({
      principal: 'vpc-flow-logs.amazonaws.com', action: 'sts:AssumeRole', resource: role, resourcePolicy: trust,
      context: { 'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:ec2:${REGION}:${account}:vpc-flow-log/fl-0123` },
    });
    expect((await assume(ACCOUNT)).result).toBe('Allowed');
    expect((await assume('999999999999')).result).toBe('ImplicitlyDenied');
  });

  test('log delivery writes flow-log objects under the Hive-compatible account prefix only, for this account only', async () => {
    const policy = policyOf('flowLogsBucketPolicy');
    const bucket = `arn:aws:s3:::zta-flowlogs-${ACCOUNT}-${REGION}-${SUFFIX}`;
    const put = (key: string, account: string) => simulate({
      principal: 'delivery.logs.amazonaws.com', action: 's3:PutObject', resource: `${bucket}/${key}`, resourceAccount: ACCOUNT, resourcePolicy: policy,
      context: {
        'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:logs:${REGION}:${account}:*`, 's3:x-amz-acl': 'bucket-owner-full-control',
        'aws:SecureTransport': 'true', 's3:TlsVersion': '1.2', 'aws:PrincipalIsAWSService': 'true',
      },
    });
    const key = `AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/aws-region=${REGION}/year=2026/month=03/day=07/hour=09/f.parquet`;
    expect((await put(key, ACCOUNT)).result).toBe('Allowed');
    expect((await put(key, '999999999999')).result).toBe('ImplicitlyDenied');
    expect((await put(`AWSLogs/${ACCOUNT}/vpcflowlogs/x.gz`, ACCOUNT)).result).toBe('ImplicitlyDenied');
  });

  test('the data key admits log delivery for this account only', async () => {
    const keyPolicy = policyOf('dataKey');
    const gen = (account: string) => simulate({
      principal: 'delivery.logs.amazonaws.com', action: 'kms:GenerateDataKey', resource: arnOf('dataKey'), resourcePolicy: keyPolicy,
      context: { 'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:logs:${REGION}:${account}:*` },
    });
    expect((await gen(ACCOUNT)).result).toBe('Allowed');
    expect((await gen('999999999999')).result).toBe('ImplicitlyDenied');
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('session-manager'), () => expect(synthChart('session-manager')).toMatchSnapshot());
