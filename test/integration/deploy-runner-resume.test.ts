// What the deploy runner does around a deployment, through the real core
// against the simulator: writes a crash left (deployments' and the holders
// views'), another process holding the deploy lock, failures while finishing
// in the background, waiting rows re-evaluated after a sync (queue order,
// several apps, apps Apple no longer lists), retries, and drift found by a sync.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VppError } from '../../shared/errors';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { openCore, openWithToken, type TestCore } from '../helpers/core';
import { editMain } from '../helpers/main-file';
import { freshApp, holders, usersWithout } from '../helpers/org';
import { call, write } from '../unit/simulator/helpers';

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

async function syncedApp(licenses: number, adamId?: string): Promise<{ adamId: string; name: string }> {
  const app = freshApp(sim, licenses, adamId);
  await t.call('sync:now', { full: true });
  const row = (await t.call('apps:query', { search: app.adamId })).rows[0];
  if (!row) throw new Error('app not synced');
  return { adamId: app.adamId, name: row.name };
}

const rowsOf = async (adamId: string) =>
  new Map((await t.call('deployments:query', { adamId, limit: 500 })).rows.map((r) => [r.clientUserId, r]));
const activity = async () => (await t.call('activity:query', { limit: 500 })).rows;
const messages = async () => (await activity()).map((a) => a.message);
const reevaluationFailures = async () =>
  (await messages()).filter((m) => m.startsWith('Waiting deployments could not be re-evaluated'));

interface CacheMain {
  journal: unknown[];
  deployments: unknown[];
}

/** The same data folder and keychain in a core opened with other options. */
async function reopenWith(opts: { settleMs?: number; deployWaitMs?: number; source?: 'window' }): Promise<void> {
  await t.core.stop();
  t = await openCore(sim.url, { home: t.home, service: t.service, ...opts });
}

/** Stops the core, edits its cache file as a crash would have left it, and opens it again. */
async function afterCrash(edit: (main: CacheMain, now: string) => void): Promise<void> {
  await t.core.stop();
  await editMain(t.home, (main) => edit(main as CacheMain, new Date().toISOString()));
  t = await t.reopen();
}

/** A journal entry as the runner writes it; `over` sets the crash's moment. */
function entry(now: string, over: Record<string, unknown>) {
  return {
    kind: 'associate',
    pricingParam: 'STDQ',
    serialNumbers: [],
    status: 'sent',
    eventId: null,
    createdAt: now,
    updatedAt: now,
    error: null,
    ...over,
  };
}

function row(now: string, adamId: string, clientUserId: string, over: Record<string, unknown>) {
  return {
    adamId,
    pricingParam: 'STDQ',
    clientUserId,
    action: 'required',
    state: 'assigning',
    reason: null,
    createdAt: now,
    updatedAt: now,
    journalId: null,
    ...over,
  };
}

/** A write sent straight to Apple (as ours was, before the crash): its eventId. */
/**
 * An associate of two users a crash left after Apple accepted it: its
 * eventId journaled (entry j-1), the rows waiting on it.
 */
async function associateCrashedAfterApple(): Promise<{
  adamId: string;
  name: string;
  users: string[];
  eventId: string;
}> {
  const { adamId, name } = await syncedApp(2);
  const users = usersWithout(sim, adamId, 'Associated', 2);
  const eventId = await sentToApple('/assets/associate', {
    assets: [{ adamId, pricingParam: 'STDQ' }],
    clientUserIds: users,
  });
  await afterCrash((main, now) => {
    main.journal.push(entry(now, { id: 'j-1', adamId, clientUserIds: users, eventId, attemptedAt: now }));
    for (const id of users) main.deployments.push(row(now, adamId, id, { journalId: 'j-1' }));
  });
  return { adamId, name, users, eventId };
}

