// Network domain: a VPC with no path to the internet. Workloads reach AWS only through VPC endpoints
// whose policies keep traffic inside the organization (the network half of the data perimeter),
// on-premises only through an existing Transit Gateway, and every flow is recorded twice: to an
// encrypted CloudWatch Logs log group and, as Parquet with Hive-compatible hourly partitions, to a
// secure bucket that Athena queries through a partition-projected Glue table (no crawler, no MSCK).
//
// Optional features and P&T: function-patch-and-transform cannot toggle a resource with a boolean.
// A resource with a Required patch whose source field is absent is simply not composed, so
// optional features are driven by the presence of their parameter: the Transit Gateway attachment
// and its routes exist only when `vpc.transitGateway` is set, an on-premises route only for each
// CIDR that is listed, an interface endpoint only when its service is a key of `interfaceEndpoints`
// (a map rather than a list: P&T cannot look a value up in an array, and per-service resource names
// keep the other endpoints in place when one service is added or removed).
import type { Construct } from 'constructs';
import { Group, Definition } from '../imports/cloudwatchlogs.aws.upbound.io';
import {
  DefaultSecurityGroup,
  FlowLogV1Beta2,
  Route,
  RouteTable,
  RouteTableAssociation,
  SecurityGroup,
  SecurityGroupIngressRule,
  Subnet,
  TransitGateway,
  TransitGatewayVpcAttachment,
  Vpc,
  VpcEndpointRouteTableAssociation,
  VpcEndpointSecurityGroupAssociation,
  VpcEndpointSubnetAssociation,
  VpcEndpointV1Beta2,
} from '../imports/ec2.aws.upbound.io';
import { CatalogDatabaseV1Beta2, CatalogTableV1Beta2 } from '../imports/glue.aws.upbound.io';
import { NamedQuery, WorkgroupV1Beta2 } from '../imports/athena.aws.upbound.io';
import {
  ComposedResource,
  ConditionOperator,
  DomainChart,
  Effect,
  KMS_ENCRYPT_DECRYPT_ACTIONS,
  LABEL_DOMAIN,
  Params,
  PolicyStatement,
  Principals,
  Schema,
  Transforms,
  combineFromComposite,
  fromComposite,
  param,
  serviceRole,
  siblingSelector,
  suffixed,
  tokenPatch,
  type Patch,
  type SchemaNode,
} from '../compositions';
import { waitFor } from '../compositions/ordering';
import { SecureBucket } from '../compositions/secure-bucket';
import {
  DEFAULT_INTERFACE_ENDPOINTS,
  GATEWAY_ENDPOINT_SERVICES,
  INTERFACE_ENDPOINT_SERVICES,
  endpointPolicy,
  endpointServiceName,
  type EndpointService,
} from '../compositions/vpc-endpoints';
import {
  FLOW_LOG_FIELDS,
  PARTITION_KEYS,
  flowLogFormat,
  glueColumns,
  partitionProjection,
  tableLocation,
} from '../compositions/flow-log-format';
import { FLOW_LOG_QUERIES, FLOW_LOG_TABLE, VPC_CIDR, insightsParse } from '../compositions/flow-log-queries';

