// How the client reads Apple's errors: token errors (even inside HTTP 200)
// are final and reported; load errors back off honouring Retry-After; other
// Apple errors keep Apple's number and message.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppleApiError, AppleUnreachableError, isAppleError } from '../../../../electron/core/apple';
import { fakeClock, fixture, makeClient, rejectionOf, sendJson, startServer, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('token errors', () => {
  it('9622 inside HTTP 200 is TOKEN_INVALID, not retried, and reported', async () => {
    server.reset((_req, res) =>
      sendJson(res, 200, { errorNumber: 9622, errorMessage: 'Invalid authentication token' }),
    );
    const onTokenProblem = vi.fn();
    const clock = fakeClock();
    const client = makeClient(server, clock, { hooks: { onTokenProblem } });
    const err = await rejectionOf(client.getAssets());
    expect(err).toBeInstanceOf(AppleApiError);
    expect(err).toMatchObject({ code: 'TOKEN_INVALID', errorNumber: 9622, httpStatus: 200 });
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(onTokenProblem).toHaveBeenCalledExactlyOnceWith('invalid');
  });

  it.each([
    [9625, 401, 'TOKEN_REVOKED', 'revoked'],
    [9621, 401, 'TOKEN_EXPIRED', 'expired'],
    [9601, 401, 'TOKEN_INVALID', 'invalid'],
    [9722, 401, 'TOKEN_INVALID', 'invalid'],
  ])('%i → %s, one request', async (errorNumber, status, code, state) => {
    server.reset((_req, res) => sendJson(res, status, { errorNumber, errorMessage: 'token problem' }));
    const onTokenProblem = vi.fn();
    const client = makeClient(server, fakeClock(), { hooks: { onTokenProblem } });
    const err = await rejectionOf(client.getUsers());
    expect(err).toMatchObject({ code, errorNumber, httpStatus: status });
    expect(server.requests).toHaveLength(1);
    expect(onTokenProblem).toHaveBeenCalledExactlyOnceWith(state);
  });

  it('a token error on a write is final too', async () => {
    server.reset((_req, res) =>
      sendJson(res, 401, { errorNumber: 9625, errorMessage: 'The server has revoked the sToken.' }),
    );
    const client = makeClient(server, fakeClock());
    await expect(client.associate(fixture('associate-request'))).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    expect(server.requests).toHaveLength(1);
  });

  it('a bare 401 without an Apple body is TOKEN_INVALID', async () => {
    server.reset((_req, res) => {
      res.writeHead(401, { 'Content-Type': 'text/html' });
      res.end('<html>Unauthorized</html>');
    });
    const onTokenProblem = vi.fn();
    const client = makeClient(server, fakeClock(), { hooks: { onTokenProblem } });
    await expect(client.getClientConfig()).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
      errorNumber: null,
      httpStatus: 401,
    });
    expect(onTokenProblem).toHaveBeenCalledWith('invalid');
  });
});

