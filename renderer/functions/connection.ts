// Connection details of function-patch-and-transform (connection.go). Legacy XRs (no spec.crossplane)
// return XR connection details for Crossplane to write; v2 XRs have no native connection details,
// so the function composes a connection Secret itself.

import type { JsonObject, ResourceState } from '../types';
import { Ready } from '../types';
import { getValue } from '../crossplane/fieldpath';
import { goJsonMarshal } from '../go';
import {
  FieldError,
  PatchType,
  applyCombinePatch,
  applyFromFieldPathPatch,
  fromFieldPathPolicyOf,
  patchTypeOf,
  wrapError,
  type Patch,
} from './patches';

export const CONNECTION_DETAIL_TYPES = ['FromConnectionSecretKey', 'FromFieldPath', 'FromValue'] as const;
export const CONNECTION_SECRET_TYPE = 'connection.crossplane.io/v1alpha1';

function str(o: JsonObject | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** Runtime validation of one connection detail (validate.go ValidateConnectionDetail). */
export function validateConnectionDetail(cd: JsonObject): FieldError | undefined {
  const type = str(cd, 'type') ?? '';
  if (type === '') return new FieldError('type', 'Required', 'connection detail type is required');
  if (!(CONNECTION_DETAIL_TYPES as readonly string[]).includes(type)) {
    return new FieldError('type', 'Invalid', 'unknown connection detail type', type);
  }
  if (!str(cd, 'name')) return new FieldError('name', 'Required', 'name is required');
  const missing = (key: string) => cd[key] === undefined || cd[key] === null;
  if (type === 'FromValue' && missing('value')) {
    return new FieldError('value', 'Required', 'value connection detail requires a value');
  }
  if (type === 'FromConnectionSecretKey' && missing('fromConnectionSecretKey')) {
    return new FieldError('fromConnectionSecretKey', 'Required', 'from connection secret key connection detail requires a key');
  }
  if (type === 'FromFieldPath' && missing('fromFieldPath')) {
    return new FieldError('fromFieldPath', 'Required', 'from field path connection detail requires a field path');
  }
  return undefined;
}

/** A string field as itself, anything else as its JSON (connection.go fromFieldPath). */
function valueFromFieldPath(from: JsonObject, path: string): string {
  const v = getValue(from, path);
  return typeof v === 'string' ? v : goJsonMarshal(v);
}

/**
 * Extracts XR connection details from an observed composed resource and its own connection
 * details. Missing secret keys and field paths are skipped: they may appear later.
 */
export function extractConnectionDetails(
  observed: JsonObject,
  data: Record<string, string>,
  configs: JsonObject[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const cfg of configs) {
    const invalid = validateConnectionDetail(cfg);
    if (invalid) throw wrapError(invalid, 'invalid');
    const name = str(cfg, 'name')!;
    switch (str(cfg, 'type')) {
      case 'FromValue':
        out[name] = str(cfg, 'value') ?? '';
        break;
      case 'FromConnectionSecretKey': {
        const key = str(cfg, 'fromConnectionSecretKey') ?? '';
        if (Object.hasOwn(data, key)) out[name] = data[key]!;
        break;
      }
      case 'FromFieldPath':
        try {
          out[name] = valueFromFieldPath(observed, str(cfg, 'fromFieldPath') ?? '');
        } catch {
          // Any read error skips the detail silently, as upstream does.
        }
        break;
    }
  }
  return out;
}

/** Legacy (v1-style) XRs support native connection details; v2 XRs carry spec.crossplane. */
export function supportsConnectionDetails(xr: JsonObject): boolean {
  try {
    getValue(xr, 'spec.crossplane');
    return false;
  } catch {
    return true;
  }
}

export interface SecretReference {
  name: string;
  namespace: string;
}

function metadataString(xr: JsonObject, key: string): string {
  const md = xr.metadata;
  return md !== null && typeof md === 'object' && !Array.isArray(md) ? (str(md, key) ?? '') : '';
}

/**
 * The un-patched reference: the XR's own spec.writeConnectionSecretToRef, else the input's
 * name/namespace (if either is set), else "<xr-name>-connection" in the XR's namespace.
 */
function baseConnectionSecretRef(xr: JsonObject, input: JsonObject | undefined): SecretReference {
  const spec = xr.spec;
  const xrRef = spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? spec.writeConnectionSecretToRef : undefined;
  if (xrRef !== null && typeof xrRef === 'object' && !Array.isArray(xrRef)) {
    return { name: str(xrRef, 'name') ?? '', namespace: str(xrRef, 'namespace') ?? '' };
  }
  const name = str(input, 'name') ?? '';
  const namespace = str(input, 'namespace') ?? '';
  if (input !== undefined && (name !== '' || namespace !== '')) return { name, namespace };
  return { name: `${metadataString(xr, 'name')}-connection`, namespace: metadataString(xr, 'namespace') };
}

function applyConnectionSecretPatches(xr: JsonObject, ref: SecretReference, patches: Patch[]): SecretReference {
  const target: JsonObject = { apiVersion: 'v1', kind: 'SecretReference', name: ref.name, namespace: ref.namespace };
  for (const [i, patch] of patches.entries()) {
    const type = patchTypeOf(patch);
    if (type !== PatchType.FromCompositeFieldPath && type !== PatchType.CombineFromComposite) {
      throw new Error(`unsupported patch type ${type} at index ${i}`);
    }
    try {
      if (type === PatchType.CombineFromComposite) applyCombinePatch(patch, xr, target);
      else applyFromFieldPathPatch(patch, xr, target);
    } catch (err) {
      // Upstream skips any failure of an Optional FromCompositeFieldPath patch, not only a missing
      // field; combine patches always fail.
      if (type === PatchType.FromCompositeFieldPath && fromFieldPathPolicyOf(patch) === 'Optional') continue;
      throw wrapError(err, `cannot apply patch type ${type} at index ${i}`);
    }
  }
  return {
    name: typeof target.name === 'string' ? target.name : ref.name,
    namespace: typeof target.namespace === 'string' ? target.namespace : ref.namespace,
  };
}

/** Where a v2 XR's connection Secret goes, after the input's patches (getConnectionSecretRef). */
export function connectionSecretRef(xr: JsonObject, input?: JsonObject): SecretReference {
  const ref = baseConnectionSecretRef(xr, input);
  const patches = Array.isArray(input?.patches) ? (input.patches as Patch[]) : [];
  if (patches.length === 0) return ref;
  try {
    return applyConnectionSecretPatches(xr, ref, patches);
  } catch (err) {
    throw wrapError(err, 'cannot apply connection secret patches');
  }
}

/** Desired-state key of the composed connection Secret. */
export function connectionSecretResourceName(xr: JsonObject): string {
  return `${metadataString(xr, 'name')}-connection-secret`;
}

/** A ready v1 Secret carrying the details (base64), or undefined when there are none. */
export function composeConnectionSecret(
  xr: JsonObject,
  details: Record<string, string>,
  input?: JsonObject,
): ResourceState | undefined {
  if (Object.keys(details).length === 0) return undefined;
  let ref: SecretReference;
  try {
    ref = connectionSecretRef(xr, input);
  } catch (err) {
    throw wrapError(err, 'cannot generate connection secret reference');
  }
  const metadata: JsonObject = {};
  // SetName("")/SetNamespace("") remove the field rather than writing an empty string.
  if (ref.name !== '') metadata.name = ref.name;
  if (ref.namespace !== '') metadata.namespace = ref.namespace;
  const data: JsonObject = {};
  for (const [k, v] of Object.entries(details)) data[k] = Buffer.from(v, 'utf8').toString('base64');
  const secret: JsonObject = { apiVersion: 'v1', kind: 'Secret' };
  if (Object.keys(metadata).length > 0) secret.metadata = metadata;
  secret.data = data;
  secret.type = CONNECTION_SECRET_TYPE;
  return {
    resource: secret,
    ready: Ready.True,
  };
}
