// Go's regexp package as the renderer emulates it (RE2 syntax, leftmost-first semantics, Go's error texts).
import { compileGoRegexp } from '../../../renderer/go/regexp';

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('Go regexp (RE2) semantics', () => {
  const matches = (re: string, s: string) => compileGoRegexp(re).test(s);
  const compileError = (re: string) => errorOf(() => compileGoRegexp(re));

  test('DotMatchesCarriageReturnButNotNewline', () => {
    expect(matches('^a.b$', 'a\rb')).toBe(true);
    expect(matches('^a.b$', 'a\nb')).toBe(false);
    expect(matches('(?s)^a.b$', 'a\nb')).toBe(true);
  });
  test('DollarIsEndOfTextUnlessMultiline', () => {
    expect(matches('a$', 'a\n')).toBe(false);
    expect(matches('(?m)a$', 'a\nb')).toBe(true);
    expect(matches('(?m)^b', 'a\nb')).toBe(true);
    expect(matches('\\Aa\\z', 'a')).toBe(true);
  });
  test('WhitespaceClassExcludesVerticalTab', () => {
    expect(matches('^\\s$', '\v')).toBe(false);
    expect(matches('^\\s$', '\t')).toBe(true);
    expect(matches('^\\S$', '\v')).toBe(true);
  });
  test('ScopedCaseInsensitivity', () => {
    expect(matches('^(?i:ab)c$', 'ABc')).toBe(true);
    expect(matches('^(?i:ab)c$', 'ABC')).toBe(false);
    expect(matches('^(?i)[a-c]+$', 'AbC')).toBe(true);
  });
  test('UngreedyFlagSwapsGreediness', () => {
    expect(compileGoRegexp('(?U)a+').exec('aaa')?.[0]).toBe('a');
    expect(compileGoRegexp('(?U)a+?').exec('aaa')?.[0]).toBe('aaa');
  });
  test('PosixAndUnicodeClasses', () => {
    expect(matches('^[[:alpha:]_]+$', 'ab_C')).toBe(true);
    expect(matches('^[[:^digit:]]+$', 'ab')).toBe(true);
    expect(matches('^\\pL+$', 'héllo')).toBe(true);
    expect(matches('^\\p{Greek}+$', 'αβγ')).toBe(true);
  });
  test('EscapesAndLiterals', () => {
    expect(matches('^\\x41\\x{42}\\101$', 'ABA')).toBe(true);
    expect(matches('^\\Qa.b\\E$', 'a.b')).toBe(true);
    expect(matches('^\\Qa.b\\E$', 'axb')).toBe(false);
    expect(matches('^a{,2}$', 'a{,2}')).toBe(true);
    expect(matches('^\\-\\_$', '-_')).toBe(true);
  });
  test('RepeatCounts', () => {
    expect(matches('^a{2,3}$', 'aaa')).toBe(true);
    expect(matches('^a{2,3}$', 'aaaa')).toBe(false);
  });
  test.each([
    ['MissingBracket', '[a-z', 'error parsing regexp: missing closing ]: `[a-z`'],
    ['MissingRepeatArgument', '*a', 'error parsing regexp: missing argument to repetition operator: `*`'],
    ['NestedRepetition', 'a**', 'error parsing regexp: invalid nested repetition operator: `**`'],
    ['Lookahead', 'a(?=b)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['Lookbehind', '(?<=a)b', 'error parsing regexp: invalid named capture: `(?<=a)b`'],
    ['Backreference', '(a)\\1', 'error parsing regexp: invalid escape sequence: `\\1`'],
    ['RepeatTooLarge', 'a{1001}', 'error parsing regexp: invalid repeat count: `{1001}`'],
    ['MissingParen', '(abc', 'error parsing regexp: missing closing ): `(abc`'],
    ['UnexpectedParen', 'abc)', 'error parsing regexp: unexpected ): `abc)`'],
    ['BadRange', '[z-a]', 'error parsing regexp: invalid character class range: `z-a`'],
    ['UnknownUnicodeClass', '\\p{Klingon}', 'error parsing regexp: invalid character class range: `\\p{Klingon}`'],
    ['UnknownPosixClass', '[[:word2:]]', 'error parsing regexp: invalid character class range: `[:word2:]`'],
    ['TrailingBackslash', 'a\\', 'error parsing regexp: trailing backslash at end of expression: ``'],
    ['InvalidNamedCapture', '(?P<a-b>x)', 'error parsing regexp: invalid named capture: `(?P<a-b>`'],
  ])('CompileError %s', (_name, re, message) => {
    expect(compileError(re)).toBe(message);
  });
});
