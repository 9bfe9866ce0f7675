// A test about the disk cache (validator/disk-cache.ts) runs against a directory of its own, with
// no kind skipped: the suite skips the kinds that run the project's code (jest.config.js), and
// these tests are about the cache itself.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Runs `test` with ZTA_CACHE_DIR a fresh directory and ZTA_CACHE_SKIP unset; restores both and removes the directory. */
export function withCacheDir<T>(test: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zta-cache-test-'));
  const saved = { dir: process.env.ZTA_CACHE_DIR, skip: process.env.ZTA_CACHE_SKIP };
  process.env.ZTA_CACHE_DIR = dir;
  delete process.env.ZTA_CACHE_SKIP;
  try {
    return test(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    if (saved.dir === undefined) delete process.env.ZTA_CACHE_DIR;
    else process.env.ZTA_CACHE_DIR = saved.dir;
    if (saved.skip === undefined) delete process.env.ZTA_CACHE_SKIP;
    else process.env.ZTA_CACHE_SKIP = saved.skip;
  }
}

/** The entries of one kind in a cache directory. */
export function cacheEntries(dir: string, kind: string): string[] {
  return fs.readdirSync(dir).filter((f) => new RegExp(`^${kind}-[0-9a-f]{32}\\.json$`).test(f));
}
