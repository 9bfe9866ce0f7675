// One source of truth for the VPC flow-log record: the custom log format the FlowLog writes, the
// Glue columns Athena reads, the Hive-compatible hourly S3 key layout AWS writes the Parquet files
// to, and the partition projection that maps partitions onto that layout. Deriving all four from
// the same list is what keeps the table readable after a field is added.
// Fields and Parquet types: https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
// Key layout: https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html
// Table shape: https://docs.aws.amazon.com/athena/latest/ug/vpc-flow-logs-parquet.html

/** Parquet physical types the flow-log documentation lists per field. */
export type ParquetType = 'INT_32' | 'INT_64' | 'STRING';
/** Hive/Glue column types Athena reads the Parquet columns as. */
export type GlueType = 'int' | 'bigint' | 'string';

export interface FlowLogField {
  /** Name in the log format (`${pkt-srcaddr}`). */
  readonly name: string;
  /** Version of the flow-log record that introduced the field. */
  readonly version: number;
  /** Parquet type AWS documents for the field. */
  readonly parquetType: ParquetType;
  /**
   * Glue column type. Equal to the Parquet type, except `protocol`: the VPC guide lists INT_32 but
   * Athena's own reference DDL reads it as bigint; bigint reads both, int would fail on INT_64.
   */
  readonly glueType: GlueType;
}

const f = (name: string, version: number, parquetType: ParquetType, glueType?: GlueType): FlowLogField => ({
  name,
  version,
  parquetType,
  glueType: glueType ?? ({ INT_32: 'int', INT_64: 'bigint', STRING: 'string' } as const)[parquetType],
});

/**
 * The fields the baseline records, in record order: the version 2 default fields followed by the
 * extended fields of versions 3-5 (which VPC, subnet, instance, TCP flags, packet-level addresses,
 * AWS service ranges, direction and path) that security analysis needs.
 */
export const FLOW_LOG_FIELDS: readonly FlowLogField[] = [
  f('version', 2, 'INT_32'),
  f('account-id', 2, 'STRING'),
  f('interface-id', 2, 'STRING'),
  f('srcaddr', 2, 'STRING'),
  f('dstaddr', 2, 'STRING'),
  f('srcport', 2, 'INT_32'),
  f('dstport', 2, 'INT_32'),
  f('protocol', 2, 'INT_32', 'bigint'),
  f('packets', 2, 'INT_64'),
  f('bytes', 2, 'INT_64'),
  f('start', 2, 'INT_64'),
  f('end', 2, 'INT_64'),
  f('action', 2, 'STRING'),
  f('log-status', 2, 'STRING'),
  f('vpc-id', 3, 'STRING'),
  f('subnet-id', 3, 'STRING'),
  f('instance-id', 3, 'STRING'),
  f('tcp-flags', 3, 'INT_32'),
  f('type', 3, 'STRING'),
  f('pkt-srcaddr', 3, 'STRING'),
  f('pkt-dstaddr', 3, 'STRING'),
  f('region', 4, 'STRING'),
  f('az-id', 4, 'STRING'),
  f('sublocation-type', 4, 'STRING'),
  f('sublocation-id', 4, 'STRING'),
  f('pkt-src-aws-service', 5, 'STRING'),
  f('pkt-dst-aws-service', 5, 'STRING'),
  f('flow-direction', 5, 'STRING'),
  f('traffic-path', 5, 'INT_32'),
];

/** The FlowLog `logFormat`: `${field}` tokens separated by single spaces. */
export function flowLogFormat(fields: readonly FlowLogField[] = FLOW_LOG_FIELDS): string {
  return fields.map((x) => `\${${x.name}}`).join(' ');
}

/** Field names of a log format string, in order; throws on anything that is not a `${field}` token. */
export function parseFlowLogFormat(format: string): string[] {
  return format.split(' ').map((token) => {
    const m = /^\$\{([a-z0-9-]+)\}$/.exec(token);
    if (!m) throw new Error(`flow log format: '${token}' is not a \${field} token`);
    return m[1]!;
  });
}

/** Parquet column name AWS writes for a field: hyphens become underscores. */
export function columnName(field: string): string {
  return field.replace(/-/g, '_');
}

