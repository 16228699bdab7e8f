// Many processes on one data folder: several CLI runs at once (schedule
// changes, syncs, deployments) against the simulator. Every command that
// succeeded must be in the cache afterwards, and the cache must open clean.
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/core/base';
import { Store } from '../../electron/core/cache';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { runCli, type CliResult } from '../helpers/cli';
import { freshApp, usersWithout } from '../helpers/org';
import { tempDir } from '../helpers/tmp';

let sim: Simulator;
let home: string;
let env: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator({ seed: 8, apps: 6, users: 200, assignments: 60, eventDelayMs: 30 });
  home = await tempDir();
  env = {
    VPP_DESK_HOME: home,
    VPP_DESK_API_URL: sim.url,
    VPP_DESK_KEYCHAIN_SERVICE: `vpp-desk-test-multi-${process.pid}`,
  };
  await fs.writeFile(`${home}/t.vpptoken`, sim.issueToken());
  const imported = await runCli(
    ['token', 'import', `${home}/t.vpptoken`, '--apple-id', 'a@b.c', '--accept-account-lock'],
    env,
  );
  expect(imported.code, imported.stderr).toBe(0);
});
afterAll(async () => {
  await runCli(['token', 'remove'], env);
  await sim.close();
  await fs.rm(home, { recursive: true, force: true });
});

const SCHEDULERS = 4;
const CHANGES_EACH = 5;
const SYNCERS = 2;
const SYNCS_EACH = 3;
const DEPLOYERS = 3;

/** Runs commands one after another (one "process" of an admin's), returning each result. */
async function worker(commands: string[][]): Promise<CliResult[]> {
  const results: CliResult[] = [];
  for (const args of commands) results.push(await runCli(args, env, { timeoutMs: 120_000 }));
  return results;
}

describe('several processes on one data folder', () => {
  it('loses no update and leaves a cache that opens', async () => {
    const adamId = '993000001';
    freshApp(sim, 50, adamId);
    const first = await runCli(['sync'], env);
    expect(first.code, first.stderr).toBe(0);
    const users = usersWithout(sim, adamId, 'Associated', DEPLOYERS * 2);

    // Every schedule change has its own interval, so each leaves a line of its own.
    const scheduling = Array.from({ length: SCHEDULERS }, (_, w) =>
      worker(Array.from({ length: CHANGES_EACH }, (_, i) => ['schedule', '--every', String(1 + w * CHANGES_EACH + i)])),
    );
    const syncing = Array.from({ length: SYNCERS }, () => worker(Array.from({ length: SYNCS_EACH }, () => ['sync'])));
    const deploying = Array.from({ length: DEPLOYERS }, (_, w) =>
      worker([['deploy', adamId, '--users', users.slice(w * 2, w * 2 + 2).join(','), '--action', 'required']]),
    );
    const [scheduled, synced, deployed] = await Promise.all([
      Promise.all(scheduling),
      Promise.all(syncing),
      Promise.all(deploying),
    ]);

    // Schedule changes never wait on anyone's sync or deployment: all succeed.
    for (const r of scheduled.flat()) expect(r.code, r.stderr).toBe(0);
    // A sync or deployment may be refused while another runs; that is said, not lost.
    const busy = /already running|busy|another VPP Desk process/i;
    for (const r of [...synced.flat(), ...deployed.flat()]) {
      if (r.code !== 0) expect(r.stderr, r.stderr).toMatch(busy);
    }

    const store = await Store.open(home, systemClock);
    expect(store.notices).toEqual([]);
    const lines = (await store.activity()).map((a) => a.message);
    for (let n = 1; n <= SCHEDULERS * CHANGES_EACH; n++) {
      const said = lines.filter((m) => m.startsWith(`Scheduled sync set to every ${n} hour`));
      expect(said, `schedule change to ${n} h`).toHaveLength(1);
    }
    const okSyncs = synced.flat().filter((r) => r.code === 0).length;
    expect(okSyncs).toBeGreaterThan(0);
    // The first sync, plus every later one that ran.
    expect(store.data.sync.history.filter((h) => h.ok)).toHaveLength(1 + okSyncs);
    deployed.forEach(([r], w) => {
      if (r?.code !== 0) return;
      const mine = users.slice(w * 2, w * 2 + 2);
      const rows = store.data.deployments.filter((d) => d.adamId === adamId && mine.includes(d.clientUserId));
      expect(rows.map((d) => d.clientUserId).sort(), `deployment ${w}`).toEqual([...mine].sort());
    });
    // Every snapshot part the main file names is there and reads: touching each collection loads
    // its part, and a missing or mangled one would add a notice. (Superseded parts wait for the
    // orphan sweep, so how many files exist says nothing.)
    expect(store.data.assets.length).toBeGreaterThan(0);
    expect(store.data.users.length).toBeGreaterThan(0);
    expect(store.data.assignments.length).toBeGreaterThan(0);
    expect(store.notices).toEqual([]);
    console.log(
      `multi-process: ${SCHEDULERS * CHANGES_EACH} schedule changes kept, ${okSyncs}/${SYNCERS * SYNCS_EACH} syncs ran, ` +
        `${deployed.flat().filter((r) => r.code === 0).length}/${DEPLOYERS} deployments ran`,
    );
  }, 300_000);
});
