// Recursive-descent port of cel-go's CEL parser (parser/parser.go over parser/gen/CEL.g4): the same
// tree shapes (balanced && / || chains, signed numeric literals, dropped double negations), the same
// expression positions (the operator token, '(' of calls, '.' of selects) and macro expansion.
// Syntax error texts are our own: cel-go's come from ANTLR's error recovery.
import { type ComprehensionExpr, ERROR_EXPR_NAME, type Expr, type Literal, type MapEntry, type StructField } from './ast';
import { LexError, type Token, tokenize } from './lexer';
import { isMacroError, type Macro, type MacroHelper } from './macros';
import { type Issue, Source } from './source';
import { UnescapeError, unescapeLiteral } from './unescape';

export interface ParsedExpression {
  readonly source: Source;
  readonly expr: Expr | undefined;
  /** code-point offset of every expression id */
  readonly offsets: Map<number, number>;
  readonly issues: Issue[];
  /** highest id handed out */
  readonly maxId: number;
}

export interface ParserOptions {
  readonly macros: readonly Macro[];
  readonly enableOptionalSyntax: boolean;
  /** cel-go v0.23+ names the accumulator of macros "@result" (and refuses iteration variables shadowing it) */
  readonly hiddenAccumulator?: boolean;
}

const RESERVED_IDS = new Set([
  'as', 'break', 'const', 'continue', 'else', 'false', 'for', 'function', 'if', 'import', 'in', 'let',
  'loop', 'package', 'namespace', 'null', 'return', 'true', 'var', 'void', 'while',
]);
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const RELATION_OPS: Record<string, string> = { '<': '_<_', '<=': '_<=_', '>=': '_>=_', '>': '_>_', '==': '_==_', '!=': '_!=_' };
const MUL_OPS: Record<string, string> = { '*': '_*_', '/': '_/_', '%': '_%_' };
const ADD_OPS: Record<string, string> = { '+': '_+_', '-': '_-_' };
const MAX_RECURSION_DEPTH = 250;
const MAX_CODE_POINTS = 100_000;

class SyntaxFailure extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseCel(text: string, options: ParserOptions): ParsedExpression {
  const source = new Source(text);
  const p = new Parser(source, options);
  return p.run();
}

class Parser {
  private tokens: Token[] = [];
  private pos = 0;
  private nextId = 1;
  private depth = 0;
  readonly offsets = new Map<number, number>();
  readonly issues: Issue[] = [];
  private readonly macros = new Map<string, Macro>();

  constructor(
    private readonly source: Source,
    private readonly options: ParserOptions,
  ) {
    for (const m of options.macros) this.macros.set(macroKey(m.name, m.argCount, m.receiver), m);
  }

  run(): ParsedExpression {
    let expr: Expr | undefined;
    if (this.source.codePoints.length > MAX_CODE_POINTS) {
      this.issues.push({ offset: -1, message: `expression code point size exceeds limit: size: ${this.source.codePoints.length}, limit ${MAX_CODE_POINTS}` });
    } else {
      try {
        this.tokens = tokenize(this.source.codePoints);
        expr = this.expr();
        const t = this.peek();
        // ANTLR calls the token extraneous when dropping it would reach the end, mismatched otherwise
        if (t.type !== 'EOF') throw new SyntaxFailure(t.start, `Syntax error: ${this.peek(1).type === 'EOF' ? 'extraneous' : 'mismatched'} input '${t.text}' expecting <EOF>`);
      } catch (e) {
        if (e instanceof LexError) this.issues.push({ offset: e.offset, message: `Syntax error: ${e.message}` });
        else if (e instanceof SyntaxFailure) this.issues.push({ offset: e.offset, message: e.message });
        else throw e;
        expr = undefined;
      }
    }
    return { source: this.source, expr, offsets: this.offsets, issues: this.issues, maxId: this.nextId - 1 };
  }

  // ---- tokens ----

  private peek(n = 0): Token {
    return this.tokens[Math.min(this.pos + n, this.tokens.length - 1)];
  }

  private isPunct(text: string, n = 0): boolean {
    const t = this.peek(n);
    return t.type === 'PUNCT' && t.text === text;
  }

  private next(): Token {
    const t = this.peek();
    if (t.type !== 'EOF') this.pos++;
    return t;
  }

