import {
  expandWildcards,
  FieldPathNotFoundError,
  getValue,
  lookupValue,
  isNotFound,
  mergeValues,
  parseFieldPath,
  segmentsToString,
  setValue,
  type MergeOptions,
  type Segment,
} from '../../../renderer/crossplane/fieldpath';
import type { Json, JsonObject } from '../../../renderer/types';

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

const obj = (json: string): JsonObject => JSON.parse(json) as JsonObject;
const field = (f: string): Segment => ({ type: 'field', field: f });
const index = (i: number): Segment => ({ type: 'index', index: i });
const wildcard: Segment = { type: 'wildcard' };

describe('segmentsToString (TestSegments)', () => {
  test('SingleField', () => expect(segmentsToString([field('spec')])).toBe('spec'));
  test('SingleIndex', () => expect(segmentsToString([index(0)])).toBe('[0]'));
  test('FieldsAndIndex', () => {
    expect(segmentsToString([field('spec'), field('containers'), index(0), field('name')])).toBe('spec.containers[0].name');
  });
  test('PeriodsInField', () => expect(segmentsToString([field('data'), field('.config.yml')])).toBe('data[.config.yml]'));
  test('Wildcard', () => {
    expect(segmentsToString([field('spec'), field('containers'), wildcard, field('name')])).toBe('spec.containers[*].name');
  });
});

describe('bracket contents (TestFieldOrIndex)', () => {
  const bracket = (s: string) => parseFieldPath(`[${s}]`)[0];
  test('Field', () => expect(bracket('coolField')).toEqual(field('coolField')));
  test('QuotedField: quotes are removed', () => expect(bracket("'coolField'")).toEqual(field('coolField')));
  test('QuotedFieldWithPeriods', () => expect(bracket("'cool.Field'")).toEqual(field('cool.Field')));
  test('DoubleQuotedField', () => expect(bracket('"Name"')).toEqual(field('Name')));
  test('Index', () => expect(bracket('3')).toEqual(index(3)));
  test('Negative: a negative integer is a field', () => expect(bracket('-3')).toEqual(field('-3')));
  test('Float: a float is a field', () => expect(bracket('3.0')).toEqual(field('3.0')));
  test('Overflow: integers above MaxUint32 are fields', () => expect(bracket('4294967296')).toEqual(field('4294967296')));
  test('QuotedDigitsAreAField', () => expect(bracket('"0"')).toEqual(field('0')));
  test('Wildcard', () => expect(bracket('*')).toEqual(wildcard));
});

