import { accountBinding, breakGlassRoleNameOf, defineOnboarding, guardrailTargets, OnboardingError, organizationParameters, type OrganizationOnboarding } from '../../../compositions/package/onboarding';
import { BREAK_GLASS_ROLE_NAME } from '../../../charts/identity';
import { MAX_GUARDRAIL_TARGETS } from '../../../compositions/policy/scp';
import { onboarding } from '../../../examples/onboarding';

const base = (): OrganizationOnboarding => structuredClone(onboarding) as OrganizationOnboarding;
const problemsOf = (org: OrganizationOnboarding): string[] => {
  try {
    defineOnboarding(org);
    return [];
  } catch (e) {
    if (!(e instanceof OnboardingError)) throw e;
    return e.message.split('\n').slice(1).map((l) => l.trim());
  }
};

describe('defineOnboarding', () => {
  test('accepts the example organization', () => {
    expect(problemsOf(base())).toEqual([]);
  });

  test('names the field, what is allowed and what was given', () => {
    const org = base();
    const a = org.accounts[0] as { -readonly [K in keyof OrganizationOnboarding['accounts'][0]]: unknown };
    a.accountId = '1234';
    a.environment = 'Dev-1';
    a.allowedRegions = ['eu-central-1'];
    a.tenantGroups = ['system:authenticated'];
    expect(problemsOf(org)).toEqual([
      'accounts[0].accountId: must be 12 digits (got "1234")',
      'accounts[0].allowedRegions: must include homeRegion eu-west-1 (got ["eu-central-1"])',
      'accounts[0].environment: must be 1-12 lowercase letters and digits (it suffixes every AWS name) (got "Dev-1")',
      'accounts[0].provider.roleArn: must be a role in account 1234, the account it is for (got "arn:aws:iam::111122223333:role/zta-provisioning")',
      'accounts[0].tenantGroups[0]: must be a group name, not a system: group or a wildcard (got "system:authenticated")',
    ]);
  });

  test('refuses a namespace bound twice and the same account and environment in two namespaces', () => {
    const org = base();
    const twice = { ...org.accounts[0]!, namespace: 'payments-dev' };
    const sameAccount = { ...org.accounts[0]!, namespace: 'payments-dev-2' };
    expect(problemsOf({ ...org, accounts: [...org.accounts, twice, sameAccount] })).toEqual([
      'accounts[3].namespace: is already bound (accounts[0]): one namespace per account (got "payments-dev")',
      'accounts[3]: binds account 111122223333 with environment "dev" again (accounts[0]): their AWS names would collide (got "payments-dev")',
      'accounts[4]: binds account 111122223333 with environment "dev" again (accounts[0]): their AWS names would collide (got "payments-dev-2")',
    ]);
  });

  test('refuses more allowed regions than the region guardrail can list', () => {
    const org = base();
    const many = { ...org.accounts[0]!, allowedRegions: ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'us-east-1', 'us-east-2'] as const };
    expect(problemsOf({ ...org, accounts: [many] })).toEqual([
      'accounts[0].allowedRegions: must list at most 6 regions (the region guardrail\'s limit) (got ["eu-west-1","eu-west-2","eu-west-3","eu-central-1","eu-north-1","us-east-1","us-east-2"])',
    ]);
  });

  test('refuses a system namespace and the management account as a tenant account', () => {
    const org = base();
    const bad = { ...org.accounts[0]!, namespace: 'kube-system', accountId: org.managementAccount.accountId, provider: { ...org.managementAccount.provider } };
    expect(problemsOf({ ...org, accounts: [bad] })).toEqual([
      'accounts[0].namespace: must be a namespace of its own, not a system namespace (got "kube-system")',
      'accounts[0].accountId: must not be the management account (it holds the guardrails, not a baseline) (got "999900001111")',
    ]);
  });
});

describe('accountBinding', () => {
  test('derives every name from the namespace and nothing from a claim', () => {
    expect(accountBinding(onboarding, onboarding.accounts[1]!)).toEqual({
      account: {
        id: '444455556666', namespace: 'payments-prod', region: 'eu-central-1', allowedRegions: ['eu-central-1', 'eu-west-1'], environment: 'prod',
        provisioningRoleName: 'platform/zta-provisioning',
      },
      providerConfigName: 'zta-payments-prod',
      terraform: { providerConfigName: 'zta-payments-prod-terraform', roleArn: 'arn:aws:iam::444455556666:role/platform/zta-provisioning' },
      organization: { id: 'o-a1b2c3d4e5', organizationalUnitId: 'ou-ab12-prodaccts', managementProviderConfigName: 'zta-organization-management', securityAccountId: '555566667777' },
    });
  });
});

