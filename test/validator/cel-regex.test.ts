// CEL matches()/find()/findAll() on Go's regexp, with the API server's CRD-time errors for constant
// patterns Go refuses.
import celRegex from '../fixtures/re2/cel-regex.json';
import { compileCelPlan, evaluateCel } from '../../validator/cel';
import { kubernetesCelEnvironment } from '../../validator/cel-library';

interface CelCase {
  source: string;
  rule: string;
  self: Record<string, unknown>;
  result?: boolean;
  compileError?: string;
  compileErrorContains?: string;
  evalErrorContains?: string;
}

/** Violations of one rule bound to `self` (an object whose fields are all visible to CEL). */
function violations(rule: string, self: unknown): string[] {
  const plan = compileCelPlan({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-validations': [{ rule }] });
  return evaluateCel(plan!, self).map((v) => v.message);
}

describe('Kubernetes and cel-go regex rule facts', () => {
  it.each((celRegex.cases as CelCase[]).map((c) => [c.rule, c.source, c] as const))('%s (%s)', (_r, _s, c) => {
    const got = violations(c.rule, c.self);
    if (c.result === true) expect(got).toEqual([]);
    if (c.compileError) expect(got).toEqual([`rule does not compile: ${c.compileError}`]);
    if (c.compileErrorContains) expect(got).toEqual([expect.stringMatching(/^rule does not compile: /)]);
    if (c.compileErrorContains) expect(got[0]).toContain(c.compileErrorContains);
    if (c.evalErrorContains) expect(got).toEqual([expect.stringContaining(c.evalErrorContains)]);
  });
});

describe('CEL regexes use RE2 semantics, not JavaScript RegExp', () => {
  const env = kubernetesCelEnvironment();
  const run = (expr: string, self?: unknown): unknown => env.parse(expr)({ self });
  const error = (expr: string, self?: unknown): string => {
    try {
      run(expr, self);
    } catch (e) {
      return (e as Error).message.split('\n')[0];
    }
    throw new Error(`${expr} did not fail`);
  };

  it.each([
    ["self.matches('^\\\\s$')", '\u00a0', false], // JS \s matches NBSP, RE2 does not
    ["self.matches('^\\\\s$')", '\v', false],
    ["self.matches('^.$')", '\r', true], // JS . excludes \r
    ["self.matches('(?i)^abc$')", 'ABC', true], // inline flags
    ["self.matches('^[[:alpha:]]+$')", 'abc', true], // POSIX class
    ["self.matches('^\\\\pL+$')", 'héllo', true],
    ["self.matches('a\\\\z')", 'a\n', false],
    ["self.matches('a$')", 'a\n', false],
    ["matches(self, '^a+$')", 'aaa', true], // the global overload cel-js lacks
    ["'abc 123'.find('[0-9]+')", undefined, '123'],
    ["'aaa'.findAll('a*')", undefined, ['aaa']], // no empty match right after "aaa" (Go allMatches)
    ["'baaab'.findAll('a*')", undefined, ['', 'aaa', '']],
  ] as const)('%s on %p', (expr, self, want) => {
    expect(run(expr, self)).toEqual(want);
  });

  it('refuses lookarounds and backreferences with Go errors when the pattern is not a constant', () => {
    expect(error('self.s.matches(self.p)', { s: 'ab', p: 'a(?=b)' })).toBe('error parsing regexp: invalid or unsupported Perl syntax: `(?=`');
    expect(error('self.s.find(self.p)', { s: 'aa', p: '(a)\\1' })).toBe('Illegal regex: error parsing regexp: invalid escape sequence: `\\1`');
    expect(error('self.s.findAll(self.p)', { s: 'aa', p: '(' })).toBe('Illegal regex: error parsing regexp: missing closing ): `(`');
  });

  it('keeps type errors for non-string operands', () => {
    expect(error('1.matches("a")')).toBe("found no matching overload for 'int.matches(string)'");
    expect(error('self.matches("a")', 5n)).toBe('no such overload: int.matches(string)');
  });

  it('reports a constant pattern Go refuses where the API server does: compile time for matches, planning for find/findAll and global matches', () => {
    expect(violations("self.s.matches('a(?=b)')", { s: 'ab' })).toEqual(['rule does not compile: compilation failed: ERROR: <input>:1:16: invalid matches argument']);
    expect(violations("true &&\n  self.s.matches('(')", { s: 'ab' })).toEqual(['rule does not compile: compilation failed: ERROR: <input>:2:18: invalid matches argument']);
    expect(violations("matches(self.s, '(')", { s: 'ab' })).toEqual(['rule does not compile: program instantiation failed: error parsing regexp: missing closing ): `(`']);
    expect(violations("self.s.findAll('a**').size() == 0", { s: 'ab' })).toEqual(['rule does not compile: program instantiation failed: error parsing regexp: invalid nested repetition operator: `**`']);
    // Macro bodies are checked too.
    expect(violations("self.l.all(x, x.matches('\\\\Z'))", { l: ['a'] })).toEqual(['rule does not compile: compilation failed: ERROR: <input>:1:25: invalid matches argument']);
  });
});
