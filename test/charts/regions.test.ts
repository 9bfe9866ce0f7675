// Issue 12, every regional control in every allowed region: the three example claims rendered through
// dist/ (payments-dev: eu-west-1 only; payments-prod: home eu-central-1, also eu-west-1; lending-dev:
// home eu-west-1, also eu-west-2). Per allowed region: a recording AWS Config recorder with its
// delivery channel into the home bucket (global resources recorded once, at home), EBS encryption by
// default with a key of that region, the account's Access Analyzer and the GuardDuty / Security Hub
// coverage rules; global-service event rules in us-east-1 forwarding to the home region's bus.
import { App } from 'cdk8s';
import { onboarding } from '../../examples/onboarding';
import { GLOBAL_EVENTS_ALERT_PURPOSE, GLOBAL_EVENTS_FORWARD_RULE, SecurityMonitoringChart } from '../../charts/security-monitoring';
import { matchesEventPattern, type EventPattern } from '../../compositions/policy/event-pattern';
import { CIS_MONITORING_FILTERS } from '../../compositions/blocks/logging/security-metric-filters';
import { CIS_IAM_POLICY_CHANGE_EVENTS, CIS_ORGANIZATIONS_CHANGE_EVENTS } from '../../compositions/blocks/detection/security-events';
import type { JsonObject } from '../../renderer/types';
import { simulate } from '../support/iam-simulator';
import { renderCharts } from '../support/render-chart';
import { forProvider, renderExample, resourcesOfKind, type ExampleName } from '../support/render-example';

const CASES: [ExampleName, string][] = [['dev-claim', 'payments-dev'], ['prod-claim', 'payments-prod'], ['lending-claim', 'lending-dev']];
const SECURITY_ACCOUNT = onboarding.securityAccount.accountId;

const crn = (r: JsonObject): string => String(((r.metadata as JsonObject).annotations as Record<string, string>)['crossplane.io/composition-resource-name']);
const externalName = (r: JsonObject): string => String(((r.metadata as JsonObject).annotations as Record<string, string>)['crossplane.io/external-name']);
const atProvider = (r: JsonObject): JsonObject => ((r.status as JsonObject).atProvider ?? {}) as JsonObject;

