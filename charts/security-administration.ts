// The security account as delegated administrator of the organization's security services
// (issue 12): registrations made from the management account, then, in the security account,
// organization-wide auto-enable of GuardDuty, Inspector and Macie in every Region slot, Security Hub
// central configuration (aggregation into the home Region, one configuration policy on the root),
// an organization Config aggregator, an organization IAM Access Analyzer per Region, and GuardDuty's
// threat-intel and trusted-IP lists from an encrypted lists bucket. Composed once, by the
// organization composite; its ProviderConfigs are the onboarding's organization ones, pinned by the
// schema. Which account may call which API: compositions/blocks/organization/security-administration.ts.
import type { Construct } from 'constructs';
import { AnalyzerV1Beta2 as Analyzer } from '../imports/accessanalyzer.aws.upbound.io';
import { Resource as CloudControlResource } from '../imports/cloudcontrol.aws.upbound.io';
import { ConfigurationAggregatorV1Beta2 as ConfigurationAggregator } from '../imports/configservice.aws.upbound.io';
import { Role, RolePolicyAttachment } from '../imports/iam.aws.upbound.io';
import { DelegatedAdministrator } from '../imports/organizations.aws.upbound.io';
import { Account as SecurityHubAccount, FindingAggregator } from '../imports/securityhub.aws.upbound.io';
import { Workspace, WorkspaceSpecForProviderInlineFormat, WorkspaceSpecForProviderSource } from '../imports/tf.upbound.io';
import {
  createdAfter,
  allowUseThroughServices,
  CommonPatchSets,
  compositeToken,
  ComposedResource,
  Condition,
  customerManagedKey,
  DomainChart,
  Effect,
  fromComposite,
  KMS_DECRYPT_ACTIONS,
  param,
  Params,
  PolicyDocument,
  PolicyStatement,
  Principals,
  REGIONS,
  Schema,
  siblingSelector,
  STS_ASSUME_ROLE_ACTIONS,
  suffixed,
  type ParameterRef,
  type Patch,
  type SchemaNode,
} from '../compositions';
import { MaxLength } from '../compositions/kernel/aws-limits';
import { OnboardingNames } from '../compositions/package/onboarding';
import { SecureBucket } from '../compositions/blocks/data/secure-bucket';
import {
  AWS_CONFIG_ORGANIZATIONS_POLICY_ARN,
  DELEGATED_ADMINISTRATORS_MODULE_HCL,
  guardDutyServiceLinkedRoleArn,
  ORGANIZATION_CONFIGURATION_MODULE_HCL,
  ORGANIZATIONS_DELEGATED_SERVICES,
  REGION_SLOTS,
} from '../compositions/blocks/organization/security-administration';
import { DEFAULT_STANDARDS } from './security-hub';

/** GuardDuty quotas per detector: 6 threat-intel sets, 1 trusted-IP set. */
// https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_limits.html
export const MAX_THREAT_INTEL_SETS = 6;
export const MAX_TRUSTED_IP_SETS = 1;
const GUARDDUTY_LIST_NAME = '^[A-Za-z0-9._-]{3,50}$';
const GUARDDUTY_LIST_FORMATS = ['TXT', 'STIX', 'OTX_CSV', 'ALIEN_VAULT', 'PROOF_POINT', 'FIRE_EYE'];
const ACCOUNT_ID = '^[0-9]{12}$';

/** CloudFormation types managed through Cloud Control (no provider-upjet-aws kind; shared/crds/README.md). */
export const SECURITY_HUB_CLOUD_CONTROL_TYPES = {
  delegatedAdmin: 'AWS::SecurityHub::DelegatedAdmin',
  organizationConfiguration: 'AWS::SecurityHub::OrganizationConfiguration',
  configurationPolicy: 'AWS::SecurityHub::ConfigurationPolicy',
  policyAssociation: 'AWS::SecurityHub::PolicyAssociation',
} as const;

/** Composition resource names of Region slot `i` (a contract: renaming replaces the resource). */
export const slotResourceNames = (i: number) => ({
  delegatedAdministrators: `delegatedAdministratorsRegion${i}`,
  organizationConfiguration: `organizationConfigurationRegion${i}`,
  analyzer: `organizationAnalyzerRegion${i}`,
});

