// What Crossplane core does around a Composition's function pipeline, for one XR at a time:
// composition selection, running the pipeline steps, composed-resource metadata and names, XR status
// and readiness, garbage collection, and the claim <-> XR binding of LegacyCluster XRDs.
// Sources (crossplane/crossplane): internal/controller/apiextensions/composite/composition_functions.go,
// composition_render.go, reconciler.go; claim/syncer_ssa.go; internal/xcrd (well-known fields);
// cmd/crank/render (what `crossplane render` prints).
import { cloneJson, deepFreeze } from '../json';
import type { CompositionFunction, Json, JsonObject, Result, State } from '../types';
import { Ready } from '../types';
import { childName, deterministicUid, generateNameFrom } from './names';
import { patchAndTransform } from '../functions/function-patch-and-transform';
import { autoReady } from '../functions/function-auto-ready';
import { celFilter } from '../functions/function-cel-filter';
import { environmentConfigs } from '../functions/function-environment-configs';
import { FunctionRunError, type RequiredResourcesFetcher, runWithRequirements } from '../functions/required-resources';
import { RENDER_CHECKS } from '../checks';

export const ANNOTATION_COMPOSITION_RESOURCE_NAME = 'crossplane.io/composition-resource-name';
export const ANNOTATION_EXTERNAL_NAME = 'crossplane.io/external-name';
/** Label on XRs and composed resources: name of the top-level XR (prefix of composed names). */
export const LABEL_COMPOSITE = 'crossplane.io/composite';
export const LABEL_CLAIM_NAME = 'crossplane.io/claim-name';
export const LABEL_CLAIM_NAMESPACE = 'crossplane.io/claim-namespace';
/** crossplane render uses a fixed time so conditions don't add noise; so do we. */
export const CONDITION_TIME = '2024-01-01T00:00:00Z';

/** A problem with the inputs or the Composition (not a finding about rendered output). */
export class CompositionError extends Error {
  override name = 'CompositionError';
}

/**
 * A step's input as its function receives it: one deep-frozen copy per Composition step object, so
 * a function may key what it derives from the input by identity (P&T decodes it once) and a
 * function that tried to change its input would throw instead of changing the next call's. A copy
 * per call was most of the cloning of a render.
 */
const stepInputs = new WeakMap<JsonObject, JsonObject>();

function stepInput(input: JsonObject): JsonObject {
  let frozen = stepInputs.get(input);
  if (frozen === undefined) {
    frozen = deepFreeze(cloneJson(input) as JsonObject);
    stepInputs.set(input, frozen);
  }
  return frozen;
}

export type FunctionRegistry = Record<string, CompositionFunction>;

/**
 * The functions the renderer emulates, by the functionRef.name compositions use: the bare name of a
 * Function installed by hand, and `crossplane-contrib-<name>`, the name Crossplane's package manager
 * gives it when it is installed as a dependency of a Configuration (as this package's are).
 */
export function defaultFunctions(): FunctionRegistry {
  const emulated: FunctionRegistry = {
    'function-patch-and-transform': patchAndTransform,
    'function-cel-filter': celFilter,
    'function-auto-ready': autoReady,
    'function-environment-configs': environmentConfigs,
  };
  return Object.fromEntries(Object.entries(emulated).flatMap(([name, fn]) => [[name, fn], [`crossplane-contrib-${name}`, fn]]));
}

// ---------------------------------------------------------------- small JSON helpers

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep copy of plain JSON (see json.ts for why not structuredClone). */
export const clone = cloneJson;

export function obj(v: Json | undefined): JsonObject {
  return isObject(v) ? v : {};
}

