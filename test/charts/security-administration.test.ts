// XSecurityAdministration (issue 12 part B): an XR instance written from the example onboarding
// data, rendered to convergence with the organization's ProviderConfigs in the cluster, so every
// ARN names the account its ProviderConfig acts in. Facts: each service delegated from the
// management account, every Region slot of the example's Region union populated, GuardDuty lists
// only with the security account's Terraform ProviderConfig, no name collision, the key and trust
// policies under the IAM simulator, and the schema's refusals.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { buildPackage } from '../../charts';
import { SecurityAdministrationChart, SECURITY_HUB_CLOUD_CONTROL_TYPES, slotResourceNames } from '../../charts/security-administration';
import { DEFAULT_STANDARDS } from '../../charts/security-hub';
import { OnboardingNames, type OrganizationOnboarding } from '../../compositions/package/onboarding';
import { terraformProviderConfiguration } from '../../compositions/blocks/detection/guardduty-terraform';
import { packageFiles } from '../../compositions/package/package-writer';
import {
  AWS_CONFIG_ORGANIZATIONS_POLICY_ARN, GUARDDUTY_ORGANIZATION_FEATURES, REGION_SLOTS, TERRAFORM_AWS_PROVIDER_VERSION,
  guardDutyServiceLinkedRoleArn, organizationRootId, securityAdministrationParameters,
} from '../../compositions/blocks/organization/security-administration';
import { onboarding } from '../../examples/onboarding';
import { render, type RenderOutput } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';
import { formatProblem, Validator } from '../../validator/validate';
import { simulate } from '../support/iam-simulator';
import { forProvider, resourceNamed, resourcesOfKind } from '../support/render-example';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

const SECURITY = '555566667777';
const MANAGEMENT = '999900001111';
const HOME = 'eu-west-1';
const UNION = ['eu-central-1', 'eu-west-1', 'eu-west-2'];

/** The onboarding's provider-upjet-aws ProviderConfigs of the organization (assume-role chains name the accounts). */
function organizationProviderConfigs(org: OrganizationOnboarding): JsonObject[] {
  const pc = (name: string, roleArn: string, externalId: string): JsonObject => ({
    apiVersion: 'aws.upbound.io/v1beta1', kind: 'ProviderConfig', metadata: { name },
    spec: { credentials: { source: 'PodIdentity' }, assumeRoleChain: [{ roleARN: roleArn, externalID: externalId }] },
  });
  const tf = (name: string, a: OrganizationOnboarding['securityAccount']): JsonObject => ({
    apiVersion: 'tf.upbound.io/v1beta1', kind: 'ProviderConfig', metadata: { name },
    spec: { configuration: terraformProviderConfiguration({ region: a.homeRegion, accountId: a.accountId, assumeRoleArn: a.provider.roleArn, externalId: a.provider.externalId, stateSecretSuffix: name, stateNamespace: 'crossplane-system' }) },
  });
  return [
    pc(OnboardingNames.managementProviderConfig, org.managementAccount.provider.roleArn, org.managementAccount.provider.externalId),
    pc(OnboardingNames.securityProviderConfig, org.securityAccount.provider.roleArn, org.securityAccount.provider.externalId),
    tf(OnboardingNames.managementTerraformProviderConfig, org.managementAccount),
    tf(OnboardingNames.securityTerraformProviderConfig, org.securityAccount),
  ];
}

