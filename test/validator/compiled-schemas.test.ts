// Compiled schemas are shared by every Validator in the process and keyed by content.
import * as path from 'node:path';
import { compileCounts, compiledSchema } from '../../validator/compiled-schemas';
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
