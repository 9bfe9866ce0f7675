// cel-go common/debug/debug.go's debug string of an expression (without adornments and whitespace), so that
// parser results can be compared with cel-go parser_test.go expectations. Locations are appended as @line,col.
import type { Expr, Literal } from '../../../validator/cel-check/ast';
function goQuote(s: string): string {
  // strconv.Quote: printable runes kept, escapes for control chars
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 11) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}
export function lit(v: Literal): string {
  switch (v.type) {
    case 'bool': return String(v.value);
    case 'bytes': return `b"${new TextDecoder().decode(v.value)}"`;
    case 'double': return String(v.value);
    case 'int': return v.value.toString();
    case 'uint': return `${v.value}u`;
    case 'string': return goQuote(v.value);
    case 'null': return 'null';
  }
}
export function debug(e: Expr, loc?: (id: number) => string): string {
  const a = (x: Expr | { id: number }) => (loc ? loc(x.id) : '');
  switch (e.kind) {
    case 'literal': return lit(e.value) + a(e);
    case 'ident': return e.name + a(e);
    case 'select': return `${debug(e.operand, loc)}.${e.field}${e.testOnly ? '~test-only~' : ''}${a(e)}`;
    case 'call': return `${e.target ? debug(e.target, loc) + '.' : ''}${e.fn}(${e.args.map((x) => debug(x, loc)).join(',')})${a(e)}`;
    case 'list': return `[${e.elements.map((x) => debug(x, loc)).join(',')}]${a(e)}`;
    case 'map': return `{${e.entries.map((en) => `${en.optional ? '?' : ''}${debug(en.key, loc)}:${debug(en.value, loc)}${a(en)}`).join(',')}}${a(e)}`;
    case 'struct': return `${e.typeName}{${e.fields.map((f) => `${f.optional ? '?' : ''}${f.name}:${debug(f.value, loc)}${a(f)}`).join(',')}}${a(e)}`;
    case 'comprehension': return `__comprehension__(${e.iterVar},${debug(e.iterRange, loc)},${e.accuVar},${debug(e.accuInit, loc)},${debug(e.loopCondition, loc)},${debug(e.loopStep, loc)},${debug(e.result, loc)})${a(e)}`;
  }
}
