/**
 * The organisation's low-stock rule and per-app overrides as core reports
 * them, turned back into the shape shared/low-stock.ts judges with, so the
 * window flags exactly the apps core alerts on.
 */
import { appKey } from '../../shared/keys';
import { DEFAULT_LOW_STOCK_RULE, type LowStockRule, type LowStockSettings } from '../../shared/low-stock';
import type { LowStockSettingsResult } from '../../shared/insight';

export const DEFAULT_LOW_STOCK_SETTINGS: LowStockSettings = { rule: DEFAULT_LOW_STOCK_RULE, overrides: {} };

export function toLowStockSettings(result: LowStockSettingsResult | null): LowStockSettings {
  if (!result) return DEFAULT_LOW_STOCK_SETTINGS;
  const overrides: Record<string, LowStockRule> = {};
  for (const o of result.overrides) overrides[appKey(o.adamId, o.pricingParam)] = o.rule;
  return { rule: result.rule, overrides };
}
