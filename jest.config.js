// @swc/jest: ts-jest breaks on TypeScript 7 (see research/tooling-spike.md).
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
// The renderer checks every JSON text it keeps by identity against a fresh serialisation (a
// stale one throws): the whole suite proves no render changes a stored object without saying so.
process.env.ZTA_RENDER_CHECKS = '1';
// Results of the project's own code are computed by every test run, never read from the disk cache
// an earlier run left: the suite proves them, and coverage does not depend on the machine's cache.
process.env.ZTA_CACHE_SKIP = 'admission,yaml11,xrd-schemas,cel-filter,cel-filter-set';
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.(ts|js|mjs)$': swc },
  // @marcbachmann/cel-js is ESM-only; jest's module system needs it transformed.
  transformIgnorePatterns: ['/node_modules/(?!(@marcbachmann/cel-js)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testTimeout: 60000,
  // Jest's default is one worker fewer than the cores: on a 2-core machine that is one worker, and
  // the whole suite ran file after file on one core while the parent sat idle. Two workers use both.
  maxWorkers: 2,
  // A worker that has grown past this after a test file is replaced: the suites each build the
  // package and render claims, and a worker carrying hundreds of MiB of old heaps spends its time in GC.
  // Measured 3 Dec 2026: with coverage, a 1,500 MB limit took the suite from 224 to 421 s (2.7 GB
  // workers); without coverage it saved ~10%, which the coverage run cannot have.
  workerIdleMemoryLimit: '120MB',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  // Coverage: `npm test` passes --coverage; targeted runs stay uninstrumented (a partial run would
  // miss the thresholds). v8 reads the engine's own block counters (no instrumentation pass, no
  // babel next to @swc/jest); swc's inline source maps map them back to the .ts lines.
  coverageProvider: 'v8',
  collectCoverageFrom: ['charts/**/*.ts', 'compositions/**/*.ts', 'renderer/**/*.ts', 'validator/**/*.ts'],
  // The figures per directory are printed by test/support/coverage-figures.js; coverage/ keeps the JSON summary.
  coverageReporters: ['json-summary', [require.resolve('./test/support/coverage-figures.js'), { rootDir: __dirname }]],
  // Directories are thresholds on their total (jest resolves these paths from the working directory:
  // run jest from the repository root, as npm test does). charts/ and compositions/: every line is
  // reached by a test.
  // renderer/ and validator/: the whole suite's level (96.81%, 95.02% on 2 Dec 2026, after the CLI's
  // tree validation and faults landed) rounded down, so it cannot regress.
  coverageThreshold: {
    './charts/': { lines: 100 },
    './compositions/': { lines: 100 },
    './renderer/': { lines: 96 },
    './validator/': { lines: 95 },
  },
};
