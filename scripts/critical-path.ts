// `npx tsx scripts/critical-path.ts [dev-claim|prod-claim|lending-claim|organization]`: the longest
// dependency chain of a render, the chain that sets its number of passes. A pass is one reconcile
// round of every controller, so in a cluster each link is a round of latency.
//
// The chain starts at the top-level composite and steps back, each time to what became Ready last
// among what the object waited for:
// - a composite waits for its composed resources and nested composites (function-auto-ready);
// - a composed resource waits for its creation gates: a sibling it references (`*Selector` with
//   matchControllerRef), a sibling its function-cel-filter condition observes, the publisher of a
//   status field a Required patch reads (a status gate), and its own composite's gates;
// - a nested composite's gates are the Required patches its parent's template reads from status.
// Read from the compositions in dist/ (P&T and function-cel-filter inputs) and the render's
// readyAtPass, so the chain names the mechanism of each link: what to change to shorten it.
import type { RenderOutput } from '../renderer/render';
import type { JsonObject } from '../renderer/types';

type Link = 'composes' | 'references' | 'observes' | 'status gate' | 'parent gate';

export interface ChainStep {
  /** Pass after which the object was first Ready. */
  readonly readyAt: number;
  /** `Kind/compositionResourceName` (the top-level composite: `Kind/name`). */
  readonly object: string;
  /** How the previous (later) step waited for this one. */
  readonly link?: Link;
}

const ANNOTATION_RESOURCE_NAME = 'crossplane.io/composition-resource-name';

interface Template {
  readonly base: JsonObject;
  readonly patches: readonly JsonObject[];
}

interface CompositionView {
  readonly templates: Map<string, Template>;
  readonly filters: Map<string, string>;
}

const obj = (v: unknown): JsonObject => (v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : {});
const meta = (o: JsonObject): JsonObject => obj(o.metadata);

function compositionView(c: JsonObject): CompositionView {
  const templates = new Map<string, Template>();
  const filters = new Map<string, string>();
  for (const step of (obj(c.spec).pipeline ?? []) as JsonObject[]) {
    const input = obj(step.input);
    for (const r of (input.resources ?? []) as JsonObject[]) {
      templates.set(String(r.name), { base: obj(r.base), patches: (r.patches ?? []) as JsonObject[] });
    }
    for (const f of (input.filters ?? []) as JsonObject[]) filters.set(String(f.name), String(f.expression));
  }
  return { templates, filters };
}

/** Sibling names a template selects with matchControllerRef (any depth of its base). */
function selectedSiblings(v: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => selectedSiblings(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v as JsonObject)) {
      const sel = obj(x);
      if (k.endsWith('Selector') && sel.matchControllerRef === true) {
        const labels = Object.entries(obj(sel.matchLabels));
        for (const [label, value] of labels) if (label.endsWith('/component')) out.add(String(value));
        // A list reference selects every sibling carrying its labels (e.g. all private subnets).
        if (!labels.some(([label]) => label.endsWith('/component'))) out.add(`labels:${JSON.stringify(Object.fromEntries(labels))}`);
      } else {
        selectedSiblings(x, out);
      }
    }
  }
  return out;
}

const REQUIRED_SOURCES = (t: Template): string[] => t.patches.flatMap((p) => {
  if (obj(p.policy).fromFieldPath !== 'Required') return [];
  if (p.type === 'FromCompositeFieldPath') return [String(p.fromFieldPath)];
  if (p.type === 'CombineFromComposite') return ((obj(p.combine).variables ?? []) as JsonObject[]).map((x) => String(x.fromFieldPath));
  return [];
});

/** Templates of the composition that publish `statusPath` (or a field under it) to the composite. */
function publishers(view: CompositionView, statusPath: string): string[] {
  return [...view.templates].filter(([, t]) => t.patches.some((p) => p.type === 'ToCompositeFieldPath' && typeof p.toFieldPath === 'string'
    && (p.toFieldPath === statusPath || p.toFieldPath.startsWith(`${statusPath}.`) || statusPath.startsWith(`${p.toFieldPath}.`)))).map(([n]) => n);
}

/** What a template waits for before it is created, by sibling name. */
function creationGates(view: CompositionView, name: string): { sibling: string; link: Link }[] {
  const t = view.templates.get(name);
  if (!t) return [];
  const gates: { sibling: string; link: Link }[] = [...selectedSiblings(t.base)].flatMap((sibling) => {
    if (!sibling.startsWith('labels:')) return [{ sibling, link: 'references' as const }];
    const wanted = Object.entries(JSON.parse(sibling.slice('labels:'.length)) as Record<string, string>);
    return [...view.templates].filter(([, other]) => wanted.every(([k, v]) => obj(obj(other.base.metadata).labels)[k] === v))
      .map(([n]) => ({ sibling: n, link: 'references' as const }));
  });
  for (const m of (view.filters.get(name) ?? '').matchAll(/observed\.resources\["([A-Za-z0-9]+)"\]/g)) gates.push({ sibling: m[1]!, link: 'observes' });
  // A conditional resource's Required patches are presence tests of its filter (compositions/kernel/cel-filter.ts).
  const filterStatusReads = [...(view.filters.get(name) ?? '').matchAll(/has\(observed\.composite\.resource\.(status(?:\.[A-Za-z0-9_]+)+)\)/g)].map((m) => m[1]!);
  for (const source of [...REQUIRED_SOURCES(t).filter((s) => s.startsWith('status.')), ...filterStatusReads]) {
    for (const sibling of publishers(view, source)) gates.push({ sibling, link: 'status gate' });
  }
  return gates.filter((g) => g.sibling !== name);
}