  private expect(text: string): Token {
    const t = this.peek();
    if (t.type === 'PUNCT' && t.text === text) return this.next();
    // ANTLR's single-token insertion: a bracket missing at the very end, closing the only bracket
    // left open, is reported as missing rather than mismatched.
    if (t.type === 'EOF' && CLOSERS[text] !== undefined && this.openBrackets() === 1) throw new SyntaxFailure(t.start, `Syntax error: missing '${text}' at '<EOF>'`);
    throw new SyntaxFailure(t.start, `Syntax error: mismatched input '${t.text}' expecting '${text}'`);
  }

  /** brackets opened and not yet closed before the current token */
  private openBrackets(): number {
    let open = 0;
    for (let i = 0; i < this.pos; i++) {
      const tok = this.tokens[i]!;
      if (tok.type !== 'PUNCT') continue;
      if (tok.text === '(' || tok.text === '[' || tok.text === '{') open++;
      else if (CLOSERS[tok.text] !== undefined) open--;
    }
    return open;
  }

  // ---- node construction ----

  private id(offset: number): number {
    const id = this.nextId++;
    this.offsets.set(id, offset);
    return id;
  }

  private literal(offset: number, value: Literal): Expr {
    return { kind: 'literal', id: this.id(offset), value };
  }

  private error(offset: number, message: string): Expr {
    this.issues.push({ offset, message });
    return { kind: 'ident', id: this.id(offset), name: ERROR_EXPR_NAME };
  }

  private callOrMacro(offset: number, fn: string, target: Expr | undefined, args: Expr[]): Expr {
    const macro = this.macros.get(macroKey(fn, args.length, target !== undefined)) ?? this.macros.get(macroKey(fn, 'vararg', target !== undefined));
    if (macro) {
      const expanded = macro.expand(this.helper(offset), target, args);
      if (isMacroError(expanded)) return this.error(this.offsets.get(expanded.at.id) ?? offset, expanded.message);
      return expanded;
    }
    return { kind: 'call', id: this.id(offset), fn, ...(target ? { target } : {}), args };
  }

  private helper(offset: number): MacroHelper {
    const id = (): number => this.id(offset);
    const hidden = this.options.hiddenAccumulator === true;
    return {
      accuName: hidden ? '@result' : '__result__',
      rejectAccumulatorShadowing: hidden,
      copy: (e) => this.copy(e),
      literal: (value) => ({ kind: 'literal', id: id(), value }),
      ident: (name) => ({ kind: 'ident', id: id(), name }),
      call: (fn, ...args) => ({ kind: 'call', id: id(), fn, args }),
      memberCall: (fn, target, ...args) => ({ kind: 'call', id: id(), fn, target, args }),
      list: (...elements) => ({ kind: 'list', id: id(), elements, optionalIndices: [] }),
      map: () => ({ kind: 'map', id: id(), entries: [] }),
      presenceTest: (operand, field) => ({ kind: 'select', id: id(), operand, field, testOnly: true }),
      comprehension: (c) => ({ kind: 'comprehension', id: id(), ...c }) as ComprehensionExpr,
    };
  }

  /** ExprHelper.Copy: the same expression with fresh ids at the same positions. */
  private copy(e: Expr): Expr {
    const id = (old: number): number => this.id(this.offsets.get(old) ?? -1);
    switch (e.kind) {
      case 'literal':
        return { kind: 'literal', id: id(e.id), value: e.value };
      case 'ident':
        return { kind: 'ident', id: id(e.id), name: e.name };
      case 'select':
        return { kind: 'select', id: id(e.id), operand: this.copy(e.operand), field: e.field, testOnly: e.testOnly };
      case 'call':
        return { kind: 'call', id: id(e.id), fn: e.fn, ...(e.target ? { target: this.copy(e.target) } : {}), args: e.args.map((a) => this.copy(a)) };
      case 'list':
        return { kind: 'list', id: id(e.id), elements: e.elements.map((x) => this.copy(x)), optionalIndices: [...e.optionalIndices] };
      case 'map':
        return { kind: 'map', id: id(e.id), entries: e.entries.map((en) => ({ id: id(en.id), key: this.copy(en.key), value: this.copy(en.value), optional: en.optional })) };
      case 'struct':
        return { kind: 'struct', id: id(e.id), typeName: e.typeName, fields: e.fields.map((f) => ({ id: id(f.id), name: f.name, value: this.copy(f.value), optional: f.optional })) };
      case 'comprehension':
        return {
          ...e,
          id: id(e.id),
          iterRange: this.copy(e.iterRange),
          accuInit: this.copy(e.accuInit),
          loopCondition: this.copy(e.loopCondition),
          loopStep: this.copy(e.loopStep),
          result: this.copy(e.result),
        };
    }
  }

