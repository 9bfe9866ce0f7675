// The security report (docs/security-report.md, issue 13 item 5): for each control of the catalog
// (compositions/report/controls-catalog.json), whether the baseline PREVENTS it, DETECTS it or does NOT
// COVER it, with the resources that do it, read from rendered claims (never hand-asserted).
//
// - prevented: a Deny statement blocks undoing it (SCP, RCP or permissions boundary) and a rendered
//   resource configures the compliant state (or the deny alone keeps the account compliant);
// - detected: an AWS Config rule (the caller's rule list: charts/compliance.ts COMPLIANCE_RULES), a CloudTrail metric filter with its alarm
//   (security-metric-filters.ts) or a Security Hub standard the organization's configuration policy
//   enables (central configuration, read from the organization render) evaluates it, or an entry of
//   control-evidence.ts names a detecting resource;
// - not covered: neither, with the reason (control-evidence.ts NOT_COVERED).
// Evidence marked partial is listed but never decides the status. Statements of a permissions
// boundary bind only the principals that carry it, so they are always partial.
import { awsNameSources } from '../../renderer/aws/aws-naming';
import type { JsonObject } from '../../renderer/types';
import type { ManagedRule } from '../blocks/detection/config-rules';
import { CATALOG_FRAMEWORKS, CONTROLS_CATALOG, shortControlRef, type CatalogControl, type CatalogFramework } from './controls-catalog';
import { ALL_REGIONS_CONTROLS, CONTROL_EVIDENCE, NOT_COVERED, SECURITY_HUB_CIS_V300_CONTROLS, type ControlEvidence, type EvidenceHow, type NotCovered } from './control-evidence';
import { SECURITY_METRIC_FILTERS } from '../blocks/logging/security-metric-filters';

/** One rendered claim or composite: an account claim, or (later) the organization. */
export interface ReportInput {
  /** e.g. `dev-claim`. */
  readonly name: string;
  /** Account renders must each contain every resource the report names; an organization render adds guardrails. */
  readonly scope: 'account' | 'organization';
  readonly resources: readonly JsonObject[];
  /** The account's allowed regions (onboarding), to show where regional controls are not rendered. */
  readonly allowedRegions?: readonly string[];
}

/** A rendered resource, as the report names it. */
export interface ResourceRef {
  /** The `zerotrust.io/domain` label. */
  readonly domain: string;
  /** The `crossplane.io/composition-resource-name` annotation. */
  readonly resource: string;
  readonly kind: string;
  /** AWS names, one per render that has it (spec.forProvider.name, else the external name). */
  readonly awsNames: readonly string[];
}

/** A Deny statement of a rendered guardrail policy. */
export interface GuardrailStatement {
  readonly input: string;
  readonly policyType: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY' | 'PERMISSIONS_BOUNDARY';
  readonly policy: ResourceRef;
  readonly sid: string;
  readonly actions: readonly string[];
}

export interface Evidence {
  readonly how: EvidenceHow;
  /** What it is, e.g. `SCP statement DenyCloudTrailTampering`, `AWS Config rule MULTI_REGION_CLOUD_TRAIL_ENABLED`; empty for a resource named by control-evidence.ts. */
  readonly source: string;
  readonly resources: readonly ResourceRef[];
  readonly note?: string;
  readonly partial?: string;
  /** A prevents evidence that keeps the account compliant without configuration. */
  readonly alone?: string;
}

export type ControlStatus = 'prevented' | 'detected' | 'not covered';

export interface ControlResult {
  readonly control: CatalogControl;
  readonly status: ControlStatus;
  readonly evidence: readonly Evidence[];
  readonly notCovered?: NotCovered;
}

// ------------------------------------------------------------------ reading renders

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): JsonObject => (v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : {});
const forProvider = (r: JsonObject): JsonObject => obj(obj(r.spec).forProvider);
const group = (r: JsonObject): string => String(r.apiVersion).split('/')[0]!;

