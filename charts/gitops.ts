// GitOps wiring for Argo CD, synthesized into deploy/argocd/: a project, an Application that syncs
// the package (dist/) and one for the claims, and the argocd-cm settings Crossplane needs.
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { AppProject, Application } from '../imports/argoproj.io';
import { API_GROUP, compositeNames } from '../compositions/naming';
import { CROSSPLANE_HEALTH_LUA } from '../compositions/argocd-health';
import { DomainChart } from '../compositions/domain-chart';

export interface GitOpsChartProps {
  /** Repository Argo CD reads; replace with your fork. */
  readonly repoUrl: string;
  /** @default 'main' */
  readonly revision?: string;
  /** Directory of the platform team's ZeroTrustAccount claims. @default 'claims' */
  readonly claimsPath?: string;
  /** Every composite of the package, for the health checks. */
  readonly composites: readonly DomainChart[];
}

const ARGOCD_NAMESPACE = 'argocd';
const PROJECT = 'zero-trust-platform';

export class GitOpsChart extends Chart {
  public constructor(scope: Construct, id: string, props: GitOpsChartProps) {
    super(scope, id, { disableResourceNameHashes: true, namespace: ARGOCD_NAMESPACE });
    const revision = props.revision ?? 'main';

    new AppProject(this, 'Project', {
      metadata: { name: PROJECT },
      spec: {
        description: 'Zero Trust AWS account baselines (Crossplane package and claims)',
        sourceRepos: [props.repoUrl],
        destinations: [{ server: 'https://kubernetes.default.svc', namespace: '*' }],
        // The package is cluster-scoped Crossplane API; claims are namespaced.
        clusterResourceWhitelist: [
          { group: 'apiextensions.crossplane.io', kind: 'CompositeResourceDefinition' },
          { group: 'apiextensions.crossplane.io', kind: 'Composition' },
          { group: 'apiextensions.crossplane.io', kind: 'ManagedResourceActivationPolicy' },
        ],
        namespaceResourceWhitelist: [{ group: API_GROUP, kind: compositeNames('XZeroTrustAccount', { offerClaim: true }).claim!.kind }],
      },
    });

    new Application(this, 'Package', {
      metadata: { name: 'zero-trust-platform-package', annotations: { 'argocd.argoproj.io/sync-wave': '0' } },
      spec: {
        project: PROJECT,
        destination: { server: 'https://kubernetes.default.svc' },
        // crossplane.yaml is package metadata for `crossplane xpkg build`, not an object to apply.
        source: { repoUrl: props.repoUrl, targetRevision: revision, path: 'dist', directory: { recurse: true, exclude: 'crossplane.yaml' } },
        syncPolicy: {
          // Never prune XRDs automatically: deleting one deletes every claim and AWS resource under it.
          automated: { prune: false, selfHeal: true },
          syncOptions: ['ServerSideApply=true'],
        },
      },
    });

    new Application(this, 'Claims', {
      metadata: { name: 'zero-trust-platform-claims', annotations: { 'argocd.argoproj.io/sync-wave': '1' } },
      spec: {
        project: PROJECT,
        destination: { server: 'https://kubernetes.default.svc' },
        source: { repoUrl: props.repoUrl, targetRevision: revision, path: props.claimsPath ?? 'claims', directory: { recurse: true } },
        syncPolicy: {
          automated: { prune: false, selfHeal: true },
          // The claim CRD appears only after Crossplane has processed the XRD.
          syncOptions: ['SkipDryRunOnMissingResource=true', 'ServerSideApply=true'],
          retry: { limit: 10, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } },
        },
      },
    });

    const kinds = props.composites.flatMap((c) => [c.names.kind, ...(c.names.claim ? [c.names.claim.kind] : [])]).sort();
    new kplus.ConfigMap(this, 'ArgoCdSettings', {
      metadata: { name: 'argocd-cm', labels: { 'app.kubernetes.io/part-of': 'argocd' } },
      data: {
        // Label tracking makes Argo CD claim ownership of XRs that inherit a claim's labels (crossplane#2121).
        'application.resourceTrackingMethod': 'annotation',
        'resource.exclusions': '- apiGroups: ["*"]\n  kinds: ["ProviderConfigUsage"]\n',
        ...Object.fromEntries(kinds.map((k) => [`resource.customizations.health.${API_GROUP}_${k}`, CROSSPLANE_HEALTH_LUA])),
      },
    });
  }
}

/** Repository the generated Argo CD Applications point at: change it to your fork before applying. */
export const GITOPS_REPO_URL = 'https://github.com/zero-trust-platform/zero-trust-platform.git';

/** deploy/argocd/: the GitOps wiring for every composite of the package. */
export function buildGitOps(packageApp: App, app: App = new App()): App {
  const composites = packageApp.node.findAll().filter((c) => DomainChart.isDomainChart(c));
  new GitOpsChart(app, 'argocd', { repoUrl: GITOPS_REPO_URL, composites });
  return app;
}
