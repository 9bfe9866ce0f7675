// crossplane-runtime `fieldpath` semantics (Parse, Paved.GetValue/SetValue/MergeValue,
// ExpandWildcards) as function-patch-and-transform uses them on XRs and composed resources.

import { compareGoStrings, goQuote, goTypeName, GoJsonError, goJsonMarshal } from '../go';
import type { Json, JsonObject } from '../types';

export type Segment = { type: 'field'; field: string } | { type: 'index'; index: number } | { type: 'wildcard' };

/** A field or array element that does not exist (upstream errNotFound / fieldpath.IsNotFound). */
export class FieldPathNotFoundError extends Error {
  public constructor(message: string) {
    // Thrown for every optional patch source that is absent: thousands per render. A stack trace is
    // never shown for it and capturing one dominated render time.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'FieldPathNotFoundError';
  }
}

/** errors.Wrap: "message: cause", keeping the cause reachable as Go's Unwrap chain does. */
export function wrapCause(cause: unknown, message: string): Error {
  const text = cause instanceof Error ? cause.message : String(cause);
  return new Error(`${message}: ${text}`, { cause });
}

/** fieldpath.IsNotFound: true if err, or anything it wraps, is a not-found error. */
export function isNotFound(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof FieldPathNotFoundError) return true;
  }
  return false;
}

/** Upstream Paved default: indexes above this are rejected when setting values. */
export const DEFAULT_MAX_FIELD_PATH_INDEX = 1024;
const MAX_UINT32 = 4294967295;

// ---------------------------------------------------------------------------------------------
// Parsing (a port of the upstream lexer's accept/reject rules and error positions)

const quoteRune = (c: string) => `'${c}'`;

class FieldPathSyntaxError extends Error {}

