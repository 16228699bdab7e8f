// The twice-a-day schedule and the token-expiry reminders, on a hand-moved clock.
import fs from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Emitter } from '../../../../electron/core/base/emitter';
import { Store } from '../../../../electron/core/cache/store';
import { Scheduler } from '../../../../electron/core/sync/scheduler';
import { ManualClock } from '../../../helpers/clock';
import { tempDir } from '../../../helpers/tmp';
import type { Notice } from '../../../../electron/core/base';
import type { SyncEngine } from '../../../../electron/core/sync/engine';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let home: string;
let clock: ManualClock;
let store: Store;
let events: Emitter;
let run: ReturnType<typeof vi.fn>;
let scheduler: Scheduler;
let notices: Notice[];

beforeEach(async () => {
  home = await tempDir();
  clock = new ManualClock(new Date('2026-11-24T08:00:00Z'));
  store = await Store.open(home, clock);
  events = new Emitter();
  notices = [];
  events.on('notify', (n) => notices.push(n));
  run = vi.fn(async () => {
    await store.update((d) => {
      d.sync.lastSyncAt = clock.now().toISOString();
      d.sync.lastAttemptAt = d.sync.lastSyncAt;
    });
  });
  scheduler = new Scheduler({
    store,
    clock,
    sync: { run } as unknown as SyncEngine,
    events,
    canSync: () => store.data.token !== null,
  });
  await store.update((d) => {
    d.token = {
      label: 'Main',
      appleId: 'a@b.c',
      orgName: 'Org',
      locationName: 'Loc',
      countryCode: 'US',
      uId: '1',
      expiresAt: new Date(clock.now().getTime() + 200 * DAY).toISOString(),
      lastUpdatedAt: clock.now().toISOString(),
      appleState: 'valid',
    };
  });
});
afterEach(async () => {
  scheduler.stop();
  await fs.rm(home, { recursive: true, force: true });
});

describe('Scheduler', () => {
  it('syncs at start-up when never synced, then every 12 hours', async () => {
    await scheduler.tick('startup');
    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenLastCalledWith({ trigger: 'startup' });
    expect(scheduler.nextSyncAt()).toBe('2026-11-24T20:00:00.000Z');
    clock.advance(11 * HOUR);
    await scheduler.tick('schedule');
    expect(run).toHaveBeenCalledTimes(1);
    clock.advance(HOUR);
    await scheduler.tick('schedule');
    expect(run).toHaveBeenCalledTimes(2);
    expect(run).toHaveBeenLastCalledWith({ trigger: 'schedule' });
  });

  it('catches up at once after a long sleep (the next tick finds it overdue)', async () => {
    await scheduler.tick('startup');
    clock.advance(3 * DAY);
    await scheduler.tick('schedule');
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('waits half an hour after a failed attempt instead of hammering Apple', async () => {
    await scheduler.tick('startup');
    clock.advance(13 * HOUR);
    await store.update((d) => {
      d.sync.lastAttemptAt = clock.now().toISOString();
    });
    expect(Date.parse(scheduler.nextSyncAt() ?? '')).toBe(clock.now().getTime() + 30 * 60_000);
  });

  it('pauses while a token problem stands, and without a token', async () => {
    await store.update((d) => {
      d.sync.paused = 'The token is revoked.';
    });
    expect(scheduler.nextSyncAt()).toBeNull();
    await scheduler.tick('startup');
    expect(run).not.toHaveBeenCalled();
  });

  it('reminds at 30, 7 and 1 days left and at expiry, once each', async () => {
    const expiresAt = Date.parse(store.data.token?.expiresAt ?? '');
    const at = (daysLeft: number) => clock.set(new Date(expiresAt - daysLeft * DAY - HOUR));
    at(45);
    await scheduler.tick('schedule');
    expect(notices).toEqual([]);
    at(30);
    await scheduler.tick('schedule');
    await scheduler.tick('schedule');
    expect(notices.map((n) => n.body)).toEqual([expect.stringMatching(/expires in 30 days/)]);
    at(7);
    await scheduler.tick('schedule');
    at(1);
    await scheduler.tick('schedule');
    clock.set(new Date(expiresAt + HOUR));
    await scheduler.tick('schedule');
    expect(notices.map((n) => n.title)).toEqual([
      'VPP token expiring',
      'VPP token expiring',
      'VPP token expiring',
      'VPP token expired',
    ]);
    expect(notices[2]?.body).toMatch(/expires in 1 day\./);
  });
});
