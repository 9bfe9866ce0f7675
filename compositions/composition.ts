// A Pipeline Composition: function-patch-and-transform renders the composed resources, then
// function-auto-ready marks the composite Ready once every composed resource is Ready. A claim's
// composition first selects the account its namespace is bound to (function-environment-configs).
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Composition, CompositionSpecMode } from '../imports/apiextensions.crossplane.io';
import { Resources } from '../imports/pt.fn.crossplane.io';
import type { Composable } from './composed-resource';
import { FunctionNames, Labels, PipelineSteps, type CompositeNames } from './naming';
import type { EnvironmentPatch, PatchSet } from './patches';
import { accountBindingInput, accountStatusPatches } from './account-binding';
import { lintInputDecoding } from '../renderer/pt-lint';
import type { JsonObject } from '../renderer/types';

export interface PipelineCompositionProps {
  readonly names: CompositeNames;
  /** Domain label value put on every composed resource. */
  readonly domain: string;
  readonly resources: () => readonly Composable[];
  readonly patchSets: () => readonly PatchSet[];
  /** Set on the `enabled` composition of an optional feature. @default - none */
  readonly variant?: 'enabled';
  /**
   * A claim's composition: first select the EnvironmentConfig binding the claim's namespace to its
   * account, and show the bound account in `status.account`. @default false
   */
  readonly bindsAccount?: boolean;
}

export class PipelineComposition extends Construct {
  public readonly apiObject: Composition;

  public constructor(scope: Construct, id: string, props: PipelineCompositionProps) {
    super(scope, id);
    const { names } = props;
    this.apiObject = new Composition(this, 'Resource', {
      metadata: {
        name: names.definitionName,
        labels: { [Labels.domain]: props.domain, ...(props.variant ? { [Labels.variant]: props.variant } : {}) },
      },
      spec: {
        compositeTypeRef: { apiVersion: names.apiVersion, kind: names.kind },
        mode: CompositionSpecMode.PIPELINE,
        pipeline: [
          ...(props.bindsAccount
            ? [{ step: PipelineSteps.environmentConfigs, functionRef: { name: FunctionNames.environmentConfigs }, input: accountBindingInput() }]
            : []),
          {
            step: PipelineSteps.patchAndTransform,
            functionRef: { name: FunctionNames.patchAndTransform },
            input: Lazy.any({ produce: () => PipelineComposition.input(props) }),
          },
          { step: PipelineSteps.autoReady, functionRef: { name: FunctionNames.autoReady } },
        ],
      },
    });
  }

  /** The function-patch-and-transform input, typed by the imported `Resources` CRD. */
  public static input(props: PipelineCompositionProps): unknown {
    const resources = props.resources();
    const names = resources.map((r) => r.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) throw new Error(`${props.names.kind}: composed resource name '${duplicate}' is used twice`);
    const templates = resources.map((r) => r.toTemplate(props.domain));
    const referenced = new Set(templates.flatMap((t) => (t.patches ?? []).flatMap((p) => (p.patchSetName ? [p.patchSetName] : []))));
    const declared = props.patchSets();
    for (const name of referenced) {
      if (!declared.some((s) => s.name === name)) throw new Error(`${props.names.kind}: patch set '${name}' is referenced but not declared`);
    }
    // Only the patch sets some resource uses, so every composition input stays minimal.
    const environmentPatches: EnvironmentPatch[] = props.bindsAccount ? accountStatusPatches() : [];
    const spec = {
      ...(environmentPatches.length ? { environment: { patches: environmentPatches } } : {}),
      patchSets: declared.filter((s) => referenced.has(s.name)).map((s) => s.toInput()),
      resources: templates,
    };
    // The typed manifest would silently drop a key it does not know; the function's decoder would
    // reject it and fail every run. Either way it is a mistake: say so, in one line.
    const [problem] = lintInputDecoding(spec as unknown as JsonObject);
    if (problem) {
      const where = problem.resource !== undefined ? `resource '${problem.resource}' ` : '';
      throw new Error(`${props.names.kind}: ${where}${problem.path}: ${problem.message}`);
    }
    return Resources.manifest(spec);
  }
}