  private enter(offset: number): void {
    if (++this.depth > MAX_RECURSION_DEPTH) throw new SyntaxFailure(offset, `expression recursion limit exceeded: ${MAX_RECURSION_DEPTH}`);
  }

  // ---- grammar ----

  /** expr: conditionalOr ('?' conditionalOr ':' expr)? */
  private expr(): Expr {
    this.enter(this.peek().start);
    const cond = this.conditionalOr();
    let out = cond;
    if (this.isPunct('?')) {
      const op = this.next();
      const t = this.conditionalOr();
      this.expect(':');
      const f = this.expr();
      out = this.callOrMacro(op.start, '_?_:_', undefined, [cond, t, f]);
    }
    this.depth--;
    return out;
  }

  private conditionalOr(): Expr {
    return this.logical('||', '_||_', () => this.conditionalAnd());
  }

  private conditionalAnd(): Expr {
    return this.logical('&&', '_&&_', () => this.relation());
  }

  /** cel-go balances chains of the same logical operator into a tree (logicManager.balancedTree). */
  private logical(op: string, fn: string, operand: () => Expr): Expr {
    const terms = [operand()];
    const ops: number[] = [];
    while (this.isPunct(op)) {
      ops.push(this.next().start);
      terms.push(operand());
    }
    if (terms.length === 1) return terms[0];
    const balanced = (lo: number, hi: number): Expr => {
      const mid = Math.floor((lo + hi + 1) / 2);
      const left = mid === lo ? terms[mid] : balanced(lo, mid - 1);
      const right = mid === hi ? terms[mid + 1] : balanced(mid + 1, hi);
      return { kind: 'call', id: this.id(ops[mid]), fn, args: [left, right] };
    };
    return balanced(0, ops.length - 1);
  }

  private relation(): Expr {
    let lhs = this.calc();
    for (;;) {
      const t = this.peek();
      const fn = t.type === 'IN' ? '@in' : t.type === 'PUNCT' ? RELATION_OPS[t.text] : undefined;
      if (!fn) return lhs;
      this.next();
      const rhs = this.calc();
      lhs = this.callOrMacro(t.start, fn, undefined, [lhs, rhs]);
    }
  }

  private calc(): Expr {
    let lhs = this.product();
    while (this.peek().type === 'PUNCT' && ADD_OPS[this.peek().text]) {
      const t = this.next();
      const rhs = this.product();
      lhs = this.callOrMacro(t.start, ADD_OPS[t.text], undefined, [lhs, rhs]);
    }
    return lhs;
  }

  private product(): Expr {
    let lhs = this.unary();
    while (this.peek().type === 'PUNCT' && MUL_OPS[this.peek().text]) {
      const t = this.next();
      const rhs = this.unary();
      lhs = this.callOrMacro(t.start, MUL_OPS[t.text], undefined, [lhs, rhs]);
    }
    return lhs;
  }

  /**
   * unary: member | '!'+ member | '-'+ member. An even number of the same operator cancels out; a
   * single '-' directly before a number is part of the literal (the grammar's signed literal wins).
   */
  private unary(): Expr {
    const t = this.peek();
    if (t.type === 'PUNCT' && (t.text === '!' || t.text === '-')) {
      if (t.text === '-' && (this.peek(1).type === 'INT' || this.peek(1).type === 'FLOAT')) return this.member();
      let count = 0;
      while (this.isPunct(t.text)) {
        this.next();
        count++;
      }
      const operand = this.member();
      if (count % 2 === 0) return operand;
      return this.callOrMacro(t.start, t.text === '!' ? '!_' : '-_', undefined, [operand]);
    }
    return this.member();
  }

