// A customer managed KMS key for one purpose, and the key-policy statements the domains combine.
// The policy never grants kms:* : the account root administers (CIS 3.6 / KMS.4 rotation on,
// KMS.3 deletion window minimal), and every use is bound to a service, an account and, where the
// service supplies one, its encryption context.
import type { Construct } from 'constructs';
import { Alias, Key } from '../../../imports/kms.aws.upbound.io';
import { AwsArns, AwsNames } from '../../kernel/aws-names';
import { ComposedResource } from '../../kernel/composed-resource';
import {
  ConditionOperator,
  Effect,
  KMS_ADMIN_ACTIONS,
  KMS_DECRYPT_ACTIONS,
  KMS_ENCRYPT_DECRYPT_ACTIONS,
  PolicyDocument,
  PolicyStatement,
  Principals,
} from '../../policy/iam';
import { Schema } from '../../kernel/schema';
import { ClaimTreeResource } from '../../kernel/usage';
import { Params } from '../../kernel/values';
import { MaxLength } from '../../kernel/aws-limits';

/** Shortest waiting period KMS allows, so a torn-down environment frees its keys within a week. */
export const KEY_DELETION_WINDOW_DAYS = 7;
/** Annual automatic rotation (the KMS default period, stated explicitly). */
export const KEY_ROTATION_PERIOD_DAYS = 365;

export interface CustomerManagedKeyProps {
  /** camelCase purpose: `logs`, `audit`, `data`, `messaging`. Names the alias and the outputs. */
  readonly purpose: string;
  /** Human description stored on the key. */
  readonly description: string;
  /** Who may use the key and how; the administration statement is always added first. */
  readonly usage: readonly PolicyStatement[];
  /**
   * Another region than the composite's (a region slot's `${xr:...}` token): a KMS key is usable
   * only in its own region, so every region that encrypts with our key has its own.
   * @default - the composite's region
   */
  readonly region?: string;
  /**
   * Appended to the composition resource names (`<purpose>Key<suffix>`, `<purpose>KeyAlias<suffix>`)
   * and the status fields, e.g. `Region2`. @default - none
   */
  readonly nameSuffix?: string;
}

export interface CustomerManagedKey {
  readonly key: ComposedResource;
  readonly alias: ComposedResource;
  readonly policy: PolicyDocument;
}

/** The encryption domain's key of `purpose`, as another domain of the same claim refers to it. */
export function encryptionKey(purpose: string): ClaimTreeResource {
  return new ClaimTreeResource('encryption', `${purpose}Key`, Key.GVK);
}

export function customerManagedKey(scope: Construct, props: CustomerManagedKeyProps): CustomerManagedKey {
  const policy = new PolicyDocument({ statements: [keyAdministration(), ...props.usage] });
  const problems = policy.validateForResourcePolicy();
  if (problems.length) throw new Error(`key policy '${props.purpose}': ${problems.join('; ')}`);
  const suffix = props.nameSuffix ?? '';
  const keyName = `${props.purpose}Key${suffix}`;
  const where = props.region !== undefined ? { region: props.region } : {};
  const key = new ComposedResource(scope, {
    name: keyName,
    kind: Key,
    ...where,
    forProvider: {
      description: props.description,
      keyUsage: 'ENCRYPT_DECRYPT',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      enableKeyRotation: true,
      rotationPeriodInDays: KEY_ROTATION_PERIOD_DAYS,
      deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
      isEnabled: true,
      multiRegion: false,
      bypassPolicyLockoutSafetyCheck: false,
      policy: policy.toString(),
      tags: { [`zerotrust.io/key-purpose`]: props.purpose },
    },
  })
    .publish(`${props.purpose}KeyArn${suffix}`, 'status.atProvider.arn', Schema.arn(`ARN of the ${props.purpose} key (${props.description}).`))
    .publish(`${props.purpose}KeyId${suffix}`, 'status.atProvider.keyId', Schema.string(`Key id of the ${props.purpose} key.`, { maxLength: MaxLength.kmsKeyId }));
  const alias = new ComposedResource(scope, {
    name: `${props.purpose}KeyAlias${suffix}`,
    kind: Alias,
    ...where,
    externalName: AwsNames.keyAlias(props.purpose),
    forProvider: { targetKeyIdSelector: key.selector() },
  });
  return { key, alias, policy };
}

/** The account (through IAM policies) administers the key but cannot use it to encrypt or decrypt. */
export function keyAdministration(): PolicyStatement {
  return new PolicyStatement({
    sid: 'KeyAdministrationByAccount',
    effect: Effect.ALLOW,
    principals: [Principals.arn(AwsArns.accountRoot)],
    actions: KMS_ADMIN_ACTIONS,
    resources: ['*'],
  });
}

/** CloudWatch Logs of this region encrypts log groups of this account only. */
export function allowCloudWatchLogs(): PolicyStatement {
  return new PolicyStatement({
    sid: 'AllowCloudWatchLogsForAccountLogGroups',
    principals: [Principals.service(AwsArns.regionalService('logs'))],
    actions: [...KMS_ENCRYPT_DECRYPT_ACTIONS],
    resources: ['*'],
    conditions: { [ConditionOperator.ARN_LIKE]: { 'kms:EncryptionContext:aws:logs:arn': AwsArns.anyLogGroup } },
  });
}

