// The GitOps generator's parameters (compositions/gitops/parameters.ts): read from flags, then the
// environment, then the example organization's values, and validated once with one problem per field
// naming what is allowed and what was given.
import { defineGitOpsParameters, EXAMPLE_GITOPS_PARAMETERS, gitOpsParametersFrom, GitOpsParameterError } from '../../../compositions/gitops/parameters';

describe('generator parameters', () => {
  test('flags win over the environment, which wins over the example defaults', () => {
    const p = gitOpsParametersFrom(['--render', '--revision=release-1', '--pod-identity=IRSA', '--aws-provider-role-arn=arn:aws:iam::123456789012:role/a'], { ZTA_REVISION: 'env', ZTA_TERRAFORM_PROVIDER_ROLE_ARN: 'arn:aws:iam::123456789012:role/t', ZTA_CLAIMS_ROOT: 'claims' });
    expect(p).toEqual({ ...EXAMPLE_GITOPS_PARAMETERS, revision: 'release-1', claimsRoot: 'claims', podIdentity: { mode: 'IRSA', roles: { awsProvider: 'arn:aws:iam::123456789012:role/a', terraformProvider: 'arn:aws:iam::123456789012:role/t' } } });
  });

  test('bad values are refused with the field, what is allowed and what was given', () => {
    expect(() => defineGitOpsParameters({ ...EXAMPLE_GITOPS_PARAMETERS, repoUrl: 'https://user:token@github.com/x.git', packageVersion: 'latest', claimsRoot: '../claims', podIdentity: { mode: 'IRSA', roles: { awsProvider: 'arn:aws:iam::1:role/x', terraformProvider: 'arn:aws:iam::123456789012:role/t' } } }))
      .toThrow(new GitOpsParameterError([
        'gitops parameters: 4 problem(s):',
        '  repoUrl: must be an https://, ssh:// or git@host:path Git URL without credentials (got "https://user:token@github.com/x.git")',
        '  packageVersion: must be a semantic version tag such as v0.1.0 (got "latest")',
        '  claimsRoot: must be a relative path inside the repository, without ".." or a trailing slash (got "../claims")',
        '  podIdentity.roles.awsProvider: must be an IAM role ARN arn:aws:iam::<12 digits>:role/<name> (got "arn:aws:iam::1:role/x")',
      ].join('\n')));
  });
});

describe('gitOpsParametersFrom', () => {
  test('without flags or environment: the example organization\'s values, providers on EKS Pod Identity', () => {
    expect(gitOpsParametersFrom([], {})).toEqual(EXAMPLE_GITOPS_PARAMETERS);
    expect(gitOpsParametersFrom(['--pod-identity=PodIdentity'], {}).podIdentity).toEqual({ mode: 'PodIdentity' });
  });

  test('an empty environment variable is unset; main.ts\'s --render switch and positional arguments are left alone', () => {
    expect(gitOpsParametersFrom(['--render', 'release-2'], { ZTA_REVISION: '', ZTA_ARGOCD_NAMESPACE: 'gitops' }))
      .toEqual({ ...EXAMPLE_GITOPS_PARAMETERS, argocdNamespace: 'gitops' });
  });

  test('a misspelled or unknown flag, and a parameter flag without =value, are refused with the flags that exist', () => {
    let message = '';
    try { gitOpsParametersFrom(['--revison=release-2', '--revision', 'release-2', '--render=yes'], {}); } catch (e) { message = (e as Error).message; }
    const lines = message.split('\n');
    expect(lines[0]).toBe('gitops parameters: 3 problem(s):');
    expect(lines[1]).toMatch(/^  --revison=release-2: unknown flag \(parameters: --repo-url=<value>, --revision=<value>, .*; switches: --render\)$/);
    expect(lines[2]).toBe('  --revision: needs a value, written --revision=<value>');
    expect(lines[3]).toMatch(/^  --render=yes: unknown flag/);
  });

  test('a pod identity mode other than PodIdentity or IRSA is refused, naming the field and the value given', () => {
    expect(() => gitOpsParametersFrom(['--pod-identity=Kiam'], {})).toThrow(new GitOpsParameterError([
      'gitops parameters: 1 problem(s):',
      '  podIdentity.mode: must be PodIdentity or IRSA (got "Kiam")',
    ].join('\n')));
  });

  test('IRSA without role ARNs: each missing role is a problem of its own', () => {
    expect(() => gitOpsParametersFrom([], { ZTA_POD_IDENTITY: 'IRSA' })).toThrow(new GitOpsParameterError([
      'gitops parameters: 2 problem(s):',
      '  podIdentity.roles.awsProvider: must be an IAM role ARN arn:aws:iam::<12 digits>:role/<name> (got "")',
      '  podIdentity.roles.terraformProvider: must be an IAM role ARN arn:aws:iam::<12 digits>:role/<name> (got "")',
    ].join('\n')));
  });
});
