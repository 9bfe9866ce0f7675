// apiextensions-apiserver validation_test.go TestValidateCustomResourceDefinitionValidation, the
// x-kubernetes-validations cases, translated as data in test/fixtures/cel-cost/validation-cel-admission.json.
import fixture from '../../fixtures/cel-cost/validation-cel-admission.json';
import { type CelAdmissionError, checkCrdCel } from '../../../validator/cel-check/crd-cost';

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
      return 'invalid';
    case 'rule':
      if (e.message.startsWith('Unsupported value')) return 'unsupported';
      return /is not specified|must be specified|messageExpression must be non-empty/.test(e.message) ? 'required' : 'invalid';
  }
}

const key = (e: Expected): string => `${e.type} ${e.path}`;

describe.each(['1.31', '1.32'])('CRD x-kubernetes-validations admission at Kubernetes %s', (kubernetesVersion) => {
  it.each((fixture as { cases: Case[] }).cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const report = checkCrdCel(c.schema, { kubernetesVersion });
    const got = report.errors.map((e) => key({ type: upstreamType(e), path: e.schemaPath })).sort();
    expect(got).toEqual(c.expectedErrors.map(key).sort());
  });
});