describe('parseFieldPath (TestParse)', () => {
  test('SingleField', () => expect(parseFieldPath('spec')).toEqual([field('spec')]));
  test('SingleIndex', () => expect(parseFieldPath('[0]')).toEqual([index(0)]));
  test('TwoFields', () => expect(parseFieldPath('metadata.name')).toEqual([field('metadata'), field('name')]));
  test('APIConventionsExample', () => {
    expect(parseFieldPath('fields[1].state.current')).toEqual([field('fields'), index(1), field('state'), field('current')]);
  });
  test('SimpleIndex', () => expect(parseFieldPath('items[0]')).toEqual([field('items'), index(0)]));
  test('FieldsAndIndex', () => {
    expect(parseFieldPath('spec.containers[0].name')).toEqual([field('spec'), field('containers'), index(0), field('name')]);
  });
  test('NestedArray', () => {
    expect(parseFieldPath('nested[0][1].name')).toEqual([field('nested'), index(0), index(1), field('name')]);
  });
  test('BracketStyleField', () => {
    expect(parseFieldPath('spec[containers][0].name')).toEqual([field('spec'), field('containers'), index(0), field('name')]);
  });
  test('BracketFieldWithPeriod', () => expect(parseFieldPath('data[.config.yml]')).toEqual([field('data'), field('.config.yml')]));
  test('QuotedFieldWithPeriodInBracket', () => {
    expect(parseFieldPath("metadata.labels['app.hash']")).toEqual([field('metadata'), field('labels'), field('app.hash')]);
  });
  test('LabelKeyWithSlash', () => {
    expect(parseFieldPath('metadata.labels[crossplane.io/x]')).toEqual([field('metadata'), field('labels'), field('crossplane.io/x')]);
  });
  test('DoubleQuotedTag', () => expect(parseFieldPath('tags["Name"]')).toEqual([field('tags'), field('Name')]));
  test('WildcardSegments', () => {
    expect(parseFieldPath('a[*].b')).toEqual([field('a'), wildcard, field('b')]);
    expect(parseFieldPath('a.*')).toEqual([field('a'), wildcard]);
  });
  test('FieldAfterBracketWithoutPeriod', () => expect(parseFieldPath('a[0]b')).toEqual([field('a'), index(0), field('b')]));
  test('EmptyPath', () => expect(parseFieldPath('')).toEqual([]));
  test.each([
    ['LeadingPeriod', '.metadata.name', "unexpected '.' at position 0"],
    ['TrailingPeriod', 'metadata.name.', "unexpected '.' at position 13"],
    ['BracketsFollowingPeriod', 'spec.containers.[0].name', "unexpected '[' at position 16"],
    ['DoublePeriod', 'metadata..name', "unexpected '.' at position 9"],
    ['DanglingRightBracket', 'metadata.]name', "unexpected ']' at position 9"],
    ['DoubleOpenBracket', 'spec[bracketed[name]]', "unexpected '[' at position 14"],
    ['DanglingLeftBracket', 'spec[name', "unterminated '[' at position 4"],
    ['EmptyBracket', 'spec[]', "unexpected ']' at position 5"],
    ['PositionsCountUtf8Bytes', 'é..x', "unexpected '.' at position 3"],
  ])('%s', (_name, path, message) => {
    expect(errorOf(() => parseFieldPath(path)).message).toBe(message);
  });
});

describe('isNotFound (TestIsNotFound)', () => {
  test('NotFound', () => expect(isNotFound(new FieldPathNotFoundError('boom'))).toBe(true));
  test('SomethingElse', () => expect(isNotFound(new Error('boom'))).toBe(false));
  test('NotAnError', () => expect(isNotFound('boom')).toBe(false));
});

describe('getValue (TestGetValue)', () => {
  test('MetadataName', () => expect(getValue(obj('{"metadata":{"name":"cool"}}'), 'metadata.name')).toBe('cool'));
  test('ContainerName', () => {
    expect(getValue(obj('{"spec":{"containers":[{"name":"cool"}]}}'), 'spec.containers[0].name')).toBe('cool');
  });
  test('NestedArray', () => expect(getValue(obj('{"items":[["a", "b"]]}'), 'items[0][1]')).toBe('b'));
  test('OwnerRefController', () => {
    expect(getValue(obj('{"metadata":{"ownerRefs":[{"controller": true}]}}'), 'metadata.ownerRefs[0].controller')).toBe(true);
  });
  test('MetadataVersion', () => expect(getValue(obj('{"metadata":{"version":2}}'), 'metadata.version')).toBe(2));
  test('SomeFloat', () => expect(getValue(obj('{"metadata":{"version":2.5}}'), 'metadata.version')).toBe(2.5));
  test('ExplicitNull is found', () => expect(getValue(obj('{"a":null}'), 'a')).toBeNull());
  test('MetadataNope', () => {
    const err = errorOf(() => getValue(obj('{"metadata":{"nope":"cool"}}'), 'metadata.name'));
    expect(err.message).toBe('metadata.name: no such field');
    expect(isNotFound(err)).toBe(true);
  });
  test('InsufficientContainers', () => {
    const err = errorOf(() => getValue(obj('{"spec":{"containers":[{"name":"cool"}]}}'), 'spec.containers[1].name'));
    expect(err.message).toBe('spec.containers[1]: no such element');
    expect(isNotFound(err)).toBe(true);
  });
  test('NotAnArray', () => {
    const err = errorOf(() => getValue(obj('{"metadata":{"nope":"cool"}}'), 'metadata[1]'));
    expect(err.message).toBe('metadata: not an array');
    expect(isNotFound(err)).toBe(false);
  });
  test('NotAnObject', () => {
    expect(errorOf(() => getValue(obj('{"spec":{"containers":[{"name":"cool"}]}}'), 'spec.containers[nope].name')).message).toBe(
      'spec.containers: not an object',
    );
  });
  test('MalformedPath', () => {
    expect(errorOf(() => getValue({}, 'spec[]')).message).toBe('cannot parse path "spec[]": unexpected \']\' at position 5');
  });
  test('PrototypeKeysAreNotFields', () => expect(isNotFound(errorOf(() => getValue({}, 'constructor')))).toBe(true));
  test('WildcardIsALiteralFieldOutsideExpansion', () => {
    expect(getValue(obj('{"a":{"*":1}}'), 'a[*]')).toBe(1);
    expect(errorOf(() => getValue(obj('{"a":[1]}'), 'a[*]')).message).toBe('a: not an object');
  });
  test('EmptyPathReturnsNil', () => expect(getValue(obj('{"a":1}'), '')).toBeNull());
});

