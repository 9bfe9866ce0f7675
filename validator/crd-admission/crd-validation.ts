// ValidateCustomResourceDefinition on create (apiextensions-apiserver
// pkg/apis/apiextensions/validation/validation.go): metadata name, group, scope, versions, names,
// per-version and top-level schemas (openapi-schema.ts), subresources, printer columns,
// selectable fields, conversion, status, stored versions, API approval of protected groups.
import { FieldPath, forbidden, invalid, notSupported, required, tooMany, duplicate, type FieldError } from './field';
import type { ColumnDefinition, CrdConversion, CrdNames, CrdVersion, InternalCrd, InternalCrdSpec, SelectableField, Subresources } from './internal-crd';
import { isDNS1035Label, isDNS1123Subdomain, nameIsDNSSubdomain, validateObjectMeta } from './names';
import { CREATE_OPTIONS, shortWording, validateCustomResourceDefinitionValidation, type AdmissionFieldError, type ValidationOptions } from './openapi-schema';
import { validFieldPath } from './rule-field-path';
import { schemaHas, type SchemaProps } from './schema-props';
import { semanticDeepEqual } from './semantic-equal';
import { newStructural, NotStructuralError, type Structural } from './structural';
import { validateWebhookService, validateWebhookURL } from './webhook';

const PRINTER_COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const PRINTER_COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];
const MAX_SELECTABLE_FIELDS = 8;

function validateEnumString(p: FieldPath, value: string, accepted: string[]): FieldError[] {
  if (value === '') return [required(p)];
  return accepted.includes(value) ? [] : [notSupported(p, value, accepted)];
}

function validateSimpleJSONPath(s: string, p: FieldPath): FieldError[] {
  if (s.length === 0) return [invalid(p, s, 'must not be empty')];
  if (s[0] !== '.') return [invalid(p, s, 'must be a simple json path starting with .')];
  return [];
}

export function validateCustomResourceColumnDefinition(col: ColumnDefinition, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!col.name) errs.push(required(p.child('name')));
  if (!col.type) errs.push(required(p.child('type'), `must be one of ${PRINTER_COLUMN_TYPES.join(',')}`));
  else if (!PRINTER_COLUMN_TYPES.includes(col.type)) errs.push(invalid(p.child('type'), col.type, `must be one of ${PRINTER_COLUMN_TYPES.join(',')}`));
  if (col.format && !PRINTER_COLUMN_FORMATS.includes(col.format)) errs.push(invalid(p.child('format'), col.format, `must be one of ${PRINTER_COLUMN_FORMATS.join(',')}`));
  if (!col.jsonPath) errs.push(required(p.child('JSONPath')));
  else errs.push(...validateSimpleJSONPath(col.jsonPath, p.child('JSONPath')));
  return errs;
}

export function validateCustomResourceDefinitionSubresources(sub: Subresources | undefined, p: FieldPath): FieldError[] {
  const scale = sub?.scale;
  if (!scale) return [];
  const errs: FieldError[] = [];
  const under = (path: string, child: string, prefixes: string[], where: string) => {
    const fp = p.child(child);
    const e = validateSimpleJSONPath(path, fp);
    if (e.length > 0) errs.push(...e);
    else if (!prefixes.some((x) => path.startsWith(x))) errs.push(invalid(fp, path, `should be a json path under ${where}`));
  };
  if (!scale.specReplicasPath) errs.push(required(p.child('scale.specReplicasPath')));
  else under(scale.specReplicasPath, 'scale.specReplicasPath', ['.spec.'], '.spec');
  if (!scale.statusReplicasPath) errs.push(required(p.child('scale.statusReplicasPath')));
  else under(scale.statusReplicasPath, 'scale.statusReplicasPath', ['.status.'], '.status');
  if (scale.labelSelectorPath) under(scale.labelSelectorPath, 'scale.labelSelectorPath', ['.spec.', '.status.'], 'either .spec or .status');
  return errs;
}

