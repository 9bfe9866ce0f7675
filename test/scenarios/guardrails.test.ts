// Attack and no-lockout scenarios (issue 13 item 4), each one principal, action, resource, context
// and the expected decision, evaluated by the IAM policy simulator over the SCPs the example
// organization composite renders (root, OU and account levels, each with FullAWSAccess, as AWS
// evaluates them). Generated from the same action lists the guardrails are built from, so a list
// that grows grows the suite; the expectations are written here, not derived from the policies.
import { onboarding } from '../../examples/onboarding';
import { EXEMPT_ROLE_TAMPERING_ACTIONS, SECURITY_SERVICE_TAMPERING_ACTIONS } from '../../compositions/scp';
import { ISSUE_14_TAMPERING_GUARDRAILS, type TamperingGuardrail } from '../../compositions/guardrail-actions';
import { ConditionOperator } from '../../compositions/iam';
import { ALLOW_ALL, simulate, type SimulationResult } from '../support/iam-simulator';
import { organizationScps } from '../support/organization-scps';
import { renderOrganizationExample } from '../support/render-example';

const scpsOf = organizationScps(renderOrganizationExample());

interface Account { readonly name: string; readonly id: string; readonly home: string; readonly admin: string; readonly breakGlass: string; readonly provisioning: string; readonly scps: object[][] }
const ACCOUNTS: Account[] = onboarding.accounts.map((a) => ({
  name: a.namespace,
  id: a.accountId,
  home: a.homeRegion,
  admin: `arn:aws:iam::${a.accountId}:role/app-admin`,
  breakGlass: `arn:aws:iam::${a.accountId}:role/zta-break-glass-${a.environment}`,
  provisioning: a.provider.roleArn,
  scps: scpsOf(a.accountId),
}));

