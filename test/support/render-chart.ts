// Renders a composite or claim through charts synthesized in memory (not dist/), so a domain's
// policy tests read the policies exactly as its patches produce them for concrete parameters.
import { App, type Chart } from 'cdk8s';
import { ClaimTreeResource, DomainChart, NestedComposite } from '../../compositions';
import { render, type RenderOutput } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';
import { forProvider, resourceNamed } from './render-example';
import { boundAccount, environmentConfigs, namespaceOf } from './onboarding';
import { synthesizeCharts } from '../../compositions/kernel/synth-charts';

/** The composed resource with this composition-resource-name (exactly one, or throws). */
export const composed = resourceNamed;
export const forProviderOf = forProvider;

/**
 * Builds charts with `build(app)` and renders `claimOrXr` through their XRDs and Compositions. A
 * domain XR names its account in its parameters; a claim is in a namespace of the example
 * onboarding, whose EnvironmentConfigs are in the cluster.
 */
export function renderCharts(build: (app: App) => readonly Chart[], claimOrXr: JsonObject): RenderOutput {
  const charts = build(new App());
  // One validation of the app for all charts (chart.toJson() validates the whole app each call).
  const objects = synthesizeCharts(charts).flat() as JsonObject[];
  const params = ((claimOrXr.spec as JsonObject).parameters ?? {}) as JsonObject;
  const isClaim = typeof (claimOrXr.metadata as JsonObject | undefined)?.namespace === 'string';
  const account = isClaim ? boundAccount(namespaceOf(claimOrXr)) : { accountId: String(params.accountId), region: String(params.region ?? 'us-east-1') };
  // The renderer validates every composed resource (schema + CEL) against these XRDs and the CRD bundle.
  return render({
    claimOrXr,
    compositions: objects.filter((o) => o.kind === 'Composition'),
    xrds: objects.filter((o) => o.kind === 'CompositeResourceDefinition'),
    ...account,
    clusterObjects: [...claimTreeStandIns(charts.filter(DomainChart.isDomainChart), claimOrXr), ...(isClaim ? environmentConfigs() : [])],
  });
}

/**
 * A domain composite rendered alone (an XR, not the claim) still composes ClusterUsages of resources
 * that other domains of the claim compose (KMS keys, the permissions boundary). Stand-ins for those
 * resources, labelled as Crossplane would label them in the claim's tree, let the selectors resolve.
 */
export function claimTreeStandIns(charts: readonly DomainChart[], xr: JsonObject): JsonObject[] {
  const byKind = new Map(charts.map((c) => [c.names.kind, c]));
  const top = byKind.get(String(xr.kind));
  if (!top) return [];
  const rendered = new Set<DomainChart>();
  const visit = (c: DomainChart): void => {
    if (rendered.has(c)) return;
    rendered.add(c);
    for (const r of c.resources) if (r instanceof NestedComposite && byKind.has(r.gvk.kind)) visit(byKind.get(r.gvk.kind)!);
  };
  visit(top);
  const domains = new Set([...rendered].map((c) => c.domain));
  const root = String((xr.metadata as JsonObject).name);
  const wanted = new Map<string, ClaimTreeResource>();
  for (const c of rendered) {
    for (const d of c.deletionOrders) {
      const used = d.props.used;
      if (used instanceof ClaimTreeResource && !domains.has(used.domain)) wanted.set(`${used.domain}/${used.name}`, used);
    }
  }
  return [...wanted.values()].map((r) => ({
    apiVersion: r.gvk.apiVersion, kind: r.gvk.kind,
    metadata: { name: `stand-in-${r.domain.toLowerCase()}-${r.name.toLowerCase()}`, labels: { 'zerotrust.io/component': r.name, 'zerotrust.io/domain': r.domain, 'crossplane.io/composite': root } },
  }));
}

/** Parses a policy string of a rendered resource; fails if a composition token survived rendering. */
export function renderedPolicy(r: JsonObject, field = 'policy'): object {
  const text = forProviderOf(r)[field];
  if (typeof text !== 'string') throw new Error(`${String(r.kind)}: spec.forProvider.${field} is not a rendered string`);
  if (text.includes('${xr:')) throw new Error(`${String(r.kind)}: spec.forProvider.${field} still holds a composition token: ${text}`);
  return JSON.parse(text) as object;
}
