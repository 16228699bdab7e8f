/**
 * Apple allows about 15 requests in any rolling second per token and answers
 * 429 (9646) above it; retrying into the limit can lengthen the block. A token
 * bucket that starts full lets ~2× the rate through in one second, so this is
 * a sliding log of send times instead: a request goes out only when fewer
 * than `allowed` were sent in the last window. The window is one second plus
 * a small margin, so jitter between our send and Apple's arrival does not
 * push two windows' worth into one of Apple's.
 *
 * On a 429 the allowance drops to three quarters (once per window, however
 * many requests of a burst were refused) and Retry-After pauses every caller;
 * each success adds back 1/allowed, so the full rate returns after about one
 * window of successes per request of allowance lost (AIMD, like TCP). Not
 * halved: with sends counted at the wire a 429 means jitter pushed one
 * request into Apple's previous second, not that we ran at twice the rate,
 * and halving cost ~3 s of a 70 s sync per 429 (the rate-limited bench).
 *
 * Callers are served first come, first served. A send time is recorded when
 * the request is let go, not planned ahead, so a late timer never squeezes two
 * sends closer than the window; then, when the request really reaches the
 * socket (Grant.onWire), it moves to that time. Between the two a busy
 * process can spend hundreds of milliseconds (undici's queue, a new
 * connection, another page being parsed), and Apple counts arrivals: planned
 * from grants alone, a delayed first send and a prompt sixteenth arrived less
 * than a second apart (429s in the rate-limited bench). Times only move
 * later, so a caller waiting for its slot checks it again when it wakes.
 * Time comes from the injected Clock.
 */
import type { Clock } from '../base';

export interface RateLimiterOptions {
  /** The most requests in any window (Apple's documented limit). */
  perSecond: number;
  /** Added to the one-second window (default 50 ms). */
  marginMs?: number;
}

/** A send let go by the limiter. */
export interface Grant {
  /** The request is being written to the socket now: count it from here, not from the grant. */
  onWire(): void;
}

interface Sent {
  at: number;
}

interface Waiter {
  resolve: (grant: Grant) => void;
  reject: (err: unknown) => void;
  gone: boolean;
}

export const WINDOW_MS = 1000;
/** The share of the allowance kept after a 429. */
export const BACKOFF = 0.75;
export const DEFAULT_MARGIN_MS = 50;

export class RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private allowance: number;
  private pausedUntil = 0;
  private lastCut = Number.NEGATIVE_INFINITY;
  /** Send times, oldest first; only the last `limit` are ever needed. */
  private readonly sent: Sent[] = [];
  private readonly queue: Waiter[] = [];
  private pumping = false;
  /** Bumped by every slow-down, so a waiter planned before it is planned again. */
  private generation = 0;

  constructor(
    private readonly clock: Clock,
    options: RateLimiterOptions | number,
  ) {
    const o = typeof options === 'number' ? { perSecond: options } : options;
    if (!(o.perSecond > 0)) throw new RangeError('requestsPerSecond must be positive');
    this.limit = Math.max(1, Math.floor(o.perSecond));
    this.windowMs = WINDOW_MS + Math.max(0, o.marginMs ?? DEFAULT_MARGIN_MS);
    this.allowance = this.limit;
  }

  /** Requests let go per window at the moment (the limit, less after a 429). */
  get allowed(): number {
    return Math.max(1, Math.floor(this.allowance));
  }

  /** Hold every caller until `until` (ms since epoch), e.g. a 5xx's Retry-After. */
  pauseUntil(until: number): void {
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    this.generation += 1;
  }

  /** Apple said "too many requests": cut the allowance (BACKOFF) and honour its Retry-After. */
  throttled(retryAfterMs?: number): void {
    const now = this.clock.now().getTime();
    // One burst often brings several 429s: they are one signal, not several.
    if (now - this.lastCut >= this.windowMs) {
      this.allowance = Math.max(1, this.allowance * BACKOFF);
      this.lastCut = now;
    }
    this.generation += 1;
    if (retryAfterMs !== undefined) this.pauseUntil(now + retryAfterMs);
  }

  /** A request went through: win back a little of the allowance. */
  succeeded(): void {
    if (this.allowance < this.limit) this.allowance = Math.min(this.limit, this.allowance + 1 / this.allowance);
  }

  acquire(signal?: AbortSignal): Promise<Grant> {
    signal?.throwIfAborted();
    return new Promise<Grant>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, gone: false };
      if (signal) {
        const onAbort = () => {
          waiter.gone = true;
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waiter.resolve = (grant) => {
          signal.removeEventListener('abort', onAbort);
          resolve(grant);
        };
      }
      this.queue.push(waiter);
      if (!this.pumping) void this.pump();
    });
  }

  /** The earliest time the next request may go: after any pause, and `allowed` sends back. */
  private nextSlot(now: number): number {
    const n = this.allowed;
    const oldest = this.sent.length >= n ? (this.sent[this.sent.length - n]?.at ?? 0) : Number.NEGATIVE_INFINITY;
    return Math.max(now, this.pausedUntil, oldest + this.windowMs);
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      for (;;) {
        while (this.queue[0]?.gone) this.queue.shift();
        const head = this.queue[0];
        if (!head) return;
        const now = this.clock.now().getTime();
        const slot = this.nextSlot(now);
        let at = now;
        if (slot > now) {
          const generation = this.generation;
          await this.clock.sleep(slot - now);
          // A slow-down, or a send that reached the wire late, while waiting: plan again.
          if (generation !== this.generation || this.nextSlot(this.clock.now().getTime()) > slot) continue;
          // A clock that does not move (tests) still yields the planned time.
          at = Math.max(this.clock.now().getTime(), slot);
        }
        const next = this.queue.shift();
        if (!next || next.gone) continue;
        const sent: Sent = { at };
        this.record(sent);
        next.resolve({ onWire: () => this.moved(sent, this.clock.now().getTime()) });
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Keeps `sent` in time order and only as long as planning needs. */
  private record(sent: Sent): void {
    let i = this.sent.length;
    while (i > 0 && (this.sent[i - 1]?.at ?? 0) > sent.at) i--;
    this.sent.splice(i, 0, sent);
    if (this.sent.length > this.limit) this.sent.splice(0, this.sent.length - this.limit);
  }

  /** A send reached the wire at `at`, after its grant: count it from there. */
  private moved(sent: Sent, at: number): void {
    if (at <= sent.at) return;
    const i = this.sent.indexOf(sent);
    if (i >= 0) this.sent.splice(i, 1);
    sent.at = at;
    // Dropped as one of the oldest before it left (a very slow send)? It is among the newest now.
    this.record(sent);
  }
}
