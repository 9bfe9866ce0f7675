// Shared helpers of the cel-check tests: type names of fixtures, and checking expressions in a
// given environment the way upstream unit tests do.
import {
  BoolType,
  BytesType,
  type CelType,
  DoubleType,
  DurationType,
  DynType,
  IntType,
  listType,
  mapType,
  objectType,
  StringType,
  TimestampType,
  UintType,
} from '../../../validator/cel-check/cel-types';
import { checkExpression, type CheckedExpression, type TypeProvider } from '../../../validator/cel-check/check';
import type { CelEnvironment } from '../../../validator/cel-check/environment';
import { parseCel } from '../../../validator/cel-check/parser';
import { formatIssues } from '../../../validator/cel-check/source';
import { validateAst } from '../../../validator/cel-check/validators';

const SCALARS: Record<string, CelType> = {
  bool: BoolType,
  bytes: BytesType,
  double: DoubleType,
  duration: DurationType,
  dyn: DynType,
  int: IntType,
  string: StringType,
  timestamp: TimestampType,
  uint: UintType,
};

/** "list(int)", "map(string, list(T))", a scalar name, or an object type name. */
export function parseTypeName(s: string): CelType {
  const t = s.trim();
  const m = /^(list|map)\((.*)\)$/.exec(t);
  if (m) {
    const inner = m[2];
    if (m[1] === 'list') return listType(parseTypeName(inner));
    let depth = 0;
    for (let i = 0; i < inner.length; i++) {
      if (inner[i] === '(') depth++;
      else if (inner[i] === ')') depth--;
      else if (inner[i] === ',' && depth === 0) return mapType(parseTypeName(inner.slice(0, i)), parseTypeName(inner.slice(i + 1)));
    }
    throw new Error(`bad map type ${s}`);
  }
  return SCALARS[t] ?? objectType(t);
}

/** A provider of object types with fixed fields (a proto message in upstream tests). */
export function objectTypeProvider(types: Record<string, Record<string, string>>): TypeProvider {
  return {
    findStructTypeIdent: (name) => (types[name] ? { kind: 'type', name: 'type', params: [objectType(name)] } : undefined),
    findStructFieldType: (typeName, field) => {
      const f = types[typeName]?.[field];
      return f === undefined ? undefined : parseTypeName(f);
    },
  };
}

/** Parse, check and validate; throws with cel-go's rendering on any issue. */
export function checkOrThrow(expr: string, env: CelEnvironment, variables: ReadonlyMap<string, CelType>, provider?: TypeProvider): CheckedExpression {
  const parsed = parseCel(expr, { macros: env.macros, enableOptionalSyntax: env.enableOptionalSyntax, hiddenAccumulator: env.hiddenAccumulator });
  if (parsed.issues.length > 0) throw new Error(formatIssues(parsed.source, parsed.issues));
  const checked = checkExpression(parsed, { env, variables, provider });
  if (checked.issues.length > 0) throw new Error(formatIssues(parsed.source, checked.issues));
  const v = validateAst(checked, env);
  if (v.length > 0) throw new Error(formatIssues(parsed.source, v));
  return checked;
}
