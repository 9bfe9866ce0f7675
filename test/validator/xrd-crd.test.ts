// The CRDs Crossplane generates from an XRD, proven with crossplane's own xcrd tests (as facts:
// input XRD, expected CRD or error), plus the version differences and defaults we emulate.
import { claimCrd, claimNamesError, compositeCrd, crdMetadata, crdsForXrd, defaultXrd, XrdRenderError, type Xrd } from '../../validator/xrd-crd';
import fixture from '../fixtures/crd-admission/xcrd.json';

/** Go's JSON view: zero values (omitempty) and the TypeMeta the typed test objects do not carry are dropped. */
function goJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map(goJson);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const g = goJson(x);
      if (g !== undefined) out[k] = g;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v === '' || v === false || v === null ? undefined : v;
}

function withoutTypeMeta(crd: Record<string, unknown>): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, ...rest } = crd;
  return rest;
}

interface GenCase {
  name: string;
  reason?: string;
  xrd: Xrd;
  want: Record<string, unknown> | null;
  error?: string | null;
}

describe(`${fixture.source} TestForCompositeResource`, () => {
  for (const c of fixture.TestForCompositeResource as GenCase[]) {
    it(`${c.name}: ${c.reason}`, () => {
      if (c.error) {
        expect(() => compositeCrd(c.xrd)).toThrow(XrdRenderError);
        expect(() => compositeCrd(c.xrd)).toThrow(c.error);
      } else {
        expect(goJson(withoutTypeMeta(compositeCrd(c.xrd)))).toEqual(goJson(c.want));
      }
    });
  }
});

describe(`${fixture.source} TestForCompositeResourceClaim (+ TestForCompositeResourceClaimEmptyXrd)`, () => {
  for (const c of fixture.TestForCompositeResourceClaim as GenCase[]) {
    it(c.name, () => {
      expect(goJson(withoutTypeMeta(claimCrd(c.xrd)))).toEqual(goJson(c.want));
    });
  }
});

describe(`${fixture.source} TestValidateClaimNames`, () => {
  for (const c of fixture.TestValidateClaimNames as { name: string; xrd: Xrd; error: string }[]) {
    it(c.name, () => {
      expect(claimNamesError(c.xrd)).toBe(c.error);
      expect(() => claimCrd(c.xrd)).toThrow(`invalid resource claim names: ${c.error}`);
    });
  }
});

describe(`${fixture.source} TestSetCrdMetadata`, () => {
  for (const c of fixture.TestSetCrdMetadata as { name: string; reason: string; crd: { metadata: { name: string } }; xrd: Xrd; want: { metadata: unknown } }[]) {
    it(`${c.name}: ${c.reason}`, () => {
      expect(crdMetadata(c.xrd, c.crd.metadata.name)).toEqual(c.want.metadata);
    });
  }
});

describe('Crossplane versions and XRD defaults', () => {
  const base = (fixture.TestForCompositeResource as GenCase[]).find((c) => c.name === 'PreserveTopLevelXValidations')!.xrd;
  const scaled = (fixture.TestForCompositeResource as GenCase[]).find((c) => c.name === 'SubresourcesScaleIsSet')!.xrd;
  const rootRules = (crd: Record<string, unknown>) => ((crd.spec as { versions: { schema: { openAPIV3Schema: Record<string, unknown> } }[] }).versions[0].schema.openAPIV3Schema['x-kubernetes-validations']);
  const subresources = (crd: Record<string, unknown>) => (crd.spec as { versions: { subresources: unknown }[] }).versions[0].subresources;

  it('v2.1 drops root-level x-kubernetes-validations, v2.2+ keeps them', () => {
    expect(rootRules(compositeCrd(base, { crossplane: '2.1' }))).toBeUndefined();
    expect(rootRules(compositeCrd(base, { crossplane: '2.2' }))).toEqual([{ rule: "self.metadata.name == ('database-' + self.spec.engineVersion)", message: 'metadata.name must be database-spec.engineVersion' }]);
  });

  it('the scale subresource is carried over from v2.3 on', () => {
    expect(subresources(compositeCrd(scaled, { crossplane: '2.2' }))).toEqual({ status: {} });
    expect(subresources(compositeCrd(scaled, { crossplane: '2.3' }))).toEqual({ status: {}, scale: { specReplicasPath: 'spec.replicas', statusReplicasPath: 'status.replicas', labelSelectorPath: 'status.labelSelector' } });
  });

  it('applies the XRD CRD defaults by apiVersion (v1: LegacyCluster + Background; v2: Namespaced)', () => {
    expect(defaultXrd({ apiVersion: 'apiextensions.crossplane.io/v1', spec: {} }).spec).toEqual({ scope: 'LegacyCluster', defaultCompositeDeletePolicy: 'Background', defaultCompositionUpdatePolicy: 'Automatic' });
    expect(defaultXrd({ apiVersion: 'apiextensions.crossplane.io/v2', spec: {} }).spec).toMatchObject({ scope: 'Namespaced', defaultCompositionUpdatePolicy: 'Automatic' });
    expect(defaultXrd({ apiVersion: 'apiextensions.crossplane.io/v1', spec: { scope: 'Cluster' } }).spec?.scope).toBe('Cluster');
  });

  it('generates a claim CRD only for LegacyCluster XRDs with claimNames', () => {
    const v1 = { apiVersion: 'apiextensions.crossplane.io/v1', metadata: { name: 'xdbs.example.org' }, spec: { group: 'example.org', names: { kind: 'XDB', plural: 'xdbs' }, claimNames: { kind: 'DB', plural: 'dbs' }, versions: [{ name: 'v1', served: true, referenceable: true, schema: { openAPIV3Schema: { type: 'object' } } }] } };
    const crds = crdsForXrd(v1);
    expect((crds.claim?.metadata as { name: string }).name).toBe('dbs.example.org');
    expect((crds.composite.spec as { scope: string }).scope).toBe('Cluster');
    expect(crdsForXrd({ ...v1, spec: { ...v1.spec, scope: 'Cluster' } }).claim).toBeUndefined();
  });

  it('parses the XRD schema as Go encoding/json does: keys match case-insensitively, unknown keys are dropped', () => {
    const xrd = { metadata: { name: 'xdbs.example.org' }, spec: { group: 'example.org', names: { kind: 'XDB', plural: 'xdbs' }, versions: [{ name: 'v1', served: true, referenceable: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { TYPE: 'object', properties: { size: { Type: 'string', bogus: 1 } } } } } } }] } };
    const schema = ((compositeCrd(xrd).spec as { versions: { schema: { openAPIV3Schema: { properties: { spec: { properties: Record<string, unknown> } } } } }[] }).versions[0].schema.openAPIV3Schema.properties.spec.properties);
    expect(schema.size).toEqual({ type: 'string' });
  });

  it('refuses a schema Go cannot decode, naming the XRD field', () => {
    const xrd = { metadata: { name: 'xdbs.example.org' }, spec: { group: 'example.org', names: { kind: 'XDB', plural: 'xdbs' }, versions: [{ name: 'v1', served: true, referenceable: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', maxProperties: '3' } } } } }] } };
    expect(() => compositeCrd(xrd)).toThrow('cannot generate CRD for "Composite Resource" "xdbs.example.org": cannot parse validation schema: cannot parse validation schema: json: cannot unmarshal string into Go struct field JSONSchemaProps.properties.spec.maxProperties of type int64');
  });
});
