// A parser and evaluator for the JSON form of CloudWatch Logs filter patterns (`{ ... }`), so tests can
// prove that a metric filter matches the CloudTrail events it is meant to count, and nothing else,
// before AWS ever sees it. No npm package implements this syntax.
//
// Semantics follow the CloudWatch Logs user guide, "Filter pattern syntax for metric filters,
// subscription filters, filter log events, and Live Tail" (JSON section; awsdocs
// amazon-cloudwatch-logs-user-guide doc_source/FilterAndPatternSyntax.md):
// - `{ SELECTOR = STRING }` / `!=`: STRING quoted or not (unquoted: letters, digits and `_-.:/*`);
//   `*` at the start and/or end is a wildcard ("*Event" matches PutEvent, "Event*" EventId); a `*`
//   inside the text is literal ("Ev*ent will only match the actual string Ev*ent"); `*` alone matches
//   any value.
// - `{ SELECTOR <op> NUMBER }` with `= != < > <= >=`: numeric comparison (scientific notation allowed).
// - `IS NULL` (value is JSON null), `IS TRUE` / `IS FALSE` (value is that boolean), `NOT EXISTS`
//   (the selector resolves to nothing).
// - "The SELECTOR must point to a value node (string or number)": when it resolves to nothing, null,
//   a boolean, an array or an object, `=` AND `!=` are both false (the doc: "both {$.users = 1} and
//   {$.users != 1} will fail to match" when users is an array). This is why CIS 4.2's
//   `$.additionalEventData.MFAUsed != "Yes"` does not fire on events without that field.
// - `&&`, `||`, parentheses; precedence () > && > ||.
// - `%regex%` values: a regular expression searched anywhere in the value (unanchored unless `^`/`$`),
//   restricted to the characters and operators the guide lists (no parentheses).
// Case-sensitive throughout.

/** A selector step: a property name or an array index. */
export type SelectorStep = { readonly property: string } | { readonly index: number };

export type ComparisonOperator = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type FilterValue =
  | { readonly kind: 'string'; readonly text: string; readonly quoted: boolean }
  | { readonly kind: 'number'; readonly value: number; readonly text: string }
  | { readonly kind: 'regex'; readonly source: string };

export type FilterExpression =
  | { readonly type: 'or' | 'and'; readonly operands: readonly FilterExpression[] }
  | { readonly type: 'compare'; readonly selector: readonly SelectorStep[]; readonly operator: ComparisonOperator; readonly value: FilterValue }
  | { readonly type: 'is'; readonly selector: readonly SelectorStep[]; readonly test: 'NULL' | 'TRUE' | 'FALSE' }
  | { readonly type: 'notExists'; readonly selector: readonly SelectorStep[] };

type Token =
  | { t: 'lbrace' | 'rbrace' | 'lparen' | 'rparen' | 'and' | 'or'; pos: number }
  | { t: 'op'; op: ComparisonOperator; pos: number }
  | { t: 'selector'; steps: SelectorStep[]; text: string; pos: number }
  | { t: 'quoted'; text: string; pos: number }
  | { t: 'regex'; source: string; pos: number }
  | { t: 'word'; text: string; pos: number };

