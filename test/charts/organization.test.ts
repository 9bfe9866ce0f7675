// The organization composite's wiring of its domains: what each organization domain receives, and
// what it cannot ask for.
import { App } from 'cdk8s';
import type { Construct } from 'constructs';
import { DomainChart, Schema } from '../../compositions';
import { OnboardingNames } from '../../compositions/package/onboarding';
import { ZeroTrustOrganizationChart } from '../../charts/organization';
import { OrganizationGuardrailsChart } from '../../charts/organization-guardrails';
import { NetworkChart } from '../../charts/network';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

class SecurityDomain extends DomainChart {
  public constructor(scope: Construct, id: string, extra: 'none' | 'unknown' | 'foreignInput' | 'guardrailsInput' = 'none') {
    super(scope, id, { kind: 'XTestSecurityAdministration', domain: 'securityAdministration', description: 'test domain' });
    this.parameter('securityProviderConfigName', Schema.string('pc', { maxLength: 253 }), { required: true });
    this.parameter('securityAccount', Schema.object('acct', { id: Schema.string('id', { maxLength: 12 }) }), { required: true });
    if (extra === 'unknown') this.parameter('somethingElse', Schema.string('x', { maxLength: 3 }), { required: true });
    if (extra === 'guardrailsInput') this.input('guardrailPolicyIds', Schema.string('p', { maxLength: 512 }), { domain: 'guardrails', statusField: 'scpIds' });
    if (extra === 'foreignInput') this.input('detectorId', Schema.string('d', { maxLength: 64 }), { domain: 'threatDetection', statusField: 'detectorId' });
  }
}

type Template = { name: string; base: { spec: { parameters: Record<string, unknown> } }; patches: { fromFieldPath?: string; toFieldPath?: string; policy?: unknown }[] };
function templates(chart: ZeroTrustOrganizationChart): Template[] {
  const composition = (chart.toJson() as { kind: string; spec: { pipeline: { step: string; input?: { resources?: Template[] } }[] } }[]).find((o) => o.kind === 'Composition')!;
  return composition.spec.pipeline.flatMap((s) => s.input?.resources ?? []);
}

