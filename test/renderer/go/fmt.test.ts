import { compareGoStrings, formatFloat, goJsonMarshal, goQuote, goTypeName, sprintf } from '../../../renderer/go/fmt';

// Expected strings are what Go's fmt.Sprintf prints for the same operands, where a JS number is
// a float64 (P&T reads every XR number as float64) and a bigint is an int64.

describe('sprintf: float64 operands (numbers from an XR)', () => {
  test.each<[string, string, unknown, string]>([
    ['VIntegralFloat', '%v', 3, '3'],
    ['VLargeFloatUsesExponent', '%v', 1240000, '1.24e+06'],
    ['VBelowExponentThreshold', '%v', 100000, '100000'],
    ['VManyDigits', '%v', 123456789, '1.23456789e+08'],
    ['VSmallFloat', '%v', 0.000123, '0.000123'],
    ['VTinyFloat', '%v', 1e-7, '1e-07'],
    ['VFraction', '%v', 0.1 + 0.2, '0.30000000000000004'],
    ['VNegativeZero', '%v', -0, '-0'],
    ['VNaN', '%v', NaN, 'NaN'],
    ['VPositiveInfinity', '%v', Infinity, '+Inf'],
    ['VNegativeInfinity', '%v', -Infinity, '-Inf'],
    ['DIsABadVerbForFloat64', '%d', 3, '%!d(float64=3)'],
    ['SIsABadVerbForFloat64', '%s', 1240000, '%!s(float64=1.24e+06)'],
    ['FDefaultPrecision', '%f', 3.14159265, '3.141593'],
    ['FCapitalIsF', '%F', 2, '2.000000'],
    ['FPrecisionRoundsHalfToEvenOnExactTies', '%.0f', 2.5, '2'],
    ['FPrecisionRoundsUpPastHalf', '%.0f', 3.5, '4'],
    ['FPrecisionUsesExactBinaryValue', '%.2f', 1.005, '1.00'],
    ['FQuarter', '%.1f', 0.25, '0.2'],
    ['FHuge', '%f', 1e21, '1000000000000000000000.000000'],
    ['FWidthPrecision', '%5.2f', 3.14159, ' 3.14'],
    ['FZeroPadNegative', '%06.2f', -3.14159, '-03.14'],
    ['FZeroPadWithSign', '%+08.3f', 3.14159, '+003.142'],
    ['FLeftAlign', '%-7.1f|', 2.25, '2.2    |'],
    ['FSpaceFlag', '% .1f', 2, ' 2.0'],
    ['EDefault', '%e', 123456.789, '1.234568e+05'],
    ['ECapital', '%E', 123456.789, '1.234568E+05'],
    ['EPlusPrecision', '%+.2e', 12345.678, '+1.23e+04'],
    ['EZero', '%e', 0, '0.000000e+00'],
    ['EThreeDigitExponent', '%e', 1e100, '1.000000e+100'],
    ['GShortest', '%g', 1e21, '1e+21'],
    ['GPrecision', '%.3g', 1234, '1.23e+03'],
    ['GPrecisionTrimsZeros', '%.3g', 1, '1'],
    ['GCapital', '%G', 1e-7, '1E-07'],
    ['VWithPrecisionIsG', '%6.2v', 3.14159, '   3.1'],
    ['SharpG', '%#g', 1, '1.00000'],
    ['SharpGPrecision', '%#.3g', 1, '1.00'],
    ['SharpF', '%#.0f', 1, '1.'],
    ['SharpGLargeInteger', '%#g', 123456, '123456.'],
    ['HexFloat', '%x', 1.5, '0x1.8p+00'],
    ['HexFloatUpper', '%X', -1.5, '-0X1.8P+00'],
    ['HexFloatPrecisionRenormalises', '%.1x', 1.99, '0x1.0p+01'],
    ['HexFloatZero', '%x', 0, '0x0p+00'],
    ['BinaryExponentFloat', '%b', 1, '4503599627370496p-52'],
    ['NaNIgnoresZeroPadding', '%05v', NaN, '  NaN'],
    ['InfinityWidth', '%6.1f', -Infinity, '  -Inf'],
    ['NaNWithPlus', '%+f', NaN, '+NaN'],
    ['BadVerbKeepsWidth', '%5d', 3, '%!d(float64=    3)'],
  ])('%s: %s', (_name, format, arg, want) => {
    expect(sprintf(format, arg)).toBe(want);
  });
});

