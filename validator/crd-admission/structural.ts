// Structural schemas (apiextensions-apiserver pkg/apiserver/schema: structural.go, convert.go
// NewStructural, validation.go ValidateStructural, complete.go): the skeleton of types,
// properties and items that pruning, defaulting and CEL rely on, with value validations
// (allOf/anyOf/oneOf/not) allowed only where they add no new structure.
import { FieldPath, forbidden, invalid, required, errorString, type FieldError } from './field';
import { compileGoRegexp } from './go-regexp';
import type { SchemaProps, ValidationRule } from './schema-props';

export interface Generic {
  description: string;
  type: string;
  title: string;
  /** The default value; undefined when unset or null (upstream's JSON{Object: nil}). */
  default?: unknown;
  nullable: boolean;
}

export interface Extensions {
  xPreserveUnknownFields: boolean;
  xEmbeddedResource: boolean;
  xIntOrString: boolean;
  xListMapKeys?: string[];
  xListType?: string;
  xMapType?: string;
}

export interface ValueValidation {
  format: string;
  maximum?: number;
  exclusiveMaximum: boolean;
  minimum?: number;
  exclusiveMinimum: boolean;
  maxLength?: number;
  minLength?: number;
  pattern: string;
  maxItems?: number;
  minItems?: number;
  uniqueItems: boolean;
  multipleOf?: number;
  enum?: unknown[];
  maxProperties?: number;
  minProperties?: number;
  required?: string[];
  allOf?: NestedValueValidation[];
  oneOf?: NestedValueValidation[];
  anyOf?: NestedValueValidation[];
  not?: NestedValueValidation;
}

export interface NestedValueValidation {
  valueValidation: ValueValidation;
  xValidations?: ValidationRule[];
  items?: NestedValueValidation;
  properties?: Map<string, NestedValueValidation>;
  additionalProperties?: NestedValueValidation;
  forbiddenGenerics: Generic;
  forbiddenExtensions: Extensions;
}

export interface Structural {
  items?: Structural;
  properties?: Map<string, Structural>;
  /** `structural` set: a schema (and allowing); otherwise `bool` says whether extra keys are allowed. */
  additionalProperties?: { structural?: Structural; bool: boolean };
  generic: Generic;
  extensions: Extensions;
  xValidations?: ValidationRule[];
  valueValidation?: ValueValidation;
}

/** NewStructural's refusal; the message is upstream's. */
export class NotStructuralError extends Error {}

function validateUnsupportedFields(s: SchemaProps): void {
  if (s.id.length > 0) throw new NotStructuralError("OpenAPIV3Schema 'id' is not supported");
  if (s.$schema.length > 0) throw new NotStructuralError("OpenAPIV3Schema 'schema' is not supported");
  if (s.$ref !== undefined && s.$ref.length > 0) throw new NotStructuralError("OpenAPIV3Schema '$ref' is not supported");
  if ((s.patternProperties?.size ?? 0) > 0) throw new NotStructuralError("OpenAPIV3Schema 'patternProperties' is not supported");
  if ((s.dependencies?.size ?? 0) > 0) throw new NotStructuralError("OpenAPIV3Schema 'dependencies' is not supported");
  if (s.additionalItems) throw new NotStructuralError("OpenAPIV3Schema 'additionalItems' is not supported");
  if ((s.definitions?.size ?? 0) > 0) throw new NotStructuralError("OpenAPIV3Schema 'definitions' is not supported");
}

function newGeneric(s: SchemaProps): Generic {
  const g: Generic = { description: s.description, type: s.type, title: s.title, nullable: s.nullable };
  if (s.default !== undefined && s.default.value !== null && s.default.value !== undefined) g.default = s.default.value;
  return g;
}

function newExtensions(s: SchemaProps): Extensions {
  if (s.xPreserveUnknownFields === false) throw new NotStructuralError("internal error: 'x-kubernetes-preserve-unknown-fields' must be true or undefined");
  return {
    xPreserveUnknownFields: s.xPreserveUnknownFields === true,
    xEmbeddedResource: s.xEmbeddedResource,
    xIntOrString: s.xIntOrString,
    xListMapKeys: s.xListMapKeys,
    xListType: s.xListType,
    xMapType: s.xMapType,
  };
}

