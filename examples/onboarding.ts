// The example organization's onboarding list: which tenant namespace is bound to which AWS account.
// A platform team keeps its own copy of this file; `npm run synth` turns it into the namespaces,
// RBAC, ProviderConfigs, EnvironmentConfigs, admission policies and Argo CD Applications.
import { defineOnboarding } from '../compositions/package/onboarding';

export const onboarding = defineOnboarding({
  organizationId: 'o-a1b2c3d4e5',
  organizationRootId: 'r-ab12',
  environment: 'org',
  managementAccount: {
    accountId: '999900001111',
    homeRegion: 'us-east-1',
    provider: { roleArn: 'arn:aws:iam::999900001111:role/zta-guardrails-provisioning', externalId: 'zta-org-mgmt-6c1f0e' },
  },
  // Delegated administrator of GuardDuty, Security Hub, Config, Access Analyzer, Macie and Inspector.
  securityAccount: {
    accountId: '555566667777',
    homeRegion: 'eu-west-1',
    provider: { roleArn: 'arn:aws:iam::555566667777:role/zta-security-provisioning', externalId: 'zta-org-security-2a9d47' },
  },
  // Applied by the GuardDuty administrator to every member; the lists live in the security account's bucket.
  threatIntelligence: {
    threatIntelSets: [
      { name: 'soc-blocklist', objectKey: 'guardduty/blocklist.txt', format: 'TXT' },
      { name: 'vendor-feed', objectKey: 'guardduty/vendor-feed.stix', format: 'STIX' },
    ],
    trustedIpSets: [{ name: 'corporate-egress', objectKey: 'guardduty/corporate-egress.txt', format: 'TXT' }],
  },
  accounts: [
    {
      namespace: 'payments-dev',
      accountId: '111122223333',
      homeRegion: 'eu-west-1',
      allowedRegions: ['eu-west-1'],
      environment: 'dev',
      provider: { roleArn: 'arn:aws:iam::111122223333:role/zta-provisioning', externalId: 'zta-payments-dev-3b7e21' },
      tenantGroups: ['payments-platform'],
      organizationalUnitId: 'ou-ab12-devaccts',
    },
    {
      namespace: 'payments-prod',
      accountId: '444455556666',
      homeRegion: 'eu-central-1',
      allowedRegions: ['eu-central-1', 'eu-west-1'],
      environment: 'prod',
      provider: { roleArn: 'arn:aws:iam::444455556666:role/platform/zta-provisioning', externalId: 'zta-payments-prod-9d02c4' },
      tenantGroups: ['payments-platform', 'payments-sre'],
      organizationalUnitId: 'ou-ab12-prodaccts',
    },
    // A second development account in the same OU with the same environment suffix: every
    // organization-wide name must still be unique, and the OU's guardrails are shared, not doubled.
    {
      namespace: 'lending-dev',
      accountId: '222233334444',
      homeRegion: 'eu-west-1',
      allowedRegions: ['eu-west-1', 'eu-west-2'],
      environment: 'dev',
      provider: { roleArn: 'arn:aws:iam::222233334444:role/zta-provisioning', externalId: 'zta-lending-dev-81f5aa' },
      tenantGroups: ['lending-platform'],
      organizationalUnitId: 'ou-ab12-devaccts',
    },
  ],
});
