// The GitOps tree charts/gitops.ts builds: deploy/argocd/ and deploy/control-plane/ are what a platform
// team applies to install the control plane with Argo CD: they must be what synth produces, valid against
// their CRDs, ordered in waves that wait for health, whitelisted exactly, and installing every package
// dependency so Crossplane's resolver finds it installed at a version the Configuration accepts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { buildPackage } from '../../charts';
import { buildGitOps, claimObjectProblems, GitOpsNames, GitOpsPaths, IN_CLUSTER, runtimePackages, SyncWaves, type GitOpsTree, AWS_PROVIDER_FAMILY } from '../../charts/gitops';
import { healthKey, healthScriptFor } from '../../compositions/gitops/argocd-health';
import { deriveProjectRules, groupOf, isNamespacedKind, isResourcePermitted, type ProjectRules, type SyncedObject } from '../../compositions/gitops/app-projects';
import { ARGOCD_DEFAULT_EXCLUSIONS, isExcludedResource, parseExclusions } from '../../compositions/gitops/argocd-settings';
import { lockOf, parsePackageReference, resolveDependencies, type LockDependency } from '../../compositions/gitops/package-dependencies';
import { EXAMPLE_GITOPS_PARAMETERS, type GitOpsParameters } from '../../compositions/gitops/parameters';
import { readManifests } from '../../compositions/gitops/tree-files';
import { API_GROUP } from '../../compositions/kernel/naming';
import { TESTED_VERSIONS } from '../../compositions/package/tested-versions';
import { onboarding } from '../../examples/onboarding';
import { CROSSPLANE_RELEASES } from '../../validator/package-rules';
import { readPackage } from '../../validator/package';
import { Validator, formatProblem } from '../../validator/validate';

const root = path.resolve(__dirname, '..', '..');
const pkg = buildPackage();
const onboardingDir = path.join(root, GitOpsPaths.onboarding);
const tree = buildGitOps(pkg, EXAMPLE_GITOPS_PARAMETERS, onboarding, readManifests(onboardingDir));
const objectsIn = (dir: string): Record<string, any>[] => readPackage(path.join(root, dir)).map((p) => p.object);
const apps = objectsIn(GitOpsPaths.apps);
const applications = new Map<string, Record<string, any>>(apps.filter((o) => o.kind === 'Application').map((o) => [o.metadata.name, o]));
const projects = new Map<string, Record<string, any>>([...apps, ...objectsIn(GitOpsPaths.bootstrap)].filter((o) => o.kind === 'AppProject').map((o) => [o.metadata.name, o]));
const meta = YAML.parse(fs.readFileSync(path.join(root, 'dist', 'crossplane.yaml'), 'utf8')) as Record<string, any>;

describe('the generated tree on disk', () => {
  test('equals what synth produces (deploy/argocd/, deploy/control-plane/)', () => {
    const onDisk = [GitOpsPaths.apps, GitOpsPaths.bootstrap, GitOpsPaths.argocdCm, GitOpsPaths.runtime, GitOpsPaths.package]
      .flatMap((d) => fs.readdirSync(path.join(root, d)).map((f) => `${d}/${f}`)).sort();
    expect(onDisk).toEqual([...tree.files.keys()].sort());
    for (const [f, content] of tree.files) expect({ f, content: fs.readFileSync(path.join(root, f), 'utf8') }).toEqual({ f, content });
  });

  test('every object Argo CD or Crossplane reads validates against its CRD schema', () => {
    const validator = Validator.fromBundle();
    const problems = [GitOpsPaths.apps, GitOpsPaths.bootstrap, GitOpsPaths.runtime, GitOpsPaths.package]
      .flatMap((d) => readPackage(path.join(root, d)).flatMap((o) => validator.validate(o.object, { file: `${d}/${o.file}` })));
    expect(problems.map(formatProblem)).toEqual([]);
  });

  test('every Application source path exists in the repository (Argo CD: "app path does not exist")', () => {
    const missing = [...applications.values(), ...objectsIn(GitOpsPaths.bootstrap).filter((o) => o.kind === 'Application')]
      .map((a) => a.spec.source.path as string)
      // deploy/onboarding/ is synthesized by the onboarding and admission-policy charts; before they land in
      // a checkout the platform project whitelists none of its kinds (checked below).
      .filter((p) => p !== GitOpsPaths.onboarding && !fs.existsSync(path.join(root, p)));
    expect(missing).toEqual([]);
    if (!fs.existsSync(onboardingDir)) expect(readManifests(onboardingDir)).toEqual([]);
  });
});

