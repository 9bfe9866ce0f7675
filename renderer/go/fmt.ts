// Go fmt / strconv / encoding/json emulation for the offline renderer.
//
// function-patch-and-transform runs `fmt.Sprintf` (string Format transforms, combine patches), `%v`
// stringification (Convert, Trim, Join, Regexp inputs) and `json.Marshal` (ToJson, hashes). To render
// byte-identical output we model Go's value types as they reach P&T:
//   JS number  -> float64 (every number read from a protobuf Struct is float64)
//   JS bigint  -> int64   (produced by the convert transform, math on int64, clamps)
//   string -> string, boolean -> bool, null/undefined -> nil,
//   array  -> []interface {}, plain object -> map[string]interface {}.

// ---------------------------------------------------------------------------------------------
// Go type names (as reflect.Type.String() prints them)

/** The Go type name of a value under the model above (`%T`). */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int64';
    case 'boolean':
      return 'bool';
    default:
      return Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}';
  }
}

function isGoMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------
// Small string helpers

const runeCount = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** Go sorts map keys byte-wise on UTF-8, which equals code point order (not UTF-16 order). */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 units order like code points except that surrogates (astral code points) sort above
    // U+E000..U+FFFF; only then compare whole code points.
    const surrogate = (c: number) => c >= 0xd800 && c <= 0xdfff;
    if (!surrogate(x) && !surrogate(y)) return x - y;
    return (a.codePointAt(i) as number) - (b.codePointAt(i) as number);
  }
  return a.length - b.length;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isPrint(cp: number): boolean {
  if (cp === 0x20) return true;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  return PRINTABLE.test(String.fromCodePoint(cp));
}

const hex = (n: number | bigint, width: number): string => n.toString(16).padStart(width, '0');

/** strconv.Quote / QuoteASCII / QuoteRune semantics (lower-case hex escapes, Go escape set). */
function quoteWith(s: string, quote: '"' | "'", asciiOnly: boolean): string {
  let out = quote;
  for (const ch of s) {
    let cp = ch.codePointAt(0) as number;
    if (ch === quote || ch === '\\') {
      out += '\\' + ch;
      continue;
    }
    if (asciiOnly ? cp < 0x80 && isPrint(cp) : isPrint(cp)) {
      out += ch;
      continue;
    }
    const simple: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };
    if (simple[cp] !== undefined) {
      out += simple[cp];
      continue;
    }
    if (cp < 0x20 || cp === 0x7f) {
      out += '\\x' + hex(cp, 2);
      continue;
    }
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd; // lone surrogate: Go sees invalid UTF-8
    out += cp < 0x10000 ? '\\u' + hex(cp, 4) : '\\U' + hex(cp, 8);
  }
  return out + quote;
}

/** strconv.Quote. */
export function goQuote(s: string): string {
  return quoteWith(s, '"', false);
}

/** strconv.CanBackquote: used by `%#q`. */
function canBackquote(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp === 0xfeff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    if ((cp < 0x20 && cp !== 0x09) || cp === 0x60 || cp === 0x7f) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// strconv.FormatFloat

/** Decimal digits of a non-negative float: value = 0.d × 10^dp, no leading/trailing zeros. */
interface Digits {
  d: string;
  dp: number;
}

function float64Bits(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}

function trimDigits(d: string, dp: number): Digits {
  const t = d.replace(/0+$/, '');
  return t === '' ? { d: '', dp: 0 } : { d: t, dp };
}

/** The exact decimal expansion of |x| (every float64 is a finite decimal). */
function exactDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  const bits = float64Bits(Math.abs(x));
  const expField = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e: number;
  if (expField === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = expField - 1075;
  }
  if (e >= 0) {
    const s = (mant << BigInt(e)).toString();
    return trimDigits(s, s.length);
  }
  const s = (mant * 5n ** BigInt(-e)).toString();
  return trimDigits(s, s.length + e);
}

/** Shortest digits that round-trip (JS and Go both pick the closest shortest representation). */
function shortestDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  const [mant, exp] = Math.abs(x).toExponential().split('e');
  return trimDigits(mant.replace('.', ''), Number(exp) + 1);
}

