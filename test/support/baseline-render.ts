// The example claims rendered through the ZeroTrustAccount composite with the encryption,
// data-protection and identity domains only (fast, and independent of the other domains' state):
// the real claim files, less the sections of domains not in this package. Cached per test process.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { DataProtectionChart } from '../../charts/data-protection';
import { EncryptionChart } from '../../charts/encryption';
import { IdentityChart } from '../../charts/identity';
import { ZeroTrustAccountChart } from '../../charts/zero-trust-account';
import type { RenderOutput } from '../../renderer/render';
import type { JsonObject } from '../../renderer/types';
import { renderCharts } from './render-chart';
import { EXAMPLE_CLAIMS, type ExampleName } from './render-example';

const root = path.resolve(__dirname, '..', '..');
const cache = new Map<string, RenderOutput>();
const LIFECYCLE = ['managementPolicies', 'deletionPolicy', 'tags'];

export function exampleClaim(name: ExampleName): JsonObject {
  return YAML.parse(fs.readFileSync(path.join(root, EXAMPLE_CLAIMS[name]), 'utf8')) as JsonObject;
}

/** The charts of this package: encryption, data protection, identity and the account composite. */
export function baselineCharts(app: import('cdk8s').App): import('cdk8s').Chart[] {
  const consumers = [new DataProtectionChart(app, 'data-protection'), new IdentityChart(app, 'identity')];
  const encryption = new EncryptionChart(app, 'encryption', consumers);
  return [...consumers, encryption, new ZeroTrustAccountChart(app, 'zero-trust-account', [encryption, ...consumers])];
}

export function renderBaseline(name: ExampleName): RenderOutput {
  const hit = cache.get(name);
  if (hit) return hit;
  const claim = exampleClaim(name);
  const params = (claim.spec as JsonObject).parameters as JsonObject;
  const kept = Object.fromEntries(Object.entries(params).filter(([k]) => LIFECYCLE.includes(k) || k === 'identity' || k === 'dataProtection'));
  const out = renderCharts(baselineCharts, { ...claim, spec: { ...(claim.spec as JsonObject), parameters: kept } });
  cache.set(name, out);
  return out;
}
