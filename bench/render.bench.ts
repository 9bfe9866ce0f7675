// `npm run bench`: how long the offline renderer takes to render an example claim to convergence,
// and how long synthesizing the package takes. Figures only; no thresholds (targets are tracked
// here, never in timed tests).
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as YAML from 'yaml';
import * as fs from 'node:fs';
import { buildPackage } from '../charts';
import { admissionProblems, packageFiles } from '../compositions/package-writer';
import { render } from '../renderer/render';
import type { JsonObject } from '../renderer/types';
import { readPackage } from '../validator/package';

const root = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const out = fn();
  return [out, performance.now() - start];
}

const synth: number[] = [];
let files: ReturnType<typeof packageFiles> = [];
for (let i = 0; i < RUNS; i++) synth.push(time(() => (files = packageFiles(buildPackage())))[1]);
console.log(`synthesize package: median ${median(synth).toFixed(0)} ms over ${RUNS} runs`);

// The first run includes compiling (RE2 patterns, CEL plans, format checkers).
const admission: number[] = [];
for (let i = 0; i < RUNS; i++) admission.push(time(() => admissionProblems(files))[1]);
console.log(`admit every XRD's CRDs: first ${admission[0]!.toFixed(0)} ms, median ${median(admission).toFixed(0)} ms over ${RUNS} runs`);

const objects = readPackage(path.join(root, 'dist')).map((o) => o.object as JsonObject);
const compositions = objects.filter((o) => o.kind === 'Composition');
const xrds = objects.filter((o) => o.kind === 'CompositeResourceDefinition');
// Each example claim in the namespace the example onboarding binds to its account.
const environmentConfigs = readPackage(path.join(root, 'deploy', 'onboarding')).map((o) => o.object as JsonObject).filter((o) => o.kind === 'EnvironmentConfig');
for (const [name, ns] of [['dev-claim', 'payments-dev'], ['prod-claim', 'payments-prod'], ['lending-claim', 'lending-dev']] as const) {
  const claim = YAML.parse(fs.readFileSync(path.join(root, 'examples', 'claims', ns, `${ns}.yaml`), 'utf8')) as JsonObject;
  const account = ((environmentConfigs.find((e) => ((e.metadata as JsonObject).labels as JsonObject)['zerotrust.io/namespace'] === ns)!.data as JsonObject).account as JsonObject);
  const runs: number[] = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    const [out, ms] = time(() => render({ claimOrXr: claim, compositions, xrds, accountId: String(account.id), region: String(account.region), clusterObjects: environmentConfigs }));
    runs.push(ms);
    last = out;
  }
  console.log(
    `render ${name} to convergence: median ${median(runs).toFixed(0)} ms (min ${Math.min(...runs).toFixed(0)}, max ${Math.max(...runs).toFixed(0)}) over ${RUNS} runs; ` +
      `${last!.resources.length} composed resources, ${last!.passes} passes, converged=${last!.converged}`,
  );
}
