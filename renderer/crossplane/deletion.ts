// Deleting a rendered claim, as Crossplane, Kubernetes and AWS would carry it out. One wave is one
// round in which every actor acts once, in this order:
//   1. deletes replayed by the usage controller (replayDeletion) in the previous wave;
//   2. Kubernetes garbage collection (pkg/controller/garbagecollector attemptToDeleteItem): an object
//      none of whose owners exists any more is deleted; owners that still exist keep it (a Usage
//      stays while its user exists, its owner since the usage controller's reconcile); an owner
//      being deleted in the foreground has its blocking dependents deleted first;
//   3. the claim controller: deletes its XR with the claim's compositeDeletePolicy, waits for it
//      under Foreground, then lets the claim go;
//   4. the composite controller: a deleted XR drops its finalizer (composed resources are left to
//      the garbage collector);
//   5. the provider: a deleted managed resource is deleted in AWS (unless its deletionPolicy or
//      managementPolicies keep it), then drops its finalizer; AWS refuses or breaks per
//      aws-dependencies.ts;
//   6. ProviderConfigs keep their in-use finalizer while a managed resource still uses them;
//   7. the usage controller finalizes deleted Usages (usage.ts finalizeUsage).
// Every DELETE passes the Usage webhook (usage.ts admitDelete) when the object carries the in-use
// label; a refused garbage-collector delete is retried after 1, 2, 4, ... waves (the workqueue's
// per-item exponential backoff), which is why replayDeletion matters.
import type { JsonObject } from '../types';
import {
  ANNOTATION_COMPOSITION_RESOURCE_NAME, annotationsOf, clone, describe, ensureUid, groupKind, groupOf, inListOrder, isObject, metadata, nameOf, namespaceOf, obj, str,
} from './crossplane';
import type { RenderOutput } from '../render';
import { isSimulatedManagedResource } from '../aws/provider';
import { DEPENDENCY_RULES, type DependencyPair, type DependencyRule, cascadedBy, dependencyPairs } from '../aws/aws-dependencies';
import {
  type PropagationPolicy, type UsageCluster, USAGE_FINALIZER, addFinalizer, admitDelete, finalizeUsage, finalizersOf, findUsagesOf,
  interceptedByWebhook, isDeleted, isUsage, removeFinalizer,
} from './usage';

export const CLAIM_FINALIZER = 'finalizer.apiextensions.crossplane.io';
export const COMPOSITE_FINALIZER = 'composite.apiextensions.crossplane.io';
export const MANAGED_FINALIZER = 'finalizer.managedresource.crossplane.io';
export const PROVIDER_CONFIG_FINALIZER = 'in-use.crossplane.io';
/** metav1.FinalizerDeleteDependents: set by the API server on a Foreground delete. */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';
const DELETION_TIMESTAMP = '2024-01-01T00:00:00Z';
/** The garbage collector's retry backoff stops doubling here (the workqueue caps at 1000 s). */
const GC_BACKOFF_CAP_WAVES = 64;

export type CompositeDeletePolicy = 'Background' | 'Foreground';

export type DeletionEvent = 'delete-requested' | 'delete-refused' | 'aws-delete' | 'aws-refused' | 'usage-waiting' | 'gone';

export type Actor =
  | 'user' | 'claim controller' | 'composite controller' | 'garbage collector' | 'usage controller' | 'usage controller (replayDeletion)'
  | 'provider' | 'provider config controller';

export interface DeletionStep {
  wave: number;
  event: DeletionEvent;
  /** 'Kind/name'. */
  object: string;
  /** Composition resource name (absent for the claim and the top-level XR). */
  resource?: string;
  actor: Actor;
  detail?: string;
}

export interface DeletionProblem {
  /**
   * aws-broken: deleted while a resource that is also being deleted still used it (wrong order);
   * retained-dangling: deleted while a resource the composition keeps in AWS (management policies
   * without Delete) still names it: the kept resource points at nothing after teardown (documented).
   */
  kind: 'aws-refused' | 'aws-broken' | 'retained-dangling' | 'stuck';
  /** 'Kind/name (resource)' of the object concerned (for AWS problems: the resource deleted too early). */
  object: string;
  message: string;
  /** For AWS problems: the dependency rule and 'Kind/name' of the user still depending on the object. */
  rule?: string;
  user?: string;
}

