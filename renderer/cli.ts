// zta: render a claim/XR through the package's Compositions offline, or validate claims.
// `render` takes the same positional arguments as `crossplane render` (XR/claim file, Composition
// files, Functions file); files may be multi-document YAML mixing XRDs, Compositions and Functions.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { JsonObject } from './types';
import { CompositionError, compositesType, describe, isObject, nameOf, obj, str, xrdForClaim, xrdForComposite, xrdInfo } from './crossplane';
import { type RenderOutput, render } from './render';
import { type CompositeDeletePolicy, type DeletionResult, deleteClaim } from './deletion';
import { Validator, formatProblem } from '../validator/validate';
import { OnboardingLabels } from '../compositions/onboarding';
import { readYamlDocuments } from '../validator/yaml-cache';

/** Bad input: reported as one line on stderr, exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
}

const USAGE = `usage:
  zta render CLAIM_OR_XR [COMPOSITION ...] [FUNCTIONS] [--observed-resources DIR|FILE] [--single-pass]
             [--extra-resources DIR|FILE] [-o yaml|json|summary] [--account-id ID] [--region REGION]
             [--max-passes N] [--apis DIR] [--delete [--delete-policy Background|Foreground]]
  (--extra-resources, also --required-resources or -e: objects in the cluster the functions may
   require, e.g. deploy/onboarding/ with the EnvironmentConfig binding the claim's namespace to its
   account; the simulated provider then works in that account and region unless --account-id and
   --region say otherwise)
  (--delete: render, then delete the claim as Crossplane, Kubernetes GC, the Usage webhook and AWS
   would, and print the order objects go; -o json prints every step)
  zta validate [--apis DIR] CLAIM.yaml ...
  (--apis: directory of definition.yaml/composition.yaml files; default dist/apis)`;

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

// ---------------------------------------------------------------- loading

interface Doc {
  file: string;
  object: JsonObject;
}

export function readDocs(file: string): Doc[] {
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw new InputError(`${file}: is a directory, expected a YAML file`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${file}: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const out: Doc[] = [];
  for (const doc of parseAllDocuments(text)) {
    if ('errors' in doc && doc.errors.length > 0) {
      const err = doc.errors[0]!;
      const line = err.linePos?.[0] ? ` at line ${err.linePos[0].line}` : '';
      throw new InputError(`${file}: invalid YAML${line}: ${err.message.split('\n')[0]}`);
    }
    const v = doc.toJS() as unknown;
    if (v === null || v === undefined) continue;
    if (!isObject(v as JsonObject)) throw new InputError(`${file}: every YAML document must be a Kubernetes object (a mapping)`);
    const o = v as JsonObject;
    if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') {
      throw new InputError(`${file}: a document has no apiVersion/kind`);
    }
    out.push({ file, object: o });
  }
  return out;
}

function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFilesUnder(p));
    else if (/\.ya?ml$/.test(entry.name)) out.push(p);
  }
  return out.sort();
}

/** --apis DIR, else dist/apis of the current directory, else of the project. */
let apisOverride: string | undefined;
function distApis(): string {
  if (apisOverride) return resolve(apisOverride);
  const here = resolve('dist', 'apis');
  if (existsSync(here)) return here;
  return resolve(__dirname, '..', 'dist', 'apis');
}

function loadDistApis(): Doc[] {
  const dir = distApis();
  if (!existsSync(dir)) throw new InputError(`${dir} does not exist (run \`npm run synth\` first, or pass --apis DIR)`);
  // Synthesized files, parsed once per content for every process (validator/yaml-cache.ts); a file
  // that is not a list of objects is read again the checking way, for its error message.
  return yamlFilesUnder(dir).flatMap((file) => {
    const docs = readYamlDocuments(file).filter((o) => o !== null && o !== undefined);
    const ok = docs.every((o) => isObject(o as JsonObject) && typeof (o as JsonObject).apiVersion === 'string' && typeof (o as JsonObject).kind === 'string');
    return ok ? docs.map((object) => ({ file, object: object as JsonObject })) : readDocs(file);
  });
}

const isXrd = (o: JsonObject) => o.kind === 'CompositeResourceDefinition' && str(o.apiVersion)?.startsWith('apiextensions.crossplane.io/');
const isComposition = (o: JsonObject) => o.kind === 'Composition' && str(o.apiVersion)?.startsWith('apiextensions.crossplane.io/');
const isFunction = (o: JsonObject) => o.kind === 'Function' && str(o.apiVersion)?.startsWith('pkg.crossplane.io/');

function loadObjects(path: string, flag: string): JsonObject[] {
  if (!existsSync(path)) throw new InputError(`${path}: ${flag}: no such file or directory`);
  const files = statSync(path).isDirectory() ? yamlFilesUnder(path) : [path];
  return files.flatMap(readDocs).map((d) => d.object);
}

