// function-patch-and-transform transforms (map, match, math, string, convert) and the checks
// upstream validate.go applies to them. Error messages follow upstream's wording and wrapping:
//   "transform at index 0 returned error: string transform could not resolve: ..."
//
// Value model (see gofmt.ts): JS number = Go float64, JS bigint = Go int64.

import { createHash } from 'node:crypto';
import { goJsonMarshal, goQuote, goTypeName, formatFloat, sprintf } from '../go/fmt';
import { compileRe2, type Re2Regexp } from '../../validator/re2';
import type { Json, JsonObject } from '../types';
import { decodeTransformInput, isDecodedTransform } from './pt-input';

export type TransformValue = Json | bigint;

const errMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function cloneJson(v: Json): Json {
  if (Array.isArray(v)) return v.map(cloneJson);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) {
      Object.defineProperty(out, k, { value: cloneJson(v[k]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return v;
}

/** Go's string(bytes) followed by JSON encoding: every invalid UTF-8 byte becomes U+FFFD. */
function decodeGoUtf8(b: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const c0 = b[i];
    if (c0 < 0x80) {
      out += String.fromCharCode(c0);
      i++;
      continue;
    }
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (c0 >= 0xc2 && c0 <= 0xdf) need = 1;
    else if (c0 >= 0xe0 && c0 <= 0xef) {
      need = 2;
      if (c0 === 0xe0) lo = 0xa0;
      if (c0 === 0xed) hi = 0x9f;
    } else if (c0 >= 0xf0 && c0 <= 0xf4) {
      need = 3;
      if (c0 === 0xf0) lo = 0x90;
      if (c0 === 0xf4) hi = 0x8f;
    }
    let ok = need > 0 && i + need < b.length;
    for (let k = 1; ok && k <= need; k++) {
      const c = b[i + k];
      ok = k === 1 ? c >= lo && c <= hi : c >= 0x80 && c <= 0xbf;
    }
    if (!ok) {
      out += '\ufffd';
      i++;
      continue;
    }
    out += Buffer.from(b.subarray(i, i + need + 1)).toString('utf8');
    i += need + 1;
  }
  return out;
}

// =============================================================================================
// Go regexp: Go's syntax, semantics and error text, in linear time (validator/re2, RE2 via re2js).

/** regexp.Compile; throws Go's error ("error parsing regexp: missing closing ]: `[a-z`"). */
export function compileGoRegexp(pattern: string): Re2Regexp {
  return compileRe2(pattern);
}

/** FindStringSubmatch: non-participating groups are "" as in Go. */
function findStringSubmatch(re: Re2Regexp, s: string): string[] | undefined {
  const m = re.exec(s);
  return m ? Array.from(m, (g) => g ?? '') : undefined;
}

// =============================================================================================
// strconv parsing (Go accept rules and NumError messages)

const syntaxError = (fn: string, s: string) => new Error(`strconv.${fn}: parsing ${goQuote(s)}: invalid syntax`);
const rangeError = (fn: string, s: string) => new Error(`strconv.${fn}: parsing ${goQuote(s)}: value out of range`);
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

function parseGoInt64(s: string): bigint {
  const m = /^([+-]?)([0-9]+)$/.exec(s);
  if (!m) throw syntaxError('ParseInt', s);
  const v = BigInt(m[1] === '-' ? `-${m[2]}` : m[2]);
  if (v > INT64_MAX || v < INT64_MIN) throw rangeError('ParseInt', s);
  return v;
}

function parseGoBool(s: string): boolean {
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

function parseGoFloat(s: string): number {
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
function float64ToInt64(f: number): bigint {
  if (!Number.isFinite(f) || f >= 2 ** 63 || f < -(2 ** 63)) return INT64_MIN;
  return BigInt(Math.trunc(f));
}

// =============================================================================================
// Kubernetes resource.Quantity (ParseQuantity + AsApproximateFloat64)

const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";
const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';

interface QuantityParts {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

function splitQuantity(str: string): QuantityParts {
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  let pos = 0;
  let positive = true;
  if (str[0] === '-' || str[0] === '+') {
    positive = str[0] === '+';
    pos++;
  }
  while (str[pos] === '0') pos++;
  if (pos >= str.length) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  let i = pos;
  while (isDigit(str[i])) i++;
  if (i >= str.length) return { positive, value: str, num: str.slice(pos), denom: '', suffix: '' };
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= str.length) return { positive, value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  i = pos;
  while (i < str.length && 'eEinumkKMGTP'.includes(str[i])) i++;
  if (i >= str.length) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  pos = i;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  i = pos;
  while (isDigit(str[i])) i++;
  if (i < str.length) throw new Error(QUANTITY_FORMAT_ERROR);
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

interface QuantitySuffix {
  base: 2 | 10;
  exponent: number;
}

function interpretQuantitySuffix(suffix: string): QuantitySuffix {
  const decimal: Record<string, number> = { '': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
  const binary: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
  if (hasOwn(decimal, suffix)) return { base: 10, exponent: decimal[suffix] };
  if (hasOwn(binary, suffix)) return { base: 2, exponent: binary[suffix] };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    try {
      return { base: 10, exponent: Number(BigInt.asIntN(32, parseGoInt64(suffix.slice(1)))) };
    } catch {
      throw new Error(QUANTITY_SUFFIX_ERROR);
    }
  }
  throw new Error(QUANTITY_SUFFIX_ERROR);
}

/** math.Pow10, built from the same tables so results match Go bit for bit. */
function goPow10(n: number): number {
  const tab = (k: number) => Number(`1e${k}`);
  if (n >= 0 && n <= 308) return Number(`1e${Math.floor(n / 32) * 32}`) * tab(n % 32);
  if (n < 0 && n >= -323) return Number(`1e-${Math.floor(-n / 32) * 32}`) / tab(-n % 32);
  return n > 0 ? Infinity : 0;
}

const approximate = (unscaled: bigint, exponent: number) =>
  exponent === 0 ? Number(unscaled) : Number(unscaled) * goPow10(exponent);

/** Parse a decimal like inf.Dec.SetString: returns unscaled digits and the scale. */
function parseInfDec(value: string): { unscaled: bigint; scale: number } {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(value);
  if (!m || (m[2] + (m[3] ?? '')).length === 0) throw new Error(QUANTITY_NUMERIC_ERROR);
  const digits = m[2] + (m[3] ?? '');
  const unscaled = BigInt(digits) * (m[1] === '-' ? -1n : 1n);
  return { unscaled, scale: (m[3] ?? '').length };
}

/** resource.ParseQuantity(s).AsApproximateFloat64(). */
function quantityToFloat64(str: string): number {
  if (str.length === 0) throw new Error(QUANTITY_FORMAT_ERROR);
  if (str === '0') return 0;
  const parts = splitQuantity(str);
  const { base, exponent } = interpretQuantitySuffix(parts.suffix);
  // Fast path: small values are kept as int64 × 10^scale.
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (base === 10) {
    scale = exponent;
    precision = 18 - (parts.num.length + parts.denom.length);
  } else if (exponent >= 0 && parts.denom.length === 0) {
    mantissa = 1n << BigInt(exponent);
    precision = 15 - parts.num.length - Math.trunc((exponent * 3) / 10) - 1;
  } else precision = -1;
  if (precision >= 0) {
    scale -= parts.denom.length;
    if (scale >= -9) {
      const result = BigInt(parts.num + parts.denom) * mantissa;
      if (result <= INT64_MAX) return approximate(parts.positive ? result : -result, scale);
    }
  }
  // Slow path: arbitrary precision decimal, rounded up to nano units and capped at MaxInt64.
  let { unscaled, scale: decScale } = parseInfDec(parts.value);
  if (base === 10) decScale -= exponent;
  else unscaled *= 1n << BigInt(exponent);
  const negative = unscaled < 0n;
  let abs = negative ? -unscaled : unscaled;
  if (abs === 0n) return 0;
  if (decScale <= 9) abs *= 10n ** BigInt(9 - decScale);
  else {
    const div = 10n ** BigInt(decScale - 9);
    abs = abs / div + (abs % div === 0n ? 0n : 1n);
  }
  if (abs > INT64_MAX * 10n ** 9n) return approximate(negative ? -INT64_MAX : INT64_MAX, 0);
  return approximate(negative ? -abs : abs, -9);
}

// =============================================================================================
// encoding/json Unmarshal for convert's json format (Go syntax-error and type-error messages)

function quoteJsonChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  const q = goQuote(String.fromCharCode(c));
  return `'${q.slice(1, -1)}'`;
}

/** A port of encoding/json's scanner checks (checkValid) with its error messages. */
function checkValidJson(text: string): void {
  const b = Buffer.from(text, 'utf8');
  let i = 0;
  const eof = (): never => {
    throw new Error('unexpected end of JSON input');
  };
  const bad = (ctx: string): never => {
    throw new Error(`invalid character ${quoteJsonChar(b[i])} ${ctx}`);
  };
  const need = () => {
    if (i >= b.length) eof();
  };
  const ws = () => {
    while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
  };
  const isDigit = () => i < b.length && b[i] >= 0x30 && b[i] <= 0x39;
  const digits = () => {
    while (isDigit()) i++;
  };
  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      i++;
      need();
      if (b[i] !== word.charCodeAt(k)) bad(`in literal ${word} (expecting ${quoteJsonChar(word.charCodeAt(k))})`);
    }
    i++;
  };
  const string = () => {
    i++;
    for (;;) {
      need();
      const c = b[i];
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x5c) {
        i++;
        need();
        if ('"\\/bfnrt'.includes(String.fromCharCode(b[i]))) i++;
        else if (b[i] === 0x75) {
          i++;
          for (let k = 0; k < 4; k++) {
            need();
            if (!/[0-9a-fA-F]/.test(String.fromCharCode(b[i]))) bad('in \\u hexadecimal character escape');
            i++;
          }
        } else bad('in string escape code');
        continue;
      }
      if (c < 0x20) bad('in string literal');
      i++;
    }
  };
  const number = () => {
    if (b[i] === 0x2d) {
      i++;
      need();
      if (!isDigit()) bad('in numeric literal');
    }
    if (b[i] === 0x30) i++;
    else digits();
    if (i < b.length && b[i] === 0x2e) {
      i++;
      need();
      if (!isDigit()) bad('after decimal point in numeric literal');
      digits();
    }
    if (i < b.length && (b[i] === 0x65 || b[i] === 0x45)) {
      i++;
      need();
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      need();
      if (!isDigit()) bad('in exponent of numeric literal');
      digits();
    }
  };
  const value = (): void => {
    ws();
    need();
    const c = b[i];
    if (c === 0x7b) return object();
    if (c === 0x5b) return array();
    if (c === 0x22) return string();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return number();
    if (c === 0x74) return literal('true');
    if (c === 0x66) return literal('false');
    if (c === 0x6e) return literal('null');
    bad('looking for beginning of value');
  };
  const object = () => {
    i++;
    ws();
    need();
    if (b[i] === 0x7d) {
      i++;
      return;
    }
    for (;;) {
      ws();
      need();
      if (b[i] !== 0x22) bad('looking for beginning of object key string');
      string();
      ws();
      need();
      if (b[i] !== 0x3a) bad('after object key');
      i++;
      value();
      ws();
      need();
      if (b[i] === 0x2c) {
        i++;
        continue;
      }
      if (b[i] === 0x7d) {
        i++;
        return;
      }
      bad('after object key:value pair');
    }
  };
  const array = () => {
    i++;
    ws();
    need();
    if (b[i] === 0x5d) {
      i++;
      return;
    }
    for (;;) {
      value();
      ws();
      need();
      if (b[i] === 0x2c) {
        i++;
        continue;
      }
      if (b[i] === 0x5d) {
        i++;
        return;
      }
      bad('after array element');
    }
  };
  value();
  ws();
  if (i < b.length) bad('after top-level value');
}

function jsonKind(v: Json): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  return Array.isArray(v) ? 'array' : 'object';
}

/** json.Unmarshal into map[string]any or []any; "null" yields nil. */
function goJsonUnmarshal(text: string, into: 'object' | 'array'): Json {
  checkValidJson(text);
  const v = JSON.parse(text) as Json;
  if (v === null || jsonKind(v) === into) return v;
  const goType = into === 'object' ? 'map[string]interface {}' : '[]interface {}';
  throw new Error(`json: cannot unmarshal ${jsonKind(v)} into Go value of type ${goType}`);
}

// =============================================================================================
// Decoding the raw transform input (encoding/json into the v1beta1 Go structs)

interface MathConfig {
  type: string;
  multiply?: bigint;
  clampMin?: bigint;
  clampMax?: bigint;
}
interface MatchPattern {
  type: string;
  literal?: string;
  regexp?: string;
  /** Absent and null are the same upstream (extv1.JSON with no raw bytes). */
  result?: Json;
}
interface MatchConfig {
  patterns: MatchPattern[];
  fallbackValue?: Json;
  fallbackTo: string;
}
interface StringConfig {
  type: string;
  fmt?: string;
  convert?: string;
  trim?: string;
  regexp?: { match: string; group?: bigint };
  join?: { separator: string };
  replace?: { search: string; replace: string };
}
interface ConvertConfig {
  toType: string;
  format?: string;
}
interface TransformConfig {
  type: string;
  math?: MathConfig;
  map?: JsonObject;
  match?: MatchConfig;
  string?: StringConfig;
  convert?: ConvertConfig;
}

/** Plain reads of an input that decodeTransformInput has already checked. */
function lookup(o: JsonObject, key: string): Json | undefined {
  return hasOwn(o, key) ? o[key] : undefined;
}

function readString(o: JsonObject, key: string): string | undefined {
  const v = lookup(o, key);
  return typeof v === 'string' ? v : undefined;
}

function readInt(o: JsonObject, key: string): bigint | undefined {
  const v = lookup(o, key) as Json | bigint | undefined;
  if (typeof v === 'bigint') return v;
  return typeof v === 'number' ? BigInt(v) : undefined;
}

function readObject(o: JsonObject, key: string): JsonObject | undefined {
  const v = lookup(o, key);
  return isObject(v) ? v : undefined;
}

function decodeMath(o: JsonObject): MathConfig {
  return { type: readString(o, 'type') ?? '', multiply: readInt(o, 'multiply'), clampMin: readInt(o, 'clampMin'), clampMax: readInt(o, 'clampMax') };
}

function decodePattern(v: JsonObject): MatchPattern {
  const result = lookup(v, 'result');
  return {
    type: readString(v, 'type') ?? '',
    literal: readString(v, 'literal'),
    regexp: readString(v, 'regexp'),
    result: result === null ? undefined : result,
  };
}

function decodeMatch(o: JsonObject): MatchConfig {
  const patterns = lookup(o, 'patterns');
  const fallbackValue = lookup(o, 'fallbackValue');
  return {
    patterns: (Array.isArray(patterns) ? patterns : []).map((p) => decodePattern(isObject(p) ? p : {})),
    fallbackValue: fallbackValue === null ? undefined : fallbackValue,
    fallbackTo: readString(o, 'fallbackTo') ?? '',
  };
}

function decodeString(o: JsonObject): StringConfig {
  const regexp = readObject(o, 'regexp');
  const join = readObject(o, 'join');
  const replace = readObject(o, 'replace');
  return {
    type: readString(o, 'type') ?? '',
    fmt: readString(o, 'fmt'),
    convert: readString(o, 'convert'),
    trim: readString(o, 'trim'),
    regexp: regexp && { match: readString(regexp, 'match') ?? '', group: readInt(regexp, 'group') },
    join: join && { separator: readString(join, 'separator') ?? '' },
    replace: replace && { search: readString(replace, 'search') ?? '', replace: readString(replace, 'replace') ?? '' },
  };
}

function decodeConvert(o: JsonObject): ConvertConfig {
  return { toType: readString(o, 'toType') ?? '', format: readString(o, 'format') };
}

/**
 * A transform as P&T holds it after decoding its input: mis-cased or unknown keys and wrong types
 * fail with the decoder's message (pt-input.ts), and a null is the Go zero value.
 */
function decodeTransform(raw: JsonObject): TransformConfig {
  // A render applies the same patch thousands of times; the input objects are never mutated.
  let cfg = decodedTransforms.get(raw);
  if (cfg === undefined) {
    cfg = decodeTransformUncached(raw);
    decodedTransforms.set(raw, cfg);
  }
  return cfg;
}

const decodedTransforms = new WeakMap<JsonObject, TransformConfig>();

function decodeTransformUncached(raw: JsonObject): TransformConfig {
  const t = isDecodedTransform(raw) ? raw : decodeTransformInput(raw);
  const math = readObject(t, 'math');
  const match = readObject(t, 'match');
  const str = readObject(t, 'string');
  const convert = readObject(t, 'convert');
  return {
    type: readString(t, 'type') ?? '',
    math: math && decodeMath(math),
    map: readObject(t, 'map'),
    match: match && decodeMatch(match),
    string: str && decodeString(str),
    convert: convert && decodeConvert(convert),
  };
}

// =============================================================================================
// Validation (validate.go). Reasons are k8s field.Error strings relative to the transform,
// e.g. "math.type: Required value: math transform type is required".

const required = (field: string, detail: string) => `${field}: Required value: ${detail}`;
const invalid = (field: string, value: string, detail: string) => `${field}: Invalid value: ${goQuote(value)}: ${detail}`;

function regexpCompiles(pattern: string): boolean {
  try {
    compileGoRegexp(pattern);
    return true;
  } catch {
    return false;
  }
}

function validateMath(m: MathConfig): string | undefined {
  if (m.type === '') return required('type', 'math transform type is required');
  switch (m.type) {
    case 'Multiply':
      return m.multiply === undefined
        ? required('multiply', 'must specify a value if a multiply math transform is specified')
        : undefined;
    case 'ClampMin':
      return m.clampMin === undefined
        ? required('clampMin', 'must specify a value if a clamp min math transform is specified')
        : undefined;
    case 'ClampMax':
      return m.clampMax === undefined
        ? required('clampMax', 'must specify a value if a clamp max math transform is specified')
        : undefined;
    default:
      return invalid('type', m.type, 'unknown math transform type');
  }
}

function validatePattern(p: MatchPattern): string | undefined {
  switch (p.type) {
    case 'literal':
    case '':
      return p.literal === undefined ? required('literal', 'literal pattern type requires a literal') : undefined;
    case 'regexp':
      if (p.regexp === undefined) return required('regexp', 'regexp pattern type requires a regexp');
      return regexpCompiles(p.regexp) ? undefined : invalid('regexp', p.regexp, 'invalid regexp');
    default:
      return invalid('type', p.type, 'unknown pattern type');
  }
}

function validateMatch(m: MatchConfig): string | undefined {
  if (m.patterns.length === 0) {
    return required('patterns', 'at least one pattern must be specified if a match transform is specified');
  }
  for (const [i, p] of m.patterns.entries()) {
    const reason = validatePattern(p);
    if (reason) return `patterns[${i}].${reason}`;
  }
  return undefined;
}

function validateString(s: StringConfig): string | undefined {
  if (s.type === '') return required('type', 'string transform type is required');
  switch (s.type) {
    case 'Format':
      return s.fmt === undefined ? required('fmt', 'format transform requires a format') : undefined;
    case 'Convert':
      return s.convert === undefined ? required('convert', 'convert transform requires a conversion type') : undefined;
    case 'TrimPrefix':
    case 'TrimSuffix':
      return s.trim === undefined ? required('trim', 'trim transform requires a trim value') : undefined;
    case 'Regexp':
      if (s.regexp === undefined) return required('regexp', 'regexp transform requires a regexp');
      if (s.regexp.match === '') return required('regexp.match', 'regexp transform requires a match');
      return regexpCompiles(s.regexp.match) ? undefined : invalid('regexp.match', s.regexp.match, 'invalid regexp');
    case 'Join':
      return s.join === undefined ? required('join', 'join transform requires a join') : undefined;
    case 'Replace':
      if (s.replace === undefined) return required('replace', 'replace transform requires a replace');
      return s.replace.search === '' ? required('replace.search', 'replace transform requires a search') : undefined;
    default:
      return invalid('type', s.type, 'unknown string transform type');
  }
}

const IO_TYPES = new Set(['string', 'bool', 'int', 'int64', 'float64', 'object', 'array']);
const CONVERT_FORMATS = new Set(['none', 'quantity', 'json']);

function validateConvert(c: ConvertConfig): string | undefined {
  if (c.format !== undefined && !CONVERT_FORMATS.has(c.format)) return invalid('format', c.format, 'invalid format');
  if (!IO_TYPES.has(c.toType)) return invalid('toType', c.toType, 'invalid type');
  return undefined;
}

const prefixed = (prefix: string, reason: string | undefined) => (reason ? `${prefix}.${reason}` : undefined);

/** What upstream ValidateTransform rejects (plus input the decoder would reject, with its message). */
export function validateTransform(t: JsonObject): string | undefined {
  let cfg: TransformConfig;
  try {
    cfg = decodeTransform(t);
  } catch (err) {
    return errMessage(err);
  }
  const missing = (type: string) => required(type, `given transform type ${type} requires configuration`);
  switch (cfg.type) {
    case 'math':
      return cfg.math ? prefixed('math', validateMath(cfg.math)) : missing('math');
    case 'map':
      if (!cfg.map) return missing('map');
      return Object.keys(cfg.map).length === 0
        ? required('map.pairs', 'at least one pair must be specified if a map transform is specified')
        : undefined;
    case 'match':
      return cfg.match ? prefixed('match', validateMatch(cfg.match)) : missing('match');
    case 'string':
      return cfg.string ? prefixed('string', validateString(cfg.string)) : missing('string');
    case 'convert':
      return cfg.convert ? prefixed('convert', validateConvert(cfg.convert)) : missing('convert');
    default:
      return invalid('type', cfg.type, 'unknown transform type');
  }
}

// =============================================================================================
// Resolution

function resolveMath(m: MathConfig, input: TransformValue): TransformValue {
  const reason = validateMath(m);
  if (reason) throw new Error(reason);
  if (typeof input !== 'number' && typeof input !== 'bigint') {
    throw new Error(`input is required to be a number for math transformer, got ${goTypeName(input)}`);
  }
  switch (m.type) {
    case 'Multiply': {
      const factor = m.multiply as bigint;
      // int64 stays int64 (wrapping like Go); float64 stays float64.
      return typeof input === 'bigint' ? BigInt.asIntN(64, input * factor) : input * Number(factor);
    }
    case 'ClampMin':
    case 'ClampMax': {
      // Floats are compared after int64 truncation; the clamp value comes back as int64.
      const asInt = typeof input === 'bigint' ? input : float64ToInt64(input);
      if (m.type === 'ClampMin' && asInt < (m.clampMin as bigint)) return m.clampMin as bigint;
      if (m.type === 'ClampMax' && asInt > (m.clampMax as bigint)) return m.clampMax as bigint;
      return input;
    }
    default:
      throw new Error(`type ${m.type} is not supported for math transform type`);
  }
}

function resolveMap(pairs: JsonObject, input: TransformValue): TransformValue {
  if (typeof input !== 'string') throw new Error(`type ${goTypeName(input)} is not supported for map transform`);
  if (!hasOwn(pairs, input)) throw new Error(`key ${input} is not found in map`);
  const value = pairs[input];
  // A null pair value has no raw JSON upstream, so decoding it fails.
  if (value === null) throw new Error(`value for key ${input} is not valid JSON: unexpected end of JSON input`);
  return cloneJson(value);
}

function patternMatches(p: MatchPattern, input: TransformValue): boolean {
  switch (p.type) {
    case 'literal':
      if (p.literal === undefined) throw new Error('literal is required by type literal');
      if (typeof input !== 'string') throw new Error(`unsupported input type '${goTypeName(input)}'`);
      return input === p.literal;
    case 'regexp': {
      if (p.regexp === undefined) throw new Error('regexp is required by type regexp');
      let re: Re2Regexp;
      try {
        re = compileGoRegexp(p.regexp);
      } catch (err) {
        throw new Error(`cannot compile regexp: ${errMessage(err)}`);
      }
      if (input === null) throw new Error("unsupported input type 'null'");
      if (typeof input !== 'string') throw new Error(`unsupported input type '${goTypeName(input)}'`);
      return re.test(input);
    }
    default:
      throw new Error(`unsupported pattern type '${p.type}'`);
  }
}

function resolveMatch(m: MatchConfig, input: TransformValue): TransformValue {
  for (const [i, p] of m.patterns.entries()) {
    let matches: boolean;
    try {
      matches = patternMatches(p, input);
    } catch (err) {
      throw new Error(`cannot match pattern at index ${i}: ${errMessage(err)}`);
    }
    if (matches) return p.result === undefined ? null : cloneJson(p.result);
  }
  if (m.fallbackTo === 'Input') {
    if (m.fallbackValue !== undefined) {
      throw new Error('cannot set both a fallback value and the fallback to input flag');
    }
    return input;
  }
  return m.fallbackValue === undefined ? null : cloneJson(m.fallbackValue);
}

/** strings.ToUpper/ToLower use Unicode simple (one rune to one rune) case mappings. */
function goCaseMap(s: string, upper: boolean): string {
  let out = '';
  for (const ch of s) {
    if (!upper && ch === '\u0130') {
      out += 'i';
      continue;
    }
    const mapped = upper ? ch.toUpperCase() : ch.toLowerCase();
    out += Array.from(mapped).length === 1 ? mapped : ch;
  }
  return out;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** base64.StdEncoding.DecodeString: padding required, CR/LF ignored, Go's error offsets. */
function decodeGoBase64(s: string): Uint8Array {
  const src = Buffer.from(s, 'utf8');
  const out: number[] = [];
  const corrupt = (n: number) => new Error(`illegal base64 data at input byte ${n}`);
  const isNewline = (k: number) => src[k] === 0x0a || src[k] === 0x0d;
  let si = 0;
  while (si < src.length) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailing: Error | undefined;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        throw corrupt(si - j);
      }
      const c = src[si++];
      const v = c < 0x80 ? BASE64.indexOf(String.fromCharCode(c)) : -1;
      if (v >= 0) {
        dbuf[j] = v;
        continue;
      }
      if (c === 0x0a || c === 0x0d) {
        j--;
        continue;
      }
      if (c !== 0x3d || j < 2) throw corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && isNewline(si)) si++;
        if (si === src.length) throw corrupt(src.length);
        if (src[si] !== 0x3d) throw corrupt(si - 1);
        si++;
      }
      while (si < src.length && isNewline(si)) si++;
      if (si < src.length) trailing = corrupt(si);
      dlen = j;
      break;
    }
    const val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
    out.push(...[(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff].slice(0, dlen - 1));
    if (trailing) throw trailing;
  }
  return Uint8Array.from(out);
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Hashes cover the raw string, or the JSON encoding of anything else. */
function hashInput(input: TransformValue): Buffer {
  if (typeof input === 'string') return Buffer.from(input, 'utf8');
  try {
    return Buffer.from(goJsonMarshal(input), 'utf8');
  } catch (err) {
    throw new Error(`cannot marshal to JSON: ${errMessage(err)}`);
  }
}

