// Compiled schemas are shared by every Validator in the process and keyed by content.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CompiledSchema, compileCounts, compiledSchema } from '../../validator/compiled-schemas';
import type { Schema } from '../../validator/k8s-to-json-schema';
import { readPackage } from '../../validator/package';
import { Validator } from '../../validator/validate';

const ROOT = path.resolve(__dirname, '..', '..');
const xrds = readPackage(path.join(ROOT, 'dist', 'apis')).filter((p) => p.object.kind === 'CompositeResourceDefinition').map((p) => p.object);

// Objects of distinct kinds: provider CRDs from the bundle, an XR and a claim from the XRDs.
const objects = [
  { apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key', metadata: { name: 'k' }, spec: { forProvider: { region: 'eu-west-1', enableKeyRotation: true } } },
  { apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Alias', metadata: { name: 'a' }, spec: { forProvider: { region: 'eu-west-1' } } },
  { apiVersion: 'ec2.aws.upbound.io/v1beta1', kind: 'VPC', metadata: { name: 'v' }, spec: { forProvider: { region: 'eu-west-1', cidrBlock: '10.0.0.0/16', enableDnsHostname: true } } },
  { apiVersion: 's3.aws.upbound.io/v1beta1', kind: 'Bucket', metadata: { name: 'UPPER' }, spec: { forProvider: { region: 'eu-west-1' } } },
  { apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XEncryption', metadata: { name: 'e' }, spec: { parameters: { accountId: '123', environmentSuffix: 'dev' } } },
  { apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'ZeroTrustAccount', metadata: { name: 'z', namespace: 'team-a' }, spec: { parameters: {} } },
];

function freshValidator(): Validator {
  const v = Validator.fromBundle(); // reads and parses imports/schemas.json again: new schema objects
  for (const x of xrds) v.addXrd(x); // regenerates the XR and claim schemas
  return v;
}

describe('compiled schemas are cached per process by schema content', () => {
  it('building N validators over the same bundle and validating the same kinds compiles each kind once', () => {
    const before = compileCounts().schemas;
    const results = Array.from({ length: 5 }, () => {
      const v = freshValidator();
      return objects.map((o) => v.validate(o));
    });
    expect(compileCounts().schemas - before).toBe(objects.length);
    // Same answers from every validator, and real ones (the objects are deliberately not all valid).
    for (const r of results) expect(r).toEqual(results[0]);
    expect(results[0].map((problems) => problems.length > 0)).toEqual([false, false, true, true, true, true]);
  });

  it('compiles a schema again only when its content differs', () => {
    const schema = (maxLength: number): Schema => ({ type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'string', maxLength } } } } });
    const before = compileCounts().schemas;
    const first = compiledSchema(schema(3));
    expect(compiledSchema(schema(3))).toBe(first); // equal content, another object
    expect(compiledSchema(schema(4))).not.toBe(first);
    expect(compileCounts().schemas - before).toBe(2);
    expect(first.validate?.({ spec: { a: 'abcd' } })).toBe(false);
  });

  it('caches a schema that does not compile, with its reason', () => {
    const bad: Schema = { type: 'object', properties: { spec: { type: 'string', pattern: '(' } } };
    const c = compiledSchema(bad);
    expect(c.validate).toBeUndefined();
    expect(c.compileError).toContain('missing closing ): `(`');
    expect(compiledSchema({ ...bad })).toBe(c);
  });
});

