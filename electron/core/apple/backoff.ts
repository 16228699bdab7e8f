/**
 * How long to wait before retrying. Apple's Retry-After wins when present
 * (retrying early "can lengthen the block"); otherwise exponential backoff
 * with jitter so concurrent requests do not retry in lock-step.
 */

export const BASE_BACKOFF_MS = 1000;

/**
 * Retry-After is either delta-seconds ("120") or an HTTP-date
 * ("Wed, 21 Oct 2015 07:28:00 GMT"). Returns milliseconds from `now`, or
 * undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/**
 * Attempt 0 is the first retry. "Equal jitter": at least half the
 * exponential step, so a retry is never almost immediate, at most the step.
 */
export function backoffDelay(attempt: number, maxBackoffMs: number, random: () => number = Math.random): number {
  const step = Math.min(maxBackoffMs, BASE_BACKOFF_MS * 2 ** attempt);
  return Math.round(step / 2 + random() * (step / 2));
}
