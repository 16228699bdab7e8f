/**
 * Usage history, kept compact: per app (appKey) a list of points, one per
 * sync that changed its counts, oldest first. Two years are kept; the
 * newest point of an app always stays, since it is still the app's state.
 */
import { appKey } from '../../../shared/keys';
import { due, type Steps } from '../views';
import type { PricingParam } from '../../../shared/domain';
import type { HistoryRow } from '../../../shared/insight';

/** [seconds since the epoch, purchased, used, available] */
export type Point = readonly [number, number, number, number];
export type Series = Record<string, Point[]>;

export const KEEP_DAYS = 730;
const DAY_S = 86_400;

export interface AssetCounts {
  adamId: string;
  pricingParam: PricingParam;
  totalCount: number;
  assignedCount: number;
  availableCount: number;
}

export const secondsOf = (date: Date): number => Math.floor(date.getTime() / 1000);

/**
 * Appends a point for each app whose counts differ from its last one; returns how many were added. Steps
 * (views' steps.ts): a first sync of 10,000 apps adds 10,000 keys, and recording and trimming in one call
 * held the window's thread ~25 ms at the end of that sync.
 */
export function* recordCounts(series: Series, assets: readonly AssetCounts[], now: Date): Steps<number> {
  const t = secondsOf(now);
  let added = 0;
  for (let i = 0; i < assets.length; i++) {
    if (due(i)) yield;
    const a = assets[i] as AssetCounts;
    const key = appKey(a.adamId, a.pricingParam);
    const points = (series[key] ??= []);
    const last = points[points.length - 1];
    if (last && last[1] === a.totalCount && last[2] === a.assignedCount && last[3] === a.availableCount) continue;
    points.push([t, a.totalCount, a.assignedCount, a.availableCount]);
    added++;
  }
  return added;
}

/** Drops points older than keepDays, keeping each app's newest; returns how many were dropped (steps). */
export function* trimHistory(series: Series, now: Date, keepDays = KEEP_DAYS): Steps<number> {
  const cutoff = secondsOf(now) - keepDays * DAY_S;
  let dropped = 0;
  let i = 0;
  for (const key in series) {
    if (due(i++)) yield;
    const points = series[key] as Point[];
    const firstKept = points.findIndex((p) => p[0] >= cutoff);
    const from = firstKept === -1 ? points.length - 1 : firstKept;
    if (from > 0) {
      points.splice(0, from);
      dropped += from;
    }
  }
  return dropped;
}

/** The app's counts at a time: its last point at or before it. */
export function pointAt(points: readonly Point[], t: number): Point | undefined {
  let found: Point | undefined;
  for (const p of points) {
    if (p[0] > t) break;
    found = p;
  }
  return found;
}

export function splitKey(key: string): { adamId: string; pricingParam: PricingParam } {
  const [adamId = '', pricingParam] = key.split('|');
  return { adamId, pricingParam: pricingParam === 'PLUS' ? 'PLUS' : 'STDQ' };
}

export function toRow(key: string, p: Point): HistoryRow {
  return {
    at: new Date(p[0] * 1000).toISOString(),
    ...splitKey(key),
    purchased: p[1],
    used: p[2],
    available: p[3],
  };
}

/** Rows oldest first (then by app), optionally for one app. */
export function historyRows(
  series: Series,
  filter: { adamId?: string; pricingParam?: PricingParam } = {},
): HistoryRow[] {
  const rows: HistoryRow[] = [];
  for (const [key, points] of Object.entries(series)) {
    const app = splitKey(key);
    if (filter.adamId && app.adamId !== filter.adamId) continue;
    if (filter.pricingParam && app.pricingParam !== filter.pricingParam) continue;
    for (const p of points) rows.push(toRow(key, p));
  }
  return rows.sort((a, b) => a.at.localeCompare(b.at) || a.adamId.localeCompare(b.adamId));
}
