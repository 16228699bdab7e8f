/**
 * Applying Apple's answer to a holders write (device deploy, revoke, retire,
 * reclaim) to the cache: assignments, license counts, users and VPP Desk's
 * own rows change together in one write, as apply.ts does for deployments.
 */
import { appKey, isOfApp } from '../../../shared/keys';
import { redact } from '../base';
import { addAssignment } from './assignments';
import type { FinishedEvent } from '../apple';
import type { CacheData, CachedAsset, CachedAssignment, JournalEntry } from '../cache';

const USER_NOT_FOUND = 9609;
const NOT_ENOUGH_LICENSES = 9709;

/** A target of a write: 'u:<clientUserId>' or 's:<serialNumber>'. */
export const userTarget = (id: string) => `u:${id}`;
export const serialTarget = (sn: string) => `s:${sn}`;

export function targetsOf(entry: JournalEntry): string[] {
  return [...entry.clientUserIds.map(userTarget), ...entry.serialNumbers.map(serialTarget)];
}

export interface HolderResult {
  done: string[];
  failed: Map<string, string>;
  /** Set when Apple could not be reached at all (nothing was sent): the caller refuses with it. */
  unreachable?: Error;
}

function reasonOf(errorNumber: number, message: string | undefined): string {
  if (errorNumber === NOT_ENOUGH_LICENSES) return 'No licenses available.';
  if (errorNumber === USER_NOT_FOUND) return 'Apple does not know this user (or the user is retired).';
  // Apple's text is stored, shown and exported: it may quote the request.
  return `Apple error ${errorNumber}: ${redact(message ?? 'failed')}`;
}

/** Per-target failures of an event; a failure naming nobody applies to every target. */
export function holderFailures(event: FinishedEvent, entry: JournalEntry): Map<string, string> {
  const out = new Map<string, string>();
  const all = targetsOf(entry);
  for (const f of event.failures ?? []) {
    const named = [
      ...(f.errorInfo?.clientUserIds ?? []).map(userTarget),
      ...(f.errorInfo?.serialNumbers ?? []).map(serialTarget),
    ];
    for (const t of named.length > 0 ? named : all) out.set(t, reasonOf(f.errorNumber, f.errorMessage));
  }
  if (event.eventStatus === 'FAILED' && out.size === 0)
    for (const t of all) out.set(t, 'Apple reported the request as failed.');
  return out;
}

export function applyHolderEvent(
  data: CacheData,
  entry: JournalEntry,
  event: FinishedEvent,
  now: string,
): HolderResult {
  const failed = holderFailures(event, entry);
  const done = targetsOf(entry).filter((t) => !failed.has(t));
  applyHolderOutcome(data, entry, done, now);
  return { done, failed };
}

function free(asset: CachedAsset | undefined, spent: boolean): void {
  if (!asset) return;
  asset.assignedCount = Math.max(0, asset.assignedCount - 1);
  // A retired user's books are spent; apps go back to the pool.
  if (spent) asset.retiredCount += 1;
  else asset.availableCount += 1;
}

/** Applies what Apple confirmed (from an event, or from reading its assignments back). */
export function applyHolderOutcome(data: CacheData, entry: JournalEntry, done: readonly string[], now: string): void {
  const ok = new Set(done);
  const assets = new Map(data.assets.map((a) => [appKey(a.adamId, a.pricingParam), a]));
  const targetOf = (a: CachedAssignment) =>
    a.clientUserId ? userTarget(a.clientUserId) : serialTarget(a.serialNumber ?? '');
  const entryApp = entry.adamId && entry.pricingParam ? appKey(entry.adamId, entry.pricingParam) : null;

  const { adamId, pricingParam } = entry;
  if (entry.kind === 'associate' && entryApp && adamId && pricingParam) {
    const holding = new Set(data.assignments.filter((a) => isOfApp(a, adamId, pricingParam)).map(targetOf));
    const asset = assets.get(entryApp);
    const confirmed = [
      ...entry.serialNumbers.map((sn) => ({ target: serialTarget(sn), clientUserId: null, serialNumber: sn })),
      ...entry.clientUserIds.map((id) => ({ target: userTarget(id), clientUserId: id, serialNumber: null })),
    ];
    for (const { target, clientUserId, serialNumber } of confirmed) {
      if (!ok.has(target) || holding.has(target)) continue;
      addAssignment(data, asset, {
        adamId,
        pricingParam,
        clientUserId,
        serialNumber,
      });
    }
  } else {
    const retiring = entry.kind === 'retire-users';
    const removes = (a: CachedAssignment): boolean => {
      // The app first: it builds no string, and most of a million rows are of other apps.
      if (entry.kind === 'disassociate')
        return !!adamId && !!pricingParam && isOfApp(a, adamId, pricingParam) && ok.has(targetOf(a));
      if (!ok.has(targetOf(a))) return false;
      // Revoke leaves non-revocable assets (books) where they are; retiring takes everything.
      return retiring || assets.get(appKey(a.adamId, a.pricingParam))?.revocable !== false;
    };
    data.assignments = data.assignments.filter((a) => {
      if (!removes(a)) return true;
      const asset = assets.get(appKey(a.adamId, a.pricingParam));
      free(asset, retiring && asset?.productType === 'Book');
      return false;
    });
    if (retiring) {
      for (const user of data.users) {
        if (!ok.has(userTarget(user.clientUserId))) continue;
        user.status = 'Retired';
        user.inviteCode = null;
      }
    }

    // VPP Desk's own rows follow the licenses they described, judged by what
    // the write removes, not by the cache's assignments: a sync may already
    // have dropped them (a retire whose answer was lost, resent after a sync).
    for (const row of data.deployments) {
      if (row.state !== 'assigned') continue;
      const held = {
        adamId: row.adamId,
        pricingParam: row.pricingParam,
        clientUserId: row.clientUserId,
        serialNumber: null,
      };
      if (removes(held)) Object.assign(row, { action: 'uninstall', state: 'reclaimed', reason: null, updatedAt: now });
    }
  }
  entry.status = 'done';
  entry.updatedAt = now;
}
