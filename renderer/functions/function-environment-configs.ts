// function-environment-configs v0.7.1 (crossplane-contrib, fn.go), emulated: it asks Crossplane for
// the EnvironmentConfigs its input selects (by name or by labels, label values possibly read from
// the XR), and once they are supplied merges their `data` into the Composition environment it
// returns in the context under apiextensions.crossplane.io/environment, where
// function-patch-and-transform's *Environment patches read it. Proven by upstream's own tests
// (test/fixtures/environment-configs/).
import { compareGoStrings, goQuote, goTypeName } from '../go';
import { getString, getValue, isNotFound, setValue } from '../crossplane/fieldpath';
import { cloneJson } from '../json';
import {
  type EnvironmentConfigsInput, type EnvironmentSourceInput, type SelectorInput, decodeEnvironmentConfigsInput, inputErrorMessage,
} from './environment-configs-input';
import { InputDecodeError } from './pt-input';
import { FunctionRunError } from './required-resources';
import type { FunctionRequest, FunctionResponse, Json, JsonObject, Requirements, ResourceSelector } from '../types';

export const ENVIRONMENT_CONTEXT_KEY = 'apiextensions.crossplane.io/environment';
export const ENVIRONMENT_CONFIG_API_VERSION = 'apiextensions.crossplane.io/v1beta1';
export const ENVIRONMENT_CONFIG_KIND = 'EnvironmentConfig';

/** Requirement names are positional: the i-th entry of spec.environmentConfigs. */
export const requirementName = (i: number): string => `environment-config-${i}`;

/** An error the function turns into a Fatal result (its message is the Go error chain). */
class FatalError extends Error {}

const isMap = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---------------------------------------------------------------------------------------------
// Requirements

/**
 * buildRequirements: one selector per entry. A label value read from the XR that is absent skips
 * that label when its policy is Optional; a selector left without labels is not requested at all.
 * Inputs the Go code dereferences without a nil check (a Reference without ref, a Selector without
 * selector, a matcher without its value) crash the function; that is reported, not guessed around.
 */
export function buildRequirements(sources: readonly EnvironmentSourceInput[], xr: JsonObject): Requirements {
  const resources: Record<string, ResourceSelector> = {};
  sources.forEach((config, i) => {
    const base = { apiVersion: ENVIRONMENT_CONFIG_API_VERSION, kind: ENVIRONMENT_CONFIG_KIND };
    const type = config.type ?? '';
    if (type === 'Reference' || type === '') {
      if (config.ref === undefined) throw crash(`spec.environmentConfigs[${i}] is a Reference without ref`);
      resources[requirementName(i)] = { ...base, matchName: config.ref.name ?? '' };
      return;
    }
    if (type !== 'Selector') return;
    if (config.selector === undefined) throw crash(`spec.environmentConfigs[${i}] is a Selector without selector`);
    const matchLabels: Record<string, string> = {};
    for (const [j, m] of (config.selector.matchLabels ?? []).entries()) {
      const mtype = m.type === undefined || m.type === '' ? 'FromCompositeFieldPath' : m.type;
      if (mtype === 'Value') {
        if (m.value === undefined) throw crash(`spec.environmentConfigs[${i}].selector.matchLabels[${j}] is of type Value without value`);
        matchLabels[m.key ?? ''] = m.value;
      } else if (mtype === 'FromCompositeFieldPath') {
        if (m.valueFromFieldPath === undefined) throw crash(`spec.environmentConfigs[${i}].selector.matchLabels[${j}] reads the XR without valueFromFieldPath`);
        let value: string;
        try {
          value = getString(xr, m.valueFromFieldPath);
        } catch (e) {
          if (m.fromFieldPathPolicy !== 'Optional') {
            throw new FatalError(`cannot build requirements: cannot get value from field path ${goQuote(m.valueFromFieldPath)}: ${(e as Error).message}`);
          }
          continue;
        }
        matchLabels[m.key ?? ''] = value;
      }
    }
    if (Object.keys(matchLabels).length === 0) return;
    resources[requirementName(i)] = { ...base, matchLabels };
  });
  return { resources };
}

function crash(why: string): FunctionRunError {
  return new FunctionRunError(`function-environment-configs crashes (nil pointer dereference): ${why}`);
}

// ---------------------------------------------------------------------------------------------
// Selection

/**
 * sortRequiredByFieldPath: by the value at `path` (numbers or strings, never mixed); a missing value
 * sorts as the zero value of the others. Go's sort.Slice is stable for the small lists this sees.
 */
