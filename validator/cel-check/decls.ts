// Function and variable declarations (cel-go common/decls): a function is a name with an ordered list
// of overloads; declarations of the same function from several libraries merge in order.
import type { CelType } from './cel-types';

export interface OverloadDecl {
  readonly id: string;
  readonly argTypes: readonly CelType[];
  readonly resultType: CelType;
  /** receiver-style overload: the first argument type is the receiver */
  readonly member: boolean;
}

export interface FunctionDecl {
  readonly name: string;
  readonly overloads: readonly OverloadDecl[];
}

export function overload(id: string, argTypes: CelType[], resultType: CelType): OverloadDecl {
  return { id, argTypes, resultType, member: false };
}

export function memberOverload(id: string, argTypes: CelType[], resultType: CelType): OverloadDecl {
  return { id, argTypes, resultType, member: true };
}

export function fn(name: string, ...overloads: OverloadDecl[]): FunctionDecl {
  return { name, overloads };
}

/** Names of the type parameters an overload mentions (OverloadDecl.TypeParams), result type first. */
export function typeParamNames(o: OverloadDecl): string[] {
  const names = new Set<string>();
  const collect = (t: CelType): void => {
    if (t.kind === 'type_param') names.add(t.name);
    t.params.forEach(collect);
  };
  collect(o.resultType);
  o.argTypes.forEach(collect);
  return [...names];
}

/** Adds `next` to the function table, merging overloads into an existing function of the same name. */
export function mergeFunction(table: Map<string, FunctionDecl>, next: FunctionDecl): void {
  const existing = table.get(next.name);
  if (!existing) {
    table.set(next.name, next);
    return;
  }
  const ids = new Set(existing.overloads.map((o) => o.id));
  table.set(next.name, { name: next.name, overloads: [...existing.overloads, ...next.overloads.filter((o) => !ids.has(o.id))] });
}
