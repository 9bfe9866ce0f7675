// Obligation (issue 16 item 3): every security domain of the ZeroTrustAccount claim is documented and
// exercised: its row in the README's domain table, its section in the generated claim reference
// (docs/claims), an example claim that renders what it composes, and at least one scenario
// (test/scenarios/, or attack rows in its own chart test) naming it. A new domain that misses one fails here with what is missing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { accountDomainClasses, buildPackage, chartModules, isDomainChartClass } from '../../charts';
import { DomainChart } from '../../compositions';
import { domainTable, withDomainTable } from '../../compositions/package/readme-domains';
import type { JsonObject } from '../../renderer/types';
import { EXAMPLE_CLAIMS, renderExample, type ExampleName } from '../support/render-example';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const charts = buildPackage(new App()).node.findAll().filter(DomainChart.isDomainChart);
const account = charts.find((c) => c.names.kind === 'XZeroTrustAccount')!;
// The account composite composes one nested composite per domain, named by the domain key.
const domains = account.resources.map((r) => charts.find((c) => c.domain === r.name && c.names.kind === r.gvk.kind)!);

const readme = read('README.md');
const reference = read('docs/claims/ZeroTrustAccount.md');
/**
 * Composite kinds whose composite composed at least one resource in an example claim's render: a
 * domain that composes nothing unless the claim sets its parameters must be shown in an example.
 */
let rendered: Set<string> | undefined;
const renderedKinds = (): Set<string> => {
  if (rendered) return rendered;
  const kinds = new Set<string>();
  for (const name of Object.keys(EXAMPLE_CLAIMS) as ExampleName[]) {
    const resources = renderExample(name).resources;
    const composites = new Map(resources.filter((r) => /^X[A-Z]/.test(String(r.kind))).map((r) => [String((r.metadata as JsonObject).uid), String(r.kind)]));
    for (const r of resources) {
      const owner = (((r.metadata as JsonObject).ownerReferences ?? []) as JsonObject[]).find((o) => o.controller === true);
      const kind = owner && composites.get(String(owner.uid));
      if (kind) kinds.add(kind);
    }
  }
  return (rendered = kinds);
};
const scenarios = fs.readdirSync(path.join(root, 'test', 'scenarios')).map((f) => read(path.join('test', 'scenarios', f))).join('\n');

/** The test file of the charts/ module that exports the domain's class (test/charts/<module>.test.ts). */
function ownTest(d: DomainChart): string {
  const file = chartModules().find((m) => Object.values(m.exports).includes(d.constructor))?.file;
  const test = file && path.join('test', 'charts', file.replace(/\.ts$/, '.test.ts'));
  return test && fs.existsSync(path.join(root, test)) ? read(test) : '';
}

/**
 * A scenario names a domain by its key or kind (as a word) or by a resource it composes (quoted), in
 * test/scenarios/; or the domain's own chart test holds attack rows (principal, action, expected
 * decision, through `memberAccountScenarios` or `expectDecision`), so a new domain brings its scenarios in
 * its test file.
 */
function inScenarios(d: DomainChart): boolean {
  const word = (w: string) => new RegExp(`\\b${w}\\b`).test(scenarios);
  return word(d.domain) || word(d.names.kind) || d.resources.some((r) => scenarios.includes(`'${r.name}'`)) || /\b(memberAccountScenarios|expectDecision)\(/.test(ownTest(d));
}

/**
 * Domains no scenario exercises. Empty since test/scenarios/domain-attacks.test.ts gave the last six
 * theirs; it stays empty: a new domain comes with its attack and no-lockout scenarios.
 */
const WITHOUT_SCENARIO: string[] = [];

test('every DomainChart a module of charts/ exports is in the package (a domain is registered by its chart file alone)', () => {
  const exported = chartModules().flatMap((m) => Object.entries(m.exports).map(([name, v]) => ({ file: m.file, name, v })))
    .filter(({ v }) => isDomainChartClass(v));
  expect(exported.length).toBeGreaterThan(20);
  const built = new Set(charts.map((c) => c.constructor));
  expect(exported.filter(({ v }) => !built.has(v as typeof DomainChart)).map(({ file, name }) => `${file}: ${name}`)).toEqual([]);
});

test('the account composite composes the encryption domain and every `composedBy: \'account\'` chart, each once', () => {
  const classes = accountDomainClasses();
  expect(classes.length).toBeGreaterThanOrEqual(13);
  expect(domains.map((d) => d.constructor.name).sort()).toEqual(['EncryptionChart', ...classes.map((c) => c.name)].sort());
  expect(new Set(domains.map((d) => d.domain)).size).toBe(domains.length);
});

test('the README domain table is what `npm run synth` writes from the charts (no hand edits, no drift)', () => {
  expect(withDomainTable(readme, domainTable(domains))).toBe(readme);
  expect(() => withDomainTable('no markers', '')).toThrow(/must hold the markers/);
  // A domain without its row stops synth, naming it.
  expect(() => domainTable([{ names: { kind: 'XExample' } } as DomainChart])).toThrow('XExample: a security domain needs `readme: { title, controls }` in its chart');
});

describe.each(domains.map((d) => [d.domain, d] as const))('%s', (_key, d) => {
  test('has its row in the README domain table (| name | `XKind` | controls |), from its chart\'s readme', () => {
    expect(d.readme?.controls).toMatch(/\S/);
    expect(readme).toMatch(new RegExp(`^\\| [^|]+ \\| \`${d.names.kind}\` \\| .+ \\|$`, 'm'));
  });

  test('has its section in the generated claim reference (docs/claims/ZeroTrustAccount.md)', () => {
    const documented = Object.keys(d.domainParameters).length > 0 ? `spec.parameters.${d.domain}.` : `status.${d.domain}.`;
    expect(reference).toContain(`| \`${documented}`);
  });

  test('an example claim renders what it composes (a domain that composes nothing by default is shown with its parameters set)', () => {
    expect(renderedKinds().has(d.names.kind)).toBe(true);
  });

  test('a scenario names it, or it is a listed gap', () => {
    expect(inScenarios(d)).toBe(!WITHOUT_SCENARIO.includes(d.domain));
  });
});

test('no domain is without scenarios', () => {
  expect(WITHOUT_SCENARIO).toEqual([]);
});
