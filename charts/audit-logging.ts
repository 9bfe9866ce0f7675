// Audit-logging domain: every API call of the account is recorded where no one can alter it. One
// multi-Region CloudTrail trail (CIS 3.1 / CloudTrail.1,.3) with global service events, log file
// validation (CIS 3.2 / CloudTrail.4), KMS encryption with the audit key (CIS 3.5 / CloudTrail.2) and
// Insights, delivering to an Object Lock (GOVERNANCE) secure bucket that admits only this trail
// (S3.15), whose server access logs go to a second bucket (CIS 3.4 / CloudTrail.7), and to an
// encrypted CloudWatch Logs log group (CloudTrail.5) the security-monitoring domain filters.
import type { Construct } from 'constructs';
import { Trail } from '../imports/cloudtrail.aws.upbound.io';
import { Group } from '../imports/cloudwatchlogs.aws.upbound.io';
import {
  AwsArns,
  AwsNames,
  ComposedResource,
  DomainChart,
  Params,
  Schema,
  Transforms,
  allowCloudTrailDelivery,
  allowLogDeliveryTo,
  cloudTrailAssumeRole,
  param,
  serviceRole,
  suffixed,
  tokenPatch,
  createdAfter,
} from '../compositions';
import { SecureBucket } from '../compositions/blocks/data/secure-bucket';
import { MaxLength } from '../compositions/kernel/aws-limits';