export interface DeletedObject {
  object: string;
  resource?: string;
  /** Wave the object left the cluster. */
  goneAt: number;
  /** Wave its AWS resource was deleted (managed resources whose delete reaches AWS). */
  awsDeletedAt?: number;
  /** DELETE requests the Usage webhook refused. */
  refusals: number;
}

export interface DeletionResult {
  policy: CompositeDeletePolicy;
  steps: DeletionStep[];
  /** Every object, in the order it left the cluster. */
  order: DeletedObject[];
  waves: number;
  /** Everything left the cluster within maxWaves. */
  complete: boolean;
  problems: DeletionProblem[];
}

export interface DeleteClaimOptions {
  /** How the claim deletes its XR; default: the claim's spec.compositeDeletePolicy, else Background. */
  policy?: CompositeDeletePolicy;
  maxWaves?: number;
  /** The AWS behaviour to check deletes against. */
  rules?: readonly DependencyRule[];
  /**
   * The order in which one actor handles the objects of a wave. The real controllers work
   * concurrently, so a correct deletion order must not depend on it: try both.
   * @default 'name'
   */
  withinWave?: 'name' | 'reverse';
}

interface OwnerRef {
  uid: string;
  blockOwnerDeletion: boolean;
}

function ownerRefs(o: JsonObject): OwnerRef[] {
  const refs = obj(o.metadata).ownerReferences;
  if (!Array.isArray(refs)) return [];
  return refs.filter(isObject).map((r) => ({ uid: str(r.uid) ?? '', blockOwnerDeletion: r.blockOwnerDeletion === true }));
}

const resourceName = (o: JsonObject): string | undefined => annotationsOf(o)[ANNOTATION_COMPOSITION_RESOURCE_NAME];
const isComposite = (o: JsonObject): boolean => isObject(obj(o.spec).compositionRef) || Array.isArray(obj(o.spec).resourceRefs);
const isProviderConfig = (o: JsonObject): boolean => o.kind === 'ProviderConfig';

/** deletionPolicy Delete and a management policy that includes Delete: the provider deletes the AWS resource. */
function deletesExternal(mr: JsonObject): boolean {
  const spec = obj(mr.spec);
  const policies = Array.isArray(spec.managementPolicies) ? spec.managementPolicies : ['*'];
  return (str(spec.deletionPolicy) ?? 'Delete') === 'Delete' && policies.some((p) => p === '*' || p === 'Delete');
}

class DeletionRun {
  readonly objects = new Map<string, JsonObject>();
  readonly steps: DeletionStep[] = [];
  readonly problems: DeletionProblem[] = [];
  private readonly aws = new Set<string>();
  private readonly pairsByUsed = new Map<string, DependencyPair[]>();
  private readonly all: JsonObject[];
  private readonly gcNext = new Map<string, number>();
  private readonly gcAttempts = new Map<string, number>();
  private replays: { uid: string; policy: PropagationPolicy }[] = [];
  private readonly reported = new Set<string>();
  private readonly waitingReported = new Set<string>();
  readonly goneAt = new Map<string, number>();
  readonly awsDeletedAt = new Map<string, number>();
  readonly refusals = new Map<string, number>();
  readonly described = new Map<string, { object: string; resource?: string }>();
  wave = 0;

  constructor(
    objects: JsonObject[], rules: readonly DependencyRule[], private readonly claimKey: { uid: string } | undefined, private readonly reverse: boolean,
  ) {
    this.all = objects;
    for (const o of objects) {
      const uid = ensureUid(o);
      this.objects.set(uid, o);
      this.described.set(uid, { object: describe(o), ...(resourceName(o) ? { resource: resourceName(o)! } : {}) });
      if (uid === claimKey?.uid) continue;
      if (isSimulatedManagedResource(o)) {
        addFinalizer(o, MANAGED_FINALIZER);
        this.aws.add(uid);
      } else if (isUsage(o)) addFinalizer(o, USAGE_FINALIZER);
      else if (isProviderConfig(o)) addFinalizer(o, PROVIDER_CONFIG_FINALIZER);
      else if (isComposite(o)) addFinalizer(o, COMPOSITE_FINALIZER);
    }
    if (claimKey) addFinalizer(this.objects.get(claimKey.uid)!, CLAIM_FINALIZER);
    for (const p of dependencyPairs(objects, rules)) {
      const k = str(obj(p.used.metadata).uid)!;
      this.pairsByUsed.set(k, [...(this.pairsByUsed.get(k) ?? []), p]);
    }
  }

