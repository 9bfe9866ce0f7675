// Identity domain: who may act in the account from outside, and what no identity may do.
// Three cross-account roles (security audit, incident response, break glass), each assumable only
// by the principals the claim trusts, only with the external ID and a fresh MFA (CIS 1.x, IAM.*),
// for at most one hour; least-privilege permissions; the same permissions boundary on each, which
// blocks privilege escalation and tampering with the security services. Plus IAM Access Analyzer
// (account analyzer, CIS 1.20 / IAM.28) and the CIS password policy (CIS 1.8-1.9 / IAM.7, IAM.15-16).
//
// The external ID reaches only the trust policy: a Combine patch writes it from the claim's
// parameters into the Role's spec; no status field, output or connection detail carries it.
import type { Construct } from 'constructs';
import { AnalyzerV1Beta2 } from '../imports/accessanalyzer.aws.upbound.io';
import { AccountPasswordPolicy, Policy, Role, RolePolicy, RolePolicyAttachment } from '../imports/iam.aws.upbound.io';
import {
  ComposedResource,
  ConditionOperator,
  DomainChart,
  PERMISSIONS_BOUNDARY_DELETION_REASON,
  Effect,
  PolicyDocument,
  PolicyStatement,
  Principals,
  Schema,
  Transforms,
  fromComposite,
  optionalPatch,
  param,
  Params,
  suffixed,
  tokenPatch,
  type SchemaNode,
} from '../compositions';
import { AWS_DENY_ALL_POLICY_ARN, baselinePermissionsBoundary } from '../compositions/blocks/identity/permissions-boundary';
import { rawJson, serializeJson } from '../compositions/kernel/raw-json';
import { MaxLength } from '../compositions/kernel/aws-limits';
import { PERMISSIONS_BOUNDARY_ARN, PERMISSIONS_BOUNDARY_NAME } from '../compositions/blocks/identity/service-role';

/** Longest session of any cross-account role, in seconds: also IAM's minimum for MaxSessionDuration. */
export const MAX_SESSION_DURATION_SECONDS = 3600;
/** A role may be assumed only within this many seconds of the caller's MFA sign-in. */
export const MFA_MAX_AGE_SECONDS = 3600;
/** Most principals one role trusts (keeps the trust policy under IAM's 2,048-character default). */
export const MAX_TRUSTED_PRINCIPALS = 10;
/** The trusted principals as a JSON array: each an ARN in quotes, commas between, brackets around. */
const TRUSTED_PRINCIPALS_JSON_MAX_LENGTH = 2 + MAX_TRUSTED_PRINCIPALS * (MaxLength.arn + 3);

/** A 12-digit account id, or the ARN of an account root, role or user. No wildcards: IAM has none there. */
export const TRUSTED_PRINCIPAL_PATTERN = '^([0-9]{12}|arn:aws[a-z-]*:iam::[0-9]{12}:(root|role/[A-Za-z0-9+=,.@_/-]+|user/[A-Za-z0-9+=,.@_/-]+))$';
/**
 * sts:ExternalId characters (AWS: 2-1224 of [\w+=,.@:/-]); no quote or backslash can reach the
 * policy JSON. The length is a separate limit: Go's regexp (the API server's) refuses repeat
 * counts above 1000, so `{2,1224}` would make the API server refuse the XRD's CRD.
 */
export const EXTERNAL_ID_PATTERN = '^[A-Za-z0-9_+=,.@:/-]+$';
export const EXTERNAL_ID_LENGTH = { min: 2, max: MaxLength.externalId } as const;

/** CIS AWS Foundations 1.8 / 1.9 and Security Hub IAM.7, IAM.15, IAM.16. */
export const CIS_PASSWORD_POLICY = {
  minimumPasswordLength: 14,
  passwordReusePrevention: 24,
  maxPasswordAge: 90,
  requireLowercaseCharacters: true,
  requireUppercaseCharacters: true,
  requireNumbers: true,
  requireSymbols: true,
  allowUsersToChangePassword: true,
  hardExpiry: false,
} as const;

