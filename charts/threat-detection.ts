// Threat detection and response: the account's existing GuardDuty detector (observed, never
// managed), suppression rules, and EventBridge
// rules that push what matters to the alert topic, to the SOC's queue and to an optional responder.
import type { Construct } from 'constructs';
import { TargetV1Beta2 as Target, Rule } from '../imports/cloudwatchevents.aws.upbound.io';
import { DetectorV1Beta2 as Detector } from '../imports/guardduty.aws.upbound.io';
import { Queue, QueuePolicy } from '../imports/sqs.aws.upbound.io';
import { Workspace, WorkspaceSpecForProviderInlineFormat, WorkspaceSpecForProviderSource } from '../imports/tf.upbound.io';
import {
  allowServiceWithSourceConditions,
  AwsArns,
  AwsNames,
  CommonPatchSets,
  ComposedResource,
  ConditionOperator,
  denyInsecureTransport,
  DomainChart,
  fromComposite,
  Params,
  param,
  PolicyDocument,
  PolicyStatement,
  Principals,
  Schema,
  SQS_SEND_ACTIONS,
  suffixed,
} from '../compositions';
import { eventPatternJson } from '../compositions/policy/event-pattern';
import { GUARDDUTY_MODULE_HCL } from '../compositions/blocks/detection/guardduty-terraform';
import { rawJson } from '../compositions/kernel/raw-json';
import {
  GUARDDUTY_SEVERITY,
  guardDutyFindingsPattern,
  highRiskApiCallsPattern,
  securityHubCriticalFindingsPattern,
} from '../compositions/blocks/detection/security-events';
import { MaxLength } from '../compositions/kernel/aws-limits';

/** The three rules: composition name, AWS name purpose, status field. */
export const SECURITY_EVENT_RULES = {
  guardDutyFindings: 'guardduty-findings',
  securityHubFindings: 'securityhub-findings',
  highRiskApiCalls: 'high-risk-api-calls',
} as const;
type RuleKey = keyof typeof SECURITY_EVENT_RULES;

// Threat-intel and trusted-IP lists are not here: in an organization only the GuardDuty
// administrator manages lists, which apply to every member (XSecurityAdministration).
// https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-lists-prerequisites.html
export const MAX_SUPPRESSION_FILTERS = 20;

export const QUEUE_NAME = suffixed('zta-security-events');
export const DLQ_NAME = suffixed('zta-security-events-dlq');
const queueArn = `arn:aws:sqs:${Params.region}:${Params.accountId}:${QUEUE_NAME}`;
const dlqArn = `arn:aws:sqs:${Params.region}:${Params.accountId}:${DLQ_NAME}`;

const ROLE_ARN = '^arn:aws:iam::[0-9]{12}:role/[A-Za-z0-9_+=,.@/-]{1,512}$';
const GUARDDUTY_NAME = '^[A-Za-z0-9._-]{3,50}$';
/** GuardDuty: "with Equals or NotEquals ... a maximum of 50 values" per filter attribute. */
const MAX_CRITERION_VALUES = 50;
const criterionValue = Schema.string('A value.', { maxLength: MaxLength.guardDutyCriterionValue });

/** GuardDuty names each set or filter once per detector, and the Workspace keys them by name. */
function uniqueNames(field: string): { rule: string; message: string } {
  return { rule: 'self.all(e, self.exists_one(o, o.name == e.name))', message: `${field} names must be unique (GuardDuty and the Terraform module key entries by name)` };
}

const RULE_TARGETS_REASON = 'DeleteRule fails ("Rule can\'t be deleted since it has targets") while a target remains on the rule';

