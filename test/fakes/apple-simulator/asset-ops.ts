// What an associate / disassociate / revoke event does once it runs, with
// Apple's semantics: Registered users may receive licenses (they wait for the
// invitation), Retired or unknown users fail with 9609, and a shortage fails
// the surplus with 9709 after assigning what is available — never more.
import { errorBody, type ErrorBody, type ErrorInfo } from './errors';
import type { CatalogEntry } from './catalog';
import type { Outcome } from './events';
import type { Store, AssetRec, AssignmentRec, Target } from './store';
import type { PricingParam } from './types';
import type { ManageAssetsRequest, RevokeAssetsRequest } from './validate';

function info(ref: { adamId: string; pricingParam: PricingParam }, users: string[], serials: string[]): ErrorInfo {
  const out: ErrorInfo = { assets: [ref] };
  if (users.length > 0) out.clientUserIds = users;
  if (serials.length > 0) out.serialNumbers = serials;
  return out;
}

export function associate(store: Store, req: ManageAssetsRequest): Outcome {
  return store.write(() => {
    const failures: ErrorBody[] = [];
    let numCompleted = 0;
    for (const ra of req.assets) {
      const asset = store.asset(ra.adamId, ra.pricingParam);
      const ref = { adamId: ra.adamId, pricingParam: ra.pricingParam ?? asset?.pricingParam ?? 'STDQ' };
      if (asset === undefined) {
        // Not owned by this location: zero licenses, so nothing can be assigned.
        failures.push(errorBody(9709, info(ref, req.clientUserIds, req.serialNumbers)));
        continue;
      }
      const unknown: string[] = [];
      const wanted: Target[] = [];
      for (const clientUserId of req.clientUserIds) {
        const user = store.user(clientUserId);
        if (user === undefined || user.status === 'Retired') unknown.push(clientUserId);
        else if (store.find(asset, { clientUserId }) !== undefined)
          numCompleted++; // already has it
        else wanted.push({ clientUserId });
      }
      for (const serialNumber of req.serialNumbers) {
        if (store.find(asset, { serialNumber }) !== undefined) numCompleted++;
        else wanted.push({ serialNumber });
      }
      const shortUsers: string[] = [];
      const shortSerials: string[] = [];
      for (const target of wanted) {
        if (asset.availableCount > 0) {
          store.assign(asset, target);
          numCompleted++;
        } else if (target.clientUserId !== undefined) shortUsers.push(target.clientUserId);
        else shortSerials.push(target.serialNumber);
      }
      if (unknown.length > 0) failures.push(errorBody(9609, info(ref, unknown, [])));
      if (shortUsers.length + shortSerials.length > 0)
        failures.push(errorBody(9709, info(ref, shortUsers, shortSerials)));
    }
    return { numCompleted, failures };
  });
}

export function disassociate(store: Store, req: ManageAssetsRequest): Outcome {
  return store.write(() => {
    const failures: ErrorBody[] = [];
    let numCompleted = 0;
    for (const ra of req.assets) {
      const asset = store.asset(ra.adamId, ra.pricingParam);
      const ref = { adamId: ra.adamId, pricingParam: ra.pricingParam ?? asset?.pricingParam ?? 'STDQ' };
      const unknown: string[] = [];
      for (const clientUserId of req.clientUserIds) {
        if (store.user(clientUserId) === undefined) {
          unknown.push(clientUserId);
          continue;
        }
        const rec = asset === undefined ? undefined : store.find(asset, { clientUserId });
        if (rec !== undefined) store.unassign(rec);
        numCompleted++; // nothing assigned is already the requested state
      }
      for (const serialNumber of req.serialNumbers) {
        const rec = asset === undefined ? undefined : store.find(asset, { serialNumber });
        if (rec !== undefined) store.unassign(rec);
        numCompleted++;
      }
      if (unknown.length > 0) failures.push(errorBody(9609, info(ref, unknown, [])));
    }
    return { numCompleted, failures };
  });
}

/** Revoke: every revocable asset leaves each listed user and device. */
export function revoke(store: Store, req: RevokeAssetsRequest): Outcome {
  return store.write(() => {
    const unknown: string[] = [];
    let numCompleted = 0;
    const release = (list: readonly AssignmentRec[]): void => {
      // Copy first: unassign edits the index list being walked.
      for (const rec of [...list]) {
        if (store.asset(rec.adamId, rec.pricingParam)?.revocable !== false) store.unassign(rec);
      }
    };
    for (const clientUserId of req.clientUserIds) {
      if (store.user(clientUserId) === undefined) {
        unknown.push(clientUserId);
        continue;
      }
      release(store.ofUser(clientUserId));
      numCompleted++;
    }
    for (const serialNumber of req.serialNumbers) {
      release(store.ofSerial(serialNumber));
      numCompleted++;
    }
    const failures = unknown.length > 0 ? [errorBody(9609, { clientUserIds: unknown })] : [];
    return { numCompleted, failures };
  });
}

/** A purchase in ABM/ASM: totalCount and availableCount grow (new title if not owned yet). */
export function buyLicenses(
  store: Store,
  catalog: Map<string, CatalogEntry>,
  adamId: string,
  pricingParam: PricingParam,
  count: number,
): AssetRec {
  if (!Number.isInteger(count) || count <= 0) throw new Error('count must be a positive integer');
  return store.write(() => {
    const existing = store.asset(adamId, pricingParam);
    if (existing !== undefined) {
      existing.availableCount += count;
      store.touchAsset(existing);
      return existing;
    }
    let entry = catalog.get(adamId);
    if (entry === undefined) {
      entry = {
        adamId,
        name: `App ${adamId}`,
        artistName: 'Simulated Software Ltd.',
        productType: 'App',
        platforms: ['iOS'],
        genre: 'Productivity',
      };
      catalog.set(adamId, entry);
    }
    const app = entry.productType === 'App';
    const asset: AssetRec = {
      adamId,
      pricingParam,
      productType: entry.productType,
      deviceAssignable: app,
      revocable: app,
      supportedPlatforms: entry.platforms,
      assignedCount: 0,
      availableCount: count,
      retiredCount: 0,
    };
    store.addAsset(asset);
    return asset;
  });
}
