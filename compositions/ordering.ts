// Creation order between composed resources of one composite. AWS refuses some calls until another
// resource exists (a trail before its bucket policy, a Config rule before the recorder). A Required
// patch from the other resource's published status holds the dependent resource back until that
// status exists; the annotation it writes documents the dependency on the live object.
import { LABEL_DOMAIN } from './naming';
import { fromComposite, type Patch } from './patches';

/** Holds the resource back until `status.<statusField>` of the composite exists. */
export function waitFor(statusField: string, what: string): Patch {
  if (!/^[a-z0-9-]+$/.test(what)) throw new Error(`waitFor: 'what' must be lowercase letters, digits and '-' (it names an annotation), got '${what}'`);
  return fromComposite(`status.${statusField}`, `metadata.annotations[${LABEL_DOMAIN}/after-${what}]`, { required: true });
}
