// The schema walker validates like Ajv's generated code (the validator it replaces), proven three
// ways: JSON-Schema-Test-Suite's cases for every keyword the walker implements (expected validity
// from the suite, errors from Ajv), Ajv's quirks kept on purpose, and every object of the package
// and of a rendered claim, unchanged and mutated, with errors and defaults compared field by field.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020';
import { newSchemaAjv, newSchemaWalker } from '../../validator/compiled-schemas';
import { k8sToJsonSchema, type Schema } from '../../validator/k8s-to-json-schema';
import { readPackage } from '../../validator/package';
import { SchemaBundle } from '../../validator/schema-bundle';
import { GROUP_KEYWORDS, RULE_KEYWORDS, supports, UNTYPED, type WalkerValidate } from '../../validator/schema-walker';
import { xrdSchemas } from '../../validator/xrd-schemas';
import { renderExample } from '../support/render-example';
import { clone, compare, mutate, seeded } from '../support/schema-walker-oracle';

const ROOT = path.resolve(__dirname, '..', '..');
// A walker of its own (not the one compiled-schemas.ts shares), configured the same way.
const walker = newSchemaWalker();

interface SuiteGroup {
  file: string;
  schema: Schema | boolean;
  tests: { data: unknown; valid: boolean }[];
}
const suite = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'validator', 'json-schema-test-suite.json'), 'utf8')) as { source: string; groups: SuiteGroup[] };

/**
 * Where Ajv (and so the walker, which must agree with it) departs from the suite's expected
 * validity, under our options. Both are pinned by the comparison with Ajv above them.
 */
const AJV_DEVIATIONS: { file: string; applies: (schema: Schema | boolean) => boolean; why: string }[] = [
  { file: 'default', applies: () => true, why: 'useDefaults writes the default, which the suite expects to be ignored (annotation only)' },
  {
    file: 'properties',
    applies: (s) => JSON.stringify(s).includes('"constructor"'),
    why: 'without ownProperties Ajv reads inherited members: {}.constructor is "present"',
  },
  { file: 'required', applies: (s) => JSON.stringify(s).includes('"constructor"'), why: 'the same: toString and constructor count as present on {}' },
];

// Schemas of the suite Ajv refuses to compile.
const REFUSED = new Set([JSON.stringify({ enum: [] })]);

describe('JSON-Schema-Test-Suite (draft 2020-12) on the keywords the walker implements', () => {
  // Many suite schemas use a keyword without its type, which strict mode refuses: the oracle is
  // Ajv with the same options, not strict.
  const lax = newSchemaAjv(false);
  const byFile = new Map<string, SuiteGroup[]>();
  for (const g of suite.groups) byFile.set(g.file, [...(byFile.get(g.file) ?? []), g]);

  it('covers every keyword file with cases', () => {
    expect([...byFile.keys()].sort()).toEqual(['additionalProperties', 'allOf', 'anyOf', 'boolean_schema', 'const', 'default', 'enum', 'exclusiveMaximum', 'exclusiveMinimum', 'items', 'maxItems', 'maxLength', 'maxProperties', 'maximum', 'minItems', 'minLength', 'minProperties', 'minimum', 'multipleOf', 'not', 'oneOf', 'pattern', 'properties', 'propertyNames', 'required', 'type', 'uniqueItems']);
    expect(suite.groups.reduce((n, g) => n + g.tests.length, 0)).toBe(537);
  });

  it.each([...byFile.keys()])('%s: the suite\'s validity, and Ajv\'s errors and defaults', (file) => {
    for (const g of byFile.get(file)!) {
      expect(supports(g.schema)).toBe(true);
      // A schema Ajv refuses never reaches the walker (compiled-schemas.ts asks Ajv first).
      if (REFUSED.has(JSON.stringify(g.schema))) {
        expect(() => lax.compile(g.schema)).toThrow();
        continue;
      }
      const ajv = lax.compile(g.schema);
      const walk = walker.validator(g.schema);
      for (const t of g.tests) {
        const where = `${JSON.stringify(g.schema)} on ${JSON.stringify(t.data)}`;
        expect({ where, diff: compare(ajv, walk, t.data) }).toEqual({ where, diff: undefined });
        if (AJV_DEVIATIONS.some((d) => d.file === file && d.applies(g.schema))) continue;
        expect({ where, valid: walk(clone(t.data)) }).toEqual({ where, valid: t.valid });
      }
    }
  });
});

