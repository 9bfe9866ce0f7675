// Every Argo CD health script of the GitOps tree, run in a Lua VM as Argo CD runs argocd-cm scripts
// (test/support/argocd-lua.ts), against realistic objects: healthy, progressing, degraded, no status.
import upstream from '../../fixtures/gitops/argocd-health-upstream.json';
import {
  APPLICATION_HEALTH_LUA, CONFIGURATION_OBJECT_HEALTH_LUA, CROSSPLANE_HEALTH_LUA, NAMESPACE_HEALTH_LUA, PACKAGE_HEALTH_LUA,
  VALIDATING_ADMISSION_POLICY_HEALTH_LUA, healthKey, healthScriptFor,
} from '../../../compositions/gitops/argocd-health';
import { runHealthScript } from '../../support/argocd-lua';

const cond = (type: string, status: string, extra: Record<string, unknown> = {}) => ({ type, status, ...extra });

describe('the Lua harness behaves like argo-cd util/lua ExecuteHealthLua', () => {
  test('no string library: a script calling string.find fails as it would in argocd-cm', () => {
    expect(() => runHealthScript('return { status = string.find("a", "a") and "Healthy" }', {})).toThrow(/string/);
  });
  test('an unknown status becomes Unknown with Argo CD\'s message; nil and an empty table give no status', () => {
    expect(runHealthScript('return { status = "Fine" }', {})).toEqual({ status: 'Unknown', message: 'Lua returned an invalid health status' });
    expect(runHealthScript('return nil', {})).toEqual({});
    expect(runHealthScript('return {}', {})).toEqual({});
    expect(() => runHealthScript('return "Healthy"', {})).toThrow(/expect table output/);
  });
  test('obj is bound with lists as 1-based tables and null as absent', () => {
    expect(runHealthScript('return { status = "Healthy", message = obj.a[2] .. tostring(obj.b) }', { a: ['x', 'y'], b: null })).toEqual({ status: 'Healthy', message: 'ynil' });
  });
});

describe('argoproj.io/Application (restored for the app-of-apps)', () => {
  const app = (status?: object) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'zta-runtime' }, ...(status ? { status } : {}) });
  test('just created, not yet assessed: Progressing', () => {
    expect(runHealthScript(APPLICATION_HEALTH_LUA, app()).status).toBe('Progressing');
    expect(runHealthScript(APPLICATION_HEALTH_LUA, app({ sync: { status: 'OutOfSync' } })).status).toBe('Progressing');
  });
  test('Synced and Healthy: Healthy', () => {
    expect(runHealthScript(APPLICATION_HEALTH_LUA, app({ health: { status: 'Healthy' }, sync: { status: 'Synced' } }))).toEqual({ status: 'Healthy', message: 'Synced and Healthy' });
  });
  test('resources not yet created (Missing) or still starting: Progressing, so the next wave waits', () => {
    expect(runHealthScript(APPLICATION_HEALTH_LUA, app({ health: { status: 'Missing' }, sync: { status: 'OutOfSync' } }))).toEqual({ status: 'Progressing', message: 'health Missing' });
    expect(runHealthScript(APPLICATION_HEALTH_LUA, app({ health: { status: 'Progressing', message: 'waiting for provider' }, sync: { status: 'Synced' } }))).toEqual({ status: 'Progressing', message: 'health Progressing: waiting for provider' });
  });
  test('healthy old objects while the new revision is not applied yet (an upgrade): Progressing', () => {
    expect(runHealthScript(APPLICATION_HEALTH_LUA, app({ health: { status: 'Healthy' }, sync: { status: 'OutOfSync' }, resources: [{ kind: 'Configuration', status: 'OutOfSync' }] }))).toEqual({
      status: 'Progressing', message: 'Healthy but OutOfSync: waiting for the sync',
    });
  });
  test('OutOfSync only because Git dropped objects the tree never prunes: Healthy, the waves go on', () => {
    expect(runHealthScript(APPLICATION_HEALTH_LUA, app({ health: { status: 'Healthy' }, sync: { status: 'OutOfSync' }, resources: [{ kind: 'Role', status: 'Synced' }, { kind: 'Namespace', status: 'OutOfSync', requiresPruning: true }] }))).toEqual({
      status: 'Healthy', message: 'Synced except resources removed from Git; prune them by hand',
    });
  });
  test('a sync that failed after its retries, or a comparison error (e.g. a missing path): Degraded', () => {
    expect(runHealthScript(APPLICATION_HEALTH_LUA, app({ health: { status: 'Healthy' }, sync: { status: 'OutOfSync' }, operationState: { phase: 'Failed', message: 'one or more objects failed to apply' } }))).toEqual({
      status: 'Degraded', message: 'sync Failed: one or more objects failed to apply',
    });
    expect(runHealthScript(APPLICATION_HEALTH_LUA, app({ conditions: [{ type: 'ComparisonError', message: 'app path does not exist' }], sync: { status: 'Unknown' } }))).toEqual({
      status: 'Degraded', message: 'ComparisonError: app path does not exist',
    });
  });
  test('a retrying sync (phase Running) is not a failure yet', () => {
    expect(runHealthScript(APPLICATION_HEALTH_LUA, app({ health: { status: 'Degraded', message: 'Provider x' }, sync: { status: 'Synced' }, operationState: { phase: 'Running', message: 'Retrying attempt #2' } })).status).toBe('Degraded');
    expect(runHealthScript(APPLICATION_HEALTH_LUA, app({ health: { status: 'Progressing' }, sync: { status: 'OutOfSync' }, operationState: { phase: 'Running' } })).status).toBe('Progressing');
  });
});