export function sortByFieldPath(resources: JsonObject[], path: string): JsonObject[] {
  if (path === '') throw new Error('cannot sort by empty field path');
  const keyed = resources.map((r) => {
    let val: Json | undefined;
    try {
      val = getValue(r, path);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      val = undefined;
    }
    return { r, val: val === null ? undefined : val };
  });
  let type: string | undefined;
  for (const { val } of keyed) {
    if (val === undefined) continue;
    const t = goTypeName(val);
    if (type === undefined) type = t;
    else if (type !== t) throw new Error(`cannot sort values of different types ${goQuote(type)} and ${goQuote(t)}`);
  }
  if (type === undefined) return resources;
  if (type !== 'float64' && type !== 'string') {
    const kind = type === 'bool' ? 'bool' : type.startsWith('[]') ? 'slice' : 'map';
    throw new Error(`unsupported type ${goQuote(kind)} for sorting`);
  }
  const zero: Json = type === 'string' ? '' : 0;
  const less = (a: Json, b: Json): number => (type === 'string' ? compareGoStrings(a as string, b as string) : (a as number) - (b as number));
  return [...keyed].sort((a, b) => less(a.val ?? zero, b.val ?? zero)).map((k) => k.r);
}

function selectBySelector(selector: SelectorInput, resources: JsonObject[]): JsonObject[] {
  const mode = selector.mode === undefined || selector.mode === '' ? 'Single' : selector.mode;
  if (mode === 'Single') {
    if (resources.length !== 1) throw new Error(`expected exactly one required resource, got ${resources.length}`);
    return [resources[0]!];
  }
  if (mode === 'Multiple') {
    if (selector.minMatch !== undefined && resources.length < selector.minMatch) {
      throw new Error(`expected at least ${selector.minMatch} required resources, got ${resources.length}`);
    }
    const sorted = sortByFieldPath(resources, selector.sortByFieldPath || 'metadata.name');
    return selector.maxMatch !== undefined && sorted.length > selector.maxMatch ? sorted.slice(0, selector.maxMatch) : sorted;
  }
  throw new Error(`unknown selector mode ${goQuote(selector.mode ?? '')}`);
}

function selectByReference(input: EnvironmentConfigsInput, name: string, resources: JsonObject[]): JsonObject | undefined {
  if (resources.length === 0) {
    if (input.spec?.policy?.resolution === 'Optional') return undefined;
    throw new Error(`Required environment config ${goQuote(name)} not found`);
  }
  if (resources.length > 1) throw new Error(`expected exactly one required resource ${goQuote(name)}, got ${resources.length}`);
  return resources[0];
}

/** getSelectedEnvConfigs: the chosen configs grouped by toFieldPath, in input order within a group. */
function selectedConfigs(input: EnvironmentConfigsInput, required: Record<string, JsonObject[]>): Map<string, JsonObject[]> {
  const groups = new Map<string, JsonObject[]>();
  const add = (to: string, configs: JsonObject[]) => groups.set(to, [...(groups.get(to) ?? []), ...configs]);
  for (const [i, config] of (input.spec?.environmentConfigs ?? []).entries()) {
    const name = requirementName(i);
    // A selector left without labels was never requested: nothing to merge for it.
    if (!Object.prototype.hasOwnProperty.call(required, name)) continue;
    const resources = required[name]!;
    const to = config.toFieldPath ?? '';
    const type = config.type === undefined || config.type === '' ? 'Reference' : config.type;
    if (type === 'Reference') {
      const refName = config.ref?.name ?? '';
      let hit: JsonObject | undefined;
      try {
        hit = selectByReference(input, refName, resources);
      } catch (e) {
        throw new FatalError(`cannot get selected environment configs: cannot process environment config ${goQuote(refName)} by reference, ${goQuote(name)}: ${(e as Error).message}`);
      }
      if (hit) add(to, [hit]);
    } else if (type === 'Selector') {
      let hits: JsonObject[];
      try {
        hits = selectBySelector(config.selector ?? {}, resources);
      } catch (e) {
        throw new FatalError(`cannot get selected environment configs: cannot process environment config ${goQuote(name)} by selector: ${(e as Error).message}`);
      }
      if (hits.length > 0) add(to, hits);
    }
  }
  return groups;
}

// ---------------------------------------------------------------------------------------------
// Merging

