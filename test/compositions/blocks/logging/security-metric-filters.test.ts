// The security metric filters: published patterns byte-equal to their source, and proven with the
// filter-pattern evaluator against realistic CloudTrail records.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MetricFilterPattern } from '../../../../compositions/policy/metric-filter-pattern';
import { CIS_MONITORING_FILTERS, SECURITY_METRIC_FILTERS, THREAT_DETECTION_FILTERS } from '../../../../compositions/blocks/logging/security-metric-filters';

interface ControlRecord { id: string; filter_pattern: string | null; recommended_filter_pattern?: string }
const CONTROLS = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'research', 'controls.json'), 'utf8'),
) as ControlRecord[];
const record = (id: string): ControlRecord => {
  const r = CONTROLS.find((c) => c.id === id);
  if (!r) throw new Error(`controls.json has no record ${id}`);
  return r;
};

const ACCOUNT = '111122223333';
let seq = 0;
/** A CloudTrail record as CloudTrail writes it to CloudWatch Logs (management event by default). */
function ct(eventSource: string, eventName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEID:alice',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/platform-admin/alice`,
      accountId: ACCOUNT,
      accessKeyId: 'ASIAEXAMPLEKEY',
      sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/platform-admin`, userName: 'platform-admin' }, attributes: { mfaAuthenticated: 'false' } },
    },
    eventTime: `2024-05-01T10:${String(seq % 60).padStart(2, '0')}:00Z`,
    eventSource,
    eventName,
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: {},
    responseElements: null,
    requestID: `req-${seq}`,
    eventID: `evt-${seq}`,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...extra,
  };
}
const root = { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT };
const iamUser = { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:user/bob`, accountId: ACCOUNT, userName: 'bob' };
const consoleLogin = (extra: Record<string, unknown>) =>
  ct('signin.amazonaws.com', 'ConsoleLogin', { eventType: 'AwsConsoleSignIn', userIdentity: iamUser, ...extra });

