// The reviewable part of the security report (docs/security-report.md, issue 13 item 5): which
// rendered resource or guardrail statement covers which control, where that cannot be derived from
// structured data. Derived evidence needs no entry here: AWS Config rules (the controls of each
// entry of charts/compliance.ts COMPLIANCE_RULES), CIS metric filters with their alarms (security-metric-filters.ts) and
// the Security Hub standards of the organization's configuration policy are read from the renders by
// compositions/report/security-report.ts.
//
// Every entry names a composed resource (domain = the `zerotrust.io/domain` label, resource = the
// composition-resource-name) or a guardrail statement Sid (SCP, RCP or permissions boundary). The
// generator throws when a rendered example lacks what an entry names, or when `expect` does not hold
// for its spec.forProvider, so the report never claims a control that is not deployed.

export type EvidenceHow = 'prevents' | 'configures' | 'detects';

interface EvidenceBase {
  /** Shown in the report next to the evidence. */
  readonly note?: string;
  /**
   * Set when the evidence covers only part of the control (e.g. only the baseline's own buckets):
   * it is listed with this explanation but does not decide the control's status.
   */
  readonly partial?: string;
}

/** A composed resource that configures the compliant state or detects deviations. */
export interface ResourceEvidence extends EvidenceBase {
  readonly how: 'configures' | 'detects';
  readonly domain: string;
  readonly resource: string;
  /** spec.forProvider values the resource must render with (checked in every account render). */
  readonly expect?: Readonly<Record<string, unknown>>;
  /**
   * The same control in the other allowed regions: the region-slot resources `<resource>Region<i>`
   * of this domain (compositions/kernel/region-slots.ts), each checked against its own `expect`.
   * @default - the home region's resource only
   */
  readonly regionSlots?: { readonly domain: string; readonly resource: string; readonly expect?: Readonly<Record<string, unknown>> };
}

/** A Deny statement (SCP, RCP or permissions boundary) that blocks undoing the control. */
export interface StatementEvidence extends EvidenceBase {
  readonly how: 'prevents';
  readonly sid: string;
  /**
   * Why the deny alone keeps the account compliant (nothing has to be configured), e.g. a control
   * about the root user, whom an SCP stops from acting at all.
   */
  readonly alone?: string;
}

export type ControlEvidence = ResourceEvidence | StatementEvidence;

/** Why a control is not covered. */
export type NotCoveredReason = 'manual' | 'gap' | 'out of account scope';

export interface NotCovered {
  readonly reason: NotCoveredReason;
  /** For a gap: what would close it. */
  readonly detail: string;
}

// ------------------------------------------------------------------ shared evidence

const trail = (expect: Record<string, unknown>): ResourceEvidence => ({ how: 'configures', domain: 'auditLogging', resource: 'trail', expect });
const TRAIL_SCP: StatementEvidence = { how: 'prevents', sid: 'DenyCloudTrailTampering' };
const KEY_SCP: StatementEvidence = { how: 'prevents', sid: 'DenyBaselineKeyDestruction' };
const CONFIG_SCP: StatementEvidence = { how: 'prevents', sid: 'DenyConfigTampering' };
// The account-wide services (flow logs, EBS default encryption and key, GuardDuty, Security Hub,
// Access Analyzer, account Block Public Access, password policy, long-term credentials) share one
// SCP statement (compositions/blocks/organization/guardrail-actions.ts SECURITY_SERVICE_SHUTDOWN_ACTIONS).
const SERVICES_SCP: StatementEvidence = { how: 'prevents', sid: 'DenySecurityServiceShutdown' };
const NETWORK_EBS_SCP: StatementEvidence = SERVICES_SCP;
/** Deny of rule changes on the baseline VPC's network ACL and security groups (zerotrust.io/managed-by tag). */
const NETWORK_SCP: StatementEvidence = { how: 'prevents', sid: 'DenyManagedResourceTampering', partial: 'rule changes are denied on the baseline VPC\'s network ACL and security groups (zerotrust.io/managed-by tag) only' };
/** CIS 1.11 / 1.13: why the long-term-credentials deny alone keeps an onboarded account compliant. */
const LONG_TERM_ALONE = 'no principal but break glass and the platform may create an IAM user, access key or console password after onboarding, so no user gets keys at setup or a second key (users that existed before onboarding are a review)';