export function validateCustomResourceDefinitionNames(names: CrdNames, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const label = (value: string, child: string) => {
    const e = isDNS1035Label(value);
    if (value.length > 0 && e.length > 0) errs.push(invalid(p.child(child), value, e.join(',')));
  };
  const mixedCase = (value: string, child: string) => {
    const e = isDNS1035Label(value.toLowerCase());
    if (value.length > 0 && e.length > 0) errs.push(invalid(p.child(child), value, `may have mixed case, but should otherwise match: ${e.join(',')}`));
  };
  label(names.plural, 'plural');
  label(names.singular, 'singular');
  mixedCase(names.kind, 'kind');
  mixedCase(names.listKind, 'listKind');
  (names.shortNames ?? []).forEach((s, i) => {
    const e = isDNS1035Label(s);
    if (e.length > 0) errs.push(invalid(p.child('shortNames').index(i), s, e.join(',')));
  });
  // Parsing would be ambiguous.
  if (names.kind.length > 0 && names.kind === names.listKind) errs.push(invalid(p.child('listKind'), names.listKind, 'kind and listKind may not be the same'));
  (names.categories ?? []).forEach((c, i) => {
    const e = isDNS1035Label(c);
    if (e.length > 0) errs.push(invalid(p.child('categories').index(i), c, e.join(',')));
  });
  return errs;
}

export function validateDeprecationWarning(deprecated: boolean, warning: string | undefined): string[] {
  if (!deprecated && warning !== undefined) return ['can only be set for deprecated versions'];
  if (warning === undefined) return [];
  const errs: string[] = [];
  if (Buffer.byteLength(warning, 'utf8') > 256) errs.push('must be <= 256 characters long');
  if (warning.length === 0) errs.push('must not be an empty string');
  let byteIndex = 0;
  for (const ch of warning) {
    const cp = ch.codePointAt(0)!;
    // unicode.IsPrint (letters, marks, numbers, punctuation, symbols and ASCII space) / IsControl.
    if (!/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) {
      errs.push(`must only contain printable UTF-8 characters; non-printable character found at index ${byteIndex}`);
      break;
    }
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
      errs.push(`must only contain printable UTF-8 characters; control character found at index ${byteIndex}`);
      break;
    }
    byteIndex += Buffer.byteLength(ch, 'utf8');
  }
  return errs;
}

function allowedSelectableFieldSchema(s: Structural | undefined): boolean {
  return s !== undefined && ['string', 'boolean', 'integer'].includes(s.generic.type);
}

export function validateCustomResourceSelectableFields(fields: SelectableField[], schema: Structural | undefined, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const unique = new Set<string>();
  fields.forEach((f, i) => {
    const jp = p.index(i).child('jsonPath');
    if (!f.jsonPath) {
      errs.push(required(jp));
      return;
    }
    const r = validFieldPath(f.jsonPath, schema, { allowArrayNotation: false });
    if (!r.ok) {
      errs.push(invalid(jp, f.jsonPath, `is an invalid path: ${r.error}`));
      return;
    }
    const path = r.path?.toString() ?? '<nil>';
    if (r.path && r.path.root().toString() === 'metadata') errs.push(invalid(jp, f.jsonPath, 'must not point to fields in metadata'));
    if (!allowedSelectableFieldSchema(r.schema)) errs.push(invalid(jp, f.jsonPath, 'must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.'));
    if (unique.has(path)) errs.push(duplicate(jp, f.jsonPath));
    else unique.add(path);
  });
  if (unique.size > MAX_SELECTABLE_FIELDS) errs.push(tooMany(p, unique.size, MAX_SELECTABLE_FIELDS));
  return errs;
}

function structuralOrError(s: SchemaProps | undefined, p: FieldPath, errs: FieldError[]): Structural | undefined {
  if (!s) return undefined;
  try {
    return newStructural(s);
  } catch (e) {
    if (!(e instanceof NotStructuralError)) throw e;
    errs.push(invalid(p, '', e.message));
    return undefined;
  }
}

function validateVersion(v: CrdVersion, p: FieldPath, statusEnabled: boolean, opts: ValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  for (const e of validateDeprecationWarning(v.deprecated, v.deprecationWarning)) errs.push(invalid(p.child('deprecationWarning'), v.deprecationWarning ?? null, e));
  errs.push(...validateCustomResourceDefinitionValidation(v.schema, statusEnabled, opts, p.child('schema')));
  errs.push(...validateCustomResourceDefinitionSubresources(v.subresources, p.child('subresources')));
  (v.additionalPrinterColumns ?? []).forEach((c, i) => errs.push(...validateCustomResourceColumnDefinition(c, p.child('additionalPrinterColumns').index(i))));
  if ((v.selectableFields?.length ?? 0) > 0) {
    if (!v.schema?.openAPIV3Schema) {
      const detail = shortWording(opts) ? 'may only be set when `version.schema.openAPIV3Schema` is not included' : 'selectableFields may only be set when version.schema.openAPIV3Schema is not included';
      errs.push(invalid(p.child('selectableFields'), '', detail));
    }
    else {
      const ss = structuralOrError(v.schema.openAPIV3Schema, p.child('schema.openAPIV3Schema'), errs);
      errs.push(...validateCustomResourceSelectableFields(v.selectableFields!, ss, p.child('selectableFields')));
    }
  }
  return errs;
}

