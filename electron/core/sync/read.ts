/**
 * Reading Apple's data for one sync: assets, users and assignments walked
 * side by side (the client still keeps five requests in flight at most), so
 * no walk's first page or tail leaves the others waiting. Incremental reads
 * use page 0 of the assets and sinceVersionId for users and assignments.
 */
import { VppError } from '../../../shared/errors';
import { mergeUsers, toAsset, toAssignment, toUser } from './convert';
import type { SyncSummary } from '../../../shared/domain';
import type { FullResyncRequired, WalkResult } from '../apple';
import type { CacheData, CachedAsset, CachedAssignment, CachedUser } from '../cache';
import type { SyncApple } from './apple-port';
import type { Part, ProgressTracker } from './progress';

export interface ReadResult {
  /** Unchanged collections are the cache's own, read from it only when asked for (a million assignments). */
  assets: CachedAsset[];
  users: CachedUser[];
  assignments: CachedAssignment[];
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

  const readUsers = async (): Promise<{ users: CachedUser[] | null; version: string }> => {
    const since = mode === 'incremental' && versions.users ? versions.users : undefined;
    const delta = await apple.walkUsers({
      ...progress.options('users', signal),
      map: toUser,
      ...(since ? { sinceVersionId: since } : {}),
    });
    if (since && !delta.fullResync)
      return {
        users: delta.items.length === 0 ? null : mergeUsers(data.users, delta.items),
        version: delta.versionId,
      };
    const walked = delta.fullResync
      ? await fullWalk(apple.walkUsers({ ...progress.options('users', signal), map: toUser }))
      : delta;
    return { users: walked.items, version: walked.versionId };
  };

  const readAssignments = async (
    assetsMoved: boolean,
  ): Promise<{ assignments: CachedAssignment[] | null; version: string }> => {
    const since = mode === 'incremental' && !assetsMoved && versions.assignments ? versions.assignments : undefined;
    const delta = await apple.walkAssignments({
      ...progress.options('assignments', signal),
      map: toAssignment,
      ...(since ? { sinceVersionId: since } : {}),
    });
    // Apple's delta cannot say which assignments went away, so any change
    // (or an unknown version) means one full walk for exact counts.
    if (since && !delta.fullResync && delta.items.length === 0) return { assignments: null, version: delta.versionId };
    const walked: WalkResult<CachedAssignment> =
      delta.fullResync || since
        ? await fullWalk(apple.walkAssignments({ ...progress.options('assignments', signal), map: toAssignment }))
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
    get assets() {
      return a.assets ?? (data.assets as CachedAsset[]);
    },
    get users() {
      return u.users ?? (data.users as CachedUser[]);
    },
    get assignments() {
      return s.assignments ?? (data.assignments as CachedAssignment[]);
    },
    versions: { assets: a.version, users: u.version, assignments: s.version },
    unchanged,
  };
}
