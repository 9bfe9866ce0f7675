// Amazon EventBridge event patterns: a typed form, a validator and an offline matcher, so every
// rule the package composes is proven (in tests) to match the events it is written for and to
// ignore the others. Semantics follow the EventBridge user guide, "Content filtering in Amazon
// EventBridge event patterns" and "Comparison operators for use in event patterns":
// - keys are ANDed; the values listed for one field are ORed; `$or` ORs whole sub-patterns;
// - a field whose event value is an array matches when any element matches;
// - an array of objects matches a nested pattern when one element satisfies all of it (EventBridge
//   evaluates nested fields of the same array element together);
// - every operator except `exists: false` needs the field to be present;
// - prefix/suffix/equals-ignore-case/wildcard apply to strings, numeric and cidr to numbers/IPs.
import { serializeJson, type RawJson } from '../kernel/raw-json';

/** One allowed value or operator of a leaf field. */
export type PatternMatcher =
  | string
  | number
  | boolean
  | null
  | RawJson
  | { prefix: string | { 'equals-ignore-case': string } }
  | { suffix: string | { 'equals-ignore-case': string } }
  | { 'equals-ignore-case': string }
  | { wildcard: string }
  | { 'anything-but': AnythingBut }
  | { numeric: readonly (string | number | RawJson)[] }
  | { exists: boolean }
  | { cidr: string };

export type AnythingBut =
  | string
  | number
  | readonly (string | number)[]
  | { prefix: string }
  | { suffix: string }
  | { 'equals-ignore-case': string | readonly string[] }
  | { wildcard: string | readonly string[] };

/** A pattern node: field → allowed values (leaf) or field → nested pattern; `$or` → alternatives. */
export interface EventPattern {
  readonly [field: string]: readonly PatternMatcher[] | EventPattern | readonly EventPattern[];
}

/** The JSON string EventBridge stores (`Rule.eventPattern`). */
export function eventPatternJson(pattern: EventPattern): string {
  const problems = validateEventPattern(pattern);
  if (problems.length) throw new Error(`event pattern: ${problems.join('; ')}`);
  return serializeJson(pattern);
}

const NUMERIC_OPERATORS = new Set(['=', '<', '<=', '>', '>=']);

/** Why `pattern` is not a valid EventBridge event pattern (empty when it is). */
export function validateEventPattern(pattern: unknown, path = ''): string[] {
  if (!isPlainObject(pattern)) return [`${path || 'pattern'}: must be an object`];
  const problems: string[] = [];
  if (path === '' && Object.keys(pattern).length === 0) problems.push('pattern: must name at least one field');
  for (const [key, value] of Object.entries(pattern)) {
    const at = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) {
        problems.push(`${at}: must be an array of at least two sub-patterns`);
        continue;
      }
      value.forEach((sub, i) => problems.push(...validateEventPattern(sub, `${at}[${i}]`)));
    } else if (Array.isArray(value)) {
      if (value.length === 0) problems.push(`${at}: an empty value list never matches; list at least one value`);
      value.forEach((m, i) => {
        const p = matcherProblem(m);
        if (p) problems.push(`${at}[${i}]: ${p}`);
      });
    } else if (isPlainObject(value)) {
      problems.push(...validateEventPattern(value, at));
    } else {
      problems.push(`${at}: values must be listed in an array (e.g. ["${String(value)}"])`);
    }
  }
  return problems;
}

function matcherProblem(m: unknown): string | undefined {
  if (m === null || typeof m === 'string' || typeof m === 'number' || typeof m === 'boolean') return undefined;
  if (typeof m === 'object' && m.constructor?.name === 'RawJson') return undefined;
  if (!isPlainObject(m)) return `unsupported value ${JSON.stringify(m)}`;
  const keys = Object.keys(m);
  if (keys.length !== 1) return `an operator object has exactly one operator, got ${keys.join(', ') || 'none'}`;
  const [op] = keys as [string];
  const arg = m[op];
  switch (op) {
    case 'prefix':
    case 'suffix':
      return typeof arg === 'string' || (isPlainObject(arg) && typeof arg['equals-ignore-case'] === 'string')
        ? undefined
        : `${op} takes a string or {"equals-ignore-case": string}`;
    case 'equals-ignore-case':
    case 'cidr':
      if (typeof arg !== 'string') return `${op} takes a string`;
      return op === 'cidr' && !parseCidr(arg) ? `cidr '${arg}' is not an IPv4 or IPv6 CIDR block` : undefined;
    case 'wildcard':
      return typeof arg === 'string' ? undefined : 'wildcard takes a string';
    case 'exists':
      return typeof arg === 'boolean' ? undefined : 'exists takes true or false';
    case 'numeric':
      return numericProblem(arg);
    case 'anything-but':
      return anythingButProblem(arg);
    default:
      return `unknown operator '${op}'`;
  }
}

