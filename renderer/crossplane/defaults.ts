// Structural-schema defaulting as the API server does it on every write of a claim or XR: a
// property with a `default` that is absent is set, then defaulting continues inside it. Without
// this a render would see claims differently from the cluster (e.g. a list parameter's default).
import type { Json, JsonObject } from '../types';
import { clone, isObject, obj } from './crossplane';
import type { XrdInfo } from './crossplane';

type Schema = JsonObject;

export function applyDefaults(value: Json, schema: Schema | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    const items = isObject(schema.items) ? schema.items : undefined;
    for (const v of value) applyDefaults(v, items);
    return;
  }
  if (!isObject(value)) return;
  const props = isObject(schema.properties) ? schema.properties : {};
  for (const [name, sub] of Object.entries(props)) {
    if (!isObject(sub)) continue;
    if (value[name] === undefined && sub.default !== undefined) value[name] = clone(sub.default);
    if (value[name] !== undefined) applyDefaults(value[name]!, sub);
  }
  if (isObject(schema.additionalProperties)) {
    for (const [name, v] of Object.entries(value)) if (!(name in props)) applyDefaults(v, schema.additionalProperties);
  }
}

/** The openAPIV3Schema of the XRD's referenceable version (shared by its XR and claim). */
export function xrdSchema(info: XrdInfo): Schema | undefined {
  const versions = (obj(info.xrd.spec).versions ?? []) as Json[];
  const version = versions.filter(isObject).find((v) => v.name === info.referenceableVersion);
  const schema = obj(obj(version?.schema).openAPIV3Schema);
  return Object.keys(schema).length ? schema : undefined;
}

/** Defaults `spec` of a claim or XR from its XRD (metadata and Crossplane's own fields are untouched). */
export function defaultFromXrd(o: JsonObject, info: XrdInfo | undefined): void {
  const schema = info ? xrdSchema(info) : undefined;
  const spec = obj(obj(schema?.properties).spec);
  if (!schema || !isObject(o.spec)) return;
  applyDefaults(o.spec, spec);
}
