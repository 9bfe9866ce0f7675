// Evaluation of a list of compiled admission expressions against one request (k8s.io/apiserver
// pkg/admission/plugin/cel filter.go ForInput, composition.go lazy variables), with the run-time
// cost rules of the API server: every program is limited to PerCallLimit, and a binding's
// expressions (and the variables they read) share one budget.
//
// cel-js tracks no run-time cost, so each evaluation is charged cel-go's cost estimate computed with
// the actual sizes of this request's values (strings, lists, maps reached from object, params, the
// variables evaluated so far) and the interpreter's charge of one per field selection. That bounds
// what cel-go's run-time tracker charges for the same evaluation, except where its planner folds
// constants (a literal list costs nothing at run time): the charge is then larger, never smaller.
// Within budget here means within budget on the API server; an expression charged beyond a limit is
// reported as the API server reports it, which may refuse what the real cost would have allowed.
import type { ParseResult } from '@marcbachmann/cel-js';
import type { AdmissionAttributes, JsonObject } from './api';
import type { CompilationResult, ReturnType, SizeLookup } from './cel-compile';
import { admissionRuntimeEnvironment, type AuthorizerVal, celGoErrorMessage, jsonToCel } from './cel-runtime';

/** k8s.io/apiserver pkg/apis/cel/config.go */
export const PER_CALL_LIMIT = 1_000_000n;
export const RUNTIME_CEL_COST_BUDGET = 10_000_000n;
export const RUNTIME_CEL_COST_BUDGET_MATCH_CONDITIONS = 2_500_000n;
export const MAX_EVALUATED_MESSAGE_EXPRESSION_SIZE_BYTES = 5 * 1024;

/** One expression of a filter, with what the caller needs back (a validation's message, a condition's name). */
export interface ExpressionAccessor {
  readonly expression: string;
  readonly returnTypes: readonly ReturnType[];
}

export interface EvaluationResult<A extends ExpressionAccessor = ExpressionAccessor> {
  /** undefined for placeholders (e.g. a validation without messageExpression) */
  readonly accessor?: A;
  /** the CEL value (true, false, a string, null, ...) when evaluation succeeded */
  readonly value?: unknown;
  readonly error?: string;
}

/** An error of the whole filter (cel.Error from ForInput): no result of this filter counts. */
export class FilterError extends Error {
  constructor(
    message: string,
    readonly outOfBudget: boolean,
  ) {
    super(message);
  }
}

export const OUT_OF_BUDGET = 'validation failed due to running out of cost budget, no further validation rules will be run';

/** The variables of one evaluation (OptionalVariableBindings plus request and namespace). */
export interface FilterInputs {
  readonly attributes: AdmissionAttributes;
  /** CreateAdmissionRequest's object, as JSON */
  readonly request: JsonObject;
  readonly params: JsonObject | null;
  /** CreateNamespaceObject's object, as JSON; null for cluster-scoped requests */
  readonly namespace: JsonObject | null;
  readonly authorizer?: AuthorizerVal;
}

export interface FilterOutput<A extends ExpressionAccessor> {
  readonly results: EvaluationResult<A>[];
  readonly remaining: bigint;
}

export interface Filter<A extends ExpressionAccessor = ExpressionAccessor> {
  forInput(inputs: FilterInputs, budget: bigint): FilterOutput<A>;
}

/** A compiled expression and its runtime program. */
export interface CompiledExpression<A extends ExpressionAccessor> {
  readonly accessor: A;
  readonly compilation: CompilationResult;
}

interface Program {
  readonly run?: ParseResult;
  readonly error?: string;
  /** charged per evaluation, given the sizes of the evaluation's values */
  readonly cost: (sizes: SizeLookup) => bigint;
}

const programs = new Map<string, ParseResult>();

function program(c: CompilationResult): Program {
  const cost = (sizes: SizeLookup): bigint => (c.estimate ? c.estimate(sizes).max : (c.cost?.max ?? 0n));
  if (c.error) return { error: c.error.detail, cost };
  let run = programs.get(c.expression);
  if (!run) {
    try {
      run = admissionRuntimeEnvironment().parse(c.expression);
    } catch (e) {
      // The checker accepted it: a gap of the runtime CEL, reported as the API server reports internal errors.
      return { error: `unexpected internal error compiling expression: ${celGoErrorMessage(e)}`, cost };
    }
    programs.set(c.expression, run);
  }
  return { run, cost };
}

/** Compiled policy variables (CompositionEnv.CompiledVariables), evaluated lazily once per filter input. */
export type CompiledVariables = ReadonlyMap<string, CompilationResult>;

/** Sizes as cel-go's actualSize counts them: code points of strings, bytes, list and map entries. */
function sizeOf(v: unknown): bigint | undefined {
  if (typeof v === 'string') return BigInt(Array.from(v).length);
  if (v instanceof Uint8Array) return BigInt(v.length);
  if (Array.isArray(v)) return BigInt(v.length);
  if (v instanceof Map) return BigInt(v.size);
  if (typeof v === 'object' && v !== null && v.constructor === Object) return BigInt(Object.keys(v).length);
  return undefined;
}

const MAX = (vs: Iterable<unknown>): bigint | undefined => {
  let m: bigint | undefined;
  for (const v of vs) {
    const s = sizeOf(v);
    if (s === undefined) return undefined;
    if (m === undefined || s > m) m = s;
  }
  return m ?? 0n;
};

/**
 * The sizes of the values at field paths of one evaluation; "@items"/"@values"/"@keys" stand for
 * every element, sized by the largest. Variables are read only once evaluated (never evaluated here).
 */
