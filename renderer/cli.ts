// zta: render a claim/XR through the package's Compositions offline, or validate claims.
// `render` takes the same positional arguments as `crossplane render` (XR/claim file, Composition
// files, Functions file); files may be multi-document YAML mixing XRDs, Compositions and Functions.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { JsonObject } from './types';
import {
  CompositionError, compositesType, describe, isObject, nameOf, obj, str, xrdForClaim, xrdForComposite,
  xrdInfo, type CompositeDeletePolicy, type DeletionResult, deleteClaim,
} from './crossplane';
import { type RenderOptions, type RenderOutput, render } from './render';
import {
  type Fault, type FaultOutcome, parseFault, renderWithFaults, type InputDoc, readInputs, ownProblems,
  treeProblems, formatTree, MAIN_HELP, RENDER_HELP, VALIDATE_HELP, InputError,
} from './cli/index';
import { Validator } from '../validator/validate';
import { OnboardingLabels } from '../compositions/package/onboarding-labels';
import { readYamlDocuments } from '../validator/yaml-cache';
import { yamlText } from './yaml-text';


export { InputError };

export interface CliIO {
  stdout: (s: string) => void;
  /** One line (or block) per call; the newline is added. */
  stderr: (s: string) => void;
  /** Whether stdout is a terminal: -o tree is then the default. */
  isTTY?: boolean;
  /** stdin, for `-`. @default - read fd 0 */
  stdin?: () => string;
  /** Whether stdin is a terminal: `zta validate` without a PATH then has nothing to read. */
  stdinIsTTY?: boolean;
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

function loadObjects(path: string, flag: string, stdin?: () => string): JsonObject[] {
  if (path !== '-' && !existsSync(path)) throw new InputError(`${path}: ${flag}: no such file or directory`);
  return readInputs([path], stdin).map((d) => d.object);
}

// ---------------------------------------------------------------- arguments

type OutputFormat = 'tree' | 'yaml' | 'json' | 'summary';

interface RenderArgs {
  files: string[];
  observed?: string;
  extra?: string;
  singlePass: boolean;
  output?: OutputFormat;
  accountId?: string;
  region?: string;
  maxPasses?: number;
  delete: boolean;
  deletePolicy?: CompositeDeletePolicy;
  faults: Fault[];
  includeFunctionResults: boolean;
  includeFullXr: boolean;
  /** crossplane render's --timeout; unset: no limit. */
  timeoutMs?: number;
  help: boolean;
}

/** Go's time.ParseDuration for what a user types: 90s, 1m, 1m30s, 500ms. */
export function parseDuration(text: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * units[m[2]!]!;
    at = re.lastIndex;
  }
  if (text === '' || at !== text.length) throw new InputError(`--timeout: invalid duration "${text}" (e.g. 90s, 1m, 1m30s)`);
  return total;
}

const REFUSED_RENDER_FLAGS: Record<string, string> = {
  '--include-context': 'the emulated functions run in-process and share no pipeline context to print',
  '-c': 'the emulated functions run in-process and share no pipeline context to print',
  '--context-files': 'the emulated functions take no pipeline context',
  '--context-values': 'the emulated functions take no pipeline context',
  '--function-credentials': 'the emulated functions need no credentials',
};

function parseOutput(v: string): OutputFormat {
  if (v !== 'tree' && v !== 'yaml' && v !== 'json' && v !== 'summary') throw new InputError(`-o must be tree, yaml, json or summary, got "${v}"`);
  return v;
}

function parseRenderArgs(argv: string[]): RenderArgs {
  const a: RenderArgs = { files: [], singlePass: false, delete: false, faults: [], includeFunctionResults: false, includeFullXr: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new InputError(`${flag} needs a value`);
      return v;
    };
    const refused = REFUSED_RENDER_FLAGS[flag];
    if (refused) throw new InputError(`${flag} is not supported: ${refused}`);
    switch (flag) {
      case '--help': case '-h': a.help = true; break;
      case '--observed-resources': a.observed = value(); break;
      case '--extra-resources': case '--required-resources': case '-e': a.extra = value(); break;
      case '--include-function-results': case '-r': a.includeFunctionResults = true; break;
      case '--include-full-xr': case '-x': a.includeFullXr = true; break;
      case '--xrd': a.files.push(value()); break;
      case '--timeout': a.timeoutMs = parseDuration(value()); break;
      case '--fault': a.faults.push(parseFault(value())); break;
      case '--single-pass': a.singlePass = true; break;
      case '-o': case '--output': a.output = parseOutput(value()); break;
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
        if (arg.startsWith('-') && arg !== '-') throw new InputError(`unknown option ${arg} (zta render --help lists them)`);
        a.files.push(arg);
    }
  }
  if (a.help) return a;
  if (a.files.length === 0) throw new InputError('render needs a claim or XR file (zta render --help)');
  if (a.deletePolicy && !a.delete) throw new InputError('--delete-policy needs --delete');
  if (a.delete && a.singlePass) throw new InputError('--delete needs the render to converge; drop --single-pass');
  if (a.delete && a.faults.length > 0) throw new InputError('--delete and --fault do not combine: delete the claim, or state faults of a live one');
  if (a.faults.length > 0 && a.singlePass) throw new InputError('--fault needs the provider: drop --single-pass');
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