const ROOT_SCP_ALONE: StatementEvidence = {
  how: 'prevents',
  sid: 'DenyRootUser',
  alone: 'the root user of a member account can do nothing (every action denied), so it can neither create nor use credentials',
};
/** The other allowed regions' copy (region slots); only the home recorder records global resources. */
const IN_EVERY_REGION = 'home region here, every other allowed region by its region slot';
const BASELINE_BUCKETS = 'only the baseline\'s own buckets (zta-*); buckets created by others are not configured';
const ACCOUNT_PAB: ControlEvidence[] = [
  { how: 'configures', domain: 'dataProtection', resource: 'accountPublicAccessBlock', expect: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true } },
  SERVICES_SCP,
];
const EBS_DEFAULT_ENCRYPTION: ControlEvidence[] = [
  {
    how: 'configures', domain: 'dataProtection', resource: 'ebsEncryptionByDefault', expect: { enabled: true }, note: IN_EVERY_REGION,
    regionSlots: { domain: 'encryption', resource: 'ebsEncryptionByDefault', expect: { enabled: true } },
  },
  { how: 'configures', domain: 'dataProtection', resource: 'ebsDefaultKmsKey', regionSlots: { domain: 'encryption', resource: 'ebsDefaultKmsKey' } },
  NETWORK_EBS_SCP,
];
const CONFIG_RECORDER: ControlEvidence[] = [
  {
    how: 'configures', domain: 'compliance', resource: 'configRecorder', expect: { recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } }, note: IN_EVERY_REGION,
    regionSlots: { domain: 'compliance', resource: 'configRecorder', expect: { recordingGroup: { allSupported: true, includeGlobalResourceTypes: false } } },
  },
  { how: 'configures', domain: 'compliance', resource: 'configRecorderStatus', expect: { isEnabled: true }, regionSlots: { domain: 'compliance', resource: 'configRecorderStatus', expect: { isEnabled: true } } },
  CONFIG_SCP,
];
const FLOW_LOGS: ControlEvidence[] = [
  { how: 'configures', domain: 'network', resource: 'flowLogToCloudWatch', expect: { trafficType: 'ALL' } },
  { how: 'configures', domain: 'network', resource: 'flowLogToS3', expect: { trafficType: 'ALL' } },
  { ...NETWORK_EBS_SCP, partial: 'ec2:DeleteFlowLogs is denied, but nothing makes a VPC created by someone else have flow logs' },
];
const DEFAULT_SG: ResourceEvidence = { how: 'configures', domain: 'network', resource: 'defaultSecurityGroup', note: 'no ingress or egress rule is composed, so all are revoked' };
const DEFAULT_NACL: ResourceEvidence = {
  how: 'configures',
  domain: 'network',
  resource: 'defaultNetworkAcl',
  partial: 'the baseline VPC\'s default network ACL only (SSH and RDP denied from 0.0.0.0/0); other network ACLs are not configured',
};
const KEY_ROTATION: ControlEvidence[] = ['logsKey', 'auditKey', 'dataKey', 'messagingKey'].map(
  (resource): ControlEvidence => ({ how: 'configures', domain: 'encryption', resource, expect: { enableKeyRotation: true }, partial: 'the baseline\'s own keys' }),
);
const PASSWORD_POLICY = (expect: Record<string, unknown>): ControlEvidence[] => [
  { how: 'configures', domain: 'identity', resource: 'passwordPolicy', expect },
  // iam:UpdateAccountPasswordPolicy / DeleteAccountPasswordPolicy: the boundary and the SCP deny them.
  { how: 'prevents', sid: 'DenySecurityServiceTampering' },
  SERVICES_SCP,
];
const SECURE_BUCKET_TLS: ResourceEvidence = { how: 'configures', domain: 'auditLogging', resource: 'trailBucketPolicy', partial: `DenyInsecureTransport in the policies of ${BASELINE_BUCKETS}` };
const SECURITY_HUB: ControlEvidence[] = [{ how: 'configures', domain: 'securityHub', resource: 'hub' }, SERVICES_SCP];
const PRIVATE_SUBNETS: ControlEvidence[] = ['subnet0', 'subnet1', 'subnet2'].map(
  (resource): ControlEvidence => ({ how: 'configures', domain: 'network', resource, expect: { mapPublicIpOnLaunch: false }, partial: 'the baseline VPC\'s subnets only' }),
);

