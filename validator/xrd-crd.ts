// The CustomResourceDefinitions Crossplane's definition controllers generate from an XRD, as
// crossplane-runtime pkg/xcrd (crd.go ForCompositeResource / ForCompositeResourceClaim,
// schemas.go; formerly crossplane internal/xcrd) builds them, and the XRD defaults the API server
// applies first (the XRD CRD's `default`s). Output: apiextensions.k8s.io/v1 CRD JSON, as the
// controller sends it (Go JSON, omitempty).
//
// Versions differ: Crossplane v2.0/v2.1 drop root-level x-kubernetes-validations and the scale
// subresource of an XRD version; v2.2 keeps the root rules, v2.3 also the scale subresource.
// The default is the latest behaviour (the stricter one for admission).
import { cloneJsonValue } from './crd-admission/json-value';
import { decodeSchema, emptySchema, encodeSchema, GoJsonError, type SchemaProps } from './crd-admission/schema-props';

export type CrossplaneVersion = '2.1' | '2.2' | '2.3';
export const LATEST_CROSSPLANE: CrossplaneVersion = '2.3';

export const CATEGORY_COMPOSITE = 'composite';
export const CATEGORY_CLAIM = 'claim';

type Json = Record<string, unknown>;

export interface XrdNames {
  plural?: string;
  singular?: string;
  shortNames?: string[];
  kind?: string;
  listKind?: string;
  categories?: string[];
}

export interface XrdVersion {
  name?: string;
  referenceable?: boolean;
  served?: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: unknown };
  additionalPrinterColumns?: Json[];
  subresources?: { scale?: Json };
}

export interface Xrd {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: {
    group?: string;
    names?: XrdNames;
    claimNames?: XrdNames;
    scope?: string;
    conversion?: Json;
    defaultCompositionUpdatePolicy?: string;
    defaultCompositeDeletePolicy?: string;
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    versions?: XrdVersion[];
  };
}

/** Why Crossplane cannot render a CRD (the controller's error; the XRD never becomes Established). */
export class XrdRenderError extends Error {
  constructor(
    message: string,
    /** The XRD field at fault: "spec.versions[0].schema.openAPIV3Schema". */
    readonly field: string,
  ) {
    super(message);
  }
}

const XRD_GROUP = 'apiextensions.crossplane.io';

/**
 * The XRD as Crossplane reads it: the defaults of the XRD CRD applied (v2 requests get v2's, and
 * every XRD is read through the v1 storage version, whose defaults then fill the rest).
 */
export function defaultXrd(xrd: Xrd): Xrd {
  const out = cloneJsonValue(xrd);
  const spec = (out.spec ??= {});
  if (out.apiVersion === `${XRD_GROUP}/v2`) spec.scope ??= 'Namespaced';
  if (out.apiVersion === `${XRD_GROUP}/v1` || out.apiVersion === `${XRD_GROUP}/v2`) {
    spec.scope ??= 'LegacyCluster';
    spec.defaultCompositeDeletePolicy ??= 'Background';
    spec.defaultCompositionUpdatePolicy ??= 'Automatic';
  }
  return out;
}

// ---- schemas.go ---------------------------------------------------------------------------------

const str = (): SchemaProps => ({ ...emptySchema(), type: 'string' });
const obj = (properties: Record<string, SchemaProps>, required?: string[]): SchemaProps => ({
  ...emptySchema(),
  type: 'object',
  ...(required ? { required } : {}),
  properties: new Map(Object.entries(properties)),
});
const nameRef = (): SchemaProps => obj({ name: str() }, ['name']);
const labelSelector = (): SchemaProps =>
  obj({ matchLabels: { ...emptySchema(), type: 'object', additionalProperties: { allows: true, schema: str() } } }, ['matchLabels']);
const enumOf = (values: string[], dflt?: string): SchemaProps => ({ ...str(), enum: values, ...(dflt !== undefined ? { default: { value: dflt } } : {}) });

function baseProps(): SchemaProps {
  return obj({ apiVersion: str(), kind: str(), metadata: { ...emptySchema(), type: 'object' }, spec: obj({}), status: obj({}) }, ['spec']);
}

function resourceRefs(withNamespace: boolean): SchemaProps {
  const ref: Record<string, SchemaProps> = { apiVersion: str(), name: str(), ...(withNamespace ? { namespace: str() } : {}), kind: str() };
  return { ...emptySchema(), type: 'array', items: { schema: obj(ref, ['apiVersion', 'kind']) }, xListType: 'atomic' };
}

