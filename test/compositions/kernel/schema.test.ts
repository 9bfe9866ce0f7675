import { Schema, toOpenApi } from '../../../compositions/kernel/schema';

describe('Schema', () => {
  test('renders CEL rules, defaults and list types with Kubernetes keys', () => {
    const node = Schema.object('Params.', {
      cidrs: Schema.array('CIDRs.', Schema.string('A CIDR.', { maxLength: 43 }), { listType: 'set', minItems: 1, maxItems: 4, rules: [{ rule: 'self.all(c, isCIDR(c))', message: 'cidrs must be CIDRs' }] }),
      days: Schema.integer('Days.', { minimum: 1, default: 365 }),
    }, { required: ['cidrs'] });
    expect(toOpenApi(node)).toEqual({
      type: 'object',
      description: 'Params.',
      required: ['cidrs'],
      properties: {
        cidrs: {
          type: 'array', description: 'CIDRs.', minItems: 1, maxItems: 4, 'x-kubernetes-list-type': 'set',
          items: { type: 'string', description: 'A CIDR.', maxLength: 43 },
          'x-kubernetes-validations': [{ rule: 'self.all(c, isCIDR(c))', message: 'cidrs must be CIDRs' }],
        },
        days: { type: 'integer', description: 'Days.', minimum: 1, default: 365 },
      },
    });
  });

  test('throws if a property has no description', () => {
    expect(() => Schema.string(' ', { maxLength: 1 })).toThrow('schema: every property needs a description');
  });

  test('throws if a required property is not declared', () => {
    expect(() => Schema.object('X.', { a: Schema.boolean('A.') }, { required: ['b'] })).toThrow(
      "schema: required property 'b' is not declared (declared: a)",
    );
  });
});

describe('toOpenApi at depth', () => {
  test('CEL rules and list types on array items and map values keep their Kubernetes keys', () => {
    const node = Schema.array('ARNs.', Schema.arn('An ARN.', { rules: [{ rule: "self.startsWith('arn:')", message: 'must be an ARN' }] }), { maxItems: 2 });
    const map = Schema.stringMap('Tags.', { maxProperties: 3, maxValueLength: 256 });
    expect(toOpenApi(node).items).toEqual({ type: 'string', description: 'An ARN.', maxLength: 2048, 'x-kubernetes-validations': [{ rule: "self.startsWith('arn:')", message: 'must be an ARN' }] });
    expect(toOpenApi(map)).toMatchObject({ maxProperties: 3, additionalProperties: { type: 'string', maxLength: 256 } });
    expect(JSON.stringify(toOpenApi(Schema.object('O.', { a: node })))).not.toMatch(/xKubernetes/);
  });
});

describe('every string, list and map is bounded', () => {
  test('an enum string is bounded by its longest value', () => {
    expect(Schema.string('Mode.', { enum: ['None', 'WriteOnly', 'All'] })).toMatchObject({ maxLength: 9 });
  });

  test('throws if a bound is not a positive integer or contradicts the other constraints', () => {
    expect(() => Schema.string('X.', { maxLength: 0 })).toThrow('schema: string "X." needs a positive maxLength (got 0)');
    expect(() => Schema.string('X.', { maxLength: 3, minLength: 4 })).toThrow('schema: string "X.": minLength 4 exceeds maxLength 3');
    expect(() => Schema.string('X.', { enum: ['long', 'l'], maxLength: 2 })).toThrow('schema: string "X.": enum values longer than maxLength 2: long');
    expect(() => Schema.array('L.', Schema.boolean('B.'), { maxItems: 0 })).toThrow('schema: array "L." needs a positive maxItems (got 0)');
  });
});
