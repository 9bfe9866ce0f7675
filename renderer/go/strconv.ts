// Go strconv parsing: ParseInt/ParseBool/ParseFloat accept rules and their NumError messages, and
// Go's int64(float64) conversion. Value model as in fmt.ts: JS number = Go float64, JS bigint = Go int64.

import { goQuote } from './fmt';

const syntaxError = (fn: string, s: string) => new Error(`strconv.${fn}: parsing ${goQuote(s)}: invalid syntax`);
const rangeError = (fn: string, s: string) => new Error(`strconv.${fn}: parsing ${goQuote(s)}: value out of range`);
export const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

export function parseGoInt64(s: string): bigint {
  const m = /^([+-]?)([0-9]+)$/.exec(s);
  if (!m) throw syntaxError('ParseInt', s);
  const v = BigInt(m[1] === '-' ? `-${m[2]}` : m[2]);
  if (v > INT64_MAX || v < INT64_MIN) throw rangeError('ParseInt', s);
  return v;
}

export function parseGoBool(s: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw syntaxError('ParseBool', s);
}

/** strconv's underscoreOK: '_' only between digits (a base prefix counts as a digit). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s[0] === '+' || s[0] === '-') s = s.slice(1);
  let hexDigits = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1])) {
    i = 2;
    saw = '0';
    hexDigits = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hexDigits && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

function hexFloatValue(s: string): number {
  const m = /^([+-]?)0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/.exec(s) as RegExpExecArray;
  const intPart = m[2].replace(/_/g, '');
  const fracPart = (m[3] ?? '').replace(/_/g, '');
  const mant = BigInt('0x' + (intPart + fracPart || '0'));
  const exp = Number(m[4].replace(/_/g, '')) - 4 * fracPart.length;
  const v = Number(mant) * 2 ** exp;
  return m[1] === '-' ? -v : v;
}

export function parseGoFloat(s: string): number {
  const special = /^([+-]?)(inf|infinity)$/i.exec(s);
  if (special) return special[1] === '-' ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return NaN;
  const decimal = /^[+-]?(?=[0-9_]*\.?[0-9_]*[0-9])[0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9][0-9_]*)?$/.test(s);
  const hexadecimal = /^[+-]?0[xX](?=[0-9a-fA-F_.]*[0-9a-fA-F])[0-9a-fA-F_]*(\.[0-9a-fA-F_]*)?[pP][+-]?[0-9][0-9_]*$/.test(s);
  if ((!decimal && !hexadecimal) || (s.includes('_') && !underscoreOK(s))) throw syntaxError('ParseFloat', s);
  const v = hexadecimal ? hexFloatValue(s) : Number(s.replace(/_/g, ''));
  if (!Number.isFinite(v)) throw rangeError('ParseFloat', s);
  return v;
}

/** Go's conversion int64(f): truncation; NaN and out-of-range give MinInt64 (amd64). */
export function float64ToInt64(f: number): bigint {
  if (!Number.isFinite(f) || f >= 2 ** 63 || f < -(2 ** 63)) return INT64_MIN;
  return BigInt(Math.trunc(f));
}
