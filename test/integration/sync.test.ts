// Sync through the real core against the simulator: full, incremental, and
// each fault switch recovering or failing cleanly with the cache unchanged.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/core/base/clock';
import { ProcessLock } from '../../electron/core/base/process-lock';
import { Store } from '../../electron/core/cache';
import { VppError } from '../../shared/errors';
import { startSimulator, type Fault, type Simulator } from '../fakes/apple-simulator';
import { openCore, type TestCore } from '../helpers/core';

let sim: Simulator;
let t: TestCore;

async function setup(
  size: { apps?: number; users?: number; assignments?: number; pageSize?: number } = {},
): Promise<void> {
  sim = await startSimulator({
    seed: 3,
    apps: 30,
    users: 600,
    assignments: 900,
    pageSize: 100,
    eventDelayMs: 20,
    ...size,
  });
  t = await openCore(sim.url);
  await t.call('token:import', {
    fileContent: sim.issueToken(),
    appleId: 'admin@example.edu',
    acceptAccountLock: true,
  });
}

beforeEach(async () => {
  await setup();
});
afterEach(async () => {
  await t.dispose();
  await sim.close();
});

/**
 * Everything of Apple's a sync could change: the snapshot file in force (name
 * and bytes: Apple's data lives there, not in the main file), the snapshot
 * files present, and what the app shows of apps, users and assignments.
 */
async function everything(c: TestCore) {
  const mainBytes = await fs.readFile(path.join(c.home, 'vpp-desk-cache.json'), 'utf8');
  const { snapshotFile } = JSON.parse(mainBytes) as { snapshotFile: string | null };
  if (snapshotFile === null) throw new Error('no snapshot in force: sync first');
  return {
    snapshotFile,
    snapshotBytes: await fs.readFile(path.join(c.home, snapshotFile)),
    snapshots: (await fs.readdir(c.home)).filter((f) => f.startsWith('vpp-desk-snapshot-')).sort(),
    apps: await c.call('apps:query', { limit: 5000 }),
    users: await c.call('users:query', { limit: 5000 }),
    assignments: await c.call('assignments:query', { limit: 5000 }),
  };
}

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as VppError,
  );

