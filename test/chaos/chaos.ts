/**
 * The chaos test's driver: fast-check generates the scenarios from one seed
 * (printed, so `CHAOS_SEED=<seed> CHAOS_RUNS=<n>` replays the same ones),
 * every run is played to the end, and the figures are printed.
 */
import fc from 'fast-check';
import { removeFolders, runScenario } from './run-scenario';
import { scenario, type Scenario } from './scenario';

export interface ChaosOptions {
  runs: number;
  seed: number;
  /** Add steps that SIGKILL a real CLI child (needs dist/cli.cjs and a keychain). */
  cliKills: boolean;
  /** Play only these runs (1-based), the others generated and skipped: replays one finding fast. */
  only?: ReadonlySet<number>;
  log?: (line: string) => void;
}

export interface ChaosResult {
  runs: number;
  seed: number;
  kills: number;
  cliKills: number;
  errors: number;
  associateRequests: number;
  violations: Array<{ run: number; scenario: Scenario; broken: string[] }>;
}

/** CHAOS_RUNS and CHAOS_SEED from the environment, else the given defaults (seed: random). */
/** CHAOS_ONLY=49,63: the runs to play (with the same CHAOS_SEED and a CHAOS_RUNS that reaches them). */
export function onlyFromEnv(): ReadonlySet<number> | undefined {
  const raw = process.env.CHAOS_ONLY;
  if (raw === undefined || raw.trim() === '') return undefined;
  const runs = raw.split(',').map((r) => Number(r.trim()));
  if (runs.some((r) => !Number.isInteger(r) || r < 1))
    throw new Error(`CHAOS_ONLY must list run numbers like 49,63, not ${raw}`);
  return new Set(runs);
}

export function optionsFromEnv(defaultRuns: number): { runs: number; seed: number } {
  const runs = Number(process.env.CHAOS_RUNS ?? defaultRuns);
  const seed = process.env.CHAOS_SEED !== undefined ? Number(process.env.CHAOS_SEED) : Date.now() % 2 ** 31;
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`CHAOS_RUNS must be a positive integer, not ${process.env.CHAOS_RUNS}`);
  if (!Number.isInteger(seed)) throw new Error(`CHAOS_SEED must be an integer, not ${process.env.CHAOS_SEED}`);
  return { runs, seed };
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosResult> {
  const log = opts.log ?? ((line: string) => console.log(line));
  log(
    `chaos: ${opts.runs} runs, seed ${opts.seed}${opts.cliKills ? ', with CLI SIGKILLs' : ''} (replay: CHAOS_SEED=${opts.seed} CHAOS_RUNS=${opts.runs})`,
  );
  const result: ChaosResult = {
    runs: 0,
    seed: opts.seed,
    kills: 0,
    cliKills: 0,
    errors: 0,
    associateRequests: 0,
    violations: [],
  };
  // Every run is played and counted: the property never fails, so a violation does not hide the next ones.
  await fc
    .assert(
      fc.asyncProperty(scenario({ cliKills: opts.cliKills }), async (s) => {
        const run = ++result.runs;
        if (opts.only && !opts.only.has(run)) return;
        const r = await runScenario(s);
        result.kills += r.kills;
        result.cliKills += r.cliKills;
        result.errors += r.errors;
        result.associateRequests += r.associateRequests;
        if (r.violations.length > 0) {
          result.violations.push({ run, scenario: s, broken: r.violations });
          log(
            `run ${run}: ${r.violations.length} violation(s)\n  ${r.violations.join('\n  ')}\n  scenario: ${JSON.stringify(s)}`,
          );
        }
        if (run % 10 === 0) log(`chaos: ${run}/${opts.runs} runs, ${result.violations.length} with violations`);
      }),
      { numRuns: opts.runs, seed: opts.seed, endOnFailure: true },
    )
    .finally(removeFolders);
  log(
    `chaos: ${result.runs} runs, seed ${result.seed}: ${result.kills} in-process kills, ${result.cliKills} CLI SIGKILLs, ` +
      `${result.errors} operations refused or failed, ${result.associateRequests} associate requests checked, ` +
      `${result.violations.length} runs with violations`,
  );
  return result;
}
