// The onboarding chart: per account the Namespace, the tenant RBAC, the ProviderConfigs and the
// EnvironmentConfig the claim compositions select; the management account's ProviderConfig; and
// deploy/onboarding/ is exactly what it synthesizes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { buildPackage } from '../../charts';
import { SecureBucketObjectLockChart } from '../../charts/secure-bucket';
import {
  OnboardingChart, TENANT_CLAIM_VERBS, TENANT_EVENT_VERBS, buildOnboarding, claimResourcesOf, onboardingFile, type ClaimResource,
} from '../../charts/onboarding';
import { accountBinding, OnboardingLabels } from '../../compositions/package/onboarding';
import { packageFiles, toYaml } from '../../compositions/package/package-writer';
import { onboarding } from '../../examples/onboarding';
import type { JsonObject } from '../../renderer/types';
import { Validator, formatProblem } from '../../validator/validate';
import { ONBOARDING_DIR } from '../support/onboarding';

const claims = claimResourcesOf(buildPackage());
const synth = (credentialsSource?: 'PodIdentity' | 'IRSA'): JsonObject[] =>
  packageFiles(buildOnboarding(onboarding, claims, credentialsSource), onboardingFile).flatMap((f) => f.objects as JsonObject[]);
const objects = synth();
const find = (kind: string, name: string, namespace?: string): JsonObject => {
  const hits = objects.filter((o) => o.kind === kind && (o.metadata as JsonObject).name === name && (namespace === undefined || (o.metadata as JsonObject).namespace === namespace));
  if (hits.length !== 1) throw new Error(`expected one ${kind}/${name}${namespace ? ` in ${namespace}` : ''}, found ${hits.length}`);
  return hits[0]!;
};

describe('claim kinds tenants may manage', () => {
  test('are the package\'s claim-offering XRDs, no more', () => {
    expect(claims).toEqual([{ group: 'aws.zerotrust.io', resource: 'privateapis' }, { group: 'aws.zerotrust.io', resource: 'securebuckets' }, { group: 'aws.zerotrust.io', resource: 'zerotrustaccounts' }]);
  });

  test('are derived: a package without claims offers none, and the chart refuses to grant nothing', () => {
    const app = new App();
    new SecureBucketObjectLockChart(app, 'lock');
    expect(claimResourcesOf(app)).toEqual([]);
    expect(() => new OnboardingChart(new App(), 'o', { onboarding, claims: [] })).toThrow('the package offers no claim kind');
  });
});

