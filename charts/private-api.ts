// Private APIs: internal REST APIs reachable only through the network domain's execute-api VPC
// endpoint. The building block (XAccountPrivateApi) is a PRIVATE REST API bound to that endpoint, a
// resource policy that allows invoke only through it (aws:SourceVpce) and denies everything else, a
// stage with JSON access logs in an encrypted log group, execution logging, metrics and throttling on
// every method, and the regional WAF web ACL in front of the stage. Workload teams claim it as
// `PrivateApi` (XPrivateApi binds the account of the claim's namespace, like SecureBucket). The
// account's API Gateway settings (the CloudWatch Logs role API Gateway logs with, one per account and
// region) are a domain of the ZeroTrustAccount claim (XApiGatewayAccount).
import type { Construct } from 'constructs';
import { Account, Deployment, MethodSettingsV1Beta2 as MethodSettings, RestApiPolicy, RestApiv1Beta2 as RestApi, StageV1Beta2 as Stage } from '../imports/apigateway.aws.upbound.io';
import { Group } from '../imports/cloudwatchlogs.aws.upbound.io';
import { WebAclAssociation } from '../imports/wafv2.aws.upbound.io';
import {
  ComposedResource,
  DomainChart,
  NestedComposite,
  Params,
  PolicyStatement,
  Principals,
  Schema,
  Transforms,
  boundAccountPassThrough,
  compositeToken,
  fromComposite,
  lifecycleParameterPassThrough,
  param,
  passParameter,
  suffixed,
} from '../compositions';
import { ACCESS_LOG_FORMAT, privateApiPolicy } from '../compositions/blocks/network/api-gateway-policy';
import { MaxLength } from '../compositions/kernel/aws-limits';
import { serviceRole } from '../compositions/blocks/identity/service-role';
import { KMS_KEY_ARN_PATTERN } from './secure-bucket';

export const API_NAME_PATTERN = '^[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?$';
const VPCE_ID = '^vpce-[0-9a-f]{8,17}$';
const REGIONAL_WEB_ACL_ARN = '^arn:aws:wafv2:[a-z0-9-]+:[0-9]{12}:regional/webacl/[A-Za-z0-9_-]{1,128}/[0-9a-f-]{36}$';
const STAGE_NAME = '^[A-Za-z0-9_]{1,64}$';
/** API Gateway imports an OpenAPI definition of up to 6 MB; the claim stays far below the 1.5 MiB etcd object limit. */
export const MAX_OPENAPI_LENGTH = 262_144;
export const API_ACCESS_LOG_RETENTION_DAYS = 365;
/** API Gateway account throttling quota per region (10,000 rps, burst 5,000): a stage can never exceed it. */
// https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
export const MAX_RATE_LIMIT = 10_000;
export const MAX_BURST_LIMIT = 5_000;

/** Log group of a private API's access logs. */
export function apiAccessLogGroupName(apiName: string): string {
  return `/zta/apigateway/${suffixed(apiName)}/access`;
}

/**
 * The account's API Gateway settings: the CloudWatch Logs role API Gateway writes execution logs with.
 * One per account and region (a regional singleton), so it belongs to the account, not to an API.
 */