describe('pkg.crossplane.io Provider / Function / Configuration', () => {
  const pkg = (conditions?: object[], generation = 1) => ({ apiVersion: 'pkg.crossplane.io/v1', kind: 'Provider', metadata: { name: 'crossplane-contrib-provider-aws-ec2', generation }, ...(conditions ? { status: { conditions } } : {}) });
  test('no status: Progressing', () => {
    expect(runHealthScript(PACKAGE_HEALTH_LUA, pkg())).toEqual({ status: 'Progressing', message: 'Waiting for the package manager' });
  });
  test('installed and healthy for the current generation: Healthy', () => {
    expect(runHealthScript(PACKAGE_HEALTH_LUA, pkg([cond('Installed', 'True', { reason: 'ActivePackageRevision', observedGeneration: 2 }), cond('Healthy', 'True', { reason: 'HealthyPackageRevision', observedGeneration: 2 })], 2))).toEqual({
      status: 'Healthy', message: 'ActivePackageRevision, HealthyPackageRevision',
    });
  });
  test('a version bump not yet observed (conditions of generation 1, object at 2): Progressing', () => {
    expect(runHealthScript(PACKAGE_HEALTH_LUA, pkg([cond('Installed', 'True', { reason: 'ActivePackageRevision', observedGeneration: 1 }), cond('Healthy', 'True', { reason: 'HealthyPackageRevision', observedGeneration: 1 })], 2)).status).toBe('Progressing');
  });
  test('health unknown while the revision starts: Progressing with the reason', () => {
    expect(runHealthScript(PACKAGE_HEALTH_LUA, pkg([cond('Installed', 'True', { reason: 'ActivePackageRevision' }), cond('Healthy', 'Unknown', { reason: 'UnknownPackageRevisionHealth' })]))).toEqual({
      status: 'Progressing', message: 'Healthy=Unknown (UnknownPackageRevisionHealth)',
    });
  });
  test('a Configuration whose dependencies are still installing: Progressing with Crossplane\'s message', () => {
    const msg = 'Package revision health is "False" with message: missing dependencies: "xpkg.crossplane.io/crossplane-contrib/provider-aws-ec2" (>=v2.6.0, <v3.0.0)';
    expect(runHealthScript(PACKAGE_HEALTH_LUA, { ...pkg([cond('Installed', 'True', { reason: 'ActivePackageRevision' }), cond('Healthy', 'False', { reason: 'UnhealthyPackageRevision', message: msg })]), kind: 'Configuration' })).toEqual({
      status: 'Progressing', message: `Healthy=False (UnhealthyPackageRevision): ${msg}`,
    });
  });
  test('a signature that fails verification: Degraded (it never recovers by waiting)', () => {
    expect(runHealthScript(PACKAGE_HEALTH_LUA, pkg([cond('Verified', 'False', { reason: 'SignatureVerificationFailed', message: 'Signature verification failed using ImageConfig named "x": no signatures' }), cond('Installed', 'False', { reason: 'AwaitingSignatureVerification' })]))).toEqual({
      status: 'Degraded', message: 'Signature verification failed using ImageConfig named "x": no signatures',
    });
  });
  test.each(upstream.cases.filter((c) => c.script === 'package').map((c) => [c.source, c] as const))('Argo CD built-in test input %s', (_s, c) => {
    const got = runHealthScript(PACKAGE_HEALTH_LUA, c.object);
    expect(got).toMatchObject(c.ours);
    if (c.ours.status !== c.upstream.status) expect(c.why).toEqual(expect.any(String));
  });
});