async function sentToApple(apiPath: string, body: unknown): Promise<string> {
  const reply = await call(sim, sim.issueToken(), apiPath, { body });
  const eventId = reply.body.eventId;
  if (typeof eventId !== 'string') throw new Error(`${apiPath} answered ${JSON.stringify(reply.body)}`);
  return eventId;
}

/** Another VPP Desk process (a live one: ours' parent) holding the deploy lock of this data folder. */
async function anotherProcessDeploys(): Promise<number> {
  const pid = process.ppid;
  await fs.writeFile(
    path.join(t.home, 'deploy.lock'),
    JSON.stringify({ pid, purpose: 'deploy', since: new Date().toISOString() }),
  );
  return pid;
}
const otherProcessDone = () => fs.rm(path.join(t.home, 'deploy.lock'), { force: true });

/** The reasons of every state:changed the core emits from now on. */
function changes(): string[] {
  const reasons: string[] = [];
  t.core.events.on('state:changed', ({ reason }) => reasons.push(reason));
  return reasons;
}

describe('another process deploying', () => {
  it('refuses a deployment while another process holds the deploy lock, naming it, and sends nothing', async () => {
    const { adamId } = await syncedApp(2);
    const users = usersWithout(sim, adamId, 'Associated', 1);
    const pid = await anotherProcessDeploys();
    const before = sim.requests.length;
    await expect(t.call('deploy:run', { adamId, clientUserIds: users, action: 'required' })).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof VppError &&
        e.code === 'SYNC_RUNNING' &&
        e.message === `Another VPP Desk process (pid ${pid}) is sending deployments; try again in a moment.`,
    );
    expect(sim.requests.length).toBe(before);
    expect((await rowsOf(adamId)).size).toBe(0);
  });

  it('a sync leaves waiting rows to the process deploying, without calling it a failure; the next sync assigns them', async () => {
    const { adamId, name } = await syncedApp(1);
    const [first, second] = usersWithout(sim, adamId, 'Associated', 2) as [string, string];
    await t.call('deploy:run', { adamId, clientUserIds: [first, second], action: 'required' });
    sim.buyLicenses(adamId, 'STDQ', 1);
    await anotherProcessDeploys();

    await t.call('sync:now', { full: false });
    expect((await rowsOf(adamId)).get(second)).toMatchObject({ state: 'failed', reason: 'No licenses available.' });
    expect(holders(sim, adamId)).toEqual([first]);
    expect(await reevaluationFailures()).toEqual([]);

    await otherProcessDone();
    await t.call('sync:now', { full: false });
    expect((await rowsOf(adamId)).get(second)).toMatchObject({ state: 'assigned' });
    expect(holders(sim, adamId).sort()).toEqual([first, second].sort());
    // Re-evaluation logs what Apple did, not a second run.
    const log = await activity();
    expect(log.filter((a) => a.kind === 'deployment' && a.message.startsWith('Required:'))).toHaveLength(1);
    expect(log.filter((a) => a.kind === 'license-assigned').map((a) => a.message)).toContain(
      `${name} assigned to ${second}.`,
    );
  });
});

