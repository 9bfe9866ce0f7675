// Lint of pt.fn.crossplane.io/v1beta1 Resources input for mistakes the API server never sees:
// the input is stored raw in the Composition (preserve-unknown-fields), so CRD defaults are never
// applied, unknown or mis-cased keys are kept until the function's decoder rejects them at
// runtime, and some code paths disagree with the CRD or with how Crossplane uses the output.

import type { JsonObject } from '../types';
import { asObject, objectsOf, stringAt } from '../json';
import { PatchType, patchTypeOf } from './patches';
import { inputDecodeProblems, type InputProblem } from './pt-input';

export interface LintProblem {
  /** Field path in the input, e.g. "resources[0].patches[1].polcy". */
  path: string;
  message: string;
  /** The composed resource template the path is in, if any. */
  resource?: string;
}

const objects = objectsOf;
/** A non-empty string field: the lint treats "" as unset, as Go's zero value is. */
const str = (o: JsonObject | undefined, key: string): string | undefined => stringAt(o, key) || undefined;

function absent(o: JsonObject | undefined, key: string): boolean {
  return o?.[key] === undefined || o[key] === null;
}

/** The verbs of a Go format string (after flags, width, precision and argument indexes). */
export function goFormatVerbs(format: string): string[] {
  const verbs: string[] = [];
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') continue;
    i++;
    if (format[i] === '%') continue;
    while (i < format.length && /[+\-# 0]/.test(format[i]!)) i++;
    const skipArgIndex = () => {
      if (format[i] !== '[') return;
      const close = format.indexOf(']', i);
      i = close === -1 ? format.length : close + 1;
    };
    const skipNumberOrStar = () => {
      skipArgIndex();
      if (format[i] === '*') i++;
      else while (i < format.length && /\d/.test(format[i]!)) i++;
    };
    skipNumberOrStar();
    if (format[i] === '.') {
      i++;
      skipNumberOrStar();
    }
    skipArgIndex();
    if (i < format.length) verbs.push(format[i]!);
  }
  return verbs;
}

const FLOAT_D =
  "uses %d, but numbers reach the function as float64 and render as %!d(float64=...); use %v/%s or convert to int64 first";

const FIELD_PATH_TYPES: readonly string[] = [
  PatchType.FromCompositeFieldPath,
  PatchType.ToCompositeFieldPath,
  PatchType.FromEnvironmentFieldPath,
  PatchType.ToEnvironmentFieldPath,
];

interface PatchContext {
  where: 'resource' | 'patchSet' | 'environment';
  patchSetNames: Set<string>;
}

/** Patch types that write into the desired XR in the given context. */
function writesXR(type: string, where: PatchContext['where']): boolean {
  if (type === PatchType.ToCompositeFieldPath || type === PatchType.CombineToComposite) return true;
  return where === 'environment' && type === PatchType.FromEnvironmentFieldPath;
}

function isStatusPath(path: string): boolean {
  return path === 'status' || path.startsWith('status.') || path.startsWith('status[');
}

function lintTransforms(path: string, transforms: JsonObject[], out: LintProblem[]): void {
  // Whether the value flowing into the next transform is an int64 (after convert to int/int64).
  let intTyped = false;
  for (const [i, t] of transforms.entries()) {
    const tp = `${path}.transforms[${i}]`;
    switch (str(t, 'type')) {
      case 'string': {
        const s = asObject(t.string);
        const type = str(s, 'type');
        if (type === undefined) {
          out.push({ path: `${tp}.string.type`, message: 'string transform without type: the CRD default (Format) is not applied and the function fails at runtime' });
        } else if (type === 'Join' || type === 'Replace') {
          out.push({ path: `${tp}.string.type`, message: `string transform type ${type} is implemented by the function but rejected by the input CRD enum` });
        }
        if (str(s, 'convert') === 'ToAdler32') {
          out.push({ path: `${tp}.string.convert`, message: 'ToAdler32 is implemented by the function but rejected by the input CRD enum' });
        }
        const fmt = str(s, 'fmt');
        if ((type === 'Format' || type === undefined) && fmt !== undefined && !intTyped && goFormatVerbs(fmt).includes('d')) {
          out.push({ path: `${tp}.string.fmt`, message: `format ${JSON.stringify(fmt)} ${FLOAT_D}` });
        }
        intTyped = false;
        break;
      }
      case 'math':
        if (str(asObject(t.math), 'type') === undefined) {
          out.push({ path: `${tp}.math.type`, message: 'math transform without type: the CRD default (Multiply) is not applied and the function fails at runtime' });
        }
        break;
      case 'match':
        for (const [k, pattern] of objects(asObject(t.match)?.patterns).entries()) {
          if (str(pattern, 'type') === undefined) {
            out.push({ path: `${tp}.match.patterns[${k}].type`, message: "match pattern without type: the CRD default (literal) is not applied and matching fails with unsupported pattern type ''" });
          }
        }
        intTyped = false;
        break;
      case 'map': {
        // Map pairs are inline: `map: {from: to, ...}`.
        const pairs = asObject(t.map);
        if (pairs === undefined || Object.keys(pairs).length === 0) {
          out.push({ path: `${tp}.map`, message: 'map transform without pairs is rejected by the function' });
        }
        intTyped = false;
        break;
      }
      case 'convert': {
        const toType = str(asObject(t.convert), 'toType');
        intTyped = toType === 'int' || toType === 'int64';
        break;
      }
    }
  }
}

function lintPatch(path: string, p: JsonObject, ctx: PatchContext, out: LintProblem[]): void {
  const type = patchTypeOf(p);
  if (type === PatchType.PatchSet) {
    const name = str(p, 'patchSetName');
    if (ctx.where === 'patchSet') {
      out.push({ path: `${path}.type`, message: 'a patch set cannot contain a PatchSet patch' });
    } else if (name === undefined) {
      out.push({ path: `${path}.patchSetName`, message: 'PatchSet patch without patchSetName' });
    } else if (!ctx.patchSetNames.has(name)) {
      out.push({ path: `${path}.patchSetName`, message: `references unknown patch set ${JSON.stringify(name)}` });
    }
    return;
  }
  if (FIELD_PATH_TYPES.includes(type) && str(p, 'fromFieldPath') === undefined) {
    out.push({ path: `${path}.fromFieldPath`, message: `${type} patch without fromFieldPath` });
  }
  if (writesXR(type, ctx.where)) {
    const to = str(p, 'toFieldPath') ?? str(p, 'fromFieldPath');
    if (to !== undefined && !isStatusPath(to)) {
      out.push({ path: `${path}.toFieldPath`, message: `${type} writes ${to} of the XR, but Crossplane keeps only the XR's status from function output` });
    }
  }
  const fmt = str(asObject(asObject(p.combine)?.string), 'fmt');
  if (fmt !== undefined && goFormatVerbs(fmt).includes('d')) {
    out.push({ path: `${path}.combine.string.fmt`, message: `format ${JSON.stringify(fmt)} ${FLOAT_D}` });
  }
  lintTransforms(path, objects(p.transforms), out);
}

function lintReadinessCheck(path: string, rc: JsonObject, out: LintProblem[]): void {
  const type = str(rc, 'type');
  const needs = (key: string) => {
    if (absent(rc, key)) out.push({ path: `${path}.${key}`, message: `${type} readiness check without ${key}` });
  };
  switch (type) {
    case undefined:
      out.push({ path: `${path}.type`, message: 'readiness check without type' });
      return;
    case 'MatchString':
      needs('matchString');
      needs('fieldPath');
      return;
    case 'MatchInteger':
      needs('matchInteger');
      needs('fieldPath');
      return;
    case 'NonEmpty':
    case 'MatchTrue':
    case 'MatchFalse':
      needs('fieldPath');
      return;
    case 'MatchCondition': {
      const mc = asObject(rc.matchCondition);
      if (mc === undefined) {
        out.push({ path: `${path}.matchCondition`, message: 'MatchCondition readiness check without matchCondition (the CRD default Ready/True is not applied)' });
        return;
      }
      if (str(mc, 'type') === undefined) out.push({ path: `${path}.matchCondition.type`, message: 'matchCondition without type' });
      if (str(mc, 'status') === undefined) out.push({ path: `${path}.matchCondition.status`, message: 'matchCondition without status' });
      return;
    }
  }
}

const CONNECTION_DETAIL_FIELD: Record<string, string> = {
  FromValue: 'value',
  FromConnectionSecretKey: 'fromConnectionSecretKey',
  FromFieldPath: 'fromFieldPath',
};

function lintConnectionDetail(path: string, cd: JsonObject, out: LintProblem[]): void {
  if (str(cd, 'name') === undefined) out.push({ path: `${path}.name`, message: 'connection detail without name' });
  const type = str(cd, 'type');
  if (type === undefined) {
    out.push({ path: `${path}.type`, message: 'connection detail without type' });
    return;
  }
  const field = CONNECTION_DETAIL_FIELD[type];
  if (field !== undefined && absent(cd, field)) out.push({ path: `${path}.${field}`, message: `${type} connection detail without ${field}` });
}

/** What function-sdk-go's strict decoding will fail the run with, one problem per key or value. */
function decodeProblem(p: InputProblem): LintProblem {
  const unknown = /: unknown name /.test(p.message);
  const key = p.path.replace(/^.*[.[]/, '').replace(/[\]"]/g, '');
  const what = unknown
    ? `unknown field "${key}"${p.didYouMean !== undefined ? ` (did you mean "${p.didYouMean}"? names are case-sensitive)` : ''}`
    : 'wrong type';
  return { path: p.path, message: `${what}: function-patch-and-transform fails the run with: ${p.message}` };
}

/** Only what the function's input decoder rejects: each of these fails every run. */
export function lintInputDecoding(input: JsonObject): LintProblem[] {
  return inputDecodeProblems(input).map((p) => withResource(decodeProblem(p), input));
}

export function lintPatchAndTransformInput(input: JsonObject): LintProblem[] {
  const out: LintProblem[] = inputDecodeProblems(input).map(decodeProblem);
  const patchSets = objects(input.patchSets);
  const patchSetNames = new Set(patchSets.map((ps) => str(ps, 'name')).filter((n): n is string => n !== undefined));

  for (const [i, ps] of patchSets.entries()) {
    for (const [j, p] of objects(ps.patches).entries()) {
      lintPatch(`patchSets[${i}].patches[${j}]`, p, { where: 'patchSet', patchSetNames }, out);
    }
  }
  for (const [j, p] of objects(asObject(input.environment)?.patches).entries()) {
    lintPatch(`environment.patches[${j}]`, p, { where: 'environment', patchSetNames }, out);
  }

  const firstIndexByName = new Map<string, number>();
  for (const [i, r] of objects(input.resources).entries()) {
    const base = `resources[${i}]`;
    const name = str(r, 'name');
    if (name !== undefined) {
      const first = firstIndexByName.get(name);
      if (first !== undefined) out.push({ path: `${base}.name`, message: `duplicate resource name ${JSON.stringify(name)} (also resources[${first}])` });
      else firstIndexByName.set(name, i);
    }
    for (const [j, p] of objects(r.patches).entries()) lintPatch(`${base}.patches[${j}]`, p, { where: 'resource', patchSetNames }, out);
    for (const [j, rc] of objects(r.readinessChecks).entries()) lintReadinessCheck(`${base}.readinessChecks[${j}]`, rc, out);
    for (const [j, cd] of objects(r.connectionDetails).entries()) lintConnectionDetail(`${base}.connectionDetails[${j}]`, cd, out);
  }
  return out.map((p) => withResource(p, input));
}

/** Names the composed resource template a problem is in (resources[i] -> its name). */
function withResource(p: LintProblem, input: JsonObject): LintProblem {
  const m = /^resources\[(\d+)\]/.exec(p.path);
  const name = m ? str(objects(input.resources)[Number(m[1])], 'name') : undefined;
  return name !== undefined ? { ...p, resource: name } : p;
}
