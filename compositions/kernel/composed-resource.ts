// One composed resource of a Pipeline Composition: a `base` typed by the imported CRD class and the
// patches that make it specific to one composite. Shared behaviour (provider config, lifecycle,
// region, tags, labels, naming tokens) is applied here so charts only state what is specific.
import type { GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResourcesResources, ResourcesResourcesReadinessChecks } from '../../imports/pt.fn.crossplane.io';
import { when, type Condition } from './condition';
import { hasForProviderField, isAwsManagedKind } from './kind-schemas';
import { EXTERNAL_NAME_ANNOTATION, LABEL_DOMAIN, Labels } from './naming';
import { CommonPatchSets } from './parameters';
import { combineToComposite, fromComposite, toComposite, type Patch, type PatchOptions } from './patches';
import type { SchemaNode } from './schema';
import { Params, extractTokenPatches } from './values';
import { deepFreeze } from '../../renderer/json';

/** An imported CRD class (`kms.Key`, `s3.Bucket`, ...): its GVK and typed `manifest()`. */
export interface ManagedKind<P> {
  readonly GVK: GroupVersionKind;
  manifest(props: P): unknown;
}

type SpecOf<P> = P extends { spec: infer S } ? S : never;
type ForProviderOf<P> = SpecOf<P> extends { forProvider: infer F } ? F : never;
type InitProviderOf<P> = SpecOf<P> extends { initProvider?: infer I } ? I : never;

export interface ComposedResourceProps<P> {
  /**
   * Composition resource name. A contract: renaming it makes Crossplane replace the AWS resource.
   * camelCase, unique within the composition.
   */
  readonly name: string;
  readonly kind: ManagedKind<P>;
  /** `spec.forProvider` without `region` (patched from the composite). Strings may hold `${xr:...}` tokens. */
  readonly forProvider: Omit<ForProviderOf<P>, 'region'>;
  /** @default - none */
  readonly initProvider?: InitProviderOf<P>;
  /**
   * Where the resource lives instead of the composite's `region`: a literal region (global-service
   * event rules live in us-east-1) or a `${xr:...}` token (a region slot, compositions/kernel/region-slots.ts).
   * Only for kinds whose forProvider has `region`. @default - the composite's `region` (the `region` patch set)
   */
  readonly region?: string;
  /**
   * AWS name (the `crossplane.io/external-name` annotation) for kinds named by it; include the
   * environment suffix (see `suffixed`). @default - the provider chooses (e.g. KMS key ids)
   */
  readonly externalName?: string;
  /**
   * Reference an existing AWS resource without ever creating, updating or deleting it
   * (`managementPolicies: [Observe]`): our form of a Terraform data source. @default false
   */
  readonly observeOnly?: boolean;
  /**
   * Create, adopt (by external name) and keep updating the AWS resource, but leave it in AWS when the
   * composite goes (`managementPolicies` without Delete): for account singletons that were there before
   * us or that others rely on. Give the reason; teardown docs say what to reset. @default - deleted with the composite
   */
  readonly retainOnDelete?: string;
  /** Extra labels, e.g. for cross-composite selection. @default - component and domain labels only */
  readonly labels?: Record<string, string>;
  /** Resource-specific patches, applied after the shared ones. @default - none */
  readonly patches?: readonly Patch[];
  /** @default - Ready condition True */
  readonly readinessChecks?: readonly ResourcesResourcesReadinessChecks[];
}

/** A value this resource publishes to the composite's status once observed. */
export interface Output {
  readonly statusField: string;
  readonly fromFieldPath: string;
  readonly schema: SchemaNode;
  /**
   * Published with a CombineToComposite patch of these fields of the resource instead (Go `fmt`;
   * skipped while any of them is absent, so a presence-only field makes the output conditional).
   * @default - a ToCompositeFieldPath of fromFieldPath
   */
  readonly combine?: { readonly variables: readonly string[]; readonly fmt: string };
}

export const NAME_PATTERN = /^[a-z][a-zA-Z0-9]*$/;

/** Anything a Pipeline Composition can compose: a managed resource or a nested composite. */
export interface Composable {
  readonly name: string;
  readonly gvk: GroupVersionKind;
  readonly outputs: readonly Output[];
  toTemplate(domain: string): ResourcesResources;
}

/** A selector of a sibling composed resource of the same composite (matchControllerRef + component label). */
export interface SiblingSelector {
  readonly matchControllerRef: boolean;
  readonly matchLabels: Record<string, string>;
}

