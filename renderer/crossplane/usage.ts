// Crossplane's Usage machinery (protection.crossplane.io Usage / ClusterUsage), ported from
// crossplane/crossplane internal/controller/protection/usage (reconciler.go, selector.go),
// internal/protection/usage/finder.go and internal/webhook/protection/usage/handler.go:
// - selector resolution: the first listed object whose labels match (and, with
//   matchControllerRef, whose controller is the Usage's controller) becomes spec.<end>.resourceRef;
//   upstream never reports ambiguity, so `candidates` is returned for our own lint;
// - the reconcile of a live Usage: finalizer, details annotation, the `crossplane.io/in-use` label on
//   the used object (what the webhook's objectSelector matches), an owner reference from the Usage
//   to the using object (so Kubernetes GC keeps the Usage until the user is gone), Ready;
// - the reconcile of a deleted Usage: a composed Usage with `by` waits for the user to be gone, the
//   in-use label goes when no other Usage remains, and with replayDeletion a delete that the webhook
//   refused earlier is issued again with the recorded propagation policy;
// - the admission webhook that refuses DELETE of a used object (HTTP 409) and records the attempt.
// Messages are upstream's, formatted as Go would (errors.Wrap = "<context>: <cause>").
import type { JsonObject } from '../types';
import { available, clone, controllerUid, ensureUid, groupOf, isObject, metadata, nameOf, namespaceOf, obj, setConditions, str } from './crossplane';
import { goQuote, sprintf } from '../go';

export const USAGE_GROUP = 'protection.crossplane.io';
/** Label the usage controller puts on a used object; the webhook only intercepts objects carrying it. */
export const LABEL_IN_USE = 'crossplane.io/in-use';
export const ANNOTATION_USAGE_DETAILS = 'crossplane.io/usage-details';
/** Set by the webhook on a refused delete: the propagation policy that a replay uses. */
export const ANNOTATION_DELETION_ATTEMPT = 'usage.crossplane.io/deletion-attempt-with-policy';
export const USAGE_FINALIZER = 'usage.apiextensions.crossplane.io';
/** Label of every composed resource (name of the top-level XR); marks a Usage as composed. */
const LABEL_COMPOSITE = 'crossplane.io/composite';
/** reconciler.go waitPollInterval: a deleted composed Usage re-checks its user this often. */
export const WAIT_POLL_SECONDS = 30;

export const UsageErrors = {
  resolveSelectors: 'cannot resolve selectors',
  resolveUsing: 'cannot resolve selector at "spec.by.resourceSelector"',
  resolveUsed: 'cannot resolve selector at "spec.of.resourceSelector"',
  noSelector: 'no selector defined for resolving',
  notFound: 'no %q found matching labels: %q',
  notFoundWithControllerRef: 'no %q found matching labels: %q and with same controller reference',
  getUsed: 'cannot get used',
  getUsing: 'cannot get using',
  parseApiVersion: 'cannot parse APIVersion',
  unexpectedOperation: 'unexpected operation %q, expected "DELETE"',
} as const;

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** Usage kinds Crossplane's Finder indexes: namespaced and cluster protection Usages, the legacy Usage. */
const USAGE_KINDS: ReadonlyArray<{ group: string; kind: string }> = [
  { group: USAGE_GROUP, kind: 'Usage' },
  { group: USAGE_GROUP, kind: 'ClusterUsage' },
  { group: 'apiextensions.crossplane.io', kind: 'Usage' },
];

export function isUsage(o: JsonObject): boolean {
  const g = groupOf(str(o.apiVersion) ?? '');
  return USAGE_KINDS.some((k) => k.group === g && k.kind === o.kind);
}

/** What the usage machinery reads from the API server. */
export interface UsageCluster {
  /** Objects of a group and kind (any version) in `namespace` ('' = every namespace), in API list order. */
  list(group: string, kind: string, namespace: string): JsonObject[];
  get(group: string, kind: string, name: string, namespace: string): JsonObject | undefined;
  /** Every Usage object (for the Finder). */
  usages(): JsonObject[];
  /** Told of an object the controller changed in place besides the Usage (the used or using object). */
  changed?(o: JsonObject): void;
}

