// The GitOps tree that installs the whole control plane on a fresh management cluster with Argo CD:
// one root Application (applied once by hand) syncs the child Applications in sync waves, each
// waiting for the previous one to be Healthy (the restored Application health check):
//   wave -1  AppProjects (the children's projects must exist first)
//   wave 0   runtime     DeploymentRuntimeConfigs, then every package dependency as a pinned Provider/Function
//   wave 1   package     the Configuration naming the pushed package at a pinned version
//   wave 2   onboarding  deploy/onboarding/: namespaces, tenant RBAC, ProviderConfigs, EnvironmentConfigs,
//                        admission policies (synthesized by charts/onboarding.ts and charts/admission-policy.ts)
//   wave 3   claims      one Application per onboarded account, syncing <claimsRoot>/<namespace> into that
//                        namespace only, under a per-tenant AppProject that permits only the claim kinds
// Every Application: server-side apply and server-side diff (API-server defaults in CRDs compare
// correctly; argo-cd docs user-guide/diff-strategies.md), self-heal, retry with backoff, never an
// automatic prune and never the resources finalizer (deleting an Application leaves what it synced).
import { ApiObject, App, Chart } from 'cdk8s';
import { DomainChart } from '../compositions/kernel/domain-chart';
import { API_GROUP } from '../compositions/kernel/naming';
import { AppProject, Application } from '../imports/argoproj.io';
import { Configuration, DeploymentRuntimeConfig, Function as CrossplaneFunction, Provider } from '../imports/pkg.crossplane.io';
import { type GroupKind } from '../compositions/gitops/argocd-health';
import { argocdCmData } from '../compositions/gitops/argocd-settings';
import { deriveProjectRules, groupOf, type GroupKindItem, type SyncedObject } from '../compositions/gitops/app-projects';
import { type LockDependency, type PackageType, resolverPackageName } from '../compositions/gitops/package-dependencies';
import type { GitOpsParameters } from '../compositions/gitops/parameters';
import { type OrganizationOnboarding } from '../compositions/package/onboarding';
import { PACKAGE_NAME, PackageChart } from '../compositions/package/package-metadata';
import { testedVersionOf, TESTED_VERSIONS } from '../compositions/package/tested-versions';
import { toYaml } from '../compositions/package/package-writer';

export const IN_CLUSTER = 'https://kubernetes.default.svc';

/** Where each part of the tree lives in the repository (Argo CD source paths). */
export const GitOpsPaths = {
  bootstrap: 'deploy/argocd/bootstrap',
  apps: 'deploy/argocd/apps',
  argocdCm: 'deploy/argocd/argocd-cm',
  runtime: 'deploy/control-plane/runtime',
  package: 'deploy/control-plane/package',
  onboarding: 'deploy/onboarding',
} as const;

/** Names of the objects the tree creates. */
export const GitOpsNames = {
  bootstrapProject: 'zta-bootstrap',
  platformProject: 'zta-platform',
  tenantProject: (namespace: string): string => `zta-tenant-${namespace}`,
  root: 'zta-root',
  runtime: 'zta-runtime',
  package: 'zta-package',
  onboarding: 'zta-onboarding',
  claims: (namespace: string): string => `zta-claims-${namespace}`,
  /** DeploymentRuntimeConfig and fixed ServiceAccount of the provider-upjet-aws family. */
  awsProviderIdentity: 'zta-provider-aws',
  /** DeploymentRuntimeConfig and fixed ServiceAccount of provider-terraform. */
  terraformProviderIdentity: 'zta-provider-terraform',
} as const;

export const SyncWaves = { projects: -1, runtime: 0, package: 1, onboarding: 2, claims: 3 } as const;

/**
 * provider-upjet-aws service packages depend on the family package of their registry with
 * ">= 0.0.0" (provider-upjet-aws v2.6.0 package/crossplane.yaml.tmpl dependsOn, DEP_CONSTRAINT in
 * cluster/images/provider-aws/Makefile): a resolver-installed family floats to the newest tag, even a
 * new major. Installing it here pins it to the services' version.
 */
