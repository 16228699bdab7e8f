// License insight through the real core against the simulator, with a clock
// the test moves: licenses assigned over several syncs build the history, the
// forecast follows their pace, and a low-stock crossing alerts exactly once.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { ManualClock } from '../helpers/clock';
import { openCore, type TestCore } from '../helpers/core';
import { freshApp, usersWithout } from '../helpers/org';
import type { Notice } from '../../electron/core/base/emitter';

const DAY = 86_400_000;
let sim: Simulator;
let t: TestCore;
let clock: ManualClock;
let notices: Notice[];

beforeEach(async () => {
  sim = await startSimulator({ seed: 6, apps: 4, users: 200, assignments: 10, eventDelayMs: 5 });
  clock = new ManualClock(new Date());
  t = await openCore(sim.url, { clock });
  await t.call('token:import', {
    fileContent: sim.issueToken(),
    appleId: 'admin@example.edu',
    acceptAccountLock: true,
  });
  notices = [];
  t.core.events.on('notify', (n) => notices.push(n));
});
afterEach(async () => {
  await t.dispose();
  await sim.close();
});

describe('license insight', () => {
  it('records history per sync, forecasts from the pace, and alerts once per crossing', async () => {
    const { adamId } = freshApp(sim, 30);
    await t.call('sync:now', { full: true });
    const users = usersWithout(sim, adamId, 'Associated', 46);
    const before = notices.length;
    const lowStockEntries = async () =>
      (await t.call('activity:query', { kind: 'low-stock', adamId, limit: 100 })).rows.length;

    // Two licenses a day for ten days, one sync a day.
    for (let day = 1; day <= 10; day++) {
      clock.advance(DAY);
      await t.call('deploy:run', { adamId, clientUserIds: users.slice(2 * day - 2, 2 * day), action: 'required' });
      await t.call('sync:now', { full: false });
    }
    const history = await t.call('insight:history', { adamId });
    expect(history.map((r) => r.used)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(history.every((r) => r.purchased === 30 && r.available === 30 - r.used)).toBe(true);
    const insight = await t.call('insight:app', { adamId });
    expect(insight.forecast).toMatchObject({ trend: 'depleting', perDay: 2, runsOutInDays: 5, buyToLast: 170 });
    expect(insight.forecast.runOutWords).toBe('Runs out in about 5 days');
    expect(await lowStockEntries()).toBe(0);
    expect(notices.length).toBe(before);

    // Days 11-14: it crosses the default threshold (5 left) on day 13 and stays low.
    for (let day = 11; day <= 14; day++) {
      clock.advance(DAY);
      await t.call('deploy:run', { adamId, clientUserIds: users.slice(2 * day - 2, 2 * day), action: 'required' });
      await t.call('sync:now', { full: false });
    }
    expect(await lowStockEntries()).toBe(1);
    expect(notices.length - before).toBe(1);
    expect(notices.at(-1)?.title).toMatch(/^Licenses running low/);
    const alerts = await t.call('insight:alerts', {});
    expect(alerts.alerts.find((a) => a.adamId === adamId)).toMatchObject({ available: 2, purchased: 30, threshold: 5 });

    // Buying more re-arms it; running low again is a second crossing.
    sim.buyLicenses(adamId, 'STDQ', 20);
    clock.advance(DAY);
    await t.call('sync:now', { full: false });
    expect(await lowStockEntries()).toBe(1);
    clock.advance(DAY);
    await t.call('deploy:run', { adamId, clientUserIds: users.slice(28, 46), action: 'required' });
    await t.call('sync:now', { full: false });
    expect(await lowStockEntries()).toBe(2);
    expect(notices.length - before).toBe(2);
  });

  it('a sync that finds Apple’s apps unchanged leaves the history unread; a change of counts is recorded', async () => {
    const { adamId } = freshApp(sim, 10);
    await t.call('sync:now', { full: true });
    const file = path.join(t.home, 'vpp-desk-history.json');
    // Spoilt where only a read would notice: a read sets an unreadable history aside and starts a new one.
    await fs.writeFile(file, 'not a history');
    clock.advance(DAY);
    await t.call('sync:now', { full: false });
    expect(await fs.readFile(file, 'utf8')).toBe('not a history');
    sim.buyLicenses(adamId, 'STDQ', 5);
    clock.advance(DAY);
    await t.call('sync:now', { full: false });
    expect((await fs.readdir(t.home)).some((f) => f.startsWith('vpp-desk-history.json.corrupt-'))).toBe(true);
    const history = await t.call('insight:history', { adamId });
    expect(history.at(-1)).toMatchObject({ purchased: 15, available: 15 });
  });

  it('alerts a crossing made by a rule change after syncs that changed nothing', async () => {
    const { adamId } = freshApp(sim, 10);
    await t.call('sync:now', { full: true });
    await t.call('sync:now', { full: false });
    const before = notices.length;
    const entries = async () =>
      (await t.call('activity:query', { kind: 'low-stock', adamId, limit: 10 })).rows.filter((r) =>
        r.message.includes('licenses left of'),
      );
    // Ten left of ten: low under "10 left", with the same counts the last check saw.
    await t.call('insight:rule', { adamId, pricingParam: 'STDQ', rule: '10' });
    expect(notices.length - before).toBe(1);
    expect(await entries()).toHaveLength(1);
    await t.call('sync:now', { full: false });
    expect(await entries()).toHaveLength(1);
  });

  it('many apps crossing at once (a first sync) make one activity line and one notice, naming a few', async () => {
    // Three licenses, none used: low under the default rule (5 left). With the seeded apps, over 25 at once.
    for (let i = 0; i < 30; i++) freshApp(sim, 3, String(990000100 + i));
    await t.call('sync:now', { full: true });
    const lines = (await t.call('activity:query', { kind: 'low-stock', limit: 100 })).rows;
    expect(lines).toHaveLength(1);
    expect(lines[0]?.message).toMatch(/^\d+ apps reached their low-stock thresholds: [^:]+ and \d+ more\. /);
    expect(lines[0]?.adamId).toBeNull();
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body).toMatch(/ and \d+ more reached their low-stock thresholds/);
    const alerts = await t.call('insight:alerts', {});
    expect(alerts.alerts.length).toBeGreaterThanOrEqual(30);
  });

  it('logs each license change per user with its source and the OS user, failures as failures', async () => {
    const { adamId } = freshApp(sim, 2);
    await t.call('sync:now', { full: true });
    const users = usersWithout(sim, adamId, 'Associated', 3);
    await t.call('deploy:run', { adamId, clientUserIds: users, action: 'required' });
    const assigned = await t.call('activity:query', { kind: 'license-assigned', adamId, limit: 100 });
    expect(assigned.rows.map((r) => r.clientUserId).sort()).toEqual(users.slice(0, 2).sort());
    expect(assigned.rows.every((r) => r.source === 'cli' && typeof r.actor === 'string' && r.actor !== '')).toBe(true);
    const failed = await t.call('activity:query', { kind: 'license-failed', clientUserId: users[2], limit: 100 });
    expect(failed.rows).toHaveLength(1);
    expect(failed.rows[0]?.message).toMatch(/No licenses available/);
    const syncs = await t.call('activity:query', { kind: 'sync', source: 'cli', limit: 100 });
    expect(syncs.total).toBeGreaterThan(0);
    const report = await t.call('insight:report', {});
    expect(report.html).toContain('License report');
    expect(report.html).toContain(adamId);
  });
});