/** Three subnets in three distinct Availability Zones: the baseline's availability floor. */
export const SUBNET_COUNT = 3;
/** AZ letters of the region (`<region><letter>`). Not every account has every letter in every region. */
export const AZ_LETTERS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
/** On-premises CIDRs routed through the Transit Gateway (each is one route per route table). */
export const MAX_ON_PREM_CIDRS = 4;
/** CloudWatch.16: log groups keep at least a year. */
export const DEFAULT_FLOW_LOG_RETENTION_DAYS = 365;
export const FLOW_LOG_RETENTION_DAYS = [365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
/** Athena per-query scan limit unless the claim says otherwise: 10 GiB (about USD 0.05). */
export const DEFAULT_BYTES_SCANNED_CUTOFF = 10 * 1024 ** 3;
/** Athena's smallest allowed per-query cutoff (10 MB). */
export const MIN_BYTES_SCANNED_CUTOFF = 10 * 1024 * 1024;
/** First year the flow-log table projects partitions for (the package's first release). */
export const FLOW_LOG_FIRST_YEAR = 2025;
/** Annotation written by the presence gates; its value is irrelevant, its patch is Required. */
export const SELECTED_ANNOTATION = `${LABEL_DOMAIN}/selected-by`;
/** Label shared by the private subnets, selected by the Transit Gateway attachment. */
export const SUBNET_TIER_LABEL = `${LABEL_DOMAIN}/subnet-tier`;

export const DEFAULT_VPC_CIDR = '10.0.0.0/16';
export const DEFAULT_SUBNETS = [
  { zone: 'a', cidrBlock: '10.0.0.0/20' },
  { zone: 'b', cidrBlock: '10.0.16.0/20' },
  { zone: 'c', cidrBlock: '10.0.32.0/20' },
] as const;

const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
const known = (list: readonly string[]): string => `[${list.map((s) => `'${s}'`).join(', ')}]`;
const KNOWN_SERVICES = known(INTERFACE_ENDPOINT_SERVICES.map((s) => s.service));
/** Names the Glue database: Athena accepts only lowercase letters, digits and '_'. */
const GLUE_DATABASE = `zta_flowlogs_${Params.environmentSuffix}`;
const FLOW_LOG_GROUP = `/zta/vpc-flow-logs/${suffixed('zta-vpc')}`;
const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
/** The same patch without `policy.fromFieldPath: Required`: skipped while a parameter it reads is unset. */
const optional = (p: Patch): Patch => {
  const { policy: _required, ...rest } = p;
  return rest;
};

export class NetworkChart extends DomainChart {
  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XNetwork',
      domain: 'network',
      description: 'A private-only VPC in three Availability Zones: VPC endpoints with data-perimeter policies, optional Transit Gateway attachment to on-premises, flow logs to encrypted CloudWatch Logs and to S3 (Parquet) queryable in Athena.',
    });
    this.declareParameters();

    this.compose(this.vpc());
    // CIS 5.4 / EC2.2: the default security group of the VPC has no rules at all.
    this.compose(new ComposedResource({
      name: 'defaultSecurityGroup',
      kind: DefaultSecurityGroup,
      // No ingress/egress blocks: the provider (Terraform aws_default_security_group) removes every
      // rule that is not declared.
      forProvider: { vpcIdSelector: siblingSelector('vpc'), revokeRulesOnDelete: true },
    }));
    for (let i = 0; i < SUBNET_COUNT; i++) this.compose(...this.privateSubnet(i));
    this.compose(...this.endpointSecurityGroup());
    for (const svc of GATEWAY_ENDPOINT_SERVICES) this.compose(...this.gatewayEndpoint(svc));
    for (const svc of INTERFACE_ENDPOINT_SERVICES) this.compose(...this.interfaceEndpoint(svc));
    this.compose(...this.transitGateway());
    this.compose(...this.flowLogs());
    this.compose(...this.flowLogAnalytics());
  }

  private declareParameters(): void {
    this.input('logsKeyArn', Schema.string('ARN of the KMS key encrypting CloudWatch Logs log groups (from the encryption domain).'), { domain: 'encryption', statusField: 'logsKeyArn' });
    this.input('dataKeyArn', Schema.string('ARN of the KMS key encrypting S3 objects (from the encryption domain).'), { domain: 'encryption', statusField: 'dataKeyArn' });
    this.parameter('organizationId', Schema.string(
      'AWS Organizations id whose principals (aws:PrincipalOrgID) and resources (aws:ResourceOrgID) the VPC endpoint policies admit, e.g. "o-a1b2c3d4e5".',
      { pattern: '^o-[a-z0-9]{10,32}$', rules: [{ rule: "self.matches('^o-[a-z0-9]{10,32}$')", message: 'organizationId must look like "o-" followed by 10-32 lowercase letters or digits, e.g. "o-a1b2c3d4e5"' }] },
    ), { required: true });
    // The suffix names the Glue database, and Athena only queries names of [a-z0-9_].
    this.rule({
      rule: "!self.environmentSuffix.contains('-')",
      message: "environmentSuffix must not contain '-' when the network domain is enabled: it names the flow-log Glue database, and Athena accepts only lowercase letters, digits and '_'",
      fieldPath: '.environmentSuffix',
    });
    this.parameter('vpc', vpcSchema());
    this.parameter('interfaceEndpoints', interfaceEndpointsSchema());
    this.parameter('flowLogs', Schema.object('Flow log settings (every VPC flow, ALL traffic, is always recorded: CIS 3.7 / EC2.6).', {
      retentionDays: Schema.integer('Days the CloudWatch Logs copy of the flow logs is kept (CloudWatch.16 asks for at least a year).', {
        default: DEFAULT_FLOW_LOG_RETENTION_DAYS,
        rules: [{ rule: `self in [${FLOW_LOG_RETENTION_DAYS.join(', ')}]`, message: `flowLogs.retentionDays must be one of ${FLOW_LOG_RETENTION_DAYS.join(', ')} (CloudWatch Logs retention values of at least one year)` }],
      }),
      maxAggregationIntervalSeconds: Schema.integer('Longest time a flow is aggregated before its record is written: 60 or 600 seconds (Nitro instances always use 60).', {
        default: 60,
        rules: [{ rule: 'self == 60 || self == 600', message: 'flowLogs.maxAggregationIntervalSeconds must be 60 or 600' }],
      }),
    }, { default: {} }));
    this.parameter('athena', Schema.object('Athena workgroup for flow-log analysis.', {
      bytesScannedCutoffPerQuery: Schema.integer('Bytes one query may scan before Athena cancels it (cost control; at least 10 MB).', {
        minimum: MIN_BYTES_SCANNED_CUTOFF,
        default: DEFAULT_BYTES_SCANNED_CUTOFF,
      }),
    }, { default: {} }));
  }

  // ---------------------------------------------------------------- VPC, subnets, routing

  private vpc(): ComposedResource {
    return new ComposedResource({
      name: 'vpc',
      kind: Vpc,
      forProvider: {
        // Base value = the schema default, overridden by the parameter when given: composites are
        // not defaulted by every client (the renderer does not apply XRD defaults).
        cidrBlock: DEFAULT_VPC_CIDR,
        // Private DNS of interface endpoints needs both.
        enableDnsSupport: true,
        enableDnsHostnames: true,
        instanceTenancy: 'default',
        tags: { Name: suffixed('zta-vpc') },
      },
      patches: [ComposedResource.fromParameter('vpc.cidrBlock', 'spec.forProvider.cidrBlock')],
    })
      .publish('vpcId', 'status.atProvider.id', Schema.string('Id of the private-only VPC.'))
      .publish('vpcCidrBlock', 'status.atProvider.cidrBlock', Schema.string('IPv4 CIDR of the VPC.'));
  }

  /** One private subnet, its own route table and the association; never a public IP (EC2.15). */
  private privateSubnet(i: number): ComposedResource[] {
    const subnet = new ComposedResource({
      name: `subnet${i}`,
      kind: Subnet,
      labels: { [SUBNET_TIER_LABEL]: 'private' },
      forProvider: {
        vpcIdSelector: siblingSelector('vpc'),
        cidrBlock: DEFAULT_SUBNETS[i]!.cidrBlock,
        availabilityZone: `${Params.region}${DEFAULT_SUBNETS[i]!.zone}`,
        mapPublicIpOnLaunch: false,
        assignIpv6AddressOnCreation: false,
        tags: { Name: suffixed(`zta-private-${i}`) },
      },
      patches: [
        ComposedResource.fromParameter(`vpc.subnets[${i}].cidrBlock`, 'spec.forProvider.cidrBlock'),
        combineFromComposite(['spec.parameters.region', `spec.parameters.vpc.subnets[${i}].zone`], '%v%v', 'spec.forProvider.availabilityZone'),
      ],
    }).publish(`subnet${i}Id`, 'status.atProvider.id', Schema.string(`Id of private subnet ${i}.`));
    const routeTable = new ComposedResource({
      name: `routeTable${i}`,
      kind: RouteTable,
      forProvider: { vpcIdSelector: siblingSelector('vpc'), tags: { Name: suffixed(`zta-private-${i}`) } },
    });
    const association = new ComposedResource({
      name: `routeTableAssociation${i}`,
      kind: RouteTableAssociation,
      forProvider: { subnetIdSelector: siblingSelector(`subnet${i}`), routeTableIdSelector: siblingSelector(`routeTable${i}`) },
    });
    return [subnet, routeTable, association];
  }

  // ---------------------------------------------------------------- endpoints

  /** The only security group endpoints carry: HTTPS from the VPC (and on-premises) and nothing else. */
  private endpointSecurityGroup(): ComposedResource[] {
    const sg = new ComposedResource({
      name: 'endpointSecurityGroup',
      kind: SecurityGroup,
      forProvider: {
        name: suffixed('zta-vpc-endpoints'),
        description: 'HTTPS from the VPC and on-premises to the interface VPC endpoints; no egress',
        vpcIdSelector: siblingSelector('vpc'),
        // Terraform removes the allow-all egress rule AWS adds to every new group; none is declared.
        revokeRulesOnDelete: true,
        tags: { Name: suffixed('zta-vpc-endpoints') },
      },
    }).publish('endpointSecurityGroupId', 'status.atProvider.id', Schema.string('Id of the security group of the interface endpoints.'));
    const ingress = (name: string, cidr: string, description: string): ComposedResource => new ComposedResource({
      name,
      kind: SecurityGroupIngressRule,
      forProvider: {
        securityGroupIdSelector: siblingSelector('endpointSecurityGroup'),
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cidr,
        description,
      },
    });
    const fromVpc = ingress('endpointIngressFromVpc', DEFAULT_VPC_CIDR, 'HTTPS from the VPC')
      .addPatches(ComposedResource.fromParameter('vpc.cidrBlock', 'spec.forProvider.cidrIpv4'));
    const rules = [fromVpc];
    for (let i = 0; i < MAX_ON_PREM_CIDRS; i++) {
      // Composed only when the i-th on-premises CIDR is listed (Required token patch).
      rules.push(ingress(`endpointIngressFromOnPrem${i}`, param(`vpc.transitGateway.onPremCidrBlocks[${i}]`), 'HTTPS from on-premises through the Transit Gateway'));
    }
    return [sg, ...rules];
  }

  /** S3 / DynamoDB gateway endpoint on every route table (EC2.10 family), org-only policy. */
  private gatewayEndpoint(svc: EndpointService): ComposedResource[] {
    const name = `gatewayEndpoint${pascal(svc.id)}`;
    const endpoint = new ComposedResource({
      name,
      kind: VpcEndpointV1Beta2,
      forProvider: {
        vpcIdSelector: siblingSelector('vpc'),
        serviceName: endpointServiceName(svc.service),
        vpcEndpointType: 'Gateway',
        policy: endpointPolicy(svc, param('organizationId')).toString(),
        tags: { Name: suffixed(`zta-${svc.service}`) },
      },
    }).publish(`endpointIds.${svc.id}`, 'status.atProvider.id', Schema.string(`Id of the ${svc.description}.`));
    const associations = Array.from({ length: SUBNET_COUNT }, (_, i) => new ComposedResource({
      name: `${name}RouteTable${i}`,
      kind: VpcEndpointRouteTableAssociation,
      forProvider: { vpcEndpointIdSelector: siblingSelector(name), routeTableIdSelector: siblingSelector(`routeTable${i}`) },
    }));
    return [endpoint, ...associations];
  }

  /**
   * Interface endpoint of one service with private DNS, the endpoint security group (replacing the
   * default group AWS attaches) and one network interface per subnet. All five resources are
   * composed only when the service is a key of `interfaceEndpoints`.
   */
  private interfaceEndpoint(svc: EndpointService): ComposedResource[] {
    const name = `interfaceEndpoint${pascal(svc.id)}`;
    const gate = fromComposite(`spec.parameters.interfaceEndpoints[${svc.service}]`, `metadata.annotations[${SELECTED_ANNOTATION}]`, {
      required: true,
      transforms: [Transforms.convert('string')],
    });
    const endpoint = new ComposedResource({
      name,
      kind: VpcEndpointV1Beta2,
      forProvider: {
        vpcIdSelector: siblingSelector('vpc'),
        serviceName: endpointServiceName(svc.service),
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        ipAddressType: 'ipv4',
        dnsOptions: { dnsRecordIpType: 'ipv4' },
        policy: endpointPolicy(svc, param('organizationId')).toString(),
        tags: { Name: suffixed(`zta-${svc.service}`) },
      },
      patches: [gate],
    }).publish(`endpointIds.${svc.id}`, 'status.atProvider.id', Schema.string(`Id of the interface endpoint: ${svc.description}.`));
    const securityGroup = new ComposedResource({
      name: `${name}SecurityGroup`,
      kind: VpcEndpointSecurityGroupAssociation,
      forProvider: {
        vpcEndpointIdSelector: siblingSelector(name),
        securityGroupIdSelector: siblingSelector('endpointSecurityGroup'),
        // AWS attaches the VPC default group (which has no rules) to an endpoint created without one.
        replaceDefaultAssociation: true,
      },
      patches: [gate],
    });
    const subnets = Array.from({ length: SUBNET_COUNT }, (_, i) => new ComposedResource({
      name: `${name}Subnet${i}`,
      kind: VpcEndpointSubnetAssociation,
      forProvider: { vpcEndpointIdSelector: siblingSelector(name), subnetIdSelector: siblingSelector(`subnet${i}`) },
      patches: [gate],
    }));
    return [endpoint, securityGroup, ...subnets];
  }

  // ---------------------------------------------------------------- Transit Gateway

  /**
   * The existing Transit Gateway, observed only (our data source), the VPC attachment in all three
   * subnets and one route per on-premises CIDR per route table. Everything here is composed only
   * when `vpc.transitGateway.id` (and each CIDR) is set.
   */
  private transitGateway(): ComposedResource[] {
    const tgw = new ComposedResource({
      name: 'transitGateway',
      kind: TransitGateway,
      observeOnly: true,
      externalName: param('vpc.transitGateway.id'),
      forProvider: {},
    });
    const attachment = new ComposedResource({
      name: 'transitGatewayAttachment',
      kind: TransitGatewayVpcAttachment,
      forProvider: {
        vpcIdSelector: siblingSelector('vpc'),
        transitGatewayIdSelector: siblingSelector('transitGateway'),
        subnetIdSelector: { matchControllerRef: true, matchLabels: { [SUBNET_TIER_LABEL]: 'private' } },
        dnsSupport: 'enable',
        ipv6Support: 'disable',
        applianceModeSupport: 'disable',
        // transitGatewayDefaultRouteTable* are left unset: they cannot be set on a RAM-shared TGW.
        tags: { Name: suffixed('zta-vpc') },
      },
      patches: [fromComposite('spec.parameters.vpc.transitGateway.id', `metadata.annotations[${SELECTED_ANNOTATION}]`, { required: true })],
    }).publish('transitGatewayAttachmentId', 'status.atProvider.id', Schema.string('Id of the Transit Gateway VPC attachment (when a Transit Gateway is given).'));
    const routes: ComposedResource[] = [];
    for (let c = 0; c < MAX_ON_PREM_CIDRS; c++) {
      for (let t = 0; t < SUBNET_COUNT; t++) {
        routes.push(new ComposedResource({
          name: `onPremRoute${c}RouteTable${t}`,
          kind: Route,
          forProvider: {
            routeTableIdSelector: siblingSelector(`routeTable${t}`),
            transitGatewayIdSelector: siblingSelector('transitGateway'),
            destinationCidrBlock: param(`vpc.transitGateway.onPremCidrBlocks[${c}]`),
          },
        }));
      }
    }
    return [tgw, attachment, ...routes];
  }

  // ---------------------------------------------------------------- flow logs

  /** CIS 3.7 / EC2.6: ALL traffic of the VPC, to an encrypted log group and to S3 as Parquet. */
  private flowLogs(): ComposedResource[] {
    const group = new ComposedResource({
      name: 'flowLogGroup',
      kind: Group,
      externalName: FLOW_LOG_GROUP,
      forProvider: {
        // CloudWatch.16 retention; encrypted with the logs key (its policy admits CloudWatch Logs).
        retentionInDays: DEFAULT_FLOW_LOG_RETENTION_DAYS,
        kmsKeyId: param('logsKeyArn'),
        logGroupClass: 'STANDARD',
        deletionProtectionEnabled: false,
        skipDestroy: false,
      },
      patches: [ComposedResource.fromParameter('flowLogs.retentionDays', 'spec.forProvider.retentionInDays')],
    })
      .publish('flowLogGroupArn', 'status.atProvider.arn', Schema.string('ARN of the log group receiving the VPC flow logs.'))
      .publish('flowLogGroupName', 'status.atProvider.id', Schema.string('Name of the log group receiving the VPC flow logs.'));

    const groupArn = `arn:aws:logs:${Params.region}:${Params.accountId}:log-group:${FLOW_LOG_GROUP}`;
    const role = serviceRole({
      name: 'flowLogRole',
      roleName: suffixed('zta-vpc-flow-logs'),
      description: 'VPC Flow Logs delivers the VPC flow records into the flow-log group',
      trust: [flowLogsAssumeRole()],
      permissions: flowLogDeliveryPermissions(groupArn),
    });

    const common = {
      vpcIdSelector: siblingSelector('vpc'),
      trafficType: 'ALL',
      logFormat: flowLogFormat(),
      maxAggregationInterval: 60,
    };
    const interval = ComposedResource.fromParameter('flowLogs.maxAggregationIntervalSeconds', 'spec.forProvider.maxAggregationInterval');
    const toCloudWatch = new ComposedResource({
      name: 'flowLogToCloudWatch',
      kind: FlowLogV1Beta2,
      forProvider: {
        ...common,
        logDestinationType: 'cloud-watch-logs',
        logDestinationSelector: siblingSelector('flowLogGroup'),
        iamRoleArnSelector: siblingSelector('flowLogRole'),
        tags: { Name: suffixed('zta-vpc-to-logs') },
      },
      patches: [interval],
    }).publish('flowLogToCloudWatchId', 'status.atProvider.id', Schema.string('Id of the flow log delivering to CloudWatch Logs.'));

    const access = this.accessLogsBucket();
    const bucket = new SecureBucket({
      name: 'flowLogsBucket',
      purpose: 'flowlogs',
      kmsKeyArn: param('dataKeyArn'),
      additionalStatements: allowFlowLogDelivery(`arn:aws:s3:::${SecureBucket.nameFor('flowlogs')}`),
      accessLogs: { targetBucketName: access.bucketName, prefix: 'flowlogs/' },
    });
    bucket.resources.find((r) => r.name === 'flowLogsBucketPolicy')!
      .publish('flowLogsBucketPolicyId', 'status.atProvider.id', Schema.string('Flow-log bucket whose policy admits log delivery (set once the policy exists).'));
    // The key policy side of SSE-KMS delivery: log delivery of this account encrypts with the data key.
    this.useKey('data', allowFlowLogDeliveryToUseKey());
    const toS3 = new ComposedResource({
      name: 'flowLogToS3',
      kind: FlowLogV1Beta2,
      forProvider: {
        ...common,
        logDestinationType: 's3',
        logDestination: bucket.bucketArn,
        // Parquet (10-100x faster queries), Hive-compatible hourly prefixes: the Glue table's
        // partition projection below mirrors exactly this layout.
        destinationOptions: { fileFormat: 'parquet', hiveCompatiblePartitions: true, perHourPartition: true },
        tags: { Name: suffixed('zta-vpc-to-s3') },
      },
      // Created after the bucket policy admits delivery; otherwise CreateFlowLogs rewrites the policy itself.
      patches: [interval, waitFor('flowLogsBucketPolicyId', 'flow-log-bucket-policy')],
    }).publish('flowLogToS3Id', 'status.atProvider.id', Schema.string('Id of the flow log delivering Parquet files to S3.'));
    return [group, ...role.resources, toCloudWatch, ...access.resources, ...bucket.resources, toS3];
  }

  private accessLogsBucket(): SecureBucket {
    return new SecureBucket({
      name: 'accessLogsBucket',
      purpose: 'net-access',
      encryption: 's3',
      additionalStatements: [SecureBucket.allowServerAccessLogDelivery(`arn:aws:s3:::${SecureBucket.nameFor('net-access')}`)],
    });
  }

  // ---------------------------------------------------------------- analytics

  /** Glue table with partition projection, Athena workgroup, named queries, Insights queries. */
  private flowLogAnalytics(): ComposedResource[] {
    const flowBucket = SecureBucket.nameFor('flowlogs');
    const database = new ComposedResource({
      name: 'flowLogDatabase',
      kind: CatalogDatabaseV1Beta2,
      externalName: GLUE_DATABASE,
      forProvider: { catalogId: Params.accountId, description: 'VPC flow logs of the account (zero-trust network domain)' },
    }).publish('athenaDatabase', 'metadata.annotations[crossplane.io/external-name]', Schema.string('Glue database of the flow-log table.'));
    const table = new ComposedResource({
      name: 'flowLogTable',
      kind: CatalogTableV1Beta2,
      externalName: FLOW_LOG_TABLE,
      forProvider: {
        catalogId: Params.accountId,
        databaseNameSelector: siblingSelector('flowLogDatabase'),
        description: 'VPC flow logs (Parquet, Hive-compatible hourly partitions), partitions projected',
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          EXTERNAL: 'TRUE',
          classification: 'parquet',
          ...partitionProjection(flowBucket, Params.accountId, Params.region, FLOW_LOG_FIRST_YEAR),
        },
        partitionKeys: PARTITION_KEYS.map((k) => ({ name: k, type: 'string' })),
        storageDescriptor: {
          location: tableLocation(flowBucket),
          inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          serDeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', parameters: { 'serialization.format': '1' } },
          columns: glueColumns().map((c) => ({ name: c.name, type: c.type, ...(c.comment ? { comment: c.comment } : {}) })),
        },
      },
    }).publish('athenaTable', 'metadata.annotations[crossplane.io/external-name]', Schema.string('Glue table of the VPC flow logs.'));

    const access = SecureBucket.nameFor('net-access');
    const results = new SecureBucket({
      name: 'athenaResultsBucket',
      purpose: 'athena-res',
      kmsKeyArn: param('dataKeyArn'),
      accessLogs: { targetBucketName: access, prefix: 'athena-results/' },
    });
    const workgroupName = suffixed('zta-flowlogs');
    // Athena.1-style hardening: results encrypted with SSE-KMS, client settings cannot override it.
    const workgroup = new ComposedResource({
      name: 'athenaWorkgroup',
      kind: WorkgroupV1Beta2,
      externalName: workgroupName,
      forProvider: {
        description: 'Flow-log analysis: enforced SSE-KMS results, per-query scan cutoff',
        state: 'ENABLED',
        forceDestroy: true,
        configuration: {
          enforceWorkgroupConfiguration: true,
          publishCloudwatchMetricsEnabled: true,
          requesterPaysEnabled: false,
          bytesScannedCutoffPerQuery: DEFAULT_BYTES_SCANNED_CUTOFF,
          engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
          resultConfiguration: {
            outputLocation: `s3://${results.bucketName}/results/`,
            expectedBucketOwner: Params.accountId,
            encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKeyArn: param('dataKeyArn') },
          },
        },
      },
      patches: [ComposedResource.fromParameter('athena.bytesScannedCutoffPerQuery', 'spec.forProvider.configuration.bytesScannedCutoffPerQuery')],
    }).publish('athenaWorkgroup', 'status.atProvider.id', Schema.string('Athena workgroup for flow-log queries.'));

    const named = FLOW_LOG_QUERIES.map((q) => new ComposedResource({
      name: `namedQuery${pascal(q.id)}`,
      kind: NamedQuery,
      forProvider: {
        name: suffixed(q.name),
        description: q.description,
        query: q.athena,
        // databaseSelector would target an athena Database; ours is the Glue catalog database.
        database: GLUE_DATABASE,
        workgroupSelector: siblingSelector('athenaWorkgroup'),
      },
    }));
    const insights = FLOW_LOG_QUERIES.map((q) => {
      const query = `${insightsParse()} | ${q.insights}`;
      return new ComposedResource({
        name: `insightsQuery${pascal(q.id)}`,
        kind: Definition,
        // A query naming the VPC CIDR gets the default in its base and the parameter when it is set.
        forProvider: { name: `zta/${suffixed(q.name)}`, queryString: query.split(VPC_CIDR).join(DEFAULT_VPC_CIDR) },
        patches: [
          // logGroupNames is a list: tokens inside lists are patched explicitly.
          tokenPatch('spec.forProvider.logGroupNames[0]', FLOW_LOG_GROUP),
          ...(query.includes(VPC_CIDR) ? [optional(tokenPatch('spec.forProvider.queryString', query))] : []),
        ],
      });
    });
    return [database, table, ...results.resources, workgroup, ...named, ...insights];
  }
}

