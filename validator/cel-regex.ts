// CEL regular expressions as the API server runs them: cel-go's `matches` (both the member and the
// global overload) and the Kubernetes regex library (`find`, `findAll`, k8s.io/apiserver
// pkg/cel/library/regex.go), all on Go's regexp, plus the CRD-time checks of constant patterns.
import type { ASTNode, Environment } from '@marcbachmann/cel-js';
import { compileRe2, Re2SyntaxError } from './re2';

// cel-js ships a `string.matches(string)` on JS RegExp that cannot be unregistered. Macros are
// expanded at parse time whatever the receiver's type, so a `matches` macro declared on this
// private receiver type takes over every `x.matches(y)` call without overlapping that overload.
class MatchesMacroReceiver {}

interface MacroInput {
  ast: ASTNode;
  args: ASTNode[];
  receiver: ASTNode | null;
}

interface TypeLike {
  kind?: string;
  name?: string;
}

interface TypeChecker {
  check(node: ASTNode, ctx: unknown): TypeLike;
  getType(name: string): TypeLike;
  formatType(t: TypeLike): string;
  createError(code: string, message: string, node: ASTNode): Error;
}

interface Evaluator {
  run(node: ASTNode, ctx: unknown): unknown;
  createError(code: string, message: string, node: ASTNode): Error;
}

interface MatchesMacro {
  target: ASTNode;
  pattern: ASTNode;
  typeCheck(chk: TypeChecker, macro: MatchesMacro, ctx: unknown): TypeLike;
  evaluate(ev: Evaluator, macro: MatchesMacro, ctx: unknown): boolean;
  async: false;
}

const isStringish = (t: TypeLike) => t.kind === 'dyn' || t.name === 'string';

function matchesMacro(memberForm: boolean) {
  return ({ ast, args, receiver }: MacroInput): MatchesMacro => {
    const [target, pattern] = memberForm && receiver ? [receiver, args[0]] : [args[0], args[1]];
    const signature = (a: string, b: string) => (memberForm ? `${a}.matches(${b})` : `matches(${a}, ${b})`);
    return {
      target,
      pattern,
      async: false,
      typeCheck(chk, macro, ctx) {
        const t = chk.check(macro.target, ctx);
        const p = chk.check(macro.pattern, ctx);
        if (!isStringish(t) || !isStringish(p)) {
          throw chk.createError('no_matching_overload', `found no matching overload for '${signature(chk.formatType(t), chk.formatType(p))}'`, ast);
        }
        return chk.getType('bool');
      },
      evaluate(ev, macro, ctx) {
        const s = ev.run(macro.target, ctx);
        const p = ev.run(macro.pattern, ctx);
        if (typeof s !== 'string' || typeof p !== 'string') {
          throw ev.createError('no_matching_overload', `no such overload: ${signature(celTypeName(s), celTypeName(p))}`, ast);
        }
        // cel-go String.Match: regexp.MatchString, its compile error is the evaluation error.
        return compileRe2(p).test(s);
      },
    };
  };
}

// Names of the CEL types a dyn value can have at run time, for the overload error.
function celTypeName(v: unknown): string {
  if (v === null) return 'null_type';
  if (Array.isArray(v)) return 'list';
  switch (typeof v) {
    case 'bigint':
      return 'int';
    case 'number':
      return 'double';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    default:
      if (v instanceof Uint8Array) return 'bytes';
      if (v instanceof Date) return 'google.protobuf.Timestamp';
      return v instanceof Map || Object.getPrototypeOf(v) === Object.prototype ? 'map' : ((v as object).constructor?.name ?? 'map');
  }
}

function find(s: string, pattern: string): string {
  return illegalRegexAsError(() => compileRe2(pattern)).findString(s);
}

function findAll(s: string, pattern: string, limit: bigint): string[] {
  return illegalRegexAsError(() => compileRe2(pattern)).findAllString(s, Number(limit < 0n ? -1n : limit));
}

