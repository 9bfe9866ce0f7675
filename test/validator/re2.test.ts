// Go regexp semantics of validator/re2.ts, proven with Go's and RE2's own test tables.
import goFind from '../fixtures/re2/go-find.json';
import goParse from '../fixtures/re2/go-parse.json';
import re2Search from '../fixtures/re2/re2-search.json';
import re2VsJs from '../fixtures/re2/re2-vs-js.json';
import { compileRe2, re2RegExpEngine, re2SyntaxError, Re2SyntaxError } from '../../validator/re2';

interface FindCase { pattern: string; text: string; max: number; findAll: string[]; submatch?: (string | null)[] | null }
interface ParseCase { test: string; pattern?: string; build?: [string, number][]; valid: boolean; error?: string }
interface SearchCase { pattern: string; text: string; full: (string | null)[] | null; partial: (string | null)[] | null }
interface DiffCase { pattern: string; text: string; re2: boolean | { error: string }; js: boolean | 'SyntaxError'; why: string }

const groups = (m: (string | undefined)[] | null) => (m ? m.map((g) => g ?? null) : null);
const label = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);

describe('regexp/find_test.go findTests', () => {
  const cases = goFind.cases as FindCase[];
  it('holds the translated table', () => expect(cases).toHaveLength(90));

  it.each(cases.map((c) => [label(c.pattern), label(c.text), c] as const))('%s on %s', (_p, _t, c) => {
    const re = compileRe2(c.pattern);
    expect(re.findAllString(c.text, c.max)).toEqual(c.findAll);
    if (c.submatch === undefined) return; // max 0: the table says nothing about a single match
    expect(groups(re.exec(c.text))).toEqual(c.submatch);
    expect(re.test(c.text)).toBe(c.submatch !== null);
    expect(re.findString(c.text)).toBe(c.submatch?.[0] ?? '');
  });
});

describe('regexp/testdata/re2-search.txt (TestRE2Search)', () => {
  const cases = re2Search.cases as SearchCase[];
  it('holds the translated log', () => expect(cases).toHaveLength(1804));

  it('every pattern and text agree with RE2 for the leftmost-first partial and full match', () => {
    const failures: string[] = [];
    for (const c of cases) {
      const partial = compileRe2(c.pattern);
      const full = compileRe2(`\\A(?:${c.pattern})\\z`);
      const got = { partial: groups(partial.exec(c.text)), full: groups(full.exec(c.text)) };
      if (JSON.stringify(got) !== JSON.stringify({ partial: c.partial, full: c.full })) failures.push(`${c.pattern} on ${JSON.stringify(c.text)}: ${JSON.stringify(got)}`);
      if (partial.test(c.text) !== (c.partial !== null)) failures.push(`${c.pattern}.test(${JSON.stringify(c.text)})`);
    }
    expect(failures).toEqual([]);
  });
});

describe('regexp/all_test.go and regexp/syntax/parse_test.go: what regexp.Compile accepts', () => {
  const cases = goParse.cases as ParseCase[];
  const patternOf = (c: ParseCase) => c.pattern ?? (c.build ?? []).map(([piece, n]) => piece.repeat(n)).join('');

  it.each(cases.map((c) => [c.test, label(patternOf(c)), c] as const))('%s: %s', (_t, _p, c) => {
    const error = re2SyntaxError(patternOf(c));
    if (c.valid) {
      expect(error).toBeUndefined();
      return;
    }
    expect(error).toMatch(/^error parsing regexp: /);
    if (c.error) expect(error).toContain(c.error);
  });

  it('ends every message as Go syntax.Error does: ": `<expr>`", the whole pattern for size/nesting limits, empty after a trailing backslash', () => {
    expect(re2SyntaxError('abc\\')).toBe('error parsing regexp: trailing backslash at end of expression: ``');
    const deep = `${'('.repeat(1001)}${')'.repeat(1001)}`;
    expect(re2SyntaxError(deep)).toBe(`error parsing regexp: expression nests too deeply: \`${deep}\``);
  });

  it('throws Re2SyntaxError with Go text, also when the pattern is compiled again (cached)', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => compileRe2('a(?=b)')).toThrow(Re2SyntaxError);
      expect(() => compileRe2('a(?=b)')).toThrow('error parsing regexp: invalid or unsupported Perl syntax: `(?=`');
    }
  });
});

describe('where RE2 and JavaScript RegExp differ', () => {
  const cases = re2VsJs.cases as DiffCase[];

  it.each(cases.map((c) => [label(c.pattern), label(c.text), c.why, c] as const))('%s on %s: %s', (_p, _t, _w, c) => {
    if (typeof c.re2 === 'boolean') expect(compileRe2(c.pattern).test(c.text)).toBe(c.re2);
    else expect(re2SyntaxError(c.pattern)).toBe(c.re2.error);
    let js: boolean | 'SyntaxError';
    try {
      js = new RegExp(c.pattern, 'u').test(c.text);
    } catch {
      js = 'SyntaxError';
    }
    expect(js).toBe(c.js);
  });

  it('differ in most rows, so the table documents real differences', () => {
    const differing = cases.filter((c) => c.re2 !== c.js);
    expect(differing.length).toBeGreaterThanOrEqual(40);
  });
});

describe('findAllString follows Go allMatches, not re2j Matcher.find()', () => {
  it.each([
    ['a*', 'baaab', -1, ['', 'aaa', '']], // no empty match right after "aaa"
    ['', 'ab', -1, ['', '', '']],
    ['x*', '😀😀', -1, ['', '', '']], // an empty match advances one code point, not one UTF-16 unit
    ['.', '😀a', -1, ['😀', 'a']],
    ['[0-9]+', '123 abc 456', 0, []],
    ['[0-9]+', '123 abc 456', 1, ['123']],
    ['^a', 'aaa', -1, ['a']], // ^ is the start of the text, not of the search
    ['\\ba', 'aa a', -1, ['a', 'a']],
  ] as const)('%s on %s (n=%d)', (pattern, text, n, want) => {
    expect(compileRe2(pattern).findAllString(text, n)).toEqual(want);
  });
});

describe('Ajv regExp engine', () => {
  it('compiles Go syntax and refuses what Go refuses with the API server wording', () => {
    expect(re2RegExpEngine('^\\pL+\\z', 'u').test('héllo')).toBe(true);
    expect(() => re2RegExpEngine('(?=x)', 'u')).toThrow('pattern "(?=x)" must be a valid regular expression, but isn\'t: error parsing regexp: invalid or unsupported Perl syntax: `(?=`');
  });

  it('gives every pattern a distinct key (Ajv dedupes compiled patterns by toString)', () => {
    expect(String(re2RegExpEngine('a/b', 'u'))).not.toBe(String(re2RegExpEngine('a', 'u')));
  });
});
