// Permissions-boundary scenarios (issue 13 items 2 and 4), in table form: each row one principal,
// action, resource, context and the expected decision, evaluated by the IAM policy simulator with
// AdministratorAccess as the identity policy and the boundary the dev claim renders. The simulator
// derives no request keys, so every row carries aws:PrincipalArn (the key the exemptions test).
// - escalation and tampering by a bounded administrator (neither break-glass nor the platform): denied;
// - repairs by break-glass (every control the baseline deploys): allowed; its own escalation: denied;
// - the provisioning role creating and deleting every kind the example renders compose: allowed.
import { onboarding } from '../../examples/onboarding';
import {
  BASELINE_BUCKET_TAMPERING_ACTIONS,
  IAM_CREDENTIAL_CREATION_ACTIONS,
  IAM_POLICY_REWRITE_ACTIONS,
  IAM_ROLE_TAMPERING_ACTIONS,
  SECURITY_SERVICE_TAMPERING_ACTIONS,
} from '../../compositions/blocks/identity/permissions-boundary';
import { KIND_GUARDRAILS } from '../../compositions/blocks/organization/kind-guardrails';
import { ALLOW_ALL, simulate, type SimulationResult } from '../support/iam-simulator';
import { EXAMPLE_CLAIMS, forProvider, renderExample, resourceNamed, type ExampleName } from '../support/render-example';
import { crdOf, kindOf } from '../support/destructive-actions';

const dev = onboarding.accounts.find((a) => a.environment === 'dev' && a.namespace === 'payments-dev')!;
const ACCOUNT = dev.accountId;
const REGION = dev.homeRegion;
const boundary = JSON.parse(String(forProvider(resourceNamed(renderExample('dev-claim'), 'permissionsBoundary')).policy)) as object;
const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/zta-permissions-boundary-dev`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const ADMIN = role('zta-app-admin-dev');
const BREAK_GLASS = role('zta-break-glass-dev');
const PROVISIONING = dev.provider.roleArn;
const TRAIL_BUCKET = `arn:aws:s3:::zta-trail-${ACCOUNT}-${REGION}-dev`;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/da02a2ff-2a1a-4a70-a0e3-4c62cdeb3779`;
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
// KMS also needs the key policy to allow: the default one, trusting the account (the rendered key
// policies are exercised in resource-policies.test.ts).
const DEFAULT_KEY_POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] };

interface Row { readonly principal: string; readonly action: string; readonly resource: string; readonly context?: Record<string, string>; readonly expected: SimulationResult }

