// Who may call which organization API, in the simulated provider: registrations only from the
// management account, organization configurations and GuardDuty lists only from the delegated
// administrator; the account is the one the managed resource's ProviderConfig reaches.
import { join } from 'node:path';
import { terraformProviderConfiguration } from '../../../compositions/blocks/detection/guardduty-terraform';
import { callerAccount, organizationCallRefusal } from '../../../renderer/aws/organization-callers';
import { type ClusterView, SimulatedProvider, loadReferenceMap } from '../../../renderer/aws/provider';
import type { JsonObject } from '../../../renderer/types';

const MANAGEMENT = '999900001111';
const SECURITY = '555566667777';
const MEMBER = '111122223333';
const facts = { managementAccountId: MANAGEMENT, delegatedAdministratorAccountId: SECURITY, securityHubCentralConfiguration: true };
const references = loadReferenceMap(join(__dirname, '..', '..', '..', '..', 'shared', 'crds', 'references.json'));
const provider = new SimulatedProvider({ references, accountId: MEMBER, region: 'eu-west-1', organization: facts });
const unchecked = new SimulatedProvider({ references, accountId: MEMBER, region: 'eu-west-1' });

const awsPc = (name: string, account: string): JsonObject => ({
  apiVersion: 'aws.upbound.io/v1beta1', kind: 'ProviderConfig', metadata: { name },
  spec: { credentials: { source: 'PodIdentity' }, assumeRoleChain: [{ roleARN: `arn:aws:iam::${account}:role/zta-provisioning`, externalID: 'x1' }] },
});
const tfPc = (name: string, account: string): JsonObject => ({
  apiVersion: 'tf.upbound.io/v1beta1', kind: 'ProviderConfig', metadata: { name },
  spec: { configuration: terraformProviderConfiguration({ region: 'eu-west-1', accountId: account, assumeRoleArn: `arn:aws:iam::${account}:role/zta-provisioning`, externalId: 'x1', stateSecretSuffix: name, stateNamespace: 'crossplane-system' }) },
});
const cluster = [awsPc('management', MANAGEMENT), awsPc('security', SECURITY), awsPc('member', MEMBER), tfPc('management-tf', MANAGEMENT), tfPc('security-tf', SECURITY), tfPc('member-tf', MEMBER)];
const view: ClusterView = { list: (kind) => cluster.filter((o) => `${String(o.kind)}.${String(o.apiVersion).split('/')[0]}` === kind) };

function mr(apiVersion: string, kind: string, pc: string, forProvider: JsonObject): JsonObject {
  return { apiVersion, kind, metadata: { name: `${kind.toLowerCase()}-${pc}` }, spec: { forProvider: { region: 'eu-west-1', ...forProvider }, providerConfigRef: { name: pc } } };
}
const delegated = (pc: string, accountId = SECURITY) => mr('organizations.aws.upbound.io/v1beta1', 'DelegatedAdministrator', pc, { accountId, servicePrincipal: 'config.amazonaws.com' });
const workspace = (pc: string, module: string) => ({ ...mr('tf.upbound.io/v1beta1', 'Workspace', pc, { source: 'Inline', module }), spec: { forProvider: { source: 'Inline', module }, providerConfigRef: { name: pc } } });
const lists = 'resource "aws_guardduty_threatintelset" "this" {\n  detector_id = var.detector_id\n}\n';
const cloudControl = (pc: string, typeName: string) => mr('cloudcontrol.aws.upbound.io/v1beta1', 'Resource', pc, { typeName, desiredState: '{}' });
const errorsOf = (o: JsonObject, p = provider) => p.reconcile(o, view).errors;

describe('the account a call comes from', () => {
  test('the last role of an AWS ProviderConfig, the allowed_account_ids of a Terraform one, nothing for an unknown ProviderConfig', () => {
    expect(callerAccount(delegated('management'), view)).toBe(MANAGEMENT);
    expect(callerAccount(workspace('security-tf', lists), view)).toBe(SECURITY);
    expect(callerAccount(delegated('nowhere'), view)).toBeUndefined();
  });
});

