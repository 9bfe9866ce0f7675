// A simulated provider-upjet-aws: what the provider's managed reconciler does to a composed managed
// resource once it is applied. (1) crossplane-runtime reference resolution (*Ref / *Refs / *Selector
// in spec.forProvider and spec.initProvider, per references.json); (2) the external name; (3)
// status.atProvider (id, arn, echo of forProvider); (4) Synced/Ready conditions. Identifiers derive
// from hashes of the kind and name so renders are reproducible.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Json, JsonObject } from '../types';
import { expandWildcards, isNotFound, lookupValue } from '../crossplane/fieldpath';
import { UnknownKindFormatError, kindFormat } from './arn-formats';
import { callerAccount, organizationCallRefusal, type OrganizationFacts } from './organization-callers';
import { SchemaBundle } from '../../validator/schema-bundle';
import { organizationsError } from './organizations';
import {
  ANNOTATION_EXTERNAL_NAME, annotationsOf, available, clone, controllerUid, describe, groupKind, isObject,
  nameOf, obj, reconcileError, reconcileSuccess, setAnnotation, setConditions, str,
} from '../crossplane/crossplane';

// ---------------------------------------------------------------- references.json

export interface PathSet {
  path: string;
  ref?: string;
  refs?: string;
  selector: string;
}

export interface ReferenceEntry {
  field: string;
  multiple: boolean;
  target: { apiVersion: string; kind: string; crdFile?: string | null };
  extractor: { from: string | null };
  forProvider: PathSet | null;
  initProvider: PathSet | null;
}

export interface KindReferences {
  group: string;
  kind: string;
  crdFile?: string | null;
  versions: Record<string, { references: ReferenceEntry[] }>;
}

export interface ReferenceMap {
  kinds: Record<string, KindReferences>;
}

const PROJECT_ROOT = resolve(__dirname, '..', '..');

/** imports/references.json (the pruned copy the project ships), else shared/crds/references.json. */
export function referencesPath(root = PROJECT_ROOT): string {
  const shipped = join(root, 'imports', 'references.json');
  if (existsSync(shipped)) return shipped;
  return resolve(root, '..', 'shared', 'crds', 'references.json');
}

export function loadReferenceMap(path = referencesPath()): ReferenceMap {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { kinds?: Record<string, KindReferences> };
  if (!raw.kinds) throw new Error(`${path}: no "kinds" map`);
  return { kinds: raw.kinds };
}

// ---------------------------------------------------------------- CRD facts (atProvider keys)

/**
 * Fields of the kind's status.atProvider, from the project's schema bundle (imports/schemas.json),
 * so renders need nothing outside the project. Undefined when the kind is not in the bundle.
 */
function atProviderKeys(mr: JsonObject, cache: Map<string, Set<string> | undefined>): Set<string> | undefined {
  const apiVersion = str(mr.apiVersion) ?? '';
  const key = `${apiVersion}/${str(mr.kind)}`;
  if (cache.has(key)) return cache.get(key);
  bundle ??= loadBundle();
  const entry = bundle?.lookup(apiVersion, str(mr.kind) ?? '');
  const props = entry ? obj(obj(obj(obj(obj(obj(entry.schema as JsonObject).properties).status).properties).atProvider).properties) : undefined;
  const keys = props ? new Set(Object.keys(props)) : undefined;
  cache.set(key, keys);
  return keys;
}

