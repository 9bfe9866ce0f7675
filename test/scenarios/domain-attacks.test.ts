// Attack and no-lockout scenarios per security domain (issue 16 item 3: every domain has attack
// scenarios), over what the example claims render: each row one principal, action, resource (the
// domain's real rendered ARN), context and the expected decision, evaluated by the IAM policy
// simulator with the organization SCPs of the account and, where the domain writes one, the
// resource policy it renders. The attacker is the account's own administrator (AdministratorAccess,
// not break glass) or a principal of another account; the no-lockout rows are break glass and the
// platform's provisioning role.
import { onboarding } from '../../examples/onboarding';
import type { JsonObject } from '../../renderer/types';
import { forProvider, renderExample, resourceNamed } from '../support/render-example';
import { memberAccountScenarios, type ScenarioRow as Row } from '../support/scenario-table';

const dev = onboarding.accounts.find((a) => a.namespace === 'payments-dev')!;
const { account: ACCOUNT, region: REGION, admin: ADMIN, breakGlass: BREAK_GLASS, provisioning: PROVISIONING, attacker: ATTACKER, table, check, NAME } = memberAccountScenarios(dev.namespace);
const out = renderExample('dev-claim');
const api = renderExample('private-api');

const arnOf = (o: { resources: JsonObject[] }, name: string): string => String(((resourceNamed(o as never, name).status as JsonObject).atProvider as JsonObject).arn);
const tagsOf = (o: { resources: JsonObject[] }, name: string): Record<string, string> => Object.fromEntries(
  Object.entries((forProvider(resourceNamed(o as never, name)).tags ?? {}) as Record<string, string>).map(([k, v]) => [`aws:ResourceTag/${k}`, v]),
);
const policyOf = (o: { resources: JsonObject[] }, name: string, field = 'policy'): object => JSON.parse(String(forProvider(resourceNamed(o as never, name))[field])) as object;

/** The default key policy (delegation to the account's IAM), for KMS calls on keys whose policy is not the point. */
const accountKeyPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] };

