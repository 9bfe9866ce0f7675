// `npm start`: synthesize the Crossplane package into dist/, say what it holds, then render the dev
// example claim through it to convergence (`npm run synth` does only the first part).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Chart } from 'cdk8s';
import { buildPackage } from './charts';
import { admissionPoliciesYaml } from './charts/admission-policy';
import { buildGitOps } from './charts/gitops';
import { writeGitOpsTree, readManifests } from './compositions/gitops/tree-files';
import { gitOpsParametersFrom } from './compositions/gitops/parameters';
import { onboarding } from './examples/onboarding';
import { PackageAdmissionError, writePackage } from './compositions/package-writer';
import { claimReferenceFiles } from './compositions/parameter-docs';
import { main as zta } from './renderer/cli';

function synth(): void {
  const outdir = path.join(__dirname, 'dist');
  const pkg = buildPackage();
  const files = writePackage(pkg, outdir);
  console.log(`dist/ (Crossplane package root):`);
  for (const f of files) {
    console.log(`  ${f.path.padEnd(48)} ${f.objects.map((o) => `${o.kind}/${(o.metadata as { name: string }).name}`).join(', ')}`);
  }
  fs.rmSync(path.join(__dirname, 'docs', 'claims'), { recursive: true, force: true });
  for (const doc of claimReferenceFiles(pkg.node.findAll().filter((c): c is Chart => Chart.isChart(c)))) {
    fs.mkdirSync(path.dirname(path.join(__dirname, doc.path)), { recursive: true });
    fs.writeFileSync(path.join(__dirname, doc.path), doc.content);
    console.log(`${doc.path} (claim reference generated from its XRD)`);
  }
  // Only this file: the rest of deploy/onboarding/ is the onboarding chart's.
  const policies = path.join(__dirname, 'deploy', 'onboarding', 'admission-policies.yaml');
  fs.mkdirSync(path.dirname(policies), { recursive: true });
  fs.writeFileSync(policies, admissionPoliciesYaml(files.flatMap((f) => f.objects), onboarding));
  console.log('deploy/onboarding/admission-policies.yaml (ValidatingAdmissionPolicies and bindings from the onboarding list)');
  // The GitOps tree reads what deploy/onboarding/ holds (written above by the onboarding and admission
  // charts): its AppProject whitelists are derived from the synced objects. Parameters: flags or ZTA_* env.
  const params = gitOpsParametersFrom(process.argv.slice(2), process.env);
  const tree = buildGitOps(pkg, params, onboarding, readManifests(path.join(__dirname, 'deploy', 'onboarding')));
  const written = writeGitOpsTree(tree, __dirname, params.claimsRoot, onboarding.accounts.map((a) => a.namespace));
  console.log(`GitOps tree (${params.repoUrl}@${params.revision}, ${params.packageRepository}:${params.packageVersion}, ${params.podIdentity.mode}):`);
  for (const f of written) console.log(`  ${f}`);
}

try {
  synth();
} catch (e) {
  if (e instanceof PackageAdmissionError) {
    // One line per problem: XRD, CRD, field path, what is wrong, rule, cost and limit.
    console.error(`synth: ${e.problems.length} CRD admission problem(s); nothing was written:`);
    for (const line of e.problems) console.error(line);
    process.exit(1);
  }
  // Construct and validation errors name the chart, parameter and value; a stack adds nothing.
  console.error(`synth: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}

if (process.argv.includes('--render')) {
  console.log(`\nzta render examples/dev-claim.yaml -o summary`);
  process.exitCode = zta(['render', path.join(__dirname, 'examples', 'dev-claim.yaml'), '--apis', path.join(__dirname, 'dist', 'apis'), '-o', 'summary']);
}