interface CrossAccountRoleSpec {
  /** Key under `crossAccountRoles` and prefix of composition resource names / outputs. */
  readonly key: 'securityAudit' | 'incidentResponse' | 'breakGlass';
  /** AWS role name without the suffix. */
  readonly roleName: string;
  readonly description: string;
  readonly managedPolicyArns: readonly string[];
  readonly inline?: readonly PolicyStatement[];
}

/** Incident response: read everything (ReadOnlyAccess) and contain, never create or grant. */
export function incidentContainmentStatements(): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'IsolateAndPreserveInstances',
      effect: Effect.ALLOW,
      actions: [
        'ec2:CreateSecurityGroup',
        'ec2:CreateSnapshot',
        'ec2:CreateSnapshots',
        'ec2:CreateTags',
        'ec2:DisassociateIamInstanceProfile',
        'ec2:ModifyInstanceAttribute',
        'ec2:ModifyNetworkInterfaceAttribute',
        'ec2:RevokeSecurityGroupEgress',
        'ec2:RevokeSecurityGroupIngress',
        'ec2:StopInstances',
      ],
      resources: ['*'],
    }),
    new PolicyStatement({
      sid: 'DisableCompromisedCredentials',
      effect: Effect.ALLOW,
      actions: ['iam:DeleteLoginProfile', 'iam:UpdateAccessKey'],
      resources: [`arn:aws:iam::${Params.accountId}:user/*`],
    }),
    new PolicyStatement({
      sid: 'QuarantineWithDenyAll',
      effect: Effect.ALLOW,
      actions: ['iam:AttachRolePolicy', 'iam:AttachUserPolicy'],
      resources: [`arn:aws:iam::${Params.accountId}:role/*`, `arn:aws:iam::${Params.accountId}:user/*`],
      conditions: { [ConditionOperator.ARN_EQUALS]: { 'iam:PolicyARN': AWS_DENY_ALL_POLICY_ARN } },
    }),
    new PolicyStatement({
      sid: 'TriageFindings',
      effect: Effect.ALLOW,
      actions: ['securityhub:BatchUpdateFindings'],
      resources: ['*'],
    }),
  ];
}

/** The break-glass role's name before the suffix: the guardrails exempt `<this>-<environmentSuffix>`. */
export const BREAK_GLASS_ROLE_NAME = 'zta-break-glass';

export const CROSS_ACCOUNT_ROLES: readonly CrossAccountRoleSpec[] = [
  {
    key: 'securityAudit',
    roleName: 'zta-security-audit',
    description: 'Cross-account security audit: reads security configuration (AWS SecurityAudit), no data, no changes.',
    managedPolicyArns: ['arn:aws:iam::aws:policy/SecurityAudit'],
  },
  {
    key: 'incidentResponse',
    roleName: 'zta-incident-response',
    description: 'Cross-account incident response: reads everything (ReadOnlyAccess) and contains (isolate instances, snapshot, disable credentials, attach AWSDenyAll).',
    managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    inline: incidentContainmentStatements(),
  },
  {
    key: 'breakGlass',
    roleName: BREAK_GLASS_ROLE_NAME,
    description: 'Cross-account break glass: administrator under the permissions boundary (no new identities or credentials, no boundary rewrite, no unbounded roles); repairs every control.',
    managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
  },
];

/** The composite parameter holding one role's trusted principals as a JSON array (derived by XZeroTrustAccount). */
export function trustedPrincipalsJsonParameter(key: string): string {
  return `${key}TrustedPrincipalsJson`;
}

/** The composite parameter holding one role's Identity Center permission-set role patterns as a JSON array. */
export function identityCenterRolesJsonParameter(key: string): string {
  return `${key}IdentityCenterRolesJson`;
}

