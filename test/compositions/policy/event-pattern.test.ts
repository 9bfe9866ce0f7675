// The EventBridge pattern matcher: the documented operator examples, then every rule the
// threat-detection domain composes against realistic GuardDuty / Security Hub / CloudTrail events.
import { eventPatternJson, matchesEventPattern, validateEventPattern, wildcardMatch, type EventPattern } from '../../../compositions/policy/event-pattern';
import { rawJson } from '../../../compositions/kernel/raw-json';
import { guardDutyFindingsPattern, highRiskApiCallsPattern, securityHubCriticalFindingsPattern } from '../../../compositions/blocks/detection/security-events';

const ec2Event = {
  version: '0', id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718', 'detail-type': 'EC2 Instance State-change Notification', source: 'aws.ec2',
  account: '111122223333', time: '2017-12-22T18:43:48Z', region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated', 'c-count': 5, 'source-ip': '10.0.0.123', FileName: 'dir/image.png' },
};
const m = (pattern: EventPattern, event: unknown = ec2Event): boolean => matchesEventPattern(pattern, event);

describe('documented operators', () => {
  test('exact values are ANDed across fields and ORed within a field; top-level envelope fields match', () => {
    expect(m({ source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated'] } })).toBe(true);
    expect(m({ source: ['aws.ec2'], detail: { state: ['running', 'terminated'] } })).toBe(true);
    expect(m({ source: ['aws.ec2'], detail: { state: ['running'] } })).toBe(false);
    expect(m({ account: ['111122223333'], region: ['us-west-1'] })).toBe(true);
    expect(m({ account: ['444455556666'] })).toBe(false);
  });
  test('an array in the event matches when any element matches (resources)', () => {
    expect(m({ resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'] })).toBe(true);
    expect(m({ resources: [{ prefix: 'arn:aws:s3' }] })).toBe(false);
  });
  test('prefix, suffix and their equals-ignore-case forms', () => {
    expect(m({ time: [{ prefix: '2017-12-22' }] })).toBe(true);
    expect(m({ detail: { FileName: [{ suffix: '.png' }] } })).toBe(true);
    expect(m({ detail: { FileName: [{ suffix: '.PNG' }] } })).toBe(false);
    expect(m({ detail: { FileName: [{ suffix: { 'equals-ignore-case': '.PNG' } }] } })).toBe(true);
    expect(m({ source: [{ prefix: { 'equals-ignore-case': 'AWS.' } }] })).toBe(true);
  });
  test('equals-ignore-case', () => {
    expect(m({ detail: { state: [{ 'equals-ignore-case': 'TERMINATED' }] } })).toBe(true);
    expect(m({ detail: { state: [{ 'equals-ignore-case': 'running' }] } })).toBe(false);
  });
  test('wildcard: * spans characters, \\* is a literal star', () => {
    expect(m({ detail: { FileName: [{ wildcard: 'dir/*.png' }] } })).toBe(true);
    expect(m({ detail: { FileName: [{ wildcard: 'lib/*.png' }] } })).toBe(false);
    expect(wildcardMatch('a\\*b', 'a*b')).toBe(true);
    expect(wildcardMatch('a\\*b', 'axxb')).toBe(false);
  });
  test('anything-but: value, list, prefix, suffix, ignore-case, wildcard; never on a missing field', () => {
    expect(m({ detail: { state: [{ 'anything-but': 'initializing' }] } })).toBe(true);
    expect(m({ detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } })).toBe(false);
    expect(m({ detail: { 'c-count': [{ 'anything-but': 5 }] } })).toBe(false);
    expect(m({ region: [{ 'anything-but': { prefix: 'us-' } }] })).toBe(false);
    expect(m({ detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } })).toBe(true);
    expect(m({ detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['TERMINATED'] } }] } })).toBe(false);
    expect(m({ detail: { FileName: [{ 'anything-but': { wildcard: '*/lib/*' } }] } })).toBe(true);
    expect(m({ detail: { missing: [{ 'anything-but': 'x' }] } })).toBe(false);
  });
  test('numeric ranges and equality', () => {
    expect(m({ detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } })).toBe(true);
    expect(m({ detail: { 'c-count': [{ numeric: ['>', 5] }] } })).toBe(false);
    expect(m({ detail: { 'c-count': [{ numeric: ['=', 5] }] } })).toBe(true);
    expect(m({ detail: { state: [{ numeric: ['>', 0] }] } })).toBe(false);
  });
  test('exists true/false (leaves only)', () => {
    expect(m({ detail: { state: [{ exists: true }] } })).toBe(true);
    expect(m({ detail: { absent: [{ exists: false }] } })).toBe(true);
    expect(m({ detail: { state: [{ exists: false }] } })).toBe(false);
    expect(m({ other: { absent: [{ exists: false }] } })).toBe(true);
  });
  test('cidr for IPv4 and IPv6', () => {
    expect(m({ detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } })).toBe(true);
    expect(m({ detail: { 'source-ip': [{ cidr: '10.0.1.0/24' }] } })).toBe(false);
    expect(m({ ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db8:0:1::5' })).toBe(true);
    expect(m({ ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db9::5' })).toBe(false);
  });
  test('$or of sub-patterns', () => {
    expect(m({ detail: { $or: [{ state: ['running'] }, { 'c-count': [{ numeric: ['>', 1] }] }] } })).toBe(true);
    expect(m({ detail: { $or: [{ state: ['running'] }, { 'c-count': [{ numeric: ['>', 10] }] }] } })).toBe(false);
  });
  test('an array of objects matches only when one element satisfies the whole nested pattern', () => {
    const event = { detail: { findings: [{ a: 'x', b: 'y' }, { a: 'z', b: 'w' }] } };
    expect(m({ detail: { findings: { a: ['x'], b: ['y'] } } }, event)).toBe(true);
    expect(m({ detail: { findings: { a: ['x'], b: ['w'] } } }, event)).toBe(false);
  });
});

describe('validation', () => {
  test.each([
    [{ source: 'aws.ec2' }, 'source: values must be listed in an array'],
    [{ source: [] }, 'source: an empty value list never matches'],
    [{ d: [{ numeric: ['>', 10, '<', 5] }] }, 'numeric range 10..5 is empty'],
    [{ d: [{ numeric: ['~', 1] }] }, "numeric operator '~' is not one of"],
    [{ d: [{ cidr: '10.0.0.0/33' }] }, "cidr '10.0.0.0/33' is not an IPv4 or IPv6 CIDR block"],
    [{ d: [{ 'anything-but': [1, 'a'] }] }, 'anything-but list must hold only strings or only numbers'],
    [{ d: [{ bogus: 1 }] }, "unknown operator 'bogus'"],
    [{ $or: [{ a: ['x'] }] }, '$or: must be an array of at least two sub-patterns'],
  ])('rejects %j', (pattern, message) => {
    expect(validateEventPattern(pattern).join('; ')).toContain(message);
  });
  test('a composition token is written unquoted so the Combine patch prints a number', () => {
    expect(eventPatternJson(guardDutyFindingsPattern(rawJson('${xr:spec.parameters.minimumSeverity}')))).toBe(
      '{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"],"detail":{"severity":[{"numeric":[">=",${xr:spec.parameters.minimumSeverity}]}]}}',
    );
  });
});

// ---------------------------------------------------------------- realistic events
const guardDutyFinding = (severity: number, type = 'UnauthorizedAccess:EC2/SSHBruteForce') => ({
  version: '0', id: 'c8c4daa7-a20c-2f03-0070-b7393dd542ad', 'detail-type': 'GuardDuty Finding', source: 'aws.guardduty',
  account: '111122223333', time: '1970-01-01T00:00:00Z', region: 'eu-west-1', resources: [],
  detail: { schemaVersion: '2.0', accountId: '111122223333', region: 'eu-west-1', id: '16afba5c5c43e07c9e3e5e2e544e95df', type, severity, title: 'SSH brute force', resource: { resourceType: 'Instance' } },
});
const securityHubFinding = (label: string, workflow = 'NEW', recordState = 'ACTIVE') => ({
  version: '0', id: 'CWE-event-id', 'detail-type': 'Security Hub Findings - Imported', source: 'aws.securityhub',
  account: '111122223333', time: '2026-08-01T00:00:00Z', region: 'eu-west-1', resources: ['arn:aws:securityhub:eu-west-1::product/aws/guardduty/x'],
  detail: { findings: [{ SchemaVersion: '2018-10-08', ProductName: 'GuardDuty', Severity: { Label: label, Normalized: 70 }, Workflow: { Status: workflow }, RecordState: recordState, Resources: [{ Type: 'AwsEc2Instance' }] }] },
});
const apiCall = (eventSource: string, eventName: string, userIdentity: Record<string, unknown> = { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/admin/x' }) => ({
  version: '0', id: 'id', 'detail-type': 'AWS API Call via CloudTrail', source: `aws.${eventSource.split('.')[0]}`,
  account: '111122223333', time: '2026-08-01T00:00:00Z', region: 'eu-west-1', resources: [],
  detail: { eventVersion: '1.08', userIdentity, eventSource, eventName, eventType: 'AwsApiCall', awsRegion: 'eu-west-1', sourceIPAddress: '203.0.113.9' },
});

describe('threat-detection rules against sample events', () => {
  test('GuardDuty rule: findings at or above the threshold, not below, not other sources', () => {
    const rule = guardDutyFindingsPattern(7);
    expect(m(rule, guardDutyFinding(8))).toBe(true);
    expect(m(rule, guardDutyFinding(7))).toBe(true);
    expect(m(rule, guardDutyFinding(6.9))).toBe(false);
    expect(m(rule, { ...guardDutyFinding(9), source: 'aws.securityhub' })).toBe(false);
  });
  test('Security Hub rule: active, untriaged CRITICAL/HIGH findings only', () => {
    const rule = securityHubCriticalFindingsPattern();
    expect(m(rule, securityHubFinding('CRITICAL'))).toBe(true);
    expect(m(rule, securityHubFinding('HIGH', 'NOTIFIED'))).toBe(true);
    expect(m(rule, securityHubFinding('MEDIUM'))).toBe(false);
    expect(m(rule, securityHubFinding('CRITICAL', 'RESOLVED'))).toBe(false);
    expect(m(rule, securityHubFinding('HIGH', 'NEW', 'ARCHIVED'))).toBe(false);
  });
  test('high-risk API rule: tampering and privilege escalation calls, and any root activity', () => {
    const rule = highRiskApiCallsPattern();
    expect(m(rule, apiCall('cloudtrail.amazonaws.com', 'StopLogging'))).toBe(true);
    expect(m(rule, apiCall('guardduty.amazonaws.com', 'CreateIPSet'))).toBe(true);
    expect(m(rule, apiCall('iam.amazonaws.com', 'CreateAccessKey'))).toBe(true);
    expect(m(rule, apiCall('kms.amazonaws.com', 'ScheduleKeyDeletion'))).toBe(true);
    expect(m(rule, apiCall('s3.amazonaws.com', 'GetObject'))).toBe(false);
    expect(m(rule, apiCall('ec2.amazonaws.com', 'DescribeInstances'))).toBe(false);
    expect(m(rule, apiCall('s3.amazonaws.com', 'ListBuckets', { type: 'Root', arn: 'arn:aws:iam::111122223333:root' }))).toBe(true);
    expect(m(rule, apiCall('s3.amazonaws.com', 'ListBuckets', { type: 'Root', invokedBy: 'support.amazonaws.com' }))).toBe(false);
  });
  test('every rule pattern stays well under the EventBridge pattern size limit (2048 characters used as budget)', () => {
    for (const p of [guardDutyFindingsPattern(7), securityHubCriticalFindingsPattern(), highRiskApiCallsPattern()]) {
      expect(eventPatternJson(p).length).toBeLessThan(2048);
    }
  });
});