  /** The live cluster as the usage machinery reads it. */
  view(): UsageCluster {
    const live = () => [...this.objects.values()];
    return {
      list: (g, k, n) => inListOrder(live().filter((o) => groupOf(str(o.apiVersion) ?? '') === g && o.kind === k && (n === '' || namespaceOf(o) === n))),
      get: (g, k, name, n) => live().find((o) => groupOf(str(o.apiVersion) ?? '') === g && o.kind === k && nameOf(o) === name && namespaceOf(o) === n),
      usages: () => inListOrder(live().filter(isUsage)),
    };
  }

  step(event: DeletionEvent, o: JsonObject, actor: Actor, detail?: string): void {
    const d = this.described.get(str(obj(o.metadata).uid) ?? '') ?? { object: describe(o) };
    this.steps.push({ wave: this.wave, event, ...d, actor, ...(detail ? { detail } : {}) });
  }

  private remove(o: JsonObject, actor: Actor): void {
    const uid = str(obj(o.metadata).uid)!;
    this.objects.delete(uid);
    this.goneAt.set(uid, this.wave);
    this.step('gone', o, actor);
  }

  /** Drops a finalizer; the API server removes a deleted object once none is left. */
  private release(o: JsonObject, finalizer: string, actor: Actor): void {
    removeFinalizer(o, finalizer);
    if (isDeleted(o) && finalizersOf(o).length === 0) this.remove(o, actor);
  }

  /** A DELETE request: the Usage webhook (if the object is labelled in-use), then the API server. */
  delete(o: JsonObject, policy: PropagationPolicy, actor: Actor): boolean {
    const uid = str(obj(o.metadata).uid)!;
    if (interceptedByWebhook(o)) {
      const view = this.view();
      const answer = admitDelete({ operation: 'DELETE', oldObject: o, propagationPolicy: policy }, (x) => findUsagesOf(x, view));
      if (!answer.allowed) {
        this.refusals.set(uid, (this.refusals.get(uid) ?? 0) + 1);
        this.step('delete-refused', o, actor, answer.reason ?? answer.message);
        return false;
      }
    }
    if (isDeleted(o)) return true;
    if (policy === 'Foreground') addFinalizer(o, FOREGROUND_FINALIZER);
    this.step('delete-requested', o, actor, `propagationPolicy ${policy}`);
    if (finalizersOf(o).length === 0) this.remove(o, actor);
    else metadata(o).deletionTimestamp = DELETION_TIMESTAMP;
    return true;
  }

  // ---------------------------------------------------------------- actors

  replayDeletes(): void {
    const due = this.replays;
    this.replays = [];
    for (const r of due) {
      const o = this.objects.get(r.uid);
      if (o && !isDeleted(o)) this.delete(o, r.policy, 'usage controller (replayDeletion)');
    }
  }

  garbageCollect(): void {
    for (const o of this.sorted()) {
      if (!this.objects.has(str(obj(o.metadata).uid)!)) continue;
      if (isDeleted(o)) {
        if (finalizersOf(o).includes(FOREGROUND_FINALIZER)) this.processDeletingDependents(o);
        continue;
      }
      if (ownerRefs(o).length > 0) this.attemptToDelete(o);
    }
  }

  private dependentsOf(uid: string): JsonObject[] {
    return [...this.objects.values()].filter((d) => ownerRefs(d).some((r) => r.uid === uid));
  }

  private processDeletingDependents(o: JsonObject): void {
    const uid = str(obj(o.metadata).uid)!;
    const blocking = [...this.objects.values()].filter((d) => ownerRefs(d).some((r) => r.uid === uid && r.blockOwnerDeletion));
    if (blocking.length === 0) {
      this.release(o, FOREGROUND_FINALIZER, 'garbage collector');
      return;
    }
    for (const d of blocking) if (!isDeleted(d)) this.attemptToDelete(d);
  }

