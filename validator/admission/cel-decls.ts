// The declarations admission CEL expressions compile against (k8s.io/apiserver pkg/admission/plugin/
// cel/compile.go BuildRequestType, BuildNamespaceType; composition.go; pkg/cel/library/authz.go):
// typed `request` and `namespaceObject`, the Authz library, and the `variables` object whose fields
// are the policy's variables, each typed by its expression's output type.
import { BoolType, type CelType, DynType, objectType, StringType, typeOfType } from '../cel-check/cel-types';
import { type DeclField, type DeclType, IntDecl, newListType, newMapType, SCALAR_DECL_TYPES, StringDecl } from '../cel-check/decl-type';
import { fn, type FunctionDecl, memberOverload } from '../cel-check/decls';
import type { TypeProvider } from '../cel-check/check';
import type { CelEnvironment } from '../cel-check/environment';
import { mergeFunction } from '../cel-check/decls';

/** apiservercel.NewListType(elem, -1) / NewMapType(k, v, -1): sizes unknown */
const UNBOUNDED = -1n;
const BoolDecl = SCALAR_DECL_TYPES.get('bool')!;
const TimestampDecl = SCALAR_DECL_TYPES.get('timestamp')!;
const DynDecl: DeclType = { name: 'dyn', celType: DynType, maxElements: 0n, minSerializedSize: 1n };

function field(name: string, type: DeclType, required: boolean): [string, DeclField] {
  return [name, { name, type, required }];
}

/** apiservercel.NewObjectType */
export function objectDecl(name: string, fields: [string, DeclField][]): DeclType {
  return { name, celType: objectType(name), fields: new Map(fields), maxElements: 0n, minSerializedSize: 2n };
}

const stringList = (): DeclType => newListType(StringDecl, UNBOUNDED);

/** BuildRequestType: no uid, object or oldObject (those are root variables). */
export function buildRequestType(): DeclType {
  const gvk = objectDecl('kubernetes.GroupVersionKind', [field('group', StringDecl, true), field('version', StringDecl, true), field('kind', StringDecl, true)]);
  const gvr = objectDecl('kubernetes.GroupVersionResource', [field('group', StringDecl, true), field('version', StringDecl, true), field('resource', StringDecl, true)]);
  const userInfo = objectDecl('kubernetes.UserInfo', [
    field('username', StringDecl, false),
    field('uid', StringDecl, false),
    field('groups', stringList(), false),
    field('extra', newMapType(StringDecl, stringList(), UNBOUNDED), false),
  ]);
  return objectDecl('kubernetes.AdmissionRequest', [
    field('kind', gvk, true),
    field('resource', gvr, true),
    field('subResource', StringDecl, false),
    field('requestKind', gvk, true),
    field('requestResource', gvr, true),
    field('requestSubResource', StringDecl, false),
    field('name', StringDecl, true),
    field('namespace', StringDecl, false),
    field('operation', StringDecl, true),
    field('userInfo', userInfo, true),
    field('dryRun', BoolDecl, false),
    field('options', DynDecl, false),
  ]);
}

/**
 * BuildNamespaceType. Upstream declares the uid as "UID", which the runtime object (whose key is
 * "uid") never has: `namespaceObject.metadata.UID` type-checks and fails at run time.
 */
export function buildNamespaceType(): DeclType {
  const spec = objectDecl('kubernetes.NamespaceSpec', [field('finalizers', stringList(), true)]);
  const condition = objectDecl('kubernetes.NamespaceCondition', [
    field('status', StringDecl, true),
    field('type', StringDecl, true),
    field('lastTransitionTime', TimestampDecl, true),
    field('message', StringDecl, true),
    field('reason', StringDecl, true),
  ]);
  const status = objectDecl('kubernetes.NamespaceStatus', [field('conditions', newListType(condition, UNBOUNDED), true), field('phase', StringDecl, true)]);
  const metadata = objectDecl('kubernetes.NamespaceMetadata', [
    field('name', StringDecl, true),
    field('generateName', StringDecl, true),
    field('namespace', StringDecl, true),
    field('labels', newMapType(StringDecl, StringDecl, UNBOUNDED), true),
    field('annotations', newMapType(StringDecl, StringDecl, UNBOUNDED), true),
    field('UID', StringDecl, true),
    field('creationTimestamp', TimestampDecl, true),
    field('deletionGracePeriodSeconds', IntDecl, true),
    field('deletionTimestamp', TimestampDecl, true),
    field('generation', IntDecl, true),
    field('resourceVersion', StringDecl, true),
    field('finalizers', stringList(), true),
  ]);
  return objectDecl('kubernetes.Namespace', [field('metadata', metadata, true), field('spec', spec, true), field('status', status, true)]);
}

export const VARIABLES_TYPE_NAME = 'kubernetes.variables';

// ---------------------------------------------------------------- library.Authz (authz.go)

export const AuthorizerType = objectType('kubernetes.authorization.Authorizer');
export const PathCheckType = objectType('kubernetes.authorization.PathCheck');
export const GroupCheckType = objectType('kubernetes.authorization.GroupCheck');
export const ResourceCheckType = objectType('kubernetes.authorization.ResourceCheck');
export const DecisionType = objectType('kubernetes.authorization.Decision');

