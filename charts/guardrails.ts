// Preventive guardrails: service control policies that make the baseline's detective and
// protective controls impossible to switch off from inside the account. SCPs live in the
// organization's management account, so these resources use a second ProviderConfig. Everything
// that decides which account is bound and who is exempt comes from the account's onboarding: the
// management ProviderConfig, the allowed regions, the provisioning role; the break-glass role is the
// identity domain's own. A claim cannot widen, retarget or exempt anything.
import type { Construct } from 'constructs';
import { Policy, PolicyAttachment } from '../imports/organizations.aws.upbound.io';
import {
  ComposedResource,
  DomainChart,
  fromComposite,
  param,
  REGIONS,
  Schema,
  siblingSelector,
  suffixed,
  tokenPatch,
  type Patch,
} from '../compositions';
import { BREAK_GLASS_ROLE_NAME } from './identity';
import { MAX_ALLOWED_REGIONS, protectKeysAndRootScp, protectSecurityServicesScp, regionGuardrailScp, type GuardrailExemptions } from '../compositions/scp';
import { MaxLength } from '../compositions/aws-limits';

export { MAX_ALLOWED_REGIONS };
const ROLE_NAME = '^([A-Za-z0-9_+=,.@-]+/)*[A-Za-z0-9_+=,.@-]{1,64}$';

const exemptions: GuardrailExemptions = { breakGlassRoleName: suffixed(BREAK_GLASS_ROLE_NAME), provisioningRoleName: param('provisioningRoleName') };

export class GuardrailsChart extends DomainChart {
  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XGuardrails',
      domain: 'guardrails',
      description: 'Service control policies (created in the organization management account) that keep the security services on, the keys alive, root unused and work inside the allowed regions.',
    });
    this.bound('managementProviderConfigName', Schema.string('Name of the provider-upjet-aws ProviderConfig with credentials for the organization\'s management account (SCPs can only be created there).', {
      pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', maxLength: MaxLength.kubernetesName,
    }), 'organization.managementProviderConfigName');
    this.bound('provisioningRoleName', Schema.string('Name (optionally path/name) of the role the providers assume in the account; exempt so the platform can still reconcile the baseline.', {
      maxLength: MaxLength.iamRolePathAndName, pattern: ROLE_NAME, rules: [{ rule: `self.matches('${ROLE_NAME}')`, message: 'provisioningRoleName must be an IAM role name (letters, digits, +=,.@_- ; optional path/ prefix), not an ARN' }],
    }), 'account.provisioningRoleName');
    this.bound('allowedRegions', Schema.array(`Regions where the account may use regional services (at most ${MAX_ALLOWED_REGIONS}); must include the baseline region. Global services stay usable.`,
      Schema.string('A region.', { enum: REGIONS }), { minItems: 1, maxItems: MAX_ALLOWED_REGIONS, listType: 'set' }), 'account.allowedRegions');
    this.rule({ rule: 'self.region in self.allowedRegions', message: 'allowedRegions must include the baseline region (spec.parameters.region)', fieldPath: '.allowedRegions' });

    // CloudTrail.1/CIS 3.1, GuardDuty.1, Config.1, Security Hub, CIS 1.20, EC2.6, EC2.7, S3.1; no leaving the org.
    this.scp('protectSecurityServices', 'zta-protect-security-services', 'Deny disabling the security services and leaving the organization', protectSecurityServicesScp(exemptions).toString());
    // KMS.3 (no unintended key deletion) and CIS 1.7 (no root use).
    this.scp('protectKeysAndRoot', 'zta-protect-keys-and-root', 'Deny destroying the baseline KMS keys and any root user action', protectKeysAndRootScp(exemptions).toString());
    // Region guardrail: its content depends on the length of allowedRegions (see regionContentPatches).
    this.scp('regionGuardrail', 'zta-region-guardrail', 'Deny regional services outside the allowed regions', undefined, regionContentPatches());
  }

  private scp(name: string, prefix: string, description: string, content: string | undefined, contentPatches: Patch[] = []): void {
    const policy = new ComposedResource({
      name: `${name}Scp`,
      kind: Policy,
      forProvider: {
        name: suffixed(prefix),
        description,
        type: 'SERVICE_CONTROL_POLICY',
        skipDestroy: false,
        ...(content ? { content } : {}),
      },
      patches: [...contentPatches, managementAccount()],
    }).publish(`scpIds.${name}`, 'status.atProvider.id', Schema.string(`Id of the SCP: ${description}.`, { maxLength: MaxLength.organizationsPolicyId }));
    // Attached to the bound account only: an account's SCPs on its OU would bind every account there
    // to this account's allowed regions, and an OU takes at most SCP_MAX_PER_TARGET policies.
    const attachment = new ComposedResource({
      name: `${name}ScpAttachment`,
      kind: PolicyAttachment,
      forProvider: { policyIdSelector: siblingSelector(`${name}Scp`), targetId: param('accountId'), skipDestroy: false },
      patches: [managementAccount()],
    });
    this.compose(policy);
    this.compose(attachment);
    // Deletion order (ClusterUsage): Organizations refuses deleting an attached policy.
    this.deletedBefore(attachment, {
      uses: policy, name: `${name}ScpAttachmentUsesScp`,
      reason: 'DeletePolicy fails with PolicyInUseException while the policy is attached to a root, OU or account',
    });
  }
}

/** Organizations resources are reconciled with the management account's credentials. */
function managementAccount(): Patch {
  return fromComposite('spec.parameters.managementProviderConfigName', 'spec.providerConfigRef.name', { required: true });
}

/**
 * The region SCP lists exactly the allowed regions. P&T cannot turn a list into JSON inside a larger
 * string, so there is one Combine patch per possible list length: patch k reads regions 0..k-1; it
 * is skipped (Optional) when region k-1 does not exist, so the last patch that applies wins and
 * writes the policy with exactly the listed regions. Patch 1 is Required: no SCP without a region.
 */
export function regionContentPatches(): Patch[] {
  const patches: Patch[] = [];
  for (let k = 1; k <= MAX_ALLOWED_REGIONS; k++) {
    const regions = Array.from({ length: k }, (_, i) => param(`allowedRegions[${i}]`));
    const patch = tokenPatch('spec.forProvider.content', regionGuardrailScp(exemptions, regions).toString());
    const { policy: _required, ...optional } = patch;
    patches.push(k === 1 ? patch : optional);
  }
  return patches;
}

