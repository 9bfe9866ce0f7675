// Patch application of function-patch-and-transform (patches.go): the eight patch types, PatchSet
// inlining, string combines, merge policies and wildcard expansion. Patches always read observed
// state and write desired state (or the environment); the caller decides which objects those are.

import type { Json, JsonObject } from '../types';
import { expandWildcards, getValue, isNotFound, setValidValue, setValue, toValidJSON, wrapCause, type MergeOptions } from '../crossplane/fieldpath';
import { sprintf } from '../go';
import { resolveTransforms, type TransformValue } from './transforms';

export const PatchType = {
  FromCompositeFieldPath: 'FromCompositeFieldPath',
  ToCompositeFieldPath: 'ToCompositeFieldPath',
  CombineFromComposite: 'CombineFromComposite',
  CombineToComposite: 'CombineToComposite',
  FromEnvironmentFieldPath: 'FromEnvironmentFieldPath',
  ToEnvironmentFieldPath: 'ToEnvironmentFieldPath',
  CombineFromEnvironment: 'CombineFromEnvironment',
  CombineToEnvironment: 'CombineToEnvironment',
  PatchSet: 'PatchSet',
} as const;

/** A P&T patch as plain JSON (input/v1beta1 Patch). */
export type Patch = JsonObject;

// ---------------------------------------------------------------------------------------------
// Errors. Go wraps errors as "context: cause"; not-found-ness must survive wrapping because fn.go
// decides Optional/Required/Fatal on the root cause (fieldpath.IsNotFound).

/** errors.Wrap(cause, message), keeping the cause reachable. */
export function wrapError(cause: unknown, message: string): Error {
  return wrapCause(cause, message);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** True if err, or anything it wraps, is a field-path-not-found error. */
export function isNotFoundError(err: unknown): boolean {
  return isNotFound(err);
}

/**
 * A k8s.io/apimachinery field.Error as the function renders it: "<field>: Required value: <detail>"
 * or "<field>: Invalid value: <value>: <detail>". withParent mirrors WrapFieldError.
 */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly kind: 'Required' | 'Invalid',
    readonly detail: string,
    readonly badValue?: Json,
  ) {
    super(`${field}: ${FieldError.body(kind, detail, badValue)}`);
  }

  private static body(kind: 'Required' | 'Invalid', detail: string, badValue: Json | undefined): string {
    if (kind === 'Required') return `Required value: ${detail}`;
    const shown =
      badValue === undefined || badValue === null
        ? 'null'
        : typeof badValue === 'string'
          ? sprintf('%q', badValue)
          : typeof badValue === 'object'
            ? JSON.stringify(badValue)
            : String(badValue);
    return `Invalid value: ${shown}: ${detail}`;
  }

  withParent(parent: string): FieldError {
    const field = parent === '' ? this.field : `${parent}.${this.field}`;
    return new FieldError(field, this.kind, this.detail, this.badValue);
  }
}

// ---------------------------------------------------------------------------------------------
// Accessors with upstream's defaults.

function optionalString(o: JsonObject | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' ? v : undefined;
}

export function patchTypeOf(p: Patch): string {
  return optionalString(p, 'type') || PatchType.FromCompositeFieldPath;
}

export function fromFieldPathOf(p: Patch): string {
  return optionalString(p, 'fromFieldPath') ?? '';
}

/** toFieldPath, defaulting to fromFieldPath (GetToFieldPath). */
export function toFieldPathOf(p: Patch): string {
  return optionalString(p, 'toFieldPath') ?? fromFieldPathOf(p);
}

