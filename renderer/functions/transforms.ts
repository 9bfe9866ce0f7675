// function-patch-and-transform transforms (map, match, math, string, convert) and the checks
// upstream validate.go applies to them. Error messages follow upstream's wording and wrapping:
//   "transform at index 0 returned error: string transform could not resolve: ..."
//
// The Go runtime behaviour they rely on (strconv, resource.Quantity, encoding/json, regexp, base64,
// UTF-8, case mapping) lives in ../go/. Value model (see ../go/fmt.ts): JS number = Go float64, JS bigint = Go int64.

import { createHash } from 'node:crypto';
import { goJsonMarshal, goQuote, goTypeName, formatFloat, sprintf, compileGoRegexp, findStringSubmatch, float64ToInt64, parseGoBool, parseGoFloat, parseGoInt64, quantityToFloat64, goJsonUnmarshal, adler32, decodeGoBase64, decodeGoUtf8, goCaseMap, goReplaceAll } from '../go';
import type { Re2Regexp } from '../../validator/re2';
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
