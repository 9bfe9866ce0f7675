// Validates data against a JSON schema by walking the schema, with Ajv's semantics under the
// options newSchemaAjv() sets (draft 2020, allErrors, useDefaults, verbose, strict, Go regexps):
// the same errors, in the same order, with the same fields, and the same defaults written.
//
// Why not Ajv's own generated code: for a provider CRD it is 0.5-2.5 MB of JavaScript per kind. A
// one-shot render loads about 25 MB of it and V8 parses and compiles it before validating ~400
// objects (about a second of a CLI render), and every jest worker does the same again. Walking the
// schema costs nothing up front. Ajv still checks each schema (strict mode, see compiled-schemas.ts)
// and is the oracle the walker is tested against (test/validator/schema-walker.test.ts).
//
// Ported from ajv 8 lib/compile/validate (index.ts: the keyword groups and their order, the type
// check before or inside a group; defaults.ts; dataType.ts; errors.ts) and lib/vocabularies (each
// keyword's condition, params and message). Only the keywords k8sToJsonSchema emits are supported:
// supports() checks a schema for anything else, which compiled-schemas.ts refuses.
import type { ErrorObject } from 'ajv/dist/2020';
import type { FormatDefinition } from './formats';

type Json = unknown;
type SchemaObject = Record<string, unknown>;
type AnySchema = SchemaObject | boolean;
type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';
type Group = 'number' | 'string' | 'array' | 'object';

export interface WalkerOptions {
  /** Named formats, as given to ajv.addFormat (each a typed validate function). */
  formats: Record<string, FormatDefinition>;
  /** The regexp engine of `pattern` (Ajv's `code.regExp`), called with the `u` flag as Ajv does. */
  regExp: (pattern: string, flags: string) => { test(s: string): boolean };
  /** Deep equality of enum values and unique items (Ajv's runtime `equal`, fast-deep-equal). */
  equal: (a: unknown, b: unknown) => boolean;
}

/** A validate function like Ajv's: returns validity, leaves the errors (or null) on `.errors`. */
export type WalkerValidate = ((data: Json) => boolean) & { errors?: ErrorObject[] | null };

// The keywords of each Ajv rule group, in Ajv's order (RULES after the draft-2020 vocabularies and
// the format vocabulary are added). A group is used when the schema has one of its keywords.
export const UNTYPED = ['const', 'enum', 'not', 'anyOf', 'oneOf', 'allOf'] as const;
export const GROUP_KEYWORDS: Record<Group, readonly string[]> = {
  number: ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf', 'format'],
  string: ['maxLength', 'minLength', 'pattern', 'format'],
  array: ['maxItems', 'minItems', 'items', 'uniqueItems'],
  object: ['maxProperties', 'minProperties', 'required', 'propertyNames', 'additionalProperties', 'properties'],
};
const GROUPS: readonly Group[] = ['number', 'string', 'array', 'object'];
// Ajv's RULES.all: a schema with none of these keywords is always valid (`{}`, `{default: …}`).
// `type` and `nullable` count although they have no code of their own.
export const RULE_KEYWORDS: ReadonlySet<string> = new Set([
  '$dynamicAnchor', '$dynamicRef', '$recursiveAnchor', '$recursiveRef', '$comment', 'id', '$ref',
  'maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf', 'maxLength', 'minLength', 'pattern',
  'maxProperties', 'minProperties', 'required', 'maxItems', 'minItems', 'uniqueItems', 'type', 'nullable', 'const',
  'enum', 'not', 'anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', 'propertyNames', 'additionalProperties',
  'dependencies', 'properties', 'patternProperties', 'prefixItems', 'items', 'contains', 'format', 'dependentRequired',
  'dependentSchemas', 'maxContains', 'minContains', 'unevaluatedProperties', 'unevaluatedItems',
]);
// What the walker implements: the rules k8sToJsonSchema emits, and annotations.
const SUPPORTED = new Set<string>([
  ...UNTYPED, ...GROUPS.flatMap((g) => GROUP_KEYWORDS[g]), 'type', 'nullable',
  'default', 'description', 'title', 'examples', 'deprecated', 'readOnly', 'writeOnly',
]);

