// The argocd-cm entries the tree needs, shipped as a patch (a kustomize Component and Helm values for
// the argo-cd chart), never as a whole ConfigMap: Argo CD's own install owns argocd-cm.
// A patch replaces a data key's whole value, and both Argo CD's install manifest
// (manifests/base/config/argocd-cm.yaml) and the argo-cd Helm chart (values.yaml configs.cm) set
// resource.exclusions to a default list, so the patch's resource.exclusions is that default list plus
// Crossplane's ProviderConfigUsage (crossplane docs guides/crossplane-with-argo-cd.md): setting only
// ours would silently start watching Endpoints, Leases and the rest again.
import * as YAML from 'yaml';
import { type GroupKind, healthKey, healthScriptFor } from './argocd-health';

/** util/settings/filtered_resource.go FilteredResource: empty lists match everything. */
export interface FilteredResource {
  readonly apiGroups?: readonly string[];
  readonly kinds?: readonly string[];
  readonly clusters?: readonly string[];
}

/**
 * resource.exclusions of Argo CD's install manifest and of the argo-cd Helm chart: identical in
 * argo-cd manifests/base/config/argocd-cm.yaml at v3.1.0, v3.2.0, v3.3.0, v3.4.0, v3.5.0 and 37ee009
 * (3.6 dev), and in argo-helm charts/argo-cd/values.yaml at af0a931 (chart 10.1.1).
 */
export const ARGOCD_DEFAULT_EXCLUSIONS: readonly FilteredResource[] = [
  { apiGroups: ['', 'discovery.k8s.io'], kinds: ['Endpoints', 'EndpointSlice'] },
  { apiGroups: ['coordination.k8s.io'], kinds: ['Lease'] },
  {
    apiGroups: ['authentication.k8s.io', 'authorization.k8s.io'],
    kinds: ['SelfSubjectReview', 'TokenReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview'],
  },
  { apiGroups: ['certificates.k8s.io'], kinds: ['CertificateSigningRequest'] },
  { apiGroups: ['cert-manager.io'], kinds: ['CertificateRequest'] },
  { apiGroups: ['cilium.io'], kinds: ['CiliumIdentity', 'CiliumEndpoint', 'CiliumEndpointSlice'] },
  {
    apiGroups: ['kyverno.io', 'reports.kyverno.io', 'wgpolicyk8s.io'],
    kinds: [
      'PolicyReport', 'ClusterPolicyReport', 'EphemeralReport', 'ClusterEphemeralReport', 'AdmissionReport',
      'ClusterAdmissionReport', 'BackgroundScanReport', 'ClusterBackgroundScanReport', 'UpdateRequest',
    ],
  },
];

/**
 * Crossplane creates a ProviderConfigUsage per managed resource (both the AWS family's and
 * provider-terraform's); with annotation tracking they would be listed as orphans of the claims'
 * Applications and churn the controller's cache (crossplane docs guides/crossplane-with-argo-cd.md).
 */
export const CROSSPLANE_EXCLUSIONS: readonly FilteredResource[] = [{ apiGroups: ['*'], kinds: ['ProviderConfigUsage'] }];

// ------------------------------------------------------------------------------ Argo CD's matching

/**
 * github.com/gobwas/glob as util/glob/glob.go compiles it (no separators): `*` any run, `?` one
 * character, `[...]`/`[!...]` classes, `{a,b}` alternatives, `\` escapes. A pattern that does not
 * compile matches nothing (glob.Match logs and returns false).
 */
export function globMatch(pattern: string, value: string): boolean {
  const re = globToRegExp(pattern, true);
  return re !== undefined && re.test(value);
}

/** Go's filepath.Match for names without a separator: like globMatch, but `{` and `,` are literal. */
export function filepathMatch(pattern: string, value: string): boolean {
  if (pattern.includes('/') || value.includes('/')) return pattern === value;
  const re = globToRegExp(pattern, false);
  return re !== undefined && re.test(value);
}