/** Round to nd significant digits, ties to even (Go's decimal.Round on an exact value). */
function roundDigits(dg: Digits, nd: number): Digits {
  if (nd < 0 || nd >= dg.d.length) return dg;
  const next = dg.d.charCodeAt(nd) - 48;
  const halfway = next === 5 && nd + 1 === dg.d.length;
  const up = halfway ? nd > 0 && (dg.d.charCodeAt(nd - 1) - 48) % 2 === 1 : next >= 5;
  if (!up) return trimDigits(dg.d.slice(0, nd), dg.dp);
  let i = nd - 1;
  while (i >= 0 && dg.d[i] === '9') i--;
  if (i < 0) return { d: '1', dp: dg.dp + 1 };
  return trimDigits(dg.d.slice(0, i) + String.fromCharCode(dg.d.charCodeAt(i) + 1), dg.dp);
}

function fmtE(neg: boolean, dg: Digits, prec: number, fmtChar: string): string {
  let out = neg ? '-' : '';
  out += dg.d.length ? dg.d[0] : '0';
  if (prec > 0) out += '.' + dg.d.slice(1, prec + 1).padEnd(prec, '0');
  let exp = dg.d.length === 0 ? 0 : dg.dp - 1;
  const sign = exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  return out + fmtChar + sign + (exp < 10 ? '0' + exp : String(exp));
}

function fmtF(neg: boolean, dg: Digits, prec: number): string {
  let out = neg ? '-' : '';
  if (dg.dp > 0) out += dg.d.slice(0, dg.dp).padEnd(dg.dp, '0');
  else out += '0';
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) {
      const j = dg.dp + i - 1;
      out += j >= 0 && j < dg.d.length ? dg.d[j] : '0';
    }
  }
  return out;
}

function floatParts(x: number): { mant: bigint; exp: number } {
  const bits = float64Bits(x);
  let exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp === 0) exp++;
  else mant |= 1n << 52n;
  return { mant, exp: exp - 1023 };
}

/** %b: decimal mantissa and binary exponent, e.g. 4503599627370496p-52. */
function fmtB(neg: boolean, x: number): string {
  const { mant, exp } = floatParts(Math.abs(x));
  const e = exp - 52;
  return (neg ? '-' : '') + mant.toString() + 'p' + (e >= 0 ? '+' : '') + e;
}

/** %x / %X: hexadecimal mantissa and binary exponent, e.g. 0x1.8p+01. */
function fmtX(neg: boolean, x: number, prec: number, fmtChar: 'x' | 'X'): string {
  const u64 = (v: bigint) => BigInt.asUintN(64, v);
  let { mant, exp } = floatParts(Math.abs(x));
  if (mant === 0n) exp = 0;
  mant = u64(mant << 8n); // leading 1 at bit 60
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant = u64(mant << 1n);
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = u64(mant << shift) & ((1n << 60n) - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant = u64(mant << (60n - shift));
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const digits = fmtChar === 'X' ? '0123456789ABCDEF' : '0123456789abcdef';
  let out = (neg ? '-' : '') + '0' + fmtChar + String(Number((mant >> 60n) & 1n));
  mant = u64(mant << 4n);
  if (prec < 0 && mant !== 0n) {
    out += '.';
    while (mant !== 0n) {
      out += digits[Number((mant >> 60n) & 15n)];
      mant = u64(mant << 4n);
    }
  } else if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) {
      out += digits[Number((mant >> 60n) & 15n)];
      mant = u64(mant << 4n);
    }
  }
  out += fmtChar === 'X' ? 'P' : 'p';
  out += exp < 0 ? '-' : '+';
  return out + String(Math.abs(exp)).padStart(2, '0');
}

export type FloatFormat = 'e' | 'E' | 'f' | 'g' | 'G' | 'b' | 'x' | 'X';

