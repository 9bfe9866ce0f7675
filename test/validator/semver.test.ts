// Masterminds semver's own test tables (translated as data in test/fixtures/semver/) run against our
// port, for both releases Crossplane links: v3.4.0 (Crossplane v2.3+) and v1.5.0 (v1.x, v2.0-v2.2).
import v1Fixture from '../fixtures/semver/masterminds-semver-v1.5.0.json';
import v3Fixture from '../fixtures/semver/masterminds-semver-v3.4.0.json';
import {
  type SemverDialect,
  type Version,
  SemverError,
  checkSingle,
  compareVersions,
  constraintFunction,
  explain,
  formatConstraints,
  formatVersion,
  isX,
  parseConstraint,
  parseConstraints,
  parseStrictVersion,
  parseVersion,
  rewriteRange,
  satisfies,
  validateMetadata,
  validatePrerelease,
} from '../../validator/semver';

type Cell = string | number | boolean | null | string[];
interface Suite {
  source: string;
  columns: string[];
  cases: Cell[][];
}
interface Fixture {
  source: string;
  caseCount: number;
  suites: Suite[];
}

/** The upstream error variable a call throws, or null when it succeeds. */
function errorCode(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof SemverError) return e.code;
    throw e;
  }
}
const throws = (fn: () => unknown): boolean => errorCode(fn) !== null;

type Handler = (row: Cell[], dialect: SemverDialect) => unknown;

function handlers(dialect: SemverDialect): Record<string, { actual: Handler; expected: (row: Cell[]) => unknown }> {
  const v = (s: Cell): Version => parseVersion(String(s), { dialect });
  const last = (row: Cell[]): Cell => row[row.length - 1]!;
  const cmp = (op: (d: number) => boolean) => ({ actual: (r: Cell[]) => op(compareVersions(v(r[0]!), v(r[1]!))), expected: last });
  const constraintsCheck = (includePrerelease: boolean) => ({
    actual: (r: Cell[]) => satisfies(parseConstraints(String(r[0]), { dialect, includePrerelease }), v(r[1]!)),
    expected: last,
  });
  const validate = (includePrerelease: boolean) => ({
    actual: (r: Cell[]) => {
      const e = explain(parseConstraints(String(r[0]), { dialect, includePrerelease }), v(r[1]!));
      // Upstream also requires reasons whenever the check fails.
      return e.ok || e.reasons.length > 0 ? e.ok : 'failed without reasons';
    },
    expected: last,
  });
  // v3 parses these versions with StrictNewVersion, v1 with NewVersion.
  const messageVersion = (s: Cell): Version => (dialect === 'v3.4.0' ? parseStrictVersion(String(s)) : v(s));
  const messages = (includePrerelease: boolean, all: boolean) => ({
    actual: (r: Cell[]) => {
      const reasons = explain(parseConstraints(String(r[0]), { dialect, includePrerelease }), messageVersion(r[1]!)).reasons;
      return all ? reasons : reasons[0];
    },
    expected: last,
  });
  const stringOf = { actual: (r: Cell[]) => formatConstraints(parseConstraints(String(r[0]), { dialect })), expected: last };
  return {
    TestStrictNewVersion: { actual: (r) => throws(() => parseStrictVersion(String(r[0]))), expected: last },
    TestNewVersion: { actual: (r) => throws(() => v(r[0]!)), expected: last },
    'TestNewVersion/With loose NewVersion': { actual: (r) => throws(() => v(r[0]!)), expected: last },
    'TestNewVersion/Without loose NewVersion': { actual: (r) => throws(() => parseVersion(String(r[0]), { dialect, coerce: false })), expected: last },
    'TestNewVersionCheckError/With detailed errors': { actual: (r) => errorCode(() => parseVersion(String(r[0]), { dialect, coerce: false })), expected: last },
    'TestNewVersionCheckError/Without detailed errors': {
      actual: (r) => errorCode(() => parseVersion(String(r[0]), { dialect, coerce: false, detailedErrors: false })),
      expected: last,
    },
    TestOriginal: { actual: (r) => v(r[0]!).original, expected: (r) => r[0] },
    TestParts: {
      actual: (r) => {
        const x = v(r[0]!);
        return [Number(x.major), Number(x.minor), Number(x.patch), x.prerelease, x.metadata];
      },
      expected: (r) => r.slice(1),
    },
    TestCoerceString: { actual: (r) => formatVersion(v(r[0]!)), expected: last },
    TestString: { actual: (r) => formatVersion(v(r[0]!)), expected: last },
    TestCompare: { actual: (r) => compareVersions(v(r[0]!), v(r[1]!)), expected: last },
    TestLessThan: cmp((d) => d < 0),
    TestLessThanEqual: cmp((d) => d <= 0),
    TestGreaterThan: cmp((d) => d > 0),
    TestGreaterThanEqual: cmp((d) => d >= 0),
    TestEqual: cmp((d) => d === 0),
    TestValidatePrerelease: { actual: (r) => validatePrerelease(String(r[0])) ?? null, expected: last },
    TestValidateMetadata: { actual: (r) => validateMetadata(String(r[0])) ?? null, expected: last },
    TestParseConstraint: {
      actual: (r) => {
        if (throws(() => parseConstraint(String(r[0]), dialect))) return [null, '', true];
        const c = parseConstraint(String(r[0]), dialect);
        return [constraintFunction(c.operator), formatVersion(c.version), false];
      },
      expected: (r) => r.slice(1),
    },
    // A single comparison; upstream passes "includes pre-releases" when the comparison has one.
    TestConstraintCheck: {
      actual: (r) => {
        const c = parseConstraint(String(r[0]), dialect);
        return checkSingle(c, v(r[1]!), dialect, c.version.prerelease !== '');
      },
      expected: last,
    },
    TestNewConstraint: {
      actual: (r) => {
        if (throws(() => parseConstraints(String(r[0]), { dialect }))) return [0, 0, true];
        const cs = parseConstraints(String(r[0]), { dialect });
        return [cs.groups.length, cs.groups[0]!.length, false];
      },
      expected: (r) => r.slice(1),
    },
    TestConstraintsCheck: constraintsCheck(false),
    TestConstraintsCheckIncludePrerelease: constraintsCheck(true),
    TestRewriteRange: { actual: (r) => rewriteRange(String(r[0]), dialect), expected: last },
    TestIsX: { actual: (r) => isX(String(r[0])), expected: last },
    TestConstraintsValidate: validate(false),
    'TestConstraintsValidate (messages)': messages(false, false),
    'TestConstraintsValidate (all messages)': messages(false, true),
    TestConstraintsValidateIncludePrerelease: validate(true),
    'TestConstraintsValidateIncludePrerelease (messages)': messages(true, false),
    'TestConstraintsValidateIncludePrerelease (all messages)': messages(true, true),
    // The string form must also parse again (upstream checks the round trip).
    TestConstraintString: {
      actual: (r) => {
        const s = formatConstraints(parseConstraints(String(r[0]), { dialect }));
        return throws(() => parseConstraints(s, { dialect })) ? `${s} does not parse` : s;
      },
      expected: last,
    },
    TestTextMarshalConstraints: stringOf,
    TestTextUnmarshalConstraints: stringOf,
  };
}

