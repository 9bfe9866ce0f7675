// The security report (docs/security-report.md) is generated from the rendered example claims:
// these tests pin what it reads from the renders, and that it refuses to claim what is not rendered.
import * as fs from 'node:fs';
import { COMPLIANCE_RULES } from '../../../charts/compliance';
import { CONTROL_EVIDENCE, NOT_COVERED, type ControlEvidence, type NotCovered } from '../../../compositions/report/control-evidence';
import { CIS_MONITORING_FILTERS } from '../../../compositions/blocks/logging/security-metric-filters';
import {
  assessControls,
  countStatuses,
  derivedDetections,
  regionGaps,
  organizationPolicyStatements,
  permissionsBoundaryStatements,
  securityReportMarkdown,
  type ControlResult,
  type ReportInput,
} from '../../../compositions/report/security-report';
import type { JsonObject } from '../../../renderer/types';
import { generateSecurityReport, reportInputs, SECURITY_REPORT_FILE } from '../../../scripts/security-report';

const inputs = reportInputs();
const results = assessControls(inputs, COMPLIANCE_RULES);
const result = (id: string): ControlResult => {
  const r = results.find((x) => x.control.id === id);
  if (!r) throw new Error(`no result for ${id}`);
  return r;
};
const crn = (r: JsonObject): string => ((r.metadata as JsonObject).annotations as Record<string, string>)['crossplane.io/composition-resource-name']!;

/** The example renders with `change` applied to a deep copy (the cached renders stay untouched). */
function changed(change: (input: { name: string; resources: JsonObject[] }) => void): ReportInput[] {
  return inputs.map((i) => {
    const copy = { ...i, resources: structuredClone(i.resources) as JsonObject[] };
    change(copy);
    return copy;
  });
}

/** Runs `body` with one extra or replaced entry in a module-level table, restoring it afterwards. */
function withEntry<T>(table: Readonly<Record<string, T>>, id: string, value: T, body: () => void): void {
  const t = table as Record<string, T>;
  const had = Object.hasOwn(t, id);
  const before = t[id];
  t[id] = value;
  try {
    body();
  } finally {
    if (had) t[id] = before!;
    else delete t[id];
  }
}

describe('docs/security-report.md', () => {
  test('equals what `npm run report` generates from the rendered examples (run it after npm run synth and commit)', () => {
    expect(fs.readFileSync(SECURITY_REPORT_FILE, 'utf8')).toBe(generateSecurityReport(inputs));
  });

  test('reads the three example claims as account renders and the example organization composite', () => {
    expect(inputs.map((i) => [i.name, i.scope])).toEqual([['dev-claim', 'account'], ['prod-claim', 'account'], ['lending-claim', 'account'], ['organization', 'organization']]);
  });

  test('summary: CIS v3.0.0 automated 54 = 14 prevented (1.8, 1.9 by the SCP password-policy deny) + 40 detected (5.3 by vpc-sg-port-restriction-check) + 0 not covered; FSBP 46 = 7 + 39 + 0', () => {
    const automated = results.filter((r) => r.control.framework === 'CIS v3.0.0' && r.control.assessment === 'Automated');
    expect(countStatuses(automated)).toEqual({ controls: 54, prevented: 14, detected: 40, notCovered: 0 });
    expect(automated.find((r) => r.control.control === '5.3')?.status).toBe('detected');
    expect(countStatuses(results.filter((r) => r.control.framework === 'FSBP'))).toEqual({ controls: 46, prevented: 7, detected: 39, notCovered: 0 });
    const report = fs.readFileSync(SECURITY_REPORT_FILE, 'utf8');
    expect(report).toContain('| CIS v3.0.0 automated | 54 | 14 | 40 | 0 |');
    expect(report).toContain('## Gaps: automated CIS v3.0.0 controls neither prevented nor detected');
  });
});

