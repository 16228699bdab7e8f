/**
 * Cache rows for core's unit tests, with defaults a test overrides only
 * where they matter, and a real Store in a throw-away folder.
 */
import fs from 'node:fs/promises';
import { emptyCache } from '../../electron/core/cache/schema';
import { Store } from '../../electron/core/cache/store';
import { ManualClock } from './clock';
import { tempDir } from './tmp';
import type { Clock } from '../../electron/core/base/clock';
import type {
  CacheData,
  CachedAsset,
  CachedAssignment,
  CachedDeployment,
  CachedUser,
  TokenMeta,
} from '../../electron/core/cache/schema';

export const NOW = '2026-11-24T09:00:00.000Z';

/** A valid token of location u1 ("School", "Main"), unless told otherwise. */
export function tokenMeta(overrides: Partial<TokenMeta> = {}): TokenMeta {
  return {
    label: 'School',
    appleId: 'admin@example.edu',
    orgName: 'School',
    locationName: 'Main',
    countryCode: null,
    uId: 'u1',
    expiresAt: '2099-01-01T00:00:00.000Z',
    lastUpdatedAt: '2026-01-01T00:00:00.000Z',
    appleState: 'valid',
    ...overrides,
  };
}

/** App 100 (STDQ) with 10 licenses, none used, unless told otherwise. */
export function asset(overrides: Partial<CachedAsset> = {}): CachedAsset {
  return {
    adamId: '100',
    pricingParam: 'STDQ',
    productType: 'App',
    supportedPlatforms: ['iOS'],
    deviceAssignable: true,
    revocable: true,
    totalCount: 10,
    assignedCount: 0,
    availableCount: 10,
    retiredCount: 0,
    ...overrides,
  };
}

/** A user who accepted the terms ('Associated') unless another status is given. */
export function user(clientUserId: string, status = 'Associated', overrides: Partial<CachedUser> = {}): CachedUser {
  return {
    clientUserId,
    email: `${clientUserId}@example.com`,
    status,
    inviteCode: null,
    idHash: null,
    managedAppleId: null,
    ...overrides,
  };
}

export function assignment(clientUserId: string | null, overrides: Partial<CachedAssignment> = {}): CachedAssignment {
  return { adamId: '100', pricingParam: 'STDQ', clientUserId, serialNumber: null, ...overrides };
}

/** A Required row of app 100 (STDQ), assigned and waiting on nothing, unless told otherwise. */
export function deployment(clientUserId: string, overrides: Partial<CachedDeployment> = {}): CachedDeployment {
  return {
    adamId: '100',
    pricingParam: 'STDQ',
    clientUserId,
    action: 'required',
    state: 'assigned',
    reason: null,
    createdAt: NOW,
    updatedAt: NOW,
    journalId: null,
    ...overrides,
  };
}

export function cacheWith(parts: Partial<CacheData> = {}): CacheData {
  return { ...emptyCache(), ...parts };
}

export function usersById(users: readonly CachedUser[]): Map<string, CachedUser> {
  return new Map(users.map((u) => [u.clientUserId, u]));
}

export interface TempStore {
  store: Store;
  home: string;
  dispose(): Promise<void>;
}

/** A real Store in a fresh folder, optionally filled (as one update, snapshot included). */
export async function tempStore(
  fill?: (data: CacheData) => void,
  clock: Clock = new ManualClock(),
): Promise<TempStore> {
  const home = await tempDir();
  const store = await Store.open(home, clock);
  if (fill) await store.update(fill, { snapshot: true });
  return { store, home, dispose: () => fs.rm(home, { recursive: true, force: true }) };
}
