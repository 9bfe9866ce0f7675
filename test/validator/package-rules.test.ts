// How Crossplane applies crossplane.yaml's version constraints (validator/package-rules.ts), with the
// per-release facts in validator/crossplane-releases.json.
import {
  CROSSPLANE_RELEASES,
  type CrossplaneRelease,
  type PackageKind,
  boundedByNextMajor,
  crossplaneCompatibility,
  crossplaneVersionProblems,
  dependencyVersionProblems,
  resolveDependencyVersion,
} from '../../validator/package-rules';

const release = (version: string): CrossplaneRelease => {
  const r = CROSSPLANE_RELEASES.find((x) => x.version === version);
  if (!r) throw new Error(`${version} is not in validator/crossplane-releases.json`);
  return r;
};
const acceptsMrap = (r: CrossplaneRelease): boolean =>
  r.configurationKinds.some((k) => k.apiVersion === 'apiextensions.crossplane.io/v1alpha1' && k.kind === 'ManagedResourceActivationPolicy');

const KINDS: PackageKind[] = [
  { apiVersion: 'apiextensions.crossplane.io/v1', kind: 'CompositeResourceDefinition', file: 'apis/xthings/definition.yaml' },
  { apiVersion: 'apiextensions.crossplane.io/v1', kind: 'Composition', file: 'apis/xthings/composition.yaml' },
  { apiVersion: 'apiextensions.crossplane.io/v1alpha1', kind: 'ManagedResourceActivationPolicy', file: 'mrap.yaml' },
];

describe('Crossplane release facts (validator/crossplane-releases.json)', () => {
  it('covers every v2 tag from v2.0.0-preview.0 to v2.4.0-rc.0 and the last v1 patches, oldest first', () => {
    const versions = CROSSPLANE_RELEASES.map((r) => r.version);
    expect(versions.filter((v) => v.startsWith('v2.'))).toHaveLength(39);
    expect(versions.slice(0, 2)).toEqual(['v1.0.1', 'v1.1.4']);
    expect(versions.slice(-3)).toEqual(['v2.3.3', 'v2.3.4', 'v2.4.0-rc.0']);
    expect(versions).toContain('v1.20.11');
  });

  it('a Configuration may contain an MRAP from v2.0.3 and v2.1.0-rc.1 on, not in v2.1.0-rc.0', () => {
    const withMrap = CROSSPLANE_RELEASES.filter(acceptsMrap).map((r) => r.version);
    expect(withMrap[0]).toBe('v2.0.3');
    expect(['v2.0.0', 'v2.0.1', 'v2.0.2', 'v2.1.0-rc.0', 'v1.20.11'].map((v) => acceptsMrap(release(v)))).toEqual([false, false, false, false, false]);
    expect(['v2.0.3', 'v2.0.8', 'v2.1.0-rc.1', 'v2.1.0', 'v2.2.4', 'v2.3.4', 'v2.4.0-rc.0'].every((v) => acceptsMrap(release(v)))).toBe(true);
    expect(release('v2.0.3').source).toContain('crossplane/crossplane internal/xpkg/lint.go@v2.0.3 NewConfigurationLinter');
  });

  it('semver: v1.5.0 up to v2.3.0-rc.0, v3.4.0 from v2.3.0-rc.1 (linter moved to crossplane-runtime)', () => {
    expect([release('v2.2.4').versionCheckSemver, release('v2.3.0-rc.0').resolverSemver, release('v2.3.0-rc.1').versionCheckSemver, release('v2.3.4').resolverSemver]).toEqual([
      'v1.5.0',
      'v1.5.0',
      'v3.4.0',
      'v3.4.0',
    ]);
    expect(release('v2.3.0').source).toContain('crossplane/crossplane-runtime pkg/xpkg/lint.go@v2.3.0');
  });

  it('the resolver skips incomplete tags (v1) from v2.0.3 on', () => {
    expect([release('v2.0.2').resolverSkipsIncompleteTags, release('v2.0.3').resolverSkipsIncompleteTags, release('v2.1.0-rc.0').resolverSkipsIncompleteTags]).toEqual([false, true, false]);
  });
});

