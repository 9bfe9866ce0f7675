// Builders of the construct library refuse bad input with a message naming the builder, the field
// and the value: patches, secure buckets, service roles, IAM policy JSON, event and filter patterns.
import {
  combineToComposite, environmentToStatus, param, PolicyDocument, PolicyStatement, Principals, renderPrincipals, serviceRole, siblingSelector,
} from '../../compositions';
import { objectLockConfiguration, SecureBucket } from '../../compositions/blocks/data/secure-bucket';
import { ApiObject, App, Chart } from 'cdk8s';
import { packageFiles, PackageAdmissionError, toYaml, writePackage } from '../../compositions/package/package-writer';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { matchesEventPattern, validateEventPattern } from '../../compositions/policy/event-pattern';
import { parseFilterPattern } from '../../compositions/policy/metric-filter-pattern';
import { scratchChart } from '../support/scratch-chart';

describe('patches that write the composite', () => {
  test('only status survives a function run: combineToComposite and environmentToStatus refuse other paths', () => {
    expect(() => combineToComposite(['status.atProvider.id'], '%s', 'spec.parameters.id')).toThrow(
      "combineToComposite: 'spec.parameters.id' is not under status (Crossplane keeps only the composite's status from functions)",
    );
    expect(() => environmentToStatus('account.id', 'metadata.labels.account')).toThrow(
      "environmentToStatus: 'metadata.labels.account' is not under status (Crossplane keeps only the composite's status from functions)",
    );
  });

  test('a combine needs at least one variable', () => {
    expect(() => combineToComposite([], 'fixed', 'status.id')).toThrow("combineToComposite: 'status.id' needs at least one variable");
    expect(combineToComposite(['status.atProvider.id'], 'key/%s', 'status.id')).toEqual({
      type: 'CombineToComposite',
      combine: { strategy: 'string', variables: [{ fromFieldPath: 'status.atProvider.id' }], string: { fmt: 'key/%s' } },
      toFieldPath: 'status.id',
    });
  });
});

describe('secure bucket builders', () => {
  test.each([0, 1.5, -3])('noncurrentVersionExpirationDays %p is not a positive whole number of days', (days) => {
    expect(() => new SecureBucket(scratchChart(), { name: 'b', purpose: 'trail', kmsKeyArn: param('k'), noncurrentVersionExpirationDays: days })).toThrow(
      `secure bucket 'b': 'noncurrentVersionExpirationDays' must be a positive whole number of days, got ${days}`,
    );
  });

  test('an Object Lock configuration names its bucket exactly one way', () => {
    const message = "object lock 'lock': give exactly one of 'bucketSelector' or 'bucketName'";
    expect(() => objectLockConfiguration(scratchChart(), { name: 'lock', retentionDays: 7 })).toThrow(message);
    expect(() => objectLockConfiguration(scratchChart(), { name: 'lock', retentionDays: 7, bucketName: param('bucketName'), bucketSelector: siblingSelector('bucket') })).toThrow(message);
  });
});

describe('serviceRole', () => {
  const trust = [new PolicyStatement({ actions: ['sts:AssumeRole'], principals: [Principals.service('config.amazonaws.com')] })];

  test('managedPolicyArns takes AWS managed policies only (a customer policy ARN names an account)', () => {
    expect(() => serviceRole(scratchChart(), { name: 'configRole', roleName: 'zta-config-dev', description: 'd', trust, managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWS_ConfigRole', 'arn:aws:iam::111122223333:policy/mine'] })).toThrow(
      "serviceRole configRole: 'managedPolicyArns[1]' must be an AWS managed policy ARN (arn:aws:iam::aws:policy/...), got 'arn:aws:iam::111122223333:policy/mine'",
    );
  });

  test('a trust statement without a principal is refused', () => {
    expect(() => serviceRole(scratchChart(), { name: 'configRole', roleName: 'zta-config-dev', description: 'd', trust: [new PolicyStatement({ actions: ['sts:AssumeRole'] })] })).toThrow(
      'a trust policy statement must name a principal; add principals or notPrincipals',
    );
  });
});

describe('IAM policy JSON parsing', () => {
  test('a document or statement must be a JSON object with known elements', () => {
    expect(() => PolicyDocument.fromJson('[]')).toThrow('policy document: expected an object, got []');
    expect(() => PolicyDocument.fromJson({ Version: '2012-10-17', Statement: [], Id: 'x' })).toThrow("policy document: unknown element(s) 'Id'; allowed are Version, Statement");
    expect(() => PolicyStatement.fromJson('Allow')).toThrow('statement: expected an object, got "Allow"');
    expect(() => PolicyStatement.fromJson({ Effect: 'Allow', Action: ['s3:GetObject', 3], Resource: '*' })).toThrow(
      "statement: 'Action' must be a string or a list of strings, got [\"s3:GetObject\",3]",
    );
  });

  test('a Condition operator maps keys to values', () => {
    expect(() => new PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }).addConditions({ StringEquals: 'aws:PrincipalAccount' } as never)).toThrow(
      "condition 'StringEquals' must map condition keys to values, got \"aws:PrincipalAccount\"",
    );
  });

  test('principals: every IAM principal type parses; other shapes and types are refused', () => {
    expect(Principals.fromJson({ Federated: 'cognito-identity.amazonaws.com', CanonicalUser: ['79a59df9'] })).toEqual([
      Principals.federated('cognito-identity.amazonaws.com'),
      Principals.canonicalUser('79a59df9'),
    ]);
    expect(() => Principals.federated()).toThrow('principal: federated() needs at least one value');
    expect(() => Principals.canonicalUser()).toThrow('principal: canonicalUser() needs at least one value');
    expect(() => Principals.fromJson(['*'])).toThrow("principal: expected '*' or an object keyed by principal type, got [\"*\"]");
    expect(() => Principals.fromJson({ AWS: [123] })).toThrow("principal: values of 'AWS' must be strings, got [123]");
    expect(() => Principals.fromJson({ Group: 'admins' })).toThrow("principal: type 'Group' is not one of");
  });

  test("'*' (anyone) cannot be combined with other principals: it already includes them", () => {
    expect(renderPrincipals([Principals.anyone()])).toBe('*');
    expect(() => renderPrincipals([Principals.anyone(), Principals.service('config.amazonaws.com')])).toThrow(
      "principal: '*' (anyone) cannot be combined with other principals; it already includes them",
    );
  });
});

