import type { JsonObject } from '../../../renderer/types';
import {
  applyCombinePatch,
  applyComposedPatch,
  applyEnvironmentPatch,
  applyFromFieldPathPatch,
  combineValues,
  composedTemplates,
  isNotFoundError,
  isToComposedResource,
  toMergeOptions,
} from '../../../renderer/functions/patches';

const xr = (extra: JsonObject = {}): JsonObject => ({ apiVersion: 'test.crossplane.io/v1', kind: 'XR', ...extra });
const cd = (extra: JsonObject = {}): JsonObject => ({ apiVersion: 'test.crossplane.io/v1', kind: 'Composed', ...extra });

function thrown(fn: () => void): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('applyFromFieldPathPatch', () => {
  test('ValidFromCompositeFieldPath', () => {
    const to = cd({ metadata: { name: 'cd' } });
    applyFromFieldPathPatch(
      { type: 'FromCompositeFieldPath', fromFieldPath: 'metadata.labels', toFieldPath: 'metadata.labels' },
      xr({ metadata: { labels: { test: 'blah' } } }),
      to,
    );
    expect(to).toEqual(cd({ metadata: { name: 'cd', labels: { test: 'blah' } } }));
  });

  test('ValidFromFieldPathWithWildcards', () => {
    const to = cd({ metadata: { ownerReferences: [{ name: '' }, { name: '' }] } });
    applyFromFieldPathPatch(
      { type: 'FromCompositeFieldPath', fromFieldPath: 'metadata.name', toFieldPath: 'metadata.ownerReferences[*].name' },
      xr({ metadata: { name: 'test' } }),
      to,
    );
    expect(to).toEqual(cd({ metadata: { ownerReferences: [{ name: 'test' }, { name: 'test' }] } }));
  });

  test('InvalidCompositeFieldPathPatchWithWildcards', () => {
    const to = cd({ metadata: { ownerReferences: [{ name: 'test' }, { name: 'test' }] } });
    const err = thrown(() =>
      applyFromFieldPathPatch(
        { type: 'FromCompositeFieldPath', fromFieldPath: 'metadata.name', toFieldPath: 'metadata.ownerReferences[*].badField' },
        xr({ metadata: { name: 'test' } }),
        to,
      ),
    );
    expect(err.message).toBe('cannot expand ToFieldPath metadata.ownerReferences[*].badField');
    expect(isNotFoundError(err)).toBe(false);
    expect(to).toEqual(cd({ metadata: { ownerReferences: [{ name: 'test' }, { name: 'test' }] } }));
  });

  test('ValidToFieldPathWithWildcardsAndMergePolicy', () => {
    const to = cd({
      spec: {
        forProvider: {
          accessRules: [
            { action: 'Allow', destination: 'e1', allowedGroups: [12345678] },
            { action: 'Allow', destination: 'e2', allowedGroups: [12345678] },
          ],
        },
      },
    });
    applyFromFieldPathPatch(
      {
        type: 'FromCompositeFieldPath',
        fromFieldPath: 'spec.parameters.allowedGroups',
        toFieldPath: 'spec.forProvider.accessRules[*].allowedGroups',
        policy: { toFieldPath: 'ForceMergeObjectsAppendArrays' },
      },
      xr({ spec: { parameters: { allowedGroups: [12345678, 7891234] } } }),
      to,
    );
    expect(to).toEqual({
      apiVersion: 'test.crossplane.io/v1',
      kind: 'Composed',
      spec: {
        forProvider: {
          accessRules: [
            { action: 'Allow', destination: 'e1', allowedGroups: [12345678, 7891234] },
            { action: 'Allow', destination: 'e2', allowedGroups: [12345678, 7891234] },
          ],
        },
      },
    });
  });

  test('DefaultToFieldCompositeFieldPathPatch', () => {
    const to = cd();
    applyFromFieldPathPatch({ type: 'FromCompositeFieldPath', fromFieldPath: 'metadata.labels' }, xr({ metadata: { labels: { test: 'blah' } } }), to);
    expect(to).toEqual(cd({ metadata: { labels: { test: 'blah' } } }));
  });

  test('MissingOptionalFieldPath: a missing source is a not-found error and leaves the target untouched', () => {
    const to = cd({ metadata: { name: 'test' } });
    const err = thrown(() =>
      applyFromFieldPathPatch({ fromFieldPath: 'metadata.labels', toFieldPath: 'metadata.labels' }, xr({ metadata: { name: 'test' } }), to),
    );
    expect(isNotFoundError(err)).toBe(true);
    expect(err.message).toBe('metadata.labels: no such field');
    expect(to).toEqual(cd({ metadata: { name: 'test' } }));
  });

  test('ValidToCompositeFieldPathPatchWithWildcards', () => {
    const target = xr({ metadata: { ownerReferences: [{ name: '' }, { name: '' }] } });
    applyFromFieldPathPatch(
      { type: 'ToCompositeFieldPath', fromFieldPath: 'metadata.name', toFieldPath: 'metadata.ownerReferences[*].name' },
      cd({ metadata: { name: 'test' } }),
      target,
    );
    expect(target).toEqual(xr({ metadata: { ownerReferences: [{ name: 'test' }, { name: 'test' }] } }));
  });

  test('MergeObjects keeps existing keys of the target object', () => {
    const to = cd({ spec: { tags: { keep: 'me', override: 'old' } } });
    applyFromFieldPathPatch(
      { fromFieldPath: 'spec.tags', policy: { toFieldPath: 'MergeObjects' } },
      xr({ spec: { tags: { override: 'new', add: 'yes' } } }),
      to,
    );
    expect(to).toEqual(cd({ spec: { tags: { keep: 'me', override: 'old', add: 'yes' } } }));
  });

  test('Replace (the default) overwrites the target object', () => {
    const to = cd({ spec: { tags: { keep: 'me' } } });
    applyFromFieldPathPatch({ fromFieldPath: 'spec.tags' }, xr({ spec: { tags: { add: 'yes' } } }), to);
    expect(to).toEqual(cd({ spec: { tags: { add: 'yes' } } }));
  });

  test('a transform runs on the value before it is written', () => {
    const to = cd();
    applyFromFieldPathPatch(
      { fromFieldPath: 'spec.env', toFieldPath: 'spec.size', transforms: [{ type: 'map', map: { prod: 'large' } }] },
      xr({ spec: { env: 'prod' } }),
      to,
    );
    expect(to).toEqual(cd({ spec: { size: 'large' } }));
  });

  test('a failing transform is not a not-found error', () => {
    const err = thrown(() =>
      applyFromFieldPathPatch(
        { fromFieldPath: 'spec.env', toFieldPath: 'spec.size', transforms: [{ type: 'map', map: { prod: 'large' } }] },
        xr({ spec: { env: 'dev' } }),
        cd(),
      ),
    );
    expect(isNotFoundError(err)).toBe(false);
  });
});

