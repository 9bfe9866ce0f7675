// The simulated AWS provider (provider-upjet-aws as seen from the cluster): identifiers and ARNs,
// name rules, dependency order on delete, and the AWS Organizations model.
export { findKindFormat } from './arn-formats';
export { awsNameSources, checkAwsName } from './aws-naming';
export type { OrganizationFacts } from './organization-callers';
export { loadReferenceMap, SimulatedProvider } from './provider';
export type { ClusterView, ReferenceMap } from './provider';
