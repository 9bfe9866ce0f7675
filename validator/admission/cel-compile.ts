// Compilation of admission CEL expressions (k8s.io/apiserver pkg/admission/plugin/cel compile.go
// CompileCELExpression, composition.go CompositedCompiler): the variables an admission expression
// sees, the return types each kind of expression must have, and the composited `variables`. Every
// expression also gets a static cost estimate (cel-go checker/cost.go with the Kubernetes library
// costs): upstream only limits admission CEL at run time, and the estimate is the upper bound that
// proves those run-time limits cannot trip (see cost-limits.ts).
import { type CelType, DynType, formatType } from '../cel-check/cel-types';
import { checkExpression, type CheckedExpression } from '../cel-check/check';
import { estimateWithEnvironment } from '../cel-check/compile';
import type { AstNode } from '../cel-check/cost';
import type { SizeEstimate } from '../cel-check/cost-math';
import type { DeclField, DeclType } from '../cel-check/decl-type';
import { type CelEnvironment, DEFAULT_KUBERNETES_VERSION, kubernetesCelEnvironment } from '../cel-check/environment';
import { LibraryCostEstimator } from '../cel-check/library-cost';
import { parseCel } from '../cel-check/parser';
import { formatIssues } from '../cel-check/source';
import { validateAst } from '../cel-check/validators';
import { AdmissionTypeProvider, admissionBaseEnvironment, AuthorizerType, buildNamespaceType, buildRequestType, celTypeToDeclType, objectDecl, ResourceCheckType, VARIABLES_TYPE_NAME } from './cel-decls';

/** OptionalVariableDeclarations */
export interface VariableDeclarations {
  readonly hasParams: boolean;
  readonly hasAuthorizer: boolean;
}

/** What an expression must evaluate to (ExpressionAccessor.ReturnTypes). `any` accepts every type. */
export type ReturnType = 'bool' | 'string' | 'null_type' | 'any';

/** apiservercel.Error: Invalid (the expression is wrong) or Internal. */
export interface CelCompileError {
  readonly type: 'Invalid' | 'Internal';
  readonly detail: string;
}

export interface CompilationResult {
  readonly expression: string;
  readonly error?: CelCompileError;
  readonly checked?: CheckedExpression;
  readonly outputType?: CelType;
  /**
   * Estimate of one evaluation's cost (not counting the variables it reads): cel-go's estimator
   * with the interpreter's charge for selections on dyn values, sizes from the declared types.
   */
  readonly cost?: SizeEstimate;
  /** the same estimate with sizes known for some values (a request's actual inputs) first */
  readonly estimate?: (sizes: SizeLookup) => SizeEstimate;
  /** names of `variables.<name>` the expression reads */
  readonly variablesRead: readonly string[];
}

/** Types the type checker knows for object/oldObject and params (policy type checking); Dyn otherwise. */
export interface TypedInputs {
  readonly object?: DeclType;
  readonly params?: DeclType;
}

/** the minor of the API server an environment models ("1.32" -> 32) */
export function serverMinor(env: CelEnvironment): number {
  return Number(env.kubernetesVersion.split('.')[1]);
}

const REQUEST_TYPE = buildRequestType();
const NAMESPACE_TYPE = buildNamespaceType();

const RETURN_TYPE_NAMES: Record<Exclude<ReturnType, 'any'>, string> = { bool: 'bool', string: 'string', null_type: 'null_type' };

/**
 * A policy's compiler: holds the composition environment, so variables compiled earlier are
 * visible (typed) to later expressions, as CompositedCompiler.CompileAndStoreVariable does.
 */
export class AdmissionCompiler {
  readonly env: CelEnvironment;
  private readonly variableFields: [string, DeclField][] = [];
  private readonly variableCosts = new Map<string, CompilationResult>();

  constructor(
    readonly kubernetesVersion: string = DEFAULT_KUBERNETES_VERSION,
    private readonly typed: TypedInputs = {},
    /** a composition environment (`variables` declared); the stateless compiler has none */
    private readonly composition = true,
  ) {
    this.env = admissionBaseEnvironment(kubernetesCelEnvironment(kubernetesVersion));
  }

  private variablesType(): DeclType {
    return objectDecl(VARIABLES_TYPE_NAME, this.variableFields);
  }

  private declarations(decls: VariableDeclarations): { variables: Map<string, CelType>; roots: Map<string, DeclType> } {
    const roots = new Map<string, DeclType>([
      ['request', REQUEST_TYPE],
      ['namespaceObject', NAMESPACE_TYPE],
    ]);
    const variables = new Map<string, CelType>([
      ['object', this.typed.object?.celType ?? DynType],
      ['oldObject', this.typed.object?.celType ?? DynType],
      ['namespaceObject', NAMESPACE_TYPE.celType],
      ['request', REQUEST_TYPE.celType],
    ]);
    if (this.typed.object) {
      roots.set('object', this.typed.object);
      roots.set('oldObject', this.typed.object);
    }
    if (decls.hasParams) {
      variables.set('params', this.typed.params?.celType ?? DynType);
      if (this.typed.params) roots.set('params', this.typed.params);
    }
    if (decls.hasAuthorizer) {
      variables.set('authorizer', AuthorizerType);
      variables.set('authorizer.requestResource', ResourceCheckType);
    }
    if (this.composition) {
      const v = this.variablesType();
      variables.set('variables', v.celType);
      roots.set('variables', v);
    }
    return { variables, roots };
  }

