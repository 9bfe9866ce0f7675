// Optional Security Hub feature: the subscription to one standard. Its own composite so Security
// Hub stays Ready whichever standards a claim selects; XSecurityHub composes one per standard of the
// catalog and enables those the claim lists (compositions/listed-feature.ts).
import type { Construct } from 'constructs';
import { StandardsSubscription } from '../imports/securityhub.aws.upbound.io';
import { ComposedResource, DomainChart, fromComposite, param, Params, Schema } from '../compositions';
import { SECURITY_HUB_STANDARD_IDS } from './security-hub';

export class SecurityHubStandardChart extends DomainChart {
  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XSecurityHubStandard',
      domain: 'securityHubStandard',
      optional: true,
      description: 'The subscription of the account\'s Security Hub to one security standard.',
    });
    this.parameter('standard', Schema.string('The standard, by the id part of its ARN arn:aws:securityhub:<region>::standards/<id>.', { enum: SECURITY_HUB_STANDARD_IDS }));
    this.parameter('securityHubArn', Schema.arn('ARN of the enabled hub; the subscription waits for it.'));

    // Security Hub standards enabled (FSBP, CIS AWS Foundations, NIST SP 800-53 ... as the claim selects).
    this.compose(new ComposedResource({
      name: 'subscription',
      kind: StandardsSubscription,
      forProvider: { standardsArn: `arn:aws:securityhub:${Params.region}::standards/${param('standard')}` },
      // Required: the parent hands over the hub's ARN only once the hub exists.
      patches: [fromComposite('spec.parameters.securityHubArn', 'metadata.annotations[zerotrust.io/security-hub]', { required: true })],
    }));
  }
}
