// Deep copy of plain JSON. structuredClone is avoided on purpose: it is slower for plain JSON, and
// under jest it returns objects of the host realm, whose arrays the CEL library then rejects
// ("Unsupported type: Array").
import type { Json, JsonObject } from './types';

export function cloneJson<T extends Json>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => cloneJson(x)) as T;
  // Assigning "__proto__" would set the copy's prototype: JSON's "__proto__" is an ordinary field
  // (checked once per object; a test per key cost the hot copy ~4%).
  if (Object.hasOwn(v, '__proto__')) return cloneDefining(v as JsonObject) as T;
  const out: JsonObject = {};
  for (const k of Object.keys(v)) out[k] = cloneJson((v as JsonObject)[k]!);
  return out as T;
}

function cloneDefining(v: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: cloneJson(v[k]!), enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * Whether two JSON values are equal with their keys in the same order, so JSON.stringify writes
 * the same text for both (the converse does not hold: undefined members and NaN make this say
 * "different" where the texts are equal, which only costs a comparison that could have been
 * saved). About three times faster than serialising an object to compare its text, and it
 * allocates nothing.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i] || !sameJson((a as JsonObject)[k], (b as JsonObject)[k])) return false;
  }
  return true;
}

/** Freezes a JSON value and everything in it (returns it), so a value shared between readers cannot be edited by one of them. */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const child of Object.values(v)) deepFreeze(child);
    Object.freeze(v);
  }
  return v;
}

/** The value as a JSON object, or undefined when it is anything else (null, a list, a scalar). */
export function asObject(v: unknown): JsonObject | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

/** The entries of a JSON list as objects (a non-object entry reads as {}); [] when it is no list. */
export function objectsOf(v: unknown): JsonObject[] {
  return Array.isArray(v) ? v.map((e) => asObject(e) ?? {}) : [];
}

/** A string field of an object, or undefined when missing or not a string. */
export function stringAt(o: JsonObject | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' ? v : undefined;
}
