// Renders a composite or claim through charts synthesized in memory (not dist/), so a domain's
// policy tests read the policies exactly as its patches produce them for concrete parameters.
import { App, type Chart } from 'cdk8s';
import { render, type RenderOutput } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';
import { forProvider, resourceNamed } from './render-example';

/** The composed resource with this composition-resource-name (exactly one, or throws). */
export const composed = resourceNamed;
export const forProviderOf = forProvider;

/** Builds charts with `build(app)` and renders `claimOrXr` through their XRDs and Compositions. */
export function renderCharts(build: (app: App) => readonly Chart[], claimOrXr: JsonObject): RenderOutput {
  const objects = build(new App()).flatMap((c) => c.toJson() as JsonObject[]);
  const params = ((claimOrXr.spec as JsonObject).parameters ?? {}) as JsonObject;
  // The renderer validates every composed resource (schema + CEL) against these XRDs and the CRD bundle.
  return render({
    claimOrXr,
    compositions: objects.filter((o) => o.kind === 'Composition'),
    xrds: objects.filter((o) => o.kind === 'CompositeResourceDefinition'),
    accountId: String(params.accountId),
    region: String(params.region ?? 'us-east-1'),
  });
}

/** Parses a policy string of a rendered resource; fails if a composition token survived rendering. */
export function renderedPolicy(r: JsonObject, field = 'policy'): object {
  const text = forProviderOf(r)[field];
  if (typeof text !== 'string') throw new Error(`${String(r.kind)}: spec.forProvider.${field} is not a rendered string`);
  if (text.includes('${xr:')) throw new Error(`${String(r.kind)}: spec.forProvider.${field} still holds a composition token: ${text}`);
  return JSON.parse(text) as object;
}