describe('sprintf: int64 operands (bigint)', () => {
  test.each<[string, string, bigint, string]>([
    ['DInt64', '%d', 3n, '3'],
    ['VInt64', '%v', -42n, '-42'],
    ['DWidth', '%-6d|', 42n, '42    |'],
    ['DPlus', '%+d', 5n, '+5'],
    ['DSpace', '% d', 7n, ' 7'],
    ['DZeroPad', '%05d', -42n, '-0042'],
    ['DPrecision', '%.3d', 7n, '007'],
    ['DPrecisionZeroOfZero', '%.0d|', 0n, '|'],
    ['DPrecisionZeroOfZeroWidth', '%3.0d|', 0n, '   |'],
    ['HexLower', '%x', 255n, 'ff'],
    ['HexUpper', '%X', 255n, 'FF'],
    ['HexNegative', '%x', -255n, '-ff'],
    ['HexSharp', '%#x', 255n, '0xff'],
    ['HexSharpZeroPad', '%#08x', 255n, '0x000000ff'],
    ['Octal', '%o', 8n, '10'],
    ['OctalSharp', '%#o', 8n, '010'],
    ['OctalO', '%O', 8n, '0o10'],
    ['Binary', '%b', 5n, '101'],
    ['Char', '%c', 65n, 'A'],
    ['QuotedChar', '%q', 65n, "'A'"],
    ['Unicode', '%U', 0x1f600n, 'U+1F600'],
    ['UnicodeSharp', '%#U', 120n, "U+0078 'x'"],
    ['MinInt64', '%d', -9223372036854775808n, '-9223372036854775808'],
    ['SIsABadVerbForInt64', '%s', 3n, '%!s(int64=3)'],
    ['FIsABadVerbForInt64', '%f', 3n, '%!f(int64=3)'],
  ])('%s: %s', (_name, format, arg, want) => {
    expect(sprintf(format, arg)).toBe(want);
  });
});

describe('sprintf: strings, booleans and nil', () => {
  test.each<[string, string, unknown, string]>([
    ['S', '%s', 'hello', 'hello'],
    ['SWidth', '%5s|', 'ab', '   ab|'],
    ['SLeftAlign', '%-5s|', 'ab', 'ab   |'],
    ['SPrecisionCountsRunes', '%.2s', 'héllo', 'hé'],
    ['SWidthCountsRunes', '%4s', 'é', '   é'],
    ['VString', '%v', 'x', 'x'],
    ['VPrecisionString', '%.3v', 'abcdef', 'abc'],
    ['Q', '%q', 'a"b', '"a\\"b"'],
    ['QEscapes', '%q', 'tab\there\n', '"tab\\there\\n"'],
    ['QKeepsPrintableUnicode', '%q', 'héllo', '"héllo"'],
    ['QPlusIsAscii', '%+q', 'é', '"\\u00e9"'],
    ['QSharpBackquotes', '%#q', 'abc', '`abc`'],
    ['QControlChar', '%q', '\u0001', '"\\x01"'],
    ['HexString', '%x', 'héllo', '68c3a96c6c6f'],
    ['HexStringUpper', '%X', 'hi', '6869'],
    ['HexStringSpaced', '% x', 'hi', '68 69'],
    ['HexStringSharp', '%#x', 'hi', '0x6869'],
    ['HexStringSharpSpaced', '%# x', 'hi', '0x68 0x69'],
    ['HexStringPrecisionLimitsBytes', '%.1x', 'hi', '68'],
    ['DIsABadVerbForString', '%d', 'abc', '%!d(string=abc)'],
    ['BadVerbStringKeepsWidth', '%5d', 'ab', '%!d(string=   ab)'],
    ['TBool', '%t', true, 'true'],
    ['VBool', '%v', false, 'false'],
    ['TIsABadVerbForString', '%t', 'x', '%!t(string=x)'],
    ['SIsABadVerbForBool', '%s', true, '%!s(bool=true)'],
    ['VNil', '%v', null, '<nil>'],
    ['SNil', '%s', null, '%!s(<nil>)'],
    ['DNil', '%d', null, '%!d(<nil>)'],
    ['TypeOfNil', '%T', null, '<nil>'],
    ['TypeOfFloat', '%T', 1, 'float64'],
    ['TypeOfInt', '%T', 1n, 'int64'],
    ['TypeOfString', '%T', 's', 'string'],
    ['WIsABadVerbInSprintf', '%w', 'x', '%!w(string=x)'],
  ])('%s: %s', (_name, format, arg, want) => {
    expect(sprintf(format, arg)).toBe(want);
  });
});

