// Kill the CLI with SIGKILL at named moments of a deployment, chosen by the
// simulator holding the request there (no guessed delays), then restart: the
// restart's resume alone, before any re-run and without a sync, must finish
// the journal and the rows, and Apple must hold exactly the licenses owned,
// with the app never having asked for more than were free.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type HoldSpec, type Simulator } from '../fakes/apple-simulator';
import { runCli } from '../helpers/cli';
import {
  cliKilledAt,
  killHome,
  mainCache,
  restartAndResume,
  statusIs,
  syncRequests,
  type KillHome,
} from '../helpers/kill';
import { freshApp, holders, usersWithout } from '../helpers/org';
import { expectNoOverAssignment } from '../helpers/over-assign';

const LICENSES = 4;
const USERS = 7;

let sim: Simulator;
let kh: KillHome;

beforeAll(async () => {
  // Events stay PENDING for a second so the first status poll reliably sees PENDING.
  sim = await startSimulator({ seed: 5, apps: 8, users: 400, assignments: 100, eventDelayMs: 1000 });
  kh = await killHome(sim, 'kill');
});
afterAll(async () => {
  await kh.dispose();
  await sim.close();
});

/** The journal and rows of one app as the main cache file holds them. */
async function cached(adamId: string) {
  const main = await mainCache(kh.home);
  return {
    journal: main.journal.filter((j) => j.adamId === adamId),
    rows: main.deployments.filter((d) => d.adamId === adamId),
  };
}

const deployKilledAt = (spec: HoldSpec, adamId: string, users: string[]) =>
  cliKilledAt(sim, spec, ['deploy', adamId, '--users', users.join(','), '--action', 'required'], kh.env);

/** Restarts a long-lived core and waits until its resume left no open entry nor assigning row. */
const restartAndResumeApp = (adamId: string) =>
  restartAndResume(sim, kh, async () => {
    const { journal, rows } = await cached(adamId);
    return (
      journal.some((j) => j.status === 'prepared' || j.status === 'sent') || rows.some((r) => r.state === 'assigning')
    );
  });

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
    // Apple still applying the first request when the app comes back: reading the assignments
    // straight away shows nobody, and sending again would ask for the same licenses twice.
    name: '/assets/associate received, its eventId never delivered, restarted while Apple still applies it',
    spec: { path: '/assets/associate', phase: 'answered' },
    left: { status: 'prepared', eventId: false, settle: false, appleHolds: 0 },
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
      const synced = await runCli(['sync'], kh.env);
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

      const syncsBefore = syncRequests(sim);
      await restartAndResumeApp(adamId);
      // The resume did it, not a sync rebuilding the cache from Apple.
      expect(syncRequests(sim)).toBe(syncsBefore);

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
