// Loads the schema bundle written by `npm run import` (imports/schemas.json) and looks schemas up
// by apiVersion + kind.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Schema } from './k8s-to-json-schema';

export interface BundleEntry {
  group: string;
  version: string;
  kind: string;
  plural: string;
  scope: string;
  schema: Schema;
}

export interface Bundle {
  kinds: Record<string, BundleEntry>;
}

/** Key of a kind in the bundle: `<group>/<version>/<Kind>`; the core group is "" ("/v1/Secret"). */
export function kindKey(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return `${group}/${version}/${kind}`;
}

/** The project root is the nearest ancestor of this file holding package.json. */
export function defaultBundlePath(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return path.join(dir, 'imports', 'schemas.json');
}

const loaded = new Map<string, { version: string; bundle: Bundle }>();

export class SchemaBundle {
  private readonly kinds = new Map<string, BundleEntry>();

  constructor(bundle: Bundle = { kinds: {} }) {
    for (const [key, entry] of Object.entries(bundle.kinds)) this.kinds.set(key, entry);
  }

  /**
   * A new bundle (kinds can be added to it) over the file's entries. The parsed file is kept per
   * process while it is unchanged, so every Validator shares the same schema objects and their
   * compiled validators are found by identity (compiled-schemas.ts) without hashing them again.
   */
  static load(file: string = defaultBundlePath()): SchemaBundle {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new Error(`schema bundle ${file} not found (run \`npm run import\`)`);
    }
    const version = `${stat.mtimeMs}:${stat.size}`;
    let hit = loaded.get(file);
    if (hit?.version !== version) {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Bundle;
      if (!parsed || typeof parsed.kinds !== 'object') throw new Error(`${file} is not a schema bundle (no "kinds")`);
      hit = { version, bundle: parsed };
      loaded.set(file, hit);
    }
    return new SchemaBundle(hit.bundle);
  }

  add(entry: BundleEntry): void {
    this.kinds.set(`${entry.group}/${entry.version}/${entry.kind}`, entry);
  }

  lookup(apiVersion: string, kind: string): BundleEntry | undefined {
    return this.kinds.get(kindKey(apiVersion, kind));
  }

  /** apiVersions known for a kind, for "unknown apiVersion" hints. */
  versionsOf(kind: string): string[] {
    const out: string[] = [];
    for (const e of this.kinds.values()) if (e.kind === kind) out.push(e.group ? `${e.group}/${e.version}` : e.version);
    return out;
  }

  get size(): number {
    return this.kinds.size;
  }
}
