// Statements CloudTrail needs to deliver one trail's logs: into the S3 bucket (admitted only for this
// trail, by aws:SourceArn) and into a CloudWatch Logs log group through a role CloudTrail assumes.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
import { ConditionOperator, LOGS_DELIVERY_ACTIONS, PolicyStatement, Principals, STS_ASSUME_ROLE_ACTIONS } from '../../policy/iam';
import { Params } from '../../kernel/values';

export const CLOUDTRAIL_SERVICE = 'cloudtrail.amazonaws.com';

/**
 * Bucket-policy statements: CloudTrail checks the bucket ACL and writes log files under
 * `AWSLogs/<account>/`, only on behalf of `trailArn` (confused-deputy guard), and only with the
 * bucket-owner-full-control ACL.
 */
export function allowCloudTrailDelivery(bucketArn: string, trailArn: string): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'AllowCloudTrailAclCheck',
      principals: [Principals.service(CLOUDTRAIL_SERVICE)],
      actions: ['s3:GetBucketAcl'],
      resources: [bucketArn],
      conditions: { [ConditionOperator.STRING_EQUALS]: { 'aws:SourceArn': trailArn } },
    }),
    new PolicyStatement({
      sid: 'AllowCloudTrailWrite',
      principals: [Principals.service(CLOUDTRAIL_SERVICE)],
      actions: ['s3:PutObject'],
      resources: [`${bucketArn}/AWSLogs/${Params.accountId}/*`],
      conditions: {
        [ConditionOperator.STRING_EQUALS]: { 'aws:SourceArn': trailArn, 's3:x-amz-acl': 'bucket-owner-full-control' },
      },
    }),
  ];
}

/**
 * Trust policy of the role CloudTrail assumes to write into CloudWatch Logs. No aws:SourceAccount /
 * aws:SourceArn condition: CloudTrail documents those keys for the resource policies it is admitted
 * by (bucket, topic, key), not for this role's sts:AssumeRole, and its role page shows the trust
 * without conditions; a key the service does not send would make delivery fail (CloudTrail.5).
 * SCP/RCP guardrails and the suffixed name protect the role instead.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cross-service-confused-deputy-prevention.html
 */
export function cloudTrailAssumeRole(): PolicyStatement {
  return new PolicyStatement({
    sid: 'CloudTrailDeliversToLogs',
    principals: [Principals.service(CLOUDTRAIL_SERVICE)],
    actions: [...STS_ASSUME_ROLE_ACTIONS],
  });
}

/** Identity policy of that role: create streams and put events into the one log group. */
export function allowLogDeliveryTo(logGroupArn: string): PolicyStatement {
  return new PolicyStatement({
    sid: 'DeliverTrailEventsToLogGroup',
    actions: [...LOGS_DELIVERY_ACTIONS],
    resources: [`${logGroupArn}:log-stream:*`],
  });
}
