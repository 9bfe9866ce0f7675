// The secure-bucket pattern: an S3 bucket that refuses objects not encrypted with our KMS key,
// requests without TLS 1.2+, and every form of public access. A library construct: constructed in a
// domain chart, its resources compose themselves there (the domain splices its service admissions
// into the one bucket policy), and the XSecureBucket building block (claim SecureBucket) is a chart
// built from the same construct.
//
// Encryption design (why the denies look the way they do):
// - Workloads (IAM principals) must name SSE-KMS *and* our key on every upload: S3 uses the AWS
//   managed key aws/s3, not the bucket default, when a request says `aws:kms` without a key id.
// - AWS services that deliver into buckets (S3 server access logs, VPC flow logs via
//   delivery.logs.amazonaws.com, ...) send no SSE headers and rely on the bucket's default
//   encryption (our key, with a bucket key); CloudTrail writes its digest files with SSE-S3. A
//   blanket "header required" deny silently drops their deliveries, so the header-required denies
//   exempt AWS service principals (aws:PrincipalIsAWSService, present in every signed request).
//   Services are admitted only by the Allow statements a domain adds (with aws:SourceArn /
//   aws:SourceAccount), and any KMS key a service names must still be ours. That deny is written
//   `StringNotEquals` + `Null: false` (header present and wrong): `StringNotEqualsIfExists` would
//   be true for a missing header and refuse every header-less delivery (the simulator proves it).
// - Principals that cannot send headers although they are not services (the SSM agent uploading
//   Session Manager logs with the instance role) are listed in `defaultEncryptionWriterArns`:
//   they write with the bucket default (our key) and still cannot name another key.
// - Not provable offline: multipart uploads send the SSE headers on CreateMultipartUpload only, while
//   UploadPart / CompleteMultipartUpload are authorized as s3:PutObject too. AWS's own example bucket
//   policies deny PutObject without the header, yet older client reports (botocore #471, aws-cli
//   #4251) show UploadPart refused by such policies. A live test must confirm multipart uploads; a
//   writer that fails there belongs in `defaultEncryptionWriterArns` (it keeps the key guarantee).
import type { Construct } from 'constructs';
import {
  BucketLifecycleConfiguration,
  BucketLoggingV1Beta2,
  BucketObjectLockConfigurationV1Beta2,
  BucketOwnershipControlsV1Beta2,
  BucketPolicy,
  BucketPublicAccessBlock,
  BucketServerSideEncryptionConfigurationV1Beta2,
  BucketV1Beta2,
  BucketVersioningV1Beta2,
} from '../../../imports/s3.aws.upbound.io';
import { ComposedResource, siblingSelector } from '../../kernel/composed-resource';
import { fromComposite, type Patch } from '../../kernel/patches';
import {
  ConditionOperator,
  Effect,
  PolicyDocument,
  PolicyStatement,
  Principals,
  denyInsecureTransport,
  hasToken,
  ifExists,
  isWholeToken,
  tokensIn,
} from '../../policy/iam';
import { Schema } from '../../kernel/schema';
import { Params } from '../../kernel/values';
import { MaxLength } from '../../kernel/aws-limits';

/** Longest `purpose`: leaves room for the longest account id, region and environment suffix. */
export const MAX_BUCKET_PURPOSE_LENGTH = 12;
/** Noncurrent object versions are kept this long unless the caller says otherwise. */
export const DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS = 90;
/** Parts of uploads that were never completed are removed after this many days. */
export const ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS = 7;
/** Oldest TLS version accepted on any request (S3.5 requires TLS; we also refuse TLS 1.0/1.1). */
export const MINIMUM_TLS_VERSION = 1.2;
/** Canned ACLs that grant access beyond the bucket owner. BucketOwnerEnforced rejects them too. */
export const PUBLIC_CANNED_ACLS: readonly string[] = ['public-read', 'public-read-write', 'authenticated-read'];