/** Evidence per control id of compositions/report/controls-catalog.json. */
export const CONTROL_EVIDENCE: Readonly<Record<string, readonly ControlEvidence[]>> = {
  // ---------------------------------------------------------------- CIS v3.0.0
  'CIS-v3.0.0-1.2': [
    { how: 'configures', domain: 'accountContact', resource: 'securityContact', expect: { alternateContactType: 'SECURITY' } },
    // account:PutAlternateContact / DeleteAlternateContact: the boundary and the SCP deny them (KIND_GUARDRAILS accountWideDenies).
    { how: 'prevents', sid: 'DenySecurityServiceTampering' },
    SERVICES_SCP,
  ],
  'CIS-v3.0.0-1.4': [ROOT_SCP_ALONE],
  'CIS-v3.0.0-1.7': [ROOT_SCP_ALONE, { how: 'detects', domain: 'securityMonitoring', resource: 'rootAccountUsageAlarm', note: 'the CIS 4.3 root-usage alarm' }],
  'CIS-v3.0.0-1.8': PASSWORD_POLICY({ minimumPasswordLength: 14 }),
  'CIS-v3.0.0-1.9': PASSWORD_POLICY({ passwordReusePrevention: 24 }),
  'CIS-v3.0.0-1.10': [{ how: 'prevents', sid: 'DenyNewIdentitiesAndCredentials' }],
  'CIS-v3.0.0-1.11': [{ how: 'prevents', sid: 'DenyNewIdentitiesAndCredentials' }, { ...SERVICES_SCP, alone: LONG_TERM_ALONE }],
  'CIS-v3.0.0-1.13': [{ how: 'prevents', sid: 'DenyNewIdentitiesAndCredentials' }, { ...SERVICES_SCP, alone: LONG_TERM_ALONE }],
  'CIS-v3.0.0-1.18': [
    { how: 'configures', domain: 'sessionManager', resource: 'instanceRole' },
    { how: 'configures', domain: 'sessionManager', resource: 'instanceProfile' },
  ],
  'CIS-v3.0.0-1.20': [
    { how: 'configures', domain: 'identity', resource: 'accessAnalyzer', expect: { type: 'ACCOUNT' }, note: IN_EVERY_REGION, regionSlots: { domain: 'identity', resource: 'accessAnalyzer', expect: { type: 'ACCOUNT' } } },
    SERVICES_SCP,
  ],
  'CIS-v3.0.0-2.1.1': [SECURE_BUCKET_TLS],
  'CIS-v3.0.0-2.1.4': ACCOUNT_PAB,
  'CIS-v3.0.0-2.2.1': EBS_DEFAULT_ENCRYPTION,
  // rds-instance-public-access-check is the check of CIS 2.3.3 (prowler rds_instance_no_public_access).
  'CIS-v3.0.0-2.3.3': [{ how: 'detects', domain: 'compliance', resource: 'ruleRdsInstancePublicAccess' }],
  'CIS-v3.0.0-3.1': [trail({ isMultiRegionTrail: true, enableLogging: true, includeGlobalServiceEvents: true }), TRAIL_SCP],
  'CIS-v3.0.0-3.2': [trail({ enableLogFileValidation: true }), TRAIL_SCP],
  'CIS-v3.0.0-3.3': CONFIG_RECORDER,
  'CIS-v3.0.0-3.4': [
    { how: 'configures', domain: 'auditLogging', resource: 'trailBucketLogging' },
    // s3-bucket-logging-enabled evaluates every bucket, the trail bucket included.
    { how: 'detects', domain: 'compliance', resource: 'ruleS3BucketLogging' },
  ],
  'CIS-v3.0.0-3.5': [trail({}), { how: 'configures', domain: 'encryption', resource: 'auditKey', expect: { enableKeyRotation: true } }, TRAIL_SCP, KEY_SCP],
  'CIS-v3.0.0-3.6': [...KEY_ROTATION, { ...KEY_SCP, partial: 'kms:DisableKeyRotation is denied on keys carrying the baseline\'s key-purpose tag only' }],
  'CIS-v3.0.0-3.7': FLOW_LOGS,
  'CIS-v3.0.0-4.16': SECURITY_HUB,
  'CIS-v3.0.0-5.1': [DEFAULT_NACL, NETWORK_SCP],
  'CIS-v3.0.0-5.4': [DEFAULT_SG, NETWORK_SCP],

  // ---------------------------------------------------------------- Security Hub FSBP
  'SH-CloudTrail.1': [trail({ isMultiRegionTrail: true, enableLogging: true }), TRAIL_SCP],
  'SH-CloudTrail.2': [trail({}), { how: 'configures', domain: 'encryption', resource: 'auditKey' }, TRAIL_SCP, KEY_SCP],
  'SH-CloudTrail.4': [trail({ enableLogFileValidation: true }), TRAIL_SCP],
  'SH-CloudTrail.5': [trail({}), { how: 'configures', domain: 'auditLogging', resource: 'trailLogGroup' }, TRAIL_SCP],
  // Config.1 now also requires the service-linked role for recording; the recorder uses the
  // AWS_ConfigRole custom role by default, so the configuration is only part of what Config.1 checks.
  'SH-Config.1': CONFIG_RECORDER.map((e) => (e.how === 'configures' ? { ...e, partial: 'the recorder uses the AWS_ConfigRole custom role by default; Config.1 also expects the service-linked role (compliance.recorderRole: AWSServiceRoleForConfig, docs/config-recorder-role.md)' } : e)),
  'SH-EC2.2': [DEFAULT_SG, NETWORK_SCP],
  'SH-EC2.6': FLOW_LOGS,
  'SH-EC2.7': EBS_DEFAULT_ENCRYPTION,
  'SH-EC2.9': PRIVATE_SUBNETS,
  'SH-EC2.15': PRIVATE_SUBNETS,
  'SH-EC2.21': [DEFAULT_NACL, NETWORK_SCP],
  'SH-GuardDuty.1': [
    {
      how: 'configures',
      domain: 'threatDetection',
      resource: 'detector',
      partial: 'the existing detector is observed, never created: it must already be enabled (organization auto-enable)',
    },
    SERVICES_SCP,
  ],
  'SH-IAM.7': PASSWORD_POLICY({ minimumPasswordLength: 14, requireSymbols: true, requireNumbers: true, requireUppercaseCharacters: true, requireLowercaseCharacters: true, passwordReusePrevention: 24, maxPasswordAge: 90 }),
  'SH-KMS.3': [...KEY_ROTATION.map((e) => ({ ...e, expect: { deletionWindowInDays: 7 }, partial: 'the baseline\'s own keys (deletion window 7 days)' })), { ...KEY_SCP, partial: 'kms:ScheduleKeyDeletion is denied on keys carrying the baseline\'s key-purpose tag only' }],
  'SH-S3.1': ACCOUNT_PAB,
  'SH-S3.5': [SECURE_BUCKET_TLS],
  'SH-S3.8': [{ how: 'configures', domain: 'auditLogging', resource: 'trailBucketPublicAccessBlock', partial: BASELINE_BUCKETS }],
  'SH-S3.9': [{ how: 'configures', domain: 'auditLogging', resource: 'trailBucketLogging', partial: BASELINE_BUCKETS }],
  'SH-S3.12': [{ how: 'configures', domain: 'auditLogging', resource: 'trailBucketOwnership', expect: { rule: { objectOwnership: 'BucketOwnerEnforced' } }, partial: BASELINE_BUCKETS }],
  'SH-SNS.1': [{ how: 'configures', domain: 'securityMonitoring', resource: 'securityAlarmTopic', partial: 'the baseline\'s own topics' }],
  'SH-WAF.10': [{ how: 'configures', domain: 'webFirewall', resource: 'webAcl', partial: 'the baseline\'s web ACL' }],
};