describe.each([
  ['v3.4.0', v3Fixture as Fixture],
  ['v1.5.0', v1Fixture as Fixture],
] as const)('Masterminds semver %s, upstream test tables', (dialect, fixture) => {
  const table = handlers(dialect);
  const suites = fixture.suites.map((s) => [s.source, s] as const);

  it('translates every case the fixture counts', () => {
    expect(fixture.suites.reduce((n, s) => n + s.cases.length, 0)).toBe(fixture.caseCount);
  });

  it.each(suites)('%s', (source, suite) => {
    const name = source.replace(/^\S+ /, '');
    const h = table[name];
    expect(h ? name : `no handler for ${name}`).toBe(name);
    const failures = suite.cases
      .map((row) => {
        let actual: unknown;
        try {
          actual = h!.actual(row, dialect);
        } catch (e) {
          actual = `threw ${(e as Error).message}`;
        }
        const expected = h!.expected(row);
        return JSON.stringify(actual) === JSON.stringify(expected) ? undefined : { row, expected, actual };
      })
      .filter((f) => f !== undefined);
    expect(failures).toEqual([]);
  });
});

// Behaviour Crossplane relies on, beyond upstream's tables: how the two releases differ.
describe('the differences between the releases Crossplane links', () => {
  const check = (dialect: SemverDialect, c: string, v: string): boolean => satisfies(parseConstraints(c, { dialect }), parseVersion(v, { dialect }));

  it('v1.5.0 separates ANDs by commas only; v3.4.0 also by whitespace', () => {
    expect(check('v3.4.0', '>=v2.6.0 <v3.0.0', 'v2.7.1')).toBe(true);
    expect(() => parseConstraints('>=v2.6.0 <v3.0.0', { dialect: 'v1.5.0' })).toThrow('improper constraint: >=v2.6.0 <v3.0.0');
    expect(check('v1.5.0', '>=v2.6.0, <v3.0.0', 'v2.7.1')).toBe(true);
  });

  it('v1.5.0 needs a pre-release on every comparison of an AND to match a pre-release; v3.4.0 on one', () => {
    expect(check('v3.4.0', '>=v2.0.3-0, <v3.0.0', 'v2.1.3-up.1')).toBe(true);
    expect(check('v1.5.0', '>=v2.0.3-0, <v3.0.0', 'v2.1.3-up.1')).toBe(false);
    expect(check('v1.5.0', '>=v2.0.3-0, <v3.0.0-0', 'v2.1.3-up.1')).toBe(true);
  });

  it('caret on a 0.x version: v3.4.0 stays within the minor, v1.5.0 within the major', () => {
    expect(check('v3.4.0', '^v0.10.8', 'v0.11.0')).toBe(false);
    expect(check('v1.5.0', '^v0.10.8', 'v0.11.0')).toBe(true);
  });

  it('"1.2" is 1.2.x in v3.4.0 and exactly 1.2.0 in v1.5.0', () => {
    expect(check('v3.4.0', '1.2', '1.2.5')).toBe(true);
    expect(check('v1.5.0', '1.2', '1.2.5')).toBe(false);
  });

  it('version segments are unsigned 64-bit in v3.4.0 and signed in v1.5.0', () => {
    expect(parseVersion('9223372036854775808.0.0').major).toBe(9223372036854775808n);
    expect(() => parseVersion('9223372036854775808.0.0', { dialect: 'v1.5.0' })).toThrow(
      'Error parsing version segment: strconv.ParseInt: parsing "9223372036854775808": value out of range',
    );
    expect(() => parseVersion('18446744073709551616.0.0')).toThrow('error parsing version segment: strconv.ParseUint: parsing "18446744073709551616": value out of range');
  });

  it('an empty constraint is a wildcard for a single comparison but not a valid constraint string (v3.4.0)', () => {
    expect(checkSingle(parseConstraint(''), parseVersion('4.5.6'), 'v3.4.0', false)).toBe(true);
    expect(() => parseConstraints('')).toThrow('improper constraint: ');
  });
});
