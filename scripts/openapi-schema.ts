// Built-in Kubernetes kinds (Namespace, RBAC, ValidatingAdmissionPolicy, ...) for the validator's
// schema bundle. The API server publishes their schemas as OpenAPI v3 (kubernetes/kubernetes
// api/openapi-spec/v3/*.json); scripts/kubernetes-openapi/ holds those schemas pruned to the
// definitions our kinds reach, and this module turns them into the structural form CRD schemas have.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonSchema, SchemaBundleEntry } from './crd-schema';

/** A pruned upstream OpenAPI file: component schemas by their upstream names. */
export interface PrunedOpenApi {
  readonly source: string;
  readonly pruned: string;
  readonly schemas: Record<string, JsonSchema>;
}

/** A built-in kind: where its definition lives and what discovery says about it (plural, scope). */
export interface BuiltinKind {
  readonly definition: string;
  readonly plural: string;
  readonly scope: 'Namespaced' | 'Cluster';
}

export interface BuiltinGroupVersion {
  /** pruned file under scripts/kubernetes-openapi */
  readonly file: string;
  /** the upstream api/openapi-spec/v3 file it is pruned from */
  readonly upstream: string;
  readonly kinds: readonly BuiltinKind[];
}

const CORE = 'io.k8s.api.core.v1';
const RBAC = 'io.k8s.api.rbac.v1';
const ADMISSION = 'io.k8s.api.admissionregistration.v1';

/** The built-in kinds the package or its tooling emits (plural and scope as API discovery reports them). */
export const BUILTIN_GROUP_VERSIONS: readonly BuiltinGroupVersion[] = [
  {
    file: 'core-v1.json',
    upstream: 'api__v1_openapi.json',
    kinds: [
      { definition: `${CORE}.ConfigMap`, plural: 'configmaps', scope: 'Namespaced' },
      { definition: `${CORE}.Namespace`, plural: 'namespaces', scope: 'Cluster' },
      { definition: `${CORE}.ServiceAccount`, plural: 'serviceaccounts', scope: 'Namespaced' },
    ],
  },
  {
    file: 'rbac.authorization.k8s.io-v1.json',
    upstream: 'apis__rbac.authorization.k8s.io__v1_openapi.json',
    kinds: [
      { definition: `${RBAC}.ClusterRole`, plural: 'clusterroles', scope: 'Cluster' },
      { definition: `${RBAC}.ClusterRoleBinding`, plural: 'clusterrolebindings', scope: 'Cluster' },
      { definition: `${RBAC}.Role`, plural: 'roles', scope: 'Namespaced' },
      { definition: `${RBAC}.RoleBinding`, plural: 'rolebindings', scope: 'Namespaced' },
    ],
  },
  {
    file: 'admissionregistration.k8s.io-v1.json',
    upstream: 'apis__admissionregistration.k8s.io__v1_openapi.json',
    kinds: [
      { definition: `${ADMISSION}.ValidatingAdmissionPolicy`, plural: 'validatingadmissionpolicies', scope: 'Cluster' },
      { definition: `${ADMISSION}.ValidatingAdmissionPolicyBinding`, plural: 'validatingadmissionpolicybindings', scope: 'Cluster' },
    ],
  },
];

/** The meta/v1 definitions every group file repeats; kept once, in their own pruned file. */
export const META_FILE = 'meta-v1.json';
const META_PREFIX = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

export function defaultOpenApiDir(projectRoot: string): string {
  return path.join(projectRoot, 'scripts', 'kubernetes-openapi');
}

export function readPrunedOpenApi(dir: string, file: string): PrunedOpenApi {
  const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as PrunedOpenApi;
  if (!isObject(doc.schemas)) throw new Error(`${path.join(dir, file)} has no "schemas"`);
  return doc;
}

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

