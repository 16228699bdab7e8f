import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../fakes/apple-simulator';
import { call, walk, write, type Json } from './helpers';

let sim: Simulator;
let token: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 51, apps: 10, users: 30, assignments: 40, pageSize: 5, eventDelayMs: 5 });
  token = sim.issueToken();
});
afterAll(async () => {
  await sim.close();
});

const versionOf = async (path: string): Promise<string> => (await call(sim, token, path)).body.versionId as string;

/** An app with licenses left and an Associated user who does not have it yet. */
function freshPair(): { adamId: string; clientUserId: string } {
  const asset = sim
    .listAssets()
    .find((a) => a.productType === 'App' && a.pricingParam === 'STDQ' && a.availableCount > 2);
  if (asset === undefined) throw new Error('no app with licenses left');
  const user = sim
    .usersByStatus('Associated', 1000)
    .find((u) => !sim.assignmentsOfUser(u.clientUserId).some((a) => a.adamId === asset.adamId));
  if (user === undefined) throw new Error('no user without that app');
  return { adamId: asset.adamId, clientUserId: user.clientUserId };
}

describe('versionId', () => {
  it('is the same on every page and on repeated reads while nothing changes', async () => {
    const { pages } = await walk(sim, token, '/users', 'users');
    expect(new Set(pages.map((p) => p.versionId)).size).toBe(1);
    expect(await versionOf('/users')).toBe(pages[0]?.versionId);
  });

  it('moves on every write, only for the collections the write touched', async () => {
    const before = {
      assets: await versionOf('/assets'),
      users: await versionOf('/users'),
      assignments: await versionOf('/assignments'),
    };
    const { adamId, clientUserId } = freshPair();
    const status = await write(sim, token, '/assets/associate', {
      assets: [{ adamId, pricingParam: 'STDQ' }],
      clientUserIds: [clientUserId],
    });
    expect(status.eventStatus).toBe('COMPLETE');
    expect(await versionOf('/assets')).not.toBe(before.assets); // counts changed
    expect(await versionOf('/assignments')).not.toBe(before.assignments);
    expect(await versionOf('/users')).toBe(before.users);
    const assignmentsNow = await versionOf('/assignments');
    const [registered] = sim.usersByStatus('Registered', 1);
    sim.acceptTerms(registered?.clientUserId ?? '');
    expect(await versionOf('/users')).not.toBe(before.users);
    expect(await versionOf('/assignments')).toBe(assignmentsNow);
    expect(sim.state().versionIds.users).toBe(await versionOf('/users'));
  });
});

describe('sinceVersionId', () => {
  it('GET /users returns only users changed since that version, zero records when none', async () => {
    const v0 = await versionOf('/users');
    const none = await call(sim, token, `/users?sinceVersionId=${v0}`);
    expect(none.body).toMatchObject({ users: [], size: 0, versionId: v0 });
    await write(sim, token, '/users/create', { users: [{ clientUserId: 'delta-1', email: 'delta-1@example.com' }] });
    const [registered] = sim.usersByStatus('Registered', 1);
    sim.acceptTerms(registered?.clientUserId ?? '');
    const delta = await walk(sim, token, `/users?sinceVersionId=${v0}`, 'users');
    expect(delta.records.map((u) => u.clientUserId).sort()).toEqual(['delta-1', registered?.clientUserId].sort());
    expect(delta.records.find((u) => u.clientUserId === registered?.clientUserId)).toMatchObject({
      status: 'Associated',
    });
    const v1 = delta.pages[0]?.versionId as string;
    expect(v1).not.toBe(v0);
    expect((await call(sim, token, `/users?sinceVersionId=${v1}`)).body.users).toEqual([]);
  });

  it('GET /assignments returns the assignments made since that version', async () => {
    const v0 = await versionOf('/assignments');
    const { adamId, clientUserId } = freshPair();
    await write(sim, token, '/assets/associate', {
      assets: [{ adamId, pricingParam: 'STDQ' }],
      clientUserIds: [clientUserId],
    });
    const delta = await call(sim, token, `/assignments?sinceVersionId=${v0}`);
    expect(delta.body.assignments).toEqual([{ adamId, clientUserId, pricingParam: 'STDQ' }]);
    const filtered = await call(sim, token, `/assignments?sinceVersionId=${v0}&adamId=1`);
    expect(filtered.body.assignments).toEqual([]);
  });

  it('a version this endpoint never issued is 9721 (400), including another collection’s', async () => {
    expect(await call(sim, token, '/users?sinceVersionId=nope')).toMatchObject({
      status: 400,
      body: { errorNumber: 9721 },
    });
    const assignmentsVersion = await versionOf('/assignments');
    expect((await call(sim, token, `/users?sinceVersionId=${assignmentsVersion}`)).body.errorNumber).toBe(9721);
    const usersVersion = await versionOf('/users');
    expect((await call(sim, token, `/assignments?sinceVersionId=${usersVersion}`)).body.errorNumber).toBe(9721);
  });

  it('the versionId of the first page of a walk catches everything written during the walk', async () => {
    const first = await call(sim, token, '/users?pageIndex=0');
    await write(sim, token, '/users/update', { users: [{ clientUserId: 'client-1', email: 'new-1@example.com' }] });
    const rest = await walk(sim, token, `/users?sinceVersionId=${first.body.versionId as string}`, 'users');
    expect(rest.records.map((u: Json) => u.clientUserId)).toContain('client-1');
    expect(rest.records.find((u) => u.clientUserId === 'client-1')?.email).toBe('new-1@example.com');
  });
});