describe.each(CASES)('%s (namespace %s): regional controls', (name, namespace) => {
  const account = onboarding.accounts.find((a) => a.namespace === namespace)!;
  const out = () => renderExample(name);
  const inRegion = (kind: string, region: string): JsonObject[] => resourcesOfKind(out(), kind).filter((r) => forProvider(r).region === region);
  const one = (kind: string, region: string): JsonObject => {
    const found = inRegion(kind, region);
    expect({ kind, region, count: found.length }).toEqual({ kind, region, count: 1 });
    return found[0]!;
  };

  test('renders with no problem: no two managed resources share an AWS name in one account and region', () => {
    expect(out().problems.map((p) => `${p.kind}: ${p.object}: ${p.message}`)).toEqual([]);
  });

  test.each(account.allowedRegions.map((r) => [r]))('%s: a recording Config recorder delivering into the home region\'s bucket; global resources recorded only at home', (region) => {
    const home = region === account.homeRegion;
    const recorder = one('ConfigurationRecorder.configservice.aws.upbound.io', region);
    expect(forProvider(recorder).recordingGroup).toEqual(expect.objectContaining({ allSupported: true, includeGlobalResourceTypes: home }));
    expect(externalName(recorder)).toBe(`zta-recorder-${account.environment}`);
    // lending-dev records with AWS Config's service-linked role (compliance.recorderRole), the payments accounts with AWS_ConfigRole.
    const role = namespace === 'lending-dev' ? 'aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig' : `zta-config-recorder-${account.environment}`;
    expect(forProvider(recorder).roleArn).toBe(`arn:aws:iam::${account.accountId}:role/${role}`);
    const status = one('AWSConfigurationRecorderStatus.configservice.aws.upbound.io', region);
    expect(forProvider(status).isEnabled).toBe(true);
    const channel = one('DeliveryChannel.configservice.aws.upbound.io', region);
    expect(forProvider(channel).s3BucketName).toBe(`zta-config-${account.accountId}-${account.homeRegion}-${account.environment}`);
    expect(String(forProvider(channel).s3KmsKeyArn)).toMatch(new RegExp(`^arn:aws:kms:${account.homeRegion}:${account.accountId}:key/`));
  });

  test.each(account.allowedRegions.map((r) => [r]))('%s: EBS encryption by default with a customer managed key of that region (EC2.7)', (region) => {
    expect(forProvider(one('EBSEncryptionByDefault.ec2.aws.upbound.io', region)).enabled).toBe(true);
    const keyArn = String(forProvider(one('EBSDefaultKMSKey.ec2.aws.upbound.io', region)).keyArn);
    expect(keyArn).toMatch(new RegExp(`^arn:aws:kms:${region}:${account.accountId}:key/`));
    const key = inRegion('Key.kms.aws.upbound.io', region).find((k) => atProvider(k).arn === keyArn)!;
    expect(forProvider(key)).toEqual(expect.objectContaining({ enableKeyRotation: true, deletionWindowInDays: 7, multiRegion: false }));
    expect((forProvider(key).tags as JsonObject)['zerotrust.io/key-purpose']).toBe('data');
    expect(inRegion('Alias.kms.aws.upbound.io', region).map(externalName)).toContain(`alias/data-${account.environment}`);
  });

  test.each(account.allowedRegions.map((r) => [r]))('%s: the account\'s IAM Access Analyzer (CIS 1.20)', (region) => {
    const analyzer = one('Analyzer.accessanalyzer.aws.upbound.io', region);
    expect(forProvider(analyzer).type).toBe('ACCOUNT');
    expect(atProvider(analyzer).arn).toBe(`arn:aws:access-analyzer:${region}:${account.accountId}:analyzer/zta-account-analyzer-${account.environment}`);
  });

  test.each(account.allowedRegions.map((r) => [r]))('%s: GuardDuty administered by the security account and Security Hub are checked', (region) => {
    const rules = inRegion('ConfigRule.configservice.aws.upbound.io', region);
    const byIdentifier = (id: string) => rules.filter((r) => (forProvider(r).source as JsonObject).sourceIdentifier === id);
    expect(byIdentifier('SECURITYHUB_ENABLED')).toHaveLength(1);
    const guardDuty = byIdentifier('GUARDDUTY_ENABLED_CENTRALIZED');
    expect(guardDuty).toHaveLength(1);
    expect(JSON.parse(String(forProvider(guardDuty[0]!).inputParameters))).toEqual({ CentralMonitoringAccount: SECURITY_ACCOUNT });
  });

  test('nothing regional is composed outside the allowed regions, except the global-service event forwarder in us-east-1', () => {
    const elsewhere = out().resources.filter((r) => typeof forProvider(r)?.region === 'string' && !(account.allowedRegions as readonly string[]).includes(String(forProvider(r).region)));
    const expected = account.allowedRegions.includes('us-east-1') ? [] : ['globalEventsForwardRule', 'globalEventsForwardTarget'];
    expect(elsewhere.map(crn).sort()).toEqual(expected);
  });

  test('slot resources exist exactly for the allowed regions besides home', () => {
    const slots = new Set(out().resources.map(crn).filter((n) => /Region\d$/.test(n)).map((n) => /Region(\d)$/.exec(n)![1]));
    const expected = account.allowedRegions.flatMap((r, i) => (r === account.homeRegion ? [] : [String(i)]));
    expect([...slots].sort()).toEqual(expected);
  });
});

test('a one-region account (payments-dev) composes no region-slot resource', () => {
  expect(renderExample('dev-claim').resources.map(crn).filter((n) => /Region\d/.test(n))).toEqual([]);
});

