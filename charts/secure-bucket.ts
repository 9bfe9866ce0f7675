// The secure-bucket building block as its own composite, offered to workload teams as the claim
// `SecureBucket`: the same construct the security domains compose inline (compositions/blocks/data/secure-bucket.ts),
// so a workload bucket refuses exactly what a log bucket refuses: objects not encrypted with the
// given KMS key, requests without TLS 1.2+, and any public ACL or policy. Two composites: the claim's
// (XSecureBucket) binds the account of the claim's namespace and hands it to the bucket's
// (XAccountSecureBucket), whose account parameters nothing else sets.
import type { Construct } from 'constructs';
import {
  DomainChart,
  NestedComposite,
  Schema,
  Transforms,
  boundAccountPassThrough,
  commonParameterPassThrough,
  lifecycleParameterPassThrough,
  disabledCompositionName,
  fromComposite,
  param,
  passParameter,
  type CompositeNames,
} from '../compositions';
import {
  DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS,
  MAX_BUCKET_PURPOSE_LENGTH,
  SecureBucket,
  objectLockConfiguration,
} from '../compositions/blocks/data/secure-bucket';
import { MaxLength } from '../compositions/kernel/aws-limits';
import { ACCESS_LOG_BUCKET_PURPOSE } from './data-protection';

/** A KMS key ARN: S3 compares the key-id header with it literally, so aliases and bare ids are refused. */
export const KMS_KEY_ARN_PATTERN = '^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]+$';
/** Longest Object Lock default retention accepted (100 years, the S3 maximum is higher). */
export const MAX_OBJECT_LOCK_RETENTION_DAYS = 36500;

/**
 * The optional Object Lock of a claimed bucket, as its own composite: function-patch-and-transform
 * cannot leave a resource out without holding the composite un-Ready, so the lock is a nested
 * composite that always exists and uses its `disabled` composition while the claim asks for none.
 */
export class SecureBucketObjectLockChart extends DomainChart {
  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XSecureBucketObjectLock',
      domain: 'secureBucketObjectLock',
      optional: true,
      description: 'S3 Object Lock (GOVERNANCE) with a default retention on a secure bucket composed elsewhere.',
    });
    // Not required by the schema: the disabled variant exists without them.
    this.parameter('bucketName', Schema.string('Name of the bucket to lock.', { maxLength: MaxLength.s3BucketName }));
    this.parameter('retentionDays', Schema.integer('Default retention of every new object version, in days.', { minimum: 1, maximum: MAX_OBJECT_LOCK_RETENTION_DAYS }));
    objectLockConfiguration(this, { name: 'bucketObjectLock', bucketName: param('bucketName'), retentionDays: param('retentionDays') });
  }
}

const BUCKET_DESCRIPTION =
  'An S3 bucket that accepts only objects encrypted with the given KMS key (SSE-KMS, bucket key), only over TLS 1.2+, never public; versioned, lifecycled, access-logged, optionally Object Locked (GOVERNANCE).';

/** The secure bucket in the account its (bound) parameters name. Composed only by XSecureBucket. */
export class AccountSecureBucketChart extends DomainChart {
  public readonly bucket: SecureBucket;

