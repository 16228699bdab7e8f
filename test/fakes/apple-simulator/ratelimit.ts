// Per-token sliding one-second window: Apple documents about 15 requests a
// second per token and answers 9646 / HTTP 429 above it.
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly perSecond: number,
    private readonly windowMs = 1000,
  ) {}

  /** Records a request; false when it is over the limit (and must get 9646). */
  allow(key: string, now: number): boolean {
    let list = this.hits.get(key);
    if (list === undefined) this.hits.set(key, (list = []));
    while (list.length > 0 && (list[0] ?? 0) <= now - this.windowMs) list.shift();
    if (list.length >= this.perSecond) return false;
    list.push(now);
    return true;
  }
}
