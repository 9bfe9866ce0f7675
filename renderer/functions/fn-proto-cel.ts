// The composition-function protocol's messages as CEL sees them when a function declares them with
// cel.Types(&fnv1.State{}, &structpb.Struct{}) (function-cel-filter): apiextensions.fn.proto.v1 State
// and Resource (function-sdk-go v0.6.2 proto/v1/run_function.proto) typed for the checker, and built
// as runtime values from the renderer's plain-JSON State with protobuf semantics:
//   - google.protobuf.Struct is map(string, dyn) and every JSON number in it is a double;
//   - an unset message field reads as its default (an empty Resource, an empty map, READY_UNSPECIFIED = 0),
//     never as a missing key (cel-go pb.FieldDescription.GetFrom);
//   - has() on a message field is proto3 presence: a message field is set or not, a map field is
//     set when non-empty, an enum field when non-zero (pb.FieldDescription.IsSet);
//   - connection details are bytes, enums are ints, and every enum value of the proto file is a
//     constant (`apiextensions.fn.proto.v1.Ready.READY_TRUE`).
import { type CelType, BytesType, DynType, IntType, mapType, objectType, StringType, typeOfType } from '../../validator/cel-check/cel-types';
import type { TypeProvider } from '../../validator/cel-check/check';
import type { Json, JsonObject, ResourceState, State } from '../types';
import { Ready } from '../types';

export const PROTO_PACKAGE = 'apiextensions.fn.proto.v1';
export const STATE_TYPE = `${PROTO_PACKAGE}.State`;
export const RESOURCE_TYPE = `${PROTO_PACKAGE}.Resource`;

/** CEL's view of google.protobuf.Struct (checkedWellKnowns): a map of JSON values. */
export const StructType: CelType = mapType(StringType, DynType);

/** Field types of the two messages the function's variables reach, as cel-go's FieldDescription types them. */
const MESSAGE_FIELDS: ReadonlyMap<string, ReadonlyMap<string, CelType>> = new Map([
  [
    STATE_TYPE,
    new Map<string, CelType>([
      ['composite', objectType(RESOURCE_TYPE)],
      ['resources', mapType(StringType, objectType(RESOURCE_TYPE))],
    ]),
  ],
  [
    RESOURCE_TYPE,
    new Map<string, CelType>([
      ['resource', StructType],
      ['connection_details', mapType(StringType, BytesType)],
      ['ready', IntType],
    ]),
  ],
]);

/** Every enum of run_function.proto (function-sdk-go v0.6.2) with its values. */
const PROTO_ENUMS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  Capability: {
    CAPABILITY_UNSPECIFIED: 0,
    CAPABILITY_CAPABILITIES: 1,
    CAPABILITY_REQUIRED_RESOURCES: 2,
    CAPABILITY_CREDENTIALS: 3,
    CAPABILITY_CONDITIONS: 4,
    CAPABILITY_REQUIRED_SCHEMAS: 5,
  },
  Ready: { READY_UNSPECIFIED: 0, READY_TRUE: 1, READY_FALSE: 2 },
  Severity: { SEVERITY_UNSPECIFIED: 0, SEVERITY_FATAL: 1, SEVERITY_WARNING: 2, SEVERITY_NORMAL: 3 },
  Target: { TARGET_UNSPECIFIED: 0, TARGET_COMPOSITE: 1, TARGET_COMPOSITE_AND_CLAIM: 2 },
  Status: { STATUS_CONDITION_UNSPECIFIED: 0, STATUS_CONDITION_UNKNOWN: 1, STATUS_CONDITION_TRUE: 2, STATUS_CONDITION_FALSE: 3 },
};

/** Fully qualified enum value name -> number ("apiextensions.fn.proto.v1.Ready.READY_TRUE" -> 1). */
export const ENUM_CONSTANTS: ReadonlyMap<string, number> = new Map(
  Object.entries(PROTO_ENUMS).flatMap(([e, values]) => Object.entries(values).map(([v, n]): [string, number] => [`${PROTO_PACKAGE}.${e}.${v}`, n])),
);

/** The message type names the checker resolves (values of type `type`). */
export const MESSAGE_TYPES: readonly string[] = [...MESSAGE_FIELDS.keys()];

/**
 * The checker's view of the registered proto types (cel-go's Registry behind env.Check): message
 * names are type denotations, enum values are int constants, message fields have their proto types.
 */
export const functionProtoTypes: TypeProvider = {
  findStructTypeIdent(name: string): CelType | undefined {
    if (MESSAGE_FIELDS.has(name)) return typeOfType(objectType(name));
    if (ENUM_CONSTANTS.has(name)) return IntType;
    return undefined;
  },
  findStructFieldType(typeName: string, field: string): CelType | undefined {
    return MESSAGE_FIELDS.get(typeName)?.get(field);
  },
};

