// The event patterns of the threat-detection response path. Each is a plain EventPattern so tests
// run sample GuardDuty / Security Hub / CloudTrail events through the offline matcher.
import type { EventPattern } from '../../policy/event-pattern';
import type { RawJson } from '../../kernel/raw-json';

/** GuardDuty severities run from 1.0 to 10.0 (Low 1-3.9, Medium 4-6.9, High 7-8.9, Critical 9-10). */
export const GUARDDUTY_SEVERITY = { min: 1, max: 10, high: 7 } as const;

/**
 * GuardDuty findings at or above `minimumSeverity`. GuardDuty sends new findings and updates of
 * recurring ones to the default bus as `GuardDuty Finding` events with a numeric `detail.severity`.
 */
// https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html
export function guardDutyFindingsPattern(minimumSeverity: number | RawJson): EventPattern {
  return {
    source: ['aws.guardduty'],
    'detail-type': ['GuardDuty Finding'],
    detail: { severity: [{ numeric: ['>=', minimumSeverity] }] },
  };
}

/**
 * Security Hub findings labelled CRITICAL or HIGH that are active and not yet triaged. Security Hub
 * sends every imported or updated finding as `Security Hub Findings - Imported`, one finding per
 * event in `detail.findings`.
 */
// https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-cwe-integration-types.html
export function securityHubCriticalFindingsPattern(): EventPattern {
  return {
    source: ['aws.securityhub'],
    'detail-type': ['Security Hub Findings - Imported'],
    detail: {
      findings: {
        Severity: { Label: ['CRITICAL', 'HIGH'] },
        RecordState: ['ACTIVE'],
        Workflow: { Status: ['NEW', 'NOTIFIED'] },
      },
    },
  };
}

/**
 * API calls that switch off detection or escalate privileges (CIS 4.x intent, the privilege
 * escalation paths CIS 4.4 misses, and tampering with the security services themselves).
 * Keyed by the service's CloudTrail event source.
 */
export const HIGH_RISK_API_CALLS: Readonly<Record<string, readonly string[]>> = {
  'cloudtrail.amazonaws.com': ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'],
  'guardduty.amazonaws.com': ['DeleteDetector', 'UpdateDetector', 'CreateIPSet', 'UpdateIPSet', 'CreateFilter', 'UpdateFilter', 'DeleteThreatIntelSet', 'DisassociateFromAdministratorAccount'],
  'securityhub.amazonaws.com': ['DisableSecurityHub', 'BatchDisableStandards', 'DeleteActionTarget', 'DeleteInsight'],
  'config.amazonaws.com': ['StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel'],
  'access-analyzer.amazonaws.com': ['DeleteAnalyzer'],
  'ec2.amazonaws.com': ['DeleteFlowLogs', 'DisableEbsEncryptionByDefault'],
  's3.amazonaws.com': ['PutAccountPublicAccessBlock', 'DeleteAccountPublicAccessBlock'],
  'kms.amazonaws.com': ['DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy'],
  'organizations.amazonaws.com': ['LeaveOrganization'],
  'iam.amazonaws.com': [
    'CreateAccessKey', 'CreateLoginProfile', 'UpdateLoginProfile', 'AddUserToGroup', 'UpdateAssumeRolePolicy',
    'CreatePolicyVersion', 'SetDefaultPolicyVersion', 'AttachUserPolicy', 'AttachRolePolicy', 'PutUserPolicy', 'PutRolePolicy',
    'DeactivateMFADevice',
  ],
};

/**
 * High-risk API calls, plus any use of the root user (CIS 4.3 semantics: root identity, not
 * invoked by an AWS service, not a service event). CloudTrail delivers these events to EventBridge
 * in the region the call was made; calls to global services (IAM, Organizations, sign-in) arrive
 * in us-east-1 only, so an account deployed elsewhere sees those through the trail's metric
 * filters (monitoring domain) and, for the events of `globalServiceSecurityEventsPattern`, through
 * the security-monitoring domain's forwarding rule in us-east-1, which puts them on the home region's
 * default bus, where this rule sees them too.
 */
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html
export function highRiskApiCallsPattern(): EventPattern {
  const sources = Object.keys(HIGH_RISK_API_CALLS);
  return {
    'detail-type': ['AWS API Call via CloudTrail', 'AWS Console Sign In via CloudTrail'],
    $or: [
      {
        // EventBridge names the source after the event source's service prefix (aws.iam, aws.access-analyzer).
        source: sources.map((s) => `aws.${s.split('.')[0]!}`),
        detail: { eventSource: sources, eventName: [...new Set(Object.values(HIGH_RISK_API_CALLS).flat())] },
      },
      {
        detail: {
          userIdentity: { type: ['Root'], invokedBy: [{ exists: false }] },
          eventType: [{ 'anything-but': 'AwsServiceEvent' }],
        },
      },
    ],
  };
}

/** CIS 4.4 (CloudWatch.4): the IAM policy changes of the published metric filter, as event names. */
export const CIS_IAM_POLICY_CHANGE_EVENTS: readonly string[] = [
  'DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
  'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy',
  'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
];

/** CIS 4.15: the AWS Organizations changes of the published metric filter, as event names. */
export const CIS_ORGANIZATIONS_CHANGE_EVENTS: readonly string[] = [
  'AcceptHandshake', 'AttachPolicy', 'CreateAccount', 'CreateOrganizationalUnit', 'CreatePolicy', 'DeclineHandshake',
  'DeleteOrganization', 'DeleteOrganizationalUnit', 'DeletePolicy', 'DetachPolicy', 'DisablePolicyType', 'EnablePolicyType',
  'InviteAccountToOrganization', 'LeaveOrganization', 'MoveAccount', 'RemoveAccountFromOrganization', 'UpdatePolicy',
  'UpdateOrganizationalUnit',
];

/** Event sources of the global services: EventBridge receives their events in us-east-1 only. */
export const GLOBAL_SERVICE_EVENT_SOURCES: readonly string[] = ['aws.iam', 'aws.organizations', 'aws.signin', 'aws.sts'];

/**
 * Events of the global services that call for an alert within seconds rather than after the trail's
 * log delivery (the metric filters of CIS 4.2, 4.3, 4.4 and 4.15 see them minutes later): console
 * sign-in without MFA, the root user, IAM policy changes, Organizations changes. IAM, Organizations
 * and sign-in events reach EventBridge in us-east-1 only ("AWS service events ... global services").
 */
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html
export function globalServiceSecurityEventsPattern(): EventPattern {
  return {
    $or: [
      {
        // CIS 4.2: the sign-in event says whether MFA was used (anything but "Yes" alerts, as the filter does).
        source: ['aws.signin'],
        'detail-type': ['AWS Console Sign In via CloudTrail'],
        detail: { eventName: ['ConsoleLogin'], additionalEventData: { MFAUsed: [{ 'anything-but': 'Yes' }] } },
      },
      {
        // CIS 4.3 for the global services (the home region's rules see the regional ones).
        source: [...GLOBAL_SERVICE_EVENT_SOURCES],
        detail: {
          userIdentity: { type: ['Root'], invokedBy: [{ exists: false }] },
          eventType: [{ 'anything-but': 'AwsServiceEvent' }],
        },
      },
      {
        source: ['aws.iam'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['iam.amazonaws.com'], eventName: [...CIS_IAM_POLICY_CHANGE_EVENTS] },
      },
      {
        source: ['aws.organizations'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['organizations.amazonaws.com'], eventName: [...CIS_ORGANIZATIONS_CHANGE_EVENTS] },
      },
    ],
  };
}
