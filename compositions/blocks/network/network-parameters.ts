// The schema of the network domain's claim parameters, with the CEL rules that reject bad
// addressing (misplaced or overlapping CIDRs, fewer than three AZs, public address space) and
// unknown endpoint services with a message naming the field. Defaults live here, in the XRD, and
// the API server applies them: compositions read the parameters as always present.
import { DEFAULT_BYTES_SCANNED_CUTOFF, MIN_BYTES_SCANNED_CUTOFF } from './athena-workgroup';
import { logRetentionDays } from '../logging/log-retention';
import { AZ_LETTERS, DEFAULT_SUBNETS, DEFAULT_VPC_CIDR, SUBNET_COUNT } from './private-vpc';
import { Schema, type CelRule, type SchemaNode } from '../../kernel/schema';
import { DEFAULT_INTERFACE_ENDPOINTS, INTERFACE_ENDPOINT_SERVICES } from './vpc-endpoints';
import { MaxLength } from '../../kernel/aws-limits';

/** On-premises CIDRs routed through the Transit Gateway (each one is a route per route table). */
export const MAX_ON_PREM_CIDRS = 4;
export const ORGANIZATION_ID_PATTERN = '^o-[a-z0-9]{10,32}$';

const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
const celList = (list: readonly string[]): string => `[${list.map((s) => `'${s}'`).join(', ')}]`;
const KNOWN_SERVICES = INTERFACE_ENDPOINT_SERVICES.map((s) => s.service);

function cidrRules(field: string, minPrefix: number, maxPrefix: number): CelRule[] {
  return [
    { rule: 'isCIDR(self)', message: `${field} must be an IPv4 CIDR such as 10.0.0.0/16` },
    { rule: `!isCIDR(self) || (cidr(self).ip().family() == 4 && cidr(self).prefixLength() >= ${minPrefix} && cidr(self).prefixLength() <= ${maxPrefix})`, message: `${field} must be an IPv4 CIDR between /${minPrefix} and /${maxPrefix} (AWS limits)` },
    // Compared as strings: before Kubernetes 1.32 the cost estimator cannot size an equality of two
    // CIDR values and prices it at the uint64 maximum, so the CRD would be refused.
    { rule: '!isCIDR(self) || self == string(cidr(self).masked())', message: `${field} must be a network address (host bits zero), e.g. 10.0.0.0/16 rather than 10.0.0.1/16` },
  ];
}

/**
 * CEL for "CIDR `outer` contains CIDR `inner`", portable across Kubernetes versions: before 1.33
 * `cidr(a).containsCIDR(b)` answered false for a strictly smaller `b` (kubernetes#130450), which
 * would reject valid claims. Containment = the inner network address is in the outer CIDR and the
 * inner prefix is at least as long.
 */
export const celCidrContains = (outer: string, inner: string): string =>
  `(cidr(${outer}).containsIP(cidr(${inner}).ip()) && cidr(${outer}).prefixLength() <= cidr(${inner}).prefixLength())`;

/**
 * The subnets named one by one: a message built with map()/join() has no size the API server can
 * estimate, so its cost saturates and the CRD is refused (kubernetes#124234). The list has exactly
 * SUBNET_COUNT entries (minItems = maxItems), so indexing is safe.
 */
const eachSubnet = (field: (i: number) => string): string =>
  Array.from({ length: SUBNET_COUNT }, (_, i) => field(i)).join(" + ', ' + ");

const noOverlap = (list: string): string =>
  `${list}.all(a, ${list}.all(b, a == b || !isCIDR(a) || !isCIDR(b) || (!${celCidrContains('a', 'b')} && !${celCidrContains('b', 'a')})))`;

export function organizationIdSchema(): SchemaNode {
  return Schema.string(
    'AWS Organizations id whose principals (aws:PrincipalOrgID) and resources (aws:ResourceOrgID) the VPC endpoint policies admit, e.g. "o-a1b2c3d4e5".',
    { maxLength: MaxLength.organizationId, pattern: ORGANIZATION_ID_PATTERN, rules: [{ rule: `self.matches('${ORGANIZATION_ID_PATTERN}')`, message: 'organizationId must look like "o-" followed by 10-32 lowercase letters or digits, e.g. "o-a1b2c3d4e5"' }] },
  );
}