/** An error carrying upstream's wrapped message. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function wrap(e: unknown, context: string): UsageError {
  return new UsageError(`${context}: ${e instanceof Error ? e.message : String(e)}`);
}

// ---------------------------------------------------------------- small accessors

const labels = (o: JsonObject): Record<string, string> => obj(obj(o.metadata).labels) as Record<string, string>;
const annotations = (o: JsonObject): Record<string, string> => obj(obj(o.metadata).annotations) as Record<string, string>;
const spec = (u: JsonObject): JsonObject => obj(u.spec);

export function isDeleted(o: JsonObject): boolean {
  return typeof obj(o.metadata).deletionTimestamp === 'string';
}

/** spec.of / spec.by of a Usage (by may be absent). */
function end(u: JsonObject, which: 'of' | 'by'): JsonObject | undefined {
  const e = spec(u)[which];
  return isObject(e) ? e : undefined;
}

function refName(e: JsonObject | undefined): string {
  return str(obj(e?.resourceRef).name) ?? '';
}

/** The namespace an end refers to: its own, else the Usage's ('' for a ClusterUsage). */
function refNamespace(e: JsonObject, usage: JsonObject): string {
  return str(obj(e.resourceRef).namespace) ?? namespaceOf(usage);
}

function setLabel(o: JsonObject, k: string, v: string): void {
  const m = metadata(o);
  m.labels = { ...obj(m.labels), [k]: v };
}

function removeLabel(o: JsonObject, k: string): void {
  const m = metadata(o);
  if (!isObject(m.labels) || !(k in m.labels)) return;
  const rest = { ...m.labels };
  delete rest[k];
  if (Object.keys(rest).length > 0) m.labels = rest;
  else delete m.labels;
}

function setAnnotation(o: JsonObject, k: string, v: string): void {
  const m = metadata(o);
  m.annotations = { ...obj(m.annotations), [k]: v };
}

export function finalizersOf(o: JsonObject): string[] {
  const f = obj(o.metadata).finalizers;
  return Array.isArray(f) ? f.filter((x): x is string => typeof x === 'string') : [];
}

export function addFinalizer(o: JsonObject, f: string): void {
  const current = finalizersOf(o);
  if (!current.includes(f)) metadata(o).finalizers = [...current, f];
}

export function removeFinalizer(o: JsonObject, f: string): void {
  const rest = finalizersOf(o).filter((x) => x !== f);
  const m = metadata(o);
  if (rest.length > 0) m.finalizers = rest;
  else delete m.finalizers;
}

// ---------------------------------------------------------------- selectors (selector.go)

export interface Resolution {
  /** Names of every object the selector matched, in list order (the first one wins). */
  candidates: string[];
}

function resolveSelector(e: JsonObject, usage: JsonObject, cluster: UsageCluster): Resolution {
  const selector = e.resourceSelector;
  if (!isObject(selector)) throw new UsageError(UsageErrors.noSelector);
  const kind = str(e.kind) ?? '';
  const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : undefined;
  // An `of` selector may name a namespace; otherwise (and for `by`) the Usage's own ('' = cluster scope).
  const ns = str(selector.namespace) ?? namespaceOf(usage);
  const listed = cluster.list(groupOf(str(e.apiVersion) ?? ''), kind, ns)
    .filter((o) => Object.entries(matchLabels ?? {}).every(([k, v]) => labels(o)[k] === v));
  // %q of a Go map[string]string prints map["k":"v" ...] with sorted keys; a nil map prints map[].
  if (listed.length === 0) throw new UsageError(sprintf(UsageErrors.notFound, kind, matchLabels ?? {}));
  const mustMatch = selector.matchControllerRef === true;
  const usageController = controllerUid(usage);
  const hits = listed.filter((o) => !mustMatch || (usageController !== undefined && controllerUid(o) === usageController));
  const chosen = hits[0];
  if (!chosen) throw new UsageError(sprintf(UsageErrors.notFoundWithControllerRef, kind, matchLabels ?? {}));
  const ref: JsonObject = { name: nameOf(chosen) };
  // The namespace is persisted only for an object outside the Usage's namespace.
  if (namespaceOf(chosen) !== namespaceOf(usage)) ref.namespace = namespaceOf(chosen);
  e.resourceRef = ref;
  return { candidates: hits.map(nameOf) };
}

export interface SelectorResolution {
  of?: Resolution;
  by?: Resolution;
}

/**
 * ResolveSelectors: an end whose resourceRef has no name is resolved from its resourceSelector and the
 * reference is written into the Usage; a resolved end is left alone (resolution happens once).
 */
export function resolveSelectors(usage: JsonObject, cluster: UsageCluster): SelectorResolution {
  const out: SelectorResolution = {};
  const of = end(usage, 'of') ?? {};
  if (refName(of) === '') {
    try {
      out.of = resolveSelector(of, usage, cluster);
    } catch (e) {
      throw wrap(e, UsageErrors.resolveUsed);
    }
    spec(usage).of = of;
  }
  const by = end(usage, 'by');
  if (!by) return out;
  if (refName(by) === '') {
    try {
      out.by = resolveSelector(by, usage, cluster);
    } catch (e) {
      throw wrap(e, UsageErrors.resolveUsing);
    }
  }
  return out;
}

