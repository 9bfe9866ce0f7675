// Port of cel-go checker/cost.go as of cel-go v0.23 to v0.26 (Kubernetes 1.33 to 1.36). Compared with
// the earlier estimator (cost.ts) it tracks sizes through local and iteration variables and the entry
// sizes of list/map literals and comprehension results, handles two-variable comprehensions and
// bind-style comprehensions, and looks sizes up in the order: computed, literal, estimator, type.
import { type CallExpr, type ComprehensionExpr, type Expr } from './ast';
import type { CelType } from './cel-types';
import type { CheckedExpression } from './check';
import {
  CONST_COST,
  type AstNode,
  type CallEstimate,
  type CostEstimator,
  type CostOptions,
  LIST_CREATE_BASE_COST,
  MAP_CREATE_BASE_COST,
  REGEX_STRING_LENGTH_COST_FACTOR,
  SELECT_AND_IDENT_COST,
  STRING_TRAVERSAL_COST_FACTOR,
  STRUCT_CREATE_BASE_COST,
} from './cost';
import { add, type CostEstimate, fixed, MAX_UINT64, multiply, multiplyByFactor, type SizeEstimate, sum, union, UNKNOWN_SIZE, ZERO } from './cost-math';

/** parser.AccumulatorName and parser.HiddenAccumulatorName: paths from accumulators are not offered. */
const ACCUMULATORS = new Set(['__result__', '@result']);

/** entrySizeEstimate: the container kind and the sizes of keys (or indices) and values of its entries. */
interface EntrySize {
  readonly container: 'list' | 'map';
  readonly key: SizeEstimate;
  readonly val: SizeEstimate;
}

function unionEntries(a: EntrySize | undefined, b: EntrySize | undefined): EntrySize | undefined {
  if (!a || !b) return undefined;
  return { container: a.container, key: union(a.key, b.key), val: union(a.val, b.val) };
}

interface LocalVar {
  readonly path: readonly string[] | undefined;
  readonly size: SizeEstimate | undefined;
  readonly entrySize: EntrySize | undefined;
}

function literalSize(e: Expr): SizeEstimate | undefined {
  switch (e.kind) {
    case 'literal':
      switch (e.value.type) {
        case 'string':
          return fixed(Array.from(e.value.value).length);
        case 'bytes':
          return fixed(e.value.value.length);
        default:
          return fixed(1);
      }
    case 'list':
      return fixed(e.elements.length);
    case 'map':
      return fixed(e.entries.length);
    default:
      return undefined;
  }
}

function isScalar(t: CelType | undefined): boolean {
  if (!t) return false;
  switch (t.kind) {
    case 'bool':
    case 'double':
    case 'duration':
    case 'int':
    case 'timestamp':
    case 'uint':
      return true;
    case 'opaque':
      return t.name === 'optional_type' && isScalar(t.params[0]);
    default:
      return false;
  }
}

/** checker.Cost (cel-go v0.23+) */
export function estimateCostModern(checked: CheckedExpression, estimator: CostEstimator, options: CostOptions = {}): CostEstimate {
  return new ModernCoster(checked, estimator, options).cost(checked.expr);
}

class ModernCoster {
  private readonly exprPaths = new Map<number, readonly string[]>();
  private readonly localVars = new Map<string, LocalVar[]>();
  private readonly computedSizes = new Map<number, SizeEstimate>();
  private readonly computedEntrySizes = new Map<number, EntrySize>();
  private readonly presenceTestCost: CostEstimate;

  constructor(
    private readonly checked: CheckedExpression,
    private readonly estimator: CostEstimator,
    private readonly options: CostOptions,
  ) {
    this.presenceTestCost = options.presenceTestHasCost === false ? ZERO : fixed(1);
  }

  // ---- variables ----

  private peekLocal(name: string): LocalVar | undefined {
    const s = this.localVars.get(name);
    return s && s.length > 0 ? s[s.length - 1] : undefined;
  }

