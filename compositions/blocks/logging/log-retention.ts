// Retention of CloudWatch Logs log groups: CloudWatch.16 asks for at least a year, and CloudWatch
// Logs accepts only its own list of values, so the schema offers exactly those of a year or more.
import { Schema, type SchemaNode } from '../../kernel/schema';

/** CloudWatch Logs retention values of at least 365 days. */
export const RETENTION_DAYS_OF_A_YEAR_OR_MORE = [365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
export const DEFAULT_LOG_RETENTION_DAYS = 365;

/** An integer parameter restricted to those values; `field` names it in the rejection message. */
export function logRetentionDays(field: string, description: string): SchemaNode {
  const values = RETENTION_DAYS_OF_A_YEAR_OR_MORE.join(', ');
  return Schema.integer(description, {
    default: DEFAULT_LOG_RETENTION_DAYS,
    rules: [{ rule: `self in [${values}]`, message: `${field} must be one of ${values} (CloudWatch Logs retention values of at least one year)` }],
  });
}