/** Whether every schema node uses only keywords the walker implements. */
export function supports(schema: AnySchema): boolean {
  if (typeof schema === 'boolean') return true;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return false;
  for (const [k, v] of Object.entries(schema)) {
    if (!SUPPORTED.has(k)) return false;
    if (k === 'properties') {
      if (!v || typeof v !== 'object') return false;
      for (const sub of Object.values(v as SchemaObject)) if (!supports(sub as AnySchema)) return false;
    } else if (k === 'items' || k === 'additionalProperties' || k === 'not' || k === 'propertyNames') {
      if (!supports(v as AnySchema)) return false;
    } else if (k === 'anyOf' || k === 'oneOf' || k === 'allOf') {
      if (!Array.isArray(v)) return false;
      for (const sub of v) if (!supports(sub as AnySchema)) return false;
    }
  }
  return true;
}

/** What Ajv decides at compile time about one schema object, worked out once per object. */
interface Node {
  readonly schema: SchemaObject;
  /** Ajv's schemaHasRules: false means always valid (`{}`, `{default: …}`). */
  readonly hasRules: boolean;
  /** getSchemaTypes: `type` as a list. */
  readonly types: readonly JsonType[];
  /** coerceAndCheckDataType: the type is checked before the keywords (else inside its group). */
  readonly typeFirst: boolean;
  /** The schema uses a keyword of the untyped group (const, enum, not, anyOf, oneOf, allOf). */
  readonly untyped: boolean;
  /** The rule groups the schema uses, in Ajv's order. */
  readonly groups: readonly Group[];
  /** Whether additionalProperties counts a key as declared (Ajv's isAdditional, negated). */
  readonly declared: (key: string) => boolean;
  /** Defaults of properties, in the order assignDefaults writes them. */
  readonly defaults: readonly (readonly [string, Json])[];
  /** The properties `properties` applies (not always valid), with their escaped path segments. */
  readonly checked: readonly CheckedProperty[];
}

interface CheckedProperty {
  readonly name: string;
  readonly schema: AnySchema;
  readonly hasDefault: boolean;
  /** `/<name>` as a JSON pointer segment (instancePath). */
  readonly pathSegment: string;
  /** `/properties/<name>` as a URI fragment (schemaPath). */
  readonly schemaSegment: string;
}

const JSON_TYPES = new Set<string>(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);

function alwaysValid(schema: AnySchema): boolean {
  return typeof schema === 'boolean' ? schema : !hasRules(schema);
}

function hasRules(schema: SchemaObject): boolean {
  for (const k in schema) if (RULE_KEYWORDS.has(k)) return true;
  return false;
}

export class SchemaWalker {
  private readonly nodes = new WeakMap<SchemaObject, Node>();
  private readonly patterns = new Map<string, { test(s: string): boolean }>();

  constructor(private readonly opts: WalkerOptions) {}

  /** A validate function for `schema`, compiled lazily node by node as data reaches them. */
  validator(schema: AnySchema): WalkerValidate {
    const fn: WalkerValidate = (data: Json) => {
      const run = new Run(this, schema);
      const valid = run.root(data);
      fn.errors = run.errors.length > 0 ? run.errors : null;
      return valid;
    };
    return fn;
  }

  node(schema: SchemaObject): Node {
    let n = this.nodes.get(schema);
    if (!n) {
      n = compileNode(schema);
      this.nodes.set(schema, n);
    }
    return n;
  }

  pattern(source: string): { test(s: string): boolean } {
    let re = this.patterns.get(source);
    if (!re) {
      re = this.opts.regExp(source, 'u');
      this.patterns.set(source, re);
    }
    return re;
  }

  get formats(): Record<string, FormatDefinition> {
    return this.opts.formats;
  }

