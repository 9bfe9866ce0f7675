// cel-go checker/cost_test.go TestCost (v0.26.0), translated as data in test/fixtures/cel-cost/cel-go-cost-v0.26.json:
// the estimator of cel-go v0.23+ (Kubernetes 1.33 and later).
import fixture from '../../fixtures/cel-cost/cel-go-cost-v0.26.json';
import { BytesType, listType } from '../../../validator/cel-check/cel-types';
import { type AstNode, type CostEstimator, estimateSize, type FunctionEstimator, STRING_TRAVERSAL_COST_FACTOR } from '../../../validator/cel-check/cost';
import { add, fixed, multiply, multiplyByFactor } from '../../../validator/cel-check/cost-math';
import { estimateCostModern } from '../../../validator/cel-check/cost-modern';
import { fn, memberOverload } from '../../../validator/cel-check/decls';
import { buildEnvironment } from '../../../validator/cel-check/environment';
import { checkOrThrow, objectTypeProvider, parseTypeName } from './helpers';

interface Case {
  name: string;
  expr: string;
  vars?: Record<string, string>;
  hints?: Record<string, number>;
  presenceTestHasCost?: boolean;
  containsStringEstimate?: { factor: number };
  listBytesMaxEstimate?: unknown;
  wanted: { min: string; max: string };
}

const doc = fixture as { testAllTypesFields: Record<string, string>; cases: Case[] };
const TEST_ALL_TYPES = 'google.expr.proto3.test.TestAllTypes';

const env = buildEnvironment({
  kubernetesVersion: 'cel-go-v0.26-unit-test',
  compatibilityVersion: { major: 0, minor: 0 },
  libraries: [{ functions: [fn('max', memberOverload('list_bytes_max', [listType(BytesType)], BytesType))] }],
  optionalTypes: false,
  crossTypeNumericComparisons: false,
  literalValidators: false,
  sets: false,
  recognizeKeywordAsFieldName: false,
  libraryCostRevision: 33,
  homogeneousAggregateLiterals: false,
  costModel: 'cel-go-0.23',
});
const provider = objectTypeProvider({ [TEST_ALL_TYPES]: doc.testAllTypesFields });

/** testCostEstimator of cost_test.go v0.26.0 */
function testEstimator(hints: Record<string, number>): CostEstimator {
  return {
    estimateSize: (node: AstNode) => {
      const h = node.path ? hints[node.path.join('.')] : undefined;
      if (h !== undefined) return { min: 0n, max: BigInt(h) };
      return node.type?.kind === 'bytes' ? { min: 0n, max: 12n } : undefined;
    },
    estimateCallCost: (_fn, overloadId) => (overloadId === 'timestamp_to_year' ? { cost: { min: 7n, max: 7n } } : undefined),
  };
}

/** The list_bytes_max estimator of the "bytes list max" case. */
const listBytesMax: FunctionEstimator = (estimator, target) => {
  if (!target || !target.type || target.type.params.length === 0) return undefined;
  const elem: AstNode = { path: target.path ? [...target.path, '@items'] : undefined, type: target.type.params[0], expr: undefined, computedSize: () => undefined };
  let elCost = fixed(1);
  if (elem.type?.kind === 'string' || elem.type?.kind === 'bytes') elCost = add(elCost, multiplyByFactor(estimateSize(estimator, elem), STRING_TRAVERSAL_COST_FACTOR));
  return { cost: multiply(estimateSize(estimator, target), elCost) };
};

describe('cel-go TestCost (v0.26.0)', () => {
  it.each(doc.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const vars = new Map(Object.entries(c.vars ?? {}).map(([k, v]) => [k, parseTypeName(v)]));
    const checked = checkOrThrow(c.expr, env, vars, provider);
    const overloadEstimators = new Map<string, FunctionEstimator>();
    if (c.containsStringEstimate) {
      const f = c.containsStringEstimate.factor;
      overloadEstimators.set('contains_string', (estimator, target, args) =>
        target && args.length === 1
          ? { cost: multiply(multiplyByFactor(estimateSize(estimator, target), f), multiplyByFactor(estimateSize(estimator, args[0]), f)) }
          : undefined,
      );
    }
    if (c.listBytesMaxEstimate) overloadEstimators.set('list_bytes_max', listBytesMax);
    const est = estimateCostModern(checked, testEstimator(c.hints ?? {}), { presenceTestHasCost: c.presenceTestHasCost, overloadEstimators });
    expect({ min: est.min.toString(), max: est.max.toString() }).toEqual(c.wanted);
  });
});
