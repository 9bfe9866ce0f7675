// The generated admission policies evaluated by the ported admission plugin against requests built
// from the package's own kinds: the example claims, composites and every composed managed base of
// dist/, in the bound namespaces and in one that is not bound.
import * as path from 'node:path';
import { admissionPolicies, AdmissionPolicyNames, CLAIM_NAMESPACE_LABEL } from '../../charts/admission-policy';
import type { PackageKinds } from '../../charts/admission-policy-kinds';
import { OnboardingNames } from '../../compositions/package/onboarding';
import { onboarding } from '../../examples/onboarding';
import type { AdmissionOperation, JsonObject } from '../../validator/admission/api';
import { type AdmissionResponse, ValidatingAdmissionPolicyEvaluator } from '../../validator/admission/dispatcher';
import { readPackage } from '../../validator/package';
import { BOUND, cluster, composedBases, kinds, labelled, managedObject, policySet, ROOT, UNBOUND } from '../support/admission-policies';

const [DEV, PROD] = BOUND as [string, string];
const MANAGEMENT = OnboardingNames.managementProviderConfig;
const VERSIONS = ['1.31', '1.36'];
const evaluators = new Map(VERSIONS.map((v) => [v, new ValidatingAdmissionPolicyEvaluator(policySet.policies, policySet.bindings, cluster, { kubernetesVersion: v })]));

// every claim of our kinds under examples/, wherever it sits
const claimKinds = new Set(kinds.composites.flatMap((c) => (c.claim ? [`${c.group}/${c.claim.kind}`] : [])));
const exampleClaims = readPackage(path.join(ROOT, 'examples')).map((p) => p.object as JsonObject).filter((o) => claimKinds.has(`${String(o.apiVersion).split('/')[0]}/${String(o.kind)}`));
const inNamespace = (o: JsonObject, namespace: string): JsonObject => ({ ...o, metadata: { ...(o.metadata as JsonObject), namespace } });

function admit(v: string, operation: AdmissionOperation, object: JsonObject | null, oldObject: JsonObject | null = null): AdmissionResponse {
  return evaluators.get(v)!.admit(cluster.request(operation, object, oldObject));
}

/** the policies that denied, and the messages */
const denials = (r: AdmissionResponse): [string, string][] => r.denials.map((d) => [d.policy, d.message]);

// The XRDs' ProviderConfig parameters as dist/ has them today. The claim API is losing them (the
// namespace binds the account) and their policies go with them; fixed here so the rule stays proven.
const withParameters: PackageKinds = {
  ...kinds,
  composites: kinds.composites.map((c) => ({ ...c, providerConfigParameters: c.kind === 'XOrganizationGuardrails' ? ['managementProviderConfigName', 'providerConfigName'] : ['providerConfigName'] })),
};
const compositeSet = admissionPolicies(onboarding, withParameters);
const compositeEvaluators = new Map(VERSIONS.map((v) => [v, new ValidatingAdmissionPolicyEvaluator(compositeSet.policies, compositeSet.bindings, cluster, { kubernetesVersion: v })]));
const admitComposite = (v: string, object: JsonObject): AdmissionResponse => compositeEvaluators.get(v)!.admit(cluster.request('CREATE', object));

const composite = (kind: string, claimNamespace: string | undefined, parameters: JsonObject, extra: JsonObject = {}): JsonObject => ({ apiVersion: 'aws.zerotrust.io/v1alpha1', kind, metadata: labelled('acme-x7k2p', claimNamespace, extra), spec: { parameters } });
const bases = composedBases();
const base = (key: string): JsonObject => {
  const b = bases.get(key);
  if (!b) throw new Error(`no composed ${key} in dist/`);
  return b;
};

