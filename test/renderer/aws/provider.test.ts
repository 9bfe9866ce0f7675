import type { JsonObject } from '../../../renderer/types';
import { type ClusterView, SimulatedProvider, loadReferenceMap } from '../../../renderer/aws/provider';
import { join } from 'node:path';
import { KIND_FORMATS, kindFormat } from '../../../renderer/aws/arn-formats';
import identifierExamples from '../../fixtures/renderer/identifier-examples.json';

// The full upstream map (shared/ sits beside the project), not the project's pruned copy.
const references = loadReferenceMap(join(__dirname, '..', '..', '..', '..', 'shared', 'crds', 'references.json'));
const provider = new SimulatedProvider({ references, accountId: '111122223333', region: 'us-east-1' });

function view(...objs: JsonObject[]): ClusterView {
  return {
    list: (kind) => objs
      .filter((o) => `${String(o.kind)}.${String(o.apiVersion).split('/')[0]}` === kind)
      .sort((a, b) => name(a).localeCompare(name(b))),
  };
}
const name = (o: JsonObject) => String((o.metadata as JsonObject).name);
const owner = (uid: string) => [{ apiVersion: 'test.zta.example.org/v1alpha1', kind: 'XKeyedBucket', name: `xr-${uid}`, uid, controller: true }];

function mr(apiVersion: string, kind: string, n: string, forProvider: JsonObject = {}, meta: JsonObject = {}): JsonObject {
  return { apiVersion, kind, metadata: { name: n, ownerReferences: owner('xr-1'), ...meta }, spec: { forProvider: { region: 'us-east-1', ...forProvider } } };
}
const key = (n: string, meta: JsonObject = {}) => mr('kms.aws.upbound.io/v1beta1', 'Key', n, { description: 'k' }, meta);
const alias = (forProvider: JsonObject) => mr('kms.aws.upbound.io/v1beta1', 'Alias', 'my-alias', forProvider, { annotations: { 'crossplane.io/external-name': 'alias/my-alias' } });

/** A resource as the provider leaves it after it was created (external name + status). */
function created(o: JsonObject): JsonObject {
  return provider.reconcile(o, view()).resource;
}
const atProvider = (o: JsonObject) => (o.status as JsonObject).atProvider as JsonObject;
const annotations = (o: JsonObject) => (o.metadata as JsonObject).annotations as Record<string, string>;
const conditions = (o: JsonObject) => (o.status as JsonObject).conditions as JsonObject[];