export interface GlueColumn {
  readonly name: string;
  readonly type: string;
  readonly comment?: string;
}

export function glueColumns(fields: readonly FlowLogField[] = FLOW_LOG_FIELDS): GlueColumn[] {
  return fields.map((x) => ({ name: columnName(x.name), type: x.glueType, comment: `${x.name} (flow log v${x.version}, Parquet ${x.parquetType})` }));
}

/**
 * Partition keys, named exactly as the Hive-compatible S3 prefixes AWS writes (so the table also
 * works with MSCK REPAIR), each with its place in the key layout.
 */
export const PARTITION_KEYS = ['aws-account-id', 'aws-service', 'aws-region', 'year', 'month', 'day', 'hour'] as const;

/** The literal `aws-service=` value of VPC flow logs. */
export const FLOW_LOG_SERVICE = 'vpcflowlogs';

export interface KeyLayoutValues {
  readonly accountId: string;
  readonly region: string;
  readonly year: string;
  readonly month: string;
  readonly day: string;
  readonly hour: string;
}

/**
 * The S3 key prefix AWS writes a flow-log file under, for a destination `s3://<bucket>/<prefix>`
 * with Parquet, Hive-compatible prefixes and per-hour partitions:
 * `<bucket>/<prefix>/AWSLogs/aws-account-id=<id>/aws-service=vpcflowlogs/aws-region=<r>/year=<y>/month=<m>/day=<d>/hour=<h>/`.
 */
export function flowLogKeyPrefix(bucketAndPrefix: string, v: KeyLayoutValues): string {
  return `${trimSlash(bucketAndPrefix)}/AWSLogs/aws-account-id=${v.accountId}/aws-service=${FLOW_LOG_SERVICE}/aws-region=${v.region}/year=${v.year}/month=${v.month}/day=${v.day}/hour=${v.hour}/`;
}

/** `storage.location.template`: the key layout with every partition as `${key}`. */
export function storageLocationTemplate(bucketAndPrefix: string): string {
  const p = Object.fromEntries(PARTITION_KEYS.map((k) => [k, `\${${k}}`])) as Record<(typeof PARTITION_KEYS)[number], string>;
  return `s3://${trimSlash(bucketAndPrefix)}/AWSLogs/${PARTITION_KEYS.map((k) => `${k}=${p[k]}`).join('/')}/`;
}

/** Table location: the common prefix of every partition. */
export function tableLocation(bucketAndPrefix: string): string {
  return `s3://${trimSlash(bucketAndPrefix)}/AWSLogs/`;
}

/**
 * Partition projection parameters (no crawler, no MSCK): account, service and region are the
 * single values this account writes; year is a date range up to NOW so the table never needs an
 * update; month/day/hour are zero-padded integers as AWS writes them.
 * https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
 */
export function partitionProjection(bucketAndPrefix: string, accountId: string, region: string, firstYear: number): Record<string, string> {
  return {
    'projection.enabled': 'true',
    'projection.aws-account-id.type': 'enum',
    'projection.aws-account-id.values': accountId,
    'projection.aws-service.type': 'enum',
    'projection.aws-service.values': FLOW_LOG_SERVICE,
    'projection.aws-region.type': 'enum',
    'projection.aws-region.values': region,
    'projection.year.type': 'date',
    'projection.year.format': 'yyyy',
    'projection.year.range': `${firstYear},NOW`,
    'projection.year.interval': '1',
    'projection.year.interval.unit': 'YEARS',
    'projection.month.type': 'integer',
    'projection.month.range': '1,12',
    'projection.month.digits': '2',
    'projection.day.type': 'integer',
    'projection.day.range': '1,31',
    'projection.day.digits': '2',
    'projection.hour.type': 'integer',
    'projection.hour.range': '0,23',
    'projection.hour.digits': '2',
    'storage.location.template': storageLocationTemplate(bucketAndPrefix),
  };
}

/** Fills a storage.location.template (or any `${key}` template) with partition values. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{([a-z-]+)\}/g, (_m, k: string) => {
    const v = values[k];
    if (v === undefined) throw new Error(`template: no value for partition '${k}'`);
    return v;
  });
}

function trimSlash(s: string): string {
  return s.replace(/^s3:\/\//, '').replace(/\/+$/, '');
}
