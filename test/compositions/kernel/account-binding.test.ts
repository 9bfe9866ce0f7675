// The plumbing between the onboarding's AccountBinding and the compositions: every binding field the
// package reads exists in a real binding with the type its parameter declares, claim composites have
// no account parameters, and a claim composite cannot read one by accident.
import { App } from 'cdk8s';
import type { Construct } from 'constructs';
import { buildPackage } from '../../../charts';
import { Bucket } from '../../../imports/s3.aws.upbound.io';
import { BOUND_COMMON_PARAMETERS, CommonPatchSets, ComposedResource, DomainChart, Schema, accountParameterSchema } from '../../../compositions';
import { accountBinding } from '../../../compositions/package/onboarding';
import { onboarding } from '../../../examples/onboarding';
import { getValue } from '../../../renderer/crossplane/fieldpath';
import type { JsonObject } from '../../../renderer/types';

const charts = buildPackage(new App()).node.findAll().filter(DomainChart.isDomainChart);
const binding = JSON.parse(JSON.stringify(accountBinding(onboarding, onboarding.accounts[1]!))) as JsonObject;

describe('binding fields the package reads', () => {
  const reads = [
    ...Object.entries(BOUND_COMMON_PARAMETERS).map(([parameter, from]) => ({ chart: 'every domain', parameter, from, type: accountParameterSchema()[parameter]!.type })),
    ...charts.flatMap((c) => c.boundParameters.map((b) => ({ chart: c.names.kind, parameter: b.parameter, from: b.from, type: b.schema.type }))),
  ];

  test('are the account parameters and the domains\' bound parameters', () => {
    expect(reads.map((r) => `${r.chart}.${r.parameter} <- ${r.from}`).sort()).toEqual([
      'XBackup.provisioningRoleName <- account.provisioningRoleName',
      'XCompliance.allowedRegions <- account.allowedRegions',
      'XCompliance.securityAccountId <- organization.securityAccountId',
      'XEncryption.allowedRegions <- account.allowedRegions',
      'XIdentity.allowedRegions <- account.allowedRegions',
      'XIdentity.provisioningRoleName <- account.provisioningRoleName',
      'XNetwork.organizationId <- organization.id',
      'XThreatDetection.terraformProviderConfigName <- terraform.providerConfigName',
      'every domain.accountId <- account.id',
      'every domain.environmentSuffix <- account.environment',
      'every domain.providerConfigName <- providerConfigName',
      'every domain.region <- account.region',
    ]);
  });

  test.each(reads.map((r) => [`${r.chart}.${r.parameter}`, r] as const))('%s exists in a real binding with its declared type', (_n, r) => {
    const value = getValue(binding, r.from);
    expect({ from: r.from, type: Array.isArray(value) ? 'array' : typeof value }).toEqual({ from: r.from, type: r.type });
  });
});

describe('claim composites', () => {
  const claimCharts = charts.filter((c) => c.names.claim);

  test('bind an account and are exactly the claim-offering composites', () => {
    expect(claimCharts.map((c) => [c.names.kind, c.bindsAccount])).toEqual([['XSecureBucket', true], ['XPrivateApi', true], ['XZeroTrustAccount', true]]);
    expect(charts.filter((c) => c.bindsAccount).length).toBe(3);
  });

  test('declare no account parameter; show status.account', () => {
    for (const c of claimCharts) {
      const xrd = c.toJson().find((o: JsonObject) => o.kind === 'CompositeResourceDefinition') as JsonObject;
      const schema = (((xrd.spec as JsonObject).versions as JsonObject[])[0]!.schema as JsonObject).openAPIV3Schema as JsonObject;
      const props = (schema.properties as JsonObject);
      const parameters = Object.keys(((((props.spec as JsonObject).properties as JsonObject).parameters as JsonObject).properties as JsonObject));
      expect(parameters.filter((p) => p in accountParameterSchema())).toEqual([]);
      expect(Object.keys((((props.status as JsonObject).properties as JsonObject).account as JsonObject).properties as JsonObject).sort()).toEqual(['environment', 'id', 'namespace', 'region']);
    }
  });

  class LeakyClaimChart extends DomainChart {
    public constructor(scope: Construct) {
      super(scope, 'leaky', { kind: 'XLeakyClaim', domain: 'leaky', offerClaim: true, bindsAccount: true, description: 'A claim composing a managed resource directly.' });
      this.parameter('name', Schema.string('A name.', { maxLength: 63 }));
      new ComposedResource(this, { name: 'bucket', kind: Bucket, forProvider: {}, patches: [CommonPatchSets.providerConfig.ref()] });
    }
  }

  test('cannot read an account parameter, even through a shared patch set (it would fall back to the default ProviderConfig)', () => {
    const app = new App();
    const chart = new LeakyClaimChart(app);
    const hint = "(declare it with parameter(), input(), bound() or permissionsBoundaryInput(); a claim's composite has no account parameter)";
    expect(chart.node.validate()).toEqual(['providerConfigName', 'region', 'environmentSuffix'].map((p) => `XLeakyClaim: composed resource 'bucket' reads spec.parameters.${p}, which is not a declared parameter ${hint}`));
  });

  test('only a claim\'s composite binds an account', () => {
    class NotAClaim extends DomainChart {
      public constructor(scope: Construct) {
        super(scope, 'x', { kind: 'XNotAClaim', domain: 'x', bindsAccount: true, description: 'd' });
      }
    }
    expect(() => new NotAClaim(new App())).toThrow('XNotAClaim: only a claim\'s composite binds an account (its namespace names it)');
  });
});
