// The security account as delegated administrator of the organization's security services: the
// AWS facts the XSecurityAdministration composite is built from, the Terraform modules for the
// registrations and organization settings provider-upjet-aws has no kind for, and the parameters the
// organization composite passes (derived from the onboarding list, so both are built from one source).
//
// Which account may call which API (every registration is refused from any other account):
// - management account: guardduty:EnableOrganizationAdminAccount, securityhub:EnableOrganizationAdminAccount,
//   inspector2:EnableDelegatedAdminAccount, macie2:EnableOrganizationAdminAccount,
//   organizations:RegisterDelegatedAdministrator (Config, Access Analyzer).
//   https://docs.aws.amazon.com/guardduty/latest/APIReference/API_EnableOrganizationAdminAccount.html
//   https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_EnableOrganizationAdminAccount.html
//   https://docs.aws.amazon.com/inspector/v2/APIReference/API_EnableDelegatedAdminAccount.html
//   https://docs.aws.amazon.com/macie/latest/APIReference/admin.html
//   https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html
// - delegated administrator (security account): the organization configurations (GuardDuty,
//   Security Hub, Inspector, Macie), Security Hub configuration policies (home Region only), the
//   organization Config aggregator and Access Analyzer, and GuardDuty's threat-intel and trusted-IP
//   lists ("only the GuardDuty administrator account can manage lists, which automatically apply to
//   member accounts": https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-lists-prerequisites.html).
import { REGIONS, type Region } from '../../kernel/parameters';
import { MAX_ALLOWED_REGIONS } from '../../policy/scp';
import { OnboardingNames, type GuardDutyList, type OrganizationOnboarding } from '../../package/onboarding';

/** Region slots of the composite: P&T cannot loop over a list, so each slot is a fixed set of resources. */
export const REGION_SLOTS = MAX_ALLOWED_REGIONS;

/**
 * Terraform AWS provider the Workspaces pin. 6.x: every regional resource takes a `region` argument
 * ("Enhanced Region Support"), so one ProviderConfig (one assume-role chain) reaches every Region slot.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/enhanced-region-support
 * provider-terraform runs `terraform init` per Workspace and downloads it from registry.terraform.io
 * and releases.hashicorp.com (egress, or a provider mirror: README "Egress and registries").
 */
export const TERRAFORM_AWS_PROVIDER_VERSION = '6.55.0';

/**
 * GuardDuty protection plans the administrator turns on for every member (auto-enable ALL: existing
 * and new accounts). RUNTIME_MONITORING supersedes EKS_RUNTIME_MONITORING (AWS: enable one, not both).
 * https://docs.aws.amazon.com/guardduty/latest/APIReference/API_OrganizationFeatureConfiguration.html
 */
export const GUARDDUTY_ORGANIZATION_FEATURES = [
  'S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS', 'RUNTIME_MONITORING',
] as const;
/** Agents GuardDuty manages for RUNTIME_MONITORING in every member. */
export const GUARDDUTY_RUNTIME_AGENTS = ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'] as const;

/** Service principals registered with Organizations' RegisterDelegatedAdministrator (global, once). */
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services_list.html
export const ORGANIZATIONS_DELEGATED_SERVICES = {
  /** AWS Config: organization aggregators from the delegated administrator. */
  config: 'config.amazonaws.com',
  /** IAM Access Analyzer: analyzers with the organization as zone of trust. */
  accessAnalyzer: 'access-analyzer.amazonaws.com',
} as const;

/** Managed policy an organization Config aggregator's role needs (Organizations List and Describe calls). */
// https://docs.aws.amazon.com/config/latest/developerguide/set-up-aggregator-cli.html#add-an-aggregator-organization-cli
export const AWS_CONFIG_ORGANIZATIONS_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations';