export function vpcSchema(): SchemaNode {
  const subnet = Schema.object('One private subnet.', {
    zone: Schema.string('Availability Zone letter: the subnet is placed in `<region><zone>` (e.g. eu-west-1a).', { enum: AZ_LETTERS }),
    cidrBlock: Schema.string('IPv4 CIDR of the subnet, inside the VPC CIDR.', { maxLength: MaxLength.cidr, rules: cidrRules('subnet cidrBlock', 16, 28) }),
  }, { required: ['zone', 'cidrBlock'] });
  const subnets = Schema.array(`Exactly ${SUBNET_COUNT} private subnets, each in a different Availability Zone of the region.`, subnet, {
    minItems: SUBNET_COUNT,
    maxItems: SUBNET_COUNT,
    default: DEFAULT_SUBNETS.map((s) => ({ ...s })),
    rules: [
      { rule: 'self.all(s, self.exists_one(t, t.zone == s.zone))', message: `subnets must use ${SUBNET_COUNT} distinct Availability Zones`, messageExpression: `'subnets must use ${SUBNET_COUNT} distinct Availability Zones, got zones ' + ${eachSubnet((i) => `self[${i}].zone`)}` },
      { rule: noOverlap('self.map(s, s.cidrBlock)'), message: 'subnets must not overlap each other' },
    ],
  });
  const transitGateway = Schema.object('Existing Transit Gateway (e.g. shared by the network account) to reach on-premises through. Omit for a VPC without any path outside itself.', {
    id: Schema.string('Id of the Transit Gateway, e.g. tgw-0123456789abcdef0. It is observed, never created or changed.', {
      maxLength: MaxLength.ec2Id,
      pattern: '^tgw-[0-9a-f]{8,17}$',
      rules: [{ rule: "self.matches('^tgw-[0-9a-f]{8,17}$')", message: 'transitGateway.id must look like tgw-0123456789abcdef0' }],
    }),
    onPremCidrBlocks: Schema.array(`On-premises IPv4 CIDRs routed through the Transit Gateway (at most ${MAX_ON_PREM_CIDRS}); they may also reach the interface endpoints on 443.`,
      Schema.string('An on-premises IPv4 CIDR.', { maxLength: MaxLength.cidr, rules: cidrRules('onPremCidrBlocks entry', 8, 32) }), {
        maxItems: MAX_ON_PREM_CIDRS,
        listType: 'set',
        default: [],
        rules: [{ rule: noOverlap('self'), message: 'onPremCidrBlocks must not overlap each other' }],
      }),
  }, { required: ['id'] });
  const cidrBlock = Schema.string('IPv4 CIDR of the VPC: RFC 1918 space, /16 to /28.', {
    maxLength: MaxLength.cidr,
    default: DEFAULT_VPC_CIDR,
    rules: [
      ...cidrRules('vpc.cidrBlock', 16, 28),
      { rule: `!isCIDR(self) || ${celList(RFC1918)}.exists(r, ${celCidrContains('r', 'self')})`, message: `vpc.cidrBlock must lie in private address space (${RFC1918.join(', ')}): the VPC has no internet path` },
    ],
  });
  return Schema.object('Addressing of the private-only VPC.', { cidrBlock, subnets, transitGateway }, {
    default: {},
    rules: [
      {
        // has(): the API server checks this rule against the default `{}` itself (nested defaults are not applied there).
        rule: `!has(self.cidrBlock) || !has(self.subnets) || !isCIDR(self.cidrBlock) || self.subnets.all(s, !isCIDR(s.cidrBlock) || ${celCidrContains('self.cidrBlock', 's.cidrBlock')})`,
        message: 'every subnet cidrBlock must lie inside vpc.cidrBlock',
        messageExpression: `'every subnet cidrBlock must lie inside vpc.cidrBlock ' + self.cidrBlock + ', got subnets ' + ${eachSubnet((i) => `self.subnets[${i}].cidrBlock`)}`,
        fieldPath: '.subnets',
      },
      {
        rule: `!has(self.transitGateway) || !has(self.transitGateway.onPremCidrBlocks) || !isCIDR(self.cidrBlock) || self.transitGateway.onPremCidrBlocks.all(c, !isCIDR(c) || (!${celCidrContains('c', 'self.cidrBlock')} && !${celCidrContains('self.cidrBlock', 'c')}))`,
        message: 'transitGateway.onPremCidrBlocks must not overlap vpc.cidrBlock',
        fieldPath: '.transitGateway.onPremCidrBlocks',
      },
    ],
  });
}

/** The list of interface-endpoint services, defaulting to the issue's list; only catalog services. */
export function interfaceEndpointsSchema(): SchemaNode {
  const known = KNOWN_SERVICES.join(', ');
  // An enum on the items: the API server's own message names the unknown entry and lists the known
  // ones, which a CEL messageExpression could only do with join(), whose cost cannot be estimated.
  return Schema.array(
    `AWS services that get an interface VPC endpoint with private DNS. Known services: ${known}.`,
    Schema.string('Service part of com.amazonaws.<region>.<service>.', { enum: KNOWN_SERVICES }),
    {
      maxItems: KNOWN_SERVICES.length,
      listType: 'set',
      default: [...DEFAULT_INTERFACE_ENDPOINTS],
    },
  );
}

export function flowLogsSchema(): SchemaNode {
  return Schema.object('Flow log settings (every VPC flow, ALL traffic, is always recorded: CIS 3.7 / EC2.6).', {
    retentionDays: logRetentionDays('flowLogs.retentionDays', 'Days the CloudWatch Logs copy of the flow logs is kept (CloudWatch.16 asks for at least a year).'),
    maxAggregationIntervalSeconds: Schema.integer('Longest time a flow is aggregated before its record is written: 60 or 600 seconds (Nitro instances always use 60).', {
      default: 60,
      rules: [{ rule: 'self == 60 || self == 600', message: 'flowLogs.maxAggregationIntervalSeconds must be 60 or 600' }],
    }),
  }, { default: {} });
}

export function athenaSchema(): SchemaNode {
  return Schema.object('Athena workgroup for flow-log analysis.', {
    bytesScannedCutoffPerQuery: Schema.integer('Bytes one query may scan before Athena cancels it (cost control; at least 10 MB).', {
      minimum: MIN_BYTES_SCANNED_CUTOFF,
      default: DEFAULT_BYTES_SCANNED_CUTOFF,
    }),
  }, { default: {} });
}
