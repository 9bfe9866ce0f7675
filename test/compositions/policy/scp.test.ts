// Guardrail SCPs under the IAM policy simulator: every protected action is denied for an ordinary
// administrator and allowed for the break-glass and provisioning roles; sizes stay under AWS limits.
import {
  exemptRoleArns, GLOBAL_SERVICE_ACTIONS, guardrailEnvironment, MAX_ALLOWED_REGIONS, protectBaselineScp, protectOrganizationScp, regionGuardrailScp, SCP_BUDGET_PER_TARGET,
  SCP_MAX_CHARACTERS, SCP_MAX_PER_TARGET,
} from '../../../compositions/policy/scp';
import { SECURITY_SERVICE_SHUTDOWN_ACTIONS } from '../../../compositions/blocks/organization/guardrail-actions';
import { MAX_SUFFIX_LENGTH } from '../../../compositions/kernel/parameters';
import { ALLOW_ALL, simulate } from '../../support/iam-simulator';
import { resourceFor } from '../../support/organization-scps';

const ACCOUNT = '111122223333';
const names = { breakGlassRoleName: 'zta-break-glass', provisioningRoleName: 'platform/zta-provisioning', environment: 'dev' };
const admin = `arn:aws:iam::${ACCOUNT}:role/platform-admin`;
const breakGlass = `arn:aws:iam::${ACCOUNT}:role/zta-break-glass`;
const provisioning = `arn:aws:iam::${ACCOUNT}:role/platform/zta-provisioning`;
const adminPolicy = ALLOW_ALL;

async function run(principal: string, action: string, scp: object, context: Record<string, string | string[]> = {}, given?: string): Promise<string> {
  // A resource of the type the action acts on (the simulator checks action/resource pairs).
  const resource = given ?? resourceFor(action, ['*'], { account: ACCOUNT, region: 'eu-west-1', environment: 'dev' });
  return (await simulate({
    principal, action, resource, resourceAccount: ACCOUNT,
    identityPolicies: [adminPolicy],
    // KMS authorizes through the key policy: the default one delegates to the account's IAM policies.
    ...(action.startsWith('kms:') ? { resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] } } : {}),
    scps: [ALLOW_ALL, [ALLOW_ALL, scp]], context: { 'aws:PrincipalArn': principal, ...context },
  })).result;
}

describe('protect-baseline SCP: security services', () => {
  const scp = protectBaselineScp(names).toJson();
  // Wildcard families (config:Delete*) are exercised with one concrete member.
  const member: Record<string, string> = { 'config:Delete*': 'config:DeleteConfigRule', 'access-analyzer:Delete*': 'access-analyzer:DeleteAnalyzer', 'access-analyzer:Update*': 'access-analyzer:UpdateFindings' };
  const cases = SECURITY_SERVICE_SHUTDOWN_ACTIONS.flatMap((g) => g.actions).map((a) => member[a] ?? a.replace('DisassociateFrom*', 'DisassociateFromAdministratorAccount'));
  test.each(cases)('%s: denied for an administrator, allowed for break-glass and provisioning roles', async (action) => {
    expect(await run(admin, action, scp)).toBe('ExplicitlyDenied');
    expect(await run(breakGlass, action, scp)).toBe('Allowed');
    expect(await run(provisioning, action, scp)).toBe('Allowed');
  });
  test('ordinary work is untouched', async () => {
    expect(await run(admin, 'ec2:RunInstances', scp)).toBe('Allowed');
    expect(await run(admin, 'guardduty:GetFindings', scp)).toBe('Allowed');
  });
  test('a role whose name only starts with the break-glass name is not exempt', async () => {
    expect(await run(`arn:aws:iam::${ACCOUNT}:role/zta-break-glass-copy`, 'cloudtrail:StopLogging', scp)).toBe('ExplicitlyDenied');
  });
});

describe('protect-baseline SCP: keys', () => {
  const scp = protectBaselineScp(names).toJson();
  const key = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  test.each(['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy', 'kms:DisableKeyRotation'])('%s on a baseline key: denied for an administrator, allowed for break-glass', async (action) => {
    const tagged = { 'aws:ResourceTag/zerotrust.io/key-purpose': 'data' };
    expect(await run(admin, action, scp, tagged, key)).toBe('ExplicitlyDenied');
    expect(await run(breakGlass, action, scp, tagged, key)).toBe('Allowed');
  });
  test('keys that are not the baseline\'s stay manageable', async () => {
    expect(await run(admin, 'kms:ScheduleKeyDeletion', scp, {}, key)).toBe('Allowed');
  });
});

