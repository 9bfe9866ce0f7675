// Resource control policies of the organization's data perimeter (charts/organization-guardrails.ts):
// the organization's S3 buckets, KMS keys, SQS queues, STS roles and Secrets Manager secrets are
// reachable only by principals of the organization and by AWS services acting on behalf of it,
// whatever a bucket or key policy says. After AWS's data-perimeter examples (identity perimeter
// RCP: EnforceOrgIdentities, EnforceConfusedDeputyProtection), without their tag-based exclusions:
// a tenant could tag its own resource out of the perimeter.
// https://github.com/aws-samples/data-perimeter-policy-examples/blob/main/resource_control_policies/identity_perimeter_rcp.json
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
import { ConditionOperator, Effect, PolicyDocument, PolicyStatement, Principals } from './iam';

/** Largest RCP document AWS Organizations accepts, in characters (white space outside strings counts too). */
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
export const RCP_MAX_CHARACTERS = 5120;
/** RCPs that can be attached directly to one root, OU or account (RCPFullAWSAccess counts and cannot be detached). */
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
export const RCP_MAX_PER_TARGET = 5;

/**
 * How the five direct RCP slots of a target are spent: AWS's RCPFullAWSAccess (attached to every
 * root, OU and account once RCPs are enabled, never detachable) and the organization's data
 * perimeter; three stay free for the organization's own.
 */
export const RCP_BUDGET_PER_TARGET = { rcpFullAwsAccess: 1, dataPerimeter: 1, reservedForCustomer: 3 } as const;

/**
 * The services whose resources RCPs apply to (AWS: "RCPs apply to the following AWS services":
 * Amazon S3, AWS STS, AWS KMS, Amazon SQS, AWS Secrets Manager; later additions such as Amazon
 * ECR, OpenSearch Serverless and Cognito are left out until the baseline composes them).
 */
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services
export const RCP_SERVICES = ['s3', 'sqs', 'kms', 'secretsmanager', 'sts'] as const;

/**
 * STS actions an outside principal could call on the organization's roles: the identity
 * perimeter covers these (AssumeRoleWithSAML/WebIdentity are federation from outside by design and
 * are governed by the roles' trust policies).
 */
export const RCP_STS_ACTIONS: readonly string[] = [
  'sts:AssumeRole', 'sts:DecodeAuthorizationMessage', 'sts:GetAccessKeyInfo', 'sts:GetFederationToken',
  'sts:GetServiceBearerToken', 'sts:GetSessionToken', 'sts:SetContext',
];

/**
 * The data perimeter RCP of an organization (`organizationId` may be a composition token).
 * - EnforceOrgIdentities: a principal that is not an AWS service must belong to the organization
 *   (aws:PrincipalOrgID); IfExists, so AWS service principals, which carry no PrincipalOrgID, are
 *   left to the second statement.
 * - EnforceConfusedDeputyProtection: an AWS service acting for an account (aws:SourceAccount set)
 *   must act for an account of the organization (aws:SourceOrgID).
 */
export function dataPerimeterRcp(organizationId: string): PolicyDocument {
  const services = RCP_SERVICES.filter((s) => s !== 'sts').map((s) => `${s}:*`);
  const identities = new PolicyStatement({
    sid: 'EnforceOrgIdentities',
    effect: Effect.DENY,
    principals: [Principals.anyone()],
    actions: [...services, ...RCP_STS_ACTIONS],
    resources: ['*'],
    conditions: {
      [`${ConditionOperator.STRING_NOT_EQUALS}IfExists`]: { 'aws:PrincipalOrgID': organizationId },
      [`${ConditionOperator.BOOL}IfExists`]: { 'aws:PrincipalIsAWSService': 'false' },
    },
  });
  const deputies = new PolicyStatement({
    sid: 'EnforceConfusedDeputyProtection',
    effect: Effect.DENY,
    principals: [Principals.anyone()],
    actions: [...services, 'sts:*'],
    resources: ['*'],
    conditions: {
      [`${ConditionOperator.STRING_NOT_EQUALS}IfExists`]: { 'aws:SourceOrgID': organizationId },
      [ConditionOperator.NULL]: { 'aws:SourceAccount': 'false' },
      [ConditionOperator.BOOL]: { 'aws:PrincipalIsAWSService': 'true' },
    },
  });
  const doc = new PolicyDocument({ statements: [identities, deputies] });
  const problems = doc.validateForResourcePolicy();
  if (problems.length) throw new Error(`rcp: ${problems.join('; ')}`);
  return doc;
}
