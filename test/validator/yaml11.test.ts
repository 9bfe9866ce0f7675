// YAML as kubectl reads it, proven with go-yaml v2's own decode_test.go cases (v2 branch, commit
// 7649d4548cb53a614db133b2a8ac1f31859dda8c): the cases that decode into interface{}, which is what
// sigs.k8s.io/yaml does before turning the result into JSON. Line numbers name the upstream case.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BigInteger, Yaml11Error, parseYaml11, resolveScalar } from '../../validator/yaml11';

const one = (text: string): unknown => {
  const docs = parseYaml11(text);
  expect(docs).toHaveLength(1);
  return docs[0]!.value;
};

describe('go-yaml v2 unmarshalTests into interface{}', () => {
  it.each<[number, string, unknown]>([
    [31, 'v: hi', { v: 'hi' }],
    [37, 'v: true', { v: true }],
    [40, 'v: 10', { v: 10 }],
    [43, 'v: 0b10', { v: 2 }],
    [46, 'v: 0xA', { v: 10 }],
    [52, 'v: 0.1', { v: 0.1 }],
    [55, 'v: .1', { v: 0.1 }],
    [64, 'v: -10', { v: -10 }],
    [67, 'v: -.1', { v: -0.1 }],
    [79, 'canonical: 6.8523e+5', { canonical: 6.8523e5 }],
    [82, 'expo: 685.230_15e+03', { expo: 685.23015e3 }],
    [85, 'fixed: 685_230.15', { fixed: 685230.15 }],
    [99, 'canonical: y', { canonical: true }],
    [102, 'answer: NO', { answer: false }],
    [105, 'logical: True', { logical: true }],
    [108, 'option: on', { option: true }],
    [116, 'canonical: 685230', { canonical: 685230 }],
    [119, 'decimal: +685_230', { decimal: 685230 }],
    [122, 'octal: 02472256', { octal: 685230 }],
    [125, 'hexa: 0x_0A_74_AE', { hexa: 685230 }],
    [128, 'bin: 0b1010_0111_0100_1010_1110', { bin: 685230 }],
    [131, 'bin: -0b101010', { bin: -42 }],
    [134, 'bin: -0b1000000000000000000000000000000000000000000000000000000000000000', { bin: -9223372036854775808 }],
    [145, 'empty:', { empty: null }],
    [148, 'canonical: ~', { canonical: null }],
    [151, 'english: null', { english: null }],
    [163, 'seq: [A,B]', { seq: ['A', 'B'] }],
    [175, 'seq: [A,1,C]', { seq: ['A', 1, 'C'] }],
    [180, 'seq:\n - A\n - B', { seq: ['A', 'B'] }],
    [192, 'seq:\n - A\n - 1\n - C', { seq: ['A', 1, 'C'] }],
    [210, 'a: {b: c}', { a: { b: 'c' } }],
    [398, "'1': '\"2\"'", { 1: '"2"' }],
    [407, "v: !!float '1.1'", { v: 1.1 }],
    [410, 'v: !!float 0', { v: 0 }],
    [413, 'v: !!float -1', { v: -1 }],
    [416, "v: !!null ''", { v: null }],
    [419, "%TAG !y! tag:yaml.org,2002:\n---\nv: !y!int '1'", { v: 1 }],
    [425, 'v: ! test', { v: 'test' }],
    [456, 'foo: null', { foo: null }],
    [468, 'foo: ~', { foo: null }],
    [516, 'a: -b_c', { a: '-b_c' }],
    [520, 'a: +b_c', { a: '+b_c' }],
    [524, 'a: 50cent_of_dollar', { a: '50cent_of_dollar' }],
    [530, 'a: {b: https://github.com/go-yaml/yaml}', { a: { b: 'https://github.com/go-yaml/yaml' } }],
    [536, 'a: [https://github.com/go-yaml/yaml]', { a: ['https://github.com/go-yaml/yaml'] }],
    [638, 'a: !!str 2015-01-01', { a: '2015-01-01' }],
    [653, 'a: "2015-01-01"', { a: '2015-01-01' }],
    [658, 'a: !!timestamp "2015-01-01"', { a: '2015-01-01' }],
    [663, 'a: 2015-01-01', { a: '2015-01-01' }],
    [695, 'a: 123456e1\n', { a: 1234560 }],
    [698, 'a: 123456E1\n', { a: 1234560 }],
    [705, 'First occurrence: &anchor Foo\nSecond occurrence: *anchor\nOverride anchor: &anchor Bar\nReuse anchor: *anchor\n',
      { 'First occurrence': 'Foo', 'Second occurrence': 'Foo', 'Override anchor': 'Bar', 'Reuse anchor': 'Bar' }],
  ])('decode_test.go:%i %j', (_line, text, want) => {
    expect(one(text)).toEqual(want);
  });

  it('decode_test.go:58/61/88: infinities resolve, and kubectl cannot send them as JSON', () => {
    expect(resolveScalar('', '.Inf').value).toBe(Number.POSITIVE_INFINITY);
    expect(resolveScalar('', '-.Inf').value).toBe(Number.NEGATIVE_INFINITY);
    expect(resolveScalar('', '-.inf').value).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isNaN(resolveScalar('', '.NaN').value)).toBe(true);
    expect(() => parseYaml11('v: .Inf')).toThrow('line 1: .v: .inf cannot be sent: JSON has no NaN or infinity');
  });

  it('decode_test.go:93/140: sexagesimal numbers are purposefully unsupported: they stay strings', () => {
    expect(one('sexa: 190:20:30.15')).toEqual({ sexa: '190:20:30.15' });
    expect(one('sexa: 190:20:30')).toEqual({ sexa: '190:20:30' });
  });

  it('decode_test.go:803: one document of a stream; empty documents are null', () => {
    expect(parseYaml11('---\na: b\n...\n').map((d) => d.value)).toEqual([{ a: 'b' }]);
    expect(parseYaml11("---\n'hello'\n...\n---\ngoodbye\n...\n").map((d) => d.value)).toEqual(['hello', 'goodbye']);
  });
});

