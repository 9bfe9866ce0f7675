// The path of the private-only VPC to on-premises, composed by the network only while the claim
// names a Transit Gateway (function-cel-filter): the existing gateway, observed only (our form of a
// data source), the VPC attachment in every private subnet, and for each on-premises CIDR a route
// through the gateway in every route table plus the HTTPS rule that lets it reach the interface
// endpoints. The installed provider has neither a multi-CIDR security-group rule nor managed prefix
// lists, so each CIDR has its own resources, in a fixed number of slots (P&T cannot loop).
import type { Construct } from 'constructs';
import { Route, TransitGateway, TransitGatewayVpcAttachment } from '../../../imports/ec2.aws.upbound.io';
import { ComposedResource, siblingSelector, type Composable } from '../../kernel/composed-resource';
import { Condition, when } from '../../kernel/condition';
import { httpsIngress } from './endpoint-set';
import { MAX_ON_PREM_CIDRS } from './network-parameters';
import { createdAfter } from '../../kernel/ordering';
import type { ParameterRef } from '../../kernel/parameter-ref';
import { PRIVATE_SUBNET_TIER, subnetIndexes } from './private-vpc';
import { Labels } from '../../kernel/naming';
import { Schema } from '../../kernel/schema';
import { param, suffixed } from '../../kernel/values';
import { MaxLength } from '../../kernel/aws-limits';

/**
 * The Transit Gateway path, conditional on `vpc.transitGateway.id`; `vpc` is the network's handle
 * of its `vpc` parameter. Returns the resources in composition order.
 */
export function transitGatewayPath(scope: Construct, vpc: ParameterRef): Composable[] {
  const gatewayId = vpc.field('transitGateway').field('id');
  const enabled = Condition.has(gatewayId);
  // The Transit Gateway given by id, never created, changed or deleted.
  const gateway = new ComposedResource(scope, {
    name: 'transitGateway', kind: TransitGateway, observeOnly: true, externalName: param('vpc.transitGateway.id'), forProvider: {},
  });
  // The VPC attachment in every private subnet: subnetIds is a list reference, so one selector on
  // the subnets' tier label resolves all of them (read through the status, the ids cost two
  // reconcile rounds on the prod claim's longest chain).
  const attachment = new ComposedResource(scope, {
    name: 'transitGatewayAttachment',
    kind: TransitGatewayVpcAttachment,
    forProvider: {
      vpcIdSelector: siblingSelector('vpc'),
      subnetIdSelector: { matchControllerRef: true, matchLabels: { [Labels.subnetTier]: PRIVATE_SUBNET_TIER } },
      transitGatewayIdSelector: siblingSelector('transitGateway'),
      dnsSupport: 'enable',
      ipv6Support: 'disable',
      applianceModeSupport: 'disable',
      // transitGatewayDefaultRouteTable* stay unset: they cannot be set on a RAM-shared gateway.
      tags: { Name: suffixed('zta-vpc') },
    },
  }).publish('transitGatewayAttachmentId', 'status.atProvider.id', Schema.string('Id of the Transit Gateway VPC attachment (when a Transit Gateway is given).', { maxLength: MaxLength.ec2Id }));
  const out: Composable[] = [when(gateway, enabled), when(attachment, enabled)];
  for (let c = 0; c < MAX_ON_PREM_CIDRS; c++) {
    const cidr = vpc.field('transitGateway').field('onPremCidrBlocks').item(c);
    const slot = Condition.and(enabled, Condition.has(cidr));
    const cidrToken = param(`vpc.transitGateway.onPremCidrBlocks[${c}]`);
    // AWS refuses a route to a gateway not yet attached to the VPC: each waits for the attachment.
    const routes = subnetIndexes.map((t) => createdAfter(when(new ComposedResource(scope, {
      name: `onPremCidr${c}RouteTable${t}`,
      kind: Route,
      forProvider: { destinationCidrBlock: cidrToken, transitGatewayId: param('vpc.transitGateway.id'), routeTableIdSelector: siblingSelector(`routeTable${t}`) },
    }), slot), attachment));
    const ingress = when(httpsIngress(scope, `endpointIngressFromOnPrem${c}`, { securityGroupIdSelector: siblingSelector('endpointSecurityGroup') }, cidrToken, 'HTTPS from on-premises through the Transit Gateway'), slot);
    out.push(...routes, ingress);
  }
  return out;
}
