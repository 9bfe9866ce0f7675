// Typed builders for XRD openAPIV3Schema nodes. Every property must carry a description: users read
// them in `kubectl explain` and in the README's parameter tables.
import type { k8s } from 'cdk8s-plus-28';
import { MaxLength } from './aws-limits';

export type SchemaNode = k8s.JsonSchemaProps;

/** A Kubernetes CEL validation rule (`x-kubernetes-validations`). */
export interface CelRule {
  readonly rule: string;
  /** Shown to the user: name the field and what is allowed. */
  readonly message: string;
  /** Field the error is reported on, relative to the node carrying the rule (e.g. `.cidrBlock`). */
  readonly fieldPath?: string;
  /**
   * CEL expression computing the message (e.g. naming the offending value); `message` stays the
   * fallback when it fails. @default - the static message
   */
  readonly messageExpression?: string;
}

interface Common {
  readonly rules?: readonly CelRule[];
}

interface StringCommon extends Common {
  readonly pattern?: string;
  readonly minLength?: number;
  readonly default?: string;
  readonly format?: string;
}

/**
 * Every string is bounded (`compositions/kernel/aws-limits.ts`): the API server prices CEL rules by the
 * longest value a field can hold and estimates an unbounded string at the 3 MiB request size. An
 * enum bounds itself: its `maxLength` is the longest value unless given.
 */
export type StringOptions =
  | (StringCommon & { readonly enum: readonly string[]; readonly maxLength?: number })
  | (StringCommon & { readonly enum?: undefined; readonly maxLength: number });

export interface IntegerOptions extends Common {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: number;
}

export interface ObjectOptions extends Common {
  readonly required?: readonly string[];
  /** Default applied by the API server, e.g. `{}` so nested defaults apply when the object is omitted. */
  readonly default?: Record<string, unknown>;
}

export interface ArrayOptions extends Common {
  readonly minItems?: number;
  /** Required: a rule on (or inside) an unbounded list is priced as if the list filled the request. */
  readonly maxItems: number;
  readonly default?: readonly unknown[];
  /** `set` makes the API server reject duplicates. */
  readonly listType?: 'atomic' | 'set';
}

function described(description: string): { description: string } {
  if (!description.trim()) throw new Error('schema: every property needs a description');
  return { description };
}

function rules(options: Common): Pick<SchemaNode, 'xKubernetesValidations'> {
  return options.rules?.length ? { xKubernetesValidations: options.rules.map((r) => ({ ...r })) } : {};
}

export const Schema = {
  string(description: string, options: StringOptions): SchemaNode {
    const maxLength = options.maxLength ?? Math.max(...(options.enum ?? []).map((v) => v.length));
    if (!Number.isInteger(maxLength) || maxLength < 1) throw new Error(`schema: string "${description}" needs a positive maxLength (got ${options.maxLength})`);
    if (options.minLength !== undefined && options.minLength > maxLength) throw new Error(`schema: string "${description}": minLength ${options.minLength} exceeds maxLength ${maxLength}`);
    const tooLong = (options.enum ?? []).filter((v) => v.length > maxLength);
    if (tooLong.length) throw new Error(`schema: string "${description}": enum values longer than maxLength ${maxLength}: ${tooLong.join(', ')}`);
    return {
      type: 'string',
      ...described(description),
      ...(options.enum ? { enum: [...options.enum] } : {}),
      ...(options.pattern !== undefined ? { pattern: options.pattern } : {}),
      ...(options.minLength !== undefined ? { minLength: options.minLength } : {}),
      maxLength,
      ...(options.format !== undefined ? { format: options.format } : {}),
      ...(options.default !== undefined ? { default: options.default } : {}),
      ...rules(options),
    };
  },

  integer(description: string, options: IntegerOptions = {}): SchemaNode {
    return {
      type: 'integer',
      ...described(description),
      ...(options.minimum !== undefined ? { minimum: options.minimum } : {}),
      ...(options.maximum !== undefined ? { maximum: options.maximum } : {}),
      ...(options.default !== undefined ? { default: options.default } : {}),
      ...rules(options),
    };
  },

  boolean(description: string, options: { default?: boolean } = {}): SchemaNode {
    return {
      type: 'boolean',
      ...described(description),
      ...(options.default !== undefined ? { default: options.default } : {}),
    };
  },

  object(description: string, properties: Record<string, SchemaNode>, options: ObjectOptions = {}): SchemaNode {
    for (const name of options.required ?? []) {
      if (!(name in properties)) throw new Error(`schema: required property '${name}' is not declared (declared: ${Object.keys(properties).join(', ')})`);
    }
    return {
      type: 'object',
      ...described(description),
      properties,
      ...(options.required?.length ? { required: [...options.required] } : {}),
      ...(options.default !== undefined ? { default: options.default } : {}),
      ...rules(options),
    };
  },

  array(description: string, items: SchemaNode, options: ArrayOptions): SchemaNode {
    if (!Number.isInteger(options.maxItems) || options.maxItems < 1) throw new Error(`schema: array "${description}" needs a positive maxItems (got ${options.maxItems})`);
    return {
      type: 'array',
      ...described(description),
      items,
      ...(options.minItems !== undefined ? { minItems: options.minItems } : {}),
      maxItems: options.maxItems,
      ...(options.listType ? { xKubernetesListType: options.listType } : {}),
      ...(options.default !== undefined ? { default: options.default } : {}),
      ...rules(options),
    };
  },

  /** A map of string values (tags, labels): bounded in entries and value length. */
  stringMap(description: string, options: Common & { maxProperties: number; maxValueLength: number }): SchemaNode {
    return {
      type: 'object',
      ...described(description),
      additionalProperties: { type: 'string', maxLength: options.maxValueLength },
      maxProperties: options.maxProperties,
      ...rules(options),
    };
  },

  /** An ARN (published output or parameter); `pattern`/`rules` narrow it further. */
  arn(description: string, options: Omit<StringCommon, 'default'> = {}): SchemaNode {
    return Schema.string(description, { ...options, maxLength: MaxLength.arn });
  },
};

const EXTENSION_KEYS: Record<string, string> = {
  xKubernetesValidations: 'x-kubernetes-validations',
  xKubernetesListType: 'x-kubernetes-list-type',
  xKubernetesListMapKeys: 'x-kubernetes-list-map-keys',
  xKubernetesMapType: 'x-kubernetes-map-type',
  xKubernetesPreserveUnknownFields: 'x-kubernetes-preserve-unknown-fields',
  xKubernetesEmbeddedResource: 'x-kubernetes-embedded-resource',
  xKubernetesIntOrString: 'x-kubernetes-int-or-string',
};

/**
 * Renders a node to the JSON the API server reads (`x-kubernetes-*` keys), at every depth.
 * cdk8s-plus's toJson_JsonSchemaProps leaves `items` and `additionalProperties` (typed `any`)
 * untouched, which silently dropped CEL rules on array items; this walk converts them too.
 */
export function toOpenApi(node: SchemaNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (value === undefined) continue;
    const name = EXTENSION_KEYS[key] ?? key;
    if (key === 'properties') {
      out[name] = Object.fromEntries(Object.entries(value as Record<string, SchemaNode>).map(([k, v]) => [k, toOpenApi(v)]));
    } else if ((key === 'items' || key === 'additionalProperties') && typeof value === 'object' && value !== null) {
      out[name] = toOpenApi(value as SchemaNode);
    } else {
      out[name] = value;
    }
  }
  return out;
}
