// Licenses changed outside VPP Desk (another product, Apple Business Manager,
// a write whose answer was lost) are found by the next sync: deployment rows
// are set to what Apple holds, one activity line says so, and nothing is
// sent to Apple on the admin's behalf.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { openWithToken, type TestCore } from '../helpers/core';
import { freshApp, holders, usersWithout } from '../helpers/org';
import { write } from '../unit/simulator/helpers';

let sim: Simulator;
let t: TestCore;

beforeEach(async () => {
  sim = await startSimulator({ seed: 8, apps: 4, users: 80, assignments: 20, eventDelayMs: 10 });
  t = await openWithToken(sim);
});
afterEach(async () => {
  await t.dispose();
  await sim.close();
});

/** Another product writing straight to Apple with its own token of the same location. */
const elsewhere = (path: '/assets/associate' | '/assets/disassociate', adamId: string, ids: string[]) =>
  write(sim, sim.issueToken(), path, { assets: [{ adamId, pricingParam: 'STDQ' }], clientUserIds: ids });

const rowsOf = async (adamId: string) =>
  new Map((await t.call('deployments:query', { adamId, limit: 100 })).rows.map((r) => [r.clientUserId, r]));

describe('a sync sets deployment rows to what Apple holds', () => {
  it('a license removed elsewhere fails its row with a reason; one assigned elsewhere shows as assigned', async () => {
    const adamId = freshApp(sim, 2).adamId;
    await t.call('sync:now', { full: true });
    const [kept, removed, waiting] = usersWithout(sim, adamId, 'Associated', 3) as [string, string, string];
    await t.call('deploy:run', { adamId, clientUserIds: [kept, removed, waiting], action: 'required' });
    expect((await rowsOf(adamId)).get(waiting)).toMatchObject({ state: 'failed', reason: 'No licenses available.' });

    // Someone else moves a license from `removed` to `waiting`, straight at Apple.
    await elsewhere('/assets/disassociate', adamId, [removed]);
    await elsewhere('/assets/associate', adamId, [waiting]);
    const requestsBefore = sim.associations.length;
    await t.call('sync:now', { full: true });

    const rows = await rowsOf(adamId);
    expect(rows.get(kept)).toMatchObject({ state: 'assigned' });
    expect(rows.get(removed)).toMatchObject({
      state: 'failed',
      reason: 'Apple no longer holds this license (it was removed outside VPP Desk). Retry to assign it again.',
    });
    expect(rows.get(waiting)).toMatchObject({ state: 'assigned', reason: null });
    // Told once, naming the users; no license spent behind the admin's back.
    const log = (await t.call('activity:query', { limit: 20 })).rows.map((r) => r.message);
    expect(log).toContain(
      `Changed outside VPP Desk, rows now match Apple: license removed from ${removed}; license assigned to ${waiting}.`,
    );
    expect(sim.associations.length).toBe(requestsBefore);
    expect(holders(sim, adamId).sort()).toEqual([kept, waiting].sort());

    // A second sync finds nothing more to say.
    await t.call('sync:now', { full: true });
    const again = (await t.call('activity:query', { limit: 20 })).rows.filter((r) =>
      r.message.startsWith('Changed outside VPP Desk'),
    );
    expect(again).toHaveLength(1);
  });

  it('a license reclaimed by Uninstall and assigned again elsewhere says so on the row', async () => {
    const adamId = freshApp(sim, 1).adamId;
    await t.call('sync:now', { full: true });
    const [user] = usersWithout(sim, adamId, 'Associated', 1) as [string];
    await t.call('deploy:run', { adamId, clientUserIds: [user], action: 'required' });
    await t.call('deploy:run', { adamId, clientUserIds: [user], action: 'uninstall' });
    expect((await rowsOf(adamId)).get(user)).toMatchObject({ action: 'uninstall', state: 'reclaimed' });

    await elsewhere('/assets/associate', adamId, [user]);
    await t.call('sync:now', { full: true });
    expect((await rowsOf(adamId)).get(user)).toMatchObject({
      action: 'uninstall',
      state: 'failed',
      reason: 'Apple holds this license again (assigned outside VPP Desk). Uninstall again to reclaim it.',
    });
  });

  it('an Uninstall whose answer Apple misreported as failed is set reclaimed once a sync finds the license gone', async () => {
    const adamId = freshApp(sim, 1).adamId;
    await t.call('sync:now', { full: true });
    const [user] = usersWithout(sim, adamId, 'Associated', 1) as [string];
    await t.call('deploy:run', { adamId, clientUserIds: [user], action: 'required' });
    // Apple reclaims it, but its event answer says FAILED (quoting our header back, which is redacted).
    // Every poll (a PENDING answer passes unchanged and would use up a one-time fault).
    sim.faults.set({ kind: 'echo-auth', in: 'event', match: '/status', count: -1 });
    await t.call('deploy:run', { adamId, clientUserIds: [user], action: 'uninstall' });
    sim.faults.clear();
    expect((await rowsOf(adamId)).get(user)).toMatchObject({ action: 'uninstall', state: 'failed' });
    expect(holders(sim, adamId)).not.toContain(user);

    await t.call('sync:now', { full: false });
    expect((await rowsOf(adamId)).get(user)).toMatchObject({ action: 'uninstall', state: 'reclaimed', reason: null });
    const activity = await t.call('activity:query', { kind: 'deployment', limit: 5 });
    expect(activity.rows[0]?.message).toMatch(/whose Uninstall had failed/);
  });
});
