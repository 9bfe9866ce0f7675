// The openAPIV3Schema rules of CRD admission (apiextensions-apiserver
// pkg/apis/apiextensions/validation/validation.go: validateCustomResourceDefinitionValidation,
// ValidateCustomResourceDefinitionOpenAPISchema, specStandardValidatorV3, validateMapListKeysMapSet):
// structural schema, defaults, forbidden keywords, x-kubernetes-* placement, list types and map
// keys, x-kubernetes-validations syntax and transition-rule placement; the CEL compile and cost
// findings of an injected checker are merged in where upstream would compile the rules.
import { findingNode, findingRuleIndex, isCostFinding, type CelCheck } from './cel-findings';
import { FieldPath, forbidden, invalid, notSupported, required, type FieldError } from './field';
import { validateDefaults } from './defaults';
import { usesOldSelf } from './old-self';
import { validFieldPath } from './rule-field-path';
import { encodeSchema, type SchemaProps } from './schema-props';
import { newStructural, NotStructuralError, validateStructural, type Structural } from './structural';

export interface ValidationOptions {
  allowDefaults: boolean;
  disallowDefaultsReason?: string;
  requireRecognizedConversionReviewVersion: boolean;
  requireImmutableNames: boolean;
  requireOpenAPISchema: boolean;
  requireValidPropertyType: boolean;
  requireStructuralSchema: boolean;
  requirePrunedDefaults: boolean;
  requireAtomicSetType: boolean;
  requireMapListKeysMapSetValidation: boolean;
  suppressPerExpressionCost: boolean;
  allowInvalidCABundle: boolean;
  /** CEL compile + cost check of a schema; without it, only the checks that need no compiler run. */
  celCheck?: CelCheck;
  /** Kubernetes minor version whose wording the messages use (1.34 shortened several; rules are the same). */
  kubernetesMinor?: number;
}

/** Kubernetes 1.34 dropped the field name from several details ("message must ..." became "must ..."). */
export const shortWording = (opts: { kubernetesMinor?: number }): boolean => (opts.kubernetesMinor ?? 31) >= 34;

/** What ValidateCustomResourceDefinition uses on create. */
export const CREATE_OPTIONS: ValidationOptions = {
  allowDefaults: true,
  requireRecognizedConversionReviewVersion: true,
  requireImmutableNames: false,
  requireOpenAPISchema: true,
  requireValidPropertyType: true,
  requireStructuralSchema: true,
  requirePrunedDefaults: true,
  requireAtomicSetType: true,
  requireMapListKeysMapSetValidation: true,
  suppressPerExpressionCost: false,
  allowInvalidCABundle: true,
};

const OPENAPI_V3_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const SUPPORTED_REASONS = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];
const META_FIELDS = new Set(['metadata', 'kind', 'apiVersion']);
const NEWLINES = /[\n\r]+/;

/** JSONSchemaProps fields in Go declaration order, with "is it set" (non-zero) as reflect sees it. */
const ROOT_FIELDS: readonly [string, (s: SchemaProps) => boolean][] = [
  ['ID', (s) => s.id !== ''], ['Schema', (s) => s.$schema !== ''], ['Ref', (s) => s.$ref !== undefined], ['Description', (s) => s.description !== ''],
  ['Type', (s) => s.type !== ''], ['Nullable', (s) => s.nullable], ['Format', (s) => s.format !== ''], ['Title', (s) => s.title !== ''],
  ['Default', (s) => s.default !== undefined], ['Maximum', (s) => s.maximum !== undefined], ['ExclusiveMaximum', (s) => s.exclusiveMaximum],
  ['Minimum', (s) => s.minimum !== undefined], ['ExclusiveMinimum', (s) => s.exclusiveMinimum], ['MaxLength', (s) => s.maxLength !== undefined],
  ['MinLength', (s) => s.minLength !== undefined], ['Pattern', (s) => s.pattern !== ''], ['MaxItems', (s) => s.maxItems !== undefined],
  ['MinItems', (s) => s.minItems !== undefined], ['UniqueItems', (s) => s.uniqueItems], ['MultipleOf', (s) => s.multipleOf !== undefined],
  ['Enum', (s) => s.enum !== undefined], ['MaxProperties', (s) => s.maxProperties !== undefined], ['MinProperties', (s) => s.minProperties !== undefined],
  ['Required', (s) => s.required !== undefined], ['Items', (s) => s.items !== undefined], ['AllOf', (s) => s.allOf !== undefined],
  ['OneOf', (s) => s.oneOf !== undefined], ['AnyOf', (s) => s.anyOf !== undefined], ['Not', (s) => s.not !== undefined],
  ['Properties', (s) => s.properties !== undefined], ['AdditionalProperties', (s) => s.additionalProperties !== undefined],
  ['PatternProperties', (s) => s.patternProperties !== undefined], ['Dependencies', (s) => s.dependencies !== undefined],
  ['AdditionalItems', (s) => s.additionalItems !== undefined], ['Definitions', (s) => s.definitions !== undefined],
  ['ExternalDocs', (s) => s.externalDocs !== undefined], ['Example', (s) => s.example !== undefined],
  ['XPreserveUnknownFields', (s) => s.xPreserveUnknownFields !== undefined], ['XEmbeddedResource', (s) => s.xEmbeddedResource],
  ['XIntOrString', (s) => s.xIntOrString], ['XListMapKeys', (s) => s.xListMapKeys !== undefined], ['XListType', (s) => s.xListType !== undefined],
  ['XMapType', (s) => s.xMapType !== undefined], ['XValidations', (s) => s.xValidations !== undefined],
];

