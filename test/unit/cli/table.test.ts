import { describe, expect, it } from 'vitest';
import { formatDate, table, type Column } from '../../../electron/cli/table';

interface Row {
  id: string;
  name: string;
  count: number | null;
}

const columns: ReadonlyArray<Column<Row>> = [
  { header: 'id', cell: (r) => r.id },
  { header: 'name', cell: (r) => r.name, max: 8 },
  { header: 'count', cell: (r) => r.count },
];

describe('table', () => {
  it('fits each column to its content, right-aligns numbers and cuts long cells with …', () => {
    const lines = table(
      [
        { id: 'a', name: 'Maps', count: 7 },
        { id: 'bcd', name: 'A very long app name', count: 1200 },
        { id: 'e', name: 'line\nbreak', count: null },
      ],
      columns,
      '(no rows)',
    );
    expect(lines).toEqual(['id   name      count', 'a    Maps          7', 'bcd  A very …   1200', 'e    line br…']);
  });

  it('prints only the empty message when there are no rows', () => {
    expect(table([], columns, '(no rows)')).toEqual(['(no rows)']);
  });
});

describe('formatDate', () => {
  it('prints minutes in UTC whatever the input zone, and a placeholder for null', () => {
    expect(formatDate('2026-11-30T15:05:59+01:00')).toBe('2026-11-30 14:05 UTC');
    expect(formatDate(null)).toBe('—');
    expect(formatDate(null, 'never')).toBe('never');
    expect(formatDate('not a date')).toBe('not a date');
  });
});
