// Builders for the VPC endpoints of the private-only VPC: the endpoint security group, the gateway
// endpoints on every route table, and the interface endpoints, each conditional on the claim
// selecting its service.
import type { Construct } from 'constructs';
import {
  SecurityGroup,
  SecurityGroupIngressRule,
  VpcEndpointRouteTableAssociation,
  VpcEndpointSecurityGroupAssociation,
  VpcEndpointSubnetAssociation,
  VpcEndpointV1Beta2,
} from '../../../imports/ec2.aws.upbound.io';
import { ComposedResource, composeIn, siblingSelector, type Composable } from '../../kernel/composed-resource';
import { Condition, when } from '../../kernel/condition';
import type { ParameterRef } from '../../kernel/parameter-ref';
import { subnetIndexes } from './private-vpc';
import { DeletionOrder } from '../../kernel/usage';
import { Schema } from '../../kernel/schema';
import { param, suffixed } from '../../kernel/values';
import {
  GATEWAY_ENDPOINT_SERVICES,
  INTERFACE_ENDPOINT_SERVICES,
  endpointPolicy,
  endpointServiceName,
  type EndpointService,
} from './vpc-endpoints';
import { MaxLength } from '../../kernel/aws-limits';

/** HTTPS is the only port interface endpoints listen on. */
export const HTTPS = 443;

const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** One ingress rule of the endpoint security group: HTTPS from one IPv4 CIDR. */
export function httpsIngress(scope: Construct, name: string, securityGroup: { securityGroupId: string } | { securityGroupIdSelector: object }, cidrIpv4: string, description: string): ComposedResource {
  return new ComposedResource(scope, {
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
export function endpointSecurityGroup(scope: Construct): ComposedResource[] {
  const sg = new ComposedResource(scope, {
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
  const fromVpc = httpsIngress(scope, 'endpointIngressFromVpc', { securityGroupIdSelector: sg.selector() }, param('vpc.cidrBlock'), 'HTTPS from the VPC');
  return [sg, fromVpc];
}

/** A gateway endpoint (S3, DynamoDB) with the org-only policy, associated with every route table. */
export function gatewayEndpoint(scope: Construct, svc: EndpointService, organizationId: string): ComposedResource[] {
  const name = `gatewayEndpoint${pascal(svc.id)}`;
  const endpoint = new ComposedResource(scope, {
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
  const associations = subnetIndexes.map((i) => new ComposedResource(scope, {
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
export function gatewayEndpoints(scope: Construct, organizationId: string): ComposedResource[] {
  return GATEWAY_ENDPOINT_SERVICES.flatMap((svc) => gatewayEndpoint(scope, svc, organizationId));
}

/** The network's resources an interface endpoint's network interfaces sit in (deletion order). */
export interface EndpointSiblings {
  /** The private subnets, in subnet order. */
  readonly subnets: readonly Composable[];
  readonly securityGroup: Composable;
}

/**
 * One interface endpoint of the network, composed only while `selected` (the `interfaceEndpoints`
 * parameter) lists the service (function-cel-filter): private DNS, the endpoint security group
 * (replacing the default group AWS would attach) and a network interface in every private subnet.
 * The installed provider's VPCEndpoint has no inline subnet or security-group fields, hence the
 * association resources; they find the endpoint, the subnets and the group by sibling references,
 * so each is created one reconcile after what it names exists. Deletion order: the associations go
 * first (each modifies the live endpoint), then the endpoint, whose network interfaces sit in the
 * subnets and carry the security group.
 */
export function interfaceEndpoint(scope: Construct, svc: EndpointService, organizationId: string, selected: ParameterRef, network: EndpointSiblings): Composable[] {
  const name = `interfaceEndpoint${pascal(svc.id)}`;
  const endpoint = new ComposedResource(scope, {
    name,
    kind: VpcEndpointV1Beta2,
    forProvider: {
      vpcIdSelector: siblingSelector('vpc'),
      serviceName: endpointServiceName(svc.service),
      vpcEndpointType: 'Interface',
      privateDnsEnabled: true,
      ipAddressType: 'ipv4',
      dnsOptions: { dnsRecordIpType: 'ipv4' },
      policy: endpointPolicy(svc, organizationId).toString(),
      tags: { Name: suffixed(`zta-${svc.service}`) },
    },
  }).publish(`endpointIds.${svc.id}`, 'status.atProvider.id', Schema.string(`Id of the interface endpoint: ${svc.description} (when selected).`, { maxLength: MaxLength.ec2Id }));
  const securityGroup = new ComposedResource(scope, {
    name: `${name}Sg`,
    kind: VpcEndpointSecurityGroupAssociation,
    forProvider: { vpcEndpointIdSelector: siblingSelector(name), securityGroupIdSelector: siblingSelector('endpointSecurityGroup'), replaceDefaultAssociation: true },
  });
  const subnets = subnetIndexes.map((i) => new ComposedResource(scope, {
    name: `${name}Subnet${i}`,
    kind: VpcEndpointSubnetAssociation,
    forProvider: { vpcEndpointIdSelector: siblingSelector(name), subnetIdSelector: siblingSelector(`subnet${i}`) },
  }));
  const condition = Condition.cel`${svc.service} in ${selected}`;
  const modifies = 'Removing a subnet or security group from the endpoint modifies the endpoint and waits for it; against an endpoint being deleted that fails and is retried';
  const orders = [
    ...[securityGroup, ...subnets].map((a) => new DeletionOrder({ user: a, used: endpoint, reason: modifies, name: `${a.name}UsesEndpoint` })),
    ...network.subnets.map((subnet, i) => new DeletionOrder({
      user: endpoint, used: subnet, name: `${name}UsesSubnet${i}`,
      reason: 'DeleteSubnet fails with DependencyViolation while the endpoint has a network interface in the subnet',
    })),
    new DeletionOrder({
      user: endpoint, used: network.securityGroup, name: `${name}UsesEndpointSecurityGroup`,
      reason: 'DeleteSecurityGroup fails with DependencyViolation while the endpoint\'s network interfaces carry the group',
    }),
  ];
  // The orders are composed here, right after this endpoint's resources (the composition order).
  return [...[endpoint, securityGroup, ...subnets].map((r) => when(r, condition)), ...composeIn(scope, ...orders)];
}

/**
 * The interface endpoints of the catalog, each composed while `interfaceEndpoints` lists its
 * service. Why per catalog service rather than per list slot: the parameter stays the plain list of
 * service names the issue asks for (the XRD rejects names outside the catalog); each service keeps
 * its composition resource names, and so its endpoint, when the list is reordered or shortened (a
 * slot would change serviceName, which replaces the endpoint and cuts that service off meanwhile);
 * and each endpoint's policy is fixed at synthesis, with or without aws:ResourceOrgID, which P&T
 * could not pick from a service name at run time. An unselected service costs filtered templates,
 * no composite and no object in the cluster.
 */
export function interfaceEndpointSet(scope: Construct, organizationId: string, selected: ParameterRef, network: EndpointSiblings): Composable[] {
  return INTERFACE_ENDPOINT_SERVICES.flatMap((svc) => interfaceEndpoint(scope, svc, organizationId, selected, network));
}
