// IAM condition operators and the Condition block of a statement.
// Operators: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// Set qualifiers: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html

import { isWholeToken, maskTokens } from './tokens';

/** The base IAM condition operators; qualify them with {@link ifExists}, {@link forAllValues}, {@link forAnyValue}. */
export enum ConditionOperator {
  STRING_EQUALS = 'StringEquals',
  STRING_NOT_EQUALS = 'StringNotEquals',
  STRING_EQUALS_IGNORE_CASE = 'StringEqualsIgnoreCase',
  STRING_NOT_EQUALS_IGNORE_CASE = 'StringNotEqualsIgnoreCase',
  STRING_LIKE = 'StringLike',
  STRING_NOT_LIKE = 'StringNotLike',
  NUMERIC_EQUALS = 'NumericEquals',
  NUMERIC_NOT_EQUALS = 'NumericNotEquals',
  NUMERIC_LESS_THAN = 'NumericLessThan',
  NUMERIC_LESS_THAN_EQUALS = 'NumericLessThanEquals',
  NUMERIC_GREATER_THAN = 'NumericGreaterThan',
  NUMERIC_GREATER_THAN_EQUALS = 'NumericGreaterThanEquals',
  DATE_EQUALS = 'DateEquals',
  DATE_NOT_EQUALS = 'DateNotEquals',
  DATE_LESS_THAN = 'DateLessThan',
  DATE_LESS_THAN_EQUALS = 'DateLessThanEquals',
  DATE_GREATER_THAN = 'DateGreaterThan',
  DATE_GREATER_THAN_EQUALS = 'DateGreaterThanEquals',
  BOOL = 'Bool',
  BINARY_EQUALS = 'BinaryEquals',
  IP_ADDRESS = 'IpAddress',
  NOT_IP_ADDRESS = 'NotIpAddress',
  ARN_EQUALS = 'ArnEquals',
  ARN_LIKE = 'ArnLike',
  ARN_NOT_EQUALS = 'ArnNotEquals',
  ARN_NOT_LIKE = 'ArnNotLike',
  NULL = 'Null',
}

const BASE_OPERATORS: ReadonlySet<string> = new Set(Object.values(ConditionOperator));
const SET_PREFIXES = ['ForAllValues:', 'ForAnyValue:'] as const;
const IF_EXISTS = 'IfExists';

/** A value in a Condition block. IAM compares strings; JSON booleans and numbers are accepted as-is. */
export type ConditionValue = string | number | boolean;

/** Operator -> condition key -> value(s), as in the policy JSON. */
export type ConditionsJson = Record<string, Record<string, ConditionValue | ConditionValue[]>>;

/** `StringEquals` -> `StringEqualsIfExists`: the condition also holds when the key is absent. */
export function ifExists(operator: string): string {
  return `${operator}${IF_EXISTS}`;
}

/** `StringLike` -> `ForAllValues:StringLike`: every value of a multivalued key must match. */
export function forAllValues(operator: string): string {
  return `ForAllValues:${operator}`;
}

/** `StringLike` -> `ForAnyValue:StringLike`: at least one value of a multivalued key must match. */
export function forAnyValue(operator: string): string {
  return `ForAnyValue:${operator}`;
}

/** Why `operator` is not a valid IAM condition operator, or undefined when it is. */
export function conditionOperatorProblem(operator: string): string | undefined {
  let base = operator;
  const prefix = SET_PREFIXES.find((p) => base.startsWith(p));
  if (prefix) base = base.slice(prefix.length);
  const ifExistsSuffix = base.endsWith(IF_EXISTS) && base !== IF_EXISTS;
  if (ifExistsSuffix) base = base.slice(0, -IF_EXISTS.length);
  if (!BASE_OPERATORS.has(base)) {
    return (
      `condition operator '${operator}' is not an IAM condition operator; use one of ` +
      `${[...BASE_OPERATORS].join(', ')}, optionally prefixed with ForAllValues: or ForAnyValue: ` +
      `and/or suffixed with IfExists`
    );
  }
  // Null tests presence itself, so an IfExists or set variant of it is meaningless and IAM rejects it.
  if (base === ConditionOperator.NULL && (prefix || ifExistsSuffix)) {
    return `condition operator '${operator}' is not allowed: Null takes no ForAllValues:/ForAnyValue: prefix or IfExists suffix`;
  }
  return undefined;
}

// Keys are `<service-or-aws>:<name>`; the name may hold '/' tag segments and tokens.
const CONDITION_KEY_PATTERN = /^[A-Za-z0-9-]+:[^\s]+$/;

/** Why `key` is not a valid condition key, or undefined when it is. */
export function conditionKeyProblem(key: string): string | undefined {
  if (!CONDITION_KEY_PATTERN.test(maskTokens(key, 'x'))) {
    return `condition key '${key}' must look like 'prefix:Name' (e.g. 'aws:SecureTransport', 's3:x-amz-server-side-encryption')`;
  }
  return undefined;
}

/** Why `values` are wrong for `operator`, or undefined. Only Bool and Null have a closed value set. */
export function conditionValuesProblem(operator: string, key: string, values: readonly ConditionValue[]): string | undefined {
  if (values.length === 0) return `condition '${operator}' on '${key}' has no values; give at least one`;
  const notScalar = values.find((v) => !['string', 'number', 'boolean'].includes(typeof v));
  if (notScalar !== undefined) {
    return `condition '${operator}' on '${key}' takes strings, numbers or booleans, got ${JSON.stringify(notScalar)}`;
  }
  const base = operator.replace(/^For(AllValues|AnyValue):/, '').replace(/IfExists$/, '');
  if (base === ConditionOperator.BOOL || base === ConditionOperator.NULL) {
    const isBoolean = (v: ConditionValue) =>
      v === true || v === false || v === 'true' || v === 'false' || (typeof v === 'string' && isWholeToken(v));
    const bad = values.find((v) => !isBoolean(v));
    if (bad !== undefined) return `condition '${operator}' on '${key}' takes 'true' or 'false', got '${String(bad)}'`;
  }
  return undefined;
}
