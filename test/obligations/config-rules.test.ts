// Obligation (issue 16 item 3): AWS Config rule identifiers are unique across the package. Two rules
// with one identifier in one account and region evaluate the same thing twice (and AWS refuses the
// second PutConfigRule when the names match); the checked list and the rendered claims both say so.
import { App } from 'cdk8s';
import { buildPackage } from '../../charts';
import { COMPLIANCE_RULES } from '../../charts/compliance';
import { DomainChart, MANAGED_CONFIG_RULES, configRuleName } from '../../compositions';
import type { JsonObject } from '../../renderer/types';
import { EXAMPLE_CLAIMS, renderExample, type ExampleName } from '../support/render-example';

const fp = (o: JsonObject): JsonObject => (o.spec as JsonObject).forProvider as JsonObject;
const duplicates = (xs: readonly string[]): string[] => [...new Set(xs.filter((x, i) => xs.indexOf(x) !== i))];

describe('the checked list and the compliance domain', () => {
  test('each identifier names a different guide page, so a rule name maps to one identifier', () => {
    expect(duplicates(Object.values(MANAGED_CONFIG_RULES).map((r) => r.name))).toEqual([]);
  });

  test('the compliance domain deploys each identifier once, under a distinct resource and AWS name', () => {
    expect(COMPLIANCE_RULES.length).toBeGreaterThan(20);
    expect(duplicates(COMPLIANCE_RULES.map((r) => r.identifier))).toEqual([]);
    expect(duplicates(COMPLIANCE_RULES.map((r) => r.resourceName))).toEqual([]);
    expect(duplicates(COMPLIANCE_RULES.map((r) => configRuleName(r.identifier)))).toEqual([]);
  });

  test('only the compliance domain composes Config rules (a second composer would repeat identifiers)', () => {
    const composers = buildPackage(new App()).node.findAll().filter(DomainChart.isDomainChart)
      .filter((c) => c.resources.some((r) => r.gvk.kind === 'ConfigRule' && r.gvk.apiVersion.startsWith('configservice.')))
      .map((c) => c.names.kind);
    expect(composers).toEqual(['XCompliance']);
  });
});

describe('rendered: one Config rule per identifier per account and region', () => {
  // The organization composes no Config rule (only XCompliance does, above).
  test.each(Object.keys(EXAMPLE_CLAIMS) as ExampleName[])('%s', (name) => {
    const rules = renderExample(name).resources.filter((r) => r.kind === 'ConfigRule');
    expect(rules.length).toBeGreaterThanOrEqual(COMPLIANCE_RULES.length);
    const key = (r: JsonObject) => `${String(fp(r).region)} ${String((fp(r).source as JsonObject).sourceIdentifier)}`;
    expect(duplicates(rules.map(key))).toEqual([]);
    expect(duplicates(rules.map((r) => `${String(fp(r).region)} ${((r.metadata as JsonObject).annotations as JsonObject)['crossplane.io/external-name']}`))).toEqual([]);
  });

  test('the lending claim (two allowed regions) repeats only the regional coverage rules, once in the other region', () => {
    const rules = renderExample('lending-claim').resources.filter((r) => r.kind === 'ConfigRule');
    const outside = rules.filter((r) => fp(r).region !== 'eu-west-1').map((r) => `${String(fp(r).region)} ${String((fp(r).source as JsonObject).sourceIdentifier)}`).sort();
    expect(outside).toEqual(['eu-west-2 GUARDDUTY_ENABLED_CENTRALIZED', 'eu-west-2 SECURITYHUB_ENABLED']);
  });
});
