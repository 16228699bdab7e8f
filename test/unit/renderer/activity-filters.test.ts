import { describe, expect, it } from 'vitest';
import {
  activityFilterQuery,
  hasActivityFilters,
  NO_ACTIVITY_FILTERS,
  type ActivityFilters,
} from '../../../renderer/lib/activity-filters';

const NOW = Date.parse('2024-05-10T12:00:00.000Z');
const f = (patch: Partial<ActivityFilters>): ActivityFilters => ({ ...NO_ACTIVITY_FILTERS, ...patch });

describe('activityFilterQuery', () => {
  it('asks for everything when nothing is chosen', () => {
    expect(activityFilterQuery(NO_ACTIVITY_FILTERS, NOW)).toEqual({});
    expect(hasActivityFilters(NO_ACTIVITY_FILTERS)).toBe(false);
  });

  it('sends user, app, kind and source as core names them', () => {
    expect(
      activityFilterQuery(f({ user: ' u-7 ', app: '361309726', kind: 'license-failed', source: 'tray' }), NOW),
    ).toEqual({ clientUserId: 'u-7', adamId: '361309726', kind: 'license-failed', source: 'tray' });
  });

  it('counts a time range back from the moment given', () => {
    expect(activityFilterQuery(f({ range: '24h' }), NOW)).toEqual({ since: '2024-05-09T12:00:00.000Z' });
    expect(activityFilterQuery(f({ range: '7d' }), NOW)).toEqual({ since: '2024-05-03T12:00:00.000Z' });
    expect(activityFilterQuery(f({ range: '30d' }), NOW).since).toBe('2024-04-10T12:00:00.000Z');
  });

  it('treats blank text as no filter, but any chosen filter as filtered', () => {
    expect(activityFilterQuery(f({ user: '   ', app: '' }), NOW)).toEqual({});
    expect(hasActivityFilters(f({ user: '   ' }))).toBe(false);
    for (const patch of [{ user: 'u' }, { app: '1' }, { kind: 'sync' }, { source: 'cli' }, { range: '7d' }] as const)
      expect(hasActivityFilters(f(patch))).toBe(true);
  });
});