describe('ZeroTrustOrganizationChart', () => {
  const app = new App();
  const org = new ZeroTrustOrganizationChart(app, 'org', [new OrganizationGuardrailsChart(app, 'g'), new SecurityDomain(app, 's')]);
  const [guardrails, security] = templates(org);

  test('each domain acts in the management account by default, with the organization\'s environment as suffix and the management ProviderConfig as a constant', () => {
    for (const t of [guardrails!, security!]) {
      expect(t.base.spec.parameters.providerConfigName).toBe(OnboardingNames.managementProviderConfig);
      expect(t.patches.filter((p) => ['spec.parameters.accountId', 'spec.parameters.region', 'spec.parameters.environmentSuffix'].includes(p.toFieldPath ?? '')).map((p) => `${p.fromFieldPath} -> ${p.toFieldPath}`)).toEqual([
        'spec.parameters.managementAccount.id -> spec.parameters.accountId',
        'spec.parameters.managementAccount.region -> spec.parameters.region',
        'spec.parameters.environment -> spec.parameters.environmentSuffix',
      ]);
    }
  });

  test('a domain gets the organization parameters it declares by name, and ProviderConfig names only as the onboarding\'s constants', () => {
    expect(guardrails!.patches.filter((p) => p.fromFieldPath === 'spec.parameters.targets' || p.fromFieldPath === 'spec.parameters.organizationId')).toHaveLength(2);
    expect(security!.base.spec.parameters.securityProviderConfigName).toBe(OnboardingNames.securityProviderConfig);
    expect(security!.patches.some((p) => p.fromFieldPath === 'spec.parameters.securityAccount')).toBe(true);
    expect(security!.patches.some((p) => String(p.fromFieldPath).includes('ProviderConfig'))).toBe(false);
  });

  test('a domain entry with account \'security\' acts in the security account, and gets the organization facts it declares under their usual names', () => {
    class SecurityAccountDomain extends DomainChart {
      public constructor(scope: Construct, id: string) {
        super(scope, id, { kind: 'XTestDelegatedAdmin', domain: 'delegatedAdmin', description: 'test domain' });
        for (const name of ['organizationRootId', 'managementAccountId', 'terraformProviderConfigName', 'managementProviderConfigName']) this.parameter(name, Schema.string(name, { maxLength: 253 }), { required: true });
        this.parameter('linkedRegions', Schema.array('r', Schema.string('r', { maxLength: 20 }), { maxItems: 20 }), { required: true });
        this.parameter('threatIntelSets', Schema.array('t', Schema.object('t', { name: Schema.string('n', { maxLength: 50 }) }), { maxItems: 6 }));
      }
    }
    const a = new App();
    const [t] = templates(new ZeroTrustOrganizationChart(a, 'o', [{ chart: new SecurityAccountDomain(a, 'd'), account: 'security' }]));
    expect(t!.base.spec.parameters).toEqual({
      providerConfigName: OnboardingNames.securityProviderConfig,
      terraformProviderConfigName: OnboardingNames.securityTerraformProviderConfig,
      managementProviderConfigName: OnboardingNames.managementProviderConfig,
    });
    const reads = Object.fromEntries(t!.patches.filter((p) => p.fromFieldPath && p.toFieldPath).map((p) => [p.toFieldPath, p.fromFieldPath]));
    expect(reads).toMatchObject({
      'spec.parameters.accountId': 'spec.parameters.securityAccount.id',
      'spec.parameters.region': 'spec.parameters.securityAccount.region',
      'spec.parameters.environmentSuffix': 'spec.parameters.environment',
      'spec.parameters.organizationRootId': 'spec.parameters.organizationRootId',
      'spec.parameters.managementAccountId': 'spec.parameters.managementAccount.id',
      'spec.parameters.linkedRegions': 'spec.parameters.linkedRegions',
      'spec.parameters.threatIntelSets': 'spec.parameters.threatIntelligence.threatIntelSets',
    });
  });

  test('refuses a domain that requires a parameter the organization does not have, and an account domain', () => {
    const a = new App();
    expect(() => new ZeroTrustOrganizationChart(a, 'o', [new SecurityDomain(a, 's', 'unknown')])).toThrow("XZeroTrustOrganization: domain XTestSecurityAdministration requires parameter 'somethingElse', which the organization does not have");
    const b = new App();
    const network = new NetworkChart(b, 'n');
    expect(() => new ZeroTrustOrganizationChart(b, 'o', [network])).toThrow('XZeroTrustOrganization: domain XNetwork declares account-bound parameters (organizationId); an organization domain has no account binding');
  });

  test('a domain input from another organization domain is patched from that domain\'s status section, Required', () => {
    const a = new App();
    const [, t] = templates(new ZeroTrustOrganizationChart(a, 'o', [new OrganizationGuardrailsChart(a, 'g'), new SecurityDomain(a, 's', 'guardrailsInput')]));
    expect(t!.patches.filter((p) => p.toFieldPath === 'spec.parameters.guardrailPolicyIds')).toEqual([
      expect.objectContaining({ fromFieldPath: 'status.guardrails.scpIds', policy: { fromFieldPath: 'Required' } }),
    ]);
  });

  test('refuses a domain input from a domain the organization does not compose (a member account domain)', () => {
    const a = new App();
    expect(() => new ZeroTrustOrganizationChart(a, 'o', [new OrganizationGuardrailsChart(a, 'g'), new SecurityDomain(a, 's', 'foreignInput')])).toThrow(
      "XTestSecurityAdministration: input 'detectorId' comes from unknown organization domain 'threatDetection'",
    );
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('zero-trust-organization'), () => expect(synthChart('zero-trust-organization')).toMatchSnapshot());
