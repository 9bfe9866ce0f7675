// Synth fails, in one line, when a Composition's function-patch-and-transform input holds a key the
// function's strict decoder rejects (it would fail every run of that Composition).
import { PipelineComposition } from '../../../compositions/kernel/composition';
import type { Composable } from '../../../compositions/kernel/composed-resource';
import type { CompositeNames } from '../../../compositions/kernel/naming';

function composable(patch: Record<string, unknown>): Composable {
  return {
    name: 'key',
    gvk: { apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key' },
    outputs: [],
    toTemplate: () => ({ name: 'key', base: { apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key' }, patches: [patch as never] }),
  } as unknown as Composable;
}

const props = (patch: Record<string, unknown>) => ({
  names: { kind: 'XEncryption' } as CompositeNames,
  domain: 'encryption',
  resources: () => [composable(patch)],
  patchSets: () => [],
});

test('a mis-cased patch key fails synth naming the composite, resource, path and the decoder message', () => {
  expect(() => PipelineComposition.input(props({ type: 'FromCompositeFieldPath', fromFieldpath: 'spec.a', toFieldPath: 'spec.b' }))).toThrow(
    new Error(
      'XEncryption: resource \'key\' resources[0].patches[0].fromFieldpath: unknown field "fromFieldpath" (did you mean "fromFieldPath"? names are case-sensitive): ' +
        'function-patch-and-transform fails the run with: json: cannot unmarshal Go value of type v1beta1.ComposedPatch: unknown name "fromFieldpath"',
    ),
  );
});

test('a well-formed input passes', () => {
  expect(PipelineComposition.input(props({ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.a', toFieldPath: 'spec.b' }))).toMatchObject({ kind: 'Resources' });
});
