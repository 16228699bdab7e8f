// Large writes split to service config limits (documented defaults until read).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type ManageAssetsRequest } from '../../../electron/core/apple';
import { splitManageAssets, splitRevoke, splitUsers } from '../../../electron/core/apple/batching';
import { fakeClock, fixture, makeClient, rejectionOf, sendJson, startServer, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const bodies = <T>() => server.requests.map((r) => JSON.parse(r.body) as T);

function serveEvents() {
  let n = 0;
  server.reset((req, res) => {
    if (req.path.endsWith('/service/config')) return sendJson(res, 200, fixture('service-config'));
    n += 1;
    sendJson(res, 200, { ...fixture('event-response'), eventId: `event-${n}` });
  });
}

describe('associateBatched', () => {
  it('splits 2,500 users into 1000-sized associate calls', async () => {
    serveEvents();
    const client = makeClient(server, fakeClock());
    const seen: string[] = [];
    const result = await client.associateBatched(
      { assets: [{ adamId: '408709785', pricingParam: 'STDQ' }], clientUserIds: ids('client', 2500) },
      { onSubmitted: (s) => seen.push(s.eventId) },
    );
    const sent = bodies<ManageAssetsRequest>();
    expect(server.requests.every((r) => r.path === '/mdm/v2/assets/associate')).toBe(true);
    expect(sent.map((b) => b.clientUserIds?.length)).toEqual([1000, 1000, 500]);
    expect(sent.flatMap((b) => b.clientUserIds)).toEqual(ids('client', 2500));
    expect(sent.every((b) => b.assets.length === 1 && b.serialNumbers === undefined)).toBe(true);
    expect(result.map((r) => r.eventId)).toEqual(['event-1', 'event-2', 'event-3']);
    expect(seen).toEqual(['event-1', 'event-2', 'event-3']);
    expect(result[2]?.request.clientUserIds).toHaveLength(500);
  });

  it('uses the limits of service config once read', async () => {
    serveEvents();
    const client = makeClient(server, fakeClock());
    expect(client.limits).toEqual(DEFAULT_LIMITS);
    server.reset((_req, res) => sendJson(res, 200, { ...fixture('service-config'), limits: { ...fixture<{ limits: object }>('service-config').limits, maxClientUserIds: 400 } }));
    await client.serviceConfig();
    expect(client.limits.maxClientUserIds).toBe(400);
    serveEvents();
    await client.disassociateBatched({ assets: [{ adamId: '1' }], clientUserIds: ids('c', 1000) });
    expect(bodies<ManageAssetsRequest>().map((b) => b.clientUserIds?.length)).toEqual([400, 400, 200]);
  });

  it('stops at the first failure after reporting the chunks Apple accepted', async () => {
    let n = 0;
    server.reset((_req, res) => {
      n += 1;
      if (n === 2) return sendJson(res, 400, { errorNumber: 9709, errorMessage: 'Not enough licenses.' });
      sendJson(res, 200, { ...fixture('event-response'), eventId: `event-${n}` });
    });
    const seen: string[] = [];
    const err = await rejectionOf(
      makeClient(server, fakeClock()).associateBatched({ assets: [{ adamId: '1' }], serialNumbers: ids('s', 3000) }, { onSubmitted: (s) => seen.push(s.eventId) }),
    );
    expect(err).toMatchObject({ code: 'APPLE_ERROR', errorNumber: 9709 });
    expect(seen).toEqual(['event-1']);
    expect(server.requests).toHaveLength(2);
  });
});

describe('other batched writes', () => {
  it('users go 100 per call, revokes 100 per list', async () => {
    serveEvents();
    const client = makeClient(server, fakeClock());
    await client.createUsersBatched(ids('u', 250).map((clientUserId) => ({ clientUserId, email: `${clientUserId}@example.com` })));
    expect(bodies<{ users: unknown[] }>().map((b) => b.users.length)).toEqual([100, 100, 50]);
    serveEvents();
    await client.retireUsersBatched(ids('u', 120).map((clientUserId) => ({ clientUserId })));
    expect(server.requests.map((r) => r.path)).toEqual(['/mdm/v2/users/retire', '/mdm/v2/users/retire']);
    serveEvents();
    await client.updateUsersBatched([{ clientUserId: 'a', email: 'a@example.com' }]);
    expect(server.requests).toHaveLength(1);
    serveEvents();
    await client.revokeBatched({ clientUserIds: ids('c', 150), serialNumbers: ids('s', 250) });
    expect(bodies<{ clientUserIds?: string[]; serialNumbers?: string[] }>().map((b) => [b.clientUserIds?.length, b.serialNumbers?.length])).toEqual([
      [100, 100],
      [50, 100],
      [undefined, 50],
    ]);
  });
});

describe('split functions', () => {
  it('pair every asset chunk with every target chunk and drop duplicates', () => {
    const assets = [...ids('a', 30).map((adamId) => ({ adamId, pricingParam: 'STDQ' })), { adamId: 'a-0', pricingParam: 'STDQ' }];
    const parts = splitManageAssets(
      { assets, clientUserIds: [...ids('c', 1500), 'c-1'], serialNumbers: ids('s', 10) },
      DEFAULT_LIMITS,
    );
    expect(parts.map((p) => [p.assets.length, p.clientUserIds?.length, p.serialNumbers?.length])).toEqual([
      [25, 1000, 10],
      [5, 1000, 10],
      [25, 500, undefined],
      [5, 500, undefined],
    ]);
  });

  it('the same adamId with another pricingParam is another asset', () => {
    const parts = splitManageAssets(
      { assets: [{ adamId: '1', pricingParam: 'STDQ' }, { adamId: '1', pricingParam: 'PLUS' }], clientUserIds: ['c'] },
      DEFAULT_LIMITS,
    );
    expect(parts[0]?.assets).toHaveLength(2);
  });

  it('nothing to do gives no requests', () => {
    expect(splitManageAssets({ assets: [], clientUserIds: ['c'] }, DEFAULT_LIMITS)).toEqual([]);
    expect(splitManageAssets({ assets: [{ adamId: '1' }] }, DEFAULT_LIMITS)).toEqual([]);
    expect(splitRevoke({}, DEFAULT_LIMITS)).toEqual([]);
    expect(splitUsers([], DEFAULT_LIMITS)).toEqual([]);
  });
});
