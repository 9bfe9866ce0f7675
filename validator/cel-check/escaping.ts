// Property-name escaping for CEL field names (k8s.io/apiserver pkg/cel/escaping.go): names that are
// CEL reserved words become __word__, and '__', '.', '-', '/' are spelled out.

/** celReservedSymbols of escaping.go ('namespace' among them, used heavily in Kubernetes). */
export const CEL_RESERVED_SYMBOLS: ReadonlySet<string> = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);

const VALID_CHAR = /^[a-zA-Z0-9_]$/;

/** Escape: the CEL identifier for a property name, undefined when the name cannot be one. */
export function escapePropertyName(ident: string): string | undefined {
  if (ident.length === 0 || (ident[0] >= '0' && ident[0] <= '9')) return undefined;
  if (CEL_RESERVED_SYMBOLS.has(ident)) return `__${ident}__`;
  let canSkipRegex = true;
  let previousUnderscore = false;
  for (const c of ident) {
    if (c === '/' || c === '-' || c === '.') {
      canSkipRegex = false;
      break;
    }
    if (!VALID_CHAR.test(c)) return undefined;
    if (c === '_' && previousUnderscore) {
      canSkipRegex = false;
      break;
    }
    previousUnderscore = c === '_';
  }
  if (canSkipRegex) return ident;
  let ok = true;
  const out = ident.replace(/(__|[-./]|[^a-zA-Z0-9\-./_])/gu, (s) => {
    switch (s) {
      case '__':
        return '__underscores__';
      case '.':
        return '__dot__';
      case '-':
        return '__dash__';
      case '/':
        return '__slash__';
      default:
        ok = false;
        return '';
    }
  });
  return ok ? out : undefined;
}
