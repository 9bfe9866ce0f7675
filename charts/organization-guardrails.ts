// Preventive guardrails of the whole organization: service control policies and resource control
// policies, created in the organization's management account and attached to the guardrail targets
// the onboarding list derives (compositions/package/onboarding.ts guardrailTargets): one target per OU with
// accounts attached at OU level, one per account. Composed by XZeroTrustOrganization (platform-only,
// no claim): its common account parameters are the management account's (accountId, region,
// environmentSuffix = the organization's environment, providerConfigName = the management
// ProviderConfig), so every name carries the organization's suffix.
//
// What attaches where (SCP_BUDGET_PER_TARGET, RCP_BUDGET_PER_TARGET):
// - targets with protections (OUs; accounts with guardrailsAttachment 'account'):
//   - zta-protect-organization-<env>: shared by every such target (content without exemptions):
//     no leaving the organization, no root user;
//   - zta-protect-baseline-<target>-<env>: account-wide security services, baseline and BYOK keys,
//     the exempt roles and the zerotrust.io tags protected, exempting the target's break-glass and
//     provisioning roles;
//   - zta-data-perimeter-<env> (RCP): shared; the organization's S3/KMS/SQS/STS/Secrets Manager
//     resources reachable only from inside the organization;
// - every account: zta-account-guardrail-<account>-<env> with exactly its allowed regions and the denies
//   scoped to the baseline's resources by name (zta-...-<env>) or platform tag: alert pipeline, log
//   buckets, baseline roles and policies, network, backups, private APIs (compositions/blocks/organization/guardrail-actions.ts). Never
//   on the OU: a union of its accounts' regions would let payments-dev use lending-dev's eu-west-2.
// FullAWSAccess and RCPFullAWSAccess stay attached; at most 4 of 5 SCP slots and 2 of 5 RCP slots are
// used on any target, leaving room for the organization's own.
import type { Construct } from 'constructs';
import { Policy, PolicyAttachment } from '../imports/organizations.aws.upbound.io';
import {
  Condition,
  ComposedResource,
  DomainChart,
  MaxLength,
  param,
  REGIONS,
  Schema,
  suffixed,
  tokenPatch,
  MAX_SUFFIX_LENGTH,
  type ParameterRef,
  type Patch,
  type SchemaNode,
} from '../compositions';
import { slottedList } from '../compositions/kernel/feature-slots';
import { BREAK_GLASS_ROLE_NAME } from './identity';
import {
  MAX_ALLOWED_REGIONS, MAX_GUARDRAIL_TARGETS, protectBaselineScp, protectOrganizationScp, regionGuardrailScp, type GuardrailScope,
} from '../compositions/policy/scp';
import { dataPerimeterRcp } from '../compositions/policy/rcp';

export { MAX_ALLOWED_REGIONS, MAX_GUARDRAIL_TARGETS };

const ROLE_NAME = '^([A-Za-z0-9_+=,.@-]+/)*[A-Za-z0-9_+=,.@-]{1,64}$';
const OU_OR_ACCOUNT = '^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|[0-9]{12})$';

/** Organizations policy types (CreatePolicy Type). */
export const PolicyType = { scp: 'SERVICE_CONTROL_POLICY', rcp: 'RESOURCE_CONTROL_POLICY' } as const;

/** Composition resource names of slot `i` (also what tests and the SIEM status read). */
export const TargetResources = {
  organizationScpAttachment: (i: number) => `target${i}OrganizationScpAttachment`,
  baselineScp: (i: number) => `target${i}BaselineScp`,
  baselineScpAttachment: (i: number) => `target${i}BaselineScpAttachment`,
  dataPerimeterRcpAttachment: (i: number) => `target${i}DataPerimeterRcpAttachment`,
  regionScp: (i: number) => `target${i}RegionScp`,
  regionScpAttachment: (i: number) => `target${i}RegionScpAttachment`,
} as const;

const DELETE_ATTACHED = 'DeletePolicy fails with PolicyInUseException while the policy is attached to a root, OU or account';

