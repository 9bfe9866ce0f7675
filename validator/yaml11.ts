// YAML read as kubectl reads it. kubectl turns YAML into JSON with sigs.k8s.io/yaml, which decodes
// with (a fork of) go-yaml v2: YAML 1.1 plain scalars (yes/no/on/off/y/n booleans, 0-prefixed octal,
// 0x/0o/0b, `_` digit separators, no sexagesimal), `<<` merge keys, and duplicate keys refused (the
// API server's strict decoding, "key already set in map"). The `yaml` library does the syntax (with
// every scalar kept as text); the scalar resolution below is ported from go-yaml v2 resolve.go, and
// the map-key stringification from sigs.k8s.io/yaml convertToJSONableObject.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Alias, type Document, LineCounter, type Node, Scalar, YAMLMap, YAMLSeq, isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';

/** Names this parser for caches of its output: the yaml library's version and this file's text. */
export const YAML11_PARSER = `yaml@${(require('yaml/package.json') as { version: string }).version}:parseYaml11:${createHash('sha256').update(readFileSync(__filename)).digest('hex').slice(0, 16)}`;

/** Why kubectl would refuse the text, with the 1-based line. */
export class Yaml11Error extends Error {
  override name = 'Yaml11Error';
  constructor(message: string, readonly line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
  }
}

const TAG = 'tag:yaml.org,2002:';
type Short = 'str' | 'bool' | 'int' | 'float' | 'null' | 'timestamp' | 'merge' | 'binary';

/** A scalar an explicit core tag was put on (`!!int '1'`): resolved by us, not by the library. */
interface Tagged { tagged: Short; text: string }
const CORE_TAGS: Short[] = ['int', 'bool', 'float', 'null', 'timestamp', 'merge', 'binary'];
const customTags = CORE_TAGS.map((t) => ({ tag: `${TAG}${t}`, resolve: (text: string): Tagged => ({ tagged: t, text }) }));

