// crossplane-contrib/function-cel-filter v0.2.0 RunFunction (fn.go), run in-process on plain JSON.
// Every filter is checked in order before any resource is touched: its name becomes the Go regexp
// "^<name>$" (a name with a top-level `|` is therefore anchored on its outer ends only), and its
// expression is evaluated once against the request, whether or not any resource matches it. The
// first regexp that does not compile or expression that fails is fatal. Then every desired
// composed resource whose name matches a filter whose expression was false is removed. The desired
// composite, the resources' readiness and the context pass through untouched.
import { compileFilterExpression, filterActivation, loadFilterVerdicts, type FilterActivation } from './cel-filter-expression';
import { decodeFiltersInput, filtersInputErrorMessage, type FiltersInput } from './cel-filter-input';
import { goQuote } from '../go';
import { InputDecodeError } from './pt-input';
import { compileRe2, Re2SyntaxError } from '../../validator/re2';
import type { CompositionFunction, FunctionRequest, FunctionResponse, ResourceState } from '../types';

/** The response.Fatal form: desired state as the request had it, one Fatal result. */
function fatal(req: FunctionRequest, message: string): FunctionResponse {
  return { desired: req.desired, results: [{ severity: 'Fatal', message }], ...(req.context !== undefined ? { context: req.context } : {}) };
}

/** An expression the real function would run but the renderer cannot: a limit of the emulation, not a result. */
export class CelFilterEmulationError extends Error {
  override name = 'CelFilterEmulationError';
}

/** What the filter needs of a compiled name: Go's regexp.MatchString. */
interface NameMatcher {
  test(s: string): boolean;
}

// A name of only letters, digits, '_' and '-' has no regexp syntax: "^<name>$" matches exactly
// that string (Go's `$` is the end of the text, not before a final newline), and compiling it with
// re2js was the costliest part of a cold filter run.
const LITERAL_NAME = /^[A-Za-z0-9_-]*$/;

/** regexp.Compile("^<name>$") as the function runs it (and synth's lint checks it): the regexp, or Go's error. */
export function filterNameRegexp(name: string): NameMatcher | Re2SyntaxError {
  if (LITERAL_NAME.test(name)) return { test: (s) => s === name };
  try {
    return compileRe2(`^${name}$`);
  } catch (e) {
    if (e instanceof Re2SyntaxError) return e;
    throw e;
  }
}

export const celFilter: CompositionFunction = (req) => {
  let input: FiltersInput;
  try {
    input = decodeFiltersInput(req.input);
  } catch (e) {
    if (e instanceof InputDecodeError) return fatal(req, filtersInputErrorMessage(e.message));
    throw e;
  }

  // The verdicts of this step's filters in one disk read (synth's lint stored the same set), not one per filter.
  loadFilterVerdicts(input.filters.map((f) => f.expression));
  // The request as CEL values, built on first use: a run without filters converts nothing.
  let activation: FilterActivation | undefined;
  const regexps: NameMatcher[] = [];
  const include: boolean[] = [];
  for (const [i, f] of input.filters.entries()) {
    const re = filterNameRegexp(f.name);
    if (re instanceof Re2SyntaxError) return fatal(req, `cannot compile regular expression ${goQuote(`^${f.name}$`)} for filter ${i}: ${re.message}`);
    regexps.push(re);
    const compiled = compileFilterExpression(f.expression);
    if (!compiled.ok && compiled.emulationGap) throw new CelFilterEmulationError(`filter ${i} (${goQuote(f.expression)}): ${compiled.error}`);
    const result = compiled.ok ? compiled.evaluate((activation ??= filterActivation(req))) : compiled;
    if (!result.ok) return fatal(req, `cannot evaluate CEL expression ${goQuote(f.expression)} for filter ${i}: ${result.error}`);
    include.push(result.value);
  }

  const resources: Record<string, ResourceState> = {};
  for (const [name, r] of Object.entries(req.desired.resources)) {
    // The boolean first: most filters include, and the RE2 match is the costly half.
    const filtered = input.filters.some((_, i) => !include[i] && regexps[i]!.test(name));
    if (!filtered) resources[name] = r;
  }
  return {
    desired: { composite: req.desired.composite, resources },
    results: [],
    ...(req.context !== undefined ? { context: req.context } : {}),
  };
};
