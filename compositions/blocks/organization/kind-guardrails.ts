// Per managed kind the package composes, what keeps a member account's administrator from destroying
// it and what the platform needs to manage it: the one place a new AWS kind is described. The SCP
// statements that guard it (or why none is needed), its IAM view for the destructive-action audit
// (test/obligations/destructive-actions.test.ts derives every Delete/Put/Update/... action of it from
// the IAM service authorization reference), and the actions the provisioning role needs to create and
// delete it (test/scenarios/boundary.test.ts proves the boundary allows them). Keyed by CRD name, as
// dist/mrap.yaml activates them; a test fails when an activated kind is missing here.
// Resource types and actions: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html

/** A statement of the organization SCPs that keeps a kind from member tampering. */
export type KindGuardrailSid = 'DenyBaselineKeyDestruction' | 'DenyBaselineResourceTampering' | 'DenyExemptRoleTampering'
  | 'DenyManagedResourceTampering' | 'DenyProtectedTagChanges' | 'DenySecurityServiceShutdown';

export interface KindGuardrail {
  /** The SCP statements that guard the kind, or why no statement is needed or possible. */
  readonly guardrails: readonly KindGuardrailSid[] | { readonly none: string };
  /**
   * The kind as IAM sees it: service prefix, reference resource types (`*` = account-wide actions that
   * take no resource), and for a facet of a parent resource (a bucket's policy) the facet's actions.
   * @default - not audited action by action (an unguarded kind, or one the examples do not render)
   */
  readonly iam?: { readonly service: string; readonly types: readonly string[]; readonly only?: RegExp };
  /** IAM actions the provisioning role needs to create and delete it. @default - none listed (organization layer) */
  readonly provisioning?: readonly string[];
  /**
   * For an account-wide setting (one per account or region, so a deny needs no resource scope): the
   * calls that change or delete it. They join the DenySecurityServiceShutdown SCP statement (which
   * `guardrails` must then name) and the permissions boundary's security-service denies, so a new
   * setting kind is guarded by its entry alone. @default - its actions are in a statement already
   */
  readonly accountWideDenies?: readonly string[];
}

/** Every kind's accountWideDenies, in table order (guardrail-actions.ts and permissions-boundary.ts add them). */
export function declaredAccountWideDenies(table: Readonly<Record<string, KindGuardrail>> = KIND_GUARDRAILS): string[] {
  return Object.entries(table).flatMap(([kind, g]) => {
    if (!g.accountWideDenies) return [];
    if (!Array.isArray(g.guardrails) || !g.guardrails.includes('DenySecurityServiceShutdown')) {
      throw new Error(`KIND_GUARDRAILS['${kind}']: accountWideDenies join DenySecurityServiceShutdown, so its guardrails must name that statement`);
    }
    return g.accountWideDenies;
  });
}

