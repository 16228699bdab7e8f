import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../fakes/apple-simulator';
import { call, settle, write, type Json } from './helpers';

let sim: Simulator;
let token: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 61, apps: 12, users: 40, assignments: 50, eventDelayMs: 5 });
  token = sim.issueToken();
});
afterAll(async () => {
  await sim.close();
});

const app = () => {
  const a = sim
    .listAssets()
    .find((x) => x.productType === 'App' && x.deviceAssignable && x.pricingParam === 'STDQ' && x.availableCount >= 3);
  if (a === undefined) throw new Error('seed has no roomy app');
  return a;
};
const book = () => {
  const b = sim.listAssets().find((x) => x.productType === 'Book');
  if (b === undefined) throw new Error('seed has no book');
  return b;
};

describe('asynchronous events', () => {
  it('a write answers {eventId} at once; the event is PENDING, then COMPLETE with counts', async () => {
    // Its own simulator with a long delay, so PENDING is observable even on a loaded machine.
    const slow = await startSimulator({ seed: 61, apps: 12, users: 40, assignments: 50, eventDelayMs: 400 });
    try {
      const file = slow.issueToken();
      const asset = slow
        .listAssets()
        .find(
          (x) => x.productType === 'App' && x.deviceAssignable && x.pricingParam === 'STDQ' && x.availableCount >= 3,
        );
      if (asset === undefined) throw new Error('seed has no roomy app');
      const u = slow
        .usersByStatus('Associated', 1000)
        .find((x) => !slow.assignmentsOfUser(x.clientUserId).some((a) => a.adamId === asset.adamId));
      const before = asset.assignedCount;
      const r = await call(slow, file, '/assets/associate', {
        body: {
          assets: [{ adamId: asset.adamId, pricingParam: 'STDQ' }],
          clientUserIds: [u?.clientUserId],
          serialNumbers: ['SIMSERIAL001'],
        },
      });
      expect(r.status).toBe(200);
      expect(r.body.eventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.body.uId).toBe(slow.uId);
      const pending = await call(slow, file, `/status?eventId=${r.body.eventId as string}`);
      expect(pending.body).toMatchObject({
        eventStatus: 'PENDING',
        eventType: 'ASSOCIATE',
        numRequested: 2,
        numCompleted: 0,
      });
      expect(slow.asset(asset.adamId)?.assignedCount).toBe(before); // nothing applied yet
      expect(slow.state().events.pending).toBe(1);
      const done = await settle(slow, file, r.body.eventId);
      expect(done).toMatchObject({
        eventStatus: 'COMPLETE',
        eventType: 'ASSOCIATE',
        numRequested: 2,
        numCompleted: 2,
        uId: slow.uId,
      });
      expect(done.failures).toBeUndefined();
      expect(slow.asset(asset.adamId)?.assignedCount).toBe(before + 2);
      expect(slow.assignmentsFor(asset.adamId)).toContainEqual({
        adamId: asset.adamId,
        pricingParam: 'STDQ',
        serialNumber: 'SIMSERIAL001',
      });
    } finally {
      await slow.close();
    }
  });

  it('an unknown eventId is 9708; so is another location’s event', async () => {
    expect(await call(sim, token, '/status?eventId=00000000-0000-0000-0000-000000000000')).toMatchObject({
      status: 400,
      body: { errorNumber: 9708 },
    });
    sim.addLocation({ uId: '1111222233334444', locationName: 'Annex' });
    const other = sim.issueToken({ uId: '1111222233334444' });
    const r = await call(sim, token, '/users/update', { body: { users: [{ clientUserId: 'client-1' }] } });
    expect((await call(sim, other, `/status?eventId=${r.body.eventId as string}`)).body.errorNumber).toBe(9708);
  });

  it('associating to a Registered user is allowed (the license waits for the invitation)', async () => {
    const asset = app();
    const user = sim
      .usersByStatus('Registered', 100)
      .find((u) => !sim.assignmentsOfUser(u.clientUserId).some((a) => a.adamId === asset.adamId));
    const done = await write(sim, token, '/assets/associate', {
      assets: [{ adamId: asset.adamId, pricingParam: 'STDQ' }],
      clientUserIds: [user?.clientUserId],
    });
    expect(done.eventStatus).toBe('COMPLETE');
    expect(sim.assignmentsOfUser(user?.clientUserId ?? '')).toContainEqual({
      adamId: asset.adamId,
      pricingParam: 'STDQ',
      clientUserId: user?.clientUserId,
    });
  });

  it('retired and unknown users fail with 9609 in failures[], the rest complete', async () => {
    const asset = app();
    const [retired] = sim.usersByStatus('Retired', 1);
    const ok = sim
      .usersByStatus('Associated', 100)
      .find((u) => !sim.assignmentsOfUser(u.clientUserId).some((a) => a.adamId === asset.adamId));
    const done = await write(sim, token, '/assets/associate', {
      assets: [{ adamId: asset.adamId, pricingParam: 'STDQ' }],
      clientUserIds: [retired?.clientUserId, 'nobody-here', ok?.clientUserId],
    });
    expect(done).toMatchObject({ eventStatus: 'FAILED', numRequested: 3, numCompleted: 1 });
    expect(done.failures).toEqual([
      {
        errorNumber: 9609,
        errorMessage: expect.any(String) as string,
        errorInfo: {
          assets: [{ adamId: asset.adamId, pricingParam: 'STDQ' }],
          clientUserIds: [retired?.clientUserId, 'nobody-here'],
        },
      },
    ]);
  });

  it('users/create makes Registered users with an inviteCode; a Managed Apple Account is Associated at once', async () => {
    const done = await write(sim, token, '/users/create', {
      users: [
        { clientUserId: 'new-a', email: 'new-a@example.com' },
        { clientUserId: 'new-b', email: 'new-b@example.com', managedAppleId: 'new-b@appleid.example.com' },
      ],
    });
    expect(done).toMatchObject({ eventStatus: 'COMPLETE', eventType: 'CREATE', numRequested: 2, numCompleted: 2 });
    const a = (await call(sim, token, '/users?clientUserId=new-a')).body.users as Json[];
    expect(a[0]).toMatchObject({ clientUserId: 'new-a', email: 'new-a@example.com', status: 'Registered' });
    expect(a[0]?.inviteCode).toMatch(/^[0-9a-f]{32}$/);
    expect(sim.user('new-b')).toMatchObject({ status: 'Associated' });
    expect(sim.user('new-b')?.idHash).toBeTruthy();
  });

  it('creating an existing user fails asynchronously with 9716; update and retire of unknown users with 9609', async () => {
    const dup = await write(sim, token, '/users/create', {
      users: [{ clientUserId: 'client-1', email: 'x@example.com' }],
    });
    expect(dup).toMatchObject({ eventStatus: 'FAILED', numCompleted: 0 });
    expect((dup.failures as Json[])[0]).toMatchObject({
      errorNumber: 9716,
      errorInfo: { clientUserIds: ['client-1'] },
    });
    const upd = await write(sim, token, '/users/update', {
      users: [{ clientUserId: 'ghost', email: 'g@example.com' }],
    });
    expect((upd.failures as Json[])[0]).toMatchObject({ errorNumber: 9609, errorInfo: { clientUserIds: ['ghost'] } });
    const ret = await write(sim, token, '/users/retire', { users: [{ clientUserId: 'ghost' }] });
    expect(ret).toMatchObject({ eventType: 'RETIRE', eventStatus: 'FAILED' });
  });

  it('users/update changes the email', async () => {
    await write(sim, token, '/users/update', { users: [{ clientUserId: 'new-a', email: 'renamed@example.com' }] });
    expect(sim.user('new-a')?.email).toBe('renamed@example.com');
  });
});