describe('sync waves: the root syncs projects, then runtime, package, onboarding, claims', () => {
  const wave = (o: Record<string, any>): number => Number(o.metadata.annotations['argocd.argoproj.io/sync-wave']);
  test('the root Application (applied by hand) syncs exactly deploy/argocd/apps under the bootstrap project', () => {
    const rootApp = objectsIn(GitOpsPaths.bootstrap).find((o) => o.kind === 'Application')!;
    expect(rootApp.spec).toMatchObject({ project: GitOpsNames.bootstrapProject, source: { path: GitOpsPaths.apps, repoURL: EXAMPLE_GITOPS_PARAMETERS.repoUrl, targetRevision: EXAMPLE_GITOPS_PARAMETERS.revision } });
  });
  test('projects before every Application; runtime 0 < package 1 < onboarding 2 < claims 3', () => {
    for (const p of apps.filter((o) => o.kind === 'AppProject')) expect(wave(p)).toBe(SyncWaves.projects);
    expect(wave(applications.get(GitOpsNames.runtime)!)).toBe(0);
    expect(wave(applications.get(GitOpsNames.package)!)).toBe(1);
    expect(wave(applications.get(GitOpsNames.onboarding)!)).toBe(2);
    for (const a of onboarding.accounts) expect(wave(applications.get(GitOpsNames.claims(a.namespace))!)).toBe(3);
    expect(applications.size).toBe(3 + onboarding.accounts.length);
  });
  test('waves wait for health: argocd-cm restores the Application health check', () => {
    const data = objectsIn(GitOpsPaths.argocdCm).find((o) => o.kind === 'ConfigMap')!.data;
    expect(data[healthKey('argoproj.io', 'Application')]).toBe(healthScriptFor({ group: 'argoproj.io', kind: 'Application' }, API_GROUP));
  });
  test('every Application: server-side apply and diff, self-heal, retries, never an automatic prune, no cascading finalizer', () => {
    for (const a of [...applications.values(), ...objectsIn(GitOpsPaths.bootstrap).filter((o) => o.kind === 'Application')]) {
      expect({ name: a.metadata.name, finalizers: a.metadata.finalizers, compare: a.metadata.annotations['argocd.argoproj.io/compare-options'], automated: a.spec.syncPolicy.automated, ssa: a.spec.syncPolicy.syncOptions.includes('ServerSideApply=true'), retry: a.spec.syncPolicy.retry.limit > 0 })
        .toEqual({ name: a.metadata.name, finalizers: undefined, compare: 'ServerSideDiff=true', automated: { prune: false, selfHeal: true }, ssa: true, retry: true });
    }
  });
  test('dry-run is skipped exactly where a CRD comes from an earlier wave (ProviderConfigs, claims)', () => {
    const skips = [...applications.values()].filter((a) => a.spec.syncPolicy.syncOptions.includes('SkipDryRunOnMissingResource=true')).map((a) => a.metadata.name).sort();
    expect(skips).toEqual([GitOpsNames.onboarding, ...onboarding.accounts.map((a) => GitOpsNames.claims(a.namespace))].sort());
  });
  test('each account\'s claims Application syncs <claimsRoot>/<namespace> into that namespace only, under its own project', () => {
    for (const a of onboarding.accounts) {
      expect(applications.get(GitOpsNames.claims(a.namespace))!.spec).toMatchObject({
        project: GitOpsNames.tenantProject(a.namespace), source: { path: `examples/claims/${a.namespace}` }, destination: { server: IN_CLUSTER, namespace: a.namespace },
      });
    }
  });
});