  get equal(): (a: unknown, b: unknown) => boolean {
    return this.opts.equal;
  }
}

function compileNode(schema: SchemaObject): Node {
  // getSchemaTypes: `type` as a list, plus null when nullable.
  const raw = schema.type;
  const types = [...(Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])] as JsonType[];
  for (const t of types) if (!JSON_TYPES.has(t)) throw new Error(`type must be a JSON type, got ${String(t)}`);
  if (!types.includes('null') && schema.nullable === true) types.push('null');
  const groups = GROUPS.filter((g) => GROUP_KEYWORDS[g].some((k) => schema[k] !== undefined));
  // integer, boolean and null have no rule group of their own: their check always comes first.
  const ownGroup = types.length === 1 && (groups as readonly string[]).includes(types[0]!);
  const props = (schema.properties ?? {}) as Record<string, AnySchema>;
  // allSchemaProperties: every own key but __proto__.
  const propertyNames = Object.keys(props).filter((p) => p !== '__proto__');
  // More than 8 declared properties: Ajv asks hasOwnProperty of the schema's properties.
  const declared = propertyNames.length > 8
    ? (key: string) => Object.prototype.hasOwnProperty.call(props, key)
    : (key: string) => propertyNames.includes(key);
  const defaults: [string, Json][] = [];
  for (const key in props) {
    const sub = props[key];
    const value = sub && typeof sub === 'object' ? sub.default : undefined;
    if (value !== undefined) defaults.push([key, value]);
  }
  const checked = propertyNames.filter((p) => !alwaysValid(props[p]!)).map((name): CheckedProperty => {
    const sub = props[name]!;
    return {
      name, schema: sub, hasDefault: typeof sub === 'object' && sub.default !== undefined,
      pathSegment: `/${pointer(name)}`, schemaSegment: `/properties/${fragment(name)}`,
    };
  });
  return {
    schema,
    hasRules: hasRules(schema),
    types,
    typeFirst: types.length > 0 && !ownGroup,
    untyped: UNTYPED.some((k) => schema[k] !== undefined),
    groups,
    declared,
    defaults: schema.properties !== undefined ? defaults : [],
    checked,
  };
}

/** Ajv's checkDataType (strictNumbers: numbers must be finite). */
function hasType(t: JsonType | Group, data: Json): boolean {
  switch (t) {
    case 'null': return data === null;
    case 'array': return Array.isArray(data);
    case 'object': return !!data && typeof data === 'object' && !Array.isArray(data);
    case 'integer': return typeof data === 'number' && !(data % 1) && !Number.isNaN(data) && Number.isFinite(data);
    case 'number': return typeof data === 'number' && Number.isFinite(data);
    default: return typeof data === t;
  }
}

// JSON pointer escaping (instancePath), and URI fragment escaping of it (schemaPath).
const pointer = (s: string) => (s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s);
const fragment = (s: string) => encodeURIComponent(pointer(s));

/** Ajv's ucs2length: string length in code points (a surrogate pair counts once). */
function ucs2length(str: string): number {
  const len = str.length;
  let length = 0;
  let pos = 0;
  while (pos < len) {
    length++;
    const value = str.charCodeAt(pos++);
    if (value >= 0xd800 && value <= 0xdbff && pos < len) {
      const next = str.charCodeAt(pos);
      if ((next & 0xfc00) === 0xdc00) pos++;
    }
  }
  return length;
}

const LIMITS = {
  maximum: ['<=', (d: number, l: number) => d > l],
  minimum: ['>=', (d: number, l: number) => d < l],
  exclusiveMaximum: ['<', (d: number, l: number) => d >= l],
  exclusiveMinimum: ['>', (d: number, l: number) => d <= l],
} as const;

/**
 * One validation: the error list and the walk. Each step gets where it is as Ajv's schema context
 * (`it`) carries it: the data, its JSON pointer (instancePath), the schema's URI fragment
 * (errSchemaPath), whether it is inside anyOf/oneOf/not/propertyNames (composite: no defaults are
 * written there), and inside propertyNames the key being validated.
 */
