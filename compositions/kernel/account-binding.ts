// Where a claim's account comes from: never the claim. The first step of every claim's composition
// (function-environment-configs) selects the EnvironmentConfig labelled with the claim's namespace,
// whose data is the AccountBinding the onboarding list derives (onboarding.ts); patches read the
// Composition environment it computes. A claim in a namespace without one is not composed at all.
import {
  Input,
  InputSpecEnvironmentConfigsSelectorMatchLabelsFromFieldPathPolicy as LabelPolicy,
  InputSpecEnvironmentConfigsSelectorMatchLabelsType as LabelType,
  InputSpecEnvironmentConfigsSelectorMode as SelectorMode,
  InputSpecEnvironmentConfigsType as SourceType,
} from '../../imports/environmentconfigs.fn.crossplane.io';
import { type AccountBinding, OnboardingLabels } from '../package/onboarding';
import { compositeToken, tokensIn } from '../policy/iam/tokens';
import { environmentToStatus, fromEnvironment, PatchSet, type EnvironmentPatch, type Patch } from './patches';
import {
  ResourcesResourcesPatchesCombineStrategy as CombineStrategy,
  ResourcesResourcesPatchesPolicyFromFieldPath as FromFieldPathPolicy,
  ResourcesResourcesPatchesType as PatchType,
} from '../../imports/pt.fn.crossplane.io';
import { Schema, type SchemaNode } from './schema';
import { MaxLength } from './aws-limits';
import { MAX_SUFFIX_LENGTH } from './parameters';

/** Dotted paths to the scalar and list fields of T (what a patch can read as one value). */
type LeafPaths<T> = {
  [K in keyof T & string]: T[K] extends string | number | boolean | readonly unknown[] ? K : `${K}.${LeafPaths<T[K]>}`;
}[keyof T & string];

/** A field of the binding, checked against AccountBinding at compile time. */
export type BindingPath = LeafPaths<AccountBinding>;

/** The XR field naming the claim's namespace (xcrd: set by Crossplane's claim syncer, never by the claim). */
export const CLAIM_NAMESPACE_FIELD = 'spec.claimRef.namespace';

/**
 * The function-environment-configs input: exactly one EnvironmentConfig labelled with the claim's
 * namespace (Single mode: none or two are Fatal). The label is read Required, so an XR created
 * without a claim has no binding either.
 */
export function accountBindingInput(): unknown {
  return Input.manifest({
    spec: {
      environmentConfigs: [{
        type: SourceType.SELECTOR,
        selector: {
          mode: SelectorMode.SINGLE,
          matchLabels: [{
            key: OnboardingLabels.namespace,
            type: LabelType.FROM_COMPOSITE_FIELD_PATH,
            valueFromFieldPath: CLAIM_NAMESPACE_FIELD,
            fromFieldPathPolicy: LabelPolicy.REQUIRED,
          }],
        },
      }],
    },
  });
}

/** The parameters every domain composite shares that only the binding may set. */
export const BOUND_COMMON_PARAMETERS = {
  accountId: 'account.id',
  region: 'account.region',
  environmentSuffix: 'account.environment',
  providerConfigName: 'providerConfigName',
} as const satisfies Record<string, BindingPath>;

/** Binding field → `spec.parameters.<parameter>` of a nested composite; Required, so nothing is composed without it. */
export function fromBinding(path: BindingPath, parameter: string): Patch {
  return fromEnvironment(path, `spec.parameters.${parameter}`, { required: true });
}

/**
 * A value a domain would otherwise wait for in another domain's status, computed from the binding
 * instead: `template` is written over the domain's own bound parameters (`${xr:spec.parameters.accountId}`,
 * region, environmentSuffix), exactly as the producing domain names the AWS resource, and becomes a
 * Required CombineFromEnvironment into `spec.parameters.<parameter>` of the nested composite. AWS
 * names and ARNs we choose are known before the resource exists, so the consumer is created in the
 * same reconcile as the producer instead of two passes after it publishes.
 */
export function computedFromBinding(template: string, parameter: string): Patch {
  const byToken = new Map(Object.entries(BOUND_COMMON_PARAMETERS).map(([p, b]) => [compositeToken(`spec.parameters.${p}`), b]));
  const variables: string[] = [];
  const fmt = template.split(/(\$\{xr:[^}]+\})/).map((part) => {
    if (!/^\$\{xr:[^}]+\}$/.test(part)) return part.replace(/%/g, '%%');
    const binding = byToken.get(part);
    if (!binding) throw new Error(`computed input '${parameter}': ${part} is not a bound account parameter (${[...byToken.keys()].join(', ')}); only values the binding determines can be computed`);
    variables.push(binding);
    return '%v';
  }).join('');
  if (variables.length === 0 || tokensIn(template).length !== variables.length) throw new Error(`computed input '${parameter}': '${template}' names no bound account parameter`);
  return {
    type: PatchType.COMBINE_FROM_ENVIRONMENT,
    combine: { strategy: CombineStrategy.STRING, variables: variables.map((fromFieldPath) => ({ fromFieldPath })), string: { fmt } },
    toFieldPath: `spec.parameters.${parameter}`,
    policy: { fromFieldPath: FromFieldPathPolicy.REQUIRED },
  };
}

/** The bound account parameters of every nested composite a claim's composite composes. */
export function boundAccountPassThrough(): PatchSet {
  return new PatchSet('bound-account', Object.entries(BOUND_COMMON_PARAMETERS).map(([parameter, from]) => fromBinding(from, parameter)));
}

/** What `status.account` shows of the binding: where the claim's resources actually are. */
const ACCOUNT_STATUS: Record<string, BindingPath> = {
  id: 'account.id',
  region: 'account.region',
  namespace: 'account.namespace',
  environment: 'account.environment',
};

export function accountStatusPatches(): EnvironmentPatch[] {
  return Object.entries(ACCOUNT_STATUS).map(([field, from]) => environmentToStatus(from, `status.account.${field}`));
}

export function accountStatusSchema(): SchemaNode {
  return Schema.object('The AWS account this claim is bound to by its namespace (from the platform\'s onboarding, not from the claim).', {
    id: Schema.string('12-digit AWS account id.', { maxLength: MaxLength.accountId }),
    region: Schema.string('Region the regional resources are created in.', { maxLength: MaxLength.region }),
    // A namespace is an RFC 1123 label.
    namespace: Schema.string('The namespace that binds the account.', { maxLength: 63 }),
    environment: Schema.string('Environment suffix of every AWS name in the account.', { maxLength: MAX_SUFFIX_LENGTH }),
  });
}
