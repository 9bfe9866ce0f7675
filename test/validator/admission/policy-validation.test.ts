// What the API server refuses in a ValidatingAdmissionPolicy or binding, proven with the cases of
// kubernetes' validation_test.go (test/fixtures/admission/validation.json).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from '../../../validator/admission/api';
import { defaultBinding, defaultPolicy } from '../../../validator/admission/defaults';
import { aggregate } from '../../../validator/admission/field-errors';
import { validateBinding, validatePolicy } from '../../../validator/admission/policy-validation';

const f = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'admission', 'validation.json'), 'utf8')) as {
  policies: { source: string; object: ValidatingAdmissionPolicy; expectedError: string }[];
  bindings: { source: string; object: ValidatingAdmissionPolicyBinding; expectedError: string }[];
};

describe('ValidateValidatingAdmissionPolicy', () => {
  test.each(f.policies.map((c) => [c.source, c] as const))('%s', (_s, c) => {
    const message = aggregate(validatePolicy(c.object));
    if (c.expectedError === '') expect(message).toBeUndefined();
    else expect(message).toContain(c.expectedError);
  });

  test('a create is validated after defaulting: failurePolicy, matchPolicy and selectors need not be written', () => {
    const policy: ValidatingAdmissionPolicy = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'p' },
      spec: { matchConstraints: { resourceRules: [{ apiGroups: ['a'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['things'] }] }, validations: [{ expression: 'true' }] },
    };
    expect(aggregate(validatePolicy(policy))).toContain('spec.failurePolicy: Required value');
    expect(validatePolicy(defaultPolicy(policy))).toEqual([]);
  });

  test('variables: CEL identifiers, visible to later expressions, typed by their expression', () => {
    const policy = defaultPolicy({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'p' },
      spec: {
        matchConstraints: { resourceRules: [{ apiGroups: ['a'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['things'] }] },
        variables: [{ name: 'names', expression: "['a', 'b']" }, { name: 'in', expression: 'true' }],
        validations: [{ expression: "variables.names.exists(n, n == object.metadata.name)" }, { expression: "variables.names == 'a'" }],
      },
    });
    expect(validatePolicy(policy).map((e) => `${e.field}: ${e.detail}`)).toEqual([
      'spec.variables[1].name: name is not a valid CEL identifier',
      expect.stringMatching(/^spec\.validations\[1\]\.expression: compilation failed: ERROR: <input>:1:17: found no matching overload for '_==_' applied to '\(list\(string\), string\)'/),
    ]);
  });
});

describe('ValidateValidatingAdmissionPolicyBinding', () => {
  test.each(f.bindings.map((c) => [c.source, c] as const))('%s', (_s, c) => {
    expect(aggregate(validateBinding(c.object))).toContain(c.expectedError);
  });

  test('paramRef: name or selector, not both; parameterNotFoundAction is defaulted to Deny', () => {
    const b = (paramRef: object): ValidatingAdmissionPolicyBinding => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: 'b' }, spec: { policyName: 'p', validationActions: ['Deny'], paramRef } });
    expect(aggregate(validateBinding(b({ name: 'x', selector: {}, parameterNotFoundAction: 'Deny' })))).toBe('[spec.paramRef.name: Forbidden: name and selector are mutually exclusive, spec.paramRef.selector: Forbidden: name and selector are mutually exclusive]');
    expect(aggregate(validateBinding(b({ parameterNotFoundAction: 'Allow' })))).toBe('spec.paramRef: Required value: one of name or selector must be specified');
    expect(aggregate(validateBinding(b({ name: 'x' })))).toBe('spec.paramRef.parameterNotFoundAction: Required value');
    expect(validateBinding(defaultBinding(b({ name: 'x' })))).toEqual([]);
    expect(aggregate(validateBinding({ ...b({ name: 'x', parameterNotFoundAction: 'Deny' }), spec: { policyName: 'p', validationActions: ['Deny', 'Warn'] } }))).toBe(
      'spec.validationActions: Invalid value: []string{"Deny", "Warn"}: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
    );
  });
});
