// The offline convergence loop. A pass is one reconcile of every controller Crossplane would run:
// the claim syncer, every XR's composition (top-level and nested, parents first), then the provider
// for every managed resource against the cluster as it stood when the provider phase began. Passes
// repeat until the whole simulated cluster stops changing.
import { isDeepStrictEqual } from 'node:util';
import { sameJson } from './json';
import type { JsonObject, Result } from './types';
import {
  ANNOTATION_COMPOSITION_RESOURCE_NAME, ANNOTATION_EXTERNAL_NAME, CompositionError, type FunctionRegistry,
  type XrdInfo, annotationsOf, applyCompositeStatus, clone, compositeReadyCondition, compositesType,
  controllerUid, defaultFunctions, describe, ensureUid, garbage, getCondition, groupKind, groupOf, isObject, isReady,
  inListOrder, labelTopLevelComposite, nameOf, namespaceOf, obj, recordCompositionRef, reconcileError, reconcileSuccess,
  renderComposedMetadata, resourceRefs, runPipeline, selectComposition, setConditions, sortedByKey, stableNAndSomeMore,
  str, syncClaimToComposite, syncCompositeToClaim, xrdForClaim, xrdForComposite, xrdInfo, defaultFromXrd,
  type UsageCluster, UsageError, isDeleted, isUsage, keepUsageFields, reconcileUsage,
} from './crossplane';
import {
  type ClusterView, type ReferenceMap, SimulatedProvider, loadReferenceMap, type OrganizationFacts,
  findKindFormat, awsNameSources, checkAwsName,
} from './aws';
import { Validator, formatProblem } from '../validator/validate';
import { fetcherOver } from './functions';
import { RENDER_CHECKS } from './checks';

export type ProblemKind = 'composition' | 'pipeline' | 'reference' | 'readiness' | 'convergence' | 'schema' | 'aws-name' | 'usage';

export interface RenderProblem {
  kind: ProblemKind;
  /** 'Kind/name' of the object concerned. */
  object: string;
  message: string;
}

export interface RenderResult extends Result {
  /** 'Kind/name' of the XR whose pipeline produced it. */
  composite: string;
}

/** Validates one rendered object; returns human-readable problem lines. */
export interface ObjectValidator {
  validate(o: JsonObject): string[];
}

export interface RenderOptions {
  /** A claim (namespaced, offered by an XRD's claimNames) or an XR. */
  claimOrXr: JsonObject;
  compositions: JsonObject[];
  xrds: JsonObject[];
  /** functionRef.name -> emulated function; defaults to P&T + auto-ready. */
  functions?: FunctionRegistry;
  /** Composed resources that already exist (like `crossplane render --observed-resources`). */
  observed?: JsonObject[];
  /** One reconcile and no provider, like `crossplane render`. */
  singlePass?: boolean;
  accountId?: string;
  region?: string;
  maxPasses?: number;
  references?: ReferenceMap;
  /** Management and delegated administrator accounts: the simulated provider refuses organization APIs from other accounts. @default - not checked */
  organization?: OrganizationFacts;
  /** Schema/CEL validation of composed resources; defaults to the project's Validator; null = none. */
  validator?: ObjectValidator | null;
  /**
   * Objects that exist in the cluster outside the rendered tree: the EnvironmentConfigs that bind a
   * namespace to its account (what `crossplane render --required-resources` supplies), or stand-ins
   * for the rest of a claim when one domain composite is rendered alone. Selectors and functions'
   * requirements can match them; they are never composed, reconciled, checked or returned.
   */
  clusterObjects?: JsonObject[];
  /**
   * The AWS organization's management account, the only one whose Organizations policy calls the
   * simulated AWS accepts. @default - the composite's spec.parameters.managementAccount.id (the
   * organization composite names it), else not checked
   */
  organizationManagementAccountId?: string;
  /**
   * Runs on every managed resource right after the simulated provider reconciled it, every pass: a
   * stated fault (renderer/cli/faults.ts: a provider error, a deletion in progress) overrides what the
   * provider reported.
   */
  afterProvider?: (mr: JsonObject) => void;
}

export interface RenderOutput {
  composite: JsonObject;
  claim?: JsonObject;
  /** Every composed resource, nested XRs and what they compose included, sorted. */
  resources: JsonObject[];
  /** Passes until nothing changed any more (the confirming pass is not counted). */
  passes: number;
  converged: boolean;
  /** metadata.name -> the pass after which the object was first Ready. */
  readyAtPass: Record<string, number>;
  results: RenderResult[];
  problems: RenderProblem[];
}

const DEFAULT_ACCOUNT = '111122223333';
const DEFAULT_REGION = 'us-east-1';

/** The project's Validator (CRD bundle + the loaded XRDs), adapted to ObjectValidator. */
export function projectValidator(xrds: JsonObject[]): ObjectValidator {
  // One per loaded package (the XRD list's identity) per process: adding ~25 XRDs to a fresh
  // Validator on every render was about a twentieth of a claim's render.
  const cached = validatorsByXrds.get(xrds);
  if (cached) return cached;
  const v = Validator.fromBundle();
  for (const x of xrds) v.addXrd(x);
  const validator: ObjectValidator = { validate: (o) => v.validate(o).map((p) => formatProblem(p)) };
  validatorsByXrds.set(xrds, validator);
  return validator;
}
const validatorsByXrds = new WeakMap<JsonObject[], ObjectValidator>();

