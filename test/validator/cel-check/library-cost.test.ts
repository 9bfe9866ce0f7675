// k8s.io/apiserver pkg/cel/library/cost_test.go (v0.31.0 and v0.32.0), translated as data in
// test/fixtures/cel-cost/library-cost.json: estimated costs of the Kubernetes library functions.
import fixture from '../../fixtures/cel-cost/library-cost.json';
import { estimateWithEnvironment } from '../../../validator/cel-check/compile';
import { buildEnvironment } from '../../../validator/cel-check/environment';
import {
  cidrLibrary,
  formatLibrary,
  ipLibrary,
  listsLibrary,
  quantityLibrary,
  regexLibrary,
  setsExtension,
  semverLibrary,
  stringsExtension,
  twoVarComprehensionsExtension,
  urlsLibrary,
} from '../../../validator/cel-check/libraries';
import { TWO_VAR_COMPREHENSION_MACROS } from '../../../validator/cel-check/macros';
import { LibraryCostEstimator, replaceEstimate } from '../../../validator/cel-check/library-cost';
import { optionalFunctions } from '../../../validator/cel-check/stdlib';
import { checkOrThrow } from './helpers';

interface Case {
  test: string;
  name: string;
  expr: string;
  estimated: { min: string; max: string };
  revisions: (31 | 32 | 33)[];
}
interface Size {
  min: string;
  max: string;
}
const doc = fixture as unknown as { cases: Case[]; sizeCases: { name: string; targetSize: Size; argSizes: Size[]; expectSize: Size }[] };

/** The environment of the upstream testCost (revision 33: v0.34.0, cel-go v0.26.0). */
function testEnvironment(revision: 31 | 32 | 33) {
  const modern = revision >= 33;
  return buildEnvironment({
    kubernetesVersion: `library-unit-test-${revision}`,
    compatibilityVersion: { major: 1, minor: revision },
    libraries: [
      stringsExtension(2),
      urlsLibrary(),
      regexLibrary(),
      listsLibrary(),
      quantityLibrary(),
      setsExtension(),
      ipLibrary(),
      cidrLibrary(),
      formatLibrary(),
      { functions: optionalFunctions(modern) },
      ...(modern ? [twoVarComprehensionsExtension(), semverLibrary(1)] : []),
    ],
    optionalTypes: true,
    crossTypeNumericComparisons: false,
    literalValidators: false,
    stringsVersion: 2,
    sets: true,
    recognizeKeywordAsFieldName: false,
    libraryCostRevision: revision,
    homogeneousAggregateLiterals: false,
    costModel: modern ? 'cel-go-0.23' : 'cel-go-0.20',
    extraMacros: modern ? TWO_VAR_COMPREHENSION_MACROS : [],
  });
}

/** testCostEstimator: strings and bytes of unknown size are at most 12 long. */
const testSizes = {
  estimateSize: (node: { type?: { kind: string } }) => (node.type?.kind === 'string' || node.type?.kind === 'bytes' ? { min: 0n, max: 12n } : undefined),
};

describe.each([31, 32, 33] as const)('library cost.go revision %s', (revision) => {
  const env = testEnvironment(revision);
  const estimator = new LibraryCostEstimator(testSizes, revision);
  const cases = doc.cases.filter((c) => c.revisions.includes(revision)).map((c) => [`${c.test} ${c.name}`, c] as const);

  it.each(cases)('%s', (_name, c) => {
    const checked = checkOrThrow(c.expr, env, new Map());
    const est = estimateWithEnvironment(checked, estimator, env);
    expect({ min: est.min.toString(), max: est.max.toString() }).toEqual(c.estimated);
  });
});

describe('library cost.go TestSize (replace result sizes)', () => {
  const big = (s: Size) => ({ min: BigInt(s.min), max: BigInt(s.max) });
  it.each(doc.sizeCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = replaceEstimate(big(c.targetSize), big(c.argSizes[0]), big(c.argSizes[1]));
    expect(r.resultSize).toEqual(big(c.expectSize));
  });
});
