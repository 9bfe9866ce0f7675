// What AWS does when a resource is deleted while another resource still depends on it: the model
// the deletion simulation checks every AWS delete against. Independent of the package's Usages
// (those are what we prove correct against this model). Two effects:
// - refuses: the delete API call fails while the dependent exists (DependencyViolation,
//   DeleteConflict, ...). Crossplane's managed reconciler retries it with backoff until the dependent
//   is gone: the retry storms and stuck deletes of crossplane#3393/#6393/#5849.
// - breaks: the delete succeeds and the dependent is left broken for as long as it exists: a trail
//   or flow log writing into a destination that is gone, data under a key pending deletion, a
//   provider delete that fails against a half-deleted parent.
// Pairs are found in the rendered objects by value: the user's field names an identifier of the
// used resource (its external name, status.atProvider.id or .arn).
import type { Json, JsonObject } from '../types';
import { annotationsOf, groupKind, isObject, obj, str } from '../crossplane/crossplane';

export type DeleteEffect = 'refuses' | 'breaks';

/** How a user names the resource it depends on. */
export type DependencyLink =
  /** A string at this path of the user (`[*]` for every list element) names the used resource. */
  | { readonly field: string }
  /** The JSON document in this string field of the user names it at `key` (dot path inside the document). */
  | { readonly jsonField: string; readonly key: string }
  /**
   * A third object of kind `through` names both: the user at `user`, the used resource at `used`
   * (a bucket's data is encrypted with the key its default-encryption configuration names).
   */
  | { readonly through: string; readonly user: string; readonly used: string }
  /** One per region: any user of the same region and provider config. */
  | { readonly sameRegion: true };

export interface DependencyRule {
  readonly id: string;
  /** 'Kind.group' of the resource deleted too early. */
  readonly used: readonly string[];
  /** 'Kind.group' of the resource depending on it. */
  readonly user: readonly string[];
  readonly link: DependencyLink;
  /** Only users whose field has this value (e.g. a recorder status that is enabled), or any value. */
  readonly userWhen?: { readonly field: string; readonly equals?: Json; readonly present?: true };
  readonly effect: DeleteEffect;
  /** What happens when the used resource is deleted first. */
  readonly consequence: string;
  /** Where the behaviour is documented. */
  readonly source: string;
}

const EC2 = (k: string) => `${k}.ec2.aws.upbound.io`;
const BUCKET = 'Bucket.s3.aws.upbound.io';
const LOG_GROUP = 'Group.cloudwatchlogs.aws.upbound.io';
const ROLE = 'Role.iam.aws.upbound.io';
const KEY = 'Key.kms.aws.upbound.io';
const ENDPOINT_ASSOCIATIONS = [EC2('VPCEndpointSubnetAssociation'), EC2('VPCEndpointSecurityGroupAssociation'), EC2('VPCEndpointRouteTableAssociation')];
const EC2_API = 'Amazon EC2 API Reference';

