// Compiled validators, one per distinct schema per process, keyed by the schema's content: XR and
// claim schemas are regenerated from the XRD on every addXrd, so object identity alone would
// compile them again. Compiling is the CEL plan plus Ajv's check of the schema.
//
// Objects are validated by walking the schema (schema-walker.ts, Ajv's semantics, tested against
// Ajv's generated code). Ajv only decides whether a schema compiles (strict mode: a keyword it
// would ignore, a `required` field not declared, a default it would not apply are errors), and that
// verdict is kept on disk, keyed by the JSON schema and by Ajv's version and options: a one-shot CLI
// render used to load ~25 MB of generated validator code every run, and so did every jest worker.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type Ajv2020 from 'ajv/dist/2020';
import equal from 'ajv/dist/runtime/equal';
import { compileCelPlan, type CelPlan } from './cel';
import { addKubernetesFormats, kubernetesFormatDefinitions } from './formats';
import { k8sToJsonSchema, type Schema } from './k8s-to-json-schema';
import { re2RegExpEngine } from './re2';
import { SchemaWalker, supports, type WalkerValidate } from './schema-walker';
import { formatInvalidPattern, invalidPatterns } from './schema-patterns';
import { cachedJson } from './disk-cache';

export interface CompiledSchema {
  /** Structural validation (defaults applied into the data); absent when the schema does not compile. */
  readonly validate?: WalkerValidate;
  readonly compileError?: string;
  /** x-kubernetes-validations and list-map keys; absent when the schema has none. */
  readonly cel?: CelPlan;
}

/**
 * The one Ajv configuration for CRD schemas: strict (a schema keyword Ajv would ignore is an
 * error), all errors, defaults, Kubernetes formats, and Go's regexp for every `pattern`. Ajv's
 * codegen optimize pass is off: it only renames and drops unused variables in the generated code,
 * yet costs about half of compiling the large provider CRDs (103 bundle schemas: 6.0-7.3 s CPU
 * with it, 2.9-3.3 s without; the generated code is 11% larger). `strict` false only for tests
 * that use Ajv as the walker's oracle on schemas strict mode refuses (JSON-Schema-Test-Suite's).
 */
export function newSchemaAjv(strict = true): Ajv2020 {
  // Required here, not imported: a process whose verdicts are all on disk never loads Ajv (83 modules).
  const { default: Ajv } = require('ajv/dist/2020') as typeof import('ajv/dist/2020');
  const ajv = new Ajv({
    strict,
    allErrors: true,
    useDefaults: true,
    allowUnionTypes: true,
    verbose: true,
    code: { regExp: re2RegExpEngine, optimize: false },
  });
  addKubernetesFormats(ajv);
  return ajv;
}

let ajv: Ajv2020 | undefined;
let walker: SchemaWalker | undefined;
const byContent = new Map<string, CompiledSchema>();
const byIdentity = new WeakMap<Schema, CompiledSchema>();
const counts = { schemas: 0, hits: 0, loaded: 0 };

export function compiledSchema(schema: Schema): CompiledSchema {
  let hit = byIdentity.get(schema);
  if (hit) {
    counts.hits++;
    return hit;
  }
  const key = createHash('sha256').update(JSON.stringify(schema)).digest('base64');
  hit = byContent.get(key);
  if (hit) counts.hits++;
  else {
    hit = compile(schema);
    byContent.set(key, hit);
  }
  byIdentity.set(schema, hit);
  return hit;
}

function compile(schema: Schema): CompiledSchema {
  counts.schemas++;
  const cel = compileCelPlan(schema);
  const bad = invalidPatterns(schema);
  if (bad.length > 0) return { cel, compileError: bad.map(formatInvalidPattern).join('; ') };
  const jsonSchema = k8sToJsonSchema(schema);
  // The walker implements every keyword k8sToJsonSchema emits (a keyword it skipped would go unchecked).
  if (!supports(jsonSchema)) throw new Error('internal error: k8sToJsonSchema emitted a keyword the schema walker does not implement');
  const error = ajvVerdict(jsonSchema);
  if (error !== undefined) return { cel, compileError: error };
  walker ??= newSchemaWalker();
  return { cel, validate: walker.validator(jsonSchema) };
}

/** The walker with what newSchemaAjv() gives Ajv: the Kubernetes formats, Go's regexp, Ajv's deep equality. */
export function newSchemaWalker(): SchemaWalker {
  return new SchemaWalker({ formats: kubernetesFormatDefinitions(), regExp: re2RegExpEngine, equal: equal as unknown as (a: unknown, b: unknown) => boolean });
}

function ajvCompile(jsonSchema: object): void {
  ajv ??= newSchemaAjv();
  try {
    ajv.compile(jsonSchema);
  } finally {
    // The instance need not keep the schema (its verdict is cached, by content).
    ajv.removeSchema(jsonSchema);
  }
}

// Everything Ajv's verdict depends on besides the schema: Ajv's version and this file (its
// options) and the format names.
let generator: string | undefined;
function generatorId(): string {
  generator ??= createHash('sha256')
    .update(`ajv@${(require('ajv/package.json') as { version: string }).version}\0`)
    .update(fs.readFileSync(__filename))
    .update(Object.keys(kubernetesFormatDefinitions()).join(','))
    .digest('hex');
  return generator;
}

/** Ajv's compile error for a JSON schema, or undefined when it compiles: from the disk when decided before. */
function ajvVerdict(jsonSchema: object): string | undefined {
  let decided = false;
  const verdict = cachedJson<{ error?: string }>('ajv-verdict', [generatorId(), JSON.stringify(jsonSchema)], () => {
    decided = true;
    try {
      ajvCompile(jsonSchema);
      return {};
    } catch (e) {
      return { error: (e as Error).message };
    }
  });
  if (!decided) counts.loaded++;
  return verdict.error;
}

/**
 * How many distinct schemas this process compiled, how many lookups the cache answered, and how
 * many of the compiled schemas had Ajv's verdict read from the disk.
 */
export function compileCounts(): { readonly schemas: number; readonly hits: number; readonly loaded: number } {
  return { ...counts };
}
