/**
 * A roster: the people and devices that should hold licenses, from a CSV or
 * text file exported from the directory or the MDM. A header row is
 * recognised by its column names (client user id, email, serial number);
 * without one, each value is classified by its look (an @ is an email,
 * an upper-case 8-14 character code with a digit is a serial number, the
 * rest are client user ids).
 */
import { parse } from 'csv-parse/sync';
import { VppError } from '../../../shared/errors';
import type { CachedRoster } from '../cache';

type Column = 'id' | 'email' | 'serial';

const HEADERS: ReadonlyArray<[RegExp, Column]> = [
  [/^(client ?user ?id|user ?id|username|user ?name|login|upn|userprincipalname|id)$/, 'id'],
  [/^(e-?mail|email ?address|mail|managed ?apple ?id)$/, 'email'],
  [/^(serial|serial ?number|serialnumber|device ?serial|sn)$/, 'serial'],
];

const SERIAL_LOOK = /^(?=.*\d)[A-Z0-9]{8,14}$/;

function columnOf(cell: string): Column | null {
  const name = cell
    .trim()
    .toLowerCase()
    .replace(/[_\-.]+/g, ' ')
    .replace(/\s+/g, ' ');
  for (const [re, col] of HEADERS) if (re.test(name) || re.test(name.replace(/ /g, ''))) return col;
  return null;
}

function classify(value: string): Column {
  if (value.includes('@')) return 'email';
  return SERIAL_LOOK.test(value) ? 'serial' : 'id';
}

export function parseRoster(text: string, fileName: string, now: string): CachedRoster {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      delimiter: [',', ';', '\t'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (err) {
    throw new VppError(
      'VALIDATION',
      `The roster "${fileName}" could not be read as CSV or text (${err instanceof Error ? err.message.split('\n')[0] : 'bad format'}).`,
    );
  }
  const [first = []] = records;
  const header = first.map(columnOf);
  const hasHeader = header.some((c) => c !== null);
  // Columns without a recognised header would be guesswork (names, departments read as ids).
  if (!hasHeader && records.some((r) => r.length > 1)) {
    throw new VppError(
      'VALIDATION',
      `The roster "${fileName}" has columns but none is named client user id, email or serial number: add a header row, or give one value a line.`,
    );
  }
  const ids = new Set<string>();
  const emails = new Set<string>();
  const serials = new Set<string>();
  const add = (col: Column, value: string) => {
    if (value === '') return;
    if (col === 'id') ids.add(value);
    else if (col === 'email') emails.add(value.toLowerCase());
    else serials.add(value.toUpperCase());
  };
  for (const row of hasHeader ? records.slice(1) : records) {
    row.forEach((cell, i) => {
      const value = cell.trim();
      if (hasHeader) {
        const col = header[i];
        if (col) add(col, value);
      } else add(classify(value), value);
    });
  }
  if (ids.size + emails.size + serials.size === 0) {
    throw new VppError(
      'VALIDATION',
      `The roster "${fileName}" names nobody: give client user ids, emails or serial numbers, one a line or in columns with a header.`,
    );
  }
  return { fileName, loadedAt: now, clientUserIds: [...ids], emails: [...emails], serialNumbers: [...serials] };
}

export function rosterSummary(roster: CachedRoster) {
  return {
    fileName: roster.fileName,
    loadedAt: roster.loadedAt,
    clientUserIds: roster.clientUserIds.length,
    emails: roster.emails.length,
    serialNumbers: roster.serialNumbers.length,
  };
}
