// cel-go checker/cost_test.go TestCost (v0.20.1), translated as data in test/fixtures/cel-cost/cel-go-cost.json.
import fixture from '../../fixtures/cel-cost/cel-go-cost.json';
import { type AstNode, type CostEstimator, estimateCost, estimateSize, type FunctionEstimator } from '../../../validator/cel-check/cost';
import { multiply, multiplyByFactor } from '../../../validator/cel-check/cost-math';
import { buildEnvironment } from '../../../validator/cel-check/environment';
import { checkOrThrow, objectTypeProvider, parseTypeName } from './helpers';

interface Case {
  name: string;
  expr: string;
  vars?: Record<string, string>;
  hints?: Record<string, number>;
  presenceTestHasCost?: boolean;
  containsStringEstimate?: { factor: number };
  wanted: { min: string; max: string };
}

const doc = fixture as { testAllTypesFields: Record<string, string>; cases: Case[] };
const TEST_ALL_TYPES = 'google.expr.proto3.test.TestAllTypes';

// The upstream test checks against a bare cel-go environment: standard library only.
const env = buildEnvironment({
  kubernetesVersion: 'cel-go-unit-test',
  compatibilityVersion: { major: 0, minor: 0 },
  libraries: [],
  optionalTypes: false,
  crossTypeNumericComparisons: false,
  literalValidators: false,
  sets: false,
  recognizeKeywordAsFieldName: false,
  libraryCostRevision: 31,
  homogeneousAggregateLiterals: false,
});
const provider = objectTypeProvider({ [TEST_ALL_TYPES]: doc.testAllTypesFields });

/** testCostEstimator of cost_test.go */
function testEstimator(hints: Record<string, number>): CostEstimator {
  return {
    estimateSize: (node: AstNode) => {
      const h = node.path ? hints[node.path.join('.')] : undefined;
      return h === undefined ? undefined : { min: 0n, max: BigInt(h) };
    },
    estimateCallCost: (_fn, overloadId) => (overloadId === 'timestamp_to_year' ? { cost: { min: 7n, max: 7n } } : undefined),
  };
}

describe('cel-go TestCost (v0.20.1)', () => {
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
    const est = estimateCost(checked, testEstimator(c.hints ?? {}), { presenceTestHasCost: c.presenceTestHasCost, overloadEstimators });
    expect({ min: est.min.toString(), max: est.max.toString() }).toEqual(c.wanted);
  });
});
