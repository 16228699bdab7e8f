// Reading Apple for one sync, against a fake of the port sync needs (sync/apple-port.ts).
import { describe, expect, it } from 'vitest';
import { PART_COLUMNS } from '../../../../electron/core/cache';
import { ProgressTracker } from '../../../../electron/core/sync/progress';
import { readApple, type ReadResult } from '../../../../electron/core/sync/read';
import { cacheWith, user } from '../../../helpers/cache';
import type {
  Asset,
  Assignment,
  FullResyncRequired,
  GetAssetsResponse,
  User,
  WalkOptions,
  WalkResult,
} from '../../../../electron/core/apple';
import type { CacheData } from '../../../../electron/core/cache/schema';
import type { SyncApple } from '../../../../electron/core/sync/apple-port';
import type { SyncProgress } from '../../../../shared/domain';

/** What Apple holds for one paged endpoint: the full set, and what a sinceVersionId read returns. */
interface Source<T> {
  items: T[];
  version: string;
  /** The answer to a sinceVersionId read; 'refused' is Apple's 9721 (FullResyncRequired). */
  delta?: { items: T[]; version: string } | 'refused';
  /** Apple refuses even the full read (it should not). */
  refuseFull?: boolean;
}

interface Org {
  assets: Asset[];
  assetsVersion: string;
  assetPages: number;
  users: Source<User>;
  assignments: Source<Assignment>;
}

const REFUSED: FullResyncRequired = { fullResync: true, reason: 'invalid-since-version' };

class FakeApple implements SyncApple {
  /** Every call in order, e.g. 'getAssets', 'walkAssets', 'users since u1', 'assignments full'. */
  readonly calls: string[] = [];
  readonly signals: Array<AbortSignal | undefined> = [];

  constructor(private readonly org: Org) {}

  async getAssets(_params: { pageIndex?: number }, options?: { signal?: AbortSignal }): Promise<GetAssetsResponse> {
    this.calls.push('getAssets');
    this.signals.push(options?.signal);
    return {
      uId: 'loc-1',
      currentPageIndex: 0,
      totalPages: this.org.assetPages,
      versionId: this.org.assetsVersion,
      assets: this.org.assets,
    };
  }

  async walkAssets<U>(options: WalkOptions & { map: (item: Asset) => U }): Promise<WalkResult<U>> {
    this.calls.push('walkAssets');
    return this.answer(options, this.org.assets.map(options.map), this.org.assetsVersion);
  }

  async walkUsers<U>(options: WalkOptions & { sinceVersionId?: string; map: (item: User) => U }) {
    return this.walk('users', this.org.users, options);
  }

  async walkAssignments<U>(options: WalkOptions & { sinceVersionId?: string; map: (item: Assignment) => U }) {
    return this.walk('assignments', this.org.assignments, options);
  }

  private walk<T, U>(
    name: string,
    source: Source<T>,
    options: WalkOptions & { sinceVersionId?: string; map: (item: T) => U },
  ): WalkResult<U> | FullResyncRequired {
    const since = options.sinceVersionId;
    this.calls.push(since ? `${name} since ${since}` : `${name} full`);
    if (since) {
      if (!source.delta || source.delta === 'refused') return REFUSED;
      return this.answer(options, source.delta.items.map(options.map), source.delta.version);
    }
    if (source.refuseFull) return REFUSED;
    return this.answer(options, source.items.map(options.map), source.version);
  }

  private answer<U>(options: WalkOptions, items: U[], versionId: string): WalkResult<U> {
    this.signals.push(options.signal);
    options.onProgress?.(1, 1);
    return { fullResync: false, items, versionId, pages: 1, restarts: 0 };
  }

  serviceConfig(): never {
    throw new Error('readApple does not read service config');
  }
  getClientConfig(): never {
    throw new Error('readApple does not read client config');
  }
  lookupNames(): never {
    throw new Error('readApple does not look up names');
  }
}

function appleAsset(adamId: string, availableCount = 5): Asset {
  return {
    adamId,
    pricingParam: 'STDQ',
    assignedCount: 10 - availableCount,
    availableCount,
    retiredCount: 0,
    totalCount: 10,
    supportedPlatforms: ['iOS'],
  };
}

const appleUser = (clientUserId: string, status = 'Associated'): User => ({ clientUserId, status });
const appleAssignment = (clientUserId: string, adamId = '1'): Assignment => ({
  adamId,
  pricingParam: 'STDQ',
  clientUserId,
});

/** What the cache holds after a sync at versions a1 / u1 / s1. */
function cached(): CacheData {
  const data = cacheWith({
    assets: [
      {
        adamId: '1',
        pricingParam: 'STDQ',
        productType: 'App',
        supportedPlatforms: ['iOS'],
        deviceAssignable: false,
        revocable: false,
        totalCount: 10,
        assignedCount: 5,
        availableCount: 5,
        retiredCount: 0,
      },
    ],
    users: [user('old-1'), user('old-2')],
    assignments: [{ adamId: '1', pricingParam: 'STDQ', clientUserId: 'old-1', serialNumber: null }],
  });
  data.sync.versions = { assets: 'a1', users: 'u1', assignments: 's1' };
  return data;
}