describe('external name, status.atProvider and ARN formats', () => {
  it('kms Key: a generated key id as external name and id, key ARN, conditions', () => {
    const out = created(key('k1'));
    const id = annotations(out)['crossplane.io/external-name']!;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(atProvider(out)).toEqual({ description: 'k', region: 'us-east-1', id, arn: `arn:aws:kms:us-east-1:111122223333:key/${id}` });
    expect(conditions(out)).toEqual([
      { type: 'Synced', status: 'True', reason: 'ReconcileSuccess', lastTransitionTime: '2024-01-01T00:00:00Z' },
      { type: 'Ready', status: 'True', reason: 'Available', lastTransitionTime: '2024-01-01T00:00:00Z' },
    ]);
    expect(created(key('k1'))).toEqual(out);
    expect(annotations(created(key('k2')))['crossplane.io/external-name']).not.toBe(id);
  });

  it.each([
    ['s3.aws.upbound.io/v1beta2', 'Bucket', 'audit-logs', {}, 'arn:aws:s3:::audit-logs', 'audit-logs'],
    ['iam.aws.upbound.io/v1beta1', 'Role', 'flow-logs', {}, 'arn:aws:iam::111122223333:role/flow-logs', 'flow-logs'],
    ['cloudwatchlogs.aws.upbound.io/v1beta1', 'Group', 'trail-logs', { region: 'eu-west-1' }, 'arn:aws:logs:eu-west-1:111122223333:log-group:trail-logs', 'trail-logs'],
    ['sns.aws.upbound.io/v1beta1', 'Topic', 'alerts', {}, 'arn:aws:sns:us-east-1:111122223333:alerts', 'arn:aws:sns:us-east-1:111122223333:alerts'],
    ['cloudtrail.aws.upbound.io/v1beta1', 'Trail', 'org-trail', {}, 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail', 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail'],
  ])('%s %s uses metadata.name as the AWS name', (apiVersion, kind, n, fp, arn, id) => {
    const out = created(mr(apiVersion, kind, n, fp as JsonObject));
    expect(annotations(out)['crossplane.io/external-name']).toBe(n);
    expect(atProvider(out).arn).toBe(arn);
    expect(atProvider(out).id).toBe(id);
  });

  it('keeps an external name the composition set', () => {
    const out = created(mr('s3.aws.upbound.io/v1beta2', 'Bucket', 'xr-abc123', {}, { annotations: { 'crossplane.io/external-name': 'team-a-logs' } }));
    expect(annotations(out)['crossplane.io/external-name']).toBe('team-a-logs');
    expect(atProvider(out).arn).toBe('arn:aws:s3:::team-a-logs');
  });

  it('kms Alias ARN uses the alias name; SSM parameter ARN has one slash', () => {
    expect(atProvider(created(alias({ targetKeyId: 'x' }))).arn).toBe('arn:aws:kms:us-east-1:111122223333:alias/my-alias');
    const p = created(mr('ssm.aws.upbound.io/v1beta1', 'Parameter', 'p', {}, { annotations: { 'crossplane.io/external-name': '/zta/config' } }));
    expect(atProvider(p).arn).toBe('arn:aws:ssm:us-east-1:111122223333:parameter/zta/config');
  });

  it('echoes only fields the CRD has in status.atProvider, without reference fields', () => {
    const out = created(alias({ targetKeyId: 'abc', targetKeyIdSelector: { matchControllerRef: true } }));
    expect(atProvider(out)).toEqual({ targetKeyId: 'abc', region: 'us-east-1', id: 'alias/my-alias', arn: 'arn:aws:kms:us-east-1:111122223333:alias/my-alias' });
  });

  it('has a format for every kind in the references map', () => {
    for (const kind of Object.keys(references.kinds)) expect(() => kindFormat(kind)).not.toThrow();
    expect(Object.keys(KIND_FORMATS).length).toBeGreaterThanOrEqual(119);
  });

  it('names a kind missing from the table', () => {
    expect(() => kindFormat('Thing.example.aws.upbound.io')).toThrow(
      'no identifier/ARN format for Thing.example.aws.upbound.io in renderer/aws/arn-formats.ts; add the kind to KIND_FORMATS',
    );
    const p = new SimulatedProvider({ references: { kinds: { 'Thing.example.aws.upbound.io': { group: 'example.aws.upbound.io', kind: 'Thing', versions: { v1: { references: [] } } } } }, accountId: '1', region: 'r' });
    const out = p.reconcile(mr('example.aws.upbound.io/v1', 'Thing', 't'), view());
    expect(out.errors).toEqual(['no identifier/ARN format for Thing.example.aws.upbound.io in renderer/aws/arn-formats.ts; add the kind to KIND_FORMATS']);
  });

  it('requires the external name of an observe-only resource', () => {
    const o = { ...key('existing'), spec: { managementPolicies: ['Observe'], forProvider: { region: 'us-east-1' } } };
    const out = provider.reconcile(o, view());
    expect(out.errors).toEqual([
      'Key/existing: managementPolicies [Observe] needs the crossplane.io/external-name annotation set by the composition (the provider only observes an existing resource)',
    ]);
    expect(conditions(out.resource)).toEqual([expect.objectContaining({ type: 'Synced', status: 'False' })]);
  });
});

interface IdentifierExample {
  kind: string;
  apiVersion: string;
  account: string;
  region: string;
  name: string;
  forProvider: JsonObject;
  externalName: string;
  id?: string;
  arn?: string;
  arnEqualsExternalName?: boolean;
  source: string;
}

/** An expected value: an exact string, or /regex/ for the parts AWS generates. */
function expectValue(actual: unknown, expected: string): void {
  const re = /^\/(.*)\/$/.exec(expected);
  if (re) expect(actual).toMatch(new RegExp(re[1]!));
  else expect(actual).toBe(expected);
}

