/** Apple's records (validated by the client's schemas) → the cache's rows. */
import { limitsFrom, type Asset, type Assignment, type ServiceConfig, type User } from '../apple';
import type { PricingParam } from '../../../shared/domain';
import type { CachedAsset, CachedAssignment, CachedUser, ServiceInfo } from '../cache';

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
  return {
    limits: limitsFrom(c),
    invitationUrlTemplate: c.urls?.invitationEmail ?? null,
    contentMetadataLookupUrl: c.urls?.contentMetadataLookup ?? null,
    fetchedAt: fetchedAt.toISOString(),
  };
}

/**
 * A user as its part file row (cache's encodeRow of toUser), without building
 * the cached row first: a sync encodes a million of these on the thread that
 * answers the window. Cells in USER_COLUMNS order; a test holds it to encodeRow.
 */
export function encodeUser(u: User): string {
  return JSON.stringify([
    u.clientUserId,
    u.email ?? null,
    u.status,
    u.inviteCode ?? null,
    u.idHash ?? null,
    u.managedAppleId ?? null,
  ]);
}

/** An assignment as its part file row (encodeRow of toAssignment), cells in ASSIGNMENT_COLUMNS order. */
export function encodeAssignment(a: Assignment): string {
  return JSON.stringify([a.adamId, a.pricingParam, a.clientUserId ?? null, a.serialNumber ?? null]);
}
