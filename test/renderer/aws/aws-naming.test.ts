import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { awsNameRuleKinds, awsNameSources, checkAwsName, checkWafLogGroupName } from '../../../renderer/aws/aws-naming';

type Case = [kind: string, name: string, message?: string];

const valid: Case[] = [
  ['Bucket.s3.aws.upbound.io', 'zt-audit-logs-123456789012'],
  ['Bucket.s3.aws.upbound.io', 'a.b-c'],
  ['Role.iam.aws.upbound.io', 'ZeroTrust+Audit=Role,v1.0@org_x-y'],
  ['Role.iam.aws.upbound.io', 'r'.repeat(64)],
  ['Policy.iam.aws.upbound.io', 'p'.repeat(128)],
  ['InstanceProfile.iam.aws.upbound.io', 'ssm-managed-instance'],
  ['Alias.kms.aws.upbound.io', 'alias/zt/cloudtrail_key-1'],
  ['Group.cloudwatchlogs.aws.upbound.io', '/aws/cloudtrail/org#main.log'],
  ['Topic.sns.aws.upbound.io', 'security-alerts_1'],
  ['Topic.sns.aws.upbound.io', 'security-alerts.fifo'],
  ['Queue.sqs.aws.upbound.io', 'q'.repeat(75) + '.fifo'],
  ['WebACL.wafv2.aws.upbound.io', 'edge_acl-1'],
  ['IPSet.wafv2.aws.upbound.io', 'blocked-ips'],
  ['RuleGroup.wafv2.aws.upbound.io', 'rate_limits'],
  ['Trail.cloudtrail.aws.upbound.io', 'org.trail-main_1'],
  ['ConfigRule.configservice.aws.upbound.io', 's3-bucket-ssl-requests-only'],
  ['Rule.cloudwatchevents.aws.upbound.io', 'guardduty.findings-high_sev'],
  ['Workgroup.athena.aws.upbound.io', 'Security.Analysts_1-wg'],
  ['CatalogDatabase.glue.aws.upbound.io', 'cloudtrail_logs'],
  ['CatalogTable.glue.aws.upbound.io', 'trail_events_2024'],
  ['Policy.organizations.aws.upbound.io', 'Deny leaving the org (root)'],
  ['Document.ssm.aws.upbound.io', 'ZT-Remediate.S3_Public'],
];