// ---------------------------------------------------------------- the simulated cluster

function keyOf(o: JsonObject): string {
  return `${groupKind(o)}|${namespaceOf(o)}|${nameOf(o)}`;
}

/** Ticks on every change of any cluster's objects: a kind's version is the tick of its last change. */
let clock = 0;
const kindOfKey = (key: string): string => key.slice(0, key.indexOf('|'));

class Cluster implements ClusterView {
  readonly objects = new Map<string, JsonObject>();
  /**
   * JSON text of objects, kept by identity. Change detection serialises each object several times a
   * pass (a composite's state before and after its reconcile, its memo, the pass fingerprint), and
   * that was a sixth of a render. Code that changes an object in place forgets it (the XR a
   * reconcile works on, what the usage controller read); a new version is a new object.
   */
  private readonly texts = new WeakMap<JsonObject, string>();
  /**
   * The text a forgotten object had. Most objects changed in place come out the same (an XR
   * reconciled to the same state, a Usage confirmed): its next text is then this very string, so
   * every later comparison with a copy of it is by reference, not character by character.
   */
  private readonly staleTexts = new WeakMap<JsonObject, string>();
  /**
   * Keys per 'Kind.group' (the kind is part of the key, so replacing an object under its key never
   * moves it): the provider lists a kind for every reference it resolves, and a scan of the whole
   * cluster per reference was a tenth of the render.
   */
  private readonly byKind = new Map<string, Set<string>>();
  /**
   * Keys per controller uid, and each key's place in the map's order: every composite reconcile
   * asks for its children, and a scan of the cluster per composite per pass added up. Objects
   * change controller only by being stored again (renderComposedMetadata works on a new object).
   */
  private readonly byController = new Map<string, Set<string>>();
  private readonly controllerOfKey = new Map<string, string | undefined>();
  private readonly order = new Map<string, number>();
  private inserted = 0;
  /**
   * Per 'Kind.group', the clock's tick when an object of the kind was last stored, replaced,
   * deleted or changed in place (forgotten). A snapshot keeps its source's versions, so equal
   * versions mean the kind's objects are the same objects with the same content.
   */
  private versions = new Map<string, number>();
  version(kind: string): number {
    return this.versions.get(kind) ?? 0;
  }
  get(key: string): JsonObject | undefined {
    return this.objects.get(key);
  }
  put(o: JsonObject): void {
    this.set(keyOf(o), o);
  }
  /** JSON.stringify(o), kept until o is forgotten. */
  text(o: JsonObject): string {
    let t = this.texts.get(o);
    if (t === undefined) {
      t = JSON.stringify(o);
      const stale = this.staleTexts.get(o);
      if (stale !== undefined) {
        this.staleTexts.delete(o);
        if (stale === t) t = stale;
      }
      this.texts.set(o, t);
    } else if (RENDER_CHECKS && t !== JSON.stringify(o)) {
      throw new Error(`internal error: ${keyOf(o)} changed in place after its text was kept (forget it where it is changed)`);
    }
    return t;
  }
  /** o was (or is about to be) changed in place. */
  forget(o: JsonObject): void {
    const t = this.texts.get(o);
    if (t !== undefined) {
      this.staleTexts.set(o, t);
      this.texts.delete(o);
    }
    this.versions.set(groupKind(o), ++clock);
  }
  /**
   * A new version of the object under `key`, stored unless its text equals the stored object's:
   * an apply or reconcile that changes nothing keeps the stored object, and its kept text. Returns
   * the object the cluster holds.
   */
  update(key: string, next: JsonObject): JsonObject {
    const stored = this.objects.get(key);
    // Compared as values (same text, without writing it): a new version that differs gets its text
    // when the pass's fingerprint asks for it.
    if (stored && sameJson(next, stored)) {
      if (RENDER_CHECKS && JSON.stringify(next) !== this.text(stored)) throw new Error(`internal error: ${key} compared equal to its stored version but its text differs`);
      return stored;
    }
    this.set(key, next);
    return next;
  }
  /** Store under a key (the object's own, or the one it already has). */
  set(key: string, o: JsonObject): void {
    if (this.objects.get(key) !== o) this.versions.set(kindOfKey(key), ++clock);
    if (!this.objects.has(key)) {
      const kind = kindOfKey(key);
      let keys = this.byKind.get(kind);
      if (!keys) this.byKind.set(kind, (keys = new Set()));
      keys.add(key);
      this.order.set(key, this.inserted++);
    }
    this.objects.set(key, o);
    const uid = controllerUid(o);
    const old = this.controllerOfKey.get(key);
    if (old !== uid || !this.controllerOfKey.has(key)) {
      if (old !== undefined) this.byController.get(old)?.delete(key);
      if (uid !== undefined) {
        let keys = this.byController.get(uid);
        if (!keys) this.byController.set(uid, (keys = new Set()));
        keys.add(key);
      }
      this.controllerOfKey.set(key, uid);
    }
  }
  delete(o: JsonObject): void {
    const key = keyOf(o);
    if (!this.objects.has(key)) return;
    this.objects.delete(key);
    this.versions.set(kindOfKey(key), ++clock);
    this.byKind.get(kindOfKey(key))?.delete(key);
    const uid = this.controllerOfKey.get(key);
    if (uid !== undefined) this.byController.get(uid)?.delete(key);
    this.controllerOfKey.delete(key);
    this.order.delete(key);
  }
  list(kind: string): JsonObject[] {
    return inListOrder(this.ofKind(kind));
  }
  /**
   * The first of list(kind) named `name`: list sorts the kind's objects, in this order, with a
   * stable sort, so among objects of one name the first here is the first there.
   */
  named(kind: string, name: string): JsonObject | undefined {
    const keys = this.byKind.get(kind);
    if (!keys) return undefined;
    for (const k of keys) {
      const o = this.objects.get(k)!;
      if (nameOf(o) === name) return o;
    }
    return undefined;
  }
  /** The objects of one 'Kind.group', unsorted. */
  ofKind(kind: string): JsonObject[] {
    const keys = this.byKind.get(kind);
    if (!keys) return [];
    const out: JsonObject[] = [];
    for (const k of keys) out.push(this.objects.get(k)!);
    return out;
  }
  /** Objects whose controller is the object with this uid. */
  controlledBy(uid: string): JsonObject[] {
    return this.keysControlledBy(uid).map((k) => this.objects.get(k)!);
  }
  /** Keys of the objects controlled by uid, in the map's order. */
  keysControlledBy(uid: string): string[] {
    const keys = this.byController.get(uid);
    if (!keys || keys.size === 0) return [];
    return [...keys].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }
  /** The cluster as the usage controller and its webhook read it (API list order: namespace, name). */
  usageView(): UsageCluster {
    const all = () => [...this.objects.values()];
    return {
      // Only the kind's objects: a scan of the whole cluster per selector was a twentieth of the render.
      list: (group, kind, namespace) => inListOrder(this.ofKind(`${kind}.${group}`).filter((o) => groupKind(o) === `${kind}.${group}` && (namespace === '' || namespaceOf(o) === namespace))),
      get: (group, kind, name, namespace) => this.objects.get(`${kind}.${group}|${namespace}|${name}`),
      usages: () => inListOrder(all().filter(isUsage)),
    };
  }
  /**
   * The cluster as it is now, sharing its objects: a later set() replaces an object under its key
   * in this cluster only. Safe while nobody mutates a stored object in place during the snapshot's
   * life: the provider clones the managed resource it reconciles and copies only strings (extracted
   * values, names) out of what it reads. A deep copy per pass was a seventh of the render.
   */
  snapshot(): Cluster {
    const c = new Cluster();
    for (const [k, v] of this.objects) c.set(k, v);
    c.versions = new Map(this.versions);
    return c;
  }
  /**
   * Each object serialised for change detection, as JSON.stringify writes it (native, several times
   * faster than a key-sorted serialisation); changedKeys compares key-order-blind only where the texts differ.
   */
  fingerprint(): Map<string, string> {
    const m = new Map<string, string>();
    for (const [k, v] of this.objects) m.set(k, this.text(v));
    return m;
  }
}

