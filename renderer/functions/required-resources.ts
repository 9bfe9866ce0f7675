// How Crossplane answers a function's requirements (crossplane internal/xfn/required_resources.go,
// FetchingFunctionRunner and ExistingRequiredResourcesFetcher; the same in every release from v2.0.3,
// our minimum, to v2.3.x): the function is called, the objects its requirements select are fetched,
// and it is called again with them, until it returns the same requirements twice (at most
// MAX_REQUIREMENTS_ITERATIONS + 1 calls). A Fatal result ends the loop at once.
import { cloneJson } from '../json';
import type { CompositionFunction, FunctionRequest, FunctionResponse, Json, JsonObject, Requirements, ResourceSelector } from '../types';

/** xfn.MaxRequirementsIterations. */
export const MAX_REQUIREMENTS_ITERATIONS = 5;

/** Fetches what one selector selects; null when a name matches nothing (Crossplane sends no items). */
export type RequiredResourcesFetcher = (selector: ResourceSelector) => JsonObject[] | null;

/** The function run failed (an error, not a Fatal result): Crossplane cannot run the pipeline step. */
export class FunctionRunError extends Error {
  override name = 'FunctionRunError';
}

// ---------------------------------------------------------------------------------------------
// proto.Equal for fnv1.Requirements: an unset message differs from an empty one, an empty map
// equals an unset one, oneof and proto3-optional fields compare their presence too.

function labelsEqual(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every((k) => (b ?? {})[k] === (a ?? {})[k] && Object.prototype.hasOwnProperty.call(b ?? {}, k));
}

function selectorEqual(a: ResourceSelector, b: ResourceSelector): boolean {
  if ((a.apiVersion ?? '') !== (b.apiVersion ?? '') || (a.kind ?? '') !== (b.kind ?? '')) return false;
  if ((a.matchName !== undefined) !== (b.matchName !== undefined) || (a.matchName ?? '') !== (b.matchName ?? '')) return false;
  if ((a.matchLabels !== undefined) !== (b.matchLabels !== undefined) || !labelsEqual(a.matchLabels, b.matchLabels)) return false;
  return a.namespace === b.namespace;
}

function selectorMapEqual(a: Record<string, ResourceSelector> | undefined, b: Record<string, ResourceSelector> | undefined): boolean {
  const ka = Object.keys(a ?? {}).sort();
  const kb = Object.keys(b ?? {}).sort();
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => selectorEqual(a![k]!, b![k]!));
}

export function requirementsEqual(a: Requirements | undefined, b: Requirements | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return selectorMapEqual(a.resources, b.resources) && selectorMapEqual(a.extraResources, b.extraResources);
}

// ---------------------------------------------------------------------------------------------
// The loop

function fetchAll(selectors: Record<string, ResourceSelector> | undefined, fetch: RequiredResourcesFetcher): Record<string, JsonObject[]> {
  const out: Record<string, JsonObject[]> = {};
  // Go ranges over the map in random order; sorted here so the first failure reported is stable.
  for (const name of Object.keys(selectors ?? {}).sort()) {
    let found: JsonObject[] | null;
    try {
      found = fetch(selectors![name]!);
    } catch (e) {
      throw new FunctionRunError(`fetching resources for ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    // A nil Resources reaches the function as an empty one.
    out[name] = found ?? [];
  }
  return out;
}

/**
 * Runs `fn` as Crossplane's FetchingFunctionRunner does. `req.requiredResources` given up front (a
 * Composition's bootstrap requirements) is kept on every call. Throws FunctionRunError when the
 * requirements do not settle or a fetch fails.
 */
export function runWithRequirements(fn: CompositionFunction, request: FunctionRequest, fetch: RequiredResourcesFetcher): FunctionResponse {
  const req: FunctionRequest = { ...request };
  const bootstrap = req.requiredResources ? cloneJson(req.requiredResources as unknown as Json) as unknown as Record<string, JsonObject[]> : undefined;
  let previous: Requirements | undefined;
  for (let i = 0; i <= MAX_REQUIREMENTS_ITERATIONS; i++) {
    const rsp = fn(req);
    if (rsp.results.some((r) => r.severity === 'Fatal')) return rsp;
    if (requirementsEqual(rsp.requirements, previous)) return rsp;
    previous = rsp.requirements;
    req.extraResources = fetchAll(rsp.requirements?.extraResources, fetch);
    req.requiredResources = {
      ...(bootstrap ? cloneJson(bootstrap as unknown as Json) as unknown as Record<string, JsonObject[]> : {}),
      ...fetchAll(rsp.requirements?.resources, fetch),
    };
    // The context the function returned is what it sees on its next call.
    if (rsp.context !== undefined) req.context = rsp.context;
    else delete req.context;
  }
  throw new FunctionRunError(`requirements didn't stabilize after the maximum number of iterations (${MAX_REQUIREMENTS_ITERATIONS})`);
}

// ---------------------------------------------------------------------------------------------
// The fetcher: what the API server answers for a selector

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

function metaOf(o: JsonObject): { name: string; namespace: string; labels: Record<string, unknown> } {
  const m = (o.metadata ?? {}) as JsonObject;
  const labels = m.labels !== null && typeof m.labels === 'object' && !Array.isArray(m.labels) ? (m.labels as Record<string, unknown>) : {};
  return { name: typeof m.name === 'string' ? m.name : '', namespace: typeof m.namespace === 'string' ? m.namespace : '', labels };
}

/**
 * ExistingRequiredResourcesFetcher over a set of objects standing for the cluster. A Get or List at
 * another served version of the same kind returns the object at the requested version (CRDs
 * without a conversion webhook, like EnvironmentConfig, only change apiVersion). A label List
 * returns its items sorted by namespace/name: the order the API server lists them in on v2.0, and
 * the order Crossplane sorts them into from v2.1.
 */
export function fetcherOver(objects: (selector: ResourceSelector) => readonly JsonObject[]): RequiredResourcesFetcher {
  return (sel) => {
    const sameKind = objects(sel).filter((o) => o.kind === sel.kind && groupOf(String(o.apiVersion ?? '')) === groupOf(sel.apiVersion));
    const asRequested = (o: JsonObject): JsonObject => ({ ...cloneJson(o), apiVersion: sel.apiVersion });
    if (sel.matchName !== undefined) {
      const hit = sameKind.find((o) => metaOf(o).name === sel.matchName && metaOf(o).namespace === (sel.namespace ?? ''));
      return hit ? [asRequested(hit)] : null;
    }
    if (sel.matchLabels !== undefined) {
      const wanted = Object.entries(sel.matchLabels);
      return sameKind
        .filter((o) => sel.namespace === undefined || sel.namespace === '' || metaOf(o).namespace === sel.namespace)
        .filter((o) => wanted.every(([k, v]) => metaOf(o).labels[k] === v))
        .map(asRequested)
        .sort((a, b) => {
          const ka = `${metaOf(a).namespace}/${metaOf(a).name}`;
          const kb = `${metaOf(b).namespace}/${metaOf(b).name}`;
          return ka < kb ? -1 : ka > kb ? 1 : 0;
        });
    }
    // Refused as v2.0.3 to v2.2.3 refuse it (v2.2.4 and later list every object of the kind): a
    // composition relying on either answer would break on some supported release.
    throw new Error('unsupported required resource selector type <nil>');
  };
}
