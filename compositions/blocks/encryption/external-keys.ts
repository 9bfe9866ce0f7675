// BYOK: KMS keys with EXTERNAL origin whose material an on-premises HSM wraps and an operator imports.
// What AWS KMS supports for imported material today (AWS KMS developer guide, "Import key material",
// https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html):
// - an optional expiration (ValidTo, ExpirationModel KEY_MATERIAL_EXPIRES); at expiry KMS deletes the
//   material and the key becomes unusable until the same material is re-imported;
// - symmetric encryption keys with EXTERNAL origin support on-demand rotation (RotateKeyOnDemand after
//   importing NEW_KEY_MATERIAL): the key id, ARN and aliases stay, earlier material still decrypts;
//   automatic (scheduled) rotation is not available for them;
// - the first imported material is permanently associated with the key; re-importing it (e.g. with a new
//   ValidTo) is allowed, different material only as a new rotation.
// The material never passes through the cluster: the ExternalKey is created without material (no
// keyMaterialBase64 Secret), the operator wraps it inside the HSM with the key's import parameters.
import { ConditionOperator, Effect, KMS_ADMIN_ACTIONS, PolicyDocument, PolicyStatement, Principals } from '../../policy/iam';
import { AwsArns } from '../../kernel/aws-names';
import { allowGrantsForAwsResources, allowUseThroughServices } from './kms';
import type { EventPattern } from '../../policy/event-pattern';

/** Key slots of the external-keys domain (P&T cannot loop: slot i composes keys[i]). */
export const MAX_EXTERNAL_KEYS = 4;
/** The two keys a slot can hold while the alias moves from one to the other. */
export const KEY_COLORS = ['blue', 'green'] as const;
export type KeyColor = (typeof KEY_COLORS)[number];
/** Services that may use a BYOK key on behalf of the account's principals (kms:ViaService). */
export const EXTERNAL_KEY_SERVICES = ['s3', 'ec2', 'rds', 'dynamodb', 'backup', 'elasticfilesystem', 'secretsmanager', 'sns', 'sqs', 'lambda'] as const;
export const MAX_KEY_SERVICES = 6;
/** Services that attach a key to a persistent resource through grants (EBS volumes, RDS, EFS, backups). */
export const GRANT_SERVICES = new Set(['ec2', 'rds', 'elasticfilesystem', 'backup']);
/** Default warning before imported material expires. */
export const DEFAULT_EXPIRY_WARNING_DAYS = 30;
/** Seconds in a day, for the SecondsUntilKeyMaterialExpiration threshold. */
export const SECONDS_PER_DAY = 86_400;

/** KMS administration of a BYOK key: the default administrator actions plus the import life cycle. */
// https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-permissions.html
export const EXTERNAL_KEY_ADMIN_ACTIONS: readonly string[] = [
  ...KMS_ADMIN_ACTIONS,
  'kms:GetParametersForImport',
  'kms:ImportKeyMaterial',
  'kms:DeleteImportedKeyMaterial',
];

/**
 * Key policy of a BYOK key: the account administers it (the SCP guardrails keep DeleteImportedKeyMaterial,
 * ImportKeyMaterial, DisableKey, ScheduleKeyDeletion and PutKeyPolicy to break-glass), nobody may import
 * material that never expires (so the material-expiry alarm always has a metric and rotation is forced),
 * and principals of the account use it only through `services` of the region (as the encryption domain's keys).
 */
export function externalKeyPolicy(services: readonly string[]): PolicyDocument {
  if (services.length === 0) throw new Error('externalKeyPolicy: services is empty; name at least one service that uses the key');
  const grants = services.filter((s) => GRANT_SERVICES.has(s) || s.startsWith('${xr:'));
  const doc = new PolicyDocument({
    statements: [
      new PolicyStatement({
        sid: 'KeyAdministrationByAccount',
        effect: Effect.ALLOW,
        principals: [Principals.arn(AwsArns.accountRoot)],
        actions: EXTERNAL_KEY_ADMIN_ACTIONS,
        resources: ['*'],
      }),
      // kms:ExpirationModel is the condition key of ImportKeyMaterial:
      // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-expiration-model
      new PolicyStatement({
        sid: 'DenyNonExpiringKeyMaterial',
        effect: Effect.DENY,
        principals: [Principals.anyone()],
        actions: ['kms:ImportKeyMaterial'],
        resources: ['*'],
        conditions: { [ConditionOperator.STRING_NOT_EQUALS]: { 'kms:ExpirationModel': 'KEY_MATERIAL_EXPIRES' } },
      }),
      allowUseThroughServices('AllowUseThroughListedServices', services),
      ...(grants.length ? [allowGrantsForAwsResources('AllowGrantsForListedServices', grants)] : []),
    ],
  });
  const problems = doc.validateForResourcePolicy();
  if (problems.length) throw new Error(`external key policy: ${problems.join('; ')}`);
  return doc;
}

/** The AWS KMS events of the BYOK life cycle: imported material expired, a key deleted after its waiting period. */
// https://docs.aws.amazon.com/kms/latest/developerguide/kms-events.html
export function keyLifecyclePattern(): EventPattern {
  return {
    source: ['aws.kms'],
    'detail-type': ['KMS Imported Key Material Expiration', 'KMS CMK Deletion'],
  };
}

/** KMS API calls that make a key unusable: imported material removed, key disabled or scheduled for deletion. */
export const KEY_TAMPERING_EVENT_NAMES = ['DeleteImportedKeyMaterial', 'DisableKey', 'ScheduleKeyDeletion'] as const;

/** CloudTrail management events of KEY_TAMPERING_EVENT_NAMES, as EventBridge receives them. */
// https://docs.aws.amazon.com/kms/latest/developerguide/logging-using-cloudtrail.html
export function keyTamperingPattern(): EventPattern {
  return {
    source: ['aws.kms'],
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: { eventSource: ['kms.amazonaws.com'], eventName: [...KEY_TAMPERING_EVENT_NAMES] },
  };
}