/** GuardDuty's service-linked role: it fetches the lists and needs kms:Decrypt on an SSE-KMS object. */
// https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-lists-prerequisites.html
export function guardDutyServiceLinkedRoleArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`;
}

const TERRAFORM_REQUIREMENTS = `terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "${TERRAFORM_AWS_PROVIDER_VERSION}"
    }
  }
}
`;

/**
 * Management account, one Workspace per Region slot: the registrations that are regional and have
 * no provider-upjet-aws kind (shared/crds/README.md: aws_guardduty_organization_admin_account,
 * aws_inspector2_delegated_admin_account, aws_macie2_organization_admin_account appear only in the
 * provider's unused map; CloudFormation has no type for them, so Cloud Control cannot help).
 * Designating GuardDuty's administrator also enables GuardDuty (a detector) in that account and Region.
 * https://docs.aws.amazon.com/guardduty/latest/ug/organizations_permissions.html
 */
export const DELEGATED_ADMINISTRATORS_MODULE_HCL = `${TERRAFORM_REQUIREMENTS}
variable "region" {
  type        = string
  description = "Region slot of the registrations (each service designates its administrator per Region)."
}

variable "admin_account_id" {
  type        = string
  description = "The security account, delegated administrator of GuardDuty, Inspector and Macie."
}

resource "aws_guardduty_organization_admin_account" "this" {
  region           = var.region
  admin_account_id = var.admin_account_id
}

resource "aws_inspector2_delegated_admin_account" "this" {
  region     = var.region
  account_id = var.admin_account_id
}

resource "aws_macie2_organization_admin_account" "this" {
  region           = var.region
  admin_account_id = var.admin_account_id
}

output "guardduty_admin_account_id" {
  value = aws_guardduty_organization_admin_account.this.admin_account_id
}

output "inspector_admin_account_id" {
  value = aws_inspector2_delegated_admin_account.this.account_id
}

output "macie_admin_account_id" {
  value = aws_macie2_organization_admin_account.this.admin_account_id
}
`;

/**
 * Security account (the delegated administrator), one Workspace per Region slot: organization-wide
 * auto-enable of GuardDuty (every protection plan), Inspector and Macie, and GuardDuty's lists
 * (regional: a detector uses only the lists of its own Region). No provider kind exists for any of
 * them (shared/crds/README.md); GuardDuty lists have Cloud Control types, but the organization
 * configurations do not, and keeping a Region's GuardDuty settings in one state keeps them in order.
 * The administrator's own detector was created by the designation: read, never managed here.
 */
export const ORGANIZATION_CONFIGURATION_MODULE_HCL = `${TERRAFORM_REQUIREMENTS}
variable "region" {
  type        = string
  description = "Region slot."
}

variable "environment_suffix" {
  type        = string
  description = "The organization's environment, appended to every list name."
}

variable "lists_bucket" {
  type        = string
  description = "Bucket of the security account holding the list objects."
}

variable "lists_bucket_region" {
  type        = string
  description = "Region of the lists bucket (the security account's home Region)."
}

variable "tags" {
  type    = map(string)
  default = {}
}

variable "threat_intel_sets" {
  type = list(object({
    name      = string
    objectKey = string
    format    = string
  }))
  default = []
}

variable "trusted_ip_sets" {
  type = list(object({
    name      = string
    objectKey = string
    format    = string
  }))
  default = []
}

locals {
  features       = ${JSON.stringify([...GUARDDUTY_ORGANIZATION_FEATURES])}
  runtime_agents = ${JSON.stringify([...GUARDDUTY_RUNTIME_AGENTS])}
  lists_base_url = "https://\${var.lists_bucket}.s3.\${var.lists_bucket_region}.amazonaws.com"
}

data "aws_guardduty_detector" "administrator" {
  region = var.region
}

resource "aws_guardduty_organization_configuration" "this" {
  region                           = var.region
  detector_id                      = data.aws_guardduty_detector.administrator.id
  auto_enable_organization_members = "ALL"
}

resource "aws_guardduty_organization_configuration_feature" "this" {
  for_each    = toset(local.features)
  region      = var.region
  detector_id = data.aws_guardduty_detector.administrator.id
  name        = each.key
  auto_enable = "ALL"

  dynamic "additional_configuration" {
    for_each = each.key == "RUNTIME_MONITORING" ? local.runtime_agents : []
    content {
      name        = additional_configuration.value
      auto_enable = "ALL"
    }
  }

  depends_on = [aws_guardduty_organization_configuration.this]
}

resource "aws_inspector2_organization_configuration" "this" {
  region = var.region
  auto_enable {
    ec2         = true
    ecr         = true
    lambda      = true
    lambda_code = true
  }
}

resource "aws_macie2_organization_configuration" "this" {
  region      = var.region
  auto_enable = true
}

