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

describe('toOpenApi at depth', () => {
  test('CEL rules and list types on array items and map values keep their Kubernetes keys', () => {
    const node = Schema.array('ARNs.', Schema.string('An ARN.', { rules: [{ rule: "self.startsWith('arn:')", message: 'must be an ARN' }] }));
    const map = Schema.stringMap('Tags.');
    expect(toOpenApi(node).items).toEqual({ type: 'string', description: 'An ARN.', 'x-kubernetes-validations': [{ rule: "self.startsWith('arn:')", message: 'must be an ARN' }] });
    expect(toOpenApi(map).additionalProperties).toEqual({ type: 'string' });
    expect(JSON.stringify(toOpenApi(Schema.object('O.', { a: node })))).not.toMatch(/xKubernetes/);
  });
});