export const AWS_PROVIDER_FAMILY = {
  package: `${TESTED_VERSIONS.awsProviderFamily.packagePrefix.replace(/provider-aws-$/, '')}provider-family-aws`,
  version: TESTED_VERSIONS.awsProviderFamily.version,
  constraintOfServices: '>= 0.0.0',
} as const;

/** A package the runtime wave installs, with what Crossplane's Lock will record for it. */
export interface RuntimePackage {
  readonly name: string;
  readonly type: PackageType;
  /** Full reference with the tested tag. */
  readonly package: string;
  /** The package's own dependsOn (from its crossplane.yaml), as its revision adds it to the Lock. */
  readonly dependsOn: readonly LockDependency[];
  /** Which DeploymentRuntimeConfig gives it an AWS identity; undefined keeps Crossplane's default one. */
  readonly runtimeConfig?: string;
}

interface DependsOnEntry {
  readonly kind?: string;
  readonly package?: string;
  readonly version?: string;
}

/**
 * Every package the Configuration depends on, pinned to its tested version, plus the AWS family
 * package. Names are those Crossplane's resolver would give them (so Compositions' functionRefs and
 * `kubectl get providers` look the same as on a Configuration-only install), but what makes the
 * resolver treat them as installed is their source, not their name (revision/dependency.go).
 */
export function runtimePackages(packageMeta: Record<string, unknown>): RuntimePackage[] {
  const deps = ((packageMeta.spec as { dependsOn?: DependsOnEntry[] } | undefined)?.dependsOn ?? []);
  const out: RuntimePackage[] = [];
  let awsFamily = false;
  for (const [i, d] of deps.entries()) {
    if (d.kind !== 'Provider' && d.kind !== 'Function') throw new Error(`crossplane.yaml spec.dependsOn[${i}].kind: the runtime wave installs Providers and Functions (got ${JSON.stringify(d.kind)})`);
    const pkg = d.package ?? '';
    const tested = testedVersionOf(pkg);
    if (tested === undefined) throw new Error(`crossplane.yaml spec.dependsOn[${i}].package: ${pkg} has no tested version (compositions/package/tested-versions.ts): the tree installs only tested versions`);
    const isAws = pkg.startsWith(TESTED_VERSIONS.awsProviderFamily.packagePrefix);
    awsFamily ||= isAws;
    out.push({
      name: resolverPackageName(pkg),
      type: d.kind,
      package: `${pkg}:${tested}`,
      dependsOn: isAws ? [{ package: AWS_PROVIDER_FAMILY.package, type: 'Provider', constraints: AWS_PROVIDER_FAMILY.constraintOfServices }] : [],
      ...(isAws ? { runtimeConfig: GitOpsNames.awsProviderIdentity } : d.package === TESTED_VERSIONS.terraformProvider.package ? { runtimeConfig: GitOpsNames.terraformProviderIdentity } : {}),
    });
  }
  // The family provider runs only the ProviderConfig controllers and calls no AWS API: no AWS identity.
  if (awsFamily) out.push({ name: resolverPackageName(AWS_PROVIDER_FAMILY.package), type: 'Provider', package: `${AWS_PROVIDER_FAMILY.package}:${AWS_PROVIDER_FAMILY.version}`, dependsOn: [] });
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export interface GitOpsTreeInput {
  readonly params: GitOpsParameters;
  readonly onboarding: OrganizationOnboarding;
  /** The package metadata object (crossplane.yaml) the Configuration's build carries. */
  readonly packageMeta: Record<string, unknown>;
  /** API group of the package's claims and composites. */
  readonly packageGroup: string;
  /** Claim kinds the package offers (namespaced): all a tenant project may sync. */
  readonly claimKinds: readonly string[];
  /** Composite kinds (cluster-scoped): Argo CD shows them under the claims (the claim's tracking annotation is copied to its XR). */
  readonly compositeKinds: readonly string[];
  /** What deploy/onboarding/ holds (written by the onboarding and admission-policy charts). */
  readonly onboardingObjects: readonly SyncedObject[];
}

function annotations(wave: number): Record<string, string> {
  return {
    'argocd.argoproj.io/sync-wave': String(wave),
    // Structured-merge diff mishandles CRD defaults (argo-cd#11074); server-side diff asks the API server.
    'argocd.argoproj.io/compare-options': 'ServerSideDiff=true',
  };
}

const RETRY = { limit: 10, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } } as const;