function itemsSchema(s: SchemaProps): SchemaProps | undefined {
  if (s.items?.schemas && s.items.schemas.length > 0) throw new NotStructuralError("OpenAPIV3Schema 'items' must be a schema, but is an array");
  return s.items?.schema;
}

function newValueValidation(s: SchemaProps): ValueValidation {
  const v: ValueValidation = {
    format: s.format,
    maximum: s.maximum,
    exclusiveMaximum: s.exclusiveMaximum,
    minimum: s.minimum,
    exclusiveMinimum: s.exclusiveMinimum,
    maxLength: s.maxLength,
    minLength: s.minLength,
    pattern: s.pattern,
    maxItems: s.maxItems,
    minItems: s.minItems,
    uniqueItems: s.uniqueItems,
    multipleOf: s.multipleOf,
    maxProperties: s.maxProperties,
    minProperties: s.minProperties,
    required: s.required,
    not: s.not ? newNested(s.not) : undefined,
  };
  // Appended one by one upstream: empty lists stay nil.
  if (s.enum && s.enum.length > 0) v.enum = [...s.enum];
  if (s.allOf && s.allOf.length > 0) v.allOf = s.allOf.map(newNested);
  if (s.anyOf && s.anyOf.length > 0) v.anyOf = s.anyOf.map(newNested);
  if (s.oneOf && s.oneOf.length > 0) v.oneOf = s.oneOf.map(newNested);
  return v;
}

function newNested(s: SchemaProps): NestedValueValidation {
  validateUnsupportedFields(s);
  const v: NestedValueValidation = {
    valueValidation: newValueValidation(s),
    xValidations: s.xValidations,
    forbiddenGenerics: newGeneric(s),
    forbiddenExtensions: newExtensions(s),
  };
  if (s.items) {
    const item = itemsSchema(s);
    if (item) v.items = newNested(item);
  }
  if (s.properties) v.properties = new Map([...s.properties].map(([k, x]) => [k, newNested(x)]));
  if (s.additionalProperties) {
    if (s.additionalProperties.schema) v.additionalProperties = newNested(s.additionalProperties.schema);
    else if (s.additionalProperties.allows) v.additionalProperties = { valueValidation: emptyValueValidation(), forbiddenGenerics: emptyGeneric(), forbiddenExtensions: emptyExtensions() };
  }
  return v;
}

export const emptyGeneric = (): Generic => ({ description: '', type: '', title: '', nullable: false });
export const emptyExtensions = (): Extensions => ({ xPreserveUnknownFields: false, xEmbeddedResource: false, xIntOrString: false });
export const emptyValueValidation = (): ValueValidation => ({ format: '', exclusiveMaximum: false, exclusiveMinimum: false, pattern: '', uniqueItems: false });

/** NewStructural: throws NotStructuralError where upstream returns an error. */
export function newStructural(s: SchemaProps): Structural {
  validateUnsupportedFields(s);
  const ss: Structural = {
    generic: newGeneric(s),
    extensions: newExtensions(s),
    xValidations: s.xValidations,
    valueValidation: newValueValidation(s),
  };
  if (s.items) {
    const item = itemsSchema(s);
    if (item) ss.items = newStructural(item);
  }
  if (s.properties && s.properties.size > 0) ss.properties = new Map([...s.properties].map(([k, x]) => [k, newStructural(x)]));
  if (s.additionalProperties) {
    ss.additionalProperties = s.additionalProperties.schema
      ? { structural: newStructural(s.additionalProperties.schema), bool: true }
      : { bool: s.additionalProperties.allows };
  }
  return ss;
}

type Level = 'root' | 'item' | 'field';

const isIntOrStringPair = (l: NestedValueValidation[] | undefined): boolean =>
  l !== undefined && l.length === 2 && l.every((x, i) => isBareNested(x, i === 0 ? 'integer' : 'string'));

/** Exactly `{type: <t>}` and nothing else (the int-or-string anyOf branches). */
function isBareNested(v: NestedValueValidation, type: string): boolean {
  return (
    isZeroValueValidation(v.valueValidation) &&
    v.xValidations === undefined &&
    v.items === undefined &&
    v.properties === undefined &&
    v.additionalProperties === undefined &&
    v.forbiddenGenerics.type === type &&
    isZeroGeneric({ ...v.forbiddenGenerics, type: '' }) &&
    isZeroExtensions(v.forbiddenExtensions)
  );
}

