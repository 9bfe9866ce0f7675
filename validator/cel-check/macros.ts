// Macro expansions of cel-go parser/macro.go (has, all, exists, exists_one, map, filter) and of the
// optional-types library (optMap, optFlatMap, cel/library.go), producing the same comprehension
// shapes the cost estimator walks.
import { ACCUMULATOR, ERROR_EXPR_NAME, type Expr, type Literal } from './ast';

export interface MacroError {
  readonly at: Expr;
  readonly message: string;
}

/** Builds expressions with fresh ids located at the macro call (cel-go exprHelper). */
export interface MacroHelper {
  literal(v: Literal): Expr;
  ident(name: string): Expr;
  call(fn: string, ...args: Expr[]): Expr;
  memberCall(fn: string, target: Expr, ...args: Expr[]): Expr;
  list(...elements: Expr[]): Expr;
  presenceTest(operand: Expr, field: string): Expr;
  comprehension(c: {
    iterRange: Expr;
    iterVar: string;
    iterVar2?: string;
    accuVar: string;
    accuInit: Expr;
    loopCondition: Expr;
    loopStep: Expr;
    result: Expr;
  }): Expr;
}

export interface Macro {
  readonly name: string;
  /** number of arguments, or 'vararg' */
  readonly argCount: number | 'vararg';
  readonly receiver: boolean;
  expand(h: MacroHelper, target: Expr | undefined, args: Expr[]): Expr | MacroError;
}

export function isMacroError(x: Expr | MacroError): x is MacroError {
  return 'message' in x && 'at' in x;
}

const TRUE: Literal = { type: 'bool', value: true };
const FALSE: Literal = { type: 'bool', value: false };

function identName(e: Expr): string | undefined {
  return e.kind === 'ident' && e.name !== ERROR_EXPR_NAME ? e.name : undefined;
}

type Quantifier = 'all' | 'exists' | 'exists_one';

function quantifier(kind: Quantifier): Macro['expand'] {
  return (h, target, args) => {
    const v = identName(args[0]);
    if (v === undefined) return { at: args[0], message: 'argument must be a simple name' };
    const accu = (): Expr => h.ident(ACCUMULATOR);
    let init: Expr;
    let condition: Expr;
    let step: Expr;
    let result: Expr;
    if (kind === 'all') {
      init = h.literal(TRUE);
      condition = h.call('@not_strictly_false', accu());
      step = h.call('_&&_', accu(), args[1]);
      result = accu();
    } else if (kind === 'exists') {
      init = h.literal(FALSE);
      condition = h.call('@not_strictly_false', h.call('!_', accu()));
      step = h.call('_||_', accu(), args[1]);
      result = accu();
    } else {
      const zero = h.literal({ type: 'int', value: 0n });
      const one = h.literal({ type: 'int', value: 1n });
      init = zero;
      condition = h.literal(TRUE);
      step = h.call('_?_:_', args[1], h.call('_+_', accu(), one), accu());
      result = h.call('_==_', accu(), one);
    }
    return h.comprehension({ iterRange: target!, iterVar: v, accuVar: ACCUMULATOR, accuInit: init, loopCondition: condition, loopStep: step, result });
  };
}

const makeMap: Macro['expand'] = (h, target, args) => {
  const v = identName(args[0]);
  if (v === undefined) return { at: args[0], message: 'argument is not an identifier' };
  const filter = args.length === 3 ? args[1] : undefined;
  const fn = args.length === 3 ? args[2] : args[1];
  const init = h.list();
  const condition = h.literal(TRUE);
  let step = h.call('_+_', h.ident(ACCUMULATOR), h.list(fn));
  if (filter) step = h.call('_?_:_', filter, step, h.ident(ACCUMULATOR));
  return h.comprehension({ iterRange: target!, iterVar: v, accuVar: ACCUMULATOR, accuInit: init, loopCondition: condition, loopStep: step, result: h.ident(ACCUMULATOR) });
};

const makeFilter: Macro['expand'] = (h, target, args) => {
  const v = identName(args[0]);
  if (v === undefined) return { at: args[0], message: 'argument is not an identifier' };
  const init = h.list();
  const condition = h.literal(TRUE);
  // cel-go reuses the iteration-variable argument itself as the list element.
  let step = h.call('_+_', h.ident(ACCUMULATOR), h.list(args[0]));
  step = h.call('_?_:_', args[1], step, h.ident(ACCUMULATOR));
  return h.comprehension({ iterRange: target!, iterVar: v, accuVar: ACCUMULATOR, accuInit: init, loopCondition: condition, loopStep: step, result: h.ident(ACCUMULATOR) });
};

const makeHas: Macro['expand'] = (h, _target, args) => {
  const a = args[0];
  if (a.kind === 'select') return h.presenceTest(a.operand, a.field);
  return { at: a, message: 'invalid argument to has() macro' };
};

/** parser.AllMacros, the standard macros (cel.StdLib). */
export const STANDARD_MACROS: readonly Macro[] = [
  { name: 'has', argCount: 1, receiver: false, expand: makeHas },
  { name: 'all', argCount: 2, receiver: true, expand: quantifier('all') },
  { name: 'exists', argCount: 2, receiver: true, expand: quantifier('exists') },
  { name: 'exists_one', argCount: 2, receiver: true, expand: quantifier('exists_one') },
  { name: 'map', argCount: 2, receiver: true, expand: makeMap },
  { name: 'map', argCount: 3, receiver: true, expand: makeMap },
  { name: 'filter', argCount: 2, receiver: true, expand: makeFilter },
];

const UNUSED_ITER_VAR = '#unused';

function optionalMap(flat: boolean): Macro['expand'] {
  return (h, target, args) => {
    const varName = identName(args[0]);
    if (varName === undefined) return { at: args[0], message: `${flat ? 'optFlatMap' : 'optMap'}() variable name must be a simple identifier` };
    const t = target!;
    // A binding comprehension over an empty list: the value of the optional is bound to the variable.
    const bound = h.comprehension({
      iterRange: h.list(),
      iterVar: UNUSED_ITER_VAR,
      accuVar: varName,
      accuInit: h.memberCall('value', t),
      loopCondition: h.literal(FALSE),
      loopStep: h.ident(varName),
      result: args[1],
    });
    return h.call('_?_:_', h.memberCall('hasValue', t), flat ? bound : h.call('optional.of', bound), h.call('optional.none'));
  };
}

/** Macros of cel.OptionalTypes() (the library version Kubernetes uses includes optFlatMap). */
export const OPTIONAL_MACROS: readonly Macro[] = [
  { name: 'optMap', argCount: 2, receiver: true, expand: optionalMap(false) },
  { name: 'optFlatMap', argCount: 2, receiver: true, expand: optionalMap(true) },
];