describe('writes a crash left', () => {
  it('a failure finishing one after a sync is told, not swallowed; the next sync finishes it from Apple’s event', async () => {
    const { adamId, name, users, eventId } = await associateCrashedAfterApple();

    const fired = sim.faults.fired();
    sim.faults.set({ kind: 'error-200', errorNumber: 9602, match: '/status', count: 1 });
    await t.call('sync:now', { full: false });
    expect(sim.faults.fired()).toBe(fired + 1);
    expect(await reevaluationFailures()).toEqual([
      'Waiting deployments could not be re-evaluated after the sync: Apple returned error 9602: Invalid argument.',
    ]);
    expect([...(await rowsOf(adamId)).values()].map((r) => r.state)).toEqual(['assigning', 'assigning']);

    await t.call('sync:now', { full: false });
    expect([...(await rowsOf(adamId)).values()].map((r) => r.state)).toEqual(['assigned', 'assigned']);
    const log = await messages();
    expect(log.filter((m) => m.startsWith(`${name} assigned to`)).sort()).toEqual(
      users.map((id) => `${name} assigned to ${id}.`).sort(),
    );
    // Finished from its event: not read back as a write whose answer was lost.
    expect(log.filter((m) => m.startsWith('Resumed an interrupted'))).toEqual([]);
    expect(sim.associations.map((a) => a.eventId)).toEqual([eventId]);
  });

  it('a holders action first finishes the deployment a crash left; what it sends again is logged as the system’s', async () => {
    const { adamId, name } = await syncedApp(2);
    const users = usersWithout(sim, adamId, 'Associated', 2);
    const [holder] = usersWithout(sim, adamId, 'Associated', 3).slice(2) as [string];
    await t.call('deploy:run', {
      adamId: (await syncedApp(1, '990000002')).adamId,
      clientUserIds: [holder],
      action: 'required',
    });
    // A write whose event Apple no longer knows (9708): read back, nothing held, sent again.
    await afterCrash((main, now) => {
      main.journal.push(entry(now, { id: 'j-1', adamId, clientUserIds: users, eventId: 'no-such-event' }));
      for (const id of users) main.deployments.push(row(now, adamId, id, { journalId: 'j-1' }));
    });

    const revoked = await t.call('revoke:run', { clientUserId: holder });
    expect(revoked.reclaimed).toBeGreaterThan(0);
    expect([...(await rowsOf(adamId)).values()].map((r) => r.state)).toEqual(['assigned', 'assigned']);
    expect(holders(sim, adamId).sort()).toEqual([...users].sort());
    const log = await activity();
    expect(log.map((a) => a.message)).toContain(
      'Resumed an interrupted license assignment for 2 users: 0 confirmed by Apple.',
    );
    const assigned = log.filter((a) => a.kind === 'license-assigned' && a.adamId === adamId);
    expect(assigned.map((a) => [a.message, a.source]).sort()).toEqual(
      users.map((id) => [`${name} assigned to ${id}.`, 'system']).sort(),
    );
  });

  it('finishes the holders views’ writes: a sent one from Apple’s event, one never sent by sending it', async () => {
    // Two users holding licenses from before VPP Desk (no deployment rows).
    const userHolders = (adamId: string) =>
      new Set(sim.assignmentsFor(adamId).flatMap((x) => (x.clientUserId ? [x.clientUserId] : [])));
    const asset = sim.listAssets().find((a) => a.revocable && userHolders(a.adamId).size >= 2);
    if (!asset) throw new Error('seed has no revocable app with two user holders');
    const held = sim.assignmentsFor(asset.adamId).filter((x) => x.clientUserId);
    const [reclaimed, revoked] = [...new Set(held.map((x) => x.clientUserId as string))] as [string, string];
    const pricingParam = held.find((x) => x.clientUserId === reclaimed)?.pricingParam ?? 'STDQ';
    await t.call('sync:now', { full: true });
    const name = (await t.call('apps:query', { search: asset.adamId })).rows[0]?.name;
    const eventId = await sentToApple('/assets/disassociate', {
      assets: [{ adamId: asset.adamId, pricingParam }],
      clientUserIds: [reclaimed],
    });
    await afterCrash((main, now) => {
      main.journal.push(
        entry(now, {
          id: 'h-1',
          kind: 'disassociate',
          adamId: asset.adamId,
          pricingParam,
          clientUserIds: [reclaimed],
          holders: true,
          eventId,
          attemptedAt: now,
        }),
        entry(now, {
          id: 'h-2',
          kind: 'revoke',
          adamId: null,
          pricingParam: null,
          clientUserIds: [revoked],
          holders: true,
          status: 'prepared',
        }),
      );
    });

    await t.call('sync:now', { full: false });
    const log = await messages();
    expect(log).toContain(`1 license of ${name} reclaimed.`);
    expect(log).toContain('Every license of 1 user revoked.');
    expect(log.filter((m) => m.startsWith('Resumed an interrupted'))).toEqual([]);
    expect(
      sim.assignmentsOfUser(reclaimed).filter((a) => a.adamId === asset.adamId && a.pricingParam === pricingParam),
    ).toEqual([]);
    expect(sim.assignmentsOfUser(revoked).filter((a) => sim.asset(a.adamId, a.pricingParam)?.revocable)).toEqual([]);
    expect(sim.requests.filter((r) => r.path.endsWith('/assets/disassociate'))).toHaveLength(1);
  });

  it('an associate whose answer was lost is read back until the configured settle time, then sent again', async () => {
    await reopenWith({ settleMs: 300 });
    const { adamId } = await syncedApp(2);
    const users = usersWithout(sim, adamId, 'Associated', 2);
    // Attempted just now, never reached Apple: Apple could still apply it for settleMs (not the default 30 s).
    await afterCrash((main, now) => {
      main.journal.push(entry(now, { id: 'j-1', adamId, clientUserIds: users, status: 'prepared', attemptedAt: now }));
      for (const id of users) main.deployments.push(row(now, adamId, id, { journalId: 'j-1' }));
    });
    await t.call('sync:now', { full: false });
    expect([...(await rowsOf(adamId)).values()].map((r) => r.state)).toEqual(['assigned', 'assigned']);
    expect(holders(sim, adamId).sort()).toEqual([...users].sort());
    expect(await messages()).toContain('Resumed an interrupted license assignment for 2 users: 0 confirmed by Apple.');
  });

  it('an Uninstall whose event Apple no longer knows is read back and sent again', async () => {
    const { adamId } = await syncedApp(2);
    const users = usersWithout(sim, adamId, 'Associated', 2);
    await t.call('deploy:run', { adamId, clientUserIds: users, action: 'required' });
    await afterCrash((main, now) => {
      main.journal.push(
        entry(now, { id: 'j-9', kind: 'disassociate', adamId, clientUserIds: users, eventId: 'no-such-event' }),
      );
      for (const r of main.deployments as Array<Record<string, unknown>>)
        Object.assign(r, { action: 'uninstall', state: 'reclaiming', journalId: 'j-9' });
    });
    await t.call('sync:now', { full: false });
    expect([...(await rowsOf(adamId)).values()].map((r) => [r.action, r.state])).toEqual([
      ['uninstall', 'reclaimed'],
      ['uninstall', 'reclaimed'],
    ]);
    expect(holders(sim, adamId)).toEqual([]);
    expect(await messages()).toContain('Resumed an interrupted license reclaim for 2 users: 0 confirmed by Apple.');
  });
});

