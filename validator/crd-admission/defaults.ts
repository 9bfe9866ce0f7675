// ValidateDefaults (apiextensions-apiserver pkg/apiserver/schema/defaulting/validation.go): every
// `default` must survive pruning unchanged, produce valid embedded TypeMeta/ObjectMeta, validate
// against its own schema node (type, enum, pattern, bounds, ...) and pass that node's CEL rules.
// Defaults inside TypeMeta/ObjectMeta are checked in a surrounding object instead.
import { cloneJsonValue } from './json-value';
import { compileCelPlan, evaluateCel, type CelPlan } from '../cel';
import type { Schema } from '../k8s-to-json-schema';
import { semanticDeepEqual } from './semantic-equal';
import { FieldPath, invalid, type FieldError } from './field';
import { coerceObjectMeta, validateObjectMetaIn } from './objectmeta';
import { pruneValue } from './pruning';
import type { Structural } from './structural';
import { validateValue } from './value-validation';

/** Builds the object around a value at a fixed path (defaulting/surroundingobject.go). */
type Surrounding = (focus: unknown) => Record<string, unknown> | undefined;

const rootObject: Surrounding = (x) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined);

function withTypeMeta(f: Surrounding): Surrounding {
  return (x) => {
    const obj = f(x) ?? {};
    if (!('kind' in obj)) obj.kind = 'Validation';
    if (!('apiVersion' in obj)) obj.apiVersion = 'validation/v1';
    return obj;
  };
}

const childOf = (f: Surrounding, k: string): Surrounding => (x) => f({ [k]: x });
const indexOf = (f: Surrounding): Surrounding => (x) => f([x]);

const newRoot = (): Surrounding => withTypeMeta(rootObject);

const isRuleCompileFailure = (message: string): boolean => message.startsWith('rule does not compile');

// Plans are compiled once per schema node: nested defaults would otherwise recompile their subtree.
const plans = new WeakMap<Schema, CelPlan | undefined>();

function planFor(json: Schema): CelPlan | undefined {
  if (!plans.has(json)) plans.set(json, compileCelPlan(json));
  return plans.get(json);
}

const asSchema = (v: unknown): Schema | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Schema) : undefined);

/** The node's CEL rules (and nested ones) evaluated on the default, as the API server does on create. */
function celErrors(p: FieldPath, json: Schema, s: Structural, value: unknown): FieldError[] {
  const plan = planFor(json);
  if (!plan) return [];
  const errs: FieldError[] = [];
  for (const v of evaluateCel(plan, value)) {
    // Rules that do not compile are reported by the CEL compile check of the CRD, not here.
    if (v.evaluationError && isRuleCompileFailure(v.message)) continue;
    const fp = v.path === '' ? p : p.child(v.path.replace(/^\./, ''));
    errs.push(invalid(fp, s.generic.type, v.message));
  }
  return errs;
}

interface Walk {
  s: Structural;
  /** The same node as CRD JSON (what the CEL evaluator reads). */
  json: Schema;
  rootSchema: Structural;
  f: Surrounding;
  insideMeta: boolean;
  requirePrunedDefaults: boolean;
  shortWording: boolean;
}

function validateNode(p: FieldPath, w: Walk): FieldError[] {
  let { rootSchema, f, insideMeta } = w;
  const { s, json } = w;
  if (s.extensions.xEmbeddedResource) {
    insideMeta = false;
    f = newRoot();
    rootSchema = s;
  }
  const errs: FieldError[] = [];
  const def = s.generic.default;
  if (def !== undefined) {
    const dp = p.child('default');
    if (insideMeta) {
      const obj = f(cloneJsonValue(def));
      // Unreachable upstream too ("this should never happen"): the surrounding object is always an object.
      if (!obj) return [...errs, invalid(dp, def, 'failed to validate default value inside metadata: object root default value must be of object type')];
      const coerced = coerceObjectMeta(undefined, obj, rootSchema, true);
      const metaErrs = coerced ? [] : validateObjectMetaIn(undefined, obj, rootSchema, true, w.shortWording);
      if (coerced) errs.push(invalid(dp, def, `must result in valid metadata: ${coerced.detail}`));
      else if (metaErrs.length > 0) errs.push(invalid(dp, def, `must result in valid metadata: ${metaErrs.map((e) => `${e.field}: ${e.detail}`).join(', ')}`));
      else {
        const valueErrs = validateValue(dp, s, def);
        errs.push(...(valueErrs.length > 0 ? valueErrs : celErrors(dp, json, s, def)));
      }
    } else {
      if (w.requirePrunedDefaults) {
        const pruned = cloneJsonValue(def);
        pruneValue(pruned, s, s.extensions.xEmbeddedResource);
        if (!semanticDeepEqual(pruned, def)) errs.push(invalid(dp, def, 'must not have unknown fields'));
      }
      // Coerce normalizes embedded metadata in place, and later checks see the normalized value.
      const value = cloneJsonValue(def);
      const coerced = coerceObjectMeta(dp, value, s, s.extensions.xEmbeddedResource);
      if (coerced) errs.push(coerced);
      else {
        const metaErrs = validateObjectMetaIn(dp, value, s, s.extensions.xEmbeddedResource, w.shortWording);
        if (metaErrs.length > 0) errs.push(...metaErrs);
        else {
          const valueErrs = validateValue(dp, s, value);
          errs.push(...(valueErrs.length > 0 ? valueErrs : celErrors(dp, json, s, value)));
        }
      }
    }
  }
  // additionalProperties are not followed: defaults are forbidden there.
  if (s.items) {
    errs.push(...validateNode(p.child('items'), { ...w, s: s.items, json: asSchema(json.items) ?? {}, rootSchema, f: indexOf(f), insideMeta }));
  }
  for (const [k, sub] of s.properties ?? []) {
    const subInsideMeta = insideMeta || (s.extensions.xEmbeddedResource && (k === 'metadata' || k === 'apiVersion' || k === 'kind'));
    const subJson = asSchema(asSchema(json.properties)?.[k]) ?? {};
    errs.push(...validateNode(p.child('properties').key(k), { ...w, s: sub, json: subJson, rootSchema, f: childOf(f, k), insideMeta: subInsideMeta }));
  }
  return errs;
}

/** ValidateDefaults for a CRD version's schema (the resource root). */
export function validateDefaults(p: FieldPath, s: Structural, json: Schema, requirePrunedDefaults: boolean, shortWording = false): FieldError[] {
  const root: Structural = s.extensions.xEmbeddedResource ? s : { ...s, extensions: { ...s.extensions, xEmbeddedResource: true } };
  return validateNode(p, { s: root, json, rootSchema: root, f: newRoot(), insideMeta: false, requirePrunedDefaults, shortWording });
}