/** Realistic events of the API calls each filter exists for (at least two per filter). */
const MATCHING: Record<string, Record<string, unknown>[]> = {
  'CIS-v3.0.0-4.1': [
    ct('ec2.amazonaws.com', 'DescribeInstances', { errorCode: 'Client.UnauthorizedOperation', errorMessage: 'You are not authorized to perform this operation.', readOnly: true }),
    ct('s3.amazonaws.com', 'GetBucketPolicy', { errorCode: 'AccessDenied', errorMessage: 'Access Denied', readOnly: true }),
    ct('iam.amazonaws.com', 'ListUsers', { errorCode: 'AccessDeniedException', readOnly: true }),
  ],
  'CIS-v3.0.0-4.2': [
    consoleLogin({ additionalEventData: { LoginTo: 'https://console.aws.amazon.com/', MobileVersion: 'No', MFAUsed: 'No' }, responseElements: { ConsoleLogin: 'Success' } }),
    consoleLogin({ additionalEventData: { MFAUsed: 'No' }, responseElements: { ConsoleLogin: 'Failure' }, errorMessage: 'Failed authentication' }),
  ],
  'CIS-v3.0.0-4.3': [
    ct('signin.amazonaws.com', 'ConsoleLogin', { userIdentity: root, eventType: 'AwsConsoleSignIn', additionalEventData: { MFAUsed: 'Yes' }, responseElements: { ConsoleLogin: 'Success' } }),
    ct('iam.amazonaws.com', 'CreateAccessKey', { userIdentity: root, responseElements: { accessKey: { accessKeyId: 'AKIAEXAMPLE', status: 'Active' } } }),
  ],
  'CIS-v3.0.0-4.4': [
    ct('iam.amazonaws.com', 'PutRolePolicy', { requestParameters: { roleName: 'app', policyName: 'inline', policyDocument: '{}' } }),
    ct('iam.amazonaws.com', 'AttachUserPolicy', { requestParameters: { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } }),
    ct('iam.amazonaws.com', 'CreatePolicyVersion', { requestParameters: { policyArn: `arn:aws:iam::${ACCOUNT}:policy/app`, setAsDefault: true } }),
  ],
  'CIS-v3.0.0-4.5': [
    ct('cloudtrail.amazonaws.com', 'StopLogging', { requestParameters: { name: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/zta-trail-dev` } }),
    ct('cloudtrail.amazonaws.com', 'UpdateTrail', { requestParameters: { name: 'zta-trail-dev', isMultiRegionTrail: false } }),
  ],
  'CIS-v3.0.0-4.6': [
    consoleLogin({ additionalEventData: { MFAUsed: 'No' }, responseElements: { ConsoleLogin: 'Failure' }, errorMessage: 'Failed authentication' }),
    ct('signin.amazonaws.com', 'ConsoleLogin', { userIdentity: root, eventType: 'AwsConsoleSignIn', responseElements: { ConsoleLogin: 'Failure' }, errorMessage: 'Failed authentication' }),
  ],
  'CIS-v3.0.0-4.7': [
    ct('kms.amazonaws.com', 'DisableKey', { requestParameters: { keyId: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' } }),
    ct('kms.amazonaws.com', 'ScheduleKeyDeletion', { requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', pendingWindowInDays: 7 } }),
  ],
  'CIS-v3.0.0-4.8': [
    ct('s3.amazonaws.com', 'PutBucketPolicy', { requestParameters: { bucketName: 'zta-data-111122223333-eu-west-1-dev', bucketPolicy: {} } }),
    ct('s3.amazonaws.com', 'DeleteBucketCors', { requestParameters: { bucketName: 'website', cors: '' } }),
  ],
  'CIS-v3.0.0-4.9': [
    ct('config.amazonaws.com', 'StopConfigurationRecorder', { requestParameters: { configurationRecorderName: 'zta-recorder-dev' } }),
    ct('config.amazonaws.com', 'DeleteDeliveryChannel', { requestParameters: { deliveryChannelName: 'zta-delivery-dev' } }),
  ],
  'CIS-v3.0.0-4.10': [
    ct('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', { requestParameters: { groupId: 'sg-0123', ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22 }] } } }),
    ct('ec2.amazonaws.com', 'DeleteSecurityGroup', { requestParameters: { groupId: 'sg-0123' } }),
  ],
  'CIS-v3.0.0-4.11': [
    ct('ec2.amazonaws.com', 'CreateNetworkAclEntry', { requestParameters: { networkAclId: 'acl-1', ruleNumber: 100, egress: false, ruleAction: 'allow' } }),
    ct('ec2.amazonaws.com', 'ReplaceNetworkAclAssociation', { requestParameters: { associationId: 'aclassoc-1', networkAclId: 'acl-2' } }),
  ],
  'CIS-v3.0.0-4.12': [
    ct('ec2.amazonaws.com', 'CreateInternetGateway', {}),
    ct('ec2.amazonaws.com', 'AttachInternetGateway', { requestParameters: { internetGatewayId: 'igw-1', vpcId: 'vpc-1' } }),
  ],
  'CIS-v3.0.0-4.13': [
    ct('ec2.amazonaws.com', 'CreateRoute', { requestParameters: { routeTableId: 'rtb-1', destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-1' } }),
    ct('ec2.amazonaws.com', 'DisassociateRouteTable', { requestParameters: { associationId: 'rtbassoc-1' } }),
  ],
  'CIS-v3.0.0-4.14': [
    ct('ec2.amazonaws.com', 'CreateVpc', { requestParameters: { cidrBlock: '10.0.0.0/16' } }),
    ct('ec2.amazonaws.com', 'CreateVpcPeeringConnection', { requestParameters: { vpcId: 'vpc-1', peerVpcId: 'vpc-2', peerOwnerId: '999988887777' } }),
  ],
  'CIS-v3.0.0-4.15': [
    ct('organizations.amazonaws.com', 'CreateAccount', { awsRegion: 'us-east-1', requestParameters: { accountName: 'sandbox', email: 'sandbox@example.com' } }),
    ct('organizations.amazonaws.com', 'AttachPolicy', { awsRegion: 'us-east-1', requestParameters: { policyId: 'p-1', targetId: 'ou-1' } }),
  ],
  'ZT-DERIVED-PRIVESC-IAM': [
    ct('iam.amazonaws.com', 'SetDefaultPolicyVersion', { requestParameters: { policyArn: `arn:aws:iam::${ACCOUNT}:policy/app`, versionId: 'v1' } }),
    ct('iam.amazonaws.com', 'CreateLoginProfile', { requestParameters: { userName: 'victim', passwordResetRequired: false } }),
    ct('iam.amazonaws.com', 'UpdateAssumeRolePolicy', { requestParameters: { roleName: 'admin', policyDocument: '{}' } }),
    ct('iam.amazonaws.com', 'AddUserToGroup', { requestParameters: { groupName: 'admins', userName: 'bob' } }),
    ct('iam.amazonaws.com', 'CreateAccessKey', { requestParameters: { userName: 'victim' } }),
  ],
  'ZT-DERIVED-PRIVESC-PASSROLE': [
    ct('lambda.amazonaws.com', 'CreateFunction20150331', { requestParameters: { functionName: 'x', role: `arn:aws:iam::${ACCOUNT}:role/admin`, runtime: 'python3.12' } }),
    ct('glue.amazonaws.com', 'CreateDevEndpoint', { requestParameters: { endpointName: 'dev', roleArn: `arn:aws:iam::${ACCOUNT}:role/admin` } }),
    ct('cloudformation.amazonaws.com', 'CreateStack', { requestParameters: { stackName: 's', roleARN: `arn:aws:iam::${ACCOUNT}:role/admin` } }),
    ct('lambda.amazonaws.com', 'UpdateFunctionCode20150331v2', { requestParameters: { functionName: 'x' } }),
  ],
  'ZT-PRIVESC-PASSROLE-EC2': [
    ct('ec2.amazonaws.com', 'RunInstances', { requestParameters: { instanceType: 't3.micro', iamInstanceProfile: { name: 'admin-profile' } } }),
    ct('ec2.amazonaws.com', 'AssociateIamInstanceProfile', { requestParameters: { AssociateIamInstanceProfileRequest: { InstanceId: 'i-1', IamInstanceProfile: { Name: 'admin-profile' } } } }),
  ],
  'ZT-DERIVED-SECSVC-TAMPER': [
    ct('guardduty.amazonaws.com', 'DeleteDetector', { requestParameters: { detectorId: 'abc' } }),
    ct('securityhub.amazonaws.com', 'DisableSecurityHub', {}),
    ct('ec2.amazonaws.com', 'DeleteFlowLogs', { requestParameters: { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-1' } } } }),
    ct('guardduty.amazonaws.com', 'CreateIPSet', { requestParameters: { detectorId: 'abc', activate: true, name: 'trusted' } }),
  ],
  'ZT-SECSVC-TAMPER-AUDIT': [
    ct('cloudtrail.amazonaws.com', 'StopLogging', { requestParameters: { name: 'zta-trail-dev' } }),
    ct('kms.amazonaws.com', 'ScheduleKeyDeletion', { requestParameters: { keyId: 'k', pendingWindowInDays: 7 } }),
    ct('logs.amazonaws.com', 'DeleteLogGroup', { requestParameters: { logGroupName: '/zta/cloudtrail/zta-trail-dev' } }),
    ct('monitoring.amazonaws.com', 'DeleteAlarms', { requestParameters: { alarmNames: ['zta-cis-4-3-root-account-usage-dev'] } }),
    ct('config.amazonaws.com', 'StopConfigurationRecorder', { requestParameters: { configurationRecorderName: 'zta-recorder-dev' } }),
  ],
};

/** Routine activity no security filter may count. */
const UNRELATED: Record<string, unknown>[] = [
  ct('ec2.amazonaws.com', 'DescribeInstances', { readOnly: true }),
  ct('ec2.amazonaws.com', 'RunInstances', { requestParameters: { instanceType: 't3.micro', instancesSet: { items: [{ imageId: 'ami-1' }] } } }),
  ct('ec2.amazonaws.com', 'CreateTags', { requestParameters: { resourcesSet: { items: [{ resourceId: 'i-1' }] } } }),
  ct('s3.amazonaws.com', 'GetObject', { eventCategory: 'Data', managementEvent: false, readOnly: true, requestParameters: { bucketName: 'b', key: 'k' } }),
  // CIS 4.1 exclusions: log delivery probing buckets, and HeadBucket denials.
  ct('s3.amazonaws.com', 'GetBucketAcl', { errorCode: 'AccessDenied', sourceIPAddress: 'delivery.logs.amazonaws.com', userIdentity: { type: 'AWSService', invokedBy: 'delivery.logs.amazonaws.com' } }),
  ct('s3.amazonaws.com', 'HeadBucket', { errorCode: 'AccessDenied', readOnly: true }),
  consoleLogin({ additionalEventData: { MFAUsed: 'Yes' }, responseElements: { ConsoleLogin: 'Success' } }),
  ct('sts.amazonaws.com', 'AssumeRole', { readOnly: true, requestParameters: { roleArn: `arn:aws:iam::${ACCOUNT}:role/app`, roleSessionName: 's' } }),
  ct('kms.amazonaws.com', 'Decrypt', { readOnly: true, userIdentity: { type: 'AWSService', invokedBy: 's3.amazonaws.com' }, eventType: 'AwsApiCall' }),
  ct('iam.amazonaws.com', 'GetRole', { readOnly: true, requestParameters: { roleName: 'app' } }),
  ct('lambda.amazonaws.com', 'Invoke', { eventCategory: 'Data', requestParameters: { functionName: 'x' } }),
  ct('cloudtrail.amazonaws.com', 'LookupEvents', { readOnly: true }),
  ct('config.amazonaws.com', 'DescribeConfigRules', { readOnly: true }),
  ct('logs.amazonaws.com', 'CreateLogStream', { requestParameters: { logGroupName: '/app', logStreamName: 's' } }),
  // CIS 4.3 exclusions: root actions on the user's behalf by AWS, and AWS service events.
  ct('iam.amazonaws.com', 'GetAccountSummary', { userIdentity: { ...root, invokedBy: 'support.amazonaws.com' }, readOnly: true }),
  ct('signin.amazonaws.com', 'CredentialVerification', { userIdentity: root, eventType: 'AwsServiceEvent' }),
];

describe('CIS v3.0.0 monitoring filters: the published patterns, byte for byte', () => {
  test('all 15 monitoring recommendations 4.1-4.15 have a filter, in order', () => {
    expect(CIS_MONITORING_FILTERS.map((f) => f.id)).toEqual(Array.from({ length: 15 }, (_, i) => `CIS-v3.0.0-4.${i + 1}`));
  });

  test('4.1 uses the corrected form recorded as recommended_filter_pattern (the v3 || text matches nearly every event)', () => {
    const r = record('CIS-v3.0.0-4.1');
    expect(CIS_MONITORING_FILTERS[0]!.pattern).toBe(r.recommended_filter_pattern);
    // Why: the v3.0.0 text counts an ordinary successful call; the corrected form does not.
    const ordinary = ct('ec2.amazonaws.com', 'DescribeInstances', { readOnly: true });
    expect(new MetricFilterPattern(r.filter_pattern!).matches(ordinary)).toBe(true);
    expect(new MetricFilterPattern(r.recommended_filter_pattern!).matches(ordinary)).toBe(false);
  });

  test.each(CIS_MONITORING_FILTERS.slice(1).map((f) => [f.id, f] as const))('%s is byte-equal to filter_pattern in controls.json', (id, filter) => {
    expect(filter.pattern).toBe(record(id).filter_pattern);
  });

  test.each(THREAT_DETECTION_FILTERS.filter((f) => f.id.startsWith('ZT-DERIVED-')).map((f) => [f.id, f] as const))(
    '%s is byte-equal to its derived record',
    (id, filter) => {
      expect(filter.pattern).toBe(record(id).filter_pattern);
    },
  );
});

describe('every security filter under the CloudWatch Logs pattern evaluator', () => {
  test('every filter has at least two realistic events of its API calls', () => {
    for (const f of SECURITY_METRIC_FILTERS) expect(MATCHING[f.id]?.length ?? 0).toBeGreaterThanOrEqual(2);
  });

  test.each(SECURITY_METRIC_FILTERS.map((f) => [f.id, f] as const))('%s matches each of its events', (id, filter) => {
    const pattern = new MetricFilterPattern(filter.pattern);
    for (const event of MATCHING[id]!) {
      expect({ event: `${String(event.eventSource)} ${String(event.eventName)}`, matched: pattern.matches(event) }).toEqual({
        event: `${String(event.eventSource)} ${String(event.eventName)}`,
        matched: true,
      });
    }
  });

  test.each(SECURITY_METRIC_FILTERS.map((f) => [f.id, f] as const))('%s matches none of the unrelated events', (_id, filter) => {
    const pattern = new MetricFilterPattern(filter.pattern);
    expect(UNRELATED.filter((e) => pattern.matches(e)).map((e) => e.eventName)).toEqual([]);
  });

  test('the RunInstances filter needs an instance profile (a launch without one is not a PassRole path)', () => {
    const filter = new MetricFilterPattern(THREAT_DETECTION_FILTERS.find((f) => f.id === 'ZT-PRIVESC-PASSROLE-EC2')!.pattern);
    expect(filter.matches(ct('ec2.amazonaws.com', 'RunInstances', { requestParameters: { instanceType: 't3.micro' } }))).toBe(false);
    expect(filter.matches(ct('ec2.amazonaws.com', 'RunInstances', { requestParameters: { iamInstanceProfile: { arn: `arn:aws:iam::${ACCOUNT}:instance-profile/admin` } } }))).toBe(true);
  });

  test('CIS 4.2 ignores events without additionalEventData (an unresolved selector makes != false)', () => {
    const filter = new MetricFilterPattern(CIS_MONITORING_FILTERS[1]!.pattern);
    expect(filter.matches(ct('signin.amazonaws.com', 'ConsoleLogin', { eventType: 'AwsConsoleSignIn' }))).toBe(false);
  });

  test('filter resource names, metric names and AWS names are unique', () => {
    for (const key of ['resourceName', 'metricName', 'slug'] as const) {
      const values = SECURITY_METRIC_FILTERS.map((f) => f[key]);
      expect(new Set(values).size).toBe(values.length);
    }
  });
});
