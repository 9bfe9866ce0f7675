// Builders for the VPC endpoints of the private-only VPC: the endpoint security group, the gateway
// endpoints on every route table, one interface endpoint (used by the interface-endpoint feature
// composite) and the set of per-service feature composites the network composes.
import {
  SecurityGroup,
  SecurityGroupIngressRule,
  VpcEndpointRouteTableAssociation,
  VpcEndpointSecurityGroupAssociation,
  VpcEndpointSubnetAssociation,
  VpcEndpointV1Beta2,
} from '../imports/ec2.aws.upbound.io';
import { ComposedResource, siblingSelector } from './composed-resource';
import { listedComposite } from './listed-feature';
import type { CompositeNames } from './naming';
import type { NestedComposite } from './nested-composite';
import { commonParameterPassThrough } from './parameters';
import { networkIdPatches, subnetIndexes } from './private-vpc';
import { ClaimTreeResource } from './usage';
import { Schema } from './schema';
import { param, suffixed } from './values';
import {
  GATEWAY_ENDPOINT_SERVICES,
  INTERFACE_ENDPOINT_SERVICES,
  endpointPolicy,
  endpointServiceName,
  type EndpointService,
} from './vpc-endpoints';
import { MaxLength } from './aws-limits';

/** HTTPS is the only port interface endpoints listen on. */
export const HTTPS = 443;

const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** One ingress rule of the endpoint security group: HTTPS from one IPv4 CIDR. */
export function httpsIngress(name: string, securityGroup: { securityGroupId: string } | { securityGroupIdSelector: object }, cidrIpv4: string, description: string): ComposedResource {
  return new ComposedResource({
    name,
    kind: SecurityGroupIngressRule,
    forProvider: { ...securityGroup, ipProtocol: 'tcp', fromPort: HTTPS, toPort: HTTPS, cidrIpv4, description },
  });
}

/**
 * The only security group endpoints carry: HTTPS from the VPC CIDR and nothing else (on-premises
 * CIDRs get their rule with their Transit Gateway routes). No egress rule: Terraform removes the
 * allow-all egress AWS adds to every new group, and none is declared.
 */
export function endpointSecurityGroup(): ComposedResource[] {
  const sg = new ComposedResource({
    name: 'endpointSecurityGroup',
    kind: SecurityGroup,
    forProvider: {
      name: suffixed('zta-vpc-endpoints'),
      description: 'HTTPS from the VPC and on-premises to the interface VPC endpoints; no egress',
      vpcIdSelector: siblingSelector('vpc'),
      revokeRulesOnDelete: true,
      tags: { Name: suffixed('zta-vpc-endpoints') },
    },
  }).publish('endpointSecurityGroupId', 'status.atProvider.id', Schema.string('Id of the security group of the interface endpoints.', { maxLength: MaxLength.ec2Id }));
  const fromVpc = httpsIngress('endpointIngressFromVpc', { securityGroupIdSelector: sg.selector() }, param('vpc.cidrBlock'), 'HTTPS from the VPC');
  return [sg, fromVpc];
}

/** The network domain's endpoint security group, as the interface-endpoint composites refer to it. */
export function networkEndpointSecurityGroup(): ClaimTreeResource {
  return new ClaimTreeResource('network', 'endpointSecurityGroup', SecurityGroup.GVK);
}

/** A gateway endpoint (S3, DynamoDB) with the org-only policy, associated with every route table. */
export function gatewayEndpoint(svc: EndpointService, organizationId: string): ComposedResource[] {
  const name = `gatewayEndpoint${pascal(svc.id)}`;
  const endpoint = new ComposedResource({
    name,
    kind: VpcEndpointV1Beta2,
    forProvider: {
      vpcIdSelector: siblingSelector('vpc'),
      serviceName: endpointServiceName(svc.service),
      vpcEndpointType: 'Gateway',
      policy: endpointPolicy(svc, organizationId).toString(),
      tags: { Name: suffixed(`zta-${svc.service}`) },
    },
  }).publish(`endpointIds.${svc.id}`, 'status.atProvider.id', Schema.string(`Id of the ${svc.description}.`, { maxLength: MaxLength.ec2Id }));
  const associations = subnetIndexes.map((i) => new ComposedResource({
    name: `${name}RouteTable${i}`,
    kind: VpcEndpointRouteTableAssociation,
    forProvider: { vpcEndpointIdSelector: endpoint.selector(), routeTableIdSelector: siblingSelector(`routeTable${i}`) },
  }));
  return [endpoint, ...associations];
}

