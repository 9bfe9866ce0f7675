// Renders a composite or claim through charts synthesized in memory (not dist/), so a domain's
// policy tests read the policies exactly as its patches produce them for concrete parameters.
import { App, type Chart } from 'cdk8s';
import { defaultFunctions } from '../../renderer/crossplane';
import { projectValidator, render, type RenderOutput } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';

/** The renderer's emulated functions under the names our Compositions reference, and its own names. */
function functions(): ReturnType<typeof defaultFunctions> {
  const f = defaultFunctions();
  return {
    ...f,
    'crossplane-contrib-function-patch-and-transform': f['function-patch-and-transform']!,
    'crossplane-contrib-function-auto-ready': f['function-auto-ready']!,
  };
}

/** Builds charts with `build(app)` and renders `claimOrXr` through their XRDs and Compositions. */
export function renderCharts(build: (app: App) => readonly Chart[], claimOrXr: JsonObject): RenderOutput {
  const objects = build(new App()).flatMap((c) => c.toJson() as JsonObject[]);
  const params = ((claimOrXr.spec as JsonObject).parameters ?? {}) as JsonObject;
  const xrds = objects.filter((o) => o.kind === 'CompositeResourceDefinition');
  const out = render({
    claimOrXr,
    compositions: objects.filter((o) => o.kind === 'Composition'),
    xrds,
    functions: functions(),
    accountId: String(params.accountId),
    region: String(params.region ?? 'us-east-1'),
    // Schema/CEL validation runs below instead: the renderer copies objects with structuredClone,
    // whose arrays belong to Node's realm, not Jest's sandbox, and the CEL library then rejects
    // every array ("Unsupported type: Array"). A JSON round trip brings them into this realm.
    validator: null,
  });
  const validator = projectValidator(xrds);
  for (const r of JSON.parse(JSON.stringify(out.resources)) as JsonObject[]) {
    for (const message of validator.validate(r)) out.problems.push({ kind: 'schema', object: `${String(r.kind)}/${String((r.metadata as JsonObject).name)}`, message });
  }
  return out;
}

/** The composed resource with this composition-resource-name (exactly one, or throws). */
export function composed(out: RenderOutput, compositionResourceName: string): JsonObject {
  const found = out.resources.filter(
    (r) => ((r.metadata as JsonObject).annotations as Record<string, string> | undefined)?.['crossplane.io/composition-resource-name'] === compositionResourceName,
  );
  if (found.length !== 1) throw new Error(`expected one composed resource '${compositionResourceName}', found ${found.length}`);
  return found[0]!;
}

export function forProviderOf(r: JsonObject): JsonObject {
  return (r.spec as JsonObject).forProvider as JsonObject;
}

/** Parses a policy string of a rendered resource; fails if a composition token survived rendering. */
export function renderedPolicy(r: JsonObject, field = 'policy'): object {
  const text = forProviderOf(r)[field];
  if (typeof text !== 'string') throw new Error(`${String(r.kind)}: spec.forProvider.${field} is not a rendered string`);
  if (text.includes('${xr:')) throw new Error(`${String(r.kind)}: spec.forProvider.${field} still holds a composition token: ${text}`);
  return JSON.parse(text) as object;
}