function loadObserved(path: string): JsonObject[] {
  return loadObjects(path, '--observed-resources');
}

// ---------------------------------------------------------------- arguments

interface RenderArgs {
  files: string[];
  observed?: string;
  extra?: string;
  singlePass: boolean;
  output: 'yaml' | 'json' | 'summary';
  accountId?: string;
  region?: string;
  maxPasses?: number;
  delete: boolean;
  deletePolicy?: CompositeDeletePolicy;
}

function parseRenderArgs(argv: string[]): RenderArgs {
  const a: RenderArgs = { files: [], singlePass: false, output: 'yaml', delete: false };
  let outputGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new InputError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--observed-resources': case '-r': a.observed = value(); break;
      case '--extra-resources': case '--required-resources': case '-e': a.extra = value(); break;
      case '--single-pass': a.singlePass = true; break;
      case '-o': case '--output': {
        const v = value();
        if (v !== 'yaml' && v !== 'json' && v !== 'summary') throw new InputError(`-o must be yaml, json or summary, got "${v}"`);
        a.output = v;
        outputGiven = true;
        break;
      }
      case '--delete': a.delete = true; break;
      case '--delete-policy': {
        const v = value();
        if (v !== 'Background' && v !== 'Foreground') throw new InputError(`--delete-policy must be Background or Foreground, got "${v}"`);
        a.deletePolicy = v;
        break;
      }
      case '--account-id': {
        const v = value();
        if (!/^\d{12}$/.test(v)) throw new InputError(`--account-id must be 12 digits, got "${v}"`);
        a.accountId = v;
        break;
      }
      case '--region': a.region = value(); break;
      case '--apis': apisOverride = value(); break;
      case '--max-passes': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) throw new InputError('--max-passes must be a positive integer');
        a.maxPasses = n;
        break;
      }
      default:
        if (arg.startsWith('-')) throw new InputError(`unknown option ${arg}\n${USAGE}`);
        a.files.push(arg);
    }
  }
  if (a.files.length === 0) throw new InputError(`render needs a claim or XR file\n${USAGE}`);
  if (a.deletePolicy && !a.delete) throw new InputError('--delete-policy needs --delete');
  if (a.delete && a.singlePass) throw new InputError('--delete needs the render to converge; drop --single-pass');
  if (a.delete && !outputGiven) a.output = 'summary';
  return a;
}

/**
 * The account a claim's namespace is bound to, from the EnvironmentConfig labelled with it among
 * the extra resources (charts/onboarding.ts): what the claim's resources are created in.
 */
function boundAccountOf(claim: JsonObject, extra: JsonObject[]): { accountId?: string; region?: string } {
  const ns = str(obj(claim.metadata).namespace);
  if (!ns) return {};
  const configs = extra.filter((o) => o.kind === 'EnvironmentConfig' && obj(obj(o.metadata).labels)[OnboardingLabels.namespace] === ns);
  if (configs.length !== 1) return {};
  const account = obj(obj(configs[0]!.data).account);
  return { ...optional('accountId', str(account.id)), ...optional('region', str(account.region)) };
}

