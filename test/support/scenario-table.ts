// Shared by the table-form scenario suites (resource-policies, domain-attacks): how a principal is
// shown in a test name, and how an expected decision is checked.
import type { SimulationResult } from './iam-simulator';

/** `arn:aws:iam::111122223333:role/app-admin` -> `111122223333/app-admin` (test names). */
export const shortPrincipal = (arn: string): string => arn.replace(/^arn:aws:iam::(\d+):role\//, '$1/');

/** An expected decision: exactly one result, or `not Allowed` where a deny and an implicit deny are both right. */
export type ExpectedDecision = SimulationResult | 'not Allowed';

export function expectDecision(result: SimulationResult, expected: ExpectedDecision): void {
  if (expected === 'not Allowed') expect(result).not.toBe('Allowed');
  else expect(result).toBe(expected);
}