export const DEPENDENCY_RULES: readonly DependencyRule[] = [
  // ---------------------------------------------------------------- refusals
  {
    id: 'vpc-contents', used: [EC2('VPC')],
    user: [EC2('Subnet'), EC2('RouteTable'), EC2('SecurityGroup'), EC2('VPCEndpoint'), EC2('TransitGatewayVPCAttachment')],
    link: { field: 'spec.forProvider.vpcId' }, effect: 'refuses',
    consequence: 'DeleteVpc fails with DependencyViolation while the VPC has subnets, non-main route tables, non-default security groups, endpoints or attachments',
    source: `${EC2_API}, DeleteVpc`,
  },
  {
    id: 'subnet-network-interfaces', used: [EC2('Subnet')],
    user: [EC2('VPCEndpointSubnetAssociation'), EC2('TransitGatewayVPCAttachment')],
    link: { field: 'spec.forProvider.subnetId' }, effect: 'refuses',
    consequence: 'DeleteSubnet fails with DependencyViolation while a network interface (of an interface endpoint or a Transit Gateway attachment) is in the subnet',
    source: `${EC2_API}, DeleteSubnet`,
  },
  {
    id: 'subnet-attachment-interfaces', used: [EC2('Subnet')], user: [EC2('TransitGatewayVPCAttachment')],
    link: { field: 'spec.forProvider.subnetIds[*]' }, effect: 'refuses',
    consequence: 'DeleteSubnet fails with DependencyViolation while the Transit Gateway attachment has its network interface in the subnet',
    source: `${EC2_API}, DeleteSubnet`,
  },
  {
    id: 'security-group-network-interfaces', used: [EC2('SecurityGroup')], user: [EC2('VPCEndpointSecurityGroupAssociation')],
    link: { field: 'spec.forProvider.securityGroupId' }, effect: 'refuses',
    consequence: 'DeleteSecurityGroup fails with DependencyViolation while a network interface (of an interface endpoint) carries the group',
    source: `${EC2_API}, DeleteSecurityGroup`,
  },
  {
    id: 'route-table-associations', used: [EC2('RouteTable')], user: [EC2('RouteTableAssociation')],
    link: { field: 'spec.forProvider.routeTableId' }, effect: 'refuses',
    consequence: 'DeleteRouteTable fails with DependencyViolation while the route table is associated with a subnet',
    source: `${EC2_API}, DeleteRouteTable`,
  },
  {
    id: 'config-delivery-channel-recorder-running', used: ['DeliveryChannel.configservice.aws.upbound.io'],
    user: ['AWSConfigurationRecorderStatus.configservice.aws.upbound.io'], userWhen: { field: 'spec.forProvider.isEnabled', equals: true },
    link: { sameRegion: true }, effect: 'refuses',
    consequence: 'DeleteDeliveryChannel fails with LastDeliveryChannelDeleteFailedException while the configuration recorder is running',
    source: 'AWS Config API Reference, DeleteDeliveryChannel',
  },
  {
    id: 'permissions-boundary-in-use', used: ['Policy.iam.aws.upbound.io'], user: [ROLE],
    link: { field: 'spec.forProvider.permissionsBoundary' }, effect: 'refuses',
    consequence: 'DeletePolicy fails with DeleteConflict ("Cannot delete a policy attached to entities") while a role uses it as permissions boundary',
    source: 'IAM API Reference, DeletePolicy; gruntwork-io/cloud-nuke#972',
  },
  {
    id: 'scp-attached', used: ['Policy.organizations.aws.upbound.io'], user: ['PolicyAttachment.organizations.aws.upbound.io'],
    link: { field: 'spec.forProvider.policyId' }, effect: 'refuses',
    consequence: 'DeletePolicy fails with PolicyInUseException while the policy is attached to a root, OU or account',
    source: 'AWS Organizations API Reference, DeletePolicy',
  },
  {
    id: 'event-rule-targets', used: ['Rule.cloudwatchevents.aws.upbound.io'], user: ['Target.cloudwatchevents.aws.upbound.io'],
    link: { field: 'spec.forProvider.rule' }, effect: 'refuses',
    consequence: 'DeleteRule fails ("Rule can\'t be deleted since it has targets") until every target is removed',
    source: 'Amazon EventBridge API Reference, DeleteRule',
  },
  {
    id: 'event-rule-terraform-target', used: ['Rule.cloudwatchevents.aws.upbound.io'], user: ['Workspace.tf.upbound.io'],
    userWhen: { field: 'spec.forProvider.varmap.response_target_arn', present: true },
    link: { field: 'spec.forProvider.varmap.guardduty_rule_name' }, effect: 'refuses',
    consequence: 'DeleteRule fails ("Rule can\'t be deleted since it has targets") while the workspace\'s response target is on the rule',
    source: 'Amazon EventBridge API Reference, DeleteRule',
  },
  {
    id: 'web-acl-associated', used: ['WebACL.wafv2.aws.upbound.io'], user: ['WebACLAssociation.wafv2.aws.upbound.io'],
    link: { field: 'spec.forProvider.webAclArn' }, effect: 'refuses',
    consequence: 'DeleteWebACL fails with WAFAssociatedItemException while the web ACL is associated with a resource',
    source: 'AWS WAFV2 API Reference, DeleteWebACL',
  },
  {
    id: 'backup-plan-selections', used: ['Plan.backup.aws.upbound.io'], user: ['Selection.backup.aws.upbound.io'],
    link: { field: 'spec.forProvider.planId' }, effect: 'refuses',
    consequence: 'DeleteBackupPlan fails while resource selections are assigned to the plan ("delete all associated selections first")',
    source: 'AWS Backup API Reference, DeleteBackupPlan',
  },
  {
    id: 'backup-vault-lock', used: ['Vault.backup.aws.upbound.io'], user: ['VaultLockConfiguration.backup.aws.upbound.io'],
    link: { field: 'spec.forProvider.backupVaultName' }, effect: 'refuses',
    consequence: 'while the Vault Lock exists, recovery points younger than its minimum retention cannot be deleted, so emptying the vault (forceDestroy) and DeleteBackupVault fail',
    source: 'AWS Backup Developer Guide, AWS Backup Vault Lock',
  },
  {
    id: 'api-stage-deployment', used: ['Deployment.apigateway.aws.upbound.io'], user: ['Stage.apigateway.aws.upbound.io'],
    link: { field: 'spec.forProvider.deploymentId' }, effect: 'refuses',
    consequence: 'DeleteDeployment fails with BadRequestException ("Active stages pointing to this deployment must be moved or deleted")',
    source: 'Amazon API Gateway REST API Reference, DeleteDeployment',
  },
  // ---------------------------------------------------------------- broken users
  {
    id: 'backup-plan-target-vault', used: ['Vault.backup.aws.upbound.io'], user: ['Plan.backup.aws.upbound.io'],
    link: { field: 'spec.forProvider.rule[*].targetVaultName' }, effect: 'breaks',
    consequence: 'every backup job of the plan fails: its target vault no longer exists',
    source: 'AWS Backup Developer Guide, backup plans (target backup vault)',
  },
  {
    id: 'backup-selection-role', used: [ROLE], user: ['Selection.backup.aws.upbound.io'],
    link: { field: 'spec.forProvider.iamRoleArn' }, effect: 'breaks',
    consequence: 'backup jobs of the selection fail: AWS Backup cannot assume a deleted role',
    source: 'AWS Backup Developer Guide, IAM service roles',
  },
  {
    id: 'api-gateway-cloudwatch-role', used: [ROLE], user: ['Account.apigateway.aws.upbound.io'],
    link: { field: 'spec.forProvider.cloudwatchRoleArn' }, effect: 'breaks',
    consequence: 'API Gateway cannot write execution or access logs of any API of the region with a deleted role',
    source: 'Amazon API Gateway Developer Guide, CloudWatch logging permissions',
  },
  {
    id: 'api-stage-access-log-group', used: [LOG_GROUP], user: ['Stage.apigateway.aws.upbound.io'],
    link: { field: 'spec.forProvider.accessLogSettings.destinationArn' }, effect: 'breaks',
    consequence: 'access logs of the stage are lost while it delivers into a deleted log group',
    source: 'Amazon API Gateway Developer Guide, access logging',
  },
  {
    id: 'endpoint-associations', used: [EC2('VPCEndpoint')], user: ENDPOINT_ASSOCIATIONS,
    link: { field: 'spec.forProvider.vpcEndpointId' }, effect: 'breaks',
    consequence: 'the association\'s delete calls ModifyVpcEndpoint and waits for the endpoint to be available; against an endpoint being deleted it fails and is retried until the endpoint is gone',
    source: 'terraform-provider-aws internal/service/ec2 vpc_endpoint_*_association.go (Delete)',
  },
  {
    id: 'trail-bucket', used: [BUCKET], user: ['Trail.cloudtrail.aws.upbound.io'],
    link: { field: 'spec.forProvider.s3BucketName' }, effect: 'breaks',
    consequence: 'CloudTrail keeps delivering until the trail is deleted; deliveries into a deleted bucket fail and the trail reports an error',
    source: 'AWS CloudTrail User Guide, troubleshooting log file delivery',
  },
  {
    id: 'trail-log-group', used: [LOG_GROUP], user: ['Trail.cloudtrail.aws.upbound.io'],
    link: { field: 'spec.forProvider.cloudWatchLogsGroupArn' }, effect: 'breaks',
    consequence: 'CloudTrail fails to deliver events into a deleted log group',
    source: 'AWS CloudTrail User Guide, sending events to CloudWatch Logs',
  },
  {
    id: 'trail-log-role', used: [ROLE], user: ['Trail.cloudtrail.aws.upbound.io'],
    link: { field: 'spec.forProvider.cloudWatchLogsRoleArn' }, effect: 'breaks',
    consequence: 'CloudTrail cannot assume a deleted role to deliver into CloudWatch Logs',
    source: 'AWS CloudTrail User Guide, sending events to CloudWatch Logs',
  },
  {
    id: 'flow-log-destination', used: [LOG_GROUP, BUCKET], user: [EC2('FlowLog')],
    link: { field: 'spec.forProvider.logDestination' }, effect: 'breaks',
    consequence: 'the flow log keeps publishing and fails (deliver-logs-status FAILED) into a destination that is gone',
    source: 'Amazon VPC User Guide, flow log troubleshooting',
  },
  {
    id: 'flow-log-role', used: [ROLE], user: [EC2('FlowLog')],
    link: { field: 'spec.forProvider.iamRoleArn' }, effect: 'breaks',
    consequence: 'the flow log cannot assume a deleted role to publish into CloudWatch Logs',
    source: 'Amazon VPC User Guide, IAM role for publishing flow logs to CloudWatch Logs',
  },
  {
    id: 'config-delivery-destinations', used: [BUCKET], user: ['DeliveryChannel.configservice.aws.upbound.io'],
    link: { field: 'spec.forProvider.s3BucketName' }, effect: 'breaks',
    consequence: 'AWS Config fails to deliver configuration snapshots and history into a deleted bucket',
    source: 'AWS Config Developer Guide, delivery channel',
  },
  {
    id: 'config-delivery-topic', used: ['Topic.sns.aws.upbound.io'], user: ['DeliveryChannel.configservice.aws.upbound.io'],
    link: { field: 'spec.forProvider.snsTopicArn' }, effect: 'breaks',
    consequence: 'AWS Config fails to publish notifications into a deleted topic',
    source: 'AWS Config Developer Guide, delivery channel',
  },
  {
    id: 'config-recorder-role', used: [ROLE], user: ['ConfigurationRecorder.configservice.aws.upbound.io'],
    link: { field: 'spec.forProvider.roleArn' }, effect: 'breaks',
    consequence: 'the recorder cannot assume a deleted role and stops recording',
    source: 'AWS Config Developer Guide, IAM role for AWS Config',
  },
  {
    id: 'waf-logging-destination', used: [LOG_GROUP], user: ['WebACLLoggingConfiguration.wafv2.aws.upbound.io'],
    link: { field: 'spec.forProvider.logDestinationConfigs[*]' }, effect: 'breaks',
    consequence: 'AWS WAF fails to deliver request logs into a deleted log group',
    source: 'AWS WAF Developer Guide, logging destinations',
  },
  {
    id: 'session-log-bucket', used: [BUCKET], user: ['Document.ssm.aws.upbound.io'],
    link: { jsonField: 'spec.forProvider.content', key: 'inputs.s3BucketName' }, effect: 'breaks',
    consequence: 'Session Manager cannot upload session logs into a deleted bucket',
    source: 'AWS Systems Manager User Guide, Session Manager preferences',
  },
  {
    id: 'session-log-group', used: [LOG_GROUP], user: ['Document.ssm.aws.upbound.io'],
    link: { jsonField: 'spec.forProvider.content', key: 'inputs.cloudWatchLogGroupName' }, effect: 'breaks',
    consequence: 'Session Manager cannot stream session logs into a deleted log group',
    source: 'AWS Systems Manager User Guide, Session Manager preferences',
  },
  {
    id: 'server-access-log-target', used: [BUCKET], user: ['BucketLogging.s3.aws.upbound.io'],
    link: { field: 'spec.forProvider.targetBucket' }, effect: 'breaks',
    consequence: 'S3 server access logs of the source bucket are lost once the target bucket is gone',
    source: 'Amazon S3 User Guide, server access logging',
  },
  {
    id: 'athena-results-bucket', used: [BUCKET], user: ['Workgroup.athena.aws.upbound.io'],
    link: { field: 'spec.forProvider.configuration.resultConfiguration.outputLocation' }, effect: 'breaks',
    consequence: 'queries of the workgroup fail to write results into a deleted bucket',
    source: 'Amazon Athena User Guide, query results location',
  },
  // Every key after everything it encrypts: a key pending deletion refuses encrypt and decrypt.
  ...([
    ['Group.cloudwatchlogs.aws.upbound.io', 'spec.forProvider.kmsKeyId'],
    ['Trail.cloudtrail.aws.upbound.io', 'spec.forProvider.kmsKeyId'],
    ['Topic.sns.aws.upbound.io', 'spec.forProvider.kmsMasterKeyId'],
    ['Queue.sqs.aws.upbound.io', 'spec.forProvider.kmsMasterKeyId'],
    ['DeliveryChannel.configservice.aws.upbound.io', 'spec.forProvider.s3KmsKeyArn'],
    ['Workgroup.athena.aws.upbound.io', 'spec.forProvider.configuration.resultConfiguration.encryptionConfiguration.kmsKeyArn'],
    ['EBSDefaultKMSKey.ec2.aws.upbound.io', 'spec.forProvider.keyArn'],
    ['Vault.backup.aws.upbound.io', 'spec.forProvider.kmsKeyArn'],
  ] as const).map(([user, field]): DependencyRule => ({
    id: `key-encrypts-${user.split('.')[0]!.toLowerCase()}`, used: [KEY], user: [user], link: { field }, effect: 'breaks',
    consequence: 'a key pending deletion refuses every encrypt and decrypt: what it encrypts can no longer be written or read',
    source: 'AWS KMS Developer Guide, deleting KMS keys',
  })),
  {
    id: 'key-encrypts-document', used: [KEY], user: ['Document.ssm.aws.upbound.io'],
    link: { jsonField: 'spec.forProvider.content', key: 'inputs.kmsKeyId' }, effect: 'breaks',
    consequence: 'Session Manager cannot encrypt sessions with a key pending deletion: sessions fail to start',
    source: 'AWS Systems Manager User Guide, Session Manager preferences (KMS encryption)',
  },
  {
    id: 'key-encrypts-bucket', used: [KEY], user: [BUCKET],
    link: { through: 'BucketServerSideEncryptionConfiguration.s3.aws.upbound.io', user: 'spec.forProvider.bucket', used: 'spec.forProvider.rule[*].applyServerSideEncryptionByDefault.kmsMasterKeyId' },
    effect: 'breaks',
    consequence: 'objects under the bucket\'s default key cannot be read or written once the key is pending deletion',
    source: 'AWS KMS Developer Guide, deleting KMS keys; Amazon S3 User Guide, SSE-KMS',
  },
];