const invalid: Case[] = [
  ['Bucket.s3.aws.upbound.io', 'ab', "s3 bucket name 'ab' must be 3-63 characters long, got 2"],
  ['Bucket.s3.aws.upbound.io', 'b'.repeat(64), `s3 bucket name '${'b'.repeat(64)}' must be 3-63 characters long, got 64`],
  ['Bucket.s3.aws.upbound.io', 'Audit-Logs', "s3 bucket name 'Audit-Logs' may contain only lowercase letters, digits, '.' and '-'"],
  ['Bucket.s3.aws.upbound.io', 'audit_logs', "s3 bucket name 'audit_logs' may contain only lowercase letters, digits, '.' and '-'"],
  ['Bucket.s3.aws.upbound.io', '-audit', "s3 bucket name '-audit' must start and end with a lowercase letter or digit"],
  ['Bucket.s3.aws.upbound.io', 'audit.', "s3 bucket name 'audit.' must start and end with a lowercase letter or digit"],
  ['Bucket.s3.aws.upbound.io', 'audit..logs', "s3 bucket name 'audit..logs' must not contain two adjacent periods"],
  ['Bucket.s3.aws.upbound.io', '192.168.5.4', "s3 bucket name '192.168.5.4' must not be formatted as an IP address"],
  ['Bucket.s3.aws.upbound.io', 'xn--audit', "s3 bucket name 'xn--audit' must not start with the reserved prefix 'xn--'"],
  ['Bucket.s3.aws.upbound.io', 'audit-s3alias', "s3 bucket name 'audit-s3alias' must not end with the reserved suffix '-s3alias'"],
  ['Bucket.s3.aws.upbound.io', 'audit--ol-s3', "s3 bucket name 'audit--ol-s3' must not end with the reserved suffix '--ol-s3'"],
  ['Role.iam.aws.upbound.io', '', "iam role name '' must be 1-64 characters long, got 0"],
  ['Role.iam.aws.upbound.io', 'r'.repeat(65), `iam role name '${'r'.repeat(65)}' must be 1-64 characters long, got 65`],
  ['Role.iam.aws.upbound.io', 'audit role', "iam role name 'audit role' may contain only letters, digits and + = , . @ _ -"],
  ['Policy.iam.aws.upbound.io', 'p'.repeat(129), `iam policy name '${'p'.repeat(129)}' must be 1-128 characters long, got 129`],
  ['Policy.iam.aws.upbound.io', 'a/b', "iam policy name 'a/b' may contain only letters, digits and + = , . @ _ -"],
  ['InstanceProfile.iam.aws.upbound.io', 'ssm:profile', "iam instance profile name 'ssm:profile' may contain only letters, digits and + = , . @ _ -"],
  ['Alias.kms.aws.upbound.io', 'zt/cloudtrail', "kms alias name 'zt/cloudtrail' must start with 'alias/' followed by a name"],
  ['Alias.kms.aws.upbound.io', 'alias/aws/s3', "kms alias name 'alias/aws/s3' must not start with 'alias/aws/', which is reserved for AWS managed keys"],
  ['Alias.kms.aws.upbound.io', 'alias/zt.key', "kms alias name 'alias/zt.key' may contain only letters, digits, '/', '_' and '-'"],
  ['Alias.kms.aws.upbound.io', 'alias/' + 'k'.repeat(251), `kms alias name 'alias/${'k'.repeat(251)}' must be 7-256 characters long, got 257`],
  ['Group.cloudwatchlogs.aws.upbound.io', '/aws/cloud trail', "cloudwatch log group name '/aws/cloud trail' may contain only letters, digits and . - _ / #"],
  ['Group.cloudwatchlogs.aws.upbound.io', 'g'.repeat(513), `cloudwatch log group name '${'g'.repeat(513)}' must be 1-512 characters long, got 513`],
  ['Topic.sns.aws.upbound.io', 'alerts.v2', "sns topic name 'alerts.v2' may contain only letters, digits, '_' and '-' (plus a '.fifo' suffix for FIFO)"],
  ['Topic.sns.aws.upbound.io', 't'.repeat(257), `sns topic name '${'t'.repeat(257)}' must be 1-256 characters long, got 257`],
  ['Queue.sqs.aws.upbound.io', 'q'.repeat(81), `sqs queue name '${'q'.repeat(81)}' must be 1-80 characters long, got 81`],
  ['Queue.sqs.aws.upbound.io', 'dead letter', "sqs queue name 'dead letter' may contain only letters, digits, '_' and '-' (plus a '.fifo' suffix for FIFO)"],
  ['WebACL.wafv2.aws.upbound.io', 'edge.acl', "wafv2 web acl name 'edge.acl' may contain only letters, digits, '_' and '-'"],
  ['IPSet.wafv2.aws.upbound.io', 'i'.repeat(129), `wafv2 ip set name '${'i'.repeat(129)}' must be 1-128 characters long, got 129`],
  ['RuleGroup.wafv2.aws.upbound.io', 'rate limits', "wafv2 rule group name 'rate limits' may contain only letters, digits, '_' and '-'"],
  ['Trail.cloudtrail.aws.upbound.io', 'ab', "cloudtrail trail name 'ab' must be 3-128 characters long, got 2"],
  ['Trail.cloudtrail.aws.upbound.io', '_org-trail', "cloudtrail trail name '_org-trail' must start and end with a letter or digit"],
  ['Trail.cloudtrail.aws.upbound.io', 'my-_namespace', "cloudtrail trail name 'my-_namespace' must not contain adjacent periods, underscores or dashes, found '-_'"],
  ['Trail.cloudtrail.aws.upbound.io', 'my--namespace', "cloudtrail trail name 'my--namespace' must not contain adjacent periods, underscores or dashes, found '--'"],
  ['Trail.cloudtrail.aws.upbound.io', '10.0.0.1', "cloudtrail trail name '10.0.0.1' must not be formatted as an IP address"],
  ['Trail.cloudtrail.aws.upbound.io', 'org trail', "cloudtrail trail name 'org trail' may contain only letters, digits, '.', '_' and '-'"],
  ['ConfigRule.configservice.aws.upbound.io', '   ', "config rule name '   ' must contain a non-whitespace character"],
  ['ConfigRule.configservice.aws.upbound.io', 'c'.repeat(129), `config rule name '${'c'.repeat(129)}' must be 1-128 characters long, got 129`],
  ['Rule.cloudwatchevents.aws.upbound.io', 'e'.repeat(65), `eventbridge rule name '${'e'.repeat(65)}' must be 1-64 characters long, got 65`],
  ['Rule.cloudwatchevents.aws.upbound.io', 'guardduty/findings', "eventbridge rule name 'guardduty/findings' may contain only letters, digits, '.', '-' and '_'"],
  ['Workgroup.athena.aws.upbound.io', 'security analysts', "athena workgroup name 'security analysts' may contain only letters, digits, '.', '_' and '-'"],
  ['CatalogDatabase.glue.aws.upbound.io', 'CloudTrail-Logs', "glue catalog database name 'CloudTrail-Logs' may contain only lowercase letters, digits and '_' (Athena cannot query other names)"],
  ['CatalogTable.glue.aws.upbound.io', 't'.repeat(256), `glue catalog table name '${'t'.repeat(256)}' must be 1-255 characters long, got 256`],
  ['Policy.organizations.aws.upbound.io', '', "organizations policy name '' must be 1-128 characters long, got 0"],
  ['Document.ssm.aws.upbound.io', 'AWS-RunPatchBaseline', "ssm document name 'AWS-RunPatchBaseline' must not start with 'aws' (any case), which is reserved by AWS"],
  ['Document.ssm.aws.upbound.io', 'AmazonInspector-Run', "ssm document name 'AmazonInspector-Run' must not start with 'amazon' (any case), which is reserved by AWS"],
  ['Document.ssm.aws.upbound.io', 'ab', "ssm document name 'ab' must be 3-128 characters long, got 2"],
  ['Document.ssm.aws.upbound.io', 'zt doc', "ssm document name 'zt doc' may contain only letters, digits, '_', '.' and '-'"],
];

