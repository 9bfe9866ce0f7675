// Deleting each example claim follows the package's ClusterUsages and never deletes a used resource
// first. The AWS behaviour comes from renderer/aws/aws-dependencies.ts (independent of the Usages): every
// dependency pair found in the render must be ordered by a chain of Usages, every Usage must be
// needed by some pair, and the simulated deletion must end with no refusal, no breakage and an
// empty cluster whichever order concurrent reconciles take.
import { INTERFACE_ENDPOINT_SERVICES } from '../../../compositions/blocks/network/vpc-endpoints';
import { dependencyPairs, type DependencyPair } from '../../../renderer/aws/aws-dependencies';
import { deleteClaim, type DeletionResult } from '../../../renderer/crossplane/deletion';
import type { RenderOutput } from '../../../renderer/render';
import type { JsonObject } from '../../../renderer/types';
import { LABEL_IN_USE } from '../../../renderer/crossplane/usage';
import { renderExample } from '../../support/render-example';

const EXAMPLES = ['dev-claim', 'prod-claim'] as const;
const meta = (o: JsonObject): JsonObject => o.metadata as JsonObject;
const nameOf = (o: JsonObject): string => String(meta(o).name);
const rn = (o: JsonObject): string => ((meta(o).annotations ?? {}) as Record<string, string>)['crossplane.io/composition-resource-name'] ?? '';
const controllerOf = (o: JsonObject): string | undefined => ((meta(o).ownerReferences ?? []) as JsonObject[]).find((r) => r.controller === true)?.uid as string | undefined;
const usagesOf = (out: RenderOutput) => out.resources.filter((r) => r.kind === 'ClusterUsage');
const refName = (u: JsonObject, end: 'of' | 'by'): string => String((((u.spec as JsonObject)[end] as JsonObject).resourceRef as JsonObject).name);

/** Edges user -> used (object names), optionally without the Usages of one template. */
function usageGraph(out: RenderOutput, without?: string): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const u of usagesOf(out)) {
    if (rn(u) === without) continue;
    const by = refName(u, 'by');
    g.set(by, [...(g.get(by) ?? []), refName(u, 'of')]);
  }
  return g;
}