  private attemptToDelete(o: JsonObject): void {
    const uid = str(obj(o.metadata).uid)!;
    const solid: OwnerRef[] = [];
    const stale: OwnerRef[] = [];
    let waiting = false;
    for (const r of ownerRefs(o)) {
      const owner = this.objects.get(r.uid);
      if (!owner) stale.push(r);
      else if (isDeleted(owner) && finalizersOf(owner).includes(FOREGROUND_FINALIZER)) {
        stale.push(r);
        waiting = true;
      } else solid.push(r);
    }
    if (solid.length > 0) {
      // An owner still exists: the object stays; references to gone or foreground-deleting owners are dropped.
      if (stale.length > 0) {
        const keep = new Set(solid.map((r) => r.uid));
        metadata(o).ownerReferences = (obj(o.metadata).ownerReferences as JsonObject[]).filter((r) => keep.has(str(r.uid) ?? ''));
      }
      return;
    }
    if ((this.gcNext.get(uid) ?? 0) > this.wave) return;
    const foreground = (waiting && this.dependentsOf(uid).length > 0) || finalizersOf(o).includes(FOREGROUND_FINALIZER);
    if (!this.delete(o, foreground ? 'Foreground' : 'Background', 'garbage collector')) {
      const n = (this.gcAttempts.get(uid) ?? 0) + 1;
      this.gcAttempts.set(uid, n);
      this.gcNext.set(uid, this.wave + Math.min(2 ** (n - 1), GC_BACKOFF_CAP_WAVES));
    }
  }

  reconcileClaim(policy: CompositeDeletePolicy): void {
    if (!this.claimKey) return;
    const claim = this.objects.get(this.claimKey.uid);
    if (!claim || !isDeleted(claim)) return;
    const ref = str(obj(obj(claim.spec).resourceRef).name);
    const xr = [...this.objects.values()].find((o) => o !== claim && isComposite(o) && nameOf(o) === ref && ownerRefs(o).length === 0);
    if (xr) {
      if (!(isDeleted(xr) && policy === 'Foreground')) this.delete(xr, policy, 'claim controller');
      if (policy === 'Foreground') return;
    }
    this.release(claim, CLAIM_FINALIZER, 'claim controller');
  }

  reconcileComposites(): void {
    for (const o of this.sorted()) {
      if (str(obj(o.metadata).uid) === this.claimKey?.uid) continue;
      if (isComposite(o) && isDeleted(o) && finalizersOf(o).includes(COMPOSITE_FINALIZER)) this.release(o, COMPOSITE_FINALIZER, 'composite controller');
    }
  }

  reconcileManaged(): void {
    for (const o of this.sorted()) {
      if (!isDeleted(o) || !finalizersOf(o).includes(MANAGED_FINALIZER)) continue;
      const uid = str(obj(o.metadata).uid)!;
      if (deletesExternal(o) && this.aws.has(uid) && !this.deleteInAws(o)) continue;
      this.release(o, MANAGED_FINALIZER, 'provider');
    }
  }

  /** The provider's delete call; false when AWS refuses it (retried next wave). */
  private deleteInAws(o: JsonObject): boolean {
    const uid = str(obj(o.metadata).uid)!;
    const live = (this.pairsByUsed.get(uid) ?? []).filter((p) => this.aws.has(str(obj(p.user.metadata).uid)!));
    const refusing = live.filter((p) => p.rule.effect === 'refuses');
    if (refusing.length > 0) {
      this.step('aws-refused', o, 'provider', `${refusing[0]!.rule.consequence} (${describe(refusing[0]!.user)} still exists)`);
      for (const p of refusing) this.report('aws-refused', o, p, `${p.rule.consequence} (${describe(p.user)} still exists)`);
      return false;
    }
    for (const p of live) {
      const kind = deletesExternal(p.user) ? 'aws-broken' : 'retained-dangling';
      this.report(kind, o, p, `deleted while ${describe(p.user)} (${resourceName(p.user) ?? '-'}) ${kind === 'aws-broken' ? 'still uses' : 'is kept in AWS and names'} it: ${p.rule.consequence} [${p.rule.id}]`);
    }
    this.aws.delete(uid);
    for (const c of cascadedBy(o, this.all)) this.aws.delete(str(obj(c.metadata).uid)!);
    this.awsDeletedAt.set(uid, this.wave);
    this.step('aws-delete', o, 'provider');
    return true;
  }