const UNQUOTED_CHAR = /[A-Za-z0-9_\-.:/*+]/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
// "Filter patterns with regex can only include": alphanumerics, the symbols _ # = @ / ; , - and the
// operators ^ $ ? [ ] { } | \ * + . ; "The ( and ) operators are not supported".
const REGEX_ALLOWED = /^[A-Za-z0-9_#=@/;,\-^$?[\]{}|\\*+. :]*$/;

export class FilterPatternSyntaxError extends Error {}

function fail(pattern: string, pos: number, message: string): never {
  throw new FilterPatternSyntaxError(`filter pattern '${pattern}': ${message} at position ${pos}`);
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const pos = i;
    if (c === '{') { tokens.push({ t: 'lbrace', pos }); i++; continue; }
    if (c === '}') { tokens.push({ t: 'rbrace', pos }); i++; continue; }
    if (c === '(') { tokens.push({ t: 'lparen', pos }); i++; continue; }
    if (c === ')') { tokens.push({ t: 'rparen', pos }); i++; continue; }
    if (pattern.startsWith('&&', i)) { tokens.push({ t: 'and', pos }); i += 2; continue; }
    if (pattern.startsWith('||', i)) { tokens.push({ t: 'or', pos }); i += 2; continue; }
    const op = (['!=', '<=', '>=', '=', '<', '>'] as const).find((o) => pattern.startsWith(o, i));
    if (op) { tokens.push({ t: 'op', op, pos }); i += op.length; continue; }
    if (c === '$') {
      const { steps, end } = readSelector(pattern, i);
      tokens.push({ t: 'selector', steps, text: pattern.slice(i, end), pos });
      i = end;
      continue;
    }
    if (c === '"') {
      let text = '';
      i++;
      while (i < pattern.length && pattern[i] !== '"') {
        if (pattern[i] === '\\' && i + 1 < pattern.length) { text += pattern[i + 1]; i += 2; continue; }
        text += pattern[i];
        i++;
      }
      if (i >= pattern.length) fail(pattern, pos, 'unterminated quoted string');
      i++;
      tokens.push({ t: 'quoted', text, pos });
      continue;
    }
    if (c === '%') {
      const end = pattern.indexOf('%', i + 1);
      if (end < 0) fail(pattern, pos, 'unterminated %regex%');
      const source = pattern.slice(i + 1, end);
      if (!REGEX_ALLOWED.test(source)) fail(pattern, pos, `regex '${source}' uses characters CloudWatch Logs does not support (no parentheses, only _#=@/;,- symbols)`);
      tokens.push({ t: 'regex', source, pos });
      i = end + 1;
      continue;
    }
    if (UNQUOTED_CHAR.test(c)) {
      let text = '';
      while (i < pattern.length && UNQUOTED_CHAR.test(pattern[i]!)) text += pattern[i++];
      tokens.push({ t: 'word', text, pos });
      continue;
    }
    fail(pattern, pos, `unexpected character '${c}'`);
  }
  return tokens;
}

function readSelector(pattern: string, start: number): { steps: SelectorStep[]; end: number } {
  const steps: SelectorStep[] = [];
  let i = start + 1;
  while (i < pattern.length) {
    if (pattern[i] === '.') {
      const m = /^[A-Za-z0-9_-]+/.exec(pattern.slice(i + 1));
      if (!m) fail(pattern, i, `selector needs a property name after '.'`);
      steps.push({ property: m[0] });
      i += 1 + m[0].length;
    } else if (pattern[i] === '[') {
      const m = /^\[(\d+)\]/.exec(pattern.slice(i));
      if (!m) fail(pattern, i, `array index must be [NUMBER]`);
      if (steps.length === 0) fail(pattern, i, 'an array index must follow a property');
      steps.push({ index: Number(m[1]) });
      i += m[0].length;
    } else break;
  }
  if (steps.length === 0) fail(pattern, start, `selector must start with '$.'`);
  return { steps, end: i };
}

class Parser {
  private i = 0;
  constructor(private readonly pattern: string, private readonly tokens: Token[]) {}

  public parse(): FilterExpression {
    if (this.tokens[0]?.t !== 'lbrace') fail(this.pattern, 0, `only JSON filter patterns '{ ... }' are supported`);
    this.i = 1;
    const expr = this.or();
    const close = this.tokens[this.i];
    if (close?.t !== 'rbrace') fail(this.pattern, close?.pos ?? this.pattern.length, `expected '}'`);
    if (this.i + 1 !== this.tokens.length) fail(this.pattern, this.tokens[this.i + 1]!.pos, `unexpected text after '}'`);
    return expr;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private or(): FilterExpression {
    const operands = [this.and()];
    while (this.peek()?.t === 'or') { this.i++; operands.push(this.and()); }
    return operands.length === 1 ? operands[0]! : { type: 'or', operands };
  }

  private and(): FilterExpression {
    const operands = [this.primary()];
    while (this.peek()?.t === 'and') { this.i++; operands.push(this.primary()); }
    return operands.length === 1 ? operands[0]! : { type: 'and', operands };
  }

  private primary(): FilterExpression {
    const tok = this.peek();
    if (!tok) fail(this.pattern, this.pattern.length, 'unexpected end of pattern');
    if (tok.t === 'lparen') {
      this.i++;
      const inner = this.or();
      const close = this.peek();
      if (close?.t !== 'rparen') fail(this.pattern, close?.pos ?? this.pattern.length, `expected ')'`);
      this.i++;
      return inner;
    }
    if (tok.t !== 'selector') fail(this.pattern, tok.pos, `expected a selector '$.…' or '('`);
    this.i++;
    const next = this.peek();
    if (next?.t === 'word' && (next.text === 'IS' || next.text === 'NOT')) {
      const arg = this.tokens[this.i + 1];
      this.i += 2;
      if (next.text === 'NOT') {
        if (arg?.t !== 'word' || arg.text !== 'EXISTS') fail(this.pattern, arg?.pos ?? next.pos, `expected 'NOT EXISTS'`);
        return { type: 'notExists', selector: tok.steps };
      }
      if (arg?.t !== 'word' || !['NULL', 'TRUE', 'FALSE'].includes(arg.text)) fail(this.pattern, arg?.pos ?? next.pos, `expected 'IS NULL', 'IS TRUE' or 'IS FALSE'`);
      return { type: 'is', selector: tok.steps, test: arg.text as 'NULL' | 'TRUE' | 'FALSE' };
    }
    if (next?.t !== 'op') fail(this.pattern, next?.pos ?? this.pattern.length, `expected a comparison operator after '${tok.text}'`);
    this.i++;
    const v = this.peek();
    if (!v || !(v.t === 'word' || v.t === 'quoted' || v.t === 'regex')) fail(this.pattern, v?.pos ?? this.pattern.length, `expected a value after '${next.op}'`);
    this.i++;
    let value: FilterValue;
    if (v.t === 'regex') value = { kind: 'regex', source: v.source };
    else if (v.t === 'word' && NUMBER.test(v.text)) value = { kind: 'number', value: Number(v.text), text: v.text };
    else value = { kind: 'string', text: v.text, quoted: v.t === 'quoted' };
    if (!['=', '!='].includes(next.op) && value.kind !== 'number') {
      fail(this.pattern, v.pos, `operator '${next.op}' needs a number, got '${v.t === 'regex' ? v.source : v.text}'`);
    }
    return { type: 'compare', selector: tok.steps, operator: next.op, value };
  }
}

/** Parses a JSON filter pattern; throws {@link FilterPatternSyntaxError} naming the position. */
export function parseFilterPattern(pattern: string): FilterExpression {
  return new Parser(pattern, tokenize(pattern)).parse();
}

const MISSING = Symbol('missing');

function resolve(event: unknown, steps: readonly SelectorStep[]): unknown {
  let node: unknown = event;
  for (const step of steps) {
    if ('property' in step) {
      if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, step.property)) return MISSING;
      node = (node as Record<string, unknown>)[step.property];
    } else {
      if (!Array.isArray(node) || step.index >= node.length) return MISSING;
      node = node[step.index];
    }
  }
  return node;
}

