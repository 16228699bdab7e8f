/**
 * After a sync, VPP Desk's deployment rows are set against Apple's
 * assignments just read: a license removed outside VPP Desk (in Apple
 * Business Manager, by another tool, or by a write whose answer was lost)
 * no longer shows as assigned, and one Apple holds shows as assigned.
 * Nothing is sent to Apple here: a row that lost its license fails with a
 * reason and waits for the admin's retry, so no license is ever spent
 * behind their back.
 *
 * Rows still waiting on a write (journalId set) or changed since the sync
 * started are left alone: the sync's read may predate them.
 */
import { appKey, rowKey } from '../../../shared/keys';
import { termsStatusOf } from '../cache';
import type { CacheData, CachedDeployment } from '../cache';

export const OUT_OF_STEP = {
  removed: 'Apple no longer holds this license (it was removed outside VPP Desk). Retry to assign it again.',
  heldAgain: 'Apple holds this license again (assigned outside VPP Desk). Uninstall again to reclaim it.',
} as const;

export interface RowDrift {
  /** Rows that said assigned, whose license Apple no longer holds. */
  removed: CachedDeployment[];
  /** Required rows that were not assigned, whose license Apple holds. */
  held: CachedDeployment[];
  /** Uninstall rows that said reclaimed, whose license Apple holds again. */
  heldAgain: CachedDeployment[];
  /**
   * Uninstall rows that failed ("could not be reclaimed"), whose license Apple no longer holds: reclaimed after
   * all (an answer lost or misreported, or removed elsewhere). Left failed, the row hid a free license.
   */
  reclaimed: CachedDeployment[];
}

/**
 * Brings rows in line with Apple's assignments in `data` and returns what
 * changed; with `apply: false` only says what would (the caller skips a
 * cache write when nothing drifted).
 */
export function reconcileRows(
  data: CacheData,
  syncStartedAt: string,
  now: string,
  apply = true,
  /**
   * Looked up off this thread: the row keys asked about, and those Apple
   * holds (a row not asked about is left alone); else data.assignments is read.
   */
  lookedUp?: { asked: ReadonlySet<string>; present: ReadonlySet<string> },
): RowDrift {
  const set = (row: CachedDeployment, patch: Partial<CachedDeployment>) => {
    if (apply) Object.assign(row, patch, { updatedAt: now });
  };
  const drift: RowDrift = { removed: [], held: [], heldAgain: [], reclaimed: [] };
  const apps = new Set(data.assets.map((a) => appKey(a.adamId, a.pricingParam)));
  const holding = lookedUp?.present ?? holdersOf(data);
  // Users are read only if a row lost its license (retired or not): most syncs find none.
  let users: Map<string, CacheData['users'][number]> | null = null;
  const retired = (id: string) => {
    users ??= new Map(data.users.map((u) => [u.clientUserId, u]));
    return termsStatusOf(users.get(id)) === 'retired';
  };

  for (const row of data.deployments) {
    if (row.journalId !== null || row.updatedAt >= syncStartedAt) continue;
    // An app no longer in the location is not read: its assignments say nothing.
    if (!apps.has(appKey(row.adamId, row.pricingParam))) continue;
    const key = rowKey(row.adamId, row.pricingParam, row.clientUserId);
    if (lookedUp && !lookedUp.asked.has(key)) continue;
    const held = holding.has(key);
    if (row.state === 'assigned' && !held) {
      if (retired(row.clientUserId)) set(row, { action: 'uninstall', state: 'reclaimed', reason: null });
      else set(row, { state: 'failed', reason: OUT_OF_STEP.removed });
      drift.removed.push(row);
    } else if (row.action === 'required' && held && (row.state === 'failed' || row.state === 'pending-terms')) {
      set(row, { state: 'assigned', reason: null });
      drift.held.push(row);
    } else if (row.action === 'uninstall' && held && row.state === 'reclaimed') {
      set(row, { state: 'failed', reason: OUT_OF_STEP.heldAgain });
      drift.heldAgain.push(row);
    } else if (row.action === 'uninstall' && !held && row.state === 'failed') {
      set(row, { state: 'reclaimed', reason: null });
      drift.reclaimed.push(row);
    }
  }
  return drift;
}

function holdersOf(data: CacheData): Set<string> {
  const holding = new Set<string>();
  for (const a of data.assignments)
    if (a.clientUserId !== null) holding.add(rowKey(a.adamId, a.pricingParam, a.clientUserId));
  return holding;
}

/** The rows a sync that started at `syncStartedAt` may set, by key: what to look up in Apple's assignments. */
export function rowsToCheck(data: CacheData, syncStartedAt: string): string[] {
  return data.deployments
    .filter((row) => row.journalId === null && row.updatedAt < syncStartedAt)
    .map((row) => rowKey(row.adamId, row.pricingParam, row.clientUserId));
}

export function driftCount(d: RowDrift): number {
  return d.removed.length + d.held.length + d.heldAgain.length + d.reclaimed.length;
}

/** One activity sentence for what a sync found out of step, the users first (a few named). */
export function describeDrift(d: RowDrift): string {
  const who = (rows: CachedDeployment[]) => {
    const ids = rows.slice(0, 5).map((r) => r.clientUserId);
    const more = rows.length - ids.length;
    return rows.length === 1
      ? ids.join('')
      : `${rows.length} users (${ids.join(', ')}${more > 0 ? ` and ${more} more` : ''})`;
  };
  const parts: string[] = [];
  if (d.removed.length > 0) parts.push(`license removed from ${who(d.removed)}`);
  if (d.held.length > 0) parts.push(`license assigned to ${who(d.held)}`);
  if (d.heldAgain.length > 0) parts.push(`license back with ${who(d.heldAgain)} after Uninstall`);
  if (d.reclaimed.length > 0) parts.push(`license no longer with ${who(d.reclaimed)}, whose Uninstall had failed`);
  return `Changed outside VPP Desk, rows now match Apple: ${parts.join('; ')}.`;
}
