// Go's `regexp` for every regex the API server, cel-go or function-patch-and-transform would evaluate
// with it: OpenAPI `pattern` (kube-openapi validate.Pattern: regexp.Compile + MatchString), CEL
// matches()/find()/findAll() and P&T regexps. RE2 syntax and leftmost-first semantics, linear time
// (re2js), never JS backtracking: a JS RegExp disagrees on syntax (lookarounds, backreferences, \Z)
// and semantics (\s, $, case folding) and can take exponential time on a hostile 200 KB string.
import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';
import type { RegExpEngine } from 'ajv/dist/types';

/** regexp.Compile's error; the message is Go's: "error parsing regexp: <code>: `<expr>`". */
export class Re2SyntaxError extends Error {
  override readonly name = 'Re2SyntaxError';
}

// test()'s answers kept per regexp for short strings: a render tests the same label keys, names and
// timestamps against the same few schema patterns thousands of times (4,752 label-key tests in a
// dev-claim render), and re2js simulates its automaton on every call. Bounded: a regexp remembers at
// most this many strings of at most this length.
const MEMO_ENTRIES = 4096;
const MEMO_MAX_LENGTH = 256;

/** A compiled Go regexp with the Go methods the callers need. */
export class Re2Regexp {
  private readonly answers = new Map<string, boolean>();

  constructor(
    readonly source: string,
    private readonly re: RE2JS,
  ) {}

  /** MatchString: is there a match anywhere (unanchored search)? */
  test(s: string): boolean {
    let answer = this.answers.get(s);
    if (answer === undefined) {
      answer = this.re.test(s);
      if (s.length <= MEMO_MAX_LENGTH && this.answers.size < MEMO_ENTRIES) this.answers.set(s, answer);
    }
    return answer;
  }

  /**
   * FindStringSubmatch: the leftmost-first match and its groups (undefined for a group that did
   * not take part), or null.
   */
  exec(s: string): (string | undefined)[] | null {
    const m = this.re.matcher(s);
    if (!m.find()) return null;
    const out: (string | undefined)[] = [];
    for (let g = 0; g <= m.groupCount(); g++) out.push(m.group(g) ?? undefined);
    return out;
  }

  /** FindString: the leftmost-first match, "" when there is none. */
  findString(s: string): string {
    const m = this.re.matcher(s);
    return m.find() ? (m.group() ?? '') : '';
  }

  /**
   * FindAllString(s, n): successive non-overlapping matches, at most n (all when n < 0). As in Go's
   * allMatches, an empty match right after the previous match is skipped, and an empty match
   * advances the search by one code point (re2j's Matcher.find() does neither the Go way).
   */
  findAllString(s: string, n: number): string[] {
    const out: string[] = [];
    const m = this.re.matcher(s);
    const limit = n < 0 ? s.length + 1 : n;
    let prevMatchEnd = -1;
    for (let pos = 0; out.length < limit && pos <= s.length; ) {
      if (!m.find(pos)) break;
      const start = m.start();
      const end = m.end();
      let accept = true;
      if (end === pos) {
        if (start === prevMatchEnd) accept = false;
        pos += pos < s.length && (s.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
      } else {
        pos = end;
      }
      prevMatchEnd = end;
      if (accept) out.push(s.slice(start, end));
    }
    return out;
  }

  /** Ajv keys its compiled patterns by toString(): it must differ for every pattern. */
  toString(): string {
    return `/${this.source}/`;
  }
}

// Patterns come from schemas and rules, so the distinct ones are few; the cap only bounds a rule
// that builds a new pattern per object.
const MAX_CACHED = 10_000;
const cache = new Map<string, Re2Regexp | string>();

/** regexp.Compile (Perl flags, as regexp.Compile and MustCompile use); throws Re2SyntaxError. */
export function compileRe2(pattern: string): Re2Regexp {
  let hit = cache.get(pattern);
  if (hit === undefined) {
    try {
      hit = new Re2Regexp(pattern, RE2JS.compile(pattern));
    } catch (e) {
      if (!(e instanceof RE2JSException)) throw e;
      hit = goErrorText(e, pattern);
    }
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(pattern, hit);
  }
  if (typeof hit === 'string') throw new Re2SyntaxError(hit);
  return hit;
}

// Go's syntax.Error always ends in ": `<expr>`": the whole pattern for the size and nesting limits,
// "" for a trailing backslash. re2j drops the suffix when it has no expression.
const WHOLE_PATTERN_ERRORS = new Set(['expression too large', 'expression nests too deeply']);

function goErrorText(e: RE2JSException, pattern: string): string {
  if (!(e instanceof RE2JSSyntaxException)) return `error parsing regexp: ${e.message}`;
  const expr = e.input ?? (WHOLE_PATTERN_ERRORS.has(e.error) ? pattern : '');
  return `error parsing regexp: ${e.error}: \`${expr}\``;
}

/** Go's compile error for `pattern`, or undefined when Go's regexp accepts it. */
export function re2SyntaxError(pattern: string): string | undefined {
  try {
    compileRe2(pattern);
    return undefined;
  } catch (e) {
    if (e instanceof Re2SyntaxError) return e.message;
    throw e;
  }
}

/**
 * Ajv's `code.regExp`: every `pattern` (and patternProperties/propertyNames pattern) Ajv compiles
 * goes through Go's regexp. The `u` flag Ajv passes is irrelevant: RE2 always matches code points.
 * A pattern Go refuses makes the schema fail to compile with Go's message, as the API server
 * refuses such a CRD.
 */
export const re2RegExpEngine: RegExpEngine = Object.assign((pattern: string) => {
  try {
    return compileRe2(pattern);
  } catch (e) {
    if (e instanceof Re2SyntaxError) throw new Re2SyntaxError(`pattern ${JSON.stringify(pattern)} must be a valid regular expression, but isn't: ${e.message}`);
    throw e;
  }
}, {
  // Ajv's RegExpEngine type requires it; only Ajv's standalone code generation (not used) reads it.
  code: 'require("./validator/re2").re2RegExpEngine',
});