// ---------------------------------------------------------------- reconcile (reconciler.go)

/** reconciler.go detailsAnnotation: the reason, else "<by> uses <of>", else "undefined". */
export function detailsAnnotation(usage: JsonObject): string {
  const reason = str(spec(usage).reason) ?? '';
  if (reason !== '') return reason;
  const by = end(usage, 'by');
  const of = end(usage, 'of') ?? {};
  if (by) {
    const ns = str(obj(of.resourceRef).namespace) ?? '';
    const base = `${str(by.kind) ?? ''}/${refName(by)} uses ${str(of.kind) ?? ''}/${refName(of)}`;
    return ns !== '' ? `${base} in namespace ${ns}` : base;
  }
  return 'undefined';
}

function notFound(kind: string, group: string, name: string): string {
  return `${kind}.${group} ${goQuote(name)} not found`;
}

function getEnd(e: JsonObject, cluster: UsageCluster, nsOf: (e: JsonObject) => string): JsonObject | undefined {
  return cluster.get(groupOf(str(e.apiVersion) ?? ''), str(e.kind) ?? '', refName(e), nsOf(e));
}

/** schema.ParseGroupVersion: "", "v1" and "group/version" parse; more than one '/' does not. */
function checkApiVersion(apiVersion: string): void {
  if (apiVersion.split('/').length > 2) throw new UsageError(`${UsageErrors.parseApiVersion}: unexpected GroupVersion string: ${apiVersion}`);
}

export interface ReconcileOutcome {
  /** Selector resolution of this reconcile (absent when both ends were already resolved). */
  resolution: SelectorResolution;
}

/**
 * One reconcile of a live (not deleted) Usage. Throws UsageError with upstream's message when the
 * Usage cannot be configured yet (selectors, used or using object missing); the caller retries.
 */
export function reconcileUsage(usage: JsonObject, cluster: UsageCluster): ReconcileOutcome {
  checkApiVersion(str(end(usage, 'of')?.apiVersion) ?? '');
  let resolution: SelectorResolution;
  try {
    resolution = resolveSelectors(usage, cluster);
  } catch (e) {
    throw wrap(e, UsageErrors.resolveSelectors);
  }
  addFinalizer(usage, USAGE_FINALIZER);
  const details = detailsAnnotation(usage);
  if (annotations(usage)[ANNOTATION_USAGE_DETAILS] !== details) setAnnotation(usage, ANNOTATION_USAGE_DETAILS, details);
  const of = end(usage, 'of')!;
  const used = getEnd(of, cluster, (e) => refNamespace(e, usage));
  if (!used) throw new UsageError(`${UsageErrors.getUsed}: ${notFound(str(of.kind) ?? '', groupOf(str(of.apiVersion) ?? ''), refName(of))}`);
  if (labels(used)[LABEL_IN_USE] !== 'true') {
    setLabel(used, LABEL_IN_USE, 'true');
    cluster.changed?.(used);
  }
  const by = end(usage, 'by');
  if (by) {
    // The using object is always cluster scoped or in the Usage's namespace.
    const using = getEnd(by, cluster, () => namespaceOf(usage));
    if (!using) throw new UsageError(`${UsageErrors.getUsing}: ${notFound(str(by.kind) ?? '', groupOf(str(by.apiVersion) ?? ''), refName(by))}`);
    const hadUid = str(obj(using.metadata).uid) !== undefined;
    const uid = ensureUid(using);
    if (!hadUid) cluster.changed?.(using);
    const refs = Array.isArray(obj(usage.metadata).ownerReferences) ? (obj(usage.metadata).ownerReferences as JsonObject[]) : [];
    if (!refs.some((r) => isObject(r) && r.uid === uid)) {
      // meta.AsOwner(TypedReferenceTo(using)): not a controller, does not block owner deletion.
      metadata(usage).ownerReferences = [...refs, { apiVersion: str(using.apiVersion) ?? '', kind: str(using.kind) ?? '', name: nameOf(using), uid }];
    }
  }
  setConditions(usage, available());
  return { resolution };
}

export type FinalizeOutcome =
  | { kind: 'waiting'; message: string; requeueAfterSeconds: number }
  | {
    kind: 'released';
    /** The in-use label was removed from the used object (no other Usage of it remains). */
    labelRemoved: boolean;
    /** replayDeletion: the used object to delete again, with the policy the refused delete used. */
    replay?: { object: JsonObject; policy: PropagationPolicy };
  };

