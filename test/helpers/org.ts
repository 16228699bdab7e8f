/** Picks apps and users out of a simulator's organisation for deployment tests. */
import type { AssetView, Simulator } from '../fakes/apple-simulator';

/** A fresh app with exactly `licenses` licenses and nobody assigned. */
export function freshApp(sim: Simulator, licenses: number, adamId = '990000001'): AssetView {
  sim.buyLicenses(adamId, 'STDQ', licenses);
  const asset = sim.asset(adamId, 'STDQ');
  if (!asset) throw new Error('simulator did not create the app');
  return asset;
}

/** Users with no license for the app, by status, in creation order. */
export function usersWithout(
  sim: Simulator,
  adamId: string,
  status: 'Associated' | 'Registered',
  count: number,
): string[] {
  const holding = new Set(sim.assignmentsFor(adamId).map((a) => a.clientUserId));
  const ids = sim
    .usersByStatus(status, count * 4 + 20)
    .map((u) => u.clientUserId)
    .filter((id) => !holding.has(id))
    .slice(0, count);
  if (ids.length < count) throw new Error(`seed has only ${ids.length} ${status} users`);
  return ids;
}

/** Apple's truth: users holding a license of the app. */
export function holders(sim: Simulator, adamId: string): string[] {
  return sim
    .assignmentsFor(adamId)
    .map((a) => a.clientUserId)
    .filter((id): id is string => typeof id === 'string');
}
