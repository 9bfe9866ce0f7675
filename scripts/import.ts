// `npm run import`: regenerates imports/ from the upstream CRDs (ZTA_CRDS_DIR, default ../shared/crds).
// cdk8s import reads one file per API group (same-group CRDs imported separately overwrite each
// other), so the stripped CRDs are regrouped into one multi-document file per group first.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { awsCrds, platformCrds } from './import-manifest';
import { functionInputCrds } from './function-input-crds';
import { addBundleEntries, buildSchemaBundle, defaultCrdsDir, pruneReferences, readCrds, stripCrd, type Crd } from './crd-schema';
import { builtinBundleEntries, defaultOpenApiDir, prunedFromUpstream, readPrunedOpenApi } from './openapi-schema';

const root = path.resolve(__dirname, '..');
const crdsDir = defaultCrdsDir(root);
const importsDir = path.join(root, 'imports');
const files = [...awsCrds, ...platformCrds];

function main(): void {
  for (const f of files) {
    if (!fs.existsSync(path.join(crdsDir, f))) throw new Error(`missing CRD file ${path.join(crdsDir, f)} (set ZTA_CRDS_DIR)`);
  }
  const byGroup = new Map<string, Crd[]>();
  for (const crd of [...files.flatMap((f) => readCrds(path.join(crdsDir, f))), ...functionInputCrds].map(stripCrd)) {
    byGroup.set(crd.spec.group, [...(byGroup.get(crd.spec.group) ?? []), crd]);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zta-import-'));
  const groupFiles: string[] = [];
  for (const [group, crds] of [...byGroup].sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.join(work, `${group}.yaml`);
    fs.writeFileSync(file, crds.map((c) => YAML.stringify(c)).join('---\n'));
    groupFiles.push(file);
  }
  fs.writeFileSync(path.join(work, 'cdk8s.yaml'), YAML.stringify({ language: 'typescript', imports: groupFiles }));
  fs.rmSync(importsDir, { recursive: true, force: true });
  fs.mkdirSync(importsDir, { recursive: true });
  const cdk8s = path.join(root, 'node_modules', '.bin', 'cdk8s');
  execFileSync(cdk8s, ['import', '--check-upgrade', 'false', '--output', importsDir], { cwd: work, stdio: 'inherit' });
  fs.rmSync(work, { recursive: true, force: true });

  refreshPrunedOpenApi();
  writeJson(path.join(importsDir, 'schemas.json'), addBundleEntries(buildSchemaBundle(crdsDir, files, functionInputCrds), builtinBundleEntries(defaultOpenApiDir(root))));
  writeJson(path.join(importsDir, 'references.json'), pruneReferences(path.join(crdsDir, 'references.json'), crdsDir, awsCrds));
  console.log(`imports/: ${groupFiles.length} API groups, ${files.length} CRD files from ${crdsDir}, ${functionInputCrds.length} function input CRD(s) from scripts/function-input-crds.ts`);
}

/**
 * With ZTA_K8S_OPENAPI_DIR (kubernetes/kubernetes api/openapi-spec/v3 of the release to model), the
 * pruned built-in schemas under scripts/kubernetes-openapi are regenerated from it; otherwise the
 * committed ones are used as they are.
 */
function refreshPrunedOpenApi(): void {
  const rawDir = process.env.ZTA_K8S_OPENAPI_DIR;
  if (!rawDir) return;
  const dir = defaultOpenApiDir(root);
  for (const [file, schemas] of prunedFromUpstream(rawDir)) {
    const committed = readPrunedOpenApi(dir, file);
    fs.writeFileSync(path.join(dir, file), `${JSON.stringify({ source: committed.source, pruned: committed.pruned, schemas }, null, 2)}\n`);
  }
  console.log(`scripts/kubernetes-openapi/: pruned again from ${rawDir}`);
}

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value)}\n`);
}

try {
  main();
} catch (e) {
  // One clear line, no stack trace: the usual cause is a missing or moved CRD directory.
  console.error(`npm run import: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