/**
 * ARN pattern of the role IAM Identity Center creates in an account for a permission set
 * (`aws-reserved/sso.amazonaws.com/[<region>/]AWSReservedSSO_<PermissionSet>_<random>`); the
 * permission-set name is 1-32 of letters, digits and _+=,.@-.
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html
 */
export const IDENTITY_CENTER_ROLE_PATTERN = '^arn:aws:iam::[0-9]{12}:role/aws-reserved/sso[.]amazonaws[.]com/[*]AWSReservedSSO_[A-Za-z0-9_+=,.@-]{1,32}_[*]$';
export const MAX_IDENTITY_CENTER_PERMISSION_SETS = 4;
const IDENTITY_CENTER_ROLE_MAX_LENGTH = 120;
const IDENTITY_CENTER_JSON_MAX_LENGTH = 2 + MAX_IDENTITY_CENTER_PERMISSION_SETS * (IDENTITY_CENTER_ROLE_MAX_LENGTH + 3);

const TRUST_MFA_SID = 'TrustedPrincipalsWithExternalIdAndMfa';
const TRUST_IDENTITY_CENTER_SID = 'IdentityCenterPermissionSetsWithExternalId';

/**
 * Trust policy of a cross-account role: the trusted principals (spliced in as a JSON array), and
 * only with the external ID and an MFA-authenticated session younger than the limit. `Bool`, not
 * `BoolIfExists`: a request without MFA context (long-term access keys) must fail, not pass.
 *
 * Operators who sign in through IAM Identity Center (or another SAML IdP) arrive in a role session
 * that carries no aws:MultiFactorAuthPresent (the IdP did the MFA, and the key is absent from
 * federated and chained sessions), so the MFA statement alone would lock them out. With
 * `identityCenter`, a second statement trusts exactly the listed permission-set roles (by
 * aws:PrincipalArn, which the caller cannot forge) with the external ID; MFA is then Identity
 * Center's to enforce ("every time they sign in"), which docs/identity-sign-in.md requires.
 */
export function crossAccountTrustPolicy(key: string, identityCenter = false): string {
  const placeholder = param(trustedPrincipalsJsonParameter(key));
  const externalId = { 'sts:ExternalId': param(`crossAccountRoles.${key}.externalId`) };
  const statements = [new PolicyStatement({
    sid: TRUST_MFA_SID,
    effect: Effect.ALLOW,
    principals: [Principals.aws([placeholder])],
    actions: ['sts:AssumeRole'],
    conditions: {
      [ConditionOperator.STRING_EQUALS]: externalId,
      [ConditionOperator.BOOL]: { 'aws:MultiFactorAuthPresent': 'true' },
      [ConditionOperator.NUMERIC_LESS_THAN]: { 'aws:MultiFactorAuthAge': String(MFA_MAX_AGE_SECONDS) },
    },
  })];
  const patterns = param(identityCenterRolesJsonParameter(key));
  if (identityCenter) {
    statements.push(new PolicyStatement({
      sid: TRUST_IDENTITY_CENTER_SID,
      effect: Effect.ALLOW,
      principals: [Principals.anyone()],
      actions: ['sts:AssumeRole'],
      conditions: { [ConditionOperator.STRING_EQUALS]: externalId, [ConditionOperator.ARN_LIKE]: { 'aws:PrincipalArn': patterns } },
    }));
  }
  const doc = new PolicyDocument({ statements });
  const problems = doc.validateForTrustPolicy();
  if (problems.length) throw new Error(`trust policy of ${key}: ${problems.join('; ')}`);
  const json = doc.toJson();
  (json.Statement[0]!.Principal as { AWS: unknown }).AWS = rawJson(placeholder);
  if (identityCenter) ((json.Statement[1]!.Condition as Record<string, Record<string, unknown>>).ArnLike!)['aws:PrincipalArn'] = rawJson(patterns);
  return serializeJson(json);
}