describe('AppProjects whitelist exactly the kinds synced', () => {
  const synced = (app: Record<string, any>): SyncedObject[] =>
    app.spec.project.startsWith('zta-tenant-')
      ? [] // tenant directories change without synth: their projects are checked against the offered claim kinds below
      : readManifests(path.join(root, app.spec.source.path));
  // The package's kinds synced from Git: the claims, and the organization's composite (cluster-scoped, generated into deploy/onboarding/).
  const scopes = { [`${API_GROUP}/ZeroTrustAccount`]: 'Namespaced', [`${API_GROUP}/SecureBucket`]: 'Namespaced', [`${API_GROUP}/XZeroTrustOrganization`]: 'Cluster' } as const;
  const list = (items: { group: string; kind: string }[] | undefined) => (items ?? []).map((i) => `${i.group}/${i.kind}`).sort();

  test('the platform and bootstrap projects: whitelists and destinations derived from the synced directories on disk', () => {
    for (const name of [GitOpsNames.platformProject, GitOpsNames.bootstrapProject]) {
      const members = [...applications.values(), ...objectsIn(GitOpsPaths.bootstrap).filter((o) => o.kind === 'Application')].filter((a) => a.spec.project === name);
      const rules = deriveProjectRules(members.map((a) => ({ destinationNamespace: a.spec.destination.namespace, objects: synced(a) })), scopes);
      const proj = projects.get(name)!.spec;
      expect({ name, cluster: list(proj.clusterResourceWhitelist), namespaced: list(proj.namespaceResourceWhitelist), namespaces: proj.destinations.map((d: any) => d.namespace).sort() })
        .toEqual({ name, cluster: list(rules.clusterResourceWhitelist), namespaced: list(rules.namespaceResourceWhitelist), namespaces: rules.namespaces });
    }
  });

  test('every object of every platform Application is permitted by its project, as Argo CD decides it', () => {
    for (const a of [...applications.values()].filter((x) => x.spec.project === GitOpsNames.platformProject)) {
      const proj = projects.get(a.spec.project)!.spec as ProjectRules;
      for (const o of synced(a)) {
        const namespaced = isNamespacedKind(o.apiVersion, o.kind, scopes);
        expect(`${a.metadata.name}: ${o.kind}/${o.metadata.name} ${isResourcePermitted(proj, { group: groupOf(o.apiVersion), kind: o.kind }, o.metadata.name, namespaced ? (o.metadata.namespace ?? a.spec.destination.namespace) : '', IN_CLUSTER)}`).toBe(`${a.metadata.name}: ${o.kind}/${o.metadata.name} true`);
      }
    }
  });

  test('a tenant project permits the package\'s claim kinds in its own namespace and nothing else', () => {
    const claimKinds = [...new Set(pkg.node.findAll().flatMap((c) => ((c as any).names?.claim ? [(c as any).names.claim.kind as string] : [])))].sort();
    for (const a of onboarding.accounts) {
      const proj = projects.get(GitOpsNames.tenantProject(a.namespace))!.spec as ProjectRules;
      expect(list(proj.namespaceResourceWhitelist as any)).toEqual(claimKinds.map((k) => `${API_GROUP}/${k}`));
      expect(proj.clusterResourceWhitelist).toEqual([]);
      const other = onboarding.accounts.find((b) => b.namespace !== a.namespace)!.namespace;
      const allowed = (group: string, kind: string, namespace: string) => isResourcePermitted(proj, { group, kind }, 'x', namespace, IN_CLUSTER);
      expect({
        ownClaim: allowed(API_GROUP, 'ZeroTrustAccount', a.namespace),
        claimElsewhere: allowed(API_GROUP, 'ZeroTrustAccount', other),
        composite: allowed(API_GROUP, 'XZeroTrustAccount', ''),
        namespace: allowed('', 'Namespace', ''),
        providerConfig: allowed('aws.upbound.io', 'ProviderConfig', ''),
        roleBinding: allowed('rbac.authorization.k8s.io', 'RoleBinding', a.namespace),
        environmentConfig: allowed('apiextensions.crossplane.io', 'EnvironmentConfig', ''),
      }).toEqual({ ownClaim: true, claimElsewhere: false, composite: false, namespace: false, providerConfig: false, roleBinding: false, environmentConfig: false });
    }
  });

  test('every claims directory holds only claims of its namespace; each account has one', () => {
    const claimKinds = ['PrivateApi', 'SecureBucket', 'ZeroTrustAccount'];
    for (const a of onboarding.accounts) {
      const dir = path.join(root, 'examples', 'claims', a.namespace);
      expect(fs.existsSync(dir)).toBe(true);
      expect(claimObjectProblems(a.namespace, readManifests(dir), API_GROUP, claimKinds)).toEqual([]);
    }
    expect(claimObjectProblems('payments-dev', [{ apiVersion: `${API_GROUP}/v1alpha1`, kind: 'ZeroTrustAccount', metadata: { name: 'x', namespace: 'payments-prod' } }, { apiVersion: 'aws.upbound.io/v1beta1', kind: 'ProviderConfig', metadata: { name: 'y' } }], API_GROUP, claimKinds)).toEqual([
      'ZeroTrustAccount/x: namespace payments-prod is not payments-dev, the only namespace this directory syncs to',
      'ProviderConfig/y: a tenant syncs only claims (PrivateApi, SecureBucket, ZeroTrustAccount), got aws.upbound.io/v1beta1 ProviderConfig',
    ]);
  });

  test('derivation from fixture onboarding objects: cluster and namespaced kinds, namespaces of namespaced objects', () => {
    const objs: SyncedObject[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments-dev' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'payments-dev' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'payments-prod' } },
      { apiVersion: 'aws.upbound.io/v1beta1', kind: 'ProviderConfig', metadata: { name: 'zta-payments-dev' } },
      { apiVersion: 'tf.upbound.io/v1beta1', kind: 'ProviderConfig', metadata: { name: 'zta-payments-dev-terraform' } },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'p' } },
    ];
    const rules = deriveProjectRules([{ destinationNamespace: 'crossplane-system', objects: objs }]);
    expect({ c: list(rules.clusterResourceWhitelist), n: list(rules.namespaceResourceWhitelist), ns: rules.namespaces }).toEqual({
      c: ['/Namespace', 'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'aws.upbound.io/ProviderConfig', 'tf.upbound.io/ProviderConfig'],
      n: ['rbac.authorization.k8s.io/Role', 'rbac.authorization.k8s.io/RoleBinding'],
      ns: ['crossplane-system', 'payments-dev', 'payments-prod'],
    });
    expect(() => deriveProjectRules([{ destinationNamespace: 'x', objects: [{ apiVersion: 'example.org/v1', kind: 'Gadget', metadata: { name: 'g' } }] }])).toThrow(/no scope known for example.org\/v1 Gadget/);
  });
});

