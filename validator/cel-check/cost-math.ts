// uint64 arithmetic of cel-go checker/cost.go: every sum and product saturates at 2^64-1 instead of
// wrapping, and cost factors are applied in float64 (as Go does) and rounded up.

export const MAX_UINT64 = (1n << 64n) - 1n;
// float64(math.MaxUint64) rounds up to exactly 2^64; Go compares against that value.
const TWO_TO_64 = 2 ** 64;

/** A [min, max] range: cel-go's CostEstimate and SizeEstimate share this shape and arithmetic. */
export interface Estimate {
  readonly min: bigint;
  readonly max: bigint;
}
export type CostEstimate = Estimate;
export type SizeEstimate = Estimate;

export const ZERO: Estimate = { min: 0n, max: 0n };
export const UNKNOWN_SIZE: Estimate = { min: 0n, max: MAX_UINT64 };

export function fixed(n: bigint | number): Estimate {
  const v = BigInt(n);
  return { min: v, max: v };
}

export function addU64(x: bigint, y: bigint): bigint {
  const s = x + y;
  return s > MAX_UINT64 ? MAX_UINT64 : s;
}

export function mulU64(x: bigint, y: bigint): bigint {
  const p = x * y;
  return p > MAX_UINT64 ? MAX_UINT64 : p;
}

/** multiplyByCostFactor: float64(x)*y rounded up, saturating (Go converts uint64 to float64 first). */
export function mulFactorU64(x: bigint, y: number): bigint {
  const xf = Number(x);
  if (xf > 0 && y > 0 && xf > TWO_TO_64 / y) return MAX_UINT64;
  const c = Math.ceil(xf * y);
  if (c >= TWO_TO_64) return MAX_UINT64;
  return BigInt(c);
}

export function add(a: Estimate, b: Estimate): Estimate {
  return { min: addU64(a.min, b.min), max: addU64(a.max, b.max) };
}

export function multiply(a: Estimate, b: Estimate): Estimate {
  return { min: mulU64(a.min, b.min), max: mulU64(a.max, b.max) };
}

export function multiplyByFactor(a: Estimate, factor: number): Estimate {
  return { min: mulFactorU64(a.min, factor), max: mulFactorU64(a.max, factor) };
}

export function union(a: Estimate, b: Estimate): Estimate {
  return { min: b.min < a.min ? b.min : a.min, max: b.max > a.max ? b.max : a.max };
}

export function sum(items: readonly Estimate[]): Estimate {
  let s = ZERO;
  for (const i of items) s = add(s, i);
  return s;
}
