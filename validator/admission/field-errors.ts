// The API server's validation error model (k8s.io/apimachinery pkg/util/validation/field) and the
// name validators the admission code relies on (pkg/util/validation, pkg/api/validation/path),
// with upstream's wording so messages read as `kubectl apply` prints them.

export type FieldErrorType = 'Required value' | 'Invalid value' | 'Unsupported value' | 'Duplicate value' | 'Forbidden' | 'Too many' | 'Internal error';

export interface FieldError {
  /** "spec.validations[0].expression" */
  readonly field: string;
  readonly type: FieldErrorType;
  /** the offending value; undefined for types that never print one */
  readonly badValue?: unknown;
  readonly detail: string;
}

/** field.Path as a string builder: child names join with '.', indices and keys in brackets. */
export class FieldPath {
  private constructor(private readonly text: string) {}

  static of(...names: string[]): FieldPath {
    return new FieldPath(names.join('.'));
  }

  child(...names: string[]): FieldPath {
    return new FieldPath([this.text, ...names].filter((s) => s !== '').join('.'));
  }

  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }

  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }

  toString(): string {
    return this.text;
  }
}

export const required = (path: FieldPath, detail = ''): FieldError => ({ field: path.toString(), type: 'Required value', detail });
export const invalid = (path: FieldPath, value: unknown, detail: string): FieldError => ({ field: path.toString(), type: 'Invalid value', badValue: value, detail });
export const forbidden = (path: FieldPath, detail: string): FieldError => ({ field: path.toString(), type: 'Forbidden', detail });
export const duplicate = (path: FieldPath, value: unknown): FieldError => ({ field: path.toString(), type: 'Duplicate value', badValue: value, detail: '' });

/** field.NotSupported: the detail lists the supported values quoted, in the order given (sorted sets upstream). */
export function notSupported(path: FieldPath, value: unknown, supported: readonly string[]): FieldError {
  return { field: path.toString(), type: 'Unsupported value', badValue: value, detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` };
}

/** field.TooMany(path, actual, max) */
export function tooMany(path: FieldPath, actual: number, max: number): FieldError {
  return { field: path.toString(), type: 'Too many', badValue: actual, detail: `must have at most ${max} items` };
}

/** Go's %#v of the values validation reports ([]string{"a", "b"}), %q of strings, %v of numbers and booleans. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`;
  return JSON.stringify(v);
}

/** field.Error.Error(): "<field>: <type>[: <value>][: <detail>]" */
export function formatFieldError(e: FieldError): string {
  let body: string = e.type;
  if (e.type === 'Too many' && typeof e.badValue === 'number') body = `${e.type}: ${e.badValue}`;
  else if (e.type !== 'Required value' && e.type !== 'Forbidden' && e.type !== 'Internal error' && e.type !== 'Too many') body = `${e.type}: ${goValue(e.badValue)}`;
  if (e.detail) body += `: ${e.detail}`;
  return `${e.field}: ${body}`;
}

/** ErrorList.ToAggregate().Error(): one message, or "[m1, m2, ...]" without repeats. */
export function aggregate(errors: readonly FieldError[]): string | undefined {
  const messages = [...new Set(errors.map(formatFieldError))];
  if (messages.length === 0) return undefined;
  return messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
}

// ---------------------------------------------------------------- k8s.io/apimachinery pkg/util/validation

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_ERR = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1123_SUBDOMAIN_ERR = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL = new RegExp(`^${DNS1035_LABEL_FMT}$`);
const DNS1035_LABEL_ERR = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

export const maxLenError = (n: number): string => `must be no more than ${n} characters`;
export const emptyError = (): string => 'must be non-empty';

export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

/** Go's len(): bytes of the UTF-8 encoding. */
const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!DNS1035_LABEL.test(value)) errs.push(regexError(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errs;
}

export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [`a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (byteLength(name) > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME.test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE.test(value)) errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** apimachinery pkg/api/validation/path ValidatePathSegmentName (prefix=false) */
export function validatePathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const illegal of ['/', '%']) if (name.includes(illegal)) errs.push(`may not contain '${illegal}'`);
  return errs;
}

/** ValidateObjectMeta's name check for kinds whose names are DNS subdomains. */
export function validateObjectName(name: string | undefined, path: FieldPath): FieldError[] {
  if (!name) return [required(path.child('name'), 'name or generateName is required')];
  return isDNS1123Subdomain(name).map((m) => invalid(path.child('name'), name, m));
}

/** apivalidation.ValidateQualifiedName */
export function validateQualifiedName(value: string, path: FieldPath): FieldError[] {
  return isQualifiedName(value).map((m) => invalid(path, value, m));
}
