/**
 * The deployment rows' changes since their part was written, appended to a
 * file of their own (the part's "changes"): one line per row changed or
 * added, `[index, ...cells]` in DEPLOYMENT_COLUMNS order. A deployment
 * changes a few thousand rows in a handful of writes; rewriting a million
 * rows took 4-7 s a write (one that resumed 200,000 interrupted rows ran for
 * minutes and left 53 parts of 128 MB on disk).
 *
 * Crash-safe as the parts are: the main file names the changes file with
 * the length and SHA-256 of what was committed. An append that a crash cut
 * short lies past that length: it is never read, and the next append cuts
 * it off before writing. A changes file whose committed bytes no longer
 * match their digest is unreadable, as a part would be.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DEPLOYMENT_COLUMNS } from './snapshot-codec';
import { SNAPSHOT_PREFIX } from './snapshot-name';
import { rowsFromCells } from './snapshot-parts';
import type { CachedDeployment } from './schema';

/** A changes file as the main file names it: what was committed of it. */
export interface ChangesRef {
  file: string;
  /** Lines committed (rows changed or added, counted once per write). */
  rows: number;
  bytes: number;
  sha256: string;
}

const CHANGES_NAME = /^vpp-desk-snapshot-\d+-[0-9a-f]+\.deployments\.changes\.jsonl$/;

export function isChangesName(name: string): boolean {
  return CHANGES_NAME.test(name);
}

export function newChangesName(): string {
  return `${SNAPSHOT_PREFIX}${Date.now()}-${randomBytes(4).toString('hex')}.deployments.changes.jsonl`;
}

/** A row's line: its index in the list (the list's length for a row added), then its cells. */
export function changeLine(index: number, row: CachedDeployment): string {
  const cells = row as unknown as Record<string, unknown>;
  return `${JSON.stringify([index, ...DEPLOYMENT_COLUMNS.map((c) => cells[c] ?? null)])}\n`;
}

export type ChangesRead = { kind: 'ok'; bytes: Buffer } | { kind: 'missing' } | { kind: 'unreadable'; why: string };

/** The committed bytes, checked against their digest. */
function checked(bytes: Buffer, ref: ChangesRef): ChangesRead {
  if (bytes.length < ref.bytes) return { kind: 'unreadable', why: 'its changes file was cut short' };
  const digest = createHash('sha256').update(bytes).digest('hex');
  return digest === ref.sha256 ? { kind: 'ok', bytes } : { kind: 'unreadable', why: 'its changes file was altered' };
}

function failed(err: unknown): ChangesRead {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
  return { kind: 'unreadable', why: 'its changes file could not be read' };
}

// Read whole and cut at the committed length: past it lies at most what a failed append left.
export function readChangesSync(dir: string, ref: ChangesRef): ChangesRead {
  try {
    return checked(readFileSync(path.join(dir, ref.file)).subarray(0, ref.bytes), ref);
  } catch (err) {
    return failed(err);
  }
}

export async function readChanges(dir: string, ref: ChangesRef): Promise<ChangesRead> {
  try {
    return checked((await fs.readFile(path.join(dir, ref.file))).subarray(0, ref.bytes), ref);
  } catch (err) {
    return failed(err);
  }
}

/**
 * Applies committed lines to the part's rows, in place and in order: a line at the list's length adds a row,
 * one below it replaces that row. A problem in words, or null.
 */
export function applyChanges(rows: CachedDeployment[], bytes: Buffer): string | null {
  const text = bytes.toString('utf8');
  const indices: number[] = [];
  const cells: unknown[] = [];
  for (let start = 0; start < text.length;) {
    const end = text.indexOf('\n', start);
    if (end === -1) return 'its changes file ends inside a line';
    let line: unknown;
    try {
      line = JSON.parse(text.slice(start, end));
    } catch {
      return 'its changes file holds a line that is not JSON';
    }
    start = end + 1;
    const index: unknown = Array.isArray(line) ? line[0] : undefined;
    if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0)
      return 'its changes file holds a line that names no row';
    indices.push(index);
    cells.push((line as unknown[]).slice(1));
  }
  // Checked as a part's rows are, all at once.
  const decoded = rowsFromCells('deployments', cells);
  if ('error' in decoded) return `its changes file holds a row that is not valid (${decoded.error})`;
  for (let k = 0; k < indices.length; k++) {
    const index = indices[k] as number;
    if (index > rows.length) return 'its changes file names a row that is not there';
    rows[index] = decoded[k] as CachedDeployment;
  }
  return null;
}

/**
 * Appends lines after the first `from` bytes of the file (created when `from` is 0), synced to disk: bytes past
 * `from` are a cut-short append's and are cut off first. `hash` holds the digest state of those `from` bytes;
 * it takes the new bytes only once they are on disk.
 */
export async function appendChanges(
  dir: string,
  file: string,
  from: number,
  lines: readonly string[],
  hash: Hash,
): Promise<{ bytes: number; sha256: string }> {
  const data = Buffer.from(lines.join(''));
  const handle = await fs.open(path.join(dir, file), from === 0 ? 'w' : 'r+', 0o600);
  try {
    await handle.truncate(from);
    let put = 0;
    while (put < data.length) put += (await handle.write(data, put, data.length - put, from + put)).bytesWritten;
    await handle.sync();
  } finally {
    await handle.close();
  }
  hash.update(data);
  return { bytes: from + data.length, sha256: hash.copy().digest('hex') };
}
