// Facts about imported kinds read from the generated schema bundle (imports/schemas.json), so the
// library derives per-kind behaviour (does it have `region`? `tags`? its plural?) instead of
// maintaining lists by hand.
import { SchemaBundle, type BundleEntry } from '../../validator/schema-bundle';

let bundle: SchemaBundle | undefined;

export interface KindRef {
  readonly apiVersion: string;
  readonly kind: string;
}

export function importedKind(ref: KindRef): BundleEntry {
  bundle ??= SchemaBundle.load();
  const entry = bundle.lookup(ref.apiVersion, ref.kind);
  if (!entry) throw new Error(`${ref.apiVersion} ${ref.kind} is not in imports/schemas.json: add its CRD to scripts/import-manifest.ts and run npm run import`);
  return entry;
}

/** True when `spec.forProvider.<field>` exists in the kind's CRD schema. */
export function hasForProviderField(ref: KindRef, field: string): boolean {
  const spec = property(importedKind(ref).schema as Record<string, unknown>, 'spec');
  return property(property(spec, 'forProvider'), field) !== undefined;
}

function property(node: Record<string, unknown> | undefined, name: string): Record<string, unknown> | undefined {
  const props = node?.properties as Record<string, Record<string, unknown>> | undefined;
  return props?.[name];
}

/** MRD / CRD name of a kind: `<plural>.<group>`. */
export function crdName(ref: KindRef): string {
  const e = importedKind(ref);
  return `${e.plural}.${e.group}`;
}

/** provider-upjet-aws managed-resource groups end in `aws.upbound.io`. */
export function isAwsManagedKind(ref: KindRef): boolean {
  return ref.apiVersion.split('/')[0]!.endsWith('.aws.upbound.io');
}
