// BYOK: customer managed KMS keys whose material comes from the company's on-premises HSM. Each key
// is created without material (origin EXTERNAL): the HSM operator wraps the material inside the HSM
// with the key's import parameters and imports it (docs/runbooks/byok-key-rotation.md); nothing of it
// passes through the cluster, a Secret or Terraform state. Applications use the alias, so rotation is
// either importing new material into the same key (on-demand rotation, what KMS supports for
// symmetric EXTERNAL keys) or moving the alias from the blue to the green key of the slot with one
// claim parameter. Material must expire (key policy), an alarm warns before it does, and EventBridge
// rules alert on expiry, deletion, disabling and removal of material.
import type { Construct } from 'constructs';
import { MetricAlarmV1Beta2 } from '../imports/cloudwatch.aws.upbound.io';
import { Rule, TargetV1Beta2 as Target } from '../imports/cloudwatchevents.aws.upbound.io';
import { Alias, ExternalKey } from '../imports/kms.aws.upbound.io';
import {
  ComposedResource,
  Condition,
  DomainChart,
  KEY_DELETION_WINDOW_DAYS,
  AwsArns,
  Params,
  Schema,
  Transforms,
  fromComposite,
  param,
  siblingSelector,
  suffixed,
  tokenPatch,
  type ParameterRef,
  type Patch,
} from '../compositions';
import { MaxLength } from '../compositions/kernel/aws-limits';
import { eventPatternJson } from '../compositions/policy/event-pattern';
import {
  DEFAULT_EXPIRY_WARNING_DAYS,
  EXTERNAL_KEY_SERVICES,
  KEY_COLORS,
  MAX_EXTERNAL_KEYS,
  MAX_KEY_SERVICES,
  SECONDS_PER_DAY,
  externalKeyPolicy,
  keyLifecyclePattern,
  keyTamperingPattern,
  type KeyColor,
} from '../compositions/blocks/encryption/external-keys';
import { BYOK_ALIAS_PREFIX, BYOK_KEY_PURPOSE, KEY_ORIGIN_TAG, KEY_PURPOSE_TAG } from '../compositions/blocks/organization/guardrail-actions';

