/**
 * "Never assigns more licenses than you own", measured at the app's own
 * requests: for every /assets/associate the simulator received, the ids sent
 * plus the ids of associate events still in flight for that asset must fit in
 * the asset's availableCount at that moment. The simulator fails any surplus
 * with 9709 and never over-assigns, so Apple's counts alone cannot show an
 * app that asks for too much; this check can.
 */
import type { AssociateRecord } from '../fakes/apple-simulator';

export interface OverAssignment {
  eventId: string;
  adamId: string;
  pricingParam: string;
  sent: number;
  inFlight: number;
  availableCount: number;
}

/** Every associate (per asset) that asked for more than was free when it arrived. */
export function overAssignments(log: readonly AssociateRecord[], adamId?: string): OverAssignment[] {
  const out: OverAssignment[] = [];
  for (const rec of log)
    for (const a of rec.assets) {
      if (adamId !== undefined && a.adamId !== adamId) continue;
      const sent = a.clientUserIds.length + a.serialNumbers.length;
      if (sent + a.inFlight > a.availableCount)
        out.push({
          eventId: rec.eventId,
          adamId: a.adamId,
          pricingParam: a.pricingParam,
          sent,
          inFlight: a.inFlight,
          availableCount: a.availableCount,
        });
    }
  return out;
}

/** Ids the app asked Apple to associate for one app, in request order. */
export function associatedIds(log: readonly AssociateRecord[], adamId: string): string[] {
  return log.flatMap((r) => r.assets.filter((a) => a.adamId === adamId).flatMap((a) => a.clientUserIds));
}

/**
 * Asserts the app never over-asked, and (with `atLeast`) that it did ask:
 * a check over zero requests proves nothing. Throws (no test framework
 * imported, so Vitest and Playwright tests both use it).
 */
export function expectNoOverAssignment(
  log: readonly AssociateRecord[],
  opts: { adamId?: string; atLeast?: number } = {},
): void {
  const relevant = log.filter((r) => opts.adamId === undefined || r.assets.some((a) => a.adamId === opts.adamId));
  if (opts.atLeast !== undefined && relevant.length < opts.atLeast)
    throw new Error(`expected at least ${opts.atLeast} associate requests, the app sent ${relevant.length}`);
  const over = overAssignments(log, opts.adamId);
  if (over.length > 0)
    throw new Error(`associate requests asked for more licenses than were free: ${JSON.stringify(over, null, 1)}`);
}