/** strconv.FormatFloat(v, fmt, prec, 64). prec < 0 means the shortest round-tripping form. */
export function formatFloat(v: number, fmtChar: FloatFormat, prec: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const neg = v < 0 || Object.is(v, -0);
  if (fmtChar === 'b') return fmtB(neg, v);
  if (fmtChar === 'x' || fmtChar === 'X') return fmtX(neg, v, prec, fmtChar);
  const shortest = prec < 0;
  let dg: Digits;
  if (shortest) {
    dg = shortestDigits(v);
    if (fmtChar === 'e' || fmtChar === 'E') prec = dg.d.length - 1;
    else if (fmtChar === 'f') prec = Math.max(dg.d.length - dg.dp, 0);
    else prec = dg.d.length;
  } else {
    dg = exactDigits(v);
    if (fmtChar === 'e' || fmtChar === 'E') dg = roundDigits(dg, prec + 1);
    else if (fmtChar === 'f') dg = roundDigits(dg, dg.dp + prec);
    else {
      if (prec === 0) prec = 1;
      dg = roundDigits(dg, prec);
    }
  }
  if (fmtChar === 'e' || fmtChar === 'E') return fmtE(neg, dg, prec, fmtChar);
  if (fmtChar === 'f') return fmtF(neg, dg, prec);
  return fmtG(neg, dg, prec, fmtChar, shortest);
}

function fmtG(neg: boolean, dg: Digits, prec: number, fmtChar: 'g' | 'G', shortest: boolean): string {
  let eprec = prec;
  if (eprec > dg.d.length && dg.d.length >= dg.dp) eprec = dg.d.length;
  // %e is used if the exponent is < -4 or >= precision; shortest uses 6 for this decision.
  if (shortest) eprec = 6;
  const exp = dg.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > dg.d.length) prec = dg.d.length;
    return fmtE(neg, dg, prec - 1, fmtChar === 'g' ? 'e' : 'E');
  }
  if (prec > dg.dp) prec = dg.d.length;
  return fmtF(neg, dg, Math.max(prec - dg.dp, 0));
}

// ---------------------------------------------------------------------------------------------
// encoding/json Marshal

/** Mirrors json.UnsupportedValueError / UnsupportedTypeError messages. */
export class GoJsonError extends Error {}

function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (cp === 8) out += '\\b';
    else if (cp === 12) out += '\\f';
    else if (cp === 10) out += '\\n';
    else if (cp === 13) out += '\\r';
    else if (cp === 9) out += '\\t';
    // Go escapes control characters and, with HTML escaping on (the default), <, > and &.
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&') out += '\\u00' + hex(cp, 2);
    else if (cp === 0x2028 || cp === 0x2029) out += '\\u' + hex(cp, 4);
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return out + '"';
}

function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new GoJsonError(`json: unsupported value: ${formatFloat(f, 'g', -1)}`);
  const abs = Math.abs(f);
  const useExp = abs !== 0 && (abs < 1e-6 || abs >= 1e21);
  let s = formatFloat(f, useExp ? 'e' : 'f', -1);
  // Go cleans up e-09 to e-9.
  if (useExp) s = s.replace(/e-0(\d)$/, 'e-$1');
  return s;
}

/** json.Marshal: sorted map keys, HTML-safe escaping, Go float formatting. */
export function goJsonMarshal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return jsonString(v);
    case 'number':
      return jsonFloat(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (Array.isArray(v)) return '[' + v.map(goJsonMarshal).join(',') + ']';
      return (
        '{' +
        Object.keys(v)
          .sort(compareGoStrings)
          .map((k) => jsonString(k) + ':' + goJsonMarshal((v as Record<string, unknown>)[k]))
          .join(',') +
        '}'
      );
    default:
      throw new GoJsonError(`json: unsupported type: ${typeof v}`);
  }
}

// ---------------------------------------------------------------------------------------------
// fmt.Sprintf

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  widPresent: boolean;
  wid: number;
  precPresent: boolean;
  prec: number;
}

const cleanFlags = (): Flags => ({
  plus: false,
  minus: false,
  sharp: false,
  space: false,
  zero: false,
  plusV: false,
  sharpV: false,
  widPresent: false,
  wid: 0,
  precPresent: false,
  prec: 0,
});

const LDIGITS = '0123456789abcdefx';
const UDIGITS = '0123456789ABCDEFX';

/** A port of Go's fmt.pp/fmt state machine, restricted to the value model above. */
class Printer {
  out = '';
  f: Flags = cleanFlags();
  /** Go's p.arg: the operand currently printed (used by bad-verb output). */
  arg: unknown = null;