describe('applyCombinePatch', () => {
  const combine = (fmt: string, ...paths: string[]) => ({
    type: 'CombineFromComposite',
    combine: { variables: paths.map((p) => ({ fromFieldPath: p })), strategy: 'string', string: { fmt } },
    toFieldPath: 'metadata.labels.destination',
  });

  test('VariableFromFieldPathNotFound', () => {
    const to = cd();
    const err = thrown(() =>
      applyCombinePatch(combine('%s-%s', 'metadata.labels.source1', 'metadata.labels.source2', 'metadata.labels.source3'), xr(), to),
    );
    expect(isNotFoundError(err)).toBe(true);
    expect(err.message).toBe('metadata: no such field');
    expect(to).toEqual(cd());
  });

  test('ValidCombineFromComposite', () => {
    const to = cd({ metadata: { labels: { test: 'blah' } } });
    applyCombinePatch(
      combine('%s-%s', 'metadata.labels.source1', 'metadata.labels.source2'),
      xr({ metadata: { labels: { source1: 'foo', source2: 'bar' } } }),
      to,
    );
    expect(to).toEqual(cd({ metadata: { labels: { destination: 'foo-bar', test: 'blah' } } }));
  });

  test('NoOpOptionalInputFieldFromCompositeConfig: one missing variable aborts the whole patch', () => {
    const to = cd();
    const err = thrown(() =>
      applyCombinePatch(combine('%s-%s', 'metadata.labels.source1', 'metadata.labels.source2'), xr({ metadata: { labels: { source1: 'a' } } }), to),
    );
    expect(isNotFoundError(err)).toBe(true);
    expect(to).toEqual(cd());
  });

  test('numbers combine with Go formatting: %d of a float64 is a format error, %v is not', () => {
    const to = cd();
    const from = xr({ spec: { port: 5432 } });
    applyCombinePatch(combine('port-%d', 'spec.port'), from, to);
    expect(to).toEqual(cd({ metadata: { labels: { destination: 'port-%!d(float64=5432)' } } }));
    applyCombinePatch(combine('port-%v', 'spec.port'), from, to);
    expect(to).toEqual(cd({ metadata: { labels: { destination: 'port-5432' } } }));
  });

  test('transforms apply to the combined string', () => {
    const to = cd();
    applyCombinePatch(
      { ...combine('%s-%s', 'spec.a', 'spec.b'), transforms: [{ type: 'string', string: { type: 'Convert', convert: 'ToUpper' } }] },
      xr({ spec: { a: 'x', b: 'y' } }),
      to,
    );
    expect(to).toEqual(cd({ metadata: { labels: { destination: 'X-Y' } } }));
  });

  test('MissingCombineStrategyFromCompositeConfig', () => {
    expect(() => combineValues({ strategy: 'string', variables: [] }, [])).toThrow('given combine strategy string requires configuration');
  });

  test('unsupported combine strategy', () => {
    expect(() => combineValues({ strategy: 'json', variables: [] }, [])).toThrow('combine strategy json is not supported');
  });
});