/** The package's XRDs and Compositions: from the given files, else dist/apis. */
function packageApis(docs: InputDoc[]): { compositions: JsonObject[]; xrds: JsonObject[]; functions: JsonObject[] } {
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
  return { compositions, xrds, functions };
}

/** What every render of a claim needs besides the claim: the package, the cluster, the account. */
function renderOptionsFor(claimOrXr: JsonObject, compositions: JsonObject[], xrds: JsonObject[], extra: JsonObject[], args: Partial<RenderArgs>): Omit<RenderOptions, 'claimOrXr'> {
  const bound = boundAccountOf(claimOrXr, extra);
  return {
    compositions, xrds, singlePass: args.singlePass ?? false,
    ...(extra.length > 0 ? { clusterObjects: extra } : {}),
    ...(args.maxPasses ? { maxPasses: args.maxPasses } : {}),
    ...optional('accountId', args.accountId ?? bound.accountId ?? claimParameter(claimOrXr, ['accountId', 'awsAccountId'])),
    ...optional('region', args.region ?? bound.region ?? claimParameter(claimOrXr, ['region', 'awsRegion'])),
  };
}

export function runRender(argv: string[], io: CliIO): number {
  const args = parseRenderArgs(argv);
  if (args.help) {
    io.stdout(`${RENDER_HELP}\n`);
    return 0;
  }
  const started = Date.now();
  const [claimFile, ...rest] = args.files;
  const claimDocs = readInputs([claimFile!], io.stdin);
  const { compositions, xrds, functions } = packageApis(readInputs(rest, io.stdin));
  const infos = xrds.map(xrdInfo);
  // A file of several documents (deploy/onboarding/organization.yaml: ProviderConfigs and the
  // organization's composite) holds one claim or XR of a loaded XRD; the rest is not rendered.
  const defined = (o: JsonObject): boolean => xrdForClaim(o, infos) !== undefined || xrdForComposite(o, infos) !== undefined;
  const candidates = claimDocs.length === 1 ? claimDocs : claimDocs.filter((d) => defined(d.object));
  if (candidates.length !== 1) {
    throw new InputError(`${claimFile}: expected exactly one claim or XR, found ${claimDocs.length} documents${claimDocs.length > 1 ? ` (${candidates.length} of a loaded XRD's kinds)` : ''}`);
  }
  const claimDoc = candidates[0]!;
  const claimOrXr = claimDoc.object;
  if (!defined(claimOrXr) && !compositions.some((c) => compositesType(c, claimOrXr))) {
    throw new InputError(`${claimFile}: ${describe(claimOrXr)}: kind ${str(claimOrXr.kind)} (${str(claimOrXr.apiVersion)}) is not defined by any loaded XRD`);
  }
  if (functions.length > 0) checkFunctionsDeclared(compositions, functions);
  // The API server admits the claim before anything renders: the same check as zta validate.
  if (defined(claimOrXr)) {
    const own = ownProblems(claimDoc, claimValidator(xrds), infos);
    if (own.kind === 'checked' && own.problems.length > 0) {
      for (const p of own.problems) io.stderr(p);
      io.stderr(`zta: ${describe(claimOrXr)} is invalid: the API server would refuse it, nothing rendered`);
      return 1;
    }
  }
  const extra = args.extra ? loadObjects(args.extra, '--extra-resources', io.stdin) : [];
  const opts: RenderOptions = {
    claimOrXr, ...renderOptionsFor(claimOrXr, compositions, xrds, extra, args),
    ...(args.observed ? { observed: loadObjects(args.observed, '--observed-resources', io.stdin) } : {}),
  };
  let out: RenderOutput;
  let outcomes: FaultOutcome[] = [];
  if (args.faults.length > 0) ({ out, outcomes } = renderWithFaults(opts, args.faults));
  else out = render(opts);
  const elapsed = Date.now() - started;
  if (args.timeoutMs !== undefined && elapsed > args.timeoutMs) throw new TimeoutError(`render took ${(elapsed / 1000).toFixed(1)}s, longer than --timeout ${(args.timeoutMs / 1000).toFixed(1)}s`);
  const output = args.output ?? (args.delete ? 'summary' : io.isTTY ? 'tree' : 'yaml');
  if (args.delete) {
    const deletion = deleteClaim(out, args.deletePolicy ? { policy: args.deletePolicy } : {});
    io.stdout(formatDeletion(deletion, out, output === 'tree' ? 'summary' : output));
    for (const p of out.problems) io.stderr(`${p.object}: ${p.message}`);
    for (const p of deletion.problems) io.stderr(`${p.object}: ${p.message}`);
    return out.problems.length + deletion.problems.length > 0 ? 1 : 0;
  }
  const isComposite = (o: JsonObject) => xrdForComposite(o, infos) !== undefined;
  io.stdout(output === 'tree' ? formatTree(out, isComposite, outcomes) : formatOutput(out, output, args.includeFunctionResults, outcomes));
  for (const p of out.problems) io.stderr(`${p.object}: ${p.message}`);
  const faultRemains = outcomes.some((o) => o.remains);
  if (faultRemains && output !== 'tree') for (const o of outcomes.filter((x) => x.remains)) io.stderr(`fault ${o.fault.resource}: ${o.outcome}`);
  return out.problems.length > 0 || faultRemains ? 1 : 0;
}

/** Rendering took longer than --timeout (exit 1: the render is not trusted). */
class TimeoutError extends Error {
  override name = 'TimeoutError';
}

function claimValidator(xrds: JsonObject[]): Validator {
  // Claims and XRs are checked against their XRDs only; no CRD bundle is needed.
  const validator = Validator.fromBundleObject({ kinds: {} });
  for (const x of xrds) validator.addXrd(x);
  return validator;
}

/**
 * The deletion order: one line per object in the order it left the cluster, with the wave its AWS
 * resource was deleted and the users its Usages made it wait for; json/yaml give every step.
 */
export function formatDeletion(d: DeletionResult, out: RenderOutput, format: 'yaml' | 'json' | 'summary'): string {
  if (format === 'json') return `${JSON.stringify(d, null, 2)}\n`;
  if (format === 'yaml') return yamlText(d);
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

/**
 * crossplane render -r: each function result as an object of kind Result (render.crossplane.io),
 * after the rendered objects; zta adds the composite whose pipeline produced it.
 */
function resultObjects(out: RenderOutput): JsonObject[] {
  return out.results.map((r) => ({
    apiVersion: 'render.crossplane.io/v1beta1', kind: 'Result',
    step: r.step ?? '', severity: `SEVERITY_${r.severity.toUpperCase()}`, message: r.message, composite: r.composite,
  }));
}

export function formatOutput(out: RenderOutput, format: 'yaml' | 'json' | 'summary', includeResults = false, outcomes: FaultOutcome[] = []): string {
  const objects = [...out.resources, out.composite, ...(out.claim ? [out.claim] : [])].map(ordered);
  const printed = includeResults ? [...objects, ...resultObjects(out)] : objects;
  if (format === 'json') return `${JSON.stringify(printed, null, 2)}\n`;
  if (format === 'yaml') return printed.map((o) => `---\n${yamlText(o)}`).join('');
  const rows = objects.map((o) => {
    const ready = (obj(o.status).conditions as JsonObject[] | undefined ?? []).find((c) => c.type === 'Ready');
    const at = out.readyAtPass[nameOf(o)];
    return [String(o.kind), nameOf(o), String(ready?.status ?? '-'), at === undefined ? '-' : String(at)];
  });
  const header = ['KIND', 'NAME', 'READY', 'PASSES-TO-READY'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const status = out.converged ? `settled after ${out.passes} pass${out.passes === 1 ? '' : 'es'}` : `did not settle after ${out.passes} passes`;
  const faults = outcomes.map((o) => `fault ${o.fault.resource}: ${o.outcome}\n`).join('');
  const results = includeResults ? out.results.map((r) => `${r.severity} ${r.composite} step ${r.step ?? '?'}: ${r.message}\n`).join('') : '';
  return `${[line(header), ...rows.map(line)].join('\n')}\n${status}\n${faults}${results}`;
}

export function runValidate(argv: string[], io: CliIO): number {
  const paths: string[] = [];
  let extraPath: string | undefined;
  let tree = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new InputError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') {
      io.stdout(`${VALIDATE_HELP}\n`);
      return 0;
    }
    if (flag === '--apis') apisOverride = value();
    else if (flag === '--extra-resources' || flag === '--required-resources' || flag === '-e') extraPath = value();
    else if (flag === '--no-tree') tree = false;
    else if (arg.startsWith('-') && arg !== '-') throw new InputError(`unknown option ${arg} (zta validate --help lists them)`);
    else paths.push(arg);
  }
  // Without a PATH, validate reads stdin (`cat claim.yaml | zta validate`); from a terminal it would
  // wait for a document nobody is typing.
  if (paths.length === 0 && io.stdinIsTTY) throw new InputError(`validate needs a PATH (a file or directory), or - to type a claim on stdin\n${VALIDATE_HELP}`);
  const docs = readInputs(paths.length > 0 ? paths : ['-'], io.stdin);
  const { compositions, xrds } = packageApis([]);
  const infos = xrds.map(xrdInfo);
  const validator = claimValidator(xrds);
  // The bindings a claim's account selection needs: the onboarding tree of this repository.
  if (extraPath === undefined && apisOverride === undefined && existsSync(join('deploy', 'onboarding'))) extraPath = join('deploy', 'onboarding');
  const extra = extraPath ? loadObjects(extraPath, '--extra-resources', io.stdin) : [];
  let problems = 0;
  let checked = 0;
  let partly = 0;
  for (const d of docs) {
    const own = ownProblems(d, validator, infos);
    if (own.kind === 'skipped') {
      io.stderr(`warning: ${own.warning}`);
      continue;
    }
    checked++;
    for (const p of own.problems) io.stderr(p);
    problems += own.problems.length;
    if (own.problems.length > 0 || !tree) continue;
    const t = treeProblems(d, xrds, infos, renderOptionsFor(d.object, compositions, xrds, extra, {}));
    for (const w of t.warnings) io.stderr(`warning: ${w}`);
    for (const p of t.problems) io.stderr(p);
    problems += t.problems.length;
    if (t.warnings.length > 0) partly++;
  }
  if (checked === 0) io.stderr('warning: no claim or composite of this package found');
  // "valid" only claims what was checked: a tree that could not be rendered (no EnvironmentConfig
  // for the account, say) was checked down to where it stopped.
  const caveat = partly > 0 ? ` (${partly} of them only partly: their trees stopped where the warnings say; -e supplies the cluster objects they need)` : '';
  if (problems === 0) io.stdout(`${checked} object${checked === 1 ? '' : 's'} valid${caveat}\n`);
  return problems > 0 ? 1 : 0;
}

export function version(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { name: string; version: string };
  return `zta ${pkg.version} (${pkg.name})`;
}

export function main(argv: string[], io: CliIO = {
  stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(`${s}\n`), isTTY: process.stdout.isTTY === true,
  stdinIsTTY: process.stdin.isTTY === true,
}): number {
  apisOverride = undefined;
  try {
    const [cmd, ...rest] = argv;
    if (cmd === 'render') return runRender(rest, io);
    if (cmd === 'validate') return runValidate(rest, io);
    if (cmd === '--version' || cmd === 'version') {
      io.stdout(`${version()}\n`);
      return 0;
    }
    if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
      io.stdout(`${MAIN_HELP}\n`);
      return 0;
    }
    throw new InputError(`${cmd === undefined ? 'no command given' : `unknown command "${cmd}"`}\n${MAIN_HELP}`);
  } catch (e) {
    // One clear line, never a stack trace: bad input and Composition errors are the user's to fix.
    const msg = e instanceof Error ? e.message : String(e);
    const [first, ...more] = msg.split('\n');
    io.stderr(`zta: ${first}`);
    if (e instanceof InputError && more.length > 0) io.stderr(more.join('\n'));
    if (e instanceof TimeoutError) return 1;
    return e instanceof InputError || e instanceof CompositionError ? 2 : 3;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
