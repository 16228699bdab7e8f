/**
 * An app's (or the organisation's) history as chart points, plus the words
 * that describe the chart to a screen reader. History holds one row per
 * sync that changed the counts; the chart draws steps between them and
 * carries the last value to "now", since nothing changed after it.
 */
import type { HistoryRow } from '../../shared/insight';

export interface UsagePoint {
  /** Milliseconds since the epoch (a numeric time axis keeps the spacing honest). */
  t: number;
  purchased: number;
  used: number;
}

export function usagePoints(
  rows: ReadonlyArray<Pick<HistoryRow, 'at' | 'purchased' | 'used'>>,
  now?: number,
): UsagePoint[] {
  const points = rows
    .map((r) => ({ t: Date.parse(r.at), purchased: r.purchased, used: r.used }))
    .filter((p) => Number.isFinite(p.t))
    .sort((a, b) => a.t - b.t);
  const last = points[points.length - 1];
  if (last && now !== undefined && now > last.t) points.push({ ...last, t: now });
  return points;
}

const dayFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** One sentence of what the chart shows, for its accessible description. */
export function describeUsage(points: readonly UsagePoint[]): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return 'No usage recorded yet: history starts with the first sync.';
  if (first === last || first.t === last.t)
    return `One recorded sync: ${last.used} of ${last.purchased} licenses used.`;
  const from = dayFmt.format(first.t);
  const to = dayFmt.format(last.t);
  return `From ${from} to ${to}, licenses used went from ${first.used} to ${last.used}; purchased went from ${first.purchased} to ${last.purchased}.`;
}

/** Time-axis ticks: dates across days, times within one day. */
export function tickFormatter(points: readonly UsagePoint[]): (t: number) => string {
  const first = points[0]?.t ?? 0;
  const last = points[points.length - 1]?.t ?? 0;
  const fmt =
    last - first > 36 * 3_600_000
      ? new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
      : new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
  return (t) => fmt.format(t);
}
