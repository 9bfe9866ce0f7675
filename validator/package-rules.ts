// How Crossplane's package manager applies the version constraints of a Configuration's crossplane.yaml,
// and the rules the package must meet because of it.
//   spec.crossplane.version: the revision reconciler lints the package (NewConfigurationLinter: only the
//     object kinds listed per release in crossplane-releases.json), then checks the constraint against the
//     running Crossplane version (InConstraints: NewVersion(version) and NewConstraint(c).Check).
//   spec.dependsOn[].version: the resolver lists the registry's tags, keeps those NewVersion parses
//     (v2.0.3+: only complete ones, "v1" is skipped), sorts them and installs the highest that Check admits.
// Each release does this with the Masterminds semver it links (semver.ts dialects).
import releasesData from './crossplane-releases.json';
import { type Constraints, type SemverDialect, type Version, compareVersions, explain, formatVersion, parseConstraints, parseVersion, satisfies } from './semver';

export interface GroupVersionKind {
  readonly apiVersion: string;
  readonly kind: string;
}

export interface CrossplaneRelease {
  /** The tag, which is also the version string the release reports. */
  readonly version: string;
  readonly configurationLinter: readonly string[];
  /** The object kinds (other than the package metadata) a Configuration package may contain. */
  readonly configurationKinds: readonly GroupVersionKind[];
  /** Masterminds semver behind spec.crossplane.version. */
  readonly versionCheckSemver: SemverDialect;
  /** Masterminds semver behind the dependsOn resolver. */
  readonly resolverSemver: SemverDialect;
  readonly resolverSkipsIncompleteTags: boolean;
  readonly source: string;
}

function loadReleases(data: unknown): CrossplaneRelease[] {
  const dialects: readonly string[] = ['v1.5.0', 'v3.4.0'];
  const releases = (data as { releases?: unknown }).releases;
  if (!Array.isArray(releases) || releases.length === 0) throw new Error('validator/crossplane-releases.json: no releases');
  return releases.map((r: Record<string, unknown>, i) => {
    const where = `validator/crossplane-releases.json releases[${i}]`;
    if (typeof r.version !== 'string' || !Array.isArray(r.configurationKinds)) throw new Error(`${where}: needs version and configurationKinds`);
    for (const key of ['versionCheckSemver', 'resolverSemver']) {
      if (!dialects.includes(r[key] as string)) throw new Error(`${where}.${key}: must be one of ${dialects.join(', ')} (got ${String(r[key])})`);
    }
    return r as unknown as CrossplaneRelease;
  });
}

/** Every Crossplane release the package is checked against, oldest first. */
export const CROSSPLANE_RELEASES: readonly CrossplaneRelease[] = loadReleases(releasesData).sort((a, b) =>
  compareVersions(parseVersion(a.version), parseVersion(b.version)),
);

// ------------------------------------------------------------------ Crossplane's own functions

/** Versioner.InConstraints wrapped as the linter reports it (PackageCrossplaneCompatible). */
export function crossplaneCompatibility(constraint: string, running: string, dialect: SemverDialect): { compatible: boolean; message?: string } {
  const incompatible = `package is not compatible with Crossplane version (${running})`;
  try {
    const ok = satisfies(parseConstraints(constraint, { dialect }), parseVersion(running, { dialect }));
    return ok ? { compatible: true } : { compatible: false, message: incompatible };
  } catch (e) {
    return { compatible: false, message: `${incompatible}: ${(e as Error).message}` };
  }
}

