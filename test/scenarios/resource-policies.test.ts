// Resource-policy scenarios (issue 13 item 4), in table form: each row one principal, action,
// resource, context and the expected decision, evaluated by the IAM policy simulator over the
// resource policies the dev claim renders (KMS key policies, S3 bucket policies, SNS topic and SQS
// queue policies, VPC endpoint policies):
// - a principal of another account, outside the organization, gets nothing from any of them;
// - the account's own roles keep their access (through their identity policies and the key
//   policies' delegation to the account);
// - each AWS service delivery the baseline wires (alarms, event rules, backup notifications,
//   CloudTrail encryption) is allowed for this account's sources, and refused for another account's
//   (the confused deputy);
// - every endpoint admits the organization's principals on the organization's resources, and refuses
//   a principal of another organization using it to reach its own resources (exfiltration).
// Bucket deliveries by AWS services are in service-deliveries.test.ts.
import { onboarding } from '../../examples/onboarding';
import type { JsonObject } from '../../renderer/types';
import { ALLOW_ALL, simulate, withoutUnsupportedConditionKeys, type SimulationResult } from '../support/iam-simulator';
import { forProvider, renderExample } from '../support/render-example';
import { expectDecision, shortPrincipal, type ExpectedDecision } from '../support/scenario-table';

const dev = onboarding.accounts.find((a) => a.namespace === 'payments-dev')!;
const ACCOUNT = dev.accountId;
const REGION = dev.homeRegion;
const ORG = onboarding.organizationId;
const FOREIGN = '999988887777';
const FOREIGN_ORG = 'o-zzzzzzzzzz';
const ATTACKER = `arn:aws:iam::${FOREIGN}:role/attacker`;
const OWN_ADMIN = `arn:aws:iam::${ACCOUNT}:role/app-admin`;
const out = renderExample('dev-claim');
const nameOf = (r: JsonObject) => String(((r.metadata as JsonObject).annotations as JsonObject)['crossplane.io/composition-resource-name']);
const policyOf = (r: JsonObject) => JSON.parse(String(forProvider(r).policy)) as { Statement: { Resource?: string | string[] }[] };
const firstResource = (p: { Statement: { Resource?: string | string[] }[] }) => [p.Statement.map((s) => s.Resource).flat().find((r) => r && r !== '*')].map(String)[0]!;
const ofKind = (...kinds: string[]) => out.resources.filter((r) => kinds.includes(String(r.kind)));

interface Row { readonly principal: string; readonly action: string; readonly resource: string; readonly context?: Record<string, string>; readonly expected: ExpectedDecision; readonly policy: object; readonly endpoint?: boolean; readonly resourceAccount?: string }
async function decide(r: Row): Promise<SimulationResult> {
  const service = !r.principal.startsWith('arn:');
  return (await simulate({
    principal: r.principal, action: r.action, resource: r.resource, resourceAccount: r.resourceAccount ?? ACCOUNT,
    ...(service ? {} : { identityPolicies: [ALLOW_ALL] }),
    ...(r.endpoint ? { vpcEndpointPolicy: r.policy } : { resourcePolicy: r.policy }),
    context: { 'aws:SecureTransport': 'true', ...(service ? { 'aws:PrincipalIsAWSService': 'true' } : { 'aws:PrincipalArn': r.principal }), ...(r.context ?? {}) },
  })).result;
}
const rows = (what: string, list: Row[]) => list.map((r) => [what, shortPrincipal(r.principal), r.action, r.resource, JSON.stringify(r.context ?? {}), r.expected, r] as const);
const run = async (...args: readonly [string, string, string, string, string, ExpectedDecision, Row]) => expectDecision(await decide(args[6]), args[5]);
const outsider = { 'aws:PrincipalOrgID': FOREIGN_ORG, 'aws:PrincipalAccount': FOREIGN };

