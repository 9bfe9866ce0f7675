// The package-level objects derived from the compositions: crossplane.yaml (Configuration metadata
// with its dependencies) and the ManagedResourceActivationPolicy. Both are computed from what the
// compositions compose, never maintained by hand.
import { ApiObject, Chart, Lazy } from 'cdk8s';
import type { Construct } from 'constructs';
import { ManagedResourceActivationPolicy } from '../../imports/apiextensions.crossplane.io';
import { conditionOf } from '../kernel/cel-filter';
import type { DomainChart } from '../kernel/domain-chart';
import { boundedByNextMajor } from '../../validator/package-rules';
import { crdName, isAwsManagedKind } from '../kernel/kind-schemas';
import { AWS_PROVIDER_REGISTRY, TESTED_VERSIONS } from './tested-versions';


export const PACKAGE_NAME = 'zero-trust-platform';

/**
 * The Crossplane releases whose Configuration linter accepts every kind the package ships, MRAP included:
 * v2.0.3 (the MRAP was added to the linter in 8a39470, backported to release-2.0) and later, except
 * v2.1.0-rc.0, which was cut before it. "-0" on every comparison admits pre-release builds of those
 * releases (Upbound's v2.0.2-up.5 style): Crossplane v2.0-v2.2 link Masterminds semver v1.5.0, which
 * compares a pre-release only against comparisons that carry one. Crossplane v3 is not admitted until the
 * package is checked against it. validator/package-rules.ts proves this against crossplane-releases.json.
 */
export const CROSSPLANE_VERSION_CONSTRAINT = '>=v2.0.3-0, !=v2.1.0-rc.0, <v3.0.0-0';

/** dependsOn constraints: from the tested version up to, not including, its next major. */
export const Dependencies = {
  crossplane: CROSSPLANE_VERSION_CONSTRAINT,
  awsProviderRegistry: AWS_PROVIDER_REGISTRY,
  awsProvider: boundedByNextMajor(TESTED_VERSIONS.awsProviderFamily.version),
  terraformProvider: { package: TESTED_VERSIONS.terraformProvider.package, version: boundedByNextMajor(TESTED_VERSIONS.terraformProvider.version) },
  functions: [
    { package: TESTED_VERSIONS.patchAndTransform.package, version: boundedByNextMajor(TESTED_VERSIONS.patchAndTransform.version) },
    { package: TESTED_VERSIONS.autoReady.package, version: boundedByNextMajor(TESTED_VERSIONS.autoReady.version) },
  ],
  /** Only while some composition binds a claim to its account (the selection step needs the function). */
  environmentConfigsFunction: { package: TESTED_VERSIONS.environmentConfigs.package, version: boundedByNextMajor(TESTED_VERSIONS.environmentConfigs.version) },
  /** Only while some composition has a conditional resource (its filter step needs the function). */
  celFilterFunction: { package: TESTED_VERSIONS.celFilter.package, version: boundedByNextMajor(TESTED_VERSIONS.celFilter.version) },
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
    const filtersResources = (): boolean => domains.some((d) => d.resources.some((r) => conditionOf(r) !== undefined));
    const bindsAccounts = (): boolean => domains.some((d) => d.bindsAccount);

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
            ...[
              ...(bindsAccounts() ? [Dependencies.environmentConfigsFunction] : []),
              ...Dependencies.functions,
              ...(filtersResources() ? [Dependencies.celFilterFunction] : []),
            ].map((f) => ({
              apiVersion: 'pkg.crossplane.io/v1', kind: 'Function', package: f.package, version: f.version,
            })),
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
