// The private-only VPC: the VPC itself, one private subnet per Availability Zone with its own route
// table, and the rule-less default security group. Nothing here can ever give the VPC an internet
// path: no gateway kind is imported, subnets never map public IPs and route tables only get routes
// to VPC endpoints and, optionally, the Transit Gateway.
import {
  DefaultSecurityGroup,
  RouteTable,
  RouteTableAssociation,
  Subnet,
  Vpc,
} from '../imports/ec2.aws.upbound.io';
import { ComposedResource, siblingSelector } from './composed-resource';
import { fromComposite, type Patch } from './patches';
import { Schema } from './schema';
import { ClaimTreeResource } from './usage';
import { Params, param, suffixed } from './values';
import { MaxLength } from './aws-limits';

/** Three subnets in three distinct Availability Zones: the baseline's availability floor. */
export const SUBNET_COUNT = 3;
/** AZ letters of the region (`<region><letter>`). Not every account has every letter in every region. */
export const AZ_LETTERS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
export const DEFAULT_VPC_CIDR = '10.0.0.0/16';
export const DEFAULT_SUBNETS = [
  { zone: 'a', cidrBlock: '10.0.0.0/20' },
  { zone: 'b', cidrBlock: '10.0.16.0/20' },
  { zone: 'c', cidrBlock: '10.0.32.0/20' },
] as const;

const indexes = Array.from({ length: SUBNET_COUNT }, (_, i) => i);

/** VPC with DNS support and hostnames (private DNS of interface endpoints needs both). */
export function privateVpc(): ComposedResource {
  return new ComposedResource({
    name: 'vpc',
    kind: Vpc,
    forProvider: { enableDnsSupport: true, enableDnsHostnames: true, instanceTenancy: 'default', tags: { Name: suffixed('zta-vpc') } },
    // The XRD defaults the CIDR, so the value always arrives.
    patches: [ComposedResource.fromParameter('vpc.cidrBlock', 'spec.forProvider.cidrBlock', { required: true })],
  })
    .publish('vpcId', 'status.atProvider.id', Schema.string('Id of the private-only VPC.', { maxLength: MaxLength.ec2Id }))
    .publish('vpcCidrBlock', 'status.atProvider.cidrBlock', Schema.string('IPv4 CIDR of the VPC.', { maxLength: MaxLength.cidr }));
}

/** Private subnet `i` (never a public IP: EC2.15), its own route table and the association. */
export function privateSubnet(i: number): ComposedResource[] {
  const subnet = new ComposedResource({
    name: `subnet${i}`,
    kind: Subnet,
    forProvider: {
      vpcIdSelector: siblingSelector('vpc'),
      cidrBlock: param(`vpc.subnets[${i}].cidrBlock`),
      availabilityZone: `${Params.region}${param(`vpc.subnets[${i}].zone`)}`,
      mapPublicIpOnLaunch: false,
      assignIpv6AddressOnCreation: false,
      tags: { Name: suffixed(`zta-private-${i}`) },
    },
  }).publish(`subnet${i}Id`, 'status.atProvider.id', Schema.string(`Id of private subnet ${i}.`, { maxLength: MaxLength.ec2Id }));
  const routeTable = new ComposedResource({
    name: `routeTable${i}`,
    kind: RouteTable,
    forProvider: { vpcIdSelector: siblingSelector('vpc'), tags: { Name: suffixed(`zta-private-${i}`) } },
  }).publish(`routeTable${i}Id`, 'status.atProvider.id', Schema.string(`Id of the route table of private subnet ${i}.`, { maxLength: MaxLength.ec2Id }));
  const association = new ComposedResource({
    name: `routeTableAssociation${i}`,
    kind: RouteTableAssociation,
    forProvider: { subnetIdSelector: siblingSelector(`subnet${i}`), routeTableIdSelector: siblingSelector(`routeTable${i}`) },
  });
  return [subnet, routeTable, association];
}

/** Private subnet `i` of the network domain, as its nested feature composites refer to it. */
export function networkSubnet(i: number): ClaimTreeResource {
  return new ClaimTreeResource('network', `subnet${i}`, Subnet.GVK);
}

/** Every private subnet with its route table. */
export function privateSubnets(): ComposedResource[] {
  return indexes.flatMap(privateSubnet);
}

/**
 * The VPC's default security group with no rules at all: the provider (Terraform
 * aws_default_security_group) removes every rule that is not declared, and none is.
 */
export function ruleLessDefaultSecurityGroup(): ComposedResource {
  return new ComposedResource({
    name: 'defaultSecurityGroup',
    kind: DefaultSecurityGroup,
    forProvider: { vpcIdSelector: siblingSelector('vpc'), revokeRulesOnDelete: true },
  });
}

/**
 * Network ids a nested feature composite needs, as it receives them: the feature's resources cannot
 * select the parent's (matchControllerRef only matches siblings), so the parent publishes the ids to
 * its status and patches them into the child. Required: every id is observed soon after creation.
 */
export const NetworkIdParameters = {
  vpcId: Schema.string('Id of the VPC.', { maxLength: MaxLength.ec2Id }),
  subnetIds: Schema.array(`Ids of the ${SUBNET_COUNT} private subnets.`, Schema.string('A subnet id.', { maxLength: MaxLength.ec2Id }), { maxItems: SUBNET_COUNT }),
  routeTableIds: Schema.array(`Ids of the ${SUBNET_COUNT} route tables.`, Schema.string('A route table id.', { maxLength: MaxLength.ec2Id }), { maxItems: SUBNET_COUNT }),
  endpointSecurityGroupId: Schema.string('Id of the security group of the interface endpoints.', { maxLength: MaxLength.ec2Id }),
} as const;

export type NetworkIdParameter = keyof typeof NetworkIdParameters;

/** Patches handing the parent's published network ids to a nested feature composite. */
export function networkIdPatches(...wanted: NetworkIdParameter[]): Patch[] {
  const sources: Record<NetworkIdParameter, [string, string][]> = {
    vpcId: [['status.vpcId', 'spec.parameters.vpcId']],
    subnetIds: indexes.map((i) => [`status.subnet${i}Id`, `spec.parameters.subnetIds[${i}]`]),
    routeTableIds: indexes.map((i) => [`status.routeTable${i}Id`, `spec.parameters.routeTableIds[${i}]`]),
    endpointSecurityGroupId: [['status.endpointSecurityGroupId', 'spec.parameters.endpointSecurityGroupId']],
  };
  return wanted.flatMap((w) => sources[w].map(([from, to]) => fromComposite(from, to, { required: true })));
}

/** Hands the nested composite's own copy of the ids to its nested composite (values already there). */
export function passNetworkIds(...wanted: NetworkIdParameter[]): Patch[] {
  return wanted.map((w) => fromComposite(`spec.parameters.${w}`, `spec.parameters.${w}`, { required: true }));
}

export { indexes as subnetIndexes };
