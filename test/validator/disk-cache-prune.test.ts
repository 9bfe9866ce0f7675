// validator/disk-cache.ts removes what no key will read again: entries (and leftovers of interrupted
// writes) written more than a week ago, checked by the first process that writes an entry, at most
// once a day per cache directory. Nothing else in the directory is touched.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withCacheDir } from '../support/cache-dir';

const DAY = 24 * 3600 * 1000;
const hex = (c: string) => c.repeat(32);

function file(dir: string, name: string, ageDays: number): string {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, '1');
  const t = new Date(Date.now() - ageDays * DAY);
  fs.utimesSync(p, t, t);
  return p;
}

/** cachedJson of a fresh module (a new process, as far as the module's state goes). */
function inFreshProcess(run: (cachedJson: typeof import('../../validator/disk-cache').cachedJson) => void): void {
  jest.isolateModules(() => run((require('../../validator/disk-cache') as typeof import('../../validator/disk-cache')).cachedJson));
}

describe('disk cache pruning', () => {
  it('the first write removes the entries and interrupted writes older than a week, and nothing else', () => {
    withCacheDir((dir) => {
      const stale = [file(dir, `cel-filter-${hex('a')}.json`, 8), file(dir, `yaml-${hex('b')}.json.4242`, 30)];
      const kept = [
        file(dir, `cel-filter-${hex('c')}.json`, 6),
        file(dir, `yaml-${hex('d')}.json.4343`, 0),
        file(dir, 'notes.txt', 90),
        file(dir, path.join('bundle', `${hex('e')}.js`), 90),
      ];
      inFreshProcess((cachedJson) => {
        expect(cachedJson('probe', ['computed'], () => 2)).toBe(2);
      });
      expect(stale.filter((f) => fs.existsSync(f))).toEqual([]);
      expect(kept.filter((f) => !fs.existsSync(f))).toEqual([]);
      expect(fs.existsSync(path.join(dir, '.pruned'))).toBe(true);
    });
  });

  it('a process that only reads entries prunes nothing, even one written more than a week ago', () => {
    withCacheDir((dir) => {
      const stale = file(dir, `cel-filter-${hex('a')}.json`, 8);
      inFreshProcess((cachedJson) => {
        expect(cachedJson('cel-filter', ['x'], () => 1)).toBe(1);
      });
      expect(fs.existsSync(stale)).toBe(false);
      // The entry just written, aged past a week, read back by the next process: not removed.
      const [entry] = fs.readdirSync(dir).filter((f) => f.startsWith('cel-filter-'));
      const old = new Date(Date.now() - 8 * DAY);
      fs.utimesSync(path.join(dir, entry!), old, old);
      fs.rmSync(path.join(dir, '.pruned'));
      inFreshProcess((cachedJson) => {
        expect(cachedJson('cel-filter', ['x'], () => 99)).toBe(1);
      });
      expect(fs.existsSync(path.join(dir, entry!))).toBe(true);
    });
  });

  it('at most once a day per directory: a pruned directory is not scanned again before', () => {
    withCacheDir((dir) => {
      inFreshProcess((cachedJson) => cachedJson('probe', ['first'], () => 1));
      const aged = file(dir, `cel-filter-${hex('a')}.json`, 8);
      inFreshProcess((cachedJson) => cachedJson('probe', ['second'], () => 2));
      expect(fs.existsSync(aged)).toBe(true);
      const yesterday = new Date(Date.now() - DAY - 60_000);
      fs.utimesSync(path.join(dir, '.pruned'), yesterday, yesterday);
      inFreshProcess((cachedJson) => cachedJson('probe', ['third'], () => 3));
      expect(fs.existsSync(aged)).toBe(false);
    });
  });
});
