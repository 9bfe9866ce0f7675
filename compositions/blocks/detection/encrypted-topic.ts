// An SNS topic encrypted with a customer managed key (SNS.1) whose resource policy names exactly who
// may publish, and refuses plain-HTTP requests. The topic ARN is built from its name, so the policy
// can name the topic before it exists.
import type { Construct } from 'constructs';
import { Topic } from '../../../imports/sns.aws.upbound.io';
import { ComposedResource } from '../../kernel/composed-resource';
import { PolicyDocument, type PolicyStatement, denyInsecureTransport } from '../../policy/iam';
import { Schema } from '../../kernel/schema';
import { Params } from '../../kernel/values';

export interface EncryptedTopicProps {
  /** Composition resource name (camelCase). */
  readonly name: string;
  /** AWS topic name, with the environment suffix. */
  readonly topicName: string;
  readonly displayName: string;
  /** KMS key ARN (token) encrypting messages at rest. */
  readonly kmsKeyArn: string;
  /** Who may publish; receives the topic ARN. At least one statement. */
  readonly publishers: (topicArn: string) => PolicyStatement[];
  /** Status field receiving the topic ARN. */
  readonly arnStatusField: string;
}

export interface EncryptedTopic {
  readonly topic: ComposedResource;
  readonly topicArn: string;
  readonly policy: PolicyDocument;
  /**
   * Adds statements to the topic policy (another publisher, a subscriber account); the policy is
   * written at synth, so every statement added before then is in it. Checked at once.
   */
  addToResourcePolicy(...statements: PolicyStatement[]): void;
}

/** `arn:aws:sns:<region>:<account>:<name>` from the composite's parameters. */
export function topicArnFor(topicName: string): string {
  return `arn:aws:sns:${Params.region}:${Params.accountId}:${topicName}`;
}

export function encryptedTopic(scope: Construct, props: EncryptedTopicProps): EncryptedTopic {
  const topicArn = topicArnFor(props.topicName);
  const publishers = props.publishers(topicArn);
  if (publishers.length === 0) throw new Error(`encryptedTopic ${props.name}: 'publishers' is empty; a topic nobody may publish to is useless`);
  const policy = new PolicyDocument({
    statements: [...publishers, ...denyInsecureTransport([topicArn], { actions: ['sns:Publish'] })],
  });
  const checkPolicy = (context: string): void => {
    const problems = policy.validateForResourcePolicy();
    if (problems.length) throw new Error(`encryptedTopic ${props.name}: ${context}${problems.join('; ')}`);
  };
  checkPolicy('');
  const topic = new ComposedResource(scope, {
    name: props.name,
    kind: Topic,
    externalName: props.topicName,
    forProvider: {
      displayName: props.displayName,
      kmsMasterKeyId: props.kmsKeyArn,
      // A getter: read at synth, after every addToResourcePolicy.
      get policy(): string { return policy.toString(); },
    },
  }).publish(props.arnStatusField, 'status.atProvider.arn', Schema.arn(`ARN of the SNS topic ${props.displayName}.`));
  const addToResourcePolicy = (...statements: PolicyStatement[]): void => {
    policy.addStatements(...statements);
    checkPolicy('addToResourcePolicy: ');
  };
  return { topic, topicArn, policy, addToResourcePolicy };
}