export class ApiGatewayAccountChart extends DomainChart {
  /** Composed once by XZeroTrustAccount (charts/index.ts finds it by this). */
  public static readonly composedBy = 'account';

  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XApiGatewayAccount',
      domain: 'apiGateway',
      readme: {
        title: 'API Gateway account',
        controls: 'the region\'s API Gateway account settings: the CloudWatch Logs role (trusted by API Gateway of this account, `AmazonAPIGatewayPushToCloudWatchLogs`, permissions boundary) that execution logging of every private API needs',
      },
      description: 'API Gateway account settings of the region: the CloudWatch Logs role every API logs with.',
    });
    this.permissionsBoundaryInput();
    const role = serviceRole(this, {
      name: 'apiGatewayCloudWatchRole',
      roleName: suffixed('zta-apigateway-logs'),
      description: 'Assumed by API Gateway to write execution and access logs of the account\'s APIs to CloudWatch Logs',
      // No aws:SourceAccount condition: API Gateway documents none for this role (its setup and the
      // AWS::ApiGateway::Account example trust the service principal alone), and a key it does not
      // send would leave the account without execution logging (APIGateway.1). The guardrails and
      // the suffixed name protect the role.
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
      // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-account.html
      trust: [new PolicyStatement({
        sid: 'ApiGatewayWritesLogs',
        principals: [Principals.service('apigateway.amazonaws.com')],
        actions: ['sts:AssumeRole'],
      })],
      managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'],
      arnStatusField: 'cloudWatchRoleArn',
    });
    // APIGateway.1 (execution logging) needs this role set in the account settings first.
    const account = new ComposedResource(this, {
      name: 'apiGatewayAccount',
      kind: Account,
      forProvider: { cloudwatchRoleArnSelector: role.role.selector() },
    });
    this.deletedBefore(account, { uses: role.role, reason: 'API Gateway writes logs with this role while the account settings name it' });
    this.boundaryOutlives(role.role);
  }
}

const API_DESCRIPTION = 'A PRIVATE API Gateway REST API reachable only through the given execute-api VPC endpoint (resource policy on aws:SourceVpce), with JSON access logs in a KMS-encrypted log group, execution logging, metrics and throttling on every method, and a regional WAF web ACL on the stage.';

