// Audit-logging domain: facts about the rendered example claims and the effect of every policy.
import type { JsonObject } from '../../renderer/types';
import { simulate } from '../support/iam-simulator';
import { EXAMPLE_CLAIMS, forProvider, loadYaml, renderClaim, renderExample, resourceNamed } from '../support/render-example';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/zta-trail-dev`;
const TRAIL_BUCKET = `zta-trail-${ACCOUNT}-${REGION}-dev`;
const dev = () => renderExample('dev-claim');
const policyOf = (name: string): JsonObject => JSON.parse(String(forProvider(resourceNamed(dev(), name)).policy));
const status = (): JsonObject => (dev().claim!.status as JsonObject).auditLogging as JsonObject;
const statusOf = (name: string): JsonObject => ((resourceNamed(dev(), name).status as JsonObject).atProvider as JsonObject);
const encryption = (): JsonObject => (dev().claim!.status as JsonObject).encryption as JsonObject;

describe('audit-logging domain (dev claim rendered)', () => {
  test('the trail: multi-Region (CIS 3.1), global events, validation (CIS 3.2), audit key (CIS 3.5), Insights', () => {
    const trail = forProvider(resourceNamed(dev(), 'trail'));
    expect(trail).toMatchObject({
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      isOrganizationTrail: false,
      kmsKeyId: encryption().auditKeyArn,
      s3BucketName: TRAIL_BUCKET,
      insightSelector: [{ insightType: 'ApiCallRateInsight' }, { insightType: 'ApiErrorRateInsight' }],
      advancedEventSelector: [{ name: 'Management events (read and write)', fieldSelector: [{ field: 'eventCategory', equals: ['Management'] }] }],
    });
    expect(((resourceNamed(dev(), 'trail').metadata as JsonObject).annotations as JsonObject)['crossplane.io/external-name']).toBe('zta-trail-dev');
  });

  test('CloudTrail.5: the trail delivers to the log group ARN with the ":*" suffix through its own role', () => {
    const trail = forProvider(resourceNamed(dev(), 'trail'));
    expect(trail.cloudWatchLogsGroupArn).toBe(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/zta/cloudtrail/zta-trail-dev:*`);
    expect(trail.cloudWatchLogsRoleArn).toBe(statusOf('trailLogsRole').arn);
  });

  test('the log group is encrypted with the logs key and keeps a year (CloudWatch.16)', () => {
    expect(forProvider(resourceNamed(dev(), 'trailLogGroup'))).toMatchObject({ kmsKeyId: encryption().logsKeyArn, retentionInDays: 365, skipDestroy: false });
  });

  test('S3.15: Object Lock in GOVERNANCE mode with the claim retention (dev 7 days, prod 2557 days)', () => {
    expect(forProvider(resourceNamed(dev(), 'trailBucketObjectLock'))).toMatchObject({ objectLockEnabled: 'Enabled', rule: { defaultRetention: { mode: 'GOVERNANCE', days: 7 } } });
    expect(forProvider(resourceNamed(renderExample('prod-claim'), 'trailBucketObjectLock')).rule).toEqual({ defaultRetention: { mode: 'GOVERNANCE', days: 2557 } });
    expect(forProvider(resourceNamed(dev(), 'trailBucket'))).toMatchObject({ objectLockEnabled: true, forceDestroy: true });
  });

  test('CIS 3.4: the trail bucket logs access into a second bucket with SSE-S3 and no Object Lock', () => {
    expect(forProvider(resourceNamed(dev(), 'trailBucketLogging'))).toMatchObject({ targetBucket: `zta-trail-access-${ACCOUNT}-${REGION}-dev`, targetPrefix: 'trail/' });
    expect(() => resourceNamed(dev(), 'trailAccessLogBucketObjectLock')).toThrow('expected one resource named trailAccessLogBucketObjectLock, found 0');
    expect((forProvider(resourceNamed(dev(), 'trailAccessLogBucketEncryption')).rule as JsonObject[])[0]).toMatchObject({ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } });
  });

  test('prod records S3 data events (CIS 3.8/3.9) except for the trail buckets themselves', () => {
    const selectors = forProvider(resourceNamed(renderExample('prod-claim'), 'trail')).advancedEventSelector as JsonObject[];
    expect(selectors).toHaveLength(2);
    expect(selectors[1]!.fieldSelector).toEqual([
      { field: 'eventCategory', equals: ['Data'] },
      { field: 'resources.type', equals: ['AWS::S3::Object'] },
      { field: 'resources.ARN', notStartsWith: ['arn:aws:s3:::zta-trail'] },
    ]);
  });

  test('trailInsights (claim parameter, end to end): Insights on by default and with true, no selector with false', () => {
    const devWith = (trailInsights: boolean) => {
      const claim = loadYaml(EXAMPLE_CLAIMS['dev-claim']);
      const params = (claim.spec as JsonObject).parameters as JsonObject;
      const out = renderClaim({ ...claim, spec: { ...(claim.spec as JsonObject), parameters: { ...params, auditLogging: { ...(params.auditLogging as JsonObject), trailInsights } } } });
      expect(out.problems).toEqual([]);
      return forProvider(resourceNamed(out, 'trail')).insightSelector;
    };
    const both = [{ insightType: 'ApiCallRateInsight' }, { insightType: 'ApiErrorRateInsight' }];
    expect(forProvider(resourceNamed(dev(), 'trail')).insightSelector).toEqual(both);
    expect(devWith(true)).toEqual(both);
    expect(devWith(false)).toEqual([]);
  });

  test('SIEM outputs reach the claim status: trail ARN, trail bucket, log group ARN', () => {
    expect(status()).toMatchObject({
      trailArn: TRAIL_ARN,
      trailBucketName: TRAIL_BUCKET,
      trailLogGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/zta/cloudtrail/zta-trail-dev`,
      trailLogGroupName: '/zta/cloudtrail/zta-trail-dev',
    });
  });

  test('the trail is created only after the bucket policy and the log group exist (render order)', () => {
    const out = dev();
    const at = (n: string) => out.readyAtPass[String((resourceNamed(out, n).metadata as JsonObject).name)]!;
    expect(at('trail')).toBeGreaterThan(at('trailBucketPolicy'));
    expect(at('trail')).toBeGreaterThan(at('trailLogGroup'));
  });
});

describe('trail bucket policy under the IAM policy simulator', () => {
  const objectArn = `arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/2024/05/01/file.json.gz`;
  const put = (principal: string, context: Record<string, string>) =>
    simulate({
      principal,
      action: 's3:PutObject',
      resource: objectArn,
      resourceAccount: ACCOUNT,
      resourcePolicy: policyOf('trailBucketPolicy'),
      context: { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3', 'aws:PrincipalIsAWSService': 'true', 's3:x-amz-acl': 'bucket-owner-full-control', ...context },
    });

  test('CloudTrail writes log files for this trail (aws:SourceArn) with the audit key', async () => {
    const r = await put('cloudtrail.amazonaws.com', { 'aws:SourceArn': TRAIL_ARN, 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': String(encryption().auditKeyArn) });
    expect(r.result).toBe('Allowed');
    expect(r.reasons).toEqual(["allow: resource statement 'AllowCloudTrailWrite'"]);
  });

  test('CloudTrail acting for another trail, even of this account, is refused', async () => {
    expect((await put('cloudtrail.amazonaws.com', { 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/other` })).result).toBe('ImplicitlyDenied');
    expect((await put('cloudtrail.amazonaws.com', { 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:999988887777:trail/zta-trail-dev` })).result).toBe('ImplicitlyDenied');
  });

  test('no other service is admitted, whatever it claims to act for', async () => {
    expect((await put('config.amazonaws.com', { 'aws:SourceArn': TRAIL_ARN })).result).toBe('ImplicitlyDenied');
    expect((await put('delivery.logs.amazonaws.com', { 'aws:SourceArn': TRAIL_ARN })).result).toBe('ImplicitlyDenied');
  });

  test('CloudTrail must name the audit key if it names a key', async () => {
    const r = await put('cloudtrail.amazonaws.com', { 'aws:SourceArn': TRAIL_ARN, 's3:x-amz-server-side-encryption-aws-kms-key-id': `arn:aws:kms:${REGION}:999988887777:key/x` });
    expect(r.result).toBe('ExplicitlyDenied');
  });

  test('CloudTrail checks the bucket ACL for this trail only', async () => {
    const base = { principal: 'cloudtrail.amazonaws.com', action: 's3:GetBucketAcl', resource: `arn:aws:s3:::${TRAIL_BUCKET}`, resourceAccount: ACCOUNT, resourcePolicy: policyOf('trailBucketPolicy') };
    expect((await simulate({ ...base, context: { 'aws:SecureTransport': 'true', 'aws:SourceArn': TRAIL_ARN } })).result).toBe('Allowed');
    expect((await simulate({ ...base, context: { 'aws:SecureTransport': 'true', 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/other` } })).result).toBe('ImplicitlyDenied');
  });
});