const PURPOSE_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Condition key S3 fills with the SSE algorithm a request asks for (`aws:kms`, `AES256`, ...). */
const SSE_HEADER_KEY = 's3:x-amz-server-side-encryption';
/** Condition key S3 fills with the KMS key a request names. It must be the key ARN. */
const SSE_KMS_KEY_ID_KEY = 's3:x-amz-server-side-encryption-aws-kms-key-id';

export interface SecureBucketProps {
  /**
   * camelCase prefix of the composition resource names: `trailBucket` gives `trailBucket`,
   * `trailBucketEncryption`, `trailBucketPolicy`, ... A contract: renaming replaces the bucket.
   */
  readonly name: string;
  /**
   * Lowercase part of the AWS name `zta-<purpose>-<accountId>-<region>-<suffix>`, at most
   * 12 characters so the name stays within S3's 63. May be a token (e.g. `param('purpose')`).
   */
  readonly purpose: string;
  /**
   * ARN of the KMS key every object is encrypted with (a token such as `param('dataKeyArn')`).
   * Required unless `encryption` is 's3'. Writers must name exactly this ARN (not an alias, not a
   * bare key id) in `x-amz-server-side-encryption-aws-kms-key-id`.
   */
  readonly kmsKeyArn?: string;
  /**
   * 's3' (SSE-S3) only for the target bucket of S3 server access logs: S3 delivers access logs
   * only into buckets whose default encryption is SSE-S3. Such a bucket accepts writes from AWS
   * services only.
   * @default 'kms'
   */
  readonly encryption?: 'kms' | 's3';
  /** Service admissions and other statements, appended to the bucket policy. @default - none */
  readonly additionalStatements?: readonly PolicyStatement[];
  /**
   * S3 Object Lock in GOVERNANCE mode with this default retention (days, or a token). GOVERNANCE,
   * never COMPLIANCE, so `forceDestroy` can still empty the bucket (with s3:BypassGovernanceRetention).
   * Not allowed on a server-access-log target bucket (S3 refuses to deliver into one).
   * @default - no Object Lock
   */
  readonly objectLock?: { readonly retentionDays: number | string };
  /**
   * Server access logging into the account's access-log bucket, under `prefix`. Omit only for the
   * access-log bucket itself (S3 advises against a target that logs itself).
   * @default - no server access logging
   */
  readonly accessLogs?: { readonly targetBucketName: string; readonly prefix: string };
  /** Days noncurrent object versions are kept (number or token). @default 90 */
  readonly noncurrentVersionExpirationDays?: number | string;
  /**
   * ARN patterns (aws:PrincipalArn, ArnLike) of IAM principals that upload without SSE headers and
   * rely on the bucket default encryption, e.g. instance roles whose SSM agent uploads Session
   * Manager logs. They still cannot choose another algorithm or key.
   * @default - every IAM principal must send both SSE headers
   */
  readonly defaultEncryptionWriterArns?: readonly string[];
  /**
   * Publish `<name>Name` and `<name>Arn` (from the observed bucket) to the composite's status.
   * @default true
   */
  readonly publishOutputs?: boolean;
}

/** The composed resources and policy of one secure bucket, composed into the domain chart `scope` sits in. */
export class SecureBucket {
  /** AWS name `zta-<purpose>-<accountId>-<region>-<suffix>` (tokenized). */
  public static nameFor(purpose: string): string {
    return `zta-${purpose}-${Params.accountId}-${Params.region}-${Params.environmentSuffix}`;
  }

  /** Pattern matching every secure bucket of this account and environment (tokenized ARN). */
  public static readonly anyBucketOfAccountArn = `arn:aws:s3:::zta-*-${Params.accountId}-${Params.region}-${Params.environmentSuffix}`;

