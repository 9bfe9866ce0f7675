// The API server refuses a CRD whose structural schema has a `pattern` Go's regexp cannot compile
// (apiextensions-apiserver pkg/apiserver/schema/validation.go validateValueValidation:
// "must be a valid regular expression, but isn't: <Go error>"). This finds them, with the field
// path the API server reports (below the version's schema: openAPIV3Schema.properties[spec]...).
import type { Schema } from './k8s-to-json-schema';
import { re2SyntaxError } from './re2';

export interface InvalidPattern {
  path: string;
  pattern: string;
  error: string;
}

export function invalidPatterns(schema: Schema, path = 'openAPIV3Schema'): InvalidPattern[] {
  const out: InvalidPattern[] = [];
  visit(schema, path, out);
  return out;
}

/** field.Invalid's rendering: `<path>: Invalid value: "<value>": <detail>`. */
export function formatInvalidPattern(p: InvalidPattern): string {
  return `${p.path}.pattern: Invalid value: ${JSON.stringify(p.pattern)}: must be a valid regular expression, but isn't: ${p.error}`;
}

function visit(node: unknown, path: string, out: InvalidPattern[]): void {
  if (!isSchema(node)) return;
  if (typeof node.pattern === 'string' && node.pattern !== '') {
    const error = re2SyntaxError(node.pattern);
    if (error) out.push({ path, pattern: node.pattern, error });
  }
  if (isSchema(node.properties)) for (const [k, sub] of Object.entries(node.properties)) visit(sub, `${path}.properties[${k}]`, out);
  visit(node.items, `${path}.items`, out);
  visit(node.additionalProperties, `${path}.additionalProperties`, out);
  for (const junctor of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = node[junctor];
    if (Array.isArray(branches)) branches.forEach((b, i) => visit(b, `${path}.${junctor}[${i}]`, out));
  }
  visit(node.not, `${path}.not`, out);
}

function isSchema(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
