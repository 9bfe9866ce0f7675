// A composite composed by another composite: a domain composite under XZeroTrustAccount, or a
// building block such as XSecureBucket under a domain. Parameters flow down (static values,
// `${xr:...}` tokens, or patches); chosen outputs flow back up into the parent's status.
import type { GroupVersionKind } from 'cdk8s';
import type { ResourcesResources } from '../../imports/pt.fn.crossplane.io';
import { NAME_PATTERN, type Composable, type Output } from './composed-resource';
import { Labels } from './naming';
import { fromComposite, toComposite, ToFieldPathPolicy, type Patch, type PatchOptions } from './patches';
import type { SchemaNode } from './schema';
import { extractTokenPatches } from './values';

export interface NestedCompositeProps {
  /** Composition resource name (camelCase); a contract like every composed resource name. */
  readonly name: string;
  readonly gvk: GroupVersionKind;
  /** Values of the child's `spec.parameters`; strings may hold `${xr:...}` tokens. @default {} */
  readonly parameters?: Record<string, unknown>;
  /** Further patches into the child (e.g. a whole parameter section). @default - none */
  readonly parameterPatches?: readonly Patch[];
  /** Composition the child uses until a patch says otherwise. @default - selected by type */
  readonly compositionRef?: string;
}

export class NestedComposite implements Composable {
  public readonly name: string;
  public readonly gvk: GroupVersionKind;
  private readonly _outputs: Output[] = [];

  public constructor(private readonly props: NestedCompositeProps) {
    if (!NAME_PATTERN.test(props.name)) throw new Error(`nested composite name '${props.name}' must be camelCase`);
    this.name = props.name;
    this.gvk = props.gvk;
  }

  /** Publishes a field of the child composite (e.g. `status.bucketArn`) as the parent's `status.<statusField>`. */
  public publish(statusField: string, fromFieldPath: string, schema: SchemaNode): this {
    this._outputs.push({ statusField, fromFieldPath, schema });
    return this;
  }

  public get outputs(): readonly Output[] {
    return this._outputs;
  }

  public toTemplate(domain: string): ResourcesResources {
    const { base, patches } = extractTokenPatches({
      apiVersion: this.gvk.apiVersion,
      kind: this.gvk.kind,
      metadata: { labels: { [Labels.component]: this.name, [Labels.domain]: domain } },
      spec: {
        ...(this.props.compositionRef ? { compositionRef: { name: this.props.compositionRef } } : {}),
        parameters: { ...(this.props.parameters ?? {}) },
      },
    });
    // The child's schema requires spec.parameters; keep the map even when every value is patched.
    const spec = (base.spec ?? {}) as Record<string, unknown>;
    base.spec = { ...spec, parameters: spec.parameters ?? {} };
    return {
      name: this.name,
      base,
      patches: [
        ...(this.props.parameterPatches ?? []),
        ...patches,
        ...this._outputs.map((o) => toComposite(o.fromFieldPath, `status.${o.statusField}`)),
      ],
    };
  }
}

/** Merges a whole parameter section of the parent into the child's parameters. */
export function mergeSection(section: string): Patch {
  return fromComposite(`spec.parameters.${section}`, 'spec.parameters', { toPolicy: ToFieldPathPolicy.MERGE_OBJECTS });
}

/** Copies one parent parameter into the child's parameters. */
export function passParameter(from: string, to: string = from, options: PatchOptions = {}): Patch {
  return fromComposite(`spec.parameters.${from}`, `spec.parameters.${to}`, options);
}
