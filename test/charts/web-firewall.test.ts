// Web firewall: the rendered web ACL, its logging, and one conditional association slot per resource ARN.
import { Labels } from '../../compositions';
import type { RenderOutput } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';
import { MAX_ASSOCIATIONS, WebFirewallChart } from '../../charts/web-firewall';
import { forProvider, renderExample, resourceNamed, resourcesOfKind } from '../support/render-example';
import { renderCharts } from '../support/render-chart';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

const annotations = (r: JsonObject) => ((r.metadata as JsonObject).annotations ?? {}) as Record<string, string>;
const claimStatus = (name: 'dev-claim' | 'prod-claim', domain: string) => ((renderExample(name).claim!.status as JsonObject)[domain] ?? {}) as JsonObject;

const ready = (o: JsonObject) => ((((o.status as JsonObject | undefined)?.conditions ?? []) as JsonObject[]).find((c) => c.type === 'Ready'))?.status;
const label = (r: JsonObject, key: string) => ((r.metadata as JsonObject).labels as Record<string, string> | undefined)?.[key];
const nestedOfKind = (out: RenderOutput, kind: string) => out.resources.filter((r) => r.kind === kind);

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

describe('web ACL associations: one conditional slot per resource ARN', () => {
  const slots = (out: RenderOutput) => resourcesOfKind(out, 'WebACLAssociation.wafv2.aws.upbound.io').map((r) => label(r, Labels.component));

  test('dev lists no resource: no slot is composed and nothing is associated; the web firewall is Ready', () => {
    const out = renderExample('dev-claim');
    expect(slots(out)).toEqual([]);
    expect(ready(nestedOfKind(out, 'XWebFirewall')[0]!)).toBe('True');
  });

  test('prod lists one ALB: slot 0 is composed and associates the web ACL it references; slots 1-3 compose nothing', () => {
    const out = renderExample('prod-claim');
    expect(slots(out)).toEqual(['association0']);
    const [assoc] = resourcesOfKind(out, 'WebACLAssociation.wafv2.aws.upbound.io').map(forProvider);
    expect(assoc!.webAclArn).toBe(claimStatus('prod-claim', 'webFirewall').webAclArn);
    expect(String(assoc!.webAclArn)).toMatch(/^arn:aws:wafv2:eu-central-1:444455556666:regional\/webacl\/zta-web-acl-prod\//);
    expect(ready(nestedOfKind(out, 'XWebFirewall')[0]!)).toBe('True');
  });

  const firewall = (resourceArns: string[]) => renderCharts((app) => [new WebFirewallChart(app, 'firewall')], {
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
    // An empty slot composes nothing at all (its deletion order neither), and never holds readiness back.
    expect(slots(out).sort()).toEqual(arns.map((_, i) => `association${i}`));
    expect(resourcesOfKind(out, 'ClusterUsage.protection.crossplane.io').map((r) => label(r, Labels.component)).filter((n) => /^association/.test(String(n)))).toHaveLength(count);
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('web-firewall'), () => expect(synthChart('web-firewall')).toMatchSnapshot());
