// Tenancy: a claim lands in the account its namespace is bound to, whatever the claim says. Each
// example claim is rendered through dist/ in its own namespace and copied into the other onboarded
// namespace; every rendered object is scanned for the other account and its ProviderConfigs.
import { onboarding } from '../../examples/onboarding';
import { OnboardingNames } from '../../compositions/package/onboarding';
import { render } from '../../renderer/render';
import type { JsonObject, Json } from '../../renderer/types';
import { Validator, formatProblem } from '../../validator/validate';
import { EXAMPLE_CLAIMS, type ExampleName, loadYaml, packageApis, renderExample } from '../support/render-example';
import { boundAccount, environmentConfigs, namespaceOf } from '../support/onboarding';
import { cluster, policySet } from '../support/admission-policies';
import { ValidatingAdmissionPolicyEvaluator } from '../../validator/admission/dispatcher';

const namespaces = onboarding.accounts.map((a) => a.namespace);
const otherThan = (ns: string) => onboarding.accounts.filter((a) => a.namespace !== ns);

/** Every string anywhere in a JSON value. */
function strings(v: Json | undefined, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((e) => strings(e, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((e) => strings(e, out));
  return out;
}

/** 12-digit account ids inside ARNs (arn:aws:<service>:<region>:<account>:...). */
const arnAccounts = (texts: string[]): Set<string> => new Set(texts.flatMap((t) => [...t.matchAll(/arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:([0-9]{12}):/g)].map((m) => m[1]!)));

/** Accounts outside the organization the example claims trust on purpose (their security tooling and auditors). */
function trustedByClaim(claim: JsonObject): Set<string> {
  const roles = (((claim.spec as JsonObject).parameters as JsonObject).identity as JsonObject | undefined)?.crossAccountRoles as JsonObject | undefined;
  return new Set(strings(roles).flatMap((t) => [...t.matchAll(/(?:^|::)([0-9]{12})(?::|$)/g)].map((m) => m[1]!)));
}

const cases: [ExampleName, string][] = (Object.keys(EXAMPLE_CLAIMS) as ExampleName[]).flatMap((name) => namespaces.map((ns) => [name, ns] as [ExampleName, string]));

describe.each(cases)('%s in namespace %s', (name, ns) => {
  const own = namespaceOf(loadYaml(EXAMPLE_CLAIMS[name])) === ns;
  const out = renderExample(name, own ? undefined : ns);
  const bound = onboarding.accounts.find((a) => a.namespace === ns)!;
  // What was rendered: every composed object and the claim's status (its spec is the tenant's input).
  const everything = strings([...out.resources, out.claim!.status!] as unknown as Json);

  test('no other onboarded account and no ProviderConfig of another namespace appears in any rendered object', () => {
    const foreign = otherThan(ns).flatMap((a) => [a.accountId, OnboardingNames.providerConfig(a.namespace), OnboardingNames.terraformProviderConfig(a.namespace)]);
    expect(foreign.filter((f) => everything.some((t) => t.includes(f)))).toEqual([]);
    expect(everything.some((t) => t.includes(bound.accountId))).toBe(true);
  });

  test('every managed resource uses the bound account\'s ProviderConfig; none the management account\'s (guardrails are the organization composite\'s)', () => {
    const byConfig = new Map<string, Set<string>>();
    for (const r of out.resources) {
      const name = ((r.spec as JsonObject | undefined)?.providerConfigRef as JsonObject | undefined)?.name;
      if (typeof name !== 'string') continue;
      byConfig.set(name, (byConfig.get(name) ?? new Set()).add(String(r.apiVersion).split('/')[0]!));
    }
    const allowed = [OnboardingNames.providerConfig(ns), OnboardingNames.terraformProviderConfig(ns)];
    expect([...byConfig.keys()].filter((n) => !allowed.includes(n))).toEqual([]);
    expect([...byConfig.get(OnboardingNames.providerConfig(ns))!].every((g) => g.endsWith('.aws.upbound.io') && g !== 'organizations.aws.upbound.io')).toBe(true);
    expect(byConfig.has(OnboardingNames.managementProviderConfig)).toBe(false);
    // Threat detection's Workspace, when composed (a copied claim may have it refused).
    expect([...(byConfig.get(OnboardingNames.terraformProviderConfig(ns)) ?? new Set(own ? [] : ['tf.upbound.io']))]).toEqual(['tf.upbound.io']);
  });

  test('every ARN names the bound account, or an account outside the organization the claim trusts on purpose', () => {
    const allowed = new Set([bound.accountId, ...trustedByClaim(loadYaml(EXAMPLE_CLAIMS[name]))]);
    const onboarded = new Set([onboarding.managementAccount.accountId, ...onboarding.accounts.map((a) => a.accountId)]);
    expect([...trustedByClaim(loadYaml(EXAMPLE_CLAIMS[name]))].filter((a) => onboarded.has(a))).toEqual([]);
    expect([...arnAccounts(everything)].filter((a) => !allowed.has(a))).toEqual([]);
  });

  test('the claim shows the account its namespace is bound to', () => {
    expect((out.claim!.status as JsonObject).account).toEqual({ id: bound.accountId, region: bound.homeRegion, namespace: ns, environment: bound.environment });
  });

  if (own) {
    test('converges Ready with no problem', () => {
      expect(out.problems).toEqual([]);
    });
  }
});

describe('the production claim copied into the development namespace', () => {
  const out = renderExample('prod-claim', 'payments-dev');

  test('its ARNs of the production account are refused by the domains that would act on them: nothing is composed for them', () => {
    expect(out.problems.filter((p) => p.kind === 'schema').map((p) => p.message.replace(/X[A-Za-z]+\/payments-prod-[a-z0-9-]+: /, ''))).toEqual([
      expect.stringMatching(/^the API server refuses composed resource "threatDetection": \.spec\.parameters\.responseTarget: responseTarget\.arn and responseTarget\.roleArn must be in the bound account/),
      // The production ALB is in eu-central-1, the development account's region eu-west-1.
      expect.stringMatching(/^the API server refuses composed resource "webFirewall": \.spec\.parameters\.resourceArns: resourceArns must all be in the baseline region/),
    ]);
    expect(out.resources.filter((r) => r.kind === 'XWebFirewall' || r.kind === 'XThreatDetection')).toEqual([]);
  });

  test('the claim is not Ready, and the composite says which domains are not synced', () => {
    const synced = ((out.composite.status as JsonObject).conditions as JsonObject[]).find((c) => c.type === 'Synced');
    expect(synced).toEqual(expect.objectContaining({ status: 'False', reason: 'ReconcileError', message: 'Unsynced resources: threatDetection, webFirewall' }));
    expect(((out.claim!.status as JsonObject).conditions as JsonObject[]).find((c) => c.type === 'Ready')?.status).toBe('False');
  });
});

describe('a claim that names its account or credentials', () => {
  const validator = Validator.fromBundle();
  for (const x of packageApis().xrds) validator.addXrd(x);
  const claim = loadYaml(EXAMPLE_CLAIMS['dev-claim']);
  const withParameter = (path: string[], value: Json): JsonObject => {
    const copy = JSON.parse(JSON.stringify(claim)) as JsonObject;
    let at = (copy.spec as JsonObject).parameters as JsonObject;
    for (const p of path.slice(0, -1)) at = (at[p] ??= {}) as JsonObject;
    at[path[path.length - 1]!] = value;
    return copy;
  };

  test('the example claim itself validates', () => {
    expect(validator.validate(claim).map(formatProblem)).toEqual([]);
  });

  test.each([
    [['providerConfigName'], 'zta-payments-prod', 'providerConfigName'],
    [['accountId'], '444455556666', 'accountId'],
    [['region'], 'eu-central-1', 'region'],
    [['environmentSuffix'], 'prod', 'environmentSuffix'],
    [['threatDetection', 'terraformRoleArn'], 'arn:aws:iam::444455556666:role/zta-provisioning', 'threatDetection.terraformRoleArn'],
    [['network', 'organizationId'], 'o-zzzzzzzzzz', 'network.organizationId'],
    // Every guardrails parameter came from onboarding: the section itself is gone.
    [['guardrails', 'managementProviderConfigName'], 'zta-organization-management', 'guardrails'],
    [['guardrails', 'organizationalUnitId'], 'ou-ab12-prodaccts', 'guardrails'],
  ])('%j is refused as an unknown field, in one line naming it', (path, value, reported) => {
    const lines = validator.validate(withParameter(path, value)).map(formatProblem);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^ZeroTrustAccount/payments-dev: \\.spec\\.parameters\\.${reported.replace('.', '\\.')}: unknown field \\(allowed: `));
  });
});

describe('a claim in a namespace no account is bound to', () => {
  const claim = { ...loadYaml(EXAMPLE_CLAIMS['dev-claim']), metadata: { name: 'payments-dev', namespace: 'payments-staging' } };
  const out = render({ claimOrXr: claim, ...packageApis(), ...boundAccount('payments-dev'), clusterObjects: environmentConfigs(), maxPasses: 3 });

  test('composes nothing: function-environment-configs finds no binding and says so', () => {
    expect(out.resources).toEqual([]);
    expect(out.problems.filter((p) => p.kind === 'pipeline').map((p) => p.message)).toEqual([
      'cannot compose resources: pipeline step "environment-configs" returned a fatal result: cannot get selected environment configs: '
        + 'cannot process environment config "environment-config-0" by selector: expected exactly one required resource, got 0',
    ]);
    expect((out.claim!.status as JsonObject).account).toBeUndefined();
  });
});

// Defense in depth end to end: what Crossplane creates for the example claims passes the admission
// policies generated from the same onboarding list, and the same object pointed elsewhere does not.
describe('the admission policies and what the example claims render', () => {
  const evaluator = new ValidatingAdmissionPolicyEvaluator(policySet.policies, policySet.bindings, cluster, { kubernetesVersion: '1.31' });
  const admitted = (o: JsonObject) => evaluator.admit(cluster.request('CREATE', o));

  test.each(cases)('%s in namespace %s: every rendered composite and managed resource is admitted', (name, ns) => {
    const own = namespaceOf(loadYaml(EXAMPLE_CLAIMS[name])) === ns;
    const out = renderExample(name, own ? undefined : ns);
    const refused = out.resources.map((r) => [`${r.kind}/${(r.metadata as JsonObject).name}`, admitted(r).denials.map((d) => d.message)] as const).filter(([, d]) => d.length > 0);
    expect(refused).toEqual([]);
    // The policies did look at them: every composite and managed resource carries the claim's namespace.
    expect(out.resources.every((r) => ((r.metadata as JsonObject).labels as JsonObject)['crossplane.io/claim-namespace'] === ns)).toBe(true);
  });

  test('the PrivateApi example in its namespace: every rendered composite and managed resource is admitted', () => {
    const out = renderExample('private-api');
    expect(out.problems).toEqual([]);
    const refused = out.resources.map((r) => [`${r.kind}/${(r.metadata as JsonObject).name}`, admitted(r).denials.map((d) => d.message)] as const).filter(([, d]) => d.length > 0);
    expect(refused).toEqual([]);
    expect(out.resources.length).toBeGreaterThan(8);
    expect(out.resources.every((r) => ((r.metadata as JsonObject).labels as JsonObject)['crossplane.io/claim-namespace'] === 'payments-dev')).toBe(true);
  });

  test('a rendered managed resource re-pointed at the other account\'s ProviderConfig is refused, naming both', () => {
    const out = renderExample('dev-claim');
    const key = out.resources.find((r) => r.kind === 'Key')!;
    const tampered = { ...key, spec: { ...(key.spec as JsonObject), providerConfigRef: { name: OnboardingNames.providerConfig('payments-prod') } } };
    const denials = admitted(tampered).denials.map((d) => d.message);
    expect(denials).toHaveLength(1);
    expect(denials[0]).toContain(OnboardingNames.providerConfig('payments-prod'));
    expect(denials[0]).toContain(OnboardingNames.providerConfig('payments-dev'));
  });
});
