// The labels the onboarding writes on each Namespace and EnvironmentConfig; everything that reads or
// writes them uses these. No imports beyond the label domain: the render CLI selects a claim's
// EnvironmentConfig by them, and must not load cdk8s to do so.
import { LABEL_DOMAIN } from '../kernel/naming';

export const OnboardingLabels = {
  /** On the Namespace and the EnvironmentConfig: the namespace an account is bound to. */
  namespace: `${LABEL_DOMAIN}/namespace`,
  /** On the Namespace: the AWS account id bound to it. */
  accountId: `${LABEL_DOMAIN}/account-id`,
  /** On the Namespace: the environment suffix. */
  environment: `${LABEL_DOMAIN}/environment`,
} as const;