export class OrganizationGuardrailsChart extends DomainChart {
  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XOrganizationGuardrails',
      domain: 'guardrails',
      description: 'Service and resource control policies of the organization (created in its management account) attached to its OUs and accounts: security services on, keys alive, no root, no leaving, regions per account, and a data perimeter.',
    });
    this.parameter('organizationId', Schema.string('The AWS organization id: resources of the data perimeter admit only its principals.', {
      maxLength: MaxLength.organizationId, pattern: '^o-[a-z0-9]{10,32}$',
    }), { required: true });
    const targets = this.parameter('targets', guardrailTargetsSchema(), { required: true });

    // Shared by every protected target: identical content, one policy per organization.
    const organizationScp = this.policy('organizationScp', PolicyType.scp, suffixed('zta-protect-organization'),
      'Deny leaving the organization and any root user action', protectOrganizationScp().toString());
    organizationScp.publish('scpIds.organization', 'status.atProvider.id', policyIdSchema('the organization-wide protection SCP'));
    const dataPerimeter = this.policy('dataPerimeterRcp', PolicyType.rcp, suffixed('zta-data-perimeter'),
      'Only principals of the organization, and AWS services acting for it, reach its S3, KMS, SQS, STS and Secrets Manager resources',
      dataPerimeterRcp(param('organizationId')).toString());
    dataPerimeter.publish('rcpIds.dataPerimeter', 'status.atProvider.id', policyIdSchema('the data perimeter RCP'));

    for (let i = 0; i < MAX_GUARDRAIL_TARGETS; i++) {
      const target = targets.item(i);
      const protections = Condition.isTrue(target.field('protections'));
      const regions = Condition.has(target.field('allowedRegions'));
      const targetId = param(`targets[${i}].id`);
      const exemptions: GuardrailScope = {
        breakGlassRoleName: `${BREAK_GLASS_ROLE_NAME}-${param(`targets[${i}].environment`)}`,
        provisioningRoleName: param(`targets[${i}].provisioningRoleName`),
        environment: param(`targets[${i}].environment`),
      };
      this.attach(TargetResources.organizationScpAttachment(i), organizationScp, target, protections);
      this.attach(TargetResources.dataPerimeterRcpAttachment(i), dataPerimeter, target, protections);
      const baseline = this.policy(TargetResources.baselineScp(i), PolicyType.scp, suffixed(`zta-protect-baseline-${targetId}`),
        'Deny disabling the security services, destroying the baseline and BYOK keys, taking over the exempt roles and changing zerotrust.io tags', protectBaselineScp(exemptions).toString()).when(protections);
      baseline.publish(`targets.target${i}.baselineScpId`, 'status.atProvider.id', policyIdSchema(`the baseline protection SCP of target ${i}`));
      this.attach(TargetResources.baselineScpAttachment(i), baseline, target, protections);
      // Its content depends on the number of regions (regionContentPatches).
      const region = this.policy(TargetResources.regionScp(i), PolicyType.scp, suffixed(`zta-account-guardrail-${targetId}`),
        'Deny regional services outside the account\'s allowed regions, and tampering with the baseline\'s named and tagged resources', undefined, regionContentPatches(`targets[${i}].allowedRegions`, exemptions)).when(regions);
      region.publish(`targets.target${i}.regionScpId`, 'status.atProvider.id', policyIdSchema(`the region guardrail SCP of target ${i}`));
      this.attach(TargetResources.regionScpAttachment(i), region, target, regions);
    }
  }

  private policy(name: string, type: string, policyName: string, description: string, content: string | undefined, contentPatches: Patch[] = []): ComposedResource {
    return new ComposedResource(this, {
      name,
      kind: Policy,
      forProvider: {
        name: policyName,
        description,
        type,
        skipDestroy: false,
        ...(content ? { content } : {}),
      },
      patches: contentPatches,
    });
  }

  private attach(name: string, policy: ComposedResource, target: ParameterRef, condition: Condition): void {
    const attachment = new ComposedResource(this, {
      name,
      kind: PolicyAttachment,
      forProvider: { policyIdSelector: policy.selector(), targetId: target.field('id').token(), skipDestroy: false },
    }).when(condition);
    // Deletion order (ClusterUsage): Organizations refuses deleting an attached policy.
    this.deletedBefore(attachment, { uses: policy, name: `${name}UsesPolicy`, reason: DELETE_ATTACHED });
  }
}