describe('checkAwsName', () => {
  it.each(valid)('accepts %s %j', (kind, name) => {
    expect(checkAwsName(kind, name)).toBeUndefined();
  });

  it.each(invalid)('rejects %s %j', (kind, name, message) => {
    expect(checkAwsName(kind, name)).toBe(message);
  });

  it('has valid and invalid cases for every kind with a rule', () => {
    for (const kind of awsNameRuleKinds) {
      expect([kind, valid.some(([k]) => k === kind)]).toEqual([kind, true]);
      expect([kind, invalid.some(([k]) => k === kind)]).toEqual([kind, true]);
    }
  });

  it('returns undefined for a kind without a rule', () => {
    expect(checkAwsName('Key.kms.aws.upbound.io', 'anything at all')).toBeUndefined();
  });
});

describe('checkWafLogGroupName', () => {
  it('accepts a log group with the aws-waf-logs- prefix', () => {
    expect(checkWafLogGroupName('aws-waf-logs-edge')).toBeUndefined();
  });

  it('rejects a log group without the prefix', () => {
    expect(checkWafLogGroupName('/aws/waf/edge')).toBe("waf logging log group name '/aws/waf/edge' must start with 'aws-waf-logs-'");
  });

  it('applies the log group rule first', () => {
    expect(checkWafLogGroupName('aws-waf-logs edge')).toBe(
      "cloudwatch log group name 'aws-waf-logs edge' may contain only letters, digits and . - _ / #",
    );
  });
});

describe('awsNameSources', () => {
  const crdDir = path.join(__dirname, '../../../../shared/crds/aws');

  it('documents a source for every kind with a rule', () => {
    expect(Object.keys(awsNameSources).sort()).toEqual([...awsNameRuleKinds].sort());
  });

  // The table must agree with the CRDs: a kind names its resource in spec.forProvider.name
  // exactly when forProvider has a `name` field; otherwise the external name is the AWS name.
  it('matches the forProvider fields of the CRDs', () => {
    const forProviderHasName = new Map<string, boolean>();
    for (const file of fs.readdirSync(crdDir)) {
      const crd = YAML.parse(fs.readFileSync(path.join(crdDir, file), 'utf8'));
      const version = crd.spec.versions.find((v: { storage: boolean }) => v.storage);
      const forProvider = version.schema.openAPIV3Schema.properties.spec?.properties?.forProvider;
      if (!forProvider) continue; // ProviderConfig and friends are not managed resources
      forProviderHasName.set(`${crd.spec.names.kind}.${crd.spec.group}`, 'name' in (forProvider.properties ?? {}));
    }
    for (const [kind, source] of Object.entries(awsNameSources)) {
      expect([kind, forProviderHasName.has(kind)]).toEqual([kind, true]);
      expect([kind, forProviderHasName.get(kind) ? 'spec.forProvider.name' : 'externalName']).toEqual([kind, source]);
    }
  });
});
