// function-cel-filter's Evaluate (fn.go): parse, type-check and evaluate one filter expression in the
// function's CEL environment, cel.NewEnv with the fnv1 State and Struct types and the variables
// observed, desired (State) and context (Struct). That is cel-go v0.27.0's standard library alone: no
// extension libraries, no optional syntax, heterogeneous aggregate literals, cross-type numeric
// comparisons off in the checker (cel-go's runtime compares across int/uint/double anyway).
//
// Compilation is the ported cel-go checker (validator/cel-check), so an expression the function
// refuses is refused here with cel-go's words and types. Evaluation runs on @marcbachmann/cel-js, the
// project's CEL runtime, with `matches` on Go's regexp and the protobuf semantics of fn-proto-cel.ts.
// Two runtime gaps are closed here: cel-js cannot tell has() from a field read on a message (proto
// presence), so every has() is rewritten into a presence function before cel-js parses it; and its
// error texts are translated to cel-go's for the errors a filter typically meets.
import { type ASTNode, Environment } from '@marcbachmann/cel-js';
import { type CelType } from '../../validator/cel-check/cel-types';
import { checkExpression } from '../../validator/cel-check/check';
import { buildEnvironment, type CelEnvironment } from '../../validator/cel-check/environment';
import { parseCel } from '../../validator/cel-check/parser';
import { formatIssues } from '../../validator/cel-check/source';
import { descendants } from '../../validator/cel-check/ast';
import { registerRegexLibrary } from '../../validator/cel-regex';
import { cachedJson, codeDigest } from '../../validator/disk-cache';
import { goQuote } from '../go';
import {
  ENUM_CONSTANTS,
  FILTER_VARIABLES,
  functionProtoTypes,
  isMessageField,
  MESSAGE_TYPES,
  messagesEqual,
  presentFields,
  RESOURCE_TYPE,
  ResourceMessage,
  STATE_TYPE,
  StateMessage,
  structOf,
} from './fn-proto-cel';
import type { JsonObject, State } from '../types';

/** The checker environment of cel.NewEnv (cel-go v0.27.0): the standard library and macros only. */
export const FILTER_CEL_ENVIRONMENT: CelEnvironment = buildEnvironment({
  kubernetesVersion: 'function-cel-filter v0.2.0 (cel-go v0.27.0)',
  compatibilityVersion: { major: 0, minor: 0 },
  libraries: [],
  optionalTypes: false,
  crossTypeNumericComparisons: false,
  literalValidators: false,
  sets: false,
  recognizeKeywordAsFieldName: false,
  libraryCostRevision: 33,
  homogeneousAggregateLiterals: false,
  // cel-go v0.23+ parses macros with the hidden "@result" accumulator.
  costModel: 'cel-go-0.23',
});

/** types.Type.String(), the rendering fn.go prints in its "must return a boolean" error. */
export function celTypeString(t: CelType): string {
  if (t.kind === 'type_param') return `<${t.name}>`;
  if (t.params.length === 0) return t.name;
  return `${t.name}(${t.params.map(celTypeString).join(', ')})`;
}

// ---------------------------------------------------------------------------------------------
// Compilation

export interface FilterVariables {
  observed: State;
  desired: State;
  context?: JsonObject;
}

/** The variables as CEL values, built once per request and shared by every filter's evaluation. */
export interface FilterActivation {
  readonly observed: StateMessage;
  readonly desired: StateMessage;
  readonly context: Map<string, unknown>;
}

export function filterActivation(vars: FilterVariables): FilterActivation {
  return { observed: new StateMessage(vars.observed), desired: new StateMessage(vars.desired), context: structOf(vars.context) };
}

/** A compiled filter expression: run it against a request, or read why it does not compile. */
export type CompiledFilter =
  | { readonly ok: true; readonly evaluate: (vars: FilterActivation) => EvaluationResult }
  | { readonly ok: false; readonly error: string; readonly emulationGap?: boolean };