  /**
   * The admission a server-access-log target bucket needs: the S3 logging service may write
   * objects, on behalf of this account's secure buckets only (confused-deputy guard).
   */
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html#grant-log-delivery-permissions-bucket-policy
  public static allowServerAccessLogDelivery(targetBucketArn: string, sourceBucketArns: readonly string[] = [SecureBucket.anyBucketOfAccountArn]): PolicyStatement {
    return new PolicyStatement({
      sid: 'AllowS3ServerAccessLogDelivery',
      effect: Effect.ALLOW,
      principals: [Principals.service('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [`${targetBucketArn}/*`],
      conditions: {
        [ConditionOperator.STRING_EQUALS]: { 'aws:SourceAccount': Params.accountId },
        [ConditionOperator.ARN_LIKE]: { 'aws:SourceArn': [...sourceBucketArns] },
      },
    });
  }

  /** Its composed resources, in composition order (already composed). */
  public readonly resources: readonly ComposedResource[];
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly encryption: 'kms' | 's3';
  private readonly props: SecureBucketProps;
  private readonly policy: PolicyDocument;

  public constructor(scope: Construct, props: SecureBucketProps) {
    validate(props);
    this.props = props;
    this.encryption = props.encryption ?? 'kms';
    this.bucketName = SecureBucket.nameFor(props.purpose);
    this.bucketArn = `arn:aws:s3:::${this.bucketName}`;
    this.policy = new PolicyDocument({ statements: [...this.baselineStatements(), ...(props.additionalStatements ?? [])] });
    this.checkPolicy('bucket policy');
    this.resources = this.compose(scope);
  }

  /**
   * Adds a statement to the bucket policy (a service delivery, a workload's reader), the way a domain
   * extends the pattern after constructing it; the policy is written at synth, so every statement
   * added before then is in it. Checked at once as a resource-policy statement. Returns the bucket.
   */
  public addToResourcePolicy(...statements: PolicyStatement[]): this {
    this.policy.addStatements(...statements);
    this.checkPolicy('addToResourcePolicy');
    return this;
  }

  private checkPolicy(context: string): void {
    const problems = this.policy.validateForResourcePolicy();
    if (problems.length) throw new Error(`secure bucket '${this.props.name}': ${context}: ${problems.join('; ')}`);
  }

  /** ARN of objects under `prefix` (default: every object). */
  public objectsArn(prefix = ''): string {
    return `${this.bucketArn}/${prefix}*`;
  }

  private baselineStatements(): PolicyStatement[] {
    const everything = [this.bucketArn, this.objectsArn()];
    const statements: PolicyStatement[] = [
      // S3.5: refuse plain HTTP, and TLS older than 1.2, from anyone for anything.
      ...denyInsecureTransport(everything, { actions: ['s3:*'], minimumTlsVersion: MINIMUM_TLS_VERSION }),
    ];
    if (this.encryption === 'kms') {
      statements.push(
        this.denyWorkloadUploads('DenyUploadsNotUsingSseKms', { [ConditionOperator.STRING_NOT_EQUALS]: { [SSE_HEADER_KEY]: 'aws:kms' } }),
        this.denyWorkloadUploads('DenyUploadsNotNamingBucketKey', { [ConditionOperator.STRING_NOT_EQUALS]: { [SSE_KMS_KEY_ID_KEY]: this.props.kmsKeyArn! } }),
      );
      if ((this.props.defaultEncryptionWriterArns ?? []).length) {
        // The default-encryption writers are exempt from the header requirement, not from the
        // algorithm: if they send a header it must say SSE-KMS. (Services stay free to send AES256:
        // CloudTrail writes its digest files with SSE-S3.)
        statements.push(new PolicyStatement({
          sid: 'DenyUploadsChoosingAnotherAlgorithm',
          effect: Effect.DENY,
          principals: [Principals.anyone()],
          actions: ['s3:PutObject'],
          resources: [this.objectsArn()],
          conditions: {
            [ConditionOperator.STRING_NOT_EQUALS]: { [SSE_HEADER_KEY]: 'aws:kms' },
            [ConditionOperator.NULL]: { [SSE_HEADER_KEY]: 'false' },
            [ifExists(ConditionOperator.BOOL)]: { 'aws:PrincipalIsAWSService': 'false' },
          },
        }));
      }
      statements.push(
        // Anyone, services included, who names a KMS key must name ours. `Null: false` (the header is
        // present), not IfExists: a negated operator, IfExists or not, is true for a missing key, so
        // without it this deny would also refuse the header-less deliveries it must let through.
        new PolicyStatement({
          sid: 'DenyUploadsNamingAnotherKmsKey',
          effect: Effect.DENY,
          principals: [Principals.anyone()],
          actions: ['s3:PutObject'],
          resources: [this.objectsArn()],
          conditions: {
            [ConditionOperator.STRING_NOT_EQUALS]: { [SSE_KMS_KEY_ID_KEY]: this.props.kmsKeyArn! },
            [ConditionOperator.NULL]: { [SSE_KMS_KEY_ID_KEY]: 'false' },
          },
        }),
      );
    } else {
      // The access-log target: only AWS services (the S3 logging service) write here, with the
      // bucket default (SSE-S3), and nobody may name a KMS key.
      statements.push(
        new PolicyStatement({
          sid: 'DenyUploadsByNonServicePrincipals',
          effect: Effect.DENY,
          principals: [Principals.anyone()],
          actions: ['s3:PutObject'],
          resources: [this.objectsArn()],
          conditions: { [ifExists(ConditionOperator.BOOL)]: { 'aws:PrincipalIsAWSService': 'false' } },
        }),
        new PolicyStatement({
          sid: 'DenyUploadsNotUsingSseS3',
          effect: Effect.DENY,
          principals: [Principals.anyone()],
          actions: ['s3:PutObject'],
          resources: [this.objectsArn()],
          conditions: {
            [ConditionOperator.STRING_NOT_EQUALS]: { [SSE_HEADER_KEY]: 'AES256' },
            [ConditionOperator.NULL]: { [SSE_HEADER_KEY]: 'false' },
          },
        }),
      );
    }
    // Public ACLs: BucketOwnerEnforced already rejects every ACL; this makes the refusal a policy
    // decision that the simulator (and IAM Access Analyzer) can see.
    statements.push(
      new PolicyStatement({
        sid: 'DenyPublicCannedAcls',
        effect: Effect.DENY,
        principals: [Principals.anyone()],
        actions: ['s3:PutBucketAcl', 's3:PutObject', 's3:PutObjectAcl'],
        resources: everything,
        conditions: { [ConditionOperator.STRING_EQUALS]: { 's3:x-amz-acl': [...PUBLIC_CANNED_ACLS] } },
      }),
    );
    return statements;
  }

  /** A deny on uploads by IAM principals (not AWS services, not the listed default-encryption writers). */
  private denyWorkloadUploads(sid: string, conditions: Record<string, Record<string, string>>): PolicyStatement {
    const statement = new PolicyStatement({
      sid,
      effect: Effect.DENY,
      principals: [Principals.anyone()],
      actions: ['s3:PutObject'],
      resources: [this.objectsArn()],
      conditions,
    });
    // Present (true/false) in every signed request; absent only for anonymous ones, which stay denied.
    statement.addCondition(ifExists(ConditionOperator.BOOL), 'aws:PrincipalIsAWSService', 'false');
    const writers = this.props.defaultEncryptionWriterArns ?? [];
    if (writers.length) statement.addCondition(ifExists(ConditionOperator.ARN_NOT_LIKE), 'aws:PrincipalArn', writers);
    return statement;
  }

  private compose(scope: Construct): ComposedResource[] {
    const { name } = this.props;
    const bucket = siblingSelector(name);
    const resources: ComposedResource[] = [];

    const bucketResource = new ComposedResource(scope, {
      name,
      kind: BucketV1Beta2,
      externalName: this.bucketName,
      forProvider: {
        // Destroyable: deleting the claim empties and deletes the bucket (GOVERNANCE locks are bypassed).
        forceDestroy: true,
        ...(this.props.objectLock ? { objectLockEnabled: true } : {}),
      },
    });
    if (this.props.publishOutputs ?? true) {
      bucketResource
        .publish(`${name}Name`, 'status.atProvider.id', Schema.string(`Name of the ${this.props.name} bucket.`, { maxLength: MaxLength.s3BucketName }))
        .publish(`${name}Arn`, 'status.atProvider.arn', Schema.arn(`ARN of the ${this.props.name} bucket.`));
    }
    resources.push(bucketResource);

    // S3.4 / S3.17: default encryption with our key and an S3 Bucket Key (fewer KMS calls); SSE-C refused.
    resources.push(new ComposedResource(scope, {
      name: `${name}Encryption`,
      kind: BucketServerSideEncryptionConfigurationV1Beta2,
      forProvider: {
        bucketSelector: bucket,
        rule: [
          this.encryption === 'kms'
            ? {
                applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.props.kmsKeyArn! },
                bucketKeyEnabled: true,
                blockedEncryptionTypes: ['SSE-C'],
              }
            : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, blockedEncryptionTypes: ['SSE-C'] },
        ],
      },
    }));

    // S3.1 / S3.8: no public ACLs or policies, ever.
    resources.push(new ComposedResource(scope, {
      name: `${name}PublicAccessBlock`,
      kind: BucketPublicAccessBlock,
      forProvider: { bucketSelector: bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    }));

    // S3.12: ACLs disabled; the bucket owner owns every object.
    resources.push(new ComposedResource(scope, {
      name: `${name}Ownership`,
      kind: BucketOwnershipControlsV1Beta2,
      forProvider: { bucketSelector: bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } },
    }));

    // S3.14: versioning (Object Lock requires it too).
    resources.push(new ComposedResource(scope, {
      name: `${name}Versioning`,
      kind: BucketVersioningV1Beta2,
      forProvider: { bucketSelector: bucket, versioningConfiguration: { status: 'Enabled' } },
    }));

    // S3.13: lifecycle: expire noncurrent versions, drop expired delete markers, abort stale uploads.
    const noncurrentDays = defaultedNumber(this.props.noncurrentVersionExpirationDays, DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS);
    resources.push(new ComposedResource(scope, {
      name: `${name}Lifecycle`,
      kind: BucketLifecycleConfiguration,
      forProvider: {
        bucketSelector: bucket,
        rule: [
          {
            id: 'expire-noncurrent-versions-abort-incomplete-uploads',
            status: 'Enabled',
            filter: [{ prefix: '' }],
            noncurrentVersionExpiration: [{ noncurrentDays: noncurrentDays.base }],
            expiration: [{ expiredObjectDeleteMarker: true }],
            abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS }],
          },
        ],
      },
      patches: noncurrentDays.patches('spec.forProvider.rule[0].noncurrentVersionExpiration[0].noncurrentDays'),
    }));

    // S3.9: server access logging into the account's access-log bucket.
    if (this.props.accessLogs) {
      resources.push(new ComposedResource(scope, {
        name: `${name}Logging`,
        kind: BucketLoggingV1Beta2,
        forProvider: {
          bucketSelector: bucket,
          targetBucket: this.props.accessLogs.targetBucketName,
          targetPrefix: this.props.accessLogs.prefix,
          targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: 'EventTime' } },
        },
      }));
    }

    // S3.15: optional Object Lock, GOVERNANCE mode.
    if (this.props.objectLock) {
      resources.push(objectLockConfiguration(scope, { name: `${name}ObjectLock`, bucketSelector: bucket, retentionDays: this.props.objectLock.retentionDays }));
    }

    const document = this.policy;
    resources.push(new ComposedResource(scope, {
      name: `${name}Policy`,
      kind: BucketPolicy,
      // A getter: read at synth, after every addToResourcePolicy.
      forProvider: { bucketSelector: bucket, get policy(): string { return document.toString(); } },
    }));
    return resources;
  }
}

