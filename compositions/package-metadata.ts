// The package-level objects derived from the compositions: crossplane.yaml (Configuration metadata
// with its dependencies) and the ManagedResourceActivationPolicy. Both are computed from what the
// compositions compose, never maintained by hand.
import { ApiObject, Chart, Lazy } from 'cdk8s';
import type { Construct } from 'constructs';
import { ManagedResourceActivationPolicy } from '../imports/apiextensions.crossplane.io';
import type { DomainChart } from './domain-chart';
import { crdName, isAwsManagedKind } from './kind-schemas';

export const PACKAGE_NAME = 'zero-trust-platform';

/** Versions the package is built and tested against (shared/crds/README.md). */
export const Dependencies = {
  crossplane: '>=v2.0.0',
  awsProviderRegistry: 'xpkg.crossplane.io/crossplane-contrib',
  awsProvider: '>=v2.6.0',
  /** provider-terraform: the fallback for AWS resources provider-upjet-aws does not generate. */
  terraformProvider: { package: 'xpkg.crossplane.io/crossplane-contrib/provider-terraform', version: '>=v1.1.1' },
  functions: [
    { package: 'xpkg.crossplane.io/crossplane-contrib/function-patch-and-transform', version: '>=v0.10.8' },
    { package: 'xpkg.crossplane.io/crossplane-contrib/function-auto-ready', version: '>=v0.7.0' },
  ],
} as const;

/** provider-upjet-aws family package serving an API group: `ec2.aws.upbound.io` → `provider-aws-ec2`. */
export function awsProviderPackage(group: string): string {
  return `${Dependencies.awsProviderRegistry}/provider-aws-${group.split('.')[0]}`;
}

export class PackageChart extends Chart {
  public constructor(scope: Construct, id: string, domains: readonly DomainChart[]) {
    super(scope, id, { disableResourceNameHashes: true });
    const composedKinds = (): { apiVersion: string; kind: string }[] => domains.flatMap((d) => d.resources.map((r) => r.gvk));
    const managedKinds = (): { apiVersion: string; kind: string }[] => composedKinds().filter((g) => isAwsManagedKind(g));
    const terraformKinds = (): { apiVersion: string; kind: string }[] => composedKinds().filter((g) => g.apiVersion.startsWith('tf.upbound.io/'));

    new ApiObject(this, 'Configuration', {
      apiVersion: 'meta.pkg.crossplane.io/v1',
      kind: 'Configuration',
      metadata: {
        name: PACKAGE_NAME,
        annotations: {
          'meta.crossplane.io/maintainer': 'zero-trust-platform maintainers',
          'meta.crossplane.io/source': 'github.com/zero-trust-platform/zero-trust-platform',
          'meta.crossplane.io/description': 'Declarative Zero Trust security baseline for AWS accounts: one ZeroTrustAccount claim per account.',
        },
      },
      spec: Lazy.any({
        produce: () => ({
          crossplane: { version: Dependencies.crossplane },
          dependsOn: [
            ...[...new Set(managedKinds().map((g) => g.apiVersion.split('/')[0]!))].sort().map((group) => ({
              apiVersion: 'pkg.crossplane.io/v1',
              kind: 'Provider',
              package: awsProviderPackage(group),
              version: Dependencies.awsProvider,
            })),
            ...(terraformKinds().length
              ? [{ apiVersion: 'pkg.crossplane.io/v1', kind: 'Provider', package: Dependencies.terraformProvider.package, version: Dependencies.terraformProvider.version }]
              : []),
            ...Dependencies.functions.map((f) => ({ apiVersion: 'pkg.crossplane.io/v1', kind: 'Function', package: f.package, version: f.version })),
          ],
        }),
      }),
    });

    new ManagedResourceActivationPolicy(this, 'ActivationPolicy', {
      metadata: { name: PACKAGE_NAME },
      // Only the kinds the compositions compose: each activated kind is a CRD and a controller.
      // ProviderConfigs are not managed resources (no MRD): they are always installed.
      spec: {
        activate: Lazy.any({
          produce: () => [...new Set([...managedKinds(), ...terraformKinds()].filter((g) => g.kind !== 'ProviderConfig').map((g) => crdName(g)))].sort(),
        }),
      },
    });
  }
}