describe('lookupValue: getValue without the not-found error (the TestGetValue cases)', () => {
  test.each([
    ['{"metadata":{"name":"cool"}}', 'metadata.name'],
    ['{"spec":{"containers":[{"name":"cool"}]}}', 'spec.containers[0].name'],
    ['{"items":[["a", "b"]]}', 'items[0][1]'],
    ['{"metadata":{"ownerRefs":[{"controller": true}]}}', 'metadata.ownerRefs[0].controller'],
    ['{"metadata":{"version":2.5}}', 'metadata.version'],
    ['{"a":null}', 'a'],
    ['{"a":null}', 'a.b'],
    ['{"metadata":{"nope":"cool"}}', 'metadata.name'],
    ['{"spec":{"containers":[{"name":"cool"}]}}', 'spec.containers[1].name'],
    ['{"metadata":{"nope":"cool"}}', 'metadata[1]'],
    ['{"spec":{"containers":[{"name":"cool"}]}}', 'spec.containers[nope].name'],
    ['{}', 'spec[]'],
    ['{}', 'constructor'],
    ['{"a":{"*":1}}', 'a[*]'],
    ['{"a":[1]}', 'a[*]'],
    ['{"a":1}', ''],
  ])('%s %s', (json, path) => {
    let expected: { value?: Json | undefined; error?: string };
    try {
      expected = { value: getValue(obj(json), path) };
    } catch (e) {
      expected = isNotFound(e) ? { value: undefined } : { error: (e as Error).message };
    }
    let actual: { value?: Json | undefined; error?: string };
    try {
      actual = { value: lookupValue(obj(json), path) };
    } catch (e) {
      actual = { error: (e as Error).message };
    }
    expect(actual).toEqual(expected);
  });
});

