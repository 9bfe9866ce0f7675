// WAFv2 web ACL rules as typed values. provider-upjet-aws drops the structured `rule` block of
// WebACL (CRD size) and only accepts `ruleJson`: the rules in the WAFv2 API's JSON shape
// (PascalCase, as in CreateWebACL's `Rules`). This module builds that JSON and checks it.
// https://docs.aws.amazon.com/waf/latest/APIReference/API_Rule.html
import { type RawJson, serializeJson } from '../kernel/raw-json';

/** Lowest rate limit WAF accepts (requests per evaluation window per aggregation key). */
// https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
export const WAF_RATE_LIMIT_MIN = 10;
/** Highest rate limit WAF accepts (RateBasedStatement.Limit). */
// https://docs.aws.amazon.com/waf/latest/APIReference/API_RateBasedStatement.html
export const WAF_RATE_LIMIT_MAX = 2_000_000_000;
/** Evaluation windows WAF offers, in seconds. */
export const WAF_EVALUATION_WINDOWS = [60, 120, 300, 600] as const;
export type WafEvaluationWindow = (typeof WAF_EVALUATION_WINDOWS)[number];

export interface WafVisibilityConfig {
  readonly SampledRequestsEnabled: boolean;
  readonly CloudWatchMetricsEnabled: boolean;
  readonly MetricName: string;
}

export interface WafRule {
  readonly Name: string;
  readonly Priority: number;
  readonly Statement: Record<string, unknown>;
  /** Rules with their own statement: Block/Count/Captcha/Challenge. */
  readonly Action?: Record<string, Record<string, never>>;
  /** Rule group references: None keeps the group's own actions, Count only counts. */
  readonly OverrideAction?: Record<string, Record<string, never>>;
  readonly VisibilityConfig: WafVisibilityConfig;
}

/** AWS managed rule groups the baseline puts in front of every web ACL (FSBP WAF.10: a web ACL has rules). */
// https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html
export const BASELINE_MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesAnonymousIpList',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesCommonRuleSet',
] as const;

const NAME = /^[\w-]{1,128}$/;

function visibility(metricName: string): WafVisibilityConfig {
  return { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: metricName };
}

function checkName(name: string): void {
  if (!NAME.test(name)) throw new Error(`waf rule: name '${name}' must be 1-128 letters, digits, '_' or '-'`);
}

export interface RateBasedRuleProps {
  readonly name: string;
  readonly priority: number;
  /** Requests per evaluation window and client IP; a number or a composition token (`rawJson(param(...))`). */
  readonly limit: number | RawJson;
  /** @default 300 */
  readonly evaluationWindowSec?: WafEvaluationWindow;
}

/** Blocks a client IP that sends more than `limit` requests within the evaluation window. */
export function rateBasedRule(props: RateBasedRuleProps): WafRule {
  checkName(props.name);
  if (typeof props.limit === 'number' && (!Number.isInteger(props.limit) || props.limit < WAF_RATE_LIMIT_MIN || props.limit > WAF_RATE_LIMIT_MAX)) {
    throw new Error(`waf rule '${props.name}': 'limit' must be an integer from ${WAF_RATE_LIMIT_MIN} to ${WAF_RATE_LIMIT_MAX}, got ${props.limit}`);
  }
  return {
    Name: props.name,
    Priority: props.priority,
    Statement: {
      RateBasedStatement: { Limit: props.limit, AggregateKeyType: 'IP', EvaluationWindowSec: props.evaluationWindowSec ?? 300 },
    },
    Action: { Block: {} },
    VisibilityConfig: visibility(props.name),
  };
}

export interface ManagedRuleGroupProps {
  readonly groupName: string;
  readonly priority: number;
  /** @default 'AWS' */
  readonly vendorName?: string;
  /** Count instead of applying the group's actions (for a trial period). @default false */
  readonly countOnly?: boolean;
}

/** References a managed rule group; its own rule actions apply unless `countOnly`. */
export function managedRuleGroup(props: ManagedRuleGroupProps): WafRule {
  checkName(props.groupName);
  return {
    Name: props.groupName,
    Priority: props.priority,
    Statement: { ManagedRuleGroupStatement: { VendorName: props.vendorName ?? 'AWS', Name: props.groupName } },
    OverrideAction: props.countOnly ? { Count: {} } : { None: {} },
    VisibilityConfig: visibility(props.groupName),
  };
}

/** Problems of a rule list: duplicate names/priorities, Action vs OverrideAction misuse. */
export function validateWafRules(rules: readonly WafRule[]): string[] {
  const problems: string[] = [];
  const seen = { names: new Set<string>(), priorities: new Set<number>() };
  for (const r of rules) {
    if (seen.names.has(r.Name)) problems.push(`rule '${r.Name}': name is used twice`);
    if (seen.priorities.has(r.Priority)) problems.push(`rule '${r.Name}': priority ${r.Priority} is used twice`);
    seen.names.add(r.Name);
    seen.priorities.add(r.Priority);
    const isGroup = 'ManagedRuleGroupStatement' in r.Statement || 'RuleGroupReferenceStatement' in r.Statement;
    if (isGroup && (r.Action || !r.OverrideAction)) problems.push(`rule '${r.Name}': a rule group reference takes OverrideAction, not Action`);
    if (!isGroup && (!r.Action || r.OverrideAction)) problems.push(`rule '${r.Name}': a rule with its own statement takes Action, not OverrideAction`);
  }
  return problems;
}

/** The `ruleJson` string of a WebACL. */
export function wafRuleJson(rules: readonly WafRule[]): string {
  const problems = validateWafRules(rules);
  if (problems.length) throw new Error(`waf rules: ${problems.join('; ')}`);
  return serializeJson(rules);
}

/** The baseline rule list: rate limit first (cheapest, stops floods), then the managed groups. */
export function baselineWafRules(rateLimit: number | RawJson): WafRule[] {
  return [
    rateBasedRule({ name: 'RateLimitPerIp', priority: 0, limit: rateLimit }),
    ...BASELINE_MANAGED_RULE_GROUPS.map((groupName, i) => managedRuleGroup({ groupName, priority: i + 1 })),
  ];
}
