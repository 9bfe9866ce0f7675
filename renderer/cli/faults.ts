// Faults a user states about managed resources that exist (`--fault NAME=deleted|error:MSG|deleting`,
// NAME a composition-resource-name), rendered as Crossplane would reconcile them:
// - deleted: the object is gone; the composite controller composes it again and the provider
//   creates it (the fault heals).
// - error: every provider reconcile fails with the message: Synced=False (ReconcileError) and not
//   Ready, so function-auto-ready leaves the composite unready naming the resource, and the claim
//   waits. Decision: crossplane-runtime keeps the last Ready condition on an Observe error; we mark
//   the resource not Ready because its state is unknown while the error lasts, so the claim does not
//   report Ready over a failing resource.
// - deleting: a DELETE of the object. When a Usage protects it, the Usage webhook refuses it (409,
//   nothing changes, the attempt is recorded for replay); otherwise the object carries a
//   deletionTimestamp and is Ready=False (Deleting) while the provider deletes it.
import type { JsonObject } from '../types';
import {
  ANNOTATION_COMPOSITION_RESOURCE_NAME, CONDITION_TIME, annotationsOf, controllerUid, describe, getCondition, groupKind, inListOrder, isObject, nameOf, namespaceOf,
  obj, reconcileError, setConditions, str,
} from '../crossplane/crossplane';
import { type RenderOptions, type RenderOutput, render } from '../render';
import { type UsageCluster, admitDelete, findUsagesOf, interceptedByWebhook, isUsage } from '../crossplane/usage';
import { InputError } from './input-error';

export type FaultKind = 'deleted' | 'error' | 'deleting';

export interface Fault {
  /** The composition-resource-name (crossplane.io/composition-resource-name) of the faulted resource. */
  resource: string;
  kind: FaultKind;
  /** The provider's error message (kind error). */
  message?: string;
}

export interface FaultOutcome {
  fault: Fault;
  /** 'Kind/name' of the objects the fault applied to. */
  objects: string[];
  /** What Crossplane did about it, in one sentence. */
  outcome: string;
  /** Whether the fault still holds when the render settles (the claim cannot be Ready then). */
  remains: boolean;
}

const DELETION_TIME = CONDITION_TIME;

/** `NAME=deleted`, `NAME=deleting`, `NAME=error:MESSAGE`. */
export function parseFault(text: string): Fault {
  const eq = text.indexOf('=');
  const resource = eq < 0 ? '' : text.slice(0, eq);
  const what = eq < 0 ? '' : text.slice(eq + 1);
  if (!resource) throw new InputError(`--fault "${text}": expected NAME=deleted|deleting|error:MESSAGE, NAME a composition-resource-name`);
  if (what === 'deleted' || what === 'deleting') return { resource, kind: what };
  if (what.startsWith('error:') && what.length > 'error:'.length) return { resource, kind: 'error', message: what.slice('error:'.length) };
  if (what === 'error' || what === 'error:') throw new InputError(`--fault "${text}": error needs the provider's message, e.g. ${resource}=error:AccessDenied`);
  throw new InputError(`--fault "${text}": unknown fault "${what}" (allowed: deleted, deleting, error:MESSAGE)`);
}

const resourceName = (o: JsonObject): string | undefined => annotationsOf(o)[ANNOTATION_COMPOSITION_RESOURCE_NAME];

/** Everything an object controls, transitively (what Kubernetes GC deletes with it). */
function withDescendants(root: JsonObject, all: JsonObject[]): JsonObject[] {
  const out = [root];
  for (let i = 0; i < out.length; i++) {
    const uid = str(obj(out[i]!.metadata).uid);
    if (uid) out.push(...all.filter((o) => controllerUid(o) === uid));
  }
  return out;
}

function usageClusterOver(objects: JsonObject[]): UsageCluster {
  return {
    list: (group, kind, namespace) => inListOrder(objects.filter((o) => groupKind(o) === `${kind}.${group}` && (namespace === '' || namespaceOf(o) === namespace))),
    get: (group, kind, name, namespace) => objects.find((o) => groupKind(o) === `${kind}.${group}` && nameOf(o) === name && namespaceOf(o) === namespace),
    usages: () => inListOrder(objects.filter(isUsage)),
  };
}

/**
 * Renders with faults. The starting cluster is `observed` (what `--observed-resources` says exists),
 * else the converged render of the claim: faults happen to resources that exist.
 */
