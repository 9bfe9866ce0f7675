// Validation of a whole synthesized package root (dist/): every object against its CRD schema and
// CEL rules, every Composition's function-patch-and-transform input against the input CRD and the
// runtime rules the CRD cannot express, and every composed `base` against its provider CRD.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintPatchAndTransformInput, lintCelFilterInput, FILTERS_API_VERSION } from '../renderer/functions';
import type { JsonObject } from '../renderer/types';
import { testedVersionOf } from '../compositions/package/tested-versions';
import { type PackageKind, boundedByNextMajor, crossplaneVersionProblems, dependencyVersionProblems } from './package-rules';
import { admitXrdAtSupportedVersions, type AdmissionOptions } from './crd-admission';
import { Validator, type Problem } from './validate';
import { readYamlDocuments } from './yaml-cache';

export interface PackageObject {
  readonly file: string;
  readonly object: Record<string, any>;
}

/** Every YAML document under `dir`, with its path relative to `dir`. */
export function readPackage(dir: string): PackageObject[] {
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  return files.flatMap((file) =>
    (readYamlDocuments(path.join(dir, file)) as (Record<string, any> | null)[])
      .filter((o): o is Record<string, any> => o !== null)
      .map((object) => ({ file, object })),
  );
}

/** The object kinds a package contains besides its metadata, each with the first file that has it. */
function packageKinds(objects: readonly PackageObject[]): PackageKind[] {
  const kinds: PackageKind[] = [];
  for (const p of objects) {
    if (isPackageMetadata(p)) continue;
    const gvk = { apiVersion: String(p.object.apiVersion), kind: String(p.object.kind) };
    if (!kinds.some((k) => k.apiVersion === gvk.apiVersion && k.kind === gvk.kind)) kinds.push({ ...gvk, file: p.file });
  }
  return kinds;
}

function isPackageMetadata(p: PackageObject): boolean {
  return p.object.kind === 'Configuration' && String(p.object.apiVersion).startsWith('meta.pkg.');
}

/**
 * The package metadata file has no CRD; these are the fields Crossplane's package manager reads, and the
 * version rules of package-rules.ts (Crossplane's semver, its linter per release, the tested versions).
 */
function configurationProblems(p: PackageObject, kinds: readonly PackageKind[]): Problem[] {
  const o = p.object;
  const out: Problem[] = [];
  const problem = (fieldPath: string, message: string): Problem => ({ file: p.file, object: `Configuration/${o.metadata?.name}`, path: fieldPath, message, rule: 'package-metadata' });
  if (o.apiVersion !== 'meta.pkg.crossplane.io/v1') out.push(problem('.apiVersion', `must be meta.pkg.crossplane.io/v1 (got ${o.apiVersion})`));
  const crossplane = o.spec?.crossplane?.version;
  if (typeof crossplane !== 'string') out.push(problem('.spec.crossplane.version', 'must state the Crossplane version constraint'));
  else out.push(...crossplaneVersionProblems(crossplane, kinds).map((m) => problem('.spec.crossplane.version', m)));
  (o.spec?.dependsOn ?? []).forEach((d: Record<string, unknown>, i: number) => {
    if (!['Provider', 'Function', 'Configuration'].includes(d.kind as string)) out.push(problem(`.spec.dependsOn[${i}].kind`, 'must be Provider, Function or Configuration'));
    const pkg = d.package;
    if (typeof pkg !== 'string' || !/^[a-z0-9.-]+\/[a-z0-9-]+\/[a-z0-9-]+$/.test(pkg)) out.push(problem(`.spec.dependsOn[${i}].package`, 'must be registry/org/name'));
    if (typeof d.version !== 'string') out.push(problem(`.spec.dependsOn[${i}].version`, `must be a version constraint such as ${boundedByNextMajor('v2.6.0')} (got ${JSON.stringify(d.version)})`));
    else if (typeof pkg === 'string') out.push(...dependencyVersionProblems(d.version, testedVersionOf(pkg), pkg).map((m) => problem(`.spec.dependsOn[${i}].version`, m)));
  });
  return out;
}

/** The checks of the package metadata (crossplane.yaml) alone, with the kinds taken from the other objects. */
export function packageMetadataProblems(objects: readonly PackageObject[]): Problem[] {
  const kinds = packageKinds(objects);
  return objects.filter(isPackageMetadata).flatMap((p) => configurationProblems(p, kinds));
}

/**
 * Paths a template's patches write: a `required` problem on one of them is not a defect of the
 * base, because function-patch-and-transform fills it before the object reaches the API server.
 */
function patchedPaths(template: Record<string, any>, patchSets: Record<string, any[]>): Set<string> {
  const patches = (template.patches ?? []).flatMap((p: any) => (p.type === 'PatchSet' ? patchSets[p.patchSetName] ?? [] : [p]));
  return new Set(patches.map((p: any) => `.${p.toFieldPath ?? p.fromFieldPath}`));
}

