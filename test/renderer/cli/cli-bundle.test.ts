// bin/cli-bundle.js: the `zta` users run is a cached esbuild bundle of renderer/cli.ts. These prove
// it is the same program as the sources run through tsx, and that a changed input is never run old.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheDir as diskCacheDir } from '../../../validator/disk-cache';

const ROOT = path.join(__dirname, '..', '..', '..');
const launcher = require('../../../bin/cli-bundle.js') as {
  cacheDir(): string | undefined;
  inputsDigest(inputs: string[]): string | undefined;
};

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zta-cli-bundle-test-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function zta(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'zta.js'), ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28, env: { ...process.env, ZTA_CACHE_SKIP: '', ZTA_CACHE_DIR: dir, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const bundleDir = () => path.join(dir, 'cli-bundle');
const files = () => (fs.existsSync(bundleDir()) ? fs.readdirSync(bundleDir()).sort() : []);
const indexFile = () => path.join(bundleDir(), files().find((f) => f.endsWith('.json'))!);
const DEV_CLAIM = ['render', 'examples/claims/payments-dev/payments-dev.yaml', '--extra-resources', 'deploy/onboarding', '-o', 'json'];

describe('the bundled CLI', () => {
  it('renders the dev claim byte-identical to the sources run through tsx, and is built once', () => {
    const bundled = zta({}, ...DEV_CLAIM);
    expect(bundled.stderr).toBe('');
    expect(bundled.code).toBe(0);
    const { digest } = JSON.parse(fs.readFileSync(indexFile(), 'utf8')) as { digest: string };
    // The index, the bundle and the V8 code cache the first run stored after it had compiled.
    expect(files().filter((f) => !f.endsWith('.json'))).toEqual([`${digest}.js`, `${digest}.v8`]);
    const built = fs.statSync(path.join(bundleDir(), `${digest}.js`)).mtimeMs;

    const sources = zta({ ZTA_CACHE_SKIP: 'cli-bundle' }, ...DEV_CLAIM);
    expect(sources.code).toBe(0);
    expect(bundled.stdout).toBe(sources.stdout);
    expect((JSON.parse(bundled.stdout) as unknown[]).length).toBeGreaterThan(300);

    expect(zta({}, '--version').code).toBe(0);
    expect(fs.statSync(path.join(bundleDir(), `${digest}.js`)).mtimeMs).toBe(built);
  });

  it('gives every bundled module its own source directory as __dirname (package.json, dist/ and imports/ are found from it)', () => {
    expect(zta({}, '--version')).toEqual({ code: 0, stdout: `zta 0.1.0 (zero-trust-platform)\n`, stderr: '' });
    const { digest } = JSON.parse(fs.readFileSync(indexFile(), 'utf8')) as { digest: string };
    const code = fs.readFileSync(path.join(bundleDir(), `${digest}.js`), 'utf8');
    const dirnames = [...code.matchAll(/__dirname\d* = ("[^"]*")/g)].map((m) => JSON.parse(m[1]!) as string);
    expect(dirnames.length).toBeGreaterThan(0);
    for (const d of dirnames) {
      expect(path.relative(ROOT, d)).toMatch(/^(renderer|validator)(\/|$)/);
      expect(fs.statSync(d).isDirectory()).toBe(true);
    }
  });

  it('rebuilds when the index no longer matches its inputs, and removes the bundle it replaces', () => {
    zta({}, '--version');
    const index = JSON.parse(fs.readFileSync(indexFile(), 'utf8')) as { digest: string; inputs: string[] };
    expect(index.inputs).toEqual(expect.arrayContaining(['renderer/cli.ts', 'renderer/render.ts', 'validator/disk-cache.ts']));
    expect(index.inputs.some((i) => i.startsWith('node_modules/yaml/'))).toBe(true);
    // As if an input had changed since: the index names a bundle its inputs no longer give.
    const stale = '0'.repeat(32);
    fs.writeFileSync(path.join(bundleDir(), `${stale}.js`), 'throw new Error("stale bundle run")');
    fs.writeFileSync(path.join(bundleDir(), `${stale}.v8`), '');
    fs.writeFileSync(indexFile(), JSON.stringify({ ...index, digest: stale }));
    expect(zta({}, '--version').stdout).toBe('zta 0.1.0 (zero-trust-platform)\n');
    expect(files()).toEqual([`${index.digest}.js`, `${index.digest}.v8`, path.basename(indexFile())].sort());
    expect(JSON.parse(fs.readFileSync(indexFile(), 'utf8'))).toEqual(index);
  });

  it('is neither built nor read with ZTA_CACHE=off or cli-bundle in ZTA_CACHE_SKIP', () => {
    fs.rmSync(bundleDir(), { recursive: true, force: true });
    for (const env of [{ ZTA_CACHE: 'off' }, { ZTA_CACHE_SKIP: 'admission,cli-bundle' }] as Record<string, string>[]) {
      expect(zta(env, '--version').stdout).toBe('zta 0.1.0 (zero-trust-platform)\n');
      expect(files()).toEqual([]);
    }
  });
});

describe('the bundle key', () => {
  it('changes with any input content and is undefined when an input is gone', () => {
    const file = path.join(dir, 'input.ts');
    const input = path.relative(ROOT, file);
    fs.writeFileSync(file, 'export const a = 1;');
    const first = launcher.inputsDigest(['package.json', input]);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(launcher.inputsDigest(['package.json', input])).toBe(first);
    expect(launcher.inputsDigest(['package.json'])).not.toBe(first);
    fs.writeFileSync(file, 'export const a = 2;');
    expect(launcher.inputsDigest(['package.json', input])).not.toBe(first);
    fs.rmSync(file);
    expect(launcher.inputsDigest(['package.json', input])).toBeUndefined();
  });

  it('lives where validator/disk-cache.ts keeps its entries, under every setting', () => {
    const saved = { off: process.env.ZTA_CACHE, dir: process.env.ZTA_CACHE_DIR };
    try {
      for (const [off, d] of [[undefined, undefined], [undefined, '/somewhere'], ['off', '/somewhere'], ['on', undefined]] as const) {
        if (off === undefined) delete process.env.ZTA_CACHE;
        else process.env.ZTA_CACHE = off;
        if (d === undefined) delete process.env.ZTA_CACHE_DIR;
        else process.env.ZTA_CACHE_DIR = d;
        expect(launcher.cacheDir()).toBe(diskCacheDir());
      }
    } finally {
      if (saved.off === undefined) delete process.env.ZTA_CACHE;
      else process.env.ZTA_CACHE = saved.off;
      if (saved.dir === undefined) delete process.env.ZTA_CACHE_DIR;
      else process.env.ZTA_CACHE_DIR = saved.dir;
    }
  });
});
