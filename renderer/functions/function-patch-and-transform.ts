// crossplane-contrib/function-patch-and-transform v0.10.8 RunFunction (fn.go), run in-process on
// plain JSON. Numbers are float64 (JS number) as on the protobuf wire. The input is decoded as
// function-sdk-go decodes it (pt-input.ts) and validated as validate.go does (pt-validate.ts).

import { asObject, cloneJson, objectsOf, stringAt } from '../json';
import type { CompositionFunction, FunctionResponse, Json, JsonObject, ResourceState, Result } from '../types';
import { Ready } from '../types';
import { goJsonMarshal, sprintf } from '../go';
import {
  applyComposedPatch,
  applyEnvironmentPatch,
  composedTemplates,
  errorMessage,
  fromFieldPathPolicyOf,
  isNotFoundError,
  isToComposedResource,
  patchTypeOf,
  wrapError,
} from './patches';
import { isReady } from './ready';
import {
  composeConnectionSecret,
  connectionSecretResourceName,
  extractConnectionDetails,
  supportsConnectionDetails,
} from './connection';
import { InputDecodeError, decodeResourcesInput, getInputErrorMessage } from './pt-input';
import { validateResources } from './pt-validate';

export { validateResources } from './pt-validate';

/** Context key under which Crossplane and functions exchange the Composition environment. */
export const ENVIRONMENT_CONTEXT_KEY = 'apiextensions.crossplane.io/environment';

const ENVIRONMENT_API_VERSION = 'internal.crossplane.io/v1alpha1';
const ENVIRONMENT_KIND = 'Environment';

// ---------------------------------------------------------------------------------------------
// Plain-JSON accessors.

const objects = objectsOf;
const str = (o: JsonObject | undefined, key: string): string => stringAt(o, key) ?? '';

function quote(s: string): string {
  return sprintf('%q', s);
}

// ---------------------------------------------------------------------------------------------
// Per-template helpers.

function clone<T>(value: T): T {
  return cloneJson(value as Json) as T;
}

/** SetName/SetNamespace semantics: an empty value removes the field (without creating metadata). */
function setMetadataString(o: JsonObject, key: 'name' | 'namespace', value: string): void {
  if (value !== '') {
    const md = asObject(o.metadata);
    if (md === undefined) o.metadata = { [key]: value };
    else md[key] = value;
    return;
  }
  const md = asObject(o.metadata);
  if (md !== undefined) delete md[key];
}

/** The base template, rejected as json.Unmarshal into an Unstructured would reject it. */
function parseBase(name: string, base: Json): JsonObject {
  const object = asObject(base);
  if (object === undefined) {
    throw new Error(`cannot parse base template of composed resource ${quote(name)}: base must be an object`);
  }
  if (str(object, 'kind') === '') {
    throw new Error(
      `cannot parse base template of composed resource ${quote(name)}: Object 'Kind' is missing in '${goJsonMarshal(object)}'`,
    );
  }
  return clone(object);
}

class FatalError extends Error {}

// ---------------------------------------------------------------------------------------------
// RunFunction.

export const patchAndTransform: CompositionFunction = (req) => {
  const results: Result[] = [];
  const warn = (message: string) => results.push({ severity: 'Warning', message });
  try {
    return run(req, results, warn);
  } catch (err) {
    if (!(err instanceof FatalError)) throw err;
    // A fatal result leaves desired state exactly as the request had it.
    const rsp: FunctionResponse = { desired: req.desired, results: [...results, { severity: 'Fatal', message: err.message }] };
    if (req.context !== undefined) rsp.context = req.context;
    return rsp;
  }
};

function fatal(message: string): never {
  throw new FatalError(message);
}

/** request.GetInput into *v1beta1.Resources: unknown or mis-cased keys and wrong types are fatal. */
function decodeInput(raw: JsonObject | undefined): JsonObject {
  try {
    return decodeResourcesInput(raw ?? {});
  } catch (err) {
    if (err instanceof InputDecodeError) fatal(getInputErrorMessage(err.message));
    throw err;
  }
}

/** The input decoded, validated and its PatchSets resolved, or the fatal message of the first step that failed. */
type PreparedInput = { input: JsonObject; templates: JsonObject[] } | { fatal: string };

/**
 * Prepared inputs by the input object: the pipeline hands every call of a Composition step the same
 * frozen input (crossplane.ts stepInput), and decoding it was a fifth of a P&T run. The entries are
 * only read (every value a patch stores is copied first, as toValidJSON copies it upstream).
 */
const prepared = new WeakMap<JsonObject, PreparedInput>();
const NO_INPUT: JsonObject = Object.freeze({}) as JsonObject;

function prepareInput(raw: JsonObject | undefined): PreparedInput {
  const key = raw ?? NO_INPUT;
  let hit = prepared.get(key);
  if (hit === undefined) {
    try {
      const input = decodeInput(raw);
      const invalidInput = validateResources(input);
      if (invalidInput) fatal(`invalid Function input: ${invalidInput}`);
      let templates: JsonObject[];
      try {
        templates = composedTemplates(objects(input.patchSets), objects(input.resources));
      } catch (err) {
        fatal(`cannot resolve PatchSets: ${errorMessage(err)}`);
      }
      hit = { input, templates };
    } catch (err) {
      if (!(err instanceof FatalError)) throw err;
      hit = { fatal: err.message };
    }
    prepared.set(key, hit);
  }
  return hit;
}

