/**
 * A part file read as bytes, row by row, without parsing it. Parts are
 * written one row per line (a JSON string cannot hold a raw newline, so a
 * line is exactly one row) and with their SHA-256 in the manifest: a file
 * whose bytes match is exactly what VPP Desk wrote, and its rows need no
 * checking. The sync's worker splices a change into a million-row part and
 * looks holders up this way in a fraction of a parse (~3 s at a million
 * rows, every time a deployment's assignments came back from Apple).
 *
 * Every function answers null when the file is not that (an older layout,
 * no digest, changed or lost since): the callers then read it the checked
 * way, which says what is wrong.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { partHead, PART_TAIL, type PartKind } from './snapshot-parts';

export interface PartLines {
  buf: Buffer;
  /** Offset of the first row's first byte. */
  first: number;
  /** Offset of the tail (the newline after the last row); first > end when there are no rows. */
  end: number;
}

/** A row's bytes [start, end), its trailing comma left out, and its first cell as JSON (`"adamId"`). */
export interface RowSpan {
  start: number;
  end: number;
  key: string;
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

export function readPartLines(file: string, collection: PartKind, sha256: string | undefined): PartLines | null {
  if (!sha256) return null;
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return null;
  }
  if (createHash('sha256').update(buf).digest('hex') !== sha256) return null;
  return partLayout(buf, collection);
}

/** Where a part's rows lie in its bytes, when they start with this version's head and end with its tail. */
export function partLayout(buf: Buffer, collection: PartKind): PartLines | null {
  const head = Buffer.from(`${partHead(collection)}\n`);
  const tail = Buffer.from(PART_TAIL);
  if (buf.length < head.length - 1 + tail.length) return null;
  if (!buf.subarray(0, head.length - 1).equals(head.subarray(0, head.length - 1))) return null;
  if (!buf.subarray(buf.length - tail.length).equals(tail)) return null;
  return { buf, first: head.length, end: buf.length - tail.length };
}

/** Rows whose first cell is one of `keys` (each JSON-encoded, as the row holds it), in file order. */
export function rowsStartingWith(lines: PartLines, keys: ReadonlySet<string>): RowSpan[] | null {
  // A few apps: the native search finds their lines (~40 ms per app per million rows);
  // more: one pass over every line (~300 ms per million rows).
  return keys.size <= 8 ? searchRows(lines, keys) : scanRows(lines, keys);
}

function searchRows({ buf, first, end }: PartLines, keys: ReadonlySet<string>): RowSpan[] {
  const out: RowSpan[] = [];
  for (const key of keys) {
    // The first row follows the head's newline as every other row follows its separator's.
    const pattern = Buffer.from(`\n[${key},`);
    for (let at = buf.indexOf(pattern, first - 1); at >= 0 && at < end; at = buf.indexOf(pattern, at + 1))
      out.push({ start: at + 1, end: rowEnd(buf, at + 1, end), key });
  }
  return out.sort((a, b) => a.start - b.start);
}

function scanRows({ buf, first, end }: PartLines, keys: ReadonlySet<string>): RowSpan[] | null {
  const out: RowSpan[] = [];
  for (let start = first; start <= end;) {
    const close = buf.indexOf(QUOTE, start + 2);
    // An escaped quote in the first cell: not a row this reader can cut (ids never hold one).
    if (close < 0 || buf[close - 1] === BACKSLASH) return null;
    const key = buf.toString('utf8', start + 1, close + 1);
    const stop = rowEnd(buf, start, end);
    if (keys.has(key)) out.push({ start, end: stop, key });
    start = buf.indexOf(NEWLINE, stop) + 1;
    if (start === 0) break;
  }
  return out;
}

/** Where the row starting at `start` ends: before its line's newline, and before its separator's comma. */
function rowEnd(buf: Buffer, start: number, end: number): number {
  const newline = buf.indexOf(NEWLINE, start);
  const stop = newline < 0 || newline > end ? end : newline;
  return buf[stop - 1] === COMMA ? stop - 1 : stop;
}

/**
 * The rows between `cut` rows (file order), each run as bytes joined by the
 * row separator, ready for PartStream.appendSpan.
 */
export function keptSpans({ buf, first, end }: PartLines, cut: readonly RowSpan[]): Buffer[] {
  if (first > end) return [];
  const out: Buffer[] = [];
  let from = first;
  const push = (a: number, b: number) => {
    // A run between two cut rows starts after one separator and ends before the next.
    if (buf[a] === COMMA && buf[a + 1] === NEWLINE) a += 2;
    if (b - a >= 2 && buf[b - 2] === COMMA && buf[b - 1] === NEWLINE) b -= 2;
    if (a < b) out.push(buf.subarray(a, b));
  };
  for (const row of cut) {
    push(from, row.start);
    from = row.end;
  }
  push(from, end);
  return out;
}
