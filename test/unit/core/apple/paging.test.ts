// Walks: page 0 first, then the rest with at most 5 in flight; a versionId
// change part-way restarts the walk; a refused sinceVersionId asks for a
// full resync.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fakeClock,
  fixture,
  makeClient,
  rejectionOf,
  sendJson,
  startServer,
  type Recorded,
  type TestServer,
} from './helpers';
import type { User } from '../../../../electron/core/apple';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const example = fixture<{ users: User[]; tokenExpirationDate: string; uId: string }>('get-users');
const users = (n: number): User[] =>
  Array.from(
    { length: n },
    (_, i) => ({ ...example.users[0], clientUserId: `client-${i}`, email: `client-${i}@apple.com` }) as User,
  );

/** Pages after page 0 the client will ask for in all, and how many it may have in flight at once. */
interface Gate {
  pages: number;
  inFlight: number;
}

/** Serves `all` in pages of `size` like Apple's /users, versionId chosen per request. */
function serveUsers(
  all: User[],
  size: number,
  versionFor: (req: Recorded) => string,
  gate: Gate | null = null,
  target: TestServer = server,
) {
  const waiting: Array<() => void> = [];
  let answered = 0;
  target.reset(async (req, res) => {
    const pageIndex = Number(req.query.get('pageIndex') ?? '0');
    const totalPages = Math.ceil(all.length / size);
    const body = {
      currentPageIndex: pageIndex,
      ...(pageIndex + 1 < totalPages ? { nextPageIndex: pageIndex + 1 } : {}),
      size: Math.min(size, Math.max(0, all.length - pageIndex * size)),
      tokenExpirationDate: example.tokenExpirationDate,
      totalPages,
      uId: example.uId,
      users: all.slice(pageIndex * size, (pageIndex + 1) * size),
      versionId: versionFor(req),
    };
    if (gate && pageIndex > 0) {
      // Hold page answers until as many requests are waiting as the client may have in flight
      // (or as remain): the overlap is then certain, not a matter of timing.
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length >= Math.min(gate.inFlight, gate.pages - answered)) {
          answered += waiting.length;
          for (const release of waiting.splice(0)) release();
        }
      });
    }
    sendJson(res, 200, body);
  });
}

const pageIndexes = () => server.requests.map((r) => Number(r.query.get('pageIndex')));

