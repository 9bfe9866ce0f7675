// How function-cel-filter v0.2.0 reads its input: function-sdk-go v0.6.2 request.GetInput into
// *v1beta1.Filters (input/v1beta1/input.go), through the same protojson + go-json-experiment
// (ebd3a89, RejectUnknownMembers) decoding P&T's input goes through (pt-input.ts): unknown or
// mis-cased keys and wrong types fail the run. Nothing else is checked: the input CRD's `required`
// on name and expression is never enforced, apiVersion and kind are not looked at.
import { decodeGoInput, GoInputTypes, goInputProblems, type GoType, type InputProblem } from './pt-input';
import type { JsonObject } from '../types';

export const FILTERS_API_VERSION = 'cel.fn.crossplane.io/v1beta1';
export const FILTERS_KIND = 'Filters';

/** One entry of spec `filters`: a resource-name regexp (anchored by the function) and a CEL expression. */
export interface Filter {
  name: string;
  expression: string;
}

/** The input after decoding: Go zero values for what was left out. */
export interface FiltersInput {
  filters: Filter[];
}

const { string, slice, struct, objectMeta } = GoInputTypes;

/** v1beta1.Filters with TypeMeta inlined and ObjectMeta as `metadata`. */
const FiltersType: GoType = struct('v1beta1.Filters', () => ({
  apiVersion: string(),
  kind: string(),
  metadata: objectMeta,
  filters: slice(struct('v1beta1.Filter', () => ({ name: string(), expression: string() }))),
}));

/** The chain fn.go, request.go and resource.go wrap a decoding error in. */
export function filtersInputErrorMessage(decoderMessage: string): string {
  return (
    'cannot get filters from *v1.RunFunctionRequest: cannot get function input *v1beta1.Filters from *v1.RunFunctionRequest: ' +
    `cannot unmarshal JSON from *structpb.Struct into *v1beta1.Filters: ${decoderMessage}`
  );
}

/** request.GetInput: throws InputDecodeError with the decoder's message. An absent input decodes as {}. */
export function decodeFiltersInput(input: JsonObject | undefined): FiltersInput {
  const decoded = decodeGoInput(input ?? {}, FiltersType);
  const filters = Array.isArray(decoded.filters) ? decoded.filters : [];
  return {
    filters: filters.map((f) => {
      const o = (f ?? {}) as JsonObject;
      return { name: typeof o.name === 'string' ? o.name : '', expression: typeof o.expression === 'string' ? o.expression : '' };
    }),
  };
}

/** Every decoding problem of an input (the function stops at the first). */
export function filtersInputProblems(input: JsonObject): InputProblem[] {
  return goInputProblems(input, FiltersType);
}
