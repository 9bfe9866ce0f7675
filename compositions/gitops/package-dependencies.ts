// What Crossplane's package manager does with the Providers and Functions the GitOps tree installs
// before the Configuration, ported from crossplane/crossplane (v2.0.3; unchanged in behaviour through
// v2.4.0-rc.0 except the Masterminds semver module, see validator/semver.ts):
//   - internal/xpkg/name.go ToDNSLabel / ParsePackageSourceFromReference: the name the resolver gives a
//     dependency it creates, and the "source" a package is known by in the Lock.
//   - internal/controller/pkg/revision/dependency.go PackageDependencyManager.Resolve over the Lock's
//     DAG (internal/dag/dag.go MapDag): a dependency is "installed" when a package with the same source
//     is in the Lock, whatever its object name; its version must then satisfy the constraint, or the
//     revision fails with "incompatible dependencies" (the resolver never replaces an installed package
//     unless --enable-dependency-version-upgrades is on). A different source (another registry or org)
//     is a different package: the resolver installs a second copy, whose CRDs then collide.
import { type SemverDialect, parseConstraints, parseVersion, satisfies } from '../../validator/semver';

/** internal/xpkg/name.go ToDNSLabel: keep [a-z0-9], turn . / : - into -, stop at 63, trim dashes. */
export function toDnsLabel(s: string): string {
  let cut = '';
  for (let i = 0; i < s.length; i++) {
    const b = s[i]!;
    if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) cut += b;
    if ((b === '.' || b === '/' || b === ':' || b === '-') && i !== 0 && i !== 62 && i !== s.length - 1) cut += '-';
    if (i === 62) break;
  }
  return cut.replace(/^-+|-+$/g, '');
}

export interface PackageReference {
  /** Registry host, or "" when the reference names none. */
  readonly registry: string;
  /** Repository path without registry (go-containerregistry RepositoryStr). */
  readonly repository: string;
  /** Tag or digest. */
  readonly identifier: string;
  /** The reference without its identifier: how the Lock and dependsOn name the package. */
  readonly source: string;
}

/**
 * Splits `registry/repo/path:tag` or `...@sha256:...` as go-containerregistry does for the references
 * the package manager reads; the first path component is a registry when it has a '.' or ':' or is
 * localhost. Throws on a reference without tag or digest: Crossplane needs one to install.
 */
export function parsePackageReference(ref: string): PackageReference {
  const at = ref.indexOf('@');
  let name: string;
  let identifier: string;
  if (at >= 0) {
    name = ref.slice(0, at);
    identifier = ref.slice(at + 1);
  } else {
    const colon = ref.lastIndexOf(':');
    if (colon < 0 || colon < ref.lastIndexOf('/')) throw new Error(`package reference ${JSON.stringify(ref)} has no tag or digest`);
    name = ref.slice(0, colon);
    identifier = ref.slice(colon + 1);
  }
  const [first, ...rest] = name.split('/');
  const isRegistry = rest.length > 0 && (first!.includes('.') || first!.includes(':') || first === 'localhost');
  return { registry: isRegistry ? first! : '', repository: isRegistry ? rest.join('/') : name, identifier, source: name };
}

/** The object name the resolver would give a dependency it installs (resolver NewPackage). */
export function resolverPackageName(source: string): string {
  return toDnsLabel(parsePackageReference(`${source}:latest`).repository);
}

// ------------------------------------------------------------------------------ Lock and Resolve

export type PackageType = 'Provider' | 'Function' | 'Configuration';

export interface LockDependency {
  readonly package: string;
  readonly type: PackageType;
  /** Semantic version range or digest; "" means any. */
  readonly constraints: string;
}

/** pkg.crossplane.io/v1beta1 Lock .packages[]: one per installed package revision. */
export interface LockPackage {
  readonly name: string;
  readonly type: PackageType;
  readonly source: string;
  readonly version: string;
  readonly dependencies: readonly LockDependency[];
}

export interface ResolveResult {
  readonly total: number;
  readonly installed: number;
  readonly invalid: number;
  /** The error the revision reports (its Healthy condition carries it), or undefined. */
  readonly error?: string;
}

type DagNode = { readonly kind: 'package'; readonly pkg: LockPackage } | { readonly kind: 'dependency'; readonly dep: LockDependency };

const DIGEST = /^sha256:[0-9a-f]{64}$/;

function neighborsOf(n: DagNode): readonly LockDependency[] {
  return n.kind === 'package' ? n.pkg.dependencies : [];
}

/** crossplane-runtime resource.StableNAndSomeMore over NDependenciesAndSomeMore's quoted names. */
function dependenciesAndSomeMore(n: number, deps: readonly LockDependency[]): string {
  const names = deps.map((d) => (d.constraints === '' ? JSON.stringify(d.package) : `${JSON.stringify(d.package)} (${d.constraints})`)).sort();
  if (names.length > n) return `${names.slice(0, n).join(', ')}, and ${names.length - n} more`;
  if (names.length === n) return `${names.slice(0, n - 1).join(', ')}, and ${names[n - 1]}`;
  return names.join(', ');
}

