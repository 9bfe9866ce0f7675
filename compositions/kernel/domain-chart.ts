// Base of every security-domain chart: one XRD + one Pipeline Composition. A subclass reads like a
// checklist of controls: it declares parameters, composes resources and publishes outputs; the XRD
// schema, patch sets and composition input are derived here.
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { foreignConditionReads } from './cel-filter';
import { ownCondition } from './condition';
import { COMPOSES, type Composable } from './composed-resource';
import { PipelineComposition } from './composition';
import { DisabledComposition } from './optional-feature';
import { Definition, type PrinterColumn } from './definition';
import { compositeNames, Labels, type CompositeNames } from './naming';
import { isDeepStrictEqual } from 'node:util';
import { compositeSchema, fieldPathProblem, schemaAt } from './composite-paths';
import { getValue } from '../../renderer/crossplane';
import type { JsonObject } from '../../renderer/types';
import type { ResourcesResources } from '../../imports/pt.fn.crossplane.io';
import { COMMON_REQUIRED_PARAMETERS, CommonPatchSets, REGIONS, commonParameterPassThrough, commonParameterSchema, lifecycleParameterSchema } from './parameters';
import { regionSlots, type RegionSlot } from './region-slots';
import { MAX_ALLOWED_REGIONS } from '../policy/scp';
import { accountStatusPatches, accountStatusSchema, type BindingPath } from './account-binding';
import type { PolicyStatement } from '../policy/iam';
import type { Patch, PatchSet } from './patches';
import { ParameterRef } from './parameter-ref';
import { PERMISSIONS_BOUNDARY_ARN, PERMISSIONS_BOUNDARY_PARAMETER } from '../blocks/identity/service-role';
import type { Transform } from './transforms';
import { Schema, type CelRule, type SchemaNode } from './schema';
import { ClaimTreeResource, DeletionOrder, type UsedResource } from './usage';
import { encryptionKey } from '../blocks/encryption/kms';
import { PERMISSIONS_BOUNDARY_DELETION_REASON, permissionsBoundaryPolicy } from '../blocks/identity/service-role';

/** A resource of the same composite: itself, or its composition resource name. */
export type Sibling = Composable | string;

export interface DomainChartProps {
  /** Composite kind, `X<Name>`. */
  readonly kind: string;
  /** Key of the domain: its label value and its parameter/status section in the ZeroTrustAccount claim. */
  readonly domain: string;
  readonly description: string;
  /** @default false */
  readonly offerClaim?: boolean;
  /** @default - READY and SYNCED */
  readonly printerColumns?: readonly PrinterColumn[];
  /**
   * An optional feature composed through `optionalComposite()`: also emits the `disabled`
   * composition that composes nothing. @default false
   */
  readonly optional?: boolean;
  /**
   * A claim's composite: its account comes from the binding of the claim's namespace, never from
   * its parameters. The XRD has no account parameters (accountId, region, environmentSuffix,
   * providerConfigName), `status.account` shows the binding, and the composition selects the
   * binding first. @default false
   */
  readonly bindsAccount?: boolean;
  /**
   * The organization's composite (XZeroTrustOrganization): platform-only, no claim, one instance
   * generated from the onboarding list. Like a claim's composite it has no account parameters (its
   * domains act in the organization's own accounts, named by its parameters). @default false
   */
  readonly organizationRoot?: boolean;
  /**
   * The domain's row in the README's "Security domains" table, which `npm run synth` writes from the
   * charts: a security domain of XZeroTrustAccount must have one. @default - no row
   */
  readonly readme?: DomainReadme;
}

/** A row of the README's domain table: the domain's name and what it enforces, with control ids. */
export interface DomainReadme {
  readonly title: string;
  /** What the domain composes and enforces, with the CIS / Security Hub ids; Markdown, one line. */
  readonly controls: string;
}

/** A parameter of a domain composite that only its parent sets, from the claim's account binding. */
export interface BoundParameter {
  readonly parameter: string;
  readonly schema: SchemaNode;
  readonly from: BindingPath;
}

/** Purposes of the encryption domain's keys. */
export type KeyPurpose = 'logs' | 'audit' | 'data' | 'messaging';