/**
 * Marks the construct (a domain chart) that composes the ComposedResources created in it: a
 * resource constructed with a scope registers itself there, so a chart cannot forget to compose it.
 * A symbol rather than an import of DomainChart, which itself imports this module.
 */
export const COMPOSES = Symbol.for('zero-trust-platform.composes');

interface ComposingScope {
  readonly [COMPOSES]: (resource: Composable) => void;
}

function composerOf(scope: Construct): ComposingScope | undefined {
  return [...scope.node.scopes].reverse().find((s): s is Construct & ComposingScope => COMPOSES in s);
}

/**
 * Composes what is not a construct (a deletion order, a nested composite) into the composite of
 * the domain chart `scope` sits in, in order, for builders that take a scope. Returns `resources`.
 */
export function composeIn<T extends Composable>(scope: Construct, ...resources: T[]): T[] {
  const composer = composerOf(scope);
  if (!composer) throw new Error(`${resources.map((r) => r.name).join(', ')}: scope ${scope.node.path || '(root)'} is not inside a domain chart (nothing would compose it)`);
  for (const r of resources) composer[COMPOSES](r);
  return resources;
}

export class ComposedResource<P = unknown> extends Construct implements Composable {
  public readonly name: string;
  public readonly gvk: GroupVersionKind;
  public readonly observeOnly: boolean;
  private readonly props: ComposedResourceProps<P>;
  private readonly extraPatches: Patch[] = [];
  private readonly _outputs: Output[] = [];
  /** The base and its token patches per domain: a synth asks for each template twice (validation, pipeline). */
  private readonly bases = new Map<string, { readonly base: Record<string, unknown>; readonly patches: readonly Patch[] }>();

  /**
   * `new ComposedResource(chart, props)` composes the resource into the composite of `chart` (or of
   * the domain chart `chart` sits in, e.g. through a building block given `this`); its construct id
   * is the composition resource name, so a name used twice fails at once. There is no form without
   * a scope: a resource nothing composes cannot be written.
   */
  public constructor(scope: Construct, props: ComposedResourceProps<P>) {
    // The name is checked before it becomes a construct id (which would sanitize it).
    if (!NAME_PATTERN.test(props.name)) {
      throw new Error(`composed resource name '${props.name}' must be camelCase letters and digits (it becomes the composition-resource-name)`);
    }
    super(scope, props.name);
    const composer = composerOf(scope);
    if (!composer) throw new Error(`composed resource '${props.name}': its scope ${scope.node.path || '(root)'} is not inside a domain chart (nothing would compose it)`);
    if (props.region !== undefined && !hasForProviderField(props.kind.GVK, 'region')) {
      throw new Error(`composed resource '${props.name}': 'region' is set to '${props.region}', but ${props.kind.GVK.kind} has no spec.forProvider.region (a global kind)`);
    }
    this.props = props;
    this.name = props.name;
    this.gvk = props.kind.GVK;
    this.observeOnly = props.observeOnly ?? false;
    if (this.observeOnly && props.retainOnDelete !== undefined) throw new Error(`composed resource '${props.name}': observeOnly already never deletes; drop retainOnDelete`);
    composer[COMPOSES](this);
  }

  /** The selector of this resource from a sibling of the same composite (`restApiIdSelector: restApi.selector()`). */
  public selector(): SiblingSelector {
    return siblingSelector(this.name);
  }

  /** Adds patches after construction (e.g. wiring to another resource). */
  public addPatches(...patches: Patch[]): this {
    this.extraPatches.push(...patches);
    return this;
  }

  /**
   * Composes this resource only while `condition` holds (function-cel-filter): absent, and not
   * holding the composite's readiness back, while it is false; deleted when it turns false.
   */
  public when(condition: Condition): this {
    return when(this, condition);
  }

  /** Publishes an observed field of this resource as `status.<statusField>` of the composite. */
  public publish(statusField: string, fromFieldPath: string, schema: SchemaNode): this {
    this._outputs.push({ statusField, fromFieldPath, schema });
    return this;
  }

  /**
   * Publishes several observed fields of this resource, formatted with Go `fmt`, as
   * `status.<statusField>`. Nothing is written while any field is absent: with `%[1]v` and a second,
   * presence-only field (e.g. a tag only one resource carries), only that resource publishes.
   */
  public publishCombined(statusField: string, variables: readonly string[], fmt: string, schema: SchemaNode): this {
    if (variables.length === 0) throw new Error(`publishCombined: '${statusField}' needs at least one variable`);
    this._outputs.push({ statusField, fromFieldPath: variables[0]!, schema, combine: { variables, fmt } });
    return this;
  }