function org(over: Partial<Org> = {}): Org {
  return {
    assets: [appleAsset('1'), appleAsset('2', 7)],
    assetsVersion: 'a1',
    assetPages: 1,
    users: { items: [appleUser('new-1'), appleUser('new-2', 'Registered')], version: 'u2' },
    assignments: { items: [appleAssignment('new-1'), appleAssignment('new-2', '2')], version: 's2' },
    ...over,
  };
}

/** Rows the read encoded for the worker (one JSON array of cells each), back as objects. */
function decoded(
  rows: readonly string[] | undefined,
  collection: 'users' | 'assignments',
): Array<Record<string, unknown>> {
  const columns = PART_COLUMNS[collection];
  return (rows ?? []).map((row) => {
    const cells = JSON.parse(row) as unknown[];
    return Object.fromEntries(columns.map((c, i) => [c, cells[i]]));
  });
}
const usersOf = (r: ReadResult) => decoded(r.users?.rows, 'users');
const assignmentsOf = (r: ReadResult) => decoded(r.assignments ?? undefined, 'assignments');

async function read(apple: FakeApple, data: CacheData, mode: 'full' | 'incremental') {
  const reports: SyncProgress[] = [];
  const signal = new AbortController().signal;
  const result = await readApple(apple, data, mode, new ProgressTracker((p) => reports.push(p)), signal);
  return { result, reports, signal };
}

describe('readApple: full', () => {
  it('walks assets, users and assignments in full, whatever versions the cache holds', async () => {
    const apple = new FakeApple(org({ assetsVersion: 'a2' }));
    const { result, signal } = await read(apple, cached(), 'full');

    expect([...apple.calls].sort()).toEqual(['assignments full', 'users full', 'walkAssets']);
    expect((result.assets ?? []).map((a) => [a.adamId, a.availableCount, a.productType])).toEqual([
      ['1', 5, 'App'],
      ['2', 7, 'App'],
    ]);
    expect(usersOf(result).map((u) => [u.clientUserId, u.status, u.email])).toEqual([
      ['new-1', 'Associated', null],
      ['new-2', 'Registered', null],
    ]);
    expect(result.users?.delta).toBe(false);
    expect(assignmentsOf(result)).toEqual([
      { adamId: '1', pricingParam: 'STDQ', clientUserId: 'new-1', serialNumber: null },
      { adamId: '2', pricingParam: 'STDQ', clientUserId: 'new-2', serialNumber: null },
    ]);
    expect(result.versions).toEqual({ assets: 'a2', users: 'u2', assignments: 's2' });
    expect(apple.signals).toEqual([signal, signal, signal]);
  });
});

