// Optional web firewall feature: the web ACL in front of one regional resource. Its own composite so
// the web firewall stays Ready however many resources a claim lists; XWebFirewall composes one per
// slot of `resourceArns` (compositions/feature-slots.ts).
import type { Construct } from 'constructs';
import { WebAcl, WebAclAssociation } from '../imports/wafv2.aws.upbound.io';
import { ClaimTreeResource, ComposedResource, DomainChart, param, Schema } from '../compositions';

export class WebAclAssociationChart extends DomainChart {
  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XWebAclAssociation',
      domain: 'webAclAssociation',
      optional: true,
      description: 'The association of the baseline web ACL with one regional resource (load balancer, API stage, AppSync API, Cognito user pool, App Runner service, Verified Access instance).',
    });
    // Not required by the schema: the disabled variant exists without a resource.
    this.parameter('resourceArn', Schema.arn('ARN of the protected resource (validated by XWebFirewall).'));
    this.parameter('webAclArn', Schema.arn('ARN of the web ACL.'));

    // WAF in front of the resource: FSBP ELB.16 (ALB) and APIGateway.4 (API stage) associated with a web ACL.
    this.compose(new ComposedResource({
      name: 'association',
      kind: WebAclAssociation,
      forProvider: { webAclArn: param('webAclArn'), resourceArn: param('resourceArn') },
    }));
    // Deletion order: the web firewall's web ACL outlives every association.
    this.deletedBefore('association', {
      uses: new ClaimTreeResource('webFirewall', 'webAcl', WebAcl.GVK),
      reason: 'DeleteWebACL fails with WAFAssociatedItemException while the web ACL is associated with a resource',
    });
  }
}
