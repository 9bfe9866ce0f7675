// The deletion simulation on small hand-built clusters: garbage collection, the Usage webhook and
// replayDeletion, Foreground deletion, the provider's AWS deletes and what AWS refuses or breaks.
import { deleteClaim, type DeletionResult } from '../../../renderer/crossplane/deletion';
import type { RenderOutput } from '../../../renderer/render';
import type { JsonObject } from '../../../renderer/types';
import { LABEL_IN_USE } from '../../../renderer/crossplane/usage';

const XR_UID = 'xr-uid';
const claim: JsonObject = {
  apiVersion: 'example.org/v1', kind: 'Network', metadata: { name: 'net', namespace: 'team', uid: 'claim-uid' },
  spec: { resourceRef: { apiVersion: 'example.org/v1', kind: 'XNetwork', name: 'net-abcde' } },
};
const xr: JsonObject = {
  apiVersion: 'example.org/v1', kind: 'XNetwork', metadata: { name: 'net-abcde', uid: XR_UID, labels: { 'crossplane.io/composite': 'net-abcde' } },
  spec: { compositionRef: { name: 'xnetworks' }, claimRef: { name: 'net', namespace: 'team' } },
};
const owned = (uid = XR_UID, kind = 'XNetwork') => [{ apiVersion: 'example.org/v1', kind, name: 'owner', uid, controller: true, blockOwnerDeletion: true }];

function mr(kind: string, name: string, forProvider: JsonObject, id: string, extra: JsonObject = {}): JsonObject {
  const k = kind.slice(0, kind.indexOf('.'));
  const group = kind.slice(kind.indexOf('.') + 1);
  return {
    apiVersion: `${group}/v1beta1`, kind: k,
    metadata: { name, uid: `${name}-uid`, ownerReferences: owned(), labels: { 'crossplane.io/composite': 'net-abcde' }, annotations: { 'crossplane.io/composition-resource-name': name, 'crossplane.io/external-name': id } },
    spec: { forProvider: { region: 'eu-west-1', ...forProvider }, providerConfigRef: { name: 'default' }, ...extra },
    status: { atProvider: { id, arn: `arn:aws:test:::${id}` } },
  };
}
const vpc = () => mr('VPC.ec2.aws.upbound.io', 'vpc', {}, 'vpc-1');
const subnet = () => mr('Subnet.ec2.aws.upbound.io', 'subnet', { vpcId: 'vpc-1' }, 'subnet-1');

/** The ClusterUsage as the usage controller leaves it: resolved, owned by its user, finalizer. */
function usage(name: string, of: JsonObject, by: JsonObject, replayDeletion = true): JsonObject {
  const ref = (o: JsonObject) => ({ apiVersion: o.apiVersion, kind: o.kind, resourceRef: { name: (o.metadata as JsonObject).name } });
  return {
    apiVersion: 'protection.crossplane.io/v1beta1', kind: 'ClusterUsage',
    metadata: {
      name, uid: `${name}-uid`, labels: { 'crossplane.io/composite': 'net-abcde' }, finalizers: ['usage.apiextensions.crossplane.io'],
      annotations: { 'crossplane.io/composition-resource-name': name },
      ownerReferences: [...owned(), { apiVersion: by.apiVersion, kind: by.kind, name: (by.metadata as JsonObject).name, uid: (by.metadata as JsonObject).uid }],
    },
    spec: { of: ref(of), by: ref(by), reason: 'test', replayDeletion },
  };
}
function inUse(o: JsonObject): JsonObject {
  (o.metadata as JsonObject).labels = { ...((o.metadata as JsonObject).labels as JsonObject), [LABEL_IN_USE]: 'true' };
  return o;
}

const rendered = (resources: JsonObject[], withClaim = true): RenderOutput => ({
  ...(withClaim ? { claim: JSON.parse(JSON.stringify(claim)) as JsonObject } : {}),
  composite: JSON.parse(JSON.stringify(xr)) as JsonObject, resources, passes: 1, converged: true, readyAtPass: {}, results: [], problems: [],
});
const goneAt = (r: DeletionResult, resource: string) => r.order.find((d) => d.resource === resource)!.goneAt;
const events = (r: DeletionResult, resource: string) => r.steps.filter((s) => s.resource === resource).map((s) => `${s.wave} ${s.event} ${s.actor}`);

