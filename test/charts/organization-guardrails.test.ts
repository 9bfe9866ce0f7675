// XOrganizationGuardrails, as the organization composite generated into deploy/onboarding/organization.yaml
// composes it, rendered through the package to convergence with the simulated provider (and its AWS
// Organizations model, tested in test/renderer/aws/organizations.test.ts): every guardrail target gets its
// SCPs and RCPs, no name collides, no target goes over its quota, the region guardrails keep payments-dev
// out of eu-west-2 while lending-dev may use it (IAM simulator over the rendered SCPs), the data perimeter
// holds, and everything validates and is admitted.
import { onboarding } from '../../examples/onboarding';
import { OnboardingNames } from '../../compositions/package/onboarding';
import { SCP_MAX_CHARACTERS, SCP_MAX_PER_TARGET } from '../../compositions/policy/scp';
import { RCP_MAX_CHARACTERS, RCP_MAX_PER_TARGET } from '../../compositions/policy/rcp';
import { deleteClaim } from '../../renderer/crossplane/deletion';
import { render, type RenderOutput } from '../../renderer/render';
import type { Json, JsonObject } from '../../renderer/types';
import { Validator, formatProblem } from '../../validator/validate';
import { ValidatingAdmissionPolicyEvaluator } from '../../validator/admission/dispatcher';
import { cluster, policySet } from '../support/admission-policies';
import { ALLOW_ALL, simulate } from '../support/iam-simulator';
import { organizationScps } from '../support/organization-scps';
import { onboardingObjects } from '../support/onboarding';
import { packageApis } from '../support/render-example';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

const objects = onboardingObjects();
const xr = objects.find((o) => o.kind === 'XZeroTrustOrganization')!;
const providerConfigs = objects.filter((o) => o.kind === 'ProviderConfig');
const renderOrganization = (extra: JsonObject[] = [], options: { organizationManagementAccountId?: string } = {}): RenderOutput =>
  render({ claimOrXr: xr, ...packageApis(), clusterObjects: [...providerConfigs, ...extra], ...options });
const out = renderOrganization();