/** Key-policy statements a domain needs on one of the encryption domain's keys. */
export interface KeyUsage {
  /** Purpose of the key: `logs`, `audit`, `data`, `messaging`. */
  readonly purpose: string;
  readonly statements: readonly PolicyStatement[];
}

/** A value a domain needs from another domain's outputs, wired by the top-level composite. */
export interface DomainInput {
  readonly parameter: string;
  readonly schema: SchemaNode;
  readonly fromDomain: string;
  readonly statusField: string;
  /**
   * The value the other domain publishes, written over this domain's bound account parameters: an
   * AWS name or ARN we choose, known before the resource exists. The top-level composite computes it
   * from the binding instead of waiting for `fromDomain`'s status (no status gate between domains).
   * A test proves it equals what `fromDomain` publishes. @default - read from the status
   */
  readonly computed?: string;
}

/**
 * A parameter the top-level composite computes from this domain's own section of the claim, for
 * what patches cannot do inside one composition (e.g. a list rendered as JSON with `toJson`, to be
 * spliced into a policy document by a Combine patch).
 */
export interface DerivedInput {
  readonly parameter: string;
  readonly schema: SchemaNode;
  /** Path inside the domain's section, e.g. `crossAccountRoles.securityAudit.trustedPrincipals`. */
  readonly fromParameter: string;
  readonly transforms: readonly Transform[];
  /** The source is an optional parameter: the domain is created without the input when it is absent. */
  readonly optional?: boolean;
}

const DOMAIN_CHART = Symbol.for('zero-trust-platform.DomainChart');

export abstract class DomainChart extends Chart {
  /** cdk8s's Chart answers `instanceof` for every chart subclass alike, so test with this. */
  public static isDomainChart(x: unknown): x is DomainChart {
    return typeof x === 'object' && x !== null && DOMAIN_CHART in x;
  }

  public readonly names: CompositeNames;
  public readonly domain: string;
  public readonly readme?: DomainReadme;
  /** See DomainChartProps.bindsAccount. */
  public readonly bindsAccount: boolean;
  /** See DomainChartProps.organizationRoot. */
  public readonly organizationRoot: boolean;
  private readonly composed: Composable[] = [];
  private readonly ownParameters: Record<string, SchemaNode> = {};
  private readonly ownRequired: string[] = [];
  private readonly ownRules: CelRule[] = [];
  private readonly ownInputs: DomainInput[] = [];
  private readonly ownDerived: DerivedInput[] = [];
  private readonly ownBound: BoundParameter[] = [];
  private readonly extraPatchSets: PatchSet[] = [];
  private readonly keyStatements: KeyUsage[] = [];
  private slots: readonly RegionSlot[] | undefined;
  private readonly definition: Definition;

