// Device licensing under SIGKILL: `vpp-desk deploy <adamId> --serials …` is
// killed at named moments (the simulator holds the request there), then a
// restarted VPP Desk's resume alone, without a sync, must close the journal
// and leave the cache agreeing with Apple. The app has fewer licenses than
// serial numbers asked for, so a resume or re-run that asks again blind would
// show as over-assignment.
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
import { freshApp } from '../helpers/org';
import { expectNoOverAssignment } from '../helpers/over-assign';

const LICENSES = 4;
const SERIALS = 7;

let sim: Simulator;
let kh: KillHome;

beforeAll(async () => {
  // Events stay PENDING for a second so the first status poll reliably sees PENDING.
  sim = await startSimulator({ seed: 5, apps: 8, users: 200, assignments: 100, eventDelayMs: 1000 });
  kh = await killHome(sim, 'kill-serials');
});
afterAll(async () => {
  await kh.dispose();
  await sim.close();
});

/** The app's journal entries as the main cache file holds them. */
async function journalOf(adamId: string) {
  return (await mainCache(kh.home)).journal.filter((j) => j.adamId === adamId);
}

const open = (j: { status: string }) => j.status === 'prepared' || j.status === 'sent';

/** Serial numbers of the app's device licenses, as Apple holds them. */
const appleSerials = (adamId: string): string[] =>
  sim
    .assignmentsFor(adamId)
    .map((a) => a.serialNumber)
    .filter((sn): sn is string => typeof sn === 'string');

/** Serial numbers of the app's device licenses, as VPP Desk's cache says (`vpp-desk holders`, no Apple call). */
async function cachedSerials(adamId: string): Promise<string[]> {
  const asked = sim.requests.length;
  const r = await runCli(['holders', adamId, '--json'], kh.env);
  expect(r.code, r.stderr).toBe(0);
  expect(sim.requests.length).toBe(asked);
  return (JSON.parse(r.stdout) as Array<{ serialNumber: string | null }>)
    .map((h) => h.serialNumber)
    .filter((sn): sn is string => sn !== null);
}

const deployArgs = (adamId: string, serials: string[]) => [
  'deploy',
  adamId,
  '--serials',
  serials.join(','),
  '--action',
  'required',
];

const MOMENTS: Array<{
  name: string;
  spec: HoldSpec;
  /**
   * The journal entry's status the kill leaves behind and, when `settle`, what Apple holds once
   * its events finished before the restart (without settling, the restart meets a PENDING event).
   */
  left: { status: string; eventId: boolean; settle: boolean };
  /** Devices Apple holds a license for once the restart resumed. */
  appleHolds: number;
}> = [
  {
    name: 'journal written, nothing sent (first /assets/associate held on arrival)',
    spec: { path: '/assets/associate', phase: 'received' },
    left: { status: 'prepared', eventId: false, settle: true },
    appleHolds: 0,
  },
  {
    name: '/assets/associate received, its eventId never delivered',
    spec: { path: '/assets/associate', phase: 'answered' },
    left: { status: 'prepared', eventId: false, settle: true },
    appleHolds: LICENSES,
  },
  {
    name: 'event PENDING (status answer held)',
    spec: { path: '/status', phase: 'answered', when: statusIs('PENDING') },
    left: { status: 'sent', eventId: true, settle: false },
    appleHolds: LICENSES,
  },
  {
    name: 'event COMPLETE but not yet read',
    spec: { path: '/status', phase: 'answered', when: statusIs('COMPLETE') },
    left: { status: 'sent', eventId: true, settle: true },
    appleHolds: LICENSES,
  },
];

describe('SIGKILL during a deployment to serial numbers, then restart', () => {
  it.each(MOMENTS.map((m, i) => [m.name, m, i] as const))(
    'killed at: %s',
    async (_name, moment, i) => {
      const adamId = String(992000000 + i);
      freshApp(sim, LICENSES, adamId);
      expect(sim.asset(adamId)?.deviceAssignable).toBe(true);
      const serials = Array.from({ length: SERIALS }, (_, n) => `KILL${i}${String(n).padStart(7, '0')}`);
      const synced = await runCli(['sync'], kh.env);
      expect(synced.code, synced.stderr).toBe(0);

      expect(await cliKilledAt(sim, moment.spec, deployArgs(adamId, serials), kh.env)).toBe('SIGKILL');

      // Where the kill landed: one device write journaled, for as many devices as there are licenses.
      const [entry, ...more] = await journalOf(adamId);
      expect(more).toEqual([]);
      expect(entry).toMatchObject({
        kind: 'associate',
        holders: true,
        status: moment.left.status,
        serialNumbers: serials.slice(0, LICENSES),
      });
      expect(entry?.eventId !== null).toBe(moment.left.eventId);
      if (moment.left.settle) {
        // What Apple was doing when the app died finishes without the app.
        await expect.poll(() => sim.state().events.pending, { timeout: 10_000 }).toBe(0);
        expect(appleSerials(adamId)).toHaveLength(moment.appleHolds);
      }

      const syncsBefore = syncRequests(sim);
      await restartAndResume(sim, kh, async () => (await journalOf(adamId)).some(open));
      // The resume did it, not a sync rebuilding the cache from Apple.
      expect(syncRequests(sim)).toBe(syncsBefore);

      // After the resume, before any re-run: no open entry, and the cache holds what Apple holds.
      expect((await journalOf(adamId)).filter(open)).toEqual([]);
      const truth = appleSerials(adamId);
      expect(new Set(truth).size).toBe(truth.length);
      expect(truth).toHaveLength(moment.appleHolds);
      expect((await cachedSerials(adamId)).sort()).toEqual([...truth].sort());
      expect(sim.asset(adamId)).toMatchObject({
        assignedCount: moment.appleHolds,
        availableCount: LICENSES - moment.appleHolds,
      });

      // The admin runs it again: only what is still free is asked for, and the rest fails.
      const rerun = await runCli([...deployArgs(adamId, serials), '--json'], kh.env);
      expect(rerun.code, rerun.stderr).toBe(1);
      expect(JSON.parse(rerun.stdout)).toMatchObject({
        plan: {
          willAssign: LICENSES - moment.appleHolds,
          alreadyAssigned: moment.appleHolds,
          willFail: SERIALS - LICENSES,
        },
      });

      // Apple's counts: every license used once, each by a different device, none over.
      const final = appleSerials(adamId);
      expect(new Set(final).size).toBe(final.length);
      expect([...final].sort()).toEqual(serials.slice(0, LICENSES));
      expect((await cachedSerials(adamId)).sort()).toEqual([...final].sort());
      expect(sim.asset(adamId)).toMatchObject({ totalCount: LICENSES, assignedCount: LICENSES, availableCount: 0 });
      expect((await journalOf(adamId)).filter(open)).toEqual([]);
      expectNoOverAssignment(sim.associations, { adamId, atLeast: 1 });
    },
    60_000,
  );
});