describe('evidence read from the renders', () => {
  test('CIS 3.1 is prevented: configured by the multi-Region trail, the SCP denies tampering, MULTI_REGION_CLOUD_TRAIL_ENABLED detects', () => {
    const r = result('CIS-v3.0.0-3.1');
    expect(r.status).toBe('prevented');
    expect(r.evidence).toEqual(expect.arrayContaining([
      expect.objectContaining({ how: 'configures', resources: [{ domain: 'auditLogging', resource: 'trail', kind: 'Trail', awsNames: ['zta-trail-dev', 'zta-trail-prod'] }] }),
      expect.objectContaining({
        how: 'prevents',
        source: 'SCP statement DenyCloudTrailTampering',
        // The organization's baseline SCP of each OU the example accounts sit in.
        resources: [
          { domain: 'guardrails', resource: 'target0BaselineScp', kind: 'Policy', awsNames: ['zta-protect-baseline-ou-ab12-devaccts-org'] },
          { domain: 'guardrails', resource: 'target1BaselineScp', kind: 'Policy', awsNames: ['zta-protect-baseline-ou-ab12-prodaccts-org'] },
        ],
      }),
      {
        how: 'detects',
        source: 'AWS Config rule MULTI_REGION_CLOUD_TRAIL_ENABLED',
        resources: [{ domain: 'compliance', resource: 'ruleMultiRegionCloudTrail', kind: 'ConfigRule', awsNames: ['zta-multi-region-cloudtrail-enabled-dev', 'zta-multi-region-cloudtrail-enabled-prod'] }],
      },
    ]));
  });

  test('CIS 4.1-4.15 are detected by their metric filter on the trail log group and its alarm, named zta-<slug>-<suffix>', () => {
    expect(CIS_MONITORING_FILTERS).toHaveLength(15);
    for (const f of CIS_MONITORING_FILTERS) {
      const r = result(f.id);
      expect(r.status).toBe('detected');
      const names = [`zta-${f.slug}-dev`, `zta-${f.slug}-prod`];
      expect(r.evidence).toContainEqual({
        how: 'detects',
        source: 'CloudTrail metric filter and alarm',
        resources: [
          { domain: 'securityMonitoring', resource: `${f.resourceName}Filter`, kind: 'MetricFilter', awsNames: names },
          { domain: 'securityMonitoring', resource: `${f.resourceName}Alarm`, kind: 'MetricAlarm', awsNames: names },
        ],
      });
    }
    expect(result('CIS-v3.0.0-4.3').evidence[0]!.resources[1]!.awsNames).toEqual(['zta-cis-4-3-root-account-usage-dev', 'zta-cis-4-3-root-account-usage-prod']);
  });

  test('a metric filter whose alarm notifies nobody detects nothing', () => {
    const silenced = changed((i) => {
      for (const r of i.resources) if (crn(r) === 'unauthorizedApiCallsAlarm') delete ((r.spec as JsonObject).forProvider as JsonObject).alarmActions;
    });
    expect(derivedDetections(silenced, COMPLIANCE_RULES).get('CIS 4.1')).toBeUndefined();
    expect(derivedDetections(inputs, COMPLIANCE_RULES).get('CIS 4.1')).toHaveLength(1);
  });

  test('Config rules detect only while the recorder records: with the recorder status disabled no rule counts', () => {
    const stopped = changed((i) => {
      for (const r of i.resources) if (r.kind === 'AWSConfigurationRecorderStatus') ((r.spec as JsonObject).forProvider as JsonObject).isEnabled = false;
    });
    const sources = [...derivedDetections(stopped, COMPLIANCE_RULES).values()].flat().map((e) => e.source);
    expect(sources.filter((s) => s.startsWith('AWS Config rule'))).toEqual([]);
    expect(derivedDetections(inputs, COMPLIANCE_RULES).get('CIS 1.5')).toEqual([expect.objectContaining({ source: 'AWS Config rule ROOT_ACCOUNT_MFA_ENABLED' })]);
  });

  test('Config rule controls come from the caller\'s rule list (COMPLIANCE_RULES), in identifier order whatever the list\'s order', () => {
    const configEvidence = (rules: typeof COMPLIANCE_RULES) => [...derivedDetections(inputs, rules)].map(([ref, es]) => [ref, es.filter((e) => e.source.startsWith('AWS Config rule')).map((e) => e.source)]);
    expect(configEvidence([...COMPLIANCE_RULES].reverse())).toEqual(configEvidence(COMPLIANCE_RULES));
    expect(derivedDetections(inputs, COMPLIANCE_RULES).get('CIS 5.2')!.map((e) => e.source)).toEqual([
      'AWS Config rule INCOMING_SSH_DISABLED', 'AWS Config rule RESTRICTED_INCOMING_TRAFFIC', 'AWS Config rule VPC_SG_PORT_RESTRICTION_CHECK',
    ]);
    const withoutRootMfa = COMPLIANCE_RULES.filter((r) => r.identifier !== 'ROOT_ACCOUNT_MFA_ENABLED');
    expect(derivedDetections(inputs, withoutRootMfa).get('CIS 1.5')).toBeUndefined();
  });

  test('Security Hub: the organization\'s configuration policy (FSBP) detects every FSBP control; its CIS v3.0.0 detects 1.6 through IAM.6', () => {
    for (const r of results.filter((x) => x.control.framework === 'FSBP')) {
      expect(r.evidence).toContainEqual(expect.objectContaining({ how: 'detects', source: `Security Hub FSBP v1.0.0 control ${r.control.control}` }));
    }
    const cis16 = result('CIS-v3.0.0-1.6');
    expect(cis16.status).toBe('detected');
    expect(cis16.evidence).toEqual([expect.objectContaining({ source: 'Security Hub CIS v3.0.0 control IAM.6' })]);
    expect(cis16.evidence[0]!.resources.map((x) => `${x.domain}/${x.resource}/${x.kind}`)).toEqual([
      'securityHub/hub/Account', 'securityAdministration/securityHubConfigurationPolicy/Resource', 'securityAdministration/securityHubPolicyAssociation/Resource',
    ]);
    // No member render subscribes a standard: the credit comes from the organization render alone.
    for (const i of inputs.filter((x) => x.scope === 'account')) expect(i.resources.filter((r) => r.kind === 'StandardsSubscription')).toEqual([]);
  });

  const typeName = (r: JsonObject) => ((r.spec as JsonObject).forProvider as JsonObject).typeName;
  const editDesired = (i: { resources: JsonObject[] }, type: string, edit: (d: JsonObject) => void) => {
    for (const r of i.resources.filter((x) => x.kind === 'Resource' && typeName(x) === type)) {
      const fp = (r.spec as JsonObject).forProvider as JsonObject;
      const d = JSON.parse(String(fp.desiredState)) as JsonObject;
      edit(d);
      fp.desiredState = JSON.stringify(d);
    }
  };
  const policyHub = (d: JsonObject) => (d.ConfigurationPolicy as JsonObject).SecurityHub as JsonObject;

  test.each<[string, (i: { name: string; resources: JsonObject[] }) => void]>([
    ['the CIS v3.0.0 standard is not in the policy', (i) => editDesired(i, 'AWS::SecurityHub::ConfigurationPolicy', (d) => {
      policyHub(d).EnabledStandardIdentifiers = (policyHub(d).EnabledStandardIdentifiers as string[]).filter((a) => !a.includes('cis-aws-foundations-benchmark'));
    })],
    ['the policy is associated with an OU, not the root', (i) => editDesired(i, 'AWS::SecurityHub::PolicyAssociation', (d) => { d.TargetType = 'ORGANIZATIONAL_UNIT'; d.TargetId = 'ou-ab12-34cd56ef'; })],
    ['the association names another policy', (i) => editDesired(i, 'AWS::SecurityHub::PolicyAssociation', (d) => { d.ConfigurationPolicyId = '00000000-0000-0000-0000-000000000000'; })],
    ['the policy disables Security Hub', (i) => editDesired(i, 'AWS::SecurityHub::ConfigurationPolicy', (d) => { policyHub(d).ServiceEnabled = false; })],
    ['the organization configuration is LOCAL', (i) => editDesired(i, 'AWS::SecurityHub::OrganizationConfiguration', (d) => { d.ConfigurationType = 'LOCAL'; })],
    ['the organization render is missing', (i) => { if (i.name === 'organization') i.resources = []; }],
    ['a member does not observe its hub', (i) => { if (i.name === 'lending-claim') i.resources = i.resources.filter((r) => r.kind !== 'Account'); }],
  ])('no Security Hub CIS credit when %s', (_what, change) => {
    const derived = derivedDetections(changed(change), COMPLIANCE_RULES);
    expect(derived.get('CIS 1.6')).toBeUndefined();
  });

  test('a control the policy disables is not credited; the rest of the standard still is', () => {
    const disabled = changed((i) => editDesired(i, 'AWS::SecurityHub::ConfigurationPolicy', (d) => {
      (policyHub(d).SecurityControlsConfiguration as JsonObject).DisabledSecurityControlIdentifiers = ['IAM.6'];
    }));
    const derived = derivedDetections(disabled, COMPLIANCE_RULES);
    expect(derived.get('CIS 1.6')).toBeUndefined();
    expect(derived.get('IAM.6')).toBeUndefined();
    expect(derived.get('CIS 1.12')).toEqual([expect.objectContaining({ source: 'Security Hub CIS v3.0.0 control IAM.22' })]);
    expect(derived.get('IAM.2')).toContainEqual(expect.objectContaining({ source: 'Security Hub FSBP v1.0.0 control IAM.2' }));
  });

  test('manual CIS controls are listed as not covered with their reason; 1.2 is prevented (the security contact and the SCP), 1.22 is detected by Security Hub IAM.27', () => {
    const manual = results.filter((r) => r.control.assessment === 'Manual');
    expect(manual.map((r) => [r.control.control, r.status, r.notCovered?.reason])).toEqual([
      ['1.1', 'not covered', 'manual'],
      ['1.2', 'prevented', undefined],
      ['1.3', 'not covered', 'manual'],
      ['1.18', 'not covered', 'manual'],
      ['1.21', 'not covered', 'out of account scope'],
      ['1.22', 'detected', undefined],
      ['2.1.3', 'not covered', 'manual'],
      ['5.5', 'not covered', 'manual'],
    ]);
    expect(result('CIS-v3.0.0-1.3').notCovered!.detail).toBe('security questions are a console-only setting with no API');
    expect(fs.readFileSync(SECURITY_REPORT_FILE, 'utf8')).toContain('| 1.3 | Ensure security questions are registered in the AWS account | Manual | 1 | not covered | **not covered** (manual): security questions are a console-only setting with no API |');
  });

  test('a manual CIS control without a written reason is still listed as not covered, with the assessment as its reason', () => {
    const table = NOT_COVERED as Record<string, NotCovered>;
    const written = table['CIS-v3.0.0-1.1']!;
    delete table['CIS-v3.0.0-1.1'];
    try {
      expect(assessControls(inputs, COMPLIANCE_RULES).find((r) => r.control.id === 'CIS-v3.0.0-1.1')).toMatchObject({ status: 'not covered', notCovered: { reason: 'manual', detail: 'CIS assessment Manual' } });
    } finally {
      table['CIS-v3.0.0-1.1'] = written;
    }
  });

  test('every CIS control that is not covered has its reason written in control-evidence.ts NOT_COVERED', () => {
    const unexplained = results.filter((r) => r.control.framework === 'CIS v3.0.0' && r.status === 'not covered' && !NOT_COVERED[r.control.id]);
    expect(unexplained.map((r) => r.control.id)).toEqual([]);
  });

  test('permissions-boundary statements are listed as partial and never decide the status (CIS 1.10)', () => {
    const r = result('CIS-v3.0.0-1.10');
    expect(r.status).toBe('detected');
    expect(r.evidence).toContainEqual(expect.objectContaining({
      how: 'prevents',
      source: 'permissions boundary statement DenyNewIdentitiesAndCredentials',
      partial: expect.stringContaining('not an unbounded account administrator'),
    }));
  });
});

