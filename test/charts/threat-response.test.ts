// Threat detection, Security Hub, guardrails and web firewall: facts about the rendered example
// claims, the rendered event patterns run through the matcher, and parameter rejections.
import { App } from 'cdk8s';
import { Labels } from '../../compositions';
import { matchesEventPattern, type EventPattern } from '../../compositions/event-pattern';
import { SCP_MAX_CHARACTERS } from '../../compositions/scp';
import type { RenderOutput } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';
import { buildPackage } from '../../charts';
import { GuardrailsChart } from '../../charts/guardrails';
import { DEFAULT_STANDARDS, SECURITY_HUB_STANDARDS, SecurityHubChart } from '../../charts/security-hub';
import { SecurityHubStandardChart } from '../../charts/security-hub-standard';
import { ThreatDetectionChart } from '../../charts/threat-detection';
import { WebAclAssociationChart } from '../../charts/web-acl-association';
import { MAX_ASSOCIATIONS, WebFirewallChart } from '../../charts/web-firewall';
import { formatProblem, Validator, type Problem } from '../../validator/validate';
import { forProvider, renderExample, resourceNamed, resourcesOfKind } from '../support/render-example';
import { renderCharts } from '../support/render-chart';

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
    // The threat-detection domain's targets (security monitoring's global-service event targets are tested in regions.test.ts).
    const targets = resourcesOfKind(out, 'Target.cloudwatchevents.aws.upbound.io')
      .filter((t) => ((t.metadata as JsonObject).labels as JsonObject)['zerotrust.io/domain'] === 'threatDetection').map(forProvider);
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
  test('a member hub sets no option reserved to the administrator (control findings, control auto-enable under central configuration)', () => {
    const hub = forProvider(resourceNamed(renderExample('prod-claim'), 'hub'));
    expect(hub).not.toHaveProperty('controlFindingGenerator');
    expect(hub).not.toHaveProperty('autoEnableControls');
    expect(hub.enableDefaultStandards).toBe(false);
  });
});

