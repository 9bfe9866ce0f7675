// A list parameter of open-ended values (resource ARNs) whose every element needs its own composed
// resources. P&T cannot loop over a list, so the composition has a fixed number of slots: slot i is
// composed while element i is set (function-cel-filter, `Condition.has(list.item(i))`); its Required
// patches become part of its condition, so a short list never keeps the composite un-Ready. The list
// is capped at the slot count in the XRD, with a message naming the cap, because an element beyond
// the last slot would be silently ignored.
//
// Closed catalogs (an enum list such as the interface endpoint services) are better served by one
// conditional set of resources per catalog member (`member in list`): each member's resources stay in
// place when the list is reordered; slots follow positions, so removing element i shifts the ones after it.
import { Schema, type ArrayOptions, type SchemaNode } from './schema';

export interface SlottedListOptions extends Omit<ArrayOptions, 'maxItems'> {
  /** Parameter name, for the message. */
  readonly field: string;
  readonly slots: number;
  /** What one element becomes, for the message, e.g. "web ACL association". */
  readonly element: string;
}

/**
 * Schema of a slotted list: `maxItems` (which also bounds CEL cost) plus a rule whose message names
 * the field and the cap, since the generic "Too many" of maxItems says neither why nor what to do.
 */
export function slottedList(description: string, items: SchemaNode, options: SlottedListOptions): SchemaNode {
  const { field, slots, element, rules, ...rest } = options;
  return Schema.array(description, items, {
    ...rest,
    maxItems: slots,
    rules: [
      { rule: `size(self) <= ${slots}`, message: `${field} can hold at most ${slots} entries (the composition has ${slots} ${element} slots)` },
      ...(rules ?? []),
    ],
  });
}
