import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type AssetView, type Simulator } from '../../fakes/apple-simulator';
import { createRng } from '../../fakes/apple-simulator/prng';
import { call, walk, write, type Json } from './helpers';

let sim: Simulator;
let token: string;

beforeEach(async () => {
  sim = await startSimulator({ seed: 71, apps: 15, users: 60, assignments: 80, eventDelayMs: 5 });
  token = sim.issueToken();
});
afterEach(async () => {
  await sim.close();
});

const ref = (a: AssetView) => ({ adamId: a.adamId, pricingParam: a.pricingParam });
const usersWithout = (adamId: string, n: number): string[] =>
  sim
    .usersByStatus('Associated', 10_000)
    .filter((u) => !sim.assignmentsOfUser(u.clientUserId).some((a) => a.adamId === adamId))
    .slice(0, n)
    .map((u) => u.clientUserId);

/** Counts add up and match the assignments actually held, for every asset. */
async function expectCountsConsistent(): Promise<void> {
  const assets = (await walk(sim, token, '/assets', 'assets')).records;
  const assignments = (await walk(sim, token, '/assignments', 'assignments')).records;
  const held = new Map<string, number>();
  for (const a of assignments)
    held.set(
      `${String(a.adamId)}|${String(a.pricingParam)}`,
      (held.get(`${String(a.adamId)}|${String(a.pricingParam)}`) ?? 0) + 1,
    );
  for (const a of assets) {
    const key = `${String(a.adamId)}|${String(a.pricingParam)}`;
    expect(a.totalCount, key).toBe((a.assignedCount as number) + (a.availableCount as number));
    expect(a.assignedCount, key).toBe(held.get(key) ?? 0);
    for (const k of ['totalCount', 'assignedCount', 'availableCount', 'retiredCount'])
      expect(a[k] as number, `${key} ${k}`).toBeGreaterThanOrEqual(0);
  }
  expect(assignments.length).toBe(sim.state().assignments);
}

