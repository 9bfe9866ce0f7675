// The WebACL ruleJson built from typed rules: rate limit first, AWS managed groups after.
import { rawJson } from '../../../compositions/kernel/raw-json';
import { BASELINE_MANAGED_RULE_GROUPS, baselineWafRules, managedRuleGroup, rateBasedRule, wafRuleJson } from '../../../compositions/policy/waf-rules';

describe('WAF rule JSON', () => {
  const rules = JSON.parse(wafRuleJson(baselineWafRules(1000))) as Record<string, any>[];

  test('the rate-based rule blocks per client IP above the limit and comes first', () => {
    expect(rules[0]).toEqual({
      Name: 'RateLimitPerIp', Priority: 0,
      Statement: { RateBasedStatement: { Limit: 1000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
      Action: { Block: {} },
      VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'RateLimitPerIp' },
    });
  });
  test('the Amazon IP reputation list and the other baseline AWS managed groups keep their own actions', () => {
    const ipReputation = rules.find((r) => r.Name === 'AWSManagedRulesAmazonIpReputationList')!;
    expect(ipReputation.Statement).toEqual({ ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesAmazonIpReputationList' } });
    expect(ipReputation.OverrideAction).toEqual({ None: {} });
    expect(rules.map((r) => r.Name).slice(1)).toEqual([...BASELINE_MANAGED_RULE_GROUPS]);
    expect(new Set(rules.map((r) => r.Priority)).size).toBe(rules.length);
    for (const r of rules) expect(r.VisibilityConfig.CloudWatchMetricsEnabled).toBe(true);
  });
  test('a composition token limit is written as a bare number placeholder', () => {
    expect(wafRuleJson(baselineWafRules(rawJson('${xr:spec.parameters.rateLimit}')))).toContain('"Limit":${xr:spec.parameters.rateLimit},');
  });
  test('throws if the rate limit is below the AWS minimum of 10', () => {
    expect(() => rateBasedRule({ name: 'r', priority: 0, limit: 9 })).toThrow("waf rule 'r': 'limit' must be an integer from 10 to 2000000000, got 9");
  });
  test('throws if two rules share a priority', () => {
    expect(() => wafRuleJson([managedRuleGroup({ groupName: 'A', priority: 1 }), managedRuleGroup({ groupName: 'B', priority: 1 })])).toThrow("rule 'B': priority 1 is used twice");
  });
});
