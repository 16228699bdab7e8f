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
import { adamIdOfAppKey, appKey } from '../../../shared/keys';
import { encodeAssignment, encodeUser, toAsset } from './convert';
import type { SyncSummary } from '../../../shared/domain';
import type { Assignment, FullResyncRequired, PageSink, WalkResult } from '../apple';
import type { CacheData, CachedAsset, PerAsset } from '../cache';
import type { SyncApple } from './apple-port';
import type { Part, ProgressTracker } from './progress';

export interface ReadResult {
  /** null when unchanged: the cache's own are kept. */
  assets: CachedAsset[] | null;
  /** Every user, or (delta) only those Apple changed, to merge into the cached ones; null when unchanged. */
  users: { rows: string[]; delta: boolean } | null;
  assignments: string[] | null;
  /**
   * Set when `assignments` is a change to merge into the cached part rather
   * than every assignment: the cached rows of these apps are dropped first
   * (they were read again whole, with the changed ones of other apps).
   */
  assignmentsMerge: { replaceAdamIds: string[] } | null;
  versions: CacheData['sync']['versions'];
  /** Collections Apple reported unchanged: the cache keeps them as they are, unread. */
  unchanged: ReadonlySet<Part>;
  /**
   * Collections walked whole into their sink (the sync's worker), with the
   * pages each walk had: their rows here are empty, the worker holds them.
   */
  streamed: Partial<Record<StreamedPart, number>>;
}

