// Apple counts a request when it arrives, not when VPP Desk's limiter let it
// go. On a busy machine a send can sit hundreds of milliseconds between the
// grant and the socket (undici's queue, a new connection, another page being
// parsed): the rate-limited bench saw a delayed first send and a prompt
// sixteenth land less than a second apart, and Apple said 429. These check
// that the limiter counts from the wire (virtual time, exact figures) and that
// the default fetch reports the wire moment for each request.
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { connectTimeoutFetch } from '../../../../electron/core/apple/connect-fetch';
import { RateLimiter } from '../../../../electron/core/apple/rate-limit';
import { RateLimiter as StrictWindow } from '../../../fakes/apple-simulator/ratelimit';
import { VirtualClock } from '../../../helpers/virtual-clock';
import type { AddressInfo } from 'node:net';

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

/**
 * Five lanes like a paging walk. Each granted send reaches the wire after
 * `wireDelay(i)` ms and Apple (a strict rolling second) counts it there; a
 * refusal is retried after Retry-After: 1, as AppleHttp does.
 */
async function drive(clock: VirtualClock, limiter: RateLimiter, requests: number, wireDelay: (i: number) => number) {
  const apple = new StrictWindow(LIMIT);
  const arrivals: number[] = [];
  let remaining = requests;
  let refused = 0;
  let n = 0;
  const lane = async () => {
    while (remaining > 0) {
      remaining -= 1;
      const grant = await limiter.acquire();
      await clock.sleep(wireDelay(n++));
      grant.onWire();
      const ok = apple.allow('token', clock.ms());
      if (ok) arrivals.push(clock.ms());
      await clock.sleep(250);
      if (ok) {
        limiter.succeeded();
      } else {
        refused += 1;
        remaining += 1;
        limiter.throttled(1000);
      }
    }
  };
  await Promise.all(Array.from({ length: 5 }, lane));
  return { arrivals, refused };
}

describe('RateLimiter counts a send from when it reaches the wire', () => {
  it('a send held up before the socket never lets sixteen arrive in one rolling second', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(clock, LIMIT);
    // Every seventh send waits 300 ms for a busy event loop or a new connection; the rest go at once.
    const { arrivals, refused } = await drive(clock, limiter, 300, (i) => (i % 7 === 0 ? 300 : 0));
    expect(refused).toBe(0);
    expect(arrivals).toHaveLength(300);
    expect(maxInWindow(arrivals)).toBeLessThanOrEqual(LIMIT);
  });

  it('a send that reaches the wire after more than a window still counts where it arrived', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(clock, LIMIT);
    // One very late send (1.5 s), long after the limiter would have forgotten its grant.
    const { arrivals, refused } = await drive(clock, limiter, 120, (i) => (i === 3 ? 1500 : 0));
    expect(refused).toBe(0);
    expect(maxInWindow(arrivals)).toBeLessThanOrEqual(LIMIT);
  });

  it('a caller already waiting for its slot waits longer when the send before it leaves late', async () => {
    const clock = new VirtualClock(0);
    const limiter = new RateLimiter(clock, 1);
    const first = await limiter.acquire();
    // Planned one window after the grant; the first send then reaches the wire 300 ms late.
    const second = limiter.acquire().then(() => clock.ms());
    await clock.sleep(300);
    first.onWire();
    expect(await second).toBe(300 + limiter.windowMs);
  });

  it('an onWire earlier than the grant (a clock that did not move) changes nothing', async () => {
    const clock = new VirtualClock(0);
    const limiter = new RateLimiter(clock, 1);
    const first = await limiter.acquire();
    first.onWire();
    const at: number[] = [];
    await limiter.acquire().then(() => at.push(clock.ms()));
    expect(at).toEqual([limiter.windowMs]);
  });
});

describe('connectTimeoutFetch reports the wire moment', () => {
  it('calls onWire once per request, before the server sees it', async () => {
    let wired = 0;
    const seenByServer: number[] = [];
    const server = http.createServer((_req, res) => {
      seenByServer.push(wired);
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const fetchWire = connectTimeoutFetch(5_000);
      for (let i = 0; i < 3; i++) {
        const res = await fetchWire(`http://127.0.0.1:${port}/x`, { onWire: () => (wired += 1) });
        expect(await res.text()).toBe('{}');
      }
      // Each request had been reported (and only once) by the time it arrived.
      expect(seenByServer).toEqual([1, 2, 3]);
      expect(wired).toBe(3);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