async function decide(r: Row): Promise<SimulationResult> {
  return (await simulate({
    principal: r.principal, action: r.action, resource: r.resource, resourceAccount: ACCOUNT,
    identityPolicies: [ALLOW_ALL], permissionsBoundaries: [boundary],
    context: { 'aws:PrincipalArn': r.principal, ...(r.context ?? {}) },
    ...(r.action.startsWith('kms:') ? { resourcePolicy: DEFAULT_KEY_POLICY } : {}),
  })).result;
}
const short = (arn: string) => arn.replace(/^arn:aws:iam::\d+:role\//, '');
const rows = (list: Row[]) => list.map((r) => [short(r.principal), r.action, r.resource, JSON.stringify(r.context ?? {}), r.expected, r] as const);
const run = async (...args: readonly [string, string, string, string, SimulationResult, Row]) => expect(await decide(args[5])).toBe(args[4]);

/** The resource a security-service action is tried on (the account's own, or `*` where IAM has no resource). */
const serviceResource = (action: string) => (action.startsWith('kms:') ? KEY : '*');
/** The trail bucket, or one of its log objects for object-level actions. */
const bucketResource = (action: string) => (/Object(?!Lock)|BypassGovernance/.test(action) ? `${TRAIL_BUCKET}/AWSLogs/${ACCOUNT}/x.json.gz` : TRAIL_BUCKET);
/** What an identity- or credential-creating action names: a user, a group, or an identity provider. */
const credentialResource = (action: string, user: string) => {
  if (/OpenIDConnect/.test(action)) return `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
  if (/SAML/.test(action)) return `arn:aws:iam::${ACCOUNT}:saml-provider/corporate-idp`;
  if (action === 'iam:AddUserToGroup') return `arn:aws:iam::${ACCOUNT}:group/admins`;
  return `arn:aws:iam::${ACCOUNT}:user/${user}`;
};
/** Attach actions carry the policy being attached. */
const attachContext = (action: string, policyArn: string) => (/^iam:Attach(Role|User|Group)Policy$/.test(action) ? { 'iam:PolicyARN': policyArn } : undefined);
/** CreateRole / Put*PermissionsBoundary carry the boundary being set. */
const boundaryContext = (action: string, arn: string) => (/^iam:(CreateRole|Put(Role|User)PermissionsBoundary)$/.test(action) ? { 'iam:PermissionsBoundary': arn } : undefined);

describe('a bounded administrator cannot escalate (denied)', () => {
  test.each(rows([
    ...IAM_CREDENTIAL_CREATION_ACTIONS.map((action): Row => ({ principal: ADMIN, action, resource: credentialResource(action, 'someone-else'), expected: 'ExplicitlyDenied' })),
    // Rewriting the boundary, and rolling it back to an older version.
    ...IAM_POLICY_REWRITE_ACTIONS.filter((a) => !a.endsWith('PermissionsBoundary')).map((action): Row => ({ principal: ADMIN, action, resource: BOUNDARY_ARN, expected: 'ExplicitlyDenied' })),
    { principal: ADMIN, action: 'iam:DeleteRolePermissionsBoundary', resource: ADMIN, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:DeleteUserPermissionsBoundary', resource: `arn:aws:iam::${ACCOUNT}:user/legacy`, expected: 'ExplicitlyDenied' },
    // Granting itself more, or a new trust.
    { principal: ADMIN, action: 'iam:AttachRolePolicy', resource: ADMIN, context: { 'iam:PolicyARN': ADMIN_POLICY }, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:AttachRolePolicy', resource: role('app-worker'), context: { 'iam:PolicyARN': ADMIN_POLICY }, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:AttachUserPolicy', resource: `arn:aws:iam::${ACCOUNT}:user/legacy`, context: { 'iam:PolicyARN': ADMIN_POLICY }, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:AttachGroupPolicy', resource: `arn:aws:iam::${ACCOUNT}:group/admins`, context: { 'iam:PolicyARN': ADMIN_POLICY }, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:PutRolePolicy', resource: ADMIN, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:PutUserPolicy', resource: `arn:aws:iam::${ACCOUNT}:user/legacy`, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:PutGroupPolicy', resource: `arn:aws:iam::${ACCOUNT}:group/admins`, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:UpdateAssumeRolePolicy', resource: ADMIN, expected: 'ExplicitlyDenied' },
    // Roles without the boundary, outside the bounded prefix, or passing an unbounded role.
    { principal: ADMIN, action: 'iam:CreateRole', resource: role('zta-escape'), expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:CreateRole', resource: role('zta-escape'), context: { 'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/PowerUserAccess' }, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:CreateRole', resource: role('escape'), context: { 'iam:PermissionsBoundary': BOUNDARY_ARN }, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:PutRolePermissionsBoundary', resource: role('zta-app-worker'), context: { 'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/PowerUserAccess' }, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:PassRole', resource: role('legacy-admin'), context: { 'iam:PassedToService': 'ec2.amazonaws.com' }, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:PassRole', resource: role('legacy-admin'), context: { 'iam:PassedToService': 'lambda.amazonaws.com' }, expected: 'ExplicitlyDenied' },
    { principal: ADMIN, action: 'iam:PassRole', resource: BREAK_GLASS, context: { 'iam:PassedToService': 'ec2.amazonaws.com' }, expected: 'ExplicitlyDenied' },
  ]))('%s: %s on %s with %s -> %s', run);
});

describe('a bounded administrator cannot tamper with the baseline (denied)', () => {
  test.each(rows([
    ...SECURITY_SERVICE_TAMPERING_ACTIONS.map((action): Row => ({ principal: ADMIN, action, resource: serviceResource(action), expected: 'ExplicitlyDenied' })),
    ...BASELINE_BUCKET_TAMPERING_ACTIONS.map((action): Row => ({ principal: ADMIN, action, resource: bucketResource(action), expected: 'ExplicitlyDenied' })),
    ...IAM_ROLE_TAMPERING_ACTIONS.map((action): Row => ({ principal: ADMIN, action, resource: BREAK_GLASS, ...(attachContext(action, 'arn:aws:iam::aws:policy/AWSDenyAll') ?? boundaryContext(action, BOUNDARY_ARN) ? { context: attachContext(action, 'arn:aws:iam::aws:policy/AWSDenyAll') ?? boundaryContext(action, BOUNDARY_ARN) } : {}), expected: 'ExplicitlyDenied' })),
  ]))('%s: %s on %s with %s -> %s', run);
});

describe('break-glass repairs every control (allowed) and still cannot escalate (denied)', () => {
  const RECORDER_ROLE = role('zta-config-recorder-dev');
  test.each(rows([
    ...SECURITY_SERVICE_TAMPERING_ACTIONS.map((action): Row => ({ principal: BREAK_GLASS, action, resource: serviceResource(action), expected: 'Allowed' })),
    ...BASELINE_BUCKET_TAMPERING_ACTIONS.map((action): Row => ({ principal: BREAK_GLASS, action, resource: bucketResource(action), expected: 'Allowed' })),
    // Every repair of a baseline role but removing its boundary (that stays denied, below).
    ...IAM_ROLE_TAMPERING_ACTIONS.filter((a) => a !== 'iam:DeleteRolePermissionsBoundary').map((action): Row => ({ principal: BREAK_GLASS, action, resource: RECORDER_ROLE, ...(attachContext(action, 'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole') ?? boundaryContext(action, BOUNDARY_ARN) ? { context: attachContext(action, 'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole') ?? boundaryContext(action, BOUNDARY_ARN) } : {}), expected: 'Allowed' })),
    // The repairs the issue names, on their real resources.
    { principal: BREAK_GLASS, action: 'kms:PutKeyPolicy', resource: KEY, expected: 'Allowed' },
    { principal: BREAK_GLASS, action: 's3:PutBucketPolicy', resource: TRAIL_BUCKET, expected: 'Allowed' },
    { principal: BREAK_GLASS, action: 'config:PutConfigurationRecorder', resource: '*', expected: 'Allowed' },
    { principal: BREAK_GLASS, action: 'cloudwatch:PutMetricAlarm', resource: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:zta-root-usage-dev`, expected: 'Allowed' },
    { principal: BREAK_GLASS, action: 'iam:PassRole', resource: RECORDER_ROLE, context: { 'iam:PassedToService': 'config.amazonaws.com' }, expected: 'Allowed' },
    { principal: BREAK_GLASS, action: 'iam:CreateRole', resource: role('zta-replacement-dev'), context: { 'iam:PermissionsBoundary': BOUNDARY_ARN }, expected: 'Allowed' },
    // Still bounded: no new identities or keys, no boundary rewrite or rollback, no unbounded role.
    ...IAM_CREDENTIAL_CREATION_ACTIONS.map((action): Row => ({ principal: BREAK_GLASS, action, resource: credentialResource(action, 'backdoor'), expected: 'ExplicitlyDenied' })),
    ...IAM_POLICY_REWRITE_ACTIONS.filter((a) => !a.endsWith('PermissionsBoundary')).map((action): Row => ({ principal: BREAK_GLASS, action, resource: BOUNDARY_ARN, expected: 'ExplicitlyDenied' })),
    { principal: BREAK_GLASS, action: 'iam:DeleteRolePermissionsBoundary', resource: BREAK_GLASS, expected: 'ExplicitlyDenied' },
    { principal: BREAK_GLASS, action: 'iam:DeleteRolePermissionsBoundary', resource: RECORDER_ROLE, expected: 'ExplicitlyDenied' },
    { principal: BREAK_GLASS, action: 'iam:CreateRole', resource: role('zta-escape'), expected: 'ExplicitlyDenied' },
    { principal: BREAK_GLASS, action: 'iam:CreateRole', resource: role('escape'), context: { 'iam:PermissionsBoundary': BOUNDARY_ARN }, expected: 'ExplicitlyDenied' },
    { principal: BREAK_GLASS, action: 'iam:PassRole', resource: role('legacy-admin'), context: { 'iam:PassedToService': 'ec2.amazonaws.com' }, expected: 'ExplicitlyDenied' },
    { principal: BREAK_GLASS, action: 'iam:AttachRolePolicy', resource: role('legacy-admin'), context: { 'iam:PolicyARN': ADMIN_POLICY }, expected: 'ExplicitlyDenied' },
    { principal: BREAK_GLASS, action: 'iam:UpdateAssumeRolePolicy', resource: role('legacy-admin'), expected: 'ExplicitlyDenied' },
  ]))('%s: %s on %s with %s -> %s', run);
});

