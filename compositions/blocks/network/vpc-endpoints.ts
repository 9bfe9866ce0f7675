// The AWS services the private-only VPC reaches through VPC endpoints, and the data-perimeter
// policy every endpoint carries. A VPC without an internet path can only talk to AWS through
// these endpoints, so their policies are the network half of the data perimeter: only principals
// of the organization may use them and, where the service reports the resource's organization,
// only on resources of the organization.
// https://docs.aws.amazon.com/whitepapers/latest/building-a-data-perimeter-on-aws/perimeter-implementation.html
import { ConditionOperator, Effect, PolicyDocument, PolicyStatement, Principals } from '../../policy/iam';
import { Params } from '../../kernel/values';

export interface EndpointService {
  /** Service part of `com.amazonaws.<region>.<service>`; also the key users write in the claim. */
  readonly service: string;
  /** camelCase form used in composition-resource names and status keys. */
  readonly id: string;
  readonly description: string;
  /**
   * Whether `aws:ResourceOrgID` is present for every request through this endpoint. When it is
   * absent a `StringEquals` on it fails and the endpoint would refuse legitimate calls, so the
   * resource-org condition is only applied where it is `true`. Kept deliberately conservative:
   * - ec2: ec2:CopyImage/CopySnapshot/CreateVolume do not support the key, and Amazon-owned AMIs
   *   are outside the organization;
   * - events: events:PutEvents does not support the key;
   * - ec2messages, ssmmessages, monitoring, autoscaling, elasticloadbalancing, execute-api,
   *   athena, glue: channel/metric/describe APIs without an organization-owned resource, or
   *   resources (data catalogs, APIs) whose organization id is not documented as reported;
   * - ecr.api/ecr.dkr: ecr:GetAuthorizationToken has no resource and EKS add-on images live in
   *   AWS-owned repositories.
   * Everything else targets resources the account owns (keys, secrets, topics, queues, parameters,
   * log groups, functions, roles); the data-perimeter examples apply the key to ssm and sts.
   * https://github.com/aws-samples/data-perimeter-policy-examples/tree/main/vpc_endpoint_policies
   */
  readonly resourceOrgCondition: boolean;
}

function svc(service: string, description: string, resourceOrgCondition: boolean): EndpointService {
  const id = service.replace(/[.-]([a-z])/g, (_m, c: string) => c.toUpperCase());
  return { service, id, description, resourceOrgCondition };
}

/** Every interface endpoint the network domain knows; claims select from these. */
export const INTERFACE_ENDPOINT_SERVICES: readonly EndpointService[] = [
  svc('ssm', 'Systems Manager API (Session Manager, Parameter Store, inventory)', true),
  svc('ssmmessages', 'Session Manager data channels', false),
  svc('ec2messages', 'SSM Agent command channel', false),
  svc('ec2', 'EC2 API', false),
  svc('kms', 'KMS (encryption with the account keys)', true),
  svc('logs', 'CloudWatch Logs (agents, Session Manager logging)', true),
  svc('monitoring', 'CloudWatch metrics', false),
  svc('sts', 'STS (role sessions, IRSA)', true),
  svc('secretsmanager', 'Secrets Manager', true),
  svc('sns', 'SNS', true),
  svc('sqs', 'SQS', true),
  svc('events', 'EventBridge', false),
  svc('ecr.api', 'ECR API', false),
  svc('ecr.dkr', 'ECR Docker registry', false),
  svc('execute-api', 'Private API Gateway APIs', false),
  svc('athena', 'Athena', false),
  svc('glue', 'Glue Data Catalog', false),
  svc('lambda', 'Lambda', true),
  svc('elasticloadbalancing', 'Elastic Load Balancing API', false),
  svc('autoscaling', 'EC2 Auto Scaling API', false),
  svc('kinesis-streams', 'Kinesis Data Streams', true),
  svc('ecs', 'ECS control plane', false),
  svc('ecs-agent', 'ECS agent', false),
  svc('ecs-telemetry', 'ECS telemetry', false),
  svc('xray', 'X-Ray', false),
];

