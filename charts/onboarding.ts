// Onboarding: what binds a tenant namespace to its AWS account, synthesized from the platform's
// onboarding list (compositions/package/onboarding.ts) into deploy/onboarding/. Per account: the Namespace,
// RBAC letting the tenant groups manage exactly the package's claims there, the provider-upjet-aws and
// provider-terraform ProviderConfigs (the account's role, assumed with its external ID on top of the
// providers' own pod identity), and the EnvironmentConfig the claim compositions select by the
// claim's namespace. Plus the organization: the management and security accounts' provider-upjet-aws
// and provider-terraform ProviderConfigs, and the one XZeroTrustOrganization composite (guardrails,
// security administration), whose parameters are derived from the list. Tenants get no right on any
// of these objects: only on their claims.
import { ApiObject, App, Chart, type ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { ProviderConfig as AwsProviderConfig, ProviderConfigSpecCredentialsSource as AwsCredentialsSource } from '../imports/aws.upbound.io';
import { EnvironmentConfig } from '../imports/apiextensions.crossplane.io';
import { ProviderConfig as TerraformProviderConfig, ProviderConfigSpecCredentialsSource as TerraformCredentialsSource } from '../imports/tf.upbound.io';
import { DomainChart } from '../compositions/kernel/domain-chart';
import { TERRAFORM_STATE_NAMESPACE, terraformProviderConfiguration, terraformStateSecretSuffix } from '../compositions/blocks/detection/guardduty-terraform';
import {
  accountBinding, OnboardingLabels, OnboardingNames, organizationParameters, type OnboardedAccount, type OrganizationAccount,
  type OrganizationOnboarding, type ProviderIdentity,
} from '../compositions/package/onboarding';
import { compositeNames } from '../compositions/kernel/naming';

/** The organization's composite kind (charts/organization.ts). */
export const ORGANIZATION_KIND = 'XZeroTrustOrganization';

/**
 * Argo CD annotations of the organization's composite: synced after the ProviderConfigs of the same
 * Application (wave 1 of the onboarding Application, itself after the package's wave), and its kind
 * may not exist at the first dry run (the package's XRD establishes it).
 */
export const ORGANIZATION_ARGOCD_ANNOTATIONS = {
  'argocd.argoproj.io/sync-wave': '1',
  'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
} as const;

/**
 * How provider-upjet-aws authenticates as itself before it assumes an account's role: EKS Pod
 * Identity (an association for the provider's service account) or IRSA (the service account
 * annotated with a role through a DeploymentRuntimeConfig). Both read the default credential chain
 * (provider-upjet-aws internal/clients/provider_config.go); neither needs more in the ProviderConfig.
 */
export type ProviderCredentialsSource = 'PodIdentity' | 'IRSA';

/** A claim kind tenants may manage: its API group and plural resource name. */
export interface ClaimResource {
  readonly group: string;
  readonly resource: string;
}

/** Verbs the tenant groups have on their claims; never a wildcard. */
export const TENANT_CLAIM_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] as const;
/** Verbs on the namespace's events, so `kubectl describe` of a claim shows what happened to it. */
export const TENANT_EVENT_VERBS = ['get', 'list', 'watch'] as const;

export interface OnboardingChartProps {
  readonly onboarding: OrganizationOnboarding;
  /** The claim kinds of the package (claimResourcesOf). */
  readonly claims: readonly ClaimResource[];
  /** @default 'PodIdentity' */
  readonly credentialsSource?: ProviderCredentialsSource;
}

/** The claims the package offers, from its claim-offering XRDs. */
export function claimResourcesOf(pkg: App): ClaimResource[] {
  return pkg.node.findAll()
    .filter(DomainChart.isDomainChart)
    .flatMap((c) => (c.names.claim ? [{ group: c.names.group, resource: c.names.claim.plural }] : []))
    .sort((a, b) => `${a.group}/${a.resource}`.localeCompare(`${b.group}/${b.resource}`));
}

/** Labels every object of one account carries: `kubectl get -l zerotrust.io/namespace=<ns>` finds them. */
function accountLabels(account: OnboardedAccount): Record<string, string> {
  return { [OnboardingLabels.namespace]: account.namespace };
}

