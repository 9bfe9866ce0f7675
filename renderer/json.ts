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