/** The private API in the account its (bound) parameters name. Composed only by XPrivateApi. */
export class AccountPrivateApiChart extends DomainChart {
  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XAccountPrivateApi',
      domain: 'privateApi',
      description: API_DESCRIPTION,
      printerColumns: [{ name: 'API', jsonPath: '.status.restApiId' }, { name: 'STAGE', jsonPath: '.status.stageArn' }],
    });
    this.parameter('name', Schema.string('Name of the API: 1-20 lowercase letters, digits and inner hyphens (the REST API is zta-<name>-<environmentSuffix>).', {
      minLength: 1, maxLength: 20, pattern: API_NAME_PATTERN,
      rules: [{ rule: `self.matches('${API_NAME_PATTERN}')`, message: 'name must be 1-20 lowercase letters, digits and inner hyphens (part of the API and log group names)' }],
    }), { required: true });
    this.parameter('description', Schema.string('What the API serves.', { maxLength: 1024, default: 'Private API' }));
    this.parameter('openApiDefinition', Schema.string(`The API as an OpenAPI 3 (or Swagger 2) definition, JSON or YAML, at most ${MAX_OPENAPI_LENGTH} characters. A change redeploys the stage.`, {
      minLength: 1, maxLength: MAX_OPENAPI_LENGTH,
    }), { required: true });
    this.parameter('vpcEndpointId', Schema.string('Id of the execute-api interface endpoint of the account\'s VPC (status.network.endpointIds.executeApi of the ZeroTrustAccount claim): the only way in.', {
      maxLength: MaxLength.ec2Id, pattern: VPCE_ID,
      rules: [{ rule: `self.matches('${VPCE_ID}')`, message: 'vpcEndpointId must be a VPC endpoint id (vpce- followed by 8-17 hex digits)' }],
    }), { required: true });
    this.parameter('webAclArn', Schema.arn('ARN of the regional WAF web ACL put in front of the stage (status.webFirewall.webAclArn of the ZeroTrustAccount claim).', {
      pattern: REGIONAL_WEB_ACL_ARN,
      rules: [{ rule: `self.matches('${REGIONAL_WEB_ACL_ARN}')`, message: 'webAclArn must be a regional WAFv2 web ACL ARN (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>)' }],
    }), { required: true });
    this.parameter('logsKeyArn', Schema.arn('ARN of the KMS key encrypting the access-log group (status.encryption.logsKeyArn of the ZeroTrustAccount claim).', {
      pattern: KMS_KEY_ARN_PATTERN,
      rules: [{ rule: `self.matches('${KMS_KEY_ARN_PATTERN}')`, message: 'logsKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>)' }],
    }), { required: true });
    this.parameter('stageName', Schema.string('Name of the stage.', { maxLength: 64, pattern: STAGE_NAME, default: 'api' }));
    const throttling = this.parameter('throttling', Schema.object('Throttling of every method of the stage (API Gateway answers 429 above it).', {
      rateLimit: Schema.integer(`Steady-state requests per second (at most ${MAX_RATE_LIMIT}, the regional account quota).`, { minimum: 1, maximum: MAX_RATE_LIMIT, default: 100 }),
      burstLimit: Schema.integer(`Burst of requests (at most ${MAX_BURST_LIMIT}).`, { minimum: 1, maximum: MAX_BURST_LIMIT, default: 50 }),
    }, { default: {} }));
    const loggingLevel = this.parameter('loggingLevel', Schema.string('Execution logging level of every method (request and response bodies are never logged).', { enum: ['ERROR', 'INFO'], default: 'INFO' }));
    // Tenant isolation: the web ACL and the key are the bound account's, in its region (a regional web
    // ACL protects only resources of its region; CloudWatch Logs encrypts only with keys of its region).
    this.rule({
      rule: "self.webAclArn.startsWith('arn:aws:wafv2:' + self.region + ':' + self.accountId + ':') && self.logsKeyArn.startsWith('arn:aws:kms:' + self.region + ':' + self.accountId + ':')",
      message: 'webAclArn and logsKeyArn must be of the bound account in its region (spec.parameters.accountId and region)',
      fieldPath: '.webAclArn',
    });

    const apiName = suffixed(`zta-${param('name')}`);
    const logGroupName = apiAccessLogGroupName(`zta-${param('name')}`);
    // APIGateway private endpoint: PRIVATE, bound to the execute-api endpoint; the definition is the claim's.
    // Each resource is constructed in this chart, which composes it (no compose() to forget).
    const restApi = new ComposedResource(this, {
      name: 'restApi',
      kind: RestApi,
      forProvider: {
        name: apiName,
        description: param('description'),
        endpointConfiguration: { types: ['PRIVATE'] },
        failOnWarnings: true,
        putRestApiMode: 'overwrite',
        // Private APIs are invoked through the endpoint's execute-api hostname.
        disableExecuteApiEndpoint: false,
      },
      patches: [
        fromComposite('spec.parameters.vpcEndpointId', 'spec.forProvider.endpointConfiguration.vpcEndpointIds[0]', { required: true }),
        fromComposite('spec.parameters.openApiDefinition', 'spec.forProvider.body', { required: true }),
      ],
    }).publish('restApiId', 'status.atProvider.id', Schema.string('Id of the REST API.', { maxLength: 32 }));

    // Only through the endpoint: allow with aws:SourceVpce, and an explicit deny of everything else.
    const apiArn = `arn:aws:execute-api:${Params.region}:${Params.accountId}:${compositeToken('status.restApiId')}`;
    new ComposedResource(this, {
      name: 'restApiPolicy',
      kind: RestApiPolicy,
      forProvider: { restApiIdSelector: restApi.selector(), policy: privateApiPolicy(apiArn, param('vpcEndpointId')).toString() },
    });

    // A new deployment whenever the definition (or the policy, which takes effect only on deploy) changes.
    const deployment = new ComposedResource(this, {
      name: 'deployment',
      kind: Deployment,
      forProvider: { restApiIdSelector: restApi.selector(), description: 'Deployed by the Zero Trust platform' },
      patches: [fromComposite('spec.parameters.openApiDefinition', 'spec.forProvider.triggers.definition', { required: true, transforms: [Transforms.toSha256()] })],
    });

    // APIGateway.1/.9: access logs in a KMS-encrypted log group kept a year (CloudWatch.16).
    const accessLogGroup = new ComposedResource(this, {
      name: 'accessLogGroup',
      kind: Group,
      externalName: logGroupName,
      forProvider: { kmsKeyId: param('logsKeyArn'), retentionInDays: API_ACCESS_LOG_RETENTION_DAYS, skipDestroy: false },
    });
    // APIGateway.3 (X-Ray), APIGateway.5 (no cache, so nothing unencrypted cached).
    const stage = new ComposedResource(this, {
      name: 'stage',
      kind: Stage,
      forProvider: {
        restApiIdSelector: restApi.selector(),
        deploymentIdSelector: deployment.selector(),
        xrayTracingEnabled: true,
        cacheClusterEnabled: false,
        accessLogSettings: { format: ACCESS_LOG_FORMAT, destinationArn: `arn:aws:logs:${Params.region}:${Params.accountId}:log-group:${logGroupName}` },
      },
      patches: [fromComposite('spec.parameters.stageName', 'spec.forProvider.stageName', { required: true })],
    }).publish('stageArn', 'status.atProvider.arn', Schema.arn('ARN of the stage (what the web ACL protects).'))
      .publish('invokeUrl', 'status.atProvider.invokeUrl', Schema.string('Invoke URL of the stage (resolvable inside the VPC through the endpoint\'s private DNS).', { maxLength: 512 }));

    // APIGateway.1: execution logging and metrics on every method, throttled; no data trace (bodies).
    // The base holds the schema's defaults (read from it, declared once) until the patches write the claim's.
    new ComposedResource(this, {
      name: 'methodSettings',
      kind: MethodSettings,
      forProvider: {
        restApiIdSelector: restApi.selector(),
        stageNameSelector: stage.selector(),
        methodPath: '*/*',
        settings: {
          metricsEnabled: true, dataTraceEnabled: false, loggingLevel: loggingLevel.defaultValue<string>(),
          throttlingRateLimit: throttling.field('rateLimit').defaultValue<number>(), throttlingBurstLimit: throttling.field('burstLimit').defaultValue<number>(),
        },
      },
      patches: [
        fromComposite(loggingLevel.path, 'spec.forProvider.settings.loggingLevel'),
        fromComposite(throttling.field('rateLimit').path, 'spec.forProvider.settings.throttlingRateLimit'),
        fromComposite(throttling.field('burstLimit').path, 'spec.forProvider.settings.throttlingBurstLimit'),
      ],
    });

    // APIGateway.4: the regional web ACL in front of the stage.
    new ComposedResource(this, {
      name: 'webAclAssociation',
      kind: WebAclAssociation,
      forProvider: { resourceArnSelector: stage.selector(), webAclArn: param('webAclArn') },
    });

    // Deletion order (ClusterUsages).
    // (Policy, deployments, stages and method settings go with the API, the WAF association with the stage.)
    this.deletedBefore(stage, { uses: deployment, reason: 'DeleteDeployment fails with BadRequestException while a stage points to the deployment' });
    this.deletedBefore(stage, { uses: accessLogGroup, reason: 'API Gateway delivers access logs into this log group while the stage exists' });
  }
}