interface ChildApp {
  readonly name: string;
  readonly project: string;
  readonly wave: number;
  readonly path: string;
  readonly destinationNamespace: string;
  /** Kinds whose CRD an earlier wave installs: the first sync must not dry-run them (Argo CD >= 3.1 honours this at application level, argo-cd#22679). */
  readonly skipDryRunOnMissingResource: boolean;
  readonly objects: readonly SyncedObject[];
}

/** The Application every child and the root share: prune never automatic, self-heal on, retries with backoff. */
function applicationSpec(p: GitOpsParameters, project: string, path: string, namespace: string, skipDryRun: boolean): Record<string, unknown> {
  return {
    project,
    source: { repoUrl: p.repoUrl, targetRevision: p.revision, path, directory: { recurse: true } },
    destination: { server: IN_CLUSTER, namespace },
    syncPolicy: {
      // prune: false everywhere: pruning a Provider or the Configuration deletes CRDs and with them every
      // claim and AWS resource; pruning a Namespace deletes its claims; a pruned claim deletes its account
      // baseline (and crossplane#7291 copies a claim's tracking annotation to its XR). A removed object
      // shows as "requires pruning" and a human prunes it; the Application health check lets waves pass.
      automated: { prune: false, selfHeal: true },
      syncOptions: ['ServerSideApply=true', ...(skipDryRun ? ['SkipDryRunOnMissingResource=true'] : [])],
      retry: RETRY,
    },
  };
}

export interface GitOpsTree {
  /** Files to write, path relative to the repository root → content. */
  readonly files: ReadonlyMap<string, string>;
  /** The objects of each child Application, for tests. */
  readonly children: readonly ChildApp[];
  readonly app: App;
}