describe('without a Usage, AWS decides the order', () => {
  test('DeleteVpc is refused while the subnet exists and retried by the provider; the refusal is a problem', () => {
    // Both are deleted in the same wave; in reverse name order the VPC's delete reaches AWS first.
    expect(deleteClaim(rendered([subnet(), vpc()])).problems).toEqual([]);
    const r = deleteClaim(rendered([subnet(), vpc()]), { withinWave: 'reverse' });
    expect(r.complete).toBe(true);
    expect(events(r, 'vpc')).toEqual([
      '2 delete-requested garbage collector', '2 aws-refused provider', '3 aws-delete provider', '3 gone provider',
    ]);
    expect(r.problems).toEqual([{
      kind: 'aws-refused', object: 'VPC/vpc (vpc)', rule: 'vpc-contents', user: 'Subnet/subnet',
      message: 'AWS refused the delete: DeleteVpc fails with DependencyViolation while the VPC has subnets, non-main route tables, non-default security groups, endpoints or attachments (Subnet/subnet still exists) [vpc-contents]',
    }]);
  });

  test('a delivery destination deleted before its user is reported as broken (the delete itself succeeds)', () => {
    const bucket = mr('Bucket.s3.aws.upbound.io', 'bucket', {}, 'logs-bucket');
    const trail = mr('Trail.cloudtrail.aws.upbound.io', 'trail', { s3BucketName: 'logs-bucket' }, 'trail-1');
    const r = deleteClaim(rendered([bucket, trail]));
    expect(r.problems.map((p) => [p.kind, p.rule, p.object])).toEqual([['aws-broken', 'trail-bucket', 'Bucket/bucket (bucket)']]);
    expect(goneAt(r, 'bucket')).toBe(goneAt(r, 'trail'));
    // Processed the other way round within the wave, nothing breaks: concurrency decides, which is the problem.
    expect(deleteClaim(rendered([bucket, trail]), { withinWave: 'reverse' }).problems).toEqual([]);
  });

  test('a user kept in AWS (management policies without Delete) leaves what it names dangling: reported as retained-dangling, whatever the order', () => {
    const bucket = mr('Bucket.s3.aws.upbound.io', 'bucket', {}, 'logs-bucket');
    const kept = { managementPolicies: ['Observe', 'Create', 'Update', 'LateInitialize'], deletionPolicy: 'Delete' };
    const trail = mr('Trail.cloudtrail.aws.upbound.io', 'trail', { s3BucketName: 'logs-bucket' }, 'trail-1', kept);
    for (const withinWave of ['name', 'reverse'] as const) {
      const r = deleteClaim(rendered([bucket, trail]), { withinWave });
      expect(r.complete).toBe(true);
      expect(r.problems.map((p) => [p.kind, p.rule, p.object])).toEqual([['retained-dangling', 'trail-bucket', 'Bucket/bucket (bucket)']]);
      expect(r.problems[0]!.message).toMatch(/is kept in AWS and names it/);
      expect(events(r, 'trail')).not.toContainEqual(expect.stringMatching(/aws-delete/));
    }
  });
});

describe('with a ClusterUsage, Crossplane decides the order', () => {
  const scenario = (replayDeletion = true) => {
    const v = inUse(vpc());
    const s = subnet();
    return rendered([v, s, usage('subnetUsesVpc', v, s, replayDeletion)]);
  };

  test('the webhook refuses the VPC\'s delete with upstream\'s message until the subnet is gone; the replay deletes it', () => {
    const r = deleteClaim(scenario());
    expect(r.complete).toBe(true);
    expect(r.problems).toEqual([]);
    expect(r.steps.find((s) => s.event === 'delete-refused')).toEqual({
      wave: 2, event: 'delete-refused', object: 'VPC/vpc', resource: 'vpc', actor: 'garbage collector',
      detail: 'This resource is in-use by 1 usage(s), including the *v1beta1.ClusterUsage "subnetUsesVpc" by resource Subnet/subnet.',
    });
    expect(events(r, 'subnet')).toEqual(['2 delete-requested garbage collector', '2 aws-delete provider', '2 gone provider']);
    // The Usage outlives the XR (its owner is the subnet), then goes: label removed, deletion replayed.
    expect(events(r, 'subnetUsesVpc')).toEqual(['3 delete-requested garbage collector', '3 gone usage controller']);
    expect(events(r, 'vpc').slice(-3)).toEqual(['4 delete-requested usage controller (replayDeletion)', '4 aws-delete provider', '4 gone provider']);
    expect(goneAt(r, 'vpc')).toBeGreaterThan(goneAt(r, 'subnet'));
    // Background: the claim deletes its XR and goes at once; the XR drops its finalizer and goes too.
    expect(r.steps.filter((s) => !s.resource).map((s) => `${s.wave} ${s.event} ${s.object} ${s.actor}`)).toEqual([
      '0 delete-requested Network/net user', '1 delete-requested XNetwork/net-abcde claim controller', '1 gone Network/net claim controller',
      '1 gone XNetwork/net-abcde composite controller',
    ]);
    // Same result whatever order the concurrent reconciles take.
    expect(deleteClaim(scenario(), { withinWave: 'reverse' }).order.map((d) => [d.resource, d.goneAt])).toEqual(r.order.map((d) => [d.resource, d.goneAt]));
  });

  test('without replayDeletion the VPC waits for the garbage collector\'s backoff', () => {
    const r = deleteClaim(scenario(false));
    expect(r.problems).toEqual([]);
    const accepted = r.steps.find((s) => s.resource === 'vpc' && s.event === 'delete-requested')!;
    expect(accepted.actor).toBe('garbage collector');
    expect(goneAt(r, 'vpc')).toBeGreaterThan(goneAt(deleteClaim(scenario()), 'vpc'));
    // Refused at wave 2, retried after 1 wave (still in use: the Usage is only being deleted), then after 2 more.
    expect(events(r, 'vpc')).toEqual([
      '2 delete-refused garbage collector', '3 delete-refused garbage collector', '5 delete-requested garbage collector', '5 aws-delete provider', '5 gone provider',
    ]);
  });

  test('Foreground: the XR stays until its blocking dependents are gone; the Usage drops its reference to the XR instead of blocking it', () => {
    const r = deleteClaim(scenario(), { policy: 'Foreground' });
    expect(r.complete).toBe(true);
    expect(r.problems).toEqual([]);
    const xrGone = r.order.find((d) => d.object === 'XNetwork/net-abcde')!.goneAt;
    const claimGone = r.order.find((d) => d.object === 'Network/net')!.goneAt;
    expect(xrGone).toBeGreaterThan(goneAt(r, 'vpc') - 1);
    expect(claimGone).toBeGreaterThanOrEqual(xrGone);
    expect(goneAt(r, 'vpc')).toBeGreaterThan(goneAt(r, 'subnet'));
    expect(r.steps.filter((s) => s.object === 'XNetwork/net-abcde').map((s) => `${s.event} ${s.actor} ${s.detail ?? ''}`.trim())).toContain('delete-requested claim controller propagationPolicy Foreground');
  });
});