class Run {
  readonly errors: ErrorObject[] = [];

  constructor(private readonly walker: SchemaWalker, private readonly schema: AnySchema) {}

  root(data: Json): boolean {
    return this.validate(this.schema, data, '', '#', false, undefined);
  }

  private error(data: Json, path: string, schemaPath: string, pn: string | undefined, keyword: string, params: Record<string, unknown>, message: string, schema: unknown, parentSchema: AnySchema): void {
    // (A false schema is its own parent schema in Ajv's errors, hence the cast.)
    const e: ErrorObject = { instancePath: path, schemaPath: `${schemaPath}/${keyword}`, keyword, params, message, schema, parentSchema: parentSchema as SchemaObject, data };
    if (pn !== undefined) e.propertyName = pn;
    this.errors.push(e);
  }

  /** subschemaCode: valid when the subschema added no error. */
  validate(schema: AnySchema, data: Json, path: string, sp: string, composite: boolean, pn: string | undefined): boolean {
    if (typeof schema === 'boolean') {
      if (schema) return true;
      this.error(data, path, sp, pn, 'false schema', {}, 'boolean schema is false', false, false);
      return false;
    }
    const n = this.walker.node(schema);
    if (!n.hasRules) return true;
    const start = this.errors.length;
    if (n.typeFirst && !n.types.some((t) => hasType(t, data))) this.typeError(n, data, path, sp, pn);
    if (n.untyped) this.untyped(n, data, path, sp, composite, pn);
    for (const g of n.groups) {
      if (hasType(g, data)) {
        if (g === 'object') this.object(n, data as Record<string, Json>, path, sp, composite, pn);
        else if (g === 'array') this.array(n, data as Json[], path, sp, composite, pn);
        else if (g === 'string') this.string(n, data as string, path, sp, pn);
        else this.number(n, data as number, path, sp, pn);
      } else if (!n.typeFirst && n.types[0] === g) {
        this.typeError(n, data, path, sp, pn);
      }
    }
    return this.errors.length === start;
  }

  private typeError(n: Node, data: Json, path: string, sp: string, pn: string | undefined): void {
    const type = n.schema.type;
    this.error(data, path, sp, pn, 'type', { type }, `must be ${String(type)}`, type, n.schema);
  }

  private untyped(n: Node, data: Json, path: string, sp: string, composite: boolean, pn: string | undefined): void {
    const s = n.schema;
    if (s.const !== undefined && !this.walker.equal(data, s.const)) {
      this.error(data, path, sp, pn, 'const', { allowedValue: s.const }, 'must be equal to constant', s.const, s);
    }
    if (s.enum !== undefined) {
      const values = s.enum as unknown[];
      if (!values.some((v) => (typeof v === 'object' && v !== null ? this.walker.equal(data, v) : data === v))) {
        this.error(data, path, sp, pn, 'enum', { allowedValues: values }, 'must be equal to one of the allowed values', values, s);
      }
    }
    if (s.not !== undefined) {
      const sub = s.not as AnySchema;
      const start = this.errors.length;
      // Ajv validates the subschema without errors and stops at the first; only its validity counts.
      const valid = alwaysValid(sub) || this.validate(sub, data, path, `${sp}/not`, true, pn);
      this.errors.length = start;
      if (valid) this.error(data, path, sp, pn, 'not', {}, 'must NOT be valid', sub, s);
    }
    if (s.anyOf !== undefined) {
      const branches = s.anyOf as AnySchema[];
      if (!branches.some(alwaysValid)) {
        const start = this.errors.length;
        let valid = false;
        for (let i = 0; i < branches.length && !valid; i++) valid = this.validate(branches[i]!, data, path, `${sp}/anyOf/${i}`, true, pn);
        if (valid) this.errors.length = start;
        else this.error(data, path, sp, pn, 'anyOf', {}, 'must match a schema in anyOf', branches, s);
      }
    }
    if (s.oneOf !== undefined) {
      const branches = s.oneOf as AnySchema[];
      const start = this.errors.length;
      let valid = false;
      let passing: number | [unknown, number] | null = null;
      for (let i = 0; i < branches.length; i++) {
        const sub = branches[i]!;
        const ok = alwaysValid(sub) || this.validate(sub, data, path, `${sp}/oneOf/${i}`, true, pn);
        // A second passing branch decides: Ajv evaluates no further branch (their errors stay out).
        if (i > 0 && ok && valid) {
          valid = false;
          passing = [passing, i];
          break;
        }
        if (ok) {
          valid = true;
          passing = i;
        }
      }
      if (valid) this.errors.length = start;
      else this.error(data, path, sp, pn, 'oneOf', { passingSchemas: passing }, 'must match exactly one schema in oneOf', branches, s);
    }
    if (s.allOf !== undefined) {
      const branches = s.allOf as AnySchema[];
      for (let i = 0; i < branches.length; i++) {
        if (!alwaysValid(branches[i]!)) this.validate(branches[i]!, data, path, `${sp}/allOf/${i}`, composite, pn);
      }
    }
  }

