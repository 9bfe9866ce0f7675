// CRD admission of our own package: every XRD in dist/ becomes CRDs the API server accepts, and
// copies broken the ways the API server refuses fail with one clear line each.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { admitCrd, admitXrd, admitXrdAtSupportedVersions, formatAdmissionProblem, type AdmissionProblem, type CelAdmissionFinding } from '../../validator/crd-admission';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../validator/cel-check/environment';
import { crdsForXrd } from '../../validator/xrd-crd';
import { cacheEntries, withCacheDir } from '../support/cache-dir';

type Json = Record<string, any>;

const DIST = path.resolve(__dirname, '..', '..', 'dist', 'apis');
const xrds: Json[] = fs
  .readdirSync(DIST)
  .sort()
  .map((d) => YAML.parse(fs.readFileSync(path.join(DIST, d, 'definition.yaml'), 'utf8')) as Json);
const byName = (plural: string): Json => structuredClone(xrds.find((x) => x.spec.names.plural === plural)!);
const parametersOf = (xrd: Json): Json => xrd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.parameters;
const lines = (problems: AdmissionProblem[]): string[] => problems.map(formatAdmissionProblem);

describe('the XRDs of dist/', () => {
  // Which XRDs the package holds is dist.test's business (dist/ equals synth); here: every directory
  // is one XRD named after it, and the CRDs the API server gets are one per XRD plus one per claim.
  it('one XRD per dist/apis directory, named after it; CRDs: one per XRD plus the claims (ZeroTrustAccount, SecureBucket, PrivateApi)', () => {
    expect(xrds.map((x) => x.spec.names.plural)).toEqual(fs.readdirSync(DIST).sort());
    const claims = xrds.filter((x) => x.spec.claimNames).map((x) => x.spec.claimNames.kind).sort();
    expect(claims).toEqual(['PrivateApi', 'SecureBucket', 'ZeroTrustAccount']);
    expect(xrds.flatMap((x) => Object.values(crdsForXrd(x)).slice(1))).toHaveLength(xrds.length + claims.length);
  });

  for (const xrd of xrds) {
    it(`${xrd.metadata.name} generates CRDs the API server admits at every supported Kubernetes (${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}), CEL compile and cost included`, () => {
      expect(lines(admitXrdAtSupportedVersions(xrd))).toEqual([]);
    });
  }

  // How long admission takes is a figure of `npm run bench` (admit every XRD's CRDs), not a timed test.
});

