// Writes the synthesized charts as a Crossplane package root:
//   crossplane.yaml, mrap.yaml, apis/<plural>/definition.yaml, apis/<plural>/composition.yaml
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { App } from 'cdk8s';
import { yamlText } from '../../renderer/yaml-text';
import { admitXrdAtSupportedVersions, formatAdmissionProblem, type AdmissionOptions } from '../../validator/crd-admission';
import { compositeNames, Labels } from '../kernel/naming';
import { chartsOf, synthesizeCharts } from '../kernel/synth-charts';

function pluralOf(kind: string): string {
  return compositeNames(kind).plural;
}

export interface PackageFile {
  readonly path: string;
  readonly objects: readonly Record<string, unknown>[];
}

/** Maps every synthesized object to its file in the package root. */
export function packageFiles(app: App, place: (obj: Record<string, unknown>) => string = fileFor): PackageFile[] {
  // Every construct's validations run once, in synthesizeCharts (cdk8s's first toJson() of the app):
  // its error lists each problem with the construct's path. Validating here as well ran them twice
  // (about 100 ms of a synth).
  const files = new Map<string, Record<string, unknown>[]>();
  for (const objects of synthesizeCharts(chartsOf(app))) {
    for (const obj of objects) {
      const file = place(obj);
      files.set(file, [...(files.get(file) ?? []), obj]);
    }
  }
  return [...files].sort(([a], [b]) => a.localeCompare(b)).map(([p, objects]) => ({ path: p, objects }));
}

function fileFor(obj: Record<string, unknown>): string {
  const kind = obj.kind as string;
  const spec = obj.spec as Record<string, any>;
  switch (kind) {
    case 'Configuration':
      return 'crossplane.yaml';
    case 'ManagedResourceActivationPolicy':
      return 'mrap.yaml';
    case 'CompositeResourceDefinition':
      return `apis/${spec.names.plural}/definition.yaml`;
    case 'Composition': {
      // An optional feature's do-nothing variant sits next to its main composition.
      const variant = (obj.metadata as { labels?: Record<string, string> }).labels?.[Labels.variant];
      return `apis/${pluralOf(spec.compositeTypeRef.kind)}/composition${variant === 'disabled' ? '-disabled' : ''}.yaml`;
    }
    default:
      throw new Error(`package writer: no place for ${obj.apiVersion} ${kind} in the package root`);
  }
}

export function toYaml(objects: readonly Record<string, unknown>[]): string {
  return objects.map((o) => yamlText(o)).join('---\n');
}

/** The package's XRDs would not become Established: the API server refuses a generated CRD. */
export class PackageAdmissionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`${problems.length} CRD admission problem(s): the API server would refuse the CRDs Crossplane generates from these XRDs\n${problems.join('\n')}`);
  }
}

/** One line per reason the API server would refuse a CRD generated from one of the package's XRDs. */
export function admissionProblems(files: readonly PackageFile[], opts: Omit<AdmissionOptions, 'kubernetesVersion'> = {}): string[] {
  return files
    .flatMap((f) => f.objects)
    .filter((o) => o.kind === 'CompositeResourceDefinition')
    .flatMap((xrd) => admitXrdAtSupportedVersions(xrd, opts).map(formatAdmissionProblem));
}

/**
 * Replaces `outdir` with the package root (or, with `place`, any layout of the app's objects).
 * Every XRD is admitted first (`admission`): on any problem nothing is written.
 */
export function writePackage(app: App, outdir: string, place?: (obj: Record<string, unknown>) => string, admission: Omit<AdmissionOptions, 'kubernetesVersion'> = {}): PackageFile[] {
  const files = packageFiles(app, place);
  const problems = admissionProblems(files, admission);
  if (problems.length > 0) throw new PackageAdmissionError(problems);
  writeFiles(files, outdir);
  return files;
}

/** Replaces `outdir` with the files (already synthesized and admitted), one YAML stream each. */
export function writeFiles(files: readonly PackageFile[], outdir: string): void {
  fs.rmSync(outdir, { recursive: true, force: true });
  for (const f of files) {
    const target = path.join(outdir, f.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, toYaml(f.objects));
  }
}
