// Intent-named statements shared by several domains. Domain-specific statements (a trail's
// bucket delivery, a key's service grants) belong to the domain charts.

import { ConditionOperator } from './conditions';
import { Effect } from './effect';
import { Principals } from './principals';
import { PolicyStatement } from './policy-statement';

export interface DenyInsecureTransportProps {
  /** @default 'DenyInsecureTransport' */
  readonly sid?: string;
  /** @default ['*'] */
  readonly actions?: readonly string[];
  /**
   * Also deny requests negotiated below this TLS version (a second statement).
   * @default - no TLS version statement
   */
  readonly minimumTlsVersion?: number;
  /** @default 'DenyOutdatedTls' */
  readonly tlsSid?: string;
  /** Condition key holding the negotiated TLS version. @default 's3:TlsVersion' */
  readonly tlsVersionKey?: string;
}

/**
 * Resource-policy statements refusing plain-HTTP requests from anyone (aws:SecureTransport
 * false) and, when `minimumTlsVersion` is set, requests negotiated with an older TLS version.
 */
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
export function denyInsecureTransport(resources: readonly string[], props: DenyInsecureTransportProps = {}): PolicyStatement[] {
  const actions = props.actions ?? ['*'];
  const statements = [
    new PolicyStatement({
      sid: props.sid ?? 'DenyInsecureTransport',
      effect: Effect.DENY,
      principals: [Principals.anyone()],
      actions,
      resources,
      conditions: { [ConditionOperator.BOOL]: { 'aws:SecureTransport': 'false' } },
    }),
  ];
  if (props.minimumTlsVersion !== undefined) {
    statements.push(
      denyTlsVersionBelow(resources, props.minimumTlsVersion, {
        sid: props.tlsSid ?? 'DenyOutdatedTls',
        actions,
        tlsVersionKey: props.tlsVersionKey,
      }),
    );
  }
  return statements;
}

export interface DenyTlsVersionBelowProps {
  /** @default 'DenyOutdatedTls' */
  readonly sid?: string;
  /** @default ['*'] */
  readonly actions?: readonly string[];
  /** @default 's3:TlsVersion' */
  readonly tlsVersionKey?: string;
}

/** Denies anyone whose request negotiated a TLS version below `minimumTlsVersion` (e.g. 1.2). */
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html#example-object-tls-version
export function denyTlsVersionBelow(resources: readonly string[], minimumTlsVersion: number, props: DenyTlsVersionBelowProps = {}): PolicyStatement {
  if (!(minimumTlsVersion >= 1 && minimumTlsVersion <= 1.3)) {
    throw new Error(`denyTlsVersionBelow: 'minimumTlsVersion' must be between 1.0 and 1.3, got ${minimumTlsVersion}`);
  }
  return new PolicyStatement({
    sid: props.sid ?? 'DenyOutdatedTls',
    effect: Effect.DENY,
    principals: [Principals.anyone()],
    actions: props.actions ?? ['*'],
    resources,
    conditions: { [ConditionOperator.NUMERIC_LESS_THAN]: { [props.tlsVersionKey ?? 's3:TlsVersion']: minimumTlsVersion } },
  });
}

export interface AllowServiceWithSourceConditionsProps {
  /** @default - no Sid */
  readonly sid?: string;
  /** Service principal(s), e.g. 'cloudtrail.amazonaws.com'. */
  readonly services: readonly string[];
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /**
   * Account on whose behalf the service must act (aws:SourceAccount).
   * @default - not checked; then `sourceArns` is required
   */
  readonly sourceAccount?: string;
  /**
   * Resource(s) on whose behalf the service must act (aws:SourceArn, ArnLike).
   * @default - not checked; then `sourceAccount` is required
   */
  readonly sourceArns?: readonly string[];
}

/**
 * Lets an AWS service act on a resource only on behalf of the given account or source
 * resource, which closes the cross-service confused-deputy hole.
 */
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
export function allowServiceWithSourceConditions(props: AllowServiceWithSourceConditionsProps): PolicyStatement {
  if (props.sourceAccount === undefined && (props.sourceArns ?? []).length === 0) {
    throw new Error(
      `allowServiceWithSourceConditions: services ${props.services.map((s) => `'${s}'`).join(', ')} need 'sourceAccount' or 'sourceArns'; an unconditioned service principal is a confused deputy`,
    );
  }
  const statement = new PolicyStatement({
    sid: props.sid,
    effect: Effect.ALLOW,
    principals: [Principals.service(...props.services)],
    actions: props.actions,
    resources: props.resources,
  });
  if (props.sourceAccount !== undefined) {
    statement.addCondition(ConditionOperator.STRING_EQUALS, 'aws:SourceAccount', props.sourceAccount);
  }
  if (props.sourceArns && props.sourceArns.length > 0) {
    statement.addCondition(ConditionOperator.ARN_LIKE, 'aws:SourceArn', props.sourceArns);
  }
  return statement;
}

export interface DenyUnlessPrincipalProps {
  /** @default 'DenyUnlessAllowedPrincipal' */
  readonly sid?: string;
  readonly actions: readonly string[];
  /** @default ['*'] */
  readonly resources?: readonly string[];
  /** ARN patterns (aws:PrincipalArn, ArnNotLike) that stay allowed, e.g. a break-glass role. */
  readonly exemptPrincipalArns: readonly string[];
}

/**
 * Denies `actions` to every principal except the exempted ARNs. Written without a Principal,
 * so it fits SCPs and identity policies; add `Principals.anyone()` for a resource policy.
 */
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
export function denyUnlessPrincipal(props: DenyUnlessPrincipalProps): PolicyStatement {
  if (props.exemptPrincipalArns.length === 0) {
    throw new Error(`denyUnlessPrincipal: 'exemptPrincipalArns' is empty; give at least one ARN pattern to exempt`);
  }
  return new PolicyStatement({
    sid: props.sid ?? 'DenyUnlessAllowedPrincipal',
    effect: Effect.DENY,
    actions: props.actions,
    resources: props.resources ?? ['*'],
    conditions: { [ConditionOperator.ARN_NOT_LIKE]: { 'aws:PrincipalArn': [...props.exemptPrincipalArns] } },
  });
}

