// bin/bundle.js: `zta` and `npm run synth` run cached esbuild bundles of their TypeScript entry
// points. These prove a bundle is the same program as the sources run through tsx, and that a
// changed or added input is never run old.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheDir as diskCacheDir } from '../../validator/disk-cache';

const ROOT = path.join(__dirname, '..', '..');
const launcher = require('../../bin/bundle.js') as {
  cacheDir(): string | undefined;
  BUILD_OPTIONS: Record<string, unknown>;
  inputsDigest(inputs: string[], options?: Record<string, unknown>): string | undefined;
  stamps(inputs: string[]): string | undefined;
  readText(file: string): string;
};

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zta-bundle-test-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function node(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28, env: { ...process.env, ZTA_CACHE_SKIP: '', ZTA_CACHE_DIR: dir, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const zta = (env: Record<string, string>, ...args: string[]) => node(env, path.join(ROOT, 'bin', 'zta.js'), ...args);

const bundleDir = () => path.join(dir, 'bundle');
const files = () => (fs.existsSync(bundleDir()) ? fs.readdirSync(bundleDir()).sort() : []);
interface Index { digest: string; inputs: string[]; stamps: string }
const indexes = () => files().filter((f) => f.endsWith('.json')).map((f) => ({ file: path.join(bundleDir(), f), ...(JSON.parse(fs.readFileSync(path.join(bundleDir(), f), 'utf8')) as Index) }));
const cliIndex = () => indexes().find((i) => i.inputs.includes('renderer/cli.ts') && !i.inputs.includes('main.ts'))!;
const DEV_CLAIM = ['render', 'examples/claims/payments-dev/payments-dev.yaml', '--extra-resources', 'deploy/onboarding', '-o', 'json'];
const VERSION = 'zta 0.1.0 (zero-trust-platform)\n';

describe('the bundled CLI', () => {
  it('renders the dev claim byte-identical to the sources run through tsx, and is built once', () => {
    const bundled = zta({}, ...DEV_CLAIM);
    expect(bundled.stderr).toBe('');
    expect(bundled.code).toBe(0);
    const { digest } = cliIndex();
    // The index, the bundle and the V8 code cache the first run stored after it had compiled.
    expect(files().filter((f) => !f.endsWith('.json'))).toEqual([`${digest}.js`, `${digest}.v8`]);
    const built = fs.statSync(path.join(bundleDir(), `${digest}.js`)).mtimeMs;

    const sources = zta({ ZTA_CACHE_SKIP: 'bundle' }, ...DEV_CLAIM);
    expect(sources.code).toBe(0);
    expect(bundled.stdout).toBe(sources.stdout);
    expect((JSON.parse(bundled.stdout) as unknown[]).length).toBeGreaterThan(300);

    expect(zta({}, '--version').code).toBe(0);
    expect(fs.statSync(path.join(bundleDir(), `${digest}.js`)).mtimeMs).toBe(built);
  });

  it('gives every bundled module its own source directory as __dirname (package.json, dist/ and imports/ are found from it)', () => {
    expect(zta({}, '--version')).toEqual({ code: 0, stdout: VERSION, stderr: '' });
    const code = fs.readFileSync(path.join(bundleDir(), `${cliIndex().digest}.js`), 'utf8');
    const dirnames = [...code.matchAll(/__dirname\d*\s*=\s*("[^"]*")/g)].map((m) => JSON.parse(m[1]!) as string);
    expect(dirnames.length).toBeGreaterThan(0);
    for (const d of dirnames) {
      expect(path.relative(ROOT, d)).toMatch(/^(renderer|validator)(\/|$)/);
      expect(fs.statSync(d).isDirectory()).toBe(true);
    }
  });

  it('drops the output, not the run, when the reader closes the pipe (`zta render | head`): no stack trace, its own exit code', () => {
    const args = [path.join(ROOT, 'bin', 'zta.js'), ...DEV_CLAIM].map((a) => `'${a}'`).join(' ');
    // The render is some 2 MB of JSON: far more than a pipe holds once `head` has gone.
    const r = spawnSync('bash', ['-c', `'${process.execPath}' ${args} 2>'${dir}/stderr' | head -c 2 >/dev/null; echo "\${PIPESTATUS[0]}"`], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, ZTA_CACHE_SKIP: '', ZTA_CACHE_DIR: dir },
    });
    expect(fs.readFileSync(path.join(dir, 'stderr'), 'utf8')).toBe('');
    expect(r.stdout).toBe('0\n');
  });

  it('rebuilds when the index no longer matches its inputs, and removes the bundle it replaces', () => {
    zta({}, '--version');
    const { file, ...index } = cliIndex();
    expect(index.inputs).toEqual(expect.arrayContaining(['renderer/cli.ts', 'renderer/render.ts', 'validator/disk-cache.ts']));
    expect(index.inputs.some((i) => i.startsWith('node_modules/yaml/'))).toBe(true);
    // As if an input had changed since: other stamps, and a bundle its inputs no longer give.
    const stale = '0'.repeat(32);
    fs.writeFileSync(path.join(bundleDir(), `${stale}.js`), 'throw new Error("stale bundle run")');
    fs.writeFileSync(path.join(bundleDir(), `${stale}.v8`), '');
    fs.writeFileSync(file, JSON.stringify({ ...index, digest: stale, stamps: 'changed' }));
    expect(zta({}, '--version').stdout).toBe(VERSION);
    expect(files()).toEqual([`${index.digest}.js`, `${index.digest}.v8`, path.basename(file)].sort());
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(index);
  });

  it('hashes the inputs again when their stamps differ, and keeps the bundle when their content is the same', () => {
    zta({}, '--version');
    const { file, ...index } = cliIndex();
    expect(index.stamps).toBe(launcher.stamps(index.inputs));
    // As if a checkout had rewritten every input with the same content.
    fs.writeFileSync(file, JSON.stringify({ ...index, stamps: 'stale' }));
    const bundle = path.join(bundleDir(), `${index.digest}.js`);
    const built = fs.statSync(bundle).mtimeMs;
    expect(zta({}, '--version').stdout).toBe(VERSION);
    expect(fs.statSync(bundle).mtimeMs).toBe(built);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(index);
  });

  it('is neither built nor read with ZTA_CACHE=off or bundle in ZTA_CACHE_SKIP', () => {
    fs.rmSync(bundleDir(), { recursive: true, force: true });
    for (const env of [{ ZTA_CACHE: 'off' }, { ZTA_CACHE_SKIP: 'admission,bundle' }] as Record<string, string>[]) {
      expect(zta(env, '--version').stdout).toBe(VERSION);
      expect(files()).toEqual([]);
    }
  });
});

describe('bin/run.js', () => {
  const entry = path.join('test', 'fixtures', 'bundle', 'chart-modules.ts');

  it('runs an entry bundled as through tsx: its path and arguments, and every chart file charts/index.ts lists', () => {
    const bundled = node({}, path.join(ROOT, 'bin', 'run.js'), entry, 'synth', '--render');
    expect(bundled.stderr).toBe('');
    expect(bundled.code).toBe(0);
    expect(indexes().some((i) => i.inputs.includes('charts/network.ts'))).toBe(true);
    const sources = node({ ZTA_CACHE_SKIP: 'bundle' }, path.join(ROOT, 'bin', 'run.js'), entry, 'synth', '--render');
    expect(bundled.stdout).toBe(sources.stdout);
    const out = JSON.parse(bundled.stdout) as { files: string[]; script: string; args: string[] };
    expect(out.files).toEqual(fs.readdirSync(path.join(ROOT, 'charts')).filter((f) => f.endsWith('.ts') && f !== 'index.ts').sort());
    expect(out).toMatchObject({ script: path.join(ROOT, entry), args: ['synth', '--render'] });
  });

  it('says how to call it without an entry', () => {
    expect(node({}, '-e', 'process.argv.splice(1, 0, "bin/run.js"); require("./bin/run.js")')).toMatchObject({ code: 2, stderr: 'usage: node bin/run.js ENTRY.ts [ARGS ...]\n' });
  });
});

describe('the bundle key', () => {
  it('and the stamps change with any input content and any file added beside a project input, and are undefined when an input is gone', () => {
    const file = path.join(dir, 'inputs', 'input.ts');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const input = path.relative(ROOT, file);
    fs.writeFileSync(file, 'export const a = 1;');
    const first = launcher.inputsDigest(['package.json', input]);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(launcher.inputsDigest(['package.json', input])).toBe(first);
    expect(launcher.inputsDigest(['package.json'])).not.toBe(first);
    const stamped = launcher.stamps(['package.json', input]);
    fs.writeFileSync(file, 'export const a = 2;');
    const second = launcher.inputsDigest(['package.json', input]);
    expect(second).not.toBe(first);
    // A write changes the file's stamps (its change time at least), whatever its size.
    expect(launcher.stamps(['package.json', input])).not.toBe(stamped);
    // A new chart file is not an input of the old bundle, yet charts/index.ts would load it.
    const before = launcher.stamps(['package.json', input]);
    fs.writeFileSync(path.join(path.dirname(file), 'added.ts'), '');
    expect(launcher.inputsDigest(['package.json', input])).not.toBe(second);
    expect(launcher.stamps(['package.json', input])).not.toBe(before);
    fs.rmSync(file);
    expect(launcher.inputsDigest(['package.json', input])).toBeUndefined();
    expect(launcher.stamps(['package.json', input])).toBeUndefined();
  });

  it('differs with the build options (a bundle built otherwise is another program)', () => {
    expect(launcher.BUILD_OPTIONS).toMatchObject({ bundle: true, minifyWhitespace: true, minifySyntax: true });
    const unminified = { ...launcher.BUILD_OPTIONS, minifyWhitespace: false, minifySyntax: false };
    expect(launcher.inputsDigest(['package.json'], unminified)).not.toBe(launcher.inputsDigest(['package.json']));
    expect(launcher.inputsDigest(['package.json'], { ...launcher.BUILD_OPTIONS })).toBe(launcher.inputsDigest(['package.json']));
  });

  it('differs between two checkouts of the same files (a bundle names its modules\' directories)', () => {
    // The same input (a library file: no directory listing in the key) in another checkout.
    const other = path.join(dir, 'checkout');
    const input = 'node_modules/yaml/package.json';
    fs.mkdirSync(path.join(other, 'bin'), { recursive: true });
    fs.mkdirSync(path.dirname(path.join(other, input)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'bin', 'bundle.js'), path.join(other, 'bin', 'bundle.js'));
    fs.copyFileSync(path.join(ROOT, input), path.join(other, input));
    const copy = require(path.join(other, 'bin', 'bundle.js')) as typeof launcher;
    expect(copy.inputsDigest([input])).toMatch(/^[0-9a-f]{32}$/);
    expect(copy.inputsDigest([input])).not.toBe(launcher.inputsDigest([input]));
  });

  it('reads a bundle\'s text exactly as UTF-8 decoding does, valid or not', () => {
    const file = path.join(dir, 'text.js');
    const samples = [
      'plain ascii', 'const r = /(ns|us|µs|ms)/; // ‘quoted’ “text”', 'mixed é ü ß 漢字 😀 end', '', 'µ',
      Buffer.from([0x61, 0xc3, 0x28, 0x62, 0xe2, 0x82, 0x0a, 0xff, 0xf0, 0x9f, 0x98]), // invalid sequences
    ];
    for (const sample of samples) {
      fs.writeFileSync(file, sample);
      expect(launcher.readText(file)).toBe(fs.readFileSync(file, 'utf8'));
    }
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
