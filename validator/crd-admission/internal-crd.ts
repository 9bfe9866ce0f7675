// The internal (hub) CustomResourceDefinition the API server validates, and the way an
// `apiextensions.k8s.io/v1` request becomes one: decode (Go JSON), v1 defaulting
// (SetDefaults_CustomResourceDefinition), PrepareForCreate (status reset, storedVersions) and the
// v1 -> internal conversion. The conversion hoists per-version schemas, subresources, printer
// columns and selectable fields to the top level when every version has the same value, which is
// why the API server reports a single-version v1 CRD's schema problems under
// `spec.validation.openAPIV3Schema` rather than `spec.versions[0].schema.openAPIV3Schema`.
import type { ObjectMetaLike } from './names';
import { decodeSchema, GoJsonError, type SchemaProps } from './schema-props';
import { semanticDeepEqual } from './semantic-equal';

export interface CrdNames {
  plural: string;
  singular: string;
  shortNames?: string[];
  kind: string;
  listKind: string;
  categories?: string[];
}

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
  jsonPath: string;
}

export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface Subresources {
  status?: Record<string, never>;
  scale?: ScaleSubresource;
}

export interface CrdValidation {
  openAPIV3Schema?: SchemaProps;
}

export interface SelectableField {
  jsonPath: string;
}

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated: boolean;
  deprecationWarning?: string;
  schema?: CrdValidation;
  subresources?: Subresources;
  additionalPrinterColumns?: ColumnDefinition[];
  selectableFields?: SelectableField[];
}

export interface ServiceReference {
  namespace: string;
  name: string;
  path?: string;
  port: number;
}

export interface WebhookClientConfig {
  url?: string;
  service?: ServiceReference;
  caBundle?: string;
}

export interface CrdConversion {
  strategy: string;
  webhookClientConfig?: WebhookClientConfig;
  conversionReviewVersions?: string[];
}

export interface InternalCrdSpec {
  group: string;
  /** The first version's name (internal-only field). */
  version: string;
  names: CrdNames;
  scope: string;
  validation?: CrdValidation;
  subresources?: Subresources;
  versions?: CrdVersion[];
  additionalPrinterColumns?: ColumnDefinition[];
  selectableFields?: SelectableField[];
  conversion?: CrdConversion;
  preserveUnknownFields?: boolean;
}

export interface InternalCrd {
  metadata: ObjectMetaLike;
  spec: InternalCrdSpec;
  status: { acceptedNames: CrdNames; storedVersions?: string[] };
}

/** A request the API server cannot decode: 400 Bad Request, before any validation. */
export class CrdDecodeError extends Error {}

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);

function fail(path: string, value: unknown, goType: string): never {
  const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'bool' : typeof value;
  throw new CrdDecodeError(`json: cannot unmarshal ${kind} into Go struct field ${path} of type ${goType}`);
}

function str(o: Raw, key: string, path: string): string {
  const v = o[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') fail(`${path}.${key}`, v, 'string');
  return v;
}

function optStr(o: Raw, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') fail(`${path}.${key}`, v, 'string');
  return v;
}

function bool(o: Raw, key: string, path: string): boolean {
  const v = o[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') fail(`${path}.${key}`, v, 'bool');
  return v;
}

function int(o: Raw, key: string, path: string): number {
  const v = o[key];
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(`${path}.${key}`, v, 'int32');
  return v;
}

function strings(o: Raw, key: string, path: string): string[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) fail(`${path}.${key}`, v, '[]string');
  return v.map((s) => {
    if (typeof s !== 'string') fail(`${path}.${key}`, s, 'string');
    return s;
  });
}

function obj(o: Raw, key: string, path: string): Raw | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) fail(`${path}.${key}`, v, 'struct');
  return v;
}

function list(o: Raw, key: string, path: string): Raw[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) fail(`${path}.${key}`, v, 'slice');
  return v.map((x) => {
    if (!isObject(x)) fail(`${path}.${key}`, x, 'struct');
    return x;
  });
}

function stringMap(o: Raw, key: string, path: string): Record<string, string> | undefined {
  const v = obj(o, key, path);
  if (!v) return undefined;
  for (const [k, x] of Object.entries(v)) if (typeof x !== 'string') fail(`${path}.${key}.${k}`, x, 'string');
  return v as Record<string, string>;
}

export function decodeNames(raw: Raw | undefined, path: string): CrdNames {
  const o = raw ?? {};
  return {
    plural: str(o, 'plural', path),
    singular: str(o, 'singular', path),
    shortNames: strings(o, 'shortNames', path),
    kind: str(o, 'kind', path),
    listKind: str(o, 'listKind', path),
    categories: strings(o, 'categories', path),
  };
}

