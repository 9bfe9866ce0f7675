// An Athena workgroup whose settings clients cannot override (enforced configuration): engine v3,
// results SSE-KMS encrypted in a secure results bucket owned by the account, and a per-query
// bytes-scanned cutoff as cost control.
import type { Construct } from 'constructs';
import { WorkgroupV1Beta2 } from '../../../imports/athena.aws.upbound.io';
import { ComposedResource } from '../../kernel/composed-resource';
import type { Patch } from '../../kernel/patches';
import { Schema } from '../../kernel/schema';
import { SecureBucket } from '../data/secure-bucket';
import { Params } from '../../kernel/values';
import { MaxLength } from '../../kernel/aws-limits';

/** Athena's smallest allowed per-query cutoff (10 MB). */
export const MIN_BYTES_SCANNED_CUTOFF = 10 * 1024 * 1024;
/** Cutoff unless the claim says otherwise: 10 GiB (about USD 0.05). */
export const DEFAULT_BYTES_SCANNED_CUTOFF = 10 * 1024 ** 3;

export interface AthenaWorkgroupProps {
  /** Composition resource name of the workgroup. */
  readonly name: string;
  readonly workgroupName: string;
  readonly description: string;
  /** Composition resource name of the results bucket. */
  readonly resultsBucketName: string;
  /** Bucket-name purpose of the results bucket. */
  readonly resultsPurpose: string;
  /** KMS key (token) encrypting results, in the bucket and in the workgroup's result configuration. */
  readonly kmsKeyArn: string;
  readonly accessLogs: { readonly targetBucketName: string; readonly prefix: string };
  /** Patch writing `spec.forProvider.configuration.bytesScannedCutoffPerQuery`. */
  readonly bytesScannedCutoff: Patch;
}

export function athenaWorkgroup(scope: Construct, props: AthenaWorkgroupProps): ComposedResource[] {
  const results = new SecureBucket(scope, { name: props.resultsBucketName, purpose: props.resultsPurpose, kmsKeyArn: props.kmsKeyArn, accessLogs: props.accessLogs });
  const workgroup = new ComposedResource(scope, {
    name: props.name,
    kind: WorkgroupV1Beta2,
    externalName: props.workgroupName,
    forProvider: {
      description: props.description,
      state: 'ENABLED',
      forceDestroy: true,
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        requesterPaysEnabled: false,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${results.bucketName}/results/`,
          expectedBucketOwner: Params.accountId,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKeyArn: props.kmsKeyArn },
        },
      },
    },
    patches: [props.bytesScannedCutoff],
  }).publish('athenaWorkgroup', 'status.atProvider.id', Schema.string('Athena workgroup for flow-log queries.', { maxLength: MaxLength.athenaWorkgroupName }));
  return [...results.resources, workgroup];
}