describe('readApple: incremental', () => {
  it('with unchanged assets and no assignment changes, keeps the cache and skips the full assignments walk', async () => {
    const data = cached();
    const apple = new FakeApple(
      org({
        users: { items: [], version: 'u2', delta: { items: [], version: 'u2' } },
        assignments: { items: [], version: 's2', delta: { items: [], version: 's2' } },
      }),
    );
    const { result, reports, signal } = await read(apple, data, 'incremental');

    expect([...apple.calls].sort()).toEqual(['assignments since s1', 'getAssets', 'users since u1']);
    // Unchanged: nothing to write, and the cache's own rows are not read.
    expect(result.assets).toBeNull();
    expect(result.assignments).toBeNull();
    expect(result.users).toBeNull();
    expect([...result.unchanged].sort()).toEqual(['assets', 'assignments', 'users']);
    expect(result.versions).toEqual({ assets: 'a1', users: 'u2', assignments: 's2' });
    expect(reports.at(-1)).toEqual({ running: true, phase: 'saving', pagesDone: 3, pagesTotal: 3 });
    expect(apple.signals).toEqual([signal, signal, signal]);
  });

  it('tells as soon as an incremental read finds a change (the worker starts meanwhile), never when none', async () => {
    const changes = async (over: Partial<Org>) => {
      let told = 0;
      const progress = new ProgressTracker(() => undefined);
      const signal = new AbortController().signal;
      await readApple(new FakeApple(org(over)), cached(), 'incremental', progress, signal, null, {}, () => told++);
      return told;
    };
    const none = { items: [], version: 'u2', delta: { items: [], version: 'u2' } };
    const noAssignments = { items: [], version: 's2', delta: { items: [], version: 's2' } };
    expect(await changes({ users: none, assignments: noAssignments })).toBe(0);
    expect(await changes({ users: none, assignments: noAssignments, assetsVersion: 'a2' })).toBeGreaterThan(0);
    const userChanged = { ...none, delta: { items: [appleUser('new-1')], version: 'u2' } };
    expect(await changes({ users: userChanged, assignments: noAssignments })).toBeGreaterThan(0);
    const assignmentChanged = { ...noAssignments, delta: { items: [appleAssignment('new-1')], version: 's2' } };
    expect(await changes({ users: none, assignments: assignmentChanged })).toBeGreaterThan(0);
  });

  it('hands on only the users delta, to be merged into the cached users by the worker (part-job.ts)', async () => {
    const apple = new FakeApple(
      org({
        users: {
          items: [],
          version: 'u2',
          delta: { items: [appleUser('old-2', 'Retired'), appleUser('new-1')], version: 'u2' },
        },
        assignments: { items: [], version: 's2', delta: { items: [], version: 's2' } },
      }),
    );
    const { result } = await read(apple, cached(), 'incremental');
    expect(result.users?.delta).toBe(true);
    expect(usersOf(result).map((u) => [u.clientUserId, u.status])).toEqual([
      ['old-2', 'Retired'],
      ['new-1', 'Associated'],
    ]);
    expect(result.versions.users).toBe('u2');
  });

  it('reads the assignments in full when their delta shows any change (it cannot say what went away)', async () => {
    const apple = new FakeApple(
      org({
        users: { items: [], version: 'u2', delta: { items: [], version: 'u2' } },
        assignments: {
          items: [appleAssignment('new-1')],
          version: 's3',
          delta: { items: [appleAssignment('new-1')], version: 's2' },
        },
      }),
    );
    const { result } = await read(apple, cached(), 'incremental');
    const assignmentCalls = apple.calls.filter((c) => c.startsWith('assignments'));
    expect(assignmentCalls).toEqual(['assignments since s1', 'assignments full']);
    expect(assignmentsOf(result).map((a) => a.clientUserId)).toEqual(['new-1']);
    expect(result.versions.assignments).toBe('s3');
  });

  it('takes moved assets from page 0 when that is all there is, then walks the assignments once, in full', async () => {
    const apple = new FakeApple(
      org({
        assetsVersion: 'a2',
        users: { items: [], version: 'u2', delta: { items: [], version: 'u2' } },
        assignments: { items: [appleAssignment('new-1')], version: 's2', delta: { items: [], version: 's2' } },
      }),
    );
    const { result } = await read(apple, cached(), 'incremental');
    expect(apple.calls).not.toContain('walkAssets');
    expect(apple.calls.filter((c) => c.startsWith('assignments'))).toEqual(['assignments full']);
    expect((result.assets ?? []).map((a) => a.adamId)).toEqual(['1', '2']);
    expect(assignmentsOf(result).map((a) => a.clientUserId)).toEqual(['new-1']);
    expect(result.versions.assets).toBe('a2');
  });

  it('walks moved assets in full when they span more than one page', async () => {
    const apple = new FakeApple(
      org({
        assetsVersion: 'a2',
        assetPages: 3,
        users: { items: [], version: 'u2', delta: { items: [], version: 'u2' } },
      }),
    );
    const { result } = await read(apple, cached(), 'incremental');
    expect(apple.calls.filter((c) => c === 'getAssets' || c === 'walkAssets')).toEqual(['getAssets', 'walkAssets']);
    expect((result.assets ?? []).map((a) => a.adamId)).toEqual(['1', '2']);
  });

  it('reads users in full, replacing them, when Apple refuses the users delta (9721)', async () => {
    const apple = new FakeApple(
      org({
        users: { items: [appleUser('new-1')], version: 'u9', delta: 'refused' },
        assignments: { items: [], version: 's2', delta: { items: [], version: 's2' } },
      }),
    );
    const { result } = await read(apple, cached(), 'incremental');
    expect(apple.calls.filter((c) => c.startsWith('users'))).toEqual(['users since u1', 'users full']);
    expect(usersOf(result).map((u) => u.clientUserId)).toEqual(['new-1']);
    expect(result.versions.users).toBe('u9');
  });

  it('reads assignments in full when Apple refuses the assignments delta (9721)', async () => {
    const apple = new FakeApple(
      org({
        users: { items: [], version: 'u2', delta: { items: [], version: 'u2' } },
        assignments: { items: [appleAssignment('new-1')], version: 's9', delta: 'refused' },
      }),
    );
    const { result } = await read(apple, cached(), 'incremental');
    expect(apple.calls.filter((c) => c.startsWith('assignments'))).toEqual([
      'assignments since s1',
      'assignments full',
    ]);
    expect(assignmentsOf(result).map((a) => a.clientUserId)).toEqual(['new-1']);
    expect(result.versions.assignments).toBe('s9');
  });

  it('fails the read when Apple refuses the full read that follows a refused delta', async () => {
    const apple = new FakeApple(org({ users: { items: [], version: 'u9', delta: 'refused', refuseFull: true } }));
    await expect(read(apple, cached(), 'incremental')).rejects.toMatchObject({
      code: 'APPLE_ERROR',
      message: 'Apple refused a full read of the data.',
    });
  });

  it('reads users and assignments in full when the cache has no version to start from', async () => {
    const data = cached();
    data.sync.versions = { assets: 'a1', users: null, assignments: null };
    const apple = new FakeApple(org());
    const { result } = await read(apple, data, 'incremental');
    expect(apple.calls.filter((c) => c !== 'getAssets').sort()).toEqual(['assignments full', 'users full']);
    expect(usersOf(result).map((u) => u.clientUserId)).toEqual(['new-1', 'new-2']);
  });
});