export const KIND_GUARDRAILS: Readonly<Record<string, KindGuardrail>> = {
  'accountpasswordpolicies.iam.aws.upbound.io': {
    guardrails: ['DenySecurityServiceShutdown'],
    iam: { service: 'iam', types: ['*'], only: /AccountPasswordPolicy/ },
    provisioning: ['iam:UpdateAccountPasswordPolicy', 'iam:DeleteAccountPasswordPolicy'],
  },
  'accountpublicaccessblocks.s3control.aws.upbound.io': {
    guardrails: ['DenySecurityServiceShutdown'],
    iam: { service: 's3', types: ['*'], only: /AccountPublicAccessBlock/ },
    provisioning: ['s3:PutAccountPublicAccessBlock'],
  },
  'accounts.apigateway.aws.upbound.io': {
    guardrails: { none: 'the API Gateway account setting only names the CloudWatch role (zta-*: DenyBaselineResourceTampering)' },
    provisioning: ['apigateway:PATCH'],
  },
  'accounts.securityhub.aws.upbound.io': {
    guardrails: ['DenySecurityServiceShutdown'],
    iam: { service: 'securityhub', types: ['hub'] },
    provisioning: ['securityhub:EnableSecurityHub', 'securityhub:DisableSecurityHub'],
  },
  'actiontargets.securityhub.aws.upbound.io': {
    guardrails: ['DenySecurityServiceShutdown'],
    iam: { service: 'securityhub', types: ['hub'], only: /ActionTarget/ },
    provisioning: ['securityhub:CreateActionTarget', 'securityhub:DeleteActionTarget'],
  },
  'aliases.kms.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'kms', types: ['alias'] },
    provisioning: ['kms:CreateAlias', 'kms:DeleteAlias'],
  },
  'alternatecontacts.account.aws.upbound.io': {
    guardrails: ['DenySecurityServiceShutdown'],
    // Account-wide (one contact per type per account): IAM authorizes on the account itself.
    iam: { service: 'account', types: ['account'], only: /AlternateContact/ },
    provisioning: ['account:PutAlternateContact', 'account:DeleteAlternateContact'],
    // CIS 1.2: AWS's security notifications reach the contact the baseline set, not one a member picks.
    accountWideDenies: ['account:PutAlternateContact', 'account:DeleteAlternateContact'],
  },
  'analyzers.accessanalyzer.aws.upbound.io': {
    guardrails: ['DenySecurityServiceShutdown'],
    iam: { service: 'access-analyzer', types: ['Analyzer'] },
    provisioning: ['access-analyzer:CreateAnalyzer', 'access-analyzer:DeleteAnalyzer'],
  },
  'awsconfigurationrecorderstatuses.configservice.aws.upbound.io': {
    guardrails: ['DenySecurityServiceShutdown'],
    iam: { service: 'config', types: ['ConfigurationRecorder', '*'], only: /ConfigurationRecorder/ },
    provisioning: ['config:StartConfigurationRecorder', 'config:StopConfigurationRecorder'],
  },
  'bucketlifecycleconfigurations.s3.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 's3', types: ['bucket'], only: /Lifecycle/ },
    provisioning: ['s3:PutLifecycleConfiguration'],
  },
  'bucketloggings.s3.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 's3', types: ['bucket'], only: /Logging/ },
    provisioning: ['s3:PutBucketLogging'],
  },
  'bucketobjectlockconfigurations.s3.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 's3', types: ['bucket'], only: /ObjectLock/ },
    provisioning: ['s3:PutBucketObjectLockConfiguration'],
  },
  'bucketownershipcontrols.s3.aws.upbound.io': {
    guardrails: { none: 'BucketOwnerEnforced only disables ACLs; reverting it grants nothing a bucket policy does not' },
    provisioning: ['s3:PutBucketOwnershipControls'],
  },
  'bucketpolicies.s3.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 's3', types: ['bucket'], only: /BucketPolicy/ },
    provisioning: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
  },
  'bucketpublicaccessblocks.s3.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 's3', types: ['bucket'], only: /PublicAccessBlock/ },
    provisioning: ['s3:PutBucketPublicAccessBlock'],
  },
  'buckets.s3.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 's3', types: ['bucket'] },
    provisioning: ['s3:CreateBucket', 's3:DeleteBucket'],
  },
  'bucketserversideencryptionconfigurations.s3.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 's3', types: ['bucket'], only: /Encryption/ },
    provisioning: ['s3:PutEncryptionConfiguration'],
  },
  'bucketversionings.s3.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 's3', types: ['bucket'], only: /Versioning/ },
    provisioning: ['s3:PutBucketVersioning'],
  },
  'catalogdatabases.glue.aws.upbound.io': {
    guardrails: { none: 'flow-log analysis (Glue, Athena) is an investigation aid, not a control; the flow logs stay in the protected bucket' },
    provisioning: ['glue:CreateDatabase', 'glue:DeleteDatabase'],
  },
  'catalogtables.glue.aws.upbound.io': {
    guardrails: { none: 'as catalogdatabases' },
    provisioning: ['glue:CreateTable', 'glue:DeleteTable'],
  },
  'configrules.configservice.aws.upbound.io': {
    guardrails: ['DenySecurityServiceShutdown'],
    iam: { service: 'config', types: ['ConfigRule'] },
    provisioning: ['config:PutConfigRule', 'config:DeleteConfigRule'],
  },
  'configurationaggregators.configservice.aws.upbound.io': {
    guardrails: { none: 'organization layer, in the security account (delegated administrator, not a member under these SCPs)' },
  },
  'configurationrecorders.configservice.aws.upbound.io': {
    guardrails: ['DenySecurityServiceShutdown'],
    iam: { service: 'config', types: ['ConfigurationRecorder', '*'], only: /ConfigurationRecorder|RecordingGroup|ResourceTypes/ },
    provisioning: ['config:PutConfigurationRecorder', 'config:DeleteConfigurationRecorder'],
  },
  'defaultnetworkacls.ec2.aws.upbound.io': {
    guardrails: ['DenyManagedResourceTampering'],
    iam: { service: 'ec2', types: ['network-acl'] },
    provisioning: ['ec2:CreateNetworkAclEntry', 'ec2:ReplaceNetworkAclEntry', 'ec2:DeleteNetworkAclEntry'],
  },
  'defaultsecuritygroups.ec2.aws.upbound.io': {
    guardrails: ['DenyManagedResourceTampering'],
    iam: { service: 'ec2', types: ['security-group'] },
    provisioning: ['ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress'],
  },
  'definitions.cloudwatchlogs.aws.upbound.io': {
    guardrails: { none: 'saved Logs Insights queries, an investigation aid' },
    provisioning: ['logs:PutQueryDefinition', 'logs:DeleteQueryDefinition'],
  },
  'delegatedadministrators.organizations.aws.upbound.io': {
    guardrails: { none: 'organization layer, in the management account (SCPs never apply to it)' },
  },
  'deliverychannels.configservice.aws.upbound.io': {
    guardrails: ['DenySecurityServiceShutdown'],
    iam: { service: 'config', types: ['*'], only: /DeliveryChannel|Retention/ },
    provisioning: ['config:PutDeliveryChannel', 'config:DeleteDeliveryChannel'],
  },
  'deployments.apigateway.aws.upbound.io': {
    guardrails: ['DenyManagedResourceTampering'],
  },
  'detectors.guardduty.aws.upbound.io': {
    guardrails: ['DenySecurityServiceShutdown'],
    iam: { service: 'guardduty', types: ['detector'] },
    provisioning: ['guardduty:GetDetector'],
  },
  'documents.ssm.aws.upbound.io': {
    guardrails: { none: 'Session Manager preferences are adopted, not owned (the console creates them); session logging is checked by the audit' },
    provisioning: ['ssm:CreateDocument', 'ssm:UpdateDocument', 'ssm:DeleteDocument'],
  },
  'ebsdefaultkmskeys.ec2.aws.upbound.io': {
    guardrails: ['DenySecurityServiceShutdown'],
    iam: { service: 'ec2', types: ['*'], only: /EbsDefaultKmsKey/ },
    provisioning: ['ec2:ModifyEbsDefaultKmsKeyId', 'ec2:ResetEbsDefaultKmsKeyId'],
  },
  'ebsencryptionbydefaults.ec2.aws.upbound.io': {
    guardrails: ['DenySecurityServiceShutdown'],
    iam: { service: 'ec2', types: ['*'], only: /EbsEncryptionByDefault/ },
    provisioning: ['ec2:EnableEbsEncryptionByDefault', 'ec2:DisableEbsEncryptionByDefault'],
  },
  'externalkeys.kms.aws.upbound.io': {
    guardrails: ['DenyBaselineKeyDestruction', 'DenyProtectedTagChanges'],
    iam: { service: 'kms', types: ['key'] },
    provisioning: ['kms:CreateKey', 'kms:ImportKeyMaterial', 'kms:DeleteImportedKeyMaterial', 'kms:ScheduleKeyDeletion'],
  },
  'findingaggregators.securityhub.aws.upbound.io': {
    guardrails: { none: 'organization layer, in the security account' },
  },
  'flowlogs.ec2.aws.upbound.io': {
    guardrails: ['DenySecurityServiceShutdown'],
    iam: { service: 'ec2', types: ['vpc-flow-log'] },
    provisioning: ['ec2:CreateFlowLogs', 'ec2:DeleteFlowLogs'],
  },
  'frameworks.backup.aws.upbound.io': {
    guardrails: ['DenySecurityServiceShutdown'],
    iam: { service: 'backup', types: ['framework'] },
    provisioning: ['backup:CreateFramework', 'backup:DeleteFramework'],
  },
  'groups.cloudwatchlogs.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'logs', types: ['log-group'] },
    provisioning: ['logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'logs:AssociateKmsKey', 'logs:DeleteLogGroup'],
  },
  'insights.securityhub.aws.upbound.io': {
    guardrails: { none: 'saved finding views, an investigation aid' },
    provisioning: ['securityhub:CreateInsight', 'securityhub:DeleteInsight'],
  },
  'instanceprofiles.iam.aws.upbound.io': {
    guardrails: { none: 'only lets EC2 use the Session Manager role (whose trust and permissions DenyBaselineResourceTampering keeps); deleting it disables no control' },
    provisioning: ['iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
  },
  'keys.kms.aws.upbound.io': {
    guardrails: ['DenyBaselineKeyDestruction', 'DenyProtectedTagChanges'],
    iam: { service: 'kms', types: ['key'] },
    provisioning: ['kms:CreateKey', 'kms:PutKeyPolicy', 'kms:EnableKeyRotation', 'kms:ScheduleKeyDeletion'],
  },
  'methodsettings.apigateway.aws.upbound.io': {
    guardrails: ['DenyManagedResourceTampering'],
  },
  'metricalarms.cloudwatch.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'cloudwatch', types: ['alarm'] },
    provisioning: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms'],
  },
  'metricfilters.cloudwatchlogs.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'logs', types: ['log-group'], only: /MetricFilter/ },
    provisioning: ['logs:PutMetricFilter', 'logs:DeleteMetricFilter'],
  },
  'namedqueries.athena.aws.upbound.io': {
    guardrails: { none: 'saved Athena queries, an investigation aid' },
    provisioning: ['athena:CreateNamedQuery', 'athena:DeleteNamedQuery'],
  },
  'plans.backup.aws.upbound.io': {
    guardrails: ['DenyManagedResourceTampering', 'DenyProtectedTagChanges'],
    iam: { service: 'backup', types: ['backupPlan'] },
    provisioning: ['backup:CreateBackupPlan', 'backup:DeleteBackupPlan'],
  },
  'policies.iam.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'iam', types: ['policy'] },
    provisioning: ['iam:CreatePolicy', 'iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicyVersion', 'iam:DeletePolicy'],
  },
  'policies.organizations.aws.upbound.io': {
    guardrails: { none: 'created in the management account, which SCPs never restrict; member accounts cannot call Organizations policy APIs' },
  },
  'policyattachments.organizations.aws.upbound.io': {
    guardrails: { none: 'as policies.organizations' },
  },
  'queuepolicies.sqs.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'sqs', types: ['queue'], only: /Permission|SetQueueAttributes/ },
    provisioning: ['sqs:SetQueueAttributes'],
  },
  'queues.sqs.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'sqs', types: ['queue'] },
    provisioning: ['sqs:CreateQueue', 'sqs:DeleteQueue'],
  },
  'resources.cloudcontrol.aws.upbound.io': {
    guardrails: { none: 'Security Hub central configuration in the security account (delegated administrator)' },
  },
  'restapipolicies.apigateway.aws.upbound.io': {
    guardrails: ['DenyManagedResourceTampering'],
  },
  'restapis.apigateway.aws.upbound.io': {
    guardrails: ['DenyManagedResourceTampering'],
  },
  'rolepolicies.iam.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'iam', types: ['role'], only: /RolePolicy$/ },
    provisioning: ['iam:PutRolePolicy', 'iam:DeleteRolePolicy'],
  },
  'rolepolicyattachments.iam.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'iam', types: ['role'], only: /^DetachRolePolicy$/ },
    provisioning: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
  },
  'roles.iam.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering', 'DenyExemptRoleTampering'],
    iam: { service: 'iam', types: ['role'] },
    provisioning: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:UpdateAssumeRolePolicy', 'iam:TagRole', 'iam:DeleteRolePermissionsBoundary', 'iam:DeleteRole'],
  },
  'routes.ec2.aws.upbound.io': {
    guardrails: { none: 'routes only to the Transit Gateway; a route to the internet needs an internet gateway, which DenyManagedResourceTampering keeps off the VPC' },
    provisioning: ['ec2:CreateRoute', 'ec2:DeleteRoute'],
  },
  'routetableassociations.ec2.aws.upbound.io': {
    guardrails: { none: 'as routes' },
    provisioning: ['ec2:AssociateRouteTable', 'ec2:DisassociateRouteTable'],
  },
  'routetables.ec2.aws.upbound.io': {
    guardrails: { none: 'as routes' },
    provisioning: ['ec2:CreateRouteTable', 'ec2:DeleteRouteTable'],
  },
  'rules.cloudwatchevents.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'events', types: ['rule-on-default-event-bus'] },
    provisioning: ['events:PutRule', 'events:DisableRule', 'events:DeleteRule'],
  },
  'securitygroupingressrules.ec2.aws.upbound.io': {
    guardrails: ['DenyManagedResourceTampering'],
    iam: { service: 'ec2', types: ['security-group'], only: /SecurityGroup(Ingress|RuleDescriptionsIngress|Rules)/ },
    provisioning: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
  },
  'securitygroups.ec2.aws.upbound.io': {
    guardrails: ['DenyManagedResourceTampering'],
    iam: { service: 'ec2', types: ['security-group'] },
    provisioning: ['ec2:CreateSecurityGroup', 'ec2:DeleteSecurityGroup'],
  },
  'selections.backup.aws.upbound.io': {
    guardrails: ['DenyManagedResourceTampering'],
    iam: { service: 'backup', types: ['backupPlan'], only: /Selection/ },
    provisioning: ['backup:CreateBackupSelection', 'backup:DeleteBackupSelection'],
  },
  'stages.apigateway.aws.upbound.io': {
    guardrails: ['DenyManagedResourceTampering', 'DenyBaselineResourceTampering'],
  },
  'subnets.ec2.aws.upbound.io': {
    guardrails: { none: 'private subnets: without an internet gateway (denied) a public IP reaches nothing' },
    provisioning: ['ec2:CreateSubnet', 'ec2:DeleteSubnet'],
  },
  'targets.cloudwatchevents.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'events', types: ['rule-on-default-event-bus'], only: /Targets/ },
    provisioning: ['events:PutTargets', 'events:RemoveTargets'],
  },
  'topics.sns.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'sns', types: ['topic'] },
    provisioning: ['sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:DeleteTopic'],
  },
  'topicsubscriptions.sns.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'sns', types: ['topic'], only: /Unsubscribe|SubscriptionAttributes/ },
    provisioning: ['sns:Subscribe', 'sns:Unsubscribe'],
  },
  'trails.cloudtrail.aws.upbound.io': {
    guardrails: ['DenySecurityServiceShutdown'],
    iam: { service: 'cloudtrail', types: ['trail'] },
    provisioning: ['cloudtrail:CreateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:StartLogging', 'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'],
  },
  'transitgateways.ec2.aws.upbound.io': {
    guardrails: { none: 'connectivity to on-premises, not a control; deleting it cuts traffic, never opens it' },
    provisioning: ['ec2:CreateTransitGateway', 'ec2:DeleteTransitGateway'],
  },
  'transitgatewayvpcattachments.ec2.aws.upbound.io': {
    guardrails: { none: 'as transitgateways' },
    provisioning: ['ec2:CreateTransitGatewayVpcAttachment', 'ec2:DeleteTransitGatewayVpcAttachment'],
  },
  'vaultlockconfigurations.backup.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'backup', types: ['backupVault'], only: /VaultLock/ },
    provisioning: ['backup:PutBackupVaultLockConfiguration', 'backup:DeleteBackupVaultLockConfiguration'],
  },
  'vaultnotifications.backup.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'backup', types: ['backupVault'], only: /VaultNotifications/ },
    provisioning: ['backup:PutBackupVaultNotifications', 'backup:DeleteBackupVaultNotifications'],
  },
  'vaultpolicies.backup.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'backup', types: ['backupVault'], only: /VaultAccessPolicy/ },
    provisioning: ['backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVaultAccessPolicy'],
  },
  'vaults.backup.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'backup', types: ['backupVault'] },
    provisioning: ['backup:CreateBackupVault', 'backup:DeleteBackupVault'],
  },
  'vpcendpointroutetableassociations.ec2.aws.upbound.io': {
    guardrails: { none: 'removing it breaks traffic to S3/DynamoDB, never opens a path' },
    provisioning: ['ec2:ModifyVpcEndpoint'],
  },
  'vpcendpoints.ec2.aws.upbound.io': {
    guardrails: ['DenyManagedResourceTampering'],
    iam: { service: 'ec2', types: ['vpc-endpoint'] },
    provisioning: ['ec2:CreateVpcEndpoint', 'ec2:DeleteVpcEndpoints'],
  },
  'vpcendpointsecuritygroupassociations.ec2.aws.upbound.io': {
    guardrails: { none: 'as vpcendpointroutetableassociations' },
    provisioning: ['ec2:ModifyVpcEndpoint'],
  },
  'vpcendpointsubnetassociations.ec2.aws.upbound.io': {
    guardrails: { none: 'as vpcendpointroutetableassociations' },
    provisioning: ['ec2:ModifyVpcEndpoint'],
  },
  'vpcs.ec2.aws.upbound.io': {
    guardrails: ['DenyManagedResourceTampering', 'DenyProtectedTagChanges'],
    iam: { service: 'ec2', types: ['vpc'] },
    provisioning: ['ec2:CreateVpc', 'ec2:DeleteVpc'],
  },
  'webaclassociations.wafv2.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'wafv2', types: ['apigateway', 'loadbalancer/app/'], only: /WebACL$/ },
    provisioning: ['wafv2:AssociateWebACL', 'wafv2:DisassociateWebACL'],
  },
  'webaclloggingconfigurations.wafv2.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'wafv2', types: ['webacl'], only: /LoggingConfiguration/ },
    provisioning: ['wafv2:PutLoggingConfiguration', 'wafv2:DeleteLoggingConfiguration'],
  },
  'webacls.wafv2.aws.upbound.io': {
    guardrails: ['DenyBaselineResourceTampering'],
    iam: { service: 'wafv2', types: ['webacl'] },
    provisioning: ['wafv2:CreateWebACL', 'wafv2:DeleteWebACL'],
  },
  'workgroups.athena.aws.upbound.io': {
    guardrails: { none: 'as namedqueries' },
    provisioning: ['athena:CreateWorkGroup', 'athena:DeleteWorkGroup'],
  },
  // provider-terraform runs the GuardDuty organization configuration (compositions/blocks/detection/guardduty-terraform.ts).
  'workspaces.tf.upbound.io': {
    guardrails: { none: 'organization layer (GuardDuty lists, designations) in the management and security accounts' },
    provisioning: ['guardduty:UpdateDetector'],
  },
};
