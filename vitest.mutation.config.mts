// The tests Stryker runs against each mutant (stryker.config.mjs): the unit
// tests of the mutated modules, and for the deploy runner (which no unit test
// drives) the two integration files that deploy through the real core
// against the simulator on 127.0.0.1.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/unit/core/deploy/{plan,licenses,journal,apply}.test.ts',
      'test/unit/core/token/{token-service,token-file}.test.ts',
      'test/unit/core/cache/{store,store-recovery,store-lazy,migrate-holders}.test.ts',
      'test/unit/core/apple/*.test.ts',
      'test/integration/{deploy,deploy-runner}.test.ts',
    ],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
