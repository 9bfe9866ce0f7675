// admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding
// (k8s.io/api admissionregistration/v1 types.go) and the meta/v1 LabelSelector, as plain data: the
// chart builds these objects and the admission evaluator reads them. Field names and optionality are
// upstream's; enums are the values the API server accepts.

export const ADMISSION_API_VERSION = 'admissionregistration.k8s.io/v1';

export type OperationType = '*' | 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
export type ScopeType = '*' | 'Cluster' | 'Namespaced';
export type FailurePolicyType = 'Fail' | 'Ignore';
export type MatchPolicyType = 'Exact' | 'Equivalent';
export type ValidationAction = 'Deny' | 'Warn' | 'Audit';
export type ParameterNotFoundActionType = 'Allow' | 'Deny';
/** metav1.StatusReason values a Validation may name */
export type ValidationReason = 'Unauthorized' | 'Forbidden' | 'Invalid' | 'RequestEntityTooLarge';

export interface LabelSelectorRequirement {
  readonly key: string;
  /** In, NotIn, Exists, DoesNotExist */
  readonly operator: string;
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export interface Rule {
  readonly apiGroups?: readonly string[];
  readonly apiVersions?: readonly string[];
  readonly resources?: readonly string[];
  readonly scope?: ScopeType;
}

export interface RuleWithOperations extends Rule {
  readonly operations?: readonly OperationType[];
}

export interface NamedRuleWithOperations extends RuleWithOperations {
  readonly resourceNames?: readonly string[];
}

export interface MatchResources {
  readonly namespaceSelector?: LabelSelector;
  readonly objectSelector?: LabelSelector;
  readonly resourceRules?: readonly NamedRuleWithOperations[];
  readonly excludeResourceRules?: readonly NamedRuleWithOperations[];
  readonly matchPolicy?: MatchPolicyType;
}

export interface ParamKind {
  readonly apiVersion?: string;
  readonly kind?: string;
}

export interface ParamRef {
  readonly name?: string;
  readonly namespace?: string;
  readonly selector?: LabelSelector;
  readonly parameterNotFoundAction?: ParameterNotFoundActionType;
}

export interface Validation {
  readonly expression: string;
  readonly message?: string;
  readonly reason?: ValidationReason;
  readonly messageExpression?: string;
}

export interface Variable {
  readonly name: string;
  readonly expression: string;
}

export interface AuditAnnotation {
  readonly key: string;
  readonly valueExpression: string;
}

export interface MatchCondition {
  readonly name: string;
  readonly expression: string;
}

export interface ValidatingAdmissionPolicySpec {
  readonly paramKind?: ParamKind;
  readonly matchConstraints?: MatchResources;
  readonly validations?: readonly Validation[];
  readonly failurePolicy?: FailurePolicyType;
  readonly auditAnnotations?: readonly AuditAnnotation[];
  readonly matchConditions?: readonly MatchCondition[];
  readonly variables?: readonly Variable[];
}

export interface ObjectMeta {
  readonly name?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface ValidatingAdmissionPolicy {
  readonly apiVersion: typeof ADMISSION_API_VERSION;
  readonly kind: 'ValidatingAdmissionPolicy';
  readonly metadata: ObjectMeta;
  readonly spec: ValidatingAdmissionPolicySpec;
}

export interface ValidatingAdmissionPolicyBindingSpec {
  readonly policyName?: string;
  readonly paramRef?: ParamRef;
  readonly matchResources?: MatchResources;
  readonly validationActions?: readonly ValidationAction[];
}

export interface ValidatingAdmissionPolicyBinding {
  readonly apiVersion: typeof ADMISSION_API_VERSION;
  readonly kind: 'ValidatingAdmissionPolicyBinding';
  readonly metadata: ObjectMeta;
  readonly spec: ValidatingAdmissionPolicyBindingSpec;
}

export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface UserInfo {
  readonly username?: string;
  readonly uid?: string;
  readonly groups?: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/** JSON object as the API server hands it to admission (unstructured). */
export type JsonObject = { readonly [key: string]: unknown };

/**
 * admission.Attributes: what the API server knows about one request when it runs admission. `kind`
 * and `resource` are the request's own; `object`/`oldObject` are null where the operation has none.
 */
export interface AdmissionAttributes {
  readonly kind: GroupVersionKind;
  readonly resource: GroupVersionResource;
  readonly subresource?: string;
  readonly namespace: string;
  readonly name: string;
  readonly operation: AdmissionOperation;
  readonly object: JsonObject | null;
  readonly oldObject: JsonObject | null;
  /** the operation's options object, e.g. { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' } */
  readonly options?: JsonObject | null;
  readonly dryRun?: boolean;
  readonly userInfo?: UserInfo;
}

export function gvkString(k: GroupVersionKind): string {
  return `${k.group}/${k.version}, Kind=${k.kind}`;
}
