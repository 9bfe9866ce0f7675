// Reading the synced directories and writing the GitOps tree: deploy/argocd/ and deploy/control-plane/
// are replaced as a whole (the generator owns them); deploy/onboarding/ belongs to other charts and is
// only read. Each onboarded account gets its claims directory (a .gitkeep when it has no claim yet):
// Argo CD refuses an Application whose path does not exist ("app path does not exist").
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readPackage } from '../../validator/package';
import type { SyncedObject } from './app-projects';

/** Every object in the YAML files under `dir` (recursively), or none when the directory does not exist yet. */
export function readManifests(dir: string): SyncedObject[] {
  if (!fs.existsSync(dir)) return [];
  return readPackage(dir).map((p) => p.object as SyncedObject);
}

/** Writes the tree under `root`; returns the paths written, relative to `root`. */
export function writeGitOpsTree(tree: { readonly files: ReadonlyMap<string, string> }, root: string, claimsRoot: string, namespaces: readonly string[]): string[] {
  const owned = [...new Set([...tree.files.keys()].map((f) => f.split('/').slice(0, 2).join('/')))];
  for (const dir of owned) fs.rmSync(path.join(root, dir), { recursive: true, force: true });
  const written: string[] = [];
  for (const [file, content] of [...tree.files].sort(([a], [b]) => a.localeCompare(b))) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
    written.push(file);
  }
  for (const ns of namespaces) {
    const dir = path.join(root, claimsRoot, ns);
    if (fs.existsSync(dir)) continue;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '.gitkeep'), '');
    written.push(path.relative(root, path.join(dir, '.gitkeep')));
  }
  return written;
}