// resolve.go's resolveMap: what a plain scalar means when it is one of these words.
const WORDS = new Map<string, [Short, unknown]>();
for (const [v, words] of [
  [true, ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']],
  [false, ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']],
] as const) for (const w of words) WORDS.set(w, ['bool', v]);
for (const w of ['', '~', 'null', 'Null', 'NULL']) WORDS.set(w, ['null', null]);
for (const w of ['.nan', '.NaN', '.NAN']) WORDS.set(w, ['float', Number.NaN]);
for (const w of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) WORDS.set(w, ['float', Number.POSITIVE_INFINITY]);
for (const w of ['-.inf', '-.Inf', '-.INF']) WORDS.set(w, ['float', Number.NEGATIVE_INFINITY]);
WORDS.set('<<', ['merge', '<<']);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** An integer too big for int64 that go-yaml still reads (as uint64): kept exact for the error. */
export class BigInteger {
  constructor(readonly value: bigint) {}
}

/** Go's strconv.ParseInt(s, 0, 64) / ParseUint: sign, 0x/0o/0b/0 prefixes. undefined = syntax error. */
function goParseInteger(s: string, signed: boolean): bigint | undefined {
  let rest = s;
  let negative = false;
  if (signed && (rest.startsWith('+') || rest.startsWith('-'))) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  let digits: RegExp = /^[0-9]+$/;
  let prefix = '';
  if (/^0[xX]/.test(rest)) [digits, prefix, rest] = [/^[0-9a-fA-F]+$/, '0x', rest.slice(2)];
  else if (/^0[oO]/.test(rest)) [digits, prefix, rest] = [/^[0-7]+$/, '0o', rest.slice(2)];
  else if (/^0[bB]/.test(rest)) [digits, prefix, rest] = [/^[01]+$/, '0b', rest.slice(2)];
  else if (rest.length > 1 && rest.startsWith('0')) [digits, prefix, rest] = [/^[0-7]+$/, '0o', rest.slice(1)];
  if (!digits.test(rest)) return undefined;
  const v = BigInt(`${prefix}${rest}`) * (negative ? -1n : 1n);
  return v;
}

function intValue(v: bigint): number | BigInteger {
  return v >= INT64_MIN && v <= INT64_MAX ? Number(v) : new BigInteger(v);
}

/** Go's strconv.ParseFloat on decimal text: a finite number, or undefined (syntax or range error). */
function goParseFloat(s: string): number | undefined {
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

// parseTimestamp's formats: the subset of yaml.org/type/timestamp that time.Parse reads.
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(([Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))|( \d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?))?$/;

/**
 * resolve.go resolve(tag, in): the type and value of a scalar. `tag` is '' for a plain untagged
 * scalar, else the explicit core tag. Timestamps resolve to their text: go-yaml v2 keeps a
 * timestamp decoded into interface{} as the original string.
 */
export function resolveScalar(tag: Short | '', input: string): { tag: Short; value: unknown } {
  const out = resolvePlain(tag, input);
  if (tag === '' || tag === out.tag || tag === 'str' || tag === 'binary') return out;
  if (tag === 'float' && out.tag === 'int' && typeof out.value === 'number') return { tag: 'float', value: out.value };
  throw new Yaml11Error(`cannot decode !!${out.tag} \`${input}\` as a !!${tag}`);
}

function resolvePlain(tag: Short | '', input: string): { tag: Short; value: unknown } {
  if (tag === 'str') return { tag: 'str', value: input };
  if (tag === 'binary') {
    const b64 = input.replace(/\s/g, '');
    if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || /^=/.test(b64)) throw new Yaml11Error('!!binary value contains invalid base64 data');
    return { tag: 'str', value: Buffer.from(input, 'base64').toString('utf8') };
  }
  const c = input === '' ? 'N' : input[0]!;
  const hint = /[-+]/.test(c) ? 'S' : /[0-9]/.test(c) ? 'D' : /[yYnNtTfFoO~]/.test(c) || c === 'N' ? 'M' : c === '.' ? '.' : '';
  if (hint === '') return { tag: 'str', value: input };
  const word = WORDS.get(input);
  if (word) return { tag: word[0], value: word[1] };
  // Base 60 numbers (190:20:30) were dropped in YAML 1.2 and go-yaml v2 leaves them strings.
  if (hint === '.') {
    const f = /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(input) ? goParseFloat(input) : undefined;
    if (f !== undefined) return { tag: 'float', value: f };
  } else if (hint === 'D' || hint === 'S') {
    if ((tag === '' || tag === 'timestamp') && TIMESTAMP.test(input)) return { tag: 'timestamp', value: input };
    const plain = input.replace(/_/g, '');
    const i = goParseInteger(plain, true);
    if (i !== undefined && i >= INT64_MIN && i <= INT64_MAX) return { tag: 'int', value: Number(i) };
    const u = goParseInteger(plain, false);
    if (u !== undefined && u >= 0n && u <= UINT64_MAX) return { tag: 'int', value: intValue(u) };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = goParseFloat(plain);
      if (f !== undefined) return { tag: 'float', value: f };
    }
    // -0b beyond int64 is the one binary form ParseInt(.., 0, 64) above did not already cover.
    if (/^-0b[01]+$/.test(plain)) {
      const b = -BigInt(`0b${plain.slice(3)}`);
      if (b >= INT64_MIN) return { tag: 'int', value: Number(b) };
    }
  }
  return { tag: 'str', value: input };
}

/** sigs.k8s.io/yaml: a non-string map key becomes the JSON key this string. */
function jsonKey(k: unknown, line: number): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  if (k instanceof BigInteger) return k.value.toString();
  if (typeof k === 'number') {
    if (Number.isNaN(k)) return '.nan';
    if (k === Number.POSITIVE_INFINITY) return '.inf';
    if (k === Number.NEGATIVE_INFINITY) return '-.inf';
    return String(k);
  }
  throw new Yaml11Error(`unsupported map key ${k === null ? 'null' : JSON.stringify(k)}: JSON object keys are strings`, line);
}

/** The document aliases are resolved in (the latest anchor of a name before the alias). */
interface Scope { doc: Document.Parsed }

class Decoder {
  constructor(private readonly lines: LineCounter) {}

  line(n: Node | undefined): number {
    return n?.range ? this.lines.linePos(n.range[0]).line : 0;
  }

  node(n: unknown, doc: Scope, depth = 0): unknown {
    if (depth > 1000) throw new Yaml11Error('document nests too deeply');
    if (n === null || n === undefined) return null;
    if (isAlias(n)) {
      const target = (n as Alias).resolve(doc.doc) as Node | undefined;
      if (!target) throw new Yaml11Error(`unknown anchor '${(n as Alias).source}' referenced`, this.line(n as Alias));
      return this.node(target, doc, depth + 1);
    }
    if (isScalar(n)) return this.scalar(n);
    if (isSeq(n)) return (n as YAMLSeq).items.map((i) => this.node(i, doc, depth + 1));
    if (isMap(n)) return this.map(n as YAMLMap, doc, depth);
    throw new Yaml11Error('unsupported YAML node', this.line(n as Node));
  }

  scalar(n: Scalar): unknown {
    const v = n.value as unknown;
    const line = this.line(n);
    try {
      if (v !== null && typeof v === 'object' && 'tagged' in (v as object)) {
        const t = v as Tagged;
        return resolveScalar(t.tagged, t.text).value;
      }
      // Quoted, block and `!`-tagged scalars are strings; so is anything under an unknown tag.
      if (n.type !== 'PLAIN' || (n.tag !== undefined && n.tag !== `${TAG}str`)) return typeof v === 'string' ? v : String(v);
      if (n.tag === `${TAG}str`) return v;
      return resolveScalar('', String(v ?? '')).value;
    } catch (e) {
      if (e instanceof Yaml11Error && e.line === undefined) throw new Yaml11Error(e.message, line);
      throw e;
    }
  }

