// Obligation (issue 16 item 3): AWS Config rule identifiers are unique across the package. Two rules
// with one identifier in one account and region evaluate the same thing twice (and AWS refuses the
// second PutConfigRule when the names match); the generated list and the rendered claims both say so.
// The generated list (compositions/blocks/detection/managed-rule-pages.generated.ts) is checked against
// the pages read by hand before it existed, and its generator (scripts/config-rule-identifiers.ts) on a
// small guide; with ZTA_CONFIG_GUIDE set (a git dir of awsdocs/aws-config-developer-guide) it is regenerated.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { buildPackage } from '../../charts';
import { COMPLIANCE_RULES } from '../../charts/compliance';
import { DomainChart, configRuleName } from '../../compositions';
import { AWS_MANAGED_RULE_PAGES } from '../../compositions/blocks/detection/managed-rule-pages.generated';
import { MANAGED_RULE_PAGES_FILE, generateManagedRulePages, managedRulePagesText, readRulePages } from '../../scripts/config-rule-identifiers';
import type { JsonObject } from '../../renderer/types';
import { EXAMPLE_CLAIMS, renderExample, type ExampleName } from '../support/render-example';

const fp = (o: JsonObject): JsonObject => (o.spec as JsonObject).forProvider as JsonObject;
const duplicates = (xs: readonly string[]): string[] => [...new Set(xs.filter((x, i) => xs.indexOf(x) !== i))];

/**
 * Identifier -> page, each read by hand from its AWS Config Developer Guide page ("Identifier:") before the
 * list was generated (the former MANAGED_CONFIG_RULES of config-rules.ts): the generator must agree.
 */
const READ_BY_HAND: Readonly<Record<string, string>> = {
  ACCESS_KEYS_ROTATED: 'access-keys-rotated',
  CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED: 'cloud-trail-cloud-watch-logs-enabled',
  CLOUD_TRAIL_ENCRYPTION_ENABLED: 'cloud-trail-encryption-enabled',
  CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED: 'cloud-trail-log-file-validation-enabled',
  CLOUDWATCH_ALARM_ACTION_CHECK: 'cloudwatch-alarm-action-check',
  CMK_BACKING_KEY_ROTATION_ENABLED: 'cmk-backing-key-rotation-enabled',
  EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK: 'ebs-snapshot-public-restorable-check',
  EC2_IMDSV2_CHECK: 'ec2-imdsv2-check',
  EC2_EBS_ENCRYPTION_BY_DEFAULT: 'ec2-ebs-encryption-by-default',
  ENCRYPTED_VOLUMES: 'encrypted-volumes',
  GUARDDUTY_ENABLED_CENTRALIZED: 'guardduty-enabled-centralized',
  IAM_PASSWORD_POLICY: 'iam-password-policy',
  IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS: 'iam-policy-no-statements-with-admin-access',
  IAM_ROOT_ACCESS_KEY_CHECK: 'iam-root-access-key-check',
  INCOMING_SSH_DISABLED: 'restricted-ssh',
  KMS_CMK_NOT_SCHEDULED_FOR_DELETION: 'kms-cmk-not-scheduled-for-deletion',
  MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS: 'mfa-enabled-for-iam-console-access',
  NACL_NO_UNRESTRICTED_SSH_RDP: 'nacl-no-unrestricted-ssh-rdp',
  MULTI_REGION_CLOUD_TRAIL_ENABLED: 'multi-region-cloudtrail-enabled',
  RDS_INSTANCE_PUBLIC_ACCESS_CHECK: 'rds-instance-public-access-check',
  RDS_STORAGE_ENCRYPTED: 'rds-storage-encrypted',
  RESTRICTED_INCOMING_TRAFFIC: 'restricted-common-ports',
  ROOT_ACCOUNT_MFA_ENABLED: 'root-account-mfa-enabled',
  S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC: 's3-account-level-public-access-blocks-periodic',
  S3_BUCKET_LOGGING_ENABLED: 's3-bucket-logging-enabled',
  S3_BUCKET_PUBLIC_READ_PROHIBITED: 's3-bucket-public-read-prohibited',
  S3_BUCKET_PUBLIC_WRITE_PROHIBITED: 's3-bucket-public-write-prohibited',
  S3_BUCKET_SSL_REQUESTS_ONLY: 's3-bucket-ssl-requests-only',
  SECURITYHUB_ENABLED: 'securityhub-enabled',
  SNS_ENCRYPTED_KMS: 'sns-encrypted-kms',
  VPC_DEFAULT_SECURITY_GROUP_CLOSED: 'vpc-default-security-group-closed',
  VPC_SG_PORT_RESTRICTION_CHECK: 'vpc-sg-port-restriction-check',
  VPC_FLOW_LOGS_ENABLED: 'vpc-flow-logs-enabled',
};

describe('the generated list of managed rules', () => {
  const pages = AWS_MANAGED_RULE_PAGES as Readonly<Record<string, string>>;

  test('each identifier names a different guide page, so a rule name maps to one identifier', () => {
    expect(Object.keys(pages).length).toBe(318);
    expect(duplicates(Object.values(pages))).toEqual([]);
  });

  test('every identifier read by hand is in it, with the same page', () => {
    expect(Object.fromEntries(Object.keys(READ_BY_HAND).map((id) => [id, pages[id]]))).toEqual(READ_BY_HAND);
  });

  const guide = process.env.ZTA_CONFIG_GUIDE;
  (guide ? test : test.skip)(`equals what scripts/config-rule-identifiers.ts generates from ${guide ?? 'ZTA_CONFIG_GUIDE'} (run npm run config-rules and commit)`, () => {
    expect(fs.readFileSync(MANAGED_RULE_PAGES_FILE, 'utf8')).toBe(generateManagedRulePages(guide!));
  });
});

