// Request matching of admission policies, proven with upstream's own cases (test/fixtures/admission):
// the rule predicates, matchConstraints with matchPolicy Equivalent, and the namespace and object selectors.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AdmissionAttributes, GroupVersionKind, GroupVersionResource, LabelSelector, MatchResources, RuleWithOperations } from '../../../validator/admission/api';
import { EquivalentResourceRegistry } from '../../../validator/admission/equivalent-resources';
import { labelSelectorAsSelector, SelectorError } from '../../../validator/admission/label-selector';
import { matches, matchNamespaceSelector, matchObjectSelector, namespaceLabels } from '../../../validator/admission/matching';
import { ruleGroupMatches, ruleOperationMatches, ruleResourceMatches, ruleScopeMatches, ruleVersionMatches, type RuleInput } from '../../../validator/admission/rules';

const fixture = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'admission', name), 'utf8')) as T;

interface RuleAttrs { group: string; version: string; resource: string; subresource: string; name: string; operation: AdmissionAttributes['operation']; namespace: string }
interface RuleCase { source: string; aspect: 'group' | 'version' | 'operation' | 'resource' | 'scope'; rule: RuleWithOperations; match: RuleAttrs[]; noMatch: RuleAttrs[] }

const predicates = { group: ruleGroupMatches, version: ruleVersionMatches, operation: ruleOperationMatches, resource: ruleResourceMatches, scope: ruleScopeMatches };
const input = (a: RuleAttrs): RuleInput => ({ resource: { group: a.group, version: a.version, resource: a.resource }, subresource: a.subresource, namespace: a.namespace, operation: a.operation });

describe('rules.Matcher (rules_test.go)', () => {
  const { cases } = fixture<{ cases: RuleCase[] }>('rules.json');
  test.each(cases.map((c) => [c.source, c] as const))('%s', (_s, c) => {
    const predicate = predicates[c.aspect];
    expect(c.match.map((a) => predicate(c.rule, input(a)))).toEqual(c.match.map(() => true));
    expect(c.noMatch.map((a) => predicate(c.rule, input(a)))).toEqual(c.noMatch.map(() => false));
  });
});

interface MatchCase {
  source: string;
  criteria: MatchResources;
  attributes: AdmissionAttributes;
  expectMatches: boolean;
  expectMatchKind?: GroupVersionKind;
  expectMatchResource?: GroupVersionResource;
  expectErr?: string;
}

describe('matching.Matcher.Matches (matching_test.go TestMatcher)', () => {
  const { mapper, cases } = fixture<{ mapper: { coLocated: string[]; kinds: [GroupVersionResource, string, GroupVersionKind][] }; cases: MatchCase[] }>('matching.json');
  const registry = new EquivalentResourceRegistry((_group, resource) => (mapper.coLocated.includes(resource) ? `/${resource}` : ''));
  for (const [r, sub, k] of mapper.kinds) registry.registerKindFor(r, sub, k);
  // The upstream matcher has no namespace lister here: a lookup would fail the test.
  const noNamespaces = (name: string): never => {
    throw new Error(`unexpected namespace lookup ${name}`);
  };
  test.each(cases.map((c) => [c.source, c] as const))('%s', (_s, c) => {
    const result = matches(c.criteria, c.attributes, noNamespaces, registry);
    if (c.expectErr) {
      expect(result.error?.message).toContain(c.expectErr);
      return;
    }
    expect(result.error).toBeUndefined();
    expect(result.matches).toBe(c.expectMatches);
    if (c.expectMatchKind) expect(result.kind).toEqual(c.expectMatchKind);
    if (result.matches) expect(result.resource).toEqual(c.expectMatchResource ?? c.attributes.resource);
  });

  test('an equivalent resource registered without a kind is an error, not a match', () => {
    const a = { ...cases[0]!.attributes, kind: { group: 'example.com', version: 'v2', kind: 'Widget' }, resource: { group: 'example.com', version: 'v2', resource: 'widgets' } };
    const reg = new EquivalentResourceRegistry();
    for (const [r, sub, k] of mapper.kinds) reg.registerKindFor(r, sub, k);
    const result = matches({ namespaceSelector: {}, objectSelector: {}, matchPolicy: 'Equivalent', resourceRules: [{ apiGroups: ['example.com'], apiVersions: ['v1'], resources: ['widgets'], operations: ['*'] }] }, a, noNamespaces, reg);
    expect(result).toEqual({ matches: false, error: expect.objectContaining({ message: 'unable to convert to example.com/v1, Resource=widgets: unknown kind' }) });
  });
});

