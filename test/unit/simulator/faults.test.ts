import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../fakes/apple-simulator';
import { call } from './helpers';

let sim: Simulator;
let token: string;

beforeEach(async () => {
  sim = await startSimulator({ seed: 81, eventDelayMs: 5 });
  token = sim.issueToken();
});
afterEach(async () => {
  await sim.close();
});

const get = (path: string): Promise<Response> =>
  fetch(`${sim.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('faults, seen by a raw fetch', () => {
  it('rate-limit: HTTP 429, errorNumber 9646 and Retry-After, then normal service', async () => {
    sim.faults.set({ kind: 'rate-limit', retryAfter: 7 });
    const r = await get('/assets');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(await r.json()).toMatchObject({ errorNumber: 9646 });
    expect((await get('/assets')).status).toBe(200);
  });

  it('server-error: 503 by default, or the status asked for, with Retry-After in seconds or as an HTTP date', async () => {
    const date = new Date(Date.now() + 120_000).toUTCString();
    sim.faults.set({ kind: 'server-error', retryAfter: 120 });
    sim.faults.set({ kind: 'server-error', status: 500, retryAfter: date });
    const a = await get('/users');
    expect(a.status).toBe(503);
    expect(a.headers.get('retry-after')).toBe('120');
    expect(((await a.json()) as { errorNumber: number }).errorNumber).toBe(9603);
    const b = await get('/users');
    expect(b.status).toBe(500);
    expect(b.headers.get('retry-after')).toBe(date);
    expect((await get('/users')).status).toBe(200);
  });

  it('slow: the answer comes after the delay, and is correct', async () => {
    sim.faults.set({ kind: 'slow', delayMs: 200 });
    const t0 = Date.now();
    const r = await get('/assets');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { assets: unknown[] }).assets.length).toBeGreaterThan(0);
  });

  it('drop: the connection closes without an answer', async () => {
    sim.faults.set({ kind: 'drop' });
    await expect(get('/assets')).rejects.toThrow();
    expect(sim.requests.at(-1)).toMatchObject({ path: '/mdm/v2/assets', status: 0 });
    expect((await get('/assets')).status).toBe(200);
  });

  it('truncate: half the JSON body arrives, then the connection is cut', async () => {
    sim.faults.set({ kind: 'truncate' });
    const r = await get('/assets');
    expect(r.status).toBe(200);
    await expect(r.json()).rejects.toThrow();
    expect((await get('/assets')).status).toBe(200);
  });

  it('error-200: HTTP 200 whose body is an error', async () => {
    sim.faults.set({ kind: 'error-200', errorNumber: 9622 });
    const r = await get('/assets');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ errorNumber: 9622, errorMessage: 'Invalid authentication token.' });
  });

  it('revoke-after: N more requests succeed, then the token is revoked (9625) for good', async () => {
    sim.faults.set({ kind: 'revoke-after', requests: 2 });
    expect((await get('/assets')).status).toBe(200);
    expect((await get('/users')).status).toBe(200);
    const r = await get('/assignments');
    expect(r.status).toBe(401);
    expect(((await r.json()) as { errorNumber: number }).errorNumber).toBe(9625);
    expect((await call(sim, token, '/assets')).body.errorNumber).toBe(9625);
    expect(sim.state().tokens.revoked).toBe(1);
  });

  it('match limits a fault to matching paths, count to that many requests; clear removes them', async () => {
    sim.faults.set({ kind: 'rate-limit', match: '/users', count: 2 });
    expect((await get('/assets')).status).toBe(200);
    expect((await get('/users')).status).toBe(429);
    expect((await get('/users?pageIndex=0')).status).toBe(429);
    expect((await get('/users')).status).toBe(200);
    sim.faults.set({ kind: 'server-error', count: -1 }); // until cleared
    for (let i = 0; i < 3; i++) expect((await get('/assets')).status).toBe(503);
    sim.faults.clear();
    expect((await get('/assets')).status).toBe(200);
  });

  it('faults also hit the unauthenticated service/config', async () => {
    sim.faults.set({ kind: 'server-error', match: 'service/config' });
    expect((await fetch(`${sim.url}/service/config`)).status).toBe(503);
  });

  it('an unknown fault kind is refused', () => {
    expect(() => sim.faults.set({ kind: 'explode' } as unknown as Parameters<Simulator['faults']['set']>[0])).toThrow(
      /unknown fault/,
    );
  });

  it('the request log records method, path, query and status', async () => {
    await get('/users?pageIndex=0&activeOnly=true');
    expect(sim.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: '/mdm/v2/users',
      query: { pageIndex: '0', activeOnly: 'true' },
      status: 200,
    });
    expect(typeof sim.requests.at(-1)?.at).toBe('number');
  });
});

describe('rate limit enforcement', () => {
  it('above ~15 requests a second per token the answer is 9646/429 with Retry-After', async () => {
    const limited = await startSimulator({ seed: 82, enforceRateLimit: true });
    try {
      const file = limited.issueToken();
      const results = await Promise.all(
        Array.from({ length: 25 }, () =>
          fetch(`${limited.url}/assets`, { headers: { authorization: `Bearer ${file}` } }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200).length).toBe(15);
      expect(statuses.filter((s) => s === 429).length).toBe(10);
      const refused = results.find((r) => r.status === 429);
      expect(refused?.headers.get('retry-after')).toBeTruthy();
      expect(await refused?.json()).toMatchObject({ errorNumber: 9646 });
      await Promise.all(results.filter((r) => !r.bodyUsed).map((r) => r.arrayBuffer()));
      // Another token has its own budget.
      expect(
        (await fetch(`${limited.url}/assets`, { headers: { authorization: `Bearer ${limited.issueToken()}` } })).status,
      ).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