/** The resource a provisioning action is tried on: the baseline's own where it matters to a deny. */
const provisioningResource = (action: string) => {
  if (/^iam:\w+Policy(Version)?$/.test(action) && !/Role|Account/.test(action)) return BOUNDARY_ARN;
  if (/InstanceProfile$/.test(action)) return `arn:aws:iam::${ACCOUNT}:instance-profile/zta-ssm-instance-dev`;
  if (action.startsWith('iam:') && /Role/.test(action)) return role('zta-config-recorder-dev');
  if (action.startsWith('s3:') && action !== 's3:PutAccountPublicAccessBlock') return bucketResource(action);
  if (action.startsWith('kms:') && action !== 'kms:CreateKey') return KEY;
  return '*';
};

describe('the provisioning role creates and deletes every kind the example renders compose (allowed)', () => {
  // Managed kinds only: Crossplane's own objects (ClusterUsage, nested composites) are not AWS resources.
  const rendered = [...new Set((Object.keys(EXAMPLE_CLAIMS) as ExampleName[]).flatMap((n) => renderExample(n).resources)
    .filter((r) => String(r.apiVersion).split('/')[0]!.endsWith('upbound.io')).map((r) => crdOf(kindOf(r))))].sort();

  test('every rendered kind has its create/delete actions in KIND_GUARDRAILS (compositions/blocks/organization/kind-guardrails.ts)', () => {
    expect(rendered.filter((k) => !KIND_GUARDRAILS[k]?.provisioning)).toEqual([]);
    expect(rendered.length).toBeGreaterThanOrEqual(60);
  });

  const actions = [...new Set(Object.values(KIND_GUARDRAILS).flatMap((k) => k.provisioning ?? []))].sort();
  test.each(rows(actions.map((action): Row => {
    const context = attachContext(action, 'arn:aws:iam::aws:policy/AdministratorAccess') ?? boundaryContext(action, BOUNDARY_ARN);
    return { principal: PROVISIONING, action, resource: provisioningResource(action), ...(context ? { context } : {}), expected: 'Allowed' };
  })))('%s: %s on %s with %s -> %s', run);
});
