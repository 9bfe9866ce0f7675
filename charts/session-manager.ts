// Session-manager domain: people reach instances only through Session Manager, never through SSH
// or RDP (the network domain composes no internet path and no bastion). The account's Session
// Manager preferences encrypt every session end to end with a KMS key, record it to an encrypted
// CloudWatch Logs log group and to a secure bucket, end idle sessions, and never switch to another
// OS user. Managed instances get a role with AmazonSSMManagedInstanceCore plus exactly the logging
// permissions those preferences require.
//
// SSM.* (Security Hub) and CIS 5.x expect instances to be managed by Systems Manager; the
// preferences document name is fixed by AWS (`SSM-SessionManagerRunShell`, one per account and
// Region), so it is the one AWS name here without the environment suffix. An account that already
// has the document (created when someone opened Session Manager preferences in the console) is
// adopted: the external name is the document name, so Crossplane observes and updates it; teardown
// leaves it in place (management policies without Delete).
// https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-configure-preferences-cli.html
import type { Construct } from 'constructs';
import { Group } from '../imports/cloudwatchlogs.aws.upbound.io';
import { InstanceProfile } from '../imports/iam.aws.upbound.io';
import { Document } from '../imports/ssm.aws.upbound.io';
import {
  ComposedResource,
  ConditionOperator,
  DomainChart,
  Effect,
  Params,
  PolicyStatement,
  Principals,
  Schema,
  param,
  serviceRole,
  suffixed,
} from '../compositions';
import { accessLogBucket } from '../compositions/blocks/data/access-log-bucket';
import { logRetentionDays } from '../compositions/blocks/logging/log-retention';
import { SecureBucket } from '../compositions/blocks/data/secure-bucket';
import { MaxLength } from '../compositions/kernel/aws-limits';

/** The preferences document Session Manager reads; AWS fixes the name. */
export const SESSION_PREFERENCES_DOCUMENT = 'SSM-SessionManagerRunShell';
export const SESSION_LOG_GROUP = `/zta/ssm-sessions/${suffixed('zta')}`;
export const SESSION_LOG_PREFIX = 'sessions/';
export const DEFAULT_IDLE_SESSION_TIMEOUT_MINUTES = 20;
export const DEFAULT_MAX_SESSION_DURATION_MINUTES = 60;
export const MANAGED_INSTANCE_CORE_POLICY = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';
const INSTANCE_ROLE_NAME = suffixed('zta-ssm-instance');

