// AWS Config managed rules. A managed rule is addressed by its Identifier (SCREAMING_SNAKE), which is not
// always its kebab-case page name (`restricted-ssh` is INCOMING_SSH_DISABLED), and a wrong identifier is
// only rejected by AWS at create time. So the identifiers come from a generated fact list, every managed
// rule of the AWS Config Developer Guide with its page (managed-rule-pages.generated.ts, `npm run
// config-rules`, scripts/config-rule-identifiers.ts): a misspelled identifier fails tsc. Which rules the
// package deploys, and the Security Hub / CIS controls each evaluates (../shared/research/controls.json),
// is the compliance chart's COMPLIANCE_RULES (charts/compliance.ts): adding a rule is one entry there.
import { suffixed } from '../../kernel/values';
import { AWS_MANAGED_RULE_PAGES } from './managed-rule-pages.generated';

export type ManagedRuleIdentifier = keyof typeof AWS_MANAGED_RULE_PAGES;

/** A managed rule the compliance domain deploys. */
export interface ManagedRule {
  /** From AWS_MANAGED_RULE_PAGES (the rule page's "Identifier:"). */
  readonly identifier: ManagedRuleIdentifier;
  /** camelCase composition resource name (a contract). */
  readonly resourceName: string;
  /** Security Hub / CIS controls the rule evaluates (`EC2.8`, `CIS 5.6`), as the report credits them. */
  readonly controls: readonly [string, ...string[]];
  /** Input parameters as the rule page names them (values are strings, as AWS Config takes them). */
  readonly inputParameters?: Readonly<Record<string, string>>;
}

/** Throws unless `identifier` is an AWS Config managed rule identifier (for identifiers that arrive as data). */
export function checkedRuleIdentifier(identifier: string): ManagedRuleIdentifier {
  if (Object.hasOwn(AWS_MANAGED_RULE_PAGES, identifier)) return identifier as ManagedRuleIdentifier;
  // The usual mistake: the page name in capitals (RESTRICTED_SSH for restricted-ssh).
  const page = identifier.toLowerCase().replace(/_/g, '-');
  const meant = Object.entries(AWS_MANAGED_RULE_PAGES).find(([, p]) => p === page)?.[0];
  throw new Error(`identifier: '${identifier}' is not an AWS Config managed rule identifier; allowed: the keys of AWS_MANAGED_RULE_PAGES (compositions/blocks/detection/managed-rule-pages.generated.ts), the "Identifier:" of the rule's page${meant ? ` (page ${page} is ${meant})` : ''}`);
}

/** The rule's developer-guide page name (`restricted-ssh`). */
export function managedRulePage(identifier: ManagedRuleIdentifier): string {
  return AWS_MANAGED_RULE_PAGES[identifier];
}

/** The config rule's AWS name: the guide's rule name with the environment suffix. */
export function configRuleName(identifier: ManagedRuleIdentifier): string {
  return suffixed(`zta-${managedRulePage(identifier)}`);
}
