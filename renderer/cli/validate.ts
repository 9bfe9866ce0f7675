// `zta validate` (and the check `zta render` runs first): a claim or XR is valid when the API server
// admits it AND every composite and resource it creates is admitted too. Nested XRDs carry rules of
// their own (cross-field CEL rules a claim's XRD does not repeat), so the whole tree is rendered and
// each refusal is reported once, on the claim's own field when the value came from one.
import type { JsonObject } from '../types';
import { type RenderOptions, type RenderOutput, render } from '../render';
import { ANNOTATION_COMPOSITION_RESOURCE_NAME, CompositionError, annotationsOf, describe, obj, str, xrdForClaim, xrdForComposite, type XrdInfo } from '../crossplane/crossplane';
import { type Problem, Validator, formatProblem } from '../../validator/validate';
import { claimOrigin } from '../../validator/claim-origin';
import type { InputDoc } from './input';

/**
 * One problem per field. The XRDs state many constraints twice, as an OpenAPI `pattern` and as a
 * CEL rule with a message (the message is for people, the pattern for kubectl explain): a field
 * failing both is reported by the rule's message. Any other schema problem wins over the CEL rules
 * failing at the same field, which only repeat it.
 */
export function oneProblemPerField(problems: Problem[]): Problem[] {
  const isCel = (p: Problem) => p.rule.startsWith('cel');
  const celPaths = new Set(problems.filter(isCel).map((p) => p.path));
  const kept = problems.filter((p) => !(p.rule === 'pattern' && celPaths.has(p.path)));
  const schemaPaths = new Set(kept.filter((p) => !isCel(p)).map((p) => p.path));
  const seen = new Set<string>();
  return kept.filter((p) => {
    if (isCel(p) && schemaPaths.has(p.path)) return false;
    const key = `${p.object}\0${p.path}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export type DocVerdict =
  | { kind: 'skipped'; warning: string }
  | { kind: 'checked'; problems: string[]; warnings: string[] };

const where = (d: InputDoc): string => `${d.file}${d.line > 1 ? `:${d.line}` : ''}`;

/** What the API server checks before anything is composed: metadata.name, and the XRD's schema and CEL. */
export function ownProblems(d: InputDoc, validator: Validator, infos: XrdInfo[]): DocVerdict {
  const o = d.object;
  if (!xrdForClaim(o, infos) && !xrdForComposite(o, infos)) {
    return { kind: 'skipped', warning: `${where(d)}: ${describe(o)}: skipped: ${str(o.kind)} (${str(o.apiVersion)}) is not a claim or composite kind of this package` };
  }
  const problems: string[] = [];
  // kubectl apply needs a name; generateName works only with kubectl create.
  if (!str(obj(o.metadata).name)) problems.push(`${where(d)}: ${str(o.kind)}/(no name): .metadata.name: required (kubectl apply needs a name)`);
  for (const p of oneProblemPerField(validator.validate(o))) problems.push(`${where(d)}: ${p.object}: ${p.path}: ${p.message} [${p.rule}]`);
  return { kind: 'checked', problems, warnings: [] };
}

/**
 * Renders the claim with a recording validator and reports what the API server refused anywhere in
 * the tree. Problems of the rendered tree that are not admission refusals (a composition that
 * cannot run without cluster objects) are warnings: the tree beneath was not checked.
 */
export function treeProblems(d: InputDoc, xrds: JsonObject[], infos: XrdInfo[], renderOpts: Omit<RenderOptions, 'claimOrXr' | 'validator'>): { problems: string[]; warnings: string[]; out?: RenderOutput } {
  const v = Validator.fromBundle();
  for (const x of xrds) v.addXrd(x);
  const refused: { object: JsonObject; problems: Problem[] }[] = [];
  const validator = {
    validate: (o: JsonObject): string[] => {
      const ps = oneProblemPerField(v.validate(o));
      if (ps.length > 0) refused.push({ object: o, problems: ps });
      return ps.map((p) => formatProblem(p));
    },
  };
  let out: RenderOutput;
  try {
    out = render({ ...renderOpts, claimOrXr: d.object, xrds, validator });
  } catch (e) {
    if (!(e instanceof CompositionError)) throw e;
    return { problems: [], warnings: [`${where(d)}: ${describe(d.object)}: composed resources not checked: ${e.message}`] };
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const self = describe(d.object);
  for (const { object, problems: ps } of refused) {
    const rn = annotationsOf(object)[ANNOTATION_COMPOSITION_RESOURCE_NAME] ?? '?';
    const what = `${xrdForComposite(object, infos) ? 'nested composite' : 'resource'} ${str(object.kind)} "${rn}"`;
    for (const p of ps) {
      const origin = claimOrigin(d.object, object, p.path);
      const line = origin
        ? `${where(d)}: ${self}: ${origin}: ${p.message} [${p.rule}] (refused by the ${what} at ${p.path})`
        : `${where(d)}: ${self}: the ${what} is refused: ${p.path}: ${p.message} [${p.rule}]`;
      if (!seen.has(line)) problems.push(line);
      seen.add(line);
    }
  }
  const warnings = out.problems
    .filter((p) => p.kind === 'pipeline' || p.kind === 'composition')
    .map((p) => `${where(d)}: ${self}: not everything beneath ${p.object} was checked: ${p.message}`);
  return { problems, warnings, out };
}
