// Deep copy of JSON values. Not structuredClone: under jest it returns objects of the host realm,
// whose arrays the CEL library rejects ("Unsupported type: Array"), and it is slower for plain JSON.

export function cloneJsonValue<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => cloneJsonValue(x)) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = cloneJsonValue((v as Record<string, unknown>)[k]);
  return out as T;
}
