// The secure-bucket construct as the security domains use it: with service admissions spliced into
// the bucket policy, with principals that must rely on default encryption, and as the SSE-S3
// server-access-log target. Policies are read from a rendered composite of a fixture chart.
import type { Construct } from 'constructs';
import {
  ConditionOperator,
  DomainChart,
  PolicyStatement,
  Principals,
  Schema,
  param,
  Params,
} from '../../../../compositions';
import { SecureBucket } from '../../../../compositions/blocks/data/secure-bucket';
import type { JsonObject } from '../../../../renderer/types';
import { simulate, type SimulationCase } from '../../../support/iam-simulator';
import { composed, forProviderOf, renderCharts, renderedPolicy } from '../../../support/render-chart';
import { scratchChart } from '../../../support/scratch-chart';

const ACCOUNT = '444455556666';
const REGION = 'eu-central-1';
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0b1e7c6a-12ab-34cd-56ef-1234567890ab`;
const OTHER_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/ffffffff-12ab-34cd-56ef-1234567890ab`;
const SESSION_ROLE = `arn:aws:iam::${ACCOUNT}:role/zta-session-instance-prod`;
const FLOW_BUCKET = `zta-flowlogs-${ACCOUNT}-${REGION}-prod`;
const LOG_BUCKET = `zta-accesslogs-${ACCOUNT}-${REGION}-prod`;

/** A domain as the network and session-management domains write theirs. */
class BucketFixtureChart extends DomainChart {
  public constructor(scope: Construct, id: string) {
    super(scope, id, { kind: 'XBucketFixture', domain: 'fixture', description: 'Secure buckets as domains compose them.' });
    this.parameter('dataKeyArn', Schema.arn('Key of the fixture buckets.'), { required: true });
    const accessLogs = new SecureBucket(this, {
      name: 'accessLogBucket',
      purpose: 'accesslogs',
      encryption: 's3',
      additionalStatements: [SecureBucket.allowServerAccessLogDelivery(`arn:aws:s3:::${SecureBucket.nameFor('accesslogs')}`)],
    });
    new SecureBucket(this, {
      name: 'flowLogBucket',
      purpose: 'flowlogs',
      kmsKeyArn: param('dataKeyArn'),
      accessLogs: { targetBucketName: accessLogs.bucketName, prefix: 'flowlogs/' },
      defaultEncryptionWriterArns: [`arn:aws:iam::${Params.accountId}:role/zta-session-*`],
      additionalStatements: [
        new PolicyStatement({
          sid: 'AllowVpcFlowLogDelivery',
          principals: [Principals.service('delivery.logs.amazonaws.com')],
          actions: ['s3:PutObject'],
          resources: [`arn:aws:s3:::${SecureBucket.nameFor('flowlogs')}/AWSLogs/${Params.accountId}/*`],
          conditions: {
            [ConditionOperator.STRING_EQUALS]: { 'aws:SourceAccount': Params.accountId },
            [ConditionOperator.ARN_LIKE]: { 'aws:SourceArn': `arn:aws:logs:${Params.region}:${Params.accountId}:*` },
          },
        }),
      ],
    });
  }
}

const xr: JsonObject = {
  apiVersion: 'aws.zerotrust.io/v1alpha1',
  kind: 'XBucketFixture',
  metadata: { name: 'fixture' },
  spec: { parameters: { accountId: ACCOUNT, region: REGION, environmentSuffix: 'prod', dataKeyArn: KEY } },
};
const out = renderCharts((app) => [new BucketFixtureChart(app, 'fixture')], xr);
const flowPolicy = renderedPolicy(composed(out, 'flowLogBucketPolicy'));
const logPolicy = renderedPolicy(composed(out, 'accessLogBucketPolicy'));
const TLS = { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.2' };

function service(principal: string, resource: string, policy: object, context: Record<string, string>): SimulationCase {
  return { principal, action: 's3:PutObject', resource, resourceAccount: ACCOUNT, resourcePolicy: policy, context: { ...TLS, 'aws:PrincipalIsAWSService': 'true', 'aws:PrincipalServiceName': principal, ...context } };
}
function iamRole(arn: string, resource: string, policy: object, context: Record<string, string>): SimulationCase {
  return {
    principal: arn, action: 's3:PutObject', resource, resourceAccount: ACCOUNT, resourcePolicy: policy,
    identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] }],
    context: { ...TLS, 'aws:PrincipalIsAWSService': 'false', 'aws:PrincipalArn': arn, ...context },
  };
}

