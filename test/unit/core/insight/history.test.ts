import { describe, expect, it } from 'vitest';
import {
  historyRows,
  KEEP_DAYS,
  recordCounts,
  trimHistory,
  type Series,
} from '../../../../electron/core/insight/history';
import { inTurns, now, setSliceMs } from '../../../../electron/core/views/steps';

const DAY = 86_400_000;
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (days: number) => new Date(t0.getTime() + days * DAY);
const asset = (assigned: number, total = 50) => ({
  adamId: '7',
  pricingParam: 'STDQ' as const,
  totalCount: total,
  assignedCount: assigned,
  availableCount: total - assigned,
});

describe('usage history', () => {
  it('records a point only when an app’s counts changed', () => {
    const series: Series = {};
    expect(now(recordCounts(series, [asset(1)], at(0)))).toBe(1);
    expect(now(recordCounts(series, [asset(1)], at(1)))).toBe(0);
    expect(now(recordCounts(series, [asset(3)], at(2)))).toBe(1);
    expect(now(recordCounts(series, [asset(3, 60)], at(3)))).toBe(1);
    expect(historyRows(series)).toEqual([
      { at: at(0).toISOString(), adamId: '7', pricingParam: 'STDQ', purchased: 50, used: 1, available: 49 },
      { at: at(2).toISOString(), adamId: '7', pricingParam: 'STDQ', purchased: 50, used: 3, available: 47 },
      { at: at(3).toISOString(), adamId: '7', pricingParam: 'STDQ', purchased: 60, used: 3, available: 57 },
    ]);
  });

  it('keeps two years, and always the newest point of an app', () => {
    const series: Series = {};
    now(recordCounts(series, [asset(1)], at(0)));
    now(recordCounts(series, [asset(2)], at(10)));
    now(recordCounts(series, [asset(3)], at(400)));
    expect(now(trimHistory(series, at(KEEP_DAYS + 15)))).toBe(2); // days 0 and 10 fall out, day 400 stays
    expect(historyRows(series).map((r) => r.used)).toEqual([3]);
    expect(now(trimHistory(series, at(5000)))).toBe(0); // the only point is the app's state: kept
    expect(historyRows(series)).toHaveLength(1);
  });

  it('filters rows by app', () => {
    const series: Series = {};
    now(recordCounts(series, [asset(1), { ...asset(1), adamId: '8' }], at(0)));
    expect(historyRows(series, { adamId: '8' }).map((r) => r.adamId)).toEqual(['8']);
  });

  it('records and trims in slices (it runs at the end of a sync, in the process that answers the window)', async () => {
    const before = setSliceMs(0);
    try {
      const series: Series = {};
      const apps = Array.from({ length: 5000 }, (_, i) => ({ ...asset(1), adamId: String(i) }));
      let turns = 0;
      const between = async () => void turns++;
      expect(await inTurns(recordCounts(series, apps, at(0)), between)).toBe(5000);
      // Checked every 1,024 apps: four yields for 5,000.
      expect(turns).toBe(4);
      turns = 0;
      now(
        recordCounts(
          series,
          apps.map((a) => ({ ...a, assignedCount: 2 })),
          at(10),
        ),
      );
      expect(await inTurns(trimHistory(series, at(KEEP_DAYS + 5)), between)).toBe(5000);
      expect(turns).toBe(4);
    } finally {
      setSliceMs(before);
    }
  });
});