describe("the walker's keyword tables are Ajv's", () => {
  const { RULES } = newSchemaAjv();
  it("RULE_KEYWORDS is Ajv's RULES.all (what makes a schema have rules)", () => {
    expect([...RULE_KEYWORDS].sort()).toEqual(Object.keys(RULES.all).sort());
  });
  it("each group's keywords run in Ajv's order (the supported ones, as RULES lists them)", () => {
    const order = (type: string | undefined) => RULES.rules.find((g) => g.type === type)!.rules.map((r) => r.keyword);
    const supported = new Set<string>([...UNTYPED, ...Object.values(GROUP_KEYWORDS).flat()]);
    expect(order(undefined).filter((k) => supported.has(k))).toEqual([...UNTYPED]);
    for (const [group, keywords] of Object.entries(GROUP_KEYWORDS)) expect(order(group).filter((k) => supported.has(k))).toEqual(keywords);
    expect(RULES.rules.map((g) => g.type)).toEqual([undefined, 'number', 'string', 'array', 'object']);
  });
});

describe('supports: the walker takes only schemas whose every keyword it implements', () => {
  it.each<[string, Schema | boolean, boolean]>([
    ['every keyword k8sToJsonSchema emits', { type: 'object', required: ['a'], additionalProperties: false, propertyNames: { pattern: '^a' }, properties: { a: { type: ['string', 'null'], enum: ['x', null], default: 'x', maxLength: 3, format: 'date' }, b: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string' }], allOf: [{ not: { const: 1 } }] }, c: { type: 'array', uniqueItems: true, items: { oneOf: [{ type: 'number', multipleOf: 2 }] } } } }, true],
    ['a boolean schema', false, true],
    ['$ref at the top', { $ref: '#/$defs/a' }, false],
    ['patternProperties under properties', { properties: { a: { patternProperties: { '^x': {} } } } }, false],
    ['if under items', { items: { if: { type: 'string' } } }, false],
    ['contains under an anyOf branch', { anyOf: [{ contains: {} }] }, false],
    ['dependentRequired under additionalProperties', { additionalProperties: { dependentRequired: {} } }, false],
    ['a non-object schema', [] as unknown as Schema, false],
    ['properties that are not an object', { properties: true } as unknown as Schema, false],
    ['anyOf that is not a list', { anyOf: {} } as unknown as Schema, false],
  ])('%s', (_name, schema, expected) => {
    expect(supports(schema)).toBe(expected);
  });

  it('a schema k8sToJsonSchema makes from a CRD with every structural feature is supported', () => {
    const crd: Schema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          required: ['port'],
          properties: {
            port: { 'x-kubernetes-int-or-string': true, pattern: '^[0-9]+$', maximum: 65535 },
            tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
            opt: { type: 'string', nullable: true, enum: ['a'] },
            raw: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            obj: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: {} },
            bound: { type: 'number', minimum: 1, exclusiveMinimum: true },
            pick: { oneOf: [{ required: ['a'] }], not: { required: ['b'] }, properties: { a: { type: 'string' }, b: { type: 'string' } } },
          },
        },
      },
    };
    expect(supports(k8sToJsonSchema(crd))).toBe(true);
  });
});

describe("Ajv's behaviour kept where it differs from a plain reading of the specification", () => {
  const strict = newSchemaAjv();
  const both = (schema: Schema): [ValidateFunction, WalkerValidate] => [strict.compile(schema), walker.validator(schema)];
  const cases: [string, Schema, unknown[]][] = [
    // Ajv stops at the second passing branch: the third's errors are never reported.
    ['oneOf with one, two and three passing branches', { oneOf: [{ type: 'number' }, { type: 'integer' }, { minimum: 0, type: 'number' }] }, [-1.5, -1, 1, 'x']],
    // With several item types the string "1" and the number 1 are distinct; with one, strings are keyed raw.
    ['uniqueItems over scalars of several types', { type: 'array', uniqueItems: true, items: { type: ['string', 'number'] } }, [['1', 1], [1, 1], ['a', 'a', 'b'], [true, true]]],
    ['uniqueItems over objects', { type: 'array', uniqueItems: true, items: { type: 'object' } }, [[{ a: 1 }, { a: 1 }], [{ a: 1 }, { a: 2 }]]],
    // Type errors come first unless the type has a rule group in the schema (then after enum/anyOf).
    ['string with enum and pattern: enum error before the type error', { type: 'string', enum: ['a'], pattern: '^a$' }, [1, 'b', 'a']],
    ['integer with format: type error first, then the number group', { type: 'integer', format: 'int32', minimum: 0 }, [1.5, -1, 2 ** 40, 'x']],
    // More than eight declared properties: additionalProperties asks hasOwnProperty of the schema.
    ['additionalProperties next to nine properties', { type: 'object', additionalProperties: false, properties: Object.fromEntries('abcdefghi'.split('').map((k) => [k, { type: 'string' }])) }, [{ a: 'x', toString: 1 }, { j: 1 }]],
    // Defaults are written in allOf branches but not in anyOf/oneOf/not branches (strict mode refuses those schemas).
    ['defaults under allOf', { type: 'object', allOf: [{ properties: { a: { type: 'string', default: 'x' } } }] }, [{}, { a: 1 }]],
    ['propertyNames with patterns under allOf', { type: 'object', propertyNames: { allOf: [{ pattern: '^[a-z]+$' }, { maxLength: 3 }] } }, [{ ab: 1, ABCD: 2 }, {}]],
    ['not and anyOf', { not: { type: 'string' }, anyOf: [{ type: 'integer' }, { type: 'array', minItems: 2 }] }, ['s', 1, [1], [1, 2], 1.5]],
    ['multipleOf with a fraction', { type: 'number', multipleOf: 0.01 }, [0.07, 1.1, 4.35, 0.075]],
    ['length in code points', { type: 'string', maxLength: 2, minLength: 2 }, ['\u{1F600}\u{1F600}', '\u{1F600}', 'abc']],
    ['nullable type list', { type: ['string', 'null'], maxLength: 1 }, [null, 'ab', 3]],
  ];
  it.each(cases)('%s', (_name, schema, data) => {
    const [ajv, walk] = both(schema);
    for (const d of data) expect({ d, diff: compare(ajv, walk, d) }).toEqual({ d, diff: undefined });
  });

  it('reports what the quirks decide (facts, so an oracle change cannot hide)', () => {
    const oneOf = walker.validator({ oneOf: [{ type: 'number' }, { type: 'integer' }, { minimum: 0, type: 'number' }] });
    expect([-1.5, -1, 1].map((d) => oneOf(d))).toEqual([true, false, false]);
    expect((oneOf(-1), oneOf.errors?.map((e) => [e.keyword, e.params]))).toEqual([['oneOf', { passingSchemas: [0, 1] }]]);
    expect((oneOf(-1.5), oneOf.errors)).toBeNull();
    const order = walker.validator({ type: 'string', enum: ['a'], pattern: '^a$' });
    expect((order(1), order.errors?.map((e) => e.keyword))).toEqual(['enum', 'type']);
    const unique = walker.validator({ type: 'array', uniqueItems: true, items: { type: ['string', 'number'] } });
    expect([['1', 1], [2, 0, 2]].map((d) => [unique(d), unique.errors?.[0]?.message])).toEqual([[true, undefined], [false, 'must NOT have duplicate items (items ## 2 and 0 are identical)']]);
  });
});