export type EvaluationResult = { readonly ok: true; readonly value: boolean } | { readonly ok: false; readonly error: string };

const compiled = new Map<string, CompiledFilter>();

/**
 * Evaluate's compile half: "cannot parse expression: ...", "cannot type-check expression: ..." or
 * `expression "..." must return a boolean, but will return <type> instead`, as fn.go words them.
 * The parser's syntax error texts are the port's own (cel-go's come from ANTLR error recovery).
 */
export function compileFilterExpression(expression: string): CompiledFilter {
  let hit = compiled.get(expression);
  if (hit === undefined) {
    hit = compile(expression);
    compiled.set(expression, hit);
  }
  return hit;
}

/**
 * compileFilterExpression's verdict without the program it builds: what synth's lint needs of
 * every filter (building the programs was about 5% of a synth).
 */
export function filterExpressionVerdict(expression: string): { readonly ok: true } | (CompiledFilter & { ok: false }) {
  // The renderer's runtime refusing a checked expression is compile's own verdict.
  const hit = compiled.get(expression);
  return hit !== undefined && !hit.ok ? hit : verdictOf(expression);
}

/** Each expression's verdict, once per process (compile and the lint share it). */
const verdicts = new Map<string, Verdict>();
function verdictOf(expression: string): Verdict {
  let verdict = verdicts.get(expression);
  if (verdict === undefined) {
    verdict = cachedVerdict(expression);
    verdicts.set(expression, verdict);
  }
  return verdict;
}

/**
 * Makes the verdicts of these expressions known, those not yet known read from (or written to) one
 * disk entry for the lot: synth lints about 200 filters, a composition's at a time, and a render
 * runs them a pipeline step at a time; reading a file per expression was about 5% of a synth.
 */
export function loadFilterVerdicts(expressions: readonly string[]): void {
  const unknown = [...new Set(expressions)].filter((e) => !verdicts.has(e));
  if (unknown.length > 1) {
    const found = cachedJson('cel-filter-set', [codeDigest(), ...unknown], () => unknown.map(verdictOn));
    unknown.forEach((e, i) => verdicts.set(e, found[i]!));
  }
}

/** filterExpressionVerdict of each expression, the unknown ones loaded together (loadFilterVerdicts). */
export function filterExpressionVerdicts(expressions: readonly string[]): ReturnType<typeof filterExpressionVerdict>[] {
  loadFilterVerdicts(expressions);
  return expressions.map(filterExpressionVerdict);
}

// The verdict (and the expression as the runtime runs it) is a function of the expression and the
// code: kept on disk, so a one-shot render does not parse and type-check every filter of the
// package again (~0.15 s).
const cachedVerdict = (expression: string): Verdict => cachedJson('cel-filter', [codeDigest(), expression], () => verdictOn(expression));

function compile(expression: string): CompiledFilter {
  const verdict = verdictOf(expression);
  if (!verdict.ok) return verdict;
  let program: (ctx: Record<string, unknown>) => unknown;
  try {
    program = runtime().parse(verdict.runs);
  } catch (e) {
    return runtimeGap(e);
  }
  return { ok: true, evaluate: (vars) => run(program, vars) };
}

type Verdict = { readonly ok: true; readonly runs: string } | { readonly ok: false; readonly error: string; readonly emulationGap?: boolean };

function runtimeGap(e: unknown): Verdict & { ok: false } {
  return { ok: false, emulationGap: true, error: `the renderer's CEL runtime cannot run this expression: ${summary(e)}` };
}