/** CloudWatch.16: log groups keep at least a year. */
export const DEFAULT_TRAIL_LOG_RETENTION_DAYS = 365;
/** Retention values CloudWatch Logs accepts (PutRetentionPolicy), from one year up. */
export const TRAIL_LOG_RETENTION_DAYS = [365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
/** Object Lock default retention of trail log files unless the claim says otherwise. */
export const DEFAULT_TRAIL_OBJECT_LOCK_DAYS = 365;
export const S3_DATA_EVENT_MODES = ['None', 'WriteOnly', 'All'] as const;
/** Bucket receiving the trail bucket's (and the Config bucket's) S3 server access logs, as `SecureBucket.nameFor` purpose. */
export const TRAIL_ACCESS_LOG_PURPOSE = 'trail-access';

// Buckets whose data events are never recorded: the trail's own buckets. Logging CloudTrail's writes
// into them would record the delivery of the record of the delivery, without end. Both purposes start
// with `trail`, so one static prefix covers them (tokens cannot sit in a map-transform value).
const TRAIL_BUCKETS_ARN_PREFIX = 'arn:aws:s3:::zta-trail';

/** CloudTrail Insights types the trail analyzes when `trailInsights` is on (the default). */
const INSIGHT_SELECTORS = [{ insightType: 'ApiCallRateInsight' }, { insightType: 'ApiErrorRateInsight' }] as const;

// Raw JSON (map-transform values are not run through the generated class).
const MANAGEMENT_EVENTS = { name: 'Management events (read and write)', fieldSelector: [{ field: 'eventCategory', equals: ['Management'] }] };
function s3DataEvents(writeOnly: boolean): Record<string, unknown> {
  return {
    name: writeOnly ? 'S3 object-level write events (CIS 3.8)' : 'S3 object-level read and write events (CIS 3.8, 3.9)',
    fieldSelector: [
      { field: 'eventCategory', equals: ['Data'] },
      { field: 'resources.type', equals: ['AWS::S3::Object'] },
      ...(writeOnly ? [{ field: 'readOnly', equals: ['false'] }] : []),
      { field: 'resources.ARN', notStartsWith: [TRAIL_BUCKETS_ARN_PREFIX] },
    ],
  };
}

export class AuditLoggingChart extends DomainChart {
  /** Composed once by XZeroTrustAccount (charts/index.ts finds it by this). */
  public static readonly composedBy = 'account';

  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XAuditLogging',
      domain: 'auditLogging',
      readme: {
        title: 'Audit logging',
        controls: 'multi-region trail with global service events, log file validation, Insights (on unless `trailInsights: false`) and the audit key (CIS 3.1, 3.2, 3.5, CloudTrail.1/2/4/5), delivered to an Object Lock (GOVERNANCE) secure bucket that admits only this trail (`aws:SourceArn`) with server access logs to a separate bucket (CIS 3.4), and to an encrypted log group through its own role; optional S3 data events (CIS 3.8, 3.9)',
      },
      description: 'The account CloudTrail trail: multi-Region, validated, KMS-encrypted, delivered to an Object Lock bucket and to an encrypted CloudWatch Logs log group.',
    });

    this.keyArnInput('audit', 'trail log files');
    this.keyArnInput('logs', 'CloudWatch Logs log groups');
    // Its IAM role carries the identity domain's permissions boundary (issue 5: every role we create).
    this.permissionsBoundaryInput();
    this.parameter('trailObjectLockRetentionDays', Schema.integer(
      'Days every trail log file stays locked (S3 Object Lock, GOVERNANCE mode: principals with s3:BypassGovernanceRetention can still remove it, so the account stays destroyable).',
      { minimum: 1, maximum: 3650, default: DEFAULT_TRAIL_OBJECT_LOCK_DAYS },
    ));
    this.parameter('trailLogRetentionDays', Schema.integer(
      'Days the CloudWatch Logs copy of the trail is kept (CloudWatch.16 asks for at least a year).',
      {
        default: DEFAULT_TRAIL_LOG_RETENTION_DAYS,
        rules: [{ rule: `self in [${TRAIL_LOG_RETENTION_DAYS.join(', ')}]`, message: `trailLogRetentionDays must be one of ${TRAIL_LOG_RETENTION_DAYS.join(', ')} (CloudWatch Logs retention values of at least one year)` }],
      },
    ));
    this.parameter('trailInsights', Schema.boolean(
      'CloudTrail Insights on the trail (unusual API call and error rates; billed per 100,000 events analyzed). On unless false.',
      { default: true },
    ));
    this.parameter('s3DataEvents', Schema.string(
      'S3 object-level events recorded by the trail: None, WriteOnly (CIS 3.8) or All (CIS 3.8 and 3.9). Data events are billed per event.',
      { enum: S3_DATA_EVENT_MODES, default: 'None' },
    ));

    // CIS 3.4 / CloudTrail.7: the trail bucket's server access logs. S3 delivers access logs only into a
    // bucket without Object Lock default retention and with SSE-S3 default encryption, hence a second bucket.
    const accessLogs = new SecureBucket(this, {
      name: 'trailAccessLogBucket',
      purpose: TRAIL_ACCESS_LOG_PURPOSE,
      encryption: 's3',
      additionalStatements: [SecureBucket.allowServerAccessLogDelivery(`arn:aws:s3:::${SecureBucket.nameFor(TRAIL_ACCESS_LOG_PURPOSE)}`)],
    });

    // S3.15 + CloudTrail.6/7: the log archive. Object Lock GOVERNANCE; only CloudTrail, and only for this trail.
    const trailBucket = new SecureBucket(this, {
      name: 'trailBucket',
      purpose: 'trail',
      kmsKeyArn: param('auditKeyArn'),
      additionalStatements: allowCloudTrailDelivery(`arn:aws:s3:::${SecureBucket.nameFor('trail')}`, AwsArns.trail),
      objectLock: { retentionDays: DEFAULT_TRAIL_OBJECT_LOCK_DAYS },
      accessLogs: { targetBucketName: accessLogs.bucketName, prefix: 'trail/' },
    });
    // The base holds the default; the claim's value replaces it (no reliance on schema defaulting).
    trailBucket.resources.find((r) => r.name === 'trailBucketObjectLock')!
      .addPatches(ComposedResource.fromParameter('trailObjectLockRetentionDays', 'spec.forProvider.rule.defaultRetention.days'));

    // CloudTrail.5: the CloudWatch Logs copy, encrypted with the logs key, kept at least a year.
    new ComposedResource(this, {
      name: 'trailLogGroup',
      kind: Group,
      externalName: AwsNames.trailLogGroup,
      forProvider: { kmsKeyId: param('logsKeyArn'), retentionInDays: DEFAULT_TRAIL_LOG_RETENTION_DAYS, skipDestroy: false, logGroupClass: 'STANDARD' },
      patches: [ComposedResource.fromParameter('trailLogRetentionDays', 'spec.forProvider.retentionInDays')],
    })
      .publish('trailLogGroupArn', 'status.atProvider.arn', Schema.arn('ARN of the log group receiving the trail (SIEM subscription target).'))
      .publish('trailLogGroupName', 'status.atProvider.id', Schema.string('Name of the log group receiving the trail (security-monitoring filters it).', { maxLength: MaxLength.logGroupName }));

    // CloudTrail writes into the log group through its own role (trust: see cloudTrailAssumeRole).
    const logsRole = serviceRole(this, {
      name: 'trailLogsRole',
      roleName: suffixed('zta-trail-logs'),
      description: 'Lets CloudTrail deliver the account trail into its CloudWatch Logs log group.',
      trust: [cloudTrailAssumeRole()],
      permissions: [allowLogDeliveryTo(`arn:aws:logs:${Params.region}:${Params.accountId}:log-group:${AwsNames.trailLogGroup}`)],
    });

    const trail = new ComposedResource(this, {
      name: 'trail',
      kind: Trail,
      externalName: AwsNames.trail,
      forProvider: {
        // CIS 3.1 / CloudTrail.1: every Region, global service events (IAM, STS, CloudFront).
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        isOrganizationTrail: false,
        enableLogging: true,
        // CIS 3.2 / CloudTrail.4: digest files make tampering detectable.
        enableLogFileValidation: true,
        // CIS 3.5 / CloudTrail.2: the audit key, whose policy admits CloudTrail for this trail ARN only.
        kmsKeyId: param('auditKeyArn'),
        s3BucketName: trailBucket.bucketName,
        cloudWatchLogsRoleArnSelector: logsRole.role.selector(),
        insightSelector: [...INSIGHT_SELECTORS],
        // Typed base: the generated class names the field `equals_` (`equals` is reserved) and maps it back.
        advancedEventSelector: [{ name: MANAGEMENT_EVENTS.name, fieldSelector: [{ field: 'eventCategory', equals_: ['Management'] }] }],
      },
      patches: [
        // CloudTrail wants the log-group ARN with the ':*' suffix; the name is ours, so the ARN is computed.
        tokenPatch('spec.forProvider.cloudWatchLogsGroupArn', `arn:aws:logs:${Params.region}:${Params.accountId}:log-group:${AwsNames.trailLogGroup}:*`),
        // Insights unless the claim turns them off (P&T maps strings only, hence the conversion).
        ComposedResource.fromParameter('trailInsights', 'spec.forProvider.insightSelector', {
          transforms: [Transforms.convert('string'), Transforms.map({ true: INSIGHT_SELECTORS, false: [] })],
        }),
        // Optional S3 data events (CIS 3.8/3.9), never for the trail's own buckets.
        ComposedResource.fromParameter('s3DataEvents', 'spec.forProvider.advancedEventSelector', {
          transforms: [Transforms.map({
            None: [MANAGEMENT_EVENTS],
            WriteOnly: [MANAGEMENT_EVENTS, s3DataEvents(true)],
            All: [MANAGEMENT_EVENTS, s3DataEvents(false)],
          })],
        }),
      ],
    })
      .publish('trailArn', 'status.atProvider.arn', Schema.arn('ARN of the account trail.'));
    // CreateTrail checks the bucket policy (InsufficientS3BucketPolicyException) and the log group.
    createdAfter(trail, 'trailBucketPolicy', 'trailLogGroup');

    // Deletion order (ClusterUsages): the trail stops before anything it writes into or through goes.
    this.deletedBefore(trail, { uses: 'trailBucket', reason: 'The trail delivers its log files into this bucket until it is deleted' });
    this.deletedBefore(trail, { uses: 'trailLogGroup', reason: 'The trail delivers its events into this log group until it is deleted' });
    this.deletedBefore(trail, { uses: 'trailLogsRole', reason: 'The trail delivers into CloudWatch Logs through this role until it is deleted' });
    this.deletedBefore('trailBucketLogging', { uses: 'trailAccessLogBucket', reason: 'S3 delivers the trail bucket\'s server access logs into this bucket while the logging configuration exists' });
    this.encryptedWith('audit', trail, 'trailBucket');
    this.encryptedWith('logs', 'trailLogGroup');
    this.boundaryOutlives('trailLogsRole');
  }
}