const hasStatus = (s: Subresources | undefined): boolean => s?.status !== undefined;

function subresourcesForVersion(spec: InternalCrdSpec, name: string): Subresources | undefined {
  const versions = spec.versions ?? [];
  if (!versions.some((v) => v.subresources)) return spec.subresources;
  return versions.find((v) => v.name === name)?.subresources;
}

// Per-version values that are all set and all equal belong at the top level.
function identicalPerVersion<T>(versions: CrdVersion[], pick: (v: CrdVersion) => T | undefined, isSet: (x: T | undefined) => boolean): boolean {
  if (versions.length === 0) return false;
  return versions.every((v) => isSet(pick(v)) && semanticDeepEqual(pick(v), pick(versions[0])));
}

const hasDefaults = (s: SchemaProps | undefined): boolean => schemaHas(s, (x) => x.default !== undefined);
const hasKubernetesExtensions = (s: SchemaProps | undefined): boolean =>
  schemaHas(s, (x) => x.xEmbeddedResource || x.xPreserveUnknownFields !== undefined || x.xIntOrString || (x.xListMapKeys?.length ?? 0) > 0 || x.xListType !== undefined || (x.xValidations?.length ?? 0) > 0);

function specSchemas(spec: InternalCrdSpec): (SchemaProps | undefined)[] {
  return [spec.validation?.openAPIV3Schema, ...(spec.versions ?? []).map((v) => v.schema?.openAPIV3Schema)];
}

const ACCEPTED_REVIEW_VERSIONS = ['v1', 'v1beta1'];

function validateConversionReviewVersions(versions: string[] | undefined, requireRecognized: boolean, p: FieldPath): FieldError[] {
  if (!versions || versions.length < 1) return [required(p)];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let accepted = false;
  versions.forEach((v, i) => {
    if (seen.has(v)) {
      errs.push(invalid(p.index(i), v, 'duplicate version'));
      return;
    }
    seen.add(v);
    for (const e of isDNS1035Label(v)) errs.push(invalid(p.index(i), v, e));
    if (ACCEPTED_REVIEW_VERSIONS.includes(v)) accepted = true;
  });
  if (requireRecognized && !accepted) errs.push(invalid(p, versions, `must include at least one of ${ACCEPTED_REVIEW_VERSIONS.join(', ')}`));
  return errs;
}

function validateConversion(c: CrdConversion | undefined, requireRecognized: boolean, p: FieldPath): FieldError[] {
  if (!c) return [];
  const errs = validateEnumString(p.child('strategy'), c.strategy, ['None', 'Webhook']);
  if (c.strategy === 'Webhook') {
    const cc = c.webhookClientConfig;
    const cp = p.child('webhookClientConfig');
    if (!cc) errs.push(required(cp, 'required when strategy is set to Webhook'));
    else if ((cc.url === undefined) === (cc.service === undefined)) errs.push(required(cp, 'exactly one of url or service is required'));
    else if (cc.url !== undefined) errs.push(...validateWebhookURL(cp.child('url'), cc.url, true));
    else if (cc.service) errs.push(...validateWebhookService(cp.child('service'), cc.service.namespace, cc.service.name, cc.service.path, cc.service.port));
    // caBundle is not checked on create (allowInvalidCABundle: the CRD is not established yet).
    errs.push(...validateConversionReviewVersions(c.conversionReviewVersions, requireRecognized, p.child('conversionReviewVersions')));
  } else {
    if (c.webhookClientConfig) errs.push(forbidden(p.child('webhookClientConfig'), 'should not be set when strategy is not set to Webhook'));
    if ((c.conversionReviewVersions?.length ?? 0) > 0) errs.push(forbidden(p.child('conversionReviewVersions'), 'should not be set when strategy is not set to Webhook'));
  }
  return errs;
}

