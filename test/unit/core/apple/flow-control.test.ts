// The rate limiter, the in-flight cap and Retry-After parsing, on a fake clock.
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../../../electron/core/apple/backoff';
import { RateLimiter } from '../../../../electron/core/apple/rate-limit';
import { Semaphore } from '../../../../electron/core/apple/semaphore';
import { fakeClock } from './helpers';

describe('RateLimiter', () => {
  it('lets a burst of 15 through, then spaces requests 1/15 s apart', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(clock, 15);
    for (let i = 0; i < 15; i++) await limiter.acquire();
    expect(clock.sleeps).toEqual([]);
    for (let i = 0; i < 15; i++) await limiter.acquire();
    // 1000/15 ms each, rounded up or down so that the average holds.
    expect(clock.sleeps).toHaveLength(15);
    expect(clock.sleeps.every((ms) => ms === 66 || ms === 67)).toBe(true);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(1000);
  });

  it('concurrent callers queue behind each other', async () => {
    // Sleeps recorded but time standing still: what each caller asked to wait.
    const clock = fakeClock();
    clock.sleep = async (ms) => {
      clock.sleeps.push(ms);
    };
    const limiter = new RateLimiter(clock, 2);
    await Promise.all(Array.from({ length: 6 }, () => limiter.acquire()));
    // 2 free, then reservations 1, 2, 3, 4 tokens deep.
    expect(clock.sleeps).toEqual([500, 1000, 1500, 2000]);
  });

  it('a pause holds every caller until it ends', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(clock, 15);
    limiter.pauseUntil(clock.now().getTime() + 4000);
    await limiter.acquire();
    expect(clock.sleeps).toEqual([4000]);
  });
});

describe('Semaphore', () => {
  it('holds at most n, serves waiters in order, and drops aborted waiters', async () => {
    const sem = new Semaphore(2);
    const a = await sem.acquire();
    await sem.acquire();
    const order: string[] = [];
    const controller = new AbortController();
    const c = sem.acquire().then((release) => {
      order.push('c');
      return release;
    });
    const d = sem.acquire(controller.signal).catch(() => order.push('d-aborted'));
    const e = sem.acquire().then(() => order.push('e'));
    controller.abort();
    await d;
    a();
    (await c)();
    await e;
    expect(order).toEqual(['d-aborted', 'c', 'e']);
  });
});

describe('Retry-After and backoff', () => {
  const now = new Date('2026-01-15T12:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 15 Jan 2026 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Thu, 15 Jan 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(0, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(0, 60_000, () => 1)).toBe(1000);
    expect(backoffDelay(3, 60_000, () => 1)).toBe(8000);
    expect(backoffDelay(20, 60_000, () => 1)).toBe(60_000);
  });
});
