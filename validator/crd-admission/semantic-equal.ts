// apimachinery's Semantic.DeepEqual for the model used here: like reflect.DeepEqual, except that a
// nil and an empty slice or map are equal. `undefined` models nil; arrays and Maps model slices and
// maps; a JSON object (JSON values, Go structs) is compared key by key, an absent key being nil.

const isEmptyCollection = (v: unknown): boolean => (Array.isArray(v) && v.length === 0) || (v instanceof Map && v.size === 0);

export function semanticDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return isEmptyCollection(a ?? b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => semanticDeepEqual(x, b[i]));
  }
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map) || !(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !semanticDeepEqual(v, b.get(k))) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) if (!semanticDeepEqual(ao[k], bo[k])) return false;
  return true;
}