function policyOf(p: Patch): JsonObject | undefined {
  const v = p.policy;
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

export function fromFieldPathPolicyOf(p: Patch): string {
  return optionalString(policyOf(p), 'fromFieldPath') ?? 'Optional';
}

export function toFieldPathPolicyOf(p: Patch): string {
  return optionalString(policyOf(p), 'toFieldPath') ?? 'Replace';
}

export function transformsOf(p: Patch): JsonObject[] {
  const v = p.transforms;
  return Array.isArray(v) ? (v.filter((t) => t !== null && typeof t === 'object' && !Array.isArray(t)) as JsonObject[]) : [];
}

export function combineOf(p: Patch): JsonObject | undefined {
  const v = p.combine;
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

/** Maps policy.toFieldPath to crossplane-runtime merge options (toMergeOption). */
export function toMergeOptions(p: Patch): MergeOptions | undefined {
  const policy = policyOf(p);
  if (policy === undefined) return undefined;
  const value = toFieldPathPolicyOf(p);
  switch (value) {
    case 'Replace':
      return undefined;
    case 'MergeObjects':
    case 'MergeObject': // deprecated alias
      return { keepMapValues: true };
    case 'MergeObjectsAppendArrays':
      return { keepMapValues: true, appendSlice: true };
    case 'ForceMergeObjects':
      return { keepMapValues: false };
    case 'ForceMergeObjectsAppendArrays':
    case 'AppendArray': // deprecated alias
      return { appendSlice: true };
    default:
      throw new Error(`invalid patch policy ${value}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The two patch primitives.

/** `handedOver`: value is a copy toValidJSON made for this patch alone. */
function patchToObject(to: JsonObject, path: string, value: Json | bigint, merge: MergeOptions | undefined, handedOver = false): void {
  try {
    if (handedOver) setValidValue(to, path, value as Json, merge);
    else setValue(to, path, value, merge);
  } catch (err) {
    throw wrapError(err, 'cannot patch to object');
  }
}

function patchToExpandedPaths(to: JsonObject, path: string, value: Json, merge: MergeOptions | undefined): void {
  const paths = expandWildcards(to, path);
  if (paths.length === 0) throw new Error(`cannot expand ToFieldPath ${path}`);
  for (const expanded of paths) setValue(to, expanded, value, merge);
}

/** Copies fromFieldPath of `from` through the transforms to toFieldPath of `to` (ApplyFromFieldPathPatch). */
export function applyFromFieldPathPatch(p: Patch, from: JsonObject, to: JsonObject): void {
  const input = getValue(from, fromFieldPathOf(p));
  const out = resolveTransforms(transformsOf(p), input);
  // The JSON round trip (and its NaN/Inf error) comes before merge options and expansion.
  const value = toValidJSON(out);
  const merge = toMergeOptions(p);
  const toPath = toFieldPathOf(p);
  if (toPath.includes('[*]')) {
    patchToExpandedPaths(to, toPath, value, merge);
    return;
  }
  patchToObject(to, toPath, value, merge, true);
}

/** Go fmt.Sprintf over the variables; only the `string` strategy exists (Combine). */
export function combineValues(combine: JsonObject, vars: TransformValue[]): string {
  const strategy = optionalString(combine, 'strategy') ?? '';
  if (strategy !== 'string') throw new Error(`combine strategy ${strategy} is not supported`);
  const cfg = combine.string;
  if (cfg === null || typeof cfg !== 'object' || Array.isArray(cfg)) {
    throw new Error(`given combine strategy ${strategy} requires configuration`);
  }
  return sprintf(optionalString(cfg, 'fmt') ?? '', ...vars);
}

/** Combines several fields of `from` into toFieldPath of `to` (ApplyCombineFromVariablesPatch). */
export function applyCombinePatch(p: Patch, from: JsonObject, to: JsonObject): void {
  const combine = combineOf(p) ?? {};
  const variables = Array.isArray(combine.variables) ? combine.variables : [];
  // Any missing variable aborts the whole patch (not-found), never a partial format.
  const vars = variables.map((v) => getValue(from, optionalString(v as JsonObject, 'fromFieldPath') ?? ''));
  const combined = combineValues(combine, vars);
  const out = resolveTransforms(transformsOf(p), combined);
  patchToObject(to, toFieldPathOf(p), out, toMergeOptions(p));
}

// ---------------------------------------------------------------------------------------------
// Patch routing.

/** True if the patch writes to a composed resource rather than reading from one. */
export function isToComposedResource(p: Patch): boolean {
  switch (patchTypeOf(p)) {
    case PatchType.FromCompositeFieldPath:
    case PatchType.CombineFromComposite:
    case PatchType.FromEnvironmentFieldPath:
    case PatchType.CombineFromEnvironment:
      return true;
    default:
      return false;
  }
}

/**
 * Applies a resource template's patch. `ocd` is the observed composed resource (undefined if it
 * does not exist yet: patches from it are silently skipped until it does).
 */
export function applyComposedPatch(
  p: Patch,
  ocd: JsonObject | undefined,
  dcd: JsonObject,
  oxr: JsonObject,
  dxr: JsonObject,
  env: JsonObject,
): void {
  if (ocd === undefined && !isToComposedResource(p)) return;
  switch (patchTypeOf(p)) {
    case PatchType.ToCompositeFieldPath:
      return applyFromFieldPathPatch(p, ocd!, dxr);
    case PatchType.CombineToComposite:
      return applyCombinePatch(p, ocd!, dxr);
    case PatchType.ToEnvironmentFieldPath:
      return applyFromFieldPathPatch(p, ocd!, env);
    case PatchType.CombineToEnvironment:
      return applyCombinePatch(p, ocd!, env);
    case PatchType.FromCompositeFieldPath:
      return applyFromFieldPathPatch(p, oxr, dcd);
    case PatchType.CombineFromComposite:
      return applyCombinePatch(p, oxr, dcd);
    case PatchType.FromEnvironmentFieldPath:
      return applyFromFieldPathPatch(p, env, dcd);
    case PatchType.CombineFromEnvironment:
      return applyCombinePatch(p, env, dcd);
    default:
      return; // PatchSet is inlined by composedTemplates.
  }
}

/**
 * Applies an `environment.patches` entry: XR -> environment reads the observed XR, environment ->
 * XR writes the desired XR. Combine*Environment is meaningless here and ignored.
 */
export function applyEnvironmentPatch(p: Patch, env: JsonObject, oxr: JsonObject, dxr: JsonObject): void {
  switch (patchTypeOf(p)) {
    case PatchType.FromCompositeFieldPath:
    case PatchType.ToEnvironmentFieldPath:
      return applyFromFieldPathPatch(p, oxr, env);
    case PatchType.CombineFromComposite:
      return applyCombinePatch(p, oxr, env);
    case PatchType.ToCompositeFieldPath:
    case PatchType.FromEnvironmentFieldPath:
      return applyFromFieldPathPatch(p, env, dxr);
    case PatchType.CombineToComposite:
      return applyCombinePatch(p, env, dxr);
    default:
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// PatchSets.

function patchesOf(o: JsonObject): Patch[] {
  const v = o.patches;
  return Array.isArray(v) ? (v.filter((p) => p !== null && typeof p === 'object' && !Array.isArray(p)) as Patch[]) : [];
}

/**
 * Returns the resource templates with every PatchSet reference replaced, in place, by the patch
 * set's patches (ComposedTemplates). A patch set may not contain PatchSet patches.
 */
export function composedTemplates(patchSets: JsonObject[], templates: JsonObject[]): JsonObject[] {
  const byName = new Map<string, Patch[]>();
  for (const ps of patchSets) {
    const patches = patchesOf(ps);
    if (patches.some((p) => patchTypeOf(p) === PatchType.PatchSet)) {
      throw new Error('a patch in a PatchSet cannot be of type PatchSet');
    }
    byName.set(optionalString(ps, 'name') ?? '', patches);
  }
  return templates.map((t) => {
    const resolved: Patch[] = [];
    for (const p of patchesOf(t)) {
      if (patchTypeOf(p) !== PatchType.PatchSet) {
        resolved.push(p);
        continue;
      }
      const name = optionalString(p, 'patchSetName');
      if (name === undefined) throw new Error(`PatchSetName is required by type ${PatchType.PatchSet}`);
      const set = byName.get(name);
      if (set === undefined) throw new Error(`cannot find PatchSet by name ${name}`);
      resolved.push(...set);
    }
    return { ...t, patches: resolved };
  });
}