/** The default selection: what the baseline and typical workloads call. */
export const DEFAULT_INTERFACE_ENDPOINTS: readonly string[] = [
  'ssm', 'ssmmessages', 'ec2messages', 'ec2', 'kms', 'logs', 'monitoring', 'sts', 'secretsmanager', 'sns', 'sqs',
  'events', 'ecr.api', 'ecr.dkr', 'execute-api', 'athena', 'glue', 'lambda', 'elasticloadbalancing', 'autoscaling',
];

/** Gateway endpoints: on every route table, free, and the only path to S3 and DynamoDB. */
export const GATEWAY_ENDPOINT_SERVICES: readonly EndpointService[] = [
  svc('s3', 'S3 gateway endpoint', true),
  svc('dynamodb', 'DynamoDB gateway endpoint', true),
];

export function endpointService(service: string): EndpointService {
  const found = [...INTERFACE_ENDPOINT_SERVICES, ...GATEWAY_ENDPOINT_SERVICES].find((s) => s.service === service);
  if (!found) throw new Error(`vpc endpoint: unknown service '${service}'; known: ${INTERFACE_ENDPOINT_SERVICES.map((s) => s.service).join(', ')}`);
  return found;
}

/** `com.amazonaws.<region>.<service>` with the region token of the composite. */
export function endpointServiceName(service: string): string {
  return `com.amazonaws.${Params.region}.${service}`;
}

/**
 * AWS-owned S3 buckets that instances in the VPC read with requests not signed by an organization
 * principal: ECR image layers (presigned by ECR's account) and SSM Agent packages/documents
 * (unauthenticated). Without them an org-only S3 endpoint breaks ECR pulls and Session Manager
 * agent updates. Read-only (s3:GetObject), nothing else.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-minimum-s3-perms
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html
 */
export function awsOwnedBucketObjects(region: string = Params.region): string[] {
  return [
    `arn:aws:s3:::prod-${region}-starport-layer-bucket/*`,
    `arn:aws:s3:::aws-ssm-${region}/*`,
    `arn:aws:s3:::aws-windows-downloads-${region}/*`,
    `arn:aws:s3:::amazon-ssm-${region}/*`,
    `arn:aws:s3:::amazon-ssm-packages-${region}/*`,
    `arn:aws:s3:::${region}-birdwatcher-prod/*`,
    `arn:aws:s3:::aws-ssm-distributor-file-${region}/*`,
    `arn:aws:s3:::aws-ssm-document-attachments-${region}/*`,
    `arn:aws:s3:::patch-baseline-snapshot-${region}/*`,
  ];
}

export const ORG_STATEMENT_SID = 'AllowOrganizationPrincipalsOnly';
export const AWS_OWNED_BUCKETS_SID = 'AllowReadOfAwsOwnedBuckets';
export const AWS_SERVICE_PRINCIPALS_SID = 'AllowAwsServicePrincipals';
export const FEDERATED_SIGN_IN_SID = 'AllowFederatedSignInToOrganizationRoles';
export const AWS_OWNED_SSM_RESOURCES_SID = 'AllowOrganizationPrincipalsOnAwsOwnedSsmResources';
export const PRIVATE_API_INVOKE_SID = 'AllowInvokeOfThisAccountsPrivateApis';

/**
 * SSM resources AWS owns (no account in the ARN, so no aws:ResourceOrgID of ours): the AWS-*
 * documents Session Manager and Run Command start (AWS-StartSSHSession, AWS-RunPatchBaseline, ...)
 * and the public parameters under /aws/ (latest AMI ids). Read and start only.
 * https://github.com/aws-samples/data-perimeter-policy-examples/tree/main/vpc_endpoint_policies
 */
