// Field paths and field errors as the API server reports them (apimachinery
// pkg/util/validation/field): `spec.versions[0].schema.openAPIV3Schema.properties[spec].type`,
// "Required value", "Invalid value: \"x\": detail", ...
// Upstream's paths are what kubectl prints, so admission problems name fields exactly that way.

/** A path from a root to a field. Keys and indexes render as `[k]` without quotes, like upstream. */
export class FieldPath {
  private constructor(
    private readonly name: string,
    private readonly subscript: string | undefined,
    private readonly parent: FieldPath | undefined,
    private readonly isNil = false,
  ) {}

  /** Upstream's nil *Path: its children become roots ("properties[a]", not ".properties[a]"). */
  static readonly NIL = new FieldPath('', undefined, undefined, true);

  static of(name: string, ...more: string[]): FieldPath {
    let p = new FieldPath(name, undefined, undefined);
    for (const n of more) p = new FieldPath(n, undefined, p);
    return p;
  }

  /** A path that starts with a subscript (upstream's Key on a nil path). */
  static ofKey(key: string): FieldPath {
    return new FieldPath('', key, undefined);
  }

  /** Child of a possibly nil path (upstream's methods work on a nil *Path: the child becomes the root). */
  static childOf(p: FieldPath | undefined, name: string): FieldPath {
    return p ? p.child(name) : FieldPath.of(name);
  }

  static keyOf(p: FieldPath | undefined, key: string): FieldPath {
    return p ? p.key(key) : FieldPath.ofKey(key);
  }

  static indexOf(p: FieldPath | undefined, i: number): FieldPath {
    return p ? p.index(i) : FieldPath.ofKey(String(i));
  }

  child(name: string, ...more: string[]): FieldPath {
    let p = new FieldPath(name, undefined, this);
    for (const n of more) p = new FieldPath(n, undefined, p);
    return p;
  }

  index(i: number): FieldPath {
    return new FieldPath('', String(i), this);
  }

  key(k: string): FieldPath {
    return new FieldPath('', k, this);
  }

  root(): FieldPath {
    let p: FieldPath = this;
    while (p.parent) p = p.parent;
    return p;
  }

  toString(): string {
    const elems: FieldPath[] = [];
    for (let p: FieldPath | undefined = this; p && !p.isNil; p = p.parent) elems.unshift(p);
    let out = '';
    for (const p of elems) {
      if (p.name.length > 0) out += p.parent && !p.parent.isNil ? `.${p.name}` : p.name;
      else out += `[${p.subscript}]`;
    }
    return out;
  }
}

/** field.ErrorType: the machine-readable kind of a field error. */
export type ErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

const TYPE_TEXT: Record<ErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** Marks a bad value that the message leaves out (TooMany with an unknown count). */
export const OMIT_VALUE: unique symbol = Symbol('omit');

export interface FieldError {
  type: ErrorType;
  field: string;
  badValue: unknown;
  detail: string;
}

// Types whose message never shows the value.
const VALUELESS: ReadonlySet<ErrorType> = new Set(['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong', 'InternalError']);

/**
 * The value as the message shows it: strings quoted, scalars plain, string lists in Go syntax
 * (`[]string{"a", "b"}`, as upstream's %#v prints them), other compound values as JSON (upstream
 * prints Go struct syntax there).
 */
export function renderValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return `[]string{${value.map((v) => JSON.stringify(v)).join(', ')}}`;
  return JSON.stringify(value);
}

/** field.Error.ErrorBody: "<Type text>[: <value>][: <detail>]". */
export function errorBody(e: FieldError): string {
  let s = TYPE_TEXT[e.type];
  if (!VALUELESS.has(e.type) && e.badValue !== OMIT_VALUE) s += `: ${renderValue(e.badValue)}`;
  if (e.detail.length > 0) s += `: ${e.detail}`;
  return s;
}

/** field.Error.Error: "<field>: <body>". */
export function errorString(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

export const required = (p: FieldPath, detail = ''): FieldError => ({ type: 'FieldValueRequired', field: p.toString(), badValue: '', detail });
export const invalid = (p: FieldPath, value: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field: p.toString(), badValue: value, detail });
export const typeInvalid = (p: FieldPath, value: unknown, detail: string): FieldError => ({ type: 'FieldValueTypeInvalid', field: p.toString(), badValue: value, detail });
export const forbidden = (p: FieldPath, detail: string): FieldError => ({ type: 'FieldValueForbidden', field: p.toString(), badValue: '', detail });
export const duplicate = (p: FieldPath, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field: p.toString(), badValue: value, detail: '' });

export function notSupported(p: FieldPath, value: unknown, validValues: readonly string[]): FieldError {
  const detail = validValues.length > 0 ? `supported values: ${validValues.map((v) => JSON.stringify(v)).join(', ')}` : '';
  return { type: 'FieldValueNotSupported', field: p.toString(), badValue: value, detail };
}

export function tooMany(p: FieldPath, actual: number, max: number): FieldError {
  return {
    type: 'FieldValueTooMany',
    field: p.toString(),
    badValue: actual >= 0 ? actual : OMIT_VALUE,
    detail: max >= 0 ? `must have at most ${max} items` : 'has too many items',
  };
}

export function tooLongMaxLength(p: FieldPath, value: unknown, max: number): FieldError {
  return { type: 'FieldValueTooLong', field: p.toString(), badValue: value, detail: max >= 0 ? `may not be longer than ${max}` : 'value is too long' };
}

export function tooLong(p: FieldPath, value: unknown, maxBytes: number): FieldError {
  return { type: 'FieldValueTooLong', field: p.toString(), badValue: value, detail: `must have at most ${maxBytes} bytes` };
}