  protected constructor(scope: Construct, id: string, props: DomainChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    Object.defineProperty(this, DOMAIN_CHART, { value: true });
    // `new ComposedResource(this, ...)` composes itself here (composed-resource.ts).
    Object.defineProperty(this, COMPOSES, { value: (r: Composable) => this.compose(r) });
    this.names = compositeNames(props.kind, { offerClaim: props.offerClaim ?? false });
    this.domain = props.domain;
    if (props.readme) this.readme = props.readme;
    this.bindsAccount = props.bindsAccount ?? false;
    this.organizationRoot = props.organizationRoot ?? false;
    if (this.organizationRoot && (props.offerClaim || this.bindsAccount)) throw new Error(`${props.kind}: the organization's composite is platform-only: no claim, no account binding`);
    if (this.bindsAccount && !props.offerClaim) throw new Error(`${props.kind}: only a claim's composite binds an account (its namespace names it)`);
    this.definition = new Definition(this, 'Definition', {
      names: this.names,
      description: props.description,
      parameters: () => ({ ...this.sharedParameterSchema(), ...this.ownParameters, ...this.inputSchemas() }),
      requiredParameters: () => [
        ...(this.bindsAccount || this.organizationRoot ? [] : COMMON_REQUIRED_PARAMETERS), ...this.ownRequired,
        ...[...this.ownInputs, ...this.ownDerived.filter((d) => !d.optional), ...this.ownBound].map((i) => i.parameter),
      ],
      parameterRules: () => this.ownRules,
      status: () => ({ ...(this.bindsAccount ? { account: accountStatusSchema() } : {}), ...this.statusSchema() }),
      ...(props.printerColumns ? { printerColumns: props.printerColumns } : {}),
    });
    new PipelineComposition(this, 'Composition', {
      names: this.names,
      domain: this.domain,
      resources: () => this.composed,
      patchSets: () => [...Object.values(CommonPatchSets), commonParameterPassThrough(), ...this.extraPatchSets],
      ...(props.optional ? { variant: 'enabled' as const } : {}),
      bindsAccount: this.bindsAccount,
    });
    if (props.optional) new DisabledComposition(this, 'DisabledComposition', this.names);
    // The wiring checks share one expansion of every template (patch sets included).
    this.node.addValidation({
      validate: () => {
        const expanded = this.expandedPatches();
        return [
          // A patch reading an undeclared parameter would silently never apply (or hold its resource
          // back forever): every spec.parameters.<name> a template reads must be in this composite's schema.
          ...this.undeclaredParameterReads(expanded),
          // ...and every composite field a patch or `${xr:...}` token reads or writes must resolve, by full
          // path, against the XRD schema (a misspelled nested field would otherwise silently never apply).
          ...this.unresolvedCompositePaths(expanded),
          // A default is declared once, in the schema: a base value the same patch replaces must not say otherwise.
          ...this.contradictedDefaults(expanded),
          // A sibling selector naming no composed resource of this composition never resolves.
          ...this.unknownSiblingSelectors(expanded),
          ...this.unknownObservedSiblings(),
        ];
      },
    });
    // A Usage whose ends this composite does not compose would never resolve (its composite never Ready).
    this.node.addValidation({ validate: () => this.deletionOrderProblems() });
    // A condition (function-cel-filter) reads this composite: only its own parameters exist there.
    this.node.addValidation({ validate: () => foreignConditionReads(this, this.names.kind, this.composed) });
  }

  /**
   * Declares a domain-specific parameter (`spec.parameters.<name>`). The handle it returns is how a
   * condition (`Condition.has(handle.field('id'))`) reads it.
   */
  protected parameter(name: string, schema: SchemaNode, options: { required?: boolean } = {}): ParameterRef {
    if (name in commonParameterSchema() || name in this.ownParameters || this.ownBound.some((b) => b.parameter === name)) {
      throw new Error(`${this.names.kind}: parameter '${name}' is declared twice`);
    }
    this.ownParameters[name] = schema;
    if (options.required) this.ownRequired.push(name);
    return ParameterRef.declared(this, name, schema);
  }

  /**
   * Declares a parameter only the claim's composite sets, from the binding of the claim's namespace
   * (`spec.parameters.<name>`, required; never part of the claim's section of this domain).
   */
  protected bound(parameter: string, schema: SchemaNode, from: BindingPath): ParameterRef {
    if (parameter in commonParameterSchema() || parameter in this.ownParameters || this.ownBound.some((b) => b.parameter === parameter)) {
      throw new Error(`${this.names.kind}: parameter '${parameter}' is declared twice`);
    }
    this.ownBound.push({ parameter, schema, from });
    return ParameterRef.declared(this, parameter, schema);
  }

  /**
   * The region slots of this composite (compositions/kernel/region-slots.ts): declares the bound parameter
   * `allowedRegions` (the account's allowed regions, from the binding) once, and returns one slot per
   * position, each composed only while it holds a region other than the home region.
   */
  protected regionSlots(): readonly RegionSlot[] {
    if (!this.slots) {
      const allowed = this.bound('allowedRegions', Schema.array(
        'Regions the account is allowed to use, home region included (from onboarding): every regional control exists in each.',
        Schema.string('An allowed region.', { enum: REGIONS }),
        { minItems: 1, maxItems: MAX_ALLOWED_REGIONS },
      ), 'account.allowedRegions');
      this.slots = regionSlots(allowed, this.homeRegion());
    }
    return this.slots;
  }

  /** The handle of the shared `region` parameter (the account's home region), for conditions. */
  protected homeRegion(): ParameterRef {
    return ParameterRef.declared(this, 'region', commonParameterSchema().region!);
  }

  /** The parameters the claim's composite sets from the account binding. */
  public get boundParameters(): readonly BoundParameter[] {
    return this.ownBound;
  }

