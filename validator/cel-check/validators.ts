// The AST validators Kubernetes enables from 1.29 (cel-go cel/validator.go): literal arguments of
// duration(), timestamp() and matches() must be valid, and aggregate literals must be homogeneous.
// The string.format() validator of ext.Strings is not ported; its exemption of format() arguments
// from the homogeneity check is.
import { RE2JS } from 're2js';
import { type Expr, descendants } from './ast';
import { formatType, isEquivalentType } from './cel-types';
import type { CheckedExpression } from './check';
import type { CelEnvironment } from './environment';
import type { Issue } from './source';

export function validateAst(checked: CheckedExpression, env: CelEnvironment): Issue[] {
  const issues: Issue[] = [];
  const at = (e: Expr, message: string): void => {
    issues.push({ offset: checked.parsed.offsets.get(e.id) ?? -1, message });
  };
  if (env.literalValidators) {
    literalArguments(checked.expr, 'duration', (v) => typeof v !== 'string' || isGoDuration(v), at);
    literalArguments(checked.expr, 'timestamp', (v) => (typeof v === 'string' ? isCelTimestamp(v) : typeof v !== 'bigint' || isUnixSecondsInRange(v)), at);
    literalArguments(checked.expr, 'matches', (v) => typeof v !== 'string' || isRe2(v), at);
    homogeneousLiterals(checked, env.stringFormatValidator ? ['format'] : [], at);
  }
  return issues;
}

type LiteralValue = string | bigint | number | boolean | Uint8Array | null;

/** formatValidator: the first argument of every call to `fn` that is a literal must pass `ok`. */
function literalArguments(root: Expr, fn: string, ok: (v: LiteralValue) => boolean, at: (e: Expr, m: string) => void): void {
  for (const e of descendants(root)) {
    if (e.kind !== 'call' || e.fn !== fn || e.args.length === 0) continue;
    const arg = e.args[0];
    if (arg.kind !== 'literal') continue;
    const v = arg.value.type === 'null' ? null : arg.value.value;
    if (!ok(v)) at(arg, `invalid ${fn} argument`);
  }
}

const re2Validity = new Map<string, boolean>();

function isRe2(pattern: string): boolean {
  let ok = re2Validity.get(pattern);
  if (ok === undefined) {
    try {
      RE2JS.compile(pattern);
      ok = true;
    } catch {
      ok = false;
    }
    re2Validity.set(pattern, ok);
  }
  return ok;
}

const MIN_UNIX_TIME = -62135596800n;
const MAX_UNIX_TIME = 253402300799n;

function isUnixSecondsInRange(s: bigint): boolean {
  return s >= MIN_UNIX_TIME && s <= MAX_UNIX_TIME;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** time.Parse(time.RFC3339, s) followed by cel-go's year 1..9999 range check. */
function isCelTimestamp(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/.exec(s);
  if (!m) return false;
  const [year, month, day, hour, min, sec] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12) return false;
  const dim = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (day < 1 || day > dim || hour > 23 || min > 59 || sec > 59) return false;
  let offset = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return false;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, min, sec, 0);
  return isUnixSecondsInRange(BigInt(Math.floor(d.getTime() / 1000) - offset));
}

const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n,
  'μs': 1000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX_INT64 = (1n << 63n) - 1n;

/** Go's time.ParseDuration: [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+ or "0", within int64 nanoseconds. */
function isGoDuration(s: string): boolean {
  let rest = s;
  let neg = false;
  if (rest[0] === '-' || rest[0] === '+') {
    neg = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return true;
  if (rest === '') return false;
  let total = 0n;
  while (rest !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    const intPart = m[1];
    const frac = m[2];
    if (intPart === '' && (frac === undefined || frac === '')) return false;
    rest = rest.slice(m[0].length);
    const u = /^[^0-9.]+/.exec(rest);
    if (!u) return false;
    const unit = UNIT_NANOS[u[0]];
    if (unit === undefined) return false;
    rest = rest.slice(u[0].length);
    const v = intPart === '' ? 0n : BigInt(intPart);
    if (v > MAX_INT64 / unit) return false;
    let d = v * unit;
    if (frac) d += BigInt(Math.trunc((Number(`0.${frac}`) * Number(unit))));
    total += d;
    if (total > MAX_INT64 + (neg ? 1n : 0n)) return false;
  }
  return true;
}

/** homogeneousAggregateLiteralValidator: list elements, map keys and values of one literal share a type. */
function homogeneousLiterals(checked: CheckedExpression, exemptFunctions: string[], at: (e: Expr, m: string) => void): void {
  const visit = (e: Expr, exempt: boolean): void => {
    if (e.kind === 'call') {
      const inExempt = exempt || exemptFunctions.includes(e.fn);
      if (e.target) visit(e.target, inExempt);
      e.args.forEach((a) => visit(a, inExempt));
      return;
    }
    if (!exempt && e.kind === 'list') {
      const opt = new Set(e.optionalIndices);
      let elemType;
      for (let i = 0; i < e.elements.length; i++) {
        let t = checked.types.get(e.elements[i].id);
        if (!t) continue;
        if (opt.has(i)) t = t.params[0];
        if (!elemType) {
          elemType = t;
          continue;
        }
        if (!isEquivalentType(elemType, t)) {
          at(e.elements[i], `expected type '${formatType(elemType)}' but found '${formatType(t)}'`);
          break;
        }
      }
    }
    if (!exempt && e.kind === 'map') {
      let keyType;
      let valType;
      for (const en of e.entries) {
        const kt = checked.types.get(en.key.id);
        let vt = checked.types.get(en.value.id);
        if (!kt || !vt) continue;
        if (en.optional) vt = vt.params[0];
        if (!keyType && !valType) {
          keyType = kt;
          valType = vt;
          continue;
        }
        if (keyType && !isEquivalentType(keyType, kt)) at(en.key, `expected type '${formatType(keyType)}' but found '${formatType(kt)}'`);
        if (valType && !isEquivalentType(valType, vt)) at(en.value, `expected type '${formatType(valType)}' but found '${formatType(vt)}'`);
      }
    }
    for (const child of children(e)) visit(child, exempt);
  };
  visit(checked.expr, false);
}

function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'select':
      return [e.operand];
    case 'list':
      return e.elements;
    case 'map':
      return e.entries.flatMap((en) => [en.key, en.value]);
    case 'struct':
      return e.fields.map((f) => f.value);
    case 'comprehension':
      return [e.iterRange, e.accuInit, e.loopCondition, e.loopStep, e.result];
    default:
      return [];
  }
}
