// A domain composite composed by the top-level XZeroTrustAccount: the shared parameters and the
// domain's own parameter section flow down; the domain's outputs flow back up into the parent's
// status under the domain's key.
import type { GroupVersionKind } from 'cdk8s';
import type { ResourcesResources } from '../imports/pt.fn.crossplane.io';
import { NAME_PATTERN, type Composable, type Output } from './composed-resource';
import { Labels } from './naming';
import { fromComposite, toComposite, ToFieldPathPolicy, type Patch } from './patches';

export interface NestedCompositeProps {
  readonly name: string;
  readonly gvk: GroupVersionKind;
  /** Patches that fill the child's `spec.parameters`. */
  readonly parameterPatches: readonly Patch[];
  /** Child status fields republished in the parent's status as `status.<statusPrefix>.<field>`. */
  readonly outputs: readonly Output[];
  readonly statusPrefix: string;
}

export class NestedComposite implements Composable {
  public readonly name: string;
  public readonly gvk: GroupVersionKind;
  public readonly outputs: readonly Output[];

  public constructor(private readonly props: NestedCompositeProps) {
    if (!NAME_PATTERN.test(props.name)) throw new Error(`nested composite name '${props.name}' must be camelCase`);
    this.name = props.name;
    this.gvk = props.gvk;
    this.outputs = props.outputs.map((o) => ({ ...o, statusField: `${props.statusPrefix}.${o.statusField}` }));
  }

  public toTemplate(domain: string): ResourcesResources {
    return {
      name: this.name,
      base: {
        apiVersion: this.gvk.apiVersion,
        kind: this.gvk.kind,
        metadata: { labels: { [Labels.component]: this.name, [Labels.domain]: domain } },
        spec: { parameters: {} },
      },
      patches: [
        ...this.props.parameterPatches,
        ...this.props.outputs.map((o) => toComposite(`status.${o.statusField}`, `status.${this.props.statusPrefix}.${o.statusField}`)),
      ],
    };
  }
}

/** Merges a whole parameter section of the parent into the child's parameters. */
export function mergeSection(section: string): Patch {
  return fromComposite(`spec.parameters.${section}`, 'spec.parameters', { toPolicy: ToFieldPathPolicy.MERGE_OBJECTS });
}
