// Architecture and dependency diagrams (Mermaid in Markdown, rendered by the Git host) generated from the
// synthesized package objects, so the pictures can never describe a package we do not ship. Everything
// is read from the XRDs and Compositions themselves (no list of composites here): when composites are
// added, merged or flattened, the diagrams follow at the next `npm run synth`, and the drift test in
// test/package/diagrams.test.ts fails until the regenerated files are committed.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** A package object as parsed from YAML (or as synthesized). */
type PackageObject = Record<string, any>;

export interface DiagramFile {
  /** Path relative to the repository root. */
  readonly path: string;
  readonly content: string;
}

/** One entry of a function-patch-and-transform `resources` list, reduced to what the diagrams use. */
export interface ComposedEntry {
  readonly name: string;
  readonly group: string;
  readonly kind: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Named by a function-cel-filter filter: composed only when its expression holds. */
  readonly conditional: boolean;
  readonly base: PackageObject;
  readonly patches: readonly PackageObject[];
}

export interface CompositionModel {
  /** The XR kind the Composition is for. */
  readonly composite: string;
  readonly name: string;
  /** `zerotrust.io/variant` label (a feature composite's `disabled` Composition), else `default`. */
  readonly variant: string;
  readonly resources: readonly ComposedEntry[];
}

export interface PackageModel {
  /** XR kind → claim kind (undefined when the XRD offers no claim). */
  readonly composites: ReadonlyMap<string, string | undefined>;
  readonly compositions: readonly CompositionModel[];
}

/** Where the generated diagrams live, relative to the repository root; everything in it is generated. */
export const DIAGRAMS_DIR = 'docs/diagrams';
const PT_FUNCTION = 'crossplane-contrib-function-patch-and-transform';
const CEL_FILTER_FUNCTION = 'crossplane-contrib-function-cel-filter';
const VARIANT_LABEL = 'zerotrust.io/variant';
const USAGE_KINDS = new Set(['Usage', 'ClusterUsage']);

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/** XRDs and Compositions of the package, as the diagrams see them. */
export function packageModel(objects: readonly PackageObject[]): PackageModel {
  const composites = new Map<string, string | undefined>();
  for (const o of objects.filter((x) => x.kind === 'CompositeResourceDefinition')) {
    composites.set(o.spec.names.kind as string, o.spec.claimNames?.kind as string | undefined);
  }
  const compositions = objects
    .filter((o) => o.kind === 'Composition')
    .map((o): CompositionModel => {
      const pipeline = (o.spec.pipeline ?? []) as PackageObject[];
      const pt = pipeline.find((s) => s.functionRef?.name === PT_FUNCTION)?.input;
      const filtered = new Set<string>(
        pipeline.filter((s) => s.functionRef?.name === CEL_FILTER_FUNCTION).flatMap((s) => ((s.input?.filters ?? []) as PackageObject[]).map((f) => f.name as string)),
      );
      const resources = ((pt?.resources ?? []) as PackageObject[]).map((r): ComposedEntry => ({
        name: r.name as string,
        group: groupOf(r.base.apiVersion as string),
        kind: r.base.kind as string,
        labels: (r.base.metadata?.labels ?? {}) as Record<string, string>,
        conditional: filtered.has(r.name as string),
        base: r.base as PackageObject,
        patches: (r.patches ?? []) as PackageObject[],
      }));
      return {
        composite: o.spec.compositeTypeRef.kind as string,
        name: o.metadata.name as string,
        variant: (o.metadata.labels?.[VARIANT_LABEL] as string | undefined) ?? 'default',
        resources,
      };
    })
    .sort((a, b) => a.composite.localeCompare(b.composite) || a.variant.localeCompare(b.variant));
  return { composites, compositions };
}

// ---------------------------------------------------------------------------------------------------
// Mermaid escaping

/**
 * A Mermaid node id from any text: letters and digits are kept, every other character (the underscore
 * included) becomes `_<hex code>_`, so distinct texts never share an id; the prefix keeps ids clear of
 * Mermaid keywords such as `end`, `graph` or `subgraph`.
 */