describe('synchronous validation (HTTP 400, no event)', () => {
  const asset = { adamId: '361309726', pricingParam: 'STDQ' };
  const cases: Array<[string, string, unknown, number]> = [
    ['no assets', '/assets/associate', { clientUserIds: ['a'] }, 9718],
    ['empty assets', '/assets/associate', { assets: [], clientUserIds: ['a'] }, 9718],
    ['no users or serials', '/assets/associate', { assets: [asset] }, 9719],
    [
      'too many assets',
      '/assets/associate',
      {
        assets: Array.from({ length: 26 }, (_, i) => ({ adamId: String(100 + i), pricingParam: 'STDQ' })),
        clientUserIds: ['a'],
      },
      9700,
    ],
    [
      'too many clientUserIds',
      '/assets/associate',
      { assets: [asset], clientUserIds: Array.from({ length: 1001 }, (_, i) => `u${i}`) },
      9701,
    ],
    [
      'too many serialNumbers',
      '/assets/associate',
      { assets: [asset], serialNumbers: Array.from({ length: 1001 }, (_, i) => `s${i}`) },
      9702,
    ],
    ['duplicate assets', '/assets/associate', { assets: [asset, asset], clientUserIds: ['a'] }, 9703],
    ['duplicate clientUserIds', '/assets/disassociate', { assets: [asset], clientUserIds: ['a', 'a'] }, 9704],
    ['duplicate serialNumbers', '/assets/associate', { assets: [asset], serialNumbers: ['s', 's'] }, 9705],
    [
      'too many revoke clientUserIds',
      '/assets/revoke',
      { clientUserIds: Array.from({ length: 101 }, (_, i) => `u${i}`) },
      9701,
    ],
    ['revoke with nobody', '/assets/revoke', {}, 9719],
    ['no users', '/users/create', {}, 9720],
    [
      'too many users',
      '/users/create',
      { users: Array.from({ length: 101 }, (_, i) => ({ clientUserId: `n${i}`, email: `n${i}@example.com` })) },
      9714,
    ],
    ['duplicate users', '/users/retire', { users: [{ clientUserId: 'a' }, { clientUserId: 'a' }] }, 9715],
    ['bad email', '/users/create', { users: [{ clientUserId: 'a', email: 'not-an-email' }] }, 9717],
    [
      'bad pricingParam',
      '/assets/associate',
      { assets: [{ adamId: '1', pricingParam: 'HD' }], clientUserIds: ['a'] },
      9602,
    ],
  ];
  it.each(cases)('%s -> %d', async (_name, path, body, errorNumber) => {
    const before = sim.state().events;
    const r = await call(sim, token, path, { body });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ errorNumber, errorMessage: expect.any(String) as string });
    expect(r.body.eventId).toBeUndefined();
    const after = sim.state().events;
    expect(after.pending + after.complete + after.failed).toBe(before.pending + before.complete + before.failed);
  });

  it('a book to a device is 9707; disassociating a book (not revocable) is 9706', async () => {
    const b = book();
    const ref = { adamId: b.adamId, pricingParam: b.pricingParam };
    expect(
      (await call(sim, token, '/assets/associate', { body: { assets: [ref], serialNumbers: ['S1'] } })).body
        .errorNumber,
    ).toBe(9707);
    expect(
      (await call(sim, token, '/assets/disassociate', { body: { assets: [ref], clientUserIds: ['client-1'] } })).body
        .errorNumber,
    ).toBe(9706);
  });

  it('an unknown endpoint is 404', async () => {
    expect((await call(sim, token, '/nope')).status).toBe(404);
  });
});
