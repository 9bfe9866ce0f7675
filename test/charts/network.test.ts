// Network domain: facts about the rendered dev and prod claims, the effect of every endpoint
// policy, the flow-log format <-> Glue table <-> S3 layout contract, the named queries, and the
// claim validation of network parameters.
import { App } from 'cdk8s';
import { Parser } from 'node-sql-parser';
import { buildPackage } from '../../charts';
import { AZ_LETTERS } from '../../charts/network';
import { FLOW_LOG_FIELDS, PARTITION_KEYS, columnName, fillTemplate, flowLogKeyPrefix, parseFlowLogFormat } from '../../compositions/blocks/network/flow-log-format';
import { FLOW_LOG_QUERIES, FLOW_LOG_TABLE } from '../../compositions/blocks/network/flow-log-queries';
import { AWS_OWNED_BUCKETS_SID, AWS_OWNED_SSM_RESOURCES_SID, AWS_SERVICE_PRINCIPALS_SID, DEFAULT_INTERFACE_ENDPOINTS, FEDERATED_SIGN_IN_SID, INTERFACE_ENDPOINT_SERVICES, ORG_STATEMENT_SID, PRIVATE_API_INVOKE_SID, endpointService } from '../../compositions/blocks/network/vpc-endpoints';
import type { RenderOutput } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';
import { Validator, formatProblem } from '../../validator/validate';
import { ALLOW_ALL, ANONYMOUS, iamWildcardMatch, simulate } from '../support/iam-simulator';
import { renderCharts } from '../support/render-chart';
import { forProvider, renderExample, resourceNamed, resourcesOfKind } from '../support/render-example';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';
import { synthesizeCharts } from '../../compositions/kernel/synth-charts';

const EXAMPLES = ['dev-claim', 'prod-claim'] as const;
const ORG = 'o-a1b2c3d4e5';
const annotation = (r: JsonObject, key: string) => ((r.metadata as JsonObject).annotations as Record<string, string> | undefined)?.[key];
const componentOf = (r: JsonObject) => annotation(r, 'crossplane.io/composition-resource-name') ?? '';
const ofKind = (name: (typeof EXAMPLES)[number], kind: string) => resourcesOfKind(renderExample(name), kind);
const networkOf = (out: RenderOutput) => ((out.claim!.spec as JsonObject).parameters as JsonObject).network as JsonObject;
const subnetIdsOf = (out: RenderOutput) => resourcesOfKind(out, 'Subnet.ec2.aws.upbound.io').map((x) => String(annotation(x, 'crossplane.io/external-name')));
const transitGatewayOf = (out: RenderOutput) => ((networkOf(out).vpc as JsonObject | undefined)?.transitGateway ?? {}) as JsonObject;

