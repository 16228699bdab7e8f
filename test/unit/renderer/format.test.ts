/**
 * format.ts formats in the system's locale on purpose, so expectations are
 * built from the same locale rather than hard-coded English; the time zone
 * is pinned to UTC before the module creates its formatters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const previousTz = process.env.TZ;
process.env.TZ = 'UTC';
type Format = typeof import('../../../renderer/lib/format');
let fmt: Format;

beforeAll(async () => {
  fmt = await import('../../../renderer/lib/format');
});

afterAll(() => {
  if (previousTz === undefined) delete process.env.TZ;
  else process.env.TZ = previousTz;
});

const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const group = new Intl.NumberFormat(undefined).formatToParts(1234567).find((p) => p.type === 'group')?.value;

const NOW = Date.parse('2024-06-15T18:00:00.000Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('formatNumber and plural', () => {
  it('groups thousands with the locale separator', () => {
    expect(group).toBeDefined();
    expect(fmt.formatNumber(1234567)).toBe(`1${group}234${group}567`);
    expect(fmt.formatNumber(999)).toBe('999');
    expect(fmt.formatNumber(0)).toBe('0');
  });

  it('uses the singular only for exactly one', () => {
    expect(fmt.plural(1, 'user', 'users')).toBe('1 user');
    expect(fmt.plural(0, 'user', 'users')).toBe('0 users');
    expect(fmt.plural(2, 'user', 'users')).toBe('2 users');
    expect(fmt.plural(12000, 'license', 'licenses')).toBe(`12${group}000 licenses`);
  });
});

describe('formatDaysLeft', () => {
  it('says how long the token has left, or how long ago it expired', () => {
    expect(fmt.formatDaysLeft(245)).toBe('245 days left');
    expect(fmt.formatDaysLeft(1)).toBe('1 day left');
    expect(fmt.formatDaysLeft(0)).toBe('expires today');
    expect(fmt.formatDaysLeft(-1)).toBe('expired 1 day ago');
    expect(fmt.formatDaysLeft(-3)).toBe('expired 3 days ago');
    expect(fmt.formatDaysLeft(1500)).toBe(`1${group}500 days left`);
  });

  it('shows a dash when the expiry is unknown', () => {
    expect(fmt.formatDaysLeft(null)).toBe('—');
  });
});

describe('formatRelative', () => {
  it('says "just now" within 45 seconds either way', () => {
    expect(fmt.formatRelative(ago(0), NOW)).toBe('just now');
    expect(fmt.formatRelative(ago(44 * SECOND), NOW)).toBe('just now');
    expect(fmt.formatRelative(ago(-44 * SECOND), NOW)).toBe('just now');
  });

  it('picks the largest unit that fits, past and future', () => {
    expect(fmt.formatRelative(ago(50 * SECOND), NOW)).toBe(rtf.format(-50, 'second'));
    expect(fmt.formatRelative(ago(5 * MINUTE), NOW)).toBe(rtf.format(-5, 'minute'));
    expect(fmt.formatRelative(ago(3 * HOUR), NOW)).toBe(rtf.format(-3, 'hour'));
    expect(fmt.formatRelative(ago(DAY), NOW)).toBe(rtf.format(-1, 'day'));
    expect(fmt.formatRelative(ago(-3 * DAY), NOW)).toBe(rtf.format(3, 'day'));
    expect(fmt.formatRelative(ago(90 * DAY), NOW)).toBe(rtf.format(-3, 'month'));
    expect(fmt.formatRelative(ago(800 * DAY), NOW)).toBe(rtf.format(-2, 'year'));
  });

  it('rounds to the nearest unit', () => {
    expect(fmt.formatRelative(ago(5 * MINUTE + 40 * SECOND), NOW)).toBe(rtf.format(-6, 'minute'));
    expect(fmt.formatRelative(ago(2 * HOUR + 10 * MINUTE), NOW)).toBe(rtf.format(-2, 'hour'));
  });

  it('moves up a unit instead of rounding to "60 minutes" or "24 hours"', () => {
    expect(fmt.formatRelative(ago(59 * SECOND + 800), NOW)).toBe(rtf.format(-1, 'minute'));
    expect(fmt.formatRelative(ago(59 * MINUTE + 40 * SECOND), NOW)).toBe(rtf.format(-1, 'hour'));
    expect(fmt.formatRelative(ago(23 * HOUR + 45 * MINUTE), NOW)).toBe(rtf.format(-1, 'day'));
    expect(fmt.formatRelative(ago(-(23 * HOUR + 45 * MINUTE)), NOW)).toBe(rtf.format(1, 'day'));
  });

  it('shows a dash for a missing or unreadable date', () => {
    expect(fmt.formatRelative(null, NOW)).toBe('—');
    expect(fmt.formatRelative(undefined, NOW)).toBe('—');
    expect(fmt.formatRelative('', NOW)).toBe('—');
    expect(fmt.formatRelative('not a date', NOW)).toBe('—');
  });
});

describe('formatDate and formatDateTime', () => {
  const iso = '2023-03-05T13:47:00.000Z';

  it('shows the date, with the time only in formatDateTime', () => {
    const date = fmt.formatDate(iso);
    const dateTime = fmt.formatDateTime(iso);
    expect(date).toBe(
      new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso)),
    );
    expect(date).toContain('2023');
    expect(date).not.toContain('47');
    expect(dateTime).toContain('2023');
    expect(dateTime).toContain('47');
  });

  it('shows a dash for a missing or unreadable date', () => {
    for (const value of [null, undefined, '', 'soon']) {
      expect(fmt.formatDate(value)).toBe('—');
      expect(fmt.formatDateTime(value)).toBe('—');
    }
  });
});

describe('formatCompact', () => {
  const now = new Date(NOW);

  it('shows only the time for today', () => {
    const text = fmt.formatCompact('2024-06-15T09:47:00.000Z', now);
    expect(text).toBe(
      new Intl.DateTimeFormat(undefined, { timeStyle: 'short', timeZone: 'UTC' }).format(
        new Date('2024-06-15T09:47:00.000Z'),
      ),
    );
    expect(text).not.toContain('2024');
  });

  it('shows month, day and time earlier this year, without the year', () => {
    const text = fmt.formatCompact('2024-02-03T09:47:00.000Z', now);
    expect(text).toContain('47');
    expect(text).not.toContain('2024');
    expect(text).not.toBe(fmt.formatCompact('2024-06-15T09:47:00.000Z', now));
  });

  it('shows the date with its year for other years', () => {
    const text = fmt.formatCompact('2023-12-31T09:47:00.000Z', now);
    expect(text).toBe(fmt.formatDate('2023-12-31T09:47:00.000Z'));
    expect(text).toContain('2023');
  });

  it('shows a dash for a missing date', () => {
    expect(fmt.formatCompact(null, now)).toBe('—');
  });
});