export type StreamedPart = 'users' | 'assignments';
export type Sinks = Partial<Record<StreamedPart, PageSink<string>>>;

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
  /**
   * Reads the cached assignments part's rows per asset (the store's assignmentCounts) when a delta needs them;
   * null when the part names none. Only a delta with changes reads them (~20 ms of parsing at 10,000 apps).
   */
  cachedCounts: (() => Promise<PerAsset | null>) | null = null,
  /** Where full walks of users and assignments hand their pages (see ReadResult.streamed). */
  sinks: Sinks = {},
  /** Told as soon as an incremental read finds something changed (there will be something to write). */
  onChange: () => void = () => undefined,
): Promise<ReadResult> {
  const versions = data.sync.versions;
  const streamed: ReadResult['streamed'] = {};
  /** A full walk into its sink when there is one: its rows are then the sink's. */
  const whole = <T>(part: StreamedPart, walked: WalkResult<T>): WalkResult<T> => {
    // A walk that kept its items anyway (a fake in tests) did not hand them over.
    if (sinks[part] && walked.items.length === 0) streamed[part] = walked.pages;
    return walked;
  };

  type AssetsRead = { assets: CachedAsset[] | null; version: string | null; moved: boolean };
  const readAssets = async (): Promise<AssetsRead> => {
    if (mode === 'full') {
      const walked = await apple.walkAssets({ ...progress.options('assets', signal), map: toAsset });
      return { assets: walked.items, version: walked.versionId, moved: true };
    }
    // Assets have no sinceVersionId: page 0's versionId tells whether anything moved.
    const first = await apple.getAssets({ pageIndex: 0 }, { signal });
    progress.add('assets', 1, 1);
    if (first.versionId === versions.assets) return { assets: null, version: first.versionId, moved: false };
    onChange();
    if (first.totalPages <= 1) return { assets: first.assets.map(toAsset), version: first.versionId, moved: true };
    const walked = await apple.walkAssets({ ...progress.options('assets', signal), map: toAsset });
    return { assets: walked.items, version: walked.versionId, moved: true };
  };

  const readUsers = async (): Promise<{ users: ReadResult['users']; version: string }> => {
    const since = mode === 'incremental' && versions.users ? versions.users : undefined;
    const delta = await apple.walkUsers({
      ...progress.options('users', signal),
      map: encodeUser,
      ...(since ? { sinceVersionId: since } : { sink: sinks.users }),
    });
    if (since && !delta.fullResync) {
      if (delta.items.length > 0) onChange();
      return {
        users: delta.items.length === 0 ? null : { rows: delta.items, delta: true },
        version: delta.versionId,
      };
    }
    if (mode === 'incremental') onChange();
    const walked = delta.fullResync
      ? await fullWalk(apple.walkUsers({ ...progress.options('users', signal), map: encodeUser, sink: sinks.users }))
      : delta;
    return { users: { rows: whole('users', walked).items, delta: false }, version: walked.versionId };
  };

  type AssignmentsRead = { assignments: string[] | null; merge: ReadResult['assignmentsMerge']; version: string };

  const fullAssignments = async (): Promise<AssignmentsRead> => {
    // In an incremental sync, a full read is a change to write (a full sync streams to its worker anyway).
    if (mode === 'incremental') onChange();
    const walked = await fullWalk(
      apple.walkAssignments({
        ...progress.options('assignments', signal),
        map: encodeAssignment,
        sink: sinks.assignments,
      }),
    );
    return { assignments: whole('assignments', walked).items, merge: null, version: walked.versionId };
  };

  const readAssignments = async (assetsRead: Promise<AssetsRead>): Promise<AssignmentsRead> => {
    const since = mode === 'incremental' && versions.assignments ? versions.assignments : undefined;
    if (!since) return fullAssignments();
    if (cachedCounts) return deltaAssignments(since, cachedCounts, assetsRead);
    const { moved } = await assetsRead;
    // Without per-app counts a moved app count cannot be explained by the delta: read everything.
    if (moved) return fullAssignments();
    const delta = await apple.walkAssignments({
      ...progress.options('assignments', signal),
      map: encodeAssignment,
      sinceVersionId: since,
    });
    if (!delta.fullResync && delta.items.length === 0)
      return { assignments: null, merge: null, version: delta.versionId };
    return fullAssignments();
  };

  /**
   * Apple's delta lists assignments made since the version, never the ones
   * removed. Each app's count tells: the cached rows of an app plus its
   * delta rows must equal Apple's assignedCount, or something was removed
   * (or re-made) there, and that app alone is read again whole. So a sync
   * after a few changes reads the delta's pages and those apps' pages, not
   * every assignment.
   */
  const deltaAssignments = async (
    since: string,
    counts: () => Promise<PerAsset | null>,
    assetsRead: Promise<AssetsRead>,
  ): Promise<AssignmentsRead> => {
    const delta = await apple.walkAssignments({
      ...progress.options('assignments', signal),
      map: (a: Assignment) => ({ adamId: a.adamId, key: appKey(a.adamId, a.pricingParam), row: encodeAssignment(a) }),
      sinceVersionId: since,
    });
    if (delta.fullResync) return fullAssignments();
    if (delta.items.length > 0) onChange();
    const { assets, moved } = await assetsRead;
    if (delta.items.length === 0 && !moved) return { assignments: null, merge: null, version: delta.versionId };
    // Their file lost or spoilt since: a moved app count cannot be explained by the delta, read everything.
    const cached = await counts();
    if (!cached) return fullAssignments();

    const expected = new Map<string, number>(Object.entries(cached.atSync));
    for (const d of delta.items) expected.set(d.key, (expected.get(d.key) ?? 0) + 1);
    const actual = new Map<string, number>();
    for (const a of assets ?? data.assets) actual.set(appKey(a.adamId, a.pricingParam), a.assignedCount);
    const reread = new Set<string>();
    for (const key of new Set([...expected.keys(), ...actual.keys()])) {
      if ((expected.get(key) ?? 0) !== (actual.get(key) ?? 0)) reread.add(adamIdOfAppKey(key));
    }
    // Apps whose cached rows this process changed since (its deployments) cannot be told apart from Apple's: read again.
    for (const key of new Set([...Object.keys(cached.current), ...Object.keys(cached.atSync)])) {
      if ((cached.current[key] ?? 0) !== (cached.atSync[key] ?? 0)) reread.add(adamIdOfAppKey(key));
    }
    // Reading many apps again costs more requests than one full walk: then walk it all.
    let rereadRows = 0;
    for (const [key, n] of actual) if (reread.has(adamIdOfAppKey(key))) rereadRows += n;
    const total = [...actual.values()].reduce((sum, n) => sum + n, 0);
    if (reread.size > MAX_REREAD_APPS || rereadRows > total / 2) return fullAssignments();

    const rows = delta.items.filter((d) => !reread.has(d.adamId)).map((d) => d.row);
    for (const adamId of reread) {
      let last: [number, number] = [0, 0];
      const walked = await fullWalk(
        apple.walkAssignments({
          signal,
          adamId,
          map: encodeAssignment,
          onProgress: (done, pages) => {
            progress.add('assignments', done - last[0], pages - last[1]);
            last = [done, pages];
          },
        }),
      );
      for (const row of walked.items) rows.push(row);
    }
    return { assignments: rows, merge: { replaceAdamIds: [...reread] }, version: delta.versionId };
  };

  const done = <T>(part: Part, work: Promise<T>): Promise<T> => work.then((v) => (progress.finish(part), v));
  const assetsRead = done('assets', readAssets());
  const usersRead = done('users', readUsers());
  // In a full sync nothing waits on the assets; an incremental one needs to know whether they moved.
  // The delta's pages are read while the assets are; only the comparison waits for them.
  const assignmentsRead = done('assignments', readAssignments(assetsRead));
  const [a, u, s] = await Promise.all([assetsRead, usersRead, assignmentsRead]);
  const unchanged = new Set<Part>();
  if (a.assets === null) unchanged.add('assets');
  if (u.users === null) unchanged.add('users');
  if (s.assignments === null) unchanged.add('assignments');
  return {
    assets: a.assets,
    users: u.users,
    assignments: s.assignments,
    assignmentsMerge: s.merge,
    versions: { assets: a.version, users: u.version, assignments: s.version },
    unchanged,
    streamed,
  };
}

/** More apps than this to read again, and one full walk is cheaper. */
const MAX_REREAD_APPS = 50;