  /** Declares a CEL rule over `spec.parameters` (cross-field checks). */
  protected rule(rule: CelRule): void {
    this.ownRules.push(rule);
  }

  /** Declares a parameter filled from another domain's output by the top-level composite. */
  protected input(parameter: string, schema: SchemaNode, from: { domain: string; statusField: string; computed?: string }): void {
    this.ownInputs.push({ parameter, schema, fromDomain: from.domain, statusField: from.statusField, ...(from.computed !== undefined ? { computed: from.computed } : {}) });
  }

  /** Declares a parameter the top-level composite derives from this domain's own parameters. */
  protected derivedInput(parameter: string, schema: SchemaNode, from: { parameter: string; transforms: readonly Transform[]; optional?: boolean }): void {
    if (!(from.parameter.split('.')[0]! in this.ownParameters)) {
      throw new Error(`${this.names.kind}: derived input '${parameter}' reads '${from.parameter}', which is not a parameter of this domain`);
    }
    this.ownDerived.push({ parameter, schema, fromParameter: from.parameter, transforms: from.transforms, ...(from.optional ? { optional: true } : {}) });
  }

  public get derivedInputs(): readonly DerivedInput[] {
    return this.ownDerived;
  }

  /**
   * Declares what this domain's services need on a key of the encryption domain; the key policy is
   * assembled from every consumer, so the grant sits next to the resource that needs it.
   */
  protected useKey(purpose: string, ...statements: PolicyStatement[]): void {
    this.keyStatements.push({ purpose, statements });
  }

  public get keyUsage(): readonly KeyUsage[] {
    return this.keyStatements;
  }

  /**
   * Declares the ARN of one of the encryption domain's keys as an input (`spec.parameters.<purpose>KeyArn`),
   * wired from the encryption domain's status by the top-level composite.
   */
  protected keyArnInput(purpose: KeyPurpose, encrypts: string): void {
    this.input(`${purpose}KeyArn`, Schema.arn(`ARN of the ${purpose} KMS key, which encrypts ${encrypts} (from the encryption domain).`), {
      domain: 'encryption',
      statusField: `${purpose}KeyArn`,
    });
  }

  /** Declares the identity domain's permissions boundary ARN as an input (needed by `serviceRole`). */
  protected permissionsBoundaryInput(): void {
    this.input(PERMISSIONS_BOUNDARY_PARAMETER, Schema.arn('ARN of the permissions boundary every role of the baseline carries (from the identity domain).'), {
      domain: 'identity',
      statusField: 'permissionsBoundaryArn',
      computed: PERMISSIONS_BOUNDARY_ARN,
    });
  }

  /**
   * Declares that each user is deleted before each resource it uses (one ClusterUsage per pair, with
   * replayDeletion): Crossplane refuses deleting a used resource while a user exists. Siblings are
   * given as composed resources or by composition resource name (composed before this call);
   * another composite's resource as a ClaimTreeResource. `reason` says what AWS refuses or what
   * breaks if the order is not kept.
   */
  protected deletedBefore(
    users: Sibling | readonly Sibling[],
    options: { uses: Sibling | UsedResource | readonly (Sibling | UsedResource)[]; reason: string; name?: string },
  ): DeletionOrder[] {
    const list = <T>(x: T | readonly T[]): readonly T[] => (Array.isArray(x) ? x : [x as T]);
    const used = list<Sibling | UsedResource>(options.uses).map((u) => (typeof u === 'string' ? this.sibling(u) : u));
    const userList = list(users);
    if (options.name !== undefined && (userList.length !== 1 || used.length !== 1)) {
      throw new Error(`${this.names.kind}: deletion order '${options.name}': a name can only be given to a single user and used resource`);
    }
    return this.compose(...userList.flatMap((u) => {
      const user = typeof u === 'string' ? this.sibling(u) : u;
      return used.map((x) => new DeletionOrder({ user, used: x, reason: options.reason, ...(options.name !== undefined ? { name: options.name } : {}) }));
    }));
  }

