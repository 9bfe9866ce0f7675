// zta render --fault: what Crossplane does about a deleted resource, a provider error and a deletion
// in progress (honouring Usages), and that the claim is not Ready while a fault remains.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFault } from '../../../renderer/cli/faults';
import { zta } from '../../support/zta-cli';

const FIX = join('test', 'fixtures', 'renderer');
// A bucket, its encryption configuration, its key, and a ClusterUsage: the bucket uses the key.
const ORDERED = [join(FIX, 'keyed-bucket.claim.yaml'), join(FIX, 'keyed-bucket.xrd.yaml'), join(FIX, 'ordered-key.composition.yaml'), join(FIX, 'keyed-bucket.functions.yaml')];

interface Obj { kind: string; metadata: { name: string; deletionTimestamp?: string; annotations?: Record<string, string> }; status?: { conditions?: { type: string; status: string; reason: string; message?: string }[] } }
const render = (...args: string[]) => {
  const r = zta(['render', ...ORDERED, '-o', 'json', ...args]);
  const objects = r.stdout.startsWith('[') ? (JSON.parse(r.stdout) as Obj[]) : [];
  const byResource = (rn: string) => objects.find((o) => o.metadata.annotations?.['crossplane.io/composition-resource-name'] === rn)!;
  const cond = (o: Obj, type: string) => o.status?.conditions?.find((c) => c.type === type);
  return { ...r, objects, byResource, cond, claim: objects.find((o) => o.kind === 'KeyedBucket')!, xr: objects.find((o) => o.kind === 'XKeyedBucket')! };
};

describe('--fault', () => {
  it('error: the resource is Synced=False with the provider\'s message; the composite names it; the claim is not Ready; exit 1', () => {
    const r = render('--fault', 'bucket=error:AccessDenied: s3:CreateBucket');
    expect(r.code).toBe(1);
    expect(r.cond(r.byResource('bucket'), 'Synced')).toMatchObject({ status: 'False', reason: 'ReconcileError', message: 'AccessDenied: s3:CreateBucket' });
    expect(r.cond(r.byResource('bucket'), 'Ready')?.status).toBe('False');
    expect(r.cond(r.xr, 'Ready')).toMatchObject({ status: 'False', message: 'Unready resources: bucket' });
    expect(r.cond(r.claim, 'Ready')?.status).toBe('False');
    expect(r.stderr).toContain('fault bucket: provider error "AccessDenied: s3:CreateBucket": Synced=False, not Ready; XKeyedBucket/audit-logs-8pxzq not Ready (Unready resources names "bucket")');
  });

  it('deleted: the composite composes it again and the provider recreates it; the claim is Ready again', () => {
    const r = render('--fault', 'bucket=deleted', '-o', 'summary');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fault bucket: deleted; the composite composed it again and the provider recreated it: Bucket\/audit-logs-8pxzq-\S+$/m);
    expect(r.stdout).toMatch(/^KeyedBucket\s+audit-logs\s+True\s+\d+$/m);
  });

  it('deleting a resource a Usage protects: the Usage webhook refuses it (409) and nothing changes', () => {
    const r = render('--fault', 'key=deleting', '-o', 'summary');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fault key: delete of Key\/audit-logs-8pxzq-\S+ refused by the Usage webhook \(409\): This resource is in-use by 1 usage\(s\), including the \*v1beta1\.ClusterUsage "audit-logs-8pxzq-\S+" by resource Bucket\/audit-logs-8pxzq-\S+\.$/m);
  });

  it('deleting an unprotected resource: Deleting and not Ready, so neither the composite nor the claim is; exit 1', () => {
    const r = render('--fault', 'bucket-encryption=deleting');
    expect(r.code).toBe(1);
    const enc = r.byResource('bucket-encryption');
    expect(enc.metadata.deletionTimestamp).toBeDefined();
    expect(r.cond(enc, 'Ready')).toMatchObject({ status: 'False', reason: 'Deleting' });
    expect(r.cond(r.xr, 'Ready')?.message).toBe('Unready resources: bucket-encryption');
    expect(r.cond(r.claim, 'Ready')?.status).toBe('False');
  });

  it('--observed-resources: the fault applies to what the file says exists', () => {
    const base = render();
    expect(base.code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'zta-observed-'));
    const file = join(dir, 'observed.yaml');
    writeFileSync(file, base.objects.filter((o) => o.kind !== 'KeyedBucket' && o.kind !== 'XKeyedBucket').map((o) => `---\n${JSON.stringify(o)}\n`).join(''));
    const r = render('--observed-resources', file, '--fault', 'key=error:KMSInternalException');
    expect(r.stderr.filter((l) => l.startsWith('zta:'))).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.cond(r.byResource('key'), 'Synced')?.message).toBe('KMSInternalException');
    expect(r.cond(r.claim, 'Ready')?.status).toBe('False');
  });

  it('bad faults are one-line input errors (exit 2)', () => {
    expect(zta(['render', ...ORDERED, '--fault', 'nope=deleted']).stderr[0]).toMatch(/^zta: --fault nope: no observed resource has composition-resource-name "nope" \(4 known, e\.g\. bucket, bucket-encryption, bucket-uses-key, key\)$/);
    expect(zta(['render', ...ORDERED, '--fault', 'nope=deleted']).code).toBe(2);
    expect(zta(['render', ...ORDERED, '--fault', 'key=gone']).stderr[0]).toBe('zta: --fault "key=gone": unknown fault "gone" (allowed: deleted, deleting, error:MESSAGE)');
    expect(zta(['render', ...ORDERED, '--fault', 'key', '--single-pass']).stderr[0]).toBe('zta: --fault "key": expected NAME=deleted|deleting|error:MESSAGE, NAME a composition-resource-name');
  });
});

describe('parseFault', () => {
  it.each([
    ['trail=deleted', { resource: 'trail', kind: 'deleted' }],
    ['trail=deleting', { resource: 'trail', kind: 'deleting' }],
    ['trail=error:AccessDenied: not authorized', { resource: 'trail', kind: 'error', message: 'AccessDenied: not authorized' }],
  ])('%s', (text, want) => expect(parseFault(text)).toEqual(want));

  it('error without a message', () => {
    expect(() => parseFault('trail=error')).toThrow('--fault "trail=error": error needs the provider\'s message, e.g. trail=error:AccessDenied');
  });
});
