// POST /assets/associate, /assets/disassociate, /assets/revoke: validate
// synchronously (HTTP 400), then hand the work to an asynchronous event.
import { associate, disassociate, revoke } from '../asset-ops';
import { ApiError } from '../errors';
import { parseManageAssets, parseRevokeAssets } from '../validate';
import type { AuthedCtx } from './context';

export function postAssociate(c: AuthedCtx): Record<string, unknown> {
  const req = parseManageAssets(c.body);
  const store = c.loc.store;
  if (req.serialNumbers.length > 0) {
    for (const ra of req.assets)
      if (store.asset(ra.adamId, ra.pricingParam)?.deviceAssignable === false) throw new ApiError(9707);
  }
  const n = req.assets.length * (req.clientUserIds.length + req.serialNumbers.length);
  const event = c.core.events.submit(c.loc.uId, 'ASSOCIATE', n, () => associate(store, req));
  const assets = req.assets.map((ra) => {
    const asset = store.asset(ra.adamId, ra.pricingParam);
    const pricingParam = ra.pricingParam ?? asset?.pricingParam ?? 'STDQ';
    return { adamId: ra.adamId, pricingParam, availableCount: asset?.availableCount ?? 0 };
  });
  c.core.ledger.record(event, assets, req.clientUserIds, req.serialNumbers, c.ex.at);
  return { eventId: event.eventId };
}

export function postDisassociate(c: AuthedCtx): Record<string, unknown> {
  const req = parseManageAssets(c.body);
  const store = c.loc.store;
  for (const ra of req.assets)
    if (store.asset(ra.adamId, ra.pricingParam)?.revocable === false) throw new ApiError(9706);
  const n = req.assets.length * (req.clientUserIds.length + req.serialNumbers.length);
  const event = c.core.events.submit(c.loc.uId, 'DISASSOCIATE', n, () => disassociate(store, req));
  return { eventId: event.eventId };
}

export function postRevoke(c: AuthedCtx): Record<string, unknown> {
  const req = parseRevokeAssets(c.body);
  const store = c.loc.store;
  const n = req.clientUserIds.length + req.serialNumbers.length;
  const event = c.core.events.submit(c.loc.uId, 'REVOKE', n, () => revoke(store, req));
  return { eventId: event.eventId };
}
