// The parameter objects a binding selects for one request (k8s.io/apiserver pkg/admission/plugin/
// policy/generic policy_dispatcher.go CollectParams).
import type { JsonObject, LabelSelector, ParamKind, ParamRef } from './api';
import { labelSelectorAsSelector, SelectorError } from './label-selector';

/** The objects of the policy's paramKind the API server can read (its informer), and their scope. */
export interface ParamStore {
  readonly scope: 'Namespaced' | 'Cluster';
  /** namespace is '' for cluster-scoped kinds */
  get(namespace: string, name: string): JsonObject | undefined;
  list(namespace: string, selector: LabelSelector): JsonObject[];
}

export class ParamsError extends Error {}

/** Go's %v of a *v1.ParamKind (its generated String()). */
function paramKindString(k: ParamKind): string {
  return `&ParamKind{APIVersion:${k.apiVersion ?? ''},Kind:${k.kind ?? ''},}`;
}

/**
 * CollectParams: [null] when the policy has no paramKind or the binding no paramRef; the selected
 * objects otherwise. Throws ParamsError for a misconfigured binding and for no params with
 * parameterNotFoundAction Deny; returns [] when none were found and the action is Allow.
 */
export function collectParams(paramKind: ParamKind | undefined, store: ParamStore | undefined, paramRef: ParamRef | undefined, namespace: string): (JsonObject | null)[] {
  let paramsNamespace = '';
  if (paramKind && paramRef) {
    if (!store) throw new ParamsError(`paramKind kind \`${paramKindString(paramKind)}\` not known`);
    if (store.scope === 'Namespaced') {
      paramsNamespace = paramRef.namespace || namespace;
      // A binding that can match cluster-scoped objects must say where its params live.
      if (!paramsNamespace) throw new ParamsError('cannot use namespaced paramRef in policy binding that matches cluster-scoped resources');
    }
  }
  let params: JsonObject[];
  if (!paramKind || !paramRef) return [null];
  if (paramRef.namespace && store!.scope === 'Cluster') throw new ParamsError('paramRef.namespace must not be provided for a cluster-scoped `paramKind`');
  if (paramRef.name) {
    if (paramRef.selector) throw new ParamsError('paramRef.name and paramRef.selector are mutually exclusive');
    const p = store!.get(paramsNamespace, paramRef.name);
    params = p ? [p] : [];
  } else if (paramRef.selector) {
    try {
      labelSelectorAsSelector(paramRef.selector);
    } catch (e) {
      if (e instanceof SelectorError) throw new ParamsError(e.message);
      throw e;
    }
    params = store!.list(paramsNamespace, paramRef.selector);
  } else {
    throw new ParamsError('one of name or selector must be provided');
  }
  if (params.length === 0 && paramRef.parameterNotFoundAction === 'Deny') throw new ParamsError('no params found for policy binding with `Deny` parameterNotFoundAction');
  return params;
}
