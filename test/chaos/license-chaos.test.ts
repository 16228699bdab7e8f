// The short chaos run of `npm test` (the long one is `npm run chaos`): random
// deploys, uninstalls, syncs, retirements, terms accepted and licenses bought,
// with Apple's faults and kills at random moments, and after each run the
// license guarantees checked. Figures and the seed are printed.
import { expect, it } from 'vitest';
import { optionsFromEnv, runChaos } from './chaos';

const { runs, seed } = optionsFromEnv(20);

it(
  `keeps the license guarantees through ${runs} random runs with faults and kills (seed ${seed})`,
  { timeout: 600_000 },
  async () => {
    const result = await runChaos({ runs, seed, cliKills: false });
    expect(result.runs).toBe(runs);
    // A chaos run that killed nothing or asked Apple for nothing would prove nothing.
    expect(result.kills).toBeGreaterThan(0);
    expect(result.associateRequests).toBeGreaterThan(0);
    expect(result.violations).toEqual([]);
  },
);
