import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../fakes/apple-simulator';
import { call, walk, write, type Json } from './helpers';

let sim: Simulator;
let token: string;
const PAGE = 7;

beforeAll(async () => {
  sim = await startSimulator({ seed: 41, apps: 30, users: 50, assignments: 90, pageSize: PAGE, eventDelayMs: 5 });
  token = sim.issueToken();
});
afterAll(async () => {
  await sim.close();
});

describe('paging', () => {
  it('walks users by nextPageIndex: zero-based, size per page, no nextPageIndex on the last page', async () => {
    const { records, pages } = await walk(sim, token, '/users', 'users');
    expect(records.length).toBe(sim.state().users);
    expect(new Set(records.map((u) => u.clientUserId)).size).toBe(records.length);
    const totalPages = Math.ceil(sim.state().users / PAGE);
    pages.forEach((p, i) => {
      expect(p.currentPageIndex).toBe(i);
      expect(p.totalPages).toBe(totalPages);
      expect(p.size).toBe((p.users as Json[]).length);
      if (i < pages.length - 1) expect(p.nextPageIndex).toBe(i + 1);
      else expect('nextPageIndex' in p).toBe(false);
    });
    expect(pages.length).toBe(totalPages);
  });

  it('no pageIndex means page 0', async () => {
    const r = await call(sim, token, '/assets');
    expect(r.body.currentPageIndex).toBe(0);
    expect(r.body.nextPageIndex).toBe(1);
  });

  it('walks assets and assignments completely', async () => {
    expect((await walk(sim, token, '/assets', 'assets')).records.length).toBe(sim.state().assets);
    const { records } = await walk(sim, token, '/assignments', 'assignments');
    expect(records.length).toBe(sim.state().assignments);
    for (const a of records) expect('clientUserId' in a !== 'serialNumber' in a).toBe(true);
  });

  it('a bad pageIndex is 9650 (400)', async () => {
    const last = Math.ceil(sim.state().users / PAGE);
    for (const index of ['-1', 'x', String(last), '1.5']) {
      expect(await call(sim, token, `/users?pageIndex=${index}`)).toMatchObject({
        status: 400,
        body: { errorNumber: 9650 },
      });
    }
  });

  it('an empty result is one empty page', async () => {
    const r = await call(sim, token, '/assets?adamId=1');
    expect(r.body).toMatchObject({ assets: [], size: 0, currentPageIndex: 0, totalPages: 1 });
    expect(r.body.nextPageIndex).toBeUndefined();
  });

  it('pages reflect live data: totalPages grows during a walk when records are added', async () => {
    const first = await call(sim, token, '/users?pageIndex=0');
    const users = Array.from({ length: PAGE }, (_, i) => ({
      clientUserId: `live-${i}`,
      email: `live-${i}@example.com`,
    }));
    await write(sim, token, '/users/create', { users });
    const second = await call(sim, token, '/users?pageIndex=1');
    expect(second.body.totalPages).toBe((first.body.totalPages as number) + 1);
    expect(second.body.versionId).not.toBe(first.body.versionId); // the client must restart its walk
  });
});

describe('filters', () => {
  it('GET /assets filters by productType, pricingParam, deviceAssignable, revocable, counts and adamId', async () => {
    const all = sim.listAssets();
    const books = (await walk(sim, token, '/assets?productType=Book', 'assets')).records;
    expect(books.length).toBe(all.filter((a) => a.productType === 'Book').length);
    expect(books.length).toBeGreaterThan(0);
    expect(books.every((b) => b.productType === 'Book' && b.deviceAssignable === false && b.revocable === false)).toBe(
      true,
    );
    const plus = (await walk(sim, token, '/assets?pricingParam=PLUS', 'assets')).records;
    expect(plus.length).toBeGreaterThan(0);
    expect(plus.every((a) => a.pricingParam === 'PLUS')).toBe(true);
    const notDevice = (await walk(sim, token, '/assets?deviceAssignable=false', 'assets')).records;
    expect(notDevice.length).toBe(all.filter((a) => !a.deviceAssignable).length);
    const full = (await walk(sim, token, '/assets?maxAvailableCount=0', 'assets')).records;
    expect(full.length).toBe(all.filter((a) => a.availableCount === 0).length);
    const busy = (await walk(sim, token, '/assets?minAssignedCount=3&revocable=true', 'assets')).records;
    expect(busy.length).toBe(all.filter((a) => a.assignedCount >= 3 && a.revocable).length);
    const one = all[0];
    const byId = (await call(sim, token, `/assets?adamId=${one?.adamId}&pricingParam=STDQ`)).body.assets as Json[];
    expect(byId).toEqual([expect.objectContaining({ adamId: one?.adamId, pricingParam: 'STDQ' })]);
    expect((await call(sim, token, '/assets?pricingParam=HD')).body.errorNumber).toBe(9602);
  });

  it('GET /users filters activeOnly, retiredOnly, includeRetired=0 and clientUserId', async () => {
    const all = (await walk(sim, token, '/users', 'users')).records;
    const active = (await walk(sim, token, '/users?activeOnly=true', 'users')).records;
    const retired = (await walk(sim, token, '/users?retiredOnly=true', 'users')).records;
    const legacy = (await walk(sim, token, '/users?includeRetired=0', 'users')).records;
    expect(retired.length).toBeGreaterThan(0);
    expect(active.length + retired.length).toBe(all.length);
    expect(active.every((u) => u.status !== 'Retired')).toBe(true);
    expect(retired.every((u) => u.status === 'Retired')).toBe(true);
    expect(legacy.length).toBe(active.length);
    const one = (await call(sim, token, '/users?clientUserId=client-2')).body.users as Json[];
    expect(one).toEqual([expect.objectContaining({ clientUserId: 'client-2' })]);
  });

  it('GET /assignments filters by adamId, clientUserId and serialNumber', async () => {
    const all = (await walk(sim, token, '/assignments', 'assignments')).records;
    const sample = all.find((a) => a.serialNumber !== undefined);
    const userRow = all.find((a) => a.clientUserId !== undefined);
    if (sample === undefined || userRow === undefined) throw new Error('seed lacks device or user assignments');
    const byAdam = (await walk(sim, token, `/assignments?adamId=${String(sample.adamId)}`, 'assignments')).records;
    expect(byAdam.length).toBe(all.filter((a) => a.adamId === sample.adamId).length);
    const bySerial = (await walk(sim, token, `/assignments?serialNumber=${String(sample.serialNumber)}`, 'assignments'))
      .records;
    expect(bySerial.length).toBe(all.filter((a) => a.serialNumber === sample.serialNumber).length);
    const byUser = (await walk(sim, token, `/assignments?clientUserId=${String(userRow.clientUserId)}`, 'assignments'))
      .records;
    expect(byUser).toEqual(all.filter((a) => a.clientUserId === userRow.clientUserId));
  });
});
