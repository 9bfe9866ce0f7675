// Port of cel-go checker/cost.go as shipped in cel-go v0.20.1 / v0.22.0 (Kubernetes 1.31 and 1.32):
// the worst-case cost of one evaluation of a checked expression, as a [min, max] range in uint64.
// Sizes of variable-length values come from the literal itself, from the estimate of the call that
// produced them, or from the CostEstimator by the value's field path ("self", "spec", "@items", ...).
import { ACCUMULATOR, type CallExpr, type ComprehensionExpr, type Expr } from './ast';
import type { CelType } from './cel-types';
import type { CheckedExpression } from './check';
import {
  add,
  type CostEstimate,
  fixed,
  MAX_UINT64,
  multiply,
  multiplyByFactor,
  type SizeEstimate,
  sum,
  union,
  UNKNOWN_SIZE,
  ZERO,
} from './cost-math';

/** cel-go common/cost.go constants */
export const SELECT_AND_IDENT_COST = 1n;
export const CONST_COST = 0n;
export const LIST_CREATE_BASE_COST = 10n;
export const MAP_CREATE_BASE_COST = 30n;
export const STRUCT_CREATE_BASE_COST = 40n;
export const STRING_TRAVERSAL_COST_FACTOR = 0.1;
export const REGEX_STRING_LENGTH_COST_FACTOR = 0.25;

/** checker.AstNode: what an estimator may know about an argument or receiver. */
export interface AstNode {
  /** field path from a root variable: ["self", "spec", "items", "@items"]; undefined when unknown */
  readonly path: readonly string[] | undefined;
  readonly type: CelType | undefined;
  readonly expr: Expr | undefined;
  /** size known from the expression itself (literal, aggregate literal, estimated call result) */
  computedSize(): SizeEstimate | undefined;
}

export interface CallEstimate {
  readonly cost: CostEstimate;
  readonly resultSize?: SizeEstimate;
}

/** checker.CostEstimator */
export interface CostEstimator {
  estimateSize(node: AstNode): SizeEstimate | undefined;
  estimateCallCost(fn: string, overloadId: string, target: AstNode | undefined, args: readonly AstNode[]): CallEstimate | undefined;
}

/** checker.FunctionEstimator bound to an overload by checker.OverloadCostEstimate */
export type FunctionEstimator = (estimator: CostEstimator, target: AstNode | undefined, args: readonly AstNode[]) => CallEstimate | undefined;

export interface CostOptions {
  /** PresenceTestHasCost: cel-go defaults to true, Kubernetes sets false */
  readonly presenceTestHasCost?: boolean;
  readonly overloadEstimators?: ReadonlyMap<string, FunctionEstimator>;
  /**
   * Charge a field selection on a dyn value as the interpreter does at run time (one per qualifier).
   * cel-go's estimator charges nothing there; admission policies, which select on dyn objects,
   * need it for an estimate that bounds the run-time cost. Default false (cel-go's estimate).
   */
  readonly selectOnDynHasCost?: boolean;
}

/** The size of a node as estimators compute it: its own size, else the estimator's, else unknown. */
export function estimateSize(estimator: CostEstimator, node: AstNode): SizeEstimate {
  return node.computedSize() ?? estimator.estimateSize(node) ?? UNKNOWN_SIZE;
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
  return t.kind === 'bool' || t.kind === 'double' || t.kind === 'duration' || t.kind === 'int' || t.kind === 'timestamp' || t.kind === 'uint';
}

/** checker.Cost */
export function estimateCost(checked: CheckedExpression, estimator: CostEstimator, options: CostOptions = {}): CostEstimate {
  return new Coster(checked, estimator, options).cost(checked.expr);
}

class Coster {
  private readonly exprPath = new Map<number, readonly string[]>();
  /** iteration variable -> stack of iteration range expression ids (shadowing) */
  private readonly iterRanges = new Map<string, number[]>();
  private readonly computedSizes = new Map<number, SizeEstimate>();
  private readonly presenceTestCost: CostEstimate;
  private readonly overloadEstimators: ReadonlyMap<string, FunctionEstimator>;

  constructor(
    private readonly checked: CheckedExpression,
    private readonly estimator: CostEstimator,
    private readonly options: CostOptions,
  ) {
    this.presenceTestCost = options.presenceTestHasCost === false ? ZERO : fixed(1);
    this.overloadEstimators = options.overloadEstimators ?? new Map();
  }