describe('toMergeOptions', () => {
  test.each([
    [undefined, undefined],
    ['Replace', undefined],
    ['MergeObjects', { keepMapValues: true }],
    ['MergeObject', { keepMapValues: true }],
    ['MergeObjectsAppendArrays', { keepMapValues: true, appendSlice: true }],
    ['ForceMergeObjects', { keepMapValues: false }],
    ['ForceMergeObjectsAppendArrays', { appendSlice: true }],
    ['AppendArray', { appendSlice: true }],
  ])('policy.toFieldPath %s', (policy, want) => {
    const patch: JsonObject = policy === undefined ? { policy: {} } : { policy: { toFieldPath: policy } };
    expect(toMergeOptions(patch)).toEqual(want);
  });

  test('no policy at all means Replace', () => {
    expect(toMergeOptions({ fromFieldPath: 'a' })).toBeUndefined();
  });

  test('an unknown policy is an error', () => {
    expect(() => toMergeOptions({ policy: { toFieldPath: 'Smush' } })).toThrow('invalid patch policy Smush');
  });
});

describe('applyComposedPatch routing', () => {
  const env = (): JsonObject => ({ apiVersion: 'internal.crossplane.io/v1alpha1', kind: 'Environment', region: 'eu-west-1' });

  test('patches from a composed resource that does not exist yet are silently skipped', () => {
    const dxr = xr();
    applyComposedPatch({ type: 'ToCompositeFieldPath', fromFieldPath: 'status.id', toFieldPath: 'status.id' }, undefined, cd(), xr(), dxr, env());
    expect(dxr).toEqual(xr());
  });

  test('ToCompositeFieldPath reads the observed composed resource and writes the desired XR', () => {
    const dxr = xr();
    applyComposedPatch(
      { type: 'ToCompositeFieldPath', fromFieldPath: 'status.atProvider.arn', toFieldPath: 'status.arn' },
      cd({ status: { atProvider: { arn: 'arn:aws:iam::1:role/x' } } }),
      cd(),
      xr(),
      dxr,
      env(),
    );
    expect(dxr).toEqual(xr({ status: { arn: 'arn:aws:iam::1:role/x' } }));
  });

  test('FromEnvironmentFieldPath writes the desired composed resource', () => {
    const dcd = cd();
    applyComposedPatch({ type: 'FromEnvironmentFieldPath', fromFieldPath: 'region', toFieldPath: 'spec.forProvider.region' }, undefined, dcd, xr(), xr(), env());
    expect(dcd).toEqual(cd({ spec: { forProvider: { region: 'eu-west-1' } } }));
  });

  test('ToEnvironmentFieldPath and CombineToEnvironment write the environment', () => {
    const e = env();
    const ocd = cd({ status: { id: 'abc', zone: 'a' } });
    applyComposedPatch({ type: 'ToEnvironmentFieldPath', fromFieldPath: 'status.id', toFieldPath: 'ids.first' }, ocd, cd(), xr(), xr(), e);
    applyComposedPatch(
      {
        type: 'CombineToEnvironment',
        combine: { strategy: 'string', variables: [{ fromFieldPath: 'status.id' }, { fromFieldPath: 'status.zone' }], string: { fmt: '%s/%s' } },
        toFieldPath: 'ids.combined',
      },
      ocd,
      cd(),
      xr(),
      xr(),
      e,
    );
    expect(e).toEqual({ ...env(), ids: { first: 'abc', combined: 'abc/a' } });
  });

  test('isToComposedResource', () => {
    expect(isToComposedResource({})).toBe(true);
    expect(isToComposedResource({ type: 'CombineFromEnvironment' })).toBe(true);
    expect(isToComposedResource({ type: 'ToCompositeFieldPath' })).toBe(false);
    expect(isToComposedResource({ type: 'CombineToEnvironment' })).toBe(false);
  });
});