describe('re-evaluation after a sync', () => {
  it('keeps each waiting row’s place in the queue, and a new action goes to the back', async () => {
    const { adamId } = await syncedApp(1);
    const [holder, requeued, waiting] = usersWithout(sim, adamId, 'Associated', 3) as [string, string, string];
    const [terms] = usersWithout(sim, adamId, 'Registered', 1) as [string];
    const reasons = changes();
    await t.call('deploy:run', { adamId, clientUserIds: [holder, terms], action: 'required' });
    await t.call('deploy:run', { adamId, clientUserIds: [requeued], action: 'required' });
    await t.call('deploy:run', { adamId, clientUserIds: [waiting], action: 'required' });
    // requeued: Uninstall, then Required again: now newer than `waiting`.
    await t.call('deploy:run', { adamId, clientUserIds: [requeued], action: 'uninstall' });
    await t.call('deploy:run', { adamId, clientUserIds: [requeued], action: 'required' });

    // The terms accepted while no license is free: told once that none is left, no write sent.
    sim.acceptTerms(terms);
    reasons.length = 0;
    await t.call('sync:now', { full: false });
    expect((await rowsOf(adamId)).get(terms)).toMatchObject({ state: 'failed', reason: 'No licenses available.' });
    expect(reasons).toContain('deployments');
    const failed = (await activity()).filter((a) => a.kind === 'license-failed' && a.clientUserId === terms);
    expect(failed).toHaveLength(1);

    // One license: the oldest waiting row (terms, from the first run) gets it; then `waiting`; `requeued` last.
    sim.buyLicenses(adamId, 'STDQ', 1);
    await t.call('sync:now', { full: false });
    expect(holders(sim, adamId).sort()).toEqual([holder, terms].sort());
    sim.buyLicenses(adamId, 'STDQ', 1);
    await t.call('sync:now', { full: false });
    expect(holders(sim, adamId).sort()).toEqual([holder, terms, waiting].sort());
    expect((await rowsOf(adamId)).get(requeued)).toMatchObject({ state: 'failed', reason: 'No licenses available.' });
  });

  it('gives each app’s waiting rows that app’s licenses, and leaves rows of an app Apple no longer lists alone', async () => {
    const a = await syncedApp(1, '990000001');
    const b = await syncedApp(1, '990000002');
    const [a1, a2] = usersWithout(sim, a.adamId, 'Associated', 2) as [string, string];
    const [b1, b2] = usersWithout(sim, b.adamId, 'Associated', 4).slice(2) as [string, string];
    await t.call('deploy:run', { adamId: a.adamId, clientUserIds: [a1, a2], action: 'required' });
    await t.call('deploy:run', { adamId: b.adamId, clientUserIds: [b1, b2], action: 'required' });
    // Rows left from an app no longer in the location, and from a pricing the app no longer has.
    const waitingRow = { state: 'failed', reason: 'No licenses available.' };
    await afterCrash((main, now) => {
      main.deployments.push(
        row(now, '12345', a2, waitingRow),
        row(now, a.adamId, b2, { ...waitingRow, pricingParam: 'PLUS' }),
      );
    });
    sim.buyLicenses(a.adamId, 'STDQ', 1);
    sim.buyLicenses(b.adamId, 'STDQ', 1);
    const associations = sim.associations.length;

    await t.call('sync:now', { full: false });
    expect(holders(sim, a.adamId).sort()).toEqual([a1, a2].sort());
    expect(holders(sim, b.adamId).sort()).toEqual([b1, b2].sort());
    expect(sim.associations.length).toBe(associations + 2);
    expect(await reevaluationFailures()).toEqual([]);
    const stale = (await t.call('deployments:query', { limit: 500 })).rows.filter(
      (r) => r.adamId === '12345' || r.pricingParam === 'PLUS',
    );
    expect(stale.map((r) => [r.clientUserId, r.state])).toEqual([
      [a2, 'failed'],
      [b2, 'failed'],
    ]);
  });

  it('after rows changed outside VPP Desk: one line, the window told, and a freed license goes to the waiting row', async () => {
    const token = sim.issueToken();
    const elsewhere = (adamId: string, ids: string[]) =>
      write(sim, token, '/assets/disassociate', { assets: [{ adamId, pricingParam: 'STDQ' }], clientUserIds: ids });
    const { adamId, name } = await syncedApp(1);
    const [first, second] = usersWithout(sim, adamId, 'Associated', 2) as [string, string];
    await t.call('deploy:run', { adamId, clientUserIds: [first], action: 'required' });

    // The window's process, and a sync started from the tray: what the sync finds is logged as the tray's.
    await reopenWith({ source: 'window' });
    await elsewhere(adamId, [first]);
    const reasons = changes();
    await t.call('sync:now', { full: true, from: 'tray' });
    expect((await rowsOf(adamId)).get(first)).toMatchObject({ state: 'failed' });
    expect(reasons).toContain('deployments');
    const drift = (await activity()).filter((a) => a.message.startsWith('Changed outside VPP Desk'));
    expect(drift.map((a) => [a.kind, a.source, a.message])).toEqual([
      ['deployment', 'tray', `Changed outside VPP Desk, rows now match Apple: license removed from ${first}.`],
    ]);

    // Again with a user waiting: the license freed elsewhere goes to them in the same sync.
    await t.call('deploy:run', { adamId, clientUserIds: [second], action: 'required' });
    await t.call('deploy:run', { adamId, clientUserIds: [first], action: 'required' });
    expect((await rowsOf(adamId)).get(first)).toMatchObject({ state: 'failed', reason: 'No licenses available.' });
    await elsewhere(adamId, [second]);
    await t.call('sync:now', { full: true, from: 'tray' });
    expect(holders(sim, adamId)).toEqual([first]);
    expect((await rowsOf(adamId)).get(first)).toMatchObject({ state: 'assigned' });
    const assigned = (await activity()).filter((a) => a.kind === 'license-assigned' && a.clientUserId === first);
    expect(assigned.map((a) => [a.message, a.source])).toEqual([
      [`${name} assigned to ${first}.`, 'tray'],
      [`${name} assigned to ${first}.`, 'cli'],
    ]);
  });
});

