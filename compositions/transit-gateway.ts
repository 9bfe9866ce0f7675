// Builders for the path to on-premises: the existing Transit Gateway, observed only (our form of a
// data source), the VPC attachment in every private subnet, and for each on-premises CIDR a route
// through the Transit Gateway in every route table plus the HTTPS rule that lets it reach the
// interface endpoints. Each builder reads the parameters of the feature composite it runs in.
import { Route, TransitGateway, TransitGatewayVpcAttachment } from '../imports/ec2.aws.upbound.io';
import { ComposedResource, siblingSelector } from './composed-resource';
import { httpsIngress } from './endpoint-set';
import { LABEL_DOMAIN } from './naming';
import { subnetIndexes } from './private-vpc';
import { Schema } from './schema';
import { param, suffixed } from './values';
import { MaxLength } from './aws-limits';

/** The Transit Gateway given by id, never created, changed or deleted. */
export function observedTransitGateway(): ComposedResource {
  return new ComposedResource({ name: 'transitGateway', kind: TransitGateway, observeOnly: true, externalName: param('transitGatewayId'), forProvider: {} });
}

/** The VPC attachment in every private subnet. */
export function transitGatewayAttachment(): ComposedResource {
  return new ComposedResource({
    name: 'transitGatewayAttachment',
    kind: TransitGatewayVpcAttachment,
    forProvider: {
      vpcId: param('vpcId'),
      transitGatewayIdSelector: siblingSelector('transitGateway'),
      dnsSupport: 'enable',
      ipv6Support: 'disable',
      applianceModeSupport: 'disable',
      // transitGatewayDefaultRouteTable* stay unset: they cannot be set on a RAM-shared gateway.
      tags: { Name: suffixed('zta-vpc') },
    },
    patches: [ComposedResource.fromParameter('subnetIds', 'spec.forProvider.subnetIds', { required: true })],
  }).publish('transitGatewayAttachmentId', 'status.atProvider.id', Schema.string('Id of the Transit Gateway VPC attachment.', { maxLength: MaxLength.ec2Id }));
}

/**
 * Routes to one on-premises CIDR through the Transit Gateway, one per route table. AWS refuses a
 * route to a gateway not yet attached to the VPC, so they wait for the attachment id.
 */
export function onPremRoutes(): ComposedResource[] {
  return subnetIndexes.map((t) => new ComposedResource({
    name: `onPremRouteTable${t}`,
    kind: Route,
    forProvider: { destinationCidrBlock: param('cidrBlock'), transitGatewayId: param('transitGatewayId') },
    patches: [
      ComposedResource.fromParameter(`routeTableIds[${t}]`, 'spec.forProvider.routeTableId', { required: true }),
      ComposedResource.fromParameter('transitGatewayAttachmentId', `metadata.annotations[${LABEL_DOMAIN}/after-transit-gateway-attachment]`, { required: true }),
    ],
  }));
}

/** HTTPS from the on-premises CIDR to the interface endpoints. */
export function onPremEndpointIngress(): ComposedResource {
  return httpsIngress('endpointIngressFromOnPrem', { securityGroupId: param('endpointSecurityGroupId') }, param('cidrBlock'), 'HTTPS from on-premises through the Transit Gateway');
}