export interface ObjectLockConfigurationProps {
  /** Composition resource name. */
  readonly name: string;
  /** The bucket: a sibling selector, or its name (a token) when the bucket is composed elsewhere. */
  readonly bucketSelector?: ReturnType<typeof siblingSelector>;
  readonly bucketName?: string;
  /** Default retention in days (number or token; a token is Required: the lock waits for it). */
  readonly retentionDays: number | string;
}

/**
 * S3 Object Lock in GOVERNANCE mode with a default retention. On a versioned bucket created without
 * Object Lock, PutObjectLockConfiguration turns it on. Never COMPLIANCE: the bucket must stay
 * destroyable by a principal with s3:BypassGovernanceRetention.
 */
export function objectLockConfiguration(scope: Construct, props: ObjectLockConfigurationProps): ComposedResource {
  if ((props.bucketSelector === undefined) === (props.bucketName === undefined)) {
    throw new Error(`object lock '${props.name}': give exactly one of 'bucketSelector' or 'bucketName'`);
  }
  return new ComposedResource(scope, {
    name: props.name,
    kind: BucketObjectLockConfigurationV1Beta2,
    forProvider: {
      ...(props.bucketSelector ? { bucketSelector: props.bucketSelector } : { bucket: props.bucketName! }),
      objectLockEnabled: 'Enabled',
      rule: { defaultRetention: { mode: 'GOVERNANCE', days: props.retentionDays as number } },
    },
  });
}

