// GET /assets with the filters of Apple's "Get Assets" page. No
// sinceVersionId here: Apple documents that Get Assets does not support it.
import { ApiError } from '../errors';
import { queryBool, queryInt } from '../http';
import { paginate } from '../paging';
import { assetJson } from '../views';
import type { AssetRec } from '../store';
import type { AuthedCtx } from './context';

export function getAssets(c: AuthedCtx): Record<string, unknown> {
  const q = c.ex.query;
  const store = c.loc.store;
  const pricingParam = q.pricingParam;
  if (pricingParam !== undefined && pricingParam !== 'STDQ' && pricingParam !== 'PLUS')
    throw new ApiError(9602, 'pricingParam must be STDQ or PLUS.');
  const productType = q.productType;
  if (productType !== undefined && productType !== 'App' && productType !== 'Book')
    throw new ApiError(9602, 'productType must be App or Book.');
  const f = {
    adamId: q.adamId,
    pricingParam,
    productType,
    revocable: queryBool(q, 'revocable'),
    deviceAssignable: queryBool(q, 'deviceAssignable'),
    maxAvailableCount: queryInt(q, 'maxAvailableCount'),
    minAvailableCount: queryInt(q, 'minAvailableCount'),
    maxAssignedCount: queryInt(q, 'maxAssignedCount'),
    minAssignedCount: queryInt(q, 'minAssignedCount'),
  };
  const keep = (a: AssetRec): boolean =>
    (f.adamId === undefined || a.adamId === f.adamId) &&
    (f.pricingParam === undefined || a.pricingParam === f.pricingParam) &&
    (f.productType === undefined || a.productType === f.productType) &&
    (f.revocable === undefined || a.revocable === f.revocable) &&
    (f.deviceAssignable === undefined || a.deviceAssignable === f.deviceAssignable) &&
    (f.maxAvailableCount === undefined || a.availableCount <= f.maxAvailableCount) &&
    (f.minAvailableCount === undefined || a.availableCount >= f.minAvailableCount) &&
    (f.maxAssignedCount === undefined || a.assignedCount <= f.maxAssignedCount) &&
    (f.minAssignedCount === undefined || a.assignedCount >= f.minAssignedCount);

  let list: readonly AssetRec[];
  if (Object.values(f).every((v) => v === undefined)) list = store.assets;
  else if (f.adamId !== undefined) {
    // Index lookup: at most one asset per pricingParam.
    list = [store.asset(f.adamId, 'STDQ'), store.asset(f.adamId, 'PLUS')].filter(
      (a): a is AssetRec => a !== undefined && keep(a),
    );
  } else {
    list = store.cached(`assets|${store.versions.assets.seq}|${JSON.stringify(f)}`, () => store.assets.filter(keep));
  }
  const page = paginate(list, q.pageIndex, c.core.opts.pageSize);
  return { assets: page.items.map(assetJson), ...page.fields, versionId: store.versions.assets.current };
}
