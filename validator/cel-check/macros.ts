// Macro expansions of cel-go parser/macro.go (has, all, exists, exists_one, map, filter) and of the
// optional-types library (optMap, optFlatMap, cel/library.go), producing the same comprehension
// shapes the cost estimator walks.
import { ACCUMULATOR, ERROR_EXPR_NAME, type Expr, type Literal } from './ast';

const SHADOWING = 'iteration variable overwrites accumulator variable';

/** The macro error for an iteration variable named like the accumulator (cel-go v0.23+), if any. */
export function accumulatorShadowing(h: MacroHelper, name: string, at: Expr): MacroError | undefined {
  return h.rejectAccumulatorShadowing && (name === h.accuName || name === ACCUMULATOR) ? { at, message: SHADOWING } : undefined;
}

export interface MacroError {
  readonly at: Expr;
  readonly message: string;
}

/** Builds expressions with fresh ids located at the macro call (cel-go exprHelper). */
export interface MacroHelper {
  /** accumulator variable of comprehensions: "__result__", or "@result" from cel-go v0.23 on */
  readonly accuName: string;
  /** cel-go v0.23+ refuses iteration variables named like the accumulator */
  readonly rejectAccumulatorShadowing: boolean;
  /** a copy of an expression with fresh ids (ExprHelper.Copy) */
  copy(e: Expr): Expr;
  literal(v: Literal): Expr;
  ident(name: string): Expr;
  call(fn: string, ...args: Expr[]): Expr;
  memberCall(fn: string, target: Expr, ...args: Expr[]): Expr;
  list(...elements: Expr[]): Expr;
  map(): Expr;
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

export const TRUE: Literal = { type: 'bool', value: true };
export const FALSE: Literal = { type: 'bool', value: false };

export function identName(e: Expr): string | undefined {
  return e.kind === 'ident' && e.name !== ERROR_EXPR_NAME ? e.name : undefined;
}

type Quantifier = 'all' | 'exists' | 'exists_one';

function quantifier(kind: Quantifier): Macro['expand'] {
  return (h, target, args) => {
    const v = identName(args[0]);
    if (v === undefined) return { at: args[0], message: 'argument must be a simple name' };
    const shadow = accumulatorShadowing(h, v, args[0]);
    if (shadow) return shadow;
    const accu = (): Expr => h.ident(h.accuName);
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
    return h.comprehension({ iterRange: target!, iterVar: v, accuVar: h.accuName, accuInit: init, loopCondition: condition, loopStep: step, result });
  };
}

export const makeMap: Macro['expand'] = (h, target, args) => {
  const v = identName(args[0]);
  if (v === undefined) return { at: args[0], message: 'argument is not an identifier' };
  const shadow = accumulatorShadowing(h, v, args[0]);
  if (shadow) return shadow;
  const filter = args.length === 3 ? args[1] : undefined;
  const fn = args.length === 3 ? args[2] : args[1];
  const init = h.list();
  const condition = h.literal(TRUE);
  let step = h.call('_+_', h.ident(h.accuName), h.list(fn));
  if (filter) step = h.call('_?_:_', filter, step, h.ident(h.accuName));
  return h.comprehension({ iterRange: target!, iterVar: v, accuVar: h.accuName, accuInit: init, loopCondition: condition, loopStep: step, result: h.ident(h.accuName) });
};

const makeFilter: Macro['expand'] = (h, target, args) => {
  const v = identName(args[0]);
  if (v === undefined) return { at: args[0], message: 'argument is not an identifier' };
  const shadow = accumulatorShadowing(h, v, args[0]);
  if (shadow) return shadow;
  const init = h.list();
  const condition = h.literal(TRUE);
  // cel-go reuses the iteration-variable argument itself as the list element.
  let step = h.call('_+_', h.ident(h.accuName), h.list(args[0]));
  step = h.call('_?_:_', args[1], step, h.ident(h.accuName));
  return h.comprehension({ iterRange: target!, iterVar: v, accuVar: h.accuName, accuInit: init, loopCondition: condition, loopStep: step, result: h.ident(h.accuName) });
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
      accuInit: h.memberCall('value', h.copy(t)),
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

// ---- ext.TwoVarComprehensions (cel-go ext/comprehensions.go; Kubernetes 1.33+) ----

function iterVars(h: MacroHelper, args: Expr[]): { v1: string; v2: string } | MacroError {
  const v1 = identName(args[0]);
  if (v1 === undefined) return { at: args[0], message: 'argument must be a simple name' };
  const v2 = identName(args[1]);
  if (v2 === undefined) return { at: args[1], message: 'argument must be a simple name' };
  if (v1 === v2) return { at: args[1], message: `duplicate variable name: ${v1}` };
  if (v1 === h.accuName || v1 === ACCUMULATOR) return { at: args[0], message: SHADOWING };
  if (v2 === h.accuName || v2 === ACCUMULATOR) return { at: args[1], message: SHADOWING };
  return { v1, v2 };
}

function twoVarQuantifier(kind: Quantifier): Macro['expand'] {
  return (h, target, args) => {
    const vars = iterVars(h, args);
    if ('message' in vars) return vars;
    const accu = (): Expr => h.ident(h.accuName);
    let init: Expr;
    let condition: Expr;
    let step: Expr;
    let result: Expr;
    if (kind === 'all') {
      init = h.literal(TRUE);
      condition = h.call('@not_strictly_false', accu());
      step = h.call('_&&_', accu(), args[2]);
      result = accu();
    } else if (kind === 'exists') {
      init = h.literal(FALSE);
      condition = h.call('@not_strictly_false', h.call('!_', accu()));
      step = h.call('_||_', accu(), args[2]);
      result = accu();
    } else {
      init = h.literal({ type: 'int', value: 0n });
      condition = h.literal(TRUE);
      step = h.call('_?_:_', args[2], h.call('_+_', accu(), h.literal({ type: 'int', value: 1n })), accu());
      result = h.call('_==_', accu(), h.literal({ type: 'int', value: 1n }));
    }
    return h.comprehension({ iterRange: target!, iterVar: vars.v1, iterVar2: vars.v2, accuVar: h.accuName, accuInit: init, loopCondition: condition, loopStep: step, result });
  };
}

function transform(kind: 'list' | 'map' | 'mapEntry'): Macro['expand'] {
  return (h, target, args) => {
    const vars = iterVars(h, args);
    if ('message' in vars) return vars;
    const filter = args.length === 4 ? args[2] : undefined;
    const fn = args.length === 4 ? args[3] : args[2];
    let step: Expr;
    if (kind === 'list') step = h.call('_+_', h.ident(h.accuName), h.list(fn));
    else if (kind === 'map') step = h.call('cel.@mapInsert', h.ident(h.accuName), h.ident(vars.v1), fn);
    else step = h.call('cel.@mapInsert', h.ident(h.accuName), fn);
    if (filter) step = h.call('_?_:_', filter, step, h.ident(h.accuName));
    return h.comprehension({
      iterRange: target!,
      iterVar: vars.v1,
      iterVar2: vars.v2,
      accuVar: h.accuName,
      accuInit: kind === 'list' ? h.list() : h.map(),
      loopCondition: h.literal(TRUE),
      loopStep: step,
      result: h.ident(h.accuName),
    });
  };
}

export const TWO_VAR_COMPREHENSION_MACROS: readonly Macro[] = [
  { name: 'all', argCount: 3, receiver: true, expand: twoVarQuantifier('all') },
  { name: 'exists', argCount: 3, receiver: true, expand: twoVarQuantifier('exists') },
  { name: 'existsOne', argCount: 3, receiver: true, expand: twoVarQuantifier('exists_one') },
  { name: 'exists_one', argCount: 3, receiver: true, expand: twoVarQuantifier('exists_one') },
  { name: 'transformList', argCount: 3, receiver: true, expand: transform('list') },
  { name: 'transformList', argCount: 4, receiver: true, expand: transform('list') },
  { name: 'transformMap', argCount: 3, receiver: true, expand: transform('map') },
  { name: 'transformMap', argCount: 4, receiver: true, expand: transform('map') },
  { name: 'transformMapEntry', argCount: 3, receiver: true, expand: transform('mapEntry') },
  { name: 'transformMapEntry', argCount: 4, receiver: true, expand: transform('mapEntry') },
];

// ---- ext.Lists version 2+ (cel-go ext/lists.go; Kubernetes 1.35+) ----

const SORT_BY_INPUT = '@__sortBy_input__';

/** sortBy(x, key): bind the list, map each element to its key, sort the list by the associated keys. */
const sortBy: Macro['expand'] = (h, target, args) => {
  const t = target!;
  if (t.kind !== 'list' && t.kind !== 'select' && t.kind !== 'ident' && t.kind !== 'comprehension' && t.kind !== 'call') {
    return { at: t, message: 'sortBy can only be applied to a list, identifier, comprehension, call or select expression' };
  }
  const varIdent = h.ident(SORT_BY_INPUT);
  const mapped = makeMap(h, h.copy(varIdent), args);
  if ('message' in mapped && 'at' in mapped) return mapped;
  const call = h.memberCall('@sortByAssociatedKeys', h.copy(varIdent), mapped);
  return h.comprehension({ iterRange: h.list(), iterVar: '#unused', accuVar: SORT_BY_INPUT, accuInit: t, loopCondition: h.literal(FALSE), loopStep: varIdent, result: call });
};

export const LISTS_MACROS: readonly Macro[] = [{ name: 'sortBy', argCount: 2, receiver: true, expand: sortBy }];
