import type { Problem } from '../../validator/validate';
import { brief, CRD, validatorFor } from './helpers';

const v = validatorFor(CRD.composition, CRD.xrd, CRD.configuration, CRD.mrap, CRD.resources, CRD.vpc);

const composition = (spec: Record<string, unknown>) => ({ apiVersion: 'apiextensions.crossplane.io/v1', kind: 'Composition', metadata: { name: 'xnetworks-aws' }, spec });
const typeRef = { apiVersion: 'platform.example.org/v1alpha1', kind: 'XNetwork' };

// A small LegacyCluster XRD with a claim, a default, an enum, a pattern and CEL rules (incl. CIDR).
const xrd = {
  apiVersion: 'apiextensions.crossplane.io/v1',
  kind: 'CompositeResourceDefinition',
  metadata: { name: 'xnetworks.platform.example.org' },
  spec: {
    group: 'platform.example.org',
    names: { kind: 'XNetwork', plural: 'xnetworks' },
    claimNames: { kind: 'Network', plural: 'networks' },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        referenceable: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['parameters'],
                properties: {
                  parameters: {
                    type: 'object',
                    required: ['region', 'vpcCidr'],
                    properties: {
                      region: { type: 'string', enum: ['us-east-1', 'eu-west-1'] },
                      vpcCidr: { type: 'string' },
                      subnetCidrs: { type: 'array', items: { type: 'string' }, default: [] },
                      flowLogRetentionDays: { type: 'integer', default: 365, minimum: 1 },
                      environment: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,20}$', default: 'prod' },
                    },
                    'x-kubernetes-validations': [
                      { rule: 'isCIDR(self.vpcCidr) && cidr(self.vpcCidr).prefixLength() <= 24', message: 'vpcCidr must be a CIDR of /24 or larger' },
                      {
                        rule: 'self.subnetCidrs.all(s, isCIDR(s) && cidr(self.vpcCidr).containsCIDR(s))',
                        messageExpression: "'every subnet must lie inside ' + self.vpcCidr",
                        fieldPath: '.subnetCidrs',
                      },
                      {
                        rule: 'self.subnetCidrs.all(a, self.subnetCidrs.filter(b, cidr(a).containsCIDR(b) || cidr(b).containsCIDR(a)).size() == 1)',
                        message: 'subnets must not overlap',
                        reason: 'FieldValueDuplicate',
                      },
                      { rule: 'self.flowLogRetentionDays >= 90 || self.environment != "prod"', message: 'prod keeps flow logs for at least 90 days' },
                    ],
                  },
                },
              },
            },
          },
        },
      },
    ],
  },
};

const claim = (parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'platform.example.org/v1alpha1',
  kind: 'Network',
  metadata: { name: 'team-a', namespace: 'team-a' },
  spec: { parameters, ...extra },
});

