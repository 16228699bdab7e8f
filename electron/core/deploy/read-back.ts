/**
 * Reading a write back from Apple when its answer was lost.
 *
 * Apple answers a write with an eventId and applies it later (the event is
 * PENDING meanwhile), so a read of the assignments straight after a crash
 * can miss an associate Apple is still applying. Sending it again then would
 * ask for the same licenses twice, with counts that do not know the first
 * request. So an associate that may have left (`attemptedAt` set just
 * before it was sent) is read back until every target holds or `settleMs`
 * have passed since it was sent; only then is the rest known not to be
 * coming. An entry never sent needs no wait; one from an older cache
 * (no attemptedAt) is read once, as before.
 */
import type { Clock } from '../base';
import type { JournalEntry } from '../cache';
import type { DeployApple } from './deploy-apple';

/** How long Apple may take to apply a write it accepted: its events usually finish within seconds. */
export const DEFAULT_SETTLE_MS = 30_000;

export interface ReadBackOptions {
  clock: Clock;
  settleMs: number;
  /** Between two reads while waiting. */
  intervalMs: number;
}

type Assignment = { pricingParam: string; clientUserId?: string | null; serialNumber?: string | null };

/**
 * Apple's holders of the entry's app (as `key` names them), once the entry
 * has settled; null when Apple asks for a full resync instead.
 */
export async function readBack(
  apple: DeployApple,
  entry: JournalEntry,
  key: (a: Assignment) => string | null,
  targets: readonly string[],
  opts: ReadBackOptions,
): Promise<Set<string> | null> {
  for (;;) {
    const walked = await apple.walkAssignments({ adamId: entry.adamId ?? '' });
    if (walked.fullResync) return null;
    const holding = new Set<string>();
    for (const a of walked.items) {
      if (a.pricingParam !== entry.pricingParam) continue;
      const k = key(a);
      if (k !== null) holding.add(k);
    }
    const wait = remainingWait(entry, opts);
    if (wait <= 0 || targets.every((t) => holding.has(t))) return holding;
    await opts.clock.sleep(Math.min(wait, opts.intervalMs));
  }
}

/** How much longer an associate may still be applied by Apple (0: it is not coming). */
export function remainingWait(entry: JournalEntry, opts: Pick<ReadBackOptions, 'clock' | 'settleMs'>): number {
  if (entry.kind !== 'associate' || !entry.attemptedAt) return 0;
  const since = opts.clock.now().getTime() - Date.parse(entry.attemptedAt);
  return Number.isFinite(since) ? Math.max(0, opts.settleMs - since) : 0;
}