describe('spec.crossplane.version against a running Crossplane (InConstraints)', () => {
  const ours = '>=v2.0.3-0, !=v2.1.0-rc.0, <v3.0.0-0';
  it.each([
    // [running version, dialect of that release, compatible]
    ['v2.0.2', 'v1.5.0', false],
    ['v2.0.2-up.5', 'v1.5.0', false], // Upbound UXP build of v2.0.2 (platform-ref-aws e2e)
    ['v2.0.3', 'v1.5.0', true],
    ['v2.0.3-up.1', 'v1.5.0', true],
    ['v2.1.0-rc.0', 'v1.5.0', false],
    ['v2.1.0-rc.1', 'v1.5.0', true],
    ['v2.2.0-rc.1.5.gabc1234', 'v1.5.0', true], // CI build: git describe with '-' after the first turned into '.'
    ['v2.3.4', 'v3.4.0', true],
    ['v2.4.0-rc.0', 'v3.4.0', true],
    ['v3.0.0-rc.1', 'v3.4.0', false],
    ['v3.0.0', 'v3.4.0', false],
  ] as const)('%s (%s): %s', (running, dialect, compatible) => {
    expect(crossplaneCompatibility(ours, running, dialect)).toEqual(compatible ? { compatible: true } : { compatible: false, message: `package is not compatible with Crossplane version (${running})` });
  });

  it('reports a constraint the release cannot parse with upstream wording', () => {
    expect(crossplaneCompatibility('>=v2.0.3-0 <v3.0.0-0', 'v2.1.3', 'v1.5.0')).toEqual({
      compatible: false,
      message: 'package is not compatible with Crossplane version (v2.1.3): improper constraint: >=v2.0.3-0 <v3.0.0-0',
    });
    expect(crossplaneCompatibility('>=v2.0.3-0 <v3.0.0-0', 'v2.3.1', 'v3.4.0')).toEqual({ compatible: true });
  });
});

describe('dependsOn resolution (findDependencyVersionToInstall)', () => {
  const tags = ['v2.5.0', 'v2.6.0', 'v2.6.1', 'v2.7.0-rc.1', 'v3.0.0-rc.1', 'v3.0.0', 'v3', 'latest', 'main'];
  const v3 = { dialect: 'v3.4.0', skipIncompleteTags: true } as const;

  it('installs the highest tag the constraint admits, skipping pre-releases it does not name', () => {
    expect(resolveDependencyVersion('>=v2.6.0, <v3.0.0', tags, v3)).toBe('v2.6.1');
    expect(resolveDependencyVersion('>=v2.6.0, <v3.0.0', tags, { dialect: 'v1.5.0', skipIncompleteTags: true })).toBe('v2.6.1');
  });

  it('an unbounded range takes a breaking v3 as soon as it is published', () => {
    expect(resolveDependencyVersion('>=v2.6.0', tags, v3)).toBe('v3.0.0');
  });

  it('a lower bound with -0 lets pre-releases of the next major in (v3.4.0 decides per AND group)', () => {
    expect(resolveDependencyVersion('>=v2.6.0-0, <v3.0.0', ['v2.6.0', 'v3.0.0-rc.1'], v3)).toBe('v3.0.0-rc.1');
  });

  it('before v2.0.3 an incomplete tag such as v3 counts as v3.0.0', () => {
    expect(resolveDependencyVersion('>=v2.6.0', ['v2.6.0', 'v3'], { dialect: 'v1.5.0', skipIncompleteTags: false })).toBe('v3');
    expect(resolveDependencyVersion('>=v2.6.0', ['v2.6.0', 'v3'], { dialect: 'v1.5.0', skipIncompleteTags: true })).toBe('v2.6.0');
  });

  it('finds nothing when no tag matches, passes a digest through, and refuses an unparsable constraint', () => {
    expect(resolveDependencyVersion('>=v4.0.0', tags, v3)).toBeUndefined();
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(resolveDependencyVersion(digest, tags, v3)).toBe(digest);
    expect(() => resolveDependencyVersion('>=v2.6.0 <v3.0.0', tags, { dialect: 'v1.5.0', skipIncompleteTags: true })).toThrow(
      'version constraint on dependency is invalid: improper constraint: >=v2.6.0 <v3.0.0',
    );
  });
});

