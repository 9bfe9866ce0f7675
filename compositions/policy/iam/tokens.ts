// Composition tokens: `${xr:<fieldPath>}` placeholders for values known only when the
// composite resource exists (account id, region, names). The composition layer turns a
// string containing tokens into a CombineFromComposite patch; the policy model must carry
// them through untouched and treat them as opaque wherever it checks syntax.
//
// The `xr:` prefix keeps them apart from IAM policy variables such as `${aws:username}`,
// which are evaluated by AWS and must also pass through verbatim.

const TOKEN_PATTERN = /\$\{xr:([^}\s]+)\}/g;
const FIELD_PATH_PATTERN = /^[^}\s]+$/;

/** Builds the token that stands for `fieldPath` of the composite resource. */
export function compositeToken(fieldPath: string): string {
  if (!FIELD_PATH_PATTERN.test(fieldPath)) {
    throw new Error(`composite token: field path '${fieldPath}' must be non-empty and contain no whitespace or '}'`);
  }
  return `\${xr:${fieldPath}}`;
}

/** Field paths of the tokens in `s`, in order of appearance (duplicates kept). */
export function tokensIn(s: string): string[] {
  return [...s.matchAll(TOKEN_PATTERN)].map((m) => m[1]!);
}

/** True when `s` contains at least one token. */
export function hasToken(s: string): boolean {
  return tokensIn(s).length > 0;
}

/** True when `s` is exactly one token and nothing else. */
export function isWholeToken(s: string): boolean {
  const tokens = [...s.matchAll(TOKEN_PATTERN)];
  return tokens.length === 1 && tokens[0]![0] === s;
}

/**
 * Replaces every token by `placeholder`, so syntax checks can run on the literal parts.
 * Tokens contain ':' themselves, so ARN and action checks must mask before splitting.
 */
export function maskTokens(s: string, placeholder: string): string {
  return s.replace(TOKEN_PATTERN, placeholder);
}
