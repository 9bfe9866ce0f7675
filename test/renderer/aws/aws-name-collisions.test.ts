// The renderer reports two managed resources that would be one AWS resource: the same kind and AWS
// name in one scope (account and region for regional kinds). Shown on the lending-dev claim (home
// eu-west-1, also eu-west-2) through the encryption, data-protection and identity domains, whose
// region slots repeat regional names (analyzer, KMS alias) in the other region.
import { App } from 'cdk8s';
import { render } from '../../../renderer/render';
import type { JsonObject } from '../../../renderer/types';
import { baselineCharts, exampleClaim, renderBaseline } from '../../support/baseline-render';
import { boundAccount, environmentConfigs } from '../../support/onboarding';
import { synthesizeCharts } from '../../../compositions/kernel/synth-charts';

function lendingBaseline(): JsonObject {
  const claim = exampleClaim('lending-claim');
  const params = (claim.spec as JsonObject).parameters as JsonObject;
  return { ...claim, spec: { ...(claim.spec as JsonObject), parameters: { identity: params.identity } } };
}

test('the same regional name in two regions is no collision (the analyzer and the data key alias of eu-west-1 and eu-west-2)', () => {
  const out = renderBaseline('lending-claim');
  expect(out.problems).toEqual([]);
  const analyzers = out.resources.filter((r) => r.kind === 'Analyzer');
  expect(analyzers.map((r) => [((r.spec as JsonObject).forProvider as JsonObject).region, ((r.metadata as JsonObject).annotations as JsonObject)['crossplane.io/external-name']]).sort())
    .toEqual([['eu-west-1', 'zta-account-analyzer-dev'], ['eu-west-2', 'zta-account-analyzer-dev']]);
});

test('a slot resource patched into the home region is reported: one analyzer name twice in one account and region', () => {
  const objects = synthesizeCharts(baselineCharts(new App())).flat() as JsonObject[];
  const identity = objects.find((o) => o.kind === 'Composition' && (o.metadata as JsonObject).name === 'xidentities.aws.zerotrust.io')!;
  const pt = ((identity.spec as JsonObject).pipeline as JsonObject[]).find((s) => s.step === 'patch-and-transform')!;
  const slot = ((pt.input as JsonObject).resources as JsonObject[]).find((r) => r.name === 'accessAnalyzerRegion1')!;
  const regionPatch = (slot.patches as JsonObject[]).find((p) => p.toFieldPath === 'spec.forProvider.region')!;
  regionPatch.fromFieldPath = 'spec.parameters.region';
  const out = render({
    claimOrXr: lendingBaseline(),
    compositions: objects.filter((o) => o.kind === 'Composition'),
    xrds: objects.filter((o) => o.kind === 'CompositeResourceDefinition'),
    ...boundAccount('lending-dev'),
    clusterObjects: environmentConfigs(),
  });
  const collisions = out.problems.filter((p) => p.kind === 'aws-name').map((p) => p.message);
  expect(collisions).toEqual([
    expect.stringMatching(/^Analyzer\.accessanalyzer\.aws\.upbound\.io 'zta-account-analyzer-dev' in account 222233334444, region eu-west-1 is also Analyzer\/\S+: two managed resources would manage one AWS resource$/),
  ]);
});
