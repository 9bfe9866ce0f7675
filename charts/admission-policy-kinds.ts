// The kinds the admission policies guard, read from the synthesized package itself (its XRDs and the
// bases its Compositions compose), so a new domain or a newly composed kind is covered without
// editing the policies. Plurals come from the schema bundle: admission rules match resources, not kinds.
import type { SchemaBundle } from '../validator/schema-bundle';

export interface ResourceKind {
  readonly group: string;
  readonly plural: string;
  readonly kind: string;
}

/** XR parameters that name a ProviderConfig (the MRs are patched from them). */
export const PROVIDER_CONFIG_PARAMETERS = ['managementProviderConfigName', 'providerConfigName'] as const;
export type ProviderConfigParameter = (typeof PROVIDER_CONFIG_PARAMETERS)[number];

export interface CompositeKind extends ResourceKind {
  /** the claim kind the XRD offers, if any */
  readonly claim?: ResourceKind;
  /** spec.parameters fields of the XR (in any version) that name a ProviderConfig */
  readonly providerConfigParameters: readonly ProviderConfigParameter[];
}

export interface PackageKinds {
  readonly composites: readonly CompositeKind[];
  /** composed kinds reconciled with a ProviderConfig (spec.providerConfigRef): provider-upjet-aws and provider-terraform */
  readonly managed: readonly ResourceKind[];
  /** ProviderConfig kinds a Composition composes (the policies cannot forbid composing those) */
  readonly composedProviderConfigs: readonly ResourceKind[];
}

/** provider-upjet-aws groups end with this; provider-terraform's is TERRAFORM_GROUP. */
export const AWS_GROUP_SUFFIX = '.aws.upbound.io';
export const TERRAFORM_GROUP = 'tf.upbound.io';
/** Kinds of the provider groups that are not managed resources. */
const PROVIDER_OWN_KINDS = new Set(['ProviderConfig', 'ProviderConfigUsage', 'ClusterProviderConfig']);

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const isProviderGroup = (group: string): boolean => group.endsWith(AWS_GROUP_SUFFIX) || group === TERRAFORM_GROUP;

function compositeKind(xrd: Json): CompositeKind {
  const spec = obj(xrd.spec);
  const names = obj(spec.names);
  const claimNames = obj(spec.claimNames);
  const group = str(spec.group);
  const where = `admission policies: XRD ${str(obj(xrd.metadata).name) || '(unnamed)'}`;
  if (!group || !str(names.kind) || !str(names.plural)) throw new Error(`${where}: spec.group, spec.names.kind and spec.names.plural are required`);
  const params = new Set<ProviderConfigParameter>();
  for (const v of arr(spec.versions)) {
    const parameters = obj(obj(obj(obj(obj(obj(obj(v).schema).openAPIV3Schema).properties).spec).properties).parameters);
    for (const p of PROVIDER_CONFIG_PARAMETERS) if (p in obj(parameters.properties)) params.add(p);
  }
  return {
    group,
    plural: str(names.plural),
    kind: str(names.kind),
    ...(str(claimNames.kind) ? { claim: { group, plural: str(claimNames.plural), kind: str(claimNames.kind) } } : {}),
    providerConfigParameters: PROVIDER_CONFIG_PARAMETERS.filter((p) => params.has(p)),
  };
}

/** Every composed base of a Composition (function-patch-and-transform resources). */
function composedBases(composition: Json): Json[] {
  return arr(obj(composition.spec).pipeline).flatMap((step) => arr(obj(obj(step).input).resources).map((r) => obj(obj(r).base)));
}

const byResource = (a: ResourceKind, b: ResourceKind): number => (a.group === b.group ? a.plural.localeCompare(b.plural) : a.group.localeCompare(b.group));

/** The kinds of a synthesized package (the objects of dist/). */
export function packageKinds(objects: readonly Json[], bundle: SchemaBundle): PackageKinds {
  const composites: CompositeKind[] = [];
  const managed = new Map<string, ResourceKind>();
  const providerConfigs = new Map<string, ResourceKind>();
  for (const o of objects) {
    if (o.kind === 'CompositeResourceDefinition') composites.push(compositeKind(o));
    if (o.kind !== 'Composition') continue;
    for (const base of composedBases(o)) {
      const apiVersion = str(base.apiVersion);
      const kind = str(base.kind);
      const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
      if (!isProviderGroup(group) || kind === 'ProviderConfigUsage') continue;
      const entry = bundle.lookup(apiVersion, kind);
      if (!entry) throw new Error(`admission policies: composed kind ${kind} (${apiVersion}) has no schema in the bundle (run npm run import)`);
      const target = PROVIDER_OWN_KINDS.has(kind) ? providerConfigs : managed;
      target.set(`${group}/${kind}`, { group, plural: entry.plural, kind });
    }
  }
  return { composites: composites.sort(byResource), managed: [...managed.values()].sort(byResource), composedProviderConfigs: [...providerConfigs.values()].sort(byResource) };
}