  /**
   * Every key outlives what it encrypts: one ClusterUsage of the encryption domain's `purpose` key per
   * holder (the resource whose data, or whose setting naming the key, would break without it).
   */
  protected encryptedWith(purpose: KeyPurpose, ...holders: Sibling[]): DeletionOrder[] {
    return this.deletedBefore(holders, {
      uses: encryptionKey(purpose),
      reason: `The ${purpose} key encrypts it: a key pending deletion refuses every encrypt and decrypt, so writes fail and the data cannot be read`,
    });
  }

  /** The identity domain's permissions boundary outlives every role that carries it (DeletePolicy refuses with DeleteConflict). */
  protected boundaryOutlives(...roles: Sibling[]): DeletionOrder[] {
    return this.deletedBefore(roles, { uses: permissionsBoundaryPolicy(), reason: PERMISSIONS_BOUNDARY_DELETION_REASON });
  }

  /** The composed resource with this composition resource name. */
  protected sibling(name: string): Composable {
    const found = this.composed.find((r) => r.name === name);
    if (!found) throw new Error(`${this.names.kind}: no composed resource named '${name}' (compose it before declaring its deletion order)`);
    return found;
  }

  /** The deletion orders (ClusterUsages) this composite composes. */
  public get deletionOrders(): readonly DeletionOrder[] {
    return this.composed.filter((r): r is DeletionOrder => r instanceof DeletionOrder);
  }

  protected patchSet(set: PatchSet): void {
    this.extraPatchSets.push(set);
  }

  /**
   * Adds what is not a construct (a NestedComposite, a DeletionOrder) to the composition, in order.
   * A ComposedResource composes itself when constructed (`new ComposedResource(this, ...)`, or a
   * building block given `this`); composing it again changes nothing.
   */
  protected compose<T extends Composable>(...resources: T[]): T[] {
    for (const r of resources) if (!this.composed.includes(r)) this.composed.push(r);
    return resources;
  }

  /** Parameters specific to this domain (the claim's `spec.parameters.<domain>` section). */
  public get domainParameters(): Readonly<Record<string, SchemaNode>> {
    return this.ownParameters;
  }

  public get domainRequiredParameters(): readonly string[] {
    return this.ownRequired;
  }

  public get inputs(): readonly DomainInput[] {
    return this.ownInputs;
  }

  /** Status outputs of this domain. */
  public get outputs(): { statusField: string; schema: SchemaNode }[] {
    // A status field several resources publish with a conditional Combine (publishCombined: only the
    // one whose presence-only field exists writes it) is one output; any other duplicate is an error.
    const all = this.composed.flatMap((r) => r.outputs);
    const shared = new Set(all.filter((o) => o.combine).map((o) => o.statusField));
    for (const field of shared) {
      if (all.some((o) => o.statusField === field && !o.combine)) throw new Error(`${this.names.kind}: status field '${field}' is published both conditionally and unconditionally`);
    }
    return all
      .filter((o, i) => !shared.has(o.statusField) || all.findIndex((x) => x.statusField === o.statusField) === i)
      .map((o) => ({ statusField: o.statusField, schema: o.schema }));
  }

  public get resources(): readonly Composable[] {
    return this.composed;
  }

  /** Account parameters for a domain; a claim's composite has only the lifecycle ones. */
  private sharedParameterSchema(): Record<string, SchemaNode> {
    return this.bindsAccount || this.organizationRoot ? lifecycleParameterSchema() : commonParameterSchema();
  }

  private declaredParameterNames(): Set<string> {
    return new Set([
      ...Object.keys(this.sharedParameterSchema()), ...Object.keys(this.ownParameters),
      ...[...this.ownInputs, ...this.ownDerived, ...this.ownBound].map((i) => i.parameter),
    ]);
  }

  /**
   * Each composed resource with its patches, patch sets expanded: a claim's composite composing a
   * resource with the provider-config set would otherwise read an absent providerConfigName and fall
   * back to the default ProviderConfig.
   */
  private expandedPatches(): ExpandedTemplate[] {
    const sets = new Map([...Object.values(CommonPatchSets), commonParameterPassThrough(), ...this.extraPatchSets].map((set) => [set.name, set.patches]));
    return this.composed.map((resource) => {
      const template = resource.toTemplate(this.domain);
      const patches = (template.patches ?? []).flatMap((p) => (p.type === 'PatchSet' ? sets.get(p.patchSetName ?? '') ?? [] : [p]));
      return { resource, template, patches };
    });
  }

