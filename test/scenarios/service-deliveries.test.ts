// No-lockout scenarios for AWS service deliveries (issue 13 item 4): each AWS service writes into the
// dev claim's buckets with the request context AWS documents for it (aws:SourceAccount,
// aws:SourceArn, aws:SourceOrgID), evaluated by the IAM policy simulator against the rendered bucket
// policy and the organization's rendered data-perimeter RCP (attached to the account's OU). Every
// delivery is allowed; the same delivery for another organization (a confused deputy) or another
// account is refused.
import { onboarding } from '../../examples/onboarding';
import type { JsonObject } from '../../renderer/types';
import { simulate } from '../support/iam-simulator';
import { renderExample, renderOrganizationExample, resourceNamed } from '../support/render-example';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const ORG = onboarding.organizationId;
const dev = renderExample('dev-claim');
const fp = (o: JsonObject): JsonObject => (o.spec as JsonObject).forProvider as JsonObject;
const rcp = (() => {
  const p = renderOrganizationExample().resources.find((r) => r.kind === 'Policy' && fp(r).name === `zta-data-perimeter-${onboarding.environment}`);
  if (!p) throw new Error('the organization render has no data perimeter RCP');
  return JSON.parse(String(fp(p).content)) as object;
})();
const bucketPolicy = (name: string) => {
  const p = resourceNamed(dev, name);
  return { bucket: String(fp(p).bucket), policy: JSON.parse(String(fp(p).policy)) as object };
};

interface Delivery { readonly what: string; readonly policy: string; readonly service: string; readonly action: string; readonly key: (bucket: string) => string; readonly context: Record<string, string> }
const trailArn = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/zta-trail-dev`;
const DELIVERIES: Delivery[] = [
  { what: 'CloudTrail checks the trail bucket ACL', policy: 'trailBucketPolicy', service: 'cloudtrail.amazonaws.com', action: 's3:GetBucketAcl', key: () => '', context: { 'aws:SourceArn': trailArn, 'aws:SourceAccount': ACCOUNT } },
  { what: 'CloudTrail writes log files', policy: 'trailBucketPolicy', service: 'cloudtrail.amazonaws.com', action: 's3:PutObject', key: () => `/AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/2026/12/02/x.json.gz`, context: { 'aws:SourceArn': trailArn, 'aws:SourceAccount': ACCOUNT, 's3:x-amz-acl': 'bucket-owner-full-control' } },
  { what: 'AWS Config checks its bucket', policy: 'configBucketPolicy', service: 'config.amazonaws.com', action: 's3:GetBucketAcl', key: () => '', context: { 'aws:SourceAccount': ACCOUNT } },
  { what: 'AWS Config delivers snapshots', policy: 'configBucketPolicy', service: 'config.amazonaws.com', action: 's3:PutObject', key: () => `/config/AWSLogs/${ACCOUNT}/Config/${REGION}/2026/12/2/ConfigSnapshot/x.json.gz`, context: { 'aws:SourceAccount': ACCOUNT, 's3:x-amz-acl': 'bucket-owner-full-control' } },
  { what: 'VPC flow logs are delivered', policy: 'flowLogsBucketPolicy', service: 'delivery.logs.amazonaws.com', action: 's3:PutObject', key: () => `/AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/x.parquet`, context: { 'aws:SourceArn': `arn:aws:logs:${REGION}:${ACCOUNT}:delivery-source:x`, 'aws:SourceAccount': ACCOUNT, 's3:x-amz-acl': 'bucket-owner-full-control' } },
  { what: 'S3 server access logs of the trail bucket are delivered', policy: 'trailAccessLogBucketPolicy', service: 'logging.s3.amazonaws.com', action: 's3:PutObject', key: () => '/trail/2026-12-02-x', context: { 'aws:SourceArn': `arn:aws:s3:::zta-trail-${ACCOUNT}-${REGION}-dev`, 'aws:SourceAccount': ACCOUNT } },
];

async function deliver(d: Delivery, overrides: Record<string, string>) {
  const { bucket, policy } = bucketPolicy(d.policy);
  return (await simulate({
    principal: d.service, action: d.action, resource: `arn:aws:s3:::${bucket}${d.key(bucket)}`, resourceAccount: ACCOUNT,
    resourcePolicy: policy, rcps: [[], [rcp], []],
    context: { 'aws:PrincipalIsAWSService': 'true', 'aws:SourceOrgID': ORG, ...d.context, ...overrides },
  })).result;
}

describe.each(DELIVERIES)('$what ($service, $action)', (d) => {
  test('allowed through the bucket policy and the data perimeter', async () => {
    expect(await deliver(d, {})).toBe('Allowed');
  });
  test('refused for another organization (confused deputy: the RCP)', async () => {
    expect(await deliver(d, { 'aws:SourceOrgID': 'o-zzzzzzzzzz' })).toBe('ExplicitlyDenied');
  });
  test('refused for another account (the bucket policy)', async () => {
    const foreign = Object.fromEntries(Object.entries(d.context).map(([k, v]) => [k, v.replace(ACCOUNT, '999988887777')]));
    expect(await deliver(d, foreign)).not.toBe('Allowed');
  });
});
