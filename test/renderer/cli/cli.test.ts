// The CLI as users run it: spawn bin/zta.js and check exit codes and stderr lines.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const FIX = join('test', 'fixtures', 'renderer');
const APIS = join(FIX, 'apis');

function zta(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'zta.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

describe('zta CLI errors', () => {
  it('malformed YAML', () => {
    const r = zta('render', join(FIX, 'malformed.yaml'), '--apis', APIS);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/^zta: test\/fixtures\/renderer\/malformed\.yaml: invalid YAML at line \d+: /);
  });

  it('unreadable file', () => {
    const r = zta('render', join(FIX, 'nope.yaml'), '--apis', APIS);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe('zta: test/fixtures/renderer/nope.yaml: cannot read file (ENOENT)');
  });

  it('unknown kind', () => {
    const r = zta('render', join(FIX, 'unknown-kind.yaml'), '--apis', APIS);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe('zta: test/fixtures/renderer/unknown-kind.yaml: Mystery/what: kind Mystery (example.org/v1) is not defined by any loaded XRD');
  });

  it('missing composition', () => {
    const r = zta('render', join(FIX, 'missing-composition.xr.yaml'), '--apis', APIS, '--single-pass');
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe('zta: XKeyedBucket/orphan (test.zta.example.org/v1alpha1): spec.compositionRef names Composition "does-not-exist" not found (loaded: keyed-bucket)');
  });

  it('function missing from the Functions file', () => {
    const r = zta('render', join(FIX, 'keyed-bucket.claim.yaml'), join(FIX, 'keyed-bucket.xrd.yaml'), join(FIX, 'keyed-bucket.composition.yaml'), join(FIX, 'region-bucket.functions.yaml'));
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe('zta: Composition "keyed-bucket" step "auto-ready" uses function "function-auto-ready", which the Functions file does not declare (declared: function-patch-and-transform)');
  });

  it('unknown command', () => {
    const r = zta('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('zta: unknown command "frobnicate"');
  });

  it('invalid claim', () => {
    const r = zta('validate', '--apis', APIS, join(FIX, 'invalid.claim.yaml'));
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) expect(l).toMatch(/^test\/fixtures\/renderer\/invalid\.claim\.yaml: KeyedBucket\/bad: \.spec\.parameters\.(bucketName|region): /);
  });

  it('valid claim', () => {
    const r = zta('validate', '--apis', APIS, join(FIX, 'keyed-bucket.claim.yaml'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('zta render output', () => {
  it('summary table with the pass count', () => {
    const r = zta('render', join(FIX, 'keyed-bucket.claim.yaml'), join(FIX, 'keyed-bucket.xrd.yaml'), join(FIX, 'keyed-bucket.composition.yaml'), join(FIX, 'keyed-bucket.functions.yaml'), '-o', 'summary');
    // Schema validation needs imports/schemas.json; any problem is reported on stderr, not as a crash.
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout.split('\n')[0]).toMatch(/^KIND\s+NAME\s+READY\s+PASSES-TO-READY$/);
    expect(r.stdout).toMatch(/^KeyedBucket\s+audit-logs\s+True\s+3$/m);
    expect(r.stdout).toMatch(/^Alias\s+audit-logs-[bcdfghjklmnpqrstvwxz2456789]{5}-[0-9a-f]{12}\s+True\s+2$/m);
    expect(r.stdout).toContain('settled after 3 passes');
  });

  it('yaml stream of composed resources, XR and claim (single pass)', () => {
    const r = zta('render', join(FIX, 'region-bucket.xr.yaml'), join(FIX, 'region-bucket.composition.yaml'), join(FIX, 'region-bucket.functions.yaml'), '--single-pass');
    expect(r.stdout.startsWith('---\napiVersion: s3.aws.upbound.io/v1beta2\nkind: Bucket\n')).toBe(true);
    expect(r.stdout).toContain('generateName: sample-xr-');
    expect(r.stdout).toContain('kind: XRegionBucket');
  });
});

describe('zta render --delete', () => {
  const ORDERED = [join(FIX, 'keyed-bucket.claim.yaml'), join(FIX, 'keyed-bucket.xrd.yaml'), join(FIX, 'ordered-key.composition.yaml'), join(FIX, 'keyed-bucket.functions.yaml')];

  it('prints the order objects leave the cluster; the key waits for the bucket its Usage names', () => {
    const r = zta('render', ...ORDERED, '--delete');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^WAVE\s+OBJECT\s+RESOURCE\s+AWS-DELETE\s+WAITED-FOR$/);
    const row = (resource: string) => lines.findIndex((l) => l.split(/\s+/)[2] === resource);
    expect(row('bucket')).toBeGreaterThan(0);
    expect(row('key')).toBeGreaterThan(row('bucket'));
    expect(lines[row('key')]).toMatch(/^4\s+Key\/audit-logs-\S+\s+key\s+4\s+bucket$/);
    expect(lines.at(-1)).toBe('deleted in 4 waves (compositeDeletePolicy Background): 6 objects, 3 AWS deletes, 2 deletes refused by the Usage webhook, 1 replayed');
  });

  it('-o json: every step, with the webhook\'s refusal', () => {
    const r = zta('render', ...ORDERED, '--delete', '-o', 'json');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as { steps: { event: string; resource?: string; actor: string; detail?: string }[]; complete: boolean };
    expect(d.complete).toBe(true);
    expect(d.steps.find((s) => s.event === 'delete-refused')).toMatchObject({
      resource: 'key', actor: 'garbage collector',
      detail: expect.stringMatching(/^This resource is in-use by 1 usage\(s\), including the \*v1beta1\.ClusterUsage "audit-logs-\S+" by resource Bucket\/audit-logs-\S+\.$/),
    });
  });

  it('bad flag combinations are one-line errors', () => {
    expect(oneLine(zta('render', ...ORDERED, '--delete-policy', 'Foreground').stderr)).toBe('zta: --delete-policy needs --delete');
    expect(oneLine(zta('render', ...ORDERED, '--delete', '--delete-policy', 'Later').stderr)).toBe('zta: --delete-policy must be Background or Foreground, got "Later"');
  });
});

describe('zta render --extra-resources (crossplane render --required-resources)', () => {
  const claim = join(FIX, 'bound-bucket.claim.yaml');
  const apis = join(FIX, 'bound-bucket.yaml');
  const bindings = join(FIX, 'bound-bucket.environment.yaml');

  it.each(['--extra-resources', '--required-resources', '-e'])('%s supplies the EnvironmentConfig that binds the claim\'s namespace', (flag) => {
    const r = zta('render', claim, apis, flag, bindings, '-o', 'json');
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const objects = JSON.parse(r.stdout) as { kind: string; spec?: { providerConfigRef?: unknown; forProvider?: { region?: string } }; status?: { accountId?: string } }[];
    const bucket = objects.find((o) => o.kind === 'Bucket')!;
    expect(bucket.spec?.providerConfigRef).toEqual({ name: 'zta-team-a' });
    expect(bucket.spec?.forProvider?.region).toBe('eu-west-1');
    expect(objects.find((o) => o.kind === 'BoundBucket')?.status?.accountId).toBe('111122223333');
  });

  it('without them the claim\'s namespace is bound to nothing: function-environment-configs\' own error, nothing composed', () => {
    const r = zta('render', claim, apis, '-o', 'summary');
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(
      /^XBoundBucket\/reports-[a-z0-9]+: cannot compose resources: pipeline step "environment-configs" returned a fatal result: cannot get selected environment configs: cannot process environment config "environment-config-0" by selector: expected exactly one required resource, got 0$/,
    );
    expect(r.stdout).not.toMatch(/^Bucket /m);
  });

  it('a path that does not exist is one line', () => {
    const r = zta('render', claim, apis, '--extra-resources', join(FIX, 'no-such-dir'));
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe('zta: test/fixtures/renderer/no-such-dir: --extra-resources: no such file or directory');
  });
});

describe('zta render of a file with several documents', () => {
  it('renders the one document of a package kind: deploy/onboarding/organization.yaml (ProviderConfigs and the organization composite)', () => {
    const r = zta('render', join('deploy', 'onboarding', 'organization.yaml'), '--extra-resources', join('deploy', 'onboarding'), '-o', 'summary');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^XZeroTrustOrganization\s+zta-organization\s+True\s+\d+$/m);
    expect(r.stdout).toMatch(/^XOrganizationGuardrails\s+/m);
  });
});
