// Type assignability and type-parameter substitution of the cel-go checker (checker/types.go,
// checker/mapping.go). Substitutions are keyed by the formatted type, as cel-go does.
import {
  type CelType,
  DynType,
  formatType,
  isAssignableType,
  isExactType,
  listType,
  mapType,
  NullType,
  opaqueType,
  typeOfType,
} from './cel-types';

export class TypeMapping {
  private readonly subs: Map<string, CelType>;

  constructor(from?: Map<string, CelType>) {
    this.subs = new Map(from);
  }

  add(from: CelType, to: CelType): void {
    this.subs.set(formatType(from), to);
  }

  /** Only type parameters are ever keys (cel-go adds substitutions for them alone), so skip formatting others. */
  find(from: CelType): CelType | undefined {
    if (from.kind !== 'type_param' || this.subs.size === 0) return undefined;
    return this.subs.get(from.name);
  }

  copy(): TypeMapping {
    return new TypeMapping(this.subs);
  }
}

export function isDyn(t: CelType): boolean {
  return t.kind === 'dyn' || t.kind === 'any';
}

export function isError(t: CelType): boolean {
  return t.kind === 'error';
}

export function isDynOrError(t: CelType): boolean {
  return isDyn(t) || isError(t);
}

/** isEqualOrLessSpecific: t1 is t2 or matches it through dyn / a type parameter. */
function isEqualOrLessSpecific(t1: CelType, t2: CelType): boolean {
  if (isDyn(t1) || t1.kind === 'type_param') return true;
  if (isDyn(t2) || t2.kind === 'type_param') return false;
  if (t1.kind !== t2.kind) return false;
  switch (t1.kind) {
    case 'opaque':
      if (t1.name !== t2.name || t1.params.length !== t2.params.length) return false;
      return t1.params.every((p, i) => isEqualOrLessSpecific(p, t2.params[i]));
    case 'list':
      return isEqualOrLessSpecific(t1.params[0], t2.params[0]);
    case 'map':
      return isEqualOrLessSpecific(t1.params[0], t2.params[0]) && isEqualOrLessSpecific(t1.params[1], t2.params[1]);
    case 'type':
      return true;
    default:
      return isExactType(t1, t2);
  }
}

export function mostGeneral(t1: CelType, t2: CelType): CelType {
  return isEqualOrLessSpecific(t1, t2) ? t1 : t2;
}

/** notReferencedIn: the "occurs check" of unification. */
function notReferencedIn(m: TypeMapping, t: CelType, within: CelType): boolean {
  if (isExactType(t, within)) return false;
  switch (within.kind) {
    case 'type_param': {
      const sub = m.find(within);
      return sub ? notReferencedIn(m, t, sub) : true;
    }
    case 'opaque':
    case 'list':
    case 'map':
    case 'type':
      return within.params.every((p) => notReferencedIn(m, t, p));
    default:
      return true;
  }
}

function isValidTypeSubstitution(m: TypeMapping, t1: CelType, t2: CelType): { valid: boolean; hasSub: boolean } {
  if (t1.kind === t2.kind && isExactType(t1, t2)) return { valid: true, hasSub: true };
  const t2Sub = m.find(t2);
  if (t2Sub) {
    if (t1.kind === t2Sub.kind && isExactType(t1, t2Sub)) return { valid: true, hasSub: true };
    if (internalIsAssignable(m, t1, t2Sub)) {
      const t2New = mostGeneral(t1, t2Sub);
      if (notReferencedIn(m, t2, t2New)) m.add(t2, t2New);
      return { valid: true, hasSub: true };
    }
    return { valid: false, hasSub: true };
  }
  if (notReferencedIn(m, t2, t1)) {
    m.add(t2, t1);
    return { valid: true, hasSub: false };
  }
  return { valid: false, hasSub: false };
}

function isLegacyNullable(t: CelType): boolean {
  return t.kind === 'opaque' || t.kind === 'struct' || t.kind === 'any' || t.kind === 'duration' || t.kind === 'timestamp';
}

function internalIsAssignableNull(t: CelType): boolean {
  return isLegacyNullable(t) || isAssignableType(t, NullType);
}

function internalIsAssignableList(m: TypeMapping, l1: readonly CelType[], l2: readonly CelType[]): boolean {
  if (l1.length !== l2.length) return false;
  return l1.every((t, i) => internalIsAssignable(m, t, l2[i]));
}

/** internalIsAssignable: may t1 be used where t2 is expected, binding type parameters in m? */
function internalIsAssignable(m: TypeMapping, t1: CelType, t2: CelType): boolean {
  if (t2.kind === 'type_param') {
    const { valid, hasSub } = isValidTypeSubstitution(m, t1, t2);
    if (valid) return true;
    if (hasSub) return false;
  }
  if (t1.kind === 'type_param') return isValidTypeSubstitution(m, t2, t1).valid;
  if (isDynOrError(t1) || isDynOrError(t2)) return true;
  if (t1.kind === 'null_type') return internalIsAssignableNull(t2);
  if (t2.kind === 'null_type') return internalIsAssignableNull(t1);
  switch (t1.kind) {
    case 'bool':
    case 'bytes':
    case 'double':
    case 'int':
    case 'string':
    case 'uint':
    case 'any':
    case 'duration':
    case 'timestamp':
    case 'struct':
      return isAssignableType(t2, t1);
    case 'type':
      return t2.kind === 'type';
    case 'opaque':
    case 'list':
    case 'map':
      return t1.kind === t2.kind && t1.name === t2.name && internalIsAssignableList(m, t1.params, t2.params);
    default:
      return false;
  }
}

/** Returns the updated mapping when t1 is assignable to t2, undefined otherwise (m is left unchanged). */
export function isAssignable(m: TypeMapping, t1: CelType, t2: CelType): TypeMapping | undefined {
  const c = m.copy();
  return internalIsAssignable(c, t1, t2) ? c : undefined;
}

export function isAssignableList(m: TypeMapping, l1: readonly CelType[], l2: readonly CelType[]): TypeMapping | undefined {
  const c = m.copy();
  return internalIsAssignableList(c, l1, l2) ? c : undefined;
}

/** Replaces bound type parameters; unbound ones become dyn when typeParamToDyn is set. */
export function substitute(m: TypeMapping, t: CelType, typeParamToDyn: boolean): CelType {
  const sub = m.find(t);
  if (sub) return substitute(m, sub, typeParamToDyn);
  if (typeParamToDyn && t.kind === 'type_param') return DynType;
  switch (t.kind) {
    case 'opaque':
      return opaqueType(t.name, ...t.params.map((p) => substitute(m, p, typeParamToDyn)));
    case 'list':
      return listType(substitute(m, t.params[0], typeParamToDyn));
    case 'map':
      return mapType(substitute(m, t.params[0], typeParamToDyn), substitute(m, t.params[1], typeParamToDyn));
    case 'type':
      return t.params.length > 0 ? typeOfType(substitute(m, t.params[0], typeParamToDyn)) : t;
    default:
      return t;
  }
}