/**
 * One reconcile of a deleted Usage. A composed Usage with `by` waits while the user exists (its
 * composite may be going away with it); then the used object loses the in-use label unless another
 * Usage of it exists, a refused delete is replayed when replayDeletion is set, and the Usage's
 * finalizer is removed (the caller removes the object once no finalizer remains).
 */
export function finalizeUsage(usage: JsonObject, cluster: UsageCluster): FinalizeOutcome {
  const by = end(usage, 'by');
  if (by && (labels(usage)[LABEL_COMPOSITE] ?? '') !== '') {
    const using = getEnd(by, cluster, () => namespaceOf(usage));
    if (using) {
      return {
        kind: 'waiting',
        message: `Waiting for the using resource (which is a ${goQuote(str(by.kind) ?? '')} named ${goQuote(refName(by))}) to be deleted.`,
        requeueAfterSeconds: WAIT_POLL_SECONDS,
      };
    }
  }
  const of = end(usage, 'of') ?? {};
  const used = getEnd(of, cluster, (e) => refNamespace(e, usage));
  let labelRemoved = false;
  let replay: { object: JsonObject; policy: PropagationPolicy } | undefined;
  if (used) {
    // This Usage still exists (with its finalizer), so "no other Usage" means fewer than two.
    if (findUsagesOf(used, cluster).length < 2 && LABEL_IN_USE in labels(used)) {
      removeLabel(used, LABEL_IN_USE);
      cluster.changed?.(used);
      labelRemoved = true;
    }
    const policy = annotations(used)[ANNOTATION_DELETION_ATTEMPT];
    if (spec(usage).replayDeletion === true && policy !== undefined) replay = { object: used, policy: policy as PropagationPolicy };
  }
  removeFinalizer(usage, USAGE_FINALIZER);
  return { kind: 'released', labelRemoved, ...(replay ? { replay } : {}) };
}

// ---------------------------------------------------------------- finder (finder.go)

/** finder.go indexVal: group/kind/name/namespace of a used object (the version is ignored). */
function indexKey(apiVersion: string, kind: string, name: string, namespace: string): string {
  return `${groupOf(apiVersion)}/${kind}/${name}/${namespace}`;
}

/** The index value of a Usage (by its resolved `of`), or undefined while `of` is unresolved. */
function usageIndexKey(u: JsonObject): string | undefined {
  const of = end(u, 'of');
  if (!of || refName(of) === '') return undefined;
  const namespaced = u.kind === 'Usage' && groupOf(str(u.apiVersion) ?? '') === USAGE_GROUP;
  const ns = namespaced ? refNamespace(of, u) : '';
  return indexKey(str(of.apiVersion) ?? '', str(of.kind) ?? '', refName(of), ns);
}

/** Every Usage of `o`: namespaced Usages, then ClusterUsages, then legacy Usages (FindUsageOf). */
export function findUsagesOf(o: JsonObject, cluster: UsageCluster): JsonObject[] {
  const key = indexKey(str(o.apiVersion) ?? '', str(o.kind) ?? '', nameOf(o), namespaceOf(o));
  const clusterKey = indexKey(str(o.apiVersion) ?? '', str(o.kind) ?? '', nameOf(o), '');
  const all = cluster.usages();
  const rank = (u: JsonObject): number => USAGE_KINDS.findIndex((k) => k.group === groupOf(str(u.apiVersion) ?? '') && k.kind === u.kind);
  return all
    .filter((u) => usageIndexKey(u) === (rank(u) === 0 ? key : clusterKey))
    .sort((a, b) => rank(a) - rank(b));
}

// ---------------------------------------------------------------- admission webhook (handler.go)

export interface AdmissionRequest {
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT' | string;
  /** The object being deleted (request.OldObject). */
  oldObject?: JsonObject;
  /** DeleteOptions.propagationPolicy; Background when unset. */
  propagationPolicy?: PropagationPolicy;
}

export interface AdmissionResponse {
  allowed: boolean;
  /** HTTP status of the result: 200, 400 (bad request) or 409 (in use). */
  code: number;
  /** metav1.Status.Reason: the in-use message of a refusal. */
  reason?: string;
  /** metav1.Status.Message: the error of a bad request. */
  message?: string;
  /** The annotation the webhook patched onto the object (a refused delete records its policy). */
  annotated?: { key: string; value: string };
}