describe('sessionManager: session logs cannot be silenced, redirected or read from outside', () => {
  const group = arnOf(out, 'sessionLogGroup');
  const bucket = `arn:aws:s3:::${String(forProvider(resourceNamed(out, 'sessionLogsBucketPolicy')).bucket)}`;
  const bucketPolicy = policyOf(out, 'sessionLogsBucketPolicy');
  const instanceRole = `arn:aws:iam::${ACCOUNT}:role/zta-ssm-instance-${dev.environment}`;
  test.each(table([
    { principal: ADMIN, action: 'logs:DeleteLogGroup', resource: group, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'logs:PutRetentionPolicy', resource: group, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'logs:PutSubscriptionFilter', resource: group, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'logs:PutBearerTokenAuthentication', resource: group, expected: 'ExplicitlyDenied' },
    { principal: BREAK_GLASS, action: 'logs:PutBearerTokenAuthentication', resource: group, expected: 'ExplicitlyDenied' },
    { principal: BREAK_GLASS, action: 'logs:PutRetentionPolicy', resource: group, expected: 'Allowed' },
    { principal: ADMIN, action: 's3:PutBucketPolicy', resource: bucket, resourcePolicy: bucketPolicy, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 's3:PutLifecycleConfiguration', resource: bucket, resourcePolicy: bucketPolicy, expected: 'ExplicitlyDenied' },
    { principal: PROVISIONING, action: 's3:PutBucketPolicy', resource: bucket, resourcePolicy: bucketPolicy, expected: 'Allowed' },
    // The SSM agent uploads session logs with the instance role and the bucket default (our key) ...
    { principal: instanceRole, action: 's3:PutObject', resource: `${bucket}/sessions/i-0abc.log`, resourcePolicy: bucketPolicy, context: { 's3:TlsVersion': '1.2', 'aws:PrincipalIsAWSService': 'false' }, expected: 'Allowed' },
    // ... but nobody may name another key, and nobody outside reads the recordings.
    { principal: ADMIN, action: 's3:PutObject', resource: `${bucket}/sessions/x.log`, resourcePolicy: bucketPolicy, context: { 's3:TlsVersion': '1.2', 'aws:PrincipalIsAWSService': 'false', 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': `arn:aws:kms:${REGION}:${ACCOUNT}:key/ffffffff-0000-0000-0000-000000000000` }, expected: 'ExplicitlyDenied' },
    { principal: ATTACKER, action: 's3:GetObject', resource: `${bucket}/sessions/i-0abc.log`, resourcePolicy: bucketPolicy, context: { 's3:TlsVersion': '1.2', 'aws:PrincipalAccount': '999988887777' }, underScps: false, expected: 'not Allowed' },
  ]))(NAME, check);
});

describe('securityHub: the hub, its standards, controls, action targets and findings stay as the baseline set them', () => {
  const hub = arnOf(out, 'hub');
  // Controls and automation rules authorize on no resource (IAM reference): the request names '*'.
  const onHub = (action: string) => (/SecurityControl|AutomationRule/.test(action) ? '*' : hub);
  test.each(table([
    ...['securityhub:DisableSecurityHub', 'securityhub:BatchDisableStandards', 'securityhub:UpdateSecurityControl', 'securityhub:DeleteActionTarget', 'securityhub:UpdateActionTarget',
      'securityhub:BatchUpdateFindings', 'securityhub:UpdateFindings', 'securityhub:CreateAutomationRule', 'securityhub:DisassociateFromAdministratorAccount']
      .map((action): Row => ({ principal: ADMIN, action, resource: onHub(action), expected: 'ExplicitlyDenied' })),
    // No lockout: break glass repairs, the platform reconciles; anyone may turn the hub back on or read findings.
    { principal: BREAK_GLASS, action: 'securityhub:UpdateSecurityControl', resource: '*', expected: 'Allowed' },
    { principal: PROVISIONING, action: 'securityhub:DeleteActionTarget', resource: hub, expected: 'Allowed' },
    { principal: ADMIN, action: 'securityhub:EnableSecurityHub', resource: hub, expected: 'Allowed' },
    { principal: ADMIN, action: 'securityhub:GetFindings', resource: hub, expected: 'Allowed' },
  ]))(NAME, check);
});

describe('webFirewall: the web ACL keeps its rules, its logging and its load balancers', () => {
  const acl = arnOf(out, 'webAcl');
  const logGroup = arnOf(out, 'wafLogGroup');
  const alb = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/payments-web/50dc6c495c0c9188`;
  test.each(table([
    ...['wafv2:UpdateWebACL', 'wafv2:DeleteWebACL', 'wafv2:DeleteLoggingConfiguration', 'wafv2:PutLoggingConfiguration']
      .map((action): Row => ({ principal: ADMIN, action, resource: acl, expected: 'ExplicitlyDenied' })),
    { principal: ADMIN, action: 'wafv2:DisassociateWebACL', resource: alb, expected: 'ExplicitlyDenied' },
    ...['logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:DisassociateKmsKey', 'logs:PutSyslogConfiguration']
      .map((action): Row => ({ principal: ADMIN, action, resource: logGroup, expected: 'ExplicitlyDenied' })),
    { principal: BREAK_GLASS, action: 'wafv2:UpdateWebACL', resource: acl, expected: 'Allowed' },
    { principal: PROVISIONING, action: 'wafv2:DisassociateWebACL', resource: alb, expected: 'Allowed' },
    // A team's own web ACL stays theirs; deleting the ALB itself is not the guardrails' business.
    { principal: ADMIN, action: 'wafv2:UpdateWebACL', resource: acl.replace('zta-web-acl', 'payments-acl'), expected: 'Allowed' },
    { principal: ADMIN, action: 'elasticloadbalancing:DeleteLoadBalancer', resource: alb, expected: 'Allowed' },
  ]))(NAME, check);
});

describe('dataProtection: account-wide S3 Block Public Access and EBS default encryption with our key stay on', () => {
  const accessLogs = `arn:aws:s3:::${String(forProvider(resourceNamed(out, 'accessLogBucketPolicy')).bucket)}`;
  test.each(table([
    ...['s3:PutAccountPublicAccessBlock', 'ec2:DisableEbsEncryptionByDefault', 'ec2:ModifyEbsDefaultKmsKeyId', 'ec2:ResetEbsDefaultKmsKeyId']
      .map((action): Row => ({ principal: ADMIN, action, resource: '*', expected: 'ExplicitlyDenied' })),
    { principal: ADMIN, action: 'ec2:EnableEbsEncryptionByDefault', resource: '*', expected: 'Allowed' },
    { principal: BREAK_GLASS, action: 'ec2:ModifyEbsDefaultKmsKeyId', resource: '*', expected: 'Allowed' },
    { principal: PROVISIONING, action: 's3:PutAccountPublicAccessBlock', resource: '*', expected: 'Allowed' },
    { principal: ADMIN, action: 's3:PutBucketPolicy', resource: accessLogs, resourcePolicy: policyOf(out, 'accessLogBucketPolicy'), expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 's3:PutInventoryConfiguration', resource: accessLogs, expected: 'ExplicitlyDenied' },
  ]))(NAME, check);
});

describe('externalKeys: BYOK keys keep their material, state, policy, aliases and grants', () => {
  const key = arnOf(out, 'byok0Blue');
  const tags = tagsOf(out, 'byok0Blue');
  const keyPolicy = policyOf(out, 'byok0Blue');
  test('the rendered BYOK key carries the tag the baseline SCP keys on', () => expect(tags['aws:ResourceTag/zerotrust.io/key-purpose']).toBe('byok'));
  test.each(table([
    ...['kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:DeleteImportedKeyMaterial', 'kms:ImportKeyMaterial', 'kms:UpdateAlias', 'kms:DeleteAlias', 'kms:RevokeGrant']
      .map((action): Row => ({ principal: ADMIN, action, resource: key, context: tags, resourcePolicy: accountKeyPolicy, expected: 'ExplicitlyDenied' })),
    // Rotation runbook (docs/runbooks/byok-key-rotation.md): break glass imports new material.
    { principal: BREAK_GLASS, action: 'kms:ImportKeyMaterial', resource: key, context: { ...tags, 'kms:ExpirationModel': 'KEY_MATERIAL_EXPIRES' }, resourcePolicy: keyPolicy, expected: 'Allowed' },
    // The key policy itself refuses material that never expires, even to break glass.
    { principal: BREAK_GLASS, action: 'kms:ImportKeyMaterial', resource: key, context: { ...tags, 'kms:ExpirationModel': 'KEY_MATERIAL_DOES_NOT_EXPIRE' }, resourcePolicy: keyPolicy, expected: 'ExplicitlyDenied' },
    { principal: PROVISIONING, action: 'kms:ScheduleKeyDeletion', resource: key, context: tags, resourcePolicy: keyPolicy, expected: 'Allowed' },
    // Use only through the listed services, never directly or from outside.
    { principal: ADMIN, action: 'kms:Decrypt', resource: key, context: { ...tags, 'kms:CallerAccount': ACCOUNT }, resourcePolicy: keyPolicy, expected: 'not Allowed' },
    { principal: ADMIN, action: 'kms:Decrypt', resource: key, context: { ...tags, 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': `s3.${REGION}.amazonaws.com` }, resourcePolicy: keyPolicy, expected: 'Allowed' },
    { principal: ATTACKER, action: 'kms:Decrypt', resource: key, context: { 'kms:CallerAccount': '999988887777', 'kms:ViaService': `s3.${REGION}.amazonaws.com` }, resourcePolicy: keyPolicy, underScps: false, expected: 'not Allowed' },
  ]))(NAME, check);
});

describe('apiGateway: the account\'s logging role and the private API stay private, logged and behind the web ACL', () => {
  const role = arnOf(out, 'apiGatewayCloudWatchRole');
  const restApi = arnOf(api, 'restApi');
  const apiTags = tagsOf(api, 'restApi');
  const apiId = String(forProvider(resourceNamed(api, 'restApiPolicy')).restApiId ?? restApi.split('/').pop());
  const invoke = `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/v1/GET/orders`;
  const apiPolicy = policyOf(api, 'restApiPolicy');
  const endpoint = String(((apiPolicy as { Statement: { Condition?: Record<string, Record<string, string>> }[] }).Statement[1]!.Condition!.StringEquals!)['aws:SourceVpce']);
  const stage = `arn:aws:apigateway:${REGION}::/restapis/${apiId}/stages/v1`;
  test.each(table([
    ...['iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy', 'iam:DeleteRole', 'iam:PutRolePermissionsBoundary']
      .map((action): Row => ({ principal: ADMIN, action, resource: role, expected: 'ExplicitlyDenied' })),
    ...['apigateway:PATCH', 'apigateway:PUT', 'apigateway:DELETE', 'apigateway:UpdateRestApiPolicy']
      .map((action): Row => ({ principal: ADMIN, action, resource: restApi, context: apiTags, expected: 'ExplicitlyDenied' })),
    { principal: ADMIN, action: 'wafv2:DisassociateWebACL', resource: stage, expected: 'ExplicitlyDenied' },
    { principal: PROVISIONING, action: 'apigateway:PATCH', resource: restApi, context: apiTags, expected: 'Allowed' },
    { principal: BREAK_GLASS, action: 'iam:UpdateAssumeRolePolicy', resource: role, expected: 'Allowed' },
    // Invocation: through the account's execute-api endpoint only (no caller identity is needed: the API is private).
    { principal: ADMIN, action: 'execute-api:Invoke', resource: invoke, context: { 'aws:SourceVpce': endpoint }, resourcePolicy: apiPolicy, expected: 'Allowed' },
    { principal: ADMIN, action: 'execute-api:Invoke', resource: invoke, context: { 'aws:SourceVpce': 'vpce-0ffffffffffffffff' }, resourcePolicy: apiPolicy, expected: 'ExplicitlyDenied' },
    { principal: ATTACKER, action: 'execute-api:Invoke', resource: invoke, context: { 'aws:PrincipalAccount': '999988887777' }, resourcePolicy: apiPolicy, underScps: false, expected: 'ExplicitlyDenied' },
  ]))(NAME, check);
});