describe('guardrails (rendered)', () => {
  test('SCPs are created with the management account\'s onboarded ProviderConfig and attached to the bound account only', () => {
    const out = renderExample('prod-claim');
    for (const r of [...resourcesOfKind(out, 'Policy.organizations.aws.upbound.io'), ...resourcesOfKind(out, 'PolicyAttachment.organizations.aws.upbound.io')]) {
      expect(((r.spec as JsonObject).providerConfigRef as JsonObject).name).toBe('zta-organization-management');
    }
    for (const a of resourcesOfKind(out, 'PolicyAttachment.organizations.aws.upbound.io')) expect(forProvider(a).targetId).toBe('444455556666');
    expect(resourcesOfKind(out, 'PolicyAttachment.organizations.aws.upbound.io').length).toBeLessThanOrEqual(4);
  });
  test('the rendered region guardrail lists exactly the onboarded regions and exempts the identity domain\'s break-glass role and the provisioning role; every rendered SCP is under 5,120 characters', () => {
    const out = renderExample('prod-claim');
    const region = JSON.parse(String(forProvider(resourceNamed(out, 'regionGuardrailScp')).content));
    expect(region.Statement[0].Condition.StringNotEquals['aws:RequestedRegion']).toEqual(['eu-central-1', 'eu-west-1']);
    expect(region.Statement[0].Condition.ArnNotLike['aws:PrincipalArn']).toEqual(['arn:aws:iam::*:role/zta-break-glass-prod', 'arn:aws:iam::*:role/platform/zta-provisioning']);
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
  for (const chart of [new ThreatDetectionChart(new App(), 'td'), new GuardrailsChart(new App(), 'gr'), new WebFirewallChart(new App(), 'wf', new WebAclAssociationChart(new App(), 'wa').names)]) {
    for (const o of chart.toJson() as JsonObject[]) if (o.kind === 'CompositeResourceDefinition') validator.addXrd(o);
  }
  const base = { accountId: '111122223333', region: 'eu-west-1', environmentSuffix: 'dev' };
  const xr = (kind: string, parameters: Record<string, unknown>) => ({ apiVersion: 'aws.zerotrust.io/v1alpha1', kind, metadata: { name: 'x' }, spec: { parameters: { ...base, ...parameters } } });
  const td = { detectorId: '4ab8c1f2d9e07a3b5c6d7e8f90a1b2c3', terraformProviderConfigName: 'zta-payments-dev-terraform', messagingKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/x' };
  const gr = { managementProviderConfigName: 'org', provisioningRoleName: 'prov', allowedRegions: ['eu-west-1'] };
  const problems = (kind: string, p: Record<string, unknown>) => validator.validate(xr(kind, p)).map(formatProblem);

  test('accepts valid parameters', () => {
    expect(problems('XThreatDetection', td)).toEqual([]);
    expect(problems('XGuardrails', gr)).toEqual([]);
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
    ['XGuardrails', { ...gr, allowedRegions: ['eu-central-1'] }, 'allowedRegions', 'allowedRegions must include the baseline region'],
    ['XGuardrails', { ...gr, provisioningRoleName: 'arn:aws:iam::111122223333:role/prov' }, 'provisioningRoleName', 'provisioningRoleName must be an IAM role name'],
  ])('%s rejects a bad %s', (kind, parameters, field, message) => {
    const found = problems(kind as string, parameters as Record<string, unknown>);
    expect(found.some((p) => p.includes(`.spec.parameters.${field as string}`) && p.includes(message as string))).toBe(true);
  });
});

// ---------------------------------------------------------------- optional features and readiness

const ready = (o: JsonObject) => ((((o.status as JsonObject | undefined)?.conditions ?? []) as JsonObject[]).find((c) => c.type === 'Ready'))?.status;
const label = (r: JsonObject, key: string) => ((r.metadata as JsonObject).labels as Record<string, string> | undefined)?.[key];
const compositionRef = (r: JsonObject) => (((r.spec as JsonObject).compositionRef ?? {}) as JsonObject).name;
const OUR_KINDS = ['XThreatDetection', 'XSecurityHub', 'XSecurityHubStandard', 'XGuardrails', 'XWebFirewall', 'XWebAclAssociation'];
const ourProblems = (out: RenderOutput) => out.problems.filter((p) => OUR_KINDS.includes(p.object.split('/')[0]!));
const nestedOfKind = (out: RenderOutput, kind: string) => out.resources.filter((r) => r.kind === kind);

describe('the four domains end Ready in both example renders', () => {
  test.each(['dev-claim', 'prod-claim'] as const)('%s: every domain composite and optional feature is Ready, with no problems', (name) => {
    const out = renderExample(name);
    expect(ourProblems(out)).toEqual([]);
    for (const kind of OUR_KINDS) {
      const found = nestedOfKind(out, kind);
      expect(found.length).toBeGreaterThan(0);
      for (const r of found) expect([kind, ready(r)]).toEqual([kind, 'True']);
    }
    // One slot per possible association, one composite per catalog standard: present whether used or not.
    expect(nestedOfKind(out, 'XWebAclAssociation')).toHaveLength(MAX_ASSOCIATIONS);
    expect(nestedOfKind(out, 'XSecurityHubStandard')).toHaveLength(Object.keys(SECURITY_HUB_STANDARDS).length);
  });
});

describe('web ACL associations: one optional slot per resource ARN', () => {
  const slots = (out: RenderOutput) => Object.fromEntries(nestedOfKind(out, 'XWebAclAssociation').map((r) => [label(r, Labels.component), compositionRef(r)]));

  test('dev lists no resource: every slot uses the disabled composition and nothing is associated; the web firewall is Ready', () => {
    const out = renderExample('dev-claim');
    expect(slots(out)).toEqual(Object.fromEntries(Array.from({ length: MAX_ASSOCIATIONS }, (_, i) => [`association${i}`, 'xwebaclassociations-disabled.aws.zerotrust.io'])));
    expect(resourcesOfKind(out, 'WebACLAssociation.wafv2.aws.upbound.io')).toHaveLength(0);
    expect(ready(nestedOfKind(out, 'XWebFirewall')[0]!)).toBe('True');
  });

  test('prod lists one ALB: slot 0 is enabled and associates the web ACL published by XWebFirewall; slots 1-3 stay disabled', () => {
    const out = renderExample('prod-claim');
    expect(slots(out)).toEqual({
      association0: 'xwebaclassociations.aws.zerotrust.io',
      association1: 'xwebaclassociations-disabled.aws.zerotrust.io',
      association2: 'xwebaclassociations-disabled.aws.zerotrust.io',
      association3: 'xwebaclassociations-disabled.aws.zerotrust.io',
    });
    const [assoc] = resourcesOfKind(out, 'WebACLAssociation.wafv2.aws.upbound.io').map(forProvider);
    expect(assoc!.webAclArn).toBe(claimStatus('prod-claim', 'webFirewall').webAclArn);
    expect(String(assoc!.webAclArn)).toMatch(/^arn:aws:wafv2:eu-central-1:444455556666:regional\/webacl\/zta-web-acl-prod\//);
    expect(ready(nestedOfKind(out, 'XWebFirewall')[0]!)).toBe('True');
  });

  const firewall = (resourceArns: string[]) => renderCharts((app) => {
    const association = new WebAclAssociationChart(app, 'association');
    return [association, new WebFirewallChart(app, 'firewall', association.names)];
  }, {
    apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XWebFirewall', metadata: { name: 'firewall' },
    spec: { parameters: { accountId: '111122223333', region: 'eu-west-1', environmentSuffix: 'dev', logsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/logs', resourceArns } },
  });
  const alb = (n: number) => `arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/api-${n}/50dc6c495c0c918${n}`;

  test.each([0, 2, MAX_ASSOCIATIONS])('an XWebFirewall with %i resource ARNs associates exactly those and is Ready', (count) => {
    const arns = Array.from({ length: count }, (_, i) => alb(i));
    const out = firewall(arns);
    expect(out.problems).toEqual([]);
    expect(ready(out.composite)).toBe('True');
    expect(resourcesOfKind(out, 'WebACLAssociation.wafv2.aws.upbound.io').map((r) => forProvider(r).resourceArn).sort()).toEqual(arns);
    // A disabled slot composes nothing at all, and is Ready.
    const disabled = nestedOfKind(out, 'XWebAclAssociation').filter((r) => compositionRef(r) === 'xwebaclassociations-disabled.aws.zerotrust.io');
    expect(disabled).toHaveLength(MAX_ASSOCIATIONS - count);
    for (const d of disabled) {
      expect(ready(d)).toBe('True');
      expect(out.resources.filter((r) => ((r.metadata as JsonObject).ownerReferences as JsonObject[] | undefined)?.some((o) => o.name === (d.metadata as JsonObject).name))).toEqual([]);
    }
  });
});

describe('Security Hub standards: one optional composite per catalog standard', () => {
  test.each(['dev-claim', 'prod-claim'] as const)('%s (defaults): the three default standards are enabled, the other four disabled, the hub Ready', (name) => {
    const out = renderExample(name);
    const refs = Object.fromEntries(nestedOfKind(out, 'XSecurityHubStandard').map((r) => [label(r, Labels.component), compositionRef(r)]));
    expect(Object.keys(refs).sort()).toEqual(Object.keys(SECURITY_HUB_STANDARDS).map((k) => `${k}Standard`).sort());
    const on = Object.entries(SECURITY_HUB_STANDARDS).filter(([, id]) => DEFAULT_STANDARDS.includes(id)).map(([k]) => `${k}Standard`);
    for (const [component, ref] of Object.entries(refs)) {
      expect([component, ref]).toEqual([component, on.includes(component!) ? 'xsecurityhubstandards.aws.zerotrust.io' : 'xsecurityhubstandards-disabled.aws.zerotrust.io']);
    }
    expect(ready(nestedOfKind(out, 'XSecurityHub')[0]!)).toBe('True');
  });

  const hub = (standards?: string[]) => renderCharts((app) => {
    const standard = new SecurityHubStandardChart(app, 'standard');
    return [standard, new SecurityHubChart(app, 'hub', standard.names)];
  }, {
    apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XSecurityHub', metadata: { name: 'hub' },
    spec: { parameters: { accountId: '111122223333', region: 'eu-west-1', environmentSuffix: 'dev', ...(standards ? { standards } : {}) } },
  });
  const subscribed = (out: RenderOutput) => resourcesOfKind(out, 'StandardsSubscription.securityhub.aws.upbound.io').map((r) => String(forProvider(r).standardsArn)).sort();

  test('a claim choosing two standards gets exactly those two subscriptions, each after the hub, and is Ready', () => {
    const out = hub([SECURITY_HUB_STANDARDS.pciDssV401, SECURITY_HUB_STANDARDS.foundationalBestPractices]);
    expect(out.problems).toEqual([]);
    expect(ready(out.composite)).toBe('True');
    expect(subscribed(out)).toEqual([
      'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0',
      'arn:aws:securityhub:eu-west-1::standards/pci-dss/v/4.0.1',
    ]);
    const hubArn = String((out.composite.status as JsonObject).securityHubArn);
    for (const r of resourcesOfKind(out, 'StandardsSubscription.securityhub.aws.upbound.io')) expect(((r.metadata as JsonObject).annotations as Record<string, string>)['zerotrust.io/security-hub']).toBe(hubArn);
    for (const s of nestedOfKind(out, 'XSecurityHubStandard')) expect(ready(s)).toBe('True');
  });

  test('every catalog standard can be enabled at once; the schema default gives the three baseline standards', () => {
    const all = hub(Object.values(SECURITY_HUB_STANDARDS));
    expect(all.problems).toEqual([]);
    expect(ready(all.composite)).toBe('True');
    expect(subscribed(all)).toHaveLength(Object.keys(SECURITY_HUB_STANDARDS).length);
    const byDefault = hub();
    expect(ready(byDefault.composite)).toBe('True');
    expect(subscribed(byDefault)).toEqual(DEFAULT_STANDARDS.map((id) => `arn:aws:securityhub:eu-west-1::standards/${id}`).sort());
  });

  test('reordering the list keeps every subscription in its own composite (no slot shifts)', () => {
    const owner = (out: RenderOutput) => Object.fromEntries(resourcesOfKind(out, 'StandardsSubscription.securityhub.aws.upbound.io').map((r) => {
      const parent = nestedOfKind(out, 'XSecurityHubStandard').find((x) => ((r.metadata as JsonObject).ownerReferences as JsonObject[]).some((o) => o.name === (x.metadata as JsonObject).name))!;
      return [String(forProvider(r).standardsArn), label(parent, Labels.component)];
    }));
    const a = owner(hub([SECURITY_HUB_STANDARDS.cisV300, SECURITY_HUB_STANDARDS.nist80053R5]));
    const b = owner(hub([SECURITY_HUB_STANDARDS.nist80053R5, SECURITY_HUB_STANDARDS.cisV300]));
    expect(a).toEqual(b);
    expect(Object.values(a).sort()).toEqual(['cisV300Standard', 'nist80053R5Standard']);
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

  test('valid lists pass: four ALBs in the region, a filter criterion with an operator, two standards', () => {
    expect(validator.validate(xr('XWebFirewall', { ...wf, resourceArns: [1, 2, 3, 4].map((n) => alb(n)) }))).toEqual([]);
    expect(validator.validate(xr('XThreatDetection', {
      ...td,
      suppressionFilters: [{ name: 'scanner', rank: 1, criteria: [{ field: 'type', equals: ['Recon:EC2/PortProbeUnprotectedPort'] }] }],
    }))).toEqual([]);
    expect(validator.validate(xr('XSecurityHub', { standards: [SECURITY_HUB_STANDARDS.pciDssV401, SECURITY_HUB_STANDARDS.cisV300] }))).toEqual([]);
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
