// Every regex the validator evaluates runs in linear time: each pattern of the shipped XRDs and of
// the upstream CRD bundle, each matches() rule of the XRDs, the ObjectMeta rules and the formats,
// against 200 KB hostile strings, must answer in milliseconds (a JS backtracking RegExp takes
// longer than the age of the universe on some of them). The bound (CPU time) is generous because
// the machine is shared; REGEX_PERF_REPORT=1 prints the measured times.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileCelPlan, evaluateCel } from '../../validator/cel';
import { kubernetesCelEnvironment } from '../../validator/cel-library';
import { constantPattern, functionCalls } from '../../validator/cel-regex';
import { newSchemaAjv } from '../../validator/compiled-schemas';
import { objectMetaSchema, SUPPORTED_FORMATS, type Schema } from '../../validator/k8s-to-json-schema';
import { readPackage } from '../../validator/package';
import { defaultBundlePath } from '../../validator/schema-bundle';

const ROOT = path.resolve(__dirname, '..', '..');
// CPU time. A linear matcher takes ~10-100 ms on 200,000 characters; a backtracking one takes
// minutes (quadratic or worse), so 1 s separates them with room for a machine under 20x load.
const BOUND_MS = 1000;
const N = 200_000;

const HOSTILE: Record<string, string> = {
  'a×200000 + "!"': `${'a'.repeat(N)}!`,
  '0×200000 + "!"': `${'0'.repeat(N)}!`,
  '"a-"×100000 + "!"': `${'a-'.repeat(N / 2)}!`,
  '"a."×100000 + "-"': `${'a.'.repeat(N / 2)}-`,
  '"a/"×100000 + "!"': `${'a/'.repeat(N / 2)}!`,
  'IAM role ARN + a×200000 + "\\n"': `arn:aws:iam::123456789012:role/${'a'.repeat(N)}\n`,
};

// Textbook catastrophic-backtracking patterns.
const CLASSICS = ['^(a+)+$', '(a|aa)+$', '^(a|a?)+$', '(.*a){20}$', '^(([a-z])+.)+[A-Z]([a-z])+$', '(x+x+)+y', '^(\\w+\\s?)*$', '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$'];

interface Measured {
  what: string;
  ms: number;
}
const measured: Measured[] = [];

/**
 * CPU milliseconds of f(s) for a hostile s, after one run on a 1,000-character cut of it so V8 has
 * compiled the code paths: the bound is about how time grows with the input, not JIT warm-up, and
 * CPU time is what other engineers' load on the machine distorts least.
 */
function time(what: string, s: string, f: (s: string) => unknown): number {
  f(s.slice(0, 1000));
  const t0 = process.cpuUsage();
  f(s);
  const used = process.cpuUsage(t0);
  const ms = (used.user + used.system) / 1000;
  measured.push({ what, ms });
  return ms;
}

function walkSchemas(node: unknown, visit: (s: Schema) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walkSchemas(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Schema);
    Object.values(node).forEach((v) => walkSchemas(v, visit));
  }
}

const xrdSchemas: Schema[] = readPackage(path.join(ROOT, 'dist', 'apis'))
  .filter((p) => p.object.kind === 'CompositeResourceDefinition')
  .flatMap((p) => (p.object.spec.versions as { schema: { openAPIV3Schema: Schema } }[]).map((v) => v.schema.openAPIV3Schema));
const bundle = JSON.parse(fs.readFileSync(defaultBundlePath(), 'utf8')) as { kinds: Record<string, { schema: Schema }> };

function patternsOf(schemas: Schema[]): Set<string> {
  const out = new Set<string>();
  for (const s of schemas) walkSchemas(s, (n) => typeof n.pattern === 'string' && n.pattern !== '' && out.add(n.pattern));
  return out;
}

/** Each rule of the XRDs that calls matches(), with the schema node it is bound to. */
function matchesRules(): { rule: string; node: Schema }[] {
  const env = kubernetesCelEnvironment();
  const out: { rule: string; node: Schema }[] = [];
  for (const s of xrdSchemas) {
    walkSchemas(s, (node) => {
      for (const r of (node['x-kubernetes-validations'] as { rule: string }[] | undefined) ?? []) {
        if (functionCalls(env.parse(r.rule).ast).some((c) => c.name === 'matches')) out.push({ rule: r.rule, node });
      }
    });
  }
  return out;
}

/** A value for `schema` whose every free string is `hostile` (enums keep a legal value). */
function hostileValue(schema: Schema, hostile: string, depth = 0): unknown {
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (schema.type) {
    case 'string':
      return hostile;
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [hostileValue((schema.items ?? {}) as Schema, hostile, depth + 1)];
    default: {
      const props = schema.properties as Record<string, Schema> | undefined;
      if (!props || depth > 6) return schema.type === 'object' ? {} : hostile;
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, hostileValue(v, hostile, depth + 1)]));
    }
  }
}

