// One location's data: assets, users and assignments, with the indexes that
// let a 100k-user / 200k-assignment organisation answer pages without scans
// or sorts. Every mutation goes through `write()`, which bumps each touched
// collection's versionId exactly once.
import { VersionTrack } from './versions';
import type { Platform, PricingParam, ProductType, UserStatus } from './types';

export interface AssetRec {
  adamId: string;
  pricingParam: PricingParam;
  productType: ProductType;
  deviceAssignable: boolean;
  revocable: boolean;
  supportedPlatforms: Platform[];
  assignedCount: number;
  availableCount: number;
  retiredCount: number;
}

export interface UserRec {
  clientUserId: string;
  email?: string;
  status: UserStatus;
  inviteCode?: string;
  idHash?: string;
}

export interface AssignmentRec {
  adamId: string;
  pricingParam: PricingParam;
  clientUserId?: string;
  serialNumber?: string;
  /** Set when disassociated; the live list is compacted lazily. */
  removed: boolean;
}

export type Target =
  { clientUserId: string; serialNumber?: undefined } | { serialNumber: string; clientUserId?: undefined };

const CACHE_ENTRIES = 32;

export function assetKey(adamId: string, pricingParam: PricingParam): string {
  return `${adamId}|${pricingParam}`;
}

export class Store {
  readonly assets: AssetRec[] = [];
  readonly users: UserRec[] = [];
  readonly versions = {
    assets: new VersionTrack<AssetRec>(false), // Get Assets has a versionId but no sinceVersionId
    users: new VersionTrack<UserRec>(true),
    assignments: new VersionTrack<AssignmentRec>(true),
  };

  private readonly assetIndex = new Map<string, AssetRec>();
  private readonly userIndex = new Map<string, UserRec>();
  private live: AssignmentRec[] = [];
  private removedInLive = 0;
  private readonly byAdamId = new Map<string, Set<AssignmentRec>>();
  private readonly byUser = new Map<string, AssignmentRec[]>();
  private readonly bySerial = new Map<string, AssignmentRec[]>();
  // Filtered result lists, keyed by filter and the versions they depend on, so
  // a client walking 400 pages of a filtered query filters once, not 400 times.
  private readonly cache = new Map<string, unknown[]>();

  // ---- reads -------------------------------------------------------------

  asset(adamId: string, pricingParam?: PricingParam): AssetRec | undefined {
    if (pricingParam !== undefined) return this.assetIndex.get(assetKey(adamId, pricingParam));
    // Apple's own examples omit pricingParam; STDQ is the common quality.
    return this.assetIndex.get(assetKey(adamId, 'STDQ')) ?? this.assetIndex.get(assetKey(adamId, 'PLUS'));
  }

  user(clientUserId: string): UserRec | undefined {
    return this.userIndex.get(clientUserId);
  }

  /** Live assignments in creation order. */
  assignments(): readonly AssignmentRec[] {
    if (this.removedInLive > 0) {
      this.live = this.live.filter((a) => !a.removed);
      this.removedInLive = 0;
    }
    return this.live;
  }

  assignmentCount(): number {
    return this.live.length - this.removedInLive;
  }

  ofAdamId(adamId: string): readonly AssignmentRec[] {
    const set = this.byAdamId.get(adamId);
    return set === undefined ? [] : [...set];
  }

  ofUser(clientUserId: string): readonly AssignmentRec[] {
    return this.byUser.get(clientUserId) ?? [];
  }

  ofSerial(serialNumber: string): readonly AssignmentRec[] {
    return this.bySerial.get(serialNumber) ?? [];
  }

  find(asset: AssetRec, target: Target): AssignmentRec | undefined {
    const list =
      target.clientUserId !== undefined ? this.ofUser(target.clientUserId) : this.ofSerial(target.serialNumber);
    return list.find((a) => a.adamId === asset.adamId && a.pricingParam === asset.pricingParam);
  }