describe.each(EXAMPLES)('network domain (%s rendered)', (example) => {
  const out = () => renderExample(example);
  const subnetIds = () => subnetIdsOf(out());

  test('converges, and every network and session-manager resource validates (schema, CEL, AWS names)', () => {
    expect(out().converged).toBe(true);
    const mine = out().problems.filter((p) => p.kind !== 'readiness' && /network|session|VPC|Subnet|FlowLog|Catalog|Workgroup|NamedQuery|Definition|Document/i.test(`${p.object} ${p.message}`));
    expect(mine).toEqual([]);
  });

  test('composes no internet path: no IGW, NAT gateway, EIP, egress-only IGW, and no subnet that maps public IPs (EC2.15)', () => {
    const kinds = new Set(out().resources.map((r) => String(r.kind)));
    for (const k of ['InternetGateway', 'NATGateway', 'EIP', 'EgressOnlyInternetGateway']) expect(kinds.has(k)).toBe(false);
    const subnets = ofKind(example, 'Subnet.ec2.aws.upbound.io');
    expect(subnets.map((s) => forProvider(s).mapPublicIpOnLaunch)).toEqual([false, false, false]);
    // No route anywhere points at a gateway id (only Transit Gateway routes exist).
    for (const r of ofKind(example, 'Route.ec2.aws.upbound.io')) expect(forProvider(r).gatewayId).toBeUndefined();
  });

  test('3 subnets in 3 distinct AZs of the claim region, inside the VPC CIDR', () => {
    const region = String(((out().claim!.status as JsonObject).account as JsonObject).region);
    const azs = ofKind(example, 'Subnet.ec2.aws.upbound.io').map((s) => String(forProvider(s).availabilityZone));
    expect(azs).toHaveLength(3);
    expect(new Set(azs).size).toBe(3);
    for (const az of azs) expect(az).toMatch(new RegExp(`^${region}[${AZ_LETTERS.join('')}]$`));
  });

  test('every interface endpoint has private DNS, the endpoint security group (replacing the default) and all 3 subnets', () => {
    const interfaces = ofKind(example, 'VPCEndpoint.ec2.aws.upbound.io').filter((e) => forProvider(e).vpcEndpointType === 'Interface');
    expect(interfaces.length).toBeGreaterThanOrEqual(DEFAULT_INTERFACE_ENDPOINTS.length);
    const sgAssocs = ofKind(example, 'VPCEndpointSecurityGroupAssociation.ec2.aws.upbound.io');
    const subnetAssocs = ofKind(example, 'VPCEndpointSubnetAssociation.ec2.aws.upbound.io');
    const endpointSg = resourceNamed(out(), 'endpointSecurityGroup');
    const endpointSgId = String(annotation(endpointSg, 'crossplane.io/external-name'));
    for (const e of interfaces) {
      expect(forProvider(e).privateDnsEnabled).toBe(true);
      const id = String(annotation(e, 'crossplane.io/external-name'));
      const sg = sgAssocs.filter((a) => forProvider(a).vpcEndpointId === (e.status as JsonObject & { atProvider: JsonObject }).atProvider.id);
      expect(sg).toHaveLength(1);
      expect(forProvider(sg[0]!)).toMatchObject({ securityGroupId: endpointSgId, replaceDefaultAssociation: true });
      // Every endpoint is composed by its own feature composite, so its subnet associations are found by endpoint id.
      const subnets = subnetAssocs.filter((a) => forProvider(a).vpcEndpointId === (e.status as JsonObject & { atProvider: JsonObject }).atProvider.id);
      expect(new Set(subnets.map((a) => forProvider(a).subnetId))).toEqual(new Set(subnetIds()));
      expect(id).toMatch(/^vpce-/);
    }
  });

  test('the endpoint security group admits only 443 from the VPC (and on-premises) CIDRs', () => {
    const rules = ofKind(example, 'SecurityGroupIngressRule.ec2.aws.upbound.io').filter((r) => componentOf(r).startsWith('endpointIngress'));
    const vpcCidr = String(forProvider(resourceNamed(out(), 'vpc')).cidrBlock);
    expect(rules.map((r) => forProvider(r).cidrIpv4)).toContain(vpcCidr);
    for (const r of rules) expect(forProvider(r)).toMatchObject({ ipProtocol: 'tcp', fromPort: 443, toPort: 443 });
    const onPrem = (transitGatewayOf(out()).onPremCidrBlocks as string[] | undefined) ?? [];
    expect(rules.map((r) => forProvider(r).cidrIpv4).sort()).toEqual([vpcCidr, ...onPrem].sort());
    const endpointSgId = String(annotation(resourceNamed(out(), 'endpointSecurityGroup'), 'crossplane.io/external-name'));
    for (const r of rules) expect(forProvider(r).securityGroupId).toBe(endpointSgId);
  });

  test('every endpoint policy requires aws:PrincipalOrgID; aws:ResourceOrgID exactly where the service supports it', () => {
    for (const e of ofKind(example, 'VPCEndpoint.ec2.aws.upbound.io')) {
      const service = String(forProvider(e).serviceName).split('.').slice(3).join('.');
      const policy = JSON.parse(String(forProvider(e).policy)) as { Statement: JsonObject[] };
      const org = policy.Statement.find((s) => s.Sid === ORG_STATEMENT_SID)!;
      const equals = (org.Condition as Record<string, Record<string, string>>).StringEquals!;
      expect(equals['aws:PrincipalOrgID']).toBe(ORG);
      expect(equals['aws:ResourceOrgID']).toBe(endpointService(service).resourceOrgCondition ? ORG : undefined);
      // Every other Allow is one of the named AWS flows, each on its own service only.
      const flows: Record<string, string> = { [AWS_OWNED_BUCKETS_SID]: 's3', [FEDERATED_SIGN_IN_SID]: 'sts', [AWS_OWNED_SSM_RESOURCES_SID]: 'ssm', [PRIVATE_API_INVOKE_SID]: 'execute-api' };
      for (const s of policy.Statement.filter((x) => x.Sid !== ORG_STATEMENT_SID)) {
        expect(s.Effect).toBe('Allow');
        if (s.Sid === AWS_SERVICE_PRINCIPALS_SID) expect(s.Condition).toEqual({ Bool: { 'aws:PrincipalIsAWSService': 'true' } });
        else expect(flows[String(s.Sid)]).toBe(service);
      }
    }
  });

  test('flow logs: ALL traffic to CloudWatch Logs (encrypted group) and to S3 as Parquet, Hive-compatible, hourly', () => {
    const [cw, s3] = ['flowLogToCloudWatch', 'flowLogToS3'].map((n) => forProvider(resourceNamed(out(), n)));
    expect(cw).toMatchObject({ trafficType: 'ALL', logDestinationType: 'cloud-watch-logs' });
    expect(s3).toMatchObject({ trafficType: 'ALL', logDestinationType: 's3', destinationOptions: { fileFormat: 'parquet', hiveCompatiblePartitions: true, perHourPartition: true } });
    expect(String(forProvider(resourceNamed(out(), 'flowLogGroup')).kmsKeyId)).toMatch(/^arn:aws:kms:/);
    expect(forProvider(resourceNamed(out(), 'flowLogGroup')).retentionInDays).toBeGreaterThanOrEqual(365);
  });

  test('flow-log format fields equal the Glue columns, in order and type', () => {
    const fields = parseFlowLogFormat(String(forProvider(resourceNamed(out(), 'flowLogToS3')).logFormat));
    const columns = (forProvider(resourceNamed(out(), 'flowLogTable')).storageDescriptor as { columns: { name: string; type: string }[] }).columns;
    expect(columns.map((c) => c.name)).toEqual(fields.map(columnName));
    // Types: what AWS writes (Parquet type per field) must be readable as the column type.
    const readable: Record<string, string[]> = { INT_32: ['int', 'bigint'], INT_64: ['bigint'], STRING: ['string'] };
    fields.forEach((f, i) => {
      const documented = FLOW_LOG_FIELDS.find((x) => x.name === f)!;
      expect(readable[documented.parquetType]).toContain(columns[i]!.type);
    });
    expect(fields).toEqual(expect.arrayContaining(['vpc-id', 'subnet-id', 'instance-id', 'tcp-flags', 'pkt-srcaddr', 'pkt-dstaddr', 'flow-direction', 'traffic-path']));
  });

  test('the partition projection template equals the S3 key layout the flow log writes', () => {
    const s3 = forProvider(resourceNamed(out(), 'flowLogToS3'));
    const table = forProvider(resourceNamed(out(), 'flowLogTable'));
    const params = table.parameters as Record<string, string>;
    const bucket = String(s3.logDestination).replace('arn:aws:s3:::', '');
    const { id: accountId, region } = (out().claim!.status as JsonObject).account as Record<string, string>;
    const values = { accountId: accountId!, region: region!, year: '2026', month: '03', day: '07', hour: '09' };
    const partitionValues = { 'aws-account-id': params['projection.aws-account-id.values']!, 'aws-service': params['projection.aws-service.values']!, 'aws-region': params['projection.aws-region.values']!, year: '2026', month: '03', day: '07', hour: '09' };
    expect(fillTemplate(params['storage.location.template']!, partitionValues)).toBe(`s3://${flowLogKeyPrefix(bucket, values)}`);
    expect((table.partitionKeys as { name: string }[]).map((k) => k.name)).toEqual([...PARTITION_KEYS]);
    expect(String((table.storageDescriptor as JsonObject).location)).toBe(`s3://${bucket}/AWSLogs/`);
  });

  test('the Athena workgroup enforces SSE-KMS results in the secure results bucket and a scan cutoff', () => {
    const wg = forProvider(resourceNamed(out(), 'athenaWorkgroup')).configuration as JsonObject;
    expect(wg).toMatchObject({ enforceWorkgroupConfiguration: true, resultConfiguration: { encryptionConfiguration: { encryptionOption: 'SSE_KMS' } } });
    expect(Number(wg.bytesScannedCutoffPerQuery)).toBeGreaterThanOrEqual(10 * 1024 * 1024);
    const results = String(forProvider(resourceNamed(out(), 'athenaResultsBucket')) && annotation(resourceNamed(out(), 'athenaResultsBucket'), 'crossplane.io/external-name'));
    expect(String((wg.resultConfiguration as JsonObject).outputLocation)).toBe(`s3://${results}/results/`);
  });

  test('one named query and one Insights query definition per security question', () => {
    expect(ofKind(example, 'NamedQuery.athena.aws.upbound.io')).toHaveLength(FLOW_LOG_QUERIES.length);
    expect(ofKind(example, 'Definition.cloudwatchlogs.aws.upbound.io').filter((d) => componentOf(d).startsWith('insightsQuery'))).toHaveLength(FLOW_LOG_QUERIES.length);
  });
});