/** Keys whose object was added, removed or changed in content (the order of its keys aside). */
function changedKeys(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => {
    const a = before.get(k);
    const b = after.get(k);
    if (a === b) return false;
    if (a === undefined || b === undefined) return true;
    // Reordered keys keep the text's length: texts of other lengths differ in content.
    if (a.length !== b.length) return true;
    // Nearly every text that differs is a real change; isDeepStrictEqual ignores key order and
    // stops at the first difference (two key-sorted serialisations here were 7% of a render).
    return !isDeepStrictEqual(JSON.parse(a), JSON.parse(b));
  }).sort();
}

function describeKey(k: string): string {
  const [gk, ns, name] = k.split('|');
  return `${gk!.split('.')[0]}/${ns ? `${ns}/` : ''}${name}`;
}

// ---------------------------------------------------------------- apply (server-side apply, simplified)

/**
 * Apply a desired composed resource over what exists. The composition's intent replaces spec,
 * labels and annotations; what other controllers own survives: status, and the external-name
 * annotation the provider set. For a nested XR, the fields its own controller writes survive too.
 */
function applyComposed(existing: JsonObject | undefined, desired: JsonObject, nestedXr: boolean, provider?: SimulatedProvider): JsonObject {
  // `desired` is the caller's own (the pipeline's response, completed by renderComposedMetadata): completed in place, not copied.
  const out = desired;
  if (!existing) return out;
  keepUsageFields(existing, out);
  if (!nestedXr) provider?.keepResolvedReferences(existing, out);
  const en = annotationsOf(existing)[ANNOTATION_EXTERNAL_NAME];
  if (en && !annotationsOf(out)[ANNOTATION_EXTERNAL_NAME]) {
    const m = obj(out.metadata);
    m.annotations = { ...obj(m.annotations), [ANNOTATION_EXTERNAL_NAME]: en };
    out.metadata = m;
  }
  const em = obj(existing.metadata);
  if (str(em.uid)) obj(out.metadata).uid = em.uid!;
  if (isObject(existing.status)) out.status = clone(existing.status);
  if (nestedXr) {
    const spec = obj(out.spec);
    for (const k of ['compositionRef', 'resourceRefs']) {
      const v = obj(existing.spec)[k];
      if (v !== undefined && spec[k] === undefined) spec[k] = clone(v);
    }
    out.spec = spec;
  }
  return out;
}

