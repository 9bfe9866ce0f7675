// Crossplane's dependency resolution (compositions/gitops/package-dependencies.ts) beyond upstream's own
// test cases (test/compositions/gitops/upstream-ports.test.ts): a dependency pinned by digest. Upstream
// (internal/controller/pkg/revision/dependency.go, Resolve, Crossplane v2) compares a digest constraint
// with the installed version as a string instead of parsing it as a semver range, and fails the revision
// with the package, its version and the constraint when they differ.
import { type LockDependency, type LockPackage, resolveDependencies } from '../../../compositions/gitops/package-dependencies';

const EC2 = 'xpkg.crossplane.io/crossplane-contrib/provider-aws-ec2';
const DIGEST = `sha256:${'a'.repeat(64)}`;
const OTHER_DIGEST = `sha256:${'b'.repeat(64)}`;

const configuration = (constraints: string) => ({
  name: 'zero-trust-platform-abc123', type: 'Configuration' as const, package: 'ghcr.io/zero-trust-platform/zero-trust-platform:v0.1.0',
  dependsOn: [{ package: EC2, type: 'Provider', constraints } satisfies LockDependency],
});
const lockWithEc2At = (version: string): LockPackage[] => [{ name: 'provider-aws-ec2', type: 'Provider', source: EC2, version, dependencies: [] }];

describe.each(['v1.5.0', 'v3.4.0'] as const)('a dependency pinned by digest (Masterminds semver %s)', (dialect) => {
  test('resolves when the installed package is at exactly that digest', () => {
    expect(resolveDependencies(configuration(DIGEST), lockWithEc2At(DIGEST), dialect)).toEqual({ total: 1, installed: 1, invalid: 0 });
  });

  test('fails the revision, naming the package, its version and the digest, when the installed package is at a tag or another digest', () => {
    for (const installed of ['v2.1.0', OTHER_DIGEST]) {
      expect(resolveDependencies(configuration(DIGEST), lockWithEc2At(installed), dialect)).toEqual({
        total: 1, installed: 1, invalid: 0, error: `existing package ${EC2}@${installed} is incompatible with constraint ${DIGEST}`,
      });
    }
  });

  test('a digest-like constraint that is not sha256 with 64 hex digits is read as a semver range, and refused as one', () => {
    const short = `sha256:${'a'.repeat(63)}`;
    expect(resolveDependencies(configuration(short), lockWithEc2At(DIGEST), dialect)).toEqual({ total: 1, installed: 1, invalid: 0, error: `improper constraint: ${short}` });
  });
});
