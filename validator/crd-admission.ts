// CRD admission, offline: what the Kubernetes API server refuses when a CustomResourceDefinition
// is created (apiextensions-apiserver ValidateCustomResourceDefinition, Kubernetes 1.31 rules),
// and, for an XRD, what Crossplane cannot render into CRDs or what the API server then refuses.
// CEL rules are compiled and their static cost estimated by the ported checker (cel-check/) unless
// another check is injected (`celCheck`), as upstream's fixtures do.
import { CrdDecodeError, internalCrdFromV1 } from './crd-admission/internal-crd';
import { validateCustomResourceDefinition } from './crd-admission/crd-validation';
import { errorBody } from './crd-admission/field';
import { CREATE_OPTIONS, type AdmissionFieldError } from './crd-admission/openapi-schema';
import type { CelAdmissionFinding } from './crd-admission/cel-findings';
import { crdsForXrd, XrdRenderError, type CrossplaneVersion } from './xrd-crd';
import { checkCrdCel } from './cel-check/crd-cost';
import { SUPPORTED_KUBERNETES_VERSIONS } from './cel-check/environment';
import { cachedJson, codeDigest } from './disk-cache';

export type { CelAdmissionFinding } from './crd-admission/cel-findings';

export interface AdmissionProblem {
  /** Name of the CRD (the generated one, for an XRD). */
  crd: string;
  xrd?: string;
  /** Upstream field.Path: "spec.validation.openAPIV3Schema.properties[spec].properties[size].default". */
  field: string;
  /** What the API server says after the field: "Invalid value: \"x\": must be ...". */
  message: string;
  /** The CEL expression for CEL findings; otherwise upstream's error type ("FieldValueForbidden", ...). */
  rule?: string;
  cost?: bigint;
  limit?: bigint;
}

export interface AdmissionOptions {
  /** "1.31" (default, the README's minimum) or later; rules are 1.31's, message wording follows the version. */
  kubernetesVersion?: string;
  /** @default - the ported cel-go/Kubernetes checker at `kubernetesVersion`; null: no CEL check. */
  celCheck?: ((schema: Record<string, unknown>) => CelAdmissionFinding[]) | null;
  /** Crossplane minor whose CRD generation to emulate (admitXrd); default: the latest. */
  crossplane?: CrossplaneVersion;
}

export const MINIMUM_KUBERNETES_VERSION = '1.31';

function kubernetesMinor(version: string | undefined): number {
  const v = version ?? MINIMUM_KUBERNETES_VERSION;
  const m = /^v?1\.(\d+)(\.\d+)?$/.exec(v);
  if (!m) throw new Error(`kubernetesVersion must look like "1.31" (got ${JSON.stringify(v)})`);
  const minor = Number(m[1]);
  if (minor < 31) throw new Error(`kubernetesVersion ${v} is older than the supported minimum ${MINIMUM_KUBERNETES_VERSION}`);
  return minor;
}

/**
 * Compile and cost findings of the ported checker. Its per-entry checks (empty rule, multi-line
 * message, unknown reason) and transition-rule placement are the admission walk's own, reported
 * there with the full field path, so they are left to it.
 */
function portedCelCheck(kubernetesVersion: string): (schema: Record<string, unknown>) => CelAdmissionFinding[] {
  return (schema) => checkCrdCel(schema, { kubernetesVersion }).errors.filter((e) => e.kind !== 'rule' && e.kind !== 'transition');
}

function problemOf(e: AdmissionFieldError, crd: string, xrd: string | undefined): AdmissionProblem {
  return {
    crd,
    ...(xrd !== undefined ? { xrd } : {}),
    field: e.field,
    message: errorBody(e),
    rule: e.expression ?? e.type,
    ...(e.cost !== undefined ? { cost: e.cost } : {}),
    ...(e.limit !== undefined ? { limit: e.limit } : {}),
  };
}

function crdName(crd: object): string {
  const name = (crd as { metadata?: { name?: unknown } }).metadata?.name;
  return typeof name === 'string' ? name : '(unnamed)';
}

function admit(crd: object, opts: AdmissionOptions, xrd: string | undefined): AdmissionProblem[] {
  const name = crdName(crd);
  let internal;
  try {
    internal = internalCrdFromV1(crd);
  } catch (e) {
    if (e instanceof CrdDecodeError) return [{ crd: name, ...(xrd !== undefined ? { xrd } : {}), field: '', message: `the request cannot be decoded: ${e.message}`, rule: 'BadRequest' }];
    throw e;
  }
  const celCheck = opts.celCheck === undefined ? portedCelCheck(opts.kubernetesVersion ?? MINIMUM_KUBERNETES_VERSION) : (opts.celCheck ?? undefined);
  const errs = validateCustomResourceDefinition(internal, { ...CREATE_OPTIONS, celCheck, kubernetesMinor: kubernetesMinor(opts.kubernetesVersion) });
  return errs.map((e) => problemOf(e, name, xrd));
}

