// Semantic versions and version constraints exactly as Crossplane's package manager evaluates them:
// the Masterminds semver library, in the two releases Crossplane has linked.
//   - 'v1.5.0' (github.com/Masterminds/semver): Crossplane v1.x and v2.0-v2.2 (internal/version and the
//     dependency resolver). ANDs are comma-separated only; a pre-release version matches a comparison only
//     when that comparison's own version has a pre-release.
//   - 'v3.4.0' (github.com/Masterminds/semver/v3): Crossplane v2.3+ (crossplane-runtime pkg/version and the
//     resolver). ANDs may also be space-separated; a pre-release version matches an AND group when any
//     comparison in the group has a pre-release.
// Regular expressions run on re2js: Go's regexp is RE2, and constraint text comes from package authors.
import { RE2JS } from 're2js';

export type SemverDialect = 'v1.5.0' | 'v3.4.0';

/** Upstream error variables by name, plus the two errors upstream formats inline. */
export type SemverErrorCode =
  | 'ErrInvalidSemVer'
  | 'ErrEmptyString'
  | 'ErrInvalidCharacters'
  | 'ErrSegmentStartsZero'
  | 'ErrInvalidMetadata'
  | 'ErrInvalidPrerelease'
  | 'SegmentParse'
  | 'ImproperConstraint';

const MESSAGES: Record<SemverDialect, Partial<Record<SemverErrorCode, string>>> = {
  'v3.4.0': {
    ErrInvalidSemVer: 'invalid semantic version',
    ErrEmptyString: 'version string empty',
    ErrInvalidCharacters: 'invalid characters in version',
    ErrSegmentStartsZero: 'version segment starts with 0',
    ErrInvalidMetadata: 'invalid metadata string',
    ErrInvalidPrerelease: 'invalid prerelease string',
  },
  'v1.5.0': {
    ErrInvalidSemVer: 'Invalid Semantic Version',
    ErrInvalidMetadata: 'Invalid Metadata string',
    ErrInvalidPrerelease: 'Invalid Prerelease string',
  },
};

export class SemverError extends Error {
  constructor(readonly code: SemverErrorCode, message: string) {
    super(message);
    this.name = 'SemverError';
  }
}

function fail(dialect: SemverDialect, code: SemverErrorCode): never {
  throw new SemverError(code, MESSAGES[dialect][code] ?? code);
}

export interface Version {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly prerelease: string;
  readonly metadata: string;
  /** The text as given, including a leading v. */
  readonly original: string;
}

// ------------------------------------------------------------------ numbers (Go strconv)

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MAX = (1n << 63n) - 1n;

