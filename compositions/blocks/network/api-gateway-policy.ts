// Resource policies and settings of the private-API building block (API Gateway REST APIs).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-create.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html
import { ConditionOperator, Effect, PolicyDocument, PolicyStatement, Principals } from '../../policy/iam';

/** API Gateway's execute-api action: invoking a method of a deployed stage. */
export const EXECUTE_API_INVOKE = 'execute-api:Invoke';

/**
 * The private API's resource policy: anyone may invoke it, but only through the given execute-api VPC
 * endpoint; every request arriving any other way (another endpoint, another VPC's endpoint shared by
 * DNS, a public path) is explicitly denied. API Gateway evaluates the explicit deny first.
 * `apiArn` is `arn:aws:execute-api:<region>:<account>:<api-id>`.
 */
export function privateApiPolicy(apiArn: string, vpcEndpointId: string): PolicyDocument {
  const methods = `${apiArn}/*`;
  const doc = new PolicyDocument({
    statements: [
      new PolicyStatement({
        sid: 'DenyUnlessThroughVpcEndpoint',
        effect: Effect.DENY,
        principals: [Principals.anyone()],
        actions: [EXECUTE_API_INVOKE],
        resources: [methods],
        conditions: { [ConditionOperator.STRING_NOT_EQUALS]: { 'aws:SourceVpce': vpcEndpointId } },
      }),
      new PolicyStatement({
        sid: 'AllowInvokeThroughVpcEndpoint',
        effect: Effect.ALLOW,
        principals: [Principals.anyone()],
        actions: [EXECUTE_API_INVOKE],
        resources: [methods],
        conditions: { [ConditionOperator.STRING_EQUALS]: { 'aws:SourceVpce': vpcEndpointId } },
      }),
    ],
  });
  const problems = doc.validateForResourcePolicy();
  if (problems.length) throw new Error(`private API policy: ${problems.join('; ')}`);
  return doc;
}

/**
 * The documented option for public or mixed APIs behind CloudFront: CloudFront adds a secret origin
 * header (rotated with the distribution), a regional WAF rule on the stage blocks every request
 * without it, so nothing reaches the API except through the distribution (and its own WAF).
 * Returned as the WAFv2 rule JSON (a `ruleJson` element); the header name is lowercase as WAF compares it.
 */
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/restrict-access-to-load-balancer.html
export function originVerifyWafRule(headerName: string, secretValue: string, priority = 0): Record<string, unknown> {
  if (!/^[a-z0-9-]+$/.test(headerName)) throw new Error(`originVerifyWafRule: 'headerName' must be a lowercase header name, got '${headerName}'`);
  if (secretValue.length < 32) throw new Error(`originVerifyWafRule: 'secretValue' must be at least 32 characters, got ${secretValue.length}`);
  return {
    Name: 'RequireCloudFrontOriginVerify',
    Priority: priority,
    Action: { Block: {} },
    Statement: {
      NotStatement: {
        Statement: {
          ByteMatchStatement: {
            FieldToMatch: { SingleHeader: { Name: headerName } },
            PositionalConstraint: 'EXACTLY',
            SearchString: secretValue,
            TextTransformations: [{ Priority: 0, Type: 'NONE' }],
          },
        },
      },
    },
    VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: 'RequireCloudFrontOriginVerify', SampledRequestsEnabled: true },
  };
}

/**
 * Access log line of every stage: JSON with who called through which endpoint, what, and the outcome
 * (no request or response bodies). $context variables:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#context-variable-reference
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  vpceId: '$context.identity.vpceId',
  caller: '$context.identity.caller',
  userArn: '$context.identity.userArn',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  wafStatus: '$context.waf.status',
  integrationStatus: '$context.integration.status',
});

