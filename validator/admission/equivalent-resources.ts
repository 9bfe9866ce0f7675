// The API server's knowledge of which resources are the same objects under another group or version,
// and which kind a resource (or subresource) serves (k8s.io/apimachinery pkg/runtime/mapper.go
// equivalentResourceRegistry). matchPolicy Equivalent matches through it.
import type { GroupVersionKind, GroupVersionResource } from './api';

const grKey = (r: GroupVersionResource): string => `${r.resource}.${r.group}`;
const gvrKey = (r: GroupVersionResource): string => `${r.group}/${r.version}/${r.resource}`;

export class EquivalentResourceRegistry {
  private readonly resources = new Map<string, Map<string, GroupVersionResource[]>>();
  private readonly kinds = new Map<string, Map<string, GroupVersionKind>>();
  private readonly keys = new Map<string, string>();

  /** `identity` co-locates resources of different groups (deployments in apps and extensions); "" = by group and resource */
  constructor(private readonly identity?: (group: string, resource: string) => string) {}

  registerKindFor(resource: GroupVersionResource, subresource: string, kind: GroupVersionKind): void {
    const byKind = this.kinds.get(gvrKey(resource)) ?? new Map<string, GroupVersionKind>();
    byKind.set(subresource, kind);
    this.kinds.set(gvrKey(resource), byKind);
    let key = this.identity?.(resource.group, resource.resource) ?? '';
    if (key === '') key = grKey(resource);
    this.keys.set(grKey(resource), key);
    const bySub = this.resources.get(key) ?? new Map<string, GroupVersionResource[]>();
    bySub.set(subresource, [...(bySub.get(subresource) ?? []), resource]);
    this.resources.set(key, bySub);
  }

  /** every resource serving the same objects, in registration order (the resource itself included) */
  equivalentResourcesFor(resource: GroupVersionResource, subresource: string): readonly GroupVersionResource[] {
    const key = this.keys.get(grKey(resource));
    return key === undefined ? [] : (this.resources.get(key)?.get(subresource) ?? []);
  }

  /** the kind served at resource/subresource; undefined when none is registered */
  kindFor(resource: GroupVersionResource, subresource: string): GroupVersionKind | undefined {
    return this.kinds.get(gvrKey(resource))?.get(subresource);
  }
}
