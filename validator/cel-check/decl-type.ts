// The CEL declaration type of a structural schema (k8s.io/apiserver pkg/cel/types.go DeclType and
// pkg/cel/common/schemas.go SchemaDeclType): which fields a rule can see, their CEL types, how many
// elements a string/list/map can hold (MaxElements) and the smallest JSON a value can serialize to
// (MinSerializedSize), both bounded by the 3 MiB request size where the schema sets no limit.
import {
  BoolType as CelBool,
  BytesType as CelBytes,
  type CelType,
  DoubleType as CelDouble,
  DurationType as CelDuration,
  DynType as CelDyn,
  IntType as CelInt,
  listType,
  mapType,
  objectType,
  StringType as CelString,
  TimestampType as CelTimestamp,
} from './cel-types';
import { escapePropertyName } from './escaping';

export type JsonSchema = Record<string, unknown>;

/** k8s.io/apiserver pkg/apis/cel/config.go MaxRequestSizeBytes: 3 MiB */
export const MAX_REQUEST_SIZE_BYTES = 3n * 1024n * 1024n;
// k8s.io/apiserver pkg/cel/limits.go
export const MAX_DURATION_SIZE_JSON = 32n;
export const MAX_DATETIME_SIZE_JSON = 32n;
export const MIN_DURATION_SIZE_JSON = 3n;
export const JSON_DATE_SIZE = 12n;
export const MIN_DATETIME_SIZE_JSON = 21n;
export const MIN_STRING_SIZE = 2n;
export const MIN_BOOL_SIZE = 4n;
export const MIN_NUMBER_SIZE = 1n;

export interface DeclField {
  readonly name: string;
  readonly type: DeclType;
  readonly required: boolean;
}

export interface DeclType {
  /** "object" (or the name assigned to an object), "list", "map", or the scalar's name */
  readonly name: string;
  readonly celType: CelType;
  /** escaped field name -> field, for object types */
  readonly fields?: ReadonlyMap<string, DeclField>;
  readonly keyType?: DeclType;
  readonly elemType?: DeclType;
  /** int64: max characters (strings: bytes), items or properties */
  readonly maxElements: bigint;
  /** int64: bytes of the smallest JSON serialization */
  readonly minSerializedSize: bigint;
}

/** int64 arithmetic as Go does it (maxLength * 4 may wrap for absurd limits). */
const i64 = (x: bigint): bigint => BigInt.asIntN(64, x);

function simple(name: string, celType: CelType, minSerializedSize: bigint, maxElements = 0n): DeclType {
  return { name, celType, maxElements, minSerializedSize };
}

export const BoolDecl = simple('bool', CelBool, MIN_BOOL_SIZE);
export const DoubleDecl = simple('double', CelDouble, MIN_NUMBER_SIZE);
export const IntDecl = simple('int', CelInt, MIN_NUMBER_SIZE);
export const StringDecl = simple('string', CelString, MIN_STRING_SIZE);
const AnyDecl = simple('any', { kind: 'any', name: 'google.protobuf.Any', params: [] }, 1n);
/** findScalar of types.go: scalar type names a DeclTypeProvider resolves */
export const SCALAR_DECL_TYPES: ReadonlyMap<string, DeclType> = new Map([
  ['bool', BoolDecl],
  ['bytes', simple('bytes', CelBytes, MIN_STRING_SIZE)],
  ['double', DoubleDecl],
  ['duration', simple('duration', CelDuration, MIN_DURATION_SIZE_JSON)],
  ['int', IntDecl],
  ['null_type', simple('null_type', { kind: 'null_type', name: 'null_type', params: [] }, 4n)],
  ['string', StringDecl],
  ['timestamp', simple('timestamp', CelTimestamp, JSON_DATE_SIZE)],
  ['uint', simple('uint', { kind: 'uint', name: 'uint', params: [] }, 1n)],
  ['list', newListType(AnyDecl, (1n << 63n) - 1n)],
  ['map', newMapType(StringDecl, AnyDecl, (1n << 63n) - 1n)],
]);

