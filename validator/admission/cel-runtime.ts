// Run-time side of admission CEL: the runtime CEL environment (validator/cel-library.ts) with the
// admission variables, values as the API server hands them to CEL (unstructured JSON: integers are
// int, keys are map keys, nothing typed by a schema), and the Authz library's objects
// (k8s.io/apiserver pkg/cel/library/authz.go) answering through a caller-supplied authorizer.
import type { Environment } from '@marcbachmann/cel-js';
import { kubernetesCelEnvironment } from '../cel-library';
import type { UserInfo } from './api';

/** What an authorizer is asked (authorizer.AttributesRecord). */
export interface AuthorizationAttributes {
  readonly user: UserInfo;
  readonly verb: string;
  readonly resourceRequest: boolean;
  readonly path?: string;
  readonly apiGroup?: string;
  readonly apiVersion?: string;
  readonly resource?: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly fieldSelector?: string;
  readonly labelSelector?: string;
}

export interface AuthorizationDecision {
  readonly decision: 'Allow' | 'Deny' | 'NoOpinion';
  readonly reason?: string;
  readonly error?: string;
}

export type Authorize = (attrs: AuthorizationAttributes) => AuthorizationDecision;

export class AuthorizerVal {
  constructor(
    readonly user: UserInfo,
    readonly authorize: Authorize,
    /** `authorizer.requestResource`: a ResourceCheck of the request's own resource */
    readonly requestResource?: ResourceCheckVal,
  ) {}
}

export class PathCheckVal {
  constructor(
    readonly authorizer: AuthorizerVal,
    readonly path: string,
  ) {}
}

export class GroupCheckVal {
  constructor(
    readonly authorizer: AuthorizerVal,
    readonly group: string,
  ) {}
}

export class ResourceCheckVal {
  constructor(
    readonly groupCheck: GroupCheckVal,
    readonly resource: string,
    readonly subresource = '',
    readonly namespace = '',
    readonly name = '',
    readonly fieldSelector = '',
    readonly labelSelector = '',
  ) {}

  with(change: Partial<Pick<ResourceCheckVal, 'subresource' | 'namespace' | 'name' | 'fieldSelector' | 'labelSelector'>>): ResourceCheckVal {
    const m = { ...this, ...change };
    return new ResourceCheckVal(this.groupCheck, this.resource, m.subresource, m.namespace, m.name, m.fieldSelector, m.labelSelector);
  }
}

export class DecisionVal {
  constructor(readonly decision: AuthorizationDecision) {}
}

/** serviceaccount.ServiceAccountInfo.UserInfo */
function serviceAccountUser(namespace: string, name: string): UserInfo {
  return { username: `system:serviceaccount:${namespace}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`] };
}

export const ADMISSION_VARIABLES = ['object', 'oldObject', 'request', 'params', 'namespaceObject', 'variables', 'authorizer'] as const;

let runtime: Environment | undefined;

