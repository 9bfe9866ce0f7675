// Security-monitoring domain: someone is alerted within minutes when a security control is touched or
// privileges are escalated. One metric filter + alarm per CIS v3.0.0 monitoring recommendation
// (4.1-4.15 = Security Hub CloudWatch.1-14) on the trail's CloudWatch Logs copy, plus privilege
// escalation and security-service tampering; every alarm notifies one encrypted SNS topic.
//
// The metric filters already see every region's events, global services included: the trail is
// multi-region with global service events and delivers all of it to one log group in the home region.
// What they cannot do is alert within seconds. EventBridge can, but IAM, Organizations and console
// sign-in events reach EventBridge only in us-east-1: a rule there forwards them to the home region's
// default bus (a cross-Region event bus target, which needs a role allowed events:PutEvents on that
// bus), and a rule on the home bus alerts the one topic and its subscriber. Forwarding instead of a
// second topic in us-east-1: one topic, one key, one subscription to confirm, and the home region's
// threat-detection rules see the forwarded events as well.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-region.html
import type { Construct } from 'constructs';
import { TargetV1Beta2 as Target, Rule } from '../imports/cloudwatchevents.aws.upbound.io';
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
  Condition,
  ConditionOperator,
  encryptedTopic,
  GLOBAL_SERVICE_EVENTS_REGION,
  logMetricAlarm,
  param,
  PolicyStatement,
  Principals,
  serviceRole,
  siblingSelector,
  suffixed,
  type SecurityMetricFilter,
  when,
} from '../compositions';
import { MaxLength } from '../compositions/kernel/aws-limits';
import { eventPatternJson } from '../compositions/policy/event-pattern';
import { globalServiceSecurityEventsPattern } from '../compositions/blocks/detection/security-events';

/** The rule in us-east-1 forwarding global-service events to the home region (AWS name, without suffix). */
export const GLOBAL_EVENTS_FORWARD_RULE = 'zta-global-events-forward';
/** The home region's rule alerting on the forwarded (or, in us-east-1, native) global-service events. */
export const GLOBAL_EVENTS_ALERT_PURPOSE = 'global-service-events';
const RULE_TARGETS_REASON = 'DeleteRule fails ("Rule can\'t be deleted since it has targets") while a target remains on the rule';

const ALARM_TOPIC_STATUS_FIELD = 'alarmTopicArn';

