// `npm run chaos`: the long chaos run (200 runs unless CHAOS_RUNS says
// otherwise), with real SIGKILLs of a CLI child among the kills (CHAOS_CLI=0
// leaves them out; CHAOS_ONLY=49,63 plays only those runs of the seed). Exits 1 when any run broke a guarantee.
import { onlyFromEnv, optionsFromEnv, runChaos } from './chaos';

async function main(): Promise<void> {
  const { runs, seed } = optionsFromEnv(200);
  const result = await runChaos({ runs, seed, cliKills: process.env.CHAOS_CLI !== '0', only: onlyFromEnv() });
  process.exit(result.violations.length > 0 ? 1 : 0);
}

void main();
