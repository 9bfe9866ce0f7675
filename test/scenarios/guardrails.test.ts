// Attack and no-lockout scenarios (issue 13 item 4), each one principal, action, resource, context
// and the expected decision, evaluated by the IAM policy simulator over the SCPs the example
// organization composite renders (root, OU and account levels, each with FullAWSAccess, as AWS
// evaluates them). Generated from the same action lists the guardrails are built from, so a list
// that grows grows the suite; the expectations are written here, not derived from the policies.
import { onboarding } from '../../examples/onboarding';
import { BASELINE_KEY_CHANGES, EXEMPT_ROLE_TAMPERING_ACTIONS } from '../../compositions/policy/scp';
import {
  BASELINE_RESOURCE_TAMPERING_ACTIONS, BYOK_KEY_PURPOSE, ISSUE_14_TAMPERING_GUARDRAILS, KEY_PURPOSE_TAG, MANAGED_BY_TAG, UNUSED_LOG_CHANNELS, PROTECTED_TAG_CHANGES, SECURITY_SERVICE_SHUTDOWN_ACTIONS, TAGGED_NETWORK_TAMPERING_ACTIONS,
  type TamperingGuardrail,
} from '../../compositions/blocks/organization/guardrail-actions';
import { ConditionOperator, KMS_DESTRUCTIVE_ACTIONS } from '../../compositions/policy/iam';
import { ALLOW_ALL, iamWildcardMatch, simulate, type SimulationResult } from '../support/iam-simulator';
import { organizationScps, resourceFor, serviceActions } from '../support/organization-scps';
import { renderOrganizationExample } from '../support/render-example';

const scpsOf = organizationScps(renderOrganizationExample());

