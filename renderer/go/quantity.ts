// Kubernetes resource.Quantity: ParseQuantity followed by AsApproximateFloat64, with its error texts
// (apimachinery pkg/api/resource), as P&T's convert transform with format quantity uses it.

import { INT64_MAX, parseGoInt64 } from './strconv';

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";
const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';

interface QuantityParts {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

function splitQuantity(str: string): QuantityParts {
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  let pos = 0;
  let positive = true;
  if (str[0] === '-' || str[0] === '+') {
    positive = str[0] === '+';
    pos++;
  }
  while (str[pos] === '0') pos++;
  if (pos >= str.length) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  let i = pos;
  while (isDigit(str[i])) i++;
  if (i >= str.length) return { positive, value: str, num: str.slice(pos), denom: '', suffix: '' };
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= str.length) return { positive, value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  i = pos;
  while (i < str.length && 'eEinumkKMGTP'.includes(str[i])) i++;
  if (i >= str.length) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  pos = i;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  i = pos;
  while (isDigit(str[i])) i++;
  if (i < str.length) throw new Error(QUANTITY_FORMAT_ERROR);
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

interface QuantitySuffix {
  base: 2 | 10;
  exponent: number;
}

function interpretQuantitySuffix(suffix: string): QuantitySuffix {
  const decimal: Record<string, number> = { '': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
  const binary: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
  if (hasOwn(decimal, suffix)) return { base: 10, exponent: decimal[suffix] };
  if (hasOwn(binary, suffix)) return { base: 2, exponent: binary[suffix] };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    try {
      return { base: 10, exponent: Number(BigInt.asIntN(32, parseGoInt64(suffix.slice(1)))) };
    } catch {
      throw new Error(QUANTITY_SUFFIX_ERROR);
    }
  }
  throw new Error(QUANTITY_SUFFIX_ERROR);
}

/** math.Pow10, built from the same tables so results match Go bit for bit. */
function goPow10(n: number): number {
  const tab = (k: number) => Number(`1e${k}`);
  if (n >= 0 && n <= 308) return Number(`1e${Math.floor(n / 32) * 32}`) * tab(n % 32);
  if (n < 0 && n >= -323) return Number(`1e-${Math.floor(-n / 32) * 32}`) / tab(-n % 32);
  return n > 0 ? Infinity : 0;
}

const approximate = (unscaled: bigint, exponent: number) =>
  exponent === 0 ? Number(unscaled) : Number(unscaled) * goPow10(exponent);

/** Parse a decimal like inf.Dec.SetString: returns unscaled digits and the scale. */
function parseInfDec(value: string): { unscaled: bigint; scale: number } {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(value);
  if (!m || (m[2] + (m[3] ?? '')).length === 0) throw new Error(QUANTITY_NUMERIC_ERROR);
  const digits = m[2] + (m[3] ?? '');
  const unscaled = BigInt(digits) * (m[1] === '-' ? -1n : 1n);
  return { unscaled, scale: (m[3] ?? '').length };
}

/** resource.ParseQuantity(s).AsApproximateFloat64(). */
export function quantityToFloat64(str: string): number {
  if (str.length === 0) throw new Error(QUANTITY_FORMAT_ERROR);
  if (str === '0') return 0;
  const parts = splitQuantity(str);
  const { base, exponent } = interpretQuantitySuffix(parts.suffix);
  // Fast path: small values are kept as int64 × 10^scale.
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (base === 10) {
    scale = exponent;
    precision = 18 - (parts.num.length + parts.denom.length);
  } else if (exponent >= 0 && parts.denom.length === 0) {
    mantissa = 1n << BigInt(exponent);
    precision = 15 - parts.num.length - Math.trunc((exponent * 3) / 10) - 1;
  } else precision = -1;
  if (precision >= 0) {
    scale -= parts.denom.length;
    if (scale >= -9) {
      const result = BigInt(parts.num + parts.denom) * mantissa;
      if (result <= INT64_MAX) return approximate(parts.positive ? result : -result, scale);
    }
  }
  // Slow path: arbitrary precision decimal, rounded up to nano units and capped at MaxInt64.
  let { unscaled, scale: decScale } = parseInfDec(parts.value);
  if (base === 10) decScale -= exponent;
  else unscaled *= 1n << BigInt(exponent);
  const negative = unscaled < 0n;
  let abs = negative ? -unscaled : unscaled;
  if (abs === 0n) return 0;
  if (decScale <= 9) abs *= 10n ** BigInt(9 - decScale);
  else {
    const div = 10n ** BigInt(decScale - 9);
    abs = abs / div + (abs % div === 0n ? 0n : 1n);
  }
  if (abs > INT64_MAX * 10n ** 9n) return approximate(negative ? -INT64_MAX : INT64_MAX, 0);
  return approximate(negative ? -abs : abs, -9);
}