describe('setValue (TestSetValue)', () => {
  const set = (json: string, path: string, value: Json | bigint) => {
    const o = obj(json);
    setValue(o, path, value);
    return o;
  };

  test('MetadataName', () => expect(set('{"metadata":{"name":"lame"}}', 'metadata.name', 'cool')).toEqual({ metadata: { name: 'cool' } }));
  test('NonExistentMetadataName', () => expect(set('{}', 'metadata.name', 'cool')).toEqual({ metadata: { name: 'cool' } }));
  test('ContainerName', () => {
    expect(set('{"spec":{"containers":[{"name":"lame"}]}}', 'spec.containers[0].name', 'cool')).toEqual({
      spec: { containers: [{ name: 'cool' }] },
    });
  });
  test('NonExistentContainerName', () => {
    expect(set('{}', 'spec.containers[0].name', 'cool')).toEqual({ spec: { containers: [{ name: 'cool' }] } });
  });
  test('NewContainer: arrays grow', () => {
    expect(set('{"spec":{"containers":[{"name":"cool"}]}}', 'spec.containers[1].name', 'cooler')).toEqual({
      spec: { containers: [{ name: 'cool' }, { name: 'cooler' }] },
    });
  });
  test('NestedArray', () => expect(set('{}', 'data[0][0]', 'a')).toEqual({ data: [['a']] }));
  test('GrowNestedArray', () => expect(set('{"data":[["a"]]}', 'data[0][1]', 'b')).toEqual({ data: [['a', 'b']] }));
  test('GrowArrayField: gaps are filled with null', () => expect(set('{"data":["a"]}', 'data[2]', 'c')).toEqual({ data: ['a', null, 'c'] }));
  test('RejectsHighIndexes', () => {
    const o = obj('{"data":["a"]}');
    expect(errorOf(() => setValue(o, 'data[1025]', 'c')).message).toBe('index 1025 is greater than max allowed index 1024');
    expect(o).toEqual({ data: ['a'] });
  });
  test('MaxIndexIsAllowed', () => expect((set('{}', 'data[1024]', 'c').data as Json[]).length).toBe(1025));
  test('MapStringString: objects are stored as JSON', () => {
    expect(set('{"metadata":{}}', 'metadata.labels', { cool: 'very' })).toEqual({ metadata: { labels: { cool: 'very' } } });
  });
  test('Int64IsStoredAsNumber', () => expect(set('{}', 'spec.count', 3n)).toEqual({ spec: { count: 3 } }));
  test('ValueIsCopied', () => {
    const value = { nested: ['x'] };
    const o = set('{}', 'a', value);
    value.nested.push('y');
    expect(o).toEqual({ a: { nested: ['x'] } });
  });
  test('NotAnArray', () => {
    const o = obj('{"data":{}}');
    expect(errorOf(() => setValue(o, 'data[0]', 'x')).message).toBe('data is not an array');
    expect(o).toEqual({ data: {} });
  });
  test('NotAnObject', () => expect(errorOf(() => setValue(obj('{"data":[]}'), 'data.name', 'x')).message).toBe('data is not an object'));
  test('NullFieldIsNotReplacedByAnObject', () => {
    expect(errorOf(() => setValue(obj('{"a":null}'), 'a.b', 'x')).message).toBe('a is not an object');
  });
  test('NullArrayElementIsReplacedByAnObject', () => expect(set('{"a":[null]}', 'a[0].b', 'x')).toEqual({ a: [{ b: 'x' }] }));
  test('RootIndexIsNotAnArray', () => expect(errorOf(() => setValue({}, '[0]', 'x')).message).toBe(' is not an array'));
  test('MalformedPath', () => {
    expect(errorOf(() => setValue({}, 'spec[]', 'x')).message).toBe('cannot parse path "spec[]": unexpected \']\' at position 5');
  });
  test('UnsupportedValue: NaN cannot be marshalled', () => {
    expect(errorOf(() => setValue({}, 'a', NaN)).message).toBe('cannot marshal value to JSON: json: unsupported value: NaN');
  });
  test('UnsupportedValue: the first in encoding/json\'s order (sorted keys, depth first) is reported', () => {
    // Insertion order would find the NaN first; json.Marshal sorts map keys.
    expect(errorOf(() => setValue({}, 'a', { z: NaN, m: [1, { b: -Infinity, a: 'ok' }], a: { y: Infinity } } as never)).message)
      .toBe('cannot marshal value to JSON: json: unsupported value: +Inf');
    expect(errorOf(() => setValue({}, 'a', [1, [2, () => 3]] as never)).message).toBe('cannot marshal value to JSON: json: unsupported type: function');
  });
  test('the stored value is a copy: bigints become numbers, a __proto__ key stays an own field', () => {
    const value = JSON.parse('{"n":[1,{"__proto__":{"x":true}}],"s":"t"}') as JsonObject;
    const o: JsonObject = {};
    setValue(o, 'a', { ...value, big: 7n } as never);
    expect(o.a).toEqual({ ...value, big: 7 });
    expect(o.a).not.toBe(value);
    expect((o.a as JsonObject).n).not.toBe(value.n);
    const proto = ((o.a as JsonObject).n as JsonObject[])[1]!;
    expect(Object.keys(proto)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  });
  test('ProtoKeyIsAnOrdinaryField', () => {
    const o = set('{}', 'metadata.labels.__proto__', 'x');
    expect(Object.keys((o.metadata as JsonObject).labels as JsonObject)).toEqual(['__proto__']);
    expect(getValue(o, 'metadata.labels.__proto__')).toBe('x');
  });
});

describe('expandWildcards (TestExpandWildcards)', () => {
  const containers = '{"spec":{"containers":[{"name":"cool", "image": "latest", "args": ["start", "now", "debug"]}]}}';
  test('NoWildcardExisting', () => expect(expandWildcards(obj('{"password":"top-secret"}'), 'password')).toEqual(['password']));
  test('NoWildcardNonExisting', () => expect(expandWildcards(obj('{"password":"top-secret"}'), 'username')).toEqual([]));
  test('NestedNoWildcardExisting', () => expect(expandWildcards(obj('{"items":[["a", "b"]]}'), 'items[0][1]')).toEqual(['items[0][1]']));
  test('NestedNoWildcardNonExisting', () => expect(expandWildcards(obj('{"items":[["a", "b"]]}'), 'items[0][5]')).toEqual([]));
  test('NestedArray', () => {
    expect(expandWildcards(obj('{"items":[["a", "b", "c"], ["d"]]}'), 'items[*][*]')).toEqual([
      'items[0][0]',
      'items[0][1]',
      'items[0][2]',
      'items[1][0]',
    ]);
  });
  test('KeysOfMap: keys are sorted and periods bracketed', () => {
    expect(expandWildcards(obj('{"items":{ "key2.as.annotation": "val2", "key1": "val1"}}'), 'items[*]')).toEqual([
      'items.key1',
      'items[key2.as.annotation]',
    ]);
  });
  test('ArrayOfObjects', () => {
    expect(expandWildcards(obj(containers), 'spec.containers[*][*]')).toEqual([
      'spec.containers[0].args',
      'spec.containers[0].image',
      'spec.containers[0].name',
    ]);
  });
  test('MultiLayer', () => {
    expect(expandWildcards(obj(containers), 'spec.containers[*].args[*]')).toEqual([
      'spec.containers[0].args[0]',
      'spec.containers[0].args[1]',
      'spec.containers[0].args[2]',
    ]);
  });
  test('WildcardInTheBeginning', () => {
    expect(expandWildcards(obj(containers), 'spec.containers[*].args[1]')).toEqual(['spec.containers[0].args[1]']);
  });
  test('WildcardAtTheEnd', () => {
    expect(expandWildcards(obj(containers), 'spec.containers[0].args[*]')).toEqual([
      'spec.containers[0].args[0]',
      'spec.containers[0].args[1]',
      'spec.containers[0].args[2]',
    ]);
  });
  test('NoData', () => expect(expandWildcards({}, 'metadata[*]')).toEqual([]));
  test('EmptyArrayExpandsToNothing', () => expect(expandWildcards(obj('{"a":[]}'), 'a[*].b')).toEqual([]));
  test('InsufficientContainers', () => {
    expect(expandWildcards(obj('{"spec":{"containers":[{"name":"cool"}]}}'), 'spec.containers[1].args[*]')).toEqual([]);
  });
  test('ElementsMissingTheTailAreSkipped: every segment of an expansion must exist', () => {
    expect(expandWildcards(obj('{"a":[{"b":1},{}]}'), 'a[*].b')).toEqual(['a[0].b']);
  });
  test('UnexpectedWildcard', () => {
    expect(errorOf(() => expandWildcards(obj('{"spec":{"containers":[{"name":"cool"}]}}'), 'spec.containers[0].name[*]')).message).toBe(
      'cannot expand wildcards for segments: "spec.containers[0].name[*]": "spec.containers[0].name": unexpected wildcard usage',
    );
  });
  test('UnexpectedNestedWildcard names the expanded path', () => {
    expect(errorOf(() => expandWildcards(obj('{"a":["x"]}'), 'a[*][*]')).message).toBe(
      'cannot expand wildcards for segments: "a[*][*]": "a[0][*]": cannot expand wildcards: "a[0]": unexpected wildcard usage',
    );
  });
  test('NotAnArray', () => {
    expect(errorOf(() => expandWildcards(obj('{"metadata":{"nope":"cool"}}'), 'metadata[1]')).message).toBe(
      'cannot expand wildcards for segments: "metadata[1]": metadata: not an array',
    );
  });
  test('NotAnObject', () => {
    expect(errorOf(() => expandWildcards(obj('{"spec":{"containers":[{"name":"cool"}]}}'), 'spec.containers[nope].name')).message).toBe(
      'cannot expand wildcards for segments: "spec.containers.nope.name": spec.containers: not an object',
    );
  });
  test('MalformedPath', () => {
    expect(errorOf(() => expandWildcards({}, 'spec[]')).message).toBe('cannot parse path "spec[]": unexpected \']\' at position 5');
  });
});

describe('setValue with MergeOptions (TestMergeValue)', () => {
  const merge = (json: string, path: string, value: Json, mo: MergeOptions) => {
    const o = obj(json);
    setValue(o, path, value, mo);
    return o;
  };
  const none: MergeOptions = {};

  test('MergeArrayNoMergeOptions: replace', () => {
    const o = obj('{"a":"e1-from-destination"}');
    setValue(o, 'a', ['e1-from-source']);
    expect(o).toEqual({ a: ['e1-from-source'] });
  });
  test('MergeArrayNoAppend', () => {
    expect(merge('{"a":["e1-from-destination"]}', 'a', ['e1-from-source'], { appendSlice: false })).toEqual({ a: ['e1-from-source'] });
  });
  test('MergeArrayAppend', () => {
    expect(merge('{"a":["e1-from-destination"]}', 'a', ['e1-from-source'], { appendSlice: true })).toEqual({
      a: ['e1-from-destination', 'e1-from-source'],
    });
  });
  test('MergeArrayAppendDuplicate: appended elements are de-duplicated', () => {
    expect(
      merge('{"a":["e1-from-destination","e1-from-source"]}', 'a', ['e1-from-source', 'e1-from-source-2'], { appendSlice: true }),
    ).toEqual({ a: ['e1-from-destination', 'e1-from-source', 'e1-from-source-2'] });
  });
  test('MergeMapNoMergeOptions: replace', () => {
    const o = obj('{"a":{"a":"e1-from-destination"}}');
    setValue(o, 'a', { a: 'e1-from-source' });
    expect(o).toEqual({ a: { a: 'e1-from-source' } });
  });
  test('MergeMapNoKeep', () => {
    expect(merge('{"a":{"a":"e1-from-destination"}}', 'a', { a: 'e1-from-source' }, { keepMapValues: false })).toEqual({
      a: { a: 'e1-from-source' },
    });
  });
  test('MergeMapKeep', () => {
    expect(merge('{"a":{"a":"e1-from-destination"}}', 'a', { a: 'e1-from-source' }, { keepMapValues: true })).toEqual({
      a: { a: 'e1-from-destination' },
    });
  });
  test('MergeObjectsAddsKeysAndKeepsExistingOnes (MergeObjects policy)', () => {
    expect(merge('{"l":{"a":"1","b":"2"}}', 'l', { b: 'x', c: '3' }, { keepMapValues: true })).toEqual({ l: { a: '1', b: '2', c: '3' } });
  });
  test('ForceMergeObjectsOverridesAndKeepsOthers (ForceMergeObjects policy)', () => {
    expect(merge('{"l":{"a":"1","b":"2"}}', 'l', { b: 'x', c: '3' }, none)).toEqual({ l: { a: '1', b: 'x', c: '3' } });
  });
  test('NestedMapsMergeRecursively', () => {
    expect(merge('{"s":{"x":{"a":1,"b":2}}}', 's', { x: { b: 3, c: 4 } }, none)).toEqual({ s: { x: { a: 1, b: 3, c: 4 } } });
  });
  test('KeepMapValuesFillsEmptyDestinationValues', () => {
    expect(merge('{"s":{"a":"","b":0,"c":false,"d":"keep"}}', 's', { a: 'x', b: 1, c: true, d: 'y' }, { keepMapValues: true })).toEqual({
      s: { a: 'x', b: 1, c: true, d: 'keep' },
    });
  });
  test('NullSourceValueOverridesOnlyWhenForcing', () => {
    expect(merge('{"s":{"a":"1"}}', 's', { a: null }, none)).toEqual({ s: { a: null } });
    expect(merge('{"s":{"a":"1"}}', 's', { a: null, b: null }, { keepMapValues: true })).toEqual({ s: { a: '1' } });
  });
  test('NestedSlicesReplaceUnlessAppending', () => {
    expect(merge('{"s":{"l":[1]}}', 's', { l: [2] }, none)).toEqual({ s: { l: [2] } });
    expect(merge('{"s":{"l":[1]}}', 's', { l: [2] }, { keepMapValues: true })).toEqual({ s: { l: [1] } });
  });
  test('NestedSlicesAppendWithoutDeduplication (only the top level is de-duplicated)', () => {
    expect(merge('{"s":{"l":[1]}}', 's', { l: [1, 2] }, { keepMapValues: true, appendSlice: true })).toEqual({ s: { l: [1, 1, 2] } });
  });
  test('MapSourceDoesNotReplaceANonEmptyScalar', () => {
    expect(merge('{"s":{"a":"x"}}', 's', { a: { b: 1 } }, none)).toEqual({ s: { a: 'x' } });
  });
  test('AppendOntoNonArrayIsAnError', () => {
    expect(errorOf(() => merge('{"s":{"a":"x"}}', 's', { a: [1] }, { appendSlice: true })).message).toBe(
      'failed to merge values: cannot append two slices with different type ([]interface {}, string)',
    );
  });
  test('MergeIntoMissingPathSetsTheValue', () => {
    expect(merge('{}', 'spec.tags', { a: '1' }, { keepMapValues: true })).toEqual({ spec: { tags: { a: '1' } } });
  });
  test('MergeWithNullSourceReplaces', () => expect(merge('{"a":{"b":1}}', 'a', null, { keepMapValues: true })).toEqual({ a: null }));
  test('MergeReportsTypeErrorsFromTheDestinationPath', () => {
    expect(errorOf(() => merge('{"a":"x"}', 'a.b', 1, none)).message).toBe('a: not an object');
  });
  test('ValidToFieldPathWithWildcardsAndMergePolicy (P&T): append to every expanded array with de-duplication', () => {
    const to = obj(
      '{"spec":{"forProvider":{"accessRules":[{"destination":"e1","allowedGroups":[12345678]},{"destination":"e2","allowedGroups":[12345678]}]}}}',
    );
    for (const path of expandWildcards(to, 'spec.forProvider.accessRules[*].allowedGroups')) {
      setValue(to, path, [12345678, 7891234], { appendSlice: true });
    }
    expect(to).toEqual({
      spec: {
        forProvider: {
          accessRules: [
            { destination: 'e1', allowedGroups: [12345678, 7891234] },
            { destination: 'e2', allowedGroups: [12345678, 7891234] },
          ],
        },
      },
    });
  });
  test('MergeErrorLeavesTheObjectUntouched', () => {
    const o = obj('{"s":{"b":{"c":1},"a":"x"}}');
    expect(() => setValue(o, 's', { b: { d: 2 }, a: [1] }, { appendSlice: true })).toThrow('failed to merge values');
    expect(o).toEqual({ s: { b: { c: 1 }, a: 'x' } });
  });
  test('mergeValuesWithNullDestinationReturnsTheSource', () => {
    expect(mergeValues(null, { a: 1 }, { keepMapValues: true })).toEqual({ a: 1 });
  });
});
