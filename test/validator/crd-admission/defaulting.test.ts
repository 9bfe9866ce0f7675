// Upstream's ValidateDefaults tests with CEL rules on defaults (apiextensions-apiserver
// pkg/apiserver/schema/defaulting/validation_test.go), translated as facts.
import { validateDefaults } from '../../../validator/crd-admission/defaults';
import { errorString, FieldPath } from '../../../validator/crd-admission/field';
import { decodeSchema, encodeSchema } from '../../../validator/crd-admission/schema-props';
import { newStructural } from '../../../validator/crd-admission/structural';
import fixture from '../../fixtures/crd-admission/defaulting.json';

function defaultErrors(input: { openAPIV3Schema: unknown }): string[] {
  const props = decodeSchema(input.openAPIV3Schema);
  return validateDefaults(FieldPath.of('test'), newStructural(props), encodeSchema(props), false).map(errorString);
}

describe(`${fixture.source} TestDefaultValidationWithCostBudget`, () => {
  for (const c of fixture.TestDefaultValidationWithCostBudget) {
    it(`${c.name}: defaults that pass their CEL rules raise no error`, () => {
      expect(defaultErrors(c.input)).toEqual([]);
    });
  }
});

describe(`${fixture.source} TestDefaultValidationWithOptionalOldSelf`, () => {
  for (const c of fixture.TestDefaultValidationWithOptionalOldSelf as { name: string; input: { openAPIV3Schema: unknown }; errors: string[] }[]) {
    it(c.name, () => {
      const got = defaultErrors(c.input);
      for (const e of got) expect(c.errors.some((want) => e.includes(want))).toBe(true);
      for (const want of c.errors) expect(got.some((e) => e.includes(want))).toBe(true);
    });
  }
});
