// The composite (XR) and claim schemas of an XRD, for validating XR and claim objects: taken from
// the CRDs Crossplane generates for it (xrd-crd.ts), so object validation and CRD admission share
// one source of truth.
import type { Schema } from './k8s-to-json-schema';
import type { BundleEntry } from './schema-bundle';
import { crdsForXrd, XrdRenderError, type Xrd } from './xrd-crd';
import { cachedJson, codeDigest } from './disk-cache';

interface CrdVersionJson {
  name: string;
  schema?: { openAPIV3Schema?: Schema };
}

interface CrdJson {
  spec: { group: string; scope: string; names: { kind: string; plural: string }; versions: CrdVersionJson[] };
}

function entriesOf(crd: object): BundleEntry[] {
  const { spec } = crd as CrdJson;
  return spec.versions.map((v) => ({
    group: spec.group,
    version: v.name,
    kind: spec.names.kind,
    plural: spec.names.plural,
    scope: spec.scope,
    schema: v.schema?.openAPIV3Schema ?? {},
  }));
}

/** Bundle entries for the XR kind and, when the XRD offers one, the claim kind, per XRD version. */
export function xrdSchemas(xrd: object): BundleEntry[] {
  const x = xrd as Xrd;
  const spec = x.spec;
  const where = `XRD ${x.metadata?.name ?? '(unnamed)'}`;
  if (!spec?.group || !spec.names?.kind || !spec.names.plural) throw new Error(`${where}: spec.group, spec.names.kind and spec.names.plural are required`);
  if (spec.claimNames && (!spec.claimNames.kind || !spec.claimNames.plural)) throw new Error(`${where}: spec.claimNames.kind and spec.claimNames.plural are required`);
  for (const v of spec.versions ?? []) {
    if (!v.name || !v.schema?.openAPIV3Schema) throw new Error(`${where}: every version needs a name and schema.openAPIV3Schema`);
  }
  try {
    // A function of the XRD and the code: kept on disk, so a one-shot render does not convert
    // every XRD of the package to its CRDs again (~0.17 s).
    return cachedJson('xrd-schemas', [codeDigest(), JSON.stringify(xrd)], () => {
      const crds = crdsForXrd(xrd);
      return [...entriesOf(crds.composite), ...(crds.claim ? entriesOf(crds.claim) : [])];
    });
  } catch (e) {
    if (e instanceof XrdRenderError) throw new Error(`${where}: ${e.message}`);
    throw e;
  }
}