describe('organization APIs in the simulated provider', () => {
  test('a delegated administrator registration succeeds from the management account only', () => {
    expect(errorsOf(delegated('management'))).toEqual([]);
    expect(errorsOf(delegated('security'))).toEqual([
      `DelegatedAdministrator/delegatedadministrator-security: AccessDeniedException: RegisterDelegatedAdministrator can only be called from the organization's management account (called from ${SECURITY})`,
    ]);
  });

  test('the management account cannot register itself', () => {
    expect(organizationCallRefusal(delegated('management', MANAGEMENT), MANAGEMENT, facts)).toBe(
      'ConstraintViolationException (CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR): the management account cannot be a delegated administrator',
    );
  });

  test('GuardDuty lists created by a member (not the administrator) fail with BadRequestException; by the administrator they are created', () => {
    const refused = provider.reconcile(workspace('member-tf', lists), view);
    expect(refused.errors).toEqual([`Workspace/workspace-member-tf: BadRequestException: only the GuardDuty administrator account can manage threat intel sets (they apply to every member) (called from ${MEMBER})`]);
    expect(((refused.resource.status as JsonObject).conditions as JsonObject[]).map((c) => [c.type, c.status])).toEqual([['Synced', 'False']]);
    expect(errorsOf(workspace('security-tf', lists))).toEqual([]);
  });

  test('GuardDuty designation from the security account fails; from the management account it succeeds', () => {
    const module = 'resource "aws_guardduty_organization_admin_account" "this" {}';
    expect(errorsOf(workspace('security-tf', module))[0]).toMatch(/BadRequestException: only the organization's management account can run EnableOrganizationAdminAccount/);
    expect(errorsOf(workspace('management-tf', module))).toEqual([]);
  });

  test('Security Hub: the designation from the management account, central configuration from the administrator', () => {
    expect(errorsOf(cloudControl('security', 'AWS::SecurityHub::DelegatedAdmin'))[0]).toMatch(/only the organization's management account can designate the Security Hub administrator/);
    expect(errorsOf(cloudControl('management', 'AWS::SecurityHub::DelegatedAdmin'))).toEqual([]);
    expect(errorsOf(cloudControl('management', 'AWS::SecurityHub::ConfigurationPolicy'))[0]).toMatch(/only the Security Hub delegated administrator can create configuration policies/);
    expect(errorsOf(cloudControl('security', 'AWS::SecurityHub::ConfigurationPolicy'))).toEqual([]);
  });

  test('Security Hub under central configuration: a member may only observe its hub; enabling it or a standard is the administrator\'s', () => {
    const hub = (pc: string, managementPolicies?: string[]) => {
      const o = mr('securityhub.aws.upbound.io/v1beta1', 'Account', pc, {});
      if (managementPolicies) (o.spec as JsonObject).managementPolicies = managementPolicies;
      (o.metadata as JsonObject).annotations = { 'crossplane.io/external-name': pc === 'security' ? SECURITY : MEMBER };
      return o;
    };
    const standard = (pc: string) => mr('securityhub.aws.upbound.io/v1beta1', 'StandardsSubscription', pc, { standardsArn: 'arn:aws:securityhub:eu-west-1::standards/pci-dss/v/4.0.1' });
    expect(errorsOf(hub('member', ['Observe']))).toEqual([]);
    expect(errorsOf(hub('member'))).toEqual([
      `Account/account-member: AccessDeniedException: under central configuration only the Security Hub delegated administrator can enable or disable Security Hub in a centrally managed account (called from ${MEMBER})`,
    ]);
    expect(errorsOf(hub('member', ['Observe', 'Create']))[0]).toMatch(/only the Security Hub delegated administrator can enable or disable Security Hub/);
    expect(errorsOf(standard('member'))).toEqual([
      `StandardsSubscription/standardssubscription-member: AccessDeniedException: under central configuration only the Security Hub delegated administrator can enable or disable the standards of a centrally managed account (called from ${MEMBER})`,
    ]);
    // The administrator manages its own hub (XSecurityAdministration's securityHubAccount).
    expect(errorsOf(hub('security'))).toEqual([]);
    // Without organization facts (a claim rendered alone) nothing is checked; under LOCAL configuration a member may.
    expect(errorsOf(standard('member'), unchecked)).toEqual([]);
    const local = new SimulatedProvider({ references, accountId: MEMBER, region: 'eu-west-1', organization: { ...facts, securityHubCentralConfiguration: false } });
    expect(errorsOf(standard('member'), local)).toEqual([]);
    expect(errorsOf(hub('member'), local)).toEqual([]);
  });

  test('an organization Config aggregator or analyzer needs the management account or the administrator; an account-scoped one does not', () => {
    const aggregator = (pc: string, source: JsonObject) => ({ ...mr('configservice.aws.upbound.io/v1beta2', 'ConfigurationAggregator', pc, source), metadata: { name: `agg-${pc}`, annotations: { 'crossplane.io/external-name': 'agg' } } });
    expect(errorsOf(aggregator('member', { organizationAggregationSource: { allRegions: true, roleArn: 'arn:aws:iam::111122223333:role/r' } }))[0]).toMatch(/OrganizationAccessDeniedException/);
    expect(errorsOf(aggregator('security', { organizationAggregationSource: { allRegions: true, roleArn: 'arn:aws:iam::555566667777:role/r' } }))).toEqual([]);
    const analyzer = (pc: string, type: string) => ({ ...mr('accessanalyzer.aws.upbound.io/v1beta2', 'Analyzer', pc, { type }), metadata: { name: `an-${pc}-${type}`, annotations: { 'crossplane.io/external-name': 'a' } } });
    expect(errorsOf(analyzer('member', 'ORGANIZATION'))[0]).toMatch(/AccessDeniedException: an analyzer with the organization as zone of trust/);
    expect(errorsOf(analyzer('member', 'ACCOUNT'))).toEqual([]);
  });

  test('without organization facts (account claims) nothing is checked', () => {
    expect(errorsOf(workspace('member-tf', lists), unchecked)).toEqual([]);
    expect(errorsOf(delegated('security'), unchecked)).toEqual([]);
  });
});