function decodeSubresources(raw: Raw | undefined, path: string): Subresources | undefined {
  if (!raw) return undefined;
  const out: Subresources = {};
  if (obj(raw, 'status', path)) out.status = {};
  const scale = obj(raw, 'scale', path);
  if (scale) {
    out.scale = {
      specReplicasPath: str(scale, 'specReplicasPath', `${path}.scale`),
      statusReplicasPath: str(scale, 'statusReplicasPath', `${path}.scale`),
      labelSelectorPath: optStr(scale, 'labelSelectorPath', `${path}.scale`),
    };
  }
  return out;
}

function decodeColumns(raw: Raw[] | undefined, path: string): ColumnDefinition[] | undefined {
  return raw?.map((c) => ({
    name: str(c, 'name', path),
    type: str(c, 'type', path),
    format: str(c, 'format', path),
    description: str(c, 'description', path),
    priority: int(c, 'priority', path),
    jsonPath: str(c, 'jsonPath', path),
  }));
}

function decodeVersionSchema(raw: Raw | undefined, path: string): CrdValidation | undefined {
  if (!raw) return undefined;
  const s = raw.openAPIV3Schema;
  if (s === undefined || s === null) return {};
  try {
    return { openAPIV3Schema: decodeSchema(s) };
  } catch (e) {
    if (e instanceof GoJsonError) throw new CrdDecodeError(e.message.replace('JSONSchemaProps', `${path}.openAPIV3Schema`));
    throw e;
  }
}

function decodeVersion(v: Raw, path: string): CrdVersion {
  return {
    name: str(v, 'name', path),
    served: bool(v, 'served', path),
    storage: bool(v, 'storage', path),
    deprecated: bool(v, 'deprecated', path),
    deprecationWarning: optStr(v, 'deprecationWarning', path),
    schema: decodeVersionSchema(obj(v, 'schema', path), `${path}.schema`),
    subresources: decodeSubresources(obj(v, 'subresources', path), `${path}.subresources`),
    additionalPrinterColumns: decodeColumns(list(v, 'additionalPrinterColumns', path), `${path}.additionalPrinterColumns`),
    selectableFields: list(v, 'selectableFields', path)?.map((f) => ({ jsonPath: str(f, 'jsonPath', `${path}.selectableFields`) })),
  };
}

function decodeConversion(raw: Raw | undefined, path: string): CrdConversion | undefined {
  if (!raw) return undefined;
  // v1 nests the webhook settings under `webhook`; the internal type holds them flat.
  const out: CrdConversion = { strategy: str(raw, 'strategy', path) };
  const webhook = obj(raw, 'webhook', path);
  if (webhook) {
    out.conversionReviewVersions = strings(webhook, 'conversionReviewVersions', `${path}.webhook`);
    const cc = obj(webhook, 'clientConfig', `${path}.webhook`);
    if (cc) {
      const svc = obj(cc, 'service', `${path}.webhook.clientConfig`);
      out.webhookClientConfig = {
        url: optStr(cc, 'url', `${path}.webhook.clientConfig`),
        caBundle: optStr(cc, 'caBundle', `${path}.webhook.clientConfig`),
        ...(svc
          ? {
              service: {
                namespace: str(svc, 'namespace', `${path}.webhook.clientConfig.service`),
                name: str(svc, 'name', `${path}.webhook.clientConfig.service`),
                path: optStr(svc, 'path', `${path}.webhook.clientConfig.service`),
                // SetDefaults_ServiceReference
                port: svc.port === undefined || svc.port === null ? 443 : int(svc, 'port', `${path}.webhook.clientConfig.service`),
              },
            }
          : {}),
      };
    }
  }
  return out;
}

function decodeMeta(raw: Raw | undefined): ObjectMetaLike {
  const m = raw ?? {};
  const p = 'ObjectMeta';
  return {
    name: optStr(m, 'name', p),
    generateName: optStr(m, 'generateName', p),
    namespace: optStr(m, 'namespace', p),
    labels: stringMap(m, 'labels', p),
    annotations: stringMap(m, 'annotations', p),
    ownerReferences: list(m, 'ownerReferences', p)?.map((r) => ({
      apiVersion: optStr(r, 'apiVersion', `${p}.ownerReferences`),
      kind: optStr(r, 'kind', `${p}.ownerReferences`),
      name: optStr(r, 'name', `${p}.ownerReferences`),
      uid: optStr(r, 'uid', `${p}.ownerReferences`),
      controller: r.controller === true,
    })),
    finalizers: strings(m, 'finalizers', p),
  };
}

/** Go's reflect-free check "same value" used by the hoisting (nil and empty collections are equal). */
function allSame<T>(versions: CrdVersion[], pick: (v: CrdVersion) => T): boolean {
  return versions.every((v) => semanticDeepEqual(pick(v), pick(versions[0])));
}