/** Builds every file of the tree. Throws on inconsistent input (a namespaced object without namespace, a kind without scope). */
export function buildGitOpsTree(input: GitOpsTreeInput): GitOpsTree {
  const p = input.params;
  // The ProviderConfigs' base credentials must come from the identity the runtime configs give the pods.
  for (const o of input.onboardingObjects) {
    if (groupOf(o.apiVersion) !== 'aws.upbound.io' || o.kind !== 'ProviderConfig') continue;
    const source = (o as { spec?: { credentials?: { source?: string } } }).spec?.credentials?.source;
    if (source !== p.podIdentity.mode) throw new Error(`${GitOpsPaths.onboarding}: ProviderConfig/${o.metadata.name} takes credentials from ${JSON.stringify(source)}, but the providers run with ${p.podIdentity.mode} (--pod-identity): they must match`);
  }
  const app = new App();
  const chart = (id: string): Chart => new Chart(app, id, { disableResourceNameHashes: true });

  // ---------------------------------------------------------------- wave 0: runtime
  const runtime = chart('runtime');
  const identity = (name: string, role: string | undefined): DeploymentRuntimeConfig =>
    new DeploymentRuntimeConfig(runtime, name, {
      metadata: {
        name,
        // Inside the runtime Application the configs go first: a Provider naming a missing config fails its revision.
        annotations: { 'argocd.argoproj.io/sync-wave': '-1' },
      },
      spec: {
        // One fixed ServiceAccount for every revision of every package using this config, instead of one
        // per revision: an EKS Pod Identity association (or an IRSA trust policy) names the account exactly.
        // Crossplane applies it from each revision (runtime_provider.go applySA) and binds each provider's
        // ClusterRole to the deployment's account (rbac/provider/binding).
        serviceAccountTemplate: { metadata: { name, ...(role ? { annotations: { 'eks.amazonaws.com/role-arn': role } } : {}) } },
      },
    });
  identity(GitOpsNames.awsProviderIdentity, p.podIdentity.mode === 'IRSA' ? p.podIdentity.roles.awsProvider : undefined);
  identity(GitOpsNames.terraformProviderIdentity, p.podIdentity.mode === 'IRSA' ? p.podIdentity.roles.terraformProvider : undefined);
  for (const pkg of runtimePackages(input.packageMeta)) {
    const spec = {
      package: pkg.package,
      packagePullPolicy: 'IfNotPresent',
      revisionActivationPolicy: 'Automatic',
      revisionHistoryLimit: 1,
      ...(pkg.runtimeConfig ? { runtimeConfigRef: { apiVersion: 'pkg.crossplane.io/v1beta1', kind: 'DeploymentRuntimeConfig', name: pkg.runtimeConfig } } : {}),
    };
    if (pkg.type === 'Function') new CrossplaneFunction(runtime, pkg.name, { metadata: { name: pkg.name }, spec });
    else new Provider(runtime, pkg.name, { metadata: { name: pkg.name }, spec });
  }

  // ---------------------------------------------------------------- wave 1: package
  const pkgChart = chart('package');
  new Configuration(pkgChart, 'Configuration', {
    metadata: { name: PACKAGE_NAME },
    spec: {
      package: `${p.packageRepository}:${p.packageVersion}`,
      packagePullPolicy: 'IfNotPresent',
      revisionActivationPolicy: 'Automatic',
      revisionHistoryLimit: 1,
      // The runtime wave installed every dependency at its tested version: resolution finds them in the
      // Lock by source and only checks their versions against crossplane.yaml's ranges.
      skipDependencyResolution: false,
    },
  });

  const objectsOf = (c: Chart): SyncedObject[] => c.toJson() as SyncedObject[];
  const accounts = [...input.onboarding.accounts].sort((a, b) => a.namespace.localeCompare(b.namespace));
  const claimObjects = (namespace: string): SyncedObject[] => input.claimKinds.map((kind) => ({ apiVersion: `${input.packageGroup}/v1`, kind, metadata: { name: '*', namespace } }));

  const children: ChildApp[] = [
    { name: GitOpsNames.runtime, project: GitOpsNames.platformProject, wave: SyncWaves.runtime, path: GitOpsPaths.runtime, destinationNamespace: p.crossplaneNamespace, skipDryRunOnMissingResource: false, objects: objectsOf(runtime) },
    { name: GitOpsNames.package, project: GitOpsNames.platformProject, wave: SyncWaves.package, path: GitOpsPaths.package, destinationNamespace: p.crossplaneNamespace, skipDryRunOnMissingResource: false, objects: objectsOf(pkgChart) },
    // ProviderConfig CRDs come from the providers of wave 0.
    { name: GitOpsNames.onboarding, project: GitOpsNames.platformProject, wave: SyncWaves.onboarding, path: GitOpsPaths.onboarding, destinationNamespace: p.crossplaneNamespace, skipDryRunOnMissingResource: true, objects: input.onboardingObjects },
    // Claim CRDs come from the Configuration's XRDs of wave 1.
    ...accounts.map((a) => ({
      name: GitOpsNames.claims(a.namespace), project: GitOpsNames.tenantProject(a.namespace), wave: SyncWaves.claims, path: `${p.claimsRoot}/${a.namespace}`,
      destinationNamespace: a.namespace, skipDryRunOnMissingResource: true, objects: claimObjects(a.namespace),
    })),
  ];
  // No namespace check per child: a tenant's claims app holds only objects built above in its own
  // namespace (claimObjects); the claims a tenant commits are checked by claimObjectProblems and the
  // tenancy admission policies.

  // ---------------------------------------------------------------- AppProjects and child Applications
  const apps = chart('apps');
  const packageScopes: Record<string, 'Namespaced' | 'Cluster'> = Object.fromEntries([
    ...input.claimKinds.map((k) => [`${input.packageGroup}/${k}`, 'Namespaced'] as const),
    ...input.compositeKinds.map((k) => [`${input.packageGroup}/${k}`, 'Cluster'] as const),
  ]);
  const project = (name: string, description: string, members: readonly ChildApp[]): void => {
    const rules = deriveProjectRules(members.map((m) => ({ destinationNamespace: m.destinationNamespace, objects: m.objects })), packageScopes);
    new AppProject(apps, name, {
      metadata: { name, namespace: p.argocdNamespace, annotations: { 'argocd.argoproj.io/sync-wave': String(SyncWaves.projects) } },
      spec: {
        description,
        sourceRepos: [p.repoUrl],
        destinations: rules.namespaces.map((namespace) => ({ server: IN_CLUSTER, namespace })),
        // Exactly the kinds its Applications sync. An explicit [] matters: an absent namespace
        // whitelist permits every namespaced kind (IsGroupKindNamePermitted).
        clusterResourceWhitelist: rules.clusterResourceWhitelist.map(item),
        namespaceResourceWhitelist: rules.namespaceResourceWhitelist.map(item),
      },
    });
  };
  project(GitOpsNames.platformProject, 'Zero Trust platform control plane: provider runtime, the package, account onboarding', children.filter((c) => c.project === GitOpsNames.platformProject));
  for (const a of accounts) {
    project(GitOpsNames.tenantProject(a.namespace), `Claims of namespace ${a.namespace} (AWS account ${a.accountId}), and nothing else`, children.filter((c) => c.project === GitOpsNames.tenantProject(a.namespace)));
  }
  for (const c of children) {
    new Application(apps, c.name, {
      metadata: { name: c.name, namespace: p.argocdNamespace, annotations: annotations(c.wave) },
      spec: applicationSpec(p, c.project, c.path, c.destinationNamespace, c.skipDryRunOnMissingResource) as never,
    });
  }

  // ---------------------------------------------------------------- bootstrap: applied once by hand
  const bootstrap = chart('bootstrap');
  const appsObjects = objectsOf(apps);
  const bootstrapRules = deriveProjectRules([{ destinationNamespace: p.argocdNamespace, objects: appsObjects }]);
  new AppProject(bootstrap, GitOpsNames.bootstrapProject, {
    metadata: { name: GitOpsNames.bootstrapProject, namespace: p.argocdNamespace },
    spec: {
      description: 'The root Application of the Zero Trust platform: it syncs only AppProjects and Applications into the Argo CD namespace',
      sourceRepos: [p.repoUrl],
      destinations: bootstrapRules.namespaces.map((namespace) => ({ server: IN_CLUSTER, namespace })),
      clusterResourceWhitelist: bootstrapRules.clusterResourceWhitelist.map(item),
      namespaceResourceWhitelist: bootstrapRules.namespaceResourceWhitelist.map(item),
    },
  });
  new Application(bootstrap, GitOpsNames.root, {
    metadata: { name: GitOpsNames.root, namespace: p.argocdNamespace, annotations: { 'argocd.argoproj.io/compare-options': 'ServerSideDiff=true' } },
    spec: applicationSpec(p, GitOpsNames.bootstrapProject, GitOpsPaths.apps, p.argocdNamespace, false) as never,
  });

  // ---------------------------------------------------------------- argocd-cm, as a patch
  const syncedKinds: GroupKind[] = [
    ...children.flatMap((c) => c.objects).map((o) => ({ group: groupOf(o.apiVersion), kind: o.kind })),
    ...appsObjects.map((o) => ({ group: groupOf(o.apiVersion), kind: o.kind })),
    ...input.compositeKinds.map((kind) => ({ group: input.packageGroup, kind })),
  ];
  const data = argocdCmData(syncedKinds, input.packageGroup);
  const cm = chart('argocd-cm');
  new ApiObject(cm, 'Component', {
    apiVersion: 'kustomize.config.k8s.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'zero-trust-platform-argocd-cm' },
    patches: [{ path: 'argocd-cm-patch.yaml' }],
  });
  new ApiObject(cm, 'Patch', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm' }, data });

  const files = new Map<string, string>();
  const place = (c: Chart, dir: string, fileName: (o: Record<string, unknown>) => string): void => {
    const byFile = new Map<string, Record<string, unknown>[]>();
    for (const o of c.toJson() as Record<string, unknown>[]) {
      const f = `${dir}/${fileName(o)}`;
      byFile.set(f, [...(byFile.get(f) ?? []), o]);
    }
    for (const [f, objs] of byFile) files.set(f, toYaml(objs));
  };
  const perObject = (o: Record<string, unknown>): string => `${String(o.kind).toLowerCase()}-${(o.metadata as { name: string }).name}.yaml`;
  place(runtime, GitOpsPaths.runtime, perObject);
  place(pkgChart, GitOpsPaths.package, perObject);
  place(apps, GitOpsPaths.apps, perObject);
  place(bootstrap, GitOpsPaths.bootstrap, perObject);
  place(cm, GitOpsPaths.argocdCm, (o) => (o.kind === 'Component' ? 'kustomization.yaml' : 'argocd-cm-patch.yaml'));
  // The same entries for an Argo CD installed with the argo-cd Helm chart (values configs.cm).
  files.set(`${GitOpsPaths.argocdCm}/helm-values.yaml`, toYaml([{ configs: { cm: data } }]));
  return { files, children, app };
}

function item(gk: GroupKindItem): { group: string; kind: string } {
  return { group: gk.group, kind: gk.kind };
}

/** Each claims directory's objects must be claims of that namespace: what a tenant can sync is checked again by its AppProject. */
export function claimObjectProblems(namespace: string, objects: readonly SyncedObject[], packageGroup: string, claimKinds: readonly string[]): string[] {
  return objects.flatMap((o) => {
    const problems: string[] = [];
    if (groupOf(o.apiVersion) !== packageGroup || !claimKinds.includes(o.kind)) problems.push(`${o.kind}/${o.metadata.name}: a tenant syncs only claims (${claimKinds.join(', ')}), got ${o.apiVersion} ${o.kind}`);
    if (o.metadata.namespace !== undefined && o.metadata.namespace !== namespace) problems.push(`${o.kind}/${o.metadata.name}: namespace ${o.metadata.namespace} is not ${namespace}, the only namespace this directory syncs to`);
    return problems;
  });
}


/** The tree for the synthesized package (`buildPackage()`), the onboarding list and what deploy/onboarding/ holds. */
export function buildGitOps(packageApp: App, params: GitOpsParameters, onboarding: OrganizationOnboarding, onboardingObjects: readonly SyncedObject[]): GitOpsTree {
  const domains = packageApp.node.findAll().filter((c) => DomainChart.isDomainChart(c));
  // Only the package chart is synthesized: toJson() on every chart (~40 of them) cost a whole second.
  const packageChart = packageApp.node.findAll().find((c): c is PackageChart => Object.getPrototypeOf(c) === PackageChart.prototype);
  const meta = (packageChart?.toJson() as Record<string, unknown>[] | undefined ?? [])
    .find((o) => o.kind === 'Configuration' && String(o.apiVersion).startsWith('meta.pkg.crossplane.io/'));
  if (!meta) throw new Error('gitops: the package has no crossplane.yaml Configuration metadata');
  return buildGitOpsTree({
    params,
    onboarding,
    packageMeta: meta,
    packageGroup: API_GROUP,
    claimKinds: [...new Set(domains.flatMap((d) => (d.names.claim ? [d.names.claim.kind] : [])))].sort(),
    compositeKinds: [...new Set(domains.map((d) => d.names.kind))].sort(),
    onboardingObjects,
  });
}
