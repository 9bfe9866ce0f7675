// Offline validation of Kubernetes objects against their CRD schemas: structural schema (Ajv's
// semantics, walked by schema-walker.ts, with defaults applied first as the API server does,
// unknown fields rejected like kubectl --validate=strict, patterns on Go's regexp) and
// x-kubernetes-validations CEL rules.
import { evaluateCel, type CelPlan } from './cel';
import { compiledSchema } from './compiled-schemas';
import type { Schema } from './k8s-to-json-schema';
import { ajvErrorsToProblems } from './messages';
import { displayPath } from './paths';
import { SchemaBundle, type Bundle, type BundleEntry } from './schema-bundle';
import { xrdSchemas } from './xrd-schemas';

export interface Problem {
  file?: string;
  /** "Kind/name" */
  object: string;
  /** ".spec.forProvider.region"; "." is the object itself */
  path: string;
  /** What is wrong (and what is allowed). */
  message: string;
  /** e.g. "required", "enum", "additionalProperties", "pattern", "type", "cel: <rule text>" */
  rule: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file ? `${p.file}: ` : ''}${p.object}: ${p.path}: ${p.message} [${p.rule}]`;
}

const XRD_GROUP = 'apiextensions.crossplane.io';

/**
 * Validates objects against the kinds of one schema bundle. Cheap to build: compiled schemas are
 * shared by every Validator in the process (compiled-schemas.ts).
 */
export class Validator {
  private readonly xrdChecks = new Map<string, [string, string, string][]>();

  constructor(private readonly bundle: SchemaBundle = new SchemaBundle()) {}

  /** Default bundle: imports/schemas.json in the project root. */
  static fromBundle(path?: string): Validator {
    return new Validator(SchemaBundle.load(path));
  }

  static fromBundleObject(bundle: Bundle): Validator {
    return new Validator(new SchemaBundle(bundle));
  }

  /** Makes the composite (XR) and claim kinds of a Crossplane XRD validatable. Throws if the XRD is unusable. */
  addXrd(xrd: object): void {
    for (const entry of xrdSchemas(xrd)) this.bundle.add(entry);
  }

  validate(obj: object, opts: { file?: string } = {}): Problem[] {
    const o = obj as Record<string, unknown>;
    const meta = (o?.metadata ?? {}) as Record<string, unknown>;
    const kind = typeof o?.kind === 'string' ? o.kind : undefined;
    const object = `${kind ?? '(no kind)'}/${String(meta.name ?? meta.generateName ?? '(no name)')}`;
    const problem = (path: string, message: string, rule: string): Problem => ({ ...(opts.file ? { file: opts.file } : {}), object, path: displayPath(path), message, rule });

    if (typeof o?.apiVersion !== 'string' || !kind) {
      return [problem('', 'must have string apiVersion and kind', 'required')];
    }
    const entry = this.bundle.lookup(o.apiVersion, kind);
    if (!entry) {
      const known = this.bundle.versionsOf(kind);
      const hint = known.length ? `known apiVersions for ${kind}: ${known.join(', ')}` : 'no schema for this kind in the bundle';
      return [problem('', `unknown kind ${o.apiVersion}/${kind} (${hint})`, 'unknown-kind')];
    }
    const compiled = compiledSchema(entry.schema);
    if (!compiled.validate) return [problem('', `schema of ${o.apiVersion}/${kind} does not compile: ${compiled.compileError}`, 'schema')];

    // Defaults are written into a copy, never into the caller's object.
    const data = cloneForValidation(obj, entry.schema);
    const problems: Problem[] = [];
    if (!compiled.validate(data)) {
      for (const p of ajvErrorsToProblems(compiled.validate.errors ?? [], data)) problems.push(problem(p.path, p.message, p.rule));
    }
    if (compiled.cel) {
      const structural = problems.map((p) => (p.path === '.' ? '' : p.path));
      for (const v of evaluateCel(compiled.cel, data)) {
        // A rule that cannot run on ill-typed data only repeats the schema problem found there.
        if (v.evaluationError && structural.some((s) => s.startsWith(v.path) || v.path.startsWith(s))) continue;
        problems.push(problem(v.path, v.message, v.rule));
      }
    }
    if (o.apiVersion.startsWith(`${XRD_GROUP}/`) && kind === 'CompositeResourceDefinition' && problems.length === 0) {
      for (const [path, message, rule] of this.checkXrd(obj)) problems.push(problem(path, message, rule));
    }
    return problems;
  }

  /** What Crossplane/the API server would refuse when turning the XRD into CRDs. */
  private checkXrd(xrd: object): [string, string, string][] {
    const key = JSON.stringify([(xrd as { apiVersion?: unknown }).apiVersion, (xrd as { spec?: unknown }).spec]);
    let result = this.xrdChecks.get(key);
    if (!result) {
      result = this.checkXrdUncached(xrd);
      this.xrdChecks.set(key, result);
    }
    return result;
  }

  private checkXrdUncached(xrd: object): [string, string, string][] {
    let entries: BundleEntry[];
    try {
      entries = xrdSchemas(xrd);
    } catch (e) {
      return [['.spec', (e as Error).message, 'xrd']];
    }
    const out: [string, string, string][] = [];
    const reported = new Set<string>(); // XR and claim share the XRD's rules: report each once
    for (const entry of entries) {
      const compiled = compiledSchema(entry.schema);
      if (compiled.compileError) out.push(['.spec.versions', `schema of ${entry.kind} ${entry.version} is invalid: ${compiled.compileError}`, 'xrd']);
      for (const [rule, error] of celCompileErrors(compiled.cel)) {
        if (reported.has(`${entry.version}\0${rule}`)) continue;
        reported.add(`${entry.version}\0${rule}`);
        out.push(['.spec.versions', `CEL rule of ${entry.kind} ${entry.version} does not compile: ${error}`, `cel: ${rule}`]);
      }
    }
    return out;
  }
}

function celCompileErrors(plan: CelPlan | undefined): [string, string][] {
  if (!plan) return [];
  const out: [string, string][] = [];
  for (const r of plan.rules) if (r.compileError) out.push([r.source.rule, r.compileError]);
  for (const child of [...(plan.properties?.values() ?? []), plan.items, plan.additionalProperties]) out.push(...celCompileErrors(child));
  return out;
}

/**
 * Deep copy of JSON data. Like the API server, drops `null` fields whose schema is not nullable
 * (they are pruned before defaulting) and fields that are undefined.
 */
function cloneForValidation(value: unknown, schema: Schema | undefined): unknown {
  if (Array.isArray(value)) {
    const items = schema?.items as Schema | undefined;
    return value.map((v) => cloneForValidation(v, items));
  }
  if (value === null || typeof value !== 'object') return value;
  const props = schema?.properties as Record<string, Schema> | undefined;
  const additional = typeof schema?.additionalProperties === 'object' ? (schema.additionalProperties as Schema) : undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const sub = props?.[k] ?? additional;
    if (v === null && sub && sub.nullable !== true) continue;
    out[k] = cloneForValidation(v, sub);
  }
  return out;
}
