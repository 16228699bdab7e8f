/**
 * What a failed send means for the journal, the same for deployments and
 * holder writes: the sentence to store (redacted: Apple may quote the
 * request), whether Apple may have applied it anyway (a transport error
 * after the request left: reconcile before sending again), and whether
 * Apple was unreachable (the window shows Offline).
 */
import { messageOf, VppError } from '../../../shared/errors';
import { AppleUnreachableError } from '../apple';
import { redact } from '../base';
import { findEntry } from './journal';
import type { CacheData } from '../cache';

export interface SendFailure {
  message: string;
  mayHaveReachedApple: boolean;
  unreachable: boolean;
}

export function sendFailure(err: unknown): SendFailure {
  return {
    message: redact(messageOf(err)),
    mayHaveReachedApple: err instanceof AppleUnreachableError ? err.mayHaveReachedApple !== false : false,
    unreachable: err instanceof VppError && err.code === 'APPLE_UNREACHABLE',
  };
}

/** Apple accepted the entry: its eventId is what resume() polls after a crash. */
export function markSent(data: CacheData, entryId: string, eventId: string, now: string): void {
  const e = findEntry(data, entryId);
  if (e) Object.assign(e, { status: 'sent', eventId, updatedAt: now });
}

/** The request is about to leave: from now on Apple may have it, even if its answer never arrives. */
export function markAttempted(data: CacheData, entryId: string, now: string): void {
  const e = findEntry(data, entryId);
  if (e) Object.assign(e, { attemptedAt: now, updatedAt: now });
}
