// A list parameter of open-ended values (resource ARNs) whose every element needs its own composed
// resources. P&T cannot loop over a list, so the composition has a fixed number of slots: slot i is
// an optional feature (`optionalComposite()`) enabled by element i. Each slot's nested composite
// always exists and is Ready whether its element is set or not, so a short list never keeps the
// parent un-Ready. The list is capped at the slot count in the XRD, with a message naming the cap,
// because an element beyond the last slot would be silently ignored.
//
// Closed catalogs (an enum list such as the interface endpoint services) are better served by
// `listedComposite()`: one composite per catalog member keeps each member's resources in place when
// the list is reordered; slots follow positions, so removing element i shifts the ones after it.
import type { NestedComposite } from './nested-composite';
import { optionalComposite, type OptionalCompositeProps } from './optional-feature';
import type { Patch } from './patches';
import { Schema, type ArrayOptions, type SchemaNode } from './schema';

export interface SlotCompositesProps extends Omit<OptionalCompositeProps, 'name' | 'enabledBy' | 'parameterPatches'> {
  /** Composition resource name prefix; slot i is `<name><i>`. */
  readonly name: string;
  /** Parent list of non-empty strings, e.g. `spec.parameters.resourceArns`. */
  readonly list: string;
  readonly slots: number;
  /** Patches into slot i's composite (pass element i with a non-Required patch: it is absent when the slot is off). */
  readonly parameterPatches: (slot: number) => readonly Patch[];
}

/** One optional nested composite per slot of `list`. */
export function slotComposites(props: SlotCompositesProps): NestedComposite[] {
  const { name, list, slots, parameterPatches, ...rest } = props;
  if (!Number.isInteger(slots) || slots < 1) throw new Error(`slotComposites '${name}': slots must be a positive integer`);
  return Array.from({ length: slots }, (_, i) =>
    optionalComposite({ ...rest, name: `${name}${i}`, enabledBy: `${list}[${i}]`, parameterPatches: [...parameterPatches(i)] }));
}

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
