// apiextensions-apiserver validation_test.go TestValidateCustomResourceDefinitionValidation, the
// x-kubernetes-validations cases, translated as data in test/fixtures/cel-cost/validation-cel-admission.json.
import fixture from '../../fixtures/cel-cost/validation-cel-admission.json';
import { type CelAdmissionError, checkCrdCel } from '../../../validator/cel-check/crd-cost';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../../validator/cel-check/environment';

interface Expected {
  type: 'invalid' | 'forbidden' | 'required' | 'unsupported';
  path: string;
}
interface Case {
  name: string;
  schema: Record<string, unknown>;
  expectedErrors: Expected[];
}

/** The field.ErrorType upstream reports for each of our errors. */
function upstreamType(e: CelAdmissionError): Expected['type'] {
  switch (e.kind) {
    case 'expression-cost':
    case 'crd-cost':
      return 'forbidden';
    case 'compile':
    case 'transition':
      return 'invalid';
    case 'rule':
      if (e.message.startsWith('Unsupported value')) return 'unsupported';
      return /is not specified|must be specified|messageExpression must be non-empty/.test(e.message) ? 'required' : 'invalid';
  }
}

const key = (e: Expected): string => `${e.type} ${e.path}`;

describe.each(SUPPORTED_KUBERNETES_VERSIONS)('CRD x-kubernetes-validations admission at Kubernetes %s', (kubernetesVersion) => {
  it.each((fixture as { cases: Case[] }).cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const report = checkCrdCel(c.schema, { kubernetesVersion });
    const got = report.errors.map((e) => key({ type: upstreamType(e), path: e.schemaPath })).sort();
    expect(got).toEqual(c.expectedErrors.map(key).sort());
  });
});

describe('x-kubernetes-validations entry messages', () => {
  const schema = { type: 'object', 'x-kubernetes-validations': [{ rule: 'true', message: ' ', fieldPath: 'a\nb' }] };
  const messages = (kubernetesVersion: string): string[] => checkCrdCel(schema, { kubernetesVersion }).errors.map((e) => e.message);

  it('name the field up to 1.33 (validation.go v0.33.0)', () => {
    expect(messages('1.33')).toEqual(['message must be non-empty if specified', 'fieldPath must not contain line breaks']);
  });
  it('leave the field to the path from 1.34 (validation.go v0.34.0)', () => {
    expect(messages('1.34')).toEqual(['must be non-empty if specified', 'must not contain line breaks']);
  });
});
