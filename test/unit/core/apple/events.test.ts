// waitForEvent polls GET /status with gentle backoff until COMPLETE or FAILED.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fakeClock,
  fixture,
  makeClient,
  rejectionOf,
  sendJson,
  startServer,
  stuckClock,
  type TestServer,
} from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const EVENT = '1905643d-1afb-4c2d-ad74-1b268e92c880';

function serveSequence(bodies: Array<Record<string, unknown>>) {
  let n = 0;
  server.reset((_req, res) => {
    const body = bodies[Math.min(n, bodies.length - 1)];
    n += 1;
    sendJson(res, 200, body);
  });
}

describe('waitForEvent', () => {
  it('polls PENDING until COMPLETE, reporting progress, backing off gently', async () => {
    const pending = fixture('status-pending');
    serveSequence([
      pending,
      { ...pending, numCompleted: 12 },
      { ...pending, numCompleted: 15 },
      fixture('status-complete'),
    ]);
    const clock = fakeClock();
    const progress: Array<[number, number]> = [];
    const done = await makeClient(server, clock).waitForEvent(EVENT, { onProgress: (c, r) => progress.push([c, r]) });
    expect(done).toMatchObject({ eventStatus: 'COMPLETE', eventType: 'ASSOCIATE', numCompleted: 4000, failures: [] });
    expect(progress).toEqual([
      [8, 16],
      [12, 16],
      [15, 16],
      [4000, 4000],
    ]);
    expect(server.requests.every((r) => r.path === '/mdm/v2/status' && r.query.get('eventId') === EVENT)).toBe(true);
    expect(clock.sleeps).toEqual([1000, 1500, 2250]);
  });

  it('returns the failures of a FAILED event', async () => {
    serveSequence([fixture('status-pending'), fixture('status-failed')]);
    const done = await makeClient(server, fakeClock()).waitForEvent(EVENT);
    expect(done.eventStatus).toBe('FAILED');
    expect(done.failures).toEqual([
      {
        errorInfo: { clientUserIds: ['user102', 'user101'] },
        errorNumber: 9609,
        errorMessage: 'Unable to find registered user.',
      },
    ]);
  });

  it('the wait between polls is capped', async () => {
    serveSequence([...Array.from({ length: 12 }, () => fixture('status-pending')), fixture('status-complete')]);
    const clock = fakeClock();
    await makeClient(server, clock).waitForEvent(EVENT, { pollIntervalMs: 2000, maxPollIntervalMs: 5000 });
    expect(Math.max(...clock.sleeps)).toBe(5000);
    expect(clock.sleeps[0]).toBe(2000);
  });

  it('an unknown event (9708) is an APPLE_ERROR', async () => {
    server.reset((_req, res) => sendJson(res, 400, { errorNumber: 9708, errorMessage: 'EventId could not be found.' }));
    await expect(makeClient(server, fakeClock()).waitForEvent('nope')).rejects.toMatchObject({
      code: 'APPLE_ERROR',
      errorNumber: 9708,
    });
  });

  it('stops when aborted between polls', async () => {
    serveSequence([fixture('status-pending')]);
    const clock = stuckClock();
    const controller = new AbortController();
    const reason = new Error('closing');
    const wait = makeClient(server, clock).waitForEvent(EVENT, {
      signal: controller.signal,
      onProgress: () => queueMicrotask(() => controller.abort(reason)),
    });
    expect(await rejectionOf(wait)).toBe(reason);
    expect(server.requests).toHaveLength(1);
  });
});
