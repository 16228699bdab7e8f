// What the deploy runner itself decides and records, through the real core
// against the simulator: the activity it logs for a run and for each user
// turned away, duplicate ids, and ids that only look like a known user's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VppError } from '../../shared/errors';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { openCore, type TestCore } from '../helpers/core';
import { freshApp, holders, usersWithout } from '../helpers/org';

let sim: Simulator;
let t: TestCore;

beforeEach(async () => {
  sim = await startSimulator({ seed: 4, apps: 10, users: 300, assignments: 200, eventDelayMs: 30 });
  t = await openCore(sim.url);
  await t.call('token:import', {
    fileContent: sim.issueToken(),
    appleId: 'admin@example.edu',
    acceptAccountLock: true,
  });
});
afterEach(async () => {
  await t.dispose();
  await sim.close();
});

async function syncedApp(licenses: number): Promise<{ adamId: string; name: string }> {
  const app = freshApp(sim, licenses);
  await t.call('sync:now', { full: true });
  const row = (await t.call('apps:query', { search: app.adamId })).rows[0];
  if (!row) throw new Error('app not synced');
  return { adamId: app.adamId, name: row.name };
}

const activity = async (adamId: string) => (await t.call('activity:query', { adamId, limit: 500 })).rows;

describe('the deploy runner', () => {
  it('logs each run once, and each user turned away for lack of licenses once, under the app and the user', async () => {
    const { adamId, name } = await syncedApp(1);
    const users = usersWithout(sim, adamId, 'Associated', 3);
    const pending = usersWithout(sim, adamId, 'Registered', 1);

    await t.call('deploy:run', { adamId, clientUserIds: [...users, ...pending], action: 'required' });

    const first = await activity(adamId);
    expect(first.filter((a) => a.kind === 'deployment').map((a) => a.message)).toEqual([
      `Required: ${name} for 4 users: 1 to assign, 0 already assigned, 1 waiting for the terms, 2 will fail.`,
    ]);
    const failed = first.filter((a) => a.kind === 'license-failed');
    expect(failed.map((a) => [a.clientUserId, a.message]).sort()).toEqual(
      users
        .slice(1)
        .map((id) => [id, `${name} could not be assigned to ${id}: No licenses available.`])
        .sort(),
    );
    expect(failed.every((a) => a.adamId === adamId)).toBe(true);

    // The same request again: a second run is logged, but nobody's row changed, so no failure is logged twice.
    await t.call('deploy:run', { adamId, clientUserIds: users, action: 'required' });
    const second = await activity(adamId);
    expect(second.filter((a) => a.kind === 'deployment').map((a) => a.message)).toContain(
      `Required: ${name} for 3 users: 0 to assign, 1 already assigned, 0 waiting for the terms, 2 will fail.`,
    );
    expect(second.filter((a) => a.kind === 'license-failed')).toHaveLength(2);
  });

  it('logs an Uninstall run with the licenses it reclaims', async () => {
    const { adamId, name } = await syncedApp(2);
    const users = usersWithout(sim, adamId, 'Associated', 2);
    await t.call('deploy:run', { adamId, clientUserIds: users, action: 'required' });
    await t.call('deploy:run', { adamId, clientUserIds: [users[0] as string], action: 'uninstall' });
    const runs = (await activity(adamId)).filter((a) => a.kind === 'deployment').map((a) => a.message);
    expect(runs).toContain(`Uninstall: ${name} for 1 user: 1 license to reclaim.`);
  });

  it('counts and answers each user once when the request names them twice', async () => {
    const { adamId } = await syncedApp(3);
    const [a, b] = usersWithout(sim, adamId, 'Associated', 2) as [string, string];
    const outcome = await t.call('deploy:run', { adamId, clientUserIds: [a, b, a], action: 'required' });
    expect(outcome.plan).toMatchObject({ users: 2, willAssign: 2 });
    expect(outcome.rows.map((r) => r.clientUserId)).toEqual([a, b]);
    expect(outcome.rows.map((r) => r.state)).toEqual(['assigned', 'assigned']);
    expect(holders(sim, adamId).sort()).toEqual([a, b].sort());
  });

  it('refuses ids that only differ in case from a known user’s, sending nothing, unless told to register them', async () => {
    const { adamId } = await syncedApp(2);
    const [known] = usersWithout(sim, adamId, 'Associated', 1) as [string];
    const lookalike = known.toUpperCase();
    expect(lookalike).not.toBe(known);
    const before = sim.requests.length;

    await expect(t.call('deploy:run', { adamId, clientUserIds: [lookalike], action: 'required' })).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof VppError &&
        e.code === 'VALIDATION' &&
        e.message.includes(`"${lookalike}" (did you mean "${known}"?)`),
    );
    expect(sim.requests.length).toBe(before);
    expect(await t.call('deployments:query', { adamId, limit: 50 })).toMatchObject({ rows: [] });

    // Confirmed: registered as a new Apple user, who then waits for the terms.
    const outcome = await t.call('deploy:run', {
      adamId,
      clientUserIds: [lookalike],
      action: 'required',
      registerLookalikes: true,
    });
    expect(outcome.plan.toRegister).toBe(1);
    expect(outcome.rows.map((r) => [r.clientUserId, r.state])).toEqual([[lookalike, 'pending-terms']]);
    expect(sim.user(lookalike)?.status).toBe('Registered');
  });

  it('retries a confirmed look-alike whose registration Apple refused without asking again', async () => {
    const { adamId } = await syncedApp(2);
    const [known] = usersWithout(sim, adamId, 'Associated', 1) as [string];
    const lookalike = known.toUpperCase();
    sim.faults.set({ kind: 'error-200', errorNumber: 9602, match: '/users/create', count: 1 });
    await t.call('deploy:run', { adamId, clientUserIds: [lookalike], action: 'required', registerLookalikes: true });
    const row = (await t.call('deployments:query', { adamId, limit: 50 })).rows[0];
    expect(row).toMatchObject({ clientUserId: lookalike, state: 'failed' });
    expect(sim.user(lookalike)).toBeUndefined();

    // The admin confirmed the id when it was first deployed: a retry registers it.
    const retried = await t.call('deployments:retry', {
      rows: [{ adamId, pricingParam: 'STDQ', clientUserId: lookalike }],
    });
    expect(retried.rows.map((r) => [r.clientUserId, r.state])).toEqual([[lookalike, 'pending-terms']]);
    expect(sim.user(lookalike)?.status).toBe('Registered');
  });
});