/** Every reason the API server would refuse to create this apiextensions.k8s.io/v1 CRD. */
export function admitCrd(crd: object, opts: AdmissionOptions = {}): AdmissionProblem[] {
  return admit(crd, opts, undefined);
}

/**
 * Every reason the XRD would not become Established: Crossplane cannot render its CRDs, or the
 * API server refuses the composite's or the claim's CRD.
 */
export function admitXrd(xrd: object, opts: AdmissionOptions = {}): AdmissionProblem[] {
  const xrdName = crdName(xrd);
  let crds;
  try {
    crds = crdsForXrd(xrd, { crossplane: opts.crossplane });
  } catch (e) {
    if (e instanceof XrdRenderError) return [{ crd: xrdName, xrd: xrdName, field: e.field, message: `Crossplane cannot render the CRD: ${e.message}`, rule: 'crossplane' }];
    throw e;
  }
  return [crds.composite, ...(crds.claim ? [crds.claim] : [])].flatMap((crd) => admit(crd, opts, xrdName));
}

/** One line: XRD, CRD, field path, what is wrong, rule, estimated cost and limit. */
export function formatAdmissionProblem(p: AdmissionProblem): string {
  const parts = [p.xrd !== undefined ? `XRD ${p.xrd}` : undefined, `CRD ${p.crd}`, p.field || undefined, p.message.replace(/\s*[\r\n]+\s*/g, ' ')].filter((x) => x !== undefined);
  let line = parts.join(': ');
  if (p.rule !== undefined) line += ` [rule: ${p.rule.replace(/\s*[\r\n]+\s*/g, ' ')}]`;
  if (p.cost !== undefined) line += ` (estimated cost ${p.cost}${p.limit !== undefined ? `, limit ${p.limit}` : ''})`;
  else if (p.limit !== undefined) line += ` (limit ${p.limit})`;
  return line;
}

export type { CrossplaneVersion } from './xrd-crd';

/**
 * admitXrd at every Kubernetes version the package supports (1.31 onward): CEL libraries and cost
 * rules change between minors (1.31 cannot size a CIDR equality that 1.32 can), so a CRD must pass
 * at each. A problem found at only some versions names them.
 */
export function admitXrdAtSupportedVersions(xrd: object, opts: Omit<AdmissionOptions, 'kubernetesVersion'> = {}): AdmissionProblem[] {
  // Admission is a pure function of the XRD, the options and the validator's code; with the default
  // CEL checker the result is kept by content, in the process (a package validation admits the same
  // XRDs again, ~1 s each time) and on disk (a synth admits the unchanged XRDs of the last one).
  if (opts.celCheck !== undefined) return admitAtSupportedVersions(xrd, opts);
  // Every option is part of the key (celCheck, a function, is excluded above), so a new option cannot be missed.
  const key = JSON.stringify([opts, xrd], (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  let hit = admitted.get(key);
  if (!hit) {
    hit = cachedJson('admission', [codeDigest(), key], () => admitAtSupportedVersions(xrd, opts));
    if (admitted.size >= 1000) admitted.clear();
    admitted.set(key, hit);
  }
  return hit.map((p) => ({ ...p }));
}
const admitted = new Map<string, AdmissionProblem[]>();

function admitAtSupportedVersions(xrd: object, opts: Omit<AdmissionOptions, 'kubernetesVersion'>): AdmissionProblem[] {
  const byLine = new Map<string, { problem: AdmissionProblem; versions: string[] }>();
  for (const kubernetesVersion of SUPPORTED_KUBERNETES_VERSIONS) {
    for (const problem of admitXrd(xrd, { ...opts, kubernetesVersion })) {
      const line = formatAdmissionProblem(problem);
      const seen = byLine.get(line) ?? { problem, versions: [] };
      seen.versions.push(kubernetesVersion);
      byLine.set(line, seen);
    }
  }
  return [...byLine.values()].map(({ problem, versions }) =>
    versions.length === SUPPORTED_KUBERNETES_VERSIONS.length ? problem : { ...problem, message: `${problem.message} (at Kubernetes ${versions.join(', ')})` },
  );
}
