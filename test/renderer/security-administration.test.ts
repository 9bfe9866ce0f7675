// The committed package (dist/) renders an XSecurityAdministration XR written from the example
// onboarding standalone, to convergence, and deleting it follows its ClusterUsages: no AWS refusal,
// nothing used deleted before its user, whichever order concurrent reconciles take.
import { dependencyPairs } from '../../renderer/aws/aws-dependencies';
import { deleteClaim } from '../../renderer/crossplane/deletion';
import { render, type RenderOutput } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';
import { securityAdministrationParameters } from '../../compositions/blocks/organization/security-administration';
import { onboarding } from '../../examples/onboarding';
import { packageApis } from '../support/render-example';

const rn = (o: JsonObject): string => (((o.metadata as JsonObject).annotations ?? {}) as Record<string, string>)['crossplane.io/composition-resource-name'] ?? '';
let cached: RenderOutput | undefined;
const out = (): RenderOutput => (cached ??= render({
  claimOrXr: { apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XSecurityAdministration', metadata: { name: 'example-organization' }, spec: { parameters: securityAdministrationParameters(onboarding) as unknown as JsonObject } },
  ...packageApis(),
  accountId: '555566667777',
  region: 'eu-west-1',
}));

describe('XSecurityAdministration through dist/', () => {
  test('converges Ready with no problem: 3 Region slots of 6, each with its designation, organization configuration and analyzer', () => {
    expect(out().problems).toEqual([]);
    expect(out().converged).toBe(true);
    const names = out().resources.map(rn);
    for (const prefix of ['delegatedAdministratorsRegion', 'organizationConfigurationRegion', 'organizationAnalyzerRegion']) {
      expect(names.filter((n) => n.startsWith(prefix) && !n.includes('Uses')).sort()).toEqual([0, 1, 2].map((i) => `${prefix}${i}`));
    }
  });

  test('the AWS dependencies it composes are ordered by its Usages', () => {
    expect(dependencyPairs(out().resources).map((p) => `${p.rule.id}: ${rn(p.user)} -> ${rn(p.used)}`)).toEqual(['key-encrypts-bucket: listsBucket -> listsKey']);
    expect(out().resources.filter((r) => r.kind === 'ClusterUsage').map(rn).sort()).toEqual([
      'centralConfigurationUsesFindingAggregator', 'configAggregatorUsesConfigAggregatorRole', 'configurationPolicyUsesCentralConfiguration', 'listsBucketUsesListsKey',
      'organizationConfigurationRegion0UsesDesignation', 'organizationConfigurationRegion1UsesDesignation', 'organizationConfigurationRegion2UsesDesignation',
      'policyAssociationUsesConfigurationPolicy',
    ]);
  });

  test.each([['Background, by name', {}], ['Background, reverse', { withinWave: 'reverse' as const }], ['Foreground', { policy: 'Foreground' as const }]])(
    'deleting it (%s): complete, no problem, each used resource gone after its user',
    (_what, options) => {
      const d = deleteClaim(out(), options);
      expect(d.problems).toEqual([]);
      expect(d.complete).toBe(true);
      const goneAt = (resource: string) => d.order.find((o) => o.resource === resource)!.goneAt;
      for (const [user, used] of [
        ['securityHubPolicyAssociation', 'securityHubConfigurationPolicy'], ['securityHubConfigurationPolicy', 'securityHubOrganizationConfiguration'],
        ['securityHubOrganizationConfiguration', 'findingAggregator'], ['configAggregator', 'configAggregatorRole'], ['listsBucket', 'listsKey'],
        ['organizationConfigurationRegion0', 'delegatedAdministratorsRegion0'], ['organizationConfigurationRegion2', 'delegatedAdministratorsRegion2'],
      ] as const) {
        expect([user, used, goneAt(user) < goneAt(used)]).toEqual([user, used, true]);
      }
    },
  );
});