  private member(): Expr {
    let e = this.primary();
    for (;;) {
      if (this.isPunct('.')) {
        const dot = this.next();
        let opt = false;
        if (this.isPunct('?')) {
          this.next();
          opt = true;
        }
        const idTok = this.peek();
        if (idTok.type !== 'IDENT') throw new SyntaxFailure(idTok.start, `Syntax error: mismatched input '${idTok.text}' expecting IDENTIFIER`);
        this.next();
        if (!opt && this.isPunct('(')) {
          const open = this.next();
          const args = this.exprList(')');
          e = this.callOrMacro(open.start, idTok.text, e, args);
        } else if (opt) {
          // cel-go reports the selection and goes on parsing what follows it (`a.?b.c`).
          if (!this.options.enableOptionalSyntax) e = this.error(dot.start, "unsupported syntax '.?'");
          else e = { kind: 'call', id: this.id(dot.start), fn: '_?._', args: [e, this.literal(idTok.start, { type: 'string', value: idTok.text })] };
        } else {
          e = { kind: 'select', id: this.id(dot.start), operand: e, field: idTok.text, testOnly: false };
        }
      } else if (this.isPunct('[')) {
        const open = this.next();
        let opt = false;
        if (this.isPunct('?')) {
          this.next();
          opt = true;
        }
        const index = this.expr();
        this.expect(']');
        if (opt && !this.options.enableOptionalSyntax) e = this.error(open.start, "unsupported syntax '[?'");
        else e = this.callOrMacro(open.start, opt ? '_[?_]' : '_[_]', undefined, [e, index]);
      } else {
        return e;
      }
    }
  }

