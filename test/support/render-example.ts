// Renders the example claims through the synthesized package (dist/) once per test process, so
// domain tests assert facts about what a real claim becomes.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { render, type RenderOutput } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';
import { readPackage } from '../../validator/package';
import { onboarding } from '../../examples/onboarding';
import { boundAccount, environmentConfigs, namespaceOf, ONBOARDING_DIR } from './onboarding';

const root = path.resolve(__dirname, '..', '..');
const cache = new Map<string, RenderOutput>();

/** The example claims, each in the namespace bound to its account (examples/onboarding.ts). */
export const EXAMPLE_CLAIMS = {
  'dev-claim': 'examples/claims/payments-dev/payments-dev.yaml',
  'prod-claim': 'examples/claims/payments-prod/payments-prod.yaml',
  // The second dev account: home eu-west-1, also allowed eu-west-2 (region slots).
  'lending-claim': 'examples/claims/lending-dev/lending-dev.yaml',
} as const;
/**
 * Example claims of the building blocks workload teams claim (not ZeroTrustAccount): rendered and
 * validated like the account claims, but not copied across namespaces by the tenancy tests.
 */
export const EXAMPLE_BLOCK_CLAIMS = {
  'private-api': 'examples/claims/payments-dev/orders-api.yaml',
} as const;
export type ExampleName = keyof typeof EXAMPLE_CLAIMS;
export type AnyExampleName = ExampleName | keyof typeof EXAMPLE_BLOCK_CLAIMS;
const exampleFile = (name: AnyExampleName): string => (name in EXAMPLE_CLAIMS ? EXAMPLE_CLAIMS[name as ExampleName] : EXAMPLE_BLOCK_CLAIMS[name as keyof typeof EXAMPLE_BLOCK_CLAIMS]);

export function loadYaml(file: string): JsonObject {
  return YAML.parse(fs.readFileSync(path.resolve(root, file), 'utf8')) as JsonObject;
}

export function packageApis(): { compositions: JsonObject[]; xrds: JsonObject[] } {
  const objects = readPackage(path.join(root, 'dist')).map((o) => o.object as JsonObject);
  return {
    compositions: objects.filter((o) => o.kind === 'Composition'),
    xrds: objects.filter((o) => o.kind === 'CompositeResourceDefinition'),
  };
}

/**
 * A claim rendered through dist/ in its namespace, with the onboarding's EnvironmentConfigs in the
 * cluster and the provider simulating the account that namespace is bound to.
 */
export function renderClaim(claim: JsonObject): RenderOutput {
  return render({ claimOrXr: claim, ...packageApis(), ...boundAccount(namespaceOf(claim)), clusterObjects: environmentConfigs(), organization: EXAMPLE_ORGANIZATION });
}

/**
 * The example organization's management and delegated administrator accounts: the simulated
 * provider refuses organization APIs (registrations, GuardDuty lists, organization configurations)
 * that a claim's resources would call from the member account.
 */
export const EXAMPLE_ORGANIZATION = {
  managementAccountId: onboarding.managementAccount.accountId,
  delegatedAdministratorAccountId: onboarding.securityAccount.accountId,
} as const;

/**
 * An example claim rendered to convergence; with `namespace`, the same claim copied into that
 * namespace (bound to another account). Rendering the whole baseline takes seconds, and every
 * domain's test file needs it, so the result is cached on disk keyed by the content of dist/,
 * deploy/onboarding/, the claim and the renderer sources: any change to them renders afresh.
 */
export function renderExample(name: AnyExampleName, namespace?: string): RenderOutput {
  const key = namespace ? `${name}-in-${namespace}` : name;
  const hit = cache.get(key);
  if (hit) return hit;
  const claimFile = path.join(root, exampleFile(name));
  const file = path.join(os.tmpdir(), `zta-render-${key}-${contentHash([claimFile, path.join(root, 'dist'), ONBOARDING_DIR, path.join(root, 'renderer'), path.join(root, 'validator'), __filename])}.json`);
  let out: RenderOutput;
  if (fs.existsSync(file)) {
    out = JSON.parse(fs.readFileSync(file, 'utf8')) as RenderOutput;
  } else {
    const claim = loadYaml(exampleFile(name));
    if (namespace) (claim.metadata as JsonObject).namespace = namespace;
    out = renderClaim(claim);
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify(out));
    fs.renameSync(tmp, file);
  }
  cache.set(key, out);
  return out;
}

function contentHash(paths: string[]): string {
  const hash = crypto.createHash('sha256');
  const visit = (p: string): void => {
    if (fs.statSync(p).isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) visit(path.join(p, entry));
    } else {
      hash.update(p).update(fs.readFileSync(p));
    }
  };
  paths.forEach(visit);
  return hash.digest('hex').slice(0, 16);
}

/** Composed resources of one kind (e.g. 'Key.kms.aws.upbound.io'). */
export function resourcesOfKind(out: RenderOutput, kindDotGroup: string): JsonObject[] {
  return out.resources.filter((r) => `${r.kind}.${String(r.apiVersion).split('/')[0]}` === kindDotGroup);
}

/** The composed resource with this composition-resource-name (unique across the render or throws). */
export function resourceNamed(out: RenderOutput, compositionResourceName: string): JsonObject {
  const found = out.resources.filter(
    (r) => ((r.metadata as JsonObject).annotations as Record<string, string> | undefined)?.['crossplane.io/composition-resource-name'] === compositionResourceName,
  );
  if (found.length !== 1) throw new Error(`expected one resource named ${compositionResourceName}, found ${found.length}`);
  return found[0]!;
}

export function forProvider(r: JsonObject): JsonObject {
  return (r.spec as JsonObject).forProvider as JsonObject;
}