const ajv = newSchemaAjv();

describe('linear-time regex evaluation on 200 KB hostile strings', () => {
  afterAll(() => {
    if (process.env.REGEX_PERF_REPORT !== '1') return;
    const sorted = [...measured].sort((a, b) => b.ms - a.ms);
    const median = sorted[Math.floor(sorted.length / 2)]?.ms ?? 0;
    console.log(`${measured.length} evaluations; median ${median.toFixed(2)} ms; slowest:\n${sorted.slice(0, 15).map((m) => `${m.ms.toFixed(1).padStart(8)} ms  ${m.what}`).join('\n')}`);
  });

  const xrdPatterns = [...patternsOf(xrdSchemas)];
  const bundlePatterns = [...patternsOf(Object.values(bundle.kinds).map((k) => k.schema))];
  const rules = matchesRules();

  it('finds the patterns and matches() rules it is meant to cover', () => {
    // 14 since issue 11: the OU id, Terraform role ARN and access-log bucket name patterns left the
    // XRDs with the claim parameters they guarded (those values come from onboarding or are derived).
    expect(xrdPatterns.length).toBeGreaterThanOrEqual(14);
    expect(bundlePatterns.length).toBeGreaterThanOrEqual(1);
    expect(rules.length).toBeGreaterThanOrEqual(30);
  });

  it.each([...xrdPatterns.map((p) => ['XRD', p]), ...bundlePatterns.map((p) => ['CRD bundle', p]), ...CLASSICS.map((p) => ['classic', p])])('%s pattern %s (Ajv)', (_where, pattern) => {
    const validate = ajv.compile({ type: 'string', pattern });
    for (const [name, s] of Object.entries(HOSTILE)) {
      expect(time(`pattern ${pattern} on ${name}`, s, (x) => validate(x))).toBeLessThan(BOUND_MS);
    }
  });

  it.each(rules.map((r) => [r.rule, r]))('matches() rule %s', (_rule, { rule, node }) => {
    const env = kubernetesCelEnvironment();
    const patterns = functionCalls(env.parse(rule).ast).flatMap((c) => (c.name === 'matches' ? [constantPattern(c)] : []));
    const probe = env.parse('self.s.matches(self.p)');
    const plan = compileCelPlan({ ...node, 'x-kubernetes-validations': [{ rule }], properties: stripRules(node.properties), items: stripRules(node.items) });
    for (const [name, s] of Object.entries(HOSTILE)) {
      // The regex itself (a size() guard in the rule may otherwise stop before matches() runs) ...
      for (const p of patterns) if (p !== undefined) expect(time(`matches('${p}') on ${name}`, s, (x) => probe({ self: { s: x, p } }))).toBeLessThan(BOUND_MS);
      // ... and the whole rule on a value whose free strings are all hostile.
      expect(time(`rule ${rule} on ${name}`, s, (x) => evaluateCel(plan!, hostileValue(node, x)))).toBeLessThan(BOUND_MS);
    }
  });

  it.each(CLASSICS)('classic %s through CEL matches()', (pattern) => {
    const probe = kubernetesCelEnvironment().parse('self.s.matches(self.p)');
    for (const [name, s] of Object.entries(HOSTILE)) expect(time(`CEL classic ${pattern} on ${name}`, s, (x) => probe({ self: { s: x, p: pattern } }))).toBeLessThan(BOUND_MS);
  });

  it('ObjectMeta rules and every string format', () => {
    const meta = ajv.compile({ type: 'object', properties: { metadata: objectMetaSchema(true) } });
    const formats = [...SUPPORTED_FORMATS].filter((f) => !['int32', 'int64', 'float', 'double', 'datetime'].includes(f)).map((f) => [f, ajv.compile({ type: 'string', format: f })] as const);
    for (const [name, s] of Object.entries(HOSTILE)) {
      expect(time(`metadata on ${name}`, s, (x) => meta({ metadata: { name: x, namespace: x, labels: { [x]: x }, annotations: { [x]: x } } }))).toBeLessThan(BOUND_MS);
      for (const [f, validate] of formats) expect(time(`format ${f} on ${name}`, s, (x) => validate(x))).toBeLessThan(BOUND_MS);
    }
  });
});

/** Child schemas without their own rules: only the rule under test is timed. */
function stripRules<T>(v: T): T {
  if (Array.isArray(v)) return v.map(stripRules) as T;
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'x-kubernetes-validations').map(([k, x]) => [k, stripRules(x)])) as T;
}
