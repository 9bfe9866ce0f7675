// Port of k8s.io/apiserver pkg/cel/library/cost.go CostEstimator.EstimateCallCost: revision 31
// (Kubernetes 1.31), 32 (1.32: equality of Kubernetes types, url result size) and 33 (1.33+: semver).
// Until 1.33 the receiver pointer cel-go hands to estimators is never nil, so upstream's
// `target != nil` tests on global functions hold; 1.34 replaced them by argument counts, to the same
// effect. Also the ext.Sets and ext.Lists estimators of cel-go.
import {
  add,
  type CostEstimate,
  fixed,
  MAX_UINT64,
  multiply,
  multiplyByFactor,
  type SizeEstimate,
  union,
  UNKNOWN_SIZE,
} from './cost-math';
import { type AstNode, type CallEstimate, type CostEstimator, estimateSize, type FunctionEstimator, REGEX_STRING_LENGTH_COST_FACTOR, STRING_TRAVERSAL_COST_FACTOR } from './cost';

/** k8s.io/apiserver pkg/cel/limits.go */
export const MAX_NAME_FORMAT_REGEX_SIZE = 128;
export const MAX_FORMAT_SIZE = 64;

const ONE: CostEstimate = fixed(1);

export type LibraryCostRevision = 31 | 32 | 33;

/** library.CostEstimator: library call costs, sizes delegated to a size estimator (the schema walk). */
export class LibraryCostEstimator implements CostEstimator {
  constructor(
    private readonly sizes: Pick<CostEstimator, 'estimateSize'> | undefined,
    private readonly revision: LibraryCostRevision,
  ) {}

  estimateSize(node: AstNode): SizeEstimate | undefined {
    return this.sizes?.estimateSize(node);
  }

  private size(node: AstNode): SizeEstimate {
    return node.computedSize() ?? this.estimateSize(node) ?? UNKNOWN_SIZE;
  }

  /** listElementNode: a node standing for the elements of a list, with the path "@items" when known. */
  private listElementNode(list: AstNode): AstNode | undefined {
    const t = list.type;
    if (!t || t.params.length === 0) return undefined;
    const elem = t.params[0];
    return { path: list.path ? [...list.path, '@items'] : undefined, type: elem, expr: undefined, computedSize: () => undefined };
  }

