// The whole package: every domain chart, the top-level ZeroTrustAccount composite, the
// organization's composite (XZeroTrustOrganization) with its domains, and the package metadata
// derived from them. main.ts and the tests build it the same way.
import { App } from 'cdk8s';
import type { DomainChart } from '../compositions';
import { PackageChart } from '../compositions/package/package-metadata';
import { AuditLoggingChart } from './audit-logging';
import { BackupChart } from './backup';
import { ComplianceChart } from './compliance';
import { DataProtectionChart } from './data-protection';
import { EncryptionChart } from './encryption';
import { ExternalKeysChart } from './external-keys';
import { IdentityChart } from './identity';
import { NetworkChart } from './network';
import { ZeroTrustOrganizationChart } from './organization';
import { OrganizationGuardrailsChart } from './organization-guardrails';
import { AccountPrivateApiChart, ApiGatewayAccountChart, PrivateApiChart } from './private-api';
import { AccountSecureBucketChart, SecureBucketChart, SecureBucketObjectLockChart } from './secure-bucket';
import { SecurityAdministrationChart } from './security-administration';
import { SecurityHubChart } from './security-hub';
import { SecurityMonitoringChart } from './security-monitoring';
import { SessionManagerChart } from './session-manager';
import { ThreatDetectionChart } from './threat-detection';
import { WebFirewallChart } from './web-firewall';
import { ZeroTrustAccountChart } from './zero-trust-account';

export { OrganizationGuardrailsChart, SecurityAdministrationChart, ZeroTrustOrganizationChart };
export { AccountSecureBucketChart, AuditLoggingChart, ComplianceChart, DataProtectionChart, EncryptionChart, IdentityChart, NetworkChart, SecureBucketChart, SecurityMonitoringChart, SessionManagerChart, ZeroTrustAccountChart };

export function buildPackage(app: App = new App()): App {
  // Building blocks: composites that domains compose and workload teams may claim directly.
  const objectLock = new SecureBucketObjectLockChart(app, 'secure-bucket-object-lock');
  const accountBucket = new AccountSecureBucketChart(app, 'account-secure-bucket', objectLock.names);
  const buildingBlocks: DomainChart[] = [objectLock, accountBucket, new SecureBucketChart(app, 'secure-bucket', accountBucket)];
  // Private APIs: offered to workload teams as the PrivateApi claim, like SecureBucket.
  const accountPrivateApi = new AccountPrivateApiChart(app, 'account-private-api');
  buildingBlocks.push(accountPrivateApi, new PrivateApiChart(app, 'private-api', accountPrivateApi));
  // Security domains, each composed once by the ZeroTrustAccount composite.
  const consumers: DomainChart[] = [
    new AuditLoggingChart(app, 'audit-logging'),
    new ComplianceChart(app, 'compliance'),
    new SecurityMonitoringChart(app, 'security-monitoring'),
    new NetworkChart(app, 'network'),
    new SessionManagerChart(app, 'session-manager'),
    new ThreatDetectionChart(app, 'threat-detection'),
    new SecurityHubChart(app, 'security-hub'),
    new WebFirewallChart(app, 'web-firewall'),
    new DataProtectionChart(app, 'data-protection'),
    new IdentityChart(app, 'identity'),
    new ExternalKeysChart(app, 'external-keys'),
    new BackupChart(app, 'backup'),
    new ApiGatewayAccountChart(app, 'api-gateway'),
  ];
  const encryption = new EncryptionChart(app, 'encryption', [...buildingBlocks, ...consumers]);
  const domains = [encryption, ...consumers];
  const account = new ZeroTrustAccountChart(app, 'zero-trust-account', domains);
  // Organization domains, each composed once by the organization's composite (platform-only).
  // Guardrails live in the management account; the security administration in the security account.
  const guardrails = new OrganizationGuardrailsChart(app, 'organization-guardrails');
  const securityAdministration = new SecurityAdministrationChart(app, 'security-administration');
  const organization = new ZeroTrustOrganizationChart(app, 'zero-trust-organization', [
    guardrails,
    { chart: securityAdministration, account: 'security' },
  ]);
  new PackageChart(app, 'package', [...buildingBlocks, ...domains, account, guardrails, securityAdministration, organization]);
  return app;
}