  private report(kind: 'aws-refused' | 'aws-broken' | 'retained-dangling', o: JsonObject, p: DependencyPair, message: string): void {
    const key = `${kind}|${p.rule.id}|${str(obj(p.user.metadata).uid)}|${str(obj(o.metadata).uid)}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const what = kind === 'aws-refused' ? `AWS refused the delete: ${message} [${p.rule.id}]` : message;
    this.problems.push({ kind, object: `${describe(o)} (${resourceName(o) ?? '-'})`, message: what, rule: p.rule.id, user: describe(p.user) });
  }

  reconcileProviderConfigs(): void {
    for (const pc of this.sorted()) {
      if (!isProviderConfig(pc) || !isDeleted(pc) || !finalizersOf(pc).includes(PROVIDER_CONFIG_FINALIZER)) continue;
      const g = groupOf(str(pc.apiVersion) ?? '');
      const inUse = [...this.objects.values()].some((mr) => isSimulatedManagedResource(mr)
        && (groupOf(str(mr.apiVersion) ?? '') === g || groupOf(str(mr.apiVersion) ?? '').endsWith(`.${g}`))
        && str(obj(obj(mr.spec).providerConfigRef).name) === nameOf(pc));
      if (!inUse) this.release(pc, PROVIDER_CONFIG_FINALIZER, 'provider config controller');
    }
  }

  reconcileUsages(): void {
    const view = this.view();
    for (const u of this.sorted()) {
      if (!isUsage(u) || !isDeleted(u) || !finalizersOf(u).includes(USAGE_FINALIZER)) continue;
      const uid = str(obj(u.metadata).uid)!;
      const outcome = finalizeUsage(u, view);
      if (outcome.kind === 'waiting') {
        if (!this.waitingReported.has(uid)) this.step('usage-waiting', u, 'usage controller', outcome.message);
        this.waitingReported.add(uid);
        continue;
      }
      if (outcome.replay) this.replays.push({ uid: str(obj(outcome.replay.object.metadata).uid)!, policy: outcome.replay.policy });
      if (finalizersOf(u).length === 0) this.remove(u, 'usage controller');
    }
  }

  private sorted(): JsonObject[] {
    const byName = [...this.objects.values()].sort((a, b) => groupKind(a).localeCompare(groupKind(b)) || nameOf(a).localeCompare(nameOf(b)));
    return this.reverse ? byName.reverse() : byName;
  }

  stuck(): DeletionProblem[] {
    return this.sorted().map((o) => {
      const fins = finalizersOf(o);
      const refused = this.refusals.get(str(obj(o.metadata).uid)!) ?? 0;
      const why = [
        isDeleted(o) ? `deleting, finalizers ${fins.join(', ') || 'none'}` : 'never deleted',
        ...(refused > 0 ? [`${refused} DELETE(s) refused by the Usage webhook`] : []),
      ].join('; ');
      return { kind: 'stuck' as const, object: `${describe(o)} (${resourceName(o) ?? '-'})`, message: `still in the cluster: ${why}` };
    });
  }
}

/**
 * Deletes the rendered claim (or XR): the user deletes it, then waves run until the cluster is
 * empty. Returns every step, the order objects left the cluster, and what AWS refused or what broke.
 */
export function deleteClaim(out: RenderOutput, options: DeleteClaimOptions = {}): DeletionResult {
  const objects = [...(out.claim ? [out.claim] : []), out.composite, ...out.resources].map((o) => clone(o));
  const top = objects[0]!;
  const fromClaim = str(obj(top.spec).compositeDeletePolicy);
  const policy: CompositeDeletePolicy = options.policy ?? (fromClaim === 'Foreground' ? 'Foreground' : 'Background');
  const run = new DeletionRun(objects, options.rules ?? DEPENDENCY_RULES, out.claim ? { uid: ensureUid(top) } : undefined, options.withinWave === 'reverse');
  const maxWaves = options.maxWaves ?? 500;
  run.delete(top, out.claim ? 'Background' : policy, 'user');
  let wave = 0;
  while (run.objects.size > 0 && wave < maxWaves) {
    run.wave = ++wave;
    run.replayDeletes();
    run.garbageCollect();
    run.reconcileClaim(policy);
    run.reconcileComposites();
    run.reconcileManaged();
    run.reconcileProviderConfigs();
    run.reconcileUsages();
  }
  const complete = run.objects.size === 0;
  const order: DeletedObject[] = [...run.goneAt.entries()]
    .map(([uid, goneAt]) => ({
      ...run.described.get(uid)!,
      goneAt,
      ...(run.awsDeletedAt.has(uid) ? { awsDeletedAt: run.awsDeletedAt.get(uid)! } : {}),
      refusals: run.refusals.get(uid) ?? 0,
    }))
    .sort((a, b) => a.goneAt - b.goneAt || a.object.localeCompare(b.object));
  return { policy, steps: run.steps, order, waves: wave, complete, problems: [...run.problems, ...(complete ? [] : run.stuck())] };
}
