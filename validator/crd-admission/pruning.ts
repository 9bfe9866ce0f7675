// Pruning (apiextensions-apiserver pkg/apiserver/schema/pruning): the API server drops every
// field the structural schema does not specify, except below x-kubernetes-preserve-unknown-fields
// and the TypeMeta/ObjectMeta of embedded resources. A default that pruning would change is
// refused on CRD create ("must not have unknown fields").
import type { Structural } from './structural';

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);
const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function prune(x: unknown, s: Structural | undefined): void {
  if (s?.extensions.xPreserveUnknownFields) {
    skipPrune(x, s);
    return;
  }
  if (Array.isArray(x)) {
    for (const v of x) prune(v, s?.items);
    return;
  }
  if (!isPlainObject(x)) return;
  for (const k of Object.keys(x)) {
    if (!s) {
      delete x[k];
      continue;
    }
    if (s.extensions.xEmbeddedResource && META_FIELDS.has(k)) continue;
    const prop = s.properties?.get(k);
    if (prop) prune(x[k], prop);
    else if (s.additionalProperties) prune(x[k], s.additionalProperties.structural);
    else delete x[k];
  }
}

function skipPrune(x: unknown, s: Structural | undefined): void {
  if (!s) return;
  if (Array.isArray(x)) {
    for (const v of x) skipPrune(v, s.items);
    return;
  }
  if (!isPlainObject(x)) return;
  for (const k of Object.keys(x)) {
    if (s.extensions.xEmbeddedResource && META_FIELDS.has(k)) continue;
    const prop = s.properties?.get(k);
    if (prop) prune(x[k], prop);
    else if (s.additionalProperties) prune(x[k], s.additionalProperties.structural);
  }
}

/** Prunes `obj` in place; at a resource root the TypeMeta/ObjectMeta fields are kept. */
export function pruneValue(obj: unknown, s: Structural | undefined, isResourceRoot: boolean): void {
  const root = isResourceRoot && s && !s.extensions.xEmbeddedResource ? { ...s, extensions: { ...s.extensions, xEmbeddedResource: true } } : s;
  if (isResourceRoot && !s) {
    // An empty schema at a resource root keeps only apiVersion, kind and metadata.
    if (isPlainObject(obj)) for (const k of Object.keys(obj)) if (!META_FIELDS.has(k)) delete obj[k];
    return;
  }
  prune(obj, root);
}
