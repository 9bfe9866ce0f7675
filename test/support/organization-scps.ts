// The SCPs in force for an account of the example organization, read from the organization
// composite's render: root, the account's OU and the account itself, each level with FullAWSAccess
// (AWS evaluates every level and each needs its own allow).
import { onboarding } from '../../examples/onboarding';
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