describe('the organization accounts and threat intelligence', () => {
  test('refuses the security account as the management account or a tenant account, and bad GuardDuty lists', () => {
    const org = base() as { -readonly [K in keyof OrganizationOnboarding]: unknown } & OrganizationOnboarding;
    const tenant = { ...org.accounts[0]!, accountId: org.securityAccount.accountId, provider: { ...org.securityAccount.provider } };
    const lists = { threatIntelSets: [{ name: 'x', objectKey: '/abs', format: 'CSV' }], trustedIpSets: [org.threatIntelligence!.trustedIpSets[0]!, org.threatIntelligence!.trustedIpSets[0]!] };
    expect(problemsOf({ ...org, environment: 'Org', securityAccount: { ...org.managementAccount }, threatIntelligence: lists as never, accounts: [tenant] })).toEqual([
      'environment: must be 1-12 lowercase letters and digits (it suffixes every organization-wide AWS name) (got "Org")',
      'securityAccount.accountId: must not be the management account (AWS refuses the management account as delegated administrator) (got "999900001111")',
      "threatIntelligence.threatIntelSets[0].name: must be 3-50 letters, digits, '.', '_' or '-' (got \"x\")",
      'threatIntelligence.threatIntelSets[0].objectKey: must be an S3 object key (1-256 characters, no leading /) (got "/abs")',
      'threatIntelligence.threatIntelSets[0].format: must be one of TXT, STIX, OTX_CSV, ALIEN_VAULT, PROOF_POINT, FIRE_EYE (got "CSV")',
      'threatIntelligence.trustedIpSets[1].name: is used twice (GuardDuty names a list once per detector) (got "corporate-egress")',
      'threatIntelligence.trustedIpSets: may hold at most 1 list (GuardDuty quota per administrator detector) (got 2)',
    ]);
  });
});

describe('guardrail targets of the organization', () => {
  test('accounts attached at one OU must share the provisioning role path/name and the environment (the OU\'s guardrails exempt one of each)', () => {
    const org = base();
    const lending = org.accounts[2] as { -readonly [K in keyof OrganizationOnboarding['accounts'][0]]: unknown };
    lending.provider = { roleArn: 'arn:aws:iam::222233334444:role/other-provisioning', externalId: 'zta-lending-dev-81f5aa' };
    lending.environment = 'lend';
    expect(problemsOf(org)).toEqual([
      'accounts[2].provider.roleArn: must have the provisioning role path/name of accounts[0] (zta-provisioning): the guardrails of OU ou-ab12-devaccts exempt one break-glass and one provisioning role; align them or set guardrailsAttachment: \'account\' (got "arn:aws:iam::222233334444:role/other-provisioning")',
      'accounts[2].environment: must be accounts[0]\'s environment "dev" (its break-glass role zta-break-glass-<environment> is exempt): the guardrails of OU ou-ab12-devaccts exempt one break-glass and one provisioning role; align them or set guardrailsAttachment: \'account\' (got "lend")',
    ]);
    // Attached to the account itself, it takes its own exemptions.
    lending.guardrailsAttachment = 'account';
    expect(problemsOf(org)).toEqual([]);
    expect(guardrailTargets(org).find((t) => t.id === '222233334444')).toEqual({
      id: '222233334444', type: 'ACCOUNT', environment: 'lend', provisioningRoleName: 'other-provisioning', protections: true, allowedRegions: ['eu-west-1', 'eu-west-2'],
    });
  });

  test('one target per OU with accounts attached at OU level, then one per account; the OU\'s is not repeated per account', () => {
    expect(guardrailTargets(onboarding).map((t) => `${t.type} ${t.id} ${t.protections ? 'protected' : 'regions only'}`)).toEqual([
      'ORGANIZATIONAL_UNIT ou-ab12-devaccts protected', 'ORGANIZATIONAL_UNIT ou-ab12-prodaccts protected',
      'ACCOUNT 111122223333 regions only', 'ACCOUNT 444455556666 regions only', 'ACCOUNT 222233334444 regions only',
    ]);
  });

  test(`more targets than the organization composite has slots (${MAX_GUARDRAIL_TARGETS}) stop synth, naming the limit and the targets`, () => {
    const org = base();
    const many = Array.from({ length: MAX_GUARDRAIL_TARGETS }, (_, i) => ({ ...org.accounts[0]!, namespace: `team-${i}`, accountId: String(100000000000 + i), provider: { ...org.accounts[0]!.provider, roleArn: `arn:aws:iam::${100000000000 + i}:role/zta-provisioning` } }));
    const big = defineOnboarding({ ...org, accounts: many });
    expect(() => organizationParameters(big)).toThrow(new RegExp(`^onboarding: accounts: must make at most ${MAX_GUARDRAIL_TARGETS} guardrail targets .* \\(got ${MAX_GUARDRAIL_TARGETS + 1}: ou-ab12-devaccts, 100000000000, `));
    expect(organizationParameters(defineOnboarding({ ...org, accounts: many.slice(1) })).targets).toHaveLength(MAX_GUARDRAIL_TARGETS);
  });
});

describe('guardrail SCP size with the onboarded exemptions', () => {
  test('a provisioning role path long enough to push a guardrail SCP over 5,120 characters is refused, naming the size', () => {
    const org = base();
    const a = org.accounts[1] as { -readonly [K in keyof OrganizationOnboarding['accounts'][0]]: unknown };
    a.provider = { roleArn: `arn:aws:iam::444455556666:role/${'platform/'.repeat(40)}zta-provisioning`, externalId: 'zta-payments-prod-9d02c4' };
    expect(problemsOf(org)).toEqual([expect.stringMatching(/^accounts\[1\]\.provider\.roleArn: must have a shorter role path\/name: the guardrail SCPs exempting it would have \d{4} characters, more than AWS's 5120 \(got "arn:aws:iam::444455556666:role\/platform\//)]);
  });
  test('the exempt break-glass name is the identity domain\'s role of that environment', () => {
    expect(breakGlassRoleNameOf('dev')).toBe(`${BREAK_GLASS_ROLE_NAME}-dev`);
  });
});