describe('a copy of a dist/ XRD that the API server would refuse', () => {
  it('one maxLength removed: the rule over that list is priced at the request size and refused, one line per CRD', () => {
    const xrd = byName('xzerotrustaccounts');
    delete parametersOf(xrd).properties.identity.properties.crossAccountRoles.properties.breakGlass.properties.trustedPrincipals.items.maxLength;
    const field = 'spec.validation.openAPIV3Schema.properties[spec].properties[parameters].properties[identity].properties[crossAccountRoles].properties[breakGlass].properties[trustedPrincipals].x-kubernetes-validations[1].rule';
    const rule = "self.all(p, p.matches('^([0-9]{12}|arn:aws[a-z-]*:iam::[0-9]{12}:(root|role/[A-Za-z0-9+=,.@_/-]+|user/[A-Za-z0-9+=,.@_/-]+))$'))";
    const refusal = (crd: string) =>
      `XRD xzerotrustaccounts.aws.zerotrust.io: CRD ${crd}: ${field}: Forbidden: estimated rule cost exceeds budget by factor of 8.2x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared) [rule: ${rule}] (estimated cost 81789022, limit 10000000)`;
    expect(lines(admitXrdAtSupportedVersions(xrd))).toEqual([refusal('xzerotrustaccounts.aws.zerotrust.io'), refusal('zerotrustaccounts.aws.zerotrust.io')]);
  });

  it('the admission kept by content answers the same for the same XRD, afresh for a changed one, and a caller cannot change it', () => {
    const xrd = byName('xsecurebuckets');
    parametersOf(xrd).properties.noncurrentVersionExpirationDays = { type: 'array', items: { type: 'string' }, uniqueItems: true };
    const first = admitXrdAtSupportedVersions(xrd);
    expect(first).toHaveLength(2);
    first[0]!.message = 'changed by the caller';
    expect(admitXrdAtSupportedVersions(structuredClone(xrd))).toEqual(admitXrd(xrd));
    delete parametersOf(xrd).properties.noncurrentVersionExpirationDays.uniqueItems;
    expect(admitXrdAtSupportedVersions(xrd)).toEqual([]);
  });

  it('the admission is kept on disk by XRD, options and code: another process reads the answer instead of admitting again', () => {
    // The suite admits afresh (ZTA_CACHE_SKIP in jest.config.js); this test is about the cache.
    withCacheDir((dir) => {
      const xrd = byName('xsecurebuckets');
      parametersOf(xrd).properties.diskCacheProbe = { type: 'array', items: { type: 'string' }, uniqueItems: true };
      const answer = admitXrdAtSupportedVersions(xrd);
      const entries = cacheEntries(dir, 'admission');
      expect(entries).toHaveLength(1);
      expect(answer).toHaveLength(2);
      // Tamper with the entry: a fresh module (another process) answers from it, so the disk is read.
      fs.writeFileSync(path.join(dir, entries[0]!), JSON.stringify([{ ...answer[0], message: 'from the disk' }]));
      jest.isolateModules(() => {
        const other = require('../../validator/crd-admission') as typeof import('../../validator/crd-admission');
        expect(other.admitXrdAtSupportedVersions(structuredClone(xrd)).map((p) => p.message)).toEqual(['from the disk']);
        // Other options are another key: admitted afresh.
        expect(other.admitXrdAtSupportedVersions(xrd, { crossplane: '2.1' })).toEqual(answer);
      });
    });
  });

  it('uniqueItems: true', () => {
    const xrd = byName('xsecurebuckets');
    parametersOf(xrd).properties.noncurrentVersionExpirationDays = { type: 'array', items: { type: 'string' }, uniqueItems: true };
    expect(lines(admitXrd(xrd))).toEqual([
      'XRD xsecurebuckets.aws.zerotrust.io: CRD xsecurebuckets.aws.zerotrust.io: spec.validation.openAPIV3Schema.properties[spec].properties[parameters].properties[noncurrentVersionExpirationDays].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic [rule: FieldValueForbidden]',
      'XRD xsecurebuckets.aws.zerotrust.io: CRD securebuckets.aws.zerotrust.io: spec.validation.openAPIV3Schema.properties[spec].properties[parameters].properties[noncurrentVersionExpirationDays].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic [rule: FieldValueForbidden]',
    ]);
  });

  it('a default that fails its own pattern', () => {
    const xrd = byName('xencryptions');
    parametersOf(xrd).properties.environmentSuffix = { type: 'string', pattern: '^[a-z0-9]{1,12}$', default: 'Prod-1' };
    // kube-openapi names the value "" at the root of the default, hence the double space before "in body".
    expect(lines(admitXrd(xrd))).toEqual([
      `XRD xencryptions.aws.zerotrust.io: CRD xencryptions.aws.zerotrust.io: spec.validation.openAPIV3Schema.properties[spec].properties[parameters].properties[environmentSuffix].default: Invalid value: "Prod-1":  in body should match '^[a-z0-9]{1,12}$' [rule: FieldValueInvalid]`,
    ]);
  });

  it('x-kubernetes-list-type: map without x-kubernetes-list-map-keys', () => {
    const xrd = byName('xencryptions');
    parametersOf(xrd).properties.grants = { type: 'array', 'x-kubernetes-list-type': 'map', items: { type: 'object', properties: { name: { type: 'string' } } } };
    expect(lines(admitXrd(xrd))).toEqual([
      'XRD xencryptions.aws.zerotrust.io: CRD xencryptions.aws.zerotrust.io: spec.validation.openAPIV3Schema.properties[spec].properties[parameters].properties[grants].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map [rule: FieldValueRequired]',
    ]);
  });

  it('a pattern Go cannot compile (RE2 caps repeat counts at 1000)', () => {
    const xrd = byName('xencryptions');
    parametersOf(xrd).properties.tag = { type: 'string', pattern: '^[a-z]{2,1224}$' };
    expect(lines(admitXrd(xrd))).toEqual([
      'XRD xencryptions.aws.zerotrust.io: CRD xencryptions.aws.zerotrust.io: spec.validation.openAPIV3Schema.properties[spec].properties[parameters].properties[tag].pattern: Invalid value: "^[a-z]{2,1224}$": must be a valid regular expression, but isn\'t: error parsing regexp: invalid repeat count: `{2,1224}` [rule: FieldValueInvalid]',
    ]);
  });

  it('a default {} that a CEL rule of the same node cannot evaluate (no nested defaulting at CRD create)', () => {
    const xrd = byName('xencryptions');
    parametersOf(xrd).properties.window = { type: 'object', default: {}, properties: { days: { type: 'integer', default: 7 } }, 'x-kubernetes-validations': [{ rule: 'self.days >= 7' }] };
    const problems = admitXrd(xrd);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'spec.validation.openAPIV3Schema.properties[spec].properties[parameters].properties[window].default', rule: 'FieldValueInvalid' });
  });

  it('a transition rule on the items of an atomic list', () => {
    const xrd = byName('xencryptions');
    // Bounded, so that the CEL cost check has nothing to say and the placement error stands alone.
    parametersOf(xrd).properties.keys = { type: 'array', maxItems: 4, items: { type: 'string', maxLength: 64, 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'immutable' }] } };
    expect(lines(admitXrd(xrd))).toEqual([
      'XRD xencryptions.aws.zerotrust.io: CRD xencryptions.aws.zerotrust.io: spec.validation.openAPIV3Schema.properties[spec].properties[parameters].properties[keys].items.x-kubernetes-validations[0].rule: Invalid value: "self == oldSelf": oldSelf cannot be used on the uncorrelatable portion of the schema within spec.validation.openAPIV3Schema.properties[spec].properties[parameters].properties[keys] [rule: FieldValueInvalid]',
    ]);
  });

  it('two referenceable versions (Crossplane makes each the storage version)', () => {
    const xrd = byName('xencryptions');
    xrd.spec.versions.push({ ...structuredClone(xrd.spec.versions[0]), name: 'v1beta1' });
    expect(admitXrd(xrd).map((p) => `${p.field}: ${p.message}`)).toContainEqual(expect.stringMatching(/^spec\.versions: Invalid value: .*must have exactly one version marked as storage version$/));
  });

  it('claim names that clash with the composite names (Crossplane cannot render the claim CRD)', () => {
    const xrd = byName('xsecurebuckets');
    xrd.spec.claimNames.plural = xrd.spec.names.plural;
    expect(lines(admitXrd(xrd))).toEqual([
      'XRD xsecurebuckets.aws.zerotrust.io: CRD xsecurebuckets.aws.zerotrust.io: spec.claimNames: Crossplane cannot render the CRD: invalid resource claim names: "xsecurebuckets" conflicts with composite resource name [rule: crossplane]',
    ]);
  });
});

