// How function-patch-and-transform v0.10.8 reads its input: function-sdk-go v0.5.0 request.GetInput
// -> resource.AsObject, which marshals the protobuf Struct with protojson (object keys sorted by
// UTF-8 code point, numbers as float64 text) and unmarshals that JSON into *v1beta1.Resources with
// go-json-experiment/json (ebd3a89) and RejectUnknownMembers(true). That decoder matches names
// case-sensitively, so a mis-cased key is as unknown as a misspelt one, and the first problem in
// document order is fatal for the whole function run.

import { compareGoStrings, goJsonMarshal, goQuote } from '../go';
import type { Json, JsonObject } from '../types';

// ---------------------------------------------------------------------------------------------
// The Go types of pt.fn.crossplane.io/v1beta1 Resources, as json tags declare them. `name` is what
// reflect.Type.String() prints in decoder errors (metav1 and extv1 print as package "v1").

export type GoType =
  | { kind: 'string'; name: string }
  | { kind: 'int'; name: 'int64' | 'int' }
  | { kind: 'uint'; name: 'uint64' }
  | { kind: 'bool' }
  | { kind: 'ptr'; elem: GoType }
  | { kind: 'slice'; elem: GoType }
  | { kind: 'map'; elem: GoType }
  | { kind: 'struct'; name: string; fields: () => Record<string, GoType> }
  /** Types with a legacy UnmarshalJSON that keeps any JSON value (RawExtension, extv1.JSON, FieldsV1). */
  | { kind: 'raw'; name?: string }
  /** v1beta1.MapTransform: UnmarshalJSON delegates to encoding/json into map[string]v1.JSON. */
  | { kind: 'mapTransform' }
  /** metav1.Time: UnmarshalJSON accepts null or an RFC 3339 string. */
  | { kind: 'time' };

// The builders are exported so other functions' inputs (function-environment-configs) are declared
// and decoded the same way.
export const str = (name = 'string'): GoType => ({ kind: 'string', name });
export const ptr = (elem: GoType): GoType => ({ kind: 'ptr', elem });
export const slice = (elem: GoType): GoType => ({ kind: 'slice', elem });
export const mapOf = (elem: GoType): GoType => ({ kind: 'map', elem });
const int64: GoType = { kind: 'int', name: 'int64' };
export const uint64: GoType = { kind: 'uint', name: 'uint64' };
const bool: GoType = { kind: 'bool' };
const raw: GoType = { kind: 'raw' };
/** A named raw type, e.g. extv1.JSON ("v1.JSON" in decoder errors). */
export const rawNamed = (name: string): GoType => ({ kind: 'raw', name });
const time: GoType = { kind: 'time' };
/** Fields are built on first use (the types refer to each other) and then kept. */
export function struct(name: string, build: () => Record<string, GoType>): GoType {
  let fields: Record<string, GoType> | undefined;
  return { kind: 'struct', name, fields: () => (fields ??= build()) };
}

const v1b = (n: string) => `v1beta1.${n}`;

const patchFields = (): Record<string, GoType> => ({
  fromFieldPath: ptr(str()),
  combine: ptr(Combine),
  toFieldPath: ptr(str()),
  transforms: slice(Transform),
  policy: ptr(PatchPolicy),
});

