/**
 * Reading Apple's data for one sync: assets, users and assignments walked
 * side by side (the client still keeps five requests in flight at most), so
 * no walk's first page or tail leaves the others waiting. Incremental reads
 * use page 0 of the assets and sinceVersionId for users and assignments.
 *
 * Users and assignments come back encoded as their part files hold them (one
 * JSON string a row, made page by page as each arrives): the worker thread
 * writes them without this thread ever holding a million row objects or
 * merging into the cached users. Assets (thousands) stay rows: app names and
 * alerts are worked out from them here.
 */
import { VppError } from '../../../shared/errors';
import { encodeRow } from '../cache';
import { toAsset, toAssignment, toUser } from './convert';
import type { SyncSummary } from '../../../shared/domain';
import type { Assignment, FullResyncRequired, User, WalkResult } from '../apple';
import type { CacheData, CachedAsset } from '../cache';
import type { SyncApple } from './apple-port';
import type { Part, ProgressTracker } from './progress';

export interface ReadResult {
  /** null when unchanged: the cache's own are kept. */
  assets: CachedAsset[] | null;
  /** Every user, or (delta) only those Apple changed, to merge into the cached ones; null when unchanged. */
  users: { rows: string[]; delta: boolean } | null;
  assignments: string[] | null;
  versions: CacheData['sync']['versions'];
  /** Collections Apple reported unchanged: the cache keeps them as they are, unread. */
  unchanged: ReadonlySet<Part>;
}

async function fullWalk<T>(walk: Promise<WalkResult<T> | FullResyncRequired>): Promise<WalkResult<T>> {
  const result = await walk;
  if (result.fullResync) throw new VppError('APPLE_ERROR', 'Apple refused a full read of the data.');
  return result;
}

export async function readApple(
  apple: SyncApple,
  data: Readonly<CacheData>,
  mode: SyncSummary['mode'],
  progress: ProgressTracker,
  signal: AbortSignal,
): Promise<ReadResult> {
  const versions = data.sync.versions;

  const readAssets = async (): Promise<{ assets: CachedAsset[] | null; version: string | null; moved: boolean }> => {
    if (mode === 'full') {
      const walked = await apple.walkAssets({ ...progress.options('assets', signal), map: toAsset });
      return { assets: walked.items, version: walked.versionId, moved: true };
    }
    // Assets have no sinceVersionId: page 0's versionId tells whether anything moved.
    const first = await apple.getAssets({ pageIndex: 0 }, { signal });
    progress.add('assets', 1, 1);
    if (first.versionId === versions.assets) return { assets: null, version: first.versionId, moved: false };
    if (first.totalPages <= 1) return { assets: first.assets.map(toAsset), version: first.versionId, moved: true };
    const walked = await apple.walkAssets({ ...progress.options('assets', signal), map: toAsset });
    return { assets: walked.items, version: walked.versionId, moved: true };
  };

  const readUsers = async (): Promise<{ users: ReadResult['users']; version: string }> => {
    const since = mode === 'incremental' && versions.users ? versions.users : undefined;
    const delta = await apple.walkUsers({
      ...progress.options('users', signal),
      map: encodeUser,
      ...(since ? { sinceVersionId: since } : {}),
    });
    if (since && !delta.fullResync)
      return {
        users: delta.items.length === 0 ? null : { rows: delta.items, delta: true },
        version: delta.versionId,
      };
    const walked = delta.fullResync
      ? await fullWalk(apple.walkUsers({ ...progress.options('users', signal), map: encodeUser }))
      : delta;
    return { users: { rows: walked.items, delta: false }, version: walked.versionId };
  };

  const readAssignments = async (assetsMoved: boolean): Promise<{ assignments: string[] | null; version: string }> => {
    const since = mode === 'incremental' && !assetsMoved && versions.assignments ? versions.assignments : undefined;
    const delta = await apple.walkAssignments({
      ...progress.options('assignments', signal),
      map: encodeAssignment,
      ...(since ? { sinceVersionId: since } : {}),
    });
    // Apple's delta cannot say which assignments went away, so any change
    // (or an unknown version) means one full walk for exact counts.
    if (since && !delta.fullResync && delta.items.length === 0) return { assignments: null, version: delta.versionId };
    const walked: WalkResult<string> =
      delta.fullResync || since
        ? await fullWalk(apple.walkAssignments({ ...progress.options('assignments', signal), map: encodeAssignment }))
        : delta;
    return { assignments: walked.items, version: walked.versionId };
  };

  const done = <T>(part: Part, work: Promise<T>): Promise<T> => work.then((v) => (progress.finish(part), v));
  const assetsRead = done('assets', readAssets());
  const usersRead = done('users', readUsers());
  // In a full sync nothing waits on the assets; an incremental one needs to know whether they moved.
  const assignmentsRead = done(
    'assignments',
    mode === 'full' ? readAssignments(true) : assetsRead.then((a) => readAssignments(a.moved)),
  );
  const [a, u, s] = await Promise.all([assetsRead, usersRead, assignmentsRead]);
  const unchanged = new Set<Part>();
  if (a.assets === null) unchanged.add('assets');
  if (u.users === null) unchanged.add('users');
  if (s.assignments === null) unchanged.add('assignments');
  return {
    assets: a.assets,
    users: u.users,
    assignments: s.assignments,
    versions: { assets: a.version, users: u.version, assignments: s.version },
    unchanged,
  };
}

const encodeUser = (u: User): string => encodeRow('users', toUser(u));
const encodeAssignment = (a: Assignment): string => encodeRow('assignments', toAssignment(a));
