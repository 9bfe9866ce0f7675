// The admission plugin's dispatch, proven with upstream's admission_test.go scenarios: params by name,
// by selector and by namespace, parameterNotFoundAction, configuration errors, validationActions and
// audit annotations. As upstream does, policy evaluation is replaced by a named function per scenario.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonObject, ParamRef, ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from '../../../validator/admission/api';
import { AdmissionCluster, type ServedKind } from '../../../validator/admission/cluster';
import { ValidatingAdmissionPolicyEvaluator } from '../../../validator/admission/dispatcher';
import type { FilterInputs } from '../../../validator/admission/filter';
import type { ValidateResult } from '../../../validator/admission/validator';

interface RequestCase {
  object: JsonObject;
  errorContains?: string;
  warnings?: string[];
  annotations?: Record<string, unknown>;
  evaluations?: number;
  observedParamNamespaces?: string[];
}

interface DispatchCase {
  source: string;
  policies: ValidatingAdmissionPolicy[];
  bindings: ValidatingAdmissionPolicyBinding[];
  objects: JsonObject[];
  validator: { deny?: string; denyIfParamsNull?: string; denyWithParamNamespace?: string; auditAnnotations?: boolean };
  requests: RequestCase[];
}

const f = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'admission', 'dispatcher.json'), 'utf8')) as {
  kinds: ServedKind[];
  namespaces: JsonObject[];
  denyPolicy: ValidatingAdmissionPolicy;
  denyBinding: ValidatingAdmissionPolicyBinding;
  cases: DispatchCase[];
};

const meta = (o: JsonObject | null): JsonObject => ((o?.metadata ?? {}) as JsonObject);

/** the upstream test's Go functions standing in for the compiled policy */
function fakeValidator(spec: DispatchCase['validator'], seen: JsonObject[]): (inputs: FilterInputs) => ValidateResult {
  return (inputs) => {
    if (inputs.params) seen.push(inputs.params);
    else seen.push({});
    if (spec.auditAnnotations) {
      const special = meta(inputs.params).name === 'replicas-test2.example.com';
      return {
        decisions: [],
        auditAnnotations: [
          { key: 'example-key', value: special ? 'special-value' : 'normal-value', action: 'publish' },
          { key: 'excluded-key', value: 'excluded-value', action: 'exclude' },
          { key: 'error-key', action: 'error', error: 'example error' },
        ],
      };
    }
    if (spec.denyIfParamsNull !== undefined) {
      return { decisions: [inputs.params ? { action: 'admit', message: '' } : { action: 'deny', message: spec.denyIfParamsNull }], auditAnnotations: [] };
    }
    const message = spec.deny ?? spec.denyWithParamNamespace ?? '';
    return { decisions: [{ action: 'deny', message }], auditAnnotations: [] };
  };
}

