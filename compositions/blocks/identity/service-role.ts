// An IAM role an AWS service assumes: trust policy, one inline policy and optional AWS managed
// policy attachments, each policy validated for its kind before it is serialized.
import type { Construct } from 'constructs';
import { Policy, Role, RolePolicy, RolePolicyAttachment } from '../../../imports/iam.aws.upbound.io';
import { ComposedResource } from '../../kernel/composed-resource';
import { PolicyDocument, type PolicyStatement } from '../../policy/iam';
import { Schema } from '../../kernel/schema';
import { ClaimTreeResource } from '../../kernel/usage';
import { param, Params, suffixed } from '../../kernel/values';

/** Parameter carrying the identity domain's permissions boundary ARN into domains that create roles. */
export const PERMISSIONS_BOUNDARY_PARAMETER = 'permissionsBoundaryArn';

/** AWS name of the identity domain's permissions boundary policy (customer managed, path `/`). */
export const PERMISSIONS_BOUNDARY_NAME = suffixed('zta-permissions-boundary');

/** Its ARN, known before the policy exists: the top-level composite computes it from the binding. */
export const PERMISSIONS_BOUNDARY_ARN = `arn:aws:iam::${Params.accountId}:policy/${PERMISSIONS_BOUNDARY_NAME}`;

/** The identity domain's permissions boundary policy, as other domains of the claim refer to it. */
export function permissionsBoundaryPolicy(): ClaimTreeResource {
  return new ClaimTreeResource('identity', 'permissionsBoundary', Policy.GVK);
}

export const PERMISSIONS_BOUNDARY_DELETION_REASON =
  'The role carries this policy as permissions boundary: DeletePolicy fails with DeleteConflict while any role uses it';

export interface ServiceRoleProps {
  /** Composition resource name of the role (camelCase); the policy resources derive theirs from it. */
  readonly name: string;
  /** AWS role name, with the environment suffix. */
  readonly roleName: string;
  readonly description: string;
  readonly trust: readonly PolicyStatement[];
  /** Inline permissions. @default - no inline policy */
  readonly permissions?: readonly PolicyStatement[];
  /** AWS managed policies to attach, e.g. `arn:aws:iam::aws:policy/service-role/AWS_ConfigRole`. @default - none */
  readonly managedPolicyArns?: readonly string[];
  /** Status field receiving the role ARN. @default - not published */
  readonly arnStatusField?: string;
}

export interface ServiceRole {
  readonly role: ComposedResource;
  /** The role and its policy resources, in composition order (composed into `scope`'s domain chart). */
  readonly resources: ComposedResource[];
  readonly trustPolicy: PolicyDocument;
  readonly permissionsPolicy?: PolicyDocument;
}

export function serviceRole(scope: Construct, props: ServiceRoleProps): ServiceRole {
  const trustPolicy = new PolicyDocument({ statements: [...props.trust] });
  const trustProblems = trustPolicy.validateForTrustPolicy();
  if (trustProblems.length) throw new Error(`serviceRole ${props.name}: trust policy: ${trustProblems.join('; ')}`);
  const role = new ComposedResource(scope, {
    name: props.name,
    kind: Role,
    externalName: props.roleName,
    forProvider: {
      description: props.description,
      assumeRolePolicy: trustPolicy.toString(),
      forceDetachPolicies: true,
      maxSessionDuration: 3600,
      // Issue 5: every role the baseline creates carries the identity domain's boundary. The domain
      // declares the input (DomainChart.permissionsBoundaryInput), so the role waits for the policy.
      permissionsBoundary: param(PERMISSIONS_BOUNDARY_PARAMETER),
    },
  });
  if (props.arnStatusField) role.publish(props.arnStatusField, 'status.atProvider.arn', Schema.arn(`ARN of the IAM role: ${props.description}`));
  const resources: ComposedResource[] = [role];
  let permissionsPolicy: PolicyDocument | undefined;
  if (props.permissions?.length) {
    permissionsPolicy = new PolicyDocument({ statements: [...props.permissions] });
    const problems = permissionsPolicy.validateForIdentityPolicy();
    if (problems.length) throw new Error(`serviceRole ${props.name}: permissions: ${problems.join('; ')}`);
    resources.push(
      new ComposedResource(scope, {
        name: `${props.name}Policy`,
        kind: RolePolicy,
        forProvider: { policy: permissionsPolicy.toString(), roleSelector: role.selector() },
      }),
    );
  }
  (props.managedPolicyArns ?? []).forEach((policyArn, i) => {
    if (!/^arn:aws:iam::aws:policy\/.+/.test(policyArn)) {
      throw new Error(`serviceRole ${props.name}: 'managedPolicyArns[${i}]' must be an AWS managed policy ARN (arn:aws:iam::aws:policy/...), got '${policyArn}'`);
    }
    resources.push(
      new ComposedResource(scope, {
        name: `${props.name}Managed${i}`,
        kind: RolePolicyAttachment,
        forProvider: { policyArn, roleSelector: role.selector() },
      }),
    );
  });
  return { role, resources, trustPolicy, permissionsPolicy };
}