describe('Apple’s counts', () => {
  it('spends licenses bought since the last sync: the counts are read from Apple first', async () => {
    const { adamId } = await syncedApp(2);
    const [first, second, third] = usersWithout(sim, adamId, 'Associated', 3) as [string, string, string];
    await t.call('deploy:run', { adamId, clientUserIds: [first], action: 'required' });
    // The cache says 1 free; Apple has 2 (one bought since), with as many assigned as the cache says.
    sim.buyLicenses(adamId, 'STDQ', 1);
    const outcome = await t.call('deploy:run', { adamId, clientUserIds: [second, third], action: 'required' });
    expect(outcome.plan).toMatchObject({ willAssign: 2, willFail: 0 });
    expect(outcome.rows.map((r) => r.state)).toEqual(['assigned', 'assigned']);
    expect(holders(sim, adamId).sort()).toEqual([first, second, third].sort());
    expect((await t.call('apps:query', { search: adamId })).rows[0]).toMatchObject({
      assignedCount: 3,
      availableCount: 0,
    });
  });

  it('reads the counts of the pricing deployed, not another pricing of the same app', async () => {
    const adamId = '990000003';
    sim.buyLicenses(adamId, 'STDQ', 1);
    sim.buyLicenses(adamId, 'PLUS', 1);
    await t.call('sync:now', { full: true });
    const users = usersWithout(sim, adamId, 'Associated', 2);
    sim.buyLicenses(adamId, 'PLUS', 1);
    const outcome = await t.call('deploy:run', {
      adamId,
      pricingParam: 'PLUS',
      clientUserIds: users,
      action: 'required',
    });
    expect(outcome.rows.map((r) => r.state)).toEqual(['assigned', 'assigned']);
    expect(sim.asset(adamId, 'PLUS')).toMatchObject({ assignedCount: 2, availableCount: 0 });
    const apps = (await t.call('apps:query', { search: adamId })).rows;
    expect(apps.find((a) => a.pricingParam === 'STDQ')).toMatchObject({ assignedCount: 0, availableCount: 1 });
  });
});

