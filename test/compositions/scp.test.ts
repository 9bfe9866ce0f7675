// Guardrail SCPs under the IAM policy simulator: every protected action is denied for an ordinary
// administrator and allowed for the break-glass and provisioning roles; sizes stay under AWS limits.
import {
  exemptRoleArns, GLOBAL_SERVICE_ACTIONS, MAX_ALLOWED_REGIONS, protectBaselineScp, protectOrganizationScp, regionGuardrailScp, SCP_BUDGET_PER_TARGET, SCP_MAX_CHARACTERS,
  SCP_MAX_PER_TARGET, SECURITY_SERVICE_TAMPERING_ACTIONS,
} from '../../compositions/scp';
import { ALLOW_ALL, simulate } from '../support/iam-simulator';

const ACCOUNT = '111122223333';
const names = { breakGlassRoleName: 'zta-break-glass', provisioningRoleName: 'platform/zta-provisioning' };
const admin = `arn:aws:iam::${ACCOUNT}:role/platform-admin`;
const breakGlass = `arn:aws:iam::${ACCOUNT}:role/zta-break-glass`;
const provisioning = `arn:aws:iam::${ACCOUNT}:role/platform/zta-provisioning`;
const adminPolicy = ALLOW_ALL;

// A resource of the type each action acts on (the simulator checks action/resource pairs).
const R = `eu-west-1:${ACCOUNT}`;
const RESOURCES: Record<string, string> = {
  cloudtrail: `arn:aws:cloudtrail:${R}:trail/zta-trail-dev`,
  'guardduty:DeleteDetector': `arn:aws:guardduty:${R}:detector/4ab8c1f2d9e07a3b5c6d7e8f90a1b2c3`,
  'guardduty:UpdateDetector': `arn:aws:guardduty:${R}:detector/4ab8c1f2d9e07a3b5c6d7e8f90a1b2c3`,
  'guardduty:UpdateIPSet': `arn:aws:guardduty:${R}:detector/4ab8c1f2d9e07a3b5c6d7e8f90a1b2c3/ipset/x`,
  'guardduty:DeleteIPSet': `arn:aws:guardduty:${R}:detector/4ab8c1f2d9e07a3b5c6d7e8f90a1b2c3/ipset/x`,
  'guardduty:UpdateFilter': `arn:aws:guardduty:${R}:detector/4ab8c1f2d9e07a3b5c6d7e8f90a1b2c3/filter/x`,
  'guardduty:DeleteThreatIntelSet': `arn:aws:guardduty:${R}:detector/4ab8c1f2d9e07a3b5c6d7e8f90a1b2c3/threatintelset/x`,
  'guardduty:UpdateThreatIntelSet': `arn:aws:guardduty:${R}:detector/4ab8c1f2d9e07a3b5c6d7e8f90a1b2c3/threatintelset/x`,
  securityhub: `arn:aws:securityhub:${R}:hub/default`,
  'access-analyzer': `arn:aws:access-analyzer:${R}:analyzer/zta-analyzer-dev`,
  'ec2:DeleteFlowLogs': `arn:aws:ec2:${R}:vpc-flow-log/fl-0123456789abcdef0`,
};
function resourceFor(action: string): string {
  return RESOURCES[action] ?? RESOURCES[action.split(':')[0]!] ?? '*';
}

async function run(principal: string, action: string, scp: object, context: Record<string, string | string[]> = {}, resource = resourceFor(action)): Promise<string> {
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
  const cases = Object.values(SECURITY_SERVICE_TAMPERING_ACTIONS).flat();
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
  // Longest realistic names: 64-character role names under a path, six regions.
  const longest = { breakGlassRoleName: `org/security/${'b'.repeat(64)}`, provisioningRoleName: `org/platform/${'p'.repeat(64)}` };
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
});
