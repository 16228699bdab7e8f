// Kill the CLI in the middle of a deployment at many moments, restart, and
// check Apple's counts and the rows: no license over-assigned, none lost,
// every row finished.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { CLI, runCli } from '../helpers/cli';
import { freshApp, holders, usersWithout } from '../helpers/org';
import { tempDir } from '../helpers/tmp';

let sim: Simulator;
let home: string;
let env: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, apps: 8, users: 400, assignments: 100, eventDelayMs: 150 });
  home = await tempDir();
  env = {
    VPP_DESK_HOME: home,
    VPP_DESK_API_URL: sim.url,
    VPP_DESK_KEYCHAIN_SERVICE: `vpp-desk-test-kill-${process.pid}`,
  };
  await fs.writeFile(`${home}/t.vpptoken`, sim.issueToken());
  const r = await runCli(
    ['token', 'import', `${home}/t.vpptoken`, '--apple-id', 'a@b.c', '--accept-account-lock'],
    env,
  );
  expect(r.code, r.stderr).toBe(0);
});
afterAll(async () => {
  await runCli(['token', 'remove'], env);
  await sim.close();
  await fs.rm(home, { recursive: true, force: true });
});

function killAfter(args: string[], ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

// Kill moments spread over start-up, planning, journaling, sending and event polling.
const MOMENTS = [120, 250, 350, 450, 550, 700, 900, 1200];

describe('kill and restart during a deployment', () => {
  it.each(MOMENTS.map((ms, i) => [ms, i] as const))(
    'killed at %i ms: restart finishes it without over-assigning',
    async (ms, i) => {
      const licenses = 4;
      const adamId = String(991000000 + i);
      freshApp(sim, licenses, adamId);
      const users = usersWithout(sim, adamId, 'Associated', 7);
      const synced = await runCli(['sync'], env);
      expect(synced.code, synced.stderr).toBe(0);
      // Slow Apple a little so the kill can land while a write is in flight.
      sim.faults.set({ kind: 'slow', delayMs: 200, match: '/assets/associate', count: 1 });

      await killAfter(['deploy', adamId, '--users', users.join(','), '--action', 'required'], ms);
      expect(holders(sim, adamId).length).toBeLessThanOrEqual(licenses);

      // Restart: a sync resumes the journal; the admin re-runs the deployment.
      const resumed = await runCli(['sync'], env);
      expect(resumed.code, resumed.stderr).toBe(0);
      const again = await runCli(['deploy', adamId, '--users', users.join(','), '--action', 'required', '--json'], env);
      expect([0, 1]).toContain(again.code);
      await new Promise((r) => setTimeout(r, 50));

      const truth = holders(sim, adamId);
      expect(new Set(truth).size).toBe(truth.length);
      expect(truth.length).toBe(licenses);
      expect(sim.asset(adamId)).toMatchObject({ totalCount: licenses, assignedCount: licenses, availableCount: 0 });

      const rows = JSON.parse((await runCli(['deployments', '--app', adamId, '--json'], env)).stdout) as Array<{
        clientUserId: string;
        state: string;
        reason: string | null;
      }>;
      expect(rows).toHaveLength(users.length);
      const assigned = rows.filter((r) => r.state === 'assigned').map((r) => r.clientUserId);
      expect(assigned.sort()).toEqual([...truth].sort());
      for (const r of rows.filter((row) => row.state !== 'assigned'))
        expect(r).toMatchObject({ state: 'failed', reason: 'No licenses available.' });
    },
  );
});
