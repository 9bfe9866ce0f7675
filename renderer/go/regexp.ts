// Go regexp: Go's syntax, semantics and error text, in linear time (validator/re2, RE2 via re2js).

import { compileRe2, type Re2Regexp } from '../../validator/re2';

/** regexp.Compile; throws Go's error ("error parsing regexp: missing closing ]: `[a-z`"). */
export function compileGoRegexp(pattern: string): Re2Regexp {
  return compileRe2(pattern);
}

/** FindStringSubmatch: non-participating groups are "" as in Go. */
export function findStringSubmatch(re: Re2Regexp, s: string): string[] | undefined {
  const m = re.exec(s);
  return m ? Array.from(m, (g) => g ?? '') : undefined;
}
