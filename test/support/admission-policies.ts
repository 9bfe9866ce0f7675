// What the admission policy tests share: the synthesized package (dist/), the policies generated
// from it and the example onboarding list, the schemas of every kind they match, and a cluster that
// serves those kinds with the bound namespaces and one that is not bound.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageKinds } from '../../charts/admission-policy-kinds';
import { admissionPolicies, CLAIM_NAMESPACE_LABEL } from '../../charts/admission-policy';
import { onboarding } from '../../examples/onboarding';
import type { JsonObject } from '../../validator/admission/api';
import { AdmissionCluster, type ServedKind } from '../../validator/admission/cluster';
import { bundleTypeResolver, type SchemaEntry } from '../../validator/admission/typechecking';
import type { JsonSchema } from '../../validator/cel-check/decl-type';
import { readPackage } from '../../validator/package';
import { type Bundle, defaultBundlePath, SchemaBundle } from '../../validator/schema-bundle';
import { xrdSchemas } from '../../validator/xrd-schemas';

export const ROOT = path.resolve(__dirname, '..', '..');
export const packageObjects = readPackage(path.join(ROOT, 'dist')).map((p) => p.object as JsonObject);
export const bundle = SchemaBundle.load();
export const kinds = packageKinds(packageObjects, bundle);
export const policySet = admissionPolicies(onboarding, kinds);

const bundleEntries = Object.values((JSON.parse(fs.readFileSync(defaultBundlePath(), 'utf8')) as Bundle).kinds);
export const xrdEntries = packageObjects.filter((o) => o.kind === 'CompositeResourceDefinition').flatMap((x) => xrdSchemas(x));
/** every kind the cluster serves: the bundle's (providers, built-ins) and the package's XRs and claims */
export const schemaEntries: SchemaEntry[] = [...bundleEntries, ...xrdEntries] as SchemaEntry[];
const objectMeta = (bundle.lookup('v1', 'Namespace')!.schema.properties as Record<string, JsonSchema>).metadata!;
export const resolver = bundleTypeResolver(schemaEntries, objectMeta);

export const BOUND = onboarding.accounts.map((a) => a.namespace);
export const UNBOUND = 'sandbox';

const namespace = (name: string): JsonObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } });
export const cluster = new AdmissionCluster({
  kinds: [...bundleEntries, ...xrdEntries].map((e): ServedKind => ({ group: e.group, version: e.version, kind: e.kind, plural: e.plural, scope: e.scope })),
  namespaces: [...BOUND, UNBOUND, 'crossplane-system'].map(namespace),
});

/** `metadata` with the claim label (none when `claimNamespace` is undefined) */
export function labelled(name: string, claimNamespace: string | undefined, extra: JsonObject = {}): JsonObject {
  return { name, ...(claimNamespace === undefined ? {} : { labels: { [CLAIM_NAMESPACE_LABEL]: claimNamespace, 'crossplane.io/claim-name': 'acme' } }), ...extra };
}

/** The first composed base of each managed kind in the package's Compositions (a real object). */
export function composedBases(): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const o of packageObjects.filter((x) => x.kind === 'Composition')) {
    for (const step of (o.spec as { pipeline: { input?: { resources?: { base: JsonObject }[] } }[] }).pipeline) {
      for (const r of step.input?.resources ?? []) {
        const key = `${String(r.base.apiVersion).split('/')[0]}/${String(r.base.kind)}`;
        if (!out.has(key)) out.set(key, r.base);
      }
    }
  }
  return out;
}

/** A composed base as Crossplane creates it for a claim in `claimNamespace`, naming `providerConfig`. */
export function managedObject(base: JsonObject, name: string, claimNamespace: string | undefined, providerConfig: string): JsonObject {
  const spec = (base.spec ?? {}) as JsonObject;
  const metadata = (base.metadata ?? {}) as JsonObject;
  return { ...base, metadata: { ...metadata, ...labelled(name, claimNamespace), labels: { ...((metadata.labels as JsonObject) ?? {}), ...(labelled(name, claimNamespace).labels as JsonObject) } }, spec: { ...spec, providerConfigRef: { name: providerConfig } } };
}