// ---------------------------------------------------------------- policies

/** vpc-flow-logs.amazonaws.com may assume the delivery role for this account's flow logs only. */
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html
export function flowLogsAssumeRole(): PolicyStatement {
  return new PolicyStatement({
    sid: 'AllowVpcFlowLogsOfThisAccount',
    effect: Effect.ALLOW,
    principals: [Principals.service('vpc-flow-logs.amazonaws.com')],
    actions: ['sts:AssumeRole'],
    conditions: {
      [ConditionOperator.STRING_EQUALS]: { 'aws:SourceAccount': Params.accountId },
      [ConditionOperator.ARN_LIKE]: { 'aws:SourceArn': `arn:aws:ec2:${Params.region}:${Params.accountId}:vpc-flow-log/*` },
    },
  });
}

/** Only what delivery into the one flow-log group needs (no logs:CreateLogGroup: the group exists). */
export function flowLogDeliveryPermissions(groupArn: string): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'DeliverIntoFlowLogGroup',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [groupArn, `${groupArn}:log-stream:*`],
    }),
    new PolicyStatement({
      sid: 'DescribeLogGroups',
      actions: ['logs:DescribeLogGroups'],
      resources: [`arn:aws:logs:${Params.region}:${Params.accountId}:log-group:*`],
    }),
  ];
}