function numericProblem(arg: unknown): string | undefined {
  if (!Array.isArray(arg) || (arg.length !== 2 && arg.length !== 4)) return 'numeric takes [op, n] or [op, n, op, n]';
  for (let i = 0; i < arg.length; i += 2) {
    if (!NUMERIC_OPERATORS.has(String(arg[i]))) return `numeric operator '${String(arg[i])}' is not one of =, <, <=, >, >=`;
    const n = arg[i + 1];
    if (typeof n !== 'number' && !(typeof n === 'object' && n?.constructor?.name === 'RawJson')) return `numeric bound ${JSON.stringify(n)} is not a number`;
  }
  if (arg.length === 4) {
    if (!String(arg[0]).startsWith('>') || !String(arg[2]).startsWith('<')) return 'a numeric range is [">" or ">=", low, "<" or "<=", high]';
    if (typeof arg[1] === 'number' && typeof arg[3] === 'number' && arg[1] > arg[3]) return `numeric range ${arg[1]}..${arg[3]} is empty`;
  }
  return undefined;
}

function anythingButProblem(arg: unknown): string | undefined {
  if (typeof arg === 'string' || typeof arg === 'number') return undefined;
  if (Array.isArray(arg)) {
    if (arg.length === 0) return 'anything-but list is empty';
    const types = new Set(arg.map((v) => typeof v));
    return types.size === 1 && (types.has('string') || types.has('number')) ? undefined : 'anything-but list must hold only strings or only numbers';
  }
  if (isPlainObject(arg) && Object.keys(arg).length === 1) {
    const [op, v] = Object.entries(arg)[0]!;
    if ((op === 'prefix' || op === 'suffix') && typeof v === 'string') return undefined;
    if ((op === 'equals-ignore-case' || op === 'wildcard') && (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))) return undefined;
  }
  return 'anything-but takes a value, a list, or one of {prefix}, {suffix}, {equals-ignore-case}, {wildcard}';
}

/** True when `event` (an EventBridge event envelope) matches `pattern`. */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  const problems = validateEventPattern(pattern);
  if (problems.length) throw new Error(`event pattern: ${problems.join('; ')}`);
  return matchObject(pattern, event);
}

function matchObject(pattern: EventPattern, value: unknown): boolean {
  // An array of objects: one element must satisfy the whole nested pattern.
  if (Array.isArray(value)) return value.some((element) => isPlainObject(element) && matchObject(pattern, element));
  const obj = isPlainObject(value) ? value : undefined;
  return Object.entries(pattern).every(([key, sub]) => {
    if (key === '$or') return (sub as readonly EventPattern[]).some((alt) => matchObject(alt, value));
    const field = obj?.[key];
    if (Array.isArray(sub)) return matchLeaf(sub as readonly PatternMatcher[], field);
    // A nested pattern under a missing field can still match through `exists: false`.
    return matchObject(sub as EventPattern, field);
  });
}

function matchLeaf(matchers: readonly PatternMatcher[], field: unknown): boolean {
  const present = field !== undefined && !(Array.isArray(field) && field.length === 0);
  const values: unknown[] = Array.isArray(field) ? field : present ? [field] : [];
  return matchers.some((m) => {
    if (isPlainObject(m) && 'exists' in m) {
      // exists applies to leaves only: an object value is not a leaf.
      return m.exists ? present && !values.every(isPlainObject) : !present;
    }
    return values.some((v) => matchOne(m, v));
  });
}

