// Conditions on a composite's parameters, for composed resources that exist only while one holds
// (function-cel-filter, see cel-filter.ts). A condition is built from the ParameterRefs a chart got
// when it declared its parameters, and every path it reads is guarded by presence tests: function-
// cel-filter makes every evaluation error fatal, and a missing key is one.
import { filterExpressionVerdict } from '../../renderer/functions';
import type { Composable } from './composed-resource';
import type { ParameterRef, ParameterSegment } from './parameter-ref';

/** Where the filter reads the composite: the observed XR (the one P&T patches from). */
const COMPOSITE = 'observed.composite.resource';

// CEL's reserved words cannot follow a '.' (cel-go parser); such keys are indexed instead.
const CEL_RESERVED = new Set([
  'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop',
  'package', 'namespace', 'return', 'var', 'void', 'while', 'true', 'false', 'null',
]);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function selectable(field: string): boolean {
  return IDENTIFIER.test(field) && !CEL_RESERVED.has(field);
}

/** A CEL string literal (JSON's escapes are CEL's). */
function celString(s: string): string {
  return JSON.stringify(s);
}

function celAccess(parent: string, s: ParameterSegment): string {
  if ('index' in s) return `${parent}[${s.index}]`;
  return selectable(s.field) ? `${parent}.${s.field}` : `${parent}[${celString(s.field)}]`;
}

/** The CEL expression reading a path of the composite. */
export function celPath(segments: readonly ParameterSegment[]): string {
  return segments.reduce(celAccess, COMPOSITE);
}

/**
 * Tests that every level of the path exists, outermost first, so that reading it cannot fail: a
 * missing key is an evaluation error, and function-cel-filter makes every error fatal.
 */
export function presenceTests(segments: readonly ParameterSegment[]): string[] {
  const tests: string[] = [];
  let parent = COMPOSITE;
  for (const s of segments) {
    if ('index' in s) tests.push(`size(${parent}) > ${s.index}`);
    else tests.push(selectable(s.field) ? `has(${parent}.${s.field})` : `${celString(s.field)} in ${parent}`);
    parent = celAccess(parent, s);
  }
  return tests;
}

type Literal = string | number | boolean;

function celLiteral(v: Literal): string {
  if (typeof v === 'string') return celString(v);
  if (typeof v === 'boolean') return String(v);
  if (!Number.isFinite(v)) throw new Error(`condition value ${v} is not a finite number`);
  // A Struct number is a double; CEL equality compares int and double by value.
  return String(v);
}

function checkValue(ref: ParameterRef, v: Literal): void {
  const t = ref.schema.type;
  const want = t === 'integer' || t === 'number' ? 'number' : t;
  if (want !== undefined && typeof v !== want) throw new Error(`${ref.path} is ${t === 'integer' ? 'an integer' : `a ${t}`}: it is never ${JSON.stringify(v)}`);
  if (ref.schema.enum && !ref.schema.enum.includes(v)) {
    throw new Error(`${ref.path} is one of ${ref.schema.enum.map((e) => JSON.stringify(e)).join(', ')}: it is never ${JSON.stringify(v)}`);
  }
}

const and = (parts: readonly string[]): string => parts.join(' && ');

/**
 * A boolean CEL expression over the composite's parameters, for function-cel-filter. Built from
 * ParameterRefs only, and guarded so that it evaluates to false, never to an error, while a field
 * it reads is absent.
 */
export class Condition {
  private constructor(
    /** The expression function-cel-filter evaluates. */
    public readonly expression: string,
    /** The parameters it reads. */
    public readonly reads: readonly ParameterRef[],
    /** The sibling composed resources it waits to observe (checked at synth against the composition). */
    public readonly observes: readonly string[] = [],
  ) {}

  /** The parameter (or field, or list element) is set. */
  public static has(ref: ParameterRef): Condition {
    return new Condition(and(presenceTests(ref.segments)), [ref]);
  }

  /** A boolean parameter is set and true. */
  public static isTrue(ref: ParameterRef): Condition {
    checkValue(ref, true);
    return Condition.equals(ref, true);
  }

  /** The parameter is set and equals `value` (numbers compare by value, as Struct numbers are doubles). */
  public static equals(ref: ParameterRef, value: Literal): Condition {
    checkValue(ref, value);
    return new Condition(and([...presenceTests(ref.segments), `${celPath(ref.segments)} == ${celLiteral(value)}`]), [ref]);
  }