describe('the injected CEL compile and cost check', () => {
  const xrd = byName('xencryptions');

  it('gets every version schema exactly once per CRD, and its findings become problems with cost and limit', () => {
    const seen: Record<string, unknown>[] = [];
    const celCheck = (schema: Record<string, unknown>): CelAdmissionFinding[] => {
      seen.push(schema);
      return [
        {
          schemaPath: 'openAPIV3Schema.properties[spec].properties[parameters].x-kubernetes-validations[0].rule',
          dataPath: '.spec.parameters',
          expression: 'self.all(x, true)',
          message: 'estimated rule cost exceeds budget by factor of 2.3x',
          kind: 'expression-cost',
          cost: 23_000_000n,
          limit: 10_000_000n,
        },
      ];
    };
    const withRule = structuredClone(xrd);
    parametersOf(withRule)['x-kubernetes-validations'] = [{ rule: 'self.all(x, true)' }];
    const problems = admitXrd(withRule, { celCheck });
    expect(seen).toHaveLength(1);
    expect((seen[0]!.properties as Json).spec.properties.parameters['x-kubernetes-validations']).toEqual([{ rule: 'self.all(x, true)' }]);
    expect(lines(problems)).toEqual([
      'XRD xencryptions.aws.zerotrust.io: CRD xencryptions.aws.zerotrust.io: spec.validation.openAPIV3Schema.properties[spec].properties[parameters].x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget by factor of 2.3x [rule: self.all(x, true)] (estimated cost 23000000, limit 10000000)',
    ]);
  });

  it('is not asked when the schema is not structural (upstream compiles nothing then)', () => {
    const broken = structuredClone(xrd);
    parametersOf(broken).properties.bad = { properties: { a: { type: 'string' } } };
    let calls = 0;
    const problems = admitXrd(broken, { celCheck: () => (calls++, []) });
    expect(calls).toBe(0);
    expect(problems.map((p) => p.field)).toEqual(['spec.validation.openAPIV3Schema.properties[spec].properties[parameters].properties[bad].type']);
  });
});