function wrapError<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new Error(`${prefix}: ${errMessage(err)}`);
  }
}

function stringConvert(conversion: string, input: TransformValue): string {
  const str = sprintf('%v', input);
  const digest = (alg: string) => wrapError('cannot generate hash', () => createHash(alg).update(hashInput(input)).digest('hex'));
  switch (conversion) {
    case 'ToUpper':
      return goCaseMap(str, true);
    case 'ToLower':
      return goCaseMap(str, false);
    case 'ToJson':
      return wrapError('cannot marshal to JSON', () => goJsonMarshal(input));
    case 'ToBase64':
      return Buffer.from(str, 'utf8').toString('base64');
    case 'FromBase64':
      return wrapError('string is not valid base64', () => decodeGoUtf8(decodeGoBase64(str)));
    case 'ToSha1':
      return digest('sha1');
    case 'ToSha256':
      return digest('sha256');
    case 'ToSha512':
      return digest('sha512');
    case 'ToAdler32':
      return wrapError('unable to generate Adler checksum', () => String(adler32(hashInput(input))));
    default:
      throw new Error(`type ${conversion} is not supported for string convert`);
  }
}

function stringRegexp(r: { match: string; group?: bigint }, input: TransformValue): string {
  const re = wrapError('could not compile regexp', () => compileGoRegexp(r.match));
  const groups = findStringSubmatch(re, sprintf('%v', input));
  const g = Number(r.group ?? 0n);
  if (g < 0) throw new Error(`runtime error: index out of range [${g}]`); // Go panics here
  if (!groups || g >= groups.length) throw new Error(`regexp ${goQuote(r.match)} had no matches for group ${g}`);
  return groups[g];
}

