/**
 * The write journal: every write to Apple is recorded in the cache before it
 * is sent and updated with its eventId, so a crash at any moment leaves
 * enough behind to finish the job without assigning a license twice.
 */
import { randomUUID } from 'node:crypto';
import type { PricingParam } from '../../../shared/domain';
import type { CacheData, JournalEntry } from '../cache';

const KEEP_DONE = 2000;

export function newEntry(
  kind: JournalEntry['kind'],
  app: { adamId: string; pricingParam: PricingParam } | null,
  clientUserIds: string[],
  now: string,
  serialNumbers: string[] = [],
): JournalEntry {
  return {
    id: randomUUID(),
    kind,
    adamId: app?.adamId ?? null,
    pricingParam: app?.pricingParam ?? null,
    clientUserIds,
    serialNumbers,
    status: 'prepared',
    eventId: null,
    createdAt: now,
    updatedAt: now,
    error: null,
  };
}

export function findEntry(data: CacheData, id: string): JournalEntry | undefined {
  return data.journal.find((j) => j.id === id);
}

/** Entries not finished: what resume() must deal with. */
export function openEntries(data: Readonly<CacheData>): JournalEntry[] {
  return data.journal.filter((j) => j.status === 'prepared' || j.status === 'sent');
}

/** Keeps the journal from growing forever: finished entries beyond a window go. */
export function trimJournal(data: CacheData): void {
  const finished = data.journal.filter((j) => j.status === 'done' || j.status === 'failed');
  if (finished.length <= KEEP_DONE) return;
  const drop = new Set(finished.slice(0, finished.length - KEEP_DONE).map((j) => j.id));
  data.journal = data.journal.filter((j) => !drop.has(j.id));
}
