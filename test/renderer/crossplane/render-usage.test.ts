// The usage controller inside the render: composed ClusterUsages resolve their selectors against the
// simulated cluster (across composites of one claim), label the used object, are owned by their user
// and become Ready; selectors that match nothing or several objects are reported.
import { App } from 'cdk8s';
import { render, type RenderOutput } from '../../../renderer/render';
import type { JsonObject } from '../../../renderer/types';
import { LABEL_IN_USE } from '../../../renderer/crossplane/usage';
import { baselineCharts, exampleClaim, renderBaseline } from '../../support/baseline-render';
import { boundAccount, environmentConfigs, namespaceOf } from '../../support/onboarding';
import { renderCharts } from '../../support/render-chart';
import { synthesizeCharts } from '../../../compositions/kernel/synth-charts';

const meta = (o: JsonObject): JsonObject => o.metadata as JsonObject;
const component = (o: JsonObject): string | undefined => (meta(o).labels as Record<string, string> | undefined)?.['zerotrust.io/component'];
const usages = (out: RenderOutput) => out.resources.filter((r) => r.kind === 'ClusterUsage');
const end = (u: JsonObject, which: 'of' | 'by') => (u.spec as JsonObject)[which] as JsonObject;

describe('ClusterUsages of the baseline (encryption, data protection, identity) rendered from the dev claim', () => {
  const out = renderBaseline('dev-claim');

  test('renders without problems; the expected Usages exist', () => {
    expect(out.problems).toEqual([]);
    expect(usages(out).map(component).sort()).toEqual([
      'breakGlassRoleUsesPermissionsBoundary', 'ebsDefaultKmsKeyUsesDataKey', 'incidentResponseRoleUsesPermissionsBoundary', 'securityAuditRoleUsesPermissionsBoundary',
    ]);
  });

  test('each end resolves to exactly the object its labels name, in the same claim', () => {
    for (const u of usages(out)) {
      for (const which of ['of', 'by'] as const) {
        const e = end(u, which);
        const wanted = (e.resourceSelector as JsonObject).matchLabels as Record<string, string>;
        const matches = out.resources.filter((r) => r.kind === e.kind && Object.entries(wanted).every(([k, v]) => (meta(r).labels as Record<string, string>)[k] === v));
        expect({ usage: component(u), which, matches: matches.length }).toEqual({ usage: component(u), which, matches: 1 });
        expect((e.resourceRef as JsonObject).name).toBe(meta(matches[0]!).name);
      }
    }
  });

  test('the cross-composite selector is scoped by the root composite label, patched from the consuming composite', () => {
    const ebs = usages(out).find((u) => component(u) === 'ebsDefaultKmsKeyUsesDataKey')!;
    expect((end(ebs, 'of').resourceSelector as JsonObject).matchLabels).toEqual({
      'zerotrust.io/component': 'dataKey', 'zerotrust.io/domain': 'encryption', 'crossplane.io/composite': meta(out.composite).name,
    });
  });

  test('the usage controller\'s marks: in-use label on the used object, owner reference to the user, finalizer, details, Ready', () => {
    for (const u of usages(out)) {
      const used = out.resources.find((r) => meta(r).name === (end(u, 'of').resourceRef as JsonObject).name)!;
      const user = out.resources.find((r) => meta(r).name === (end(u, 'by').resourceRef as JsonObject).name)!;
      expect((meta(used).labels as Record<string, string>)[LABEL_IN_USE]).toBe('true');
      expect(meta(u).ownerReferences).toContainEqual({ apiVersion: user.apiVersion, kind: user.kind, name: meta(user).name, uid: meta(user).uid });
      expect(meta(u).finalizers).toEqual(['usage.apiextensions.crossplane.io']);
      expect((meta(u).annotations as Record<string, string>)['crossplane.io/usage-details']).toBe((u.spec as JsonObject).reason);
      expect(((u.status as JsonObject).conditions as JsonObject[]).find((c) => c.type === 'Ready')?.status).toBe('True');
    }
  });
});

describe('selectors that do not pick exactly one object are reported', () => {
  // The baseline's identity composition plus two hand-written Usages.
  function renderWith(extra: JsonObject[]): RenderOutput {
    const objects = synthesizeCharts(baselineCharts(new App())).flat() as JsonObject[];
    const compositions = objects.filter((o) => o.kind === 'Composition').map((c) => {
      if (meta(c).name !== 'xidentities.aws.zerotrust.io') return c;
      const copy = JSON.parse(JSON.stringify(c)) as JsonObject;
      ((((copy.spec as JsonObject).pipeline as JsonObject[])[0]!.input as JsonObject).resources as JsonObject[]).push(...extra);
      return copy;
    });
    const claim = exampleClaim('dev-claim');
    const params = (claim.spec as JsonObject).parameters as JsonObject;
    const kept = Object.fromEntries(Object.entries(params).filter(([k]) => !['auditLogging', 'securityMonitoring', 'network', 'threatDetection', 'guardrails', 'webFirewall'].includes(k)));
    return render({
      claimOrXr: { ...claim, spec: { ...(claim.spec as JsonObject), parameters: kept } },
      compositions, xrds: objects.filter((o) => o.kind === 'CompositeResourceDefinition'),
      ...boundAccount(namespaceOf(claim)), clusterObjects: environmentConfigs(), maxPasses: 12,
    });
  }
  const usage = (name: string, of: JsonObject): JsonObject => ({
    name,
    base: {
      apiVersion: 'protection.crossplane.io/v1beta1', kind: 'ClusterUsage',
      spec: { of: { apiVersion: 'iam.aws.upbound.io/v1beta1', kind: 'Role', resourceSelector: of }, reason: 'test usage of a role', replayDeletion: true },
    },
  });

  test('no match: upstream\'s message; several matches: our finding (Crossplane would silently take the first by name)', () => {
    const out = renderWith([
      usage('ambiguousUsage', { matchControllerRef: true, matchLabels: { 'zerotrust.io/domain': 'identity' } }),
      usage('missingUsage', { matchControllerRef: true, matchLabels: { 'zerotrust.io/component': 'noSuchRole' } }),
    ]);
    const findings = out.problems.filter((p) => p.kind === 'usage').map((p) => p.message);
    expect(findings).toContainEqual(
      'cannot resolve selectors: cannot resolve selector at "spec.of.resourceSelector": no "Role" found matching labels: map["zerotrust.io/component":"noSuchRole"]',
    );
    expect(findings.some((m) => /^spec\.of\.resourceSelector matches 3 Role objects \(.+\); Crossplane silently takes the first by name/.test(m))).toBe(true);
    // The unresolved Usage never becomes Ready, so neither does its composite.
    expect(out.problems.some((p) => p.kind === 'readiness' && p.object.startsWith('XIdentity/') && p.message.includes('missingUsage'))).toBe(true);
  });
});

describe('a domain composite rendered alone', () => {
  test('its Usages of other domains\' resources resolve to stand-ins that are in the cluster but not in the output', () => {
    const xr: JsonObject = {
      apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XDataProtection', metadata: { name: 'dp' },
      spec: { parameters: { accountId: '111122223333', region: 'eu-west-1', environmentSuffix: 'test', dataKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555' } },
    };
    const out = renderCharts(baselineCharts, xr);
    expect(out.problems).toEqual([]);
    const ebs = usages(out).find((u) => component(u) === 'ebsDefaultKmsKeyUsesDataKey')!;
    expect((end(ebs, 'of').resourceRef as JsonObject).name).toBe('stand-in-encryption-datakey');
    expect(out.resources.some((r) => meta(r).name === 'stand-in-encryption-datakey')).toBe(false);
  });
});
