// The rate limiter against an Apple that enforces its limit strictly: never
// more than 15 sends in any rolling second, no 429 in the normal case, and
// after a 429 a lower rate that climbs back. Virtual time: no real waiting,
// and the figures are exact.
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateBudgets } from '../../../../electron/core/apple/rate-budgets';
import { RateLimiter } from '../../../../electron/core/apple/rate-limit';
import { RateLimiter as StrictWindow } from '../../../fakes/apple-simulator/ratelimit';
import { ManualClock } from '../../../helpers/clock';
import { VirtualClock } from '../../../helpers/virtual-clock';
import { TOKEN, fakeClock, fixture, makeClient, sendJson, startServer, type TestServer } from './helpers';

const LIMIT = 15;

/** The most times that fall in any window of `ms` (closed at its end, like Apple's). */
function maxInWindow(times: readonly number[], ms = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[start] ?? 0) <= (sorted[end] ?? 0) - ms) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

function countIn(times: readonly number[], from: number, to: number): number {
  return times.filter((t) => t >= from && t < to).length;
}

interface Drive {
  requests: number;
  /** Whether Apple answers send number `i` (at `at`) with 200; a refusal carries Retry-After: 1. */
  answer: (i: number, at: number) => boolean;
  lanes?: number;
  latencyMs?: number;
}

/** Like a paging walk: `lanes` callers each send, wait for the answer, and go again; refusals are retried. */
async function drive(clock: VirtualClock, limiter: RateLimiter, d: Drive) {
  const sends: number[] = [];
  let remaining = d.requests;
  let refused = 0;
  const lane = async () => {
    while (remaining > 0) {
      remaining -= 1;
      await limiter.acquire();
      const at = clock.ms();
      const ok = d.answer(sends.length, at);
      sends.push(at);
      await clock.sleep(d.latencyMs ?? 250);
      if (ok) {
        limiter.succeeded();
      } else {
        refused += 1;
        remaining += 1;
        limiter.throttled(1000);
      }
    }
  };
  await Promise.all(Array.from({ length: d.lanes ?? 5 }, lane));
  return { sends, refused, end: clock.ms() };
}

describe('RateLimiter against a strict rolling window', () => {
  it('never sends more than the limit in any rolling second, and Apple refuses nothing', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(clock, LIMIT);
    const apple = new StrictWindow(LIMIT);
    const start = clock.ms();
    // Apple sees each request 0–30 ms after it was sent: the margin must absorb that.
    const arrivals: number[] = [];
    const { sends, refused, end } = await drive(clock, limiter, {
      requests: 600,
      answer: (i, at) => {
        arrivals.push(at + ((i * 7) % 31));
        return apple.allow('token', at);
      },
    });
    expect(sends).toHaveLength(600);
    expect(refused).toBe(0);
    expect(maxInWindow(sends)).toBeLessThanOrEqual(LIMIT);
    expect(maxInWindow(arrivals)).toBeLessThanOrEqual(LIMIT);
    // Not merely slow: within 10 % of what the limit allows (virtual time, exact).
    expect(end - start).toBeLessThanOrEqual((600 / LIMIT) * 1000 * 1.1);
  });

  it('serves callers first come, first served', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(clock, 2);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => limiter.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('after a 429 pauses for Retry-After, cuts the rate to three quarters, then climbs back to the limit', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(clock, LIMIT);
    const { sends, refused } = await drive(clock, limiter, { requests: 400, answer: (i) => i !== 100 });
    expect(refused).toBe(1);
    expect(maxInWindow(sends)).toBeLessThanOrEqual(LIMIT);
    // The refusal is known when its answer arrives, 250 ms after it was sent.
    const told = (sends[100] ?? 0) + 250;
    expect(countIn(sends, told, told + 1000)).toBe(0);
    // The next window carries three quarters of the limit, and the rate then climbs, not jumps.
    const perWindow = [0, 1, 2].map((w) => countIn(sends, told + 1000 + w * 1050, told + 1000 + (w + 1) * 1050));
    // About three quarters (11, and the first step back up), then one more per window.
    expect(perWindow[0]).toBeLessThanOrEqual(Math.ceil(LIMIT * 0.75));
    expect(perWindow[perWindow.length - 1]).toBeLessThan(LIMIT);
    for (let w = 1; w < perWindow.length; w++) expect(perWindow[w]).toBeGreaterThan(perWindow[w - 1] ?? 0);
    // Recovered well before the end.
    expect(limiter.allowed).toBe(LIMIT);
    expect(maxInWindow(sends.slice(-60))).toBe(LIMIT);
  });

  it('several 429s from one burst cut the rate once, not once each', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(clock, LIMIT);
    for (let i = 0; i < 5; i++) limiter.throttled(1000);
    expect(limiter.allowed).toBe(11);
  });

  it('a pause holds every caller until it ends', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(clock, LIMIT);
    const start = clock.ms();
    limiter.pauseUntil(start + 4000);
    const at: number[] = [];
    await Promise.all([1, 2, 3].map(() => limiter.acquire().then(() => at.push(clock.ms()))));
    expect(at).toEqual([start + 4000, start + 4000, start + 4000]);
  });

  it('an aborted caller leaves the queue and takes no slot', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(clock, 1);
    await limiter.acquire();
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const aborted = limiter.acquire(controller.signal);
    const next = limiter.acquire();
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    const before = clock.ms();
    await next;
    // The second waiter got the slot the aborted one would have had, not the one after.
    expect(clock.ms() - before).toBeLessThanOrEqual(limiter.windowMs);
  });
});