export class SessionManagerChart extends DomainChart {
  /** Composed once by XZeroTrustAccount (charts/index.ts finds it by this). */
  public static readonly composedBy = 'account';

  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XSessionManager',
      domain: 'sessionManager',
      readme: {
        title: 'Session Manager',
        controls: 'bastion-less access: session preferences document with KMS encryption, encrypted CloudWatch and S3 session logs, idle timeout, run-as off; managed-instance role and instance profile (AmazonSSMManagedInstanceCore plus only what session logging needs)',
      },
      description: 'Bastion-less access through Session Manager: KMS-encrypted sessions, encrypted CloudWatch Logs and S3 session logs, idle timeout, no run-as; the instance profile managed instances use.',
    });
    this.keyArnInput('logs', 'CloudWatch Logs log groups');
    this.keyArnInput('data', 'S3 objects and session data');
    // Its IAM role carries the identity domain's permissions boundary (issue 5: every role we create).
    this.permissionsBoundaryInput();
    this.parameter('idleSessionTimeoutMinutes', Schema.integer('Minutes without activity after which a session is ended (1-60).', { minimum: 1, maximum: 60, default: DEFAULT_IDLE_SESSION_TIMEOUT_MINUTES }));
    this.parameter('maxSessionDurationMinutes', Schema.integer('Longest session in minutes (1-1440).', { minimum: 1, maximum: 1440, default: DEFAULT_MAX_SESSION_DURATION_MINUTES }));
    this.parameter('logRetentionDays', logRetentionDays('logRetentionDays', 'Days session logs stay in CloudWatch Logs (CloudWatch.16: at least a year).'));

    // Encrypted session log group (logs key; its policy already admits CloudWatch Logs).
    const group = new ComposedResource(this, {
      name: 'sessionLogGroup',
      kind: Group,
      externalName: SESSION_LOG_GROUP,
      forProvider: {
        kmsKeyId: param('logsKeyArn'),
        deletionProtectionEnabled: false,
        skipDestroy: false,
      },
      // CloudWatch.16; the XRD defaults the parameter, so the value always arrives.
      patches: [ComposedResource.fromParameter('logRetentionDays', 'spec.forProvider.retentionInDays', { required: true })],
    })
      .publish('sessionLogGroupName', 'status.atProvider.id', Schema.string('Log group receiving Session Manager session logs.', { maxLength: MaxLength.logGroupName }))
      .publish('sessionLogGroupArn', 'status.atProvider.arn', Schema.arn('ARN of the Session Manager log group.'));

    // Session logs in S3: the SSM agent uploads with the instance role and without SSE headers, so
    // the role is a default-encryption writer (it still cannot name another key).
    const access = accessLogBucket(this, 'accessLogsBucket', 'ssm-access');
    const bucket = new SecureBucket(this, {
      name: 'sessionLogsBucket',
      purpose: 'ssm-logs',
      kmsKeyArn: param('dataKeyArn'),
      accessLogs: { targetBucketName: access.bucketName, prefix: 'ssm-logs/' },
      defaultEncryptionWriterArns: [instanceRoleArn()],
    });

    const role = serviceRole(this, {
      name: 'instanceRole',
      roleName: INSTANCE_ROLE_NAME,
      description: 'Managed instances: Systems Manager core plus Session Manager logging',
      trust: [ec2AssumeRole()],
      permissions: sessionLoggingPermissions(bucket.bucketArn),
      managedPolicyArns: [MANAGED_INSTANCE_CORE_POLICY],
      arnStatusField: 'instanceRoleArn',
    });
    new ComposedResource(this, {
      name: 'instanceProfile',
      kind: InstanceProfile,
      externalName: suffixed('zta-ssm-instance'),
      forProvider: { roleSelector: role.role.selector() },
    }).publish('instanceProfileName', 'status.atProvider.id', Schema.string('Instance profile to attach to managed instances.', { maxLength: MaxLength.instanceProfileName }));

    // Session data is encrypted with the data key: the user's client generates the data key, the
    // instance decrypts it, each bound to the session by its encryption context.
    this.useKey('data', allowSessionEncryption());

    const preferences = new ComposedResource(this, {
      name: 'sessionPreferences',
      kind: Document,
      externalName: SESSION_PREFERENCES_DOCUMENT,
      // Issue 13 item 3: AWS's singleton, which the console creates on first use: adopted and kept current,
      // never deleted. After teardown it still names the deleted bucket, log group and key, so sessions fail
      // until the preferences are reset (IMPLEMENTATION.md, Teardown order, says how).
      retainOnDelete: 'the account\'s Session Manager preferences existed before the baseline or are expected after it',
      forProvider: {
        documentType: 'Session',
        documentFormat: 'JSON',
        // Both durations are defaulted by the XRD, so every value the content reads arrives.
        content: sessionPreferencesContent(bucket.bucketName, param('idleSessionTimeoutMinutes'), param('maxSessionDurationMinutes')),
      },
    }).publish('sessionPreferencesDocument', 'metadata.annotations[crossplane.io/external-name]', Schema.string('Name of the Session Manager preferences document.', { maxLength: MaxLength.ssmDocumentName }));

    // Deletion order (ClusterUsages): session logging stops before its destinations and key go.
    this.deletedBefore(preferences, { uses: 'sessionLogsBucket', reason: 'Session Manager uploads session logs into this bucket while the preferences name it' });
    this.deletedBefore(preferences, { uses: group, reason: 'Session Manager streams session logs into this log group while the preferences name it' });
    this.deletedBefore('sessionLogsBucketLogging', { uses: 'accessLogsBucket', reason: 'S3 delivers the session-log bucket\'s server access logs into this bucket while the logging configuration exists' });
    this.encryptedWith('data', 'sessionLogsBucket', preferences);
    this.encryptedWith('logs', group);
    this.boundaryOutlives('instanceRole');
  }
}

export function instanceRoleArn(): string {
  return `arn:aws:iam::${Params.accountId}:role/${INSTANCE_ROLE_NAME}`;
}