  private pushLocal(name: string, v: LocalVar): void {
    const s = this.localVars.get(name) ?? [];
    s.push(v);
    this.localVars.set(name, s);
  }

  private popLocal(name: string): void {
    this.localVars.get(name)?.pop();
  }

  private containerOf(rangeExpr: Expr, entry: EntrySize | undefined): string | undefined {
    return entry?.container ?? this.type(rangeExpr)?.kind;
  }

  private pushIterKey(name: string, rangeExpr: Expr): void {
    const entry = this.computeEntrySize(rangeExpr);
    const sub = this.containerOf(rangeExpr, entry) === 'list' ? '@indices' : '@keys';
    this.pushLocal(name, { path: [...(this.getPath(rangeExpr) ?? []), sub], size: entry?.key, entrySize: undefined });
  }

  private pushIterValue(name: string, rangeExpr: Expr): void {
    const entry = this.computeEntrySize(rangeExpr);
    const sub = this.containerOf(rangeExpr, entry) === 'list' ? '@items' : '@values';
    this.pushLocal(name, { path: [...(this.getPath(rangeExpr) ?? []), sub], size: entry?.val, entrySize: undefined });
  }

  private pushIterSingle(name: string, rangeExpr: Expr): void {
    const entry = this.computeEntrySize(rangeExpr);
    const isList = this.containerOf(rangeExpr, entry) === 'list';
    this.pushLocal(name, { path: [...(this.getPath(rangeExpr) ?? []), isList ? '@items' : '@keys'], size: isList ? entry?.val : entry?.key, entrySize: undefined });
  }

  private pushLocalVar(name: string, e: Expr): void {
    this.pushLocal(name, { path: this.getPath(e), size: this.computeSize(e), entrySize: this.computeEntrySize(e) });
  }

  // ---- sizes ----

  private type(e: Expr): CelType | undefined {
    return this.checked.types.get(e.id);
  }

  private getPath(e: Expr): readonly string[] | undefined {
    if (e.kind === 'ident') {
      const v = this.peekLocal(e.name);
      if (v) return v.path;
    }
    return this.exprPaths.get(e.id);
  }

  private setSize(e: Expr, size: SizeEstimate | undefined): void {
    if (size) this.computedSizes.set(e.id, size);
  }

  private setEntrySize(e: Expr, size: EntrySize | undefined): void {
    if (size) this.computedEntrySizes.set(e.id, size);
  }

  private copySizeEstimates(dst: Expr, src: Expr): void {
    this.setSize(dst, this.computeSize(src));
    this.setEntrySize(dst, this.computeEntrySize(src));
  }

  /** computeSize: computed, literal, estimator (by path), scalar type, then the local variable's size. */
  private computeSize(e: Expr): SizeEstimate | undefined {
    const computed = this.computedSizes.get(e.id);
    if (computed) return computed;
    const lit = literalSize(e);
    if (lit) return lit;
    const node: AstNode = { path: this.getPath(e), type: this.type(e), expr: e, computedSize: () => undefined };
    const est = this.estimator.estimateSize(node);
    if (est) {
      this.computedSizes.set(e.id, est);
      return est;
    }
    if (isScalar(this.type(e))) return fixed(1);
    if (e.kind === 'ident') {
      const v = this.peekLocal(e.name);
      if (v?.size) return v.size;
    }
    return undefined;
  }

  private computeEntrySize(e: Expr): EntrySize | undefined {
    const s = this.computedEntrySizes.get(e.id);
    if (s) return s;
    if (e.kind === 'ident') return this.peekLocal(e.name)?.entrySize;
    return undefined;
  }

  private sizeOfExpr(e: Expr): SizeEstimate {
    return this.computeSize(e) ?? UNKNOWN_SIZE;
  }

  private sizeOfNode(n: AstNode): SizeEstimate {
    return n.computedSize() ?? UNKNOWN_SIZE;
  }

