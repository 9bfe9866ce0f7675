// The AWS policy languages: IAM policy documents, SCPs and RCPs, EventBridge event patterns,
// CloudWatch Logs metric-filter patterns and WAF rules.
export * from './event-pattern';
export * from './metric-filter-pattern';
export * from './rcp';
export * from './scp';
export * from './waf-rules';
export * from './iam';
