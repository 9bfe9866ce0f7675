// Web firewall: one WAFv2 web ACL with a per-IP rate limit and the AWS managed rule groups for
// known-bad sources and inputs, its traffic logged to an encrypted log group, associated with the
// workload's load balancers / APIs.
import type { Construct } from 'constructs';
import { Group } from '../imports/cloudwatchlogs.aws.upbound.io';
import { WebAcl, WebAclAssociation, WebAclLoggingConfiguration } from '../imports/wafv2.aws.upbound.io';
import {
  ComposedResource,
  Condition,
  DomainChart,
  fromComposite,
  param,
  Params,
  Schema,
  siblingSelector,
  suffixed,
  tokenPatch,
  when,
} from '../compositions';
import { slottedList } from '../compositions/kernel/feature-slots';
import { rawJson } from '../compositions/kernel/raw-json';
import { baselineWafRules, WAF_RATE_LIMIT_MAX, WAF_RATE_LIMIT_MIN, wafRuleJson } from '../compositions/policy/waf-rules';

/** WAF only delivers to log groups whose name starts with this prefix. */
// https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html
export const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';
export const WAF_LOG_GROUP_NAME = suffixed(`${WAF_LOG_GROUP_PREFIX}zta`);
/**
 * Association slots: P&T cannot loop, so slot i is a WebACLAssociation composed while `resourceArns[i]`
 * is set (function-cel-filter); the XRD rejects longer lists (compositions/kernel/feature-slots.ts).
 */
export const MAX_ASSOCIATIONS = 4;
export const WAF_LOG_RETENTION_DAYS = 365;

// Regional resources a web ACL can protect: ALB, API Gateway REST stage, AppSync, Cognito user pool, App Runner, Verified Access.
// https://docs.aws.amazon.com/waf/latest/APIReference/API_AssociateWebACL.html
const PROTECTABLE_ARN =
  '^arn:aws:(elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:loadbalancer/app/.+|apigateway:[a-z0-9-]+::/restapis/[^/]+/stages/.+|appsync:[a-z0-9-]+:[0-9]{12}:apis/.+|cognito-idp:[a-z0-9-]+:[0-9]{12}:userpool/.+|apprunner:[a-z0-9-]+:[0-9]{12}:service/.+|ec2:[a-z0-9-]+:[0-9]{12}:verified-access-instance/.+)$';

/** Services in PROTECTABLE_ARN whose ARNs carry an account (API Gateway's do not). */
const ACCOUNT_SCOPED_PROTECTABLE_SERVICES = ['elasticloadbalancing', 'appsync', 'cognito-idp', 'apprunner', 'ec2'];

