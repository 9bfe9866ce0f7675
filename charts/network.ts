// Network domain: a VPC with no path to the internet. Workloads reach AWS only through VPC endpoints
// whose policies keep traffic inside the organization (the network half of the data perimeter),
// on-premises only through an existing Transit Gateway, and every flow is recorded twice and is
// queryable in Athena and in CloudWatch Logs Insights. Each line below is one control; how it is
// built lives in compositions/.
//
// Optional parts (Transit Gateway, on-premises CIDRs, interface endpoints a claim does not select)
// are conditional resources of this composite, dropped by function-cel-filter while their parameter
// is absent; their Required patches become part of the condition, so an absent part never holds the
// network un-Ready (compositions/kernel/cel-filter.ts).
import type { Construct } from 'constructs';
import { ComposedResource, DomainChart, param, suffixed } from '../compositions';
import { athenaWorkgroup } from '../compositions/blocks/network/athena-workgroup';
import { endpointSecurityGroup, gatewayEndpointNames, gatewayEndpoints, interfaceEndpointSet } from '../compositions/blocks/network/endpoint-set';
import { FLOW_LOG_GROUP, allowFlowLogDeliveryToUseKey, flowLogsToCloudWatch, flowLogsToS3 } from '../compositions/blocks/network/flow-log-destinations';
import { insightsFlowLogQueries, namedFlowLogQueries } from '../compositions/blocks/network/flow-log-query-definitions';
import { FLOW_LOG_DATABASE, flowLogTable } from '../compositions/blocks/network/flow-log-table';
import { athenaSchema, flowLogsSchema, interfaceEndpointsSchema, organizationIdSchema, vpcSchema } from '../compositions/blocks/network/network-parameters';
import { managedDefaultNetworkAcl, privateSubnets, privateVpc, ruleLessDefaultSecurityGroup, subnetIndexes } from '../compositions/blocks/network/private-vpc';
import { transitGatewayPath } from '../compositions/blocks/network/transit-gateway';

export { AZ_LETTERS } from '../compositions/blocks/network/private-vpc';

