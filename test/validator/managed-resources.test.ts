import { formatProblem, type Problem } from '../../validator/validate';
import { brief, CRD, validatorFor } from './helpers';

const v = validatorFor(CRD.vpc, CRD.role, CRD.bucket, CRD.runtimeConfig);

const vpc = (forProvider: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'ec2.aws.upbound.io/v1beta1',
  kind: 'VPC',
  metadata: { name: 'main' },
  spec: { forProvider, ...extra },
});

const role = (spec: Record<string, unknown>) => ({ apiVersion: 'iam.aws.upbound.io/v1beta1', kind: 'Role', metadata: { name: 'auditor' }, spec });

describe('managed resources against provider-upjet-aws CRDs', () => {
  it('accepts a valid VPC', () => {
    expect(v.validate(vpc({ region: 'eu-west-1', cidrBlock: '10.0.0.0/16', enableDnsHostnames: true, tags: { team: 'sec' } }))).toEqual([]);
  });

  it('reports a wrong type with the field and the value', () => {
    expect(v.validate(vpc({ region: 'eu-west-1', enableDnsSupport: 'yes' }), { file: 'network.yaml' })).toEqual<Problem[]>([
      { file: 'network.yaml', object: 'VPC/main', path: '.spec.forProvider.enableDnsSupport', message: 'must be boolean (got string "yes")', rule: 'type' },
    ]);
  });

  it('reports a missing required field at its parent', () => {
    expect(v.validate(vpc({ cidrBlock: '10.0.0.0/16' }))).toEqual<Problem[]>([
      { object: 'VPC/main', path: '.spec.forProvider', message: "must have required property 'region'", rule: 'required' },
    ]);
  });

  it('reports a bad enum value with the allowed values', () => {
    expect(v.validate(vpc({ region: 'eu-west-1' }, { deletionPolicy: 'Remove' }))).toEqual<Problem[]>([
      { object: 'VPC/main', path: '.spec.deletionPolicy', message: 'must be one of Orphan, Delete (got "Remove")', rule: 'enum' },
    ]);
  });

  it('reports an unknown (typo) field, closest allowed names first', () => {
    const [p, ...rest] = v.validate(vpc({ region: 'eu-west-1', enableDnsHostname: true }));
    expect(rest).toEqual([]);
    expect(p.path).toBe('.spec.forProvider.enableDnsHostname');
    expect(p.rule).toBe('additionalProperties');
    expect(p.message).toMatch(/^unknown field \(allowed: enableDnsHostnames, .*, …\)$/);
  });

  it('reports unknown fields at every level, including top-level typos', () => {
    expect(brief(v.validate({ ...vpc({ region: 'eu-west-1' }), sepc: {} }))).toEqual(['.sepc [additionalProperties]']);
  });

  it('reports a pattern violation (resource quantity in a DeploymentRuntimeConfig)', () => {
    const drc = {
      apiVersion: 'pkg.crossplane.io/v1beta1',
      kind: 'DeploymentRuntimeConfig',
      metadata: { name: 'small' },
      spec: { deploymentTemplate: { spec: { selector: {}, template: { spec: { containers: [{ name: 'package-runtime', resources: { limits: { cpu: 'lots', memory: '512Mi' } } }] } } } } },
    };
    const problems = v.validate(drc);
    expect(brief(problems)).toEqual(['.spec.deploymentTemplate.spec.template.spec.containers[0].resources.limits.cpu [pattern]']);
    expect(problems[0].message).toMatch(/^must match pattern \^\(\\\+\|-\)\?.* \(got "lots"\)$/);
    drc.spec.deploymentTemplate.spec.template.spec.containers[0].resources.limits.cpu = '500m';
    expect(v.validate(drc)).toEqual([]);
  });

  it('accepts int-or-string values and rejects other types there', () => {
    const drc = (cpu: unknown) => ({
      apiVersion: 'pkg.crossplane.io/v1beta1',
      kind: 'DeploymentRuntimeConfig',
      metadata: { name: 'small' },
      spec: { deploymentTemplate: { spec: { selector: {}, template: { spec: { containers: [{ name: 'c', resources: { requests: { cpu } } }] } } } } },
    });
    expect(v.validate(drc(2))).toEqual([]);
    const problems = v.validate(drc(true));
    expect(problems.map((p) => p.message)).toEqual(['must be integer or string (got boolean true)']);
  });

  it('validates metadata like the API server (name format, label keys)', () => {
    const problems = v.validate({ ...vpc({ region: 'eu-west-1' }), metadata: { name: 'Main_VPC', labels: { 'a/b/c': 'x', ok: 'y' } } });
    expect(brief(problems)).toEqual(['.metadata.name [pattern]', '.metadata.labels["a/b/c"] [propertyNames pattern]']);
    expect(problems[0].message).toMatch(/^must be a lowercase RFC 1123 subdomain .* \(got "Main_VPC"\)$/);
    expect(problems[0].object).toBe('VPC/Main_VPC');
  });

  describe('IAM Role CEL rule: assumeRolePolicy is required unless observe-only', () => {
    const rule = expect.stringMatching(/^cel: !\('\*' in self.managementPolicies/);

    it('fails without assumeRolePolicy (managementPolicies defaulted to ["*"] first)', () => {
      expect(v.validate(role({ forProvider: {} }))).toEqual([
        { object: 'Role/auditor', path: '.spec', message: 'spec.forProvider.assumeRolePolicy is a required parameter', rule },
      ]);
    });

    it('passes with assumeRolePolicy in forProvider or initProvider', () => {
      expect(v.validate(role({ forProvider: { assumeRolePolicy: '{"Version":"2012-10-17","Statement":[]}' } }))).toEqual([]);
      expect(v.validate(role({ forProvider: {}, initProvider: { assumeRolePolicy: '{}' } }))).toEqual([]);
    });

    it('passes for an observe-only role', () => {
      expect(v.validate(role({ managementPolicies: ['Observe'], forProvider: {} }))).toEqual([]);
    });

    it('still fails when Create is among the policies', () => {
      expect(v.validate(role({ managementPolicies: ['Observe', 'Create'], forProvider: {} })).map((p) => p.message)).toEqual(['spec.forProvider.assumeRolePolicy is a required parameter']);
    });
  });

  it('reports a number given as string', () => {
    expect(v.validate(role({ forProvider: { assumeRolePolicy: '{}', maxSessionDuration: '3600' } })).map(formatProblem)).toEqual([
      'Role/auditor: .spec.forProvider.maxSessionDuration: must be number (got string "3600") [type]',
    ]);
  });

  it('does not mutate the object it validates (defaults go into a copy)', () => {
    const obj = role({ forProvider: {} });
    const before = JSON.stringify(obj);
    v.validate(obj);
    expect(JSON.stringify(obj)).toBe(before);
  });

  it('prunes null for non-nullable fields before validating, as the API server does', () => {
    expect(v.validate(vpc({ region: 'eu-west-1', cidrBlock: null }))).toEqual([]);
    expect(brief(v.validate(vpc({ region: null })))).toEqual(['.spec.forProvider [required]']);
  });

  it('validates a multi-version kind by its apiVersion', () => {
    const bucket = (apiVersion: string, forProvider: object) => ({ apiVersion, kind: 'Bucket', metadata: { name: 'logs' }, spec: { forProvider } });
    expect(v.validate(bucket('s3.aws.upbound.io/v1beta2', { region: 'eu-west-1', forceDestroy: false }))).toEqual([]);
    expect(v.validate(bucket('s3.aws.upbound.io/v1beta1', { region: 'eu-west-1', objectLockEnabled: true }))).toEqual([]);
    expect(v.validate(bucket('s3.aws.upbound.io/v1alpha1', { region: 'eu-west-1' }))[0].message).toBe(
      'unknown kind s3.aws.upbound.io/v1alpha1/Bucket (known apiVersions for Bucket: s3.aws.upbound.io/v1beta1, s3.aws.upbound.io/v1beta2)',
    );
  });

  it('reports an unknown kind or apiVersion as one problem', () => {
    expect(v.validate({ apiVersion: 'ec2.aws.upbound.io/v1', kind: 'VPC', metadata: { name: 'x' } })).toEqual<Problem[]>([
      { object: 'VPC/x', path: '.', message: 'unknown kind ec2.aws.upbound.io/v1/VPC (known apiVersions for VPC: ec2.aws.upbound.io/v1beta1)', rule: 'unknown-kind' },
    ]);
    expect(v.validate({ apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual<Problem[]>([
      { object: 'Widget/w', path: '.', message: 'unknown kind example.org/v1/Widget (no schema for this kind in the bundle)', rule: 'unknown-kind' },
    ]);
    expect(brief(v.validate({ metadata: { name: 'w' } }))).toEqual(['. [required]']);
  });

  it('formats problems as "file: Kind/name: .path: message [rule]"', () => {
    expect(formatProblem({ file: 'a.yaml', object: 'VPC/main', path: '.spec', message: 'bad', rule: 'type' })).toBe('a.yaml: VPC/main: .spec: bad [type]');
    expect(formatProblem({ object: 'VPC/main', path: '.spec', message: 'bad', rule: 'type' })).toBe('VPC/main: .spec: bad [type]');
  });

  it('validates a warm object in well under a millisecond', () => {
    const objs = [vpc({ region: 'eu-west-1', cidrBlock: '10.0.0.0/16' }), role({ forProvider: { assumeRolePolicy: '{}' } })];
    for (const o of objs) v.validate(o);
    const n = 2000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) v.validate(objs[i % 2]);
    const perObjectMs = Number(process.hrtime.bigint() - start) / 1e6 / n;
    expect(perObjectMs).toBeLessThan(1);
  });
});