function listEntry(kind: string): SchemaNode {
  return Schema.object(`One ${kind} in the lists bucket.`, {
    name: Schema.string(`Name of the ${kind} (the environment suffix is appended); 3-50 letters, digits, '.', '_' or '-'.`, { maxLength: MaxLength.guardDutyName, pattern: GUARDDUTY_LIST_NAME }),
    objectKey: Schema.string('Key of the list object in the lists bucket (no leading /).', { minLength: 1, maxLength: 256, pattern: '^[^/].*$' }),
    format: Schema.string('Format of the list.', { enum: GUARDDUTY_LIST_FORMATS }),
  }, { required: ['name', 'objectKey', 'format'] });
}

function uniqueNames(field: string): { rule: string; message: string } {
  return { rule: 'self.all(e, self.exists_one(o, o.name == e.name))', message: `${field} names must be unique (GuardDuty and the Terraform module key lists by name)` };
}

/** A ProviderConfig parameter that admits exactly the onboarding's name (hard-wired, not a choice). */
function pinnedProviderConfig(description: string, name: string): SchemaNode {
  return Schema.string(`${description} Always "${name}" (onboarding).`, { enum: [name], default: name });
}

/** Waits for a composite field: a Required patch into an annotation holds the resource back until it is set. */
function after(statusField: string, annotation: string): Patch {
  return fromComposite(`status.${statusField}`, `metadata.annotations[zerotrust.io/after-${annotation}]`, { required: true });
}

/** A Cloud Control resource, composed in `scope`: a CloudFormation type and its properties, as the JSON string Cloud Control takes. */
function cloudControl(scope: Construct, name: string, typeName: string, desiredState: Record<string, unknown>, patches: readonly Patch[]): ComposedResource {
  return new ComposedResource(scope, { name, kind: CloudControlResource, forProvider: { typeName, desiredState: JSON.stringify(desiredState) }, patches });
}

