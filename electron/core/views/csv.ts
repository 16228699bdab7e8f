/**
 * CSV export of what the admin is looking at, through csv-stringify. Every
 * cell leaves core: it passes the redaction, and text a spreadsheet would run
 * as a formula is neutralised. Large exports are made as steps (a batch of
 * rows per slice): a million deployment rows are ten million cells.
 */
import { stringify } from 'csv-stringify/sync';
import { safeCsvCell } from '../../../shared/csv-safe';
import { redact } from '../base';
import { inTurns, now, spent, type Steps } from './steps';

export function toCsv<T extends object>(rows: readonly T[], columns: ReadonlyArray<keyof T & string>): string {
  return now(csvSteps(rows, columns));
}

/** toCsv with a turn of the event loop between slices: what the window's exports use. */
export function csvInTurns<T extends object>(
  rows: readonly T[],
  columns: ReadonlyArray<keyof T & string>,
): Promise<string> {
  return inTurns(csvSteps(rows, columns));
}

/** Rows stringified at a time: csv-stringify takes ~5 µs a row here, so a batch is a few milliseconds. */
export const CSV_BATCH_ROWS = 512;

/** The CSV in batches of rows, each stringified on its own (the header with the first), yielding when spent. */
export function* csvSteps<T extends object>(
  rows: readonly T[],
  columns: ReadonlyArray<keyof T & string>,
): Steps<string> {
  const parts: string[] = [];
  const batchOf = (batch: string[][]) => stringify(batch, { header: parts.length === 0, columns: [...columns] });
  for (let start = 0; start < rows.length; start += CSV_BATCH_ROWS) {
    const batch: string[][] = [];
    for (let i = start; i < Math.min(rows.length, start + CSV_BATCH_ROWS); i++) {
      const row = rows[i] as T;
      batch.push(columns.map((c) => formatCell(row[c])));
    }
    parts.push(batchOf(batch));
    if (start + CSV_BATCH_ROWS < rows.length && spent()) yield;
  }
  if (parts.length === 0) parts.push(batchOf([]));
  return parts.join('');
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  // Numbers (counts) cannot hold a formula; a negative one stays a number.
  if (typeof value === 'number') return String(value);
  return safeCsvCell(redact(Array.isArray(value) ? value.join(' ') : String(value)));
}
