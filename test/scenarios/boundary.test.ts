// Permissions-boundary scenarios (issue 13 items 2 and 4), in table form: each row one principal,
// action, resource, context and the expected decision, evaluated by the IAM policy simulator with
// AdministratorAccess as the identity policy and the boundary the dev claim renders. The simulator
// derives no request keys, so every row carries aws:PrincipalArn (the key the exemptions test).
// - escalation and tampering by a bounded administrator (neither break-glass nor the platform): denied;
// - repairs by break-glass (every control the baseline deploys): allowed; its own escalation: denied;
// - the provisioning role creating and deleting every kind the example renders compose: allowed.
import { onboarding } from '../../examples/onboarding';
import {
  BASELINE_BUCKET_TAMPERING_ACTIONS,
  IAM_CREDENTIAL_CREATION_ACTIONS,
  IAM_POLICY_REWRITE_ACTIONS,
  IAM_ROLE_TAMPERING_ACTIONS,
  SECURITY_SERVICE_TAMPERING_ACTIONS,
} from '../../compositions/blocks/identity/permissions-boundary';
import type { JsonObject } from '../../renderer/types';
import { ALLOW_ALL, simulate, type SimulationResult } from '../support/iam-simulator';
import { EXAMPLE_CLAIMS, forProvider, renderExample, resourceNamed, type ExampleName } from '../support/render-example';

const dev = onboarding.accounts.find((a) => a.environment === 'dev' && a.namespace === 'payments-dev')!;
const ACCOUNT = dev.accountId;
const REGION = dev.homeRegion;
const boundary = JSON.parse(String(forProvider(resourceNamed(renderExample('dev-claim'), 'permissionsBoundary')).policy)) as object;
const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/zta-permissions-boundary-dev`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const ADMIN = role('zta-app-admin-dev');
const BREAK_GLASS = role('zta-break-glass-dev');
const PROVISIONING = dev.provider.roleArn;
const TRAIL_BUCKET = `arn:aws:s3:::zta-trail-${ACCOUNT}-${REGION}-dev`;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/da02a2ff-2a1a-4a70-a0e3-4c62cdeb3779`;
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
// KMS also needs the key policy to allow: the default one, trusting the account (the rendered key
// policies are exercised in resource-policies.test.ts).
const DEFAULT_KEY_POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] };

interface Row { readonly principal: string; readonly action: string; readonly resource: string; readonly context?: Record<string, string>; readonly expected: SimulationResult }