export function validateCustomResourceDefinitionSpec(spec: InternalCrdSpec, options: ValidationOptions, p: FieldPath): FieldError[] {
  const opts = { ...options };
  const errs: FieldError[] = [];
  if (!spec.group) errs.push(required(p.child('group')));
  else {
    const e = isDNS1123Subdomain(spec.group);
    if (e.length > 0) errs.push(invalid(p.child('group'), spec.group, e.join(',')));
    else if (spec.group.split('.').length < 2) errs.push(invalid(p.child('group'), spec.group, 'should be a domain with at least one dot'));
  }
  errs.push(...validateEnumString(p.child('scope'), spec.scope, ['Cluster', 'Namespaced']));

  const pruning = spec.preserveUnknownFields !== true;
  // Pruning needs structural schemas.
  if (pruning) opts.requireStructuralSchema = true;
  const versions = spec.versions ?? [];
  if (!spec.validation?.openAPIV3Schema) {
    if (opts.requireOpenAPISchema) {
      versions.forEach((v, i) => {
        if (!v.schema?.openAPIV3Schema) errs.push(required(p.child('versions').index(i).child('schema').child('openAPIV3Schema'), shortWording(opts) ? '' : 'schemas are required'));
      });
    } else if (pruning) {
      versions.forEach((v, i) => {
        if (v.served && !v.schema?.openAPIV3Schema) errs.push(required(p.child('versions').index(i).child('schema', 'openAPIV3Schema'), 'because otherwise all fields are pruned'));
      });
    }
  }
  if (opts.allowDefaults && specSchemas(spec).some(hasDefaults)) {
    opts.requireStructuralSchema = true;
    if (spec.preserveUnknownFields === undefined || spec.preserveUnknownFields) errs.push(invalid(p.child('preserveUnknownFields'), true, 'must be false in order to use defaults in the schema'));
  }
  if (specSchemas(spec).some(hasKubernetesExtensions)) opts.requireStructuralSchema = true;

  let storageCount = 0;
  const seen = new Set<string>();
  let uniqueNames = true;
  versions.forEach((v, i) => {
    if (v.storage) storageCount++;
    if (seen.has(v.name)) uniqueNames = false;
    else seen.add(v.name);
    const e = isDNS1035Label(v.name);
    if (e.length > 0) errs.push(invalid(p.child('versions').index(i).child('name'), v.name, e.join(',')));
    errs.push(...validateVersion(v, p.child('versions').index(i), hasStatus(subresourcesForVersion(spec, v.name)), opts));
  });

  if (spec.validation && versions.some((v) => v.schema)) errs.push(forbidden(p.child('validation'), 'top-level and per-version schemas are mutually exclusive'));
  if (spec.subresources && versions.some((v) => v.subresources)) errs.push(forbidden(p.child('subresources'), 'top-level and per-version subresources are mutually exclusive'));
  if ((spec.additionalPrinterColumns?.length ?? 0) > 0 && versions.some((v) => (v.additionalPrinterColumns?.length ?? 0) > 0)) {
    errs.push(forbidden(p.child('additionalPrinterColumns'), 'top-level and per-version additionalPrinterColumns are mutually exclusive'));
  }
  const vp = p.child('versions');
  if (identicalPerVersion(versions, (v) => v.schema, (x) => x !== undefined)) {
    errs.push(invalid(vp, versions, 'per-version schemas may not all be set to identical values (top-level validation should be used instead)'));
  }
  if (identicalPerVersion(versions, (v) => v.subresources, (x) => x !== undefined)) {
    errs.push(invalid(vp, versions, 'per-version subresources may not all be set to identical values (top-level subresources should be used instead)'));
  }
  if (identicalPerVersion(versions, (v) => v.additionalPrinterColumns, (x) => (x?.length ?? 0) > 0)) {
    errs.push(invalid(vp, versions, 'per-version additionalPrinterColumns may not all be set to identical values (top-level additionalPrinterColumns should be used instead)'));
  }
  if (!uniqueNames) errs.push(invalid(vp, versions, 'must contain unique version names'));
  if (storageCount !== 1) errs.push(invalid(vp, versions, 'must have exactly one version marked as storage version'));
  if (spec.version.length !== 0) {
    const e = isDNS1035Label(spec.version);
    if (e.length > 0) errs.push(invalid(p.child('version'), spec.version, e.join(',')));
    if (versions.length >= 1 && versions[0].name !== spec.version) errs.push(invalid(p.child('version'), spec.version, 'must match the first version in spec.versions'));
  }

  // Required for spec names (not for status.acceptedNames).
  if (!spec.names.plural) errs.push(required(p.child('names', 'plural')));
  if (!spec.names.singular) errs.push(required(p.child('names', 'singular')));
  if (!spec.names.kind) errs.push(required(p.child('names', 'kind')));
  if (!spec.names.listKind) errs.push(required(p.child('names', 'listKind')));
  errs.push(...validateCustomResourceDefinitionNames(spec.names, p.child('names')));

  const anyStatus = hasStatus(spec.subresources) || versions.some((v) => hasStatus(v.subresources));
  errs.push(...validateCustomResourceDefinitionValidation(spec.validation, anyStatus, opts, p.child('validation')));
  errs.push(...validateCustomResourceDefinitionSubresources(spec.subresources, p.child('subresources')));
  (spec.additionalPrinterColumns ?? []).forEach((c, i) => errs.push(...validateCustomResourceColumnDefinition(c, p.child('additionalPrinterColumns').index(i))));
  if ((spec.selectableFields?.length ?? 0) > 0) {
    if (!spec.validation) errs.push(invalid(p.child('selectableFields'), '', `${shortWording(opts) ? '' : 'selectableFields '}may only be set when validations.schema is included`));
    else {
      const ss = structuralOrError(spec.validation.openAPIV3Schema, p.child('schema.openAPIV3Schema'), errs);
      errs.push(...validateCustomResourceSelectableFields(spec.selectableFields!, ss, p.child('selectableFields')));
    }
  }
  if (spec.conversion && spec.conversion.strategy !== 'None' && spec.preserveUnknownFields !== false) {
    errs.push(invalid(p.child('conversion').child('strategy'), spec.conversion.strategy, 'must be None if spec.preserveUnknownFields is true'));
  }
  errs.push(...validateConversion(spec.conversion, opts.requireRecognizedConversionReviewVersion, p.child('conversion')));
  return errs;
}

