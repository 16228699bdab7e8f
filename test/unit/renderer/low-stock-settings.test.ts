import { describe, expect, it } from 'vitest';
import { DEFAULT_LOW_STOCK_SETTINGS, toLowStockSettings } from '../../../renderer/lib/low-stock-settings';
import { isLowStock, ruleFor } from '../../../shared/low-stock';

describe('toLowStockSettings', () => {
  const settings = toLowStockSettings({
    rule: { percent: 20, minLeft: 3 },
    text: '20% or 3',
    words: 'Low when 20 % or 3 licenses left, whichever is more',
    overrides: [{ adamId: '42', pricingParam: 'PLUS', rule: { percent: 0, minLeft: 10 }, words: 'Low when 10 left' }],
  });

  it("judges apps by the organisation's rule, as core does", () => {
    const app = { totalCount: 100, availableCount: 20 };
    expect(isLowStock(app, ruleFor(settings, '7', 'STDQ'))).toBe(true);
    // The built-in default (10 % or 5) would not flag it: the window must not fall back to it.
    expect(isLowStock(app, ruleFor(DEFAULT_LOW_STOCK_SETTINGS, '7', 'STDQ'))).toBe(false);
  });

  it("uses an app's own rule for that app and pricing only", () => {
    expect(ruleFor(settings, '42', 'PLUS')).toEqual({ percent: 0, minLeft: 10 });
    expect(ruleFor(settings, '42', 'STDQ')).toEqual({ percent: 20, minLeft: 3 });
  });

  it('falls back to the default before core has answered', () => {
    expect(toLowStockSettings(null)).toBe(DEFAULT_LOW_STOCK_SETTINGS);
  });
});
