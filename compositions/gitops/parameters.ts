// What the GitOps tree depends on that differs per installation: where Argo CD reads the repository,
// which package build it installs, where claims live, and how the providers get their AWS identity.
// Nothing here is a constant of the project: main.ts takes every value from flags or the environment
// (defaults are those of the example organization) and validates them once, with one error per field.

export interface IrsaRoles {
  /** Role the provider-upjet-aws pods assume through the EKS OIDC provider (IRSA). */
  readonly awsProvider: string;
  /** Role provider-terraform's pods assume through IRSA. */
  readonly terraformProvider: string;
}

export type PodIdentity = { readonly mode: 'PodIdentity' } | { readonly mode: 'IRSA'; readonly roles: IrsaRoles };

export interface GitOpsParameters {
  /** Git repository Argo CD reads (the platform team's fork of this repository). */
  readonly repoUrl: string;
  /** Branch, tag or commit Argo CD syncs. */
  readonly revision: string;
  /** OCI repository of the pushed package, without tag: `crossplane xpkg push` target. */
  readonly packageRepository: string;
  /** Tag of the package build to install (a semantic version such as v0.1.0). */
  readonly packageVersion: string;
  /** Directory holding one claims directory per tenant namespace. */
  readonly claimsRoot: string;
  /** Namespace Argo CD runs in (Applications and AppProjects live there). */
  readonly argocdNamespace: string;
  /** Namespace Crossplane runs in: provider pods and their ServiceAccounts live there. */
  readonly crossplaneNamespace: string;
  readonly podIdentity: PodIdentity;
}

/** The example organization's values: a placeholder fork and registry, EKS Pod Identity. */
export const EXAMPLE_GITOPS_PARAMETERS: GitOpsParameters = {
  repoUrl: 'https://github.com/zero-trust-platform/zero-trust-platform.git',
  revision: 'main',
  packageRepository: 'ghcr.io/zero-trust-platform/zero-trust-platform',
  packageVersion: 'v0.1.0',
  claimsRoot: 'examples/claims',
  argocdNamespace: 'argocd',
  crossplaneNamespace: 'crossplane-system',
  podIdentity: { mode: 'PodIdentity' },
};

export class GitOpsParameterError extends Error {}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Argo CD accepts https, ssh (git@host:path) and scp-like URLs; a URL with credentials would be committed.
const REPO_URL = /^(https:\/\/[^\s@/]+\/\S+|ssh:\/\/[^\s]+|git@[^\s:]+:\S+)$/;
// An OCI repository without tag or digest: registry host, then lowercase path components
// (distribution spec name grammar; the tag is packageVersion).
const OCI_REPOSITORY = /^[a-z0-9]+([.-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)+$/;
// A release tag the package manager's semver parses (Crossplane resolves dependsOn ranges against it).
const RELEASE_TAG = /^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$/;
const ROLE_ARN = /^arn:aws:iam::[0-9]{12}:role\/[A-Za-z0-9_+=,.@/-]{1,576}$/;
// A path inside the repository: relative, no "..", no trailing slash.
const REPO_PATH = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9._/-]+(?<!\/)$/;

function check(problems: string[], ok: boolean, field: string, allowed: string, got: unknown): void {
  if (!ok) problems.push(`${field}: ${allowed} (got ${JSON.stringify(got)})`);
}

