// The simulated provider's AWS Organizations model (renderer/aws/organizations.ts): its quotas and
// refusals, on the organization composite generated into deploy/onboarding/organization.yaml rendered
// through the package, and on single requests (organizationsError).
import { OnboardingNames } from '../../../compositions/package/onboarding';
import { render, type RenderOutput } from '../../../renderer/render';
import { organizationsError, OrganizationsQuotas } from '../../../renderer/aws/organizations';
import type { JsonObject } from '../../../renderer/types';
import { onboardingObjects } from '../../support/onboarding';
import { packageApis } from '../../support/render-example';

const objects = onboardingObjects();
const xr = objects.find((o) => o.kind === 'XZeroTrustOrganization')!;
const providerConfigs = objects.filter((o) => o.kind === 'ProviderConfig');
const renderOrganization = (extra: JsonObject[] = [], options: { organizationManagementAccountId?: string } = {}): RenderOutput =>
  render({ claimOrXr: xr, ...packageApis(), clusterObjects: [...providerConfigs, ...extra], ...options });

const spec = (o: JsonObject): JsonObject => o.spec as JsonObject;
const fp = (o: JsonObject): JsonObject => spec(o).forProvider as JsonObject;
const ofKind = (o: RenderOutput, kind: string): JsonObject[] => o.resources.filter((r) => r.kind === kind && String(r.apiVersion).startsWith('organizations.aws.upbound.io/'));
const ready = (o: JsonObject): unknown => (((o.status as JsonObject | undefined)?.conditions ?? []) as JsonObject[]).find((c) => c.type === 'Ready')?.status;

// ---------------------------------------------------------------- AWS Organizations quotas in the simulated provider

const MANAGEMENT = OnboardingNames.managementProviderConfig;
/** A policy and attachments the organization already has (created outside the package). */
function existingPolicy(name: string, policyName: string, id: string, type = 'SERVICE_CONTROL_POLICY'): JsonObject {
  return {
    apiVersion: 'organizations.aws.upbound.io/v1beta1', kind: 'Policy', metadata: { name },
    spec: { forProvider: { name: policyName, type, content: '{"Version":"2012-10-17","Statement":[]}' }, providerConfigRef: { name: MANAGEMENT } },
    status: { atProvider: { id } },
  };
}
function existingAttachment(name: string, policyId: string, targetId: string): JsonObject {
  return {
    apiVersion: 'organizations.aws.upbound.io/v1beta1', kind: 'PolicyAttachment', metadata: { name },
    spec: { forProvider: { policyId, targetId }, providerConfigRef: { name: MANAGEMENT } },
    status: { atProvider: { id: `${targetId}:${policyId}` } },
  };
}
const problemsOf = (o: RenderOutput): string[] => o.problems.map((p) => `${p.object}: ${p.message}`);

describe('AWS Organizations quotas (simulated provider)', () => {
  test('a 6th direct SCP on an OU is refused with POLICY_NUMBER_LIMIT_EXCEEDED and shows as Synced=False: the package leaves exactly one slot', () => {
    const customer = [existingPolicy('customer-a', 'customer-deny-a', 'p-customera'), existingPolicy('customer-b', 'customer-deny-b', 'p-customerb')];
    // One customer SCP on the dev OU fits (FullAWSAccess + 2 ours + 1 = 4 < 5) ...
    const one = renderOrganization([...customer, existingAttachment('customer-a-dev', 'p-customera', 'ou-ab12-devaccts')]);
    expect(one.problems).toEqual([]);
    // ... two make 5, and a third leaves no room for the package's second one.
    const three = renderOrganization([...customer, existingPolicy('customer-c', 'customer-deny-c', 'p-customerc'),
      existingAttachment('customer-a-dev', 'p-customera', 'ou-ab12-devaccts'), existingAttachment('customer-b-dev', 'p-customerb', 'ou-ab12-devaccts'),
      existingAttachment('customer-c-dev', 'p-customerc', 'ou-ab12-devaccts')]);
    const refusals = problemsOf(three).filter((p) => p.includes('POLICY_NUMBER_LIMIT_EXCEEDED'));
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    expect(refusals[0]).toMatch(/AttachPolicy p-\w+ to ou-ab12-devaccts: ConstraintViolationException \(POLICY_NUMBER_LIMIT_EXCEEDED\): ou-ab12-devaccts already has 5 SERVICE_CONTROL_POLICY policies attached directly \(FullAWSAccess and /);
    const refused = ofKind(three, 'PolicyAttachment').filter((a) => fp(a).targetId === 'ou-ab12-devaccts' && ready(a) !== 'True');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const a of refused) expect((((a.status as JsonObject).conditions as JsonObject[]).find((c) => c.type === 'Synced'))!.status).toBe('False');
    expect(ready(three.composite)).not.toBe('True');
    // The other targets are not affected.
    expect(ofKind(three, 'PolicyAttachment').filter((a) => fp(a).targetId !== 'ou-ab12-devaccts').every((a) => ready(a) === 'True')).toBe(true);
  });

  test('a policy name already taken in the organization is refused with DuplicatePolicyException', () => {
    const taken = renderOrganization([existingPolicy('someone-elses', 'zta-protect-organization-org', 'p-takenname')]);
    expect(problemsOf(taken)).toEqual(expect.arrayContaining([expect.stringContaining('CreatePolicy zta-protect-organization-org: DuplicatePolicyException: a policy with this name already exists in the organization (someone-elses)')]));
  });

  test('Organizations policy calls from any account but the management account are refused', () => {
    const elsewhere = renderOrganization([], { organizationManagementAccountId: '555566667777' });
    expect(problemsOf(elsewhere)).toEqual(expect.arrayContaining([expect.stringContaining('CreatePolicy: AccessDeniedException: account 999900001111 is not the organization\'s management account (555566667777)')]));
  });
});

