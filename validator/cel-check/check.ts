// Port of the cel-go type checker (checker/checker.go, checker/env.go): resolves identifiers and
// overloads, infers the type of every expression, and reports errors worded as cel-go words them.
import { type CallExpr, type ComprehensionExpr, type Expr, qualifiedName, rewrite, type SelectExpr } from './ast';
import {
  BoolType,
  BytesType,
  type CelType,
  DoubleType,
  DynType,
  ErrorType,
  formatCallSignature,
  formatType,
  IntType,
  isExactType,
  isOptionalType,
  listType,
  mapType,
  NullType,
  optionalType,
  StringType,
  typeParamType,
  UintType,
} from './cel-types';
import { type FunctionDecl, typeParamNames } from './decls';
import type { CelEnvironment } from './environment';
import type { ParsedExpression } from './parser';
import type { Issue } from './source';
import { CROSS_TYPE_NUMERIC_COMPARISON_OVERLOADS } from './stdlib';
import { isAssignable, isAssignableList, isDyn, isDynOrError, mostGeneral, substitute, TypeMapping } from './unify';

/** Object types known to the checker (cel-go types.Provider), e.g. the DeclTypes of a CRD schema. */
export interface TypeProvider {
  /** The type of an identifier that names a registered object type, undefined if none is registered. */
  findStructTypeIdent(name: string): CelType | undefined;
  /** Type of a field of a registered object type, undefined if the field does not exist. */
  findStructFieldType(typeName: string, field: string): CelType | undefined;
}

export interface Reference {
  /** resolved variable name, for identifiers */
  readonly name?: string;
  /** candidate overloads, for calls */
  readonly overloadIds?: readonly string[];
}

export interface CheckedExpression {
  readonly parsed: ParsedExpression;
  readonly expr: Expr;
  readonly types: ReadonlyMap<number, CelType>;
  readonly references: ReadonlyMap<number, Reference>;
  readonly issues: readonly Issue[];
}

export interface CheckInput {
  readonly env: CelEnvironment;
  /** variables declared for this expression (self, oldSelf) */
  readonly variables: ReadonlyMap<string, CelType>;
  readonly provider?: TypeProvider;
}

const NO_PROVIDER: TypeProvider = { findStructTypeIdent: () => undefined, findStructFieldType: () => undefined };

export function checkExpression(parsed: ParsedExpression, input: CheckInput): CheckedExpression {
  if (!parsed.expr) throw new Error('checkExpression: the expression did not parse');
  const c = new Checker(parsed, input);
  c.check(parsed.expr);
  const types = new Map<number, CelType>();
  for (const [id, t] of c.types) types.set(id, substitute(c.mappings, t, true));
  return { parsed, expr: parsed.expr, types, references: c.references, issues: c.issues };
}

class Checker {
  readonly types = new Map<number, CelType>();
  readonly references = new Map<number, Reference>();
  readonly issues: Issue[] = [];
  mappings = new TypeMapping();
  private freeTypeVarCounter = 0;
  /** innermost scope last; index 0 holds the declared variables */
  private readonly scopes: Map<string, CelType>[];
  private readonly provider: TypeProvider;

  constructor(
    private readonly parsed: ParsedExpression,
    private readonly input: CheckInput,
  ) {
    this.scopes = [new Map([...input.env.variables, ...input.variables])];
    this.provider = input.provider ?? NO_PROVIDER;
  }

  private error(e: Expr | number, message: string): void {
    const id = typeof e === 'number' ? e : e.id;
    this.issues.push({ offset: this.parsed.offsets.get(id) ?? -1, message });
  }

  check(e: Expr): void {
    switch (e.kind) {
      case 'literal':
        this.setType(e, literalType(e.value.type));
        return;
      case 'ident':
        this.checkIdent(e);
        return;
      case 'select':
        this.checkSelect(e);
        return;
      case 'call':
        this.checkCall(e);
        return;
      case 'list':
        this.checkCreateList(e);
        return;
      case 'map':
        this.checkCreateMap(e);
        return;
      case 'struct':
        this.checkCreateStruct(e);
        return;
      case 'comprehension':
        this.checkComprehension(e);
        return;
    }
  }

  // ---- identifiers and selection ----

