// x-kubernetes-list-type uniqueness of an object's lists (apiextensions-apiserver
// pkg/apiserver/schema/listtype): a `set` must not repeat an element, a `map` list must not repeat
// a key. The API server checks this on every create and update of a custom resource, after the
// OpenAPI schema validation.
import { duplicate, invalid, type FieldError, FieldPath } from './field';
import type { Structural } from './structural';

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** JSON with sorted object keys: what Go's json.Marshal of an unstructured value yields. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isPlainObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

const UNSPECIFIED_KEY = Symbol('unspecified key');

// The index of the second appearance of every value that appears more than once.
function nonUniqueIndices(values: readonly unknown[]): number[] {
  if (values.length <= 1) return [];
  const seenScalars = new Map<unknown, number>();
  const seenCompounds = new Map<string, number>();
  const out: number[] = [];
  values.forEach((x, i) => {
    const compound = Array.isArray(x) || isPlainObject(x);
    const seen: Map<unknown, number> = compound ? seenCompounds : seenScalars;
    const key = compound ? canonicalJson(x) : x;
    const times = seen.get(key);
    if (times === undefined) seen.set(key, 1);
    else {
      seen.set(key, times + 1);
      if (times === 1) out.push(i);
    }
  });
  return out;
}

function validateListMap(p: FieldPath, s: Structural, list: unknown[]): FieldError[] {
  for (const [i, x] of list.entries()) {
    if (x !== null && !isPlainObject(x)) return [invalid(p.index(i), x, 'must be an object for an array of list-type map')];
  }
  if (list.length <= 1) return [];
  const keyFields = s.extensions.xListMapKeys ?? [];
  if (keyFields.length === 1) {
    const k = keyFields[0];
    const keys = list.map((x) => (isPlainObject(x) && k in x ? x[k] : UNSPECIFIED_KEY));
    return nonUniqueIndices(keys).map((i) => duplicate(p.index(i), keys[i] === UNSPECIFIED_KEY ? {} : { [k]: keys[i] }));
  }
  const keys = list.map((x) => {
    const key: Record<string, unknown> = {};
    if (isPlainObject(x)) for (const k of keyFields) if (k in x) key[k] = x[k];
    return key;
  });
  return nonUniqueIndices(keys).map((i) => duplicate(p.index(i), keys[i]));
}

function validateArray(p: FieldPath, s: Structural, list: unknown[]): FieldError[] {
  const errs: FieldError[] = [];
  if (s.extensions.xListType === 'set') for (const i of nonUniqueIndices(list)) errs.push(duplicate(p.index(i), list[i]));
  else if (s.extensions.xListType === 'map') errs.push(...validateListMap(p, s, list));
  if (s.items) list.forEach((x, i) => errs.push(...validateValue(p.index(i), s.items!, x)));
  return errs;
}

function validateValue(p: FieldPath, s: Structural, v: unknown): FieldError[] {
  if (Array.isArray(v)) return validateArray(p, s, v);
  if (isPlainObject(v)) return validateObject(p, s, v);
  return [];
}

function validateObject(p: FieldPath | undefined, s: Structural, obj: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  const at = (k: string, named: boolean): FieldPath => (named ? FieldPath.childOf(p, k) : FieldPath.keyOf(p, k));
  const additional = s.additionalProperties?.structural;
  if (additional) for (const [k, v] of Object.entries(obj)) errs.push(...validateValue(at(k, false), additional, v));
  if (s.properties) {
    for (const [k, v] of Object.entries(obj)) {
      const sub = s.properties.get(k);
      if (sub) errs.push(...validateValue(at(k, true), sub, v));
    }
  }
  return errs;
}

/** ValidateListSetsAndMaps for an object (a custom resource, or a default value) under its schema. */
export function validateListSetsAndMaps(p: FieldPath | undefined, s: Structural | undefined, obj: Record<string, unknown> | undefined): FieldError[] {
  if (!s || !obj) return [];
  return validateObject(p, s, obj);
}
