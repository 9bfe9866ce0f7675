// The CRDs `npm run import` turns into typed classes under imports/ and into the validator's schema
// bundle. AWS kinds: exactly the ones the compositions compose (a test derives the composed kinds from
// dist/ and compares). Paths are relative to the CRD directory (../shared/crds by default).
import { KIND_GUARDRAILS } from '../compositions/blocks/organization/kind-guardrails';

/**
 * provider-upjet-aws managed-resource CRDs composed by at least one chart: the AWS kinds of
 * KIND_GUARDRAILS, so a new kind is added once, with how it is guarded, and `npm run import` types it.
 */
export const awsCrds: readonly string[] = Object.keys(KIND_GUARDRAILS).filter((crd) => crd.endsWith('.aws.upbound.io')).map((crd) => {
  const dot = crd.indexOf('.');
  return `aws/${crd.slice(dot + 1)}_${crd.slice(0, dot)}.yaml`;
});

/**
 * Crossplane core, function input, provider-terraform and Argo CD kinds the package or its tooling emits.
 * Function inputs whose CRD is not in the CRD directory are written as facts in function-input-crds.ts.
 */
export const platformCrds: readonly string[] = [
  'aws/aws.upbound.io_providerconfigs.yaml',
  'crossplane/apiextensions.crossplane.io_compositeresourcedefinitions.yaml',
  'crossplane/apiextensions.crossplane.io_compositions.yaml',
  'crossplane/apiextensions.crossplane.io_environmentconfigs.yaml',
  'crossplane/apiextensions.crossplane.io_managedresourceactivationpolicies.yaml',
  'crossplane/protection.crossplane.io_clusterusages.yaml',
  'crossplane/pkg.crossplane.io_configurations.yaml',
  'crossplane/pkg.crossplane.io_deploymentruntimeconfigs.yaml',
  'crossplane/pkg.crossplane.io_functions.yaml',
  'crossplane/pkg.crossplane.io_providers.yaml',
  'crossplane/pt.fn.crossplane.io_resources.yaml',
  'terraform/tf.upbound.io_workspaces.yaml',
  'terraform/tf.upbound.io_providerconfigs.yaml',
  'argocd/application-crd.yaml',
  'argocd/appproject-crd.yaml',
];
