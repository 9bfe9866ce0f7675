// Optional network feature: one interface VPC endpoint, its own composite so the network stays
// Ready whichever services a claim selects. The network composes one per catalog service and
// enables those the claim lists (compositions/endpoint-set.ts explains why per service).
import type { Construct } from 'constructs';
import { DomainChart, Schema } from '../compositions';
import { interfaceEndpoint, networkEndpointSecurityGroup } from '../compositions/endpoint-set';
import { NetworkIdParameters, networkSubnet, subnetIndexes } from '../compositions/private-vpc';
import { MaxLength } from '../compositions/aws-limits';

export class NetworkInterfaceEndpointChart extends DomainChart {
  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XNetworkInterfaceEndpoint',
      domain: 'networkInterfaceEndpoint',
      optional: true,
      description: 'One interface VPC endpoint of a private-only VPC: private DNS, the endpoint security group, a network interface in every private subnet, a data-perimeter policy.',
    });
    this.parameter('service', Schema.string('Service part of com.amazonaws.<region>.<service>.', { maxLength: MaxLength.endpointService }));
    this.parameter('policy', Schema.string('Endpoint policy (JSON): organization principals only, organization resources where the service supports it.', { maxLength: MaxLength.vpcEndpointPolicy }));
    this.parameter('vpcId', NetworkIdParameters.vpcId);
    this.parameter('subnetIds', NetworkIdParameters.subnetIds);
    this.parameter('endpointSecurityGroupId', NetworkIdParameters.endpointSecurityGroupId);
    this.compose(...interfaceEndpoint());

    // Deletion order: the associations go first (each modifies the live endpoint), then the endpoint,
    // whose network interfaces sit in the network's subnets and carry its security group.
    this.deletedBefore([...subnetIndexes.map((i) => `interfaceEndpointSubnet${i}`), 'interfaceEndpointSecurityGroup'], {
      uses: 'interfaceEndpoint', reason: 'Removing a subnet or security group from the endpoint modifies the endpoint and waits for it; against an endpoint being deleted that fails and is retried',
    });
    this.deletedBefore('interfaceEndpoint', {
      uses: subnetIndexes.map(networkSubnet), reason: 'DeleteSubnet fails with DependencyViolation while the endpoint has a network interface in the subnet',
    });
    this.deletedBefore('interfaceEndpoint', {
      uses: networkEndpointSecurityGroup(), reason: 'DeleteSecurityGroup fails with DependencyViolation while the endpoint\'s network interfaces carry the group',
    });
  }
}
