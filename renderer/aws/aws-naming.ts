// AWS naming rules (length and charset) for the managed-resource kinds the platform composes.
// The renderer checks rendered names so that an invalid name fails offline, not after
// Crossplane has retried an AWS API call. Rules come from each service's API reference.

export type AwsNameSource = 'externalName' | 'spec.forProvider.name';

/**
 * Where the AWS name of each kind lives on the managed resource. For upjet kinds whose
 * `forProvider` has no `name` field, the name is the `crossplane.io/external-name` annotation
 * (checked against /work/shared/crds/aws). Kinds whose AWS id is generated (SQS queue URL,
 * WAFv2 UUID, Organizations policy id) carry the name in `spec.forProvider.name`.
 */
export const awsNameSources: Record<string, AwsNameSource> = {
  'Bucket.s3.aws.upbound.io': 'externalName',
  'Role.iam.aws.upbound.io': 'externalName',
  'Policy.iam.aws.upbound.io': 'externalName',
  'InstanceProfile.iam.aws.upbound.io': 'externalName',
  'Alias.kms.aws.upbound.io': 'externalName',
  'Group.cloudwatchlogs.aws.upbound.io': 'externalName',
  'Topic.sns.aws.upbound.io': 'externalName',
  'Queue.sqs.aws.upbound.io': 'spec.forProvider.name',
  'WebACL.wafv2.aws.upbound.io': 'spec.forProvider.name',
  'IPSet.wafv2.aws.upbound.io': 'spec.forProvider.name',
  'RuleGroup.wafv2.aws.upbound.io': 'spec.forProvider.name',
  'Trail.cloudtrail.aws.upbound.io': 'externalName',
  'ConfigRule.configservice.aws.upbound.io': 'externalName',
  'Rule.cloudwatchevents.aws.upbound.io': 'externalName',
  'Workgroup.athena.aws.upbound.io': 'externalName',
  'CatalogDatabase.glue.aws.upbound.io': 'externalName',
  'CatalogTable.glue.aws.upbound.io': 'externalName',
  'Policy.organizations.aws.upbound.io': 'spec.forProvider.name',
  'Document.ssm.aws.upbound.io': 'externalName',
};

interface NameRule {
  /** Lowercase noun used in messages, e.g. 's3 bucket'. */
  readonly label: string;
  readonly min: number;
  readonly max: number;
  /** Whole-name charset check and its description for the message. @default - any characters */
  readonly charset?: readonly [RegExp, string];
  /** Further rules, checked after length and charset. @default - none */
  readonly extra?: (name: string) => string | undefined;
}

const IAM_CHARSET = [/^[\w+=,.@-]+$/, "letters, digits and + = , . @ _ -"] as const;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
const S3_RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
// --x-s3 is reserved for directory buckets and --table-s3 for table buckets.
const S3_RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

function s3BucketExtra(name: string): string | undefined {
  const label = `s3 bucket name '${name}'`;
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return `${label} must start and end with a lowercase letter or digit`;
  if (name.includes('..')) return `${label} must not contain two adjacent periods`;
  if (IPV4.test(name)) return `${label} must not be formatted as an IP address`;
  const prefix = S3_RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `${label} must not start with the reserved prefix '${prefix}'`;
  const suffix = S3_RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `${label} must not end with the reserved suffix '${suffix}'`;
  return undefined;
}

// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html
function trailExtra(name: string): string | undefined {
  const label = `cloudtrail trail name '${name}'`;
  if (!/^[A-Za-z0-9].*[A-Za-z0-9]$/.test(name)) return `${label} must start and end with a letter or digit`;
  const adjacent = /[._-]{2}/.exec(name);
  if (adjacent) return `${label} must not contain adjacent periods, underscores or dashes, found '${adjacent[0]}'`;
  if (IPV4.test(name)) return `${label} must not be formatted as an IP address`;
  return undefined;
}

// https://docs.aws.amazon.com/kms/latest/developerguide/alias-create.html
function kmsAliasExtra(name: string): string | undefined {
  const label = `kms alias name '${name}'`;
  if (!name.startsWith('alias/') || name.length === 'alias/'.length) return `${label} must start with 'alias/' followed by a name`;
  if (name.startsWith('alias/aws/')) return `${label} must not start with 'alias/aws/', which is reserved for AWS managed keys`;
  return undefined;
}

// SNS topics and SQS queues share the charset; FIFO ones end in '.fifo' within the limit.
function fifoAware(label: string, max: number): NameRule {
  return {
    label,
    min: 1,
    max,
    extra: (name) => {
      const base = name.endsWith('.fifo') ? name.slice(0, -'.fifo'.length) : name;
      if (!/^[A-Za-z0-9_-]+$/.test(base)) {
        return `${label} name '${name}' may contain only letters, digits, '_' and '-' (plus a '.fifo' suffix for FIFO)`;
      }
      return undefined;
    },
  };
}

// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateDocument.html
function ssmDocumentExtra(name: string): string | undefined {
  const reserved = ['aws', 'amazon', 'amzn'].find((p) => name.toLowerCase().startsWith(p));
  if (reserved) return `ssm document name '${name}' must not start with '${reserved}' (any case), which is reserved by AWS`;
  return undefined;
}

// Athena (which queries the catalog) accepts only lowercase letters, digits and '_';
// https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html
const GLUE_FOR_ATHENA = [/^[a-z0-9_]+$/, "lowercase letters, digits and '_' (Athena cannot query other names)"] as const;