export function str(v: Json | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function metadata(o: JsonObject): JsonObject {
  if (!isObject(o.metadata)) o.metadata = {};
  return o.metadata as JsonObject;
}

export function nameOf(o: JsonObject): string {
  return str(obj(o.metadata).name) ?? '';
}

/** metadata.namespace, '' for a cluster-scoped object. */
export function namespaceOf(o: JsonObject): string {
  return str(obj(o.metadata).namespace) ?? '';
}

/**
 * The items sorted by a string key computed once per item, compared by UTF-16 code unit: Go's byte
 * order for the ASCII keys it is given (names, kinds, apiVersions); localeCompare is a collation,
 * and slower. Stable: items with equal keys keep their order.
 */
export function sortedByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ key: key(item), item }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.item);
}

/** Objects in the order the API server lists them: by namespace, then name (their etcd keys' order). */
export function inListOrder(objects: JsonObject[]): JsonObject[] {
  if (objects.length < 2) return objects;
  return sortedByKey(objects, (o) => `${namespaceOf(o)}/${nameOf(o)}`);
}

export function labelsOf(o: JsonObject): Record<string, string> {
  return obj(obj(o.metadata).labels) as Record<string, string>;
}

export function annotationsOf(o: JsonObject): Record<string, string> {
  return obj(obj(o.metadata).annotations) as Record<string, string>;
}

export function setLabel(o: JsonObject, k: string, v: string): void {
  const m = metadata(o);
  if (!isObject(m.labels)) m.labels = {};
  (m.labels as JsonObject)[k] = v;
}

export function setAnnotation(o: JsonObject, k: string, v: string): void {
  const m = metadata(o);
  if (!isObject(m.annotations)) m.annotations = {};
  (m.annotations as JsonObject)[k] = v;
}

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/** 'Kind.group', the key style of references.json and aws-naming ('Bucket.s3.aws.upbound.io'). */
export function groupKind(o: JsonObject): string {
  return `${str(o.kind) ?? ''}.${groupOf(str(o.apiVersion) ?? '')}`;
}

/** 'Kind/name' for messages. */
export function describe(o: JsonObject): string {
  return `${str(o.kind) ?? '?'}/${nameOf(o)}`;
}

/** The object's uid, or a stable one derived from its identity (there is no API server to assign one). */
export function ensureUid(o: JsonObject): string {
  const m = metadata(o);
  if (typeof m.uid !== 'string' || m.uid === '') {
    const ns = str(m.namespace) ?? '';
    m.uid = deterministicUid(`${groupKind(o)}/${ns}/${nameOf(o)}`);
  }
  return m.uid as string;
}

export function controllerUid(o: JsonObject): string | undefined {
  const refs = obj(o.metadata).ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  for (const r of refs) if (isObject(r) && r.controller === true) return str(r.uid);
  return undefined;
}

// ---------------------------------------------------------------- conditions

export interface Condition extends JsonObject {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  lastTransitionTime: string;
}

export const available = (): Condition => ({ type: 'Ready', status: 'True', reason: 'Available', lastTransitionTime: CONDITION_TIME });
export const creating = (message?: string): Condition => ({
  type: 'Ready', status: 'False', reason: 'Creating', lastTransitionTime: CONDITION_TIME, ...(message ? { message } : {}),
});
export const reconcileSuccess = (): Condition => ({ type: 'Synced', status: 'True', reason: 'ReconcileSuccess', lastTransitionTime: CONDITION_TIME });
export const reconcileError = (message: string): Condition => ({
  type: 'Synced', status: 'False', reason: 'ReconcileError', lastTransitionTime: CONDITION_TIME, message,
});
/** claim/reconciler.go Waiting(): the claim's Ready while its XR is not ready. */
export const waiting = (): Condition => ({
  type: 'Ready', status: 'False', reason: 'Waiting', lastTransitionTime: CONDITION_TIME,
  message: 'Composite resource claim is waiting for composite resource to become Ready',
});

export function getCondition(o: JsonObject, type: string): JsonObject | undefined {
  const cs = obj(o.status).conditions;
  if (!Array.isArray(cs)) return undefined;
  return cs.find((c): c is JsonObject => isObject(c) && c.type === type);
}

export function isReady(o: JsonObject): boolean {
  return getCondition(o, 'Ready')?.status === 'True';
}

