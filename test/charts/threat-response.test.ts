// Threat detection, Security Hub, guardrails and web firewall: facts about the rendered example
// claims, the rendered event patterns run through the matcher, and parameter rejections.
import { App } from 'cdk8s';
import { matchesEventPattern, type EventPattern } from '../../compositions/event-pattern';
import { SCP_MAX_CHARACTERS } from '../../compositions/scp';
import type { JsonObject } from '../../renderer/types';
import { GuardrailsChart } from '../../charts/guardrails';
import { ThreatDetectionChart } from '../../charts/threat-detection';
import { WebFirewallChart } from '../../charts/web-firewall';
import { formatProblem, Validator } from '../../validator/validate';
import { forProvider, renderExample, resourceNamed, resourcesOfKind } from '../support/render-example';

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
    const targets = resourcesOfKind(out, 'Target.cloudwatchevents.aws.upbound.io').map(forProvider);
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

  test('the messaging key lets EventBridge encrypt without aws:SourceAccount/aws:SourceArn (unsupported for EventBridge deliveries)', () => {
    const policy = JSON.parse(String(forProvider(resourceNamed(renderExample('dev-claim'), 'messagingKey')).policy));
    const stmt = policy.Statement.find((s: JsonObject) => s.Sid === 'AllowEventBridgeToEncryptForTargets');
    expect(stmt).toEqual({ Sid: 'AllowEventBridgeToEncryptForTargets', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Resource: '*' });
  });

  test('rule ARNs and queue URL/ARN reach the claim status for the SIEM', () => {
    const status = claimStatus('dev-claim', 'threatDetection');
    expect((status.ruleArns as JsonObject).highRiskApiCalls).toBe('arn:aws:events:eu-west-1:111122223333:rule/zta-high-risk-api-calls-dev');
    expect(status.socQueueUrl).toBe('https://sqs.eu-west-1.amazonaws.com/111122223333/zta-security-events-dev');
    expect(status.socQueueArn).toBe('arn:aws:sqs:eu-west-1:111122223333:zta-security-events-dev');
  });

  test('provider gap: threat intel / trusted IP sets, filters and the responder go to a Terraform Workspace pinned to the account', () => {
    const out = renderExample('prod-claim');
    const ws = resourceNamed(out, 'guardDutyWorkspace');
    const varmap = forProvider(ws).varmap as JsonObject;
    expect(varmap.detector_id).toBe('9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f');
    expect((varmap.threat_intel_sets as JsonObject[]).map((s) => s.name)).toEqual(['soc-blocklist', 'vendor-feed']);
    expect((varmap.suppression_filters as JsonObject[])[0]!.name).toBe('vuln-scanner');
    expect(varmap.response_target_arn).toMatch(/^arn:aws:ssm:eu-central-1:444455556666:automation-definition\//);
    expect(varmap.guardduty_rule_arn).toBe('arn:aws:events:eu-central-1:444455556666:rule/zta-guardduty-findings-prod');
    expect(((ws.spec as JsonObject).providerConfigRef as JsonObject).name).toBe('zta-threat-detection-444455556666-prod');
    const pc = resourceNamed(out, 'terraformProviderConfig');
    expect((pc.metadata as JsonObject).name).toBe('zta-threat-detection-444455556666-prod');
    const config = String((pc.spec as JsonObject).configuration);
    expect(config).toContain('allowed_account_ids = ["444455556666"]');
    expect(config).toContain('role_arn     = "arn:aws:iam::444455556666:role/platform/zta-provisioning"');
    expect(config).toContain('backend "kubernetes"');
  });
});

