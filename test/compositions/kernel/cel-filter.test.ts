// Conditional composed resources (function-cel-filter) in the construct library: conditions built
// from the chart's own parameter handles, the filter step and its input, Optional patches with the
// presence of their sources in the condition, and rendering: feature off, on, and switched off.
import { App } from 'cdk8s';
import type { Construct } from 'constructs';
import { Alias, Key } from '../../../imports/kms.aws.upbound.io';
import { cel, ComposedResource, Condition, DomainChart, PackageChart, type ParameterRef, Schema, siblingSelector, when } from '../../../compositions';
import { packageFiles } from '../../../compositions/package/package-writer';
import { conditionalTemplate } from '../../../compositions/kernel/cel-filter';
import { PatchSet, fromComposite } from '../../../compositions/kernel/patches';
import { render, type RenderOutput } from '../../../renderer/render';
import { validatePackageObjects } from '../../../validator/package';
import type { JsonObject } from '../../../renderer/types';

const ALIAS_GUARD =
  'has(observed.composite.resource.spec) && has(observed.composite.resource.spec.parameters) && ' +
  'has(observed.composite.resource.spec.parameters.feature) && has(observed.composite.resource.spec.parameters.feature.alias)';

const REGION = 'has(observed.composite.resource.spec.parameters.region)';
const SUFFIX = 'has(observed.composite.resource.spec.parameters.environmentSuffix)';

/** A composite with a key that always exists and a key + alias that exist only while feature.alias is set. */
class FilteredChart extends DomainChart {
  public readonly feature: ParameterRef;

  public constructor(scope: Construct, id: string, build?: (chart: FilteredChart) => void) {
    super(scope, id, { kind: 'XTestFiltered', domain: 'testFiltered', description: 'A composite with an optional key.' });
    this.feature = this.parameter('feature', Schema.object('Switches the optional key on.', {
      alias: Schema.string('Alias of the optional key.', { maxLength: 64 }),
      rotate: Schema.boolean('Whether the optional key rotates.'),
      tier: Schema.string('Tier of the optional key.', { enum: ['basic', 'premium'] }),
      cidrs: Schema.array('CIDRs.', Schema.string('A CIDR.', { maxLength: 18 }), { maxItems: 3 }),
    }));
    new ComposedResource(this, { name: 'baseKey', kind: Key, forProvider: { description: 'always there' } });
    if (build) {
      build(this);
      return;
    }
    const enabled = Condition.has(this.feature.field('alias'));
    new ComposedResource(this, { name: 'featureKey', kind: Key, forProvider: { description: 'optional' } }).when(enabled);
    new ComposedResource(this, {
      name: 'featureAlias',
      kind: Alias,
      externalName: 'alias/${xr:spec.parameters.feature.alias}',
      forProvider: { targetKeyIdSelector: siblingSelector('featureKey') },
    }).when(enabled);
    this.deletedBefore('featureAlias', { uses: 'featureKey', reason: 'The alias names the key: it goes first' });
  }
}

function build(make: (app: App) => DomainChart = (app) => new FilteredChart(app, 'filtered')): { compositions: JsonObject[]; xrds: JsonObject[]; objects: JsonObject[] } {
  const app = new App();
  make(app);
  const objects = packageFiles(app).flatMap((f) => f.objects) as JsonObject[];
  return { objects, compositions: objects.filter((o) => o.kind === 'Composition'), xrds: objects.filter((o) => o.kind === 'CompositeResourceDefinition') };
}

const built = build();
const composition = built.compositions[0]!;
const pipeline = (composition.spec as JsonObject).pipeline as JsonObject[];
const ptInput = pipeline[0]!.input as JsonObject;
const template = (name: string) => (ptInput.resources as JsonObject[]).find((r) => r.name === name)!;

const xr = (feature?: JsonObject): JsonObject => ({
  apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XTestFiltered', metadata: { name: 'filtered' },
  spec: { parameters: { accountId: '111122223333', region: 'us-east-1', environmentSuffix: 'dev', ...(feature ? { feature } : {}) } },
});
const readyOf = (o: JsonObject) => ((o.status as JsonObject).conditions as JsonObject[]).find((c) => c.type === 'Ready');
const resourceNames = (out: RenderOutput) => out.resources.map((r) => ((r.metadata as JsonObject).annotations as JsonObject)['crossplane.io/composition-resource-name']).sort();

