import { describe, expect, it } from 'vitest';
import { forecast } from '../../../../electron/core/insight/forecast';
import type { Point } from '../../../../electron/core/insight/history';

const DAY_S = 86_400;
const T0 = Date.parse('2026-03-01T00:00:00Z') / 1000;
const p = (day: number, used: number, purchased = 100): Point => [T0 + day * DAY_S, purchased, used, purchased - used];
const on = (day: number) => new Date((T0 + day * DAY_S) * 1000);

describe('forecast', () => {
  it('says when there is too little history', () => {
    expect(forecast([], on(0))).toMatchObject({ trend: 'unknown', runsOutInDays: null, buyToLast: null });
    const f = forecast([p(0, 10), p(3, 16)], on(3));
    expect(f.trend).toBe('unknown');
    expect(f.runOutWords).toBe('Too little history to tell (needs 7 days of syncs, has 3)');
    expect(f.buyWords).toMatch(/Too little history/);
  });

  it('runs out at the pace of the last 30 days and says how many to buy for 90', () => {
    // 2 a day for 10 days: 60 used, 40 left -> 20 days; 90 days need 180, so buy 140.
    const points = Array.from({ length: 11 }, (_, d) => p(d, 40 + 2 * d));
    const f = forecast(points, on(10));
    expect(f).toMatchObject({ trend: 'depleting', perDay: 2, runsOutInDays: 20, buyToLast: 140 });
    expect(f.runOutWords).toBe('Runs out in about 20 days');
    expect(f.buyWords).toBe('Buy 140 more to last 90 days');
  });

  it('looks only at the last 30 days', () => {
    // Fast use long ago, then nothing for 40 days: stable.
    const f = forecast([p(0, 0), p(20, 80), p(25, 80)], on(65));
    expect(f).toMatchObject({ trend: 'stable', runsOutInDays: null, buyToLast: 0 });
    expect(f.runOutWords).toBe('Stable: no net use in the last 30 days');
    expect(f.buyWords).toBe('Enough for 90 days');
  });

  it('is stable when licenses come back, and out when none are left', () => {
    expect(forecast([p(0, 50), p(10, 30)], on(10)).trend).toBe('stable');
    const out = forecast([p(0, 70), p(10, 100)], on(10));
    expect(out).toMatchObject({ trend: 'out', runsOutInDays: 0, buyToLast: 270, runOutWords: 'Out of licenses now' });
  });
});