/**
 * CIS v3.0.0 recommendations that a Security Hub control of the CIS v3.0.0 standard evaluates
 * (CIS id -> Security Hub control id): the standard, enabled by the organization's configuration
 * policy, detects these (unless the policy disables the control). Read from each
 * control's "Related requirements" (CIS AWS Foundations Benchmark v3.0.0/<id>) in the Security Hub
 * user guide, docs.aws.amazon.com/securityhub/latest/userguide/<service>-controls.html;
 * CloudTrail.7 from the standard's control list (securityhub-standards-cis.html), the only v3.0.0
 * recommendation about trail bucket access logging being 3.4. Add an entry only after reading it.
 */
export const SECURITY_HUB_CIS_V300_CONTROLS: Readonly<Record<string, string>> = {
  '1.6': 'IAM.6',
  '1.12': 'IAM.22',
  '1.15': 'IAM.2',
  '1.17': 'IAM.18',
  '1.19': 'IAM.26',
  '1.20': 'IAM.28',
  '1.22': 'IAM.27',
  '2.1.2': 'S3.20',
  '2.2.1': 'EC2.7',
  '2.3.2': 'RDS.13',
  '2.4.1': 'EFS.1',
  '3.3': 'Config.1',
  '3.4': 'CloudTrail.7',
  '3.7': 'EC2.6',
  '3.8': 'S3.22',
  '3.9': 'S3.23',
  '5.4': 'EC2.2',
  '5.6': 'EC2.8',
};

