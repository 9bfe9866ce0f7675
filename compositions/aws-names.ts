// AWS names that more than one domain must agree on (a key policy names the trail it serves, the
// audit domain creates that trail). Every one carries the environment suffix.
import { Params, suffixed } from './values';

export const AwsNames = {
  /** The account's CloudTrail trail (audit-logging domain). */
  trail: suffixed('zta-trail'),
  /** KMS alias of the key for one purpose: `alias/<purpose>-<suffix>`. */
  keyAlias: (purpose: string): string => `alias/${suffixed(purpose)}`,
} as const;

/** ARNs built from the account and region parameters. */
export const AwsArns = {
  accountRoot: `arn:aws:iam::${Params.accountId}:root`,
  trail: `arn:aws:cloudtrail:${Params.region}:${Params.accountId}:trail/${AwsNames.trail}`,
  /** Every trail of this account, in any region (CloudTrail's encryption context names the trail). */
  anyTrailOfAccount: `arn:aws:cloudtrail:*:${Params.accountId}:trail/*`,
  /** Every log group of this account in the deployment region. */
  anyLogGroup: `arn:aws:logs:${Params.region}:${Params.accountId}:log-group:*`,
  /** Regional service endpoint, as `kms:ViaService` and regional service principals spell it. */
  regionalService: (service: string): string => `${service}.${Params.region}.amazonaws.com`,
} as const;