export class OnboardingChart extends Chart {
  public constructor(scope: Construct, id: string, props: OnboardingChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    if (props.claims.length === 0) throw new Error('onboarding: the package offers no claim kind, so the tenant role would grant nothing');
    const source = props.credentialsSource ?? 'PodIdentity';
    const org = props.onboarding;

    this.awsProviderConfig('Management', { name: OnboardingNames.managementProviderConfig }, org.managementAccount.provider, source);
    this.awsProviderConfig('Security', { name: OnboardingNames.securityProviderConfig }, org.securityAccount.provider, source);
    this.terraformProviderConfig('ManagementTerraform', OnboardingNames.managementTerraformProviderConfig, {}, org.managementAccount, org.environment);
    this.terraformProviderConfig('SecurityTerraform', OnboardingNames.securityTerraformProviderConfig, {}, org.securityAccount, org.environment);
    const names = compositeNames(ORGANIZATION_KIND);
    new ApiObject(this, 'Organization', {
      apiVersion: names.apiVersion,
      kind: names.kind,
      metadata: { name: OnboardingNames.organizationComposite, annotations: { ...ORGANIZATION_ARGOCD_ANNOTATIONS } },
      spec: { parameters: organizationParameters(org) },
    });
    for (const account of org.accounts) {
      const ns = account.namespace;
      const labels = accountLabels(account);

      new kplus.Namespace(this, `${ns}-namespace`, {
        metadata: {
          name: ns,
          labels: { ...labels, [OnboardingLabels.accountId]: account.accountId, [OnboardingLabels.environment]: account.environment },
        },
      });

      const role = new kplus.Role(this, `${ns}-tenant-role`, { metadata: { name: 'zta-tenant', namespace: ns, labels } });
      role.allow([...TENANT_CLAIM_VERBS], ...props.claims.map((c) => kplus.ApiResource.custom({ apiGroup: c.group, resourceType: c.resource })));
      role.allow([...TENANT_EVENT_VERBS], kplus.ApiResource.EVENTS);
      const binding = new kplus.RoleBinding(this, `${ns}-tenant-binding`, { metadata: { name: 'zta-tenant', namespace: ns, labels }, role });
      binding.addSubjects(...account.tenantGroups.map((g, i) => kplus.Group.fromName(this, `${ns}-group-${i}`, g)));

      this.awsProviderConfig(`${ns}-provider-config`, { name: OnboardingNames.providerConfig(ns), labels }, account.provider, source);

      this.terraformProviderConfig(`${ns}-terraform-provider-config`, OnboardingNames.terraformProviderConfig(ns), labels,
        { accountId: account.accountId, homeRegion: account.homeRegion, provider: account.provider }, account.environment);

      new EnvironmentConfig(this, `${ns}-environment-config`, {
        metadata: { name: OnboardingNames.environmentConfig(ns), labels },
        data: accountBinding(org, account) as unknown as Record<string, unknown>,
      });
    }
  }

  private terraformProviderConfig(id: string, name: string, labels: Record<string, string>, account: OrganizationAccount, environment: string): ApiObject {
    return new TerraformProviderConfig(this, id, {
      metadata: { name, ...(Object.keys(labels).length > 0 ? { labels } : {}) },
      spec: {
        configuration: terraformProviderConfiguration({
          region: account.homeRegion,
          accountId: account.accountId,
          assumeRoleArn: account.provider.roleArn,
          externalId: account.provider.externalId,
          stateSecretSuffix: terraformStateSecretSuffix(account.accountId, environment),
          stateNamespace: TERRAFORM_STATE_NAMESPACE,
        }),
        // No file written: the AWS provider inside Terraform uses the pod's identity, then assumes the role.
        credentials: [{ filename: 'aws-credentials', source: TerraformCredentialsSource.NONE }],
        pluginCache: true,
      },
    });
  }

  private awsProviderConfig(id: string, metadata: ApiObjectMetadata, identity: ProviderIdentity, source: ProviderCredentialsSource): ApiObject {
    return new AwsProviderConfig(this, id, {
      metadata,
      spec: {
        credentials: { source: source === 'IRSA' ? AwsCredentialsSource.IRSA : AwsCredentialsSource.POD_IDENTITY },
        assumeRoleChain: [{ roleArn: identity.roleArn, externalId: identity.externalId }],
      },
    });
  }
}

/** The onboarding objects of an organization, in an App of their own. */
export function buildOnboarding(onboarding: OrganizationOnboarding, claims: readonly ClaimResource[], credentialsSource?: ProviderCredentialsSource): App {
  const app = new App();
  new OnboardingChart(app, 'onboarding', { onboarding, claims, ...(credentialsSource ? { credentialsSource } : {}) });
  return app;
}

/** deploy/onboarding/ layout: one file per account (by its namespace label), one for the organization. */
export function onboardingFile(obj: Record<string, unknown>): string {
  const labels = ((obj.metadata as { labels?: Record<string, string> }).labels) ?? {};
  const ns = labels[OnboardingLabels.namespace];
  return ns ? `account-${ns}.yaml` : 'organization.yaml';
}