/**
 * Controls that must hold in every region the account may use ("... in all regions"): evidence made
 * of regional resources (a Config rule, Security Hub, a regional resource) counts for them only when
 * it is rendered in every allowed region of every account render. CIS 3.1 is met by one multi-Region
 * trail, so it is not listed.
 */
export const ALL_REGIONS_CONTROLS: ReadonlySet<string> = new Set(['CIS-v3.0.0-1.20', 'CIS-v3.0.0-2.2.1', 'CIS-v3.0.0-3.3']);

/**
 * Why a control is not covered. Every CIS v3.0.0 control the renders neither prevent nor detect
 * needs an entry (a test enforces it), and an entry for a covered control makes the generator throw.
 */
export const NOT_COVERED: Readonly<Record<string, NotCovered>> = {
  'CIS-v3.0.0-1.1': { reason: 'manual', detail: 'account contact details are a process control (account:PutContactInformation); not composed' },
  'CIS-v3.0.0-1.3': { reason: 'manual', detail: 'security questions are a console-only setting with no API' },
  'CIS-v3.0.0-1.18': { reason: 'manual', detail: 'whether workloads use instance roles is a review; the baseline provides the Session Manager instance role and profile' },
  'CIS-v3.0.0-1.21': { reason: 'out of account scope', detail: 'identity federation / IAM Identity Center is configured in the organization\'s management account' },
  'CIS-v3.0.0-2.1.3': { reason: 'manual', detail: 'data discovery and classification (Amazon Macie) is not composed' },
  'CIS-v3.0.0-5.5': { reason: 'manual', detail: 'peering routes are reviewed by hand; the baseline VPC composes no peering connection' },
};
