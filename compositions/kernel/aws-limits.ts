// Length limits of the strings our XRDs accept or publish, from AWS's API references (characters).
// They bound every string in every XRD schema (`maxLength`): the Kubernetes API server estimates a
// string without one at the 3 MiB request size when it prices a CEL rule, and refuses the CRD when
// the estimate exceeds its budget (kubernetes apiextensions validation, StaticEstimatedCostLimit).
// Each value is the real AWS limit (or a stricter one our own pattern already imposes), never an
// arbitrary round number, so a valid AWS value is never refused for its length.

export const MaxLength = {
  /** Any ARN (IAM reference: "ARNs ... maximum 2048 characters"). */
  arn: 2048,
  /** 12-digit AWS account id. */
  accountId: 12,
  /** Longest region code (ap-southeast-2, ap-northeast-3: 14; future codes stay well under 25). */
  region: 25,
  /** IAM role name (IAM CreateRole RoleName: 1-64). */
  iamRoleName: 64,
  /** IAM path (1-512) and role name (1-64) written as path/name without the leading slash. */
  iamRolePathAndName: 512 + 64,
  /** IAM policy name (CreatePolicy PolicyName: 1-128). */
  iamPolicyName: 128,
  /** sts:ExternalId (AssumeRole ExternalId: 2-1224). */
  externalId: 1224,
  /** Kubernetes object name (DNS subdomain), e.g. a ProviderConfig. */
  kubernetesName: 253,
  /** Tag key (1-128) and value (0-256), and the tags a resource carries (50). */
  tagKey: 128,
  tagValue: 256,
  tagsPerResource: 50,
  /** A CIDR string: the longest IPv6 form, 39 characters, plus "/128". */
  cidr: 43,
  /** EC2 resource ids: a prefix and up to 17 hex digits (vpc-, subnet-, rtb-, sg-, tgw-, tgw-attach-, vpce-). */
  ec2Id: 32,
  /** AWS Organizations ids: o-[a-z0-9]{10,32} and ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}. */
  organizationId: 34,
  organizationalUnitId: 68,
  /** Organizations policy id (p-[0-9a-zA-Z_]{8,128}). */
  organizationsPolicyId: 130,
  /** GuardDuty detector id (32 hex). */
  guardDutyDetectorId: 32,
  /** GuardDuty list/filter names: our pattern allows 3-50 (AWS allows more). */
  guardDutyName: 50,
  /** GuardDuty CreateThreatIntelSet/CreateIPSet Location (1-300). */
  guardDutyListLocation: 300,
  /** GuardDuty CreateFilter Description (0-512). */
  guardDutyFilterDescription: 512,
  /** GuardDuty finding criterion field name (1-256) and compared value (0-1024). */
  guardDutyCriterionField: 256,
  guardDutyCriterionValue: 1024,
  /** S3 bucket name (3-63). */
  s3BucketName: 63,
  /** CloudWatch Logs log group name (1-512). */
  logGroupName: 512,
  /** SNS Subscribe Endpoint: an e-mail address or URL; URLs as long as ARNs are accepted. */
  snsEndpoint: 2048,
  /** SQS queue URL: https://sqs.<region>.amazonaws.com/<account>/<name up to 80>. */
  sqsQueueUrl: 160,
  /** AWS Config recorder and delivery channel names (1-256). */
  configName: 256,
  /** SSM document name (3-128). */
  ssmDocumentName: 128,
  /** IAM instance profile name (1-128). */
  instanceProfileName: 128,
  /** Glue database and table names (1-255). */
  glueName: 255,
  /** Athena workgroup name (1-128). */
  athenaWorkgroupName: 128,
  /** KMS key id (a UUID, or mrk- + 32 hex for multi-Region keys). */
  kmsKeyId: 36,
  /** VPC endpoint policy document (20,480 characters). */
  vpcEndpointPolicy: 20480,
  /** Account Management PutAlternateContact: Name 1-64, Title 1-50, EmailAddress 1-254, PhoneNumber 1-25. */
  alternateContactName: 64,
  alternateContactTitle: 50,
  alternateContactEmail: 254,
  alternateContactPhone: 25,
  /** Service part of com.amazonaws.<region>.<service> in our endpoint catalog. */
  endpointService: 32,
} as const;
