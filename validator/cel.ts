// Evaluates `x-kubernetes-validations` the way the API server does on create: walk the schema and
// the (already defaulted) object together, bind `self` to every node carrying rules, with values
// typed by the schema (integers as BigInt, date-time as timestamp, ...). Transition rules (that
// reference `oldSelf`) do not run on create unless `optionalOldSelf` is set.
import { Optional, type ParseResult } from '@marcbachmann/cel-js';
import { kubernetesCelEnvironment } from './cel-library';
import { regexLiteralError } from './cel-regex';
import type { Schema } from './k8s-to-json-schema';
import { childPath } from './paths';

export interface CelViolation {
  path: string;
  message: string;
  /** "cel: <rule text>" or the structural check that failed. */
  rule: string;
  /** The rule could not be evaluated (vs. evaluated to false). */
  evaluationError?: boolean;
}

interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
  reason?: string;
  optionalOldSelf?: boolean;
}

interface ParsedRule {
  program?: ParseResult;
  compileError?: string;
  messageProgram?: ParseResult;
}

/**
 * A rule of the plan, parsed on first use: a provider CRD carries rules under many fields a
 * rendered object never sets, and parsing every rule of every kind a render validates was ~4% of a
 * one-shot render. What the parse says (program, error) is the same whenever it happens.
 */
class CompiledRule {
  /** Transition rule that cannot run on create: skipped. */
  readonly skip: boolean;
  private parsed?: ParsedRule;
  constructor(readonly source: ValidationRule) {
    this.skip = OLD_SELF.test(source.rule) && source.optionalOldSelf !== true;
  }
  get program(): ParseResult | undefined {
    return this.parse().program;
  }
  get compileError(): string | undefined {
    return this.parse().compileError;
  }
  get messageProgram(): ParseResult | undefined {
    return this.parse().messageProgram;
  }
  private parse(): ParsedRule {
    return (this.parsed ??= this.skip ? {} : parseRule(this.source));
  }
}

/** The parts of a schema that need visiting: nodes with rules or list-map keys, and their ancestors. */
export interface CelPlan {
  schema: Schema;
  rules: CompiledRule[];
  listMapKeys?: string[];
  properties?: Map<string, CelPlan>;
  items?: CelPlan;
  additionalProperties?: CelPlan;
}

const OLD_SELF = /\boldSelf\b/;

/** Builds the plan once per schema; undefined when the schema has nothing CEL-related. */
export function compileCelPlan(schema: Schema): CelPlan | undefined {
  const plan: CelPlan = { schema, rules: [] };
  let needed = false;
  const rules = schema['x-kubernetes-validations'];
  if (Array.isArray(rules) && rules.length > 0) {
    plan.rules = (rules as ValidationRule[]).map((r) => new CompiledRule(r));
    needed = true;
  }
  if (schema['x-kubernetes-list-type'] === 'map' && Array.isArray(schema['x-kubernetes-list-map-keys'])) {
    plan.listMapKeys = schema['x-kubernetes-list-map-keys'] as string[];
    needed = true;
  }
  const props = schema.properties as Record<string, Schema> | undefined;
  if (props) {
    for (const [name, sub] of Object.entries(props)) {
      const child = compileCelPlan(sub);
      if (child) (plan.properties ??= new Map()).set(name, child);
    }
    needed ||= plan.properties !== undefined;
  }
  if (isSchema(schema.items)) {
    plan.items = compileCelPlan(schema.items);
    needed ||= plan.items !== undefined;
  }
  if (isSchema(schema.additionalProperties)) {
    plan.additionalProperties = compileCelPlan(schema.additionalProperties);
    needed ||= plan.additionalProperties !== undefined;
  }
  return needed ? plan : undefined;
}

function parseRule(source: ValidationRule): ParsedRule {
  const env = kubernetesCelEnvironment();
  const compiled: ParsedRule = {};
  try {
    const program = env.parse(source.rule);
    // A constant pattern Go refuses makes the API server refuse the CRD, not fail at run time.
    const regexError = regexLiteralError(program.ast, source.rule);
    if (regexError) compiled.compileError = regexError;
    else compiled.program = program;
  } catch (e) {
    compiled.compileError = firstLine(e);
  }
  if (source.messageExpression) {
    try {
      compiled.messageProgram = env.parse(source.messageExpression);
    } catch {
      // The API server rejects such a CRD; here the static message is used instead.
    }
  }
  return compiled;
}

/** Runs every applicable rule against `value` (the object after defaulting). */
export function evaluateCel(plan: CelPlan, value: unknown, basePath = ''): CelViolation[] {
  const out: CelViolation[] = [];
  walk(plan, value, basePath, out, new WeakMap());
  return out;
}

function walk(plan: CelPlan, value: unknown, path: string, out: CelViolation[], cache: WeakMap<object, unknown>): void {
  if (value === undefined || value === null) return;
  if (plan.rules.length > 0) {
    const self = toCel(value, plan.schema, cache);
    for (const rule of plan.rules) if (!rule.skip) runRule(rule, self, path, out);
  }
  if (plan.listMapKeys && Array.isArray(value)) checkListMapKeys(plan.listMapKeys, value, path, out);
  if (plan.properties && isPlainObject(value)) {
    for (const [name, child] of plan.properties) {
      if (value[name] !== undefined) walk(child, value[name], childPath(path, name), out, cache);
    }
  }
  if (plan.items && Array.isArray(value)) {
    value.forEach((item, i) => walk(plan.items!, item, childPath(path, i), out, cache));
  }
  if (plan.additionalProperties && isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) walk(plan.additionalProperties, item, childPath(path, key), out, cache);
  }
}

