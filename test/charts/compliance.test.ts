// Compliance domain: the Config recorder chain, the managed rules (identifiers from the generated list, the
// controls each evaluates) and their order.
import { COMPLIANCE_RULES, AWS_CONFIG_ROLE_POLICY_ARN } from '../../charts/compliance';
import { checkedRuleIdentifier, managedRulePage, type ManagedRule } from '../../compositions/blocks/detection/config-rules';
import { AWS_MANAGED_RULE_PAGES } from '../../compositions/blocks/detection/managed-rule-pages.generated';
import type { JsonObject } from '../../renderer/types';
import { simulate } from '../support/iam-simulator';
import { EXAMPLE_CLAIMS, forProvider, loadYaml, packageApis, renderClaim, renderExample, resourceNamed, resourcesOfKind } from '../support/render-example';
import { Validator, formatProblem } from '../../validator/validate';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const dev = () => renderExample('dev-claim');
const nameOf = (r: JsonObject) => String((r.metadata as JsonObject).name);
const passOf = (compositionName: string) => dev().readyAtPass[nameOf(resourceNamed(dev(), compositionName))]!;

describe('compliance domain (dev claim rendered)', () => {
  test('CIS 3.3 / Config.1: the recorder records every supported type, global resources included', () => {
    expect(forProvider(resourceNamed(dev(), 'configRecorder'))).toMatchObject({
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      roleArn: String(((resourceNamed(dev(), 'configRecorderRole').status as JsonObject).atProvider as JsonObject).arn),
    });
    expect(forProvider(resourceNamed(dev(), 'configRecorderStatus')).isEnabled).toBe(true);
  });

  test('the recorder role uses the AWS managed policy AWS_ConfigRole', () => {
    expect(AWS_CONFIG_ROLE_POLICY_ARN).toBe('arn:aws:iam::aws:policy/service-role/AWS_ConfigRole');
    expect(forProvider(resourceNamed(dev(), 'configRecorderRoleManaged0')).policyArn).toBe(AWS_CONFIG_ROLE_POLICY_ARN);
  });

  test('the delivery channel writes to the secure Config bucket, encrypted with the data key, and notifies the topic', () => {
    const status = (dev().claim!.status as JsonObject).compliance as JsonObject;
    const encryption = (dev().claim!.status as JsonObject).encryption as JsonObject;
    expect(forProvider(resourceNamed(dev(), 'configDeliveryChannel'))).toMatchObject({
      s3BucketName: `zta-config-${ACCOUNT}-${REGION}-dev`,
      s3KeyPrefix: 'config',
      s3KmsKeyArn: encryption.dataKeyArn,
      snsTopicArn: status.configTopicArn,
    });
    expect(status.configBucketName).toBe(`zta-config-${ACCOUNT}-${REGION}-dev`);
    expect(forProvider(resourceNamed(dev(), 'configTopic')).kmsMasterKeyId).toBe(encryption.messagingKeyArn);
  });

  test('every rendered Config rule is an AWS managed rule whose identifier is in the generated list, described by its page and controls', () => {
    const rules = resourcesOfKind(dev(), 'ConfigRule.configservice.aws.upbound.io');
    expect(rules).toHaveLength(COMPLIANCE_RULES.length);
    for (const r of rules) {
      const source = forProvider(r).source as JsonObject;
      expect(source.owner).toBe('AWS');
      expect(Object.keys(AWS_MANAGED_RULE_PAGES)).toContain(source.sourceIdentifier);
    }
    const rule = COMPLIANCE_RULES.find((r) => r.identifier === 'INCOMING_SSH_DISABLED')!;
    expect(forProvider(resourceNamed(dev(), rule.resourceName)).description).toBe('restricted-ssh (EC2.13, CIS 5.2)');
    const ids = rules.map((r) => (forProvider(r).source as JsonObject).sourceIdentifier);
    expect(ids).toEqual(expect.arrayContaining(['ENCRYPTED_VOLUMES', 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK', 'MULTI_REGION_CLOUD_TRAIL_ENABLED', 'ROOT_ACCOUNT_MFA_ENABLED', 'SECURITYHUB_ENABLED']));
  });

  test('EC2.8 / CIS 5.6: instances must use IMDSv2 (ec2-imdsv2-check, no parameters)', () => {
    const rule = forProvider(resourceNamed(dev(), 'ruleEc2Imdsv2'));
    expect(rule.source).toEqual({ owner: 'AWS', sourceIdentifier: 'EC2_IMDSV2_CHECK' });
    expect(rule.inputParameters).toBeUndefined();
    expect(((resourceNamed(dev(), 'ruleEc2Imdsv2').metadata as JsonObject).annotations as JsonObject)['crossplane.io/external-name']).toBe('zta-ec2-imdsv2-check-dev');
  });

  test('the generated list maps identifiers to their guide pages (identifiers differ from names)', () => {
    expect(managedRulePage('INCOMING_SSH_DISABLED')).toBe('restricted-ssh');
    expect(managedRulePage('RESTRICTED_INCOMING_TRAFFIC')).toBe('restricted-common-ports');
    for (const [id, page] of Object.entries(AWS_MANAGED_RULE_PAGES)) {
      expect(id).toMatch(/^[A-Z0-9_]+$/);
      expect(page).toMatch(/^[a-z0-9-]+$/);
    }
  });

  test('each rule names the controls it evaluates (`CIS 5.6`, `EC2.8`), each once', () => {
    for (const r of COMPLIANCE_RULES) {
      expect({ rule: r.identifier, controls: r.controls.length > 0 && new Set(r.controls).size === r.controls.length }).toEqual({ rule: r.identifier, controls: true });
      for (const c of r.controls) expect(c).toMatch(/^(CIS [1-5](\.[0-9]+)+|[A-Za-z0-9]+\.[0-9]+)$/);
    }
  });

  test('a misspelled identifier or a rule without controls is a tsc error, and refused as data naming the field and what is allowed', () => {
    const misspelled: ManagedRule = {
      // @ts-expect-error RESTRICTED_SSH is the page name in capitals: the identifier is INCOMING_SSH_DISABLED.
      identifier: 'RESTRICTED_SSH',
      resourceName: 'ruleRestrictedSsh',
      controls: ['EC2.13'],
    };
    const noControls: ManagedRule = {
      identifier: 'INCOMING_SSH_DISABLED',
      resourceName: 'ruleRestrictedSsh',
      // @ts-expect-error a rule evaluates at least one control.
      controls: [],
    };
    expect(noControls.controls).toEqual([]);
    expect(checkedRuleIdentifier('ENCRYPTED_VOLUMES')).toBe('ENCRYPTED_VOLUMES');
    expect(() => checkedRuleIdentifier(misspelled.identifier)).toThrow(
      "identifier: 'RESTRICTED_SSH' is not an AWS Config managed rule identifier; allowed: the keys of AWS_MANAGED_RULE_PAGES (compositions/blocks/detection/managed-rule-pages.generated.ts), the \"Identifier:\" of the rule's page (page restricted-ssh is INCOMING_SSH_DISABLED)",
    );
    expect(() => checkedRuleIdentifier('NO_SUCH_RULE')).toThrow(/^identifier: 'NO_SUCH_RULE' is not an AWS Config managed rule identifier; allowed: the keys of AWS_MANAGED_RULE_PAGES \(compositions\/blocks\/detection\/managed-rule-pages\.generated\.ts\), the "Identifier:" of the rule's page$/);
  });

  test('rule parameters: CIS password policy and the CloudWatch.15 alarm-action check', () => {
    expect(JSON.parse(String(forProvider(resourceNamed(dev(), 'ruleIamPasswordPolicy')).inputParameters))).toMatchObject({ MinimumPasswordLength: '14', PasswordReusePrevention: '24' });
    expect(JSON.parse(String(forProvider(resourceNamed(dev(), 'ruleCloudWatchAlarmActions')).inputParameters))).toEqual({
      alarmActionRequired: 'true', insufficientDataActionRequired: 'false', okActionRequired: 'false',
    });
  });

  // iam-policy-no-statements-with-admin-access flags a customer managed policy with an Allow of
  // '*' on '*'; with excludePermissionBoundaryPolicy it skips policies used as boundaries. Applied
  // to every customer managed policy the baseline renders: only the boundary has such a statement,
  // and the rule excludes it, so the baseline never fails its own IAM.1 / CIS 1.16 check.
  test('our own admin-access rule (IAM.1 / CIS 1.16) does not flag our permissions boundary, and nothing else of ours has admin access', () => {
    const params = JSON.parse(String(forProvider(resourceNamed(dev(), 'ruleIamNoAdminPolicies')).inputParameters)) as Record<string, string>;
    expect(params).toEqual({ excludePermissionBoundaryPolicy: 'true' });
    const statementsOf = (p: JsonObject) => (JSON.parse(String(forProvider(p).policy)) as { Statement: JsonObject[] }).Statement;
    const asList = (v: unknown) => (Array.isArray(v) ? v : [v]);
    const admin = (st: JsonObject) => st.Effect === 'Allow' && asList(st.Action).includes('*') && asList(st.Resource).includes('*');
    const policies = resourcesOfKind(dev(), 'Policy.iam.aws.upbound.io');
    const flagged = policies.filter((p) => statementsOf(p).some(admin)).map((p) => String(forProvider(p).name));
    expect(flagged).toEqual([String(forProvider(resourceNamed(dev(), 'permissionsBoundary')).name)]);
  });

  test('render order: recorder, then delivery channel, then recorder status; every rule after the recorder (PutConfigRule needs one to exist)', () => {
    const recorder = passOf('configRecorder');
    const channel = passOf('configDeliveryChannel');
    const started = passOf('configRecorderStatus');
    expect(channel).toBeGreaterThan(recorder);
    expect(started).toBeGreaterThan(channel);
    for (const rule of COMPLIANCE_RULES) expect({ rule: rule.resourceName, after: passOf(rule.resourceName) > recorder }).toEqual({ rule: rule.resourceName, after: true });
  });
});

describe('both example claims with the audit, compliance and monitoring domains', () => {
  const MINE = ['auditLogging', 'compliance', 'securityMonitoring'];
  test.each(['dev-claim', 'prod-claim'] as const)('%s: these domains render to convergence, every resource valid and Ready, every reference resolved', (name) => {
    const out = renderExample(name);
    expect(out.converged).toBe(true);
    const mine = out.resources.filter((r) => MINE.includes(String(((r.metadata as JsonObject).labels as JsonObject)?.['zerotrust.io/domain'])) || ['XAuditLogging', 'XCompliance', 'XSecurityMonitoring'].includes(String(r.kind)));
    expect(mine.length).toBeGreaterThan(100);
    const objects = new Set(mine.map((r) => `${String(r.kind)}/${nameOf(r)}`));
    expect(out.problems.filter((p) => objects.has(p.object))).toEqual([]);
    for (const r of mine) expect({ r: `${String(r.kind)}/${nameOf(r)}`, ready: out.readyAtPass[nameOf(r)] !== undefined }).toEqual({ r: `${String(r.kind)}/${nameOf(r)}`, ready: true });
  });
});

describe('data key policy: AWS Config (useKey from this domain)', () => {
  test('Config encrypts deliveries for this account only', async () => {
    const key = resourceNamed(dev(), 'dataKey');
    const base = {
      principal: 'config.amazonaws.com',
      action: 'kms:GenerateDataKey',
      resource: String(((key.status as JsonObject).atProvider as JsonObject).arn),
      resourceAccount: ACCOUNT,
      resourcePolicy: JSON.parse(String(forProvider(key).policy)),
    };
    expect((await simulate({ ...base, context: { 'aws:SourceAccount': ACCOUNT } })).result).toBe('Allowed');
    expect((await simulate({ ...base, context: { 'aws:SourceAccount': '999988887777' } })).result).toBe('ImplicitlyDenied');
  });
});

describe('Config bucket policy under the IAM policy simulator', () => {
  const bucket = `zta-config-${ACCOUNT}-${REGION}-dev`;
  const policy = () => JSON.parse(String(forProvider(resourceNamed(dev(), 'configBucketPolicy')).policy));
  const put = (sourceAccount: string, key = `config/AWSLogs/${ACCOUNT}/Config/${REGION}/2024/5/1/ConfigSnapshot/x.json.gz`) =>
    simulate({
      principal: 'config.amazonaws.com',
      action: 's3:PutObject',
      resource: `arn:aws:s3:::${bucket}/${key}`,
      resourceAccount: ACCOUNT,
      resourcePolicy: policy(),
      context: { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3', 'aws:PrincipalIsAWSService': 'true', 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': sourceAccount },
    });

  test('AWS Config delivers snapshots for this account only, under its prefix', async () => {
    expect((await put(ACCOUNT)).result).toBe('Allowed');
    expect((await put('999988887777')).result).toBe('ImplicitlyDenied');
    expect((await put(ACCOUNT, 'elsewhere/x')).result).toBe('ImplicitlyDenied');
  });
});

describe('the recorder role choice: AWS_ConfigRole (default) or the service-linked role (docs/config-recorder-role.md)', () => {
  const LENDING = '222233334444';
  const slrArn = (account: string) => `arn:aws:iam::${account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
  const withRole = (recorderRole: string): JsonObject => {
    const claim = loadYaml(EXAMPLE_CLAIMS['lending-claim']);
    const params = (claim.spec as JsonObject).parameters as JsonObject;
    return { ...claim, spec: { ...(claim.spec as JsonObject), parameters: { ...params, compliance: { ...((params.compliance as JsonObject | undefined) ?? {}), recorderRole } } } };
  };
  const recorders = (out: ReturnType<typeof renderClaim>) => resourcesOfKind(out, 'ConfigurationRecorder.configservice.aws.upbound.io');
  const validator = new Validator();
  for (const xrd of packageApis().xrds) validator.addXrd(xrd);

  test('default (recorderRole unset): every recorder (home and the other allowed region) uses our role zta-config-recorder-<suffix>', () => {
    // The lending example sets AWSServiceRoleForConfig; the same claim without the choice takes the default.
    const claim = loadYaml(EXAMPLE_CLAIMS['lending-claim']);
    const params = { ...((claim.spec as JsonObject).parameters as JsonObject) };
    delete params.compliance;
    const out = renderClaim({ ...claim, spec: { ...(claim.spec as JsonObject), parameters: params } });
    expect(out.problems).toEqual([]);
    expect(recorders(out).map((r) => forProvider(r).roleArn)).toEqual([`arn:aws:iam::${LENDING}:role/zta-config-recorder-dev`, `arn:aws:iam::${LENDING}:role/zta-config-recorder-dev`]);
  });

  test('AWSServiceRoleForConfig (the lending example): the claim validates, renders without problem, and every recorder uses the service-linked role', () => {
    const claim = withRole('AWSServiceRoleForConfig');
    expect(validator.validate(claim).map(formatProblem)).toEqual([]);
    const out = renderExample('lending-claim');
    expect(out.problems).toEqual([]);
    expect(recorders(out).map((r) => forProvider(r).roleArn)).toEqual([slrArn(LENDING), slrArn(LENDING)]);
  });

  test('any other value is refused, naming the field', () => {
    const found = validator.validate(withRole('AWSServiceRoleForConfigX')).map(formatProblem);
    expect(found.some((p) => p.includes('.spec.parameters.compliance.recorderRole'))).toBe(true);
  });

  test.each([
    ['the service-linked role', slrArn(ACCOUNT), 'Allowed'],
    ['our recorder role', `arn:aws:iam::${ACCOUNT}:role/zta-config-recorder-dev`, 'Allowed'],
    ['a role of another account', 'arn:aws:iam::999988887777:role/zta-config-recorder-dev', 'ImplicitlyDenied'],
    ['the service-linked role of another account', slrArn('999988887777'), 'ImplicitlyDenied'],
  ])('the Config topic takes notifications from %s (%s) -> %s', async (_what, principal, expected) => {
    const topicPolicy = JSON.parse(String(forProvider(resourceNamed(dev(), 'configTopic')).policy)) as object;
    const r = await simulate({
      principal, action: 'sns:Publish', resource: `arn:aws:sns:${REGION}:${ACCOUNT}:zta-config-notifications-dev`, resourceAccount: ACCOUNT,
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }] }],
      resourcePolicy: topicPolicy, context: { 'aws:SecureTransport': 'true', 'aws:PrincipalArn': principal },
    });
    expect(r.result).toBe(expected);
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('compliance'), () => expect(synthChart('compliance')).toMatchSnapshot());
