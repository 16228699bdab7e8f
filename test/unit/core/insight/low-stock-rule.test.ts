import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOW_STOCK_RULE,
  describeLowStockRule,
  isLowStock,
  lowStockThreshold,
  parseLowStockRule,
  ruleFor,
  urgencyOf,
} from '../../../../shared/low-stock';

describe('low-stock rule', () => {
  it('defaults to 10 % or 5 left, whichever is more', () => {
    expect(describeLowStockRule(DEFAULT_LOW_STOCK_RULE)).toBe('Low when 10 % or 5 licenses left, whichever is more');
    expect(lowStockThreshold(20)).toBe(5); // 10 % is 2: the 5 wins
    expect(lowStockThreshold(200)).toBe(20); // 10 % wins
    // The complaint: 3 left of a small pool was low, 2 left of a bigger one was not.
    expect(isLowStock({ totalCount: 30, availableCount: 3 })).toBe(true);
    expect(isLowStock({ totalCount: 30, availableCount: 2 })).toBe(true);
    expect(isLowStock({ totalCount: 30, availableCount: 6 })).toBe(false);
    expect(isLowStock({ totalCount: 0, availableCount: 0 })).toBe(false);
  });

  it('parses N, N% and "P% or N", and refuses anything else', () => {
    expect(parseLowStockRule('5')).toEqual({ percent: 0, minLeft: 5 });
    expect(parseLowStockRule(' 15% ')).toEqual({ percent: 15, minLeft: 0 });
    expect(parseLowStockRule('10% or 5')).toEqual({ percent: 10, minLeft: 5 });
    for (const bad of ['', 'five', '150%', '-3', '5 %%', '1.5']) expect(parseLowStockRule(bad)).toBeNull();
  });

  it('describes each form in words', () => {
    expect(describeLowStockRule({ percent: 0, minLeft: 1 })).toBe('Low when 1 license left or fewer');
    expect(describeLowStockRule({ percent: 15, minLeft: 0 })).toBe(
      'Low when 15 % of the purchased licenses or fewer are left',
    );
    expect(describeLowStockRule({ percent: 0, minLeft: 0 })).toBe('Low only when none are left');
  });

  it('uses an app override over the organisation default', () => {
    const settings = { rule: DEFAULT_LOW_STOCK_RULE, overrides: { '42|STDQ': { percent: 0, minLeft: 1 } } };
    expect(ruleFor(settings, '42', 'STDQ')).toEqual({ percent: 0, minLeft: 1 });
    expect(ruleFor(settings, '42', 'PLUS')).toBe(DEFAULT_LOW_STOCK_RULE);
  });

  it('ranks urgency by distance to the threshold, nothing purchased last', () => {
    const apps = [
      { totalCount: 100, availableCount: 50 },
      { totalCount: 0, availableCount: 0 },
      { totalCount: 10, availableCount: 0 },
      { totalCount: 100, availableCount: 9 },
    ];
    const sorted = [...apps].sort((a, b) => urgencyOf(a) - urgencyOf(b));
    expect(sorted).toEqual([apps[2], apps[3], apps[0], apps[1]]);
  });
});