/** Replace conditions of the same type, keep the others (crossplane-runtime SetConditions). */
export function setConditions(o: JsonObject, ...conds: Condition[]): void {
  if (!isObject(o.status)) o.status = {};
  const status = o.status as JsonObject;
  const existing = Array.isArray(status.conditions) ? (status.conditions as Json[]).filter(isObject) : [];
  const types = new Set(conds.map((c) => c.type));
  status.conditions = [...existing.filter((c) => !types.has(str(c.type) ?? '')), ...conds];
}

// resource.StableNAndSomeMore(DefaultFirstN=3, names): sorted, "a, b, and c" / "a, b, c, and 2 more".
export function stableNAndSomeMore(names: string[], n = 3): string {
  const sorted = [...names].sort();
  if (sorted.length > n) return `${sorted.slice(0, n).join(', ')}, and ${sorted.length - n} more`;
  if (sorted.length === n) return `${sorted.slice(0, n - 1).join(', ')}, and ${sorted[n - 1]}`;
  return sorted.join(', ');
}

// ---------------------------------------------------------------- XRDs

export interface XrdInfo {
  xrd: JsonObject;
  group: string;
  kind: string;
  claimKind?: string;
  /** The version new XRs are created at (spec.versions[].referenceable). */
  referenceableVersion: string;
}

export function xrdInfo(xrd: JsonObject): XrdInfo {
  const spec = obj(xrd.spec);
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
  const ref = versions.find((v) => v.referenceable === true) ?? versions[0];
  const claimKind = str(obj(spec.claimNames).kind);
  return {
    xrd,
    group: str(spec.group) ?? '',
    kind: str(obj(spec.names).kind) ?? '',
    ...(claimKind ? { claimKind } : {}),
    referenceableVersion: str(ref?.name) ?? 'v1alpha1',
  };
}

/** The XRD that defines this object as an XR, if any. */
export function xrdForComposite(o: JsonObject, xrds: XrdInfo[]): XrdInfo | undefined {
  const g = groupOf(str(o.apiVersion) ?? '');
  return xrds.find((x) => x.group === g && x.kind === o.kind);
}

/** The XRD that offers this object as a claim, if any. */
export function xrdForClaim(o: JsonObject, xrds: XrdInfo[]): XrdInfo | undefined {
  const g = groupOf(str(o.apiVersion) ?? '');
  return xrds.find((x) => x.group === g && x.claimKind !== undefined && x.claimKind === o.kind);
}

// ---------------------------------------------------------------- composition selection

function compositionName(c: JsonObject): string {
  return nameOf(c);
}

/** Whether the Composition's compositeTypeRef is this XR's apiVersion and kind. */
export function compositesType(c: JsonObject, xr: JsonObject): boolean {
  const t = obj(obj(c.spec).compositeTypeRef);
  return t.apiVersion === xr.apiVersion && t.kind === xr.kind;
}

/** Where this XR keeps its Crossplane machinery fields: spec (v1/LegacyCluster) or spec.crossplane (v2). */
function machinery(xr: JsonObject): JsonObject {
  const spec = obj(xr.spec);
  return isObject(spec.crossplane) ? spec.crossplane : spec;
}

/**
 * The Composition for an XR, the order Crossplane resolves it: spec.compositionRef, else
 * spec.compositionSelector.matchLabels, else the XRD's enforced/default composition, else the only
 * Composition whose compositeTypeRef is the XR's type. Crossplane picks a random match for a selector
 * matching several; an offline render must be reproducible, so that is an error here.
 */
