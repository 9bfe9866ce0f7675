// Regenerates test/fixtures/validator/json-schema-test-suite.json from a checkout of
// json-schema-org/JSON-Schema-Test-Suite: the draft 2020-12 cases of every keyword the schema
// walker implements, as facts (schema, data, expected validity; no descriptions).
//   tsx scripts/json-schema-test-suite.ts <checkout>
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileRe2 } from '../validator/re2';
import { supports } from '../validator/schema-walker';

const FILES = [
  'additionalProperties', 'allOf', 'anyOf', 'boolean_schema', 'const', 'default', 'enum', 'exclusiveMaximum',
  'exclusiveMinimum', 'items', 'maxItems', 'maxLength', 'maxProperties', 'maximum', 'minItems', 'minLength',
  'minProperties', 'minimum', 'multipleOf', 'not', 'oneOf', 'pattern', 'properties', 'propertyNames', 'required',
  'type', 'uniqueItems',
];

// Patterns run on Go's regexp: a case whose ECMAScript pattern RE2 refuses is not ours to test.
function patternsCompile(s: unknown): boolean {
  if (!s || typeof s !== 'object') return true;
  const pattern = (s as { pattern?: unknown }).pattern;
  if (typeof pattern === 'string') {
    try {
      compileRe2(pattern);
    } catch {
      return false;
    }
  }
  return Object.values(s).every((v) => (Array.isArray(v) ? v.every(patternsCompile) : patternsCompile(v)));
}

const checkout = process.argv[2];
if (!checkout) {
  process.stderr.write('usage: tsx scripts/json-schema-test-suite.ts <JSON-Schema-Test-Suite checkout>\n');
  process.exit(2);
}
const commit = execFileSync('git', ['-C', checkout, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const groups: { file: string; schema: unknown; tests: { data: unknown; valid: boolean }[] }[] = [];
for (const file of FILES) {
  const text = execFileSync('git', ['-C', checkout, 'show', `HEAD:tests/draft2020-12/${file}.json`], { encoding: 'utf8' });
  for (const g of JSON.parse(text) as { schema: unknown; tests: { data: unknown; valid: boolean }[] }[]) {
    let schema = g.schema;
    if (schema && typeof schema === 'object') {
      const { $schema: _dialect, ...rest } = schema as Record<string, unknown>;
      schema = rest;
    }
    if (!supports(schema as boolean) || !patternsCompile(schema)) continue;
    groups.push({ file, schema, tests: g.tests.map((t) => ({ data: t.data, valid: t.valid })) });
  }
}
const out = path.resolve(__dirname, '..', 'test', 'fixtures', 'validator', 'json-schema-test-suite.json');
fs.writeFileSync(out, `${JSON.stringify({ source: `json-schema-org/JSON-Schema-Test-Suite@${commit.slice(0, 12)} tests/draft2020-12: schemas, data and expected validity only`, groups }, null, 1)}\n`);
process.stdout.write(`${groups.length} groups, ${groups.reduce((n, g) => n + g.tests.length, 0)} cases -> ${path.relative(process.cwd(), out)}\n`);
