// Derives the composite (XR) and claim CRD schemas that Crossplane generates from an XRD
// (facts from crossplane/crossplane internal/xcrd: crd.go genCrdVersion, schemas.go).
import type { Schema } from './k8s-to-json-schema';
import type { BundleEntry } from './schema-bundle';

interface XrdNames {
  kind?: string;
  plural?: string;
  singular?: string;
  listKind?: string;
}

interface Xrd {
  apiVersion?: string;
  metadata?: { name?: string };
  spec?: {
    group?: string;
    scope?: string;
    names?: XrdNames;
    claimNames?: XrdNames;
    defaultCompositionUpdatePolicy?: string;
    defaultCompositeDeletePolicy?: string;
    versions?: { name?: string; schema?: { openAPIV3Schema?: Schema } }[];
  };
}

type Scope = 'LegacyCluster' | 'Cluster' | 'Namespaced';

const str = (): Schema => ({ type: 'string' });
const obj = (properties: Record<string, Schema>, required?: string[]): Schema => ({
  type: 'object',
  ...(required ? { required } : {}),
  properties,
});
const nameRef = (): Schema => obj({ name: str() }, ['name']);
const labelSelector = (): Schema => obj({ matchLabels: { type: 'object', additionalProperties: str() } }, ['matchLabels']);
const updatePolicy = (dflt?: string): Schema => ({ type: 'string', enum: ['Automatic', 'Manual'], ...(dflt ? { default: dflt } : {}) });

function compositeSpecProps(scope: Scope, defaultUpdatePolicy: string | undefined): Record<string, Schema> {
  const refProps: Record<string, Schema> = { apiVersion: str(), name: str(), kind: str() };
  if (scope !== 'Namespaced') refProps.namespace = str();
  const props: Record<string, Schema> = {
    compositionRef: nameRef(),
    compositionSelector: labelSelector(),
    compositionRevisionRef: nameRef(),
    compositionRevisionSelector: labelSelector(),
    compositionUpdatePolicy: updatePolicy(defaultUpdatePolicy),
    resourceRefs: { type: 'array', items: obj(refProps, ['apiVersion', 'kind']), 'x-kubernetes-list-type': 'atomic' },
  };
  if (scope === 'LegacyCluster') {
    props.claimRef = obj({ apiVersion: str(), kind: str(), namespace: str(), name: str() }, ['apiVersion', 'kind', 'namespace', 'name']);
    props.writeConnectionSecretToRef = obj({ name: str(), namespace: str() }, ['name', 'namespace']);
    return props;
  }
  // Modern (v2) XRs nest the machinery under spec.crossplane.
  return { crossplane: obj(props) };
}

function claimSpecProps(defaultDeletePolicy: string | undefined): Record<string, Schema> {
  return {
    compositionRef: nameRef(),
    compositionSelector: labelSelector(),
    compositionRevisionRef: nameRef(),
    compositionRevisionSelector: labelSelector(),
    compositionUpdatePolicy: updatePolicy(),
    compositeDeletePolicy: { type: 'string', enum: ['Background', 'Foreground'], ...(defaultDeletePolicy ? { default: defaultDeletePolicy } : {}) },
    resourceRef: obj({ apiVersion: str(), kind: str(), name: str() }, ['apiVersion', 'kind', 'name']),
    writeConnectionSecretToRef: obj({ name: str() }, ['name']),
  };
}

function statusProps(scope: Scope): Record<string, Schema> {
  const props: Record<string, Schema> = {
    conditions: {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['type'],
      items: obj(
        {
          lastTransitionTime: { type: 'string', format: 'date-time' },
          message: str(),
          reason: str(),
          status: str(),
          type: str(),
          observedGeneration: { type: 'integer', format: 'int64' },
        },
        ['lastTransitionTime', 'reason', 'status', 'type'],
      ),
    },
  };
  const connectionDetails = obj({ lastPublishedTime: { type: 'string', format: 'date-time' } });
  if (scope === 'LegacyCluster') {
    props.connectionDetails = connectionDetails;
    props.claimConditionTypes = { type: 'array', 'x-kubernetes-list-type': 'set', items: str() };
  } else {
    props.crossplane = obj({ connectionDetails });
  }
  return props;
}