  private undeclaredParameterReads(expanded: readonly ExpandedTemplate[]): string[] {
    const declared = this.declaredParameterNames();
    const problems: string[] = [];
    for (const { resource, patches } of expanded) {
      for (const path of compositeReads(patches)) {
        const name = /^spec\.parameters\.([A-Za-z0-9]+)/.exec(path)?.[1];
        if (name && !declared.has(name)) {
          problems.push(`${this.names.kind}: composed resource '${resource.name}' reads spec.parameters.${name}, which is not a declared parameter (declare it with parameter(), input(), bound() or permissionsBoundaryInput(); a claim's composite has no account parameter)`);
        }
      }
    }
    return [...new Set(problems)];
  }

  private unresolvedCompositePaths(expanded: readonly ExpandedTemplate[]): string[] {
    const root = compositeSchema(this.definition.schema());
    const declared = this.declaredParameterNames();
    const problems: string[] = [];
    const check = (who: string, verb: 'reads' | 'writes', path: string): void => {
      // An undeclared parameter is reported once, with its own hint, by undeclaredParameterReads.
      const name = /^spec\.parameters\.([A-Za-z0-9]+)/.exec(path)?.[1];
      if (name && !declared.has(name)) return;
      const problem = fieldPathProblem(root, path);
      if (problem) problems.push(`${this.names.kind}: ${who} ${verb} ${path}, which the XRD schema does not have: ${problem}`);
    };
    for (const { resource, patches } of expanded) {
      for (const path of compositeReads(patches)) check(`composed resource '${resource.name}'`, 'reads', path);
      for (const path of compositeWrites(patches)) check(`composed resource '${resource.name}'`, 'writes', path);
    }
    if (this.bindsAccount) for (const p of accountStatusPatches()) check('the account binding', 'writes', p.toFieldPath ?? '');
    return [...new Set(problems)];
  }

  /**
   * A base value that a patch from a defaulted parameter replaces must be that default: otherwise the
   * value a claim gets when it says nothing depends on whether the API server defaulted the field
   * (it does not when an enclosing object without a default is absent). Charts read such base values
   * from the schema (ParameterRef.defaultValue()) so the default is declared once.
   */
  private contradictedDefaults(expanded: readonly ExpandedTemplate[]): string[] {
    const root = compositeSchema(this.definition.schema());
    const problems: string[] = [];
    for (const { resource, template, patches } of expanded) {
      for (const p of patches) {
        if (p.type !== 'FromCompositeFieldPath' || p.transforms?.length || !p.fromFieldPath?.startsWith('spec.parameters.') || !p.toFieldPath) continue;
        const declared = schemaAt(root, p.fromFieldPath)?.default;
        if (declared === undefined) continue;
        let base: unknown;
        try {
          base = getValue(template.base as JsonObject, p.toFieldPath);
        } catch {
          continue;
        }
        if (!isDeepStrictEqual(base, declared)) {
          problems.push(`${this.names.kind}: composed resource '${resource.name}' has ${JSON.stringify(base)} at ${p.toFieldPath} in its base, but ${p.fromFieldPath}, which patches it, declares the default ${JSON.stringify(declared)}: declare the default once (read it with ParameterRef.defaultValue())`);
        }
      }
    }
    return problems;
  }

  /** The composition resource names of everything this composite composes. */
  private composedNames(): Set<string> {
    return new Set(this.composed.map((r) => r.name));
  }

  /** createdAfter / Condition.observed on a name this composition never composes would hold the resource back for ever. */
  private unknownObservedSiblings(): string[] {
    const names = this.composedNames();
    const problems: string[] = [];
    for (const r of this.composed) {
      for (const name of ownCondition(r)?.observes ?? []) {
        if (!names.has(name)) problems.push(`${this.names.kind}: composed resource '${r.name}' waits to observe sibling '${name}' (createdAfter / Condition.observed), but this composition composes no resource named '${name}': it would never be created`);
      }
    }
    return [...new Set(problems)];
  }