function crossAccountRoleSchema(label: string): SchemaNode {
  return Schema.object(`Who may assume the ${label} role, and how.`, {
    trustedPrincipals: Schema.array(
      `Account ids (12 digits) or IAM principal ARNs (arn:aws:iam::<account>:root, :role/<name>, :user/<name>) that may assume the ${label} role; at least one, at most ${MAX_TRUSTED_PRINCIPALS}.`,
      Schema.arn('A 12-digit account id or an IAM principal ARN.', { pattern: TRUSTED_PRINCIPAL_PATTERN }),
      {
        minItems: 1,
        maxItems: MAX_TRUSTED_PRINCIPALS,
        listType: 'set',
        rules: [
          { rule: 'size(self) >= 1', message: 'trustedPrincipals must list at least one account id or IAM principal ARN; an empty list would make the role unassumable' },
          {
            rule: `self.all(p, p.matches('${TRUSTED_PRINCIPAL_PATTERN}'))`,
            message: 'every trustedPrincipals entry must be a 12-digit account id (e.g. "111122223333") or an IAM ARN arn:aws:iam::<12-digit account>:root|role/<name>|user/<name>',
          },
        ],
      },
    ),
    identityCenterPermissionSets: Schema.array(
      `Roles of IAM Identity Center permission sets that may assume the ${label} role without an MFA key in their session (Identity Center enforces MFA at sign-in; see docs/identity-sign-in.md), as ARN patterns arn:aws:iam::<account>:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_<PermissionSet>_*; at most ${MAX_IDENTITY_CENTER_PERMISSION_SETS}.`,
      Schema.string('ARN pattern of a permission set\'s role.', { maxLength: IDENTITY_CENTER_ROLE_MAX_LENGTH, pattern: IDENTITY_CENTER_ROLE_PATTERN }),
      {
        minItems: 1,
        maxItems: MAX_IDENTITY_CENTER_PERMISSION_SETS,
        listType: 'set',
        rules: [{
          rule: `self.all(p, p.matches('${IDENTITY_CENTER_ROLE_PATTERN}'))`,
          message: 'every identityCenterPermissionSets entry must be arn:aws:iam::<12-digit account>:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_<PermissionSet>_* (permission set: 1-32 of letters, digits, _+=,.@-)',
        }],
      },
    ),
    externalId: Schema.string(
      'The sts:ExternalId the callers must pass (2-1224 of letters, digits and _+=,.@:/-). Not a secret to AWS, but kept out of every status and output; it is readable in this claim and in the Role object.',
      {
        pattern: EXTERNAL_ID_PATTERN,
        minLength: EXTERNAL_ID_LENGTH.min,
        maxLength: EXTERNAL_ID_LENGTH.max,
        rules: [
          {
            rule: `size(self) >= ${EXTERNAL_ID_LENGTH.min} && size(self) <= ${EXTERNAL_ID_LENGTH.max} && self.matches('${EXTERNAL_ID_PATTERN}')`,
            message: 'externalId must be 2-1224 characters of letters, digits and _+=,.@:/-',
          },
        ],
      },
    ),
    maxSessionDurationSeconds: Schema.integer(
      `Longest session, in seconds: at most ${MAX_SESSION_DURATION_SECONDS} (one hour), which is also IAM's minimum for a role, so callers who want less ask for it with DurationSeconds.`,
      {
        default: MAX_SESSION_DURATION_SECONDS,
        rules: [
          { rule: `self <= ${MAX_SESSION_DURATION_SECONDS}`, message: `maxSessionDurationSeconds must be at most ${MAX_SESSION_DURATION_SECONDS} (one hour)` },
          { rule: `self >= ${MAX_SESSION_DURATION_SECONDS}`, message: `maxSessionDurationSeconds cannot be below ${MAX_SESSION_DURATION_SECONDS}, IAM's minimum; request shorter sessions with DurationSeconds on sts:AssumeRole` },
        ],
      },
    ),
  }, { required: ['trustedPrincipals', 'externalId'] });
}