describe('Crossplane package objects', () => {
  it('accepts a Pipeline Composition with a typed P&T input', () => {
    const base = { apiVersion: 'ec2.aws.upbound.io/v1beta1', kind: 'VPC', spec: { forProvider: { region: 'eu-west-1' } } };
    const input = { apiVersion: 'pt.fn.crossplane.io/v1beta1', kind: 'Resources', resources: [{ name: 'vpc', base }] };
    const c = composition({
      compositeTypeRef: typeRef,
      mode: 'Pipeline',
      pipeline: [{ step: 'patch-and-transform', functionRef: { name: 'function-patch-and-transform' }, input }],
    });
    expect(v.validate(c)).toEqual([]);
    // The embedded input is checked against its own CRD, and the base against the VPC CRD.
    expect(v.validate(input)).toEqual([]);
    expect(v.validate(base)).toEqual([]);
    expect(brief(v.validate({ ...base, spec: { forProvider: { region: 'eu-west-1', enableDnsHostname: true } } }))).toEqual(['.spec.forProvider.enableDnsHostname [additionalProperties]']);
  });

  it('fails the CEL rule of a Pipeline Composition without a pipeline', () => {
    expect(v.validate(composition({ compositeTypeRef: typeRef, mode: 'Pipeline' }))).toEqual<Problem[]>([
      { object: 'Composition/xnetworks-aws', path: '.spec', message: 'an array of pipeline steps is required in Pipeline mode', rule: "cel: self.mode == 'Pipeline' && has(self.pipeline)" },
    ]);
  });

  it('reports schema errors inside pipeline steps', () => {
    expect(brief(v.validate(composition({ compositeTypeRef: typeRef, mode: 'Pipeline', pipeline: [{ step: 'a', functionRef: {} }] })))).toEqual(['.spec.pipeline[0].functionRef [required]']);
  });

  it('fails the XRD rule for an uppercase plural', () => {
    const bad = { ...xrd, spec: { ...xrd.spec, names: { kind: 'XNetwork', plural: 'XNetworks' } } };
    expect(v.validate(bad)).toEqual<Problem[]>([
      { object: 'CompositeResourceDefinition/xnetworks.platform.example.org', path: '.spec.names', message: 'Plural name must be lowercase', rule: 'cel: self.plural == self.plural.lowerAscii()' },
    ]);
    expect(v.validate(xrd)).toEqual([]);
  });

  it('skips transition rules (self == oldSelf) on create', () => {
    // spec.group, names and scope carry "Value is immutable" transition rules; they must not fire.
    expect(v.validate({ ...xrd, apiVersion: 'apiextensions.crossplane.io/v2', spec: { ...xrd.spec, scope: 'Cluster', claimNames: undefined } })).toEqual([]);
  });

  it('reports an XRD whose claim names clash with the composite names', () => {
    const clash = { ...xrd, spec: { ...xrd.spec, claimNames: { kind: 'XNetwork', plural: 'networks' } } };
    expect(v.validate(clash).map((p) => `${p.path}: ${p.message} [${p.rule}]`)).toEqual([
      '.spec: XRD xnetworks.platform.example.org: invalid resource claim names: "XNetwork" conflicts with composite resource name [xrd]',
    ]);
  });

  it('reports a CEL rule in an XRD that does not compile', () => {
    const broken = JSON.parse(JSON.stringify(xrd));
    broken.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.parameters['x-kubernetes-validations'].push({ rule: 'self.region ==' });
    const problems = v.validate(broken);
    expect(brief(problems)).toEqual(['.spec.versions [cel: self.region ==]']);
    expect(problems[0].message).toMatch(/^CEL rule of XNetwork v1alpha1 does not compile: /);
  });

  it('checks the Configuration package reference rule', () => {
    const cfg = (pkg: string) => ({ apiVersion: 'pkg.crossplane.io/v1', kind: 'Configuration', metadata: { name: 'platform' }, spec: { package: pkg } });
    expect(v.validate(cfg('xpkg.crossplane.io/example/platform:v0.1.0'))).toEqual([]);
    expect(v.validate(cfg('platform:latest'))[0].message).toMatch(/^must be a fully qualified image name/);
  });

  it('validates an MRAP', () => {
    const mrap = (activate: unknown) => ({ apiVersion: 'apiextensions.crossplane.io/v1alpha1', kind: 'ManagedResourceActivationPolicy', metadata: { name: 'zt' }, spec: { activate } });
    expect(v.validate(mrap(['vpcs.ec2.aws.upbound.io', 'roles.iam.aws.upbound.io']))).toEqual([]);
    expect(brief(v.validate(mrap('vpcs.ec2.aws.upbound.io')))).toEqual(['.spec.activate [type]']);
  });
});

