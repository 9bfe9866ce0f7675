// Transforms a Kubernetes structural `openAPIV3Schema` into a JSON Schema that Ajv 2020 compiles
// in strict mode. CEL rules (`x-kubernetes-validations`) are evaluated separately (cel.ts), so
// every `x-kubernetes-*` key is dropped here after its meaning has been translated.

export type Schema = Record<string, unknown>;

export interface TransformOptions {
  /**
   * Emulate `kubectl --validate=strict`: unknown fields are errors. The API server itself prunes
   * them silently, which hides typos such as `enableDnsHostname`. Default true.
   */
  rejectUnknownFields?: boolean;
}

/** Formats the API server validates (plus numeric type hints); any other format is ignored, as K8s does. */
export const SUPPORTED_FORMATS: ReadonlySet<string> = new Set([
  'int32', 'int64', 'float', 'double', 'byte', 'password', 'date', 'date-time', 'datetime', 'duration',
  'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac', 'uuid', 'uuid3', 'uuid4', 'uuid5', 'bsonobjectid',
]);

// Validation keywords shared by OpenAPI v3 (as K8s uses it) and JSON Schema 2020-12.
const PASS_THROUGH = new Set([
  'type', 'enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'multipleOf',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'required',
]);

// ObjectMeta rules (k8s.io/apimachinery validation: IsDNS1123Subdomain, IsDNS1123Label,
// IsQualifiedName, IsValidLabelValue). Every pattern is evaluated with Go's regexp like any CRD
// pattern, and RE2 has no lookahead: the length limits are maxLength or bounded repetition.
const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS_SUBDOMAIN = `^${DNS_LABEL}(\\.${DNS_LABEL})*$`; // with maxLength 253
const DNS_SUBDOMAIN_MAX = 253;
// Name part of a qualified name: 1 to 63 characters, alphanumeric at both ends.
const QUALIFIED_NAME = `^(${DNS_LABEL}(\\.${DNS_LABEL})*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`;
// ... and its optional prefix (everything before the one '/') is at most 253 characters.
const QUALIFIED_NAME_PREFIX = '^([^/]{1,253}/)?[^/]*$';
const LABEL_VALUE = '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$'; // with maxLength 63
const NAMESPACE = '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$';

const QUALIFIED_NAME_TEXT = "a qualified name: optional DNS-subdomain prefix (at most 253 characters) and '/', then at most 63 of A-Z, a-z, 0-9, '-', '_', '.' starting and ending alphanumeric";

/** Human wording for the ObjectMeta patterns above, used instead of the raw regex in messages. */
export const PATTERN_DESCRIPTIONS: ReadonlyMap<string, string> = new Map([
  [DNS_SUBDOMAIN, "a lowercase RFC 1123 subdomain (a-z, 0-9, '-', '.'; starts and ends alphanumeric)"],
  [NAMESPACE, "a lowercase RFC 1123 label (a-z, 0-9, '-'; at most 63 characters)"],
  [QUALIFIED_NAME, QUALIFIED_NAME_TEXT],
  [QUALIFIED_NAME_PREFIX, QUALIFIED_NAME_TEXT],
  [LABEL_VALUE, "a label value: empty or at most 63 of A-Z, a-z, 0-9, '-', '_', '.' starting and ending alphanumeric"],
]);

// Both patterns must hold; a key failing both is reported once (same path and wording).
const qualifiedNameKey = (): Schema => ({ allOf: [{ pattern: QUALIFIED_NAME }, { pattern: QUALIFIED_NAME_PREFIX }] });

/**
 * ObjectMeta as the API server validates it for custom resources (CRD schemas may only constrain
 * `name`/`generateName`; everything else comes from the built-in ObjectMeta type).
 */
export function objectMetaSchema(rejectUnknownFields: boolean, nameConstraints: Schema = {}): Schema {
  const str = { type: 'string' };
  const meta: Schema = {
    type: 'object',
    properties: {
      name: nameSchema(nameConstraints),
      generateName: { type: 'string' },
      namespace: { type: 'string', pattern: NAMESPACE },
      labels: {
        type: 'object',
        propertyNames: qualifiedNameKey(),
        additionalProperties: { type: 'string', maxLength: 63, pattern: LABEL_VALUE },
      },
      annotations: { type: 'object', propertyNames: qualifiedNameKey(), additionalProperties: str },
      finalizers: { type: 'array', items: str },
      ownerReferences: {
        type: 'array',
        items: {
          type: 'object',
          required: ['apiVersion', 'kind', 'name', 'uid'],
          properties: {
            apiVersion: str, kind: str, name: str, uid: str,
            controller: { type: 'boolean' }, blockOwnerDeletion: { type: 'boolean' },
          },
          ...(rejectUnknownFields ? { additionalProperties: false } : {}),
        },
      },
      uid: str, resourceVersion: str, selfLink: str,
      generation: { type: 'integer' },
      creationTimestamp: { type: ['string', 'null'] },
      deletionTimestamp: str,
      deletionGracePeriodSeconds: { type: 'integer' },
      managedFields: { type: 'array', items: { type: 'object' } },
    },
  };
  if (rejectUnknownFields) meta.additionalProperties = false;
  return meta;
}