describe('the account a managed resource lives in', () => {
  const security = { apiVersion: 'aws.upbound.io/v1beta1', kind: 'ProviderConfig', metadata: { name: 'zta-organization-security' }, spec: { credentials: { source: 'PodIdentity' }, assumeRoleChain: [{ roleARN: 'arn:aws:iam::555566667777:role/zta-security-provisioning', externalID: 'x1' }] } };
  const topic = (pc?: string) => ({ ...mr('sns.aws.upbound.io/v1beta1', 'Topic', 'alerts', { region: 'eu-west-1' }), ...(pc ? { spec: { forProvider: { region: 'eu-west-1' }, providerConfigRef: { name: pc } } } : {}) });

  it('is the account of the last role its ProviderConfig assumes', () => {
    expect(atProvider(provider.reconcile(topic('zta-organization-security'), view(security)).resource).arn).toBe('arn:aws:sns:eu-west-1:555566667777:alerts');
  });

  it("is the render's account when the ProviderConfig is not in the cluster, or has no assume-role chain", () => {
    const bare = { ...security, metadata: { name: 'bare' }, spec: { credentials: { source: 'PodIdentity' } } };
    expect(atProvider(provider.reconcile(topic('zta-unknown'), view(security)).resource).arn).toBe('arn:aws:sns:eu-west-1:111122223333:alerts');
    expect(atProvider(provider.reconcile(topic('bare'), view(bare)).resource).arn).toBe('arn:aws:sns:eu-west-1:111122223333:alerts');
    expect(atProvider(provider.reconcile(topic(), view(security)).resource).arn).toBe('arn:aws:sns:eu-west-1:111122223333:alerts');
  });
});

describe('identifiers of the kinds added later, against documented examples (test/fixtures/renderer/identifier-examples.json)', () => {
  const cases = (identifierExamples.cases as IdentifierExample[]).map((c) => [`${c.kind} (${c.source})`, c] as const);

  it('covers at least a dozen of the added kinds', () => {
    expect(new Set(cases.map(([, c]) => c.kind)).size).toBeGreaterThanOrEqual(12);
  });

  it.each(cases)('%s', (_, c) => {
    const p = new SimulatedProvider({ references, accountId: c.account, region: c.region });
    // A fixture typo in apiVersion would otherwise test a kind the provider does not look up.
    expect(c.kind.split('.').slice(1).join('.')).toBe(c.apiVersion.split('/')[0]);
    const out = p.reconcile(
      { apiVersion: c.apiVersion, kind: c.kind.split('.')[0]!, metadata: { name: c.name, ownerReferences: owner('xr-1') }, spec: { forProvider: { region: c.region, ...c.forProvider } } },
      view(),
    );
    expect(out.errors).toEqual([]);
    const external = annotations(out.resource)['crossplane.io/external-name']!;
    expectValue(external, c.externalName);
    expect(atProvider(out.resource).id).toBe(c.id === undefined ? external : c.id);
    if (c.arn !== undefined) expectValue(atProvider(out.resource).arn, c.arn);
    if (c.arnEqualsExternalName) expect(atProvider(out.resource).arn).toBe(external);
  });

  it('a forProvider field Terraform needs for the ID keeps the resource pending, naming the field', () => {
    const out = provider.reconcile(mr('inspector2.aws.upbound.io/v1beta1', 'Enabler', 'scan', { accountIds: ['111122223333'] }), view());
    expect(out.errors).toEqual([]);
    expect(out.pending).toEqual(['Enabler.inspector2.aws.upbound.io "scan": spec.forProvider.resourceTypes is not set, so the provider cannot create it']);
  });
});