  private number(n: Node, d: number, path: string, sp: string, pn: string | undefined): void {
    const s = n.schema;
    for (const k of ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum'] as const) {
      const limit = s[k] as number | undefined;
      if (limit === undefined) continue;
      const [okStr, fails] = LIMITS[k];
      if (fails(d, limit) || Number.isNaN(d)) this.error(d, path, sp, pn, k, { comparison: okStr, limit }, `must be ${okStr} ${limit}`, limit, s);
    }
    const m = s.multipleOf as number | undefined;
    if (m !== undefined) {
      const res = d / m;
      if (m === 0 || res !== parseInt(res as unknown as string, 10)) this.error(d, path, sp, pn, 'multipleOf', { multipleOf: m }, `must be multiple of ${m}`, m, s);
    }
    if (s.format !== undefined) this.format('number', n, d, path, sp, pn);
  }

  private string(n: Node, d: string, path: string, sp: string, pn: string | undefined): void {
    const s = n.schema;
    for (const k of ['maxLength', 'minLength'] as const) {
      const limit = s[k] as number | undefined;
      if (limit === undefined) continue;
      const len = ucs2length(d);
      if (k === 'maxLength' ? len > limit : len < limit) this.error(d, path, sp, pn, k, { limit }, `must NOT have ${k === 'maxLength' ? 'more' : 'fewer'} than ${limit} characters`, limit, s);
    }
    const p = s.pattern as string | undefined;
    if (p !== undefined && !this.walker.pattern(p).test(d)) this.error(d, path, sp, pn, 'pattern', { pattern: p }, `must match pattern "${p}"`, p, s);
    if (s.format !== undefined) this.format('string', n, d, path, sp, pn);
  }

  private format(ruleType: 'number' | 'string', n: Node, data: Json, path: string, sp: string, pn: string | undefined): void {
    const name = n.schema.format as string;
    const def = this.walker.formats[name];
    if (!def) throw new Error(`unknown format "${name}"`);
    if (def.type !== ruleType) return;
    if (!(def.validate as (x: unknown) => boolean)(data)) this.error(data, path, sp, pn, 'format', { format: name }, `must match format "${name}"`, name, n.schema);
  }

  private array(n: Node, d: Json[], path: string, sp: string, composite: boolean, pn: string | undefined): void {
    const s = n.schema;
    for (const k of ['maxItems', 'minItems'] as const) {
      const limit = s[k] as number | undefined;
      if (limit !== undefined && (k === 'maxItems' ? d.length > limit : d.length < limit)) {
        this.error(d, path, sp, pn, k, { limit }, `must NOT have ${k === 'maxItems' ? 'more' : 'fewer'} than ${limit} items`, limit, s);
      }
    }
    const items = s.items as AnySchema | undefined;
    if (items !== undefined && !alwaysValid(items)) {
      const itemsPath = `${sp}/items`;
      for (let i = 0; i < d.length; i++) this.validate(items, d[i], `${path}/${i}`, itemsPath, composite, pn);
    }
    if (s.uniqueItems === true) this.uniqueItems(n, d, path, sp, pn, items);
  }