describe('sprintf: arrays and maps print like []interface{} and map[string]interface{}', () => {
  test('SliceV', () => expect(sprintf('%v', ['a', 'b'])).toBe('[a b]'));
  test('SliceMixed', () => expect(sprintf('%v', ['a', 1, true, null, 1240000])).toBe('[a 1 true <nil> 1.24e+06]'));
  test('SliceS: each element gets the verb', () => expect(sprintf('%s', ['a', 1])).toBe('[a %!s(float64=1)]'));
  test('SliceQ', () => expect(sprintf('%q', ['a', 'b'])).toBe('["a" "b"]'));
  test('SliceWidthAppliesPerElement', () => expect(sprintf('%3v', ['a', 'b'])).toBe('[  a   b]'));
  test('EmptySlice', () => expect(sprintf('%v', [])).toBe('[]'));
  test('MapSortedKeys', () => expect(sprintf('%v', { b: 1, a: 'x' })).toBe('map[a:x b:1]'));
  test('MapNested', () => expect(sprintf('%v', { a: { c: [1, 2] }, b: null })).toBe('map[a:map[c:[1 2]] b:<nil>]'));
  test('MapD: keys get the verb too', () => expect(sprintf('%d', { a: 1 })).toBe('map[%!d(string=a):%!d(float64=1)]'));
  test('EmptyMap', () => expect(sprintf('%v', {})).toBe('map[]'));
  test('MapKeysSortedByCodePoint', () => expect(sprintf('%v', { '\u{1F600}': 1, '\uFF01': 2 })).toBe('map[！:2 😀:1]'));
  test('SharpVGoSyntax', () => {
    expect(sprintf('%#v', { a: [1, null, 'x'], b: true })).toBe(
      'map[string]interface {}{"a":[]interface {}{1, interface {}(nil), "x"}, "b":true}',
    );
  });
  test('TypeOfSliceAndMap', () => {
    expect(sprintf('%T', [1])).toBe('[]interface {}');
    expect(sprintf('%T', { a: 1 })).toBe('map[string]interface {}');
  });
});

describe('sprintf: operand bookkeeping and malformed formats', () => {
  test('Missing', () => expect(sprintf('%s')).toBe('%!s(MISSING)'));
  test('MissingSecond', () => expect(sprintf('%d %d', 1n)).toBe('1 %!d(MISSING)'));
  test('Extra', () => expect(sprintf('hello', 'x')).toBe('hello%!(EXTRA string=x)'));
  test('ExtraSeveral', () => expect(sprintf('%s', 'a', 1, null)).toBe('a%!(EXTRA float64=1, <nil>)'));
  test('NoVerb', () => expect(sprintf('%')).toBe('%!(NOVERB)'));
  test('NoVerbAfterFlags', () => expect(sprintf('x%-5', 1n)).toBe('x%!(NOVERB)%!(EXTRA int64=1)'));
  test('UnknownVerb', () => expect(sprintf('%z', 'x')).toBe('%!z(string=x)'));
  test('BangVerbWithoutOperand', () => expect(sprintf('%!')).toBe('%!!(MISSING)'));
  test('Percent', () => expect(sprintf('100%% %s', 'sure')).toBe('100% sure'));
  test('PercentDoesNotConsume', () => expect(sprintf('%5%')).toBe('%'));
  test('ArgIndex', () => expect(sprintf('%[2]s-%[1]s', 'a', 'b')).toBe('b-a'));
  test('ArgIndexReuse', () => expect(sprintf('%[1]s-%[1]s', 'a')).toBe('a-a'));
  test('ArgIndexReorderedSuppressesExtra', () => expect(sprintf('%[1]s', 'a', 'b')).toBe('a'));
  test('BadIndex', () => expect(sprintf('%[3]d', 1n)).toBe('%!d(BADINDEX)'));
  test('StarWidth', () => expect(sprintf('%*d', 5n, 3n)).toBe('    3'));
  test('StarNegativeWidthLeftAligns', () => expect(sprintf('%*d|', -4n, 3n)).toBe('3   |'));
  test('StarPrecision', () => expect(sprintf('%.*f', 2n, 3.14159)).toBe('3.14'));
  test('BadWidth: float64 is not an int', () => expect(sprintf('%*d', 5, 3n)).toBe('%!(BADWIDTH)3'));
  test('BadPrec', () => expect(sprintf('%.*d', 'x', 3n)).toBe('%!(BADPREC)3'));
  test('CombineStyleFormat', () => expect(sprintf('%s-%s', 'foo', 'bar')).toBe('foo-bar'));
  test('NonAsciiVerb', () => expect(sprintf('%é', 'x')).toBe('%!é(string=x)'));
});