  private newAstNode(e: Expr): AstNode {
    let path = this.getPath(e);
    if (path && path.length > 0 && ACCUMULATORS.has(path[0])) path = undefined;
    const size = this.computeSize(e);
    return { path, type: this.type(e), expr: e, computedSize: () => size };
  }

  // ---- costs ----

  cost(e: Expr): CostEstimate {
    switch (e.kind) {
      case 'literal':
        return fixed(CONST_COST);
      case 'ident':
        this.exprPaths.set(e.id, this.peekLocal(e.name)?.path ?? [e.name]);
        return fixed(SELECT_AND_IDENT_COST);
      case 'select':
        return this.costSelect(e);
      case 'call':
        return this.costCall(e);
      case 'list':
        return this.costCreateList(e);
      case 'map':
        return this.costCreateMap(e);
      case 'struct':
        return add(sum(e.fields.map((f) => this.cost(f.value))), fixed(STRUCT_CREATE_BASE_COST));
      case 'comprehension':
        return this.isBind(e) ? this.costBind(e) : this.costComprehension(e);
    }
  }

  private costSelect(e: Expr & { kind: 'select' }): CostEstimate {
    if (e.testOnly) return add(this.presenceTestCost, this.cost(e.operand));
    let s = this.cost(e.operand);
    const kind = this.type(e.operand)?.kind;
    if (kind === 'map' || kind === 'struct' || kind === 'type_param' || (kind === 'dyn' && this.options.selectOnDynHasCost)) s = add(s, fixed(SELECT_AND_IDENT_COST));
    this.exprPaths.set(e.id, [...(this.getPath(e.operand) ?? []), e.field]);
    return s;
  }

  private costCall(e: CallExpr): CostEstimate {
    // dyn() only disables type checking: 1 plus its argument, with the argument's sizes
    if (e.fn === 'dyn' && !e.target && e.args.length > 0) {
      const argCost = this.cost(e.args[0]);
      this.copySizeEstimates(e, e.args[0]);
      return add(fixed(1), argCost);
    }
    const argCosts: CostEstimate[] = [];
    const argNodes: AstNode[] = [];
    for (const a of e.args) {
      argCosts.push(this.cost(a));
      argNodes.push(this.newAstNode(a));
    }
    const overloadIds = this.checked.references.get(e.id)?.overloadIds ?? [];
    if (overloadIds.length === 0) return ZERO;
    let s = ZERO;
    let target: AstNode | undefined;
    if (e.target) {
      s = add(s, this.cost(e.target));
      target = this.newAstNode(e.target);
    }
    let fnCost: CostEstimate = { min: MAX_UINT64, max: 0n };
    let resultSize: SizeEstimate | undefined;
    for (const o of overloadIds) {
      const est = this.functionCost(e, e.fn, o, target, argNodes, argCosts);
      fnCost = union(fnCost, est.cost);
      if (est.resultSize) resultSize = resultSize ? union(resultSize, est.resultSize) : est.resultSize;
      if (o === 'index_list' && e.args.length > 0) {
        resultSize = this.computeEntrySize(e.args[0])?.val;
        this.exprPaths.set(e.id, [...(this.getPath(e.args[0]) ?? []), '@items']);
      } else if (o === 'index_map' && e.args.length > 0) {
        resultSize = this.computeEntrySize(e.args[0])?.val;
        this.exprPaths.set(e.id, [...(this.getPath(e.args[0]) ?? []), '@values']);
      }
      if (!resultSize) resultSize = this.computeSize(e);
    }
    this.setSize(e, resultSize);
    return add(s, fnCost);
  }

  private costCreateList(e: Expr & { kind: 'list' }): CostEstimate {
    let s = ZERO;
    let itemSize: SizeEstimate = { min: e.elements.length === 0 ? 0n : MAX_UINT64, max: 0n };
    for (const el of e.elements) {
      s = add(s, this.cost(el));
      itemSize = union(itemSize, this.sizeOfExpr(el));
    }
    this.setEntrySize(e, { container: 'list', key: fixed(1), val: itemSize });
    return add(s, fixed(LIST_CREATE_BASE_COST));
  }

