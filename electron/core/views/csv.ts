/**
 * CSV export of what the admin is looking at, through csv-stringify. Every
 * cell leaves core: it passes the redaction, and text a spreadsheet would run
 * as a formula is neutralised.
 */
import { stringify } from 'csv-stringify/sync';
import { safeCsvCell } from '../../../shared/csv-safe';
import { redact } from '../base';

export function toCsv<T extends object>(rows: readonly T[], columns: ReadonlyArray<keyof T & string>): string {
  return stringify(
    rows.map((row) => columns.map((c) => formatCell(row[c]))),
    { header: true, columns: [...columns] },
  );
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  // Numbers (counts) cannot hold a formula; a negative one stays a number.
  if (typeof value === 'number') return String(value);
  return safeCsvCell(redact(Array.isArray(value) ? value.join(' ') : String(value)));
}