  estimateCallCost(fn: string, overloadId: string, target: AstNode | undefined, args: readonly AstNode[]): CallEstimate | undefined {
    const traverse = (n: AstNode): CostEstimate => multiplyByFactor(this.size(n), STRING_TRAVERSAL_COST_FACTOR);
    switch (fn) {
      case 'isSorted':
      case 'sum':
      case 'max':
      case 'min':
      case 'indexOf':
      case 'lastIndexOf': {
        if (!target) break;
        let elCost = ONE;
        const el = this.listElementNode(target);
        if (el) {
          const k = el.type?.kind;
          if (k === 'string' || k === 'bytes') elCost = add(elCost, multiplyByFactor(this.size(el), STRING_TRAVERSAL_COST_FACTOR));
          return { cost: multiply(this.size(target), elCost) };
        }
        // a string receiver (indexOf / lastIndexOf of the strings extension)
        return { cost: traverse(target) };
      }
      case 'url':
        if (args.length === 1) {
          const sz = this.size(args[0]);
          return { cost: multiplyByFactor(sz, STRING_TRAVERSAL_COST_FACTOR), ...(this.revision >= 32 ? { resultSize: sz } : {}) };
        }
        break;
      case 'lowerAscii':
      case 'upperAscii':
      case 'substring':
      case 'trim':
        if (target) {
          const sz = this.size(target);
          return { cost: multiplyByFactor(sz, STRING_TRAVERSAL_COST_FACTOR), resultSize: sz };
        }
        break;
      case 'replace':
        if (target && args.length >= 2) return replaceEstimate(this.size(target), this.size(args[0]), this.size(args[1]));
        break;
      case 'split':
        if (target) {
          const sz = this.size(target);
          // worst case: an empty separator returns every character as an element
          let max = sz.max;
          const limit = args[1]?.expr;
          if (args.length > 1 && limit?.kind === 'literal' && limit.value.type === 'int') max = BigInt.asUintN(64, limit.value.value);
          return { cost: multiplyByFactor(sz, 2 * STRING_TRAVERSAL_COST_FACTOR), resultSize: { min: 0n, max } };
        }
        break;
      case 'join':
        if (target) {
          let sz: SizeEstimate = { min: 0n, max: 0n };
          const listSize = this.size(target);
          const el = this.listElementNode(target);
          if (el) sz = multiply(listSize, this.size(el));
          if (args.length > 0) {
            const sepSize = this.size(args[0]);
            const separators = { min: listSize.min > 0n ? listSize.min - 1n : 0n, max: listSize.max > 0n ? listSize.max - 1n : 0n };
            sz = add(sz, multiply(sepSize, separators));
          }
          return { cost: multiplyByFactor(sz, STRING_TRAVERSAL_COST_FACTOR), resultSize: sz };
        }
        break;
      case 'find':
      case 'findAll':
        if (target && args.length >= 1) {
          const sz = this.size(target);
          const strCost = multiplyByFactor(add(sz, fixed(1)), STRING_TRAVERSAL_COST_FACTOR);
          const regexCost = multiplyByFactor(this.size(args[0]), REGEX_STRING_LENGTH_COST_FACTOR);
          return { cost: multiply(strCost, regexCost), resultSize: { min: 0n, max: sz.max } };
        }
        break;
      case 'cidr':
      case 'isIP':
      case 'isCIDR':
        return { cost: traverse(args[0]) };
      case 'ip':
        if (args.length >= 1) {
          if (overloadId === 'cidr_ip') return { cost: ONE };
          return { cost: traverse(args[0]) };
        }
        return { cost: ONE };
      case 'ip.isCanonical':
        if (args.length >= 1) return { cost: multiplyByFactor(this.size(args[0]), 2 * STRING_TRAVERSAL_COST_FACTOR) };
        break;
      case 'masked':
      case 'prefixLength':
      case 'family':
      case 'isUnspecified':
      case 'isLoopback':
      case 'isLinkLocalMulticast':
      case 'isLinkLocalUnicast':
      case 'isGlobalUnicast':
        return { cost: ONE };
      case 'containsIP':
        if (args.length >= 1) {
          // comparing two IPs as 4 or 16 bytes each
          const sz: SizeEstimate = { min: 4n, max: 16n };
          let c = multiplyByFactor(add(sz, sz), STRING_TRAVERSAL_COST_FACTOR);
          if (overloadId === 'cidr_contains_ip_string') c = add(c, traverse(args[0]));
          return { cost: c };
        }
        break;
      case 'containsCIDR':
        if (args.length >= 1) {
          const sz: SizeEstimate = { min: 4n, max: 16n };
          let c = multiplyByFactor(add(sz, sz), STRING_TRAVERSAL_COST_FACTOR);
          c = add(c, multiplyByFactor(sz, STRING_TRAVERSAL_COST_FACTOR));
          c = add(c, ONE);
          if (overloadId === 'cidr_contains_cidr_string') c = add(c, traverse(args[0]));
          return { cost: c };
        }
        break;
      case 'quantity':
      case 'isQuantity':
        return { cost: traverse(args[0]) };
      case 'semver':
      case 'isSemver':
        if (this.revision >= 33 && args.length >= 1) return { cost: traverse(args[0]) };
        break;
      case 'major':
      case 'minor':
      case 'patch':
        if (this.revision >= 33) return { cost: ONE };
        break;
      case 'validate':
        if (args.length >= 1) {
          // the regex behind a named format is unknown here: assume the longest one
          return { cost: multiplyByFactor(traverse(args[0]), MAX_NAME_FORMAT_REGEX_SIZE * REGEX_STRING_LENGTH_COST_FACTOR) };
        }
        break;
      case 'format.named':
      case 'sign':
      case 'asInteger':
      case 'isInteger':
      case 'asApproximateFloat':
      case 'isGreaterThan':
      case 'isLessThan':
      case 'compareTo':
      case 'add':
      case 'sub':
      case 'getScheme':
      case 'getHostname':
      case 'getHost':
      case 'getPort':
      case 'getEscapedPath':
      case 'getQuery':
        return { cost: ONE };
      case '_==_':
        if (this.revision >= 32 && args.length === 2) return equalityEstimate(args[0], args[1]);
        break;
      default:
        break;
    }
    return undefined;
  }
}

/** 1.32+: equality of Kubernetes library types costs O(1) (or the bounded size of a format or URL). */
function equalityEstimate(lhs: AstNode, rhs: AstNode): CallEstimate | undefined {
  const lt = lhs.type;
  const rt = rhs.type;
  if (!lt || !rt || lt.name !== rt.name) return undefined;
  if (lt.kind === 'opaque' && (lt.name === 'net.IP' || lt.name === 'net.CIDR')) return { cost: ONE };
  if (lt.kind === 'struct') {
    if (lt.name === 'kubernetes.Quantity' || lt.name === 'kubernetes.Semver') return { cost: ONE };
    if (lt.name === 'kubernetes.NamedFormat') return { cost: multiplyByFactor({ min: 1n, max: BigInt(MAX_FORMAT_SIZE) }, STRING_TRAVERSAL_COST_FACTOR) };
    if (lt.name === 'kubernetes.URL') {
      // upstream reads the right-hand size twice
      const r = rhs.computedSize();
      const size = r ? union(r, r) : fixed(1);
      return { cost: multiplyByFactor({ min: 1n, max: size.max }, STRING_TRAVERSAL_COST_FACTOR) };
    }
  }
  return undefined;
}