export class IdentityChart extends DomainChart {
  /** Composed once by XZeroTrustAccount (charts/index.ts finds it by this). */
  public static readonly composedBy = 'account';

  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XIdentity',
      domain: 'identity',
      readme: {
        title: 'Identity',
        controls: 'cross-account roles (security audit, incident response, break glass) requiring `sts:ExternalId`, `aws:MultiFactorAuthPresent` (Bool) and an MFA age limit, or, for operators who sign in through IAM Identity Center, one of the listed permission-set roles (MFA enforced by Identity Center; `docs/identity-sign-in.md`), one-hour sessions, least-privilege permissions and a permissions boundary against privilege escalation and security-service tampering; IAM Access Analyzer of the account in every allowed region (CIS 1.20); CIS password policy (1.8, 1.9)',
      },
      description: 'Cross-account roles behind external ID and MFA with one-hour sessions and a permissions boundary, IAM Access Analyzer, and the CIS password policy.',
    });

    this.parameter('crossAccountRoles', Schema.object('The cross-account roles of the account.', {
      securityAudit: crossAccountRoleSchema('security audit'),
      incidentResponse: crossAccountRoleSchema('incident response'),
      breakGlass: crossAccountRoleSchema('break glass'),
    }, { required: ['securityAudit', 'incidentResponse', 'breakGlass'] }), { required: true });
    for (const role of CROSS_ACCOUNT_ROLES) {
      this.derivedInput(
        trustedPrincipalsJsonParameter(role.key),
        Schema.string(`JSON array of crossAccountRoles.${role.key}.trustedPrincipals (set by XZeroTrustAccount).`, { maxLength: TRUSTED_PRINCIPALS_JSON_MAX_LENGTH }),
        { parameter: `crossAccountRoles.${role.key}.trustedPrincipals`, transforms: [Transforms.toJson()] },
      );
      this.derivedInput(
        identityCenterRolesJsonParameter(role.key),
        Schema.string(`JSON array of crossAccountRoles.${role.key}.identityCenterPermissionSets (set by XZeroTrustAccount when listed).`, { maxLength: IDENTITY_CENTER_JSON_MAX_LENGTH }),
        { parameter: `crossAccountRoles.${role.key}.identityCenterPermissionSets`, transforms: [Transforms.toJson()], optional: true },
      );
    }

    // The boundary every role below carries; its ARN reaches the roles through the status, so a role
    // is created only once the boundary exists.
    const boundaryName = PERMISSIONS_BOUNDARY_NAME;
    const boundaryArn = PERMISSIONS_BOUNDARY_ARN;
    // The boundary exempts the platform's provisioning role (from onboarding) by ARN: see permissions-boundary.ts.
    this.bound('provisioningRoleName', Schema.string('Name (optionally path/name) of the role the providers assume in the account: exempt from the permissions boundary\'s denies, so the platform can create and destroy the baseline.', {
      maxLength: MaxLength.iamRolePathAndName, pattern: '^([A-Za-z0-9_+=,.@-]+/)*[A-Za-z0-9_+=,.@-]{1,64}$',
    }), 'account.provisioningRoleName');
    const exempt = {
      breakGlassRoleArn: `arn:aws:iam::${Params.accountId}:role/${suffixed(BREAK_GLASS_ROLE_NAME)}`,
      provisioningRoleArn: `arn:aws:iam::${Params.accountId}:role/${param('provisioningRoleName')}`,
    };
    new ComposedResource(this, {
      name: 'permissionsBoundary',
      kind: Policy,
      externalName: boundaryName,
      forProvider: {
        description: 'Permissions boundary of the baseline roles: no escalation, no tampering with security services.',
        policy: baselinePermissionsBoundary(boundaryArn, exempt).toString(),
      },
    }).publish('permissionsBoundaryArn', 'status.atProvider.arn', Schema.arn('ARN of the permissions boundary policy on every baseline role.'));

    for (const spec of CROSS_ACCOUNT_ROLES) this.crossAccountRole(spec);
    // Deletion order (ClusterUsages): the boundary outlives these roles (the other domains declare theirs).
    this.deletedBefore(CROSS_ACCOUNT_ROLES.map((spec) => `${spec.key}Role`), { uses: 'permissionsBoundary', reason: PERMISSIONS_BOUNDARY_DELETION_REASON });

    // IAM.28 / CIS 1.20: findings for resources shared outside the account.
    new ComposedResource(this, {
      name: 'accessAnalyzer',
      kind: AnalyzerV1Beta2,
      externalName: suffixed('zta-account-analyzer'),
      forProvider: { type: 'ACCOUNT' },
    }).publish('accessAnalyzerArn', 'status.atProvider.arn', Schema.arn('ARN of the IAM Access Analyzer (account zone of trust).'));
    // An analyzer sees the resources of its own region only: one per allowed region (region slots).
    // The organization's analyzer in the security account does not replace them: its zone of trust
    // is the organization, so sharing with another account of the organization is no finding there,
    // and CIS 1.20 asks for the account's analyzer in every active region.
    for (const slot of this.regionSlots()) {
      slot.conditional(new ComposedResource(this, {
        name: slot.name('accessAnalyzer'),
        kind: AnalyzerV1Beta2,
        region: slot.region,
        externalName: suffixed('zta-account-analyzer'),
        forProvider: { type: 'ACCOUNT' },
      }));
    }

    // CIS 1.8, 1.9 / IAM.7, IAM.15, IAM.16.
    new ComposedResource(this, {
      name: 'passwordPolicy',
      kind: AccountPasswordPolicy,
      forProvider: { ...CIS_PASSWORD_POLICY },
    });
  }

  private crossAccountRole(spec: CrossAccountRoleSpec): void {
    const name = `${spec.key}Role`;
    const role = new ComposedResource(this, {
      name,
      kind: Role,
      externalName: suffixed(spec.roleName),
      forProvider: {
        description: spec.description,
        assumeRolePolicy: crossAccountTrustPolicy(spec.key),
        // The XRD defaults the parameter to this value; the base holds it too, so the role never waits on it.
        maxSessionDuration: MAX_SESSION_DURATION_SECONDS,
        forceDetachPolicies: true,
      },
      patches: [
        // With permission sets listed, the two-statement trust policy replaces the MFA-only one
        // (Optional: skipped while the list is absent).
        optionalPatch(tokenPatch('spec.forProvider.assumeRolePolicy', crossAccountTrustPolicy(spec.key, true))),
        fromComposite(`spec.parameters.crossAccountRoles.${spec.key}.maxSessionDurationSeconds`, 'spec.forProvider.maxSessionDuration'),
        fromComposite('status.permissionsBoundaryArn', 'spec.forProvider.permissionsBoundary', { required: true }),
      ],
    }).publish(`${spec.key}RoleArn`, 'status.atProvider.arn', Schema.arn(`ARN of the ${spec.key} cross-account role.`));

    spec.managedPolicyArns.forEach((policyArn, i) => {
      new ComposedResource(this, {
        name: `${name}Managed${i + 1}`,
        kind: RolePolicyAttachment,
        forProvider: { policyArn, roleSelector: role.selector() },
      });
    });
    if (spec.inline?.length) {
      const doc = new PolicyDocument({ statements: [...spec.inline] });
      const problems = doc.validateForIdentityPolicy();
      if (problems.length) throw new Error(`${spec.key}: inline policy: ${problems.join('; ')}`);
      new ComposedResource(this, {
        name: `${name}Policy`,
        kind: RolePolicy,
        forProvider: { policy: doc.toString(), roleSelector: role.selector() },
      });
    }
  }
}
