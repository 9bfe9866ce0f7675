// The input of function-environment-configs v0.7.1 (environmentconfigs.fn.crossplane.io/v1beta1
// Input, input/v1beta1), as its Go types and json tags declare it, and the way the function reads
// it: function-sdk-go v0.6.2 request.GetInput -> resource.AsObject -> go-json-experiment with
// RejectUnknownMembers, the same strict decoder as function-patch-and-transform's (pt-input.ts).
import { ObjectMeta, decodeGoInput, mapOf, ptr, rawNamed, slice, str, struct, uint64 } from './pt-input';
export type { GoType } from './pt-input';
import type { JsonObject } from '../types';

const v1b = (n: string) => `v1beta1.${n}`;

const LabelMatcher = struct(v1b('EnvironmentSourceSelectorLabelMatcher'), () => ({
  type: str(v1b('EnvironmentSourceSelectorLabelMatcherType')),
  key: str(),
  valueFromFieldPath: ptr(str()),
  fromFieldPathPolicy: ptr(str(v1b('FromFieldPathPolicy'))),
  value: ptr(str()),
}));

const EnvironmentSource = struct(v1b('EnvironmentSource'), () => ({
  type: str(v1b('EnvironmentSourceType')),
  ref: ptr(struct(v1b('EnvironmentSourceReference'), () => ({ name: str() }))),
  selector: ptr(struct(v1b('EnvironmentSourceSelector'), () => ({
    mode: str(v1b('EnvironmentSourceSelectorModeType')),
    maxMatch: ptr(uint64),
    minMatch: ptr(uint64),
    sortByFieldPath: str(),
    matchLabels: slice(LabelMatcher),
  }))),
  toFieldPath: ptr(str()),
}));

/** v1beta1.Input with TypeMeta inlined. */
export const Input = struct(v1b('Input'), () => ({
  apiVersion: str(),
  kind: str(),
  metadata: ObjectMeta,
  spec: struct(v1b('InputSpec'), () => ({
    defaultData: mapOf(rawNamed('v1.JSON')),
    environmentConfigs: slice(EnvironmentSource),
    // xpv1.ResolutionPolicy is crossplane-runtime's apis/common/v1 type.
    policy: ptr(struct(v1b('Policy'), () => ({ resolution: ptr(str('v1.ResolutionPolicy')) }))),
  })),
}));

// ---------------------------------------------------------------------------------------------
// The decoded input, typed. Go's zero values: an absent string is "", an absent pointer undefined.

export interface LabelMatcherInput {
  type?: string;
  key?: string;
  valueFromFieldPath?: string;
  fromFieldPathPolicy?: string;
  value?: string;
}

export interface SelectorInput {
  mode?: string;
  maxMatch?: number;
  minMatch?: number;
  sortByFieldPath?: string;
  matchLabels?: LabelMatcherInput[];
}

export interface EnvironmentSourceInput {
  type?: string;
  ref?: { name?: string };
  selector?: SelectorInput;
  toFieldPath?: string;
}

export interface EnvironmentConfigsInput {
  spec?: {
    defaultData?: JsonObject;
    /** undefined is Go's nil slice (no environment at all); [] is an empty, non-nil one. */
    environmentConfigs?: EnvironmentSourceInput[];
    policy?: { resolution?: string };
  };
}

/** Throws InputDecodeError with the decoder's message at the first problem, as the function does. */
export function decodeEnvironmentConfigsInput(input: JsonObject): EnvironmentConfigsInput {
  return decodeGoInput(input, Input) as EnvironmentConfigsInput;
}

/** The chain fn.go, function-sdk-go request.GetInput and resource.AsObject wrap a decoding error in. */
export function inputErrorMessage(decoderMessage: string): string {
  return (
    'cannot get Function input from *v1.RunFunctionRequest: cannot get function input *v1beta1.Input from *v1.RunFunctionRequest: ' +
    `cannot unmarshal JSON from *structpb.Struct into *v1beta1.Input: ${decoderMessage}`
  );
}