/** Upstream appends "%v<sep>" per element and then drops one trailing byte (not len(sep)). */
function stringJoin(separator: string, input: TransformValue): string {
  if (!Array.isArray(input)) throw new Error('could not parse input array');
  if (input.length === 0) return '';
  const joined = input.map((v) => sprintf('%v%s', v, separator)).join('');
  if (separator.length === 0) return joined;
  const bytes = Buffer.from(joined, 'utf8');
  return decodeGoUtf8(bytes.subarray(0, bytes.length - 1));
}

/** strings.ReplaceAll: an empty search string matches before every rune and at the end. */
function goReplaceAll(s: string, search: string, replacement: string): string {
  if (search === '') return replacement + Array.from(s, (c) => c + replacement).join('');
  return s.split(search).join(replacement);
}

function resolveString(s: StringConfig, input: TransformValue): string {
  const notSet = (field: string) => new Error(`string transform of type ${s.type} ${field} is not set`);
  switch (s.type) {
    case 'Format':
      if (s.fmt === undefined) throw notSet('fmt');
      return sprintf(s.fmt, input);
    case 'Convert':
      if (s.convert === undefined) throw notSet('convert');
      return stringConvert(s.convert, input);
    case 'TrimPrefix':
    case 'TrimSuffix': {
      if (s.trim === undefined) throw notSet('trim');
      const str = sprintf('%v', input);
      if (s.type === 'TrimPrefix') return str.startsWith(s.trim) ? str.slice(s.trim.length) : str;
      return str.endsWith(s.trim) ? str.slice(0, str.length - s.trim.length) : str;
    }
    case 'Regexp':
      if (s.regexp === undefined) throw notSet('regexp');
      return stringRegexp(s.regexp, input);
    case 'Join':
      if (s.join === undefined) throw notSet('join');
      return stringJoin(s.join.separator, input);
    case 'Replace':
      if (s.replace === undefined) throw notSet('replace');
      return goReplaceAll(sprintf('%v', input), s.replace.search, s.replace.replace);
    default:
      throw new Error(`type ${s.type} is not supported for string transform type`);
  }
}