describe('what the provider does not delete, and what never goes', () => {
  test('observe-only and Orphan resources leave the cluster without an AWS delete', () => {
    const observed = mr('TransitGateway.ec2.aws.upbound.io', 'tgw', {}, 'tgw-1', { managementPolicies: ['Observe'] });
    const orphan = mr('Bucket.s3.aws.upbound.io', 'kept', {}, 'kept-bucket', { deletionPolicy: 'Orphan' });
    const r = deleteClaim(rendered([observed, orphan]));
    expect(r.order.filter((d) => d.resource).map((d) => [d.resource, d.awsDeletedAt])).toEqual([['kept', undefined], ['tgw', undefined]]);
  });

  test('a ProviderConfig keeps its in-use finalizer until the last managed resource using it is gone', () => {
    const pc: JsonObject = {
      apiVersion: 'tf.upbound.io/v1beta1', kind: 'ProviderConfig',
      metadata: { name: 'tf-pc', uid: 'pc-uid', ownerReferences: owned(), annotations: { 'crossplane.io/composition-resource-name': 'pc' } }, spec: {},
    };
    const ws = mr('Workspace.tf.upbound.io', 'workspace', {}, 'ws', { providerConfigRef: { name: 'tf-pc' } });
    const v = inUse(vpc());
    const r = deleteClaim(rendered([pc, ws, v, usage('workspaceUsesVpc', v, ws)]));
    expect(goneAt(r, 'pc')).toBeGreaterThanOrEqual(goneAt(r, 'workspace'));
  });

  test('a Usage whose user never goes keeps the used resource: reported as stuck, not silently dropped', () => {
    const v = inUse(vpc());
    const outsider: JsonObject = { apiVersion: 'ec2.aws.upbound.io/v1beta1', kind: 'Subnet', metadata: { name: 'outsider', uid: 'outsider-uid' }, spec: { forProvider: {} } };
    const r = deleteClaim(rendered([v, usage('outsiderUsesVpc', v, outsider), outsider]), { maxWaves: 30 });
    expect(r.complete).toBe(false);
    expect(r.problems.filter((p) => p.kind === 'stuck').map((p) => p.object)).toEqual(
      expect.arrayContaining(['VPC/vpc (vpc)', 'ClusterUsage/outsiderUsesVpc (outsiderUsesVpc)']),
    );
    expect(r.problems.find((p) => p.object === 'VPC/vpc (vpc)')!.message).toMatch(/never deleted; \d+ DELETE\(s\) refused by the Usage webhook/);
  });

  test('deleting an XR without a claim: the user deletes the XR with the given policy', () => {
    const r = deleteClaim(rendered([vpc()], false));
    expect(r.steps[0]).toMatchObject({ wave: 0, event: 'delete-requested', object: 'XNetwork/net-abcde', actor: 'user' });
    expect(r.complete).toBe(true);
  });
});
