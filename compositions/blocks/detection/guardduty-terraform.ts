// The member account's list-shaped and optional pieces of threat detection (suppression filters,
// the optional response target) go through provider-terraform's Workspace with this inline HCL
// module. Threat-intel and trusted-IP sets are not here: only the GuardDuty administrator may manage
// them (XSecurityAdministration, compositions/blocks/organization/security-administration.ts). Terraform's for_each/count
// express "zero or more" directly, while Patch-and-Transform can neither loop over an array nor
// omit a resource without holding it back behind a Required patch.
//
// The module is static text (no composition tokens): every account-specific value arrives through
// the Workspace's `varmap`, so the HCL can be formatted and reviewed as it is shipped.

/** Terraform the module needs: optional() object attributes (1.3+); provider-terraform ships 1.5.7. */
export const GUARDDUTY_MODULE_HCL = `terraform {
  required_version = ">= 1.3.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

variable "detector_id" {
  type        = string
  description = "Existing GuardDuty detector of the account (observed, never managed, by Crossplane)."
}

variable "environment_suffix" {
  type        = string
  description = "Suffix appended to every name."
}

variable "tags" {
  type    = map(string)
  default = {}
}

variable "suppression_filters" {
  type = list(object({
    name        = string
    description = optional(string, "")
    rank        = number
    criteria = list(object({
      field              = string
      equals             = optional(list(string))
      notEquals          = optional(list(string))
      greaterThanOrEqual = optional(string)
      lessThan           = optional(string)
    }))
  }))
  default = []
}

variable "guardduty_rule_name" {
  type        = string
  description = "EventBridge rule of GuardDuty findings (composed by Crossplane)."
}

variable "guardduty_rule_arn" {
  type = string
}

variable "response_target_arn" {
  type        = string
  default     = ""
  description = "Lambda function or SSM Automation definition invoked for every matching finding; empty for none."
}

variable "response_role_arn" {
  type        = string
  default     = ""
  description = "Role EventBridge assumes to start the SSM Automation (not used for Lambda)."
}

# Suppression rules are filters with action ARCHIVE: matching findings are archived on arrival.
resource "aws_guardduty_filter" "suppression" {
  for_each    = { for f in var.suppression_filters : f.name => f }
  detector_id = var.detector_id
  name        = "\${each.value.name}-\${var.environment_suffix}"
  description = each.value.description
  action      = "ARCHIVE"
  rank        = each.value.rank
  tags        = var.tags

  finding_criteria {
    dynamic "criterion" {
      for_each = each.value.criteria
      content {
        field                 = criterion.value.field
        equals                = criterion.value.equals
        not_equals            = criterion.value.notEquals
        greater_than_or_equal = criterion.value.greaterThanOrEqual
        less_than             = criterion.value.lessThan
      }
    }
  }
}

resource "aws_cloudwatch_event_target" "response" {
  count     = var.response_target_arn == "" ? 0 : 1
  rule      = var.guardduty_rule_name
  target_id = "response"
  arn       = var.response_target_arn
  role_arn  = var.response_role_arn == "" ? null : var.response_role_arn
}

# EventBridge invokes a Lambda target through the function's resource policy, bound to the rule.
resource "aws_lambda_permission" "response" {
  count         = startswith(var.response_target_arn, "arn:aws:lambda:") ? 1 : 0
  statement_id  = "zta-guardduty-response-\${var.environment_suffix}"
  action        = "lambda:InvokeFunction"
  function_name = var.response_target_arn
  principal     = "events.amazonaws.com"
  source_arn    = var.guardduty_rule_arn
}

output "suppression_filter_ids" {
  value = [for f in aws_guardduty_filter.suppression : f.id]
}
`;

/** provider-terraform keeps Workspace state in Secrets of its own namespace. */
export const TERRAFORM_STATE_NAMESPACE = 'crossplane-system';

/**
 * The state Secret suffix of an account's threat-detection Workspace: the name the per-claim
 * ProviderConfig used before onboarding owned it, so an existing Workspace keeps its state.
 */
export function terraformStateSecretSuffix(accountId: string, environment: string): string {
  return `zta-threat-detection-${accountId}-${environment}`;
}

export interface TerraformProviderConfigProps {
  readonly region: string;
  readonly accountId: string;
  /** Role in the target account Terraform assumes (the platform's provisioning role). */
  readonly assumeRoleArn: string;
  /** The sts:ExternalId the role's trust policy requires. */
  readonly externalId: string;
  /** The state lives in Secret `tfstate-default-<suffix>`. */
  readonly stateSecretSuffix: string;
  /** Namespace of the state Secret (provider-terraform's own namespace). */
  readonly stateNamespace: string;
}

/** HCL string literal: escapes what Terraform's parser reads specially (quote, backslash, ${ and %{). */
function hclString(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '$$${').replace(/%\{/g, '%%{')}"`;
}

/**
 * The provider-terraform ProviderConfig `configuration` of one onboarded account: AWS provider pinned
 * to the account (allowed_account_ids refuses to touch any other account even if the role is
 * mis-wired), reached by assuming the provisioning role with its external ID from the provider
 * pod's own identity (IRSA / EKS Pod Identity); state in a Kubernetes Secret so it survives
 * provider restarts.
 */
export function terraformProviderConfiguration(p: TerraformProviderConfigProps): string {
  return `provider "aws" {
  region              = ${hclString(p.region)}
  allowed_account_ids = [${hclString(p.accountId)}]
  assume_role {
    role_arn     = ${hclString(p.assumeRoleArn)}
    external_id  = ${hclString(p.externalId)}
    session_name = "zta-provider-terraform"
  }
}

terraform {
  backend "kubernetes" {
    secret_suffix     = ${hclString(p.stateSecretSuffix)}
    namespace         = ${hclString(p.stateNamespace)}
    in_cluster_config = true
  }
}
`;
}