  private costCreateMap(e: Expr & { kind: 'map' }): CostEstimate {
    let s = ZERO;
    const empty = e.entries.length === 0;
    let keySize: SizeEstimate = { min: empty ? 0n : MAX_UINT64, max: 0n };
    let valSize: SizeEstimate = { min: empty ? 0n : MAX_UINT64, max: 0n };
    for (const en of e.entries) {
      s = add(s, this.cost(en.key));
      s = add(s, this.cost(en.value));
      keySize = union(keySize, this.sizeOfExpr(en.key));
      valSize = union(valSize, this.sizeOfExpr(en.value));
    }
    this.setEntrySize(e, { container: 'map', key: keySize, val: valSize });
    return add(s, fixed(MAP_CREATE_BASE_COST));
  }

  private costComprehension(e: ComprehensionExpr): CostEstimate {
    let s = this.cost(e.iterRange);
    s = add(s, this.cost(e.accuInit));
    this.pushLocalVar(e.accuVar, e.accuInit);
    if (e.iterVar2 !== undefined) {
      this.pushIterKey(e.iterVar, e.iterRange);
      this.pushIterValue(e.iterVar2, e.iterRange);
    } else {
      this.pushIterSingle(e.iterVar, e.iterRange);
    }
    const loopCost = this.cost(e.loopCondition);
    const stepCost = this.cost(e.loopStep);
    this.popLocal(e.iterVar);
    if (e.iterVar2 !== undefined) this.popLocal(e.iterVar2);
    s = add(s, this.cost(e.result));
    this.popLocal(e.accuVar);
    const rangeCnt = this.sizeOfExpr(e.iterRange);
    s = add(s, multiply(rangeCnt, add(stepCost, loopCost)));
    const init = e.accuInit.kind;
    if (init === 'literal') this.setSize(e, this.computeSize(e.accuInit));
    else if (init === 'list' || init === 'map') {
      this.setSize(e, rangeCnt);
      this.setEntrySize(e, this.computeEntrySize(e.loopStep));
    }
    return s;
  }

  /** A cel.bind-like comprehension: an empty range, a false loop condition and its own accumulator. */
  private isBind(e: ComprehensionExpr): boolean {
    const r = e.iterRange;
    const c = e.loopCondition;
    return r.kind === 'list' && r.elements.length === 0 && c.kind === 'literal' && c.value.type === 'bool' && c.value.value === false && e.accuVar !== '__result__';
  }

  private costBind(e: ComprehensionExpr): CostEstimate {
    let s = this.cost(e.iterRange);
    s = add(s, this.cost(e.accuInit));
    this.pushLocalVar(e.accuVar, e.accuInit);
    s = add(s, this.cost(e.result));
    this.popLocal(e.accuVar);
    this.copySizeEstimates(e, e.result);
    return s;
  }