resource "aws_guardduty_threatintelset" "this" {
  for_each    = { for s in var.threat_intel_sets : s.name => s }
  region      = var.region
  detector_id = data.aws_guardduty_detector.administrator.id
  name        = "\${each.value.name}-\${var.environment_suffix}"
  format      = each.value.format
  location    = "\${local.lists_base_url}/\${each.value.objectKey}"
  activate    = true
  tags        = var.tags
}

resource "aws_guardduty_ipset" "this" {
  for_each    = { for s in var.trusted_ip_sets : s.name => s }
  region      = var.region
  detector_id = data.aws_guardduty_detector.administrator.id
  name        = "\${each.value.name}-\${var.environment_suffix}"
  format      = each.value.format
  location    = "\${local.lists_base_url}/\${each.value.objectKey}"
  activate    = true
  tags        = var.tags
}

output "detector_id" {
  value = data.aws_guardduty_detector.administrator.id
}

output "threat_intel_set_ids" {
  value = [for s in aws_guardduty_threatintelset.this : s.id]
}

output "trusted_ip_set_ids" {
  value = [for s in aws_guardduty_ipset.this : s.id]
}
`;

/** The parameters of an XSecurityAdministration, as the organization composite sets them. */
export interface SecurityAdministrationParameters {
  readonly accountId: string;
  readonly region: Region;
  readonly environmentSuffix: string;
  readonly providerConfigName: string;
  readonly organizationId: string;
  readonly organizationRootId: string;
  readonly managementAccountId: string;
  readonly managementProviderConfigName: string;
  readonly managementTerraformProviderConfigName: string;
  readonly terraformProviderConfigName: string;
  readonly regions: readonly Region[];
  readonly linkedRegions: readonly Region[];
  readonly threatIntelSets: readonly GuardDutyList[];
  readonly trustedIpSets: readonly GuardDutyList[];
}

/**
 * The organization's root id. Not in the onboarding list: every OU id names its root
 * (`ou-<root suffix>-<ou suffix>`, root `r-<root suffix>`), so it is derived, and all OUs must agree.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_OrganizationalUnit.html
 */
export function organizationRootId(org: OrganizationOnboarding): string {
  const roots = [...new Set(org.accounts.map((a) => /^ou-([0-9a-z]{4,32})-/.exec(a.organizationalUnitId)?.[1]))];
  if (roots.length !== 1 || roots[0] === undefined) {
    throw new Error(`organization root: the accounts' organizationalUnitId values must all name one root (ou-<root>-<ou>), got roots ${JSON.stringify(roots)}`);
  }
  return `r-${roots[0]}`;
}

/**
 * XSecurityAdministration's parameters from the onboarding list: the security account is the
 * composite's account (its home Region the Security Hub home and aggregation Region), the
 * organization's environment its suffix, and `regions` every Region any account may use plus the
 * security account's home Region, in REGIONS order so the slots are stable.
 */
export function securityAdministrationParameters(org: OrganizationOnboarding): SecurityAdministrationParameters {
  const wanted = new Set<string>([org.securityAccount.homeRegion, ...org.accounts.flatMap((a) => a.allowedRegions)]);
  const regions = REGIONS.filter((r) => wanted.has(r));
  if (regions.length > REGION_SLOTS) {
    throw new Error(`securityAdministration: the accounts allow ${regions.length} Regions (${regions.join(', ')}); at most ${REGION_SLOTS} are supported (compositions/policy/scp.ts MAX_ALLOWED_REGIONS)`);
  }
  const lists = org.threatIntelligence;
  return {
    accountId: org.securityAccount.accountId,
    region: org.securityAccount.homeRegion,
    environmentSuffix: org.environment,
    providerConfigName: OnboardingNames.securityProviderConfig,
    organizationId: org.organizationId,
    organizationRootId: organizationRootId(org),
    managementAccountId: org.managementAccount.accountId,
    managementProviderConfigName: OnboardingNames.managementProviderConfig,
    managementTerraformProviderConfigName: OnboardingNames.managementTerraformProviderConfig,
    terraformProviderConfigName: OnboardingNames.securityTerraformProviderConfig,
    regions,
    linkedRegions: regions.filter((r) => r !== org.securityAccount.homeRegion),
    threatIntelSets: [...(lists?.threatIntelSets ?? [])],
    trustedIpSets: [...(lists?.trustedIpSets ?? [])],
  };
}