export function renderWithFaults(opts: RenderOptions, faults: Fault[]): { out: RenderOutput; outcomes: FaultOutcome[] } {
  if (opts.singlePass) throw new InputError('--fault needs the provider: drop --single-pass');
  let observed = opts.observed ?? render(opts).resources;
  const outcomes: FaultOutcome[] = [];
  const erroring = new Map<string, Fault>();
  const deleting = new Set<string>();
  const refused = new Map<string, string>();
  for (const fault of faults) {
    const hits = observed.filter((o) => resourceName(o) === fault.resource);
    if (hits.length === 0) {
      const known = [...new Set(observed.map(resourceName).filter((n): n is string => n !== undefined))].sort();
      throw new InputError(`--fault ${fault.resource}: no observed resource has composition-resource-name "${fault.resource}" (${known.length} known, e.g. ${known.slice(0, 8).join(', ')})`);
    }
    if (fault.kind === 'deleted') {
      const gone = new Set(hits.flatMap((h) => withDescendants(h, observed)));
      observed = observed.filter((o) => !gone.has(o));
    } else if (fault.kind === 'error') {
      for (const h of hits) erroring.set(nameOf(h), fault);
    } else {
      const cluster = usageClusterOver(observed);
      for (const h of hits) {
        // The webhook only sees objects the usage controller labelled in-use (its objectSelector).
        const verdict = interceptedByWebhook(h) ? admitDelete({ operation: 'DELETE', oldObject: h }, (o) => findUsagesOf(o, cluster)) : { allowed: true, code: 200 };
        if (verdict.allowed) deleting.add(nameOf(h));
        else refused.set(nameOf(h), verdict.reason ?? verdict.message ?? `refused (${verdict.code})`);
      }
    }
    outcomes.push({ fault, objects: hits.map(describe), outcome: '', remains: false });
  }

  const afterProvider = (mr: JsonObject): void => {
    const name = nameOf(mr);
    const e = erroring.get(name);
    if (e) {
      setConditions(mr, reconcileError(e.message!), { type: 'Ready', status: 'False', reason: 'Unavailable', message: `provider error: ${e.message!}`, lastTransitionTime: CONDITION_TIME });
    }
    if (deleting.has(name)) {
      const m = obj(mr.metadata);
      m.deletionTimestamp = DELETION_TIME;
      mr.metadata = m;
      setConditions(mr, { type: 'Ready', status: 'False', reason: 'Deleting', message: 'deletion requested: the provider is deleting the external resource', lastTransitionTime: CONDITION_TIME });
    }
  };
  const out = render({ ...opts, observed, afterProvider });

  for (const o of outcomes) {
    const now = out.resources.filter((r) => resourceName(r) === o.fault.resource);
    if (o.fault.kind === 'deleted') {
      const back = now.filter((r) => getCondition(r, 'Ready')?.status === 'True');
      o.remains = back.length < o.objects.length;
      o.outcome = o.remains
        ? `deleted; composed again as ${now.map(describe).join(', ') || 'nothing'} but not Ready yet`
        : `deleted; the composite composed it again and the provider recreated it: ${back.map(describe).join(', ')}`;
    } else if (o.fault.kind === 'error') {
      o.remains = true;
      const parents = composites(now, out);
      o.outcome = `provider error "${o.fault.message!}": Synced=False, not Ready; ${parents.join(', ')} not Ready (Unready resources names "${o.fault.resource}")`;
    } else {
      const blocked = now.filter((r) => refused.has(nameOf(r)));
      const going = now.filter((r) => deleting.has(nameOf(r)));
      o.remains = going.length > 0;
      const parts: string[] = [];
      if (blocked.length > 0) parts.push(`delete of ${blocked.map(describe).join(', ')} refused by the Usage webhook (409): ${refused.get(nameOf(blocked[0]!))}`);
      if (going.length > 0) parts.push(`${going.map(describe).join(', ')} being deleted (Ready=False, Deleting); Crossplane composes it again once the provider has deleted it`);
      o.outcome = parts.join('; ');
    }
  }
  return { out, outcomes };
}

/** 'Kind/name' of the composites controlling these resources. */
function composites(resources: JsonObject[], out: RenderOutput): string[] {
  const all = [out.composite, ...out.resources];
  const byUid = new Map(all.map((o) => [str(obj(o.metadata).uid) ?? '', o]));
  return [...new Set(resources.map((r) => byUid.get(controllerUid(r) ?? '')).filter((o): o is JsonObject => isObject(o)).map(describe))];
}
