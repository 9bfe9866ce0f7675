// The expression tree of cel-go common/ast after parsing (macros already expanded into
// comprehensions), with expression ids and source offsets in code points as cel-go keeps them.

export type Literal =
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'int'; readonly value: bigint }
  | { readonly type: 'uint'; readonly value: bigint }
  | { readonly type: 'double'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'bytes'; readonly value: Uint8Array }
  | { readonly type: 'null' };

export interface LiteralExpr {
  kind: 'literal';
  id: number;
  value: Literal;
}
export interface IdentExpr {
  kind: 'ident';
  id: number;
  name: string;
}
export interface SelectExpr {
  kind: 'select';
  id: number;
  operand: Expr;
  field: string;
  /** has(a.b): a presence test */
  testOnly: boolean;
}
export interface CallExpr {
  kind: 'call';
  id: number;
  fn: string;
  /** receiver of a member call `target.fn(args)` */
  target?: Expr;
  args: Expr[];
}
export interface ListExpr {
  kind: 'list';
  id: number;
  elements: Expr[];
  optionalIndices: number[];
}
export interface MapEntry {
  id: number;
  key: Expr;
  value: Expr;
  optional: boolean;
}
export interface MapExpr {
  kind: 'map';
  id: number;
  entries: MapEntry[];
}
export interface StructField {
  id: number;
  name: string;
  value: Expr;
  optional: boolean;
}
export interface StructExpr {
  kind: 'struct';
  id: number;
  typeName: string;
  fields: StructField[];
}
export interface ComprehensionExpr {
  kind: 'comprehension';
  id: number;
  iterRange: Expr;
  iterVar: string;
  /** second iteration variable of two-variable comprehensions */
  iterVar2?: string;
  accuVar: string;
  accuInit: Expr;
  loopCondition: Expr;
  loopStep: Expr;
  result: Expr;
}

export type Expr = LiteralExpr | IdentExpr | SelectExpr | CallExpr | ListExpr | MapExpr | StructExpr | ComprehensionExpr;

/** Name of the placeholder the parser leaves where an expression failed to parse (not an identifier). */
export const ERROR_EXPR_NAME = '<<error>>';

/** The accumulator variable of the standard macros (parser.AccumulatorName). */
export const ACCUMULATOR = '__result__';

/** Replaces a node in place keeping its id, as cel-go's Expr.SetKindCase does when the checker resolves names. */
export function rewrite(target: Expr, replacement: Expr): void {
  const t = target as unknown as Record<string, unknown>;
  for (const k of Object.keys(t)) if (k !== 'id') delete t[k];
  Object.assign(t, replacement, { id: target.id });
}

/** Dotted name of an ident/select chain (containers.ToQualifiedName); undefined for anything else. */
export function qualifiedName(e: Expr): string | undefined {
  if (e.kind === 'ident') return e.name;
  if (e.kind === 'select' && !e.testOnly) {
    const prefix = qualifiedName(e.operand);
    return prefix === undefined ? undefined : `${prefix}.${e.field}`;
  }
  return undefined;
}

/** Every sub-expression, parents before children (used by the AST validators). */
export function descendants(root: Expr): Expr[] {
  const out: Expr[] = [];
  const stack: Expr[] = [root];
  while (stack.length > 0) {
    const e = stack.pop()!;
    out.push(e);
    switch (e.kind) {
      case 'select':
        stack.push(e.operand);
        break;
      case 'call':
        for (let i = e.args.length - 1; i >= 0; i--) stack.push(e.args[i]);
        if (e.target) stack.push(e.target);
        break;
      case 'list':
        for (let i = e.elements.length - 1; i >= 0; i--) stack.push(e.elements[i]);
        break;
      case 'map':
        for (let i = e.entries.length - 1; i >= 0; i--) stack.push(e.entries[i].value, e.entries[i].key);
        break;
      case 'struct':
        for (let i = e.fields.length - 1; i >= 0; i--) stack.push(e.fields[i].value);
        break;
      case 'comprehension':
        stack.push(e.result, e.loopStep, e.loopCondition, e.accuInit, e.iterRange);
        break;
      default:
        break;
    }
  }
  return out;
}
