// The parameter contract every domain composite shares, and the patches that apply it to what the
// domain composes. Declared once so every domain's schema and every composed resource agree.
import { fromComposite, PatchSet, ToFieldPathPolicy } from './patches';
import { Schema, type SchemaNode } from './schema';
import { MaxLength } from './aws-limits';

/** Commercial regions the baseline is tested for (each has every service the domains compose). */
export const REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'ca-central-1',
  'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2',
  'sa-east-1',
] as const;
export type Region = (typeof REGIONS)[number];

export const DEFAULT_REGION: Region = 'us-east-1';

/**
 * Longest environment suffix. The longest AWS name the package composes is an S3 bucket name
 * `zta-<purpose>-<accountId>-<region>-<suffix>` (limit 63): with the longest purpose (12), region
 * (14) and account id (12) that leaves 16; 12 keeps room for new purposes. The renderer checks every
 * name against its AWS limit, and a test renders the longest suffix in the longest region.
 */
export const MAX_SUFFIX_LENGTH = 12;

export const MANAGEMENT_POLICIES = ['*', 'Create', 'Observe', 'Update', 'Delete', 'LateInitialize'] as const;

/**
 * Schema of the shared parameters, keyed by parameter name: where the resources are (account
 * parameters, set only from the namespace's binding) and how they are managed (lifecycle).
 */
export function commonParameterSchema(): Record<string, SchemaNode> {
  return { ...accountParameterSchema(), ...lifecycleParameterSchema() };
}

/**
 * Account, region, suffix and credentials. Domain composites keep them as parameters, but only the
 * claim's composite sets them, from the binding of the claim's namespace (account-binding.ts); no
 * claim-facing XRD has them.
 */
export function accountParameterSchema(): Record<string, SchemaNode> {
  return {
    accountId: Schema.string('12-digit id of the AWS account this baseline is applied to.', {
      maxLength: MaxLength.accountId,
      pattern: '^[0-9]{12}$',
      rules: [{ rule: "self.matches('^[0-9]{12}$')", message: 'accountId must be exactly 12 digits, e.g. "111122223333"' }],
    }),
    region: Schema.string('AWS region the baseline is deployed to.', { enum: REGIONS, default: DEFAULT_REGION }),
    // No hyphens: Glue and Athena names allow only [a-z0-9_], and P&T has no replace transform
    // in its input schema to turn a hyphen into an underscore.
    environmentSuffix: Schema.string(
      `Suffix appended to every AWS resource name: lowercase letters and digits, at most ${MAX_SUFFIX_LENGTH} characters, e.g. "dev" or "prodeu".`,
      {
        minLength: 1,
        maxLength: MAX_SUFFIX_LENGTH,
        pattern: '^[a-z0-9]+$',
        rules: [
          {
            rule: "self.matches('^[a-z0-9]+$')",
            message: 'environmentSuffix must be lowercase letters and digits only (it is part of S3 bucket, Glue and Athena names)',
          },
        ],
      },
    ),
    providerConfigName: Schema.string('Name of the provider-upjet-aws ProviderConfig holding credentials for the account.', {
      default: 'default',
      pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$',
      maxLength: MaxLength.kubernetesName,
    }),
  };
}

/** How the resources are managed: the claim's own choice, handed down to every composite. */
export function lifecycleParameterSchema(): Record<string, SchemaNode> {
  return {
    managementPolicies: Schema.array(
      'Crossplane management policies for every managed resource. Remove "Delete" (use ["Create","Observe","Update","LateInitialize"]) to keep the AWS resources when the claim is deleted.',
      Schema.string('A management policy.', { enum: MANAGEMENT_POLICIES }),
      { default: ['*'], minItems: 1, maxItems: MANAGEMENT_POLICIES.length, listType: 'set' },
    ),
    deletionPolicy: Schema.string('What happens to the AWS resources when the claim is deleted.', {
      enum: ['Delete', 'Orphan'],
      default: 'Delete',
    }),
    tags: Schema.stringMap('Tags added to every AWS resource that supports tags (the baseline\'s own tags take precedence).', {
      // 50 tags per resource; the baseline's own tags need the other 10.
      maxProperties: MaxLength.tagsPerResource - 10,
      maxValueLength: MaxLength.tagValue,
    }),
  };
}

export const COMMON_REQUIRED_PARAMETERS = ['accountId', 'environmentSuffix'] as const;

/** Patch sets every domain composition declares; resources reference the ones that apply to them. */
export const CommonPatchSets = {
  /** Credentials of the target account. */
  providerConfig: new PatchSet('provider-config', [
    fromComposite('spec.parameters.providerConfigName', 'spec.providerConfigRef.name'),
  ]),
  /** Create/delete behaviour; not applied to observe-only resources. */
  lifecycle: new PatchSet('lifecycle', [
    fromComposite('spec.parameters.deletionPolicy', 'spec.deletionPolicy'),
    fromComposite('spec.parameters.managementPolicies', 'spec.managementPolicies'),
  ]),
  /** Only for kinds whose forProvider has `region` (IAM and other global kinds have none). */
  region: new PatchSet('region', [
    fromComposite('spec.parameters.region', 'spec.forProvider.region', { required: true }),
  ]),
  /** Only for kinds whose forProvider has `tags`; the base's own tags are kept on conflict. */
  tags: new PatchSet('tags', [
    fromComposite('spec.parameters.tags', 'spec.forProvider.tags', { toPolicy: ToFieldPathPolicy.MERGE_OBJECTS }),
  ]),
} as const;

/** Patches that hand the lifecycle parameters from a claim's composite down to a nested composite. */
export function lifecycleParameterPassThrough(): PatchSet {
  return new PatchSet(
    'lifecycle-parameters',
    Object.keys(lifecycleParameterSchema()).map((name) => fromComposite(`spec.parameters.${name}`)),
  );
}

/** Patches that hand the shared parameters from a parent composite down to a nested domain composite. */
export function commonParameterPassThrough(): PatchSet {
  return new PatchSet(
    'common-parameters',
    Object.keys(commonParameterSchema()).map((name) => fromComposite(`spec.parameters.${name}`)),
  );
}
