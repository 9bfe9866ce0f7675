// The environment suffix is capped so that every AWS name the package composes stays within its
// AWS limit. Proven by onboarding a namespace with the longest suffix in a region with the longest
// name and rendering the dev claim there: the renderer checks every name against the AWS rule for
// its kind.
import { buildOnboarding, onboardingFile } from '../../../charts/onboarding';
import { defineOnboarding } from '../../../compositions/package/onboarding';
import { MAX_SUFFIX_LENGTH, REGIONS } from '../../../compositions/kernel/parameters';
import { packageFiles } from '../../../compositions/package/package-writer';
import { onboarding } from '../../../examples/onboarding';
import { render } from '../../../renderer/render';
import type { JsonObject } from '../../../renderer/types';
import { EXAMPLE_CLAIMS, loadYaml, packageApis } from '../../support/render-example';

test('the longest environment suffix in the longest-named region keeps every AWS name valid', () => {
  const region = [...REGIONS].sort((a, b) => b.length - a.length)[0]!;
  const suffix = 'z'.repeat(MAX_SUFFIX_LENGTH);
  const account = { ...onboarding.accounts[0]!, namespace: 'longest-names', homeRegion: region, allowedRegions: [region], environment: suffix };
  const org = defineOnboarding({ ...onboarding, accounts: [account] });
  const environmentConfigs = packageFiles(buildOnboarding(org, [{ group: 'aws.zerotrust.io', resource: 'zerotrustaccounts' }]), onboardingFile)
    .flatMap((f) => f.objects as JsonObject[])
    .filter((o) => o.kind === 'EnvironmentConfig');
  const claim = loadYaml(EXAMPLE_CLAIMS['dev-claim']);
  (claim.metadata as JsonObject).namespace = account.namespace;
  const out = render({ claimOrXr: claim, ...packageApis(), accountId: account.accountId, region, clusterObjects: environmentConfigs });
  expect(out.problems.map((p) => `${p.kind}: ${p.object}: ${p.message}`)).toEqual([]);
  const bucketNames = out.resources.filter((r) => r.kind === 'Bucket').map((r) => ((r.metadata as JsonObject).annotations as JsonObject)['crossplane.io/external-name'] as string);
  expect(bucketNames.length).toBeGreaterThan(3);
  for (const name of bucketNames) expect(name.endsWith(`-${region}-${suffix}`)).toBe(true);
  expect(Math.max(...bucketNames.map((n) => n.length))).toBeLessThanOrEqual(63);
});