describe('security hub (rendered)', () => {
  test('the three default standards are subscribed with their regional ARNs', () => {
    const arns = resourcesOfKind(renderExample('prod-claim'), 'StandardsSubscription.securityhub.aws.upbound.io').map((r) => forProvider(r).standardsArn).sort();
    expect(arns).toEqual([
      'arn:aws:securityhub:eu-central-1::standards/aws-foundational-security-best-practices/v/1.0.0',
      'arn:aws:securityhub:eu-central-1::standards/cis-aws-foundations-benchmark/v/3.0.0',
      'arn:aws:securityhub:eu-central-1::standards/nist-800-53/v/5.0.0',
    ]);
  });
  test('six custom insights and two action targets; the hub ARN reaches the claim status', () => {
    const out = renderExample('prod-claim');
    expect(resourcesOfKind(out, 'Insight.securityhub.aws.upbound.io')).toHaveLength(6);
    expect(resourcesOfKind(out, 'ActionTarget.securityhub.aws.upbound.io')).toHaveLength(2);
    expect(forProvider(resourceNamed(out, 'guardDutyHighSeverityInsight')).filters).toMatchObject({ productName: [{ comparison: 'EQUALS', value: 'GuardDuty' }] });
    expect(claimStatus('prod-claim', 'securityHub').securityHubArn).toBe('arn:aws:securityhub:eu-central-1:444455556666:hub/default');
  });
});

describe('guardrails (rendered)', () => {
  test('SCPs are created with the management account\'s ProviderConfig and attached to the account', () => {
    const out = renderExample('prod-claim');
    for (const r of [...resourcesOfKind(out, 'Policy.organizations.aws.upbound.io'), ...resourcesOfKind(out, 'PolicyAttachment.organizations.aws.upbound.io')]) {
      expect(((r.spec as JsonObject).providerConfigRef as JsonObject).name).toBe('org-management');
    }
    for (const a of resourcesOfKind(out, 'PolicyAttachment.organizations.aws.upbound.io')) expect(forProvider(a).targetId).toBe('444455556666');
    expect(resourcesOfKind(out, 'PolicyAttachment.organizations.aws.upbound.io').length).toBeLessThanOrEqual(4);
  });
  test('the rendered region guardrail lists exactly the claim\'s regions; every rendered SCP is under 5,120 characters', () => {
    const out = renderExample('prod-claim');
    const region = JSON.parse(String(forProvider(resourceNamed(out, 'regionGuardrailScp')).content));
    expect(region.Statement[0].Condition.StringNotEquals['aws:RequestedRegion']).toEqual(['eu-central-1', 'eu-west-1']);
    expect(region.Statement[0].Condition.ArnNotLike['aws:PrincipalArn']).toEqual(['arn:aws:iam::*:role/zta-break-glass', 'arn:aws:iam::*:role/platform/zta-provisioning']);
    for (const p of resourcesOfKind(out, 'Policy.organizations.aws.upbound.io')) expect(String(forProvider(p).content).length).toBeLessThan(SCP_MAX_CHARACTERS);
    expect(Object.keys(claimStatus('prod-claim', 'guardrails').scpIds as JsonObject).sort()).toEqual(['protectKeysAndRoot', 'protectSecurityServices', 'regionGuardrail']);
  });
});

describe('web firewall (rendered)', () => {
  test('the web ACL carries the claim\'s rate limit and the IP reputation group, default allow, metrics on', () => {
    const acl = forProvider(resourceNamed(renderExample('dev-claim'), 'webAcl'));
    const rules = JSON.parse(String(acl.ruleJson)) as JsonObject[];
    expect((rules[0]!.Statement as JsonObject).RateBasedStatement).toEqual({ Limit: 1000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 });
    expect(rules.some((r) => ((r.Statement as JsonObject).ManagedRuleGroupStatement as JsonObject | undefined)?.Name === 'AWSManagedRulesAmazonIpReputationList')).toBe(true);
    expect(acl.defaultAction).toEqual({ allow: {} });
    expect(acl.scope).toBe('REGIONAL');
    expect((acl.visibilityConfig as JsonObject).cloudwatchMetricsEnabled).toBe(true);
  });
  test('logs go to a KMS-encrypted aws-waf-logs- log group', () => {
    const out = renderExample('dev-claim');
    const group = resourceNamed(out, 'wafLogGroup');
    expect(annotations(group)['crossplane.io/external-name']).toBe('aws-waf-logs-zta-dev');
    expect(forProvider(group).kmsKeyId).toBe(claimStatus('dev-claim', 'encryption').logsKeyArn);
    expect(forProvider(resourceNamed(out, 'webAclLogging')).logDestinationConfigs).toEqual(['arn:aws:logs:eu-west-1:111122223333:log-group:aws-waf-logs-zta-dev']);
  });
  test('one association per listed resource ARN (prod: the payments ALB)', () => {
    const assoc = resourcesOfKind(renderExample('prod-claim'), 'WebACLAssociation.wafv2.aws.upbound.io').map(forProvider);
    expect(assoc.map((a) => a.resourceArn)).toEqual(['arn:aws:elasticloadbalancing:eu-central-1:444455556666:loadbalancer/app/payments-api/50dc6c495c0c9188']);
  });
});

