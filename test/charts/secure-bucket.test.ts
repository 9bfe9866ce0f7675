// XSecureBucket / claim SecureBucket: a workload team's claim rendered to convergence in the
// namespace bound to its account, then its bucket policy evaluated by the IAM policy simulator for
// every way an object could land in the bucket unencrypted, under another key, over plain or old
// TLS, or public.
import type { JsonObject } from '../../renderer/types';
import { AccountSecureBucketChart, SecureBucketChart, SecureBucketObjectLockChart } from '../../charts/secure-bucket';
import { Validator, formatProblem } from '../../validator/validate';
import { App } from 'cdk8s';
import { ANONYMOUS, simulate, type SimulationCase } from '../support/iam-simulator';
import { composed, forProviderOf, renderCharts, renderedPolicy } from '../support/render-chart';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

// The namespace payments-dev is bound to account 111122223333 in eu-west-1, environment dev.
const NAMESPACE = 'payments-dev';
const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/99999999-12ab-34cd-56ef-1234567890ab`;
const BUCKET = `zta-orders-${ACCOUNT}-${REGION}-dev`;
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const OBJECT_ARN = `${BUCKET_ARN}/invoices/2026/01.pdf`;
const WRITER = `arn:aws:iam::${ACCOUNT}:role/orders-app`;

function claim(parameters: Record<string, unknown> = {}): JsonObject {
  return {
    apiVersion: 'aws.zerotrust.io/v1alpha1',
    kind: 'SecureBucket',
    metadata: { name: 'orders', namespace: NAMESPACE },
    spec: {
      parameters: {
        purpose: 'orders',
        kmsKeyArn: KEY,
        noncurrentVersionExpirationDays: 30,
        ...parameters,
      },
    },
  };
}

function charts(app: App) {
  const lock = new SecureBucketObjectLockChart(app, 'secure-bucket-object-lock');
  const bucket = new AccountSecureBucketChart(app, 'account-secure-bucket', lock.names);
  return [lock, bucket, new SecureBucketChart(app, 'secure-bucket', bucket)];
}
const out = renderCharts(charts, claim());
const bucketPolicy = renderedPolicy(composed(out, 'bucketPolicy'));
const allowPut = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:PutBucketAcl', 's3:GetObject'], Resource: '*' }] };

/** A same-account workload role whose identity policy allows the write: only the bucket policy can refuse it. */
function workload(action: string, context: Record<string, string> = {}, resource = OBJECT_ARN): SimulationCase {
  return {
    principal: WRITER,
    action,
    resource,
    resourceAccount: ACCOUNT,
    identityPolicies: [allowPut],
    resourcePolicy: bucketPolicy,
    context: {
      'aws:SecureTransport': 'true',
      's3:TlsVersion': '1.3',
      'aws:PrincipalIsAWSService': 'false',
      'aws:PrincipalArn': WRITER,
      ...context,
    },
  };
}
const withOurKey = { 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': KEY };

describe('SecureBucket claim', () => {
  test('renders to convergence with no schema, reference or naming problem', () => {
    expect(out.problems).toEqual([]);
    expect(out.converged).toBe(true);
    expect(out.claim?.status).toEqual(expect.objectContaining({ bucketName: BUCKET, bucketArn: BUCKET_ARN }));
  });

  test('shows the account its namespace is bound to, and composes only with that account\'s ProviderConfig', () => {
    expect((out.claim!.status as JsonObject).account).toEqual({ id: ACCOUNT, region: REGION, namespace: NAMESPACE, environment: 'dev' });
    const configs = new Set(out.resources.filter((r) => String(r.apiVersion).startsWith('s3.aws.upbound.io/')).map((r) => ((r.spec as JsonObject).providerConfigRef as JsonObject).name));
    expect([...configs]).toEqual(['zta-payments-dev']);
  });

  test('a key of another account is refused: the bucket is never composed', () => {
    const foreign = renderCharts(charts, claim({ kmsKeyArn: 'arn:aws:kms:eu-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab' }));
    expect(foreign.problems.filter((p) => p.kind === 'schema').map((p) => p.message)).toEqual([
      expect.stringMatching(/^the API server refuses composed resource "secureBucket": .*\.spec\.parameters\.kmsKeyArn: kmsKeyArn must be a key of the bound account/),
    ]);
    expect(foreign.resources.filter((r) => r.kind === 'Bucket')).toEqual([]);
  });

  test('composes the bucket and every protection, forceDestroy on, no Object Lock unless asked', () => {
    const names = out.resources.map((r) => (r.metadata as JsonObject).annotations as Record<string, string>).map((a) => a['crossplane.io/composition-resource-name']);
    expect(names.sort()).toEqual([
      'bucket', 'bucketEncryption', 'bucketLifecycle', 'bucketLogging', 'bucketOwnership', 'bucketPolicy', 'bucketPublicAccessBlock', 'bucketVersioning', 'objectLock', 'secureBucket',
    ]);
    expect(forProviderOf(composed(out, 'bucket'))).toEqual(expect.objectContaining({ forceDestroy: true }));
    expect(((composed(out, 'objectLock').spec as JsonObject).compositionRef as JsonObject).name).toBe('xsecurebucketobjectlocks-disabled.aws.zerotrust.io');
    expect(((out.claim!.status as JsonObject).conditions as JsonObject[]).find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  test('default encryption is SSE-KMS with our key and a bucket key; SSE-C is blocked', () => {
    expect(forProviderOf(composed(out, 'bucketEncryption')).rule).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY }, bucketKeyEnabled: true, blockedEncryptionTypes: ['SSE-C'] },
    ]);
  });

  test('public access block all true, ACLs disabled, versioning on, lifecycle expires noncurrent versions and aborts uploads', () => {
    expect(forProviderOf(composed(out, 'bucketPublicAccessBlock'))).toEqual(expect.objectContaining({
      blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    }));
    expect(forProviderOf(composed(out, 'bucketOwnership')).rule).toEqual({ objectOwnership: 'BucketOwnerEnforced' });
    expect(forProviderOf(composed(out, 'bucketVersioning')).versioningConfiguration).toEqual({ status: 'Enabled' });
    const [rule] = forProviderOf(composed(out, 'bucketLifecycle')).rule as JsonObject[];
    expect(rule).toEqual(expect.objectContaining({
      status: 'Enabled',
      noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
    }));
  });

  test('server access logs go to the bound account\'s access-log bucket (S3 logs only within an account) under <purpose>/', () => {
    expect(forProviderOf(composed(out, 'bucketLogging'))).toEqual(expect.objectContaining({
      bucket: BUCKET, targetBucket: `zta-accesslogs-${ACCOUNT}-${REGION}-dev`, targetPrefix: 'orders/',
    }));
  });

  test('objectLock turns on a GOVERNANCE default retention through the enabled lock composition', () => {
    const locked = renderCharts(charts, claim({ objectLock: { retentionDays: 365 } }));
    expect(locked.problems).toEqual([]);
    expect(((composed(locked, 'objectLock').spec as JsonObject).compositionRef as JsonObject).name).toBe('xsecurebucketobjectlocks.aws.zerotrust.io');
    expect(forProviderOf(composed(locked, 'bucketObjectLock'))).toEqual(expect.objectContaining({
      bucket: BUCKET, objectLockEnabled: 'Enabled', rule: { defaultRetention: { mode: 'GOVERNANCE', days: 365 } },
    }));
    expect(((locked.claim!.status as JsonObject).conditions as JsonObject[]).find((c) => c.type === 'Ready')?.status).toBe('True');
  });
});

describe('SecureBucket policy, evaluated by the IAM policy simulator', () => {
  test('allows a workload upload over TLS 1.2+ naming SSE-KMS and our key', async () => {
    const r = await simulate(workload('s3:PutObject', withOurKey));
    expect(r).toEqual({ result: 'Allowed', ignoredContextKeys: [], reasons: expect.any(Array) });
  });

  test.each([
    ['without any encryption header', {}, 'DenyUploadsNotUsingSseKms'],
    ['with SSE-S3 (AES256)', { 's3:x-amz-server-side-encryption': 'AES256' }, 'DenyUploadsNotUsingSseKms'],
    ['with SSE-KMS but no key id (S3 would use aws/s3)', { 's3:x-amz-server-side-encryption': 'aws:kms' }, 'DenyUploadsNotNamingBucketKey'],
    ['with SSE-KMS and another key', { 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': OTHER_KEY }, 'DenyUploadsNamingAnotherKmsKey'],
    ['with our key id but SSE-S3', { 's3:x-amz-server-side-encryption': 'AES256', 's3:x-amz-server-side-encryption-aws-kms-key-id': KEY }, 'DenyUploadsNotUsingSseKms'],
    ['with a customer-provided key (SSE-C)', { 's3:x-amz-server-side-encryption-customer-algorithm': 'AES256' }, 'DenyUploadsNotUsingSseKms'],
  ])('denies a workload upload %s', async (_case, headers, sid) => {
    const r = await simulate(workload('s3:PutObject', headers));
    expect(r.result).toBe('ExplicitlyDenied');
    expect(r.ignoredContextKeys).toEqual([]);
    expect(r.reasons.join('\n')).toContain(`statement '${sid}'`);
  });

  test('denies a request without TLS, even a correctly encrypted upload', async () => {
    const r = await simulate(workload('s3:PutObject', { ...withOurKey, 'aws:SecureTransport': 'false' }));
    expect(r.result).toBe('ExplicitlyDenied');
    expect(r.reasons.join('\n')).toContain("statement 'DenyInsecureTransport'");
  });

  test.each(['1.0', '1.1'])('denies a request negotiated with TLS %s', async (tls) => {
    const r = await simulate(workload('s3:GetObject', { 's3:TlsVersion': tls }));
    expect(r.result).toBe('ExplicitlyDenied');
    expect(r.reasons.join('\n')).toContain("statement 'DenyOutdatedTls'");
  });

  test('allows a read over TLS 1.2', async () => {
    expect((await simulate(workload('s3:GetObject', { 's3:TlsVersion': '1.2' }))).result).toBe('Allowed');
  });

  test.each([
    ['s3:PutObject', OBJECT_ARN, withOurKey],
    ['s3:PutObjectAcl', OBJECT_ARN, {}],
    ['s3:PutBucketAcl', BUCKET_ARN, {}],
  ])('denies a public canned ACL on %s', async (action, resource, headers) => {
    for (const acl of ['public-read', 'public-read-write', 'authenticated-read']) {
      const r = await simulate(workload(action, { ...headers, 's3:x-amz-acl': acl }, resource));
      expect({ acl, result: r.result }).toEqual({ acl, result: 'ExplicitlyDenied' });
      expect(r.reasons.join('\n')).toContain("statement 'DenyPublicCannedAcls'");
    }
  });

  test('anonymous reads are refused: the policy grants nothing to the public', async () => {
    const r = await simulate({ principal: ANONYMOUS, action: 's3:GetObject', resource: OBJECT_ARN, resourceAccount: ACCOUNT, resourcePolicy: bucketPolicy, context: { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3' } });
    expect(r.result).not.toBe('Allowed');
  });

  test('a public policy statement slipped in is still refused to anonymous callers by RestrictPublicBuckets', async () => {
    // GIVEN the rendered policy plus the statement an attacker would add (BlockPublicPolicy stops the
    // PutBucketPolicy itself in AWS; the simulator can show the runtime half: RestrictPublicBuckets)
    const tampered = { ...bucketPolicy, Statement: [...(bucketPolicy as { Statement: object[] }).Statement, { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET_ARN}/*` }] };
    const request: SimulationCase = { principal: ANONYMOUS, action: 's3:GetObject', resource: OBJECT_ARN, resourceAccount: ACCOUNT, resourcePolicy: tampered, context: { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3' } };
    // WHEN / THEN: without Block Public Access it would be readable; with ours it is not
    expect((await simulate({ ...request, s3BlockPublicAccess: false })).result).toBe('Allowed');
    expect((await simulate({ ...request, s3BlockPublicAccess: true })).result).toBe('ExplicitlyDenied');
  });
});

