import { extractTokenPatches, param, Params, suffixed, tokenPatch } from '../../../compositions/kernel/values';

describe('tokenPatch', () => {
  test('a whole-string token keeps its type through FromCompositeFieldPath, Required', () => {
    // GIVEN a base value that is exactly one token WHEN it becomes a patch
    const patch = tokenPatch('spec.forProvider.region', Params.region);
    // THEN the value is copied untouched and the resource waits for it
    expect(patch).toEqual({
      type: 'FromCompositeFieldPath',
      fromFieldPath: 'spec.parameters.region',
      toFieldPath: 'spec.forProvider.region',
      policy: { fromFieldPath: 'Required' },
    });
  });

  test('text around tokens becomes a Go-format combine with %v and escaped literal %', () => {
    const patch = tokenPatch('spec.forProvider.policy', `{"a":"arn:aws:iam::${Params.accountId}:root","p":"100%"}-${Params.accountId}`);
    expect(patch.type).toBe('CombineFromComposite');
    expect(patch.combine?.string?.fmt).toBe('{"a":"arn:aws:iam::%v:root","p":"100%%"}-%v');
    expect(patch.combine?.variables.map((v) => v.fromFieldPath)).toEqual(['spec.parameters.accountId', 'spec.parameters.accountId']);
    expect(patch.policy?.fromFieldPath).toBe('Required');
  });
});

describe('extractTokenPatches', () => {
  test('moves tokenized fields out of the base into patches with crossplane-runtime paths', () => {
    const { base, patches } = extractTokenPatches({
      metadata: { annotations: { 'crossplane.io/external-name': suffixed('alias/logs') } },
      spec: { forProvider: { description: 'fixed', tags: { 'zerotrust.io/environment': Params.environmentSuffix } } },
    });
    expect(base).toEqual({ spec: { forProvider: { description: 'fixed' } } });
    expect(patches.map((p) => p.toFieldPath)).toEqual([
      'metadata.annotations[crossplane.io/external-name]',
      'spec.forProvider.tags[zerotrust.io/environment]',
    ]);
  });

  test('throws if a token sits inside an array (patching array elements needs an explicit patch)', () => {
    expect(() => extractTokenPatches({ spec: { list: [param('accountId')] } })).toThrow(
      "spec.list: tokens inside arrays are not supported; build the array with a patch instead",
    );
  });
});