export function selectComposition(xr: JsonObject, compositions: JsonObject[], xrd?: XrdInfo): JsonObject {
  const who = `${describe(xr)} (${str(xr.apiVersion)})`;
  const byName = (n: string, why: string): JsonObject => {
    const c = compositions.find((x) => compositionName(x) === n);
    if (!c) throw new CompositionError(`${who}: ${why} Composition "${n}" not found (loaded: ${compositions.map(compositionName).sort().join(', ') || 'none'})`);
    if (!compositesType(c, xr)) {
      const t = obj(obj(c.spec).compositeTypeRef);
      throw new CompositionError(`${who}: ${why} Composition "${n}" composes ${str(t.kind)} (${str(t.apiVersion)}), not ${str(xr.kind)}`);
    }
    return c;
  };
  const xrdSpec = obj(xrd?.xrd.spec);
  const enforced = str(obj(xrdSpec.enforcedCompositionRef).name);
  if (enforced) return byName(enforced, 'the XRD enforces');
  const m = machinery(xr);
  const ref = str(obj(m.compositionRef).name);
  if (ref) return byName(ref, 'spec.compositionRef names');
  const candidates = compositions.filter((c) => compositesType(c, xr));
  const selector = obj(obj(m.compositionSelector).matchLabels);
  if (Object.keys(obj(m.compositionSelector)).length > 0) {
    const hits = candidates.filter((c) => Object.entries(selector).every(([k, v]) => labelsOf(c)[k] === v));
    const sel = JSON.stringify(selector);
    if (hits.length === 0) throw new CompositionError(`${who}: spec.compositionSelector.matchLabels ${sel} matches no Composition for ${str(xr.kind)} (candidates: ${candidates.map(compositionName).sort().join(', ') || 'none'})`);
    if (hits.length > 1) throw new CompositionError(`${who}: spec.compositionSelector.matchLabels ${sel} matches ${hits.length} Compositions: ${hits.map(compositionName).sort().join(', ')}; make the selector match exactly one`);
    return hits[0]!;
  }
  const dflt = str(obj(xrdSpec.defaultCompositionRef).name);
  if (dflt) return byName(dflt, 'the XRD defaults to');
  if (candidates.length === 0) throw new CompositionError(`${who}: no Composition has compositeTypeRef ${str(xr.apiVersion)} ${str(xr.kind)}`);
  if (candidates.length > 1) throw new CompositionError(`${who}: ${candidates.length} Compositions have compositeTypeRef ${str(xr.apiVersion)} ${str(xr.kind)}: ${candidates.map(compositionName).sort().join(', ')}; set spec.compositionRef or spec.compositionSelector`);
  return candidates[0]!;
}

/** The XR controller records the Composition it selected (propagated to the claim by the syncer). */
export function recordCompositionRef(xr: JsonObject, composition: JsonObject): void {
  const spec = obj(xr.spec);
  xr.spec = spec;
  const m = machinery(xr);
  m.compositionRef = { name: compositionName(composition) };
}

// ---------------------------------------------------------------- pipeline

export interface PipelineOutcome {
  desired: State;
  results: Result[];
  /** The first Fatal result: Crossplane stops the pipeline there and composes nothing. */
  fatal?: Result;
  /** A step that could not be run (errFmtRunPipelineStep): nothing is composed either. */
  error?: string;
}

/** Nothing to fetch: every name is not found, every label selector matches nothing. */
const fetchNothing: RequiredResourcesFetcher = (sel) => (sel.matchName !== undefined ? null : []);

/**
 * Run a Pipeline Composition's steps in order. Each step gets the same observed state and the desired
 * state returned by the previous step (the first starts empty); the context is passed along; a
 * Fatal result stops the pipeline (composition_functions.go Compose). Each step runs through the
 * requirements loop (required-resources.ts), fetching what it asks for with `fetch`.
 */
