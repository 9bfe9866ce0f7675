// The JSONSchemaProps model of apiextensions (types_jsonschema.go) with Go's JSON semantics:
// decoding keeps exactly what Go keeps (unknown keys dropped, wrong types refused, `null` = unset,
// nil vs empty collections preserved where upstream logic can tell them apart) and encoding emits
// what Go's `omitempty` tags emit. Crossplane builds the XR/claim CRDs through this round trip,
// and the API server validates the decoded form.

import { cloneJsonValue } from './json-value';

export interface JsonBox {
  /** A JSON value (a Go *JSON pointer that is set; `value` may itself be null). */
  value: unknown;
}

export interface ValidationRule {
  rule: string;
  message: string;
  messageExpression: string;
  reason?: string;
  fieldPath: string;
  optionalOldSelf?: boolean;
}

export interface SchemaOrBool {
  allows: boolean;
  schema?: SchemaProps;
}

export interface SchemaOrArray {
  schema?: SchemaProps;
  schemas?: SchemaProps[];
}

export interface SchemaOrStringArray {
  schema?: SchemaProps;
  property?: string[];
}

/** Go field zero values are explicit; `undefined` marks a nil pointer, slice or map. */
export interface SchemaProps {
  id: string;
  $schema: string;
  $ref?: string;
  description: string;
  type: string;
  nullable: boolean;
  format: string;
  title: string;
  default?: JsonBox;
  maximum?: number;
  exclusiveMaximum: boolean;
  minimum?: number;
  exclusiveMinimum: boolean;
  maxLength?: number;
  minLength?: number;
  pattern: string;
  maxItems?: number;
  minItems?: number;
  uniqueItems: boolean;
  multipleOf?: number;
  enum?: unknown[];
  maxProperties?: number;
  minProperties?: number;
  required?: string[];
  items?: SchemaOrArray;
  allOf?: SchemaProps[];
  oneOf?: SchemaProps[];
  anyOf?: SchemaProps[];
  not?: SchemaProps;
  properties?: Map<string, SchemaProps>;
  additionalProperties?: SchemaOrBool;
  patternProperties?: Map<string, SchemaProps>;
  dependencies?: Map<string, SchemaOrStringArray>;
  additionalItems?: SchemaOrBool;
  definitions?: Map<string, SchemaProps>;
  externalDocs?: { description: string; url: string };
  example?: JsonBox;
  xPreserveUnknownFields?: boolean;
  xEmbeddedResource: boolean;
  xIntOrString: boolean;
  xListMapKeys?: string[];
  xListType?: string;
  xMapType?: string;
  xValidations?: ValidationRule[];
}

export function emptySchema(): SchemaProps {
  return {
    id: '', $schema: '', description: '', type: '', nullable: false, format: '', title: '', exclusiveMaximum: false,
    exclusiveMinimum: false, pattern: '', uniqueItems: false, xEmbeddedResource: false, xIntOrString: false,
  };
}

/** A value Go's json package cannot put into the typed field (what Go's UnmarshalTypeError says). */
export class GoJsonError extends Error {}

const RULE_KEYS = ['rule', 'message', 'messageExpression', 'reason', 'fieldPath', 'optionalOldSelf'] as const;

type Kind = 'string' | 'bool' | 'int64' | 'float64' | 'strings' | 'schema' | 'schemas' | 'schemaMap' | 'orBool' | 'orArray' | 'deps' | 'json' | 'jsons' | 'docs' | 'rules';

