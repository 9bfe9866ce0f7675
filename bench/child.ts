// The workloads `npm run bench` times in child processes (a fresh process each, as a user runs
// them). Prints one JSON line on stdout.
//   noop            nothing: a bare tsx start
//   synth           what `npm run synth` computes for dist/: build the charts, admit every XRD's
//                   CRDs, serialise every file (nothing is written)
//   claims N        N distinct dev claims (their own names) rendered in one process; CPU time
//                   after every 10 up to 100, every 100 and at the end, and the peak RSS
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const [mode, arg] = process.argv.slice(2);

function synth(): object {
  const { buildPackage } = require('../charts') as typeof import('../charts');
  const { admissionProblems, packageFiles, toYaml } = require('../compositions/package/package-writer') as typeof import('../compositions/package/package-writer');
  const files = packageFiles(buildPackage());
  const problems = admissionProblems(files);
  const bytes = files.reduce((n, f) => n + toYaml(f.objects).length, 0);
  return { files: files.length, problems: problems.length, bytes };
}

function claims(n: number): object {
  const YAML = require('yaml') as typeof import('yaml');
  const { render } = require('../renderer/render') as typeof import('../renderer/render');
  const { readPackage } = require('../validator/package') as typeof import('../validator/package');
  type J = Record<string, any>;
  const objects = readPackage(path.join(root, 'dist')).map((o) => o.object as J);
  const compositions = objects.filter((o) => o.kind === 'Composition');
  const xrds = objects.filter((o) => o.kind === 'CompositeResourceDefinition');
  const environmentConfigs = readPackage(path.join(root, 'deploy', 'onboarding')).map((o) => o.object as J).filter((o) => o.kind === 'EnvironmentConfig');
  const claim = YAML.parse(fs.readFileSync(path.join(root, 'examples', 'claims', 'payments-dev', 'payments-dev.yaml'), 'utf8')) as J;
  const ns = claim.metadata.namespace as string;
  const account = environmentConfigs.find((e) => e.metadata.labels['zerotrust.io/namespace'] === ns)!.data.account;
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const start = cpu();
  const marks: Record<number, number> = {};
  let passes = 0;
  for (let i = 1; i <= n; i++) {
    const c = structuredClone(claim);
    c.metadata.name = `${claim.metadata.name}-${i}`;
    const out = render({ claimOrXr: c, compositions, xrds, accountId: String(account.id), region: String(account.region), clusterObjects: environmentConfigs });
    if (!out.converged) throw new Error(`claim ${i} did not converge`);
    passes = out.passes;
    if ((i <= 100 && i % 10 === 0) || i % 100 === 0 || i === n) marks[i] = cpu() - start;
  }
  // The kernel's high-water mark of the resident set (KiB), not a sample.
  return { n, marks, peakRss: process.resourceUsage().maxRSS * 1024, passes };
}

let out: object;
if (mode === 'noop') out = {};
else if (mode === 'synth') out = synth();
else if (mode === 'claims') out = claims(Number(arg));
else throw new Error(`unknown mode ${mode}`);
process.stdout.write(`${JSON.stringify(out)}\n`);