export function newListType(elem: DeclType, maxItems: bigint): DeclType {
  // a list can always be written as [], so its minimum size is 2
  return { name: 'list', celType: listType(elem.celType), elemType: elem, maxElements: maxItems, minSerializedSize: 2n };
}

export function newMapType(key: DeclType, elem: DeclType, maxProperties: bigint): DeclType {
  return { name: 'map', celType: mapType(key.celType, elem.celType), keyType: key, elemType: elem, maxElements: maxProperties, minSerializedSize: 2n };
}

export function isObjectDecl(t: DeclType): boolean {
  return t.fields !== undefined && t.keyType === undefined && t.elemType === undefined;
}
export function isMapDecl(t: DeclType): boolean {
  return t.keyType !== undefined && t.elemType !== undefined && t.fields === undefined;
}
export function isListDecl(t: DeclType): boolean {
  return t.keyType === undefined && t.elemType !== undefined && t.fields === undefined;
}

/** Schema-dependent behaviour that changed between Kubernetes releases. */
export interface DeclTypeOptions {
  /** 1.34+: an x-kubernetes-int-or-string with maxLength is bounded by it (76004fdd7) */
  readonly intOrStringHonorsMaxLength?: boolean;
}

// ---- reading the structural schema from its JSON form ----

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);
const int64 = (v: unknown): bigint | undefined => (typeof v === 'number' && Number.isFinite(v) ? BigInt(Math.trunc(v)) : undefined);
const zeroIfNegative = (v: bigint): bigint => (v < 0n ? 0n : v);
const utf8Length = (s: string): bigint => BigInt(new TextEncoder().encode(s).length);

export function schemaType(s: JsonSchema): string {
  return typeof s.type === 'string' ? s.type : '';
}
export function schemaFormat(s: JsonSchema): string {
  return typeof s.format === 'string' ? s.format : '';
}
export function schemaProperties(s: JsonSchema): Map<string, JsonSchema> | undefined {
  if (!isObject(s.properties)) return undefined;
  return new Map(Object.entries(s.properties).filter((e): e is [string, JsonSchema] => isObject(e[1])));
}
export function schemaItems(s: JsonSchema): JsonSchema | undefined {
  return isObject(s.items) ? s.items : undefined;
}
/** additionalProperties as a schema (undefined for `true`, `false` or absent) */
export function schemaAdditionalProperties(s: JsonSchema): JsonSchema | undefined {
  return isObject(s.additionalProperties) ? s.additionalProperties : undefined;
}
export function hasAdditionalProperties(s: JsonSchema): boolean {
  return s.additionalProperties !== undefined && s.additionalProperties !== null;
}
export function schemaMaxItems(s: JsonSchema): bigint | undefined {
  return int64(s.maxItems);
}
export function schemaMaxProperties(s: JsonSchema): bigint | undefined {
  return int64(s.maxProperties);
}
const flag = (s: JsonSchema, k: string): boolean => s[k] === true;
export const isIntOrString = (s: JsonSchema): boolean => flag(s, 'x-kubernetes-int-or-string');
export const isEmbeddedResource = (s: JsonSchema): boolean => flag(s, 'x-kubernetes-embedded-resource');

/**
 * WithTypeAndObjectMeta: at the root of a resource apiVersion, kind, metadata.name and
 * metadata.generateName are always visible. Unless all four are declared as strings, kind,
 * apiVersion and metadata are replaced by plain unbounded strings (dropping any other metadata field).
 */
function withTypeAndObjectMeta(s: JsonSchema): JsonSchema {
  const props = schemaProperties(s);
  const isStr = (x: JsonSchema | undefined): boolean => x !== undefined && schemaType(x) === 'string';
  const meta = props?.get('metadata');
  const metaProps = meta ? schemaProperties(meta) : undefined;
  if (props && isStr(props.get('kind')) && isStr(props.get('apiVersion')) && meta && schemaType(meta) === 'object' && metaProps && isStr(metaProps.get('name')) && isStr(metaProps.get('generateName'))) {
    return s;
  }
  const str: JsonSchema = { type: 'string' };
  return {
    ...s,
    properties: {
      ...(isObject(s.properties) ? s.properties : {}),
      kind: str,
      apiVersion: str,
      metadata: { type: 'object', properties: { name: str, generateName: str } },
    },
  };
}

