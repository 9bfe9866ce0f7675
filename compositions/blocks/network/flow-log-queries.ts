// Security questions analysts ask of VPC flow logs, written twice from the same field list: as
// Athena (Trino, engine v3) named queries over the Parquet table and as CloudWatch Logs Insights
// query definitions over the log-group copy. Every Athena query is bounded to the last 7 days of
// partitions so the workgroup's bytes-scanned cutoff is not the only cost control.
// Insights syntax: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html
import { FLOW_LOG_FIELDS, columnName } from './flow-log-format';
import { param } from '../../kernel/values';

export interface FlowLogQuery {
  /** camelCase id: composition-resource names derive from it. */
  readonly id: string;
  /** Human name, also the AWS name prefix. */
  readonly name: string;
  readonly description: string;
  /** Athena SQL over the flow-log table (unqualified: the named query carries the database). */
  readonly athena: string;
  /** CloudWatch Logs Insights query over the log group (after {@link insightsParse}). */
  readonly insights: string;
}

/** The Glue table every Athena query reads. Its database carries the environment suffix. */
export const FLOW_LOG_TABLE = 'vpc_flow_logs';

/** RFC 1918 + link-local: every address a private-only VPC may legitimately reach directly. */
export const PRIVATE_IPV4_CIDRS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'] as const;
const PRIVATE_IPV4_REGEX = "'^(10\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|192\\.168\\.|169\\.254\\.)'";

// Partition pruning: the last 7 days (the partitions are zero-padded strings, so they compare
// lexicographically).
const LAST_7_DAYS = "concat(year, '-', month, '-', day) >= date_format(current_date - INTERVAL '7' DAY, '%Y-%m-%d')";
const T = FLOW_LOG_TABLE;
/** The VPC CIDR of the composite (Insights has CIDR functions, Athena SQL in the parser's reach has none). */
export const VPC_CIDR = param('vpc.cidrBlock');

const insightsPrivate = (field: string): string => `(${PRIVATE_IPV4_CIDRS.map((c) => `isIpv4InSubnet(${field}, "${c}")`).join(' or ')})`;

/**
 * The log-group copy uses the same custom format; Insights only discovers the default-format
 * fields, so every query first parses the record into the same column names as the Glue table.
 */
export function insightsParse(): string {
  return `parse @message "${FLOW_LOG_FIELDS.map(() => '*').join(' ')}" as ${FLOW_LOG_FIELDS.map((x) => columnName(x.name)).join(', ')}`;
}

