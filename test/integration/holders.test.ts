// Who holds each license, through the real core against the simulator: every
// license Apple counts is a holder, device deploys never over-assign, a roster
// finds exactly the licenses outside it, revoke and retire free what Apple frees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type AssignmentView, type Simulator } from '../fakes/apple-simulator';
import { openCore, type TestCore } from '../helpers/core';
import { freshApp, usersWithout } from '../helpers/org';

let sim: Simulator;
let t: TestCore;

beforeAll(async () => {
  sim = await startSimulator({ seed: 10, apps: 12, users: 200, assignments: 400, eventDelayMs: 10 });
  t = await openCore(sim.url);
  await t.call('token:import', {
    fileContent: sim.issueToken(),
    appleId: 'admin@example.edu',
    acceptAccountLock: true,
  });
  await t.call('sync:now', { full: true });
});
afterAll(async () => {
  await t.dispose();
  await sim.close();
});

/** Apple's truth: every assignment of every asset. */
function appleAssignments(): AssignmentView[] {
  const seen = new Set<string>();
  return sim.listAssets().flatMap((a) => {
    if (seen.has(a.adamId)) return [];
    seen.add(a.adamId);
    return sim.assignmentsFor(a.adamId);
  });
}

const holderKey = (h: {
  adamId: string | null;
  pricingParam: string | null;
  clientUserId?: string | null;
  serialNumber?: string | null;
}) => `${h.adamId ?? ''}|${h.pricingParam ?? ''}|${h.clientUserId ?? ''}|${h.serialNumber ?? ''}`;

async function holdersOf(adamId: string, pricingParam?: 'STDQ' | 'PLUS') {
  return (await t.call('holders:query', { adamId, ...(pricingParam ? { pricingParam } : {}), limit: 5000 })).rows;
}

describe('holders', () => {
  it('shows every license Apple counts as a holder, users and devices', async () => {
    let devicesSeen = 0;
    for (const asset of sim.listAssets()) {
      const rows = await holdersOf(asset.adamId, asset.pricingParam);
      expect(rows.length, `${asset.adamId} ${asset.pricingParam}`).toBe(asset.assignedCount);
      devicesSeen += rows.filter((r) => r.serialNumber !== null).length;
    }
    expect(devicesSeen).toBeGreaterThan(0);
    const apple = appleAssignments();
    const ours = new Set<string>();
    for (const adamId of new Set(apple.map((a) => a.adamId)))
      for (const h of await holdersOf(adamId)) ours.add(holderKey(h));
    expect([...ours].sort()).toEqual(apple.map(holderKey).sort());
    const serials = new Set(apple.filter((a) => a.serialNumber).map((a) => a.serialNumber));
    const devices = await t.call('devices:query', { limit: 5000 });
    expect(devices.total).toBe(serials.size);
    const first = devices.rows[0];
    expect(first?.apps).toBe(apple.filter((a) => a.serialNumber === first?.serialNumber).length);
  });

  it('says which licenses VPP Desk assigned, on the holders and on the Apps page', async () => {
    const app = freshApp(sim, 5, '995000001');
    await t.call('sync:now', { full: false });
    const users = usersWithout(sim, app.adamId, 'Associated', 2);
    await t.call('deploy:run', { adamId: app.adamId, clientUserIds: users, action: 'required' });
    const rows = await holdersOf(app.adamId);
    expect(rows.map((r) => [r.clientUserId, r.assignedBy, r.termsStatus]).sort()).toEqual(
      users.map((u) => [u, 'vpp-desk', 'accepted']).sort(),
    );
    const appRow = (await t.call('apps:query', { search: app.adamId })).rows[0];
    expect(appRow).toMatchObject({ assignedCount: 2, vppDeskAssigned: 2 });
    const holdings = await t.call('holdings:get', { clientUserId: users[0] ?? '' });
    expect(holdings.apps.find((a) => a.adamId === app.adamId)?.assignedBy).toBe('vpp-desk');
    const other = appleAssignments().find((a) => a.clientUserId && a.adamId !== app.adamId);
    const theirs = await holdersOf(other?.adamId ?? '');
    expect(theirs.find((h) => h.clientUserId === other?.clientUserId)?.assignedBy).toBe('other');
  });
});

