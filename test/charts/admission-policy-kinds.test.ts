// The kinds the admission policies guard (charts/admission-policy-kinds.ts), read from a synthesized
// package: the XRDs' composites and claims with the ProviderConfig parameters they declare, and the
// provider kinds the Compositions compose, with their plurals from the schema bundle. First as read
// from dist/, then on small packages written here, one rule at a time.
import { packageKinds } from '../../charts/admission-policy-kinds';
import { bundle, kinds, packageObjects } from '../support/admission-policies';

type Json = Record<string, unknown>;

describe('the kinds the policies guard, read from dist/', () => {
  test('claims, composites and the managed kinds the compositions compose', () => {
    expect(kinds.composites.filter((c) => c.claim).map((c) => c.claim!.kind)).toEqual(['PrivateApi', 'SecureBucket', 'ZeroTrustAccount']);
    expect(kinds.composites).toHaveLength(packageObjects.filter((o) => o.kind === 'CompositeResourceDefinition').length);
    expect(kinds.managed.length).toBeGreaterThan(60);
    expect(kinds.managed.map((k) => k.group)).toEqual(expect.arrayContaining(['organizations.aws.upbound.io', 'tf.upbound.io', 'ec2.aws.upbound.io']));
    expect(kinds.composedProviderConfigs.every((k) => k.kind === 'ProviderConfig')).toBe(true);
  });

  test('a composed kind missing from the schema bundle is named', () => {
    const composition = { kind: 'Composition', spec: { pipeline: [{ input: { resources: [{ base: { apiVersion: 'ec2.aws.upbound.io/v1beta9', kind: 'Vpc' } }] } }] } };
    expect(() => packageKinds([composition], bundle)).toThrow('admission policies: composed kind Vpc (ec2.aws.upbound.io/v1beta9) has no schema in the bundle (run npm run import)');
  });
});

/** An XRD whose versions declare these spec.parameters fields. */
const xrd = (kind: string, plural: string, versions: string[][], claim?: { kind: string; plural: string }): Json => ({
  apiVersion: 'apiextensions.crossplane.io/v1', kind: 'CompositeResourceDefinition', metadata: { name: `${plural}.aws.zerotrust.io` },
  spec: {
    group: 'aws.zerotrust.io', names: { kind, plural }, ...(claim ? { claimNames: claim } : {}),
    versions: versions.map((params, i) => ({
      name: `v1alpha${i + 1}`,
      schema: { openAPIV3Schema: { properties: { spec: { properties: { parameters: { properties: Object.fromEntries(params.map((p) => [p, { type: 'string' }])) } } } } } },
    })),
  },
});
/** A Composition composing these bases, split over two pipeline steps (every step's resources count). */
const composition = (...bases: [string, string][]): Json => ({
  apiVersion: 'apiextensions.crossplane.io/v1', kind: 'Composition', metadata: { name: 'c' },
  spec: {
    pipeline: [
      { step: 'a', input: { resources: bases.slice(0, 1).map(([apiVersion, kind], i) => ({ name: `r${i}`, base: { apiVersion, kind } })) } },
      { step: 'b' },
      { step: 'c', input: { resources: bases.slice(1).map(([apiVersion, kind], i) => ({ name: `s${i}`, base: { apiVersion, kind } })) } },
    ],
  },
});

describe('packageKinds on a package written here', () => {
  test('a composite: its claim (in the XRD\'s group) only when it offers one, and the ProviderConfig parameters any of its versions declares', () => {
    const { composites } = packageKinds([
      xrd('XTestAccount', 'xtestaccounts', [['providerConfigName', 'other'], ['managementProviderConfigName']], { kind: 'TestAccount', plural: 'testaccounts' }),
      xrd('XTestDomain', 'xtestdomains', [['somethingElse']]),
    ], bundle);
    expect(composites).toEqual([
      {
        group: 'aws.zerotrust.io', plural: 'xtestaccounts', kind: 'XTestAccount',
        claim: { group: 'aws.zerotrust.io', plural: 'testaccounts', kind: 'TestAccount' },
        providerConfigParameters: ['managementProviderConfigName', 'providerConfigName'],
      },
      { group: 'aws.zerotrust.io', plural: 'xtestdomains', kind: 'XTestDomain', providerConfigParameters: [] },
    ]);
  });

  test('an XRD without group, kind or plural is refused, naming the XRD', () => {
    const noPlural = xrd('XTestDomain', 'xtestdomains', []);
    delete ((noPlural.spec as Json).names as Json).plural;
    expect(() => packageKinds([noPlural], bundle)).toThrow('admission policies: XRD xtestdomains.aws.zerotrust.io: spec.group, spec.names.kind and spec.names.plural are required');
    const unnamed = { kind: 'CompositeResourceDefinition', spec: { names: { kind: 'X', plural: 'xs' } } };
    expect(() => packageKinds([unnamed], bundle)).toThrow('admission policies: XRD (unnamed): spec.group, spec.names.kind and spec.names.plural are required');
  });

  test('composed provider kinds: managed ones once each with the bundle\'s plural, sorted by group then plural; ProviderConfigs apart; other groups and ProviderConfigUsages ignored', () => {
    const found = packageKinds([
      composition(['tf.upbound.io/v1beta1', 'Workspace'], ['s3.aws.upbound.io/v1beta2', 'Bucket'], ['ec2.aws.upbound.io/v1beta1', 'VPC'], ['ec2.aws.upbound.io/v1beta1', 'Subnet']),
      composition(['ec2.aws.upbound.io/v1beta1', 'VPC'], ['tf.upbound.io/v1beta1', 'ProviderConfig'], ['aws.zerotrust.io/v1alpha1', 'XSecureBucket'], ['protection.crossplane.io/v1beta1', 'ClusterUsage']),
      // No schema needed: a ProviderConfigUsage is the provider's own bookkeeping, never guarded.
      composition(['tf.upbound.io/v1beta1', 'ProviderConfigUsage']),
    ], bundle);
    expect(found.composites).toEqual([]);
    expect(found.managed).toEqual([
      { group: 'ec2.aws.upbound.io', plural: 'subnets', kind: 'Subnet' },
      { group: 'ec2.aws.upbound.io', plural: 'vpcs', kind: 'VPC' },
      { group: 's3.aws.upbound.io', plural: 'buckets', kind: 'Bucket' },
      { group: 'tf.upbound.io', plural: 'workspaces', kind: 'Workspace' },
    ]);
    expect(found.composedProviderConfigs).toEqual([{ group: 'tf.upbound.io', plural: 'providerconfigs', kind: 'ProviderConfig' }]);
  });
});