// ---------------------------------------------------------------- render

interface PassDiagnostics {
  /** Per composed MR key: why it is not Ready. */
  pending: Map<string, string[]>;
  /** Per Usage key: why the usage controller could not configure it this pass. */
  usages: Map<string, string>;
  results: RenderResult[];
  problems: RenderProblem[];
}

export function render(opts: RenderOptions): RenderOutput {
  const xrds: XrdInfo[] = opts.xrds.map(xrdInfo);
  const functions = opts.functions ?? defaultFunctions();
  const maxPasses = opts.singlePass ? 1 : (opts.maxPasses ?? 25);
  const input = clone(opts.claimOrXr);
  const claimXrd = xrdForClaim(input, xrds);
  // Like `crossplane render`, an XR needs no XRD when a Composition composes its type.
  const knownType = claimXrd ?? xrdForComposite(input, xrds) ?? opts.compositions.some((c) => compositesType(c, input));
  if (!knownType) {
    const known = xrds.flatMap((x) => [x.kind, ...(x.claimKind ? [x.claimKind] : [])]).sort().join(', ') || 'none';
    throw new CompositionError(`${describe(input)}: kind ${str(input.kind)} (${str(input.apiVersion)}) is not defined by any loaded XRD (known kinds: ${known})`);
  }
  // The API server defaults a claim or XR from its XRD schema when it is written.
  defaultFromXrd(input, claimXrd ?? xrdForComposite(input, xrds));
  const claim = claimXrd ? input : undefined;
  const accountId = opts.accountId ?? DEFAULT_ACCOUNT;
  const region = opts.region ?? DEFAULT_REGION;
  const managementAccount = opts.organizationManagementAccountId ?? str(obj(obj(obj(input.spec).parameters).managementAccount).id);
  const provider = opts.singlePass ? undefined : new SimulatedProvider({
    references: opts.references ?? loadReferenceMap(), accountId, region,
    ...(opts.organization ? { organization: opts.organization } : {}),
    ...(managementAccount !== undefined ? { organizationManagementAccountId: managementAccount } : {}),
  });

  const cluster = new Cluster();
  let topKey: string;
  if (claim) {
    const xr = syncClaimToComposite(claim, claimXrd!);
    labelTopLevelComposite(xr);
    cluster.put(xr);
    topKey = keyOf(xr);
  } else {
    labelTopLevelComposite(input);
    cluster.put(input);
    topKey = keyOf(input);
  }
  for (const o of opts.observed ?? []) adoptObserved(cluster, clone(o), cluster.get(topKey)!);
  const outside = new Set<string>();
  for (const o of opts.clusterObjects ?? []) {
    const c = clone(o);
    ensureUid(c);
    cluster.put(c);
    outside.add(keyOf(c));
  }

  // The API server's validation: a composed resource it refuses is never created (admit below).
  let validator = opts.validator ?? null;
  let validatorUnavailable: string | undefined;
  if (opts.validator === undefined) {
    try {
      validator = projectValidator(opts.xrds);
    } catch (e) {
      // Without the schema bundle the render is still useful; say loudly what was not checked.
      validatorUnavailable = `schema validation unavailable: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  const admit = admission(validator);

  const readyAtPass: Record<string, number> = {};
  let diag: PassDiagnostics = { pending: new Map(), usages: new Map(), results: [], problems: [] };
  // Selectors resolve once; an ambiguous one stays a finding of the whole render.
  const ambiguousUsages = new Map<string, RenderProblem>();
  let passes = 0;
  let converged = false;
  let lastChanged: string[] = [];

  const compositeMemo = new Map<string, CompositeMemo>();
  const managedMemo = new Map<string, ManagedMemo>();
  // Nothing changes between passes, so a pass's closing fingerprint is the next pass's opening one.
  let before = cluster.fingerprint();
  for (let pass = 1; pass <= maxPasses; pass++) {
    diag = { pending: new Map(), usages: new Map(), results: [], problems: [] };
    if (claim) {
      const xr = syncClaimToComposite(claim, claimXrd!, cluster.get(topKey));
      cluster.put(xr);
    }
    reconcileComposites(cluster, topKey, opts.compositions, xrds, functions, diag, admit, provider, compositeMemo);
    if (provider) reconcileManaged(cluster, provider, diag, managedMemo, opts.afterProvider);
    if (!opts.singlePass) reconcileUsages(cluster, diag, ambiguousUsages);
    if (claim) syncCompositeToClaim(claim, cluster.get(topKey)!);
    for (const o of [...cluster.objects.values(), ...(claim ? [claim] : [])]) {
      if (isReady(o) && readyAtPass[nameOf(o)] === undefined) readyAtPass[nameOf(o)] = pass;
    }
    const after = cluster.fingerprint();
    lastChanged = changedKeys(before, after);
    before = after;
    if (lastChanged.length === 0) {
      converged = true;
      break;
    }
    passes = pass;
  }
  if (opts.singlePass) converged = true;

  const composite = cluster.get(topKey)!;
  const resources = sortedByKey(
    [...cluster.objects.entries()].filter(([k]) => k !== topKey && !outside.has(k)).map(([, o]) => o),
    (o) => `${annotationsOf(o)[ANNOTATION_COMPOSITION_RESOURCE_NAME] ?? ''}\u0000${nameOf(o)}`,
  );
  const problems = [...diag.problems];
  if (!converged) {
    problems.push({
      kind: 'convergence', object: describe(composite),
      message: `did not settle within ${maxPasses} passes; still changing: ${lastChanged.map(describeKey).join(', ')}`,
    });
  }
  if (provider) problems.push(...readinessProblems(cluster, topKey, xrds, provider, diag, outside));
  problems.push(...[...diag.usages].map(([k, message]) => ({ kind: 'usage' as const, object: describe(cluster.get(k)!), message })), ...ambiguousUsages.values());
  if (validatorUnavailable) problems.push({ kind: 'schema', object: describe(composite), message: validatorUnavailable });
  problems.push(...validationProblems(resources, xrds, validator));
  if (provider) problems.push(...awsNameCollisions(resources, provider, cluster, region));
  return {
    composite, ...(claim ? { claim } : {}), resources, passes, converged, readyAtPass, results: diag.results, problems,
  };
}

/** An observed resource belongs to the top-level XR unless its controller reference says otherwise. */
function adoptObserved(cluster: Cluster, o: JsonObject, xr: JsonObject): void {
  const rn = annotationsOf(o)[ANNOTATION_COMPOSITION_RESOURCE_NAME];
  if (!rn) throw new CompositionError(`observed resource ${describe(o)} has no ${ANNOTATION_COMPOSITION_RESOURCE_NAME} annotation`);
  if (!controllerUid(o)) cluster.put(renderComposedMetadata(o, xr, rn, nameOf(o) || undefined));
  else cluster.put(o);
}

/** Run the composition of the top-level XR, then of every nested XR it (transitively) composes. */
/** What the API server says to a create or update: its problems, or none. */
type Admission = (o: JsonObject) => string[];

/**
 * The API server's schema and CEL validation of a composed resource, as Crossplane meets it when it
 * applies one. The same object is validated once per render, whatever the number of passes.
 */
function admission(validator: ObjectValidator | null): Admission {
  if (!validator) return () => [];
  const seen = new Map<string, string[]>();
  return (o) => {
    // The status subresource is not part of what the composition applies.
    const { status: _status, ...applied } = o;
    // The text as written: the same object in another key order is only validated again.
    const key = JSON.stringify(applied);
    let found = seen.get(key);
    if (!found) {
      found = validator.validate(applied);
      seen.set(key, found);
    }
    return found;
  };
}

/**
 * What one composite's last reconcile read and reported. When that reconcile changed nothing (its
 * XR and the objects it read were the same after as before) and they are still the same, running it
 * again would change nothing and report the same: the composite is skipped and its report repeated.
 * Passes 10-17 of the dev claim re-ran every composite to change a few objects.
 */
interface CompositeMemo {
  /** The XR, its children and the other keys it read, serialised after the reconcile. */
  state: string[];
  /** Keys it looked up that it does not control (conflicts, refused composites). */
  extraKeys: string[];
  /** Kinds its functions required (function-environment-configs): every object of each. */
  kinds: string[];
  /** The reconcile changed nothing it reads. */
  fixpoint: boolean;
  results: RenderResult[];
  problems: RenderProblem[];
  nested: string[];
}

/** The XR's key and the keys of the objects it controls. */
function compositeKeys(cluster: Cluster, key: string): string[] {
  const uid = str(obj(cluster.get(key)?.metadata).uid);
  return [key, ...(uid ? cluster.keysControlledBy(uid) : [])];
}

/**
 * The XR and the objects it controls, serialised: each key followed by its object's JSON text (the
 * cluster keeps texts by identity, so an unchanged object compares by reference). JSON.stringify,
 * not the key-order-blind comparison of passes: equal text is equal content, and the rare
 * reordering only costs a reconcile that could have been skipped.
 */
function compositeState(cluster: Cluster, key: string): string[] {
  const out: string[] = [];
  for (const k of compositeKeys(cluster, key)) stateLine(cluster, k, out);
  return out;
}

/** A composite's state followed by the other objects its reconcile read (absent ones included) and every object of the kinds it required. */
function withReads(cluster: Cluster, own: readonly string[], extraKeys: readonly string[], kinds: readonly string[]): string[] {
  const out = [...own, ''];
  for (const k of extraKeys) stateLine(cluster, k, out);
  for (const kind of kinds) {
    out.push(`kind ${kind}`);
    for (const o of cluster.ofKind(kind)) stateLine(cluster, keyOf(o), out);
  }
  return out;
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What one reconcile read besides its XR and the objects it controls. */
interface Reads {
  keys: Set<string>;
  kinds: Set<string>;
}

function stateLine(cluster: Cluster, k: string, out: string[]): void {
  const o = cluster.get(k);
  out.push(k, o ? cluster.text(o) : '-');
}

function reconcileComposites(
  cluster: Cluster, topKey: string, compositions: JsonObject[], xrds: XrdInfo[], functions: FunctionRegistry, diag: PassDiagnostics, admit: Admission,
  provider: SimulatedProvider | undefined, memo: Map<string, CompositeMemo>,
): void {
  const queue = [topKey];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const key = queue.shift()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const xr = cluster.get(key);
    if (!xr) continue;
    const last = memo.get(key);
    // Serialised once: the memo's check and the reconcile's "before" are the same text.
    const before = compositeState(cluster, key);
    if (last?.fixpoint && sameLines(withReads(cluster, before, last.extraKeys, last.kinds), last.state)) {
      diag.results.push(...last.results);
      diag.problems.push(...last.problems);
      queue.push(...last.nested);
      continue;
    }
    const results = diag.results.length;
    const problems = diag.problems.length;
    const reads: Reads = { keys: new Set(), kinds: new Set() };
    let nested: string[];
    try {
      nested = reconcileComposite(cluster, xr, key === topKey, compositions, xrds, functions, diag, admit, provider, reads).map(keyOf);
    } finally {
      // The reconcile changes the XR in place (conditions, references, defaults).
      cluster.forget(xr);
    }
    queue.push(...nested);
    const own = new Set(compositeKeys(cluster, key));
    const extraKeys = [...reads.keys].filter((k) => !own.has(k)).sort();
    const after = compositeState(cluster, key);
    const kinds = [...reads.kinds].sort();
    memo.set(key, {
      state: withReads(cluster, after, extraKeys, kinds), extraKeys, kinds,
      fixpoint: sameLines(before, after),
      results: diag.results.slice(results), problems: diag.problems.slice(problems), nested,
    });
  }
}

/** One XR reconcile (composite reconciler + FunctionComposer.Compose). Returns the nested XRs it composes. */
function reconcileComposite(
  cluster: Cluster, xr: JsonObject, isTop: boolean, compositions: JsonObject[], xrds: XrdInfo[], functions: FunctionRegistry,
  diag: PassDiagnostics, admit: Admission, provider: SimulatedProvider | undefined, reads: Reads,
): JsonObject[] {
  const uid = ensureUid(xr);
  const who = describe(xr);
  const observed: Record<string, JsonObject> = {};
  for (const o of cluster.controlledBy(uid)) {
    const rn = annotationsOf(o)[ANNOTATION_COMPOSITION_RESOURCE_NAME];
    if (rn) observed[rn] = o;
  }
  const nestedOf = (objs: JsonObject[]) => objs.filter((o) => xrdForComposite(o, xrds) !== undefined);
  let composition: JsonObject;
  try {
    composition = selectComposition(xr, compositions, xrdForComposite(xr, xrds));
  } catch (e) {
    // The top-level XR without a Composition is bad input; a nested one is a finding of this render.
    if (!(e instanceof CompositionError) || isTop) throw e;
    setConditions(xr, reconcileError(e.message));
    diag.problems.push({ kind: 'composition', object: who, message: e.message });
    return nestedOf(Object.values(observed));
  }
  defaultFromXrd(xr, xrdForComposite(xr, xrds));
  recordCompositionRef(xr, composition);
  // The functions read the XR and its resources as the cluster holds them (they never write to them).
  const outcome = runPipeline(composition, {
    composite: { resource: xr },
    resources: Object.fromEntries(Object.entries(observed).map(([n, o]) => [n, { resource: o }])),
  }, functions, fetcherOver((sel) => {
    // What a function requires is every object of a kind (a new one may match): the memo reads the kind.
    const kind = `${sel.kind}.${groupOf(sel.apiVersion)}`;
    reads.kinds.add(kind);
    return cluster.ofKind(kind);
  }));
  diag.results.push(...outcome.results.map((r) => ({ ...r, composite: who })));
  if (outcome.fatal || outcome.error) {
    const message = outcome.fatal
      ? `cannot compose resources: pipeline step "${outcome.fatal.step}" returned a fatal result: ${outcome.fatal.message}`
      : `cannot compose resources: ${outcome.error}`;
    setConditions(xr, reconcileError(message));
    diag.problems.push({ kind: 'pipeline', object: who, message });
    return nestedOf(Object.values(observed));
  }
  const applied: JsonObject[] = [];
  const unsynced: string[] = [];
  for (const [rn, state] of Object.entries(outcome.desired.resources)) {
    const existing = observed[rn];
    const cd = renderComposedMetadata(state.resource, xr, rn, existing ? nameOf(existing) : undefined);
    const isXr = xrdForComposite(cd, xrds) !== undefined;
    reads.keys.add(keyOf(cd));
    const current = cluster.get(keyOf(cd));
    const other = current ? controllerUid(current) : undefined;
    if (current && other && other !== uid) {
      const message = `composed resource "${rn}" would be ${describe(cd)}, which another composite controls`;
      diag.problems.push({ kind: 'composition', object: who, message });
      continue;
    }
    // renderComposedMetadata returned a copy of the function's resource: applyComposed completes it.
    const merged = applyComposed(current, cd, isXr, provider);
    // An invalid resource is not applied (composition_functions.go: a warning, the resource marked
    // not synced, the rest composed); what existed stays as it was. Checked here for composites,
    // whose refusal decides what is composed beneath them; a managed resource is validated once,
    // with everything else, at the end of the render (validating each of its versions on every
    // pass doubled the render time).
    const refused = isXr ? admit(merged) : [];
    if (refused.length > 0) {
      unsynced.push(rn);
      for (const line of refused) diag.problems.push({ kind: 'schema', object: describe(cd), message: `the API server refuses composed resource "${rn}": ${line}` });
      if (current) applied.push(current);
      continue;
    }
    if (isXr) ensureUid(merged);
    applied.push(cluster.update(keyOf(cd), merged));
  }
  for (const stale of garbage(observed, outcome.desired.resources)) deleteCascading(cluster, stale);
  const spec = obj(xr.spec);
  spec.resourceRefs = resourceRefs(applied);
  xr.spec = spec;
  applyCompositeStatus(xr, outcome.desired);
  // reconciler.go: any unsynced composed resource makes the XR not Synced.
  const synced = unsynced.length > 0 ? reconcileError(`Unsynced resources: ${stableNAndSomeMore(unsynced)}`) : reconcileSuccess();
  setConditions(xr, synced, compositeReadyCondition(outcome.desired));
  return nestedOf(applied);
}

/** Kubernetes garbage collection: deleting an XR deletes what it controls. */
function deleteCascading(cluster: Cluster, o: JsonObject): void {
  const uid = str(obj(o.metadata).uid);
  cluster.delete(o);
  if (uid) for (const child of cluster.controlledBy(uid)) deleteCascading(cluster, child);
}

/**
 * What the provider's last reconcile of a managed resource read and reported. A reconcile is a
 * function of the resource and of the kinds it listed or looked up (in the phase's view, and live
 * for the state AWS holds): when the resource is still the object that reconcile stored, with the
 * same text, and none of those kinds changed since, the reconcile would store the same object and
 * report the same, so it is skipped. Passes 5-9 of the dev claim re-reconciled ~380 resources to
 * change none.
 */
interface ManagedMemo {
  stored: JsonObject;
  text: string;
  /** 'Kind.group' -> version, in the view and in the live cluster. */
  viewReads: Map<string, number>;
  liveReads: Map<string, number>;
  pending: string[];
  errors: string[];
}

/** A cluster as the provider reads it, noting the version of every kind it reads. */
function recordingView(c: Cluster, reads: Map<string, number>): ClusterView {
  return {
    list: (kind) => {
      reads.set(kind, c.version(kind));
      return c.list(kind);
    },
    named: (kind, name) => {
      reads.set(kind, c.version(kind));
      return c.named(kind, name);
    },
  };
}

function unchangedReads(c: Cluster, reads: Map<string, number>): boolean {
  for (const [kind, version] of reads) if (c.version(kind) !== version) return false;
  return true;
}

/** The provider reconciles every managed resource against the cluster as it was when it started. */
function reconcileManaged(
  cluster: Cluster, provider: SimulatedProvider, diag: PassDiagnostics, memo: Map<string, ManagedMemo>, afterProvider?: (mr: JsonObject) => void,
): void {
  const view = cluster.snapshot();
  for (const [k, o] of [...cluster.objects.entries()]) {
    if (!provider.manages(o) || !controllerUid(o)) continue;
    const last = memo.get(k);
    // A stated fault (afterProvider) may differ between passes: those renders reconcile every time.
    const skip = !afterProvider && last !== undefined && last.stored === o && cluster.text(o) === last.text
      && unchangedReads(view, last.viewReads) && unchangedReads(cluster, last.liveReads);
    let outcome: { pending: string[]; errors: string[] };
    if (skip && !RENDER_CHECKS) {
      outcome = last;
    } else {
      const viewReads = new Map<string, number>();
      const liveReads = new Map<string, number>();
      const out = provider.reconcile(o, recordingView(view, viewReads), recordingView(cluster, liveReads));
      afterProvider?.(out.resource);
      const stored = cluster.update(k, out.resource);
      const text = cluster.text(stored);
      if (skip && (stored !== o || text !== last.text || !isDeepStrictEqual([out.pending, out.errors], [last.pending, last.errors]))) {
        throw new Error(`internal error: the provider's reconcile of ${describeKey(k)} was skipped, but it changes the resource or its report`);
      }
      memo.set(k, { stored, text, viewReads, liveReads, pending: out.pending, errors: out.errors });
      outcome = out;
    }
    const reasons = [...outcome.errors, ...outcome.pending];
    if (reasons.length > 0) diag.pending.set(k, reasons);
    for (const e of outcome.errors) diag.problems.push({ kind: 'reference', object: describe(o), message: e });
  }
}