describe('bucket policies: outsiders get nothing, the account keeps its access', () => {
  const buckets = ofKind('BucketPolicy').map((r) => ({ name: nameOf(r), arn: `arn:aws:s3:::${String(forProvider(r).bucket)}`, policy: policyOf(r) }));
  test('the dev claim renders the baseline\'s bucket policies', () => expect(buckets.length).toBeGreaterThanOrEqual(6));
  test.each(buckets.flatMap((b) => rows(b.name, [
    ...['s3:GetObject', 's3:PutObject', 's3:DeleteObject'].map((action): Row => ({ principal: ATTACKER, action, resource: `${b.arn}/AWSLogs/x`, context: outsider, expected: 'not Allowed', policy: b.policy })),
    ...['s3:ListBucket', 's3:PutBucketPolicy', 's3:GetBucketAcl'].map((action): Row => ({ principal: ATTACKER, action, resource: b.arn, context: outsider, expected: 'not Allowed', policy: b.policy })),
    { principal: OWN_ADMIN, action: 's3:GetObject', resource: `${b.arn}/AWSLogs/x`, expected: 'Allowed', policy: b.policy },
    { principal: OWN_ADMIN, action: 's3:ListBucket', resource: b.arn, expected: 'Allowed', policy: b.policy },
    // ... and never over plain HTTP.
    { principal: OWN_ADMIN, action: 's3:GetObject', resource: `${b.arn}/AWSLogs/x`, context: { 'aws:SecureTransport': 'false' }, expected: 'ExplicitlyDenied', policy: b.policy },
  ])))('%s: %s %s on %s with %s -> %s', run);
});