async function decide(r: Row): Promise<SimulationResult> {
  return (await simulate({
    principal: r.principal, action: r.action, resource: r.resource, resourceAccount: ACCOUNT,
    identityPolicies: [ALLOW_ALL], permissionsBoundaries: [boundary],
    context: { 'aws:PrincipalArn': r.principal, ...(r.context ?? {}) },
    ...(r.action.startsWith('kms:') ? { resourcePolicy: DEFAULT_KEY_POLICY } : {}),
  })).result;
}
const short = (arn: string) => arn.replace(/^arn:aws:iam::\d+:role\//, '');
const rows = (list: Row[]) => list.map((r) => [short(r.principal), r.action, r.resource, JSON.stringify(r.context ?? {}), r.expected, r] as const);
const run = async (...args: readonly [string, string, string, string, SimulationResult, Row]) => expect(await decide(args[5])).toBe(args[4]);

/** The resource a security-service action is tried on (the account's own, or `*` where IAM has no resource). */
const serviceResource = (action: string) => (action.startsWith('kms:') ? KEY : '*');
/** The trail bucket, or one of its log objects for object-level actions. */
const bucketResource = (action: string) => (/Object(?!Lock)|BypassGovernance/.test(action) ? `${TRAIL_BUCKET}/AWSLogs/${ACCOUNT}/x.json.gz` : TRAIL_BUCKET);
/** What an identity- or credential-creating action names: a user, a group, or an identity provider. */
const credentialResource = (action: string, user: string) => {
  if (/OpenIDConnect/.test(action)) return `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
  if (/SAML/.test(action)) return `arn:aws:iam::${ACCOUNT}:saml-provider/corporate-idp`;
  if (action === 'iam:AddUserToGroup') return `arn:aws:iam::${ACCOUNT}:group/admins`;
  return `arn:aws:iam::${ACCOUNT}:user/${user}`;
};
/** Attach actions carry the policy being attached. */
const attachContext = (action: string, policyArn: string) => (/^iam:Attach(Role|User|Group)Policy$/.test(action) ? { 'iam:PolicyARN': policyArn } : undefined);
/** CreateRole / Put*PermissionsBoundary carry the boundary being set. */
const boundaryContext = (action: string, arn: string) => (/^iam:(CreateRole|Put(Role|User)PermissionsBoundary)$/.test(action) ? { 'iam:PermissionsBoundary': arn } : undefined);

describe('a bounded administrator cannot escalate (denied)', () => {
  test.each(rows([
    ...IAM_CREDENTIAL_CREATION_ACTIONS.map((action): Row => ({ principal: ADMIN, action, resource: credentialResource(action, 'someone-else'), expected: 'ExplicitlyDenied' })),
    // Rewriting the boundary, and rolling it back to an older version.
    ...IAM_POLICY_REWRITE_ACTIONS.filter((a) => !a.endsWith('PermissionsBoundary')).map((action): Row => ({ principal: ADMIN, action, resource: BOUNDARY_ARN, expected: 'ExplicitlyDenied' })),
    { principal: ADMIN, action: 'iam:DeleteRolePermissionsBoundary', resource: ADMIN, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:DeleteUserPermissionsBoundary', resource: `arn:aws:iam::${ACCOUNT}:user/legacy`, expected: 'ExplicitlyDenied' },
    // Granting itself more, or a new trust.
    { principal: ADMIN, action: 'iam:AttachRolePolicy', resource: ADMIN, context: { 'iam:PolicyARN': ADMIN_POLICY }, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:AttachRolePolicy', resource: role('app-worker'), context: { 'iam:PolicyARN': ADMIN_POLICY }, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:AttachUserPolicy', resource: `arn:aws:iam::${ACCOUNT}:user/legacy`, context: { 'iam:PolicyARN': ADMIN_POLICY }, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:AttachGroupPolicy', resource: `arn:aws:iam::${ACCOUNT}:group/admins`, context: { 'iam:PolicyARN': ADMIN_POLICY }, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:PutRolePolicy', resource: ADMIN, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:PutUserPolicy', resource: `arn:aws:iam::${ACCOUNT}:user/legacy`, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:PutGroupPolicy', resource: `arn:aws:iam::${ACCOUNT}:group/admins`, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:UpdateAssumeRolePolicy', resource: ADMIN, expected: 'ExplicitlyDenied' },
    // Roles without the boundary, outside the bounded prefix, or passing an unbounded role.
    { principal: ADMIN, action: 'iam:CreateRole', resource: role('zta-escape'), expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:CreateRole', resource: role('zta-escape'), context: { 'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/PowerUserAccess' }, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:CreateRole', resource: role('escape'), context: { 'iam:PermissionsBoundary': BOUNDARY_ARN }, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:PutRolePermissionsBoundary', resource: role('zta-app-worker'), context: { 'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/PowerUserAccess' }, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:PassRole', resource: role('legacy-admin'), context: { 'iam:PassedToService': 'ec2.amazonaws.com' }, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:PassRole', resource: role('legacy-admin'), context: { 'iam:PassedToService': 'lambda.amazonaws.com' }, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:PassRole', resource: BREAK_GLASS, context: { 'iam:PassedToService': 'ec2.amazonaws.com' }, expected: 'ExplicitlyDenied' },
  ]))('%s: %s on %s with %s -> %s', run);
});

describe('a bounded administrator cannot tamper with the baseline (denied)', () => {
  test.each(rows([
    ...SECURITY_SERVICE_TAMPERING_ACTIONS.map((action): Row => ({ principal: ADMIN, action, resource: serviceResource(action), expected: 'ExplicitlyDenied' })),
    ...BASELINE_BUCKET_TAMPERING_ACTIONS.map((action): Row => ({ principal: ADMIN, action, resource: bucketResource(action), expected: 'ExplicitlyDenied' })),
    ...IAM_ROLE_TAMPERING_ACTIONS.map((action): Row => ({ principal: ADMIN, action, resource: BREAK_GLASS, ...(attachContext(action, 'arn:aws:iam::aws:policy/AWSDenyAll') ?? boundaryContext(action, BOUNDARY_ARN) ? { context: attachContext(action, 'arn:aws:iam::aws:policy/AWSDenyAll') ?? boundaryContext(action, BOUNDARY_ARN) } : {}), expected: 'ExplicitlyDenied' })),
  ]))('%s: %s on %s with %s -> %s', run);
});

describe('break-glass repairs every control (allowed) and still cannot escalate (denied)', () => {
  const RECORDER_ROLE = role('zta-config-recorder-dev');
  test.each(rows([
    ...SECURITY_SERVICE_TAMPERING_ACTIONS.map((action): Row => ({ principal: BREAK_GLASS, action, resource: serviceResource(action), expected: 'Allowed' })),
    ...BASELINE_BUCKET_TAMPERING_ACTIONS.map((action): Row => ({ principal: BREAK_GLASS, action, resource: bucketResource(action), expected: 'Allowed' })),
    // Every repair of a baseline role but removing its boundary (that stays denied, below).
    ...IAM_ROLE_TAMPERING_ACTIONS.filter((a) => a !== 'iam:DeleteRolePermissionsBoundary').map((action): Row => ({ principal: BREAK_GLASS, action, resource: RECORDER_ROLE, ...(attachContext(action, 'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole') ?? boundaryContext(action, BOUNDARY_ARN) ? { context: attachContext(action, 'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole') ?? boundaryContext(action, BOUNDARY_ARN) } : {}), expected: 'Allowed' })),
    // The repairs the issue names, on their real resources.
    { principal: BREAK_GLASS, action: 'kms:PutKeyPolicy', resource: KEY, expected: 'Allowed' },
    { principal: BREAK_GLASS, action: 's3:PutBucketPolicy', resource: TRAIL_BUCKET, expected: 'Allowed' },
    { principal: BREAK_GLASS, action: 'config:PutConfigurationRecorder', resource: '*', expected: 'Allowed' },
    { principal: BREAK_GLASS, action: 'cloudwatch:PutMetricAlarm', resource: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:zta-root-usage-dev`, expected: 'Allowed' },
    { principal: BREAK_GLASS, action: 'iam:PassRole', resource: RECORDER_ROLE, context: { 'iam:PassedToService': 'config.amazonaws.com' }, expected: 'Allowed' },
    { principal: BREAK_GLASS, action: 'iam:CreateRole', resource: role('zta-replacement-dev'), context: { 'iam:PermissionsBoundary': BOUNDARY_ARN }, expected: 'Allowed' },
    // Still bounded: no new identities or keys, no boundary rewrite or rollback, no unbounded role.
    ...IAM_CREDENTIAL_CREATION_ACTIONS.map((action): Row => ({ principal: BREAK_GLASS, action, resource: credentialResource(action, 'backdoor'), expected: 'ExplicitlyDenied' })),
    ...IAM_POLICY_REWRITE_ACTIONS.filter((a) => !a.endsWith('PermissionsBoundary')).map((action): Row => ({ principal: BREAK_GLASS, action, resource: BOUNDARY_ARN, expected: 'ExplicitlyDenied' })),
    { principal: BREAK_GLASS, action: 'iam:DeleteRolePermissionsBoundary', resource: BREAK_GLASS, expected: 'ExplicitlyDenied' },
    { principal: BREAK_GLASS, action: 'iam:DeleteRolePermissionsBoundary', resource: RECORDER_ROLE, expected: 'ExplicitlyDenied' },
    { principal: BREAK_GLASS, action: 'iam:CreateRole', resource: role('zta-escape'), expected: 'ExplicitlyDenied' },
    { principal: BREAK_GLASS, action: 'iam:CreateRole', resource: role('escape'), context: { 'iam:PermissionsBoundary': BOUNDARY_ARN }, expected: 'ExplicitlyDenied' },
    { principal: BREAK_GLASS, action: 'iam:PassRole', resource: role('legacy-admin'), context: { 'iam:PassedToService': 'ec2.amazonaws.com' }, expected: 'ExplicitlyDenied' },
    { principal: BREAK_GLASS, action: 'iam:AttachRolePolicy', resource: role('legacy-admin'), context: { 'iam:PolicyARN': ADMIN_POLICY }, expected: 'ExplicitlyDenied' },
    { principal: BREAK_GLASS, action: 'iam:UpdateAssumeRolePolicy', resource: role('legacy-admin'), expected: 'ExplicitlyDenied' },
  ]))('%s: %s on %s with %s -> %s', run);
});

