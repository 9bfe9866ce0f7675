// `npm ci` refuses a lockfile that lacks any optional dependency of a locked package, even one built
// for another platform (darwin/win32 binaries of swc, esbuild, TypeScript 7). CI and README run
// `npm ci`, so the lock must list every platform's optional binaries, not only this machine's.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface LockedPackage {
  version?: string;
  optionalDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const root = path.resolve(__dirname, '..', '..');
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, LockedPackage> };
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as LockedPackage;

/** Where npm resolves `dep` from the package installed at `at`: nested first, then each ancestor node_modules. */
function resolve(at: string, dep: string): LockedPackage | undefined {
  let dir = at;
  for (;;) {
    const hit = lock.packages[`${dir ? `${dir}/` : ''}node_modules/${dep}`];
    if (hit) return hit;
    if (!dir) return undefined;
    const i = dir.lastIndexOf('/node_modules/');
    dir = i < 0 ? '' : dir.slice(0, i);
  }
}

describe('package-lock.json', () => {
  test('is a v3 lock whose root entry matches package.json', () => {
    expect(lock.lockfileVersion).toBe(3);
    expect(lock.packages['']?.dependencies).toEqual(manifest.dependencies);
    expect(lock.packages['']?.devDependencies).toEqual(manifest.devDependencies);
  });

  test('every optional dependency of every locked package is locked too (all platforms)', () => {
    const missing: string[] = [];
    for (const [at, pkg] of Object.entries(lock.packages)) {
      for (const dep of Object.keys(pkg.optionalDependencies ?? {})) {
        if (!resolve(at, dep)) missing.push(`${at || '(root)'} -> ${dep}`);
      }
    }
    expect(missing).toEqual([]);
    // The binaries this rule is about: other platforms' builds are present.
    expect(lock.packages['node_modules/@swc/core-darwin-arm64']).toBeDefined();
    expect(lock.packages['node_modules/@swc/core-win32-x64-msvc']).toBeDefined();
  });

  test('every regular dependency of every locked package resolves', () => {
    const missing: string[] = [];
    for (const [at, pkg] of Object.entries(lock.packages)) {
      if (!at) continue;
      for (const dep of Object.keys(pkg.dependencies ?? {})) if (!resolve(at, dep)) missing.push(`${at} -> ${dep}`);
    }
    expect(missing).toEqual([]);
  });
});