/**
 * PackageDependencyManager.Resolve for one package revision (`self`: its object name, its package
 * reference, the dependsOn of its metadata) against the Lock as it stands. `dialect` is the
 * Masterminds semver of the Crossplane release (crossplane-releases.json resolverSemver).
 */
export function resolveDependencies(
  self: { readonly name: string; readonly type: PackageType; readonly package: string; readonly dependsOn: readonly LockDependency[] },
  lock: readonly LockPackage[],
  dialect: SemverDialect,
): ResolveResult {
  let found = self.dependsOn.length;
  let installed = 0;
  const ref = parsePackageReference(self.package);
  const selfPkg: LockPackage = { name: self.name, type: self.type, source: ref.source, version: ref.identifier, dependencies: self.dependsOn };

  // MapDag.Init: every Lock package is a node; a dependency no package provides is added as an implied node.
  // Upstream builds the graph before dropping a relocated self from the Lock, so the graph keeps it.
  const nodes = new Map<string, DagNode>();
  for (const p of lock) {
    if (nodes.has(p.source)) return { total: found, installed, invalid: 0, error: `cannot initialize dependency graph from the packages in the lock: node ${p.source} already exists` };
    nodes.set(p.source, { kind: 'package', pkg: p });
  }
  const implied: LockDependency[] = [];
  for (const p of lock) {
    for (const d of p.dependencies) {
      if (!nodes.has(d.package)) {
        implied.push(d);
        nodes.set(d.package, { kind: 'dependency', dep: d });
      }
    }
  }

  // A package with our name and type but another source is dropped from the Lock (relocated image).
  const packages = lock.filter((lp) => !(lp.name === self.name && lp.type === self.type && lp.source !== selfPkg.source));
  if (!packages.some((lp) => lp.name === self.name)) {
    nodes.set(selfPkg.source, { kind: 'package', pkg: selfPkg });
    const missing = self.dependsOn.filter((d) => !nodes.has(d.package));
    installed = found - missing.length;
    if (missing.length > 0) return { total: found, installed, invalid: 0, error: `missing dependencies: ${dependenciesAndSomeMore(3, missing)}` };
  }

  // MapDag.TraceNode: every direct and transitive dependency of self, depth first.
  const tree = new Map<string, LockDependency>();
  const trace = (id: string): string | undefined => {
    const node = nodes.get(id);
    if (!node) return 'missing node in tree';
    for (const d of neighborsOf(node)) {
      if (tree.has(d.package)) continue;
      tree.set(d.package, d);
      const err = trace(d.package);
      if (err) return err;
    }
    return undefined;
  };
  const traceError = trace(selfPkg.source);
  if (traceError) return { total: found, installed, invalid: 0, error: traceError };

  found = tree.size;
  installed = found;
  const missing = implied.filter((d) => tree.has(d.package));
  installed -= missing.length;
  if (missing.length > 0) return { total: found, installed, invalid: 0, error: `missing dependencies: ${dependenciesAndSomeMore(3, missing)}` };

  const invalid: string[] = [];
  for (const dep of self.dependsOn) {
    const node = nodes.get(dep.package);
    if (!node) return { total: found, installed, invalid: 0, error: 'dependency is not present in graph' };
    if (node.kind !== 'package') return { total: found, installed, invalid: 0, error: 'dependency in graph is not a lock package' };
    const lp = node.pkg;
    if (DIGEST.test(dep.constraints)) {
      if (lp.version !== dep.constraints) return { total: found, installed, invalid: 0, error: `existing package ${lp.source}@${lp.version} is incompatible with constraint ${dep.constraints.trim()}` };
      continue;
    }
    let ok: boolean;
    try {
      ok = satisfies(parseConstraints(dep.constraints, { dialect }), parseVersion(lp.version, { dialect }));
    } catch (e) {
      // Resolve returns the parse error itself: a digest-pinned package never satisfies a semver range.
      return { total: found, installed, invalid: 0, error: (e as Error).message };
    }
    if (!ok) {
      let s = `existing package ${lp.source}@${lp.version}`;
      if (dep.constraints !== '') s += ` is incompatible with constraint ${dep.constraints.trim()}`;
      invalid.push(s);
    }
  }
  if (invalid.length > 0) return { total: found, installed, invalid: invalid.length, error: `incompatible dependencies: ${invalid.join('; ')}` };
  return { total: found, installed, invalid: 0 };
}

/** Lock entries in the order Crossplane would add them as each revision resolves: each package adds itself. */
export function lockOf(packages: readonly { readonly name: string; readonly type: PackageType; readonly package: string; readonly dependsOn: readonly LockDependency[] }[]): LockPackage[] {
  return packages.map((p) => {
    const ref = parsePackageReference(p.package);
    return { name: p.name, type: p.type, source: ref.source, version: ref.identifier, dependencies: p.dependsOn };
  });
}
