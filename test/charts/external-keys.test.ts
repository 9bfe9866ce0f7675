// XExternalKeys rendered from a BYOK composite: keys created without material, the alias following
// the key marked aliased, one material-expiry alarm per key, EventBridge rules matching the KMS
// events, a key policy that refuses non-expiring material, and no key material anywhere.
import { App } from 'cdk8s';
import { ALIAS_TARGET_TAG, ExternalKeysChart, MATERIAL_EXPIRY_METRIC, ROTATION_DUE_TAG } from '../../charts/external-keys';
import { matchesEventPattern, type EventPattern } from '../../compositions/policy/event-pattern';
import { KEY_ORIGIN_TAG } from '../../compositions/blocks/organization/guardrail-actions';
import type { RenderOutput } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';
import { Validator, formatProblem } from '../../validator/validate';
import { simulate, type SimulationCase } from '../support/iam-simulator';
import { composed, forProviderOf, renderCharts, renderedPolicy } from '../support/render-chart';
import { loadYaml, renderExample } from '../support/render-example';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:zta-security-alarms-dev`;
const build = (app: App) => [new ExternalKeysChart(app, 'external-keys')];
function xr(keys: JsonObject[], extra: JsonObject = {}): JsonObject {
  return {
    apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XExternalKeys', metadata: { name: 'byok' },
    spec: { parameters: { accountId: ACCOUNT, region: REGION, environmentSuffix: 'dev', alertTopicArn: TOPIC, keys, ...extra } },
  };
}
const PAYMENTS = { name: 'payments', services: ['s3', 'rds'], blue: { rotationDue: '2027-06-30', aliased: true } };
const LEDGER_ON_GREEN = { name: 'ledger', services: ['dynamodb'], blue: { rotationDue: '2027-01-31' }, green: { rotationDue: '2027-12-31', aliased: true } };
const out = renderCharts(build, xr([PAYMENTS, LEDGER_ON_GREEN]));
const status = out.composite.status as JsonObject;
const slot = (o: RenderOutput, i: number) => ((o.composite.status as JsonObject).keys as JsonObject)[`k${i}`] as JsonObject;
const keyIdOf = (o: RenderOutput, i: number, color: string) => String((slot(o, i)[color] as JsonObject).keyId);
const tagsOf = (r: JsonObject) => forProviderOf(r).tags as Record<string, string>;

describe('BYOK keys', () => {
  test('render to convergence with no problem, one ExternalKey per present color', () => {
    expect(out.problems).toEqual([]);
    expect(out.converged).toBe(true);
    expect(out.resources.filter((r) => r.kind === 'ExternalKey').map((r) => ((r.metadata as JsonObject).annotations as JsonObject)['crossplane.io/composition-resource-name']).sort())
      .toEqual(['byok0Blue', 'byok1Blue', 'byok1Green']);
  });

  test('are created without material: origin EXTERNAL, symmetric, 7-day deletion window, tagged for the guardrail and the rotation date', () => {
    const key = forProviderOf(composed(out, 'byok0Blue'));
    expect(key).toEqual(expect.objectContaining({ keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', deletionWindowInDays: 7, multiRegion: false, bypassPolicyLockoutSafetyCheck: false }));
    expect(key).not.toHaveProperty('keyMaterialBase64SecretRef');
    expect(key).not.toHaveProperty('validTo');
    // Keys pending import can only be disabled: the composition never sets `enabled`.
    expect(key).not.toHaveProperty('enabled');
    expect(tagsOf(composed(out, 'byok0Blue'))).toEqual(expect.objectContaining({ [KEY_ORIGIN_TAG]: 'EXTERNAL', [ROTATION_DUE_TAG]: '2027-06-30', [ALIAS_TARGET_TAG]: 'true' }));
    expect(tagsOf(composed(out, 'byok1Blue'))).not.toHaveProperty([ALIAS_TARGET_TAG]);
  });

  test('the alias applications use points at the key marked aliased, and moves with the mark', () => {
    expect(forProviderOf(composed(out, 'byok0Alias')).targetKeyId).toBe(keyIdOf(out, 0, 'blue'));
    expect(forProviderOf(composed(out, 'byok1Alias')).targetKeyId).toBe(keyIdOf(out, 1, 'green'));
    expect(slot(out, 1).alias).toBe('alias/byok-ledger-dev');
    const switched = renderCharts(build, xr([PAYMENTS, { ...LEDGER_ON_GREEN, blue: { rotationDue: '2027-01-31', aliased: true }, green: { rotationDue: '2027-12-31' } }]));
    expect(switched.problems).toEqual([]);
    expect(forProviderOf(composed(switched, 'byok1Alias')).targetKeyId).toBe(keyIdOf(switched, 1, 'blue'));
    // Same alias object (UpdateAlias, not delete and create).
    expect((composed(switched, 'byok1Alias').metadata as JsonObject).name).toBe((composed(out, 'byok1Alias').metadata as JsonObject).name);
  });

  test('the claim status shows each key\'s state, material expiry and the alias', () => {
    const template = new ExternalKeysChart(new App(), 'x').resources.find((r) => r.name === 'byok0Blue')!.toTemplate('externalKeys');
    const published = (template.patches ?? []).filter((p) => p.type === 'ToCompositeFieldPath').map((p) => [p.fromFieldPath, p.toFieldPath]);
    expect(published).toEqual(expect.arrayContaining([
      ['status.atProvider.keyState', 'status.keys.k0.blue.keyState'],
      ['status.atProvider.expirationModel', 'status.keys.k0.blue.expirationModel'],
      ['status.atProvider.validTo', 'status.keys.k0.blue.validTo'],
    ]));
    expect(status.keys).toEqual(expect.objectContaining({ k0: expect.objectContaining({ alias: 'alias/byok-payments-dev', blue: expect.objectContaining({ keyArn: expect.stringMatching(/^arn:aws:kms:eu-west-1:111122223333:key\//) }) }) }));
  });

  test('an empty key list composes only the event rules', () => {
    const none = renderCharts(build, xr([]));
    expect(none.problems).toEqual([]);
    expect([...new Set(none.resources.map((r) => r.kind))].sort()).toEqual(['ClusterUsage', 'Rule', 'Target']);
  });
});

describe('no key material ever appears in a rendered object or the API', () => {
  const MATERIAL = /keyMaterial|importToken|wrappedKey|plaintext|privateKey/i;
  function materialFields(value: unknown, path = ''): string[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => materialFields(v, `${path}[${i}]`));
    if (value === null || typeof value !== 'object') return [];
    return Object.entries(value).flatMap(([k, v]) => [...(MATERIAL.test(k) && v !== undefined && v !== '' ? [`${path}.${k}`] : []), ...materialFields(v, `${path}.${k}`)]);
  }
  test('no composed resource or composite carries a key-material field', () => {
    expect([out.composite, ...out.resources].flatMap((r) => materialFields(r, String(r.kind)))).toEqual([]);
  });
  test('the XRD offers no such parameter', () => {
    const xrd = new ExternalKeysChart(new App(), 'x').toJson().find((o: JsonObject) => o.kind === 'CompositeResourceDefinition');
    expect(materialFields((xrd.spec as JsonObject).versions)).toEqual([]);
  });
  test('the check can fail: a key with a material Secret is found', () => {
    expect(materialFields({ spec: { forProvider: { keyMaterialBase64SecretRef: { name: 's', key: 'k', namespace: 'n' } } } })).toEqual(['.spec.forProvider.keyMaterialBase64SecretRef']);
  });
});

describe('material-expiry alarms', () => {
  test.each([['byok0Blue', 0, 'blue'], ['byok1Blue', 1, 'blue'], ['byok1Green', 1, 'green']] as const)('%s: SecondsUntilKeyMaterialExpiration of exactly that key, below 30 days, into the alert topic', (name, i, color) => {
    const alarm = forProviderOf(composed(out, `${name}ExpiryAlarm`));
    expect(alarm).toEqual(expect.objectContaining({
      namespace: 'AWS/KMS', metricName: MATERIAL_EXPIRY_METRIC, dimensions: { KeyId: keyIdOf(out, i, color) },
      comparisonOperator: 'LessThanThreshold', threshold: 30 * 86400, alarmActions: [TOPIC], actionsEnabled: true,
    }));
  });
  test('the warning period is a parameter', () => {
    const early = renderCharts(build, xr([PAYMENTS], { materialExpiryWarningDays: 60 }));
    expect(forProviderOf(composed(early, 'byok0BlueExpiryAlarm')).threshold).toBe(60 * 86400);
  });
});

describe('EventBridge rules fire on the KMS events of the BYOK life cycle', () => {
  const pattern = (name: string) => JSON.parse(String(forProviderOf(composed(out, name)).eventPattern)) as EventPattern;
  const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const kmsEvent = (detailType: string, detail: JsonObject) => ({ version: '0', id: 'e', 'detail-type': detailType, source: 'aws.kms', account: ACCOUNT, time: '2027-06-30T00:00:00Z', region: REGION, resources: [keyArn], detail });
  // Samples from https://docs.aws.amazon.com/kms/latest/developerguide/kms-events.html
  const expiry = kmsEvent('KMS Imported Key Material Expiration', { 'key-id': '1234abcd-12ab-34cd-56ef-1234567890ab' });
  const deletion = kmsEvent('KMS CMK Deletion', { 'key-id': '1234abcd-12ab-34cd-56ef-1234567890ab' });
  const rotation = kmsEvent('KMS CMK Rotation', { 'key-id': '1234abcd-12ab-34cd-56ef-1234567890ab', 'key-origin': 'EXTERNAL', 'rotation-type': 'ON_DEMAND' });
  const apiCall = (eventName: string) => kmsEvent('AWS API Call via CloudTrail', { eventSource: 'kms.amazonaws.com', eventName, requestParameters: { keyId: keyArn }, userIdentity: { type: 'AssumedRole' } });

  test('the lifecycle rule matches material expiry and key deletion, not a rotation', () => {
    expect(matchesEventPattern(pattern('keyLifecycleRule'), expiry)).toBe(true);
    expect(matchesEventPattern(pattern('keyLifecycleRule'), deletion)).toBe(true);
    expect(matchesEventPattern(pattern('keyLifecycleRule'), rotation)).toBe(false);
  });
  test.each(['DeleteImportedKeyMaterial', 'DisableKey', 'ScheduleKeyDeletion'])('the tampering rule matches %s', (eventName) => {
    expect(matchesEventPattern(pattern('keyTamperingRule'), apiCall(eventName))).toBe(true);
  });
  test('...and not ordinary use or the import itself', () => {
    expect(matchesEventPattern(pattern('keyTamperingRule'), apiCall('Decrypt'))).toBe(false);
    expect(matchesEventPattern(pattern('keyTamperingRule'), apiCall('ImportKeyMaterial'))).toBe(false);
  });
  test('both rules notify the alert topic; their names are admitted by its policy (zta-*-<suffix>)', () => {
    for (const key of ['keyLifecycle', 'keyTampering']) {
      expect(forProviderOf(composed(out, `${key}AlertTarget`)).arn).toBe(TOPIC);
      expect(String((status.ruleArns as JsonObject)[key])).toMatch(/^arn:aws:events:eu-west-1:111122223333:rule\/zta-.*-dev$/);
    }
  });
});

describe('the BYOK key policy, evaluated by the IAM policy simulator', () => {
  const policy = renderedPolicy(composed(out, 'byok0Blue'));
  const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyIdOf(out, 0, 'blue')}`;
  const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const operator = `arn:aws:iam::${ACCOUNT}:role/zta-break-glass-dev`;
  const call = (action: string, context: Record<string, string>): SimulationCase => ({
    principal: operator, action, resource: keyArn, resourceAccount: ACCOUNT, resourcePolicy: policy, identityPolicies: [ADMIN],
    context: { 'aws:PrincipalArn': operator, ...context },
  });

  test('imported material must expire: KEY_MATERIAL_DOES_NOT_EXPIRE is refused even to an administrator', async () => {
    expect((await simulate(call('kms:ImportKeyMaterial', { 'kms:ExpirationModel': 'KEY_MATERIAL_EXPIRES' }))).result).toBe('Allowed');
    expect((await simulate(call('kms:ImportKeyMaterial', { 'kms:ExpirationModel': 'KEY_MATERIAL_DOES_NOT_EXPIRE' }))).result).toBe('ExplicitlyDenied');
  });
  test('the import parameters and on-demand rotation are the administrator\'s', async () => {
    expect((await simulate(call('kms:GetParametersForImport', {}))).result).toBe('Allowed');
    expect((await simulate(call('kms:RotateKeyOnDemand', {}))).result).toBe('Allowed');
  });
  test('principals of the account use the key only through the listed services (s3, rds), never directly', async () => {
    const ctx = (service?: string) => ({ 'kms:CallerAccount': ACCOUNT, ...(service ? { 'kms:ViaService': `${service}.${REGION}.amazonaws.com` } : {}) });
    expect((await simulate(call('kms:GenerateDataKey', ctx('s3')))).result).toBe('Allowed');
    expect((await simulate(call('kms:Decrypt', ctx('rds')))).result).toBe('Allowed');
    expect((await simulate(call('kms:Decrypt', ctx('dynamodb')))).result).not.toBe('Allowed');
    expect((await simulate(call('kms:Decrypt', ctx()))).result).not.toBe('Allowed');
  });
  test('the policy lists exactly the entry\'s services', () => {
    const viaServices = (name: string) => JSON.stringify(renderedPolicy(composed(out, name))).match(/"kms:ViaService":\[?[^\]}]*/)?.[0];
    expect(viaServices('byok0Blue')).toBe('"kms:ViaService":["s3.eu-west-1.amazonaws.com","rds.eu-west-1.amazonaws.com"');
    expect(viaServices('byok1Green')).toBe('"kms:ViaService":"dynamodb.eu-west-1.amazonaws.com"');
  });
});