/** The variables function-cel-filter declares (fn.go NewFunction). */
export const FILTER_VARIABLES: ReadonlyMap<string, CelType> = new Map<string, CelType>([
  ['observed', objectType(STATE_TYPE)],
  ['desired', objectType(STATE_TYPE)],
  // cel.ObjectType("google.protobuf.Struct") is sanitised to the well-known map type.
  ['context', StructType],
]);

// ---------------------------------------------------------------------------------------------
// Runtime values (for @marcbachmann/cel-js: ints are bigint, doubles number, maps Map, bytes Uint8Array)

/** A CEL map value of a google.protobuf.Struct. */
export type StructValue = Map<string, unknown>;

/** google.protobuf.Value -> CEL: null, bool, double, string, list or map. */
export function structValue(v: Json): unknown {
  if (v === null || typeof v !== 'object') return v;
  // Array.from, not v.map: lists must be of this realm for cel-js (see validator/cel.ts).
  if (Array.isArray(v)) return Array.from(v, structValue);
  return structOf(v);
}

/** google.protobuf.Struct -> CEL map (a Map, so keys such as "__proto__" stay data). */
export function structOf(o: JsonObject | undefined): StructValue {
  const out: StructValue = new Map();
  for (const k of Object.keys(o ?? {})) out.set(k, structValue(o![k]!));
  return out;
}

const PRESENT = Symbol('present fields');

/** Names of the fields of a message that are set (proto3 presence). */
export function presentFields(m: ResourceMessage | StateMessage): ReadonlySet<string> {
  return m[PRESENT];
}

const READY_NUMBER: Readonly<Record<Ready, bigint>> = { [Ready.Unspecified]: 0n, [Ready.True]: 1n, [Ready.False]: 2n };
const encoder = new TextEncoder();

/** apiextensions.fn.proto.v1.Resource. Struct contents are converted on first read. */
export class ResourceMessage {
  readonly [PRESENT]: Set<string>;
  readonly connection_details: Map<string, Uint8Array>;
  readonly ready: bigint;
  private converted?: StructValue;

  constructor(private readonly source?: ResourceState) {
    this.connection_details = new Map(Object.entries(source?.connectionDetails ?? {}).map(([k, v]) => [k, encoder.encode(v)]));
    this.ready = READY_NUMBER[source?.ready ?? Ready.Unspecified];
    this[PRESENT] = new Set<string>([
      ...(source !== undefined ? ['resource'] : []),
      ...(this.connection_details.size > 0 ? ['connection_details'] : []),
      ...(this.ready !== 0n ? ['ready'] : []),
    ]);
  }

  get resource(): StructValue {
    this.converted ??= structOf(this.source?.resource);
    return this.converted;
  }
}

/** apiextensions.fn.proto.v1.State. */
export class StateMessage {
  readonly [PRESENT]: Set<string>;
  readonly composite: ResourceMessage;
  readonly resources: Map<string, ResourceMessage>;

  constructor(source?: State) {
    // The renderer's State always carries a composite; an empty one (the pipeline's starting desired
    // state) stands for the unset field.
    const c = source?.composite;
    const compositeSet = c !== undefined && (Object.keys(c.resource).length > 0 || Object.keys(c.connectionDetails ?? {}).length > 0 || c.ready !== undefined);
    this.composite = new ResourceMessage(compositeSet ? c : undefined);
    this.resources = new Map(Object.entries(source?.resources ?? {}).map(([k, r]) => [k, new ResourceMessage(r)]));
    this[PRESENT] = new Set<string>([...(compositeSet ? ['composite'] : []), ...(this.resources.size > 0 ? ['resources'] : [])]);
  }
}

/** Whether `field` is a declared field of a message value (cel-go answers "no such field" otherwise). */
export function isMessageField(m: ResourceMessage | StateMessage, field: string): boolean {
  return MESSAGE_FIELDS.get(m instanceof StateMessage ? STATE_TYPE : RESOURCE_TYPE)!.has(field);
}

/** proto.Equal over the two messages: same set fields with equal values. */
export function messagesEqual(a: unknown, b: unknown, valuesEqual: (x: unknown, y: unknown) => boolean): boolean {
  if (a instanceof StateMessage && b instanceof StateMessage) {
    return samePresence(a, b) && messagesEqual(a.composite, b.composite, valuesEqual) && valuesEqual(a.resources, b.resources);
  }
  if (a instanceof ResourceMessage && b instanceof ResourceMessage) {
    return samePresence(a, b) && a.ready === b.ready && valuesEqual(a.resource, b.resource) && valuesEqual(a.connection_details, b.connection_details);
  }
  return false;
}

function samePresence(a: ResourceMessage | StateMessage, b: ResourceMessage | StateMessage): boolean {
  const pa = presentFields(a);
  const pb = presentFields(b);
  return pa.size === pb.size && [...pa].every((f) => pb.has(f));
}