// A network ACL as AWS evaluates it: stateless, entries in ascending rule number, the first
// entry whose protocol, port range and CIDR match decides; no match is a deny (the implicit `*`).
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
interface Packet { readonly protocol: 'tcp' | 'udp'; readonly port: number; readonly source: string }
function ipv4(a: string): number { return a.split('.').reduce((n, o) => n * 256 + Number(o), 0); }
function inCidr(address: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipv4(address) / size) === Math.floor(ipv4(base!) / size);
}
function naclDecision(entries: readonly JsonObject[], p: Packet): 'allow' | 'deny' {
  for (const e of [...entries].sort((a, b) => Number(a.ruleNo) - Number(b.ruleNo))) {
    const protocolMatches = e.protocol === '-1' || e.protocol === p.protocol;
    const portMatches = e.protocol === '-1' || (p.port >= Number(e.fromPort) && p.port <= Number(e.toPort));
    if (protocolMatches && portMatches && inCidr(p.source, String(e.cidrBlock))) return e.action as 'allow' | 'deny';
  }
  return 'deny';
}

describe.each(EXAMPLES)('default network ACL (%s rendered; CIS 5.1 / EC2.21)', (example) => {
  const out = () => renderExample(example);
  const acl = () => resourceNamed(out(), 'defaultNetworkAcl');
  const ingress = () => forProvider(acl()).ingress as JsonObject[];
  const vpcCidr = () => String(forProvider(resourceNamed(out(), 'vpc')).cidrBlock);
  const inside = () => vpcCidr().replace(/\.0\/\d+$/, '.10');

  test('adopts the VPC\'s own default ACL (the one every subnet of ours is associated with)', () => {
    const vpc = resourceNamed(out(), 'vpc');
    expect(forProvider(acl()).defaultNetworkAclId).toBe(((vpc.status as JsonObject).atProvider as JsonObject).defaultNetworkAclId);
    expect(annotation(acl(), 'crossplane.io/external-name')).toMatch(/^acl-[0-9a-f]{17}$/);
  });

  test('SSH and RDP are refused from anywhere, the VPC itself included (Session Manager is the admin path)', () => {
    for (const port of [22, 3389]) for (const source of ['203.0.113.7', '0.0.0.0', inside()]) {
      expect(naclDecision(ingress(), { protocol: 'tcp', port, source })).toBe('deny');
    }
  });

  test('the VPC\'s own traffic, HTTPS and responses on ephemeral ports (gateway endpoints, on-premises) still flow', () => {
    expect(naclDecision(ingress(), { protocol: 'tcp', port: 443, source: inside() })).toBe('allow');
    expect(naclDecision(ingress(), { protocol: 'udp', port: 53, source: inside() })).toBe('allow');
    expect(naclDecision(ingress(), { protocol: 'tcp', port: 443, source: '192.168.10.1' })).toBe('allow');
    for (const port of [1024, 3388, 3390, 32768, 65535]) expect(naclDecision(ingress(), { protocol: 'tcp', port, source: '52.218.1.1' })).toBe('allow');
    // Anything else from outside the VPC is refused (the implicit deny).
    expect(naclDecision(ingress(), { protocol: 'udp', port: 161, source: '203.0.113.7' })).toBe('deny');
    expect(naclDecision(ingress(), { protocol: 'tcp', port: 80, source: '203.0.113.7' })).toBe('deny');
  });

  test('as the Config rule reads it: no inbound allow entry from 0.0.0.0/0 covers port 22 or 3389', () => {
    const open = ingress().filter((e) => e.action === 'allow' && e.cidrBlock === '0.0.0.0/0'
      && (e.protocol === '-1' || [22, 3389].some((p) => p >= Number(e.fromPort) && p <= Number(e.toPort))));
    expect(open).toEqual([]);
  });

  test('the evaluator can fail: AWS\'s out-of-the-box default entry (allow all from anywhere) opens SSH', () => {
    expect(naclDecision([{ ruleNo: 100, action: 'allow', protocol: '-1', cidrBlock: '0.0.0.0/0', fromPort: 0, toPort: 0 }], { protocol: 'tcp', port: 22, source: '203.0.113.7' })).toBe('allow');
  });
});