/**
 * The usage controller, once per pass for every live Usage (reconciler.go): resolve selectors, label
 * the used object, own the Usage by its user, Ready. What it cannot do yet is retried next pass.
 */
function reconcileUsages(cluster: Cluster, diag: PassDiagnostics, ambiguous: Map<string, RenderProblem>): void {
  // The controller changes in place each Usage and what it says it changed (the in-use label on the
  // used object, a uid on the user): their kept texts are forgotten.
  const view: UsageCluster = { ...cluster.usageView(), changed: (o) => cluster.forget(o) };
  for (const [k, u] of [...cluster.objects.entries()]) {
    if (!isUsage(u) || isDeleted(u)) continue;
    cluster.forget(u);
    try {
      const { resolution } = reconcileUsage(u, view);
      for (const [end, r] of Object.entries(resolution)) {
        if (r.candidates.length < 2) continue;
        const kind = str(obj(obj(u.spec)[end]).kind) ?? '?';
        ambiguous.set(`${k}|${end}`, {
          kind: 'usage', object: describe(u),
          message: `spec.${end}.resourceSelector matches ${r.candidates.length} ${kind} objects (${r.candidates.join(', ')}); Crossplane silently takes the first by name, so make the selector match exactly one`,
        });
      }
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      diag.usages.set(k, e.message);
    }
  }
}

