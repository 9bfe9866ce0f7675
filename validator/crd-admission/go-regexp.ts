// Go's regexp (RE2) as the API server compiles `pattern`s, through re2js. Compiling is costly and
// the same patterns recur across CRDs (XR and claim share a schema), so results are kept.
import { RE2JS } from 're2js';

const compiled = new Map<string, RE2JS | { error: string }>();

/** The compiled pattern, or Go's parse error ("error parsing regexp: ..."). */
export function compileGoRegexp(pattern: string): RE2JS | { error: string } {
  let r = compiled.get(pattern);
  if (!r) {
    try {
      r = RE2JS.compile(pattern);
    } catch (e) {
      r = { error: (e as Error).message };
    }
    compiled.set(pattern, r);
  }
  return r;
}
