// Results of pure, costly computations kept on disk as JSON, keyed by everything they depend on.
// Every process (CLI run, synth, jest worker) recomputes the same answers from the same inputs:
// parsed YAML of unchanged files, Ajv's verdict on a schema, the API server's admission of an
// unchanged XRD. An entry is written only when its JSON reads back exactly equal to the value
// (values JSON cannot carry keep it off the disk), so a hit is never different from computing.
// ZTA_CACHE_DIR moves the cache ($TMPDIR/zta-cache); ZTA_CACHE=off turns it off; ZTA_CACHE_SKIP
// lists kinds that are always computed (the test suite skips those that run the project's own code,
// so what it covers does not depend on what an earlier run left on disk).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

export function cacheDir(): string | undefined {
  if (process.env.ZTA_CACHE === 'off') return undefined;
  return process.env.ZTA_CACHE_DIR ?? (tmpCacheDir ??= path.join(os.tmpdir(), 'zta-cache'));
}
// os.tmpdir() costs ~25 µs (it reads three environment variables through Node's secure getenv), and
// a one-shot render asks for the directory some 400 times. The settings above stay live (tests switch them).
let tmpCacheDir: string | undefined;

/**
 * compute(), or its value read back from the disk when the same key was computed before. `kind`
 * prefixes the file name; `key` must name every input of the computation (code included).
 */
export function cachedJson<T>(kind: string, key: readonly string[], compute: () => T): T {
  const dir = cacheDir();
  if (!dir || (process.env.ZTA_CACHE_SKIP ?? '').split(',').includes(kind)) return compute();
  const hash = createHash('sha256');
  for (const part of key) hash.update(part).update('\0');
  const entry = path.join(dir, `${kind}-${hash.digest('hex').slice(0, 32)}.json`);
  try {
    return JSON.parse(fs.readFileSync(entry, 'utf8')) as T;
  } catch {
    // absent (or unreadable): compute and store
  }
  const value = compute();
  const json = JSON.stringify(value);
  if (json !== undefined && isDeepStrictEqual(JSON.parse(json), value)) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      pruneStaleEntries(dir);
      // Written under a temporary name and renamed: parallel processes never read half a file.
      const tmp = `${entry}.${process.pid}`;
      fs.writeFileSync(tmp, json);
      fs.renameSync(tmp, entry);
    } catch {
      // A read-only or full disk only costs the next process the computation.
    }
  }
  return value;
}

// An entry is never rewritten, and a change of input or code gives new keys: what the old keys hold
// is never read again (some 200 cel-filter verdicts per edit of the renderer: 7,000 files, 106 MB
// after a day's work). At most once a day (a marker file's time), the first process to write an
// entry removes the entries, and the leftovers of interrupted writes, written more than a week ago.
// An entry still in use then costs one computation a week.
const STALE_AFTER_MS = 7 * 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 24 * 3600 * 1000;
const ENTRY_FILE = /^[a-z0-9-]+-[0-9a-f]{32}\.json(?:\.\d+)?$/;
const pruneChecked = new Set<string>();

/** Removes the stale entries of `dir` (see above); checked once per process and directory, done once a day. */
function pruneStaleEntries(dir: string): void {
  if (pruneChecked.has(dir)) return;
  pruneChecked.add(dir);
  const now = Date.now();
  const marker = path.join(dir, '.pruned');
  try {
    if (now - fs.statSync(marker).mtimeMs < PRUNE_EVERY_MS) return;
  } catch {
    // never pruned
  }
  let names: string[];
  try {
    fs.writeFileSync(marker, '');
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!ENTRY_FILE.test(name)) continue;
    const file = path.join(dir, name);
    try {
      if (now - fs.statSync(file).mtimeMs > STALE_AFTER_MS) fs.rmSync(file, { force: true });
    } catch {
      // removed by another process meanwhile
    }
  }
}

let digest: string | undefined;
/**
 * The validator's and renderer's code as one digest: every .ts file under validator/ and renderer/
 * and the versions of the libraries they compute with. A key that includes it is never read by a
 * process running other code.
 */
export function codeDigest(): string {
  if (digest) return digest;
  const root = path.resolve(__dirname, '..');
  const hash = createHash('sha256');
  for (const dir of ['validator', 'renderer']) {
    const files = fs.readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).sort();
    for (const f of files) hash.update(`${dir}/${f}\0`).update(fs.readFileSync(path.join(root, dir, f))).update('\0');
  }
  for (const lib of ['ajv', '@marcbachmann/cel-js', 're2js', 'yaml']) hash.update(`${lib}@${versionOf(lib)}\0`);
  return (digest = hash.digest('hex'));
}

/** A library's version from its package.json, found above its entry point (cel-js exports no package.json subpath). */
function versionOf(lib: string): string {
  let dir = path.dirname(require.resolve(lib));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === lib) return String(pkg.version);
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json of ${lib} above ${require.resolve(lib)}`);
    dir = parent;
  }
}
