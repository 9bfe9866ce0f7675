// The CloudTrail metric filters the security-monitoring domain alarms on: the 15 CIS AWS Foundations
// Benchmark v3.0.0 monitoring recommendations (4.1-4.15; Security Hub CloudWatch.1-14 check the same
// alarms) with their published patterns, plus privilege-escalation and security-service tampering
// filters. Patterns are data, kept byte-equal to their source: Security Hub and CIS audits compare the
// filter text exactly ("Additional fields or terms cannot be added"), so an exclusion for our own
// provider role would break compliance. Sources: ../shared/research/controls.json (ids below), which
// transcribes prowler's cis_3.0_aws.json and the Rhino Security Labs escalation methods.

export interface SecurityMetricFilter {
  /** Record id in controls.json (or `ZT-...` for filters defined here). */
  readonly id: string;
  /** Control ids this filter and its alarm satisfy, e.g. `CIS 4.1`, `CloudWatch.2`. */
  readonly controls: readonly string[];
  /** camelCase; prefixes the composition resource names (a contract). */
  readonly resourceName: string;
  /** PascalCase CloudWatch metric name (the environment suffix is appended). */
  readonly metricName: string;
  /** kebab-case; the AWS names of the filter and the alarm are `zta-<slug>-<suffix>`. */
  readonly slug: string;
  /** Alarm description shown to the responder. */
  readonly description: string;
  /** CloudWatch Logs JSON filter pattern, exactly as published. */
  readonly pattern: string;
}

/**
 * CIS 4.1 (CloudWatch.2): unauthorized API calls.
 *
 * Decision: we use the corrected form (controls.json `recommended_filter_pattern` of
 * CIS-v3.0.0-4.1), not the v3.0.0 `filter_pattern` text. The v3.0.0 transcription joins all four
 * clauses with `||`, so `($.eventName!="HeadBucket")` alone matches every other event: the alarm
 * would sit in ALARM permanently and hide real denials. CIS v4.0.1 through v7.0.0 join the two
 * exclusions with `&&`, which is what this form does; it still contains both published
 * `errorCode` clauses that Security Hub CloudWatch.2 and prowler look for.
 */
const CIS_4_1_UNAUTHORIZED_API_CALLS =
  '{(($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && (($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket"))}';