const spec = (o: JsonObject): JsonObject => o.spec as JsonObject;
const fp = (o: JsonObject): JsonObject => spec(o).forProvider as JsonObject;
const at = (o: JsonObject): JsonObject => ((o.status as JsonObject | undefined)?.atProvider ?? {}) as JsonObject;
const ofKind = (o: RenderOutput, kind: string): JsonObject[] => o.resources.filter((r) => r.kind === kind && String(r.apiVersion).startsWith('organizations.aws.upbound.io/'));
const policies = ofKind(out, 'Policy');
const attachments = ofKind(out, 'PolicyAttachment');
const policyById = (id: unknown): JsonObject => policies.find((p) => at(p).id === id)!;
const policyNamed = (name: string): JsonObject => {
  const hits = policies.filter((p) => fp(p).name === name);
  if (hits.length !== 1) throw new Error(`expected one policy named ${name}, found ${hits.length} (have ${policies.map((p) => fp(p).name).join(', ')})`);
  return hits[0]!;
};
/** target id -> names of the policies attached directly to it, by type */
const attachedTo = (target: string, type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY'): string[] =>
  attachments.filter((a) => fp(a).targetId === target).map((a) => policyById(fp(a).policyId)).filter((p) => fp(p).type === type).map((p) => String(fp(p).name)).sort();
const ready = (o: JsonObject): unknown => (((o.status as JsonObject | undefined)?.conditions ?? []) as JsonObject[]).find((c) => c.type === 'Ready')?.status;

describe('the organization composite, rendered', () => {
  test('converges Ready with no problem: every composed resource validates against its CRD and every name meets AWS\'s rules', () => {
    expect(out.problems).toEqual([]);
    expect(out.converged).toBe(true);
    expect(ready(out.composite)).toBe('True');
    expect(out.resources.filter((r) => r.kind === 'XOrganizationGuardrails')).toHaveLength(1);
  });

  test('every target gets exactly its policies: protections on the OUs, a region guardrail on each account', () => {
    const SCP = 'SERVICE_CONTROL_POLICY';
    const RCP = 'RESOURCE_CONTROL_POLICY';
    expect(attachedTo('ou-ab12-devaccts', SCP)).toEqual(['zta-protect-baseline-ou-ab12-devaccts-org', 'zta-protect-organization-org']);
    expect(attachedTo('ou-ab12-prodaccts', SCP)).toEqual(['zta-protect-baseline-ou-ab12-prodaccts-org', 'zta-protect-organization-org']);
    for (const target of ['ou-ab12-devaccts', 'ou-ab12-prodaccts']) expect(attachedTo(target, RCP)).toEqual(['zta-data-perimeter-org']);
    for (const a of onboarding.accounts) {
      expect(attachedTo(a.accountId, SCP)).toEqual([`zta-account-guardrail-${a.accountId}-org`]);
      expect(attachedTo(a.accountId, RCP)).toEqual([]);
    }
    // The OU's shared policies are not attached again to the accounts in it.
    expect(attachments).toHaveLength(2 * 3 + onboarding.accounts.length);
  });

  test('no two policies share a name; shared ones carry the organization\'s environment, per-target ones the target id', () => {
    const names = policies.map((p) => String(fp(p).name));
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual([
      'zta-account-guardrail-111122223333-org', 'zta-account-guardrail-222233334444-org', 'zta-account-guardrail-444455556666-org',
      'zta-data-perimeter-org',
      'zta-protect-baseline-ou-ab12-devaccts-org', 'zta-protect-baseline-ou-ab12-prodaccts-org',
      'zta-protect-organization-org',
    ]);
  });

  test(`no target is over its quota: at most ${SCP_MAX_PER_TARGET - 1} direct SCPs with FullAWSAccess (one left for the customer), RCPs well under ${RCP_MAX_PER_TARGET}`, () => {
    const targets = new Set(attachments.map((a) => String(fp(a).targetId)));
    for (const t of targets) {
      expect(1 + attachedTo(t, 'SERVICE_CONTROL_POLICY').length).toBeLessThanOrEqual(SCP_MAX_PER_TARGET - 1);
      expect(1 + attachedTo(t, 'RESOURCE_CONTROL_POLICY').length).toBeLessThanOrEqual(RCP_MAX_PER_TARGET - 3);
    }
    for (const p of policies) expect(String(fp(p).content).length).toBeLessThanOrEqual(fp(p).type === 'SERVICE_CONTROL_POLICY' ? SCP_MAX_CHARACTERS : RCP_MAX_CHARACTERS);
  });

  test('only the management account\'s ProviderConfig reconciles Organizations resources, and they live in the management account', () => {
    for (const r of [...policies, ...attachments]) expect((spec(r).providerConfigRef as JsonObject).name).toBe(OnboardingNames.managementProviderConfig);
    for (const p of policies) expect(String(at(p).arn)).toMatch(new RegExp(`^arn:aws:organizations::${onboarding.managementAccount.accountId}:policy/o-[a-z0-9]+/${String(fp(p).type).toLowerCase()}/p-`));
  });

  test('every deletion is ordered: each attachment is deleted before its policy (ClusterUsage)', () => {
    // The guardrails' usages (the security administration composes its own, tested with it).
    const usages = out.resources.filter((r) => r.kind === 'ClusterUsage' && (spec(r).of as JsonObject).kind === 'Policy');
    expect(usages).toHaveLength(attachments.length);
    for (const u of usages) {
      expect((spec(u).of as JsonObject).kind).toBe('Policy');
      expect((spec(u).by as JsonObject).kind).toBe('PolicyAttachment');
      expect(ready(u)).toBe('True');
    }
  });

  test('deleting the organization composite removes every policy only after all its attachments, whichever order the deletes come in', () => {
    for (const result of [deleteClaim(out), deleteClaim(out, { withinWave: 'reverse' }), deleteClaim(out, { policy: 'Foreground' })]) {
      expect(result.problems).toEqual([]);
      expect(result.complete).toBe(true);
      const awsDeleted = (o: JsonObject): number => result.order.find((d) => d.object === `${String(o.kind)}/${String((o.metadata as JsonObject).name)}`)!.awsDeletedAt!;
      for (const a of attachments) {
        const p = policies.find((x) => at(x).id === fp(a).policyId)!;
        expect(awsDeleted(a)).toBeLessThan(awsDeleted(p));
      }
    }
  });

  test('status shows each SCP and RCP id for the SIEM, per target slot', () => {
    const status = (out.composite.status as JsonObject).guardrails as JsonObject;
    expect((status.scpIds as JsonObject).organization).toBe(at(policyNamed('zta-protect-organization-org')).id);
    expect((status.rcpIds as JsonObject).dataPerimeter).toBe(at(policyNamed('zta-data-perimeter-org')).id);
    const targets = status.targets as Record<string, JsonObject>;
    expect(targets.target0!.baselineScpId).toBe(at(policyNamed('zta-protect-baseline-ou-ab12-devaccts-org')).id);
    expect(targets.target2!.regionScpId).toBe(at(policyNamed('zta-account-guardrail-111122223333-org')).id);
    expect(Object.keys(targets)).toHaveLength(5);
  });

  test('every rendered composite and managed resource passes the admission policies; one re-pointed at an account\'s ProviderConfig is refused', () => {
    const evaluator = new ValidatingAdmissionPolicyEvaluator(policySet.policies, policySet.bindings, cluster, { kubernetesVersion: '1.31' });
    const admitted = (o: JsonObject) => evaluator.admit(cluster.request('CREATE', o));
    const refused = out.resources.map((r) => [`${r.kind}/${(r.metadata as JsonObject).name}`, admitted(r).denials.map((d) => d.message)] as const).filter(([, d]) => d.length > 0);
    expect(refused).toEqual([]);
    // They are recognized as the organization's (the claim label is absent).
    expect(out.resources.every((r) => ((r.metadata as JsonObject).labels as JsonObject)['crossplane.io/composite'] === OnboardingNames.organizationComposite)).toBe(true);
    const policy = policies[0]!;
    const tampered = { ...policy, spec: { ...spec(policy), providerConfigRef: { name: OnboardingNames.providerConfig('payments-dev') } } };
    const denials = admitted(tampered).denials.map((d) => d.message);
    expect(denials).toEqual([expect.stringContaining(`spec.providerConfigRef.name must be "${OnboardingNames.managementProviderConfig}"`)]);
    expect(denials[0]).toContain(`not "${OnboardingNames.providerConfig('payments-dev')}"`);
    const nested = out.resources.find((r) => r.kind === 'XOrganizationGuardrails')!;
    const retargeted = { ...nested, spec: { ...spec(nested), parameters: { ...(spec(nested).parameters as JsonObject), providerConfigName: OnboardingNames.providerConfig('payments-prod') } } };
    expect(admitted(retargeted).denials.map((d) => d.message)).toEqual([expect.stringContaining('spec.parameters.providerConfigName must be "zta-organization-management" or "zta-organization-security"')]);
  });
});

// ---------------------------------------------------------------- the rendered SCPs under the IAM simulator

const content = (name: string): object => JSON.parse(String(fp(policyNamed(name)).content)) as object;
/** The SCPs in force for an account: root, its OU, the account itself (each level with FullAWSAccess). */
const scpsOf = organizationScps(out);

describe('region guardrails per account (IAM simulator over the rendered SCPs)', () => {
  const runIn = async (accountId: string, region: string, principal = `arn:aws:iam::${accountId}:role/app-admin`) => (await simulate({
    principal, action: 'ec2:RunInstances', resource: `arn:aws:ec2:${region}:${accountId}:instance/*`, resourceAccount: accountId,
    identityPolicies: [ALLOW_ALL], scps: scpsOf(accountId), context: { 'aws:PrincipalArn': principal, 'aws:RequestedRegion': region },
  })).result;

  test('payments-dev (eu-west-1 only) cannot use eu-west-2; lending-dev, in the same OU, can', async () => {
    expect(await runIn('111122223333', 'eu-west-2')).toBe('ExplicitlyDenied');
    expect(await runIn('222233334444', 'eu-west-2')).toBe('Allowed');
    expect(await runIn('111122223333', 'eu-west-1')).toBe('Allowed');
    expect(await runIn('222233334444', 'eu-west-1')).toBe('Allowed');
  });
  test('payments-prod may use eu-central-1 and eu-west-1, nothing else; its provisioning role (with its path) is exempt', async () => {
    expect(await runIn('444455556666', 'eu-central-1')).toBe('Allowed');
    expect(await runIn('444455556666', 'us-east-2')).toBe('ExplicitlyDenied');
    expect(await runIn('444455556666', 'us-east-2', 'arn:aws:iam::444455556666:role/platform/zta-provisioning')).toBe('Allowed');
  });
  test('the OU protections hold in every account under it: CloudTrail cannot be stopped, except by the break-glass role of that environment', async () => {
    const stop = async (accountId: string, principal: string) => (await simulate({
      principal, action: 'cloudtrail:StopLogging', resource: `arn:aws:cloudtrail:eu-west-1:${accountId}:trail/zta-trail-dev`, resourceAccount: accountId,
      identityPolicies: [ALLOW_ALL], scps: scpsOf(accountId), context: { 'aws:PrincipalArn': principal, 'aws:RequestedRegion': 'eu-west-1' },
    })).result;
    for (const id of ['111122223333', '222233334444']) {
      expect(await stop(id, `arn:aws:iam::${id}:role/app-admin`)).toBe('ExplicitlyDenied');
      expect(await stop(id, `arn:aws:iam::${id}:role/zta-break-glass-dev`)).toBe('Allowed');
      // Another environment's break-glass name is not exempt in the dev OU.
      expect(await stop(id, `arn:aws:iam::${id}:role/zta-break-glass-prod`)).toBe('ExplicitlyDenied');
    }
  });
});

// Issue 13's worst path: an account administrator becoming an exempt role.
describe('the exempt roles cannot be taken over (IAM simulator over the rendered SCPs)', () => {
  const iam = async (accountId: string, principal: string, action: string, role: string) => (await simulate({
    principal, action, resource: `arn:aws:iam::${accountId}:role/${role}`, resourceAccount: accountId,
    identityPolicies: [ALLOW_ALL], scps: scpsOf(accountId), context: { 'aws:PrincipalArn': principal, 'aws:RequestedRegion': 'us-east-1' },
  })).result;
  const admin = (a: string) => `arn:aws:iam::${a}:role/app-admin`;
  test.each(['iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePermissionsBoundary', 'iam:UntagRole', 'iam:DeleteRole', 'iam:CreateRole', 'iam:PassRole'])(
    '%s on the break-glass or provisioning role: denied to an account administrator in every dev account', async (action) => {
      for (const id of ['111122223333', '222233334444']) {
        expect(await iam(id, admin(id), action, 'zta-break-glass-dev')).toBe('ExplicitlyDenied');
        expect(await iam(id, admin(id), action, 'zta-provisioning')).toBe('ExplicitlyDenied');
      }
    });
  test('CIS 1.11 / 1.13: no IAM user, access key or console password but by break glass or the platform', async () => {
    for (const id of ['111122223333', '222233334444']) {
      for (const action of ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateLoginProfile']) {
        const user = async (principal: string) => (await simulate({
          principal, action, resource: `arn:aws:iam::${id}:user/ci-bot`, resourceAccount: id,
          identityPolicies: [ALLOW_ALL], scps: scpsOf(id), context: { 'aws:PrincipalArn': principal, 'aws:RequestedRegion': 'us-east-1' },
        })).result;
        expect(await user(admin(id))).toBe('ExplicitlyDenied');
        expect(await user(`arn:aws:iam::${id}:role/zta-break-glass-dev`)).toBe('Allowed');
      }
    }
  });
  test('the platform still manages break glass and break glass can repair the provisioning role; other roles are the administrator\'s', async () => {
    for (const id of ['111122223333', '222233334444']) {
      expect(await iam(id, `arn:aws:iam::${id}:role/zta-provisioning`, 'iam:UpdateAssumeRolePolicy', 'zta-break-glass-dev')).toBe('Allowed');
      expect(await iam(id, `arn:aws:iam::${id}:role/zta-provisioning`, 'iam:DeleteRole', 'zta-break-glass-dev')).toBe('Allowed');
      expect(await iam(id, `arn:aws:iam::${id}:role/zta-break-glass-dev`, 'iam:AttachRolePolicy', 'zta-provisioning')).toBe('Allowed');
      expect(await iam(id, admin(id), 'iam:UpdateAssumeRolePolicy', 'payments-app')).toBe('Allowed');
    }
  });
});

// Issue 14's data domains, as the rendered account guardrail denies them in each account.
describe('the data domains cannot be tampered with outside break glass (IAM simulator over the rendered SCPs)', () => {
  const attempt = async (accountId: string, principal: string, action: string, resource: string, extra: Record<string, string> = {}) => (await simulate({
    principal, action, resource, resourceAccount: accountId,
    identityPolicies: [ALLOW_ALL], scps: scpsOf(accountId), context: { 'aws:PrincipalArn': principal, 'aws:RequestedRegion': 'eu-west-1', ...extra },
    // KMS (and the simulator) also require the key policy to allow: the default one, trusting the account.
    ...(action.startsWith('kms:') ? { resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }] } } : {}),
  })).result;
  const cases: [string, (a: string) => string, Record<string, string>][] = [
    ['backup:DeleteRecoveryPoint', (a) => `arn:aws:backup:eu-west-1:${a}:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45`, {}],
    ['backup:DeleteBackupVaultAccessPolicy', (a) => `arn:aws:backup:eu-west-1:${a}:backup-vault:zta-backup-dev`, {}],
    ['kms:DeleteImportedKeyMaterial', (a) => `arn:aws:kms:eu-west-1:${a}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, { 'aws:ResourceTag/zerotrust.io/key-purpose': 'byok', 'aws:ResourceTag/zerotrust.io/key-origin': 'EXTERNAL' }],
    // Repointing a BYOK alias authorizes on its key too (denied there: the key carries key-purpose).
    ['kms:UpdateAlias', (a) => `arn:aws:kms:eu-west-1:${a}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, { 'aws:ResourceTag/zerotrust.io/key-purpose': 'byok' }],
  ];
  test.each(cases)('%s: an account administrator is denied in both dev accounts; their break-glass role is not', async (action, resource, extra) => {
    for (const id of ['111122223333', '222233334444']) {
      expect(await attempt(id, `arn:aws:iam::${id}:role/app-admin`, action, resource(id), extra)).toBe('ExplicitlyDenied');
      expect(await attempt(id, `arn:aws:iam::${id}:role/zta-break-glass-dev`, action, resource(id), extra)).toBe('Allowed');
    }
  });
});