function identity(r: JsonObject): { domain: string; resource: string; kind: string; awsName: string } {
  const metadata = obj(r.metadata);
  return {
    domain: str(obj(metadata.labels)['zerotrust.io/domain']) ?? '',
    resource: str(obj(metadata.annotations)['crossplane.io/composition-resource-name']) ?? '',
    kind: String(r.kind),
    // renderer/aws/aws-naming.ts knows where each kind keeps its AWS name; other kinds: forProvider.name, else the external name.
    awsName: (awsNameSources[`${String(r.kind)}.${group(r)}`] === 'externalName' ? undefined : str(forProvider(r).name))
      ?? str(obj(metadata.annotations)['crossplane.io/external-name']) ?? String(metadata.name),
  };
}

/** Merges per-render identities of the same resource into one reference (AWS names in input order). */
function refOf(rs: readonly JsonObject[]): ResourceRef {
  const ids = rs.map(identity);
  return { domain: ids[0]!.domain, resource: ids[0]!.resource, kind: ids[0]!.kind, awsNames: [...new Set(ids.map((i) => i.awsName))] };
}

const ofKind = (input: ReportInput, kind: string, apiGroup: string): JsonObject[] => input.resources.filter((r) => r.kind === kind && group(r) === apiGroup);
const accountInputs = (inputs: readonly ReportInput[]): ReportInput[] => inputs.filter((i) => i.scope === 'account');

/**
 * Evidence made of regional resources -> the allowed regions (`<render> <region>`) where none of
 * them is rendered. Kept beside the evidence (not in it): it decides only controls that must hold in
 * every region (control-evidence.ts ALL_REGIONS_CONTROLS).
 */
const regionsMissing = new WeakMap<Evidence, string[]>();

function withRegions(e: Evidence, found: readonly { input: ReportInput; resources: readonly JsonObject[] }[]): Evidence {
  const missing: string[] = [];
  for (const { input, resources } of found) {
    const rendered = new Set(resources.map((r) => str(forProvider(r).region)).filter((x): x is string => !!x));
    if (rendered.size === 0) continue;
    for (const region of input.allowedRegions ?? []) if (!rendered.has(region)) missing.push(`${input.name} ${region}`);
  }
  if (missing.length > 0) regionsMissing.set(e, missing);
  return e;
}

function denyStatements(document: string): { sid: string; actions: string[] }[] {
  const parsed = JSON.parse(document) as { Statement?: unknown };
  const statements = (Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]) as JsonObject[];
  return statements
    .filter((s) => s && s.Effect === 'Deny')
    .map((s) => ({ sid: str(s.Sid) ?? '', actions: ([] as unknown[]).concat(s.Action ?? s.NotAction ?? []).map(String) }));
}

/**
 * Every Deny statement of every rendered AWS Organizations policy (SCPs and RCPs:
 * Policy.organizations.aws.upbound.io, spec.forProvider.content) in the given renders. The
 * organization render, once it exists, is one more input.
 */
export function organizationPolicyStatements(inputs: readonly ReportInput[]): GuardrailStatement[] {
  const out: GuardrailStatement[] = [];
  for (const input of inputs) {
    for (const p of ofKind(input, 'Policy', 'organizations.aws.upbound.io')) {
      const fp = forProvider(p);
      const type = str(fp.type) ?? 'SERVICE_CONTROL_POLICY';
      if (type !== 'SERVICE_CONTROL_POLICY' && type !== 'RESOURCE_CONTROL_POLICY') continue;
      const content = str(fp.content);
      if (!content) throw new Error(`${input.name}: organizations Policy ${identity(p).resource} has no spec.forProvider.content`);
      for (const s of denyStatements(content)) out.push({ input: input.name, policyType: type, policy: refOf([p]), ...s });
    }
  }
  return out;
}