export function runPipeline(composition: JsonObject, observed: State, functions: FunctionRegistry, fetch: RequiredResourcesFetcher = fetchNothing): PipelineOutcome {
  const spec = obj(composition.spec);
  const cname = compositionName(composition);
  if (spec.mode !== undefined && spec.mode !== 'Pipeline') {
    throw new CompositionError(`Composition "${cname}": spec.mode ${JSON.stringify(spec.mode)} is not supported (Crossplane v2 Compositions are Pipeline only)`);
  }
  const steps = Array.isArray(spec.pipeline) ? spec.pipeline.filter(isObject) : [];
  if (steps.length === 0) throw new CompositionError(`Composition "${cname}": spec.pipeline has no steps`);
  let desired: State = { composite: { resource: {} }, resources: {} };
  let context: JsonObject = {};
  const results: Result[] = [];
  // Functions return new state and never write to their request (the emulated ones copy what they
  // change): the pipeline hands them the observed and desired state as they are. A copy of both
  // per step was a tenth of a render; under ZTA_RENDER_CHECKS=1 a function that changes its
  // request is an internal error.
  for (const s of steps) {
    const step = str(s.step) ?? '?';
    const fnName = str(obj(s.functionRef).name) ?? '';
    const fn = functions[fnName];
    if (!fn) {
      throw new CompositionError(`Composition "${cname}" step "${step}": function "${fnName}" is not emulated by the renderer (emulated: ${Object.keys(functions).sort().join(', ')})`);
    }
    const request = { observed, desired, ...(isObject(s.input) ? { input: stepInput(s.input) } : {}), context };
    const before = RENDER_CHECKS ? JSON.stringify([observed, desired, context]) : '';
    let rsp;
    try {
      rsp = runWithRequirements(fn, request, fetch);
    } catch (e) {
      if (!(e instanceof FunctionRunError)) throw e;
      return { desired, results, error: `cannot run Composition pipeline step ${JSON.stringify(step)}: ${e.message}` };
    } finally {
      if (RENDER_CHECKS && JSON.stringify([observed, desired, context]) !== before) {
        throw new Error(`internal error: function "${fnName}" (step "${step}" of Composition "${cname}") changed its request; a function returns new state and never writes to what it is given`);
      }
    }
    desired = rsp.desired;
    context = rsp.context ?? context;
    for (const r of rsp.results) {
      const withStep: Result = { ...r, step };
      results.push(withStep);
      if (r.severity === 'Fatal') return { desired, results, fatal: withStep };
    }
  }
  return { desired, results };
}

// ---------------------------------------------------------------- composed resources

/**
 * Standard composed-resource metadata (composition_render.go RenderComposedResourceMetadata +
 * names.GenerateName): generateName `<crossplane.io/composite label>-`, composition-resource-name
 * annotation, composite/claim labels copied from the XR, the XR as controller owner, and the
 * deterministic name ChildName(generateName, xrUID, resourceName) unless the resource already exists.
 * Completes `cd` in place and returns it: the callers own it (a copy of an observed resource; a
 * pipeline's response, whose resources the emulated functions build anew, never taking them from
 * the observed state or their input), and a copy of every composed resource on every reconcile was
 * ~2% of a render.
 */
export function renderComposedMetadata(cd: JsonObject, xr: JsonObject, resourceName: string, existingName?: string): JsonObject {
  const out = cd;
  const m = metadata(out);
  const xrLabels = labelsOf(xr);
  const prefix = xrLabels[LABEL_COMPOSITE] ?? nameOf(xr);
  if (!str(m.name) && !str(m.generateName)) m.generateName = `${prefix}-`;
  setAnnotation(out, ANNOTATION_COMPOSITION_RESOURCE_NAME, resourceName);
  setLabel(out, LABEL_COMPOSITE, prefix);
  // Only claim-backed XRs carry claim labels; don't invent empty ones.
  for (const k of [LABEL_CLAIM_NAME, LABEL_CLAIM_NAMESPACE]) if (xrLabels[k]) setLabel(out, k, xrLabels[k]);
  const uid = ensureUid(xr);
  const ownerRef: JsonObject = {
    apiVersion: str(xr.apiVersion) ?? '', kind: str(xr.kind) ?? '', name: nameOf(xr), uid,
    controller: true, blockOwnerDeletion: true,
  };
  const refs = Array.isArray(m.ownerReferences) ? m.ownerReferences.filter(isObject) : [];
  const other = refs.find((r) => r.controller === true && r.uid !== uid);
  if (other) throw new CompositionError(`${describe(out)} is already controlled by ${str(other.kind)}/${str(other.name)}; ${describe(xr)} cannot compose it`);
  m.ownerReferences = [...refs.filter((r) => r.uid !== uid), ownerRef];
  if (existingName) m.name = existingName;
  else if (!str(m.name)) m.name = childName(str(m.generateName) ?? '', uid, resourceName);
  return out;
}