describe('device licensing', () => {
  it('never assigns more licenses than are available, and reclaims with Uninstall', async () => {
    const app = freshApp(sim, 3, '995000002');
    await t.call('sync:now', { full: false });
    const serials = ['DEV000000001', 'DEV000000002', 'DEV000000003', 'DEV000000004', 'DEV000000005'];
    const plan = await t.call('deploy:serials-plan', {
      adamId: app.adamId,
      serialNumbers: serials,
      action: 'required',
    });
    expect(plan).toMatchObject({ devices: 5, licensesAvailable: 3, willAssign: 3, willFail: 2 });
    expect(sim.assignmentsFor(app.adamId)).toEqual([]); // a plan sends nothing

    const out = await t.call('deploy:serials-run', { adamId: app.adamId, serialNumbers: serials, action: 'required' });
    expect(out.items.filter((i) => i.outcome === 'done').map((i) => i.serialNumber)).toEqual(serials.slice(0, 3));
    expect(out.items.filter((i) => i.outcome === 'failed').map((i) => i.reason)).toEqual([
      'No licenses available.',
      'No licenses available.',
    ]);
    expect(
      sim
        .assignmentsFor(app.adamId)
        .map((a) => a.serialNumber)
        .sort(),
    ).toEqual(serials.slice(0, 3));
    expect(sim.asset(app.adamId)).toMatchObject({ assignedCount: 3, availableCount: 0 });
    expect((await holdersOf(app.adamId)).map((h) => h.serialNumber).sort()).toEqual(serials.slice(0, 3));

    const again = await t.call('deploy:serials-run', {
      adamId: app.adamId,
      serialNumbers: serials,
      action: 'required',
    });
    expect(again.plan).toMatchObject({ willAssign: 0, alreadyAssigned: 3, willFail: 2 });
    expect(sim.asset(app.adamId)).toMatchObject({ assignedCount: 3 });

    await t.call('deploy:serials-run', { adamId: app.adamId, serialNumbers: serials.slice(0, 1), action: 'uninstall' });
    expect(sim.assignmentsFor(app.adamId)).toHaveLength(2);
    expect((await t.call('apps:query', { search: app.adamId })).rows[0]).toMatchObject({ availableCount: 1 });
  });

  it('refuses an app Apple does not let devices hold, in a sentence', async () => {
    const asset = sim.listAssets().find((a) => !a.deviceAssignable);
    if (!asset) throw new Error('seed has no user-only app');
    await expect(
      t.call('deploy:serials-plan', {
        adamId: asset.adamId,
        pricingParam: asset.pricingParam,
        serialNumbers: ['ABC123456789'],
        action: 'required',
      }),
    ).rejects.toThrow(/cannot be assigned to devices/);
  });
});