const ALLOWED_AT_ROOT = ['Description', 'Type', 'Format', 'Title', 'Maximum', 'ExclusiveMaximum', 'Minimum', 'ExclusiveMinimum', 'MaxLength', 'MinLength', 'Pattern', 'MaxItems', 'MinItems', 'UniqueItems', 'MultipleOf', 'Required', 'Items', 'Properties', 'ExternalDocs', 'Example', 'XPreserveUnknownFields', 'XValidations'];

/** specStandardValidatorV3's state, cloned on the way down. */
interface Ssv {
  allowDefaults: boolean;
  disallowDefaultsReason: string;
  requireValidPropertyType: boolean;
  insideResourceMeta: boolean;
  uncorrelatablePath?: FieldPath;
}

const withForbiddenDefaults = (v: Ssv, reason: string): Ssv => ({ ...v, allowDefaults: false, disallowDefaultsReason: reason });
const withInsideResourceMeta = (v: Ssv): Ssv => ({ ...v, insideResourceMeta: true });
// The highest uncorrelatable ancestor wins.
const withForbidOldSelf = (v: Ssv, p: FieldPath): Ssv => (v.uncorrelatablePath ? v : { ...v, uncorrelatablePath: p });

function standardErrors(s: SchemaProps, p: FieldPath, v: Ssv): FieldError[] {
  const errs: FieldError[] = [];
  if (v.requireValidPropertyType && s.type.length > 0 && !OPENAPI_V3_TYPES.includes(s.type)) errs.push(notSupported(p.child('type'), s.type, OPENAPI_V3_TYPES));
  if (s.default !== undefined && !v.allowDefaults) errs.push(forbidden(p.child('default'), `must not be set${v.disallowDefaultsReason ? ` ${v.disallowDefaultsReason}` : ''}`));
  if (s.id !== '') errs.push(forbidden(p.child('id'), 'id is not supported'));
  if (s.additionalItems) errs.push(forbidden(p.child('additionalItems'), 'additionalItems is not supported'));
  if ((s.patternProperties?.size ?? 0) > 0) errs.push(forbidden(p.child('patternProperties'), 'patternProperties is not supported'));
  if ((s.definitions?.size ?? 0) > 0) errs.push(forbidden(p.child('definitions'), 'definitions is not supported'));
  if (s.dependencies !== undefined) errs.push(forbidden(p.child('dependencies'), 'dependencies is not supported'));
  if (s.$ref !== undefined) errs.push(forbidden(p.child('$ref'), '$ref is not supported'));
  if (s.type === 'null') errs.push(forbidden(p.child('type'), 'type cannot be set to null, use nullable as an alternative'));
  if ((s.items?.schemas?.length ?? 0) > 0) errs.push(forbidden(p.child('items'), 'items must be a schema object and not an array'));
  if (v.insideResourceMeta && s.xEmbeddedResource) errs.push(forbidden(p.child('x-kubernetes-embedded-resource'), 'must not be used inside of resource meta'));
  return errs;
}