function runRule(rule: CompiledRule, self: unknown, path: string, out: CelViolation[]): void {
  const src = rule.source;
  const ruleName = `cel: ${src.rule}`;
  const at = src.fieldPath ? joinFieldPath(path, src.fieldPath) : path;
  if (!rule.program) {
    out.push({ path, message: `rule does not compile: ${rule.compileError}`, rule: ruleName, evaluationError: true });
    return;
  }
  const vars = { self, oldSelf: Optional.none() };
  let result: unknown;
  try {
    result = rule.program(vars);
  } catch (e) {
    out.push({ path: at, message: `rule could not be evaluated: ${firstLine(e)}`, rule: ruleName, evaluationError: true });
    return;
  }
  if (result === true) return;
  if (result !== false) {
    out.push({ path: at, message: `rule must evaluate to a bool, got ${typeof result}`, rule: ruleName, evaluationError: true });
    return;
  }
  let message = src.message?.trim() || `failed rule: ${src.rule}`;
  if (rule.messageProgram) {
    try {
      const m = rule.messageProgram(vars);
      // The API server ignores empty or multi-line messageExpression results.
      if (typeof m === 'string' && m.trim() !== '' && !m.includes('\n')) message = m;
    } catch {
      // falls back to `message`, as the API server does
    }
  }
  if (src.reason && src.reason !== 'FieldValueInvalid') message += ` (${src.reason})`;
  out.push({ path: at, message, rule: ruleName });
}

// fieldPath is relative to the node: ".spec.replicas", ".labels['key']" or "[0]".
function joinFieldPath(base: string, fieldPath: string): string {
  const fp = fieldPath.trim();
  if (fp.startsWith('.') || fp.startsWith('[')) return base + fp;
  return `${base}.${fp}`;
}

function checkListMapKeys(keys: string[], list: unknown[], path: string, out: CelViolation[]): void {
  const seen = new Set<string>();
  list.forEach((item, i) => {
    if (!isPlainObject(item)) return;
    const id = JSON.stringify(keys.map((k) => item[k] ?? null));
    if (seen.has(id)) {
      const desc = keys.map((k) => `${k}=${JSON.stringify(item[k] ?? null)}`).join(', ');
      out.push({ path: childPath(path, i), message: `duplicate entry with ${desc} (list-map keys must be unique)`, rule: 'x-kubernetes-list-map-keys' });
    }
    seen.add(id);
  });
}

// ---- JSON -> CEL values, typed by the schema ------------------------------------------------

const CEL_RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);
const ESCAPABLE = /^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/;

/**
 * Kubernetes' escaping of object property names for CEL (`__dash__`, `__dot__`, `__namespace__`…).
 * Undefined: the property is not accessible from CEL.
 */
export function escapeCelProperty(name: string): string | undefined {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  if (!ESCAPABLE.test(name)) return undefined;
  return name.replace(/__|[.\-/]/g, (m) => (m === '__' ? '__underscores__' : m === '.' ? '__dot__' : m === '-' ? '__dash__' : '__slash__'));
}

let durationProgram: ParseResult | undefined;

function toCel(value: unknown, schema: Schema | undefined, cache: WeakMap<object, unknown>): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    const integral = schema?.type === 'integer' || schema?.['x-kubernetes-int-or-string'] === true || (schema?.type === undefined && Number.isInteger(value));
    return integral && Number.isInteger(value) ? BigInt(value) : value;
  }
  if (typeof value === 'string') return typedString(value, schema?.format);
  if (typeof value !== 'object') return value;
  const hit = cache.get(value);
  if (hit !== undefined) return hit;
  let converted: unknown;
  if (Array.isArray(value)) {
    const items = isSchema(schema?.items) ? schema.items : undefined;
    // Array.from, not value.map: map() keeps the array's own realm (jest hands tests structuredClone'd
    // arrays from another realm), and cel-js recognises lists of this realm only.
    converted = Array.from(value, (v) => toCel(v, items, cache));
  } else {
    converted = objectToCel(value as Record<string, unknown>, schema, cache);
  }
  cache.set(value, converted);
  return converted;
}

function objectToCel(obj: Record<string, unknown>, schema: Schema | undefined, cache: WeakMap<object, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const props = schema?.properties as Record<string, Schema> | undefined;
  const additional = isSchema(schema?.additionalProperties) ? schema.additionalProperties : undefined;
  if (additional && !props) {
    // A map: keys are data, not field names, so they are not escaped.
    for (const [k, v] of Object.entries(obj)) out[k] = toCel(v, additional, cache);
    return out;
  }
  const preserve = schema === undefined || schema['x-kubernetes-preserve-unknown-fields'] === true || schema['x-kubernetes-embedded-resource'] === true;
  for (const [k, v] of Object.entries(obj)) {
    const sub = props?.[k];
    if (!sub && !preserve) continue; // pruned by the API server
    const name = escapeCelProperty(k);
    if (name !== undefined) out[name] = toCel(v, sub, cache);
  }
  return out;
}

function typedString(s: string, format: unknown): unknown {
  switch (format) {
    case 'date-time':
    case 'datetime':
    case 'date': {
      const d = new Date(s);
      return Number.isNaN(d.getTime()) ? s : d;
    }
    case 'duration':
      try {
        durationProgram ??= kubernetesCelEnvironment().parse('duration(self)');
        return durationProgram({ self: s });
      } catch {
        return s;
      }
    case 'byte':
      return /^[A-Za-z0-9+/]*={0,2}$/.test(s) ? new Uint8Array(Buffer.from(s, 'base64')) : s;
    default:
      return s;
  }
}

function isSchema(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0];
}