describe('protect-organization SCP (shared by every target, no exemption)', () => {
  const scp = protectOrganizationScp().toJson();
  test('the root user is denied everything', async () => {
    const root = `arn:aws:iam::${ACCOUNT}:root`;
    expect((await simulate({ principal: root, action: 's3:ListAllMyBuckets', resource: '*', resourceAccount: ACCOUNT, scps: [ALLOW_ALL, [ALLOW_ALL, scp]], context: { 'aws:PrincipalArn': root } })).result).toBe('ExplicitlyDenied');
  });
  test('nobody leaves the organization, break-glass and provisioning roles included', async () => {
    for (const who of [admin, breakGlass, provisioning]) expect(await run(who, 'organizations:LeaveOrganization', scp)).toBe('ExplicitlyDenied');
  });
  test('roles work as usual', async () => {
    expect(await run(admin, 'ec2:RunInstances', scp)).toBe('Allowed');
  });
  test('its content names no principal and no parameter: one policy serves every target', () => {
    expect(JSON.stringify(scp)).not.toMatch(/\$\{xr:|role\//);
  });
});

describe('region guardrail SCP', () => {
  const scp = regionGuardrailScp(names, ['eu-west-1', 'eu-central-1']).toJson();
  test('regional services outside the allowed regions are denied, inside allowed', async () => {
    expect(await run(admin, 'ec2:RunInstances', scp, { 'aws:RequestedRegion': 'us-west-2' })).toBe('ExplicitlyDenied');
    expect(await run(admin, 'ec2:RunInstances', scp, { 'aws:RequestedRegion': 'eu-central-1' })).toBe('Allowed');
    expect(await run(breakGlass, 'ec2:RunInstances', scp, { 'aws:RequestedRegion': 'us-west-2' })).toBe('Allowed');
  });
  test('global services called in us-east-1 stay usable', async () => {
    expect(await run(admin, 'iam:CreateRole', scp, { 'aws:RequestedRegion': 'us-east-1' })).toBe('Allowed');
    expect(await run(admin, 'sts:AssumeRole', scp, { 'aws:RequestedRegion': 'us-east-1' })).toBe('Allowed');
    expect(GLOBAL_SERVICE_ACTIONS).toEqual(expect.arrayContaining(['iam:*', 'organizations:*', 'cloudfront:*', 'route53:*', 'sts:*', 'support:*']));
  });
});

describe('SCP size and count limits', () => {
  // The longest names the onboarding admits in practice: the longest environment suffix (the
  // break-glass role is zta-break-glass-<environment>), a 64-character provisioning role name under
  // a path, six regions. Longer provisioning paths are refused by the onboarding's own size check.
  const environment = 'e'.repeat(MAX_SUFFIX_LENGTH);
  const longest = { breakGlassRoleName: `zta-break-glass-${environment}`, provisioningRoleName: `org/platform/${'p'.repeat(64)}`, environment };
  const sixRegions = ['ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'eu-central-2'];
  test.each([
    ['protect-organization', protectOrganizationScp().toString()],
    ['protect-baseline', protectBaselineScp(longest).toString()],
    ['region-guardrail', regionGuardrailScp(longest, sixRegions).toString()],
  ])('%s renders under 5,120 characters with the longest parameters', (_name, rendered) => {
    expect(rendered.length).toBeLessThan(SCP_MAX_CHARACTERS);
  });
  test(`the budget per target spends at most ${SCP_MAX_PER_TARGET} direct SCPs, FullAWSAccess included, and keeps one for the customer`, () => {
    const total = Object.values(SCP_BUDGET_PER_TARGET).reduce((a, b) => a + b, 0);
    expect(total).toBe(SCP_MAX_PER_TARGET);
    expect(SCP_BUDGET_PER_TARGET.reservedForCustomer).toBeGreaterThanOrEqual(1);
    expect(sixRegions).toHaveLength(MAX_ALLOWED_REGIONS);
  });
  test('exemptions are exact role ARNs in any account', () => {
    expect(exemptRoleArns(names)).toEqual(['arn:aws:iam::*:role/zta-break-glass', 'arn:aws:iam::*:role/platform/zta-provisioning']);
  });
  test('the environment of the name-scoped denies comes from the scope, else from the break-glass role name, else it is an error', () => {
    expect(guardrailEnvironment({ ...names, environment: 'prod' })).toBe('prod');
    expect(guardrailEnvironment({ breakGlassRoleName: 'zta-break-glass-qa', provisioningRoleName: 'p' })).toBe('qa');
    expect(() => guardrailEnvironment({ breakGlassRoleName: 'ops/emergency', provisioningRoleName: 'p' })).toThrow(/ops\/emergency.*pass environment/);
    expect(JSON.stringify(regionGuardrailScp(names, ['eu-west-1']).toJson())).toContain('alarm:zta-*-dev');
    expect(JSON.stringify(regionGuardrailScp(names, ['eu-west-1']).toJson())).not.toContain('<env>');
  });
});
