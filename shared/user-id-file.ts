/**
 * User ids from a CSV or text file, read the same way by the window and the
 * CLI: a real CSV parser (quotes, "Smith, John" stays one cell, a BOM, ; or
 * tab separators), a header row recognised by its column names, and
 * invisible characters refused with their line number (a zero-width space in
 * an id would register a user nobody can see is different).
 * Pure and browser-safe: csv-parse's browser build.
 */
import { parse } from 'csv-parse/browser/esm/sync';
import { findInvisible } from './invisible';

/** Larger user files are refused before they are read. */
export const MAX_USER_FILE_BYTES = 50 * 1024 * 1024;
export const MAX_ID_LENGTH = 256;

/** Header names of the id column, compared lower-case. */
export const ID_HEADERS = [
  'clientuserid',
  'client_user_id',
  'client user id',
  'userid',
  'user_id',
  'user id',
  'user',
  'id',
];
/** Other column names of user lists (our own exports, Apple's, directories'): a first row of them is a header. */
const OTHER_HEADERS = [
  'email',
  'e-mail',
  'mail',
  'name',
  'full name',
  'first name',
  'last name',
  'status',
  'termsstatus',
  'terms status',
  'inviteurl',
  'invite url',
  'managedappleid',
  'managed apple id',
  'adamid',
  'pricingparam',
  'state',
  'reason',
];

export interface ParsedIds {
  ids: string[];
  /** Entries dropped as too long. */
  invalid: number;
}

/** A file refused for what it contains; the message names the line. */
export class UserFileError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'UserFileError';
  }
}

/** Throws UserFileError naming the first line holding an invisible character. */
export function assertNoInvisible(text: string): void {
  const found = findInvisible(text);
  if (!found) return;
  const line = text.slice(0, found.index).split('\n').length;
  throw new UserFileError(
    `Line ${line} contains an invisible character (${found.codePoint}). Remove it (retype the line) and try again.`,
    line,
  );
}

const norm = (cell: string) => cell.trim().toLowerCase();

/** `idHeaders`: the names of the id column (lower-case); user ids by default. */
export function parseIdFile(input: string, idHeaders: readonly string[] = ID_HEADERS): ParsedIds {
  const text = input.replace(/^\uFEFF/, '');
  assertNoInvisible(text);
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const delimiter = [',', ';', '\t'].find((s) => firstLine.includes(s)) ?? ',';
  let rows: string[][];
  try {
    rows = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (err) {
    const line = typeof err === 'object' && err !== null && 'lines' in err ? Number(err.lines) : 0;
    throw new UserFileError(`Line ${line} could not be read as CSV: ${(err as Error).message}`, line);
  }
  const first = rows[0];
  if (!first) return { ids: [], invalid: 0 };
  const header = first.map(norm);
  const column = header.findIndex((h) => idHeaders.includes(h));
  const isHeader = column >= 0 || header.some((h) => OTHER_HEADERS.includes(h));
  const data = isHeader ? rows.slice(1) : rows;
  const ids: string[] = [];
  let invalid = 0;
  for (const row of data) {
    const id = (row[Math.max(0, column)] ?? '').trim();
    if (id === '') continue;
    if (id.length > MAX_ID_LENGTH) invalid++;
    else ids.push(id);
  }
  return { ids, invalid };
}
