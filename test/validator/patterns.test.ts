// OpenAPI `pattern` as the API server evaluates it: Go's regexp via Ajv's regExp engine, invalid
// patterns refused like a CRD, and ObjectMeta rules without lookahead accepting exactly what the
// lookahead versions accepted.
import hostnames from '../fixtures/re2/strfmt-hostname.json';
import { newSchemaAjv } from '../../validator/compiled-schemas';
import { k8sToJsonSchema, objectMetaSchema, type Schema } from '../../validator/k8s-to-json-schema';
import { invalidPatterns } from '../../validator/schema-patterns';
import { Validator } from '../../validator/validate';

const ajv = newSchemaAjv();
const thingValidator = (spec: Schema) =>
  Validator.fromBundleObject({ kinds: { 'example.org/v1/Thing': { group: 'example.org', version: 'v1', kind: 'Thing', plural: 'things', scope: 'Cluster', schema: { type: 'object', properties: { spec } } } } });
const thing = (spec: object) => ({ apiVersion: 'example.org/v1', kind: 'Thing', metadata: { name: 't' }, spec });

describe('pattern is evaluated with Go regexp semantics', () => {
  const v = thingValidator({
    type: 'object',
    properties: {
      word: { type: 'string', pattern: '^\\s*\\w+\\s*$' },
      ci: { type: 'string', pattern: '(?i)^ab+c\\z' },
      posix: { type: 'string', pattern: '^[[:alpha:]]+$' },
      letters: { type: 'string', pattern: '^\\pL+$' },
      anyline: { type: 'string', pattern: '^.$' },
      port: { 'x-kubernetes-int-or-string': true, pattern: '^[[:lower:]]+$' },
      tags: { type: 'object', additionalProperties: { type: 'string', pattern: '^\\QA.B\\E$' } },
    },
  });
  const problems = (spec: object) => v.validate(thing(spec)).map((p) => `${p.path} [${p.rule}]`);

  it.each([
    [{ word: 'abc' }, []],
    [{ word: '\u00a0abc' }, ['.spec.word [pattern]']], // JS \s would accept the no-break space
    [{ word: '\vabc' }, ['.spec.word [pattern]']],
    [{ ci: 'ABBC' }, []], // (?i) and \z: a JS RegExp refuses the pattern
    [{ ci: 'ABBC\n' }, ['.spec.ci [pattern]']],
    [{ posix: 'abc' }, []],
    [{ posix: 'ab1' }, ['.spec.posix [pattern]']],
    [{ letters: 'héllo' }, []],
    [{ anyline: '\r' }, []], // JS . refuses \r
    [{ anyline: '\n' }, ['.spec.anyline [pattern]']],
    [{ port: 'http' }, []],
    [{ port: 'HTTP' }, ['.spec.port [pattern]']],
    [{ tags: { a: 'A.B' } }, []],
    [{ tags: { a: 'AxB' } }, ['.spec.tags.a [pattern]']],
  ] as const)('%j -> %j', (spec, want) => {
    expect(problems(spec)).toEqual(want);
  });

  it('is an unanchored search, as kube-openapi MatchString', () => {
    const vv = thingValidator({ type: 'object', properties: { id: { type: 'string', pattern: '[0-9]{3}' } } });
    expect(vv.validate(thing({ id: 'ab123cd' }))).toEqual([]);
    expect(vv.validate(thing({ id: 'ab12cd' })).map((p) => p.message)).toEqual(['must match pattern [0-9]{3} (got "ab12cd")']);
  });
});

