import { describe, expect, it } from 'vitest';
import { describeUsage, tickFormatter, usagePoints } from '../../../renderer/lib/usage-series';

const row = (at: string, purchased: number, used: number) => ({ at, purchased, used });

describe('usagePoints', () => {
  it('orders points by time and carries the last counts to now', () => {
    const now = Date.parse('2024-05-10T00:00:00.000Z');
    const points = usagePoints([row('2024-05-05T00:00:00.000Z', 50, 40), row('2024-05-01T00:00:00.000Z', 50, 30)], now);
    expect(points).toEqual([
      { t: Date.parse('2024-05-01T00:00:00.000Z'), purchased: 50, used: 30 },
      { t: Date.parse('2024-05-05T00:00:00.000Z'), purchased: 50, used: 40 },
      { t: now, purchased: 50, used: 40 },
    ]);
  });

  it('adds nothing when there is no history, or now is not later', () => {
    expect(usagePoints([], 1)).toEqual([]);
    expect(usagePoints([row('2024-05-05T00:00:00.000Z', 5, 1)], Date.parse('2024-05-01T00:00:00.000Z'))).toHaveLength(
      1,
    );
  });

  it('drops rows whose time cannot be read', () => {
    expect(usagePoints([row('not a time', 5, 1), row('2024-05-05T00:00:00.000Z', 5, 2)])).toEqual([
      { t: Date.parse('2024-05-05T00:00:00.000Z'), purchased: 5, used: 2 },
    ]);
  });
});

describe('describeUsage', () => {
  it('says what the chart shows in one sentence', () => {
    const text = describeUsage(
      usagePoints([row('2024-04-01T12:00:00.000Z', 50, 30), row('2024-05-01T12:00:00.000Z', 60, 45)]),
    );
    expect(text).toMatch(/^From .+ to .+, licenses used went from 30 to 45; purchased went from 50 to 60\.$/);
  });

  it('says when there is nothing or one sync to show', () => {
    expect(describeUsage([])).toMatch(/No usage recorded yet/);
    expect(describeUsage(usagePoints([row('2024-04-01T12:00:00.000Z', 50, 30)]))).toBe(
      'One recorded sync: 30 of 50 licenses used.',
    );
  });
});

describe('tickFormatter', () => {
  it('shows days across days and times within one', () => {
    const days = usagePoints([row('2024-04-01T12:00:00.000Z', 1, 1), row('2024-05-01T12:00:00.000Z', 1, 1)]);
    const hours = usagePoints([row('2024-04-01T09:00:00.000Z', 1, 1), row('2024-04-01T15:00:00.000Z', 1, 1)]);
    const t = Date.parse('2024-04-01T12:00:00.000Z');
    expect(tickFormatter(days)(t)).toBe(
      new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' }).format(t),
    );
    expect(tickFormatter(hours)(t)).toBe(
      new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(t),
    );
  });
});
