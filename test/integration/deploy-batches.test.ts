// A deployment too large for one request goes to Apple in several (1,000 users each), whose answers come back
// together: each answer's change counts the app's holders as read ahead, never in one pass over every assignment
// inside the change (at a million assignments that pass held the window's thread ~25 ms of a 40-45 ms block).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appHolderSetsBuiltInOneCall } from '../../electron/core/views/app-holders';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { openWithToken, type TestCore } from '../helpers/core';
import { freshApp, holders, usersWithout } from '../helpers/org';
import { expectNoOverAssignment } from '../helpers/over-assign';

let sim: Simulator;
let t: TestCore;

beforeEach(async () => {
  sim = await startSimulator({ seed: 9, apps: 5, users: 6000, assignments: 500, eventDelayMs: 30 });
  t = await openWithToken(sim);
});
afterEach(async () => {
  await t.dispose();
  await sim.close();
});

describe('a deployment sent in several requests', () => {
  it('applies every answer with the holders read ahead, and assigns each license once', async () => {
    const { adamId } = freshApp(sim, 2500);
    await t.call('sync:now', { full: true });
    const users = usersWithout(sim, adamId, 'Associated', 2100);
    const before = sim.requests.filter((r) => r.path.endsWith('/assets/associate')).length;
    const oneCallBuilds = appHolderSetsBuiltInOneCall();
    const outcome = await t.call('deploy:run', { adamId, clientUserIds: users, action: 'required' });
    expect(sim.requests.filter((r) => r.path.endsWith('/assets/associate')).length - before).toBe(3);
    expect(outcome.rows.filter((r) => r.state === 'assigned')).toHaveLength(2100);
    expect(appHolderSetsBuiltInOneCall()).toBe(oneCallBuilds);
    expect(holders(sim, adamId)).toHaveLength(2100);
    expectNoOverAssignment(sim.associations, { adamId, atLeast: 3 });
  });
});
