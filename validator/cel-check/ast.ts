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
export function* descendants(e: Expr): Generator<Expr> {
  yield e;
  switch (e.kind) {
    case 'select':
      yield* descendants(e.operand);
      break;
    case 'call':
      if (e.target) yield* descendants(e.target);
      for (const a of e.args) yield* descendants(a);
      break;
    case 'list':
      for (const x of e.elements) yield* descendants(x);
      break;
    case 'map':
      for (const en of e.entries) {
        yield* descendants(en.key);
        yield* descendants(en.value);
      }
      break;
    case 'struct':
      for (const f of e.fields) yield* descendants(f.value);
      break;
    case 'comprehension':
      yield* descendants(e.iterRange);
      yield* descendants(e.accuInit);
      yield* descendants(e.loopCondition);
      yield* descendants(e.loopStep);
      yield* descendants(e.result);
      break;
    default:
      break;
  }
}