  private uniqueItems(n: Node, d: Json[], path: string, sp: string, pn: string | undefined, items: AnySchema | undefined): void {
    const itemTypes = items && typeof items === 'object' ? this.walker.node(items).types : [];
    let i = d.length;
    let j: number | undefined;
    let duplicate = false;
    if (i > 1) {
      if (itemTypes.length > 0 && !itemTypes.some((t) => t === 'object' || t === 'array')) {
        // Ajv's loopN: scalars of the declared types keyed in a plain object (strings suffixed
        // when several types share it); items of another type are skipped.
        const indices: Record<string, unknown> = {};
        while (i--) {
          let item = d[i] as unknown;
          if (!itemTypes.some((t) => hasType(t, item))) continue;
          if (itemTypes.length > 1 && typeof item === 'string') item = `${item}_`;
          const key = item as string;
          if (typeof indices[key] === 'number') {
            j = indices[key] as number;
            duplicate = true;
            break;
          }
          indices[key] = i;
        }
      } else {
        outer: while (i--) {
          for (j = i; j--;) {
            if (this.walker.equal(d[i], d[j])) {
              duplicate = true;
              break outer;
            }
          }
        }
      }
    }
    if (duplicate) this.error(d, path, sp, pn, 'uniqueItems', { i, j }, `must NOT have duplicate items (items ## ${j} and ${i} are identical)`, true, n.schema);
  }

  private object(n: Node, d: Record<string, Json>, path: string, sp: string, composite: boolean, pn: string | undefined): void {
    const s = n.schema;
    // assignDefaults: before the group's keywords, never inside a composite rule.
    if (!composite) {
      for (const [key, value] of n.defaults) if (d[key] === undefined) d[key] = JSON.parse(JSON.stringify(value)) as Json;
    }
    for (const k of ['maxProperties', 'minProperties'] as const) {
      const limit = s[k] as number | undefined;
      if (limit === undefined) continue;
      const count = Object.keys(d).length;
      if (k === 'maxProperties' ? count > limit : count < limit) {
        this.error(d, path, sp, pn, k, { limit }, `must NOT have ${k === 'maxProperties' ? 'more' : 'fewer'} than ${limit} properties`, limit, s);
      }
    }
    const required = s.required as string[] | undefined;
    if (required !== undefined) {
      for (const prop of required) {
        if (d[prop] === undefined) this.error(d, path, sp, pn, 'required', { missingProperty: prop }, `must have required property '${prop}'`, required, s);
      }
    }
    const names = s.propertyNames as AnySchema | undefined;
    if (names !== undefined && !alwaysValid(names)) {
      for (const key in d) {
        if (!this.validate(names, key, path, `${sp}/propertyNames`, true, key)) {
          this.error(d, path, sp, pn, 'propertyNames', { propertyName: key }, 'property name must be valid', names, s);
        }
      }
    }
    const additional = s.additionalProperties as AnySchema | undefined;
    if (additional !== undefined && !alwaysValid(additional)) {
      for (const key in d) {
        if (n.declared(key)) continue;
        if (additional === false) {
          this.error(d, path, sp, pn, 'additionalProperties', { additionalProperty: key }, 'must NOT have additional properties', false, s);
        } else {
          this.validate(additional, d[key], `${path}/${pointer(key)}`, `${sp}/additionalProperties`, composite, pn);
        }
      }
    }
    for (const p of n.checked) {
      const value = d[p.name];
      if (value !== undefined || (p.hasDefault && !composite)) this.validate(p.schema, value, path + p.pathSegment, sp + p.schemaSegment, composite, pn);
    }
  }
}
