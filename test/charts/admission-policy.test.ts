// The generated admission policies as objects: what synth writes, valid against the
// admissionregistration.k8s.io/v1 schema and the API server's own validation, every expression
// compiling against the schema of every kind it matches, and the worst-case CEL cost within the
// API server's run-time limits, at every supported Kubernetes version.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { admissionPolicies, admissionPoliciesYaml, AdmissionPolicyNames, CLAIM_NAMESPACE_LABEL, celString, PROVIDER_CONFIG_KINDS } from '../../charts/admission-policy';
import type { ProviderConfigParameter } from '../../charts/admission-policy-kinds';
import { defineOnboarding, OnboardingNames, type OrganizationOnboarding } from '../../compositions/package/onboarding';
import { onboarding } from '../../examples/onboarding';
import type { ValidatingAdmissionPolicy } from '../../validator/admission/api';
import { matchedEntries, policyCostReports, VALIDATED_SIZES } from '../../validator/admission/cost-limits';
import { defaultBinding, defaultPolicy } from '../../validator/admission/defaults';
import { PER_CALL_LIMIT, RUNTIME_CEL_COST_BUDGET } from '../../validator/admission/filter';
import { validateBinding, validatePolicy } from '../../validator/admission/policy-validation';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../validator/cel-check/environment';
import { readPackage } from '../../validator/package';
import { formatProblem, Validator } from '../../validator/validate';
import { bundle, kinds, packageObjects, policySet, resolver, ROOT, schemaEntries } from '../support/admission-policies';

const byName = (name: string): ValidatingAdmissionPolicy => {
  const p = policySet.policies.find((x) => x.metadata.name === name);
  if (!p) throw new Error(`no policy ${name}`);
  return p;
};
const matchedKinds = (name: string): string[] => [...new Set(matchedEntries(byName(name), schemaEntries).map((e) => `${e.group}/${e.kind}`))].sort();
/** a parameter policy exists only while some XRD has the parameter (the claim API is losing them) */
const matchedKindsIfAny = (name: string): string[] => (policySet.policies.some((p) => p.metadata.name === name) ? matchedKinds(name) : []);
const withParameter = (p: ProviderConfigParameter): string[] => kinds.composites.filter((c) => c.providerConfigParameters.includes(p)).map((c) => `${c.group}/${c.kind}`).sort();

describe('the kinds the policies guard, read from dist/', () => {
  test('every claim, composite and composed managed kind is matched by the policy that guards it', () => {
    const claims = kinds.composites.flatMap((c) => (c.claim ? [`${c.group}/${c.claim.kind}`] : []));
    expect(matchedKinds(AdmissionPolicyNames.claims)).toEqual(claims.sort());
    const labelled = [...kinds.composites, ...kinds.managed].map((k) => `${k.group}/${k.kind}`).sort();
    expect(matchedKinds(AdmissionPolicyNames.claimNamespace)).toEqual(labelled);
    const managed = (pred: (g: string) => boolean): string[] => kinds.managed.filter((k) => pred(k.group)).map((k) => `${k.group}/${k.kind}`).sort();
    expect(matchedKinds(AdmissionPolicyNames.managementProviderConfig)).toEqual(['organizations.aws.upbound.io/DelegatedAdministrator', 'organizations.aws.upbound.io/Policy', 'organizations.aws.upbound.io/PolicyAttachment']);
    expect(matchedKinds(AdmissionPolicyNames.terraformProviderConfig)).toEqual(['tf.upbound.io/Workspace']);
    expect(matchedKinds(AdmissionPolicyNames.accountProviderConfig)).toEqual(managed((g) => g.endsWith('.aws.upbound.io') && g !== 'organizations.aws.upbound.io'));
    // together, the three ProviderConfig policies cover every managed kind exactly once
    const pcPolicies = [AdmissionPolicyNames.accountProviderConfig, AdmissionPolicyNames.managementProviderConfig, AdmissionPolicyNames.terraformProviderConfig].flatMap(matchedKinds);
    expect(pcPolicies.sort()).toEqual(managed(() => true));
    expect(matchedKindsIfAny(AdmissionPolicyNames.providerConfigParameter)).toEqual(withParameter('providerConfigName'));
    expect(matchedKindsIfAny(AdmissionPolicyNames.managementProviderConfigParameter)).toEqual(withParameter('managementProviderConfigName'));
    // ProviderConfig kinds the package composes (XThreatDetection's provider-terraform one, until it moves to onboarding) cannot be forbidden
    const composed = new Set(kinds.composedProviderConfigs.map((k) => k.group));
    expect(matchedKinds(AdmissionPolicyNames.providerConfigs)).toEqual(PROVIDER_CONFIG_KINDS.filter((k) => !composed.has(k.group)).map((k) => `${k.group}/ProviderConfig`));
  });
});

