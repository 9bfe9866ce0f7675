// Composed resources that exist only while a condition on the composite holds, through
// function-cel-filter: function-patch-and-transform renders every resource, the filter step drops
// the ones whose condition is false, and function-auto-ready then judges readiness on what remains.
// Crossplane deletes a composed resource the pipeline stops desiring, so switching a feature off
// removes its resources at the next reconcile.
//
// P&T holds a resource back, and marks the composite not Ready, when a Required patch finds no value
// (upstream PR #137), before the filter could drop it. So the patches of a conditional resource are
// made Optional (its patch sets inlined to do so), and the presence of every value they required
// becomes part of its condition: the resource is never created half-built, and never holds the
// composite back while its condition is false.
import { ResourcesResourcesPatchesType as PatchType } from '../../imports/pt.fn.crossplane.io';
import type { ResourcesResources } from '../../imports/pt.fn.crossplane.io';
import { parseFieldPath } from '../../renderer/crossplane';
import { FILTERS_API_VERSION, FILTERS_KIND } from '../../renderer/functions';
import type { Composable } from './composed-resource';
import { Condition, ownCondition, presenceTests } from './condition';
import type { ParameterSegment } from './parameter-ref';
import type { Patch, PatchSet } from './patches';
import { DeletionOrder } from './usage';

const and = (parts: readonly string[]): string => parts.join(' && ');

/**
 * The condition under which a resource is composed: its own, and for a deletion order (a Usage)
 * also its user's and used resource's, because a Usage whose ends do not exist never becomes Ready.
 */
export function conditionOf(resource: Composable): Condition | undefined {
  const own = ownCondition(resource);
  if (!(resource instanceof DeletionOrder)) return own;
  const ends = [resource.props.user, resource.props.used].map((e) => ownCondition(e));
  const all = [own, ...ends].filter((c): c is Condition => c !== undefined);
  // Usually both ends share one condition: state it once.
  const distinct = all.filter((c, i) => all.findIndex((d) => d.expression === c.expression) === i);
  return distinct.length === 0 ? undefined : Condition.and(...distinct);
}

/** Conditions that read a parameter another composite declared: the filter would read this composite's field of that name. */
export function foreignConditionReads(owner: object, kind: string, resources: readonly Composable[]): string[] {
  const problems = new Set<string>();
  for (const r of resources) {
    for (const ref of ownCondition(r)?.reads ?? []) {
      if (ref.owner !== owner) problems.add(`${kind}: composed resource '${r.name}' is conditional on ${ref.path}, a parameter declared by another composite (use this composite's own parameter handle)`);
    }
  }
  return [...problems];
}

// ---------------------------------------------------------------------------------------------
// The pipeline inputs

const HOLDS_BACK: readonly string[] = [PatchType.FROM_COMPOSITE_FIELD_PATH, PatchType.COMBINE_FROM_COMPOSITE];
const HOLDS_BACK_ON_ENVIRONMENT: readonly string[] = [PatchType.FROM_ENVIRONMENT_FIELD_PATH, PatchType.COMBINE_FROM_ENVIRONMENT];

function sourcesOf(p: Patch): string[] {
  if (p.type === PatchType.COMBINE_FROM_COMPOSITE) return (p.combine?.variables ?? []).map((v) => v.fromFieldPath);
  return p.fromFieldPath !== undefined ? [p.fromFieldPath] : [];
}

function segmentsOf(path: string, where: string): ParameterSegment[] {
  return parseFieldPath(path).map((s) => {
    if (s.type === 'field') return { field: s.field };
    if (s.type === 'index') return { index: s.index };
    throw new Error(`${where}: a wildcard source (${path}) cannot be tested for presence`);
  });
}

/** A conditional resource's template and the presence tests its formerly Required patches add to its condition. */
export interface ConditionalTemplate {
  readonly template: ResourcesResources;
  readonly presence: readonly string[];
}

/**
 * The template of a conditional resource: patch sets inlined, every patch that could hold it back
 * made Optional, and the sources those patches required, as presence tests.
 */
export function conditionalTemplate(template: ResourcesResources, patchSets: readonly PatchSet[], where: string): ConditionalTemplate {
  const presence: string[] = [];
  const inlined = (template.patches ?? []).flatMap((p) => {
    if (p.type !== PatchType.PATCH_SET) return [p];
    const set = patchSets.find((s) => s.name === p.patchSetName);
    if (!set) throw new Error(`${where}: patch set '${p.patchSetName}' is referenced but not declared`);
    return set.toInput().patches as Patch[];
  });
  const patches = inlined.map((p, i) => {
    if (p.policy?.fromFieldPath !== 'Required') return p;
    if (HOLDS_BACK_ON_ENVIRONMENT.includes(p.type ?? '')) {
      throw new Error(`${where}: patch ${i} (${p.type}) is Required on the environment; a conditional resource cannot wait for the environment (make it Optional)`);
    }
    if (!HOLDS_BACK.includes(p.type ?? '')) return p;
    for (const source of sourcesOf(p)) presence.push(...presenceTests(segmentsOf(source, `${where}: patch ${i}`)));
    const { fromFieldPath: _required, ...policy } = p.policy;
    return { ...p, policy } as Patch;
  });
  const cleaned = patches.map((p) => (p.policy && Object.keys(p.policy).length === 0 ? (({ policy: _p, ...rest }) => rest as Patch)(p) : p));
  return { template: { ...template, patches: cleaned }, presence: [...new Set(presence)] };
}

/** One entry of the Filters input. */
export interface FilterEntry {
  readonly name: string;
  readonly expression: string;
}

/** The filter of a conditional resource: its condition, and the presence of what its patches required. */
export function filterEntry(resourceName: string, condition: Condition, presence: readonly string[]): FilterEntry {
  // Composition resource names are camelCase letters and digits: no regexp metacharacter to quote.
  if (!/^[A-Za-z0-9]+$/.test(resourceName)) throw new Error(`composed resource name '${resourceName}' cannot be matched literally by a filter`);
  const covered = new Set(condition.expression.split(' && '));
  const extra = presence.filter((t) => !covered.has(t));
  const expression = extra.length === 0 ? condition.expression : `(${condition.expression}) && ${and(extra)}`;
  return { name: resourceName, expression };
}

/** The function-cel-filter input of a composition. */
export function filtersInput(filters: readonly FilterEntry[]): { apiVersion: string; kind: string; filters: FilterEntry[] } {
  return { apiVersion: FILTERS_API_VERSION, kind: FILTERS_KIND, filters: [...filters] };
}
