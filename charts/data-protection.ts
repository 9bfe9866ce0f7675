// Data-protection domain: data at rest is encrypted with our key and never public, account-wide.
// Account-level S3 Block Public Access (CIS 2.1.4 / S3.1), EBS encryption by default with the data
// key as the default EBS key (CIS 2.2.1 / EC2.7), the data-key grants EC2 Auto Scaling needs to launch
// instances with those volumes, and the account's server-access-log bucket that every secure bucket
// (domains' and workload teams' SecureBucket claims) logs into (S3.9).
import type { Construct } from 'constructs';
import { AccountPublicAccessBlock } from '../imports/s3control.aws.upbound.io';
import { EbsDefaultKmsKey, EbsEncryptionByDefault } from '../imports/ec2.aws.upbound.io';
import {
  ComposedResource,
  ConditionOperator,
  DomainChart,
  Effect,
  KMS_ENCRYPT_DECRYPT_ACTIONS,
  Params,
  PolicyStatement,
  Principals,
  param,
  AwsArns,
} from '../compositions';
import { SecureBucket } from '../compositions/secure-bucket';

/** The service-linked role EC2 Auto Scaling launches instances with. */
export const AUTO_SCALING_SERVICE_LINKED_ROLE = 'aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling';

/** Purpose of the account's server-access-log bucket: every secure bucket of the account logs into it. */
export const ACCESS_LOG_BUCKET_PURPOSE = 'accesslogs';

export class DataProtectionChart extends DomainChart {
  public readonly accessLogBucket: SecureBucket;

  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XDataProtection',
      domain: 'dataProtection',
      description: 'Account-wide data protection: S3 Block Public Access, EBS encryption by default with the data key, and the server-access-log bucket of the account.',
    });
    this.keyArnInput('data', 'S3 objects and EBS volumes');

    // CIS 2.1.4 / S3.1: no bucket of the account can be made public, whatever its own settings.
    this.compose(new ComposedResource({
      name: 'accountPublicAccessBlock',
      kind: AccountPublicAccessBlock,
      forProvider: { accountId: Params.accountId, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    }));

    // CIS 2.2.1 / EC2.7: every new EBS volume and snapshot copy is encrypted, with the data key.
    this.compose(new ComposedResource({
      name: 'ebsDefaultKmsKey',
      kind: EbsDefaultKmsKey,
      forProvider: { keyArn: param('dataKeyArn') },
    }));
    // Deletion order (ClusterUsage): the default goes back to aws/ebs before the data key is scheduled for deletion.
    this.encryptedWith('data', 'ebsDefaultKmsKey');
    this.compose(new ComposedResource({
      name: 'ebsEncryptionByDefault',
      kind: EbsEncryptionByDefault,
      forProvider: { enabled: true },
    }));

    // Principals of the account already use the data key through EC2 (kms:ViaService, in the
    // encryption domain). EC2 Auto Scaling launches instances as its service-linked role, whose
    // permissions cannot include our key, so the key policy must name it. Principal "*" plus an exact
    // aws:PrincipalArn instead of the role as Principal: KMS rejects a key policy naming a role that
    // does not exist yet, and this role is created only when the account's first Auto Scaling group is.
    // https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html
    const autoScalingRole = `arn:aws:iam::${Params.accountId}:role/${AUTO_SCALING_SERVICE_LINKED_ROLE}`;
    const viaEc2 = { 'kms:CallerAccount': Params.accountId, 'kms:ViaService': AwsArns.regionalService('ec2') };
    this.useKey('data',
      new PolicyStatement({
        sid: 'AllowAutoScalingToUseKeyForEbs',
        effect: Effect.ALLOW,
        principals: [Principals.anyone()],
        actions: [...KMS_ENCRYPT_DECRYPT_ACTIONS],
        resources: ['*'],
        conditions: {
          [ConditionOperator.ARN_EQUALS]: { 'aws:PrincipalArn': autoScalingRole },
          [ConditionOperator.STRING_EQUALS]: viaEc2,
        },
      }),
      new PolicyStatement({
        sid: 'AllowAutoScalingGrantsForEbs',
        effect: Effect.ALLOW,
        principals: [Principals.anyone()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: {
          [ConditionOperator.ARN_EQUALS]: { 'aws:PrincipalArn': autoScalingRole },
          [ConditionOperator.STRING_EQUALS]: viaEc2,
          [ConditionOperator.BOOL]: { 'kms:GrantIsForAWSResource': 'true' },
        },
      }),
    );

    // S3.9: the account's server-access-log bucket. SSE-S3 (the only default encryption S3 log
    // delivery accepts), no Object Lock (S3 refuses to deliver into one), written only by the S3
    // logging service on behalf of this account's secure buckets.
    this.accessLogBucket = new SecureBucket({
      name: 'accessLogBucket',
      purpose: ACCESS_LOG_BUCKET_PURPOSE,
      encryption: 's3',
      additionalStatements: [SecureBucket.allowServerAccessLogDelivery(`arn:aws:s3:::${SecureBucket.nameFor(ACCESS_LOG_BUCKET_PURPOSE)}`)],
    });
    this.compose(...this.accessLogBucket.resources);
  }
}
