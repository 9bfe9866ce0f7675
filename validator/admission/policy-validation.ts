// What the API server refuses when a ValidatingAdmissionPolicy or binding is created
// (k8s.io/kubernetes pkg/apis/admissionregistration/validation validation.go, Kubernetes 1.31):
// names, rules, selectors, params, match conditions, variables, validations and audit annotations,
// every CEL expression compiled in the NewExpressions environment of the server version. The input
// is the stored (defaulted) object: apply defaults.ts first to model a create.
import type { MatchCondition, MatchResources, NamedRuleWithOperations, ParamKind, ParamRef, ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding, Validation, Variable, AuditAnnotation, LabelSelector } from './api';
import { AdmissionCompiler, type CompilationResult, type ReturnType, type VariableDeclarations } from './cel-compile';
import {
  duplicate,
  type FieldError,
  FieldPath,
  forbidden,
  invalid,
  isDNS1035Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  notSupported,
  required,
  tooMany,
  validateObjectName,
  validatePathSegmentName,
  validateQualifiedName,
} from './field-errors';

const SUPPORTED_FAILURE_POLICIES = ['Fail', 'Ignore'];
const SUPPORTED_MATCH_POLICIES = ['Equivalent', 'Exact'];
const SUPPORTED_OPERATIONS = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const SUPPORTED_SCOPES = ['*', 'Cluster', 'Namespaced'];
const SUPPORTED_VALIDATION_REASONS = ['Forbidden', 'Invalid', 'RequestEntityTooLarge'];
const VALID_VALIDATION_ACTIONS = ['Audit', 'Deny', 'Warn'];
const MAX_AUDIT_ANNOTATIONS = 20;
const MAX_AUDIT_ANNOTATION_VALUE_EXPRESSION_LENGTH = 5 * 1024;
const MAX_MATCH_CONDITIONS = 64;

const hasWildcard = (items: readonly string[]): boolean => items.includes('*');
const trimSpace = (s: string): string => s.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '');
const NEWLINES = /[\n\r]+/;

// ---------------------------------------------------------------- selectors (apimachinery meta/v1/validation)

function validateLabelName(key: string, path: FieldPath): FieldError[] {
  return isQualifiedName(key).map((m) => invalid(path, key, m));
}