/** CloudTrail encrypts log files for this account's trail only (confused-deputy guard: aws:SourceArn). */
export function allowCloudTrailEncrypt(): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'AllowCloudTrailEncryptForAccountTrail',
      principals: [Principals.service('cloudtrail.amazonaws.com')],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        [ConditionOperator.STRING_EQUALS]: { 'aws:SourceArn': AwsArns.trail },
        [ConditionOperator.STRING_LIKE]: { 'kms:EncryptionContext:aws:cloudtrail:arn': AwsArns.anyTrailOfAccount },
      },
    }),
    new PolicyStatement({
      sid: 'AllowCloudTrailDescribeKey',
      principals: [Principals.service('cloudtrail.amazonaws.com')],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { [ConditionOperator.STRING_EQUALS]: { 'aws:SourceArn': AwsArns.trail } },
    }),
  ];
}

/** Principals of this account (with IAM permission) may read this account's trail log files. */
export function allowAccountToDecryptTrailLogs(): PolicyStatement {
  return new PolicyStatement({
    sid: 'AllowAccountToDecryptTrailLogs',
    principals: [Principals.arn(AwsArns.accountRoot)],
    actions: [...KMS_DECRYPT_ACTIONS, 'kms:ReEncryptFrom'],
    resources: ['*'],
    conditions: {
      [ConditionOperator.STRING_EQUALS]: { 'kms:CallerAccount': Params.accountId },
      [ConditionOperator.STRING_LIKE]: { 'kms:EncryptionContext:aws:cloudtrail:arn': AwsArns.anyTrailOfAccount },
    },
  });
}

/**
 * Principals of this account use the key only through the named services of this region
 * (kms:ViaService), e.g. S3 SSE-KMS or EBS, never directly.
 */
export function allowUseThroughServices(sid: string, services: readonly string[], region: string = Params.region): PolicyStatement {
  return new PolicyStatement({
    sid,
    principals: [Principals.arn(AwsArns.accountRoot)],
    actions: [...KMS_ENCRYPT_DECRYPT_ACTIONS],
    resources: ['*'],
    conditions: {
      [ConditionOperator.STRING_EQUALS]: {
        'kms:CallerAccount': Params.accountId,
        'kms:ViaService': services.map((s) => AwsArns.regionalService(s, region)),
      },
    },
  });
}

/** Services that attach the key to persistent resources (EBS volumes, backups) need grants. */
export function allowGrantsForAwsResources(sid: string, services: readonly string[], region: string = Params.region): PolicyStatement {
  return new PolicyStatement({
    sid,
    principals: [Principals.arn(AwsArns.accountRoot)],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: {
      [ConditionOperator.STRING_EQUALS]: {
        'kms:CallerAccount': Params.accountId,
        'kms:ViaService': services.map((s) => AwsArns.regionalService(s, region)),
      },
      [ConditionOperator.BOOL]: { 'kms:GrantIsForAWSResource': 'true' },
    },
  });
}

/**
 * An AWS service that publishes into encrypted topics/queues of this account on this account's
 * behalf only (aws:SourceAccount), e.g. CloudWatch alarms into the alert topic.
 */
export function allowServiceToPublishEncrypted(sid: string, servicePrincipal: string): PolicyStatement {
  return new PolicyStatement({
    sid,
    principals: [Principals.service(servicePrincipal)],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: { [ConditionOperator.STRING_EQUALS]: { 'aws:SourceAccount': Params.accountId } },
  });
}

/** The service-linked role EC2 Auto Scaling launches instances with. */
export const AUTO_SCALING_SERVICE_LINKED_ROLE = 'aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling';

/**
 * EC2 Auto Scaling launching instances whose volumes the key encrypts (EBS default encryption).
 * Principals of the account use the key through EC2 already (kms:ViaService); Auto Scaling launches as
 * its service-linked role, whose permissions cannot include our key, so the key policy names it.
 * Principal "*" plus an exact aws:PrincipalArn instead of the role as Principal: KMS rejects a key
 * policy naming a role that does not exist yet, and this role is created only when the account's
 * first Auto Scaling group is.
 */
// https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html
export function allowAutoScalingForEbs(region: string = Params.region): PolicyStatement[] {
  const autoScalingRole = `arn:aws:iam::${Params.accountId}:role/${AUTO_SCALING_SERVICE_LINKED_ROLE}`;
  const viaEc2 = { 'kms:CallerAccount': Params.accountId, 'kms:ViaService': AwsArns.regionalService('ec2', region) };
  return [
    new PolicyStatement({
      sid: 'AllowAutoScalingToUseKeyForEbs',
      effect: Effect.ALLOW,
      principals: [Principals.anyone()],
      actions: [...KMS_ENCRYPT_DECRYPT_ACTIONS],
      resources: ['*'],
      conditions: {
        [ConditionOperator.ARN_EQUALS]: { 'aws:PrincipalArn': autoScalingRole },
        [ConditionOperator.STRING_EQUALS]: viaEc2,
      },
    }),
    new PolicyStatement({
      sid: 'AllowAutoScalingGrantsForEbs',
      effect: Effect.ALLOW,
      principals: [Principals.anyone()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        [ConditionOperator.ARN_EQUALS]: { 'aws:PrincipalArn': autoScalingRole },
        [ConditionOperator.STRING_EQUALS]: viaEc2,
        [ConditionOperator.BOOL]: { 'kms:GrantIsForAWSResource': 'true' },
      },
    }),
  ];
}