describe('namespace and object selectors (predicates/namespace, predicates/object)', () => {
  const f = fixture<{
    namespaceLabels: { namespaces: Record<string, AdmissionAttributes['object']>; cases: { source: string; attributes: AdmissionAttributes; expectedLabels: Record<string, string> }[] };
    clusterScoped: { attributes: AdmissionAttributes; namespaceSelector: LabelSelector; expectMatches: boolean };
    objectSelector: { source: string; objectSelector: LabelSelector; attributes: AdmissionAttributes; expectMatches: boolean }[];
  }>('selectors.json');
  const lookup = (name: string) => f.namespaceLabels.namespaces[name] ?? undefined;

  test.each(f.namespaceLabels.cases.map((c) => [c.source, c] as const))('%s', (_s, c) => {
    expect(namespaceLabels(c.attributes, lookup)).toEqual(c.expectedLabels);
  });

  test('TestNotExemptClusterScopedResource: cluster-scoped objects other than namespaces are never exempted', () => {
    expect(matchNamespaceSelector({ namespaceSelector: f.clusterScoped.namespaceSelector }, f.clusterScoped.attributes, () => undefined)).toEqual({ matches: true });
  });

  test('a namespace the API server does not know is a 404, not a non-match', () => {
    const a = { ...f.namespaceLabels.cases[4]!.attributes, namespace: 'ghost' };
    const r = matchNamespaceSelector({ namespaceSelector: { matchLabels: { a: 'b' } } }, a, lookup);
    expect([r.matches, r.error?.message, r.error?.code]).toEqual([false, 'namespaces "ghost" not found', 404]);
  });

  test.each(f.objectSelector.map((c) => [c.source, c] as const))('%s', (_s, c) => {
    expect(matchObjectSelector({ objectSelector: c.objectSelector }, c.attributes).matches).toBe(c.expectMatches);
  });
});

describe('LabelSelectorAsSelector', () => {
  test('nil matches nothing, empty matches everything, requirements are ANDed', () => {
    expect(labelSelectorAsSelector(undefined).matches({})).toBe(false);
    expect(labelSelectorAsSelector({}).empty).toBe(true);
    const s = labelSelectorAsSelector({ matchLabels: { a: 'b' }, matchExpressions: [{ key: 'c', operator: 'NotIn', values: ['d'] }, { key: 'e', operator: 'DoesNotExist' }] });
    expect([s.matches({ a: 'b' }), s.matches({ a: 'b', c: 'x' }), s.matches({ a: 'b', c: 'd' }), s.matches({ a: 'b', e: '' }), s.matches({})]).toEqual([true, true, false, false, false]);
  });

  test('invalid keys, values and operators are refused with the API server wording', () => {
    const err = (sel: LabelSelector): string => {
      try {
        labelSelectorAsSelector(sel);
        return 'no error';
      } catch (e) {
        expect(e).toBeInstanceOf(SelectorError);
        return (e as Error).message;
      }
    };
    expect(err({ matchExpressions: [{ key: 'key', operator: 'In', values: ['bad value'] }] })).toBe(
      `values[0][key]: Invalid value: "bad value": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
    expect(err({ matchExpressions: [{ key: 'k', operator: 'In', values: [] }] })).toBe(`values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty`);
    expect(err({ matchExpressions: [{ key: 'k', operator: 'Exists', values: ['v'] }] })).toBe(`values: Invalid value: []string{"v"}: values set must be empty for exists and does not exist`);
    expect(err({ matchExpressions: [{ key: 'k', operator: 'Gt', values: ['1'] }] })).toBe('"Gt" is not a valid label selector operator');
    expect(err({ matchLabels: { 'a/b/c': 'x' } })).toContain('key: Invalid value: "a/b/c": a qualified name must consist of');
  });
});
