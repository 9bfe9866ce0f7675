// Turns Ajv errors into short, human messages that name the field and what is allowed.
import type { ErrorObject } from 'ajv/dist/2020';
import { PATTERN_DESCRIPTIONS } from './k8s-to-json-schema';
import { childPath } from './paths';

export interface SchemaProblem {
  path: string;
  message: string;
  rule: string;
}

const MAX_LIST = 6;

export function ajvErrorsToProblems(errors: ErrorObject[], data: unknown): SchemaProblem[] {
  // A failed anyOf/oneOf (e.g. int-or-string) is reported by its summary, unless the value had the
  // right type for a branch and failed that branch's constraints (e.g. a quantity's pattern).
  const hidden = new Set<ErrorObject>();
  for (const c of errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')) {
    const branch = errors.filter((e) => e !== c && e.schemaPath.startsWith(`${c.schemaPath}/`));
    const specific = branch.filter((e) => e.keyword !== 'type');
    if (specific.length > 0) {
      hidden.add(c);
      for (const e of branch) if (e.keyword === 'type') hidden.add(e);
    } else {
      for (const e of branch) hidden.add(e);
    }
  }
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (hidden.has(e)) continue;
    if (e.keyword === 'propertyNames') continue; // its nested error carries the offending key
    const p = toProblem(e, data);
    const key = `${p.path}\0${p.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  }
  return out;
}

function toProblem(e: ErrorObject, data: unknown): SchemaProblem {
  const base = pointerToPath(e.instancePath, data);
  const params = e.params as Record<string, unknown>;
  const got = describe(e.data);
  if (e.propertyName !== undefined) {
    const what = e.keyword === 'pattern' ? patternText(String(params.pattern)) : (e.message ?? 'is invalid');
    return { path: childPath(base, e.propertyName), message: `invalid key ${JSON.stringify(e.propertyName)}: ${what}`, rule: `propertyNames ${e.keyword}` };
  }
  switch (e.keyword) {
    case 'required':
      return { path: base, message: `must have required property '${String(params.missingProperty)}'`, rule: 'required' };
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const allowed = Object.keys(((e.parentSchema as Record<string, unknown> | undefined)?.properties ?? {}) as object);
      const hint = allowed.length ? ` (allowed: ${shortList(bySimilarity(allowed, field))})` : ' (no fields allowed here)';
      return { path: childPath(base, field), message: `unknown field${hint}`, rule: 'additionalProperties' };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(render);
      return { path: base, message: `must be one of ${shortList(allowed)} (got ${got})${didYouMean(allowed, e.data)}`, rule: 'enum' };
    }
    case 'const':
      return { path: base, message: `must be ${render(params.allowedValue)} (got ${got})`, rule: 'const' };
    case 'type': {
      const types = Array.isArray(params.type) ? (params.type as string[]) : String(params.type).split(',');
      return { path: base, message: `must be ${types.join(' or ')} (got ${typeOf(e.data)}${scalar(e.data) ? ` ${got}` : ''})`, rule: 'type' };
    }
    case 'anyOf':
    case 'oneOf': {
      const branches = ((e.schema as Record<string, unknown>[] | undefined) ?? []).map((s) => s.type).filter((t): t is string => typeof t === 'string');
      const what = branches.length === (e.schema as unknown[] | undefined)?.length ? `must be ${branches.join(' or ')}` : `must match ${e.keyword === 'anyOf' ? 'at least one' : 'exactly one'} of the allowed schemas`;
      return { path: base, message: `${what} (got ${typeOf(e.data)}${scalar(e.data) ? ` ${got}` : ''})`, rule: e.keyword };
    }
    case 'pattern':
      return { path: base, message: `${patternText(String(params.pattern))} (got ${got})`, rule: 'pattern' };
    case 'format':
      return { path: base, message: `must be a valid ${String(params.format)} (got ${got})`, rule: 'format' };
    default:
      return { path: base, message: `${e.message ?? 'is invalid'}${scalar(e.data) ? ` (got ${got})` : ''}`, rule: e.keyword };
  }
}

function patternText(pattern: string): string {
  const description = PATTERN_DESCRIPTIONS.get(pattern);
  return description ? `must be ${description}` : `must match pattern ${pattern}`;
}

/** JSON pointer -> `.a.b[0]`; the data tells array indices from numeric map keys. */
export function pointerToPath(pointer: string, data: unknown): string {
  if (pointer === '') return '';
  let path = '';
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      path = childPath(path, Number(seg));
      cur = cur[Number(seg)];
    } else {
      path = childPath(path, seg);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return path;
}

function scalar(v: unknown): boolean {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (scalar(v)) return truncate(JSON.stringify(v), 80);
  return typeOf(v);
}

function render(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function shortList(items: string[]): string {
  return items.length > MAX_LIST ? `${items.slice(0, MAX_LIST).join(', ')}, …` : items.join(', ');
}

/** A typo of an allowed value (edit distance at most a third of its length, or a case slip): name it. */
export function didYouMean(allowed: string[], got: unknown): string {
  if (typeof got !== 'string' || got === '') return '';
  const g = got.toLowerCase();
  const scored = allowed.map((a) => ({ a, d: a.toLowerCase() === g ? 0 : levenshtein(a.toLowerCase(), g) })).sort((x, y) => x.d - y.d);
  const best = scored[0];
  if (!best || best.d > Math.max(1, Math.floor(best.a.length / 3)) || scored[1]?.d === best.d) return '';
  return `; did you mean "${best.a}"?`;
}

/** Closest names first, so a typo's intended field leads the "allowed" list. */
function bySimilarity(names: string[], target: string): string[] {
  const t = target.toLowerCase();
  return names
    .map((n) => ({ n, d: levenshtein(n.toLowerCase(), t) - (n.toLowerCase().startsWith(t.slice(0, 3)) ? 0.5 : 0) }))
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .map((x) => x.n);
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
