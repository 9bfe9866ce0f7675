// Conditions (function-cel-filter) and conditional templates refuse what could never evaluate as
// meant: a non-finite number literal, an empty and/or, a presence test on a wildcard path, and a
// conditional resource that would wait for the environment.
import { Condition, ParameterRef, Schema } from '../../../compositions';
import { conditionalTemplate } from '../../../compositions/kernel/cel-filter';

const owner = {};
const size = ParameterRef.declared(owner, 'size', Schema.integer('A size.'));
const enabled = ParameterRef.declared(owner, 'enabled', Schema.boolean('On.'));

describe('Condition', () => {
  test('a number parameter compares with finite literals only (CEL has no NaN or infinity literal)', () => {
    expect(Condition.equals(size, 3).expression).toBe('has(observed.composite.resource.spec) && has(observed.composite.resource.spec.parameters) && has(observed.composite.resource.spec.parameters.size) && observed.composite.resource.spec.parameters.size == 3');
    expect(() => Condition.equals(size, Number.NaN)).toThrow('condition value NaN is not a finite number');
    expect(() => Condition.oneOf(size, [1, Number.POSITIVE_INFINITY])).toThrow('condition value Infinity is not a finite number');
  });

  test('and/or of nothing is refused; of one condition is that condition', () => {
    expect(() => Condition.and()).toThrow('Condition.and needs at least one condition');
    expect(() => Condition.or()).toThrow('Condition.or needs at least one condition');
    const on = Condition.isTrue(enabled);
    expect(Condition.and(on)).toBe(on);
    expect(Condition.or(on)).toBe(on);
    expect(Condition.or(on, Condition.has(size)).expression).toBe(`(${on.expression}) || (${Condition.has(size).expression})`);
    expect(Condition.or(on, Condition.has(size)).reads).toEqual([enabled, size]);
    expect(Condition.and(on, Condition.has(size)).expression).toBe(`(${on.expression}) && (${Condition.has(size).expression})`);
  });
});

describe('conditionalTemplate', () => {
  const base = { apiVersion: 'v1', kind: 'X' };

  test('a Required patch reading a wildcard path cannot become a presence test', () => {
    const patches = [{ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.parameters.cidrs[*]', toFieldPath: 'spec.forProvider.cidrs', policy: { fromFieldPath: 'Required' } }];
    expect(() => conditionalTemplate({ name: 'x', base, patches } as never, [], 'XTest')).toThrow(
      'XTest: patch 0: a wildcard source (spec.parameters.cidrs[*]) cannot be tested for presence',
    );
  });

  test('a Required patch from the environment would hold a conditional resource back: make it Optional', () => {
    const patches = [
      { type: 'FromCompositeFieldPath', fromFieldPath: 'spec.parameters.size', toFieldPath: 'spec.forProvider.size' },
      { type: 'FromEnvironmentFieldPath', fromFieldPath: 'account.id', toFieldPath: 'spec.forProvider.accountId', policy: { fromFieldPath: 'Required' } },
    ];
    expect(() => conditionalTemplate({ name: 'x', base, patches } as never, [], 'XTest')).toThrow(
      'XTest: patch 1 (FromEnvironmentFieldPath) is Required on the environment; a conditional resource cannot wait for the environment (make it Optional)',
    );
  });

  test('a patch set the template names must be declared', () => {
    expect(() => conditionalTemplate({ name: 'x', base, patches: [{ type: 'PatchSet', patchSetName: 'nope' }] } as never, [], 'XTest')).toThrow(
      "XTest: patch set 'nope' is referenced but not declared",
    );
  });
});
