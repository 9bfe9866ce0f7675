// `npm run report`: renders the example claims (through dist/, as the tests do) and writes
// docs/security-report.md from them (compositions/report/security-report.ts). Run after `npm run synth`;
// test/compositions/report/security-report.test.ts fails while the committed report differs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMPLIANCE_RULES } from '../charts/compliance';
import { assessControls, countStatuses, securityReportMarkdown, type ReportInput } from '../compositions/report/security-report';
import { onboarding } from '../examples/onboarding';
import { EXAMPLE_CLAIMS, loadYaml, renderExample, renderOrganizationExample, type ExampleName } from '../test/support/render-example';
import { namespaceOf } from '../test/support/onboarding';

const root = path.resolve(__dirname, '..');
export const SECURITY_REPORT_FILE = path.join(root, 'docs', 'security-report.md');

/**
 * The renders the report reads: every example claim (account scope) and the example organization
 * composite (its SCPs, RCPs and the security account's delegated administration).
 */
export function reportInputs(): ReportInput[] {
  const accounts = (Object.keys(EXAMPLE_CLAIMS) as ExampleName[]).map((name): ReportInput => {
    const namespace = namespaceOf(loadYaml(EXAMPLE_CLAIMS[name]));
    const account = onboarding.accounts.find((a) => a.namespace === namespace);
    if (!account) throw new Error(`example ${name}: namespace ${namespace} is not onboarded (examples/onboarding.ts)`);
    return { name, scope: 'account', resources: renderExample(name).resources, allowedRegions: account.allowedRegions };
  });
  return [...accounts, { name: 'organization', scope: 'organization', resources: renderOrganizationExample().resources }];
}

export function generateSecurityReport(inputs: readonly ReportInput[] = reportInputs()): string {
  return securityReportMarkdown(inputs, assessControls(inputs, COMPLIANCE_RULES));
}

if (require.main === module) {
  const inputs = reportInputs();
  const results = assessControls(inputs, COMPLIANCE_RULES);
  fs.writeFileSync(SECURITY_REPORT_FILE, securityReportMarkdown(inputs, results));
  const cis = results.filter((r) => r.control.framework === 'CIS v3.0.0' && r.control.assessment === 'Automated');
  const c = countStatuses(cis);
  console.log(`docs/security-report.md: CIS v3.0.0 automated ${c.controls}: ${c.prevented} prevented, ${c.detected} detected, ${c.notCovered} not covered`);
}
