// Compiled validators, one per distinct schema per process. Compiling a CRD schema (Ajv codegen
// plus the CEL plan) costs 10-100 ms; validating an object with it well under 1 ms. Every
// Validator (and so every render and package validation) shares this cache, keyed by the schema's
// content: XR/claim schemas are regenerated from the XRD on every addXrd, so object identity alone
// would compile them again.
//
// Across processes, the generated code of each compiled schema is kept on disk (Ajv standalone
// code, keyed by the JSON schema Ajv compiles and the code generator): a one-shot CLI render spent
// half its time compiling the same provider CRDs every run, and so did every jest worker.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020, { _, type ValidateFunction } from 'ajv/dist/2020';
import standaloneCode from 'ajv/dist/standalone';
import { compileCelPlan, type CelPlan } from './cel';
import { addKubernetesFormats, kubernetesFormatDefinitions } from './formats';
import { k8sToJsonSchema, type Schema } from './k8s-to-json-schema';
import * as re2 from './re2';
import { formatInvalidPattern, invalidPatterns } from './schema-patterns';
import { cacheDir } from './yaml-cache';

const { re2RegExpEngine } = re2;
/** What standalone code requires for the format checkers (see instantiate). */
const FORMATS_MODULE = 'zta:kubernetes-formats';
const RE2_MODULE = './validator/re2'; // re2RegExpEngine.code

export interface CompiledSchema {
  /** Structural validation (defaults applied into the data); absent when the schema does not compile. */
  readonly validate?: ValidateFunction;
  readonly compileError?: string;
  /** x-kubernetes-validations and list-map keys; absent when the schema has none. */
  readonly cel?: CelPlan;
}

/**
 * The one Ajv configuration for CRD schemas: strict (a schema keyword Ajv would ignore is an
 * error), all errors, defaults, Kubernetes formats, and Go's regexp for every `pattern`. Ajv's
 * codegen optimize pass is off: it only renames and drops unused variables in the generated code,
 * yet costs about half of compiling the large provider CRDs (103 bundle schemas: 6.0-7.3 s CPU
 * with it, 2.9-3.3 s without; the generated code is 11% larger).
 */
export function newSchemaAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    useDefaults: true,
    allowUnionTypes: true,
    verbose: true,
    code: { regExp: re2RegExpEngine, optimize: false, source: true, formats: _`require(${FORMATS_MODULE})` },
  });
  addKubernetesFormats(ajv);
  return ajv;
}

let ajv: Ajv2020 | undefined;
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
  try {
    return { cel, validate: compileJsonSchema(k8sToJsonSchema(schema)) };
  } catch (e) {
    return { cel, compileError: (e as Error).message };
  }
}

// Everything the generated code depends on besides the schema: Ajv's version and this file (its
// options). The format checkers and the regexp engine are called, not inlined.
let generator: string | undefined;
function generatorId(): string {
  generator ??= createHash('sha256')
    .update(`ajv@${(require('ajv/package.json') as { version: string }).version}\0`)
    .update(fs.readFileSync(__filename))
    .update(Object.keys(kubernetesFormatDefinitions()).join(','))
    .digest('hex');
  return generator;
}

/** Ajv's validator for a JSON schema: from the disk cache when this generator compiled it before. */
function compileJsonSchema(jsonSchema: object): ValidateFunction {
  const dir = cacheDir();
  const file = dir && path.join(dir, `ajv-${createHash('sha256').update(generatorId()).update('\0').update(JSON.stringify(jsonSchema)).digest('hex').slice(0, 32)}.js`);
  if (file) {
    let code: string | undefined;
    try {
      code = fs.readFileSync(file, 'utf8');
    } catch {
      // not compiled yet
    }
    if (code !== undefined) {
      counts.loaded++;
      return instantiate(code);
    }
  }
  ajv ??= newSchemaAjv();
  const validate = ajv.compile(jsonSchema);
  if (file) {
    try {
      const code = standaloneCode(ajv, validate);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}`;
      fs.writeFileSync(tmp, code);
      fs.renameSync(tmp, file);
    } catch {
      // A read-only or full disk only costs the next process the compile.
    }
  }
  // The instance need not keep the schema (the validator is cached above, by content).
  ajv.removeSchema(jsonSchema);
  return validate;
}

/** Runs standalone validator code (CommonJS) with the modules it requires from this process. */
function instantiate(code: string): ValidateFunction {
  const load = (id: string): unknown => {
    if (id === FORMATS_MODULE) return kubernetesFormatDefinitions();
    if (id === RE2_MODULE) return re2;
    if (id.startsWith('ajv/dist/runtime/')) return require(id) as unknown;
    throw new Error(`standalone validator code requires unknown module ${id}`);
  };
  const module = { exports: {} as unknown };
  // Ajv itself turns generated code into a function this way (new Function); only the source differs.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'module', 'exports', code)(load, module, module.exports);
  return module.exports as ValidateFunction;
}

/**
 * How many distinct schemas this process compiled, how many lookups the cache answered, and how
 * many of the compiled schemas came from the disk cache as generated code.
 */
export function compileCounts(): { readonly schemas: number; readonly hits: number; readonly loaded: number } {
  return { ...counts };
}
