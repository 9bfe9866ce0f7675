// ComposedResource.toTemplate: a synth asks for each template twice (the chart's validations, then the
// composition's pipeline), and the base and token patches are built once per domain. What can be
// added after construction (patches, outputs) is read on every call, and the shared part is frozen.
import { BucketV1Beta2 } from '../../../imports/s3.aws.upbound.io';
import { ComposedResource, fromComposite } from '../../../compositions';
import { scratchChart } from '../../support/scratch-chart';

test('patches and outputs added after a first template are in the next one; the base is built once per domain and frozen', () => {
  const bucket = new ComposedResource(scratchChart(), { name: 'bucket', kind: BucketV1Beta2, forProvider: { forceDestroy: true } });
  const first = bucket.toTemplate('audit');
  bucket.addPatches(fromComposite('spec.parameters.x', 'spec.forProvider.objectLockEnabled'));
  bucket.publish('bucketArn', 'status.atProvider.arn', { type: 'string' });
  const second = bucket.toTemplate('audit');
  expect(second.base).toBe(first.base);
  expect(second.patches!.slice(0, first.patches!.length)).toEqual(first.patches);
  expect(second.patches!.slice(first.patches!.length)).toEqual([
    { type: 'FromCompositeFieldPath', fromFieldPath: 'spec.parameters.x', toFieldPath: 'spec.forProvider.objectLockEnabled' },
    { type: 'ToCompositeFieldPath', fromFieldPath: 'status.atProvider.arn', toFieldPath: 'status.bucketArn' },
  ]);
  expect(Object.isFrozen(first.base) && Object.isFrozen(first.base.spec)).toBe(true);
  expect(() => { (first.base.spec as Record<string, unknown>).forProvider = {}; }).toThrow(TypeError);
  // Another domain is another base (its labels and tags name the domain).
  expect(bucket.toTemplate('backup').base).not.toBe(first.base);
  expect((bucket.toTemplate('backup').base.metadata as { labels: Record<string, string> }).labels['zerotrust.io/domain']).toBe('backup');
});
