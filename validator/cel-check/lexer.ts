// Tokenizer for the CEL grammar of cel-go (parser/gen/CEL.g4), over code points so that offsets match
// cel-go's source positions.

export type TokenType =
  | 'IDENT'
  | 'INT'
  | 'UINT'
  | 'FLOAT'
  | 'STRING'
  | 'BYTES'
  | 'TRUE'
  | 'FALSE'
  | 'NULL'
  | 'IN'
  | 'PUNCT'
  | 'EOF';

export interface Token {
  readonly type: TokenType;
  /** source text of the token (for PUNCT the operator itself) */
  readonly text: string;
  readonly start: number;
}

export class LexError extends Error {
  constructor(
    readonly offset: number,
    readonly text: string,
  ) {
    super(`token recognition error at: '${text}'`);
  }
}

const PUNCT2 = ['==', '!=', '<=', '>=', '&&', '||'];
const PUNCT1 = '<>[]{}().,-!?:+*/%';
const KEYWORDS: Record<string, TokenType> = { true: 'TRUE', false: 'FALSE', null: 'NULL', in: 'IN' };

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isLetter = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z]$/.test(c);
const isIdentStart = (c: string | undefined): boolean => isLetter(c) || c === '_';
const isIdentPart = (c: string | undefined): boolean => isIdentStart(c) || isDigit(c);

export function tokenize(cp: readonly string[]): Token[] {
  const out: Token[] = [];
  let i = 0;
  const text = (from: number, to: number): string => cp.slice(from, to).join('');
  while (i < cp.length) {
    const c = cp[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f') {
      i++;
      continue;
    }
    if (c === '/' && cp[i + 1] === '/') {
      while (i < cp.length && cp[i] !== '\n') i++;
      continue;
    }
    const start = i;
    // String and bytes literals, optionally raw: b"..", r'..', br"""..""".
    const strLen = stringLength(cp, i);
    if (strLen > 0) {
      const isBytes = c === 'b' || c === 'B';
      out.push({ type: isBytes ? 'BYTES' : 'STRING', text: text(i, i + strLen), start });
      i += strLen;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(cp[i + 1]))) {
      const len = numberLength(cp, i);
      const tok = text(i, i + len.length);
      out.push({ type: len.type, text: tok, start });
      i += len.length;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (isIdentPart(cp[j])) j++;
      const word = text(i, j);
      out.push({ type: KEYWORDS[word] ?? 'IDENT', text: word, start });
      i = j;
      continue;
    }
    const two = c + (cp[i + 1] ?? '');
    if (PUNCT2.includes(two)) {
      out.push({ type: 'PUNCT', text: two, start });
      i += 2;
      continue;
    }
    if (PUNCT1.includes(c)) {
      out.push({ type: 'PUNCT', text: c, start });
      i++;
      continue;
    }
    // a lone '|' or '&' is the prefix of '||' / '&&': ANTLR reports it with the character that broke it
    throw new LexError(start, (c === '|' || c === '&') && cp[i + 1] !== undefined ? c + cp[i + 1] : c);
  }
  out.push({ type: 'EOF', text: '<EOF>', start: cp.length });
  return out;
}

function numberLength(cp: readonly string[], i: number): { type: TokenType; length: number } {
  let j = i;
  if (cp[j] === '0' && cp[j + 1] === 'x' && isHex(cp[j + 2])) {
    j += 2;
    while (isHex(cp[j])) j++;
    if (cp[j] === 'u' || cp[j] === 'U') return { type: 'UINT', length: j + 1 - i };
    return { type: 'INT', length: j - i };
  }
  const digitsFrom = (k: number): number => {
    let m = k;
    while (isDigit(cp[m])) m++;
    return m;
  };
  const exponent = (k: number): number => {
    if (cp[k] !== 'e' && cp[k] !== 'E') return k;
    let m = k + 1;
    if (cp[m] === '+' || cp[m] === '-') m++;
    return isDigit(cp[m]) ? digitsFrom(m) : k;
  };
  if (cp[j] === '.') {
    const end = exponent(digitsFrom(j + 1));
    return { type: 'FLOAT', length: end - i };
  }
  j = digitsFrom(j);
  if (cp[j] === '.' && isDigit(cp[j + 1])) return { type: 'FLOAT', length: exponent(digitsFrom(j + 1)) - i };
  const e = exponent(j);
  if (e > j) return { type: 'FLOAT', length: e - i };
  if (cp[j] === 'u' || cp[j] === 'U') return { type: 'UINT', length: j + 1 - i };
  return { type: 'INT', length: j - i };
}

/** Length of the string/bytes literal starting at i, 0 if none starts there; throws on unterminated ones. */
function stringLength(cp: readonly string[], i: number): number {
  let j = i;
  if (cp[j] === 'b' || cp[j] === 'B') j++;
  let raw = false;
  if (cp[j] === 'r' || cp[j] === 'R') {
    raw = true;
    j++;
  }
  const q = cp[j];
  if (q !== '"' && q !== "'") return 0;
  const triple = cp[j + 1] === q && cp[j + 2] === q;
  // ANTLR reports the text from the token start through the character that cannot continue it
  const fail = (at: number): never => {
    throw new LexError(i, cp.slice(i, at + 1).join(''));
  };
  if (triple) {
    let k = j + 3;
    for (;;) {
      if (k >= cp.length) fail(k);
      if (cp[k] === q && cp[k + 1] === q && cp[k + 2] === q) return k + 3 - i;
      if (!raw && cp[k] === '\\') {
        const n = escapeLength(cp, k);
        if (n <= 0) fail(k - n);
        k += n;
      } else k++;
    }
  }
  let k = j + 1;
  for (;;) {
    const c = cp[k];
    if (c === undefined || c === '\n' || c === '\r') fail(k);
    if (c === q) return k + 1 - i;
    if (!raw && c === '\\') {
      const n = escapeLength(cp, k);
      if (n <= 0) fail(k - n);
      k += n;
    } else k++;
  }
}

/**
 * Length of the escape sequence (ESC_SEQ) at k; when it is not a valid one, minus the distance from k to
 * the first character that breaks it (0 or less).
 */
function escapeLength(cp: readonly string[], k: number): number {
  const c = cp[k + 1];
  if (c === undefined) return -1;
  if ('abfnrtv"\'\\?`'.includes(c)) return 2;
  const run = (n: number, ok: (x: string | undefined) => boolean): number => {
    for (let x = 0; x < n; x++) if (!ok(cp[k + 2 + x])) return -(2 + x);
    return n + 2;
  };
  if (c >= '0' && c <= '3') return run(2, (x) => x !== undefined && x >= '0' && x <= '7');
  if (c === 'x' || c === 'X') return run(2, isHex);
  if (c === 'u') return run(4, isHex);
  if (c === 'U') return run(8, isHex);
  return -1;
}
