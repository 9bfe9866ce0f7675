// Test-only harness over @cloud-copilot/iam-simulate. That package is AGPL-licensed: it is a
// devDependency and must never be imported from outside test/.
//
// Two simulator traits make naive use unsafe, so this wrapper fails loudly instead:
// - context keys that do not apply to the action (including typos) are silently dropped,
//   which could make a Deny condition vacuously skip: any ignored key throws here;
// - request-derived global keys (aws:PrincipalArn, aws:SecureTransport, ...) are not
//   derived from the principal: callers must pass them in `context`.

import {
  anonymousPrincipal,
  getDenialReasons,
  getGrantReasons,
  type RequestAnalysis,
  runSimulation,
  type Simulation,
} from '@cloud-copilot/iam-simulate';

/** Stands for an unsigned (anonymous) request in {@link SimulationCase.principal}. */
export const ANONYMOUS = 'anonymous';

export type SimulationResult = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface SimulationCase {
  /**
   * ARN of the calling principal (role, user, assumed-role session, or account root), a service
   * principal (`logging.s3.amazonaws.com`), or {@link ANONYMOUS} for an unsigned request.
   */
  readonly principal: string;
  /** `service:Action` being requested. */
  readonly action: string;
  /** ARN of the resource acted on. */
  readonly resource: string;
  /**
   * Account that owns the resource.
   * @default - the resource ARN's account, else the principal ARN's account
   */
  readonly resourceAccount?: string;
  /**
   * Request context (aws:PrincipalArn, aws:SecureTransport, service keys). Nothing is derived.
   * @default - empty context
   */
  readonly context?: Record<string, string | string[]>;
  /** @default - none */
  readonly identityPolicies?: readonly object[];
  /** @default - none */
  readonly resourcePolicy?: object;
  /**
   * SCPs per level of the organization, root first and the account last. Each level needs its
   * own allow (e.g. FullAWSAccess), exactly as in AWS.
   * @default - no SCPs (as in an account outside an organization)
   */
  readonly scps?: readonly (object | readonly object[])[];
  /**
   * RCPs per level of the organization above the resource's account, root first and the account
   * last; the simulator adds RCPFullAWSAccess to each level itself, as AWS does. @default - no RCPs
   */
  readonly rcps?: readonly (object | readonly object[])[];
  /**
   * Permissions boundaries of the calling principal; identity-policy allows count only where a
   * boundary allows too.
   * @default - no boundary
   */
  readonly permissionsBoundaries?: readonly object[];
  /**
   * Whether S3 Block Public Access (RestrictPublicBuckets) is in force for the bucket: the
   * simulator then refuses cross-account and anonymous access that only a public bucket policy grants.
   * @default false
   */
  readonly s3BlockPublicAccess?: boolean;
  /**
   * Policy of the VPC endpoint the request goes through: an allow boundary for every principal,
   * anonymous and federated callers included (the simulator matches its Principal elements).
   * @default - the request does not use an endpoint
   */
  readonly vpcEndpointPolicy?: object;
}

export interface SimulationOutcome {
  readonly result: SimulationResult;
  /** Always empty: the harness throws otherwise. Kept so tests can assert it. */
  readonly ignoredContextKeys: string[];
  /** Which policies/statements decided the result, e.g. `explicit deny: resource statement 'DenyX'`. */
  readonly reasons: string[];
}