function reaches(g: Map<string, string[]>, from: string, to: string): boolean {
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length > 0) {
    for (const next of g.get(queue.shift()!) ?? []) {
      if (next === to) return true;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}

const pairName = (p: DependencyPair) => `${p.rule.id}: ${rn(p.user)} (${nameOf(p.user)}) -> ${rn(p.used)} (${nameOf(p.used)})`;

const cache = new Map<string, { out: RenderOutput; pairs: DependencyPair[]; background: DeletionResult }>();
function example(name: (typeof EXAMPLES)[number]) {
  const hit = cache.get(name);
  if (hit) return hit;
  const out = renderExample(name);
  const entry = { out, pairs: dependencyPairs(out.resources), background: deleteClaim(out) };
  cache.set(name, entry);
  return entry;
}

/** The render without any Usage (and without the in-use labels their controller set). */
function withoutUsages(out: RenderOutput): RenderOutput {
  const resources = out.resources.filter((r) => r.kind !== 'ClusterUsage').map((r) => {
    const copy = JSON.parse(JSON.stringify(r)) as JsonObject;
    delete ((meta(copy).labels ?? {}) as Record<string, string>)[LABEL_IN_USE];
    return copy;
  });
  return { ...out, resources };
}

describe.each(EXAMPLES)('%s: the ClusterUsages', (name) => {
  test('every Usage: both selectors resolve to exactly one object of the render, replayDeletion, a reason, a name that fits', () => {
    const { out } = example(name);
    expect(usagesOf(out).length).toBeGreaterThan(100);
    for (const u of usagesOf(out)) {
      const spec = u.spec as JsonObject;
      expect({ u: rn(u), replay: spec.replayDeletion, reason: typeof spec.reason === 'string' && (spec.reason as string).length > 20, nameFits: /^[a-z][A-Za-z0-9]*Uses[A-Z][A-Za-z0-9]*$/.test(rn(u)) && rn(u).length <= 63 })
        .toEqual({ u: rn(u), replay: true, reason: true, nameFits: true });
      for (const end of ['of', 'by'] as const) {
        const e = spec[end] as JsonObject;
        const selector = e.resourceSelector as JsonObject;
        const labels = selector.matchLabels as Record<string, string>;
        const matches = out.resources.filter((r) => r.kind === e.kind && String(r.apiVersion).split('/')[0] === String(e.apiVersion).split('/')[0]
          && Object.entries(labels).every(([k, v]) => ((meta(r).labels ?? {}) as Record<string, string>)[k] === v)
          && (selector.matchControllerRef !== true || controllerOf(r) === controllerOf(u)));
        expect({ u: rn(u), end, matches: matches.map(nameOf) }).toEqual({ u: rn(u), end, matches: [refName(u, end)] });
      }
    }
  });

  test('every AWS dependency pair of the render is ordered by a chain of Usages from the user to the used resource', () => {
    const { out, pairs } = example(name);
    expect(pairs.length).toBeGreaterThan(100);
    const g = usageGraph(out);
    expect(pairs.filter((p) => !reaches(g, nameOf(p.user), nameOf(p.used))).map(pairName)).toEqual([]);
  });

  test('deleting the claim: complete, no AWS refusal or breakage, each used resource gone strictly after each of its users', () => {
    const { out, pairs, background } = example(name);
    for (const r of [background, deleteClaim(out, { withinWave: 'reverse' }), deleteClaim(out, { policy: 'Foreground' })]) {
      expect(r.problems.filter((p) => p.kind !== 'retained-dangling')).toEqual([]);
      // The one resource kept in AWS by design (issue 13: the Session Manager preferences singleton) names the
      // session bucket, log group and data key after teardown: exactly these, as IMPLEMENTATION.md documents.
      expect(r.problems.filter((p) => p.kind === 'retained-dangling').map((p) => `${p.rule} ${p.object.replace(/^.*\(/, '(')}`).sort())
        .toEqual(['key-encrypts-document (dataKey)', 'session-log-bucket (sessionLogsBucket)', 'session-log-group (sessionLogGroup)']);
      expect(r.complete).toBe(true);
      const gone = new Map(r.order.map((d) => [d.object.slice(d.object.indexOf('/') + 1), d.goneAt]));
      const late = usagesOf(out).filter((u) => !(gone.get(refName(u, 'of'))! > gone.get(refName(u, 'by'))!)).map(rn);
      expect(late).toEqual([]);
      const early = pairs.filter((p) => !(gone.get(nameOf(p.used))! > gone.get(nameOf(p.user))!)).map(pairName);
      expect(early).toEqual([]);
    }
  });

  test('every used resource is deleted by the replay of its last Usage (replayDeletion), not by the garbage collector\'s backoff', () => {
    const { out, background } = example(name);
    const used = out.resources.filter((r) => ((meta(r).labels ?? {}) as Record<string, string>)[LABEL_IN_USE] === 'true').map((r) => `${String(r.kind)}/${nameOf(r)}`);
    expect(used.length).toBeGreaterThan(20);
    const accepted = background.steps.filter((s) => s.event === 'delete-requested' && used.includes(s.object));
    expect(accepted.length).toBe(used.length);
    expect([...new Set(accepted.map((s) => s.actor))]).toEqual(['usage controller (replayDeletion)']);
  });

  test('without the Usages the same deletion is refused or breaks under every AWS rule that has a pair in the render', () => {
    const { out, pairs } = example(name);
    const bare = withoutUsages(out);
    const hit = new Set([deleteClaim(bare), deleteClaim(bare, { withinWave: 'reverse' })].flatMap((r) => r.problems.map((p) => p.rule)));
    expect([...new Set(pairs.map((p) => p.rule.id))].filter((id) => !hit.has(id)).sort()).toEqual([]);
  });
});

describe('the pairs the issue names, in both examples', () => {
  // [user, used] by composition resource name; `why` is the issue's wording.
  const ISSUE_PAIRS: [string, string, string][] = [
    ['trail', 'trailBucket', 'the trail before its bucket'],
    ['trail', 'auditKey', 'the trail before its key'],
    ['flowLogToCloudWatch', 'flowLogGroup', 'flow logs before their destinations'],
    ['flowLogToS3', 'flowLogsBucket', 'flow logs before their destinations'],
    ['interfaceEndpointSsmSubnet0', 'interfaceEndpointSsm', 'endpoint associations before endpoints'],
    ['interfaceEndpointSsmSg', 'interfaceEndpointSsm', 'endpoint associations before endpoints'],
    ['gatewayEndpointS3RouteTable0', 'gatewayEndpointS3', 'endpoint associations before endpoints'],
    ['interfaceEndpointSsm', 'subnet0', 'endpoints before subnets'],
    ['interfaceEndpointSsmSubnet2', 'subnet2', 'endpoint associations before subnets'],
    ['subnet0', 'vpc', 'subnets before the VPC'],
    ['interfaceEndpointSsm', 'vpc', 'endpoints before the VPC'],
    ['configRecorderStatus', 'configDeliveryChannel', 'the Config recorder stopped before its delivery channel'],
    ['configRecorderStatus', 'configBucket', 'the Config recorder stopped before its bucket'],
  ];

  /** Objects with these composition resource names; siblings are paired within their composite. */
  function instances(out: RenderOutput, user: string, used: string): [JsonObject, JsonObject][] {
    const us = out.resources.filter((r) => rn(r) === user);
    const ds = out.resources.filter((r) => rn(r) === used);
    const all = us.flatMap((u) => ds.map((d) => [u, d] as [JsonObject, JsonObject]));
    const siblings = all.filter(([u, d]) => controllerOf(u) === controllerOf(d));
    return siblings.length > 0 ? siblings : all;
  }

  test.each(EXAMPLES)('%s: each is ordered by Usages and kept by the deletion', (name) => {
    const { out, pairs, background } = example(name);
    const g = usageGraph(out);
    const gone = new Map(background.order.map((d) => [d.object.slice(d.object.indexOf('/') + 1), d.goneAt]));
    for (const [user, used, why] of ISSUE_PAIRS) {
      const found = instances(out, user, used);
      expect({ why, user, used, found: found.length > 0 }).toEqual({ why, user, used, found: true });
      for (const [u, d] of found) {
        expect({ why, user, used, chained: reaches(g, nameOf(u), nameOf(d)), later: gone.get(nameOf(d))! > gone.get(nameOf(u))! })
          .toEqual({ why, user, used, chained: true, later: true });
      }
    }
    // Every key after everything it encrypts: a Usage of the key by each holder itself (not through
    // another Usage), so the key's protection never rests on another domain's deletion order.
    const encrypted = pairs.filter((p) => p.rule.id.startsWith('key-encrypts-'));
    // prod-claim is also allowed eu-west-1 (region slot 1): that region's EBS key is one more key.
    const regionalKeys = name === 'prod-claim' ? ['dataKeyRegion1'] : [];
    expect(new Set(encrypted.map((p) => rn(p.used)))).toEqual(new Set(['logsKey', 'auditKey', 'dataKey', 'messagingKey', ...regionalKeys]));
    expect(encrypted.filter((p) => !((g.get(nameOf(p.user)) ?? []).includes(nameOf(p.used)) && gone.get(nameOf(p.used))! > gone.get(nameOf(p.user))!)).map(pairName)).toEqual([]);
  });
});

describe('every Usage the package composes is needed', () => {
  test('each Usage template orders an AWS dependency pair directly, or removing it leaves a pair unordered in an example', () => {
    const graphs = EXAMPLES.map((n) => example(n));
    const templates = [...new Set(graphs.flatMap((e) => usagesOf(e.out).map(rn)))].sort();
    expect(templates.length).toBeGreaterThan(50);
    const direct = new Set(graphs.flatMap(({ out, pairs }) => {
      const isPair = new Set(pairs.map((p) => `${nameOf(p.user)}|${nameOf(p.used)}`));
      return usagesOf(out).filter((u) => isPair.has(`${refName(u, 'by')}|${refName(u, 'of')}`)).map(rn);
    }));
    const unneeded = templates.filter((t) => !direct.has(t) && graphs.every(({ out, pairs }) => {
      const g = usageGraph(out, t);
      return pairs.every((p) => reaches(g, nameOf(p.user), nameOf(p.used)));
    }));
    expect(unneeded).toEqual([]);
    // The chain links (endpoint before subnet, before security group) are needed although no AWS pair names them directly.
    const links = templates.filter((t) => !direct.has(t));
    expect(links.filter((t) => !/^interfaceEndpoint[A-Z][A-Za-z0-9]*Uses(Subnet[0-2]|EndpointSecurityGroup)$/.test(t))).toEqual([]);
    // Four links (three subnets, the security group) for every interface endpoint the examples select.
    const endpoints = new Set(links.map((t) => t.replace(/Uses.*$/, '')));
    expect(endpoints.size).toBeGreaterThan(0);
    expect(endpoints.size).toBeLessThanOrEqual(INTERFACE_ENDPOINT_SERVICES.length);
    expect(links).toHaveLength(endpoints.size * 4);
  });
});