function matchOne(m: PatternMatcher, v: unknown): boolean {
  if (m === null || typeof m !== 'object') return exactEquals(m, v);
  if (m.constructor?.name === 'RawJson') throw new Error('event pattern: a composition token cannot be matched offline; build the pattern with a concrete value');
  const op = m as Record<string, unknown>;
  if ('prefix' in op) return typeof v === 'string' && affix(v, op.prefix, (s, a) => s.startsWith(a));
  if ('suffix' in op) return typeof v === 'string' && affix(v, op.suffix, (s, a) => s.endsWith(a));
  if ('equals-ignore-case' in op) return typeof v === 'string' && v.toLowerCase() === String(op['equals-ignore-case']).toLowerCase();
  if ('wildcard' in op) return typeof v === 'string' && wildcardMatch(String(op.wildcard), v);
  if ('numeric' in op) return typeof v === 'number' && numericMatch(op.numeric as readonly (string | number)[], v);
  if ('cidr' in op) return typeof v === 'string' && cidrContains(String(op.cidr), v);
  // Only anything-but is left: matchesEventPattern validates first, and validation admits no other operator.
  return anythingBut(op['anything-but'] as AnythingBut, v);
}

function exactEquals(expected: string | number | boolean | null, actual: unknown): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') return expected === actual;
  return expected === actual;
}

function affix(value: string, arg: unknown, test: (s: string, a: string) => boolean): boolean {
  if (typeof arg === 'string') return test(value, arg);
  const ci = String((arg as Record<string, unknown>)['equals-ignore-case']);
  return test(value.toLowerCase(), ci.toLowerCase());
}

function anythingBut(arg: AnythingBut, v: unknown): boolean {
  if (typeof arg === 'string' || typeof arg === 'number') return v !== arg;
  if (Array.isArray(arg)) return !arg.includes(v as string | number);
  const [op, x] = Object.entries(arg)[0]! as [string, unknown];
  if (typeof v !== 'string') return true;
  const list = (Array.isArray(x) ? x : [x]).map(String);
  switch (op) {
    case 'prefix':
      return !v.startsWith(String(x));
    case 'suffix':
      return !v.endsWith(String(x));
    case 'equals-ignore-case':
      return !list.some((s) => s.toLowerCase() === v.toLowerCase());
    default:
      // 'wildcard', the only anything-but operator left once the pattern is validated.
      return !list.some((w) => wildcardMatch(w, v));
  }
}

/** `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash. */
export function wildcardMatch(wildcard: string, value: string): boolean {
  let re = '';
  for (let i = 0; i < wildcard.length; i++) {
    const c = wildcard[i]!;
    if (c === '\\' && i + 1 < wildcard.length) {
      re += escapeRegExp(wildcard[++i]!);
    } else if (c === '*') {
      re += '.*';
    } else {
      re += escapeRegExp(c);
    }
  }
  return new RegExp(`^${re}$`, 's').test(value);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function numericMatch(spec: readonly (string | number)[], v: number): boolean {
  for (let i = 0; i < spec.length; i += 2) {
    const n = spec[i + 1] as number;
    const ok = { '=': v === n, '<': v < n, '<=': v <= n, '>': v > n, '>=': v >= n }[String(spec[i]) as '='];
    if (!ok) return false;
  }
  return true;
}

// ---------------------------------------------------------------- IP addresses

interface Cidr {
  readonly bits: bigint;
  readonly prefix: number;
  readonly width: 32 | 128;
}

function parseCidr(cidr: string): Cidr | undefined {
  const [ip, len, ...rest] = cidr.split('/');
  if (rest.length || ip === undefined) return undefined;
  const addr = parseIp(ip);
  if (!addr) return undefined;
  const prefix = len === undefined ? addr.width : Number(len);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > addr.width || (len !== undefined && !/^\d+$/.test(len))) return undefined;
  return { bits: addr.bits, prefix, width: addr.width };
}

function parseIp(ip: string): { bits: bigint; width: 32 | 128 } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) {
    const parts = ip.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { bits: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n), width: 32 };
  }
  if (!ip.includes(':') || !/^[0-9a-fA-F:]+$/.test(ip)) return undefined;
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { bits: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n), width: 128 };
}

function cidrContains(cidr: string, ip: string): boolean {
  const block = parseCidr(cidr);
  const addr = parseIp(ip);
  if (!block || !addr || addr.width !== block.width) return false;
  const shift = BigInt(block.width - block.prefix);
  return addr.bits >> shift === block.bits >> shift;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v.constructor === Object || v.constructor === undefined);
}
