// The tests Stryker runs against each mutant (stryker.config.mjs): the unit
// tests of the mutated modules, and for the deploy runner (which no unit test
// drives) the integration files that deploy through the real core against the
// simulator on 127.0.0.1: deploy, deploy-runner, deploy-runner-resume (crash
// resume, the deploy lock, re-evaluation, retry) and row-drift.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/unit/core/deploy/{plan,licenses,journal,apply}.test.ts',
      'test/unit/core/token/{token-service,token-file}.test.ts',
      'test/unit/core/cache/{store,store-recovery,store-lazy,migrate-holders}.test.ts',
      'test/unit/core/apple/*.test.ts',
      'test/integration/{deploy,deploy-runner,deploy-runner-resume,row-drift}.test.ts',
    ],
    setupFiles: ['test/setup.ts'],
    // Stryker runs every file in one worker thread (pool 'threads'). Isolated,
    // each file loads keytar's native module (libsecret) again in a new thread,
    // and with several keychain-using files GLib's types are registered twice:
    // the run hangs in a hook or segfaults. One shared module graph loads it once.
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