/** Root entry point: the top-level `metadata` is replaced by the real ObjectMeta schema. */
export function k8sToJsonSchema(schema: Schema, opts: TransformOptions = {}): Schema {
  const strict = opts.rejectUnknownFields ?? true;
  const out = transform(schema, strict, false);
  // apiVersion, kind and metadata are never pruned, whether or not the schema declares them.
  const props = (out.properties ??= {}) as Record<string, Schema>;
  props.apiVersion ??= { type: 'string' };
  props.kind ??= { type: 'string' };
  props.metadata = objectMetaSchema(strict, nameConstraints(schema));
  return out;
}

/**
 * metadata.name: a DNS subdomain, and whatever the CRD's own schema adds. Both apply, so the CRD's
 * pattern goes beside ours (allOf) instead of replacing it, and the tighter length limit wins.
 */
function nameSchema(constraints: Schema): Schema {
  const { maxLength, pattern, ...rest } = constraints;
  const out: Schema = { type: 'string', pattern: DNS_SUBDOMAIN, maxLength: typeof maxLength === 'number' ? Math.min(maxLength, DNS_SUBDOMAIN_MAX) : DNS_SUBDOMAIN_MAX, ...rest };
  if (typeof pattern === 'string') out.allOf = [{ pattern }];
  return out;
}

// CRDs (and Crossplane's generated XR/claim CRDs) may restrict metadata.name, e.g. maxLength 63.
function nameConstraints(schema: Schema): Schema {
  const name = ((schema.properties as Record<string, Schema> | undefined)?.metadata?.properties as Record<string, Schema> | undefined)?.name;
  const out: Schema = {};
  if (!name) return out;
  for (const k of ['maxLength', 'minLength', 'pattern', 'enum'] as const) if (name[k] !== undefined) out[k] = name[k];
  return out;
}

function transform(node: Schema, strict: boolean, underProperties: boolean): Schema {
  const out: Schema = {};
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = node['x-kubernetes-embedded-resource'] === true;

  for (const [key, value] of Object.entries(node)) {
    if (PASS_THROUGH.has(key)) out[key] = value;
  }
  if (node.format !== undefined && SUPPORTED_FORMATS.has(String(node.format))) {
    out.format = node.format === 'datetime' ? 'date-time' : node.format;
  }
  // Ajv only applies `default` below `properties`; elsewhere strict mode rejects it as ignored.
  if (node.default !== undefined && underProperties) out.default = node.default;

  // OpenAPI v2/draft-04 boolean exclusive bounds.
  if (node.exclusiveMinimum === true && typeof node.minimum === 'number') {
    out.exclusiveMinimum = node.minimum;
    delete out.minimum;
  }
  if (node.exclusiveMaximum === true && typeof node.maximum === 'number') {
    out.exclusiveMaximum = node.maximum;
    delete out.maximum;
  }

  if (node['x-kubernetes-int-or-string'] === true) {
    // Strict Ajv wants type-specific keywords next to their type, so split them over the branches.
    const intBranch: Schema = { type: 'integer' };
    const strBranch: Schema = { type: 'string' };
    for (const k of ['pattern', 'minLength', 'maxLength', 'format'] as const) moveKey(out, strBranch, k);
    for (const k of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'] as const) moveKey(out, intBranch, k);
    delete out.type;
    out.anyOf = [intBranch, strBranch];
  }
  // A set is a list of unique scalars (or atomic values); the API server rejects duplicates.
  if (node['x-kubernetes-list-type'] === 'set') out.uniqueItems = true;

  const props = node.properties as Record<string, Schema> | undefined;
  if (props) {
    out.properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, transform(v, strict, true)]));
  }
  if (node.items && typeof node.items === 'object' && !Array.isArray(node.items)) {
    out.items = transform(node.items as Schema, strict, false);
  }
  if (typeof node.additionalProperties === 'boolean') out.additionalProperties = node.additionalProperties;
  else if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    out.additionalProperties = transform(node.additionalProperties as Schema, strict, false);
  }
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(node[k])) {
      const branches = (node[k] as Schema[]).map((s) => transform(s, strict, false));
      // int-or-string already produced an anyOf; fold any schema-provided one in with allOf.
      if (out[k]) out.allOf = [...((out.allOf as Schema[]) ?? []), { [k]: branches }];
      else out[k] = branches;
    }
  }
  if (node.not && typeof node.not === 'object') out.not = transform(node.not as Schema, strict, false);

  if (embedded) {
    // An embedded object always carries apiVersion/kind/metadata, even when the schema omits them.
    out.type = 'object';
    const p = (out.properties ?? {}) as Record<string, Schema>;
    p.apiVersion ??= { type: 'string' };
    p.kind ??= { type: 'string' };
    p.metadata = objectMetaSchema(strict);
    out.properties = p;
  }

  const isObject = out.type === 'object' || (out.type === undefined && (props !== undefined || embedded));
  if (strict && isObject && !preserve && out.additionalProperties === undefined) {
    // The API server prunes fields the schema does not declare; in strict mode that is an error.
    out.additionalProperties = false;
  }

  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

function moveKey(from: Schema, to: Schema, key: string): void {
  if (from[key] === undefined) return;
  to[key] = from[key];
  delete from[key];
}