interface Account { readonly name: string; readonly id: string; readonly home: string; readonly environment: string; readonly admin: string; readonly breakGlass: string; readonly provisioning: string; readonly scps: object[][] }
const ACCOUNTS: Account[] = onboarding.accounts.map((a) => ({
  name: a.namespace,
  id: a.accountId,
  home: a.homeRegion,
  environment: a.environment,
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
const describeContext = (s: Scenario): string => (s.context ? `with ${Object.entries(s.context).map(([k, v]) => `${k}=${v}`).join(', ')}` : 'without extra context');
const table = (account: Account, scenarios: Scenario[]) => scenarios.map((s) => [account.name, short(s.principal), s.action, s.resource, describeContext(s), s.expected, account, s] as const);

/**
 * One request per concrete action of a guardrail, on a resource of a type the action authorizes
 * on, inside the guardrail's patterns. A wildcard family (logs:Delete*) becomes each member whose
 * resource type the patterns can name.
 */
interface Request { readonly action: string; readonly resource: string }
function requestsOf(g: TamperingGuardrail, account: Account): Request[] {
  const at = { account: account.id, region: account.home, environment: account.environment };
  return g.actions.flatMap((pattern) => {
    const [service, name] = pattern.split(':') as [string, string];
    const members = name.includes('*') ? serviceActions(service).filter((k) => iamWildcardMatch(name, k)).map((k) => `${service}:${k}`) : [pattern];
    return members.flatMap((action): Request[] => {
      try {
        return [{ action, resource: resourceFor(action, g.resources, at) }];
      } catch (e) {
        if (name.includes('*')) return []; // a family member on a resource type outside the patterns (log streams, destinations)
        throw e;
      }
    });
  });
}
/** Patterns that cover every resource of their type in the account by design (see DenyWebAclTampering). */
const EVERY_OF_ITS_TYPE = /^arn:aws:elasticloadbalancing:[^:]*:[^:]*:loadbalancer\/app\//;
/** The same request on a look-alike that is not the baseline's (another prefix or environment). */
const notOurs = (resource: string, account: Account): string => resource.replace(/zta/g, 'app').replace(new RegExp(`-${account.environment}(?=$|/)`), '-sandbox');

describe.each(ACCOUNTS)('$name: the account-wide security services stay on (CIS 3.1, 3.3, 1.20, 3.7, 2.2.1, 2.1.4, 1.8; GuardDuty.1, Inspector, Macie)', (account) => {
  test.each(SECURITY_SERVICE_SHUTDOWN_ACTIONS.flatMap((g) => requestsOf(g, account)).flatMap(({ action, resource }) => table(account, [
    { principal: account.admin, action, resource, expected: 'ExplicitlyDenied' },
    { principal: account.breakGlass, action, resource, expected: 'Allowed' },
    { principal: account.provisioning, action, resource, expected: 'Allowed' },
  ])))('%s: %s %s on %s %s -> %s', async (_n, _p, _a, _r, _c, expected, acct, s) => {
    expect(await decide(acct, { ...s, context: { 'aws:RequestedRegion': s.action.startsWith('iam:') ? 'us-east-1' : acct.home } })).toBe(expected);
  });
});

describe.each(ACCOUNTS)('$name: the alert pipeline, log buckets, baseline roles and web ACL keep their names\' protection (zta-...-<env>, /zta/ log groups)', (account) => {
  test.each(BASELINE_RESOURCE_TAMPERING_ACTIONS.flatMap((g) => requestsOf(g, account)).flatMap(({ action, resource }) => table(account, [
    { principal: account.admin, action, resource, expected: 'ExplicitlyDenied' },
    // Repairs: break glass may fix any of them; the platform creates, updates and deletes them.
    { principal: account.breakGlass, action, resource, expected: 'Allowed' },
    { principal: account.provisioning, action, resource, expected: 'Allowed' },
    // The account's own resources of other names stay the teams', except load balancers: no web ACL leaves any ALB
    // of the account (DisassociateWebACL authorizes on the ALB only, whose ARN the baseline cannot name).
    { principal: account.admin, action, resource: notOurs(resource, account), expected: EVERY_OF_ITS_TYPE.test(resource) ? 'ExplicitlyDenied' : 'Allowed' },
  ])))('%s: %s %s on %s %s -> %s', async (_n, _p, _a, _r, _c, expected, acct, s) => {
    expect(await decide(acct, { ...s, context: { 'aws:RequestedRegion': s.action.startsWith('iam:') ? 'us-east-1' : acct.home } })).toBe(expected);
  });
});

describe.each(ACCOUNTS)('$name: the private VPC, its network ACL, security groups and endpoints (tagged zerotrust.io/managed-by) stay closed', (account) => {
  const managed = { [`aws:ResourceTag/${MANAGED_BY_TAG}`]: 'crossplane' };
  test.each(TAGGED_NETWORK_TAMPERING_ACTIONS.flatMap((g) => requestsOf(g, account)).flatMap(({ action, resource }) => table(account, [
    { principal: account.admin, action, resource, context: managed, expected: 'ExplicitlyDenied' },
    { principal: account.breakGlass, action, resource, context: managed, expected: 'Allowed' },
    { principal: account.provisioning, action, resource, context: managed, expected: 'Allowed' },
    // A team's own VPC (no platform tag) stays theirs.
    { principal: account.admin, action, resource, context: { [`aws:ResourceTag/${MANAGED_BY_TAG}`]: 'team' }, expected: 'Allowed' },
  ])))('%s: %s %s on %s %s -> %s', async (_n, _p, _a, _r, _c, expected, acct, s) => {
    expect(await decide(acct, s)).toBe(expected);
  });
});

describe.each(ACCOUNTS)('$name: AWS Backup (its service role) still copies a resource\'s tags onto recovery points and snapshots', (account) => {
  const role = `arn:aws:iam::${account.id}:role/zta-backup-${account.environment}`;
  test.each(table(account, [
    { principal: role, action: 'backup:TagResource', resource: `arn:aws:backup:${account.home}:${account.id}:recovery-point:example1`, context: { 'aws:TagKeys': MANAGED_BY_TAG }, expected: 'Allowed' },
    { principal: role, action: 'ec2:CreateTags', resource: `arn:aws:ec2:${account.home}::snapshot/snap-0123456789abcdef0`, context: { 'aws:TagKeys': MANAGED_BY_TAG }, expected: 'Allowed' },
    { principal: role, action: 'ec2:CreateTags', resource: `arn:aws:ec2:${account.home}:${account.id}:vpc/vpc-0123456789abcdef0`, context: { 'aws:TagKeys': MANAGED_BY_TAG }, expected: 'ExplicitlyDenied' },
  ]))('%s: %s %s on %s %s -> %s', async (_n, _p, _a, _r, _c, expected, acct, s) => {
    expect(await decide(acct, s)).toBe(expected);
  });
});

describe.each(ACCOUNTS)('$name: the zerotrust.io tags the guardrails key on cannot be added or removed outside break glass and the platform', (account) => {
  const at = { account: account.id, region: account.home, environment: account.environment };
  const requests = PROTECTED_TAG_CHANGES.actions.map((action) => ({ action, resource: resourceFor(action, ['*'], at) }));
  const keys = (k: string) => ({ 'aws:TagKeys': k });
  test.each(requests.flatMap(({ action, resource }) => table(account, [
    { principal: account.admin, action, resource, context: keys('zerotrust.io/key-purpose'), expected: 'ExplicitlyDenied' },
    { principal: account.admin, action, resource, context: keys(MANAGED_BY_TAG), expected: 'ExplicitlyDenied' },
    { principal: account.breakGlass, action, resource, context: keys('zerotrust.io/key-purpose'), expected: 'Allowed' },
    { principal: account.provisioning, action, resource, context: keys(MANAGED_BY_TAG), expected: 'Allowed' },
    { principal: account.admin, action, resource, context: keys('cost-center'), expected: 'Allowed' },
    // Only the keys conditions rely on: AWS Backup's recovery-point tag (zerotrust.io/backup-rule) stays free.
    { principal: account.admin, action, resource, context: keys('zerotrust.io/backup-rule'), expected: 'Allowed' },
  ])))('%s: %s %s on %s %s -> %s', async (_n, _p, _a, _r, _c, expected, acct, s) => {
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
  ])))('%s: %s %s on %s %s -> %s', async (_n, _p, _a, _r, _c, expected, acct, s) => {
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
  ]))))('%s: %s %s on %s %s -> %s', async (_n, _p, _a, _r, _c, expected, acct, s) => {
    expect(await decide(acct, s)).toBe(expected);
  });
});