describe('argocd-cm, shipped as a patch', () => {
  const cmDir = objectsIn(GitOpsPaths.argocdCm);
  const patch = cmDir.find((o) => o.kind === 'ConfigMap')!;
  test('a kustomize Component patching argocd-cm\'s data only, and the same entries as argo-cd Helm values', () => {
    expect(cmDir.find((o) => o.kind === 'Component')).toEqual({ apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', metadata: { name: 'zero-trust-platform-argocd-cm' }, patches: [{ path: 'argocd-cm-patch.yaml' }] });
    expect(Object.keys(patch).sort()).toEqual(['apiVersion', 'data', 'kind', 'metadata']);
    expect(patch.metadata).toEqual({ name: 'argocd-cm' });
    for (const v of Object.values(patch.data)) expect(typeof v).toBe('string');
    const helm = YAML.parse(fs.readFileSync(path.join(root, GitOpsPaths.argocdCm, 'helm-values.yaml'), 'utf8'));
    expect(helm).toEqual({ configs: { cm: patch.data } });
  });
  test('a health assessment decided for every kind synced, and a script in argocd-cm for each kind that has one', () => {
    const kinds = [
      ...[...applications.values()].flatMap((a) => readManifests(path.join(root, a.spec.source.path))),
      ...apps, ...objectsIn(GitOpsPaths.bootstrap),
    ].map((o) => ({ group: groupOf(o.apiVersion), kind: o.kind }));
    const composites = pkg.node.findAll().flatMap((c) => ((c as any).names?.kind ? [{ group: API_GROUP, kind: (c as any).names.kind as string }, ...((c as any).names.claim ? [{ group: API_GROUP, kind: (c as any).names.claim.kind as string }] : [])] : []));
    for (const gk of [...kinds, ...composites]) {
      const script = healthScriptFor(gk, API_GROUP);
      if (script !== undefined) expect({ gk, script: patch.data[healthKey(gk.group, gk.kind)] }).toEqual({ gk, script });
    }
    expect(patch.data['application.resourceTrackingMethod']).toBe('annotation');
  });
  test('resource.exclusions keeps Argo CD\'s default list, adds ProviderConfigUsage, and excludes no synced kind', () => {
    const exclusions = parseExclusions(patch.data['resource.exclusions']);
    for (const d of ARGOCD_DEFAULT_EXCLUSIONS) expect(exclusions).toContainEqual(d);
    expect(isExcludedResource({ exclusions }, 'aws.upbound.io', 'ProviderConfigUsage', 'in-cluster')).toBe(true);
    expect(isExcludedResource({ exclusions }, 'tf.upbound.io', 'ProviderConfigUsage', 'in-cluster')).toBe(true);
    const synced = [...applications.values()].flatMap((a) => readManifests(path.join(root, a.spec.source.path))).concat(apps as SyncedObject[]);
    for (const o of synced) expect(`${o.kind} ${isExcludedResource({ exclusions }, groupOf(o.apiVersion), o.kind, 'in-cluster')}`).toBe(`${o.kind} false`);
    expect(isExcludedResource({ exclusions }, API_GROUP, 'ZeroTrustAccount', 'in-cluster')).toBe(false);
  });
});

describe('runtime wave: every package dependency installed, pinned, found by Crossplane\'s resolver', () => {
  const installed = runtimePackages(meta);
  const deps = meta.spec.dependsOn as { kind: 'Provider' | 'Function'; package: string; version: string }[];

  test('one pinned Provider/Function per dependsOn entry at its tested version, plus the AWS family package', () => {
    expect(installed.map((p) => parsePackageReference(p.package).source).sort()).toEqual([...deps.map((d) => d.package), AWS_PROVIDER_FAMILY.package].sort());
    for (const p of installed) {
      const ref = parsePackageReference(p.package);
      expect(ref.identifier).toMatch(/^v\d+\.\d+\.\d+$/);
    }
    expect(installed.find((p) => p.package.startsWith(AWS_PROVIDER_FAMILY.package))!.package).toBe(`${AWS_PROVIDER_FAMILY.package}:${TESTED_VERSIONS.awsProviderFamily.version}`);
  });

  test('Function names are those the Compositions reference (functionRef.name)', () => {
    const refs = new Set(readPackage(path.join(root, 'dist')).filter((o) => o.object.kind === 'Composition').flatMap((o) => (o.object.spec.pipeline as { functionRef: { name: string } }[]).map((s) => s.functionRef.name)));
    expect([...refs].sort()).toEqual(installed.filter((p) => p.type === 'Function').map((p) => p.name).sort());
  });

  test('AWS providers use the AWS identity, provider-terraform its own, functions and the family none', () => {
    const byName = Object.fromEntries(objectsIn(GitOpsPaths.runtime).map((o) => [o.metadata.name, o]));
    for (const p of installed) {
      const spec = byName[p.name].spec;
      const expected = p.package.includes('/provider-aws-') ? GitOpsNames.awsProviderIdentity : p.package.includes('/provider-terraform:') ? GitOpsNames.terraformProviderIdentity : undefined;
      expect({ name: p.name, ref: spec.runtimeConfigRef?.name }).toEqual({ name: p.name, ref: expected });
    }
  });

  test.each(CROSSPLANE_RELEASES.filter((r) => r.version.startsWith('v2.')).map((r) => [r.version, r] as const))('Crossplane %s: every package and the Configuration resolve against the Lock the runtime wave leaves', (_v, release) => {
    const lock = lockOf(installed);
    for (const p of installed) expect({ p: p.name, r: resolveDependencies(p, lock, release.resolverSemver) }).toEqual({ p: p.name, r: { total: p.dependsOn.length, installed: p.dependsOn.length, invalid: 0 } });
    const configuration = {
      name: 'zero-trust-platform-abc123', type: 'Configuration' as const, package: `${EXAMPLE_GITOPS_PARAMETERS.packageRepository}:${EXAMPLE_GITOPS_PARAMETERS.packageVersion}`,
      dependsOn: deps.map((d): LockDependency => ({ package: d.package, type: d.kind, constraints: d.version })),
    };
    expect(resolveDependencies(configuration, lock, release.resolverSemver)).toEqual({ total: deps.length + 1, installed: deps.length + 1, invalid: 0 });
  });

  test('what the resolver would do otherwise: another registry is another package; a next major or a digest pin is refused', () => {
    const dialect = 'v3.4.0';
    const ec2 = deps.find((d) => d.package.endsWith('/provider-aws-ec2'))!;
    const cfg = { name: 'c', type: 'Configuration' as const, package: 'ghcr.io/x/c:v0.1.0', dependsOn: [{ package: ec2.package, type: 'Provider' as const, constraints: ec2.version }] };
    const lockWith = (pkgRef: string) => lockOf([{ name: 'provider-aws-ec2', type: 'Provider', package: pkgRef, dependsOn: [] }]);
    expect(resolveDependencies(cfg, lockWith('xpkg.upbound.io/upbound/provider-aws-ec2:v2.6.0'), dialect).error).toBe(`missing dependencies: "${ec2.package}" (${ec2.version})`);
    expect(resolveDependencies(cfg, lockWith(`${ec2.package}:v3.0.0`), dialect).error).toBe(`incompatible dependencies: existing package ${ec2.package}@v3.0.0 is incompatible with constraint ${ec2.version}`);
    expect(resolveDependencies(cfg, lockWith(`${ec2.package}@sha256:${'a'.repeat(64)}`), dialect).error).toMatch(/./);
  });

  test('the runtime configs give a fixed ServiceAccount (Pod Identity) or the IRSA role annotation', () => {
    const drc = (t: GitOpsTree, name: string) => YAML.parse(t.files.get(`${GitOpsPaths.runtime}/deploymentruntimeconfig-${name}.yaml`)!);
    expect(drc(tree, GitOpsNames.awsProviderIdentity).spec).toEqual({ serviceAccountTemplate: { metadata: { name: GitOpsNames.awsProviderIdentity } } });
    const irsa = buildGitOps(pkg, { ...EXAMPLE_GITOPS_PARAMETERS, podIdentity: { mode: 'IRSA', roles: { awsProvider: 'arn:aws:iam::123456789012:role/zta-aws', terraformProvider: 'arn:aws:iam::123456789012:role/zta-tf' } } }, onboarding, []);
    expect(drc(irsa, GitOpsNames.terraformProviderIdentity).spec).toEqual({ serviceAccountTemplate: { metadata: { name: GitOpsNames.terraformProviderIdentity, annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/zta-tf' } } } });
  });

  test('onboarding ProviderConfigs must take their base credentials from the pod identity the runtime configs give', () => {
    const pc = (source: string) => ({ apiVersion: 'aws.upbound.io/v1beta1', kind: 'ProviderConfig', metadata: { name: 'zta-payments-dev' }, spec: { credentials: { source } } }) as SyncedObject;
    expect(() => buildGitOps(pkg, EXAMPLE_GITOPS_PARAMETERS, onboarding, [pc('PodIdentity')])).not.toThrow();
    expect(() => buildGitOps(pkg, EXAMPLE_GITOPS_PARAMETERS, onboarding, [pc('IRSA')])).toThrow('deploy/onboarding: ProviderConfig/zta-payments-dev takes credentials from "IRSA", but the providers run with PodIdentity (--pod-identity): they must match');
  });

  test('the package wave installs the Configuration from the pushed package at the pinned version', () => {
    expect(objectsIn(GitOpsPaths.package)).toEqual([expect.objectContaining({ apiVersion: 'pkg.crossplane.io/v1', kind: 'Configuration', spec: expect.objectContaining({ package: 'ghcr.io/zero-trust-platform/zero-trust-platform:v0.1.0', skipDependencyResolution: false }) })]);
  });
});

describe('generator parameters', () => {
  test('repository URL, revision, package, claims root and namespaces come from the parameters, not constants', () => {
    const p: GitOpsParameters = { ...EXAMPLE_GITOPS_PARAMETERS, repoUrl: 'git@github.com:acme/platform.git', revision: 'v1.2.3', packageRepository: 'registry.acme.io:5000/platform/zta', packageVersion: 'v1.0.0', claimsRoot: 'tenants', argocdNamespace: 'gitops' };
    const t = buildGitOps(pkg, p, onboarding, []);
    const all = [...t.files.values()].join('\n');
    expect(all).not.toContain(EXAMPLE_GITOPS_PARAMETERS.repoUrl);
    expect(all).not.toContain('namespace: argocd\n');
    const child = YAML.parse(t.files.get(`${GitOpsPaths.apps}/application-${GitOpsNames.claims('payments-dev')}.yaml`)!);
    expect(child.spec.source).toEqual({ repoURL: p.repoUrl, targetRevision: 'v1.2.3', path: 'tenants/payments-dev', directory: { recurse: true } });
    expect(child.metadata.namespace).toBe('gitops');
    expect(YAML.parse(t.files.get(`${GitOpsPaths.package}/configuration-zero-trust-platform.yaml`)!).spec.package).toBe('registry.acme.io:5000/platform/zta:v1.0.0');
  });
});
