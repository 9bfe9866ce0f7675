// The whole package: every domain chart, the top-level ZeroTrustAccount composite, and the package
// metadata derived from them. main.ts and the tests build it the same way.
import { App } from 'cdk8s';
import type { DomainChart } from '../compositions';
import { PackageChart } from '../compositions/package-metadata';
import { EncryptionChart } from './encryption';
import { ZeroTrustAccountChart } from './zero-trust-account';

export { EncryptionChart, ZeroTrustAccountChart };

export function buildPackage(app: App = new App()): App {
  // Building blocks: composites that domains compose and workload teams may claim directly.
  const buildingBlocks: DomainChart[] = [];
  // Security domains, each composed once by the ZeroTrustAccount composite.
  const consumers: DomainChart[] = [];
  const encryption = new EncryptionChart(app, 'encryption', [...buildingBlocks, ...consumers]);
  const domains = [encryption, ...consumers];
  const account = new ZeroTrustAccountChart(app, 'zero-trust-account', domains);
  new PackageChart(app, 'package', [...buildingBlocks, ...domains, account]);
  return app;
}
