// cel-go parser/parser_test.go TestParse (v0.20.1), translated as data in test/fixtures/cel-cost/cel-go-parser.json:
// tree shapes (macro expansions, balanced logical operators, signed literals), positions and errors.
import fixture from '../../fixtures/cel-cost/cel-go-parser.json';
import { STANDARD_MACROS } from '../../../validator/cel-check/macros';
import { parseCel } from '../../../validator/cel-check/parser';
import { formatIssues } from '../../../validator/cel-check/source';
import { debug } from './cel-debug';

interface Case {
  index: number;
  input: string;
  structure?: string;
  locations?: string;
  error?: string;
  errorMatch?: 'all' | 'first';
  optionalSyntax?: boolean;
}

const lines = (s: string): string[] =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

describe('cel-go TestParse (v0.20.1)', () => {
  it.each((fixture as { cases: Case[] }).cases.map((c) => [`${c.index} ${c.input}`, c] as const))('%s', (_name, c) => {
    const p = parseCel(c.input, { macros: STANDARD_MACROS, enableOptionalSyntax: c.optionalSyntax === true });
    if (c.error !== undefined) {
      const got = lines(formatIssues(p.source, p.issues));
      const want = lines(c.error);
      if (c.errorMatch === 'all') expect(got).toEqual(want);
      else expect(got[0]).toBe(want[0]);
      return;
    }
    expect(p.issues).toEqual([]);
    expect(debug(p.expr!).replace(/\s+/g, '')).toBe(c.structure);
    if (c.locations !== undefined) {
      const at = (id: number): string => {
        const l = p.source.location(p.offsets.get(id)!);
        return `@${l.line},${l.column}`;
      };
      expect(debug(p.expr!, at).replace(/\s+/g, '')).toBe(c.locations);
    }
  });
});
