/**
 * The Activity page's filters (user, app, kind, source, time range) turned
 * into the query core answers, so the table, the count and the CSV file all
 * ask for the same rows.
 */
import type { ActivityKind, ActivitySource } from '../../shared/domain';

export type TimeRange = 'all' | '24h' | '7d' | '30d' | '90d';

export const TIME_RANGES: ReadonlyArray<{ value: TimeRange; label: string; hours: number | null }> = [
  { value: 'all', label: 'Any time', hours: null },
  { value: '24h', label: 'Last 24 hours', hours: 24 },
  { value: '7d', label: 'Last 7 days', hours: 7 * 24 },
  { value: '30d', label: 'Last 30 days', hours: 30 * 24 },
  { value: '90d', label: 'Last 90 days', hours: 90 * 24 },
];

export interface ActivityFilters {
  kind: ActivityKind | '';
  source: ActivitySource | '';
  /** A user's clientUserId, exact (core matches it exactly). */
  user: string;
  /** An app's adamId. */
  app: string;
  range: TimeRange;
}

export const NO_ACTIVITY_FILTERS: ActivityFilters = { kind: '', source: '', user: '', app: '', range: 'all' };

/** The filter part of an activity:query request; absent keys mean "any". */
export interface ActivityFilterQuery {
  kind?: ActivityKind;
  source?: ActivitySource;
  clientUserId?: string;
  adamId?: string;
  since?: string;
}

/**
 * `now` is passed in rather than read, so a range is fixed when the admin
 * picks it and tests need no clock.
 */
export function activityFilterQuery(filters: ActivityFilters, now: number): ActivityFilterQuery {
  const hours = TIME_RANGES.find((r) => r.value === filters.range)?.hours ?? null;
  const user = filters.user.trim();
  const app = filters.app.trim();
  return {
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.source ? { source: filters.source } : {}),
    ...(user ? { clientUserId: user } : {}),
    ...(app ? { adamId: app } : {}),
    ...(hours !== null ? { since: new Date(now - hours * 3_600_000).toISOString() } : {}),
  };
}

export function hasActivityFilters(filters: ActivityFilters): boolean {
  return (
    filters.kind !== '' ||
    filters.source !== '' ||
    filters.user.trim() !== '' ||
    filters.app.trim() !== '' ||
    filters.range !== 'all'
  );
}
