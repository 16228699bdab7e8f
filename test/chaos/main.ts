// `npm run chaos`: the long chaos run (200 runs unless CHAOS_RUNS says
// otherwise), with real SIGKILLs of a CLI child among the kills (CHAOS_CLI=0
// leaves them out). Exits 1 when any run broke a guarantee.
import { optionsFromEnv, runChaos } from './chaos';

async function main(): Promise<void> {
  const { runs, seed } = optionsFromEnv(200);
  const result = await runChaos({ runs, seed, cliKills: process.env.CHAOS_CLI !== '0' });
  process.exit(result.violations.length > 0 ? 1 : 0);
}

void main();
