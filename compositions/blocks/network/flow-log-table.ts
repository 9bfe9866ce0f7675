// The Glue database and table Athena reads the Parquet flow logs through. Columns come from the
// same field list as the flow-log format, and partition projection mirrors the exact S3 key layout
// of Hive-compatible hourly partitions, so no crawler and no MSCK REPAIR ever run.
import type { Construct } from 'constructs';
import { CatalogDatabaseV1Beta2, CatalogTableV1Beta2 } from '../../../imports/glue.aws.upbound.io';
import { ComposedResource } from '../../kernel/composed-resource';
import { PARTITION_KEYS, glueColumns, partitionProjection, tableLocation } from './flow-log-format';
import { FLOW_LOG_TABLE } from './flow-log-queries';
import { Schema } from '../../kernel/schema';
import { Params } from '../../kernel/values';
import { MaxLength } from '../../kernel/aws-limits';

/** First year the table projects partitions for (the package's first release). */
export const FLOW_LOG_FIRST_YEAR = 2025;
/** Glue database name: Athena accepts only lowercase letters, digits and '_' (the suffix is [a-z0-9]+). */
export const FLOW_LOG_DATABASE = `zta_flowlogs_${Params.environmentSuffix}`;

/** Database and partition-projected table over `s3://<bucketName>/AWSLogs/`. */
export function flowLogTable(scope: Construct, bucketName: string): ComposedResource[] {
  const database = new ComposedResource(scope, {
    name: 'flowLogDatabase',
    kind: CatalogDatabaseV1Beta2,
    externalName: FLOW_LOG_DATABASE,
    forProvider: { catalogId: Params.accountId, description: 'VPC flow logs of the account (zero-trust network domain)' },
  }).publish('athenaDatabase', 'metadata.annotations[crossplane.io/external-name]', Schema.string('Glue database of the flow-log table.', { maxLength: MaxLength.glueName }));
  const table = new ComposedResource(scope, {
    name: 'flowLogTable',
    kind: CatalogTableV1Beta2,
    externalName: FLOW_LOG_TABLE,
    forProvider: {
      catalogId: Params.accountId,
      databaseNameSelector: database.selector(),
      description: 'VPC flow logs (Parquet, Hive-compatible hourly partitions), partitions projected',
      tableType: 'EXTERNAL_TABLE',
      parameters: {
        EXTERNAL: 'TRUE',
        classification: 'parquet',
        ...partitionProjection(bucketName, Params.accountId, Params.region, FLOW_LOG_FIRST_YEAR),
      },
      partitionKeys: PARTITION_KEYS.map((k) => ({ name: k, type: 'string' })),
      storageDescriptor: {
        location: tableLocation(bucketName),
        inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
        serDeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', parameters: { 'serialization.format': '1' } },
        columns: glueColumns().map((c) => ({ name: c.name, type: c.type, ...(c.comment ? { comment: c.comment } : {}) })),
      },
    },
  }).publish('athenaTable', 'metadata.annotations[crossplane.io/external-name]', Schema.string('Glue table of the VPC flow logs.', { maxLength: MaxLength.glueName }));
  return [database, table];
}
