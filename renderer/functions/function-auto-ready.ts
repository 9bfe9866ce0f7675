// crossplane-contrib/function-auto-ready: marks desired composed resources ready when they exist
// and look ready, unless an earlier function already decided. A resource that has not been
// observed yet is never ready, so the XR only becomes ready once everything exists.

import type { CompositionFunction, JsonObject, ResourceState } from '../types';
import { Ready } from '../types';
import { getCondition } from './ready';

/**
 * Core kinds upstream's health-check registry treats as ready as soon as they exist (they carry no
 * meaningful status). The other registered kinds (Deployment, Pod, Job, ...) need workload status
 * logic and fall back to the Ready condition here.
 */
const ALWAYS_READY_KINDS = new Set(['v1/ConfigMap', 'v1/Secret', 'v1/ServiceAccount']);

function observedLooksReady(observed: JsonObject): boolean {
  const gvk = `${String(observed.apiVersion ?? '')}/${String(observed.kind ?? '')}`;
  if (ALWAYS_READY_KINDS.has(gvk)) return true;
  return getCondition(observed, 'Ready').status === 'True';
}

export const autoReady: CompositionFunction = (req) => {
  const resources: Record<string, ResourceState> = {};
  for (const [name, desired] of Object.entries(req.desired.resources)) {
    const out: ResourceState = { ...desired };
    const observed = req.observed.resources[name];
    const undecided = desired.ready === undefined || desired.ready === Ready.Unspecified;
    if (observed !== undefined && undecided && observedLooksReady(observed.resource)) out.ready = Ready.True;
    resources[name] = out;
  }
  const rsp = { desired: { composite: req.desired.composite, resources }, results: [] };
  return req.context !== undefined ? { ...rsp, context: req.context } : rsp;
};