/**
 * The claim `PrivateApi`: the API's parameters, nothing about the account. It binds the account of
 * the claim's namespace and composes the API there.
 */
export class PrivateApiChart extends DomainChart {
  public constructor(scope: Construct, id: string, api: AccountPrivateApiChart) {
    super(scope, id, {
      kind: 'XPrivateApi',
      domain: 'privateApiClaim',
      offerClaim: true,
      bindsAccount: true,
      description: `${API_DESCRIPTION} Created in the AWS account the claim's namespace is bound to.`,
      printerColumns: [{ name: 'API', jsonPath: '.status.restApiId' }, { name: 'ACCOUNT', jsonPath: '.status.account.id' }, { name: 'REGION', jsonPath: '.status.account.region' }],
    });
    for (const [name, schema] of Object.entries(api.domainParameters)) {
      this.parameter(name, schema, { required: api.domainRequiredParameters.includes(name) });
    }
    const lifecycle = lifecycleParameterPassThrough();
    const account = boundAccountPassThrough();
    this.patchSet(lifecycle);
    this.patchSet(account);
    const child = new NestedComposite({
      name: 'privateApi',
      gvk: { apiVersion: api.names.apiVersion, kind: api.names.kind },
      parameterPatches: [lifecycle.ref(), ...Object.keys(api.domainParameters).map((name) => passParameter(name)), account.ref()],
    });
    for (const o of api.outputs) child.publish(o.statusField, `status.${o.statusField}`, o.schema);
    this.compose(child); // a nested composite is no construct: composed explicitly
  }
}
