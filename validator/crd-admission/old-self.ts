// Does a CEL rule refer to the variable `oldSelf` (making it a transition rule)? Upstream reads
// the type-checked AST's reference map (schema/cel/compilation.go UsesOldSelf); here the rule is
// scanned for an `oldSelf` identifier that is neither inside a string literal or comment nor a
// field selection (`x.oldSelf`). A macro variable named oldSelf would shadow it upstream; rules
// do not do that.

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;

/** Skips a string literal starting at i (after any r/b prefixes); returns the index after it. */
function skipString(src: string, i: number, raw: boolean): number {
  const q = src[i];
  const triple = src.startsWith(q.repeat(3), i);
  const close = triple ? q.repeat(3) : q;
  let j = i + close.length;
  while (j < src.length) {
    if (!raw && src[j] === '\\') {
      j += 2;
      continue;
    }
    if (src.startsWith(close, j)) return j + close.length;
    if (!triple && (src[j] === '\n' || src[j] === '\r')) return j;
    j++;
  }
  return j;
}

export function usesOldSelf(rule: string): boolean {
  let i = 0;
  let prevSignificant = '';
  while (i < rule.length) {
    const c = rule[i];
    if (c === '/' && rule[i + 1] === '/') {
      while (i < rule.length && rule[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      i = skipString(rule, i, false);
      prevSignificant = '"';
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i;
      while (j < rule.length && IDENT_PART.test(rule[j])) j++;
      const word = rule.slice(i, j);
      // r'..', b'..', rb'..', br'..' string prefixes.
      if (/^(r|b|rb|br|R|B|RB|BR|Rb|rB|Br|bR)$/.test(word) && (rule[j] === '"' || rule[j] === "'")) {
        i = skipString(rule, j, /r/i.test(word));
        prevSignificant = '"';
        continue;
      }
      if (word === 'oldSelf' && prevSignificant !== '.') return true;
      prevSignificant = 'a';
      i = j;
      continue;
    }
    if (!/\s/.test(c)) prevSignificant = c === '?' && prevSignificant === '.' ? '.' : c;
    i++;
  }
  return false;
}
