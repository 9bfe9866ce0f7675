// Where VPC flow logs go: ALL traffic of the VPC to an encrypted CloudWatch Logs log group (through
// a delivery role only VPC Flow Logs of this account may assume) and, as Parquet with
// Hive-compatible hourly partitions, to a secure bucket (SSE-KMS, TLS-only, never public) whose
// policy admits log delivery for this account only. The bucket layout is what the Glue table of
// flow-log-table.ts projects.
import type { Construct } from 'constructs';
import { Group } from '../../../imports/cloudwatchlogs.aws.upbound.io';
import { FlowLogV1Beta2 } from '../../../imports/ec2.aws.upbound.io';
import { accessLogBucket } from '../data/access-log-bucket';
import { ComposedResource, siblingSelector } from '../../kernel/composed-resource';
import { flowLogFormat } from './flow-log-format';
import { ConditionOperator, Effect, KMS_ENCRYPT_DECRYPT_ACTIONS, PolicyStatement, Principals } from '../../policy/iam';
import { createdAfter } from '../../kernel/ordering';
import type { Patch } from '../../kernel/patches';
import { Schema } from '../../kernel/schema';
import { SecureBucket } from '../data/secure-bucket';
import { serviceRole } from '../identity/service-role';
import { Params, param, suffixed } from '../../kernel/values';
import { MaxLength } from '../../kernel/aws-limits';

/** The log group receiving the CloudWatch Logs copy. */
export const FLOW_LOG_GROUP = `/zta/vpc-flow-logs/${suffixed('zta-vpc')}`;
/** Purpose (bucket name part) of the flow-log bucket and of the network's access-log bucket. */
export const FLOW_LOG_BUCKET_PURPOSE = 'flowlogs';
export const NETWORK_ACCESS_LOG_PURPOSE = 'net-access';

/** The parameter is defaulted by the XRD, so the value always arrives. */
const interval = (): Patch => ComposedResource.fromParameter('flowLogs.maxAggregationIntervalSeconds', 'spec.forProvider.maxAggregationInterval', { required: true });

/** Settings both flow logs share: the whole VPC, ALL traffic (CIS 3.7 / EC2.6), the extended format. */
const common = () => ({ vpcIdSelector: siblingSelector('vpc'), trafficType: 'ALL', logFormat: flowLogFormat() });

/** Encrypted log group (logs key; retention from the parameter, CloudWatch.16) and the flow log into it. */
export function flowLogsToCloudWatch(scope: Construct): ComposedResource[] {
  const group = new ComposedResource(scope, {
    name: 'flowLogGroup',
    kind: Group,
    externalName: FLOW_LOG_GROUP,
    forProvider: { kmsKeyId: param('logsKeyArn'), logGroupClass: 'STANDARD', deletionProtectionEnabled: false, skipDestroy: false },
    patches: [ComposedResource.fromParameter('flowLogs.retentionDays', 'spec.forProvider.retentionInDays', { required: true })],
  })
    .publish('flowLogGroupArn', 'status.atProvider.arn', Schema.arn('ARN of the log group receiving the VPC flow logs.'))
    .publish('flowLogGroupName', 'status.atProvider.id', Schema.string('Name of the log group receiving the VPC flow logs.', { maxLength: MaxLength.logGroupName }));
  const groupArn = `arn:aws:logs:${Params.region}:${Params.accountId}:log-group:${FLOW_LOG_GROUP}`;
  const role = serviceRole(scope, {
    name: 'flowLogRole',
    roleName: suffixed('zta-vpc-flow-logs'),
    description: 'VPC Flow Logs delivers the VPC flow records into the flow-log group',
    trust: [flowLogsAssumeRole()],
    permissions: flowLogDeliveryPermissions(groupArn),
  });
  const flowLog = new ComposedResource(scope, {
    name: 'flowLogToCloudWatch',
    kind: FlowLogV1Beta2,
    forProvider: {
      ...common(),
      logDestinationType: 'cloud-watch-logs',
      logDestinationSelector: group.selector(),
      iamRoleArnSelector: role.role.selector(),
      tags: { Name: suffixed('zta-vpc-to-logs') },
    },
    patches: [interval()],
  }).publish('flowLogToCloudWatchId', 'status.atProvider.id', Schema.string('Id of the flow log delivering to CloudWatch Logs.', { maxLength: MaxLength.ec2Id }));
  return [group, ...role.resources, flowLog];
}

/**
 * The access-log bucket, the flow-log bucket (data key) and the Parquet flow log into it, created
 * only once the bucket policy admits delivery (otherwise CreateFlowLogs rewrites the policy itself).
 */
