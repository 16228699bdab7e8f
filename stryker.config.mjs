// Mutation testing of the license-critical deploy modules: `npm run mutation`
// prints the score per module (clear-text table). Not part of `npm test`: it
// runs the unit tests once per mutant and takes minutes.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [
    'electron/core/deploy/plan.ts',
    'electron/core/deploy/licenses.ts',
    'electron/core/deploy/journal.ts',
    'electron/core/deploy/apply.ts',
  ],
  testRunner: 'vitest',
  // The deploy unit tests only (vitest.mutation.config.mts): the integration
  // suite would multiply minutes by hundreds of mutants.
  vitest: { configFile: 'vitest.mutation.config.mts', related: false },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress'],
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false, reportScoreTable: true },
  // Two cores shared with other work.
  concurrency: 1,
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  // Stryker copies the project into its sandbox: build output and artefacts
  // are not needed there, and another build rewriting dist/ mid-copy crashes it.
  ignorePatterns: ['dist', 'release', 'build', 'test-results', 'playwright-report', 'docs', 'reports', '.stryker-tmp*'],
};
