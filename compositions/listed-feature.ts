// An optional feature per member of a catalog (an interface endpoint per AWS service), switched on
// while a list parameter of the parent names the member. It is the list form of
// `optionalComposite()`: the nested composite always exists and is Ready either way; one patch
// reads the whole list, renders it as JSON and points compositionRef at the feature's `enabled`
// composition when the quoted member occurs in it, else at the do-nothing `disabled` one. Reading
// the list (not a slot of it) keeps each member's composite, and so its AWS resources, in place
// when other members are added to or removed from the list.
import type { NestedComposite } from './nested-composite';
import { switchedComposite, type OptionalCompositeProps } from './optional-feature';
import { Transforms } from './transforms';

export interface ListedCompositeProps extends Omit<OptionalCompositeProps, 'enabledBy'> {
  /** Parent field holding a list of strings, e.g. `spec.parameters.interfaceEndpoints`. */
  readonly list: string;
  /** The member that enables this composite; the XRD must restrict list members to the catalog. */
  readonly member: string;
}

/** Go RE2 with every metacharacter of `s` escaped, so `ecr.api` matches only itself. */
export function quoteRegexp(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** A nested composite that composes the feature only while `list` contains `member`. */
export function listedComposite(props: ListedCompositeProps): NestedComposite {
  const { list, member, ...rest } = props;
  // Members are JSON strings inside the rendered list: the quotes make `"ssm"` not match `"ssmmessages"`.
  return switchedComposite(rest, list, `"${quoteRegexp(member)}"`, [Transforms.toJson()]);
}