export class NetworkChart extends DomainChart {
  /** Composed once by XZeroTrustAccount (charts/index.ts finds it by this). */
  public static readonly composedBy = 'account';

  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XNetwork',
      domain: 'network',
      readme: {
        title: 'Network',
        controls: 'private-only VPC (no internet gateway, NAT, EIP or public subnet is ever composed) over three AZs, default security group without rules (CIS 5.4, EC2.2), the default network ACL rewritten to deny SSH and RDP from anywhere (CIS 5.1, EC2.21; `nacl-no-unrestricted-ssh-rdp` detects drift), gateway endpoints (S3, DynamoDB) and interface endpoints with private DNS whose policies admit only principals (and, where the service supports it, resources) of the organization, plus the flows AWS itself needs: AWS service principals, unsigned web-identity/SAML sign-in into organization roles (sts), AWS-owned SSM documents and public parameters (ssm), and unauthenticated invoke of this account\'s own private APIs (execute-api); optional Transit Gateway attachment with routes for up to four on-premises CIDRs; flow logs of ALL traffic (CIS 3.7, EC2.6) to a KMS-encrypted log group and to S3 as Parquet with hourly Hive partitions, a Glue table with partition projection derived from the same field list as the log format, an Athena workgroup with enforced, encrypted results and a scan cutoff, named security queries and Logs Insights definitions',
      },
      description: 'A private-only VPC in three Availability Zones: VPC endpoints with data-perimeter policies, optional Transit Gateway attachment to on-premises, flow logs to encrypted CloudWatch Logs and to S3 (Parquet) queryable in Athena.',
    });
    // KMS keys come from the encryption domain through the top-level composite, never hard-coded.
    this.keyArnInput('logs', 'CloudWatch Logs log groups');
    this.keyArnInput('data', 'S3 objects');
    // Its IAM role carries the identity domain's permissions boundary (issue 5: every role we create).
    this.permissionsBoundaryInput();
    // The organization the account is onboarded in: endpoint policies admit only its principals.
    this.bound('organizationId', organizationIdSchema(), 'organization.id');
    const vpc = this.parameter('vpc', vpcSchema());
    const selectedEndpoints = this.parameter('interfaceEndpoints', interfaceEndpointsSchema());
    this.parameter('flowLogs', flowLogsSchema());
    this.parameter('athena', athenaSchema());
    const organizationId = param('organizationId');

    // Private-only VPC over three AZs; no InternetGateway, NAT gateway, EIP or public subnet exists.
    privateVpc(this);
    // EC2.15: no subnet assigns public IPs; each has its own route table.
    const subnets = privateSubnets(this);
    // CIS 5.4 / EC2.2: the default security group has no rules.
    ruleLessDefaultSecurityGroup(this);
    // CIS 5.1 / EC2.21: the default network ACL (all our subnets use it) denies SSH and RDP from anywhere.
    managedDefaultNetworkAcl(this);
    // Endpoint security group: HTTPS only, from the VPC (on-premises CIDRs: see the Transit Gateway).
    const [endpointGroup] = endpointSecurityGroup(this);
    // Data perimeter: S3 and DynamoDB gateway endpoints on every route table, org-only policies.
    gatewayEndpoints(this, organizationId);
    // EC2.10, EC2.55, EC2.56, EC2.57: interface endpoints with private DNS for the selected services, org-only policies.
    interfaceEndpointSet(this, organizationId, selectedEndpoints, {
      subnets: subnetIndexes.map((i) => subnets.find((r) => r.name === `subnet${i}`)!),
      securityGroup: endpointGroup!,
    });
    // Optional: on-premises only through the given Transit Gateway, observed and never managed.
    transitGatewayPath(this, vpc);
    // Deletion order: the attachment's network interfaces sit in every private subnet.
    this.deletedBefore('transitGatewayAttachment', {
      uses: subnetIndexes.map((i) => `subnet${i}`), reason: 'DeleteSubnet fails with DependencyViolation while the Transit Gateway attachment has a network interface in the subnet',
    });

    // CIS 3.7 / EC2.6: ALL traffic to an encrypted log group (CloudWatch.16 retention) ...
    flowLogsToCloudWatch(this);
    // ... and to a secure bucket (S3.5 TLS-only, S3.17 SSE-KMS, S3.8 no public access, versioned) as Parquet.
    const toS3 = flowLogsToS3(this);
    this.useKey('data', allowFlowLogDeliveryToUseKey());
    // Analytics: Glue table with partition projection over the exact S3 key layout (no crawler, no MSCK).
    flowLogTable(this, toS3.bucket.bucketName);
    // Athena.4-style workgroup: enforced configuration, SSE-KMS results in a secure bucket, scan cutoff.
    athenaWorkgroup(this, {
      name: 'athenaWorkgroup',
      workgroupName: suffixed('zta-flowlogs'),
      description: 'Flow-log analysis: enforced SSE-KMS results, per-query scan cutoff',
      resultsBucketName: 'athenaResultsBucket',
      resultsPurpose: 'athena-res',
      kmsKeyArn: param('dataKeyArn'),
      accessLogs: { targetBucketName: toS3.accessLogs.bucketName, prefix: 'athena-results/' },
      bytesScannedCutoff: ComposedResource.fromParameter('athena.bytesScannedCutoffPerQuery', 'spec.forProvider.configuration.bytesScannedCutoffPerQuery', { required: true }),
    });
    // Security questions as Athena named queries and as Logs Insights query definitions.
    namedFlowLogQueries(this, 'athenaWorkgroup', FLOW_LOG_DATABASE);
    insightsFlowLogQueries(this, FLOW_LOG_GROUP);

    // Deletion order (ClusterUsages): nothing goes while AWS would refuse its delete or something still writes into it.
    const perSubnet = (prefix: string) => subnetIndexes.map((i) => `${prefix}${i}`);
    this.deletedBefore([...perSubnet('subnet'), ...perSubnet('routeTable'), 'endpointSecurityGroup', ...gatewayEndpointNames()], {
      uses: 'vpc', reason: 'DeleteVpc fails with DependencyViolation while the VPC has subnets, route tables, security groups or endpoints',
    });
    for (const i of subnetIndexes) {
      this.deletedBefore(`routeTableAssociation${i}`, { uses: `routeTable${i}`, reason: 'DeleteRouteTable fails with DependencyViolation while the route table is associated with a subnet' });
    }
    for (const endpoint of gatewayEndpointNames()) {
      this.deletedBefore(perSubnet(`${endpoint}RouteTable`), {
        uses: endpoint, reason: 'Removing a route table from the endpoint modifies the endpoint and waits for it; against an endpoint being deleted that fails and is retried',
      });
    }
    this.deletedBefore('flowLogToCloudWatch', { uses: 'flowLogGroup', reason: 'The flow log publishes into this log group until it is deleted' });
    this.deletedBefore('flowLogToCloudWatch', { uses: 'flowLogRole', reason: 'The flow log publishes into CloudWatch Logs through this role until it is deleted' });
    this.deletedBefore('flowLogToS3', { uses: 'flowLogsBucket', reason: 'The flow log delivers Parquet files into this bucket until it is deleted' });
    this.deletedBefore('athenaWorkgroup', { uses: 'athenaResultsBucket', reason: 'Queries of the workgroup write their results into this bucket' });
    this.deletedBefore(['flowLogsBucketLogging', 'athenaResultsBucketLogging'], { uses: 'accessLogsBucket', reason: 'S3 delivers server access logs into this bucket while the logging configuration exists' });
    this.encryptedWith('logs', 'flowLogGroup');
    this.encryptedWith('data', 'flowLogsBucket', 'athenaResultsBucket', 'athenaWorkgroup');
    this.boundaryOutlives('flowLogRole');
  }
}
