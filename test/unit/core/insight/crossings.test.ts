import { describe, expect, it } from 'vitest';
import { detectCrossings } from '../../../../electron/core/insight/crossings';
import { DEFAULT_LOW_STOCK_RULE } from '../../../../shared/low-stock';

const app = (adamId: string, totalCount: number, availableCount: number) => ({
  adamId,
  pricingParam: 'STDQ' as const,
  totalCount,
  assignedCount: totalCount - availableCount,
  availableCount,
});
const rule = () => DEFAULT_LOW_STOCK_RULE;

describe('detectCrossings', () => {
  it('alerts once when an app goes low, not again while it stays low, and again after it recovers', () => {
    let alerted: string[] = [];
    const step = (available: number) => {
      const c = detectCrossings([app('1', 40, available)], rule, alerted);
      alerted = c.low;
      return c.crossed;
    };
    expect(step(20)).toEqual([]);
    expect(step(5)).toEqual(['1|STDQ']); // crosses (threshold 5)
    expect(step(3)).toEqual([]); // still low: no second alert
    expect(step(0)).toEqual([]);
    expect(step(30)).toEqual([]); // bought more: re-armed
    expect(step(4)).toEqual(['1|STDQ']);
  });

  it('forgets apps that are gone and applies each app its own rule', () => {
    const c = detectCrossings(
      [app('1', 100, 8), app('2', 100, 8)],
      (id) => (id === '2' ? { percent: 0, minLeft: 2 } : DEFAULT_LOW_STOCK_RULE),
      ['9|STDQ'],
    );
    expect(c).toEqual({ crossed: ['1|STDQ'], low: ['1|STDQ'] });
  });
});
