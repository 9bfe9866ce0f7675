// Evaluation of a list of compiled admission expressions against one request (k8s.io/apiserver
// pkg/admission/plugin/cel filter.go ForInput, composition.go lazy variables), with the run-time
// cost rules of the API server: every program is limited to PerCallLimit, and a binding's
// expressions (and the variables they read) share one budget.
//
// cel-js tracks no run-time cost, so each evaluation is charged its static estimate (cel-go's
// estimator is an upper bound of its run-time tracker). Whatever this filter admits within budget the
// API server admits too; an expression whose estimate exceeds a limit is reported as the API server
// would report exceeding it, which may refuse what the real (smaller) cost would have allowed.
import type { ParseResult } from '@marcbachmann/cel-js';
import type { AdmissionAttributes, JsonObject } from './api';
import type { CompilationResult, ReturnType } from './cel-compile';
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
  /** charged per evaluation */
  readonly cost: bigint;
}

const programs = new Map<string, ParseResult>();

function program(c: CompilationResult): Program {
  const cost = c.cost?.max ?? 0n;
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

function evaluate(p: Program, activation: Record<string, unknown>): { value?: unknown; error?: string } {
  if (p.cost > PER_CALL_LIMIT) return { error: 'operation cancelled: actual cost limit exceeded' };
  try {
    return { value: p.run!(activation) };
  } catch (e) {
    return { error: celGoErrorMessage(e) };
  }
}

/** CompositedFilter / filter: expressions evaluated in order against one activation. */
export class CelFilter<A extends ExpressionAccessor> implements Filter<A> {
  private readonly compiled: readonly ({ accessor: A; program: Program } | undefined)[];
  private readonly variables: ReadonlyMap<string, Program>;

  constructor(
    expressions: readonly (CompiledExpression<A> | undefined)[],
    variables: CompiledVariables = new Map(),
    private readonly composited = variables.size > 0,
  ) {
    this.compiled = expressions.map((e) => (e ? { accessor: e.accessor, program: program(e.compilation) } : undefined));
    this.variables = new Map([...variables].map(([n, c]) => [n, program(c)]));
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
                compositionCost += p.cost;
                const r = evaluate(p, activation);
                cached = r.error !== undefined ? { error: `composited variable "${name}" fails to evaluate: ${r.error}` } : r;
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
      const r = evaluate(c.program, activation);
      // Variables read during this evaluation are charged first, as ForInput does.
      if (compositionCost > remaining) throw new FilterError(OUT_OF_BUDGET, true);
      remaining -= compositionCost;
      compositionCost = 0n;
      // A cancelled evaluation has cost what it ran until the limit stopped it.
      const charged = c.program.cost > PER_CALL_LIMIT ? PER_CALL_LIMIT : c.program.cost;
      if (charged > remaining) throw new FilterError(OUT_OF_BUDGET, true);
      remaining -= charged;
      results.push(r.error !== undefined ? { accessor: c.accessor, error: `expression '${c.accessor.expression}' resulted in error: ${r.error}` } : { accessor: c.accessor, value: r.value });
    }
    return { results, remaining };
  }
}