/** genCrdVersion: Crossplane's base schema with the XRD's spec/status merged in (and nothing else). */
function baseVersionSchema(x: Schema, maxNameLength: number): Schema {
  const xProps = (x.properties ?? {}) as Record<string, Schema>;
  const xName = (xProps.metadata?.properties as Record<string, Schema> | undefined)?.name;
  const maxLength = typeof xName?.maxLength === 'number' && xName.maxLength < maxNameLength ? xName.maxLength : maxNameLength;

  const xSpec = xProps.spec ?? {};
  const spec: Schema = { type: 'object', properties: { ...((xSpec.properties ?? {}) as Record<string, Schema>) } };
  copyIfSet(xSpec, spec, ['required', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-validations', 'oneOf']);

  const xStatus = xProps.status ?? {};
  const status: Schema = { type: 'object', properties: { ...((xStatus.properties ?? {}) as Record<string, Schema>) } };
  copyIfSet(xStatus, status, ['required', 'x-kubernetes-validations', 'oneOf']);

  return {
    type: 'object',
    required: ['spec'],
    properties: {
      apiVersion: str(),
      kind: str(),
      metadata: obj({ name: { type: 'string', maxLength } }),
      spec,
      status,
    },
  };
}

function copyIfSet(from: Schema, to: Schema, keys: string[]): void {
  for (const k of keys) if (from[k] !== undefined) to[k] = from[k];
}

function withProps(schema: Schema, field: 'spec' | 'status', props: Record<string, Schema>): Schema {
  const root = schema.properties as Record<string, Schema>;
  Object.assign(root[field].properties as Record<string, Schema>, props);
  return schema;
}

/** Bundle entries for the XR kind and, when the XRD offers one, the claim kind, per XRD version. */
export function xrdSchemas(xrd: object): BundleEntry[] {
  const x = xrd as Xrd;
  const spec = x.spec;
  const where = `XRD ${x.metadata?.name ?? '(unnamed)'}`;
  if (!spec?.group || !spec.names?.kind || !spec.names.plural) throw new Error(`${where}: spec.group, spec.names.kind and spec.names.plural are required`);
  const isV1 = x.apiVersion === 'apiextensions.crossplane.io/v1';
  // Defaults of the XRD CRD itself (v1: LegacyCluster + Background; v2: Namespaced).
  const scope = (spec.scope ?? (isV1 ? 'LegacyCluster' : 'Namespaced')) as Scope;
  const updatePolicy = spec.defaultCompositionUpdatePolicy ?? 'Automatic';
  const deletePolicy = spec.defaultCompositeDeletePolicy ?? (isV1 ? 'Background' : undefined);
  const claim = spec.claimNames;
  if (claim) {
    if (!claim.kind || !claim.plural) throw new Error(`${where}: spec.claimNames.kind and spec.claimNames.plural are required`);
    for (const k of ['kind', 'plural', 'singular', 'listKind'] as const) {
      if (claim[k] && claim[k] === spec.names[k]) throw new Error(`${where}: claim name "${claim[k]}" conflicts with composite resource name`);
    }
  }

  const entries: BundleEntry[] = [];
  for (const v of spec.versions ?? []) {
    const schema = v.schema?.openAPIV3Schema;
    if (!v.name || !schema) throw new Error(`${where}: every version needs a name and schema.openAPIV3Schema`);
    const xr = withProps(withProps(baseVersionSchema(schema, 63), 'spec', compositeSpecProps(scope, updatePolicy)), 'status', statusProps(scope));
    entries.push({ group: spec.group, version: v.name, kind: spec.names.kind, plural: spec.names.plural, scope: scope === 'Namespaced' ? 'Namespaced' : 'Cluster', schema: xr });
    if (claim && scope === 'LegacyCluster') {
      const c = withProps(withProps(baseVersionSchema(schema, 63), 'spec', claimSpecProps(deletePolicy)), 'status', statusProps('LegacyCluster'));
      entries.push({ group: spec.group, version: v.name, kind: claim.kind!, plural: claim.plural!, scope: 'Namespaced', schema: c });
    }
  }
  return entries;
}
