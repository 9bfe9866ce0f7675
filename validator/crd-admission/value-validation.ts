// Validation of a value against a structural schema node the way the API server's OpenAPI
// validator does (kube-openapi pkg/validation/validate, as converted to field errors by
// apiextensions-apiserver pkg/apiserver/validation ValidateCustomResource). CRD admission uses it
// for `default` values; error paths and types follow upstream (`...default.a.b`, Required,
// NotSupported, TooLong, TooMany, TypeInvalid, Invalid), messages follow kube-openapi's wording.
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { addKubernetesFormats } from '../formats';
import { SUPPORTED_FORMATS } from '../k8s-to-json-schema';
import { FieldPath, invalid, notSupported, required, tooLongMaxLength, tooMany, typeInvalid, type FieldError } from './field';
import { compileGoRegexp } from './go-regexp';
import { canonicalJson } from './list-type';
import type { NestedValueValidation, Structural, ValueValidation } from './structural';

/** The kube-openapi view of a schema node (Structural.ToKubeOpenAPI). */
interface OSchema {
  type: string;
  nullable: boolean;
  vv: ValueValidation;
  items?: OSchema;
  properties?: Map<string, OSchema>;
  additionalProperties?: { allows: boolean; schema?: OSchema };
}

type Code = 'type' | 'required' | 'tooLong' | 'maxItems' | 'tooManyProperties' | 'enum' | 'other';

interface OpenApiError {
  code: Code;
  /** kube-openapi's path of the value ("", "a.b", "a[0]", ".key"). */
  name: string;
  message: string;
  value?: unknown;
  valid?: number;
  values?: unknown[];
  /** A composite (anyOf/oneOf/allOf/not) error: reported at the default itself. */
  composite?: boolean;
}

const IN = 'body';

const emptyVV = (): ValueValidation => ({ format: '', exclusiveMaximum: false, exclusiveMinimum: false, pattern: '', uniqueItems: false });

function fromStructural(s: Structural): OSchema {
  const o: OSchema = { type: s.generic.type, nullable: s.generic.nullable, vv: s.valueValidation ?? emptyVV() };
  if (s.items) o.items = fromStructural(s.items);
  if (s.properties) o.properties = new Map([...s.properties].map(([k, v]) => [k, fromStructural(v)]));
  if (s.additionalProperties) {
    o.additionalProperties = { allows: s.additionalProperties.bool, schema: s.additionalProperties.structural ? fromStructural(s.additionalProperties.structural) : undefined };
  }
  return o;
}

// NestedValueValidation.toKubeOpenAPI: nested additionalProperties are not carried over.
function fromNested(n: NestedValueValidation): OSchema {
  const o: OSchema = { type: n.forbiddenGenerics.type, nullable: n.forbiddenGenerics.nullable, vv: n.valueValidation };
  if (n.items) o.items = fromNested(n.items);
  if (n.properties) o.properties = new Map([...n.properties].map(([k, v]) => [k, fromNested(v)]));
  return o;
}

// ---- formats (kube-openapi strfmt, through the project's format checkers) ----------------------
const formatAjv = new Ajv2020({ strict: false });
addKubernetesFormats(formatAjv);
const formatValidators = new Map<string, ValidateFunction>();

function formatChecker(format: string): ValidateFunction | undefined {
  // strfmt normalizes names by dropping dashes (date-time == datetime).
  const name = format.replace(/-/g, '') === 'datetime' ? 'date-time' : format;
  if (!SUPPORTED_FORMATS.has(format) && !SUPPORTED_FORMATS.has(name)) return undefined;
  if (['int32', 'int64', 'float', 'double'].includes(name)) return undefined;
  let v = formatValidators.get(name);
  if (!v) {
    v = formatAjv.compile({ type: 'string', format: name });
    formatValidators.set(name, v);
  }
  return v;
}

// ---- the validator ------------------------------------------------------------------------------
const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function jsonType(v: unknown): { type: string; format: string } {
  if (typeof v === 'boolean') return { type: 'boolean', format: '' };
  if (typeof v === 'string') return { type: 'string', format: '' };
  if (typeof v === 'number') return Number.isInteger(v) ? { type: 'integer', format: 'int64' } : { type: 'number', format: 'double' };
  if (Array.isArray(v)) return { type: 'array', format: '' };
  return { type: 'object', format: '' };
}

const at = (name: string, msg: string): string => `${name} in ${IN} ${msg}`;

