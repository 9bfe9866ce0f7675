import { FilterPatternSyntaxError, MetricFilterPattern, parseFilterPattern } from '../../../compositions/policy/metric-filter-pattern';

const matches = (pattern: string, event: unknown): boolean => new MetricFilterPattern(pattern).matches(event);

// The example events of the CloudWatch Logs guide, "Filter pattern syntax" (JSON section).
const DOC_EVENT = {
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [{ name: 'a', id: 1 }, { name: 'b', id: 2 }],
  SomeObject: null,
  ThisFlag: true,
};
const COMPOUND_EVENT = {
  user: { id: 1, email: 'John.Stiles@example.com' },
  users: [{ id: 2, email: 'John.Doe@example.com' }, { id: 3, email: 'Jane.Doe@example.com' }],
  actions: ['GET', 'PUT', 'DELETE'],
  coordinates: [[0, 1, 2], [4, 5, 6], [7, 8, 9]],
};

describe('MetricFilterPattern: the AWS guide examples', () => {
  test.each([
    '{ $.eventType = "UpdateTrail" }',
    '{ $.sourceIPAddress != 123.123.* }',
    '{ $.arrayKey[0] = "value" }',
    '{ $.objectList[1].id = 2 }',
    '{ $.SomeObject IS NULL }',
    '{ $.SomeOtherObject NOT EXISTS }',
    '{ $.ThisFlag IS TRUE }',
  ])('%s matches the example event', (pattern) => {
    expect(matches(pattern, DOC_EVENT)).toBe(true);
  });

  test.each([
    ['{ $.eventType = "CreateTrail" }', 'a different value'],
    ['{ $.sourceIPAddress = 123.123.* }', 'a prefix that does not match'],
    ['{ $.objectList[2].id = 2 }', 'an index past the end'],
    ['{ $.eventType[0] = "UpdateTrail" }', 'an index on a non-array'],
    ['{ $.eventType IS NULL }', 'IS NULL on a set value'],
    ['{ $.SomeOtherObject IS NULL }', 'IS NULL on a missing value (only true when set to null)'],
    ['{ $.SomeObject NOT EXISTS }', 'NOT EXISTS on a property set to null'],
    ['{ $.ThisFlag IS FALSE }', 'IS FALSE on true'],
    ['{ $.eventType IS TRUE }', 'IS TRUE on a string'],
  ])('%s does not match (%s)', (pattern) => {
    expect(matches(pattern, DOC_EVENT)).toBe(false);
  });

  test.each([
    ['{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', true],
    ['{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', false],
    ['{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', true],
    ['{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', false],
  ])('compound %s -> %s (precedence () > && > ||)', (pattern, expected) => {
    expect(matches(pattern, COMPOUND_EVENT)).toBe(expected);
  });

  test('a selector pointing to an array or object fails both = and != (the guide: users is an array)', () => {
    expect(matches('{ $.users = 1 }', { users: [1, 2, 3] })).toBe(false);
    expect(matches('{ $.users != 1 }', { users: [1, 2, 3] })).toBe(false);
    expect(matches('{ $.user != 1 }', COMPOUND_EVENT)).toBe(false);
  });

  test('an unresolved selector makes both = and != false', () => {
    expect(matches('{ $.missing = "x" }', {})).toBe(false);
    expect(matches('{ $.missing != "x" }', {})).toBe(false);
    expect(matches('{ $.a.b != "x" }', { a: 'flat' })).toBe(false);
  });

  test.each([
    ['{ $.latency >= 500 }', { latency: 500 }, true],
    ['{ $.latency >= 500 }', { latency: 499.9 }, false],
    ['{ $.numbers[0] < 10e3 }', { numbers: [9999] }, true],
    ['{ $.numbers[0] < 10e-3 }', { numbers: [0.01] }, false],
    ['{ $.processes[4].averageRuntime <= 55.5 }', { processes: [{}, {}, {}, {}, { averageRuntime: 55.5 }] }, true],
    ['{ $.errorCode = 400 }', { errorCode: 400 }, true],
    ['{ $.errorCode != 500 }', { errorCode: 400 }, true],
    ['{ $.errorCode != 500 }', { errorCode: 500 }, false],
    ['{ $.latency > +1000 }', { latency: 1001 }, true],
    ['{ $.latency > 1000 }', { latency: '2000' }, false],
  ])('numeric %s on %j -> %s', (pattern, event, expected) => {
    expect(matches(pattern, event)).toBe(expected);
  });

  test('JSON OR examples: {$.foo = bar} / {$.foo = baz} / either', () => {
    expect(matches('{$.foo = bar}', { foo: 'bar' })).toBe(true);
    expect(matches('{$.foo = baz }', { foo: 'bar' })).toBe(false);
    expect(matches('{$.foo = bar || $.foo = baz }', { foo: 'baz' })).toBe(true);
  });
});

