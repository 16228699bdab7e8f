/**
 * Dates and numbers in the admin's own locale (undefined = the system's),
 * built once because Intl formatters are costly to create per table cell.
 */
const numberFmt = new Intl.NumberFormat(undefined);
const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relativeFmt = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function formatNumber(value: number): string {
  return numberFmt.format(value);
}

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDate(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? dateFmt.format(d) : '—';
}

export function formatDateTime(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? dateTimeFmt.format(d) : '—';
}

const STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "5 minutes ago", "yesterday": for facts an admin scans, with the full date in a tooltip. */
export function formatRelative(iso: string | null | undefined, now: number = Date.now()): string {
  const d = parse(iso);
  if (!d) return '—';
  let value = (d.getTime() - now) / 1000;
  if (Math.abs(value) < 45) return 'just now';
  for (const [unit, size] of STEPS) {
    // Compare the rounded value, so 59.7 minutes reads "1 hour ago", not "60 minutes ago".
    if (Math.abs(Math.round(value)) < size) return relativeFmt.format(Math.round(value), unit);
    value /= size;
  }
  return dateFmt.format(d);
}

const timeFmt = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const monthDayTimeFmt = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

/** Dense tables: the time alone for today, month and day this year, the date otherwise. */
export function formatCompact(iso: string | null | undefined, now: Date = new Date()): string {
  const d = parse(iso);
  if (!d) return '—';
  if (d.toDateString() === now.toDateString()) return timeFmt.format(d);
  if (d.getFullYear() === now.getFullYear()) return monthDayTimeFmt.format(d);
  return dateFmt.format(d);
}

export function plural(count: number, one: string, many: string): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

/** "245 days left", "1 day left", "expired 3 days ago". */
export function formatDaysLeft(days: number | null): string {
  if (days === null) return '—';
  if (days < 0) return `expired ${plural(-days, 'day', 'days')} ago`;
  if (days === 0) return 'expires today';
  return `${plural(days, 'day', 'days')} left`;
}
