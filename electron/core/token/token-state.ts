/** Derives what the admin sees about the token from cached metadata and the clock. */
import type { TokenState, TokenStatus } from '../../../shared/domain';
import type { CacheData } from '../cache';

export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export function daysLeft(expiresAt: string, now: Date): number {
  return Math.floor((new Date(expiresAt).getTime() - now.getTime()) / DAY_MS);
}

export function tokenState(data: Readonly<CacheData>, now: Date): TokenState {
  const meta = data.token;
  if (!meta) return 'none';
  if (meta.appleState === 'revoked' || meta.appleState === 'invalid') return meta.appleState;
  if (meta.appleState === 'expired' || new Date(meta.expiresAt).getTime() <= now.getTime()) return 'expired';
  return daysLeft(meta.expiresAt, now) <= EXPIRY_WARNING_DAYS ? 'expiring' : 'valid';
}

export function tokenStatus(data: Readonly<CacheData>, now: Date): TokenStatus {
  const meta = data.token;
  return {
    state: tokenState(data, now),
    label: meta?.label ?? null,
    appleId: meta?.appleId || null,
    orgName: meta?.orgName ?? null,
    locationName: meta?.locationName ?? null,
    countryCode: meta?.countryCode ?? null,
    uId: meta?.uId || null,
    expiresAt: meta?.expiresAt ?? null,
    daysLeft: meta ? daysLeft(meta.expiresAt, now) : null,
    lastUpdatedAt: meta?.lastUpdatedAt ?? null,
    lastSyncAt: data.sync.lastSyncAt,
  };
}