describe('parameter validation', () => {
  const validator = new Validator();
  for (const chart of [new ThreatDetectionChart(new App(), 'td'), new GuardrailsChart(new App(), 'gr'), new WebFirewallChart(new App(), 'wf')]) {
    for (const o of chart.toJson() as JsonObject[]) if (o.kind === 'CompositeResourceDefinition') validator.addXrd(o);
  }
  const base = { accountId: '111122223333', region: 'eu-west-1', environmentSuffix: 'dev' };
  const xr = (kind: string, parameters: Record<string, unknown>) => ({ apiVersion: 'aws.zerotrust.io/v1alpha1', kind, metadata: { name: 'x' }, spec: { parameters: { ...base, ...parameters } } });
  const td = { detectorId: '4ab8c1f2d9e07a3b5c6d7e8f90a1b2c3', terraformRoleArn: 'arn:aws:iam::111122223333:role/zta-provisioning', messagingKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/x' };
  const gr = { managementProviderConfigName: 'org', breakGlassRoleName: 'bg', provisioningRoleName: 'prov', allowedRegions: ['eu-west-1'] };
  const problems = (kind: string, p: Record<string, unknown>) => validator.validate(xr(kind, p)).map(formatProblem);

  test('accepts valid parameters', () => {
    expect(problems('XThreatDetection', td)).toEqual([]);
    expect(problems('XGuardrails', gr)).toEqual([]);
    expect(problems('XWebFirewall', { logsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/x', rateLimit: 10 })).toEqual([]);
  });
  test.each([
    ['XThreatDetection', { ...td, minimumSeverity: 11 }, 'minimumSeverity', 'minimumSeverity must be a GuardDuty severity from 1 to 10'],
    ['XThreatDetection', { ...td, detectorId: 'not-a-detector' }, 'detectorId', 'detectorId must be the 32-character hex id'],
    ['XThreatDetection', { ...td, terraformRoleArn: 'zta-provisioning' }, 'terraformRoleArn', 'terraformRoleArn must be an IAM role ARN'],
    ['XThreatDetection', { ...td, responseTarget: { arn: 'arn:aws:sns:eu-west-1:111122223333:t' } }, 'responseTarget.arn', 'responseTarget.arn must be a Lambda function ARN or an SSM automation-definition ARN'],
    ['XThreatDetection', { ...td, responseTarget: { arn: 'arn:aws:ssm:eu-west-1:111122223333:automation-definition/Isolate:$DEFAULT' } }, 'responseTarget.roleArn', 'responseTarget.roleArn is required for an SSM Automation target'],
    ['XThreatDetection', { ...td, threatIntelSets: [{ name: 'feed', location: 'ftp://x/y' }] }, 'threatIntelSets[0].location', 'must match pattern ^(https://'],
    ['XWebFirewall', { logsKeyArn: 'k', rateLimit: 9 }, 'rateLimit', 'rateLimit must be at least 10 requests per 5 minutes'],
    ['XWebFirewall', { logsKeyArn: 'k', resourceArns: ['arn:aws:s3:::bucket'] }, 'resourceArns[0]', 'must match pattern ^arn:aws:(elasticloadbalancing'],
    ['XGuardrails', { ...gr, allowedRegions: ['eu-central-1'] }, 'allowedRegions', 'allowedRegions must include the baseline region'],
    ['XGuardrails', { ...gr, breakGlassRoleName: 'arn:aws:iam::111122223333:role/bg' }, 'breakGlassRoleName', 'breakGlassRoleName must be an IAM role name'],
  ])('%s rejects a bad %s', (kind, parameters, field, message) => {
    const found = problems(kind as string, parameters as Record<string, unknown>);
    expect(found.some((p) => p.includes(`.spec.parameters.${field as string}`) && p.includes(message as string))).toBe(true);
  });
});