describe('walkUsers', () => {
  it('fetches page 0, then the rest with at most 5 requests in flight', async () => {
    const all = users(2300);
    serveUsers(all, 100, () => 'v1', { pages: 22, inFlight: 5 });
    const progress: Array<[number, number]> = [];
    const result = await makeClient(server, fakeClock()).walkUsers({
      onProgress: (done, total) => progress.push([done, total]),
    });
    if (result.fullResync) throw new Error('unexpected');
    expect(result.items.map((u) => u.clientUserId)).toEqual(all.map((u) => u.clientUserId));
    expect(result).toMatchObject({ versionId: 'v1', pages: 23, restarts: 0 });
    expect(pageIndexes()[0]).toBe(0);
    expect([...pageIndexes()].sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(server.maxInFlight).toBeLessThanOrEqual(5);
    expect(server.maxInFlight).toBeGreaterThan(1);
    expect(progress[0]).toEqual([1, 23]);
    expect(progress.at(-1)).toEqual([23, 23]);
    expect(progress.map(([d]) => d)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
  });

  it('concurrency is an option, and the cap holds across two walks at once', async () => {
    serveUsers(users(1000), 50, () => 'v1', { pages: 38, inFlight: 3 });
    const client = makeClient(server, fakeClock(), { concurrency: 3 });
    await Promise.all([client.walkUsers(), client.walkUsers()]);
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
    expect(server.requests).toHaveLength(40);
  });

  it('restarts when versionId changes part-way and returns one consistent snapshot', async () => {
    const all = users(1000);
    let changed = false;
    serveUsers(all, 100, (req) => {
      if (req.query.get('pageIndex') === '6') changed = true;
      return changed ? 'v2' : 'v1';
    });
    const result = await makeClient(server, fakeClock()).walkUsers();
    if (result.fullResync) throw new Error('unexpected');
    expect(result).toMatchObject({ versionId: 'v2', pages: 10, restarts: 1 });
    expect(result.items).toHaveLength(1000);
    expect(pageIndexes().filter((i) => i === 0)).toHaveLength(2);
  });

  it('hands each page to a sink as it arrives and keeps none; a restart tells the sink to drop what it had', async () => {
    const all = users(1000);
    let changed = false;
    serveUsers(all, 100, (req) => {
      if (req.query.get('pageIndex') === '6') changed = true;
      return changed ? 'v2' : 'v1';
    });
    const got = new Map<number, string[]>();
    const log: string[] = [];
    const result = await makeClient(server, fakeClock()).walkUsers({
      map: (u) => u.clientUserId,
      sink: {
        page: (index, items) => {
          got.set(index, items);
          log.push(`page ${index}`);
        },
        restart: () => {
          got.clear();
          log.push('restart');
        },
      },
    });
    if (result.fullResync) throw new Error('unexpected');
    expect(result).toMatchObject({ items: [], versionId: 'v2', pages: 10, restarts: 1 });
    expect(log.filter((l) => l === 'restart')).toHaveLength(1);
    // Every page of the last pass, once, and together every user in page order.
    expect([...got.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...got].sort(([a], [b]) => a - b).flatMap(([, ids]) => ids)).toEqual(all.map((u) => u.clientUserId));
  });

  it('a sink that takes raw pages gets each body unread; a body it gives back as text is read here as before', async () => {
    const all = users(500);
    let busyOnce = true;
    server.reset((req, res) => {
      const pageIndex = Number(req.query.get('pageIndex'));
      // An error inside HTTP 200, once: the sink gives it back, the client reads it and asks again.
      if (pageIndex === 3 && busyOnce) {
        busyOnce = false;
        return sendJson(res, 200, { errorNumber: 9646, errorMessage: 'Too many requests.' });
      }
      const page = all.slice(pageIndex * 100, (pageIndex + 1) * 100);
      sendJson(res, 200, { ...example, users: page, currentPageIndex: pageIndex, totalPages: 5, versionId: 'v1' });
    });
    const held = new Map<number, string[]>();
    const handedOver: number[] = [];
    let mapped = 0;
    const result = await makeClient(server, fakeClock()).walkUsers({
      map: (u) => {
        mapped++;
        return u.clientUserId;
      },
      sink: {
        page: (index) => handedOver.push(index),
        restart: () => held.clear(),
        // Stands in for the sync's worker: keeps a clean page's rows, gives anything else back as text.
        raw: async (index, body) => {
          const text = new TextDecoder().decode(body);
          const json = JSON.parse(text) as { users?: User[]; errorNumber?: number };
          if (json.errorNumber !== undefined || !json.users) return { text };
          held.set(
            index,
            json.users.map((u) => u.clientUserId),
          );
          return { json: { ...json, users: [] } };
        },
      },
    });
    if (result.fullResync) throw new Error('unexpected');
    expect(result).toMatchObject({ items: [], versionId: 'v1', pages: 5 });
    // Nothing parsed or handed over on this side: every page was the sink's.
    expect(handedOver).toEqual([]);
    expect(mapped).toBe(0);
    expect([...held].sort(([a], [b]) => a - b).flatMap(([, ids]) => ids)).toEqual(all.map((u) => u.clientUserId));
    expect(pageIndexes().filter((i) => i === 3)).toHaveLength(2);
  });

  it('a page the raw sink gives back fails the walk with the message it fails with when read here', async () => {
    const bad = { ...example, users: [{ ...example.users[0], clientUserId: 5 }], totalPages: 1, versionId: 'v1' };
    server.reset((_req, res) => sendJson(res, 200, bad));
    const here = await rejectionOf(makeClient(server, fakeClock()).walkUsers());
    const raw = await rejectionOf(
      makeClient(server, fakeClock()).walkUsers({
        sink: {
          page: () => undefined,
          restart: () => undefined,
          raw: async (_i, body) => ({ text: new TextDecoder().decode(body) }),
        },
      }),
    );
    expect(raw).toMatchObject({ code: 'APPLE_ERROR' });
    expect((raw as Error).message).toBe((here as Error).message);
    expect((raw as Error).message).toMatch(/unexpected shape at "users\.0\.clientUserId"/);
  });

  it('gives up with APPLE_BUSY when the data keeps changing', async () => {
    let n = 0;
    serveUsers(users(300), 100, (req) => (req.query.get('pageIndex') === '0' ? `v${++n}` : 'other'));
    const err = await rejectionOf(makeClient(server, fakeClock()).walkUsers());
    expect(err).toMatchObject({ code: 'APPLE_BUSY' });
    expect(pageIndexes().filter((i) => i === 0)).toHaveLength(4);
  });

  it('sends sinceVersionId on every page', async () => {
    serveUsers(users(250), 100, () => 'v8');
    const result = await makeClient(server, fakeClock()).walkUsers({ sinceVersionId: 'v7', activeOnly: true });
    expect(result).toMatchObject({ fullResync: false, versionId: 'v8', pages: 3 });
    expect(server.requests.map((r) => r.query.get('sinceVersionId'))).toEqual(['v7', 'v7', 'v7']);
    expect(server.requests.every((r) => r.query.get('activeOnly') === 'true')).toBe(true);
  });

  it('9721 (bad sinceVersionId) resolves to { fullResync: true }', async () => {
    server.reset((_req, res) =>
      sendJson(res, 400, {
        errorNumber: 9721,
        errorMessage:
          'This request contains an invalid version ID. Change the request to send the version ID from the read APIs.',
      }),
    );
    const client = makeClient(server, fakeClock());
    await expect(client.walkUsers({ sinceVersionId: 'stale' })).resolves.toEqual({
      fullResync: true,
      reason: 'invalid-since-version',
    });
    await expect(client.walkAssignments({ sinceVersionId: 'stale' })).resolves.toEqual({
      fullResync: true,
      reason: 'invalid-since-version',
    });
    expect(server.requests).toHaveLength(2);
    // A single-page read surfaces it as the Apple error it is.
    await expect(client.getUsers({ sinceVersionId: 'stale' })).rejects.toMatchObject({
      code: 'APPLE_ERROR',
      errorNumber: 9721,
    });
  });

  it('an error on a later page fails the walk', async () => {
    server.reset((req, res) => {
      const pageIndex = Number(req.query.get('pageIndex'));
      if (pageIndex === 2) return sendJson(res, 400, { errorNumber: 9602, errorMessage: 'Invalid argument.' });
      sendJson(res, 200, { ...example, currentPageIndex: pageIndex, totalPages: 4, versionId: 'v1' });
    });
    await expect(makeClient(server, fakeClock()).walkUsers()).rejects.toMatchObject({
      code: 'APPLE_ERROR',
      errorNumber: 9602,
    });
  });

  it('joins a large walk in slices, letting the event loop run in between (the window stays answered)', async () => {
    const all = users(45_000);
    serveUsers(all, 5000, () => 'v1');
    let timerRan = false;
    const result = await makeClient(server, fakeClock()).walkUsers({
      // Queued once the last page is in: it runs before the walk resolves only if joining the pages yields.
      onProgress: (done, total) => {
        if (done === total) setImmediate(() => (timerRan = true));
      },
    });
    expect(timerRan).toBe(true);
    if (result.fullResync) throw new Error('unexpected');
    expect(result.items).toHaveLength(45_000);
    expect(result.items.map((u) => u.clientUserId)).toEqual(all.map((u) => u.clientUserId));
  });

  it('many lanes in flight on one walk raise no listener-leak warning (their listeners are expected)', async () => {
    serveUsers(users(2400), 100, () => 'v1', { pages: 23, inFlight: 12 });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      await makeClient(server, fakeClock(), { concurrency: 12 }).walkUsers();
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('an empty set is one empty page', async () => {
    server.reset((_req, res) => sendJson(res, 200, { ...example, users: [], size: 0, totalPages: 0, versionId: 'v0' }));
    await expect(makeClient(server, fakeClock()).walkUsers()).resolves.toMatchObject({
      items: [],
      pages: 1,
      versionId: 'v0',
    });
  });

  it('an abort mid-walk rejects with the reason', async () => {
    // A server of its own, closed after: requests cut off in flight can never reach the next test's.
    const own = await startServer();
    try {
      serveUsers(users(2000), 100, () => 'v1', null, own);
      const controller = new AbortController();
      const reason = new Error('stop');
      const walk = makeClient(own, fakeClock()).walkUsers({
        signal: controller.signal,
        onProgress: (done) => done === 3 && controller.abort(reason),
      });
      await expect(walk).rejects.toBe(reason);
      expect(own.requests.length).toBeLessThan(20);
    } finally {
      await own.close();
    }
  });
});

describe('walkAssets and walkAssignments', () => {
  it("walk Apple's single-page examples with filters", async () => {
    server.reset((req, res) =>
      sendJson(res, 200, req.path.endsWith('/assets') ? fixture('get-assets') : fixture('get-assignments')),
    );
    const client = makeClient(server, fakeClock());
    const assets = await client.walkAssets({ productType: 'App', pricingParam: 'STDQ' });
    expect(assets).toMatchObject({ fullResync: false, pages: 1, versionId: '70e8c740-514c-11eb-bb63-a90b882fcd52' });
    expect(assets.items).toHaveLength(5);
    const assignments = await client.walkAssignments({ adamId: '408709785' });
    if (assignments.fullResync) throw new Error('unexpected');
    expect(assignments.items).toHaveLength(2);
    expect(server.requests.map((r) => r.query.toString())).toEqual([
      'productType=App&pricingParam=STDQ&pageIndex=0',
      'adamId=408709785&pageIndex=0',
    ]);
  });
});
