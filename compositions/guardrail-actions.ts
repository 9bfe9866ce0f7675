// Tampering actions of the BYOK, private-API and backup domains, as typed deny specifications the
// organization layer turns into SCP statements (issue 14 item 4: no administrator can delete
// recovery points, disable the API policy or remove imported key material outside break-glass).
// Each entry says which actions, on which resources, under which extra condition; every one is
// written as a deny that exempts only the named roles (denyUnlessPrincipal), like the guardrails SCPs.
// Action names and resource types: AWS Service Authorization Reference,
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonapigatewaymanagement.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html
import { ConditionOperator, denyUnlessPrincipal, type PolicyStatement } from './iam';

/** An extra condition narrowing a deny to our resources (e.g. a tag every baseline resource carries). */
export interface GuardrailCondition {
  readonly operator: ConditionOperator;
  readonly key: string;
  readonly values: string | readonly string[];
}

/** One deny of tampering actions: what, on which resources, and why. */
export interface TamperingGuardrail {
  /** Statement id of the deny. */
  readonly sid: string;
  readonly actions: readonly string[];
  /** ARN patterns the deny covers (any account and region: the SCP is organization-wide). */
  readonly resources: readonly string[];
  /** @default - none: every resource the patterns name */
  readonly conditions?: readonly GuardrailCondition[];
  /** The control it keeps. */
  readonly why: string;
}

/** Tag every resource the baseline composes carries (compositions/composed-resource.ts baselineTags). */
export const MANAGED_BY_TAG = 'zerotrust.io/managed-by';
/** Tag on every BYOK key (the external-keys domain): the KMS guardrail covers exactly these keys. */
export const KEY_ORIGIN_TAG = 'zerotrust.io/key-origin';
/** Prefix of every backup vault the backup domain creates (`zta-backup-<suffix>`). */
export const BACKUP_VAULT_PREFIX = 'zta-backup';
/** Prefix of every BYOK alias (`alias/byok-<name>-<suffix>`). */
export const BYOK_ALIAS_PREFIX = 'byok';

/**
 * AWS Backup: recovery points, the vault, its lock, policy and notifications, the plan and selection
 * and the audit framework stay as the backup domain made them.
 */
export const BACKUP_TAMPERING_ACTIONS: readonly TamperingGuardrail[] = [
  {
    sid: 'DenyRecoveryPointDeletion',
    why: 'A recovery point cannot be deleted, shortened or detached before its retention (ransomware deletes backups first)',
    actions: [
      'backup:DeleteRecoveryPoint', // deletes the backup itself
      'backup:UpdateRecoveryPointLifecycle', // shortens retention so the point expires now
      'backup:DisassociateRecoveryPoint', // detaches a continuous-backup point from the plan, then deletable as an orphan
      'backup:DisassociateRecoveryPointFromParent', // detaches a child point from its composite parent
    ],
    resources: ['arn:aws:backup:*:*:recovery-point:*'],
  },
  {
    sid: 'DenyBackupVaultTampering',
    why: 'The vault, its Vault Lock, its access policy (which refuses deletion) and its notifications stay',
    actions: [
      'backup:DeleteBackupVault', // removes the vault (once empty)
      'backup:DeleteBackupVaultLockConfiguration', // lifts a governance-mode lock (compliance mode refuses it by itself)
      'backup:PutBackupVaultLockConfiguration', // lowers minimum retention or restarts the grace period
      'backup:PutBackupVaultAccessPolicy', // replaces the policy that denies recovery-point deletion
      'backup:DeleteBackupVaultAccessPolicy', // removes that policy
      'backup:DeleteBackupVaultNotifications', // silences the alert path
      'backup:PutBackupVaultNotifications', // redirects or narrows the alert path
    ],
    resources: [`arn:aws:backup:*:*:backup-vault:${BACKUP_VAULT_PREFIX}-*`],
  },
  {
    sid: 'DenyBackupPlanTampering',
    why: 'The plan keeps backing up what the selection names, with the retention the claim set',
    actions: [
      'backup:DeleteBackupPlan', // stops every future backup
      'backup:UpdateBackupPlan', // shortens retention or removes rules
      'backup:DeleteBackupSelection', // empties what the plan backs up
    ],
    resources: ['arn:aws:backup:*:*:backup-plan:*'],
    // Only the baseline's plans (tagged by the platform); workload teams keep their own plans.
    conditions: [{ operator: ConditionOperator.STRING_EQUALS, key: `aws:ResourceTag/${MANAGED_BY_TAG}`, values: 'crossplane' }],
  },
  {
    sid: 'DenyBackupAuditTampering',
    why: 'Backup Audit Manager keeps evaluating the controls that prove the policy; the opt-in per resource type stays',
    actions: [
      'backup:DeleteFramework', // removes the compliance evidence
      'backup:UpdateFramework', // weakens its controls
      'backup:UpdateRegionSettings', // opts resource types out of AWS Backup
    ],
    resources: ['*'],
  },
];

