// The private-only VPC: the VPC itself, one private subnet per Availability Zone with its own route
// table, and the rule-less default security group. Nothing here can ever give the VPC an internet
// path: no gateway kind is imported, subnets never map public IPs and route tables only get routes
// to VPC endpoints and, optionally, the Transit Gateway.
import type { Construct } from 'constructs';
import {
  DefaultNetworkAcl,
  DefaultSecurityGroup,
  RouteTable,
  RouteTableAssociation,
  Subnet,
  Vpc,
} from '../../../imports/ec2.aws.upbound.io';
import { ComposedResource, siblingSelector } from '../../kernel/composed-resource';
import { Labels } from '../../kernel/naming';
import { Schema } from '../../kernel/schema';
import { Params, param, suffixed } from '../../kernel/values';
import { MaxLength } from '../../kernel/aws-limits';

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
export function privateVpc(scope: Construct): ComposedResource {
  return new ComposedResource(scope, {
    name: 'vpc',
    kind: Vpc,
    forProvider: { enableDnsSupport: true, enableDnsHostnames: true, instanceTenancy: 'default', tags: { Name: suffixed('zta-vpc') } },
    // The XRD defaults the CIDR, so the value always arrives.
    patches: [ComposedResource.fromParameter('vpc.cidrBlock', 'spec.forProvider.cidrBlock', { required: true })],
  })
    .publish('vpcId', 'status.atProvider.id', Schema.string('Id of the private-only VPC.', { maxLength: MaxLength.ec2Id }))
    .publish('vpcCidrBlock', 'status.atProvider.cidrBlock', Schema.string('IPv4 CIDR of the VPC.', { maxLength: MaxLength.cidr }));
}

/** Label value of every private subnet (the Transit Gateway attachment selects them all by it). */
export const PRIVATE_SUBNET_TIER = 'private';

/** Private subnet `i` (never a public IP: EC2.15), its own route table and the association. */
export function privateSubnet(scope: Construct, i: number): ComposedResource[] {
  const subnet = new ComposedResource(scope, {
    name: `subnet${i}`,
    kind: Subnet,
    labels: { [Labels.subnetTier]: PRIVATE_SUBNET_TIER },
    forProvider: {
      vpcIdSelector: siblingSelector('vpc'),
      cidrBlock: param(`vpc.subnets[${i}].cidrBlock`),
      availabilityZone: `${Params.region}${param(`vpc.subnets[${i}].zone`)}`,
      mapPublicIpOnLaunch: false,
      assignIpv6AddressOnCreation: false,
      tags: { Name: suffixed(`zta-private-${i}`) },
    },
  }).publish(`subnet${i}Id`, 'status.atProvider.id', Schema.string(`Id of private subnet ${i}.`, { maxLength: MaxLength.ec2Id }));
  const routeTable = new ComposedResource(scope, {
    name: `routeTable${i}`,
    kind: RouteTable,
    forProvider: { vpcIdSelector: siblingSelector('vpc'), tags: { Name: suffixed(`zta-private-${i}`) } },
  }).publish(`routeTable${i}Id`, 'status.atProvider.id', Schema.string(`Id of the route table of private subnet ${i}.`, { maxLength: MaxLength.ec2Id }));
  const association = new ComposedResource(scope, {
    name: `routeTableAssociation${i}`,
    kind: RouteTableAssociation,
    forProvider: { subnetIdSelector: subnet.selector(), routeTableIdSelector: routeTable.selector() },
  });
  return [subnet, routeTable, association];
}

/** Every private subnet with its route table. */
export function privateSubnets(scope: Construct): ComposedResource[] {
  return indexes.flatMap((i) => privateSubnet(scope, i));
}

/**
 * The VPC's default security group with no rules at all: the provider (Terraform
 * aws_default_security_group) removes every rule that is not declared, and none is.
 */
export function ruleLessDefaultSecurityGroup(scope: Construct): ComposedResource {
  return new ComposedResource(scope, {
    name: 'defaultSecurityGroup',
    kind: DefaultSecurityGroup,
    forProvider: { vpcIdSelector: siblingSelector('vpc'), revokeRulesOnDelete: true },
  });
}

/** Remote administration ports CIS 5.1 / EC2.21 require closed to 0.0.0.0/0 at the NACL (SSH, RDP). */
export const ADMIN_PORTS = [22, 3389] as const;

/** One entry of a network ACL, in the provider's ingress/egress block shape. */
export interface NaclEntry {
  readonly ruleNo: number;
  readonly action: 'allow' | 'deny';
  readonly protocol: 'tcp' | 'udp' | '-1';
  readonly cidrBlock: string;
  readonly fromPort: number;
  readonly toPort: number;
}

const ANYWHERE = '0.0.0.0/0';

/**
 * Inbound entries of the VPC's default network ACL (every subnet of ours uses it). NACLs are
 * stateless, so responses need inbound rules too. Session Manager replaces SSH/RDP, so the admin
 * ports are denied from anywhere first (lowest rule numbers win); then everything from the VPC (the
 * interface endpoints answer from it); then, from anywhere, only HTTPS and the ephemeral ports that
 * carry responses from the S3/DynamoDB gateway endpoints (public service addresses) and on-premises,
 * split around RDP so that no allow entry covers an admin port, as the Config rule
 * nacl-no-unrestricted-ssh-rdp reads entries one by one. Security groups still decide per resource.
 * https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
 */
export function defaultNaclIngress(vpcCidr: string): NaclEntry[] {
  return [
    ...ADMIN_PORTS.map((port, i) => ({ ruleNo: 10 + i, action: 'deny' as const, protocol: 'tcp' as const, cidrBlock: ANYWHERE, fromPort: port, toPort: port })),
    { ruleNo: 100, action: 'allow', protocol: '-1', cidrBlock: vpcCidr, fromPort: 0, toPort: 0 },
    { ruleNo: 200, action: 'allow', protocol: 'tcp', cidrBlock: ANYWHERE, fromPort: 443, toPort: 443 },
    { ruleNo: 210, action: 'allow', protocol: 'tcp', cidrBlock: ANYWHERE, fromPort: 1024, toPort: 3388 },
    { ruleNo: 220, action: 'allow', protocol: 'tcp', cidrBlock: ANYWHERE, fromPort: 3390, toPort: 65535 },
  ];
}

/** Outbound: anything (the VPC has no internet path; routes, endpoints and SGs decide where traffic goes). */
export const DEFAULT_NACL_EGRESS: readonly NaclEntry[] = [
  { ruleNo: 100, action: 'allow', protocol: '-1', cidrBlock: ANYWHERE, fromPort: 0, toPort: 0 },
];

/**
 * CIS 5.1 / EC2.21: the VPC's default network ACL, adopted and rewritten: its out-of-the-box
 * allow-all inbound entry opens SSH and RDP to 0.0.0.0/0. The provider (Terraform
 * aws_default_network_acl) removes every entry not declared here. Subnets are not listed: ours are
 * implicitly associated with the default ACL, and the provider late-initializes the observed ids.
 */
export function managedDefaultNetworkAcl(scope: Construct): ComposedResource {
  return new ComposedResource(scope, {
    name: 'defaultNetworkAcl',
    kind: DefaultNetworkAcl,
    forProvider: {
      defaultNetworkAclIdSelector: siblingSelector('vpc'),
      ingress: defaultNaclIngress(param('vpc.cidrBlock')).map((e) => ({ ...e })),
      egress: DEFAULT_NACL_EGRESS.map((e) => ({ ...e })),
      tags: { Name: suffixed('zta-default-nacl') },
    },
  });
}

export { indexes as subnetIndexes };
