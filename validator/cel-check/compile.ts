// Compilation of the x-kubernetes-validations rules of one schema node, as
// apiextensions-apiserver pkg/apiserver/schema/cel/compilation.go Compile/compileRule do it: `self`
// (and `oldSelf`, optional when optionalOldSelf is set) typed by the node's DeclType, a bool result
// for rules and a string result for messageExpressions, and the static cost estimate of each.
import { type CelType, optionalType, typeOfType } from './cel-types';
import { checkExpression, type CheckedExpression, type TypeProvider } from './check';
import { type AstNode, type CostEstimator, type CostOptions, estimateCost, type FunctionEstimator } from './cost';
import { estimateCostModern } from './cost-modern';
import type { CostEstimate, SizeEstimate } from './cost-math';
import { type DeclType, fieldTypeMap, isMapDecl, MAX_REQUEST_SIZE_BYTES, maybeAssignTypeName, SCALAR_DECL_TYPES } from './decl-type';
import { type CelEnvironment, LIST_SORT_TYPE_NAMES } from './environment';
import { CEL_RESERVED_SYMBOLS } from './escaping';
import { LibraryCostEstimator, listsCostEstimators, setsCostEstimator } from './library-cost';
import { parseCel } from './parser';
import { formatIssues } from './source';
import { validateAst } from './validators';

/** One x-kubernetes-validations entry as written in the schema. */
export interface ValidationRule {
  readonly rule: string;
  readonly messageExpression?: string;
  readonly optionalOldSelf?: boolean;
}

/** CompilationResult of compilation.go, minus the programs. */
export interface RuleCompilation {
  /** compile error detail ("compilation failed: ERROR: <input>:1:6: ...") */
  readonly error?: string;
  /** the rule compiled (false for errors and for blank rules, which are skipped) */
  readonly compiled: boolean;
  readonly usesOldSelf: boolean;
  /** worst-case cost of one evaluation */
  readonly maxCost: bigint;
  /** how often the rule can run when nested in unbounded lists/maps (request size / min serialized size) */
  readonly maxCardinality: bigint;
  readonly messageExpressionError?: string;
  readonly messageExpressionCompiled: boolean;
  readonly messageExpressionMaxCost: bigint;
}

/** The name given to the type of `self` (upstream uses a fresh random name so that rules cannot depend on it). */
export const SELF_TYPE_NAME = 'selfType0';

/** DeclTypeProvider of types.go: the object types of a schema by their assigned names. */
export class DeclTypeProvider implements TypeProvider {
  private readonly registered: Map<string, DeclType>;

  constructor(
    root: DeclType,
    private readonly env: CelEnvironment,
  ) {
    this.registered = fieldTypeMap(root.name, root);
  }

  private find(name: string): DeclType | undefined {
    return this.registered.get(name) ?? SCALAR_DECL_TYPES.get(name);
  }

  findStructTypeIdent(name: string): CelType | undefined {
    const d = this.find(name);
    if (!d) return undefined;
    // 1.32 returns the type of the type ("cel type provider should return a type type"); 1.31 returned the type itself
    return this.env.libraryCostRevision >= 32 ? typeOfType(d.celType) : d.celType;
  }

  findStructFieldType(typeName: string, field: string): CelType | undefined {
    const st = this.find(typeName);
    if (!st) return undefined;
    let f = st.fields?.get(field);
    if (!f && this.env.recognizeKeywordAsFieldName && CEL_RESERVED_SYMBOLS.has(field)) f = st.fields?.get(`__${field}__`);
    if (f) return f.type.celType;
    if (isMapDecl(st)) return st.elemType!.celType;
    return undefined;
  }
}

/** sizeEstimator of compilation.go: MaxElements of the DeclType reached by the path below `self`. */
export class SchemaSizeEstimator implements Pick<CostEstimator, 'estimateSize'> {
  constructor(private readonly root: DeclType) {}

  estimateSize(node: AstNode): SizeEstimate | undefined {
    const path = node.path;
    if (!path || path.length === 0) return undefined;
    let current = this.root;
    // the first element is the variable (self, oldSelf, or whatever the path starts at)
    for (const name of path.slice(1)) {
      let next: DeclType | undefined;
      if (name === '@items' || name === '@values') next = current.elemType;
      else if (name === '@keys') next = current.keyType;
      else next = current.fields?.get(name)?.type;
      if (!next) return undefined;
      current = next;
    }
    return { min: 0n, max: BigInt.asUintN(64, current.maxElements) };
  }
}

/** maxCardinality: how many values of minSize (plus a comma) fit into one request. */
export function maxCardinality(minSize: bigint): bigint {
  return MAX_REQUEST_SIZE_BYTES / (minSize + 1n);
}

interface ExpressionResult {
  readonly error?: string;
  readonly checked?: CheckedExpression;
  readonly cost?: CostEstimate;
}

export interface ExpressionContext {
  readonly env: CelEnvironment;
  readonly variables: ReadonlyMap<string, CelType>;
  readonly provider?: TypeProvider;
  readonly estimator: CostEstimator;
}

