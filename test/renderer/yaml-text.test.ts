// renderer/yaml-text.ts writes what YAML.stringify(value, { lineWidth: 0 }) writes (the library is
// the oracle): on every document the project ships and on generated data built from the strings
// YAML treats specially (indicators, core-schema words and numbers, comments, document markers,
// line breaks, control characters, long keys).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { yamlText } from '../../renderer/yaml-text';

const ROOT = path.join(__dirname, '..', '..');
const library = (v: unknown): string => YAML.stringify(v, { lineWidth: 0 });

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

test('every document of dist/, deploy/ and examples/ is written as the library writes it', () => {
  const docs = ['dist', 'deploy', 'examples'].flatMap((d) => yamlFiles(path.join(ROOT, d)))
    .flatMap((f) => YAML.parseAllDocuments(fs.readFileSync(f, 'utf8')).map((d) => ({ f, v: d.toJS() as unknown })));
  expect(docs.length).toBeGreaterThan(100);
  for (const { f, v } of docs) expect([f, yamlText(v)]).toEqual([f, library(v)]);
});

const STRINGS = [
  '', ' ', 'a', 'ab c', 'true', 'True', 'TRUE', 'false', 'FALSE', 'null', 'Null', 'NULL', '~', 'yes', 'no', 'on', 'off', 'y', 'n',
  '0', '010', '0o17', '0x1F', '1e3', '1.5', '1.', '-1', '+1', '.5', '.inf', '-.inf', '+.Inf', '.nan', '.NaN', '1_000', '12:30', '2012-10-17',
  'a: b', 'a:b', 'a:', ':a', 'a :b', 'a #b', 'a#b', '#a', '- a', '-a', '-', '--', '?', '? a', '?a', ': a', '[a]', 'a[b]', '{a}', 'a,b',
  '&a', '*a', '!a', '|a', '>a', "'a", '"a', '%a', '@a', '`a', 'a ', ' a', 'a\nb', 'a\n', 'a\n\n', '\na', ' a\nb', 'a\tb', '\ta',
  'a\u0001b', 'a\u007fb', 'é', 'ü ber', 'a\u0085b', '\ud800', '---', '--- a', '...', 'a\n---\nb', '...\nx', 'arn:aws:s3:::bucket/*',
  '${xr.spec.x}', 'spec.forProvider.region', "it's", 'say "hi"', 'a\\b', '/path/x', '_x', 'C:\\dir', 'a: b\nc: d', '  indented\nlines',
  'trailing space \nx', 'x\n  y\n', '=', '<<', '<', 'NaN', 'Infinity', 'has(self.x) && self.y == "z"', 'k'.repeat(1030), 'w '.repeat(60),
];
const NUMBERS = [0, -0, 1, -1, 42, 1.5, -2.25, 1e21, 1e-7, 123456789012, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity];

/** A small deterministic generator (mulberry32): the same data on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function value(next: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const r = next();
  if (depth > 0 && r < 0.3) {
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(next() * 5); i > 0; i--) o[pick(STRINGS)] = value(next, depth - 1);
    return o;
  }
  if (depth > 0 && r < 0.5) return Array.from({ length: Math.floor(next() * 5) }, () => value(next, depth - 1));
  if (r < 0.8) return pick(STRINGS);
  if (r < 0.9) return pick(NUMBERS);
  return pick([true, false, null]);
}

test('3,000 generated documents are written as the library writes them', () => {
  const next = random(20261203);
  for (let i = 0; i < 3000; i++) {
    const doc: Record<string, unknown> = { kind: 'Generated', index: i };
    for (let k = 0; k < 4; k++) doc[STRINGS[Math.floor(next() * STRINGS.length)]!] = value(next, 4);
    expect(yamlText(doc)).toBe(library(doc));
  }
});

test('data only the library writes is handed to it whole: aliases, undefined in a list, a non-map document, a class instance', () => {
  const shared = { a: 1 };
  const cases: unknown[] = [
    { x: shared, y: shared },
    { list: [1, undefined, 2] },
    { skipped: undefined, kept: 1 },
    {},
    [{ a: 1 }],
    'a string',
    { when: new Date(0), map: new Map([['k', 'v']]) },
    { ['k'.repeat(1030)]: 1 },
  ];
  for (const c of cases) expect(yamlText(c)).toBe(library(c));
  expect(yamlText({ x: shared, y: shared })).toContain('&a1');
});
