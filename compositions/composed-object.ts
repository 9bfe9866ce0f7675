// A composed object whose spec is not the `forProvider` shape of a managed resource, e.g. a
// provider-terraform ProviderConfig. Same labels and token handling as ComposedResource; no shared
// provider-config, lifecycle, region or tag patches (the chart adds what applies).
import type { GroupVersionKind } from 'cdk8s';
import type { ResourcesResources, ResourcesResourcesReadinessChecks } from '../imports/pt.fn.crossplane.io';
import { NAME_PATTERN, type Composable, type ManagedKind, type Output } from './composed-resource';
import { Labels } from './naming';
import type { Patch } from './patches';
import { extractTokenPatches } from './values';

type SpecOf<P> = P extends { spec: infer S } ? S : never;

export interface ComposedObjectProps<P> {
  /** Composition resource name (camelCase); a contract like every composed resource name. */
  readonly name: string;
  /** The imported CRD class (e.g. provider-terraform's `ProviderConfig`), so the spec is type-checked. */
  readonly kind: ManagedKind<P>;
  /** The object's `spec`; strings may hold `${xr:...}` tokens. */
  readonly spec: SpecOf<P>;
  /** @default - none */
  readonly patches?: readonly Patch[];
  /** @default - Ready condition True */
  readonly readinessChecks?: readonly ResourcesResourcesReadinessChecks[];
}

export class ComposedObject<P = unknown> implements Composable {
  public readonly name: string;
  public readonly gvk: GroupVersionKind;
  public readonly outputs: readonly Output[] = [];

  public constructor(private readonly props: ComposedObjectProps<P>) {
    if (!NAME_PATTERN.test(props.name)) throw new Error(`composed object name '${props.name}' must be camelCase`);
    this.name = props.name;
    this.gvk = props.kind.GVK;
  }

  public toTemplate(domain: string): ResourcesResources {
    const manifest = this.props.kind.manifest({
      metadata: { labels: { [Labels.component]: this.name, [Labels.domain]: domain } },
      spec: this.props.spec,
    } as P) as Record<string, unknown>;
    const { base, patches } = extractTokenPatches(manifest);
    return {
      name: this.name,
      base,
      patches: [...patches, ...(this.props.patches ?? [])],
      ...(this.props.readinessChecks ? { readinessChecks: [...this.props.readinessChecks] } : {}),
    };
  }
}