describe('the policy objects', () => {
  test('one binding per policy, Deny, and every policy fails closed', () => {
    const absent = new Set<string>([
      ...(withParameter('providerConfigName').length === 0 ? [AdmissionPolicyNames.providerConfigParameter] : []),
      ...(withParameter('managementProviderConfigName').length === 0 ? [AdmissionPolicyNames.managementProviderConfigParameter] : []),
    ]);
    expect(policySet.policies.map((p) => p.metadata.name)).toEqual(Object.values(AdmissionPolicyNames).filter((n) => !absent.has(n)));
    expect(policySet.bindings.map((b) => [b.metadata.name, b.spec.policyName, b.spec.validationActions])).toEqual(policySet.policies.map((p) => [p.metadata.name, p.metadata.name, ['Deny']]));
    for (const p of policySet.policies) {
      expect(p.spec.failurePolicy).toBe('Fail');
      expect(p.spec.validations!.every((v) => v.reason === 'Forbidden' && v.message && v.messageExpression)).toBe(true);
      expect(p.spec.matchConstraints!.resourceRules!.every((r) => r.apiVersions!.join() === '*' && r.operations!.join() === 'CREATE,UPDATE')).toBe(true);
    }
  });

  test('deploy/onboarding/admission-policies.yaml is what synth writes, and validates against the built-in schemas', () => {
    const file = path.join(ROOT, 'deploy', 'onboarding', 'admission-policies.yaml');
    expect(fs.readFileSync(file, 'utf8')).toBe(admissionPoliciesYaml(packageObjects, onboarding, bundle));
    const objects = readPackage(path.dirname(file)).filter((o) => o.file === 'admission-policies.yaml');
    expect(objects.map((o) => o.object.kind)).toEqual([...policySet.policies.map(() => 'ValidatingAdmissionPolicy'), ...policySet.bindings.map(() => 'ValidatingAdmissionPolicyBinding')]);
    expect(objects.map((o) => o.object)).toEqual([...policySet.policies, ...policySet.bindings]);
    const validator = Validator.fromBundle();
    expect(objects.flatMap((o) => validator.validate(o.object, { file: o.file })).map(formatProblem)).toEqual([]);
  });

  test.each(SUPPORTED_KUBERNETES_VERSIONS)('the API server accepts them at %s (admissionregistration validation after defaulting)', (kubernetesVersion) => {
    expect(policySet.policies.flatMap((p) => validatePolicy(defaultPolicy(p), { kubernetesVersion }))).toEqual([]);
    expect(policySet.bindings.flatMap((b) => validateBinding(defaultBinding(b)))).toEqual([]);
  });

  test('a bound value that is not derived from the namespace alone is refused at generation', () => {
    const names = { ...OnboardingNames, providerConfig: (ns: string) => (ns === 'payments-dev' ? 'zta-special' : `zta-${ns}`) };
    expect(() => admissionPolicies(onboarding, kinds, names)).toThrow('admission policies: the name bound to namespace payments-dev (zta-special) is not derived from the namespace alone');
  });

  test('strings are quoted as CEL literals', () => {
    expect(celString("it's a \\ test")).toBe("'it\\'s a \\\\ test'");
  });
});