describe('sync', () => {
  it('full sync fills apps, users and assignments with Apple’s counts and names', async () => {
    const summary = await t.call('sync:now', { full: false });
    expect(summary).toMatchObject({
      mode: 'full',
      assets: sim.state().assets,
      users: sim.state().users,
      assignments: sim.state().assignments,
    });
    const apps = await t.call('apps:query', { limit: 5000 });
    expect(apps.total).toBe(sim.state().assets);
    for (const app of apps.rows) {
      const truth = sim.asset(app.adamId, app.pricingParam);
      expect(app).toMatchObject({
        totalCount: truth?.totalCount,
        assignedCount: truth?.assignedCount,
        availableCount: truth?.availableCount,
      });
      expect(app.totalCount).toBe(app.assignedCount + app.availableCount);
    }
    // Names follow from Apple's store lookup just after the licenses.
    await expect
      .poll(async () => (await t.call('apps:query', { limit: 5000 })).rows.filter((a) => a.name === a.adamId).length)
      .toBe(0);
    const users = await t.call('users:query', { limit: 5000 });
    expect(new Set(users.rows.map((u) => u.termsStatus))).toEqual(new Set(['accepted', 'pending', 'retired']));
    const pending = users.rows.find((u) => u.termsStatus === 'pending');
    expect(pending?.inviteUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.+/);
    const status = await t.call('token:status', {});
    expect(status.lastSyncAt).not.toBeNull();
  });

  it("keeps the apps in the apps view's order (by name) from the first sync that reads them with names known", async () => {
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    // As a fresh process (the CLI) reads them from disk.
    const namesOnDisk = async () => {
      const store = await Store.open(t.home, systemClock);
      return store.data.assets.map((a) => store.data.appNames[a.adamId] ?? a.adamId);
    };
    const inOrder = (names: string[]) =>
      names.every((n, k) => k === 0 || collator.compare(names[k - 1] as string, n) <= 0);
    await t.call('sync:now', { full: true });
    await expect.poll(async () => (await namesOnDisk()).every((n) => !/^\d+$/.test(n))).toBe(true);
    // Apple lists the apps in an order of its own: the simulator's is not by name.
    expect(sim.state().assets).toBeGreaterThan(10);
    expect(inOrder(await namesOnDisk())).toBe(false);
    // Apple's apps change (licenses bought), so the next sync reads them again, in Apple's order.
    sim.buyLicenses((sim.listAssets()[0] as { adamId: string }).adamId, 'STDQ', 5);
    await t.call('sync:now', { full: false });
    expect(inOrder(await namesOnDisk())).toBe(true);
    // The view lists them in that same order.
    expect((await t.call('apps:query', { limit: 5000 })).rows.map((a) => a.name)).toEqual(await namesOnDisk());
  });

  it('incremental sync with no changes makes at most 4 requests and keeps the data', async () => {
    await t.call('sync:now', { full: false });
    const before = sim.requests.length;
    const summary = await t.call('sync:now', { full: false });
    expect(summary.mode).toBe('incremental');
    expect(sim.requests.length - before).toBeLessThanOrEqual(4);
    expect(summary.users).toBe(sim.state().users);
  });

  it('incremental sync picks up a user who accepted the terms', async () => {
    await t.call('sync:now', { full: false });
    const [registered] = sim.usersByStatus('Registered', 1);
    if (!registered) throw new Error('seed has no Registered user');
    sim.acceptTerms(registered.clientUserId);
    await t.call('sync:now', { full: false });
    const page = await t.call('users:query', { search: registered.clientUserId });
    expect(page.rows[0]?.termsStatus).toBe('accepted');
  });

  it('two callers at once share one sync (single flight)', async () => {
    const configCalls = () => sim.requests.filter((r) => r.path.endsWith('/client/config')).length;
    const before = configCalls();
    const [a, b] = await Promise.all([t.call('sync:now', { full: true }), t.call('sync:now', { full: true })]);
    expect(a).toEqual(b);
    expect(configCalls() - before).toBe(1);
  });

  it('a sync held by another live process is refused with a clear message', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    const lock = new ProcessLock(t.home, 'sync');
    await lock.acquire('x', new Date());
    // Rewrite the lock as the other process's.
    const fs = await import('node:fs/promises');
    await fs.writeFile(
      `${t.home}/sync.lock`,
      JSON.stringify({ pid: other.pid, purpose: 'sync (cli)', since: new Date().toISOString() }),
    );
    const err = await errorOf(t.call('sync:now', { full: false }));
    other.kill();
    expect(err?.code).toBe('SYNC_RUNNING');
    expect(err?.message).toMatch(/already running/);
  });

  it('a corrupt cache is set aside and rebuilt: token details come back from the keychain, data from Apple', async () => {
    await t.call('sync:now', { full: false });
    const before = await t.call('token:status', {});
    const fs = await import('node:fs/promises');
    await t.core.stop();
    // Both the main file and its last good copy are lost: only the keychain and Apple remain.
    await fs.writeFile(`${t.home}/vpp-desk-cache.json`, '{"schemaVersion": 1, "token": {');
    await fs.writeFile(`${t.home}/vpp-desk-cache.last-good.json`, '{"schemaVersion": 1, "tok');
    t = await t.reopen();
    const info = await t.call('app:info', {});
    expect(info.notices[0]).toMatch(/unreadable.*kept as vpp-desk-cache\.json\.corrupt-/);
    expect((await fs.readdir(t.home)).some((f) => f.startsWith('vpp-desk-cache.json.corrupt-'))).toBe(true);
    const restored = await t.call('token:status', {});
    expect(restored).toMatchObject({
      state: 'valid',
      orgName: before.orgName,
      expiresAt: before.expiresAt,
      lastSyncAt: null,
    });
    expect((await t.call('apps:query', {})).total).toBe(0);
    const summary = await t.call('sync:now', { full: false });
    expect(summary).toMatchObject({ mode: 'full', assets: sim.state().assets });
    expect(await t.call('token:status', {})).toMatchObject({ uId: before.uId, locationName: before.locationName });
  });

  describe('faults', () => {
    const recovering: Array<[string, Fault]> = [
      ['429 burst with Retry-After', { kind: 'rate-limit', count: 3, retryAfter: 0 }],
      ['5xx with Retry-After', { kind: 'server-error', status: 503, count: 2, retryAfter: 0 }],
      ['dropped connections', { kind: 'drop', count: 2, match: '/users' }],
      ['truncated bodies', { kind: 'truncate', count: 2, match: '/assignments' }],
      ['slow responses', { kind: 'slow', delayMs: 300, count: 3 }],
    ];
    it.each(recovering)('recovers from %s', async (_name, fault) => {
      sim.faults.set(fault);
      const summary = await t.call('sync:now', { full: false });
      // Recovered from the fault, not from a fault that never fired.
      expect(sim.faults.fired()).toBe(fault.count);
      expect(summary.assets).toBe(sim.state().assets);
      expect(summary.assignments).toBe(sim.state().assignments);
    });

    it('HTTP 200 carrying 9622 fails cleanly: token marked invalid, cache unchanged', async () => {
      await t.call('sync:now', { full: false });
      const before = await everything(t);
      expect(before.apps.total).toBe(sim.state().assets);
      // Apple changes after our sync: a sync that leaked anything into the cache would show it.
      sim.buyLicenses('990000777', 'STDQ', 3);
      const fired = sim.faults.fired();
      // The fault hits the sync's second request, after the first answer arrived.
      sim.faults.set({ kind: 'error-200', errorNumber: 9622, count: 1, match: '/assets' });
      const err = await errorOf(t.call('sync:now', { full: true }));
      expect(sim.faults.fired()).toBe(fired + 1);
      expect(err?.code).toBe('TOKEN_INVALID');
      expect(await everything(t)).toEqual(before);
      expect((await t.call('token:status', {})).state).toBe('invalid');
      expect((await t.call('sync:status', {})).history[0]).toMatchObject({ ok: false });
    });

    it('token revoked mid-run: stops, marks revoked, pauses the schedule, cache unchanged', async () => {
      await t.call('sync:now', { full: false });
      const prior = await everything(t);
      sim.buyLicenses('990000777', 'STDQ', 3);
      const fired = sim.faults.fired();
      sim.faults.set({ kind: 'revoke-after', requests: 4 });
      const err = await errorOf(t.call('sync:now', { full: true }));
      expect(sim.faults.fired()).toBe(fired + 1);
      expect(err?.code).toBe('TOKEN_REVOKED');
      expect(await everything(t)).toEqual(prior);
      expect((await t.call('token:status', {})).state).toBe('revoked');
      const status = await t.call('sync:status', {});
      expect(status.paused).toMatch(/revoked/);
      expect(status.nextSyncAt).toBeNull();
    });

    it('another product claiming the token stops all calls and says so', async () => {
      await t.call('sync:now', { full: false });
      sim.setMdmInfo(undefined, { id: 'other', name: 'Intune', metadata: '1' });
      const err = await errorOf(t.call('sync:now', { full: true }));
      expect(err?.code).toBe('MDM_CHANGED');
      const count = sim.requests.length;
      const again = await errorOf(t.call('sync:now', { full: true }));
      expect(again?.code).toBe('MDM_CHANGED');
      expect(sim.requests.length).toBe(count);
      expect((await t.call('sync:status', {})).paused).toMatch(/Intune/);
    });
  });
});