/**
 * IAM actions the provisioning role needs to create and to delete each kind the example renders
 * compose (IAM service authorization reference, per API of the Upbound provider's resource).
 * Kinds that are not AWS resources (Crossplane's own ClusterUsage) are listed with no action.
 */
const KIND_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'AccountPasswordPolicy.iam': ['iam:UpdateAccountPasswordPolicy', 'iam:DeleteAccountPasswordPolicy'],
  'AccountPublicAccessBlock.s3control': ['s3:PutAccountPublicAccessBlock'],
  'ActionTarget.securityhub': ['securityhub:CreateActionTarget', 'securityhub:DeleteActionTarget'],
  'Alias.kms': ['kms:CreateAlias', 'kms:DeleteAlias'],
  'Analyzer.accessanalyzer': ['access-analyzer:CreateAnalyzer', 'access-analyzer:DeleteAnalyzer'],
  'Bucket.s3': ['s3:CreateBucket', 's3:DeleteBucket'],
  'BucketLifecycleConfiguration.s3': ['s3:PutLifecycleConfiguration'],
  'BucketLogging.s3': ['s3:PutBucketLogging'],
  'BucketObjectLockConfiguration.s3': ['s3:PutBucketObjectLockConfiguration'],
  'BucketOwnershipControls.s3': ['s3:PutBucketOwnershipControls'],
  'BucketPolicy.s3': ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
  'BucketPublicAccessBlock.s3': ['s3:PutBucketPublicAccessBlock'],
  'BucketServerSideEncryptionConfiguration.s3': ['s3:PutEncryptionConfiguration'],
  'BucketVersioning.s3': ['s3:PutBucketVersioning'],
  'CatalogDatabase.glue': ['glue:CreateDatabase', 'glue:DeleteDatabase'],
  'CatalogTable.glue': ['glue:CreateTable', 'glue:DeleteTable'],
  'AWSConfigurationRecorderStatus.configservice': ['config:StartConfigurationRecorder', 'config:StopConfigurationRecorder'],
  'Account.apigateway': ['apigateway:PATCH'],
  'Account.securityhub': ['securityhub:EnableSecurityHub', 'securityhub:DisableSecurityHub'],
  'ClusterUsage.protection.crossplane.io': [],
  'ConfigRule.configservice': ['config:PutConfigRule', 'config:DeleteConfigRule'],
  'ConfigurationRecorder.configservice': ['config:PutConfigurationRecorder', 'config:DeleteConfigurationRecorder'],
  'DefaultNetworkACL.ec2': ['ec2:CreateNetworkAclEntry', 'ec2:ReplaceNetworkAclEntry', 'ec2:DeleteNetworkAclEntry'],
  'DefaultSecurityGroup.ec2': ['ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress'],
  'Definition.cloudwatchlogs': ['logs:PutQueryDefinition', 'logs:DeleteQueryDefinition'],
  'DeliveryChannel.configservice': ['config:PutDeliveryChannel', 'config:DeleteDeliveryChannel'],
  'Detector.guardduty': ['guardduty:GetDetector'],
  'Document.ssm': ['ssm:CreateDocument', 'ssm:UpdateDocument', 'ssm:DeleteDocument'],
  'EBSDefaultKMSKey.ec2': ['ec2:ModifyEbsDefaultKmsKeyId', 'ec2:ResetEbsDefaultKmsKeyId'],
  'EBSEncryptionByDefault.ec2': ['ec2:EnableEbsEncryptionByDefault', 'ec2:DisableEbsEncryptionByDefault'],
  'ExternalKey.kms': ['kms:CreateKey', 'kms:ImportKeyMaterial', 'kms:DeleteImportedKeyMaterial', 'kms:ScheduleKeyDeletion'],
  'FlowLog.ec2': ['ec2:CreateFlowLogs', 'ec2:DeleteFlowLogs'],
  'Framework.backup': ['backup:CreateFramework', 'backup:DeleteFramework'],
  'Group.cloudwatchlogs': ['logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'logs:AssociateKmsKey', 'logs:DeleteLogGroup'],
  'Insight.securityhub': ['securityhub:CreateInsight', 'securityhub:DeleteInsight'],
  'InstanceProfile.iam': ['iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
  'Key.kms': ['kms:CreateKey', 'kms:PutKeyPolicy', 'kms:EnableKeyRotation', 'kms:ScheduleKeyDeletion'],
  'MetricAlarm.cloudwatch': ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms'],
  'MetricFilter.cloudwatchlogs': ['logs:PutMetricFilter', 'logs:DeleteMetricFilter'],
  'NamedQuery.athena': ['athena:CreateNamedQuery', 'athena:DeleteNamedQuery'],
  'Plan.backup': ['backup:CreateBackupPlan', 'backup:DeleteBackupPlan'],
  'Policy.iam': ['iam:CreatePolicy', 'iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicyVersion', 'iam:DeletePolicy'],
  'Queue.sqs': ['sqs:CreateQueue', 'sqs:DeleteQueue'],
  'QueuePolicy.sqs': ['sqs:SetQueueAttributes'],
  'Role.iam': ['iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:UpdateAssumeRolePolicy', 'iam:TagRole', 'iam:DeleteRolePermissionsBoundary', 'iam:DeleteRole'],
  'RolePolicy.iam': ['iam:PutRolePolicy', 'iam:DeleteRolePolicy'],
  'RolePolicyAttachment.iam': ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
  'Route.ec2': ['ec2:CreateRoute', 'ec2:DeleteRoute'],
  'RouteTable.ec2': ['ec2:CreateRouteTable', 'ec2:DeleteRouteTable'],
  'RouteTableAssociation.ec2': ['ec2:AssociateRouteTable', 'ec2:DisassociateRouteTable'],
  'Rule.cloudwatchevents': ['events:PutRule', 'events:DisableRule', 'events:DeleteRule'],
  'SecurityGroup.ec2': ['ec2:CreateSecurityGroup', 'ec2:DeleteSecurityGroup'],
  'SecurityGroupIngressRule.ec2': ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
  'Selection.backup': ['backup:CreateBackupSelection', 'backup:DeleteBackupSelection'],
  'Subnet.ec2': ['ec2:CreateSubnet', 'ec2:DeleteSubnet'],
  'Target.cloudwatchevents': ['events:PutTargets', 'events:RemoveTargets'],
  'Topic.sns': ['sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:DeleteTopic'],
  'TopicSubscription.sns': ['sns:Subscribe', 'sns:Unsubscribe'],
  'Trail.cloudtrail': ['cloudtrail:CreateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:StartLogging', 'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'],
  'TransitGateway.ec2': ['ec2:CreateTransitGateway', 'ec2:DeleteTransitGateway'],
  'TransitGatewayVPCAttachment.ec2': ['ec2:CreateTransitGatewayVpcAttachment', 'ec2:DeleteTransitGatewayVpcAttachment'],
  'VPC.ec2': ['ec2:CreateVpc', 'ec2:DeleteVpc'],
  'VPCEndpoint.ec2': ['ec2:CreateVpcEndpoint', 'ec2:DeleteVpcEndpoints'],
  'VPCEndpointRouteTableAssociation.ec2': ['ec2:ModifyVpcEndpoint'],
  'VPCEndpointSecurityGroupAssociation.ec2': ['ec2:ModifyVpcEndpoint'],
  'VPCEndpointSubnetAssociation.ec2': ['ec2:ModifyVpcEndpoint'],
  'Vault.backup': ['backup:CreateBackupVault', 'backup:DeleteBackupVault'],
  'VaultLockConfiguration.backup': ['backup:PutBackupVaultLockConfiguration', 'backup:DeleteBackupVaultLockConfiguration'],
  'VaultNotifications.backup': ['backup:PutBackupVaultNotifications', 'backup:DeleteBackupVaultNotifications'],
  'VaultPolicy.backup': ['backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVaultAccessPolicy'],
  'WebACL.wafv2': ['wafv2:CreateWebACL', 'wafv2:DeleteWebACL'],
  'WebACLAssociation.wafv2': ['wafv2:AssociateWebACL', 'wafv2:DisassociateWebACL'],
  'WebACLLoggingConfiguration.wafv2': ['wafv2:PutLoggingConfiguration', 'wafv2:DeleteLoggingConfiguration'],
  'Workgroup.athena': ['athena:CreateWorkGroup', 'athena:DeleteWorkGroup'],
  // provider-terraform runs the GuardDuty organization configuration (compositions/blocks/detection/guardduty-terraform.ts).
  'Workspace.tf': ['guardduty:UpdateDetector'],
};
const kindOf = (r: JsonObject) => `${String(r.kind)}.${String(r.apiVersion).split('/')[0]!.replace(/\.aws\.upbound\.io$|\.upbound\.io$/, '')}`;
/** The resource a provisioning action is tried on: the baseline's own where it matters to a deny. */
const provisioningResource = (action: string) => {
  if (/^iam:\w+Policy(Version)?$/.test(action) && !/Role|Account/.test(action)) return BOUNDARY_ARN;
  if (/InstanceProfile$/.test(action)) return `arn:aws:iam::${ACCOUNT}:instance-profile/zta-ssm-instance-dev`;
  if (action.startsWith('iam:') && /Role/.test(action)) return role('zta-config-recorder-dev');
  if (action.startsWith('s3:') && action !== 's3:PutAccountPublicAccessBlock') return bucketResource(action);
  if (action.startsWith('kms:') && action !== 'kms:CreateKey') return KEY;
  return '*';
};

describe('the provisioning role creates and deletes every kind the example renders compose (allowed)', () => {
  const rendered = [...new Set((Object.keys(EXAMPLE_CLAIMS) as ExampleName[]).flatMap((n) => renderExample(n).resources)
    .filter((r) => !String(r.apiVersion).includes('zerotrust.io')).map(kindOf))].sort();

  test('every rendered kind has its create/delete actions listed here', () => {
    expect(rendered.filter((k) => !(k in KIND_ACTIONS))).toEqual([]);
    expect(rendered.length).toBeGreaterThanOrEqual(60);
  });

  const actions = [...new Set(Object.values(KIND_ACTIONS).flat())].sort();
  test.each(rows(actions.map((action): Row => {
    const context = attachContext(action, 'arn:aws:iam::aws:policy/AdministratorAccess') ?? boundaryContext(action, BOUNDARY_ARN);
    return { principal: PROVISIONING, action, resource: provisioningResource(action), ...(context ? { context } : {}), expected: 'Allowed' };
  })))('%s: %s on %s with %s -> %s', run);
});
