// Per-node CEL context of a CRD schema walk (apiextensions-apiserver pkg/apis/apiextensions/validation
// cel_validation.go): the lazily built type information of a node, how many times a node can occur
// (MaxCardinality: the product of maxItems/maxProperties of enclosing lists and maps, undefined when
// one of them is unbounded), and the running total cost of a CRD.
import { MAX_UINT64 } from './cost-math';
import {
  type DeclType,
  type DeclTypeOptions,
  hasAdditionalProperties,
  type JsonSchema,
  schemaDeclType,
  schemaMaxItems,
  schemaMaxProperties,
  schemaProperties,
  schemaItems,
  schemaType,
  isEmbeddedResource,
} from './decl-type';
import { escapePropertyName } from './escaping';

export const STATIC_ESTIMATED_COST_LIMIT = 10_000_000n;
export const STATIC_ESTIMATED_CRD_COST_LIMIT = 100_000_000n;

export interface TypeInfo {
  readonly schema: JsonSchema;
  readonly declType: DeclType;
}

type Accessor = (parent: TypeInfo) => TypeInfo | undefined;

/** Builds the DeclType of a schema node (defaultConverter); replaceable to count conversions, as upstream tests do. */
export type Converter = (schema: JsonSchema, isRoot: boolean, options: DeclTypeOptions) => DeclType | undefined;
const defaultConverter: Converter = (schema, isRoot, options) => schemaDeclType(schema, isRoot, options);

/** multiplyWithOverflowGuard: a product that saturates at 2^64-1 (0 stays 0). */
export function multiplyWithOverflowGuard(baseCost: bigint, cardinality: bigint): bigint {
  if (baseCost === 0n) return 0n;
  const p = baseCost * cardinality;
  return p > MAX_UINT64 ? MAX_UINT64 : p;
}

/**
 * extractMaxElements: the factor by which a schema multiplies the occurrences of its children:
 * maxItems/maxProperties for arrays and maps (undefined = unbounded), 1 for anything else.
 * Any additionalProperties, even `true` or `false`, makes an object count as a map here.
 */
export function extractMaxElements(schema: JsonSchema): bigint | undefined {
  const zeroIfNegative = (v: bigint): bigint => (v < 0n ? 0n : v);
  switch (schemaType(schema)) {
    case 'object': {
      if (!hasAdditionalProperties(schema)) return 1n;
      const max = schemaMaxProperties(schema);
      return max === undefined ? undefined : zeroIfNegative(max);
    }
    case 'array': {
      const max = schemaMaxItems(schema);
      return max === undefined ? undefined : zeroIfNegative(max);
    }
    default:
      return 1n;
  }
}

export interface RuleCost {
  readonly path: string;
  readonly cost: bigint;
}

/** TotalCost: the sum over a CRD and its (at most 4) most expensive expressions of at least 1% of the limit. */
export class TotalCost {
  total = 0n;
  mostExpensive: RuleCost[] = [];

  observe(path: string, cost: bigint): void {
    this.total = this.total + cost > MAX_UINT64 ? MAX_UINT64 : this.total + cost;
    if (cost < STATIC_ESTIMATED_CRD_COST_LIMIT / 100n) return;
    this.mostExpensive.push({ path, cost });
    this.mostExpensive.sort((a, b) => (a.cost === b.cost ? 0 : a.cost > b.cost ? -1 : 1));
    if (this.mostExpensive.length > 4) this.mostExpensive.length = 4;
  }
}

export type TypeInfoResult = { readonly info?: TypeInfo; readonly error?: string };

/** CELSchemaContext */
export class CelSchemaContext {
  private cached?: TypeInfoResult;

  private constructor(
    readonly jsonSchema: JsonSchema,
    private readonly parent: CelSchemaContext | undefined,
    private readonly accessor: Accessor | undefined,
    /** this node or an ancestor has rules: type information is needed */
    readonly withinValidationRuleScope: boolean,
    /** undefined: unbounded */
    readonly maxCardinality: bigint | undefined,
    readonly totalCost: TotalCost,
    private readonly declOptions: DeclTypeOptions,
    private readonly converter: Converter,
  ) {}

  static root(schema: JsonSchema, declOptions: DeclTypeOptions = {}, converter: Converter = defaultConverter): CelSchemaContext {
    return new CelSchemaContext(schema, undefined, undefined, hasRules(schema), 1n, new TotalCost(), declOptions, converter);
  }

  childProperty(schema: JsonSchema, propertyName: string): CelSchemaContext {
    return this.child(schema, (p) => {
      const props = schemaProperties(p.schema);
      if (!props) return undefined;
      const escaped = escapePropertyName(propertyName);
      const field = escaped === undefined ? undefined : p.declType.fields?.get(escaped);
      return field ? { schema: props.get(propertyName) ?? {}, declType: field.type } : undefined;
    });
  }

  childItems(schema: JsonSchema): CelSchemaContext {
    return this.child(schema, (p) => {
      const items = schemaItems(p.schema);
      return items && p.declType.elemType ? { schema: items, declType: p.declType.elemType } : undefined;
    });
  }

  childAdditionalProperties(schema: JsonSchema): CelSchemaContext {
    return this.child(schema, (p) => {
      const ap = p.schema.additionalProperties;
      return typeof ap === 'object' && ap !== null && p.declType.elemType ? { schema: ap as JsonSchema, declType: p.declType.elemType } : undefined;
    });
  }

  /** childContext: cardinality multiplied by this node's maxItems/maxProperties. */
  private child(schema: JsonSchema, accessor: Accessor): CelSchemaContext {
    let card: bigint | undefined;
    if (this.maxCardinality !== undefined) {
      const max = extractMaxElements(this.jsonSchema);
      if (max !== undefined) card = multiplyWithOverflowGuard(this.maxCardinality, max);
    }
    return new CelSchemaContext(schema, this, accessor, this.withinValidationRuleScope || hasRules(schema), card, this.totalCost, this.declOptions, this.converter);
  }

  /** TypeInfo: from the parent's type when possible, else converted from this node's schema. */
  typeInfo(): TypeInfoResult {
    if (!this.withinValidationRuleScope) return {};
    if (this.cached) return this.cached;
    if (this.parent) {
      const p = this.parent.typeInfo();
      if (p.error !== undefined) return (this.cached = { error: p.error });
      if (p.info && this.accessor) {
        const info = this.accessor(p.info);
        if (info) return (this.cached = { info });
      }
    }
    const declType = this.converter(this.jsonSchema, this.parent === undefined || isEmbeddedResource(this.jsonSchema), this.declOptions);
    this.cached = declType ? { info: { schema: this.jsonSchema, declType } } : { error: 'unable to convert structural schema to CEL declarations' };
    return this.cached;
  }
}

export function hasRules(schema: JsonSchema): boolean {
  const v = schema['x-kubernetes-validations'];
  return Array.isArray(v) && v.length > 0;
}
