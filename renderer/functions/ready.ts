// Readiness checks of function-patch-and-transform (ready.go). Only run against a composed resource
// that exists in observed state; a check that cannot run is reported by the caller as a warning.

import type { JsonObject } from '../types';
import { getBool, getInteger, getString, getValue } from '../crossplane/fieldpath';
import { FieldError, isNotFoundError, wrapError } from './patches';

export const READINESS_CHECK_TYPES = [
  'NonEmpty',
  'MatchString',
  'MatchInteger',
  'MatchTrue',
  'MatchFalse',
  'MatchCondition',
  'None',
] as const;

export interface Condition {
  type: string;
  status: string;
}

/** The named status condition; absent conditions read as status Unknown (crossplane-runtime GetCondition). */
export function getCondition(obj: JsonObject, type: string): Condition {
  const status = obj.status;
  const conditions = status !== null && typeof status === 'object' && !Array.isArray(status) ? status.conditions : undefined;
  if (Array.isArray(conditions)) {
    for (const c of conditions) {
      if (c !== null && typeof c === 'object' && !Array.isArray(c) && c.type === type) {
        return { type, status: typeof c.status === 'string' ? c.status : '' };
      }
    }
  }
  return { type, status: 'Unknown' };
}

function str(o: JsonObject | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' ? v : undefined;
}

function obj(v: unknown): JsonObject | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

/** Runtime validation of one readiness check (validate.go ValidateReadinessCheck). */
export function validateReadinessCheck(check: JsonObject): FieldError | undefined {
  const type = str(check, 'type') ?? '';
  if (!(READINESS_CHECK_TYPES as readonly string[]).includes(type)) {
    return new FieldError('type', 'Invalid', 'unknown readiness check type', type);
  }
  switch (type) {
    case 'None':
      return undefined;
    case 'MatchString':
      if (check.matchString === undefined || check.matchString === null) {
        return new FieldError('matchString', 'Required', 'cannot be nil for type MatchString');
      }
      break;
    case 'MatchInteger':
      if (check.matchInteger === undefined || check.matchInteger === null) {
        return new FieldError('matchInteger', 'Required', 'cannot be nil for type MatchInteger');
      }
      break;
    case 'MatchCondition': {
      // Upstream accepts a missing matchCondition here (and then dereferences nil at runtime).
      const mc = obj(check.matchCondition);
      if (mc === undefined) return undefined;
      if (!str(mc, 'type')) return new FieldError('matchCondition.type', 'Required', 'cannot be empty for type MatchCondition');
      if (!str(mc, 'status')) return new FieldError('matchCondition.status', 'Required', 'cannot be empty for type MatchCondition');
      return undefined;
    }
  }
  if (check.fieldPath === undefined || check.fieldPath === null) {
    return new FieldError('fieldPath', 'Required', 'cannot be empty');
  }
  return undefined;
}

/** A typed read where "absent" is undefined and anything else rethrows (resource.Ignore(IsNotFound)). */
function readOptional<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (isNotFoundError(err)) return undefined;
    throw err;
  }
}

function toInt64(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  return undefined;
}

/** Runs one readiness check against an observed resource (RunReadinessCheck). Throws on bad config. */
export function runReadinessCheck(check: JsonObject, observed: JsonObject): boolean {
  const invalid = validateReadinessCheck(check);
  if (invalid) throw wrapError(invalid, 'invalid');
  const fieldPath = str(check, 'fieldPath') ?? '';
  switch (str(check, 'type')) {
    case 'None':
      return true;
    case 'NonEmpty':
      return readOptional(() => getValue(observed, fieldPath)) !== undefined;
    case 'MatchString': {
      const v = readOptional(() => getString(observed, fieldPath));
      return v !== undefined && v === check.matchString;
    }
    case 'MatchInteger': {
      // GetInteger accepts only int64; observed numbers arrive as float64 (JS number), so this
      // errors unless an earlier step produced an int64 (bigint).
      const v = readOptional(() => getInteger(observed, fieldPath));
      return v !== undefined && v === toInt64(check.matchInteger);
    }
    case 'MatchTrue':
    case 'MatchFalse': {
      const v = readOptional(() => getBool(observed, fieldPath));
      if (v === undefined) return false;
      return check.type === 'MatchTrue' ? v : !v;
    }
    case 'MatchCondition': {
      const mc = obj(check.matchCondition);
      // Go dereferences a nil matchCondition and panics; report it as a failed check instead.
      if (mc === undefined) throw new FieldError('matchCondition', 'Required', 'cannot be nil for type MatchCondition');
      return getCondition(observed, str(mc, 'type') ?? '').status === str(mc, 'status');
    }
    default:
      return false;
  }
}

/**
 * True if the observed resource is ready: with no checks, its Ready condition is True; otherwise
 * every check passes. Throws "cannot run readiness check at index N: ..." on a check error.
 */
export function isReady(observed: JsonObject, checks: JsonObject[] = []): boolean {
  if (checks.length === 0) return getCondition(observed, 'Ready').status === 'True';
  for (const [i, check] of checks.entries()) {
    let ready: boolean;
    try {
      ready = runReadinessCheck(check, observed);
    } catch (err) {
      throw wrapError(err, `cannot run readiness check at index ${i}`);
    }
    if (!ready) return false;
  }
  return true;
}