/** A clock that never moves (as in some tests) and records what it was asked to sleep. */
class StillClock {
  readonly sleeps: number[] = [];
  constructor(private readonly at = Date.parse('2026-11-24T09:00:00Z')) {}
  now(): Date {
    return new Date(this.at);
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
  }
}

describe('RateLimiter details', () => {
  it('refuses a rate that is not positive', () => {
    for (const bad of [0, -1, Number.NaN]) {
      expect(() => new RateLimiter(new VirtualClock(), bad)).toThrow(
        new RangeError('requestsPerSecond must be positive'),
      );
    }
    expect(new RateLimiter(new VirtualClock(), 0.5).limit).toBe(1);
  });

  it('never runs two sends in one slot: with a limit of 1, concurrent callers go one window apart', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(clock, 1);
    const start = clock.ms();
    const at: number[] = [];
    await Promise.all([0, 1, 2].map(() => limiter.acquire().then(() => at.push(clock.ms()))));
    expect(at).toEqual([start, start + limiter.windowMs, start + 2 * limiter.windowMs]);
  });

  it('lets the first `limit` requests go at once, whatever time the clock starts at', async () => {
    const clock = new VirtualClock(0);
    const limiter = new RateLimiter(clock, 3);
    const at: number[] = [];
    await Promise.all([0, 1, 2, 3].map(() => limiter.acquire().then(() => at.push(clock.ms()))));
    expect(at).toEqual([0, 0, 0, limiter.windowMs]);
  });

  it('a shorter pause does not cut a longer one short', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(clock, LIMIT);
    const start = clock.ms();
    limiter.pauseUntil(start + 4000);
    limiter.pauseUntil(start + 1000);
    await limiter.acquire();
    expect(clock.ms()).toBe(start + 4000);
  });

  it('cuts again for a 429 one full window after the last cut', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, LIMIT);
    limiter.throttled();
    expect(limiter.allowed).toBe(11);
    clock.advance(limiter.windowMs - 1);
    limiter.throttled();
    expect(limiter.allowed).toBe(11);
    clock.advance(1);
    limiter.throttled();
    // 15 × 0.75 × 0.75 = 8.4.
    expect(limiter.allowed).toBe(8);
  });

  it('a caller already waiting for its slot is planned again after a 429 and waits for the Retry-After', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(clock, LIMIT);
    const start = clock.ms();
    await Promise.all(Array.from({ length: LIMIT }, () => limiter.acquire()));
    // The 16th is planned for start + window; a 429 arrives while it waits.
    const late = limiter.acquire().then(() => clock.ms());
    limiter.throttled(3000);
    expect(await late).toBe(start + 3000);
  });

  it('records a send at its planned time even when the clock does not move', async () => {
    const clock = new StillClock();
    const limiter = new RateLimiter(clock, 2);
    for (let i = 0; i < 6; i++) await limiter.acquire();
    // Sends 3-4 are planned one window after 1-2, and 5-6 one window after those.
    expect(clock.sleeps).toEqual([limiter.windowMs, limiter.windowMs, 2 * limiter.windowMs, 2 * limiter.windowMs]);
  });

  it('leaves no abort listener behind on a signal, whether the caller was served or aborted', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(clock, 1);
    const served = new AbortController();
    // One long-lived signal (a whole sync's) across many requests must not collect listeners.
    for (let i = 0; i < 3; i++) await limiter.acquire(served.signal);
    expect(getEventListeners(served.signal, 'abort')).toHaveLength(0);
    const aborted = new AbortController();
    const waiting = limiter.acquire(aborted.signal);
    aborted.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    expect(getEventListeners(aborted.signal, 'abort')).toHaveLength(0);
  });
});

describe('RateBudgets', () => {
  it('gives every client of one token the same limiter, and the lookup service its own', () => {
    const budgets = new RateBudgets(new VirtualClock());
    const a = budgets.forToken(TOKEN);
    expect(budgets.forToken(`${TOKEN}\n`)).toBe(a);
    expect(budgets.forToken('another-token')).not.toBe(a);
    expect(a.lookup).not.toBe(a.api);
  });
});

describe('the client and its budget', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it("a 429 from Apple cuts the token's rate for every client sharing it", async () => {
    let n = 0;
    server.reset((_req, res) => {
      n += 1;
      if (n === 1) return sendJson(res, 429, { errorNumber: 9646 }, { 'Retry-After': '1' });
      sendJson(res, 200, fixture('get-assets'));
    });
    const clock = fakeClock();
    const budget = new RateBudgets(clock).forToken(TOKEN);
    await makeClient(server, clock, { budget }).getAssets();
    expect(budget.api.allowed).toBe(Math.floor(LIMIT * 0.75));
    expect(clock.sleeps).toEqual([1000]);
    // Another client of the same token starts from the lowered rate.
    await makeClient(server, clock, { budget }).getAssets();
    expect(budget.api.allowed).toBe(Math.floor(LIMIT * 0.75));
  });

  it('app-name lookups do not wait on the API budget', async () => {
    server.reset((_req, res) => sendJson(res, 200, { results: {} }));
    const clock = fakeClock();
    const budget = new RateBudgets(clock).forToken(TOKEN);
    budget.api.pauseUntil(clock.now().getTime() + 60_000);
    const lookupUrl = server.url.replace('/mdm/v2', '/WebObjects/MZStorePlatform.woa/wa/lookup');
    await makeClient(server, clock, { budget }).lookupNames(['1', '2'], { lookupUrl });
    expect(clock.sleeps).toEqual([]);
  });
});