/** The XR's Ready condition from the readiness the functions reported (render.go / reconciler.go). */
export function compositeReadyCondition(desired: State): Condition {
  const unready = Object.entries(desired.resources)
    .filter(([, r]) => r.ready !== Ready.True)
    .map(([n]) => n);
  // A function may set the XR's readiness explicitly; that supersedes the composed resources'.
  const explicit = desired.composite.ready;
  if (explicit === Ready.True) return available();
  if (explicit === Ready.False) return creating();
  return unready.length > 0 ? creating(`Unready resources: ${stableNAndSomeMore(unready)}`) : available();
}

/**
 * A pipeline can change only the XR's status; spec and metadata changes in the desired composite are
 * dropped. Status is applied as the XR controller's fully specified intent: what the pipeline no longer
 * returns goes away; conditions stay Crossplane's.
 */
export function applyCompositeStatus(xr: JsonObject, desired: State): void {
  const desiredStatus = obj(clone(obj(desired.composite.resource.status)));
  delete desiredStatus.conditions;
  const conditions = obj(xr.status).conditions;
  xr.status = { ...desiredStatus, ...(Array.isArray(conditions) ? { conditions } : {}) };
}

/**
 * spec.resourceRefs as the XR controller persists them (UpdateResourceRefs): sorted by
 * APIVersion+Kind+Name, concatenated and compared as Go's `<` compares strings. The uid
 * meta.ReferenceTo adds is pruned by the XR's schema.
 */
export function resourceRefs(composed: JsonObject[]): JsonObject[] {
  const refs = composed.map((c) => ({ apiVersion: str(c.apiVersion) ?? '', kind: str(c.kind) ?? '', name: nameOf(c) }));
  return sortedByKey(refs, (r) => r.apiVersion + r.kind + r.name);
}

/** Observed composed resources that the pipeline no longer desires: Crossplane deletes them. */
export function garbage(observed: Record<string, JsonObject>, desired: Record<string, unknown>): JsonObject[] {
  return Object.entries(observed)
    .filter(([n]) => !(n in desired))
    .map(([, o]) => o);
}

// ---------------------------------------------------------------- claims (LegacyCluster)

// xcrd.CompositeResourceClaimSpecProps minus xcrd.PropagateSpecProps: claim-only spec fields.
const CLAIM_ONLY_SPEC_FIELDS = ['compositionRevisionRef', 'compositeDeletePolicy', 'resourceRef', 'writeConnectionSecretToRef'];
// Fields the XR controller owns on the XR; a claim sync must not wipe them.
const XR_CONTROLLER_SPEC_FIELDS = ['compositionRef', 'resourceRefs', 'compositionRevisionRef'];
// xcrd legacy composite status props: Crossplane machinery not copied back to the claim.
const COMPOSITE_ONLY_STATUS_FIELDS = ['conditions', 'connectionDetails'];

/** syncer_ssa.go withoutReservedK8sEntries: *.kubernetes.io labels/annotations stay on the claim. */
function withoutReservedK8sEntries(m: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) {
    const prefix = k.includes('/') ? k.slice(0, k.indexOf('/')) : '';
    if (prefix === 'kubernetes.io' || prefix.endsWith('.kubernetes.io')) continue;
    out[k] = v;
  }
  return out;
}

/**
 * Claim -> XR (ServerSideCompositeSyncer.Sync): the XR is named `<claim-name>-<5 chars>` (or keeps
 * the name in the claim's spec.resourceRef), gets the claim's labels/annotations minus *.kubernetes.io
 * plus the claim-name/claim-namespace labels, the claim's spec minus claim-only fields, and
 * spec.claimRef. The claim gets spec.resourceRef. `existing` is the XR from a previous pass.
 */