describe.each(VERSIONS)('Kubernetes %s', (v) => {
  describe('claims', () => {
    test('the example claims are admitted in every bound namespace', () => {
      // not vacuous: the examples hold claims (where they sit may change)
      expect(exampleClaims.length).toBeGreaterThan(0);
      for (const claim of exampleClaims) for (const ns of BOUND) expect(admit(v, 'CREATE', inNamespace(claim, ns))).toMatchObject({ allowed: true, denials: [] });
    });

    test('a claim in a namespace the onboarding list does not bind is refused, naming the namespace', () => {
      const claim = inNamespace(exampleClaims[0]!, UNBOUND);
      const name = (claim.metadata as JsonObject).name as string;
      const r = admit(v, 'CREATE', claim);
      expect(r.allowed).toBe(false);
      expect(r.status).toEqual({
        code: 403,
        reason: 'Forbidden',
        message: `zerotrustaccounts.aws.zerotrust.io "${name}" is forbidden: ValidatingAdmissionPolicy '${AdmissionPolicyNames.claims}' with binding '${AdmissionPolicyNames.claims}' denied request: ZeroTrustAccount ${name}: namespace ${UNBOUND} is not bound to an AWS account; the platform team binds namespaces in the onboarding list`,
      });
      // the other claim kind too, on update as well
      const bucket = { apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'SecureBucket', metadata: { name: 'logs', namespace: UNBOUND }, spec: { parameters: {} } };
      expect(denials(admit(v, 'UPDATE', bucket, bucket))).toEqual([[AdmissionPolicyNames.claims, `SecureBucket logs: namespace ${UNBOUND} is not bound to an AWS account; the platform team binds namespaces in the onboarding list`]]);
    });

    test('a namespace label cannot bind a namespace: only the request path counts', () => {
      const claim = inNamespace(exampleClaims[0]!, UNBOUND);
      const spoofed = { ...claim, metadata: { ...(claim.metadata as JsonObject), labels: { 'kubernetes.io/metadata.name': DEV, [CLAIM_NAMESPACE_LABEL]: DEV } } };
      expect(admit(v, 'CREATE', spoofed).allowed).toBe(false);
    });

    test('a claim being deleted in an unbound namespace may still be updated (its finalizer removed)', () => {
      const claim = inNamespace(exampleClaims[0]!, UNBOUND);
      const deleting = { ...claim, metadata: { ...(claim.metadata as JsonObject), deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: [] } };
      expect(admit(v, 'UPDATE', deleting, claim)).toMatchObject({ allowed: true, denials: [] });
    });
  });

  describe('composites', () => {
    test('an XR naming the ProviderConfig bound to its claim namespace, or none, is admitted', () => {
      expect(admitComposite(v, composite('XNetwork', DEV, { providerConfigName: OnboardingNames.providerConfig(DEV) })).allowed).toBe(true);
      expect(admitComposite(v, composite('XNetwork', PROD, { providerConfigName: OnboardingNames.providerConfig(PROD) })).allowed).toBe(true);
      expect(admitComposite(v, composite('XNetwork', PROD, {})).allowed).toBe(true);
      expect(admitComposite(v, composite('XOrganizationGuardrails', DEV, { providerConfigName: OnboardingNames.providerConfig(DEV), managementProviderConfigName: MANAGEMENT })).allowed).toBe(true);
    });

    test("an XR naming another namespace's or an unknown ProviderConfig is refused with field, bound and given value", () => {
      expect(denials(admitComposite(v, composite('XNetwork', DEV, { providerConfigName: OnboardingNames.providerConfig(PROD) })))).toEqual([
        [AdmissionPolicyNames.providerConfigParameter, `XNetwork acme-x7k2p (claim namespace ${DEV}): spec.parameters.providerConfigName must be "zta-${DEV}", the ProviderConfig of the AWS account bound to the namespace, not "zta-${PROD}"`],
      ]);
      expect(denials(admitComposite(v, composite('XZeroTrustAccount', PROD, { providerConfigName: 'default' })))).toEqual([
        [AdmissionPolicyNames.providerConfigParameter, `XZeroTrustAccount acme-x7k2p (claim namespace ${PROD}): spec.parameters.providerConfigName must be "zta-${PROD}", the ProviderConfig of the AWS account bound to the namespace, not "default"`],
      ]);
    });

    test("an XR with a management ProviderConfig parameter must name the organization management account's ProviderConfig", () => {
      expect(denials(admitComposite(v, composite('XOrganizationGuardrails', DEV, { providerConfigName: OnboardingNames.providerConfig(DEV), managementProviderConfigName: OnboardingNames.providerConfig(DEV) })))).toEqual([
        [AdmissionPolicyNames.managementProviderConfigParameter, `XOrganizationGuardrails acme-x7k2p (claim namespace ${DEV}): spec.parameters.managementProviderConfigName must be "${MANAGEMENT}", the ProviderConfig of the organization's management account, not "zta-${DEV}"`],
      ]);
    });

    test('an XR labelled with an unbound namespace is refused; one without the label is not matched', () => {
      expect(denials(admitComposite(v, composite('XNetwork', UNBOUND, { providerConfigName: 'zta-sandbox' })))).toEqual([
        [AdmissionPolicyNames.claimNamespace, `XNetwork acme-x7k2p: label ${CLAIM_NAMESPACE_LABEL}="${UNBOUND}" names a namespace that is not bound to an AWS account`],
      ]);
      expect(admitComposite(v, composite('XNetwork', undefined, { providerConfigName: 'anything' }))).toMatchObject({ allowed: true, denials: [] });
    });
  });

  describe('managed resources, from the bases dist/ composes', () => {
    const accountKinds = kinds.managed.filter((k) => k.group.endsWith('.aws.upbound.io') && k.group !== 'organizations.aws.upbound.io');

    test('every composed provider-upjet-aws kind: admitted with the bound account ProviderConfig, refused with the other namespace\'s or "default"', () => {
      expect(accountKinds.length).toBeGreaterThan(60);
      for (const k of accountKinds) {
        const b = base(`${k.group}/${k.kind}`);
        expect({ k: k.kind, r: admit(v, 'CREATE', managedObject(b, 'acme-x7k2p-abcde', DEV, OnboardingNames.providerConfig(DEV))).allowed }).toEqual({ k: k.kind, r: true });
        for (const wrong of [OnboardingNames.providerConfig(PROD), 'default', MANAGEMENT]) {
          expect({ k: k.kind, d: denials(admit(v, 'CREATE', managedObject(b, 'acme-x7k2p-abcde', DEV, wrong))) }).toEqual({
            k: k.kind,
            d: [[AdmissionPolicyNames.accountProviderConfig, `${k.kind} acme-x7k2p-abcde (claim namespace ${DEV}): spec.providerConfigRef.name must be "zta-${DEV}", the ProviderConfig of the AWS account bound to the namespace, not "${wrong}"`]],
          });
        }
      }
    });

    test('the guardrail SCP kinds need the management account ProviderConfig, whichever namespace', () => {
      for (const kind of ['Policy', 'PolicyAttachment']) {
        const b = base(`organizations.aws.upbound.io/${kind}`);
        for (const ns of BOUND) expect(admit(v, 'CREATE', managedObject(b, 'scp', ns, MANAGEMENT)).allowed).toBe(true);
        expect(denials(admit(v, 'CREATE', managedObject(b, 'scp', PROD, OnboardingNames.providerConfig(PROD))))).toEqual([
          [AdmissionPolicyNames.managementProviderConfig, `${kind} scp (claim namespace ${PROD}): spec.providerConfigRef.name must be "${MANAGEMENT}", the ProviderConfig of the organization's management account, not "zta-${PROD}"`],
        ]);
      }
    });

    test("a Workspace needs the account's provider-terraform ProviderConfig", () => {
      const b = base('tf.upbound.io/Workspace');
      expect(admit(v, 'CREATE', managedObject(b, 'gd', PROD, OnboardingNames.terraformProviderConfig(PROD))).allowed).toBe(true);
      expect(denials(admit(v, 'CREATE', managedObject(b, 'gd', PROD, OnboardingNames.terraformProviderConfig(DEV))))).toEqual([
        [AdmissionPolicyNames.terraformProviderConfig, `Workspace gd (claim namespace ${PROD}): spec.providerConfigRef.name must be "zta-${PROD}-terraform", the provider-terraform ProviderConfig of the AWS account bound to the namespace, not "zta-${DEV}-terraform"`],
      ]);
    });

    test('labelled with an unbound namespace: refused by the label policy only', () => {
      const r = admit(v, 'CREATE', managedObject(base('ec2.aws.upbound.io/VPC'), 'vpc', UNBOUND, 'zta-sandbox'));
      expect(denials(r)).toEqual([[AdmissionPolicyNames.claimNamespace, `VPC vpc: label ${CLAIM_NAMESPACE_LABEL}="${UNBOUND}" names a namespace that is not bound to an AWS account`]]);
      expect(r.status?.code).toBe(403);
    });

    test('of the organization composite (no claim label, crossplane.io/composite=zta-organization): only the organization\'s ProviderConfigs', () => {
      const org = (b: JsonObject, pc: string): JsonObject => {
        const o = managedObject(b, 'zta-organization-x1', undefined, pc);
        return { ...o, metadata: { ...(o.metadata as JsonObject), labels: { ...((o.metadata as JsonObject).labels as JsonObject), 'crossplane.io/composite': OnboardingNames.organizationComposite } } };
      };
      const policyBase = base('organizations.aws.upbound.io/Policy');
      expect(admit(v, 'CREATE', org(policyBase, MANAGEMENT)).allowed).toBe(true);
      expect(denials(admit(v, 'CREATE', org(policyBase, OnboardingNames.securityProviderConfig)))).toEqual([
        [AdmissionPolicyNames.organizationProviderConfig, `Policy zta-organization-x1 (organization composite zta-organization): spec.providerConfigRef.name must be "${MANAGEMENT}", the ProviderConfig of the organization's management account, not "${OnboardingNames.securityProviderConfig}"`],
      ]);
      const vpc = base('ec2.aws.upbound.io/VPC');
      for (const pc of [MANAGEMENT, OnboardingNames.securityProviderConfig]) expect(admit(v, 'CREATE', org(vpc, pc)).allowed).toBe(true);
      expect(denials(admit(v, 'CREATE', org(vpc, OnboardingNames.providerConfig(DEV))))).toEqual([
        [AdmissionPolicyNames.organizationProviderConfig, `VPC zta-organization-x1 (organization composite zta-organization): spec.providerConfigRef.name must be "${MANAGEMENT}" or "${OnboardingNames.securityProviderConfig}", a ProviderConfig of the organization's management or security account, not "zta-${DEV}"`],
      ]);
      const ws = base('tf.upbound.io/Workspace');
      expect(admit(v, 'CREATE', org(ws, OnboardingNames.securityTerraformProviderConfig)).allowed).toBe(true);
      expect(denials(admit(v, 'CREATE', org(ws, OnboardingNames.terraformProviderConfig(PROD))))[0]![1]).toContain(`must be "${OnboardingNames.managementTerraformProviderConfig}" or "${OnboardingNames.securityTerraformProviderConfig}"`);
      // The same object of another tree is not the organization's: left to the claim policies.
      expect(admit(v, 'CREATE', managedObject(policyBase, 'x', undefined, OnboardingNames.providerConfig(DEV))).allowed).toBe(true);
    });

    test('without the claim label (an administrator\'s object) nothing is matched', () => {
      expect(admit(v, 'CREATE', managedObject(base('ec2.aws.upbound.io/VPC'), 'vpc', undefined, 'any'))).toMatchObject({ allowed: true, denials: [] });
    });
  });

  describe('the claim label on update', () => {
    const vpc = (ns: string | undefined, pc = OnboardingNames.providerConfig(DEV)): JsonObject => managedObject(base('ec2.aws.upbound.io/VPC'), 'vpc', ns, pc);

    test('kept: admitted; moved to another bound namespace: refused, naming both', () => {
      expect(admit(v, 'UPDATE', vpc(DEV), vpc(DEV)).allowed).toBe(true);
      expect(denials(admit(v, 'UPDATE', vpc(PROD, OnboardingNames.providerConfig(PROD)), vpc(DEV)))).toEqual([
        [AdmissionPolicyNames.claimNamespace, `VPC vpc: label ${CLAIM_NAMESPACE_LABEL} may be removed but not set or changed on update (was "${DEV}", now "${PROD}")`],
      ]);
    });

    test('set on an unlabelled object: refused; removed (Crossplane before garbage collection): admitted', () => {
      expect(denials(admit(v, 'UPDATE', vpc(DEV), vpc(undefined)))).toEqual([
        [AdmissionPolicyNames.claimNamespace, `VPC vpc: label ${CLAIM_NAMESPACE_LABEL} may be removed but not set or changed on update (was "", now "${DEV}")`],
      ]);
      expect(admit(v, 'UPDATE', vpc(undefined), vpc(DEV))).toMatchObject({ allowed: true, denials: [] });
    });

    test('an object being deleted keeps its ProviderConfig check but may carry an unbound namespace', () => {
      const deleting = (o: JsonObject): JsonObject => ({ ...o, metadata: { ...(o.metadata as JsonObject), deletionTimestamp: '2026-01-01T00:00:00Z' } });
      expect(admit(v, 'UPDATE', deleting(vpc(UNBOUND)), vpc(UNBOUND)).allowed).toBe(true);
      expect(denials(admit(v, 'UPDATE', deleting(vpc(DEV, OnboardingNames.providerConfig(PROD))), vpc(DEV))).map(([p]) => p)).toEqual([AdmissionPolicyNames.accountProviderConfig]);
    });
  });

  describe('ProviderConfigs', () => {
    const awsConfig = (claimNamespace: string | undefined): JsonObject => ({ apiVersion: 'aws.upbound.io/v1beta1', kind: 'ProviderConfig', metadata: labelled(OnboardingNames.providerConfig(DEV), claimNamespace), spec: { credentials: { source: 'IRSA' } } });

    test("onboarding's (unlabelled) is admitted; one composed for a claim is refused", () => {
      expect(admit(v, 'CREATE', awsConfig(undefined)).allowed).toBe(true);
      expect(denials(admit(v, 'CREATE', awsConfig(DEV)))).toEqual([
        [AdmissionPolicyNames.providerConfigs, `ProviderConfig zta-${DEV}: a ProviderConfig holds an account's credentials: onboarding creates it, never a composition (it carries ${CLAIM_NAMESPACE_LABEL}="${DEV}")`],
      ]);
    });

    test("provider-terraform's ProviderConfig is onboarding's too: one composed for a claim is refused", () => {
      // It used to be composed by XThreatDetection; onboarding owns it now, so no composition may create one.
      expect(kinds.composedProviderConfigs).toEqual([]);
      const tf: JsonObject = { apiVersion: 'tf.upbound.io/v1beta1', kind: 'ProviderConfig', metadata: labelled(`zta-${DEV}-terraform`, DEV), spec: { credentials: [{ filename: 'aws-creds.ini', source: 'None' }] } };
      expect(denials(admit(v, 'CREATE', tf))).toEqual([
        [AdmissionPolicyNames.providerConfigs, `ProviderConfig zta-${DEV}-terraform: a ProviderConfig holds an account's credentials: onboarding creates it, never a composition (it carries ${CLAIM_NAMESPACE_LABEL}="${DEV}")`],
      ]);
      expect(admit(v, 'CREATE', { ...tf, metadata: labelled(`zta-${DEV}-terraform`, undefined) }).allowed).toBe(true);
    });
  });
});
