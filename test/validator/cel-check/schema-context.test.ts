// apiextensions-apiserver validation_test.go TestCostInfo and TestPerCRDEstimatedCost, translated as data
// in test/fixtures/cel-cost/schema-context.json, plus TestCelContext's single conversion.
import fixture from '../../fixtures/cel-cost/schema-context.json';
import { schemaDeclType } from '../../../validator/cel-check/decl-type';
import { CelSchemaContext, TotalCost } from '../../../validator/cel-check/schema-context';
import { checkCrdCel, costErrorMessage, formatFixedHalfEven } from '../../../validator/cel-check/crd-cost';

const doc = fixture as unknown as {
  costInfo: { name: string; schemas: Record<string, unknown>[]; expectedMaxCardinality: string | null }[];
  perCrd: { name: string; costs: string[]; expectedExpensive: string[]; expectedTotal: string }[];
};

describe('validation_test.go TestCostInfo', () => {
  it.each(doc.costInfo.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // simulate the recursive walk down to a string leaf
    const chain = [...c.schemas, { type: 'string' }];
    let ctx = CelSchemaContext.root(chain[0]);
    for (const s of chain.slice(1)) ctx = ctx.childItems(s);
    expect(ctx.maxCardinality === undefined ? null : ctx.maxCardinality.toString()).toBe(c.expectedMaxCardinality);
  });
});

describe('validation_test.go TestPerCRDEstimatedCost', () => {
  it.each(doc.perCrd.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const total = new TotalCost();
    for (const cost of c.costs) total.observe('', BigInt(cost));
    expect(total.mostExpensive.map((r) => r.cost.toString())).toEqual(c.expectedExpensive);
    expect(total.total.toString()).toBe(c.expectedTotal);
  });
});

describe('validation.go getCostErrorMessage', () => {
  it.each([
    [12_345_678n, 10_000_000n, 'estimated rule cost exceeds budget by factor of 1.234568x'],
    [22_500_000n, 10_000_000n, 'estimated rule cost exceeds budget by factor of 2.2x'],
    [23_500_000n, 10_000_000n, 'estimated rule cost exceeds budget by factor of 2.4x'],
    [1_000_000_001n, 10_000_000n, 'estimated rule cost exceeds budget by factor of more than 100x'],
  ])('%s / %s', (cost, limit, prefix) => {
    expect(costErrorMessage('estimated rule cost', cost, limit)).toBe(
      `${prefix} (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`,
    );
  });

  it('formats like Go %f: exact binary value, ties to even', () => {
    expect(formatFixedHalfEven(2.25, 1)).toBe('2.2');
    expect(formatFixedHalfEven(2.75, 1)).toBe('2.8');
    expect(formatFixedHalfEven(0.1, 6)).toBe('0.100000');
  });
});

describe('validation_test.go TestCelContext', () => {
  it('types nested rules from the parent type instead of converting each schema', () => {
    const schema = {
      type: 'object',
      'x-kubernetes-validations': [{ rule: 'self.size() < 100' }],
      additionalProperties: {
        type: 'array',
        items: {
          type: 'object',
          'x-kubernetes-validations': [{ rule: 'has(self.field)' }],
          properties: { field: { 'x-kubernetes-validations': [{ rule: "self.startsWith('abc')" }], type: 'string' } },
        },
      },
    };
    let conversions = 0;
    const root = CelSchemaContext.root(schema, {}, (s, isRoot, o) => {
      conversions++;
      return schemaDeclType(s, isRoot, o);
    });
    const map = root.childAdditionalProperties(schema.additionalProperties);
    const item = map.childItems(schema.additionalProperties.items);
    const field = item.childProperty(schema.additionalProperties.items.properties.field, 'field');
    for (const ctx of [field, item, root]) expect(ctx.typeInfo().info).toBeDefined();
    expect(conversions).toBe(1);
    const report = checkCrdCel(schema);
    expect(report.errors).toEqual([]);
    expect(report.expressions.map((x) => x.dataPath)).toEqual(['[*][*].field', '[*][*]', '.']);
  });
});
