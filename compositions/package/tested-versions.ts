// The dependency versions the package is built and tested against (../shared/crds/README.md): the CRDs
// in imports/ and the renderer's function emulation are of these releases. Plain data with no imports,
// so the package validator can read it without loading the cdk8s charts.

export const AWS_PROVIDER_REGISTRY = 'xpkg.crossplane.io/crossplane-contrib';

export const TESTED_VERSIONS = {
  /** Every provider-upjet-aws family package (provider-aws-<service>). */
  awsProviderFamily: { packagePrefix: `${AWS_PROVIDER_REGISTRY}/provider-aws-`, version: 'v2.6.0' },
  /** provider-terraform: the fallback for AWS resources provider-upjet-aws does not generate. */
  terraformProvider: { package: 'xpkg.crossplane.io/crossplane-contrib/provider-terraform', version: 'v1.1.1' },
  patchAndTransform: { package: 'xpkg.crossplane.io/crossplane-contrib/function-patch-and-transform', version: 'v0.10.8' },
  autoReady: { package: 'xpkg.crossplane.io/crossplane-contrib/function-auto-ready', version: 'v0.7.0' },
  /** function-cel-filter v0.2.0 (latest release): the renderer emulates its fn.go; its package requires no Crossplane version. */
  celFilter: { package: 'xpkg.crossplane.io/crossplane-contrib/function-cel-filter', version: 'v0.2.0' },
  /** Selects the EnvironmentConfig that binds a claim's namespace to its account (renderer/function-environment-configs.ts). */
  environmentConfigs: { package: 'xpkg.crossplane.io/crossplane-contrib/function-environment-configs', version: 'v0.7.1' },
} as const;

/** The tested version of a dependsOn package, or undefined for a package the project does not test. */
export function testedVersionOf(pkg: string): string | undefined {
  if (pkg.startsWith(TESTED_VERSIONS.awsProviderFamily.packagePrefix)) return TESTED_VERSIONS.awsProviderFamily.version;
  const exact = [TESTED_VERSIONS.terraformProvider, TESTED_VERSIONS.patchAndTransform, TESTED_VERSIONS.autoReady, TESTED_VERSIONS.celFilter, TESTED_VERSIONS.environmentConfigs].find((d) => d.package === pkg);
  return exact?.version;
}
