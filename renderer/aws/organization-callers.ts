// Who may call which organization API, for the simulated provider. A managed resource acts in the
// account its ProviderConfig reaches (provider-upjet-aws: the last role of the assume-role chain;
// provider-terraform: the `allowed_account_ids` its configuration pins). Organization-wide calls
// succeed only from the management account or from the services' delegated administrator; AWS
// refuses them from any other account, and the render reports the refusal as the provider would
// (Synced False, never Ready). Without organization facts nothing is checked (account claims).
import type { JsonObject } from '../types';
import { groupKind, nameOf, obj, str } from '../crossplane/crossplane';

export interface OrganizationFacts {
  /** The organization's management account. */
  readonly managementAccountId: string;
  /** The delegated administrator of GuardDuty, Security Hub, Config, Access Analyzer, Inspector and Macie. */
  readonly delegatedAdministratorAccountId: string;
  /**
   * Security Hub runs under central configuration with every account centrally managed (what
   * XSecurityAdministration establishes: CENTRAL, a policy on the root). Only then does AWS refuse a
   * member enabling Security Hub or its standards; under LOCAL configuration a member may. @default false
   */
  readonly securityHubCentralConfiguration?: boolean;
}

/** Read access to the cluster's objects ('Kind.group'). */
export interface CallerView {
  list(kind: string): JsonObject[];
}

type Caller = 'management' | 'administrator' | 'managementOrAdministrator';

/** Terraform resources of a Workspace module and who may create them. */
const TERRAFORM_CALLERS: Readonly<Record<string, { caller: Caller; refusal: string }>> = {
  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_EnableOrganizationAdminAccount.html
  aws_guardduty_organization_admin_account: { caller: 'management', refusal: 'BadRequestException: only the organization\'s management account can run EnableOrganizationAdminAccount' },
  // https://docs.aws.amazon.com/inspector/v2/APIReference/API_EnableDelegatedAdminAccount.html
  aws_inspector2_delegated_admin_account: { caller: 'management', refusal: 'AccessDeniedException: only the organization\'s management account can run EnableDelegatedAdminAccount' },
  // https://docs.aws.amazon.com/macie/latest/APIReference/admin.html
  aws_macie2_organization_admin_account: { caller: 'management', refusal: 'AccessDeniedException: only the organization\'s management account can run EnableOrganizationAdminAccount' },
  // "only the GuardDuty administrator account can manage lists": guardduty-lists-prerequisites.html
  aws_guardduty_threatintelset: { caller: 'administrator', refusal: 'BadRequestException: only the GuardDuty administrator account can manage threat intel sets (they apply to every member)' },
  aws_guardduty_ipset: { caller: 'administrator', refusal: 'BadRequestException: only the GuardDuty administrator account can manage trusted IP sets (they apply to every member)' },
  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateOrganizationConfiguration.html
  aws_guardduty_organization_configuration: { caller: 'administrator', refusal: 'BadRequestException: only the GuardDuty administrator account can update the organization configuration' },
  aws_inspector2_organization_configuration: { caller: 'administrator', refusal: 'AccessDeniedException: only the Inspector delegated administrator can update the organization configuration' },
  aws_macie2_organization_configuration: { caller: 'administrator', refusal: 'AccessDeniedException: only the Macie administrator account can update the organization configuration' },
};

/** Cloud Control types (cloudcontrol Resource typeName) and who may create them. */
const CLOUD_CONTROL_CALLERS: Readonly<Record<string, { caller: Caller; refusal: string }>> = {
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-securityhub-delegatedadmin.html
  'AWS::SecurityHub::DelegatedAdmin': { caller: 'management', refusal: 'AccessDeniedException: only the organization\'s management account can designate the Security Hub administrator' },
  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_UpdateOrganizationConfiguration.html
  'AWS::SecurityHub::OrganizationConfiguration': { caller: 'administrator', refusal: 'AccessDeniedException: only the Security Hub delegated administrator can update the organization configuration' },
  'AWS::SecurityHub::ConfigurationPolicy': { caller: 'administrator', refusal: 'AccessDeniedException: only the Security Hub delegated administrator can create configuration policies' },
  'AWS::SecurityHub::PolicyAssociation': { caller: 'administrator', refusal: 'AccessDeniedException: only the Security Hub delegated administrator can associate configuration policies' },
};

/**
 * The account a managed resource's calls come from: the last role of its aws.upbound.io
 * ProviderConfig's assume-role chain, or the account its tf.upbound.io ProviderConfig pins with
 * `allowed_account_ids`; undefined when the ProviderConfig is not in the cluster.
 */
