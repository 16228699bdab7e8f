// Deployments through the real core against the simulator: licenses never
// over-assigned, terms gate them, Uninstall reclaims, syncs complete waiting rows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appHolderSetsBuiltInOneCall } from '../../electron/core/views/app-holders';
import { VppError } from '../../shared/errors';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { openWithToken, type TestCore } from '../helpers/core';
import { editMain } from '../helpers/main-file';
import { freshApp, holders, usersWithout } from '../helpers/org';
import { associatedIds, expectNoOverAssignment } from '../helpers/over-assign';

let sim: Simulator;
let t: TestCore;

beforeEach(async () => {
  sim = await startSimulator({ seed: 4, apps: 10, users: 300, assignments: 200, eventDelayMs: 30 });
  t = await openWithToken(sim);
});
afterEach(async () => {
  await t.dispose();
  await sim.close();
});

async function syncedApp(licenses: number): Promise<string> {
  const app = freshApp(sim, licenses);
  await t.call('sync:now', { full: true });
  return app.adamId;
}

const rowsOf = async (adamId: string) => (await t.call('deployments:query', { adamId, limit: 5000 })).rows;

describe('deploy Required', () => {
  it('assigns exactly the available licenses; the rest fail "No licenses available" or wait for the terms', async () => {
    const adamId = await syncedApp(3);
    const accepted = usersWithout(sim, adamId, 'Associated', 5);
    const pending = usersWithout(sim, adamId, 'Registered', 2);
    const oneCallBuilds = appHolderSetsBuiltInOneCall();
    const plan = await t.call('deploy:plan', { adamId, clientUserIds: [...accepted, ...pending], action: 'required' });
    expect(plan).toMatchObject({ users: 7, licensesAvailable: 3, willAssign: 3, pendingTerms: 2, willFail: 2 });
    expect(holders(sim, adamId)).toEqual([]); // a plan sends nothing

    const outcome = await t.call('deploy:run', {
      adamId,
      clientUserIds: [...accepted, ...pending],
      action: 'required',
    });
    const byUser = new Map(outcome.rows.map((r) => [r.clientUserId, r]));
    expect(accepted.slice(0, 3).map((id) => byUser.get(id)?.state)).toEqual(['assigned', 'assigned', 'assigned']);
    expect(accepted.slice(3).map((id) => byUser.get(id)?.reason)).toEqual([
      'No licenses available.',
      'No licenses available.',
    ]);
    expect(accepted.slice(3).map((id) => byUser.get(id)?.state)).toEqual(['failed', 'failed']);
    // The plans and the change applying Apple's answer counted the app's holders read ahead, never in one call.
    expect(appHolderSetsBuiltInOneCall()).toBe(oneCallBuilds);
    expect(pending.map((id) => byUser.get(id)?.state)).toEqual(['pending-terms', 'pending-terms']);
    expect(pending.map((id) => byUser.get(id)?.termsStatus)).toEqual(['pending', 'pending']);
    expect(holders(sim, adamId).sort()).toEqual(accepted.slice(0, 3).sort());
    expect(sim.asset(adamId)).toMatchObject({ assignedCount: 3, availableCount: 0 });
    const app = (await t.call('apps:query', { search: adamId })).rows[0];
    expect(app).toMatchObject({ assignedCount: 3, availableCount: 0, deploymentCount: 7 });
    // The app itself asked for 3, not 5: Apple's counts above would look the same if it had sent everyone.
    expectNoOverAssignment(sim.associations, { adamId, atLeast: 1 });
    expect(associatedIds(sim.associations, adamId).sort()).toEqual(accepted.slice(0, 3).sort());
  });

  it('after the terms are accepted and licenses bought, a sync completes the waiting rows, oldest first', async () => {
    const adamId = await syncedApp(1);
    const accepted = usersWithout(sim, adamId, 'Associated', 2);
    const pending = usersWithout(sim, adamId, 'Registered', 1);
    await t.call('deploy:run', { adamId, clientUserIds: [...accepted, ...pending], action: 'required' });
    expect(holders(sim, adamId)).toEqual([accepted[0]]);

    sim.acceptTerms(pending[0] as string);
    sim.buyLicenses(adamId, 'STDQ', 1);
    await t.call('sync:now', { full: false });
    const after = new Map((await rowsOf(adamId)).map((r) => [r.clientUserId, r.state]));
    // One new license for two waiting users: the older row (accepted[1], failed first) gets it.
    expect(after.get(accepted[1] as string)).toBe('assigned');
    expect(after.get(pending[0] as string)).toBe('failed');
    expect(holders(sim, adamId).length).toBe(2);
    sim.buyLicenses(adamId, 'STDQ', 5);
    await t.call('sync:now', { full: false });
    expect((await rowsOf(adamId)).every((r) => r.state === 'assigned')).toBe(true);
    expect(sim.asset(adamId)).toMatchObject({ totalCount: 7, assignedCount: 3, availableCount: 4 });
    expectNoOverAssignment(sim.associations, { adamId, atLeast: 3 });
  });

  it('registers unknown users, who wait for the terms with an invitation link after the next sync', async () => {
    const adamId = await syncedApp(2);
    const outcome = await t.call('deploy:run', {
      adamId,
      clientUserIds: ['new-user-1', 'new-user-2'],
      action: 'required',
    });
    expect(outcome.plan.toRegister).toBe(2);
    expect(outcome.rows.map((r) => r.state)).toEqual(['pending-terms', 'pending-terms']);
    expect(sim.user('new-user-1')?.status).toBe('Registered');
    expect(holders(sim, adamId)).toEqual([]);
    await t.call('sync:now', { full: false });
    const user = (await t.call('users:query', { search: 'new-user-1' })).rows[0];
    expect(user?.termsStatus).toBe('pending');
    expect(user?.inviteUrl).toBeTruthy();
  });

  it('reads Apple’s counts before spending licenses when another product used some behind our back: never asks for more than are free', async () => {
    const adamId = await syncedApp(2);
    const [mine1, mine2, theirs] = usersWithout(sim, adamId, 'Associated', 3) as [string, string, string];
    // Someone else takes one license straight at Apple; our cache still says 2 free.
    const token = sim.issueToken();
    const { eventId } = (await fetch(`${sim.url}/assets/associate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ assets: [{ adamId, pricingParam: 'STDQ' }], clientUserIds: [theirs] }),
    }).then((r) => r.json())) as { eventId: string };
    await expect
      .poll(
        async () =>
          (
            (await fetch(`${sim.url}/status?eventId=${eventId}`, {
              headers: { authorization: `Bearer ${token}` },
            }).then((r) => r.json())) as { eventStatus: string }
          ).eventStatus,
      )
      .toBe('COMPLETE');
    const oneCallBuilds = appHolderSetsBuiltInOneCall();
    const outcome = await t.call('deploy:run', { adamId, clientUserIds: [mine1, mine2], action: 'required' });
    const states = outcome.rows.map((r) => r.state).sort();
    expect(states).toEqual(['assigned', 'failed']);
    // Planned again after the counts changed the cache: with the app's holders read ahead again, not in one call.
    expect(appHolderSetsBuiltInOneCall()).toBe(oneCallBuilds);
    expect(outcome.rows.find((r) => r.state === 'failed')?.reason).toBe('No licenses available.');
    expect(sim.asset(adamId)).toMatchObject({ assignedCount: 2, availableCount: 0 });
    // The cache said 2 free; Apple had 1: the app asked for 1 (a stale count used to ask for 2 and lean on Apple's 9709).
    expectNoOverAssignment(sim.associations, { adamId, atLeast: 1 });
    expect(associatedIds(sim.associations, adamId).filter((id) => id !== theirs)).toHaveLength(1);
  });

  it('reads Apple’s counts when the cache says none are left: licenses bought since the last sync are used at once', async () => {
    const adamId = await syncedApp(1);
    const [first, second, third] = usersWithout(sim, adamId, 'Associated', 3) as [string, string, string];
    await t.call('deploy:run', { adamId, clientUserIds: [first], action: 'required' });
    // The cache now says none left; the admin buys two more and deploys before any sync.
    sim.buyLicenses(adamId, 'STDQ', 2);
    const before = sim.requests.length;
    const outcome = await t.call('deploy:run', { adamId, clientUserIds: [second, third], action: 'required' });
    expect(outcome.rows.map((r) => r.state)).toEqual(['assigned', 'assigned']);
    expect(
      sim.requests.slice(before).filter((r) => r.path.endsWith('/assets') && r.query.adamId === adamId),
    ).toHaveLength(1);
    expect(holders(sim, adamId).sort()).toEqual([first, second, third].sort());
    expectNoOverAssignment(sim.associations, { adamId, atLeast: 2 });
  });
});

describe('retry', () => {
  it('retries failed rows once licenses exist, and skips retired users a retry cannot help', async () => {
    const adamId = await syncedApp(1);
    const [first, second] = usersWithout(sim, adamId, 'Associated', 2) as [string, string];
    const [retired] = sim.usersByStatus('Retired', 1).map((u) => u.clientUserId) as [string];
    await t.call('deploy:run', { adamId, clientUserIds: [first, second, retired], action: 'required' });
    const failed = (await rowsOf(adamId)).filter((r) => r.state === 'failed');
    expect(failed.map((r) => r.clientUserId).sort()).toEqual([second, retired].sort());
    sim.buyLicenses(adamId, 'STDQ', 1);
    await t.call('sync:now', { full: false });
    // The sync already gave the new license to the waiting user; a retry of the retired one is refused.
    expect((await rowsOf(adamId)).find((r) => r.clientUserId === second)?.state).toBe('assigned');
    await expect(
      t.call('deployments:retry', { rows: [{ adamId, pricingParam: 'STDQ', clientUserId: retired }] }),
    ).rejects.toThrow(/retired/);
    expect(holders(sim, adamId).sort()).toEqual([first, second].sort());
    expectNoOverAssignment(sim.associations, { adamId, atLeast: 2 });
  });
});

describe('resuming writes', () => {
  it('a journaled write whose event Apple no longer knows (9708) is reconciled and finished', async () => {
    const adamId = await syncedApp(2);
    const users = usersWithout(sim, adamId, 'Associated', 2);
    await t.core.stop();
    // As a crash would leave it: rows assigning, the write journaled as sent with an eventId Apple does not know.
    const now = new Date().toISOString();
    await editMain(t.home, (main) => {
      main.journal.push({
        id: 'j-1',
        kind: 'associate',
        adamId,
        pricingParam: 'STDQ',
        clientUserIds: users,
        status: 'sent',
        eventId: 'no-such-event',
        createdAt: now,
        updatedAt: now,
        error: null,
      });
      for (const id of users)
        main.deployments.push({
          adamId,
          pricingParam: 'STDQ',
          clientUserId: id,
          action: 'required',
          state: 'assigning',
          reason: null,
          createdAt: now,
          updatedAt: now,
          journalId: 'j-1',
        });
    });
    t = await t.reopen();
    await t.call('sync:now', { full: false });
    expect((await rowsOf(adamId)).map((r) => r.state)).toEqual(['assigned', 'assigned']);
    expect(holders(sim, adamId).sort()).toEqual([...users].sort());
    expectNoOverAssignment(sim.associations, { adamId, atLeast: 1 });
    const activity = (await t.call('activity:query', {})).rows.map((r) => r.message);
    expect(activity.some((m) => /Resumed an interrupted license assignment for 2 users: 0 confirmed/.test(m))).toBe(
      true,
    );
  });
});

describe('deploy Uninstall', () => {
  it('reclaims the license once Apple confirms, and the newest action wins', async () => {
    const adamId = await syncedApp(2);
    const users = usersWithout(sim, adamId, 'Associated', 2);
    await t.call('deploy:run', { adamId, clientUserIds: users, action: 'required' });
    expect(sim.asset(adamId)?.availableCount).toBe(0);
    const outcome = await t.call('deploy:run', { adamId, clientUserIds: [users[0] as string], action: 'uninstall' });
    expect(outcome.plan.willReclaim).toBe(1);
    expect(outcome.rows[0]).toMatchObject({ action: 'uninstall', state: 'reclaimed' });
    expect(sim.asset(adamId)).toMatchObject({ assignedCount: 1, availableCount: 1 });
    expect((await t.call('apps:query', { search: adamId })).rows[0]?.availableCount).toBe(1);
    const rows = await rowsOf(adamId);
    expect(rows).toHaveLength(2);
    const activity = (await t.call('activity:query', {})).rows.map((r) => r.kind);
    expect(activity).toEqual(expect.arrayContaining(['license-assigned', 'license-reclaimed', 'deployment']));
    expectNoOverAssignment(sim.associations, { adamId, atLeast: 1 });
  });
});

describe('offline', () => {
  it('plans offline but refuses to send, saying why', async () => {
    const adamId = await syncedApp(2);
    const users = usersWithout(sim, adamId, 'Associated', 1);
    await sim.close();
    await expect(t.call('sync:now', { full: false })).rejects.toSatisfy(
      (e: unknown) => e instanceof VppError && e.code === 'APPLE_UNREACHABLE',
    );
    const info = await t.call('app:info', {});
    expect(info.online).toBe(false);
    expect(info.dataAsOf).not.toBeNull();
    const plan = await t.call('deploy:plan', { adamId, clientUserIds: users, action: 'required' });
    expect(plan.willAssign).toBe(1);
    await expect(t.call('deploy:run', { adamId, clientUserIds: users, action: 'required' })).rejects.toSatisfy(
      (e: unknown) => e instanceof VppError && e.code === 'OFFLINE' && /offline/i.test(e.message),
    );
    expect((await t.call('apps:query', {})).total).toBeGreaterThan(0);
    sim = await startSimulator({ seed: 4 }); // for afterEach
  }, 60_000);

  it('refuses an unknown app with exit-2 style validation and sends nothing', async () => {
    await t.call('sync:now', { full: true });
    const before = sim.requests.length;
    await expect(t.call('deploy:run', { adamId: '12345', clientUserIds: ['a'], action: 'required' })).rejects.toSatisfy(
      (e: unknown) => e instanceof VppError && e.code === 'UNKNOWN_APP',
    );
    expect(sim.requests.length).toBe(before);
  });
});