describe('retry', () => {
  it('sends rows Apple refused again with their own action; a sync alone does not', async () => {
    const { adamId } = await syncedApp(3);
    const [refused, kept, unknown] = usersWithout(sim, adamId, 'Associated', 3) as [string, string, string];
    sim.faults.set({ kind: 'error-200', errorNumber: 9602, match: '/assets/associate', count: 1 });
    await t.call('deploy:run', { adamId, clientUserIds: [refused], action: 'required' });
    await t.call('deploy:run', { adamId, clientUserIds: [kept], action: 'required' });
    sim.faults.set({ kind: 'error-200', errorNumber: 9602, match: '/assets/disassociate', count: 1 });
    await t.call('deploy:run', { adamId, clientUserIds: [kept], action: 'uninstall' });
    const reason = 'Apple returned error 9602: Invalid argument.';
    expect((await rowsOf(adamId)).get(refused)).toMatchObject({ action: 'required', state: 'failed', reason });
    expect((await rowsOf(adamId)).get(kept)).toMatchObject({ action: 'uninstall', state: 'failed', reason });

    const assetWrites = () => sim.requests.filter((r) => r.method === 'POST' && r.path.includes('/assets/')).length;
    const writes = assetWrites();
    await t.call('sync:now', { full: false });
    expect(assetWrites()).toBe(writes);
    expect((await rowsOf(adamId)).get(refused)).toMatchObject({ state: 'failed' });

    const outcome = await t.call('deployments:retry', {
      rows: [
        { adamId, pricingParam: 'STDQ', clientUserId: refused },
        { adamId, pricingParam: 'STDQ', clientUserId: kept },
        // A user with no row yet: Required.
        { adamId, pricingParam: 'STDQ', clientUserId: unknown },
      ],
    });
    expect(outcome.rows.map((r) => [r.clientUserId, r.action, r.state]).sort()).toEqual(
      [
        [refused, 'required', 'assigned'],
        [kept, 'uninstall', 'reclaimed'],
        [unknown, 'required', 'assigned'],
      ].sort(),
    );
    expect(holders(sim, adamId).sort()).toEqual([refused, unknown].sort());
  });

  it('refuses a retry that only names retired users, saying why', async () => {
    const { adamId } = await syncedApp(1);
    const [retired] = sim.usersByStatus('Retired', 1).map((u) => u.clientUserId) as [string];
    await t.call('deploy:run', { adamId, clientUserIds: [retired], action: 'required' });
    // The row says why; it is not counted as a lack of licenses.
    expect((await rowsOf(adamId)).get(retired)).toMatchObject({
      state: 'failed',
      reason: 'The user is retired in Apple Business Manager and cannot receive licenses.',
    });
    expect((await activity()).filter((a) => a.kind === 'license-failed')).toEqual([]);
    await expect(
      t.call('deployments:retry', { rows: [{ adamId, pricingParam: 'STDQ', clientUserId: retired }] }),
    ).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof VppError &&
        e.code === 'VALIDATION' &&
        e.message ===
          'Nothing to retry: these users are retired in Apple Business Manager and cannot receive licenses.',
    );
  });
});