function isZeroGeneric(g: Generic): boolean {
  return g.description === '' && g.type === '' && g.title === '' && g.default === undefined && !g.nullable;
}

function isZeroExtensions(x: Extensions): boolean {
  return !x.xPreserveUnknownFields && !x.xEmbeddedResource && !x.xIntOrString && x.xListMapKeys === undefined && x.xListType === undefined && x.xMapType === undefined;
}

function isZeroValueValidation(v: ValueValidation): boolean {
  return (
    v.format === '' && v.maximum === undefined && !v.exclusiveMaximum && v.minimum === undefined && !v.exclusiveMinimum &&
    v.maxLength === undefined && v.minLength === undefined && v.pattern === '' && v.maxItems === undefined && v.minItems === undefined &&
    !v.uniqueItems && v.multipleOf === undefined && v.enum === undefined && v.maxProperties === undefined && v.minProperties === undefined &&
    v.required === undefined && v.allOf === undefined && v.oneOf === undefined && v.anyOf === undefined && v.not === undefined
  );
}

function validateInvariants(s: Structural | undefined, lvl: Level, p: FieldPath): FieldError[] {
  if (!s) return [];
  const errs: FieldError[] = [];
  if (s.generic.type === 'array' && !s.items) errs.push(required(p.child('items'), 'must be specified'));
  errs.push(...validateInvariants(s.items, 'item', p.child('items')));
  for (const [k, v] of s.properties ?? []) errs.push(...validateInvariants(v, 'field', p.child('properties').key(k)));
  if (s.additionalProperties) {
    if (lvl === 'root') errs.push(forbidden(p.child('additionalProperties'), 'must not be used at the root'));
    if (s.additionalProperties.structural) errs.push(...validateInvariants(s.additionalProperties.structural, 'field', p.child('additionalProperties')));
  }
  if (s.extensions.xIntOrString && s.extensions.xPreserveUnknownFields) {
    errs.push(invalid(p.child('x-kubernetes-preserve-unknown-fields'), true, 'must be false if x-kubernetes-int-or-string is true'));
  }
  if (s.extensions.xIntOrString && s.extensions.xEmbeddedResource) {
    errs.push(invalid(p.child('x-kubernetes-embedded-resource'), true, 'must be false if x-kubernetes-int-or-string is true'));
  }
  // The two int-or-string exceptions: anyOf [integer, string], or allOf whose first entry is that anyOf.
  const vv = s.valueValidation;
  const skipAnyOf = vv !== undefined && isIntOrStringPair(vv.anyOf);
  const skipFirstAllOfAnyOf = vv !== undefined && (vv.allOf?.length ?? 0) >= 1 && isIntOrStringPair(vv.allOf![0].valueValidation.anyOf);
  errs.push(...validateValueValidation(vv, skipAnyOf, skipFirstAllOfAnyOf, lvl, p));

  const checkMetadata = lvl === 'root' || s.extensions.xEmbeddedResource;
  const type = s.generic.type;
  if (s.extensions.xEmbeddedResource && type !== 'object') {
    if (type.length === 0) errs.push(required(p.child('type'), 'must be object if x-kubernetes-embedded-resource is true'));
    else errs.push(invalid(p.child('type'), type, 'must be object if x-kubernetes-embedded-resource is true'));
  } else if (type.length === 0 && !s.extensions.xIntOrString && !s.extensions.xPreserveUnknownFields) {
    const detail = { root: 'must not be empty at the root', item: 'must not be empty for specified array items', field: 'must not be empty for specified object fields' }[lvl];
    errs.push(required(p.child('type'), detail));
  }
  if (s.extensions.xEmbeddedResource && s.additionalProperties) {
    errs.push(forbidden(p.child('additionalProperties'), 'must not be used if x-kubernetes-embedded-resource is set'));
  }
  if (lvl === 'root' && type.length > 0 && type !== 'object') errs.push(invalid(p.child('type'), type, 'must be object at the root'));

  const kind = s.properties?.get('kind');
  if (kind && checkMetadata && kind.generic.type !== 'string') errs.push(invalid(p.child('properties').key('kind').child('type'), kind.generic.type, 'must be string'));
  const apiVersion = s.properties?.get('apiVersion');
  if (apiVersion && checkMetadata && apiVersion.generic.type !== 'string') {
    errs.push(invalid(p.child('properties').key('apiVersion').child('type'), apiVersion.generic.type, 'must be string'));
  }
  const metadata = s.properties?.get('metadata');
  if (metadata) errs.push(...validateMetadataInvariants(metadata, checkMetadata, lvl, p.child('properties').key('metadata')));

  if (s.extensions.xEmbeddedResource && !s.extensions.xPreserveUnknownFields && (s.properties?.size ?? 0) === 0) {
    errs.push(required(p.child('properties'), 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  }
  return errs;
}

function validateMetadataInvariants(s: Structural, checkMetadata: boolean, lvl: Level, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (checkMetadata && s.generic.type !== 'object') errs.push(invalid(p.child('type'), s.generic.type, 'must be object'));
  if (lvl === 'root') {
    // At the root, metadata may only restrict name and generateName; anything else is forbidden.
    const props = s.properties;
    const hasName = props?.has('name') ?? false;
    const hasGenerateName = props?.has('generateName') ?? false;
    const onlyNames = (hasName && hasGenerateName && props!.size === 2) || ((hasName || hasGenerateName) && props!.size === 1);
    const bare =
      (props === undefined || onlyNames) &&
      s.items === undefined &&
      s.additionalProperties === undefined &&
      isZeroGeneric({ ...s.generic, type: '', default: undefined }) &&
      isZeroExtensions(s.extensions) &&
      s.xValidations === undefined &&
      (s.valueValidation === undefined || isZeroValueValidation(s.valueValidation));
    if (!bare) errs.push(forbidden(p, 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
  }
  return errs;
}

function validateValueValidation(v: ValueValidation | undefined, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean, lvl: Level, p: FieldPath): FieldError[] {
  if (!v) return [];
  const errs: FieldError[] = [];
  if (!skipAnyOf) (v.anyOf ?? []).forEach((x, i) => errs.push(...validateNested(x, false, lvl, p.child('anyOf').index(i))));
  (v.allOf ?? []).forEach((x, i) => errs.push(...validateNested(x, skipFirstAllOfAnyOf && i === 0, lvl, p.child('allOf').index(i))));
  (v.oneOf ?? []).forEach((x, i) => errs.push(...validateNested(x, false, lvl, p.child('oneOf').index(i))));
  errs.push(...validateNested(v.not, false, lvl, p.child('not')));
  if (v.pattern.length > 0) {
    // The API server compiles patterns with Go's regexp (RE2 syntax).
    const re = compileGoRegexp(v.pattern);
    if ('error' in re) errs.push(invalid(p.child('pattern'), v.pattern, `must be a valid regular expression, but isn't: ${re.error}`));
  }
  return errs;
}

function validateNested(v: NestedValueValidation | undefined, skipAnyOf: boolean, lvl: Level, p: FieldPath): FieldError[] {
  if (!v) return [];
  const errs: FieldError[] = [];
  errs.push(...validateValueValidation(v.valueValidation, skipAnyOf, false, lvl, p));
  errs.push(...validateNested(v.items, false, lvl, p.child('items')));
  for (const [k, f] of v.properties ?? []) errs.push(...validateNested(f, false, 'field', p.child('properties').key(k)));
  const g = v.forbiddenGenerics;
  const x = v.forbiddenExtensions;
  if (g.type.length > 0) errs.push(forbidden(p.child('type'), 'must be empty to be structural'));
  // Nested additionalProperties are not allowed for CRDs (AllowNestedAdditionalProperties is false).
  if (v.additionalProperties) errs.push(forbidden(p.child('additionalProperties'), 'must be undefined to be structural'));
  if (g.default !== undefined) errs.push(forbidden(p.child('default'), 'must be undefined to be structural'));
  if (g.title.length > 0) errs.push(forbidden(p.child('title'), 'must be empty to be structural'));
  if (g.description.length > 0) errs.push(forbidden(p.child('description'), 'must be empty to be structural'));
  if (g.nullable) errs.push(forbidden(p.child('nullable'), 'must be false to be structural'));
  if (x.xPreserveUnknownFields) errs.push(forbidden(p.child('x-kubernetes-preserve-unknown-fields'), 'must be false to be structural'));
  if (x.xEmbeddedResource) errs.push(forbidden(p.child('x-kubernetes-embedded-resource'), 'must be false to be structural'));
  if (x.xIntOrString) errs.push(forbidden(p.child('x-kubernetes-int-or-string'), 'must be false to be structural'));
  if ((x.xListMapKeys?.length ?? 0) > 0) errs.push(forbidden(p.child('x-kubernetes-list-map-keys'), 'must be empty to be structural'));
  if (x.xListType !== undefined) errs.push(forbidden(p.child('x-kubernetes-list-type'), 'must be undefined to be structural'));
  if (x.xMapType !== undefined) errs.push(forbidden(p.child('x-kubernetes-map-type'), 'must be undefined to be structural'));
  if ((v.xValidations?.length ?? 0) > 0) errs.push(forbidden(p.child('x-kubernetes-validations'), 'must be empty to be structural'));
  if (v.properties?.has('metadata')) errs.push(forbidden(p.child('properties').key('metadata'), 'must not be specified in a nested context'));
  return errs;
}

// complete.go: every property a value validation names must exist in the structural part.
type MaybePath = FieldPath | undefined;
const child = FieldPath.childOf;
const key = FieldPath.keyOf;
const index = FieldPath.indexOf;
const show = (p: MaybePath): string => (p ? p.toString() : '<nil>');
const requiredAt = (p: MaybePath, detail: string): FieldError => ({ type: 'FieldValueRequired', field: show(p), badValue: '', detail });

function completenessOfValueValidation(v: ValueValidation | undefined, s: Structural | undefined, sPath: MaybePath, vPath: MaybePath): FieldError[] {
  if (!v) return [];
  if (!s) return [requiredAt(sPath, `because it is defined in ${show(vPath)}`)];
  const errs: FieldError[] = [];
  errs.push(...completenessOfNested(v.not, s, sPath, child(vPath, 'not')));
  (v.allOf ?? []).forEach((x, i) => errs.push(...completenessOfNested(x, s, sPath, index(child(vPath, 'allOf'), i))));
  (v.anyOf ?? []).forEach((x, i) => errs.push(...completenessOfNested(x, s, sPath, index(child(vPath, 'anyOf'), i))));
  (v.oneOf ?? []).forEach((x, i) => errs.push(...completenessOfNested(x, s, sPath, index(child(vPath, 'oneOf'), i))));
  return errs;
}

function completenessOfNested(v: NestedValueValidation | undefined, s: Structural | undefined, sPath: MaybePath, vPath: MaybePath): FieldError[] {
  if (!v) return [];
  if (!s) return [requiredAt(sPath, `because it is defined in ${show(vPath)}`)];
  const errs: FieldError[] = [];
  errs.push(...completenessOfValueValidation(v.valueValidation, s, sPath, vPath));
  errs.push(...completenessOfNested(v.items, s.items, child(sPath, 'items'), child(vPath, 'items')));
  for (const [k, f] of v.properties ?? []) {
    const sf = s.properties?.get(k);
    const sp = key(child(sPath, 'properties'), k);
    const vp = key(child(vPath, 'properties'), k);
    // AllowValidationPropertiesWithAdditionalProperties is false for CRDs.
    if (!sf) errs.push(requiredAt(sp, `because it is defined in ${show(vp)}`));
    else errs.push(...completenessOfNested(f, sf, sp, vp));
  }
  return errs;
}

/** validateStructuralCompleteness (with the CRD options: no nested additionalProperties, no properties via additionalProperties). */
export function validateStructuralCompleteness(s: Structural, p?: FieldPath): FieldError[] {
  return completenessOfValueValidation(s.valueValidation, s, p, p);
}

/** ValidateStructural: invariants plus completeness, sorted by message as upstream sorts them. */
export function validateStructural(p: FieldPath, s: Structural): FieldError[] {
  const errs = [...validateInvariants(s, 'root', p), ...validateStructuralCompleteness(s, p)];
  return errs.sort((a, b) => (errorString(a) < errorString(b) ? -1 : errorString(a) > errorString(b) ? 1 : 0));
}
