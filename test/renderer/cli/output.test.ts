// zta output people read: -o tree like `crossplane beta trace`, crossplane render's flags, --help,
// --version and the exit codes.
import { join } from 'node:path';
import { parseDuration } from '../../../renderer/cli';
import { zta } from '../../support/zta-cli';

const FIX = join('test', 'fixtures', 'renderer');
const ORDERED = [join(FIX, 'keyed-bucket.claim.yaml'), join(FIX, 'keyed-bucket.xrd.yaml'), join(FIX, 'ordered-key.composition.yaml'), join(FIX, 'keyed-bucket.functions.yaml')];

describe('-o tree', () => {
  const r = zta(['render', ...ORDERED], { isTTY: true });
  const lines = r.stdout.trimEnd().split('\n');

  it('is the default on a terminal', () => {
    expect(r.code).toBe(0);
    expect(lines[0]).toMatch(/^NAME\s+RESOURCE\s+SYNCED\s+READY\s+AWS NAME\/ARN\s+STATUS$/);
  });

  it('claim, then composite, then its resources by composition-resource name, with the ARN', () => {
    expect(lines[1]).toMatch(/^KeyedBucket\/audit-logs\s+True\s+True$/);
    expect(lines[2]).toMatch(/^└─ XKeyedBucket\/audit-logs-8pxzq\s+True\s+True$/);
    expect(lines[3]).toMatch(/^ {3}├─ Bucket\/audit-logs-8pxzq-\S+\s+bucket\s+True\s+True\s+arn:aws:s3:::team-a-audit-logs$/);
    expect(lines[6]).toMatch(/^ {3}└─ Key\/audit-logs-8pxzq-\S+\s+key\s+True\s+True\s+arn:aws:kms:eu-central-1:444455556666:key\/\S+$/);
    expect(lines.at(-1)).toBe('settled after 4 passes');
  });

  it('the reason when not Ready or not Synced', () => {
    const f = zta(['render', ...ORDERED, '-o', 'tree', '--fault', 'bucket=error:AccessDenied']);
    const out = f.stdout.split('\n');
    expect(out.find((l) => l.includes(' bucket '))).toMatch(/False\s+False\s+arn:aws:s3:::team-a-audit-logs\s+ReconcileError: AccessDenied; Unavailable: provider error: AccessDenied$/);
    expect(out.find((l) => l.includes('XKeyedBucket/'))).toMatch(/True\s+False\s+Creating: Unready resources: bucket$/);
    expect(out).toContain('fault bucket=error:AccessDenied: provider error "AccessDenied": Synced=False, not Ready; XKeyedBucket/audit-logs-8pxzq not Ready (Unready resources names "bucket")');
  });

  it('yaml stays the default when stdout is not a terminal', () => {
    expect(zta(['render', ...ORDERED]).stdout.startsWith('---\napiVersion: ')).toBe(true);
  });
});

describe('crossplane render flags', () => {
  it('-r / --include-function-results: each result as a render.crossplane.io Result after the objects', () => {
    // One pass: the encryption configuration's Required patch has no key ARN yet, P&T warns.
    const r = zta(['render', ...ORDERED, '-o', 'json', '-r', '--single-pass']);
    const objects = JSON.parse(r.stdout) as { kind: string; apiVersion: string; step?: string; severity?: string }[];
    const results = objects.filter((o) => o.kind === 'Result');
    expect(results.length).toBeGreaterThan(0);
    expect(results).toContainEqual(expect.objectContaining({
      apiVersion: 'render.crossplane.io/v1beta1', kind: 'Result', step: 'patch-and-transform', severity: 'SEVERITY_WARNING',
      message: expect.stringMatching(/^not adding new composed resource "bucket-encryption" to desired state/),
    }));
    expect(objects.findIndex((o) => o.kind === 'Result')).toBeGreaterThan(objects.findIndex((o) => o.kind === 'KeyedBucket'));
    expect(JSON.parse(zta(['render', ...ORDERED, '-o', 'json', '--single-pass']).stdout).some((o: { kind: string }) => o.kind === 'Result')).toBe(false);
  });

  it('--xrd PATH is the XRD file', () => {
    const [claim, xrd, comp, fns] = ORDERED;
    expect(zta(['render', claim!, comp!, fns!, '--xrd', xrd!, '-o', 'summary']).code).toBe(0);
  });

  it('--include-context is refused with the reason', () => {
    const r = zta(['render', ...ORDERED, '--include-context']);
    expect({ code: r.code, err: r.stderr[0] }).toEqual({ code: 2, err: 'zta: --include-context is not supported: the emulated functions run in-process and share no pipeline context to print' });
  });

  it('--timeout takes Go durations; exceeding it fails the render (exit 1)', () => {
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(() => parseDuration('soon')).toThrow('--timeout: invalid duration "soon" (e.g. 90s, 1m, 1m30s)');
    const r = zta(['render', ...ORDERED, '--timeout', '1ns']);
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toMatch(/^zta: render took \d+\.\ds, longer than --timeout 0\.0s$/);
  });
});

describe('--help, --version, exit codes', () => {
  it.each([
    [['--help'], /^zta: render and validate/],
    [['render', '--help'], /^zta render: render a claim or XR/],
    [['validate', '--help'], /^zta validate: would the API server admit/],
  ])('%j prints help with examples and the exit codes', (args, first) => {
    const r = zta(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(first);
    expect(r.stdout).toContain('exit codes:\n  0  ');
    expect(r.stdout).toContain('  3  internal error');
    if (args[0] !== '--help') expect(r.stdout).toContain('examples:\n  zta ');
  });

  it('--version names the package version', () => {
    expect(zta(['--version'])).toEqual({ code: 0, stdout: `zta ${(require('../../../package.json') as { version: string }).version} (zero-trust-platform)\n`, stderr: [] });
  });

  it('an unknown flag points at --help (exit 2)', () => {
    const r = zta(['render', ...ORDERED, '--frobnicate']);
    expect({ code: r.code, err: r.stderr[0] }).toEqual({ code: 2, err: 'zta: unknown option --frobnicate (zta render --help lists them)' });
  });
});
