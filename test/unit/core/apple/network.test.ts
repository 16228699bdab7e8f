// Failures below HTTP: cut bodies, dropped connections, timeouts, aborts.
// Reads are retried; a write that may have reached Apple is not, and says so.
import http from 'node:http';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppleApiError, AppleUnreachableError } from '../../../../electron/core/apple';
import {
  INNER_TOKEN,
  TOKEN,
  fakeClock,
  fixture,
  makeClient,
  rejectionOf,
  sendJson,
  startServer,
  stuckClock,
  type TestServer,
} from './helpers';
import type { AddressInfo } from 'node:net';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** Answers the n-th request (1-based) with `first`, later ones with Apple's example. */
function failFirst(times: number, first: (res: http.ServerResponse) => void, then: Record<string, unknown>) {
  let n = 0;
  server.reset((_req, res) => {
    n += 1;
    if (n <= times) return first(res);
    sendJson(res, 200, then);
  });
}

const truncated = (res: http.ServerResponse) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '4000' });
  // Cut once the half body is flushed: the client has seen it and then loses the connection.
  res.write('{"assets": [{"adamId": "408709785", "assignedCount": 50', () => res.destroy());
};
const dropped = (res: http.ServerResponse) => res.socket?.destroy();
const hang = () => undefined;