describe('every object of the package and of a rendered claim, unchanged and mutated', () => {
  const bundle = SchemaBundle.load();
  const dist = readPackage(path.join(ROOT, 'dist')).map((p) => p.object as Record<string, unknown>);
  for (const x of dist.filter((o) => o.kind === 'CompositeResourceDefinition')) for (const e of xrdSchemas(x)) bundle.add(e);
  const dev = renderExample('dev-claim');
  // Every object whose kind has a schema (the package's Configuration and Function kinds have none).
  const objects = [...dist, dev.composite, dev.claim!, ...dev.resources].filter((o) => bundle.lookup(String(o.apiVersion), String(o.kind)));
  const ajv = newSchemaAjv();
  const jsonSchemas = new Map<Schema, [Schema, ValidateFunction, WalkerValidate]>();
  const of = (o: Record<string, unknown>) => {
    const entry = bundle.lookup(String(o.apiVersion), String(o.kind));
    if (!entry) throw new Error(`no schema for ${String(o.apiVersion)}/${String(o.kind)}`);
    let hit = jsonSchemas.get(entry.schema);
    if (!hit) {
      const js = k8sToJsonSchema(entry.schema);
      hit = [js, ajv.compile(js), walker.validator(js)];
      jsonSchemas.set(entry.schema, hit);
    }
    return hit;
  };

  it('agree on each of them and on three mutations of each (seeded), over every kind they use', () => {
    const rand = seeded(20261203);
    const keywords = new Set<string>();
    let variants = 0;
    let invalid = 0;
    for (const o of objects) {
      const [js, a, w] = of(o);
      const all = [clone(o)];
      for (let i = 0; i < 3; i++) {
        const v = clone(o);
        for (let j = 0; j < 2; j++) mutate(v, js, rand);
        all.push(v);
      }
      for (const v of all) {
        variants++;
        const diff = compare(a, w, v);
        if (diff) throw new Error(`${String(o.kind)}/${String((o.metadata as { name?: string }).name)}: ${diff.what} differ\najv: ${JSON.stringify(diff.ajv)?.slice(0, 2000)}\nwalker: ${JSON.stringify(diff.walker)?.slice(0, 2000)}`);
        if (!a(clone(v))) {
          invalid++;
          for (const e of a.errors ?? []) keywords.add(e.keyword);
        }
      }
    }
    // The comparison is not vacuous: most variants are invalid, with the keywords CRDs use.
    expect(objects.length).toBeGreaterThan(400);
    expect(jsonSchemas.size).toBeGreaterThan(80);
    expect(invalid / variants).toBeGreaterThan(0.5);
    expect([...keywords].sort()).toEqual(expect.arrayContaining(['additionalProperties', 'enum', 'format', 'maxLength', 'pattern', 'propertyNames', 'required', 'type']));
  });
});
