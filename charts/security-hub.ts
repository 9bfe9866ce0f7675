// Security Hub: the hub itself (or the existing one, observed), the standards it checks the account
// against, custom insights that put the critical findings on one page, and action targets the SOC
// uses to send a finding to automation by hand.
import type { Construct } from 'constructs';
import { Account, ActionTarget, InsightV1Beta2 as Insight } from '../imports/securityhub.aws.upbound.io';
import { commonParameterPassThrough, ComposedResource, DomainChart, fromComposite, Params, Schema, suffixed, Transforms, type CompositeNames } from '../compositions';
import { listedComposite } from '../compositions/listed-feature';

/**
 * The standards a claim can select, by the id part of their ARN
 * `arn:aws:securityhub:<region>::standards/<id>` (CIS 1.2.0 has a different, `ruleset/` ARN and is
 * deliberately not offered). Keys name the composed subscription: each standard has its own
 * XSecurityHubStandard, enabled while the claim lists it, so reordering or shortening the list
 * never touches the other subscriptions.
 */
// https://docs.aws.amazon.com/securityhub/latest/userguide/standards-reference.html
export const SECURITY_HUB_STANDARDS = {
  foundationalBestPractices: 'aws-foundational-security-best-practices/v/1.0.0',
  cisV300: 'cis-aws-foundations-benchmark/v/3.0.0',
  nist80053R5: 'nist-800-53/v/5.0.0',
  cisV140: 'cis-aws-foundations-benchmark/v/1.4.0',
  pciDssV401: 'pci-dss/v/4.0.1',
  nist800171R2: 'nist-800-171/v/2.0.0',
  resourceTagging: 'aws-resource-tagging-standard/v/1.0.0',
} as const;
export const SECURITY_HUB_STANDARD_IDS: readonly string[] = Object.values(SECURITY_HUB_STANDARDS);
export const DEFAULT_STANDARDS: readonly string[] = [
  SECURITY_HUB_STANDARDS.foundationalBestPractices, SECURITY_HUB_STANDARDS.cisV300, SECURITY_HUB_STANDARDS.nist80053R5,
];

type StringFilter = { comparison: 'EQUALS' | 'PREFIX' | 'NOT_EQUALS'; value: string }[];
const eq = (...values: string[]): StringFilter => values.map((value) => ({ comparison: 'EQUALS', value }));
const prefix = (...values: string[]): StringFilter => values.map((value) => ({ comparison: 'PREFIX', value }));
const ACTIVE = { recordState: eq('ACTIVE'), workflowStatus: eq('NEW', 'NOTIFIED') };
const CRITICAL_OR_HIGH = { severityLabel: eq('CRITICAL', 'HIGH') };

/**
 * Custom insights. Only filter fields of provider-upjet-aws v2.6.0 are used (the Insight filter
 * fields added later, e.g. complianceAssociatedStandardsId, are not): see shared/crds/README.md.
 */
export const INSIGHTS: Record<string, { title: string; groupBy: string; filters: Record<string, StringFilter> }> = {
  criticalByResourceType: { title: 'critical-high-by-resource-type', groupBy: 'ResourceType', filters: { ...CRITICAL_OR_HIGH, ...ACTIVE } },
  criticalByAccount: { title: 'critical-high-by-account', groupBy: 'AwsAccountId', filters: { ...CRITICAL_OR_HIGH, ...ACTIVE } },
  // Failed CIS AWS Foundations Benchmark checks. With per-standard control findings (the security
  // account's controlFindingGenerator STANDARD_CONTROL, applied to members) the generator id names the benchmark.
  failedCisControls: {
    title: 'failed-cis-controls',
    groupBy: 'GeneratorId',
    filters: { complianceStatus: eq('FAILED'), recordState: eq('ACTIVE'), generatorId: prefix('cis-aws-foundations-benchmark/v/') },
  },
  guardDutyHighSeverity: { title: 'guardduty-high-severity', groupBy: 'Type', filters: { productName: eq('GuardDuty'), ...CRITICAL_OR_HIGH, ...ACTIVE } },
  publicExposure: {
    title: 'public-exposure',
    groupBy: 'ResourceId',
    filters: { type: prefix('Effects/Data Exposure', 'Software and Configuration Checks/AWS Security Best Practices/Network Reachability'), ...ACTIVE },
  },
  iamFindings: { title: 'iam-findings', groupBy: 'ResourceId', filters: { resourceType: prefix('AwsIam'), ...ACTIVE } },
};

