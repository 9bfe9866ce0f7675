// The ValidatingAdmissionPolicy admission plugin for one request (k8s.io/apiserver pkg/admission/
// plugin/policy/validating dispatcher.go Dispatch, generic/plugin.go and policy_source.go): which
// policies (with at least one binding) and bindings match, their params, the evaluation of each
// (policy, binding, param), validationActions, failurePolicy for configuration errors, and the
// first denial turned into the API server's Forbidden status.
import type { AdmissionAttributes, GroupVersionKind, GroupVersionResource, JsonObject, ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding, ValidationAction, ValidationReason } from './api';
import { gvkString } from './api';
import type { TypedInputs } from './cel-compile';
import { authorizerFor } from './cel-runtime';
import { type AdmissionCluster, splitApiVersion } from './cluster';
import { defaultBinding, defaultPolicy } from './defaults';
import { type CompiledPolicy, compilePolicy } from './compile-policy';
import { RUNTIME_CEL_COST_BUDGET, type FilterInputs } from './filter';
import { AdmissionStatusError, matches } from './matching';
import { collectParams, ParamsError } from './params';
import { isExemptAdmissionConfigurationResource } from './rules';
import { type PolicyDecision, validate, type ValidateResult } from './validator';

export interface AdmissionStatus {
  readonly code: number;
  readonly reason: string;
  readonly message: string;
}

export interface AdmissionResponse {
  readonly allowed: boolean;
  readonly status?: AdmissionStatus;
  /** HTTP Warning headers (validationActions Warn) */
  readonly warnings: readonly string[];
  /** audit annotations (auditAnnotations and validationActions Audit) */
  readonly auditAnnotations: Readonly<Record<string, string>>;
  /** every denial, in order; the status reports the first */
  readonly denials: readonly DeniedDecision[];
}

export interface DeniedDecision extends PolicyDecision {
  readonly policy: string;
  readonly binding?: string;
}

const MAX_AUDIT_ANNOTATION_VALUE_LENGTH = 10 * 1024;

/** reasonToCode (policy_decision.go) */
function reasonToCode(reason: string): number {
  switch (reason) {
    case 'Forbidden':
      return 403;
    case 'Unauthorized':
      return 401;
    case 'RequestEntityTooLarge':
      return 413;
    default:
      return 422;
  }
}

/** admission.NewForbidden: `<resource>.<group> "<name>" is forbidden: <message>` */
function forbiddenMessage(a: AdmissionAttributes, message: string): string {
  const gr = a.resource.group ? `${a.resource.resource}.${a.resource.group}` : a.resource.resource;
  let name = a.name;
  if (!name) {
    const m = (a.object?.metadata ?? undefined) as JsonObject | undefined;
    if (a.object && !m) name = 'Unknown/errorGettingName';
    else name = (typeof m?.name === 'string' && m.name) || (typeof m?.generateName === 'string' && m.generateName) || 'Unknown';
  }
  if (!a.resource.resource && !a.resource.group) return `forbidden: ${message}`;
  return `${gr} ${JSON.stringify(name)} is forbidden: ${message}`;
}

/** cel.CreateAdmissionRequest, as the unstructured object CEL sees. */
export function admissionRequestObject(a: AdmissionAttributes, resource: GroupVersionResource, kind: GroupVersionKind): JsonObject {
  const u = a.userInfo ?? {};
  const userInfo: Record<string, unknown> = {};
  if (u.username) userInfo.username = u.username;
  if (u.uid) userInfo.uid = u.uid;
  if (u.groups && u.groups.length > 0) userInfo.groups = [...u.groups];
  if (u.extra && Object.keys(u.extra).length > 0) userInfo.extra = { ...u.extra };
  return {
    uid: '',
    kind: { group: kind.group, version: kind.version, kind: kind.kind },
    resource: { group: resource.group, version: resource.version, resource: resource.resource },
    ...(a.subresource ? { subResource: a.subresource } : {}),
    requestKind: { ...a.kind },
    requestResource: { ...a.resource },
    ...(a.subresource ? { requestSubResource: a.subresource } : {}),
    ...(a.name ? { name: a.name } : {}),
    ...(a.namespace ? { namespace: a.namespace } : {}),
    operation: a.operation,
    userInfo,
    dryRun: a.dryRun ?? false,
    ...(a.options ? { options: a.options } : {}),
  };
}

/** cel.CreateNamespaceObject: only some metadata of the namespace is exposed. */
export function namespaceObject(ns: JsonObject): JsonObject {
  const m = (ns.metadata ?? {}) as JsonObject;
  const keep = ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'finalizers'];
  const metadata: Record<string, unknown> = { creationTimestamp: null };
  for (const k of keep) if (m[k] !== undefined && m[k] !== '') metadata[k] = m[k];
  return { metadata, spec: (ns.spec as JsonObject | undefined) ?? {}, status: (ns.status as JsonObject | undefined) ?? {} };
}

interface Hook {
  readonly policy: ValidatingAdmissionPolicy;
  readonly bindings: readonly ValidatingAdmissionPolicyBinding[];
  readonly compiled: CompiledPolicy;
  readonly configurationError?: string;
}

