/**
 * One rate budget per token, shared by every client built for it. The
 * composition root builds a client per operation (a sync, a deployment, a
 * token check), and Apple counts all of them against the same ~15 a second:
 * separate limiters would each think they had the whole allowance.
 *
 * Apple's store lookup service (app names) is a different service with its
 * own limit, so it gets its own, smaller budget and never eats the sync's.
 *
 * Budgets are keyed by a hash of the token, so the registry never holds the
 * token itself. Within one process only: another process (a CLI run beside
 * the window) has its own.
 */
import { createHash } from 'node:crypto';
import { RateLimiter } from './rate-limit';
import type { Clock } from '../base';

export interface RateBudget {
  /** Apple's Apps and Books API. */
  api: RateLimiter;
  /** The store lookup service (names and icons). */
  lookup: RateLimiter;
}

/** Apple documents about 15 requests a second per token. */
export const API_REQUESTS_PER_SECOND = 15;
/** The lookup service documents no limit: names are never urgent, so stay well below the API's. */
export const LOOKUP_REQUESTS_PER_SECOND = 5;

export class RateBudgets {
  private readonly budgets = new Map<string, RateBudget>();

  constructor(
    private readonly clock: Clock,
    private readonly options: { apiPerSecond?: number; lookupPerSecond?: number } = {},
  ) {}

  forToken(token: string): RateBudget {
    const key = createHash('sha256').update(token.trim()).digest('hex');
    let budget = this.budgets.get(key);
    if (!budget) {
      budget = {
        api: new RateLimiter(this.clock, this.options.apiPerSecond ?? API_REQUESTS_PER_SECOND),
        lookup: new RateLimiter(this.clock, this.options.lookupPerSecond ?? LOOKUP_REQUESTS_PER_SECOND),
      };
      this.budgets.set(key, budget);
    }
    return budget;
  }
}