// JSON key, model field and Go type of every JSONSchemaProps field (v1 json tags, declaration order).
const FIELDS: readonly [string, keyof SchemaProps, Kind][] = [
  ['id', 'id', 'string'],
  ['$schema', '$schema', 'string'],
  ['$ref', '$ref', 'string'],
  ['description', 'description', 'string'],
  ['type', 'type', 'string'],
  ['format', 'format', 'string'],
  ['title', 'title', 'string'],
  ['default', 'default', 'json'],
  ['maximum', 'maximum', 'float64'],
  ['exclusiveMaximum', 'exclusiveMaximum', 'bool'],
  ['minimum', 'minimum', 'float64'],
  ['exclusiveMinimum', 'exclusiveMinimum', 'bool'],
  ['maxLength', 'maxLength', 'int64'],
  ['minLength', 'minLength', 'int64'],
  ['pattern', 'pattern', 'string'],
  ['maxItems', 'maxItems', 'int64'],
  ['minItems', 'minItems', 'int64'],
  ['uniqueItems', 'uniqueItems', 'bool'],
  ['multipleOf', 'multipleOf', 'float64'],
  ['enum', 'enum', 'jsons'],
  ['maxProperties', 'maxProperties', 'int64'],
  ['minProperties', 'minProperties', 'int64'],
  ['required', 'required', 'strings'],
  ['items', 'items', 'orArray'],
  ['allOf', 'allOf', 'schemas'],
  ['oneOf', 'oneOf', 'schemas'],
  ['anyOf', 'anyOf', 'schemas'],
  ['not', 'not', 'schema'],
  ['properties', 'properties', 'schemaMap'],
  ['additionalProperties', 'additionalProperties', 'orBool'],
  ['patternProperties', 'patternProperties', 'schemaMap'],
  ['dependencies', 'dependencies', 'deps'],
  ['additionalItems', 'additionalItems', 'orBool'],
  ['definitions', 'definitions', 'schemaMap'],
  ['externalDocs', 'externalDocs', 'docs'],
  ['example', 'example', 'json'],
  ['nullable', 'nullable', 'bool'],
  ['x-kubernetes-preserve-unknown-fields', 'xPreserveUnknownFields', 'bool'],
  ['x-kubernetes-embedded-resource', 'xEmbeddedResource', 'bool'],
  ['x-kubernetes-int-or-string', 'xIntOrString', 'bool'],
  ['x-kubernetes-list-map-keys', 'xListMapKeys', 'strings'],
  ['x-kubernetes-list-type', 'xListType', 'string'],
  ['x-kubernetes-map-type', 'xMapType', 'string'],
  ['x-kubernetes-validations', 'xValidations', 'rules'],
];

// Go pointer fields: a JSON value (even a zero one) makes them set; `null` leaves them nil.
const POINTER_FIELDS: ReadonlySet<keyof SchemaProps> = new Set([
  '$ref', 'default', 'maximum', 'minimum', 'maxLength', 'minLength', 'maxItems', 'minItems', 'multipleOf', 'maxProperties',
  'minProperties', 'xPreserveUnknownFields', 'xListType', 'xMapType', 'example',
]);

const GO_TYPE: Record<Kind, string> = {
  string: 'string', bool: 'bool', int64: 'int64', float64: 'float64', strings: '[]string', schema: 'v1.JSONSchemaProps',
  schemas: '[]v1.JSONSchemaProps', schemaMap: 'map[string]v1.JSONSchemaProps', orBool: 'v1.JSONSchemaPropsOrBool',
  orArray: 'v1.JSONSchemaPropsOrArray', deps: 'v1.JSONSchemaDependencies', json: 'v1.JSON', jsons: '[]v1.JSON',
  docs: 'v1.ExternalDocumentation', rules: 'v1.ValidationRules',
};

export interface DecodeOptions {
  /**
   * Go's encoding/json matches keys case-insensitively (Crossplane parses XRD schemas with it);
   * the API server decodes requests case-sensitively (sigs.k8s.io/json).
   */
  caseInsensitiveKeys: boolean;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'number') return `number ${v}`;
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

class Decoder {
  constructor(private readonly opts: DecodeOptions) {}

  fail(value: unknown, path: string, kind: Kind): never {
    const v = jsonKind(value);
    const where = path === '' ? 'Go value' : `Go struct field JSONSchemaProps${path}`;
    throw new GoJsonError(`json: cannot unmarshal ${v.startsWith('number') && kind !== 'int64' ? 'number' : v} into ${where} of type ${GO_TYPE[kind]}`);
  }

  /** Maps each JSON key to a field the way Go does: exact match first, else case-insensitive. */
  private lookup(key: string): (typeof FIELDS)[number] | undefined {
    const exact = FIELDS.find(([k]) => k === key);
    if (exact || !this.opts.caseInsensitiveKeys) return exact;
    const lower = key.toLowerCase();
    return FIELDS.find(([k]) => k.toLowerCase() === lower);
  }

