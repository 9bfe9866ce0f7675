// TypeMeta/ObjectMeta of embedded resources (x-kubernetes-embedded-resource) and of the resource
// root (apiextensions-apiserver pkg/apiserver/schema/objectmeta: Coerce, Validate). Defaults that
// produce an embedded object are checked with these.
import { cloneJsonValue } from './json-value';
import { FieldPath, invalid, required, type FieldError } from './field';
import { isDNS1035Label, validateObjectMeta, validatePathSegmentName, type ObjectMetaLike } from './names';
import { emptyExtensions, emptyGeneric, type Structural } from './structural';

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const STRING_FIELDS = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion'] as const;

function kindOf(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : typeof v;
}

/** json.Unmarshal into metav1.ObjectMeta: the decoded (and re-encoded) metadata, or Go's error. */
export function decodeObjectMeta(raw: unknown): { meta: Record<string, unknown>; error?: undefined } | { error: string } {
  if (!isPlainObject(raw)) return { error: `json: cannot unmarshal ${kindOf(raw)} into Go value of type v1.ObjectMeta` };
  const bad = (field: string, v: unknown, type: string) => ({ error: `json: cannot unmarshal ${kindOf(v)} into Go struct field ObjectMeta.${field} of type ${type}` });
  const out: Record<string, unknown> = {};
  for (const f of STRING_FIELDS) {
    const v = raw[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return bad(f, v, 'string');
    if (v !== '') out[f] = v;
  }
  for (const f of ['generation', 'deletionGracePeriodSeconds'] as const) {
    const v = raw[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isInteger(v)) return bad(f, v, 'int64');
    if (v !== 0 || f === 'deletionGracePeriodSeconds') out[f] = v;
  }
  for (const f of ['creationTimestamp', 'deletionTimestamp'] as const) {
    const v = raw[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return bad(f, v, 'v1.Time');
    if (v !== '' && Number.isNaN(Date.parse(v))) return { error: `parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(v)} as "2006"` };
    if (v !== '') out[f] = v;
  }
  for (const f of ['labels', 'annotations'] as const) {
    const v = raw[f];
    if (v === undefined || v === null) continue;
    if (!isPlainObject(v)) return bad(f, v, 'map[string]string');
    for (const [k, x] of Object.entries(v)) if (typeof x !== 'string') return bad(`${f}.${k}`, x, 'string');
    if (Object.keys(v).length > 0) out[f] = { ...v };
  }
  const finalizers = raw.finalizers;
  if (finalizers !== undefined && finalizers !== null) {
    if (!Array.isArray(finalizers)) return bad('finalizers', finalizers, '[]string');
    for (const x of finalizers) if (typeof x !== 'string') return bad('finalizers', x, 'string');
    if (finalizers.length > 0) out.finalizers = [...finalizers];
  }
  const refs = raw.ownerReferences;
  if (refs !== undefined && refs !== null) {
    if (!Array.isArray(refs)) return bad('ownerReferences', refs, '[]v1.OwnerReference');
    for (const r of refs) {
      if (!isPlainObject(r)) return bad('ownerReferences', r, 'v1.OwnerReference');
      for (const f of ['apiVersion', 'kind', 'name', 'uid'] as const) if (r[f] !== undefined && r[f] !== null && typeof r[f] !== 'string') return bad(`ownerReferences.${f}`, r[f], 'string');
      for (const f of ['controller', 'blockOwnerDeletion'] as const) if (r[f] !== undefined && r[f] !== null && typeof r[f] !== 'boolean') return bad(`ownerReferences.${f}`, r[f], 'bool');
    }
    if (refs.length > 0) out.ownerReferences = cloneJsonValue(refs);
  }
  const managed = raw.managedFields;
  if (managed !== undefined && managed !== null) {
    if (!Array.isArray(managed)) return bad('managedFields', managed, '[]v1.ManagedFieldsEntry');
    if (managed.length > 0) out.managedFields = cloneJsonValue(managed);
  }
  return { meta: out };
}

// At a resource root, TypeMeta/ObjectMeta are checked as if the root were an embedded resource.
function withEmbedded(s: Structural | undefined, isResourceRoot: boolean): Structural | undefined {
  if (!isResourceRoot) return s;
  const base = s ?? { generic: emptyGeneric(), extensions: emptyExtensions() };
  return { ...base, extensions: { ...base.extensions, xEmbeddedResource: true } };
}

const pathChild = FieldPath.childOf;
const pathKey = FieldPath.keyOf;
const pathIndex = FieldPath.indexOf;

function coerce(p: FieldPath | undefined, x: unknown, s: Structural | undefined): FieldError | undefined {
  if (!s) return undefined;
  if (Array.isArray(x)) {
    for (const [i, v] of x.entries()) {
      const e = coerce(pathIndex(p, i), v, s.items);
      if (e) return e;
    }
    return undefined;
  }
  if (!isPlainObject(x)) return undefined;
  for (const k of Object.keys(x)) {
    const v = x[k];
    if (s.extensions.xEmbeddedResource) {
      if ((k === 'apiVersion' || k === 'kind') && typeof v !== 'string') return invalid(pathChild(p, k), v, 'must be a string');
      if (k === 'metadata') {
        const decoded = decodeObjectMeta(v);
        if (decoded.error !== undefined) return invalid(pathChild(p, 'metadata'), v, decoded.error);
        // SetObjectMeta writes the decoded metadata back: unknown fields are gone.
        x.metadata = decoded.meta;
      }
    }
    const prop = s.properties?.get(k);
    if (prop) {
      const e = coerce(pathChild(p, k), x[k], prop);
      if (e) return e;
    } else if (s.additionalProperties) {
      const e = coerce(pathKey(p, k), x[k], s.additionalProperties.structural);
      if (e) return e;
    }
  }
  return undefined;
}

/** Coerce: type-checks (and normalizes, in place) embedded TypeMeta/ObjectMeta; the first error. */
export function coerceObjectMeta(p: FieldPath | undefined, obj: unknown, s: Structural | undefined, isResourceRoot: boolean): FieldError | undefined {
  return coerce(p, obj, withEmbedded(s, isResourceRoot));
}

function parseGroupVersionError(gv: string): string | undefined {
  if (gv.length === 0 || gv === '/') return undefined;
  const parts = gv.split('/');
  if (parts.length <= 2) return undefined;
  return `unexpected GroupVersion string: ${gv}`;
}

function validateEmbedded(p: FieldPath | undefined, x: Record<string, unknown>, short: boolean): FieldError[] {
  const errs: FieldError[] = [];
  // Kubernetes 1.34 dropped the detail of these two.
  if (!('apiVersion' in x)) errs.push(required(pathChild(p, 'apiVersion'), short ? '' : 'must not be empty'));
  if (!('kind' in x)) errs.push(required(pathChild(p, 'kind'), short ? '' : 'must not be empty'));
  for (const [k, v] of Object.entries(x)) {
    if (k === 'apiVersion') {
      if (typeof v !== 'string') errs.push(invalid(pathChild(p, k), v, 'must be a string'));
      else if (v.length === 0) errs.push(invalid(pathChild(p, k), v, 'must not be empty'));
      else {
        const e = parseGroupVersionError(v);
        if (e) errs.push(invalid(pathChild(p, k), v, e));
      }
    } else if (k === 'kind') {
      if (typeof v !== 'string') errs.push(invalid(pathChild(p, k), v, 'must be a string'));
      else if (v.length === 0) errs.push(invalid(pathChild(p, k), v, 'must not be empty'));
      else {
        const e = isDNS1035Label(v.toLowerCase());
        if (e.length > 0) errs.push(invalid(pathChild(p, k), v, `may have mixed case, but should otherwise match: ${e.join(',')}`));
      }
    } else if (k === 'metadata') {
      const decoded = decodeObjectMeta(v);
      if (decoded.error !== undefined) {
        errs.push(invalid(pathChild(p, 'metadata'), v, decoded.error));
      } else {
        const meta = decoded.meta as ObjectMetaLike;
        // A name is not required of an embedded object: validate with a stand-in.
        const withName = { ...meta, name: meta.name || 'fakename' };
        errs.push(...validateObjectMeta(withName, Boolean(meta.namespace), validatePathSegmentName, pathChild(p, 'metadata')));
      }
    }
  }
  return errs;
}

function validate(p: FieldPath | undefined, x: unknown, s: Structural | undefined, short: boolean): FieldError[] {
  if (!s) return [];
  const errs: FieldError[] = [];
  if (Array.isArray(x)) {
    x.forEach((v, i) => errs.push(...validate(pathIndex(p, i), v, s.items, short)));
  } else if (isPlainObject(x)) {
    if (s.extensions.xEmbeddedResource) errs.push(...validateEmbedded(p, x, short));
    for (const [k, v] of Object.entries(x)) {
      const prop = s.properties?.get(k);
      if (prop) errs.push(...validate(pathChild(p, k), v, prop, short));
      else if (s.additionalProperties) errs.push(...validate(pathKey(p, k), v, s.additionalProperties.structural, short));
    }
  }
  return errs;
}

/** Validate: embedded (and, with isResourceRoot, root) TypeMeta and ObjectMeta. */
export function validateObjectMetaIn(p: FieldPath | undefined, obj: unknown, s: Structural | undefined, isResourceRoot: boolean, shortWording = false): FieldError[] {
  return validate(p, obj, withEmbedded(s, isResourceRoot), shortWording);
}