/** An `apiextensions.k8s.io/v1` CustomResourceDefinition as the API server holds it on create. */
export function internalCrdFromV1(crd: object): InternalCrd {
  if (!isObject(crd)) throw new CrdDecodeError('a CustomResourceDefinition must be a JSON object');
  const o = crd as Raw;
  const spec = obj(o, 'spec', 'CustomResourceDefinition') ?? {};
  const p = 'CustomResourceDefinitionSpec';
  const versions = list(spec, 'versions', p)?.map((v, i) => decodeVersion(v, `${p}.versions[${i}]`)) ?? [];
  const names = decodeNames(obj(spec, 'names', p), `${p}.names`);

  // SetDefaults_CustomResourceDefinitionSpec
  if (!names.singular) names.singular = names.kind.toLowerCase();
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  const conversion = decodeConversion(obj(spec, 'conversion', p), `${p}.conversion`) ?? { strategy: 'None' };

  const out: InternalCrd = {
    metadata: decodeMeta(obj(o, 'metadata', 'CustomResourceDefinition')),
    spec: {
      group: str(spec, 'group', p),
      version: '',
      names,
      scope: str(spec, 'scope', p),
      versions,
      conversion,
      // v1 has a plain bool; the internal type a pointer that is therefore always set.
      preserveUnknownFields: bool(spec, 'preserveUnknownFields', p),
    },
    // PrepareForCreate drops any status and records the storage version.
    status: { acceptedNames: { plural: '', singular: '', kind: '', listKind: '' } },
  };
  const storage = versions.find((v) => v.storage);
  if (storage) out.status.storedVersions = [storage.name];

  if (versions.length > 0) {
    out.spec.version = versions[0].name;
    // Convert_v1_CustomResourceDefinitionSpec_To_apiextensions_CustomResourceDefinitionSpec
    if (allSame(versions, (v) => v.subresources)) {
      out.spec.subresources = versions[0].subresources;
      for (const v of versions) delete v.subresources;
    }
    if (allSame(versions, (v) => v.schema)) {
      out.spec.validation = versions[0].schema;
      for (const v of versions) delete v.schema;
    }
    if (allSame(versions, (v) => v.additionalPrinterColumns)) {
      out.spec.additionalPrinterColumns = versions[0].additionalPrinterColumns;
      for (const v of versions) delete v.additionalPrinterColumns;
    }
    if (allSame(versions, (v) => v.selectableFields)) {
      out.spec.selectableFields = versions[0].selectableFields;
      for (const v of versions) delete v.selectableFields;
    }
  }
  return out;
}

function decodeHubConversion(raw: Raw | undefined, path: string): CrdConversion | undefined {
  if (!raw) return undefined;
  const cc = obj(raw, 'webhookClientConfig', path);
  const svc = cc ? obj(cc, 'service', `${path}.webhookClientConfig`) : undefined;
  return {
    strategy: str(raw, 'strategy', path),
    conversionReviewVersions: strings(raw, 'conversionReviewVersions', path),
    ...(cc
      ? {
          webhookClientConfig: {
            url: optStr(cc, 'url', path),
            caBundle: optStr(cc, 'caBundle', path),
            ...(svc ? { service: { namespace: str(svc, 'namespace', path), name: str(svc, 'name', path), path: optStr(svc, 'path', path), port: int(svc, 'port', path) } } : {}),
          },
        }
      : {}),
  };
}

/**
 * The internal (hub) CRD written as JSON with the internal type's fields (spec.version,
 * spec.validation, flat conversion settings, status as given): the form upstream's validation
 * tests build their CRDs in. No defaulting or conversion is applied.
 */
export function internalCrdFromHubJson(crd: object): InternalCrd {
  const o = crd as Raw;
  const spec = obj(o, 'spec', 'CustomResourceDefinition') ?? {};
  const status = obj(o, 'status', 'CustomResourceDefinition') ?? {};
  const p = 'CustomResourceDefinitionSpec';
  const pruf = spec.preserveUnknownFields;
  return {
    metadata: decodeMeta(obj(o, 'metadata', 'CustomResourceDefinition')),
    spec: {
      group: str(spec, 'group', p),
      version: str(spec, 'version', p),
      names: decodeNames(obj(spec, 'names', p), `${p}.names`),
      scope: str(spec, 'scope', p),
      validation: decodeVersionSchema(obj(spec, 'validation', p), `${p}.validation`),
      subresources: decodeSubresources(obj(spec, 'subresources', p), `${p}.subresources`),
      versions: list(spec, 'versions', p)?.map((v, i) => decodeVersion(v, `${p}.versions[${i}]`)),
      additionalPrinterColumns: decodeColumns(list(spec, 'additionalPrinterColumns', p), `${p}.additionalPrinterColumns`),
      selectableFields: list(spec, 'selectableFields', p)?.map((f) => ({ jsonPath: str(f, 'jsonPath', `${p}.selectableFields`) })),
      conversion: decodeHubConversion(obj(spec, 'conversion', p), `${p}.conversion`),
      preserveUnknownFields: typeof pruf === 'boolean' ? pruf : undefined,
    },
    status: { acceptedNames: decodeNames(obj(status, 'acceptedNames', 'status'), 'status.acceptedNames'), storedVersions: strings(status, 'storedVersions', 'status') },
  };
}