type Conversion = (input: TransformValue) => TransformValue;

/** The convert table keyed by "from->to:format" (Go type names; int is normalised to int64). */
const CONVERSIONS: Record<string, Conversion> = {
  'string->int64:none': (i) => parseGoInt64(i as string),
  'string->bool:none': (i) => parseGoBool(i as string),
  'string->float64:none': (i) => parseGoFloat(i as string),
  'string->float64:quantity': (i) => quantityToFloat64(i as string),
  'int64->string:none': (i) => (i as bigint).toString(),
  'int64->bool:none': (i) => i === 1n,
  'int64->float64:none': (i) => Number(i as bigint),
  'bool->string:none': (i) => String(i),
  'bool->int64:none': (i) => (i ? 1n : 0n),
  'bool->float64:none': (i) => (i ? 1 : 0),
  'float64->string:none': (i) => formatFloat(i as number, 'f', -1),
  'float64->int64:none': (i) => float64ToInt64(i as number),
  'float64->bool:none': (i) => i === 1,
  'string->object:json': (i) => goJsonUnmarshal(i as string, 'object'),
  'string->array:json': (i) => goJsonUnmarshal(i as string, 'array'),
};

/** GetConversionFunc: int is int64 on both sides; the same type is a no-op whatever the format. */
function getConversion(c: ConvertConfig, from: string): Conversion {
  const to = c.toType === 'int' ? 'int64' : c.toType;
  const normalisedFrom = from === 'int' ? 'int64' : from;
  if (to === normalisedFrom) return (i) => i;
  const format = c.format ?? 'none';
  const conversion = CONVERSIONS[`${normalisedFrom}->${to}:${format}`];
  if (!conversion) throw new Error(`conversion from ${from} to ${to} is not supported with format ${format}`);
  return conversion;
}