/**
 * A number that may be a parameter token. A token gets the default in the base and an optional
 * patch, so the resource never waits on a parameter the XRD defaults (whether or not whoever
 * renders the composite applied the schema default).
 */
function defaultedNumber(value: number | string | undefined, fallback: number): { base: number; patches: (toFieldPath: string) => Patch[] } {
  if (typeof value === 'string' && isWholeToken(value)) {
    return { base: fallback, patches: (to) => [fromComposite(tokensIn(value)[0]!, to)] };
  }
  if (typeof value === 'string') throw new Error(`secure bucket: '${value}' must be a number or one parameter token`);
  return { base: value ?? fallback, patches: () => [] };
}

function validate(props: SecureBucketProps): void {
  const label = `secure bucket '${props.name}'`;
  if (!hasToken(props.purpose)) {
    if (props.purpose.length > MAX_BUCKET_PURPOSE_LENGTH || !PURPOSE_PATTERN.test(props.purpose)) {
      throw new Error(
        `${label}: 'purpose' must be 1-${MAX_BUCKET_PURPOSE_LENGTH} lowercase letters, digits and inner hyphens (it is part of the S3 bucket name), got '${props.purpose}'`,
      );
    }
  }
  const encryption = props.encryption ?? 'kms';
  if (encryption === 'kms' && !props.kmsKeyArn) {
    throw new Error(`${label}: 'kmsKeyArn' is required with SSE-KMS encryption; pass the key ARN (e.g. param('dataKeyArn')) or encryption: 's3' for an access-log bucket`);
  }
  if (encryption === 's3' && props.kmsKeyArn) {
    throw new Error(`${label}: 'kmsKeyArn' is set but encryption is 's3'; SSE-S3 is only for the server-access-log bucket, drop one of them`);
  }
  if (props.kmsKeyArn && !isWholeToken(props.kmsKeyArn) && !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]+$/.test(props.kmsKeyArn)) {
    throw new Error(`${label}: 'kmsKeyArn' must be a key ARN (arn:aws:kms:<region>:<account>:key/<id>) or a token, got '${props.kmsKeyArn}'`);
  }
  if (encryption === 's3' && props.objectLock) {
    throw new Error(`${label}: 'objectLock' is not allowed with encryption 's3': S3 does not deliver server access logs into a bucket with Object Lock`);
  }
  const days = props.objectLock?.retentionDays;
  if (typeof days === 'number' && !(Number.isInteger(days) && days >= 1)) {
    throw new Error(`${label}: 'objectLock.retentionDays' must be a positive whole number of days, got ${days}`);
  }
  const noncurrent = props.noncurrentVersionExpirationDays;
  if (typeof noncurrent === 'number' && !(Number.isInteger(noncurrent) && noncurrent >= 1)) {
    throw new Error(`${label}: 'noncurrentVersionExpirationDays' must be a positive whole number of days, got ${noncurrent}`);
  }
  if (props.accessLogs && !props.accessLogs.prefix.endsWith('/')) {
    throw new Error(`${label}: 'accessLogs.prefix' must end with '/', got '${props.accessLogs.prefix}'`);
  }
}