/** Deny statements of the IAM policies rendered roles use as their permissions boundary. */
export function permissionsBoundaryStatements(inputs: readonly ReportInput[]): GuardrailStatement[] {
  const out: GuardrailStatement[] = [];
  for (const input of inputs) {
    const boundaries = new Set(ofKind(input, 'Role', 'iam.aws.upbound.io').map((r) => str(forProvider(r).permissionsBoundary)).filter((a): a is string => !!a));
    for (const p of ofKind(input, 'Policy', 'iam.aws.upbound.io')) {
      const name = str(forProvider(p).name) ?? identity(p).awsName;
      if (![...boundaries].some((arn) => arn.endsWith(`:policy/${name}`))) continue;
      const document = str(forProvider(p).policy);
      if (!document) continue;
      for (const s of denyStatements(document)) out.push({ input: input.name, policyType: 'PERMISSIONS_BOUNDARY', policy: refOf([p]), ...s });
    }
  }
  return out;
}

// ------------------------------------------------------------------ evidence

function subsetMismatch(expected: unknown, actual: unknown, path: string): string | undefined {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    for (const [k, v] of Object.entries(expected)) {
      const m = subsetMismatch(v, obj(actual)[k], path ? `${path}.${k}` : k);
      if (m) return m;
    }
    return undefined;
  }
  return JSON.stringify(expected) === JSON.stringify(actual) ? undefined : `${path} must be ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

function resolveEntry(controlId: string, e: ControlEvidence, inputs: readonly ReportInput[], statements: readonly GuardrailStatement[]): Evidence {
  const accounts = accountInputs(inputs);
  if (e.how === 'prevents') {
    const found = statements.filter((s) => s.sid === e.sid);
    const where = inputs.map((i) => i.name).join(', ');
    if (found.length === 0) throw new Error(`control-evidence.ts: ${controlId} names guardrail statement '${e.sid}', which no rendered SCP, RCP or permissions boundary contains (renders: ${where})`);
    const inOrganization = found.some((s) => inputs.find((i) => i.name === s.input)?.scope === 'organization');
    const missing = accounts.filter((a) => !found.some((s) => s.input === a.name));
    if (!inOrganization && missing.length > 0) {
      throw new Error(`control-evidence.ts: ${controlId} names guardrail statement '${e.sid}', which ${missing.map((m) => m.name).join(', ')} does not render`);
    }
    const types = new Set(found.map((s) => s.policyType));
    const label = types.has('SERVICE_CONTROL_POLICY') ? 'SCP' : types.has('RESOURCE_CONTROL_POLICY') ? 'RCP' : 'permissions boundary';
    const boundaryOnly = types.size === 1 && types.has('PERMISSIONS_BOUNDARY');
    const policies = new Map<string, GuardrailStatement[]>();
    for (const s of found) policies.set(`${s.policy.domain}/${s.policy.resource}/${s.policy.kind}`, [...(policies.get(`${s.policy.domain}/${s.policy.resource}/${s.policy.kind}`) ?? []), s]);
    const resources = [...policies.values()].map((ss) => ({ ...ss[0]!.policy, awsNames: [...new Set(ss.flatMap((s) => s.policy.awsNames))] }));
    const partial = e.partial ?? (boundaryOnly ? 'binds only the principals that carry the permissions boundary (the baseline\'s roles and the roles they create), not an unbounded account administrator' : undefined);
    return { how: 'prevents', source: `${label} statement ${e.sid}`, resources, ...(e.note ? { note: e.note } : {}), ...(partial ? { partial } : {}), ...(e.alone ? { alone: e.alone } : {}) };
  }
  const matches: JsonObject[] = [];
  const found: { input: ReportInput; resources: JsonObject[] }[] = [];
  for (const input of accounts) {
    const rs = input.resources.filter((r) => {
      const id = identity(r);
      return id.domain === e.domain && id.resource === e.resource;
    });
    if (rs.length === 0) throw new Error(`control-evidence.ts: ${controlId} names resource ${e.domain}/${e.resource}, which ${input.name} does not render`);
    for (const r of rs) {
      const mismatch = e.expect ? subsetMismatch(e.expect, forProvider(r), 'spec.forProvider') : undefined;
      if (mismatch) throw new Error(`control-evidence.ts: ${controlId} expects ${e.domain}/${e.resource} in ${input.name}: ${mismatch}`);
    }
    // The other allowed regions' copies (region slots `<resource>Region<i>`), each as expected.
    const slot = e.regionSlots;
    const slots = slot ? input.resources.filter((r) => {
      const id = identity(r);
      return id.domain === slot.domain && new RegExp(`^${slot.resource}Region[0-9]+$`).test(id.resource);
    }) : [];
    for (const r of slots) {
      const mismatch = slot!.expect ? subsetMismatch(slot!.expect, forProvider(r), 'spec.forProvider') : undefined;
      if (mismatch) throw new Error(`control-evidence.ts: ${controlId} expects ${slot!.domain}/${identity(r).resource} in ${input.name}: ${mismatch}`);
    }
    matches.push(...rs);
    found.push({ input, resources: [...rs, ...slots] });
  }
  const ref = refOf(matches);
  return withRegions({ how: e.how, source: '', resources: [ref], ...(e.note ? { note: e.note } : {}), ...(e.partial ? { partial: e.partial } : {}) }, found);
}

interface FoundInEvery {
  readonly ref: ResourceRef;
  readonly found: { input: ReportInput; resources: JsonObject[] }[];
}

/** The resource `pick` finds in every account render, as one reference (else undefined). */
function inEveryAccount(inputs: readonly ReportInput[], pick: (input: ReportInput) => JsonObject | undefined): FoundInEvery | undefined {
  const accounts = accountInputs(inputs);
  const picked = accounts.map(pick);
  if (accounts.length === 0 || picked.some((f) => !f)) return undefined;
  return { ref: refOf(picked as JsonObject[]), found: accounts.map((input, i) => ({ input, resources: [picked[i]!] })) };
}

/** The organization's Security Hub configuration policy, as far as it reaches every member. */
interface CentralStandard {
  /** Enabled standards, by the `standards/<id>` tail of their ARN. */
  readonly standards: readonly string[];
  /** Whether the policy leaves a Security Hub control (e.g. `IAM.6`) enabled. */
  readonly controlEnabled: (control: string) => boolean;
  /** The configuration policy and its association with the root. */
  readonly refs: readonly ResourceRef[];
}

const SECURITY_HUB_TYPES = { configuration: 'AWS::SecurityHub::OrganizationConfiguration', policy: 'AWS::SecurityHub::ConfigurationPolicy', association: 'AWS::SecurityHub::PolicyAssociation' } as const;

function desiredState(r: JsonObject): JsonObject {
  const raw = str(forProvider(r).desiredState);
  if (!raw) return {};
  try {
    return obj(JSON.parse(raw));
  } catch {
    throw new Error(`cloudcontrol Resource ${identity(r).resource}: spec.forProvider.desiredState is not JSON`);
  }
}

/**
 * Security Hub central configuration in the organization render (XSecurityAdministration, Cloud
 * Control resources): ConfigurationType CENTRAL, a configuration policy with Security Hub enabled,
 * and its association with the root, so it applies to every (centrally managed) member account and
 * linked Region. Anything less (no association, association with an OU, service disabled) credits nothing.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/central-configuration-intro.html
 */
export function centralSecurityHubPolicy(inputs: readonly ReportInput[]): CentralStandard | undefined {
  for (const input of inputs.filter((i) => i.scope === 'organization')) {
    const resources = ofKind(input, 'Resource', 'cloudcontrol.aws.upbound.io');
    const ofType = (type: string) => resources.filter((r) => forProvider(r).typeName === type);
    if (!ofType(SECURITY_HUB_TYPES.configuration).some((r) => desiredState(r).ConfigurationType === 'CENTRAL')) continue;
    for (const policy of ofType(SECURITY_HUB_TYPES.policy)) {
      const securityHub = obj(obj(desiredState(policy).ConfigurationPolicy).SecurityHub);
      if (securityHub.ServiceEnabled !== true) continue;
      // The association names the policy by its id (status.atProvider.id, published by the composite).
      const policyId = str(obj(obj(policy.status).atProvider).id);
      const association = ofType(SECURITY_HUB_TYPES.association).find((a) => {
        const d = desiredState(a);
        return d.TargetType === 'ROOT' && !!policyId && d.ConfigurationPolicyId === policyId;
      });
      if (!association) continue;
      const controls = obj(securityHub.SecurityControlsConfiguration);
      const enabledOnly = Array.isArray(controls.EnabledSecurityControlIdentifiers) ? controls.EnabledSecurityControlIdentifiers.map(String) : undefined;
      const disabled = Array.isArray(controls.DisabledSecurityControlIdentifiers) ? controls.DisabledSecurityControlIdentifiers.map(String) : [];
      const standards = (Array.isArray(securityHub.EnabledStandardIdentifiers) ? securityHub.EnabledStandardIdentifiers : [])
        .map((arn) => /:standards\/(.+)$/.exec(String(arn))?.[1])
        .filter((id): id is string => !!id)
        .map((id) => `standards/${id}`);
      return {
        standards,
        controlEnabled: (control) => (enabledOnly ? enabledOnly.includes(control) : !disabled.includes(control)),
        refs: [refOf([policy]), refOf([association])],
      };
    }
  }
  return undefined;
}

function configRecorderOn(input: ReportInput): boolean {
  return ofKind(input, 'ConfigurationRecorder', 'configservice.aws.upbound.io').length > 0
    && ofKind(input, 'AWSConfigurationRecorderStatus', 'configservice.aws.upbound.io').some((s) => forProvider(s).isEnabled === true);
}

/**
 * Control short ref (`CIS 3.1`, `CloudTrail.1`) -> detections derived from the renders. `configRules` are
 * the managed rules with the controls each evaluates (the compliance chart's COMPLIANCE_RULES: charts/ is
 * not imported here); a rule counts where the renders compose its identifier.
 */
export function derivedDetections(inputs: readonly ReportInput[], configRules: readonly ManagedRule[]): Map<string, Evidence[]> {
  const out = new Map<string, Evidence[]>();
  const add = (ref: string, e: Evidence): void => void out.set(ref, [...(out.get(ref) ?? []), e]);
  const accounts = accountInputs(inputs);

  // AWS Config managed rules, evaluated only while the recorder records.
  if (accounts.length > 0 && accounts.every(configRecorderOn)) {
    // In identifier order, so a control's evidence does not depend on the order of the caller's list.
    for (const { identifier, controls } of [...configRules].sort((a, b) => (a.identifier < b.identifier ? -1 : 1))) {
      const rule = inEveryAccount(inputs, (i) => ofKind(i, 'ConfigRule', 'configservice.aws.upbound.io').find((r) => str(obj(forProvider(r).source).sourceIdentifier) === identifier));
      if (!rule) continue;
      for (const ref of controls) add(ref, withRegions({ how: 'detects', source: `AWS Config rule ${identifier}`, resources: [rule.ref] }, rule.found));
    }
  }

  // CloudTrail metric filters on the trail's log group, each with an alarm that notifies.
  for (const f of SECURITY_METRIC_FILTERS) {
    const pairs = accounts.map((input) => {
      const trailGroups = ofKind(input, 'Trail', 'cloudtrail.aws.upbound.io')
        .map((t) => /:log-group:([^:]+)/.exec(str(forProvider(t).cloudWatchLogsGroupArn) ?? '')?.[1])
        .filter((g): g is string => !!g);
      const filter = ofKind(input, 'MetricFilter', 'cloudwatchlogs.aws.upbound.io').find(
        (m) => forProvider(m).pattern === f.pattern && trailGroups.includes(String(forProvider(m).logGroupName)),
      );
      if (!filter) return undefined;
      const metric = obj(forProvider(filter).metricTransformation);
      const alarm = ofKind(input, 'MetricAlarm', 'cloudwatch.aws.upbound.io').find((a) => {
        const fp = forProvider(a);
        return fp.metricName === metric.name && fp.namespace === metric.namespace && fp.actionsEnabled !== false && Array.isArray(fp.alarmActions) && fp.alarmActions.length > 0;
      });
      return alarm ? { filter, alarm } : undefined;
    });
    if (accounts.length === 0 || pairs.some((p) => !p)) continue;
    const resources = [refOf(pairs.map((p) => p!.filter)), refOf(pairs.map((p) => p!.alarm))];
    for (const ref of f.controls) add(ref, { how: 'detects', source: 'CloudTrail metric filter and alarm', resources });
  }

  // Security Hub standards: every enabled control of a standard the organization's configuration
  // policy enables is evaluated in each member (its hub observed, enabled by that policy).
  const hub = inEveryAccount(inputs, (i) => ofKind(i, 'Account', 'securityhub.aws.upbound.io')[0]);
  const central = hub && centralSecurityHubPolicy(inputs);
  const standard = (id: string): CentralStandard | undefined => (central?.standards.includes(`standards/${id}`) ? central : undefined);
  const fsbp = standard('aws-foundational-security-best-practices/v/1.0.0');
  if (fsbp && hub) {
    for (const c of CONTROLS_CATALOG.filter((x) => x.framework === 'FSBP' && fsbp.controlEnabled(x.control))) {
      add(c.control, withRegions({ how: 'detects', source: `Security Hub FSBP v1.0.0 control ${c.control}`, resources: [hub.ref, ...fsbp.refs] }, hub.found));
    }
  }
  const cis = standard('cis-aws-foundations-benchmark/v/3.0.0');
  if (cis && hub) {
    for (const [cisId, shControl] of Object.entries(SECURITY_HUB_CIS_V300_CONTROLS)) {
      if (!cis.controlEnabled(shControl)) continue;
      add(`CIS ${cisId}`, withRegions({ how: 'detects', source: `Security Hub CIS v3.0.0 control ${shControl}`, resources: [hub.ref, ...cis.refs] }, hub.found));
    }
  }
  return out;
}

function statusOf(evidence: readonly Evidence[]): ControlStatus {
  const decisive = evidence.filter((e) => !e.partial);
  const prevents = decisive.filter((e) => e.how === 'prevents');
  if (prevents.length > 0 && (prevents.some((e) => e.alone) || decisive.some((e) => e.how === 'configures'))) return 'prevented';
  if (decisive.some((e) => e.how === 'detects')) return 'detected';
  return 'not covered';
}

/**
 * Every catalog control with its status and evidence; throws on any entry the renders contradict.
 * `configRules`: the managed rules and their controls (derivedDetections).
 */
export function assessControls(inputs: readonly ReportInput[], configRules: readonly ManagedRule[], catalog: readonly CatalogControl[] = CONTROLS_CATALOG): ControlResult[] {
  const ids = new Set(catalog.map((c) => c.id));
  for (const id of [...Object.keys(CONTROL_EVIDENCE), ...Object.keys(NOT_COVERED)]) {
    if (!ids.has(id)) throw new Error(`control-evidence.ts: '${id}' is not a control of compositions/report/controls-catalog.json`);
  }
  const statements = [...organizationPolicyStatements(inputs), ...permissionsBoundaryStatements(inputs)];
  const derived = derivedDetections(inputs, configRules);
  return catalog.map((control) => {
    const all = [...(CONTROL_EVIDENCE[control.id] ?? []).map((e) => resolveEntry(control.id, e, inputs, statements)), ...(derived.get(shortControlRef(control)) ?? [])];
    // A control that must hold in every region is covered only by evidence rendered in every allowed region.
    const evidence = ALL_REGIONS_CONTROLS.has(control.id)
      ? all.map((e) => {
        const missing = regionsMissing.get(e);
        return missing && !e.partial ? { ...e, partial: `not rendered in ${missing.join(', ')}, which the account allows` } : e;
      })
      : all;
    const status = statusOf(evidence);
    const explained = NOT_COVERED[control.id];
    if (status !== 'not covered' && explained) {
      throw new Error(`control-evidence.ts: NOT_COVERED explains why ${control.id} is not covered, but the renders show it ${status}: remove the entry`);
    }
    if (status !== 'not covered') return { control, status, evidence };
    const notCovered: NotCovered = explained
      ?? (control.assessment === 'Manual'
        ? { reason: 'manual', detail: 'CIS assessment Manual' }
        : { reason: 'gap', detail: 'no rendered resource prevents or detects it' });
    return { control, status, evidence, notCovered };
  });
}

// ------------------------------------------------------------------ regions

/**
 * Regional singletons that make the account-level controls hold in a region (AWS Config, Security
 * Hub, IAM Access Analyzer and EBS default encryption are configured per region).
 */
export const REGIONAL_SINGLETONS: readonly { readonly kind: string; readonly group: string; readonly controls: string }[] = [
  { kind: 'ConfigurationRecorder', group: 'configservice.aws.upbound.io', controls: 'CIS 3.3, Config.1 and every AWS Config rule' },
  { kind: 'Account', group: 'securityhub.aws.upbound.io', controls: 'CIS 4.16 and every Security Hub standard' },
  { kind: 'Analyzer', group: 'accessanalyzer.aws.upbound.io', controls: 'CIS 1.20' },
  { kind: 'EBSEncryptionByDefault', group: 'ec2.aws.upbound.io', controls: 'CIS 2.2.1, EC2.7' },
];

export interface RegionGap {
  readonly input: string;
  readonly region: string;
  /** Kinds of REGIONAL_SINGLETONS not rendered in that region. */
  readonly missing: readonly string[];
}

/** Per account render and allowed region, the regional singletons rendered nowhere in that region. */
export function regionGaps(inputs: readonly ReportInput[]): RegionGap[] {
  const out: RegionGap[] = [];
  for (const input of accountInputs(inputs)) {
    for (const region of input.allowedRegions ?? []) {
      const missing = REGIONAL_SINGLETONS.filter((s) => !ofKind(input, s.kind, s.group).some((r) => forProvider(r).region === region)).map((s) => s.kind);
      if (missing.length > 0) out.push({ input: input.name, region, missing });
    }
  }
  return out;
}

// ------------------------------------------------------------------ markdown

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function describeRef(r: ResourceRef): string {
  return `${r.domain}/${r.resource} (${r.kind}: ${r.awsNames.map((n) => `\`${n}\``).join(', ')})`;
}

function describeEvidence(e: Evidence): string {
  const extra = [e.alone ? `alone: ${e.alone}` : '', e.note ?? '', e.partial ? `partial: ${e.partial}` : ''].filter(Boolean).join('; ');
  return `**${e.how}**: ${e.source ? `${e.source}, ` : ''}${e.resources.map(describeRef).join(' + ')}${extra ? ` (${extra})` : ''}`;
}

export interface ReportCounts {
  readonly controls: number;
  readonly prevented: number;
  readonly detected: number;
  readonly notCovered: number;
}

export function countStatuses(results: readonly ControlResult[]): ReportCounts {
  return {
    controls: results.length,
    prevented: results.filter((r) => r.status === 'prevented').length,
    detected: results.filter((r) => r.status === 'detected').length,
    notCovered: results.filter((r) => r.status === 'not covered').length,
  };
}

/** The report's markdown. */
export function securityReportMarkdown(inputs: readonly ReportInput[], results: readonly ControlResult[]): string {
  const lines: string[] = [];
  const push = (...l: string[]): void => void lines.push(...l);
  const of = (f: CatalogFramework): ControlResult[] => results.filter((r) => r.control.framework === f);
  const cis = of('CIS v3.0.0');
  const summaryRow = (label: string, rs: readonly ControlResult[]): string => {
    const c = countStatuses(rs);
    return `| ${label} | ${c.controls} | ${c.prevented} | ${c.detected} | ${c.notCovered} |`;
  };
  push(
    '# Security report',
    '',
    '<!-- Generated by `npm run report` (scripts/security-report.ts); do not edit. -->',
    '',
    `Per control of the CIS AWS Foundations Benchmark v3.0.0 and the Security Hub FSBP v1.0.0 controls in`,
    '`compositions/report/controls-catalog.json`: whether the baseline **prevents** it (a Deny statement of an SCP, RCP or',
    'permissions boundary blocks undoing it, and a rendered resource configures it, or the deny alone keeps the',
    'account compliant), **detects** it (an AWS Config rule, a CloudTrail metric filter with its alarm, or a',
    'Security Hub standard that the organization\'s central configuration policy enables in every member evaluates',
    'it), or does **not cover** it, and which rendered resources do it',
    '(`domain/composition-resource-name (Kind: AWS names)`). Evidence marked partial covers only part of the',
    'control and does not decide the status. Read from the renders of:',
    '',
    ...inputs.map((i) => `- \`${i.name}\` (${i.scope}, ${i.resources.length} composed resources)`),
    '',
    'Mapping that cannot be derived from the renders lives in `compositions/report/control-evidence.ts`; the generator',
    'fails when an entry names a resource or statement the renders do not contain. "Prevents" says that the Deny',
    'statement is rendered, not that it holds against every path around it (its exempt principals included): that',
    'is what the policy-simulator scenario tests prove.',
    '',
    '## Summary',
    '',
    '| framework | controls | prevented | detected | not covered |',
    '|---|---|---|---|---|',
    summaryRow('CIS v3.0.0 (all)', cis),
    summaryRow('CIS v3.0.0 automated', cis.filter((r) => r.control.assessment === 'Automated')),
    summaryRow('CIS v3.0.0 manual', cis.filter((r) => r.control.assessment === 'Manual')),
    summaryRow('Security Hub FSBP v1.0.0', of('FSBP')),
    '',
  );
  const regions = regionGaps(inputs);
  push('## Regions', '');
  push(
    'The statuses hold where the regional singletons are rendered: AWS Config, Security Hub, IAM Access Analyzer and EBS',
    'default encryption are per region (the trail is multi-Region, so the metric filters see every region).',
    '',
  );
  if (regions.length === 0) push('Every allowed region of every account render has them all.', '');
  else {
    push('Allowed regions without them (there, the controls they carry are neither prevented nor detected):', '', '| render | region | not rendered there | controls affected |', '|---|---|---|---|');
    for (const g of regions) {
      push(`| ${g.input} | ${g.region} | ${g.missing.join(', ')} | ${REGIONAL_SINGLETONS.filter((s) => g.missing.includes(s.kind)).map((s) => s.controls).join('; ')} |`);
    }
    push('');
  }
  const gaps = cis.filter((r) => r.status === 'not covered' && r.control.assessment === 'Automated');
  push('## Gaps: automated CIS v3.0.0 controls neither prevented nor detected', '');
  if (gaps.length === 0) push('None.', '');
  else push(...gaps.map((r) => `- CIS ${r.control.control} ${cell(r.control.title)}: ${cell(r.notCovered!.detail)}`), '');

  for (const framework of Object.keys(CATALOG_FRAMEWORKS) as CatalogFramework[]) {
    push(`## ${CATALOG_FRAMEWORKS[framework]}`, '');
    const isCis = framework === 'CIS v3.0.0';
    push(isCis ? '| control | title | assessment | level | status | evidence |' : '| control | title | severity | status | evidence |');
    push(isCis ? '|---|---|---|---|---|---|' : '|---|---|---|---|---|');
    for (const r of of(framework)) {
      const evidence = r.evidence.map(describeEvidence);
      if (r.notCovered) evidence.unshift(`**not covered** (${r.notCovered.reason}): ${r.notCovered.detail}`);
      const facts = isCis ? [r.control.assessment ?? '', String(r.control.level ?? '')] : [r.control.severity ?? ''];
      push(`| ${r.control.control} | ${cell(r.control.title)} | ${facts.join(' | ')} | ${r.status} | ${cell(evidence.join('<br>'))} |`);
    }
    push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
