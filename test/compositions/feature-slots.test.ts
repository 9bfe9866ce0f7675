// Slotted optional features: slot i is an optional composite enabled by element i of the list, and
// the list schema caps it at the slot count with a message that says why.
import { compositeNames, Schema, toOpenApi } from '../../compositions';
import { slotComposites, slottedList } from '../../compositions/feature-slots';
import { passParameter } from '../../compositions/nested-composite';

const feature = compositeNames('XTestSlot', { offerClaim: false });

describe('slotComposites', () => {
  test('one composite per slot, each switched by its own element and given its own patches', () => {
    const slots = slotComposites({ name: 'thing', feature, list: 'spec.parameters.things', slots: 3, parameterPatches: (i) => [passParameter(`things[${i}]`, 'thing')] });
    expect(slots.map((s) => s.name)).toEqual(['thing0', 'thing1', 'thing2']);
    const template = slots[2]!.toTemplate('test');
    expect((template.base as { spec: { compositionRef: { name: string } } }).spec.compositionRef.name).toBe('xtestslots-disabled.aws.zerotrust.io');
    expect(template.patches).toEqual([
      { type: 'FromCompositeFieldPath', fromFieldPath: 'spec.parameters.things[2]', toFieldPath: 'spec.parameters.thing' },
      {
        type: 'FromCompositeFieldPath', fromFieldPath: 'spec.parameters.things[2]', toFieldPath: 'spec.compositionRef.name',
        transforms: [{ type: 'match', match: { patterns: [{ type: 'regexp', regexp: '^.+$', result: 'xtestslots.aws.zerotrust.io' }], fallbackValue: 'xtestslots-disabled.aws.zerotrust.io' } }],
      },
    ]);
  });

  test('rejects a slot count that is not a positive integer', () => {
    expect(() => slotComposites({ name: 'thing', feature, list: 'spec.parameters.things', slots: 0, parameterPatches: () => [] })).toThrow(/positive integer/);
  });
});

describe('slottedList', () => {
  test('maxItems is the slot count and a CEL rule names the field and the cap; other options pass through', () => {
    const node = toOpenApi(slottedList('Things.', Schema.string('A thing.', { maxLength: 8 }), { field: 'things', slots: 4, element: 'thing', default: [], listType: 'set' }));
    expect(node).toMatchObject({
      type: 'array', maxItems: 4, default: [], 'x-kubernetes-list-type': 'set',
      'x-kubernetes-validations': [{ rule: 'size(self) <= 4', message: 'things can hold at most 4 entries (the composition has 4 thing slots)' }],
    });
  });
});
