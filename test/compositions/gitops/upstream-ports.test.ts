// The upstream behaviour the GitOps tree relies on, ported and proven with upstream's own test cases:
// Crossplane's package naming and dependency resolution against an existing Lock, Argo CD's resource
// exclusion filter and AppProject kind permissions.
import pm from '../../fixtures/gitops/crossplane-package-manager.json';
import filters from '../../fixtures/gitops/argocd-filters.json';
import glob from '../../fixtures/gitops/argocd-glob.json';
import { type LockPackage, type LockDependency, parsePackageReference, resolveDependencies, toDnsLabel } from '../../../compositions/gitops/package-dependencies';
import { type FilteredResource, filteredResourceMatches, globMatch, isExcludedResource } from '../../../compositions/gitops/argocd-settings';
import { type ProjectRules, isGroupKindPermitted } from '../../../compositions/gitops/app-projects';

describe(`${pm.toDnsLabel.source}`, () => {
  test.each(pm.toDnsLabel.cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    expect(toDnsLabel(c.arg)).toBe(c.want);
  });
});

describe(`${pm.sourceFromReference.source}`, () => {
  test.each(pm.sourceFromReference.cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    expect(parsePackageReference(c.arg).source).toBe(c.want);
  });
  test('a reference without tag or digest is refused: the package manager needs one', () => {
    expect(() => parsePackageReference('xpkg.crossplane.io/crossplane-contrib/provider-aws-ec2')).toThrow(/no tag or digest/);
  });
});

describe(`${pm.resolve.source} (both Masterminds semver dialects Crossplane v2 links)`, () => {
  for (const dialect of ['v1.5.0', 'v3.4.0'] as const) {
    test.each(pm.resolve.cases.map((c) => [c.name, c] as const))(`%s (${dialect})`, (_n, c) => {
      const got = resolveDependencies(c.self as { name: string; type: 'Configuration'; package: string; dependsOn: LockDependency[] }, c.lock as LockPackage[], dialect);
      if ('totalOnly' in c) expect({ invalid: got.invalid, error: got.error }).toEqual({ invalid: 0, error: undefined });
      else expect(got).toEqual(c.want);
    });
  }
});

describe(`${filters.filteredResourceMatch.source}`, () => {
  test.each(filters.filteredResourceMatch.cases.map((c, i) => [i, c] as const))('case %d', (_i, c) => {
    const t = 'target' in c && c.target ? c.target : filters.filteredResourceMatch.target;
    expect(filteredResourceMatches(c.resource as FilteredResource, t.apiGroup, t.kind, t.cluster)).toBe(c.want);
  });
});

describe(`${filters.isExcludedResource.source}`, () => {
  test.each(filters.isExcludedResource.cases.map((c, i) => [`${c.test} #${i}`, c] as const))('%s', (_n, c) => {
    const f = c.filter as { exclusions?: FilteredResource[]; inclusions?: FilteredResource[] };
    const [g, k, cl] = c.args as [string, string, string];
    expect(isExcludedResource({ exclusions: f.exclusions ?? [], inclusions: f.inclusions ?? [] }, g, k, cl)).toBe(c.want);
  });
});

describe(`${filters.isGroupKindPermitted.source}`, () => {
  test.each(filters.isGroupKindPermitted.cases.map((c, i) => [i, c] as const))('case %d', (_i, c) => {
    expect(isGroupKindPermitted(c.project as ProjectRules, c.res, c.name, c.namespaced)).toBe(c.want);
  });
});

describe(`${glob.argocdMatch.source}`, () => {
  test.each(glob.argocdMatch.cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    expect(globMatch(c.pattern, c.value)).toBe(c.want);
  });
});

// Argo CD compiles its globs with github.com/gobwas/glob: its own cases (those without separators) pin
// classes, negation, alternatives and escapes.
describe(`${glob.gobwasGlob.source}`, () => {
  test.each(glob.gobwasGlob.cases.map((c) => [c.pattern, c.value, c.want, c] as const))('%j against %j -> %s', (_p, _v, _w, c) => {
    expect(globMatch(c.pattern, c.value)).toBe(c.want);
  });
});