  /** CompileCELExpression: parse, check, AST validators, return type; then the static cost. */
  compile(expression: string, decls: VariableDeclarations, returnTypes: readonly ReturnType[]): CompilationResult {
    const fail = (detail: string, type: CelCompileError['type'] = 'Invalid'): CompilationResult => ({ expression, error: { type, detail }, variablesRead: [] });
    const parsed = parseCel(expression, { macros: this.env.macros, enableOptionalSyntax: this.env.enableOptionalSyntax, hiddenAccumulator: this.env.hiddenAccumulator });
    if (parsed.issues.length > 0 || !parsed.expr) return fail(`compilation failed: ${formatIssues(parsed.source, parsed.issues)}`);
    const { variables, roots } = this.declarations(decls);
    const provider = new AdmissionTypeProvider([...roots.values()], this.env.recognizeKeywordAsFieldName, serverMinor(this.env) >= 32);
    const checked = checkExpression(parsed, { env: this.env, variables, provider });
    if (checked.issues.length > 0) return fail(`compilation failed: ${formatIssues(parsed.source, checked.issues)}`);
    const validation = validateAst(checked, this.env);
    if (validation.length > 0) return fail(`compilation failed: ${formatIssues(parsed.source, validation)}`);
    const out = checked.types.get(checked.expr.id) ?? DynType;
    if (!returnTypes.includes('any') && !returnTypes.some((r) => out.kind === r && out.params.length === 0)) {
      // 1.32 (e2c2d2a0) added what the expression evaluates to.
      const got = serverMinor(this.env) >= 32 ? ` but got ${formatType(out)}` : '';
      const reason = returnTypes.length === 1 ? `must evaluate to ${RETURN_TYPE_NAMES[returnTypes[0] as Exclude<ReturnType, 'any'>]}${got}` : `must evaluate to one of [${returnTypes.map((r) => RETURN_TYPE_NAMES[r as Exclude<ReturnType, 'any'>]).join(' ')}]${got}`;
      return fail(reason);
    }
    const declared = new AdmissionSizeEstimator(roots);
    const env = this.env;
    const estimate = (sizes?: SizeLookup): SizeEstimate => {
      const sizer = sizes ? { estimateSize: (n: AstNode) => sizes(n.path) ?? declared.estimateSize(n) } : declared;
      return estimateWithEnvironment(checked, new LibraryCostEstimator(sizer, env.libraryCostRevision), env, { selectOnDynHasCost: true });
    };
    return { expression, checked, outputType: out, cost: estimate(), estimate, variablesRead: variablesRead(checked) };
  }

  /** CompileAndStoreVariable: the variable becomes a field of `variables`, typed by its output (dyn if it failed). */
  compileVariable(name: string, expression: string, decls: VariableDeclarations): CompilationResult {
    const result = this.compile(expression, decls, ['any']);
    const type = celTypeToDeclType(result.outputType);
    const existing = this.variableFields.findIndex(([n]) => n === name);
    const entry: [string, DeclField] = [name, { name, type, required: true }];
    if (existing >= 0) this.variableFields[existing] = entry;
    else this.variableFields.push(entry);
    this.variableCosts.set(name, result);
    return result;
  }

  /** the compiled variables, by name */
  get variables(): ReadonlyMap<string, CompilationResult> {
    return this.variableCosts;
  }
}

/** The size of the value at a field path from a root variable, when known. */
export type SizeLookup = (path: readonly string[] | undefined) => SizeEstimate | undefined;

/** `variables.<name>` selections in a checked expression. */
function variablesRead(checked: CheckedExpression): string[] {
  const out = new Set<string>();
  const visit = (e: unknown): void => {
    if (typeof e !== 'object' || e === null) return;
    const x = e as { kind?: string; operand?: { kind?: string; name?: string }; field?: string };
    if (x.kind === 'select' && x.operand?.kind === 'ident' && x.operand.name === 'variables' && typeof x.field === 'string') out.add(x.field);
    for (const v of Object.values(e as object)) {
      if (Array.isArray(v)) v.forEach(visit);
      else if (typeof v === 'object') visit(v);
    }
  };
  visit(checked.expr);
  return [...out];
}

/**
 * Sizes of values reached from the variables by field path (the sizeEstimator of the apiserver's
 * compilers, over several roots): the root is the path's first element. Only roots typed from an
 * OpenAPI schema (object, oldObject, params) carry sizes: the request, the namespace object and the
 * variables are built types whose strings and lists have no bound (maxElements 0 there means
 * unknown, not empty), so their sizes stay unknown and the estimator takes the worst case.
 */
export class AdmissionSizeEstimator {
  constructor(private readonly roots: ReadonlyMap<string, DeclType>) {}

  estimateSize(node: AstNode): SizeEstimate | undefined {
    const path = node.path;
    if (!path || path.length === 0 || !SCHEMA_SIZED_ROOTS.has(path[0]!)) return undefined;
    let current = this.roots.get(path[0]!);
    if (!current) return undefined;
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

const SCHEMA_SIZED_ROOTS: ReadonlySet<string> = new Set(['object', 'oldObject', 'params']);