/** The field a "required" problem is about: a schema `required` or an upjet CEL "is a required parameter" rule. */
function missingField(problem: Problem): string | undefined {
  if (problem.rule === 'required') {
    const property = /required property '([^']+)'/.exec(problem.message)?.[1];
    return property ? `${problem.path === '.' ? '' : problem.path}.${property}` : undefined;
  }
  // provider-upjet-aws encodes required parameters as CEL on .spec so observe-only MRs may omit them.
  const cel = /^spec\.forProvider\.(\S+) is a required parameter$/.exec(problem.message);
  return problem.rule.startsWith('cel') && cel ? `.spec.forProvider.${cel[1]}` : undefined;
}

function isFilledByPatch(problem: Problem, filled: Set<string>): boolean {
  const field = missingField(problem);
  if (!field) return false;
  // Filled when a patch writes the field, something inside it, or a whole map that contains it.
  return [...filled].some((p) => p === field || p.startsWith(`${field}.`) || p.startsWith(`${field}[`) || field.startsWith(`${p}.`));
}

/** What the API server would refuse in the CRDs Crossplane generates from an XRD (upstream field paths). */
function admissionProblems(p: PackageObject, opts: Omit<AdmissionOptions, 'kubernetesVersion'>): Problem[] {
  return admitXrdAtSupportedVersions(p.object, opts).map((a) => ({
    file: p.file,
    object: `CompositeResourceDefinition/${p.object.metadata?.name}`,
    path: `CRD ${a.crd}: ${a.field}`,
    message: `${a.message}${a.cost !== undefined ? ` (estimated cost ${a.cost}${a.limit !== undefined ? `, limit ${a.limit}` : ''})` : ''}`,
    rule: `crd-admission: ${a.rule ?? 'refused'}`,
  }));
}

export function validatePackageObjects(objects: readonly PackageObject[], validator: Validator = Validator.fromBundle(), admission: Omit<AdmissionOptions, 'kubernetesVersion'> = {}): Problem[] {
  const problems: Problem[] = [...packageMetadataProblems(objects)];
  for (const p of objects) {
    if (isPackageMetadata(p)) continue;
    const objectProblems = validator.validate(p.object, { file: p.file });
    problems.push(...objectProblems);
    // An XRD the XRD schema refuses never gets as far as CRD generation.
    if (p.object.kind === 'CompositeResourceDefinition' && objectProblems.length === 0) problems.push(...admissionProblems(p, admission));
    if (p.object.kind !== 'Composition') continue;
    // What P&T composes is what a function-cel-filter step can filter.
    const composed: string[] = (p.object.spec?.pipeline ?? []).flatMap((s: any) =>
      s.input?.apiVersion === 'pt.fn.crossplane.io/v1beta1' ? (s.input.resources ?? []).map((r: any) => String(r.name)) : [],
    );
    for (const [i, step] of (p.object.spec?.pipeline ?? []).entries()) {
      const input = step.input as Record<string, any> | undefined;
      if (!input) continue;
      const where = `${p.file} pipeline[${i}].input`;
      if (input.apiVersion === FILTERS_API_VERSION) {
        // The Filters input CRD is not installed by anyone (a Composition keeps inputs raw): its
        // decoder, name regexps and CEL expressions are what decide, and the lint checks those.
        for (const l of lintCelFilterInput(input as JsonObject, composed)) {
          problems.push({ file: p.file, object: `Composition/${p.object.metadata?.name}`, path: `.spec.pipeline[${i}].input.${l.path}`, message: l.message.split('\n')[0]!, rule: 'cel-filter-lint' });
        }
        continue;
      }
      problems.push(...validator.validate(input, { file: where }));
      if (input.apiVersion !== 'pt.fn.crossplane.io/v1beta1') continue;
      // One line naming the composition, the path from it and the composed resource.
      for (const l of lintPatchAndTransformInput(input as JsonObject)) {
        const message = l.resource !== undefined ? `resource "${l.resource}": ${l.message}` : l.message;
        problems.push({ file: p.file, object: `Composition/${p.object.metadata?.name}`, path: `.spec.pipeline[${i}].input.${l.path}`, message, rule: 'pt-lint' });
      }
      const patchSets = Object.fromEntries((input.patchSets ?? []).map((s: any) => [s.name, s.patches]));
      for (const template of input.resources ?? []) {
        if (!template.base) continue;
        const filled = patchedPaths(template, patchSets);
        const baseProblems = validator.validate(template.base, { file: `${where}.resources[${template.name}].base` });
        problems.push(...baseProblems.filter((bp) => !isFilledByPatch(bp, filled)));
      }
    }
  }
  return problems;
}

export function validatePackage(dir: string, validator?: Validator, admission: Omit<AdmissionOptions, 'kubernetesVersion'> = {}): Problem[] {
  const objects = readPackage(dir);
  const xrdValidator = validator ?? Validator.fromBundle();
  // Nested composites are validated against the XRDs of the same package.
  for (const p of objects) if (p.object.kind === 'CompositeResourceDefinition') xrdValidator.addXrd(p.object);
  return validatePackageObjects(objects, xrdValidator, admission);
}
