// Upstream's validateCustomResourceDefinitionValidation cases (apiextensions-apiserver
// validation_test.go TestValidateCustomResourceDefinitionValidation): one schema, the options the
// case sets (everything else off, as Go's zero value), and the errors it expects under
// spec.validation.
import { FieldPath } from '../../../validator/crd-admission/field';
import { validateCustomResourceDefinitionValidation, type ValidationOptions } from '../../../validator/crd-admission/openapi-schema';
import { decodeSchema } from '../../../validator/crd-admission/schema-props';
import fixture from '../../fixtures/crd-admission/validate-crd-validation.json';
import { mismatches, recordedCelCheck, type UpstreamCase, type UpstreamFixture } from './upstream-cases';

interface ValidationCase extends UpstreamCase {
  input: { openAPIV3Schema?: unknown };
  statusEnabled?: boolean;
  opts?: Partial<ValidationOptions>;
}

const { source, cases } = fixture as unknown as UpstreamFixture<ValidationCase>;

const ZERO_OPTIONS: ValidationOptions = {
  allowDefaults: false,
  requireRecognizedConversionReviewVersion: false,
  requireImmutableNames: false,
  requireOpenAPISchema: false,
  requireValidPropertyType: false,
  requireStructuralSchema: false,
  requirePrunedDefaults: false,
  requireAtomicSetType: false,
  requireMapListKeysMapSetValidation: false,
  suppressPerExpressionCost: false,
  allowInvalidCABundle: false,
};

describe(`${source}`, () => {
  it('covers every upstream case', () => {
    expect(cases.length).toBe(119);
  });

  for (const c of cases) {
    (c.skip ? it.skip : it)(c.name, () => {
      const cel = recordedCelCheck(c.cel);
      const schema = c.input.openAPIV3Schema === undefined ? undefined : decodeSchema(c.input.openAPIV3Schema);
      const errs = validateCustomResourceDefinitionValidation(
        schema ? { openAPIV3Schema: schema } : {},
        c.statusEnabled ?? false,
        { ...ZERO_OPTIONS, ...c.opts, celCheck: cel.check },
        FieldPath.of('spec', 'validation'),
      );
      expect(mismatches(errs, c.errors)).toEqual([]);
    });
  }
});
