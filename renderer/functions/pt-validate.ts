// Input validation of function-patch-and-transform (validate.go): the checks P&T makes after
// decoding, because the input is opaque to the API server. Each validator returns the first
// k8s field.Error as text ("<field>: Required value: <detail>"), relative to the object it was
// given; `under` prefixes the parent path like WrapFieldError.

import type { JsonObject } from '../types';
import { asObject, objectsOf, stringAt } from '../json';
import { sprintf } from '../go';
import { validateTransform } from './transforms';
import {
  PatchType,
  combineOf,
  fromFieldPathOf,
  fromFieldPathPolicyOf,
  patchTypeOf,
  toFieldPathOf,
  toFieldPathPolicyOf,
  transformsOf,
  type Patch,
} from './patches';
import { validateReadinessCheck } from './ready';
import { validateConnectionDetail } from './connection';

const objects = objectsOf;
const str = (o: JsonObject | undefined, key: string): string => stringAt(o, key) ?? '';

const quote = (s: string) => sprintf('%q', s);

function under(parent: string, message: string | undefined): string | undefined {
  return message === undefined ? undefined : `${parent}.${message}`;
}

function required(field: string, detail: string): string {
  return `${field}: Required value: ${detail}`;
}

function invalid(field: string, value: string, detail: string): string {
  return `${field}: Invalid value: ${quote(value)}: ${detail}`;
}

const FIELD_PATH_PATCH_TYPES: readonly string[] = [
  PatchType.FromCompositeFieldPath,
  PatchType.ToCompositeFieldPath,
  PatchType.FromEnvironmentFieldPath,
  PatchType.ToEnvironmentFieldPath,
];
const COMBINE_PATCH_TYPES: readonly string[] = [
  PatchType.CombineFromComposite,
  PatchType.CombineToComposite,
  PatchType.CombineFromEnvironment,
  PatchType.CombineToEnvironment,
];
const ENVIRONMENT_PATCH_TYPES: readonly string[] = [
  PatchType.FromCompositeFieldPath,
  PatchType.ToCompositeFieldPath,
  PatchType.CombineFromComposite,
  PatchType.CombineToComposite,
  PatchType.FromEnvironmentFieldPath,
  PatchType.ToEnvironmentFieldPath,
];
const TO_FIELD_PATH_POLICIES: readonly string[] = [
  'Replace',
  'MergeObjects',
  'MergeObjectsAppendArrays',
  'ForceMergeObjects',
  'ForceMergeObjectsAppendArrays',
  'MergeObject',
  'AppendArray',
];

export function validateCombine(c: JsonObject): string | undefined {
  const strategy = str(c, 'strategy');
  if (strategy === 'string') {
    if (asObject(c.string) === undefined) return required('string', `string must be set for combine strategy ${strategy}`);
  } else if (strategy === '') {
    return required('strategy', 'a combine strategy must be provided');
  } else {
    return invalid('strategy', strategy, 'unknown strategy type');
  }
  const variables = objects(c.variables);
  if (variables.length === 0) return required('variables', 'at least one variable must be provided');
  for (const [i, v] of variables.entries()) {
    if (str(v, 'fromFieldPath') === '') {
      return required(`variables[${i}].fromFieldPath`, 'fromFieldPath must be set for each combine variable');
    }
  }
  return undefined;
}

/** Go type name of the patch struct, which upstream prints when rejecting a PatchSet patch. */
export type PatchKind = 'ComposedPatch' | 'PatchSetPatch' | 'EnvironmentPatch';