export const FLOW_LOG_QUERIES: readonly FlowLogQuery[] = [
  {
    id: 'rejectedBySource',
    name: 'rejected-traffic-by-source',
    description: 'Sources of rejected traffic (security group / NACL denials) by destination port: probing or misconfiguration.',
    athena: `SELECT srcaddr, dstport, protocol, count(*) AS flows, sum(packets) AS packets FROM ${T} WHERE action = 'REJECT' AND ${LAST_7_DAYS} GROUP BY srcaddr, dstport, protocol ORDER BY flows DESC LIMIT 100`,
    insights: 'filter action = "REJECT" | stats count(*) as flows, sum(packets) as total_packets by srcaddr, dstport, protocol | sort flows desc | limit 100',
  },
  {
    id: 'topTalkers',
    name: 'top-talkers',
    description: 'Address pairs that moved the most bytes: baseline for exfiltration and noisy-neighbour analysis.',
    athena: `SELECT srcaddr, dstaddr, sum(bytes) AS total_bytes, sum(packets) AS total_packets FROM ${T} WHERE action = 'ACCEPT' AND ${LAST_7_DAYS} GROUP BY srcaddr, dstaddr ORDER BY total_bytes DESC LIMIT 50`,
    insights: 'filter action = "ACCEPT" | stats sum(bytes) as total_bytes, sum(packets) as total_packets by srcaddr, dstaddr | sort total_bytes desc | limit 50',
  },
  {
    id: 'sshRdpAttempts',
    name: 'ssh-rdp-attempts',
    description: 'Inbound SSH (22) and RDP (3389) attempts: with Session Manager there is no legitimate use of either.',
    athena: `SELECT srcaddr, dstaddr, dstport, action, count(*) AS attempts FROM ${T} WHERE protocol = 6 AND dstport IN (22, 3389) AND flow_direction = 'ingress' AND ${LAST_7_DAYS} GROUP BY srcaddr, dstaddr, dstport, action ORDER BY attempts DESC LIMIT 100`,
    insights: 'filter protocol = 6 and (dstport = 22 or dstport = 3389) and flow_direction = "ingress" | stats count(*) as attempts by srcaddr, dstaddr, dstport, action | sort attempts desc | limit 100',
  },
  {
    id: 'flowsToPublicAddresses',
    name: 'flows-to-public-addresses',
    description: 'Egress to any non-private address except the S3/DynamoDB gateway endpoints: in a VPC with no internet path every such flow is an exfiltration attempt.',
    athena: `SELECT pkt_srcaddr, pkt_dstaddr, dstport, action, pkt_dst_aws_service, count(*) AS flows, sum(bytes) AS total_bytes FROM ${T} WHERE flow_direction = 'egress' AND NOT regexp_like(pkt_dstaddr, ${PRIVATE_IPV4_REGEX}) AND coalesce(pkt_dst_aws_service, '-') NOT IN ('S3', 'DYNAMODB') AND ${LAST_7_DAYS} GROUP BY pkt_srcaddr, pkt_dstaddr, dstport, action, pkt_dst_aws_service ORDER BY flows DESC LIMIT 100`,
    insights: `filter flow_direction = "egress" and not ${insightsPrivate('pkt_dstaddr')} and pkt_dst_aws_service != "S3" and pkt_dst_aws_service != "DYNAMODB" | stats count(*) as flows, sum(bytes) as total_bytes by pkt_srcaddr, pkt_dstaddr, dstport, action | sort flows desc | limit 100`,
  },
  {
    id: 'portScans',
    name: 'port-scans',
    description: 'Source/destination pairs touching more than 25 distinct ports: horizontal or vertical port scans.',
    athena: `SELECT srcaddr, dstaddr, count(DISTINCT dstport) AS distinct_ports, count(*) AS flows FROM ${T} WHERE ${LAST_7_DAYS} GROUP BY srcaddr, dstaddr HAVING count(DISTINCT dstport) > 25 ORDER BY distinct_ports DESC LIMIT 100`,
    insights: 'stats count_distinct(dstport) as distinct_ports, count(*) as flows by srcaddr, dstaddr | filter distinct_ports > 25 | sort distinct_ports desc | limit 100',
  },
  {
    id: 'onPremThroughTransitGateway',
    name: 'on-prem-traffic-through-tgw',
    description: 'Inbound flows from private addresses that are not interfaces of this VPC: the Transit Gateway is the only private path in, so these come from on-premises.',
    athena: `SELECT pkt_srcaddr, dstaddr, dstport, action, count(*) AS flows, sum(bytes) AS total_bytes FROM ${T} WHERE flow_direction = 'ingress' AND regexp_like(pkt_srcaddr, ${PRIVATE_IPV4_REGEX}) AND pkt_srcaddr NOT IN (SELECT DISTINCT srcaddr FROM ${T} WHERE flow_direction = 'egress' AND ${LAST_7_DAYS}) AND ${LAST_7_DAYS} GROUP BY pkt_srcaddr, dstaddr, dstport, action ORDER BY flows DESC LIMIT 100`,
    insights: `filter flow_direction = "ingress" and ${insightsPrivate('pkt_srcaddr')} and not isIpv4InSubnet(pkt_srcaddr, "${VPC_CIDR}") | stats count(*) as flows, sum(bytes) as total_bytes by pkt_srcaddr, dstaddr, dstport, action | sort flows desc | limit 100`,
  },
];