function typeErrors(name: string, s: OSchema, data: unknown): OpenApiError[] {
  const format = s.vv.format;
  if (s.type.length === 0 && format === '') return [];
  if (data === null) {
    if (s.type.length > 0 && !s.nullable) return [{ code: 'type', name, value: 'null', message: at(name, `must be of type ${s.type}: "null"`) }];
    return [];
  }
  const { type: schType, format: dataFormat } = jsonType(data);
  const isFloatInt = schType === 'number' && Number.isInteger(data) && s.type === 'integer';
  const isIntFloat = schType === 'integer' && s.type === 'number';
  const isScalarOrObject = typeof data !== 'string' && !Array.isArray(data);
  if (isScalarOrObject && format !== '' && !(s.type === schType || dataFormat === format || isFloatInt || isIntFloat)) {
    return [{ code: 'type', name, value: dataFormat, message: at(name, `must be of type ${format}: ${JSON.stringify(dataFormat)}`) }];
  }
  // A format on a non-numeric schema makes strings and arrays skip the type check.
  if (!(s.type === 'number' || s.type === 'integer') && format !== '' && !isScalarOrObject) return [];
  if (!(s.type === schType || isFloatInt || isIntFloat)) return [{ code: 'type', name, value: schType, message: at(name, `must be of type ${s.type}: ${JSON.stringify(schType)}`) }];
  return [];
}

function validate(name: string, s: OSchema, data: unknown): OpenApiError[] {
  const errs: OpenApiError[] = [...typeErrors(name, s, data)];
  if (data === null) return [...errs, ...enumErrors(name, s.vv, data)];
  errs.push(...compositeErrors(name, s.vv, data));
  if (typeof data === 'string') {
    errs.push(...stringErrors(name, s.vv, data));
    const check = s.vv.format ? formatChecker(s.vv.format) : undefined;
    if (check && !check(data)) errs.push({ code: 'type', name, value: data, message: at(name, `must be of type ${s.vv.format}: ${JSON.stringify(data)}`) });
  }
  if (typeof data === 'number') errs.push(...numberErrors(name, s.vv, data));
  if (Array.isArray(data)) errs.push(...arrayErrors(name, s, data));
  errs.push(...enumErrors(name, s.vv, data));
  if (isPlainObject(data)) errs.push(...objectErrors(name, s, data));
  return errs;
}