export function syncClaimToComposite(claim: JsonObject, info: XrdInfo, existing?: JsonObject): JsonObject {
  const cm = metadata(claim);
  const claimName = nameOf(claim);
  const ns = str(cm.namespace) ?? 'default';
  cm.namespace = ns;
  const claimUid = ensureUid(claim);
  const refName = str(obj(obj(claim.spec).resourceRef).name);
  const name = refName ?? (existing ? nameOf(existing) : generateNameFrom(`${claimName}-`, claimUid));
  const xr: JsonObject = {
    apiVersion: `${info.group}/${info.referenceableVersion}`,
    kind: info.kind,
    metadata: { name },
  };
  const em = obj(existing?.metadata);
  if (str(em.uid)) metadata(xr).uid = em.uid!;
  for (const [k, v] of Object.entries(withoutReservedK8sEntries(labelsOf(claim)))) setLabel(xr, k, v);
  for (const [k, v] of Object.entries(withoutReservedK8sEntries(annotationsOf(claim)))) setAnnotation(xr, k, v);
  setLabel(xr, LABEL_CLAIM_NAME, claimName);
  setLabel(xr, LABEL_CLAIM_NAMESPACE, ns);
  const existingExternalName = annotationsOf(existing ?? {})[ANNOTATION_EXTERNAL_NAME];
  if (existingExternalName) setAnnotation(xr, ANNOTATION_EXTERNAL_NAME, existingExternalName);
  const spec: JsonObject = {};
  const existingSpec = obj(existing?.spec);
  for (const k of XR_CONTROLLER_SPEC_FIELDS) if (k in existingSpec) spec[k] = clone(existingSpec[k]!);
  for (const [k, v] of Object.entries(obj(claim.spec))) {
    if (CLAIM_ONLY_SPEC_FIELDS.includes(k)) continue;
    spec[k] = clone(v);
  }
  spec.claimRef = { apiVersion: str(claim.apiVersion) ?? '', kind: str(claim.kind) ?? '', name: claimName, namespace: ns };
  xr.spec = spec;
  if (existing && isObject(existing.status)) xr.status = clone(existing.status);
  const lbl = labelsOf(existing ?? {})[LABEL_COMPOSITE];
  if (lbl) setLabel(xr, LABEL_COMPOSITE, lbl);

  if (!isObject(claim.spec)) claim.spec = {};
  (claim.spec as JsonObject).resourceRef = { apiVersion: str(xr.apiVersion)!, kind: info.kind, name };
  return xr;
}

/**
 * XR -> claim: the XR's status (minus Crossplane machinery) replaces the claim's user status; the
 * claim keeps its own conditions (Synced, and Ready = Available once the XR is Ready, else Waiting);
 * the selected compositionRef flows back when the claim named none.
 */
export function syncCompositeToClaim(claim: JsonObject, xr: JsonObject): void {
  const xrStatus = obj(clone(obj(xr.status)));
  for (const k of COMPOSITE_ONLY_STATUS_FIELDS) delete xrStatus[k];
  claim.status = xrStatus;
  setConditions(claim, reconcileSuccess(), isReady(xr) ? available() : waiting());
  const spec = obj(claim.spec);
  const ref = obj(machinery(xr).compositionRef);
  if (!isObject(spec.compositionRef) && str(ref.name)) spec.compositionRef = { name: ref.name! };
  claim.spec = spec;
  const en = annotationsOf(xr)[ANNOTATION_EXTERNAL_NAME];
  if (en) setAnnotation(claim, ANNOTATION_EXTERNAL_NAME, en);
}

/** Top-level XRs label themselves as the name prefix of everything they compose (reconciler.go). */
export function labelTopLevelComposite(xr: JsonObject): void {
  if (!labelsOf(xr)[LABEL_COMPOSITE]) setLabel(xr, LABEL_COMPOSITE, nameOf(xr));
  ensureUid(xr);
}
