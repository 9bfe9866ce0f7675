import { resolveTransforms, validateTransform, type TransformValue } from '../../../renderer/functions/transforms';
import type { JsonObject } from '../../../renderer/types';

// Numbers model Go float64 (what P&T reads from an XR); bigints model Go int64.

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

const run = (t: JsonObject, input: TransformValue) => resolveTransforms([t], input);
const failure = (t: JsonObject, input: TransformValue) => errorOf(() => run(t, input));
const wrapped = (type: string, msg: string) => `transform at index 0 returned error: ${type} transform could not resolve: ${msg}`;

describe('map transform (TestMapResolve)', () => {
  const map = (pairs: JsonObject): JsonObject => ({ type: 'map', map: pairs });

  test('NonStringInput: only string keys can be looked up', () => {
    expect(failure(map({ ola: 'voila' }), 5)).toBe(wrapped('map', 'type float64 is not supported for map transform'));
    expect(failure(map({ ola: 'voila' }), 5n)).toBe(wrapped('map', 'type int64 is not supported for map transform'));
  });
  test('KeyNotFound: a missing key is an error', () => {
    expect(failure(map({ other: 'x' }), 'ola')).toBe(wrapped('map', 'key ola is not found in map'));
  });
  test('SuccessString', () => expect(run(map({ ola: 'voila' }), 'ola')).toBe('voila'));
  test('SuccessNumber', () => expect(run(map({ ola: 1.0 }), 'ola')).toBe(1));
  test('SuccessBoolean', () => expect(run(map({ ola: true }), 'ola')).toBe(true));
  test('SuccessObject', () => expect(run(map({ ola: { foo: 'bar' } }), 'ola')).toEqual({ foo: 'bar' }));
  test('SuccessSlice', () => expect(run(map({ ola: ['foo', 'bar'] }), 'ola')).toEqual(['foo', 'bar']));
  test('NullPairValue: a null value has no raw JSON and fails to decode', () => {
    expect(failure(map({ ola: null }), 'ola')).toBe(
      wrapped('map', 'value for key ola is not valid JSON: unexpected end of JSON input'),
    );
  });
  test('InheritedKey: object prototype members are not map keys', () => {
    expect(failure(map({ ola: 'x' }), 'constructor')).toBe(wrapped('map', 'key constructor is not found in map'));
  });
});

