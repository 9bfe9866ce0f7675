// dist/ is what Argo CD syncs and what `crossplane xpkg build` packages: it must be exactly what the
// charts synthesize, and every object in it must be valid against the real upstream CRDs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { Chart } from 'cdk8s';
import { buildPackage } from '../../charts';
import { packageFiles, toYaml, writeFiles } from '../../compositions/package/package-writer';
import { formatProblem } from '../../validator/validate';
import { type PackageObject, packageMetadataProblems, readPackage, validatePackage } from '../../validator/package';
import { awsCrds } from '../../scripts/import-manifest';
import { testedVersionOf } from '../../compositions/package/tested-versions';
import { snapshotTestName } from '../support/chart-snapshot';
import { CROSSPLANE_RELEASES, crossplaneCompatibility, resolveDependencyVersion } from '../../validator/package-rules';

const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist');

/** The function-patch-and-transform input of a Composition (whatever step it is). */
function ptInput(composition: Record<string, any>): { resources: Record<string, any>[] } | undefined {
  return (composition.spec.pipeline as Record<string, any>[]).find((s) => s.functionRef.name === 'crossplane-contrib-function-patch-and-transform')?.input;
}

// Synthesized once per file: each buildPackage() + packageFiles() costs seconds.
const app = buildPackage();
const synthesized = packageFiles(app);