export function flowLogsToS3(scope: Construct): { resources: ComposedResource[]; bucket: SecureBucket; accessLogs: SecureBucket } {
  const accessLogs = accessLogBucket(scope, 'accessLogsBucket', NETWORK_ACCESS_LOG_PURPOSE);
  const bucket = new SecureBucket(scope, {
    name: 'flowLogsBucket',
    purpose: FLOW_LOG_BUCKET_PURPOSE,
    kmsKeyArn: param('dataKeyArn'),
    additionalStatements: allowFlowLogDelivery(`arn:aws:s3:::${SecureBucket.nameFor(FLOW_LOG_BUCKET_PURPOSE)}`),
    accessLogs: { targetBucketName: accessLogs.bucketName, prefix: 'flowlogs/' },
  });
  const flowLog = new ComposedResource(scope, {
    name: 'flowLogToS3',
    kind: FlowLogV1Beta2,
    forProvider: {
      ...common(),
      logDestinationType: 's3',
      logDestination: bucket.bucketArn,
      // Parquet (10-100x faster queries) in Hive-compatible hourly prefixes: the layout the Glue
      // table's partition projection mirrors.
      destinationOptions: { fileFormat: 'parquet', hiveCompatiblePartitions: true, perHourPartition: true },
      tags: { Name: suffixed('zta-vpc-to-s3') },
    },
    patches: [interval()],
  }).publish('flowLogToS3Id', 'status.atProvider.id', Schema.string('Id of the flow log delivering Parquet files to S3.', { maxLength: MaxLength.ec2Id }));
  // CreateFlowLogs rewrites the bucket policy itself unless ours admits delivery: wait for it.
  createdAfter(flowLog, 'flowLogsBucketPolicy');
  return { resources: [...accessLogs.resources, ...bucket.resources, flowLog], bucket, accessLogs };
}

/**
 * vpc-flow-logs.amazonaws.com may assume the delivery role for this account's flow logs only. VPC
 * documents both keys for this trust (source account = flow log owner, source ARN = flow log ARN).
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html
 */
export function flowLogsAssumeRole(): PolicyStatement {
  return new PolicyStatement({
    sid: 'AllowVpcFlowLogsOfThisAccount',
    effect: Effect.ALLOW,
    principals: [Principals.service('vpc-flow-logs.amazonaws.com')],
    actions: ['sts:AssumeRole'],
    conditions: {
      [ConditionOperator.STRING_EQUALS]: { 'aws:SourceAccount': Params.accountId },
      [ConditionOperator.ARN_LIKE]: { 'aws:SourceArn': `arn:aws:ec2:${Params.region}:${Params.accountId}:vpc-flow-log/*` },
    },
  });
}

/** Only what delivery into the one flow-log group needs (no logs:CreateLogGroup: the group exists). */
export function flowLogDeliveryPermissions(groupArn: string): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'DeliverIntoFlowLogGroup',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [groupArn, `${groupArn}:log-stream:*`],
    }),
    new PolicyStatement({
      sid: 'DescribeLogGroups',
      actions: ['logs:DescribeLogGroups'],
      resources: [`arn:aws:logs:${Params.region}:${Params.accountId}:log-group:*`],
    }),
  ];
}

const fromThisAccountsLogDelivery = () => ({
  [ConditionOperator.STRING_EQUALS]: { 'aws:SourceAccount': Params.accountId },
  [ConditionOperator.ARN_LIKE]: { 'aws:SourceArn': `arn:aws:logs:${Params.region}:${Params.accountId}:*` },
});

/**
 * Bucket-policy admission of flow-log delivery (delivery.logs.amazonaws.com) for this account only.
 * With Hive-compatible prefixes the objects sit under `AWSLogs/aws-account-id=<id>/`, not
 * `AWSLogs/<id>/` as in the plain-layout examples.
 */
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html
export function allowFlowLogDelivery(bucketArn: string): PolicyStatement[] {
  const source = fromThisAccountsLogDelivery();
  return [
    new PolicyStatement({
      sid: 'AWSLogDeliveryWrite',
      effect: Effect.ALLOW,
      principals: [Principals.service('delivery.logs.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [`${bucketArn}/AWSLogs/aws-account-id=${Params.accountId}/*`],
      conditions: {
        [ConditionOperator.STRING_EQUALS]: { ...source[ConditionOperator.STRING_EQUALS], 's3:x-amz-acl': 'bucket-owner-full-control' },
        [ConditionOperator.ARN_LIKE]: source[ConditionOperator.ARN_LIKE],
      },
    }),
    new PolicyStatement({
      sid: 'AWSLogDeliveryAclCheck',
      effect: Effect.ALLOW,
      principals: [Principals.service('delivery.logs.amazonaws.com')],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [bucketArn],
      conditions: source,
    }),
  ];
}

/** Key-policy statement (data key): log delivery encrypts flow-log objects for this account only. */
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html (SSE-KMS key policy)
export function allowFlowLogDeliveryToUseKey(): PolicyStatement {
  return new PolicyStatement({
    sid: 'AllowVpcFlowLogDeliveryToEncrypt',
    effect: Effect.ALLOW,
    principals: [Principals.service('delivery.logs.amazonaws.com')],
    actions: [...KMS_ENCRYPT_DECRYPT_ACTIONS],
    resources: ['*'],
    conditions: fromThisAccountsLogDelivery(),
  });
}