export const CIS_MONITORING_FILTERS: readonly SecurityMetricFilter[] = [
  {
    id: 'CIS-v3.0.0-4.1',
    controls: ['CIS 4.1', 'CloudWatch.2'],
    resourceName: 'unauthorizedApiCalls',
    metricName: 'UnauthorizedApiCalls',
    slug: 'cis-4-1-unauthorized-api-calls',
    description: 'CIS 4.1: API calls denied as unauthorized (AccessDenied*, *UnauthorizedOperation).',
    pattern: CIS_4_1_UNAUTHORIZED_API_CALLS,
  },
  {
    id: 'CIS-v3.0.0-4.2',
    controls: ['CIS 4.2', 'CloudWatch.3'],
    resourceName: 'consoleSignInWithoutMfa',
    metricName: 'ConsoleSignInWithoutMfa',
    slug: 'cis-4-2-console-signin-without-mfa',
    description: 'CIS 4.2: Management Console sign-in without MFA.',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
  },
  {
    id: 'CIS-v3.0.0-4.3',
    controls: ['CIS 4.3', 'CloudWatch.1'],
    resourceName: 'rootAccountUsage',
    metricName: 'RootAccountUsage',
    slug: 'cis-4-3-root-account-usage',
    description: 'CIS 4.3: the root user made a request.',
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  {
    id: 'CIS-v3.0.0-4.4',
    controls: ['CIS 4.4', 'CloudWatch.4'],
    resourceName: 'iamPolicyChanges',
    metricName: 'IamPolicyChanges',
    slug: 'cis-4-4-iam-policy-changes',
    description: 'CIS 4.4: an IAM policy was created, changed, attached or detached.',
    pattern:
      '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}',
  },
  {
    id: 'CIS-v3.0.0-4.5',
    controls: ['CIS 4.5', 'CloudWatch.5'],
    resourceName: 'cloudTrailChanges',
    metricName: 'CloudTrailChanges',
    slug: 'cis-4-5-cloudtrail-changes',
    description: 'CIS 4.5: a CloudTrail trail was created, updated, deleted, started or stopped.',
    pattern: '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
  },
  {
    id: 'CIS-v3.0.0-4.6',
    controls: ['CIS 4.6', 'CloudWatch.6'],
    resourceName: 'consoleAuthFailures',
    metricName: 'ConsoleAuthenticationFailures',
    slug: 'cis-4-6-console-auth-failures',
    description: 'CIS 4.6: a Management Console authentication failed.',
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  },
  {
    id: 'CIS-v3.0.0-4.7',
    controls: ['CIS 4.7', 'CloudWatch.7'],
    resourceName: 'kmsKeyDisableOrDeletion',
    metricName: 'KmsKeyDisableOrScheduledDeletion',
    slug: 'cis-4-7-kms-key-disable-deletion',
    description: 'CIS 4.7: a customer managed KMS key was disabled or scheduled for deletion.',
    pattern: '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }',
  },
  {
    id: 'CIS-v3.0.0-4.8',
    controls: ['CIS 4.8', 'CloudWatch.8'],
    resourceName: 's3BucketPolicyChanges',
    metricName: 'S3BucketPolicyChanges',
    slug: 'cis-4-8-s3-bucket-policy-changes',
    description: 'CIS 4.8: an S3 bucket ACL, policy, CORS, lifecycle or replication setting changed.',
    pattern:
      '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
  },
  {
    id: 'CIS-v3.0.0-4.9',
    controls: ['CIS 4.9', 'CloudWatch.9'],
    resourceName: 'configChanges',
    metricName: 'AwsConfigChanges',
    slug: 'cis-4-9-config-changes',
    description: 'CIS 4.9: the AWS Config recorder or delivery channel was stopped, deleted or changed.',
    pattern:
      '{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }',
  },
  {
    id: 'CIS-v3.0.0-4.10',
    controls: ['CIS 4.10', 'CloudWatch.10'],
    resourceName: 'securityGroupChanges',
    metricName: 'SecurityGroupChanges',
    slug: 'cis-4-10-security-group-changes',
    description: 'CIS 4.10: a security group or its rules changed.',
    pattern:
      '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
  },
  {
    id: 'CIS-v3.0.0-4.11',
    controls: ['CIS 4.11', 'CloudWatch.11'],
    resourceName: 'networkAclChanges',
    metricName: 'NetworkAclChanges',
    slug: 'cis-4-11-nacl-changes',
    description: 'CIS 4.11: a network ACL or its entries changed.',
    pattern:
      '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
  },
  {
    id: 'CIS-v3.0.0-4.12',
    controls: ['CIS 4.12', 'CloudWatch.12'],
    resourceName: 'networkGatewayChanges',
    metricName: 'NetworkGatewayChanges',
    slug: 'cis-4-12-network-gateway-changes',
    description: 'CIS 4.12: a customer or internet gateway was created, deleted, attached or detached.',
    pattern:
      '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
  },
  {
    id: 'CIS-v3.0.0-4.13',
    controls: ['CIS 4.13', 'CloudWatch.13'],
    resourceName: 'routeTableChanges',
    metricName: 'RouteTableChanges',
    slug: 'cis-4-13-route-table-changes',
    description: 'CIS 4.13: a route or route table changed.',
    pattern:
      '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }',
  },
  {
    id: 'CIS-v3.0.0-4.14',
    controls: ['CIS 4.14', 'CloudWatch.14'],
    resourceName: 'vpcChanges',
    metricName: 'VpcChanges',
    slug: 'cis-4-14-vpc-changes',
    description: 'CIS 4.14: a VPC, its attributes or a peering connection changed.',
    pattern:
      '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
  },
  {
    id: 'CIS-v3.0.0-4.15',
    controls: ['CIS 4.15'],
    resourceName: 'organizationsChanges',
    metricName: 'OrganizationsChanges',
    slug: 'cis-4-15-organizations-changes',
    description: 'CIS 4.15: AWS Organizations structure, accounts or policies changed.',
    pattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
  },
];

/**
 * Privilege escalation (Rhino Security Labs methods) and tampering with the services that would
 * detect it. `ZT-DERIVED-*` patterns are byte-equal to controls.json; `ZT-*` ones are defined here
 * to close gaps that record documents (RunInstances with a role, audit-pipeline tampering).
 */
export const THREAT_DETECTION_FILTERS: readonly SecurityMetricFilter[] = [
  {
    // Methods 1, 2, 4-14: CIS 4.4 misses SetDefaultPolicyVersion, CreateAccessKey, Create/UpdateLoginProfile,
    // AddUserToGroup and UpdateAssumeRolePolicy.
    id: 'ZT-DERIVED-PRIVESC-IAM',
    controls: ['ZT-DERIVED-PRIVESC-IAM'],
    resourceName: 'iamPrivilegeEscalation',
    metricName: 'IamPrivilegeEscalationApiCalls',
    slug: 'privesc-iam',
    description: 'Privilege escalation: IAM calls that grant a principal more power (policy versions, attach/put policies, access keys, login profiles, group membership, trust policies).',
    pattern:
      '{ ($.eventSource = iam.amazonaws.com) && (($.eventName = CreatePolicyVersion) || ($.eventName = SetDefaultPolicyVersion) || ($.eventName = CreateAccessKey) || ($.eventName = CreateLoginProfile) || ($.eventName = UpdateLoginProfile) || ($.eventName = AttachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = AttachRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = AddUserToGroup) || ($.eventName = UpdateAssumeRolePolicy)) }',
  },
  {
    // Methods 15-28: iam:PassRole is never a CloudTrail event of its own, so the filter keys on the
    // calling APIs (Lambda event names carry API-version suffixes such as CreateFunction20150331).
    id: 'ZT-DERIVED-PRIVESC-PASSROLE',
    controls: ['ZT-DERIVED-PRIVESC-PASSROLE'],
    resourceName: 'passRolePrivilegeEscalation',
    metricName: 'PassRolePrivilegeEscalationApiCalls',
    slug: 'privesc-passrole',
    description: 'Privilege escalation: service APIs that run code with a passed role (Lambda, Glue dev endpoints, CloudFormation, Data Pipeline, SageMaker notebooks, CodeStar).',
    pattern:
      '{ (($.eventSource = lambda.amazonaws.com) && (($.eventName = CreateFunction*) || ($.eventName = UpdateFunctionCode*) || ($.eventName = UpdateFunctionConfiguration*) || ($.eventName = AddPermission*) || ($.eventName = CreateEventSourceMapping*))) || (($.eventSource = glue.amazonaws.com) && (($.eventName = CreateDevEndpoint) || ($.eventName = UpdateDevEndpoint))) || (($.eventSource = cloudformation.amazonaws.com) && ($.eventName = CreateStack)) || (($.eventSource = datapipeline.amazonaws.com) && (($.eventName = CreatePipeline) || ($.eventName = PutPipelineDefinition))) || (($.eventSource = sagemaker.amazonaws.com) && (($.eventName = CreateNotebookInstance) || ($.eventName = CreatePresignedNotebookInstanceUrl))) || (($.eventSource = codestar.amazonaws.com) && (($.eventName = CreateProject) || ($.eventName = CreateProjectFromTemplate) || ($.eventName = AssociateTeamMember))) }',
  },
  {
    // Method 3 (PassRole + ec2:RunInstances), left out of the derived record as too noisy: only
    // launches that pass an instance profile, and attaching a profile to a running instance.
    id: 'ZT-PRIVESC-PASSROLE-EC2',
    controls: ['ZT-PRIVESC-PASSROLE-EC2'],
    resourceName: 'ec2PassRolePrivilegeEscalation',
    metricName: 'Ec2InstanceProfilePassRole',
    slug: 'privesc-passrole-ec2',
    description: 'Privilege escalation: an EC2 instance was launched with, or given, an IAM instance profile (iam:PassRole).',
    pattern:
      '{ ($.eventSource = ec2.amazonaws.com) && ((($.eventName = RunInstances) && (($.requestParameters.iamInstanceProfile.arn = *) || ($.requestParameters.iamInstanceProfile.name = *))) || ($.eventName = AssociateIamInstanceProfile) || ($.eventName = ReplaceIamInstanceProfileAssociation)) }',
  },
  {
    id: 'ZT-DERIVED-SECSVC-TAMPER',
    controls: ['ZT-DERIVED-SECSVC-TAMPER'],
    resourceName: 'securityServiceTampering',
    metricName: 'SecurityServiceTampering',
    slug: 'secsvc-tamper',
    description: 'Tampering: GuardDuty, Security Hub, Access Analyzer, EBS default encryption, flow logs or account-level S3 public access block disabled or blinded.',
    pattern:
      '{ (($.eventSource = guardduty.amazonaws.com) && (($.eventName = DeleteDetector) || ($.eventName = UpdateDetector) || ($.eventName = CreateIPSet) || ($.eventName = UpdateIPSet) || ($.eventName = DeleteThreatIntelSet) || ($.eventName = UpdateThreatIntelSet) || ($.eventName = DisassociateFromMasterAccount) || ($.eventName = DisassociateFromAdministratorAccount) || ($.eventName = CreateFilter) || ($.eventName = UpdateFilter))) || (($.eventSource = securityhub.amazonaws.com) && (($.eventName = DisableSecurityHub) || ($.eventName = BatchDisableStandards) || ($.eventName = UpdateStandardsControl) || ($.eventName = DisableImportFindingsForProduct))) || (($.eventSource = access-analyzer.amazonaws.com) && ($.eventName = DeleteAnalyzer)) || (($.eventSource = ec2.amazonaws.com) && (($.eventName = DisableEbsEncryptionByDefault) || ($.eventName = DeleteFlowLogs))) || (($.eventSource = s3.amazonaws.com) && ($.eventName = PutAccountPublicAccessBlock)) }',
  },
  {
    // The audit pipeline itself: CIS 4.5/4.7/4.9 alarm on these among routine changes; this alarm
    // fires only on the destructive subset, plus the CloudWatch Logs, alarm and topic deletions that
    // would silence every other alarm here.
    id: 'ZT-SECSVC-TAMPER-AUDIT',
    controls: ['ZT-SECSVC-TAMPER-AUDIT'],
    resourceName: 'auditPipelineTampering',
    metricName: 'AuditPipelineTampering',
    slug: 'secsvc-tamper-audit',
    description: 'Tampering: CloudTrail stopped or deleted, AWS Config stopped, KMS keys disabled, or the log group, metric filters, alarms or alert topic deleted.',
    pattern:
      '{ (($.eventSource = cloudtrail.amazonaws.com) && (($.eventName = StopLogging) || ($.eventName = DeleteTrail) || ($.eventName = PutEventSelectors))) || (($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel))) || (($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion) || ($.eventName = DisableKeyRotation))) || (($.eventSource = logs.amazonaws.com) && (($.eventName = DeleteLogGroup) || ($.eventName = DeleteMetricFilter) || ($.eventName = PutRetentionPolicy))) || (($.eventSource = monitoring.amazonaws.com) && (($.eventName = DeleteAlarms) || ($.eventName = DisableAlarmActions))) || (($.eventSource = sns.amazonaws.com) && (($.eventName = DeleteTopic) || ($.eventName = Unsubscribe))) }',
  },
];

export const SECURITY_METRIC_FILTERS: readonly SecurityMetricFilter[] = [...CIS_MONITORING_FILTERS, ...THREAT_DETECTION_FILTERS];