export class SecurityMonitoringChart extends DomainChart {
  /** Composed once by XZeroTrustAccount (charts/index.ts finds it by this). */
  public static readonly composedBy = 'account';

  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XSecurityMonitoring',
      domain: 'securityMonitoring',
      readme: {
        title: 'Security monitoring',
        controls: 'the 15 CIS v3.0.0 monitoring metric filters (4.1–4.15, CloudWatch.1–14) with the published patterns, privilege-escalation and security-service-tampering filters, each with an alarm (≥ 1 in 5 minutes, missing data not breaching) into an SNS topic encrypted with the messaging key that only CloudWatch and this environment\'s EventBridge rules may publish to; subscription from the claim; console sign-in without MFA, root, IAM policy and Organizations changes alerted within seconds by an EventBridge rule in us-east-1 forwarding to the home region\'s bus',
      },
      description: 'CloudWatch metric filters and alarms on the account trail for the CIS monitoring controls, privilege escalation and security-service tampering, notifying an encrypted SNS topic.',
    });

    this.keyArnInput('messaging', 'SNS topics');
    // Wired from the audit-logging domain's status, so filters are created only once the log group exists.
    this.input('trailLogGroupName', Schema.string('Name of the CloudWatch Logs log group receiving the account trail (from the audit-logging domain).', { maxLength: MaxLength.logGroupName }), {
      domain: 'auditLogging',
      statusField: 'trailLogGroupName',
      computed: AwsNames.trailLogGroup,
    });
    // CIS 4.x: the topic must have a subscriber. One subscription: P&T holds a composite unready while
    // any resource is skipped for a missing Required value, so optional subscription slots cannot exist.
    this.parameter('alarmEndpoint', Schema.string(
      'Where security alarms are delivered: an e-mail address (the recipient must confirm the subscription) or an https:// URL (SIEM, paging service).',
      { minLength: 3, maxLength: 2048 },
    ), { required: true });
    const alarmProtocol = this.parameter('alarmProtocol', Schema.string('SNS protocol of alarmEndpoint.', { enum: ['email', 'https'], default: 'email' }));
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
    const { topic } = encryptedTopic(this, {
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
    new ComposedResource(this, {
      name: 'securityAlarmSubscription',
      kind: TopicSubscription,
      // The base carries the default protocol (read from the schema: declared once), so the
      // subscription never depends on schema defaulting.
      forProvider: { protocol: alarmProtocol.defaultValue<string>(), topicArnSelector: topic.selector() },
      patches: [
        ComposedResource.fromParameter('alarmEndpoint', 'spec.forProvider.endpoint', { required: true }),
        ComposedResource.fromParameter('alarmProtocol', 'spec.forProvider.protocol'),
      ],
    });

    // Deletion order (ClusterUsage): the messaging key outlives the encrypted alert topic.
    this.encryptedWith('messaging', topic);

    // CIS 4.1-4.15 / CloudWatch.1-14: the published patterns, byte-equal (see security-metric-filters.ts).
    for (const filter of CIS_MONITORING_FILTERS) this.alarmOn(filter);
    // Privilege escalation (Rhino methods 1-28) and tampering with the security services.
    for (const filter of THREAT_DETECTION_FILTERS) this.alarmOn(filter);

    // CIS 4.2, 4.3, 4.4, 4.15 within seconds: global-service events from us-east-1 to the alert topic.
    this.permissionsBoundaryInput();
    this.globalServiceEvents();
  }

  private globalServiceEvents(): void {
    const pattern = eventPatternJson(globalServiceSecurityEventsPattern());
    // Home region: the alert rule on the default bus. In us-east-1 the events arrive there natively;
    // elsewhere through the forwarder below. Named like the threat-detection rules, so the alert
    // topic's policy (aws:SourceArn zta-*-<suffix> of the home region) admits its deliveries.
    new ComposedResource(this, {
      name: 'globalEventsRule',
      kind: Rule,
      externalName: AwsNames.securityEventRule(GLOBAL_EVENTS_ALERT_PURPOSE),
      forProvider: { description: 'Console sign-in without MFA, root user, IAM policy and Organizations changes (CIS 4.2, 4.3, 4.4, 4.15)', eventBusName: 'default', eventPattern: pattern, state: 'ENABLED' },
    });
    new ComposedResource(this, {
      name: 'globalEventsAlertTarget',
      kind: Target,
      // No roleArn: the SNS target authorizes through the topic policy (a role breaks KMS delivery).
      forProvider: {
        ruleSelector: siblingSelector('globalEventsRule'), eventBusName: 'default', targetId: 'alert-topic', arn: AwsArns.securityAlarmTopic,
        retryPolicy: { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 185 },
      },
    });
    this.deletedBefore('globalEventsAlertTarget', { uses: 'globalEventsRule', reason: RULE_TARGETS_REASON });

    // us-east-1, unless that is the home region (a bus cannot be its own cross-Region target).
    const elsewhere = Condition.cel`${this.homeRegion()} != ${GLOBAL_SERVICE_EVENTS_REGION}`;
    const forwardRuleName = suffixed(GLOBAL_EVENTS_FORWARD_RULE);
    const forwardRuleArn = `arn:aws:events:${GLOBAL_SERVICE_EVENTS_REGION}:${Params.accountId}:rule/${forwardRuleName}`;
    const homeBusArn = `arn:aws:events:${Params.region}:${Params.accountId}:event-bus/default`;
    // The role EventBridge assumes to put the events on the home bus: only that rule may make it act,
    // and it may only put events on that bus (the home region: the region guardrail allows it).
    const role = serviceRole(this, {
      name: 'globalEventsForwarderRole',
      roleName: suffixed('zta-global-events-forwarder'),
      description: 'EventBridge in us-east-1 forwarding global-service security events to the home region default bus.',
      trust: [new PolicyStatement({
        sid: 'EventBridgeForwardRuleOfThisAccount',
        principals: [Principals.service('events.amazonaws.com')],
        actions: ['sts:AssumeRole'],
        // EventBridge documents both keys for roles its rule targets use (aws:SourceArn = the rule ARN).
        // https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html
        conditions: {
          [ConditionOperator.STRING_EQUALS]: { 'aws:SourceAccount': Params.accountId },
          [ConditionOperator.ARN_EQUALS]: { 'aws:SourceArn': forwardRuleArn },
        },
      })],
      permissions: [new PolicyStatement({ sid: 'PutEventsOnHomeBus', actions: ['events:PutEvents'], resources: [homeBusArn] })],
    });
    const forwardRule = new ComposedResource(this, {
      name: 'globalEventsForwardRule',
      kind: Rule,
      region: GLOBAL_SERVICE_EVENTS_REGION,
      externalName: forwardRuleName,
      forProvider: { description: 'Forwards global-service security events to the home region default bus', eventBusName: 'default', eventPattern: pattern, state: 'ENABLED' },
    });
    const forwardTarget = new ComposedResource(this, {
      name: 'globalEventsForwardTarget',
      kind: Target,
      region: GLOBAL_SERVICE_EVENTS_REGION,
      forProvider: {
        ruleSelector: forwardRule.selector(), eventBusName: 'default', targetId: 'home-region-bus', arn: homeBusArn,
        roleArnSelector: role.role.selector(),
        retryPolicy: { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 185 },
      },
    });
    for (const r of [...role.resources, forwardRule, forwardTarget]) when(r, elsewhere);
    this.deletedBefore(forwardTarget, { uses: forwardRule, reason: RULE_TARGETS_REASON });
    this.boundaryOutlives(role.role);
  }

  /** A metric filter on the trail log group and its alarm (>= 1 in 5 min, missing data OK). */
  private alarmOn(filter: SecurityMetricFilter): void {
    logMetricAlarm(this, {
      filter,
      logGroupName: param('trailLogGroupName'),
      alarmTopicArnFieldPath: `status.${ALARM_TOPIC_STATUS_FIELD}`,
    });
  }
}