function readinessProblems(
  cluster: Cluster, topKey: string, xrds: XrdInfo[], provider: SimulatedProvider, diag: PassDiagnostics, outside: Set<string>,
): RenderProblem[] {
  const out: RenderProblem[] = [];
  for (const [k, o] of cluster.objects) {
    if (isReady(o) || outside.has(k)) continue;
    const isXr = xrdForComposite(o, xrds) !== undefined;
    if (!isXr && !provider.manages(o)) continue;
    const readyMsg = str(getCondition(o, 'Ready')?.message);
    const why = diag.pending.get(k)?.join('; ') ?? readyMsg ?? 'no Ready condition';
    out.push({ kind: 'readiness', object: describe(o), message: `${k === topKey ? 'composite' : 'resource'} never became Ready: ${why}` });
  }
  return out.sort((a, b) => a.object.localeCompare(b.object));
}

/** Schema + CEL of every composed resource, and the AWS naming rules of its external name. */
function validationProblems(resources: JsonObject[], xrds: XrdInfo[], validator: ObjectValidator | null): RenderProblem[] {
  const out: RenderProblem[] = [];
  for (const o of resources) {
    if (validator) for (const line of validator.validate(o)) out.push({ kind: 'schema', object: describe(o), message: line });
    if (xrdForComposite(o, xrds)) continue;
    const name = awsName(o);
    if (name === undefined) continue;
    const problem = checkAwsName(groupKind(o), name);
    if (problem) out.push({ kind: 'aws-name', object: describe(o), message: problem });
  }
  return out;
}