async function closedPortUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}/mdm/v2`;
}

describe('reads are retried', () => {
  it('after a truncated body', async () => {
    failFirst(1, truncated, fixture('get-assets'));
    const clock = fakeClock();
    const result = await makeClient(server, clock).getAssets();
    expect(result.assets).toHaveLength(5);
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toHaveLength(1);
  });

  it('after a complete but invalid JSON body', async () => {
    failFirst(
      1,
      (res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"users": [');
      },
      fixture('get-users'),
    );
    const result = await makeClient(server, fakeClock()).getUsers();
    expect(result.users).toHaveLength(3);
    expect(server.requests).toHaveLength(2);
  });

  it('after a dropped connection', async () => {
    failFirst(2, dropped, fixture('get-assignments'));
    const result = await makeClient(server, fakeClock()).getAssignments();
    expect(result.assignments).toHaveLength(2);
    expect(server.requests).toHaveLength(3);
  });

  it('after a timeout', async () => {
    failFirst(1, hang, fixture('client-config'));
    // The first request never answers; the retry must answer within the timeout even on a
    // loaded machine, so the timeout is generous (the hang costs it once).
    const result = await makeClient(server, fakeClock(), { timeoutMs: 1500 }).getClientConfig();
    expect(result.uId).toBe('2049025000431439');
    expect(server.requests).toHaveLength(2);
  });

  it('and end with APPLE_UNREACHABLE when the network never comes back', async () => {
    server.reset((_req, res) => dropped(res));
    const err = await rejectionOf(makeClient(server, fakeClock(), { maxRetries: 2 }).getAssets());
    expect(err).toBeInstanceOf(AppleUnreachableError);
    expect(err).toMatchObject({ code: 'APPLE_UNREACHABLE' });
    expect(server.requests).toHaveLength(3);
  });

  it('a 5xx without an Apple body (a gateway page) is retried for reads', async () => {
    failFirst(
      1,
      (res) => {
        res.writeHead(502, { 'Content-Type': 'text/html' });
        res.end('<html>Bad gateway</html>');
      },
      fixture('get-assets'),
    );
    await makeClient(server, fakeClock()).getAssets();
    expect(server.requests).toHaveLength(2);
  });
});

describe('writes that may have reached Apple are not resent', () => {
  const request = () => fixture<{ assets: Array<{ adamId: string }>; clientUserIds: string[] }>('associate-request');

  it('dropped connection → APPLE_UNREACHABLE, mayHaveReachedApple, one request', async () => {
    server.reset((_req, res) => dropped(res));
    const err = await rejectionOf(makeClient(server, fakeClock()).associate(request()));
    expect(err).toBeInstanceOf(AppleUnreachableError);
    expect(err).toMatchObject({ code: 'APPLE_UNREACHABLE', mayHaveReachedApple: true });
    expect(server.requests).toHaveLength(1);
  });

  it('timeout → APPLE_UNREACHABLE, mayHaveReachedApple, one request', async () => {
    server.reset(hang);
    const err = await rejectionOf(
      makeClient(server, fakeClock(), { timeoutMs: 150 }).createUsers([{ clientUserId: 'client-1' }]),
    );
    expect(err).toMatchObject({ code: 'APPLE_UNREACHABLE', mayHaveReachedApple: true });
    expect(server.requests).toHaveLength(1);
  });

  it('truncated reply to a write → APPLE_UNREACHABLE, one request', async () => {
    server.reset((_req, res) => truncated(res));
    const err = await rejectionOf(makeClient(server, fakeClock()).revoke({ serialNumbers: ['serial-1'] }));
    expect(err).toMatchObject({ code: 'APPLE_UNREACHABLE', mayHaveReachedApple: true });
    expect(server.requests).toHaveLength(1);
  });

  it('504 from a gateway → APPLE_UNREACHABLE, one request', async () => {
    server.reset((_req, res) => {
      res.writeHead(504);
      res.end();
    });
    const err = await rejectionOf(makeClient(server, fakeClock()).disassociate(request()));
    expect(err).toMatchObject({ code: 'APPLE_UNREACHABLE', mayHaveReachedApple: true });
    expect(server.requests).toHaveLength(1);
  });

  it("but a 500 with Apple's error body is resent (synchronous failures do no processing)", async () => {
    failFirst(
      1,
      (res) => sendJson(res, 500, { errorNumber: 9603, errorMessage: 'Internal error.' }),
      fixture('event-response'),
    );
    const result = await makeClient(server, fakeClock()).associate(request());
    expect(result.eventId).toBe('ed3edfc3-e617-465e-b309-a17925266e14');
    expect(server.requests).toHaveLength(2);
  });

  it('a refused connection is retried (the write never left), then APPLE_UNREACHABLE', async () => {
    const baseUrl = await closedPortUrl();
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls += 1;
      return fetch(input, init);
    };
    const client = makeClient(server, fakeClock(), { baseUrl, fetch: counting, maxRetries: 2 });
    const err = await rejectionOf(client.associate(request()));
    expect(err).toMatchObject({ code: 'APPLE_UNREACHABLE', mayHaveReachedApple: false });
    expect(calls).toBe(3);
  });
});

describe('cancellation', () => {
  it('aborting a read in flight rejects with the reason', async () => {
    server.reset(hang);
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const call = makeClient(server, fakeClock()).getAssets({}, { signal: controller.signal });
    await until(() => server.requests.length === 1);
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    expect(server.requests).toHaveLength(1);
  });

  it('aborting during a backoff stops the retries', async () => {
    server.reset((_req, res) => sendJson(res, 429, { errorNumber: 9646 }, { 'Retry-After': '5' }));
    const clock = stuckClock();
    const controller = new AbortController();
    const call = makeClient(server, clock).getUsers({}, { signal: controller.signal });
    await until(() => clock.sleeps.length === 1);
    controller.abort();
    const err = await rejectionOf(call);
    expect((err as Error).name).toBe('AbortError');
    expect(server.requests).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    server.reset((_req, res) => sendJson(res, 200, fixture('get-assets')));
    await expect(makeClient(server, fakeClock()).getAssets({}, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('a write already sent runs to its end, so its eventId is not lost', async () => {
    // Apple's answer is held until the abort has happened: no race between the two.
    let answer: (() => void) | undefined;
    const arrived = new Promise<void>((resolve) =>
      server.reset((_req, res) => {
        answer = () => sendJson(res, 200, fixture('event-response'));
        resolve();
      }),
    );
    const controller = new AbortController();
    const call = makeClient(server, fakeClock()).associate(fixture('associate-request'), { signal: controller.signal });
    await arrived;
    controller.abort();
    answer?.();
    await expect(call).resolves.toMatchObject({ eventId: 'ed3edfc3-e617-465e-b309-a17925266e14' });
  });
});

describe('the token never leaks into errors', () => {
  it('not from Apple echoing it, nor from network failures', async () => {
    const errors: unknown[] = [];
    // Apple echoing the Authorization header in its message, for a token and a request error.
    server.reset((req, res) =>
      sendJson(res, 200, {
        errorNumber: 9622,
        errorMessage: `Bad token ${req.headers.authorization} (${INNER_TOKEN})`,
      }),
    );
    errors.push(await rejectionOf(makeClient(server, fakeClock()).getAssets()));
    server.reset((req, res) =>
      sendJson(res, 400, { errorNumber: 9602, errorMessage: `Invalid argument: ${req.headers.authorization}` }),
    );
    errors.push(await rejectionOf(makeClient(server, fakeClock()).getAssets()));
    server.reset((_req, res) => dropped(res));
    errors.push(await rejectionOf(makeClient(server, fakeClock()).associate(fixture('associate-request'))));
    server.reset(hang);
    errors.push(await rejectionOf(makeClient(server, fakeClock(), { timeoutMs: 100, maxRetries: 0 }).getUsers()));
    errors.push(
      await rejectionOf(makeClient(server, fakeClock(), { baseUrl: await closedPortUrl(), maxRetries: 0 }).getUsers()),
    );
    server.reset((_req, res) => sendJson(res, 503, { errorNumber: 9603, errorMessage: 'Internal error.' }));
    errors.push(await rejectionOf(makeClient(server, fakeClock(), { maxRetries: 1 }).getUsers()));

    expect(errors).toHaveLength(6);
    expect(errors[0]).toBeInstanceOf(AppleApiError);
    expect(errors[1]).toMatchObject({ code: 'APPLE_ERROR', errorNumber: 9602 });
    for (const err of errors) {
      const dump = [
        (err as Error).message,
        (err as Error).stack ?? '',
        JSON.stringify(err),
        inspect(err, { depth: 10, showHidden: true }),
      ].join('\n');
      expect(dump).not.toContain(TOKEN);
      expect(dump).not.toContain(INNER_TOKEN);
    }
    expect((errors[1] as AppleApiError).appleMessage).toContain('[redacted]');
  });
});

/** Polls until `cond` holds, with a generous deadline (a loaded machine is slow, not wrong). */
async function until(cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error('condition never met');
}