/** The replace() estimate: cost is two traversals; the result size depends on the replacement sizes. */
export function replaceEstimate(sz: SizeEstimate, toReplace: SizeEstimate, replaceWith: SizeEstimate): CallEstimate {
  let countMax: bigint;
  let countMin: bigint;
  let retainedMax = 0n;
  let retainedMin = 0n;
  if (toReplace.min === 0n) {
    // replacing "" surrounds every character with the replacement
    countMax = sz.max < MAX_UINT64 ? sz.max + 1n : sz.max;
    retainedMax = sz.max;
  } else if (replaceWith.max <= toReplace.min) {
    countMax = 0n;
    retainedMax = sz.max;
  } else {
    countMax = goFloatToUint64(Math.ceil(Number(sz.max) / Number(toReplace.min)));
  }
  if (toReplace.max === 0n) {
    countMin = sz.min < MAX_UINT64 ? sz.min + 1n : sz.min;
    retainedMin = sz.min;
  } else if (toReplace.max <= replaceWith.min) {
    countMin = 0n;
    retainedMin = sz.min;
  } else {
    countMin = goFloatToUint64(Math.ceil(Number(sz.min) / Number(toReplace.max)));
  }
  const size = add(multiply({ min: countMin, max: countMax }, replaceWith), { min: retainedMin, max: retainedMax });
  return { cost: multiplyByFactor(sz, 2 * STRING_TRAVERSAL_COST_FACTOR), resultSize: size };
}

/** ext.Sets estimateSetsCost: |a| * |b| * factor + 1 */
export function setsCostEstimator(factor: number): FunctionEstimator {
  return (estimator, _target, args) => {
    if (args.length !== 2) return undefined;
    const a = estimateSize(estimator, args[0]);
    const b = estimateSize(estimator, args[1]);
    return { cost: add(multiplyByFactor(multiply(a, b), factor), ONE) };
  };
}


/**
 * Go's uint64(float64) as compiled for amd64 (where API servers usually run): values from 2^63 on are
 * converted via the sign bit, and values of 2^64 or more come out as 0.
 */
function goFloatToUint64(f: number): bigint {
  const two63 = 2 ** 63;
  if (f < two63) return BigInt(Math.trunc(f));
  if (f - two63 < two63) return BigInt(Math.trunc(f - two63)) + (1n << 63n);
  return 0n;
}

// ---- ext.Lists version 3 estimators (cel-go ext/lists.go; Kubernetes 1.35+) ----

/** nodeAsIntValue: a non-negative int literal argument, else the default. */
function literalInt(node: AstNode, dflt: bigint): bigint {
  const e = node.expr;
  if (!e || e.kind !== 'literal' || e.value.type !== 'int') return dflt;
  return e.value.value < 0n ? 0n : e.value.value;
}

/** estimateListCall(costFactor, size, allocates=true): size*factor + 1 + the list creation, result of that size. */
function allocatingListCall(factor: number, listSize: SizeEstimate): CallEstimate {
  return { cost: add(add(multiplyByFactor(listSize, factor), ONE), fixed(10)), resultSize: listSize };
}

function listSortCost(estimator: CostEstimator, node: AstNode, elemType: string): CallEstimate {
  const sz = estimateSize(estimator, node);
  const factor = elemType === 'string' || elemType === 'bytes' ? 2 + STRING_TRAVERSAL_COST_FACTOR : 2;
  return allocatingListCall(factor, multiply(sz, sz));
}

/** The checker.OverloadCostEstimate options of ext.Lists(ListsVersion(3)), by overload id. */
export function listsCostEstimators(comparableTypeNames: readonly string[]): Map<string, FunctionEstimator> {
  const m = new Map<string, FunctionEstimator>();
  m.set('list_slice', (est, target, args) => {
    if (!target || args.length !== 2) return undefined;
    const sz = estimateSize(est, target);
    const start = literalInt(args[0], 0n);
    const end = literalInt(args[1], sz.max);
    return allocatingListCall(1, fixed(BigInt.asUintN(64, end - start)));
  });
  const flatten: FunctionEstimator = (est, target, args) => {
    if (!target || args.length > 1) return undefined;
    const depth = args.length === 1 ? literalInt(args[0], MAX_UINT64) : 1n;
    return allocatingListCall(Number(depth), estimateSize(est, target));
  };
  m.set('list_flatten', flatten);
  m.set('list_flatten_int', flatten);
  m.set('lists_range', (_est, target, args) => (target || args.length !== 1 ? undefined : allocatingListCall(1, fixed(literalInt(args[0], MAX_UINT64)))));
  m.set('list_reverse', (est, target, args) => (!target || args.length !== 0 ? undefined : allocatingListCall(1, estimateSize(est, target))));
  m.set('list_distinct', (est, target, args) => {
    if (!target || args.length !== 0) return undefined;
    const sz = estimateSize(est, target);
    return allocatingListCall(2, multiply(sz, sz));
  });
  for (const t of comparableTypeNames) {
    m.set(`list_${t}_sort`, (est, target, args) => (!target || args.length !== 0 ? undefined : listSortCost(est, target, t)));
    m.set(`list_${t}_sortByAssociatedKeys`, (est, target, args) => (!target || args.length !== 1 ? undefined : listSortCost(est, args[0], t)));
  }
  return m;
}