describe('regions', () => {
  test('in the allowed regions besides home (prod-claim eu-west-1, lending-claim eu-west-2) every regional singleton is rendered but the member hub, which the Security Hub administrator enables there; dev-claim has none missing', () => {
    expect(inputs.map((i) => [i.name, i.allowedRegions])).toEqual([['dev-claim', ['eu-west-1']], ['prod-claim', ['eu-central-1', 'eu-west-1']], ['lending-claim', ['eu-west-1', 'eu-west-2']], ['organization', undefined]]);
    expect(regionGaps(inputs)).toEqual([
      { input: 'prod-claim', region: 'eu-west-1', missing: ['Account'] },
      { input: 'lending-claim', region: 'eu-west-2', missing: ['Account'] },
    ]);
    expect(fs.readFileSync(SECURITY_REPORT_FILE, 'utf8')).toContain('| prod-claim | eu-west-1 | Account |');
  });

  test('Security Hub Config.1 is only detected: the recorder configuration is partial (custom role, not the service-linked role)', () => {
    const r = result('SH-Config.1');
    expect(r.status).toBe('detected');
    expect(r.evidence.filter((e) => e.how === 'configures').every((e) => e.partial?.includes('service-linked role'))).toBe(true);
  });

  test('"in all regions" controls (CIS 1.20, 2.2.1, 3.3) are prevented: the home resource and the region slots of every other allowed region; without prod-claim\'s slots they are not covered', () => {
    for (const id of ['CIS-v3.0.0-1.20', 'CIS-v3.0.0-2.2.1', 'CIS-v3.0.0-3.3']) {
      expect(result(id).status).toBe('prevented');
      expect(result(id).evidence.filter((e) => e.how === 'configures').every((e) => e.partial === undefined)).toBe(true);
    }
    // CIS 3.1 is one multi-Region trail: no region rule applies to it.
    expect(result('CIS-v3.0.0-3.1').status).toBe('prevented');
    const withoutSlots = inputs.map((i) => (i.name === 'prod-claim' ? { ...i, resources: i.resources.filter((r) => !/Region[0-9]+$/.test(crn(r))) } : i));
    const without = assessControls(withoutSlots, COMPLIANCE_RULES);
    for (const id of ['CIS-v3.0.0-1.20', 'CIS-v3.0.0-2.2.1', 'CIS-v3.0.0-3.3']) {
      const r = without.find((x) => x.control.id === id)!;
      expect({ id, status: r.status }).toEqual({ id, status: 'not covered' });
    }
    expect(without.find((x) => x.control.id === 'CIS-v3.0.0-2.2.1')!.evidence).toContainEqual(expect.objectContaining({
      source: 'AWS Config rule EC2_EBS_ENCRYPTION_BY_DEFAULT',
      partial: 'not rendered in prod-claim eu-west-1, lending-claim eu-west-2, which the account allows',
    }));
  });

  test('the report lists an automated CIS control neither prevented nor detected under Gaps, with why; with every control covered, Gaps says None', () => {
    const section = (markdown: string): string => {
      const start = markdown.indexOf('## Gaps: automated CIS v3.0.0 controls neither prevented nor detected');
      return markdown.slice(start, markdown.indexOf('\n## ', start + 1));
    };
    const withoutSlots = inputs.map((i) => (i.name === 'prod-claim' ? { ...i, resources: i.resources.filter((r) => !/Region[0-9]+$/.test(crn(r))) } : i));
    expect(section(securityReportMarkdown(withoutSlots, assessControls(withoutSlots, COMPLIANCE_RULES))).split('\n')).toEqual([
      '## Gaps: automated CIS v3.0.0 controls neither prevented nor detected',
      '',
      '- CIS 1.20 Ensure that IAM Access analyzer is enabled for all regions: no rendered resource prevents or detects it',
      '- CIS 2.2.1 Ensure EBS Volume Encryption is Enabled in all Regions: no rendered resource prevents or detects it',
      '- CIS 3.3 Ensure AWS Config is enabled in all regions: no rendered resource prevents or detects it',
      '',
    ]);
    expect(section(securityReportMarkdown(inputs, results)).split('\n')).toEqual(['## Gaps: automated CIS v3.0.0 controls neither prevented nor detected', '', 'None.', '']);
  });
});