describe('claims and composites of an XRD (addXrd)', () => {
  const withXrd = validatorFor(CRD.xrd);
  withXrd.addXrd(xrd);
  const at = (problems: Problem[]) => problems.map((p) => `${p.path}: ${p.message} [${p.rule.startsWith('cel: ') ? 'cel' : p.rule}]`);

  it('accepts a valid claim, with defaults applied before CEL (retention 365, environment prod)', () => {
    expect(withXrd.validate(claim({ region: 'eu-west-1', vpcCidr: '10.0.0.0/16', subnetCidrs: ['10.0.0.0/24', '10.0.1.0/24'] }))).toEqual([]);
  });

  it('reports a bad enum in the parameters', () => {
    expect(at(withXrd.validate(claim({ region: 'mars-1', vpcCidr: '10.0.0.0/16' })))).toEqual(['.spec.parameters.region: must be one of us-east-1, eu-west-1 (got "mars-1") [enum]']);
  });

  it('runs the XRD CEL rules: defaulted retention vs. explicit too-short retention', () => {
    expect(at(withXrd.validate(claim({ region: 'eu-west-1', vpcCidr: '10.0.0.0/16', flowLogRetentionDays: 30 })))).toEqual([
      '.spec.parameters: prod keeps flow logs for at least 90 days [cel]',
    ]);
    expect(withXrd.validate(claim({ region: 'eu-west-1', vpcCidr: '10.0.0.0/16', flowLogRetentionDays: 30, environment: 'dev' }))).toEqual([]);
  });

  it('rejects misplaced and overlapping subnet CIDRs', () => {
    expect(at(withXrd.validate(claim({ region: 'eu-west-1', vpcCidr: '10.0.0.0/16', subnetCidrs: ['10.1.0.0/24'] })))).toEqual([
      '.spec.parameters.subnetCidrs: every subnet must lie inside 10.0.0.0/16 [cel]',
    ]);
    expect(at(withXrd.validate(claim({ region: 'eu-west-1', vpcCidr: '10.0.0.0/16', subnetCidrs: ['10.0.0.0/23', '10.0.1.0/24'] })))).toEqual([
      '.spec.parameters: subnets must not overlap (FieldValueDuplicate) [cel]',
    ]);
    expect(at(withXrd.validate(claim({ region: 'eu-west-1', vpcCidr: '10.0.0.0/8' })))).toEqual([]);
    expect(at(withXrd.validate(claim({ region: 'eu-west-1', vpcCidr: '10.0.0.0/25' })))).toEqual(['.spec.parameters: vpcCidr must be a CIDR of /24 or larger [cel]']);
  });

  it('reports pattern, minimum and unknown fields in the claim', () => {
    expect(at(withXrd.validate(claim({ region: 'eu-west-1', vpcCidr: '10.0.0.0/16', environment: 'Prod', flowLogRetentionDays: 0, cidr: 'x' })))).toEqual([
      '.spec.parameters.cidr: unknown field (allowed: vpcCidr, region, subnetCidrs, environment, flowLogRetentionDays) [additionalProperties]',
      '.spec.parameters.flowLogRetentionDays: must be >= 1 (got 0) [minimum]',
      '.spec.parameters.environment: must match pattern ^[a-z][a-z0-9-]{1,20}$ (got "Prod") [pattern]',
    ]);
  });

  it('knows the fields Crossplane adds to claims and composites', () => {
    expect(withXrd.validate(claim({ region: 'eu-west-1', vpcCidr: '10.0.0.0/16' }, { compositionRef: { name: 'xnetworks-aws' }, compositeDeletePolicy: 'Foreground', writeConnectionSecretToRef: { name: 'net' } }))).toEqual([]);
    expect(at(withXrd.validate(claim({ region: 'eu-west-1', vpcCidr: '10.0.0.0/16' }, { writeConnectionSecretToRef: { name: 'net', namespace: 'x' } })))).toEqual([
      '.spec.writeConnectionSecretToRef.namespace: unknown field (allowed: name) [additionalProperties]',
    ]);
    const xr = {
      apiVersion: 'platform.example.org/v1alpha1',
      kind: 'XNetwork',
      metadata: { name: 'team-a-x7k2p' },
      spec: {
        parameters: { region: 'eu-west-1', vpcCidr: '10.0.0.0/16' },
        compositionRef: { name: 'xnetworks-aws' },
        compositionUpdatePolicy: 'Manual',
        claimRef: { apiVersion: 'platform.example.org/v1alpha1', kind: 'Network', namespace: 'team-a', name: 'team-a' },
        writeConnectionSecretToRef: { name: 'net', namespace: 'crossplane-system' },
        resourceRefs: [{ apiVersion: 'ec2.aws.upbound.io/v1beta1', kind: 'VPC', name: 'team-a-vpc' }],
      },
    };
    expect(withXrd.validate(xr)).toEqual([]);
    expect(at(withXrd.validate({ ...xr, spec: { ...xr.spec, compositionUpdatePolicy: 'Sometimes', compositeDeletePolicy: 'Foreground' } }))).toEqual([
      '.spec.compositeDeletePolicy: unknown field (allowed: compositionUpdatePolicy, compositionSelector, compositionRef, compositionRevisionRef, compositionRevisionSelector, parameters, …) [additionalProperties]',
      '.spec.compositionUpdatePolicy: must be one of Automatic, Manual (got "Sometimes") [enum]',
    ]);
  });

  it('limits claim names to 63 characters', () => {
    const long = { ...claim({ region: 'eu-west-1', vpcCidr: '10.0.0.0/16' }), metadata: { name: 'a'.repeat(64), namespace: 'team-a' } };
    expect(at(withXrd.validate(long))).toEqual(['.metadata.name: must NOT have more than 63 characters (got "' + 'a'.repeat(64) + '") [maxLength]']);
  });

  it('requires spec and the XRD-required parameters', () => {
    expect(at(withXrd.validate({ apiVersion: 'platform.example.org/v1alpha1', kind: 'Network', metadata: { name: 'n', namespace: 'a' } }))).toEqual([". must have required property 'spec' [required]"].map((s) => s.replace('. ', '.: ')));
    expect(at(withXrd.validate(claim({ region: 'eu-west-1' })))).toEqual([".spec.parameters: must have required property 'vpcCidr' [required]"]);
  });
});
