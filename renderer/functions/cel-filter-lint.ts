// Lint of cel.fn.crossplane.io/v1beta1 Filters input at synth: everything function-cel-filter would
// make fatal on every run (decoding, name regexps, expressions that do not compile to a bool), plus
// the mistakes it accepts silently (a name the input CRD requires left out, a filter that matches no
// composed resource, a `|` that the ^...$ anchoring splits).
import { filterExpressionVerdicts } from './cel-filter-expression';
import { filtersInputProblems } from './cel-filter-input';
import { filterNameRegexp } from './function-cel-filter';
import { asObject, objectsOf } from '../json';
import type { LintProblem } from './pt-lint';
import type { JsonObject } from '../types';
import { Re2SyntaxError } from '../../validator/re2';

/** A `|` outside any group or class: "^a|b$" anchors `a` at the start and `b` at the end only. */
export function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/**
 * Every problem of a Filters input. `composed`: the names of the composition's resources, to catch
 * a filter that can never apply.
 */
export function lintCelFilterInput(input: JsonObject, composed?: readonly string[]): LintProblem[] {
  const out: LintProblem[] = filtersInputProblems(input).map((p) => ({
    path: p.path,
    message: `${p.didYouMean !== undefined ? `unknown field (did you mean "${p.didYouMean}"? names are case-sensitive); ` : ''}function-cel-filter fails the run with: ${p.message}`,
  }));
  const filters = objectsOf(asObject(input)?.filters);
  // Every verdict at once: one disk entry for the whole input.
  const expressions = filters.flatMap((f) => (typeof f.expression === 'string' && f.expression !== '' ? [f.expression] : []));
  const verdicts = new Map(filterExpressionVerdicts(expressions).map((v, k) => [expressions[k]!, v]));
  for (const [i, f] of filters.entries()) {
    const at = `filters[${i}]`;
    const name = typeof f.name === 'string' ? f.name : undefined;
    const expression = typeof f.expression === 'string' ? f.expression : undefined;
    if (!name) out.push({ path: `${at}.name`, message: 'is required: without it the filter is the regexp ^$ and matches no composed resource' });
    if (!expression) out.push({ path: `${at}.expression`, message: 'is required: an empty expression fails to parse on every run' });
    if (name) {
      // The function's own compile: a name without metacharacters is matched as itself, with no RE2
      // compile (RE2 compiles were ~7% of a synth, which lints every filter of the package).
      const re = filterNameRegexp(name);
      if (re instanceof Re2SyntaxError) {
        out.push({ path: `${at}.name`, message: `the function compiles ^${name}$ and fails every run: ${re.message}` });
      } else {
        if (hasTopLevelAlternation(name)) {
          out.push({ path: `${at}.name`, message: `becomes ^${name}$, which anchors only the first alternative at the start and the last at the end; write (${name})` });
        }
        if (composed && !composed.some((n) => re.test(n))) {
          out.push({ path: `${at}.name`, message: `matches no composed resource of this composition (composed: ${composed.join(', ') || 'none'}), so the filter never applies` });
        }
      }
    }
    if (expression) {
      const verdict = verdicts.get(expression)!;
      if (!verdict.ok) out.push({ path: `${at}.expression`, message: verdict.emulationGap ? verdict.error : `fails every run: ${verdict.error}` });
    }
  }
  return out;
}