describe('MetricFilterPattern: values', () => {
  test('a leading * matches a suffix, a trailing * a prefix, both a substring', () => {
    expect(matches('{ $.e = "*Event" }', { e: 'PutEvent' })).toBe(true);
    expect(matches('{ $.e = "*Event" }', { e: 'EventId' })).toBe(false);
    expect(matches('{ $.e = Event* }', { e: 'EventName' })).toBe(true);
    expect(matches('{ $.e = Event* }', { e: 'PutEvent' })).toBe(false);
    expect(matches('{ $.e = "*vent*" }', { e: 'PutEventNow' })).toBe(true);
    expect(matches('{ $.latency = * }', { latency: 3 })).toBe(true);
    expect(matches('{ $.latency = * }', {})).toBe(false);
  });

  test('a * inside the text is literal ("Ev*ent will only match the actual string Ev*ent")', () => {
    expect(matches('{ $.e = "Ev*ent" }', { e: 'Event' })).toBe(false);
    expect(matches('{ $.e = "Ev*ent" }', { e: 'Ev*ent' })).toBe(true);
  });

  test('quoted and unquoted values mean the same; quotes allow any character and \\" escapes', () => {
    expect(matches('{ $.eventName = ConsoleLogin }', { eventName: 'ConsoleLogin' })).toBe(true);
    expect(matches('{ $.eventName = "ConsoleLogin" }', { eventName: 'ConsoleLogin' })).toBe(true);
    expect(matches('{ $.errorMessage = "Failed authentication" }', { errorMessage: 'Failed authentication' })).toBe(true);
    expect(matches('{ $.m = "say \\"hi\\"" }', { m: 'say "hi"' })).toBe(true);
  });

  test('matching is case-sensitive', () => {
    expect(matches('{ $.eventName = consolelogin }', { eventName: 'ConsoleLogin' })).toBe(false);
  });

  test('%regex% searches the value; ^ and $ anchor', () => {
    expect(matches('{ $.eventType = %UpdateTr[a-z]+% }', { eventType: 'UpdateTrail' })).toBe(true);
    expect(matches('{ $.eventType = %^Trail% }', { eventType: 'UpdateTrail' })).toBe(false);
    expect(matches('{ $.eventType != %^Create% }', { eventType: 'UpdateTrail' })).toBe(true);
  });

  test('selectors accept - and _ in property names and nested indexes', () => {
    expect(matches('{ $.a-b_c[1][0] = x }', { 'a-b_c': [['y'], ['x']] })).toBe(true);
  });

  test('events that are not JSON objects never match; JSON text is parsed', () => {
    expect(matches('{ $.a = 1 }', 'not json')).toBe(false);
    expect(matches('{ $.a = 1 }', '{"a":1}')).toBe(true);
    expect(matches('{ $.a = 1 }', [1])).toBe(false);
  });
});

describe('parseFilterPattern', () => {
  test('builds the tree with && binding tighter than ||', () => {
    expect(parseFilterPattern('{ $.a = 1 || $.b = x && $.c NOT EXISTS }')).toEqual({
      type: 'or',
      operands: [
        { type: 'compare', selector: [{ property: 'a' }], operator: '=', value: { kind: 'number', value: 1, text: '1' } },
        {
          type: 'and',
          operands: [
            { type: 'compare', selector: [{ property: 'b' }], operator: '=', value: { kind: 'string', text: 'x', quoted: false } },
            { type: 'notExists', selector: [{ property: 'c' }] },
          ],
        },
      ],
    });
  });

  test.each([
    ['ERROR', "filter pattern 'ERROR': only JSON filter patterns '{ ... }' are supported at position 0"],
    ['{ $.a = 1', "filter pattern '{ $.a = 1': expected '}' at position 9"],
    ['{ ($.a = 1 }', "filter pattern '{ ($.a = 1 }': expected ')' at position 11"],
    ['{ $.a > abc }', "filter pattern '{ $.a > abc }': operator '>' needs a number, got 'abc' at position 8"],
    ['{ $.a IS MAYBE }', "filter pattern '{ $.a IS MAYBE }': expected 'IS NULL', 'IS TRUE' or 'IS FALSE' at position 9"],
    ['{ $.a = "x }', "filter pattern '{ $.a = \"x }': unterminated quoted string at position 8"],
    ['{ $.a = %a(b)% }', "filter pattern '{ $.a = %a(b)% }': regex 'a(b)' uses characters CloudWatch Logs does not support (no parentheses, only _#=@/;,- symbols) at position 8"],
    ['{ $ = 1 }', "filter pattern '{ $ = 1 }': selector must start with '$.' at position 2"],
    ['{ $.a = 1 } x', "filter pattern '{ $.a = 1 } x': unexpected text after '}' at position 12"],
  ])('throws if the pattern is malformed: %s', (pattern, message) => {
    expect(() => parseFilterPattern(pattern)).toThrow(FilterPatternSyntaxError);
    expect(() => parseFilterPattern(pattern)).toThrow(message);
  });
});