function mapListKeysMapSetErrors(s: SchemaProps, p: FieldPath): FieldError[] {
  const items = s.items?.schema;
  if (!items || s.xListType === undefined || (s.xListType !== 'set' && s.xListType !== 'map')) return [];
  const errs: FieldError[] = [];
  if (items.nullable) errs.push(forbidden(p.child('items').child('nullable'), `cannot be nullable when x-kubernetes-list-type is ${s.xListType}`));
  if (s.xListType === 'map') {
    const isRequired = new Set(items.required ?? []);
    for (const k of s.xListMapKeys ?? []) {
      const key = items.properties?.get(k);
      if (!key) continue; // reported elsewhere
      if (!isRequired.has(k) && key.default === undefined) {
        errs.push(required(p.child('items').child('properties').key(k).child('default'), 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property'));
      }
      if (key.nullable) errs.push(forbidden(p.child('items').child('properties').key(k).child('nullable'), 'this property is in x-kubernetes-list-map-keys, so it cannot be nullable'));
    }
  }
  return errs;
}

/** Shared state of one schema walk: CEL gating and collected transition-rule findings. */
interface WalkContext {
  opts: ValidationOptions;
  /** The CEL part runs at all (the schema is structural and its defaults are valid). */
  celEnabled: boolean;
  /** Nodes whose rules upstream would compile: no schema error at or below them. */
  compilableNodes: Set<string>;
  /** Rules the checker could not compile (by "node\0index"): their transition placement is not judged. */
  uncompilable: Set<string>;
}

interface SchemaErrors {
  schemaErrors: FieldError[];
  celErrors: FieldError[];
}

function merge(into: SchemaErrors, from: SchemaErrors): void {
  into.schemaErrors.push(...from.schemaErrors);
  into.celErrors.push(...from.celErrors);
}

function pathValid(s: SchemaProps, fieldPath: string): boolean {
  let ss: Structural;
  try {
    ss = newStructural(s);
  } catch {
    return true;
  }
  return validFieldPath(fieldPath, ss).ok;
}

/** ValidateCustomResourceDefinitionOpenAPISchema. `cel` is false where upstream passes no CEL context. */
function validateSchema(s: SchemaProps | undefined, p: FieldPath, ssv: Ssv, isRoot: boolean, ctx: WalkContext, cel: boolean): SchemaErrors {
  const out: SchemaErrors = { schemaErrors: [], celErrors: [] };
  if (!s) return out;
  const errs = out.schemaErrors;
  errs.push(...standardErrors(s, p, ssv));
  if (s.uniqueItems) errs.push(forbidden(p.child('uniqueItems'), 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));

  if (s.additionalProperties) {
    // properties are for structs, additionalProperties for maps: a schema may not be both.
    if ((s.properties?.size ?? 0) !== 0 && (!s.additionalProperties.allows || s.additionalProperties.schema)) {
      errs.push(forbidden(p.child('additionalProperties'), 'additionalProperties and properties are mutual exclusive'));
    }
    // Pruning without a value is ambiguous under metadata: no defaults there.
    const sub = ssv.insideResourceMeta ? withForbiddenDefaults(ssv, 'inside additionalProperties applying to object metadata') : ssv;
    merge(out, validateSchema(s.additionalProperties.schema, p.child('additionalProperties'), sub, false, ctx, cel));
  }
  for (const [name, prop] of s.properties ?? []) {
    let sub = ssv;
    // Only granular and atomic maps correlate old and new entries for transition rules.
    if (!(s.xMapType === undefined || s.xMapType === 'granular' || s.xMapType === 'atomic')) sub = withForbidOldSelf(sub, p);
    if ((isRoot || s.xEmbeddedResource) && META_FIELDS.has(name)) {
      sub = withInsideResourceMeta(sub);
      if (isRoot) sub = withForbiddenDefaults(sub, `in top-level ${name}`);
    }
    merge(out, validateSchema(prop, p.child('properties').key(name), sub, false, ctx, cel));
  }
  merge(out, validateSchema(s.not, p.child('not'), ssv, false, ctx, false));
  (s.allOf ?? []).forEach((x, i) => merge(out, validateSchema(x, p.child('allOf').index(i), ssv, false, ctx, false)));
  (s.oneOf ?? []).forEach((x, i) => merge(out, validateSchema(x, p.child('oneOf').index(i), ssv, false, ctx, false)));
  (s.anyOf ?? []).forEach((x, i) => merge(out, validateSchema(x, p.child('anyOf').index(i), ssv, false, ctx, false)));
  for (const [name, def] of s.definitions ?? []) merge(out, validateSchema(def, p.child('definitions').key(name), ssv, false, ctx, false));
  if (s.items) {
    // Items correlate between old and new objects only in map lists.
    const sub = s.xListType !== 'map' ? withForbidOldSelf(ssv, p) : ssv;
    merge(out, validateSchema(s.items.schema, p.child('items'), sub, false, ctx, cel));
    (s.items.schemas ?? []).forEach((x, i) => merge(out, validateSchema(x, p.child('items').index(i), sub, false, ctx, cel)));
  }
  for (const [name, dep] of s.dependencies ?? []) merge(out, validateSchema(dep.schema, p.child('dependencies').key(name), ssv, false, ctx, false));

  if (s.xPreserveUnknownFields === false) errs.push(invalid(p.child('x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined'));
  if (s.xMapType !== undefined && s.type !== 'object') {
    if (s.type.length === 0) errs.push(required(p.child('type'), 'must be object if x-kubernetes-map-type is specified'));
    else errs.push(invalid(p.child('type'), s.type, 'must be object if x-kubernetes-map-type is specified'));
  }
  if (s.xMapType !== undefined && s.xMapType !== 'atomic' && s.xMapType !== 'granular') errs.push(notSupported(p.child('x-kubernetes-map-type'), s.xMapType, ['atomic', 'granular']));

  if (s.xListType !== undefined && s.type !== 'array') {
    if (s.type.length === 0) errs.push(required(p.child('type'), 'must be array if x-kubernetes-list-type is specified'));
    else errs.push(invalid(p.child('type'), s.type, 'must be array if x-kubernetes-list-type is specified'));
  } else if (ctx.opts.requireAtomicSetType && s.xListType === 'set' && s.items?.schema) {
    // A set's items must be atomic: scalars, atomic lists or atomic maps.
    const is = s.items.schema;
    if (is.type === 'array' && is.xListType !== undefined && is.xListType !== 'atomic') {
      errs.push(invalid(p.child('items').child('x-kubernetes-list-type'), is.xListType, 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    } else if (is.type === 'object' && is.xMapType !== 'atomic') {
      // Upstream reports the item's list type as the value here.
      errs.push(invalid(p.child('items').child('x-kubernetes-map-type'), is.xListType ?? null, 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    }
  }
  if (s.xListType !== undefined && !['atomic', 'set', 'map'].includes(s.xListType)) errs.push(notSupported(p.child('x-kubernetes-list-type'), s.xListType, ['atomic', 'set', 'map']));
  if ((s.xListMapKeys?.length ?? 0) > 0) {
    if (s.xListType === undefined) errs.push(required(p.child('x-kubernetes-list-type'), 'must be map if x-kubernetes-list-map-keys is non-empty'));
    else if (s.xListType !== 'map') errs.push(invalid(p.child('x-kubernetes-list-type'), s.xListType, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  }
  if (s.xListType === 'map') {
    if ((s.xListMapKeys?.length ?? 0) === 0) errs.push(required(p.child('x-kubernetes-list-map-keys'), 'must not be empty if x-kubernetes-list-type is map'));
    if (!s.items) errs.push(required(p.child('items'), 'must have a schema if x-kubernetes-list-type is map'));
    if (s.items && !s.items.schema) errs.push(invalid(p.child('items'), s.items.schemas ? s.items.schemas.map(encodeSchema) : null, 'must only have a single schema if x-kubernetes-list-type is map'));
    const is = s.items?.schema;
    if (is && is.type !== 'object') errs.push(invalid(p.child('items').child('type'), is.type, "must be object if parent array's x-kubernetes-list-type is map"));
    if (is && is.type === 'object') {
      const seen = new Set<string>();
      for (const k of s.xListMapKeys ?? []) {
        const key = is.properties?.get(k);
        if (key) {
          if (key.type === 'array' || key.type === 'object') {
            // Upstream reports the item's type as the value here.
            errs.push(invalid(p.child('items').child('properties').key(k).child('type'), is.type, "must be a scalar type if parent array's x-kubernetes-list-type is map"));
          }
        } else {
          errs.push(invalid(p.child('x-kubernetes-list-map-keys'), s.xListMapKeys, 'entries must all be names of item properties'));
        }
        if (seen.has(k)) errs.push(invalid(p.child('x-kubernetes-list-map-keys'), s.xListMapKeys, 'must not contain duplicate entries'));
        seen.add(k);
      }
    }
  }
  if (ctx.opts.requireMapListKeysMapSetValidation) errs.push(...mapListKeysMapSetErrors(s, p));

  const rules = s.xValidations ?? [];
  rules.forEach((rule, i) => {
    const rp = p.child('x-kubernetes-validations').index(i);
    const trimmedRule = rule.rule.trim();
    const trimmedMsg = rule.message.trim();
    const short = shortWording(ctx.opts);
    if (trimmedRule.length === 0) errs.push(required(rp.child('rule'), 'rule is not specified'));
    else if (rule.message.length > 0 && trimmedMsg.length === 0) errs.push(invalid(rp.child('message'), rule.message, `${short ? '' : 'message '}must be non-empty if specified`));
    else if (NEWLINES.test(trimmedMsg)) errs.push(invalid(rp.child('message'), rule.message, `${short ? '' : 'message '}must not contain line breaks`));
    else if (NEWLINES.test(trimmedRule) && trimmedMsg.length === 0) errs.push(required(rp.child('message'), 'message must be specified if rule contains line breaks'));
    if (rule.messageExpression.length > 0 && rule.messageExpression.trim().length === 0) {
      errs.push(required(rp.child('messageExpression'), 'messageExpression must be non-empty if specified'));
    }
    if (rule.reason !== undefined && !SUPPORTED_REASONS.includes(rule.reason)) errs.push(notSupported(rp.child('reason'), rule.reason, SUPPORTED_REASONS));
    const fp = short ? '' : 'fieldPath ';
    if (rule.fieldPath.length > 0 && rule.fieldPath.trim().length === 0) errs.push(invalid(rp.child('fieldPath'), rule.fieldPath, `${fp}must be non-empty if specified`));
    if (NEWLINES.test(rule.fieldPath)) errs.push(invalid(rp.child('fieldPath'), rule.fieldPath, `${fp}must not contain line breaks`));
    if (rule.fieldPath.length > 0 && !pathValid(s, rule.fieldPath)) errs.push(invalid(rp.child('fieldPath'), rule.fieldPath, `${fp}must be a valid path`));
  });

  // Rules are compiled only where nothing at or below this node is wrong with the schema.
  if (rules.length > 0 && errs.length === 0 && cel && ctx.celEnabled) {
    const node = p.toString();
    ctx.compilableNodes.add(node);
    rules.forEach((rule, i) => {
      if (rule.rule.trim().length === 0 || ctx.uncompilable.has(`${node}\0${i}`)) return;
      const rp = p.child('x-kubernetes-validations').index(i);
      if (usesOldSelf(rule.rule)) {
        if (ssv.uncorrelatablePath) {
          out.celErrors.push(invalid(rp.child('rule'), rule.rule, `oldSelf cannot be used on the uncorrelatable portion of the schema within ${ssv.uncorrelatablePath.toString()}`));
        }
      } else if (rule.optionalOldSelf !== undefined) {
        out.celErrors.push(invalid(rp.child('optionalOldSelf'), rule.optionalOldSelf, 'may not be set if oldSelf is not used in rule'));
      }
    });
  }
  return out;
}

function rootFieldErrors(schema: SchemaProps, p: FieldPath): FieldError[] {
  // With the status subresource, status is extracted as properties["status"]: the root may only
  // hold what survives that.
  for (const [name, isSet] of ROOT_FIELDS) {
    if (!isSet(schema)) continue;
    if (name === 'Type') {
      if (schema.type !== 'object') return [invalid(p.child('openAPIV3Schema.type'), schema.type, 'only "object" is allowed as the type at the root of the schema if the status subresource is enabled')];
      continue;
    }
    if (!ALLOWED_AT_ROOT.includes(name)) return [invalid(p.child('openAPIV3Schema'), encodeSchema(schema), `only [${ALLOWED_AT_ROOT.join(' ')}] fields are allowed at the root of the schema if the status subresource is enabled`)];
  }
  return [];
}

/** validateCustomResourceDefinitionValidation: `p` is the path of the CustomResourceValidation (spec.validation or spec.versions[i].schema). */
export function validateCustomResourceDefinitionValidation(
  validation: { openAPIV3Schema?: SchemaProps } | undefined,
  statusEnabled: boolean,
  opts: ValidationOptions,
  p: FieldPath,
): FieldError[] {
  const schema = validation?.openAPIV3Schema;
  if (!schema) return [];
  const all: FieldError[] = [];
  if (statusEnabled) all.push(...rootFieldErrors(schema, p));
  if (schema.nullable) all.push(forbidden(p.child('openAPIV3Schema.nullable'), 'nullable cannot be true at the root'));

  const sp = p.child('openAPIV3Schema');
  const json = encodeSchema(schema);
  let celEnabled = false;
  let structuralInitErrors: FieldError[] = [];
  if (opts.requireStructuralSchema) {
    let ss: Structural | undefined;
    try {
      ss = newStructural(schema);
    } catch (e) {
      if (!(e instanceof NotStructuralError)) throw e;
      // Overlaps with the schema checks below: shown only when those find nothing.
      structuralInitErrors = [invalid(sp, '', e.message)];
    }
    if (ss) {
      const structuralErrs = validateStructural(sp, ss);
      if (structuralErrs.length > 0) all.push(...structuralErrs);
      else {
        const defaultErrs = validateDefaults(sp, ss, json, opts.requirePrunedDefaults, shortWording(opts));
        if (defaultErrs.length > 0) all.push(...defaultErrs);
        else celEnabled = true;
      }
    }
  }

  // The checker's compile failures decide which rules have a transition placement to judge.
  const findings = celEnabled && opts.celCheck ? opts.celCheck(json) : [];
  const prefix = p.toString();
  const uncompilable = new Set<string>();
  for (const f of findings) {
    const node = findingNode(f.schemaPath);
    const i = findingRuleIndex(f.schemaPath);
    if (node !== undefined && i !== undefined && !isCostFinding(f) && f.schemaPath.endsWith('.rule')) uncompilable.add(`${prefix}.${node}\0${i}`);
  }
  const ctx: WalkContext = { opts, celEnabled, compilableNodes: new Set(), uncompilable };
  const ssv: Ssv = { allowDefaults: opts.allowDefaults, disallowDefaultsReason: opts.disallowDefaultsReason ?? '', requireValidPropertyType: opts.requireValidPropertyType, insideResourceMeta: false };
  const walked = validateSchema(schema, sp, ssv, true, ctx, celEnabled);
  all.push(...walked.schemaErrors, ...walked.celErrors);

  for (const f of findings) {
    const node = findingNode(f.schemaPath);
    const full = `${prefix}.${f.schemaPath}`;
    // A rule's findings count only where upstream compiles it; CRD-wide totals whenever CEL runs.
    if (node !== undefined && !ctx.compilableNodes.has(`${prefix}.${node}`)) continue;
    if (isCostFinding(f)) all.push({ ...forbidden(FieldPath.of(full), f.message), ...celDetail(f) });
    else all.push({ ...invalid(FieldPath.of(full), f.expression ?? '', f.message), ...celDetail(f) });
  }
  if (all.length === 0) all.push(...structuralInitErrors);
  return all;
}

/** Cost facts travel with the field error so that admission problems can show them. */
export interface CelErrorDetail {
  cost?: bigint;
  limit?: bigint;
  expression?: string;
}

function celDetail(f: { cost?: bigint; limit?: bigint; expression?: string }): CelErrorDetail {
  return { ...(f.cost !== undefined ? { cost: f.cost } : {}), ...(f.limit !== undefined ? { limit: f.limit } : {}), ...(f.expression !== undefined ? { expression: f.expression } : {}) };
}

export type AdmissionFieldError = FieldError & CelErrorDetail;
