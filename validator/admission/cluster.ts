// What the API server knows when it runs admission, as data: the served kinds (plural, scope, the
// equivalent resources across versions), the namespaces, the objects a policy may take as params,
// and an authorizer. Requests are built from plain objects the way the API server presents them.
import type { AdmissionAttributes, AdmissionOperation, GroupVersionKind, GroupVersionResource, JsonObject, LabelSelector, ParamKind, UserInfo } from './api';
import type { Authorize } from './cel-runtime';
import { EquivalentResourceRegistry } from './equivalent-resources';
import { labelSelectorAsSelector } from './label-selector';
import type { ParamStore } from './params';

/** A served kind (one version of a CRD or a built-in kind). */
export interface ServedKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly scope: 'Namespaced' | 'Cluster' | string;
}

export interface ClusterState {
  readonly kinds: readonly ServedKind[];
  readonly namespaces?: readonly JsonObject[];
  /** objects policies may use as params (any kind of `kinds`) */
  readonly objects?: readonly JsonObject[];
  /** decides authorizer.check(); by default every check has no opinion (= not allowed) */
  readonly authorize?: Authorize;
}

const meta = (o: JsonObject): JsonObject => (typeof o.metadata === 'object' && o.metadata !== null ? (o.metadata as JsonObject) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export class AdmissionCluster {
  readonly equivalents = new EquivalentResourceRegistry();
  readonly authorize: Authorize;
  private readonly byKind = new Map<string, ServedKind>();
  private readonly namespaces = new Map<string, JsonObject>();

  constructor(private readonly state: ClusterState) {
    for (const k of state.kinds) {
      this.byKind.set(`${k.group}/${k.version}/${k.kind}`, k);
      this.equivalents.registerKindFor({ group: k.group, version: k.version, resource: k.plural }, '', { group: k.group, version: k.version, kind: k.kind });
    }
    for (const ns of state.namespaces ?? []) this.namespaces.set(str(meta(ns).name), ns);
    this.authorize = state.authorize ?? (() => ({ decision: 'NoOpinion' }));
  }

  namespace(name: string): JsonObject | undefined {
    return this.namespaces.get(name);
  }

  /** The served kind of apiVersion/kind (RESTMapping); undefined when the server does not serve it. */
  kind(apiVersion: string, kind: string): ServedKind | undefined {
    const { group, version } = splitApiVersion(apiVersion);
    return this.byKind.get(`${group}/${version}/${kind}`);
  }

  /** The store of a policy's paramKind; undefined when the kind is not served. */
  paramStore(paramKind: ParamKind): ParamStore | undefined {
    const served = this.kind(paramKind.apiVersion ?? '', paramKind.kind ?? '');
    if (!served) return undefined;
    const { group } = splitApiVersion(paramKind.apiVersion ?? '');
    const ofKind = (this.state.objects ?? []).filter((o) => o.kind === served.kind && splitApiVersion(str(o.apiVersion)).group === group);
    const inNamespace = (ns: string): JsonObject[] => ofKind.filter((o) => str(meta(o).namespace) === ns);
    return {
      scope: served.scope === 'Namespaced' ? 'Namespaced' : 'Cluster',
      get: (namespace, name) => inNamespace(namespace).find((o) => str(meta(o).name) === name),
      list: (namespace, selector: LabelSelector) => {
        const s = labelSelectorAsSelector(selector);
        return inNamespace(namespace).filter((o) => s.matches((meta(o).labels as Record<string, string> | undefined) ?? {}));
      },
    };
  }

  /**
   * The attributes of a request for `object` (CREATE), `object` replacing `oldObject` (UPDATE), or
   * deleting `oldObject` (DELETE). The namespace is the object's; cluster-scoped kinds have none.
   */
  request(operation: AdmissionOperation, object: JsonObject | null, oldObject: JsonObject | null = null, opts: { userInfo?: UserInfo; subresource?: string; dryRun?: boolean } = {}): AdmissionAttributes {
    const subject = object ?? oldObject;
    if (!subject) throw new Error('a request needs an object or an old object');
    const apiVersion = str(subject.apiVersion);
    const served = this.kind(apiVersion, str(subject.kind));
    if (!served) throw new Error(`${apiVersion}/${str(subject.kind)} is not a kind this cluster serves (add its schema or CRD)`);
    const m = meta(subject);
    const namespace = served.scope === 'Namespaced' ? str(m.namespace) || 'default' : served.kind === 'Namespace' && served.group === '' ? str(m.name) : '';
    const kind: GroupVersionKind = { group: served.group, version: served.version, kind: served.kind };
    const resource: GroupVersionResource = { group: served.group, version: served.version, resource: served.plural };
    const options: Record<AdmissionOperation, string> = { CREATE: 'CreateOptions', UPDATE: 'UpdateOptions', DELETE: 'DeleteOptions', CONNECT: '' };
    return {
      kind,
      resource,
      subresource: opts.subresource ?? '',
      namespace,
      name: str(m.name),
      operation,
      object: operation === 'DELETE' ? null : object,
      oldObject,
      options: options[operation] ? { apiVersion: 'meta.k8s.io/v1', kind: options[operation] } : null,
      dryRun: opts.dryRun ?? false,
      userInfo: opts.userInfo ?? { username: 'system:serviceaccount:crossplane-system:crossplane', groups: ['system:serviceaccounts', 'system:serviceaccounts:crossplane-system', 'system:authenticated'] },
    };
  }
}
