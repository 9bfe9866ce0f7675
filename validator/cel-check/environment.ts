// The CEL environment a Kubernetes API server compiles CRD validation rules in
// (k8s.io/apiserver pkg/cel/environment/base.go). CRD create/update compiles new expressions in the
// NewExpressions environment of DefaultCompatibilityVersion(), which is the server's minor minus one:
// a 1.31 server only offers libraries introduced up to 1.30 to new rules.
import type { CelType } from './cel-types';
import { type FunctionDecl, mergeFunction } from './decls';
import {
  cidrLibrary,
  formatLibrary,
  ipLibrary,
  type LibraryDecls,
  listsLibrary,
  quantityLibrary,
  regexLibrary,
  setsExtension,
  stringsExtension,
  urlsLibrary,
} from './libraries';
import { type Macro, OPTIONAL_MACROS, STANDARD_MACROS } from './macros';
import { optionalFunctions, standardFunctions, standardTypeVariables } from './stdlib';

/** The README's minimum supported Kubernetes version. */
export const DEFAULT_KUBERNETES_VERSION = '1.31';

/**
 * Server versions whose estimator is ported: both use cel-go's pre-0.23 cost estimator (1.31 ships
 * cel-go v0.20.1, 1.32 v0.22.0). 1.33 moved to cel-go v0.23, whose estimator tracks sizes through
 * variables and list entries differently; it is not ported.
 */
export const SUPPORTED_KUBERNETES_VERSIONS: readonly string[] = ['1.31', '1.32'];

export interface MajorMinor {
  readonly major: number;
  readonly minor: number;
}

/** Libraries and options that change what and how a rule compiles or is estimated. */
export interface CelEnvironment {
  /** the server version this environment models, e.g. "1.31" */
  readonly kubernetesVersion: string;
  /** DefaultCompatibilityVersion of that server: which libraries new expressions may use */
  readonly compatibilityVersion: MajorMinor;
  readonly functions: ReadonlyMap<string, FunctionDecl>;
  readonly variables: ReadonlyMap<string, CelType>;
  readonly macros: readonly Macro[];
  readonly enableOptionalSyntax: boolean;
  /** cel.CrossTypeNumericComparisons (1.28+) */
  readonly crossTypeNumericComparisons: boolean;
  /** cel.HomogeneousAggregateLiterals */
  readonly homogeneousAggregateLiterals: boolean;
  /** cel.ASTValidators for duration/timestamp/regex literals and homogeneous literals (1.29+) */
  readonly literalValidators: boolean;
  /** ext.Strings version >= 1 validates the format string of string.format() */
  readonly stringFormatValidator: boolean;
  /** checker.PresenceTestHasCost: Kubernetes turns it off (has() costs nothing) */
  readonly presenceTestHasCost: boolean;
  /** checker.OverloadCostEstimate options, overload id -> cost factor (ext.Sets) */
  readonly setsCostFactors: ReadonlyMap<string, number>;
  /** DeclTypeProvider.SetRecognizeKeywordAsFieldName: `self.namespace` finds `__namespace__` (compat >= 1.31) */
  readonly recognizeKeywordAsFieldName: boolean;
  /** which revision of k8s.io/apiserver pkg/cel/library/cost.go estimates library calls */
  readonly libraryCostRevision: 31 | 32;
}

export interface LibrarySelection {
  readonly kubernetesVersion: string;
  readonly compatibilityVersion: MajorMinor;
  /** libraries in the order the environment options apply them (after the standard library) */
  readonly libraries: readonly LibraryDecls[];
  readonly optionalTypes: boolean;
  readonly crossTypeNumericComparisons: boolean;
  readonly literalValidators: boolean;
  /** ext.Strings version, when the strings extension is part of the environment */
  readonly stringsVersion?: number;
  readonly sets: boolean;
  readonly recognizeKeywordAsFieldName: boolean;
  readonly libraryCostRevision: 31 | 32;
  /** cel.HomogeneousAggregateLiterals; Kubernetes always sets it (default true here) */
  readonly homogeneousAggregateLiterals?: boolean;
}