export interface ResolveOptions {
  dialect: SemverDialect;
  /** v2.0.3+ skip tags that only parse once completed, so a "v1" tag cannot stand for v1.0.0. */
  skipIncompleteTags: boolean;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * findDependencyVersionToInstall: the tag a fresh install of a dependency gets, undefined when no tag
 * matches. A digest constraint is returned as is. Throws on a constraint the resolver cannot parse.
 */
export function resolveDependencyVersion(constraint: string, tags: readonly string[], opts: ResolveOptions): string | undefined {
  if (DIGEST.test(constraint)) return constraint;
  let cs;
  try {
    cs = parseConstraints(constraint, { dialect: opts.dialect });
  } catch (e) {
    throw new Error(`version constraint on dependency is invalid: ${(e as Error).message}`);
  }
  const versions: Version[] = [];
  for (const tag of tags) {
    let v: Version;
    try {
      v = parseVersion(tag, { dialect: opts.dialect });
    } catch {
      continue; // not a semantic version
    }
    if (opts.skipIncompleteTags && formatVersion(v) !== tag.replace(/^v/, '')) continue;
    versions.push(v);
  }
  // Upstream sorts with an unstable sort and keeps the last match: the highest version wins; among equal
  // versions (v1.0.0 and 1.0.0, or differing only in metadata) the pick is unspecified.
  const admitted = versions.filter((v) => satisfies(cs, v));
  return admitted.reduce<Version | undefined>((best, v) => (best === undefined || compareVersions(v, best) >= 0 ? v : best), undefined)?.original;
}

// ------------------------------------------------------------------ what the package writes

/** ">=v2.6.0, <v3.0.0": from the tested version up to the next major, in the form every release parses. */
export function boundedByNextMajor(tested: string): string {
  const v = parseVersion(tested);
  if (v.prerelease !== '' || v.metadata !== '') throw new Error(`tested version ${tested} must be a release (MAJOR.MINOR.PATCH)`);
  return `>=${tested}, <v${v.major + 1n}.0.0`;
}

// ------------------------------------------------------------------ rules

export interface PackageKind extends GroupVersionKind {
  /** Where the package has it, for the message. */
  readonly file: string;
}

const DIALECTS: readonly SemverDialect[] = ['v1.5.0', 'v3.4.0'];

/** "v2.0.0, v2.0.1, v2.0.2 and 3 more" */
function listVersions(versions: readonly string[], max = 4): string {
  if (versions.length <= max) return versions.join(', ');
  return `${versions.slice(0, max).join(', ')} and ${versions.length - max} more`;
}

function span(releases: readonly CrossplaneRelease[]): string {
  return releases.length === 1 ? releases[0]!.version : `${releases[0]!.version} to ${releases[releases.length - 1]!.version}`;
}

/** The constraint in each dialect, or the reason it does not parse. */
function parsedPerDialect(constraint: string): Map<SemverDialect, Constraints | Error> {
  return new Map(
    DIALECTS.map((d): [SemverDialect, Constraints | Error] => {
      try {
        return [d, parseConstraints(constraint, { dialect: d })];
      } catch (e) {
        return [d, e as Error];
      }
    }),
  );
}

const sameKind = (a: GroupVersionKind, b: GroupVersionKind): boolean => a.apiVersion === b.apiVersion && a.kind === b.kind;

/**
 * spec.crossplane.version must parse on every release, admit no release whose Configuration linter refuses
 * a kind the package contains, admit the pre-release builds (e.g. Upbound's v2.0.2-up.5) of the releases it
 * admits, admit at least one known release, and refuse the next major, which nobody has checked.
 */
export function crossplaneVersionProblems(constraint: string, kinds: readonly PackageKind[], releases: readonly CrossplaneRelease[] = CROSSPLANE_RELEASES): string[] {
  const problems: string[] = [];
  const parsed = parsedPerDialect(constraint);
  for (const [dialect, p] of parsed) {
    if (!(p instanceof Error)) continue;
    const affected = releases.filter((r) => r.versionCheckSemver === dialect);
    if (affected.length === 0) continue;
    problems.push(
      `${JSON.stringify(constraint)} does not parse on Crossplane ${span(affected)} (Masterminds semver ${dialect}: ${p.message}); separate comparisons with ", "`,
    );
  }
  const usable = releases.filter((r) => !(parsed.get(r.versionCheckSemver) instanceof Error));
  const admits = (r: CrossplaneRelease, version: string): boolean => {
    const cs = parsed.get(r.versionCheckSemver) as Constraints;
    return satisfies(cs, parseVersion(version, { dialect: r.versionCheckSemver }));
  };
  const admitted = usable.filter((r) => admits(r, r.version));
  if (usable.length > 0 && admitted.length === 0) {
    problems.push(`${JSON.stringify(constraint)} admits none of the Crossplane releases the package is checked against (${span(releases)})`);
  }

  // Releases whose linter refuses a kind, grouped by what they refuse.
  const refusing = new Map<string, string[]>();
  for (const r of admitted) {
    const refused = kinds.filter((k) => !r.configurationKinds.some((c) => sameKind(c, k)));
    if (refused.length === 0) continue;
    const what = refused.map((k) => `${k.kind} (${k.apiVersion}, ${k.file})`).join(', ');
    refusing.set(what, [...(refusing.get(what) ?? []), r.version]);
  }
  const accepting = releases.filter((r) => kinds.every((k) => r.configurationKinds.some((c) => sameKind(c, k))));
  for (const [what, versions] of refusing) {
    problems.push(
      `${JSON.stringify(constraint)} admits Crossplane ${listVersions(versions)}, whose Configuration linter refuses ${what} ("linting package contents failed")` +
        (accepting.length > 0 ? `; the earliest release that accepts every kind in this package is ${accepting[0]!.version}` : ''),
    );
  }

  // Pre-release builds of admitted releases (Masterminds skips pre-releases unless the constraint names one).
  const refusedBuilds: string[] = [];
  let reason = '';
  for (const r of admitted) {
    if (parseVersion(r.version).prerelease !== '') continue;
    const build = `${r.version}-up.1`;
    if (admits(r, build)) continue;
    refusedBuilds.push(build);
    if (!reason) {
      const cs = parsed.get(r.versionCheckSemver) as Constraints;
      reason = `Masterminds semver ${r.versionCheckSemver}: ${explain(cs, parseVersion(build, { dialect: r.versionCheckSemver })).reasons[0] ?? 'refused'}`;
    }
  }
  if (refusedBuilds.length > 0) {
    problems.push(
      `${JSON.stringify(constraint)} refuses pre-release builds of releases it admits, such as ${listVersions(refusedBuilds, 2)} (${reason}); give every comparison a pre-release, e.g. >=v2.0.3-0, <v3.0.0-0`,
    );
  }

  // The next major.
  const newest = releases[releases.length - 1]!;
  const next = `v${parseVersion(newest.version).major + 1n}.0.0`;
  const nextDialect = newest.versionCheckSemver;
  const nextParsed = parsed.get(nextDialect);
  if (nextParsed && !(nextParsed instanceof Error)) {
    const admittedNext = [`${next}-0`, `${next}-rc.1`, next].filter((v) => satisfies(nextParsed, parseVersion(v, { dialect: nextDialect })));
    if (admittedNext.length > 0) {
      problems.push(`${JSON.stringify(constraint)} admits Crossplane ${admittedNext.join(', ')}: a major release the package has not been checked against; bound it with <${next}-0`);
    }
  }
  return problems;
}

/**
 * A dependsOn version must parse for every release's resolver (or be a digest), admit the version the
 * package is tested with, and refuse the next major and its pre-releases, so a fresh install never
 * resolves to a breaking release.
 */
export function dependencyVersionProblems(constraint: string, tested: string | undefined, pkg: string): string[] {
  if (DIGEST.test(constraint)) return [];
  const problems: string[] = [];
  const parsed = parsedPerDialect(constraint);
  for (const [dialect, p] of parsed) {
    if (!(p instanceof Error)) continue;
    const affected = CROSSPLANE_RELEASES.filter((r) => r.resolverSemver === dialect);
    problems.push(
      `${JSON.stringify(constraint)} does not parse in the dependency resolver of Crossplane ${span(affected)} (Masterminds semver ${dialect}: ${p.message}); separate comparisons with ", "`,
    );
  }
  if (tested === undefined) {
    problems.push(`no tested version is recorded for ${pkg}: add it to compositions/package/tested-versions.ts`);
    return problems;
  }
  const next = `v${parseVersion(tested).major + 1n}.0.0`;
  const usable = [...parsed].flatMap(([dialect, cs]) => (cs instanceof Error ? [] : [{ dialect, cs }]));
  const admittedBy = (v: string): SemverDialect[] => usable.filter(({ dialect, cs }) => satisfies(cs, parseVersion(v, { dialect }))).map(({ dialect }) => dialect);
  const refusing = usable.map(({ dialect }) => dialect).filter((d) => !admittedBy(tested).includes(d));
  if (refusing.length > 0) {
    problems.push(`${JSON.stringify(constraint)} does not admit ${tested}, the version the package is tested with (Masterminds semver ${refusing.join(' and ')})`);
  }
  const admittedNext = [`${next}-0`, `${next}-rc.1`, next].filter((v) => admittedBy(v).length > 0);
  if (admittedNext.length > 0) {
    problems.push(`${JSON.stringify(constraint)} admits ${admittedNext.join(', ')}: a fresh install could resolve to the next major; bound it, e.g. ${boundedByNextMajor(tested)}`);
  }
  return problems;
}