/**
 * Deleting a resource in AWS also removes these: an endpoint takes its associations (and their
 * network interfaces) with it, a bucket its logging configuration.
 */
export const AWS_CASCADES: ReadonlyArray<{ readonly parent: string; readonly children: readonly string[]; readonly field: string }> = [
  { parent: EC2('VPCEndpoint'), children: ENDPOINT_ASSOCIATIONS, field: 'spec.forProvider.vpcEndpointId' },
  { parent: BUCKET, children: ['BucketLogging.s3.aws.upbound.io'], field: 'spec.forProvider.bucket' },
];

// ---------------------------------------------------------------- finding pairs

/** Strings at a dot path; `name[*]` expands every element of a list. */
export function stringsAt(o: JsonObject, path: string): string[] {
  let current: Json[] = [o];
  for (const part of path.split('.')) {
    const each = part.endsWith('[*]');
    const key = each ? part.slice(0, -3) : part;
    const next: Json[] = [];
    for (const c of current) {
      if (!isObject(c) || c[key] === undefined) continue;
      const v = c[key]!;
      if (each) {
        if (Array.isArray(v)) next.push(...v);
      } else next.push(v);
    }
    current = next;
  }
  return current.filter((v): v is string => typeof v === 'string' && v !== '');
}

/** The identifiers AWS and other resources know a managed resource by. */
export function identifiersOf(o: JsonObject): string[] {
  const at = obj(obj(o.status).atProvider);
  return [...new Set([annotationsOf(o)['crossplane.io/external-name'], str(at.id), str(at.arn)].filter((v): v is string => typeof v === 'string' && v !== ''))];
}

