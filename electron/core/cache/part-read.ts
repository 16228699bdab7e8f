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
  const rows = await sliced(buf, collection, options.sliceRows ?? READ_SLICE_ROWS, options.turn ?? (() => turn()));
  return rows ? { kind: 'ok', rows } : parsePart(buf.toString('utf8'), collection);
}

/** The rows, or null when the file is not a part in this version's layout or a slice does not decode. */
async function sliced<C extends PartKind>(
  buf: Buffer,
  collection: C,
  sliceRows: number,
  between: () => Promise<unknown>,
): Promise<Rows<C> | null> {
  const layout = partLayout(buf, collection);
  if (!layout) return null;
  const { first, end } = layout;
  // No rows: the head's newline is the tail's.
  if (first > end) return [] as unknown as Rows<C>;
  if (buf[first - 1] !== NEWLINE) return null;
  const out: unknown[] = [];
  for (let start = first; start < end;) {
    let stop = start;
    for (let n = 0; n < sliceRows && stop < end; n++) {
      const nl = buf.indexOf(NEWLINE, stop);
      stop = nl === -1 || nl >= end ? end : nl + 1;
    }
    // Every slice but the last ends with the row separator (",\n"), which is cut before parsing.
    const last = stop >= end;
    if (!last && buf[stop - 2] !== COMMA) return null;
    const text = buf.toString('utf8', start, last ? end : stop - 2);
    let cells: unknown;
    try {
      cells = JSON.parse(`[${text}]`);
    } catch {
      return null;
    }
    if (!Array.isArray(cells)) return null;
    const rows = rowsFromCells(collection, cells);
    if ('error' in rows) return null;
    for (const row of rows) out.push(row);
    start = stop;
    if (!last) await between();
  }
  return out as Rows<C>;
}