describe('licenses', () => {
  it('9709: assigns as many as available, fails the rest, never over-assigns', async () => {
    const asset = sim
      .listAssets()
      .find((a) => a.productType === 'App' && a.deviceAssignable && a.availableCount >= 1 && a.availableCount <= 3);
    if (asset === undefined) throw new Error('seed has no nearly used-up app');
    const available = asset.availableCount;
    const users = usersWithout(asset.adamId, available + 2);
    const serials = ['OVER-1', 'OVER-2'];
    const done = await write(sim, token, '/assets/associate', {
      assets: [ref(asset)],
      clientUserIds: users,
      serialNumbers: serials,
    });
    expect(done).toMatchObject({ eventStatus: 'FAILED', numRequested: users.length + 2, numCompleted: available });
    const failure = (done.failures as Json[]).find((f) => f.errorNumber === 9709);
    const info = failure?.errorInfo as { clientUserIds?: string[]; serialNumbers?: string[]; assets?: Json[] };
    expect(info.assets).toEqual([ref(asset)]);
    expect((info.clientUserIds?.length ?? 0) + (info.serialNumbers?.length ?? 0)).toBe(users.length + 2 - available);
    expect(info.serialNumbers).toEqual(serials); // users are served first, in request order
    const after = sim.asset(asset.adamId, asset.pricingParam);
    expect(after).toMatchObject({
      availableCount: 0,
      assignedCount: asset.assignedCount + available,
      totalCount: asset.totalCount,
    });
    await expectCountsConsistent();
  });

  it('an asset the location does not own fails every target with 9709', async () => {
    const [u] = sim.usersByStatus('Associated', 1);
    const done = await write(sim, token, '/assets/associate', {
      assets: [{ adamId: '123456789', pricingParam: 'STDQ' }],
      clientUserIds: [u?.clientUserId],
    });
    expect(done).toMatchObject({ eventStatus: 'FAILED', numCompleted: 0 });
    expect((done.failures as Json[])[0]).toMatchObject({
      errorNumber: 9709,
      errorInfo: { clientUserIds: [u?.clientUserId] },
    });
  });

  it('two concurrent associations for the last licenses together never exceed them', async () => {
    const asset = sim
      .listAssets()
      .find((a) => a.productType === 'App' && a.availableCount >= 1 && a.availableCount <= 3);
    if (asset === undefined) throw new Error('seed has no nearly used-up app');
    const users = usersWithout(asset.adamId, 2 * (asset.availableCount + 1));
    const half = users.length / 2;
    const [a, b] = await Promise.all([
      write(sim, token, '/assets/associate', { assets: [ref(asset)], clientUserIds: users.slice(0, half) }),
      write(sim, token, '/assets/associate', { assets: [ref(asset)], clientUserIds: users.slice(half) }),
    ]);
    expect((a.numCompleted as number) + (b.numCompleted as number)).toBe(asset.availableCount);
    expect(sim.asset(asset.adamId, asset.pricingParam)?.availableCount).toBe(0);
  });

  it('associating again what a user already has uses no extra license', async () => {
    const held = sim
      .listAssets()
      .find(
        (a) =>
          a.productType === 'App' &&
          sim.assignmentsFor(a.adamId).some((x) => x.clientUserId !== undefined && x.pricingParam === a.pricingParam),
      );
    const existing = sim
      .assignmentsFor(held?.adamId ?? '')
      .find((x) => x.clientUserId !== undefined && x.pricingParam === held?.pricingParam);
    const before = sim.asset(held?.adamId ?? '', held?.pricingParam);
    const done = await write(sim, token, '/assets/associate', {
      assets: [{ adamId: held?.adamId, pricingParam: held?.pricingParam }],
      clientUserIds: [existing?.clientUserId],
    });
    expect(done).toMatchObject({ eventStatus: 'COMPLETE', numCompleted: 1 });
    expect(sim.asset(held?.adamId ?? '', held?.pricingParam)).toEqual(before);
  });

  it('disassociate returns the license', async () => {
    const asset = sim
      .listAssets()
      .find(
        (a) =>
          a.revocable &&
          sim.assignmentsFor(a.adamId).some((x) => x.pricingParam === a.pricingParam && x.clientUserId !== undefined),
      );
    if (asset === undefined) throw new Error('no assigned app');
    const row = sim
      .assignmentsFor(asset.adamId)
      .find((x) => x.pricingParam === asset.pricingParam && x.clientUserId !== undefined);
    const done = await write(sim, token, '/assets/disassociate', {
      assets: [ref(asset)],
      clientUserIds: [row?.clientUserId],
    });
    expect(done).toMatchObject({ eventStatus: 'COMPLETE', eventType: 'DISASSOCIATE', numCompleted: 1 });
    expect(sim.asset(asset.adamId, asset.pricingParam)).toMatchObject({
      assignedCount: asset.assignedCount - 1,
      availableCount: asset.availableCount + 1,
    });
  });

  it('revoke removes every revocable asset from the listed users and devices', async () => {
    const row = sim
      .listAssets()
      .flatMap((a) => sim.assignmentsFor(a.adamId))
      .find((x) => x.serialNumber !== undefined);
    const user = sim.usersByStatus('Associated', 10_000).find((u) => sim.assignmentsOfUser(u.clientUserId).length > 0);
    const done = await write(sim, token, '/assets/revoke', {
      clientUserIds: [user?.clientUserId],
      serialNumbers: [row?.serialNumber],
    });
    expect(done).toMatchObject({ eventStatus: 'COMPLETE', eventType: 'REVOKE', numRequested: 2, numCompleted: 2 });
    const left = sim.assignmentsOfUser(user?.clientUserId ?? '');
    expect(left.every((a) => sim.asset(a.adamId, a.pricingParam)?.revocable === false)).toBe(true);
    expect((await call(sim, token, `/assignments?serialNumber=${row?.serialNumber ?? ''}`)).body.assignments).toEqual(
      [],
    );
    await expectCountsConsistent();
  });

  it('retiring a user removes their assignments: app licenses return, book licenses are retired', async () => {
    const bookAsset = sim.listAssets().find((a) => a.productType === 'Book');
    const appAsset = sim.listAssets().find((a) => a.productType === 'App' && a.availableCount > 0);
    if (bookAsset === undefined || appAsset === undefined) throw new Error('seed lacks a book or an app');
    const [userId] = usersWithout(appAsset.adamId, 1).filter(
      (id) => !sim.assignmentsOfUser(id).some((a) => a.adamId === bookAsset.adamId),
    );
    if (bookAsset.availableCount === 0) sim.buyLicenses(bookAsset.adamId, bookAsset.pricingParam, 1);
    await write(sim, token, '/assets/associate', { assets: [ref(appAsset), ref(bookAsset)], clientUserIds: [userId] });
    const app0 = sim.asset(appAsset.adamId, appAsset.pricingParam);
    const book0 = sim.asset(bookAsset.adamId, bookAsset.pricingParam);
    const done = await write(sim, token, '/users/retire', { users: [{ clientUserId: userId }] });
    expect(done).toMatchObject({ eventStatus: 'COMPLETE', eventType: 'RETIRE', numCompleted: 1 });
    expect(sim.user(userId ?? '')).toMatchObject({ status: 'Retired' });
    expect(sim.assignmentsOfUser(userId ?? '')).toEqual([]);
    expect(sim.asset(appAsset.adamId, appAsset.pricingParam)).toMatchObject({
      assignedCount: (app0?.assignedCount ?? 0) - 1,
      availableCount: (app0?.availableCount ?? 0) + 1,
    });
    expect(sim.asset(bookAsset.adamId, bookAsset.pricingParam)).toMatchObject({
      assignedCount: (book0?.assignedCount ?? 0) - 1,
      availableCount: book0?.availableCount,
      retiredCount: (book0?.retiredCount ?? 0) + 1,
    });
    // A retired user cannot receive licenses any more.
    const again = await write(sim, token, '/assets/associate', { assets: [ref(appAsset)], clientUserIds: [userId] });
    expect((again.failures as Json[])[0]).toMatchObject({ errorNumber: 9609 });
    await expectCountsConsistent();
  });

  it('buyLicenses grows totalCount and availableCount, and adds titles not owned yet', async () => {
    const a = sim.listAssets()[0] as AssetView;
    sim.buyLicenses(a.adamId, a.pricingParam, 25);
    expect(sim.asset(a.adamId, a.pricingParam)).toMatchObject({
      totalCount: a.totalCount + 25,
      availableCount: a.availableCount + 25,
      assignedCount: a.assignedCount,
    });
    const versionBefore = sim.state().versionIds.assets;
    sim.buyLicenses('555000111', 'PLUS', 3);
    expect(sim.state().versionIds.assets).not.toBe(versionBefore);
    const r = await call(sim, token, '/assets?adamId=555000111');
    expect(r.body.assets).toEqual([
      expect.objectContaining({ adamId: '555000111', pricingParam: 'PLUS', totalCount: 3, availableCount: 3 }),
    ]);
  });

  it('counts always add up after many random operations', async () => {
    const rng = createRng(99);
    const assets = sim.listAssets();
    const users = [
      ...sim.usersByStatus('Associated', 1000),
      ...sim.usersByStatus('Registered', 1000),
      ...sim.usersByStatus('Retired', 1000),
    ].map((u) => u.clientUserId);
    const serials = ['RND-1', 'RND-2', 'RND-3', 'RND-4'];
    const ops: Array<Promise<Json>> = [];
    for (let i = 0; i < 60; i++) {
      const pickAssets = Array.from(new Set(Array.from({ length: rng.int(1, 3) }, () => rng.pick(assets)))).filter(
        (a) => a.revocable,
      );
      const pickUsers = Array.from(new Set(Array.from({ length: rng.int(1, 6) }, () => rng.pick(users))));
      const pickSerials = Array.from(new Set(Array.from({ length: rng.int(0, 2) }, () => rng.pick(serials))));
      const assetRefs = pickAssets.filter((a) => pickSerials.length === 0 || a.deviceAssignable).map(ref);
      const r = rng.next();
      if (assetRefs.length > 0 && r < 0.45)
        ops.push(
          write(sim, token, '/assets/associate', {
            assets: assetRefs,
            clientUserIds: pickUsers,
            serialNumbers: pickSerials,
          }),
        );
      else if (assetRefs.length > 0 && r < 0.7)
        ops.push(
          write(sim, token, '/assets/disassociate', {
            assets: assetRefs,
            clientUserIds: pickUsers,
            serialNumbers: pickSerials,
          }),
        );
      else if (r < 0.8) ops.push(write(sim, token, '/assets/revoke', { clientUserIds: pickUsers.slice(0, 2) }));
      else if (r < 0.9) ops.push(write(sim, token, '/users/retire', { users: [{ clientUserId: rng.pick(users) }] }));
      else sim.buyLicenses(rng.pick(assets).adamId, 'STDQ', rng.int(1, 4));
      if (i % 10 === 9) await Promise.all(ops.splice(0));
    }
    await Promise.all(ops);
    await expectCountsConsistent();
  });
});