  cost(e: Expr): CostEstimate {
    switch (e.kind) {
      case 'literal':
        return fixed(CONST_COST);
      case 'ident':
        return this.costIdent(e);
      case 'select':
        return this.costSelect(e);
      case 'call':
        return this.costCall(e);
      case 'list':
        return add(sum(e.elements.map((x) => this.cost(x))), fixed(LIST_CREATE_BASE_COST));
      case 'map': {
        let s = ZERO;
        for (const en of e.entries) {
          s = add(s, this.cost(en.key));
          s = add(s, this.cost(en.value));
        }
        return add(s, fixed(MAP_CREATE_BASE_COST));
      }
      case 'struct':
        return add(sum(e.fields.map((f) => this.cost(f.value))), fixed(STRUCT_CREATE_BASE_COST));
      case 'comprehension':
        return this.costComprehension(e);
    }
  }

  private type(e: Expr): CelType | undefined {
    return this.checked.types.get(e.id);
  }

  private getPath(e: Expr): readonly string[] | undefined {
    return this.exprPath.get(e.id);
  }

  private costIdent(e: Expr & { kind: 'ident' }): CostEstimate {
    const stack = this.iterRanges.get(e.name);
    const iterRange = stack && stack.length > 0 ? stack[stack.length - 1] : undefined;
    if (iterRange !== undefined) {
      const rangeKind = this.checked.types.get(iterRange)?.kind;
      const base = this.exprPath.get(iterRange) ?? [];
      if (rangeKind === 'list') this.exprPath.set(e.id, [...base, '@items']);
      else if (rangeKind === 'map') this.exprPath.set(e.id, [...base, '@keys']);
    } else {
      this.exprPath.set(e.id, [e.name]);
    }
    return fixed(SELECT_AND_IDENT_COST);
  }

  private costSelect(e: Expr & { kind: 'select' }): CostEstimate {
    if (e.testOnly) return add(this.presenceTestCost, this.cost(e.operand));
    let s = this.cost(e.operand);
    const kind = this.type(e.operand)?.kind;
    if (kind === 'map' || kind === 'struct' || kind === 'type_param' || (kind === 'dyn' && this.options.selectOnDynHasCost)) s = add(s, fixed(SELECT_AND_IDENT_COST));
    this.exprPath.set(e.id, [...(this.getPath(e.operand) ?? []), e.field]);
    return s;
  }

  private newAstNode(e: Expr): AstNode {
    let path = this.getPath(e);
    // only paths rooted at variables are offered; accumulators are not
    if (path && path.length > 0 && path[0] === ACCUMULATOR) path = undefined;
    const derived = this.computedSizes.get(e.id);
    return { path, type: this.type(e), expr: e, computedSize: () => derived ?? literalSize(e) };
  }

  private sizeEstimate(node: AstNode): SizeEstimate {
    const computed = node.computedSize();
    if (computed) return computed;
    const est = this.estimator.estimateSize(node);
    if (est) return est;
    if (isScalar(node.type)) return fixed(1);
    return UNKNOWN_SIZE;
  }