  schema(raw: unknown, path: string): SchemaProps {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) this.fail(raw, path, 'schema');
    const out = emptySchema();
    const target = out as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      const f = this.lookup(key);
      if (!f) continue; // unknown fields are dropped
      const [jsonKey, name, kind] = f;
      const p = `${path}.${jsonKey}`;
      if (value === null) {
        // null leaves a pointer, slice or map nil and any other field untouched.
        if (POINTER_FIELDS.has(name) || ['strings', 'schemas', 'schemaMap', 'jsons', 'rules', 'deps', 'schema', 'orBool', 'orArray', 'docs'].includes(kind)) delete target[name];
        continue;
      }
      target[name] = this.value(value, p, kind);
    }
    return out;
  }

  private value(v: unknown, p: string, kind: Kind): unknown {
    switch (kind) {
      case 'string':
        if (typeof v !== 'string') this.fail(v, p, kind);
        return v;
      case 'bool':
        if (typeof v !== 'boolean') this.fail(v, p, kind);
        return v;
      case 'int64':
        if (typeof v !== 'number' || !Number.isInteger(v)) this.fail(v, p, kind);
        return v;
      case 'float64':
        if (typeof v !== 'number') this.fail(v, p, kind);
        return v;
      case 'strings':
        if (!Array.isArray(v)) this.fail(v, p, kind);
        return v.map((s, i) => {
          if (typeof s !== 'string') this.fail(s, `${p}[${i}]`, 'string');
          return s;
        });
      case 'schema':
        return this.schema(v, p);
      case 'schemas':
        if (!Array.isArray(v)) this.fail(v, p, kind);
        return v.map((s) => this.schema(s, p));
      case 'schemaMap':
        if (typeof v !== 'object' || Array.isArray(v)) this.fail(v, p, kind);
        return new Map(Object.entries(v as Record<string, unknown>).map(([k, s]) => [k, this.schema(s, `${p}.${k}`)]));
      case 'orBool':
        // JSONSchemaPropsOrBool.UnmarshalJSON: an object is a schema (allowing), else only true/false.
        if (typeof v === 'boolean') return { allows: v };
        if (typeof v === 'object' && !Array.isArray(v)) return { allows: true, schema: this.schema(v, p) };
        throw new GoJsonError(`${p.slice(1)}: boolean or JSON schema expected`);
      case 'orArray':
        // JSONSchemaPropsOrArray.UnmarshalJSON: an object or an array; anything else leaves both empty.
        if (Array.isArray(v)) return { schemas: v.map((s) => this.schema(s, p)) };
        if (typeof v === 'object') return { schema: this.schema(v, p) };
        return {};
      case 'deps': {
        if (typeof v !== 'object' || Array.isArray(v)) this.fail(v, p, kind);
        const m = new Map<string, SchemaOrStringArray>();
        for (const [k, d] of Object.entries(v as Record<string, unknown>)) {
          if (Array.isArray(d)) m.set(k, { property: this.value(d, `${p}.${k}`, 'strings') as string[] });
          else if (d !== null && typeof d === 'object') m.set(k, { schema: this.schema(d, `${p}.${k}`) });
          else m.set(k, {});
        }
        return m;
      }
      case 'json':
        return { value: cloneJsonValue(v) };
      case 'jsons':
        if (!Array.isArray(v)) this.fail(v, p, kind);
        // v1.JSON keeps a literal null as "unset" (nil Raw), which the API server reads as null.
        return v.map((x) => cloneJsonValue(x));
      case 'docs': {
        if (typeof v !== 'object' || Array.isArray(v)) this.fail(v, p, kind);
        const d = v as Record<string, unknown>;
        return { description: typeof d.description === 'string' ? d.description : '', url: typeof d.url === 'string' ? d.url : '' };
      }
      case 'rules':
        if (!Array.isArray(v)) this.fail(v, p, kind);
        return v.map((r, i) => this.rule(r, `${p}[${i}]`));
    }
  }

  private rule(raw: unknown, p: string): ValidationRule {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new GoJsonError(`json: cannot unmarshal ${jsonKind(raw)} into Go struct field JSONSchemaProps${p} of type v1.ValidationRule`);
    const r = raw as Record<string, unknown>;
    const out: ValidationRule = { rule: '', message: '', messageExpression: '', fieldPath: '' };
    for (const [k, v] of Object.entries(r)) {
      const name = RULE_KEYS.find((x) => x === k) ?? (this.opts.caseInsensitiveKeys ? RULE_KEYS.find((x) => x.toLowerCase() === k.toLowerCase()) : undefined);
      if (!name || v === null) continue;
      if (name === 'optionalOldSelf') {
        if (typeof v !== 'boolean') throw new GoJsonError(`json: cannot unmarshal ${jsonKind(v)} into Go struct field ValidationRule${p}.${name} of type bool`);
        out.optionalOldSelf = v;
      } else {
        if (typeof v !== 'string') throw new GoJsonError(`json: cannot unmarshal ${jsonKind(v)} into Go struct field ValidationRule${p}.${name} of type string`);
        (out as unknown as Record<string, unknown>)[name] = v;
      }
    }
    return out;
  }
}