describe('match transform (TestMatchResolve)', () => {
  const match = (m: JsonObject): JsonObject => ({ type: 'match', match: m });
  const literal = (lit: string, result: JsonObject['x']): JsonObject => ({ type: 'literal', literal: lit, result });

  test('ErrNonStringInput: literal patterns need string input', () => {
    expect(failure(match({ patterns: [{ type: 'literal', literal: '5' }] }), 5)).toBe(
      wrapped('match', "cannot match pattern at index 0: unsupported input type 'float64'"),
    );
  });
  test('ErrFallbackValueAndToInput: both fallbacks set is an error', () => {
    expect(failure(match({ patterns: [], fallbackValue: 'foo', fallbackTo: 'Input' }), 'foo')).toBe(
      wrapped('match', 'cannot set both a fallback value and the fallback to input flag'),
    );
  });
  test('NoPatternsFallback', () => expect(run(match({ patterns: [], fallbackValue: 'bar' }), 'foo')).toBe('bar'));
  test('NoPatternsFallbackToValueExplicit', () => {
    expect(run(match({ patterns: [], fallbackValue: 'bar', fallbackTo: 'Value' }), 'foo')).toBe('bar');
  });
  test('NoPatternsFallbackNil', () => expect(run(match({ patterns: [], fallbackValue: null }), 'foo')).toBeNull());
  test('NoPatternsFallbackToInput', () => expect(run(match({ patterns: [], fallbackTo: 'Input' }), 'foo')).toBe('foo'));
  test('NoPatternsFallbackNilToInput: a null fallback value does not conflict with Input', () => {
    expect(run(match({ patterns: [], fallbackValue: null, fallbackTo: 'Input' }), 'foo')).toBe('foo');
  });
  test('MatchLiteral', () => expect(run(match({ patterns: [literal('foo', 'bar')] }), 'foo')).toBe('bar'));
  test('MatchLiteralFirst: the first matching pattern wins', () => {
    expect(run(match({ patterns: [literal('foo', 'bar'), literal('foo', 'not this')] }), 'foo')).toBe('bar');
  });
  test('MatchLiteralWithResultStruct', () => {
    expect(run(match({ patterns: [literal('foo', { Hello: 'World' })] }), 'foo')).toEqual({ Hello: 'World' });
  });
  test('MatchLiteralWithResultSlice', () => {
    expect(run(match({ patterns: [literal('foo', ['Hello', 'World'])] }), 'foo')).toEqual(['Hello', 'World']);
  });
  test('MatchLiteralWithResultNumber', () => expect(run(match({ patterns: [literal('foo', 5)] }), 'foo')).toBe(5));
  test('MatchLiteralWithResultBool', () => expect(run(match({ patterns: [literal('foo', true)] }), 'foo')).toBe(true));
  test('MatchLiteralWithResultNil', () => expect(run(match({ patterns: [literal('foo', null)] }), 'foo')).toBeNull());
  test('MatchRegexp', () => {
    expect(run(match({ patterns: [{ type: 'regexp', regexp: '^foo.*$', result: 'Hello World' }] }), 'foobar')).toBe(
      'Hello World',
    );
  });
  test('ErrMissingRegexp', () => {
    expect(failure(match({ patterns: [{ type: 'regexp' }] }), 'x')).toBe(
      wrapped('match', 'cannot match pattern at index 0: regexp is required by type regexp'),
    );
  });
  test('ErrInvalidRegexp: Go regexp syntax errors are reported verbatim', () => {
    expect(failure(match({ patterns: [{ type: 'regexp', regexp: '?=' }] }), 'x')).toBe(
      wrapped(
        'match',
        'cannot match pattern at index 0: cannot compile regexp: error parsing regexp: missing argument to repetition operator: `?`',
      ),
    );
  });
  test('ErrMissingLiteral', () => {
    expect(failure(match({ patterns: [{ type: 'literal' }] }), 'x')).toBe(
      wrapped('match', 'cannot match pattern at index 0: literal is required by type literal'),
    );
  });
  test('ErrPatternTypeMissing: CRD defaults are not applied, so an empty type is unsupported', () => {
    expect(failure(match({ patterns: [{ literal: 'x', result: 1 }] }), 'x')).toBe(
      wrapped('match', "cannot match pattern at index 0: unsupported pattern type ''"),
    );
  });
  test('ErrRegexpNullInput: a null input is reported as null', () => {
    expect(failure(match({ patterns: [{ type: 'regexp', regexp: '.*' }] }), null)).toBe(
      wrapped('match', "cannot match pattern at index 0: unsupported input type 'null'"),
    );
  });
  test('NoMatchWithoutFallback returns nil', () => {
    expect(run(match({ patterns: [literal('a', 1)] }), 'b')).toBeNull();
  });
});

describe('math transform (TestMathResolve)', () => {
  const math = (m: JsonObject): JsonObject => ({ type: 'math', math: m });

  test('InvalidType', () => {
    expect(failure(math({ type: 'bad' }), 25n)).toBe(wrapped('math', 'type: Invalid value: "bad": unknown math transform type'));
  });
  test('NonNumberInput', () => {
    expect(failure(math({ type: 'Multiply', multiply: 2 }), 'ola')).toBe(
      wrapped('math', 'input is required to be a number for math transformer, got string'),
    );
  });
  test('MultiplyNoConfig', () => {
    expect(failure(math({ type: 'Multiply' }), 25n)).toBe(
      wrapped('math', 'multiply: Required value: must specify a value if a multiply math transform is specified'),
    );
  });
  test('MultiplySuccess: int64 input stays int64', () => expect(run(math({ type: 'Multiply', multiply: 2 }), 3n)).toBe(6n));
  test('MultiplySuccessInt64', () => expect(run(math({ type: 'Multiply', multiply: 2 }), BigInt(3))).toBe(6n));
  test('MultiplyFloat64: float64 input stays float64', () => expect(run(math({ type: 'Multiply', multiply: 2 }), 1.5)).toBe(3));
  test('MultiplyInt64Overflow wraps like Go', () => {
    expect(run(math({ type: 'Multiply', multiply: 2 }), 9223372036854775807n)).toBe(-2n);
  });
  test('ClampMinSuccess', () => expect(run(math({ type: 'ClampMin', clampMin: 2 }), 1n)).toBe(2n));
  test('ClampMinSuccessNoChangeInt', () => expect(run(math({ type: 'ClampMin', clampMin: 2 }), 3n)).toBe(3n));
  test('ClampMinSuccessNoChangeInt64', () => expect(run(math({ type: 'ClampMin', clampMin: 2 }), BigInt(3))).toBe(3n));
  test('ClampMinSuccessInt64', () => expect(run(math({ type: 'ClampMin', clampMin: 2 }), BigInt(1))).toBe(2n));
  test('ClampMinNoConfig', () => {
    expect(failure(math({ type: 'ClampMin' }), 25n)).toBe(
      wrapped('math', 'clampMin: Required value: must specify a value if a clamp min math transform is specified'),
    );
  });
  test('ClampMaxSuccess', () => expect(run(math({ type: 'ClampMax', clampMax: 2 }), 3n)).toBe(2n));
  test('ClampMaxSuccessNoChange', () => expect(run(math({ type: 'ClampMax', clampMax: 2 }), 1n)).toBe(1n));
  test('ClampMaxSuccessInt64', () => expect(run(math({ type: 'ClampMax', clampMax: 2 }), BigInt(3))).toBe(2n));
  test('ClampMaxNoConfig', () => {
    expect(failure(math({ type: 'ClampMax' }), 25n)).toBe(
      wrapped('math', 'clampMax: Required value: must specify a value if a clamp max math transform is specified'),
    );
  });
  test('ClampFloat64: floats are compared truncated and kept when inside bounds', () => {
    expect(run(math({ type: 'ClampMin', clampMin: 2 }), 1.9)).toBe(2n);
    expect(run(math({ type: 'ClampMax', clampMax: 2 }), 2.5)).toBe(2.5);
  });
  test('MissingType: the CRD default Multiply is not applied', () => {
    expect(failure(math({ multiply: 2 }), 3)).toBe(wrapped('math', 'type: Required value: math transform type is required'));
  });
  // The input decoder (go-json-experiment, not encoding/json) rejects it; in RunFunction that is
  // fatal before any transform runs (input-decoding.json FractionForInt64).
  test('NonIntegerMultiply cannot be decoded into int64', () => {
    expect(failure(math({ type: 'Multiply', multiply: 2.5 }), 3)).toBe(
      'transform at index 0 returned error: json: cannot unmarshal JSON number into Go value of type int64: cannot parse "2.5" as signed integer: invalid syntax',
    );
  });
});