function run(req: Parameters<CompositionFunction>[0], results: Result[], warn: (m: string) => void): FunctionResponse {
  const ready = prepareInput(req.input);
  if ('fatal' in ready) fatal(ready.fatal);
  const { input, templates } = ready;

  const oxr = req.observed.composite.resource;
  const dxr = clone(req.desired.composite.resource);
  // Crossplane re-injects the XR's GVK; the function copies it so its converters work.
  dxr.apiVersion = str(oxr, 'apiVersion');
  dxr.kind = str(oxr, 'kind');
  // Details from earlier pipeline steps are kept and this step's extracted ones merged over them;
  // for a v2 XR the composed connection Secret carries all of them.
  const xrConnectionDetails: Record<string, string> = { ...req.desired.composite.connectionDetails };

  const observed = req.observed.resources;
  const desired: Record<string, ResourceState> = {};
  for (const [name, r] of Object.entries(req.desired.resources)) {
    desired[name] = { resource: clone(r.resource), ...(r.ready !== undefined ? { ready: r.ready } : {}) };
  }

  const fromContext = asObject(req.context?.[ENVIRONMENT_CONTEXT_KEY]);
  const env: JsonObject = fromContext ? clone(fromContext) : {};
  if (str(env, 'apiVersion') === '' && str(env, 'kind') === '') {
    env.apiVersion = ENVIRONMENT_API_VERSION;
    env.kind = ENVIRONMENT_KIND;
  }

  for (const [i, p] of objects(asObject(input.environment)?.patches).entries()) {
    try {
      applyEnvironmentPatch(p, env, oxr, dxr);
    } catch (err) {
      if (isNotFoundError(err) && fromFieldPathPolicyOf(p) === 'Optional') continue;
      fatal(wrapError(err, `cannot apply the ${quote(patchTypeOf(p))} environment patch at index ${i}`).message);
    }
  }

  let skipped = 0;
  for (const t of templates) {
    const name = str(t, 'name');
    const dcd: ResourceState = { resource: {} };
    if (t.base === undefined || t.base === null) {
      const previous = desired[name];
      if (previous === undefined) {
        fatal(`composed resource ${quote(name)} has no base template, and was not produced by a previous Function in the pipeline`);
      }
      // Only the body is carried over: readiness set by the earlier step is dropped.
      dcd.resource = clone(previous.resource);
    } else {
      try {
        dcd.resource = parseBase(name, t.base);
      } catch (err) {
        fatal(errorMessage(err));
      }
    }

    const ocd = observed[name];
    if (ocd !== undefined) {
      // Keep the template associated with the resource that already exists.
      const md = asObject(ocd.resource.metadata);
      setMetadataString(dcd.resource, 'namespace', str(md, 'namespace'));
      setMetadataString(dcd.resource, 'name', str(md, 'name'));

      try {
        const conn = extractConnectionDetails(ocd.resource, ocd.connectionDetails ?? {}, objects(t.connectionDetails));
        Object.assign(xrConnectionDetails, conn);
      } catch (err) {
        warn(wrapError(err, `cannot extract composite resource connection details from composed resource ${quote(name)}`).message);
      }

      try {
        if (isReady(ocd.resource, objects(t.readinessChecks))) dcd.ready = Ready.True;
      } catch (err) {
        warn(wrapError(err, `cannot check readiness of composed resource ${quote(name)}`).message);
      }
    }

    let skip = false;
    for (const [i, p] of objects(t.patches).entries()) {
      try {
        applyComposedPatch(p, ocd?.resource, dcd.resource, oxr, dxr, env);
      } catch (err) {
        // Worded only when reported: an absent optional source is caught thousands of times a render.
        const where = () => `${quote(name)} ${quote(patchTypeOf(p))} patch at index ${i}`;
        if (!isNotFoundError(err)) fatal(wrapError(err, `cannot render composed resource ${where()}`).message);
        if (fromFieldPathPolicyOf(p) !== 'Required') continue;
        if (isToComposedResource(p) && ocd === undefined) {
          // Never create a resource whose required input is missing; later patches are moot.
          warn(
            wrapError(
              err,
              `not adding new composed resource ${quote(name)} to desired state because ${quote(patchTypeOf(p))} patch at index ${i} has 'policy.fromFieldPath: Required'`,
            ).message,
          );
          skip = true;
          break;
        }
        warn(
          wrapError(
            err,
            `cannot render composed resource ${where()}: ignoring 'policy.fromFieldPath: Required' because 'to' resource already exists`,
          ).message,
        );
      }
    }
    if (skip) {
      skipped++;
      continue;
    }
    desired[name] = dcd;
  }

  if (!supportsConnectionDetails(oxr)) {
    let secret: ResourceState | undefined;
    try {
      secret = composeConnectionSecret(oxr, xrConnectionDetails, asObject(input.writeConnectionSecretToRef));
    } catch (err) {
      fatal(wrapError(err, 'cannot compose connection secret').message);
    }
    if (secret !== undefined) desired[connectionSecretResourceName(oxr)] = secret;
  }

  const composite: ResourceState = { resource: dxr, connectionDetails: xrConnectionDetails };
  // The XR cannot be ready while a required resource is being held back. Otherwise readiness an
  // earlier step set on the XR is dropped: GetDesiredCompositeResource does not read it back.
  if (skipped > 0) composite.ready = Ready.False;

  const resources: Record<string, ResourceState> = {};
  for (const [name, r] of Object.entries(desired)) {
    resources[name] = { resource: r.resource, ...(r.ready !== undefined ? { ready: r.ready } : {}) };
  }

  return {
    desired: { composite, resources },
    results,
    context: { ...req.context, [ENVIRONMENT_CONTEXT_KEY]: env },
  };
}