export function callerAccount(mr: JsonObject, view: CallerView): string | undefined {
  const pc = str(obj(obj(mr.spec).providerConfigRef).name);
  if (!pc) return undefined;
  if (groupKind(mr) === 'Workspace.tf.upbound.io') {
    const config = view.list('ProviderConfig.tf.upbound.io').find((o) => nameOf(o) === pc);
    return /allowed_account_ids\s*=\s*\[\s*"([0-9]{12})"\s*\]/.exec(str(obj(config?.spec).configuration) ?? '')?.[1];
  }
  const config = view.list('ProviderConfig.aws.upbound.io').find((o) => nameOf(o) === pc);
  const chain = obj(config?.spec).assumeRoleChain;
  const last = Array.isArray(chain) && chain.length > 0 ? str(obj(chain[chain.length - 1]).roleARN) : undefined;
  return /^arn:aws[a-z-]*:iam::([0-9]{12}):role\//.exec(last ?? '')?.[1];
}

function allowed(caller: Caller, account: string, facts: OrganizationFacts): boolean {
  if (caller === 'management') return account === facts.managementAccountId;
  if (caller === 'administrator') return account === facts.delegatedAdministratorAccountId;
  return account === facts.managementAccountId || account === facts.delegatedAdministratorAccountId;
}

/** What the resource needs to call, as [who may, AWS's refusal]. */
function requirements(mr: JsonObject, facts: OrganizationFacts): { caller: Caller; refusal: string }[] {
  const fp = obj(obj(mr.spec).forProvider);
  switch (groupKind(mr)) {
    case 'DelegatedAdministrator.organizations.aws.upbound.io':
      // https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html
      return [{ caller: 'management', refusal: 'AccessDeniedException: RegisterDelegatedAdministrator can only be called from the organization\'s management account' }];
    case 'ConfigurationAggregator.configservice.aws.upbound.io':
      // https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationAggregator.html
      return Object.keys(obj(fp.organizationAggregationSource)).length > 0
        ? [{ caller: 'managementOrAdministrator', refusal: 'OrganizationAccessDeniedException: an organization aggregator needs the management account or a registered delegated administrator' }]
        : [];
    case 'Analyzer.accessanalyzer.aws.upbound.io':
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-settings.html
      return String(fp.type ?? '').startsWith('ORGANIZATION')
        ? [{ caller: 'managementOrAdministrator', refusal: 'AccessDeniedException: an analyzer with the organization as zone of trust needs the management account or the delegated administrator' }]
        : [];
    // The organization runs Security Hub under central configuration (XSecurityAdministration):
    // "Only the delegated Security Hub CSPM administrator can configure settings for centrally managed
    // accounts" (enabling the service and its standards included); a member may only observe its hub.
    // https://docs.aws.amazon.com/securityhub/latest/userguide/central-configuration-management-type.html
    case 'StandardsSubscription.securityhub.aws.upbound.io':
      if (!facts.securityHubCentralConfiguration) return [];
      return [{ caller: 'administrator', refusal: 'AccessDeniedException: under central configuration only the Security Hub delegated administrator can enable or disable the standards of a centrally managed account' }];
    case 'Account.securityhub.aws.upbound.io': {
      if (!facts.securityHubCentralConfiguration) return [];
      const policies = obj(mr.spec).managementPolicies;
      const observeOnly = Array.isArray(policies) && policies.length === 1 && policies[0] === 'Observe';
      return observeOnly ? [] : [{ caller: 'administrator', refusal: 'AccessDeniedException: under central configuration only the Security Hub delegated administrator can enable or disable Security Hub in a centrally managed account' }];
    }
    case 'Resource.cloudcontrol.aws.upbound.io': {
      const rule = CLOUD_CONTROL_CALLERS[str(fp.typeName) ?? ''];
      return rule ? [rule] : [];
    }
    case 'Workspace.tf.upbound.io': {
      const module = str(fp.module) ?? '';
      return Object.entries(TERRAFORM_CALLERS).filter(([type]) => new RegExp(`resource\\s+"${type}"`).test(module)).map(([, rule]) => rule);
    }
    default:
      return [];
  }
}

/**
 * AWS's refusal of the resource's calls from `account`, or undefined when allowed (or not an
 * organization API). Registering the management account itself is refused too.
 */
export function organizationCallRefusal(mr: JsonObject, account: string, facts: OrganizationFacts): string | undefined {
  const fp = obj(obj(mr.spec).forProvider);
  if (groupKind(mr) === 'DelegatedAdministrator.organizations.aws.upbound.io' && str(fp.accountId) === facts.managementAccountId) {
    return 'ConstraintViolationException (CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR): the management account cannot be a delegated administrator';
  }
  const refused = requirements(mr, facts).find((r) => !allowed(r.caller, account, facts));
  return refused ? `${refused.refusal} (called from ${account})` : undefined;
}
