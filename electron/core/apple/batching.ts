/**
 * Splits large writes to the per-request limits of service config. Apple
 * rejects a request over a limit (9700-9702, 9714) or with duplicates
 * (9703-9705, 9715) outright, so requests are deduplicated and chunked here.
 * Limits can change without notice; until service config has been read the
 * documented values apply.
 */
import type { AssetRef, ManageAssetsRequest, RevokeAssetsRequest, ServiceConfig } from './schemas';

export interface Limits {
  maxAssets: number;
  maxClientUserIds: number;
  maxSerialNumbers: number;
  maxUsers: number;
  maxRevokeClientUserIds: number;
  maxRevokeSerialNumbers: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  maxAssets: 25,
  maxClientUserIds: 1000,
  maxSerialNumbers: 1000,
  maxUsers: 100,
  maxRevokeClientUserIds: 100,
  maxRevokeSerialNumbers: 100,
};

/** Service config's limits over the defaults; a missing key keeps its default. */
export function limitsFrom(config: ServiceConfig, fallback: Limits = DEFAULT_LIMITS): Limits {
  const l = config.limits;
  return {
    maxAssets: l.maxAssets ?? fallback.maxAssets,
    maxClientUserIds: l.maxClientUserIds ?? fallback.maxClientUserIds,
    maxSerialNumbers: l.maxSerialNumbers ?? fallback.maxSerialNumbers,
    maxUsers: l.maxUsers ?? fallback.maxUsers,
    maxRevokeClientUserIds: l.maxRevokeClientUserIds ?? fallback.maxRevokeClientUserIds,
    maxRevokeSerialNumbers: l.maxRevokeSerialNumbers ?? fallback.maxRevokeSerialNumbers,
  };
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const step = Math.max(1, Math.floor(size));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += step) out.push(items.slice(i, i + step));
  return out;
}

export function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const assetKey = (a: AssetRef) => `${a.adamId}\u0000${a.pricingParam ?? ''}`;
const same = (s: string) => s;

/**
 * Every asset chunk is paired with every user/serial chunk. Users and serials
 * travel together (the i-th user chunk with the i-th serial chunk) so a
 * mixed request needs no more calls than its larger list. Nothing to do
 * (no assets, or no users and no serials) gives no requests.
 */
export function splitManageAssets(req: ManageAssetsRequest, limits: Limits): ManageAssetsRequest[] {
  const assets = uniqueBy(req.assets, assetKey);
  const users = uniqueBy(req.clientUserIds ?? [], same);
  const serials = uniqueBy(req.serialNumbers ?? [], same);
  if (assets.length === 0 || (users.length === 0 && serials.length === 0)) return [];
  return pairUp(users, limits.maxClientUserIds, serials, limits.maxSerialNumbers).flatMap((targets) =>
    chunk(assets, limits.maxAssets).map((a) => ({ assets: a, ...targets })),
  );
}

/** Revoke has its own (smaller) limits: maxRevokeClientUserIds / maxRevokeSerialNumbers. */
export function splitRevoke(req: RevokeAssetsRequest, limits: Limits): RevokeAssetsRequest[] {
  const users = uniqueBy(req.clientUserIds ?? [], same);
  const serials = uniqueBy(req.serialNumbers ?? [], same);
  return pairUp(users, limits.maxRevokeClientUserIds, serials, limits.maxRevokeSerialNumbers);
}

export function splitUsers<U extends { clientUserId: string }>(users: readonly U[], limits: Limits): U[][] {
  return chunk(
    uniqueBy(users, (u) => u.clientUserId),
    limits.maxUsers,
  );
}

function pairUp(users: string[], maxUsers: number, serials: string[], maxSerials: number): RevokeAssetsRequest[] {
  const u = chunk(users, maxUsers);
  const s = chunk(serials, maxSerials);
  const out: RevokeAssetsRequest[] = [];
  for (let i = 0; i < Math.max(u.length, s.length); i++) {
    const part: RevokeAssetsRequest = {};
    const ui = u[i];
    const si = s[i];
    if (ui) part.clientUserIds = ui;
    if (si) part.serialNumbers = si;
    out.push(part);
  }
  return out;
}