  private writePadding(n: number): void {
    if (n <= 0) return;
    this.out += (this.f.zero && !this.f.minus ? '0' : ' ').repeat(n);
  }

  /** fmt.pad / padString: width counted in runes. */
  pad(s: string): void {
    if (!this.f.widPresent || this.f.wid === 0) {
      this.out += s;
      return;
    }
    const width = this.f.wid - runeCount(s);
    if (!this.f.minus) {
      this.writePadding(width);
      this.out += s;
    } else {
      this.out += s;
      this.writePadding(width);
    }
  }

  private truncate(s: string): string {
    if (!this.f.precPresent) return s;
    return Array.from(s).slice(0, this.f.prec).join('');
  }

  private fmtS(s: string): void {
    this.pad(this.truncate(s));
  }

  private fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.f.sharp && canBackquote(s)) {
      this.pad('`' + s + '`');
      return;
    }
    this.pad(quoteWith(s, '"', this.f.plus));
  }

  /** fmtSbx: hex encoding of the UTF-8 bytes. */
  private fmtSx(s: string, digits: string): void {
    const bytes = Buffer.from(s, 'utf8');
    let length = bytes.length;
    if (this.f.precPresent && this.f.prec < length) length = this.f.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.f.space) {
        if (this.f.sharp) width *= 2;
        width += length - 1;
      } else if (this.f.sharp) width += 2;
    } else {
      if (this.f.widPresent) this.writePadding(this.f.wid);
      return;
    }
    if (this.f.widPresent && this.f.wid > width && !this.f.minus) this.writePadding(this.f.wid - width);
    let buf = this.f.sharp ? '0' + digits[16] : '';
    for (let i = 0; i < length; i++) {
      if (this.f.space && i > 0) buf += this.f.sharp ? ' 0' + digits[16] : ' ';
      buf += digits[bytes[i] >> 4] + digits[bytes[i] & 0xf];
    }
    this.out += buf;
    if (this.f.widPresent && this.f.wid > width && this.f.minus) this.writePadding(this.f.wid - width);
  }

  private fmtString(v: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV) this.fmtQ(v);
        else this.fmtS(v);
        return;
      case 's':
        return this.fmtS(v);
      case 'x':
        return this.fmtSx(v, LDIGITS);
      case 'X':
        return this.fmtSx(v, UDIGITS);
      case 'q':
        return this.fmtQ(v);
      default:
        return this.badVerb(verb);
    }
  }

  private fmtBool(v: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.pad(v ? 'true' : 'false');
    else this.badVerb(verb);
  }

  /** fmt.fmtInteger for an int64 in the given base. */
  private fmtIntegerBase(v: bigint, base: number, verb: string, digits: string): void {
    const negative = v < 0n;
    let u = negative ? -v : v;
    let prec = 0;
    if (this.f.precPresent) {
      prec = this.f.prec;
      if (prec === 0 && u === 0n) {
        const oldZero = this.f.zero;
        this.f.zero = false;
        this.writePadding(this.f.wid);
        this.f.zero = oldZero;
        return;
      }
    } else if (this.f.zero && !this.f.minus && this.f.widPresent) {
      prec = this.f.wid;
      if (negative || this.f.plus || this.f.space) prec--;
    }
    let s = '';
    const b = BigInt(base);
    do {
      s = digits[Number(u % b)] + s;
      u /= b;
    } while (u > 0n);
    s = s.padStart(prec, '0');
    if (this.f.sharp) {
      if (base === 2) s = '0b' + s;
      else if (base === 8 && s[0] !== '0') s = '0' + s;
      else if (base === 16) s = '0' + digits[16] + s;
    }
    if (verb === 'O') s = '0o' + s;
    if (negative) s = '-' + s;
    else if (this.f.plus) s = '+' + s;
    else if (this.f.space) s = ' ' + s;
    const oldZero = this.f.zero;
    this.f.zero = false;
    this.pad(s);
    this.f.zero = oldZero;
  }

  private fmtInteger(v: bigint, verb: string): void {
    switch (verb) {
      case 'v':
      case 'd':
        return this.fmtIntegerBase(v, 10, verb, LDIGITS);
      case 'b':
        return this.fmtIntegerBase(v, 2, verb, LDIGITS);
      case 'o':
      case 'O':
        return this.fmtIntegerBase(v, 8, verb, LDIGITS);
      case 'x':
        return this.fmtIntegerBase(v, 16, verb, LDIGITS);
      case 'X':
        return this.fmtIntegerBase(v, 16, verb, UDIGITS);
      case 'c':
        return this.pad(String.fromCodePoint(validRune(v)));
      case 'q':
        if (v < 0n || v > 0x10ffffn) return this.badVerb(verb);
        return this.fmtQc(validRune(v));
      case 'U':
        return this.fmtUnicode(v);
      default:
        return this.badVerb(verb);
    }
  }

  private fmtQc(r: number): void {
    const ch = String.fromCodePoint(r);
    if (this.f.sharp && isPrint(r)) this.pad("'" + ch + "'");
    else this.pad(quoteWith(ch, "'", this.f.plus));
  }

  private fmtUnicode(v: bigint): void {
    const u = BigInt.asUintN(64, v);
    let prec = 4;
    if (this.f.precPresent && this.f.prec > 4) prec = this.f.prec;
    let s = 'U+' + u.toString(16).toUpperCase().padStart(prec, '0');
    if (this.f.sharp && u <= 0x10ffffn && isPrint(Number(u))) s += " '" + String.fromCodePoint(Number(u)) + "'";
    const oldZero = this.f.zero;
    this.f.zero = false;
    this.pad(s);
    this.f.zero = oldZero;
  }

  private fmtFloat(v: number, verb: string): void {
    switch (verb) {
      case 'v':
        return this.fmtFloatWith(v, 'g', -1);
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        return this.fmtFloatWith(v, verb, -1);
      case 'f':
      case 'e':
      case 'E':
        return this.fmtFloatWith(v, verb, 6);
      case 'F':
        return this.fmtFloatWith(v, 'f', 6);
      default:
        return this.badVerb(verb);
    }
  }

  /** fmt.fmtFloat: sign handling, zero padding, the '#' flag. */
  private fmtFloatWith(v: number, verb: FloatFormat, prec: number): void {
    if (this.f.precPresent) prec = this.f.prec;
    let num = formatFloat(v, verb, prec);
    num = num[0] === '-' || num[0] === '+' ? num : '+' + num;
    if (this.f.space && num[0] === '+' && !this.f.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      const oldZero = this.f.zero;
      this.f.zero = false;
      if (num[1] === 'N' && !this.f.space && !this.f.plus) num = num.slice(1);
      this.pad(num);
      this.f.zero = oldZero;
      return;
    }
    if (this.f.sharp && verb !== 'b') num = this.sharpFloat(num, verb, prec);
    if (this.f.plus || num[0] !== '+') {
      if (this.f.zero && !this.f.minus && this.f.widPresent && this.f.wid > num.length) {
        this.out += num[0];
        this.writePadding(this.f.wid - num.length);
        this.out += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  /** The '#' flag: always print a decimal point, keep trailing zeros for %g. */
  private sharpFloat(num: string, verb: string, prec: number): string {
    let digits = 0;
    if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x') digits = prec === -1 ? 6 : prec;
    let tail = '';
    let hasDecimalPoint = false;
    let sawNonzeroDigit = false;
    for (let i = 1; i < num.length; i++) {
      const c = num[i];
      if (c === '.') hasDecimalPoint = true;
      else if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
        tail = num.slice(i);
        num = num.slice(0, i);
        break;
      } else {
        if (c !== '0') sawNonzeroDigit = true;
        if (sawNonzeroDigit) digits--;
      }
    }
    if (!hasDecimalPoint) {
      if (num.length === 2 && num[1] === '0') digits--;
      num += '.';
    }
    while (digits > 0) {
      num += '0';
      digits--;
    }
    return num + tail;
  }

  badVerb(verb: string): void {
    this.out += '%!' + verb + '(';
    if (this.arg !== null && this.arg !== undefined) {
      this.out += goTypeName(this.arg) + '=';
      this.printArg(this.arg, 'v');
    } else this.out += '<nil>';
    this.out += ')';
  }

  printArg(arg: unknown, verb: string): void {
    this.arg = arg;
    if (arg === null || arg === undefined) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb);
      return;
    }
    if (verb === 'T') return this.fmtS(goTypeName(arg));
    // %p needs a pointer; %w is only meaningful in fmt.Errorf (Go reports both before printing).
    if (verb === 'p' || verb === 'w') return this.badVerb(verb);
    this.printValue(arg, verb, 0);
  }

  /** printValue: containers print their elements with the same verb (Go's reflection path). */
  private printValue(v: unknown, verb: string, depth: number): void {
    if (depth > 0) this.arg = v;
    if (v === null || v === undefined) {
      // A nil interface inside a container prints <nil> whatever the verb.
      if (this.f.sharpV) this.out += 'interface {}(nil)';
      else this.pad('<nil>');
      return;
    }
    switch (typeof v) {
      case 'string':
        return this.fmtString(v, verb);
      case 'number':
        return this.fmtFloat(v, verb);
      case 'bigint':
        return this.fmtInteger(v, verb);
      case 'boolean':
        return this.fmtBool(v, verb);
    }
    if (Array.isArray(v)) return this.printSlice(v, verb, depth);
    if (isGoMap(v)) return this.printMap(v, verb, depth);
    this.badVerb(verb);
  }

  private printSlice(v: unknown[], verb: string, depth: number): void {
    if (this.f.sharpV) {
      this.out += '[]interface {}{';
      v.forEach((e, i) => {
        if (i > 0) this.out += ', ';
        this.printValue(e, verb, depth + 1);
      });
      this.out += '}';
      return;
    }
    this.out += '[';
    v.forEach((e, i) => {
      if (i > 0) this.out += ' ';
      this.printValue(e, verb, depth + 1);
    });
    this.out += ']';
  }

  private printMap(v: Record<string, unknown>, verb: string, depth: number): void {
    this.out += this.f.sharpV ? 'map[string]interface {}{' : 'map[';
    Object.keys(v)
      .sort(compareGoStrings)
      .forEach((k, i) => {
        if (i > 0) this.out += this.f.sharpV ? ', ' : ' ';
        this.printValue(k, verb, depth + 1);
        this.out += ':';
        this.printValue(v[k], verb, depth + 1);
      });
    this.out += this.f.sharpV ? '}' : ']';
  }
}