describe('formatFloat (strconv.FormatFloat)', () => {
  test('ShortestF', () => {
    expect(formatFloat(1e21, 'f', -1)).toBe('1000000000000000000000');
    expect(formatFloat(1.5e-7, 'f', -1)).toBe('0.00000015');
    expect(formatFloat(-0, 'f', -1)).toBe('-0');
  });
  test('ShortestE', () => expect(formatFloat(1234.5, 'e', -1)).toBe('1.2345e+03'));
  test('FixedE', () => expect(formatFloat(0.000123456, 'e', 2)).toBe('1.23e-04'));
  test('RoundingCarries', () => expect(formatFloat(9.99, 'f', 1)).toBe('10.0'));
  test('Subnormal', () => expect(formatFloat(5e-324, 'g', -1)).toBe('5e-324'));
  test('MaxFloat', () => expect(formatFloat(1.7976931348623157e308, 'g', -1)).toBe('1.7976931348623157e+308'));
  test('SpecialValues', () => {
    expect(formatFloat(NaN, 'f', -1)).toBe('NaN');
    expect(formatFloat(Infinity, 'g', 3)).toBe('+Inf');
  });
});

describe('goJsonMarshal (encoding/json Marshal)', () => {
  test('SortsKeys', () => expect(goJsonMarshal({ b: 1, a: [true, null] })).toBe('{"a":[true,null],"b":1}'));
  test('EscapesHTML', () => expect(goJsonMarshal('<a&b>')).toBe('"\\u003ca\\u0026b\\u003e"'));
  test('EscapesControlCharacters', () => expect(goJsonMarshal('\b\f\n\u0001\u2028')).toBe('"\\b\\f\\n\\u0001\\u2028"'));
  test('FloatFormatting', () => {
    expect(goJsonMarshal(1e21)).toBe('1e+21');
    expect(goJsonMarshal(1e20)).toBe('100000000000000000000');
    expect(goJsonMarshal(1.5e-7)).toBe('1.5e-7');
    expect(goJsonMarshal(0.000001)).toBe('0.000001');
    expect(goJsonMarshal(-0)).toBe('-0');
  });
  test('Int64', () => expect(goJsonMarshal(9223372036854775807n)).toBe('9223372036854775807'));
  test('UnsupportedValue', () => {
    expect(() => goJsonMarshal({ a: NaN })).toThrow('json: unsupported value: NaN');
    expect(() => goJsonMarshal(-Infinity)).toThrow('json: unsupported value: -Inf');
  });
});

describe('helpers', () => {
  test('goQuote', () => expect(goQuote('a\u0000"\\é\u{1F600}\u200b')).toBe('"a\\x00\\"\\\\é😀\\u200b"'));
  test('goTypeName', () => {
    expect([null, 's', 1, 1n, true, [], {}].map(goTypeName)).toEqual([
      '<nil>',
      'string',
      'float64',
      'int64',
      'bool',
      '[]interface {}',
      'map[string]interface {}',
    ]);
  });
});

describe('compareGoStrings (Go sorts strings byte-wise on UTF-8, i.e. by code point)', () => {
  test('ASCII: upper case before lower case', () => expect(['b', 'B', 'a', 'A'].sort(compareGoStrings)).toEqual(['A', 'B', 'a', 'b']));
  test('an astral code point sorts after U+FFFF although its UTF-16 surrogate sorts before', () => {
    expect(['\u{1F600}', '\uFFFF', '\uE000'].sort(compareGoStrings)).toEqual(['\uE000', '\uFFFF', '\u{1F600}']);
  });
  test('two astral code points compare by their low surrogates', () => {
    expect(['\u{1F601}', '\u{1F600}'].sort(compareGoStrings)).toEqual(['\u{1F600}', '\u{1F601}']);
  });
  test('a prefix sorts first', () => expect(['ab', 'a'].sort(compareGoStrings)).toEqual(['a', 'ab']));
});
