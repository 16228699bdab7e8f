// Honest network failures: a refusal is told within seconds, a silent server
// after its response timeout and one more try, never after the whole retry
// ladder; retries stay for what retrying fixes.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppleUnreachableError } from '../../../../electron/core/apple';
import { silentListener } from '../../../helpers/silent-listener';
import { fakeClock, fixture, makeClient, rejectionOf, sendJson, startServer, type TestServer } from './helpers';
import type { AddressInfo } from 'node:net';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

async function closedPortUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}/mdm/v2`;
}

describe('a refused connection', () => {
  it('is told once the unreachable budget is spent, not after every retry, in plain words', async () => {
    const clock = fakeClock();
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls += 1;
      return fetch(input, init);
    };
    const client = makeClient(server, clock, {
      baseUrl: await closedPortUrl(),
      fetch: counting,
      maxRetries: 10,
      unreachableWithinMs: 3_000,
    });
    const err = await rejectionOf(client.getAssets());
    expect(err).toBeInstanceOf(AppleUnreachableError);
    expect(err).toMatchObject({ reason: 'the connection was refused', mayHaveReachedApple: false });
    const waited = clock.sleeps.reduce((a, b) => a + b, 0);
    expect(waited).toBeLessThanOrEqual(3_000);
    expect(clock.sleeps.every((ms) => ms <= 2_000)).toBe(true);
    expect(calls).toBeGreaterThan(1);
    expect(calls).toBeLessThan(11);
  });
});

describe('a connection that is never completed (packets dropped)', () => {
  it('is told by the connect timeout, as not having reached Apple, not after the response timeout', async () => {
    const silent = await silentListener();
    try {
      const clock = fakeClock();
      // The default fetch (connect-fetch.ts) is the one under test; the response timeout is far off.
      const client = makeClient(server, clock, {
        baseUrl: `http://127.0.0.1:${silent.port}/mdm/v2`,
        connectTimeoutMs: 300,
        timeoutMs: 600_000,
        maxRetries: 10,
        unreachableWithinMs: 1_000,
      });
      const err = await rejectionOf(client.getAssets());
      expect(err).toBeInstanceOf(AppleUnreachableError);
      expect(err).toMatchObject({ reason: 'no connection within 300 ms', mayHaveReachedApple: false });
    } finally {
      await silent.stop();
    }
  }, 20_000);
});

describe('a server that accepts and never answers', () => {
  it('fails with the configured response timeout after one more try', async () => {
    server.reset(() => undefined);
    const err = await rejectionOf(makeClient(server, fakeClock(), { timeoutMs: 150, maxRetries: 4 }).getAssets());
    expect(err).toBeInstanceOf(AppleUnreachableError);
    expect(err).toMatchObject({ reason: 'no reply within 150 ms', mayHaveReachedApple: true });
    expect(server.requests).toHaveLength(2);
  });
});

describe('retries stay for what retrying fixes', () => {
  it('a reset mid-transfer is retried as before', async () => {
    let n = 0;
    server.reset((_req, res) => {
      n += 1;
      if (n <= 3) return res.socket?.destroy();
      sendJson(res, 200, fixture('get-assets'));
    });
    const result = await makeClient(server, fakeClock(), { maxRetries: 4 }).getAssets();
    expect(result.assets.length).toBeGreaterThan(0);
    expect(server.requests).toHaveLength(4);
  });
});