/** authzLibraryDecls, with upstream's overload ids */
export function authzFunctions(): FunctionDecl[] {
  const S = StringType;
  return [
    fn('path', memberOverload('authorizer_path', [AuthorizerType, S], PathCheckType)),
    fn('group', memberOverload('authorizer_group', [AuthorizerType, S], GroupCheckType)),
    fn('serviceAccount', memberOverload('authorizer_serviceaccount', [AuthorizerType, S, S], AuthorizerType)),
    fn('resource', memberOverload('groupcheck_resource', [GroupCheckType, S], ResourceCheckType)),
    fn('subresource', memberOverload('resourcecheck_subresource', [ResourceCheckType, S], ResourceCheckType)),
    fn('namespace', memberOverload('resourcecheck_namespace', [ResourceCheckType, S], ResourceCheckType)),
    fn('name', memberOverload('resourcecheck_name', [ResourceCheckType, S], ResourceCheckType)),
    fn('check', memberOverload('pathcheck_check', [PathCheckType, S], DecisionType), memberOverload('resourcecheck_check', [ResourceCheckType, S], DecisionType)),
    fn('errored', memberOverload('decision_errored', [DecisionType], BoolType)),
    fn('error', memberOverload('decision_error', [DecisionType], S)),
    fn('allowed', memberOverload('decision_allowed', [DecisionType], BoolType)),
    fn('reason', memberOverload('decision_reason', [DecisionType], S)),
  ];
}

/** authzSelectorsLibraryDecls (Kubernetes 1.31+, behind AuthorizeWithSelectors: beta and on from 1.32) */
export function authzSelectorFunctions(): FunctionDecl[] {
  return [
    fn('fieldSelector', memberOverload('authorizer_fieldselector', [ResourceCheckType, StringType], ResourceCheckType)),
    fn('labelSelector', memberOverload('authorizer_labelselector', [ResourceCheckType, StringType], ResourceCheckType)),
  ];
}

const withAuthz = new WeakMap<CelEnvironment, CelEnvironment>();

/**
 * The base environment plus the authorization libraries: Authz from compatibility version 1.27, its
 * selectors from 1.31 (new expressions on a 1.32 server; the feature gate is on by default there).
 */
export function admissionBaseEnvironment(base: CelEnvironment): CelEnvironment {
  let env = withAuthz.get(base);
  if (!env) {
    const functions = new Map(base.functions);
    for (const f of authzFunctions()) mergeFunction(functions, f);
    const c = base.compatibilityVersion;
    if (c.major > 1 || c.minor >= 31) for (const f of authzSelectorFunctions()) mergeFunction(functions, f);
    env = { ...base, functions };
    withAuthz.set(base, env);
  }
  return env;
}

/** convertCelTypeToDeclType (composition.go): lists and maps keep their shape, anything else is dyn. */
export function celTypeToDeclType(t: CelType | undefined): DeclType {
  if (!t) return DynDecl;
  switch (t.kind) {
    case 'list':
      return newListType(celTypeToDeclType(t.params[0]), UNBOUNDED);
    case 'map':
      return newMapType(celTypeToDeclType(t.params[0]), celTypeToDeclType(t.params[1]), UNBOUNDED);
    case 'any':
      return { name: 'any', celType: t, maxElements: 0n, minSerializedSize: 1n };
    case 'bool':
    case 'bytes':
    case 'double':
    case 'duration':
    case 'int':
    case 'null_type':
    case 'string':
    case 'timestamp':
    case 'uint':
      return SCALAR_DECL_TYPES.get(t.kind === 'null_type' ? 'null_type' : t.kind)!;
    default:
      return DynDecl;
  }
}

/** Object types by name for the checker (apiservercel DeclTypeProvider over several roots). */
export class AdmissionTypeProvider implements TypeProvider {
  private readonly types = new Map<string, DeclType>();

  constructor(
    roots: readonly DeclType[],
    private readonly recognizeKeywordAsFieldName: boolean,
    private readonly typeOfTypeIdents: boolean,
  ) {
    for (const r of roots) this.register(r);
  }

  private register(t: DeclType): void {
    if (t.fields) {
      if (this.types.has(t.name)) return;
      this.types.set(t.name, t);
      for (const f of t.fields.values()) this.register(f.type);
    }
    if (t.elemType) this.register(t.elemType);
    if (t.keyType) this.register(t.keyType);
  }

  /** 1.32 on, a type name resolves to the type of the type (as DeclTypeProvider does); before, to the type */
  findStructTypeIdent(name: string): CelType | undefined {
    const t = this.types.get(name);
    if (!t) return undefined;
    return this.typeOfTypeIdents ? typeOfType(t.celType) : t.celType;
  }

  findStructFieldType(typeName: string, fieldName: string): CelType | undefined {
    const t = this.types.get(typeName);
    if (!t?.fields) return undefined;
    let f = t.fields.get(fieldName);
    if (!f && this.recognizeKeywordAsFieldName) f = t.fields.get(`__${fieldName}__`);
    return f?.type.celType;
  }

  declType(name: string): DeclType | undefined {
    return this.types.get(name);
  }
}
