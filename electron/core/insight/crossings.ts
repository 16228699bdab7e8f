/**
 * Alert once per crossing: an app alerts when it goes from above its
 * low-stock threshold to at or below it, not on every sync while it stays
 * low; going back above re-arms it.
 */
import { appKey } from '../../../shared/keys';
import { isLowStock, type LowStockRule } from '../../../shared/low-stock';
import type { AssetCounts } from './history';

export interface Crossings {
  /** Apps that went low since the last check: alert these. */
  crossed: string[];
  /** Every app low now: the new alerted set. */
  low: string[];
}

export function detectCrossings(
  assets: readonly AssetCounts[],
  ruleOf: (adamId: string, pricingParam: string) => LowStockRule,
  alerted: readonly string[],
): Crossings {
  const before = new Set(alerted);
  const low = assets
    .filter((a) => isLowStock(a, ruleOf(a.adamId, a.pricingParam)))
    .map((a) => appKey(a.adamId, a.pricingParam));
  return { crossed: low.filter((k) => !before.has(k)), low };
}