/** The runtime environment of admission expressions (built once per process). */
export function admissionRuntimeEnvironment(): Environment {
  if (runtime) return runtime;
  const env = kubernetesCelEnvironment().clone();
  const T = 'kubernetes.authorization';
  env.registerType(`${T}.Decision`, DecisionVal);
  env.registerType(`${T}.PathCheck`, PathCheckVal);
  env.registerType(`${T}.ResourceCheck`, ResourceCheckVal);
  env.registerType(`${T}.GroupCheck`, GroupCheckVal);
  env.registerType({ name: `${T}.Authorizer`, ctor: AuthorizerVal, fields: { requestResource: `${T}.ResourceCheck` } } as unknown as Parameters<Environment['registerType']>[0]);
  for (const v of ADMISSION_VARIABLES) env.registerVariable(v, 'dyn');
  const decide = (d: DecisionVal): AuthorizationDecision => d.decision;
  env.registerFunction(`${T}.Authorizer.path(string): ${T}.PathCheck`, (a: AuthorizerVal, p: string) => new PathCheckVal(a, p));
  env.registerFunction(`${T}.Authorizer.group(string): ${T}.GroupCheck`, (a: AuthorizerVal, g: string) => new GroupCheckVal(a, g));
  env.registerFunction(`${T}.Authorizer.serviceAccount(string, string): ${T}.Authorizer`, (a: AuthorizerVal, ns: string, n: string) => new AuthorizerVal(serviceAccountUser(ns, n), a.authorize));
  env.registerFunction(`${T}.GroupCheck.resource(string): ${T}.ResourceCheck`, (g: GroupCheckVal, r: string) => new ResourceCheckVal(g, r));
  env.registerFunction(`${T}.ResourceCheck.subresource(string): ${T}.ResourceCheck`, (r: ResourceCheckVal, s: string) => r.with({ subresource: s }));
  env.registerFunction(`${T}.ResourceCheck.namespace(string): ${T}.ResourceCheck`, (r: ResourceCheckVal, s: string) => r.with({ namespace: s }));
  env.registerFunction(`${T}.ResourceCheck.name(string): ${T}.ResourceCheck`, (r: ResourceCheckVal, s: string) => r.with({ name: s }));
  env.registerFunction(`${T}.ResourceCheck.fieldSelector(string): ${T}.ResourceCheck`, (r: ResourceCheckVal, s: string) => r.with({ fieldSelector: s }));
  env.registerFunction(`${T}.ResourceCheck.labelSelector(string): ${T}.ResourceCheck`, (r: ResourceCheckVal, s: string) => r.with({ labelSelector: s }));
  env.registerFunction(`${T}.PathCheck.check(string): ${T}.Decision`, (p: PathCheckVal, verb: string) =>
    new DecisionVal(p.authorizer.authorize({ user: p.authorizer.user, verb, resourceRequest: false, path: p.path })),
  );
  env.registerFunction(`${T}.ResourceCheck.check(string): ${T}.Decision`, (r: ResourceCheckVal, verb: string) => {
    const a = r.groupCheck.authorizer;
    return new DecisionVal(
      a.authorize({
        user: a.user,
        verb,
        resourceRequest: true,
        apiGroup: r.groupCheck.group,
        apiVersion: '*',
        resource: r.resource,
        subresource: r.subresource,
        namespace: r.namespace,
        name: r.name,
        ...(r.fieldSelector ? { fieldSelector: r.fieldSelector } : {}),
        ...(r.labelSelector ? { labelSelector: r.labelSelector } : {}),
      }),
    );
  });
  env.registerFunction(`${T}.Decision.allowed(): bool`, (d: DecisionVal) => decide(d).decision === 'Allow');
  env.registerFunction(`${T}.Decision.reason(): string`, (d: DecisionVal) => decide(d).reason ?? '');
  env.registerFunction(`${T}.Decision.errored(): bool`, (d: DecisionVal) => decide(d).error !== undefined);
  env.registerFunction(`${T}.Decision.error(): string`, (d: DecisionVal) => decide(d).error ?? '');
  runtime = env;
  return env;
}

/** library.NewAuthorizerVal and NewResourceAuthorizerVal for one request. */
export function authorizerFor(user: UserInfo, authorize: Authorize, request: { group: string; resource: string; subresource: string; namespace: string; name: string }): AuthorizerVal {
  const base = new AuthorizerVal(user, authorize);
  const rr = new ResourceCheckVal(new GroupCheckVal(base, request.group), request.resource, request.subresource, request.namespace, request.name);
  return new AuthorizerVal(user, authorize, rr);
}

/**
 * JSON (as unstructured) to CEL: integral numbers are ints, objects are maps whose keys stay data
 * (Object.fromEntries defines own properties, so a "__proto__" key stays a key).
 */
export function jsonToCel(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return Array.from(value, jsonToCel);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, jsonToCel(v)]));
  return value;
}

/** cel-go's wording of the run-time errors cel-js words differently. */
export function celGoErrorMessage(e: unknown): string {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
  const outOfBounds = /index out of bounds, index (-?\d+)/.exec(message);
  if (outOfBounds) return `index out of bounds: ${outOfBounds[1]}`;
  const noKey = /^No such key: (.*)$/.exec(message);
  if (noKey) return `no such key: ${noKey[1]}`;
  return message;
}
