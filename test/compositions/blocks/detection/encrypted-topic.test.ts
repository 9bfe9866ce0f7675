// The encrypted-topic pattern: publishers named at construction and added later both end up in the
// one topic policy, which still refuses plain HTTP; a statement a resource policy cannot hold fails.
import type { Construct } from 'constructs';
import { DomainChart, PolicyStatement, Principals, Schema, param, Params } from '../../../../compositions';
import { encryptedTopic } from '../../../../compositions/blocks/detection/encrypted-topic';
import type { JsonObject } from '../../../../renderer/types';
import { simulate } from '../../../support/iam-simulator';
import { composed, renderCharts, renderedPolicy } from '../../../support/render-chart';
import { scratchChart } from '../../../support/scratch-chart';

const ACCOUNT = '444455556666';
const REGION = 'eu-central-1';
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:zta-alerts-prod`;

const publisher = (sid: string, service: string) => (topicArn: string) => new PolicyStatement({
  sid, principals: [Principals.service(service)], actions: ['sns:Publish'], resources: [topicArn],
});

class TopicChart extends DomainChart {
  public constructor(scope: Construct, id: string) {
    super(scope, id, { kind: 'XTopicFixture', domain: 'fixture', description: 'An encrypted topic extended after construction.' });
    this.parameter('keyArn', Schema.arn('Key of the topic.'), { required: true });
    const t = encryptedTopic(this, {
      name: 'alerts', topicName: `zta-alerts-${Params.environmentSuffix}`, displayName: 'Alerts', kmsKeyArn: param('keyArn'),
      publishers: (arn) => [publisher('AllowCloudWatchAlarms', 'cloudwatch.amazonaws.com')(arn)], arnStatusField: 'alertsTopicArn',
    });
    t.addToResourcePolicy(publisher('AllowEventBridge', 'events.amazonaws.com')(t.topicArn));
  }
}

const xr: JsonObject = {
  apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XTopicFixture', metadata: { name: 'fixture' },
  spec: { parameters: { accountId: ACCOUNT, region: REGION, environmentSuffix: 'prod', keyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/0b1e7c6a-12ab-34cd-56ef-1234567890ab` } },
};
const out = renderCharts((app) => [new TopicChart(app, 'fixture')], xr);
const policy = renderedPolicy(composed(out, 'alerts'));

test('publishers given at construction and added afterwards are both in the rendered policy, with the TLS deny', () => {
  expect(out.problems).toEqual([]);
  expect((policy as { Statement: { Sid: string }[] }).Statement.map((s) => s.Sid)).toEqual(['AllowCloudWatchAlarms', 'DenyInsecureTransport', 'AllowEventBridge']);
});

test.each([['true', 'Allowed'], ['false', 'ExplicitlyDenied']])('EventBridge (added later) publishes with aws:SecureTransport=%s -> %s', async (secure, expected) => {
  const r = await simulate({
    principal: 'events.amazonaws.com', action: 'sns:Publish', resource: TOPIC, resourceAccount: ACCOUNT, resourcePolicy: policy,
    context: { 'aws:SecureTransport': secure, 'aws:PrincipalIsAWSService': 'true', 'aws:PrincipalServiceName': 'events.amazonaws.com' },
  });
  expect(r.result).toBe(expected);
});

test('a statement a resource policy cannot hold is refused at once, naming the topic', () => {
  const t = encryptedTopic(scratchChart(), { name: 'bad', topicName: 'zta-bad-prod', displayName: 'Bad', kmsKeyArn: 'arn:aws:kms:eu-central-1:444455556666:key/x', publishers: (arn) => [publisher('P', 'events.amazonaws.com')(arn)], arnStatusField: 'badTopicArn' });
  expect(() => t.addToResourcePolicy(new PolicyStatement({ sid: 'NoPrincipal', actions: ['sns:Publish'], resources: [t.topicArn] })))
    .toThrow(/encryptedTopic bad: addToResourcePolicy: .*[Pp]rincipal/);
});
