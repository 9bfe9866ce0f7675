// Data-protection domain: data at rest is encrypted with our key and never public, account-wide.
// Account-level S3 Block Public Access (CIS 2.1.4 / S3.1), EBS encryption by default with the data
// key as the default EBS key (CIS 2.2.1 / EC2.7), the data-key grants EC2 Auto Scaling needs to launch
// instances with those volumes, and the account's server-access-log bucket that every secure bucket
// (domains' and workload teams' SecureBucket claims) logs into (S3.9).
import type { Construct } from 'constructs';
import { AccountPublicAccessBlock } from '../imports/s3control.aws.upbound.io';
import { EbsDefaultKmsKey, EbsEncryptionByDefault } from '../imports/ec2.aws.upbound.io';
import { ComposedResource, DomainChart, Params, allowAutoScalingForEbs, param } from '../compositions';
import { SecureBucket } from '../compositions/blocks/data/secure-bucket';

export { AUTO_SCALING_SERVICE_LINKED_ROLE } from '../compositions/blocks/encryption/kms';

/** Purpose of the account's server-access-log bucket: every secure bucket of the account logs into it. */
export const ACCESS_LOG_BUCKET_PURPOSE = 'accesslogs';

export class DataProtectionChart extends DomainChart {
  /** Composed once by XZeroTrustAccount (charts/index.ts finds it by this). */
  public static readonly composedBy = 'account';

  public readonly accessLogBucket: SecureBucket;

  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XDataProtection',
      domain: 'dataProtection',
      readme: {
        title: 'Data protection',
        controls: 'account-level S3 Block Public Access (S3.1), EBS encryption by default with the data key in the home region (EC2.7; the other allowed regions: Encryption), the account\'s server-access-log bucket',
      },
      description: 'Account-wide data protection: S3 Block Public Access, EBS encryption by default with the data key, and the server-access-log bucket of the account.',
    });
    this.keyArnInput('data', 'S3 objects and EBS volumes');

    // CIS 2.1.4 / S3.1: no bucket of the account can be made public, whatever its own settings.
    new ComposedResource(this, {
      name: 'accountPublicAccessBlock',
      kind: AccountPublicAccessBlock,
      forProvider: { accountId: Params.accountId, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    });

    // CIS 2.2.1 / EC2.7: every new EBS volume and snapshot copy is encrypted, with the data key.
    new ComposedResource(this, {
      name: 'ebsDefaultKmsKey',
      kind: EbsDefaultKmsKey,
      forProvider: { keyArn: param('dataKeyArn') },
    });
    // Deletion order (ClusterUsage): the default goes back to aws/ebs before the data key is scheduled for deletion.
    this.encryptedWith('data', 'ebsDefaultKmsKey');
    new ComposedResource(this, {
      name: 'ebsEncryptionByDefault',
      kind: EbsEncryptionByDefault,
      forProvider: { enabled: true },
    });

    // EC2 Auto Scaling launches instances with those volumes as its service-linked role (kms.ts).
    this.useKey('data', ...allowAutoScalingForEbs());

    // S3.9: the account's server-access-log bucket. SSE-S3 (the only default encryption S3 log
    // delivery accepts), no Object Lock (S3 refuses to deliver into one), written only by the S3
    // logging service on behalf of this account's secure buckets.
    this.accessLogBucket = new SecureBucket(this, {
      name: 'accessLogBucket',
      purpose: ACCESS_LOG_BUCKET_PURPOSE,
      encryption: 's3',
      additionalStatements: [SecureBucket.allowServerAccessLogDelivery(`arn:aws:s3:::${SecureBucket.nameFor(ACCESS_LOG_BUCKET_PURPOSE)}`)],
    });
  }
}
