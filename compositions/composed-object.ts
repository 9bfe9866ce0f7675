// A composed object whose spec is not the `forProvider` shape of a managed resource, e.g. a
// provider-terraform ProviderConfig. Same labels and token handling as ComposedResource; no shared
// provider-config, lifecycle, region or tag patches (the chart adds what applies).
import type { GroupVersionKind } from 'cdk8s';
import type { ResourcesResources, ResourcesResourcesReadinessChecks } from '../imports/pt.fn.crossplane.io';
import { NAME_PATTERN, type Composable, type Output } from './composed-resource';
import { Labels } from './naming';
import type { Patch } from './patches';
import { extractTokenPatches } from './values';

export interface ComposedObjectProps {
  /** Composition resource name (camelCase); a contract like every composed resource name. */
  readonly name: string;
  readonly gvk: GroupVersionKind;
  /** The object's `spec`; strings may hold `${xr:...}` tokens. */
  readonly spec: Record<string, unknown>;
  /** @default - none */
  readonly patches?: readonly Patch[];
  /** @default - Ready condition True */
  readonly readinessChecks?: readonly ResourcesResourcesReadinessChecks[];
}

export class ComposedObject implements Composable {
  public readonly name: string;
  public readonly gvk: GroupVersionKind;
  public readonly outputs: readonly Output[] = [];

  public constructor(private readonly props: ComposedObjectProps) {
    if (!NAME_PATTERN.test(props.name)) throw new Error(`composed object name '${props.name}' must be camelCase`);
    this.name = props.name;
    this.gvk = props.gvk;
  }

  public toTemplate(domain: string): ResourcesResources {
    const { base, patches } = extractTokenPatches({
      apiVersion: this.gvk.apiVersion,
      kind: this.gvk.kind,
      metadata: { labels: { [Labels.component]: this.name, [Labels.domain]: domain } },
      spec: this.props.spec,
    });
    return {
      name: this.name,
      base,
      patches: [...patches, ...(this.props.patches ?? [])],
      ...(this.props.readinessChecks ? { readinessChecks: [...this.props.readinessChecks] } : {}),
    };
  }
}
