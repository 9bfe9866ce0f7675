// The CEL type model of cel-go common/types (Type, Kind) as far as the checker and cost estimator
// need it, with cel-go's type names and its FormatCELType rendering used in error messages.

export type TypeKind =
  | 'unspecified'
  | 'dyn'
  | 'any'
  | 'bool'
  | 'bytes'
  | 'double'
  | 'duration'
  | 'error'
  | 'int'
  | 'list'
  | 'map'
  | 'null_type'
  | 'opaque'
  | 'string'
  | 'struct'
  | 'timestamp'
  | 'type'
  | 'type_param'
  | 'uint';

export interface CelType {
  readonly kind: TypeKind;
  /** cel-go's runtime type name: "int", "list", "google.protobuf.Timestamp", "net.IP", "selfType0.spec", "_var3" */
  readonly name: string;
  readonly params: readonly CelType[];
}

const simple = (kind: TypeKind, name: string): CelType => Object.freeze({ kind, name, params: [] });

export const DynType = simple('dyn', 'dyn');
export const BoolType = simple('bool', 'bool');
export const BytesType = simple('bytes', 'bytes');
export const DoubleType = simple('double', 'double');
export const DurationType = simple('duration', 'google.protobuf.Duration');
export const ErrorType = simple('error', 'error');
export const IntType = simple('int', 'int');
export const NullType = simple('null_type', 'null_type');
export const StringType = simple('string', 'string');
export const TimestampType = simple('timestamp', 'google.protobuf.Timestamp');
export const TypeType = simple('type', 'type');
export const UintType = simple('uint', 'uint');

export function listType(elem: CelType): CelType {
  return { kind: 'list', name: 'list', params: [elem] };
}

export function mapType(key: CelType, value: CelType): CelType {
  return { kind: 'map', name: 'map', params: [key, value] };
}

export function opaqueType(name: string, ...params: CelType[]): CelType {
  return { kind: 'opaque', name, params };
}

export function optionalType(param: CelType): CelType {
  return opaqueType('optional_type', param);
}

export function objectType(name: string): CelType {
  return { kind: 'struct', name, params: [] };
}

export function typeParamType(name: string): CelType {
  return { kind: 'type_param', name, params: [] };
}

/** The type of a type denotation: `int` is an identifier of type type(int). */
export function typeOfType(param: CelType): CelType {
  return { kind: 'type', name: 'type', params: [param] };
}

export function isOptionalType(t: CelType): boolean {
  return t.kind === 'opaque' && t.name === 'optional_type';
}

/** cel-go Type.isDyn: dyn, any and type parameters accept any value. */
function isDynLike(t: CelType): boolean {
  return t.kind === 'dyn' || t.kind === 'any' || t.kind === 'type_param';
}

function isTypeInternal(a: CelType, b: CelType, checkTypeParamName: boolean): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.params.length !== b.params.length) return false;
  if ((checkTypeParamName || a.kind !== 'type_param') && a.name !== b.name) return false;
  return a.params.every((p, i) => isTypeInternal(p, b.params[i], checkTypeParamName));
}

/** Type.IsExactType */
export function isExactType(a: CelType, b: CelType): boolean {
  return isTypeInternal(a, b, true);
}

/** Type.IsEquivalentType: like exact, but type parameter names may differ. */
export function isEquivalentType(a: CelType, b: CelType): boolean {
  return isTypeInternal(a, b, false);
}

/** Type.IsAssignableType (default implementation): may a value of `from` be used where `to` is declared? */
export function isAssignableType(to: CelType, from: CelType): boolean {
  if (to === from || isDynLike(to)) return true;
  if (to.kind !== from.kind || to.name !== from.name || to.params.length !== from.params.length) return false;
  return to.params.every((p, i) => isAssignableType(p, from.params[i]));
}

/** checker.FormatCELType: the rendering used in cel-go error messages. */
export function formatType(t: CelType | undefined): string {
  if (!t) return '';
  switch (t.kind) {
    case 'any':
      return 'any';
    case 'duration':
      return 'duration';
    case 'error':
      return '!error!';
    case 'null_type':
      return 'null';
    case 'timestamp':
      return 'timestamp';
    case 'type_param':
      return t.name;
    case 'unspecified':
      return '';
    default:
      break;
  }
  if (t.params.length === 0) return t.name;
  return `${t.name}(${t.params.map(formatType).join(', ')})`;
}

/** formatFunctionDeclType without a result type: "(string, int)" or "string.(int)" for receiver calls. */
export function formatCallSignature(argTypes: readonly CelType[], isInstance: boolean): string {
  let out = '';
  let args = argTypes;
  if (isInstance) {
    out += `${formatType(args[0])}.`;
    args = args.slice(1);
  }
  return `${out}(${args.map(formatType).join(', ')})`;
}