describe('reference resolution', () => {
  it('matchControllerRef picks the target composed by the same XR', () => {
    const mine = created(key('key-mine'));
    const theirs = created(key('key-theirs', { ownerReferences: owner('xr-2') }));
    const out = provider.reconcile(alias({ targetKeyIdSelector: { matchControllerRef: true } }), view(mine, theirs));
    const fp = (out.resource.spec as JsonObject).forProvider as JsonObject;
    expect(fp.targetKeyId).toBe(annotations(mine)['crossplane.io/external-name']);
    expect(fp.targetKeyIdRef).toEqual({ name: 'key-mine' });
    expect(out.pending).toEqual([]);
    expect(conditions(out.resource).map((c) => `${String(c.type)}=${String(c.status)}`)).toEqual(['Synced=True', 'Ready=True']);
  });

  it('matchLabels selects by label', () => {
    const a = created(key('key-a', { labels: { purpose: 'logs' } }));
    const b = created(key('key-b', { labels: { purpose: 'data' } }));
    const out = provider.reconcile(alias({ targetKeyIdSelector: { matchLabels: { purpose: 'data' } } }), view(a, b));
    expect(((out.resource.spec as JsonObject).forProvider as JsonObject).targetKeyIdRef).toEqual({ name: 'key-b' });
  });

  it('rejects an ambiguous selector with the candidates', () => {
    const a = created(key('key-a'));
    const b = created(key('key-b'));
    const out = provider.reconcile(alias({ targetKeyIdSelector: { matchControllerRef: true } }), view(b, a));
    expect(out.errors).toEqual([
      'Alias/my-alias spec.forProvider.targetKeyIdSelector: selector {matchControllerRef: true} matches 2 Key.kms.aws.upbound.io objects, expected exactly one (candidates: key-a, key-b)',
    ]);
    expect(conditions(out.resource)).toEqual([expect.objectContaining({ type: 'Synced', status: 'False', reason: 'ReconcileError' })]);
  });

  it('reports a selector that matches nothing as pending, naming the candidates', () => {
    const a = created(key('key-a', { labels: { purpose: 'logs' } }));
    const out = provider.reconcile(alias({ targetKeyIdSelector: { matchControllerRef: true, matchLabels: { purpose: 'data' } } }), view(a));
    expect(out.errors).toEqual([]);
    expect(out.pending).toEqual([
      'Alias/my-alias spec.forProvider.targetKeyIdSelector: selector {matchControllerRef: true, matchLabels: {purpose: data}} matches no Key.kms.aws.upbound.io (candidates: key-a)',
    ]);
    expect(conditions(out.resource).find((c) => c.type === 'Ready')).toBeUndefined();
  });

  it('leaves a reference unresolved while the target has no value yet', () => {
    const notCreated = key('key-a');
    const out = provider.reconcile(alias({ targetKeyIdRef: { name: 'key-a' } }), view(notCreated));
    expect(out.pending).toEqual(['Alias/my-alias spec.forProvider.targetKeyIdRef: referenced Key.kms.aws.upbound.io "key-a" has no metadata.annotations[crossplane.io/external-name] yet']);
  });

  it('resolves a *Ref by name and keeps a value that is already set', () => {
    const a = created(key('key-a'));
    const byRef = provider.reconcile(alias({ targetKeyIdRef: { name: 'key-a' } }), view(a));
    expect(((byRef.resource.spec as JsonObject).forProvider as JsonObject).targetKeyId).toBe(annotations(a)['crossplane.io/external-name']);
    const preset = provider.reconcile(alias({ targetKeyId: 'fixed', targetKeyIdRef: { name: 'key-a' } }), view(a));
    expect(((preset.resource.spec as JsonObject).forProvider as JsonObject).targetKeyId).toBe('fixed');
  });

  it('resolves *Refs selectors to every match, in name order', () => {
    const t1 = created(mr('sns.aws.upbound.io/v1beta1', 'Topic', 'b-topic', {}, { labels: { alarm: 'yes' } }));
    const t2 = created(mr('sns.aws.upbound.io/v1beta1', 'Topic', 'a-topic', {}, { labels: { alarm: 'yes' } }));
    const alarm = mr('cloudwatch.aws.upbound.io/v1beta2', 'MetricAlarm', 'alarm', { okActionsSelector: { matchLabels: { alarm: 'yes' } } });
    const out = provider.reconcile(alarm, view(t1, t2));
    const fp = (out.resource.spec as JsonObject).forProvider as JsonObject;
    expect(fp.okActions).toEqual(['arn:aws:sns:us-east-1:111122223333:a-topic', 'arn:aws:sns:us-east-1:111122223333:b-topic']);
    expect(fp.okActionsRefs).toEqual([{ name: 'a-topic' }, { name: 'b-topic' }]);
  });

  it('resolves references inside arrays ([*] paths) with the ARN extractor', () => {
    const k = created(key('key-a'));
    const sse = mr('s3.aws.upbound.io/v1beta2', 'BucketServerSideEncryptionConfiguration', 'sse', {
      bucket: 'b',
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyIdSelector: { matchControllerRef: true } } }],
    });
    const out = provider.reconcile(sse, view(k));
    const rule = (((out.resource.spec as JsonObject).forProvider as JsonObject).rule as JsonObject[])[0]!;
    expect((rule.applyServerSideEncryptionByDefault as JsonObject).kmsMasterKeyId).toBe(atProvider(k).arn);
    expect(annotations(out.resource)['crossplane.io/external-name']).toBe('b');
  });
});

