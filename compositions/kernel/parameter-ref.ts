// A handle on a parameter a chart declared (`spec.parameters.<name>`), and on the fields and list
// elements inside it. A handle can only be had from the declaration, and every step into it is
// checked against the declared schema, so a condition built from handles cannot name a parameter
// or field the composite does not have.
import { compositeToken } from '../policy/iam/tokens';
import type { SchemaNode } from './schema';

export type ParameterSegment = { readonly field: string } | { readonly index: number };

export class ParameterRef {
  /**
   * @param owner the chart that declared the parameter (a condition may only read its own composite)
   * @param segments the path from the composite's root, e.g. spec, parameters, transitGateway, id
   */
  private constructor(
    public readonly owner: object,
    public readonly segments: readonly ParameterSegment[],
    public readonly schema: SchemaNode,
  ) {}

  /** The handle of a just-declared parameter; called by the chart that declares it. */
  public static declared(owner: object, name: string, schema: SchemaNode): ParameterRef {
    return new ParameterRef(owner, [{ field: 'spec' }, { field: 'parameters' }, { field: name }], schema);
  }

  /** crossplane-runtime field path from the composite's root: `spec.parameters.onPremCidrs[2]`. */
  public get path(): string {
    return this.segments.map((s, i) => ('index' in s ? `[${s.index}]` : `${i === 0 ? '' : '.'}${s.field}`)).join('');
  }

  /** A property of an object parameter; throws if the schema declares no such property. */
  public field(name: string): ParameterRef {
    const props = this.schema.properties;
    if (this.schema.type !== 'object' || !props) throw new Error(`${this.path} is a ${this.schema.type ?? 'value'} with no properties: it has no field '${name}'`);
    const sub = props[name];
    if (!sub) throw new Error(`${this.path} has no field '${name}' (declared: ${Object.keys(props).join(', ')})`);
    return new ParameterRef(this.owner, [...this.segments, { field: name }], sub);
  }

  /** Element `index` of a list parameter; throws unless the list can hold that many elements. */
  public item(index: number): ParameterRef {
    if (this.schema.type !== 'array' || !this.schema.items) throw new Error(`${this.path} is a ${this.schema.type ?? 'value'}, not a list: it has no element ${index}`);
    const max = this.schema.maxItems;
    if (!Number.isInteger(index) || index < 0 || (max !== undefined && index >= max)) {
      throw new Error(`${this.path} holds at most ${max} elements: element ${index} can never be set`);
    }
    return new ParameterRef(this.owner, [...this.segments, { index }], this.schema.items as SchemaNode);
  }

  /**
   * The `${xr:<path>}` token of this value, for a base (values.ts turns it into a patch). The path was
   * checked against the declared schema while the handle was built, so it cannot be misspelled.
   */
  public token(): string {
    return compositeToken(this.path);
  }

  /**
   * The default the schema declares for this value, so a chart that needs it (a base value the patch
   * replaces) reads it from the one declaration instead of writing it again. Throws if none is declared.
   */
  public defaultValue<T = unknown>(): T {
    if (this.schema.default === undefined) throw new Error(`${this.path} declares no default`);
    return this.schema.default as T;
  }
}