/**
 * The preferences: KMS encryption of session data (kmsKeyId), CloudWatch streaming and S3 upload
 * both encrypted, idle and maximum duration, run-as off. Numbers are strings in this schema.
 */
export function sessionPreferencesContent(bucketName: string, idleMinutes: string, maxMinutes: string): string {
  return JSON.stringify({
    schemaVersion: '1.0',
    description: 'Zero-trust Session Manager preferences: encrypted and logged sessions, idle timeout, no run-as',
    sessionType: 'Standard_Stream',
    inputs: {
      s3BucketName: bucketName,
      s3KeyPrefix: SESSION_LOG_PREFIX,
      s3EncryptionEnabled: true,
      cloudWatchLogGroupName: SESSION_LOG_GROUP,
      cloudWatchEncryptionEnabled: true,
      cloudWatchStreamingEnabled: true,
      kmsKeyId: param('dataKeyArn'),
      runAsEnabled: false,
      runAsDefaultUser: '',
      idleSessionTimeout: idleMinutes,
      maxSessionDuration: maxMinutes,
      shellProfile: { linux: '', windows: '' },
    },
  });
}

/** EC2 assumes the instance role for instances of this account only. */
export function ec2AssumeRole(): PolicyStatement {
  return new PolicyStatement({
    sid: 'AllowEc2Instances',
    effect: Effect.ALLOW,
    principals: [Principals.service('ec2.amazonaws.com')],
    actions: ['sts:AssumeRole'],
  });
}

/**
 * What the SSM agent needs beyond AmazonSSMManagedInstanceCore to honour the preferences: stream
 * into the one log group, upload into the session prefix of the one bucket, check the bucket's
 * encryption, and decrypt the session data key (bound to a session by its encryption context).
 * Uploads are encrypted by the bucket default (data key through S3), hence GenerateDataKey via S3.
 */
// https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-create-iam-instance-profile.html
export function sessionLoggingPermissions(bucketArn: string): PolicyStatement[] {
  const groupArn = `arn:aws:logs:${Params.region}:${Params.accountId}:log-group:${SESSION_LOG_GROUP}`;
  return [
    new PolicyStatement({
      sid: 'StreamSessionLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [groupArn, `${groupArn}:log-stream:*`],
    }),
    new PolicyStatement({
      sid: 'CheckLogGroupEncryption',
      actions: ['logs:DescribeLogGroups'],
      resources: [`arn:aws:logs:${Params.region}:${Params.accountId}:log-group:*`],
    }),
    new PolicyStatement({
      sid: 'UploadSessionLogs',
      actions: ['s3:PutObject'],
      resources: [`${bucketArn}/${SESSION_LOG_PREFIX}*`],
    }),
    new PolicyStatement({
      sid: 'CheckBucketEncryption',
      actions: ['s3:GetEncryptionConfiguration'],
      resources: [bucketArn],
    }),
    new PolicyStatement({
      sid: 'DecryptSessionData',
      actions: ['kms:Decrypt'],
      resources: [param('dataKeyArn')],
      conditions: { [ConditionOperator.NULL]: { 'kms:EncryptionContext:aws:ssm:SessionId': 'false' } },
    }),
    new PolicyStatement({
      sid: 'EncryptSessionLogUploads',
      actions: ['kms:GenerateDataKey'],
      resources: [param('dataKeyArn')],
      conditions: { [ConditionOperator.STRING_EQUALS]: { 'kms:ViaService': `s3.${Params.region}.amazonaws.com` } },
    }),
  ];
}

/**
 * Key-policy statement (data key): principals of this account may generate and decrypt session
 * data keys only with a Session Manager encryption context. They still need IAM permission
 * (the key policy delegates to IAM through the account principal).
 */
export function allowSessionEncryption(): PolicyStatement {
  return new PolicyStatement({
    sid: 'AllowSessionManagerSessionEncryption',
    effect: Effect.ALLOW,
    principals: [Principals.arn(`arn:aws:iam::${Params.accountId}:root`)],
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    resources: ['*'],
    conditions: {
      [ConditionOperator.STRING_EQUALS]: { 'kms:CallerAccount': Params.accountId },
      [ConditionOperator.NULL]: { 'kms:EncryptionContext:aws:ssm:SessionId': 'false', 'kms:EncryptionContext:aws:ssm:TargetId': 'false' },
    },
  });
}
