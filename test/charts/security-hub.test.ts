// Security Hub: the member account's hub is observed only (the organization's central configuration
// decides standards and controls); insights and action targets.
import type { JsonObject } from '../../renderer/types';
import { ACTION_TARGET_ID_MAX_LENGTH, ACTION_TARGETS, actionTargetId, SecurityHubChart } from '../../charts/security-hub';
import { MAX_SUFFIX_LENGTH } from '../../compositions/kernel/parameters';
import { forProvider, renderExample, resourceNamed, resourcesOfKind } from '../support/render-example';
import { renderCharts } from '../support/render-chart';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

const annotations = (r: JsonObject) => ((r.metadata as JsonObject).annotations ?? {}) as Record<string, string>;
const claimStatus = (name: 'dev-claim' | 'prod-claim', domain: string) => ((renderExample(name).claim!.status as JsonObject)[domain] ?? {}) as JsonObject;

const ready = (o: JsonObject) => ((((o.status as JsonObject | undefined)?.conditions ?? []) as JsonObject[]).find((c) => c.type === 'Ready'))?.status;

describe('security hub (rendered)', () => {
  test.each(['dev-claim', 'prod-claim'] as const)('%s: a member subscribes no standard (the organization\'s configuration policy decides them)', (name) => {
    const out = renderExample(name);
    expect(resourcesOfKind(out, 'StandardsSubscription.securityhub.aws.upbound.io')).toEqual([]);
    expect(out.resources.filter((r) => r.kind === 'XSecurityHubStandard')).toEqual([]);
  });
  test.each([['dev-claim', '111122223333'], ['prod-claim', '444455556666']] as const)('%s: the hub is only ever observed, by the account id, never deleted', (name, account) => {
    const hubs = resourcesOfKind(renderExample(name), 'Account.securityhub.aws.upbound.io');
    expect(hubs).toHaveLength(1);
    const spec = hubs[0]!.spec as JsonObject;
    expect(spec.managementPolicies).toEqual(['Observe']);
    expect(spec.deletionPolicy).toBeUndefined();
    expect(annotations(hubs[0]!)['crossplane.io/external-name']).toBe(account);
  });
  test('six custom insights and two action targets; the hub ARN reaches the claim status', () => {
    const out = renderExample('prod-claim');
    expect(resourcesOfKind(out, 'Insight.securityhub.aws.upbound.io')).toHaveLength(6);
    expect(resourcesOfKind(out, 'ActionTarget.securityhub.aws.upbound.io')).toHaveLength(2);
    expect(forProvider(resourceNamed(out, 'guardDutyHighSeverityInsight')).filters).toMatchObject({ productName: [{ comparison: 'EQUALS', value: 'GuardDuty' }] });
    expect(claimStatus('prod-claim', 'securityHub').securityHubArn).toBe('arn:aws:securityhub:eu-central-1:444455556666:hub/default');
  });
  test('a member hub sets no option: enabling, standards, control findings and controls are the delegated administrator\'s', () => {
    const hub = forProvider(resourceNamed(renderExample('prod-claim'), 'hub'));
    expect(hub).toEqual({ region: 'eu-central-1' });
  });
  test.each([['dev-claim', 'dev', '111122223333', 'eu-west-1'], ['prod-claim', 'prod', '444455556666', 'eu-central-1']] as const)(
    '%s: action target identifiers carry the environment suffix, and so do their ARNs in the claim status', (name, env, account, region) => {
      const out = renderExample(name);
      expect(annotations(resourceNamed(out, 'isolateAction'))['crossplane.io/external-name']).toBe(`ZtaIso${env}`);
      expect(annotations(resourceNamed(out, 'escalateAction'))['crossplane.io/external-name']).toBe(`ZtaEsc${env}`);
      expect(claimStatus(name, 'securityHub').actionTargetArns).toEqual({
        isolate: `arn:aws:securityhub:${region}:${account}:action/custom/ZtaIso${env}`,
        escalate: `arn:aws:securityhub:${region}:${account}:action/custom/ZtaEsc${env}`,
      });
    });
  test('with the longest environment suffix every identifier is alphanumeric and at most 20 characters; environments never collide', () => {
    const longest = 'a1'.repeat(MAX_SUFFIX_LENGTH / 2);
    expect(longest).toHaveLength(12);
    expect(ACTION_TARGET_ID_MAX_LENGTH).toBe(20);
    for (const name of Object.keys(ACTION_TARGETS)) {
      const id = actionTargetId(name, longest);
      expect(id).toMatch(/^[A-Za-z0-9]{1,20}$/);
      expect(actionTargetId(name, 'dev')).not.toBe(actionTargetId(name, 'prod'));
      // The display name is limited to 20 characters as well (CreateActionTarget Name).
      expect(ACTION_TARGETS[name]!.name.length).toBeLessThanOrEqual(20);
    }
    expect(new Set(Object.keys(ACTION_TARGETS).map((n) => actionTargetId(n, 'dev'))).size).toBe(Object.keys(ACTION_TARGETS).length);
    expect(() => actionTargetId('quarantine', 'dev')).toThrow("unknown action target 'quarantine', expected one of isolate, escalate");
  });
});

describe('XSecurityHub on its own: an observed hub, no standards', () => {
  const hub = (parameters: Record<string, unknown> = {}) => renderCharts((app) => [new SecurityHubChart(app, 'hub')], {
    apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XSecurityHub', metadata: { name: 'hub' },
    spec: { parameters: { accountId: '111122223333', region: 'eu-west-1', environmentSuffix: 'dev', ...parameters } },
  });

  test('renders Ready with the hub observed, six insights and two action targets, all after the hub, and nothing else', () => {
    const out = hub();
    expect(out.problems).toEqual([]);
    expect(ready(out.composite)).toBe('True');
    expect(out.resources.map((r) => `${String(r.kind)}.${String(r.apiVersion).split('/')[0]}`).sort()).toEqual([
      'Account.securityhub.aws.upbound.io', ...Array(2).fill('ActionTarget.securityhub.aws.upbound.io'), ...Array(6).fill('Insight.securityhub.aws.upbound.io'),
    ]);
    const hubArn = String((out.composite.status as JsonObject).securityHubArn);
    expect(hubArn).toBe('arn:aws:securityhub:eu-west-1:111122223333:hub/default');
    for (const r of [...resourcesOfKind(out, 'Insight.securityhub.aws.upbound.io'), ...resourcesOfKind(out, 'ActionTarget.securityhub.aws.upbound.io')]) {
      expect(annotations(r)['zerotrust.io/security-hub']).toBe(hubArn);
    }
  });

  test('the claim\'s managementPolicies never turn the hub into a managed one (a member cannot enable or disable it)', () => {
    const out = hub({ managementPolicies: ['*'] });
    expect((resourcesOfKind(out, 'Account.securityhub.aws.upbound.io')[0]!.spec as JsonObject).managementPolicies).toEqual(['Observe']);
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('security-hub'), () => expect(synthChart('security-hub')).toMatchSnapshot());