function globToRegExp(pattern: string, braces: boolean): RegExp | undefined {
  let out = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      if (i + 1 >= pattern.length) return undefined;
      out += escapeRe(pattern[++i]!);
    } else if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return undefined;
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      if (body === '') return undefined;
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, (m) => `\\${m}`)}]`;
      i = end;
    } else if (c === '{' && braces) {
      depth++;
      out += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (c === ',' && depth > 0) out += '|';
    else out += escapeRe(c);
  }
  if (depth !== 0) return undefined;
  return new RegExp(`^${out}$`);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, (m) => `\\${m}`);
}

/** FilteredResource.Match: groups by glob, kinds by "*" or equality, clusters by glob. */
export function filteredResourceMatches(r: FilteredResource, apiGroup: string, kind: string, cluster: string): boolean {
  const group = (r.apiGroups ?? []).length === 0 || (r.apiGroups ?? []).some((g) => globMatch(g, apiGroup));
  const k = (r.kinds ?? []).length === 0 || (r.kinds ?? []).some((x) => x === '*' || x === kind);
  const c = (r.clusters ?? []).length === 0 || (r.clusters ?? []).some((x) => globMatch(x, cluster));
  return group && k && c;
}

/** util/settings/resources_filter.go coreExcludedResources: always excluded, whatever argocd-cm says. */
const CORE_EXCLUDED: readonly FilteredResource[] = [
  { apiGroups: ['events.k8s.io', 'metrics.k8s.io'] },
  { apiGroups: [''], kinds: ['Event'] },
  { apiGroups: ['coordination.k8s.io'], kinds: ['Lease'] },
];

/** ResourcesFilter.IsExcludedResource: excluded wins; with inclusions for the cluster, the rest is excluded. */
export function isExcludedResource(filter: { exclusions: readonly FilteredResource[]; inclusions?: readonly FilteredResource[] }, apiGroup: string, kind: string, cluster: string): boolean {
  if ([...CORE_EXCLUDED, ...filter.exclusions].some((r) => filteredResourceMatches(r, apiGroup, kind, cluster))) return true;
  const inclusions = filter.inclusions ?? [];
  if (inclusions.some((r) => filteredResourceMatches(r, apiGroup, kind, cluster))) return false;
  return inclusions.some((r) => (r.clusters ?? []).length === 0 || (r.clusters ?? []).some((x) => globMatch(x, cluster)));
}

// ------------------------------------------------------------------------------ argocd-cm data

/** The argocd-cm entries for a tree that syncs `kinds`; `packageGroup` is the package's API group. */
export function argocdCmData(kinds: readonly GroupKind[], packageGroup: string): Record<string, string> {
  const health: [string, string][] = [];
  const seen = new Set<string>();
  for (const gk of [...kinds].sort((a, b) => `${a.group}/${a.kind}`.localeCompare(`${b.group}/${b.kind}`))) {
    const key = healthKey(gk.group, gk.kind);
    if (seen.has(key)) continue;
    seen.add(key);
    const script = healthScriptFor(gk, packageGroup);
    if (script !== undefined) health.push([key, script]);
  }
  return {
    // Label tracking makes Argo CD claim ownership of XRs that inherit a claim's labels (crossplane#2121);
    // annotation is the default from Argo CD 3.0 (argo-cd#22289) and is set so older settings cannot override it.
    'application.resourceTrackingMethod': 'annotation',
    'resource.exclusions': YAML.stringify([...ARGOCD_DEFAULT_EXCLUSIONS, ...CROSSPLANE_EXCLUSIONS].map((r) => ({ ...r })), { lineWidth: 0 }),
    ...Object.fromEntries(health),
  };
}

/** Parses an argocd-cm resource.exclusions value as Argo CD does (a YAML list of FilteredResource). */
export function parseExclusions(value: string): FilteredResource[] {
  const parsed: unknown = YAML.parse(value);
  if (!Array.isArray(parsed)) throw new Error('resource.exclusions must be a YAML list');
  return parsed as FilteredResource[];
}
