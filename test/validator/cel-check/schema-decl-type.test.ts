// apiextensions-apiserver model/schemas_test.go, translated as data in test/fixtures/cel-cost/schema-decl-type.json:
// MaxElements estimates of SchemaDeclType and the declared fields and object types of a schema.
import fixture from '../../fixtures/cel-cost/schema-decl-type.json';
import { fieldTypeMap, isObjectDecl, maybeAssignTypeName, schemaDeclType } from '../../../validator/cel-check/decl-type';

interface MaxCase {
  name: string;
  schema: Record<string, unknown>;
  expectedMaxElements?: string;
  expectNilType?: boolean;
}
const doc = fixture as unknown as {
  maxElementsCases: MaxCase[];
  testSchema: Record<string, unknown>;
  testSchemaFields: string[];
  testSchemaObjectTypes: Record<string, string[]>;
};

describe('schemas_test.go TestEstimateMaxLengthJSON', () => {
  it.each(doc.maxElementsCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const decl = schemaDeclType(c.schema, false);
    if (c.expectNilType) expect(decl).toBeUndefined();
    if (decl && c.expectedMaxElements !== undefined) expect(decl.maxElements).toBe(BigInt(c.expectedMaxElements));
  });
});

describe('schemas_test.go TestSchemaDeclType / TestSchemaDeclTypes', () => {
  it('declares every property of testSchema as a field', () => {
    const decl = schemaDeclType(doc.testSchema, false)!;
    expect(decl.name).toBe('object');
    expect([...decl.fields!.keys()].sort()).toEqual(doc.testSchemaFields);
  });

  it('names the object types of a resource root after their position', () => {
    const decl = maybeAssignTypeName(schemaDeclType(doc.testSchema, true)!, 'CustomObject');
    const objects = [...fieldTypeMap('CustomObject', decl)].filter(([, t]) => isObjectDecl(t));
    const got = Object.fromEntries(objects.map(([name, t]) => [name, [...t.fields!.keys()].sort()]));
    expect(got).toEqual(doc.testSchemaObjectTypes);
  });
});
