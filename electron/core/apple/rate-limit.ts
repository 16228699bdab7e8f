/**
 * One token bucket per client: Apple documents about 15 requests a second per
 * token, and every call of one client (walks, writes, status polls, lookups)
 * draws from the same bucket. A Retry-After from Apple pauses the whole
 * bucket, because any request sent during the block can lengthen it.
 *
 * Time comes from the injected Clock so tests run without real waiting.
 */
import type { Clock } from '../base';

export class RateLimiter {
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private readonly capacity: number;

  constructor(
    private readonly clock: Clock,
    private readonly perSecond: number,
  ) {
    if (!(perSecond > 0)) throw new RangeError('requestsPerSecond must be positive');
    // A burst of at most one second's worth, so the average holds from the start.
    this.capacity = Math.max(1, Math.floor(perSecond));
    this.tokens = this.capacity;
    this.last = clock.now().getTime();
  }

  /** Hold every request of this client until `until` (ms since epoch). */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    for (;;) {
      const wait = this.pausedUntil - this.clock.now().getTime();
      if (wait <= 0) break;
      await this.clock.sleep(wait, signal);
    }
    this.refill();
    // Reserve the token now (the balance may go negative): concurrent callers
    // then queue one behind the other instead of all waking at once.
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    const wait = Math.ceil((-this.tokens / this.perSecond) * 1000);
    try {
      await this.clock.sleep(wait, signal);
    } catch (err) {
      this.tokens += 1; // give the reservation back to whoever is next
      throw err;
    }
  }

  private refill(): void {
    const now = this.clock.now().getTime();
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed / 1000) * this.perSecond);
  }
}