const RULES: Record<string, NameRule> = {
  'Bucket.s3.aws.upbound.io': { label: 's3 bucket', min: 3, max: 63, charset: [/^[a-z0-9.-]+$/, "lowercase letters, digits, '.' and '-'"], extra: s3BucketExtra },
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
  'Role.iam.aws.upbound.io': { label: 'iam role', min: 1, max: 64, charset: IAM_CHARSET },
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html
  'Policy.iam.aws.upbound.io': { label: 'iam policy', min: 1, max: 128, charset: IAM_CHARSET },
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html
  'InstanceProfile.iam.aws.upbound.io': { label: 'iam instance profile', min: 1, max: 128, charset: IAM_CHARSET },
  'Alias.kms.aws.upbound.io': { label: 'kms alias', min: 7, max: 256, charset: [/^[A-Za-z0-9/_-]+$/, "letters, digits, '/', '_' and '-'"], extra: kmsAliasExtra },
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
  'Group.cloudwatchlogs.aws.upbound.io': { label: 'cloudwatch log group', min: 1, max: 512, charset: [/^[.\-_/#A-Za-z0-9]+$/, "letters, digits and . - _ / #"] },
  // https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
  'Topic.sns.aws.upbound.io': fifoAware('sns topic', 256),
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html
  'Queue.sqs.aws.upbound.io': fifoAware('sqs queue', 80),
  // https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html
  'WebACL.wafv2.aws.upbound.io': { label: 'wafv2 web acl', min: 1, max: 128, charset: [/^[\w-]+$/, "letters, digits, '_' and '-'"] },
  'IPSet.wafv2.aws.upbound.io': { label: 'wafv2 ip set', min: 1, max: 128, charset: [/^[\w-]+$/, "letters, digits, '_' and '-'"] },
  'RuleGroup.wafv2.aws.upbound.io': { label: 'wafv2 rule group', min: 1, max: 128, charset: [/^[\w-]+$/, "letters, digits, '_' and '-'"] },
  'Trail.cloudtrail.aws.upbound.io': { label: 'cloudtrail trail', min: 3, max: 128, charset: [/^[A-Za-z0-9._-]+$/, "letters, digits, '.', '_' and '-'"], extra: trailExtra },
  // https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigRule.html
  'ConfigRule.configservice.aws.upbound.io': {
    label: 'config rule',
    min: 1,
    max: 128,
    extra: (name) => (/\S/.test(name) ? undefined : `config rule name '${name}' must contain a non-whitespace character`),
  },
  // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html
  'Rule.cloudwatchevents.aws.upbound.io': { label: 'eventbridge rule', min: 1, max: 64, charset: [/^[.\-_A-Za-z0-9]+$/, "letters, digits, '.', '-' and '_'"] },
  // https://docs.aws.amazon.com/athena/latest/APIReference/API_CreateWorkGroup.html
  'Workgroup.athena.aws.upbound.io': { label: 'athena workgroup', min: 1, max: 128, charset: [/^[a-zA-Z0-9._-]+$/, "letters, digits, '.', '_' and '-'"] },
  'CatalogDatabase.glue.aws.upbound.io': { label: 'glue catalog database', min: 1, max: 255, charset: GLUE_FOR_ATHENA },
  'CatalogTable.glue.aws.upbound.io': { label: 'glue catalog table', min: 1, max: 255, charset: GLUE_FOR_ATHENA },
  // https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html
  'Policy.organizations.aws.upbound.io': { label: 'organizations policy', min: 1, max: 128 },
  'Document.ssm.aws.upbound.io': { label: 'ssm document', min: 3, max: 128, charset: [/^[a-zA-Z0-9_.-]+$/, "letters, digits, '_', '.' and '-'"], extra: ssmDocumentExtra },
};

/** Kinds that {@link checkAwsName} knows a rule for. */
export const awsNameRuleKinds: readonly string[] = Object.keys(RULES);

/**
 * The AWS naming-rule violation of `name` for `kind` (e.g. 'Bucket.s3.aws.upbound.io'), or
 * undefined when the name is valid or the kind has no known rule.
 */
export function checkAwsName(kind: string, name: string): string | undefined {
  const rule = RULES[kind];
  if (!rule) return undefined;
  const length = [...name].length;
  if (length < rule.min || length > rule.max) {
    return `${rule.label} name '${name}' must be ${rule.min}-${rule.max} characters long, got ${length}`;
  }
  if (rule.charset && !rule.charset[0].test(name)) {
    return `${rule.label} name '${name}' may contain only ${rule.charset[1]}`;
  }
  return rule.extra?.(name);
}

/** Log destinations of a WAFv2 logging configuration must carry this prefix. */
// https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html
export const WAF_LOG_NAME_PREFIX = 'aws-waf-logs-';

/** The violation of a CloudWatch log group name used as a WAFv2 log destination, or undefined. */
export function checkWafLogGroupName(name: string): string | undefined {
  const problem = checkAwsName('Group.cloudwatchlogs.aws.upbound.io', name);
  if (problem) return problem;
  if (!name.startsWith(WAF_LOG_NAME_PREFIX)) {
    return `waf logging log group name '${name}' must start with '${WAF_LOG_NAME_PREFIX}'`;
  }
  return undefined;
}
