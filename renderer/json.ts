// Deep copy of plain JSON. structuredClone is avoided on purpose: it is slower for plain JSON, and
// under jest it returns objects of the host realm, whose arrays the CEL library then rejects
// ("Unsupported type: Array").
import type { Json, JsonObject } from './types';

export function cloneJson<T extends Json>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => cloneJson(x)) as T;
  const out: JsonObject = {};
  for (const k of Object.keys(v)) out[k] = cloneJson((v as JsonObject)[k]!);
  return out as T;
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