/** Whether `value` names the resource known as `id`: itself, an ARN/path under it, or an s3:// URL into it. */
export function names(value: string, id: string): boolean {
  return value === id || value.startsWith(`${id}:`) || value.startsWith(`${id}/`) || value === `s3://${id}` || value.startsWith(`s3://${id}/`);
}

function namedBy(values: readonly string[], target: JsonObject): boolean {
  const ids = identifiersOf(target);
  return values.some((v) => ids.some((id) => names(v, id)));
}

function regionKey(o: JsonObject): string {
  const spec = obj(o.spec);
  return `${str(obj(spec.providerConfigRef).name) ?? ''}|${str(obj(spec.forProvider).region) ?? ''}`;
}

function jsonStrings(o: JsonObject, field: string, key: string): string[] {
  return stringsAt(o, field).flatMap((text) => {
    try {
      const doc = JSON.parse(text) as Json;
      return isObject(doc) ? stringsAt(doc, key) : [];
    } catch {
      return [];
    }
  });
}

export interface DependencyPair {
  readonly rule: DependencyRule;
  readonly user: JsonObject;
  readonly used: JsonObject;
}

function linked(rule: DependencyRule, user: JsonObject, used: JsonObject, all: readonly JsonObject[]): boolean {
  const link = rule.link;
  if ('sameRegion' in link) return regionKey(user) === regionKey(used);
  if ('jsonField' in link) return namedBy(jsonStrings(user, link.jsonField, link.key), used);
  if ('through' in link) {
    return all.some((t) => groupKind(t) === link.through && namedBy(stringsAt(t, link.user), user) && namedBy(stringsAt(t, link.used), used));
  }
  return namedBy(stringsAt(user, link.field), used);
}

