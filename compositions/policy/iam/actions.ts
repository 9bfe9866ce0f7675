// Named action groups for the security baseline. Lists are explicit (no wildcards) so a
// statement never silently gains actions that AWS adds later; test/compositions/policy/iam/actions.test.ts
// proves every name exists.

/**
 * Managing a KMS key without using it: no Encrypt, Decrypt, ReEncrypt or GenerateDataKey actions.
 * kms:CreateGrant is left out on purpose: an administrator who can create grants can grant
 * themselves decrypt. Grant it separately with KMS_GRANT_ACTIONS where a service needs it.
 */
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
export const KMS_ADMIN_ACTIONS: readonly string[] = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/** Encrypting with a symmetric key, including data keys and re-encryption. */
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-users-crypto
export const KMS_ENCRYPT_ACTIONS: readonly string[] = [
  'kms:Encrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
];

/** Decrypting with a symmetric key. */
// https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html
export const KMS_DECRYPT_ACTIONS: readonly string[] = ['kms:Decrypt'];

/** Both directions plus DescribeKey, which SDK clients and services call before using a key. */
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-users-crypto
export const KMS_ENCRYPT_DECRYPT_ACTIONS: readonly string[] = [...KMS_ENCRYPT_ACTIONS, ...KMS_DECRYPT_ACTIONS, 'kms:DescribeKey'];

/** Grant management an AWS service needs to attach a key to a persistent resource (pair with kms:GrantIsForAWSResource). */
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-service-integration
export const KMS_GRANT_ACTIONS: readonly string[] = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];

/** Key actions whose misuse destroys or locks out data; the usual targets of a protective deny. */
// https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html
export const KMS_DESTRUCTIVE_ACTIONS: readonly string[] = [
  'kms:DisableKey',
  'kms:ScheduleKeyDeletion',
  'kms:PutKeyPolicy',
  'kms:DeleteImportedKeyMaterial',
];

/** Writing objects, including multipart uploads and object tags. */
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
export const S3_WRITE_ACTIONS: readonly string[] = [
  's3:PutObject',
  's3:PutObjectTagging',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
];

/** Reading objects and listing the bucket. */
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
export const S3_READ_ACTIONS: readonly string[] = [
  's3:GetObject',
  's3:GetObjectVersion',
  's3:ListBucket',
  's3:GetBucketLocation',
];

/** Deleting objects and object versions. */
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
export const S3_DELETE_ACTIONS: readonly string[] = ['s3:DeleteObject', 's3:DeleteObjectVersion'];

/** Bucket settings whose change can expose or unprotect data; targets of protective denies. */
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html
export const S3_BUCKET_PROTECTION_ACTIONS: readonly string[] = [
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketPublicAccessBlock',
  's3:PutEncryptionConfiguration',
  's3:PutBucketVersioning',
  's3:PutBucketObjectLockConfiguration',
  's3:PutLifecycleConfiguration',
];

/** Delivering log events into an existing log group (services writing to CloudWatch Logs). */
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html
export const LOGS_DELIVERY_ACTIONS: readonly string[] = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/** Assuming a role; add sts:TagSession when session tags are passed. */
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html
export const STS_ASSUME_ROLE_ACTIONS: readonly string[] = ['sts:AssumeRole'];

/** Publishing to an SNS topic. */
// https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
export const SNS_PUBLISH_ACTIONS: readonly string[] = ['sns:Publish'];

/** Sending to an SQS queue. */
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html
export const SQS_SEND_ACTIONS: readonly string[] = ['sqs:SendMessage'];
