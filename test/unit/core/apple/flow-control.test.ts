// The in-flight cap and Retry-After parsing (the rate limiter: rate-limit.test.ts).
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../../../electron/core/apple/backoff';
import { Semaphore } from '../../../../electron/core/apple/semaphore';

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