describe('load errors', () => {
  it('429 with Retry-After in seconds waits exactly that long, then succeeds', async () => {
    let n = 0;
    server.reset((_req, res) => {
      n += 1;
      if (n === 1)
        return sendJson(
          res,
          429,
          { errorNumber: 9646, errorMessage: 'There are too many recent requests.' },
          { 'Retry-After': '7' },
        );
      sendJson(res, 200, fixture('get-assets'));
    });
    const clock = fakeClock();
    const result = await makeClient(server, clock).getAssets();
    expect(result.assets).toHaveLength(5);
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([7000]);
  });

  it('429 with Retry-After as an HTTP date waits until then', async () => {
    const clock = fakeClock(Date.parse('2026-01-15T12:00:00Z'));
    let n = 0;
    server.reset((_req, res) => {
      n += 1;
      if (n === 1) return sendJson(res, 429, { errorNumber: 9646 }, { 'Retry-After': 'Thu, 15 Jan 2026 12:00:30 GMT' });
      sendJson(res, 200, fixture('get-users'));
    });
    await makeClient(server, clock).getUsers();
    expect(clock.sleeps).toEqual([30_000]);
  });

  it('9646 inside HTTP 200 is retried like a 429', async () => {
    let n = 0;
    server.reset((_req, res) => {
      n += 1;
      if (n === 1) return sendJson(res, 200, { errorNumber: 9646, errorMessage: 'Too many requests' });
      sendJson(res, 200, fixture('get-users'));
    });
    const clock = fakeClock();
    await makeClient(server, clock).getUsers();
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toHaveLength(1);
  });

  it('5xx is retried with growing backoff, then succeeds', async () => {
    let n = 0;
    server.reset((_req, res) => {
      n += 1;
      if (n <= 2) return sendJson(res, 500, { errorNumber: 9603, errorMessage: 'Internal error.' });
      sendJson(res, 200, fixture('get-assignments'));
    });
    const clock = fakeClock();
    const result = await makeClient(server, clock).getAssignments({ adamId: '408709785' });
    expect(result.assignments).toHaveLength(2);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0]?.query.get('adamId')).toBe('408709785');
    // Equal jitter with random 0.5: 3/4 of 1 s, then of 2 s.
    expect(clock.sleeps).toEqual([750, 1500]);
  });

  it('gives up after maxRetries with APPLE_BUSY', async () => {
    server.reset((_req, res) =>
      sendJson(res, 503, { errorNumber: 9603, errorMessage: 'Internal error.' }, { 'Retry-After': '2' }),
    );
    const clock = fakeClock();
    const err = await rejectionOf(makeClient(server, clock, { maxRetries: 2 }).getAssets());
    expect(err).toBeInstanceOf(AppleApiError);
    expect(err).toMatchObject({ code: 'APPLE_BUSY', httpStatus: 503, errorNumber: 9603 });
    expect(server.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([2000, 2000]);
  });

  it('a Retry-After longer than maxBackoffMs fails at once, telling how long Apple asked', async () => {
    server.reset((_req, res) => sendJson(res, 429, { errorNumber: 9646 }, { 'Retry-After': '120' }));
    const clock = fakeClock();
    const err = await rejectionOf(makeClient(server, clock, { maxBackoffMs: 60_000 }).getAssets());
    expect(err).toMatchObject({ code: 'APPLE_BUSY', retryAfterMs: 120_000 });
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('a write rejected with 429 is resent (Apple did nothing with it)', async () => {
    let n = 0;
    server.reset((_req, res) => {
      n += 1;
      if (n === 1) return sendJson(res, 429, { errorNumber: 9646 }, { 'Retry-After': '1' });
      sendJson(res, 200, fixture('event-response'));
    });
    const result = await makeClient(server, fakeClock()).associate(fixture('associate-request'));
    expect(result.eventId).toBe('ed3edfc3-e617-465e-b309-a17925266e14');
    expect(server.requests).toHaveLength(2);
  });
});

describe('other Apple errors', () => {
  it('keep Apple number, message and errorInfo, and are not retried', async () => {
    server.reset((_req, res) =>
      sendJson(res, 400, {
        errorNumber: 9709,
        errorMessage: 'There are not enough licenses for this app or book available to assign to the selected group.',
        errorInfo: { assets: [{ adamId: '408709785', pricingParam: 'STDQ' }] },
      }),
    );
    const err = await rejectionOf(makeClient(server, fakeClock()).associate(fixture('associate-request')));
    expect(err).toBeInstanceOf(AppleApiError);
    expect(err).toMatchObject({
      code: 'APPLE_ERROR',
      errorNumber: 9709,
      httpStatus: 400,
      errorInfo: { assets: [{ adamId: '408709785' }] },
    });
    expect((err as Error).message).toContain('9709');
    expect((err as Error).message).toContain('not enough licenses');
    expect(server.requests).toHaveLength(1);
  });

  it("Apple's example 9726 body", async () => {
    server.reset((_req, res) => sendJson(res, 405, fixture('error-9726')));
    await expect(makeClient(server, fakeClock()).getClientConfig()).rejects.toMatchObject({
      code: 'APPLE_ERROR',
      errorNumber: 9726,
      httpStatus: 405,
    });
  });

  it('a 200 reply of an unexpected shape is APPLE_ERROR naming the field', async () => {
    server.reset((_req, res) => sendJson(res, 200, { ...fixture('get-assets'), totalPages: 'many' }));
    const err = await rejectionOf(makeClient(server, fakeClock()).getAssets());
    expect(err).toMatchObject({ code: 'APPLE_ERROR', errorNumber: null });
    expect((err as Error).message).toContain('totalPages');
    expect(server.requests).toHaveLength(1);
  });

  it('a redirect is not followed (it would carry the token away)', async () => {
    server.reset((_req, res) => {
      res.writeHead(302, { Location: 'http://127.0.0.1:1/elsewhere' });
      res.end();
    });
    await expect(makeClient(server, fakeClock()).getAssets()).rejects.toMatchObject({
      code: 'APPLE_ERROR',
      httpStatus: 302,
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe('requests', () => {
  it('send the whole token as Bearer, except to service config', async () => {
    server.reset((req, res) =>
      sendJson(res, 200, req.path.endsWith('/service/config') ? fixture('service-config') : fixture('client-config')),
    );
    const client = makeClient(server, fakeClock());
    await client.serviceConfig();
    await client.getClientConfig();
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(server.requests[1]?.headers.authorization).toMatch(/^Bearer [A-Za-z0-9+/=]+$/);
  });

  it('POST Apple example bodies as JSON', async () => {
    server.reset((req, res) =>
      sendJson(
        res,
        200,
        req.path.endsWith('/client/config') ? fixture('client-config') : fixture('create-users-response'),
      ),
    );
    const client = makeClient(server, fakeClock());
    const request = fixture<{ users: Array<{ clientUserId: string; email: string }> }>('create-users-request');
    const event = await client.createUsers(request.users);
    expect(event.eventId).toBe('af70eb9b-0ab6-405d-87d8-3b9ed0c4f370');
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/mdm/v2/users/create' });
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual(request);
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    const config = await client.setClientConfig(fixture('client-config-request'));
    expect(config.mdmInfo?.name).toBe('Apple Configurator 2');
    expect(JSON.parse(server.requests[1]?.body ?? '')).toEqual(fixture('client-config-request'));
  });

  it('every endpoint goes to its documented path and method', async () => {
    server.reset((req, res) => {
      if (req.method === 'POST') return sendJson(res, 200, fixture('event-response'));
      if (req.path.endsWith('/status')) return sendJson(res, 200, fixture('status-complete'));
      if (req.path.endsWith('/users')) return sendJson(res, 200, fixture('get-users'));
      if (req.path.endsWith('/assignments')) return sendJson(res, 200, fixture('get-assignments'));
      sendJson(res, 200, fixture('get-assets'));
    });
    const c = makeClient(server, fakeClock());
    await c.getAssets({ pageIndex: 2, productType: 'App', revocable: true });
    await c.getUsers({ activeOnly: true, sinceVersionId: 'v9' });
    await c.getAssignments({ serialNumber: 'serial-1' });
    await c.associate(fixture('associate-request'));
    await c.disassociate(fixture('associate-request'));
    await c.revoke({ clientUserIds: ['client-1'] });
    await c.createUsers([{ clientUserId: 'client-100', email: 'client-100@apple.com' }]);
    await c.retireUsers([{ clientUserId: 'client-100' }]);
    await c.eventStatus('1905643d-1afb-4c2d-ad74-1b268e92c880');
    expect(server.requests.map((r) => `${r.method} ${r.path}?${r.query.toString()}`)).toEqual([
      'GET /mdm/v2/assets?pageIndex=2&productType=App&revocable=true',
      'GET /mdm/v2/users?activeOnly=true&sinceVersionId=v9',
      'GET /mdm/v2/assignments?serialNumber=serial-1',
      'POST /mdm/v2/assets/associate?',
      'POST /mdm/v2/assets/disassociate?',
      'POST /mdm/v2/assets/revoke?',
      'POST /mdm/v2/users/create?',
      'POST /mdm/v2/users/retire?',
      'GET /mdm/v2/status?eventId=1905643d-1afb-4c2d-ad74-1b268e92c880',
    ]);
    expect(JSON.parse(server.requests[7]?.body ?? '')).toEqual({ users: [{ clientUserId: 'client-100' }] });
  });
});

describe('the error types', () => {
  const UNREACHABLE = 'Apple could not be reached. Check the network connection and try again.';

  it('AppleApiError carries Apple’s details and its own name', () => {
    const err = new AppleApiError('APPLE_ERROR', 'Apple refused', {
      errorNumber: 9610,
      httpStatus: 400,
      appleMessage: 'Unknown asset',
      retryAfterMs: 2000,
    });
    expect(err).toMatchObject({
      name: 'AppleApiError',
      code: 'APPLE_ERROR',
      message: 'Apple refused',
      errorNumber: 9610,
      httpStatus: 400,
      appleMessage: 'Unknown asset',
      retryAfterMs: 2000,
    });
    expect(isAppleError(err, 9610)).toBe(true);
    expect(isAppleError(err, 9646)).toBe(false);
    expect(isAppleError(new Error('x'), 9610)).toBe(false);
  });

  it('AppleUnreachableError says a change may have reached Apple only for a write that may have', () => {
    // A write (the default) that may have reached Apple: the admin is told its fate is unknown.
    const write = new AppleUnreachableError('timeout', true);
    expect(write).toMatchObject({
      name: 'AppleUnreachableError',
      code: 'APPLE_UNREACHABLE',
      reason: 'timeout',
      mayHaveReachedApple: true,
      message: `${UNREACHABLE} (timeout; the change may or may not have reached Apple.)`,
    });
    // A read, or a write that surely did not leave: just the reason.
    expect(new AppleUnreachableError('timeout', true, false).message).toBe(`${UNREACHABLE} (timeout.)`);
    const notSent = new AppleUnreachableError('ECONNREFUSED', false);
    expect(notSent.message).toBe(`${UNREACHABLE} (ECONNREFUSED.)`);
    expect(notSent.mayHaveReachedApple).toBe(false);
  });
});
