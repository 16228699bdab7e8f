// Mutation testing of the license-critical modules: `npm run mutation`
// prints the score per module (clear-text table). Not part of `npm test`: it
// runs the covering tests once per mutant and takes about an hour. One module
// at a time: `npm run mutation -- --mutate electron/core/token/token-file.ts`.
// Runs inside scripts/with-keyring.sh (package.json): the token service and
// runner tests use a real Secret Service keyring.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [
    'electron/core/deploy/plan.ts',
    'electron/core/deploy/licenses.ts',
    'electron/core/deploy/journal.ts',
    'electron/core/deploy/apply.ts',
    'electron/core/deploy/runner.ts',
    'electron/core/token/token-service.ts',
    'electron/core/token/token-file.ts',
    'electron/core/cache/store.ts',
    'electron/core/cache/migrate.ts',
    'electron/core/apple/errors.ts',
    'electron/core/apple/rate-limit.ts',
  ],
  testRunner: 'vitest',
  // The modules' unit tests, and for the runner one integration file
  // (vitest.mutation.config.mts); with perTest coverage each mutant runs only
  // the tests that reach it.
  vitest: { configFile: 'vitest.mutation.config.mts', related: false },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false, reportScoreTable: true },
  // Two cores shared with other work.
  concurrency: 1,
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  // Stryker copies the project into its sandbox: build output and artefacts
  // are not needed there, and another build rewriting dist/ mid-copy crashes it.
  ignorePatterns: ['dist', 'release', 'build', 'test-results', 'playwright-report', 'docs', 'reports', '.stryker-tmp*'],
};
