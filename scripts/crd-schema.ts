// Schema-aware handling of upstream CRDs, shared by `npm run import` and the drift test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';

export type JsonSchema = { [key: string]: unknown };

export interface Crd {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    group: string;
    names: { kind: string; plural: string };
    scope: string;
    versions: { name: string; served: boolean; storage: boolean; schema?: { openAPIV3Schema: JsonSchema } }[];
  };
}

const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
const SCHEMA_SINGLE = new Set(['items', 'additionalProperties', 'not']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);

/**
 * Removes `description` annotations from schema nodes only. A naive strip would also delete real
 * properties called `description` (IAM Role, KMS Key and WAFv2 WebACL have `forProvider.description`).
 */
export function stripDescriptions(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description') continue;
    if (SCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, isObject(s) ? stripDescriptions(s) : s]));
    } else if (SCHEMA_SINGLE.has(key) && isObject(value)) {
      out[key] = stripDescriptions(value);
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map((s) => (isObject(s) ? stripDescriptions(s) : s));
    } else {
      out[key] = value;
    }
  }
  return out;
}

function isObject(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readCrds(file: string): Crd[] {
  const docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'));
  return docs
    .map((d) => d.toJS() as Crd | null)
    .filter((d): d is Crd => d !== null && d.kind === 'CustomResourceDefinition');
}

/** The CRD with every version's schema stripped of descriptions (and no top-level annotations). */
export function stripCrd(crd: Crd): Crd {
  return {
    apiVersion: crd.apiVersion,
    kind: crd.kind,
    metadata: { name: crd.metadata.name },
    spec: {
      ...crd.spec,
      versions: crd.spec.versions.map((v) => ({
        ...v,
        ...(v.schema ? { schema: { openAPIV3Schema: stripDescriptions(v.schema.openAPIV3Schema) } } : {}),
      })),
    },
  };
}

export interface SchemaBundleEntry {
  group: string;
  version: string;
  kind: string;
  plural: string;
  scope: string;
  served: boolean;
  storage: boolean;
  schema: JsonSchema;
}

export interface SchemaBundle {
  kinds: Record<string, SchemaBundleEntry>;
}

export function bundleKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

/** The bundle of the CRD files under `crdsDir`, plus CRDs given as objects (function-input-crds.ts). */
export function buildSchemaBundle(crdsDir: string, files: readonly string[], extra: readonly Crd[] = []): SchemaBundle {
  const kinds: Record<string, SchemaBundleEntry> = {};
  const crds = [...files.flatMap((file) => readCrds(path.join(crdsDir, file))), ...extra];
  {
    for (const crd of crds.map(stripCrd)) {
      for (const v of crd.spec.versions) {
        if (!v.schema) continue;
        kinds[bundleKey(crd.spec.group, v.name, crd.spec.names.kind)] = {
          group: crd.spec.group,
          version: v.name,
          kind: crd.spec.names.kind,
          plural: crd.spec.names.plural,
          scope: crd.spec.scope,
          served: v.served,
          storage: v.storage,
          schema: v.schema.openAPIV3Schema,
        };
      }
    }
  }
  return { kinds: Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b))) };
}

/** The bundle with more kinds (e.g. the built-in Kubernetes kinds), keys sorted as buildSchemaBundle sorts them. */
export function addBundleEntries(bundle: SchemaBundle, entries: readonly SchemaBundleEntry[]): SchemaBundle {
  const kinds: Record<string, SchemaBundleEntry> = { ...bundle.kinds };
  for (const e of entries) {
    const key = bundleKey(e.group, e.version, e.kind);
    if (kinds[key]) throw new Error(`kind ${key} is defined twice (a CRD and a built-in kind)`);
    kinds[key] = e;
  }
  return { kinds: Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b))) };
}

/** references.json entries for the imported AWS kinds only (same shape as upstream's `kinds`). */
export function pruneReferences(referencesFile: string, crdsDir: string, files: readonly string[]): { kinds: Record<string, unknown> } {
  const all = JSON.parse(fs.readFileSync(referencesFile, 'utf8')) as { kinds: Record<string, unknown> };
  const wanted = new Set<string>();
  for (const file of files) for (const crd of readCrds(path.join(crdsDir, file))) wanted.add(`${crd.spec.names.kind}.${crd.spec.group}`);
  const kinds = Object.fromEntries(Object.entries(all.kinds).filter(([k]) => wanted.has(k)).sort(([a], [b]) => a.localeCompare(b)));
  return { kinds };
}

export function defaultCrdsDir(projectRoot: string): string {
  return process.env.ZTA_CRDS_DIR ?? path.resolve(projectRoot, '..', 'shared', 'crds');
}