export function validatePatch(p: Patch, kind: PatchKind = 'ComposedPatch'): string | undefined {
  const type = patchTypeOf(p);
  if (FIELD_PATH_PATCH_TYPES.includes(type)) {
    if (fromFieldPathOf(p) === '') return required('fromFieldPath', `fromFieldPath must be set for patch type ${type}`);
  } else if (type === PatchType.PatchSet) {
    if (kind !== 'ComposedPatch') {
      return invalid('type', type, `patch type *v1beta1.${kind} does not support patch of type ${type}`);
    }
    if (str(p, 'patchSetName') === '') return required('patchSetName', `patchSetName must be set for patch type ${type}`);
  } else if (COMBINE_PATCH_TYPES.includes(type)) {
    const combine = combineOf(p);
    if (combine === undefined) return required('combine', `combine must be set for patch type ${type}`);
    // GetToFieldPath falls back to fromFieldPath, so a combine patch with only fromFieldPath passes.
    if (toFieldPathOf(p) === '') return required('toFieldPath', `toFieldPath must be set for patch type ${type}`);
    // Upstream returns here: transforms and policy of combine patches are not validated.
    return under('combine', validateCombine(combine));
  } else {
    return invalid('type', type, 'unknown patch type');
  }
  for (const [i, t] of transformsOf(p).entries()) {
    const err = under(`transforms[${i}]`, validateTransform(t));
    if (err) return err;
  }
  if (asObject(p.policy) !== undefined) {
    const to = toFieldPathPolicyOf(p);
    if (!TO_FIELD_PATH_POLICIES.includes(to)) return invalid('policy.toFieldPathPolicy', to, 'unknown toFieldPathPolicy');
    const from = fromFieldPathPolicyOf(p);
    if (from !== 'Optional' && from !== 'Required') {
      return invalid('policy.fromFieldPathPolicy', from, 'unknown fromFieldPathPolicy');
    }
  }
  return undefined;
}

function validatePatchSet(ps: JsonObject): string | undefined {
  if (str(ps, 'name') === '') return required('name', 'name is required');
  for (const [i, p] of objects(ps.patches).entries()) {
    const err = under(`patches[${i}]`, validatePatch(p, 'PatchSetPatch'));
    if (err) return err;
  }
  return undefined;
}

function validateComposedTemplate(t: JsonObject): string | undefined {
  if (str(t, 'name') === '') return required('name', 'name is required');
  for (const [i, p] of objects(t.patches).entries()) {
    const err = under(`patches[${i}]`, validatePatch(p, 'ComposedPatch'));
    if (err) return err;
  }
  for (const [i, cd] of objects(t.connectionDetails).entries()) {
    const err = under(`connectionDetails[${i}]`, validateConnectionDetail(cd)?.message);
    if (err) return err;
  }
  for (const [i, rc] of objects(t.readinessChecks).entries()) {
    const err = under(`readinessChecks[${i}]`, validateReadinessCheck(rc)?.message);
    if (err) return err;
  }
  return undefined;
}

function validateEnvironment(env: JsonObject | undefined): string | undefined {
  if (env === undefined) return undefined;
  for (const [i, p] of objects(env.patches).entries()) {
    const type = patchTypeOf(p);
    if (!ENVIRONMENT_PATCH_TYPES.includes(type)) return invalid(`patches[${i}][type]`, type, 'invalid environment patch type');
    const err = under(`patches[${i}]`, validatePatch(p, 'EnvironmentPatch'));
    if (err) return err;
  }
  return undefined;
}

/**
 * The fatal input checks of validate.go ValidateResources, first failure only, rendered like a
 * k8s field.Error. Note patch-set errors carry no "patchSets[i]" prefix upstream.
 */
export function validateResources(input: JsonObject): string | undefined {
  for (const ps of objects(input.patchSets)) {
    const err = validatePatchSet(ps);
    if (err) return err;
  }
  const resources = objects(input.resources);
  const env = asObject(input.environment);
  if (resources.length === 0 && objects(env?.patches).length === 0) {
    return required('resources', 'resources or environment patches are required');
  }
  for (const [i, t] of resources.entries()) {
    const err = under(`resources[${i}]`, validateComposedTemplate(t));
    if (err) return err;
  }
  return under('environment', validateEnvironment(env));
}

