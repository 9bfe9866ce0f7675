import { combineFromComposite, fromComposite, PatchSet, patchSetRef, toComposite } from '../../../compositions/kernel/patches';
import { Transforms } from '../../../compositions/kernel/transforms';

describe('patch helpers', () => {
  test('fromComposite defaults toFieldPath to the source path', () => {
    expect(fromComposite('spec.parameters.region')).toEqual({
      type: 'FromCompositeFieldPath', fromFieldPath: 'spec.parameters.region', toFieldPath: 'spec.parameters.region',
    });
  });

  test('throws if a to-composite patch writes outside status (Crossplane would drop it)', () => {
    expect(() => toComposite('status.atProvider.arn', 'spec.keyArn')).toThrow(
      "toComposite: 'spec.keyArn' is not under status",
    );
  });

  test('combine spells out the string strategy', () => {
    expect(combineFromComposite(['spec.a', 'spec.b'], '%v-%v', 'metadata.name').combine).toEqual({
      strategy: 'string', variables: [{ fromFieldPath: 'spec.a' }, { fromFieldPath: 'spec.b' }], string: { fmt: '%v-%v' },
    });
  });

  test('throws if a patch set references another patch set', () => {
    expect(() => new PatchSet('outer', [patchSetRef('inner')])).toThrow("patch set 'outer': a patch set cannot reference another patch set");
  });
});

describe('transform helpers', () => {
  test('always set the type discriminators function-patch-and-transform requires', () => {
    expect(Transforms.format('alias/%v')).toEqual({ type: 'string', string: { type: 'Format', fmt: 'alias/%v' } });
    expect(Transforms.multiply(60)).toEqual({ type: 'math', math: { type: 'Multiply', multiply: 60 } });
    expect(Transforms.convert('int64')).toEqual({ type: 'convert', convert: { toType: 'int64' } });
  });

  test('throws if a format uses %d (numbers from the XR are float64)', () => {
    expect(() => Transforms.format('%d days')).toThrow("numbers arrive as float64, use %v instead of %d");
  });
});
