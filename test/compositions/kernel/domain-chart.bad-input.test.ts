// A domain chart written wrongly fails at construction or at synth (construct validation) with a
// message naming the composite and what is wrong, never with a package that silently misbehaves.
import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { WebAcl, WebAclAssociation } from '../../../imports/wafv2.aws.upbound.io';
import { Role } from '../../../imports/iam.aws.upbound.io';
import { ClaimTreeResource, ComposedResource, DomainChart, param, Schema } from '../../../compositions';
import { scratchChart } from '../../support/scratch-chart';
import { testApp } from '../../support/chart-snapshot';

const association = (scope: Construct, name: string): ComposedResource =>
  new ComposedResource(scope, { name, kind: WebAclAssociation, forProvider: { webAclArn: param('webAclArn'), resourceArn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/a/1' } });

/** A one-parameter domain whose body `define` writes. */
class TestDomain extends DomainChart {
  public constructor(scope: Construct, define: (self: TestDomain) => void) {
    super(scope, 'test', { kind: 'XTestDomain', domain: 'testDomain', description: 'A domain written by a test.' });
    this.parameter('webAclArn', Schema.arn('ARN of the web ACL.'));
    define(this);
  }
  public declare(name: string): void { this.parameter(name, Schema.string('x', { maxLength: 64 })); }
  public declareBound(name: string): void { this.bound(name, Schema.string('x', { maxLength: 64 }), 'account.id'); }
  public derive(parameter: string, from: string): void { this.derivedInput(parameter, Schema.string('x', { maxLength: 64 }), { parameter: from, transforms: [] }); }
  public order(users: string | ComposedResource | readonly (string | ComposedResource)[], uses: ComposedResource | string | ClaimTreeResource | readonly (string | ClaimTreeResource)[], name?: string): void {
    this.deletedBefore(users, { uses, reason: 'the test needs this deletion order', ...(name !== undefined ? { name } : {}) });
  }
}

/** Construct validation errors of the test chart (what `npm run synth` refuses). */
const problems = (define: (self: TestDomain) => void): string[] => new TestDomain(testApp(), define).node.validate();

describe('DomainChart: bad declarations throw at construction', () => {
  test('a parameter declared twice, or shadowing a shared parameter, names the composite and the parameter', () => {
    expect(() => new TestDomain(new App(), (d) => d.declare('webAclArn'))).toThrow("XTestDomain: parameter 'webAclArn' is declared twice");
    expect(() => new TestDomain(new App(), (d) => d.declare('region'))).toThrow("XTestDomain: parameter 'region' is declared twice");
  });

  test('an account-bound parameter with the name of a declared one is declared twice', () => {
    expect(() => new TestDomain(new App(), (d) => d.declareBound('webAclArn'))).toThrow("XTestDomain: parameter 'webAclArn' is declared twice");
    expect(() => new TestDomain(new App(), (d) => { d.declareBound('accountAlias'); d.declareBound('accountAlias'); })).toThrow("XTestDomain: parameter 'accountAlias' is declared twice");
  });

  test('a derived input must read one of the domain\'s own parameters (its first path segment)', () => {
    expect(() => new TestDomain(new App(), (d) => d.derive('aclName', 'webAcl.name'))).toThrow(
      "XTestDomain: derived input 'aclName' reads 'webAcl.name', which is not a parameter of this domain",
    );
    expect(new TestDomain(new App(), (d) => d.derive('aclName', 'webAclArn')).derivedInputs.map((i) => i.fromParameter)).toEqual(['webAclArn']);
  });

  test('a named deletion order takes exactly one user and one used resource', () => {
    expect(() => new TestDomain(new App(), (d) => {
      association(d, 'first');
      association(d, 'second');
      d.order(['first', 'second'], new ClaimTreeResource('webFirewall', 'webAcl', WebAcl.GVK), 'firstBeforeAcl');
    })).toThrow("XTestDomain: deletion order 'firstBeforeAcl': a name can only be given to a single user and used resource");
  });

  test('a deletion order naming a sibling that is not composed yet says to compose it first', () => {
    expect(() => new TestDomain(new App(), (d) => d.order('missing', new ClaimTreeResource('webFirewall', 'webAcl', WebAcl.GVK)))).toThrow(
      "XTestDomain: no composed resource named 'missing' (compose it before declaring its deletion order)",
    );
  });

  test('a composition resource name must be camelCase (it becomes the composition-resource-name)', () => {
    expect(() => association(scratchChart(), 'web-acl')).toThrow("composed resource name 'web-acl' must be camelCase letters and digits (it becomes the composition-resource-name)");
  });

  test('a composed resource with a region on a global kind (IAM) is refused', () => {
    expect(() => new ComposedResource(scratchChart(), { name: 'role', kind: Role, region: 'us-east-1', forProvider: { assumeRolePolicy: '{}' } })).toThrow(
      "composed resource 'role': 'region' is set to 'us-east-1', but Role has no spec.forProvider.region (a global kind)",
    );
  });
});

describe('DomainChart: deletion orders and names are checked at synth', () => {
  test('a well-formed chart has no problems', () => {
    expect(problems((d) => { association(d, 'assoc'); d.order('assoc', new ClaimTreeResource('webFirewall', 'webAcl', WebAcl.GVK)); })).toEqual([]);
  });

  test('a user or used resource this composite does not compose', () => {
    // Composed by another composite.
    const elsewhere = scratchChart();
    const strayUser = association(elsewhere, 'strayUser');
    const strayUsed = association(elsewhere, 'strayUsed');
    const out = problems((d) => {
      association(d, 'assoc');
      d.order(strayUser, 'assoc');
      d.order('assoc', strayUsed);
    });
    // The Usages' own sibling selectors are refused too (the synth-time wiring check, composite-paths.ts).
    expect(out).toEqual([
      "XTestDomain: composed resource 'strayUserUsesAssoc' selects sibling 'strayUser' at spec.by.resourceSelector, but this composition composes no resource named 'strayUser' (composed: assoc, strayUserUsesAssoc, assocUsesStrayUsed)",
      "XTestDomain: composed resource 'assocUsesStrayUsed' selects sibling 'strayUsed' at spec.of.resourceSelector, but this composition composes no resource named 'strayUsed' (composed: assoc, strayUserUsesAssoc, assocUsesStrayUsed)",
      "XTestDomain: deletion order 'strayUserUsesAssoc': its user 'strayUser' is not composed by this composite (a Usage is composed next to its user)",
      "XTestDomain: deletion order 'assocUsesStrayUsed': 'strayUsed' is not composed by this composite; name another composite's resource with ClaimTreeResource",
    ]);
  });

  test('a ClaimTreeResource of the composite\'s own domain: pass the resource itself', () => {
    expect(problems((d) => { association(d, 'assoc'); association(d, 'other'); d.order('assoc', new ClaimTreeResource('testDomain', 'other', WebAclAssociation.GVK)); })).toEqual([
      "XTestDomain: deletion order 'assocUsesOther': 'other' is composed by this composite; pass the resource itself",
    ]);
  });

  test('two resources with one composition resource name (in one scope it fails at construction already)', () => {
    expect(() => problems((d) => { association(d, 'assoc'); association(d, 'assoc'); })).toThrow("There is already a Construct with name 'assoc'");
    // In two scopes (a pattern construct inside the chart) only the synth check sees it.
    expect(problems((d) => { association(d, 'assoc'); association(new Construct(d, 'pattern'), 'assoc'); })).toEqual([
      "XTestDomain: composition resource name 'assoc' is used twice",
    ]);
  });
});

test('a composed resource cannot be both observe-only and retained on delete (observing never deletes)', () => {
  expect(() => new ComposedResource(scratchChart(), { name: 'kept', kind: WebAcl, observeOnly: true, retainOnDelete: 'the test keeps it', forProvider: {} }))
    .toThrow("composed resource 'kept': observeOnly already never deletes; drop retainOnDelete");
});