describe('SecureBucket claim validation', () => {
  const objects = charts(new App()).flatMap((c) => c.toJson() as JsonObject[]);
  const validator = new Validator();
  for (const x of objects.filter((o) => o.kind === 'CompositeResourceDefinition')) validator.addXrd(x);
  const problems = (parameters: Record<string, unknown>) => validator.validate(claim(parameters)).map((p) => formatProblem(p));

  test('accepts the example parameters', () => {
    expect(problems({})).toEqual([]);
  });

  test.each([
    ['purpose', { purpose: 'Orders_Archive-2026' }, 'purpose must be 1-12 lowercase letters'],
    ['kmsKeyArn', { kmsKeyArn: 'alias/orders' }, 'kmsKeyArn must be a KMS key ARN'],
    ['objectLock.retentionDays', { objectLock: { retentionDays: 0 } }, 'objectLock.retentionDays must be between 1 and 36500'],
  ])('rejects a bad %s with a message naming the field', (field, parameters, message) => {
    const found = problems(parameters);
    expect(found.some((p) => p.includes(`.spec.parameters.${field}`) && p.includes(message))).toBe(true);
  });

  test.each(['accountId', 'region', 'environmentSuffix', 'providerConfigName', 'accessLogBucketName'])('a claim naming %s is refused as an unknown field', (field) => {
    expect(problems({ [field]: 'x' })).toEqual([expect.stringMatching(new RegExp(`^SecureBucket/orders: \\.spec\\.parameters\\.${field}: unknown field \\(allowed: `))]);
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('secure-bucket-object-lock'), () => expect(synthChart('secure-bucket-object-lock')).toMatchSnapshot());
test(snapshotTestName('account-secure-bucket'), () => expect(synthChart('account-secure-bucket')).toMatchSnapshot());
test(snapshotTestName('secure-bucket'), () => expect(synthChart('secure-bucket')).toMatchSnapshot());
