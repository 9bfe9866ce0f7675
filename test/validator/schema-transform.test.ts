import * as fs from 'node:fs';
import { newSchemaAjv } from '../../validator/compiled-schemas';
import { k8sToJsonSchema, type Schema } from '../../validator/k8s-to-json-schema';
import { defaultBundlePath, kindKey, SchemaBundle } from '../../validator/schema-bundle';
import { Validator } from '../../validator/validate';
import { xrdSchemas } from '../../validator/xrd-schemas';

// One Ajv for the file: the project's configuration (strict, Go regexp for patterns).
const ajv = newSchemaAjv();
const compile = (schema: Schema) => ajv.compile(k8sToJsonSchema(schema));
const root = (spec: Schema): Schema => ({ type: 'object', properties: { spec } });

describe('K8s structural schema -> JSON Schema', () => {
  it('drops x-kubernetes-* keys and unknown formats, keeps validation keywords', () => {
    const out = k8sToJsonSchema(root({ type: 'object', 'x-kubernetes-map-type': 'atomic', properties: { a: { type: 'string', format: 'arn', maxLength: 3 } } }));
    const spec = (out.properties as Record<string, Schema>).spec;
    expect(spec).toEqual({ type: 'object', properties: { a: { type: 'string', maxLength: 3 } }, additionalProperties: false });
  });

  it('handles int-or-string, nullable, preserve-unknown-fields, embedded resources, sets and draft-04 bounds', () => {
    const validate = compile(
      root({
        type: 'object',
        properties: {
          port: { 'x-kubernetes-int-or-string': true, pattern: '^[a-z]+$' },
          note: { type: 'string', nullable: true, enum: ['a'] },
          free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          res: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } } },
          tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
          pct: { type: 'number', minimum: 0, exclusiveMinimum: true },
          when: { type: 'string', format: 'date-time' },
          size: { type: 'integer', format: 'int32' },
        },
      }),
    );
    const ok = (spec: object) => validate({ spec });
    expect(ok({ port: 80, note: null, free: { any: { thing: 1 } }, res: { apiVersion: 'v1', kind: 'X', metadata: { name: 'x' }, spec: { x: 'y' } }, tags: ['a', 'b'], pct: 0.5, when: '2024-01-01T00:00:00Z', size: 5 })).toBe(true);
    expect(ok({ port: 'http' })).toBe(true);
    expect(ok({ port: 'HTTP' })).toBe(false);
    expect(ok({ port: true })).toBe(false);
    expect(ok({ note: 'b' })).toBe(false);
    expect(ok({ res: { apiVersion: 'v1', kind: 'X', other: 1 } })).toBe(false);
    expect(ok({ tags: ['a', 'a'] })).toBe(false);
    expect(ok({ pct: 0 })).toBe(false);
    expect(ok({ when: 'yesterday' })).toBe(false);
    expect(ok({ size: 2 ** 31 })).toBe(false);
  });

  it('applies defaults only where the API server does (object properties)', () => {
    const validate = compile(root({ type: 'object', properties: { a: { type: 'string', default: 'x' }, b: { type: 'object', properties: { c: { type: 'integer', default: 3 } } } } }));
    const data = { spec: { b: {} } };
    expect(validate(data)).toBe(true);
    expect(data).toEqual({ spec: { a: 'x', b: { c: 3 } } });
  });

  it('compiles every schema in imports/schemas.json under strict Ajv', () => {
    const file = defaultBundlePath();
    expect(fs.existsSync(file)).toBe(true);
    const bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as { kinds: Record<string, { schema: Schema }> };
    const failures = Object.entries(bundle.kinds).flatMap(([k, e]) => {
      try {
        compile(e.schema);
        return [];
      } catch (err) {
        return [`${k}: ${(err as Error).message}`];
      }
    });
    expect(failures).toEqual([]);
    expect(Validator.fromBundle().validate({ apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key', metadata: { name: 'k' }, spec: { forProvider: { region: 'eu-west-1', enableKeyRotation: true } } })).toEqual([]);
  });
});

describe('schema bundle', () => {
  it('keys core kinds with an empty group', () => {
    expect(kindKey('v1', 'Secret')).toBe('/v1/Secret');
    expect(kindKey('ec2.aws.upbound.io/v1beta1', 'VPC')).toBe('ec2.aws.upbound.io/v1beta1/VPC');
    const b = new SchemaBundle({ kinds: { '/v1/Secret': { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', scope: 'Namespaced', schema: { type: 'object' } } } });
    expect(b.lookup('v1', 'Secret')?.plural).toBe('secrets');
    expect(b.versionsOf('Secret')).toEqual(['v1']);
  });

  it('explains a missing bundle file', () => {
    expect(() => SchemaBundle.load('/nonexistent/schemas.json')).toThrow(/schema bundle \/nonexistent\/schemas.json not found \(run `npm run import`\)/);
  });
});

describe('Crossplane XR/claim CRD generation', () => {
  const version = { name: 'v1alpha1', schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'string' } } }, status: { type: 'object', properties: { ready: { type: 'boolean' } } } } } } };

  it('LegacyCluster (v1): XR fields directly under spec, claim is namespaced with its own fields', () => {
    const [xr, claim] = xrdSchemas({ apiVersion: 'apiextensions.crossplane.io/v1', metadata: { name: 'xdbs.example.org' }, spec: { group: 'example.org', names: { kind: 'XDB', plural: 'xdbs' }, claimNames: { kind: 'DB', plural: 'dbs' }, versions: [version] } });
    const specOf = (s: Schema) => Object.keys(((s.properties as Record<string, Schema>).spec.properties as object));
    expect(xr).toMatchObject({ kind: 'XDB', scope: 'Cluster' });
    expect(specOf(xr.schema).sort()).toEqual(['claimRef', 'compositionRef', 'compositionRevisionRef', 'compositionRevisionSelector', 'compositionSelector', 'compositionUpdatePolicy', 'resourceRefs', 'size', 'writeConnectionSecretToRef']);
    expect(claim).toMatchObject({ kind: 'DB', scope: 'Namespaced' });
    expect(specOf(claim.schema).sort()).toEqual(['compositeDeletePolicy', 'compositionRef', 'compositionRevisionRef', 'compositionRevisionSelector', 'compositionSelector', 'compositionUpdatePolicy', 'resourceRef', 'size', 'writeConnectionSecretToRef']);
    const status = Object.keys(((xr.schema.properties as Record<string, Schema>).status.properties as object)).sort();
    expect(status).toEqual(['claimConditionTypes', 'conditions', 'connectionDetails', 'ready']);
  });

  it('Cluster (v2): machinery under spec.crossplane, no claim', () => {
    const entries = xrdSchemas({ apiVersion: 'apiextensions.crossplane.io/v2', metadata: { name: 'xdbs.example.org' }, spec: { group: 'example.org', scope: 'Cluster', names: { kind: 'XDB', plural: 'xdbs' }, versions: [version] } });
    expect(entries).toHaveLength(1);
    const spec = (entries[0].schema.properties as Record<string, Schema>).spec.properties as Record<string, Schema>;
    expect(Object.keys(spec).sort()).toEqual(['crossplane', 'size']);
    expect(Object.keys(spec.crossplane.properties as object)).toContain('compositionRef');
  });

  it('rejects an XRD without names', () => {
    expect(() => xrdSchemas({ metadata: { name: 'x' }, spec: { group: 'g' } })).toThrow(/spec.names.kind/);
  });
});