describe('CEL cost within the API server limits, typed by every matched kind', () => {
  // Measured worst cases (1.31-1.36): the ProviderConfig message expressions, which embed
  // spec.providerConfigRef.name (no maxLength in the provider CRDs, so sized from the request limit).
  const MESSAGE_WITH_UNBOUNDED_NAME = 629_653n;
  test.each(SUPPORTED_KUBERNETES_VERSIONS)('%s: every expression compiles for every kind and stays under the limits', (v) => {
    let worst = 0n;
    let kindsChecked = 0;
    for (const p of policySet.policies) {
      const reports = policyCostReports(p, schemaEntries, resolver, v);
      expect(reports.length).toBeGreaterThan(0);
      kindsChecked += reports.length;
      expect(reports.flatMap((r) => r.problems)).toEqual([]);
      for (const r of reports) {
        for (const e of r.expressions) if (e.max > worst) worst = e.max;
        expect(r.validationBudget).toBeLessThan(RUNTIME_CEL_COST_BUDGET);
      }
    }
    expect(worst).toBe(MESSAGE_WITH_UNBOUNDED_NAME);
    expect(worst).toBeLessThan(PER_CALL_LIMIT);
    // versions of the provider kinds count separately (v1beta1 and v1beta2 of a kind)
    expect(kindsChecked).toBeGreaterThan(200);
  });

  test('every expression but the messages that embed a provider CRD string costs under 1,000', () => {
    const costs = policySet.policies.flatMap((p) => policyCostReports(p, schemaEntries, resolver, '1.31').flatMap((r) => r.expressions.map((e) => ({ policy: p.metadata.name, ...e }))));
    const large = costs.filter((c) => c.max >= 1_000n);
    expect([...new Set(large.map((c) => `${c.policy} ${c.field}`))].sort()).toEqual([
      `${AdmissionPolicyNames.accountProviderConfig} spec.validations[0].messageExpression`,
      `${AdmissionPolicyNames.managementProviderConfig} spec.validations[0].messageExpression`,
      `${AdmissionPolicyNames.terraformProviderConfig} spec.validations[0].messageExpression`,
      // the organization composite's managed resources: one message per provider group
      `${AdmissionPolicyNames.organizationProviderConfig} spec.validations[0].messageExpression`,
      `${AdmissionPolicyNames.organizationProviderConfig} spec.validations[1].messageExpression`,
      `${AdmissionPolicyNames.organizationProviderConfig} spec.validations[2].messageExpression`,
    ].sort());
  });

  test('without the metadata sizes the API server validates first, a label value is priced as 3 MiB', () => {
    const p = byName(AdmissionPolicyNames.claimNamespace);
    const tight = policyCostReports(p, schemaEntries.filter((e) => e.kind === 'XNetwork'), resolver, '1.31')[0]!;
    const loose = policyCostReports(p, schemaEntries.filter((e) => e.kind === 'XNetwork'), resolver, '1.31', () => undefined)[0]!;
    const message = (r: typeof tight): bigint => r.expressions.find((e) => e.field === 'spec.validations[1].messageExpression')!.max;
    expect(message(tight)).toBeLessThan(1_000n);
    expect(message(loose)).toBeGreaterThan(PER_CALL_LIMIT);
    expect(VALIDATED_SIZES(['object', 'metadata', 'labels', '@values'])).toEqual({ min: 0n, max: 63n });
  });

  test('a variable of unknown size is priced at the worst case, not as empty', () => {
    const p: ValidatingAdmissionPolicy = {
      ...byName(AdmissionPolicyNames.claimNamespace),
      spec: { ...byName(AdmissionPolicyNames.claimNamespace).spec, validations: [{ expression: "variables.claimNamespace + 'x' != ''" }] },
    };
    const [r] = policyCostReports(p, schemaEntries.filter((e) => e.kind === 'XNetwork'), resolver, '1.31');
    expect(r!.problems).toEqual([
      expect.stringMatching(/^aws\.zerotrust\.io\/v1alpha1, Kind=XNetwork: spec\.validations\[0\]\.expression: estimated cost \d{19} exceeds the per-expression limit 1000000$/),
      expect.stringMatching(/^aws\.zerotrust\.io\/v1alpha1, Kind=XNetwork: validations, messages and variables: estimated cost \d{19} exceeds the policy budget 10000000$/),
    ]);
  });

  test('with 300 bound namespaces, expressions stay flat and cheap', () => {
    const many: OrganizationOnboarding = defineOnboarding({
      ...onboarding,
      accounts: Array.from({ length: 300 }, (_, i) => ({ ...onboarding.accounts[0]!, namespace: `team-${i}`, accountId: String(100000000000 + i), environment: `e${i}`, provider: { ...onboarding.accounts[0]!.provider, roleArn: `arn:aws:iam::${100000000000 + i}:role/zta` },
        // each its own guardrail target: accounts attached at one OU must share environment and provisioning role
        guardrailsAttachment: 'account' as const })),
    });
    const set = admissionPolicies(many, kinds);
    const pc = set.policies.find((p) => p.metadata.name === AdmissionPolicyNames.accountProviderConfig)!;
    const [r] = policyCostReports(pc, schemaEntries.filter((e) => e.group === 'ec2.aws.upbound.io' && e.kind === 'VPC'), resolver, '1.36');
    expect(r!.problems).toEqual([]);
    const validation = r!.expressions.find((e) => e.field === 'spec.validations[0].expression')!;
    expect(validation.max).toBeLessThan(10_000n);
    expect(validatePolicy(defaultPolicy(pc), { kubernetesVersion: '1.31' })).toEqual([]);
    expect(pc.spec.validations![0]!.expression).toContain(`variables.claimNamespace == 'team-299' && variables.providerConfig == 'zta-team-299'`);
    expect(CLAIM_NAMESPACE_LABEL).toBe('crossplane.io/claim-namespace');
  });
});