  public constructor(scope: Construct, id: string, objectLock: CompositeNames) {
    super(scope, id, {
      kind: 'XAccountSecureBucket',
      domain: 'secureBucket',
      description: BUCKET_DESCRIPTION,
      printerColumns: [
        { name: 'BUCKET', jsonPath: '.status.bucketName' },
        { name: 'PURPOSE', jsonPath: '.spec.parameters.purpose' },
      ],
    });

    this.parameter('purpose', Schema.string(
      `What the bucket holds, lowercase letters, digits and inner hyphens, at most ${MAX_BUCKET_PURPOSE_LENGTH} characters: the bucket is named zta-<purpose>-<accountId>-<region>-<environmentSuffix>.`,
      {
        minLength: 1,
        maxLength: MAX_BUCKET_PURPOSE_LENGTH,
        pattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$',
        rules: [{
          rule: `self.matches('^[a-z0-9]([a-z0-9-]*[a-z0-9])?$') && size(self) <= ${MAX_BUCKET_PURPOSE_LENGTH}`,
          message: `purpose must be 1-${MAX_BUCKET_PURPOSE_LENGTH} lowercase letters, digits and inner hyphens (it is part of the S3 bucket name, at most 63 characters)`,
        }],
      },
    ), { required: true });
    this.parameter('kmsKeyArn', Schema.arn(
      'ARN of the KMS key every object must be encrypted with (e.g. the dataKeyArn in the ZeroTrustAccount status). Writers send x-amz-server-side-encryption: aws:kms and exactly this ARN as x-amz-server-side-encryption-aws-kms-key-id.',
      {
        pattern: KMS_KEY_ARN_PATTERN,
        rules: [{
          rule: `self.matches('${KMS_KEY_ARN_PATTERN}')`,
          message: 'kmsKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>); aliases and bare key ids are refused because S3 compares the key-id header literally',
        }],
      },
    ), { required: true });
    // Tenant isolation: the bucket's key is the bound account's, never another tenant's (and in the
    // bucket's region, the only keys S3 encrypts with). A prefix, not a regex built from the account id.
    this.rule({
      rule: "self.kmsKeyArn.startsWith('arn:aws:kms:' + self.region + ':' + self.accountId + ':')",
      message: 'kmsKeyArn must be a key of the bound account in its region (spec.parameters.accountId and region): S3 encrypts only with a key of the bucket\'s region',
      fieldPath: '.kmsKeyArn',
    });
    this.parameter('objectLock', Schema.object(
      'S3 Object Lock in GOVERNANCE mode: every new object version is protected from permanent deletion for retentionDays (principals with s3:BypassGovernanceRetention, such as the Crossplane provider, can still delete, so the bucket stays destroyable; deleting an object, which adds a delete marker, is not blocked). Omit for no Object Lock; once on, S3 cannot turn it off.',
      {
        retentionDays: Schema.integer('Default retention of every new object version, in days.', {
          minimum: 1,
          maximum: MAX_OBJECT_LOCK_RETENTION_DAYS,
          rules: [{ rule: `self >= 1 && self <= ${MAX_OBJECT_LOCK_RETENTION_DAYS}`, message: `objectLock.retentionDays must be between 1 and ${MAX_OBJECT_LOCK_RETENTION_DAYS}` }],
        }),
      },
      { required: ['retentionDays'] },
    ));
    this.parameter('noncurrentVersionExpirationDays', Schema.integer(
      'Days an overwritten or deleted object version is kept before the lifecycle rule expires it.',
      { minimum: 1, maximum: 3650, default: DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS },
    ));

    this.bucket = new SecureBucket(this, {
      name: 'bucket',
      purpose: param('purpose'),
      kmsKeyArn: param('kmsKeyArn'),
      // S3 logs only into a bucket of the same account: the account's own access-log bucket
      // (the data-protection domain's), under <purpose>/.
      accessLogs: { targetBucketName: SecureBucket.nameFor(ACCESS_LOG_BUCKET_PURPOSE), prefix: `${param('purpose')}/` },
      noncurrentVersionExpirationDays: param('noncurrentVersionExpirationDays'),
    });

    // S3.15, optional: the lock feature, enabled while objectLock.retentionDays is set. It waits for
    // the bucket to exist (its name comes from the observed bucket). A nested composite is no
    // construct: compose() it.
    this.compose(new NestedComposite({
      name: 'objectLock',
      gvk: { apiVersion: objectLock.apiVersion, kind: objectLock.kind },
      compositionRef: disabledCompositionName(objectLock),
      parameterPatches: [
        commonParameterPassThrough().ref(),
        fromComposite('status.bucketName', 'spec.parameters.bucketName', { required: true }),
        passParameter('objectLock.retentionDays', 'retentionDays'),
        fromComposite('spec.parameters.objectLock.retentionDays', 'spec.compositionRef.name', {
          transforms: [Transforms.convert('string'), Transforms.matchRegexp('^[0-9]+$', objectLock.definitionName, disabledCompositionName(objectLock))],
        }),
      ],
    }));
  }
}

/**
 * The claim `SecureBucket`: the bucket's parameters, nothing about the account. It binds the account
 * of the claim's namespace and composes the bucket there; the bucket's outputs and the bound account
 * are its status.
 */
export class SecureBucketChart extends DomainChart {
  public constructor(scope: Construct, id: string, bucket: AccountSecureBucketChart) {
    super(scope, id, {
      kind: 'XSecureBucket',
      domain: 'secureBucketClaim',
      offerClaim: true,
      bindsAccount: true,
      description: `${BUCKET_DESCRIPTION} Created in the AWS account the claim's namespace is bound to.`,
      printerColumns: [
        { name: 'BUCKET', jsonPath: '.status.bucketName' },
        { name: 'PURPOSE', jsonPath: '.spec.parameters.purpose' },
        { name: 'ACCOUNT', jsonPath: '.status.account.id' },
        { name: 'REGION', jsonPath: '.status.account.region' },
      ],
    });
    // The claim offers exactly the bucket's own parameters (derived, so the two cannot drift).
    for (const [name, schema] of Object.entries(bucket.domainParameters)) {
      this.parameter(name, schema, { required: bucket.domainRequiredParameters.includes(name) });
    }
    const lifecycle = lifecycleParameterPassThrough();
    const account = boundAccountPassThrough();
    this.patchSet(lifecycle);
    this.patchSet(account);
    const child = new NestedComposite({
      name: 'secureBucket',
      gvk: { apiVersion: bucket.names.apiVersion, kind: bucket.names.kind },
      parameterPatches: [lifecycle.ref(), ...Object.keys(bucket.domainParameters).map((name) => passParameter(name)), account.ref()],
    });
    for (const o of bucket.outputs) child.publish(o.statusField, `status.${o.statusField}`, o.schema);
    this.compose(child); // a nested composite is no construct: composed explicitly
  }
}