export function mermaidId(prefix: string, ...parts: readonly string[]): string {
  const escape = (s: string): string => s.replace(/[^A-Za-z0-9]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`);
  return [prefix, ...parts].map(escape).join('__');
}

/** A quoted Mermaid label: quotes and angle brackets as Mermaid entity codes (labels may hold HTML). */
export function mermaidLabel(text: string): string {
  const entities: Record<string, string> = { '"': '#quot;', '<': '#lt;', '>': '#gt;', '#': '#35;' };
  return `"${text.replace(/["<>#]/g, (c) => entities[c]!)}"`;
}

function fenced(lines: readonly string[]): string {
  return ['```mermaid', ...lines, '```'].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Architecture: claim → composite → nested composites → managed kinds, grouped by AWS service

/** The service a managed kind belongs to: `ec2` for `ec2.aws.upbound.io`, else the API group. */
export function serviceOf(group: string): string {
  const aws = /^([a-z0-9]+)\.aws\.upbound\.io$/.exec(group);
  return aws ? aws[1]! : group;
}

function isComposite(model: PackageModel, e: ComposedEntry): boolean {
  return model.composites.has(e.kind);
}

/** Composites no Composition composes: what a claim or an operator creates. */
export function rootComposites(model: PackageModel): string[] {
  const nested = new Set(model.compositions.flatMap((c) => c.resources.filter((r) => isComposite(model, r)).map((r) => r.kind)));
  return [...model.composites.keys()].filter((k) => !nested.has(k)).sort();
}

/**
 * The Composition drawn for a composite: of its variants (a feature composite has an enabled and a
 * disabled one, selected by label), the one that composes the most, since it shows what the feature adds.
 */
function drawnComposition(model: PackageModel, composite: string): CompositionModel | undefined {
  return model.compositions.filter((c) => c.composite === composite).sort((a, b) => b.resources.length - a.resources.length)[0];
}

function variantsOf(model: PackageModel, composite: string): string[] {
  return model.compositions.filter((c) => c.composite === composite).map((c) => c.variant);
}

function counted(kind: string, entries: readonly ComposedEntry[]): string {
  const conditional = entries.filter((e) => e.conditional).length;
  const times = entries.length > 1 ? ` ×${entries.length}` : '';
  const cond = conditional === 0 ? '' : conditional === entries.length ? ' (conditional)' : ` (${conditional} conditional)`;
  return `${kind}${times}${cond}`;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const i of items) out.set(key(i), [...(out.get(key(i)) ?? []), i]);
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** The composites of one root's tree, parents before children. */
function treeOf(model: PackageModel, root: string): string[] {
  const order: string[] = [];
  const visit = (kind: string): void => {
    if (order.includes(kind)) return;
    order.push(kind);
    for (const r of drawnComposition(model, kind)?.resources ?? []) if (isComposite(model, r)) visit(r.kind);
  };
  visit(root);
  return order;
}

/** One Mermaid flowchart for the tree under `root`. */
export function architectureDiagram(model: PackageModel, root: string): string {
  const lines = ['flowchart LR', '  classDef conditional stroke-dasharray: 5 4', '  classDef claim fill:#eef,stroke:#55a'];
  const edges: string[] = [];
  const claim = model.composites.get(root);
  if (claim) {
    lines.push(`  ${mermaidId('claim', claim)}([${mermaidLabel(`${claim} (claim, namespaced)`)}]):::claim`);
    edges.push(`  ${mermaidId('claim', claim)} --> ${mermaidId('xr', root)}`);
  }
  for (const composite of treeOf(model, root)) {
    const composition = drawnComposition(model, composite);
    const variants = variantsOf(model, composite);
    const title = variants.length > 1 ? `${composite} (Compositions: ${variants.join(', ')})` : composite;
    const resources = composition?.resources ?? [];
    const managed = resources.filter((r) => !isComposite(model, r) && !USAGE_KINDS.has(r.kind));
    if (managed.length === 0) {
      lines.push(`  ${mermaidId('xr', composite)}[${mermaidLabel(title)}]`);
    } else {
      lines.push(`  subgraph ${mermaidId('xr', composite)}[${mermaidLabel(title)}]`);
      for (const [service, entries] of groupBy(managed, (e) => serviceOf(e.group))) {
        lines.push(`    subgraph ${mermaidId('svc', composite, service)}[${mermaidLabel(service)}]`);
        for (const [kind, same] of groupBy(entries, (e) => e.kind)) {
          const cls = same.every((e) => e.conditional) ? ':::conditional' : '';
          lines.push(`      ${mermaidId('mr', composite, service, kind)}[${mermaidLabel(counted(kind, same))}]${cls}`);
        }
        lines.push('    end');
      }
      lines.push('  end');
    }
    for (const [kind, nested] of groupBy(resources.filter((r) => isComposite(model, r)), (e) => e.kind)) {
      const label = nested.length > 1 || nested.some((n) => n.conditional) ? `|${mermaidLabel(counted('', nested).trim() || 'composes')}|` : '';
      edges.push(`  ${mermaidId('xr', composite)} -->${label} ${mermaidId('xr', kind)}`);
    }
  }
  return fenced([...lines, ...edges]);
}

function architectureFile(model: PackageModel): DiagramFile {
  const roots = rootComposites(model);
  const sections = roots.map((root) => {
    const claim = model.composites.get(root);
    const tree = treeOf(model, root);
    const rows = tree.map((kind) => {
      const rs = drawnComposition(model, kind)?.resources ?? [];
      const managed = rs.filter((r) => !isComposite(model, r) && !USAGE_KINDS.has(r.kind));
      const nested = rs.filter((r) => isComposite(model, r));
      const services = [...new Set(managed.map((r) => serviceOf(r.group)))].sort();
      return `| ${kind} | ${managed.length} | ${managed.filter((r) => r.conditional).length} | ${rs.filter((r) => USAGE_KINDS.has(r.kind)).length} | ${[...new Set(nested.map((n) => n.kind))].join(', ') || '–'} | ${services.join(', ') || '–'} |`;
    });
    return [
      `## ${root}${claim ? ` (claim ${claim})` : ''}`,
      '',
      architectureDiagram(model, root),
      '',
      '| composite | managed resources | of them conditional | ClusterUsages | nested composites | AWS services |',
      '|---|---|---|---|---|---|',
      ...rows,
    ].join('\n');
  });
  return {
    path: `${DIAGRAMS_DIR}/architecture.md`,
    content: [
      '# Architecture (generated)',
      '',
      'Generated by `npm run synth` from the Compositions and XRDs in `dist/` (`scripts/diagrams.ts`); do not edit.',
      'One diagram per composite that nothing else composes: the claim that creates it, its nested composites,',
      'and per composite the managed resource kinds it composes grouped by AWS service (`×N`: N resources of',
      'that kind; dashed: composed only when a function-cel-filter condition holds). ClusterUsages, which',
      'order deletion, are counted in the tables and drawn in [dependencies.md](dependencies.md).',
      '',
      ...sections.flatMap((s) => [s, '']),
    ].join('\n'),
  };
}

// ---------------------------------------------------------------------------------------------------
// Dependencies: outputs feeding inputs through the composite's status, references, ClusterUsages

export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

function parameterName(toFieldPath: string): string {
  return toFieldPath.replace(/^spec\.parameters\./, '').replace(/^spec\.forProvider\./, '');
}

/** Composite status fields a resource's patches write (ToCompositeFieldPath, CombineToComposite). */
function statusWrites(e: ComposedEntry): string[] {
  return e.patches.filter((p) => (p.type === 'ToCompositeFieldPath' || p.type === 'CombineToComposite') && typeof p.toFieldPath === 'string' && p.toFieldPath.startsWith('status.')).map((p) => p.toFieldPath as string);
}

/** Composite status fields a resource's patches read, with the field each one sets. */
function statusReads(e: ComposedEntry): { from: string; to: string }[] {
  return e.patches.flatMap((p) => {
    if (p.type === 'FromCompositeFieldPath' && typeof p.fromFieldPath === 'string' && p.fromFieldPath.startsWith('status.')) return [{ from: p.fromFieldPath as string, to: p.toFieldPath as string }];
    if (p.type === 'CombineFromComposite') {
      return ((p.combine?.variables ?? []) as PackageObject[]).filter((v) => String(v.fromFieldPath).startsWith('status.')).map((v) => ({ from: v.fromFieldPath as string, to: p.toFieldPath as string }));
    }
    return [];
  });
}

function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/** Writer → reader edges through the composite's status, labelled with the reader's fields. */
export function dataFlowEdges(c: CompositionModel): Edge[] {
  const edges: Edge[] = [];
  for (const reader of c.resources) {
    const byWriter = new Map<string, Set<string>>();
    for (const read of statusReads(reader)) {
      for (const writer of c.resources) {
        if (writer !== reader && statusWrites(writer).some((w) => overlaps(w, read.from))) {
          byWriter.set(writer.name, (byWriter.get(writer.name) ?? new Set()).add(parameterName(read.to)));
        }
      }
    }
    for (const [writer, fields] of byWriter) edges.push({ from: writer, to: reader.name, label: [...fields].join(', ') });
  }
  return edges;
}

function matches(e: ComposedEntry, selector: PackageObject | undefined, kind?: string): boolean {
  const labels = (selector?.matchLabels ?? undefined) as Record<string, string> | undefined;
  if (!labels || (kind !== undefined && e.kind !== kind)) return false;
  return Object.entries(labels).every(([k, v]) => e.labels[k] === v);
}

/** Every `…Selector` in a base that selects a sibling by its labels (matchControllerRef), with its field name. */
function selectors(value: unknown, key = ''): { field: string; selector: PackageObject }[] {
  if (Array.isArray(value)) return value.flatMap((v) => selectors(v, key));
  if (value === null || typeof value !== 'object') return [];
  const obj = value as PackageObject;
  if (key.endsWith('Selector') && obj.matchControllerRef === true && obj.matchLabels) return [{ field: key, selector: obj }];
  return Object.entries(obj).flatMap(([k, v]) => selectors(v, k));
}

/** Referenced → referencing edges: a managed resource resolves its sibling's identifier before it is created. */
export function referenceEdges(c: CompositionModel): Edge[] {
  return c.resources.filter((r) => !USAGE_KINDS.has(r.kind)).flatMap((r) =>
    selectors(r.base.spec ?? {}).flatMap(({ field, selector }) =>
      c.resources.filter((t) => t !== r && matches(t, selector)).map((t) => ({ from: t.name, to: r.name, label: field.replace(/Selector$/, '') }))));
}

/** Used → user edges of each ClusterUsage: the user is deleted before what it uses. */
export function usageEdges(c: CompositionModel): Edge[] {
  return c.resources.filter((r) => USAGE_KINDS.has(r.kind)).flatMap((u) => {
    const of = u.base.spec?.of as PackageObject | undefined;
    const by = u.base.spec?.by as PackageObject | undefined;
    if (!of || !by) return [];
    const used = c.resources.filter((t) => matches(t, of.resourceSelector, of.kind as string));
    const users = c.resources.filter((t) => matches(t, by.resourceSelector, by.kind as string));
    return used.flatMap((a) => users.map((b) => ({ from: a.name, to: b.name, label: 'usage' })));
  });
}

function edgeLines(edges: readonly Edge[], arrow: string): string[] {
  const seen = new Set<string>();
  return edges.flatMap((e) => {
    const line = `  ${mermaidId('r', e.from)} ${arrow}|${mermaidLabel(e.label)}| ${mermaidId('r', e.to)}`;
    if (seen.has(line)) return [];
    seen.add(line);
    return [line];
  });
}

function nodesOf(c: CompositionModel, edges: readonly Edge[]): string[] {
  const names = new Set(edges.flatMap((e) => [e.from, e.to]));
  return c.resources.filter((r) => names.has(r.name)).map((r) => `  ${mermaidId('r', r.name)}[${mermaidLabel(`${r.name}: ${r.kind}`)}]${r.conditional ? ':::conditional' : ''}`);
}

/** Data flow between the resources of one Composition through its composite's status. */
export function dataFlowDiagram(c: CompositionModel): string | undefined {
  const edges = dataFlowEdges(c);
  if (edges.length === 0) return undefined;
  return fenced(['flowchart LR', '  classDef conditional stroke-dasharray: 5 4', ...nodesOf(c, edges), ...edgeLines(edges, '-->')]);
}

/** GitHub refuses to render a Mermaid diagram of more than 50,000 characters. */
export const MERMAID_MAX_CHARACTERS = 50_000;

/**
 * Creation and deletion ordering inside one Composition: references (dotted) and ClusterUsages (thick),
 * in one diagram, or, when that would exceed the Git host's Mermaid limit, one diagram for each.
 */
export function orderingDiagrams(c: CompositionModel): { title: string; diagram: string }[] {
  const refs = referenceEdges(c);
  const usages = usageEdges(c);
  if (refs.length + usages.length === 0) return [];
  const draw = (edges: readonly Edge[], lines: readonly string[]) => fenced(['flowchart LR', '  classDef conditional stroke-dasharray: 5 4', ...nodesOf(c, edges), ...lines]);
  const both = draw([...refs, ...usages], [...edgeLines(refs, '-.->'), ...edgeLines(usages, '==>')]);
  if (both.length <= MERMAID_MAX_CHARACTERS) return [{ title: c.composite, diagram: both }];
  return [
    ...(refs.length ? [{ title: `${c.composite}: references`, diagram: draw(refs, edgeLines(refs, '-.->')) }] : []),
    ...(usages.length ? [{ title: `${c.composite}: deletion order`, diagram: draw(usages, edgeLines(usages, '==>')) }] : []),
  ];
}

function dependenciesFile(model: PackageModel): DiagramFile {
  const defaults = [...new Set(model.compositions.map((c) => c.composite))].map((k) => drawnComposition(model, k)!);
  const flows = defaults.filter((c) => c.resources.some((r) => isComposite(model, r))).flatMap((c) => {
    const d = dataFlowDiagram(c);
    return d ? [`### ${c.composite}`, '', d, ''] : [];
  });
  const orders = defaults.flatMap((c) => orderingDiagrams(c).flatMap((d) => [`### ${d.title}`, '', d.diagram, '']));
  return {
    path: `${DIAGRAMS_DIR}/dependencies.md`,
    content: [
      '# Dependencies (generated)',
      '',
      'Generated by `npm run synth` from the Compositions in `dist/` (`scripts/diagrams.ts`); do not edit.',
      '',
      '## Outputs feeding inputs',
      '',
      'In every Composition that composes other composites: an arrow from the resource whose patch writes a',
      'field of the composite\'s status to the resource whose patch reads it, labelled with the parameters it',
      'sets. A reader waits for its writer: until the field exists, a `Required` patch holds the reader back.',
      '',
      ...flows,
      '## Ordering inside each Composition',
      '',
      'Dotted: a reference (a `…Selector` matching a sibling\'s labels), labelled with the field it resolves; the',
      'referencing resource is created once the referenced one reports its identifier. Thick: a ClusterUsage;',
      'the resource it points to is deleted before the one it starts from. Dashed boxes are conditional',
      '(function-cel-filter).',
      '',
      ...orders,
    ].join('\n'),
  };
}

/** The generated diagram files for the package's objects (dist/ as parsed, or as synthesized). */
export function diagramFiles(objects: readonly PackageObject[]): DiagramFile[] {
  const model = packageModel(objects);
  return [architectureFile(model), dependenciesFile(model)];
}

/**
 * Writes the diagram files under `root` (the repository), replacing the generated Markdown of an earlier
 * synth so that a diagram of a composite that no longer exists cannot linger. Returns the paths written.
 */
export function writeDiagrams(objects: readonly PackageObject[], root: string): string[] {
  const dir = path.join(root, DIAGRAMS_DIR);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return diagramFiles(objects).map((f) => {
    fs.writeFileSync(path.join(root, f.path), f.content);
    return f.path;
  });
}
