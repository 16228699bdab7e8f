/**
 * Applying Apple's answer to the cache: rows, license counts, assignments
 * and the journal change together in one write, so the cache never shows a
 * license both used and free.
 */
import { isOfApp } from '../../../shared/keys';
import { redact } from '../base';
import { holdersOf } from '../views';
import { addAssignment } from './assignments';
import { REASONS } from './licenses';
import type { FinishedEvent } from '../apple';
import type { CacheData, CachedDeployment, DeploymentStateValue, JournalEntry } from '../cache';

const NOT_ENOUGH_LICENSES = 9709;
const USER_NOT_FOUND = 9609;
const USER_EXISTS = 9716;

/**
 * VPP Desk's rows of one app, by user (or serial; the last row of a key wins). Only the app's rows are keyed:
 * keying every row by app and user cost ~2 s a call with a million rows in the cache, and a deployment called it
 * at each step.
 */
export function indexRows(data: CacheData, adamId: string, pricingParam: string): Map<string, CachedDeployment> {
  const out = new Map<string, CachedDeployment>();
  for (const d of data.deployments)
    if (d.adamId === adamId && d.pricingParam === pricingParam) out.set(d.clientUserId, d);
  return out;
}

/** Per-user failures from an event; a failure naming no users applies to all. */
export function failuresByUser(
  event: FinishedEvent,
  users: readonly string[],
): Map<string, { errorNumber: number; message: string }> {
  const out = new Map<string, { errorNumber: number; message: string }>();
  for (const f of event.failures ?? []) {
    const named = f.errorInfo?.clientUserIds;
    const message =
      f.errorNumber === NOT_ENOUGH_LICENSES
        ? REASONS['no-licenses']
        : f.errorNumber === USER_NOT_FOUND
          ? REASONS['user-not-found']
          : // Apple's text is stored on the rows, shown and exported: it may quote the request.
            `Apple error ${f.errorNumber}: ${redact(f.errorMessage ?? 'failed')}`;
    for (const id of named && named.length > 0 ? named : users) out.set(id, { errorNumber: f.errorNumber, message });
  }
  if (event.eventStatus === 'FAILED' && out.size === 0) {
    for (const id of users) out.set(id, { errorNumber: 0, message: 'Apple reported the request as failed.' });
  }
  return out;
}

function setRow(
  row: CachedDeployment | undefined,
  entry: JournalEntry,
  state: DeploymentStateValue,
  reason: string | null,
  now: string,
): void {
  // Newest action wins: a row since re-planned by another write is left alone.
  if (!row || row.journalId !== entry.id) return;
  row.state = state;
  row.reason = reason;
  row.journalId = null;
  row.updatedAt = now;
}

/** Applies a finished event; returns [succeeded, failed] user counts. */
export function applyEvent(
  data: CacheData,
  entry: JournalEntry,
  event: FinishedEvent,
  now: string,
  /** The app's holders among Apple's assignments as `data` has them, when built already (views/app-holders.ts). */
  holding?: ReadonlySet<string>,
): [number, number] {
  const failures = failuresByUser(event, entry.clientUserIds);
  const ok = entry.clientUserIds.filter(
    (id) => !failures.has(id) || (entry.kind === 'create-users' && failures.get(id)?.errorNumber === USER_EXISTS),
  );
  applyOutcome(data, entry, ok, failures, now, holding);
  return [ok.length, entry.clientUserIds.length - ok.length];
}

/** Applies known outcomes (from an event, or from reconciling with Apple's assignments). */
export function applyOutcome(
  data: CacheData,
  entry: JournalEntry,
  succeeded: readonly string[],
  failures: ReadonlyMap<string, { errorNumber: number; message: string }>,
  now: string,
  holders?: ReadonlySet<string>,
): void {
  const rows = entry.adamId && entry.pricingParam ? indexRows(data, entry.adamId, entry.pricingParam) : new Map();
  const ok = new Set(succeeded);
  const asset = data.assets.find((a) => a.adamId === entry.adamId && a.pricingParam === entry.pricingParam);

  if (entry.kind === 'associate' && entry.adamId && entry.pricingParam) {
    const { adamId, pricingParam } = entry;
    const holding = holders ?? holdersOf(data.assignments, adamId, pricingParam);
    for (const id of ok) {
      if (!holding.has(id)) {
        const assignment = {
          adamId: entry.adamId,
          pricingParam: entry.pricingParam,
          clientUserId: id,
          serialNumber: null,
        };
        addAssignment(data, asset, assignment);
      }
      setRow(rows.get(id), entry, 'assigned', null, now);
    }
  }
  if (entry.kind === 'disassociate' && entry.adamId && entry.pricingParam) {
    const before = data.assignments.length;
    const { adamId, pricingParam } = entry;
    data.assignments = data.assignments.filter(
      (a) => !(isOfApp(a, adamId, pricingParam) && a.clientUserId && ok.has(a.clientUserId)),
    );
    const removed = before - data.assignments.length;
    if (asset && removed > 0) {
      asset.assignedCount = Math.max(0, asset.assignedCount - removed);
      asset.availableCount += removed;
    }
    for (const id of ok) setRow(rows.get(id), entry, 'reclaimed', null, now);
  }
  if (entry.kind === 'create-users') {
    const known = new Set(data.users.map((u) => u.clientUserId));
    for (const id of ok) {
      if (!known.has(id))
        data.users.push({
          clientUserId: id,
          email: null,
          status: 'Registered',
          inviteCode: null,
          idHash: null,
          managedAppleId: null,
        });
      if (entry.adamId && entry.pricingParam) {
        setRow(rows.get(id), entry, 'pending-terms', REASONS.register, now);
      }
    }
  }
  for (const [id, failure] of failures) {
    if (ok.has(id) || !entry.adamId || !entry.pricingParam) continue;
    setRow(rows.get(id), entry, 'failed', failure.message, now);
  }
  entry.status = 'done';
  entry.updatedAt = now;
}