describe.each(onboarding.accounts.map((a) => [a.namespace, a] as const))('account bound to namespace %s', (ns, account) => {
  test('the Namespace carries the binding labels', () => {
    expect((find('Namespace', ns).metadata as JsonObject).labels).toEqual({
      [OnboardingLabels.namespace]: ns, [OnboardingLabels.accountId]: account.accountId, [OnboardingLabels.environment]: account.environment,
    });
  });

  test('the tenant Role allows exactly the listed verbs on the package\'s claims and reading events: no wildcard', () => {
    const rules = (find('Role', 'zta-tenant', ns).rules as JsonObject[]).map((r) => ({ apiGroups: r.apiGroups, resources: r.resources, verbs: r.verbs }));
    expect(rules).toEqual([
      ...claims.map((c: ClaimResource) => ({ apiGroups: [c.group], resources: [c.resource], verbs: [...TENANT_CLAIM_VERBS] })),
      { apiGroups: [''], resources: ['events'], verbs: [...TENANT_EVENT_VERBS] },
    ]);
    expect(TENANT_CLAIM_VERBS).toEqual(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']);
    const every = rules.flatMap((r) => [...(r.apiGroups as string[]), ...(r.resources as string[]), ...(r.verbs as string[])]);
    expect(every.filter((x) => x.includes('*'))).toEqual([]);
    expect(every).not.toContain('escalate');
    expect(every).not.toContain('bind');
  });

  test('the RoleBinding binds that Role to the account\'s tenant groups, in its namespace only', () => {
    const binding = find('RoleBinding', 'zta-tenant', ns);
    expect((binding.metadata as JsonObject).namespace).toBe(ns);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'zta-tenant' });
    expect(binding.subjects).toEqual(account.tenantGroups.map((name) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name })));
  });

  test('the provider-upjet-aws ProviderConfig assumes the account\'s role with its external ID, from the pod identity', () => {
    expect(find('ProviderConfig', `zta-${ns}`).spec).toEqual({
      credentials: { source: 'PodIdentity' },
      assumeRoleChain: [{ roleARN: account.provider.roleArn, externalID: account.provider.externalId }],
    });
  });

  test('the provider-terraform ProviderConfig pins the account, assumes its role with the external ID, keeps state in Kubernetes', () => {
    const pc = find('ProviderConfig', `zta-${ns}-terraform`);
    expect(pc.apiVersion).toBe('tf.upbound.io/v1beta1');
    const hcl = String((pc.spec as JsonObject).configuration);
    expect(hcl).toContain(`region              = "${account.homeRegion}"`);
    expect(hcl).toContain(`allowed_account_ids = ["${account.accountId}"]`);
    expect(hcl).toContain(`role_arn     = "${account.provider.roleArn}"`);
    expect(hcl).toContain(`external_id  = "${account.provider.externalId}"`);
    expect(hcl).toContain(`secret_suffix     = "zta-threat-detection-${account.accountId}-${account.environment}"`);
    expect((pc.spec as JsonObject).credentials).toEqual([{ filename: 'aws-credentials', source: 'None' }]);
  });

  test('the EnvironmentConfig is the account binding, labelled with the namespace the compositions select by', () => {
    const ec = find('EnvironmentConfig', `zta-account-${ns}`);
    expect(ec.apiVersion).toBe('apiextensions.crossplane.io/v1beta1');
    expect((ec.metadata as JsonObject).labels).toEqual({ [OnboardingLabels.namespace]: ns });
    expect(ec.data).toEqual(JSON.parse(JSON.stringify(accountBinding(onboarding, account))));
  });
});

