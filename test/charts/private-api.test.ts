// The PrivateApi claim rendered in its namespace: a PRIVATE REST API bound to the execute-api
// endpoint, a resource policy that admits only that endpoint (IAM simulator), logged, throttled,
// behind the web ACL; and the account's API Gateway CloudWatch role.
import { App } from 'cdk8s';
import { AccountPrivateApiChart, ApiGatewayAccountChart, PrivateApiChart } from '../../charts/private-api';
import { ACCESS_LOG_FORMAT, originVerifyWafRule } from '../../compositions/blocks/network/api-gateway-policy';
import type { RenderOutput } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';
import { Validator, formatProblem } from '../../validator/validate';
import { simulate } from '../support/iam-simulator';
import { composed, forProviderOf, renderCharts, renderedPolicy } from '../support/render-chart';
import { loadYaml } from '../support/render-example';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const VPCE = 'vpce-0a1b2c3d4e5f67890';
const build = (app: App) => { const api = new AccountPrivateApiChart(app, 'account-private-api'); return [api, new PrivateApiChart(app, 'private-api', api)]; };
const claim = loadYaml('examples/claims/payments-dev/orders-api.yaml');
const out = renderCharts(build, claim);
const status = out.claim!.status as JsonObject;
const fp = (o: RenderOutput, name: string) => forProviderOf(composed(o, name));

const apiId = String(status.restApiId);
const method = (path: string) => `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/v1/GET/${path}`;

