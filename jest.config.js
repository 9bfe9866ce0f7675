// @swc/jest: ts-jest breaks on TypeScript 7 (see research/tooling-spike.md).
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
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
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