function runtimeSizes(roots: Record<string, unknown>, variables: ReadonlyMap<string, unknown>): SizeLookup {
  return (path) => {
    if (!path || path.length === 0) return undefined;
    let values: unknown[];
    let rest = path.slice(1);
    if (path[0] === 'variables' && path.length > 1) {
      if (!variables.has(path[1]!)) return undefined;
      values = [variables.get(path[1]!)];
      rest = path.slice(2);
    } else if (Object.prototype.hasOwnProperty.call(roots, path[0]!) && path[0] !== 'variables') values = [roots[path[0]!]];
    else return undefined;
    for (const step of rest) {
      const next: unknown[] = [];
      for (const v of values) {
        if (step === '@items') {
          if (!Array.isArray(v)) return undefined;
          next.push(...v);
        } else if (step === '@values' || step === '@keys') {
          if (v instanceof Map) next.push(...(step === '@keys' ? v.keys() : v.values()));
          else if (typeof v === 'object' && v !== null) next.push(...(step === '@keys' ? Object.keys(v) : Object.values(v)));
          else return undefined;
        } else if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, step)) {
          next.push((v as Record<string, unknown>)[step]);
        }
      }
      values = next;
    }
    const m = MAX(values);
    return m === undefined ? undefined : { min: 0n, max: m };
  };
}

function evaluate(p: Program, activation: Record<string, unknown>, sizes: () => SizeLookup, perCallLimit: bigint): { value?: unknown; error?: string; cost: bigint } {
  let value: unknown;
  let error: string | undefined;
  try {
    value = p.run!(activation);
  } catch (e) {
    error = celGoErrorMessage(e);
  }
  const cost = p.cost(sizes());
  // The interpreter stops a program whose cost passes the limit; what it charged is the limit.
  if (cost > perCallLimit) return { error: 'operation cancelled: actual cost limit exceeded', cost: perCallLimit };
  return error !== undefined ? { error, cost } : { value, cost };
}

export interface CelFilterOptions {
  /** the policy's compiled variables */
  readonly variables?: CompiledVariables;
  /** a composition environment (`variables` bound); default: when there are variables */
  readonly composited?: boolean;
  /** cel.CostLimit of every program; PerCallLimit unless a test lowers it */
  readonly perCallLimit?: bigint;
}

/** CompositedFilter / filter: expressions evaluated in order against one activation. */
export class CelFilter<A extends ExpressionAccessor> implements Filter<A> {
  private readonly compiled: readonly ({ accessor: A; program: Program } | undefined)[];
  private readonly variables: ReadonlyMap<string, Program>;
  private readonly composited: boolean;
  private readonly perCallLimit: bigint;

  constructor(expressions: readonly (CompiledExpression<A> | undefined)[], options: CelFilterOptions = {}) {
    this.compiled = expressions.map((e) => (e ? { accessor: e.accessor, program: program(e.compilation) } : undefined));
    this.variables = new Map([...(options.variables ?? new Map<string, CompilationResult>())].map(([n, c]) => [n, program(c)]));
    this.composited = options.composited ?? this.variables.size > 0;
    this.perCallLimit = options.perCallLimit ?? PER_CALL_LIMIT;
  }

  forInput(inputs: FilterInputs, budget: bigint): FilterOutput<A> {
    const a = inputs.attributes;
    const activation: Record<string, unknown> = {
      object: jsonToCel(a.object),
      oldObject: jsonToCel(a.oldObject),
      params: jsonToCel(inputs.params),
      request: jsonToCel(inputs.request),
      namespaceObject: jsonToCel(inputs.namespace),
      authorizer: inputs.authorizer ?? null,
      variables: {},
    };
    let compositionCost = 0n;
    const evaluated = new Map<string, unknown>();
    const sizes = (): SizeLookup => runtimeSizes(activation, evaluated);
    if (this.composited) {
      // lazy.MapValue: each variable is evaluated on first access and its cost charged then.
      const variables: Record<string, unknown> = {};
      for (const [name, p] of this.variables) {
        let cached: { value?: unknown; error?: string } | undefined;
        Object.defineProperty(variables, name, {
          enumerable: true,
          get: () => {
            if (!cached) {
              if (p.error !== undefined) cached = { error: `composited variable "${name}" fails to compile: ${p.error}` };
              else {
                const r = evaluate(p, activation, sizes, this.perCallLimit);
                compositionCost += r.cost;
                cached = r.error !== undefined ? { error: `composited variable "${name}" fails to evaluate: ${r.error}` } : { value: r.value };
                if (r.error === undefined) evaluated.set(name, r.value);
              }
            }
            if (cached.error !== undefined) throw new Error(cached.error);
            return cached.value;
          },
        });
      }
      activation.variables = variables;
    }
    let remaining = budget;
    const results: EvaluationResult<A>[] = [];
    for (const c of this.compiled) {
      if (!c) {
        results.push({});
        continue;
      }
      if (c.program.error !== undefined && !c.program.run) {
        results.push({ accessor: c.accessor, error: c.program.error.startsWith('unexpected internal error') ? c.program.error : `compilation error: ${c.program.error}` });
        continue;
      }
      const r = evaluate(c.program, activation, sizes, this.perCallLimit);
      // Variables read during this evaluation are charged first, as ForInput does.
      if (compositionCost > remaining) throw new FilterError(OUT_OF_BUDGET, true);
      remaining -= compositionCost;
      compositionCost = 0n;
      if (r.cost > remaining) throw new FilterError(OUT_OF_BUDGET, true);
      remaining -= r.cost;
      results.push(r.error !== undefined ? { accessor: c.accessor, error: `expression '${c.accessor.expression}' resulted in error: ${r.error}` } : { accessor: c.accessor, value: r.value });
    }
    return { results, remaining };
  }
}
