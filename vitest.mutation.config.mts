// The tests Stryker runs against each mutant of the deploy modules (stryker.config.mjs).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/core/deploy/{plan,licenses,journal,apply}.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
  },
});
