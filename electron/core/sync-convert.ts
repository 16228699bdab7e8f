/** Apple's records (validated by the client's schemas) → the cache's rows. */
import type { PricingParam } from '../../shared/domain';
import type { Asset, Assignment, ServiceConfig, User } from './apple/schemas';
import type { CachedAsset, CachedAssignment, CachedUser, ServiceInfo } from './cache-schema';

export const DEFAULT_LIMITS = { maxAssets: 25, maxClientUserIds: 1000, maxSerialNumbers: 1000, maxUsers: 100 };

/**
 * Apple documents STDQ and PLUS. A value it adds later is kept as sent
 * rather than folded into STDQ, which would merge two different purchases
 * (such an asset shows, but deploying it is refused by the contract).
 */
function pricing(value: string): PricingParam {
  return value as PricingParam;
}

export function toAsset(a: Asset): CachedAsset {
  return {
    adamId: a.adamId,
    pricingParam: pricing(a.pricingParam),
    productType: a.productType ?? 'App',
    supportedPlatforms: a.supportedPlatforms ?? [],
    deviceAssignable: a.deviceAssignable ?? false,
    revocable: a.revocable ?? false,
    totalCount: a.totalCount,
    assignedCount: a.assignedCount,
    availableCount: a.availableCount,
    retiredCount: a.retiredCount,
  };
}

export function toUser(u: User): CachedUser {
  return {
    clientUserId: u.clientUserId,
    email: u.email ?? null,
    status: u.status,
    inviteCode: u.inviteCode ?? null,
    idHash: u.idHash ?? null,
    managedAppleId: u.managedAppleId ?? null,
  };
}

export function toAssignment(a: Assignment): CachedAssignment {
  return {
    adamId: a.adamId,
    pricingParam: pricing(a.pricingParam),
    clientUserId: a.clientUserId ?? null,
    serialNumber: a.serialNumber ?? null,
  };
}

export function toServiceInfo(c: ServiceConfig, fetchedAt: Date): ServiceInfo {
  const l = c.limits ?? {};
  return {
    limits: {
      maxAssets: l.maxAssets ?? DEFAULT_LIMITS.maxAssets,
      maxClientUserIds: l.maxClientUserIds ?? DEFAULT_LIMITS.maxClientUserIds,
      maxSerialNumbers: l.maxSerialNumbers ?? DEFAULT_LIMITS.maxSerialNumbers,
      maxUsers: l.maxUsers ?? DEFAULT_LIMITS.maxUsers,
    },
    invitationUrlTemplate: c.urls?.invitationEmail ?? null,
    contentMetadataLookupUrl: c.urls?.contentMetadataLookup ?? null,
    fetchedAt: fetchedAt.toISOString(),
  };
}

/** Applies a users delta (changed records replace, by clientUserId) to the current list. */
export function mergeUsers(current: readonly CachedUser[], changed: readonly CachedUser[]): CachedUser[] {
  if (changed.length === 0) return current as CachedUser[];
  const byId = new Map(current.map((u) => [u.clientUserId, u]));
  for (const u of changed) byId.set(u.clientUserId, u);
  return [...byId.values()];
}