describe('string transform (TestStringResolve)', () => {
  const str = (s: JsonObject): JsonObject => ({ type: 'string', string: s });
  const convert = (c: string): JsonObject => str({ type: 'Convert', convert: c });
  const toFloat: JsonObject = { type: 'convert', convert: { toType: 'float64' } };

  test('NotSupportedType', () => {
    expect(failure(str({ type: 'Something' }), 'value')).toBe(
      wrapped('string', 'type Something is not supported for string transform type'),
    );
  });
  test('FmtFailed', () => {
    expect(failure(str({ type: 'Format' }), 'value')).toBe(wrapped('string', 'string transform of type Format fmt is not set'));
  });
  test('FmtString', () => expect(run(str({ type: 'Format', fmt: 'verycool%s' }), 'thing')).toBe('verycoolthing'));
  test('FmtInteger: %d works on int64', () => expect(run(str({ type: 'Format', fmt: 'the largest %d' }), 8n)).toBe('the largest 8'));
  test('FmtFloat64WithD: numbers read from an XR are float64', () => {
    expect(run(str({ type: 'Format', fmt: 'the largest %d' }), 8)).toBe('the largest %!d(float64=8)');
  });
  test('FmtLargeFloatWithV uses exponent notation', () => {
    expect(run(str({ type: 'Format', fmt: 'size-%v' }), 1240000)).toBe('size-1.24e+06');
  });
  test('ConvertNotSet', () => {
    expect(failure(str({ type: 'Convert' }), 'crossplane')).toBe(
      wrapped('string', 'string transform of type Convert convert is not set'),
    );
  });
  test('ConvertTypFailed', () => {
    expect(failure(convert('Something'), 'crossplane')).toBe(
      wrapped('string', 'type Something is not supported for string convert'),
    );
  });
  test('ConvertToUpper', () => expect(run(convert('ToUpper'), 'crossplane')).toBe('CROSSPLANE'));
  test('ConvertToLower', () => expect(run(convert('ToLower'), 'CrossPlane')).toBe('crossplane'));
  test('ConvertToUpperSimpleMapping: no multi-rune special casing (ß stays)', () => {
    expect(run(convert('ToUpper'), 'straße')).toBe('STRAßE');
  });
  test('ConvertToBase64', () => expect(run(convert('ToBase64'), 'CrossPlane')).toBe('Q3Jvc3NQbGFuZQ=='));
  test('ConvertFromBase64', () => expect(run(convert('FromBase64'), 'Q3Jvc3NQbGFuZQ==')).toBe('CrossPlane'));
  test('ConvertFromBase64Error', () => {
    expect(failure(convert('FromBase64'), 'ThisStringIsNotBase64')).toBe(
      wrapped('string', 'string is not valid base64: illegal base64 data at input byte 20'),
    );
  });
  test('ConvertToSha1', () => expect(run(convert('ToSha1'), 'Crossplane')).toBe('3b683dc8ff44122b331a5e4f253dd69d90726d75'));
  test('ConvertToSha1Error: unmarshalable input', () => {
    expect(errorOf(() => resolveTransforms([toFloat, convert('ToSha1')], 'NaN'))).toBe(
      'transform at index 1 returned error: string transform could not resolve: cannot generate hash: cannot marshal to JSON: json: unsupported value: NaN',
    );
  });
  test('ConvertToSha256', () => {
    expect(run(convert('ToSha256'), 'Crossplane')).toBe('19c8a7c24ed0067f606815b59e5b82d92935ff69deed04171457a55018e31224');
  });
  test('ConvertToSha256Error: unmarshalable input', () => {
    expect(errorOf(() => resolveTransforms([toFloat, convert('ToSha256')], '+Inf'))).toBe(
      'transform at index 1 returned error: string transform could not resolve: cannot generate hash: cannot marshal to JSON: json: unsupported value: +Inf',
    );
  });
  const sha512of1234 =
    'd404559f602eab6fd602ac7680dacbfaadd13630335e951f097af3900e9de176b6db28512f2e000b9d04fba5133e8b1c6e8df59db3a8ab9d60be4b97cc9e81db';
  test('ConvertToSha512', () => {
    expect(run(convert('ToSha512'), 'Crossplane')).toBe(
      '0016037c62c92b5cc4a282fbe30cdd228fa001624b26fd31baa9fcb76a9c60d48e2e7a16cf8729a2d9cba3d23e1d846e7721a5381b9a92dd813178e9a6686205',
    );
  });
  test('ConvertToSha512Int: non-strings hash their JSON encoding', () => {
    expect(run(convert('ToSha512'), 1234n)).toBe(sha512of1234);
    expect(run(convert('ToSha512'), 1234)).toBe(sha512of1234);
  });
  test('ConvertToSha512IntStr', () => expect(run(convert('ToSha512'), '1234')).toBe(sha512of1234));
  test('ConvertToSha512Error: unmarshalable input', () => {
    expect(errorOf(() => resolveTransforms([toFloat, convert('ToSha512')], 'NaN'))).toContain(
      'cannot generate hash: cannot marshal to JSON: json: unsupported value: NaN',
    );
  });
  test('ConvertToAdler32', () => expect(run(convert('ToAdler32'), 'Crossplane')).toBe('373097499'));
  test('ConvertToAdler32Unicode: checksums cover UTF-8 bytes', () => {
    expect(run(convert('ToAdler32'), '⡌⠁⠧⠑ ⠼⠁⠒  ⡍⠜⠇⠑⠹⠰⠎ ⡣⠕⠌')).toBe('4110427190');
  });
  test('ConvertToAdler32Error: unmarshalable input', () => {
    expect(errorOf(() => resolveTransforms([toFloat, convert('ToAdler32')], 'NaN'))).toBe(
      'transform at index 1 returned error: string transform could not resolve: unable to generate Adler checksum: cannot marshal to JSON: json: unsupported value: NaN',
    );
  });
  test('TrimPrefix', () => expect(run(str({ type: 'TrimPrefix', trim: 'https://' }), 'https://crossplane.io')).toBe('crossplane.io'));
  test('TrimSuffix', () => expect(run(str({ type: 'TrimSuffix', trim: '-test' }), 'my-string-test')).toBe('my-string'));
  test('TrimPrefixWithoutMatch', () => expect(run(str({ type: 'TrimPrefix', trim: 'https://' }), 'crossplane.io')).toBe('crossplane.io'));
  test('TrimSuffixWithoutMatch', () => expect(run(str({ type: 'TrimSuffix', trim: '-test' }), 'my-string')).toBe('my-string'));
  test('RegexpNotCompiling', () => {
    expect(failure(str({ type: 'Regexp', regexp: { match: '[a-z' } }), 'my-string')).toBe(
      wrapped('string', 'could not compile regexp: error parsing regexp: missing closing ]: `[a-z`'),
    );
  });
  test('RegexpSimpleMatch', () => expect(run(str({ type: 'Regexp', regexp: { match: '[0-9]' } }), 'my-1-string')).toBe('1'));
  test('RegexpCaptureGroup', () => {
    expect(run(str({ type: 'Regexp', regexp: { match: 'my-([0-9]+)-string', group: 1 } }), 'my-1-string')).toBe('1');
  });
  test('RegexpNoSuchCaptureGroup', () => {
    expect(failure(str({ type: 'Regexp', regexp: { match: 'my-([0-9]+)-string', group: 2 } }), 'my-1-string')).toBe(
      wrapped('string', 'regexp "my-([0-9]+)-string" had no matches for group 2'),
    );
  });
  test('RegexpNoMatch is an error', () => {
    expect(failure(str({ type: 'Regexp', regexp: { match: '^z' } }), 'abc')).toBe(
      wrapped('string', 'regexp "^z" had no matches for group 0'),
    );
  });
  test('RegexpNamedGroup: (?P<name>) syntax is accepted', () => {
    expect(run(str({ type: 'Regexp', regexp: { match: 'arn:aws:iam::(?P<account>[0-9]{12}):', group: 1 } }), 'arn:aws:iam::123456789012:role/x')).toBe(
      '123456789012',
    );
  });
  test('RegexpNonParticipatingGroupIsEmpty', () => {
    expect(run(str({ type: 'Regexp', regexp: { match: 'a(x)?b', group: 1 } }), 'ab')).toBe('');
  });
  test('ConvertToJSONSuccess', () => expect(run(convert('ToJson'), { foo: 'bar' })).toBe('{"foo":"bar"}'));
  test('ConvertToJSONSortsKeysAndEscapesHTML', () => {
    expect(run(convert('ToJson'), { b: 1, a: '<x&y>', c: 1e21 })).toBe('{"a":"\\u003cx\\u0026y\\u003e","b":1,"c":1e+21}');
  });
  test('ConvertToJSONFail', () => {
    expect(errorOf(() => resolveTransforms([toFloat, convert('ToJson')], 'NaN'))).toBe(
      'transform at index 1 returned error: string transform could not resolve: cannot marshal to JSON: json: unsupported value: NaN',
    );
  });
  test('JoinString', () => expect(run(str({ type: 'Join', join: { separator: ',' } }), ['cross', 'plane'])).toBe('cross,plane'));
  test('JoinStringEmptySeparator', () => {
    expect(run(str({ type: 'Join', join: { separator: '' } }), ['cross', 'plane'])).toBe('crossplane');
  });
  test('JoinStringDifferentTypes: elements are printed with %v', () => {
    expect(run(str({ type: 'Join', join: { separator: '-' } }), ['cross', 'plane', 42])).toBe('cross-plane-42');
    expect(run(str({ type: 'Join', join: { separator: '-' } }), ['a', 1240000, true, null])).toBe('a-1.24e+06-true-<nil>');
  });
  test('JoinMultiCharSeparator: upstream drops only the last byte of the trailing separator', () => {
    expect(run(str({ type: 'Join', join: { separator: ', ' } }), ['a', 'b'])).toBe('a, b,');
  });
  test('JoinFailedOnNonArray', () => {
    expect(failure(str({ type: 'Join', join: { separator: ',' } }), 'wrong-type')).toBe(
      wrapped('string', 'could not parse input array'),
    );
  });
  test('ReplaceFound', () => expect(run(str({ type: 'Replace', replace: { search: 'Cr', replace: 'B' } }), 'Crossplane')).toBe('Bossplane'));
  test('ReplaceNotFound', () => expect(run(str({ type: 'Replace', replace: { search: 'xx', replace: 'zz' } }), 'Crossplane')).toBe('Crossplane'));
  test('ReplaceRemove', () => expect(run(str({ type: 'Replace', replace: { search: 'ss', replace: '' } }), 'Crossplane')).toBe('Croplane'));
  test('ReplaceAllOccurrences', () => expect(run(str({ type: 'Replace', replace: { search: '-', replace: '_' } }), 'a-b-c')).toBe('a_b_c'));
  test('MissingStringType: the CRD default Format is not applied', () => {
    expect(failure(str({ fmt: '%s' }), 'x')).toBe(wrapped('string', 'type  is not supported for string transform type'));
  });
});