describe('applyEnvironmentPatch routing', () => {
  test('FromCompositeFieldPath copies the observed XR into the environment; ToCompositeFieldPath copies the environment into the desired XR', () => {
    const env: JsonObject = { zone: 'b' };
    const oxr = xr({ spec: { size: 'L' } });
    const dxr = xr();
    applyEnvironmentPatch({ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.size', toFieldPath: 'size' }, env, oxr, dxr);
    applyEnvironmentPatch({ type: 'ToCompositeFieldPath', fromFieldPath: 'zone', toFieldPath: 'status.zone' }, env, oxr, dxr);
    expect(env).toEqual({ zone: 'b', size: 'L' });
    expect(dxr).toEqual(xr({ status: { zone: 'b' } }));
  });

  test('Combine*Environment types are ignored in environment.patches', () => {
    const env: JsonObject = { zone: 'b' };
    applyEnvironmentPatch(
      { type: 'CombineToEnvironment', combine: { strategy: 'string', variables: [{ fromFieldPath: 'zone' }], string: { fmt: '%s' } }, toFieldPath: 'x' },
      env,
      xr(),
      xr(),
    );
    expect(env).toEqual({ zone: 'b' });
  });
});

describe('composedTemplates', () => {
  test('NoCompositionPatchSets', () => {
    const templates = [{ name: 'a', patches: [{ type: 'FromCompositeFieldPath', fromFieldPath: 'metadata.name' }, { type: 'FromCompositeFieldPath', fromFieldPath: 'metadata.namespace' }] }];
    expect(composedTemplates([], templates)).toEqual(templates);
  });

  test('UndefinedPatchSet', () => {
    expect(() => composedTemplates([], [{ name: 'a', patches: [{ type: 'PatchSet', patchSetName: 'patch-set-1' }] }])).toThrow(
      'cannot find PatchSet by name patch-set-1',
    );
  });

  test('DefinedPatchSets: references are replaced in place, in order', () => {
    const patchSets = [
      { name: 'patch-set-1', patches: [{ fromFieldPath: 'metadata.namespace' }, { fromFieldPath: 'spec.parameters.test' }] },
      { name: 'patch-set-2', patches: [{ fromFieldPath: 'metadata.annotations.patch-test-1' }, { fromFieldPath: 'metadata.annotations.patch-test-2' }] },
    ];
    const templates: JsonObject[] = [
      {
        name: 'one',
        patches: [{ type: 'PatchSet', patchSetName: 'patch-set-2' }, { fromFieldPath: 'metadata.name' }, { type: 'PatchSet', patchSetName: 'patch-set-1' }],
      },
      { name: 'two', patches: [{ type: 'PatchSet', patchSetName: 'patch-set-1' }] },
    ];
    expect(composedTemplates(patchSets, templates)).toEqual([
      {
        name: 'one',
        patches: [
          { fromFieldPath: 'metadata.annotations.patch-test-1' },
          { fromFieldPath: 'metadata.annotations.patch-test-2' },
          { fromFieldPath: 'metadata.name' },
          { fromFieldPath: 'metadata.namespace' },
          { fromFieldPath: 'spec.parameters.test' },
        ],
      },
      { name: 'two', patches: [{ fromFieldPath: 'metadata.namespace' }, { fromFieldPath: 'spec.parameters.test' }] },
    ]);
  });

  test('PatchSetInPatchSet', () => {
    expect(() => composedTemplates([{ name: 'ps', patches: [{ type: 'PatchSet', patchSetName: 'other' }] }], [])).toThrow(
      'a patch in a PatchSet cannot be of type PatchSet',
    );
  });
});