describe('named Athena queries', () => {
  const columns = new Set(FLOW_LOG_FIELDS.map((f) => columnName(f.name)));
  const partitions = new Set<string>(PARTITION_KEYS);
  const parser = new Parser();

  test.each(FLOW_LOG_QUERIES.map((q) => [q.name, q.athena]))('%s parses as Trino/Athena SQL and reads only table columns and partitions', (_name, sql) => {
    for (const database of ['trino', 'athena']) expect(() => parser.astify(sql, { database })).not.toThrow();
    // Double quotes are identifiers in Trino but strings to the parser: forbid them so no column escapes the check.
    expect(sql).not.toContain('"');
    const aliases = new Set([...sql.matchAll(/\bAS\s+([a-z_]+)/gi)].map((m) => m[1]!));
    const used = parser.columnList(sql, { database: 'trino' }).map((c) => c.split('::')[2]!);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((c) => !columns.has(c) && !partitions.has(c) && !aliases.has(c))).toEqual([]);
    expect(sql).toContain(`FROM ${FLOW_LOG_TABLE}`);
  });

  test('the column check can fail: a misspelt column is reported', () => {
    const used = parser.columnList('SELECT srcadr FROM vpc_flow_logs', { database: 'trino' }).map((c) => c.split('::')[2]!);
    expect(used.filter((c) => !columns.has(c))).toEqual(['srcadr']);
  });
});