/** ValidateLabelSelector with the strict options admission types use. */
export function validateLabelSelector(ps: LabelSelector | undefined, path: FieldPath): FieldError[] {
  if (!ps) return [];
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(ps.matchLabels ?? {})) {
    errs.push(...validateLabelName(k, path.child('matchLabels')));
    errs.push(...isValidLabelValue(v).map((m) => invalid(path.child('matchLabels'), v, m)));
  }
  (ps.matchExpressions ?? []).forEach((sr, i) => {
    const p = path.child('matchExpressions').index(i);
    const values = sr.values ?? [];
    switch (sr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(required(p.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) errs.push(forbidden(p.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(p.child('operator'), sr.operator, 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(sr.key, p.child('key')));
    values.forEach((v, j) => errs.push(...isValidLabelValue(v).map((m) => invalid(p.child('values').index(j), v, m))));
  });
  return errs;
}

// ---------------------------------------------------------------- rules

function validateResources(resources: readonly string[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (resources.length === 0) errs.push(required(path));
  const withWildcardSub = new Set<string>();
  const subWithWildcardRes = new Set<string>();
  let hasDoubleWildcard = false;
  let hasSingleWildcard = false;
  let hasResourceWithoutSubresource = false;
  resources.forEach((resSub, i) => {
    if (resSub === '') {
      errs.push(required(path.index(i)));
      return;
    }
    if (resSub === '*/*') hasDoubleWildcard = true;
    if (resSub === '*') hasSingleWildcard = true;
    const slash = resSub.indexOf('/');
    if (slash < 0) {
      hasResourceWithoutSubresource = resSub !== '*';
      return;
    }
    const res = resSub.slice(0, slash);
    const sub = resSub.slice(slash + 1);
    if (withWildcardSub.has(res)) errs.push(invalid(path.index(i), resSub, `if '${res}/*' is present, must not specify ${resSub}`));
    if (subWithWildcardRes.has(sub)) errs.push(invalid(path.index(i), resSub, `if '*/${sub}' is present, must not specify ${resSub}`));
    if (sub === '*') withWildcardSub.add(res);
    if (res === '*') subWithWildcardRes.add(sub);
  });
  if (resources.length > 1 && hasDoubleWildcard) errs.push(invalid(path, resources, "if '*/*' is present, must not specify other resources"));
  if (hasSingleWildcard && hasResourceWithoutSubresource) errs.push(invalid(path, resources, "if '*' is present, must not specify other resources without subresources"));
  return errs;
}

function validateRuleWithOperations(r: NamedRuleWithOperations, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const ops = r.operations ?? [];
  if (ops.length === 0) errs.push(required(path.child('operations')));
  if (ops.length > 1 && hasWildcard(ops)) errs.push(invalid(path.child('operations'), ops, "if '*' is present, must not specify other operations"));
  ops.forEach((op, i) => {
    if (!SUPPORTED_OPERATIONS.includes(op)) errs.push(notSupported(path.child('operations').index(i), op, SUPPORTED_OPERATIONS));
  });
  const groups = r.apiGroups ?? [];
  if (groups.length === 0) errs.push(required(path.child('apiGroups')));
  if (groups.length > 1 && hasWildcard(groups)) errs.push(invalid(path.child('apiGroups'), groups, "if '*' is present, must not specify other API groups"));
  const versions = r.apiVersions ?? [];
  if (versions.length === 0) errs.push(required(path.child('apiVersions')));
  if (versions.length > 1 && hasWildcard(versions)) errs.push(invalid(path.child('apiVersions'), versions, "if '*' is present, must not specify other API versions"));
  versions.forEach((v, i) => {
    if (v === '') errs.push(required(path.child('apiVersions').index(i)));
  });
  errs.push(...validateResources(r.resources ?? [], path.child('resources')));
  if (r.scope !== undefined && !SUPPORTED_SCOPES.includes(r.scope)) errs.push(notSupported(path.child('scope'), r.scope, SUPPORTED_SCOPES));
  return errs;
}

function validateNamedRuleWithOperations(r: NamedRuleWithOperations, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (r.resourceNames ?? []).forEach((name, i) => {
    for (const m of validatePathSegmentName(name)) errs.push(invalid(path.child('resourceNames').index(i), name, m));
    if (seen.has(name)) errs.push(duplicate(path.child('resourceNames').index(i), name));
    else seen.add(name);
  });
  errs.push(...validateRuleWithOperations(r, path));
  return errs;
}

export function validateMatchResources(m: MatchResources | undefined, path: FieldPath): FieldError[] {
  if (!m) return [];
  const errs: FieldError[] = [];
  if (m.matchPolicy === undefined) errs.push(required(path.child('matchPolicy')));
  else if (!SUPPORTED_MATCH_POLICIES.includes(m.matchPolicy)) errs.push(notSupported(path.child('matchPolicy'), m.matchPolicy, SUPPORTED_MATCH_POLICIES));
  if (m.namespaceSelector === undefined) errs.push(required(path.child('namespaceSelector')));
  else errs.push(...validateLabelSelector(m.namespaceSelector, path.child('namespaceSelector')));
  if (m.objectSelector === undefined) errs.push(required(path.child('objectSelector')));
  else errs.push(...validateLabelSelector(m.objectSelector, path.child('objectSelector')));
  (m.resourceRules ?? []).forEach((r, i) => errs.push(...validateNamedRuleWithOperations(r, path.child('resourceRules').index(i))));
  (m.excludeResourceRules ?? []).forEach((r, i) => errs.push(...validateNamedRuleWithOperations(r, path.child('excludeResourceRules').index(i))));
  return errs;
}

// ---------------------------------------------------------------- CEL

interface Options {
  readonly kubernetesVersion?: string;
  allowParamsInMatchConditions: boolean;
}

function celError(path: FieldPath, expression: string, r: CompilationResult): FieldError[] {
  if (!r.error) return [];
  return r.error.type === 'Invalid' ? [invalid(path, expression, r.error.detail)] : [{ field: path.toString(), type: 'Internal error', detail: r.error.detail }];
}

const CEL_IDENT = /^[_a-zA-Z][_a-zA-Z0-9]*$/;
const CEL_RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

export function isCelIdentifier(name: string): boolean {
  return CEL_IDENT.test(name) && !CEL_RESERVED.has(name);
}

function compileWith(compiler: AdmissionCompiler, expression: string, decls: VariableDeclarations, types: readonly ReturnType[]): CompilationResult {
  return compiler.compile(expression, decls, types);
}

function validateMatchConditions(conditions: readonly MatchCondition[], opts: Options, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (conditions.length > MAX_MATCH_CONDITIONS) errs.push(tooMany(path, conditions.length, MAX_MATCH_CONDITIONS));
  // Match conditions run before variables exist: a stateless compiler, no `variables`.
  const stateless = new AdmissionCompiler(opts.kubernetesVersion, {}, false);
  const names = new Set<string>();
  conditions.forEach((c, i) => {
    const p = path.index(i);
    const trimmed = trimSpace(c.expression ?? '');
    if (trimmed === '') errs.push(required(p.child('expression')));
    else errs.push(...celError(p.child('expression'), trimmed, compileWith(stateless, trimmed, { hasParams: opts.allowParamsInMatchConditions, hasAuthorizer: true }, ['bool'])));
    if (!c.name) errs.push(required(p.child('name')));
    else errs.push(...validateQualifiedName(c.name, p.child('name')));
    if (c.name) {
      if (names.has(c.name)) errs.push(duplicate(p.child('name'), c.name));
      else names.add(c.name);
    }
  });
  return errs;
}

function validateVariable(compiler: AdmissionCompiler, v: Variable, hasParams: boolean, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!v.name || trimSpace(v.name) === '') errs.push(required(path.child('name'), 'name is not specified'));
  else if (!isCelIdentifier(v.name)) errs.push(invalid(path.child('name'), v.name, 'name is not a valid CEL identifier'));
  if (!v.expression || trimSpace(v.expression) === '') errs.push(required(path.child('expression'), 'expression is not specified'));
  else errs.push(...celError(path.child('expression'), v.expression, compiler.compileVariable(v.name, v.expression, { hasParams, hasAuthorizer: true })));
  return errs;
}

function validateValidation(compiler: AdmissionCompiler, v: Validation, hasParams: boolean, opts: Options, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const expression = v.expression ?? '';
  const message = v.message ?? '';
  const messageExpression = v.messageExpression ?? '';
  if (trimSpace(expression) === '') errs.push(required(path.child('expression'), 'expression is not specified'));
  else errs.push(...celError(path.child('expression'), expression, compileWith(compiler, expression, { hasParams, hasAuthorizer: true }, ['bool'])));
  if (messageExpression.length > 0 && trimSpace(messageExpression) === '') errs.push(invalid(path.child('messageExpression'), messageExpression, 'must be non-empty if specified'));
  else if (trimSpace(messageExpression) !== '') {
    // the untrimmed text, so that positions in compile errors are right
    errs.push(...celError(path.child('messageExpression'), messageExpression, compileWith(compiler, messageExpression, { hasParams: opts.allowParamsInMatchConditions, hasAuthorizer: false }, ['string'])));
  }
  const trimmedMsg = trimSpace(message);
  if (message.length > 0 && trimmedMsg.length === 0) errs.push(invalid(path.child('message'), message, 'message must be non-empty if specified'));
  else if (NEWLINES.test(trimmedMsg)) errs.push(invalid(path.child('message'), message, 'message must not contain line breaks'));
  if (v.reason !== undefined && !SUPPORTED_VALIDATION_REASONS.includes(v.reason)) errs.push(notSupported(path.child('reason'), v.reason, SUPPORTED_VALIDATION_REASONS));
  return errs;
}

function validateAuditAnnotation(compiler: AdmissionCompiler, policyName: string | undefined, a: AuditAnnotation, hasParams: boolean, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (policyName) errs.push(...validateQualifiedName(`${policyName}/${a.key}`, path.child('key')));
  else errs.push(invalid(path.child('key'), a.key, 'requires metadata.name be non-empty'));
  const trimmed = trimSpace(a.valueExpression ?? '');
  if (trimmed === '') errs.push(required(path.child('valueExpression'), 'valueExpression is not specified'));
  else if (Buffer.byteLength(trimmed, 'utf8') > MAX_AUDIT_ANNOTATION_VALUE_EXPRESSION_LENGTH) errs.push(required(path.child('valueExpression'), `must not exceed ${MAX_AUDIT_ANNOTATION_VALUE_EXPRESSION_LENGTH} bytes in length`));
  else {
    const r = compileWith(compiler, trimmed, { hasParams, hasAuthorizer: true }, ['string', 'null_type']);
    if (r.error) errs.push(r.error.type === 'Invalid' ? invalid(path.child('valueExpression'), a.valueExpression, r.error.detail) : { field: path.child('valueExpression').toString(), type: 'Internal error', detail: r.error.detail });
  }
  return errs;
}

function parseGroupVersion(gv: string): { group: string; version: string } | string {
  if (gv.length === 0 || gv === '/') return { group: '', version: '' };
  const slashes = (gv.match(/\//g) ?? []).length;
  if (slashes === 0) return { group: '', version: gv };
  if (slashes === 1) return { group: gv.slice(0, gv.indexOf('/')), version: gv.slice(gv.indexOf('/') + 1) };
  return `unexpected GroupVersion string: ${gv}`;
}

function validateParamKind(k: ParamKind, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const apiVersion = k.apiVersion ?? '';
  if (apiVersion.length === 0) errs.push(required(path.child('apiVersion')));
  else {
    const gv = parseGroupVersion(apiVersion);
    if (typeof gv === 'string') errs.push(invalid(path.child('apiVersion'), apiVersion, gv));
    else {
      if (gv.group.length > 0) {
        const e = isDNS1123Subdomain(gv.group);
        if (e.length > 0) errs.push(invalid(path.child('apiVersion'), gv.group, e.join(',')));
      }
      if (gv.version.length === 0) errs.push(invalid(path.child('apiVersion'), apiVersion, 'version must be specified'));
      else {
        const e = isDNS1035Label(gv.version);
        if (e.length > 0) errs.push(invalid(path.child('apiVersion'), gv.version, e.join(',')));
      }
    }
  }
  const kind = k.kind ?? '';
  if (kind.length === 0) errs.push(required(path.child('kind')));
  else {
    const e = isDNS1035Label(kind.toLowerCase());
    if (e.length > 0) errs.push(invalid(path.child('kind'), kind, `may have mixed case, but should otherwise match: ${e.join(',')}`));
  }
  return errs;
}

export interface PolicyValidationOptions {
  /** the server's NewExpressions environment; default the minimum supported version */
  readonly kubernetesVersion?: string;
}

/** ValidateValidatingAdmissionPolicy */
export function validatePolicy(p: ValidatingAdmissionPolicy, options: PolicyValidationOptions = {}): FieldError[] {
  const errs = validateObjectName(p.metadata?.name, FieldPath.of('metadata'));
  const spec = p.spec ?? {};
  const path = FieldPath.of('spec');
  const opts: Options = { ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}), allowParamsInMatchConditions: false };
  const hasParams = spec.paramKind !== undefined;
  // One compiler per policy: composition (variables) only when the policy declares variables.
  const compiler = new AdmissionCompiler(options.kubernetesVersion, {}, (spec.variables ?? []).length > 0);
  if (spec.failurePolicy === undefined) errs.push(required(path.child('failurePolicy')));
  else if (!SUPPORTED_FAILURE_POLICIES.includes(spec.failurePolicy)) errs.push(notSupported(path.child('failurePolicy'), spec.failurePolicy, SUPPORTED_FAILURE_POLICIES));
  if (spec.paramKind) {
    opts.allowParamsInMatchConditions = true;
    errs.push(...validateParamKind(spec.paramKind, path.child('paramKind')));
  }
  if (!spec.matchConstraints) errs.push(required(path.child('matchConstraints')));
  else {
    errs.push(...validateMatchResources(spec.matchConstraints, path.child('matchConstraints')));
    // at least one resource rule: it gives the policy its type information
    if ((spec.matchConstraints.resourceRules ?? []).length === 0) errs.push(required(path.child('matchConstraints', 'resourceRules')));
  }
  errs.push(...validateMatchConditions(spec.matchConditions ?? [], opts, path.child('matchConditions')));
  (spec.variables ?? []).forEach((v, i) => errs.push(...validateVariable(compiler, v, hasParams, path.child('variables').index(i))));
  const validations = spec.validations ?? [];
  const audits = spec.auditAnnotations ?? [];
  if (validations.length === 0 && audits.length === 0) {
    errs.push(required(path.child('validations'), 'validations or auditAnnotations must contain at least one item'));
    errs.push(required(path.child('auditAnnotations'), 'validations or auditAnnotations must contain at least one item'));
  } else {
    validations.forEach((v, i) => errs.push(...validateValidation(compiler, v, hasParams, opts, path.child('validations').index(i))));
    if (audits.length > MAX_AUDIT_ANNOTATIONS) errs.push(invalid(path.child('auditAnnotations'), audits, `must not have more than ${MAX_AUDIT_ANNOTATIONS} auditAnnotations`));
    const keys = new Set<string>();
    audits.forEach((a, i) => {
      errs.push(...validateAuditAnnotation(compiler, p.metadata?.name, a, hasParams, path.child('auditAnnotations').index(i)));
      if (keys.has(a.key)) errs.push(duplicate(path.child('auditAnnotations').index(i).child('key'), a.key));
      keys.add(a.key);
    });
  }
  return errs;
}

function validateParamRef(pr: ParamRef | undefined, path: FieldPath): FieldError[] {
  if (!pr) return [];
  const errs: FieldError[] = [];
  if (pr.name) {
    for (const m of validatePathSegmentName(pr.name)) errs.push(invalid(path.child('name'), pr.name, m));
    if (pr.selector) errs.push(forbidden(path.child('name'), 'name and selector are mutually exclusive'));
  }
  if (pr.selector) {
    errs.push(...validateLabelSelector(pr.selector, path.child('selector')));
    if (pr.name) errs.push(forbidden(path.child('selector'), 'name and selector are mutually exclusive'));
  }
  if (!pr.name && !pr.selector) errs.push(required(path, 'one of name or selector must be specified'));
  if (!pr.parameterNotFoundAction) errs.push(required(path.child('parameterNotFoundAction')));
  else if (pr.parameterNotFoundAction !== 'Deny' && pr.parameterNotFoundAction !== 'Allow') errs.push(notSupported(path.child('parameterNotFoundAction'), pr.parameterNotFoundAction, ['Deny', 'Allow']));
  return errs;
}

function validateValidationActions(actions: readonly string[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  actions.forEach((a, i) => {
    if (!VALID_VALIDATION_ACTIONS.includes(a)) errs.push(notSupported(path.index(i), a, VALID_VALIDATION_ACTIONS));
    if (seen.has(a)) errs.push(duplicate(path.index(i), a));
    seen.add(a);
  });
  if (seen.has('Deny') && seen.has('Warn')) errs.push(invalid(path, actions, 'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)'));
  if (seen.size === 0) errs.push(required(path, 'at least one validation action is required'));
  return errs;
}

/** ValidateValidatingAdmissionPolicyBinding (upstream reports matchResources under "matchResouces") */
export function validateBinding(b: ValidatingAdmissionPolicyBinding): FieldError[] {
  const errs = validateObjectName(b.metadata?.name, FieldPath.of('metadata'));
  const spec = b.spec ?? {};
  const path = FieldPath.of('spec');
  if (!spec.policyName) errs.push(required(path.child('policyName')));
  else errs.push(...isDNS1123Subdomain(spec.policyName).map((m) => invalid(path.child('policyName'), spec.policyName, m)));
  errs.push(...validateParamRef(spec.paramRef, path.child('paramRef')));
  errs.push(...validateMatchResources(spec.matchResources, path.child('matchResouces')));
  errs.push(...validateValidationActions(spec.validationActions ?? [], path.child('validationActions')));
  return errs;
}
