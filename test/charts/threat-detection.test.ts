// Threat detection (and the checks shared by the threat-response domains: parameter rejections and
// readiness of threat detection, Security Hub and web firewall): facts about the rendered example claims.
import { App } from 'cdk8s';
import { matchesEventPattern, type EventPattern } from '../../compositions/policy/event-pattern';
import type { RenderOutput } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';
import { buildPackage } from '../../charts';
import { ThreatDetectionChart } from '../../charts/threat-detection';
import { MAX_ASSOCIATIONS, WebFirewallChart } from '../../charts/web-firewall';
import { formatProblem, Validator, type Problem } from '../../validator/validate';
import { iamWildcardMatch } from '../support/iam-simulator';
import { forProvider, renderExample, resourceNamed, resourcesOfKind } from '../support/render-example';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

const annotations = (r: JsonObject) => ((r.metadata as JsonObject).annotations ?? {}) as Record<string, string>;
const claimStatus = (name: 'dev-claim' | 'prod-claim', domain: string) => ((renderExample(name).claim!.status as JsonObject)[domain] ?? {}) as JsonObject;

describe('threat detection (rendered)', () => {
  test.each(['dev-claim', 'prod-claim'] as const)('%s: the GuardDuty detector is only ever observed, by the claim\'s detector id', (name) => {
    const detectors = resourcesOfKind(renderExample(name), 'Detector.guardduty.aws.upbound.io');
    expect(detectors).toHaveLength(1);
    expect((detectors[0]!.spec as JsonObject).managementPolicies).toEqual(['Observe']);
    expect((detectors[0]!.spec as JsonObject).deletionPolicy).toBeUndefined();
    expect(annotations(detectors[0]!)['crossplane.io/external-name']).toMatch(/^[0-9a-f]{32}$/);
  });

  test('the rendered GuardDuty rule matches findings at the claim\'s threshold (dev: 4) and ignores lower ones', () => {
    const pattern = JSON.parse(String(forProvider(resourceNamed(renderExample('dev-claim'), 'guardDutyFindingsRule')).eventPattern)) as EventPattern;
    const finding = (severity: number) => ({ source: 'aws.guardduty', 'detail-type': 'GuardDuty Finding', detail: { severity, type: 'Recon:EC2/PortProbeUnprotectedPort' } });
    expect(matchesEventPattern(pattern, finding(4))).toBe(true);
    expect(matchesEventPattern(pattern, finding(3.9))).toBe(false);
  });

  test('every rule targets the alarm topic and the SOC queue, with the DLQ for failed deliveries', () => {
    const out = renderExample('dev-claim');
    // The external-keys domain's BYOK rules have their own targets.
    const targets = resourcesOfKind(out, 'Target.cloudwatchevents.aws.upbound.io')
      .filter((r) => ((r.metadata as JsonObject).labels as JsonObject)['zerotrust.io/domain'] === 'threatDetection').map(forProvider);
    expect(targets).toHaveLength(6);
    expect(targets.filter((t) => t.arn === 'arn:aws:sns:eu-west-1:111122223333:zta-security-alarms-dev')).toHaveLength(3);
    expect(targets.filter((t) => t.arn === 'arn:aws:sqs:eu-west-1:111122223333:zta-security-events-dev')).toHaveLength(3);
    for (const t of targets) {
      expect((t.deadLetterConfig as JsonObject).arn).toBe('arn:aws:sqs:eu-west-1:111122223333:zta-security-events-dlq-dev');
      expect(t.roleArn).toBeUndefined();
    }
  });

  test('queues are encrypted with the messaging key and admit EventBridge only from our rules', () => {
    const out = renderExample('dev-claim');
    const messagingKey = String(claimStatus('dev-claim', 'encryption').messagingKeyArn);
    for (const q of ['socQueue', 'deadLetterQueue']) {
      expect(forProvider(resourceNamed(out, q)).kmsMasterKeyId).toBe(messagingKey);
      const policy = JSON.parse(String(forProvider(resourceNamed(out, `${q}Policy`)).policy));
      const allow = policy.Statement.find((s: JsonObject) => s.Sid === 'AllowSecurityEventRules');
      expect(allow.Principal).toEqual({ Service: 'events.amazonaws.com' });
      expect(allow.Condition.ArnLike['aws:SourceArn']).toEqual([
        'arn:aws:events:eu-west-1:111122223333:rule/zta-guardduty-findings-dev',
        'arn:aws:events:eu-west-1:111122223333:rule/zta-securityhub-findings-dev',
        'arn:aws:events:eu-west-1:111122223333:rule/zta-high-risk-api-calls-dev',
      ]);
    }
    expect(forProvider(resourceNamed(out, 'socQueue')).redrivePolicy).toBe('{"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:111122223333:zta-security-events-dlq-dev","maxReceiveCount":5}');
  });

  // The simulator does not evaluate kms:EncryptionContext keys (test/support/iam-simulator.ts), so the
  // StringLike on the encryption context SNS and SQS send is evaluated here.
  test('the messaging key lets EventBridge encrypt only for this account\'s topics and queues (encryption context evaluated here, not by the simulator)', () => {
    const policy = JSON.parse(String(forProvider(resourceNamed(renderExample('dev-claim'), 'messagingKey')).policy)) as { Statement: JsonObject[] };
    const forEvents = policy.Statement.filter((st) => JSON.stringify(st.Principal).includes('events.amazonaws.com'));
    expect(forEvents.map((st) => st.Sid)).toEqual(['AllowEventBridgeToEncryptForTopicsOfAccount', 'AllowEventBridgeToEncryptForQueuesOfAccount']);
    const allows = (contextKey: string, arn: string) => forEvents.some((st) => {
      const like = ((st.Condition as Record<string, Record<string, string>>).StringLike ?? {});
      return Object.keys(like).length === 1 && like[`kms:EncryptionContext:${contextKey}`] !== undefined && iamWildcardMatch(like[`kms:EncryptionContext:${contextKey}`]!, arn);
    });
    expect(allows('aws:sns:topicArn', 'arn:aws:sns:eu-west-1:111122223333:zta-security-alarms-dev')).toBe(true);
    expect(allows('aws:sqs:arn', 'arn:aws:sqs:eu-west-1:111122223333:zta-security-events-dev')).toBe(true);
    expect(allows('aws:sns:topicArn', 'arn:aws:sns:eu-west-1:999988887777:attacker-topic')).toBe(false);
    expect(allows('aws:sqs:arn', 'arn:aws:sqs:eu-west-1:999988887777:attacker-queue')).toBe(false);
    // Without an encryption context of either service (EventBridge's own data, another service): no statement applies.
    expect(allows('aws:events:event-bus:arn', 'arn:aws:events:eu-west-1:111122223333:event-bus/default')).toBe(false);
  });

  test('rule ARNs and queue URL/ARN reach the claim status for the SIEM', () => {
    const status = claimStatus('dev-claim', 'threatDetection');
    expect((status.ruleArns as JsonObject).highRiskApiCalls).toBe('arn:aws:events:eu-west-1:111122223333:rule/zta-high-risk-api-calls-dev');
    expect(status.socQueueUrl).toBe('https://sqs.eu-west-1.amazonaws.com/111122223333/zta-security-events-dev');
    expect(status.socQueueArn).toBe('arn:aws:sqs:eu-west-1:111122223333:zta-security-events-dev');
  });

  test('filters and the responder go to a Terraform Workspace, on the account\'s onboarded ProviderConfig', () => {
    const out = renderExample('prod-claim');
    const ws = resourceNamed(out, 'guardDutyWorkspace');
    const varmap = forProvider(ws).varmap as JsonObject;
    expect(varmap.detector_id).toBe('9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f');
    expect((varmap.suppression_filters as JsonObject[])[0]!.name).toBe('vuln-scanner');
    expect(varmap.response_target_arn).toMatch(/^arn:aws:ssm:eu-central-1:444455556666:automation-definition\//);
    expect(varmap.guardduty_rule_arn).toBe('arn:aws:events:eu-central-1:444455556666:rule/zta-guardduty-findings-prod');
    // The ProviderConfig (account pinned, role and external ID) is onboarding's, not composed per claim.
    expect(((ws.spec as JsonObject).providerConfigRef as JsonObject).name).toBe('zta-payments-prod-terraform');
    expect(out.resources.filter((r) => r.kind === 'ProviderConfig')).toEqual([]);
  });

  test('a member account manages no GuardDuty lists: only the administrator may (XSecurityAdministration)', () => {
    const ws = resourceNamed(renderExample('prod-claim'), 'guardDutyWorkspace');
    expect(Object.keys(forProvider(ws).varmap as JsonObject).filter((k) => /threat_intel|trusted_ip/.test(k))).toEqual([]);
    expect(String(forProvider(ws).module)).not.toMatch(/aws_guardduty_(threatintelset|ipset)/);
    expect(String(forProvider(ws).module)).toMatch(/resource "aws_guardduty_filter" "suppression"/);
  });
});

describe('guardrails moved to the organization', () => {
  test('an account claim composes no Organizations policy or attachment: the organization composite owns them (test/charts/organization-guardrails.test.ts)', () => {
    for (const name of ['prod-claim', 'dev-claim'] as const) {
      const out = renderExample(name);
      expect(out.resources.filter((r) => String(r.apiVersion).startsWith('organizations.aws.upbound.io/'))).toEqual([]);
      expect(out.resources.filter((r) => r.kind === 'XGuardrails')).toEqual([]);
    }
  });
});

describe('parameter validation', () => {
  const validator = new Validator();
  for (const chart of [new ThreatDetectionChart(new App(), 'td'), new WebFirewallChart(new App(), 'wf')]) {
    for (const o of chart.toJson() as JsonObject[]) if (o.kind === 'CompositeResourceDefinition') validator.addXrd(o);
  }
  const base = { accountId: '111122223333', region: 'eu-west-1', environmentSuffix: 'dev' };
  const xr = (kind: string, parameters: Record<string, unknown>) => ({ apiVersion: 'aws.zerotrust.io/v1alpha1', kind, metadata: { name: 'x' }, spec: { parameters: { ...base, ...parameters } } });
  const td = { detectorId: '4ab8c1f2d9e07a3b5c6d7e8f90a1b2c3', terraformProviderConfigName: 'zta-payments-dev-terraform', messagingKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/x' };
  const problems = (kind: string, p: Record<string, unknown>) => validator.validate(xr(kind, p)).map(formatProblem);

  test('accepts valid parameters', () => {
    expect(problems('XThreatDetection', td)).toEqual([]);
    expect(problems('XWebFirewall', { logsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/x', rateLimit: 10 })).toEqual([]);
  });
  test.each([
    ['XThreatDetection', { ...td, minimumSeverity: 11 }, 'minimumSeverity', 'minimumSeverity must be a GuardDuty severity from 1 to 10'],
    ['XThreatDetection', { ...td, detectorId: 'not-a-detector' }, 'detectorId', 'detectorId must be the 32-character hex id'],
    ['XThreatDetection', { ...td, terraformProviderConfigName: 'Not A Name' }, 'terraformProviderConfigName', 'must match pattern'],
    ['XThreatDetection', { ...td, responseTarget: { arn: 'arn:aws:lambda:eu-west-1:444455556666:function:respond' } }, 'responseTarget', 'responseTarget.arn and responseTarget.roleArn must be in the bound account'],
    ['XThreatDetection', { ...td, responseTarget: { arn: 'arn:aws:ssm:eu-west-1:111122223333:automation-definition/Isolate:$DEFAULT', roleArn: 'arn:aws:iam::444455556666:role/r' } }, 'responseTarget', 'responseTarget.arn and responseTarget.roleArn must be in the bound account'],
    ['XThreatDetection', { ...td, responseTarget: { arn: 'arn:aws:sns:eu-west-1:111122223333:t' } }, 'responseTarget.arn', 'responseTarget.arn must be a Lambda function ARN or an SSM automation-definition ARN'],
    ['XThreatDetection', { ...td, responseTarget: { arn: 'arn:aws:ssm:eu-west-1:111122223333:automation-definition/Isolate:$DEFAULT' } }, 'responseTarget.roleArn', 'responseTarget.roleArn is required for an SSM Automation target'],
    ['XWebFirewall', { logsKeyArn: 'k', rateLimit: 9 }, 'rateLimit', 'rateLimit must be at least 10 requests per 5 minutes'],
    ['XWebFirewall', { logsKeyArn: 'k', resourceArns: ['arn:aws:s3:::bucket'] }, 'resourceArns[0]', 'must match pattern ^arn:aws:(elasticloadbalancing'],
    ['XWebFirewall', { logsKeyArn: 'k', resourceArns: ['arn:aws:elasticloadbalancing:eu-west-1:444455556666:loadbalancer/app/other/50dc6c495c0c9188'] }, 'resourceArns', 'resourceArns must all be resources of the bound account'],
  ])('%s rejects a bad %s', (kind, parameters, field, message) => {
    const found = problems(kind as string, parameters as Record<string, unknown>);
    expect(found.some((p) => p.includes(`.spec.parameters.${field as string}`) && p.includes(message as string))).toBe(true);
  });
});

// ---------------------------------------------------------------- optional features and readiness

const ready = (o: JsonObject) => ((((o.status as JsonObject | undefined)?.conditions ?? []) as JsonObject[]).find((c) => c.type === 'Ready'))?.status;
const OUR_KINDS = ['XThreatDetection', 'XSecurityHub', 'XWebFirewall'];
const ourProblems = (out: RenderOutput) => out.problems.filter((p) => OUR_KINDS.includes(p.object.split('/')[0]!));
const nestedOfKind = (out: RenderOutput, kind: string) => out.resources.filter((r) => r.kind === kind);

describe('the four domains end Ready in both example renders', () => {
  test.each(['dev-claim', 'prod-claim'] as const)('%s: every domain composite is Ready, with no problems', (name) => {
    const out = renderExample(name);
    expect(ourProblems(out)).toEqual([]);
    for (const kind of OUR_KINDS) {
      const found = nestedOfKind(out, kind);
      expect(found.length).toBeGreaterThan(0);
      for (const r of found) expect([kind, ready(r)]).toEqual([kind, 'True']);
    }
    // The association slots are the web firewall's own conditional resources: no nested composite.
    expect(nestedOfKind(out, 'XWebAclAssociation')).toEqual([]);
  });
});

// ---------------------------------------------------------------- item-level CEL rules, exact messages

describe('parameter rules on list items (schema bundle validator)', () => {
  const validator = Validator.fromBundle();
  for (const chart of buildPackage(new App()).charts) {
    for (const o of chart.toJson() as JsonObject[]) if (o.kind === 'CompositeResourceDefinition') validator.addXrd(o);
  }
  const base = { accountId: '111122223333', region: 'eu-west-1', environmentSuffix: 'dev' };
  const xr = (kind: string, parameters: Record<string, unknown>) => ({ apiVersion: 'aws.zerotrust.io/v1alpha1', kind, metadata: { name: 'x' }, spec: { parameters: { ...base, ...parameters } } });
  const td = { detectorId: '4ab8c1f2d9e07a3b5c6d7e8f90a1b2c3', terraformProviderConfigName: 'zta-payments-dev-terraform', messagingKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/x' };
  const wf = { logsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/x' };
  const alb = (n: number, region = 'eu-west-1') => `arn:aws:elasticloadbalancing:${region}:111122223333:loadbalancer/app/api-${n}/50dc6c495c0c9188`;
  /** CEL findings only, as [path, message]: the structural (pattern/maxItems) findings are asserted elsewhere. */
  const cel = (found: Problem[]) => found.filter((p) => p.rule.startsWith('cel: ')).map((p) => [p.path, p.message]);

  test('valid lists pass: four ALBs in the region, a filter criterion with an operator', () => {
    expect(validator.validate(xr('XWebFirewall', { ...wf, resourceArns: [1, 2, 3, 4].map((n) => alb(n)) }))).toEqual([]);
    expect(validator.validate(xr('XThreatDetection', {
      ...td,
      suppressionFilters: [{ name: 'scanner', rank: 1, criteria: [{ field: 'type', equals: ['Recon:EC2/PortProbeUnprotectedPort'] }] }],
    }))).toEqual([]);
  });

  test('Security Hub takes no standards or existingHub any more: the organization decides both, and the fields are rejected', () => {
    expect(validator.validate(xr('XSecurityHub', {}))).toEqual([]);
    for (const field of ['standards', 'existingHub']) {
      const found = validator.validate(xr('XSecurityHub', { [field]: field === 'standards' ? ['pci-dss/v/4.0.1'] : 'Observe' })).map(formatProblem);
      expect(found.some((p) => p.includes(`.spec.parameters.${field}`))).toBe(true);
    }
  });

  test.each<[string, string, Record<string, unknown>, [string, string][]]>([
    ['XWebFirewall', 'more resource ARNs than association slots', { ...wf, resourceArns: [1, 2, 3, 4, 5].map((n) => alb(n)) },
      [['.spec.parameters.resourceArns', `resourceArns can hold at most ${MAX_ASSOCIATIONS} entries (the composition has ${MAX_ASSOCIATIONS} web ACL association slots)`]]],
    ['XWebFirewall', 'a resource WAF cannot protect', { ...wf, resourceArns: [alb(1), 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/nlb/50dc6c495c0c9188'] },
      [['.spec.parameters.resourceArns[1]', 'resourceArns entries must be ARNs of resources a regional web ACL can protect: an application load balancer, API Gateway REST stage, AppSync API, Cognito user pool, App Runner service or Verified Access instance']]],
    ['XWebFirewall', 'a resource in another region', { ...wf, resourceArns: [alb(1, 'us-east-1')] },
      [['.spec.parameters.resourceArns', 'resourceArns must all be in the baseline region (spec.parameters.region): a regional web ACL protects only resources of its own region']]],
    ['XThreatDetection', 'a suppression criterion without an operator', { ...td, suppressionFilters: [{ name: 'scanner', rank: 1, criteria: [{ field: 'type', equals: ['x'] }, { field: 'severity' }] }] },
      [['.spec.parameters.suppressionFilters[0].criteria[1]', 'a criterion needs at least one of equals, notEquals, greaterThanOrEqual, lessThan']]],
    ['XThreatDetection', 'two suppression filters with one name', {
      ...td, suppressionFilters: [1, 2].map((rank) => ({ name: 'scanner', rank, criteria: [{ field: 'type', equals: ['x'] }] })),
    }, [['.spec.parameters.suppressionFilters', 'suppressionFilters names must be unique (GuardDuty and the Terraform module key entries by name)']]],
  ])('%s rejects %s with a field-specific message', (kind, _what, parameters, expected) => {
    expect(cel(validator.validate(xr(kind, parameters)))).toEqual(expected);
  });

  test('the claim carries the item rules into its domain sections', () => {
    const claim = {
      apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'ZeroTrustAccount', metadata: { name: 'x', namespace: 'team' },
      spec: { parameters: { ...base, webFirewall: { resourceArns: ['arn:aws:s3:::bucket'] }, threatDetection: { ...td, suppressionFilters: [{ name: 'scanner', rank: 1, criteria: [{ field: 'type' }] }] } } },
    };
    expect(cel(validator.validate(claim))).toEqual([
      ['.spec.parameters.threatDetection.suppressionFilters[0].criteria[0]', 'a criterion needs at least one of equals, notEquals, greaterThanOrEqual, lessThan'],
      ['.spec.parameters.webFirewall.resourceArns[0]', 'resourceArns entries must be ARNs of resources a regional web ACL can protect: an application load balancer, API Gateway REST stage, AppSync API, Cognito user pool, App Runner service or Verified Access instance'],
    ]);
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('threat-detection'), () => expect(synthChart('threat-detection')).toMatchSnapshot());