describe('trail logs role under the IAM policy simulator', () => {
  const roleArn = () => String(statusOf('trailLogsRole').arn);
  const trust = () => JSON.parse(String(forProvider(resourceNamed(dev(), 'trailLogsRole')).assumeRolePolicy));

  test('CloudTrail may assume it without sending aws:SourceAccount/aws:SourceArn (not documented for this role); other services may not', async () => {
    const base = { principal: 'cloudtrail.amazonaws.com', action: 'sts:AssumeRole', resource: roleArn(), resourceAccount: ACCOUNT, resourcePolicy: trust() };
    expect((await simulate({ ...base, context: {} })).result).toBe('Allowed');
    expect((await simulate({ ...base, principal: 'lambda.amazonaws.com', context: {} })).result).toBe('ImplicitlyDenied');
  });

  test('its permissions reach the trail log group only', async () => {
    const identity = JSON.parse(String(forProvider(resourceNamed(dev(), 'trailLogsRolePolicy')).policy));
    const base = { principal: roleArn(), action: 'logs:PutLogEvents', identityPolicies: [identity] };
    const stream = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/zta/cloudtrail/zta-trail-dev:log-stream:${ACCOUNT}_CloudTrail_${REGION}`;
    expect((await simulate({ ...base, resource: stream })).result).toBe('Allowed');
    expect((await simulate({ ...base, resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/app:log-stream:x` })).result).toBe('ImplicitlyDenied');
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('audit-logging'), () => expect(synthChart('audit-logging')).toMatchSnapshot());
