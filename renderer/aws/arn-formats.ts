// How provider-upjet-aws identifies each kind once it exists in AWS: the external name it sets, the
// Terraform ID it reports in status.atProvider.id, and the ARN in the format AWS documents for that
// service/resource type. The simulated provider (provider.ts) renders these templates.
//
// Template placeholders:
//   {name}        the external name (crossplane.io/external-name annotation)
//   {meta.name}   metadata.name
//   {region} {account}   region (spec.forProvider.region, else the render's region) and account id
//   {p.FIELD}     spec.forProvider.FIELD (a string); missing -> the resource cannot be created yet
//   {uuid} {hex:N} {alnum:N} {digits:N}   an identifier AWS would generate, derived from a hash of
//                 the kind and metadata.name so renders are reproducible
//   {name.trimSlash}  the external name without a leading '/' (SSM parameter paths)
//   {wafScope}    'global' for scope CLOUDFRONT, else 'regional' (WAFv2 ARN segment)
//   {a|b}         the first of the alternatives that has a value
//   {=text}       the literal text (as a last alternative: {p.basePath|=} is the value or empty)
//   {p.FIELD.lower}       the string lowercased (network firewall rule group ARNs)
//   {p.FIELD.sorted(:)}   a string list, sorted and joined with the separator (inspector2 Enabler IDs)
//
// externalName: 'metadata.name' = NameAsIdentifier kinds (S3 Bucket, IAM Role, log Group, SNS
// Topic, ...): with no external-name annotation the provider uses metadata.name. Any other value is
// the template of the identifier AWS returns on create (IdentifierFromProvider kinds).

export interface KindFormat {
  externalName: 'metadata.name' | string;
  id: string;
  /** Absent: the kind has no ARN of its own. */
  arn?: string;
  /**
   * Other identifiers AWS creates with the resource and reports in status.atProvider, which other
   * kinds reference (a VPC's default network ACL and security group). Each is generated apart.
   */
  computed?: Record<string, string>;
}

const NAME = 'metadata.name';

