// Principals of resource-based policies (bucket, key, topic, trust policies).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

import { isArn } from './arn';
import { isWholeToken, maskTokens } from './tokens';

/** The Principal block keys that IAM knows. */
export enum PrincipalType {
  AWS = 'AWS',
  SERVICE = 'Service',
  FEDERATED = 'Federated',
  CANONICAL_USER = 'CanonicalUser',
}

/** Everyone, rendered as the bare string `"*"`. */
export const ANYONE = '*';

/** One or more principal values of one type. Build them with {@link Principals}. */
export interface Principal {
  readonly type: PrincipalType | typeof ANYONE;
  readonly values: readonly string[];
}

/** How a Principal/NotPrincipal block appears in policy JSON. */
export type PrincipalJson = typeof ANYONE | Partial<Record<PrincipalType, string | string[]>>;

const ACCOUNT_ID = /^\d{12}$/;
const SERVICE_PRINCIPAL = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/;

/** Factories for principals; each checks its input eagerly and names the bad value. */
export class Principals {
  /** The account's root principal `arn:aws:iam::<id>:root`: delegates to the account's IAM policies. */
  public static account(accountId: string): Principal {
    if (!ACCOUNT_ID.test(accountId) && !isWholeToken(accountId)) {
      throw new Error(`principal: account id '${accountId}' must be 12 digits or a composite token`);
    }
    return { type: PrincipalType.AWS, values: [rootArn(accountId)] };
  }

  /**
   * Same as {@link account}, for an account id known only at composition time, e.g.
   * `Principals.root(compositeToken('spec.parameters.accountId'))`.
   */
  public static root(accountIdToken: string): Principal {
    if (!isWholeToken(accountIdToken)) {
      throw new Error(
        `principal: root() takes a composite token such as '\${xr:spec.parameters.accountId}', got '${accountIdToken}'; use account() for a literal id`,
      );
    }
    return { type: PrincipalType.AWS, values: [rootArn(accountIdToken)] };
  }

  /** An AWS service principal such as `cloudtrail.amazonaws.com`. */
  public static service(...services: string[]): Principal {
    for (const s of services) {
      if (!SERVICE_PRINCIPAL.test(maskTokens(s, 'token')) && !isWholeToken(s)) {
        throw new Error(`principal: service '${s}' must be a service principal like 'cloudtrail.amazonaws.com'`);
      }
    }
    return { type: PrincipalType.SERVICE, values: nonEmpty('service', services) };
  }

  /** IAM role, user or session ARNs. */
  public static arn(...arns: string[]): Principal {
    for (const a of arns) {
      if (!isArn(a) && !isWholeToken(a)) {
        throw new Error(`principal: '${a}' is not an ARN (arn:partition:service:region:account:resource)`);
      }
    }
    return { type: PrincipalType.AWS, values: nonEmpty('arn', arns) };
  }

  /** Any `AWS` principal values: ARNs, 12-digit account ids, or `*` (any AWS identity). */
  public static aws(values: readonly string[]): Principal {
    for (const v of values) {
      if (v !== ANYONE && !ACCOUNT_ID.test(v) && !isArn(v) && !isWholeToken(v)) {
        throw new Error(`principal: AWS principal '${v}' must be an ARN, a 12-digit account id or '*'`);
      }
    }
    return { type: PrincipalType.AWS, values: nonEmpty('aws', values) };
  }

  /** A SAML or OIDC identity provider (ARN or domain such as `cognito-identity.amazonaws.com`). */
  public static federated(...providers: string[]): Principal {
    return { type: PrincipalType.FEDERATED, values: nonEmpty('federated', providers) };
  }

  /** An S3 canonical user id. */
  public static canonicalUser(...ids: string[]): Principal {
    return { type: PrincipalType.CANONICAL_USER, values: nonEmpty('canonicalUser', ids) };
  }

  /** Everyone, authenticated or not (`"Principal": "*"`); pair it with restrictive conditions. */
  public static anyone(): Principal {
    return { type: ANYONE, values: [ANYONE] };
  }

  /** Parses a Principal/NotPrincipal block from policy JSON. */
  public static fromJson(json: unknown): Principal[] {
    if (json === ANYONE) return [Principals.anyone()];
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new Error(`principal: expected '*' or an object keyed by principal type, got ${JSON.stringify(json)}`);
    }
    return Object.entries(json).map(([type, raw]) => {
      const values = Array.isArray(raw) ? raw : [raw];
      if (!values.every((v): v is string => typeof v === 'string')) {
        throw new Error(`principal: values of '${type}' must be strings, got ${JSON.stringify(raw)}`);
      }
      switch (type) {
        case PrincipalType.AWS:
          return Principals.aws(values);
        case PrincipalType.SERVICE:
          return Principals.service(...values);
        case PrincipalType.FEDERATED:
          return Principals.federated(...values);
        case PrincipalType.CANONICAL_USER:
          return Principals.canonicalUser(...values);
        default:
          throw new Error(`principal: type '${type}' is not one of ${Object.values(PrincipalType).join(', ')}`);
      }
    });
  }
}

/**
 * Renders principals the way IAM stores them: `"*"` alone, otherwise an object with sorted type
 * keys, values de-duplicated in insertion order and a single value collapsed to a string.
 * Deterministic output keeps rendered compositions diff-stable.
 */
export function renderPrincipals(principals: readonly Principal[]): PrincipalJson | undefined {
  if (principals.length === 0) return undefined;
  if (principals.some((p) => p.type === ANYONE)) {
    if (principals.some((p) => p.type !== ANYONE)) {
      throw new Error(`principal: '*' (anyone) cannot be combined with other principals; it already includes them`);
    }
    return ANYONE;
  }
  const byType = new Map<PrincipalType, string[]>();
  for (const p of principals) {
    const values = byType.get(p.type as PrincipalType) ?? [];
    for (const v of p.values) if (!values.includes(v)) values.push(v);
    byType.set(p.type as PrincipalType, values);
  }
  const json: Partial<Record<PrincipalType, string | string[]>> = {};
  for (const type of [...byType.keys()].sort()) {
    const values = byType.get(type)!;
    json[type] = values.length === 1 ? values[0]! : values;
  }
  return json;
}

function rootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

function nonEmpty(factory: string, values: readonly string[]): string[] {
  if (values.length === 0) throw new Error(`principal: ${factory}() needs at least one value`);
  return [...values];
}