describe.each(ACCOUNTS)('$name: every key the platform tags keeps its state, policy, rotation, aliases and grants (KMS.3, CIS 3.6)', (account) => {
  const key = `arn:aws:kms:${account.home}:${account.id}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const purposes = [['logs', 'an encryption-domain key'], [BYOK_KEY_PURPOSE, 'a BYOK key']] as const;
  // kms:UpdateAlias and kms:DeleteAlias authorize on the alias and on its key: denied on the key, the call fails.
  test.each([...KMS_DESTRUCTIVE_ACTIONS, ...BASELINE_KEY_CHANGES, 'kms:ImportKeyMaterial'].flatMap((action) => purposes.flatMap(([purpose]) => table(account, [
    { principal: account.admin, action, resource: key, context: { [`aws:ResourceTag/${KEY_PURPOSE_TAG}`]: purpose }, expected: 'ExplicitlyDenied' },
    // No lockout: break glass repairs a key policy; the platform rotates, re-points and deletes at teardown.
    { principal: account.breakGlass, action, resource: key, context: { [`aws:ResourceTag/${KEY_PURPOSE_TAG}`]: purpose }, expected: 'Allowed' },
    { principal: account.provisioning, action, resource: key, context: { [`aws:ResourceTag/${KEY_PURPOSE_TAG}`]: purpose }, expected: 'Allowed' },
  ]))).concat(table(account, [
    // A team's own key (no platform tag) stays theirs.
    { principal: account.admin, action: 'kms:ScheduleKeyDeletion', resource: key, expected: 'Allowed' },
    { principal: account.admin, action: 'kms:RevokeGrant', resource: key, expected: 'Allowed' },
    // Services retire the grants they made for themselves (RetireGrant): never denied.
    { principal: account.admin, action: 'kms:RetireGrant', resource: key, context: { [`aws:ResourceTag/${KEY_PURPOSE_TAG}`]: 'logs' }, expected: 'Allowed' },
  ])))('%s: %s %s on %s %s -> %s', async (_n, _p, _a, _r, _c, expected, acct, s) => {
    expect(await decide(acct, s)).toBe(expected);
  });
});

describe.each(ACCOUNTS)('$name: log channels the baseline never opens stay shut for everyone (zta-protect-organization, no exemption)', (account) => {
  const requests = UNUSED_LOG_CHANNELS.actions.map((action) => ({ action, resource: resourceFor(action, UNUSED_LOG_CHANNELS.resources, { account: account.id, region: account.home, environment: account.environment }) }));
  test.each(requests.flatMap(({ action, resource }) => table(account, [
    { principal: account.admin, action, resource, expected: 'ExplicitlyDenied' },
    { principal: account.breakGlass, action, resource, expected: 'ExplicitlyDenied' },
    { principal: account.provisioning, action, resource, expected: 'ExplicitlyDenied' },
    { principal: account.admin, action, resource: notOurs(resource, account), expected: 'Allowed' },
  ])))('%s: %s %s on %s %s -> %s', async (_n, _p, _a, _r, _c, expected, acct, s) => {
    expect(await decide(acct, s)).toBe(expected);
  });
  test('the three channels are covered: bearer-token and syslog ingestion on both log group patterns, inventory on the buckets', () => {
    expect(requests.map((r) => r.action).sort()).toEqual(['logs:PutBearerTokenAuthentication', 'logs:PutSyslogConfiguration', 's3:PutInventoryConfiguration']);
  });
});

describe.each(ACCOUNTS)('$name: no long-term credentials (CIS 1.11, 1.13)', (account) => {
  test.each(['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateLoginProfile'].flatMap((action) => table(account, [
    { principal: account.admin, action, resource: `arn:aws:iam::${account.id}:user/ci-bot`, expected: 'ExplicitlyDenied' },
    { principal: account.breakGlass, action, resource: `arn:aws:iam::${account.id}:user/ci-bot`, expected: 'Allowed' },
  ])))('%s: %s %s on %s %s -> %s', async (_n, _p, _a, _r, _c, expected, acct, s) => {
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
  ]))('%s: %s %s on %s %s -> %s', async (_n, _p, _a, _r, _c, expected, acct, s) => {
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

test('the new families can fail too: only the account level carries the name-scoped denies, the OU level the tag-change deny', async () => {
  const dev = ACCOUNTS.find((a) => a.name === 'payments-dev')!;
  const deleteLogGroup: Scenario = { principal: dev.admin, action: 'logs:DeleteLogGroup', resource: `arn:aws:logs:${dev.home}:${dev.id}:log-group:/zta/cloudtrail/zta-trail-dev`, expected: 'ExplicitlyDenied' };
  const untagKey: Scenario = { principal: dev.admin, action: 'kms:UntagResource', resource: `arn:aws:kms:${dev.home}:${dev.id}:key/example1`, context: { 'aws:TagKeys': 'zerotrust.io/key-purpose' }, expected: 'ExplicitlyDenied' };
  expect(await decide(dev, deleteLogGroup)).toBe('ExplicitlyDenied');
  expect(await decide({ ...dev, scps: [dev.scps[0]!, dev.scps[1]!, [ALLOW_ALL]] }, deleteLogGroup)).toBe('Allowed');
  expect(await decide(dev, untagKey)).toBe('ExplicitlyDenied');
  expect(await decide({ ...dev, scps: [dev.scps[0]!, [ALLOW_ALL], dev.scps[2]!] }, untagKey)).toBe('Allowed');
});