describe('the organization', () => {
  test('the management account\'s ProviderConfig assumes its guardrails role with its external ID', () => {
    expect(find('ProviderConfig', 'zta-organization-management').spec).toEqual({
      credentials: { source: 'PodIdentity' },
      assumeRoleChain: [{ roleARN: onboarding.managementAccount.provider.roleArn, externalID: onboarding.managementAccount.provider.externalId }],
    });
  });

  test('IRSA is the generator\'s other credentials source, for every ProviderConfig of provider-upjet-aws', () => {
    const irsa = synth('IRSA').filter((o) => o.apiVersion === 'aws.upbound.io/v1beta1');
    expect(irsa.map((o) => ((o.spec as JsonObject).credentials as JsonObject).source)).toEqual(Array(onboarding.accounts.length + 2).fill('IRSA'));
  });

  test('exactly these objects, nothing else', () => {
    expect(objects.map((o) => `${o.kind}/${(o.metadata as JsonObject).namespace ? `${(o.metadata as JsonObject).namespace}/` : ''}${(o.metadata as JsonObject).name}`).sort()).toEqual([
      'EnvironmentConfig/zta-account-lending-dev', 'EnvironmentConfig/zta-account-payments-dev', 'EnvironmentConfig/zta-account-payments-prod',
      'Namespace/lending-dev', 'Namespace/payments-dev', 'Namespace/payments-prod',
      'ProviderConfig/zta-lending-dev', 'ProviderConfig/zta-lending-dev-terraform',
      'ProviderConfig/zta-organization-management', 'ProviderConfig/zta-organization-management-terraform',
      'ProviderConfig/zta-organization-security', 'ProviderConfig/zta-organization-security-terraform',
      'ProviderConfig/zta-payments-dev', 'ProviderConfig/zta-payments-dev-terraform', 'ProviderConfig/zta-payments-prod', 'ProviderConfig/zta-payments-prod-terraform',
      'Role/lending-dev/zta-tenant', 'Role/payments-dev/zta-tenant', 'Role/payments-prod/zta-tenant',
      'RoleBinding/lending-dev/zta-tenant', 'RoleBinding/payments-dev/zta-tenant', 'RoleBinding/payments-prod/zta-tenant',
      'XZeroTrustOrganization/zta-organization',
    ]);
  });

  test('the security account\'s ProviderConfigs and the management account\'s provider-terraform one assume their onboarded roles', () => {
    expect(find('ProviderConfig', 'zta-organization-security').spec).toEqual({
      credentials: { source: 'PodIdentity' },
      assumeRoleChain: [{ roleARN: onboarding.securityAccount.provider.roleArn, externalID: onboarding.securityAccount.provider.externalId }],
    });
    for (const [name, account] of [['zta-organization-security-terraform', onboarding.securityAccount], ['zta-organization-management-terraform', onboarding.managementAccount]] as const) {
      const configuration = String((find('ProviderConfig', name).spec as JsonObject).configuration);
      expect(configuration).toContain(account.provider.roleArn);
      expect(configuration).toContain(account.provider.externalId);
      expect(configuration).toMatch(new RegExp(`region\\s+= "${account.homeRegion}"`));
      expect(configuration).toContain(`allowed_account_ids = ["${account.accountId}"]`);
    }
  });

  test('the organization composite is generated from the list, synced after the ProviderConfigs, and names no ProviderConfig', () => {
    const xr = find('XZeroTrustOrganization', 'zta-organization');
    expect((xr.metadata as JsonObject).annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '1', 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' });
    const p = (xr.spec as JsonObject).parameters as JsonObject;
    expect(p).toMatchObject({
      organizationId: onboarding.organizationId, environment: 'org',
      managementAccount: { id: '999900001111', region: 'us-east-1' }, securityAccount: { id: '555566667777', region: 'eu-west-1' },
      organizationRootId: 'r-ab12',
      regions: ['eu-central-1', 'eu-west-1', 'eu-west-2'],
      linkedRegions: ['eu-central-1', 'eu-west-2'],
    });
    expect(p.targets).toEqual([
      { id: 'ou-ab12-devaccts', type: 'ORGANIZATIONAL_UNIT', environment: 'dev', provisioningRoleName: 'zta-provisioning', protections: true },
      { id: 'ou-ab12-prodaccts', type: 'ORGANIZATIONAL_UNIT', environment: 'prod', provisioningRoleName: 'platform/zta-provisioning', protections: true },
      { id: '111122223333', type: 'ACCOUNT', environment: 'dev', provisioningRoleName: 'zta-provisioning', protections: false, allowedRegions: ['eu-west-1'] },
      { id: '444455556666', type: 'ACCOUNT', environment: 'prod', provisioningRoleName: 'platform/zta-provisioning', protections: false, allowedRegions: ['eu-central-1', 'eu-west-1'] },
      { id: '222233334444', type: 'ACCOUNT', environment: 'dev', provisioningRoleName: 'zta-provisioning', protections: false, allowedRegions: ['eu-west-1', 'eu-west-2'] },
    ]);
    expect(JSON.stringify(p)).not.toContain('providerConfig');
  });

  test('every object validates against its schema, built-in kinds included', () => {
    const validator = Validator.fromBundle();
    for (const o of buildPackage().charts.flatMap((c) => c.toJson() as JsonObject[])) if (o.kind === 'CompositeResourceDefinition') validator.addXrd(o);
    expect(objects.flatMap((o) => validator.validate(o).map((p) => formatProblem(p)))).toEqual([]);
    expect(objects.filter((o) => ['Namespace', 'Role', 'RoleBinding'].includes(String(o.kind)))).toHaveLength(3 * onboarding.accounts.length);
  });
});

describe('deploy/onboarding/', () => {
  test('holds one file per account and one for the organization, exactly as synthesized (run npm run synth)', () => {
    const files = packageFiles(buildOnboarding(onboarding, claims), onboardingFile);
    expect(files.map((f) => f.path)).toEqual(['account-lending-dev.yaml', 'account-payments-dev.yaml', 'account-payments-prod.yaml', 'organization.yaml']);
    for (const f of files) expect({ file: f.path, content: fs.readFileSync(path.join(ONBOARDING_DIR, f.path), 'utf8') }).toEqual({ file: f.path, content: toYaml(f.objects) });
  });
});