describe('the rendered data perimeter RCP', () => {
  const rcp = content('zta-data-perimeter-org');
  const object = 'arn:aws:s3:::zta-data-111122223333-eu-west-1-dev/x.csv';
  const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const open = (action: string, resource: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: action, Resource: resource }] });
  const run = async (principal: string, action: string, resource: string, context: Record<string, string>) => (await simulate({
    principal, action, resource, resourceAccount: '111122223333', resourcePolicy: open(action, resource),
    ...(principal.startsWith('arn:') ? { identityPolicies: [ALLOW_ALL] } : {}),
    rcps: [[], [rcp]], context,
  })).result;

  test.each([['s3:GetObject', object], ['kms:Decrypt', key]])('%s: denied to a principal outside the organization, allowed inside', async (action, resource) => {
    const outsider = 'arn:aws:iam::999988887777:role/x';
    const insider = 'arn:aws:iam::444455556666:role/payments-app';
    expect(await run(outsider, action, resource, { 'aws:PrincipalArn': outsider, 'aws:PrincipalOrgID': 'o-zzzzzzzzzz', 'aws:PrincipalIsAWSService': 'false' })).toBe('ExplicitlyDenied');
    expect(await run(insider, action, resource, { 'aws:PrincipalArn': insider, 'aws:PrincipalOrgID': onboarding.organizationId, 'aws:PrincipalIsAWSService': 'false' })).toBe('Allowed');
  });
  test('an AWS service acting for the organization (aws:SourceOrgID) is allowed; for another organization it is denied', async () => {
    const service = 'cloudtrail.amazonaws.com';
    const put = (org: string) => run(service, 's3:PutObject', object, { 'aws:PrincipalIsAWSService': 'true', 'aws:SourceAccount': '444455556666', 'aws:SourceOrgID': org });
    expect(await put(onboarding.organizationId)).toBe('Allowed');
    expect(await put('o-zzzzzzzzzz')).toBe('ExplicitlyDenied');
  });
});