// The account/region of the rendered ARNs: flags, else the claim's own parameters.
function claimParameter(claim: JsonObject, names: string[]): string | undefined {
  const spec = obj(claim.spec);
  for (const scope of [spec, obj(spec.parameters)]) {
    for (const n of names) {
      const v = scope[n];
      if (typeof v === 'string' && v !== '') return v;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- commands

export function runRender(argv: string[], io: CliIO): number {
  const args = parseRenderArgs(argv);
  const [claimFile, ...rest] = args.files;
  const claimDocs = readDocs(claimFile!);
  const docs = rest.flatMap(readDocs);
  for (const d of docs) {
    if (!isXrd(d.object) && !isComposition(d.object) && !isFunction(d.object)) {
      throw new InputError(`${d.file}: ${describe(d.object)} (${str(d.object.apiVersion)}) is not a Composition, CompositeResourceDefinition or Function`);
    }
  }
  let compositions = docs.filter((d) => isComposition(d.object)).map((d) => d.object);
  let xrds = docs.filter((d) => isXrd(d.object)).map((d) => d.object);
  const functions = docs.filter((d) => isFunction(d.object)).map((d) => d.object);
  if (compositions.length === 0 || xrds.length === 0) {
    const dist = compositions.length === 0 || existsSync(distApis()) ? loadDistApis().map((d) => d.object) : [];
    if (compositions.length === 0) compositions = dist.filter(isComposition);
    if (xrds.length === 0) xrds = dist.filter(isXrd);
  }
  const infos = xrds.map(xrdInfo);
  // A file of several documents (deploy/onboarding/organization.yaml: ProviderConfigs and the
  // organization's composite) holds one claim or XR of a loaded XRD; the rest is not rendered.
  const defined = (o: JsonObject): boolean => xrdForClaim(o, infos) !== undefined || xrdForComposite(o, infos) !== undefined;
  const candidates = claimDocs.length === 1 ? claimDocs : claimDocs.filter((d) => defined(d.object));
  if (candidates.length !== 1) {
    throw new InputError(`${claimFile}: expected exactly one claim or XR, found ${claimDocs.length} documents${claimDocs.length > 1 ? ` (${candidates.length} of a loaded XRD's kinds)` : ''}`);
  }
  const claimOrXr = candidates[0]!.object;
  if (!xrdForClaim(claimOrXr, infos) && !xrdForComposite(claimOrXr, infos) && !compositions.some((c) => compositesType(c, claimOrXr))) {
    throw new InputError(`${claimFile}: ${describe(claimOrXr)}: kind ${str(claimOrXr.kind)} (${str(claimOrXr.apiVersion)}) is not defined by any loaded XRD`);
  }
  if (functions.length > 0) checkFunctionsDeclared(compositions, functions);
  const extra = args.extra ? loadObjects(args.extra, '--extra-resources') : [];
  const bound = boundAccountOf(claimOrXr, extra);
  const out = render({
    claimOrXr, compositions, xrds, singlePass: args.singlePass,
    ...(args.observed ? { observed: loadObserved(args.observed) } : {}),
    ...(extra.length > 0 ? { clusterObjects: extra } : {}),
    ...(args.maxPasses ? { maxPasses: args.maxPasses } : {}),
    ...optional('accountId', args.accountId ?? bound.accountId ?? claimParameter(claimOrXr, ['accountId', 'awsAccountId'])),
    ...optional('region', args.region ?? bound.region ?? claimParameter(claimOrXr, ['region', 'awsRegion'])),
  });
  if (args.delete) {
    const deletion = deleteClaim(out, args.deletePolicy ? { policy: args.deletePolicy } : {});
    io.stdout(formatDeletion(deletion, out, args.output));
    for (const p of out.problems) io.stderr(`${p.object}: ${p.message}`);
    for (const p of deletion.problems) io.stderr(`${p.object}: ${p.message}`);
    return out.problems.length + deletion.problems.length > 0 ? 1 : 0;
  }
  io.stdout(formatOutput(out, args.output));
  for (const p of out.problems) io.stderr(`${p.object}: ${p.message}`);
  return out.problems.length > 0 ? 1 : 0;
}

/**
 * The deletion order: one line per object in the order it left the cluster, with the wave its AWS
 * resource was deleted and the users its Usages made it wait for; json/yaml give every step.
 */
export function formatDeletion(d: DeletionResult, out: RenderOutput, format: 'yaml' | 'json' | 'summary'): string {
  if (format === 'json') return `${JSON.stringify(d, null, 2)}\n`;
  if (format === 'yaml') return stringify(d, { lineWidth: 0 });
  const byName = new Map([...out.resources, out.composite].map((o) => [nameOf(o), o]));
  const waitedFor = new Map<string, string[]>();
  for (const u of out.resources.filter((r) => r.kind === 'ClusterUsage' || r.kind === 'Usage')) {
    const spec = obj(u.spec);
    const of = str(obj(obj(spec.of).resourceRef).name);
    const by = byName.get(str(obj(obj(spec.by).resourceRef).name) ?? '');
    if (!of || !by) continue;
    const label = obj(obj(by.metadata).annotations)['crossplane.io/composition-resource-name'];
    waitedFor.set(of, [...new Set([...(waitedFor.get(of) ?? []), str(label) ?? describe(by)])]);
  }
  const rows = d.order.map((o) => [
    String(o.goneAt), o.object, o.resource ?? '-', o.awsDeletedAt === undefined ? '-' : String(o.awsDeletedAt),
    (waitedFor.get(o.object.slice(o.object.indexOf('/') + 1)) ?? []).join(', ') || '-',
  ]);
  const header = ['WAVE', 'OBJECT', 'RESOURCE', 'AWS-DELETE', 'WAITED-FOR'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const refused = d.steps.filter((s) => s.event === 'delete-refused').length;
  const replayed = d.steps.filter((s) => s.event === 'delete-requested' && s.actor === 'usage controller (replayDeletion)').length;
  const aws = d.order.filter((o) => o.awsDeletedAt !== undefined).length;
  const status = d.complete
    ? `deleted in ${d.waves} waves (compositeDeletePolicy ${d.policy}): ${d.order.length} objects, ${aws} AWS deletes, ${refused} deletes refused by the Usage webhook, ${replayed} replayed`
    : `NOT deleted after ${d.waves} waves (compositeDeletePolicy ${d.policy}): ${d.problems.filter((p) => p.kind === 'stuck').length} objects left`;
  return `${[line(header), ...rows.map(line)].join('\n')}\n${status}\n`;
}

function optional<K extends string>(k: K, v: string | undefined): Partial<Record<K, string>> {
  return v === undefined ? {} : ({ [k]: v } as Record<K, string>);
}

/** `crossplane render` fails for a functionRef missing from the Functions file; so do we. */
function checkFunctionsDeclared(compositions: JsonObject[], functions: JsonObject[]): void {
  const declared = new Set(functions.map(nameOf));
  for (const c of compositions) {
    for (const step of (obj(c.spec).pipeline as JsonObject[] | undefined) ?? []) {
      const fn = str(obj(obj(step).functionRef).name) ?? '';
      if (!declared.has(fn)) {
        throw new InputError(`Composition "${nameOf(c)}" step "${str(obj(step).step)}" uses function "${fn}", which the Functions file does not declare (declared: ${[...declared].sort().join(', ')})`);
      }
    }
  }
}

/** Kubernetes' usual top-level key order, for readable output. */
function ordered(o: JsonObject): JsonObject {
  const first = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
  const out: JsonObject = {};
  for (const k of first) if (k in o) out[k] = o[k]!;
  for (const [k, v] of Object.entries(o)) if (!first.includes(k)) out[k] = v;
  return out;
}

export function formatOutput(out: RenderOutput, format: 'yaml' | 'json' | 'summary'): string {
  const objects = [...out.resources, out.composite, ...(out.claim ? [out.claim] : [])].map(ordered);
  if (format === 'json') return `${JSON.stringify(objects, null, 2)}\n`;
  if (format === 'yaml') return objects.map((o) => `---\n${stringify(o, { lineWidth: 0 })}`).join('');
  const rows = objects.map((o) => {
    const ready = (obj(o.status).conditions as JsonObject[] | undefined ?? []).find((c) => c.type === 'Ready');
    const at = out.readyAtPass[nameOf(o)];
    return [String(o.kind), nameOf(o), String(ready?.status ?? '-'), at === undefined ? '-' : String(at)];
  });
  const header = ['KIND', 'NAME', 'READY', 'PASSES-TO-READY'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const status = out.converged ? `settled after ${out.passes} pass${out.passes === 1 ? '' : 'es'}` : `did not settle after ${out.passes} passes`;
  return `${[line(header), ...rows.map(line)].join('\n')}\n${status}\n`;
}

export function runValidate(argv: string[], io: CliIO): number {
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--apis') {
      const v = argv[++i];
      if (!v) throw new InputError('--apis needs a value');
      apisOverride = v;
    } else if (arg.startsWith('--apis=')) apisOverride = arg.slice('--apis='.length);
    else if (arg.startsWith('-')) throw new InputError(`unknown option ${arg}\n${USAGE}`);
    else files.push(arg);
  }
  if (files.length === 0) throw new InputError(`validate needs at least one claim file\n${USAGE}`);
  const docs = files.flatMap(readDocs);
  const xrds = loadDistApis().map((d) => d.object).filter(isXrd);
  const infos = xrds.map(xrdInfo);
  // Claims and XRs are checked against their XRDs only; no CRD bundle is needed.
  const validator = Validator.fromBundleObject({ kinds: {} });
  for (const x of xrds) validator.addXrd(x);
  let problems = 0;
  for (const d of docs) {
    if (!xrdForClaim(d.object, infos) && !xrdForComposite(d.object, infos)) {
      io.stderr(`${d.file}: ${describe(d.object)}: kind ${str(d.object.kind)} (${str(d.object.apiVersion)}) is not a claim or composite resource defined in dist/apis`);
      problems++;
      continue;
    }
    for (const p of validator.validate(d.object, { file: d.file })) {
      io.stderr(formatProblem(p));
      problems++;
    }
  }
  if (problems === 0) io.stdout(`${docs.length} object${docs.length === 1 ? '' : 's'} valid\n`);
  return problems > 0 ? 1 : 0;
}

export function main(argv: string[], io: CliIO = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(`${s}\n`) }): number {
  apisOverride = undefined;
  try {
    const [cmd, ...rest] = argv;
    if (cmd === 'render') return runRender(rest, io);
    if (cmd === 'validate') return runValidate(rest, io);
    if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    throw new InputError(`${cmd === undefined ? 'no command given' : `unknown command "${cmd}"`}\n${USAGE}`);
  } catch (e) {
    // One clear line, never a stack trace: bad input and Composition errors are the user's to fix.
    const msg = e instanceof Error ? e.message : String(e);
    const [first, ...more] = msg.split('\n');
    io.stderr(`zta: ${first}`);
    if (e instanceof InputError && more.length > 0) io.stderr(more.join('\n'));
    return e instanceof InputError || e instanceof CompositionError ? 2 : 3;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
