// The text `YAML.stringify(value, { lineWidth: 0 })` gives for JSON data, without building the
// library's node tree: that tree was about a fifth of a synth (3.2 MB of package YAML). Maps and
// sequences are laid out here as the library's stringifyPair and stringifyCollection lay out block
// collections (2-space indent, sequences indented under their key, `{}` and `[]` when empty,
// undefined map values left out); every scalar is written by the library's own stringifyString and
// stringifyNumber with the context it would pass. Anything else (a shared object, which the library
// writes as an anchor and alias, undefined in a list, a key over 1024 characters, a class instance)
// is handed to YAML.stringify whole. test/renderer/yaml-text.test.ts holds the two equal
// on every package file and on generated data.
import { Document, stringify } from 'yaml';
import { stringifyNumber, stringifyString, type StringifyContext } from 'yaml/util';

const OPTIONS = { lineWidth: 0 } as const;
const STEP = '  ';

/** Thrown inside the emitter when the data needs what only the library does. */
class NotPlain extends Error {}

let base: StringifyContext | undefined;
/** The context the library's createStringifyContext builds for these options (stringify.js; no commentString: there are no comments). */
function baseContext(): StringifyContext {
  base ??= {
    anchors: new Set(),
    doc: new Document(),
    flowCollectionPadding: ' ',
    indent: '',
    indentStep: STEP,
    inFlow: null,
    options: {
      blockQuote: true, defaultKeyType: null, defaultStringType: 'PLAIN',
      directives: null, doubleQuotedAsJSON: false, doubleQuotedMinMultiLineLength: 40, falseStr: 'false', flowCollectionPadding: true,
      indentSeq: true, minContentWidth: 20, nullStr: 'null', simpleKeys: false, singleQuote: null, trailingComma: false,
      trueStr: 'true', verifyAliasOrder: true, ...OPTIONS,
    },
  } as unknown as StringifyContext;
  return base;
}

/** YAML.stringify(value, { lineWidth: 0 }), for the JSON data a synthesized object is. */
export function yamlText(value: unknown): string {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    try {
      return `${mapText(value, '', new Set())}\n`;
    } catch (e) {
      if (!(e instanceof NotPlain)) throw e;
    }
  }
  return stringify(value, OPTIONS);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

// A string plainString() writes as it is (stringifyString.js): printable ASCII on one line, starting
// with a letter, `_` or `/` (no indicator, no number, no `.inf`), with no `: ` or ` #` inside and no
// space or `:` at its end, and not a YAML 1.2 core null or boolean (which the str tag quotes).
const PLAIN = /^[A-Za-z_/][\x20-\x7e]*$/;
const NOT_PLAIN = /: | #| $|:$|^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const plainAsIs = (s: string): boolean => PLAIN.test(s) && !NOT_PLAIN.test(s);

/** The library's stringify() of a scalar: a string by the str tag (actualString), else by its tag. */
function scalarText(v: unknown, ctx: () => StringifyContext): string {
  switch (typeof v) {
    case 'string':
      if (plainAsIs(v)) return v;
      return stringifyString({ value: v } as never, { ...ctx(), actualString: true } as StringifyContext);
    case 'number':
      return stringifyNumber({ value: v } as never);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      if (v === null) return 'null';
      throw new NotPlain();
  }
}

// Maps and sequences append to one string (V8 keeps the parts as a rope, copied once when the text
// is written) instead of joining each collection's lines: a join copies a nested value's text once
// more at every level above it, and took half of this emitter's time.

/** A block map whose pairs start at `indent` (YAMLMap: itemIndent = ctx.indent). */
function mapText(map: Record<string, unknown>, indent: string, seen: Set<object>): string {
  enter(map, seen);
  let text = '';
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (value === undefined) continue;
    text = text === '' ? pairText(key, value, indent, seen) : `${text}\n${indent}${pairText(key, value, indent, seen)}`;
  }
  return text === '' ? '{}' : text;
}

/** A block sequence whose items start at `indent` (YAMLSeq: itemIndent = ctx.indent + '  '). */
function seqText(seq: readonly unknown[], indent: string, seen: Set<object>): string {
  enter(seq, seen);
  if (seq.length === 0) return '[]';
  const itemIndent = indent + STEP;
  let text = `- ${nodeText(seq[0], itemIndent, seen, undefined)}`;
  for (let i = 1; i < seq.length; i++) text = `${text}\n${indent}- ${nodeText(seq[i], itemIndent, seen, undefined)}`;
  return text;
}

/** The library aliases an object it meets twice: only it writes that. */
function enter(o: object, seen: Set<object>): void {
  if (seen.has(o)) throw new NotPlain();
  seen.add(o);
}

/** A collection or scalar at `indent`; `indentAtStart` where stringifyPair sets it for a scalar value. */
function nodeText(v: unknown, indent: string, seen: Set<object>, indentAtStart: number | undefined): string {
  if (Array.isArray(v)) return seqText(v, indent, seen);
  if (typeof v === 'object' && v !== null) {
    if (!isPlainObject(v)) throw new NotPlain();
    return mapText(v, indent, seen);
  }
  if (v === undefined) throw new NotPlain();
  return scalarText(v, () => ({ ...baseContext(), indent, implicitKey: false, ...(indentAtStart !== undefined ? { indentAtStart } : {}) }) as StringifyContext);
}

/** stringifyPair for a string key in a block map at `indent`. */
function pairText(key: string, value: unknown, indent: string, seen: Set<object>): string {
  const inner = indent + STEP;
  const keyText = scalarText(key, () => ({ ...baseContext(), indent: inner, implicitKey: true }) as StringifyContext);
  // The library makes such a key explicit (`? key`).
  if (keyText.length > 1024) throw new NotPlain();
  const head = `${keyText}:`;
  const collection = typeof value === 'object' && value !== null;
  const valueText = nodeText(value, inner, seen, collection ? undefined : head.length + 1);
  if (collection && !(valueText === '{}' || valueText === '[]')) return `${head}\n${inner}${valueText}`;
  return valueText === '' || valueText[0] === '\n' ? `${head}${valueText}` : `${head} ${valueText}`;
}
