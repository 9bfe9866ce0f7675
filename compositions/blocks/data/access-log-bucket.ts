// The SSE-S3 target bucket of a domain's S3 server access logs (S3 delivers access logs only into
// SSE-S3 buckets), admitting the S3 logging service for this account's buckets and nothing else.
import type { Construct } from 'constructs';
import { SecureBucket } from './secure-bucket';

/** Access-log bucket `zta-<purpose>-...` composed under the resource name `name`. */
export function accessLogBucket(scope: Construct, name: string, purpose: string): SecureBucket {
  return new SecureBucket(scope, {
    name,
    purpose,
    encryption: 's3',
    additionalStatements: [SecureBucket.allowServerAccessLogDelivery(`arn:aws:s3:::${SecureBucket.nameFor(purpose)}`)],
  });
}
