// Security-monitoring domain: someone is alerted within minutes when a security control is touched or
// privileges are escalated. One metric filter + alarm per CIS v3.0.0 monitoring recommendation
// (4.1-4.15 = Security Hub CloudWatch.1-14) on the trail's CloudWatch Logs copy, plus privilege
// escalation and security-service tampering; every alarm notifies one encrypted SNS topic.
import type { Construct } from 'constructs';
import { TopicSubscription } from '../imports/sns.aws.upbound.io';
import {
  AwsArns,
  AwsNames,
  ComposedResource,
  DomainChart,
  CIS_MONITORING_FILTERS,
  Params,
  Schema,
  THREAT_DETECTION_FILTERS,
  allowServiceWithSourceConditions,
  encryptedTopic,
  logMetricAlarm,
  param,
  siblingSelector,
  type SecurityMetricFilter,
} from '../compositions';
import { MaxLength } from '../compositions/aws-limits';

const ALARM_TOPIC_STATUS_FIELD = 'alarmTopicArn';

export class SecurityMonitoringChart extends DomainChart {
  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XSecurityMonitoring',
      domain: 'securityMonitoring',
      description: 'CloudWatch metric filters and alarms on the account trail for the CIS monitoring controls, privilege escalation and security-service tampering, notifying an encrypted SNS topic.',
    });

    this.keyArnInput('messaging', 'SNS topics');
    // Wired from the audit-logging domain's status, so filters are created only once the log group exists.
    this.input('trailLogGroupName', Schema.string('Name of the CloudWatch Logs log group receiving the account trail (from the audit-logging domain).', { maxLength: MaxLength.logGroupName }), {
      domain: 'auditLogging',
      statusField: 'trailLogGroupName',
    });
    // CIS 4.x: the topic must have a subscriber. One subscription: P&T holds a composite unready while
    // any resource is skipped for a missing Required value, so optional subscription slots cannot exist.
    this.parameter('alarmEndpoint', Schema.string(
      'Where security alarms are delivered: an e-mail address (the recipient must confirm the subscription) or an https:// URL (SIEM, paging service).',
      { minLength: 3, maxLength: 2048 },
    ), { required: true });
    this.parameter('alarmProtocol', Schema.string('SNS protocol of alarmEndpoint.', { enum: ['email', 'https'], default: 'email' }));
    this.rule({
      rule: "!has(self.alarmProtocol) || self.alarmProtocol != 'https' || self.alarmEndpoint.startsWith('https://')",
      message: 'alarmEndpoint must start with https:// when alarmProtocol is https (SNS would deliver alarms in clear text over http)',
      fieldPath: '.alarmEndpoint',
    });
    this.rule({
      rule: "(has(self.alarmProtocol) && self.alarmProtocol != 'email') || self.alarmEndpoint.matches('^[^@\\\\s]+@[^@\\\\s]+\\\\.[^@\\\\s]+$')",
      message: 'alarmEndpoint must be an e-mail address when alarmProtocol is email',
      fieldPath: '.alarmEndpoint',
    });

    // SNS.1 (KMS) and CIS 4.x remediation: the topic the alarms notify; only CloudWatch alarms of this
    // account and this environment's security EventBridge rules may publish, plain HTTP is refused.
    const { topic } = encryptedTopic({
      name: 'securityAlarmTopic',
      topicName: AwsNames.securityAlarmTopic,
      displayName: 'Zero Trust security alarms',
      kmsKeyArn: param('messagingKeyArn'),
      arnStatusField: ALARM_TOPIC_STATUS_FIELD,
      publishers: (topicArn) => [
        allowServiceWithSourceConditions({
          sid: 'AllowCloudWatchAlarmsOfAccount',
          services: ['cloudwatch.amazonaws.com'],
          actions: ['sns:Publish'],
          resources: [topicArn],
          sourceAccount: Params.accountId,
          sourceArns: [`arn:aws:cloudwatch:${Params.region}:${Params.accountId}:alarm:*`],
        }),
        // The threat-detection domain's EventBridge rules (GuardDuty / Security Hub findings) alert here too.
        allowServiceWithSourceConditions({
          sid: 'AllowSecurityEventRulesOfEnvironment',
          services: ['events.amazonaws.com'],
          actions: ['sns:Publish'],
          resources: [topicArn],
          sourceAccount: Params.accountId,
          sourceArns: [AwsArns.anySecurityEventRule],
        }),
        // The backup domain's vault notifications (AWS Backup publishes on behalf of this account).
        // https://docs.aws.amazon.com/aws-backup/latest/devguide/sns-notifications.html
        allowServiceWithSourceConditions({
          sid: 'AllowBackupVaultNotificationsOfAccount',
          services: ['backup.amazonaws.com'],
          actions: ['sns:Publish'],
          resources: [topicArn],
          sourceAccount: Params.accountId,
        }),
      ],
    });
    this.compose(topic);
    this.compose(
      new ComposedResource({
        name: 'securityAlarmSubscription',
        kind: TopicSubscription,
        // The base carries the default protocol, so the subscription never depends on schema defaulting.
        forProvider: { protocol: 'email', topicArnSelector: siblingSelector('securityAlarmTopic') },
        patches: [
          ComposedResource.fromParameter('alarmEndpoint', 'spec.forProvider.endpoint', { required: true }),
          ComposedResource.fromParameter('alarmProtocol', 'spec.forProvider.protocol'),
        ],
      }),
    );

    // Deletion order (ClusterUsage): the messaging key outlives the encrypted alert topic.
    this.encryptedWith('messaging', topic);

    // CIS 4.1-4.15 / CloudWatch.1-14: the published patterns, byte-equal (see security-metric-filters.ts).
    for (const filter of CIS_MONITORING_FILTERS) this.alarmOn(filter);
    // Privilege escalation (Rhino methods 1-28) and tampering with the security services.
    for (const filter of THREAT_DETECTION_FILTERS) this.alarmOn(filter);
  }

  /** A metric filter on the trail log group and its alarm (>= 1 in 5 min, missing data OK). */
  private alarmOn(filter: SecurityMetricFilter): void {
    const { metricFilter, alarm } = logMetricAlarm({
      filter,
      logGroupName: param('trailLogGroupName'),
      alarmTopicArnFieldPath: `status.${ALARM_TOPIC_STATUS_FIELD}`,
    });
    this.compose(metricFilter, alarm);
  }
}