describe('server-side apply keeps what reference resolution wrote (the provider\'s fields, not the composition\'s)', () => {
  const resolved = { targetKeyId: 'key-1', targetKeyIdRef: { name: 'k1' }, targetKeyIdSelector: { matchControllerRef: true } };
  const apply = (applied: JsonObject, existing: JsonObject = resolved): JsonObject => {
    const out = alias(applied);
    provider.keepResolvedReferences(alias(existing), out);
    return (out.spec as JsonObject).forProvider as JsonObject;
  };

  it('a selector without a value keeps the resolved value and Ref', () => {
    expect(apply({ targetKeyIdSelector: { matchControllerRef: true } })).toEqual({ region: 'us-east-1', ...resolved });
  });
  it('a Ref without a value keeps the resolved value, and the composition\'s Ref wins', () => {
    expect(apply({ targetKeyIdRef: { name: 'k2' } })).toEqual({ region: 'us-east-1', targetKeyId: 'key-1', targetKeyIdRef: { name: 'k2' } });
  });
  it('a value the composition sets wins over the resolved one', () => {
    expect(apply({ targetKeyId: 'key-9', targetKeyIdSelector: { matchControllerRef: true } })).toEqual({ region: 'us-east-1', targetKeyId: 'key-9', targetKeyIdRef: { name: 'k1' }, targetKeyIdSelector: { matchControllerRef: true } });
  });
  it('no Ref and no selector: nothing is resolved, nothing kept', () => {
    expect(apply({})).toEqual({ region: 'us-east-1' });
  });
  it('nothing resolved yet: nothing to keep', () => {
    expect(apply({ targetKeyIdSelector: { matchControllerRef: true } }, { targetKeyIdSelector: { matchControllerRef: true } })).toEqual({ region: 'us-east-1', targetKeyIdSelector: { matchControllerRef: true } });
  });
  it('a list reference (Refs) keeps the resolved list', () => {
    const link = (fp: JsonObject) => mr('apigateway.aws.upbound.io/v1beta1', 'VPCLink', 'link', fp);
    const sel = { targetArnSelector: { matchControllerRef: true } };
    const out = link(sel);
    provider.keepResolvedReferences(link({ targetArns: ['arn:a', 'arn:b'], targetArnRefs: [{ name: 'a' }, { name: 'b' }], ...sel }), out);
    expect((out.spec as JsonObject).forProvider).toEqual({ region: 'us-east-1', targetArns: ['arn:a', 'arn:b'], targetArnRefs: [{ name: 'a' }, { name: 'b' }], ...sel });
  });
  it('a reference inside a list is kept element by element, where the element still exists', () => {
    const ep = (fp: JsonObject) => mr('ec2.aws.upbound.io/v1beta1', 'VPCEndpoint', 'ep', fp);
    const sel = { subnetIdSelector: { matchLabels: { az: 'a' } } };
    const out = ep({ subnetConfiguration: [{ ...sel }, { subnetId: 'subnet-own' }] });
    provider.keepResolvedReferences(ep({ subnetConfiguration: [{ subnetId: 'subnet-1', subnetIdRef: { name: 's1' }, ...sel }, { subnetId: 'subnet-own' }, { subnetId: 'subnet-gone', subnetIdRef: { name: 'g' } }] }), out);
    expect((out.spec as JsonObject).forProvider).toEqual({ region: 'us-east-1', subnetConfiguration: [{ subnetId: 'subnet-1', subnetIdRef: { name: 's1' }, ...sel }, { subnetId: 'subnet-own' }] });
  });
});
