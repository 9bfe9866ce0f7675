// The whole package: every domain chart, the top-level ZeroTrustAccount composite, the
// organization's composite (XZeroTrustOrganization) with its domains, and the package metadata
// derived from them. main.ts and the tests build it the same way.
import * as fs from 'node:fs';
import { App } from 'cdk8s';
import type { Construct } from 'constructs';
import { DomainChart } from '../compositions';
import { PackageChart } from '../compositions/package/package-metadata';
import { EncryptionChart } from './encryption';
import { ZeroTrustOrganizationChart } from './organization';
import { OrganizationGuardrailsChart } from './organization-guardrails';
import { AccountPrivateApiChart, PrivateApiChart } from './private-api';
import { AccountSecureBucketChart, SecureBucketChart, SecureBucketObjectLockChart } from './secure-bucket';
import { SecurityAdministrationChart } from './security-administration';
import { ZeroTrustAccountChart } from './zero-trust-account';

export function buildPackage(app: App = new App()): App {
  // Building blocks: composites that domains compose and workload teams may claim directly.
  const objectLock = new SecureBucketObjectLockChart(app, 'secure-bucket-object-lock');
  const accountBucket = new AccountSecureBucketChart(app, 'account-secure-bucket', objectLock.names);
  const buildingBlocks: DomainChart[] = [objectLock, accountBucket, new SecureBucketChart(app, 'secure-bucket', accountBucket)];
  // Private APIs: offered to workload teams as the PrivateApi claim, like SecureBucket.
  const accountPrivateApi = new AccountPrivateApiChart(app, 'account-private-api');
  buildingBlocks.push(accountPrivateApi, new PrivateApiChart(app, 'private-api', accountPrivateApi));
  // Security domains, each composed once by the ZeroTrustAccount composite.
  const consumers = accountDomainClasses().map((Domain) => new Domain(app, chartId(Domain)));
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

/** A domain chart class that XZeroTrustAccount composes once: it declares `static readonly composedBy = 'account'`. */
export type AccountDomainClass = (new (scope: Construct, id: string) => DomainChart) & { readonly composedBy: 'account' };

/** A module of charts/ (this one excepted) and what it exports, in file-name order. */
export interface ChartModule {
  readonly file: string;
  readonly exports: Readonly<Record<string, unknown>>;
}

export function chartModules(): ChartModule[] {
  // A relative template, not a computed path: esbuild bundles every file of this directory for it
  // (bin/bundle.js), and tsx and jest resolve it as any relative require.
  return fs.readdirSync(__dirname).filter((f) => f.endsWith('.ts') && f !== 'index.ts').sort()
    .map((file) => ({ file, exports: require(`./${file}`) as Record<string, unknown> }));
}

/** Whether `v` is a DomainChart subclass (by prototype: cdk8s's Chart.hasInstance makes instanceof true for any chart). */
export function isDomainChartClass(v: unknown): v is typeof DomainChart {
  return typeof v === 'function' && Object.prototype.isPrototypeOf.call(DomainChart, v);
}

/**
 * The security domains: every class a module of charts/ exports with `static readonly composedBy =
 * 'account'`, in file-name order, so a new domain is its chart file alone. The encryption domain is
 * built apart (it takes every consumer's key needs). test/obligations/domains.test.ts fails on an
 * exported DomainChart the package leaves out (a forgotten `composedBy`).
 */
export function accountDomainClasses(): AccountDomainClass[] {
  return chartModules().flatMap((m) => Object.values(m.exports))
    .filter((v): v is AccountDomainClass => isDomainChartClass(v) && (v as { composedBy?: unknown }).composedBy === 'account');
}

/** The chart's construct id: its class name in kebab case without `Chart` (`ApiGatewayAccountChart` -> `api-gateway-account`). */
export function chartId(chart: { readonly name: string }): string {
  return chart.name.replace(/Chart$/, '').replace(/(?<=[a-z0-9])([A-Z])/g, '-$1').toLowerCase();
}
