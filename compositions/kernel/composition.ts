// A Pipeline Composition: function-patch-and-transform renders the composed resources, then
// function-auto-ready marks the composite Ready once every composed resource is Ready. A claim's
// composition first selects the account its namespace is bound to (function-environment-configs).
// When some resource is composed only under a condition, function-cel-filter runs after P&T and
// drops it while its condition is false (cel-filter.ts).
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Composition, CompositionSpecMode } from '../../imports/apiextensions.crossplane.io';
import { Resources, type ResourcesResources } from '../../imports/pt.fn.crossplane.io';
import { conditionalTemplate, conditionOf, filterEntry, filtersInput, type FilterEntry } from './cel-filter';
import type { Composable } from './composed-resource';
import { FunctionNames, Labels, PipelineSteps, type CompositeNames } from './naming';
import type { EnvironmentPatch, PatchSet } from './patches';
import { accountBindingInput, accountStatusPatches } from './account-binding';
import { lintInputDecoding } from '../../renderer/functions';
import { lintCelFilterInput } from '../../renderer/functions';
import type { JsonObject } from '../../renderer/types';

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

interface ResourceTemplate {
  readonly resource: Composable;
  readonly template: ResourcesResources;
  readonly filter?: FilterEntry;
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
        // Lazy: resources are composed after construction, and they decide whether the filter step exists.
        pipeline: Lazy.any({ produce: () => PipelineComposition.pipeline(props) }),
      },
    });
  }

  /** The steps: the account binding for a claim, P&T, function-cel-filter when some resource is conditional, auto-ready. */
  public static pipeline(props: PipelineCompositionProps): unknown[] {
    // Both inputs come from the same templates (a conditional one is rewritten for cel-filter): built once.
    const templates = PipelineComposition.templates(props);
    const filters = PipelineComposition.filters(props, templates);
    return [
      ...(props.bindsAccount ? [{ step: PipelineSteps.environmentConfigs, functionRef: { name: FunctionNames.environmentConfigs }, input: accountBindingInput() }] : []),
      { step: PipelineSteps.patchAndTransform, functionRef: { name: FunctionNames.patchAndTransform }, input: PipelineComposition.input(props, templates) },
      ...(filters ? [{ step: PipelineSteps.celFilter, functionRef: { name: FunctionNames.celFilter }, input: filters }] : []),
      { step: PipelineSteps.autoReady, functionRef: { name: FunctionNames.autoReady } },
    ];
  }

  /** Each resource's P&T template; a conditional resource's with Optional patches (cel-filter.ts). */
  private static templates(props: PipelineCompositionProps): ResourceTemplate[] {
    return props.resources().map((r) => {
      const template = r.toTemplate(props.domain);
      const condition = conditionOf(r);
      if (!condition) return { resource: r, template };
      const c = conditionalTemplate(template, props.patchSets(), `${props.names.kind}: resource '${r.name}'`);
      return { resource: r, template: c.template, filter: filterEntry(r.name, condition, c.presence) };
    });
  }

  /**
   * The function-cel-filter input, undefined when no resource is conditional. Each expression is
   * compiled in the function's CEL environment: one that would fail every run fails synth instead.
   */
  public static filters(props: PipelineCompositionProps, templates = PipelineComposition.templates(props)): unknown {
    const entries = templates.flatMap((t) => (t.filter ? [t.filter] : []));
    if (entries.length === 0) return undefined;
    const input = filtersInput(entries);
    const [problem] = lintCelFilterInput(input as unknown as JsonObject, props.resources().map((r) => r.name));
    if (problem) {
      const i = Number(/^filters\[(\d+)\]/.exec(problem.path)?.[1] ?? -1);
      const where = entries[i] ? `condition of resource '${entries[i].name}'` : 'function-cel-filter input';
      throw new Error(`${props.names.kind}: ${where}: ${problem.message.split('\n')[0]} (expression: ${entries[i]?.expression ?? '?'})`);
    }
    return input;
  }

  /** The function-patch-and-transform input, typed by the imported `Resources` CRD. */
  public static input(props: PipelineCompositionProps, resourceTemplates = PipelineComposition.templates(props)): unknown {
    const resources = props.resources();
    const names = resources.map((r) => r.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) throw new Error(`${props.names.kind}: composed resource name '${duplicate}' is used twice`);
    const templates = resourceTemplates.map((t) => t.template);
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