  private costCall(e: CallExpr): CostEstimate {
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
      const est = this.functionCost(e.fn, o, target, argNodes, argCosts);
      fnCost = union(fnCost, est.cost);
      if (est.resultSize) resultSize = resultSize ? union(resultSize, est.resultSize) : est.resultSize;
      if (o === 'index_list' && e.args.length > 0) this.exprPath.set(e.id, [...(this.getPath(e.args[0]) ?? []), '@items']);
      else if (o === 'index_map' && e.args.length > 0) this.exprPath.set(e.id, [...(this.getPath(e.args[0]) ?? []), '@values']);
    }
    if (resultSize) this.computedSizes.set(e.id, resultSize);
    return add(s, fnCost);
  }

  private costComprehension(e: ComprehensionExpr): CostEstimate {
    let s = this.cost(e.iterRange);
    s = add(s, this.cost(e.accuInit));
    const stack = this.iterRanges.get(e.iterVar) ?? [];
    stack.push(e.iterRange.id);
    this.iterRanges.set(e.iterVar, stack);
    const loopCost = this.cost(e.loopCondition);
    const stepCost = this.cost(e.loopStep);
    stack.pop();
    s = add(s, this.cost(e.result));
    const rangeCnt = this.sizeEstimate(this.newAstNode(e.iterRange));
    this.computedSizes.set(e.id, rangeCnt);
    return add(s, multiply(rangeCnt, add(stepCost, loopCost)));
  }

  private functionCost(fn: string, overloadId: string, target: AstNode | undefined, args: AstNode[], argCosts: CostEstimate[]): CallEstimate {
    const argCostSum = (): CostEstimate => sum(argCosts);
    const custom = this.overloadEstimators.get(overloadId);
    if (custom) {
      const est = custom(this.estimator, target, args);
      if (est) return { cost: add(est.cost, argCostSum()), resultSize: est.resultSize };
    }
    const est = this.estimator.estimateCallCost(fn, overloadId, target, args);
    if (est) return { cost: add(est.cost, argCostSum()), resultSize: est.resultSize };
    const traverse = (n: AstNode): CostEstimate => multiplyByFactor(this.sizeEstimate(n), STRING_TRAVERSAL_COST_FACTOR);
    switch (overloadId) {
      case 'string_format':
        if (target) return { cost: add(traverse(target), argCostSum()) };
        break;
      case 'string_to_bytes':
        if (args.length === 1) {
          const sz = this.sizeEstimate(args[0]);
          return { cost: add(traverse(args[0]), argCostSum()), resultSize: { min: sz.min, max: wrapU64(sz.max * 4n) } };
        }
        break;
      case 'bytes_to_string':
        if (args.length === 1) {
          const sz = this.sizeEstimate(args[0]);
          return { cost: add(traverse(args[0]), argCostSum()), resultSize: { min: sz.min / 4n, max: sz.max } };
        }
        break;
      case 'strings_quote':
        if (args.length === 1) {
          const sz = this.sizeEstimate(args[0]);
          return { cost: add(traverse(args[0]), argCostSum()), resultSize: { min: wrapU64(sz.min + 2n), max: wrapU64(sz.max * 2n + 2n) } };
        }
        break;
      case 'starts_with_string':
      case 'ends_with_string':
        if (args.length === 1) return { cost: add(traverse(args[0]), argCostSum()) };
        break;
      case 'in_list':
        if (args.length === 2) return { cost: add(multiplyByFactor(this.sizeEstimate(args[1]), 1), argCostSum()) };
        break;
      case 'matches_string':
        if (target && args.length === 1) {
          // +1 so that an empty string against an expensive regex is not free
          const strCost = multiplyByFactor(add(this.sizeEstimate(target), fixed(1)), STRING_TRAVERSAL_COST_FACTOR);
          const regexCost = multiplyByFactor(this.sizeEstimate(args[0]), REGEX_STRING_LENGTH_COST_FACTOR);
          return { cost: add(multiply(strCost, regexCost), argCostSum()) };
        }
        break;
      case 'contains_string':
        if (target && args.length === 1) return { cost: add(multiply(traverse(target), traverse(args[0])), argCostSum()) };
        break;
      case 'logical_or':
      case 'logical_and': {
        // short circuit: at least the left operand, at most both
        const lhs = argCosts[0];
        const rhs = argCosts[1];
        return { cost: { min: lhs.min, max: add(lhs, rhs).max } };
      }
      case 'conditional': {
        const size = union(this.sizeEstimate(args[1]), this.sizeEstimate(args[2]));
        return { cost: add(argCosts[0], union(argCosts[1], argCosts[2])), resultSize: size };
      }
      case 'add_string':
      case 'add_bytes':
      case 'add_list':
        if (args.length === 2) {
          const resultSize = add(this.sizeEstimate(args[0]), this.sizeEstimate(args[1]));
          // list concatenation is O(1); strings and bytes are copied
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
        const lhs = this.sizeEstimate(args[0]);
        const rhs = this.sizeEstimate(args[1]);
        const smallestMax = rhs.max < lhs.max ? rhs.max : lhs.max;
        const min = smallestMax > 0n ? 1n : 0n;
        return { cost: add(multiplyByFactor({ min, max: smallestMax }, STRING_TRAVERSAL_COST_FACTOR), argCostSum()) };
      }
      default:
        break;
    }
    return { cost: add(fixed(1), argCostSum()) };
  }
}

/** Go's uint64 arithmetic wraps where cel-go does not guard it (size*4, size*2+2). */
function wrapU64(x: bigint): bigint {
  return BigInt.asUintN(64, x);
}