describe('bad input is refused with a message naming the field', () => {
  const validator = new Validator();
  for (const x of new ExternalKeysChart(new App(), 'x').toJson().filter((o: JsonObject) => o.kind === 'CompositeResourceDefinition')) validator.addXrd(x);
  const problems = (keys: JsonObject[]) => validator.validate(xr(keys)).map((p) => formatProblem(p));
  test('the example entries are valid', () => {
    expect(problems([PAYMENTS, LEDGER_ON_GREEN])).toEqual([]);
  });
  test.each([
    ['no aliased key', [{ ...PAYMENTS, blue: { rotationDue: '2027-06-30' } }], 'exactly one present key of the entry (blue or green) must carry aliased: true'],
    ['two aliased keys', [{ ...LEDGER_ON_GREEN, blue: { rotationDue: '2027-01-31', aliased: true } }], 'exactly one present key of the entry'],
    ['no key at all', [{ name: 'x', services: ['s3'] }], 'each key entry needs a blue or a green key'],
    ['aliased: false', [{ ...PAYMENTS, blue: { rotationDue: '2027-06-30', aliased: false } }], 'aliased is only ever true'],
    ['a malformed rotation date', [{ ...PAYMENTS, blue: { rotationDue: '30.06.2027', aliased: true } }], 'rotationDue must be a date YYYY-MM-DD'],
    ['an unknown service', [{ ...PAYMENTS, services: ['s3', 'iam'] }], 'must be one of'],
    ['a duplicate name', [PAYMENTS, PAYMENTS], 'keys[].name must be unique'],
    ['five keys', ['a', 'b', 'c', 'd', 'e'].map((name) => ({ ...PAYMENTS, name })), 'must NOT have more than 4 items'],
    ['an upper-case name', [{ ...PAYMENTS, name: 'Payments' }], 'keys[].name must be 1-20 lowercase letters'],
  ])('%s', (_what, keys, message) => {
    expect(problems(keys).some((p) => p.includes('.spec.parameters.keys') && p.includes(message))).toBe(true);
  });
});