export class WebFirewallChart extends DomainChart {
  /** Composed once by XZeroTrustAccount (charts/index.ts finds it by this). */
  public static readonly composedBy = 'account';

  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XWebFirewall',
      domain: 'webFirewall',
      readme: {
        title: 'Web firewall',
        controls: 'WAFv2 web ACL with a rate-based rule and the AWS managed IP reputation, anonymous IP, known bad inputs and common rule sets (WAF.10), CloudWatch metrics, logging to an encrypted `aws-waf-logs-` log group (WAF.11), associations to up to four given resources (ALB, API Gateway stage, AppSync, Cognito, App Runner, Verified Access)',
      },
      description: 'A WAFv2 web ACL with a per-IP rate limit and AWS managed rule groups, logged to an encrypted log group and associated with the workload\'s endpoints.',
    });
    const wafScope = this.parameter('scope', Schema.string('REGIONAL for load balancers, API Gateway, AppSync, Cognito, App Runner; CLOUDFRONT for distributions (then the baseline region must be us-east-1 and the distribution references the web ACL itself).', {
      enum: ['REGIONAL', 'CLOUDFRONT'], default: 'REGIONAL',
    }));
    this.parameter('rateLimit', Schema.integer(`Requests one client IP may send per 5 minutes before it is blocked (AWS WAF allows ${WAF_RATE_LIMIT_MIN}-${WAF_RATE_LIMIT_MAX}).`, {
      minimum: WAF_RATE_LIMIT_MIN, maximum: WAF_RATE_LIMIT_MAX, default: 2000,
      rules: [{ rule: `self >= ${WAF_RATE_LIMIT_MIN}`, message: `rateLimit must be at least ${WAF_RATE_LIMIT_MIN} requests per 5 minutes (the AWS WAF minimum)` }],
    }));
    const resourceArns = this.parameter('resourceArns', slottedList(`ARNs of the regional resources the web ACL protects (at most ${MAX_ASSOCIATIONS}).`,
      Schema.arn('An ALB, API Gateway stage, AppSync API, Cognito user pool, App Runner service or Verified Access instance ARN.', {
        pattern: PROTECTABLE_ARN,
        rules: [{
          rule: `self.matches('${PROTECTABLE_ARN}')`,
          message: 'resourceArns entries must be ARNs of resources a regional web ACL can protect: an application load balancer, API Gateway REST stage, AppSync API, Cognito user pool, App Runner service or Verified Access instance',
        }],
      }),
      { field: 'resourceArns', slots: MAX_ASSOCIATIONS, element: 'web ACL association', default: [], listType: 'set' }));
    this.rule({ rule: "self.scope != 'CLOUDFRONT' || self.region == 'us-east-1'", message: 'a CLOUDFRONT web ACL must be created in us-east-1', fieldPath: '.scope' });
    this.rule({ rule: "self.scope != 'CLOUDFRONT' || size(self.resourceArns) == 0", message: 'a CLOUDFRONT web ACL is attached by the distribution; leave resourceArns empty', fieldPath: '.resourceArns' });
    // A regional web ACL can only be associated with resources of its own region.
    this.rule({
      rule: "!has(self.resourceArns) || self.resourceArns.all(a, a.matches('^arn:aws:[a-z-]+:' + self.region + ':'))",
      message: 'resourceArns must all be in the baseline region (spec.parameters.region): a regional web ACL protects only resources of its own region',
      fieldPath: '.resourceArns',
    });
    // Tenant isolation: a claim protects resources of the account its namespace is bound to, never
    // another's (API Gateway stage ARNs carry no account). Prefixes, not a regex built from the
    // account id: linear in the ARN whatever it holds.
    this.rule({
      // An ARN of another region is the region rule's to report.
      rule: `!has(self.resourceArns) || self.resourceArns.all(a, ${JSON.stringify(ACCOUNT_SCOPED_PROTECTABLE_SERVICES).replace(/"/g, "'")}.all(s, !a.startsWith('arn:aws:' + s + ':' + self.region + ':') || a.startsWith('arn:aws:' + s + ':' + self.region + ':' + self.accountId + ':')))`,
      message: 'resourceArns must all be resources of the bound account (spec.parameters.accountId): a claim protects only its own account\'s resources',
      fieldPath: '.resourceArns',
    });
    this.keyArnInput('logs', 'CloudWatch Logs log groups');

    // FSBP WAF.10 (web ACL has rules): rate limit + managed groups; default allow, CloudWatch metrics on.
    new ComposedResource(this, {
      name: 'webAcl',
      kind: WebAcl,
      forProvider: {
        name: suffixed('zta-web-acl'),
        description: 'Zero Trust baseline web ACL',
        scope: wafScope.defaultValue<string>(),
        defaultAction: { allow: {} },
        ruleJson: wafRuleJson(baselineWafRules(rawJson(param('rateLimit')))),
        visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: suffixed('zta-web-acl') },
      },
      patches: [fromComposite(wafScope.path, 'spec.forProvider.scope')],
    }).publish('webAclArn', 'status.atProvider.arn', Schema.arn('ARN of the web ACL.'));

    // WAF.11 (logging enabled): a KMS-encrypted log group whose name WAF accepts.
    new ComposedResource(this, {
      name: 'wafLogGroup',
      kind: Group,
      externalName: WAF_LOG_GROUP_NAME,
      forProvider: { kmsKeyId: param('logsKeyArn'), retentionInDays: WAF_LOG_RETENTION_DAYS, skipDestroy: false },
    });
    new ComposedResource(this, {
      name: 'webAclLogging',
      kind: WebAclLoggingConfiguration,
      forProvider: { resourceArnSelector: siblingSelector('webAcl') },
      // WAF wants the log group ARN without the ':*' suffix; a token cannot sit inside a base array.
      patches: [tokenPatch('spec.forProvider.logDestinationConfigs[0]', `arn:aws:logs:${Params.region}:${Params.accountId}:log-group:${WAF_LOG_GROUP_NAME}`)],
    });

    // Deletion order (ClusterUsages): WAF logging stops before its log group and key go.
    this.deletedBefore('webAclLogging', { uses: 'wafLogGroup', reason: 'AWS WAF delivers request logs into this log group while the logging configuration exists' });
    this.encryptedWith('logs', 'wafLogGroup');

    // ELB.16 / APIGateway.4: the web ACL in front of each listed resource, one conditional slot each.
    // The web ACL is found by reference, so a slot is associated one reconcile after the ACL exists.
    for (let i = 0; i < MAX_ASSOCIATIONS; i++) {
      const association = when(new ComposedResource(this, {
        name: `association${i}`,
        kind: WebAclAssociation,
        forProvider: { webAclArnSelector: siblingSelector('webAcl') },
        patches: [ComposedResource.fromParameter(`resourceArns[${i}]`, 'spec.forProvider.resourceArn', { required: true })],
      }), Condition.has(resourceArns.item(i)));
      // Deletion order: the web ACL outlives every association.
      this.deletedBefore(association, { uses: 'webAcl', reason: 'DeleteWebACL fails with WAFAssociatedItemException while the web ACL is associated with a resource' });
    }
  }
}
