/**
 * A part read without holding the event loop. readPartSync parses a whole
 * part in one call: at 200,000 assignments and 100,000 users that held the
 * window's thread for ~0.8 s when a deployment first read them, seconds at
 * a million. Here the file is read off the thread (libuv's pool) and its
 * rows decoded a slice at a time, with a turn of the event loop between
 * slices.
 *
 * Parts are written one row per line (part-lines.ts): a slice is a run of
 * whole lines, parsed as one JSON array. A file that is not exactly that
 * layout (older, hand-edited, cut) is read the checked way (parsePart), so
 * every problem is worded as readPartSync words it.
 */
import fs from 'node:fs/promises';
import { setImmediate as turn } from 'node:timers/promises';
import { Filling } from '../base';
import { partLayout } from './part-lines';
import { parsePart, rowsFromCells, type PartKind, type PartRead, type Rows } from './snapshot-parts';

/**
 * Rows decoded per slice: 3-6 ms each on this project's 2-core build machines (10,000 held the event loop
 * 25-50 ms a slice while the sync's or the deployment's other work shared the cores).
 */
export const READ_SLICE_ROWS = 2_000;

const NEWLINE = 0x0a;
const COMMA = 0x2c;

export interface ReadOptions {
  /** Rows per slice (READ_SLICE_ROWS). */
  sliceRows?: number;
  /** Bytes decoded at a time (PIECE_BYTES; tests make it small). */
  pieceBytes?: number;
  /** What runs between slices: a turn of the event loop (tests count them). */
  turn?: () => Promise<unknown>;
}

export async function readPart<C extends PartKind>(
  file: string,
  collection: C,
  options: ReadOptions = {},
): Promise<PartRead<C>> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', why: 'it could not be read' };
  }
  const slices = { rows: options.sliceRows ?? READ_SLICE_ROWS, pieceBytes: options.pieceBytes ?? PIECE_BYTES };
  const rows = await sliced(buf, collection, slices, options.turn ?? (() => turn()));
  return rows ? { kind: 'ok', rows } : parsePart(buf.toString('utf8'), collection);
}

/**
 * Bytes decoded and parsed at a time within a slice. V8 puts a string of more than 128 KB in its large-object
 * space, one allocation of its own each: a slice of 2,000 deployment rows (~256 KB) decoded at ~170 MB/s,
 * against ~6 GB/s in pieces of this size (a million rows read in 4.6-4.7 s in slices, 3.5-3.8 s in pieces).
 * A piece's text stays under that size even as two-byte characters (UTF-16), one row more at worst.
 */
export const PIECE_BYTES = 48 * 1024;

/** The rows, or null when the file is not a part in this version's layout or a slice does not decode. */
async function sliced<C extends PartKind>(
  buf: Buffer,
  collection: C,
  slices: { rows: number; pieceBytes: number },
  between: () => Promise<unknown>,
): Promise<Rows<C> | null> {
  const layout = partLayout(buf, collection);
  if (!layout) return null;
  const { first, end } = layout;
  // No rows: the head's newline is the tail's.
  if (first > end) return [] as unknown as Rows<C>;
  if (buf[first - 1] !== NEWLINE) return null;
  // Made at the length the first piece's bytes per row foretell (Filling): a million rows pushed one by one
  // held the window's thread ~55 ms at once at a deployment's start (the array copying itself to grow), ~41 ms so.
  let out: Filling<unknown> | null = null;
  for (let start = first; start < end;) {
    let stop = start;
    let piece = start;
    for (let n = 0; n < slices.rows && stop < end; n++) {
      const nl = buf.indexOf(NEWLINE, stop);
      stop = nl === -1 || nl >= end ? end : nl + 1;
      if (stop - piece < slices.pieceBytes && n < slices.rows - 1 && stop < end) continue;
      const rows = decodePiece(buf, collection, piece, stop, end);
      if (!rows) return null;
      out ??= new Filling(rows.length * ((end - first) / (stop - first)) * 1.05 + 16);
      for (const row of rows) out.add(row);
      piece = stop;
    }
    start = stop;
    if (start < end) await between();
  }
  return (out?.done() ?? []) as Rows<C>;
}

/** The rows of whole lines from..to; null when they do not decode. */
function decodePiece<C extends PartKind>(buf: Buffer, collection: C, from: number, to: number, end: number) {
  // Every piece but the last ends with the row separator (",\n"), which is cut before parsing.
  const last = to >= end;
  if (!last && buf[to - 2] !== COMMA) return null;
  const text = buf.toString('utf8', from, last ? end : to - 2);
  let cells: unknown;
  try {
    cells = JSON.parse(`[${text}]`);
  } catch {
    return null;
  }
  if (!Array.isArray(cells)) return null;
  const rows = rowsFromCells(collection, cells);
  return 'error' in rows ? null : rows;
}
