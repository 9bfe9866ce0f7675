// Obligation (issue 16 item 3): the simulated provider refuses two managed resources of one kind with
// the same AWS name in one scope (they would fight over one AWS resource, and deleting either deletes
// it for both). test/renderer/aws/aws-name-collisions.test.ts shows the regional scope (an analyzer name
// twice in one region, and no collision across regions); here the account scope of a global kind
// (IAM), and every example the package ships rendering without a collision.
import { App } from 'cdk8s';
import { render } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';
import { baselineCharts, exampleClaim } from '../support/baseline-render';
import { boundAccount, environmentConfigs } from '../support/onboarding';
import { EXAMPLE_BLOCK_CLAIMS, EXAMPLE_CLAIMS, renderExample, renderOrganizationExample, type AnyExampleName } from '../support/render-example';

const EXTERNAL_NAME = 'metadata.annotations[crossplane.io/external-name]';

describe('every example renders without two managed resources on one AWS resource', () => {
  test.each([...Object.keys(EXAMPLE_CLAIMS), ...Object.keys(EXAMPLE_BLOCK_CLAIMS)] as AnyExampleName[])('%s', (name) => {
    const out = renderExample(name);
    expect(out.resources.length).toBeGreaterThan(5);
    expect(out.problems.filter((p) => p.kind === 'aws-name')).toEqual([]);
  });

  test('the organization', () => {
    expect(renderOrganizationExample().problems.filter((p) => p.kind === 'aws-name')).toEqual([]);
  });
});

test('two IAM roles patched to one name in one account are refused (IAM names are account-wide: no region in the scope)', () => {
  const objects = baselineCharts(new App()).flatMap((c) => c.toJson() as JsonObject[]);
  const identity = objects.find((o) => o.kind === 'Composition' && (o.metadata as JsonObject).name === 'xidentities.aws.zerotrust.io')!;
  const pt = ((identity.spec as JsonObject).pipeline as JsonObject[]).find((s) => s.step === 'patch-and-transform')!;
  const resources = (pt.input as JsonObject).resources as JsonObject[];
  const nameOf = (r: JsonObject) => (r.patches as JsonObject[]).findIndex((p) => p.toFieldPath === EXTERNAL_NAME);
  const audit = resources.find((r) => r.name === 'securityAuditRole')!;
  const incident = resources.find((r) => r.name === 'incidentResponseRole')!;
  (incident.patches as JsonObject[])[nameOf(incident)] = (audit.patches as JsonObject[])[nameOf(audit)]!;
  const claim = exampleClaim('dev-claim');
  const params = (claim.spec as JsonObject).parameters as JsonObject;
  const out = render({
    claimOrXr: { ...claim, spec: { ...(claim.spec as JsonObject), parameters: { identity: params.identity } } },
    compositions: objects.filter((o) => o.kind === 'Composition'),
    xrds: objects.filter((o) => o.kind === 'CompositeResourceDefinition'),
    ...boundAccount('payments-dev'),
    clusterObjects: environmentConfigs(),
  });
  expect(out.problems.filter((p) => p.kind === 'aws-name').map((p) => p.message)).toEqual([
    expect.stringMatching(/^Role\.iam\.aws\.upbound\.io 'zta-security-audit-dev' in account 111122223333 is also Role\/\S+: two managed resources would manage one AWS resource$/),
  ]);
});
