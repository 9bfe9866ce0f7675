// Where a nested composite's bad value came from: the claim's own field that holds the same value.
// A claim's parameters reach nested composites through patches (copied, sometimes transformed); a
// value found unchanged at exactly one claim path is named as that path, so a user fixes the field
// they wrote rather than a generated object they never see. Transformed values are not traced.
import { childPath } from './paths';

/** Every scalar leaf of a value: display path -> value. */
export function leaves(value: unknown, path = ''): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, childPath(path, i)));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, childPath(path, k)));
  return [[path, value]];
}

/** The value at a display path (`.spec.a[0]["b.c"]`), or undefined. */
export function valueAt(root: unknown, path: string): unknown {
  const re = /\.([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  let cur: unknown = root;
  let consumed = 0;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m.index !== consumed) return undefined;
    consumed = re.lastIndex;
    if (cur === null || typeof cur !== 'object') return undefined;
    const key = m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]!) as string));
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return consumed === path.length ? cur : undefined;
}

const lastSegment = (p: string): string => /(?:\.([^.[]+)|\["([^"]+)"\])$/.exec(p)?.slice(1).find((x) => x !== undefined) ?? '';

/**
 * The claim path that the value at `path` of a nested object came from: the only claim leaf under
 * .spec with an equal value, else the only one among those that also share the field name. Booleans,
 * null and empty strings are too common to attribute.
 */
export function claimOrigin(claim: unknown, nested: unknown, path: string): string | undefined {
  const v = valueAt(nested, path);
  if (v === undefined || v === null || typeof v === 'boolean' || v === '') return undefined;
  const spec = (claim as { spec?: unknown })?.spec;
  const same = leaves(spec, '.spec').filter(([, x]) => x === v).map(([p]) => p);
  if (same.length === 1) return same[0];
  const named = same.filter((p) => lastSegment(p) === lastSegment(path));
  return named.length === 1 ? named[0] : undefined;
}