/** Validates every field; throws one GitOpsParameterError naming each problem (field, what is allowed, what was given). */
export function defineGitOpsParameters(p: GitOpsParameters): GitOpsParameters {
  const problems: string[] = [];
  check(problems, REPO_URL.test(p.repoUrl ?? ''), 'repoUrl', 'must be an https://, ssh:// or git@host:path Git URL without credentials', p.repoUrl);
  check(problems, typeof p.revision === 'string' && /^[A-Za-z0-9._/-]{1,255}$/.test(p.revision), 'revision', 'must be a branch, tag or commit', p.revision);
  check(problems, OCI_REPOSITORY.test(p.packageRepository ?? ''), 'packageRepository', 'must be an OCI repository such as ghcr.io/org/zero-trust-platform, without tag or digest', p.packageRepository);
  check(problems, RELEASE_TAG.test(p.packageVersion ?? ''), 'packageVersion', 'must be a semantic version tag such as v0.1.0', p.packageVersion);
  check(problems, REPO_PATH.test(p.claimsRoot ?? ''), 'claimsRoot', 'must be a relative path inside the repository, without ".." or a trailing slash', p.claimsRoot);
  check(problems, DNS_LABEL.test(p.argocdNamespace ?? ''), 'argocdNamespace', 'must be a namespace name (RFC 1123 label)', p.argocdNamespace);
  check(problems, DNS_LABEL.test(p.crossplaneNamespace ?? ''), 'crossplaneNamespace', 'must be a namespace name (RFC 1123 label)', p.crossplaneNamespace);
  const id = p.podIdentity;
  check(problems, id?.mode === 'PodIdentity' || id?.mode === 'IRSA', 'podIdentity.mode', 'must be PodIdentity or IRSA', id?.mode);
  if (id?.mode === 'IRSA') {
    check(problems, ROLE_ARN.test(id.roles?.awsProvider ?? ''), 'podIdentity.roles.awsProvider', 'must be an IAM role ARN arn:aws:iam::<12 digits>:role/<name>', id.roles?.awsProvider);
    check(problems, ROLE_ARN.test(id.roles?.terraformProvider ?? ''), 'podIdentity.roles.terraformProvider', 'must be an IAM role ARN arn:aws:iam::<12 digits>:role/<name>', id.roles?.terraformProvider);
  }
  if (problems.length > 0) throw new GitOpsParameterError(`gitops parameters: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  return p;
}

/** Flag (`--repo-url=...`) and environment variable (`ZTA_REPO_URL`) of each parameter, for main.ts and the README. */
export const GITOPS_PARAMETER_SOURCES = {
  repoUrl: { flag: 'repo-url', env: 'ZTA_REPO_URL' },
  revision: { flag: 'revision', env: 'ZTA_REVISION' },
  packageRepository: { flag: 'package-repository', env: 'ZTA_PACKAGE_REPOSITORY' },
  packageVersion: { flag: 'package-version', env: 'ZTA_PACKAGE_VERSION' },
  claimsRoot: { flag: 'claims-root', env: 'ZTA_CLAIMS_ROOT' },
  argocdNamespace: { flag: 'argocd-namespace', env: 'ZTA_ARGOCD_NAMESPACE' },
  crossplaneNamespace: { flag: 'crossplane-namespace', env: 'ZTA_CROSSPLANE_NAMESPACE' },
  podIdentityMode: { flag: 'pod-identity', env: 'ZTA_POD_IDENTITY' },
  awsProviderRoleArn: { flag: 'aws-provider-role-arn', env: 'ZTA_AWS_PROVIDER_ROLE_ARN' },
  terraformProviderRoleArn: { flag: 'terraform-provider-role-arn', env: 'ZTA_TERRAFORM_PROVIDER_ROLE_ARN' },
} as const;

/** main.ts's own switches (no value), which the parameters leave alone. */
const MAIN_SWITCHES: readonly string[] = ['render'];

/**
 * Reads the parameters from `--flag=value` arguments, then the environment, then the example
 * defaults; validates them. A misspelled or unknown `--flag=value`, or a parameter flag written
 * without `=value`, is refused (naming the flag and the known ones) rather than silently ignored.
 */
export function gitOpsParametersFrom(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): GitOpsParameters {
  const flags = new Map<string, string>();
  const known: readonly string[] = Object.values(GITOPS_PARAMETER_SOURCES).map((s) => s.flag);
  const problems: string[] = [];
  for (const arg of argv) {
    const m = /^--([A-Za-z0-9-]+)(=(.*))?$/.exec(arg);
    if (!m) continue; // positional arguments are main.ts's
    const [, name, withValue, value] = m;
    if (MAIN_SWITCHES.includes(name!) && withValue === undefined) continue;
    if (!known.includes(name!)) problems.push(`  ${arg}: unknown flag (parameters: ${known.map((k) => `--${k}=<value>`).join(', ')}; switches: ${MAIN_SWITCHES.map((k) => `--${k}`).join(', ')})`);
    else if (withValue === undefined) problems.push(`  ${arg}: needs a value, written --${name}=<value>`);
    else flags.set(name!, value!);
  }
  if (problems.length) throw new GitOpsParameterError([`gitops parameters: ${problems.length} problem(s):`, ...problems].join('\n'));
  const value = (key: keyof typeof GITOPS_PARAMETER_SOURCES): string | undefined => {
    const s = GITOPS_PARAMETER_SOURCES[key];
    return flags.get(s.flag) ?? (env[s.env] !== undefined && env[s.env] !== '' ? env[s.env] : undefined);
  };
  const d = EXAMPLE_GITOPS_PARAMETERS;
  const mode = value('podIdentityMode') ?? d.podIdentity.mode;
  const podIdentity: PodIdentity =
    mode === 'IRSA'
      ? { mode: 'IRSA', roles: { awsProvider: value('awsProviderRoleArn') ?? '', terraformProvider: value('terraformProviderRoleArn') ?? '' } }
      : ({ mode } as PodIdentity);
  return defineGitOpsParameters({
    repoUrl: value('repoUrl') ?? d.repoUrl,
    revision: value('revision') ?? d.revision,
    packageRepository: value('packageRepository') ?? d.packageRepository,
    packageVersion: value('packageVersion') ?? d.packageVersion,
    claimsRoot: value('claimsRoot') ?? d.claimsRoot,
    argocdNamespace: value('argocdNamespace') ?? d.argocdNamespace,
    crossplaneNamespace: value('crossplaneNamespace') ?? d.crossplaneNamespace,
    podIdentity,
  });
}