function resolveConvert(c: ConvertConfig, input: TransformValue): TransformValue {
  const reason = validateConvert(c);
  if (reason) throw new Error(reason);
  const from = goTypeName(input);
  if (!IO_TYPES.has(from)) throw new Error(`invalid input type ${from}`);
  return getConversion(c, from)(input);
}

/** Resolve one decoded transform (upstream Resolve): config errors are not wrapped. */
function resolveOne(t: TransformConfig, input: TransformValue): TransformValue {
  const missing = () => new Error(`given transform type ${t.type} requires configuration`);
  const run = (fn: () => TransformValue) => wrapError(`${t.type} transform could not resolve`, fn);
  switch (t.type) {
    case 'math':
      if (!t.math) throw missing();
      return run(() => resolveMath(t.math as MathConfig, input));
    case 'map':
      if (!t.map) throw missing();
      return run(() => resolveMap(t.map as JsonObject, input));
    case 'match':
      if (!t.match) throw missing();
      return run(() => resolveMatch(t.match as MatchConfig, input));
    case 'string':
      if (!t.string) throw missing();
      return run(() => resolveString(t.string as StringConfig, input));
    case 'convert':
      if (!t.convert) throw missing();
      return run(() => resolveConvert(t.convert as ConvertConfig, input));
    default:
      throw new Error(`transform type ${t.type} is not supported`);
  }
}

