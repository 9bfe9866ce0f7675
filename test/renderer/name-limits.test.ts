// The environment suffix is capped so that every AWS name the package composes stays within its
// AWS limit. Proven by rendering the dev claim with the longest suffix in a region with the
// longest name: the renderer checks every name against the AWS rule for its kind.
import { MAX_SUFFIX_LENGTH, REGIONS } from '../../compositions/parameters';
import { render } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';
import { loadYaml, packageApis } from '../support/render-example';

test('the longest environment suffix in the longest-named region keeps every AWS name valid', () => {
  const region = [...REGIONS].sort((a, b) => b.length - a.length)[0]!;
  const suffix = 'z'.repeat(MAX_SUFFIX_LENGTH);
  const claim = loadYaml('examples/dev-claim.yaml');
  const params = (claim.spec as JsonObject).parameters as JsonObject;
  params.region = region;
  params.environmentSuffix = suffix;
  (params.guardrails as JsonObject).allowedRegions = [region];
  (params.guardrails as JsonObject).breakGlassRoleName = `zta-break-glass-${suffix}`;
  const out = render({ claimOrXr: claim, ...packageApis(), accountId: String(params.accountId), region });
  expect(out.problems.map((p) => `${p.kind}: ${p.object}: ${p.message}`)).toEqual([]);
  const bucketNames = out.resources.filter((r) => r.kind === 'Bucket').map((r) => ((r.metadata as JsonObject).annotations as JsonObject)['crossplane.io/external-name'] as string);
  expect(bucketNames.length).toBeGreaterThan(3);
  for (const name of bucketNames) expect(name.endsWith(`-${region}-${suffix}`)).toBe(true);
  expect(Math.max(...bucketNames.map((n) => n.length))).toBeLessThanOrEqual(63);
});