function xrOf(parameters: object, name = 'example-organization'): JsonObject {
  return { apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XSecurityAdministration', metadata: { name }, spec: { parameters: parameters as JsonObject } };
}

/** The organization as the simulated provider knows it: who may call the organization APIs. */
const ORGANIZATION = { managementAccountId: MANAGEMENT, delegatedAdministratorAccountId: SECURITY };

function renderWith(organization: { managementAccountId: string; delegatedAdministratorAccountId: string }): RenderOutput {
  const app = new App();
  new SecurityAdministrationChart(app, 'security-administration');
  const objects = packageFiles(app).flatMap((f) => f.objects) as JsonObject[];
  return render({
    claimOrXr: xrOf(securityAdministrationParameters(onboarding)),
    compositions: objects.filter((o) => o.kind === 'Composition'),
    xrds: objects.filter((o) => o.kind === 'CompositeResourceDefinition'),
    accountId: SECURITY,
    region: HOME,
    clusterObjects: organizationProviderConfigs(onboarding),
    organization,
  });
}

let cached: RenderOutput | undefined;
const out = (): RenderOutput => (cached ??= renderWith(ORGANIZATION));
const named = (n: string) => resourceNamed(out(), n);
const fp = forProvider;
const atProvider = (r: JsonObject) => ((r.status as JsonObject).atProvider ?? {}) as JsonObject;
const pcOf = (r: JsonObject) => String(((r.spec as JsonObject).providerConfigRef as JsonObject | undefined)?.name);
const externalName = (r: JsonObject) => String(((r.metadata as JsonObject).annotations as Record<string, string>)['crossplane.io/external-name']);
const compositionName = (r: JsonObject) => ((r.metadata as JsonObject).annotations as Record<string, string>)['crossplane.io/composition-resource-name'];
const status = () => out().composite.status as JsonObject;
const desired = (r: JsonObject) => JSON.parse(String(fp(r).desiredState)) as JsonObject;
const workspaces = () => resourcesOfKind(out(), 'Workspace.tf.upbound.io');
const passOf = (n: string) => out().readyAtPass[String((named(n).metadata as JsonObject).name)]!;

describe('the XR parameters from the onboarding list', () => {
  test('the security account, its home Region, the organization suffix, the onboarding ProviderConfigs, the Region union in REGIONS order', () => {
    expect(securityAdministrationParameters(onboarding)).toEqual({
      accountId: SECURITY, region: HOME, environmentSuffix: 'org', providerConfigName: 'zta-organization-security',
      organizationId: 'o-a1b2c3d4e5', organizationRootId: 'r-ab12', managementAccountId: MANAGEMENT,
      managementProviderConfigName: 'zta-organization-management', managementTerraformProviderConfigName: 'zta-organization-management-terraform',
      terraformProviderConfigName: 'zta-organization-security-terraform',
      regions: UNION, linkedRegions: ['eu-central-1', 'eu-west-2'],
      threatIntelSets: onboarding.threatIntelligence!.threatIntelSets, trustedIpSets: onboarding.threatIntelligence!.trustedIpSets,
    });
  });

  test('throws if the accounts allow more Regions than there are slots', () => {
    // Each account within the guardrail's limit, the union beyond the slots.
    const wide: OrganizationOnboarding = { ...onboarding, accounts: [
      { ...onboarding.accounts[0]!, allowedRegions: ['us-east-1', 'us-east-2', 'us-west-1', 'eu-west-1'] },
      { ...onboarding.accounts[1]!, allowedRegions: ['us-west-2', 'ca-central-1', 'eu-central-1'] },
    ] };
    expect(() => securityAdministrationParameters(wide)).toThrow(
      `securityAdministration: the accounts allow 7 Regions (us-east-1, us-east-2, us-west-1, us-west-2, ca-central-1, eu-central-1, eu-west-1); at most ${REGION_SLOTS} are supported (compositions/policy/scp.ts MAX_ALLOWED_REGIONS)`,
    );
  });

  test('throws if the OU ids name different roots', () => {
    const split = { ...onboarding, accounts: [onboarding.accounts[0]!, { ...onboarding.accounts[1]!, organizationalUnitId: 'ou-cd34-prodaccts' }] };
    expect(() => organizationRootId(split)).toThrow('organization root: the accounts\' organizationalUnitId values must all name one root (ou-<root>-<ou>), got roots ["ab12","cd34"]');
  });
});

describe('XSecurityAdministration rendered from the example organization', () => {
  test('converges Ready with no problem (every composed resource valid against its CRD)', () => {
    expect(out().problems).toEqual([]);
    expect(out().converged).toBe(true);
    expect(((status().conditions as JsonObject[]).find((c) => c.type === 'Ready') as JsonObject).status).toBe('True');
  });

  test('every organization API is called from an account AWS allows (simulated provider with the organization facts)', () => {
    // The same render with another delegated administrator: everything the security account may do
    // only as administrator is refused, and nothing becomes Ready past the refusals.
    const wrong = renderWith({ managementAccountId: MANAGEMENT, delegatedAdministratorAccountId: '111122223333' });
    const refusals = wrong.problems.filter((p) => /AccessDeniedException|BadRequestException|OrganizationAccessDeniedException/.test(p.message));
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.some((p) => p.message.includes('only the Security Hub delegated administrator can update the organization configuration'))).toBe(true);
    expect(refusals.some((p) => p.message.includes('an organization aggregator needs the management account or a registered delegated administrator'))).toBe(true);
    expect(wrong.converged && ((wrong.composite.status as JsonObject).conditions as JsonObject[]).some((c) => c.type === 'Ready' && c.status === 'True')).toBe(false);
  });

  test('Config and Access Analyzer: Organizations registrations of the security account, made with the management account\'s ProviderConfig', () => {
    const admins = resourcesOfKind(out(), 'DelegatedAdministrator.organizations.aws.upbound.io');
    expect(admins.map((r) => [fp(r).servicePrincipal, fp(r).accountId, pcOf(r)]).sort()).toEqual([
      ['access-analyzer.amazonaws.com', SECURITY, 'zta-organization-management'],
      ['config.amazonaws.com', SECURITY, 'zta-organization-management'],
    ]);
    // The ARN names the management account: the simulated provider acts where the ProviderConfig's role is.
    for (const r of admins) expect(String(atProvider(r).arn)).toMatch(new RegExp(`^arn:aws:organizations::${MANAGEMENT}:account/o-[a-z0-9]{10}/${SECURITY}$`));
    expect(status().delegatedAdministrators).toEqual({
      config: `${SECURITY}/config.amazonaws.com`, accessAnalyzer: `${SECURITY}/access-analyzer.amazonaws.com`, securityHub: externalName(named('securityHubDelegatedAdministrator')),
    });
  });

  test('Security Hub: designated from the management account in the home Region (Cloud Control), after the hub exists', () => {
    const r = named('securityHubDelegatedAdministrator');
    expect([fp(r).typeName, desired(r), fp(r).region, pcOf(r)]).toEqual([SECURITY_HUB_CLOUD_CONTROL_TYPES.delegatedAdmin, { AdminAccountId: SECURITY }, HOME, 'zta-organization-management']);
    expect(passOf('securityHubDelegatedAdministrator')).toBeGreaterThan(passOf('securityHubAccount'));
    expect(fp(named('securityHubAccount'))).toMatchObject({ controlFindingGenerator: 'STANDARD_CONTROL', enableDefaultStandards: false, region: HOME });
  });

  test('GuardDuty, Inspector and Macie: designated from the management account in every Region slot of the union', () => {
    const slots = UNION.map((_, i) => named(slotResourceNames(i).delegatedAdministrators));
    expect(slots.map((w) => [(fp(w).varmap as JsonObject).region, (fp(w).varmap as JsonObject).admin_account_id, pcOf(w)])).toEqual(
      UNION.map((r) => [r, SECURITY, 'zta-organization-management-terraform']),
    );
    const module = String(fp(slots[0]!).module);
    for (const resource of ['aws_guardduty_organization_admin_account', 'aws_inspector2_delegated_admin_account', 'aws_macie2_organization_admin_account']) {
      expect(module).toContain(`resource "${resource}" "this" {\n  region`);
    }
    expect(module).toContain(`version = "${TERRAFORM_AWS_PROVIDER_VERSION}"`);
    expect(Object.keys(status().regionalDelegatedAdministrators as JsonObject)).toEqual(['slot0', 'slot1', 'slot2']);
  });

  test('every Region slot of the union is populated, and the unused slots compose nothing', () => {
    const analyzers = resourcesOfKind(out(), 'Analyzer.accessanalyzer.aws.upbound.io');
    expect(analyzers.map((a) => [fp(a).region, fp(a).type, externalName(a), pcOf(a)])).toEqual(UNION.map((r) => [r, 'ORGANIZATION', 'zta-organization-analyzer-org', 'zta-organization-security']));
    expect(Object.values(status().analyzerArns as JsonObject)).toEqual(UNION.map((r) => `arn:aws:access-analyzer:${r}:${SECURITY}:analyzer/zta-organization-analyzer-org`));
    const organizationConfigurations = UNION.map((_, i) => named(slotResourceNames(i).organizationConfiguration));
    expect(organizationConfigurations.map((w) => (fp(w).varmap as JsonObject).region)).toEqual(UNION);
    const composed = new Set(out().resources.map(compositionName));
    for (let i = UNION.length; i < REGION_SLOTS; i++) {
      for (const n of Object.values(slotResourceNames(i))) expect(composed.has(n)).toBe(false);
    }
  });

  test('GuardDuty, Inspector and Macie auto-enable every member in each Region, every GuardDuty protection plan included', () => {
    const module = String(fp(named(slotResourceNames(0).organizationConfiguration)).module);
    expect(module).toContain('auto_enable_organization_members = "ALL"');
    expect(module).toContain(`features       = ${JSON.stringify([...GUARDDUTY_ORGANIZATION_FEATURES])}`);
    expect(module).toMatch(/resource "aws_inspector2_organization_configuration" "this" \{\n {2}region = var.region\n {2}auto_enable \{\n {4}ec2 {9}= true\n {4}ecr {9}= true\n {4}lambda {6}= true/);
    expect(module).toMatch(/resource "aws_macie2_organization_configuration" "this" \{\n {2}region {6}= var.region\n {2}auto_enable = true/);
    // Only once the slot's designation is done: only the administrator may configure the organization.
    for (let i = 0; i < UNION.length; i++) {
      expect(passOf(slotResourceNames(i).organizationConfiguration)).toBeGreaterThan(passOf(slotResourceNames(i).delegatedAdministrators));
    }
  });

  test('GuardDuty lists: in the administrator account only, every Region slot, from the lists bucket', () => {
    const withLists = workspaces().filter((w) => /aws_guardduty_(threatintelset|ipset)/.test(String(fp(w).module)));
    expect(withLists.map(pcOf)).toEqual(UNION.map(() => 'zta-organization-security-terraform'));
    for (const w of withLists) {
      const varmap = fp(w).varmap as JsonObject;
      expect((varmap.threat_intel_sets as JsonObject[]).map((s) => s.name)).toEqual(['soc-blocklist', 'vendor-feed']);
      expect((varmap.trusted_ip_sets as JsonObject[]).map((s) => s.objectKey)).toEqual(['guardduty/corporate-egress.txt']);
      expect([varmap.lists_bucket, varmap.lists_bucket_region, varmap.environment_suffix]).toEqual([`zta-gdlists-${SECURITY}-${HOME}-org`, HOME, 'org']);
    }
    expect(String(fp(withLists[0]!).module)).toContain('location    = "${local.lists_base_url}/${each.value.objectKey}"');
  });

  test('no other composite of the package composes GuardDuty lists (a member account cannot)', () => {
    const modules: [string, string][] = [];
    for (const f of packageFiles(buildPackage())) {
      for (const o of f.objects as JsonObject[]) {
        if (o.kind !== 'Composition') continue;
        const pt = ((o.spec as JsonObject).pipeline as JsonObject[]).find((s) => s.step === 'patch-and-transform');
        for (const r of ((pt?.input as JsonObject | undefined)?.resources ?? []) as JsonObject[]) {
          const module = ((((r.base as JsonObject).spec as JsonObject | undefined)?.forProvider as JsonObject | undefined)?.module);
          if (typeof module === 'string' && /aws_guardduty_(threatintelset|ipset)/.test(module)) modules.push([String(((o.spec as JsonObject).compositeTypeRef as JsonObject).kind), String(r.name)]);
        }
      }
    }
    expect(modules).toEqual(Array.from({ length: REGION_SLOTS }, (_, i) => ['XSecurityAdministration', slotResourceNames(i).organizationConfiguration]));
  });

  test('Security Hub central configuration: aggregator over the linked Regions, CENTRAL, the baseline policy on the root', () => {
    const aggregator = named('findingAggregator');
    expect([fp(aggregator).linkingMode, fp(aggregator).specifiedRegions, fp(aggregator).region, pcOf(aggregator)]).toEqual(['SPECIFIED_REGIONS', ['eu-central-1', 'eu-west-2'], HOME, 'zta-organization-security']);
    expect(desired(named('securityHubOrganizationConfiguration'))).toEqual({ AutoEnable: false, AutoEnableStandards: 'NONE', ConfigurationType: 'CENTRAL' });
    const policy = desired(named('securityHubConfigurationPolicy'));
    expect(policy).toEqual({
      Name: 'zta-baseline-org',
      Description: 'Zero Trust baseline: Security Hub enabled with the baseline standards and every control',
      ConfigurationPolicy: { SecurityHub: {
        ServiceEnabled: true,
        EnabledStandardIdentifiers: DEFAULT_STANDARDS.map((s) => `arn:aws:securityhub:${HOME}::standards/${s}`),
        SecurityControlsConfiguration: { DisabledSecurityControlIdentifiers: [] },
      } },
    });
    expect(desired(named('securityHubPolicyAssociation'))).toEqual({
      ConfigurationPolicyId: externalName(named('securityHubConfigurationPolicy')), TargetId: 'r-ab12', TargetType: 'ROOT',
    });
    // Order: designation, aggregator, CENTRAL, policy, association.
    const order = ['securityHubDelegatedAdministrator', 'findingAggregator', 'securityHubOrganizationConfiguration', 'securityHubConfigurationPolicy', 'securityHubPolicyAssociation'].map(passOf);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(new Set(order).size).toBe(order.length);
    expect((status().securityHub as JsonObject).findingAggregatorArn).toMatch(new RegExp(`^arn:aws:securityhub:${HOME}:${SECURITY}:finding-aggregator/`));
  });

  test('Config: an organization aggregator over every Region, through a role with AWSConfigRoleForOrganizations, after the registration', async () => {
    const aggregator = named('configAggregator');
    const role = named('configAggregatorRole');
    expect(externalName(aggregator)).toBe('zta-organization-org');
    expect(fp(aggregator).organizationAggregationSource).toMatchObject({ regions: UNION, roleArn: atProvider(role).arn });
    expect(fp(named('configAggregatorRolePolicy')).policyArn).toBe(AWS_CONFIG_ORGANIZATIONS_POLICY_ARN);
    expect(status().configAggregatorArn).toMatch(new RegExp(`^arn:aws:config:${HOME}:${SECURITY}:config-aggregator/config-aggregator-`));
    expect(passOf('configAggregator')).toBeGreaterThan(passOf('configDelegatedAdministrator'));
    const trust = JSON.parse(String(fp(role).assumeRolePolicy)) as object;
    // No aws:SourceAccount condition (not documented for the aggregator's role): Config assumes it with no context.
    const assume = (principal: string) => simulate({ principal, action: 'sts:AssumeRole', resource: String(atProvider(role).arn), resourceAccount: SECURITY, resourcePolicy: trust, context: {} });
    expect((await assume('config.amazonaws.com')).result).toBe('Allowed');
    expect((await assume('lambda.amazonaws.com')).result).toBe('ImplicitlyDenied');
  });

  test('the lists key: GuardDuty\'s service-linked role may decrypt, nobody else directly; 7-day window; created once GuardDuty made that role', async () => {
    const key = named('listsKey');
    expect(fp(key)).toMatchObject({ deletionWindowInDays: 7, enableKeyRotation: true });
    const policy = JSON.parse(String(fp(key).policy)) as object;
    const decrypt = (principal: string, context: Record<string, string> = {}) => simulate({
      principal, action: 'kms:Decrypt', resource: String(atProvider(key).arn), resourceAccount: SECURITY, resourcePolicy: policy, context: { 'aws:PrincipalArn': principal, ...context },
    });
    expect((await decrypt(guardDutyServiceLinkedRoleArn(SECURITY))).result).toBe('Allowed');
    expect((await decrypt(`arn:aws:iam::111122223333:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`)).result).toBe('ImplicitlyDenied');
    expect(passOf('listsKey')).toBeGreaterThan(passOf(slotResourceNames(0).delegatedAdministrators));
    expect(fp(named('listsBucketEncryption')).rule).toEqual([expect.objectContaining({ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: atProvider(key).arn } })]);
    expect(fp(named('listsBucketPublicAccessBlock'))).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(fp(named('listsBucketVersioning')).versioningConfiguration).toEqual({ status: 'Enabled' });
  });

  test('the lists bucket lets GuardDuty\'s role read list objects, over TLS only', async () => {
    const bucket = `zta-gdlists-${SECURITY}-${HOME}-org`;
    const policy = JSON.parse(String(fp(named('listsBucketPolicy')).policy)) as object;
    const get = (secure: string) => simulate({
      principal: guardDutyServiceLinkedRoleArn(SECURITY), action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/guardduty/blocklist.txt`, resourceAccount: SECURITY, resourcePolicy: policy,
      context: { 'aws:SecureTransport': secure, 's3:TlsVersion': '1.3', 'aws:PrincipalArn': guardDutyServiceLinkedRoleArn(SECURITY) },
    });
    expect((await get('true')).result).toBe('Allowed');
    expect((await get('false')).result).toBe('ExplicitlyDenied');
  });

  test('no two resources share an AWS name in one account and Region, and every name carries the organization suffix', () => {
    const named = out().resources.filter((r) => r.kind !== 'ClusterUsage' && r.kind !== 'Workspace' && r.kind !== 'Resource');
    const keys = named.map((r) => `${r.kind}|${atProvider(r).arn ?? ''}|${String(fp(r).region ?? '')}|${externalName(r)}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const n of ['configAggregator', 'configAggregatorRole', 'listsBucket', slotResourceNames(0).analyzer]) expect(externalName(resourceNamed(out(), n))).toMatch(/-org$/);
  });
});

describe('the XSecurityAdministration schema', () => {
  const validator = new Validator();
  for (const o of new SecurityAdministrationChart(new App(), 'sa').toJson() as JsonObject[]) if (o.kind === 'CompositeResourceDefinition') validator.addXrd(o);
  const problems = (change: object) => validator.validate(xrOf({ ...securityAdministrationParameters(onboarding), ...change })).map(formatProblem);

  test('accepts the example organization', () => {
    expect(problems({})).toEqual([]);
  });

  test.each<[string, object, string]>([
    ['another ProviderConfig for the security account', { providerConfigName: 'zta-payments-dev' }, 'providerConfigName must be "zta-organization-security"'],
    ['another management ProviderConfig', { managementProviderConfigName: 'zta-payments-dev' }, 'managementProviderConfigName'],
    ['the management account as delegated administrator', { accountId: MANAGEMENT }, 'AWS refuses the management account as delegated administrator'],
    ['a home Region outside regions', { region: 'us-east-1' }, 'regions must include region'],
    ['the home Region among the linked Regions', { linkedRegions: [HOME, 'eu-west-2'] }, 'linkedRegions must be regions without region'],
    ['more Regions than slots', { regions: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-central-1', 'eu-west-1'] }, 'regions'],
    ['two threat lists with one name', { threatIntelSets: [{ name: 'feed', objectKey: 'a', format: 'TXT' }, { name: 'feed', objectKey: 'b', format: 'TXT' }] }, 'threatIntelSets names must be unique'],
    ['two trusted IP lists (GuardDuty allows one)', { trustedIpSets: [{ name: 'a-list', objectKey: 'a', format: 'TXT' }, { name: 'b-list', objectKey: 'b', format: 'TXT' }] }, 'trustedIpSets'],
  ])('refuses %s', (_what, change, message) => {
    expect(problems(change).some((p) => p.includes(message))).toBe(true);
  });
});

describe('the README records each provider gap the composite works around', () => {
  const readme = () => readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const gapTable = () => readme().split('## Provider gaps and how the package works around them')[1]!.split('\n## ')[0]!;

  test('every Cloud Control type it composes, and the Terraform fallbacks with their ProviderConfigs', () => {
    for (const type of Object.values(SECURITY_HUB_CLOUD_CONTROL_TYPES)) expect(gapTable()).toContain(type.replace('AWS::SecurityHub', ''));
    expect(gapTable()).toContain('no GuardDuty, Inspector2 or Macie2 organization admin account / organization configuration kinds');
    expect(gapTable()).toContain('in the GuardDuty administrator (security) account only');
    expect(gapTable()).toContain(`AWS provider pinned to ${TERRAFORM_AWS_PROVIDER_VERSION}`);
    expect(readme()).toContain(`\`hashicorp/aws\` \`${TERRAFORM_AWS_PROVIDER_VERSION}\``);
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('security-administration'), () => expect(synthChart('security-administration')).toMatchSnapshot());