export const AWS_OWNED_SSM_ACTIONS: readonly string[] = [
  'ssm:Describe*', 'ssm:List*', 'ssm:Get*', 'ssm:SendCommand', 'ssm:CreateAssociation', 'ssm:StartSession',
];
export function awsOwnedSsmResources(region: string = Params.region): string[] {
  return [`arn:aws:ssm:${region}::parameter/aws/*`, `arn:aws:ssm:${region}::document/*`];
}

/**
 * The endpoint policy of one service: organization principals only, organization resources only
 * where the service supports `aws:ResourceOrgID`, plus the flows AWS itself needs that carry no
 * organization principal or resource:
 * - every service: requests an AWS service principal makes through the endpoint;
 * - s3: reads of the AWS-owned buckets listed in {@link awsOwnedBucketObjects};
 * - sts: web-identity (IRSA, OIDC) and SAML sign-in are unsigned, so aws:PrincipalOrgID is absent;
 *   allowed only into roles of the organization (aws:ResourceOrgID);
 * - ssm: organization principals on AWS-owned documents and public parameters;
 * - execute-api: a private API's caller may be unauthenticated (the API's resource policy,
 *   aws:SourceVpce, decides); allowed only on this account's APIs, never on another account's.
 */
export function endpointPolicy(service: EndpointService, organizationId: string): PolicyDocument {
  const org = new PolicyStatement({
    sid: ORG_STATEMENT_SID,
    effect: Effect.ALLOW,
    principals: [Principals.anyone()],
    actions: ['*'],
    resources: ['*'],
    conditions: {
      [ConditionOperator.STRING_EQUALS]: {
        'aws:PrincipalOrgID': organizationId,
        ...(service.resourceOrgCondition ? { 'aws:ResourceOrgID': organizationId } : {}),
      },
    },
  });
  const awsServices = new PolicyStatement({
    sid: AWS_SERVICE_PRINCIPALS_SID,
    effect: Effect.ALLOW,
    principals: [Principals.anyone()],
    actions: ['*'],
    resources: ['*'],
    conditions: { [ConditionOperator.BOOL]: { 'aws:PrincipalIsAWSService': 'true' } },
  });
  const statements = [org, awsServices];
  if (service.service === 's3') {
    statements.push(new PolicyStatement({
      sid: AWS_OWNED_BUCKETS_SID,
      effect: Effect.ALLOW,
      principals: [Principals.anyone()],
      actions: ['s3:GetObject'],
      resources: awsOwnedBucketObjects(),
    }));
  }
  if (service.service === 'sts') {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgid
    statements.push(new PolicyStatement({
      sid: FEDERATED_SIGN_IN_SID,
      effect: Effect.ALLOW,
      principals: [Principals.anyone()],
      actions: ['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'],
      resources: ['*'],
      conditions: { [ConditionOperator.STRING_EQUALS]: { 'aws:ResourceOrgID': organizationId } },
    }));
  }
  if (service.service === 'ssm') {
    statements.push(new PolicyStatement({
      sid: AWS_OWNED_SSM_RESOURCES_SID,
      effect: Effect.ALLOW,
      principals: [Principals.anyone()],
      actions: [...AWS_OWNED_SSM_ACTIONS],
      resources: awsOwnedSsmResources(),
      conditions: { [ConditionOperator.STRING_EQUALS]: { 'aws:PrincipalOrgID': organizationId } },
    }));
  }
  if (service.service === 'execute-api') {
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-vpc-endpoint-policies.html
    statements.push(new PolicyStatement({
      sid: PRIVATE_API_INVOKE_SID,
      effect: Effect.ALLOW,
      principals: [Principals.anyone()],
      actions: ['execute-api:Invoke'],
      resources: [`arn:aws:execute-api:${Params.region}:${Params.accountId}:*`],
    }));
  }
  const policy = new PolicyDocument({ statements });
  const problems = policy.validateForResourcePolicy();
  if (problems.length) throw new Error(`endpoint policy '${service.service}': ${problems.join('; ')}`);
  return policy;
}
