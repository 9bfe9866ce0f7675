// The policy type checker (k8s.io/apiserver pkg/admission/plugin/policy/validating typechecking.go):
// validations and message expressions compiled again with `object`/`oldObject` typed by the schema of
// each kind the policy matches (and `params` by its paramKind's), so a misspelt field becomes a warning
// in status.typeChecking. Warnings never change admission; the API server checks at most 10 kinds.
import type { GroupVersionKind, ValidatingAdmissionPolicy } from './api';
import { gvkString } from './api';
import { AdmissionCompiler, type VariableDeclarations } from './cel-compile';
import { type DeclType, maybeAssignTypeName, schemaDeclType } from '../cel-check/decl-type';
import type { JsonSchema } from '../cel-check/decl-type';

export const MAX_TYPES_TO_CHECK = 10;

/** What the checker can look up: kinds served for a resource, and the OpenAPI schema of a kind. */
export interface TypeResolver {
  kindsFor(group: string, version: string, resource: string): GroupVersionKind[];
  schemaFor(gvk: GroupVersionKind): JsonSchema | undefined;
}

export interface ExpressionWarning {
  /** "spec.validations[0].expression" */
  readonly fieldRef: string;
  readonly warning: string;
}

const sortGvks = (list: GroupVersionKind[]): GroupVersionKind[] =>
  list.sort((a, b) => (a.group !== b.group ? (a.group < b.group ? -1 : 1) : a.version !== b.version ? (a.version < b.version ? -1 : 1) : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));

/**
 * typesToCheck: kinds of the resource rules without wildcards (a rule with a wildcard group or version
 * is skipped, wildcard or subresource resources dropped), sorted, stopping at `limit` kinds.
 */
export function typesToCheck(p: ValidatingAdmissionPolicy, resolver: Pick<TypeResolver, 'kindsFor'>, limit = MAX_TYPES_TO_CHECK): GroupVersionKind[] {
  const found = new Map<string, GroupVersionKind>();
  const rules = p.spec?.matchConstraints?.resourceRules ?? [];
  for (const rule of rules) {
    // counted per rule: a rule resolving to `limit` kinds ends the search
    let count = 0;
    const groups = rule.apiGroups ?? [];
    if (groups.length === 0 || groups.some((g) => g.includes('*'))) continue;
    const versions = rule.apiVersions ?? [];
    if (versions.length === 0 || versions.some((v) => v.includes('*'))) continue;
    const resources = (rule.resources ?? []).filter((r) => !/[*/]/.test(r));
    if (resources.length === 0) continue;
    for (const group of [...groups].sort()) {
      for (const version of [...versions].sort()) {
        for (const resource of [...resources].sort()) {
          for (const gvk of resolver.kindsFor(group, version, resource)) {
            found.set(gvkString(gvk), gvk);
            count++;
            // upstream counts every resolved kind, duplicates included
            if (count === limit) return sortGvks([...found.values()]);
          }
        }
      }
    }
  }
  return sortGvks([...found.values()]);
}

/** A served kind with its structural schema (a schema bundle entry). */
export interface SchemaEntry {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly schema: JsonSchema;
}

/**
 * The resolver over a schema bundle. The API server publishes a custom resource's schema with the
 * full ObjectMeta as `metadata` (a CRD's own schema has only `type: object` there): `objectMeta` is
 * that schema, substituted into every kind.
 */
export function bundleTypeResolver(entries: readonly SchemaEntry[], objectMeta: JsonSchema): TypeResolver {
  return {
    kindsFor: (group, version, resource) => entries.filter((e) => e.group === group && e.version === version && e.plural === resource).map((e) => ({ group: e.group, version: e.version, kind: e.kind })),
    schemaFor: (gvk) => {
      const e = entries.find((x) => x.group === gvk.group && x.version === gvk.version && x.kind === gvk.kind);
      if (!e) return undefined;
      const props = (e.schema.properties ?? {}) as Record<string, JsonSchema>;
      return { ...e.schema, properties: { ...props, metadata: objectMeta } };
    },
  };
}

/** The DeclType of a kind's schema as the checker types `object`: a resource root with a unique name. */
export function objectDeclType(schema: JsonSchema, gvk: GroupVersionKind): DeclType | undefined {
  const t = schemaDeclType(schema, true);
  return t ? maybeAssignTypeName(t, `${gvk.kind}${gvk.group.replace(/[^A-Za-z0-9]/g, '')}${gvk.version}`) : undefined;
}

export interface TypeCheckOptions {
  readonly kubernetesVersion?: string;
  /** kinds checked; upstream stops at 10 (MAX_TYPES_TO_CHECK) */
  readonly limit?: number;
}

/** TypeChecker.Check: one warning per expression with issues, one line per kind. */
export function typeCheckPolicy(policy: ValidatingAdmissionPolicy, resolver: TypeResolver, opts: TypeCheckOptions = {}): ExpressionWarning[] {
  const gvks = typesToCheck(policy, resolver, opts.limit ?? MAX_TYPES_TO_CHECK).flatMap((gvk) => {
    const schema = resolver.schemaFor(gvk);
    const t = schema ? objectDeclType(schema, gvk) : undefined;
    return t ? [{ gvk, type: t }] : [];
  });
  const pk = policy.spec.paramKind;
  let params: DeclType | undefined;
  if (pk?.apiVersion && pk.kind) {
    const i = pk.apiVersion.indexOf('/');
    const gvk = { group: i < 0 ? '' : pk.apiVersion.slice(0, i), version: i < 0 ? pk.apiVersion : pk.apiVersion.slice(i + 1), kind: pk.kind };
    const schema = resolver.schemaFor(gvk);
    params = schema ? objectDeclType(schema, gvk) : undefined;
  }
  const decls: VariableDeclarations = { hasParams: params !== undefined, hasAuthorizer: true };
  const check = (expression: string): string[] =>
    gvks.flatMap(({ gvk, type }) => {
      const compiler = new AdmissionCompiler(opts.kubernetesVersion, { object: type, ...(params ? { params } : {}) });
      for (const v of policy.spec.variables ?? []) compiler.compileVariable(v.name, v.expression, decls);
      const r = compiler.compile(expression, decls, ['any']);
      // the type checker reports the compiler's issues without the "compilation failed" prefix
      return r.error ? [`${gvkString(gvk)}: ${r.error.detail.replace(/^compilation failed: /, '')}\n`] : [];
    });
  const warnings: ExpressionWarning[] = [];
  (policy.spec.validations ?? []).forEach((v, i) => {
    const issues = check(v.expression);
    if (issues.length > 0) warnings.push({ fieldRef: `spec.validations[${i}].expression`, warning: issues.join('\n') });
    if (v.messageExpression) {
      const m = check(v.messageExpression);
      if (m.length > 0) warnings.push({ fieldRef: `spec.validations[${i}].messageExpression`, warning: m.join('\n') });
    }
  });
  return warnings;
}
