// The example claims rendered through the real package (dist/): convergence, readiness, reference
// integrity and the claim's status. Domain-specific facts live in test/charts/*.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { render } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';
import { getValue, isNotFound } from '../../renderer/crossplane/fieldpath';
import { Validator, formatProblem } from '../../validator/validate';
import { EXAMPLE_CLAIMS, loadYaml, packageApis, renderExample } from '../support/render-example';
import { boundAccount, namespaceOf } from '../support/onboarding';

interface Reference {
  field: string;
  multiple: boolean;
  target: { apiVersion: string; kind: string };
  extractor: { from: string };
  forProvider: { path: string };
}
const references = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'imports', 'references.json'), 'utf8')).kinds as Record<
  string, { versions: Record<string, { references: Reference[] }> }
>;
const kindKey = (o: JsonObject): string => `${o.kind}.${String(o.apiVersion).split('/')[0]}`;
const valueAt = (o: JsonObject, p: string): unknown => {
  try { return getValue(o, p); } catch (e) { if (isNotFound(e)) return undefined; throw e; }
};

describe.each(['dev-claim', 'prod-claim', 'lending-claim', 'private-api'] as const)('%s rendered through dist/', (name) => {
  test('converges with no problem of any kind, in a reported number of passes', () => {
    const out = renderExample(name);
    expect(out.problems.map((p) => `${p.kind}: ${p.object}: ${p.message}`)).toEqual([]);
    expect(out.converged).toBe(true);
    expect(out.passes).toBeGreaterThan(1);
    expect(out.passes).toBeLessThan(25);
  });

  test('the claim and every composed resource end Ready, each with the pass it became Ready', () => {
    const out = renderExample(name);
    const readyCondition = (o: JsonObject) => ((o.status as JsonObject | undefined)?.conditions as JsonObject[] | undefined)?.find((c) => c.type === 'Ready')?.status;
    expect(readyCondition(out.claim!)).toBe('True');
    // ProviderConfigs have no Ready condition; their templates use a `None` readiness check.
    for (const r of out.resources.filter((x) => x.kind !== 'ProviderConfig')) {
      const n = String((r.metadata as JsonObject).name);
      expect({ n, ready: readyCondition(r), pass: typeof out.readyAtPass[n] }).toEqual({ n, ready: 'True', pass: 'number' });
    }
  });

  test('every composed resource validates against its CRD or XRD (schema + CEL)', () => {
    const validator = Validator.fromBundle();
    for (const x of packageApis().xrds) validator.addXrd(x);
    const problems = renderExample(name).resources.flatMap((r) => validator.validate(r).map(formatProblem));
    expect(problems).toEqual([]);
  });

  test('every reference resolves, to a resource of the kind the provider expects', () => {
    const out = renderExample(name);
    let checked = 0;
    for (const r of out.resources) {
      const version = String(r.apiVersion).split('/')[1]!;
      for (const ref of references[kindKey(r)]?.versions[version]?.references ?? []) {
        if (ref.field.includes('[*]')) continue; // array-element references are covered by the provider tests
        const selector = valueAt(r, ref.forProvider.path.replace(/([^.]+)$/, `$1${ref.multiple ? 'Selector' : 'Selector'}`)) ?? valueAt(r, `${ref.forProvider.path}Ref`);
        if (selector === undefined) continue;
        const resolved = valueAt(r, ref.forProvider.path);
        const targets = out.resources.filter((t) => t.kind === ref.target.kind && String(t.apiVersion).split('/')[0] === ref.target.apiVersion.split('/')[0]);
        const values = targets.map((t) => valueAt(t, ref.extractor.from));
        const wanted = ref.multiple ? (resolved as unknown[]) : [resolved];
        expect({ resource: (r.metadata as JsonObject).name, field: ref.field, resolved: wanted.every((v) => v !== undefined && values.includes(v)) })
          .toEqual({ resource: (r.metadata as JsonObject).name, field: ref.field, resolved: true });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

});

describe.each(['dev-claim', 'prod-claim'] as const)('%s status', (name) => {
  test('the claim status carries every KMS key ARN of the account and region its namespace is bound to', () => {
    const { accountId, region } = boundAccount(namespaceOf(loadYaml(EXAMPLE_CLAIMS[name])));
    const status = (renderExample(name).claim!.status as JsonObject).encryption as JsonObject;
    for (const purpose of ['logs', 'audit', 'data', 'messaging']) {
      expect(status[`${purpose}KeyArn`]).toMatch(new RegExp(`^arn:aws:kms:${String(region)}:${String(accountId)}:key/`));
    }
  });
});

describe('render errors are specific', () => {
  // An encryption composite on its own renders in a fraction of the whole claim's time.
  const claim: JsonObject = {
    apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XEncryption', metadata: { name: 'encryption-dev' },
    spec: { parameters: { accountId: '111122223333', region: 'eu-west-1', environmentSuffix: 'dev' } },
  };

  function withEncryptionComposition(edit: (resources: JsonObject[]) => void): JsonObject[] {
    const { compositions } = packageApis();
    return compositions.map((c) => {
      if ((c.metadata as JsonObject).name !== 'xencryptions.aws.zerotrust.io') return c;
      const copy = JSON.parse(JSON.stringify(c)) as JsonObject;
      edit((((copy.spec as JsonObject).pipeline as JsonObject[])[0]!.input as JsonObject).resources as JsonObject[]);
      return copy;
    });
  }

  test('a transform that cannot resolve fails the composite run with the upstream message', () => {
    const compositions = withEncryptionComposition((resources) => {
      (resources[0]!.patches as JsonObject[]).push({
        type: 'FromCompositeFieldPath', fromFieldPath: 'spec.parameters.region', toFieldPath: 'spec.forProvider.description',
        transforms: [{ type: 'map', map: { 'us-east-1': 'virginia' } }],
      });
    });
    const out = render({ claimOrXr: claim, compositions, xrds: packageApis().xrds, maxPasses: 4 });
    expect(out.problems.map((p) => p.message)).toContainEqual(expect.stringContaining('map transform could not resolve: key eu-west-1 is not found in map'));
  });

  test('a composed resource missing a required field is reported by the schema check', () => {
    const compositions = withEncryptionComposition((resources) => {
      const alias = resources.find((r) => r.name === 'logsKeyAlias')!;
      alias.patches = (alias.patches as JsonObject[]).filter((p) => p.patchSetName !== 'region');
    });
    const out = render({ claimOrXr: claim, compositions, xrds: packageApis().xrds, maxPasses: 6 });
    expect(out.problems.filter((p) => p.kind === 'schema').map((p) => p.message)).toContainEqual(
      expect.stringContaining(".spec.forProvider: must have required property 'region' [required]"),
    );
  });

  test('an ambiguous selector names both ends and the candidates', () => {
    const compositions = withEncryptionComposition((resources) => {
      const alias = resources.find((r) => r.name === 'logsKeyAlias')!;
      ((alias.base as JsonObject).spec as JsonObject).forProvider = { targetKeyIdSelector: { matchControllerRef: true } };
    });
    const out = render({ claimOrXr: claim, compositions, xrds: packageApis().xrds, maxPasses: 6 });
    const reference = out.problems.filter((p) => p.kind === 'reference').map((p) => p.message);
    expect(reference.some((m) => m.includes('targetKeyIdSelector') && m.includes('Key') && /ambiguous|matches \d+/.test(m))).toBe(true);
  });
});