/** Custom actions analysts pick in the console; each emits a `Security Hub Findings - Custom Action` event. */
export const ACTION_TARGETS: Record<string, { identifier: string; name: string; description: string }> = {
  isolate: { identifier: 'ZtaIsolate', name: 'Isolate resource', description: 'Send the finding to the SOC automation to isolate the affected resource' },
  escalate: { identifier: 'ZtaEscalate', name: 'Escalate to SOC', description: 'Send the finding to the SOC on-call for manual response' },
};

export class SecurityHubChart extends DomainChart {
  public constructor(scope: Construct, id: string, standard: CompositeNames) {
    super(scope, id, {
      kind: 'XSecurityHub',
      domain: 'securityHub',
      description: 'Security Hub with the baseline standards, custom insights for critical findings, and custom actions for manual response.',
    });
    this.parameter('existingHub', Schema.string('Set to "Observe" when Security Hub is already enabled in the account (e.g. by a delegated administrator): the hub is then referenced, never changed or disabled.', { enum: ['Observe'] }));
    this.parameter('standards', Schema.array('Standards the account is checked against, by the id in their ARN.',
      Schema.string('A standard.', { enum: SECURITY_HUB_STANDARD_IDS }), {
        minItems: 1, maxItems: SECURITY_HUB_STANDARD_IDS.length, default: [...DEFAULT_STANDARDS], listType: 'set',
      }));

    // Security Hub enabled (CIS 4.16 in v3.0.0): default standards off, ours are explicit. A member
    // sets neither controlFindingGenerator ("for accounts that are part of an organization, this value
    // can only be updated in the administrator account": the security account sets STANDARD_CONTROL,
    // XSecurityAdministration) nor autoEnableControls (under central configuration the organization's
    // configuration policy decides which controls are on).
    // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_UpdateSecurityHubConfiguration.html
    const hub = new ComposedResource({
      name: 'hub',
      kind: Account,
      externalName: Params.accountId,
      forProvider: { enableDefaultStandards: false },
      patches: [fromComposite('spec.parameters.existingHub', 'spec.managementPolicies', { transforms: [Transforms.map({ Observe: ['Observe'] })] })],
    }).publish('securityHubArn', 'status.atProvider.arn', Schema.arn('ARN of the account\'s Security Hub.'));
    this.compose(hub);

    // Everything below needs an enabled hub: a Required patch from its published ARN holds it back.
    const afterHub = fromComposite('status.securityHubArn', 'metadata.annotations[zerotrust.io/security-hub]', { required: true });

    // Standards subscriptions (FSBP, CIS v3.0.0, NIST SP 800-53 r5 by default): one optional
    // composite per catalog standard, enabled while `standards` lists it.
    for (const [key, standardId] of Object.entries(SECURITY_HUB_STANDARDS)) {
      this.compose(listedComposite({
        name: `${key}Standard`,
        feature: standard,
        list: 'spec.parameters.standards',
        member: standardId,
        parameters: { standard: standardId },
        parameterPatches: [
          commonParameterPassThrough().ref(),
          // Required: the hub is composed alongside and publishes its ARN once enabled.
          fromComposite('status.securityHubArn', 'spec.parameters.securityHubArn', { required: true }),
        ],
      }));
    }

    for (const [name, insight] of Object.entries(INSIGHTS)) {
      this.compose(new ComposedResource({
        name: `${name}Insight`,
        kind: Insight,
        forProvider: { name: suffixed(`zta-${insight.title}`), groupByAttribute: insight.groupBy, filters: insight.filters },
        patches: [afterHub],
      }).publish(`insightArns.${name}`, 'status.atProvider.arn', Schema.arn(`ARN of the custom insight ${insight.title}.`)));
    }

    for (const [name, action] of Object.entries(ACTION_TARGETS)) {
      this.compose(new ComposedResource({
        name: `${name}Action`,
        kind: ActionTarget,
        // The external name is the action's identifier; its ARN is .../action/custom/<identifier>.
        externalName: action.identifier,
        forProvider: { name: action.name, description: action.description },
        patches: [afterHub],
      }).publish(`actionTargetArns.${name}`, 'status.atProvider.arn', Schema.arn(`ARN of the custom action "${action.name}".`)));
    }
  }
}
