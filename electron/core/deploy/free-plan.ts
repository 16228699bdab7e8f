/**
 * Freeing licenses, planned: revoke everything a user or device holds,
 * retire users, reclaim licenses held outside a roster. Each plan names every
 * holder and license it touches, and the journal entries a run records,
 * batched to Apple's revoke, user and association limits. Pure.
 */
import { appKey } from '../../../shared/keys';
import { splitManageAssets, splitRevoke, splitUsers } from '../apple';
import { newEntry } from './journal';
import { limitsOf } from './plan';
import { holderEntry } from './serial-plan';
import type { PricingParam } from '../../../shared/domain';
import type { FreePlan, WriteItem } from '../../../shared/holders';
import type { CacheData, CachedAssignment, JournalEntry } from '../cache';

export interface Freeing {
  plan: FreePlan;
  entries: JournalEntry[];
}

const planned = (a: CachedAssignment): WriteItem => ({
  adamId: a.adamId,
  pricingParam: a.pricingParam,
  clientUserId: a.clientUserId,
  serialNumber: a.serialNumber,
  outcome: 'planned',
  reason: null,
});

function tally(kind: FreePlan['kind'], items: WriteItem[], refused: string | null): FreePlan {
  const people = new Set(items.filter((i) => i.clientUserId).map((i) => i.clientUserId));
  const devices = new Set(items.filter((i) => i.serialNumber).map((i) => i.serialNumber));
  return { kind, people: people.size, devices: devices.size, licenses: items.length, items, refused };
}

/** Revoke: every revocable license of one user or one device (books stay: Apple cannot revoke them). */
export function planRevoke(
  data: Readonly<CacheData>,
  ref: { clientUserId?: string | undefined; serialNumber?: string | undefined },
  now: string,
): Freeing {
  const revocable = new Map(data.assets.map((a) => [appKey(a.adamId, a.pricingParam), a.revocable]));
  const held = data.assignments.filter((a) =>
    ref.clientUserId ? a.clientUserId === ref.clientUserId : a.serialNumber === ref.serialNumber,
  );
  const items = held.filter((a) => revocable.get(appKey(a.adamId, a.pricingParam)) !== false).map(planned);
  let refused: string | null = null;
  if (ref.clientUserId && !data.users.some((u) => u.clientUserId === ref.clientUserId))
    refused = `Apple does not know the user "${ref.clientUserId}": there is nothing to revoke.`;
  else if (items.length === 0)
    refused = `${ref.clientUserId ? `User ${ref.clientUserId}` : `Device ${ref.serialNumber ?? ''}`} holds no license that can be revoked.`;
  const entries = refused
    ? []
    : splitRevoke(
        ref.clientUserId ? { clientUserIds: [ref.clientUserId] } : { serialNumbers: [ref.serialNumber ?? ''] },
        limitsOf(data),
      ).map((r) => holderEntry(newEntry('revoke', null, r.clientUserIds ?? [], now, r.serialNumbers ?? [])));
  return { plan: tally('revoke', items, refused), entries };
}

/** Retire: the users leave the program; their app licenses return and their invitation ends. */
export function planRetire(data: Readonly<CacheData>, clientUserIds: readonly string[], now: string): Freeing {
  const ids = [...new Set(clientUserIds.map((id) => id.trim()).filter((id) => id !== ''))];
  const users = new Map(data.users.map((u) => [u.clientUserId, u]));
  const unknown = ids.filter((id) => !users.has(id));
  const retired = ids.filter((id) => users.get(id)?.status === 'Retired');
  const wanted = new Set(ids);
  const items = data.assignments.filter((a) => a.clientUserId && wanted.has(a.clientUserId)).map(planned);
  let refused: string | null = null;
  if (unknown.length > 0)
    refused = `Apple does not know ${unknown.map((id) => `"${id}"`).join(', ')}: nothing was retired.`;
  else if (retired.length === ids.length)
    refused = `${retired.length === 1 ? `User ${retired[0] ?? ''} is` : 'These users are'} already retired.`;
  const entries = refused
    ? []
    : splitUsers(
        ids.filter((id) => !retired.includes(id)).map((clientUserId) => ({ clientUserId })),
        limitsOf(data),
      ).map((chunk) =>
        holderEntry(
          newEntry(
            'retire-users',
            null,
            chunk.map((u) => u.clientUserId),
            now,
          ),
        ),
      );
  const plan = tally('retire', items, refused);
  // A user holding nothing is still retired: count the people named, not only holders.
  return { plan: { ...plan, people: refused ? plan.people : ids.length - retired.length }, entries };
}

/** Reclaim: disassociate the chosen licenses, per app, users and devices together. */
export function planReclaim(
  data: Readonly<CacheData>,
  chosen: ReadonlyArray<{
    adamId: string;
    pricingParam: PricingParam;
    clientUserId: string | null;
    serialNumber: string | null;
  }>,
  now: string,
): Freeing {
  const byApp = new Map<string, { adamId: string; pricingParam: PricingParam; users: string[]; serials: string[] }>();
  for (const c of chosen) {
    const key = appKey(c.adamId, c.pricingParam);
    const group = byApp.get(key) ?? { adamId: c.adamId, pricingParam: c.pricingParam, users: [], serials: [] };
    if (c.clientUserId) group.users.push(c.clientUserId);
    else if (c.serialNumber) group.serials.push(c.serialNumber);
    byApp.set(key, group);
  }
  const entries = [...byApp.values()].flatMap((g) => {
    const app = { adamId: g.adamId, pricingParam: g.pricingParam };
    return splitManageAssets({ assets: [app], clientUserIds: g.users, serialNumbers: g.serials }, limitsOf(data)).map(
      (r) => holderEntry(newEntry('disassociate', app, r.clientUserIds ?? [], now, r.serialNumbers ?? [])),
    );
  });
  const items = chosen.map((c) => ({
    adamId: c.adamId,
    pricingParam: c.pricingParam,
    clientUserId: c.clientUserId,
    serialNumber: c.serialNumber,
    outcome: 'planned' as const,
    reason: null,
  }));
  return {
    plan: tally('reclaim', items, items.length === 0 ? 'No license is held outside the roster.' : null),
    entries,
  };
}