describe('endpoint policies in the simulator', () => {
  // Endpoint policies are an allow boundary for every request through the endpoint; an SCP is
  // evaluated the same way (no Principal), so each endpoint policy is simulated as one.
  const ACCOUNT = '111122223333';
  const asBoundary = (policy: { Statement: JsonObject[] }) => ({ ...policy, Statement: policy.Statement.map(({ Principal: _p, ...s }) => s) });
  const allowAll = ALLOW_ALL;
  const policyOf = (service: string) => {
    const e = ofKind('dev-claim', 'VPCEndpoint.ec2.aws.upbound.io').find((x) => String(forProvider(x).serviceName).endsWith(`.${service}`))!;
    return JSON.parse(String(forProvider(e).policy)) as { Statement: JsonObject[] };
  };
  const request = (service: string, action: string, resource: string, context: Record<string, string>) =>
    simulate({ principal: `arn:aws:iam::${ACCOUNT}:role/app`, action, resource, resourceAccount: ACCOUNT, identityPolicies: [allowAll], scps: [asBoundary(policyOf(service))], context });

  // (sqs rather than kms: the simulator, like KMS, also requires a key policy for kms actions.)
  test('sqs: organization principal on an organization queue is allowed; outside principal or outside queue is refused', async () => {
    const queue = `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders`;
    expect((await request('sqs', 'sqs:SendMessage', queue, { 'aws:PrincipalOrgID': ORG, 'aws:ResourceOrgID': ORG })).result).toBe('Allowed');
    expect((await request('sqs', 'sqs:SendMessage', queue, { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz', 'aws:ResourceOrgID': ORG })).result).toBe('ImplicitlyDenied');
    expect((await request('sqs', 'sqs:SendMessage', queue, { 'aws:PrincipalOrgID': ORG, 'aws:ResourceOrgID': 'o-zzzzzzzzzz' })).result).toBe('ImplicitlyDenied');
  });

  test('s3 gateway: an organization principal cannot write to a bucket of another organization (exfiltration)', async () => {
    const foreign = 'arn:aws:s3:::attacker-bucket/loot.tar';
    expect((await request('s3', 's3:PutObject', foreign, { 'aws:PrincipalOrgID': ORG, 'aws:ResourceOrgID': 'o-zzzzzzzzzz' })).result).toBe('ImplicitlyDenied');
    expect((await request('s3', 's3:PutObject', `arn:aws:s3:::zta-data-${ACCOUNT}/x`, { 'aws:PrincipalOrgID': ORG, 'aws:ResourceOrgID': ORG })).result).toBe('Allowed');
  });

  test('s3 gateway: ECR image layers in the AWS-owned bucket stay readable, but not writable', async () => {
    const layer = 'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/sha256/abc';
    expect((await request('s3', 's3:GetObject', layer, { 'aws:PrincipalOrgID': 'o-awsecr0000', 'aws:ResourceOrgID': 'o-awsecr0000' })).result).toBe('Allowed');
    expect((await request('s3', 's3:PutObject', layer, { 'aws:PrincipalOrgID': ORG, 'aws:ResourceOrgID': 'o-awsecr0000' })).result).toBe('ImplicitlyDenied');
  });

  test('ec2 (no resource-org condition): only the principal organization decides', async () => {
    const instance = `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0123456789abcdef0`;
    expect((await request('ec2', 'ec2:DescribeInstances', '*', { 'aws:PrincipalOrgID': ORG })).result).toBe('Allowed');
    expect((await request('ec2', 'ec2:StopInstances', instance, { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' })).result).toBe('ImplicitlyDenied');
  });

  // The same policies evaluated as AWS evaluates an endpoint policy (the simulator's VPC endpoint
  // path, which matches Principal elements), for the flows that carry no organization principal.
  const through = (service: string, principal: string, action: string, resource: string, context: Record<string, string>, resourcePolicy?: object) =>
    simulate({ principal, action, resource, resourceAccount: resource.split(':')[4] || ACCOUNT, identityPolicies: principal.includes(':iam::') ? [allowAll] : [], resourcePolicy, vpcEndpointPolicy: policyOf(service), context });
  const trustAnyone = (action: string, resource: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: action, Resource: resource }] });

  test('sts: web-identity and SAML sign-in (unsigned) reach roles of the organization only', async () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/app-irsa`;
    for (const action of ['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML']) {
      expect((await through('sts', ANONYMOUS, action, role, { 'aws:ResourceOrgID': ORG }, trustAnyone(action, role))).result).toBe('Allowed');
      expect((await through('sts', ANONYMOUS, action, 'arn:aws:iam::999988887777:role/foreign', { 'aws:ResourceOrgID': 'o-zzzzzzzzzz' }, trustAnyone(action, 'arn:aws:iam::999988887777:role/foreign'))).result).not.toBe('Allowed');
    }
    // Unsigned sign-in is the only unsigned flow: an unsigned AssumeRole is refused by the endpoint.
    expect((await through('sts', ANONYMOUS, 'sts:AssumeRole', role, { 'aws:ResourceOrgID': ORG }, trustAnyone('sts:AssumeRole', role))).result).not.toBe('Allowed');
  });

  // The simulator cannot type an ARN without an account (AWS-owned SSM documents and public
  // parameters are `arn:aws:ssm:<region>::...`), so this statement is evaluated here: IAM's
  // wildcard match of Resource and Action, and the StringEquals on aws:PrincipalOrgID.
  test('ssm (evaluated here, not by the simulator): organization principals start sessions with AWS-owned documents and read public parameters, nothing else', () => {
    const statement = policyOf('ssm').Statement.find((x) => x.Sid === AWS_OWNED_SSM_RESOURCES_SID)!;
    const allows = (action: string, resource: string, orgId: string) =>
      (statement.Action as string[]).some((a) => iamWildcardMatch(a, action)) && (statement.Resource as string[]).some((r) => iamWildcardMatch(r, resource))
      && (statement.Condition as Record<string, Record<string, string>>).StringEquals!['aws:PrincipalOrgID'] === orgId;
    const doc = 'arn:aws:ssm:eu-west-1::document/AWS-StartSSHSession';
    const ami = 'arn:aws:ssm:eu-west-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';
    expect(allows('ssm:StartSession', doc, ORG)).toBe(true);
    expect(allows('ssm:GetParameter', ami, ORG)).toBe(true);
    expect(allows('ssm:PutParameter', ami, ORG)).toBe(false);
    expect(allows('ssm:DeleteDocument', doc, ORG)).toBe(false);
    expect(allows('ssm:StartSession', doc, 'o-zzzzzzzzzz')).toBe(false);
    // A document of another account is not AWS-owned: the organization statement decides it.
    expect(allows('ssm:StartSession', 'arn:aws:ssm:eu-west-1:999988887777:document/exfil', ORG)).toBe(false);
    expect(allows('ssm:GetParameter', 'arn:aws:ssm:eu-west-2::parameter/aws/service/x', ORG)).toBe(false);
  });

  test('execute-api: an unauthenticated caller invokes this account\'s private API, never another account\'s', async () => {
    const own = `arn:aws:execute-api:eu-west-1:${ACCOUNT}:a1b2c3d4e5/prod/GET/orders`;
    const foreign = 'arn:aws:execute-api:eu-west-1:999988887777:z9y8x7w6v5/prod/GET/loot';
    expect((await through('execute-api', ANONYMOUS, 'execute-api:Invoke', own, {}, trustAnyone('execute-api:Invoke', own))).result).toBe('Allowed');
    expect((await through('execute-api', ANONYMOUS, 'execute-api:Invoke', foreign, {}, trustAnyone('execute-api:Invoke', foreign))).result).not.toBe('Allowed');
  });

  test('an AWS service principal acting through an endpoint is allowed; an outside principal is not', async () => {
    const topic = `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`;
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: topic }] };
    expect((await through('sns', 'events.amazonaws.com', 'sns:Publish', topic, { 'aws:PrincipalIsAWSService': 'true' }, policy)).result).toBe('Allowed');
    expect((await through('sns', 'arn:aws:iam::999988887777:role/x', 'sns:Publish', topic, { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz', 'aws:ResourceOrgID': ORG, 'aws:PrincipalIsAWSService': 'false' }, trustAnyone('sns:Publish', topic))).result).not.toBe('Allowed');
  });

  test('the resource-org list is explicit for every known service', () => {
    for (const s of INTERFACE_ENDPOINT_SERVICES) expect(typeof s.resourceOrgCondition).toBe('boolean');
    expect(INTERFACE_ENDPOINT_SERVICES.filter((s) => s.resourceOrgCondition).map((s) => s.service).sort())
      .toEqual(['kinesis-streams', 'kms', 'lambda', 'logs', 'secretsmanager', 'sns', 'sqs', 'ssm', 'sts']);
  });
});

describe('network claim validation (ZeroTrustAccount XRD: schema + CEL)', () => {
  const objects = synthesizeCharts(buildPackage(new App()).charts).flat() as JsonObject[];
  const validator = new Validator();
  for (const x of objects.filter((o) => o.kind === 'CompositeResourceDefinition')) validator.addXrd(x);
  const claim = (network: Record<string, unknown>) => ({
    apiVersion: 'aws.zerotrust.io/v1alpha1',
    kind: 'ZeroTrustAccount',
    metadata: { name: 'n', namespace: 'ns' },
    spec: { parameters: { network } },
  });
  const problems = (network: Record<string, unknown>) => validator.validate(claim(network)).map((p) => formatProblem(p)).filter((p) => p.includes('.network'));
  const subnets = (...s: [string, string][]) => s.map(([zone, cidrBlock]) => ({ zone, cidrBlock }));

  test('accepts the defaults and a Transit Gateway with on-premises CIDRs', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ vpc: { transitGateway: { id: 'tgw-0a1b2c3d4e5f67890', onPremCidrBlocks: ['192.168.0.0/16'] } } })).toEqual([]);
  });

  test('the interfaceEndpoints default is the issue list', () => {
    const xrd = objects.find((o) => o.kind === 'CompositeResourceDefinition' && (o.metadata as JsonObject).name === 'xnetworks.aws.zerotrust.io')!;
    const spec = ((xrd.spec as JsonObject).versions as JsonObject[])[0]!.schema as JsonObject;
    const parameters = ((((spec.openAPIV3Schema as JsonObject).properties as JsonObject).spec as JsonObject).properties as JsonObject).parameters as JsonObject;
    expect(((parameters.properties as JsonObject).interfaceEndpoints as JsonObject).default).toEqual([...DEFAULT_INTERFACE_ENDPOINTS]);
    expect(DEFAULT_INTERFACE_ENDPOINTS).toEqual(['ssm', 'ssmmessages', 'ec2messages', 'ec2', 'kms', 'logs', 'monitoring', 'sts', 'secretsmanager', 'sns', 'sqs',
      'events', 'ecr.api', 'ecr.dkr', 'execute-api', 'athena', 'glue', 'lambda', 'elasticloadbalancing', 'autoscaling']);
  });

  test.each([
    ['overlapping subnets', { vpc: { subnets: subnets(['a', '10.0.0.0/20'], ['b', '10.0.8.0/21'], ['c', '10.0.32.0/20']) } }, '.spec.parameters.network.vpc.subnets', 'subnets must not overlap each other'],
    ['a subnet outside the VPC', { vpc: { subnets: subnets(['a', '10.0.0.0/20'], ['b', '10.1.16.0/20'], ['c', '10.0.32.0/20']) } }, '.spec.parameters.network.vpc.subnets', 'every subnet cidrBlock must lie inside vpc.cidrBlock 10.0.0.0/16, got subnets 10.0.0.0/20, 10.1.16.0/20, 10.0.32.0/20'],
    ['fewer than 3 AZs', { vpc: { subnets: subnets(['a', '10.0.0.0/20'], ['a', '10.0.16.0/20'], ['c', '10.0.32.0/20']) } }, '.spec.parameters.network.vpc.subnets', 'subnets must use 3 distinct Availability Zones, got zones a, a, c'],
    ['only 2 subnets', { vpc: { subnets: subnets(['a', '10.0.0.0/20'], ['b', '10.0.16.0/20']) } }, '.spec.parameters.network.vpc.subnets', 'must NOT have fewer than 3 items'],
    ['a public VPC CIDR', { vpc: { cidrBlock: '52.0.0.0/16', subnets: subnets(['a', '52.0.0.0/20'], ['b', '52.0.16.0/20'], ['c', '52.0.32.0/20']) } }, '.spec.parameters.network.vpc.cidrBlock', 'vpc.cidrBlock must lie in private address space'],
    ['a non-canonical VPC CIDR', { vpc: { cidrBlock: '10.0.0.1/16' } }, '.spec.parameters.network.vpc.cidrBlock', 'must be a network address'],
    ['on-premises CIDRs overlapping the VPC', { vpc: { transitGateway: { id: 'tgw-0a1b2c3d4e5f67890', onPremCidrBlocks: ['10.0.0.0/8'] } } }, '.spec.parameters.network.vpc.transitGateway.onPremCidrBlocks', 'transitGateway.onPremCidrBlocks must not overlap vpc.cidrBlock'],
    ['an unknown endpoint service', { interfaceEndpoints: ['ssm', 's3express'] }, '.spec.parameters.network.interfaceEndpoints[1]', 'must be one of ssm, ssmmessages, ec2messages, ec2, kms, logs, … (got "s3express")'],
    ['a service listed twice', { interfaceEndpoints: ['ssm', 'kms', 'ssm'] }, '.spec.parameters.network.interfaceEndpoints', 'duplicate'],
    ['too many on-premises CIDRs', { vpc: { transitGateway: { id: 'tgw-0a1b2c3d4e5f67890', onPremCidrBlocks: ['192.168.0.0/24', '192.168.1.0/24', '192.168.2.0/24', '192.168.3.0/24', '192.168.4.0/24'] } } }, '.spec.parameters.network.vpc.transitGateway.onPremCidrBlocks', 'must NOT have more than 4 items'],
    ['a malformed Transit Gateway id', { vpc: { transitGateway: { id: 'tgw-XYZ' } } }, '.spec.parameters.network.vpc.transitGateway.id', 'transitGateway.id must look like tgw-0123456789abcdef0'],
    ['a retention shorter than a year', { flowLogs: { retentionDays: 30 } }, '.spec.parameters.network.flowLogs.retentionDays', 'flowLogs.retentionDays must be one of 365'],
  ])('rejects %s with a field-specific message', (_what, network, path, message) => {
    const found = problems(network);
    expect(found.some((p) => p.includes(`${path}:`) && p.includes(message))).toBe(true);
  });

  test('the organization id is not the claim\'s: the network XR gets it from the binding, and refuses a malformed one', () => {
    expect(problems({ organizationId: ORG })).toEqual([expect.stringMatching(/^ZeroTrustAccount\/n: \.spec\.parameters\.network\.organizationId: unknown field/)]);
    const xr = (organizationId: string) => ({
      apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XNetwork', metadata: { name: 'n' },
      spec: { parameters: { accountId: '111122223333', region: 'eu-west-1', environmentSuffix: 'dev', organizationId, logsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k', dataKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k', permissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/b' } },
    });
    const organizationProblems = (id: string) => validator.validate(xr(id)).map((p) => formatProblem(p)).filter((p) => p.includes('organizationId'));
    expect(organizationProblems(ORG)).toEqual([]);
    expect(organizationProblems('org-1')).toEqual([
      'XNetwork/n: .spec.parameters.organizationId: must match pattern ^o-[a-z0-9]{10,32}$ (got "org-1") [pattern]',
      expect.stringContaining('.spec.parameters.organizationId: organizationId must look like "o-" followed by 10-32 lowercase letters or digits'),
    ]);
  });
});

// Optional features are conditional resources of the network (function-cel-filter): present, the
// feature's resources are composed; absent, none of them, and the network (so the claim) is Ready either way.
describe('optional network features', () => {
  const readyOf = (r: JsonObject) => (((r.status as JsonObject | undefined)?.conditions ?? []) as JsonObject[]).find((c) => c.type === 'Ready')?.status;
  const externalName = (r: JsonObject) => String(annotation(r, 'crossplane.io/external-name'));
  const composites = (out: RenderOutput, kind: string) => out.resources.filter((r) => r.kind === kind);
  const network = (out: RenderOutput) => composites(out, 'XNetwork')[0] ?? out.composite;

  describe.each(EXAMPLES)('%s rendered', (example) => {
    const out = () => renderExample(example);
    const tgw = () => transitGatewayOf(out());

    test('the network is Ready, and its optional features are its own conditional resources, not nested composites', () => {
      expect(readyOf(network(out()))).toBe('True');
      const networkUid = String((network(out()).metadata as JsonObject).uid);
      const nested = out().resources.filter((r) => String(r.kind).startsWith('X') && ((r.metadata as JsonObject).ownerReferences as JsonObject[] | undefined ?? []).some((o) => o.uid === networkUid));
      expect(nested).toEqual([]);
      const mine = out().problems.filter((p) => /XNetwork|XSessionManager/.test(`${p.object} ${p.message}`));
      expect(mine).toEqual([]);
    });

    test('Transit Gateway: given, the network composes the observed gateway, the attachment and the on-premises routes; absent, none of them', () => {
      const gateways = ofKind(example, 'TransitGateway.ec2.aws.upbound.io');
      const attachments = ofKind(example, 'TransitGatewayVPCAttachment.ec2.aws.upbound.io');
      const routes = ofKind(example, 'Route.ec2.aws.upbound.io');
      if (!tgw().id) {
        expect([gateways, attachments, routes]).toEqual([[], [], []]);
        return;
      }
      expect(gateways).toHaveLength(1);
      expect((gateways[0]!.spec as JsonObject).managementPolicies).toEqual(['Observe']);
      expect(externalName(gateways[0]!)).toBe(tgw().id);
      expect(attachments).toHaveLength(1);
      expect(forProvider(attachments[0]!)).toMatchObject({ transitGatewayId: tgw().id, vpcId: externalName(resourceNamed(out(), 'vpc')) });
      expect(new Set(forProvider(attachments[0]!).subnetIds as string[])).toEqual(new Set(subnetIdsOf(out())));
      // One route per on-premises CIDR and route table, through the gateway; slots beyond the list compose nothing.
      const cidrs = tgw().onPremCidrBlocks as string[];
      const routeTables = ofKind(example, 'RouteTable.ec2.aws.upbound.io').map(externalName);
      const pairs = routes.map((r) => `${String(forProvider(r).destinationCidrBlock)} ${String(forProvider(r).routeTableId)}`);
      expect(pairs.sort()).toEqual(cidrs.flatMap((c) => routeTables.map((t) => `${c} ${t}`)).sort());
      for (const r of routes) expect(forProvider(r).transitGatewayId).toBe(tgw().id);
      // HTTPS to the endpoints from each on-premises CIDR, in the slots the list fills.
      const ingress = ofKind(example, 'SecurityGroupIngressRule.ec2.aws.upbound.io').map((r) => String(annotation(r, 'crossplane.io/composition-resource-name'))).filter((n) => n.startsWith('endpointIngressFromOnPrem'));
      expect(ingress.sort()).toEqual(cidrs.map((_, c) => `endpointIngressFromOnPrem${c}`));
    });

    test('interface endpoints: exactly the listed services compose an endpoint, under the service\'s own composition resource name', () => {
      const listed = networkOf(out()).interfaceEndpoints as string[] | undefined ?? DEFAULT_INTERFACE_ENDPOINTS;
      const names = ofKind(example, 'VPCEndpoint.ec2.aws.upbound.io').filter((e) => forProvider(e).vpcEndpointType === 'Interface').map((e) => annotation(e, 'crossplane.io/composition-resource-name'));
      expect(names.sort()).toEqual(listed.map((s) => `interfaceEndpoint${endpointService(s).id.charAt(0).toUpperCase()}${endpointService(s).id.slice(1)}`).sort());
      expect(INTERFACE_ENDPOINT_SERVICES.length).toBeGreaterThan(listed.length);
      const interfaces = ofKind(example, 'VPCEndpoint.ec2.aws.upbound.io').filter((e) => forProvider(e).vpcEndpointType === 'Interface');
      expect(interfaces.map((e) => String(forProvider(e).serviceName).split('.').slice(3).join('.')).sort()).toEqual([...listed].sort());
      // Each endpoint id reaches the network status under its service.
      const ids = ((network(out()).status as JsonObject).endpointIds ?? {}) as Record<string, string>;
      for (const s of listed) expect(ids[endpointService(s).id]).toMatch(/^vpce-/);
    });
  });

  describe('on a rendered XNetwork', () => {
    const xr = (network: Record<string, unknown>): JsonObject => ({
      apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XNetwork', metadata: { name: 'net' },
      spec: { parameters: {
        accountId: '111122223333', region: 'eu-west-1', environmentSuffix: 'test', organizationId: ORG,
        logsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555',
        dataKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/66666666-7777-8888-9999-000000000000',
        permissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/zta-permissions-boundary-test',
        ...network,
      } },
    });
    const renderNetwork = (network: Record<string, unknown>) => renderCharts((app) => buildPackage(app).charts, xr(network));
    const kinds = (out: RenderOutput, kind: string) => out.resources.filter((r) => r.kind === kind);

    test('no interface endpoint and no Transit Gateway: nothing optional is composed and the network is Ready', () => {
      const out = renderNetwork({ interfaceEndpoints: [] });
      expect(out.problems).toEqual([]);
      expect(readyOf(out.composite)).toBe('True');
      expect(kinds(out, 'VPCEndpoint').filter((e) => forProvider(e).vpcEndpointType === 'Interface')).toEqual([]);
      expect([kinds(out, 'TransitGateway'), kinds(out, 'Route'), kinds(out, 'VPCEndpointSubnetAssociation')]).toEqual([[], [], []]);
    });

    test('one service and a Transit Gateway with one on-premises CIDR: exactly their resources, and the network is Ready', () => {
      const out = renderNetwork({ interfaceEndpoints: ['ecr.api'], vpc: { transitGateway: { id: 'tgw-0a1b2c3d4e5f67890', onPremCidrBlocks: ['192.168.0.0/16'] } } });
      expect(out.problems).toEqual([]);
      expect(readyOf(out.composite)).toBe('True');
      // ecr.api must not also enable a service whose name merely contains it (nor ecr.dkr through the dot).
      expect(kinds(out, 'VPCEndpoint').filter((e) => forProvider(e).vpcEndpointType === 'Interface').map((e) => forProvider(e).serviceName)).toEqual(['com.amazonaws.eu-west-1.ecr.api']);
      expect(kinds(out, 'VPCEndpointSubnetAssociation')).toHaveLength(3);
      expect(kinds(out, 'TransitGatewayVPCAttachment')).toHaveLength(1);
      expect(kinds(out, 'Route').map((r) => forProvider(r).destinationCidrBlock)).toEqual(['192.168.0.0/16', '192.168.0.0/16', '192.168.0.0/16']);
      expect(kinds(out, 'SecurityGroupIngressRule').map((r) => forProvider(r).cidrIpv4).sort()).toEqual(['10.0.0.0/16', '192.168.0.0/16']);
    });
  });
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('network'), () => expect(synthChart('network')).toMatchSnapshot());