/** Schema of the guardrail targets (also the organization composite's `targets`, which it hands down). */
export function guardrailTargetsSchema(): SchemaNode {
  return slottedList('Where the guardrails attach (from the onboarding list): one target per OU with accounts attached at OU level, one per account.', Schema.object('One OU or account.', {
    id: Schema.string('OU id or 12-digit account id (AttachPolicy TargetId).', { maxLength: MaxLength.organizationalUnitId, pattern: OU_OR_ACCOUNT }),
    type: Schema.string('Target type.', { enum: ['ORGANIZATIONAL_UNIT', 'ACCOUNT'] }),
    environment: Schema.string('Environment suffix of the accounts under the target: their break-glass role, zta-break-glass-<environment>, is exempt.', {
      maxLength: MAX_SUFFIX_LENGTH, pattern: '^[a-z0-9]+$',
    }),
    provisioningRoleName: Schema.string('Path and name of the provisioning role of the accounts under the target: exempt, so the platform can still reconcile the baseline.', {
      maxLength: MaxLength.iamRolePathAndName, pattern: ROLE_NAME,
    }),
    protections: Schema.boolean('Whether the organization and baseline SCPs and the data perimeter RCP attach here (OUs, and accounts whose guardrails attach to the account itself).'),
    allowedRegions: Schema.array(`Present on accounts: the only regions its region guardrail allows (at most ${MAX_ALLOWED_REGIONS}).`,
      Schema.string('A region.', { enum: REGIONS }), { minItems: 1, maxItems: MAX_ALLOWED_REGIONS, listType: 'set' }),
  }, {
    required: ['id', 'type', 'environment', 'provisioningRoleName'],
    rules: [
      { rule: "self.type == 'ACCOUNT' || !has(self.allowedRegions)", message: 'allowedRegions is for ACCOUNT targets: an OU would share one region guardrail with every account in it' },
      { rule: "self.type == 'ACCOUNT' ? self.id.matches('^[0-9]{12}$') : self.id.startsWith('ou-')", message: 'id must be an account id for ACCOUNT targets and an ou- id for ORGANIZATIONAL_UNIT targets' },
      { rule: '(has(self.protections) && self.protections) || has(self.allowedRegions)', message: 'a target needs protections or allowedRegions, or nothing attaches to it' },
    ],
  }), {
    field: 'targets', slots: MAX_GUARDRAIL_TARGETS, element: 'guardrail target', minItems: 1,
    rules: [{ rule: 'self.all(t, self.exists_one(u, u.id == t.id))', message: 'targets must not repeat an id (each OU or account takes its guardrails once)' }],
  });
}

function policyIdSchema(what: string): SchemaNode {
  return Schema.string(`Id of ${what} (p-...).`, { maxLength: MaxLength.organizationsPolicyId });
}

/**
 * The region SCP lists exactly the allowed regions. P&T cannot turn a list into JSON inside a larger
 * string, so there is one Combine patch per possible list length: patch k reads regions 0..k-1; it
 * is skipped (Optional) when region k-1 does not exist, so the last patch that applies wins and
 * writes the policy with exactly the listed regions. Patch 1 is Required: no SCP without a region
 * (as a conditional resource's patch it becomes a presence test of its condition).
 */
export function regionContentPatches(list: string, exemptions: GuardrailScope): Patch[] {
  const patches: Patch[] = [];
  for (let k = 1; k <= MAX_ALLOWED_REGIONS; k++) {
    const regions = Array.from({ length: k }, (_, i) => param(`${list}[${i}]`));
    const patch = tokenPatch('spec.forProvider.content', regionGuardrailScp(exemptions, regions).toString());
    const { policy: _required, ...optional } = patch;
    patches.push(k === 1 ? patch : optional);
  }
  return patches;
}
