// Typed patch helpers over the function-patch-and-transform input types from imports/. Charts never
// spell out raw patch objects.
import {
  ResourcesEnvironmentPatches as EnvironmentPatch,
  ResourcesEnvironmentPatchesPolicyFromFieldPath as EnvironmentFromFieldPathPolicy,
  ResourcesEnvironmentPatchesType as EnvironmentPatchType,
  ResourcesPatchSets,
  ResourcesPatchSetsPatches,
  ResourcesResourcesPatches as Patch,
  ResourcesResourcesPatchesCombineStrategy as CombineStrategy,
  ResourcesResourcesPatchesPolicyFromFieldPath as FromFieldPathPolicy,
  ResourcesResourcesPatchesPolicyToFieldPath as ToFieldPathPolicy,
  ResourcesResourcesPatchesType as PatchType,
} from '../../imports/pt.fn.crossplane.io';
import type { Transform } from './transforms';

export type { EnvironmentPatch, Patch };
export { ToFieldPathPolicy };

export interface PatchOptions {
  readonly transforms?: readonly Transform[];
  /**
   * Hold the composed resource back until the source value exists (policy.fromFieldPath Required).
   * Use it for every value that comes from another resource or domain: creating a resource with a
   * half-built policy is worse than creating it a reconcile later.
   * @default false
   */
  readonly required?: boolean;
  /** How the value is written. @default Replace */
  readonly toPolicy?: ToFieldPathPolicy;
}

function policy(options: PatchOptions): Pick<Patch, 'policy'> {
  if (!options.required && !options.toPolicy) return {};
  return {
    policy: {
      ...(options.required ? { fromFieldPath: FromFieldPathPolicy.REQUIRED } : {}),
      ...(options.toPolicy ? { toFieldPath: options.toPolicy } : {}),
    },
  };
}

function transforms(options: PatchOptions): Pick<Patch, 'transforms'> {
  return options.transforms?.length ? { transforms: [...options.transforms] } : {};
}

/** Composite field → composed resource field. */
export function fromComposite(fromFieldPath: string, toFieldPath: string = fromFieldPath, options: PatchOptions = {}): Patch {
  return { type: PatchType.FROM_COMPOSITE_FIELD_PATH, fromFieldPath, toFieldPath, ...transforms(options), ...policy(options) };
}

/** Observed composed resource field → composite `status`. Crossplane drops anything outside status. */
export function toComposite(fromFieldPath: string, toFieldPath: string, options: PatchOptions = {}): Patch {
  if (!toFieldPath.startsWith('status.')) {
    throw new Error(`toComposite: '${toFieldPath}' is not under status (Crossplane keeps only the composite's status from functions)`);
  }
  return { type: PatchType.TO_COMPOSITE_FIELD_PATH, fromFieldPath, toFieldPath, ...transforms(options), ...policy(options) };
}

/** Several observed fields of the composed resource formatted into one composite status field (Go `fmt`). */
export function combineToComposite(variables: readonly string[], fmt: string, toFieldPath: string): Patch {
  if (!toFieldPath.startsWith('status.')) {
    throw new Error(`combineToComposite: '${toFieldPath}' is not under status (Crossplane keeps only the composite's status from functions)`);
  }
  if (variables.length === 0) throw new Error(`combineToComposite: '${toFieldPath}' needs at least one variable`);
  return {
    type: PatchType.COMBINE_TO_COMPOSITE,
    combine: { strategy: CombineStrategy.STRING, variables: variables.map((fromFieldPath) => ({ fromFieldPath })), string: { fmt } },
    toFieldPath,
  };
}

/**
 * Composition environment field → composed resource field. The environment is what
 * function-environment-configs computed from the claim's EnvironmentConfig (the bound account).
 */
export function fromEnvironment(fromFieldPath: string, toFieldPath: string, options: PatchOptions = {}): Patch {
  return { type: PatchType.FROM_ENVIRONMENT_FIELD_PATH, fromFieldPath, toFieldPath, ...transforms(options), ...policy(options) };
}

/**
 * An `environment.patches` entry writing an environment field into the composite's status. Required:
 * a composite whose binding lacks the field is not reconciled rather than shown without it.
 */
export function environmentToStatus(fromFieldPath: string, toFieldPath: string): EnvironmentPatch {
  if (!toFieldPath.startsWith('status.')) {
    throw new Error(`environmentToStatus: '${toFieldPath}' is not under status (Crossplane keeps only the composite's status from functions)`);
  }
  return { type: EnvironmentPatchType.TO_COMPOSITE_FIELD_PATH, fromFieldPath, toFieldPath, policy: { fromFieldPath: EnvironmentFromFieldPathPolicy.REQUIRED } };
}

/** Several composite fields formatted into one string with Go `fmt` (use `%v`, never `%d`). */
export function combineFromComposite(variables: readonly string[], fmt: string, toFieldPath: string, options: PatchOptions = {}): Patch {
  if (variables.length === 0) throw new Error(`combineFromComposite: '${toFieldPath}' needs at least one variable`);
  return {
    type: PatchType.COMBINE_FROM_COMPOSITE,
    combine: {
      strategy: CombineStrategy.STRING,
      variables: variables.map((fromFieldPath) => ({ fromFieldPath })),
      string: { fmt },
    },
    toFieldPath,
    ...transforms(options),
    ...policy(options),
  };
}

export function patchSetRef(name: string): Patch {
  return { type: PatchType.PATCH_SET, patchSetName: name };
}

/** A named, reusable list of patches (a P&T patch set). */
export class PatchSet {
  public constructor(
    public readonly name: string,
    public readonly patches: readonly Patch[],
  ) {
    for (const p of patches) {
      if (p.type === PatchType.PATCH_SET) throw new Error(`patch set '${name}': a patch set cannot reference another patch set`);
    }
  }

  public ref(): Patch {
    return patchSetRef(this.name);
  }

  /** The input form; patch-set patches share the resource patch shape, only the enum type differs. */
  public toInput(): ResourcesPatchSets {
    return { name: this.name, patches: this.patches.map((p) => p as unknown as ResourcesPatchSetsPatches) };
  }
}

/**
 * The same patch without a Required policy (P&T's default, Optional): skipped while a source value
 * is missing, e.g. an alternative value written only when an optional parameter is set.
 */
export function optionalPatch(patch: Patch): Patch {
  const { policy: _required, ...optional } = patch;
  return optional;
}