  private unknownSiblingSelectors(expanded: readonly ExpandedTemplate[]): string[] {
    const names = this.composedNames();
    const problems: string[] = [];
    for (const { resource, template } of expanded) {
      for (const { path, name } of siblingSelectorsIn(template.base, '')) {
        if (!names.has(name)) {
          problems.push(`${this.names.kind}: composed resource '${resource.name}' selects sibling '${name}' at ${path}, but this composition composes no resource named '${name}' (composed: ${[...names].join(', ')})`);
        }
      }
    }
    return problems;
  }

  private deletionOrderProblems(): string[] {
    const names = this.composedNames();
    const problems: string[] = [];
    for (const d of this.deletionOrders) {
      const { user, used } = d.props;
      if (!names.has(user.name)) problems.push(`${this.names.kind}: deletion order '${d.name}': its user '${user.name}' is not composed by this composite (a Usage is composed next to its user)`);
      if (used instanceof ClaimTreeResource) {
        if (used.domain === this.domain) problems.push(`${this.names.kind}: deletion order '${d.name}': '${used.name}' is composed by this composite; pass the resource itself`);
      } else if (!names.has(used.name)) {
        problems.push(`${this.names.kind}: deletion order '${d.name}': '${used.name}' is not composed by this composite; name another composite's resource with ClaimTreeResource`);
      }
    }
    const duplicates = [...names].filter((n) => this.composed.filter((r) => r.name === n).length > 1);
    for (const n of duplicates) problems.push(`${this.names.kind}: composition resource name '${n}' is used twice`);
    return problems;
  }

  private inputSchemas(): Record<string, SchemaNode> {
    return Object.fromEntries([...this.ownInputs, ...this.ownDerived, ...this.ownBound].map((i) => [i.parameter, i.schema]));
  }

  private statusSchema(): Record<string, SchemaNode> {
    const tree: Record<string, unknown> = {};
    for (const { statusField, schema } of this.outputs) {
      const parts = statusField.split('.');
      let node = tree;
      for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
      if (node[parts[parts.length - 1]!]) throw new Error(`${this.names.kind}: status field '${statusField}' is published twice`);
      node[parts[parts.length - 1]!] = schema;
    }
    return toSchemaTree(tree);
  }
}

function toSchemaTree(tree: Record<string, unknown>): Record<string, SchemaNode> {
  return Object.fromEntries(
    Object.entries(tree).map(([k, v]) => [k, isSchemaNode(v) ? v : Schema.object(`Outputs of ${k}.`, toSchemaTree(v as Record<string, unknown>))]),
  );
}

function isSchemaNode(v: unknown): v is SchemaNode {
  return typeof v === 'object' && v !== null && 'type' in v && 'description' in v;
}

/** A composed resource's template with its patch sets expanded into their patches. */
interface ExpandedTemplate {
  readonly resource: Composable;
  readonly template: ResourcesResources;
  readonly patches: readonly Patch[];
}

/** Composite field paths the patches read (FromCompositeFieldPath, CombineFromComposite). */
function compositeReads(patches: readonly Patch[]): string[] {
  return patches.flatMap((p) => {
    if (p.type === 'FromCompositeFieldPath') return p.fromFieldPath ? [p.fromFieldPath] : [];
    if (p.type === 'CombineFromComposite') return (p.combine?.variables ?? []).map((v) => v.fromFieldPath);
    return [];
  });
}

/** Composite field paths the patches write (ToCompositeFieldPath, CombineToComposite). */
function compositeWrites(patches: readonly Patch[]): string[] {
  return patches.flatMap((p) => ((p.type === 'ToCompositeFieldPath' || p.type === 'CombineToComposite') && p.toFieldPath ? [p.toFieldPath] : []));
}

/** Every sibling selector (matchControllerRef with a component label) in a base, with where it sits. */
function siblingSelectorsIn(value: unknown, path: string): { path: string; name: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => siblingSelectorsIn(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const obj = value as Record<string, unknown>;
  const own: { path: string; name: string }[] = [];
  const component = (obj.matchLabels as Record<string, unknown> | undefined)?.[Labels.component];
  if (obj.matchControllerRef === true && typeof component === 'string') own.push({ path, name: component });
  return [...own, ...Object.entries(obj).flatMap(([k, v]) => siblingSelectorsIn(v, path ? `${path}.${k}` : k))];
}