/** Composition resource names of the gateway endpoints (their route-table associations append `RouteTable<i>`). */
export function gatewayEndpointNames(): string[] {
  return GATEWAY_ENDPOINT_SERVICES.map((svc) => `gatewayEndpoint${pascal(svc.id)}`);
}

/** Every gateway endpoint: the only path to S3 and DynamoDB, free of charge. */
export function gatewayEndpoints(organizationId: string): ComposedResource[] {
  return GATEWAY_ENDPOINT_SERVICES.flatMap((svc) => gatewayEndpoint(svc, organizationId));
}

/**
 * One interface endpoint from the parameters of its feature composite: private DNS, the endpoint
 * security group (replacing the default group AWS would attach) and a network interface in every
 * private subnet. The installed provider's VPCEndpoint has no inline subnet or security-group
 * fields, hence the association resources.
 */
export function interfaceEndpoint(): ComposedResource[] {
  const endpoint = new ComposedResource({
    name: 'interfaceEndpoint',
    kind: VpcEndpointV1Beta2,
    forProvider: {
      vpcId: param('vpcId'),
      serviceName: endpointServiceName(param('service')),
      vpcEndpointType: 'Interface',
      privateDnsEnabled: true,
      ipAddressType: 'ipv4',
      dnsOptions: { dnsRecordIpType: 'ipv4' },
      policy: param('policy'),
      tags: { Name: suffixed(`zta-${param('service')}`) },
    },
  }).publish('endpointId', 'status.atProvider.id', Schema.string('Id of the interface endpoint.', { maxLength: MaxLength.ec2Id }));
  const securityGroup = new ComposedResource({
    name: 'interfaceEndpointSecurityGroup',
    kind: VpcEndpointSecurityGroupAssociation,
    forProvider: { vpcEndpointIdSelector: siblingSelector('interfaceEndpoint'), securityGroupId: param('endpointSecurityGroupId'), replaceDefaultAssociation: true },
  });
  const subnets = subnetIndexes.map((i) => new ComposedResource({
    name: `interfaceEndpointSubnet${i}`,
    kind: VpcEndpointSubnetAssociation,
    forProvider: { vpcEndpointIdSelector: siblingSelector('interfaceEndpoint') },
    patches: [ComposedResource.fromParameter(`subnetIds[${i}]`, 'spec.forProvider.subnetId', { required: true })],
  }));
  return [endpoint, securityGroup, ...subnets];
}

/**
 * One interface-endpoint composite per catalog service, enabled while `interfaceEndpoints` lists the
 * service. Why per catalog service rather than per list slot: the parameter stays the plain list of
 * service names the issue asks for (the XRD rejects names outside the catalog); each service keeps
 * its composite, and so its endpoint, when the list is reordered or shortened (a slot would change
 * serviceName, which replaces the endpoint and cuts that service off meanwhile); and each
 * endpoint's policy is fixed at synthesis, with or without aws:ResourceOrgID, which P&T could not
 * pick from a service name at run time. The unselected services cost one empty composite each.
 */
export function interfaceEndpointSet(feature: CompositeNames, organizationId: string): NestedComposite[] {
  return INTERFACE_ENDPOINT_SERVICES.map((svc) => listedComposite({
    name: `interfaceEndpoint${pascal(svc.id)}`,
    feature,
    list: 'spec.parameters.interfaceEndpoints',
    member: svc.service,
    parameters: { service: svc.service, policy: endpointPolicy(svc, organizationId).toString() },
    parameterPatches: [commonParameterPassThrough().ref(), ...networkIdPatches('vpcId', 'subnetIds', 'endpointSecurityGroupId')],
  }).publish(`endpointIds.${svc.id}`, 'status.endpointId', Schema.string(`Id of the interface endpoint: ${svc.description} (when selected).`, { maxLength: MaxLength.ec2Id })));
}