describe('global-service events (IAM, Organizations, sign-in) reach the alert topic from us-east-1', () => {
  const out = () => renderExample('lending-claim');
  const account = onboarding.accounts.find((a) => a.namespace === 'lending-dev')!;
  const named = (n: string): JsonObject => {
    const found = out().resources.filter((r) => crn(r) === n);
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const homeBus = `arn:aws:events:${account.homeRegion}:${account.accountId}:event-bus/default`;
  const forwardRuleArn = `arn:aws:events:us-east-1:${account.accountId}:rule/${GLOBAL_EVENTS_FORWARD_RULE}-dev`;

  test('a rule in us-east-1 forwards to the home region\'s default bus through a role; a rule there alerts the topic', () => {
    const forward = named('globalEventsForwardRule');
    expect(forProvider(forward)).toEqual(expect.objectContaining({ region: 'us-east-1', eventBusName: 'default', state: 'ENABLED' }));
    expect(atProvider(forward).arn).toBe(forwardRuleArn);
    const target = named('globalEventsForwardTarget');
    expect(forProvider(target)).toEqual(expect.objectContaining({
      region: 'us-east-1', rule: `${GLOBAL_EVENTS_FORWARD_RULE}-dev`, arn: homeBus, roleArn: `arn:aws:iam::${account.accountId}:role/zta-global-events-forwarder-dev`,
    }));
    const alert = named('globalEventsRule');
    expect(forProvider(alert)).toEqual(expect.objectContaining({ region: account.homeRegion, eventPattern: forProvider(forward).eventPattern }));
    expect(externalName(alert)).toBe(`zta-${GLOBAL_EVENTS_ALERT_PURPOSE}-dev`);
    expect(forProvider(named('globalEventsAlertTarget'))).toEqual(expect.objectContaining({
      region: account.homeRegion, arn: `arn:aws:sns:${account.homeRegion}:${account.accountId}:zta-security-alarms-dev`,
    }));
  });

  test('the pattern matches console sign-in without MFA, IAM policy and Organizations changes, root; not a sign-in with MFA or a regional call', () => {
    const pattern = JSON.parse(String(forProvider(named('globalEventsForwardRule')).eventPattern)) as EventPattern;
    const apiCall = (source: string, eventSource: string, eventName: string, type = 'IAMUser') => ({
      source, 'detail-type': 'AWS API Call via CloudTrail', region: 'us-east-1',
      detail: { eventSource, eventName, eventType: 'AwsApiCall', userIdentity: { type } },
    });
    const signIn = (mfa: string) => ({
      source: 'aws.signin', 'detail-type': 'AWS Console Sign In via CloudTrail', region: 'us-east-1',
      detail: { eventName: 'ConsoleLogin', eventType: 'AwsConsoleSignIn', userIdentity: { type: 'IAMUser' }, additionalEventData: { MFAUsed: mfa }, responseElements: { ConsoleLogin: 'Success' } },
    });
    expect(matchesEventPattern(pattern, signIn('No'))).toBe(true);
    expect(matchesEventPattern(pattern, signIn('Yes'))).toBe(false);
    expect(matchesEventPattern(pattern, apiCall('aws.iam', 'iam.amazonaws.com', 'AttachRolePolicy'))).toBe(true);
    expect(matchesEventPattern(pattern, apiCall('aws.iam', 'iam.amazonaws.com', 'ListRoles'))).toBe(false);
    expect(matchesEventPattern(pattern, apiCall('aws.organizations', 'organizations.amazonaws.com', 'LeaveOrganization'))).toBe(true);
    expect(matchesEventPattern(pattern, apiCall('aws.iam', 'iam.amazonaws.com', 'ListRoles', 'Root'))).toBe(true);
    expect(matchesEventPattern(pattern, apiCall('aws.ec2', 'ec2.amazonaws.com', 'RunInstances', 'Root'))).toBe(false);
  });

  test('the IAM and Organizations event names are exactly those of the published CIS 4.4 and 4.15 metric filters', () => {
    const names = (id: string) => [...CIS_MONITORING_FILTERS.find((f) => f.id === id)!.pattern.matchAll(/\$\.eventName\s*=\s*"?([A-Za-z]+)"?/g)].map((m) => m[1]!).sort();
    expect([...CIS_IAM_POLICY_CHANGE_EVENTS].sort()).toEqual(names('CIS-v3.0.0-4.4'));
    expect([...CIS_ORGANIZATIONS_CHANGE_EVENTS].sort()).toEqual(names('CIS-v3.0.0-4.15'));
    expect(names('CIS-v3.0.0-4.15')).toHaveLength(18);
  });

  test('only the forwarding rule can make EventBridge assume the role, and the role only puts events on the home bus', async () => {
    const role = named('globalEventsForwarderRole');
    const trust = JSON.parse(String(forProvider(role).assumeRolePolicy)) as object;
    const roleArn = `arn:aws:iam::${account.accountId}:role/zta-global-events-forwarder-dev`;
    const assume = (sourceArn: string) => simulate({
      principal: 'events.amazonaws.com', action: 'sts:AssumeRole', resource: roleArn, resourceAccount: account.accountId, resourcePolicy: trust,
      context: { 'aws:SourceAccount': account.accountId, 'aws:SourceArn': sourceArn },
    });
    expect((await assume(forwardRuleArn)).result).toBe('Allowed');
    expect((await assume(`arn:aws:events:us-east-1:${account.accountId}:rule/other`)).result).toBe('ImplicitlyDenied');
    const permissions = JSON.parse(String(forProvider(named('globalEventsForwarderRolePolicy')).policy)) as object;
    const put = (bus: string) => simulate({ principal: roleArn, action: 'events:PutEvents', resource: bus, identityPolicies: [permissions], context: { 'aws:PrincipalArn': roleArn } });
    expect((await put(homeBus)).result).toBe('Allowed');
    expect((await put(`arn:aws:events:us-east-1:${account.accountId}:event-bus/default`)).result).toBe('ImplicitlyDenied');
    expect(forProvider(role).permissionsBoundary).toBe(`arn:aws:iam::${account.accountId}:policy/zta-permissions-boundary-dev`);
  });

  test('the alert topic admits the home region\'s global-events rule', async () => {
    const topicArn = `arn:aws:sns:${account.homeRegion}:${account.accountId}:zta-security-alarms-dev`;
    const policy = JSON.parse(String(forProvider(named('securityAlarmTopic')).policy)) as object;
    const r = await simulate({
      principal: 'events.amazonaws.com', action: 'sns:Publish', resource: topicArn, resourceAccount: account.accountId, resourcePolicy: policy,
      context: { 'aws:SecureTransport': 'true', 'aws:SourceAccount': account.accountId, 'aws:SourceArn': `arn:aws:events:${account.homeRegion}:${account.accountId}:rule/zta-${GLOBAL_EVENTS_ALERT_PURPOSE}-dev` },
    });
    expect(r.result).toBe('Allowed');
  });
});

describe('a region\'s EBS key, evaluated by the IAM policy simulator (lending-dev, eu-west-2)', () => {
  const account = onboarding.accounts.find((a) => a.namespace === 'lending-dev')!;
  const key = () => renderExample('lending-claim').resources.find((r) => crn(r) === 'dataKeyRegion1')!;
  const use = (action: string, context: Record<string, string>, principal = `arn:aws:iam::${account.accountId}:role/app`) => simulate({
    principal, action, resource: String(atProvider(key()).arn), resourceAccount: account.accountId,
    resourcePolicy: JSON.parse(String(forProvider(key()).policy)) as object,
    identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
    context: { 'aws:PrincipalArn': principal, 'kms:CallerAccount': account.accountId, ...context },
  });

  test('principals of the account use it through EC2 of eu-west-2 only', async () => {
    expect(forProvider(key()).region).toBe('eu-west-2');
    expect((await use('kms:GenerateDataKeyWithoutPlaintext', { 'kms:ViaService': 'ec2.eu-west-2.amazonaws.com' })).result).toBe('Allowed');
    expect((await use('kms:GenerateDataKeyWithoutPlaintext', { 'kms:ViaService': 'ec2.eu-west-1.amazonaws.com' })).result).toBe('ImplicitlyDenied');
    expect((await use('kms:Decrypt', { 'kms:ViaService': 's3.eu-west-2.amazonaws.com' })).result).toBe('ImplicitlyDenied');
    expect((await use('kms:Decrypt', {})).result).toBe('ImplicitlyDenied');
  });

  test('EC2 Auto Scaling creates volume grants through EC2 of eu-west-2', async () => {
    const autoScaling = `arn:aws:iam::${account.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
    const r = await use('kms:CreateGrant', { 'kms:ViaService': 'ec2.eu-west-2.amazonaws.com', 'kms:GrantIsForAWSResource': 'true' }, autoScaling);
    expect(r.result).toBe('Allowed');
  });
});

describe('an account whose home region is us-east-1', () => {
  // XSecurityMonitoring rendered alone (its inputs given as the claim's composite would give them).
  const xr = (region: string): JsonObject => ({
    apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XSecurityMonitoring', metadata: { name: `monitoring-${region}` },
    spec: { parameters: {
      accountId: '111122223333', region, environmentSuffix: 'dev', alarmEndpoint: 'secops@example.com',
      messagingKeyArn: `arn:aws:kms:${region}:111122223333:key/0b3a1c8e-5f2d-4e6a-9b7c-1d2e3f4a5b6c`,
      trailLogGroupName: '/zta/cloudtrail/zta-trail-dev', permissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/zta-permissions-boundary-dev',
    } },
  });
  const build = (app: App) => [new SecurityMonitoringChart(app, 'security-monitoring')];

  test('needs no forwarder: the global-service events arrive on its own default bus, where the alert rule is', () => {
    const out = renderCharts(build, xr('us-east-1'));
    expect(out.problems).toEqual([]);
    const names = out.resources.map(crn);
    expect(names.filter((n) => n.startsWith('globalEvents')).sort()).toEqual(['globalEventsAlertTarget', 'globalEventsAlertTargetUsesGlobalEventsRule', 'globalEventsRule']);
    expect(forProvider(out.resources.find((r) => crn(r) === 'globalEventsRule')!).region).toBe('us-east-1');
  });

  test('elsewhere (eu-west-3) the forwarder, its target and role are composed in us-east-1', () => {
    const out = renderCharts(build, xr('eu-west-3'));
    expect(out.problems).toEqual([]);
    const forward = out.resources.filter((r) => ['globalEventsForwardRule', 'globalEventsForwardTarget'].includes(crn(r)));
    expect(forward.map((r) => forProvider(r).region)).toEqual(['us-east-1', 'us-east-1']);
    expect(out.resources.map(crn)).toContain('globalEventsForwarderRole');
  });
});
