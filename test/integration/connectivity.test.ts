// The window shows Offline the moment a call fails because Apple cannot be
// reached: core flips app:info's online flag and emits state:changed
// ('connectivity'), which the window answers by refreshing app:info.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VppError } from '../../shared/errors';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { ManualClock } from '../helpers/clock';
import { openCore, type TestCore } from '../helpers/core';

let sim: Simulator;
let t: TestCore;
let reasons: string[];
let simClosed: boolean;

const unreachable = (e: unknown) => e instanceof VppError && e.code === 'APPLE_UNREACHABLE';

beforeEach(async () => {
  sim = await startSimulator({ seed: 11, apps: 3, users: 20, assignments: 5 });
  simClosed = false;
  // Sleeps return at once and time stands still: refused connections are retried without real waiting.
  t = await openCore(sim.url, { clock: new ManualClock(new Date()) });
  reasons = [];
  t.core.events.on('state:changed', (e) => reasons.push(e.reason));
});
afterEach(async () => {
  await t.dispose();
  if (!simClosed) await sim.close();
});

async function appleGoesAway(): Promise<void> {
  await sim.close();
  simClosed = true;
}

describe('connectivity', () => {
  it('a sync that cannot reach Apple flips online to false and tells the window at once', async () => {
    await t.call('token:import', {
      fileContent: sim.issueToken(),
      appleId: 'admin@example.edu',
      acceptAccountLock: true,
    });
    await t.call('sync:now', { full: true });
    expect((await t.call('app:info', {})).online).toBe(true);
    reasons.length = 0;

    await appleGoesAway();
    await expect(t.call('sync:now', { full: false })).rejects.toSatisfy(unreachable);
    expect(reasons).toContain('connectivity');
    expect((await t.call('app:info', {})).online).toBe(false);
  });

  it('a refusal made while offline does not clear the Offline flag', async () => {
    await t.call('token:import', {
      fileContent: sim.issueToken(),
      appleId: 'admin@example.edu',
      acceptAccountLock: true,
    });
    await t.call('sync:now', { full: true });
    const adamId = (await t.call('apps:query', {})).rows[0]?.adamId ?? '';
    const users = (await t.call('users:query', { limit: 1 })).rows.map((u) => u.clientUserId);
    await appleGoesAway();
    await expect(t.call('sync:now', { full: false })).rejects.toSatisfy(unreachable);
    reasons.length = 0;

    // Refused here, before Apple is asked: that says nothing about Apple.
    await expect(t.call('deploy:run', { adamId, clientUserIds: users, action: 'required' })).rejects.toSatisfy(
      (e: unknown) => e instanceof VppError && e.code === 'OFFLINE',
    );
    expect((await t.call('app:info', {})).online).toBe(false);
    expect(reasons).not.toContain('connectivity');
  });

  it('a token upload that cannot reach Apple flips online to false too', async () => {
    const token = sim.issueToken();
    await appleGoesAway();
    await expect(
      t.call('token:import', { fileContent: token, appleId: 'admin@example.edu', acceptAccountLock: true }),
    ).rejects.toSatisfy(unreachable);
    expect(reasons).toContain('connectivity');
    expect((await t.call('app:info', {})).online).toBe(false);
  });
});