describe.each(['dev-claim', 'prod-claim'] as const)('%s rendered through dist/: BYOK, backup and no key material', (name) => {
  const full = () => renderExample(name);
  const byKind = (kind: string) => full().resources.filter((r) => r.kind === kind);
  const component = (r: JsonObject) => String(((r.metadata as JsonObject).annotations as JsonObject)['crossplane.io/composition-resource-name']);

  test('every BYOK key of the claim exists, without material, with exactly one expiry alarm on its own key id', () => {
    const claimKeys = (((loadYaml(`examples/claims/${name === 'dev-claim' ? 'payments-dev/payments-dev' : 'payments-prod/payments-prod'}.yaml`).spec as JsonObject).parameters as JsonObject).externalKeys as JsonObject).keys as JsonObject[];
    const colors = claimKeys.flatMap((k, i) => ['blue', 'green'].filter((c) => k[c]).map((c) => `byok${i}${c[0]!.toUpperCase()}${c.slice(1)}`));
    const keys = byKind('ExternalKey');
    expect(keys.map(component).sort()).toEqual([...colors].sort());
    const alarms = byKind('MetricAlarm').filter((a) => forProviderOf(a).metricName === MATERIAL_EXPIRY_METRIC);
    expect(alarms.map(component).sort()).toEqual(colors.map((c) => `${c}ExpiryAlarm`).sort());
    for (const key of keys) {
      const id = String(((key.status as JsonObject).atProvider as JsonObject).id);
      expect(alarms.filter((a) => (forProviderOf(a).dimensions as JsonObject).KeyId === id)).toHaveLength(1);
    }
    const status = (full().claim!.status as JsonObject).externalKeys as JsonObject;
    expect(Object.keys(status.keys as JsonObject)).toHaveLength(claimKeys.length);
  });

  test('no rendered object (claim status included) carries a key-material field with a value', () => {
    const MATERIAL = /keyMaterial|importToken|wrappedKey|plaintext|privateKey/i;
    const found: string[] = [];
    const walk = (v: unknown, p: string): void => {
      if (Array.isArray(v)) v.forEach((e, i) => walk(e, `${p}[${i}]`));
      else if (v !== null && typeof v === 'object') for (const [k, e] of Object.entries(v)) { if (MATERIAL.test(k) && e !== undefined && e !== '') found.push(`${p}.${k}`); walk(e, `${p}.${k}`); }
    };
    for (const r of [full().claim!, ...full().resources]) walk(r, `${r.kind}/${(r.metadata as JsonObject).name}`);
    expect(found).toEqual([]);
  });

  test('the backup vault, its lock, policy, plan, selection and framework are composed and Ready', () => {
    for (const kind of ['Vault', 'VaultLockConfiguration', 'VaultPolicy', 'VaultNotifications', 'Plan', 'Selection', 'Framework']) expect(byKind(kind)).toHaveLength(1);
    expect(((full().claim!.status as JsonObject).backup as JsonObject).vaultName).toBe(name === 'dev-claim' ? 'zta-backup-dev' : 'zta-backup-prod');
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('external-keys'), () => expect(synthChart('external-keys')).toMatchSnapshot());