export class SecurityAdministrationChart extends DomainChart {
  private readonly regions: ParameterRef;

  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XSecurityAdministration',
      domain: 'securityAdministration',
      description: 'The security account as delegated administrator of GuardDuty, Security Hub, AWS Config, IAM Access Analyzer, Macie and Inspector for the whole organization, in every allowed Region; composed by the organization composite.',
    });
    // accountId, region and environmentSuffix are the security account, its home Region and the
    // organization's environment; the ProviderConfigs are the onboarding's organization ones.
    this.rule({ rule: `self.providerConfigName == '${OnboardingNames.securityProviderConfig}'`, message: `providerConfigName must be "${OnboardingNames.securityProviderConfig}" (the security account's ProviderConfig from onboarding)`, fieldPath: '.providerConfigName' });
    this.parameter('organizationId', Schema.string('Id of the AWS organization (o-...).', { maxLength: MaxLength.organizationId, pattern: '^o-[a-z0-9]{10,32}$' }), { required: true });
    this.parameter('organizationRootId', Schema.string('Id of the organization\'s root (r-...): the Security Hub configuration policy is associated with it.', { maxLength: 34, pattern: '^r-[0-9a-z]{4,32}$' }), { required: true });
    this.parameter('managementAccountId', Schema.string('12-digit id of the organization\'s management account (it registers the delegated administrator).', { maxLength: MaxLength.accountId, pattern: ACCOUNT_ID }), { required: true });
    this.rule({ rule: 'self.managementAccountId != self.accountId', message: 'accountId (the security account) must not be managementAccountId: AWS refuses the management account as delegated administrator (and Security Hub central configuration)', fieldPath: '.accountId' });
    this.parameter('managementProviderConfigName', pinnedProviderConfig('provider-upjet-aws ProviderConfig of the management account.', OnboardingNames.managementProviderConfig));
    this.parameter('managementTerraformProviderConfigName', pinnedProviderConfig('provider-terraform ProviderConfig of the management account.', OnboardingNames.managementTerraformProviderConfig));
    this.parameter('terraformProviderConfigName', pinnedProviderConfig('provider-terraform ProviderConfig of the security account.', OnboardingNames.securityTerraformProviderConfig));
    this.regions = this.parameter('regions', Schema.array(`Every Region an account of the organization may use, plus the security account's home Region (at most ${REGION_SLOTS}; one slot each, keep the order stable: slot i follows regions[i]).`,
      Schema.string('A Region.', { enum: REGIONS }), { minItems: 1, maxItems: REGION_SLOTS, listType: 'set' }), { required: true });
    this.rule({ rule: 'self.region in self.regions', message: 'regions must include region (the security account\'s home Region)', fieldPath: '.regions' });
    this.parameter('linkedRegions', Schema.array('Regions Security Hub aggregates into the home Region and central configuration covers: regions without the home Region.',
      Schema.string('A Region.', { enum: REGIONS }), { minItems: 1, maxItems: REGION_SLOTS - 1, listType: 'set' }), { required: true });
    this.rule({ rule: 'self.linkedRegions.all(r, r in self.regions && r != self.region)', message: 'linkedRegions must be regions without region (the aggregation Region is not linked to itself)', fieldPath: '.linkedRegions' });
    this.parameter('threatIntelSets', Schema.array(`Threat intelligence lists GuardDuty's administrator applies to every member, at most ${MAX_THREAT_INTEL_SETS} (GuardDuty quota).`,
      listEntry('threat intel set'), { maxItems: MAX_THREAT_INTEL_SETS, default: [], rules: [uniqueNames('threatIntelSets')] }));
    this.parameter('trustedIpSets', Schema.array(`Trusted IP list GuardDuty's administrator applies to every member, at most ${MAX_TRUSTED_IP_SETS} (GuardDuty quota).`,
      listEntry('trusted IP set'), { maxItems: MAX_TRUSTED_IP_SETS, default: [], rules: [uniqueNames('trustedIpSets')] }));

    this.organizationsDelegation();
    this.securityHub();
    this.configAggregator();
    this.guardDutyLists();
    for (let i = 0; i < REGION_SLOTS; i++) this.regionSlot(i);
  }

  /** Config and Access Analyzer: Organizations' delegated administrator registration (global). */
  private organizationsDelegation(): void {
    for (const [key, servicePrincipal] of Object.entries(ORGANIZATIONS_DELEGATED_SERVICES)) {
      new ComposedResource(this, {
        name: `${key}DelegatedAdministrator`,
        kind: DelegatedAdministrator,
        forProvider: { accountId: Params.accountId, servicePrincipal },
        patches: [managementAccount()],
      }).publish(`delegatedAdministrators.${key}`, 'status.atProvider.id', Schema.string(`Registration of the security account as delegated administrator for ${servicePrincipal} (<account>/<service principal>).`, { maxLength: 128 }));
    }
  }

  /**
   * Security Hub central configuration. Order: the hub in the security account, then the management
   * account designates it in the home Region (central configuration sets the same administrator in
   * every linked Region), the finding aggregator (a prerequisite of CENTRAL), the organization
   * configuration, one configuration policy, and its association with the root.
   * https://docs.aws.amazon.com/securityhub/latest/userguide/start-central-configuration.html
   */
  private securityHub(): void {
    // The administrator's control-finding setting applies to every member (STANDARD_CONTROL keeps
    // the per-standard generator ids the members' insights group by); controls are the policy's.
    new ComposedResource(this, {
      name: 'securityHubAccount',
      kind: SecurityHubAccount,
      externalName: Params.accountId,
      forProvider: { enableDefaultStandards: false, controlFindingGenerator: 'STANDARD_CONTROL' },
    }).publish('securityHub.hubArn', 'status.atProvider.arn', Schema.arn('ARN of Security Hub in the security account\'s home Region.'));

    // Each step of the central configuration is composed once the previous one is observed to exist
    // (createdAfter: one reconcile per step, where a status gate costs two).
    createdAfter(cloudControl(this, 'securityHubDelegatedAdministrator', SECURITY_HUB_CLOUD_CONTROL_TYPES.delegatedAdmin, { AdminAccountId: Params.accountId }, [
      managementAccount(),
    ]), 'securityHubAccount').publish('delegatedAdministrators.securityHub', 'status.atProvider.id', Schema.string('Security Hub delegated administrator designation (<account>/<home Region>).', { maxLength: 128 }));

    createdAfter(new ComposedResource(this, {
      name: 'findingAggregator',
      kind: FindingAggregator,
      forProvider: { linkingMode: 'SPECIFIED_REGIONS' },
      patches: [fromComposite('spec.parameters.linkedRegions', 'spec.forProvider.specifiedRegions', { required: true })],
    }), 'securityHubDelegatedAdministrator').publish('securityHub.findingAggregatorArn', 'status.atProvider.arn', Schema.arn('ARN of the Security Hub finding aggregator (home Region, every linked Region).'));

    // CENTRAL requires AutoEnable false and AutoEnableStandards NONE: the policy decides instead.
    // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_UpdateOrganizationConfiguration.html
    createdAfter(cloudControl(this, 'securityHubOrganizationConfiguration', SECURITY_HUB_CLOUD_CONTROL_TYPES.organizationConfiguration,
      { AutoEnable: false, AutoEnableStandards: 'NONE', ConfigurationType: 'CENTRAL' },
      [],
    ), 'findingAggregator').publish('securityHub.organizationConfigurationId', 'status.atProvider.id', Schema.string('Identifier of the Security Hub organization configuration (CENTRAL).', { maxLength: 256 }));

    // Security Hub on in every account and linked Region, the baseline standards, every control
    // (none disabled, so new controls are on too). Standards ARNs name the home Region.
    createdAfter(cloudControl(this, 'securityHubConfigurationPolicy', SECURITY_HUB_CLOUD_CONTROL_TYPES.configurationPolicy, {
      Name: suffixed('zta-baseline'),
      Description: 'Zero Trust baseline: Security Hub enabled with the baseline standards and every control',
      ConfigurationPolicy: {
        SecurityHub: {
          ServiceEnabled: true,
          EnabledStandardIdentifiers: DEFAULT_STANDARDS.map((s) => `arn:aws:securityhub:${Params.region}::standards/${s}`),
          SecurityControlsConfiguration: { DisabledSecurityControlIdentifiers: [] },
        },
      },
    }, []), 'securityHubOrganizationConfiguration')
      .publish('securityHub.configurationPolicyArn', 'status.atProvider.id', Schema.arn('ARN of the Security Hub configuration policy associated with the organization root.'));

    cloudControl(this, 'securityHubPolicyAssociation', SECURITY_HUB_CLOUD_CONTROL_TYPES.policyAssociation, {
      ConfigurationPolicyId: compositeToken('status.securityHub.configurationPolicyArn'),
      TargetId: param('organizationRootId'),
      TargetType: 'ROOT',
    }, []).publish('securityHub.policyAssociationId', 'status.atProvider.id', Schema.string('Association of the configuration policy with the root.', { maxLength: 256 }));

    this.deletedBefore('securityHubPolicyAssociation', { uses: 'securityHubConfigurationPolicy', name: 'policyAssociationUsesConfigurationPolicy', reason: 'DeleteConfigurationPolicy fails while the policy is associated with a target' });
    this.deletedBefore('securityHubConfigurationPolicy', { uses: 'securityHubOrganizationConfiguration', name: 'configurationPolicyUsesCentralConfiguration', reason: 'Configuration policies exist only under CENTRAL configuration; switching back to LOCAL first leaves them undeletable' });
    this.deletedBefore('securityHubOrganizationConfiguration', { uses: 'findingAggregator', name: 'centralConfigurationUsesFindingAggregator', reason: 'Central configuration requires the aggregator: DeleteFindingAggregator is refused while CENTRAL is on' });
  }

  /** Config.1 at organization scope: one aggregator over every account and allowed Region. */
  private configAggregator(): void {
    const trust = new PolicyDocument({
      statements: [new PolicyStatement({
        sid: 'ConfigReadsOrganization',
        effect: Effect.ALLOW,
        principals: [Principals.service('config.amazonaws.com')],
        actions: STS_ASSUME_ROLE_ACTIONS,
        // No aws:SourceAccount condition: AWS Config documents the key for the recorder's role
        // (iamrole-permissions), but no AWS page was found documenting it for the organization
        // aggregator's role; a key it does not send would leave the aggregator without the
        // organization's accounts (Config.1). SCP/RCP guardrails and the suffixed name protect the role.
        // https://docs.aws.amazon.com/config/latest/developerguide/aggregated-create.html
      })],
    });
    const problems = trust.validateForTrustPolicy();
    if (problems.length) throw new Error(`configAggregatorRole trust policy: ${problems.join('; ')}`);
    new ComposedResource(this, {
      name: 'configAggregatorRole',
      kind: Role,
      externalName: suffixed('zta-config-aggregator'),
      forProvider: {
        description: 'Lets AWS Config read the organization\'s accounts for the organization aggregator',
        assumeRolePolicy: trust.toString(),
        forceDetachPolicies: true,
        maxSessionDuration: 3600,
      },
    });
    new ComposedResource(this, {
      name: 'configAggregatorRolePolicy',
      kind: RolePolicyAttachment,
      forProvider: { policyArn: AWS_CONFIG_ORGANIZATIONS_POLICY_ARN, roleSelector: siblingSelector('configAggregatorRole') },
    });
    new ComposedResource(this, {
      name: 'configAggregator',
      kind: ConfigurationAggregator,
      externalName: suffixed('zta-organization'),
      forProvider: { organizationAggregationSource: { roleArnSelector: siblingSelector('configAggregatorRole') } },
      patches: [
        fromComposite('spec.parameters.regions', 'spec.forProvider.organizationAggregationSource.regions', { required: true }),
        after('delegatedAdministrators.config', 'config-delegation'),
      ],
    }).publish('configAggregatorArn', 'status.atProvider.arn', Schema.arn('ARN of the organization Config aggregator.'));
    this.deletedBefore('configAggregator', { uses: 'configAggregatorRole', reason: 'The aggregator reads the organization through this role until it is deleted' });
  }

  /**
   * The lists bucket and its key. GuardDuty fetches a list through its service-linked role, which
   * needs kms:Decrypt on an SSE-KMS object (granted here by name: the role exists once GuardDuty
   * is enabled, i.e. after the first designation, so the key waits for it).
   * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-lists-prerequisites.html
   */
  private guardDutyLists(): void {
    const guardDutyRole = guardDutyServiceLinkedRoleArn(Params.accountId);
    const { key } = customerManagedKey(this, {
      purpose: 'lists',
      description: 'GuardDuty threat-intel and trusted-IP lists',
      usage: [
        new PolicyStatement({
          sid: 'AllowGuardDutyToDecryptLists',
          effect: Effect.ALLOW,
          principals: [Principals.arn(guardDutyRole)],
          actions: KMS_DECRYPT_ACTIONS,
          resources: ['*'],
        }),
        // The security team uploads list objects, and the provisioning role reads them, through S3 only.
        allowUseThroughServices('AllowAccountUseThroughS3', ['s3']),
      ],
    });
    key.addPatches(after(`regionalDelegatedAdministrators.slot0`, 'guardduty-designation'));
    new SecureBucket(this, {
      name: 'listsBucket',
      purpose: 'gdlists',
      kmsKeyArn: compositeToken('status.listsKeyArn'),
      additionalStatements: [new PolicyStatement({
        sid: 'AllowGuardDutyToReadLists',
        effect: Effect.ALLOW,
        principals: [Principals.arn(guardDutyRole)],
        actions: ['s3:GetObject'],
        resources: [`arn:aws:s3:::${SecureBucket.nameFor('gdlists')}/*`],
      })],
    });
    this.deletedBefore('listsBucket', { uses: 'listsKey', reason: 'The lists key encrypts the list objects: a key pending deletion makes every list unreadable' });
  }

  /** Region slot i: exists while regions[i] does. */
  private regionSlot(i: number): void {
    const names = slotResourceNames(i);
    const present = Condition.has(this.regions.item(i));
    const region = `spec.parameters.regions[${i}]`;

    // Management account: GuardDuty, Inspector and Macie administrators are designated per Region.
    new ComposedResource(this, {
      name: names.delegatedAdministrators,
      kind: Workspace,
      forProvider: {
        source: WorkspaceSpecForProviderSource.INLINE,
        inlineFormat: WorkspaceSpecForProviderInlineFormat.HCL,
        module: DELEGATED_ADMINISTRATORS_MODULE_HCL,
        varmap: { admin_account_id: Params.accountId },
      },
      patches: [
        CommonPatchSets.lifecycle.ref(),
        fromComposite('spec.parameters.managementTerraformProviderConfigName', 'spec.providerConfigRef.name', { required: true }),
        fromComposite(region, 'spec.forProvider.varmap.region', { required: true }),
      ],
    }).when(present).publish(`regionalDelegatedAdministrators.slot${i}`, WORKSPACE_NAME, Schema.string(`Workspace that designated the security account as GuardDuty, Inspector and Macie administrator in regions[${i}].`, { maxLength: MaxLength.kubernetesName }));

    // Security account: organization auto-enable and GuardDuty's lists, once designated there.
    new ComposedResource(this, {
      name: names.organizationConfiguration,
      kind: Workspace,
      forProvider: {
        source: WorkspaceSpecForProviderSource.INLINE,
        inlineFormat: WorkspaceSpecForProviderInlineFormat.HCL,
        module: ORGANIZATION_CONFIGURATION_MODULE_HCL,
        varmap: { environment_suffix: Params.environmentSuffix, lists_bucket_region: Params.region },
      },
      patches: [
        CommonPatchSets.lifecycle.ref(),
        fromComposite('spec.parameters.terraformProviderConfigName', 'spec.providerConfigRef.name', { required: true }),
        fromComposite(region, 'spec.forProvider.varmap.region', { required: true }),
        fromComposite('status.listsBucketName', 'spec.forProvider.varmap.lists_bucket', { required: true }),
        fromComposite('spec.parameters.threatIntelSets', 'spec.forProvider.varmap.threat_intel_sets'),
        fromComposite('spec.parameters.trustedIpSets', 'spec.forProvider.varmap.trusted_ip_sets'),
        fromComposite('spec.parameters.tags', 'spec.forProvider.varmap.tags'),
        after(`regionalDelegatedAdministrators.slot${i}`, 'designation'),
        after('listsKeyArn', 'lists-key'),
      ],
    }).when(present).publish(`organizationConfiguration.slot${i}`, WORKSPACE_NAME, Schema.string(`Workspace of the organization configuration (GuardDuty, Inspector, Macie auto-enable; GuardDuty lists) in regions[${i}].`, { maxLength: MaxLength.kubernetesName }));

    // IAM Access Analyzer is regional: an analyzer with the organization as zone of trust in every Region.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html
    new ComposedResource(this, {
      name: names.analyzer,
      kind: Analyzer,
      externalName: suffixed('zta-organization-analyzer'),
      forProvider: { type: 'ORGANIZATION' },
      patches: [fromComposite(region, 'spec.forProvider.region', { required: true }), after('delegatedAdministrators.accessAnalyzer', 'access-analyzer-delegation')],
    }).when(present).publish(`analyzerArns.slot${i}`, 'status.atProvider.arn', Schema.arn(`ARN of the organization analyzer in regions[${i}].`));

    // Deregistering the administrator first would leave the organization configuration undeletable.
    this.deletedBefore(names.organizationConfiguration, { uses: names.delegatedAdministrators, name: `organizationConfigurationRegion${i}UsesDesignation`, reason: 'Only the GuardDuty/Inspector/Macie administrator may change the organization configuration and delete the lists' });
  }
}

/** A Workspace's status has no id: its external name (set by provider-terraform) says it was applied. */
const WORKSPACE_NAME = 'metadata.annotations[crossplane.io/external-name]';

/** Registrations only the management account can make. */
function managementAccount(): Patch {
  return fromComposite('spec.parameters.managementProviderConfigName', 'spec.providerConfigRef.name', { required: true });
}