describe('dist/', () => {
  test('equals what synth produces (no drift: run `npm run synth` and commit dist/)', () => {
    const onDisk = fs.readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml')).sort();
    expect(onDisk).toEqual(synthesized.map((f) => f.path).sort());
    for (const f of synthesized) {
      expect({ file: f.path, content: fs.readFileSync(path.join(dist, f.path), 'utf8') }).toEqual({ file: f.path, content: toYaml(f.objects) });
    }
  });

  test('is a package root: crossplane.yaml, mrap.yaml and definition + composition per XRD', () => {
    const files = readPackage(dist);
    const xrds = files.filter((f) => f.object.kind === 'CompositeResourceDefinition');
    expect(xrds.length).toBeGreaterThanOrEqual(2);
    for (const x of xrds) {
      expect(x.file).toBe(`apis/${x.object.spec.names.plural}/definition.yaml`);
      const composition = files.find((f) => f.file === `apis/${x.object.spec.names.plural}/composition.yaml`);
      expect(composition?.object.spec.compositeTypeRef).toEqual({ apiVersion: `${x.object.spec.group}/v1alpha1`, kind: x.object.spec.names.kind });
      expect(x.object.apiVersion).toBe('apiextensions.crossplane.io/v1');
      expect(x.object.spec.scope).toBe('LegacyCluster');
    }
    expect(files.find((f) => f.file === 'crossplane.yaml')?.object.kind).toBe('Configuration');
    expect(files.find((f) => f.file === 'mrap.yaml')?.object.kind).toBe('ManagedResourceActivationPolicy');
  });

  test('the claims offered: ZeroTrustAccount, SecureBucket and PrivateApi', () => {
    const claims = readPackage(dist).filter((f) => f.object.spec?.claimNames).map((f) => [f.object.spec.names.kind, f.object.spec.claimNames.kind]);
    expect(claims.sort()).toEqual([['XPrivateApi', 'PrivateApi'], ['XSecureBucket', 'SecureBucket'], ['XZeroTrustAccount', 'ZeroTrustAccount']]);
  });

  test('every object, composition input and composed base validates against its CRD (schema + CEL) and the P&T lint', () => {
    const problems = validatePackage(dist);
    expect(problems.map(formatProblem)).toEqual([]);
  });

  test('every composition is a Pipeline: a claim\'s first selects its account binding, then patch-and-transform, function-cel-filter where a resource is conditional, auto-ready last (a disabled variant: auto-ready only)', () => {
    const objects = readPackage(dist);
    const claimComposites = new Set(objects.filter((o) => o.object.spec?.claimNames).map((o) => o.object.spec.names.kind as string));
    const conditional: string[] = [];
    for (const f of objects.filter((o) => o.object.kind === 'Composition')) {
      expect(f.object.spec.mode).toBe('Pipeline');
      const disabled = f.object.metadata.labels?.['zerotrust.io/variant'] === 'disabled';
      const binds = claimComposites.has(f.object.spec.compositeTypeRef.kind);
      // Conditional resources: the filter step names only resources the P&T step composes.
      const filters = (f.object.spec.pipeline.find((s: { step: string }) => s.step === 'cel-filter')?.input?.filters ?? []) as { name: string }[];
      const composed = new Set((ptInput(f.object)?.resources ?? []).map((r) => String(r.name)));
      expect(filters.filter((x) => !composed.has(x.name))).toEqual([]);
      if (filters.length > 0) conditional.push(f.file);
      expect({ file: f.file, steps: f.object.spec.pipeline.map((s: { functionRef: { name: string } }) => s.functionRef.name) }).toEqual({
        file: f.file,
        steps: disabled
          ? ['crossplane-contrib-function-auto-ready']
          : [
            ...(binds ? ['crossplane-contrib-function-environment-configs'] : []), 'crossplane-contrib-function-patch-and-transform',
            ...(filters.length > 0 ? ['crossplane-contrib-function-cel-filter'] : []), 'crossplane-contrib-function-auto-ready',
          ],
      });
      expect(f.file.endsWith('composition-disabled.yaml')).toBe(disabled);
    }
    expect([...claimComposites].sort()).toEqual(['XPrivateApi', 'XSecureBucket', 'XZeroTrustAccount']);
    // Conditional compositions exist (region slots, optional features, created-after-observed); which
    // ones follows from the charts (the step check above holds for each), so it is not pinned here.
    expect(conditional.length).toBeGreaterThan(0);
  });

  test('every composed managed resource is destroyable: deletionPolicy Delete unless observe-only; only the Session Manager preferences are kept by design', () => {
    const retained: string[] = [];
    for (const f of readPackage(dist).filter((o) => o.object.kind === 'Composition' && ptInput(o.object))) {
      for (const r of ptInput(f.object)!.resources) {
        if (!String(r.base.apiVersion).includes('.aws.upbound.io')) continue;
        const policies = r.base.spec.managementPolicies as string[] | undefined;
        if (policies && !policies.includes('Delete') && !policies.includes('*') && JSON.stringify(policies) !== '["Observe"]') retained.push(r.name);
        const observeOnly = JSON.stringify(r.base.spec.managementPolicies) === '["Observe"]';
        expect({ resource: r.name, deletionPolicy: observeOnly ? 'Observe' : r.base.spec.deletionPolicy }).toEqual({
          resource: r.name,
          deletionPolicy: observeOnly ? 'Observe' : 'Delete',
        });
      }
    }
    // Issue 13 item 3: AWS's per-account singleton that the console creates survives teardown (IMPLEMENTATION.md).
    expect([...new Set(retained)]).toEqual(['sessionPreferences']);
  });

  test('the MRAP activates exactly the managed kinds the compositions compose, and imports/ holds exactly those AWS kinds', () => {
    const objects = readPackage(dist);
    const composed = new Set<string>();
    for (const f of objects.filter((o) => o.object.kind === 'Composition' && ptInput(o.object))) {
      for (const r of ptInput(f.object)!.resources) {
        const [group] = String(r.base.apiVersion).split('/');
        if ((group!.endsWith('.aws.upbound.io') || group === 'tf.upbound.io') && r.base.kind !== 'ProviderConfig') composed.add(`${group}/${r.base.kind}`);
      }
    }
    const bundle = JSON.parse(fs.readFileSync(path.join(root, 'imports', 'schemas.json'), 'utf8')).kinds as Record<string, { plural: string; group: string; kind: string }>;
    const crdNameOf = (gk: string): string => {
      const [group, kind] = gk.split('/');
      const e = Object.values(bundle).find((b) => b.group === group && b.kind === kind);
      if (!e) throw new Error(`${gk} is composed but not imported`);
      return `${e.plural}.${group}`;
    };
    const mrap = objects.find((o) => o.object.kind === 'ManagedResourceActivationPolicy')!.object;
    expect(mrap.spec.activate).toEqual([...composed].map(crdNameOf).sort());
    const importedAws = awsCrds.map((f) => path.basename(f, '.yaml').replace(/^([^_]+)_(.+)$/, '$2.$1'));
    expect(importedAws.sort()).toEqual([...composed].map(crdNameOf).filter((n) => n.endsWith('.aws.upbound.io')).sort());
  });

  test('crossplane.yaml depends on each provider family used, the four functions, and constrains Crossplane', () => {
    const config = readPackage(dist).find((o) => o.file === 'crossplane.yaml')!.object;
    const mrap = readPackage(dist).find((o) => o.file === 'mrap.yaml')!.object;
    const services = [...new Set((mrap.spec.activate as string[]).filter((n) => n.endsWith('.aws.upbound.io')).map((n) => n.split('.')[1]))].sort();
    const providers = config.spec.dependsOn.filter((d: { kind: string }) => d.kind === 'Provider');
    const aws = providers.filter((d: { package: string }) => d.package.includes('/provider-aws-'));
    expect(aws.map((d: { package: string }) => d.package)).toEqual(services.map((s) => `xpkg.crossplane.io/crossplane-contrib/provider-aws-${s}`));
    expect(aws.every((d: { version: string }) => d.version === '>=v2.6.0, <v3.0.0')).toBe(true);
    // provider-terraform exactly when a Workspace is composed (the provider-gap fallback).
    const usesWorkspaces = (mrap.spec.activate as string[]).includes('workspaces.tf.upbound.io');
    expect(providers.filter((d: { package: string }) => d.package.endsWith('/provider-terraform'))).toEqual(
      usesWorkspaces ? [{ apiVersion: 'pkg.crossplane.io/v1', kind: 'Provider', package: 'xpkg.crossplane.io/crossplane-contrib/provider-terraform', version: '>=v1.1.1, <v2.0.0' }] : [],
    );
    expect(config.spec.dependsOn.filter((d: { kind: string }) => d.kind === 'Function').map((d: { package: string; version: string }) => [d.package, d.version])).toEqual([
      ['xpkg.crossplane.io/crossplane-contrib/function-environment-configs', '>=v0.7.1, <v1.0.0'],
      ['xpkg.crossplane.io/crossplane-contrib/function-patch-and-transform', '>=v0.10.8, <v1.0.0'],
      ['xpkg.crossplane.io/crossplane-contrib/function-auto-ready', '>=v0.7.0, <v1.0.0'],
      // Conditional resources: region slots, the us-east-1 forwarder, organization guardrail target slots, BYOK keys.
      ['xpkg.crossplane.io/crossplane-contrib/function-cel-filter', '>=v0.2.0, <v1.0.0'],
    ]);
    expect(config.spec.crossplane.version).toBe('>=v2.0.3-0, !=v2.1.0-rc.0, <v3.0.0-0');
  });

  test('crossplane.version admits exactly the releases whose Configuration linter accepts every kind in dist/, and their pre-release builds', () => {
    const objects = readPackage(dist);
    const constraint = objects.find((o) => o.file === 'crossplane.yaml')!.object.spec.crossplane.version as string;
    const kinds = objects.filter((o) => o.file !== 'crossplane.yaml').map((o) => `${o.object.apiVersion}/${o.object.kind}`);
    expect(new Set(kinds)).toContain('apiextensions.crossplane.io/v1alpha1/ManagedResourceActivationPolicy');
    const rows = CROSSPLANE_RELEASES.map((r) => {
      const admitted = crossplaneCompatibility(constraint, r.version, r.versionCheckSemver).compatible;
      const build = r.version.includes('-') ? admitted : crossplaneCompatibility(constraint, `${r.version}-up.1`, r.versionCheckSemver).compatible;
      return { version: r.version, admitted, build };
    });
    const expected = CROSSPLANE_RELEASES.map((r) => {
      const accepts = kinds.every((k) => r.configurationKinds.some((c) => `${c.apiVersion}/${c.kind}` === k));
      return { version: r.version, admitted: accepts, build: accepts };
    });
    expect(rows).toEqual(expected);
    expect(rows.filter((r) => r.admitted).map((r) => r.version).slice(0, 8)).toEqual(['v2.0.3', 'v2.0.4', 'v2.0.5', 'v2.0.6', 'v2.0.7', 'v2.0.8', 'v2.1.0-rc.1', 'v2.1.0']);
  });

  test('every dependsOn installs within the tested major on every Crossplane resolver, never the next major', () => {
    const config = readPackage(dist).find((o) => o.file === 'crossplane.yaml')!.object;
    for (const d of config.spec.dependsOn as { package: string; version: string }[]) {
      const tested = testedVersionOf(d.package)!;
      const [major, minor] = tested.slice(1).split('.').map(Number) as [number, number];
      // What a registry could list: the tested release, a later minor, an incomplete tag and the next major.
      const tags = [tested, `v${major}.${minor + 1}.0`, `v${major + 1}`, `v${major + 1}.0.0-rc.1`, `v${major + 1}.0.0`];
      for (const r of CROSSPLANE_RELEASES.filter((x) => x.version.startsWith('v2.'))) {
        const installed = resolveDependencyVersion(d.version, tags, { dialect: r.resolverSemver, skipIncompleteTags: r.resolverSkipsIncompleteTags });
        expect({ package: d.package, crossplane: r.version, installed }).toEqual({ package: d.package, crossplane: r.version, installed: `v${major}.${minor + 1}.0` });
      }
    }
  });

  test('every chart of the package has its committed synth snapshot (in its own test file), and no snapshot names a chart it lacks', () => {
    // The per-chart snapshots replace one whole-dist/ snapshot; a new chart's test file takes its snapshot.
    const charts = app.node.children.filter((c) => Chart.isChart(c)).map((c) => c.node.id);
    const snapshotted = fs.readdirSync(path.join(root, 'test'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.test.ts.snap'))
      .flatMap((f) => [...fs.readFileSync(path.join(root, 'test', f), 'utf8').matchAll(/^exports\[`(synth of chart .+) 1`\]/gm)].map((m) => m[1]!));
    expect(snapshotted.sort()).toEqual(charts.map(snapshotTestName).sort());
  });
});

describe('package validation catches a corrupted copy of dist/', () => {
  // The synthesized package is written once (what writePackage writes, without synthesizing it
  // again); each test corrupts a fresh copy of it.
  let pristine: string;
  let copy: string;
  beforeAll(() => {
    pristine = fs.mkdtempSync(path.join(os.tmpdir(), 'zta-dist-pristine-'));
    writeFiles(synthesized, pristine);
  });
  afterAll(() => fs.rmSync(pristine, { recursive: true, force: true }));
  beforeEach(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'zta-dist-'));
    fs.cpSync(pristine, copy, { recursive: true });
  });
  afterEach(() => fs.rmSync(copy, { recursive: true, force: true }));

  function corrupt(file: string, edit: (objects: Record<string, any>[]) => void): void {
    const target = path.join(copy, file);
    const objects = YAML.parseAllDocuments(fs.readFileSync(target, 'utf8')).map((d) => d.toJS());
    edit(objects);
    fs.writeFileSync(target, objects.map((o) => YAML.stringify(o)).join('---\n'));
  }

  test('the pristine copy is valid', () => {
    expect(validatePackage(copy).map(formatProblem)).toEqual([]);
  });

  test('a Composition without a pipeline fails its CEL rule', () => {
    corrupt('apis/xencryptions/composition.yaml', ([c]) => { delete c!.spec.pipeline; });
    const problems = validatePackage(copy).map(formatProblem);
    expect(problems.some((p) => p.startsWith('apis/xencryptions/composition.yaml: Composition/xencryptions.aws.zerotrust.io:') && p.includes('cel'))).toBe(true);
  });

  test('an XRD with an unknown scope is rejected by the enum', () => {
    corrupt('apis/xencryptions/definition.yaml', ([x]) => { x!.spec.scope = 'Global'; });
    const problems = validatePackage(copy);
    expect(problems).toContainEqual(expect.objectContaining({ file: 'apis/xencryptions/definition.yaml', path: '.spec.scope', rule: 'enum' }));
  });

  test('a typo in a composed base is an unknown field of the provider CRD', () => {
    corrupt('apis/xencryptions/composition.yaml', ([c]) => {
      c!.spec.pipeline[0].input.resources[0].base.spec.forProvider.enableKeyRotaton = true;
    });
    const problems = validatePackage(copy);
    expect(problems).toContainEqual(expect.objectContaining({ path: '.spec.forProvider.enableKeyRotaton', rule: 'additionalProperties' }));
  });

  test('a wrong type in a composed base is reported with its path', () => {
    corrupt('apis/xencryptions/composition.yaml', ([c]) => {
      c!.spec.pipeline[0].input.resources[0].base.spec.forProvider.deletionWindowInDays = 'seven';
    });
    expect(validatePackage(copy)).toContainEqual(expect.objectContaining({ path: '.spec.forProvider.deletionWindowInDays', rule: 'type' }));
  });

  test('a Crossplane constraint that admits v2.0.0 fails the whole package with a one-line reason', () => {
    corrupt('crossplane.yaml', ([c]) => { c!.spec.crossplane.version = '>=v2.0.0'; });
    const problems = validatePackage(copy).map(formatProblem);
    expect(problems.every((p) => p.startsWith('crossplane.yaml: Configuration/zero-trust-platform: .spec.crossplane.version: ') && p.endsWith(' [package-metadata]'))).toBe(true);
    expect(problems).toContain(
      'crossplane.yaml: Configuration/zero-trust-platform: .spec.crossplane.version: ">=v2.0.0" admits Crossplane v2.0.0, v2.0.1, v2.0.2, whose Configuration linter refuses ManagedResourceActivationPolicy (apiextensions.crossplane.io/v1alpha1, mrap.yaml) ("linting package contents failed"); the earliest release that accepts every kind in this package is v2.0.3 [package-metadata]',
    );
  });

  test('an XRD whose generated CRD the API server would refuse is reported by CRD admission', () => {
    corrupt('apis/xencryptions/definition.yaml', ([x]) => {
      x!.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.parameters.properties.aliases = { type: 'array', items: { type: 'string' }, uniqueItems: true };
    });
    expect(validatePackage(copy).map(formatProblem)).toEqual([
      'apis/xencryptions/definition.yaml: CompositeResourceDefinition/xencryptions.aws.zerotrust.io: CRD xencryptions.aws.zerotrust.io: spec.validation.openAPIV3Schema.properties[spec].properties[parameters].properties[aliases].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic [crd-admission: FieldValueForbidden]',
    ]);
  });

  test('a string transform without its type is caught by the P&T lint', () => {
    corrupt('apis/xencryptions/composition.yaml', ([c]) => {
      const withPatch = c!.spec.pipeline[0].input.resources[0];
      withPatch.patches.push({ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.parameters.region', toFieldPath: 'spec.forProvider.description', transforms: [{ type: 'string', string: { fmt: '%s' } }] });
    });
    expect(validatePackage(copy).some((p) => p.rule === 'pt-lint' && /string\.type|type/.test(p.message))).toBe(true);
  });
});

describe('package metadata rules on copies of dist/ objects (crossplane.yaml edited in memory)', () => {
  const objects = readPackage(dist);
  const withConfiguration = (edit: (c: Record<string, any>) => void): PackageObject[] =>
    objects.map((o) => {
      if (o.file !== 'crossplane.yaml') return o;
      const c = structuredClone(o.object);
      edit(c);
      return { file: o.file, object: c };
    });

  test('the shipped crossplane.yaml passes', () => {
    expect(packageMetadataProblems(objects)).toEqual([]);
  });

  test.each([
    ['>=v2.0.0', '">=v2.0.0" admits Crossplane v2.0.0, v2.0.1, v2.0.2, whose Configuration linter refuses ManagedResourceActivationPolicy (apiextensions.crossplane.io/v1alpha1, mrap.yaml)'],
    ['>=v2.6.0', '">=v2.6.0" admits none of the Crossplane releases the package is checked against (v1.0.1 to v2.4.0-rc.0)'],
    ['>=v2.1.0', '">=v2.1.0" refuses pre-release builds of releases it admits, such as v2.1.0-up.1, v2.1.1-up.1 and 17 more (Masterminds semver v1.5.0: 2.1.0-up.1 is a prerelease version'],
  ])('spec.crossplane.version %s fails with a one-line reason', (version, reason) => {
    const problems = packageMetadataProblems(withConfiguration((c) => { c.spec.crossplane.version = version; })).map(formatProblem);
    expect(problems.every((p) => p.startsWith('crossplane.yaml: Configuration/zero-trust-platform: .spec.crossplane.version: "') && !p.includes('\n') && p.endsWith(' [package-metadata]'))).toBe(true);
    expect(problems.filter((p) => p.includes(reason))).toHaveLength(1);
  });

  test('an unbounded or untested dependsOn version fails', () => {
    const edited = withConfiguration((c) => {
      c.spec.dependsOn[0].version = '>=v2.6.0';
      c.spec.dependsOn.push({ apiVersion: 'pkg.crossplane.io/v1', kind: 'Provider', package: 'xpkg.example.org/acme/provider-x', version: '>=v1.0.0, <v2.0.0' });
    });
    const last = edited.find((o) => o.file === 'crossplane.yaml')!.object.spec.dependsOn.length - 1;
    expect(packageMetadataProblems(edited).map(formatProblem)).toEqual([
      'crossplane.yaml: Configuration/zero-trust-platform: .spec.dependsOn[0].version: ">=v2.6.0" admits v3.0.0: a fresh install could resolve to the next major; bound it, e.g. >=v2.6.0, <v3.0.0 [package-metadata]',
      `crossplane.yaml: Configuration/zero-trust-platform: .spec.dependsOn[${last}].version: no tested version is recorded for xpkg.example.org/acme/provider-x: add it to compositions/package/tested-versions.ts [package-metadata]`,
    ]);
  });

  test('the package kinds come from the objects: without mrap.yaml, v2.0.0 would be admissible', () => {
    const withoutMrap = withConfiguration((c) => { c.spec.crossplane.version = '>=v2.0.0-0, <v3.0.0-0'; }).filter((o) => o.file !== 'mrap.yaml');
    expect(packageMetadataProblems(withoutMrap)).toEqual([]);
  });
});