export class ThreatDetectionChart extends DomainChart {
  /** Composed once by XZeroTrustAccount (charts/index.ts finds it by this). */
  public static readonly composedBy = 'account';

  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XThreatDetection',
      domain: 'threatDetection',
      readme: {
        title: 'Threat detection',
        controls: 'the account\'s existing GuardDuty detector observed (never created or deleted), suppression filters (threat-intel and trusted-IP lists are the GuardDuty administrator\'s: `XSecurityAdministration`), EventBridge rules for GuardDuty findings above a severity threshold, CRITICAL/HIGH Security Hub findings and high-risk API calls into the alert topic, an encrypted SOC queue with a dead-letter queue and an optional response target',
      },
      description: 'GuardDuty suppression on the account\'s existing detector, and EventBridge response to GuardDuty, Security Hub and high-risk API events.',
    });

    this.parameter('detectorId', Schema.string('Id of the account\'s existing GuardDuty detector in the region (32 hex characters). It is observed, never created, changed or deleted.', {
      maxLength: MaxLength.guardDutyDetectorId,
      pattern: '^[0-9a-f]{32}$',
      rules: [{ rule: "self.matches('^[0-9a-f]{32}$')", message: 'detectorId must be the 32-character hex id of the existing GuardDuty detector (aws guardduty list-detectors)' }],
    }), { required: true });
    this.parameter('minimumSeverity', Schema.integer(`Lowest GuardDuty finding severity (${GUARDDUTY_SEVERITY.min}-${GUARDDUTY_SEVERITY.max}) that is sent to the alert topic, the SOC queue and the responder. 7 = High and Critical.`, {
      minimum: GUARDDUTY_SEVERITY.min,
      maximum: GUARDDUTY_SEVERITY.max,
      default: GUARDDUTY_SEVERITY.high,
      rules: [{ rule: `self >= ${GUARDDUTY_SEVERITY.min} && self <= ${GUARDDUTY_SEVERITY.max}`, message: `minimumSeverity must be a GuardDuty severity from ${GUARDDUTY_SEVERITY.min} to ${GUARDDUTY_SEVERITY.max}` }],
    }));
    this.bound('terraformProviderConfigName', Schema.string('The provider-terraform ProviderConfig of the account (from onboarding): it assumes the account\'s provisioning role, with its external ID, from provider-terraform\'s pod identity.', {
      pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', maxLength: MaxLength.kubernetesName,
    }), 'terraform.providerConfigName');
    this.parameter('suppressionFilters', Schema.array(`GuardDuty suppression rules (filters that archive matching findings on arrival), at most ${MAX_SUPPRESSION_FILTERS}.`,
      Schema.object('One suppression rule.', {
        name: Schema.string('Filter name (the environment suffix is appended).', { maxLength: MaxLength.guardDutyName, pattern: GUARDDUTY_NAME }),
        description: Schema.string('Why these findings are expected; shown to analysts.', { maxLength: MaxLength.guardDutyFilterDescription }),
        rank: Schema.integer('Order in which GuardDuty applies the filter (1 first).', { minimum: 1, maximum: 100 }),
        criteria: Schema.array('Conditions on finding fields, all of which must hold.', Schema.object('A condition on one finding field.', {
          field: Schema.string('Finding field, e.g. "type", "resource.instanceDetails.instanceId", "service.action.networkConnectionAction.remoteIpDetails.ipAddressV4".', { minLength: 1, maxLength: MaxLength.guardDutyCriterionField }),
          equals: Schema.array(`The field equals one of these values (at most ${MAX_CRITERION_VALUES}).`, criterionValue, { maxItems: MAX_CRITERION_VALUES }),
          notEquals: Schema.array(`The field equals none of these values (at most ${MAX_CRITERION_VALUES}).`, criterionValue, { maxItems: MAX_CRITERION_VALUES }),
          greaterThanOrEqual: Schema.string('The field is at least this value (numbers and RFC 3339 dates).', { maxLength: MaxLength.guardDutyCriterionValue }),
          lessThan: Schema.string('The field is below this value (numbers and RFC 3339 dates).', { maxLength: MaxLength.guardDutyCriterionValue }),
        }, { required: ['field'], rules: [{ rule: 'has(self.equals) || has(self.notEquals) || has(self.greaterThanOrEqual) || has(self.lessThan)', message: 'a criterion needs at least one of equals, notEquals, greaterThanOrEqual, lessThan' }] }), { minItems: 1, maxItems: 10 }),
      }, { required: ['name', 'rank', 'criteria'] }), { maxItems: MAX_SUPPRESSION_FILTERS, default: [], listType: 'atomic', rules: [uniqueNames('suppressionFilters')] }));
    const LAMBDA_ARN = '^arn:aws:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$';
    const SSM_AUTOMATION_ARN = '^arn:aws:ssm:[a-z0-9-]+:[0-9]{12}:automation-definition/[A-Za-z0-9_.-]{3,128}(:[$]DEFAULT|:[$]LATEST|:[0-9]+)?$';
    this.parameter('responseTarget', Schema.object('Automated response to GuardDuty findings at or above minimumSeverity: a Lambda function or an SSM Automation runbook. Omit for none.', {
      arn: Schema.string('Lambda function ARN or SSM Automation definition ARN (arn:aws:ssm:<region>:<account>:automation-definition/<document>:$DEFAULT).', {
        maxLength: MaxLength.arn,
        rules: [{ rule: `self.matches('${LAMBDA_ARN}') || self.matches('${SSM_AUTOMATION_ARN}')`, message: 'responseTarget.arn must be a Lambda function ARN or an SSM automation-definition ARN' }],
      }),
      roleArn: Schema.string('Role EventBridge assumes to start the SSM Automation (needs ssm:StartAutomationExecution and iam:PassRole); not used for Lambda.', {
        maxLength: MaxLength.arn,
        rules: [{ rule: `self.matches('${ROLE_ARN}')`, message: 'responseTarget.roleArn must be an IAM role ARN' }],
      }),
    }, {
      required: ['arn'],
      rules: [{ rule: "!self.arn.startsWith('arn:aws:ssm:') || has(self.roleArn)", message: 'responseTarget.roleArn is required for an SSM Automation target', fieldPath: '.roleArn' }],
    }));
    // Tenant isolation: the responder and the role EventBridge assumes are in the bound account (and
    // the responder in its region: EventBridge rules target only their own region). Prefixes, not a
    // regex built from the account id: linear in the ARN whatever it holds.
    this.rule({
      rule: "!has(self.responseTarget) || ((self.responseTarget.arn.startsWith('arn:aws:lambda:' + self.region + ':' + self.accountId + ':') || self.responseTarget.arn.startsWith('arn:aws:ssm:' + self.region + ':' + self.accountId + ':')) && (!has(self.responseTarget.roleArn) || self.responseTarget.roleArn.startsWith('arn:aws:iam::' + self.accountId + ':')))",
      message: 'responseTarget.arn and responseTarget.roleArn must be in the bound account, the responder in its region (spec.parameters.accountId and region): a claim\'s responder runs in its own account',
      fieldPath: '.responseTarget',
    });
    this.keyArnInput('messaging', 'SNS topics and SQS queues');

    // GuardDuty.1 (detector enabled): referenced, never managed. managementPolicies [Observe] means
    // Crossplane can neither create nor delete it, whatever the claim's managementPolicies say.
    new ComposedResource(this, {
      name: 'detector',
      kind: Detector,
      observeOnly: true,
      externalName: param('detectorId'),
      forProvider: {},
    }).publish('detectorArn', 'status.atProvider.arn', Schema.arn('ARN of the observed GuardDuty detector.'));

    // The messaging key lets EventBridge write into the encrypted topics and queues. EventBridge's
    // deliveries carry no aws:SourceAccount/aws:SourceArn to KMS, but SNS and SQS encrypt under an
    // encryption context naming the topic (aws:sns:topicArn) or queue (aws:sqs:arn): bound to this
    // account's topics and queues, EventBridge cannot use the key for anyone else's.
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
    // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
    this.useKey('messaging', ...eventBridgeMessagingKeyStatements(Params.accountId));

    const ruleArns = Object.values(SECURITY_EVENT_RULES).map((p) => AwsArns.securityEventRule(p));
    this.queue('deadLetterQueue', DLQ_NAME, dlqArn, ruleArns, { messageRetentionSeconds: 1_209_600 });
    this.queue('socQueue', QUEUE_NAME, queueArn, ruleArns, {
      messageRetentionSeconds: 345_600,
      redrivePolicy: `{"deadLetterTargetArn":"${dlqArn}","maxReceiveCount":5}`,
    });

    const patterns: Record<RuleKey, { description: string; pattern: string }> = {
      guardDutyFindings: {
        description: 'GuardDuty findings at or above the minimum severity',
        pattern: eventPatternJson(guardDutyFindingsPattern(rawJson(param('minimumSeverity')))),
      },
      securityHubFindings: {
        description: 'Active, untriaged Security Hub findings with CRITICAL or HIGH severity',
        pattern: eventPatternJson(securityHubCriticalFindingsPattern()),
      },
      highRiskApiCalls: {
        description: 'API calls that disable detection or escalate privileges, and root user activity',
        pattern: eventPatternJson(highRiskApiCallsPattern()),
      },
    };
    for (const [key, purpose] of Object.entries(SECURITY_EVENT_RULES) as [RuleKey, string][]) {
      this.eventRule(key, purpose, patterns[key]);
    }

    this.terraform();

    // Deletion order (ClusterUsages): a rule goes only once no target is left on it; the key outlives the queues.
    for (const key of Object.keys(SECURITY_EVENT_RULES) as RuleKey[]) {
      this.deletedBefore([`${key}AlertTarget`, `${key}QueueTarget`], { uses: `${key}Rule`, reason: RULE_TARGETS_REASON });
    }
    // The Terraform workspace adds the response target to the GuardDuty rule (when a response target is given).
    this.deletedBefore('guardDutyWorkspace', { uses: 'guardDutyFindingsRule', reason: RULE_TARGETS_REASON });
    this.encryptedWith('messaging', 'socQueue', 'deadLetterQueue');
  }

  private queue(name: string, queueName: string, arn: string, ruleArns: string[], extra: Record<string, unknown>): void {
    // SQS.1: encrypted with the messaging key; the policy admits EventBridge only for our rules.
    const queue = new ComposedResource(this, {
      name,
      kind: Queue,
      forProvider: {
        name: queueName,
        kmsMasterKeyId: param('messagingKeyArn'),
        kmsDataKeyReusePeriodSeconds: 300,
        visibilityTimeoutSeconds: 300,
        ...extra,
      },
    })
      .publish(`${name}Arn`, 'status.atProvider.arn', Schema.arn(`ARN of the ${queueName} queue.`))
      .publish(`${name}Url`, 'status.atProvider.id', Schema.string(`URL of the ${queueName} queue.`, { maxLength: MaxLength.sqsQueueUrl }));
    const policy = new PolicyDocument({
      statements: [
        allowServiceWithSourceConditions({ sid: 'AllowSecurityEventRules', services: ['events.amazonaws.com'], actions: SQS_SEND_ACTIONS, resources: [arn], sourceArns: ruleArns }),
        ...denyInsecureTransport([arn], { actions: ['sqs:*'] }),
      ],
    });
    const problems = policy.validateForResourcePolicy();
    if (problems.length) throw new Error(`${name} policy: ${problems.join('; ')}`);
    new ComposedResource(this, {
      name: `${name}Policy`,
      kind: QueuePolicy,
      forProvider: { queueUrlSelector: queue.selector(), policy: policy.toString() },
    });
  }

  private eventRule(key: RuleKey, purpose: string, spec: { description: string; pattern: string }): void {
    const rule = new ComposedResource(this, {
      name: `${key}Rule`,
      kind: Rule,
      externalName: AwsNames.securityEventRule(purpose),
      forProvider: { description: spec.description, eventBusName: 'default', eventPattern: spec.pattern, state: 'ENABLED' },
    }).publish(`ruleArns.${key}`, 'status.atProvider.arn', Schema.arn(`ARN of the EventBridge rule: ${spec.description}.`));
    // Both targets: retried for a day, then parked in the DLQ instead of dropped. No roleArn: SNS
    // and SQS targets authorize through their resource policies (a role breaks KMS delivery).
    const delivery = { deadLetterConfig: { arn: dlqArn }, retryPolicy: { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 185 } };
    new ComposedResource(this, {
      name: `${key}AlertTarget`,
      kind: Target,
      forProvider: { ruleSelector: rule.selector(), eventBusName: 'default', targetId: 'alert-topic', arn: AwsArns.securityAlarmTopic, ...delivery },
    });
    new ComposedResource(this, {
      name: `${key}QueueTarget`,
      kind: Target,
      forProvider: { ruleSelector: rule.selector(), eventBusName: 'default', targetId: 'soc-queue', arn: queueArn, ...delivery },
    });
  }

  /**
   * Suppression filters (a list: P&T cannot loop over it) and the optional response target: one
   * Workspace with inline HCL. Its provider-terraform ProviderConfig is the account's, from onboarding (charts/onboarding.ts): the
   * claim never influences which role Terraform assumes.
   */
  private terraform(): void {
    new ComposedResource(this, {
      name: 'guardDutyWorkspace',
      kind: Workspace,
      forProvider: {
        source: WorkspaceSpecForProviderSource.INLINE,
        inlineFormat: WorkspaceSpecForProviderInlineFormat.HCL,
        module: GUARDDUTY_MODULE_HCL,
        varmap: {
          detector_id: param('detectorId'),
          environment_suffix: Params.environmentSuffix,
          guardduty_rule_name: AwsNames.securityEventRule(SECURITY_EVENT_RULES.guardDutyFindings),
        },
      },
      patches: [
        CommonPatchSets.lifecycle.ref(),
        fromComposite('spec.parameters.terraformProviderConfigName', 'spec.providerConfigRef.name', { required: true }),
        // Created only once the GuardDuty rule exists (its response target attaches to it).
        fromComposite('status.ruleArns.guardDutyFindings', 'spec.forProvider.varmap.guardduty_rule_arn', { required: true }),
        fromComposite('spec.parameters.suppressionFilters', 'spec.forProvider.varmap.suppression_filters'),
        fromComposite('spec.parameters.tags', 'spec.forProvider.varmap.tags'),
        fromComposite('spec.parameters.responseTarget.arn', 'spec.forProvider.varmap.response_target_arn'),
        fromComposite('spec.parameters.responseTarget.roleArn', 'spec.forProvider.varmap.response_role_arn'),
      ],
    });
  }
}

/** EventBridge may encrypt only for this account's SNS topics and SQS queues (by encryption context). */
export function eventBridgeMessagingKeyStatements(accountId: string): PolicyStatement[] {
  const statement = (sid: string, contextKey: string, arnPattern: string) => new PolicyStatement({
    sid,
    principals: [Principals.service('events.amazonaws.com')],
    actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    resources: ['*'],
    conditions: { [ConditionOperator.STRING_LIKE]: { [`kms:EncryptionContext:${contextKey}`]: arnPattern } },
  });
  return [
    statement('AllowEventBridgeToEncryptForTopicsOfAccount', 'aws:sns:topicArn', `arn:aws:sns:*:${accountId}:*`),
    statement('AllowEventBridgeToEncryptForQueuesOfAccount', 'aws:sqs:arn', `arn:aws:sqs:*:${accountId}:*`),
  ];
}
