// Issue 13 item 3: every trust-policy condition on a role an AWS service assumes is one the service
// sends on sts:AssumeRole, as AWS documents it for that role. A condition key the service does not
// send makes the role unassumable: setup or delivery fails on a real account. The table lists every
// service role the example claims and organization render, with the exact condition keys (operator
// and key) AWS documents for it and the page that says so; a rendered role not in the table, or with
// any other key, fails.
import type { RenderOutput } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';
import { EXAMPLE_BLOCK_CLAIMS, EXAMPLE_CLAIMS, forProvider, renderExample, renderOrganizationExample, resourcesOfKind, type AnyExampleName } from '../support/render-example';

interface ServiceRoleTrust {
  readonly principal: string;
  /** `Operator:key` of every condition, sorted; empty where AWS documents none for this role. */
  readonly conditionKeys: readonly string[];
  /** AWS documentation page stating which keys the service sends for this role (or shows none). */
  readonly doc: string;
}

const SERVICE_ROLE_TRUST: Record<string, ServiceRoleTrust> = {
  configRecorderRole: {
    principal: 'config.amazonaws.com',
    conditionKeys: ['StringEquals:aws:SourceAccount'],
    doc: 'https://docs.aws.amazon.com/config/latest/developerguide/iamrole-permissions.html#iam-trust-policy',
  },
  configAggregatorRole: {
    principal: 'config.amazonaws.com',
    conditionKeys: [],
    doc: 'https://docs.aws.amazon.com/config/latest/developerguide/aggregated-create.html',
  },
  flowLogRole: {
    principal: 'vpc-flow-logs.amazonaws.com',
    conditionKeys: ['ArnLike:aws:SourceArn', 'StringEquals:aws:SourceAccount'],
    doc: 'https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html',
  },
  globalEventsForwarderRole: {
    principal: 'events.amazonaws.com',
    conditionKeys: ['ArnEquals:aws:SourceArn', 'StringEquals:aws:SourceAccount'],
    doc: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html',
  },
  apiGatewayCloudWatchRole: {
    principal: 'apigateway.amazonaws.com',
    conditionKeys: [],
    doc: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
  },
  backupRole: {
    principal: 'backup.amazonaws.com',
    conditionKeys: [],
    doc: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-service-confused-deputy-prevention.html',
  },
  trailLogsRole: {
    principal: 'cloudtrail.amazonaws.com',
    conditionKeys: [],
    doc: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html',
  },
  instanceRole: {
    principal: 'ec2.amazonaws.com',
    conditionKeys: [],
    doc: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-instance-permissions.html',
  },
};

interface RenderedServiceRole { readonly render: string; readonly name: string; readonly principal: string; readonly conditionKeys: string[] }

/** Every Role whose trust names a Service principal, in one render. */
function serviceRolesOf(render: string, out: RenderOutput): RenderedServiceRole[] {
  return resourcesOfKind(out, 'Role.iam.aws.upbound.io').flatMap((role) => {
    const name = ((role.metadata as JsonObject).annotations as Record<string, string>)['crossplane.io/composition-resource-name']!;
    const statements = (JSON.parse(String(forProvider(role).assumeRolePolicy)) as { Statement: JsonObject[] }).Statement;
    return statements
      .filter((s) => typeof s.Principal === 'object' && s.Principal !== null && 'Service' in (s.Principal as JsonObject))
      .map((s) => ({
        render,
        name,
        principal: String((s.Principal as JsonObject).Service),
        conditionKeys: Object.entries((s.Condition ?? {}) as Record<string, JsonObject>).flatMap(([op, keys]) => Object.keys(keys).map((k) => `${op}:${k}`)).sort(),
      }));
  });
}

const rendered: RenderedServiceRole[] = [
  ...([...Object.keys(EXAMPLE_CLAIMS), ...Object.keys(EXAMPLE_BLOCK_CLAIMS)] as AnyExampleName[]).flatMap((n) => serviceRolesOf(n, renderExample(n))),
  ...serviceRolesOf('organization', renderOrganizationExample()),
];

describe('service-role trust conditions are the ones AWS documents the service sending', () => {
  test.each(rendered.map((r) => [`${r.render}: ${r.name}`, r] as const))('%s: principal and condition keys as the table says', (_label, role) => {
    const expected = SERVICE_ROLE_TRUST[role.name];
    if (!expected) throw new Error(`service role ${role.name} (${role.render}) is not in SERVICE_ROLE_TRUST: find AWS's page on the keys ${role.principal} sends and add it`);
    expect({ principal: role.principal, conditionKeys: role.conditionKeys }).toEqual({ principal: expected.principal, conditionKeys: [...expected.conditionKeys].sort() });
  });

  test('every table entry is a rendered role and names an AWS documentation page', () => {
    expect(Object.keys(SERVICE_ROLE_TRUST).filter((n) => !rendered.some((r) => r.name === n))).toEqual([]);
    for (const [name, entry] of Object.entries(SERVICE_ROLE_TRUST)) expect([name, entry.doc]).toEqual([name, expect.stringMatching(/^https:\/\/docs\.aws\.amazon\.com\/\S+$/)]);
  });

  test('the API Gateway, Backup, trail-logs and aggregator roles carry no condition now; the recorder, flow-log and forwarder roles keep theirs', () => {
    const keysOf = (n: string) => [...new Set(rendered.filter((r) => r.name === n).map((r) => r.conditionKeys.join(',')))];
    for (const n of ['apiGatewayCloudWatchRole', 'backupRole', 'trailLogsRole', 'configAggregatorRole']) expect([n, keysOf(n)]).toEqual([n, ['']]);
    expect(keysOf('configRecorderRole')).toEqual(['StringEquals:aws:SourceAccount']);
    expect(keysOf('flowLogRole')).toEqual(['ArnLike:aws:SourceArn,StringEquals:aws:SourceAccount']);
    expect(keysOf('globalEventsForwarderRole')).toEqual(['ArnEquals:aws:SourceArn,StringEquals:aws:SourceAccount']);
  });
});
