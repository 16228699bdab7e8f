// Kill the CLI with SIGKILL at named moments of a deployment, chosen by the
// simulator holding the request there (no guessed delays), then restart: the
// restart's resume alone, before any re-run and without a sync, must finish
// the journal and the rows, and Apple must hold exactly the licenses owned,
// with the app never having asked for more than were free.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/app/create-core';
import { KeytarVault } from '../../electron/core/token/vault';
import { startSimulator, type HoldSpec, type Simulator } from '../fakes/apple-simulator';
import { CLI, runCli } from '../helpers/cli';
import { freshApp, holders, usersWithout } from '../helpers/org';
import { expectNoOverAssignment } from '../helpers/over-assign';
import { tempDir } from '../helpers/tmp';

const LICENSES = 4;
const USERS = 7;

let sim: Simulator;
let home: string;
let service: string;
let env: Record<string, string>;

beforeAll(async () => {
  // Events stay PENDING for a second so the first status poll reliably sees PENDING.
  sim = await startSimulator({ seed: 5, apps: 8, users: 400, assignments: 100, eventDelayMs: 1000 });
  home = await tempDir();
  service = `vpp-desk-test-kill-${process.pid}`;
  env = { VPP_DESK_HOME: home, VPP_DESK_API_URL: sim.url, VPP_DESK_KEYCHAIN_SERVICE: service };
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

interface Row {
  adamId: string;
  clientUserId: string;
  state: string;
  reason: string | null;
  journalId: string | null;
}
interface Entry {
  id: string;
  kind: string;
  adamId: string | null;
  status: string;
  eventId: string | null;
}

/** The journal and rows of one app as the main cache file holds them. */
async function cached(adamId: string): Promise<{ journal: Entry[]; rows: Row[] }> {
  const main = JSON.parse(await fs.readFile(`${home}/vpp-desk-cache.json`, 'utf8')) as {
    journal: Entry[];
    deployments: Row[];
  };
  return {
    journal: main.journal.filter((j) => j.adamId === adamId),
    rows: main.deployments.filter((d) => d.adamId === adamId),
  };
}

/** Runs `vpp-desk deploy`, waits for the simulator to hold it at `spec`, then SIGKILLs it. */
async function deployKilledAt(spec: HoldSpec, adamId: string, users: string[]): Promise<NodeJS.Signals | null> {
  const holding = sim.hold(spec);
  const child = spawn(process.execPath, [CLI, 'deploy', adamId, '--users', users.join(','), '--action', 'required'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const first = await Promise.race([holding.then((held) => ({ held })), exited.then((exit) => ({ exit }))]);
  if ('exit' in first) throw new Error(`deploy ended before the moment (${JSON.stringify(first.exit)}): ${stderr}`);
  child.kill('SIGKILL');
  const { signal } = await exited;
  // Only after the kernel closed the dead client's socket: a "received" hold then drops the request.
  await first.held.clientGone;
  first.held.release();
  return signal;
}

/** A restart of a long-lived VPP Desk (not the CLI, which does not resume): start() resumes the journal. */
async function restartAndResume(adamId: string): Promise<void> {
  const core = await createCore({
    config: { dataDir: home, apiUrl: sim.url, keychainService: service },
    transport: 'preview',
    vault: new KeytarVault(service),
    version: '0.0.0-test',
    pollIntervalMs: 20,
  });
  try {
    await core.start();
    await expect
      .poll(
        async () => {
          const { journal, rows } = await cached(adamId);
          return (
            journal.some((j) => j.status === 'prepared' || j.status === 'sent') ||
            rows.some((r) => r.state === 'assigning')
          );
        },
        { timeout: 20_000, interval: 50 },
      )
      .toBe(false);
  } finally {
    await core.stop();
  }
}

const statusIs = (s: string) => (payload: unknown) => (payload as { eventStatus?: string }).eventStatus === s;

const MOMENTS: Array<{
  name: string;
  spec: HoldSpec;
  /**
   * The journal entry's status the kill leaves behind and, when `settle`, what Apple holds once
   * its events finished before the restart (without settling, the restart meets a PENDING event).
   */
  left: { status: string; eventId: boolean; settle: boolean; appleHolds: number };
}> = [
  {
    name: 'journal written, nothing sent (first /assets/associate held on arrival)',
    spec: { path: '/assets/associate', phase: 'received' },
    left: { status: 'prepared', eventId: false, settle: true, appleHolds: 0 },
  },
  {
    name: '/assets/associate received, its eventId never delivered',
    spec: { path: '/assets/associate', phase: 'answered' },
    left: { status: 'prepared', eventId: false, settle: true, appleHolds: LICENSES },
  },
  {
    name: 'event PENDING (status answer held)',
    spec: { path: '/status', phase: 'answered', when: statusIs('PENDING') },
    left: { status: 'sent', eventId: true, settle: false, appleHolds: 0 },
  },
  {
    name: 'event COMPLETE but not yet read',
    spec: { path: '/status', phase: 'answered', when: statusIs('COMPLETE') },
    left: { status: 'sent', eventId: true, settle: true, appleHolds: LICENSES },
  },
];

describe('SIGKILL during a deployment, then restart', () => {
  it.each(MOMENTS.map((m, i) => [m.name, m, i] as const))(
    'killed at: %s',
    async (_name, moment, i) => {
      const adamId = String(991000000 + i);
      freshApp(sim, LICENSES, adamId);
      const users = usersWithout(sim, adamId, 'Associated', USERS);
      const synced = await runCli(['sync'], env);
      expect(synced.code, synced.stderr).toBe(0);

      expect(await deployKilledAt(moment.spec, adamId, users)).toBe('SIGKILL');

      // Where the kill landed: the write journaled, its rows waiting on it.
      const left = await cached(adamId);
      const [entry, ...more] = left.journal;
      expect(more).toEqual([]);
      expect(entry).toMatchObject({ kind: 'associate', status: moment.left.status });
      expect(entry?.eventId !== null).toBe(moment.left.eventId);
      expect(left.rows.filter((r) => r.state === 'assigning').map((r) => r.journalId)).toEqual(
        Array<string | undefined>(LICENSES).fill(entry?.id),
      );
      if (moment.left.settle) {
        // What Apple was doing when the app died finishes without the app.
        await expect.poll(() => sim.state().events.pending, { timeout: 10_000 }).toBe(0);
        expect(holders(sim, adamId)).toHaveLength(moment.left.appleHolds);
      }

      const syncsBefore = sim.requests.filter((r) => r.path.endsWith('/assets')).length;
      await restartAndResume(adamId);
      // The resume did it, not a sync rebuilding the cache from Apple.
      expect(sim.requests.filter((r) => r.path.endsWith('/assets')).length).toBe(syncsBefore);

      // After the resume, before any re-run: the journal is finished and every row settled.
      const after = await cached(adamId);
      expect(after.journal.length).toBeGreaterThanOrEqual(1);
      expect(after.journal.every((j) => j.status === 'done')).toBe(true);
      expect(after.rows).toHaveLength(USERS);
      const truth = holders(sim, adamId);
      expect(
        after.rows
          .filter((r) => r.state === 'assigned')
          .map((r) => r.clientUserId)
          .sort(),
      ).toEqual([...truth].sort());
      for (const r of after.rows.filter((row) => row.state !== 'assigned'))
        expect(r).toMatchObject({ state: 'failed', reason: 'No licenses available.', journalId: null });

      // Apple's counts: every license used once, none over.
      expect(new Set(truth).size).toBe(truth.length);
      expect(truth).toHaveLength(LICENSES);
      expect(sim.asset(adamId)).toMatchObject({ totalCount: LICENSES, assignedCount: LICENSES, availableCount: 0 });
      expectNoOverAssignment(sim.associations, { adamId, atLeast: 1 });
    },
    60_000,
  );
});