// Annotations only: descriptions, client-side patch strategies, and defaults and enums. The API
// server never applies OpenAPI defaults to built-in kinds (Go defaulting functions do), and the
// published enum lists vary between releases while the Go validation is what refuses a value.
const DROPPED = new Set(['description', 'default', 'enum', 'x-kubernetes-patch-merge-key', 'x-kubernetes-patch-strategy']);
const SCHEMA_MAP_KEYS = new Set(['properties']);
const SCHEMA_KEYS = new Set(['items', 'additionalProperties']);
const SCHEMA_LIST_KEYS = new Set(['allOf', 'anyOf', 'oneOf']);

function stripAnnotations(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key)) continue;
    if (SCHEMA_MAP_KEYS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, s]) => [k, isObject(s) ? stripAnnotations(s) : s]));
    } else if (SCHEMA_KEYS.has(key) && isObject(value)) {
      out[key] = stripAnnotations(value);
    } else if (SCHEMA_LIST_KEYS.has(key) && Array.isArray(value)) {
      out[key] = value.map((s) => (isObject(s) ? stripAnnotations(s) : s));
    } else {
      out[key] = value;
    }
  }
  return out;
}

const REF_PREFIX = '#/components/schemas/';

function refsOf(schema: unknown, out: Set<string>): void {
  if (Array.isArray(schema)) schema.forEach((s) => refsOf(s, out));
  else if (isObject(schema)) {
    for (const [k, v] of Object.entries(schema)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(REF_PREFIX)) out.add(v.slice(REF_PREFIX.length));
      else refsOf(v, out);
    }
  }
}

/**
 * The definitions reachable from `roots` in an upstream OpenAPI v3 document
 * (`components.schemas`), annotations stripped, sorted by name: what scripts/kubernetes-openapi holds.
 */
export function pruneOpenApi(doc: { components?: { schemas?: Record<string, JsonSchema> } }, roots: readonly string[]): Record<string, JsonSchema> {
  const all = doc.components?.schemas ?? {};
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    const schema = all[name];
    if (!schema) throw new Error(`OpenAPI definition ${name} not found (referenced from ${roots.join(', ')})`);
    seen.add(name);
    const refs = new Set<string>();
    refsOf(schema, refs);
    queue.push(...refs);
  }
  return Object.fromEntries([...seen].sort().map((n) => [n, stripAnnotations(all[n]!)]));
}

/** Splits a pruned group into its own definitions and the shared meta/v1 ones. */
export function splitMeta(schemas: Record<string, JsonSchema>): { own: Record<string, JsonSchema>; meta: Record<string, JsonSchema> } {
  const own: Record<string, JsonSchema> = {};
  const meta: Record<string, JsonSchema> = {};
  for (const [k, v] of Object.entries(schemas)) (k.startsWith(META_PREFIX) ? meta : own)[k] = v;
  return { own, meta };
}

/**
 * The structural form of a definition: every `$ref` (bare or in the generator's single-element
 * `allOf` wrapper) replaced by the referenced schema, so the result reads like a CRD's
 * openAPIV3Schema. The built-in kinds used here are not recursive; a cycle is reported.
 */
export function structuralSchema(schemas: Readonly<Record<string, JsonSchema>>, name: string, trail: readonly string[] = []): JsonSchema {
  if (trail.includes(name)) throw new Error(`recursive OpenAPI definition ${[...trail, name].join(' -> ')}`);
  const schema = schemas[name];
  if (!schema) throw new Error(`OpenAPI definition ${name} not found${trail.length ? ` (from ${trail[trail.length - 1]})` : ''}`);
  const inline = (s: JsonSchema): JsonSchema => resolve(s, schemas, [...trail, name]);
  const { ['x-kubernetes-group-version-kind']: _gvk, ...rest } = inline(schema);
  return rest;
}

function resolve(schema: JsonSchema, schemas: Readonly<Record<string, JsonSchema>>, trail: readonly string[]): JsonSchema {
  const ref = refTarget(schema);
  if (ref !== undefined) {
    const { allOf: _allOf, $ref: _ref, ...siblings } = schema;
    return { ...structuralSchema(schemas, ref, trail), ...resolveChildren(siblings, schemas, trail) };
  }
  return resolveChildren(schema, schemas, trail);
}