describe('the PrivateApi claim (orders-api example)', () => {
  test('renders to convergence in its namespace with no problem, in the bound account', () => {
    expect(out.problems).toEqual([]);
    expect(out.converged).toBe(true);
    expect(status.account).toEqual({ id: ACCOUNT, region: REGION, namespace: 'payments-dev', environment: 'dev' });
    expect(status.stageArn).toBe(`arn:aws:apigateway:${REGION}::/restapis/${apiId}/stages/v1`);
  });

  test('is a PRIVATE REST API bound to the execute-api endpoint, with the claim\'s definition and a suffixed name', () => {
    expect(fp(out, 'restApi')).toEqual(expect.objectContaining({
      name: 'zta-orders-dev', endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [VPCE] }, failOnWarnings: true,
      body: ((claim.spec as JsonObject).parameters as JsonObject).openApiDefinition,
    }));
  });

  test('redeploys when the definition changes (trigger is its SHA-256)', () => {
    const other = renderCharts(build, { ...claim, spec: { parameters: { ...((claim.spec as JsonObject).parameters as JsonObject), openApiDefinition: 'openapi: 3.0.1\ninfo: {title: orders, version: "2.0"}\npaths: {}\n' } } });
    expect(other.problems).toEqual([]);
    expect(fp(other, 'deployment').triggers).not.toEqual(fp(out, 'deployment').triggers);
    expect(String((fp(out, 'deployment').triggers as JsonObject).definition)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('the stage writes JSON access logs to a KMS-encrypted log group kept a year, with X-Ray and no cache', () => {
    const params = (claim.spec as JsonObject).parameters as JsonObject;
    expect(fp(out, 'accessLogGroup')).toEqual(expect.objectContaining({ kmsKeyId: params.logsKeyArn, retentionInDays: 365 }));
    expect((composed(out, 'accessLogGroup').metadata as JsonObject).annotations).toEqual(expect.objectContaining({ 'crossplane.io/external-name': '/zta/apigateway/zta-orders-dev/access' }));
    expect(fp(out, 'stage')).toEqual(expect.objectContaining({
      stageName: 'v1', xrayTracingEnabled: true, cacheClusterEnabled: false,
      accessLogSettings: { format: ACCESS_LOG_FORMAT, destinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/zta/apigateway/zta-orders-dev/access` },
    }));
    expect(Object.keys(JSON.parse(ACCESS_LOG_FORMAT))).toEqual(expect.arrayContaining(['vpceId', 'sourceIp', 'status', 'wafStatus']));
  });

  test('every method: execution logging, metrics, throttling from the claim, never request bodies', () => {
    expect(fp(out, 'methodSettings')).toEqual(expect.objectContaining({
      methodPath: '*/*', stageName: 'v1',
      settings: { loggingLevel: 'INFO', metricsEnabled: true, dataTraceEnabled: false, throttlingRateLimit: 50, throttlingBurstLimit: 20 },
    }));
  });

  test('the regional web ACL is associated with the stage', () => {
    expect(fp(out, 'webAclAssociation')).toEqual(expect.objectContaining({ resourceArn: status.stageArn, webAclArn: ((claim.spec as JsonObject).parameters as JsonObject).webAclArn }));
  });
});

describe('the API resource policy, evaluated by the IAM policy simulator', () => {
  const policy = renderedPolicy(composed(out, 'restApiPolicy'));
  const invoke = async (sourceVpce: string | undefined, resource = method('orders/42'), principal = `arn:aws:iam::${ACCOUNT}:role/app`) => (await simulate({
    principal, action: 'execute-api:Invoke', resource, resourceAccount: ACCOUNT, resourcePolicy: policy,
    context: { 'aws:PrincipalArn': principal, ...(sourceVpce ? { 'aws:SourceVpce': sourceVpce } : {}) },
  })).result;

  test('admits a call through the execute-api endpoint', async () => {
    expect(await invoke(VPCE)).toBe('Allowed');
  });
  test('refuses a call through any other endpoint, and one from outside any VPC endpoint', async () => {
    expect(await invoke('vpce-0fedcba9876543210')).toBe('ExplicitlyDenied');
    expect(await invoke(undefined)).toBe('ExplicitlyDenied');
  });
  test('the allow covers only this API: another API of the account is not opened by it', async () => {
    expect(await invoke(VPCE, `arn:aws:execute-api:${REGION}:${ACCOUNT}:otherapi01/v1/GET/x`)).not.toBe('Allowed');
  });
  test('a principal of another account gets in only through the endpoint too', async () => {
    const outsider = 'arn:aws:iam::444455556666:role/partner';
    expect(await invoke('vpce-0fedcba9876543210', method('orders/42'), outsider)).toBe('ExplicitlyDenied');
  });
});

describe('the account\'s API Gateway settings (XApiGatewayAccount)', () => {
  const xr = { apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XApiGatewayAccount', metadata: { name: 'a' }, spec: { parameters: { accountId: ACCOUNT, region: REGION, environmentSuffix: 'dev', permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/zta-boundary-dev` } } };
  const acct = renderCharts((app) => [new ApiGatewayAccountChart(app, 'api-gateway')], xr);
  test('the CloudWatch role (trusted by API Gateway with no condition it does not send, with the push-to-logs policy) is set in the account settings', () => {
    expect(acct.problems).toEqual([]);
    const role = fp(acct, 'apiGatewayCloudWatchRole');
    expect(JSON.parse(String(role.assumeRolePolicy)).Statement).toEqual([{ Sid: 'ApiGatewayWritesLogs', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    expect(role.permissionsBoundary).toBe(`arn:aws:iam::${ACCOUNT}:policy/zta-boundary-dev`);
    expect(fp(acct, 'apiGatewayAccount').cloudwatchRoleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/zta-apigateway-logs-dev`);
    expect(fp(acct, 'apiGatewayCloudWatchRoleManaged0').policyArn).toBe('arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs');
  });
});

describe('public APIs behind CloudFront (documented option): the origin-verify WAF rule', () => {
  test('blocks every request without the secret header CloudFront adds', () => {
    const rule = originVerifyWafRule('x-origin-verify', 'a'.repeat(32));
    expect(rule).toEqual(expect.objectContaining({ Action: { Block: {} } }));
    expect(((rule.Statement as JsonObject).NotStatement as JsonObject).Statement).toEqual({ ByteMatchStatement: expect.objectContaining({ FieldToMatch: { SingleHeader: { Name: 'x-origin-verify' } }, PositionalConstraint: 'EXACTLY' }) });
  });
  test('throws if the secret is guessable or the header not lowercase', () => {
    expect(() => originVerifyWafRule('x-origin-verify', 'short')).toThrow("originVerifyWafRule: 'secretValue' must be at least 32 characters, got 5");
    expect(() => originVerifyWafRule('X-Origin', 'a'.repeat(32))).toThrow("originVerifyWafRule: 'headerName' must be a lowercase header name, got 'X-Origin'");
  });
});

describe('bad input is refused with a message naming the field', () => {
  const validator = new Validator();
  const app = new App();
  for (const c of build(app)) for (const x of c.toJson().filter((o: JsonObject) => o.kind === 'CompositeResourceDefinition')) validator.addXrd(x);
  const params = (claim.spec as JsonObject).parameters as JsonObject;
  const problems = (extra: JsonObject) => validator.validate({ ...claim, spec: { parameters: { ...params, ...extra } } }).map((p) => formatProblem(p));
  const accountProblems = (extra: JsonObject) => validator.validate({
    apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XAccountPrivateApi', metadata: { name: 'x' },
    spec: { parameters: { ...params, accountId: ACCOUNT, region: REGION, environmentSuffix: 'dev', ...extra } },
  }).map((p) => formatProblem(p));
  test('the example is valid', () => expect(problems({})).toEqual([]));
  test.each([
    ['a malformed endpoint id', { vpcEndpointId: 'vpc-123' }, '.spec.parameters.vpcEndpointId', 'vpcEndpointId must be a VPC endpoint id'],
    ['a CloudFront web ACL', { webAclArn: 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/x/a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' }, '.spec.parameters.webAclArn', 'webAclArn must be a regional WAFv2 web ACL ARN'],
    ['a key alias instead of a key ARN', { logsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:alias/logs-dev' }, '.spec.parameters.logsKeyArn', 'logsKeyArn must be a KMS key ARN'],
    ['a rate above the account quota', { throttling: { rateLimit: 20000 } }, '.spec.parameters.throttling.rateLimit', 'must be <= 10000'],
    ['an upper-case name', { name: 'Orders' }, '.spec.parameters.name', 'name must be 1-20 lowercase letters'],
  ])('%s', (_what, extra, path, message) => {
    expect(problems(extra as JsonObject).some((p) => p.includes(`${path}:`) && p.includes(message))).toBe(true);
  });
  test('a web ACL or key of another account is refused by the account composite', () => {
    expect(accountProblems({})).toEqual([]);
    expect(accountProblems({ webAclArn: 'arn:aws:wafv2:eu-west-1:444455556666:regional/webacl/x/a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' }))
      .toEqual([expect.stringContaining('webAclArn and logsKeyArn must be of the bound account in its region')]);
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('account-private-api'), () => expect(synthChart('account-private-api')).toMatchSnapshot());
test(snapshotTestName('private-api'), () => expect(synthChart('private-api')).toMatchSnapshot());
test(snapshotTestName('api-gateway-account'), () => expect(synthChart('api-gateway-account')).toMatchSnapshot());