interface Scenario { readonly principal: string; readonly action: string; readonly resource: string; readonly context?: Record<string, string>; readonly expected: SimulationResult; readonly keyPolicy?: boolean }
async function decide(account: Account, s: Scenario): Promise<SimulationResult> {
  return (await simulate({
    principal: s.principal, action: s.action, resource: s.resource, resourceAccount: account.id,
    identityPolicies: [ALLOW_ALL], scps: account.scps,
    context: { 'aws:PrincipalArn': s.principal, 'aws:RequestedRegion': account.home, ...(s.context ?? {}) },
    // KMS (and the simulator) also need the key policy to allow: the default one, trusting the account.
    ...(s.action.startsWith('kms:') ? { resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account.id}:root` }, Action: 'kms:*', Resource: '*' }] } } : {}),
  })).result;
}
const short = (arn: string) => arn.replace(/^arn:aws:iam::\d+:role\//, '');
const table = (account: Account, scenarios: Scenario[]) => scenarios.map((s) => [account.name, short(s.principal), s.action, s.resource, s.expected, account, s] as const);

describe.each(ACCOUNTS)('$name: the security services stay on (CIS 3.1, 3.3, 4.16, 1.20, 3.7, 2.2.1, 2.1.4; GuardDuty.1)', (account) => {
  const actions = Object.values(SECURITY_SERVICE_TAMPERING_ACTIONS).flat();
  test.each(actions.flatMap((action) => table(account, [
    { principal: account.admin, action, resource: '*', expected: 'ExplicitlyDenied' },
    { principal: account.breakGlass, action, resource: '*', expected: 'Allowed' },
    { principal: account.provisioning, action, resource: '*', expected: 'Allowed' },
  ])))('%s: %s %s on %s -> %s', async (_n, _p, _a, _r, expected, acct, s) => {
    expect(await decide(acct, s)).toBe(expected);
  });
});

describe.each(ACCOUNTS)('$name: nobody else becomes an exempt role (issue 13 worst path)', (account) => {
  const roles = [account.breakGlass, account.provisioning];
  test.each(EXEMPT_ROLE_TAMPERING_ACTIONS.flatMap((action) => table(account, [
    ...roles.map((role): Scenario => ({ principal: account.admin, action, resource: role, expected: 'ExplicitlyDenied' })),
    // No lockout: the platform manages break glass; break glass repairs the platform's role.
    { principal: account.provisioning, action, resource: account.breakGlass, expected: 'Allowed' },
    { principal: account.breakGlass, action, resource: account.provisioning, expected: 'Allowed' },
  ])))('%s: %s %s on %s -> %s', async (_n, _p, _a, _r, expected, acct, s) => {
    expect(await decide(acct, { ...s, context: { 'aws:RequestedRegion': 'us-east-1' } })).toBe(expected);
  });
});

/** A concrete ARN for a guardrail's resource pattern in this account and region (the data domains' names). */
function concrete(pattern: string, account: Account): string {
  if (pattern === '*') return '*';
  const parts = pattern.split(':');
  if (parts[3] === '*') parts[3] = account.home;
  if (parts[4] === '*') parts[4] = account.id;
  return parts.join(':').replace(/\*/g, 'example1');
}
function contextOf(g: TamperingGuardrail): Record<string, string> {
  return Object.fromEntries((g.conditions ?? []).map((c) => {
    if (c.operator !== ConditionOperator.STRING_EQUALS || typeof c.values !== 'string') throw new Error(`scenario for ${g.sid}: only a single StringEquals condition is modelled, got ${c.operator}`);
    return [c.key, c.values];
  }));
}

describe.each(ACCOUNTS)('$name: backups, private APIs and BYOK keys (issue 14) stay as the domains made them', (account) => {
  const guardrails = Object.values(ISSUE_14_TAMPERING_GUARDRAILS).flat();
  test.each(guardrails.flatMap((g) => g.actions.flatMap((action) => table(account, [
    { principal: account.admin, action, resource: concrete(g.resources[0]!, account), context: contextOf(g), expected: 'ExplicitlyDenied' },
    { principal: account.breakGlass, action, resource: concrete(g.resources[0]!, account), context: contextOf(g), expected: 'Allowed' },
  ]))))('%s: %s %s on %s -> %s', async (_n, _p, _a, _r, expected, acct, s) => {
    expect(await decide(acct, s)).toBe(expected);
  });
});

describe.each(ACCOUNTS)('$name: no long-term credentials (CIS 1.11, 1.13)', (account) => {
  test.each(['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateLoginProfile'].flatMap((action) => table(account, [
    { principal: account.admin, action, resource: `arn:aws:iam::${account.id}:user/ci-bot`, expected: 'ExplicitlyDenied' },
    { principal: account.breakGlass, action, resource: `arn:aws:iam::${account.id}:user/ci-bot`, expected: 'Allowed' },
  ])))('%s: %s %s on %s -> %s', async (_n, _p, _a, _r, expected, acct, s) => {
    expect(await decide(acct, { ...s, context: { 'aws:RequestedRegion': 'us-east-1' } })).toBe(expected);
  });
});

describe.each(ACCOUNTS)('$name: regions and repairs', (account) => {
  const allowed = onboarding.accounts.find((a) => a.accountId === account.id)!.allowedRegions;
  const outside = ['us-west-2', 'ap-southeast-1', 'eu-north-1'].filter((r) => !allowed.includes(r as never));
  const run = (principal: string, region: string, expected: SimulationResult): Scenario => ({ principal, action: 'ec2:RunInstances', resource: `arn:aws:ec2:${region}:${account.id}:instance/*`, context: { 'aws:RequestedRegion': region }, expected });
  test.each(table(account, [
    ...allowed.map((r) => run(account.admin, r, 'Allowed')),
    ...outside.map((r) => run(account.admin, r, 'ExplicitlyDenied')),
    // The platform may reach every region (it reconciles the baseline's regional controls).
    ...outside.map((r) => run(account.provisioning, r, 'Allowed')),
    // Global services answer from us-east-1 whatever the allowed regions.
    { principal: account.admin, action: 'iam:CreateRole', resource: `arn:aws:iam::${account.id}:role/payments-app`, context: { 'aws:RequestedRegion': 'us-east-1' }, expected: 'Allowed' },
    // Repairs are never denied: turning the services back on is open to anyone with IAM permissions.
    { principal: account.admin, action: 'cloudtrail:StartLogging', resource: '*', expected: 'Allowed' },
    { principal: account.admin, action: 'config:StartConfigurationRecorder', resource: '*', expected: 'Allowed' },
    { principal: account.admin, action: 'securityhub:EnableSecurityHub', resource: '*', expected: 'Allowed' },
    { principal: account.admin, action: 'guardduty:CreateDetector', resource: '*', expected: 'Allowed' },
    { principal: account.admin, action: 'ec2:EnableEbsEncryptionByDefault', resource: '*', expected: 'Allowed' },
    // Nobody leaves the organization, the exempt roles included; the root user can do nothing.
    { principal: account.breakGlass, action: 'organizations:LeaveOrganization', resource: '*', expected: 'ExplicitlyDenied' },
    { principal: account.provisioning, action: 'organizations:LeaveOrganization', resource: '*', expected: 'ExplicitlyDenied' },
    { principal: `arn:aws:iam::${account.id}:root`, action: 's3:ListAllMyBuckets', resource: '*', expected: 'ExplicitlyDenied' },
  ]))('%s: %s %s on %s -> %s', async (_n, _p, _a, _r, expected, acct, s) => {
    expect(await decide(acct, s)).toBe(expected);
  });
});

test('the scenarios can fail: without the OU and account SCPs an administrator stops CloudTrail unhindered', async () => {
  const dev = ACCOUNTS.find((a) => a.name === 'payments-dev')!;
  const unguarded: Account = { ...dev, scps: [[ALLOW_ALL], [ALLOW_ALL], [ALLOW_ALL]] };
  const stop: Scenario = { principal: dev.admin, action: 'cloudtrail:StopLogging', resource: '*', expected: 'ExplicitlyDenied' };
  expect(await decide(dev, stop)).toBe('ExplicitlyDenied');
  expect(await decide(unguarded, stop)).toBe('Allowed');
});