describe('KMS key policies: outsiders get nothing, the account administers its keys', () => {
  const keys = ofKind('Key', 'ExternalKey').map((r, i) => ({ name: nameOf(r), arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-4000-8000-00000000000${i}`, policy: policyOf(r) }));
  test('the dev claim renders the baseline\'s keys', () => expect(keys.length).toBeGreaterThanOrEqual(4));
  test.each(keys.flatMap((k) => rows(k.name, [
    ...['kms:Decrypt', 'kms:GenerateDataKey', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:CreateGrant'].map((action): Row => ({ principal: ATTACKER, action, resource: k.arn, context: outsider, expected: 'not Allowed', policy: k.policy })),
    { principal: OWN_ADMIN, action: 'kms:DescribeKey', resource: k.arn, expected: 'Allowed', policy: k.policy },
    { principal: OWN_ADMIN, action: 'kms:GetKeyPolicy', resource: k.arn, expected: 'Allowed', policy: k.policy },
  ])))('%s: %s %s on %s with %s -> %s', run);
});

describe('SNS topic and SQS queue policies: outsiders get nothing', () => {
  const topics = ofKind('Topic').map((r) => ({ name: nameOf(r), policy: policyOf(r) })).map((t) => ({ ...t, arn: firstResource(t.policy) }));
  const queues = ofKind('QueuePolicy').map((r) => ({ name: nameOf(r), policy: policyOf(r) })).map((q) => ({ ...q, arn: firstResource(q.policy) }));
  test('the dev claim renders the alert topics and the event queues', () => {
    expect(topics.map((t) => t.arn).every((a) => a.startsWith(`arn:aws:sns:${REGION}:${ACCOUNT}:zta-`))).toBe(true);
    expect(queues.map((q) => q.arn).every((a) => a.startsWith(`arn:aws:sqs:${REGION}:${ACCOUNT}:zta-`))).toBe(true);
    expect(topics.length + queues.length).toBeGreaterThanOrEqual(4);
  });
  test.each([
    ...topics.flatMap((t) => rows(t.name, ['sns:Publish', 'sns:Subscribe', 'sns:SetTopicAttributes', 'sns:DeleteTopic'].map((action): Row => ({ principal: ATTACKER, action, resource: t.arn, context: outsider, expected: 'not Allowed', policy: t.policy })))),
    ...queues.flatMap((q) => rows(q.name, ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:PurgeQueue', 'sqs:SetQueueAttributes'].map((action): Row => ({ principal: ATTACKER, action, resource: q.arn, context: outsider, expected: 'not Allowed', policy: q.policy })))),
    // Another account's AWS service cannot publish into them either (no SourceAccount/SourceArn of ours).
    ...topics.flatMap((t) => rows(t.name, ['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'backup.amazonaws.com'].map((principal): Row => ({ principal, action: 'sns:Publish', resource: t.arn, context: { 'aws:SourceAccount': FOREIGN, 'aws:SourceArn': `arn:aws:events:${REGION}:${FOREIGN}:rule/zta-x-dev` }, expected: 'not Allowed', policy: t.policy })))),
    ...queues.flatMap((q) => rows(q.name, [{ principal: 'events.amazonaws.com', action: 'sqs:SendMessage', resource: q.arn, context: { 'aws:SourceAccount': FOREIGN, 'aws:SourceArn': `arn:aws:events:${REGION}:${FOREIGN}:rule/zta-guardduty-findings-dev` }, expected: 'not Allowed', policy: q.policy }])),
  ])('%s: %s %s on %s with %s -> %s', run);
});

describe('AWS service deliveries into the alert path (allowed for this account, refused for another)', () => {
  const by = (name: string) => { const r = out.resources.find((x) => nameOf(x) === name); if (!r) throw new Error(`dev render has no ${name}`); return policyOf(r); };
  const alarmTopic = by('securityAlarmTopic');
  const alarmTopicArn = firstResource(alarmTopic);
  const socQueue = by('socQueuePolicy');
  const socQueueArn = firstResource(socQueue);
  const auditKey = by('auditKey');
  const trail = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/zta-trail-dev`;
  const deliveries: { what: string; row: Row; foreign: Record<string, string> }[] = [
    { what: 'a CloudWatch alarm notifies', row: { principal: 'cloudwatch.amazonaws.com', action: 'sns:Publish', resource: alarmTopicArn, context: { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:zta-root-usage-dev` }, expected: 'Allowed', policy: alarmTopic }, foreign: { 'aws:SourceAccount': FOREIGN, 'aws:SourceArn': `arn:aws:cloudwatch:${REGION}:${FOREIGN}:alarm:zta-root-usage-dev` } },
    { what: 'a security event rule notifies', row: { principal: 'events.amazonaws.com', action: 'sns:Publish', resource: alarmTopicArn, context: { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:events:${REGION}:${ACCOUNT}:rule/zta-guardduty-findings-dev` }, expected: 'Allowed', policy: alarmTopic }, foreign: { 'aws:SourceAccount': FOREIGN, 'aws:SourceArn': `arn:aws:events:${REGION}:${FOREIGN}:rule/zta-guardduty-findings-dev` } },
    { what: 'AWS Backup notifies', row: { principal: 'backup.amazonaws.com', action: 'sns:Publish', resource: alarmTopicArn, context: { 'aws:SourceAccount': ACCOUNT }, expected: 'Allowed', policy: alarmTopic }, foreign: { 'aws:SourceAccount': FOREIGN } },
    ...['zta-guardduty-findings-dev', 'zta-securityhub-findings-dev', 'zta-high-risk-api-calls-dev'].map((rule) => ({
      what: `event rule ${rule} queues for the SOC`,
      row: { principal: 'events.amazonaws.com', action: 'sqs:SendMessage', resource: socQueueArn, context: { 'aws:SourceArn': `arn:aws:events:${REGION}:${ACCOUNT}:rule/${rule}` }, expected: 'Allowed' as const, policy: socQueue },
      foreign: { 'aws:SourceArn': `arn:aws:events:${REGION}:${FOREIGN}:rule/${rule}` },
    })),
    // The key statement also requires kms:EncryptionContext:aws:cloudtrail:arn like our account's
    // trails, which the simulator cannot evaluate: asserted structurally below, stripped here.
    { what: 'CloudTrail encrypts log files (encryption-context condition evaluated structurally)', row: { principal: 'cloudtrail.amazonaws.com', action: 'kms:GenerateDataKey', resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-4000-8000-000000000000`, context: { 'aws:SourceArn': trail }, expected: 'Allowed', policy: withoutUnsupportedConditionKeys(auditKey) }, foreign: { 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:${FOREIGN}:trail/zta-trail-dev` } },
    { what: 'CloudTrail describes the key', row: { principal: 'cloudtrail.amazonaws.com', action: 'kms:DescribeKey', resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-4000-8000-000000000000`, context: { 'aws:SourceArn': trail }, expected: 'Allowed', policy: auditKey }, foreign: { 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:${FOREIGN}:trail/zta-trail-dev` } },
  ];
  test.each(deliveries.flatMap((d) => [
    ...rows(d.what, [d.row]),
    ...rows(`${d.what}, for another account`, [{ ...d.row, context: { ...d.row.context, ...d.foreign }, expected: 'not Allowed' }]),
  ]))('%s: %s %s on %s with %s -> %s', run);

  test('the CloudTrail encryption statement is bound to this account\'s trails by encryption context', () => {
    const s = (auditKey.Statement as { Sid?: string; Condition?: Record<string, Record<string, string>> }[]).find((x) => x.Sid === 'AllowCloudTrailEncryptForAccountTrail');
    expect(s?.Condition?.StringLike).toEqual({ 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` });
  });
});

/** One request per endpoint service: an action of that service on a resource of the account. */
const ENDPOINT_REQUESTS: Readonly<Record<string, { action: string; resource: (account: string) => string }>> = {
  athena: { action: 'athena:StartQueryExecution', resource: (a) => `arn:aws:athena:${REGION}:${a}:workgroup/primary` },
  autoscaling: { action: 'autoscaling:DescribeAutoScalingGroups', resource: () => '*' },
  dynamodb: { action: 'dynamodb:GetItem', resource: (a) => `arn:aws:dynamodb:${REGION}:${a}:table/app` },
  ec2: { action: 'ec2:DescribeInstances', resource: () => '*' },
  ec2messages: { action: 'ec2messages:GetMessages', resource: () => '*' },
  'ecr.api': { action: 'ecr:DescribeRepositories', resource: (a) => `arn:aws:ecr:${REGION}:${a}:repository/app` },
  'ecr.dkr': { action: 'ecr:BatchGetImage', resource: (a) => `arn:aws:ecr:${REGION}:${a}:repository/app` },
  elasticloadbalancing: { action: 'elasticloadbalancing:DescribeLoadBalancers', resource: () => '*' },
  events: { action: 'events:PutEvents', resource: (a) => `arn:aws:events:${REGION}:${a}:event-bus/default` },
  'execute-api': { action: 'execute-api:Invoke', resource: (a) => `arn:aws:execute-api:${REGION}:${a}:a1b2c3d4e5/prod/GET/orders` },
  glue: { action: 'glue:GetTable', resource: (a) => `arn:aws:glue:${REGION}:${a}:table/app/events` },
  // A KMS key request also needs the key policy; ListAliases (no resource) tests the endpoint alone.
  kms: { action: 'kms:ListAliases', resource: () => '*' },
  lambda: { action: 'lambda:InvokeFunction', resource: (a) => `arn:aws:lambda:${REGION}:${a}:function:app` },
  logs: { action: 'logs:PutLogEvents', resource: (a) => `arn:aws:logs:${REGION}:${a}:log-group:app:log-stream:x` },
  monitoring: { action: 'cloudwatch:PutMetricData', resource: () => '*' },
  s3: { action: 's3:GetObject', resource: () => 'arn:aws:s3:::app-data/x' },
  secretsmanager: { action: 'secretsmanager:GetSecretValue', resource: (a) => `arn:aws:secretsmanager:${REGION}:${a}:secret:app-AbCdEf` },
  sns: { action: 'sns:Publish', resource: (a) => `arn:aws:sns:${REGION}:${a}:app` },
  sqs: { action: 'sqs:SendMessage', resource: (a) => `arn:aws:sqs:${REGION}:${a}:app` },
  ssm: { action: 'ssm:GetParameter', resource: (a) => `arn:aws:ssm:${REGION}:${a}:parameter/app/x` },
  ssmmessages: { action: 'ssmmessages:OpenDataChannel', resource: () => '*' },
  sts: { action: 'sts:AssumeRole', resource: (a) => `arn:aws:iam::${a}:role/app` },
};

describe('VPC endpoint policies: the organization\'s principals on its resources, nobody else', () => {
  const endpoints = ofKind('VPCEndpoint').map((r) => ({ service: String(forProvider(r).serviceName).replace(`com.amazonaws.${REGION}.`, ''), policy: policyOf(r) }));
  test('every endpoint service has a request here', () => {
    expect(endpoints.filter((e) => !(e.service in ENDPOINT_REQUESTS)).map((e) => e.service)).toEqual([]);
    expect(endpoints.length).toBeGreaterThanOrEqual(20);
  });
  test.each(endpoints.flatMap((e) => {
    const req = ENDPOINT_REQUESTS[e.service]!;
    return rows(`endpoint ${e.service}`, [
      { principal: OWN_ADMIN, action: req.action, resource: req.resource(ACCOUNT), context: { 'aws:PrincipalOrgID': ORG, 'aws:ResourceOrgID': ORG }, expected: 'Allowed', policy: e.policy, endpoint: true },
      // A principal of another organization reaching its own resources through our network.
      { principal: ATTACKER, action: req.action, resource: req.resource(FOREIGN), resourceAccount: FOREIGN, context: { 'aws:PrincipalOrgID': FOREIGN_ORG, 'aws:ResourceOrgID': FOREIGN_ORG }, expected: 'ImplicitlyDenied', policy: e.policy, endpoint: true },
    ]);
  }))('%s: %s %s on %s with %s -> %s', run);
});
