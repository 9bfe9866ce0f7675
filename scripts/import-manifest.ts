// The CRDs `npm run import` turns into typed classes under imports/ and into the validator's schema
// bundle. AWS kinds: exactly the ones the compositions compose (a test derives the composed kinds from
// dist/ and compares). Paths are relative to the CRD directory (../shared/crds by default).

/** provider-upjet-aws managed-resource CRDs composed by at least one chart. */
export const awsCrds: readonly string[] = [
  'aws/kms.aws.upbound.io_keys.yaml',
  'aws/kms.aws.upbound.io_aliases.yaml',
];

/** Crossplane core, function input, provider-terraform and Argo CD kinds the package or its tooling emits. */
export const platformCrds: readonly string[] = [
  'aws/aws.upbound.io_providerconfigs.yaml',
  'crossplane/apiextensions.crossplane.io_compositeresourcedefinitions.yaml',
  'crossplane/apiextensions.crossplane.io_compositions.yaml',
  'crossplane/apiextensions.crossplane.io_managedresourceactivationpolicies.yaml',
  'crossplane/protection.crossplane.io_clusterusages.yaml',
  'crossplane/pkg.crossplane.io_configurations.yaml',
  'crossplane/pkg.crossplane.io_functions.yaml',
  'crossplane/pkg.crossplane.io_providers.yaml',
  'crossplane/pt.fn.crossplane.io_resources.yaml',
  'terraform/tf.upbound.io_workspaces.yaml',
  'terraform/tf.upbound.io_providerconfigs.yaml',
  'argocd/application-crd.yaml',
  'argocd/appproject-crd.yaml',
];