/** strconv.ParseUint(s, 10, 64) (v3) or strconv.ParseInt(s, 10, 64) (v1) on a segment. */
function parseSegment(s: string, dialect: SemverDialect): bigint {
  const fn = dialect === 'v3.4.0' ? 'ParseUint' : 'ParseInt';
  const wrap = dialect === 'v3.4.0' ? 'error parsing version segment' : 'Error parsing version segment';
  if (!/^[0-9]+$/.test(s)) throw new SemverError('SegmentParse', `${wrap}: strconv.${fn}: parsing ${goQuote(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n > (dialect === 'v3.4.0' ? UINT64_MAX : INT64_MAX)) throw new SemverError('SegmentParse', `${wrap}: strconv.${fn}: parsing ${goQuote(s)}: value out of range`);
  return n;
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}

// ------------------------------------------------------------------ versions

const NUM = /^[0-9]*$/;
const ALLOWED = /^[0-9A-Za-z-]*$/;

const LOOSE_VERSION = RE2JS.compile(
  '^v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?' + '(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?' + '(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?$',
);
const SEMVER_VERSION = RE2JS.compile(
  '^v?(0|[1-9]\\d*)(?:\\.(0|[1-9]\\d*))?(?:\\.(0|[1-9]\\d*))?' +
    '(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?' +
    '(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$',
);

/** Submatches of a full match, "" for groups that did not take part (as Go returns them). */
function submatches(re: RE2JS, text: string): string[] | undefined {
  const m = re.matcher(text);
  if (!m.matches()) return undefined;
  return Array.from({ length: m.groupCount() + 1 }, (_, i) => m.group(i) ?? '');
}

/** semver spec identifiers: [0-9A-Za-z-], not empty, numeric ones without a leading zero. */
export function validatePrerelease(pre: string): 'ErrInvalidPrerelease' | 'ErrSegmentStartsZero' | undefined {
  for (const part of pre.split('.')) {
    if (part === '') return 'ErrInvalidPrerelease';
    if (NUM.test(part)) {
      if (part.length > 1 && part[0] === '0') return 'ErrSegmentStartsZero';
    } else if (!ALLOWED.test(part)) return 'ErrInvalidPrerelease';
  }
  return undefined;
}

export function validateMetadata(meta: string): 'ErrInvalidMetadata' | undefined {
  return meta.split('.').some((part) => part === '' || !ALLOWED.test(part)) ? 'ErrInvalidMetadata' : undefined;
}

export interface ParseVersionOptions {
  dialect?: SemverDialect;
  /** v3 CoerceNewVersion (default true, as Crossplane runs it): leading zeros and partial versions allowed. */
  coerce?: boolean;
  /** v3 DetailedNewVersionErrors (default true): name the offending part when coerce is off. */
  detailedErrors?: boolean;
}

/** NewVersion: what Crossplane calls on its own version and on every registry tag. */
export function parseVersion(text: string, opts: ParseVersionOptions = {}): Version {
  const dialect = opts.dialect ?? 'v3.4.0';
  if (dialect === 'v1.5.0') return parseVersionV1(text);
  if (opts.coerce ?? true) return coerceVersion(text);
  const m = submatches(SEMVER_VERSION, text);
  if (!m) {
    if (!(opts.detailedErrors ?? true)) fail(dialect, 'ErrInvalidSemVer');
    const loose = submatches(LOOSE_VERSION, text);
    if (!loose) fail(dialect, 'ErrInvalidSemVer');
    const code = looseVersionProblem(loose);
    fail(dialect, code ?? 'ErrInvalidSemVer');
  }
  const v = {
    major: parseSegment(m[1]!, dialect),
    minor: m[2] ? parseSegment(m[2], dialect) : 0n,
    patch: m[3] ? parseSegment(m[3], dialect) : 0n,
    prerelease: m[4]!,
    metadata: m[5]!,
    original: text,
  };
  checkExtras(v.prerelease, v.metadata, dialect);
  return v;
}

function coerceVersion(text: string): Version {
  const dialect = 'v3.4.0';
  const m = submatches(LOOSE_VERSION, text);
  if (!m) fail(dialect, 'ErrInvalidSemVer');
  const v = {
    major: parseSegment(m[1]!, dialect),
    minor: m[2] ? parseSegment(m[2].slice(1), dialect) : 0n,
    patch: m[3] ? parseSegment(m[3].slice(1), dialect) : 0n,
    prerelease: m[5]!,
    metadata: m[8]!,
    original: text,
  };
  checkExtras(v.prerelease, v.metadata, dialect);
  return v;
}

function checkExtras(pre: string, meta: string, dialect: SemverDialect): void {
  const p = pre === '' ? undefined : validatePrerelease(pre);
  if (p) fail(dialect, p);
  const md = meta === '' ? undefined : validateMetadata(meta);
  if (md) fail(dialect, md);
}

/** validateVersion: the specific reason a loosely-matching version is not a valid one. */
function looseVersionProblem(m: string[]): SemverErrorCode | undefined {
  for (const seg of [m[1]!, m[2]!.replace(/^\./, ''), m[3]!.replace(/^\./, '')]) {
    if (seg === '') continue;
    if (seg.length > 1 && seg[0] === '0') return 'ErrSegmentStartsZero';
    parseSegment(seg, 'v3.4.0');
  }
  if (m[5]) {
    const p = validatePrerelease(m[5]);
    if (p) return p;
  }
  if (m[8]) return validateMetadata(m[8]);
  return undefined;
}

/** v1.5.0 NewVersion: the loose pattern, with no check of pre-release or metadata identifiers. */
function parseVersionV1(text: string): Version {
  const dialect = 'v1.5.0';
  const m = submatches(LOOSE_VERSION, text);
  if (!m) fail(dialect, 'ErrInvalidSemVer');
  return {
    major: parseSegment(m[1]!, dialect),
    minor: m[2] ? parseSegment(m[2].slice(1), dialect) : 0n,
    patch: m[3] ? parseSegment(m[3].slice(1), dialect) : 0n,
    prerelease: m[5]!,
    metadata: m[8]!,
    original: text,
  };
}

/** StrictNewVersion (v3): exactly MAJOR.MINOR.PATCH[-pre][+meta], no v, no leading zeros. Crossplane does not call it. */
export function parseStrictVersion(text: string): Version {
  const dialect = 'v3.4.0';
  if (text.length === 0) fail(dialect, 'ErrEmptyString');
  const parts = splitN(text, '.', 3);
  if (parts.length !== 3) fail(dialect, 'ErrInvalidSemVer');
  let last = parts[2]!;
  let metadata = '';
  let prerelease = '';
  if (last.includes('+')) {
    [last, metadata] = splitN(last, '+', 2) as [string, string];
    const md = validateMetadata(metadata);
    if (md) fail(dialect, md);
  }
  if (last.includes('-')) {
    [last, prerelease] = splitN(last, '-', 2) as [string, string];
    const p = validatePrerelease(prerelease);
    if (p) fail(dialect, p);
  }
  const segments = [parts[0]!, parts[1]!, last];
  for (const s of segments) {
    if (!NUM.test(s)) fail(dialect, 'ErrInvalidCharacters');
    if (s.length > 1 && s[0] === '0') fail(dialect, 'ErrSegmentStartsZero');
  }
  const [major, minor, patch] = segments.map((s) => {
    // Unlike NewVersion, StrictNewVersion returns strconv's error unwrapped.
    try {
      return parseSegment(s, dialect);
    } catch (e) {
      throw new SemverError('SegmentParse', (e as Error).message.replace(/^error parsing version segment: /, ''));
    }
  }) as [bigint, bigint, bigint];
  return { major, minor, patch, prerelease, metadata, original: text };
}

/** Go strings.SplitN. */
function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

/** Version.String(): no leading v, missing parts filled in. */
export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease ? `-${v.prerelease}` : ''}${v.metadata ? `+${v.metadata}` : ''}`;
}

/** -1, 0 or 1. Metadata never counts; a pre-release sorts before its release. */
export function compareVersions(a: Version, b: Version): -1 | 0 | 1 {
  for (const [x, y] of [[a.major, b.major], [a.minor, b.minor], [a.patch, b.patch]] as const) {
    if (x !== y) return x < y ? -1 : 1;
  }
  if (a.prerelease === '' && b.prerelease === '') return 0;
  if (a.prerelease === '') return 1;
  if (b.prerelease === '') return -1;
  return comparePrerelease(a.prerelease, b.prerelease);
}

function comparePrerelease(a: string, b: string): -1 | 0 | 1 {
  const as = a.split('.');
  const bs = b.split('.');
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const d = comparePrePart(as[i] ?? '', bs[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

/** An identifier Go's ParseUint accepts is numeric; numeric sorts before alphanumeric ("-2" is alphanumeric). */
function asUint(s: string): bigint | undefined {
  if (!/^[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n > UINT64_MAX ? undefined : n;
}

function comparePrePart(s: string, o: string): -1 | 0 | 1 {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const oi = asUint(o);
  const si = asUint(s);
  if (oi === undefined && si === undefined) return s > o ? 1 : -1;
  if (oi === undefined) return -1;
  if (si === undefined) return 1;
  return si > oi ? 1 : -1;
}

// ------------------------------------------------------------------ constraints

export type ConstraintOperator = '' | '=' | '!=' | '>' | '<' | '>=' | '=>' | '<=' | '=<' | '~' | '~>' | '^';

export interface Constraint {
  readonly operator: ConstraintOperator;
  /** The version compared against, wildcards filled with 0 (e.g. 1.x -> 1.0.0). */
  readonly version: Version;
  /** The version text as written (e.g. 1.x). */
  readonly original: string;
  readonly dirty: boolean;
  readonly minorDirty: boolean;
  readonly patchDirty: boolean;
}

export interface Constraints {
  readonly dialect: SemverDialect;
  readonly text: string;
  /** OR of AND groups. */
  readonly groups: readonly (readonly Constraint[])[];
  /** v3: the AND group names a pre-release, so pre-release versions are compared in it. */
  readonly groupHasPrerelease: readonly boolean[];
  /** v3 Constraints.IncludePrerelease. */
  readonly includePrerelease: boolean;
}

const CV = 'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?' + '(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?' + '(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
// v3 lists the operators in this order (alternation order matters to the unanchored search).
const OPS_V3 = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';
// v1 builds the list from a Go map (random order); the pattern is anchored, so any order matches the same.
const OPS_V1 = '|=|!=|>|<|>=|=>|<=|=<|~|~>|\\^';

const RE = {
  'v3.4.0': {
    constraint: RE2JS.compile(`^\\s*(${OPS_V3})\\s*(${CV})\\s*$`),
    range: RE2JS.compile(`\\s*(${CV})\\s+-\\s+(${CV})\\s*`),
    find: RE2JS.compile(`(${OPS_V3})\\s*(${CV})`),
    valid: RE2JS.compile(`^(\\s*(${OPS_V3})\\s*(${CV})\\s*)((?:\\s+|,\\s*)(${OPS_V3})\\s*(${CV})\\s*)*$`),
  },
  'v1.5.0': {
    constraint: RE2JS.compile(`^\\s*(${OPS_V1})\\s*(${CV})\\s*$`),
    range: RE2JS.compile(`\\s*(${CV})\\s+-\\s+(${CV})\\s*`),
  },
} as const;

export function isX(s: string): boolean {
  return s === 'x' || s === '*' || s === 'X';
}

/** Hyphen ranges ("1.2 - 3") become ">= 1.2, <= 3" before anything else is parsed. */
export function rewriteRange(text: string, dialect: SemverDialect = 'v3.4.0'): string {
  const m = RE[dialect].range.matcher(text);
  const found: [string, string, string][] = [];
  while (m.find()) found.push([m.group(0) ?? '', m.group(1) ?? '', m.group(11) ?? '']);
  let out = text;
  for (const [whole, from, to] of found) {
    // Go strings.Replace(o, whole, t, 1): the first occurrence in the text rewritten so far.
    const replacement = dialect === 'v3.4.0' ? `>= ${from}, <= ${to} ` : `>= ${from}, <= ${to}`;
    const i = out.indexOf(whole);
    if (i >= 0) out = out.slice(0, i) + replacement + out.slice(i + whole.length);
  }
  return out;
}

/** One comparison such as ">= 1.2" (upstream parseConstraint). */
export function parseConstraint(text: string, dialect: SemverDialect = 'v3.4.0'): Constraint {
  if (dialect === 'v3.4.0' && text.length === 0) {
    // An empty comparison means any release (like *).
    return { operator: '', version: parseStrictVersion('0.0.0'), original: '', dirty: true, minorDirty: false, patchDirty: false };
  }
  const m = submatches(RE[dialect].constraint, text);
  if (!m) throw new SemverError('ImproperConstraint', `improper constraint: ${text}`);
  const [op, cv, major, minor, patch, pre] = [m[1] as ConstraintOperator, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!];
  let ver = cv;
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  const v3 = dialect === 'v3.4.0';
  // v1 keeps a written-out "1.2" exact (1.2.0); v3 reads a missing part as a wildcard, like 1.2.x.
  if (isX(major) || (v3 && major === '')) {
    ver = v3 ? `0.0.0${pre}` : '0.0.0';
    dirty = true;
  } else if (isX(minor.replace(/^\./, '')) || minor === '') {
    minorDirty = dirty = true;
    ver = `${major}.0.0${pre}`;
  } else if (isX(patch.replace(/^\./, '')) || (v3 && patch === '')) {
    patchDirty = dirty = true;
    ver = `${major}${minor}.0${pre}`;
  }
  let version: Version;
  try {
    version = parseVersion(ver, { dialect });
  } catch {
    throw new SemverError('ImproperConstraint', v3 ? 'constraint parser error' : 'constraint Parser Error');
  }
  return { operator: op, version, original: cv, dirty, minorDirty, patchDirty };
}

export interface ParseConstraintsOptions {
  dialect?: SemverDialect;
  includePrerelease?: boolean;
}

/** NewConstraint: "||" separates alternatives; "," (and in v3 whitespace) separates the comparisons of one. */
export function parseConstraints(text: string, opts: ParseConstraintsOptions = {}): Constraints {
  const dialect = opts.dialect ?? 'v3.4.0';
  const rewritten = rewriteRange(text, dialect);
  const groups: Constraint[][] = [];
  const groupHasPrerelease: boolean[] = [];
  for (const alternative of rewritten.split('||')) {
    let parts: string[];
    if (dialect === 'v3.4.0') {
      if (!RE[dialect].valid.matcher(alternative).matches()) throw new SemverError('ImproperConstraint', `improper constraint: ${alternative}`);
      parts = [];
      const m = RE[dialect].find.matcher(alternative);
      while (m.find()) parts.push(m.group(0) ?? '');
      if (parts.length === 0) parts = [alternative];
    } else {
      parts = alternative.split(',');
    }
    const group = parts.map((p) => parseConstraint(p, dialect));
    groups.push(group);
    groupHasPrerelease.push(group.some((c) => c.version.prerelease !== ''));
  }
  return { dialect, text, groups, groupHasPrerelease, includePrerelease: opts.includePrerelease ?? false };
}

/** Constraints.Check: the version satisfies every comparison of at least one alternative. */
export function satisfies(cs: Constraints, v: Version): boolean {
  return cs.groups.some((group, i) => group.every((c) => checkConstraint(c, v, cs, i) === undefined));
}

/** Constraints.Validate: whether the version satisfies them, and upstream's reasons when it does not. */
export function explain(cs: Constraints, v: Version): { ok: boolean; reasons: string[] } {
  const reasons: string[] = [];
  let prereleaseReported = false;
  for (const [i, group] of cs.groups.entries()) {
    let ok = true;
    for (const c of group) {
      const skipsPrereleases = cs.dialect === 'v3.4.0' ? !(cs.includePrerelease || cs.groupHasPrerelease[i]) : c.version.prerelease === '';
      if (skipsPrereleases && v.prerelease !== '') {
        if (!prereleaseReported) reasons.push(prereleaseMessage(v));
        prereleaseReported = true;
        ok = false;
        continue;
      }
      const reason = checkConstraint(c, v, cs, i);
      if (reason !== undefined) {
        reasons.push(reason);
        ok = false;
      }
    }
    if (ok) return { ok: true, reasons: [] };
  }
  return { ok: false, reasons };
}

/** Constraints.String (v3): operators glued to versions, ANDs space-separated. */
export function formatConstraints(cs: Constraints): string {
  return cs.groups.map((g) => g.map((c) => `${c.operator}${c.original}`).join(' ')).join(' || ');
}

/** The upstream function an operator runs, by name. */
export function constraintFunction(op: ConstraintOperator): string {
  return {
    '': 'constraintTildeOrEqual', '=': 'constraintTildeOrEqual', '!=': 'constraintNotEqual', '>': 'constraintGreaterThan',
    '<': 'constraintLessThan', '>=': 'constraintGreaterThanEqual', '=>': 'constraintGreaterThanEqual', '<=': 'constraintLessThanEqual',
    '=<': 'constraintLessThanEqual', '~': 'constraintTilde', '~>': 'constraintTilde', '^': 'constraintCaret',
  }[op];
}

function prereleaseMessage(v: Version): string {
  return `${formatVersion(v)} is a prerelease version and the constraint is only looking for release versions`;
}

/** undefined when the comparison holds, else the reason upstream's Validate gives. */
function checkConstraint(c: Constraint, v: Version, cs: Constraints, group: number): string | undefined {
  if (cs.dialect === 'v1.5.0') return checkV1(c, v);
  return checkV3(c, v, cs.includePrerelease || cs.groupHasPrerelease[group] === true);
}

/** One comparison on its own; includePre as the AND group would pass it (v3) or ignored (v1). */
export function checkSingle(c: Constraint, v: Version, dialect: SemverDialect, includePre: boolean): boolean {
  return (dialect === 'v1.5.0' ? checkV1(c, v) : checkV3(c, v, includePre)) === undefined;
}

// v3.4.0 comparisons. The group decides about pre-releases; each comparison exits early on one it ignores.
function checkV3(c: Constraint, v: Version, includePre: boolean): string | undefined {
  if (v.prerelease !== '' && !includePre) return prereleaseMessage(v);
  const vs = formatVersion(v);
  const con = c.version;
  const cmp = compareVersions(v, con);
  switch (c.operator) {
    case '!=': {
      const equal = `${vs} is equal to ${c.original}`;
      if (c.dirty) {
        if (con.major !== v.major) return undefined;
        if (con.minor !== v.minor && !c.minorDirty) return undefined;
        if (c.minorDirty) return equal;
        if (con.patch !== v.patch && !c.patchDirty) return undefined;
        if (c.patchDirty) {
          if ((v.prerelease !== '' || con.prerelease !== '') && comparePrerelease(v.prerelease, con.prerelease) !== 0) return undefined;
          return equal;
        }
      }
      return cmp === 0 ? equal : undefined;
    }
    case '>': {
      const not = `${vs} is less than or equal to ${c.original}`;
      if (!c.dirty) return cmp === 1 ? undefined : not;
      if (v.major > con.major) return undefined;
      if (v.major < con.major) return not;
      if (c.minorDirty) return not; // >11 needs 12 or higher, 11.1.0 is not enough
      if (c.patchDirty) return v.minor > con.minor ? undefined : not;
      return cmp === 1 ? undefined : not;
    }
    case '<':
      return cmp < 0 ? undefined : `${vs} is greater than or equal to ${c.original}`;
    case '>=':
    case '=>':
      return cmp >= 0 ? undefined : `${vs} is less than ${c.original}`;
    case '<=':
    case '=<': {
      const not = `${vs} is greater than ${c.original}`;
      if (!c.dirty) return cmp <= 0 ? undefined : not;
      if (v.major > con.major) return not;
      if (v.major === con.major && v.minor > con.minor && !c.minorDirty) return not;
      return undefined;
    }
    case '~':
    case '~>':
      return tildeV3(c, v, vs, cmp);
    case '':
    case '=':
      if (c.dirty) return tildeV3(c, v, vs, cmp);
      return cmp === 0 ? undefined : `${vs} is not equal to ${c.original}`;
    case '^': {
      if (cmp < 0) return `${vs} is less than ${c.original}`;
      if (con.major > 0n || c.minorDirty) return v.major === con.major ? undefined : `${vs} does not have same major version as ${c.original}`;
      if (v.major > 0n) return `${vs} does not have same major version as ${c.original}`;
      if (con.minor > 0n || c.patchDirty) {
        return v.minor === con.minor
          ? undefined
          : `${vs} does not have same minor version as ${c.original}. Expected minor versions to match when constraint major version is 0`;
      }
      if (v.minor > 0n) return `${vs} does not have same minor version as ${c.original}`;
      return con.patch === v.patch
        ? undefined
        : `${vs} does not equal ${c.original}. Expect version and constraint to equal when major and minor versions are 0`;
    }
  }
}

function tildeV3(c: Constraint, v: Version, vs: string, cmp: number): string | undefined {
  const con = c.version;
  if (cmp < 0) return `${vs} is less than ${c.original}`;
  // ~0.0.0 admits everything.
  if (con.major === 0n && con.minor === 0n && con.patch === 0n && !c.minorDirty && !c.patchDirty) return undefined;
  if (v.major !== con.major) return `${vs} does not have same major version as ${c.original}`;
  if (v.minor !== con.minor && !c.minorDirty) return `${vs} does not have same major and minor version as ${c.original}`;
  return undefined;
}

const V1_MESSAGES: Record<ConstraintOperator, string> = {
  '': 'is not equal to', '=': 'is not equal to', '!=': 'is equal to', '>': 'is less than or equal to', '<': 'is greater than or equal to',
  '>=': 'is less than', '=>': 'is less than', '<=': 'is greater than', '=<': 'is greater than',
  '~': 'does not have same major and minor version as', '~>': 'does not have same major and minor version as', '^': 'does not have same major version as',
};

// v1.5.0 comparisons: each one refuses a pre-release version unless its own version has a pre-release.
function checkV1(c: Constraint, v: Version): string | undefined {
  // A wildcard "=" runs the tilde check and then reports with the tilde message.
  const messageOp = (c.operator === '' || c.operator === '=') && c.dirty ? '~' : c.operator;
  return holdsV1(c, v) ? undefined : `${formatVersion(v)} ${V1_MESSAGES[messageOp]} ${c.original}`;
}

function holdsV1(c: Constraint, v: Version): boolean {
  const con = c.version;
  const ignoresPre = v.prerelease !== '' && con.prerelease === '';
  const cmp = compareVersions(v, con);
  switch (c.operator) {
    case '!=':
      if (c.dirty) {
        if (ignoresPre) return false;
        if (con.major !== v.major) return true;
        return con.minor !== v.minor && !c.minorDirty;
      }
      return cmp !== 0;
    case '>':
      return !ignoresPre && cmp === 1;
    case '<':
      if (ignoresPre) return false;
      if (!c.dirty) return cmp < 0;
      // v1.5.0 compares the minor even when the major differs.
      return !(v.major > con.major || (v.minor > con.minor && !c.minorDirty));
    case '>=':
    case '=>':
      return !ignoresPre && cmp >= 0;
    case '<=':
    case '=<':
      if (ignoresPre) return false;
      if (!c.dirty) return cmp <= 0;
      return !(v.major > con.major || (v.minor > con.minor && !c.minorDirty));
    case '~':
    case '~>':
      return !ignoresPre && tildeV1(c, v, cmp);
    case '':
    case '=':
      if (ignoresPre) return false;
      return c.dirty ? tildeV1(c, v, cmp) : cmp === 0;
    case '^':
      return !ignoresPre && cmp >= 0 && v.major === con.major;
  }
}

function tildeV1(c: Constraint, v: Version, cmp: number): boolean {
  const con = c.version;
  if (cmp < 0) return false;
  if (con.major === 0n && con.minor === 0n && con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== con.major) return false;
  return !(v.minor !== con.minor && !c.minorDirty);
}
