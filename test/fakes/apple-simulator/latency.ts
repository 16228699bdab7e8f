// Network latency per request: what a client some distance from Apple sees.
// The rate limit counts each request when it reaches the simulator; the round
// trip is then spent before it is handled, so a slow timer here never moves a
// request into another second of the limit's window.
import { createRng, type Rng } from './prng';

export class Latency {
  private readonly rng: Rng;

  /** Each delay is uniform in [ms - jitterMs/2, ms + jitterMs/2]; jitter defaults to a tenth of ms. */
  constructor(
    readonly ms: number,
    readonly jitterMs: number = Math.round(ms / 10),
    seed = 1,
  ) {
    if (!(ms >= 0) || !(jitterMs >= 0)) throw new Error('latency and its jitter must be non-negative');
    this.rng = createRng(seed);
  }

  next(): number {
    return Math.max(0, Math.round(this.ms + (this.rng.next() - 0.5) * this.jitterMs));
  }
}