/** The longest dependency chain of a render, latest first. */
export function criticalPath(out: RenderOutput, compositions: readonly JsonObject[]): ChainStep[] {
  const views = new Map(compositions.map((c) => [String(meta(c).name), compositionView(c)]));
  const all = [out.composite, ...out.resources];
  const byUid = new Map(all.map((o) => [String(meta(o).uid), o]));
  const controller = (o: JsonObject): JsonObject | undefined => {
    const ref = ((meta(o).ownerReferences ?? []) as JsonObject[]).find((r) => r.controller === true);
    return ref ? byUid.get(String(ref.uid)) : undefined;
  };
  const children = new Map<JsonObject, JsonObject[]>();
  for (const o of all) {
    const c = controller(o);
    if (c) children.set(c, [...(children.get(c) ?? []), o]);
  }
  const resourceName = (o: JsonObject): string | undefined => obj(meta(o).annotations)[ANNOTATION_RESOURCE_NAME] as string | undefined;
  const viewOf = (xr: JsonObject): CompositionView | undefined => views.get(String(obj(obj(xr.spec).compositionRef).name));
  const readyAt = (o: JsonObject): number => out.readyAtPass[String(meta(o).name)] ?? Number.POSITIVE_INFINITY;
  const label = (o: JsonObject): string => `${String(o.kind)}/${resourceName(o) ?? String(meta(o).name)}`;
  const sibling = (parent: JsonObject, name: string): JsonObject | undefined => (children.get(parent) ?? []).find((c) => resourceName(c) === name);

  /** What `o` waited for before it was created (its own gates, then its composite's). */
  const gatesOf = (o: JsonObject): { dep: JsonObject; link: Link }[] => {
    const parent = controller(o);
    const name = resourceName(o);
    if (!parent || !name) return [];
    const view = viewOf(parent);
    const own = view ? creationGates(view, name).flatMap((g) => {
      const dep = sibling(parent, g.sibling);
      return dep ? [{ dep, link: g.link }] : [];
    }) : [];
    return [...own, ...gatesOf(parent).map((g) => ({ dep: g.dep, link: 'parent gate' as const }))];
  };

  const chain: ChainStep[] = [{ readyAt: readyAt(out.composite), object: label(out.composite) }];
  const seen = new Set<JsonObject>([out.composite]);
  let current = out.composite;
  for (;;) {
    const candidates: { dep: JsonObject; link: Link }[] = [
      ...(children.get(current) ?? []).map((dep) => ({ dep, link: 'composes' as const })),
      ...gatesOf(current),
    ].filter((c) => !seen.has(c.dep) && readyAt(c.dep) <= readyAt(current));
    if (candidates.length === 0) break;
    const latest = candidates.reduce((a, b) => (readyAt(b.dep) > readyAt(a.dep) || (readyAt(b.dep) === readyAt(a.dep) && b.link !== 'composes' && a.link === 'composes') ? b : a));
    chain.push({ readyAt: readyAt(latest.dep), object: label(latest.dep), link: latest.link });
    seen.add(latest.dep);
    current = latest.dep;
  }
  return chain;
}

/** One line per step: `10  XZeroTrustAccount/payments-dev-x  <- composes`. */
export function formatChain(chain: readonly ChainStep[]): string {
  return chain.map((s, i) => `${String(s.readyAt).padStart(3)}  ${s.object}${i + 1 < chain.length ? `   <- ${chain[i + 1]!.link}` : ''}`).join('\n');
}

if (require.main === module) {
  // Loaded here so that importing criticalPath pulls in no test support.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const support = require('../test/support/render-example') as typeof import('../test/support/render-example');
  const which = process.argv[2] ?? 'dev-claim';
  const out = which === 'organization' ? support.renderOrganizationExample() : support.renderExample(which as import('../test/support/render-example').ExampleName);
  const composites = out.resources.filter((r) => String(r.kind).startsWith('X')).length;
  console.log(`${which}: ${out.passes} passes, ${composites} nested composites; longest chain (pass after which each was Ready):`);
  console.log(formatChain(criticalPath(out, support.packageApis().compositions)));
}