/** The message of a refused delete: how many Usages, and the first one (by, else reason). */
export function inUseMessage(usages: readonly JsonObject[]): string {
  const first = usages[0]!;
  const ns = namespaceOf(first);
  const id = ns !== '' ? `${goQuote(nameOf(first))} (in namespace ${goQuote(ns)})` : goQuote(nameOf(first));
  // %T of the unwrapped API object, e.g. *v1beta1.ClusterUsage (Crossplane >= v2.2; earlier
  // releases printed the internal wrapper type, *protection.InternalClusterUsage).
  const version = (str(first.apiVersion) ?? '').split('/')[1] ?? '';
  const type = `*${version}.${str(first.kind) ?? ''}`;
  const by = end(first, 'by');
  if (by) return `This resource is in-use by ${usages.length} usage(s), including the ${type} ${id} by resource ${str(by.kind) ?? ''}/${refName(by)}.`;
  const reason = str(spec(first).reason) ?? '';
  if (reason !== '') return `This resource is in-use by ${usages.length} usage(s), including the ${type} ${id} with reason: ${goQuote(reason)}.`;
  return `This resource is in-use by ${usages.length} usage(s), including the ${type} ${id}.`;
}

/**
 * The validating webhook `nousages.protection.crossplane.io`. Kubernetes calls it only for objects
 * labelled crossplane.io/in-use=true (objectSelector); a DELETE of an object that some Usage uses is
 * refused with 409 and the attempt's propagation policy is recorded on the object. `findUsages` is
 * the Finder (normally `(o) => findUsagesOf(o, cluster)`).
 */
export function admitDelete(request: AdmissionRequest, findUsages: (o: JsonObject) => JsonObject[]): AdmissionResponse {
  if (request.operation !== 'DELETE') {
    return { allowed: false, code: 400, message: sprintf(UsageErrors.unexpectedOperation, request.operation) };
  }
  if (!request.oldObject) return { allowed: false, code: 400, message: 'unexpected end of JSON input' };
  const o = request.oldObject;
  let usages: JsonObject[];
  try {
    usages = findUsages(o);
  } catch (e) {
    return { allowed: false, code: 500, message: e instanceof Error ? e.message : String(e) };
  }
  if (usages.length === 0) return { allowed: true, code: 200 };
  const policy = request.propagationPolicy ?? 'Background';
  let annotated: AdmissionResponse['annotated'];
  if (annotations(o)[ANNOTATION_DELETION_ATTEMPT] !== policy) {
    setAnnotation(o, ANNOTATION_DELETION_ATTEMPT, policy);
    annotated = { key: ANNOTATION_DELETION_ATTEMPT, value: policy };
  }
  return { allowed: false, code: 409, reason: inUseMessage(usages), ...(annotated ? { annotated } : {}) };
}

/** Whether the webhook sees a DELETE of this object at all (its objectSelector). */
export function interceptedByWebhook(o: JsonObject): boolean {
  return labels(o)[LABEL_IN_USE] === 'true';
}

// ---------------------------------------------------------------- fields other controllers own

/**
 * What the usage controller and the webhook write onto composed objects. The composite controller
 * applies its desired state with server-side apply, so these fields (owned by another manager)
 * survive its updates; the renderer's apply must keep them too.
 */
export function keepUsageFields(existing: JsonObject, desired: JsonObject): void {
  const inUse = labels(existing)[LABEL_IN_USE];
  if (inUse !== undefined && labels(desired)[LABEL_IN_USE] === undefined) setLabel(desired, LABEL_IN_USE, inUse);
  for (const k of [ANNOTATION_USAGE_DETAILS, ANNOTATION_DELETION_ATTEMPT]) {
    const v = annotations(existing)[k];
    if (v !== undefined && annotations(desired)[k] === undefined) setAnnotation(desired, k, v);
  }
  for (const f of finalizersOf(existing)) addFinalizer(desired, f);
  const refs = (o: JsonObject): JsonObject[] => (Array.isArray(obj(o.metadata).ownerReferences) ? (obj(o.metadata).ownerReferences as JsonObject[]).filter(isObject) : []);
  const mine = refs(desired);
  const added = refs(existing).filter((r) => r.controller !== true && !mine.some((m) => m.uid === r.uid));
  if (added.length > 0) metadata(desired).ownerReferences = [...mine, ...added.map((r) => clone(r))];
  if (!isUsage(existing)) return;
  for (const which of ['of', 'by'] as const) {
    const was = end(existing, which);
    const now = end(desired, which);
    if (was && now && isObject(was.resourceRef) && !isObject(now.resourceRef)) now.resourceRef = clone(was.resourceRef);
  }
}
