/**
 * Writes are asynchronous at Apple: associate, disassociate, revoke and the
 * user calls return an eventId, and GET /status tells when the event is
 * COMPLETE or FAILED. Polling starts at once (small events finish fast) and
 * then backs off gently so a long event costs few requests.
 */
import type { Clock } from '../base';
import type { StatusResponse } from './schemas';

export type FinishedEvent = StatusResponse & { eventStatus: 'COMPLETE' | 'FAILED' };

export interface WaitForEventOptions {
  signal?: AbortSignal;
  /** After every poll: (numCompleted, numRequested, the status as Apple sent it). */
  onProgress?: (numCompleted: number, numRequested: number, status: StatusResponse) => void;
  /** First wait between polls; default 1 s. */
  pollIntervalMs?: number;
  /** Longest wait between polls; default 15 s. */
  maxPollIntervalMs?: number;
}

export const DEFAULT_POLL_MS = 1000;
export const DEFAULT_MAX_POLL_MS = 15_000;
const POLL_GROWTH = 1.5;

export function isFinished(status: StatusResponse): status is FinishedEvent {
  return status.eventStatus === 'COMPLETE' || status.eventStatus === 'FAILED';
}

/**
 * Polls until the event finishes. Any status other than COMPLETE/FAILED
 * (PENDING, or a value Apple adds later) means "not yet". There is no
 * overall deadline: the caller bounds the wait with its AbortSignal.
 */
export async function pollEvent(
  getStatus: (signal: AbortSignal | undefined) => Promise<StatusResponse>,
  clock: Clock,
  options: WaitForEventOptions = {},
): Promise<FinishedEvent> {
  const max = options.maxPollIntervalMs ?? DEFAULT_MAX_POLL_MS;
  let delay = Math.min(options.pollIntervalMs ?? DEFAULT_POLL_MS, max);
  for (;;) {
    const status = await getStatus(options.signal);
    options.onProgress?.(status.numCompleted, status.numRequested, status);
    if (isFinished(status)) return status;
    await clock.sleep(delay, options.signal);
    delay = Math.min(max, Math.round(delay * POLL_GROWTH));
  }
}
