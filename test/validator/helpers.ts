// Builds validators from the real upstream CRDs in /work/shared/crds (same strip + bundle shape
// as `npm run import`), so the tests do not depend on which kinds imports/schemas.json holds.
import * as path from 'node:path';
import { buildSchemaBundle, defaultCrdsDir } from '../../scripts/crd-schema';
import { Validator } from '../../validator/validate';

export const CRDS_DIR = defaultCrdsDir(path.resolve(__dirname, '..', '..'));

export const CRD = {
  vpc: 'aws/ec2.aws.upbound.io_vpcs.yaml',
  role: 'aws/iam.aws.upbound.io_roles.yaml',
  bucket: 'aws/s3.aws.upbound.io_buckets.yaml',
  composition: 'crossplane/apiextensions.crossplane.io_compositions.yaml',
  xrd: 'crossplane/apiextensions.crossplane.io_compositeresourcedefinitions.yaml',
  configuration: 'crossplane/pkg.crossplane.io_configurations.yaml',
  runtimeConfig: 'crossplane/pkg.crossplane.io_deploymentruntimeconfigs.yaml',
  mrap: 'crossplane/apiextensions.crossplane.io_managedresourceactivationpolicies.yaml',
  resources: 'crossplane/pt.fn.crossplane.io_resources.yaml',
} as const;

export function validatorFor(...files: string[]): Validator {
  return Validator.fromBundleObject(buildSchemaBundle(CRDS_DIR, files));
}

/** Rule and path of each problem, the stable part to assert on. */
export function brief(problems: { path: string; rule: string }[]): string[] {
  return problems.map((p) => `${p.path} [${p.rule}]`);
}