describe('convert transform (TestConvertResolve)', () => {
  const convert = (toType: string, format?: string): JsonObject =>
    format === undefined ? { type: 'convert', convert: { toType } } : { type: 'convert', convert: { toType, format } };

  test('StringToBool', () => expect(run(convert('bool'), 'true')).toBe(true));
  test('StringToFloat64', () => expect(run(convert('float64'), '1000')).toBe(1000));
  test('StringToQuantityFloat64', () => expect(run(convert('float64', 'quantity'), '1000m')).toBe(1));
  test('StringToQuantityFloat64InvalidFormat', () => {
    expect(failure(convert('float64', 'quantity'), '1000 blabla')).toBe(
      wrapped('convert', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    );
  });
  test('StringToQuantityBinaryAndDecimalSuffixes', () => {
    expect(run(convert('float64', 'quantity'), '1.5Gi')).toBe(1610612736);
    expect(run(convert('float64', 'quantity'), '100Mi')).toBe(104857600);
    expect(run(convert('float64', 'quantity'), '2k')).toBe(2000);
    expect(run(convert('float64', 'quantity'), '1e3')).toBe(1000);
    expect(run(convert('float64', 'quantity'), '-1.5')).toBe(-1.5);
  });
  test('StringToQuantityRoundsUpToNano', () => expect(run(convert('float64', 'quantity'), '1e-20')).toBe(1e-9));
  test('StringToQuantityBadSuffix', () => {
    expect(failure(convert('float64', 'quantity'), '5Qi')).toBe(
      wrapped('convert', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    );
    expect(failure(convert('float64', 'quantity'), '5e')).toBe(wrapped('convert', "unable to parse quantity's suffix"));
  });
  test('SameTypeNoOp', () => expect(run(convert('bool'), true)).toBe(true));
  test('IntAliasToInt64', () => expect(run(convert('int'), 1n)).toBe(1n));
  test('StringToObject', () => expect(run(convert('object', 'json'), '{"foo":"bar"}')).toEqual({ foo: 'bar' }));
  test('StringToList', () => expect(run(convert('array', 'json'), '["foo", "bar", "baz"]')).toEqual(['foo', 'bar', 'baz']));
  test('StringToObjectSyntaxError uses encoding/json messages', () => {
    expect(failure(convert('object', 'json'), '{"a": [1, x]}')).toBe(
      wrapped('convert', "invalid character 'x' looking for beginning of value"),
    );
    expect(failure(convert('object', 'json'), '{"a": 1')).toBe(wrapped('convert', 'unexpected end of JSON input'));
  });
  test('StringToObjectTypeError', () => {
    expect(failure(convert('object', 'json'), '[1]')).toBe(
      wrapped('convert', 'json: cannot unmarshal array into Go value of type map[string]interface {}'),
    );
  });
  test('InputTypeNotSupported', () => expect(failure(convert('string'), [64])).toBe(wrapped('convert', 'invalid input type []interface {}')));
  test('NullInputNotSupported', () => expect(failure(convert('string'), null)).toBe(wrapped('convert', 'invalid input type <nil>')));
  test('ConversionPairFormatNotSupported', () => {
    expect(failure(convert('string', 'quantity'), 100n)).toBe(
      wrapped('convert', 'conversion from int64 to string is not supported with format quantity'),
    );
  });
  test('ConversionPairNotSupported: unknown toType fails validation', () => {
    expect(failure(convert('[]int'), '[64]')).toBe(wrapped('convert', 'toType: Invalid value: "[]int": invalid type'));
  });
  test('ConversionPairSupportedFloat64Int64: truncation', () => expect(run(convert('int64'), 1.1)).toBe(1n));
  test('StringToInt64Errors use strconv messages', () => {
    expect(run(convert('int64'), '-42')).toBe(-42n);
    expect(failure(convert('int64'), '4.2')).toBe(wrapped('convert', 'strconv.ParseInt: parsing "4.2": invalid syntax'));
    expect(failure(convert('int'), '9223372036854775808')).toBe(
      wrapped('convert', 'strconv.ParseInt: parsing "9223372036854775808": value out of range'),
    );
  });
  test('StringToBoolErrors use strconv messages', () => {
    expect(run(convert('bool'), 'T')).toBe(true);
    expect(failure(convert('bool'), 'yes')).toBe(wrapped('convert', 'strconv.ParseBool: parsing "yes": invalid syntax'));
  });
  test('StringToFloat64Grammar follows ParseFloat', () => {
    expect(run(convert('float64'), '1_000.5')).toBe(1000.5);
    expect(run(convert('float64'), '0x1p-2')).toBe(0.25);
    expect(failure(convert('float64'), '1e400')).toBe(wrapped('convert', 'strconv.ParseFloat: parsing "1e400": value out of range'));
    expect(failure(convert('float64'), ' 1')).toBe(wrapped('convert', 'strconv.ParseFloat: parsing " 1": invalid syntax'));
  });
  test('Float64ToString uses the shortest non-exponent form', () => {
    expect(run(convert('string'), 1e21)).toBe('1000000000000000000000');
    expect(run(convert('string'), 0.1)).toBe('0.1');
  });
  test('NumbersToBool compare with 1', () => {
    expect(run(convert('bool'), 1)).toBe(true);
    expect(run(convert('bool'), 2n)).toBe(false);
  });
  test('BoolToNumbers', () => {
    expect(run(convert('int64'), true)).toBe(1n);
    expect(run(convert('float64'), false)).toBe(0);
    expect(run(convert('string'), false)).toBe('false');
  });
  test('Int64ToFloat64AndString', () => {
    expect(run(convert('float64'), 7n)).toBe(7);
    expect(run(convert('string'), -7n)).toBe('-7');
  });
});

describe('convert pairs (TestConvertTransformGetConversionFunc)', () => {
  const to = (toType: string, format?: string): JsonObject => ({ type: 'convert', convert: format ? { toType, format } : { toType } });
  test('IntToString', () => expect(run(to('string'), 5n)).toBe('5'));
  test('IntToInt', () => expect(run(to('int'), 5n)).toBe(5n));
  test('IntToInt64', () => expect(run(to('int'), 5n)).toBe(5n));
  test('Int64ToInt', () => expect(run(to('int64'), 5n)).toBe(5n));
  test('IntToFloat: float64 to int', () => expect(run(to('int'), 5.9)).toBe(5n));
  test('IntToBool: bool to int', () => expect(run(to('int'), true)).toBe(1n));
  test('JSONStringToObject', () => expect(run(to('object', 'json'), '{}')).toEqual({}));
  test('JSONStringToArray', () => expect(run(to('array', 'json'), '[]')).toEqual([]));
  test('StringToObjectMissingFormat', () => {
    expect(failure(to('object'), '{}')).toBe(wrapped('convert', 'conversion from string to object is not supported with format none'));
  });
  test('StringToIntInvalidFormat: validation rejects the format first', () => {
    expect(failure(to('int', 'wrong'), '1')).toBe(wrapped('convert', 'format: Invalid value: "wrong": invalid format'));
  });
  test('IntToIntInvalidFormat: validation rejects the format before the same-type no-op', () => {
    expect(failure(to('int', 'wrong'), 1n)).toBe(wrapped('convert', 'format: Invalid value: "wrong": invalid format'));
  });
  test('SameTypeIgnoresValidFormat', () => expect(run(to('string', 'json'), 'x')).toBe('x'));
});

describe('resolveTransforms (TestResolveTransforms)', () => {
  test('NoTransforms', () => {
    const input = { spec: { parameters: { test: 'test' } } };
    expect(resolveTransforms([], input)).toEqual(input);
  });
  test('MathTransformWithConversionToFloat64', () => {
    const ts: JsonObject[] = [
      { type: 'convert', convert: { toType: 'float64' } },
      { type: 'math', math: { type: 'Multiply', multiply: 2 } },
    ];
    expect(resolveTransforms(ts, 2n)).toBe(4);
  });
  test('MathTransformWithConversionToInt64', () => {
    const ts: JsonObject[] = [
      { type: 'convert', convert: { toType: 'int64' } },
      { type: 'math', math: { type: 'Multiply', multiply: 2 } },
    ];
    expect(resolveTransforms(ts, 2)).toBe(4n);
  });
  test('ErrorNamesTheFailingIndex', () => {
    const ts: JsonObject[] = [{ type: 'string', string: { type: 'Convert', convert: 'ToUpper' } }, { type: 'map', map: { a: 1 } }];
    expect(errorOf(() => resolveTransforms(ts, 'b'))).toBe(
      'transform at index 1 returned error: map transform could not resolve: key B is not found in map',
    );
  });
  test('TransformTypeNotSupported', () => {
    expect(failure({ type: 'glob' }, 'x')).toBe('transform at index 0 returned error: transform type glob is not supported');
  });
  test('TransformConfigMissing is not wrapped by "could not resolve"', () => {
    expect(failure({ type: 'math' }, 1)).toBe('transform at index 0 returned error: given transform type math requires configuration');
  });
  test('InputIsNotMutated', () => {
    const pairs = { k: { nested: ['x'] } };
    const out = run({ type: 'map', map: pairs }, 'k') as JsonObject;
    (out.nested as string[]).push('y');
    expect(pairs.k.nested).toEqual(['x']);
  });
});

describe('validateTransform (validate.go ValidateTransform)', () => {
  test.each<[string, JsonObject, string | undefined]>([
    ['ValidMap', { type: 'map', map: { a: 'b' } }, undefined],
    ['UnknownTransformType', { type: 'glob' }, 'type: Invalid value: "glob": unknown transform type'],
    ['MissingType', { map: { a: 'b' } }, 'type: Invalid value: "": unknown transform type'],
    ['MathConfigMissing', { type: 'math' }, 'math: Required value: given transform type math requires configuration'],
    ['MathTypeMissing', { type: 'math', math: { multiply: 2 } }, 'math.type: Required value: math transform type is required'],
    ['MathMultiplyMissing', { type: 'math', math: { type: 'Multiply' } }, 'math.multiply: Required value: must specify a value if a multiply math transform is specified'],
    ['MathUnknownType', { type: 'math', math: { type: 'Divide' } }, 'math.type: Invalid value: "Divide": unknown math transform type'],
    ['MapConfigMissing', { type: 'map' }, 'map: Required value: given transform type map requires configuration'],
    ['MapNoPairs', { type: 'map', map: {} }, 'map.pairs: Required value: at least one pair must be specified if a map transform is specified'],
    ['MatchNoPatterns', { type: 'match', match: { patterns: [], fallbackValue: 'x' } }, 'match.patterns: Required value: at least one pattern must be specified if a match transform is specified'],
    ['MatchPatternWithoutTypeNeedsLiteral', { type: 'match', match: { patterns: [{ regexp: 'x' }] } }, 'match.patterns[0].literal: Required value: literal pattern type requires a literal'],
    ['MatchPatternWithoutTypePassesWithLiteral', { type: 'match', match: { patterns: [{ literal: 'x' }] } }, undefined],
    ['MatchPatternBadRegexp', { type: 'match', match: { patterns: [{ type: 'regexp', regexp: '[a-' }] } }, 'match.patterns[0].regexp: Invalid value: "[a-": invalid regexp'],
    ['MatchPatternUnknownType', { type: 'match', match: { patterns: [{ type: 'glob' }] } }, 'match.patterns[0].type: Invalid value: "glob": unknown pattern type'],
    ['StringTypeMissing', { type: 'string', string: { fmt: '%s' } }, 'string.type: Required value: string transform type is required'],
    ['StringFormatMissing', { type: 'string', string: { type: 'Format' } }, 'string.fmt: Required value: format transform requires a format'],
    ['StringConvertMissing', { type: 'string', string: { type: 'Convert' } }, 'string.convert: Required value: convert transform requires a conversion type'],
    ['StringTrimMissing', { type: 'string', string: { type: 'TrimSuffix' } }, 'string.trim: Required value: trim transform requires a trim value'],
    ['StringRegexpMissing', { type: 'string', string: { type: 'Regexp' } }, 'string.regexp: Required value: regexp transform requires a regexp'],
    ['StringRegexpMatchMissing', { type: 'string', string: { type: 'Regexp', regexp: {} } }, 'string.regexp.match: Required value: regexp transform requires a match'],
    ['StringRegexpInvalid', { type: 'string', string: { type: 'Regexp', regexp: { match: '(?=x)' } } }, 'string.regexp.match: Invalid value: "(?=x)": invalid regexp'],
    ['StringJoinMissing', { type: 'string', string: { type: 'Join' } }, 'string.join: Required value: join transform requires a join'],
    ['StringReplaceMissing', { type: 'string', string: { type: 'Replace' } }, 'string.replace: Required value: replace transform requires a replace'],
    ['StringReplaceSearchMissing', { type: 'string', string: { type: 'Replace', replace: { replace: 'x' } } }, 'string.replace.search: Required value: replace transform requires a search'],
    ['StringUnknownType', { type: 'string', string: { type: 'Reverse' } }, 'string.type: Invalid value: "Reverse": unknown string transform type'],
    ['StringUnknownConversionIsNotValidated', { type: 'string', string: { type: 'Convert', convert: 'ToRot13' } }, undefined],
    ['ConvertConfigMissing', { type: 'convert' }, 'convert: Required value: given transform type convert requires configuration'],
    ['ConvertInvalidFormat', { type: 'convert', convert: { toType: 'string', format: 'yaml' } }, 'convert.format: Invalid value: "yaml": invalid format'],
    ['ConvertInvalidToType', { type: 'convert', convert: { toType: 'int32' } }, 'convert.toType: Invalid value: "int32": invalid type'],
    ['UndecodableField', { type: 'math', math: { type: 'Multiply', multiply: '2' } }, 'json: cannot unmarshal JSON string into Go value of type int64'],
    ['MisCasedField', { type: 'convert', convert: { totype: 'string' } }, 'json: cannot unmarshal Go value of type v1beta1.ConvertTransform: unknown name "totype"'],
  ])('%s', (_name, transform, reason) => {
    expect(validateTransform(transform)).toBe(reason);
  });
});