/** Parses "1.31", "v1.31" or "1.31.4" and checks that its estimator is ported. */
export function parseKubernetesVersion(version: string): MajorMinor {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  if (!m) throw new Error(`invalid Kubernetes version "${version}": expected major.minor such as "1.31"`);
  const v = { major: Number(m[1]), minor: Number(m[2]) };
  if (!SUPPORTED_KUBERNETES_VERSIONS.includes(`${v.major}.${v.minor}`)) {
    throw new Error(
      `Kubernetes version "${version}" is not supported by the CEL cost estimator: supported are ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}`,
    );
  }
  return v;
}

const atLeast = (v: MajorMinor, major: number, minor: number): boolean => v.major > major || (v.major === major && v.minor >= minor);

/** base.go baseOpts filtered to the compatibility version (VersionedOptions.IntroducedVersion/RemovedVersion). */
export function kubernetesLibrarySelection(kubernetesVersion: string): LibrarySelection {
  const server = parseKubernetesVersion(kubernetesVersion);
  const compat = { major: server.major, minor: server.minor - 1 };
  // In base.go order: URLs, Regex, Lists (1.0); OptionalTypes, Quantity (1.28); Strings v2, Sets (1.29);
  // IP, CIDR (1.30); Format (1.31). Authz libraries declare nothing a CRD rule can reach.
  const optionalTypes = atLeast(compat, 1, 28);
  const stringsVersion = atLeast(compat, 1, 29) ? 2 : 0;
  const sets = atLeast(compat, 1, 29);
  const libraries: LibraryDecls[] = [urlsLibrary(), regexLibrary(), listsLibrary()];
  if (optionalTypes) libraries.push({ functions: optionalFunctions() }, quantityLibrary());
  libraries.push(stringsExtension(stringsVersion));
  if (sets) libraries.push(setsExtension());
  if (atLeast(compat, 1, 30)) libraries.push(ipLibrary(), cidrLibrary());
  if (atLeast(compat, 1, 31)) libraries.push(formatLibrary());
  return {
    kubernetesVersion: `${server.major}.${server.minor}`,
    compatibilityVersion: compat,
    libraries,
    optionalTypes,
    crossTypeNumericComparisons: atLeast(compat, 1, 28),
    literalValidators: atLeast(compat, 1, 29),
    stringsVersion,
    sets,
    recognizeKeywordAsFieldName: atLeast(compat, 1, 31),
    libraryCostRevision: server.minor >= 32 ? 32 : 31,
  };
}

export function buildEnvironment(sel: LibrarySelection): CelEnvironment {
  const functions = new Map<string, FunctionDecl>();
  const variables = new Map<string, CelType>(standardTypeVariables());
  const add = (lib: LibraryDecls): void => {
    for (const f of lib.functions) mergeFunction(functions, f);
    for (const [k, v] of lib.variables ?? []) variables.set(k, v);
  };
  add({ functions: standardFunctions() });
  sel.libraries.forEach(add);
  return {
    kubernetesVersion: sel.kubernetesVersion,
    compatibilityVersion: sel.compatibilityVersion,
    functions,
    variables,
    macros: sel.optionalTypes ? [...STANDARD_MACROS, ...OPTIONAL_MACROS] : STANDARD_MACROS,
    enableOptionalSyntax: sel.optionalTypes,
    crossTypeNumericComparisons: sel.crossTypeNumericComparisons,
    homogeneousAggregateLiterals: sel.homogeneousAggregateLiterals ?? true,
    literalValidators: sel.literalValidators,
    stringFormatValidator: (sel.stringsVersion ?? 0) >= 1,
    presenceTestHasCost: false,
    setsCostFactors: sel.sets
      ? new Map([
          ['list_sets_contains_list', 1],
          ['list_sets_intersects_list', 1],
          ['list_sets_equivalent_list', 2],
        ])
      : new Map(),
    recognizeKeywordAsFieldName: sel.recognizeKeywordAsFieldName,
    libraryCostRevision: sel.libraryCostRevision,
  };
}

const cache = new Map<string, CelEnvironment>();

/** The NewExpressions environment of an API server of the given version (built once per process). */
export function kubernetesCelEnvironment(kubernetesVersion: string = DEFAULT_KUBERNETES_VERSION): CelEnvironment {
  let env = cache.get(kubernetesVersion);
  if (!env) {
    env = buildEnvironment(kubernetesLibrarySelection(kubernetesVersion));
    cache.set(kubernetesVersion, env);
  }
  return env;
}