  /** The parameter is set and is one of `values`. */
  public static oneOf(ref: ParameterRef, values: readonly Literal[]): Condition {
    if (values.length === 0) throw new Error(`${ref.path}: oneOf needs at least one value`);
    values.forEach((v) => checkValue(ref, v));
    return new Condition(and([...presenceTests(ref.segments), `${celPath(ref.segments)} in [${values.map(celLiteral).join(', ')}]`]), [ref]);
  }

  /**
   * The sibling composed resource `resourceName` has been observed with `field` set (by default
   * `status.atProvider.id`, which the provider sets once the AWS resource exists): an ordering
   * between siblings that costs one reconcile, where a status gate (publish to the composite's
   * status, patch back from it) costs two. function-cel-filter sees the observed composed resources
   * of the request; every level is guarded, so a missing one makes the condition false, not fatal.
   */
  public static observed(resourceName: string, field: readonly string[] = ['status', 'atProvider', 'id']): Condition {
    if (!/^[A-Za-z0-9]+$/.test(resourceName)) throw new Error(`Condition.observed: '${resourceName}' is not a composition resource name`);
    if (field.length === 0) throw new Error(`Condition.observed('${resourceName}'): name the field that shows the resource exists`);
    const resource = `observed.resources[${celString(resourceName)}].resource`;
    const tests = [`${celString(resourceName)} in observed.resources`];
    let parent = resource;
    for (const f of field) {
      tests.push(selectable(f) ? `has(${parent}.${f})` : `${celString(f)} in ${parent}`);
      parent = selectable(f) ? `${parent}.${f}` : `${parent}[${celString(f)}]`;
    }
    return new Condition(and(tests), [], [resourceName]);
  }

  public static and(...conditions: Condition[]): Condition {
    if (conditions.length === 0) throw new Error('Condition.and needs at least one condition');
    if (conditions.length === 1) return conditions[0]!;
    return new Condition(conditions.map((c) => `(${c.expression})`).join(' && '), conditions.flatMap((c) => c.reads), conditions.flatMap((c) => c.observes));
  }

  public static or(...conditions: Condition[]): Condition {
    if (conditions.length === 0) throw new Error('Condition.or needs at least one condition');
    if (conditions.length === 1) return conditions[0]!;
    return new Condition(conditions.map((c) => `(${c.expression})`).join(' || '), conditions.flatMap((c) => c.reads), conditions.flatMap((c) => c.observes));
  }

  public static not(condition: Condition): Condition {
    return new Condition(`!(${condition.expression})`, condition.reads, condition.observes);
  }

  /**
   * Any CEL comparison, as a template whose placeholders are ParameterRefs (they become the CEL
   * path) or literals; true only while every referenced parameter is set:
   * cel`size(${cidrs}) > 2`. Compiled in the function's environment at synth.
   */
  public static cel(strings: TemplateStringsArray, ...values: readonly (ParameterRef | Literal)[]): Condition {
    const refs: ParameterRef[] = [];
    let body = strings[0]!;
    values.forEach((v, i) => {
      if (typeof v === 'object') {
        refs.push(v);
        body += celPath(v.segments);
      } else {
        body += celLiteral(v);
      }
      body += strings[i + 1]!;
    });
    if (refs.length === 0) throw new Error(`cel\`${body}\` reads no parameter: a condition must depend on the composite`);
    // The body must be a bool by itself: behind the guards' `&&` a dyn would type-check and then
    // fail at run time, and function-cel-filter makes that fatal.
    const verdict = filterExpressionVerdict(body);
    if (!verdict.ok) throw new Error(`cel\`${body}\`: ${verdict.error.split('\n')[0]}`);
    const guards = [...new Set(refs.flatMap((r) => presenceTests(r.segments)))];
    return new Condition(`${and(guards)} && (${body})`, refs);
  }
}

/** cel`...`: Condition.cel as a tag. */
export const cel = Condition.cel;

// ---------------------------------------------------------------------------------------------
// Which composed resources are conditional

const conditions = new WeakMap<Composable, Condition>();

/** Composes `resource` only while `condition` holds. Returns the resource, for `compose(when(r, c))`. */
export function when<T extends Composable>(resource: T, condition: Condition): T {
  if (conditions.has(resource)) throw new Error(`composed resource '${resource.name}' already has a condition; combine them with Condition.and`);
  conditions.set(resource, condition);
  return resource;
}

/** Adds `condition` to the resource's own (both must hold); for orderings on top of a feature's condition. */
export function alsoWhen<T extends Composable>(resource: T, condition: Condition): T {
  const own = conditions.get(resource);
  conditions.set(resource, own ? Condition.and(own, condition) : condition);
  return resource;
}

/** The condition given to this resource with `when`, if any. */
export function ownCondition(resource: object): Condition | undefined {
  return conditions.get(resource as Composable);
}