describe('crossplaneVersionProblems', () => {
  it('accepts the package constraint', () => {
    expect(crossplaneVersionProblems('>=v2.0.3-0, !=v2.1.0-rc.0, <v3.0.0-0', KINDS)).toEqual([]);
  });

  it('without an MRAP in the package, v2.0.0 to v2.0.2 are fine', () => {
    expect(crossplaneVersionProblems('>=v2.0.0-0, <v3.0.0-0', KINDS.slice(0, 2))).toEqual([]);
  });

  it.each([
    [
      '>=v2.0.0',
      [
        '">=v2.0.0" admits Crossplane v2.0.0, v2.0.1, v2.0.2, whose Configuration linter refuses ManagedResourceActivationPolicy (apiextensions.crossplane.io/v1alpha1, mrap.yaml) ("linting package contents failed"); the earliest release that accepts every kind in this package is v2.0.3',
        '">=v2.0.0" refuses pre-release builds of releases it admits, such as v2.0.0-up.1, v2.0.1-up.1 and 26 more (Masterminds semver v1.5.0: 2.0.0-up.1 is a prerelease version and the constraint is only looking for release versions); give every comparison a pre-release, e.g. >=v2.0.3-0, <v3.0.0-0',
        '">=v2.0.0" admits Crossplane v3.0.0: a major release the package has not been checked against; bound it with <v3.0.0-0',
      ],
    ],
    [
      '>=v2.6.0',
      [
        '">=v2.6.0" admits none of the Crossplane releases the package is checked against (v1.0.1 to v2.4.0-rc.0)',
        '">=v2.6.0" admits Crossplane v3.0.0: a major release the package has not been checked against; bound it with <v3.0.0-0',
      ],
    ],
    [
      '>=v2.1.0-0, <v3.0.0-0',
      [
        '">=v2.1.0-0, <v3.0.0-0" admits Crossplane v2.1.0-rc.0, whose Configuration linter refuses ManagedResourceActivationPolicy (apiextensions.crossplane.io/v1alpha1, mrap.yaml) ("linting package contents failed"); the earliest release that accepts every kind in this package is v2.0.3',
      ],
    ],
    [
      // v1.5.0 (Crossplane up to v2.2) refuses v2.0.3-up.1 at "<v3.0.0"; v3.4.0 lets v3 pre-releases in.
      '>=v2.0.3-0, <v3.0.0',
      [
        '">=v2.0.3-0, <v3.0.0" refuses pre-release builds of releases it admits, such as v2.0.3-up.1, v2.0.4-up.1 and 18 more (Masterminds semver v1.5.0: 2.0.3-up.1 is a prerelease version and the constraint is only looking for release versions); give every comparison a pre-release, e.g. >=v2.0.3-0, <v3.0.0-0',
        '">=v2.0.3-0, <v3.0.0" admits Crossplane v3.0.0-0, v3.0.0-rc.1: a major release the package has not been checked against; bound it with <v3.0.0-0',
      ],
    ],
    [
      '>=v2.0.3-0 <v3.0.0-0',
      [
        '">=v2.0.3-0 <v3.0.0-0" does not parse on Crossplane v1.0.1 to v2.3.0-rc.0 (Masterminds semver v1.5.0: improper constraint: >=v2.0.3-0 <v3.0.0-0); separate comparisons with ", "',
      ],
    ],
  ])('%s', (constraint, problems) => {
    expect(crossplaneVersionProblems(constraint, KINDS)).toEqual(problems);
  });
});

describe('dependencyVersionProblems', () => {
  it.each([
    ['>=v2.6.0, <v3.0.0', 'v2.6.0'],
    ['^v2.6.0', 'v2.6.0'],
    ['>=v0.10.8, <v1.0.0', 'v0.10.8'],
    [`sha256:${'0'.repeat(64)}`, 'v2.6.0'],
  ])('accepts %s (tested %s)', (constraint, tested) => {
    expect(dependencyVersionProblems(constraint, tested, 'xpkg.crossplane.io/crossplane-contrib/provider-aws-s3')).toEqual([]);
  });

  it.each([
    ['>=v2.6.0', 'v2.6.0', ['">=v2.6.0" admits v3.0.0: a fresh install could resolve to the next major; bound it, e.g. >=v2.6.0, <v3.0.0']],
    ['>=v2.6.0-0, <v3.0.0', 'v2.6.0', ['">=v2.6.0-0, <v3.0.0" admits v3.0.0-0, v3.0.0-rc.1: a fresh install could resolve to the next major; bound it, e.g. >=v2.6.0, <v3.0.0']],
    ['>=v2.7.0, <v3.0.0', 'v2.6.0', ['">=v2.7.0, <v3.0.0" does not admit v2.6.0, the version the package is tested with (Masterminds semver v1.5.0 and v3.4.0)']],
    [
      '>=v2.6.0 <v3.0.0',
      'v2.6.0',
      ['">=v2.6.0 <v3.0.0" does not parse in the dependency resolver of Crossplane v1.0.1 to v2.3.0-rc.0 (Masterminds semver v1.5.0: improper constraint: >=v2.6.0 <v3.0.0); separate comparisons with ", "'],
    ],
    ['>=v0.10.8', 'v0.10.8', ['">=v0.10.8" admits v1.0.0: a fresh install could resolve to the next major; bound it, e.g. >=v0.10.8, <v1.0.0']],
  ] as const)('%s (tested %s)', (constraint, tested, problems) => {
    expect(dependencyVersionProblems(constraint, tested, 'xpkg.crossplane.io/crossplane-contrib/provider-aws-s3')).toEqual(problems);
  });

  it('names a dependency without a tested version', () => {
    expect(dependencyVersionProblems('>=v1.0.0, <v2.0.0', undefined, 'xpkg.example.org/acme/provider-x')).toEqual([
      'no tested version is recorded for xpkg.example.org/acme/provider-x: add it to compositions/package/tested-versions.ts',
    ]);
  });
});

describe('boundedByNextMajor', () => {
  it('writes >=tested, <next major in the form every Crossplane resolver parses', () => {
    expect([boundedByNextMajor('v2.6.0'), boundedByNextMajor('v1.1.1'), boundedByNextMajor('v0.10.8')]).toEqual(['>=v2.6.0, <v3.0.0', '>=v1.1.1, <v2.0.0', '>=v0.10.8, <v1.0.0']);
  });

  it('refuses a pre-release as the tested version', () => {
    expect(() => boundedByNextMajor('v2.6.0-rc.1')).toThrow('tested version v2.6.0-rc.1 must be a release (MAJOR.MINOR.PATCH)');
  });
});