/** Runs one request through the simulator; throws on invalid input or any ignored context key. */
export async function simulate(c: SimulationCase): Promise<SimulationOutcome> {
  const simulation: Simulation = {
    request: {
      principal: c.principal === ANONYMOUS ? anonymousPrincipal : c.principal,
      action: c.action,
      resource: { resource: c.resource, accountId: resourceAccountOf(c) },
      contextVariables: { ...(c.context ?? {}) },
    },
    identityPolicies: (c.identityPolicies ?? []).map((policy, i) => ({ name: `identity-${i + 1}`, policy })),
    resourcePolicy: c.resourcePolicy,
    serviceControlPolicies: (c.scps ?? []).map((level, i) => ({
      orgIdentifier: `level-${i + 1}`,
      policies: (Array.isArray(level) ? level : [level]).map((policy, j) => ({ name: `scp-${i + 1}-${j + 1}`, policy })),
    })),
    resourceControlPolicies: (c.rcps ?? []).map((level, i) => ({
      orgIdentifier: `level-${i + 1}`,
      policies: (Array.isArray(level) ? level : [level]).map((policy, j) => ({ name: `rcp-${i + 1}-${j + 1}`, policy })),
    })),
    ...(c.vpcEndpointPolicy ? { vpcEndpointPolicies: [{ name: 'vpc-endpoint', policy: c.vpcEndpointPolicy }] } : {}),
    ...(c.permissionsBoundaries?.length
      ? { permissionBoundaryPolicies: c.permissionsBoundaries.map((policy, i) => ({ name: `boundary-${i + 1}`, policy })) }
      : {}),
    ...(c.s3BlockPublicAccess !== undefined ? { additionalSettings: { s3: { blockPublicAccess: c.s3BlockPublicAccess } } } : {}),
  };

  const run = await runSimulation(simulation, { simulationMode: 'Strict' });
  if (run.resultType === 'error') {
    throw new Error(`simulate ${c.action} on ${c.resource}: the simulator rejected the input: ${JSON.stringify(run.errors)}`);
  }

  const analyses: { analysis: RequestAnalysis; ignoredContextKeys?: string[] }[] =
    run.resultType === 'single' ? [run.result] : run.results;
  const ignoredContextKeys = [...new Set(analyses.flatMap((a) => a.ignoredContextKeys ?? []))];
  if (ignoredContextKeys.length > 0) {
    throw new Error(
      `simulate ${c.action} on ${c.resource}: context key(s) ${ignoredContextKeys.map((k) => `'${k}'`).join(', ')} ` +
        `do not apply to this action and were ignored; fix the key name or drop it`,
    );
  }

  const reasons = analyses.flatMap((a) =>
    run.overallResult === 'Allowed' ? getGrantReasons(a.analysis).map(describeGrant) : getDenialReasons(a.analysis).map(describeDenial),
  );
  return { result: run.overallResult, ignoredContextKeys, reasons };
}

function resourceAccountOf(c: SimulationCase): string {
  if (c.resourceAccount) return c.resourceAccount;
  for (const arn of [c.resource, c.principal]) {
    const account = arn.split(':')[4];
    if (account && /^\d{12}$/.test(account)) return account;
  }
  throw new Error(`simulate ${c.action}: cannot tell the account of '${c.resource}'; pass resourceAccount`);
}

function statementName(statementId: string | undefined, statementIndex: number): string {
  return statementId ? `statement '${statementId}'` : `statement #${statementIndex}`;
}

function describeDenial(d: ReturnType<typeof getDenialReasons>[number]): string {
  if (d.denialType === 'Implicit') return `implicit deny: ${d.policyType}${d.identifier ? ` '${d.identifier}'` : ''}`;
  const policy = d.policyIdentifier ? ` '${d.policyIdentifier}'` : '';
  return `explicit deny: ${d.policyType}${policy} ${statementName(d.statementId, d.statementIndex)}`;
}

function describeGrant(g: ReturnType<typeof getGrantReasons>[number]): string {
  const policy = 'policyIdentifier' in g ? ` '${g.policyIdentifier}'` : '';
  return `allow: ${g.policyType}${policy} ${statementName(g.statementId, g.statementIndex)}`;
}

/**
 * The simulator only recognises variable condition keys written with a slash (`aws:PrincipalTag/x`),
 * so `kms:EncryptionContext:<key>` is always ignored by it. Tests assert those conditions
 * structurally and simulate the rest of the statement on a copy without them.
 */
export const SIMULATOR_UNSUPPORTED_KEY_PREFIXES = ['kms:EncryptionContext:'] as const;

/** A deep copy of `policy` without condition keys the simulator cannot evaluate (see above). */
export function withoutUnsupportedConditionKeys<T extends object>(policy: T): T {
  const copy = JSON.parse(JSON.stringify(policy)) as { Statement: { Condition?: Record<string, Record<string, unknown>> }[] };
  for (const s of copy.Statement) {
    if (!s.Condition) continue;
    for (const [op, keys] of Object.entries(s.Condition)) {
      for (const key of Object.keys(keys)) if (SIMULATOR_UNSUPPORTED_KEY_PREFIXES.some((p) => key.startsWith(p))) delete keys[key];
      if (Object.keys(keys).length === 0) delete s.Condition[op];
    }
    if (Object.keys(s.Condition).length === 0) delete s.Condition;
  }
  return copy as T;
}

/** An identity policy (or SCP level) allowing everything, as AWS's FullAWSAccess does. */
export const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } as const;

/**
 * IAM's wildcard match of Action, Resource and the *Like condition operators (`*` any run of
 * characters, `?` one character), for conditions the simulator cannot evaluate itself.
 */
export function iamWildcardMatch(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(value);
}