/** Field names are trimmed of surrounding quotes: tags["Name"] and tags['Name'] address "Name". */
function fieldSegment(s: string): Segment {
  const field = s.replace(/^['"]+|['"]+$/g, '');
  return field === '*' ? { type: 'wildcard' } : { type: 'field', field };
}

/** A map key substituted for a wildcard: quotes trimmed, but "*" stays a literal field name. */
function literalField(key: string): Segment {
  return { type: 'field', field: key.replace(/^['"]+|['"]+$/g, '') };
}

/** Bracket contents are an index if they parse as an unsigned 32-bit integer, else a field name. */
function fieldOrIndexSegment(s: string): Segment {
  if (/^[0-9]+$/.test(s) && Number(s) <= MAX_UINT32) return { type: 'index', index: Number(s) };
  return fieldSegment(s);
}

export function parseFieldPath(path: string): Segment[] {
  const segments: Segment[] = [];
  const bytePos = (i: number) => Buffer.byteLength(path.slice(0, i), 'utf8');
  const fail = (i: number, what: string): never => {
    throw new FieldPathSyntaxError(`${what} at position ${bytePos(i)}`);
  };
  let pos = 0;
  for (;;) {
    // A field name ends at '.', '[' or the end of input; ']' is never allowed in it.
    let i = pos;
    while (i < path.length && path[i] !== '.' && path[i] !== '[' && path[i] !== ']') i++;
    if (i < path.length && path[i] === ']') fail(i, `unexpected ${quoteRune(']')}`);
    if (i > pos) segments.push(fieldSegment(path.slice(pos, i)));
    if (i >= path.length) return segments;
    if (path[i] === '.') {
      // A period may not lead, trail, or be followed by another period or a bracket.
      if (i === 0 || i === path.length - 1) fail(i, `unexpected ${quoteRune('.')}`);
      const next = path[i + 1];
      if (next === '.' || next === '[') fail(i + 1, `unexpected ${quoteRune(next)}`);
      pos = i + 1;
      continue;
    }
    // Left bracket: contents up to the next ']' are a field or an index; periods are literal.
    const close = path.indexOf(']', i);
    if (close < 0) fail(i, `unterminated ${quoteRune('[')}`);
    if (close === i + 1) fail(i + 1, `unexpected ${quoteRune(']')}`);
    const inner = path.slice(i + 1, close);
    const nested = inner.indexOf('[');
    if (nested >= 0) fail(i + 1 + nested, `unexpected ${quoteRune('[')}`);
    segments.push(fieldOrIndexSegment(inner));
    pos = close + 1;
  }
}

/** Segments.String(): the canonical form used in error messages and expanded wildcard paths. */
export function segmentsToString(segments: Segment[]): string {
  let s = '';
  for (const seg of segments) {
    if (seg.type === 'index') s += `[${seg.index}]`;
    else if (seg.type === 'wildcard' || seg.field === '*' || seg.field.includes('.')) s += `[${fieldName(seg)}]`;
    else s += `.${seg.field}`;
  }
  return s.startsWith('.') ? s.slice(1) : s;
}

// A render resolves the same few hundred paths thousands of times; segments are never mutated,
// so a parsed path is shared (only successful parses are kept: an error is raised afresh).
const parsedPaths = new Map<string, Segment[]>();

function parseOrWrap(path: string): Segment[] {
  const hit = parsedPaths.get(path);
  if (hit) return hit;
  try {
    const segments = parseFieldPath(path);
    if (parsedPaths.size < 100_000) parsedPaths.set(path, segments);
    return segments;
  } catch (err) {
    throw wrapCause(err, `cannot parse path ${goQuote(path)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Own-property helpers (JSON objects may legitimately carry keys such as "__proto__")

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOwn = (o: JsonObject, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function setOwn(o: JsonObject, k: string, v: Json): void {
  // Only __proto__ is an accessor on Object.prototype: every other key assigns as it defines.
  if (k !== '__proto__') {
    o[k] = v;
    return;
  }
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Upstream treats a wildcard as the literal field "*" everywhere except ExpandWildcards. */
const fieldName = (seg: Segment): string => (seg.type === 'field' ? seg.field : '*');

// ---------------------------------------------------------------------------------------------
// Get

function getSegments(root: Json, segments: Segment[]): Json {
  let it: Json = root;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (seg.type === 'index') {
      // Indexing null is "not an array" upstream (a fatal error), unlike a field of null below.
      if (!Array.isArray(it)) throw new Error(`${segmentsToString(segments.slice(0, i))}: not an array`);
      if (seg.index >= it.length) {
        throw new FieldPathNotFoundError(`${segmentsToString(segments.slice(0, i + 1))}: no such element`);
      }
      it = it[seg.index];
    } else {
      // A field of a null parent does not exist: an Optional patch skips, a Required one holds back.
      if (it === null) throw new FieldPathNotFoundError(`${segmentsToString(segments.slice(0, i))}: expected map, got nil`);
      if (!isObject(it)) throw new Error(`${segmentsToString(segments.slice(0, i))}: not an object`);
      const name = fieldName(seg);
      if (!hasOwn(it, name)) {
        throw new FieldPathNotFoundError(`${segmentsToString(segments.slice(0, i + 1))}: no such field`);
      }
      it = it[name];
    }
  }
  // Upstream returns nil for an empty path rather than the object itself.
  return segments.length === 0 ? null : it;
}

export function getValue(obj: JsonObject, path: string): Json {
  return getSegments(obj, parseOrWrap(path));
}

/**
 * getValue's value, or undefined where getValue would throw FieldPathNotFoundError, without
 * building the error: the simulated provider probes absent paths thousands of times per render.
 * Any other error (a path through a scalar) is getValue's own.
 */
export function lookupValue(obj: JsonObject, path: string): Json | undefined {
  const segments = parseOrWrap(path);
  let it: Json = obj;
  for (const seg of segments) {
    if (seg.type === 'index' && Array.isArray(it) && seg.index < it.length) it = it[seg.index]!;
    else if (seg.type !== 'index' && isObject(it) && hasOwn(it, fieldName(seg))) it = it[fieldName(seg)]!;
    else if (seg.type === 'index' ? Array.isArray(it) : it === null || isObject(it)) return undefined;
    else return getSegments(obj, segments);
  }
  return segments.length === 0 ? null : it;
}

// ---------------------------------------------------------------------------------------------
// Set

/** toValidJSON: the JSON round trip upstream applies before storing a value (bigint -> number). */
export function toValidJSON(value: Json | bigint): Json {
  const out = cloneMarshalable(value);
  if (out !== UNMARSHALABLE) return out;
  // encoding/json reports the first bad value in its own (sorted-key) order: its message comes from
  // the marshal itself, which the copy above spares every value it accepts.
  try {
    goJsonMarshal(value);
  } catch (err) {
    if (err instanceof GoJsonError) throw new Error(`cannot marshal value to JSON: ${err.message}`);
    throw err;
  }
  throw new Error(`internal error: a value encoding/json marshals was refused: ${String(value)}`);
}

const UNMARSHALABLE: unique symbol = Symbol('unmarshalable');

/** cloneJson, or UNMARSHALABLE where encoding/json fails (NaN, ±Inf, a type JSON has not). */
function cloneMarshalable(value: unknown): Json | typeof UNMARSHALABLE {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return value as Json;
    case 'number':
      return Number.isFinite(value) ? value : UNMARSHALABLE;
    case 'bigint':
      return Number(value);
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        const out: Json[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const v = cloneMarshalable(value[i]);
          if (v === UNMARSHALABLE) return v;
          out[i] = v;
        }
        return out;
      }
      const out: JsonObject = {};
      for (const k of Object.keys(value)) {
        const v = cloneMarshalable((value as Record<string, unknown>)[k]);
        if (v === UNMARSHALABLE) return v;
        setOwn(out, k, v);
      }
      return out;
    }
    default:
      return UNMARSHALABLE;
  }
}

function cloneJson(value: Json | bigint): Json {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(cloneJson);
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const k of Object.keys(value)) setOwn(out, k, cloneJson(value[k]));
    return out;
  }
  return value;
}

/** Create missing containers for the next segment; grow arrays that are too short (null-filled). */
function emptyFor(next: Segment): Json {
  return next.type === 'index' ? new Array<Json>(next.index + 1).fill(null) : {};
}

function growArray(arr: Json[], index: number): void {
  while (arr.length <= index) arr.push(null);
}

function prepareField(object: JsonObject, name: string, next: Segment): void {
  // Only an absent key is created; an explicit null is left alone (then fails as "not an object").
  if (!hasOwn(object, name)) {
    setOwn(object, name, emptyFor(next));
    return;
  }
  const existing = object[name];
  if (next.type === 'index' && Array.isArray(existing)) growArray(existing, next.index);
}

function prepareElement(array: Json[], index: number, next: Segment): void {
  // Array elements are (re)created when null, unlike object fields.
  if (array[index] === null) {
    array[index] = emptyFor(next);
    return;
  }
  const existing = array[index];
  if (next.type === 'index' && Array.isArray(existing)) growArray(existing, next.index);
}

function validateSegments(segments: Segment[]): void {
  for (const seg of segments) {
    if (seg.type === 'index' && seg.index > DEFAULT_MAX_FIELD_PATH_INDEX) {
      throw new Error(`index ${seg.index} is greater than max allowed index ${DEFAULT_MAX_FIELD_PATH_INDEX}`);
    }
  }
}

/** Store a valid value the caller hands over (the result of toValidJSON or a merge of such values). */
function storeSegments(obj: JsonObject, segments: Segment[], v: Json): void {
  validateSegments(segments);
  let cur: Json = obj;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const final = i === segments.length - 1;
    if (seg.type === 'index') {
      if (!Array.isArray(cur)) throw new Error(`${segmentsToString(segments.slice(0, i))} is not an array`);
      if (final) {
        cur[seg.index] = v;
        return;
      }
      prepareElement(cur, seg.index, segments[i + 1]);
      cur = cur[seg.index];
    } else {
      if (!isObject(cur)) throw new Error(`${segmentsToString(segments.slice(0, i))} is not an object`);
      const name = fieldName(seg);
      if (final) {
        setOwn(cur, name, v);
        return;
      }
      prepareField(cur, name, segments[i + 1]);
      cur = cur[name];
    }
  }
}

export interface MergeOptions {
  keepMapValues?: boolean;
  appendSlice?: boolean;
}

/**
 * Paved.SetValue, or Paved.MergeValue when merge options are given (P&T passes none for the
 * Replace policy). Intermediate objects/arrays are created and arrays grown as upstream does.
 */
export function setValue(obj: JsonObject, path: string, value: Json | bigint, merge?: MergeOptions): void {
  setParsed(obj, parseOrWrap(path), value, merge, false);
}

/**
 * setValue of a value toValidJSON returned, handed over by the caller: stored as it is, without a
 * second round trip (a patch's value was copied twice, three times when merged).
 */
export function setValidValue(obj: JsonObject, path: string, value: Json, merge?: MergeOptions): void {
  setParsed(obj, parseOrWrap(path), value, merge, true);
}

function setParsed(obj: JsonObject, segments: Segment[], value: Json | bigint, merge: MergeOptions | undefined, valid: boolean): void {
  if (merge === undefined) {
    storeSegments(obj, segments, valid ? value as Json : toValidJSON(value));
    return;
  }
  let dst: Json | undefined;
  try {
    dst = getSegments(obj, segments);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    dst = undefined;
  }
  const src = valid ? value as Json : toValidJSON(value);
  // A merge of two valid values is valid, and both are copies: no round trip of the result.
  storeSegments(obj, segments, mergeValues(dst === undefined ? null : cloneJson(dst), src, merge));
}

// ---------------------------------------------------------------------------------------------
// Merge (crossplane-runtime merge() on top of mergo.Merge with MergoConfiguration())

function deepEqualJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqualJson(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => hasOwn(b, k) && deepEqualJson(a[k], b[k]));
  }
  return false;
}

/** Appending never re-adds elements already in the destination (top-level slices only). */
function removeSourceDuplicates(dst: Json, src: Json): Json {
  if (!Array.isArray(dst) || !Array.isArray(src)) return src;
  return src.filter((s) => !dst.some((d) => deepEqualJson(s, d)));
}

/** mergo's isEmptyValue for JSON: null, "", 0, false, {} and [] are empty. */
function isEmptyJson(v: Json | undefined): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.keys(v).length === 0;
  return false;
}

function mergeSliceElement(dst: JsonObject, key: string, src: Json[], overwrite: boolean, append: boolean): void {
  const existing = hasOwn(dst, key) ? dst[key] : null;
  let merged: Json = existing === null ? [] : existing;
  if (!append && (overwrite || isEmptyJson(dst))) merged = src;
  else if (append) {
    if (!Array.isArray(merged)) {
      throw new Error(`cannot append two slices with different type ([]interface {}, ${goTypeName(merged)})`);
    }
    merged = [...merged, ...src];
  }
  setOwn(dst, key, merged);
}

/** mergo deepMerge of two maps: recursive into maps, replace/append slices, keep or override. */
function mergeMaps(dst: JsonObject, src: JsonObject, overwrite: boolean, append: boolean): void {
  for (const key of Object.keys(src)) {
    const srcEl = src[key];
    const dstHas = hasOwn(dst, key);
    const dstEl = dstHas ? dst[key] : undefined;
    if (srcEl === null) {
      if (overwrite) setOwn(dst, key, null);
      continue;
    }
    if (isObject(srcEl)) {
      // A map merges only into a map; into anything else it has no effect here.
      if (isObject(dstEl)) mergeMaps(dstEl, srcEl, overwrite, append);
    } else if (Array.isArray(srcEl)) {
      mergeSliceElement(dst, key, srcEl, overwrite, append);
    }
    // Non-empty destinations of map/slice sources are final; maps are re-measured after merging.
    const compound = isObject(srcEl) || Array.isArray(srcEl);
    if (dstHas && !isEmptyJson(dstEl) && compound) continue;
    if (overwrite || !dstHas || isEmptyJson(dstEl)) setOwn(dst, key, srcEl);
  }
}

/**
 * Merge src onto dst per MergeOptions: keepMapValues disables mergo's WithOverride, appendSlice
 * enables WithAppendSlice (after dropping source elements already present in dst).
 */
export function mergeValues(dst: Json, src: Json, mo: MergeOptions): Json {
  if (dst === null || src === null) return src;
  const overwrite = !mo.keepMapValues;
  const append = mo.appendSlice === true;
  const source = append ? removeSourceDuplicates(dst, src) : src;
  const wrapper: JsonObject = { arg: dst };
  try {
    mergeMaps(wrapper, { arg: source }, overwrite, append);
  } catch (err) {
    throw wrapCause(err, 'failed to merge values');
  }
  return wrapper.arg;
}

// ---------------------------------------------------------------------------------------------
// Wildcards

function expandSegments(data: JsonObject, segments: Segment[]): Segment[][] {
  let it: Json = data;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (seg.type === 'wildcard') {
      const parent = () => goQuote(segmentsToString(segments.slice(0, i)));
      let replacements: Segment[];
      if (Array.isArray(it)) replacements = it.map((_, ix) => ({ type: 'index', index: ix }));
      // Go iterates maps in random order; sort keys so renders are deterministic.
      else if (isObject(it)) replacements = Object.keys(it).sort(compareGoStrings).map(literalField);
      // A null wildcard array is "not found" (upstream notFoundError), not a usage error.
      else if (it === null) throw new FieldPathNotFoundError(`wildcard field ${parent()} is not found in the path`);
      else throw new Error(`${parent()}: unexpected wildcard usage`);
      const result: Segment[][] = [];
      for (const r of replacements) {
        const expanded = [...segments.slice(0, i), r, ...segments.slice(i + 1)];
        try {
          result.push(...expandSegments(data, expanded));
        } catch (err) {
          throw wrapCause(err, `${goQuote(segmentsToString(expanded))}: cannot expand wildcards`);
        }
      }
      return result;
    }
    try {
      it = getSegments(data, segments.slice(0, i + 1));
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
  }
  return [segments];
}

/**
 * Paved.ExpandWildcards: one concrete path per existing element; a missing parent expands to none,
 * a null wildcard parent is a not-found error.
 */
export function expandWildcards(obj: JsonObject, path: string): string[] {
  const segments = parseOrWrap(path);
  let expanded: Segment[][];
  try {
    expanded = expandSegments(obj, segments);
  } catch (err) {
    throw wrapCause(err, `cannot expand wildcards for segments: ${goQuote(segmentsToString(segments))}`);
  }
  return expanded.map(segmentsToString);
}

// ---------------------------------------------------------------------------------------------
// Typed getters (Paved.GetString/GetBool/GetInteger); their messages name the path as written.

export function getString(obj: JsonObject, path: string): string {
  const v = getValue(obj, path);
  if (typeof v !== 'string') throw new Error(`${path}: not a string`);
  return v;
}

export function getBool(obj: JsonObject, path: string): boolean {
  const v = getValue(obj, path);
  if (typeof v !== 'boolean') throw new Error(`${path}: not a bool`);
  return v;
}

/** Only an int64 (bigint) passes: numbers from a protobuf Struct are float64 and fail. */
export function getInteger(obj: JsonObject, path: string): bigint {
  const v = getValue(obj, path) as Json | bigint;
  if (typeof v !== 'bigint') throw new Error(`${path}: not a (int64) number`);
  return v;
}
