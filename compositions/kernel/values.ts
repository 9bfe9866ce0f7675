// Values known only once a composite resource exists (account id, region, suffix, other domains'
// outputs) are written into bases as `${xr:<fieldPath>}` tokens; `tokenPatches` turns each tokenized
// field into a patch so charts can write policies and names as plain strings.
import { compositeToken, isWholeToken, tokensIn } from '../policy/iam/tokens';
import { combineFromComposite, fromComposite, type Patch } from './patches';

/** Token for `spec.parameters.<name>` of the composite resource. */
export function param(name: string): string {
  return compositeToken(`spec.parameters.${name}`);
}

/** Tokens for the parameters every domain receives. */
export const Params = {
  accountId: param('accountId'),
  region: param('region'),
  environmentSuffix: param('environmentSuffix'),
} as const;

/** `<prefix>-<environmentSuffix>`: every AWS name carries the suffix. */
export function suffixed(prefix: string): string {
  return `${prefix}-${Params.environmentSuffix}`;
}

const TOKEN_ONLY = /^\$\{xr:[^}]+\}$/;

/**
 * Converts one tokenized string at `toFieldPath` into its patch: a whole-string token keeps the
 * source type (FromCompositeFieldPath); text around tokens becomes a Go-format Combine whose literal
 * `%` are escaped. Every such patch is Required, so a resource never exists with a placeholder value.
 */
export function tokenPatch(toFieldPath: string, template: string): Patch {
  if (isWholeToken(template)) return fromComposite(tokensIn(template)[0]!, toFieldPath, { required: true });
  const variables: string[] = [];
  const fmt = template
    .split(/(\$\{xr:[^}]+\})/)
    .map((part) => {
      if (TOKEN_ONLY.test(part)) {
        variables.push(tokensIn(part)[0]!);
        return '%v';
      }
      return part.replace(/%/g, '%%');
    })
    .join('');
  return combineFromComposite(variables, fmt, toFieldPath, { required: true });
}

/**
 * Finds every tokenized string in `base`, removes it from the base and returns the patches that
 * write it. Field paths use crossplane-runtime syntax (`a.b[0]`, `metadata.annotations[x/y]`).
 */
export function extractTokenPatches(base: Record<string, unknown>): { base: Record<string, unknown>; patches: Patch[] } {
  const patches: Patch[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      if (tokensIn(value).length === 0) return value;
      patches.push(tokenPatch(path, value));
      return undefined;
    }
    if (Array.isArray(value)) {
      const hasTokens = value.some((v) => typeof v === 'string' && tokensIn(v).length > 0);
      if (hasTokens) throw new Error(`${path}: tokens inside arrays are not supported; build the array with a patch instead`);
      return value.map((v, i) => walk(v, `${path}[${i}]`));
    }
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      const out: Record<string, unknown> = {};
      for (const [key, v] of entries) {
        const w = walk(v, joinPath(path, key));
        if (w !== undefined) out[key] = w;
      }
      // A map emptied by moving its tokens into patches is dropped too (e.g. annotations).
      return entries.length > 0 && Object.keys(out).length === 0 ? undefined : out;
    }
    return value;
  };
  return { base: walk(base, '') as Record<string, unknown>, patches };
}

function joinPath(parent: string, key: string): string {
  const segment = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `[${key}]`;
  if (!parent) return segment;
  return segment.startsWith('[') ? `${parent}${segment}` : `${parent}.${segment}`;
}
