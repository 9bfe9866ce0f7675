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
  LIST_COMPARABLE_TYPES,
  type LibraryDecls,
  listsExtension,
  listsLibrary,
  quantityLibrary,
  regexLibrary,
  semverLibrary,
  setsExtension,
  stringsExtension,
  twoVarComprehensionsExtension,
  urlsLibrary,
} from './libraries';
import { type LibraryCostRevision } from './library-cost';
import { LISTS_MACROS, type Macro, OPTIONAL_MACROS, STANDARD_MACROS, TWO_VAR_COMPREHENSION_MACROS } from './macros';
import { optionalFunctions, standardFunctions, standardTypeVariables } from './stdlib';

/** The README's minimum supported Kubernetes version. */
export const DEFAULT_KUBERNETES_VERSION = '1.31';

/**
 * API server versions whose estimator is ported, with the cel-go each ships: 1.31 v0.20.1 and 1.32
 * v0.22.0 (the estimator of cost.ts), 1.33 v0.23.2 and 1.34 to 1.36 v0.26.0 (cost-modern.ts).
 */
export const SUPPORTED_KUBERNETES_VERSIONS: readonly string[] = ['1.31', '1.32', '1.33', '1.34', '1.35', '1.36'];

/** Which port of cel-go checker/cost.go estimates: before cel-go v0.23, or from v0.23 on. */
export type CostModel = 'cel-go-0.20' | 'cel-go-0.23';

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
  readonly libraryCostRevision: LibraryCostRevision;
  readonly costModel: CostModel;
  /** cel-go v0.23+: macros accumulate into "@result" */
  readonly hiddenAccumulator: boolean;
  /** ext.Lists version 3 registers cost estimators for its functions */
  readonly listsCostEstimators: boolean;
  /** 1.34+: x-kubernetes-int-or-string honours maxLength in size estimates */
  readonly intOrStringHonorsMaxLength: boolean;
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
  readonly libraryCostRevision: LibraryCostRevision;
  /** cel.HomogeneousAggregateLiterals; Kubernetes always sets it (default true here) */
  readonly homogeneousAggregateLiterals?: boolean;
  readonly costModel?: CostModel;
  readonly extraMacros?: readonly Macro[];
  readonly listsCostEstimators?: boolean;
  readonly intOrStringHonorsMaxLength?: boolean;
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
  // IP, CIDR (1.30); Format (1.31); TwoVarComprehensions (1.32); Semver v1 (1.33); ext.Lists v3 (1.34).
  // Authz libraries declare nothing a CRD rule can reach.
  const modern = server.minor >= 33;
  const optionalTypes = atLeast(compat, 1, 28);
  const stringsVersion = atLeast(compat, 1, 29) ? 2 : 0;
  const sets = atLeast(compat, 1, 29);
  const libraries: LibraryDecls[] = [urlsLibrary(), regexLibrary(), listsLibrary()];
  if (optionalTypes) libraries.push({ functions: optionalFunctions(modern) }, quantityLibrary());
  libraries.push(stringsExtension(stringsVersion));
  if (sets) libraries.push(setsExtension());
  if (atLeast(compat, 1, 30)) libraries.push(ipLibrary(), cidrLibrary());
  if (atLeast(compat, 1, 31)) libraries.push(formatLibrary());
  const extraMacros: Macro[] = [];
  if (atLeast(compat, 1, 32)) {
    libraries.push(twoVarComprehensionsExtension());
    extraMacros.push(...TWO_VAR_COMPREHENSION_MACROS);
  }
  if (atLeast(compat, 1, 33)) libraries.push(semverLibrary(1));
  const lists = atLeast(compat, 1, 34);
  if (lists) {
    libraries.push(listsExtension(3));
    extraMacros.push(...LISTS_MACROS);
  }
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
    libraryCostRevision: server.minor >= 33 ? 33 : server.minor >= 32 ? 32 : 31,
    costModel: modern ? 'cel-go-0.23' : 'cel-go-0.20',
    extraMacros,
    listsCostEstimators: lists,
    intOrStringHonorsMaxLength: server.minor >= 34,
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
    macros: [...STANDARD_MACROS, ...(sel.optionalTypes ? OPTIONAL_MACROS : []), ...(sel.extraMacros ?? [])],
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
    costModel: sel.costModel ?? 'cel-go-0.20',
    hiddenAccumulator: (sel.costModel ?? 'cel-go-0.20') === 'cel-go-0.23',
    listsCostEstimators: sel.listsCostEstimators ?? false,
    intOrStringHonorsMaxLength: sel.intOrStringHonorsMaxLength ?? false,
  };
}

/** The type names ext.Lists templates its sort overloads over (list_<name>_sort). */
export const LIST_SORT_TYPE_NAMES: readonly string[] = LIST_COMPARABLE_TYPES.map((t) => t.name);

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