  isMergeKey(k: unknown): boolean {
    if (!isScalar(k)) return false;
    const v = (k as Scalar).value as unknown;
    if (v !== null && typeof v === 'object' && (v as Tagged).tagged === 'merge') return true;
    return (k as Scalar).type === 'PLAIN' && (k as Scalar).tag === undefined && v === '<<';
  }

  map(n: YAMLMap, doc: Scope, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const explicit = new Set<string>();
    const errors: string[] = [];
    const entries: [unknown, number, unknown][] = [];
    for (const pair of n.items) {
      if (this.isMergeKey(pair.key)) {
        this.merge(pair.value as Node, doc, out, depth);
        continue;
      }
      const keyNode = pair.key as Node;
      const line = this.line(keyNode);
      if (isMap(keyNode) || isSeq(keyNode)) throw new Yaml11Error('invalid map key: a mapping or sequence cannot be a key', line);
      const key = this.node(keyNode, doc, depth + 1);
      // decode.go setMapIndex under UnmarshalStrict compares the decoded keys (9 and "9" differ);
      // merged keys may be overridden, as the merge key spec says.
      const identity = `${key instanceof BigInteger ? 'int' : typeof key}:${String(key instanceof BigInteger ? key.value : key)}`;
      if (explicit.has(identity)) errors.push(`line ${this.line(pair.value as Node) || line}: key ${typeof key === 'string' ? JSON.stringify(key) : String(key)} already set in map`);
      explicit.add(identity);
      entries.push([key, line, this.node(pair.value, doc, depth + 1)]);
    }
    if (errors.length > 0) throw new Yaml11Error(`unmarshal errors: ${errors.join('; ')}`);
    // Then sigs.k8s.io/yaml turns the keys into JSON object keys.
    for (const [key, line, value] of entries) out[jsonKey(key, line)] = value;
    return out;
  }

  /** decode.go merge: a mapping, an alias of one, or a sequence of them (earlier ones win). */
  merge(v: Node, doc: Scope, out: Record<string, unknown>, depth: number): void {
    const deref = (x: unknown): unknown => (isAlias(x) ? (x as Alias).resolve(doc.doc) : x);
    const target = deref(v);
    const want = () => new Yaml11Error('map merge requires map or sequence of maps as the value', this.line(v));
    if (isMap(target)) {
      Object.assign(out, this.node(target, doc, depth + 1));
    } else if (isSeq(target) && !isAlias(v)) {
      const items = (target as YAMLSeq).items.map(deref);
      if (!items.every((i) => isMap(i))) throw want();
      for (const i of [...items].reverse()) Object.assign(out, this.node(i, doc, depth + 1));
    } else {
      throw want();
    }
  }
}

/** JSON has no NaN/Infinity, and the API server stores integers as int64: what kubectl cannot send. */
function checkJson(v: unknown, path: string, problems: string[]): unknown {
  if (v instanceof BigInteger) {
    problems.push(`${path || '.'}: ${v.value} does not fit in an int64 (${INT64_MIN}..${INT64_MAX}); the API server would read it as a float and lose digits`);
    return Number(v.value);
  }
  if (typeof v === 'number' && !Number.isFinite(v)) {
    problems.push(`${path || '.'}: ${Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf'} cannot be sent: JSON has no NaN or infinity`);
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => checkJson(x, `${path}[${i}]`, problems));
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) (v as Record<string, unknown>)[k] = checkJson(x, `${path}.${k}`, problems);
  }
  return v;
}

export interface Yaml11Document {
  /** JSON data; null for an empty document. */
  value: unknown;
  /** 1-based line the document starts on. */
  line: number;
}

/**
 * Every document of a YAML stream, as the JSON kubectl would send. Throws Yaml11Error for what
 * kubectl refuses: syntax errors, duplicate keys, bad explicit tags, NaN/infinity, integers beyond int64.
 */
export function parseYaml11(text: string): Yaml11Document[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { schema: 'failsafe', customTags, uniqueKeys: false, merge: false, lineCounter: lines, strict: false });
  const decoder = new Decoder(lines);
  const out: Yaml11Document[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if ('errors' in doc && doc.errors.length > 0) {
      const err = doc.errors[0]!;
      throw new Yaml11Error(err.message.split('\n')[0]!, err.linePos?.[0]?.line);
    }
    const value = doc.contents === null ? null : decoder.node(doc.contents, { doc });
    const problems: string[] = [];
    const checked = checkJson(value, '', problems);
    const line = doc.range ? lines.linePos(doc.range[0]).line : 1;
    if (problems.length > 0) throw new Yaml11Error(problems.join('; '), line);
    out.push({ value: checked, line });
  }
  return out;
}
