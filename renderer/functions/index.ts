// The composition functions the package runs, emulated from their upstream sources:
// function-patch-and-transform, function-auto-ready, function-cel-filter, function-environment-configs,
// the required-resources loop that feeds them, and the lints over their inputs used at synth.
export { filterExpressionVerdict } from './cel-filter-expression';
export { FILTERS_API_VERSION, FILTERS_KIND } from './cel-filter-input';
export { lintCelFilterInput } from './cel-filter-lint';
export { lintInputDecoding, lintPatchAndTransformInput } from './pt-lint';
export { fetcherOver } from './required-resources';
