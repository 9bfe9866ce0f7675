// Policy type checking (typechecking.go): which kinds are checked (TestExtractTypeNames) and the
// warnings an expression gets against a kind's schema.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NamedRuleWithOperations, ValidatingAdmissionPolicy } from '../../../validator/admission/api';
import { bundleTypeResolver, typeCheckPolicy, typesToCheck } from '../../../validator/admission/typechecking';
import { SchemaBundle } from '../../../validator/schema-bundle';

const f = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'admission', 'typechecking.json'), 'utf8')) as {
  restMapper: [string, string, string, string][];
  cases: { source: string; resourceRules: NamedRuleWithOperations[]; expected: { group: string; version: string; kind: string }[] }[];
};

const policy = (rules: NamedRuleWithOperations[], spec: Partial<ValidatingAdmissionPolicy['spec']> = {}): ValidatingAdmissionPolicy => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingAdmissionPolicy',
  metadata: { name: 'p' },
  spec: { matchConstraints: { resourceRules: rules }, ...spec },
});

describe('typesToCheck', () => {
  const kindsFor = (g: string, v: string, r: string) => f.restMapper.filter(([mg, mv, mr]) => mg === g && mv === v && mr === r).map(([group, version, , kind]) => ({ group, version, kind }));
  test.each(f.cases.map((c) => [c.source, c] as const))('%s', (_s, c) => {
    expect(typesToCheck(policy(c.resourceRules), { kindsFor })).toEqual(c.expected);
  });

  test('a rule resolving to 10 kinds ends the search', () => {
    const many = Array.from({ length: 12 }, (_, i) => `r${i}`);
    const resolver = { kindsFor: (group: string, version: string, resource: string) => [{ group, version, kind: resource.toUpperCase() }] };
    expect(typesToCheck(policy([{ apiGroups: ['g'], apiVersions: ['v1'], resources: many }]), resolver)).toHaveLength(10);
    expect(typesToCheck(policy([{ apiGroups: ['g'], apiVersions: ['v1'], resources: many }]), resolver, Infinity)).toHaveLength(12);
  });
});

describe('typeCheckPolicy', () => {
  const bundle = SchemaBundle.load();
  const ns = bundle.lookup('v1', 'Namespace')!;
  const meta = (ns.schema.properties as Record<string, Record<string, unknown>>).metadata!;
  const resolver = bundleTypeResolver([ns, bundle.lookup('rbac.authorization.k8s.io/v1', 'Role')!], meta);
  const nsRule = [{ apiGroups: [''], apiVersions: ['v1'], resources: ['namespaces'], operations: ['CREATE' as const] }];

  test('fields the kind has type-check; a misspelt one is a warning naming the kind', () => {
    expect(typeCheckPolicy(policy(nsRule, { validations: [{ expression: "object.metadata.labels['a'] == 'b' && object.spec.finalizers.size() < 3", messageExpression: "'ns ' + object.metadata.name" }] }), resolver)).toEqual([]);
    const w = typeCheckPolicy(policy(nsRule, { validations: [{ expression: 'object.spec.finalizer.size() < 3' }] }), resolver);
    expect(w).toEqual([{ fieldRef: 'spec.validations[0].expression', warning: expect.stringMatching(/^\/v1, Kind=Namespace: ERROR: <input>:1:12: undefined field 'finalizer'\n/) }]);
  });

  test('variables are typed by their expression per kind; only validations and messages are reported', () => {
    const rules = [...nsRule, { apiGroups: ['rbac.authorization.k8s.io'], apiVersions: ['v1'], resources: ['roles'], operations: ['CREATE' as const] }];
    // On a Role, variables.rules is a list (its objects become dyn, as composition.go converts them),
    // so adding an int is refused. On a Namespace the variable does not compile: dyn, nothing raised.
    const w = typeCheckPolicy(policy(rules, { variables: [{ name: 'rules', expression: 'object.rules' }], validations: [{ expression: 'variables.rules + 1 == 2' }] }), resolver);
    expect(w).toEqual([{ fieldRef: 'spec.validations[0].expression', warning: expect.stringMatching(/^rbac\.authorization\.k8s\.io\/v1, Kind=Role: ERROR: <input>:1:17: found no matching overload for '_\+_' applied to '\(list\(dyn\), int\)'/) }]);
  });
});
