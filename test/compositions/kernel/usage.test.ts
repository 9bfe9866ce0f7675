// The deletion-order library: what one DeletionOrder composes, and the mistakes it refuses at synth.
import { App } from 'cdk8s';
import type { Construct } from 'constructs';
import { Key } from '../../../imports/kms.aws.upbound.io';
import { BucketV1Beta2 } from '../../../imports/s3.aws.upbound.io';
import { Trail } from '../../../imports/cloudtrail.aws.upbound.io';
import { ClaimTreeResource, ComposedResource, DeletionOrder, DomainChart, MAX_USAGE_NAME_LENGTH, encryptionKey } from '../../../compositions';
import { Validator, formatProblem } from '../../../validator/validate';
import { scratchChart } from '../../support/scratch-chart';

/** The trail and its bucket, composed by `scope`'s composite. */
const trailAndBucket = (scope: Construct) => ({
  trail: new ComposedResource(scope, { name: 'trail', kind: Trail, forProvider: { s3BucketName: 'b' } }),
  bucket: new ComposedResource(scope, { name: 'logBucket', kind: BucketV1Beta2, forProvider: { forceDestroy: true } }),
});
const { trail, bucket } = trailAndBucket(scratchChart());

describe('DeletionOrder', () => {
  test('a sibling pair: ClusterUsage with both ends selected among siblings, replayDeletion and the reason', () => {
    const t = new DeletionOrder({ user: trail, used: bucket, reason: 'The trail delivers into it' }).toTemplate('auditLogging');
    expect(t).toEqual({
      name: 'trailUsesLogBucket',
      base: {
        apiVersion: 'protection.crossplane.io/v1beta1', kind: 'ClusterUsage',
        metadata: { labels: { 'zerotrust.io/component': 'trailUsesLogBucket', 'zerotrust.io/domain': 'auditLogging' } },
        spec: {
          of: { apiVersion: 's3.aws.upbound.io/v1beta2', kind: 'Bucket', resourceSelector: { matchControllerRef: true, matchLabels: { 'zerotrust.io/component': 'logBucket' } } },
          by: { apiVersion: 'cloudtrail.aws.upbound.io/v1beta1', kind: 'Trail', resourceSelector: { matchControllerRef: true, matchLabels: { 'zerotrust.io/component': 'trail' } } },
          reason: 'The trail delivers into it',
          replayDeletion: true,
        },
      },
    });
  });

  test('another composite\'s resource: component and domain labels, scoped to the claim by the root-composite label (Required)', () => {
    const t = new DeletionOrder({ user: trail, used: encryptionKey('audit'), reason: 'The audit key encrypts it' }).toTemplate('auditLogging');
    expect(t.name).toBe('trailUsesAuditKey');
    expect((t.base.spec as { of: unknown }).of).toEqual({
      apiVersion: Key.GVK.apiVersion, kind: 'Key',
      resourceSelector: { matchLabels: { 'zerotrust.io/component': 'auditKey', 'zerotrust.io/domain': 'encryption' } },
    });
    expect(t.patches).toEqual([{
      type: 'FromCompositeFieldPath', fromFieldPath: 'metadata.labels[crossplane.io/composite]',
      toFieldPath: 'spec.of.resourceSelector.matchLabels[crossplane.io/composite]', policy: { fromFieldPath: 'Required' },
    }]);
  });

  test('the composed base validates against the ClusterUsage CRD (schema and CEL)', () => {
    const v = Validator.fromBundle();
    for (const used of [bucket, encryptionKey('audit')]) {
      const base = new DeletionOrder({ user: trail, used, reason: 'The trail delivers into it' }).toTemplate('auditLogging').base;
      expect(v.validate({ ...base, metadata: { ...(base.metadata as object), name: 'u' } } as never).map(formatProblem)).toEqual([]);
    }
  });

  test('refuses a self-usage, a missing reason and a name over the label limit', () => {
    expect(() => new DeletionOrder({ user: trail, used: trail, reason: 'a reason that is long enough' })).toThrow('cannot be deleted before itself');
    expect(() => new DeletionOrder({ user: trail, used: bucket, reason: '' })).toThrow('give the reason');
    const scratch = scratchChart();
    const user = new ComposedResource(scratch, { name: `a${'b'.repeat(40)}`, kind: BucketV1Beta2, forProvider: {} });
    const used = new ComposedResource(scratch, { name: `c${'d'.repeat(30)}`, kind: BucketV1Beta2, forProvider: {} });
    expect(() => new DeletionOrder({ user, used, reason: 'a reason that is long enough' })).toThrow(`at most ${MAX_USAGE_NAME_LENGTH} characters`);
    expect(new DeletionOrder({ user, used, reason: 'a reason that is long enough', name: 'shortName' }).name).toBe('shortName');
  });
});

class TestChart extends DomainChart {
  public readonly trail: ComposedResource;
  public readonly bucket: ComposedResource;
  public constructor(scope: Construct, id: string, declare: (c: TestChart) => void) {
    super(scope, id, { kind: 'XDeletionTest', domain: 'deletionTest', description: 'test' });
    ({ trail: this.trail, bucket: this.bucket } = trailAndBucket(this));
    declare(this);
  }
  public order(...args: Parameters<DomainChart['deletedBefore']>): void {
    this.deletedBefore(...args);
  }
  public keys(): void {
    this.encryptedWith('audit', 'trail', this.bucket);
  }
}

function synth(declare: (c: TestChart) => void): unknown[] {
  const app = new App();
  const chart = new TestChart(app, 't', declare);
  return chart.toJson();
}

describe('DomainChart.deletedBefore / encryptedWith', () => {
  test('siblings by name or object, one Usage per (user, used) pair; encryptedWith adds one Usage per holder', () => {
    const app = new App();
    const chart = new TestChart(app, 't', (c) => {
      c.order('trail', { uses: [c.bucket, new ClaimTreeResource('identity', 'permissionsBoundary', BucketV1Beta2.GVK)], reason: 'The trail delivers into it' });
      c.keys();
    });
    expect(chart.deletionOrders.map((d) => d.name)).toEqual(['trailUsesLogBucket', 'trailUsesPermissionsBoundary', 'trailUsesAuditKey', 'logBucketUsesAuditKey']);
    expect(chart.deletionOrders.map((d) => d.crossesComposites)).toEqual([false, true, true, true]);
  });

  test('synthesis names what is wrong: unknown sibling, a user composed elsewhere, a same-domain ClaimTreeResource, a duplicate', () => {
    expect(() => synth((c) => c.order('nope', { uses: c.bucket, reason: 'a long enough reason' }))).toThrow("XDeletionTest: no composed resource named 'nope'");
    const stranger = new ComposedResource(scratchChart(), { name: 'stranger', kind: BucketV1Beta2, forProvider: {} });
    expect(() => synth((c) => c.order(stranger, { uses: c.bucket, reason: 'a long enough reason' }))).toThrow("its user 'stranger' is not composed by this composite");
    expect(() => synth((c) => c.order(c.trail, { uses: new ClaimTreeResource('deletionTest', 'logBucket', BucketV1Beta2.GVK), reason: 'a long enough reason' })))
      .toThrow("'logBucket' is composed by this composite; pass the resource itself");
    expect(() => synth((c) => { c.order(c.trail, { uses: c.bucket, reason: 'a long enough reason' }); c.order(c.trail, { uses: c.bucket, reason: 'a long enough reason' }); }))
      .toThrow("composition resource name 'trailUsesLogBucket' is used twice");
  });
});