/** env.Compile: parse, check, AST validators; then the output type and the cost estimate. */
export function compileExpression(text: string, ctx: ExpressionContext, want: 'bool' | 'string'): ExpressionResult {
  const failed = want === 'bool' ? 'compilation failed: ' : 'messageExpression compilation failed: ';
  const parsed = parseCel(text, { macros: ctx.env.macros, enableOptionalSyntax: ctx.env.enableOptionalSyntax, hiddenAccumulator: ctx.env.hiddenAccumulator });
  if (parsed.issues.length > 0 || !parsed.expr) return { error: failed + formatIssues(parsed.source, parsed.issues) };
  const checked = checkExpression(parsed, { env: ctx.env, variables: ctx.variables, provider: ctx.provider });
  if (checked.issues.length > 0) return { error: failed + formatIssues(parsed.source, checked.issues) };
  const validation = validateAst(checked, ctx.env);
  if (validation.length > 0) return { error: failed + formatIssues(parsed.source, validation) };
  const out = checked.types.get(checked.expr.id);
  if (out?.kind !== want) {
    return { error: want === 'bool' ? 'cel expression must evaluate to a bool' : 'messageExpression must evaluate to a string', checked };
  }
  return { checked, cost: estimateWithEnvironment(checked, ctx.estimator, ctx.env) };
}

const overloadEstimatorCache = new WeakMap<CelEnvironment, Map<string, FunctionEstimator>>();

/** The cost options an environment adds (Env.EstimateCost): has() is free, ext.Sets and ext.Lists estimators. */
export function environmentCostOptions(env: CelEnvironment): CostOptions {
  let overloadEstimators = overloadEstimatorCache.get(env);
  if (!overloadEstimators) {
    overloadEstimators = new Map<string, FunctionEstimator>([...env.setsCostFactors].map(([id, f]) => [id, setsCostEstimator(f)]));
    if (env.listsCostEstimators) for (const [id, f] of listsCostEstimators(LIST_SORT_TYPE_NAMES)) overloadEstimators.set(id, f);
    overloadEstimatorCache.set(env, overloadEstimators);
  }
  return { presenceTestHasCost: env.presenceTestHasCost, overloadEstimators };
}

/** Env.EstimateCost with the estimator of the cel-go version the environment's server ships. */
export function estimateWithEnvironment(checked: CheckedExpression, estimator: CostEstimator, env: CelEnvironment, extra: Pick<CostOptions, 'selectOnDynHasCost'> = {}): CostEstimate {
  const options = { ...environmentCostOptions(env), ...extra };
  return env.costModel === 'cel-go-0.23' ? estimateCostModern(checked, estimator, options) : estimateCost(checked, estimator, options);
}

function usesVariable(checked: CheckedExpression, name: string): boolean {
  for (const r of checked.references.values()) if (r.name === name) return true;
  return false;
}

/**
 * Compile: every rule of a schema node against its DeclType. `declType` is the type of the node
 * (with apiVersion/kind/metadata when it is the root of a resource).
 */
const scopedTypes = new WeakMap<DeclType, { scoped: DeclType; providers: Map<CelEnvironment, DeclTypeProvider> }>();

function scopedType(declType: DeclType, env: CelEnvironment): { scoped: DeclType; provider: DeclTypeProvider } {
  let entry = scopedTypes.get(declType);
  if (!entry) {
    entry = { scoped: maybeAssignTypeName(declType, SELF_TYPE_NAME), providers: new Map() };
    scopedTypes.set(declType, entry);
  }
  let provider = entry.providers.get(env);
  if (!provider) {
    provider = new DeclTypeProvider(entry.scoped, env);
    entry.providers.set(env, provider);
  }
  return { scoped: entry.scoped, provider };
}

export function compileRules(rules: readonly ValidationRule[], declType: DeclType, env: CelEnvironment): RuleCompilation[] {
  if (rules.length === 0) return [];
  const { scoped, provider } = scopedType(declType, env);
  const estimator = new LibraryCostEstimator(new SchemaSizeEstimator(declType), env.libraryCostRevision);
  const cardinality = maxCardinality(declType.minSerializedSize);
  const plain = new Map([
    ['self', scoped.celType],
    ['oldSelf', scoped.celType],
  ]);
  const optional = new Map([
    ['self', scoped.celType],
    ['oldSelf', optionalType(scoped.celType)],
  ]);
  return rules.map((r) => compileRule(r, { env, provider, estimator, variables: r.optionalOldSelf === true ? optional : plain }, cardinality));
}

function compileRule(rule: ValidationRule, ctx: ExpressionContext, cardinality: bigint): RuleCompilation {
  const empty = { compiled: false, usesOldSelf: false, maxCost: 0n, maxCardinality: 0n, messageExpressionCompiled: false, messageExpressionMaxCost: 0n };
  if (rule.rule.trim().length === 0) return empty;
  const r = compileExpression(rule.rule, ctx, 'bool');
  if (r.error !== undefined) return { ...empty, error: r.error };
  const result = { ...empty, compiled: true, usesOldSelf: usesVariable(r.checked!, 'oldSelf'), maxCost: r.cost!.max, maxCardinality: cardinality };
  if (rule.messageExpression) {
    const m = compileExpression(rule.messageExpression, ctx, 'string');
    if (m.error !== undefined) return { ...result, messageExpressionError: m.error };
    return { ...result, messageExpressionCompiled: true, messageExpressionMaxCost: m.cost!.max };
  }
  return result;
}