describe('the command line', () => {
  it('returns before Apple finished when told not to wait, and still finishes the deployment before it exits', async () => {
    await reopenWith({ deployWaitMs: 0 });
    const { adamId } = await syncedApp(2);
    const users = usersWithout(sim, adamId, 'Associated', 2);
    const outcome = await t.call('deploy:run', { adamId, clientUserIds: users, action: 'required' });
    expect(outcome.plan).toMatchObject({ users: 2, willAssign: 2 });
    await t.core.stop();
    expect(holders(sim, adamId).sort()).toEqual([...users].sort());
    t = await t.reopen();
    expect([...(await rowsOf(adamId)).values()].map((r) => r.state)).toEqual(['assigned', 'assigned']);
  });
});

// Last in the file: Apple out of reach is only concluded after the client's retries (10 s).
describe('Apple out of reach', () => {
  it('Apple out of reach while finishing one after a sync is no failure: the next sync finishes it', async () => {
    const { adamId } = await associateCrashedAfterApple();

    const fired = sim.faults.fired();
    sim.faults.set({ kind: 'drop', match: '/status', count: -1 });
    await t.call('sync:now', { full: false });
    expect(sim.faults.fired()).toBeGreaterThan(fired);
    expect(await reevaluationFailures()).toEqual([]);
    expect([...(await rowsOf(adamId)).values()].map((r) => r.state)).toEqual(['assigning', 'assigning']);

    sim.faults.clear();
    await t.call('sync:now', { full: false });
    expect([...(await rowsOf(adamId)).values()].map((r) => r.state)).toEqual(['assigned', 'assigned']);
  }, 60_000);
});
