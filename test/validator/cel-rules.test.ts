import { escapeCelProperty } from '../../validator/cel';
import type { Schema } from '../../validator/k8s-to-json-schema';
import { Validator } from '../../validator/validate';

// A hand-written CRD exercising how rules are bound, typed and reported.
const rules = (...r: object[]) => ({ 'x-kubernetes-validations': r });
const schema: Schema = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer', default: 1, ...rules({ rule: 'self + 1 <= 10', messageExpression: "'replicas must be at most 9, got ' + string(self)" }) },
        ratio: { type: 'number', ...rules({ rule: 'self < 1.0', message: 'ratio must be below 1' }) },
        port: { 'x-kubernetes-int-or-string': true, ...rules({ rule: 'type(self) == int ? self > 0 : self.matches("^[a-z]+$")', message: 'port must be positive or a name' }) },
        mode: { type: 'string', ...rules({ rule: 'self == oldSelf', message: 'immutable' }, { rule: 'oldSelf.hasValue() || self != "Locked"', optionalOldSelf: true, message: 'cannot create Locked' }) },
        'max-size': { type: 'integer' },
        namespace: { type: 'string' },
        labels: { type: 'object', additionalProperties: { type: 'string', ...rules({ rule: 'size(self) <= 5', message: 'label values are short' }) }, ...rules({ rule: "!('forbidden' in self)", message: 'no forbidden key' }) },
        expires: { type: 'string', format: 'date-time', ...rules({ rule: 'self > timestamp("2020-01-01T00:00:00Z")', message: 'expiry in the past' }) },
        timeout: { type: 'string', format: 'duration', ...rules({ rule: 'self <= duration("1h")', message: 'timeout too long' }) },
        items: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, weight: { type: 'integer' } } },
          ...rules({ rule: 'self.all(i, !has(i.weight) || i.weight > 0)', message: 'weights must be positive', fieldPath: '.weight' }),
        },
      },
      ...rules(
        { rule: "!has(self.max__dash__size) || self.max__dash__size > self.replicas", message: 'max-size must exceed replicas', reason: 'FieldValueForbidden' },
        { rule: "!has(self.__namespace__) || self.__namespace__ != 'kube-system'", message: 'not kube-system' },
        { rule: 'self.ratio > 0.0', message: 'needs a ratio' },
      ),
    },
  },
};

const v = Validator.fromBundleObject({ kinds: { 'example.org/v1/Thing': { group: 'example.org', version: 'v1', kind: 'Thing', plural: 'things', scope: 'Cluster', schema } } });
const thing = (spec: Record<string, unknown>) => ({ apiVersion: 'example.org/v1', kind: 'Thing', metadata: { name: 't' }, spec: { ratio: 0.5, ...spec } });
const messages = (spec: Record<string, unknown>) => v.validate(thing(spec)).map((p) => `${p.path}: ${p.message}`);

describe('x-kubernetes-validations evaluation', () => {
  it('passes a valid object', () => {
    expect(v.validate(thing({ replicas: 3, port: 'http', labels: { a: 'b' }, expires: '2030-01-01T00:00:00Z', timeout: '30m', items: [{ name: 'a', weight: 1 }] }))).toEqual([]);
  });

  it('binds integers as int (BigInt) so arithmetic works, and uses messageExpression', () => {
    expect(messages({ replicas: 12 })).toEqual(['.spec.replicas: replicas must be at most 9, got 12']);
  });

  it('keeps numbers typed as double', () => {
    expect(messages({ ratio: 1.5 })).toEqual(['.spec.ratio: ratio must be below 1']);
  });

  it('types int-or-string values by their JSON type', () => {
    expect(messages({ port: 8080 })).toEqual([]);
    expect(messages({ port: 0 })).toEqual(['.spec.port: port must be positive or a name']);
    expect(messages({ port: 'HTTP' })).toEqual(['.spec.port: port must be positive or a name']);
  });

  it('skips transition rules on create but evaluates optionalOldSelf rules with oldSelf = none', () => {
    expect(messages({ mode: 'Open' })).toEqual([]);
    expect(messages({ mode: 'Locked' })).toEqual(['.spec.mode: cannot create Locked']);
  });

  it('escapes property names the Kubernetes way (__dash__, __namespace__) and appends the reason', () => {
    expect(messages({ replicas: 3, 'max-size': 2 })).toEqual(['.spec: max-size must exceed replicas (FieldValueForbidden)']);
    expect(messages({ namespace: 'kube-system' })).toEqual(['.spec: not kube-system']);
    expect(escapeCelProperty('a.b-c/d__e')).toBe('a__dot__b__dash__c__slash__d__underscores__e');
    expect(escapeCelProperty('in')).toBe('__in__');
    expect(escapeCelProperty('has space')).toBeUndefined();
  });

  it('runs rules on map values (additionalProperties) and on the map itself', () => {
    expect(messages({ labels: { forbidden: 'x', long: 'abcdefgh' } })).toEqual(['.spec.labels: no forbidden key', '.spec.labels.long: label values are short']);
  });

  it('binds date-time strings as timestamps and duration strings as durations', () => {
    expect(messages({ expires: '2019-06-01T00:00:00Z', timeout: '2h' })).toEqual(['.spec.expires: expiry in the past', '.spec.timeout: timeout too long']);
  });

  it('reports at fieldPath and rejects duplicate list-map keys', () => {
    expect(messages({ items: [{ name: 'a', weight: 0 }] })).toEqual(['.spec.items.weight: weights must be positive']);
    expect(v.validate(thing({ items: [{ name: 'a' }, { name: 'a' }] })).map((p) => `${p.path}: ${p.message} [${p.rule}]`)).toEqual([
      '.spec.items[1]: duplicate entry with name="a" (list-map keys must be unique) [x-kubernetes-list-map-keys]',
    ]);
  });

  it('reports a rule that cannot be evaluated, unless a schema error at that field explains it', () => {
    const problems = v.validate({ apiVersion: 'example.org/v1', kind: 'Thing', metadata: { name: 't' }, spec: {} });
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual(['.spec: rule could not be evaluated: No such key: ratio']);
    expect(v.validate(thing({ replicas: 'three' })).map((p) => p.rule)).toEqual(['type']);
  });

  it('uses "failed rule: <rule>" when a rule has no message', () => {
    const bare: Schema = { type: 'object', properties: { spec: { type: 'object', properties: { n: { type: 'integer', ...rules({ rule: 'self % 2 == 0' }) } } } } };
    const w = Validator.fromBundleObject({ kinds: { 'example.org/v1/Even': { group: 'example.org', version: 'v1', kind: 'Even', plural: 'evens', scope: 'Cluster', schema: bare } } });
    expect(w.validate({ apiVersion: 'example.org/v1', kind: 'Even', metadata: { name: 'e' }, spec: { n: 3 } })).toEqual([
      { object: 'Even/e', path: '.spec.n', message: 'failed rule: self % 2 == 0', rule: 'cel: self % 2 == 0' },
    ]);
  });
});