export const KIND_FORMATS: Record<string, KindFormat> = {
  // provider-terraform: a Workspace is named by its metadata.name and has no ARN of its own.
  'Workspace.tf.upbound.io': { externalName: NAME, id: '{name}' },
  // accessanalyzer
  'Analyzer.accessanalyzer.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:access-analyzer:{region}:{account}:analyzer/{name}' },
  'ArchiveRule.accessanalyzer.aws.upbound.io': { externalName: '{p.analyzerName}/{meta.name}', id: '{name}' },
  // account: the Terraform ID is the contact type (TemplatedStringAsIdentifier); account settings have no ARN of their own.
  'AlternateContact.account.aws.upbound.io': { externalName: '{p.alternateContactType}', id: '{name}' },
  // apigateway
  // REST API ARNs have no account (API Gateway "ARN reference"); method-level kinds use the upjet external
  // name <restApiId>/<...> and the Terraform ID <prefix>-<restApiId>-<...> (apiGatewayFormattedIdentifier).
  'Account.apigateway.aws.upbound.io': { externalName: 'api-gateway-account', id: '{name}', arn: 'arn:aws:apigateway:{region}::/account' },
  // Terraform ID <domainName>/<basePath> (empty base path kept empty); the API names an empty base path "(none)".
  'BasePathMapping.apigateway.aws.upbound.io': {
    externalName: '{p.domainName}/{p.basePath|=}',
    id: '{name}',
    arn: 'arn:aws:apigateway:{region}::/domainnames/{p.domainName}/basepathmappings/{p.basePath|=(none)}',
  },
  'DomainName.apigateway.aws.upbound.io': { externalName: '{p.domainName}', id: '{name}', arn: 'arn:aws:apigateway:{region}::/domainnames/{name}' },
  'GatewayResponse.apigateway.aws.upbound.io': {
    externalName: '{p.restApiId}/{p.responseType}',
    id: 'aggr-{p.restApiId}-{p.responseType}',
    arn: 'arn:aws:apigateway:{region}::/restapis/{p.restApiId}/gatewayresponses/{p.responseType}',
  },
  'IntegrationResponse.apigateway.aws.upbound.io': {
    externalName: '{p.restApiId}/{p.resourceId}/{p.httpMethod}/{p.statusCode}',
    id: 'agir-{p.restApiId}-{p.resourceId}-{p.httpMethod}-{p.statusCode}',
    arn: 'arn:aws:apigateway:{region}::/restapis/{p.restApiId}/resources/{p.resourceId}/methods/{p.httpMethod}/integration/responses/{p.statusCode}',
  },
  'Integration.apigateway.aws.upbound.io': {
    externalName: '{p.restApiId}/{p.resourceId}/{p.httpMethod}',
    id: 'agi-{p.restApiId}-{p.resourceId}-{p.httpMethod}',
    arn: 'arn:aws:apigateway:{region}::/restapis/{p.restApiId}/resources/{p.resourceId}/methods/{p.httpMethod}/integration',
  },
  'MethodResponse.apigateway.aws.upbound.io': {
    externalName: '{p.restApiId}/{p.resourceId}/{p.httpMethod}/{p.statusCode}',
    id: 'agmr-{p.restApiId}-{p.resourceId}-{p.httpMethod}-{p.statusCode}',
    arn: 'arn:aws:apigateway:{region}::/restapis/{p.restApiId}/resources/{p.resourceId}/methods/{p.httpMethod}/responses/{p.statusCode}',
  },
  'Method.apigateway.aws.upbound.io': {
    externalName: '{p.restApiId}/{p.resourceId}/{p.httpMethod}',
    id: 'agm-{p.restApiId}-{p.resourceId}-{p.httpMethod}',
    arn: 'arn:aws:apigateway:{region}::/restapis/{p.restApiId}/resources/{p.resourceId}/methods/{p.httpMethod}',
  },
  // Settings of a stage, not an API Gateway resource of their own: no ARN.
  'MethodSettings.apigateway.aws.upbound.io': { externalName: '{p.restApiId}/{p.stageName}/{p.methodPath}', id: '{p.restApiId}-{p.stageName}-{p.methodPath}' },
  'RequestValidator.apigateway.aws.upbound.io': { externalName: '{alnum:6}', id: '{name}', arn: 'arn:aws:apigateway:{region}::/restapis/{p.restApiId}/requestvalidators/{name}' },
  'Resource.apigateway.aws.upbound.io': { externalName: '{alnum:6}', id: '{name}', arn: 'arn:aws:apigateway:{region}::/restapis/{p.restApiId}/resources/{name}' },
  'VPCLink.apigateway.aws.upbound.io': { externalName: '{alnum:6}', id: '{name}', arn: 'arn:aws:apigateway:{region}::/vpclinks/{name}' },
  'Deployment.apigateway.aws.upbound.io': { externalName: '{alnum:6}', id: '{name}' },
  'RestAPIPolicy.apigateway.aws.upbound.io': { externalName: '{p.restApiId}', id: '{name}' },
  'RestAPI.apigateway.aws.upbound.io': { externalName: '{alnum:10}', id: '{name}', arn: 'arn:aws:apigateway:{region}::/restapis/{name}' },
  'Stage.apigateway.aws.upbound.io': { externalName: 'ags-{p.restApiId}-{p.stageName}', id: '{name}', arn: 'arn:aws:apigateway:{region}::/restapis/{p.restApiId}/stages/{p.stageName}' },
  // athena
  'Database.athena.aws.upbound.io': { externalName: NAME, id: '{name}' },
  'NamedQuery.athena.aws.upbound.io': { externalName: '{uuid}', id: '{name}' },
  'Workgroup.athena.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:athena:{region}:{account}:workgroup/{name}' },
  // backup
  // Framework and report plan: the Terraform ID is the name; the ARN appends a generated id to it.
  'Framework.backup.aws.upbound.io': { externalName: '{p.name}', id: '{name}', arn: 'arn:aws:backup:{region}:{account}:framework:{name}-{uuid}' },
  // Account-wide and per-region settings: Terraform IDs are the account id and the region; no ARN.
  'GlobalSettings.backup.aws.upbound.io': { externalName: '{account}', id: '{name}' },
  'RegionSettings.backup.aws.upbound.io': { externalName: '{region}', id: '{name}' },
  'ReportPlan.backup.aws.upbound.io': { externalName: '{p.name}', id: '{name}', arn: 'arn:aws:backup:{region}:{account}:report-plan:{name}-{uuid}' },
  'Plan.backup.aws.upbound.io': { externalName: '{uuid}', id: '{name}', arn: 'arn:aws:backup:{region}:{account}:backup-plan:{name}' },
  'Selection.backup.aws.upbound.io': { externalName: '{uuid}', id: '{name}' },
  'VaultLockConfiguration.backup.aws.upbound.io': { externalName: '{p.backupVaultName}', id: '{name}' },
  'VaultNotifications.backup.aws.upbound.io': { externalName: '{p.backupVaultName}', id: '{name}' },
  'VaultPolicy.backup.aws.upbound.io': { externalName: '{p.backupVaultName}', id: '{name}' },
  'Vault.backup.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:backup:{region}:{account}:backup-vault:{name}' },
  // cloudcontrol: the ID is the CloudFormation type's primary identifier, which depends on typeName; simulated
  // as an opaque identifier. Cloud Control API has no resource type (and no ARN) of its own.
  'Resource.cloudcontrol.aws.upbound.io': { externalName: '{uuid}', id: '{name}' },
  // cloudtrail
  'EventDataStore.cloudtrail.aws.upbound.io': { externalName: 'arn:aws:cloudtrail:{region}:{account}:eventdatastore/{uuid}', id: '{name}', arn: '{name}' },
  'Trail.cloudtrail.aws.upbound.io': { externalName: NAME, id: 'arn:aws:cloudtrail:{region}:{account}:trail/{name}', arn: 'arn:aws:cloudtrail:{region}:{account}:trail/{name}' },
  // cloudwatch
  'CompositeAlarm.cloudwatch.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:cloudwatch:{region}:{account}:alarm:{name}' },
  'Dashboard.cloudwatch.aws.upbound.io': { externalName: NAME, id: '{name}' },
  'MetricAlarm.cloudwatch.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:cloudwatch:{region}:{account}:alarm:{name}' },
  // cloudwatchevents (EventBridge)
  'Bus.cloudwatchevents.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:events:{region}:{account}:event-bus/{name}' },
  'BusPolicy.cloudwatchevents.aws.upbound.io': { externalName: '{p.eventBusName|meta.name}', id: '{name}' },
  'Rule.cloudwatchevents.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:events:{region}:{account}:rule/{name}' },
  // Target.arn is the target's ARN (a spec.forProvider parameter), not an ARN of the Target itself.
  'Target.cloudwatchevents.aws.upbound.io': { externalName: '{p.rule}-{p.targetId|meta.name}', id: '{name}', arn: '{p.arn}' },
  // cloudwatchlogs
  'Definition.cloudwatchlogs.aws.upbound.io': { externalName: '{uuid}', id: '{name}', arn: 'arn:aws:logs:{region}:{account}:query-definition:{name}' },
  'Group.cloudwatchlogs.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:logs:{region}:{account}:log-group:{name}' },
  'MetricFilter.cloudwatchlogs.aws.upbound.io': { externalName: NAME, id: '{name}' },
  'ResourcePolicy.cloudwatchlogs.aws.upbound.io': { externalName: NAME, id: '{name}' },
  'SubscriptionFilter.cloudwatchlogs.aws.upbound.io': { externalName: '{p.logGroupName}|{p.name|meta.name}', id: 'cwlsf-{digits:10}' },
  // configservice
  'AWSConfigurationRecorderStatus.configservice.aws.upbound.io': { externalName: NAME, id: '{name}' },
  'ConfigRule.configservice.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:config:{region}:{account}:config-rule/config-rule-{alnum:6}' },
  'ConfigurationAggregator.configservice.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:config:{region}:{account}:config-aggregator/config-aggregator-{alnum:8}' },
  'ConfigurationRecorder.configservice.aws.upbound.io': { externalName: NAME, id: '{name}' },
  'ConformancePack.configservice.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:config:{region}:{account}:conformance-pack/{name}/conformance-pack-{alnum:9}' },
  'DeliveryChannel.configservice.aws.upbound.io': { externalName: NAME, id: '{name}' },
  'RemediationConfiguration.configservice.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:config:{region}:{account}:remediation-configuration/{name}/{uuid}' },
  // detective: the Terraform ID is the graph ARN (the CRD reports it as status.atProvider.graphArn).
  'Graph.detective.aws.upbound.io': { externalName: 'arn:aws:detective:{region}:{account}:graph:{hex:32}', id: '{name}', arn: '{name}' },
  // ec2
  // Adopts the VPC's default ACL: its ID is the one the VPC reports (Terraform aws_default_network_acl).
  'DefaultNetworkACL.ec2.aws.upbound.io': { externalName: '{p.defaultNetworkAclId}', id: '{name}', arn: 'arn:aws:ec2:{region}:{account}:network-acl/{name}' },
  'DefaultSecurityGroup.ec2.aws.upbound.io': { externalName: 'sg-{hex:17}', id: '{name}', arn: 'arn:aws:ec2:{region}:{account}:security-group/{name}' },
  'EBSDefaultKMSKey.ec2.aws.upbound.io': { externalName: '{p.keyArn}', id: '{name}' },
  'EBSEncryptionByDefault.ec2.aws.upbound.io': { externalName: 'default', id: '{name}' },
  'FlowLog.ec2.aws.upbound.io': { externalName: 'fl-{hex:17}', id: '{name}', arn: 'arn:aws:ec2:{region}:{account}:vpc-flow-log/{name}' },
  'NetworkACLRule.ec2.aws.upbound.io': { externalName: 'nacl-{digits:10}', id: '{name}' },
  'NetworkACL.ec2.aws.upbound.io': { externalName: 'acl-{hex:17}', id: '{name}', arn: 'arn:aws:ec2:{region}:{account}:network-acl/{name}' },
  'Route.ec2.aws.upbound.io': { externalName: 'r-{p.routeTableId}{digits:10}', id: '{name}' },
  'RouteTableAssociation.ec2.aws.upbound.io': { externalName: 'rtbassoc-{hex:17}', id: '{name}' },
  'RouteTable.ec2.aws.upbound.io': { externalName: 'rtb-{hex:17}', id: '{name}', arn: 'arn:aws:ec2:{region}:{account}:route-table/{name}' },
  'SecurityGroupEgressRule.ec2.aws.upbound.io': { externalName: 'sgr-{hex:17}', id: '{name}', arn: 'arn:aws:ec2:{region}:{account}:security-group-rule/{name}' },
  'SecurityGroupIngressRule.ec2.aws.upbound.io': { externalName: 'sgr-{hex:17}', id: '{name}', arn: 'arn:aws:ec2:{region}:{account}:security-group-rule/{name}' },
  'SecurityGroupRule.ec2.aws.upbound.io': { externalName: 'sgrule-{digits:10}', id: '{name}' },
  'SecurityGroup.ec2.aws.upbound.io': { externalName: 'sg-{hex:17}', id: '{name}', arn: 'arn:aws:ec2:{region}:{account}:security-group/{name}' },
  // An account setting: the Terraform ID is the account id; no ARN.
  'SerialConsoleAccess.ec2.aws.upbound.io': { externalName: '{account}', id: '{name}' },
  'Subnet.ec2.aws.upbound.io': { externalName: 'subnet-{hex:17}', id: '{name}', arn: 'arn:aws:ec2:{region}:{account}:subnet/{name}' },
  'TransitGateway.ec2.aws.upbound.io': { externalName: 'tgw-{hex:17}', id: '{name}', arn: 'arn:aws:ec2:{region}:{account}:transit-gateway/{name}' },
  'TransitGatewayVPCAttachment.ec2.aws.upbound.io': { externalName: 'tgw-attach-{hex:17}', id: '{name}', arn: 'arn:aws:ec2:{region}:{account}:transit-gateway-attachment/{name}' },
  'VPCDHCPOptions.ec2.aws.upbound.io': { externalName: 'dopt-{hex:17}', id: '{name}', arn: 'arn:aws:ec2:{region}:{account}:dhcp-options/{name}' },
  'VPCDHCPOptionsAssociation.ec2.aws.upbound.io': { externalName: '{p.dhcpOptionsId}-{p.vpcId}', id: '{name}' },
  'VPCEndpointRouteTableAssociation.ec2.aws.upbound.io': { externalName: 'a-{p.vpcEndpointId}{digits:10}', id: '{name}' },
  'VPCEndpoint.ec2.aws.upbound.io': { externalName: 'vpce-{hex:17}', id: '{name}', arn: 'arn:aws:ec2:{region}:{account}:vpc-endpoint/{name}' },
  'VPCEndpointSecurityGroupAssociation.ec2.aws.upbound.io': { externalName: 'vpce-sg-{hex:17}', id: '{name}' },
  'VPCEndpointSubnetAssociation.ec2.aws.upbound.io': { externalName: 'a-{p.vpcEndpointId}{digits:10}', id: '{name}' },
  'VPC.ec2.aws.upbound.io': {
    externalName: 'vpc-{hex:17}', id: '{name}', arn: 'arn:aws:ec2:{region}:{account}:vpc/{name}',
    computed: { defaultNetworkAclId: 'acl-{hex:17}', defaultSecurityGroupId: 'sg-{hex:17}', mainRouteTableId: 'rtb-{hex:17}', defaultRouteTableId: 'rtb-{hex:17}' },
  },
  // firehose
  'DeliveryStream.firehose.aws.upbound.io': { externalName: NAME, id: 'arn:aws:firehose:{region}:{account}:deliverystream/{name}', arn: 'arn:aws:firehose:{region}:{account}:deliverystream/{name}' },
  // glue
  'CatalogDatabase.glue.aws.upbound.io': { externalName: NAME, id: '{p.catalogId|account}:{name}', arn: 'arn:aws:glue:{region}:{account}:database/{name}' },
  'CatalogTable.glue.aws.upbound.io': { externalName: NAME, id: '{p.catalogId|account}:{p.databaseName}:{name}', arn: 'arn:aws:glue:{region}:{account}:table/{p.databaseName}/{name}' },
  // guardduty
  'Detector.guardduty.aws.upbound.io': { externalName: '{hex:32}', id: '{name}', arn: 'arn:aws:guardduty:{region}:{account}:detector/{name}' },
  'Filter.guardduty.aws.upbound.io': { externalName: NAME, id: '{p.detectorId}_{name}', arn: 'arn:aws:guardduty:{region}:{account}:detector/{p.detectorId}/filter/{name}' },
  'MalwareProtectionPlan.guardduty.aws.upbound.io': { externalName: '{hex:20}', id: '{name}', arn: 'arn:aws:guardduty:{region}:{account}:malware-protection-plan/{name}' },
  'Member.guardduty.aws.upbound.io': { externalName: '{p.detectorId}:{p.accountId}', id: '{name}' },
  // inspector2: the Terraform ID is <account ids>-<resource types>, each list sorted and ':'-joined; no ARN.
  'Enabler.inspector2.aws.upbound.io': { externalName: '{p.accountIds.sorted(:)}-{p.resourceTypes.sorted(:)}', id: '{name}' },
  // iam (global: no region in the ARN)
  'AccountPasswordPolicy.iam.aws.upbound.io': { externalName: 'iam-account-password-policy', id: '{name}' },
  'InstanceProfile.iam.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:iam::{account}:instance-profile/{name}' },
  'Policy.iam.aws.upbound.io': { externalName: NAME, id: 'arn:aws:iam::{account}:policy/{name}', arn: 'arn:aws:iam::{account}:policy/{name}' },
  'RolePolicy.iam.aws.upbound.io': { externalName: '{p.role}:{meta.name}', id: '{name}' },
  'RolePolicyAttachment.iam.aws.upbound.io': { externalName: '{p.role}-{digits:20}', id: '{name}' },
  'Role.iam.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:iam::{account}:role/{name}' },
  'ServiceLinkedRole.iam.aws.upbound.io': { externalName: 'arn:aws:iam::{account}:role/aws-service-role/{p.awsServiceName}/AWSServiceRoleFor{alnum:8}', id: '{name}', arn: '{name}' },
  // kms
  'Alias.kms.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:kms:{region}:{account}:{name}' },
  'ExternalKey.kms.aws.upbound.io': { externalName: '{uuid}', id: '{name}', arn: 'arn:aws:kms:{region}:{account}:key/{name}' },
  'Grant.kms.aws.upbound.io': { externalName: '{p.keyId}:{hex:64}', id: '{name}' },
  'Key.kms.aws.upbound.io': { externalName: '{uuid}', id: '{name}', arn: 'arn:aws:kms:{region}:{account}:key/{name}' },
  'ReplicaKey.kms.aws.upbound.io': { externalName: 'mrk-{hex:32}', id: '{name}', arn: 'arn:aws:kms:{region}:{account}:key/{name}' },
  // A multi-Region replica keeps its primary key's id (mrk-...), in the replica's Region.
  'ReplicaExternalKey.kms.aws.upbound.io': { externalName: 'mrk-{hex:32}', id: '{name}', arn: 'arn:aws:kms:{region}:{account}:key/{name}' },
  // lambda
  'Function.lambda.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:lambda:{region}:{account}:function:{name}' },
  'Permission.lambda.aws.upbound.io': { externalName: NAME, id: '{name}' },
  // macie2: enabling Macie is per account and Region; the Terraform ID is the account id; no ARN.
  'Account.macie2.aws.upbound.io': { externalName: '{account}', id: '{name}' },
  // networkfirewall: the Terraform IDs are ARNs. FirewallPolicy and RuleGroup template them from the external
  // name (rule group ARNs carry the lowercased type: stateful-rulegroup / stateless-rulegroup); Firewall
  // takes the ARN AWS returns; LoggingConfiguration is identified by its firewall's ARN.
  'FirewallPolicy.networkfirewall.aws.upbound.io': {
    externalName: NAME,
    id: 'arn:aws:network-firewall:{region}:{account}:firewall-policy/{name}',
    arn: 'arn:aws:network-firewall:{region}:{account}:firewall-policy/{name}',
  },
  'Firewall.networkfirewall.aws.upbound.io': { externalName: 'arn:aws:network-firewall:{region}:{account}:firewall/{p.name}', id: '{name}', arn: '{name}' },
  'LoggingConfiguration.networkfirewall.aws.upbound.io': { externalName: '{p.firewallArn}', id: '{name}' },
  'RuleGroup.networkfirewall.aws.upbound.io': {
    externalName: NAME,
    id: 'arn:aws:network-firewall:{region}:{account}:{p.type.lower}-rulegroup/{name}',
    arn: 'arn:aws:network-firewall:{region}:{account}:{p.type.lower}-rulegroup/{name}',
  },
  // organizations (global)
  'DelegatedAdministrator.organizations.aws.upbound.io': { externalName: '{p.accountId}/{p.servicePrincipal}', id: '{name}', arn: 'arn:aws:organizations::{account}:account/o-{alnum:10}/{p.accountId}' },
  'OrganizationalUnit.organizations.aws.upbound.io': { externalName: 'ou-{alnum:4}-{alnum:8}', id: '{name}', arn: 'arn:aws:organizations::{account}:ou/o-{alnum:10}/{name}' },
  'Organization.organizations.aws.upbound.io': { externalName: 'o-{alnum:10}', id: '{name}', arn: 'arn:aws:organizations::{account}:organization/{name}' },
  'Policy.organizations.aws.upbound.io': { externalName: 'p-{alnum:8}', id: '{name}', arn: 'arn:aws:organizations::{account}:policy/o-{alnum:10}/{p.type.lower|=service_control_policy}/{name}' },
  'PolicyAttachment.organizations.aws.upbound.io': { externalName: '{p.targetId}:{p.policyId}', id: '{name}' },
  // ram: associations are identified by <resourceShareArn>,<principal|resourceArn>; the share by its ARN.
  'PrincipalAssociation.ram.aws.upbound.io': { externalName: '{p.resourceShareArn},{p.principal}', id: '{name}' },
  'ResourceAssociation.ram.aws.upbound.io': { externalName: '{p.resourceShareArn},{p.resourceArn}', id: '{name}' },
  'ResourceShare.ram.aws.upbound.io': { externalName: 'arn:aws:ram:{region}:{account}:resource-share/{uuid}', id: '{name}', arn: '{name}' },
  // route53resolver: generated ids rqlc-/rqlca- + 16 hex digits; only the config has an ARN.
  'QueryLogConfigAssociation.route53resolver.aws.upbound.io': { externalName: 'rqlca-{hex:16}', id: '{name}' },
  'QueryLogConfig.route53resolver.aws.upbound.io': { externalName: 'rqlc-{hex:16}', id: '{name}', arn: 'arn:aws:route53resolver:{region}:{account}:resolver-query-log-config/{name}' },
  // s3: bucket-scoped configuration kinds are identified by the bucket name
  'BucketLifecycleConfiguration.s3.aws.upbound.io': { externalName: '{p.bucket}', id: '{name}' },
  'BucketLogging.s3.aws.upbound.io': { externalName: '{p.bucket}', id: '{name}' },
  'BucketNotification.s3.aws.upbound.io': { externalName: '{p.bucket}', id: '{name}' },
  'BucketObjectLockConfiguration.s3.aws.upbound.io': { externalName: '{p.bucket}', id: '{name}' },
  'BucketOwnershipControls.s3.aws.upbound.io': { externalName: '{p.bucket}', id: '{name}' },
  'BucketPolicy.s3.aws.upbound.io': { externalName: '{p.bucket}', id: '{name}' },
  'BucketPublicAccessBlock.s3.aws.upbound.io': { externalName: '{p.bucket}', id: '{name}' },
  'Bucket.s3.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:s3:::{name}' },
  'BucketServerSideEncryptionConfiguration.s3.aws.upbound.io': { externalName: '{p.bucket}', id: '{name}' },
  'BucketVersioning.s3.aws.upbound.io': { externalName: '{p.bucket}', id: '{name}' },
  'AccountPublicAccessBlock.s3control.aws.upbound.io': { externalName: '{p.accountId|account}', id: '{name}' },
  // securityhub
  'Account.securityhub.aws.upbound.io': { externalName: '{account}', id: '{name}', arn: 'arn:aws:securityhub:{region}:{account}:hub/default' },
  // The CRD has no `identifier`: the external name is the identifier, the id and ARN are templated from it.
  'ActionTarget.securityhub.aws.upbound.io': {
    externalName: NAME,
    id: 'arn:aws:securityhub:{region}:{account}:action/custom/{name}',
    arn: 'arn:aws:securityhub:{region}:{account}:action/custom/{name}',
  },
  'FindingAggregator.securityhub.aws.upbound.io': { externalName: 'arn:aws:securityhub:{region}:{account}:finding-aggregator/{uuid}', id: '{name}', arn: '{name}' },
  'Insight.securityhub.aws.upbound.io': { externalName: 'arn:aws:securityhub:{region}:{account}:insight/{account}/custom/{uuid}', id: '{name}', arn: '{name}' },
  // Accepting the administrator's invitation: the Terraform ID is this account's id; no ARN.
  'InviteAccepter.securityhub.aws.upbound.io': { externalName: '{account}', id: '{name}' },
  'Member.securityhub.aws.upbound.io': { externalName: '{p.accountId}', id: '{name}' },
  'ProductSubscription.securityhub.aws.upbound.io': { externalName: '{p.productArn},arn:aws:securityhub:{region}:{account}:product-subscription/{alnum:8}', id: '{name}', arn: 'arn:aws:securityhub:{region}:{account}:product-subscription/{alnum:8}' },
  'StandardsSubscription.securityhub.aws.upbound.io': { externalName: 'arn:aws:securityhub:{region}:{account}:subscription/{alnum:12}', id: '{name}', arn: '{name}' },
  // sns
  'TopicPolicy.sns.aws.upbound.io': { externalName: '{p.arn}', id: '{name}', arn: '{p.arn}' },
  'Topic.sns.aws.upbound.io': { externalName: NAME, id: 'arn:aws:sns:{region}:{account}:{name}', arn: 'arn:aws:sns:{region}:{account}:{name}' },
  'TopicSubscription.sns.aws.upbound.io': { externalName: '{p.topicArn}:{uuid}', id: '{name}', arn: '{name}' },
  // sqs: the Terraform ID is the queue URL
  'QueuePolicy.sqs.aws.upbound.io': { externalName: '{p.queueUrl}', id: '{name}' },
  'QueueRedrivePolicy.sqs.aws.upbound.io': { externalName: '{p.queueUrl}', id: '{name}' },
  'Queue.sqs.aws.upbound.io': { externalName: '{p.name|meta.name}', id: 'https://sqs.{region}.amazonaws.com/{account}/{name}', arn: 'arn:aws:sqs:{region}:{account}:{name}' },
  // ssm
  'Association.ssm.aws.upbound.io': { externalName: '{uuid}', id: '{name}', arn: 'arn:aws:ssm:{region}:{account}:association/{name}' },
  'Document.ssm.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:ssm:{region}:{account}:document/{name}' },
  'Parameter.ssm.aws.upbound.io': { externalName: NAME, id: '{name}', arn: 'arn:aws:ssm:{region}:{account}:parameter/{name.trimSlash}' },
  'ServiceSetting.ssm.aws.upbound.io': { externalName: '{p.settingId}', id: '{name}', arn: '{p.settingId}' },
  // wafv2: ID is "<uuid>/<name>/<scope>"; ARN scope segment is "regional" or "global"
  'IPSet.wafv2.aws.upbound.io': { externalName: '{uuid}', id: '{name}/{p.name}/{p.scope}', arn: 'arn:aws:wafv2:{region}:{account}:{wafScope}/ipset/{p.name}/{name}' },
  'RuleGroup.wafv2.aws.upbound.io': { externalName: '{uuid}', id: '{name}/{p.name}/{p.scope}', arn: 'arn:aws:wafv2:{region}:{account}:{wafScope}/rulegroup/{p.name}/{name}' },
  'WebACLAssociation.wafv2.aws.upbound.io': { externalName: '{p.webAclArn},{p.resourceArn}', id: '{name}' },
  'WebACLLoggingConfiguration.wafv2.aws.upbound.io': { externalName: '{p.resourceArn}', id: '{name}' },
  'WebACL.wafv2.aws.upbound.io': { externalName: '{uuid}', id: '{name}/{p.name}/{p.scope}', arn: 'arn:aws:wafv2:{region}:{account}:{wafScope}/webacl/{p.name}/{name}' },
};

export class UnknownKindFormatError extends Error {
  constructor(readonly kind: string) {
    super(`no identifier/ARN format for ${kind} in renderer/aws/arn-formats.ts; add the kind to KIND_FORMATS`);
    this.name = 'UnknownKindFormatError';
  }
}

/** The format of a kind like 'Bucket.s3.aws.upbound.io', or undefined when it has none. */
export function findKindFormat(kind: string): KindFormat | undefined {
  return KIND_FORMATS[kind];
}

/** The format of a kind like 'Bucket.s3.aws.upbound.io'; throws UnknownKindFormatError when missing. */
export function kindFormat(kind: string): KindFormat {
  const f = findKindFormat(kind);
  if (!f) throw new UnknownKindFormatError(kind);
  return f;
}