  private exprList(close: string): Expr[] {
    const out: Expr[] = [];
    if (this.isPunct(close)) {
      this.next();
      return out;
    }
    out.push(this.expr());
    while (this.isPunct(',')) {
      this.next();
      out.push(this.expr());
    }
    this.expect(close);
    return out;
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.type) {
      case 'INT':
      case 'UINT':
      case 'FLOAT':
      case 'STRING':
      case 'BYTES':
      case 'TRUE':
      case 'FALSE':
      case 'NULL':
        return this.literalToken();
      case 'IDENT':
        return this.identOrCall(false);
      case 'PUNCT':
        break;
      default:
        throw new SyntaxFailure(t.start, `Syntax error: mismatched input '${t.text}' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}`);
    }
    if (t.text === '-' && (this.peek(1).type === 'INT' || this.peek(1).type === 'FLOAT')) return this.literalToken();
    if (t.text === '.' && this.peek(1).type === 'IDENT') return this.identOrCall(true);
    if (t.text === '(') {
      this.next();
      this.enter(t.start);
      const e = this.expr();
      this.depth--;
      this.expect(')');
      return e;
    }
    if (t.text === '[') return this.listLiteral();
    if (t.text === '{') return this.mapLiteral();
    throw new SyntaxFailure(t.start, `Syntax error: mismatched input '${t.text}' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}`);
  }

  private literalToken(): Expr {
    const first = this.next();
    let sign = '';
    let t = first;
    if (first.type === 'PUNCT' && first.text === '-') {
      sign = '-';
      t = this.next();
    }
    const at = first.start;
    switch (t.type) {
      case 'INT': {
        const hex = t.text.startsWith('0x');
        const v = BigInt(sign + (hex ? t.text : t.text.replace(/^0+(?=\d)/, '')));
        if (v > 9223372036854775807n || v < -9223372036854775808n) return this.error(at, 'invalid int literal');
        return this.literal(at, { type: 'int', value: v });
      }
      case 'UINT': {
        const v = BigInt(t.text.slice(0, -1));
        if (v > 18446744073709551615n) return this.error(at, 'invalid uint literal');
        return this.literal(at, { type: 'uint', value: v });
      }
      case 'FLOAT': {
        const v = Number(sign + t.text);
        if (!Number.isFinite(v)) return this.error(at, 'invalid double literal');
        return this.literal(at, { type: 'double', value: v });
      }
      case 'STRING':
      case 'BYTES': {
        const isBytes = t.type === 'BYTES';
        try {
          const u = unescapeLiteral(isBytes ? t.text.slice(1) : t.text, isBytes);
          return this.literal(at, isBytes ? { type: 'bytes', value: u.bytes } : { type: 'string', value: u.text });
        } catch (e) {
          if (e instanceof UnescapeError) return this.error(at, e.message);
          throw e;
        }
      }
      case 'TRUE':
        return this.literal(at, { type: 'bool', value: true });
      case 'FALSE':
        return this.literal(at, { type: 'bool', value: false });
      case 'NULL':
        return this.literal(at, { type: 'null' });
      default:
        throw new SyntaxFailure(t.start, `Syntax error: mismatched input '${t.text}' expecting a literal`);
    }
  }

  /** '.'? IDENT ('(' args ')')?, or a message construction '.'? IDENT ('.' IDENT)* '{' fields '}' */
  private identOrCall(leadingDot: boolean): Expr {
    const start = this.peek();
    if (leadingDot) this.next();
    // Look ahead for a qualified message name followed by '{'.
    let n = 0;
    while (this.peek(n).type === 'IDENT' && this.isPunct('.', n + 1) && this.peek(n + 2).type === 'IDENT') n += 2;
    if (this.peek(n).type === 'IDENT' && this.isPunct('{', n + 1)) {
      const parts: string[] = [];
      for (let i = 0; i <= n; i += 2) parts.push(this.peek(i).text);
      this.pos += n + 1;
      const open = this.next();
      return this.messageLiteral((leadingDot ? '.' : '') + parts.join('.'), open.start);
    }
    const idTok = this.next();
    if (RESERVED_IDS.has(idTok.text)) return this.error(start.start, `reserved identifier: ${idTok.text}`);
    const name = (leadingDot ? '.' : '') + idTok.text;
    if (this.isPunct('(')) {
      const open = this.next();
      const args = this.exprList(')');
      return this.callOrMacro(open.start, name, undefined, args);
    }
    return { kind: 'ident', id: this.id(idTok.start), name };
  }

  private listLiteral(): Expr {
    const open = this.next();
    const id = this.id(open.start);
    const elements: Expr[] = [];
    const optionalIndices: number[] = [];
    // a trailing ',' may end the elements; at the end of the input the ']' is then missing
    while (!this.isPunct(']') && this.peek().type !== 'EOF') {
      if (this.isPunct('?')) {
        const q = this.next();
        if (!this.options.enableOptionalSyntax) this.error(q.start, "unsupported syntax '?'");
        else optionalIndices.push(elements.length);
      }
      elements.push(this.expr());
      if (!this.isPunct(',')) break;
      this.next();
    }
    this.expect(']');
    return { kind: 'list', id, elements, optionalIndices };
  }

  private mapLiteral(): Expr {
    const open = this.next();
    const id = this.id(open.start);
    const entries: MapEntry[] = [];
    while (!this.isPunct('}') && this.peek().type !== 'EOF') {
      let optional = false;
      if (this.isPunct('?')) {
        const q = this.next();
        if (!this.options.enableOptionalSyntax) this.error(q.start, "unsupported syntax '?'");
        else optional = true;
      }
      const key = this.expr();
      const col = this.expect(':');
      const value = this.expr();
      entries.push({ id: this.id(col.start), key, value, optional });
      if (!this.isPunct(',')) break;
      this.next();
    }
    this.expect('}');
    return { kind: 'map', id, entries };
  }

  private messageLiteral(typeName: string, openOffset: number): Expr {
    const id = this.id(openOffset);
    const fields: StructField[] = [];
    while (!this.isPunct('}')) {
      let optional = false;
      if (this.isPunct('?')) {
        const q = this.next();
        if (!this.options.enableOptionalSyntax) this.error(q.start, "unsupported syntax '?'");
        else optional = true;
      }
      const name = this.peek();
      if (name.type !== 'IDENT') throw new SyntaxFailure(name.start, `Syntax error: mismatched input '${name.text}' expecting IDENTIFIER`);
      this.next();
      const col = this.expect(':');
      const value = this.expr();
      fields.push({ id: this.id(col.start), name: name.text, value, optional });
      if (!this.isPunct(',')) break;
      this.next();
    }
    this.expect('}');
    return { kind: 'struct', id, typeName, fields };
  }
}

function macroKey(name: string, argCount: number | 'vararg', receiver: boolean): string {
  return `${name}:${argCount}:${receiver}`;
}