describe('reclaim against a roster', () => {
  it('finds exactly the licenses held outside the roster and reclaims them', async () => {
    const apple = appleAssignments();
    const userHolders = [...new Set(apple.map((a) => a.clientUserId).filter((id): id is string => !!id))];
    const serialHolders = [...new Set(apple.map((a) => a.serialNumber).filter((s): s is string => !!s))];
    const leavers = new Set(userHolders.slice(0, 3));
    const lost = new Set(serialHolders.slice(0, 2));
    // Some by id, some by email: a roster exported from a directory mixes them.
    const users = userHolders.filter((id) => !leavers.has(id));
    const lines = [
      'Name,Client User ID,Email,Serial Number',
      ...users.map((id, i) => (i % 2 === 0 ? `x,${id},,` : `x,,${sim.user(id)?.email ?? ''},`)),
      ...serialHolders.filter((s) => !lost.has(s)).map((s) => `device,,,${s}`),
    ];
    const roster = { fileName: 'roster.csv', text: lines.join('\n') };
    const expected = apple
      .filter((a) => (a.clientUserId ? leavers.has(a.clientUserId) : lost.has(a.serialNumber ?? '')))
      .map(holderKey)
      .sort();

    const report = await t.call('reclaim:report', { roster });
    expect(report.items.map(holderKey).sort()).toEqual(expected);
    expect(report).toMatchObject({ people: 3, devices: 2, licenses: expected.length });
    expect(report.sentence).toBe(`${expected.length} licenses held by 3 people and 2 devices not in your roster`);
    expect(report.apps.reduce((n, a) => n + a.licenses, 0)).toBe(expected.length);

    const dry = await t.call('reclaim:plan', { roster });
    expect(dry.licenses).toBe(expected.length);
    expect(
      appleAssignments()
        .map(holderKey)
        .filter((k) => expected.includes(k)),
    ).toHaveLength(expected.length);

    const out = await t.call('reclaim:run', { roster });
    expect(out).toMatchObject({ holders: 5, licenses: expected.length, reclaimed: expected.length, failed: 0 });
    const after = new Set(appleAssignments().map(holderKey));
    expect(expected.filter((k) => after.has(k))).toEqual([]);
    expect(after.size).toBe(apple.length - expected.length);
    expect((await t.call('reclaim:report', { roster })).licenses).toBe(0);
  });

  it('keeps the last roster for the window', async () => {
    const summary = await t.call('roster:load', {
      fileName: 'r.txt',
      text: 'ABCDEF123456\nsomeone@example.edu\nuser-1',
    });
    expect(summary).toMatchObject({ fileName: 'r.txt', clientUserIds: 1, emails: 1, serialNumbers: 1 });
    expect(await t.call('roster:get', {})).toMatchObject({ fileName: 'r.txt' });
    expect((await t.call('reclaim:report', {})).roster?.fileName).toBe('r.txt');
  });
});

describe('revoke and retire', () => {
  it('revoke frees every revocable license of a user, as Apple says', async () => {
    const revocable = new Set(
      sim
        .listAssets()
        .filter((a) => a.revocable)
        .map((a) => a.adamId),
    );
    const holder = appleAssignments().find((a) => a.clientUserId && revocable.has(a.adamId))?.clientUserId ?? '';
    const before = sim.assignmentsOfUser(holder);
    const plan = await t.call('revoke:plan', { clientUserId: holder });
    expect(plan.items.map(holderKey).sort()).toEqual(
      before
        .filter((a) => revocable.has(a.adamId))
        .map(holderKey)
        .sort(),
    );
    const out = await t.call('revoke:run', { clientUserId: holder });
    expect(out.reclaimed).toBe(plan.licenses);
    expect(sim.assignmentsOfUser(holder).filter((a) => revocable.has(a.adamId))).toEqual([]);
    expect(
      (await t.call('holdings:get', { clientUserId: holder })).apps.filter((a) => revocable.has(a.adamId)),
    ).toEqual([]);
  });

  it('revoke frees what a device holds', async () => {
    const serial = appleAssignments().find((a) => a.serialNumber)?.serialNumber ?? '';
    const out = await t.call('revoke:run', { serialNumber: serial });
    expect(out.reclaimed).toBeGreaterThan(0);
    expect(appleAssignments().filter((a) => a.serialNumber === serial)).toEqual([]);
    expect((await t.call('holdings:get', { serialNumber: serial })).apps).toEqual([]);
  });

  it('retire ends the user and returns their licenses', async () => {
    const holder = appleAssignments().find((a) => a.clientUserId)?.clientUserId ?? '';
    const held = sim.assignmentsOfUser(holder).length;
    expect(held).toBeGreaterThan(0);
    const plan = await t.call('retire:plan', { clientUserIds: [holder] });
    expect(plan).toMatchObject({ people: 1, licenses: held });
    const out = await t.call('retire:run', { clientUserIds: [holder] });
    expect(out).toMatchObject({ reclaimed: held, failed: 0 });
    expect(sim.user(holder)?.status).toBe('Retired');
    expect(sim.assignmentsOfUser(holder)).toEqual([]);
    expect((await t.call('holdings:get', { clientUserId: holder })).termsStatus).toBe('retired');
    await expect(t.call('retire:run', { clientUserIds: [holder] })).rejects.toThrow(/already retired/);
  });
});
