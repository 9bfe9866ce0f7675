// Security Hub in a member account: the hub, observed (the organization's central configuration
// enables it and decides its standards and controls), custom insights that put the critical findings
// on one page, and action targets the SOC uses to send a finding to automation by hand.
import type { Construct } from 'constructs';
import { Account, ActionTarget, InsightV1Beta2 as Insight } from '../imports/securityhub.aws.upbound.io';
import { ComposedResource, DomainChart, fromComposite, Params, suffixed, Schema } from '../compositions';

/**
 * The standards Security Hub offers, by the id part of their ARN
 * `arn:aws:securityhub:<region>::standards/<id>` (CIS 1.2.0 has a different, `ruleset/` ARN and is
 * deliberately not offered). The organization's configuration policy (XSecurityAdministration)
 * enables DEFAULT_STANDARDS in every account and linked Region: under central configuration only the
 * delegated administrator may change a centrally managed account's standards, so members subscribe none.
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

/**
 * Custom actions analysts pick in the console; each emits a `Security Hub Findings - Custom Action` event.
 * The identifier is unique per account and Region (its ARN is .../action/custom/<identifier>) and is
 * "up to 20 alphanumeric characters" (no hyphen): a short base plus the environment suffix
 * ([a-z0-9], at most MAX_SUFFIX_LENGTH) keeps two environments sharing an account apart (issue 13).
 * The display name "can contain up to 20 characters" too.
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_CreateActionTarget.html
 * https://docs.aws.amazon.com/cli/latest/reference/securityhub/create-action-target.html
 * test/charts/security-hub.test.ts holds every base and name to these limits at the longest suffix.
 */
export const ACTION_TARGET_ID_MAX_LENGTH = 20;
export const ACTION_TARGETS: Record<string, { base: string; name: string; description: string }> = {
  isolate: { base: 'ZtaIso', name: 'Isolate resource', description: 'Send the finding to the SOC automation to isolate the affected resource' },
  escalate: { base: 'ZtaEsc', name: 'Escalate to SOC', description: 'Send the finding to the SOC on-call for manual response' },
};
/** The action target identifier for an environment (a token in the chart, a literal in tests). */
export const actionTargetId = (name: keyof typeof ACTION_TARGETS | string, environment: string = Params.environmentSuffix): string => {
  const base = ACTION_TARGETS[name]?.base;
  if (!base) throw new Error(`actionTargetId: unknown action target '${name}', expected one of ${Object.keys(ACTION_TARGETS).join(', ')}`);
  return `${base}${environment}`;
};

export class SecurityHubChart extends DomainChart {
  /** Composed once by XZeroTrustAccount (charts/index.ts finds it by this). */
  public static readonly composedBy = 'account';

  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XSecurityHub',
      domain: 'securityHub',
      readme: {
        title: 'Security Hub',
        controls: 'the account\'s Security Hub, observed only (the organization\'s central configuration enables it with FSBP, CIS v3.0.0 and NIST SP 800-53 r5 and every control: `XSecurityAdministration`; only the delegated administrator may change a centrally managed account\'s standards, so a member subscribes none), custom insights for critical findings, action targets for manual response (identifiers `ZtaIso<env>`, `ZtaEsc<env>`: account-regional, at most 20 alphanumerics)',
      },
      description: 'The account\'s Security Hub (enabled by the organization\'s central configuration, observed here), custom insights for critical findings, and custom actions for manual response.',
    });

    // Security Hub enabled (CIS 4.16 in v3.0.0): the organization's configuration policy, associated
    // with the root by the delegated administrator (XSecurityAdministration), enables it with the
    // baseline standards in every member and linked Region. Under central configuration "only the
    // delegated Security Hub administrator can configure settings for centrally managed accounts"
    // (enable, disable, standards, controls): a member-side Account or StandardsSubscription would be
    // refused and never converge, so the hub is observed only, by the account id.
    // https://docs.aws.amazon.com/securityhub/latest/userguide/central-configuration-management-type.html
    new ComposedResource(this, {
      name: 'hub',
      kind: Account,
      observeOnly: true,
      externalName: Params.accountId,
      forProvider: {},
    }).publish('securityHubArn', 'status.atProvider.arn', Schema.arn('ARN of the account\'s Security Hub (enabled by the organization).'));

    // Insights and action targets stay account-local: they are not among the settings a configuration
    // policy carries (service, standards, controls), and the allowed-actions table for central
    // configuration leaves custom insights and custom actions to each account.
    // https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-accounts-allowed-actions.html
    // Both need the enabled hub: a Required patch from its published ARN holds them back.
    const afterHub = fromComposite('status.securityHubArn', 'metadata.annotations[zerotrust.io/security-hub]', { required: true });

    for (const [name, insight] of Object.entries(INSIGHTS)) {
      new ComposedResource(this, {
        name: `${name}Insight`,
        kind: Insight,
        forProvider: { name: suffixed(`zta-${insight.title}`), groupByAttribute: insight.groupBy, filters: insight.filters },
        patches: [afterHub],
      }).publish(`insightArns.${name}`, 'status.atProvider.arn', Schema.arn(`ARN of the custom insight ${insight.title}.`));
    }

    for (const [name, action] of Object.entries(ACTION_TARGETS)) {
      new ComposedResource(this, {
        name: `${name}Action`,
        kind: ActionTarget,
        // The external name is the action's identifier; its ARN is .../action/custom/<identifier>.
        externalName: actionTargetId(name),
        forProvider: { name: action.name, description: action.description },
        patches: [afterHub],
      }).publish(`actionTargetArns.${name}`, 'status.atProvider.arn', Schema.arn(`ARN of the custom action "${action.name}".`));
    }
  }
}