/** A key name: part of the alias `alias/byok-<name>-<suffix>` and of the alarm names. */
export const KEY_NAME_PATTERN = '^[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?$';
const DATE_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';
/** Tag recording when the key's material must next be rotated (the claim's rotationDue). */
export const ROTATION_DUE_TAG = 'zerotrust.io/rotation-due';
/** Tag present (value "true") only on the key the slot's alias points at. */
export const ALIAS_TARGET_TAG = 'zerotrust.io/alias-target';
/** CloudWatch namespace and metric KMS publishes for keys with expiring imported material. */
// https://docs.aws.amazon.com/kms/latest/developerguide/monitoring-cloudwatch.html
export const KMS_METRIC_NAMESPACE = 'AWS/KMS';
export const MATERIAL_EXPIRY_METRIC = 'SecondsUntilKeyMaterialExpiration';
export const BYOK_EVENT_RULES = { keyLifecycle: 'byok-key-lifecycle', keyTampering: 'byok-key-tampering' } as const;

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export class ExternalKeysChart extends DomainChart {
  /** Composed once by XZeroTrustAccount (charts/index.ts finds it by this). */
  public static readonly composedBy = 'account';

  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XExternalKeys',
      domain: 'externalKeys',
      readme: {
        title: 'BYOK keys',
        controls: 'up to four KMS keys with imported (`EXTERNAL`) material from the on-premises HSM, created without material (nothing of it passes through the cluster, a Secret or Terraform state; a test scans every rendered object); per entry a blue and/or green key and the alias `alias/byok-<name>-<suffix>` that follows the key marked `aliased: true` (UpdateAlias, consumers unchanged); key policies like the encryption domain\'s (administration by the account, use only through the listed services, `kms:ViaService`) plus a deny of material that never expires; tags `zerotrust.io/key-purpose: byok` (guardrail scope), `zerotrust.io/key-origin: EXTERNAL` and `zerotrust.io/rotation-due` (from the claim); an alarm on `SecondsUntilKeyMaterialExpiration` per key; EventBridge rules on material expiry, key deletion, `DeleteImportedKeyMaterial`/`DisableKey`/`ScheduleKeyDeletion` into the alert topic; status per key: id, ARN, state (`PendingImport`, `Enabled`, ...), expiration model, `validTo`. Rotation: [docs/runbooks/byok-key-rotation.md](docs/runbooks/byok-key-rotation.md)',
      },
      description: 'BYOK: KMS keys with imported (EXTERNAL) material from the on-premises HSM, aliases applications use, material-expiry alarms and EventBridge alerts on expiry, deletion, disabling and removal of material.',
    });
    this.input('alertTopicArn', Schema.arn('ARN of the SNS topic security alarms notify (from the security-monitoring domain).'), { domain: 'securityMonitoring', statusField: 'alarmTopicArn', computed: AwsArns.securityAlarmTopic });

    const colorSchema = (color: KeyColor): ReturnType<typeof Schema.object> => Schema.object(
      `The ${color} key of the slot: created without material (state PendingImport) until the HSM operator imports it. Remove it to schedule its deletion (${KEY_DELETION_WINDOW_DAYS}-day window).`,
      {
        rotationDue: Schema.string(`Date (YYYY-MM-DD) by which the material must be rotated; tagged ${ROTATION_DUE_TAG} on the key. Import the material with --valid-to no later than this date.`, {
          maxLength: 10, pattern: DATE_PATTERN,
          rules: [{ rule: `self.matches('${DATE_PATTERN}')`, message: `rotationDue must be a date YYYY-MM-DD` }],
        }),
        aliased: Schema.boolean('Marks the key the slot\'s alias points at; exactly one key of the slot carries it. Move it to the other key to switch the alias (UpdateAlias, consumers unchanged).'),
      },
      { required: ['rotationDue'], rules: [{ rule: '!has(self.aliased) || self.aliased', message: 'aliased is only ever true: set it on the key the alias points at and remove it from the other' }] },
    );
    const keys = this.parameter('keys', Schema.array(`BYOK keys, at most ${MAX_EXTERNAL_KEYS}. Each entry is one alias with a blue and/or green key behind it.`,
      Schema.object('One alias and its keys.', {
        name: Schema.string('Name of the key: the alias is alias/byok-<name>-<environmentSuffix>. 1-20 lowercase letters, digits and inner hyphens.', {
          maxLength: 20, minLength: 1, pattern: KEY_NAME_PATTERN,
          rules: [{ rule: `self.matches('${KEY_NAME_PATTERN}')`, message: 'keys[].name must be 1-20 lowercase letters, digits and inner hyphens (it is part of the alias and alarm names)' }],
        }),
        description: Schema.string('What the key protects (stored on both keys).', { maxLength: 256, default: 'BYOK key with imported material' }),
        services: Schema.array(`AWS services through which the account's principals may use the key (kms:ViaService), at most ${MAX_KEY_SERVICES}.`,
          Schema.string('A service.', { enum: EXTERNAL_KEY_SERVICES }), { minItems: 1, maxItems: MAX_KEY_SERVICES, listType: 'set' }),
        blue: colorSchema('blue'),
        green: colorSchema('green'),
      }, {
        required: ['name', 'services'],
        rules: [
          { rule: 'has(self.blue) || has(self.green)', message: 'each key entry needs a blue or a green key (or both while the alias moves)' },
          {
            rule: '(has(self.blue) && has(self.blue.aliased)) != (has(self.green) && has(self.green.aliased))',
            message: 'exactly one present key of the entry (blue or green) must carry aliased: true',
          },
        ],
      }),
      {
        maxItems: MAX_EXTERNAL_KEYS, default: [], listType: 'atomic',
        rules: [
          { rule: `size(self) <= ${MAX_EXTERNAL_KEYS}`, message: `at most ${MAX_EXTERNAL_KEYS} BYOK keys (one slot each)` },
          { rule: 'self.all(k, self.exists_one(o, o.name == k.name))', message: 'keys[].name must be unique (it names the alias)' },
        ],
      }));
    this.parameter('materialExpiryWarningDays', Schema.integer('Days before imported material expires at which the alarm notifies the alert topic.', {
      minimum: 1, maximum: 365, default: DEFAULT_EXPIRY_WARNING_DAYS,
    }));

    for (let i = 0; i < MAX_EXTERNAL_KEYS; i++) this.slot(keys.item(i), i);

    // Expiry of imported material and deletion of a key (KMS events), and the API calls that make a key
    // unusable (CloudTrail), into the alert path. Rule names match the alert topic's aws:SourceArn
    // (zta-*-<suffix>, compositions/kernel/aws-names.ts anySecurityEventRule).
    this.eventRule('keyLifecycle', 'Imported key material expired or a KMS key was deleted', eventPatternJson(keyLifecyclePattern()));
    this.eventRule('keyTampering', 'Imported key material deleted, or a KMS key disabled or scheduled for deletion', eventPatternJson(keyTamperingPattern()));
  }

  private slot(entry: ParameterRef, i: number): void {
    const at = `spec.parameters.keys[${i}]`;
    const services = Array.from({ length: MAX_KEY_SERVICES }, (_, k) => param(`keys[${i}].services[${k}]`));
    for (const color of KEY_COLORS) {
      const name = `byok${i}${cap(color)}`;
      // The policy lists exactly the entry's services: one Combine per list length, the longest present wins.
      const policyPatches: Patch[] = services.map((_, k) => {
        const patch = tokenPatch('spec.forProvider.policy', externalKeyPolicy(services.slice(0, k + 1)).toString());
        const { policy: _required, ...optional } = patch;
        return k === 0 ? patch : optional;
      });
      new ComposedResource(this, {
        name,
        kind: ExternalKey,
        forProvider: {
          keyUsage: 'ENCRYPT_DECRYPT',
          keySpec: 'SYMMETRIC_DEFAULT',
          deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
          multiRegion: false,
          bypassPolicyLockoutSafetyCheck: false,
          // key-purpose puts the key under the baseline SCP's key statement (DenyBaselineKeyDestruction), which
          // carries the BYOK denies too; key-origin says which keys the import guardrails are about.
          tags: { [KEY_PURPOSE_TAG]: BYOK_KEY_PURPOSE, [KEY_ORIGIN_TAG]: 'EXTERNAL', 'zerotrust.io/key-slot': `${i}-${color}` },
        },
        patches: [
          ...policyPatches,
          fromComposite(`${at}.description`, 'spec.forProvider.description'),
          fromComposite(`${at}.${color}.rotationDue`, `spec.forProvider.tags[${ROTATION_DUE_TAG}]`, { required: true }),
          fromComposite(`${at}.${color}.aliased`, `spec.forProvider.tags[${ALIAS_TARGET_TAG}]`, { transforms: [Transforms.convert('string')] }),
        ],
      })
        .publish(`keys.k${i}.${color}.keyId`, 'status.atProvider.id', Schema.string(`Key id of the ${color} key of slot ${i}.`, { maxLength: MaxLength.kmsKeyId }))
        .publish(`keys.k${i}.${color}.keyArn`, 'status.atProvider.arn', Schema.arn(`ARN of the ${color} key of slot ${i}.`))
        .publish(`keys.k${i}.${color}.keyState`, 'status.atProvider.keyState', Schema.string(`State of the ${color} key of slot ${i}: PendingImport until the material is imported, then Enabled; PendingDeletion once removed.`, { maxLength: 32 }))
        .publish(`keys.k${i}.${color}.expirationModel`, 'status.atProvider.expirationModel', Schema.string(`KEY_MATERIAL_EXPIRES once material is imported (the key policy refuses material that never expires).`, { maxLength: 32 }))
        .publish(`keys.k${i}.${color}.validTo`, 'status.atProvider.validTo', Schema.string(`When the imported material of the ${color} key of slot ${i} expires (RFC 3339).`, { maxLength: 64 }))
        // Only the key carrying the alias-target tag publishes its id for the alias.
        .publishCombined(`keys.k${i}.aliasTargetKeyId`, ['status.atProvider.id', `spec.forProvider.tags[${ALIAS_TARGET_TAG}]`], '%[1]v',
          Schema.string(`Key id the alias of slot ${i} points at.`, { maxLength: MaxLength.kmsKeyId }))
        .when(Condition.has(entry.field(color)));

      // KMS publishes SecondsUntilKeyMaterialExpiration for keys whose imported material expires:
      // alarm when fewer than materialExpiryWarningDays remain.
      new ComposedResource(this, {
        name: `${name}ExpiryAlarm`,
        kind: MetricAlarmV1Beta2,
        externalName: suffixed(`zta-byok-${param(`keys[${i}].name`)}-${color}-expiry`),
        forProvider: {
          alarmDescription: `Imported key material of the ${color} BYOK key expires soon: rotate it (docs/runbooks/byok-key-rotation.md).`,
          namespace: KMS_METRIC_NAMESPACE,
          metricName: MATERIAL_EXPIRY_METRIC,
          statistic: 'Minimum',
          period: 3600,
          evaluationPeriods: 1,
          comparisonOperator: 'LessThanThreshold',
          // No datapoints while material is pending import.
          treatMissingData: 'notBreaching',
          actionsEnabled: true,
          threshold: DEFAULT_EXPIRY_WARNING_DAYS * SECONDS_PER_DAY,
        },
        patches: [
          fromComposite(`status.keys.k${i}.${color}.keyId`, 'spec.forProvider.dimensions.KeyId', { required: true }),
          fromComposite('spec.parameters.materialExpiryWarningDays', 'spec.forProvider.threshold', { transforms: [Transforms.multiply(SECONDS_PER_DAY)] }),
          fromComposite('spec.parameters.alertTopicArn', 'spec.forProvider.alarmActions[0]', { required: true }),
        ],
      }).when(Condition.has(entry.field(color)));
    }

    // The alias applications use; it follows the key carrying aliased: true (UpdateAlias, no gap).
    new ComposedResource(this, {
      name: `byok${i}Alias`,
      kind: Alias,
      externalName: `alias/${BYOK_ALIAS_PREFIX}-${param(`keys[${i}].name`)}-${Params.environmentSuffix}`,
      forProvider: {},
      patches: [fromComposite(`status.keys.k${i}.aliasTargetKeyId`, 'spec.forProvider.targetKeyId', { required: true })],
    }).publish(`keys.k${i}.alias`, 'metadata.annotations[crossplane.io/external-name]', Schema.string(`Alias of slot ${i} (what applications use).`, { maxLength: 256 }))
      .when(Condition.has(entry));
  }

  private eventRule(key: keyof typeof BYOK_EVENT_RULES, description: string, pattern: string): void {
    const ruleName = `${key}Rule`;
    new ComposedResource(this, {
      name: ruleName,
      kind: Rule,
      externalName: suffixed(`zta-${BYOK_EVENT_RULES[key]}`),
      forProvider: { description, eventBusName: 'default', eventPattern: pattern, state: 'ENABLED' },
    }).publish(`ruleArns.${key}`, 'status.atProvider.arn', Schema.arn(`ARN of the EventBridge rule: ${description}.`));
    new ComposedResource(this, {
      name: `${key}AlertTarget`,
      kind: Target,
      // No roleArn: the alert topic's policy admits this environment's rules (aws:SourceArn).
      forProvider: { ruleSelector: siblingSelector(ruleName), eventBusName: 'default', targetId: 'alert-topic', retryPolicy: { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 185 } },
      patches: [fromComposite('spec.parameters.alertTopicArn', 'spec.forProvider.arn', { required: true })],
    });
    this.deletedBefore(`${key}AlertTarget`, { uses: ruleName, reason: 'DeleteRule fails ("Rule can\'t be deleted since it has targets") while a target remains on the rule' });
  }
}