describe('the generator (scripts/config-rule-identifiers.ts) on a small guide', () => {
  const write = (files: Record<string, string>): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zta-config-rules-'));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  };
  const list = (...pages: string[]) => ['# List of AWS Config Managed Rules', '', '**Topics**', ...pages.map((p) => `+ [${p.replace(/-/g, '\\-')}](${p}.md)`), ''].join('\n');
  const rulePage = (page: string, identifier: string) => `# ${page}\n\nChecks something\.\n\n**Identifier:** ${identifier.replace(/_/g, '\\_')}\n\n**Trigger type:** Periodic\n`;

  test('reads the escaped identifier of each listed page, ignores pages without one, writes them sorted with the post-archive rule', () => {
    const dir = write({
      'managed-rules-by-aws-config.md': list('restricted-ssh', 'encrypted-volumes'),
      'restricted-ssh.md': rulePage('restricted-ssh', 'INCOMING_SSH_DISABLED'),
      'encrypted-volumes.md': rulePage('encrypted-volumes', 'ENCRYPTED_VOLUMES'),
      'evaluate-config.md': '# Evaluating resources\n\n"EvaluationResultIdentifier": {}\n',
    });
    try {
      const read = readRulePages(dir);
      expect([...read]).toEqual([['ENCRYPTED_VOLUMES', 'encrypted-volumes'], ['INCOMING_SSH_DISABLED', 'restricted-ssh']]);
      const text = managedRulePagesText(read, 'abc123');
      expect(text).toContain('at commit abc123');
      expect(text.split('\n').filter((l) => l.startsWith('  '))).toEqual([
        "  ENCRYPTED_VOLUMES: 'encrypted-volumes',", "  INCOMING_SSH_DISABLED: 'restricted-ssh',", "  VPC_SG_PORT_RESTRICTION_CHECK: 'vpc-sg-port-restriction-check',",
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('refuses a listed page whose identifier it cannot read, and an identifier on two pages', () => {
    const dir = write({
      'managed-rules-by-aws-config.md': list('restricted-ssh', 'odd-rule'),
      'restricted-ssh.md': rulePage('restricted-ssh', 'INCOMING_SSH_DISABLED'),
      'odd-rule.md': '# odd-rule\n\nIdentifier: ODD_RULE\n',
    });
    try {
      expect(() => readRulePages(dir)).toThrow('managed-rules-by-aws-config.md and the rule pages disagree: listed without an **Identifier:** line: [odd-rule]; with one but not listed: []');
      fs.writeFileSync(path.join(dir, 'odd-rule.md'), rulePage('odd-rule', 'INCOMING_SSH_DISABLED'));
      expect(() => readRulePages(dir)).toThrow('identifier INCOMING_SSH_DISABLED on two pages: odd-rule.md and restricted-ssh.md');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the generated list and the compliance domain', () => {

  test('the compliance domain deploys each identifier once, under a distinct resource and AWS name', () => {
    expect(COMPLIANCE_RULES.length).toBeGreaterThan(20);
    expect(duplicates(COMPLIANCE_RULES.map((r) => r.identifier))).toEqual([]);
    expect(duplicates(COMPLIANCE_RULES.map((r) => r.resourceName))).toEqual([]);
    expect(duplicates(COMPLIANCE_RULES.map((r) => configRuleName(r.identifier)))).toEqual([]);
  });

  test('only the compliance domain composes Config rules (a second composer would repeat identifiers)', () => {
    const composers = buildPackage(new App()).node.findAll().filter(DomainChart.isDomainChart)
      .filter((c) => c.resources.some((r) => r.gvk.kind === 'ConfigRule' && r.gvk.apiVersion.startsWith('configservice.')))
      .map((c) => c.names.kind);
    expect(composers).toEqual(['XCompliance']);
  });
});

describe('rendered: one Config rule per identifier per account and region', () => {
  // The organization composes no Config rule (only XCompliance does, above).
  test.each(Object.keys(EXAMPLE_CLAIMS) as ExampleName[])('%s', (name) => {
    const rules = renderExample(name).resources.filter((r) => r.kind === 'ConfigRule');
    expect(rules.length).toBeGreaterThanOrEqual(COMPLIANCE_RULES.length);
    const key = (r: JsonObject) => `${String(fp(r).region)} ${String((fp(r).source as JsonObject).sourceIdentifier)}`;
    expect(duplicates(rules.map(key))).toEqual([]);
    expect(duplicates(rules.map((r) => `${String(fp(r).region)} ${((r.metadata as JsonObject).annotations as JsonObject)['crossplane.io/external-name']}`))).toEqual([]);
  });

  test('the lending claim (two allowed regions) repeats only the regional coverage rules, once in the other region', () => {
    const rules = renderExample('lending-claim').resources.filter((r) => r.kind === 'ConfigRule');
    const outside = rules.filter((r) => fp(r).region !== 'eu-west-1').map((r) => `${String(fp(r).region)} ${String((fp(r).source as JsonObject).sourceIdentifier)}`).sort();
    expect(outside).toEqual(['eu-west-2 GUARDDUTY_ENABLED_CENTRALIZED', 'eu-west-2 SECURITYHUB_ENABLED']);
  });
});