describe('SecureBucket construct', () => {
  test('names its resources after `name` and the bucket zta-<purpose>-<account>-<region>-<suffix>', () => {
    expect(out.problems).toEqual([]);
    expect(forProviderOf(composed(out, 'flowLogBucketLogging'))).toEqual(expect.objectContaining({ bucket: FLOW_BUCKET, targetBucket: LOG_BUCKET, targetPrefix: 'flowlogs/' }));
    expect(out.composite.status).toEqual(expect.objectContaining({ flowLogBucketName: FLOW_BUCKET, accessLogBucketArn: `arn:aws:s3:::${LOG_BUCKET}` }));
  });

  test('the access-log bucket uses SSE-S3 (the only default encryption S3 log delivery accepts) and logs nowhere', () => {
    expect(forProviderOf(composed(out, 'accessLogBucketEncryption')).rule).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, blockedEncryptionTypes: ['SSE-C'] },
    ]);
    expect(out.resources.some((r) => ((r.metadata as JsonObject).annotations as Record<string, string>)['crossplane.io/composition-resource-name'] === 'accessLogBucketLogging')).toBe(false);
  });

  test.each([
    ["'purpose' longer than 12 characters", { name: 'b', purpose: 'cloudtrail-logs', kmsKeyArn: param('k') }, "'purpose' must be 1-12 lowercase"],
    ["'purpose' with capitals", { name: 'b', purpose: 'Trail', kmsKeyArn: param('k') }, "'purpose' must be 1-12 lowercase"],
    ['no key with SSE-KMS', { name: 'b', purpose: 'trail' }, "'kmsKeyArn' is required with SSE-KMS"],
    ['an alias instead of a key ARN', { name: 'b', purpose: 'trail', kmsKeyArn: 'alias/data' }, "'kmsKeyArn' must be a key ARN"],
    ['a key with SSE-S3', { name: 'b', purpose: 'logs', encryption: 's3' as const, kmsKeyArn: param('k') }, "'kmsKeyArn' is set but encryption is 's3'"],
    ['Object Lock on the access-log bucket', { name: 'b', purpose: 'logs', encryption: 's3' as const, objectLock: { retentionDays: 1 } }, "'objectLock' is not allowed with encryption 's3'"],
    ['a zero retention', { name: 'b', purpose: 'trail', kmsKeyArn: param('k'), objectLock: { retentionDays: 0 } }, "'objectLock.retentionDays' must be a positive whole number"],
    ['a log prefix without a slash', { name: 'b', purpose: 'trail', kmsKeyArn: param('k'), accessLogs: { targetBucketName: 'x', prefix: 'trail' } }, "'accessLogs.prefix' must end with '/'"],
  ])('throws on %s', (_case, props, message) => {
    expect(() => new SecureBucket(scratchChart(), props)).toThrow(message);
  });
});