describe("Ajv's verdict on a schema is kept on disk, across processes", () => {
  // Schemas exercising the walker: Go-regexp patterns, format checkers, defaults written into the
  // data, nullable, list-type sets, enums and unknown fields.
  const schemas: Schema[] = [
    { type: 'object', properties: { spec: { type: 'object', required: ['a'], properties: { a: { type: 'string', pattern: '^[a-z]+$' }, d: { type: 'string', format: 'date' }, b: { type: 'integer', default: 3 }, c: { type: 'string', nullable: true, enum: ['x', 'y'] } } } } },
    { type: 'object', properties: { spec: { type: 'object', properties: { ip: { type: 'string', format: 'cidr' }, tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string', maxLength: 3 } }, m: { type: 'object', additionalProperties: { type: 'number', format: 'int32' } } } } } },
  ];
  const data = [
    { spec: { a: 'abc' } },
    { spec: { a: 'X1', c: 'z', d: '2024-13-45' } },
    { spec: {} },
    { spec: { a: '2024-01-02', b: 'no', c: null } },
    { spec: { ip: '10.0.0.0/8', tags: ['a', 'toolong'], m: { k: 2 ** 40, j: 1 } } },
    { spec: { ip: '10.0.0.0/33', extra: true } },
  ];
  type Compile = (s: Schema) => CompiledSchema;
  const answers = (compile: Compile, tag: string) => schemas.map((s) => {
    // The tag makes the content new to this process's in-memory cache.
    const compiled = compile({ ...s, description: tag });
    return data.map((d) => {
      const copy = JSON.parse(JSON.stringify(d)) as object;
      const ok = compiled.validate!(copy);
      return { ok, errors: compiled.validate!.errors ?? null, data: copy };
    });
  });
  const saved = process.env.ZTA_CACHE_DIR;
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zta-ajv-cache-test-'));
    process.env.ZTA_CACHE_DIR = dir;
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.ZTA_CACHE_DIR;
    else process.env.ZTA_CACHE_DIR = saved;
  });

  it('a schema whose verdict is read back from the disk validates, reports and defaults exactly like a fresh compile', () => {
    const tag = `run ${dir}`;
    const loadedBefore = compileCounts().loaded;
    const fresh = answers(compiledSchema, tag);
    expect(compileCounts().loaded).toBe(loadedBefore);
    expect(fs.readdirSync(dir).filter((f) => /^ajv-verdict-[0-9a-f]{32}\.json$/.test(f))).toHaveLength(schemas.length);
    // Another process: a fresh module, so nothing in memory; equal content is found on disk.
    jest.isolateModules(() => {
      const other = require('../../validator/compiled-schemas') as typeof import('../../validator/compiled-schemas');
      const loaded = answers(other.compiledSchema, tag);
      expect(other.compileCounts()).toEqual({ schemas: schemas.length, hits: 0, loaded: schemas.length });
      expect(loaded).toEqual(fresh);
    });
    // Real answers: valid data gets its default, invalid data its problems.
    expect(fresh[0]![0]).toEqual({ ok: true, errors: null, data: { spec: { a: 'abc', b: 3 } } });
    expect(fresh[0]![1]!.errors!.map((e) => e.keyword).sort()).toEqual(['enum', 'format', 'pattern']);
    expect(fresh[1]![4]!.errors!.map((e) => `${e.instancePath} ${e.keyword}`).sort()).toEqual(['/spec/m/k format', '/spec/tags/1 maxLength']);
  });

  it("a schema Ajv refuses keeps Ajv's reason, also when read back from the disk", () => {
    // strictRequired: a required field the schema does not declare.
    const refused: Schema = { type: 'object', properties: { spec: { type: 'object', required: ['b'], properties: { a: { type: 'string' } } } }, description: `refused ${dir}` };
    const reason = 'strict mode: required property "b" is not defined at "#/properties/spec" (strictRequired)';
    const compiled = compiledSchema(refused);
    expect(compiled.compileError).toBe(reason);
    expect(compiled.validate).toBeUndefined();
    jest.isolateModules(() => {
      const other = require('../../validator/compiled-schemas') as typeof import('../../validator/compiled-schemas');
      expect(other.compiledSchema(refused).compileError).toBe(reason);
      expect(other.compileCounts().loaded).toBe(1);
    });
  });

  it('ZTA_CACHE=off compiles without writing', () => {
    process.env.ZTA_CACHE = 'off';
    try {
      answers(compiledSchema, `off ${dir}`);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      delete process.env.ZTA_CACHE;
    }
  });
});
