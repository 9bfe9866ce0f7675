// Deletion order between composed resources, as Crossplane ClusterUsages (protection.crossplane.io).
// Deleting a claim deletes everything it composed at once (Kubernetes garbage collection); AWS
// refuses some of those deletes while a dependent exists (DependencyViolation, DeleteConflict, ...)
// and others leave the dependent broken (a trail writing into a deleted bucket, data under a key
// pending deletion). A ClusterUsage makes Crossplane's webhook refuse deleting the used resource
// while its user exists; with replayDeletion the refused delete is issued again the moment the
// Usage goes away, instead of waiting for the garbage collector's growing backoff.
//
// Why the selectors look the way they do (internal/controller/protection/usage/selector.go):
// - a Usage is composed next to its user, so `by` selects a sibling (matchControllerRef compares
//   the candidate's controller with the Usage's own, i.e. the composite that composes both);
// - a used resource of another composite (a KMS key of XEncryption, a subnet of XNetwork) cannot be
//   matched by controller. It is matched by its component and domain labels plus the
//   `crossplane.io/composite` label, which Crossplane sets on every resource of a claim's tree to
//   the top-level composite's name: the selector can only ever match the resource of the same
//   claim. That label is patched from the composite's own labels (Required, so a Usage never exists
//   with a selector spanning claims).
import type { GroupVersionKind } from 'cdk8s';
import { ClusterUsage } from '../../imports/protection.crossplane.io';
import type { ResourcesResources } from '../../imports/pt.fn.crossplane.io';
import { NAME_PATTERN, siblingSelector, type Composable, type Output } from './composed-resource';
import { Labels } from './naming';
import { fromComposite } from './patches';

/** Label Crossplane puts on every resource of a claim's tree: the name of the top-level composite. */
export const LABEL_ROOT_COMPOSITE = 'crossplane.io/composite';

/** A resource composed by another composite of the same claim, found by its labels. */
export class ClaimTreeResource {
  public constructor(
    /** The `zerotrust.io/domain` label of the composite that composes it. */
    public readonly domain: string,
    /** Its composition resource name (the `zerotrust.io/component` label). */
    public readonly name: string,
    public readonly gvk: GroupVersionKind,
  ) {
    if (!NAME_PATTERN.test(name)) throw new Error(`ClaimTreeResource: '${name}' is not a composition resource name (camelCase)`);
  }
}

/** The used end of a Usage: a sibling resource, or one composed elsewhere in the claim's tree. */
export type UsedResource = Composable | ClaimTreeResource;

export interface DeletionOrderProps {
  /** The resource deleted first: it uses `used`. Always a sibling (the Usage is composed next to it). */
  readonly user: Composable;
  /** The resource deleted only once `user` is gone. */
  readonly used: UsedResource;
  /** Why `used` must outlive `user`: what AWS refuses or what breaks (shown as the Usage's details). */
  readonly reason: string;
  /** Composition resource name. @default `<user>Uses<Used>` */
  readonly name?: string;
}

/** Kubernetes label values (the component label carries the composition resource name) are at most 63 characters. */
export const MAX_USAGE_NAME_LENGTH = 63;

const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * One ClusterUsage: `used` is deleted after `user`. Its composition resource name is
 * `<user>Uses<Used>` (e.g. `trailUsesTrailBucket`).
 */
export class DeletionOrder implements Composable {
  public readonly name: string;
  public readonly gvk: GroupVersionKind = ClusterUsage.GVK;
  public readonly outputs: readonly Output[] = [];

  public constructor(public readonly props: DeletionOrderProps) {
    if (props.user.name === props.used.name && !(props.used instanceof ClaimTreeResource)) {
      throw new Error(`DeletionOrder: '${props.user.name}' cannot be deleted before itself`);
    }
    if (props.reason.trim().length < 10) throw new Error(`DeletionOrder ${props.user.name} -> ${props.used.name}: give the reason the order matters (what AWS refuses or what breaks)`);
    this.name = props.name ?? `${props.user.name}Uses${pascal(props.used.name)}`;
    if (!NAME_PATTERN.test(this.name) || this.name.length > MAX_USAGE_NAME_LENGTH) {
      throw new Error(`DeletionOrder '${this.name}': the name must be camelCase and at most ${MAX_USAGE_NAME_LENGTH} characters (it is the component label's value); pass a shorter \`name\``);
    }
  }

  /** Whether the used resource belongs to another composite of the claim. */
  public get crossesComposites(): boolean {
    return this.props.used instanceof ClaimTreeResource;
  }

  public toTemplate(domain: string): ResourcesResources {
    const { user, used, reason } = this.props;
    const ofSelector = used instanceof ClaimTreeResource
      ? { matchLabels: { [Labels.component]: used.name, [Labels.domain]: used.domain } }
      : siblingSelector(used.name);
    const base = ClusterUsage.manifest({
      metadata: { labels: { [Labels.component]: this.name, [Labels.domain]: domain } },
      spec: {
        of: { apiVersion: used.gvk.apiVersion, kind: used.gvk.kind, resourceSelector: ofSelector },
        by: { apiVersion: user.gvk.apiVersion, kind: user.gvk.kind, resourceSelector: siblingSelector(user.name) },
        reason,
        replayDeletion: true,
      },
    }) as Record<string, unknown>;
    if (!(used instanceof ClaimTreeResource)) return { name: this.name, base };
    return {
      name: this.name,
      base,
      patches: [fromComposite(`metadata.labels[${LABEL_ROOT_COMPOSITE}]`, `spec.of.resourceSelector.matchLabels[${LABEL_ROOT_COMPOSITE}]`, { required: true })],
    };
  }
}