const MathTransform = struct(v1b('MathTransform'), () => ({
  type: str(v1b('MathTransformType')),
  multiply: ptr(int64),
  clampMin: ptr(int64),
  clampMax: ptr(int64),
}));
const MatchTransformPattern = struct(v1b('MatchTransformPattern'), () => ({
  type: str(v1b('MatchTransformPatternType')),
  literal: ptr(str()),
  regexp: ptr(str()),
  result: raw,
}));
const MatchTransform = struct(v1b('MatchTransform'), () => ({
  patterns: slice(MatchTransformPattern),
  fallbackValue: raw,
  fallbackTo: str(v1b('MatchFallbackTo')),
}));
const StringTransform = struct(v1b('StringTransform'), () => ({
  type: str(v1b('StringTransformType')),
  fmt: ptr(str()),
  convert: ptr(str(v1b('StringConversionType'))),
  trim: ptr(str()),
  regexp: ptr(struct(v1b('StringTransformRegexp'), () => ({ match: str(), group: ptr({ kind: 'int', name: 'int' }) }))),
  join: ptr(struct(v1b('StringTransformJoin'), () => ({ separator: str() }))),
  replace: ptr(struct(v1b('StringTransformReplace'), () => ({ search: str(), replace: str() }))),
}));
const ConvertTransform = struct(v1b('ConvertTransform'), () => ({
  toType: str(v1b('TransformIOType')),
  format: ptr(str(v1b('ConvertTransformFormat'))),
}));
const Transform: GoType = struct(v1b('Transform'), () => ({
  type: str(v1b('TransformType')),
  math: ptr(MathTransform),
  map: ptr({ kind: 'mapTransform' }),
  match: ptr(MatchTransform),
  string: ptr(StringTransform),
  convert: ptr(ConvertTransform),
}));
const Combine: GoType = struct(v1b('Combine'), () => ({
  variables: slice(struct(v1b('CombineVariable'), () => ({ fromFieldPath: str() }))),
  strategy: str(v1b('CombineStrategy')),
  string: ptr(struct(v1b('StringCombine'), () => ({ fmt: str() }))),
}));
const PatchPolicy: GoType = struct(v1b('PatchPolicy'), () => ({
  fromFieldPath: ptr(str(v1b('FromFieldPathPolicy'))),
  toFieldPath: ptr(str(v1b('ToFieldPathPolicy'))),
}));
const ComposedPatch = struct(v1b('ComposedPatch'), () => ({ ...patchFields(), type: str(v1b('PatchType')), patchSetName: ptr(str()) }));
const PatchSetPatch = struct(v1b('PatchSetPatch'), () => ({ ...patchFields(), type: str(v1b('PatchType')) }));
const EnvironmentPatch = struct(v1b('EnvironmentPatch'), () => ({ ...patchFields(), type: str(v1b('PatchType')) }));
const ConnectionSecretPatch = struct(v1b('ConnectionSecretPatch'), () => ({ ...patchFields(), type: str(v1b('PatchType')) }));

const OwnerReference = struct('v1.OwnerReference', () => ({
  apiVersion: str(),
  kind: str(),
  name: str(),
  uid: str('types.UID'),
  controller: ptr(bool),
  blockOwnerDeletion: ptr(bool),
}));
const ManagedFieldsEntry = struct('v1.ManagedFieldsEntry', () => ({
  manager: str(),
  operation: str('v1.ManagedFieldsOperationType'),
  apiVersion: str(),
  time: ptr(time),
  fieldsType: str(),
  fieldsV1: ptr(raw),
  subresource: str(),
}));
export const ObjectMeta = struct('v1.ObjectMeta', () => ({
  name: str(),
  generateName: str(),
  namespace: str(),
  selfLink: str(),
  uid: str('types.UID'),
  resourceVersion: str(),
  generation: int64,
  creationTimestamp: time,
  deletionTimestamp: ptr(time),
  deletionGracePeriodSeconds: ptr(int64),
  labels: { kind: 'map', elem: str() },
  annotations: { kind: 'map', elem: str() },
  ownerReferences: slice(OwnerReference),
  finalizers: slice(str()),
  managedFields: slice(ManagedFieldsEntry),
}));

/** v1beta1.Resources with TypeMeta inlined. */
const Resources = struct(v1b('Resources'), () => ({
  apiVersion: str(),
  kind: str(),
  metadata: ObjectMeta,
  patchSets: slice(struct(v1b('PatchSet'), () => ({ name: str(), patches: slice(PatchSetPatch) }))),
  environment: ptr(struct(v1b('Environment'), () => ({ patches: slice(EnvironmentPatch) }))),
  resources: slice(
    struct(v1b('ComposedTemplate'), () => ({
      name: str(),
      base: ptr(raw),
      patches: slice(ComposedPatch),
      connectionDetails: slice(
        struct(v1b('ConnectionDetail'), () => ({
          name: str(),
          type: str(v1b('ConnectionDetailType')),
          fromConnectionSecretKey: ptr(str()),
          fromFieldPath: ptr(str()),
          value: ptr(str()),
        })),
      ),
      readinessChecks: slice(
        struct(v1b('ReadinessCheck'), () => ({
          type: str(v1b('ReadinessCheckType')),
          fieldPath: ptr(str()),
          matchString: ptr(str()),
          matchInteger: ptr(int64),
          matchCondition: ptr(struct(v1b('MatchConditionReadinessCheck'), () => ({ type: str('v1.ConditionType'), status: str('v1.ConditionStatus') }))),
        })),
      ),
    })),
  ),
  writeConnectionSecretToRef: ptr(
    struct(v1b('WriteConnectionSecretToRef'), () => ({ name: str(), namespace: str(), patches: slice(ConnectionSecretPatch) })),
  ),
}));