// regex.go wraps a non-constant pattern's compile error as "Illegal regex: <Go error>".
function illegalRegexAsError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Re2SyntaxError) throw new Error(`Illegal regex: ${e.message}`);
    throw e;
  }
}

export function registerRegexLibrary(env: Environment): void {
  env.registerType('kubernetes.MatchesMacroReceiver', MatchesMacroReceiver);
  env.registerFunction('kubernetes.MatchesMacroReceiver.matches(ast): bool', matchesMacro(true));
  env.registerFunction('matches(ast, ast): bool', matchesMacro(false));
  env.registerFunction('string.find(string): string', find);
  env.registerFunction('string.findAll(string): list<string>', (s: string, p: string) => findAll(s, p, -1n));
  env.registerFunction('string.findAll(string, int): list<string>', findAll);
}

/**
 * What the API server reports for a constant pattern Go refuses, when the CRD is created:
 * cel-go's ValidateRegexLiterals checks a literal first argument of `matches` (the pattern of the
 * member form, the subject of the global form: it counts arguments without the target) at compile
 * time; the regex optimizations of `matches`, `find` and `findAll` compile a literal second
 * argument counting the target when the program is planned. Undefined when nothing is refused.
 */
export function regexLiteralError(root: ASTNode, source: string): string | undefined {
  const calls = functionCalls(root);
  for (const c of calls) {
    const lit = c.name === 'matches' ? stringLiteral(c.args[0]) : undefined;
    if (lit !== undefined && isRefused(lit)) return `compilation failed: ERROR: <input>:${location(source, c.args[0].start)}: invalid matches argument`;
  }
  for (const c of calls) {
    const lit = constantPattern(c);
    if (lit === undefined) continue;
    try {
      compileRe2(lit);
    } catch (e) {
      if (e instanceof Re2SyntaxError) return `program instantiation failed: ${e.message}`;
      throw e;
    }
  }
  return undefined;
}

export interface FunctionCall {
  name: string;
  /** The arguments as cel-go's checker counts them (without the receiver of a member call). */
  args: ASTNode[];
  /** The arguments as cel-go's interpreter counts them (receiver first). */
  interpreterArgs: ASTNode[];
}

/** Every function call of a rule, innermost first (the order cel-go plans them in). */
export function functionCalls(root: ASTNode): FunctionCall[] {
  const calls: FunctionCall[] = [];
  visitPostOrder(root, (node) => {
    if (node.op === 'rcall') {
      const [name, target, args] = node.args as [string, ASTNode, ASTNode[]];
      calls.push({ name, args, interpreterArgs: [target, ...args] });
    } else if (node.op === 'call') {
      const [name, args] = node.args as [string, ASTNode[]];
      calls.push({ name, args, interpreterArgs: args });
    }
  });
  return calls;
}

/** The pattern of a matches/find/findAll call when it is a string literal. */
export function constantPattern(call: FunctionCall): string | undefined {
  return ['matches', 'find', 'findAll'].includes(call.name) ? stringLiteral(call.interpreterArgs[1]) : undefined;
}

function isRefused(pattern: string): boolean {
  try {
    compileRe2(pattern);
    return false;
  } catch (e) {
    if (e instanceof Re2SyntaxError) return true;
    throw e;
  }
}

function stringLiteral(node: ASTNode | undefined): string | undefined {
  return node?.op === 'value' && typeof node.args === 'string' ? node.args : undefined;
}

// cel-go prints 1-based lines and columns counted in code points.
function location(source: string, offset: number): string {
  const before = source.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.split('\n').length;
  return `${line}:${Array.from(before.slice(lineStart)).length + 1}`;
}

function visitPostOrder(node: ASTNode, visit: (n: ASTNode) => void): void {
  if (node.op !== 'value') {
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (isAstNode(x)) visitPostOrder(x, visit);
    };
    walk(node.args);
  }
  visit(node);
}

function isAstNode(x: unknown): x is ASTNode {
  return typeof x === 'object' && x !== null && typeof (x as { op?: unknown }).op === 'string' && 'args' in x;
}