describe('SecureBucket policy for AWS service deliveries, evaluated by the IAM policy simulator', () => {
  const flowObject = `arn:aws:s3:::${FLOW_BUCKET}/AWSLogs/${ACCOUNT}/vpcflowlogs/${REGION}/2026/01/01/x.log.gz`;
  const flowSource = { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:logs:${REGION}:${ACCOUNT}:*` };

  test('VPC flow logs (delivery.logs.amazonaws.com) deliver without SSE headers: the bucket default (our key) applies', async () => {
    const r = await simulate(service('delivery.logs.amazonaws.com', flowObject, flowPolicy, flowSource));
    expect(r).toEqual({ result: 'Allowed', ignoredContextKeys: [], reasons: ["allow: resource statement 'AllowVpcFlowLogDelivery'"] });
  });

  test('a service that names a KMS key must name ours', async () => {
    const r = await simulate(service('delivery.logs.amazonaws.com', flowObject, flowPolicy, {
      ...flowSource, 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': OTHER_KEY,
    }));
    expect(r.result).toBe('ExplicitlyDenied');
    expect(r.reasons.join('\n')).toContain("statement 'DenyUploadsNamingAnotherKmsKey'");
  });

  test('a service may write SSE-S3 objects (CloudTrail writes its digest files so) or name our key', async () => {
    for (const headers of [
      { 's3:x-amz-server-side-encryption': 'AES256' } as Record<string, string>,
      { 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': KEY },
    ]) {
      expect((await simulate(service('delivery.logs.amazonaws.com', flowObject, flowPolicy, { ...flowSource, ...headers }))).result).toBe('Allowed');
    }
  });

  test('the service is admitted only on behalf of this account (confused deputy)', async () => {
    const r = await simulate(service('delivery.logs.amazonaws.com', flowObject, flowPolicy, { 'aws:SourceAccount': '999999999999', 'aws:SourceArn': `arn:aws:logs:${REGION}:999999999999:*` }));
    expect(r.result).not.toBe('Allowed');
  });

  test('service deliveries over plain HTTP are refused too', async () => {
    const r = await simulate(service('delivery.logs.amazonaws.com', flowObject, flowPolicy, { ...flowSource, 'aws:SecureTransport': 'false' }));
    expect(r.result).toBe('ExplicitlyDenied');
  });

  test('a listed default-encryption writer (Session Manager instance role) uploads without headers', async () => {
    const r = await simulate(iamRole(SESSION_ROLE, `arn:aws:s3:::${FLOW_BUCKET}/sessions/s-1.log`, flowPolicy, {}));
    expect(r.result).toBe('Allowed');
  });

  test('...but still cannot choose SSE-S3 or another key', async () => {
    const resource = `arn:aws:s3:::${FLOW_BUCKET}/sessions/s-1.log`;
    expect((await simulate(iamRole(SESSION_ROLE, resource, flowPolicy, { 's3:x-amz-server-side-encryption': 'AES256' }))).result).toBe('ExplicitlyDenied');
    expect((await simulate(iamRole(SESSION_ROLE, resource, flowPolicy, { 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': OTHER_KEY }))).result).toBe('ExplicitlyDenied');
  });

  test('any other role uploading without headers is refused', async () => {
    const r = await simulate(iamRole(`arn:aws:iam::${ACCOUNT}:role/app`, `arn:aws:s3:::${FLOW_BUCKET}/x`, flowPolicy, {}));
    expect(r.result).toBe('ExplicitlyDenied');
    expect(r.reasons.join('\n')).toContain("statement 'DenyUploadsNotUsingSseKms'");
  });
});

describe('SecureBucket access-log target policy, evaluated by the IAM policy simulator', () => {
  const logObject = `arn:aws:s3:::${LOG_BUCKET}/flowlogs/${ACCOUNT}/${REGION}/${FLOW_BUCKET}/2026/01/01/x`;
  const fromFlowBucket = { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:s3:::${FLOW_BUCKET}` };

  test('S3 server access log delivery (logging.s3.amazonaws.com) from a secure bucket of this account is allowed', async () => {
    const r = await simulate(service('logging.s3.amazonaws.com', logObject, logPolicy, fromFlowBucket));
    expect(r).toEqual({ result: 'Allowed', ignoredContextKeys: [], reasons: ["allow: resource statement 'AllowS3ServerAccessLogDelivery'"] });
  });

  test('delivery on behalf of a bucket that is not one of ours is not', async () => {
    const r = await simulate(service('logging.s3.amazonaws.com', logObject, logPolicy, { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': 'arn:aws:s3:::someone-elses-bucket' }));
    expect(r.result).not.toBe('Allowed');
  });

  test('no IAM principal writes into the access-log bucket, whatever its encryption headers', async () => {
    for (const headers of [{}, { 's3:x-amz-server-side-encryption': 'AES256' }] as Record<string, string>[]) {
      const r = await simulate(iamRole(`arn:aws:iam::${ACCOUNT}:role/admin`, logObject, logPolicy, headers));
      expect(r.result).toBe('ExplicitlyDenied');
      expect(r.reasons.join('\n')).toContain("statement 'DenyUploadsByNonServicePrincipals'");
    }
  });
});

describe('SecureBucket.addToResourcePolicy: a domain extends the pattern after constructing it', () => {
  const READER = `arn:aws:iam::${ACCOUNT}:role/analytics-reader`;
  class ExtendedChart extends DomainChart {
    public constructor(scope: Construct, id: string) {
      super(scope, id, { kind: 'XBucketExtended', domain: 'fixture', description: 'A secure bucket extended after construction.' });
      this.parameter('dataKeyArn', Schema.arn('Key of the fixture bucket.'), { required: true });
      const bucket = new SecureBucket(this, { name: 'reportBucket', purpose: 'reports', kmsKeyArn: param('dataKeyArn') });
      bucket.addToResourcePolicy(new PolicyStatement({
        sid: 'AllowAnalyticsRead', principals: [Principals.arn(`arn:aws:iam::${Params.accountId}:role/analytics-reader`)],
        actions: ['s3:GetObject'], resources: [bucket.objectsArn('reports/')],
      }));
    }
  }
  const extended = renderCharts((app) => [new ExtendedChart(app, 'extended')], { ...xr, kind: 'XBucketExtended' });
  const policy = renderedPolicy(composed(extended, 'reportBucketPolicy'));

  test('the statement added after construction is in the rendered policy, after the baseline denies', () => {
    const sids = (policy as { Statement: { Sid: string }[] }).Statement.map((s) => s.Sid);
    expect(sids[sids.length - 1]).toBe('AllowAnalyticsRead');
    expect(sids).toEqual(expect.arrayContaining(['DenyInsecureTransport']));
  });

  test('and it takes effect: the reader reads over TLS, and still not over plain HTTP (the baseline deny wins)', async () => {
    const read = (secure: string) => simulate({
      principal: READER, action: 's3:GetObject', resource: `arn:aws:s3:::zta-reports-${ACCOUNT}-${REGION}-prod/reports/q1.csv`, resourceAccount: ACCOUNT,
      resourcePolicy: policy, context: { 'aws:SecureTransport': secure, 's3:TlsVersion': '1.2', 'aws:PrincipalArn': READER, 'aws:PrincipalIsAWSService': 'false' },
    });
    expect((await read('true')).result).toBe('Allowed');
    expect((await read('false')).result).toBe('ExplicitlyDenied');
  });

  test('a statement a resource policy cannot hold is refused at once, naming the bucket', () => {
    const bucket = new SecureBucket(scratchChart(), { name: 'b', purpose: 'trail', kmsKeyArn: param('k') });
    expect(() => bucket.addToResourcePolicy(new PolicyStatement({ sid: 'NoPrincipal', actions: ['s3:GetObject'], resources: [bucket.objectsArn()] })))
      .toThrow(/secure bucket 'b': addToResourcePolicy: .*[Pp]rincipal/);
  });
});