export function validateCustomResourceDefinitionStoredVersions(stored: string[] | undefined, versions: CrdVersion[], p: FieldPath, short = false): FieldError[] {
  if (!stored || stored.length === 0) return [invalid(p, stored ?? null, 'must have at least one stored version')];
  const errs: FieldError[] = [];
  const remaining = new Map(stored.map((v, i) => [v, i] as const));
  for (const v of versions) {
    const has = remaining.has(v.name);
    if (v.storage && !has) errs.push(invalid(p, stored, `must have the storage version ${v.name}`));
    if (has) remaining.delete(v.name);
  }
  for (const [v, i] of remaining) {
    const detail = short ? `missing from spec.versions; ${v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${v} and removes ${v} from status.storedVersions` : 'must appear in spec.versions';
    errs.push(invalid(p.index(i), v, detail));
  }
  return errs;
}

const API_APPROVED = 'api-approved.kubernetes.io';

function isProtectedCommunityGroup(group: string): boolean {
  return group === 'k8s.io' || group.endsWith('.k8s.io') || group === 'kubernetes.io' || group.endsWith('.kubernetes.io');
}

function validateAPIApproval(crd: InternalCrd): FieldError[] {
  if (!isProtectedCommunityGroup(crd.spec.group)) return [];
  const annotation = crd.metadata.annotations?.[API_APPROVED] ?? '';
  const p = FieldPath.of('metadata', 'annotations').key(API_APPROVED);
  if (annotation.length === 0) return [required(p, `protected groups must have approval annotation "${API_APPROVED}", see https://github.com/kubernetes/enhancements/pull/1111`)];
  if (annotation.startsWith('unapproved')) return [];
  let url: URL | undefined;
  try {
    url = new URL(annotation);
  } catch {
    url = undefined;
  }
  if (url && url.host.length > 0 && url.protocol.length > 1) return [];
  return [invalid(p, annotation, `protected groups must have approval annotation "${API_APPROVED}" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111`)];
}

/** ValidateCustomResourceDefinition: every field error the API server returns when the CRD is created. */
export function validateCustomResourceDefinition(crd: InternalCrd, opts: ValidationOptions = CREATE_OPTIONS): AdmissionFieldError[] {
  const requiredName = `${crd.spec.names.plural}.${crd.spec.group}`;
  const nameFn = (name: string, prefix: boolean): string[] => {
    const errs = nameIsDNSSubdomain(name, prefix);
    if (name !== requiredName) errs.push('must be spec.names.plural+"."+spec.group');
    return errs;
  };
  const errs: FieldError[] = [...validateObjectMeta(crd.metadata, false, nameFn, FieldPath.of('metadata'))];
  errs.push(...validateCustomResourceDefinitionSpec(crd.spec, opts, FieldPath.of('spec')));
  errs.push(...validateCustomResourceDefinitionNames(crd.status.acceptedNames, FieldPath.of('status').child('acceptedNames')));
  errs.push(...validateCustomResourceDefinitionStoredVersions(crd.status.storedVersions, crd.spec.versions ?? [], FieldPath.of('status').child('storedVersions'), shortWording(opts)));
  errs.push(...validateAPIApproval(crd));
  if (crd.spec.preserveUnknownFields === true) {
    errs.push(invalid(FieldPath.of('spec').child('preserveUnknownFields'), true, 'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead'));
  }
  return errs;
}