describe('a pattern Go cannot compile is refused like the API server refuses the CRD', () => {
  const bad: Schema = { type: 'object', properties: { a: { type: 'string', pattern: 'x(?=y)' }, b: { type: 'array', items: { type: 'string', pattern: '(a)\\1' } } } };

  it('finds every such pattern with the API server field path and Go error', () => {
    expect(invalidPatterns({ type: 'object', properties: { spec: bad } })).toEqual([
      { path: 'openAPIV3Schema.properties[spec].properties[a]', pattern: 'x(?=y)', error: 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`' },
      { path: 'openAPIV3Schema.properties[spec].properties[b].items', pattern: '(a)\\1', error: 'error parsing regexp: invalid escape sequence: `\\1`' },
    ]);
  });

  it('reports it on validation instead of falling back to a JS RegExp', () => {
    expect(thingValidator(bad).validate(thing({ a: 'xy' }))).toEqual([
      {
        object: 'Thing/t',
        path: '.',
        rule: 'schema',
        message:
          'schema of example.org/v1/Thing does not compile: openAPIV3Schema.properties[spec].properties[a].pattern: Invalid value: "x(?=y)": must be a valid regular expression, but isn\'t: error parsing regexp: invalid or unsupported Perl syntax: `(?=`; ' +
          'openAPIV3Schema.properties[spec].properties[b].items.pattern: Invalid value: "(a)\\\\1": must be a valid regular expression, but isn\'t: error parsing regexp: invalid escape sequence: `\\1`',
      },
    ]);
  });

  it('reports it on the XRD that declares it', () => {
    const xrd = {
      apiVersion: 'apiextensions.crossplane.io/v1',
      kind: 'CompositeResourceDefinition',
      metadata: { name: 'xthings.example.org' },
      spec: { group: 'example.org', names: { kind: 'XThing', plural: 'xthings' }, versions: [{ name: 'v1', served: true, referenceable: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: bad } } } }] },
    };
    const problems = Validator.fromBundle().validate(xrd);
    expect(problems.map((p) => `${p.path} [${p.rule}]`)).toEqual(['.spec.versions [xrd]']);
    expect(problems[0].message).toMatch(/^schema of XThing v1 is invalid: openAPIV3Schema\.properties\[spec\]\.properties\[a\]\.pattern: Invalid value: "x\(\?=y\)": must be a valid regular expression/);
  });

  it('fails Ajv compilation with the same wording when a pattern slips past the schema walk', () => {
    expect(() => ajv.compile({ type: 'string', pattern: '\\Z' })).toThrow('pattern "\\\\Z" must be a valid regular expression, but isn\'t: error parsing regexp: invalid escape sequence: `\\Z`');
  });
});

// The lookahead patterns the ObjectMeta emulation used before (JS only), as the reference.
const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const OLD = {
  name: new RegExp(`^(?=.{1,253}$)${DNS_LABEL}(\\.${DNS_LABEL})*$`),
  namespace: new RegExp(`^(?=.{1,63}$)${DNS_LABEL}$`),
  key: new RegExp(`^((?=[a-z0-9.-]{1,253}/)${DNS_LABEL}(\\.${DNS_LABEL})*/)?(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$`),
};

/** Every string over `alphabet` up to `max` characters. */
function allStrings(alphabet: string[], max: number): string[] {
  let layer = [''];
  const out = [''];
  for (let n = 1; n <= max; n++) {
    layer = layer.flatMap((s) => alphabet.map((c) => s + c));
    out.push(...layer);
  }
  return out;
}

/** Deterministic strings around every length limit (63, 253 and the prefix/name split). */
function boundaryStrings(): string[] {
  const out: string[] = [];
  const label = (n: number) => 'a'.repeat(n);
  const dotted = (n: number) => Array.from({ length: n }, (_, i) => (i % 10 === 9 ? '.' : 'b')).join('').replace(/\.$/, 'c');
  for (const n of [1, 61, 62, 63, 64, 65, 251, 252, 253, 254, 255, 317, 318]) {
    out.push(label(n), dotted(n), `${label(n)}.`, `-${label(n)}`, `${dotted(n)}/x`, `x/${label(n)}`, `${dotted(n)}/${label(63)}`, `${dotted(n)}/${label(64)}`);
    out.push(`${label(Math.min(n, 63))}.${label(n)}`, `A${label(n)}`, `${label(n)}_z`, `${dotted(n)}/a.b_c-d`);
  }
  out.push('a/b/c', '/a', 'a/', 'A/b', 'a..b/c', 'a.-b/c', 'é', 'a/é', 'a\n', '\u212a');
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const chars = ['a', 'b', '0', '-', '.', '/', '_', 'Z'];
  for (let i = 0; i < 3000; i++) out.push(Array.from({ length: Math.floor(rnd() * 330) }, () => chars[Math.floor(rnd() * chars.length)]).join(''));
  return out;
}

describe('ObjectMeta without lookahead accepts exactly what the lookahead patterns accepted', () => {
  const meta = ajv.compile({ type: 'object', properties: { metadata: objectMetaSchema(true) } });
  const ok = (metadata: object) => meta({ metadata });
  const inputs = [...allStrings(['a', 'Z', '0', '-', '.', '_', '/'], 5), ...boundaryStrings()];

  it(`agrees on ${inputs.length} names, namespaces and label/annotation keys`, () => {
    expect(inputs.length).toBeGreaterThan(20_000);
    const disagreements: string[] = [];
    for (const s of inputs) {
      if (ok({ name: s }) !== OLD.name.test(s)) disagreements.push(`name ${JSON.stringify(s)}`);
      if (ok({ namespace: s }) !== OLD.namespace.test(s)) disagreements.push(`namespace ${JSON.stringify(s)}`);
      if (ok({ labels: { [s]: 'v' } }) !== OLD.key.test(s)) disagreements.push(`label key ${JSON.stringify(s)}`);
      if (ok({ annotations: { [s]: 'v' } }) !== OLD.key.test(s)) disagreements.push(`annotation key ${JSON.stringify(s)}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('keeps a CRD name pattern beside the DNS-subdomain rule and the tighter length', () => {
    const v = ajv.compile(k8sToJsonSchema({ type: 'object', properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 10, pattern: '^x' } } } } }));
    expect(v({ metadata: { name: 'xa' } })).toBe(true);
    expect(v({ metadata: { name: 'ya' } })).toBe(false); // CRD pattern
    expect(v({ metadata: { name: 'x_a' } })).toBe(false); // DNS subdomain
    expect(v({ metadata: { name: 'x'.repeat(11) } })).toBe(false); // CRD maxLength
  });

  it('describes a bad label key once, in words', () => {
    const v = Validator.fromBundleObject({ kinds: { 'example.org/v1/Thing': { group: 'example.org', version: 'v1', kind: 'Thing', plural: 'things', scope: 'Cluster', schema: { type: 'object' } } } });
    const problems = v.validate({ apiVersion: 'example.org/v1', kind: 'Thing', metadata: { name: 't', labels: { [`${'a'.repeat(254)}/b`]: 'v' } } });
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^invalid key "a+\/b": must be a qualified name: optional DNS-subdomain prefix \(at most 253 characters\)/)]);
  });
});

describe('strfmt hostname (kube-openapi pkg/validation/strfmt/default_test.go TestFormatHostname)', () => {
  const isHostname = ajv.compile({ type: 'string', format: 'hostname' });
  it.each(hostnames.valid.map((h) => [h]))('accepts %s', (h) => expect(isHostname(h)).toBe(true));
  it.each(hostnames.invalid.map((h) => [h.length > 40 ? `${h.slice(0, 37)}...` : h, h]))('refuses %s', (_l, h) => expect(isHostname(h)).toBe(false));
});
