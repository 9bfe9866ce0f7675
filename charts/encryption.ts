// Encryption domain: one customer managed KMS key per purpose, so a compromised or misused key
// exposes one kind of data only, and each key policy names exactly who may use it and how.
import type { Construct } from 'constructs';
import {
  DomainChart,
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
  }

  /**
   * Every key: rotation on, 7-day deletion window, alias `alias/<purpose>-<suffix>`, ARN and id in
   * status; its policy = administration + the statements here + what consuming domains declared.
   */
  private key(props: CustomerManagedKeyProps): void {
    const fromConsumers = this.consumers.flatMap((d) => d.keyUsage.filter((u) => u.purpose === props.purpose).flatMap((u) => u.statements));
    const { key, alias } = customerManagedKey({ ...props, usage: [...props.usage, ...fromConsumers] });
    this.compose(key, alias);
  }
}