function compositeErrors(name: string, vv: ValueValidation, data: unknown): OpenApiError[] {
  const errs: OpenApiError[] = [];
  const run = (n: NestedValueValidation) => validate(name, fromNested(n), data);
  if (vv.anyOf && vv.anyOf.length > 0) {
    const results = vv.anyOf.map(run);
    if (!results.some((r) => r.length === 0)) {
      errs.push({ code: 'other', name, composite: true, message: `${JSON.stringify(name)} must validate at least one schema (anyOf)` });
      errs.push(...results.reduce((best, r) => (r.length < best.length ? r : best)));
    }
  }
  if (vv.oneOf && vv.oneOf.length > 0) {
    const results = vv.oneOf.map(run);
    const valid = results.filter((r) => r.length === 0).length;
    if (valid !== 1) {
      errs.push({ code: 'other', name, composite: true, message: `${JSON.stringify(name)} must validate one and only one schema (oneOf). ${valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`}` });
      if (valid === 0) errs.push(...results.reduce((best, r) => (r.length < best.length ? r : best)));
    }
  }
  if (vv.allOf && vv.allOf.length > 0) {
    const results = vv.allOf.map(run);
    const valid = results.filter((r) => r.length === 0).length;
    for (const r of results) errs.push(...r);
    if (valid !== results.length) errs.push({ code: 'other', name, composite: true, message: `${JSON.stringify(name)} must validate all the schemas (allOf)${valid === 0 ? '. None validated' : ''}` });
  }
  if (vv.not && run(vv.not).length === 0) errs.push({ code: 'other', name, composite: true, message: `${JSON.stringify(name)} must not validate the schema (not)` });
  return errs;
}

function stringErrors(name: string, vv: ValueValidation, data: string): OpenApiError[] {
  const errs: OpenApiError[] = [];
  const runes = [...data].length;
  if (vv.maxLength !== undefined && runes > vv.maxLength) errs.push({ code: 'tooLong', name, value: data, valid: vv.maxLength, message: at(name, `should be at most ${vv.maxLength} chars long`) });
  if (vv.minLength !== undefined && runes < vv.minLength) errs.push({ code: 'other', name, value: data, message: at(name, `should be at least ${vv.minLength} chars long`) });
  if (vv.pattern !== '') {
    const re = compileGoRegexp(vv.pattern);
    if ('error' in re) errs.push({ code: 'other', name, value: data, message: at(name, `should match '${vv.pattern}, but pattern is invalid: ${re.error}'`) });
    else if (!re.test(data)) errs.push({ code: 'other', name, value: data, message: at(name, `should match '${vv.pattern}'`) });
  }
  return errs;
}

function numberErrors(name: string, vv: ValueValidation, data: number): OpenApiError[] {
  const errs: OpenApiError[] = [];
  if (vv.multipleOf !== undefined && vv.multipleOf > 0) {
    const q = data / vv.multipleOf;
    if (Math.abs(q - Math.round(q)) > 1e-9) errs.push({ code: 'other', name, value: data, message: at(name, `should be a multiple of ${vv.multipleOf}`) });
  }
  if (vv.maximum !== undefined && (vv.exclusiveMaximum ? data >= vv.maximum : data > vv.maximum)) {
    errs.push({ code: 'other', name, value: data, message: at(name, `should be less than ${vv.exclusiveMaximum ? '' : 'or equal to '}${vv.maximum}`) });
  }
  if (vv.minimum !== undefined && (vv.exclusiveMinimum ? data <= vv.minimum : data < vv.minimum)) {
    errs.push({ code: 'other', name, value: data, message: at(name, `should be greater than ${vv.exclusiveMinimum ? '' : 'or equal to '}${vv.minimum}`) });
  }
  return errs;
}

function arrayErrors(name: string, s: OSchema, data: unknown[]): OpenApiError[] {
  const errs: OpenApiError[] = [];
  if (s.items) data.forEach((x, i) => errs.push(...validate(`${name}[${i}]`, s.items!, x)));
  if (s.vv.minItems !== undefined && data.length < s.vv.minItems) errs.push({ code: 'other', name, value: data.length, message: at(name, `should have at least ${s.vv.minItems} items`) });
  if (s.vv.maxItems !== undefined && data.length > s.vv.maxItems) errs.push({ code: 'maxItems', name, value: data.length, valid: s.vv.maxItems, message: at(name, `should have at most ${s.vv.maxItems} items`) });
  if (s.vv.uniqueItems && new Set(data.map(canonicalJson)).size !== data.length) errs.push({ code: 'other', name, value: data, message: at(name, "shouldn't contain duplicates") });
  return errs;
}

function enumErrors(name: string, vv: ValueValidation, data: unknown): OpenApiError[] {
  if (!vv.enum || vv.enum.length === 0) return [];
  const key = canonicalJson(data);
  if (data !== null && vv.enum.some((e) => e !== null && canonicalJson(e) === key)) return [];
  return [{ code: 'enum', name, value: data, values: vv.enum, message: at(name, `should be one of ${JSON.stringify(vv.enum)}`) }];
}

function objectErrors(name: string, s: OSchema, data: Record<string, unknown>): OpenApiError[] {
  const errs: OpenApiError[] = [];
  const keys = Object.keys(data);
  if (s.vv.minProperties !== undefined && keys.length < s.vv.minProperties) errs.push({ code: 'other', name, value: keys.length, message: at(name, `should have at least ${s.vv.minProperties} properties`) });
  if (s.vv.maxProperties !== undefined && keys.length > s.vv.maxProperties) errs.push({ code: 'tooManyProperties', name, value: keys.length, valid: s.vv.maxProperties, message: at(name, `should have at most ${s.vv.maxProperties} properties`) });
  const ap = s.additionalProperties;
  if (ap && !ap.allows) {
    for (const k of keys) if (!s.properties?.has(k)) errs.push({ code: 'other', name, value: k, message: `${name}.${k} in ${IN} is a forbidden property` });
  } else if (ap?.schema) {
    for (const k of keys) if (!s.properties?.has(k)) errs.push(...validate(`${name}.${k}`, ap.schema, data[k]));
  }
  for (const [k, sub] of s.properties ?? []) if (k in data) errs.push(...validate(name === '' ? k : `${name}.${k}`, sub, data[k]));
  for (const k of s.vv.required ?? []) if (!(k in data)) errs.push({ code: 'required', name: `${name}.${k}`, message: `${name}.${k} in ${IN} is required` });
  return errs;
}

/** ValidateCustomResource(pth, value, validator(s)): the value's problems as field errors. */
export function validateValue(p: FieldPath, s: Structural, value: unknown): FieldError[] {
  return validate('', fromStructural(s), value).map((e) => {
    const fp = e.composite || e.name === '' || e.name === '.' ? p : p.child(e.name.replace(/^\./, ''));
    if (e.composite) return invalid(p, '', e.message);
    switch (e.code) {
      case 'required':
        return required(fp);
      case 'enum':
        return notSupported(fp, e.value, (e.values ?? []).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))));
      case 'tooLong':
        return tooLongMaxLength(fp, e.value ?? '', e.valid ?? -1);
      case 'maxItems':
      case 'tooManyProperties':
        return tooMany(fp, typeof e.value === 'number' ? e.value : -1, e.valid ?? -1);
      case 'type':
        return typeInvalid(fp, e.value ?? '', e.message);
      default:
        return invalid(fp, e.value ?? '', e.message);
    }
  });
}