describe('the composition of a chart with conditional resources', () => {
  test('runs function-cel-filter between P&T and auto-ready', () => {
    expect(pipeline.map((s) => [s.step, (s.functionRef as JsonObject).name])).toEqual([
      ['patch-and-transform', 'crossplane-contrib-function-patch-and-transform'],
      ['cel-filter', 'crossplane-contrib-function-cel-filter'],
      ['auto-ready', 'crossplane-contrib-function-auto-ready'],
    ]);
  });

  test('filters each conditional resource, and the deletion order between them, by its condition', () => {
    expect(pipeline[1]!.input).toEqual({
      apiVersion: 'cel.fn.crossplane.io/v1beta1',
      kind: 'Filters',
      // The condition, then the presence of what the resource's patches required (region, the
      // suffix in the key's tags); the usage between the two has the same condition.
      filters: [
        { name: 'featureKey', expression: `(${ALIAS_GUARD}) && ${REGION} && ${SUFFIX}` },
        { name: 'featureAlias', expression: `(${ALIAS_GUARD}) && ${REGION}` },
        { name: 'featureAliasUsesFeatureKey', expression: ALIAS_GUARD },
      ],
    });
  });

  test('a conditional resource has its patch sets inlined and no Required patch; the others keep theirs', () => {
    const patches = (name: string) => template(name).patches as JsonObject[];
    expect(patches('featureKey').some((p) => p.type === 'PatchSet')).toBe(false);
    expect(patches('featureAlias').filter((p) => (p.policy as JsonObject | undefined)?.fromFieldPath === 'Required')).toEqual([]);
    // The alias's name and region were Required: now Optional, and their presence is part of the filter.
    expect(patches('featureAlias')).toContainEqual({
      type: 'CombineFromComposite',
      combine: { strategy: 'string', variables: [{ fromFieldPath: 'spec.parameters.environmentSuffix' }, { fromFieldPath: 'spec.parameters.feature.alias' }].slice(1), string: { fmt: 'alias/%v' } },
      toFieldPath: 'metadata.annotations[crossplane.io/external-name]',
    });
    expect(patches('featureAlias')).toContainEqual({ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.parameters.region', toFieldPath: 'spec.forProvider.region' });
    expect(patches('baseKey')).toContainEqual({ type: 'PatchSet', patchSetName: 'region' });
  });

  test('presence of the sources a conditional resource required joins its condition', () => {
    const set = new PatchSet('needs', [fromComposite('status.keyArn', 'spec.forProvider.keyArn', { required: true })]);
    const t = conditionalTemplate({ name: 'x', base: { apiVersion: 'v1', kind: 'X' }, patches: [{ type: 'PatchSet' as never, patchSetName: 'needs' }] }, [set], 'XTest');
    expect(t.template.patches).toEqual([{ type: 'FromCompositeFieldPath', fromFieldPath: 'status.keyArn', toFieldPath: 'spec.forProvider.keyArn' }]);
    expect(t.presence).toEqual(['has(observed.composite.resource.status)', 'has(observed.composite.resource.status.keyArn)']);
  });

  test('a chart without conditional resources keeps the two-step pipeline', () => {
    const plain = build((app) => new FilteredChart(app, 'plain', () => undefined)).compositions[0]!;
    expect(((plain.spec as JsonObject).pipeline as JsonObject[]).map((s) => s.step)).toEqual(['patch-and-transform', 'auto-ready']);
  });

  test('the package validation accepts it, and the lint catches a broken filter', () => {
    const objects = built.objects.map((o, i) => ({ file: `f${i}.yaml`, object: o as Record<string, any> }));
    expect(validatePackageObjects(objects).filter((p) => p.rule === 'cel-filter-lint')).toEqual([]);
    const broken = structuredClone(objects);
    const c = broken.find((o) => o.object.kind === 'Composition')!;
    c.object.spec.pipeline[1].input.filters[0].expression = 'observed.composite.resource.spec.parameters.feature';
    c.object.spec.pipeline[1].input.filters[1].name = 'featureKye';
    expect(validatePackageObjects(broken).filter((p) => p.rule === 'cel-filter-lint').map((p) => `${p.path}: ${p.message}`)).toEqual([
      '.spec.pipeline[1].input.filters[0].expression: fails every run: expression "observed.composite.resource.spec.parameters.feature" must return a boolean, but will return dyn instead',
      '.spec.pipeline[1].input.filters[1].name: matches no composed resource of this composition (composed: baseKey, featureKey, featureAlias, featureAliasUsesFeatureKey), so the filter never applies',
    ]);
  });

  test('the package depends on function-cel-filter only while some composition filters', () => {
    const deps = (withFilter: boolean): unknown[] => {
      const app = new App();
      const chart = new FilteredChart(app, 'd', withFilter ? undefined : () => undefined);
      const pkg = new PackageChart(app, 'pkg', [chart]);
      const config = pkg.toJson().find((o) => o.kind === 'Configuration') as JsonObject;
      return ((config.spec as JsonObject).dependsOn as JsonObject[]).filter((d) => d.kind === 'Function').map((d) => `${d.package} ${d.version}`);
    };
    expect(deps(true)).toEqual([
      'xpkg.crossplane.io/crossplane-contrib/function-patch-and-transform >=v0.10.8, <v1.0.0',
      'xpkg.crossplane.io/crossplane-contrib/function-auto-ready >=v0.7.0, <v1.0.0',
      'xpkg.crossplane.io/crossplane-contrib/function-cel-filter >=v0.2.0, <v1.0.0',
    ]);
    expect(deps(false)).not.toContainEqual(expect.stringContaining('function-cel-filter'));
  });
});

describe('rendering a conditional resource', () => {
  let on: RenderOutput;
  beforeAll(() => {
    on = render({ claimOrXr: xr({ alias: 'alias/feature-dev' }), ...built });
  });

  test('feature off: the conditional resources are absent and the composite is Ready', () => {
    const off = render({ claimOrXr: xr(), ...built });
    expect(off.problems).toEqual([]);
    expect(resourceNames(off)).toEqual(['baseKey']);
    expect(readyOf(off.composite)).toMatchObject({ status: 'True', reason: 'Available' });
  });

  test('feature on: they exist, with the values their patches required, and everything is Ready', () => {
    expect(on.problems).toEqual([]);
    expect(resourceNames(on)).toEqual(['baseKey', 'featureAlias', 'featureAliasUsesFeatureKey', 'featureKey']);
    const alias = on.resources.find((r) => r.kind === 'Alias')!;
    expect(((alias.metadata as JsonObject).annotations as JsonObject)['crossplane.io/external-name']).toBe('alias/alias/feature-dev');
    expect(((alias.spec as JsonObject).forProvider as JsonObject).region).toBe('us-east-1');
    expect(on.resources.map((r) => [r.kind, readyOf(r)?.status])).toEqual(on.resources.map((r) => [r.kind, 'True']));
    expect(readyOf(on.composite)).toMatchObject({ status: 'True' });
  });

  test('switched off: the next reconcile deletes them and the composite stays Ready', () => {
    const still = render({ claimOrXr: xr({ alias: 'alias/feature-dev' }), ...built, observed: on.resources, singlePass: true });
    expect(resourceNames(still)).toEqual(['baseKey', 'featureAlias', 'featureAliasUsesFeatureKey', 'featureKey']);
    const off = render({ claimOrXr: xr(), ...built, observed: on.resources, singlePass: true });
    expect(off.results.filter((r) => r.severity === 'Fatal')).toEqual([]);
    expect(resourceNames(off)).toEqual(['baseKey']);
    expect(readyOf(off.composite)).toMatchObject({ status: 'True', reason: 'Available' });
  });

  test('why the patches are made Optional: one Required patch left in keeps the composite un-Ready while the feature is off', () => {
    const withRequired = structuredClone(built);
    const c = withRequired.compositions[0]!;
    const input = ((c.spec as JsonObject).pipeline as JsonObject[])[0]!.input as JsonObject;
    const alias = (input.resources as JsonObject[]).find((r) => r.name === 'featureAlias')!;
    (alias.patches as JsonObject[]).push({ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.parameters.feature.alias', toFieldPath: 'metadata.labels[alias]', policy: { fromFieldPath: 'Required' } });
    const out = render({ claimOrXr: xr(), ...withRequired });
    // P&T held the alias back and marked the composite not Ready (PR #137); the filter cannot undo that.
    expect(resourceNames(out)).toEqual(['baseKey']);
    expect(readyOf(out.composite)).toMatchObject({ status: 'False', reason: 'Creating' });
  });

  test('a feature object without its alias counts as off (every level of the path is tested)', () => {
    const out = render({ claimOrXr: xr({ rotate: true }), ...built });
    expect(out.problems).toEqual([]);
    expect(resourceNames(out)).toEqual(['baseKey']);
  });
});

describe('conditions are built from the chart\'s own parameters', () => {
  const chartWith = (f: (c: FilteredChart) => void) => () => build((app) => new FilteredChart(app, 'c', f));
  const keyWhen = (c: FilteredChart, condition: Condition) => new ComposedResource(c, { name: 'k', kind: Key, forProvider: {} }).when(condition);

  test('builders produce guarded expressions the function accepts', () => {
    const c = new FilteredChart(new App(), 'x', () => undefined);
    const p = 'observed.composite.resource.spec.parameters.feature';
    const guard = `has(observed.composite.resource.spec) && has(observed.composite.resource.spec.parameters) && has(${p})`;
    expect(Condition.isTrue(c.feature.field('rotate')).expression).toBe(`${guard} && has(${p}.rotate) && ${p}.rotate == true`);
    expect(Condition.oneOf(c.feature.field('tier'), ['premium']).expression).toBe(`${guard} && has(${p}.tier) && ${p}.tier in ["premium"]`);
    expect(Condition.has(c.feature.field('cidrs').item(2)).expression).toBe(`${guard} && has(${p}.cidrs) && size(${p}.cidrs) > 2`);
    expect(cel`${c.feature.field('tier')}.startsWith(${'prem'})`.expression).toBe(`${guard} && has(${p}.tier) && (${p}.tier.startsWith("prem"))`);
    expect(Condition.not(Condition.has(c.feature)).expression).toBe(`!(${guard})`);
  });

  test('a path the schema does not declare fails at synth', () => {
    const c = new FilteredChart(new App(), 'x', () => undefined);
    expect(() => c.feature.field('aliass')).toThrow("spec.parameters.feature has no field 'aliass' (declared: alias, rotate, tier, cidrs)");
    expect(() => c.feature.field('cidrs').item(3)).toThrow('spec.parameters.feature.cidrs holds at most 3 elements: element 3 can never be set');
    expect(() => c.feature.field('alias').field('x')).toThrow("spec.parameters.feature.alias is a string with no properties: it has no field 'x'");
    expect(() => Condition.equals(c.feature.field('tier'), 'gold')).toThrow('spec.parameters.feature.tier is one of "basic", "premium": it is never "gold"');
    expect(() => Condition.isTrue(c.feature.field('alias'))).toThrow('spec.parameters.feature.alias is a string: it is never true');
  });

  test('only parameter handles are accepted (a string path does not type-check)', () => {
    // @ts-expect-error a condition cannot be built from a bare string path
    expect(() => Condition.has('spec.parameters.feature')).toThrow();
  });

  test('a condition on another composite\'s parameter fails synth', () => {
    const other = new FilteredChart(new App(), 'other', () => undefined);
    expect(chartWith((c) => keyWhen(c, Condition.has(other.feature)))).toThrow(
      "XTestFiltered: composed resource 'k' is conditional on spec.parameters.feature, a parameter declared by another composite (use this composite's own parameter handle)",
    );
  });

  test('a cel`` condition the function would refuse fails where it is written, in one line', () => {
    const c = new FilteredChart(new App(), 'x', () => undefined);
    const alias = 'observed.composite.resource.spec.parameters.feature.alias';
    expect(() => cel`${c.feature.field('alias')}.lowerAscii() == "x"`).toThrow(
      new Error(`cel\`${alias}.lowerAscii() == "x"\`: cannot type-check expression: ERROR: <input>:1:69: undeclared reference to 'lowerAscii' (in container '')`),
    );
    // Behind the guards' && a dyn would type-check, then fail every run where the field is set.
    expect(() => cel`${c.feature.field('alias')}`).toThrow(new Error(`cel\`${alias}\`: expression "${alias}" must return a boolean, but will return dyn instead`));
  });

  test('a composition whose filter input the function would refuse fails synth, naming the resource', () => {
    // Only a hand-made Condition can get here: builders and cel`` are checked when they are made.
    const forged = { expression: 'features.enabled == true', reads: [] } as unknown as Condition;
    expect(chartWith((c) => keyWhen(c, forged))).toThrow(
      "XTestFiltered: condition of resource 'k': fails every run: cannot type-check expression: ERROR: <input>:1:2: undeclared reference to 'features' (in container '') " +
        '(expression: (features.enabled == true) && has(observed.composite.resource.spec) && has(observed.composite.resource.spec.parameters) && ' +
        'has(observed.composite.resource.spec.parameters.region) && has(observed.composite.resource.spec.parameters.environmentSuffix))',
    );
  });

  test('a resource takes one condition', () => {
    const c = new FilteredChart(new App(), 'x', () => undefined);
    const r = new ComposedResource(c, { name: 'k', kind: Key, forProvider: {} }).when(Condition.has(c.feature));
    expect(() => when(r, Condition.has(c.feature))).toThrow("composed resource 'k' already has a condition; combine them with Condition.and");
  });
});