describe('configuration objects: DeploymentRuntimeConfig, ProviderConfig, EnvironmentConfig', () => {
  test('exist: Healthy; a ProviderConfig in use says by how many', () => {
    expect(runHealthScript(CONFIGURATION_OBJECT_HEALTH_LUA, { kind: 'DeploymentRuntimeConfig', metadata: { name: 'zta-provider-aws' } })).toEqual({ status: 'Healthy', message: 'Configuration object exists' });
    expect(runHealthScript(CONFIGURATION_OBJECT_HEALTH_LUA, { kind: 'ProviderConfig', status: { users: 42 } })).toEqual({ status: 'Healthy', message: 'In use by 42 managed resource(s)' });
  });
  test.each(upstream.cases.filter((c) => c.script === 'configurationObject').map((c) => [c.source, c] as const))('Argo CD built-in test input %s', (_s, c) => {
    expect(runHealthScript(CONFIGURATION_OBJECT_HEALTH_LUA, c.object)).toEqual(c.ours);
    expect(c.ours.status).toBe(c.upstream.status);
  });
});

describe('claims and composites of the package', () => {
  test('no status: Progressing; Ready True: Healthy; Synced False: Degraded; Ready False: Progressing with the unready resources', () => {
    expect(runHealthScript(CROSSPLANE_HEALTH_LUA, { metadata: { name: 'x' } }).status).toBe('Progressing');
    expect(runHealthScript(CROSSPLANE_HEALTH_LUA, { status: { conditions: [cond('Synced', 'True'), cond('Ready', 'True')] } })).toEqual({ status: 'Healthy', message: 'Resource is Ready' });
    expect(runHealthScript(CROSSPLANE_HEALTH_LUA, { status: { conditions: [cond('Synced', 'False', { message: 'cannot compose resources' }), cond('Ready', 'True')] } })).toEqual({ status: 'Degraded', message: 'cannot compose resources' });
    expect(runHealthScript(CROSSPLANE_HEALTH_LUA, { status: { conditions: [cond('Synced', 'True'), cond('Ready', 'False', { reason: 'Creating', message: 'Unready resources: network' })] } })).toEqual({ status: 'Progressing', message: 'Unready resources: network' });
  });
});

describe('core Namespace and ValidatingAdmissionPolicy', () => {
  test('Namespace: Active is Healthy, anything else waits', () => {
    expect(runHealthScript(NAMESPACE_HEALTH_LUA, { kind: 'Namespace', status: { phase: 'Active' } }).status).toBe('Healthy');
    expect(runHealthScript(NAMESPACE_HEALTH_LUA, { kind: 'Namespace' }).status).toBe('Progressing');
  });
  const vap = (generation: number, status?: object) => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'zta-claims-need-a-binding', generation }, ...(status ? { status } : {}) });
  test('type-checked at the current generation without warnings: Healthy', () => {
    expect(runHealthScript(VALIDATING_ADMISSION_POLICY_HEALTH_LUA, vap(2, { observedGeneration: 2, typeChecking: {} }))).toEqual({ status: 'Healthy', message: 'Every expression type-checked' });
  });
  test('not yet type-checked, or checked for an older generation: Progressing', () => {
    expect(runHealthScript(VALIDATING_ADMISSION_POLICY_HEALTH_LUA, vap(1)).status).toBe('Progressing');
    expect(runHealthScript(VALIDATING_ADMISSION_POLICY_HEALTH_LUA, vap(3, { observedGeneration: 2, typeChecking: {} }))).toEqual({ status: 'Progressing', message: 'Type check is for an older generation of the policy' });
  });
  test('a type-check warning: Degraded with the first warning', () => {
    expect(runHealthScript(VALIDATING_ADMISSION_POLICY_HEALTH_LUA, vap(1, { observedGeneration: 1, typeChecking: { expressionWarnings: [{ fieldRef: 'spec.validations[0].expression', warning: 'undefined field \'labelz\'' }] } }))).toEqual({
      status: 'Degraded', message: '1 expression warning(s); first: spec.validations[0].expression: undefined field \'labelz\'',
    });
  });
});

describe('which script a kind gets', () => {
  test('the argocd-cm key format: <group>_<kind>, the bare kind for the core group', () => {
    expect(healthKey('argoproj.io', 'Application')).toBe('resource.customizations.health.argoproj.io_Application');
    expect(healthKey('', 'Namespace')).toBe('resource.customizations.health.Namespace');
  });
  test('every kind gets a decision; a kind nobody decided about is an error, not a silent default', () => {
    expect(healthScriptFor({ group: 'pkg.crossplane.io', kind: 'Provider' }, 'aws.zerotrust.io')).toBe(PACKAGE_HEALTH_LUA);
    expect(healthScriptFor({ group: 'aws.zerotrust.io', kind: 'ZeroTrustAccount' }, 'aws.zerotrust.io')).toBe(CROSSPLANE_HEALTH_LUA);
    expect(healthScriptFor({ group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' }, 'aws.zerotrust.io')).toBeUndefined();
    expect(() => healthScriptFor({ group: 'apps', kind: 'Deployment' }, 'aws.zerotrust.io')).toThrow(/no decision for apps\/Deployment/);
  });
});
