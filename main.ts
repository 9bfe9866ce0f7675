// `npm start`: synthesize the Crossplane package into dist/ and the example onboarding into
// deploy/onboarding/, say what they hold, then render the dev example claim through the package, in
// the namespace the onboarding binds to its account, to convergence (`npm run synth` does only the
// first part).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Chart } from 'cdk8s';
import { buildPackage } from './charts';
import { admissionPoliciesYaml } from './charts/admission-policy';
import { buildGitOps } from './charts/gitops';
import { writeGitOpsTree, readManifests } from './compositions/gitops/tree-files';
import { gitOpsParametersFrom } from './compositions/gitops/parameters';
import { buildOnboarding, claimResourcesOf, onboardingFile } from './charts/onboarding';
import { PackageAdmissionError, packageFiles, toYaml, writePackage } from './compositions/package/package-writer';
import { onboarding } from './examples/onboarding';
import { claimReferenceFiles } from './compositions/kernel/parameter-docs';
import { main as zta } from './renderer/cli';
import { writeDiagrams } from './scripts/diagrams';
import { ZeroTrustAccountChart } from './charts/zero-trust-account';
import { domainTable, withDomainTable } from './compositions/package/readme-domains';

function synth(): void {
  // Parameters of the GitOps tree (flags or ZTA_* env), checked before anything is written; the
  // onboarding ProviderConfigs use the same pod identity mode as the provider runtime configs.
  const params = gitOpsParametersFrom(process.argv.slice(2), process.env);
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
  // The README's domain table, from each domain chart's `readme`.
  // (by constructor: cdk8s's Chart.hasInstance makes `instanceof` true for every chart)
  const account = pkg.node.findAll().find((c): c is ZeroTrustAccountChart => c.constructor === ZeroTrustAccountChart)!;
  const readme = path.join(__dirname, 'README.md');
  fs.writeFileSync(readme, withDomainTable(fs.readFileSync(readme, 'utf8'), domainTable(account.domains)));
  console.log('README.md (the Security domains table, from each domain chart\'s readme)');
  // Architecture and dependency diagrams drawn from what was just written to dist/.
  console.log(`${writeDiagrams(files.flatMap((f) => f.objects), __dirname).join(', ')} (Mermaid diagrams generated from dist/)`);
  // deploy/onboarding/: the onboarding chart's files, then the admission policies beside them.
  writeOnboarding(pkg, params.podIdentity.mode);
  // Only this file: the rest of deploy/onboarding/ is the onboarding chart's.
  const policies = path.join(__dirname, 'deploy', 'onboarding', 'admission-policies.yaml');
  fs.mkdirSync(path.dirname(policies), { recursive: true });
  fs.writeFileSync(policies, admissionPoliciesYaml(files.flatMap((f) => f.objects), onboarding));
  console.log('deploy/onboarding/admission-policies.yaml (ValidatingAdmissionPolicies and bindings from the onboarding list)');
  // The GitOps tree reads what deploy/onboarding/ holds (written above by the onboarding and admission
  // charts): its AppProject whitelists are derived from the synced objects.
  const tree = buildGitOps(pkg, params, onboarding, readManifests(path.join(__dirname, 'deploy', 'onboarding')));
  const written = writeGitOpsTree(tree, __dirname, params.claimsRoot, onboarding.accounts.map((a) => a.namespace));
  console.log(`GitOps tree (${params.repoUrl}@${params.revision}, ${params.packageRepository}:${params.packageVersion}, ${params.podIdentity.mode}):`);
  for (const f of written) console.log(`  ${f}`);
}

/**
 * deploy/onboarding/: the example organization's namespaces, RBAC, ProviderConfigs and
 * EnvironmentConfigs. Only this writer's files are replaced: the admission policies live there too.
 */
function writeOnboarding(pkg: ReturnType<typeof buildPackage>, credentialsSource: 'PodIdentity' | 'IRSA'): void {
  const dir = path.join(__dirname, 'deploy', 'onboarding');
  const files = packageFiles(buildOnboarding(onboarding, claimResourcesOf(pkg), credentialsSource), onboardingFile);
  fs.mkdirSync(dir, { recursive: true });
  for (const stale of fs.readdirSync(dir).filter((f) => /^(account-.*|organization)\.yaml$/.test(f))) fs.rmSync(path.join(dir, stale));
  for (const f of files) fs.writeFileSync(path.join(dir, f.path), toYaml(f.objects));
  console.log(`deploy/onboarding/ (namespaces bound to accounts): ${files.map((f) => f.path).join(', ')}`);
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
  const claim = path.join('examples', 'claims', 'payments-dev', 'payments-dev.yaml');
  const onboarded = path.join('deploy', 'onboarding');
  console.log(`\nzta render ${claim} --extra-resources ${onboarded} -o summary`);
  process.exitCode = zta(['render', path.join(__dirname, claim), '--apis', path.join(__dirname, 'dist', 'apis'), '--extra-resources', path.join(__dirname, onboarded), '-o', 'summary']);
}
