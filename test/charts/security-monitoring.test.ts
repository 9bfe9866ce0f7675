// Security-monitoring domain: the rendered filters and alarms, the alarm topic and its policy, and
// the claim validation of the subscription parameters.
import { SECURITY_METRIC_FILTERS } from '../../compositions/blocks/logging/security-metric-filters';
import type { JsonObject } from '../../renderer/types';
import { Validator, type Problem } from '../../validator/validate';
import { simulate } from '../support/iam-simulator';
import { forProvider, packageApis, renderExample, resourceNamed, resourcesOfKind } from '../support/render-example';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:zta-security-alarms-dev`;
const dev = () => renderExample('dev-claim');

describe('security-monitoring domain (dev claim rendered)', () => {
  test('one metric filter and one alarm per security filter (15 CIS + 5 threat filters)', () => {
    expect(resourcesOfKind(dev(), 'MetricFilter.cloudwatchlogs.aws.upbound.io')).toHaveLength(SECURITY_METRIC_FILTERS.length);
    // The BYOK material-expiry alarms belong to the external-keys domain.
    expect(resourcesOfKind(dev(), 'MetricAlarm.cloudwatch.aws.upbound.io').filter((r) => ((r.metadata as JsonObject).labels as JsonObject)['zerotrust.io/domain'] === 'securityMonitoring')).toHaveLength(SECURITY_METRIC_FILTERS.length);
    expect(SECURITY_METRIC_FILTERS).toHaveLength(20);
  });

  test.each(SECURITY_METRIC_FILTERS.map((f) => [f.id, f] as const))('%s: the exact pattern on the trail log group, counting 1 per match', (_id, f) => {
    expect(forProvider(resourceNamed(dev(), `${f.resourceName}Filter`))).toMatchObject({
      logGroupName: '/zta/cloudtrail/zta-trail-dev',
      pattern: f.pattern,
      metricTransformation: { name: `${f.metricName}-dev`, namespace: 'ZeroTrust/SecurityMonitoring', value: '1' },
      region: REGION,
    });
  });

  test.each(SECURITY_METRIC_FILTERS.map((f) => [f.id, f] as const))('%s: alarm at >= 1 in 5 minutes, missing data OK, notifying the topic by ARN', (_id, f) => {
    const alarm = resourceNamed(dev(), `${f.resourceName}Alarm`);
    expect(forProvider(alarm)).toMatchObject({
      metricName: `${f.metricName}-dev`,
      namespace: 'ZeroTrust/SecurityMonitoring',
      statistic: 'Sum',
      period: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      actionsEnabled: true,
      alarmActions: [TOPIC_ARN],
    });
    expect(forProvider(alarm).alarmActionsRefs).toBeUndefined();
  });

  test('the alarm topic is encrypted with the messaging key (SNS.1) and its ARN reaches the claim status', () => {
    const status = dev().claim!.status as JsonObject;
    expect(forProvider(resourceNamed(dev(), 'securityAlarmTopic')).kmsMasterKeyId).toBe((status.encryption as JsonObject).messagingKeyArn);
    expect((status.securityMonitoring as JsonObject).alarmTopicArn).toBe(TOPIC_ARN);
  });

  test('CIS 4.x: the topic has a subscriber from the claim (dev e-mail, prod https)', () => {
    expect(forProvider(resourceNamed(dev(), 'securityAlarmSubscription'))).toMatchObject({ protocol: 'email', endpoint: 'payments-dev-security@example.com', topicArn: TOPIC_ARN });
    expect(forProvider(resourceNamed(renderExample('prod-claim'), 'securityAlarmSubscription'))).toMatchObject({
      protocol: 'https',
      endpoint: 'https://siem.example.com/ingest/aws-security-alarms',
    });
  });
});

describe('alarm topic policy under the IAM policy simulator', () => {
  const policy = () => JSON.parse(String(forProvider(resourceNamed(dev(), 'securityAlarmTopic')).policy));
  const publish = (principal: string, context: Record<string, string>) =>
    simulate({ principal, action: 'sns:Publish', resource: TOPIC_ARN, resourceAccount: ACCOUNT, resourcePolicy: policy(), context: { 'aws:SecureTransport': 'true', ...context } });
  const ownAlarm = `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:zta-cis-4-3-root-account-usage-dev`;

  test('CloudWatch alarms of this account may publish', async () => {
    const r = await publish('cloudwatch.amazonaws.com', { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': ownAlarm });
    expect(r.result).toBe('Allowed');
    expect(r.reasons).toEqual(["allow: resource statement 'AllowCloudWatchAlarmsOfAccount'"]);
  });

  test('the threat-detection EventBridge rules of this environment may publish, other rules may not', async () => {
    expect((await publish('events.amazonaws.com', { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:events:${REGION}:${ACCOUNT}:rule/zta-guardduty-findings-dev` })).result).toBe('Allowed');
    expect((await publish('events.amazonaws.com', { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:events:${REGION}:${ACCOUNT}:rule/x` })).result).toBe('ImplicitlyDenied');
  });

  test('the BYOK EventBridge rules may publish (their names follow zta-*-<suffix>)', async () => {
    for (const rule of ['zta-byok-key-lifecycle-dev', 'zta-byok-key-tampering-dev']) {
      expect((await publish('events.amazonaws.com', { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:events:${REGION}:${ACCOUNT}:rule/${rule}` })).result).toBe('Allowed');
    }
  });

  test('AWS Backup vault notifications of this account may publish, of another account may not', async () => {
    const r = await publish('backup.amazonaws.com', { 'aws:SourceAccount': ACCOUNT });
    expect(r.result).toBe('Allowed');
    expect(r.reasons).toEqual(["allow: resource statement 'AllowBackupVaultNotificationsOfAccount'"]);
    expect((await publish('backup.amazonaws.com', { 'aws:SourceAccount': '999988887777' })).result).toBe('ImplicitlyDenied');
  });

  test('CloudWatch acting for another account, and any other service, may not', async () => {
    expect((await publish('cloudwatch.amazonaws.com', { 'aws:SourceAccount': '999988887777', 'aws:SourceArn': `arn:aws:cloudwatch:${REGION}:999988887777:alarm:x` })).result).toBe('ImplicitlyDenied');
    expect((await publish('lambda.amazonaws.com', { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:lambda:${REGION}:${ACCOUNT}:function:x` })).result).toBe('ImplicitlyDenied');
  });

  test('publishing over plain HTTP is refused explicitly', async () => {
    const r = await publish('cloudwatch.amazonaws.com', { 'aws:SecureTransport': 'false', 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': ownAlarm });
    expect(r.result).toBe('ExplicitlyDenied');
  });
});

describe('claim validation of the alarm subscription', () => {
  const validator = Validator.fromBundle();
  for (const xrd of packageApis().xrds) validator.addXrd(xrd);
  const xr = (parameters: Record<string, unknown>) => ({
    apiVersion: 'aws.zerotrust.io/v1alpha1',
    kind: 'XSecurityMonitoring',
    metadata: { name: 'm' },
    spec: { parameters: { accountId: ACCOUNT, environmentSuffix: 'dev', messagingKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k', trailLogGroupName: '/x', permissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/zta-permissions-boundary-dev', ...parameters } },
  });
  const messages = (problems: Problem[]) => problems.map((p) => `${p.path}: ${p.message}`);

  test('accepts an e-mail address and an https endpoint', () => {
    expect(validator.validate(xr({ alarmEndpoint: 'secops@example.com' }))).toEqual([]);
    expect(validator.validate(xr({ alarmEndpoint: 'https://siem.example.com/x', alarmProtocol: 'https' }))).toEqual([]);
  });

  test('throws if the https endpoint is not https', () => {
    expect(messages(validator.validate(xr({ alarmEndpoint: 'http://siem.example.com/x', alarmProtocol: 'https' })))).toEqual([
      '.spec.parameters.alarmEndpoint: alarmEndpoint must start with https:// when alarmProtocol is https (SNS would deliver alarms in clear text over http)',
    ]);
  });

  test('throws if the e-mail endpoint is not an address', () => {
    expect(messages(validator.validate(xr({ alarmEndpoint: 'secops' })))).toEqual(['.spec.parameters.alarmEndpoint: alarmEndpoint must be an e-mail address when alarmProtocol is email']);
  });

  test('throws if no endpoint is given (the topic needs a subscriber)', () => {
    expect(messages(validator.validate(xr({})))).toEqual([expect.stringContaining('alarmEndpoint')]);
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('security-monitoring'), () => expect(synthChart('security-monitoring')).toMatchSnapshot());
