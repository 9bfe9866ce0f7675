// AWS names that more than one domain must agree on (a key policy names the trail it serves, the
// audit domain creates that trail). Every one carries the environment suffix.
import { Params, suffixed } from './values';

export const AwsNames = {
  /** The account's CloudTrail trail (audit-logging domain). */
  trail: suffixed('zta-trail'),
  /** CloudWatch Logs log group receiving the trail (audit-logging creates it, security-monitoring filters it). */
  trailLogGroup: `/zta/cloudtrail/${suffixed('zta-trail')}`,
  /** SNS topic every security alarm notifies (security-monitoring domain). */
  securityAlarmTopic: suffixed('zta-security-alarms'),
  /** KMS alias of the key for one purpose: `alias/<purpose>-<suffix>`. */
  keyAlias: (purpose: string): string => `alias/${suffixed(purpose)}`,
  /** EventBridge rule of the threat-detection domain for one purpose: `zta-<purpose>-<suffix>`. */
  securityEventRule: (purpose: string): string => suffixed(`zta-${purpose}`),
} as const;

/** ARNs built from the account and region parameters. */
export const AwsArns = {
  accountRoot: `arn:aws:iam::${Params.accountId}:root`,
  trail: `arn:aws:cloudtrail:${Params.region}:${Params.accountId}:trail/${AwsNames.trail}`,
  /** Every trail of this account, in any region (CloudTrail's encryption context names the trail). */
  anyTrailOfAccount: `arn:aws:cloudtrail:*:${Params.accountId}:trail/*`,
  /** Every log group of this account in the deployment region. */
  anyLogGroup: `arn:aws:logs:${Params.region}:${Params.accountId}:log-group:*`,
  /**
   * The security alarm topic (security-monitoring domain). Threat detection's EventBridge rules
   * publish into it too, so its topic policy must allow events.amazonaws.com with aws:SourceArn
   * `anySecurityEventRule`.
   */
  securityAlarmTopic: `arn:aws:sns:${Params.region}:${Params.accountId}:${AwsNames.securityAlarmTopic}`,
  /** One threat-detection EventBridge rule on the default bus. */
  securityEventRule: (purpose: string): string => `arn:aws:events:${Params.region}:${Params.accountId}:rule/${AwsNames.securityEventRule(purpose)}`,
  /** Every threat-detection EventBridge rule of this environment (aws:SourceArn of deliveries into the alert topic). */
  anySecurityEventRule: `arn:aws:events:${Params.region}:${Params.accountId}:rule/zta-*-${Params.environmentSuffix}`,
  /**
   * Regional service endpoint, as `kms:ViaService` and regional service principals spell it; in the
   * composite's region unless another (a region slot's token) is given.
   */
  regionalService: (service: string, region: string = Params.region): string => `${service}.${region}.amazonaws.com`,
} as const;
