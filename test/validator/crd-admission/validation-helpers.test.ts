// Upstream's tests of the smaller CRD validation helpers (apiextensions-apiserver
// validation_test.go): stored versions, deprecation warnings, rule fieldPath (ValidFieldPath),
// and selectable fields through ValidateCustomResourceDefinition.
import { validateCustomResourceDefinition, validateCustomResourceDefinitionStoredVersions, validateDeprecationWarning } from '../../../validator/crd-admission/crd-validation';
import { FieldPath } from '../../../validator/crd-admission/field';
import { internalCrdFromHubJson, type CrdVersion } from '../../../validator/crd-admission/internal-crd';
import { CREATE_OPTIONS } from '../../../validator/crd-admission/openapi-schema';
import { validFieldPath } from '../../../validator/crd-admission/rule-field-path';
import { decodeSchema } from '../../../validator/crd-admission/schema-props';
import { newStructural } from '../../../validator/crd-admission/structural';
import deprecation from '../../fixtures/crd-admission/deprecation-warning.json';
import fieldPath from '../../fixtures/crd-admission/rule-field-path.json';
import selectable from '../../fixtures/crd-admission/selectable-fields.json';
import stored from '../../fixtures/crd-admission/stored-versions.json';
import { mismatches, type ExpectedError } from './upstream-cases';

describe(stored.source, () => {
  for (const c of stored.cases as { name: string; versions: string[]; storageVersion: string; storedVersions: string[]; errors?: ExpectedError[] }[]) {
    it(c.name, () => {
      const versions: CrdVersion[] = c.versions.map((name) => ({ name, served: false, storage: name === c.storageVersion, deprecated: false }));
      const errs = validateCustomResourceDefinitionStoredVersions(c.storedVersions, versions, FieldPath.of('status', 'storedVersions'));
      expect(mismatches(errs, c.errors ?? [])).toEqual([]);
    });
  }
});

describe(deprecation.source, () => {
  for (const c of deprecation.cases as { name: string; deprecated: boolean; warning: string | null; want: string[] | null; skip?: string }[]) {
    (c.skip ? it.skip : it)(c.name, () => {
      expect(validateDeprecationWarning(c.deprecated, c.warning ?? undefined)).toEqual(c.want ?? []);
    });
  }
});

describe(fieldPath.source, () => {
  const schema = newStructural(decodeSchema(fieldPath.schema));
  for (const c of fieldPath.cases as { name: string; fieldPath: string; errMsg?: string }[]) {
    it(c.name, () => {
      const r = validFieldPath(c.fieldPath, schema);
      if (c.errMsg) expect(r.ok ? '' : r.error).toContain(c.errMsg);
      else expect(r).toMatchObject({ ok: true });
    });
  }
});

describe(selectable.source, () => {
  for (const c of selectable.cases as { name: string; input: object; errors?: ExpectedError[] }[]) {
    it(c.name, () => {
      expect(mismatches(validateCustomResourceDefinition(internalCrdFromHubJson(c.input), CREATE_OPTIONS), c.errors ?? [])).toEqual([]);
    });
  }
});