  private functionCost(e: CallExpr, fn: string, overloadId: string, target: AstNode | undefined, args: AstNode[], argCosts: CostEstimate[]): CallEstimate {
    const argCostSum = (): CostEstimate => sum(argCosts);
    const custom = this.options.overloadEstimators?.get(overloadId);
    if (custom) {
      const est = custom(this.estimator, target, args);
      if (est) return { cost: add(est.cost, argCostSum()), resultSize: est.resultSize };
    }
    const est = this.estimator.estimateCallCost(fn, overloadId, target, args);
    if (est) return { cost: add(est.cost, argCostSum()), resultSize: est.resultSize };
    const traverse = (n: AstNode): CostEstimate => multiplyByFactor(this.sizeOfNode(n), STRING_TRAVERSAL_COST_FACTOR);
    switch (overloadId) {
      case 'string_format':
        if (target) return { cost: add(traverse(target), argCostSum()) };
        break;
      case 'string_to_bytes':
        if (args.length === 1) {
          const sz = this.sizeOfNode(args[0]);
          return { cost: add(traverse(args[0]), argCostSum()), resultSize: { min: sz.min, max: BigInt.asUintN(64, sz.max * 4n) } };
        }
        break;
      case 'bytes_to_string':
        if (args.length === 1) {
          const sz = this.sizeOfNode(args[0]);
          return { cost: add(traverse(args[0]), argCostSum()), resultSize: { min: sz.min / 4n, max: sz.max } };
        }
        break;
      case 'strings_quote':
        if (args.length === 1) {
          const sz = this.sizeOfNode(args[0]);
          return { cost: add(traverse(args[0]), argCostSum()), resultSize: { min: BigInt.asUintN(64, sz.min + 2n), max: BigInt.asUintN(64, sz.max * 2n + 2n) } };
        }
        break;
      case 'starts_with_string':
      case 'ends_with_string':
        if (args.length === 1) return { cost: add(traverse(args[0]), argCostSum()) };
        break;
      case 'in_list':
        if (args.length === 2) return { cost: add(multiplyByFactor(this.sizeOfNode(args[1]), 1), argCostSum()) };
        break;
      case 'matches_string':
        if (target && args.length === 1) {
          const strCost = multiplyByFactor(add(this.sizeOfNode(target), fixed(1)), STRING_TRAVERSAL_COST_FACTOR);
          const regexCost = multiplyByFactor(this.sizeOfNode(args[0]), REGEX_STRING_LENGTH_COST_FACTOR);
          return { cost: add(multiply(strCost, regexCost), argCostSum()) };
        }
        break;
      case 'contains_string':
        if (target && args.length === 1) return { cost: add(multiply(traverse(target), traverse(args[0])), argCostSum()) };
        break;
      case 'logical_or':
      case 'logical_and': {
        const lhs = argCosts[0];
        const rhs = argCosts[1];
        return { cost: { min: lhs.min, max: add(lhs, rhs).max } };
      }
      case 'conditional': {
        const size = union(this.sizeOfNode(args[1]), this.sizeOfNode(args[2]));
        this.setEntrySize(e, unionEntries(this.computeEntrySize(args[1].expr!), this.computeEntrySize(args[2].expr!)));
        return { cost: add(argCosts[0], union(argCosts[1], argCosts[2])), resultSize: size };
      }
      case 'add_string':
      case 'add_bytes':
      case 'add_list':
        if (args.length === 2) {
          const resultSize = add(this.sizeOfNode(args[0]), this.sizeOfNode(args[1]));
          const entry = unionEntries(this.computeEntrySize(args[0].expr!), this.computeEntrySize(args[1].expr!));
          if (entry) this.setEntrySize(e, entry);
          if (overloadId === 'add_list') return { cost: add(fixed(1), argCostSum()), resultSize };
          return { cost: add(multiplyByFactor(resultSize, STRING_TRAVERSAL_COST_FACTOR), argCostSum()), resultSize };
        }
        break;
      case 'less_string':
      case 'greater_string':
      case 'less_equals_string':
      case 'greater_equals_string':
      case 'less_bytes':
      case 'greater_bytes':
      case 'less_equals_bytes':
      case 'greater_equals_bytes':
      case 'equals':
      case 'not_equals': {
        const lhs = this.sizeOfNode(args[0]);
        const rhs = this.sizeOfNode(args[1]);
        const smallestMax = rhs.max < lhs.max ? rhs.max : lhs.max;
        return { cost: add(multiplyByFactor({ min: smallestMax > 0n ? 1n : 0n, max: smallestMax }, STRING_TRAVERSAL_COST_FACTOR), argCostSum()) };
      }
      default:
        break;
    }
    return { cost: add(fixed(1), argCostSum()) };
  }
}