// ---------------------------------------------------------------------------------------------
// Errors

/** Where a decoding problem is, as a field path into the input ("resources[0].patches[1].polcy"). */
export interface InputProblem {
  path: string;
  /** The decoder's own error text (go-json-experiment SemanticError). */
  message: string;
  /** For an unknown key: the declared field it differs from only by case, if any. */
  didYouMean?: string;
}

export class InputDecodeError extends Error {
  public constructor(readonly problem: InputProblem) {
    super(problem.message);
    this.name = 'InputDecodeError';
  }
}

/** The chain function-sdk-go and P&T wrap a decoding error in (fn.go, request.go, resource.go). */
export function getInputErrorMessage(decoderMessage: string): string {
  return (
    'cannot get Function input: cannot get function input *v1beta1.Resources from *v1.RunFunctionRequest: ' +
    `cannot unmarshal JSON from *structpb.Struct into *v1beta1.Resources: ${decoderMessage}`
  );
}

// go-json-experiment deliberately alternates "cannot" and "unable to" at random in SemanticError
// text; the renderer always says "cannot".
const PREFIX = 'json: cannot unmarshal';

type JsonKind = 'string' | 'number' | 'boolean' | 'object' | 'array';

function kindOf(v: Json): JsonKind {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  return Array.isArray(v) ? 'array' : 'object';
}

function typeName(t: GoType): string {
  switch (t.kind) {
    case 'string':
    case 'int':
    case 'uint':
    case 'struct':
      return t.name;
    case 'bool':
      return 'bool';
    case 'ptr':
      return `*${typeName(t.elem)}`;
    case 'slice':
      return `[]${typeName(t.elem)}`;
    case 'map':
      return `map[string]${typeName(t.elem)}`;
    case 'raw':
      return t.name ?? 'runtime.RawExtension';
    case 'mapTransform':
      return v1b('MapTransform');
    case 'time':
      return 'v1.Time';
  }
}

const kindMismatch = (v: Json, t: GoType) => `${PREFIX} JSON ${kindOf(v)} into Go value of type ${typeName(t)}`;

/** protojson's string escaping (internal/encoding/json appendString): only '"', '\' and controls. */
function protojsonQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c < 0x20) {
      const short: Record<number, string> = { 8: 'b', 12: 'f', 10: 'n', 13: 'r', 9: 't' };
      out += short[c] !== undefined ? `\\${short[c]}` : `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** The number text protojson writes for a float64 (the same shape encoding/json uses). */
function numberText(n: number): string {
  return goJsonMarshal(n);
}

// jsonwire.ParseUint: digits only, no leading zero, and an overflow marker for 20+ digit values.
function parseUintText(b: string): { v: bigint; ok: boolean; overflow: boolean } {
  let n = 0;
  let v = 0n;
  while (n < b.length && b[n]! >= '0' && b[n]! <= '9') {
    v = v * 10n + BigInt(b.charCodeAt(n) - 48);
    n++;
  }
  if (n === 0 || n !== b.length || (b[0] === '0' && b !== '0')) return { v: 0n, ok: false, overflow: false };
  if (n >= 20 && (b[0] !== '1' || v < 10n ** 19n || n > 20)) return { v: 0n, ok: false, overflow: true };
  return { v: BigInt.asUintN(64, v), ok: true, overflow: false };
}

function decodeUint(text: string, name: string): bigint {
  const { v, ok, overflow } = parseUintText(text);
  const fail = (why: string) => {
    throw new Error(`${PREFIX} JSON number into Go value of type ${name}: cannot parse ${goQuote(text)} as unsigned integer: ${why}`);
  };
  if (!ok && !overflow) fail('invalid syntax');
  if (overflow) fail('value out of range');
  return v;
}

function decodeInt(text: string, name: string): bigint {
  const neg = text.startsWith('-');
  const { v, ok, overflow } = parseUintText(neg ? text.slice(1) : text);
  const max = 1n << 63n;
  const fail = (why: string) => {
    throw new Error(`${PREFIX} JSON number into Go value of type ${name}: cannot parse ${goQuote(text)} as signed integer: ${why}`);
  };
  if (!ok && !overflow) fail('invalid syntax');
  if (overflow || (neg && v > max) || (!neg && v > max - 1n)) fail('value out of range');
  return neg ? -v : v;
}

/** encoding/json (v1) UnmarshalTypeError text for a non-object into map[string]v1.JSON. */
function legacyMapKind(v: Json): string {
  if (typeof v === 'boolean') return 'bool';
  return kindOf(v);
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

// ---------------------------------------------------------------------------------------------
// Decoding

interface DecodeContext {
  /** Collect every problem (the lint) instead of stopping at the first (the function). */
  collect?: InputProblem[];
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const childPath = (path: string, key: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`);