/** Every (user, used) pair of the rendered objects that a rule covers. */
export function dependencyPairs(objects: readonly JsonObject[], rules: readonly DependencyRule[] = DEPENDENCY_RULES): DependencyPair[] {
  const byKind = new Map<string, JsonObject[]>();
  for (const o of objects) byKind.set(groupKind(o), [...(byKind.get(groupKind(o)) ?? []), o]);
  const out: DependencyPair[] = [];
  for (const rule of rules) {
    const users = rule.user.flatMap((k) => byKind.get(k) ?? []).filter((u) => {
      if (!rule.userWhen) return true;
      const v = rule.userWhen.field.split('.').reduce<Json | undefined>((c, p) => (isObject(c) ? c[p] : undefined), u);
      return rule.userWhen.present ? v !== undefined && v !== null && v !== '' : v === rule.userWhen.equals;
    });
    const used = rule.used.flatMap((k) => byKind.get(k) ?? []);
    for (const u of users) for (const d of used) if (u !== d && linked(rule, u, d, objects)) out.push({ rule, user: u, used: d });
  }
  return out;
}

/** The objects whose AWS resource goes away with `parent`'s (AWS_CASCADES). */
export function cascadedBy(parent: JsonObject, objects: readonly JsonObject[]): JsonObject[] {
  const out: JsonObject[] = [];
  for (const c of AWS_CASCADES) {
    if (groupKind(parent) !== c.parent) continue;
    for (const o of objects) if (c.children.includes(groupKind(o)) && namedBy(stringsAt(o, c.field), parent)) out.push(o);
  }
  return out;
}