export function compositeResourceSpecProps(scope: string, defaultUpdatePolicy: string | undefined): Map<string, SchemaProps> {
  const props: Record<string, SchemaProps> = {
    compositionRef: nameRef(),
    compositionSelector: labelSelector(),
    compositionRevisionRef: nameRef(),
    compositionRevisionSelector: labelSelector(),
    compositionUpdatePolicy: enumOf(['Automatic', 'Manual'], defaultUpdatePolicy),
    // Namespaced XRs may not reference composed resources in other namespaces.
    resourceRefs: resourceRefs(scope !== 'Namespaced'),
  };
  if (scope === 'LegacyCluster') {
    props.claimRef = obj({ apiVersion: str(), kind: str(), namespace: str(), name: str() }, ['apiVersion', 'kind', 'namespace', 'name']);
    props.writeConnectionSecretToRef = obj({ name: str(), namespace: str() }, ['name', 'namespace']);
    return new Map(Object.entries(props));
  }
  // Modern XRs nest the machinery under spec.crossplane.
  return new Map([['crossplane', { ...obj(props), description: 'Configures how Crossplane will reconcile this composite resource' }]]);
}

export function compositeResourceClaimSpecProps(defaultDeletePolicy: string | undefined): Map<string, SchemaProps> {
  return new Map(
    Object.entries({
      compositionRef: nameRef(),
      compositionSelector: labelSelector(),
      compositionRevisionRef: nameRef(),
      compositionRevisionSelector: labelSelector(),
      compositionUpdatePolicy: enumOf(['Automatic', 'Manual']),
      compositeDeletePolicy: enumOf(['Background', 'Foreground'], defaultDeletePolicy),
      resourceRef: obj({ apiVersion: str(), kind: str(), name: str() }, ['apiVersion', 'kind', 'name']),
      writeConnectionSecretToRef: obj({ name: str() }, ['name']),
    }),
  );
}

export function compositeResourceStatusProps(scope: string): Map<string, SchemaProps> {
  const condition = obj(
    {
      lastTransitionTime: { ...str(), format: 'date-time' },
      message: str(),
      reason: str(),
      status: str(),
      type: str(),
      observedGeneration: { ...emptySchema(), type: 'integer', format: 'int64' },
    },
    ['lastTransitionTime', 'reason', 'status', 'type'],
  );
  const props = new Map<string, SchemaProps>([
    ['conditions', { ...emptySchema(), description: 'Conditions of the resource.', type: 'array', xListMapKeys: ['type'], xListType: 'map', items: { schema: condition } }],
  ]);
  // Modern XRs have neither connection details nor claims.
  if (scope === 'LegacyCluster') {
    props.set('connectionDetails', obj({ lastPublishedTime: { ...str(), format: 'date-time' } }));
    props.set('claimConditionTypes', { ...emptySchema(), type: 'array', xListType: 'set', items: { schema: str() } });
  }
  return props;
}

interface Column {
  name: string;
  type: string;
  jsonPath: string;
  priority?: number;
}

