// Built-in Kubernetes kinds in the schema bundle: the pruned upstream OpenAPI v3 definitions under
// scripts/kubernetes-openapi, their structural form, and objects of those kinds as the validator
// (kubectl --validate=strict) sees them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILTIN_GROUP_VERSIONS, defaultOpenApiDir, META_FILE, pruneOpenApi, prunedFromUpstream, readPrunedOpenApi, structuralSchema } from '../../scripts/openapi-schema';
import { Validator } from '../../validator/validate';

const root = path.resolve(__dirname, '..', '..');
const dir = defaultOpenApiDir(root);
const validator = Validator.fromBundle();
const problems = (o: object): string[] => validator.validate(o).map((p) => `${p.path}: ${p.message} [${p.rule}]`);

describe('pruned upstream OpenAPI (scripts/kubernetes-openapi)', () => {
  const rawDir = process.env.ZTA_K8S_OPENAPI_DIR;
  // Needs a kubernetes/kubernetes checkout (api/openapi-spec/v3), which the repository does not hold.
  (rawDir ? test : test.skip)('every pruned file equals the prune of the upstream file in ZTA_K8S_OPENAPI_DIR', () => {
    for (const [file, schemas] of prunedFromUpstream(rawDir!)) expect([file, readPrunedOpenApi(dir, file).schemas]).toEqual([file, schemas]);
  });

  test('each file names its upstream source and holds exactly the definitions its kinds reach', () => {
    const meta = readPrunedOpenApi(dir, META_FILE);
    expect(meta.source).toMatch(/v1\.31/);
    const reachedMeta = new Set<string>();
    for (const gv of BUILTIN_GROUP_VERSIONS) {
      const pruned = readPrunedOpenApi(dir, gv.file);
      expect(pruned.source).toContain(gv.upstream);
      const all = { components: { schemas: { ...meta.schemas, ...pruned.schemas } } };
      const reached = pruneOpenApi(all, gv.kinds.map((k) => k.definition));
      expect(Object.keys(reached).filter((k) => !k.includes('.meta.v1.')).sort()).toEqual(Object.keys(pruned.schemas).sort());
      for (const k of Object.keys(reached)) if (k.includes('.meta.v1.')) reachedMeta.add(k);
    }
    expect([...reachedMeta].sort()).toEqual(Object.keys(meta.schemas).sort());
  });

  test('pruning keeps the reachable definitions and structural extensions, and drops annotations', () => {
    const doc = {
      components: {
        schemas: {
          'x.Root': {
            description: 'drop',
            properties: {
              child: { allOf: [{ $ref: '#/components/schemas/x.Child' }], default: {}, description: 'drop' },
              list: { items: { type: 'string', default: '' }, type: 'array', 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' },
              phase: { type: 'string', enum: ['A', 'B'] },
            },
            type: 'object',
            'x-kubernetes-group-version-kind': [{ group: 'g', kind: 'Root', version: 'v1' }],
          },
          'x.Child': { properties: { description: { type: 'string', description: 'a field called description stays' } }, required: ['description'], type: 'object', 'x-kubernetes-map-type': 'atomic' },
          'x.Unused': { type: 'string' },
        },
      },
    };
    const pruned = pruneOpenApi(doc, ['x.Root']);
    expect(pruned).toEqual({
      'x.Child': { properties: { description: { type: 'string' } }, required: ['description'], type: 'object', 'x-kubernetes-map-type': 'atomic' },
      'x.Root': {
        properties: {
          child: { allOf: [{ $ref: '#/components/schemas/x.Child' }] },
          list: { items: { type: 'string' }, type: 'array', 'x-kubernetes-list-type': 'set' },
          phase: { type: 'string' },
        },
        type: 'object',
        'x-kubernetes-group-version-kind': [{ group: 'g', kind: 'Root', version: 'v1' }],
      },
    });
    expect(structuralSchema(pruned, 'x.Root')).toEqual({
      properties: {
        child: { properties: { description: { type: 'string' } }, required: ['description'], type: 'object', 'x-kubernetes-map-type': 'atomic' },
        list: { items: { type: 'string' }, type: 'array', 'x-kubernetes-list-type': 'set' },
        phase: { type: 'string' },
      },
      type: 'object',
    });
    expect(() => pruneOpenApi(doc, ['x.Missing'])).toThrow('OpenAPI definition x.Missing not found');
    expect(() => structuralSchema({ 'x.A': { properties: { b: { $ref: '#/components/schemas/x.A' } }, type: 'object' } }, 'x.A')).toThrow('recursive OpenAPI definition x.A -> x.A');
  });

  test('the pruned files are formatted as the pipeline writes them', () => {
    for (const f of fs.readdirSync(dir)) expect(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))).toHaveProperty('schemas');
  });
});

describe('built-in kinds validate as kubectl --validate=strict validates them', () => {
  test('a Namespace, Role, RoleBinding, ServiceAccount and ConfigMap', () => {
    expect(problems({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments-dev', labels: { 'zta.example/namespace': 'payments-dev' } } })).toEqual([]);
    expect(problems({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'claims', namespace: 'payments-dev' },
      rules: [{ apiGroups: ['zta.example'], resources: ['zerotrustaccounts'], verbs: ['get', 'create'] }],
    })).toEqual([]);
    expect(problems({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'claims', namespace: 'payments-dev' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'claims' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'payments-platform' }],
    })).toEqual([]);
    expect(problems({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: 'crossplane-system' }, automountServiceAccountToken: false })).toEqual([]);
    expect(problems({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm', namespace: 'argocd' }, data: { 'resource.exclusions': '- kinds: [ProviderConfigUsage]' } })).toEqual([]);
  });

  test('required fields, types and unknown fields are refused with the field named', () => {
    expect(problems({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'n' }, subjects: [{ kind: 'Group' }] })).toEqual([
      ".: must have required property 'roleRef' [required]",
      ".subjects[0]: must have required property 'name' [required]",
    ]);
    expect(problems({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'n' }, rules: [{ resources: ['pods'] }] })).toEqual([
      ".rules[0]: must have required property 'verbs' [required]",
    ]);
    expect(problems({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' }, spec: { finalizer: ['kubernetes'] } })).toEqual([
      '.spec.finalizer: unknown field (allowed: finalizers) [additionalProperties]',
    ]);
    expect(problems({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n' }, data: { port: 8080 } })).toEqual([
      '.data.port: must be string (got integer 8080) [type]',
    ]);
  });

  test('ValidatingAdmissionPolicy and its binding', () => {
    expect(problems({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'p' },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: ['g'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['things'] }] },
        validations: [{ expression: 'true', messageExpression: "'x'" }],
      },
    })).toEqual([]);
    expect(problems({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: 'b' },
      spec: { policyName: 'p', validationActions: ['Deny', 'Deny'], paramRef: { name: 'x', parameterNotFoundAction: 'Deny' } },
    })).toEqual(['.spec.validationActions: must NOT have duplicate items (items ## 1 and 0 are identical) [uniqueItems]']);
    expect(problems({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'p' },
      spec: { validations: [{ message: 'no expression' }] },
    })).toEqual([".spec.validations[0]: must have required property 'expression' [required]"]);
  });
});
