// Upstream's tests of the structural-schema packages (apiextensions-apiserver pkg/apiserver/schema:
// listtype, objectmeta, structural completeness), translated as facts.
import { FieldPath, errorString } from '../../../validator/crd-admission/field';
import { validateListSetsAndMaps } from '../../../validator/crd-admission/list-type';
import { validateObjectMetaIn } from '../../../validator/crd-admission/objectmeta';
import { decodeSchema } from '../../../validator/crd-admission/schema-props';
import { newStructural, validateStructuralCompleteness } from '../../../validator/crd-admission/structural';
import completeness from '../../fixtures/crd-admission/structural-completeness.json';
import listtype from '../../fixtures/crd-admission/listtype.json';
import embedded from '../../fixtures/crd-admission/objectmeta-embedded.json';
import objectmetaValidate from '../../fixtures/crd-admission/objectmeta-validate.json';
import { mismatches, type ExpectedError } from './upstream-cases';

const structuralOf = (schema: unknown) => (schema === undefined ? undefined : newStructural(decodeSchema(schema)));

describe(listtype.source, () => {
  it('covers every upstream case', () => expect(listtype.cases).toHaveLength(17));
  for (const c of listtype.cases as { name: string; schema?: unknown; obj?: Record<string, unknown>; errors?: ExpectedError[] }[]) {
    it(c.name, () => {
      const errs = validateListSetsAndMaps(FieldPath.of('root'), structuralOf(c.schema), c.obj);
      expect(mismatches(errs, c.errors ?? [])).toEqual([]);
    });
  }
});

describe(embedded.source, () => {
  for (const c of embedded.cases as { name: string; object: Record<string, unknown>; errors?: ExpectedError[] }[]) {
    it(c.name, () => {
      // validateEmbeddedResource is what Validate runs on an embedded resource node.
      const errs = validateObjectMetaIn(undefined, c.object, structuralOf({ 'x-kubernetes-embedded-resource': true }), false);
      expect(mismatches(errs, c.errors ?? [])).toEqual([]);
    });
  }
});

describe(objectmetaValidate.source, () => {
  const schema = structuralOf(objectmetaValidate.schema);
  for (const c of objectmetaValidate.cases as { name: string; object: string; includeRoot?: boolean; errors?: ExpectedError[] }[]) {
    it(c.name, () => {
      const errs = validateObjectMetaIn(undefined, JSON.parse(c.object), schema, c.includeRoot ?? false);
      expect(mismatches(errs, c.errors ?? [])).toEqual([]);
    });
  }
});

describe(completeness.source, () => {
  for (const c of completeness.cases as { name: string; schema: unknown; error?: string; skip?: string }[]) {
    (c.skip ? it.skip : it)(c.name, () => {
      const errs = validateStructuralCompleteness(newStructural(decodeSchema(c.schema))).map(errorString);
      if (c.error) expect(errs.some((e) => e.includes(c.error!))).toBe(true);
      else expect(errs).toEqual([]);
    });
  }
});

import invariants from '../../fixtures/crd-admission/structural-invariants.json';
import { validateStructural } from '../../../validator/crd-admission/structural';

describe(invariants.source, () => {
  for (const c of invariants.cases as { name: string; schema: unknown; errors: ExpectedError[]; onlyAt?: string }[]) {
    it(c.name, () => {
      const errs = validateStructural(FieldPath.NIL, newStructural(decodeSchema(c.schema))).filter((e) => !c.onlyAt || e.field.startsWith(c.onlyAt));
      expect(mismatches(errs, c.errors)).toEqual([]);
    });
  }
});
