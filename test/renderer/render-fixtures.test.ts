// Renders the YAML fixtures through the real function emulations (P&T + auto-ready).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { JsonObject } from '../../renderer/types';
import { render } from '../../renderer/render';

const FIXTURES = join(__dirname, '..', 'fixtures', 'renderer');
const load = (f: string): JsonObject[] => parseAllDocuments(readFileSync(join(FIXTURES, f), 'utf8')).map((d) => d.toJS() as JsonObject);
const meta = (o: JsonObject) => o.metadata as JsonObject;
const byResource = (objs: JsonObject[], n: string) => objs.find((o) => (meta(o).annotations as JsonObject)['crossplane.io/composition-resource-name'] === n)!;

describe('keyed bucket claim (kms Key + Alias, s3 Bucket + BucketPolicy)', () => {
  const out = render({
    claimOrXr: load('keyed-bucket.claim.yaml')[0]!,
    compositions: load('keyed-bucket.composition.yaml'),
    xrds: load('keyed-bucket.xrd.yaml'),
    accountId: '444455556666',
    region: 'eu-central-1',
    validator: null,
  });

  it('converges in 3 passes with everything ready', () => {
    expect(out.problems).toEqual([]);
    expect(out.converged).toBe(true);
    expect(out.passes).toBe(3);
    const names = Object.fromEntries(['key', 'alias', 'bucket', 'bucket-policy'].map((n) => [n, String(meta(byResource(out.resources, n)).name)]));
    expect(out.readyAtPass).toEqual({
      [names.key!]: 1, [names.bucket!]: 1, [names.alias!]: 2, [names['bucket-policy']!]: 2,
      [String(meta(out.composite).name)]: 3, 'audit-logs': 3,
    });
  });

  it('resolves the selectors from the targets the same XR composed', () => {
    const key = byResource(out.resources, 'key');
    const alias = byResource(out.resources, 'alias');
    const policy = byResource(out.resources, 'bucket-policy');
    const keyId = (meta(key).annotations as JsonObject)['crossplane.io/external-name'];
    expect((alias.spec as JsonObject).forProvider).toMatchObject({ region: 'eu-central-1', targetKeyId: keyId, targetKeyIdRef: { name: meta(key).name } });
    expect((policy.spec as JsonObject).forProvider).toMatchObject({ bucket: 'team-a-audit-logs' });
    expect(((alias.status as JsonObject).atProvider as JsonObject).arn).toBe('arn:aws:kms:eu-central-1:444455556666:alias/team-a-audit-logs');
  });

  it('propagates XR status to the claim', () => {
    const key = byResource(out.resources, 'key');
    const keyId = String((meta(key).annotations as JsonObject)['crossplane.io/external-name']);
    expect(out.claim?.status).toMatchObject({ keyArn: `arn:aws:kms:eu-central-1:444455556666:key/${keyId}`, bucketArn: 'arn:aws:s3:::team-a-audit-logs' });
    expect(meta(out.composite).labels).toEqual({ team: 'a', 'crossplane.io/claim-name': 'audit-logs', 'crossplane.io/claim-namespace': 'team-a', 'crossplane.io/composite': meta(out.composite).name });
    expect(meta(out.composite).annotations).toEqual({ owner: 'security' });
  });
});

// The output shape function-patch-and-transform's README documents for `crossplane render` of its
// example/ (crossplane-contrib/function-patch-and-transform: README.md, example/xr.yaml,
// example/composition.yaml, example/functions.yaml): the XR, and each composed resource with the
// composition-resource-name annotation, generateName `<xr>-`, the crossplane.io/composite label,
// ownerReferences and the patched spec. Our region-bucket fixtures are an equivalent of our own.
describe('crossplane render equivalent (single pass)', () => {
  const out = render({
    claimOrXr: load('region-bucket.xr.yaml')[0]!,
    compositions: load('region-bucket.composition.yaml'),
    xrds: [],
    singlePass: true,
    validator: null,
  });

  it('matches the documented shape', () => {
    expect(out.composite).toMatchObject({ apiVersion: 'test.zta.example.org/v1', kind: 'XRegionBucket', metadata: { name: 'sample-xr' } });
    expect(out.resources).toHaveLength(1);
    const bucket = out.resources[0]!;
    expect(bucket).toMatchObject({
      apiVersion: 's3.aws.upbound.io/v1beta2',
      kind: 'Bucket',
      metadata: {
        annotations: { 'crossplane.io/composition-resource-name': 'storage' },
        generateName: 'sample-xr-',
        labels: { 'crossplane.io/composite': 'sample-xr' },
        ownerReferences: [expect.objectContaining({ apiVersion: 'test.zta.example.org/v1', kind: 'XRegionBucket', name: 'sample-xr', controller: true })],
      },
      spec: { forProvider: { region: 'eu-west-1' } },
    });
    expect(bucket.status).toBeUndefined();
    expect(out.passes).toBe(1);
  });
});
