// What an Argo CD AppProject lets an Application sync, as Argo CD decides it
// (pkg/apis/application/v1alpha1/app_project_types.go IsGroupKindNamePermitted / IsResourcePermitted /
// isDestinationMatched; types.go isResourceInList), and the whitelists derived from what is synced.
// The project whitelists are never written by hand: they are the kinds of the objects each
// Application syncs, so a kind added to a synced directory fails the tests until it is whitelisted,
// and a whitelisted kind nothing syncs fails them too.
import { SchemaBundle } from '../../validator/schema-bundle';
import { filepathMatch, globMatch } from './argocd-settings';

export interface GroupKindItem {
  readonly group: string;
  readonly kind: string;
}

export interface ProjectRules {
  /** undefined = not set: Argo CD then permits every namespaced kind. [] permits none. */
  readonly namespaceResourceWhitelist?: readonly GroupKindItem[];
  readonly namespaceResourceBlacklist?: readonly GroupKindItem[];
  /** undefined or [] permits no cluster-scoped kind. */
  readonly clusterResourceWhitelist?: readonly (GroupKindItem & { readonly name?: string })[];
  readonly clusterResourceBlacklist?: readonly (GroupKindItem & { readonly name?: string })[];
  readonly destinations?: readonly { readonly server?: string; readonly name?: string; readonly namespace?: string }[];
}

/** Argo CD matches kind, group and name entries with Go's filepath.Match; an invalid pattern matches nothing. */
const pathMatch = filepathMatch;

function inList(res: GroupKindItem, name: string, list: readonly (GroupKindItem & { readonly name?: string })[]): boolean {
  return list.some((item) => pathMatch(item.kind, res.kind) && pathMatch(item.group, res.group) && (!item.name || pathMatch(item.name, name)));
}

/** AppProject.IsGroupKindNamePermitted. */
export function isGroupKindPermitted(proj: ProjectRules, res: GroupKindItem, name: string, namespaced: boolean): boolean {
  if (namespaced) {
    const white = proj.namespaceResourceWhitelist;
    const black = proj.namespaceResourceBlacklist ?? [];
    const whitelisted = white === undefined || (white.length !== 0 && inList(res, '', white));
    return whitelisted && !(black.length !== 0 && inList(res, '', black));
  }
  const white = proj.clusterResourceWhitelist ?? [];
  const black = proj.clusterResourceBlacklist ?? [];
  return white.length !== 0 && inList(res, name, white) && !(black.length !== 0 && inList(res, name, black));
}

function globWithNegation(pattern: string | undefined, value: string): boolean {
  const p = pattern ?? '';
  if (p.startsWith('!')) return !globMatch(p.slice(1), value);
  return p === '*' || globMatch(p, value);
}

/** AppProject.isDestinationMatched for a destination given by server URL. */
export function isDestinationPermitted(proj: ProjectRules, server: string, namespace: string): boolean {
  let matched = false;
  for (const item of proj.destinations ?? []) {
    const serverMatched = server !== '' && globWithNegation(item.server, server);
    const namespaceMatched = globWithNegation(item.namespace, namespace);
    if (serverMatched && namespaceMatched) matched = true;
    else if ((!serverMatched && (item.server ?? '').startsWith('!')) && namespaceMatched) return false;
    else if (!namespaceMatched && (item.namespace ?? '').startsWith('!') && serverMatched) return false;
  }
  return matched;
}

/** AppProject.IsResourcePermitted: kind first, then (namespaced objects only) the destination. */
export function isResourcePermitted(proj: ProjectRules, res: GroupKindItem, name: string, namespace: string, server: string): boolean {
  if (!isGroupKindPermitted(proj, res, name, namespace !== '')) return false;
  return namespace === '' || isDestinationPermitted(proj, server, namespace);
}

// ------------------------------------------------------------------------------ scopes

/** Built-in kinds the tree may sync and their scope (Kubernetes API discovery; not in the CRD bundle). */
const BUILT_IN_SCOPES: Readonly<Record<string, 'Namespaced' | 'Cluster'>> = {
  '/Namespace': 'Cluster',
  '/ServiceAccount': 'Namespaced',
  '/ConfigMap': 'Namespaced',
  '/Secret': 'Namespaced',
  'rbac.authorization.k8s.io/Role': 'Namespaced',
  'rbac.authorization.k8s.io/RoleBinding': 'Namespaced',
  'rbac.authorization.k8s.io/ClusterRole': 'Cluster',
  'rbac.authorization.k8s.io/ClusterRoleBinding': 'Cluster',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy': 'Cluster',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding': 'Cluster',
};

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
}

/** Whether objects of a kind are namespaced: the CRD bundle, the package's own kinds, then built-in kinds. Throws when unknown. */
export function isNamespacedKind(apiVersion: string, kind: string, extra: Readonly<Record<string, 'Namespaced' | 'Cluster'>> = {}, bundle: SchemaBundle = sharedBundle()): boolean {
  const key = `${groupOf(apiVersion)}/${kind}`;
  const scope = extra[key] ?? bundle.lookup(apiVersion, kind)?.scope ?? BUILT_IN_SCOPES[key];
  if (scope === undefined) throw new Error(`no scope known for ${apiVersion} ${kind}: cannot decide which AppProject list it belongs to`);
  return scope === 'Namespaced';
}

let bundleCache: SchemaBundle | undefined;
function sharedBundle(): SchemaBundle {
  bundleCache ??= SchemaBundle.load();
  return bundleCache;
}

export interface SyncedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
}

export interface DerivedProjectRules {
  readonly clusterResourceWhitelist: GroupKindItem[];
  readonly namespaceResourceWhitelist: GroupKindItem[];
  /** Namespaces the namespaced objects land in (their own, or the Application's destination). */
  readonly namespaces: string[];
}

/** The kinds (split by scope) and namespaces of what a set of Applications syncs, sorted and deduplicated. */
export function deriveProjectRules(apps: readonly { readonly destinationNamespace: string; readonly objects: readonly SyncedObject[] }[], extraScopes: Readonly<Record<string, 'Namespaced' | 'Cluster'>> = {}): DerivedProjectRules {
  const cluster = new Map<string, GroupKindItem>();
  const namespaced = new Map<string, GroupKindItem>();
  const namespaces = new Set<string>();
  for (const app of apps) {
    namespaces.add(app.destinationNamespace);
    for (const o of app.objects) {
      const gk = { group: groupOf(o.apiVersion), kind: o.kind };
      const key = `${gk.group}/${gk.kind}`;
      if (isNamespacedKind(o.apiVersion, o.kind, extraScopes)) {
        namespaced.set(key, gk);
        namespaces.add(o.metadata.namespace ?? app.destinationNamespace);
      } else cluster.set(key, gk);
    }
  }
  const sorted = (m: Map<string, GroupKindItem>): GroupKindItem[] => [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  return { clusterResourceWhitelist: sorted(cluster), namespaceResourceWhitelist: sorted(namespaced), namespaces: [...namespaces].sort() };
}
