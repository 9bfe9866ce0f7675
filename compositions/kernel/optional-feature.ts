// Optional features (a Transit Gateway attachment, the i-th on-premises CIDR, a threat-intel set)
// without breaking readiness. function-patch-and-transform marks the composite not Ready whenever a
// Required patch holds a resource back (upstream PR #137), so "leave the resource out when its
// parameter is absent" would keep the claim un-Ready forever. Instead the feature is a nested
// composite that always exists; a patch points its compositionRef at the feature's `enabled`
// composition when the parameter is set, else at a `disabled` composition that composes nothing
// and is Ready at once.
import { Construct } from 'constructs';
import { Composition, CompositionSpecMode } from '../../imports/apiextensions.crossplane.io';
import { NestedComposite, type NestedCompositeProps } from './nested-composite';
import { disabledCompositionName, FunctionNames, Labels, PipelineSteps, type CompositeNames } from './naming';
import { fromComposite } from './patches';
import { Transforms, type Transform } from './transforms';

/** The `disabled` composition of an optional feature: only function-auto-ready, so nothing is composed. */
export class DisabledComposition extends Construct {
  public constructor(scope: Construct, id: string, names: CompositeNames) {
    super(scope, id);
    new Composition(this, 'Resource', {
      metadata: { name: disabledCompositionName(names), labels: { [Labels.variant]: 'disabled' } },
      spec: {
        compositeTypeRef: { apiVersion: names.apiVersion, kind: names.kind },
        mode: CompositionSpecMode.PIPELINE,
        pipeline: [{ step: PipelineSteps.autoReady, functionRef: { name: FunctionNames.autoReady } }],
      },
    });
  }
}

export interface OptionalCompositeProps extends Omit<NestedCompositeProps, 'gvk' | 'compositionRef'> {
  /** Names of the feature's composite (a chart declared with `optional: true`). */
  readonly feature: CompositeNames;
  /**
   * Parent field whose presence enables the feature; it must hold a non-empty string when set
   * (e.g. `spec.parameters.transitGatewayId`, or `spec.parameters.onPremCidrs[2]`).
   */
  readonly enabledBy: string;
}

/**
 * The feature's nested composite, starting on its disabled composition; one patch switches it to
 * the enabled composition while `source` (after `before` transforms) matches `pattern`. An absent
 * source skips the patch, so the base's disabled composition stays.
 */
export function switchedComposite(
  props: Omit<OptionalCompositeProps, 'enabledBy'>, source: string, pattern: string, before: readonly Transform[] = [],
): NestedComposite {
  const { feature, parameterPatches, ...rest } = props;
  return new NestedComposite({
    ...rest,
    gvk: { apiVersion: feature.apiVersion, kind: feature.kind },
    compositionRef: disabledCompositionName(feature),
    parameterPatches: [
      ...(parameterPatches ?? []),
      fromComposite(source, 'spec.compositionRef.name', {
        transforms: [...before, Transforms.matchRegexp(pattern, feature.definitionName, disabledCompositionName(feature))],
      }),
    ],
  });
}

/** A nested composite that composes the feature only while `enabledBy` is set. */
export function optionalComposite(props: OptionalCompositeProps): NestedComposite {
  const { enabledBy, ...rest } = props;
  return switchedComposite(rest, enabledBy, '^.+$');
}