/** SchemaDeclType: the DeclType of a structural schema, undefined when CEL cannot see it. */
export function schemaDeclType(s: JsonSchema | undefined, isResourceRoot: boolean, opts: DeclTypeOptions = {}): DeclType | undefined {
  if (!s) return undefined;
  if (isIntOrString(s)) {
    // a union of int and string: dyn, as long as the longest string that fits
    const maxLength = int64(s.maxLength);
    const max = opts.intOrStringHonorsMaxLength && maxLength !== undefined ? i64(zeroIfNegative(maxLength) * 4n) : MAX_REQUEST_SIZE_BYTES - 2n;
    return simple('dyn', CelDyn, 1n, max);
  }
  if (isResourceRoot) s = withTypeAndObjectMeta(s);
  switch (schemaType(s)) {
    case 'array': {
      const items = schemaItems(s);
      if (!items) return undefined;
      const itemsType = schemaDeclType(items, isEmbeddedResource(items), opts);
      if (!itemsType) return undefined;
      const maxItems = schemaMaxItems(s);
      return newListType(itemsType, maxItems !== undefined ? zeroIfNegative(maxItems) : estimateMaxArrayItemsFromMinSize(itemsType.minSerializedSize));
    }
    case 'object': {
      const additional = schemaAdditionalProperties(s);
      if (additional) {
        const propsType = schemaDeclType(additional, isEmbeddedResource(additional), opts);
        if (!propsType) return undefined;
        const maxProps = schemaMaxProperties(s);
        return newMapType(StringDecl, propsType, maxProps !== undefined ? zeroIfNegative(maxProps) : estimateMaxAdditionalPropertiesFromMinSize(propsType.minSerializedSize));
      }
      const fields = new Map<string, DeclField>();
      const required = new Set(Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : []);
      // an object is at least {}
      let minSerializedSize = 2n;
      for (const [name, prop] of schemaProperties(s) ?? []) {
        const fieldType = schemaDeclType(prop, isEmbeddedResource(prop), opts);
        if (!fieldType) continue;
        const escaped = escapePropertyName(name);
        if (escaped !== undefined) fields.set(escaped, { name: escaped, type: fieldType, required: required.has(name) });
        // required properties without a default must be serialized: "name":<value>,
        if (required.has(name) && (prop.default === undefined || prop.default === null)) {
          minSerializedSize = i64(minSerializedSize + utf8Length(name) + fieldType.minSerializedSize + 4n);
        }
      }
      return { name: 'object', celType: objectType('object'), fields, maxElements: 0n, minSerializedSize };
    }
    case 'string':
      return stringDeclType(s);
    case 'boolean':
      return BoolDecl;
    case 'number':
      return DoubleDecl;
    case 'integer':
      return IntDecl;
    default:
      return undefined;
  }
}

function stringDeclType(s: JsonSchema): DeclType {
  const maxLength = int64(s.maxLength);
  switch (schemaFormat(s)) {
    case 'byte':
      // bytes count as they are: no multi-byte characters
      return simple('bytes', CelBytes, MIN_STRING_SIZE, maxLength !== undefined ? zeroIfNegative(maxLength) : estimateMaxStringLengthPerRequest(s));
    case 'duration':
      return simple('duration', CelDuration, MIN_DURATION_SIZE_JSON, estimateMaxStringLengthPerRequest(s));
    case 'date':
      return simple('timestamp', CelTimestamp, JSON_DATE_SIZE, estimateMaxStringLengthPerRequest(s));
    case 'date-time':
      return simple('timestamp', CelTimestamp, MIN_DATETIME_SIZE_JSON, estimateMaxStringLengthPerRequest(s));
    default:
      break;
  }
  let max: bigint;
  // maxLength counts code points, sizes here count bytes: up to 4 per code point
  if (maxLength !== undefined) max = i64(zeroIfNegative(maxLength) * 4n);
  else if (Array.isArray(s.enum) && s.enum.length > 0) max = estimateMaxStringEnumLength(s.enum);
  else max = estimateMaxStringLengthPerRequest(s);
  return simple('string', CelString, MIN_STRING_SIZE, max);
}