function verdictOn(expression: string): Verdict {
  const env = FILTER_CEL_ENVIRONMENT;
  const parsed = parseCel(expression, { macros: env.macros, enableOptionalSyntax: env.enableOptionalSyntax, hiddenAccumulator: env.hiddenAccumulator });
  if (parsed.issues.length > 0 || !parsed.expr) return { ok: false, error: `cannot parse expression: ${formatIssues(parsed.source, parsed.issues)}` };
  const checked = checkExpression(parsed, { env, variables: FILTER_VARIABLES, provider: functionProtoTypes });
  if (checked.issues.length > 0) return { ok: false, error: `cannot type-check expression: ${formatIssues(parsed.source, checked.issues)}` };
  const output = checked.types.get(checked.expr.id);
  if (output === undefined || output.kind !== 'bool') {
    return { ok: false, error: `expression ${goQuote(expression)} must return a boolean, but will return ${output ? celTypeString(output) : 'error'} instead` };
  }
  // Constructing a protocol message inside a filter is legal CEL that the emulation does not model.
  const construction = descendants(checked.expr).find((e) => e.kind === 'struct');
  if (construction?.kind === 'struct') {
    return { ok: false, emulationGap: true, error: `message construction (${construction.typeName}{...}) is not emulated by the renderer` };
  }
  // cel-js type-checks too, a little differently (no string(duration), for one): what it refuses
  // here it would refuse on every evaluation, which must not pass for the function's failure.
  try {
    const runs = withPresenceFunction(expression);
    const check = runtime().check(runs);
    if (!check.valid) throw check.error;
    // compile() parses it, and answers a parse failure as this catch would.
    return { ok: true, runs };
  } catch (e) {
    return runtimeGap(e);
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/** Evaluate's run half: program.Eval with the request's observed, desired and context. */
function run(program: (ctx: Record<string, unknown>) => unknown, vars: FilterActivation): EvaluationResult {
  let result: unknown;
  try {
    result = program({ observed: vars.observed, desired: vars.desired, context: vars.context, [NAMESPACE_ROOT]: namespace() });
  } catch (e) {
    return { ok: false, error: `cannot evaluate CEL program: ${celGoErrorText(e)}` };
  }
  // Unreachable after the exact-bool check; fn.go would answer false without an error.
  return { ok: true, value: result === true };
}

const PRESENCE_FUNCTION = '__celfilter_presence__';
const NAMESPACE_ROOT = 'apiextensions';

let shared: Environment | undefined;

function runtime(): Environment {
  shared ??= buildRuntime();
  return shared;
}

function buildRuntime(): Environment {
  const env = new Environment({ homogeneousAggregateLiterals: false, enableOptionalTypes: false });
  env.registerType(RESOURCE_TYPE, { ctor: ResourceMessage, fields: { resource: 'map<string, dyn>', connection_details: 'map<string, bytes>', ready: 'int' } });
  env.registerType(STATE_TYPE, { ctor: StateMessage, fields: { composite: RESOURCE_TYPE, resources: `map<string, ${RESOURCE_TYPE}>` } });
  env.registerVariable('observed', STATE_TYPE);
  env.registerVariable('desired', STATE_TYPE);
  env.registerVariable('context', 'map<string, dyn>');
  // Enum constants and message type denotations resolve through this qualified-name tree.
  env.registerVariable(NAMESPACE_ROOT, 'dyn');
  env.registerFunction(`${PRESENCE_FUNCTION}(dyn, string): bool`, presence);
  for (const t of MESSAGE_TYPES) env.registerOperator(`${t} == ${t}`, (a: unknown, b: unknown) => messagesEqual(a, b, valuesEqual));
  // cel-go's `matches` runs Go's regexp (RE2); the other functions this registers are unreachable
  // because the checker only admits the standard library.
  registerRegexLibrary(env);
  return env;
}

let namespaceTree: Map<string, unknown> | undefined;

/** apiextensions -> fn -> proto -> v1 -> {Ready -> {READY_TRUE: 1, ...}, State: type, Resource: type}. */
function namespace(): Map<string, unknown> {
  if (namespaceTree) return namespaceTree;
  const root = new Map<string, unknown>();
  const put = (qualified: string, value: unknown): void => {
    const parts = qualified.split('.');
    let node = root;
    for (const p of parts.slice(1, -1)) {
      if (!node.has(p)) node.set(p, new Map<string, unknown>());
      node = node.get(p) as Map<string, unknown>;
    }
    node.set(parts[parts.length - 1]!, value);
  };
  for (const [name, n] of ENUM_CONSTANTS) put(name, BigInt(n));
  const env = runtime();
  put(STATE_TYPE, env.evaluate('type(observed)', { observed: new StateMessage() }));
  put(RESOURCE_TYPE, env.evaluate('type(observed.composite)', { observed: new StateMessage() }));
  namespaceTree = root;
  return root;
}

/**
 * has(x.f) as cel-go's attribute resolution answers it: a map holds the key; a message has the field
 * set (proto3 presence); anything else is simply not present (errorOnBadPresenceTest is off).
 */
function presence(target: unknown, field: string): boolean {
  if (target instanceof StateMessage || target instanceof ResourceMessage) {
    if (!isMessageField(target, field)) throw new Error(`no such field: ${field}`);
    return presentFields(target).has(field);
  }
  if (target instanceof Map) return target.has(field);
  if (target !== null && typeof target === 'object' && !Array.isArray(target) && !(target instanceof Uint8Array)) return Object.hasOwn(target, field);
  return false;
}

/**
 * Rewrites every has(<operand>.<field>) into presence(<operand>, "<field>"), using the positions of
 * cel-js's own parse; the operand's text is kept as written.
 */
export function withPresenceFunction(expression: string): string {
  const root = runtime().parse(expression).ast;
  const edits: { start: number; end: number; text: string }[] = [];
  visit(root, (node) => {
    if (node.op !== 'call') return;
    const [name, args] = node.args as [string, ASTNode[]];
    if (name !== 'has' || args.length !== 1 || args[0]!.op !== '.') return;
    const [operand, field] = args[0]!.args as [ASTNode & { start: number; end: number }, string];
    const n = node as ASTNode & { start: number; end: number };
    edits.push({ start: n.start, end: n.end, text: `${PRESENCE_FUNCTION}(${expression.slice(operand.start, operand.end)}, ${JSON.stringify(field)})` });
  });
  let out = expression;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function visit(node: ASTNode, f: (n: ASTNode) => void): void {
  f(node);
  if (node.op === 'value') return;
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (typeof x === 'object' && x !== null && typeof (x as { op?: unknown }).op === 'string' && 'args' in x) visit(x as ASTNode, f);
  };
  walk(node.args);
}

/** CEL equality between runtime values (heterogeneous numbers, deep lists and maps, messages). */
function valuesEqual(a: unknown, b: unknown): boolean {
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) return a == b;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]));
  if (a instanceof Map && b instanceof Map) return a.size === b.size && [...a].every(([k, v]) => b.has(k) && valuesEqual(v, b.get(k)));
  if (a instanceof StateMessage || a instanceof ResourceMessage) return messagesEqual(a, b, valuesEqual);
  return a === b;
}

function summary(e: unknown): string {
  if (e !== null && typeof e === 'object' && typeof (e as { summary?: unknown }).summary === 'string') return (e as { summary: string }).summary;
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}

/** cel-js's wording of the common runtime errors, in cel-go's (interpreter/attributes.go, common/types). */
function celGoErrorText(e: unknown): string {
  const text = summary(e);
  const index = /^No such key: index out of bounds, index (-?\d+)/.exec(text);
  if (index) return `index out of bounds: ${index[1]}`;
  const key = /^No such key: (.*)$/s.exec(text);
  if (key) return `no such key: ${key[1]}`;
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'modulo_by_zero') return 'modulus by zero';
  if (code === 'numeric_overflow') return 'integer overflow';
  if (code === 'no_such_overload') return 'no such overload';
  return text;
}