describe('guardrail statement discovery', () => {
  test('organizationPolicyStatements reads the Deny Sids of the rendered SCPs of each input (the organization render holds them all)', () => {
    expect(organizationPolicyStatements(inputs.filter((i) => i.scope === 'account'))).toEqual([]);
    const dev = organizationPolicyStatements(inputs.filter((i) => i.name === 'organization'));
    expect(dev.map((s) => s.sid)).toEqual(expect.arrayContaining(['DenyBaselineKeyDestruction', 'DenyRootUser', 'DenyCloudTrailTampering', 'DenyConfigTampering', 'DenyOutsideAllowedRegions']));
    expect(new Set(dev.map((s) => s.policyType))).toEqual(new Set(['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']));
    expect(dev.find((s) => s.sid === 'DenyCloudTrailTampering')!.actions).toContain('cloudtrail:StopLogging');
  });

  test('permissionsBoundaryStatements reads only the policy the roles use as their boundary', () => {
    const sids = permissionsBoundaryStatements(inputs.filter((i) => i.name === 'dev-claim')).map((s) => `${s.policy.awsNames[0]}:${s.sid}`);
    expect(sids).toContain('zta-permissions-boundary-dev:DenyRolesWithoutThisBoundary');
    expect(sids.every((s) => s.startsWith('zta-permissions-boundary-dev:'))).toBe(true);
  });

  test('without the organization render the SCP evidence is gone: the generator refuses to claim what the SCPs prevent', () => {
    const accountsOnly = inputs.filter((i) => i.scope === 'account');
    expect(() => assessControls(accountsOnly, COMPLIANCE_RULES)).toThrow(/names guardrail statement '\w+', which no rendered SCP, RCP or permissions boundary contains \(renders: dev-claim, prod-claim, lending-claim\)/);
  });

  test('RCPs of the organization render are read', () => {
    const rcps = organizationPolicyStatements(inputs).filter((s) => s.policyType === 'RESOURCE_CONTROL_POLICY');
    expect(rcps.length).toBeGreaterThan(0);
    expect(new Set(rcps.map((s) => s.input))).toEqual(new Set(['organization']));
  });
});