/** `{$ref}` or `{allOf: [{$ref}]}` (what the OpenAPI v3 generator emits for a field of a named type). */
function refTarget(schema: JsonSchema): string | undefined {
  const direct = schema.$ref;
  if (typeof direct === 'string') return stripRef(direct);
  const allOf = schema.allOf;
  if (Array.isArray(allOf) && allOf.length === 1 && isObject(allOf[0]) && typeof allOf[0].$ref === 'string' && Object.keys(allOf[0]).length === 1) {
    return stripRef(allOf[0].$ref as string);
  }
  return undefined;
}

function stripRef(ref: string): string {
  if (!ref.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref ${ref} (only ${REF_PREFIX}<name>)`);
  return ref.slice(REF_PREFIX.length);
}

function resolveChildren(schema: JsonSchema, schemas: Readonly<Record<string, JsonSchema>>, trail: readonly string[]): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, s]) => [k, isObject(s) ? resolve(s, schemas, trail) : s]));
    } else if ((key === 'items' || key === 'additionalProperties') && isObject(value)) {
      out[key] = resolve(value, schemas, trail);
    } else {
      out[key] = value;
    }
  }
  return out;
}

interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

function gvkOf(schema: JsonSchema, name: string): GroupVersionKind {
  const gvks = schema['x-kubernetes-group-version-kind'];
  if (!Array.isArray(gvks) || gvks.length !== 1 || !isObject(gvks[0])) {
    throw new Error(`OpenAPI definition ${name} must name exactly one x-kubernetes-group-version-kind`);
  }
  const g = gvks[0];
  return { group: String(g.group ?? ''), version: String(g.version), kind: String(g.kind) };
}

/** Bundle entries (same shape as a CRD version's) for every built-in kind of BUILTIN_GROUP_VERSIONS. */
export function builtinBundleEntries(dir: string, groupVersions: readonly BuiltinGroupVersion[] = BUILTIN_GROUP_VERSIONS): SchemaBundleEntry[] {
  const meta = readPrunedOpenApi(dir, META_FILE).schemas;
  const entries: SchemaBundleEntry[] = [];
  for (const gv of groupVersions) {
    const schemas = { ...meta, ...readPrunedOpenApi(dir, gv.file).schemas };
    for (const k of gv.kinds) {
      const definition = schemas[k.definition];
      if (!definition) throw new Error(`${gv.file}: no definition ${k.definition}`);
      const gvk = gvkOf(definition, k.definition);
      entries.push({ ...gvk, plural: k.plural, scope: k.scope, served: true, storage: true, schema: structuralSchema(schemas, k.definition) });
    }
  }
  return entries;
}

/**
 * The pruned files as they follow from kubernetes/kubernetes api/openapi-spec/v3 in `rawDir`
 * (`ZTA_K8S_OPENAPI_DIR`), keyed by pruned file name; the meta/v1 definitions of every group are
 * merged into META_FILE (a definition that differs between groups is an error).
 */
export function prunedFromUpstream(rawDir: string, groupVersions: readonly BuiltinGroupVersion[] = BUILTIN_GROUP_VERSIONS): Map<string, Record<string, JsonSchema>> {
  const out = new Map<string, Record<string, JsonSchema>>();
  const meta: Record<string, JsonSchema> = {};
  for (const gv of groupVersions) {
    const file = path.join(rawDir, gv.upstream);
    if (!fs.existsSync(file)) throw new Error(`missing upstream OpenAPI file ${file} (ZTA_K8S_OPENAPI_DIR must be kubernetes/kubernetes api/openapi-spec/v3)`);
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { components?: { schemas?: Record<string, JsonSchema> } };
    const { own, meta: groupMeta } = splitMeta(pruneOpenApi(doc, gv.kinds.map((k) => k.definition)));
    out.set(gv.file, own);
    for (const [k, v] of Object.entries(groupMeta)) {
      if (meta[k] && JSON.stringify(meta[k]) !== JSON.stringify(v)) throw new Error(`${k} differs between upstream files (${gv.upstream})`);
      meta[k] = v;
    }
  }
  out.set(META_FILE, Object.fromEntries(Object.entries(meta).sort(([a], [b]) => a.localeCompare(b))));
  return out;
}