  public get outputs(): readonly Output[] {
    return this._outputs;
  }

  /** Patch that copies a composite field into this resource (sugar for charts). */
  public static fromParameter(name: string, toFieldPath: string, options: PatchOptions = {}): Patch {
    return fromComposite(`spec.parameters.${name}`, toFieldPath, options);
  }

  private get isManaged(): boolean {
    return isAwsManagedKind(this.gvk);
  }

  private baseObject(domain: string): Record<string, unknown> {
    const { forProvider, initProvider, externalName, labels, observeOnly, region } = this.props;
    // region comes from the `region` patch set unless given; tags from the baseline plus the `tags` patch set.
    const withRegion = region !== undefined ? { ...forProvider, region } : forProvider;
    const withTags = this.isManaged && hasForProviderField(this.gvk, 'tags') && !observeOnly
      ? { ...withRegion, tags: { ...baselineTags(domain), ...((forProvider as { tags?: Record<string, string> }).tags ?? {}) } }
      : withRegion;
    const manifest = this.props.kind.manifest({
      metadata: {
        labels: { [Labels.component]: this.name, [Labels.domain]: domain, ...(labels ?? {}) },
        ...(externalName ? { annotations: { [EXTERNAL_NAME_ANNOTATION]: externalName } } : {}),
      },
      spec: {
        forProvider: withTags,
        ...(initProvider ? { initProvider } : {}),
        ...(this.isManaged ? lifecycleOf(observeOnly, this.props.retainOnDelete) : {}),
      },
    } as P) as Record<string, unknown>;
    return manifest;
  }

  private sharedPatches(): Patch[] {
    if (!this.isManaged) return [];
    const sets = [CommonPatchSets.providerConfig];
    // Observe-only and retained resources keep their own management policies (the claim's would re-add Delete).
    if (!this.observeOnly && this.props.retainOnDelete === undefined) sets.push(CommonPatchSets.lifecycle);
    if (hasForProviderField(this.gvk, 'region') && this.props.region === undefined) sets.push(CommonPatchSets.region);
    if (hasForProviderField(this.gvk, 'tags') && !this.observeOnly) sets.push(CommonPatchSets.tags);
    return sets.map((s) => s.ref());
  }

  /** The P&T template for this resource inside the composition of `domain`. */
  public toTemplate(domain: string): ResourcesResources {
    // The props are fixed at construction; what can still be added (patches, outputs) is read below
    // on every call. The base and token patches are shared between calls, so they are frozen.
    let extracted = this.bases.get(domain);
    if (!extracted) {
      const { base, patches } = extractTokenPatches(this.baseObject(domain));
      extracted = { base: deepFreeze(base), patches: deepFreeze(patches) };
      this.bases.set(domain, extracted);
    }
    const { base, patches: tokenPatches } = extracted;
    return {
      name: this.name,
      base,
      patches: [
        ...this.sharedPatches(),
        ...tokenPatches,
        ...(this.props.patches ?? []),
        ...this.extraPatches,
        ...this._outputs.map((o) => (o.combine ? combineToComposite(o.combine.variables, o.combine.fmt, `status.${o.statusField}`) : toComposite(o.fromFieldPath, `status.${o.statusField}`))),
      ],
      ...(this.props.readinessChecks ? { readinessChecks: [...this.props.readinessChecks] } : {}),
    };
  }
}

/** Crossplane management policies without Delete leave the external resource when the managed resource goes. */
export const RETAINED_MANAGEMENT_POLICIES = ['Observe', 'Create', 'Update', 'LateInitialize'] as const;

function lifecycleOf(observeOnly: boolean | undefined, retainOnDelete: string | undefined): Record<string, unknown> {
  if (observeOnly) return { managementPolicies: ['Observe'] };
  if (retainOnDelete !== undefined) return { managementPolicies: [...RETAINED_MANAGEMENT_POLICIES], deletionPolicy: 'Delete' };
  return { deletionPolicy: 'Delete' };
}

/** Tags the baseline puts on every taggable resource; they win over claim tags on conflict. */
export function baselineTags(domain: string): Record<string, string> {
  return {
    [`${LABEL_DOMAIN}/domain`]: domain,
    [`${LABEL_DOMAIN}/environment`]: Params.environmentSuffix,
    [`${LABEL_DOMAIN}/managed-by`]: 'crossplane',
  };
}

/** Selector for a sibling composed resource of the same composite, by composition resource name. */
export function siblingSelector(resourceName: string): SiblingSelector {
  return { matchControllerRef: true, matchLabels: { [Labels.component]: resourceName } };
}
