// The one place that derives API names, composition names, labels and package paths. Renaming
// anything here renames it everywhere (and replaces live objects), so it is deliberate and tested.

/** API group of every XRD this package defines. */
export const API_GROUP = 'aws.zerotrust.io';
/** Served (and referenceable) version of every XRD. */
export const API_VERSION = 'v1alpha1';
/** Prefix of the labels and tags the package puts on what it composes. */
export const LABEL_DOMAIN = 'zerotrust.io';

export const Labels = {
  /** Composition resource name, so sibling selectors can pick exactly one resource. */
  component: `${LABEL_DOMAIN}/component`,
  /** Security domain that composed the resource. */
  domain: `${LABEL_DOMAIN}/domain`,
  /** `enabled` or `disabled` composition of an optional feature. */
  variant: `${LABEL_DOMAIN}/variant`,
  /** Tier of a subnet (`private`), so a list reference selects every subnet of the VPC at once. */
  subnetTier: `${LABEL_DOMAIN}/subnet-tier`,
} as const;

export const EXTERNAL_NAME_ANNOTATION = 'crossplane.io/external-name';

export interface CompositeNames {
  readonly group: string;
  readonly version: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  /** `<plural>.<group>`: the XRD's name and its Composition's name. */
  readonly definitionName: string;
  /** Directory of the XRD and Composition inside the package root. */
  readonly packageDir: string;
  readonly claim?: { readonly kind: string; readonly plural: string };
}

const COMPOSITE_KIND = /^X[A-Z][A-Za-z0-9]*$/;

/** Names for a composite kind `X<Name>`, optionally offering the claim `<Name>`. */
export function compositeNames(kind: string, options: { offerClaim?: boolean } = {}): CompositeNames {
  if (!COMPOSITE_KIND.test(kind)) {
    throw new Error(`composite kind '${kind}' must be 'X' followed by a PascalCase name (e.g. XEncryption)`);
  }
  const singular = kind.toLowerCase();
  const plural = pluralize(singular);
  const claimKind = kind.slice(1);
  return {
    group: API_GROUP,
    version: API_VERSION,
    apiVersion: `${API_GROUP}/${API_VERSION}`,
    kind,
    plural,
    singular,
    definitionName: `${plural}.${API_GROUP}`,
    packageDir: `apis/${plural}`,
    ...(options.offerClaim ? { claim: { kind: claimKind, plural: pluralize(claimKind.toLowerCase()) } } : {}),
  };
}

/** The do-nothing composition of an optional feature: `<plural>-disabled.<group>`. */
export function disabledCompositionName(names: CompositeNames): string {
  return `${names.plural}-disabled.${names.group}`;
}

function pluralize(word: string): string {
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/** Step names of every Pipeline Composition. */
export const PipelineSteps = {
  environmentConfigs: 'environment-configs',
  patchAndTransform: 'patch-and-transform',
  celFilter: 'cel-filter',
  autoReady: 'auto-ready',
} as const;

/**
 * Function names as Crossplane's package manager names them when it installs them as dependencies of
 * this Configuration: `<org>-<repository>` of the package path.
 */
export const FunctionNames = {
  environmentConfigs: 'crossplane-contrib-function-environment-configs',
  patchAndTransform: 'crossplane-contrib-function-patch-and-transform',
  celFilter: 'crossplane-contrib-function-cel-filter',
  autoReady: 'crossplane-contrib-function-auto-ready',
} as const;