  /** Memoises a derived list until one of the versions in `key` moves. */
  cached<T>(key: string, compute: () => T[]): T[] {
    const hit = this.cache.get(key);
    if (hit !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, hit); // LRU: most recent last
      return hit as T[];
    }
    const value = compute();
    this.cache.set(key, value);
    if (this.cache.size > CACHE_ENTRIES) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return value;
  }

  // ---- seeding (no versioning: the seed is version 0) ---------------------

  seedAsset(rec: AssetRec): void {
    this.assets.push(rec);
    this.assetIndex.set(assetKey(rec.adamId, rec.pricingParam), rec);
  }

  seedUser(rec: UserRec): void {
    this.users.push(rec);
    this.userIndex.set(rec.clientUserId, rec);
  }

  /** Adds an assignment without touching counts (the seed sets counts afterwards). */
  seedAssignment(asset: AssetRec, target: Target): AssignmentRec {
    const rec: AssignmentRec = { adamId: asset.adamId, pricingParam: asset.pricingParam, removed: false };
    if (target.clientUserId !== undefined) rec.clientUserId = target.clientUserId;
    else rec.serialNumber = target.serialNumber;
    this.index(rec);
    return rec;
  }

  // ---- writes ------------------------------------------------------------

  /** Runs mutations as one write: each touched collection gets one new versionId. */
  write<R>(fn: () => R): R {
    try {
      return fn();
    } finally {
      this.versions.assets.commit();
      this.versions.users.commit();
      this.versions.assignments.commit();
    }
  }

  addAsset(rec: AssetRec): void {
    this.seedAsset(rec);
    this.versions.assets.touch(rec);
  }

  /** Uses one available license. Callers check availability first: never over-assign. */
  assign(asset: AssetRec, target: Target): AssignmentRec {
    if (asset.availableCount <= 0) throw new Error(`no license left for ${asset.adamId}`);
    const rec = this.seedAssignment(asset, target);
    asset.availableCount--;
    asset.assignedCount++;
    this.versions.assets.touch(asset);
    this.versions.assignments.touch(rec);
    return rec;
  }

  /**
   * Frees an assignment. A revocable license returns to the pool; a
   * non-revocable one (books) whose user is retired is spent: it leaves
   * totalCount and is counted in retiredCount.
   */
  unassign(rec: AssignmentRec, retiring = false): void {
    if (rec.removed) return;
    const asset = this.asset(rec.adamId, rec.pricingParam);
    rec.removed = true;
    this.removedInLive++;
    this.byAdamId.get(rec.adamId)?.delete(rec);
    if (rec.clientUserId !== undefined) removeFrom(this.byUser, rec.clientUserId, rec);
    if (rec.serialNumber !== undefined) removeFrom(this.bySerial, rec.serialNumber, rec);
    if (asset !== undefined) {
      asset.assignedCount--;
      if (retiring && !asset.revocable) asset.retiredCount++;
      else asset.availableCount++;
      this.versions.assets.touch(asset);
    }
    this.versions.assignments.touch(rec);
  }

  addUser(rec: UserRec): void {
    this.seedUser(rec);
    this.versions.users.touch(rec);
  }

  /** Marks a user record changed (after the caller mutated it). */
  touchUser(rec: UserRec): void {
    this.versions.users.touch(rec);
  }

  touchAsset(rec: AssetRec): void {
    this.versions.assets.touch(rec);
  }

  private index(rec: AssignmentRec): void {
    this.live.push(rec);
    let set = this.byAdamId.get(rec.adamId);
    if (set === undefined) this.byAdamId.set(rec.adamId, (set = new Set()));
    set.add(rec);
    if (rec.clientUserId !== undefined) pushTo(this.byUser, rec.clientUserId, rec);
    if (rec.serialNumber !== undefined) pushTo(this.bySerial, rec.serialNumber, rec);
  }
}

function pushTo(map: Map<string, AssignmentRec[]>, key: string, rec: AssignmentRec): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [rec]);
  else list.push(rec);
}

function removeFrom(map: Map<string, AssignmentRec[]>, key: string, rec: AssignmentRec): void {
  const list = map.get(key);
  if (list === undefined) return;
  const i = list.indexOf(rec);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) map.delete(key);
}