describe('XOrganizationGuardrails and XZeroTrustOrganization parameters (XRD schema and CEL rules)', () => {
  const validator = Validator.fromBundle();
  for (const x of packageApis().xrds) validator.addXrd(x);
  const orgParams = (xr.spec as JsonObject).parameters as JsonObject;
  const withTargets = (targets: Json): JsonObject => ({ ...xr, spec: { parameters: { ...orgParams, targets } } });
  const problems = (o: JsonObject): string[] => validator.validate(o).map(formatProblem);
  const dev = (orgParams.targets as JsonObject[])[0]!;
  const account = (orgParams.targets as JsonObject[])[2]!;

  test('the generated composite validates', () => {
    expect(problems(xr)).toEqual([]);
  });
  test.each([
    ['a repeated target id', [dev, dev], 'targets must not repeat an id (each OU or account takes its guardrails once)'],
    ['allowedRegions on an OU', [{ ...dev, allowedRegions: ['eu-west-1'] }], 'allowedRegions is for ACCOUNT targets'],
    ['an account id on an OU target', [{ ...dev, id: '111122223333' }], 'id must be an account id for ACCOUNT targets and an ou- id for ORGANIZATIONAL_UNIT targets'],
    ['a target nothing attaches to', [{ ...account, allowedRegions: undefined }], 'a target needs protections or allowedRegions'],
    ['more targets than slots', Array.from({ length: 11 }, (_, i) => ({ ...account, id: String(100000000000 + i) })), 'targets can hold at most 10 entries (the composition has 10 guardrail target slots)'],
  ])('refuses %s, in a message naming the rule', (_what, targets, message) => {
    const clean = JSON.parse(JSON.stringify(targets)) as Json;
    expect(problems(withTargets(clean)).some((p) => p.includes('.spec.parameters.targets') && p.includes(message))).toBe(true);
  });
  test('the security account must not be the management account', () => {
    const same = { ...xr, spec: { parameters: { ...orgParams, securityAccount: { id: '999900001111', region: 'eu-west-1' } } } };
    expect(problems(same).some((p) => p.includes('securityAccount must not be the management account'))).toBe(true);
  });
  test('the composite has no ProviderConfig parameter to set: the names are the onboarding\'s constants', () => {
    const named = { ...xr, spec: { parameters: { ...orgParams, providerConfigName: 'zta-payments-dev' } } };
    expect(problems(named)).toEqual([expect.stringContaining('.spec.parameters.providerConfigName: unknown field')]);
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('organization-guardrails'), () => expect(synthChart('organization-guardrails')).toMatchSnapshot());