// Upstream's per-kind entry points (ResolveMap, ResolveMatch, ResolveMath, ResolveString,
// ResolveConvert, GetConversionFunc), taking the kind's configuration as input JSON.

export function resolveMapTransform(pairs: JsonObject, input: TransformValue): TransformValue {
  return resolveMap(pairs, input);
}

export function resolveMatchTransform(match: JsonObject, input: TransformValue): TransformValue {
  return resolveMatch(decodeMatch(decodeTransformInput(match, 'MatchTransform')), input);
}

export function resolveMathTransform(math: JsonObject, input: TransformValue): TransformValue {
  return resolveMath(decodeMath(decodeTransformInput(math, 'MathTransform')), input);
}

export function resolveStringTransform(string: JsonObject, input: TransformValue): string {
  return resolveString(decodeString(decodeTransformInput(string, 'StringTransform')), input);
}

export function resolveConvertTransform(convert: JsonObject, input: TransformValue): TransformValue {
  return resolveConvert(decodeConvert(decodeTransformInput(convert, 'ConvertTransform')), input);
}

/** Throws when no conversion exists from the Go type name `from` (int, int64, string, ...). */
export function checkConversion(convert: JsonObject, from: string): void {
  getConversion(decodeConvert(decodeTransformInput(convert, 'ConvertTransform')), from);
}

/** Apply transforms in order (upstream ResolveTransforms); errors name the failing index. */
export function resolveTransforms(transforms: JsonObject[], input: TransformValue): TransformValue {
  let value = input;
  transforms.forEach((raw, i) => {
    value = wrapError(`transform at index ${i} returned error`, () => resolveOne(decodeTransform(raw), value));
  });
  return value;
}