describe('go-yaml v2 TestMerge (decode_test.go:1096)', () => {
  const merged = one(readFileSync(join(__dirname, '..', 'fixtures', 'yaml11', 'merge.yaml'), 'utf8')) as Record<string, unknown>;
  const cases = Object.keys(merged).filter((k) => k !== 'anchors');

  it('has the eight upstream maps', () => {
    expect(cases).toEqual(['plain', 'mergeOne', 'mergeMultiple', 'override', 'shortTag', 'longTag', 'inlineMap', 'inlineSequenceMap']);
  });

  it.each(cases)('%s equals {x: 1, y: 2, r: 10, label: center/big}', (name) => {
    expect(merged[name]).toEqual({ x: 1, y: 2, r: 10, label: 'center/big' });
  });
});

describe('go-yaml v2 strict and error cases', () => {
  it('decode_test.go:1273/1281 (UnmarshalStrict): a key set twice is refused with its line', () => {
    expect(() => parseYaml11('c: 1\na: 1\nb: 2\nc: 3\n')).toThrow('unmarshal errors: line 4: key "c" already set in map');
    expect(() => parseYaml11('a: 1\n9: 2\nnull: 3\n9: 4')).toThrow('unmarshal errors: line 4: key 9 already set in map');
  });

  it('yes and true are the same key once resolved', () => {
    expect(() => parseYaml11('yes: 1\ntrue: 2\n')).toThrow('line 2: key true already set in map');
  });

  it.each<[number, string, string | RegExp]>([
    [858, "v: !!float 'error'", 'cannot decode !!str `error` as a !!float'],
    [862, 'a: *b\n', /unknown anchor|b/],
    [864, 'a: &x null\n<<:\n- *x\nb: &x {}\n', 'map merge requires map or sequence of maps as the value'],
    [866, 'a: !!binary ==', '!!binary value contains invalid base64 data'],
  ])('decode_test.go:%i %j fails', (_line, text, message) => {
    expect(() => parseYaml11(text)).toThrow(message);
  });

  it('errors carry the line kubectl would name', () => {
    try {
      parseYaml11('a: 1\nb:\n  c: !!int x\n');
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(Yaml11Error);
      expect((e as Yaml11Error).message).toBe('line 3: cannot decode !!str `x` as a !!int');
    }
  });
});

describe('int64 limits', () => {
  it('int64 bounds are integers; one past is refused as the API server would lose it', () => {
    expect(resolveScalar('', '-9223372036854775808').value).toBe(-9223372036854775808);
    const big = resolveScalar('', '9223372036854775808');
    expect(big.tag).toBe('int');
    expect(big.value).toBeInstanceOf(BigInteger);
    expect(() => parseYaml11('spec:\n  count: 9223372036854775808\n')).toThrow('.spec.count: 9223372036854775808 does not fit in an int64');
  });

  it('beyond uint64 a plain number is a float (yamlStyleFloat), and 08 is not octal but the float 8', () => {
    expect(resolveScalar('', '18446744073709551616')).toEqual({ tag: 'float', value: 18446744073709551616 });
    expect(resolveScalar('', '08')).toEqual({ tag: 'float', value: 8 });
    expect(resolveScalar('', '0o17')).toEqual({ tag: 'int', value: 15 });
    expect(resolveScalar('', '1_000')).toEqual({ tag: 'int', value: 1000 });
  });

  it('what YAML 1.2 readers call strings or numbers differently', () => {
    expect(one('a: yes\nb: off\nc: 010\nd: 1_000\ne: Y\nf: "yes"')).toEqual({ a: true, b: false, c: 8, d: 1000, e: true, f: 'yes' });
  });
});