function globMatch(glob: string, text: string): boolean {
  if (glob === '*') return true;
  const leading = glob.startsWith('*');
  const trailing = glob.length > 1 && glob.endsWith('*');
  const core = glob.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (leading && trailing) return text.includes(core);
  if (leading) return text.endsWith(core);
  if (trailing) return text.startsWith(core);
  return text === core;
}

function valueMatches(value: FilterValue, node: string | number): boolean {
  switch (value.kind) {
    case 'regex':
      return new RegExp(value.source).test(String(node));
    case 'number':
      return typeof node === 'number' ? node === value.value : node === value.text;
    case 'string':
      return globMatch(value.text, String(node));
  }
}

function compare(operator: ComparisonOperator, value: FilterValue, node: unknown): boolean {
  // Only value nodes take part: a missing selector, null, a boolean, an array or an object makes
  // both `=` and `!=` false.
  if (typeof node !== 'string' && typeof node !== 'number') return false;
  if (operator === '=') return valueMatches(value, node);
  if (operator === '!=') return !valueMatches(value, node);
  if (typeof node !== 'number' || value.kind !== 'number') return false;
  switch (operator) {
    case '<': return node < value.value;
    case '>': return node > value.value;
    case '<=': return node <= value.value;
    case '>=': return node >= value.value;
  }
}

/** Evaluates a parsed expression against one log event (already parsed JSON). */
export function evaluateFilter(expr: FilterExpression, event: unknown): boolean {
  switch (expr.type) {
    case 'or': return expr.operands.some((e) => evaluateFilter(e, event));
    case 'and': return expr.operands.every((e) => evaluateFilter(e, event));
    case 'notExists': return resolve(event, expr.selector) === MISSING;
    case 'is': {
      const node = resolve(event, expr.selector);
      return expr.test === 'NULL' ? node === null : node === (expr.test === 'TRUE');
    }
    case 'compare': return compare(expr.operator, expr.value, resolve(event, expr.selector));
  }
}

/** A parsed JSON filter pattern; `matches` takes an event object or its JSON text. */
export class MetricFilterPattern {
  public readonly expression: FilterExpression;

  public constructor(public readonly pattern: string) {
    this.expression = parseFilterPattern(pattern);
  }

  /** A log event that is not a JSON object never matches a JSON pattern. */
  public matches(event: unknown): boolean {
    let parsed = event;
    if (typeof event === 'string') {
      try { parsed = JSON.parse(event); } catch { return false; }
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return false;
    return evaluateFilter(this.expression, parsed);
  }
}
