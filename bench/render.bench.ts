// `npm run bench`: the speed targets of issue 15, each measured in this run as a ratio of CPU time
// to a bare start or as a per-claim CPU time, printed beside the
// baseline measured before the speed work and whether it is met. Then per-phase figures.
//   BENCH_RUNS        one-shot repetitions (median), default 5
//   BENCH_CLAIMS      claims rendered in one process for the N=100 and N=1,000 targets, default
//                     1000 (the per-claim figure is taken over the first 100, or all when fewer;
//                     RSS and the 1000/100 ratio need 1000)
//   BENCH_DETAIL=0    skip the per-phase figures
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as YAML from 'yaml';
import { BASELINE_NOTE, TARGETS, type Target, verdict } from './targets';

const root = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 1000);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface Timing {
  /** Wall time, ms. */
  wall: number;
  /** CPU time of the process (user + system), ms: what it cost, whatever else the machine runs. */
  cpu: number;
}

const cpuFile = path.join(os.tmpdir(), `zta-bench-cpu-${process.pid}`);

/** Wall and CPU time of a child process, and its stdout. */
function run(args: string[]): [Timing, string] {
  const start = performance.now();
  const out = execFileSync(process.execPath, ['--require', path.join(__dirname, 'cpu-report.cjs'), ...args], {
    cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_CPU_FILE: cpuFile },
  });
  const wall = performance.now() - start;
  return [{ wall, cpu: Number(fs.readFileSync(cpuFile, 'utf8')) }, out];
}

/** Median wall and CPU time of `runs` runs after one warm-up run (disk caches filled as a user's second run finds them). */
function timed(args: string[], runs = RUNS): Timing {
  run(args);
  const all = Array.from({ length: runs }, () => run(args)[0]);
  return { wall: median(all.map((t) => t.wall)), cpu: median(all.map((t) => t.cpu)) };
}

const show = (t: Timing) => `${t.wall.toFixed(0)} ms wall, ${t.cpu.toFixed(0)} ms CPU`;

const child = (...a: string[]) => ['--import', 'tsx', path.join(__dirname, 'child.ts'), ...a];
const measured = new Map<string, number>();

// Ratios are of CPU time (a loaded machine makes wall-time ratios a measure of the load); wall
// times are printed beside them.
const bareNode = timed(['-e', '']);
const cli = timed([path.join(root, 'bin', 'zta.js'), 'render', 'examples/claims/payments-dev/payments-dev.yaml', '--extra-resources', 'deploy/onboarding', '-o', 'json']);
measured.set('cli', cli.cpu / bareNode.cpu);
console.log(`bare node start: ${show(bareNode)}; dev claim one-shot CLI render: ${show(cli)}`);

// Synth as `npm run synth` runs it: from its cached bundle (bin/run.js). The unit stays a bare tsx
// start, the runtime synth needed before.
const bareTsx = timed(child('noop'));
const synth = timed([path.join(root, 'bin', 'run.js'), path.join(__dirname, 'child.ts'), 'synth'], Math.max(1, Math.min(RUNS, 3)));
measured.set('synth', synth.cpu / bareTsx.cpu);
console.log(`bare tsx start: ${show(bareTsx)}; synth: ${show(synth)}`);

if (CLAIMS > 0) {
  const [, out] = run(child('claims', String(CLAIMS)));
  // marks: CPU time of the process (ms) after so many claims.
  const r = JSON.parse(out) as { n: number; marks: Record<string, number>; peakRss: number; passes: number };
  const at100 = r.marks['100'];
  // With fewer than 100 claims (a quick run), the per-claim figure is taken over all of them.
  const first = Math.min(100, r.n);
  measured.set('per-claim', r.marks[String(first)]! / first / 1000);
  if (r.n >= 1000 && at100 !== undefined) {
    measured.set('rss', r.peakRss / 2 ** 20);
    measured.set('scaling', r.marks[String(r.n)]! / at100);
  }
  console.log(`${r.n} distinct claims in one process (CPU time): ${Object.entries(r.marks).map(([n, ms]) => `${n} in ${(ms / 1000).toFixed(1)} s`).join(', ')}; peak RSS ${(r.peakRss / 2 ** 20).toFixed(0)} MiB; ${r.passes} passes each`);
}

const fmt = (v: number, t: Target) => (Number.isNaN(v) ? '-' : `${v.toFixed(t.unit === 'MiB' ? 0 : 2)} ${t.unit}`);
console.log('\ntarget                                                             limit        baseline     now          verdict');
for (const t of TARGETS) {
  const now = measured.get(t.id) ?? NaN;
  console.log(`${t.what.padEnd(66)} ${`≤ ${t.limit} ${t.unit}`.padEnd(12)} ${fmt(t.baseline, t).padEnd(12)} ${fmt(now, t).padEnd(12)} ${verdict(now, t)}`);
}
console.log(`(${BASELINE_NOTE}; \`npm test\` under 60 s is measured separately)`);

if (process.env.BENCH_DETAIL !== '0') {
  // Per-phase figures in this process (the first render includes compiling the validators).
  const { render } = require('../renderer/render') as typeof import('../renderer/render');
  const { readPackage } = require('../validator/package') as typeof import('../validator/package');
  type J = Record<string, any>;
  const objects = readPackage(path.join(root, 'dist')).map((o) => o.object as J);
  const compositions = objects.filter((o) => o.kind === 'Composition');
  const xrds = objects.filter((o) => o.kind === 'CompositeResourceDefinition');
  const environmentConfigs = readPackage(path.join(root, 'deploy', 'onboarding')).map((o) => o.object as J).filter((o) => o.kind === 'EnvironmentConfig');
  for (const [name, ns] of [['dev-claim', 'payments-dev'], ['prod-claim', 'payments-prod'], ['lending-claim', 'lending-dev']] as const) {
    const claim = YAML.parse(fs.readFileSync(path.join(root, 'examples', 'claims', ns, `${ns}.yaml`), 'utf8')) as J;
    const account = environmentConfigs.find((e) => e.metadata.labels['zerotrust.io/namespace'] === ns)!.data.account;
    const runs: number[] = [];
    let last: ReturnType<typeof render> | undefined;
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      last = render({ claimOrXr: claim, compositions, xrds, accountId: String(account.id), region: String(account.region), clusterObjects: environmentConfigs });
      runs.push(performance.now() - start);
    }
    console.log(
      `render ${name} to convergence: first ${runs[0]!.toFixed(0)} ms, median ${median(runs).toFixed(0)} ms over ${RUNS} runs; ` +
        `${last!.resources.length} composed resources, ${last!.passes} passes, converged=${last!.converged}`,
    );
  }
}