/**
 * Bucket-policy admission of VPC flow-log delivery (delivery.logs.amazonaws.com) for this account's
 * log deliveries only. With Hive-compatible prefixes the objects sit under
 * `AWSLogs/aws-account-id=<id>/`, not `AWSLogs/<id>/` as in the plain-layout examples.
 */
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html
export function allowFlowLogDelivery(bucketArn: string): PolicyStatement[] {
  const source = {
    [ConditionOperator.STRING_EQUALS]: { 'aws:SourceAccount': Params.accountId },
    [ConditionOperator.ARN_LIKE]: { 'aws:SourceArn': `arn:aws:logs:${Params.region}:${Params.accountId}:*` },
  };
  return [
    new PolicyStatement({
      sid: 'AWSLogDeliveryWrite',
      effect: Effect.ALLOW,
      principals: [Principals.service('delivery.logs.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [`${bucketArn}/AWSLogs/aws-account-id=${Params.accountId}/*`],
      conditions: {
        [ConditionOperator.STRING_EQUALS]: { 'aws:SourceAccount': Params.accountId, 's3:x-amz-acl': 'bucket-owner-full-control' },
        [ConditionOperator.ARN_LIKE]: { 'aws:SourceArn': `arn:aws:logs:${Params.region}:${Params.accountId}:*` },
      },
    }),
    new PolicyStatement({
      sid: 'AWSLogDeliveryAclCheck',
      effect: Effect.ALLOW,
      principals: [Principals.service('delivery.logs.amazonaws.com')],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [bucketArn],
      conditions: source,
    }),
  ];
}

/** Key-policy statement (data key): log delivery encrypts flow-log objects for this account only. */
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html (SSE-KMS key policy)
export function allowFlowLogDeliveryToUseKey(): PolicyStatement {
  return new PolicyStatement({
    sid: 'AllowVpcFlowLogDeliveryToEncrypt',
    effect: Effect.ALLOW,
    principals: [Principals.service('delivery.logs.amazonaws.com')],
    actions: [...KMS_ENCRYPT_DECRYPT_ACTIONS],
    resources: ['*'],
    conditions: {
      [ConditionOperator.STRING_EQUALS]: { 'aws:SourceAccount': Params.accountId },
      [ConditionOperator.ARN_LIKE]: { 'aws:SourceArn': `arn:aws:logs:${Params.region}:${Params.accountId}:*` },
    },
  });
}

// ---------------------------------------------------------------- schemas

function cidrRules(field: string, minPrefix: number, maxPrefix: number): { rule: string; message: string }[] {
  return [
    { rule: 'isCIDR(self)', message: `${field} must be an IPv4 CIDR such as 10.0.0.0/16` },
    { rule: `!isCIDR(self) || (cidr(self).ip().family() == 4 && cidr(self).prefixLength() >= ${minPrefix} && cidr(self).prefixLength() <= ${maxPrefix})`, message: `${field} must be an IPv4 CIDR between /${minPrefix} and /${maxPrefix} (AWS limits)` },
    { rule: '!isCIDR(self) || cidr(self) == cidr(self).masked()', message: `${field} must be a network address (host bits zero), e.g. 10.0.0.0/16 rather than 10.0.0.1/16` },
  ];
}

function vpcSchema(): SchemaNode {
  const subnet = Schema.object('One private subnet.', {
    zone: Schema.string('Availability Zone letter: the subnet is placed in `<region><zone>` (e.g. eu-west-1a).', { enum: AZ_LETTERS }),
    cidrBlock: Schema.string('IPv4 CIDR of the subnet, inside the VPC CIDR.', { rules: cidrRules('subnet cidrBlock', 16, 28) }),
  }, { required: ['zone', 'cidrBlock'] });
  const noOverlap = (list: string) =>
    `${list}.all(a, ${list}.all(b, a == b || !isCIDR(a) || !isCIDR(b) || (!cidr(a).containsCIDR(b) && !cidr(b).containsCIDR(a))))`;
  const subnets = Schema.array(`Exactly ${SUBNET_COUNT} private subnets, each in a different Availability Zone of the region.`, subnet, {
    minItems: SUBNET_COUNT,
    maxItems: SUBNET_COUNT,
    default: DEFAULT_SUBNETS.map((s) => ({ ...s })),
    rules: [
      { rule: 'self.all(s, self.exists_one(t, t.zone == s.zone))', message: `subnets must use ${SUBNET_COUNT} distinct Availability Zones`, messageExpression: `'subnets must use ${SUBNET_COUNT} distinct Availability Zones, got zones ' + self.map(s, s.zone).join(', ')` },
      { rule: noOverlap('self.map(s, s.cidrBlock)'), message: 'subnets must not overlap each other' },
    ],
  });
  const transitGateway = Schema.object('Existing Transit Gateway (e.g. shared by the network account) to reach on-premises through. Omit for a VPC without any path outside itself.', {
    id: Schema.string('Id of the Transit Gateway, e.g. tgw-0123456789abcdef0. It is observed, never created or changed.', {
      pattern: '^tgw-[0-9a-f]{8,17}$',
      rules: [{ rule: "self.matches('^tgw-[0-9a-f]{8,17}$')", message: 'transitGateway.id must look like tgw-0123456789abcdef0' }],
    }),
    onPremCidrBlocks: Schema.array(`On-premises IPv4 CIDRs routed through the Transit Gateway (at most ${MAX_ON_PREM_CIDRS}); they may also reach the interface endpoints on 443.`,
      Schema.string('An on-premises IPv4 CIDR.', { rules: cidrRules('onPremCidrBlocks entry', 8, 32) }), {
        maxItems: MAX_ON_PREM_CIDRS,
        listType: 'set',
        default: [],
        rules: [{ rule: noOverlap('self'), message: 'onPremCidrBlocks must not overlap each other' }],
      }),
  }, { required: ['id'] });
  const vpcCidr = Schema.string('IPv4 CIDR of the VPC: RFC 1918 space, /16 to /28.', {
    default: DEFAULT_VPC_CIDR,
    rules: [
      ...cidrRules('vpc.cidrBlock', 16, 28),
      { rule: `!isCIDR(self) || ${known(RFC1918)}.exists(r, cidr(r).containsCIDR(self))`, message: `vpc.cidrBlock must lie in private address space (${RFC1918.join(', ')}): the VPC has no internet path` },
    ],
  });
  return Schema.object('Addressing of the private-only VPC.', { cidrBlock: vpcCidr, subnets, transitGateway }, {
    default: {},
    rules: [
      {
        rule: '!isCIDR(self.cidrBlock) || self.subnets.all(s, !isCIDR(s.cidrBlock) || cidr(self.cidrBlock).containsCIDR(s.cidrBlock))',
        message: 'every subnet cidrBlock must lie inside vpc.cidrBlock',
        messageExpression: "'subnets ' + self.subnets.filter(s, isCIDR(s.cidrBlock) && !cidr(self.cidrBlock).containsCIDR(s.cidrBlock)).map(s, s.cidrBlock).join(', ') + ' lie outside vpc.cidrBlock ' + self.cidrBlock",
        fieldPath: '.subnets',
      },
      {
        rule: '!has(self.transitGateway) || !has(self.transitGateway.onPremCidrBlocks) || !isCIDR(self.cidrBlock) || self.transitGateway.onPremCidrBlocks.all(c, !isCIDR(c) || (!cidr(c).containsCIDR(self.cidrBlock) && !cidr(self.cidrBlock).containsCIDR(c)))',
        message: 'transitGateway.onPremCidrBlocks must not overlap vpc.cidrBlock',
        fieldPath: '.transitGateway.onPremCidrBlocks',
      },
    ],
  });
}

function interfaceEndpointsSchema(): SchemaNode {
  return {
    type: 'object',
    description: `Interface VPC endpoints to create, as a map from service name to true (remove a key to drop its endpoint). Known services: ${INTERFACE_ENDPOINT_SERVICES.map((s) => s.service).join(', ')}.`,
    additionalProperties: { type: 'boolean', description: 'true: create the interface endpoint of this service.' },
    maxProperties: INTERFACE_ENDPOINT_SERVICES.length,
    default: Object.fromEntries(DEFAULT_INTERFACE_ENDPOINTS.map((s) => [s, true])),
    xKubernetesValidations: [
      {
        rule: `self.all(k, k in ${KNOWN_SERVICES})`,
        message: `interfaceEndpoints may only name known services: ${INTERFACE_ENDPOINT_SERVICES.map((s) => s.service).join(', ')}`,
        messageExpression: `'interfaceEndpoints names unknown service(s) ' + self.filter(k, !(k in ${KNOWN_SERVICES})).join(', ') + '; known services are ${INTERFACE_ENDPOINT_SERVICES.map((s) => s.service).join(', ')}'`,
      },
      { rule: 'self.all(k, self[k] == true)', message: 'interfaceEndpoints values must be true; remove the key to not create an endpoint' },
    ],
  } as SchemaNode;
}

/** Names that other domains or tests need. */
export const NetworkNames = { flowLogGroup: FLOW_LOG_GROUP, glueDatabase: GLUE_DATABASE, flowLogTable: FLOW_LOG_TABLE } as const;
export { FLOW_LOG_FIELDS };
