import type { JsonObject } from '../../../renderer/types';
import { getCondition, isReady, validateReadinessCheck } from '../../../renderer/functions/ready';

const withConditions = (...conditions: JsonObject[]): JsonObject => ({ apiVersion: 'example.org/v1', kind: 'CD', status: { conditions } });
const available = withConditions({ type: 'Ready', status: 'True', reason: 'Available' });
const unavailable = withConditions({ type: 'Ready', status: 'False', reason: 'Unavailable' });
const composed = (extra: JsonObject = {}): JsonObject => ({ apiVersion: 'example.org/v1', kind: 'CD', ...extra });

function thrownMessage(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('isReady', () => {
  test('NoCustomCheckReady', () => expect(isReady(available)).toBe(true));
  test('NoCustomCheckNotReady', () => expect(isReady(unavailable)).toBe(false));
  test('no checks and no conditions at all is not ready', () => expect(isReady(composed(), [])).toBe(false));

  const matchReadyTrue = { type: 'MatchCondition', matchCondition: { type: 'Ready', status: 'True' } };
  test('MatchConditionReady', () => expect(isReady(available, [matchReadyTrue])).toBe(true));
  test('MatchConditionNotReady', () => expect(isReady(unavailable, [matchReadyTrue])).toBe(false));
  test('MatchCondition on an absent condition compares against Unknown', () => {
    expect(isReady(composed(), [{ type: 'MatchCondition', matchCondition: { type: 'Synced', status: 'Unknown' } }])).toBe(true);
  });

  test('ExplictNone', () => expect(isReady(composed(), [{ type: 'None' }])).toBe(true));

  test('NonEmptyErr', () => {
    expect(thrownMessage(() => isReady(composed(), [{ type: 'NonEmpty', fieldPath: 'metadata..uid' }]))).toMatch(
      /^cannot run readiness check at index 0: /,
    );
  });
  test('NonEmptyFalse', () => expect(isReady(composed(), [{ type: 'NonEmpty', fieldPath: 'metadata.uid' }])).toBe(false));
  test('NonEmptyTrue', () => expect(isReady(composed({ metadata: { uid: 'olala' } }), [{ type: 'NonEmpty', fieldPath: 'metadata.uid' }])).toBe(true));

  test('MatchStringErr', () => {
    expect(thrownMessage(() => isReady(composed(), [{ type: 'MatchString', fieldPath: 'metadata..uid', matchString: 'cool' }]))).toMatch(
      /^cannot run readiness check at index 0: /,
    );
  });
  test('MatchStringFalse', () => expect(isReady(composed(), [{ type: 'MatchString', fieldPath: 'metadata.uid', matchString: 'olala' }])).toBe(false));
  test('MatchStringTrue', () =>
    expect(isReady(composed({ metadata: { uid: 'olala' } }), [{ type: 'MatchString', fieldPath: 'metadata.uid', matchString: 'olala' }])).toBe(true));
  test('MatchString on a non-string field is an error', () => {
    expect(thrownMessage(() => isReady(composed({ spec: { n: 1 } }), [{ type: 'MatchString', fieldPath: 'spec.n', matchString: '1' }]))).toBe(
      'cannot run readiness check at index 0: spec.n: not a string',
    );
  });

  test('MatchIntegerErr', () => {
    expect(thrownMessage(() => isReady(composed(), [{ type: 'MatchInteger', fieldPath: 'metadata..uid', matchInteger: 42 }]))).toMatch(
      /^cannot run readiness check at index 0: /,
    );
  });
  test('MatchIntegerFalse', () =>
    expect(isReady(composed({ spec: { someNum: 6n } } as unknown as JsonObject), [{ type: 'MatchInteger', fieldPath: 'spec.someNum', matchInteger: 5 }])).toBe(false));
  test('MatchIntegerTrue', () =>
    expect(isReady(composed({ spec: { someNum: 5n } } as unknown as JsonObject), [{ type: 'MatchInteger', fieldPath: 'spec.someNum', matchInteger: 5 }])).toBe(true));
  test('MatchInteger on a float64 (how observed numbers arrive) is an error, as with GetInteger', () => {
    expect(thrownMessage(() => isReady(composed({ spec: { someNum: 5 } }), [{ type: 'MatchInteger', fieldPath: 'spec.someNum', matchInteger: 5 }]))).toBe(
      'cannot run readiness check at index 0: spec.someNum: not a (int64) number',
    );
  });

  const someBool = (v?: boolean) => composed({ spec: v === undefined ? {} : { someBool: v } });
  test('MatchTrueMissing', () => expect(isReady(someBool(), [{ type: 'MatchTrue', fieldPath: 'spec.someBool' }])).toBe(false));
  test('MatchTrueReady', () => expect(isReady(someBool(true), [{ type: 'MatchTrue', fieldPath: 'spec.someBool' }])).toBe(true));
  test('MatchTrueNotReady', () => expect(isReady(someBool(false), [{ type: 'MatchTrue', fieldPath: 'spec.someBool' }])).toBe(false));
  test('MatchFalseMissing', () => expect(isReady(someBool(), [{ type: 'MatchFalse', fieldPath: 'spec.someBool' }])).toBe(false));
  test('MatchFalseReady', () => expect(isReady(someBool(false), [{ type: 'MatchFalse', fieldPath: 'spec.someBool' }])).toBe(true));
  test('MatchFalseNotReady', () => expect(isReady(someBool(true), [{ type: 'MatchFalse', fieldPath: 'spec.someBool' }])).toBe(false));

  test('UnknownType', () => {
    expect(thrownMessage(() => isReady(composed(), [{ type: 'Olala' }]))).toBe(
      'cannot run readiness check at index 0: invalid: type: Invalid value: "Olala": unknown readiness check type',
    );
  });

  test('all checks must pass; the index of a failing check is reported', () => {
    const o = composed({ metadata: { uid: 'x' }, spec: { ok: true } });
    expect(isReady(o, [{ type: 'NonEmpty', fieldPath: 'metadata.uid' }, { type: 'MatchTrue', fieldPath: 'spec.ok' }])).toBe(true);
    expect(isReady(o, [{ type: 'NonEmpty', fieldPath: 'metadata.uid' }, { type: 'MatchFalse', fieldPath: 'spec.ok' }])).toBe(false);
    expect(thrownMessage(() => isReady(o, [{ type: 'None' }, { type: 'MatchString', fieldPath: 'spec.ok', matchString: 'true' }]))).toBe(
      'cannot run readiness check at index 1: spec.ok: not a string',
    );
  });

  test('MatchCondition without matchCondition (upstream dereferences nil) fails the check instead of passing', () => {
    expect(thrownMessage(() => isReady(available, [{ type: 'MatchCondition' }]))).toBe(
      'cannot run readiness check at index 0: matchCondition: Required value: cannot be nil for type MatchCondition',
    );
  });
});

describe('validateReadinessCheck', () => {
  test('ValidTypeNone', () => expect(validateReadinessCheck({ type: 'None' })).toBeUndefined());
  test('ValidTypeMatchString', () => expect(validateReadinessCheck({ type: 'MatchString', matchString: 'foo', fieldPath: 'spec.foo' })).toBeUndefined());
  test('ValidTypeMatchCondition', () =>
    expect(validateReadinessCheck({ type: 'MatchCondition', matchCondition: { type: 'someType', status: 'someStatus' }, fieldPath: 'spec.foo' })).toBeUndefined());
  test('ValidTypeMatchTrue', () => expect(validateReadinessCheck({ type: 'MatchTrue', fieldPath: 'spec.foo' })).toBeUndefined());
  test('ValidTypeMatchFalse', () => expect(validateReadinessCheck({ type: 'MatchFalse', fieldPath: 'spec.foo' })).toBeUndefined());
  test('InvalidType', () => expect(validateReadinessCheck({ type: 'foo' })?.message).toBe('type: Invalid value: "foo": unknown readiness check type'));
  test('MatchString without matchString', () =>
    expect(validateReadinessCheck({ type: 'MatchString', fieldPath: 'a' })?.message).toBe('matchString: Required value: cannot be nil for type MatchString'));
  test('MatchInteger without matchInteger', () =>
    expect(validateReadinessCheck({ type: 'MatchInteger', fieldPath: 'a' })?.message).toBe('matchInteger: Required value: cannot be nil for type MatchInteger'));
  test('NonEmpty without fieldPath', () => expect(validateReadinessCheck({ type: 'NonEmpty' })?.message).toBe('fieldPath: Required value: cannot be empty'));
  test('MatchCondition without status', () =>
    expect(validateReadinessCheck({ type: 'MatchCondition', matchCondition: { type: 'Ready' } })?.message).toBe(
      'matchCondition.status: Required value: cannot be empty for type MatchCondition',
    ));
});

describe('getCondition', () => {
  test('returns the named condition or Unknown', () => {
    expect(getCondition(available, 'Ready')).toEqual({ type: 'Ready', status: 'True' });
    expect(getCondition(available, 'Synced')).toEqual({ type: 'Synced', status: 'Unknown' });
  });
});

test('a check reading through a null parent is not ready, not an error (paved.go: expected map, got nil)', () => {
  const observed = { status: { atProvider: null } };
  expect(isReady(observed, [{ type: 'NonEmpty', fieldPath: 'status.atProvider.arn' }])).toBe(false);
  expect(isReady(observed, [{ type: 'MatchString', fieldPath: 'status.atProvider.state', matchString: 'Active' }])).toBe(false);
});
