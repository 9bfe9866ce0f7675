// Obligation (issue 16 item 3): every security domain of the ZeroTrustAccount claim is documented and
// exercised: its row in the README's domain table, its section in the generated claim reference
// (docs/claims), an example claim that sets its parameters, and at least one scenario
// (test/scenarios/) naming it. A new domain that misses one fails here with what is missing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import * as YAML from 'yaml';
import { buildPackage } from '../../charts';
import { DomainChart } from '../../compositions';
import type { JsonObject } from '../../renderer/types';
import { EXAMPLE_CLAIMS } from '../support/render-example';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const charts = buildPackage(new App()).node.findAll().filter(DomainChart.isDomainChart);
const account = charts.find((c) => c.names.kind === 'XZeroTrustAccount')!;
// The account composite composes one nested composite per domain, named by the domain key.
const domains = account.resources.map((r) => charts.find((c) => c.domain === r.name && c.names.kind === r.gvk.kind)!);

const readme = read('README.md');
const reference = read('docs/claims/ZeroTrustAccount.md');
const exampleSections = new Set(Object.values(EXAMPLE_CLAIMS).flatMap((file) => Object.keys(((YAML.parse(read(file)) as JsonObject).spec as JsonObject).parameters as JsonObject)));
const scenarios = fs.readdirSync(path.join(root, 'test', 'scenarios')).map((f) => read(path.join('test', 'scenarios', f))).join('\n');

/** A scenario names a domain by its key or kind (as a word) or by a resource it composes (quoted). */
function inScenarios(d: DomainChart): boolean {
  const word = (w: string) => new RegExp(`\\b${w}\\b`).test(scenarios);
  return word(d.domain) || word(d.names.kind) || d.resources.some((r) => scenarios.includes(`'${r.name}'`));
}

/**
 * Domains no scenario exercises. Empty since test/scenarios/domain-attacks.test.ts gave the last six
 * theirs; it stays empty: a new domain comes with its attack and no-lockout scenarios.
 */
const WITHOUT_SCENARIO: string[] = [];

test('the account composite has the fourteen domains', () => {
  expect(domains.map((d) => d.domain)).toEqual([
    'encryption', 'auditLogging', 'compliance', 'securityMonitoring', 'network', 'sessionManager', 'threatDetection',
    'securityHub', 'webFirewall', 'dataProtection', 'identity', 'externalKeys', 'backup', 'apiGateway',
  ]);
});

describe.each(domains.map((d) => [d.domain, d] as const))('%s', (_key, d) => {
  test('has its row in the README domain table (| name | `XKind` | controls |)', () => {
    expect(readme).toMatch(new RegExp(`^\\| [^|]+ \\| \`${d.names.kind}\` \\| .+ \\|$`, 'm'));
  });

  test('has its section in the generated claim reference (docs/claims/ZeroTrustAccount.md)', () => {
    const documented = Object.keys(d.domainParameters).length > 0 ? `spec.parameters.${d.domain}.` : `status.${d.domain}.`;
    expect(reference).toContain(`| \`${documented}`);
  });

  test('an example claim sets its parameters (when it has any)', () => {
    expect(Object.keys(d.domainParameters).length === 0 || exampleSections.has(d.domain)).toBe(true);
  });

  test('a scenario names it, or it is a listed gap', () => {
    expect(inScenarios(d)).toBe(!WITHOUT_SCENARIO.includes(d.domain));
  });
});

test('no domain is without scenarios', () => {
  expect(WITHOUT_SCENARIO).toEqual([]);
});