/** estimateMaxStringLengthPerRequest */
function estimateMaxStringLengthPerRequest(s: JsonSchema): bigint {
  if (isIntOrString(s)) return MAX_REQUEST_SIZE_BYTES - 2n;
  switch (schemaFormat(s)) {
    case 'duration':
      return MAX_DURATION_SIZE_JSON;
    case 'date':
      return JSON_DATE_SIZE;
    case 'date-time':
      return MAX_DATETIME_SIZE_JSON;
    default:
      // minus the two quotes
      return MAX_REQUEST_SIZE_BYTES - 2n;
  }
}

/** estimateMaxStringEnumLength: the byte length of the longest string enum value */
function estimateMaxStringEnumLength(values: unknown[]): bigint {
  let max = 0n;
  for (const v of values) if (typeof v === 'string' && utf8Length(v) > max) max = utf8Length(v);
  return max;
}

/** estimateMaxArrayItemsFromMinSize: items of minSize plus a comma inside [] */
export function estimateMaxArrayItemsFromMinSize(minSize: bigint): bigint {
  return (MAX_REQUEST_SIZE_BYTES - 2n) / (minSize + 1n);
}

/** estimateMaxAdditionalPropertiesFromMinSize: "":<value>, pairs inside {} */
export function estimateMaxAdditionalPropertiesFromMinSize(minSize: bigint): bigint {
  return (MAX_REQUEST_SIZE_BYTES - 2n) / (minSize + 6n);
}

/** MaybeAssignTypeName: names the objects of a type after their position ("T.spec", "T.items.@idx"). */
export function maybeAssignTypeName(t: DeclType, name: string): DeclType {
  if (isObjectDecl(t)) {
    let updated = false;
    let typeName = name;
    if (t.name !== 'object') typeName = t.name;
    else updated = true;
    const fields = new Map<string, DeclField>();
    for (const [fieldName, f] of t.fields!) {
      const ft = maybeAssignTypeName(f.type, `${typeName}.${fieldName}`);
      if (ft !== f.type) updated = true;
      fields.set(fieldName, ft === f.type ? f : { ...f, type: ft });
    }
    if (!updated) return t;
    return { ...t, name: typeName, celType: objectType(typeName), fields };
  }
  if (isMapDecl(t)) {
    const elem = maybeAssignTypeName(t.elemType!, `${name}.@elem`);
    return elem === t.elemType ? t : newMapType(t.keyType!, elem, t.maxElements);
  }
  if (isListDecl(t)) {
    const elem = maybeAssignTypeName(t.elemType!, `${name}.@idx`);
    return elem === t.elemType ? t : newListType(elem, t.maxElements);
  }
  return t;
}

/** FieldTypeMap: every object, list and map type reachable from the root, by name/path. */
export function fieldTypeMap(path: string, t: DeclType): Map<string, DeclType> {
  const types = new Map<string, DeclType>();
  const build = (p: string, d: DeclType): void => {
    if (isObjectDecl(d)) {
      types.set(d.name, d);
      for (const [n, f] of d.fields!) build(`${p}.${n}`, f.type);
    }
    if (isMapDecl(d)) {
      build(`${p}.@elem`, d.elemType!);
      types.set(p, d);
    }
    if (isListDecl(d)) {
      build(`${p}.@idx`, d.elemType!);
      types.set(p, d);
    }
  };
  build(isObjectDecl(t) && t.name !== 'object' ? t.name : path, t);
  return types;
}
