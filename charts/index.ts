// The whole package: every domain chart, the top-level ZeroTrustAccount composite, and the package
// metadata derived from them. main.ts and the tests build it the same way.
import { App } from 'cdk8s';
import { PackageChart } from '../compositions/package-metadata';
import { EncryptionChart } from './encryption';
import { ZeroTrustAccountChart } from './zero-trust-account';

export { EncryptionChart, ZeroTrustAccountChart };

export function buildPackage(app: App = new App()): App {
  const domains = [new EncryptionChart(app, 'encryption')];
  const account = new ZeroTrustAccountChart(app, 'zero-trust-account', domains);
  new PackageChart(app, 'package', [...domains, account]);
  return app;
}