function validRune(v: bigint): number {
  const u = BigInt.asUintN(64, v);
  if (u > 0x10ffffn || (u >= 0xd800n && u <= 0xdfffn)) return 0xfffd;
  return Number(u);
}

const tooLarge = (n: number) => n > 1e6 || n < -1e6;

/** parsenum: a decimal number at s[start:end]. */
function parseNum(s: string, start: number, end: number): { num: number; isNum: boolean; next: number } {
  if (start >= end) return { num: 0, isNum: false, next: end };
  let num = 0;
  let isNum = false;
  let i = start;
  for (; i < end && s[i] >= '0' && s[i] <= '9'; i++) {
    if (tooLarge(num)) return { num: 0, isNum: false, next: end };
    num = num * 10 + (s.charCodeAt(i) - 48);
    isNum = true;
  }
  return { num, isNum, next: i };
}

/** intFromArg: only integer operands (int64 here) are valid for '*'. */
function intFromArg(args: unknown[], argNum: number): { num: number; isInt: boolean; argNum: number } {
  if (argNum >= args.length) return { num: 0, isInt: false, argNum };
  const a = args[argNum];
  if (typeof a === 'bigint' && !tooLarge(Number(a))) return { num: Number(a), isInt: true, argNum: argNum + 1 };
  return { num: 0, isInt: false, argNum: argNum + 1 };
}

