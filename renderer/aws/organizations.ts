// AWS Organizations as the simulated provider meets it when it reconciles Policy and
// PolicyAttachment (organizations.aws.upbound.io): one organization, whose policy APIs only its
// management account may call, with the quotas and uniqueness rules of CreatePolicy, UpdatePolicy
// and AttachPolicy. A violation is the error AWS returns; the provider reports it as Synced=False
// (ReconcileError), and it does not fix itself.
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
import type { JsonObject } from '../types';
import { nameOf, obj, str } from '../crossplane/crossplane';

export const ORGANIZATIONS_POLICY = 'Policy.organizations.aws.upbound.io';
export const ORGANIZATIONS_POLICY_ATTACHMENT = 'PolicyAttachment.organizations.aws.upbound.io';

export const OrganizationsQuotas = {
  /** Maximum policy document size in characters, SCP and RCP alike (white space counts). */
  policyCharacters: 5120,
  /** SCPs (RCPs) attached directly to one root, OU or account, the AWS-managed FullAWSAccess (RCPFullAWSAccess) included. */
  policiesPerTarget: 5,
} as const;

/**
 * The AWS-managed policy AWS attaches to every root, OU and account when the policy type is
 * enabled; it counts against the target's quota (FullAWSAccess can be detached, RCPFullAWSAccess
 * cannot; the simulation assumes both stay, as the package's budget does). Their names are taken.
 */
export const AWS_MANAGED_POLICIES: Readonly<Record<string, string>> = {
  SERVICE_CONTROL_POLICY: 'FullAWSAccess',
  RESOURCE_CONTROL_POLICY: 'RCPFullAWSAccess',
};

/** What the simulated provider needs to know of the cluster and of the organization. */
export interface OrganizationsContext {
  /**
   * The objects of a kind as AWS knows them now: the provider's calls are sequential, so what an
   * earlier reconcile of the same round created counts (the live cluster, not the round's snapshot).
   */
  list(kind: string): JsonObject[];
  /** The AWS account a managed resource's ProviderConfig acts in. */
  accountOf(mr: JsonObject): string;
  /** The organization's management account; undefined: not known to the render (not checked). */
  readonly managementAccountId?: string;
}

const forProvider = (o: JsonObject): JsonObject => obj(obj(o.spec).forProvider);
const atProvider = (o: JsonObject): JsonObject => obj(obj(o.status).atProvider);
/** Whether AWS already holds it: the provider has observed it (its id is known). */
const created = (o: JsonObject): boolean => typeof atProvider(o).id === 'string';
const policyType = (p: JsonObject): string => str(forProvider(p).type) ?? 'SERVICE_CONTROL_POLICY';

/**
 * The error AWS Organizations returns for this Policy or PolicyAttachment, or undefined. What
 * exists in AWS is what the provider has created (status.atProvider.id set), by this round's
 * earlier reconciles included: of two that compete, the one reconciled first wins, as in a cluster.
 */
export function organizationsError(mr: JsonObject, kind: string, ctx: OrganizationsContext): string | undefined {
  if (kind !== ORGANIZATIONS_POLICY && kind !== ORGANIZATIONS_POLICY_ATTACHMENT) return undefined;
  const account = ctx.accountOf(mr);
  if (ctx.managementAccountId !== undefined && account !== ctx.managementAccountId) {
    const api = kind === ORGANIZATIONS_POLICY ? 'CreatePolicy' : 'AttachPolicy';
    return `${api}: AccessDeniedException: account ${account} is not the organization's management account (${ctx.managementAccountId}); only the management account (or a delegated administrator of policy management) may call Organizations policy APIs`;
  }
  const sameOrganization = (o: JsonObject): boolean => ctx.accountOf(o) === account;
  return kind === ORGANIZATIONS_POLICY ? policyError(mr, ctx, sameOrganization) : attachmentError(mr, ctx, sameOrganization);
}

function policyError(mr: JsonObject, ctx: OrganizationsContext, sameOrganization: (o: JsonObject) => boolean): string | undefined {
  const fp = forProvider(mr);
  const name = str(fp.name);
  const content = str(fp.content);
  const api = created(mr) ? 'UpdatePolicy' : 'CreatePolicy';
  if (content !== undefined) {
    try {
      JSON.parse(content);
    } catch {
      return `${api} ${name}: MalformedPolicyDocumentException: the policy content is not valid JSON`;
    }
    if (content.length > OrganizationsQuotas.policyCharacters) {
      return `${api} ${name}: ConstraintViolationException (POLICY_CONTENT_LIMIT_EXCEEDED): the policy has ${content.length} characters, more than the ${OrganizationsQuotas.policyCharacters} allowed`;
    }
  }
  if (name === undefined || created(mr)) return undefined;
  if (Object.values(AWS_MANAGED_POLICIES).includes(name)) return `CreatePolicy ${name}: DuplicatePolicyException: a policy named ${name} already exists (the AWS-managed one)`;
  // Policy names are unique in the organization, whatever their type.
  const holder = ctx.list(ORGANIZATIONS_POLICY)
    .find((o) => nameOf(o) !== nameOf(mr) && created(o) && sameOrganization(o) && str(forProvider(o).name) === name);
  if (holder) return `CreatePolicy ${name}: DuplicatePolicyException: a policy with this name already exists in the organization (${nameOf(holder)})`;
  return undefined;
}

function attachmentError(mr: JsonObject, ctx: OrganizationsContext, sameOrganization: (o: JsonObject) => boolean): string | undefined {
  if (created(mr)) return undefined;
  const policyId = str(forProvider(mr).policyId);
  const targetId = str(forProvider(mr).targetId);
  if (policyId === undefined || targetId === undefined) return undefined;
  const policies = ctx.list(ORGANIZATIONS_POLICY).filter(sameOrganization);
  const typeOf = (id: string | undefined): string | undefined => {
    const p = policies.find((o) => atProvider(o).id === id);
    return p ? policyType(p) : undefined;
  };
  const type = typeOf(policyId);
  if (type === undefined) return `AttachPolicy ${policyId} to ${targetId}: PolicyNotFoundException: no policy with this id in the organization`;
  const others = ctx.list(ORGANIZATIONS_POLICY_ATTACHMENT)
    .filter((o) => nameOf(o) !== nameOf(mr) && created(o) && sameOrganization(o) && str(forProvider(o).targetId) === targetId);
  if (others.some((o) => str(forProvider(o).policyId) === policyId)) {
    return `AttachPolicy ${policyId} to ${targetId}: DuplicatePolicyAttachmentException: the policy is already attached to this target`;
  }
  const sameType = others.filter((o) => typeOf(str(forProvider(o).policyId)) === type);
  const attached = 1 + sameType.length; // the AWS-managed policy of this type, then ours
  if (attached + 1 > OrganizationsQuotas.policiesPerTarget) {
    return `AttachPolicy ${policyId} to ${targetId}: ConstraintViolationException (POLICY_NUMBER_LIMIT_EXCEEDED): ${targetId} already has ${attached} ${type} policies attached directly (${AWS_MANAGED_POLICIES[type] ?? 'the AWS-managed one'} and ${sameType.map(nameOf).join(', ') || 'none'}), at most ${OrganizationsQuotas.policiesPerTarget}`;
  }
  return undefined;
}