describe('validating dispatcher (admission_test.go)', () => {
  test.each(f.cases.map((c) => [c.source, c] as const))('%s', (_s, c) => {
    const cluster = new AdmissionCluster({ kinds: f.kinds, namespaces: f.namespaces, objects: c.objects });
    const seen: JsonObject[] = [];
    const validators = new Map(c.policies.map((p) => [p.metadata.name!, fakeValidator(c.validator, seen)]));
    const evaluator = new ValidatingAdmissionPolicyEvaluator(c.policies, c.bindings, cluster, { validators });
    for (const r of c.requests) {
      seen.length = 0;
      const response = evaluator.admit(cluster.request('CREATE', r.object));
      if (r.errorContains) expect(response.status?.message).toContain(r.errorContains);
      else expect(response.status).toBeUndefined();
      if (r.warnings) expect(response.warnings).toEqual(r.warnings);
      if (r.annotations) {
        const parsed = Object.fromEntries(Object.entries(response.auditAnnotations).map(([k, v]) => [k, k.startsWith('validation.policy') ? JSON.parse(v) : v]));
        expect(parsed).toEqual(r.annotations);
      }
      if (r.evaluations !== undefined) expect(seen).toHaveLength(r.evaluations);
      if (r.observedParamNamespaces) expect(seen.map((p) => meta(p).namespace)).toEqual(r.observedParamNamespaces);
    }
  });

  // admission_test.go TestParamRef: every valid combination of param scope, name or selector,
  // namespace and parameterNotFoundAction, against the same library of params.
  const combos: [boolean, boolean, boolean, boolean, boolean][] = [];
  for (const clusterScoped of [false, true]) for (const nameSet of [false, true]) for (const namespaceSet of [false, true]) {
    if (clusterScoped && namespaceSet) continue;
    for (const selectorSet of [false, true]) {
      if (selectorSet && nameSet) continue;
      for (const denyNotFound of [false, true]) combos.push([clusterScoped, nameSet, namespaceSet, selectorSet, denyNotFound]);
    }
  }

  const matchingName = 'replicas-test.example.com';
  const param = (name: string, namespace: string, labels: Record<string, string>): JsonObject => ({ apiVersion: 'example.com/v1', kind: 'ParamsConfig', metadata: { name, namespace, resourceVersion: '1', labels } });
  const clusterParam = (name: string, labels: Record<string, string>): JsonObject => ({ apiVersion: 'example.com/v1', kind: 'ClusterScopedParamsConfig', metadata: { name, resourceVersion: '1', labels } });
  const yes = { doesitmatch: 'yes' };
  const no = { doesitmatch: 'no' };
  const other = { notaffiliated: 'no' };
  const library: JsonObject[] = [
    param(matchingName, 'default', no), param(matchingName, 'mynamespace', no), param(matchingName, 'othernamespace', no),
    param(`${matchingName}1`, 'default', yes), param(`${matchingName}1`, 'mynamespace', yes), param(`${matchingName}1`, 'othernamespace', yes),
    param(`${matchingName}2`, 'default', other), param(`${matchingName}2`, 'mynamespace', other), param(`${matchingName}2`, 'othernamespace', other),
    param(`${matchingName}3`, 'default', other), param(`${matchingName}3`, 'mynamespace', yes), param(`${matchingName}3`, 'othernamespace', yes),
    clusterParam(matchingName, yes), clusterParam(`${matchingName}1`, no), clusterParam(`${matchingName}2`, other),
    clusterParam(`${matchingName}3`, yes), clusterParam(`${matchingName}4`, no), clusterParam(`${matchingName}5`, other),
  ];

  test.each(combos.map((c) => [`TestParamRef ${JSON.stringify(c)}`, c] as const))('%s', (_n, [clusterScoped, nameSet, namespaceSet, selectorSet, denyNotFound]) => {
    const paramRef: ParamRef = {
      ...(nameSet ? { name: matchingName } : { selector: selectorSet ? { matchLabels: yes } : {} }),
      ...(namespaceSet ? { namespace: 'mynamespace' } : {}),
      parameterNotFoundAction: denyNotFound ? ('Deny' as const) : ('Allow' as const),
    };
    const policy: ValidatingAdmissionPolicy = { ...f.denyPolicy, spec: { ...f.denyPolicy.spec, paramKind: { apiVersion: 'example.com/v1', kind: clusterScoped ? 'ClusterScopedParamsConfig' : 'ParamsConfig' } } };
    const binding: ValidatingAdmissionPolicyBinding = { ...f.denyBinding, spec: { ...f.denyBinding.spec, paramRef } };
    const shouldErrorOnClusterScoped = !namespaceSet && !clusterScoped;
    const namespacedRequest = param('some param', 'othernamespace', {});
    const clusterRequest = clusterParam('other param', {});
    // what the upstream test expects each request to see, by the same rules it states
    const expected = (requestNamespace: string | undefined): JsonObject[] =>
      library.filter((p) => {
        if (p.kind !== policy.spec.paramKind!.kind) return false;
        const m = meta(p);
        if (paramRef.name && m.name !== paramRef.name) return false;
        if (paramRef.namespace && m.namespace !== paramRef.namespace) return false;
        if (!clusterScoped && !paramRef.namespace && m.namespace !== (requestNamespace ?? 'default')) return false;
        if (paramRef.selector && Object.keys(paramRef.selector).length > 0) {
          const labels = (m.labels ?? {}) as Record<string, string>;
          if (!Object.entries(yes).every(([k, v]) => labels[k] === v)) return false;
        }
        return true;
      });
    const run = (objects: JsonObject[], request: JsonObject) => {
      const cluster = new AdmissionCluster({ kinds: f.kinds, namespaces: f.namespaces, objects });
      const seen: JsonObject[] = [];
      const evaluator = new ValidatingAdmissionPolicyEvaluator([policy], [binding], cluster, { validators: new Map([[policy.metadata.name!, fakeValidator({ deny: 'Denied by policy' }, seen)]]) });
      return { response: evaluator.admit(cluster.request('CREATE', request)), seen };
    };
    const forNamespaced = expected('othernamespace');
    expect(forNamespaced.length).toBeGreaterThan(0);
    let r = run(library, namespacedRequest);
    expect(r.response.status?.message).toContain('Denied by policy');
    expect(r.seen).toEqual(expect.arrayContaining(forNamespaced));
    expect(r.seen).toHaveLength(forNamespaced.length);

    const forCluster = shouldErrorOnClusterScoped ? [] : expected(undefined);
    r = run(library, clusterRequest);
    if (shouldErrorOnClusterScoped) expect(r.response.status?.message).toContain('failed to configure binding: cannot use namespaced paramRef in policy binding that matches cluster-scoped resources');
    else expect(r.response.status?.message).toContain('Denied by policy');
    expect(r.seen).toHaveLength(forCluster.length);

    // every matched param deleted: parameterNotFoundAction decides
    const remaining = library.filter((p) => !forNamespaced.includes(p) && !forCluster.includes(p));
    r = run(remaining, namespacedRequest);
    if (denyNotFound) expect(r.response.status?.message).toContain('no params found for policy binding with `Deny` parameterNotFoundAction');
    else expect(r.response.allowed).toBe(true);
    expect(r.seen).toHaveLength(0);
    r = run(remaining, clusterRequest);
    if (shouldErrorOnClusterScoped) expect(r.response.status?.message).toContain('failed to configure binding: cannot use namespaced paramRef in policy binding that matches cluster-scoped resources');
    else if (denyNotFound) expect(r.response.status?.message).toContain('no params found for policy binding with `Deny` parameterNotFoundAction');
    else expect(r.response.allowed).toBe(true);
    expect(r.seen).toHaveLength(0);
  });

  test('the Forbidden status names the resource and object, with the reason and code of the first denial', () => {
    const cluster = new AdmissionCluster({ kinds: f.kinds, namespaces: f.namespaces, objects: [] });
    const policy: ValidatingAdmissionPolicy = { ...f.denyPolicy, spec: { ...f.denyPolicy.spec, paramKind: undefined, validations: [{ expression: 'object.maxReplicas < 3', message: 'too many', reason: 'Forbidden' }] } };
    const binding: ValidatingAdmissionPolicyBinding = { ...f.denyBinding, spec: { policyName: policy.metadata.name, validationActions: ['Deny'] } };
    const r = new ValidatingAdmissionPolicyEvaluator([policy], [binding], cluster).admit(cluster.request('CREATE', { apiVersion: 'example.com/v1', kind: 'ParamsConfig', metadata: { name: 'p', namespace: 'default' }, maxReplicas: 5 }));
    expect(r.status).toEqual({ code: 403, reason: 'Forbidden', message: `paramsconfigs.example.com "p" is forbidden: ValidatingAdmissionPolicy 'denypolicy.example.com' with binding 'denybinding.example.com' denied request: too many` });
  });

  test('admission configuration objects are exempt, and a policy without binding is inactive', () => {
    const cluster = new AdmissionCluster({ kinds: [...f.kinds, { group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingAdmissionPolicy', plural: 'validatingadmissionpolicies', scope: 'Cluster' }], namespaces: f.namespaces });
    const policy: ValidatingAdmissionPolicy = { ...f.denyPolicy, spec: { ...f.denyPolicy.spec, paramKind: undefined, validations: [{ expression: 'false' }] } };
    const binding: ValidatingAdmissionPolicyBinding = { ...f.denyBinding, spec: { policyName: policy.metadata.name, validationActions: ['Deny'] } };
    const evaluator = new ValidatingAdmissionPolicyEvaluator([policy], [binding], cluster);
    expect(evaluator.admit(cluster.request('CREATE', { ...policy, metadata: { name: 'x' } } as unknown as JsonObject)).allowed).toBe(true);
    expect(evaluator.admit(cluster.request('CREATE', param('p', 'default', {}))).status?.message).toContain('failed expression: false');
    expect(new ValidatingAdmissionPolicyEvaluator([policy], [], cluster).admit(cluster.request('CREATE', param('p', 'default', {}))).allowed).toBe(true);
  });
});