export interface EvaluatorOptions {
  /** Kubernetes minor whose CEL environment and wording to model; default the minimum supported */
  readonly kubernetesVersion?: string;
  /** types for object/params at compile time (policy type checking); default dyn as the plugin compiles */
  readonly typed?: TypedInputs;
  /**
   * Replaces the CEL evaluation of the named policies, as upstream's admission tests replace the
   * compiler: dispatch (matching, params, actions) is then tested on its own.
   */
  readonly validators?: ReadonlyMap<string, (inputs: FilterInputs) => ValidateResult>;
}

/**
 * The admission plugin with a fixed set of policies and bindings (what its informers hold). Policies
 * without a binding are inactive; bindings are grouped under the policy they name, in the order given.
 */
export class ValidatingAdmissionPolicyEvaluator {
  private readonly hooks: Hook[] = [];
  private readonly validators: ReadonlyMap<string, (inputs: FilterInputs) => ValidateResult>;

  constructor(
    policies: readonly ValidatingAdmissionPolicy[],
    bindings: readonly ValidatingAdmissionPolicyBinding[],
    private readonly cluster: AdmissionCluster,
    opts: EvaluatorOptions = {},
  ) {
    this.validators = opts.validators ?? new Map();
    // The plugin sees what the API server stored: the objects after defaulting.
    const stored = bindings.map(defaultBinding);
    for (const policy of policies.map(defaultPolicy)) {
      const own = stored.filter((b) => b.spec.policyName === policy.metadata.name);
      if (own.length === 0) continue;
      let configurationError: string | undefined;
      const pk = policy.spec.paramKind;
      if (pk) {
        const apiVersion = pk.apiVersion ?? '';
        // An unparsable paramKind drops the policy altogether (the source skips it).
        if ((apiVersion.match(/\//g) ?? []).length > 1) continue;
        const { group, version } = splitApiVersion(apiVersion);
        if (!cluster.kind(apiVersion, pk.kind ?? '')) configurationError = `failed to find resource referenced by paramKind: '${gvkString({ group, version, kind: pk.kind ?? '' })}'`;
      }
      this.hooks.push({ policy, bindings: own, compiled: compilePolicy(policy, opts.kubernetesVersion, opts.typed), ...(configurationError ? { configurationError } : {}) });
    }
  }

  /** Plugin.Dispatch for one request. */
  admit(a: AdmissionAttributes, budget: bigint = RUNTIME_CEL_COST_BUDGET): AdmissionResponse {
    const allowed: AdmissionResponse = { allowed: true, warnings: [], auditAnnotations: {}, denials: [] };
    if (isExemptAdmissionConfigurationResource(a)) return allowed;
    try {
      return this.dispatch(a, budget);
    } catch (e) {
      if (e instanceof AdmissionStatusError) return { allowed: false, status: { code: e.code, reason: e.reason, message: e.message }, warnings: [], auditAnnotations: {}, denials: [] };
      throw e;
    }
  }

  private dispatch(a: AdmissionAttributes, budget: bigint): AdmissionResponse {
    const denied: DeniedDecision[] = [];
    const warnings: string[] = [];
    const annotations: Record<string, string> = {};
    const configError = (message: string, policy: ValidatingAdmissionPolicy, binding?: ValidatingAdmissionPolicyBinding): void => {
      const policy_ = policy.spec.failurePolicy ?? 'Fail';
      if (policy_ === 'Ignore') return;
      const text = policy_ === 'Fail' ? `failed to configure ${binding ? 'binding' : 'policy'}: ${message}` : `unrecognized failure policy: '${policy_}'`;
      denied.push({ action: 'deny', message: text, policy: policy.metadata.name ?? '', ...(binding ? { binding: binding.metadata.name ?? '' } : {}) });
    };

    for (const hook of this.hooks) {
      const policy = hook.policy;
      const constraints = policy.spec.matchConstraints;
      const definition = constraints ? matches(constraints, a, (n) => this.cluster.namespace(n), this.cluster.equivalents) : { matches: false, error: new AdmissionStatusError('policy contained no match constraints, a required field', 500, 'InternalError') };
      if (definition.error) {
        configError(definition.error.message, policy);
        continue;
      }
      if (!definition.matches) continue;
      if (hook.configurationError) {
        configError(hook.configurationError, policy);
        continue;
      }
      const auditValues = new Map<string, string[]>();
      for (const binding of hook.bindings) {
        const bm = binding.spec.matchResources ? matches(binding.spec.matchResources, a, (n) => this.cluster.namespace(n), this.cluster.equivalents) : { matches: true };
        if (bm.error) {
          configError(bm.error.message, policy, binding);
          continue;
        }
        if (!bm.matches) continue;
        let params: (JsonObject | null)[];
        try {
          params = collectParams(policy.spec.paramKind, policy.spec.paramKind ? this.cluster.paramStore(policy.spec.paramKind) : undefined, binding.spec.paramRef, a.namespace);
        } catch (e) {
          if (e instanceof ParamsError) {
            configError(e.message, policy, binding);
            continue;
          }
          throw e;
        }
        const versioned = versionedAttributes(a, definition.kind!);
        if (typeof versioned === 'string') {
          configError(`failed to convert object version: ${versioned}`, policy, binding);
          continue;
        }
        // A Namespace request carries its own name as namespace; it has no namespace object.
        const isNamespace = a.kind.group === '' && a.kind.version === 'v1' && a.kind.kind === 'Namespace';
        const namespaceName = isNamespace ? '' : a.namespace;
        let ns: JsonObject | null = null;
        if (namespaceName) {
          const found = this.cluster.namespace(namespaceName);
          if (!found) throw new AdmissionStatusError(`namespaces "${namespaceName}" not found`, 404, 'NotFound');
          ns = namespaceObject(found);
        }
        const request = admissionRequestObject(a, definition.resource!, definition.kind!);
        const authorizer = authorizerFor(a.userInfo ?? {}, this.cluster.authorize, { group: a.resource.group, resource: a.resource.resource, subresource: a.subresource ?? '', namespace: a.namespace, name: a.name });
        for (const param of params) {
          const p = param && policy.spec.paramKind && (param.apiVersion === undefined || param.kind === undefined) ? { ...param, apiVersion: policy.spec.paramKind.apiVersion, kind: policy.spec.paramKind.kind } : param;
          const inputs: FilterInputs = { attributes: versioned, request, params: p, namespace: ns, authorizer };
          const replaced = this.validators.get(policy.metadata.name ?? '');
          const result = replaced ? replaced(inputs) : validate(hook.compiled.filters, inputs, budget);
          result.decisions.forEach((d, i) => {
            if (d.action !== 'deny') return;
            for (const action of binding.spec.validationActions ?? []) {
              this.applyAction(action, d, i, policy, binding, denied, warnings, annotations);
            }
          });
          for (const aa of result.auditAnnotations) {
            if (aa.action === 'publish') {
              const list = auditValues.get(aa.key) ?? [];
              const value = aa.value!.length > MAX_AUDIT_ANNOTATION_VALUE_LENGTH ? aa.value!.slice(0, MAX_AUDIT_ANNOTATION_VALUE_LENGTH) : aa.value!;
              if (!list.includes(value)) list.push(value);
              auditValues.set(aa.key, list);
            } else if (aa.action === 'error') {
              denied.push({ action: 'deny', evaluation: 'error', message: aa.error ?? '', policy: policy.metadata.name ?? '', binding: binding.metadata.name ?? '' });
            }
          }
        }
      }
      for (const [key, values] of auditValues) annotations[`${policy.metadata.name}/${key}`] = values.join(', ');
    }

    if (denied.length === 0) return { allowed: true, warnings, auditAnnotations: annotations, denials: [] };
    const first = denied[0]!;
    const text = first.binding !== undefined ? `ValidatingAdmissionPolicy '${first.policy}' with binding '${first.binding}' denied request: ${first.message}` : `ValidatingAdmissionPolicy '${first.policy}' denied request: ${first.message}`;
    const reason: ValidationReason | 'Invalid' = first.reason ?? 'Invalid';
    return { allowed: false, status: { code: reasonToCode(reason), reason, message: forbiddenMessage(a, text) }, warnings, auditAnnotations: annotations, denials: denied };
  }

  private applyAction(action: ValidationAction, d: PolicyDecision, index: number, policy: ValidatingAdmissionPolicy, binding: ValidatingAdmissionPolicyBinding, denied: DeniedDecision[], warnings: string[], annotations: Record<string, string>): void {
    switch (action) {
      case 'Deny':
        denied.push({ ...d, policy: policy.metadata.name ?? '', binding: binding.metadata.name ?? '' });
        break;
      case 'Audit':
        // AddAnnotation refuses to change an annotation already set: the first failure is kept.
        annotations['validation.policy.admission.k8s.io/validation_failure'] ??= JSON.stringify([
          { message: d.message, policy: binding.spec.policyName, binding: binding.metadata.name, expressionIndex: index, validationActions: binding.spec.validationActions },
        ]);
        break;
      case 'Warn':
        warnings.push(`Validation failed for ValidatingAdmissionPolicy '${policy.metadata.name}' with binding '${binding.metadata.name}': ${d.message}`);
        break;
    }
  }
}

/**
 * admission.NewVersionedAttributes: the objects as the matched kind. Custom resources without a
 * conversion webhook only change apiVersion; other conversions are not modelled offline.
 */
function versionedAttributes(a: AdmissionAttributes, kind: GroupVersionKind): AdmissionAttributes | string {
  if (kind.group === a.kind.group && kind.version === a.kind.version && kind.kind === a.kind.kind) return a;
  if (kind.group !== a.kind.group || kind.kind !== a.kind.kind) return `no offline conversion from ${gvkString(a.kind)} to ${gvkString(kind)}`;
  const apiVersion = kind.group ? `${kind.group}/${kind.version}` : kind.version;
  const convert = (o: JsonObject | null): JsonObject | null => (o ? { ...o, apiVersion } : null);
  return { ...a, object: convert(a.object), oldObject: convert(a.oldObject) };
}
