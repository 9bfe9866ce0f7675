// Creation order between composed resources of one composite. AWS refuses some calls until another
// resource exists (a trail before its bucket policy, a Config rule before the recorder). The
// dependent resource is composed only once the prerequisite has been observed to exist
// (function-cel-filter on the observed composed resources): one reconcile after the prerequisite
// appears. A status gate (a Required patch from a status field the prerequisite publishes) costs two,
// because P&T patches from the observed composite, which sees the published value one reconcile late.
// Readiness: while the dependent is filtered out, its prerequisite is either not observed yet or not
// Ready, so the composite is not Ready either; a filtered-out resource never holds the composite back.
import type { Composable } from './composed-resource';
import { alsoWhen, Condition } from './condition';

/** Composes `dependent` only once every prerequisite (a sibling) is observed with `status.atProvider.id`. */
export function createdAfter<T extends Composable>(dependent: T, ...prerequisites: readonly (Composable | string)[]): T {
  if (prerequisites.length === 0) throw new Error(`createdAfter('${dependent.name}'): name at least one prerequisite`);
  for (const p of prerequisites) {
    const name = typeof p === 'string' ? p : p.name;
    if (name === dependent.name) throw new Error(`createdAfter('${dependent.name}'): a resource cannot wait for itself`);
    alsoWhen(dependent, Condition.observed(name));
  }
  return dependent;
}