describe('organizationsError (unit)', () => {
  const ctx = (objects: JsonObject[]) => ({ list: (kind: string) => objects.filter((o) => `${String(o.kind)}.organizations.aws.upbound.io` === kind), accountOf: () => '999900001111', managementAccountId: '999900001111' });
  const policy = (content: string, name = 'p') => ({ apiVersion: 'organizations.aws.upbound.io/v1beta1', kind: 'Policy', metadata: { name }, spec: { forProvider: { name: 'n', type: 'SERVICE_CONTROL_POLICY', content } } });
  test(`content over ${OrganizationsQuotas.policyCharacters} characters: POLICY_CONTENT_LIMIT_EXCEEDED; not JSON: MalformedPolicyDocumentException`, () => {
    const big = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(5100), Effect: 'Deny', Action: '*', Resource: '*' }] });
    expect(organizationsError(policy(big), 'Policy.organizations.aws.upbound.io', ctx([]))).toMatch(/^CreatePolicy n: ConstraintViolationException \(POLICY_CONTENT_LIMIT_EXCEEDED\): the policy has 51\d\d characters, more than the 5120 allowed$/);
    expect(organizationsError(policy('{"Version":'), 'Policy.organizations.aws.upbound.io', ctx([]))).toBe('CreatePolicy n: MalformedPolicyDocumentException: the policy content is not valid JSON');
    expect(organizationsError(policy('{}'), 'Policy.organizations.aws.upbound.io', ctx([]))).toBeUndefined();
  });
  test('the AWS-managed names are taken; a name is refused once a policy holding it exists, and the holder is not refused', () => {
    expect(organizationsError({ ...policy('{}'), spec: { forProvider: { name: 'FullAWSAccess', content: '{}' } } }, 'Policy.organizations.aws.upbound.io', ctx([]))).toContain('DuplicatePolicyException');
    const a = { ...policy('{}', 'a'), status: { atProvider: { id: 'p-aaaaaaaa' } } };
    const b = policy('{}', 'b');
    expect(organizationsError(b, 'Policy.organizations.aws.upbound.io', ctx([b]))).toBeUndefined();
    expect(organizationsError(a, 'Policy.organizations.aws.upbound.io', ctx([a, b]))).toBeUndefined();
    expect(organizationsError(b, 'Policy.organizations.aws.upbound.io', ctx([a, b]))).toBe('CreatePolicy n: DuplicatePolicyException: a policy with this name already exists in the organization (a)');
  });
  test('RCPs and SCPs count against separate quotas of the same target', () => {
    const scps = [1, 2, 3, 4].map((i) => existingPolicy(`s${i}`, `s${i}`, `p-s${i}`));
    const rcp = existingPolicy('r', 'r', 'p-r', 'RESOURCE_CONTROL_POLICY');
    const attached = [1, 2, 3].map((i) => existingAttachment(`a${i}`, `p-s${i}`, '111122223333'));
    const attach = (policyId: string) => ({ apiVersion: 'organizations.aws.upbound.io/v1beta1', kind: 'PolicyAttachment', metadata: { name: 'z' }, spec: { forProvider: { policyId, targetId: '111122223333' } } });
    const all = [...scps, rcp, ...attached];
    // FullAWSAccess + 3 + this one = 5: fits; RCPFullAWSAccess + this one: fits.
    expect(organizationsError(attach('p-s4'), 'PolicyAttachment.organizations.aws.upbound.io', ctx(all))).toBeUndefined();
    expect(organizationsError(attach('p-r'), 'PolicyAttachment.organizations.aws.upbound.io', ctx(all))).toBeUndefined();
    expect(organizationsError(attach('p-s4'), 'PolicyAttachment.organizations.aws.upbound.io', ctx([...all, existingAttachment('a4', 'p-s4', '111122223333')]))).toContain('DuplicatePolicyAttachmentException');
    const full = [...all, existingPolicy('s5', 's5', 'p-s5'), existingAttachment('a4', 'p-s4', '111122223333')];
    expect(organizationsError(attach('p-s5'), 'PolicyAttachment.organizations.aws.upbound.io', ctx(full))).toContain('POLICY_NUMBER_LIMIT_EXCEEDED');
  });
});