describe('EventBridge patterns', () => {
  test('anything-but takes a value, a list or one of four operators', () => {
    expect(validateEventPattern({ detail: { state: [{ 'anything-but': { exists: true } }] } })).toEqual([
      expect.stringContaining('anything-but takes a value, a list, or one of {prefix}, {suffix}, {equals-ignore-case}, {wildcard}'),
    ]);
  });

  test('matching refuses a pattern EventBridge would refuse, naming the matcher', () => {
    expect(() => matchesEventPattern({ detail: { state: [{ 'begins-with': 'run' } as never] } }, { detail: { state: 'running' } })).toThrow(
      "event pattern: detail.state[0]: unknown operator 'begins-with'",
    );
    expect(() => matchesEventPattern({ detail: { state: [{ 'anything-but': { contains: 'run' } } as never] } }, { detail: { state: 'running' } })).toThrow(
      'anything-but takes a value, a list, or one of {prefix}, {suffix}, {equals-ignore-case}, {wildcard}',
    );
  });
});

describe('CloudWatch Logs filter patterns', () => {
  test('a character outside the pattern syntax is a syntax error with its position', () => {
    expect(() => parseFilterPattern('{ $.eventName = "x" } ^')).toThrow("filter pattern '{ $.eventName = \"x\" } ^': unexpected character '^' at position 22");
  });
});


describe('package writer', () => {
  test('an object with no place in a Crossplane package root is refused, naming its kind', () => {
    const app = new App();
    new ApiObject(new Chart(app, 'extra'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    expect(() => packageFiles(app)).toThrow('package writer: no place for v1 ConfigMap in the package root');
  });

  test('writePackage replaces the directory with the admitted package, and writes nothing the API server would refuse', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zta-write-package-'));
    try {
      fs.writeFileSync(path.join(dir, 'stale.yaml'), 'kind: Stale\n');
      const files = writePackage(scratchChart().node.root as App, dir);
      expect(files.map((f) => f.path).sort()).toEqual(['apis/xscratches/composition.yaml', 'apis/xscratches/definition.yaml']);
      for (const f of files) expect(fs.readFileSync(path.join(dir, f.path), 'utf8')).toBe(toYaml(f.objects));
      expect(fs.existsSync(path.join(dir, 'stale.yaml'))).toBe(false);
      // uniqueItems: true is refused by the API server in a CRD schema (quadratic to check).
      const refused = new App();
      new ApiObject(new Chart(refused, 'x'), 'xrd', {
        apiVersion: 'apiextensions.crossplane.io/v1', kind: 'CompositeResourceDefinition', metadata: { name: 'xthings.example.org' },
        spec: {
          group: 'example.org', names: { kind: 'XThing', plural: 'xthings' }, scope: 'LegacyCluster',
          versions: [{ name: 'v1', served: true, referenceable: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { l: { type: 'array', uniqueItems: true, items: { type: 'string' } } } } } } } }],
        },
      });
      expect(() => writePackage(refused, dir)).toThrow(PackageAdmissionError);
      expect(fs.readdirSync(dir, { recursive: true }).sort()).toEqual(['apis', 'apis/xscratches', 'apis/xscratches/composition.yaml', 'apis/xscratches/definition.yaml']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an admission error counts its problems and lists one per line', () => {
    expect(new PackageAdmissionError(['a: uniqueItems', 'b: cost']).message).toBe(
      '2 CRD admission problem(s): the API server would refuse the CRDs Crossplane generates from these XRDs\na: uniqueItems\nb: cost',
    );
  });
});
