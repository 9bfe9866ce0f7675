// Optional network features on the way to on-premises, each its own composite so the network stays
// Ready with or without them (compositions/optional-feature.ts):
// - XNetworkTransitGateway, enabled by `vpc.transitGateway.id`: the existing Transit Gateway
//   (observed only) and the VPC attachment in every private subnet;
// - XNetworkOnPremCidr, one per slot of `vpc.transitGateway.onPremCidrBlocks`, composed by the
//   Transit Gateway feature: routes to that CIDR through the gateway in every route table and the
//   HTTPS rule that lets it reach the interface endpoints. The installed provider has neither a
//   multi-CIDR security-group rule nor managed prefix lists, so each CIDR needs its own resources.
import type { Construct } from 'constructs';
import {
  DomainChart,
  Schema,
  commonParameterPassThrough,
  fromComposite,
  optionalComposite,
  passParameter,
  type CompositeNames,
} from '../compositions';
import { MAX_ON_PREM_CIDRS } from '../compositions/network-parameters';
import { NetworkIdParameters, networkSubnet, passNetworkIds, subnetIndexes } from '../compositions/private-vpc';
import { observedTransitGateway, onPremEndpointIngress, onPremRoutes, transitGatewayAttachment } from '../compositions/transit-gateway';
import { MaxLength } from '../compositions/aws-limits';

export class NetworkOnPremCidrChart extends DomainChart {
  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XNetworkOnPremCidr',
      domain: 'networkOnPremCidr',
      optional: true,
      description: 'One on-premises CIDR of a private-only VPC: a route through the Transit Gateway in every route table and HTTPS to the interface endpoints.',
    });
    // None is required by the schema: the disabled variant exists without them.
    this.parameter('cidrBlock', Schema.string('The on-premises IPv4 CIDR.', { maxLength: MaxLength.cidr }));
    this.parameter('transitGatewayId', Schema.string('Id of the Transit Gateway.', { maxLength: MaxLength.ec2Id }));
    this.parameter('transitGatewayAttachmentId', Schema.string('Id of the VPC attachment the routes wait for.', { maxLength: MaxLength.ec2Id }));
    this.parameter('routeTableIds', NetworkIdParameters.routeTableIds);
    this.parameter('endpointSecurityGroupId', NetworkIdParameters.endpointSecurityGroupId);
    this.compose(...onPremRoutes(), onPremEndpointIngress());
  }
}

export class NetworkTransitGatewayChart extends DomainChart {
  public constructor(scope: Construct, id: string, onPremCidr: CompositeNames) {
    super(scope, id, {
      kind: 'XNetworkTransitGateway',
      domain: 'networkTransitGateway',
      optional: true,
      description: 'The path of a private-only VPC to on-premises: an existing Transit Gateway (observed only), the VPC attachment and routes for the on-premises CIDRs.',
    });
    this.parameter('transitGatewayId', Schema.string('Id of the existing Transit Gateway.', { maxLength: MaxLength.ec2Id }));
    this.parameter('onPremCidrBlocks', Schema.array('On-premises IPv4 CIDRs routed through the Transit Gateway.', Schema.string('An IPv4 CIDR.', { maxLength: MaxLength.cidr }), { maxItems: MAX_ON_PREM_CIDRS }));
    for (const [name, schema] of Object.entries(NetworkIdParameters)) this.parameter(name, schema);

    this.compose(observedTransitGateway(), transitGatewayAttachment());
    // Deletion order: the attachment's network interfaces sit in every private subnet of the network.
    this.deletedBefore('transitGatewayAttachment', {
      uses: subnetIndexes.map(networkSubnet), reason: 'DeleteSubnet fails with DependencyViolation while the Transit Gateway attachment has a network interface in the subnet',
    });
    for (let i = 0; i < MAX_ON_PREM_CIDRS; i++) {
      this.compose(optionalComposite({
        name: `onPremCidr${i}`,
        feature: onPremCidr,
        enabledBy: `spec.parameters.onPremCidrBlocks[${i}]`,
        parameterPatches: [
          commonParameterPassThrough().ref(),
          passParameter(`onPremCidrBlocks[${i}]`, 'cidrBlock'),
          passParameter('transitGatewayId'),
          ...passNetworkIds('routeTableIds', 'endpointSecurityGroupId'),
          // Required: the attachment is composed alongside, so its id arrives.
          fromComposite('status.transitGatewayAttachmentId', 'spec.parameters.transitGatewayAttachmentId', { required: true }),
        ],
      }));
    }
  }
}