/** mergeMaps: b over a; maps present on both sides merge recursively, anything else is replaced. */
export function mergeMaps(a: JsonObject, b: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(a)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (const [k, v] of Object.entries(b)) {
    const merged = isMap(v) && isMap(out[k]) ? mergeMaps(out[k] as JsonObject, v) : cloneJson(v);
    Object.defineProperty(out, k, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function configName(c: JsonObject): string {
  const m = c.metadata;
  return isMap(m) && typeof m.name === 'string' ? m.name : '';
}

/** encoding/json's name for what a non-object `data` holds, as its UnmarshalTypeError prints it. */
function jsonKindName(v: Json): string {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  return Array.isArray(v) ? 'array' : 'string';
}

function dataOf(c: JsonObject, toFieldPath: string): JsonObject {
  const data: JsonObject = {};
  if (toFieldPath !== '') {
    try {
      setValue(data, toFieldPath, c.data === undefined ? null : cloneJson(c.data));
    } catch {
      throw new FatalError(`cannot merge environment data: cannot get data from environment config ${configName(c)} into path ${goQuote(toFieldPath)}`);
    }
    return data;
  }
  const wrap = (why: string) => new FatalError(`cannot merge environment data: cannot get data from environment config ${goQuote(configName(c))}: ${why}`);
  if (!Object.prototype.hasOwnProperty.call(c, 'data')) throw wrap('data: no such field');
  const v = c.data!;
  if (v === null) return data;
  if (!isMap(v)) throw wrap(`json: cannot unmarshal ${jsonKindName(v)} into Go value of type map[string]interface {}`);
  return cloneJson(v);
}

function mergeGroups(groups: [string, JsonObject[]][]): JsonObject {
  let merged: JsonObject = {};
  for (const [to, configs] of groups) for (const c of configs) merged = mergeMaps(merged, dataOf(c, to));
  return merged;
}

/** Key-order independent JSON text: Go maps have no order, so only content may differ. */
function canonical(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isMap(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k]!)}`).join(',')}}`;
  return JSON.stringify(v);
}

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

/**
 * mergeEnvConfigsData ranges over a Go map keyed by toFieldPath: groups merge in random order. When
 * the order changes the result, the real function answers differently from one run to the next;
 * the renderer refuses to pick one.
 */
function mergeEnvironmentConfigs(groups: Map<string, JsonObject[]>): JsonObject {
  const entries = [...groups.entries()];
  const first = mergeGroups(entries);
  if (entries.length > 1 && entries.length <= 6) {
    const text = canonical(first);
    const other = permutations(entries).find((p) => canonical(mergeGroups(p)) !== text);
    if (other) {
      throw new FunctionRunError(
        `the environment depends on the order function-environment-configs merges the toFieldPaths ${entries.map(([to]) => goQuote(to)).join(', ')} in, which is Go's random map order: their data overlap; give them disjoint paths`,
      );
    }
  }
  return first;
}

/** unstructured GroupVersionKind().Empty(): no group, version or kind. */
function gvkEmpty(o: JsonObject): boolean {
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  const kind = typeof o.kind === 'string' ? o.kind : '';
  const parts = apiVersion.split('/');
  // schema.ParseGroupVersion fails on more than one slash, and then the whole GVK reads as empty.
  if (parts.length > 2) return true;
  return parts.every((p) => p === '') && kind === '';
}

// ---------------------------------------------------------------------------------------------
// RunFunction

export function environmentConfigs(req: FunctionRequest): FunctionResponse {
  const rsp: FunctionResponse = { desired: req.desired, results: [], ...(req.context !== undefined ? { context: req.context } : {}) };
  const fatal = (message: string): FunctionResponse => ({ ...rsp, results: [{ severity: 'Fatal', message }] });

  let input: EnvironmentConfigsInput;
  try {
    input = decodeEnvironmentConfigsInput(req.input ?? {});
  } catch (e) {
    if (e instanceof InputDecodeError) return fatal(inputErrorMessage(e.message));
    throw e;
  }
  const sources = input.spec?.environmentConfigs;
  if (sources === undefined) return rsp;

  try {
    rsp.requirements = buildRequirements(sources, req.observed.composite.resource);
  } catch (e) {
    if (e instanceof FatalError) return fatal(e.message);
    throw e;
  }
  if (req.requiredResources === undefined) return rsp;

  let inputEnv: JsonObject | undefined;
  if (req.context !== undefined && Object.prototype.hasOwnProperty.call(req.context, ENVIRONMENT_CONTEXT_KEY)) {
    const v = req.context[ENVIRONMENT_CONTEXT_KEY];
    // A context value that is not a Struct reads as an empty one.
    inputEnv = isMap(v) ? v : {};
  }

  let merged: JsonObject;
  try {
    merged = mergeEnvironmentConfigs(selectedConfigs(input, req.requiredResources));
  } catch (e) {
    if (e instanceof FatalError) return fatal(e.message);
    throw e;
  }
  // Priority: selected EnvironmentConfigs over the incoming environment over defaultData.
  if (inputEnv !== undefined) merged = mergeMaps(inputEnv, merged);
  if (input.spec?.defaultData !== undefined) merged = mergeMaps(input.spec.defaultData, merged);
  if (gvkEmpty(merged)) {
    merged.apiVersion = 'internal.crossplane.io/v1alpha1';
    merged.kind = 'Environment';
  }
  rsp.context = { ...(rsp.context ?? {}), [ENVIRONMENT_CONTEXT_KEY]: merged };
  return rsp;
}