/**
 * Two managed resources that would be the same AWS resource: the same kind and AWS name in the same
 * scope. AWS names are unique per account and region for regional kinds (a Config recorder, a KMS
 * alias, an EventBridge rule may repeat in every region), per account for kinds without a region
 * (IAM), and across all accounts for S3 buckets. Two managed resources on one AWS resource fight
 * over it (each reconcile undoes the other's) and deleting either deletes it for both.
 */
function awsNameCollisions(resources: JsonObject[], provider: SimulatedProvider, view: ClusterView, defaultRegion: string): RenderProblem[] {
  const seen = new Map<string, JsonObject>();
  const out: RenderProblem[] = [];
  for (const o of resources) {
    const kind = groupKind(o);
    if (!kind.endsWith('.aws.upbound.io') || !provider.manages(o)) continue;
    const name = awsName(o) ?? annotationsOf(o)[ANNOTATION_EXTERNAL_NAME];
    if (name === undefined) continue;
    const fp = obj(obj(o.spec).forProvider);
    const account = provider.accountOf(o, view);
    const scope = kind === 'Bucket.s3.aws.upbound.io' ? 'every account'
      : 'region' in fp ? `account ${account}, region ${str(fp.region) ?? defaultRegion}` : `account ${account}`;
    const key = `${kind}|${scope}|${name}`;
    const first = seen.get(key);
    if (first) {
      out.push({ kind: 'aws-name', object: describe(o), message: `${kind} '${name}' in ${scope} is also ${describe(first)}: two managed resources would manage one AWS resource` });
    } else {
      seen.set(key, o);
    }
  }
  return out;
}

/** The name AWS will see: where aws-naming says it lives, else what the provider will use. */
function awsName(o: JsonObject): string | undefined {
  const kind = groupKind(o);
  const source = awsNameSources[kind];
  if (source === 'spec.forProvider.name') return str(obj(obj(o.spec).forProvider).name);
  const en = annotationsOf(o)[ANNOTATION_EXTERNAL_NAME];
  if (en) return en;
  // Asked, not thrown: kinds without a format (Usages, ProviderConfigs) are many, and an Error's
  // stack trace cost a render about 9 ms.
  return findKindFormat(kind)?.externalName === 'metadata.name' ? nameOf(o) : undefined;
}
