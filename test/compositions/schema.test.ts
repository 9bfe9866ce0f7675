import { Schema, toOpenApi } from '../../compositions/schema';

describe('Schema', () => {
  test('renders CEL rules, defaults and list types with Kubernetes keys', () => {
    const node = Schema.object('Params.', {
      cidrs: Schema.array('CIDRs.', Schema.string('A CIDR.'), { listType: 'set', minItems: 1, rules: [{ rule: 'self.all(c, isCIDR(c))', message: 'cidrs must be CIDRs' }] }),
      days: Schema.integer('Days.', { minimum: 1, default: 365 }),
    }, { required: ['cidrs'] });
    expect(toOpenApi(node)).toEqual({
      type: 'object',
      description: 'Params.',
      required: ['cidrs'],
      properties: {
        cidrs: {
          type: 'array', description: 'CIDRs.', minItems: 1, 'x-kubernetes-list-type': 'set',
          items: { type: 'string', description: 'A CIDR.' },
          'x-kubernetes-validations': [{ rule: 'self.all(c, isCIDR(c))', message: 'cidrs must be CIDRs' }],
        },
        days: { type: 'integer', description: 'Days.', minimum: 1, default: 365 },
      },
    });
  });

  test('throws if a property has no description', () => {
    expect(() => Schema.string(' ')).toThrow('schema: every property needs a description');
  });

  test('throws if a required property is not declared', () => {
    expect(() => Schema.object('X.', { a: Schema.boolean('A.') }, { required: ['b'] })).toThrow(
      "schema: required property 'b' is not declared (declared: a)",
    );
  });
});