function fail(ctx: DecodeContext, problem: InputProblem): undefined {
  if (ctx.collect) {
    ctx.collect.push(problem);
    return undefined;
  }
  throw new InputDecodeError(problem);
}

/**
 * Decodes one value as go-json-experiment would into Go type t. undefined stands for the Go zero
 * value a null leaves (a pointer stays nil, a string ""), so the caller drops the key.
 */
function decodeValue(v: Json | undefined, t: GoType, path: string, ctx: DecodeContext): Json | undefined {
  // undefined: a key a TypeScript caller left unset, which never reaches the wire.
  if (v === null || v === undefined) return undefined;
  // No closures here: this runs for every key of every input on every function run.
  switch (t.kind) {
    case 'ptr':
      return decodeValue(v, t.elem, path, ctx);
    case 'string':
      return typeof v === 'string' ? v : mismatch(v, t, path, ctx);
    case 'bool':
      return typeof v === 'boolean' ? v : mismatch(v, t, path, ctx);
    case 'int':
      if (typeof v !== 'number') return mismatch(v, t, path, ctx);
      if (Number.isSafeInteger(v)) return v;
      try {
        decodeInt(numberText(v), t.name);
      } catch (err) {
        return fail(ctx, { path, message: (err as Error).message });
      }
      return v;
    case 'uint':
      if (typeof v !== 'number') return mismatch(v, t, path, ctx);
      if (Number.isSafeInteger(v) && v >= 0) return v;
      try {
        decodeUint(numberText(v), t.name);
      } catch (err) {
        return fail(ctx, { path, message: (err as Error).message });
      }
      return v;
    case 'raw':
      return v;
    case 'time':
      if (typeof v !== 'string') {
        return fail(ctx, { path, message: `${PREFIX} JSON ${kindOf(v)} into Go value of type v1.Time: json: cannot unmarshal ${legacyMapKind(v)} into Go value of type string` });
      }
      // time.Parse's exact error text is not reproduced; the shape check is what matters here.
      return RFC3339.test(v) ? v : fail(ctx, { path, message: `${PREFIX} JSON string into Go value of type v1.Time: parsing time ${goQuote(v)} as an RFC 3339 timestamp failed` });
    case 'mapTransform':
      if (typeof v !== 'object' || Array.isArray(v)) {
        return fail(ctx, { path, message: `${kindMismatch(v, t)}: json: cannot unmarshal ${legacyMapKind(v)} into Go value of type map[string]v1.JSON` });
      }
      return v;
    case 'slice': {
      if (!Array.isArray(v)) return mismatch(v, t, path, ctx);
      const out: Json[] = [];
      for (const [i, e] of v.entries()) {
        const d = decodeValue(e, t.elem, `${path}[${i}]`, ctx);
        out.push(d === undefined ? zeroOf(t.elem) : d);
      }
      return out;
    }
    case 'map': {
      if (typeof v !== 'object' || Array.isArray(v)) return mismatch(v, t, path, ctx);
      const out: JsonObject = {};
      for (const k of Object.keys(v).sort(compareGoStrings)) {
        const d = decodeValue(v[k]!, t.elem, childPath(path, k), ctx);
        // Map keys are data ("__proto__" included): define, never assign.
        Object.defineProperty(out, k, { value: d === undefined ? zeroOf(t.elem) : d, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'struct': {
      if (typeof v !== 'object' || Array.isArray(v)) return mismatch(v, t, path, ctx);
      const out = decodeStruct(v, t, path, ctx);
      if (t === Transform) decodedTransforms.add(out);
      return out;
    }
  }
}

/** Transforms this module produced: already decoded, so resolving them need not decode again. */
const decodedTransforms = new WeakSet<JsonObject>();

export function isDecodedTransform(o: JsonObject): boolean {
  return decodedTransforms.has(o);
}

function mismatch(v: Json, t: GoType, path: string, ctx: DecodeContext): undefined {
  return fail(ctx, { path, message: kindMismatch(v, t) });
}

function zeroOf(t: GoType): Json {
  switch (t.kind) {
    case 'string':
      return '';
    case 'int':
    case 'uint':
      return 0;
    case 'bool':
      return false;
    case 'struct':
      return {};
    default:
      return null;
  }
}

function decodeStruct(v: JsonObject, t: Extract<GoType, { kind: 'struct' }>, path: string, ctx: DecodeContext): JsonObject {
  const fields = t.fields();
  const out: JsonObject = {};
  // protojson writes Struct keys sorted; the decoder reports the first problem it meets.
  for (const key of Object.keys(v).sort(compareGoStrings)) {
    const here = childPath(path, key);
    const field = hasOwn(fields, key) ? fields[key] : undefined;
    if (field === undefined) {
      const didYouMean = Object.keys(fields).find((f) => f.toLowerCase() === key.toLowerCase());
      fail(ctx, {
        path: here,
        message: `${PREFIX} Go value of type ${t.name}: unknown name ${protojsonQuote(key)}`,
        ...(didYouMean !== undefined ? { didYouMean } : {}),
      });
      continue;
    }
    const d = decodeValue(v[key]!, field, here, ctx);
    if (d !== undefined) out[key] = d;
  }
  return out;
}

/**
 * The function input as P&T sees it after decoding: explicit nulls dropped (Go leaves the zero
 * value), every key a declared field. Throws InputDecodeError with the decoder's message.
 */
export function decodeResourcesInput(input: JsonObject): JsonObject {
  return decodeValue(input, Resources, '', {}) as JsonObject;
}

const TRANSFORM_TYPES = { Transform, MathTransform, MatchTransform, StringTransform, ConvertTransform } as const;
export type TransformInputType = keyof typeof TRANSFORM_TYPES;

/**
 * One transform (or one kind's configuration) decoded as part of the input would be. Within
 * RunFunction the whole input is already decoded; this serves callers that hold a bare transform.
 */
export function decodeTransformInput(raw: JsonObject, type: TransformInputType = 'Transform'): JsonObject {
  return decodeValue(raw, TRANSFORM_TYPES[type], '', {}) as JsonObject;
}

/** Every decoding problem of an input, for the lint (the function stops at the first). */
export function inputDecodeProblems(input: JsonObject): InputProblem[] {
  const collect: InputProblem[] = [];
  decodeValue(input, Resources, '', { collect });
  return collect;
}

// ---------------------------------------------------------------------------------------------
// The same decoding for other functions' inputs: every function built on function-sdk-go reads its
// input through request.GetInput, so only the Go type differs.

/** Builders for the Go type of another function's input (struct names as the decoder prints them). */
export const GoInputTypes = { string: str, slice, struct, objectMeta: ObjectMeta } as const;

/** request.GetInput into a value of Go type `type`; throws InputDecodeError with the decoder's message. */
export function decodeGoInput(input: JsonObject, type: GoType): JsonObject {
  return decodeValue(input, type, '', {}) as JsonObject;
}

/** Every decoding problem of an input of Go type `type` (the function stops at the first). */
export function goInputProblems(input: JsonObject, type: GoType): InputProblem[] {
  const collect: InputProblem[] = [];
  decodeValue(input, type, '', { collect });
  return collect;
}
