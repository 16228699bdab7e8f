/**
 * The audit trail of license changes: one activity entry per user per
 * change (assigned, reclaimed, or failed with its reason), with the source
 * and the OS user that started the write, so the log answers "who got or
 * lost which license, when, and who did it".
 */
import { count, KIND_WORDS } from '../base';
import type { CacheData, JournalEntry, Store } from '../cache';

export interface Outcome {
  ok: readonly string[];
  failed: ReadonlyMap<string, { message: string }>;
}

/** Who started a journaled write; entries from older caches fall back to the store's defaults. */
export function actedBy(entry: JournalEntry): { source?: NonNullable<JournalEntry['source']>; actor?: string | null } {
  return {
    ...(entry.source ? { source: entry.source } : {}),
    ...(entry.actor !== undefined ? { actor: entry.actor } : {}),
  };
}

export function logLicenseChanges(
  store: Store,
  data: CacheData,
  entry: JournalEntry,
  name: string,
  outcome: Outcome,
): void {
  const who = actedBy(entry);
  const adamId = entry.adamId;
  if (entry.kind === 'associate' || entry.kind === 'disassociate') {
    const assign = entry.kind === 'associate';
    for (const id of outcome.ok) {
      store.log(
        assign ? 'license-assigned' : 'license-reclaimed',
        assign ? `${name} assigned to ${id}.` : `${name} reclaimed from ${id}.`,
        data,
        { ...who, adamId, clientUserId: id },
      );
    }
    for (const [id, { message }] of outcome.failed) {
      store.log(
        'license-failed',
        `${name} could not be ${assign ? 'assigned to' : 'reclaimed from'} ${id}: ${message}`,
        data,
        { ...who, adamId, clientUserId: id },
      );
    }
    return;
  }
  if (outcome.ok.length > 0)
    store.log('deployment', `${count(outcome.ok.length, 'user')} invited to the Volume Purchase Program.`, data, who);
  if (outcome.failed.size > 0)
    store.log(
      'failure',
      `${count(outcome.failed.size, 'user')} failed for ${name} (${KIND_WORDS[entry.kind]}): ${[...outcome.failed.values()][0]?.message ?? ''}`,
      data,
      { ...who, adamId },
    );
}
