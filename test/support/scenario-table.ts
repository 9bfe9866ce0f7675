// Shared by the table-form scenario suites (resource-policies, domain-attacks) and the chart tests'
// attack rows: how a principal is shown in a test name, how an expected decision is checked, and the
// actors and simulation of one member account.
import { onboarding } from '../../examples/onboarding';
import { ALLOW_ALL, simulate, type SimulationCase, type SimulationResult } from './iam-simulator';
import { organizationScps } from './organization-scps';
import { forProvider, renderExample, renderOrganizationExample, resourceNamed, type ExampleName } from './render-example';

/** `arn:aws:iam::111122223333:role/app-admin` -> `111122223333/app-admin` (test names). */
export const shortPrincipal = (arn: string): string => arn.replace(/^arn:aws:iam::(\d+):role\//, '$1/');

/** An expected decision: exactly one result, or `not Allowed` where a deny and an implicit deny are both right. */
export type ExpectedDecision = SimulationResult | 'not Allowed';

export function expectDecision(result: SimulationResult, expected: ExpectedDecision): void {
  if (expected === 'not Allowed') expect(result).not.toBe('Allowed');
  else expect(result).toBe(expected);
}

/** One attack or no-lockout row: who calls what on which resource, under what, and the expected decision. */
export interface ScenarioRow {
  readonly principal: string; readonly action: string; readonly resource: string;
  readonly context?: Record<string, string>; readonly expected: ExpectedDecision;
  /** The domain's resource policy on the resource, when it writes one. */
  readonly resourcePolicy?: object;
  /** Simulate under the member account's organization SCPs (false for principals of other accounts). @default true */
  readonly underScps?: boolean;
  /** Simulate with the account's rendered permissions boundary on the principal (the roles the baseline creates). @default false */
  readonly underBoundary?: boolean;
}

/**
 * Scenarios in one onboarded member account (the example organization's payments-dev by default):
 * its attacker (the account's own administrator, not break glass), break glass and the provisioning
 * role, another account's principal, and `decide`, which simulates a row with ALLOW_ALL identity
 * policies under the account's organization SCPs (and the boundary or a resource policy when the row
 * says so). A domain's chart test uses it for its attack and no-lockout rows: `test.each(s.table(rows))(s.NAME, s.check)`.
 */
export function memberAccountScenarios(namespace = 'payments-dev') {
  const binding = onboarding.accounts.find((a) => a.namespace === namespace);
  if (!binding) throw new Error(`no onboarded account binds namespace ${namespace}`);
  const account = binding.accountId;
  const region = binding.homeRegion;
  let scps: object[] | undefined;
  let boundary: object | undefined;
  const example = EXAMPLE_FOR_NAMESPACE[namespace];
  const decide = async (r: ScenarioRow): Promise<SimulationResult> => {
    scps ??= organizationScps(renderOrganizationExample())(account);
    if (r.underBoundary && !boundary) {
      if (!example) throw new Error(`no example claim renders namespace ${namespace}'s permissions boundary`);
      boundary = JSON.parse(String(forProvider(resourceNamed(renderExample(example), 'permissionsBoundary')).policy)) as object;
    }
    const c: SimulationCase = {
      principal: r.principal, action: r.action, resource: r.resource, resourceAccount: account, identityPolicies: [ALLOW_ALL],
      ...(r.underScps === false ? {} : { scps }),
      ...(r.underBoundary ? { permissionsBoundaries: [boundary!] } : {}),
      ...(r.resourcePolicy ? { resourcePolicy: r.resourcePolicy } : {}),
      context: { 'aws:PrincipalArn': r.principal, 'aws:RequestedRegion': r.action.startsWith('iam:') ? 'us-east-1' : region, 'aws:SecureTransport': 'true', ...(r.context ?? {}) },
    };
    return (await simulate(c)).result;
  };
  return {
    account, region,
    admin: `arn:aws:iam::${account}:role/app-admin`,
    breakGlass: `arn:aws:iam::${account}:role/zta-break-glass-${binding.environment}`,
    provisioning: binding.provider.roleArn,
    attacker: 'arn:aws:iam::999988887777:role/attacker',
    decide,
    /** Rows as test.each arguments: the test name's fields, then the row. */
    table: (rows: readonly ScenarioRow[]) => rows.map((r) => [shortPrincipal(r.principal), r.action, r.resource, JSON.stringify(r.context ?? {}), r.expected, r] as const),
    check: async (...args: readonly [string, string, string, string, ExpectedDecision, ScenarioRow]): Promise<void> => expectDecision(await decide(args[5]), args[4]),
    NAME: '%s: %s on %s %s -> %s',
  };
}

/** The example claim rendered in each onboarded namespace. */
const EXAMPLE_FOR_NAMESPACE: Readonly<Record<string, ExampleName>> = { 'payments-dev': 'dev-claim', 'payments-prod': 'prod-claim', 'lending-dev': 'lending-claim' };