/** Decodes a schema as Go does; throws GoJsonError where Go's json package would fail. */
export function decodeSchema(raw: unknown, opts: DecodeOptions = { caseInsensitiveKeys: false }): SchemaProps {
  return new Decoder(opts).schema(raw, '');
}

/** The JSON Go's encoder writes for the schema (omitempty: zero values and empty collections dropped). */
export function encodeSchema(s: SchemaProps): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const src = s as unknown as Record<string, unknown>;
  for (const [jsonKey, name, kind] of FIELDS) {
    const v = src[name];
    if (v === undefined) continue;
    const pointer = POINTER_FIELDS.has(name);
    switch (kind) {
      case 'string':
        if (pointer || v !== '') out[jsonKey] = v;
        break;
      case 'bool':
        if (pointer || v === true) out[jsonKey] = v;
        break;
      case 'int64':
      case 'float64':
        out[jsonKey] = v;
        break;
      case 'strings':
      case 'jsons':
        if ((v as unknown[]).length > 0) out[jsonKey] = cloneJsonValue(v);
        break;
      case 'schema':
        out[jsonKey] = encodeSchema(v as SchemaProps);
        break;
      case 'schemas':
        if ((v as SchemaProps[]).length > 0) out[jsonKey] = (v as SchemaProps[]).map(encodeSchema);
        break;
      case 'schemaMap':
        // Go writes map keys sorted; insertion order is kept here so that problems list in schema order.
        if ((v as Map<string, SchemaProps>).size > 0) out[jsonKey] = Object.fromEntries([...(v as Map<string, SchemaProps>)].map(([k, x]) => [k, encodeSchema(x)]));
        break;
      case 'orBool': {
        const b = v as SchemaOrBool;
        out[jsonKey] = b.schema ? encodeSchema(b.schema) : b.allows;
        break;
      }
      case 'orArray': {
        const a = v as SchemaOrArray;
        out[jsonKey] = a.schemas && a.schemas.length > 0 ? a.schemas.map(encodeSchema) : a.schema ? encodeSchema(a.schema) : null;
        break;
      }
      case 'deps': {
        const m = v as Map<string, SchemaOrStringArray>;
        if (m.size > 0) out[jsonKey] = Object.fromEntries([...m].map(([k, d]) => [k, d.property && d.property.length > 0 ? [...d.property] : d.schema ? encodeSchema(d.schema) : null]));
        break;
      }
      case 'json': {
        // A set v1.JSON with a null value marshals as null, which omitempty does not drop.
        out[jsonKey] = cloneJsonValue((v as JsonBox).value);
        break;
      }
      case 'docs': {
        const d = v as { description: string; url: string };
        out[jsonKey] = { ...(d.description ? { description: d.description } : {}), ...(d.url ? { url: d.url } : {}) };
        break;
      }
      case 'rules':
        if ((v as ValidationRule[]).length > 0) out[jsonKey] = (v as ValidationRule[]).map(encodeRule);
        break;
    }
  }
  return out;
}

function encodeRule(r: ValidationRule): Record<string, unknown> {
  return {
    rule: r.rule,
    ...(r.message ? { message: r.message } : {}),
    ...(r.messageExpression ? { messageExpression: r.messageExpression } : {}),
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
    ...(r.fieldPath ? { fieldPath: r.fieldPath } : {}),
    ...(r.optionalOldSelf !== undefined ? { optionalOldSelf: r.optionalOldSelf } : {}),
  };
}

/** SchemaHas: does pred hold for s or any schema nested in it (every nesting upstream visits)? */
export function schemaHas(s: SchemaProps | undefined, pred: (s: SchemaProps) => boolean): boolean {
  if (!s) return false;
  if (pred(s)) return true;
  if (s.items) {
    if (schemaHas(s.items.schema, pred)) return true;
    for (const x of s.items.schemas ?? []) if (schemaHas(x, pred)) return true;
  }
  for (const list of [s.allOf, s.anyOf, s.oneOf]) for (const x of list ?? []) if (schemaHas(x, pred)) return true;
  if (schemaHas(s.not, pred)) return true;
  for (const x of s.properties?.values() ?? []) if (schemaHas(x, pred)) return true;
  if (schemaHas(s.additionalProperties?.schema, pred)) return true;
  for (const x of s.patternProperties?.values() ?? []) if (schemaHas(x, pred)) return true;
  if (schemaHas(s.additionalItems?.schema, pred)) return true;
  for (const x of s.definitions?.values() ?? []) if (schemaHas(x, pred)) return true;
  for (const d of s.dependencies?.values() ?? []) if (schemaHas(d.schema, pred)) return true;
  return false;
}
