// Slotted lists: slot i is composed while element i is set, and the list schema caps it at the slot
// count with a message that says why.
import { Schema, toOpenApi } from '../../../compositions';
import { slottedList } from '../../../compositions/kernel/feature-slots';

describe('slottedList', () => {
  test('maxItems is the slot count and a CEL rule names the field and the cap; other options pass through', () => {
    const node = toOpenApi(slottedList('Things.', Schema.string('A thing.', { maxLength: 8 }), { field: 'things', slots: 4, element: 'thing', default: [], listType: 'set' }));
    expect(node).toMatchObject({
      type: 'array', maxItems: 4, default: [], 'x-kubernetes-list-type': 'set',
      'x-kubernetes-validations': [{ rule: 'size(self) <= 4', message: 'things can hold at most 4 entries (the composition has 4 thing slots)' }],
    });
  });
});