export function compositeResourcePrinterColumns(scope: string): Column[] {
  const legacy = scope === 'LegacyCluster';
  return [
    { name: 'SYNCED', type: 'string', jsonPath: ".status.conditions[?(@.type=='Synced')].status" },
    { name: 'READY', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].status" },
    { name: 'COMPOSITION', type: 'string', jsonPath: legacy ? '.spec.compositionRef.name' : '.spec.crossplane.compositionRef.name' },
    { name: 'COMPOSITIONREVISION', type: 'string', jsonPath: legacy ? '.spec.compositionRevisionRef.name' : '.spec.crossplane.compositionRevisionRef.name', priority: 1 },
    { name: 'AGE', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ];
}

export function compositeResourceClaimPrinterColumns(): Column[] {
  return [
    { name: 'SYNCED', type: 'string', jsonPath: ".status.conditions[?(@.type=='Synced')].status" },
    { name: 'READY', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].status" },
    { name: 'CONNECTION-SECRET', type: 'string', jsonPath: '.spec.writeConnectionSecretToRef.name' },
    { name: 'AGE', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ];
}

// ---- crd.go -------------------------------------------------------------------------------------

function parseSchema(v: XrdVersion, field: string): SchemaProps {
  const raw = v.schema?.openAPIV3Schema;
  // A RawExtension holding nothing (or JSON null) does not unmarshal.
  if (raw === undefined || raw === null) throw new XrdRenderError('cannot parse validation schema: cannot parse validation schema: unexpected end of JSON input', field);
  try {
    // Crossplane unmarshals with encoding/json: keys match case-insensitively, unknown keys are dropped.
    return decodeSchema(raw, { caseInsensitiveKeys: true });
  } catch (e) {
    if (e instanceof GoJsonError) throw new XrdRenderError(`cannot parse validation schema: cannot parse validation schema: ${e.message}`, field);
    throw e;
  }
}

const has = (version: CrossplaneVersion, min: CrossplaneVersion): boolean => Number(version) >= Number(min);

/** genCrdVersion: Crossplane's base schema with the XRD version's spec and status merged in. */
function genCrdVersion(v: XrdVersion, index: number, maxNameLength: number, crossplane: CrossplaneVersion): { version: Json; schema: SchemaProps } {
  const field = `spec.versions[${index}].schema`;
  if (!v.schema) throw new XrdRenderError('custom resource validation cannot be nil', field);
  const s = parseSchema(v, `${field}.openAPIV3Schema`);
  const schema = baseProps();
  const props = schema.properties!;
  schema.description = s.description;
  if (has(crossplane, '2.2')) schema.xValidations = s.xValidations;

  const oldMax = s.properties?.get('metadata')?.properties?.get('name')?.maxLength;
  const maxLength = oldMax !== undefined && oldMax < maxNameLength ? oldMax : maxNameLength;
  props.get('metadata')!.properties = new Map([['name', { ...str(), maxLength }]]);

  // Only these parts of the XRD's spec and status survive; anything else there is dropped.
  const xSpec = s.properties?.get('spec') ?? emptySchema();
  const cSpec = props.get('spec')!;
  if ((xSpec.required?.length ?? 0) > 0) cSpec.required = [...xSpec.required!];
  cSpec.xPreserveUnknownFields = xSpec.xPreserveUnknownFields;
  if ((xSpec.xValidations?.length ?? 0) > 0) cSpec.xValidations = [...xSpec.xValidations!];
  if ((xSpec.oneOf?.length ?? 0) > 0) cSpec.oneOf = [...xSpec.oneOf!];
  cSpec.description = xSpec.description;
  for (const [k, x] of xSpec.properties ?? []) cSpec.properties!.set(k, x);

  const xStatus = s.properties?.get('status') ?? emptySchema();
  const cStatus = props.get('status')!;
  cStatus.required = xStatus.required;
  cStatus.xValidations = xStatus.xValidations;
  cStatus.description = xStatus.description;
  cStatus.oneOf = xStatus.oneOf;
  for (const [k, x] of xStatus.properties ?? []) cStatus.properties!.set(k, x);

  const version: Json = {
    name: v.name ?? '',
    served: v.served ?? false,
    storage: v.referenceable ?? false,
    ...(v.deprecated ? { deprecated: true } : {}),
    ...(v.deprecationWarning !== undefined ? { deprecationWarning: v.deprecationWarning } : {}),
    subresources: { status: {}, ...(has(crossplane, '2.3') && v.subresources?.scale ? { scale: cloneJsonValue(v.subresources.scale) } : {}) },
    additionalPrinterColumns: (v.additionalPrinterColumns ?? []).map((c) => cloneJsonValue(c)),
  };
  return { version, schema };
}

function columnJson(c: Column): Json {
  return { name: c.name, type: c.type, jsonPath: c.jsonPath, ...(c.priority ? { priority: c.priority } : {}) };
}

function namesJson(n: XrdNames, category: string): Json {
  return {
    plural: n.plural ?? '',
    ...(n.singular ? { singular: n.singular } : {}),
    ...(n.shortNames && n.shortNames.length > 0 ? { shortNames: [...n.shortNames] } : {}),
    kind: n.kind ?? '',
    ...(n.listKind ? { listKind: n.listKind } : {}),
    categories: [...(n.categories ?? []), category],
  };
}

/** setCrdMetadata (+ the controller reference, when the XRD's uid is known). */
export function crdMetadata(xrd: Xrd, name: string): Json {
  const labels = { ...(xrd.metadata?.labels ?? {}), ...(xrd.spec?.metadata?.labels ?? {}) };
  const annotations = xrd.spec?.metadata?.annotations;
  const uid = xrd.metadata?.uid;
  return {
    name,
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    ...(annotations && Object.keys(annotations).length > 0 ? { annotations: { ...annotations } } : {}),
    ...(uid
      ? { ownerReferences: [{ apiVersion: `${XRD_GROUP}/v1`, kind: 'CompositeResourceDefinition', name: xrd.metadata?.name ?? '', uid, controller: true, blockOwnerDeletion: true }] }
      : {}),
  };
}

function crdJson(metadata: Json, spec: Json, versions: Json[]): Json {
  return { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata, spec: { ...spec, versions } };
}

function wrapGenError<T>(what: string, xrd: Xrd, gen: () => T): T {
  try {
    return gen();
  } catch (e) {
    if (e instanceof XrdRenderError) throw new XrdRenderError(`cannot generate CRD for ${JSON.stringify(what)} ${JSON.stringify(xrd.metadata?.name ?? '')}: ${e.message}`, e.field);
    throw e;
  }
}

// The composite name becomes a label value, so it is capped at 63 characters (as is the claim's).
const MAX_NAME_LENGTH = 63;

export interface GenerateOptions {
  crossplane?: CrossplaneVersion;
}

/** ForCompositeResource: the XR's CRD. `xrd` is taken as Crossplane reads it (see defaultXrd). */
export function compositeCrd(xrd: Xrd, opts: GenerateOptions = {}): Json {
  const crossplane = opts.crossplane ?? LATEST_CROSSPLANE;
  const spec = xrd.spec ?? {};
  // An unset scope means LegacyCluster (the v1 default).
  const scope = spec.scope ?? 'LegacyCluster';
  const versions = (spec.versions ?? []).map((v, i) => {
    const { version, schema } = wrapGenError('Composite Resource', xrd, () => genCrdVersion(v, i, MAX_NAME_LENGTH, crossplane));
    version.additionalPrinterColumns = [...(version.additionalPrinterColumns as Json[]), ...compositeResourcePrinterColumns(scope).map(columnJson)];
    for (const [k, x] of compositeResourceSpecProps(scope, spec.defaultCompositionUpdatePolicy)) schema.properties!.get('spec')!.properties!.set(k, x);
    for (const [k, x] of compositeResourceStatusProps(scope)) schema.properties!.get('status')!.properties!.set(k, x);
    return { ...version, schema: { openAPIV3Schema: encodeSchema(schema) } };
  });
  return crdJson(
    crdMetadata(xrd, xrd.metadata?.name ?? ''),
    {
      group: spec.group ?? '',
      names: namesJson(spec.names ?? {}, CATEGORY_COMPOSITE),
      scope: scope === 'Namespaced' ? 'Namespaced' : 'Cluster',
      ...(spec.conversion ? { conversion: cloneJsonValue(spec.conversion) } : {}),
    },
    versions,
  );
}

/** validateClaimNames: the claim's names may not repeat the composite's. */
export function claimNamesError(xrd: Xrd): string | undefined {
  const names = xrd.spec?.names ?? {};
  const claim = xrd.spec?.claimNames;
  if (!claim) return 'missing names';
  const conflict = (n: string | undefined) => `${JSON.stringify(n ?? '')} conflicts with composite resource name`;
  if ((claim.kind ?? '') === (names.kind ?? '')) return conflict(claim.kind);
  if ((claim.plural ?? '') === (names.plural ?? '')) return conflict(claim.plural);
  if (claim.singular && claim.singular === names.singular) return conflict(claim.singular);
  if (claim.listKind && claim.listKind === names.listKind) return conflict(claim.listKind);
  return undefined;
}

/** ForCompositeResourceClaim: the claim's CRD. */
export function claimCrd(xrd: Xrd, opts: GenerateOptions = {}): Json {
  const crossplane = opts.crossplane ?? LATEST_CROSSPLANE;
  const nameError = claimNamesError(xrd);
  if (nameError) throw new XrdRenderError(`invalid resource claim names: ${nameError}`, 'spec.claimNames');
  const spec = xrd.spec ?? {};
  const claim = spec.claimNames!;
  const versions = (spec.versions ?? []).map((v, i) => {
    const { version, schema } = wrapGenError('Composite Resource Claim', xrd, () => genCrdVersion(v, i, MAX_NAME_LENGTH, crossplane));
    version.additionalPrinterColumns = [...(version.additionalPrinterColumns as Json[]), ...compositeResourceClaimPrinterColumns().map(columnJson)];
    for (const [k, x] of compositeResourceClaimSpecProps(spec.defaultCompositeDeletePolicy)) schema.properties!.get('spec')!.properties!.set(k, x);
    // Upstream gives claims the legacy XR status fields too (claimConditionTypes included).
    for (const [k, x] of compositeResourceStatusProps('LegacyCluster')) schema.properties!.get('status')!.properties!.set(k, x);
    return { ...version, schema: { openAPIV3Schema: encodeSchema(schema) } };
  });
  return crdJson(
    crdMetadata(xrd, `${claim.plural ?? ''}.${spec.group ?? ''}`),
    {
      group: spec.group ?? '',
      names: namesJson(claim, CATEGORY_CLAIM),
      scope: 'Namespaced',
      ...(spec.conversion ? { conversion: cloneJsonValue(spec.conversion) } : {}),
    },
    versions,
  );
}

export interface GeneratedCrds {
  xrd: Xrd;
  composite: Json;
  claim?: Json;
}

/** Both CRDs of an XRD as the cluster gets them: defaults applied, claim only for LegacyCluster with claimNames. */
export function crdsForXrd(xrd: object, opts: GenerateOptions = {}): GeneratedCrds {
  const x = defaultXrd(xrd as Xrd);
  const composite = compositeCrd(x, opts);
  // Only LegacyCluster XRDs offer claims (the XRD CRD's CEL rules refuse claimNames elsewhere).
  const claim = x.spec?.claimNames && x.spec.scope === 'LegacyCluster' ? claimCrd(x, opts) : undefined;
  return { xrd: x, composite, ...(claim ? { claim } : {}) };
}
