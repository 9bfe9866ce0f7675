// The example organization's onboarding as the renders see it: the EnvironmentConfigs synthesized
// into deploy/onboarding/ (the cluster objects function-environment-configs selects from), and the
// account each namespace is bound to (what the simulated provider reconciles in).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readPackage } from '../../validator/package';
import { onboarding } from '../../examples/onboarding';
import type { JsonObject } from '../../renderer/types';

const root = path.resolve(__dirname, '..', '..');
export const ONBOARDING_DIR = path.join(root, 'deploy', 'onboarding');

/** Every object synthesized into deploy/onboarding/ (run `npm run synth` after changing the onboarding). */
export function onboardingObjects(): JsonObject[] {
  if (!fs.existsSync(ONBOARDING_DIR)) throw new Error(`${ONBOARDING_DIR} is missing: run npm run synth`);
  return readPackage(ONBOARDING_DIR).map((o) => o.object as JsonObject);
}

export function environmentConfigs(): JsonObject[] {
  return onboardingObjects().filter((o) => o.kind === 'EnvironmentConfig');
}

/** The onboarded account a namespace is bound to, for the simulated provider. */
export function boundAccount(namespace: string): { accountId: string; region: string } {
  const a = onboarding.accounts.find((x) => x.namespace === namespace);
  if (!a) throw new Error(`namespace ${namespace} is not onboarded (examples/onboarding.ts binds ${onboarding.accounts.map((x) => x.namespace).join(', ')})`);
  return { accountId: a.accountId, region: a.homeRegion };
}

/** The namespace of a claim (what binds it). */
export function namespaceOf(claim: JsonObject): string {
  const ns = (claim.metadata as JsonObject | undefined)?.namespace;
  if (typeof ns !== 'string') throw new Error('claim has no metadata.namespace');
  return ns;
}