/**
 * Go's fmt.Sprintf. Supports flags (+ - # space 0), width, precision, '*', explicit argument
 * indexes ([n]) and Go's error forms: %!d(float64=3), %!s(MISSING), %!(EXTRA string=x),
 * %!(NOVERB), %!v(BADINDEX), %!(BADWIDTH), %!(BADPREC).
 */
export function sprintf(format: string, ...args: unknown[]): string {
  const p = new Printer();
  let argNum = 0;
  let reordered = false;
  let i = 0;
  const end = format.length;

  const argNumber = (at: number): { argNum: number; i: number; found: boolean; good: boolean } => {
    if (at >= end || format[at] !== '[') return { argNum, i: at, found: false, good: true };
    reordered = true;
    const close = format.indexOf(']', at + 1);
    if (end - at < 3 || close < 0) return { argNum, i: at + 1, found: false, good: false };
    const n = parseNum(format, at + 1, close);
    if (!n.isNum || n.next !== close) return { argNum, i: close + 1, found: false, good: false };
    const index = n.num - 1;
    if (index >= 0 && index < args.length) return { argNum: index, i: close + 1, found: true, good: true };
    return { argNum, i: close + 1, found: true, good: false };
  };

  while (i < end) {
    let goodArgNum = true;
    const next = format.indexOf('%', i);
    if (next < 0) {
      p.out += format.slice(i);
      break;
    }
    p.out += format.slice(i, next);
    i = next + 1;
    p.f = cleanFlags();
    for (; i < end; i++) {
      const c = format[i];
      if (c === '#') p.f.sharp = true;
      else if (c === '0') p.f.zero = true;
      else if (c === '+') p.f.plus = true;
      else if (c === '-') p.f.minus = true;
      else if (c === ' ') p.f.space = true;
      else break;
    }

    let idx = argNumber(i);
    argNum = idx.argNum;
    i = idx.i;
    let afterIndex = idx.found;
    goodArgNum = goodArgNum && idx.good;

    if (i < end && format[i] === '*') {
      i++;
      const w = intFromArg(args, argNum);
      p.f.wid = w.num;
      p.f.widPresent = w.isInt;
      argNum = w.argNum;
      if (!w.isInt) p.out += '%!(BADWIDTH)';
      if (p.f.wid < 0) {
        p.f.wid = -p.f.wid;
        p.f.minus = true;
        p.f.zero = false;
      }
      afterIndex = false;
    } else {
      const w = parseNum(format, i, end);
      p.f.wid = w.num;
      p.f.widPresent = w.isNum;
      i = w.next;
      if (afterIndex && p.f.widPresent) goodArgNum = false;
    }

    if (i + 1 <= end && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      idx = argNumber(i);
      argNum = idx.argNum;
      i = idx.i;
      afterIndex = idx.found;
      goodArgNum = goodArgNum && idx.good;
      if (i < end && format[i] === '*') {
        i++;
        const pr = intFromArg(args, argNum);
        p.f.prec = pr.num;
        p.f.precPresent = pr.isInt;
        argNum = pr.argNum;
        if (p.f.prec < 0) {
          p.f.prec = 0;
          p.f.precPresent = false;
        }
        if (!p.f.precPresent) p.out += '%!(BADPREC)';
        afterIndex = false;
      } else {
        const pr = parseNum(format, i, end);
        p.f.prec = pr.num;
        p.f.precPresent = true;
        i = pr.next;
      }
    }

    if (!afterIndex) {
      idx = argNumber(i);
      argNum = idx.argNum;
      i = idx.i;
      afterIndex = idx.found;
      goodArgNum = goodArgNum && idx.good;
    }

    if (i >= end) {
      p.out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) as number);
    i += verb.length;

    if (verb === '%') {
      p.out += '%';
    } else if (!goodArgNum) {
      p.out += '%!' + verb + '(BADINDEX)';
    } else if (argNum >= args.length) {
      p.out += '%!' + verb + '(MISSING)';
    } else {
      if (verb === 'v') {
        p.f.sharpV = p.f.sharp;
        p.f.sharp = false;
        p.f.plusV = p.f.plus;
        p.f.plus = false;
      }
      p.printArg(args[argNum], verb);
      argNum++;
    }
  }

  if (!reordered && argNum < args.length) {
    p.f = cleanFlags();
    p.out += '%!(EXTRA ';
    args.slice(argNum).forEach((a, k) => {
      if (k > 0) p.out += ', ';
      if (a === null || a === undefined) p.out += '<nil>';
      else {
        p.out += goTypeName(a) + '=';
        p.printArg(a, 'v');
      }
    });
    p.out += ')';
  }
  return p.out;
}
