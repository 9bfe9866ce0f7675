// XDataProtection, rendered from the dev example claim through XZeroTrustAccount: account-level
// S3 Block Public Access, EBS encryption by default with the data key, the access-log bucket, and the
// data key's policy as it comes out with this domain's statements, evaluated by the IAM simulator.
import type { JsonObject } from '../../renderer/types';
import { AUTO_SCALING_SERVICE_LINKED_ROLE } from '../../charts/data-protection';
import { simulate, type SimulationCase } from '../support/iam-simulator';
import { renderBaseline } from '../support/baseline-render';
import { composed, forProviderOf, renderedPolicy } from '../support/render-chart';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const out = renderBaseline('dev-claim');
const status = out.claim!.status as JsonObject;
const dataKeyArn = String((status.encryption as JsonObject).dataKeyArn);
const dataKeyPolicy = renderedPolicy(composed(out, 'dataKey'));
const AUTO_SCALING = `arn:aws:iam::${ACCOUNT}:role/${AUTO_SCALING_SERVICE_LINKED_ROLE}`;
const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

function kms(principal: string, action: string, context: Record<string, string>, identityPolicies: object[] = []): SimulationCase {
  return {
    principal, action, resource: dataKeyArn, resourceAccount: ACCOUNT, resourcePolicy: dataKeyPolicy, identityPolicies,
    context: { 'aws:PrincipalArn': principal, 'kms:CallerAccount': ACCOUNT, ...context },
  };
}
const viaEc2 = { 'kms:ViaService': `ec2.${REGION}.amazonaws.com` };

describe('XDataProtection rendered from the dev example claim', () => {
  test('renders with no problem and publishes the access-log bucket', () => {
    expect(out.problems).toEqual([]);
    expect(status.dataProtection).toEqual({
      accessLogBucketName: `zta-accesslogs-${ACCOUNT}-${REGION}-dev`,
      accessLogBucketArn: `arn:aws:s3:::zta-accesslogs-${ACCOUNT}-${REGION}-dev`,
    });
  });

  test('S3 Block Public Access is on for the whole account', () => {
    expect(forProviderOf(composed(out, 'accountPublicAccessBlock'))).toEqual({
      accountId: ACCOUNT, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
  });

  test('EBS encryption by default is on, with the data key of the encryption domain', () => {
    expect(forProviderOf(composed(out, 'ebsEncryptionByDefault'))).toEqual(expect.objectContaining({ enabled: true, region: REGION }));
    expect(forProviderOf(composed(out, 'ebsDefaultKmsKey'))).toEqual(expect.objectContaining({ keyArn: dataKeyArn, region: REGION }));
  });
});

describe('the data key policy for EBS, evaluated by the IAM policy simulator', () => {
  test('EC2 Auto Scaling (its service-linked role) can create the volume grant through EC2', async () => {
    const r = await simulate(kms(AUTO_SCALING, 'kms:CreateGrant', { ...viaEc2, 'kms:GrantIsForAWSResource': 'true' }));
    expect(r.result).toBe('Allowed');
    expect(r.ignoredContextKeys).toEqual([]);
    expect(r.reasons).toContain("allow: resource statement 'AllowAutoScalingGrantsForEbs'");
  });

  test('...and generate and decrypt volume data keys through EC2', async () => {
    for (const action of ['kms:GenerateDataKeyWithoutPlaintext', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:DescribeKey']) {
      expect({ action, result: (await simulate(kms(AUTO_SCALING, action, viaEc2))).result }).toEqual({ action, result: 'Allowed' });
    }
  });

  test('...but not directly, and not a grant for something that is not an AWS resource', async () => {
    expect((await simulate(kms(AUTO_SCALING, 'kms:Decrypt', {}))).result).not.toBe('Allowed');
    expect((await simulate(kms(AUTO_SCALING, 'kms:CreateGrant', { ...viaEc2, 'kms:GrantIsForAWSResource': 'false' }))).result).not.toBe('Allowed');
  });

  test('another role with no IAM permission gets nothing from the Auto Scaling statements', async () => {
    const r = await simulate(kms(`arn:aws:iam::${ACCOUNT}:role/someone`, 'kms:CreateGrant', { ...viaEc2, 'kms:GrantIsForAWSResource': 'true' }));
    expect(r.result).not.toBe('Allowed');
  });

  test('a workload role uses the key through EC2 (its own IAM policy allowing it), never directly', async () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/app`;
    const allowKms = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] };
    expect((await simulate(kms(role, 'kms:GenerateDataKeyWithoutPlaintext', viaEc2, [allowKms]))).result).toBe('Allowed');
    expect((await simulate(kms(role, 'kms:Decrypt', {}, [allowKms]))).result).not.toBe('Allowed');
  });

  test('the account administrator manages the key (rotation, policy, deletion) but cannot use it directly', async () => {
    const admin = `arn:aws:iam::${ACCOUNT}:role/platform-admin`;
    for (const action of ['kms:PutKeyPolicy', 'kms:EnableKeyRotation', 'kms:ScheduleKeyDeletion', 'kms:DescribeKey']) {
      expect({ action, result: (await simulate(kms(admin, action, {}, [ADMIN]))).result }).toEqual({ action, result: 'Allowed' });
    }
    expect((await simulate(kms(admin, 'kms:Decrypt', {}, [ADMIN]))).result).not.toBe('Allowed');
  });
});

describe('the access-log bucket policy, evaluated by the IAM policy simulator', () => {
  const logPolicy = renderedPolicy(composed(out, 'accessLogBucketPolicy'));
  const object = `arn:aws:s3:::zta-accesslogs-${ACCOUNT}-${REGION}-dev/orders/${ACCOUNT}/${REGION}/x`;
  const delivery = (source: string): SimulationCase => ({
    principal: 'logging.s3.amazonaws.com', action: 's3:PutObject', resource: object, resourceAccount: ACCOUNT, resourcePolicy: logPolicy,
    context: { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.2', 'aws:PrincipalIsAWSService': 'true', 'aws:PrincipalServiceName': 'logging.s3.amazonaws.com', 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': source },
  });

  test('S3 delivers server access logs of this account\'s secure buckets', async () => {
    expect((await simulate(delivery(`arn:aws:s3:::zta-orders-${ACCOUNT}-${REGION}-dev`))).result).toBe('Allowed');
  });

  test('...and of no other bucket', async () => {
    expect((await simulate(delivery('arn:aws:s3:::not-ours'))).result).not.toBe('Allowed');
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('data-protection'), () => expect(synthChart('data-protection')).toMatchSnapshot());