/** API Gateway REST APIs of the private-API domain: their resource policy, stages and WAF stay. */
export const PRIVATE_API_TAMPERING_ACTIONS: readonly TamperingGuardrail[] = [
  {
    sid: 'DenyPrivateApiPolicyTampering',
    why: 'The resource policy admitting only the execute-api endpoint cannot be replaced or removed, nor the API turned public',
    actions: [
      'apigateway:UpdateRestApiPolicy', // the policy-specific permission API Gateway checks on PUT/PATCH of a REST API policy
      'apigateway:PATCH', // UpdateRestApi/UpdateStage: endpoint type PRIVATE to REGIONAL, policy, access logs, method settings
      'apigateway:PUT', // PutRestApi: overwrites the definition, policy included
      'apigateway:DELETE', // DeleteRestApi/DeleteStage/DeleteDeployment
    ],
    resources: ['arn:aws:apigateway:*::/restapis/*'],
    // Only the baseline's APIs (tagged by the platform); workload teams keep their own APIs.
    conditions: [{ operator: ConditionOperator.STRING_EQUALS, key: `aws:ResourceTag/${MANAGED_BY_TAG}`, values: 'crossplane' }],
  },
  {
    sid: 'DenyPrivateApiWafRemoval',
    why: 'The regional web ACL stays in front of the stage',
    actions: ['wafv2:DisassociateWebACL'], // removes the web ACL from the stage
    resources: ['arn:aws:apigateway:*::/restapis/*/stages/*'],
  },
];

/** BYOK keys (the external-keys domain): imported material, state, policy and aliases stay. */
export const EXTERNAL_KEY_TAMPERING_ACTIONS: readonly TamperingGuardrail[] = [
  {
    sid: 'DenyExternalKeyTampering',
    why: 'Imported key material cannot be removed, nor the key disabled, scheduled for deletion or re-policied',
    actions: [
      'kms:DeleteImportedKeyMaterial', // makes the key unusable at once (no waiting period)
      'kms:ImportKeyMaterial', // re-importing the same material with a short ValidTo expires it within minutes
      'kms:DisableKey', // every encrypt and decrypt fails
      'kms:ScheduleKeyDeletion', // the key and every ciphertext under it are lost after the window
      'kms:PutKeyPolicy', // removes the granular usage statements or the import restriction
    ],
    resources: ['arn:aws:kms:*:*:key/*'],
    conditions: [{ operator: ConditionOperator.STRING_EQUALS, key: `aws:ResourceTag/${KEY_ORIGIN_TAG}`, values: 'EXTERNAL' }],
  },
  {
    sid: 'DenyByokAliasRepointing',
    why: 'Applications use the aliases: repointing or deleting one silently changes or breaks their key',
    actions: [
      'kms:UpdateAlias', // points the alias at another key
      'kms:DeleteAlias', // consumers fail with NotFound
    ],
    resources: [`arn:aws:kms:*:*:alias/${BYOK_ALIAS_PREFIX}-*`],
  },
];

/** Every tampering guardrail of the three domains, keyed by domain. */
export const ISSUE_14_TAMPERING_GUARDRAILS = {
  backup: BACKUP_TAMPERING_ACTIONS,
  privateApi: PRIVATE_API_TAMPERING_ACTIONS,
  externalKeys: EXTERNAL_KEY_TAMPERING_ACTIONS,
} as const;

/**
 * The deny statements for `guardrails`, each exempting exactly `exemptPrincipalArns` (the break-glass
 * role and the platform's provisioning role, as the guardrails SCPs exempt them).
 */
export function tamperingDenyStatements(guardrails: readonly TamperingGuardrail[], exemptPrincipalArns: readonly string[]): PolicyStatement[] {
  return guardrails.map((g) => {
    const statement = denyUnlessPrincipal({ sid: g.sid, actions: g.actions, resources: g.resources, exemptPrincipalArns });
    for (const c of g.conditions ?? []) statement.addCondition(c.operator, c.key, typeof c.values === 'string' ? c.values : [...c.values]);
    return statement;
  });
}