describe('the generator refuses to claim what is not rendered', () => {
  test('throws if an entry names a resource a render lacks (the trail missing from prod-claim)', () => {
    const noTrail = changed((i) => {
      if (i.name === 'prod-claim') i.resources = i.resources.filter((r) => crn(r) !== 'trail');
    });
    expect(() => assessControls(noTrail, COMPLIANCE_RULES)).toThrow('control-evidence.ts: CIS-v3.0.0-3.1 names resource auditLogging/trail, which prod-claim does not render');
  });

  test('throws if a control-evidence.ts entry names a resource no example composes', () => {
    const bogus: ControlEvidence[] = [{ how: 'configures', domain: 'identity', resource: 'rootHardwareMfaDevice' }];
    withEntry(CONTROL_EVIDENCE, 'CIS-v3.0.0-1.6', bogus, () => {
      expect(() => assessControls(inputs, COMPLIANCE_RULES)).toThrow('control-evidence.ts: CIS-v3.0.0-1.6 names resource identity/rootHardwareMfaDevice, which dev-claim does not render');
    });
  });

  test('throws if an entry names a guardrail Sid no rendered SCP, RCP or boundary contains', () => {
    withEntry(CONTROL_EVIDENCE, 'CIS-v3.0.0-1.6', [{ how: 'prevents', sid: 'DenyRootMfaDeactivation' }] as ControlEvidence[], () => {
      expect(() => assessControls(inputs, COMPLIANCE_RULES)).toThrow("control-evidence.ts: CIS-v3.0.0-1.6 names guardrail statement 'DenyRootMfaDeactivation', which no rendered SCP, RCP or permissions boundary contains (renders: dev-claim, prod-claim, lending-claim, organization)");
    });
    const noScps = changed((i) => {
      if (i.name === 'organization') i.resources = i.resources.filter((r) => !(r.kind === 'Policy' && String(r.apiVersion).startsWith('organizations')));
    });
    expect(() => assessControls(noScps, COMPLIANCE_RULES)).toThrow(/names guardrail statement '\w+', which no rendered SCP, RCP or permissions boundary contains/);
  });

  test('throws if a permissions-boundary statement a control names is missing from one account\'s render (no SCP carries it for that account)', () => {
    const noBoundary = changed((i) => {
      if (i.name === 'lending-claim') i.resources = i.resources.filter((r) => crn(r) !== 'permissionsBoundary');
    });
    expect(() => assessControls(noBoundary, COMPLIANCE_RULES)).toThrow(/names guardrail statement '\w+', which lending-claim does not render$/);
  });

  test('throws naming the Cloud Control resource whose desiredState is not JSON', () => {
    const broken = changed((i) => {
      for (const r of i.resources.filter((x) => x.kind === 'Resource' && String(x.apiVersion).startsWith('cloudcontrol.'))) {
        ((r.spec as JsonObject).forProvider as JsonObject).desiredState = '{not json';
      }
    });
    expect(() => assessControls(broken, COMPLIANCE_RULES)).toThrow(/^cloudcontrol Resource .+: spec\.forProvider\.desiredState is not JSON$/);
  });

  test('throws if a configured resource renders without the value the entry expects', () => {
    const singleRegion = changed((i) => {
      for (const r of i.resources) if (crn(r) === 'trail') ((r.spec as JsonObject).forProvider as JsonObject).isMultiRegionTrail = false;
    });
    expect(() => assessControls(singleRegion, COMPLIANCE_RULES)).toThrow('control-evidence.ts: CIS-v3.0.0-3.1 expects auditLogging/trail in dev-claim: spec.forProvider.isMultiRegionTrail must be true, got false');
  });

  test('throws if NOT_COVERED explains a control the renders cover, or names an unknown control', () => {
    withEntry<NotCovered>(NOT_COVERED, 'CIS-v3.0.0-3.1', { reason: 'gap', detail: 'stale' }, () => {
      expect(() => assessControls(inputs, COMPLIANCE_RULES)).toThrow('control-evidence.ts: NOT_COVERED explains why CIS-v3.0.0-3.1 is not covered, but the renders show it prevented: remove the entry');
    });
    withEntry<NotCovered>(NOT_COVERED, 'CIS-v3.0.0-9.9', { reason: 'gap', detail: 'x' }, () => {
      expect(() => assessControls(inputs, COMPLIANCE_RULES)).toThrow("control-evidence.ts: 'CIS-v3.0.0-9.9' is not a control of compositions/report/controls-catalog.json");
    });
  });
});