let bundle: SchemaBundle | undefined | null;
function loadBundle(): SchemaBundle | null {
  try {
    return SchemaBundle.load();
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- the cluster as the provider sees it

/** Read access to the objects in the simulated cluster. */
export interface ClusterView {
  /** All objects of a 'Kind.group' (any version), sorted by name. */
  list(kind: string): JsonObject[];
  /**
   * The first object of list(kind) named `name`, without sorting the kind (the provider looks a
   * name up per reference per pass). @default - list(kind) searched
   */
  named?(kind: string, name: string): JsonObject | undefined;
}

/** The first object of view.list(kind) named `name`. */
function findNamed(view: ClusterView, kind: string, name: string): JsonObject | undefined {
  return view.named ? view.named(kind, name) : view.list(kind).find((o) => nameOf(o) === name);
}

export interface ProviderOptions {
  references: ReferenceMap;
  accountId: string;
  region: string;
  /** The organization's management and delegated administrator accounts: organization APIs called from any other account are refused. @default - not checked */
  organization?: OrganizationFacts;
  /**
   * The organization's management account: Organizations policy APIs called from another account
   * are refused (renderer/aws/organizations.ts). @default - not checked
   */
  organizationManagementAccountId?: string;
}

export interface ReconcileOutcome {
  resource: JsonObject;
  /** Why the resource is not Ready yet (unresolved references, missing parameters). */
  pending: string[];
  /** Errors the provider reports that won't fix themselves (ambiguous selector, observe without name). */
  errors: string[];
}

class Pending extends Error {}
class Failed extends Error {}

const MANAGEMENT_OBSERVE_ONLY = (o: JsonObject): boolean => {
  const p = obj(o.spec).managementPolicies;
  return Array.isArray(p) && p.length === 1 && p[0] === 'Observe';
};

/** The managed resources the simulated providers reconcile (see SimulatedProvider.manages). */
export function isSimulatedManagedResource(o: JsonObject): boolean {
  const gk = groupKind(o);
  if (o.kind === 'ProviderConfig' || o.kind === 'ProviderConfigUsage') return false;
  return gk.endsWith('.aws.upbound.io') || gk === 'Workspace.tf.upbound.io';
}

export class SimulatedProvider {
  private readonly crdCache = new Map<string, Set<string> | undefined>();

  constructor(private readonly opts: ProviderOptions) {}

  /**
   * Whether this is a managed resource the simulation reconciles: provider-upjet-aws kinds
   * (cluster-scoped *.aws.upbound.io) and provider-terraform's Workspace (the fallback for kinds the
   * AWS provider lacks).
   */
  manages(o: JsonObject): boolean {
    return isSimulatedManagedResource(o);
  }

  /**
   * One reconcile of a managed resource against the cluster as it was at the start of the phase
   * (`view`); `live` is the cluster as the provider's earlier calls of this phase left it, for the
   * state AWS itself holds (Organizations quotas and names). @default live - the view
   */
  reconcile(current: JsonObject, view: ClusterView, live: ClusterView = view): ReconcileOutcome {
    const mr = clone(current);
    const pending: string[] = [];
    const errors: string[] = [];
    for (const section of ['forProvider', 'initProvider'] as const) {
      for (const ref of this.referencesOf(mr)) {
        const paths = ref[section];
        if (!paths || !ref.extractor.from) continue;
        try {
          this.resolve(mr, ref, paths, view, pending);
        } catch (e) {
          if (e instanceof Failed) errors.push(e.message);
          else throw e;
        }
      }
    }
    const problems = [...errors, ...pending];
    if (problems.length > 0) {
      setConditions(mr, reconcileError(`cannot resolve references: ${problems.join('; ')}`));
      return { resource: mr, pending, errors };
    }
    // AWS refuses an organization API called from an account that may not call it (a non-retryable error).
    const caller = this.opts.organization ? callerAccount(mr, view) ?? this.opts.accountId : undefined;
    const refusal = caller !== undefined ? organizationCallRefusal(mr, caller, this.opts.organization!) : undefined;
    // AWS Organizations' own rules (quotas, unique names, management account only).
    const refused = refusal ? `${describe(mr)}: ${refusal}` : organizationsError(mr, groupKind(mr), {
      list: (kind) => live.list(kind),
      accountOf: (o) => this.accountOf(o, view),
      ...(this.opts.organizationManagementAccountId !== undefined ? { managementAccountId: this.opts.organizationManagementAccountId } : {}),
    });
    if (refused) {
      errors.push(refused);
      setConditions(mr, reconcileError(errors.join('; ')));
      return { resource: mr, pending, errors };
    }
    try {
      this.observe(mr, this.accountOf(mr, view));
    } catch (e) {
      if (e instanceof Pending) pending.push(e.message);
      else if (e instanceof Failed || e instanceof UnknownKindFormatError) errors.push(e.message);
      else throw e;
      setConditions(mr, reconcileError([...errors, ...pending].join('; ')));
      return { resource: mr, pending, errors };
    }
    setConditions(mr, reconcileSuccess(), available());
    return { resource: mr, pending, errors };
  }

  private referencesOf(mr: JsonObject): ReferenceEntry[] {
    const k = this.opts.references.kinds[groupKind(mr)];
    if (!k) return [];
    const version = (str(mr.apiVersion) ?? '').split('/')[1] ?? '';
    const v = k.versions[version] ?? Object.values(k.versions)[0];
    return v?.references ?? [];
  }

  /**
   * Server-side apply of a composed resource over `existing` keeps the fields the provider wrote
   * by resolving references (its own field manager's): a value the composition leaves unset where
   * it gives a Ref or Selector, and the Ref it leaves unset where it gives a Selector. Dropping them
   * made every composite's apply undo the last resolution and the provider redo it, every pass.
   */
  keepResolvedReferences(existing: JsonObject, applied: JsonObject): void {
    for (const section of ['forProvider', 'initProvider'] as const) {
      for (const ref of this.referencesOf(applied)) {
        const paths = ref[section];
        if (!paths) continue;
        const { valueKey, refKey, selKey, parentPath } = referenceKeys(paths);
        const before = new Map(parentsOf(existing, parentPath).map((p) => [p.path, p.value]));
        for (const parent of parentsOf(applied, parentPath)) {
          const old = before.get(parent.path);
          if (!old) continue;
          const selected = parent.value[selKey] !== undefined;
          if (selected && parent.value[refKey] === undefined && old[refKey] !== undefined) parent.value[refKey] = clone(old[refKey]!);
          if ((selected || parent.value[refKey] !== undefined) && parent.value[valueKey] === undefined && old[valueKey] !== undefined) {
            parent.value[valueKey] = clone(old[valueKey]!);
          }
        }
      }
    }
  }

  // crossplane-runtime reference.APIResolver: a value already set is kept (resolution is a cache);
  // otherwise a Ref names the target, or a Selector (matchLabels, matchControllerRef) picks it and
  // the Ref is written back; the value comes from the target's extractor.
  private resolve(mr: JsonObject, ref: ReferenceEntry, paths: PathSet, view: ClusterView, pending: string[]): void {
    const { valueKey, refKey, selKey, parentPath } = referenceKeys(paths);
    const targetKind = `${ref.target.kind}.${ref.target.apiVersion.split('/')[0]}`;
    for (const parent of parentsOf(mr, parentPath)) {
      const at = parent.path === '' ? '' : `${parent.path}.`;
      const current = parent.value[valueKey];
      const hasValue = ref.multiple ? Array.isArray(current) && current.length > 0 : typeof current === 'string' && current !== '';
      if (hasValue) continue;
      const selector = parent.value[selKey];
      let names: string[] | undefined;
      const refVal = parent.value[refKey];
      if (ref.multiple && Array.isArray(refVal)) names = refVal.filter(isObject).map((r) => str(r.name) ?? '');
      else if (!ref.multiple && isObject(refVal) && str(refVal.name)) names = [str(refVal.name)!];
      if (!names) {
        if (!isObject(selector)) continue;
        const candidates = view.list(targetKind);
        const hits = candidates.filter((c) => selects(selector, mr, c));
        const field = `${at}${selKey}`;
        const where = `${describe(mr)} ${field}`;
        const sel = formatSelector(selector);
        const all = candidates.map(nameOf).join(', ') || 'none';
        if (hits.length === 0) {
          pending.push(`${where}: selector ${sel} matches no ${targetKind} (candidates: ${all})`);
          continue;
        }
        if (!ref.multiple && hits.length > 1) {
          throw new Failed(`${where}: selector ${sel} matches ${hits.length} ${targetKind} objects, expected exactly one (candidates: ${hits.map(nameOf).join(', ')})`);
        }
        names = hits.map(nameOf);
        const asRef = (n: string): JsonObject => (isObject(selector.policy) ? { name: n, policy: clone(selector.policy) } : { name: n });
        parent.value[refKey] = ref.multiple ? names.map(asRef) : asRef(names[0]!);
      }
      const values: string[] = [];
      for (const n of names) {
        const target = findNamed(view, targetKind, n);
        if (!target) {
          pending.push(`${describe(mr)} ${at}${refKey}: referenced ${targetKind} "${n}" does not exist`);
          continue;
        }
        const v = extract(target, ref.extractor.from!);
        if (v === undefined) {
          pending.push(`${describe(mr)} ${at}${refKey}: referenced ${targetKind} "${n}" has no ${ref.extractor.from} yet`);
          continue;
        }
        values.push(v);
      }
      if (values.length !== names.length) continue;
      parent.value[valueKey] = ref.multiple ? values : values[0]!;
    }
  }

  // What the provider's Observe/Create leaves behind: the external name, status.atProvider, and
  // (upjet) Synced/Ready once the external resource exists.
  /**
   * The account a managed resource lives in: the one its ProviderConfig assumes a role in (the last
   * role of an aws.upbound.io ProviderConfig's assume-role chain), so a composition that acts in the
   * management or security account gets that account's ARNs; otherwise the render's account.
   */
  accountOf(mr: JsonObject, view: ClusterView): string {
    const pc = str(obj(obj(mr.spec).providerConfigRef).name);
    if (!pc || !groupKind(mr).endsWith('.aws.upbound.io')) return this.opts.accountId;
    const config = findNamed(view, 'ProviderConfig.aws.upbound.io', pc);
    const chain = obj(config?.spec).assumeRoleChain;
    const last = Array.isArray(chain) && chain.length > 0 ? str(obj(chain[chain.length - 1]).roleARN) : undefined;
    return /^arn:aws[a-z-]*:iam::([0-9]{12}):role\//.exec(last ?? '')?.[1] ?? this.opts.accountId;
  }

  private observe(mr: JsonObject, account: string): void {
    const kind = groupKind(mr);
    const format = kindFormat(kind);
    const fp = obj(obj(mr.spec).forProvider);
    const ctx: TemplateContext = {
      kind, metaName: nameOf(mr), forProvider: fp,
      region: str(fp.region) ?? this.opts.region, account,
    };
    let external = annotationsOf(mr)[ANNOTATION_EXTERNAL_NAME];
    if (!external) {
      if (MANAGEMENT_OBSERVE_ONLY(mr)) {
        throw new Failed(`${describe(mr)}: managementPolicies [Observe] needs the ${ANNOTATION_EXTERNAL_NAME} annotation set by the composition (the provider only observes an existing resource)`);
      }
      external = format.externalName === 'metadata.name' ? nameOf(mr) : renderTemplate(format.externalName, ctx);
      setAnnotation(mr, ANNOTATION_EXTERNAL_NAME, external);
    }
    ctx.externalName = external;
    const atProvider: JsonObject = {};
    const keys = atProviderKeys(mr, this.crdCache);
    for (const [k, v] of Object.entries(fp)) {
      if (/(Ref|Refs|Selector)$/.test(k)) continue;
      if (keys && !keys.has(k)) continue;
      atProvider[k] = withoutReferenceFields(clone(v));
    }
    if (!keys || keys.has('id')) atProvider.id = renderTemplate(format.id, ctx);
    if (format.arn && (!keys || keys.has('arn'))) atProvider.arn = renderTemplate(format.arn, ctx);
    for (const [k, template] of Object.entries(format.computed ?? {})) {
      // Seeded by the attribute, so a VPC's ACL, security group and route table ids differ.
      if (!keys || keys.has(k)) atProvider[k] = renderTemplate(template, { ...ctx, kind: `${kind}#${k}` });
    }
    if (!isObject(mr.status)) mr.status = {};
    (mr.status as JsonObject).atProvider = atProvider;
  }
}

// ---------------------------------------------------------------- helpers

function rawLast(path: string): string {
  const i = path.lastIndexOf('.');
  return i < 0 ? path : path.slice(i + 1);
}

/** A reference's field names in their parent object (value, Ref or Refs, Selector) and the parent's path. */
function referenceKeys(paths: PathSet): { valueKey: string; refKey: string; selKey: string; parentPath: string } {
  return {
    valueKey: lastKey(paths.path),
    refKey: lastKey(paths.ref ?? paths.refs ?? ''),
    selKey: lastKey(paths.selector),
    parentPath: paths.path.slice(0, paths.path.length - rawLast(paths.path).length).replace(/\.$/, ''),
  };
}

/** Last field name of a references.json path, without a trailing [*]. */
function lastKey(path: string): string {
  return rawLast(path).replace(/\[\*\]$/, '');
}

/** Every concrete object at a parent path that may contain [*] (e.g. spec.forProvider.rule[*]). */
function parentsOf(mr: JsonObject, parentPath: string): { path: string; value: JsonObject }[] {
  const concrete = parentPath.includes('[*]') ? safeExpand(mr, parentPath) : [parentPath];
  const out: { path: string; value: JsonObject }[] = [];
  for (const p of concrete) {
    const v = lookupValue(mr, p);
    if (isObject(v)) out.push({ path: p, value: v });
  }
  return out;
}

function safeExpand(o: JsonObject, path: string): string[] {
  try {
    return expandWildcards(o, path);
  } catch (e) {
    if (isNotFound(e)) return [];
    throw e;
  }
}

/** The extractor's value as a non-empty string, or undefined when not populated yet. */
function extract(target: JsonObject, from: string): string | undefined {
  const v = lookupValue(target, from);
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

// crossplane-runtime: matchLabels must all match; matchControllerRef requires the same controller
// (the XR that composed both resources).
function selects(selector: JsonObject, source: JsonObject, candidate: JsonObject): boolean {
  if (selector.matchControllerRef === true) {
    const mine = controllerUid(source);
    if (!mine || controllerUid(candidate) !== mine) return false;
  }
  const labels = obj(obj(candidate.metadata).labels);
  return Object.entries(obj(selector.matchLabels)).every(([k, v]) => labels[k] === v);
}

function formatSelector(selector: JsonObject): string {
  const parts: string[] = [];
  if (selector.matchControllerRef === true) parts.push('matchControllerRef: true');
  const ml = obj(selector.matchLabels);
  if (Object.keys(ml).length > 0) parts.push(`matchLabels: {${Object.entries(ml).map(([k, v]) => `${k}: ${String(v)}`).join(', ')}}`);
  return `{${parts.join(', ')}}`;
}

function withoutReferenceFields(v: Json): Json {
  if (Array.isArray(v)) return v.map(withoutReferenceFields);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (!/(Ref|Refs|Selector)$/.test(k)) out[k] = withoutReferenceFields(x);
  return out;
}

// ---------------------------------------------------------------- identifier templates

interface TemplateContext {
  kind: string;
  metaName: string;
  forProvider: JsonObject;
  region: string;
  account: string;
  externalName?: string;
}

function generated(ctx: TemplateContext, slot: number, alphabet: string, length: number): string {
  let out = '';
  let round = 0;
  while (out.length < length) {
    const d = createHash('sha256').update(`${ctx.kind}/${ctx.metaName}#${slot}.${round++}`).digest();
    for (const b of d) {
      if (out.length >= length) break;
      out += alphabet[b % alphabet.length];
    }
  }
  return out;
}

function uuid(ctx: TemplateContext, slot: number): string {
  const h = generated(ctx, slot, '0123456789abcdef', 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function placeholder(key: string, ctx: TemplateContext, slot: number): string | undefined {
  if (key === 'name') return ctx.externalName;
  if (key === 'name.trimSlash') return ctx.externalName?.replace(/^\//, '');
  if (key === 'meta.name') return ctx.metaName;
  if (key === 'region') return ctx.region;
  if (key === 'account') return ctx.account;
  if (key === 'wafScope') return ctx.forProvider.scope === 'CLOUDFRONT' ? 'global' : 'regional';
  if (key === 'uuid') return uuid(ctx, slot);
  // A literal alternative: `{p.basePath|=}` is the value or empty, `{p.basePath|=(none)}` a fixed fallback.
  if (key.startsWith('=')) return key.slice(1);
  if (key.startsWith('p.')) return forProviderValue(key.slice(2), ctx.forProvider);
  const m = /^(hex|alnum|digits):(\d+)$/.exec(key);
  if (m) {
    const alphabet = m[1] === 'hex' ? '0123456789abcdef' : m[1] === 'digits' ? '0123456789' : 'abcdefghijklmnopqrstuvwxyz0123456789';
    return generated(ctx, slot, alphabet, Number(m[2]));
  }
  throw new Error(`arn-formats: unknown placeholder {${key}} for ${ctx.kind}`);
}

/**
 * A top-level spec.forProvider string, optionally transformed as Terraform does when it builds an ID:
 * `FIELD.lower` (network firewall `STATEFUL` -> `stateful-rulegroup`) and `FIELD.sorted(SEP)`, a
 * string list sorted and joined (inspector2 Enabler IDs).
 */
function forProviderValue(spec: string, forProvider: JsonObject): string | undefined {
  const m = /^([A-Za-z0-9]+)(?:\.(lower|sorted\((.)\)))?$/.exec(spec);
  if (!m) throw new Error(`arn-formats: unknown forProvider placeholder {p.${spec}}`);
  const v = forProvider[m[1]!];
  if (m[2] === undefined || m[2] === 'lower') {
    if (typeof v !== 'string' || v === '') return undefined;
    return m[2] === 'lower' ? v.toLowerCase() : v;
  }
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string')) return undefined;
  return [...(v as string[])].sort().join(m[3]);
}

/** Render an arn-formats.ts template; a missing forProvider parameter means "cannot create yet". */
export function renderTemplate(template: string, ctx: TemplateContext): string {
  let slot = 0;
  return template.replace(/\{([^}]+)\}/g, (_, body: string) => {
    const alternatives = body.split('|');
    for (const alt of alternatives) {
      const v = placeholder(alt, ctx, slot);
      if (v !== undefined) {
        slot++;
        return v;
      }
    }
    const missing = alternatives.filter((a) => a.startsWith('p.')).map((a) => `spec.forProvider.${a.slice(2).split('.')[0]}`);
    throw new Pending(`${ctx.kind} "${ctx.metaName}": ${missing.join(' or ') || body} is not set, so the provider cannot create it`);
  });
}

export type { TemplateContext };