describe('admitCrd on a hand-written CustomResourceDefinition', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.org' },
    spec: {
      group: 'example.org',
      scope: 'Namespaced',
      names: { kind: 'Widget', plural: 'widgets' },
      versions: [
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } },
        { name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': false } } } } },
      ],
    },
  };

  it('accepts a valid CRD (singular and listKind defaulted as v1 does)', () => {
    expect(admitCrd({ ...crd, spec: { ...crd.spec, versions: [crd.spec.versions[0]] } })).toEqual([]);
  });

  it('reports per-version schemas under spec.versions[i] when the versions differ', () => {
    expect(lines(admitCrd(crd))).toEqual([
      'CRD widgets.example.org: spec.versions[1].schema.openAPIV3Schema.properties[spec].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined [rule: FieldValueInvalid]',
    ]);
  });

  it('reports the name rule and a request that cannot be decoded', () => {
    expect(lines(admitCrd({ ...crd, metadata: { name: 'widget.example.org' } }))[0]).toBe(
      'CRD widget.example.org: metadata.name: Invalid value: "widget.example.org": must be spec.names.plural+"."+spec.group [rule: FieldValueInvalid]',
    );
    expect(lines(admitCrd({ ...crd, spec: { ...crd.spec, versions: 'v1' } }))).toEqual([
      'CRD widgets.example.org: the request cannot be decoded: json: cannot unmarshal string into Go struct field CustomResourceDefinitionSpec.versions of type slice [rule: BadRequest]',
    ]);
  });

  it('words messages for the Kubernetes version asked for, and refuses versions before 1.31', () => {
    const messageless = structuredClone(crd);
    messageless.spec.versions = [crd.spec.versions[0]!];
    (messageless.spec.versions[0]!.schema.openAPIV3Schema as Json)['x-kubernetes-validations'] = [{ rule: 'true', message: ' ' }];
    expect(admitCrd(messageless)[0]?.message).toBe('Invalid value: " ": message must be non-empty if specified');
    expect(admitCrd(messageless, { kubernetesVersion: '1.34' })[0]?.message).toBe('Invalid value: " ": must be non-empty if specified');
    expect(() => admitCrd(messageless, { kubernetesVersion: '1.30' })).toThrow('kubernetesVersion 1.30 is older than the supported minimum 1.31');
  });
});

describe('formatAdmissionProblem', () => {
  it('writes one line: XRD, CRD, field, message, rule, cost and limit', () => {
    expect(formatAdmissionProblem({ xrd: 'xa.example.org', crd: 'xa.example.org', field: 'spec.validation.openAPIV3Schema', message: 'Forbidden: total\ncost', rule: 'crd total', cost: 5n, limit: 4n })).toBe(
      'XRD xa.example.org: CRD xa.example.org: spec.validation.openAPIV3Schema: Forbidden: total cost [rule: crd total] (estimated cost 5, limit 4)',
    );
  });
});
