// Upstream's ValidateCustomResourceDefinition cases (apiextensions-apiserver validation_test.go),
// translated as facts: the internal CRD each case builds, and the errors (type, field) it expects.
import { validateCustomResourceDefinition } from '../../../validator/crd-admission/crd-validation';
import { internalCrdFromHubJson } from '../../../validator/crd-admission/internal-crd';
import { CREATE_OPTIONS } from '../../../validator/crd-admission/openapi-schema';
import fixture from '../../fixtures/crd-admission/validate-crd.json';
import { mismatches, recordedCelCheck, type UpstreamCase, type UpstreamFixture } from './upstream-cases';

interface CrdCase extends UpstreamCase {
  input: object;
}

const { source, cases } = fixture as unknown as UpstreamFixture<CrdCase>;

// Upstream's test loop defaults webhook conversions without review versions to ["v1beta1"]
// before validating ("duplicate defaulting behaviour"); the cases rely on it.
function withUpstreamDefaulting(input: object): object {
  const crd = structuredClone(input) as { spec?: { conversion?: { strategy?: string; conversionReviewVersions?: string[] } } };
  const conv = crd.spec?.conversion;
  if (conv?.strategy === 'Webhook' && (conv.conversionReviewVersions?.length ?? 0) === 0) conv.conversionReviewVersions = ['v1beta1'];
  return crd;
}

describe(`${source}`, () => {
  it('covers every upstream case', () => {
    expect(cases.length).toBe(56);
  });

  for (const c of cases) {
    (c.skip ? it.skip : it)(c.name, () => {
      const cel = recordedCelCheck(c.cel);
      const errs = validateCustomResourceDefinition(internalCrdFromHubJson(withUpstreamDefaulting(c.input)), { ...CREATE_OPTIONS, celCheck: cel.check });
      expect(mismatches(errs, c.errors)).toEqual([]);
    });
  }
});
