// Encryption domain: one customer managed KMS key per purpose, so a compromised or misused key
// exposes one kind of data only, and each key policy names exactly who may use it and how.
// In every allowed region besides home (region slots), EBS encryption by default with a data key of
// that region (EC2.7): a KMS key is usable only in its own region, and the EBS default key must be a
// key of the region. A regional key per region rather than a multi-Region primary with replicas: the
// home data key is single-Region and `multiRegion` cannot be changed on an existing key, and a
// replica would carry the home key material into every region for volumes that never leave it.
import type { Construct } from 'constructs';
import { EbsDefaultKmsKey, EbsEncryptionByDefault } from '../imports/ec2.aws.upbound.io';
import {
  ComposedResource,
  DomainChart,
  allowAutoScalingForEbs,
  fromComposite,
  type RegionSlot,
  allowAccountToDecryptTrailLogs,
  allowCloudTrailEncrypt,
  allowCloudWatchLogs,
  allowGrantsForAwsResources,
  allowServiceToPublishEncrypted,
  allowUseThroughServices,
  customerManagedKey,
  type CustomerManagedKeyProps,
} from '../compositions';

export class EncryptionChart extends DomainChart {
  private readonly consumers: readonly DomainChart[];

  /** `consumers`: the domains whose `useKey` statements join the key policies. */
  public constructor(scope: Construct, id: string, consumers: readonly DomainChart[] = []) {
    super(scope, id, {
      kind: 'XEncryption',
      domain: 'encryption',
      readme: {
        title: 'Encryption',
        controls: 'one customer managed KMS key per purpose (logs, audit, data, messaging): rotation on (CIS 3.6, KMS.4), 7-day deletion window, alias `alias/<purpose>-<suffix>`; key policies: the account root administers only (no `kms:*` anywhere), CloudWatch Logs bound to this account\'s log groups by encryption context, CloudTrail bound to this account\'s trail by `aws:SourceArn` and its encryption context, storage and messaging use only through S3/EC2/Backup and SNS/SQS of the region (`kms:ViaService`, `kms:CallerAccount`); statements other domains need are declared by those domains (`useKey`) and assembled here; in every other allowed region a data key of that region for EBS only (EC2 of that region, EC2 Auto Scaling), the region\'s default EBS key and EBS encryption by default (EC2.7)',
      },
      description: 'Customer managed KMS keys of the account, one per purpose, with rotation and least-privilege key policies.',
    });
    this.consumers = consumers;

    // CloudWatch Logs: flow logs, the trail's log-group copy, session and WAF logs (CloudWatch.*, FSBP).
    this.key({
      purpose: 'logs',
      description: 'Encrypts CloudWatch Logs log groups of the account',
      usage: [allowCloudWatchLogs()],
    });

    // CloudTrail log files (CIS 3.5 / CloudTrail.2), readable by the account's auditors.
    this.key({
      purpose: 'audit',
      description: 'Encrypts CloudTrail log files of the account trail',
      usage: [...allowCloudTrailEncrypt(), allowAccountToDecryptTrailLogs()],
    });

    // S3 objects (S3.17), EBS volumes by default (EC2.7) and backups: only through those services.
    this.key({
      purpose: 'data',
      description: 'Encrypts S3 objects, EBS volumes and backups',
      usage: [
        allowUseThroughServices('AllowUseThroughStorageServices', ['s3', 'ec2', 'backup']),
        allowGrantsForAwsResources('AllowGrantsForAttachedStorage', ['ec2', 'backup']),
      ],
    });

    // SNS topics and SQS queues (SNS.1, SQS.1); CloudWatch alarms publish into the encrypted alert topic.
    this.key({
      purpose: 'messaging',
      description: 'Encrypts SNS topics and SQS queues',
      usage: [
        allowUseThroughServices('AllowUseThroughMessagingServices', ['sns', 'sqs']),
        allowServiceToPublishEncrypted('AllowCloudWatchAlarmsToPublish', 'cloudwatch.amazonaws.com'),
      ],
    });

    // CIS 2.2.1 / EC2.7 in every other allowed region (the home region's is the data-protection domain's).
    for (const slot of this.regionSlots()) this.regionalEbsEncryption(slot);
  }

  /**
   * One allowed region: its own data key for EBS only (used through EC2 of that region, and by EC2
   * Auto Scaling), the account's default EBS key there, and encryption by default on.
   */
  private regionalEbsEncryption(slot: RegionSlot): void {
    const { key, alias } = customerManagedKey(this, {
      purpose: 'data',
      description: 'Encrypts EBS volumes of one allowed region besides the home region',
      region: slot.region,
      nameSuffix: slot.suffix,
      usage: [
        allowUseThroughServices('AllowUseThroughEbs', ['ec2'], slot.region),
        allowGrantsForAwsResources('AllowGrantsForAttachedVolumes', ['ec2'], slot.region),
        ...allowAutoScalingForEbs(slot.region),
      ],
    });
    const defaultKey = new ComposedResource(this, {
      name: slot.name('ebsDefaultKmsKey'),
      kind: EbsDefaultKmsKey,
      region: slot.region,
      forProvider: {},
      // Only once the region's key exists: the default EBS key must be a key of the region.
      patches: [fromComposite(`status.dataKeyArn${slot.suffix}`, 'spec.forProvider.keyArn', { required: true })],
    });
    const byDefault = new ComposedResource(this, {
      name: slot.name('ebsEncryptionByDefault'),
      kind: EbsEncryptionByDefault,
      region: slot.region,
      forProvider: { enabled: true },
    });
    slot.conditional(key, alias, defaultKey, byDefault);
    // Deletion order (ClusterUsage): the default goes back to aws/ebs before the region's key is scheduled for deletion.
    this.deletedBefore(defaultKey, {
      uses: key,
      reason: 'The key is the region\'s default EBS key: a key pending deletion makes every new encrypted volume and snapshot copy fail',
    });
  }

  /**
   * Every key: rotation on, 7-day deletion window, alias `alias/<purpose>-<suffix>`, ARN and id in
   * status; its policy = administration + the statements here + what consuming domains declared.
   */
  private key(props: CustomerManagedKeyProps): void {
    const fromConsumers = this.consumers.flatMap((d) => d.keyUsage.filter((u) => u.purpose === props.purpose).flatMap((u) => u.statements));
    customerManagedKey(this, { ...props, usage: [...props.usage, ...fromConsumers] });
  }
}