  private lookupIdent(name: string): { name: string; type: CelType } | undefined {
    const candidate = name.startsWith('.') ? name.slice(1) : name;
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const t = this.scopes[i].get(candidate);
      if (t) return { name: candidate, type: t };
    }
    // A registered object type name becomes a (global) variable naming that type.
    const structType = this.provider.findStructTypeIdent(candidate);
    if (structType) {
      this.scopes[0].set(candidate, structType);
      return { name: candidate, type: structType };
    }
    return undefined;
  }

  private checkIdent(e: Expr & { kind: 'ident' }): void {
    const ident = this.lookupIdent(e.name);
    if (ident) {
      this.setType(e, ident.type);
      this.setReference(e, { name: ident.name });
      e.name = ident.name;
      return;
    }
    this.setType(e, ErrorType);
    this.error(e, `undeclared reference to '${e.name}' (in container '')`);
  }

  private checkSelect(e: SelectExpr): void {
    const qname = qualifiedName(e);
    if (qname !== undefined) {
      const ident = this.lookupIdent(qname);
      if (ident) {
        this.setType(e, ident.type);
        this.setReference(e, { name: ident.name });
        rewrite(e, { kind: 'ident', id: e.id, name: ident.name });
        return;
      }
    }
    let resultType = this.checkSelectField(e, e.operand, e.field, false);
    if (e.testOnly) resultType = BoolType;
    this.setType(e, substitute(this.mappings, resultType, false));
  }

  private checkOptSelect(e: CallExpr): void {
    const [operand, field] = e.args;
    if (field.kind !== 'literal' || field.value.type !== 'string') {
      this.error(field, `unsupported optional field selection: ${field.kind}`);
      return;
    }
    const resultType = this.checkSelectField(e, operand, field.value.value, true);
    this.setType(e, substitute(this.mappings, resultType, false));
    this.setReference(e, { overloadIds: ['select_optional_field'] });
  }

  private checkSelectField(e: Expr, operand: Expr, field: string, optional: boolean): CelType {
    this.check(operand);
    const operandType = substitute(this.mappings, this.getType(operand), false);
    const isOpt = isOptionalType(operandType);
    const target = isOpt ? operandType.params[0] : operandType;
    let resultType: CelType = ErrorType;
    switch (target.kind) {
      case 'map':
        resultType = target.params[1];
        break;
      case 'struct': {
        const ft = this.lookupFieldType(e.id, target.name, field);
        if (ft) resultType = ft;
        break;
      }
      case 'type_param':
        this.isAssignable(DynType, target);
        resultType = DynType;
        break;
      default:
        if (!isDynOrError(target)) this.error(e, `type '${formatType(target)}' does not support field selection`);
        resultType = DynType;
    }
    return isOpt || optional ? optionalType(resultType) : resultType;
  }

  private lookupFieldType(id: number, structType: string, field: string): CelType | undefined {
    if (!this.provider.findStructTypeIdent(structType)) {
      this.error(id, `unexpected failed resolution of '${structType}'`);
      return undefined;
    }
    const ft = this.provider.findStructFieldType(structType, field);
    if (ft) return ft;
    this.error(id, `undefined field '${field}'`);
    return undefined;
  }

  // ---- calls ----

  private lookupFunction(name: string): FunctionDecl | undefined {
    return this.input.env.functions.get(name.startsWith('.') ? name.slice(1) : name);
  }

  private checkCall(e: CallExpr): void {
    if (e.fn === '_?._') {
      this.checkOptSelect(e);
      return;
    }
    for (const a of e.args) this.check(a);
    if (!e.target) {
      const f = this.lookupFunction(e.fn);
      if (!f) {
        this.error(e, `undeclared reference to '${e.fn}' (in container '')`);
        this.setType(e, ErrorType);
        return;
      }
      e.fn = f.name;
      this.resolveOverloadOrError(e, f, undefined, e.args);
      return;
    }
    // a.b.c(): either the namespaced function a.b.c or function c with receiver a.b.
    const prefix = qualifiedName(e.target);
    if (prefix !== undefined) {
      const f = this.lookupFunction(`${prefix}.${e.fn}`);
      if (f) {
        rewrite(e, { kind: 'call', id: e.id, fn: f.name, args: e.args });
        this.resolveOverloadOrError(e, f, undefined, e.args);
        return;
      }
    }
    this.check(e.target);
    const f = this.lookupFunction(e.fn);
    if (f) {
      this.resolveOverloadOrError(e, f, e.target, e.args);
      return;
    }
    this.setType(e, ErrorType);
    this.error(e, `undeclared reference to '${e.fn}' (in container '')`);
  }

  private resolveOverloadOrError(e: CallExpr, f: FunctionDecl, target: Expr | undefined, args: Expr[]): void {
    const r = this.resolveOverload(e, f, target, args);
    if (!r) {
      this.setType(e, ErrorType);
      return;
    }
    this.setType(e, r.type);
    this.setReference(e, { overloadIds: r.overloadIds });
  }

  private resolveOverload(call: CallExpr, f: FunctionDecl, target: Expr | undefined, args: Expr[]): { type: CelType; overloadIds: string[] } | undefined {
    const argTypes: CelType[] = [];
    if (target) argTypes.push(this.getType(target));
    for (const a of args) argTypes.push(this.getType(a));
    let resultType: CelType | undefined;
    const overloadIds: string[] = [];
    for (const o of f.overloads) {
      if (this.isOverloadDisabled(o.id)) continue;
      if ((target === undefined && o.member) || (target !== undefined && !o.member)) continue;
      if (f.name === '_&&_' || f.name === '_||_') {
        let failed = false;
        argTypes.forEach((t, i) => {
          if (!this.isAssignable(t, BoolType)) {
            this.error(args[i], `expected type '${formatType(BoolType)}' but found '${formatType(t)}'`);
            failed = true;
          }
        });
        return failed ? undefined : { type: BoolType, overloadIds: [o.id] };
      }
      let params = o.argTypes;
      let result = o.resultType;
      const typeParams = typeParamNames(o);
      if (typeParams.length > 0) {
        const subs = new TypeMapping();
        for (const p of typeParams) subs.add(typeParamType(p), this.newTypeVar());
        params = params.map((t) => substitute(subs, t, false));
        result = substitute(subs, result, false);
      }
      const m = isAssignableList(this.mappings, argTypes, params);
      if (m) {
        this.mappings = m;
        overloadIds.push(o.id);
        const fnResult = substitute(this.mappings, result, false);
        if (resultType === undefined) resultType = fnResult;
        else if (!isDyn(resultType) && !isExactType(fnResult, resultType)) resultType = DynType;
      }
    }
    if (resultType === undefined) {
      const shown = argTypes.map((t) => substitute(this.mappings, t, true));
      this.error(call, `found no matching overload for '${f.name}' applied to '${formatCallSignature(shown, target !== undefined)}'`);
      return undefined;
    }
    return { type: resultType, overloadIds };
  }

  /** Cross-type numeric comparisons are filtered only in the root scope (cel-go's enterScope drops the filter). */
  private isOverloadDisabled(id: string): boolean {
    return !this.input.env.crossTypeNumericComparisons && this.scopes.length === 1 && CROSS_TYPE_NUMERIC_COMPARISON_OVERLOADS.has(id);
  }

  // ---- aggregate literals ----

  private checkCreateList(e: Expr & { kind: 'list' }): void {
    let elemsType: CelType | undefined;
    const optionals = new Set(e.optionalIndices);
    e.elements.forEach((el, i) => {
      this.check(el);
      let elemType = this.getType(el);
      if (optionals.has(i)) {
        if (isOptionalType(elemType)) elemType = elemType.params[0];
        else if (!isDyn(elemType)) this.error(el, `expected type '${formatType(optionalType(elemType))}' but found '${formatType(elemType)}'`);
      }
      elemsType = this.joinTypes(el, elemsType, elemType);
    });
    this.setType(e, listType(elemsType ?? this.newTypeVar()));
  }

  private checkCreateMap(e: Expr & { kind: 'map' }): void {
    let keyType: CelType | undefined;
    let valueType: CelType | undefined;
    for (const entry of e.entries) {
      this.check(entry.key);
      keyType = this.joinTypes(entry.key, keyType, this.getType(entry.key));
      this.check(entry.value);
      let vt = this.getType(entry.value);
      if (entry.optional) {
        if (isOptionalType(vt)) vt = vt.params[0];
        else if (!isDyn(vt)) this.error(entry.value, `expected type '${formatType(optionalType(vt))}' but found '${formatType(vt)}'`);
      }
      valueType = this.joinTypes(entry.value, valueType, vt);
    }
    if (keyType === undefined) {
      keyType = this.newTypeVar();
      valueType = this.newTypeVar();
    }
    this.setType(e, mapType(keyType, valueType ?? this.newTypeVar()));
  }

  private checkCreateStruct(e: Expr & { kind: 'struct' }): void {
    const ident = this.lookupIdent(e.typeName);
    if (!ident) {
      this.error(e, `undeclared reference to '${e.typeName}' (in container '')`);
      this.setType(e, ErrorType);
      return;
    }
    e.typeName = ident.name;
    this.setReference(e, { name: ident.name });
    let resultType: CelType = ErrorType;
    let typeName = ident.name;
    if (ident.type.kind !== 'error') {
      if (ident.type.kind !== 'type') {
        this.error(e, `'${formatType(ident.type)}' is not a type`);
      } else {
        resultType = ident.type.params[0];
        if (resultType.kind === 'struct') typeName = resultType.name;
        else {
          this.error(e, `'${formatType(resultType)}' is not a message type`);
          resultType = ErrorType;
        }
      }
    }
    this.setType(e, resultType);
    for (const f of e.fields) {
      this.check(f.value);
      const fieldType = this.lookupFieldType(f.id, typeName, f.name) ?? ErrorType;
      let vt = this.getType(f.value);
      if (f.optional) {
        if (isOptionalType(vt)) vt = vt.params[0];
        else if (!isDyn(vt)) this.error(f.value, `expected type '${formatType(optionalType(vt))}' but found '${formatType(vt)}'`);
      }
      if (!this.isAssignable(fieldType, vt)) {
        this.error(f.id, `expected type of field '${f.name}' is '${formatType(fieldType)}' but provided type is '${formatType(vt)}'`);
      }
    }
  }

  private checkComprehension(e: ComprehensionExpr): void {
    this.check(e.iterRange);
    this.check(e.accuInit);
    const rangeType = substitute(this.mappings, this.getType(e.iterRange), false);
    const accuType = this.getType(e.accuInit);
    this.scopes.push(new Map([[e.accuVar, accuType]]));
    let varType: CelType;
    let var2Type: CelType | undefined;
    switch (rangeType.kind) {
      case 'list':
        varType = rangeType.params[0];
        if (e.iterVar2 !== undefined) {
          var2Type = varType;
          varType = IntType;
        }
        break;
      case 'map':
        varType = rangeType.params[0];
        if (e.iterVar2 !== undefined) var2Type = rangeType.params[1];
        break;
      case 'dyn':
      case 'error':
      case 'type_param':
        this.isAssignable(DynType, rangeType);
        varType = DynType;
        var2Type = DynType;
        break;
      default:
        this.error(e.iterRange, `expression of type '${formatType(rangeType)}' cannot be range of a comprehension (must be list, map, or dynamic)`);
        varType = ErrorType;
        var2Type = ErrorType;
    }
    const loopScope = new Map([[e.iterVar, varType]]);
    if (e.iterVar2 !== undefined) loopScope.set(e.iterVar2, var2Type ?? ErrorType);
    this.scopes.push(loopScope);
    this.check(e.loopCondition);
    this.assertType(e.loopCondition, BoolType);
    this.check(e.loopStep);
    this.assertType(e.loopStep, accuType);
    this.scopes.pop();
    this.check(e.result);
    this.scopes.pop();
    this.setType(e, substitute(this.mappings, this.getType(e.result), false));
  }

  // ---- helpers ----

  private joinTypes(e: Expr, previous: CelType | undefined, current: CelType): CelType {
    if (previous === undefined) return current;
    if (this.isAssignable(previous, current)) return mostGeneral(previous, current);
    if (!this.input.env.homogeneousAggregateLiterals) return DynType;
    this.error(e, `expected type '${formatType(previous)}' but found '${formatType(current)}'`);
    return ErrorType;
  }

  private newTypeVar(): CelType {
    return typeParamType(`_var${this.freeTypeVarCounter++}`);
  }

  private isAssignable(t1: CelType, t2: CelType): boolean {
    const m = isAssignable(this.mappings, t1, t2);
    if (!m) return false;
    this.mappings = m;
    return true;
  }

  private assertType(e: Expr, t: CelType): void {
    if (!this.isAssignable(t, this.getType(e))) this.error(e, `expected type '${formatType(t)}' but found '${formatType(this.getType(e))}'`);
  }

  private setType(e: Expr, t: CelType): void {
    const old = this.types.get(e.id);
    if (old && !isExactType(old, t)) {
      this.error(e, `incompatible type already exists for expression: ${e.kind}(${e.id}) old:${formatType(old)}, new:${formatType(t)}`);
      return;
    }
    this.types.set(e.id, t);
  }

  private getType(e: Expr): CelType {
    return this.types.get(e.id) ?? ErrorType;
  }

  private setReference(e: Expr, r: Reference): void {
    this.references.set(e.id, r);
  }
}

function literalType(t: string): CelType {
  switch (t) {
    case 'bool':
      return BoolType;
    case 'bytes':
      return BytesType;
    case 'double':
      return DoubleType;
    case 'int':
      return IntType;
    case 'null':
      return NullType;
    case 'string':
      return StringType;
    case 'uint':
      return UintType;
    default:
      return ErrorType;
  }
}

